// SPDX-License-Identifier: MIT
/*
 * Host tests for console input (src/core/console_input.c): the focus
 * starts on the first cell with a console, Ctrl-] then a digit moves it
 * and says so, Ctrl-] twice sends one Ctrl-], bytes go to the focused
 * cell only; no interrupt or no driver support means no input. The cells,
 * the vUART, the board UART and the console are fakes here.
 */
/* UNIT-SOURCES: src/core/console_input.c */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#include <septum/arch.h>
#include <septum/cell.h>
#include <septum/console.h>
#include <septum/log.h>
#include <septum/vuart.h>

#define CTRL_BRACKET "\x1d"
#define CELLS 3
#define RX_MAX 64
#define UART_INTID 33

static struct cfg_cell cfgs[CELLS];
static struct cell cells[CELLS];
static unsigned int cells_made;
static char rx[CELLS][RX_MAX];
static unsigned int rx_len[CELLS];
static char out[4096];
static size_t out_len;
static const char *typed; /* what the board UART holds */
static bool irq_supported;
static uint32_t owned_intid;
static unsigned int owned_cpu, acks, warnings;
static void (*owned_handler)(void);

struct cell *cell_by_id(unsigned int id)
{
	return id < cells_made ? &cells[id] : NULL;
}

bool vuart_receive(struct cell *c, uint8_t ch)
{
	unsigned int i = (unsigned int)(c - cells);

	assert_true(rx_len[i] < RX_MAX - 1);
	rx[i][rx_len[i]++] = (char)ch;
	return true;
}

void console_write(const char *s, size_t len)
{
	assert_true(out_len + len < sizeof(out));
	memcpy(out + out_len, s, len);
	out_len += len;
	out[out_len] = '\0';
}

int console_getc(void)
{
	return typed && *typed ? (unsigned char)*typed++ : -1;
}

bool console_rx_irq_enable(void)
{
	return irq_supported;
}

void console_rx_irq_ack(void)
{
	acks++;
}

void arch_irq_own(uint32_t intid, unsigned int cpu, void (*handler)(void))
{
	owned_intid = intid;
	owned_cpu = cpu;
	owned_handler = handler;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	(void)level;
	(void)fmt;
	warnings++;
}

/* Cells named after their index; @consoles bit i: cell i has a console. */
static void make_cells(unsigned int n, unsigned int consoles)
{
	memset(cells, 0, sizeof(cells));
	memset(cfgs, 0, sizeof(cfgs));
	for (unsigned int i = 0; i < n; i++) {
		snprintf(cfgs[i].name, sizeof(cfgs[i].name), "cell%u", i);
		cfgs[i].console = consoles & (1U << i);
		cells[i].cfg = &cfgs[i];
		cells[i].id = i;
	}
	cells_made = n;
}

static int setup(void **state)
{
	(void)state;
	memset(rx, 0, sizeof(rx));
	memset(rx_len, 0, sizeof(rx_len));
	out_len = 0;
	out[0] = '\0';
	typed = NULL;
	irq_supported = true;
	owned_intid = owned_cpu = acks = warnings = 0;
	owned_handler = NULL;
	make_cells(CELLS, 0x7);
	return 0;
}

/* Bytes arrive at the board UART and its interrupt is taken. */
static void type(const char *s)
{
	typed = s;
	owned_handler();
	assert_int_equal(*typed, '\0'); /* drained */
}

static void test_starts_on_first_console(void **state)
{
	(void)state;
	make_cells(CELLS, 0x6); /* cell0 has none */
	typed = "stale";
	console_input_start(UART_INTID);
	assert_string_equal(out, "[septum] console input: cell 'cell1'\n"
				 "[septum] console input: Ctrl-] then 1 'cell1', 2 'cell2' moves it; "
				 "Ctrl-] Ctrl-] sends Ctrl-]\n");
	assert_int_equal(owned_intid, UART_INTID);
	assert_int_equal(owned_cpu, 0); /* the boot CPU */
	assert_int_equal(rx_len[1], 0); /* typed before the cells ran: dropped */
	type("hi");
	assert_string_equal(rx[1], "hi");
	assert_int_equal(rx_len[0] + rx_len[2], 0);
	assert_int_equal(acks, 1);
}

static void test_focus_keys(void **state)
{
	(void)state;
	console_input_start(UART_INTID);
	out_len = 0;
	type("a" CTRL_BRACKET "2b");
	assert_string_equal(out, "[septum] console input: cell 'cell2'\n");
	assert_string_equal(rx[0], "a");
	assert_string_equal(rx[2], "b");
	/* Split across interrupts, too. */
	type(CTRL_BRACKET);
	type("0c");
	assert_string_equal(rx[0], "ac");
	/* Ctrl-] twice: one Ctrl-] for the cell, no switch. */
	type(CTRL_BRACKET CTRL_BRACKET "d");
	assert_string_equal(rx[0], "ac" CTRL_BRACKET "d");
}

static void test_bad_selections(void **state)
{
	(void)state;
	make_cells(CELLS, 0x5); /* cell1 has no console */
	console_input_start(UART_INTID);
	out_len = 0;
	type(CTRL_BRACKET "1" CTRL_BRACKET "9x");
	assert_string_equal(out,
			    "[septum] console input: stays with cell 'cell0': no cell 1 with a console\n"
			    "[septum] console input: stays with cell 'cell0': no cell 9 with a console\n");
	assert_string_equal(rx[0], "x");
	/* Ctrl-] then anything else: both dropped, the keys explained. */
	out_len = 0;
	type(CTRL_BRACKET "qy");
	assert_non_null(strstr(out, "Ctrl-] then a cell number switches"));
	assert_string_equal(rx[0], "xy");
}

/* A focused cell that is off or stopped gets nothing; said once, not per key. */
static void test_down_cell(void **state)
{
	(void)state;
	console_input_start(UART_INTID);
	type(CTRL_BRACKET "1");
	cells[1].state = CELL_OFF;
	out_len = 0;
	type("ab");
	type("c");
	assert_int_equal(rx_len[1], 0);
	assert_string_equal(out, "[septum] console input: cell 'cell1' is powered off: input dropped; "
				 "Ctrl-] then a cell number switches\n");
	/* The focus keys still work; back on a stopped cell: said again. */
	cells[2].state = CELL_STOPPED;
	out_len = 0;
	type(CTRL_BRACKET "2x" CTRL_BRACKET "0y");
	assert_string_equal(out, "[septum] console input: cell 'cell2'\n"
				 "[septum] console input: cell 'cell2' is stopped: input dropped; "
				 "Ctrl-] then a cell number switches\n"
				 "[septum] console input: cell 'cell0'\n");
	assert_int_equal(rx_len[2], 0);
	assert_string_equal(rx[0], "y");
	/* A cell that runs again (restarted) takes input again. */
	cells[0].state = CELL_OFF;
	type("z");
	cells[0].state = CELL_RUNNING;
	out_len = 0;
	type("w");
	assert_string_equal(rx[0], "yw");
	assert_int_equal(out_len, 0);
}

static void test_no_input(void **state)
{
	(void)state;
	/* No interrupt in the device tree: a warning, no handler. */
	console_input_start(0);
	assert_int_equal(warnings, 1);
	assert_null(owned_handler);
	/* A driver without receive interrupts: the same. */
	console_input_start(UART_INTID);
	irq_supported = false;
	console_input_start(UART_INTID);
	assert_int_equal(warnings, 2);
	/* No cell with a console: nothing to say. */
	make_cells(CELLS, 0);
	warnings = 0;
	owned_handler = NULL;
	irq_supported = true;
	out_len = 0;
	console_input_start(UART_INTID);
	assert_null(owned_handler);
	assert_int_equal(out_len, 0);
	assert_int_equal(warnings, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_starts_on_first_console, setup),
		cmocka_unit_test_setup(test_focus_keys, setup),
		cmocka_unit_test_setup(test_bad_selections, setup),
		cmocka_unit_test_setup(test_down_cell, setup),
		cmocka_unit_test_setup(test_no_input, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
