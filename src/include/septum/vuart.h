/* SPDX-License-Identifier: MIT */
/*
 * The cell's virtual PL011 (src/core/vuart.c): the emulation entry point the
 * cell's MMIO dispatch (cell_mmio()) calls for accesses to the console page.
 * struct vuart, its state, lives in each struct cell (septum/cell.h).
 */
#ifndef SEPTUM_VUART_H
#define SEPTUM_VUART_H

#include <septum/types.h>

struct cell;

/*
 * Emulate a guest access of @size bytes (1, 2 or 4, naturally aligned) at
 * offset @off of @c's console page; a write takes *@val, a read sets it.
 * Returns false, doing nothing, for any other size or a misaligned access.
 */
bool vuart_access(struct cell *c, uint64_t off, bool write, unsigned int size, uint64_t *val);

#endif
