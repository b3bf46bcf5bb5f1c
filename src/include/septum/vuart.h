/* SPDX-License-Identifier: MIT */
/*
 * The cell's virtual PL011 (src/core/vuart.c): the emulation entry point the
 * cell's MMIO dispatch (cell_mmio()) calls for accesses to the console page,
 * the receive path the console input feeds, and the interrupt line it
 * drives. struct vuart, its state, lives in each struct cell (septum/cell.h).
 */
#ifndef SEPTUM_VUART_H
#define SEPTUM_VUART_H

#include <septum/types.h>

struct cell;

/* Back to the PL011's reset state (cell start, PSCI SYSTEM_RESET); lowers the line. */
void vuart_reset(struct cell *c);

/*
 * Emulate a guest access of @size bytes (1, 2 or 4, naturally aligned) at
 * offset @off of @c's console page; a write takes *@val, a read sets it.
 * Returns false, doing nothing, for any other size or a misaligned access.
 */
bool vuart_access(struct cell *c, uint64_t off, bool write, unsigned int size, uint64_t *val);

/*
 * A byte typed for @c: into its receive FIFO or, while that is full, into
 * the backlog behind it (VUART_BACKLOG_MAX bytes), which refills the FIFO
 * as the guest reads it: the board console delivers a pasted line at once,
 * faster than any guest empties a 32-byte FIFO, and a real sender would be
 * held back by flow control. Returns false, counting it in rx_dropped, when
 * the backlog is full too (an overrun, as the PL011 reports it) or the
 * guest has not enabled the receiver. Any CPU; never blocks for long.
 */
bool vuart_receive(struct cell *c, uint8_t ch);

/*
 * What the vUART needs from the cell (src/core/cell.c; a fake in the unit
 * tests): its interrupt line, raised when UARTMIS becomes non-zero and
 * lowered when it becomes zero. Called with the vUART's lock held.
 */
void cell_console_irq(struct cell *c, bool level);

#endif
