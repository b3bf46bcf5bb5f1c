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

/*
 * Input (src/core/console_input.c): the board UART's receive interrupt
 * @intid (0: none) taken on the boot CPU, its bytes given to the cell that
 * has the input focus. After cells_init(), boot CPU.
 */
void console_input_start(uint32_t intid);
/* A byte typed on the board console: the focus keys, or the focused cell's. */
void console_input_byte(uint8_t ch);
/* One received byte from the board UART, or -1 when none waits. */
int console_getc(void);
/* The board UART's receive interrupt: on (false: not available), and acknowledged. */
bool console_rx_irq_enable(void);
void console_rx_irq_ack(void);

#endif
