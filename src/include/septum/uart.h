/* SPDX-License-Identifier: MIT */
/*
 * UART drivers. Each driver file registers itself in a linker section with
 * UART_DRIVER(); the board build fragment decides which files are linked,
 * and the console picks the driver whose compatible string matches the
 * device tree's stdout-path node.
 */
#ifndef SEPTUM_UART_H
#define SEPTUM_UART_H

#include <septum/types.h>

struct uart_driver {
	const char *name;
	const char *const *compatible; /* NULL-terminated */
	void (*init)(uintptr_t base);
	void (*putc)(uintptr_t base, char c);
	/* Returns a received byte, or -1 when none is waiting. */
	int (*getc)(uintptr_t base);
	/*
	 * The receive interrupt: on or off (asserted while received bytes
	 * wait), and acknowledged, before getc() empties the receiver (a byte
	 * arriving meanwhile asserts it again).
	 */
	void (*rx_irq_enable)(uintptr_t base, bool on);
	void (*rx_irq_ack)(uintptr_t base);
};

#define UART_DRIVER(drv)                                             \
	static const struct uart_driver *const uart_driver_ptr_##drv \
		__attribute__((used, section("septum_uart_drivers"))) = &drv

/* The driver matching a device-tree compatible string, or NULL. */
const struct uart_driver *uart_find_driver(const char *compatible);

#endif
