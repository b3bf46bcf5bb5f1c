/* SPDX-License-Identifier: MIT */
/*
 * Entry points of the hypervisor image.
 *
 * The image starts with the 64-byte arm64 Linux Image header, so QEMU's
 * -kernel, U-Boot's booti and the Raspberry Pi firmware all load it at a
 * 2 MiB boundary and enter it with the MMU off and x0 = the device tree
 * (Linux Documentation "Booting AArch64 Linux" is the protocol; the header
 * layout is a fact we follow, not code we copy).
 *
 * The image is linked at address 0 as a static PIE and relocates itself:
 * R_AARCH64_RELATIVE entries in .rela.dyn get the load address added.
 * From then on the hypervisor runs 1:1 (virtual = physical).
 *
 * Register contract:
 *   primary_entry:   x0 = physical address of the device tree, EL2 expected.
 *   secondary_entry: no arguments; the CPU finds its logical id by looking
 *                    its MPIDR up in cpu_boot_mpidr[] (cleaned to the PoC).
 */
#include <asm/asm.h>
#include <asm/sysreg.h>
#include <septum/build_config.h>
#include "asm-offsets.h"

#define R_AARCH64_RELATIVE 1027
/* Image header flags: little-endian (bit 0 = 0), 4 KiB pages (bits 2:1 = 1),
 * placement anywhere in RAM (bit 3 = 1). */
#define IMAGE_FLAGS ((1 << 1) | (1 << 3))
#define IMAGE_MAGIC 0x644d5241 /* "ARM\x64" */

	.section .head.text, "ax"
	.global _head
_head:
	b	primary_entry		/* code0 */
	.long	0			/* code1 */
	.quad	0			/* text_offset: at a 2 MiB boundary */
	.long	_image_size_lo		/* image_size, .bss included */
	.long	_image_size_hi
	.quad	IMAGE_FLAGS		/* flags */
	.quad	0			/* res2 */
	.quad	0			/* res3 */
	.quad	0			/* res4 */
	.long	IMAGE_MAGIC		/* magic */
	.long	0			/* res5: no PE/COFF header */

	.text
func primary_entry
	mov	x19, x0			/* x19 = device tree, kept across calls */
	adr_l	x20, _head		/* x20 = load address = relocation offset */
	bl	apply_relocations
	bl	zero_bss
	/* Boot CPU stack: slot 0 of cpu_stacks (stacks grow down). */
	adr_l	x0, cpu_stacks
	add	sp, x0, #SEPTUM_STACK_SIZE
	mrs	x0, CurrentEL
	cmp	x0, #CURRENTEL_EL2
	b.ne	1f
	bl	el2_setup
	/* Drop any stale cache lines over the image written above with the
	 * MMU off (the loader cleaned the image to the PoC before entry), or
	 * to be written before the MMU is on: all of it but the memory first
	 * written with the MMU on (.bss.noinit.mmu_on, septum.ld). */
	adr_l	x0, _head
	adr_l	x1, _noinit_mmu_on_start
	bl	dcache_inval_range_early
	adr_l	x0, _noinit_mmu_on_end
	adr_l	x1, _end
	bl	dcache_inval_range_early
	ic	iallu
	dsb	nsh
	isb
	mov	x0, x19
	b	arch_boot_primary	/* does not return */
1:	lsr	x0, x0, #CURRENTEL_EL_SHIFT
	b	boot_wrong_el		/* does not return */
endfunc primary_entry

/* Apply .rela.dyn: for each R_AARCH64_RELATIVE, *(x20 + off) = x20 + addend. */
func apply_relocations
	adr_l	x9, __rela_start
	adr_l	x10, __rela_end
1:	cmp	x9, x10
	b.hs	2f
	ldp	x11, x12, [x9], #16	/* r_offset, r_info */
	ldr	x13, [x9], #8		/* r_addend */
	cmp	w12, #R_AARCH64_RELATIVE
	b.ne	1b			/* the build rejects any other type */
	add	x13, x13, x20
	str	x13, [x11, x20]
	b	1b
2:	ret
endfunc apply_relocations

func zero_bss
	adr_l	x9, _bss_start
	adr_l	x10, _bss_end
	/* MMU off: Device memory, so no DC ZVA; 64 bytes per round, then 16. */
	sub	x11, x10, #64
1:	cmp	x9, x11
	b.hi	2f
	stp	xzr, xzr, [x9]
	stp	xzr, xzr, [x9, #16]
	stp	xzr, xzr, [x9, #32]
	stp	xzr, xzr, [x9, #48]
	add	x9, x9, #64
	b	1b
2:	cmp	x9, x10
	b.hs	3f
	stp	xzr, xzr, [x9], #16	/* _bss_start/_bss_end are 16-byte aligned */
	b	2b
3:	ret
endfunc zero_bss

/*
 * EL2 system state every CPU sets before anything else (leaf, no stack):
 * - VBAR_EL2: Septum's vectors;
 * - HCR_EL2: only RW (EL1 is AArch64); E2H/TGE cleared, so no VHE;
 * - CPTR_EL2: FP/SIMD not trapped (TFP = 0): guests own FP/SIMD, and the
 *   boot-time libfdt from Debian is compiled with SIMD (docs/boot-flow.md);
 * - SCTLR_EL2: MMU and caches off, alignment checks off, little-endian;
 * - CNTVOFF_EL2 = 0: virtual and physical counts agree.
 */
func el2_setup
	adr_l	x0, el2_vectors
	msr	vbar_el2, x0
	mov	x0, #HCR_EL2_RW
	msr	hcr_el2, x0
	mov	x0, #CPTR_EL2_RES1
	msr	cptr_el2, x0
	ldr	x0, =SCTLR_EL2_RES1
	msr	sctlr_el2, x0
	msr	cntvoff_el2, xzr
	isb
	ret
endfunc el2_setup

/*
 * Invalidate data cache lines over [x0, x1) by VA to the PoC (MMU off):
 * four lines a round while four whole lines remain, then one at a time.
 */
func dcache_inval_range_early
	mrs	x3, ctr_el0
	ubfx	x3, x3, #CTR_DMINLINE_SHIFT, #4
	mov	x2, #4
	lsl	x2, x2, x3		/* line size in bytes */
	sub	x3, x2, #1
	bic	x0, x0, x3
	lsl	x4, x2, #2		/* four lines */
	sub	x5, x1, x4		/* last start of a whole round (x1 > x4: the image) */
1:	cmp	x0, x5
	b.hi	2f
	dc	ivac, x0
	add	x0, x0, x2
	dc	ivac, x0
	add	x0, x0, x2
	dc	ivac, x0
	add	x0, x0, x2
	dc	ivac, x0
	add	x0, x0, x2
	b	1b
2:	cmp	x0, x1
	b.hs	3f
	dc	ivac, x0
	add	x0, x0, x2
	b	2b
3:	dsb	sy
	ret
endfunc dcache_inval_range_early

/*
 * Secondary CPUs enter here (PSCI CPU_ON or spin-table release) with the
 * MMU off. No stack is touched until the MMU is on, so nothing is written
 * to memory that the caches could later shadow.
 */
func secondary_entry
	mrs	x0, CurrentEL
	cmp	x0, #CURRENTEL_EL2
	b.ne	secondary_park
	bl	el2_setup
	/* x3 = logical id: the index of this CPU's MPIDR in cpu_boot_mpidr. */
	mrs	x1, mpidr_el1
	ldr	x2, =MPIDR_AFF_MASK
	and	x1, x1, x2
	adr_l	x2, cpu_boot_mpidr
	mov	x3, #0
1:	ldr	x4, [x2, x3, lsl #3]
	cmp	x4, x1
	b.eq	2f
	add	x3, x3, #1
	cmp	x3, #SEPTUM_MAX_CPUS
	b.lo	1b
	b	secondary_park		/* not a CPU we started */
2:	/* MMU on with the hypervisor's tables (mmu_boot_regs, at the PoC). */
	adr_l	x4, mmu_boot_regs
	ldr	x5, [x4, #MMU_REGS_MAIR]
	msr	mair_el2, x5
	ldr	x5, [x4, #MMU_REGS_TCR]
	msr	tcr_el2, x5
	ldr	x5, [x4, #MMU_REGS_TTBR]
	msr	ttbr0_el2, x5
	isb
	tlbi	alle2
	dsb	nsh
	isb
	ic	iallu
	ldr	x5, [x4, #MMU_REGS_SCTLR]
	msr	sctlr_el2, x5
	isb
	/* Stack: slot (id + 1) of cpu_stacks, top. */
	adr_l	x0, cpu_stacks
	add	x1, x3, #1
	mov	x2, #SEPTUM_STACK_SIZE
	madd	x0, x1, x2, x0
	mov	sp, x0
	mov	x0, x3
	b	arch_secondary_main	/* does not return */
endfunc secondary_entry

/* A CPU that must not run Septum: wait forever, interrupts masked. */
func secondary_park
	msr	daifset, #0xf
1:	wfe
	b	1b
endfunc secondary_park

/*
 * Switch TTBR0_EL2 to x0. The MMU is off for the few instructions in
 * between, so the TLB never holds entries of both table sets at once
 * (no break-before-make hazard); no memory is accessed meanwhile.
 */
func mmu_switch_tables
	dsb	ish
	mrs	x1, sctlr_el2
	bic	x2, x1, #SCTLR_EL2_M
	msr	sctlr_el2, x2
	isb
	msr	ttbr0_el2, x0
	isb
	tlbi	alle2
	dsb	ish
	isb
	msr	sctlr_el2, x1
	isb
	ret
endfunc mmu_switch_tables

	.ltorg

	.section .bss.noinit, "aw", %nobits	/* not zeroed at boot (septum.ld) */
	.balign	16
	.global	cpu_stacks
cpu_stacks:
	.space	SEPTUM_STACK_SIZE * SEPTUM_MAX_CPUS
