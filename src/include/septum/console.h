/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor console: the board UART named by /chosen/stdout-path, with
 * the platform's early UART before the device tree has been read.
 */
#ifndef SEPTUM_CONSOLE_H
#define SEPTUM_CONSOLE_H

#include <septum/types.h>

struct uart_driver;

/* Use the platform's early UART (MMU off or on, identity mapped). */
void console_init_early(void);
/* Switch to a probed UART at a mapped address. */
void console_set_uart(const struct uart_driver *drv, uintptr_t base);
/* Write one complete line or fragment, serialized against other CPUs. */
void console_write(const char *s, size_t len);
/* Write without taking the lock: for reports from a CPU that may hold it. */
void console_write_unlocked(const char *s, size_t len);

#endif
