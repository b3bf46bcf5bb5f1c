/* SPDX-License-Identifier: MIT */
/*
 * What a board port provides beyond its device tree: its name and the UART
 * used before the device tree has been read (early boot, wrong-EL report).
 * One small file per board in src/plat/<board>/ defines plat_desc.
 */
#ifndef SEPTUM_PLAT_H
#define SEPTUM_PLAT_H

#include <septum/types.h>
#include <septum/uart.h>

struct plat_desc {
	const char *name;
	const struct uart_driver *early_uart;
	uintptr_t early_uart_base; /* physical; the boot map keeps it identity mapped */
};

extern const struct plat_desc plat_desc;

#endif
