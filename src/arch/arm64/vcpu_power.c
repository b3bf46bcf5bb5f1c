// SPDX-License-Identifier: MIT
/*
 * The arch side of guest power management (src/core/cell_psci.c): a vCPU
 * that waits in the hypervisor sleeps in WFI with interrupts masked and
 * takes the kick SGI by polling the GIC; a CPU that leaves a trap for good
 * (CPU_OFF, SYSTEM_OFF, SYSTEM_RESET, a fault) starts again at the top of
 * its hypervisor stack; a restarted cell's memory is made coherent and its
 * VMID's TLB entries dropped before it runs again.
 */
#include <asm/cache.h>
#include <asm/gic.h>
#include <asm/sysreg.h>
#include <septum/arch.h>
#include <septum/cell.h>

/* boot.S: SEPTUM_STACK_SIZE bytes per logical CPU; CPU n uses slot n, top at (n + 1). */
extern char cpu_stacks[];

void arch_vcpu_quiesce(void)
{
	write_sysreg(cntv_ctl_el0, 0);
	write_sysreg(cntp_ctl_el0, 0);
	isb();
}

void arch_cpu_idle(void)
{
	/* WFI wakes on a pending interrupt even when PSTATE.I masks it (Arm ARM D1.6.2). */
	dsb(sy);
	wfi();
}

void arch_irq_poll(void)
{
	gic_handle_irq();
}

void arch_cpu_rewind(unsigned int cpu, void (*fn)(unsigned int cpu))
{
	register uint64_t x0 __asm__("x0") = cpu;
	register uint64_t x1 __asm__("x1") = (uintptr_t)fn;
	register uint64_t x2 __asm__("x2") = (uintptr_t)cpu_stacks + ((uint64_t)cpu + 1) * SEPTUM_STACK_SIZE;

	__asm__ volatile("mov sp, x2\n\tmov x29, xzr\n\tmov x30, xzr\n\tbr x1"
			 :
			 : "r"(x0), "r"(x1), "r"(x2)
			 : "memory");
	__builtin_unreachable();
}

void arch_cell_memory_reloaded(struct cell *c)
{
	for (unsigned int i = 0; i < c->cfg->mem_count; i++)
		cache_clean_inval_range((const void *)(uintptr_t)pa_val(c->cfg->mem[i].pa),
					c->cfg->mem[i].size);
	/* TLBI by VMID acts on the VMID in VTTBR_EL2: this CPU runs @c. */
	write_sysreg(vttbr_el2, c->vttbr);
	isb();
	__asm__ volatile("tlbi vmalls12e1is\n\tdsb ish\n\tic ialluis\n\tdsb ish\n\tisb" ::: "memory");
}
