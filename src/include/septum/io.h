/* SPDX-License-Identifier: MIT */
/* MMIO accessors: single-copy atomic, never merged or reordered by the compiler. */
#ifndef SEPTUM_IO_H
#define SEPTUM_IO_H

#include <septum/types.h>

static inline uint32_t mmio_read32(uintptr_t addr)
{
	return *(volatile uint32_t *)addr;
}

static inline void mmio_write32(uintptr_t addr, uint32_t v)
{
	*(volatile uint32_t *)addr = v;
}

#endif
