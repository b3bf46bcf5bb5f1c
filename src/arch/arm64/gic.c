// SPDX-License-Identifier: MIT
/*
 * Physical GIC front end: picks the driver for the board's GIC version from
 * those linked (septum_gic_drivers section), handles interrupts taken at
 * EL2 and gives the vGIC core its hardware (the vgic_hw_* functions). The
 * hypervisor's own interrupts are the "kick" SGI (look at the cell's state
 * and at requests from other vCPUs) and the maintenance interrupt (refill
 * the list registers); every other one belongs to the cell running here
 * and goes to a list register with the HW bit: EL2 only drops its priority
 * (EOImode 1), the guest's EOI deactivates it (docs/interrupts.md).
 */
#include <asm/gic.h>
#include <asm/gicv3_cpuif.h>
#include <asm/sysreg.h>
#include <septum/arch.h>
#include <septum/cell.h>
#include <septum/log.h>
#include <septum/percpu.h>
#include <septum/vgic.h>

extern const struct gic_driver *const __start_septum_gic_drivers[];
extern const struct gic_driver *const __stop_septum_gic_drivers[];

static const struct gic_driver *gic;
static uint32_t maint_intid = VGIC_INTID_MAINT;
/* The hypervisor's own device interrupt (arch_irq_own()); 0: none. */
static uint32_t own_intid;
static void (*own_handler)(void);

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
	if (b->gic.maint_intid)
		maint_intid = b->gic.maint_intid;
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

/* ------------------------------------------------------------ the vGIC core's hardware */

unsigned int vgic_hw_lr_count(void)
{
	return gic ? gic->lr_count() : 0;
}

uint64_t vgic_hw_lr_read(unsigned int n)
{
	return gic->lr_read(n);
}

void vgic_hw_lr_write(unsigned int n, uint64_t v)
{
	gic->lr_write(n, v);
}

uint32_t vgic_hw_elrsr(void)
{
	return gic->elrsr();
}

uint32_t vgic_hw_eisr(void)
{
	return gic->eisr();
}

void vgic_hw_irq_deactivate(uint32_t intid)
{
	gic->deactivate(intid);
}

void vgic_hw_underflow(bool on)
{
	gic->underflow(on);
}

void vgic_hw_irq_enable(uint32_t intid, bool on)
{
	gic->irq_enable(intid, on);
}

void vgic_hw_irq_clear_active(uint32_t intid)
{
	gic->irq_clear_active(intid);
}

void vgic_hw_irq_set_active(uint32_t intid)
{
	gic->irq_set_active(intid);
}

void vgic_hw_irq_route(uint32_t intid, unsigned int pcpu)
{
	gic->irq_route(intid, pcpu);
}

void vgic_hw_irq_pending(uint32_t intid, bool on)
{
	gic->irq_pending(intid, on);
}

bool vgic_hw_irq_is_pending(uint32_t intid)
{
	return gic->irq_is_pending(intid);
}

void vgic_hw_irq_config(uint32_t intid, bool edge)
{
	gic->irq_config(intid, edge);
}

void vgic_hw_kick(unsigned int pcpu)
{
	arch_cpu_kick(pcpu);
}

unsigned int vgic_hw_cpu(void)
{
	return arch_cpu_id();
}

/* The hypervisor's own interrupts, and strays: off the hot path. */
static __attribute__((noinline)) void handle_own(uint32_t iar, uint32_t intid, struct percpu *p,
						 struct vgic *g)
{
	if (intid == GIC_SGI_KICK) {
		gic->deactivate(iar);
		cell_kick_received(p->cell, p->vcpu); /* does not return if the cell was stopped */
		if (g)
			vgic_sync(g, p->vcpu);
		return;
	}
	if (intid == maint_intid) {
		if (g)
			vgic_maintenance(g, p->vcpu); /* clears the condition first: no second entry */
		gic->deactivate(iar);
		return;
	}
	if (intid == own_intid && own_intid) {
		own_handler(); /* quiets the device: the level is down when we deactivate */
		gic->deactivate(iar);
		return;
	}
	gic->deactivate(iar);
	log_warn("cpu%u: physical interrupt %u is no cell's here: ignored", p->id, intid);
}

/*
 * The IRQ path, for any driver (@v3 false: through the driver table) or,
 * with @v3 true, the GICv3 CPU interface's system registers inline
 * (asm/gicv3_cpuif.h): a timer or device interrupt of the cell then makes
 * no call at all on its way to the list register.
 */
static inline __attribute__((always_inline)) void handle_irq(const struct gic_driver *d, bool v3)
{
	struct percpu *p = (struct percpu *)read_sysreg(tpidr_el2); /* this CPU's (cpu.c) */
	uint32_t iar, intid;
	struct vgic *g;

	iar = v3 ? gicv3_cpuif_ack() : d->ack();
	intid = iar & (v3 ? GICV3_IAR_INTID_MASK : d->iar_intid_mask);
	if (intid == GIC_INTID_SPURIOUS)
		return;
	if (v3) /* priority drop only */
		gicv3_cpuif_eoi(iar);
	else
		d->eoi(iar);
	if (!p) { /* before this CPU's per-CPU data: nothing to give it to */
		d->deactivate(iar);
		return;
	}
	g = p->cell ? p->cell->vgic : NULL;
	if (g && intid >= VGIC_SGI_COUNT) {
		/* The cell's PPIs (banked) and SPIs: those backed by hardware are injected. */
		struct vgic_irq *irq =
			intid < VGIC_PRIVATE_COUNT ? &g->vcpu[p->vcpu].priv[intid] : vgic_spi_of(g, intid);

		if (irq && (irq->flags & VGIC_IRQ_HW)) { /* the guest's EOI deactivates it */
			uint32_t empty;

			if (!v3) {
				vgic_inject_hw(g, p->vcpu, irq);
				return;
			}
			empty = gicv3_cpuif_elrsr();
			if (vgic_inject_fast(g, p->vcpu, irq, empty))
				gicv3_cpuif_lr_write(irq->lr, irq->lr_base);
			else
				vgic_inject_slow(g, &g->vcpu[p->vcpu], irq, empty);
			return;
		}
	}
	handle_own(iar, intid, p, g);
}

static __attribute__((noinline)) void handle_irq_v3(const struct gic_driver *d)
{
	handle_irq(d, true);
}

static __attribute__((noinline)) void handle_irq_any(const struct gic_driver *d)
{
	handle_irq(d, false);
}

void gic_handle_irq(void)
{
	const struct gic_driver *d = gic;

	if (!d)
		return;
	if (d->version == GIC_V3)
		handle_irq_v3(d); /* tail calls: each its own (or no) stack frame */
	else
		handle_irq_any(d);
}

void gic_vcpu_init(void)
{
	if (!gic)
		return;
	/* A fresh vCPU: a timer interrupt its previous run left active (in a
	 * list register the guest never ended) must not block the new one. */
	gic->irq_clear_active(GIC_PPI_VTIMER);
	gic->irq_clear_active(GIC_PPI_PTIMER);
	gic->vcpu_init(maint_intid);
}

void arch_irq_own(uint32_t intid, unsigned int cpu, void (*handler)(void))
{
	if (!gic)
		return;
	own_handler = handler;
	__atomic_store_n(&own_intid, intid, __ATOMIC_RELEASE);
	gic->irq_config(intid, false);
	gic->irq_route(intid, cpu);
	gic->irq_enable(intid, true);
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
