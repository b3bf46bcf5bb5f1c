/* SPDX-License-Identifier: MIT */
/*
 * Data cache maintenance by virtual address to the Point of Coherency, for
 * data that another CPU reads with its MMU (and so its caches) still off.
 */
#ifndef ASM_CACHE_H
#define ASM_CACHE_H

#include <septum/types.h>

/* Clean and invalidate [start, start + size) to the PoC. */
void cache_clean_inval_range(const void *start, size_t size);

#endif
