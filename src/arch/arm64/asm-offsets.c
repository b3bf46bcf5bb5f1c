// SPDX-License-Identifier: MIT
/*
 * Structure offsets and constants for assembly. This file is compiled to
 * assembly only; the build turns each "->NAME value" marker into
 * "#define NAME value" in asm-offsets.h. Never write these numbers by hand.
 */
#include <asm/frame.h>
#include <asm/mmu.h>
#include <stddef.h>

#define DEFINE(sym, val) __asm__ volatile("\n.ascii \"->" #sym " %c0\"" : : "i"(val))
#define OFFSET(sym, type, member) DEFINE(sym, offsetof(struct type, member))

void asm_offsets(void);

void asm_offsets(void)
{
	OFFSET(TF_X0, trap_frame, x[0]);
	OFFSET(TF_X2, trap_frame, x[2]);
	OFFSET(TF_X4, trap_frame, x[4]);
	OFFSET(TF_X6, trap_frame, x[6]);
	OFFSET(TF_X8, trap_frame, x[8]);
	OFFSET(TF_X10, trap_frame, x[10]);
	OFFSET(TF_X12, trap_frame, x[12]);
	OFFSET(TF_X14, trap_frame, x[14]);
	OFFSET(TF_X16, trap_frame, x[16]);
	OFFSET(TF_X18, trap_frame, x[18]);
	OFFSET(TF_X19, trap_frame, x[19]);
	OFFSET(TF_X20, trap_frame, x[20]);
	OFFSET(TF_X22, trap_frame, x[22]);
	OFFSET(TF_X24, trap_frame, x[24]);
	OFFSET(TF_X26, trap_frame, x[26]);
	OFFSET(TF_X28, trap_frame, x[28]);
	OFFSET(TF_X30, trap_frame, x[30]);
	OFFSET(TF_SP, trap_frame, sp);
	OFFSET(TF_ELR, trap_frame, elr);
	OFFSET(TF_ESR, trap_frame, esr);
	DEFINE(TF_SIZE, sizeof(struct trap_frame));
	DEFINE(VEC_LOW64_SYNC_SLOT, VEC_LOW64_SYNC);
	OFFSET(MMU_REGS_MAIR, mmu_boot_regs, mair);
	OFFSET(MMU_REGS_TCR, mmu_boot_regs, tcr);
	OFFSET(MMU_REGS_TTBR, mmu_boot_regs, ttbr);
	OFFSET(MMU_REGS_SCTLR, mmu_boot_regs, sctlr);
}

/* The frame is pushed with stp pairs and must keep SP 16-byte aligned. */
_Static_assert(sizeof(struct trap_frame) % 16 == 0, "trap_frame size");
_Static_assert(offsetof(struct trap_frame, spsr) == offsetof(struct trap_frame, elr) + 8, "elr/spsr pair");
_Static_assert(offsetof(struct trap_frame, far) == offsetof(struct trap_frame, esr) + 8, "esr/far pair");
