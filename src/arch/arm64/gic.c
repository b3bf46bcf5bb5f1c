// SPDX-License-Identifier: MIT
/*
 * Physical GIC front end: picks the driver for the board's GIC version from
 * those linked (septum_gic_drivers section) and handles interrupts taken at
 * EL2. For now the only interrupt the hypervisor takes is its own "kick"
 * SGI, which makes a CPU check whether its cell was stopped.
 */
#include <asm/gic.h>
#include <septum/arch.h>
#include <septum/cell.h>
#include <septum/log.h>
#include <septum/percpu.h>

extern const struct gic_driver *const __start_septum_gic_drivers[];
extern const struct gic_driver *const __stop_septum_gic_drivers[];

static const struct gic_driver *gic;

void gic_init(const struct board *b)
{
	/* Both bounds come from the linker, around one section. */
	// cppcheck-suppress comparePointers
	for (const struct gic_driver *const *d = __start_septum_gic_drivers; d < __stop_septum_gic_drivers;
	     d++)
		if ((*d)->version == b->gic.version)
			gic = *d;
	if (!gic) {
		log_err("GICv%d: no driver for it in this build: no inter-processor interrupts",
			b->gic.version);
		return;
	}
	gic->init(&b->gic);
}

void gic_init_cpu(unsigned int cpu, uint64_t mpidr)
{
	if (gic)
		gic->init_cpu(cpu, mpidr);
}

void gic_send_sgi(unsigned int cpu, uint64_t mpidr, unsigned int sgi)
{
	if (gic)
		gic->send_sgi(cpu, mpidr, sgi);
}

void gic_handle_irq(void)
{
	uint32_t iar, intid;

	if (!gic)
		return;
	iar = gic->ack();
	intid = iar & gic->iar_intid_mask;
	if (intid == GIC_INTID_SPURIOUS)
		return;
	gic->eoi(iar);
	if (intid == GIC_SGI_KICK)
		cell_kick_received();
	else
		log_warn("unexpected physical interrupt %u at EL2", intid);
}

void arch_irq_init(const struct board *b)
{
	gic_init(b);
}

void arch_irq_init_cpu(unsigned int cpu)
{
	gic_init_cpu(cpu, percpu[cpu].mpidr);
}

void arch_cpu_kick(unsigned int cpu)
{
	gic_send_sgi(cpu, percpu[cpu].mpidr, GIC_SGI_KICK);
}
