// SPDX-License-Identifier: MIT
/*
 * The virtual PL011 every cell may have. Guest writes to UARTDR are
 * collected into lines and printed on the board console tagged with the
 * cell's name, so several cells share one physical UART and every line
 * says whose it is; bytes typed on the board console for the cell (the
 * console input focus, src/core/console_input.c) fill its receive FIFO.
 * Terminal control sequences are dropped, other non-printing bytes shown
 * as '?'. A backlog behind the FIFO holds what does not fit yet (a pasted line)
 * and refills it as the guest reads, as flow control would hold it back.
 * The receive, receive-timeout, transmit and overrun interrupts drive the
 * cell's console interrupt line (a virtual SPI) so that Linux's amba-pl011
 * driver runs on it as on the real part.
 *
 * Registers, reset values and ID values: ARM DDI 0183G (PL011 r1p5 TRM),
 * 3.2 (summary) and 3.3 (descriptions); FIFOs: 2.4.3; interrupts: 2.8.
 * Transmission is instantaneous: the transmit FIFO is always empty.
 */
#include <septum/cell.h>
#include <septum/console.h>
#include <septum/string.h>
#include <septum/vuart.h>

#define UARTDR 0x000
#define UARTRSR 0x004 /* read: UARTRSR; write: UARTECR */
#define UARTFR 0x018
#define UARTILPR 0x020
#define UARTIBRD 0x024
#define UARTFBRD 0x028
#define UARTLCR_H 0x02c
#define UARTCR 0x030
#define UARTIFLS 0x034
#define UARTIMSC 0x038
#define UARTRIS 0x03c
#define UARTMIS 0x040
#define UARTICR 0x044
#define UARTDMACR 0x048
#define UARTPERIPHID0 0xfe0
#define UARTPCELLID3 0xffc

#define UARTDR_DATA 0xffU
#define UARTRSR_OE BIT(3)
#define UARTFR_BUSY BIT(3)
#define UARTFR_RXFE BIT(4)
#define UARTFR_TXFF BIT(5)
#define UARTFR_RXFF BIT(6)
#define UARTFR_TXFE BIT(7)
#define UARTLCR_H_FEN BIT(4)
#define UARTCR_UARTEN BIT(0)
#define UARTCR_TXE BIT(8)
#define UARTCR_RXE BIT(9)
#define UARTIFLS_TX_SHIFT 0
#define UARTIFLS_RX_SHIFT 3
#define UARTIFLS_SEL_MASK 0x7U
/* UARTRIS/MIS/IMSC/ICR bits (3.3.13-3.3.16). */
#define UART_INT_RX BIT(4)
#define UART_INT_TX BIT(5)
#define UART_INT_RT BIT(6)
#define UART_INT_OE BIT(10)

/* Implemented bits of each register kept as written (reserved ones read zero). */
#define UARTILPR_MASK 0xffU
#define UARTIBRD_MASK 0xffffU
#define UARTFBRD_MASK 0x3fU
#define UARTLCR_H_MASK 0xffU
#define UARTCR_MASK 0xff87U
#define UARTIFLS_MASK 0x3fU
#define UARTIMSC_MASK 0x7ffU

/* Reset values (3.2, table 3-1). */
#define UARTCR_RESET (UARTCR_TXE | UARTCR_RXE)
#define UARTIFLS_RESET 0x12U /* both trigger levels at 1/2 */

/* A trigger-level selection: 1/8, 1/4, 1/2, 3/4, 7/8 of the FIFO (3.3.12); reserved codes: 7/8. */
#define UART_LEVEL_CODES 5
static const uint8_t level_eighths[UART_LEVEL_CODES] = { 1, 2, 4, 6, 7 };

/* UARTPeriphID0..3 and UARTPCellID0..3, in register order from 0xfe0 (r1p5: revision 3). */
static const uint8_t pl011_id[8] = { 0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

static unsigned int fifo_depth(const struct vuart *u)
{
	return (u->lcr_h & UARTLCR_H_FEN) ? VUART_FIFO_DEPTH : 1; /* FIFOs off: a holding register */
}

static unsigned int rx_level(const struct vuart *u)
{
	unsigned int sel = (u->ifls >> UARTIFLS_RX_SHIFT) & UARTIFLS_SEL_MASK;

	if (!(u->lcr_h & UARTLCR_H_FEN))
		return 1;
	return VUART_FIFO_DEPTH * level_eighths[MIN(sel, UART_LEVEL_CODES - 1)] / 8;
}

/*
 * Raw interrupt status. Receive: the FIFO at or above its trigger level;
 * receive timeout: characters waiting below it (the timeout is taken as
 * expired at once: no more characters are on their way). Transmit: the
 * FIFO, always empty, is at or below any level. Overrun: latched.
 */
static uint32_t ris(const struct vuart *u)
{
	uint32_t r = UART_INT_TX | u->ris_latched;

	if (u->rx_count >= rx_level(u))
		r |= UART_INT_RX;
	else if (u->rx_count)
		r |= UART_INT_RT;
	return r;
}

/* The interrupt line follows UARTMIS; the caller holds the lock. */
static void update_irq(struct cell *c)
{
	struct vuart *u = &c->vuart;
	bool level = (ris(u) & u->imsc) != 0;

	if (level != u->irq_level) {
		u->irq_level = level;
		cell_console_irq(c, level);
	}
}

static void vuart_flush(struct cell *c)
{
	struct vuart *u = &c->vuart;
	char out[VUART_LINE_MAX + CFG_NAME_MAX + 8];
	int n = snprintf(out, sizeof(out), "[%s] %.*s\n", c->cfg->name, (int)u->len, u->line);

	console_write(out, (size_t)MIN(n, (int)sizeof(out) - 1));
	u->len = 0;
}

#define ASCII_ESC 0x1b
/* ECMA-48 5.3, 5.4 and ECMA-35: ESC and one byte 0x30-0x7e ('[' opens a
 * CSI), and a CSI's parameter and intermediate bytes (0x20-0x3f) up to its
 * final byte (0x40-0x7e). */
#define ESC_FINAL_FIRST 0x30
#define ESC_FINAL_LAST 0x7e
#define CSI_PARAM_FIRST 0x20
#define CSI_PARAM_LAST 0x3f
#define CSI_FINAL_LAST 0x7e

static void vuart_put(struct cell *c, char ch)
{
	struct vuart *u = &c->vuart;

	/* Keep the console readable: non-printing bytes become '?'. */
	u->line[u->len++] = (ch >= 0x20 && ch < 0x7f) || ch == '\t' ? ch : '?';
	if (u->len == VUART_LINE_MAX)
		vuart_flush(c);
}

/*
 * Terminal control sequences (a shell's cursor query and moves, colours)
 * are dropped: on the shared board terminal they would act for whichever
 * cell sent them. True when @c belongs to one; an ESC that starts none
 * stays visible as '?'.
 */
static bool vuart_escape(struct cell *cell, char c)
{
	struct vuart *u = &cell->vuart;
	unsigned char ch = (unsigned char)c;

	switch (u->esc) {
	case VUART_ESC_SEEN:
		u->esc = ch == '[' ? VUART_ESC_CSI : VUART_ESC_NONE;
		if (ch >= ESC_FINAL_FIRST && ch <= ESC_FINAL_LAST)
			return true;
		vuart_put(cell, ASCII_ESC); /* a lone ESC; @c is a byte of its own */
		return false;
	case VUART_ESC_CSI:
		if (ch >= CSI_PARAM_FIRST && ch <= CSI_FINAL_LAST) {
			if (ch > CSI_PARAM_LAST)
				u->esc = VUART_ESC_NONE;
			return true;
		}
		u->esc = VUART_ESC_NONE; /* cut short: @c is a byte of its own */
		return false;
	default:
		if (ch != ASCII_ESC)
			return false;
		u->esc = VUART_ESC_SEEN;
		return true;
	}
}

static void vuart_tx(struct cell *c, char ch)
{
	if (vuart_escape(c, ch))
		return;
	if (ch == '\r')
		return;
	if (ch == '\n') {
		vuart_flush(c);
		return;
	}
	vuart_put(c, ch);
}

static void rx_push(struct vuart *u, uint8_t ch)
{
	u->rx[(u->rx_head + u->rx_count) % VUART_FIFO_DEPTH] = ch;
	u->rx_count++;
}

static uint32_t rx_pop(struct vuart *u)
{
	uint32_t ch;

	if (!u->rx_count)
		return 0;
	ch = u->rx[u->rx_head];
	u->rx_head = (u->rx_head + 1) % VUART_FIFO_DEPTH;
	u->rx_count--;
	/* The backlog's oldest byte takes the place just freed. */
	if (u->backlog_count && u->rx_count < fifo_depth(u)) {
		rx_push(u, u->backlog[u->backlog_head]);
		u->backlog_head = (u->backlog_head + 1) % VUART_BACKLOG_MAX;
		u->backlog_count--;
	}
	return ch; /* error bits 11:8 all clear: the byte arrived intact */
}

static uint32_t flags(const struct vuart *u)
{
	uint32_t fr = UARTFR_TXFE; /* transmit: always empty, never full or busy */

	if (!u->rx_count)
		fr |= UARTFR_RXFE;
	if (u->rx_count >= fifo_depth(u))
		fr |= UARTFR_RXFF;
	return fr;
}

/* A register kept as written, with its implemented bits; NULL if @off is not one. */
static uint32_t *plain_reg(struct vuart *u, uint64_t off, uint32_t *mask)
{
	switch (off) {
	case UARTILPR:
		*mask = UARTILPR_MASK;
		return &u->ilpr;
	case UARTIBRD:
		*mask = UARTIBRD_MASK;
		return &u->ibrd;
	case UARTFBRD:
		*mask = UARTFBRD_MASK;
		return &u->fbrd;
	case UARTLCR_H:
		*mask = UARTLCR_H_MASK;
		return &u->lcr_h;
	case UARTCR:
		*mask = UARTCR_MASK;
		return &u->cr;
	case UARTIFLS:
		*mask = UARTIFLS_MASK;
		return &u->ifls;
	case UARTIMSC:
		*mask = UARTIMSC_MASK;
		return &u->imsc;
	default:
		return NULL;
	}
}

static uint32_t reg_read(struct vuart *u, uint64_t off)
{
	uint32_t mask;
	const uint32_t *reg = plain_reg(u, off, &mask);

	if (reg)
		return *reg;
	switch (off) {
	case UARTDR:
		return rx_pop(u);
	case UARTRSR:
		return u->rsr;
	case UARTFR:
		return flags(u);
	case UARTRIS:
		return ris(u);
	case UARTMIS:
		return ris(u) & u->imsc;
	default:
		if (off >= UARTPERIPHID0 && off <= UARTPCELLID3 && (off & 3) == 0)
			return pl011_id[(off - UARTPERIPHID0) / 4];
		return 0; /* ICR (write-only), DMACR (no DMA), reserved */
	}
}

static void reg_write(struct cell *c, uint64_t off, uint32_t v)
{
	struct vuart *u = &c->vuart;
	uint32_t mask;
	uint32_t *reg = plain_reg(u, off, &mask);

	if (reg) {
		*reg = v & mask;
		return;
	}
	switch (off) {
	case UARTDR:
		/*
		 * Sent whatever UARTCR says: a guest's early console (Linux's
		 * earlycon) expects firmware to have enabled the UART and never
		 * writes UARTCR; dropping its output would hide its boot log.
		 */
		vuart_tx(c, (char)(v & UARTDR_DATA));
		break;
	case UARTRSR: /* UARTECR: any write clears the errors */
		u->rsr = 0;
		break;
	case UARTICR:
		u->ris_latched &= ~v; /* the level-type ones come back while their condition holds */
		break;
	default:
		break; /* read-only, DMACR (RAZ/WI), reserved */
	}
}

void vuart_reset(struct cell *c)
{
	struct vuart *u = &c->vuart;

	spin_lock(&u->lock);
	u->len = 0;
	u->ilpr = u->ibrd = u->fbrd = u->lcr_h = u->imsc = 0;
	u->cr = UARTCR_RESET;
	u->ifls = UARTIFLS_RESET;
	u->rsr = u->ris_latched = 0;
	u->rx_head = u->rx_count = 0;
	u->backlog_head = u->backlog_count = 0;
	u->esc = VUART_ESC_NONE;
	u->rx_dropped = 0;
	update_irq(c);
	spin_unlock(&u->lock);
}

bool vuart_receive(struct cell *c, uint8_t ch)
{
	struct vuart *u = &c->vuart;
	bool ok = false;

	spin_lock(&u->lock);
	if ((u->cr & (UARTCR_UARTEN | UARTCR_RXE)) != (UARTCR_UARTEN | UARTCR_RXE)) {
		u->rx_dropped++; /* nobody listening */
	} else if (u->rx_count < fifo_depth(u) && !u->backlog_count) {
		rx_push(u, ch);
		ok = true;
	} else if (u->backlog_count < VUART_BACKLOG_MAX) {
		u->backlog[(u->backlog_head + u->backlog_count) % VUART_BACKLOG_MAX] = ch;
		u->backlog_count++;
		ok = true;
	} else {
		u->rx_dropped++; /* overrun: the byte is lost, the PL011 says so (3.3.2) */
		u->rsr |= UARTRSR_OE;
		u->ris_latched |= UART_INT_OE;
	}
	update_irq(c);
	spin_unlock(&u->lock);
	return ok;
}

/*
 * The PL011 sits on APB, which has no byte strobes: a narrow read returns
 * its lanes of the whole register, a narrow write at the register's offset
 * writes the register (Linux's amba-pl011 driver uses 16-bit accesses, its
 * earlycon 8-bit ones). Writes to the upper lanes of a register are ignored.
 */
bool vuart_access(struct cell *c, uint64_t off, bool write, unsigned int size, uint64_t *val)
{
	unsigned int lane = (unsigned int)(off & 3);
	uint64_t mask;

	if ((size != 1 && size != 2 && size != 4) || (off & (size - 1)))
		return false;
	mask = size == 4 ? 0xffffffffULL : (1ULL << (8 * size)) - 1;
	spin_lock(&c->vuart.lock);
	if (write) {
		if (lane == 0)
			reg_write(c, off, (uint32_t)(*val & mask));
	} else if (lane == 0 || off - lane != UARTDR) {
		*val = ((uint64_t)reg_read(&c->vuart, off - lane) >> (8 * lane)) & mask;
	} else {
		*val = 0; /* the upper lanes of UARTDR: the error bits, without popping a byte */
	}
	update_irq(c);
	spin_unlock(&c->vuart.lock);
	return true;
}
