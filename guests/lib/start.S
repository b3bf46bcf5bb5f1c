/* SPDX-License-Identifier: MIT */
/*
 * Guest start-up at EL1 (MMU off, x0 = guest device tree per the Linux
 * arm64 boot protocol): stack, exception vectors, FP/SIMD on, .bss zeroed,
 * then guest_runtime_init(dtb) and guest_main(dtb). The counter read first
 * thing is kept in guest_boot_counter (boot time, make bench). A secondary vCPU started
 * with PSCI CPU_ON enters at guest_secondary_entry (x0 = context id) and runs
 * guest_secondary_main() on its own stack. An IRQ goes to guest_irq()
 * (gic.c) and returns; any other exception is reported by
 * guest_exception() in C.
 */
#define GUEST_STACK_SHIFT 14	/* 16 KiB per vCPU, below _stack_top by MPIDR Aff0 */
#define GUEST_VCPU_MASK 3	/* guest.ld reserves stacks for 4 vCPUs */

/* sp = this vCPU's stack; VBAR_EL1; no FP/SIMD traps. Uses x1, x2. */
.macro cpu_setup
	mrs	x1, mpidr_el1
	and	x1, x1, #GUEST_VCPU_MASK
	ldr	x2, =_stack_top
	sub	x2, x2, x1, lsl #GUEST_STACK_SHIFT
	mov	sp, x2
	ldr	x1, =guest_vectors
	msr	vbar_el1, x1
	mov	x1, #(3 << 20)		/* CPACR_EL1.FPEN */
	msr	cpacr_el1, x1
	isb
.endm

	.section .text.start, "ax"
	.global _start
_start:
	mrs	x20, cntvct_el0		/* first thing: the boot time (make bench) */
	mov	x19, x0
	cpu_setup
	ldr	x1, =_bss_start
	ldr	x2, =_bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:	ldr	x1, =guest_boot_counter
	str	x20, [x1]
	mov	x0, x19
	bl	guest_runtime_init
	mov	x0, x19
	bl	guest_main
3:	wfi
	b	3b

	.global	guest_secondary_entry
guest_secondary_entry:
	mov	x19, x0
	cpu_setup
	mov	x0, x19
	bl	guest_secondary_main
4:	wfi
	b	4b

/* Every vector slot: x0 = slot, then the C reporter (does not return). */
.macro slot n
	.balign	0x80
	mov	x0, #\n
	mrs	x1, esr_el1
	mrs	x2, far_el1
	mrs	x3, elr_el1
	b	guest_exception
.endm
/* IRQ at EL1 on SP_EL1: the caller-saved registers around guest_irq(), then eret. */
.macro irq_slot
	.balign	0x80
	stp	x0, x1, [sp, #-160]!
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x30, [sp, #144]
	bl	guest_irq
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x30, [sp, #144]
	ldp	x0, x1, [sp], #160
	eret
.endm
	.balign	0x800
guest_vectors:
	slot 0
	slot 1
	slot 2
	slot 3
	slot 4
	irq_slot
	slot 6
	slot 7
	slot 8
	slot 9
	slot 10
	slot 11
	slot 12
	slot 13
	slot 14
	slot 15
	.ltorg
