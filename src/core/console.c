// SPDX-License-Identifier: MIT
/*
 * The hypervisor console. Starts on the platform's early UART and moves to
 * the device tree's stdout-path UART once it is probed and mapped. Output
 * is serialized by a lock once the MMU is on (spinlocks need it).
 */
#include <septum/console.h>
#include <septum/plat.h>
#include <septum/spinlock.h>
#include <septum/string.h>
#include <septum/uart.h>

static const struct uart_driver *console_drv;
static uintptr_t console_base;
static bool console_locking;
static spinlock_t console_lock = SPINLOCK_INIT;

extern const struct uart_driver *const __start_septum_uart_drivers[];
extern const struct uart_driver *const __stop_septum_uart_drivers[];

const struct uart_driver *uart_find_driver(const char *compatible)
{
	/* Both bounds come from the linker, around one section. */
	// cppcheck-suppress comparePointers
	for (const struct uart_driver *const *d = __start_septum_uart_drivers; d < __stop_septum_uart_drivers;
	     d++)
		for (const char *const *c = (*d)->compatible; *c; c++)
			if (!strcmp(*c, compatible))
				return *d;
	return NULL;
}

void console_init_early(void)
{
	console_drv = plat_desc.early_uart;
	console_base = plat_desc.early_uart_base;
}

void console_set_uart(const struct uart_driver *drv, uintptr_t base)
{
	drv->init(base);
	if (console_locking)
		spin_lock(&console_lock);
	console_drv = drv;
	console_base = base;
	if (console_locking)
		spin_unlock(&console_lock);
	console_locking = true;
}

void console_write_unlocked(const char *s, size_t len)
{
	if (!console_drv)
		return;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			console_drv->putc(console_base, '\r');
		console_drv->putc(console_base, s[i]);
	}
}

int console_getc(void)
{
	return console_drv && console_drv->getc ? console_drv->getc(console_base) : -1;
}

bool console_rx_irq_enable(void)
{
	if (!console_drv || !console_drv->rx_irq_enable || !console_locking)
		return false; /* still on the early UART, or a driver without interrupts */
	console_drv->rx_irq_enable(console_base, true);
	return true;
}

void console_rx_irq_ack(void)
{
	if (console_drv && console_drv->rx_irq_ack)
		console_drv->rx_irq_ack(console_base);
}

void console_write(const char *s, size_t len)
{
	if (!console_locking) {
		console_write_unlocked(s, len);
		return;
	}
	spin_lock(&console_lock);
	console_write_unlocked(s, len);
	spin_unlock(&console_lock);
}
