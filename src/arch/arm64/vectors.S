/* SPDX-License-Identifier: MIT */
/*
 * The EL2 exception vector table (Arm ARM D1.10.2): 16 slots of 0x80 bytes,
 * 2 KiB aligned. Each slot reserves a trap_frame on the EL2 stack, saves
 * x0/x1 and branches to the common path with its slot number; .org makes
 * the build fail if a slot ever outgrows its 0x80 bytes.
 *
 * The common path saves the rest of the frame (offsets generated from
 * struct trap_frame into asm-offsets.h), calls trap_handle(frame, slot)
 * and restores the frame, including ELR/SPSR the handler may change.
 *
 * An IRQ from a guest, the hot path of interrupt delivery, has its own
 * short path (irq_entry): the handler needs no frame, so only the
 * registers a C call may clobber are saved (docs/interrupts.md).
 *
 * A synchronous exception from a guest starts the same way (sync_entry):
 * only the caller-saved registers go into the frame, and
 * guest_trap_fast() gets the frame and ESR_EL2. It handles the frequent,
 * simple traps (hypercalls that need no state, emulated MMIO, SGI register
 * writes) entirely and returns true: the short return follows. Anything
 * else it leaves untouched and returns false: the entry then completes
 * the frame (x19-x29, SP, ELR, SPSR, ESR, FAR, all still the guest's) and
 * goes the full way, trap_handle() and trap_return, as if it had never
 * looked (docs/performance.md).
 */
#include <asm/asm.h>
#include "asm-offsets.h"

.macro vector_slot slot
	.balign	0x80
.Lslot_\slot:
	sub	sp, sp, #TF_SIZE
	stp	x0, x1, [sp, #TF_X0]
	mov	x0, #\slot
	b	trap_entry
	.org	.Lslot_\slot + 0x80	/* error if the slot overflows */
.endm

/* Slot 8: a synchronous exception from an AArch64 guest goes to sync_entry. */
.macro sync_slot
	.balign	0x80
.Lslot_sync:
	sub	sp, sp, #TF_SIZE
	stp	x0, x1, [sp, #TF_X0]
	b	sync_entry
	.org	.Lslot_sync + 0x80
.endm

/* Slot 9: an IRQ from an AArch64 guest goes to irq_entry. */
.macro irq_slot
	.balign	0x80
.Lslot_irq:
	sub	sp, sp, #TF_SIZE
	stp	x0, x1, [sp, #TF_X0]
	b	irq_entry
	.org	.Lslot_irq + 0x80
.endm

	.text
	.balign	0x800
	.global	el2_vectors
el2_vectors:
	/* Current EL with SP_EL0: Septum never runs on SP_EL0. */
	vector_slot 0	/* VEC_CUR_SP0_SYNC */
	vector_slot 1	/* VEC_CUR_SP0_IRQ */
	vector_slot 2	/* VEC_CUR_SP0_FIQ */
	vector_slot 3	/* VEC_CUR_SP0_SERROR */
	/* Current EL with SP_EL2: exceptions taken by the hypervisor itself. */
	vector_slot 4	/* VEC_CUR_SPX_SYNC */
	vector_slot 5	/* VEC_CUR_SPX_IRQ */
	vector_slot 6	/* VEC_CUR_SPX_FIQ */
	vector_slot 7	/* VEC_CUR_SPX_SERROR */
	/* Lower EL, AArch64: the cells' guests. */
	sync_slot	/* VEC_LOW64_SYNC */
	irq_slot	/* VEC_LOW64_IRQ */
	vector_slot 10	/* VEC_LOW64_FIQ */
	vector_slot 11	/* VEC_LOW64_SERROR */
	/* Lower EL, AArch32: never allowed (HCR_EL2.RW = 1). */
	vector_slot 12	/* VEC_LOW32_SYNC */
	vector_slot 13	/* VEC_LOW32_IRQ */
	vector_slot 14	/* VEC_LOW32_FIQ */
	vector_slot 15	/* VEC_LOW32_SERROR */

/* The frame's x2-x17 stored / x0-x17 loaded (offsets from asm-offsets). */
.macro save_x2_x17
	stp	x2, x3, [sp, #TF_X2]
	stp	x4, x5, [sp, #TF_X4]
	stp	x6, x7, [sp, #TF_X6]
	stp	x8, x9, [sp, #TF_X8]
	stp	x10, x11, [sp, #TF_X10]
	stp	x12, x13, [sp, #TF_X12]
	stp	x14, x15, [sp, #TF_X14]
	stp	x16, x17, [sp, #TF_X16]
.endm
.macro load_x0_x17
	ldp	x0, x1, [sp, #TF_X0]
	ldp	x2, x3, [sp, #TF_X2]
	ldp	x4, x5, [sp, #TF_X4]
	ldp	x6, x7, [sp, #TF_X6]
	ldp	x8, x9, [sp, #TF_X8]
	ldp	x10, x11, [sp, #TF_X10]
	ldp	x12, x13, [sp, #TF_X12]
	ldp	x14, x15, [sp, #TF_X14]
	ldp	x16, x17, [sp, #TF_X16]
.endm
/*
 * The short paths (sync_entry, irq_entry): only the caller-saved registers
 * x2-x18 and x30 (the vector slot saved x0/x1), restored with x0/x1 before
 * the eret; C preserves the rest.
 */
.macro save_caller_saved
	save_x2_x17
	str	x18, [sp, #TF_X18]
	str	x30, [sp, #TF_X30]
.endm
.macro return_caller_saved
	load_x0_x17
	ldr	x18, [sp, #TF_X18]
	ldr	x30, [sp, #TF_X30]
	add	sp, sp, #TF_SIZE
	eret
	dsb	nsh			/* no speculation past eret */
	isb
.endm

/* x0 = slot number; x0/x1 of the interrupted context already saved. */
func trap_entry
	save_x2_x17
	stp	x18, x19, [sp, #TF_X18]
	str	x30, [sp, #TF_X30]
	/* sync_entry joins here: x0-x18 and x30 saved, x0 = slot number. */
.Ltrap_entry_rest:
	stp	x20, x21, [sp, #TF_X20]
	stp	x22, x23, [sp, #TF_X22]
	stp	x24, x25, [sp, #TF_X24]
	stp	x26, x27, [sp, #TF_X26]
	stp	x28, x29, [sp, #TF_X28]
	add	x1, sp, #TF_SIZE	/* SP_EL2 before the exception */
	str	x1, [sp, #TF_SP]
	mrs	x1, elr_el2
	mrs	x2, spsr_el2
	stp	x1, x2, [sp, #TF_ELR]
	mrs	x1, esr_el2
	mrs	x2, far_el2
	stp	x1, x2, [sp, #TF_ESR]
	mov	x1, x0
	mov	x0, sp
	bl	trap_handle
	mov	x0, sp
	b	trap_return
endfunc trap_entry

/*
 * x0/x1 of the guest already saved. guest_trap_fast() is C: like
 * gic_handle_irq() below it preserves x19-x29, SP, ELR_EL2 and SPSR_EL2,
 * and when it returns false it has changed nothing (the frame, the
 * registers), so the full path sees the guest's state as it trapped.
 */
func sync_entry
	save_caller_saved
	mov	x0, sp
	mrs	x1, esr_el2
	bl	guest_trap_fast
	cbz	w0, 1f
	return_caller_saved
1:	/* Not handled: the full frame (x18 in the frame is the guest's, x19 still live). */
	str	x19, [sp, #TF_X19]
	mov	x0, #VEC_LOW64_SYNC_SLOT
	b	.Ltrap_entry_rest
endfunc sync_entry

/*
 * x0/x1 of the guest already saved. gic_handle_irq() is C: it preserves
 * x19-x29 and SP and takes no other exception, so ELR_EL2 and SPSR_EL2
 * survive; the caller-saved registers x2-x18 and x30 are all that needs
 * saving. A vCPU that must stop parks inside and never comes back here.
 */
func irq_entry
	save_caller_saved
	bl	gic_handle_irq
	return_caller_saved
endfunc irq_entry

/*
 * Restore the frame at x0 and return from the exception: the end of every
 * trap, and the first entry into a vCPU (arch_vcpu_start builds a frame).
 * The frame becomes the top of this CPU's stack.
 */
func trap_return
	mov	sp, x0
	ldp	x1, x2, [sp, #TF_ELR]
	msr	elr_el2, x1
	msr	spsr_el2, x2
	load_x0_x17
	ldp	x18, x19, [sp, #TF_X18]
	ldp	x20, x21, [sp, #TF_X20]
	ldp	x22, x23, [sp, #TF_X22]
	ldp	x24, x25, [sp, #TF_X24]
	ldp	x26, x27, [sp, #TF_X26]
	ldp	x28, x29, [sp, #TF_X28]
	ldr	x30, [sp, #TF_X30]
	add	sp, sp, #TF_SIZE
	eret
	dsb	nsh			/* no speculation past eret */
	isb
endfunc trap_return
