// SPDX-License-Identifier: MIT
/*
 * QEMU's "virt" board. Everything else comes from the device tree QEMU
 * generates; the PL011 at 0x09000000 is the console before it is read.
 */
#include <septum/plat.h>

extern const struct uart_driver pl011_driver;

const struct plat_desc plat_desc = {
	.name = "qemu-virt",
	.early_uart = &pl011_driver,
	.early_uart_base = 0x09000000,
};
