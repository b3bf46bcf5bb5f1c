// SPDX-License-Identifier: MIT
/*
 * Host unit tests for the config rules against the board
 * (src/core/cfg_board.c, cfg_check_board()): a cell given the interrupt of
 * the board UART Septum's console uses is refused with a message naming the
 * cell, the item and the reason; another interrupt, or a board UART with no
 * interrupt, passes.
 */
/* UNIT-SOURCES: src/core/board.c src/core/dtindex.c src/core/cfg.c src/core/cfg_rules.c src/core/cfg_board.c */
#include <libfdt.h>
#include <septum/board.h>
#include <septum/cfg.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#define EDIT_ROOM 4096

static struct cfg cfg;
static struct board board;

/* @src copied with room for libfdt edits (freed by the caller). */
static void *editable(const void *src)
{
	size_t size = fdt_totalsize(src) + EDIT_ROOM;
	void *fdt = malloc(size);

	assert_non_null(fdt);
	assert_int_equal(fdt_open_into(src, fdt, (int)size), 0);
	return fdt;
}

/* cfg_check_board() of config @config against board @board_fdt: its error, and its message in @st. */
static enum cfg_error check(const void *config, const void *board_fdt, struct cfg_status *st)
{
	struct board_status bs = { BOARD_OK, "" };
	enum cfg_error e;

	memset(&board, 0, sizeof(board));
	assert_int_equal(board_parse(board_fdt, &board, &bs), BOARD_OK);
	e = cfg_parse(config, fdt_totalsize(config), &cfg, st);
	if (e != CFG_OK)
		fail_msg("cfg_parse: %s", st->msg);
	return cfg_check_board(&cfg, board_fdt, &board, NULL, NULL, st);
}

/* Set the one interrupt of cell 'rtos''s device to @intid. */
static void set_device_irq(void *config, uint32_t intid)
{
	int node = fdt_path_offset(config, "/cells/rtos/device");

	assert_true(node >= 0);
	assert_int_equal(fdt_setprop_u32(config, node, "interrupts", intid), 0);
}

static void test_console_irq_refused(void **state)
{
	(void)state;
	void *board_fdt = unit_load_dtb("virt-gicv3"), *blob = unit_load_dtb("cfg-console-irq");
	void *config = editable(blob);
	struct cfg_status st = { CFG_OK, "" };

	assert_int_equal(check(config, board_fdt, &st), CFG_ERR_HYP_UART);
	assert_int_equal(st.code, CFG_ERR_HYP_UART);
	assert_string_equal(st.msg, "cell 'rtos': device: INTID 33 is the interrupt of Septum's console UART "
				    "/pl011@9000000: the hypervisor takes the console input by it");
	/* The RTC's INTID 34 is the cell's to have. */
	set_device_irq(config, 34);
	assert_int_equal(check(config, board_fdt, &st), CFG_OK);
	assert_string_equal(st.msg, "");
	free(config);
	free(blob);
	free(board_fdt);
}

static void test_console_without_irq(void **state)
{
	(void)state;
	void *blob = unit_load_dtb("virt-gicv3"), *board_fdt = editable(blob),
	     *config = unit_load_dtb("cfg-console-irq");
	struct cfg_status st = { CFG_OK, "" };
	int uart = fdt_path_offset(board_fdt, "/pl011@9000000");

	/* A board UART without interrupts: INTID 33 is nobody's, the cell may have it. */
	assert_true(uart >= 0);
	assert_int_equal(fdt_delprop(board_fdt, uart, "interrupts"), 0);
	assert_int_equal(check(config, board_fdt, &st), CFG_OK);
	free(board_fdt);
	free(blob);
	free(config);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_console_irq_refused),
		cmocka_unit_test(test_console_without_irq),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
