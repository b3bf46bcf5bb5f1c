// SPDX-License-Identifier: MIT
/*
 * The GICv3 register view of a cell (Arm IHI 0069, GICv3/v4 architecture
 * specification): its distributor (12.9, affinity routing always on, one
 * security state: GICD_CTLR.DS reads 1) and one redistributor per vCPU
 * (12.10, RD_base + SGI_base, the last flagged GICR_TYPER.Last), decoded
 * into the vGIC core's register semantics; the list-register encoding
 * (12.4, ICH_LR<n>_EL2); and the SGI registers the guest writes through
 * ICC_SGI1R_EL1, trapped by HCR_EL2.IMO. Pure: no system-register access.
 */
#include <septum/vgic.h>

/* Distributor (IHI 0069 12.9). */
#define GICD_CTLR 0x0000
#define GICD_CTLR_ENABLE_MASK 0x3U
#define GICD_CTLR_ARE BIT(4)
#define GICD_CTLR_DS BIT(6)
#define GICD_TYPER 0x0004
#define GICD_TYPER_IDBITS_SHIFT 19
#define GICD_TYPER_IDBITS_10 9U /* INTIDs 0-1023 */
#define GICD_IIDR 0x0008
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ISPENDR 0x0200
#define GICD_ICPENDR 0x0280
#define GICD_ISACTIVER 0x0300
#define GICD_ICACTIVER 0x0380
#define GICD_IPRIORITYR 0x0400
#define GICD_ICFGR 0x0c00
#define GICD_BITS_END 0x0400 /* IGROUPR..ICACTIVER: 0x80 bytes each */
#define GICD_BITS_BLOCK 0x80
#define GICD_IPRIORITYR_END 0x0800
#define GICD_ICFGR_END 0x0d00
#define GICD_IROUTER 0x6000
#define GICD_IROUTER_END 0x7fe0
#define GICD_PIDR2 0xffe8
#define GIC_PIDR2_ARCH_V3 (3U << 4)
#define GICD_IROUTER_IRM BIT(31)
#define GICD_IROUTER_AFF_MASK 0xff00ffffffULL

/* Redistributor (IHI 0069 12.10). */
#define GICR_SGI_BASE 0x10000
#define GICR_CTLR 0x0000
#define GICR_IIDR 0x0004
#define GICR_TYPER 0x0008
#define GICR_TYPER_LAST BIT(4)
#define GICR_TYPER_PROC_SHIFT 8
#define GICR_TYPER_AFF_SHIFT 32
#define GICR_WAKER 0x0014
#define GICR_WAKER_PROCESSOR_SLEEP BIT(1)
#define GICR_WAKER_CHILDREN_ASLEEP BIT(2)
#define GICR_PIDR2 0xffe8

/* ICH_LR<n>_EL2 (IHI 0069 12.4.6). */
#define ICH_LR_PINTID_SHIFT 32
#define ICH_LR_EOI BIT(41) /* software interrupt: EOI maintenance interrupt */
#define ICH_LR_PRIORITY_SHIFT 48
#define ICH_LR_GROUP BIT(60)
#define ICH_LR_HW BIT(61)
#define ICH_LR_PENDING BIT(62)
#define ICH_LR_ACTIVE BIT(63)

/* ICC_SGI1R_EL1 (IHI 0069 12.2.22). */
#define ICC_SGIR_TARGETS_MASK 0xffffULL
#define ICC_SGIR_AFF1_SHIFT 16
#define ICC_SGIR_INTID_SHIFT 24
#define ICC_SGIR_INTID_MASK 0xfULL
#define ICC_SGIR_AFF2_SHIFT 32
#define ICC_SGIR_IRM BIT(40)
#define ICC_SGIR_RS_SHIFT 44
#define ICC_SGIR_AFF3_SHIFT 48
#define ICC_SGIR_HIGH_AFF_MASK                                                 \
	((0xffULL << ICC_SGIR_AFF1_SHIFT) | (0xffULL << ICC_SGIR_AFF2_SHIFT) | \
	 (0xfULL << ICC_SGIR_RS_SHIFT) | (0xffULL << ICC_SGIR_AFF3_SHIFT))

/* Implementer: none (0); Septum's own product ID in the IIDR. */
#define VGIC_IIDR 0x0053U

static bool bits_access(struct vgic *g, unsigned int vcpu, uint32_t off, uint32_t first, bool write,
			uint64_t *val)
{
	static const enum vgic_bit what[] = { VGIC_BIT_GROUP,	VGIC_BIT_ENABLE,  VGIC_BIT_ENABLE,
					      VGIC_BIT_PENDING, VGIC_BIT_PENDING, VGIC_BIT_ACTIVE,
					      VGIC_BIT_ACTIVE };
	unsigned int block = off / GICD_BITS_BLOCK - 1; /* 0: IGROUPR, 1: ISENABLER, ... */

	if (!write)
		*val = vgic_bits_read(g, vcpu, first, what[block]);
	else if (block == 0)
		vgic_group_write(g, vcpu, first, (uint32_t)*val);
	else
		vgic_bits_write(g, vcpu, first, what[block], (uint32_t)*val, block % 2 == 1);
	return true;
}

static uint64_t irouter_read(struct vgic *g, uint32_t intid)
{
	const struct vgic_irq *irq = vgic_irq_of(g, 0, intid);

	return irq ? irq->target : 0; /* vCPU n has MPIDR Aff0 = n */
}

/* The control registers and every register of no other group (RAZ/WI), 32-bit accesses. */
static bool misc_access(struct vgic *g, unsigned int vcpu, uint32_t off, bool write, uint64_t *val)
{
	(void)vcpu;
	if (write) {
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
		*val = 0; /* reserved or not implemented: RAZ */
	}
	return true;
}

static void v3_ident(const struct vgic *g, uint32_t *words)
{
	words[VGIC_IDENT_CTLR] = GICD_CTLR_ARE | GICD_CTLR_DS; /* the group enables: vgic_ctlr_write() */
	words[VGIC_IDENT_TYPER] = g->spi_lines | GICD_TYPER_IDBITS_10 << GICD_TYPER_IDBITS_SHIFT;
	words[VGIC_IDENT_IIDR] = VGIC_IIDR;
	words[VGIC_IDENT_PIDR2] = GIC_PIDR2_ARCH_V3;
}

static bool gicd_access(struct vgic *g, unsigned int vcpu, uint32_t off, bool write, unsigned int size,
			uint64_t *val)
{
	if (off < GICD_IGROUPR && size == 4) /* GICD_CTLR, TYPER, IIDR: the ones read most, first */
		return misc_access(g, vcpu, off, write, val);
	if (off >= GICD_IROUTER && off < GICD_IROUTER_END && (size == 8 || size == 4)) {
		uint32_t intid = (off - GICD_IROUTER) / 8;

		if (!write) {
			*val = (off & 4) ? 0 : irouter_read(g, intid);
		} else if (!(off & 4)) {
			/* 1-of-N (IRM) is delivered to vCPU 0; other affinities are not the cell's. */
			uint64_t aff = *val & GICD_IROUTER_AFF_MASK;

			if (*val & GICD_IROUTER_IRM)
				vgic_route(g, intid, 0);
			else if (aff < g->vcpu_count)
				vgic_route(g, intid, (unsigned int)aff);
		}
		return true;
	}
	if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR_END && (size == 1 || size == 4)) {
		uint32_t intid = off - GICD_IPRIORITYR;

		if (intid < 32) /* ARE: private interrupts are the redistributors' */
			*val = write ? *val : 0;
		else if (write)
			vgic_prio_write(g, vcpu, intid, size, *val);
		else
			*val = vgic_prio_read(g, vcpu, intid, size);
		return true;
	}
	if (size != 4) {
		vgic_refuse(g, vcpu, g->gicd_ipa + off, write, "distributor registers are 32-bit here");
		if (!write)
			*val = 0;
		return true;
	}
	if (off >= GICD_IGROUPR && off < GICD_BITS_END) {
		uint32_t first = (off % GICD_BITS_BLOCK) * 8;

		if (first == 0) { /* ARE: the redistributors' */
			if (!write)
				*val = 0;
			return true;
		}
		return bits_access(g, vcpu, off & ~(GICD_BITS_BLOCK - 1), first, write, val);
	}
	if (off >= GICD_ICFGR && off < GICD_ICFGR_END) {
		uint32_t first = (off - GICD_ICFGR) * 4;

		if (first < 32)
			*val = write ? *val : 0;
		else if (write)
			vgic_cfg_write(g, vcpu, first, (uint32_t)*val);
		else
			*val = vgic_cfg_read(g, vcpu, first);
		return true;
	}
	return misc_access(g, vcpu, off, write, val);
}

static bool gicr_access(struct vgic *g, unsigned int vcpu, unsigned int bank, uint32_t off, bool write,
			unsigned int size, uint64_t *val)
{
	struct vgic_vcpu *v = &g->vcpu[bank];

	if (off >= GICR_SGI_BASE) {
		uint32_t o = off - GICR_SGI_BASE;

		if (o >= GICD_IPRIORITYR && o < GICD_IPRIORITYR + 32 && (size == 1 || size == 4)) {
			if (write)
				vgic_prio_write(g, bank, o - GICD_IPRIORITYR, size, *val);
			else
				*val = vgic_prio_read(g, bank, o - GICD_IPRIORITYR, size);
			return true;
		}
		if (size != 4)
			goto refuse;
		if (o >= GICD_IGROUPR && o < GICD_BITS_END && o % GICD_BITS_BLOCK == 0)
			return bits_access(g, bank, o, 0, write, val);
		if (o == GICD_ICFGR || o == GICD_ICFGR + 4) {
			if (write)
				vgic_cfg_write(g, bank, (o - GICD_ICFGR) * 4, (uint32_t)*val);
			else
				*val = vgic_cfg_read(g, bank, (o - GICD_ICFGR) * 4);
			return true;
		}
		if (!write)
			*val = 0;
		return true;
	}
	if (off == GICR_TYPER || off == GICR_TYPER + 4) {
		uint64_t typer = (uint64_t)bank << GICR_TYPER_AFF_SHIFT |
				 (uint64_t)bank << GICR_TYPER_PROC_SHIFT |
				 (bank + 1 == g->vcpu_count ? GICR_TYPER_LAST : 0);

		if (!write)
			*val = size == 8 ? typer : (off & 4) ? typer >> 32 : (uint32_t)typer;
		return true;
	}
	if (size != 4)
		goto refuse;
	if (off == GICR_WAKER) {
		if (write)
			v->gicr_waker = (uint32_t)*val & GICR_WAKER_PROCESSOR_SLEEP;
		else
			*val = v->gicr_waker | (v->gicr_waker ? GICR_WAKER_CHILDREN_ASLEEP : 0);
		return true;
	}
	if (!write)
		*val = off == GICR_IIDR ? VGIC_IIDR : off == GICR_PIDR2 ? GIC_PIDR2_ARCH_V3 : 0;
	return true;
refuse:
	vgic_refuse(g, vcpu, g->gicr_ipa + (uint64_t)bank * VGIC_GICR_FRAME + off, write,
		    "redistributor registers are 32-bit here");
	if (!write)
		*val = 0;
	return true;
}

static bool v3_mmio(struct vgic *g, unsigned int vcpu, uint64_t ipa, bool write, unsigned int size,
		    uint64_t *val)
{
	if (ipa - g->gicd_ipa < VGIC_GICD_SIZE)
		return gicd_access(g, vcpu, (uint32_t)(ipa - g->gicd_ipa), write, size, val);
	if (ipa - g->gicr_ipa < VGIC_GICR_FRAME * g->vcpu_count) {
		uint64_t off = ipa - g->gicr_ipa;

		return gicr_access(g, vcpu, (unsigned int)(off / VGIC_GICR_FRAME),
				   (uint32_t)(off % VGIC_GICR_FRAME), write, size, val);
	}
	return false;
}

static uint64_t v3_lr_encode(const struct vgic_irq *irq, unsigned int source)
{
	uint64_t lr = irq->intid | (uint64_t)irq->prio << ICH_LR_PRIORITY_SHIFT | ICH_LR_PENDING;

	(void)source; /* GICv3 SGIs carry no source */
	if (irq->flags & VGIC_IRQ_GROUP1)
		lr |= ICH_LR_GROUP;
	if (irq->flags & VGIC_IRQ_HW)
		lr |= ICH_LR_HW | (uint64_t)irq->pintid << ICH_LR_PINTID_SHIFT;
	else if (irq->flags & VGIC_IRQ_VLINE)
		lr |= ICH_LR_EOI; /* a level line: re-evaluated when the guest ends it */
	return lr;
}

static bool v3_lr_pending(uint64_t lr)
{
	return lr & ICH_LR_PENDING;
}

static bool v3_lr_active(uint64_t lr)
{
	return lr & ICH_LR_ACTIVE;
}

static uint64_t v3_lr_set_pending(uint64_t lr)
{
	return lr | ICH_LR_PENDING;
}

static void v3_sgi_sysreg(struct vgic *g, unsigned int vcpu, uint64_t v)
{
	uint32_t sgi = (uint32_t)((v >> ICC_SGIR_INTID_SHIFT) & ICC_SGIR_INTID_MASK), targets;

	if (v & ICC_SGIR_IRM)
		targets = (uint32_t)(BIT(g->vcpu_count) - 1) & ~(uint32_t)BIT(vcpu); /* all but self */
	else if (v & ICC_SGIR_HIGH_AFF_MASK)
		targets = 0; /* no vCPU of the cell has such an affinity */
	else
		targets = (uint32_t)(v & ICC_SGIR_TARGETS_MASK & (BIT(g->vcpu_count) - 1));
	/*
	 * No vGIC lock: sending touches other vCPUs only through their atomic
	 * sgi_from words (and a kick), and the sender's own list registers and
	 * queue, which only its own CPU ever changes (as the kick handler's
	 * vgic_sync() does, with no lock either).
	 */
	vgic_send_sgi(g, vcpu, sgi, targets);
}

static uint64_t v3_lr_with_state(uint64_t lr, uint8_t state)
{
	lr &= ~(uint64_t)(ICH_LR_PENDING | ICH_LR_ACTIVE);
	if (state & VGIC_STATE_PENDING)
		lr |= ICH_LR_PENDING;
	if (state & VGIC_STATE_ACTIVE)
		lr |= ICH_LR_ACTIVE;
	return lr;
}

static const struct vgic_ops vgicv3_ops = {
	.version = GIC_V3,
	.mmio = v3_mmio,
	.lr_encode = v3_lr_encode,
	.lr_pending = v3_lr_pending,
	.lr_active = v3_lr_active,
	.lr_set_pending = v3_lr_set_pending,
	.lr_with_state = v3_lr_with_state,
	.ident = v3_ident,
	.pidr2_off = GICD_PIDR2,
	.sgi_sysreg = v3_sgi_sysreg,
};
VGIC_OPS(vgicv3_ops);
