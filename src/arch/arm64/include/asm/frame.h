/* SPDX-License-Identifier: MIT */
/*
 * The register frame every exception entry saves on the hypervisor stack.
 * Its layout is visible to assembly only through asm-offsets.h, generated
 * from this definition at build time.
 */
#ifndef ASM_FRAME_H
#define ASM_FRAME_H

#include <stdint.h>

struct trap_frame {
	uint64_t x[31]; /* x0..x30 (x30 = lr) */
	uint64_t sp;	/* stack pointer of the interrupted context */
	uint64_t elr;
	uint64_t spsr;
	uint64_t esr;
	uint64_t far;
};

/* Vector slot numbers: which of the 16 entries was taken. */
enum vector_slot {
	VEC_CUR_SP0_SYNC,
	VEC_CUR_SP0_IRQ,
	VEC_CUR_SP0_FIQ,
	VEC_CUR_SP0_SERROR,
	VEC_CUR_SPX_SYNC,
	VEC_CUR_SPX_IRQ,
	VEC_CUR_SPX_FIQ,
	VEC_CUR_SPX_SERROR,
	VEC_LOW64_SYNC,
	VEC_LOW64_IRQ,
	VEC_LOW64_FIQ,
	VEC_LOW64_SERROR,
	VEC_LOW32_SYNC,
	VEC_LOW32_IRQ,
	VEC_LOW32_FIQ,
	VEC_LOW32_SERROR,
	VEC_SLOT_COUNT
};

#endif
