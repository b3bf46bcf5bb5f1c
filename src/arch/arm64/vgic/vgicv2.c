// SPDX-License-Identifier: MIT
/*
 * The GICv2 register view of a cell (Arm IHI 0048, GICv2 architecture
 * specification): its distributor (4.3), decoded into the vGIC core's
 * register semantics, with CPU targets (GICD_ITARGETSR) limited to the
 * cell's vCPUs (vCPU n is CPU interface n) and software SGIs through
 * GICD_SGIR; and the list-register encoding of the virtual interface
 * control (5.3.6, GICH_LR). The CPU interface is the hardware's own: the
 * physical GICV frame is mapped at the cell's GICC address by stage-2.
 * Pure: no device access.
 */
#include <septum/vgic.h>

/* Distributor (IHI 0048 4.3). */
#define GICD_CTLR 0x000
#define GICD_CTLR_ENABLE_MASK 0x3U
#define GICD_TYPER 0x004
#define GICD_TYPER_CPUS_SHIFT 5
#define GICD_IIDR 0x008
#define GICD_IGROUPR 0x080
#define GICD_BITS_END 0x400 /* IGROUPR..ICACTIVER: 0x80 bytes each */
#define GICD_BITS_BLOCK 0x80
#define GICD_SGI_MASK 0xffffU /* INTIDs 0-15 of the first register of a block */
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR 0x800
#define GICD_ICFGR 0xc00
#define GICD_ICFGR_END 0xd00
#define GICD_SGIR 0xf00
#define GICD_SGIR_FILTER_SHIFT 24
#define GICD_SGIR_FILTER_MASK 0x3U
#define GICD_SGIR_FILTER_LIST 0
#define GICD_SGIR_FILTER_OTHERS 1
#define GICD_SGIR_FILTER_SELF 2
#define GICD_SGIR_TARGETS_SHIFT 16
#define GICD_SGIR_TARGETS_MASK 0xffU
#define GICD_SGIR_INTID_MASK 0xfU
#define GICD_PIDR2 0xfe8
#define GIC_PIDR2_ARCH_V2 (2U << 4)
#define GIC_REG_BYTES 0x400 /* IPRIORITYR, ITARGETSR: one byte per INTID */

/* GICH_LR (IHI 0048 5.3.6). */
#define GICH_LR_PHYSID_SHIFT 10
#define GICH_LR_CPUID_SHIFT 10
#define GICH_LR_EOI BIT(19) /* software interrupt: EOI maintenance interrupt */
#define GICH_LR_PRIORITY_SHIFT 23
#define GICH_LR_PRIORITY_DROP 3 /* the field holds the top five bits */
#define GICH_LR_PENDING BIT(28)
#define GICH_LR_ACTIVE BIT(29)
#define GICH_LR_GROUP1 BIT(30)
#define GICH_LR_HW BIT(31)

#define VGIC_IIDR 0x0053U

static bool bits_access(struct vgic *g, unsigned int vcpu, uint32_t off, bool write, uint64_t *val)
{
	static const enum vgic_bit what[] = { VGIC_BIT_GROUP,	VGIC_BIT_ENABLE,  VGIC_BIT_ENABLE,
					      VGIC_BIT_PENDING, VGIC_BIT_PENDING, VGIC_BIT_ACTIVE,
					      VGIC_BIT_ACTIVE };
	unsigned int block = off / GICD_BITS_BLOCK - 1; /* 0: IGROUPR, 1: ISENABLER, ... */
	uint32_t first = (off % GICD_BITS_BLOCK) * 8;
	uint32_t wv = (uint32_t)*val;

	if (write && what[block] == VGIC_BIT_PENDING && first == 0)
		wv &= ~GICD_SGI_MASK; /* SGIs: GICD_SPENDSGIR / CPENDSGIR set their pending state; WI here */
	if (!write)
		*val = vgic_bits_read(g, vcpu, first, what[block]);
	else if (block == 0)
		vgic_group_write(g, vcpu, first, (uint32_t)*val);
	else
		vgic_bits_write(g, vcpu, first, what[block], wv, block % 2 == 1);
	return true;
}

static uint64_t targets_read(struct vgic *g, unsigned int vcpu, uint32_t first, unsigned int count)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < count; i++) {
		const struct vgic_irq *irq = vgic_irq_of(g, vcpu, first + i);

		if (irq)
			v |= (uint64_t)(1U << (irq->intid < 32 ? vcpu : irq->target)) << (8 * i);
	}
	return v;
}

static void targets_write(struct vgic *g, uint32_t first, unsigned int count, uint64_t v)
{
	for (unsigned int i = 0; i < count; i++) {
		uint32_t mask = (uint32_t)(v >> (8 * i)) & 0xff & (uint32_t)(BIT(g->vcpu_count) - 1);

		/* One target: the lowest CPU named (the physical SPI goes to one CPU). */
		if (first + i >= 32 && mask)
			vgic_route(g, first + i, (unsigned int)__builtin_ctz(mask));
	}
}

static void sgir_write(struct vgic *g, unsigned int vcpu, uint32_t v)
{
	uint32_t all = (uint32_t)(BIT(g->vcpu_count) - 1), targets;

	switch ((v >> GICD_SGIR_FILTER_SHIFT) & GICD_SGIR_FILTER_MASK) {
	case GICD_SGIR_FILTER_LIST:
		targets = (v >> GICD_SGIR_TARGETS_SHIFT) & GICD_SGIR_TARGETS_MASK & all;
		break;
	case GICD_SGIR_FILTER_OTHERS:
		targets = all & ~(uint32_t)BIT(vcpu);
		break;
	case GICD_SGIR_FILTER_SELF:
		targets = (uint32_t)BIT(vcpu);
		break;
	default:
		return; /* reserved */
	}
	vgic_send_sgi(g, vcpu, v & GICD_SGIR_INTID_MASK, targets);
}

/* The control registers and every register of no other group (RAZ/WI), 32-bit accesses. */
static bool misc_access(struct vgic *g, uint32_t off, bool write, uint64_t *val)
{
	if (write) { /* GICD_SGIR: vgic_mmio_slow(), ops->sgir_write, before the lock */
		if (off == GICD_CTLR)
			vgic_ctlr_write(g, (uint32_t)*val & GICD_CTLR_ENABLE_MASK);
		return true; /* everything else: WI */
	}
	switch (off) {
	case GICD_CTLR:
		*val = g->ident[VGIC_IDENT_CTLR];
		break;
	case GICD_TYPER:
		*val = g->ident[VGIC_IDENT_TYPER];
		break;
	case GICD_IIDR:
		*val = g->ident[VGIC_IDENT_IIDR];
		break;
	default:
		*val = 0;
	}
	return true;
}

static void v2_ident(const struct vgic *g, uint32_t *words)
{
	words[VGIC_IDENT_CTLR] = 0; /* only the group enables: vgic_ctlr_write() */
	words[VGIC_IDENT_TYPER] = g->spi_lines | (g->vcpu_count - 1) << GICD_TYPER_CPUS_SHIFT;
	words[VGIC_IDENT_IIDR] = VGIC_IIDR;
	words[VGIC_IDENT_PIDR2] = GIC_PIDR2_ARCH_V2;
}

static bool gicd_access(struct vgic *g, unsigned int vcpu, uint32_t off, bool write, unsigned int size,
			uint64_t *val)
{
	if (off < GICD_IGROUPR && size == 4) /* GICD_CTLR, TYPER, IIDR: the ones read most, first */
		return misc_access(g, off, write, val);
	if (off >= GICD_IPRIORITYR && off < GICD_ITARGETSR + GIC_REG_BYTES && (size == 1 || size == 4)) {
		bool prio = off < GICD_ITARGETSR;
		uint32_t first = off - (prio ? GICD_IPRIORITYR : GICD_ITARGETSR);

		if (prio && write)
			vgic_prio_write(g, vcpu, first, size, *val);
		else if (prio)
			*val = vgic_prio_read(g, vcpu, first, size);
		else if (write)
			targets_write(g, first, size, *val);
		else
			*val = targets_read(g, vcpu, first, size);
		return true;
	}
	if (size != 4) {
		vgic_refuse(g, vcpu, g->gicd_ipa + off, write, "distributor registers are 32-bit here");
		if (!write)
			*val = 0;
		return true;
	}
	if (off >= GICD_IGROUPR && off < GICD_BITS_END)
		return bits_access(g, vcpu, off, write, val);
	if (off >= GICD_ICFGR && off < GICD_ICFGR_END) {
		uint32_t first = (off - GICD_ICFGR) * 4;

		if (write)
			vgic_cfg_write(g, vcpu, first, (uint32_t)*val);
		else
			*val = vgic_cfg_read(g, vcpu, first);
		return true;
	}
	return misc_access(g, off, write, val);
}

static bool v2_mmio(struct vgic *g, unsigned int vcpu, uint64_t ipa, bool write, unsigned int size,
		    uint64_t *val)
{
	if (ipa - g->gicd_ipa < VGIC_GICD_SIZE)
		return gicd_access(g, vcpu, (uint32_t)(ipa - g->gicd_ipa), write, size, val);
	return false;
}

static uint64_t v2_lr_encode(const struct vgic_irq *irq, unsigned int source)
{
	uint64_t lr = irq->intid | (uint64_t)(irq->prio >> GICH_LR_PRIORITY_DROP) << GICH_LR_PRIORITY_SHIFT |
		      GICH_LR_PENDING;

	if (irq->flags & VGIC_IRQ_GROUP1)
		lr |= GICH_LR_GROUP1;
	if (irq->flags & (VGIC_IRQ_HW | VGIC_IRQ_VLINE))
		lr |= GICH_LR_EOI; /* EL2 deactivates or re-evaluates it on the EOI maintenance interrupt */
	else if (irq->intid < VGIC_SGI_COUNT)
		lr |= (uint64_t)source << GICH_LR_CPUID_SHIFT;
	return lr;
}

static bool v2_lr_pending(uint64_t lr)
{
	return lr & GICH_LR_PENDING;
}

static bool v2_lr_active(uint64_t lr)
{
	return lr & GICH_LR_ACTIVE;
}

static uint64_t v2_lr_set_pending(uint64_t lr)
{
	return lr | GICH_LR_PENDING;
}

static uint64_t v2_lr_with_state(uint64_t lr, uint8_t state)
{
	lr &= ~(uint64_t)(GICH_LR_PENDING | GICH_LR_ACTIVE);
	if (state & VGIC_STATE_PENDING)
		lr |= GICH_LR_PENDING;
	if (state & VGIC_STATE_ACTIVE)
		lr |= GICH_LR_ACTIVE;
	return lr;
}

static const struct vgic_ops vgicv2_ops = {
	.version = GIC_V2,
	.mmio = v2_mmio,
	.lr_encode = v2_lr_encode,
	.lr_source_shift = GICH_LR_CPUID_SHIFT,
	.sgir_write = sgir_write,
	.sgir_off = GICD_SGIR,
	.lr_pending = v2_lr_pending,
	.lr_active = v2_lr_active,
	.lr_set_pending = v2_lr_set_pending,
	.lr_with_state = v2_lr_with_state,
	.ident = v2_ident,
	.pidr2_off = GICD_PIDR2,
	/*
	 * QEMU's GICv2 model clears the physical active state on a guest EOI
	 * through a HW list register but does not re-evaluate the physical
	 * interface, so a level interrupt that stays asserted is never
	 * signalled again: deactivate from EL2 instead (one more exit).
	 */
	.eoi_maintenance = true,
};
VGIC_OPS(vgicv2_ops);
