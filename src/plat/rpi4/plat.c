// SPDX-License-Identifier: MIT
/*
 * The Raspberry Pi 4 (BCM2711). Everything else comes from the device tree
 * the firmware (or QEMU's raspi4b) hands over; before it is read, the
 * console is the mini-UART, where the firmware's armstub and config.txt's
 * enable_uart=1 leave it. Address: BCM2711 ARM Peripherals, 1.2 and 2.1
 * (the "low peripheral" mode maps VideoCore bus 0x7e215040 to 0xfe215040).
 */
#include <septum/plat.h>

#define RPI4_MINI_UART_BASE 0xfe215040UL

extern const struct uart_driver bcm2835_aux_uart_driver;

const struct plat_desc plat_desc = {
	.name = "rpi4",
	.early_uart = &bcm2835_aux_uart_driver,
	.early_uart_base = RPI4_MINI_UART_BASE,
};
