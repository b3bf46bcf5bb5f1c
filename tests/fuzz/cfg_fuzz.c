// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for the partition-config parser: every input goes to
 * cfg_parse() as an untrusted blob; whatever parses is then checked with
 * cfg_check_board() against a fixed board (tests/configs/boards/qemu-virt.dts,
 * compiled at build time and embedded here), with a running image and
 * payloads whose sizes depend on their names, so the board-time rules run
 * too. The sanitizers (address, undefined) turn any out-of-bounds read or
 * undefined behaviour into a crash. Build and run: make fuzz.
 */
#include <libfdt.h>
#include <septum/board.h>
#include <septum/cfg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef FUZZ_BOARD_DTB
#error "build with -DFUZZ_BOARD_DTB='\"path/to/board.dtb\"'"
#endif

/* The board device tree, embedded by the assembler. */
__asm__(".section .rodata\n"
	".balign 8\n"
	".global fuzz_board_dtb\n"
	"fuzz_board_dtb:\n"
	".incbin \"" FUZZ_BOARD_DTB "\"\n"
	".previous\n");
extern const char fuzz_board_dtb[];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct board board;
static struct cfg cfg;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct board_status st;

	(void)argc;
	(void)argv;
	if (fdt_check_full(fuzz_board_dtb, fdt_totalsize(fuzz_board_dtb)) ||
	    board_parse(fuzz_board_dtb, &board, &st) != BOARD_OK) {
		fprintf(stderr, "cfg_fuzz: the embedded board device tree does not parse: %s\n", st.msg);
		abort();
	}
	return 0;
}

/* Payloads exist unless their name starts with 'x'; the size grows with the name. */
static bool payload_size(void *ctx, const char *name, uint64_t *size)
{
	(void)ctx;
	if (name[0] == 'x')
		return false;
	*size = (uint64_t)strlen(name) * 0x1000 + (uint8_t)name[0];
	return true;
}

static void check_message(const struct cfg_status *st)
{
	size_t len = strnlen(st->msg, sizeof(st->msg));

	/* Every error has a message, NUL-terminated inside the buffer. */
	if (st->code != CFG_OK && (len == 0 || len == sizeof(st->msg)))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct cfg_payloads payloads = { payload_size, NULL };
	const struct pa_range image = { { 0x40200000 }, 0x100000 };
	struct cfg_status st;
	uint8_t *copy;

	/* An exact-size heap copy, so the address sanitizer sees any read past the end. */
	copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	if (cfg_parse(copy, size, &cfg, &st) == CFG_OK) {
		check_message(&st);
		if (cfg_check_board(&cfg, fuzz_board_dtb, &board, &image, &payloads, &st) == CFG_OK) {
			/* A config that passes must still pass: the check is idempotent. */
			if (cfg_check_board(&cfg, fuzz_board_dtb, &board, &image, &payloads, &st) != CFG_OK)
				abort();
		}
	}
	check_message(&st);
	free(copy);
	return 0;
}
