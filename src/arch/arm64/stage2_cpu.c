// SPDX-License-Identifier: MIT
/*
 * Stage-2 on the CPU: the parts of stage-2 translation that touch hardware.
 * Reads the physical address size from ID_AA64MMFR0_EL1, owns the static
 * pool of table pages all cells' tables come from, and implements
 * arch_cell_s2_build() on top of the pure builder in stage2.c.
 */
#include <asm/stage2.h>
#include <asm/sysreg.h>
#include <septum/arch.h>
#include <septum/cell.h>
#include <septum/string.h>

/* Table pages for all cells' stage-2 tables together. */
PT_STATIC_POOL_MMU_ON(s2_pool, S2_POOL_PAGES); /* stage 2 is built after the MMU is on */

static unsigned int cpu_parange(void)
{
	return (unsigned int)(read_sysreg(id_aa64mmfr0_el1) & ID_AA64MMFR0_PARANGE_MASK);
}

uint64_t s2_vtcr(void)
{
	return s2_vtcr_for(cpu_parange());
}

int arch_cell_s2_build(struct cell *c, const struct board *b, char *why, size_t len)
{
	const struct cfg *all = c->partition;
	struct pgtable pt;

	if (s2_build(&pt, &s2_pool.pool, cpu_parange(), c->cfg, c->id, all ? all->shm : NULL,
		     all ? all->shm_count : 0, pa_val(b->gic.gicv.base), why, len))
		return -1;
	/* The tables are complete in memory before any walker can use them. */
	dsb(ishst);
	c->vttbr = s2_vttbr(&pt, c->id);
	return 0;
}
