// SPDX-License-Identifier: MIT
/*
 * Console test mode of the test guest: its virtual PL011 driven by
 * interrupts, as an interrupt-driven driver (Linux's amba-pl011) does,
 * through the cell's virtual GIC (bootargs gic=2|3):
 *   mode=uart [lines=N] [ms=T] [intid=33]
 *       first a line sent by the transmit interrupt (one byte per
 *       interrupt, TXIM off after the last): "TEST uart-tx PASS" when each
 *       byte took one interrupt; then "uart-rx: ready", and each line
 *       received (receive and receive-timeout interrupts, FIFOs on) is
 *       echoed as "echo: LINE"; "TEST uart-rx PASS" after N lines, FAIL if
 *       they have not come within T ms.
 * Registers: ARM DDI 0183 (PL011 TRM), 3.2.
 */
#include <septum/string.h>

#include "testguest.h"

#define UART_DR 0x000
#define UART_FR 0x018
#define UART_LCR_H 0x02c
#define UART_CR 0x030
#define UART_IMSC 0x038
#define UART_MIS 0x040
#define UART_ICR 0x044
#define UART_FR_RXFE (1U << 4)
#define UART_LCR_H_FEN (1U << 4)
#define UART_LCR_H_WLEN8 (3U << 5)
#define UART_CR_ON 0x301 /* UARTEN, TXE, RXE */
#define UART_INT_RX (1U << 4)
#define UART_INT_TX (1U << 5)
#define UART_INT_RT (1U << 6)
#define UART_DATA 0xffU
#define UART_INTID_DEFAULT 33 /* QEMU virt's PL011: SPI 1 */
#define UART_PRIO 0x80
#define LINE_MAX 64

static const char tx_msg[] = "sent by the transmit interrupt\n";
static uintptr_t uart;
static uint32_t uart_intid;
static volatile uint32_t tx_irqs, tx_pos, rx_irqs, lines, strays;
static char line[LINE_MAX];
static unsigned int line_len;

static void w32(uintptr_t a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

static uint32_t r32(uintptr_t a)
{
	return *(volatile uint32_t *)a;
}

static void rx_byte(char c)
{
	if (c != '\r' && c != '\n') {
		if (line_len < LINE_MAX - 1)
			line[line_len++] = c;
		return;
	}
	if (!line_len)
		return;
	line[line_len] = '\0';
	line_len = 0;
	guest_printf("echo: %s\n", line);
	lines++;
}

static void uart_handler(uint32_t intid)
{
	uint32_t mis;

	if (intid != uart_intid) {
		strays++;
		return;
	}
	mis = r32(uart + UART_MIS);
	if (mis & (UART_INT_RX | UART_INT_RT)) {
		rx_irqs++;
		w32(uart + UART_ICR, UART_INT_RX | UART_INT_RT);
		while (!(r32(uart + UART_FR) & UART_FR_RXFE))
			rx_byte((char)(r32(uart + UART_DR) & UART_DATA));
	}
	if (mis & UART_INT_TX) {
		tx_irqs++;
		if (tx_msg[tx_pos])
			w32(uart + UART_DR, (uint8_t)tx_msg[tx_pos++]);
		else
			w32(uart + UART_IMSC, r32(uart + UART_IMSC) & ~UART_INT_TX); /* all sent */
	}
}

/*
 * Sleep until *@v reaches @n (bumped by the interrupt handler) or @ms pass.
 * The check and the WFI run with IRQs masked, so an interrupt that arrives
 * between them is not lost: WFI wakes on it even masked (Arm ARM D1.6.2),
 * and unmasking then takes it. The deadline is looked at whenever an
 * interrupt wakes the vCPU.
 */
static bool wait_until(volatile uint32_t *v, uint32_t n, uint64_t ms)
{
	uint64_t end = guest_counter() + ms * guest_counter_freq() / 1000;

	for (;;) {
		irq_mask();
		if (*v >= n || guest_counter() >= end)
			break;
		__asm__ volatile("wfi");
		irq_unmask();
	}
	irq_unmask();
	return *v >= n;
}

static void uart_test(const char *args)
{
	uint32_t want = (uint32_t)guest_arg_num(args, "lines", 1);
	uint64_t ms = guest_arg_num(args, "ms", 20000);
	uint32_t len = (uint32_t)strlen(tx_msg);

	uart = (uintptr_t)guest_arg_num(args, "uart", 0x09000000UL);
	uart_intid = (uint32_t)guest_arg_num(args, "intid", UART_INTID_DEFAULT);
	guest_irq_handler = uart_handler;
	w32(uart + UART_LCR_H, UART_LCR_H_FEN | UART_LCR_H_WLEN8);
	w32(uart + UART_CR, UART_CR_ON);
	gic_enable_irq(uart_intid, UART_PRIO);
	irq_unmask();

	w32(uart + UART_IMSC, UART_INT_TX); /* the FIFO is empty: the first interrupt comes at once */
	wait_until(&tx_irqs, len + 1, 2000);
	guest_delay_us(10000);
	guest_test("uart-tx", tx_pos == len && tx_irqs == len + 1 && !strays,
		   "%u bytes by %u transmit interrupts, %u other interrupts", tx_pos, tx_irqs, strays);

	w32(uart + UART_IMSC, UART_INT_RX | UART_INT_RT);
	guest_puts("uart-rx: ready\n");
	wait_until(&lines, want, ms);
	guest_test("uart-rx", lines == want && !strays, "%u of %u lines by %u receive interrupts, %u others",
		   lines, want, rx_irqs, strays);
}

bool uart_mode(const char *mode, const char *args)
{
	int version;

	if (strcmp(mode, "uart"))
		return false;
	version = gic_setup(args);
	if (version != 2 && version != 3) {
		guest_test(mode, false, "bootargs need gic=2 or gic=3");
		return true;
	}
	uart_test(args);
	return true;
}
