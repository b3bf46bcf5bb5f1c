// SPDX-License-Identifier: MIT
/*
 * The virtual PL011 every cell may have (first version: polled transmit,
 * no receive, no interrupts). Guest writes to UARTDR are collected into
 * lines and printed on the board console tagged with the cell's name, so
 * several cells share one physical UART and every line says whose it is.
 * Registers and ID values: ARM DDI 0183 (PL011 TRM), 3.2 and 3.3.
 */
#include <septum/cell.h>
#include <septum/console.h>
#include <septum/string.h>
#include <septum/vuart.h>

#define UARTDR 0x000
#define UARTRSR 0x004
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

#define UARTFR_RXFE (1U << 4)
#define UARTFR_TXFE (1U << 7)

/* UARTPeriphID0..3 and UARTPCellID0..3, in register order from 0xfe0. */
static const uint8_t pl011_id[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

static void vuart_flush(struct cell *c)
{
	struct vuart *u = &c->vuart;
	char out[VUART_LINE_MAX + CFG_NAME_MAX + 8];
	int n = snprintf(out, sizeof(out), "[%s] %.*s\n", c->cfg->name, (int)u->len, u->line);

	console_write(out, (size_t)MIN(n, (int)sizeof(out) - 1));
	u->len = 0;
}

static void vuart_tx(struct cell *c, char ch)
{
	struct vuart *u = &c->vuart;

	if (ch == '\r')
		return;
	if (ch == '\n') {
		vuart_flush(c);
		return;
	}
	/* Keep the console readable: non-printing bytes become '?'. */
	u->line[u->len++] = (ch >= 0x20 && ch < 0x7f) || ch == '\t' ? ch : '?';
	if (u->len == VUART_LINE_MAX)
		vuart_flush(c);
}

/* One access to the 32-bit register at word offset @off; the caller holds the lock. */
static void vuart_reg(struct cell *c, uint64_t off, bool write, uint64_t *val)
{
	struct vuart *u = &c->vuart;
	uint32_t *reg = NULL;

	switch (off) {
	case UARTDR:
		if (write)
			vuart_tx(c, (char)(*val & 0xff));
		else
			*val = 0;
		break;
	case UARTFR:
		if (!write)
			*val = UARTFR_TXFE | UARTFR_RXFE;
		break;
	case UARTIBRD:
		reg = &u->ibrd;
		break;
	case UARTFBRD:
		reg = &u->fbrd;
		break;
	case UARTLCR_H:
		reg = &u->lcr_h;
		break;
	case UARTCR:
		reg = &u->cr;
		break;
	case UARTIFLS:
		reg = &u->ifls;
		break;
	case UARTIMSC:
		reg = &u->imsc;
		break;
	default:
		if (!write && off >= UARTPERIPHID0 && off <= UARTPCELLID3 && (off & 3) == 0)
			*val = pl011_id[(off - UARTPERIPHID0) / 4];
		else if (!write)
			*val = 0; /* RSR, ILPR, RIS, MIS, DMACR: nothing pending */
		break;
	}
	if (reg) {
		if (write)
			*reg = (uint32_t)*val;
		else
			*val = *reg;
	}
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
	uint64_t mask, v;

	if ((size != 1 && size != 2 && size != 4) || (off & (size - 1)))
		return false;
	mask = size == 4 ? 0xffffffffULL : (1ULL << (8 * size)) - 1;
	spin_lock(&c->vuart.lock);
	if (write) {
		v = *val & mask;
		if (lane == 0)
			vuart_reg(c, off, true, &v);
	} else {
		v = 0;
		vuart_reg(c, off - lane, false, &v);
		*val = (v >> (8 * lane)) & mask;
	}
	spin_unlock(&c->vuart.lock);
	return true;
}
