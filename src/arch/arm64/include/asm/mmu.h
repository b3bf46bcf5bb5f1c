/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's own EL2 stage-1 translation: a boot map made with the
 * MMU off, then the final map once the board is known. Everything is
 * identity mapped (virtual address = physical address).
 */
#ifndef ASM_MMU_H
#define ASM_MMU_H

#include <stdint.h>

/*
 * The register values a CPU needs to turn its MMU on with the hypervisor's
 * tables. Secondary CPUs read them with the MMU off, so the boot CPU cleans
 * them to the point of coherency.
 */
struct mmu_boot_regs {
	uint64_t mair;
	uint64_t tcr;
	uint64_t ttbr;
	uint64_t sctlr;
};

extern struct mmu_boot_regs mmu_boot_regs;

/* Build the boot map and turn the MMU and caches on (boot CPU, MMU off). */
void mmu_init_early(const void *fdt);
/* Switch TTBR0_EL2 to @ttbr: assembly, MMU briefly off, TLB invalidated. */
void mmu_switch_tables(uint64_t ttbr);

#endif
