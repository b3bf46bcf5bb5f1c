// SPDX-License-Identifier: MIT
/*
 * Host tests for the cell's virtual PL011 (src/core/vuart.c): flag and ID
 * register reads, reset values, registers kept as written, unknown
 * offsets, access sizes and lanes, how transmitted bytes become console
 * lines tagged with the cell's name, the receive FIFO, the interrupt
 * status registers and the interrupt line. console_write() and
 * cell_console_irq() are provided here and capture what the vUART does.
 */
/* UNIT-SOURCES: src/core/vuart.c */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#include <septum/cell.h>
#include <septum/console.h>
#include <septum/vuart.h>

/* PL011 register offsets and flag bits (ARM DDI 0183, 3.2 and 3.3). */
#define DR 0x000
#define RSR 0x004
#define FR 0x018
#define ILPR 0x020
#define IBRD 0x024
#define FBRD 0x028
#define LCR_H 0x02c
#define CR 0x030
#define IFLS 0x034
#define IMSC 0x038
#define RIS 0x03c
#define MIS 0x040
#define ICR 0x044
#define DMACR 0x048
#define PERIPHID0 0xfe0
#define FR_RXFE (1U << 4)
#define FR_TXFE (1U << 7)
#define FR_TXFF (1U << 5)
#define FR_BUSY (1U << 3)
#define FR_RXFF (1U << 6)
#define LCR_H_FEN (1U << 4)
#define CR_ENABLED 0x301 /* UARTEN, TXE, RXE */
#define INT_RX (1U << 4)
#define INT_TX (1U << 5)
#define INT_RT (1U << 6)
#define INT_OE (1U << 10)
#define RSR_OE (1U << 3)
#define FIFO 32

/* Everything console_write() received, in order. */
static char captured[8192];
static size_t captured_len;
static unsigned int write_count;

void console_write(const char *s, size_t len)
{
	assert_true(captured_len + len < sizeof(captured));
	memcpy(captured + captured_len, s, len);
	captured_len += len;
	captured[captured_len] = '\0';
	write_count++;
}

/* The console interrupt line as the vUART drives it, and how often it changed. */
static bool line_level;
static unsigned int line_changes;

void cell_console_irq(struct cell *c, bool level)
{
	(void)c;
	assert_true(level != line_level); /* only changes are signalled */
	line_level = level;
	line_changes++;
}

/* The spinlock's polling hint: never reached single-threaded (host.c may also have one). */
__attribute__((weak)) void arch_cpu_relax(void)
{
}

struct vuart_test {
	struct cfg_cell cfg;
	struct cell cell;
};

static int setup(void **state)
{
	struct vuart_test *t = calloc(1, sizeof(*t));

	if (!t)
		return -1;
	strcpy(t->cfg.name, "alpha");
	t->cfg.console = true;
	t->cell.cfg = &t->cfg;
	captured_len = 0;
	captured[0] = '\0';
	write_count = 0;
	line_level = false;
	line_changes = 0;
	vuart_reset(&t->cell);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

static uint64_t rd(struct cell *c, uint64_t off, unsigned int size)
{
	uint64_t v = 0xdeadbeefcafef00dULL;

	assert_true(vuart_access(c, off, false, size, &v));
	return v;
}

static void wr(struct cell *c, uint64_t off, unsigned int size, uint64_t v)
{
	assert_true(vuart_access(c, off, true, size, &v));
}

static void puts_vuart(struct cell *c, const char *s)
{
	while (*s)
		wr(c, DR, 4, (unsigned char)*s++);
}

/* ------------------------------------------------------------ registers */

static void test_flag_register(void **state)
{
	struct vuart_test *t = *state;
	uint64_t fr = rd(&t->cell, FR, 4);

	/* Transmit FIFO empty, never full or busy; receive FIFO empty. */
	assert_int_equal(fr, FR_TXFE | FR_RXFE);
	assert_false(fr & (FR_TXFF | FR_BUSY));
	wr(&t->cell, FR, 4, 0xffff); /* read-only: writes change nothing */
	assert_int_equal(rd(&t->cell, FR, 4), FR_TXFE | FR_RXFE);
}

static void test_id_registers(void **state)
{
	struct vuart_test *t = *state;
	/* PeriphID0..3: part 0x011, designer 0x41 (Arm), revision 3 (r1p5: 32-entry FIFOs); PCellID0..3: 0xb105f00d. */
	static const uint8_t id[8] = { 0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

	for (unsigned int i = 0; i < 8; i++)
		assert_int_equal(rd(&t->cell, PERIPHID0 + 4 * i, 4), id[i]);
	/* Written: nothing changes. */
	wr(&t->cell, PERIPHID0, 4, 0x55);
	assert_int_equal(rd(&t->cell, PERIPHID0, 4), 0x11);
	/* Just below the ID block: reserved, reads zero. */
	assert_int_equal(rd(&t->cell, PERIPHID0 - 4, 4), 0);
}

static void test_registers_kept_as_written(void **state)
{
	struct vuart_test *t = *state;
	static const uint64_t regs[] = { ILPR, IBRD, FBRD, LCR_H, CR, IFLS, IMSC };
	/* Reset values (DDI 0183 table 3-1) and the implemented bits of each. */
	static const uint32_t reset[] = { 0, 0, 0, 0, 0x300, 0x12, 0 };
	static const uint32_t bits[] = { 0xff, 0xffff, 0x3f, 0xff, 0xff87, 0x3f, 0x7ff };

	for (unsigned int i = 0; i < ARRAY_SIZE(regs); i++)
		assert_int_equal(rd(&t->cell, regs[i], 4), reset[i]);
	for (unsigned int i = 0; i < ARRAY_SIZE(regs); i++)
		wr(&t->cell, regs[i], 4, 0xffffffff);
	for (unsigned int i = 0; i < ARRAY_SIZE(regs); i++)
		assert_int_equal(rd(&t->cell, regs[i], 4), bits[i]);
	wr(&t->cell, IMSC, 4, 0); /* quiet again */
	/* A 64-bit value from the guest keeps its low 32 bits. */
	wr(&t->cell, CR, 4, 0xffffffff00000301ULL);
	assert_int_equal(rd(&t->cell, CR, 4), 0x301);
	assert_int_equal(write_count, 0); /* none of this is output */
}

static void test_nothing_pending(void **state)
{
	struct vuart_test *t = *state;
	static const uint64_t regs[] = { DR, RSR, MIS, ICR, DMACR };

	/* No receive data, no errors, nothing unmasked: all read zero, even after writes. */
	for (unsigned int i = 0; i < ARRAY_SIZE(regs); i++) {
		if (regs[i] != DR)
			wr(&t->cell, regs[i], 4, 0x7ff);
		assert_int_equal(rd(&t->cell, regs[i], 4), 0);
	}
	/* The transmit FIFO is always at or below its level: TXRIS, and nothing else. */
	assert_int_equal(rd(&t->cell, RIS, 4), INT_TX);
	assert_int_equal(write_count, 0);
	assert_int_equal(line_changes, 0);
}

static void test_unknown_offsets(void **state)
{
	struct vuart_test *t = *state;
	static const uint64_t offs[] = {
		0x008, 0x00c, 0x010, 0x014, 0x01c, 0x04c, 0x100, 0x800, 0xfd8, 0xfdc
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(offs); i++) {
		wr(&t->cell, offs[i], 4, 0xffffffff);
		assert_int_equal(rd(&t->cell, offs[i], 4), 0);
	}
	/* Nothing above changed a real register. */
	assert_int_equal(rd(&t->cell, CR, 4), 0x300);
	assert_int_equal(rd(&t->cell, FR, 4), FR_TXFE | FR_RXFE);
	assert_int_equal(write_count, 0);
}

/* ------------------------------------------------------------ access sizes */

static void test_byte_and_halfword_access(void **state)
{
	struct vuart_test *t = *state;

	/* Linux's earlycon writes DR a byte at a time; amba-pl011 uses 16 bits. */
	wr(&t->cell, DR, 1, 'o');
	wr(&t->cell, DR, 2, 'k');
	wr(&t->cell, DR, 1, '\n');
	assert_string_equal(captured, "[alpha] ok\n");
	assert_int_equal(rd(&t->cell, FR, 1), FR_TXFE | FR_RXFE);
	assert_int_equal(rd(&t->cell, FR, 2), FR_TXFE | FR_RXFE);
	wr(&t->cell, CR, 2, 0x0301);
	assert_int_equal(rd(&t->cell, CR, 2), 0x0301);
	assert_int_equal(rd(&t->cell, CR, 4), 0x0301);
	assert_int_equal(rd(&t->cell, PERIPHID0 + 4 * 7, 1), 0xb1);
}

static void test_narrow_reads_of_upper_lanes(void **state)
{
	struct vuart_test *t = *state;

	wr(&t->cell, IBRD, 4, 0x1234);
	assert_int_equal(rd(&t->cell, IBRD, 1), 0x34);
	assert_int_equal(rd(&t->cell, IBRD + 1, 1), 0x12);
	assert_int_equal(rd(&t->cell, IBRD + 2, 2), 0);
	assert_int_equal(rd(&t->cell, FR + 1, 1), 0);
	/* A write to an upper lane is ignored, not taken as the register. */
	wr(&t->cell, IBRD + 1, 1, 0xff);
	assert_int_equal(rd(&t->cell, IBRD, 4), 0x1234);
	wr(&t->cell, DR + 1, 1, 'x');
	wr(&t->cell, DR + 2, 2, 'y');
	assert_int_equal(write_count, 0);
	wr(&t->cell, DR, 4, '\n');
	assert_string_equal(captured, "[alpha] \n");
}

static void test_refused_accesses(void **state)
{
	struct vuart_test *t = *state;
	uint64_t v = 'x';

	/* 64-bit accesses and misaligned ones are not PL011 accesses. */
	assert_false(vuart_access(&t->cell, DR, true, 8, &v));
	assert_false(vuart_access(&t->cell, FR, false, 8, &v));
	assert_int_equal(v, 'x'); /* untouched */
	assert_false(vuart_access(&t->cell, DR + 2, true, 4, &v));
	assert_false(vuart_access(&t->cell, FR + 1, false, 2, &v));
	assert_false(vuart_access(&t->cell, CR, true, 3, &v));
	assert_false(vuart_access(&t->cell, CR, true, 0, &v));
	wr(&t->cell, DR, 4, '\n');
	assert_string_equal(captured, "[alpha] \n"); /* no 'x' was sent */
	assert_int_equal(rd(&t->cell, CR, 4), 0x300);
}

/* ------------------------------------------------------------ output lines */

static void test_line_tagged_with_cell_name(void **state)
{
	struct vuart_test *t = *state;

	puts_vuart(&t->cell, "hello");
	assert_int_equal(write_count, 0); /* nothing until the line ends */
	puts_vuart(&t->cell, " world\n");
	assert_int_equal(write_count, 1);
	assert_string_equal(captured, "[alpha] hello world\n");
	puts_vuart(&t->cell, "second\n");
	assert_string_equal(captured, "[alpha] hello world\n[alpha] second\n");
	assert_int_equal(write_count, 2);
}

static void test_crlf(void **state)
{
	struct vuart_test *t = *state;

	puts_vuart(&t->cell, "one\r\ntwo\n\rthree\r\n");
	assert_string_equal(captured, "[alpha] one\n[alpha] two\n[alpha] three\n");
	/* A carriage return alone is dropped; it does not end the line. */
	captured_len = 0;
	puts_vuart(&t->cell, "50%\r100%\n");
	assert_string_equal(captured, "[alpha] 50%100%\n");
}

static void test_empty_lines(void **state)
{
	struct vuart_test *t = *state;

	puts_vuart(&t->cell, "\n\n");
	assert_string_equal(captured, "[alpha] \n[alpha] \n");
	assert_int_equal(write_count, 2);
}

static void test_non_printing_bytes(void **state)
{
	struct vuart_test *t = *state;

	wr(&t->cell, DR, 4, 'a');
	wr(&t->cell, DR, 4, '\t'); /* tabs stay */
	wr(&t->cell, DR, 4, 0x1b); /* ESC */
	wr(&t->cell, DR, 4, 0x00);
	wr(&t->cell, DR, 4, 0x7f);
	wr(&t->cell, DR, 4, 0xe9);
	wr(&t->cell, DR, 4, 0x141); /* only bits 7:0 are data: 'A' */
	wr(&t->cell, DR, 4, '~');
	wr(&t->cell, DR, 4, ' ');
	wr(&t->cell, DR, 4, '\n');
	assert_string_equal(captured, "[alpha] a\t????A~ \n");
}

static void test_escape_sequences_dropped(void **state)
{
	struct vuart_test *t = *state;
	/* busybox ash's cursor query, a colour and its reset, save cursor (ESC 7), then
	 * a lone ESC before a newline and a CSI cut short by a control byte. */
	const char *out = "\x1b[6n/ # \x1b[1;32mgreen\x1b[0m\x1b"
			  "7x\x1b\nb\x1b[1\tc\n";

	while (*out)
		wr(&t->cell, DR, 4, (uint8_t)*out++);
	assert_string_equal(captured, "[alpha] / # greenx?\n[alpha] b\tc\n");
}

static void test_long_line_split(void **state)
{
	struct vuart_test *t = *state;
	char expect[2 * VUART_LINE_MAX + 64];
	char full[VUART_LINE_MAX + 1];

	/* A full buffer goes out as a line of its own; the rest follows. */
	for (unsigned int i = 0; i < VUART_LINE_MAX; i++)
		full[i] = (char)('a' + i % 26);
	full[VUART_LINE_MAX] = '\0';
	puts_vuart(&t->cell, full);
	assert_int_equal(write_count, 1);
	puts_vuart(&t->cell, "tail\n");
	snprintf(expect, sizeof(expect), "[alpha] %s\n[alpha] tail\n", full);
	assert_string_equal(captured, expect);

	/* Exactly one buffer then a newline: the newline ends an empty line. */
	captured_len = 0;
	write_count = 0;
	puts_vuart(&t->cell, full);
	puts_vuart(&t->cell, "\n");
	snprintf(expect, sizeof(expect), "[alpha] %s\n[alpha] \n", full);
	assert_string_equal(captured, expect);
	assert_int_equal(write_count, 2);
}

static void test_longest_name(void **state)
{
	struct vuart_test *t = *state;
	char full[VUART_LINE_MAX + 1], expect[VUART_LINE_MAX + 64];

	strcpy(t->cfg.name, "fifteen-chars-x"); /* CFG_NAME_MAX - 1 */
	memset(full, 'z', VUART_LINE_MAX);
	full[VUART_LINE_MAX] = '\0';
	puts_vuart(&t->cell, full);
	snprintf(expect, sizeof(expect), "[fifteen-chars-x] %s\n", full);
	assert_string_equal(captured, expect); /* nothing cut off */
}

static void test_cells_keep_their_own_lines(void **state)
{
	struct vuart_test *t = *state;
	struct cfg_cell beta_cfg = { .name = "beta", .console = true };
	struct cell beta = { .cfg = &beta_cfg };

	vuart_reset(&beta);

	puts_vuart(&t->cell, "from al");
	puts_vuart(&beta, "from be");
	puts_vuart(&t->cell, "pha\n");
	puts_vuart(&beta, "ta\n");
	assert_string_equal(captured, "[alpha] from alpha\n[beta] from beta\n");
	/* Registers are per cell too. */
	wr(&beta, CR, 4, 0x301);
	assert_int_equal(rd(&t->cell, CR, 4), 0x300);
}

/* ------------------------------------------------------------ receive and interrupts */

static void rx(struct cell *c, const char *s)
{
	while (*s)
		assert_true(vuart_receive(c, (uint8_t)*s++));
}

static void test_receive_needs_enabled_receiver(void **state)
{
	struct vuart_test *t = *state;

	/* At reset UARTEN is clear: input is dropped and counted. */
	assert_false(vuart_receive(&t->cell, 'a'));
	assert_int_equal(t->cell.vuart.rx_dropped, 1);
	assert_int_equal(rd(&t->cell, FR, 4), FR_TXFE | FR_RXFE);
	wr(&t->cell, CR, 4, 0x101); /* enabled, receiver off */
	assert_false(vuart_receive(&t->cell, 'a'));
	wr(&t->cell, CR, 4, CR_ENABLED);
	assert_true(vuart_receive(&t->cell, 'a'));
	assert_int_equal(rd(&t->cell, FR, 4), FR_TXFE | FR_RXFF); /* FIFOs off: one byte fills it */
	assert_int_equal(rd(&t->cell, DR, 4), 'a');
	assert_int_equal(rd(&t->cell, FR, 4), FR_TXFE | FR_RXFE);
	assert_int_equal(rd(&t->cell, DR, 4), 0); /* empty: zero */
}

static void test_fifo_order_and_depth(void **state)
{
	struct vuart_test *t = *state;

	wr(&t->cell, CR, 4, CR_ENABLED);
	wr(&t->cell, LCR_H, 4, LCR_H_FEN);
	for (unsigned int i = 0; i < FIFO; i++)
		assert_true(vuart_receive(&t->cell, (uint8_t)('A' + i)));
	assert_int_equal(rd(&t->cell, FR, 4), FR_TXFE | FR_RXFF);
	/* Full: the next bytes wait in the backlog, no overrun yet. */
	for (unsigned int i = 0; i < VUART_BACKLOG_MAX; i++)
		assert_true(vuart_receive(&t->cell, (uint8_t)(i & 0x7f)));
	assert_int_equal(rd(&t->cell, RSR, 4), 0);
	assert_false(rd(&t->cell, RIS, 4) & INT_OE);
	/* Backlog full too: the next byte is an overrun, lost, reported in RSR and OERIS. */
	assert_false(vuart_receive(&t->cell, '!'));
	assert_int_equal(t->cell.vuart.rx_dropped, 1);
	assert_int_equal(rd(&t->cell, RSR, 4), RSR_OE);
	assert_true(rd(&t->cell, RIS, 4) & INT_OE);
	for (unsigned int i = 0; i < FIFO; i++)
		assert_int_equal(rd(&t->cell, DR, 2), 'A' + i); /* 16-bit, as amba-pl011 reads */
	/* Each read moved one backlog byte in: the FIFO stays full while the backlog lasts. */
	for (unsigned int i = 0; i < VUART_BACKLOG_MAX; i++) {
		assert_int_equal(rd(&t->cell, FR, 4),
				 FR_TXFE | (i + FIFO <= VUART_BACKLOG_MAX ? FR_RXFF : 0));
		assert_int_equal(rd(&t->cell, DR, 2), i & 0x7f);
	}
	assert_int_equal(rd(&t->cell, FR, 4), FR_TXFE | FR_RXFE);
	wr(&t->cell, RSR, 4, 0); /* UARTECR */
	assert_int_equal(rd(&t->cell, RSR, 4), 0);
	assert_true(rd(&t->cell, RIS, 4) & INT_OE); /* until UARTICR */
	wr(&t->cell, ICR, 4, INT_OE);
	assert_int_equal(rd(&t->cell, RIS, 4), INT_TX);
}

static void test_fifo_disabled_holds_one(void **state)
{
	struct vuart_test *t = *state;

	wr(&t->cell, CR, 4, CR_ENABLED); /* FEN clear: one-byte holding register */
	rx(&t->cell, "x");
	assert_int_equal(rd(&t->cell, FR, 4), FR_TXFE | FR_RXFF);
	assert_int_equal(rd(&t->cell, RIS, 4), INT_TX | INT_RX); /* level 1 */
	rx(&t->cell, "y");					 /* waits behind it */
	assert_int_equal(rd(&t->cell, DR, 4), 'x');
	assert_int_equal(rd(&t->cell, FR, 4), FR_TXFE | FR_RXFF);
	assert_int_equal(rd(&t->cell, DR, 4), 'y');
	assert_int_equal(rd(&t->cell, FR, 4), FR_TXFE | FR_RXFE);
	assert_int_equal(rd(&t->cell, RIS, 4), INT_TX);
}

static void test_pasted_line_arrives_whole(void **state)
{
	struct vuart_test *t = *state;
	char line[FIFO * 3 + 1];
	unsigned int n = 0;

	/* Linux's setting: FIFOs on, receive interrupt at half full. */
	wr(&t->cell, CR, 4, CR_ENABLED);
	wr(&t->cell, LCR_H, 4, LCR_H_FEN);
	wr(&t->cell, IFLS, 4, 2 << 3);
	for (unsigned int i = 0; i < sizeof(line) - 1; i++)
		line[i] = (char)('a' + i % 26);
	line[sizeof(line) - 1] = '\0';
	rx(&t->cell, line); /* three FIFOs' worth at once */
	/* The guest drains by interrupt until the FIFO says empty: every byte, in order. */
	while (rd(&t->cell, RIS, 4) & (INT_RX | INT_RT)) {
		while (!(rd(&t->cell, FR, 4) & FR_RXFE))
			assert_int_equal(rd(&t->cell, DR, 2), line[n++]);
	}
	assert_int_equal(n, sizeof(line) - 1);
	assert_int_equal(t->cell.vuart.rx_dropped, 0);
	assert_int_equal(rd(&t->cell, RIS, 4), INT_TX);
}

static void test_rx_trigger_levels(void **state)
{
	struct vuart_test *t = *state;
	/* RXIFLSEL 0..4: 1/8, 1/4, 1/2, 3/4, 7/8 of 32 entries. */
	static const unsigned int level[] = { 4, 8, 16, 24, 28 };

	wr(&t->cell, CR, 4, CR_ENABLED);
	wr(&t->cell, LCR_H, 4, LCR_H_FEN);
	for (unsigned int sel = 0; sel < ARRAY_SIZE(level); sel++) {
		wr(&t->cell, IFLS, 4, sel << 3);
		for (unsigned int n = 1; n <= level[sel]; n++) {
			assert_true(vuart_receive(&t->cell, 'r'));
			/* Below the level: the receive timeout; at it: the receive interrupt. */
			assert_int_equal(rd(&t->cell, RIS, 4), INT_TX | (n < level[sel] ? INT_RT : INT_RX));
		}
		while (!(rd(&t->cell, FR, 4) & FR_RXFE))
			(void)rd(&t->cell, DR, 4);
		assert_int_equal(rd(&t->cell, RIS, 4), INT_TX);
	}
}

static void test_interrupt_line(void **state)
{
	struct vuart_test *t = *state;

	wr(&t->cell, CR, 4, CR_ENABLED);
	wr(&t->cell, LCR_H, 4, LCR_H_FEN);
	wr(&t->cell, IMSC, 4, INT_RX | INT_RT);
	assert_int_equal(line_changes, 0);
	rx(&t->cell, "hi");
	assert_true(line_level); /* the receive timeout (below 1/2) */
	assert_int_equal(line_changes, 1);
	assert_int_equal(rd(&t->cell, MIS, 4), INT_RT);
	/* ICR does not clear a condition that still holds. */
	wr(&t->cell, ICR, 4, INT_RX | INT_RT);
	assert_true(line_level);
	(void)rd(&t->cell, DR, 4);
	assert_true(line_level);
	(void)rd(&t->cell, DR, 4);
	assert_false(line_level); /* drained: the line drops */
	assert_int_equal(line_changes, 2);
	assert_int_equal(rd(&t->cell, MIS, 4), 0);

	/* The transmit interrupt: pending whenever unmasked, the FIFO being empty. */
	wr(&t->cell, IMSC, 4, INT_TX);
	assert_true(line_level);
	assert_int_equal(rd(&t->cell, MIS, 4), INT_TX);
	wr(&t->cell, DR, 4, 'z');
	assert_true(line_level);
	wr(&t->cell, IMSC, 4, 0);
	assert_false(line_level);
	assert_int_equal(line_changes, 4);
	/* Reset lowers it too. */
	wr(&t->cell, IMSC, 4, INT_TX);
	vuart_reset(&t->cell);
	assert_false(line_level);
	assert_int_equal(rd(&t->cell, IMSC, 4), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_flag_register, setup, teardown),
		cmocka_unit_test_setup_teardown(test_id_registers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_registers_kept_as_written, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nothing_pending, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_offsets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_byte_and_halfword_access, setup, teardown),
		cmocka_unit_test_setup_teardown(test_narrow_reads_of_upper_lanes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_accesses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_line_tagged_with_cell_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_crlf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_non_printing_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_escape_sequences_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_line_split, setup, teardown),
		cmocka_unit_test_setup_teardown(test_longest_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cells_keep_their_own_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_receive_needs_enabled_receiver, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fifo_order_and_depth, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fifo_disabled_holds_one, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pasted_line_arrives_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rx_trigger_levels, setup, teardown),
		cmocka_unit_test_setup_teardown(test_interrupt_line, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
