// SPDX-License-Identifier: MIT
/*
 * GICv3 driver for the hypervisor (Arm IHI 0069, GICv3/v4 architecture
 * specification): distributor with affinity routing, one redistributor per
 * CPU found by its affinity in GICR_TYPER, and the system-register CPU
 * interface with EOImode 1 (12.2.6 ICC_CTLR_EL1: EOI drops the priority,
 * ICC_DIR_EL1 deactivates). Everything is Group 1. The cells' SPIs are
 * routed by GICD_IROUTER to the CPU of their target vCPU; the virtual CPU
 * interface (ICH_*_EL2, 12.4) holds their list registers.
 */
#include <asm/gic.h>
#include <asm/gicv3_cpuif.h>
#include <asm/sysreg.h>
#include <septum/arch.h>
#include <septum/io.h>
#include <septum/log.h>
#include <septum/percpu.h>
#include <septum/spinlock.h>

#define GICD_CTLR 0x0000
#define GICD_CTLR_ENABLE_G0 (1U << 0)
#define GICD_CTLR_ENABLE_G1 (1U << 1)
#define GICD_CTLR_ARE (1U << 4)
#define GICD_CTLR_RWP (1U << 31)
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ISACTIVER 0x0300
#define GICD_ICACTIVER 0x0380
#define GICD_ISPENDR 0x0200
#define GICD_ICPENDR 0x0280
#define GICD_IPRIORITYR 0x0400
#define GICD_ICFGR 0x0c00
#define GICD_ICFGR_EDGE 2U
#define GICD_IROUTER 0x6000
#define REG_BIT(base, intid) ((base) + 4 * ((intid) / 32))

#define GICR_FRAME_SIZE 0x20000 /* RD_base + SGI_base, 64 KiB each */
#define GICR_SGI_BASE 0x10000
#define GICR_WAKER 0x0014
#define GICR_WAKER_PROCESSOR_SLEEP (1U << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1U << 2)
#define GICR_TYPER 0x0008
#define GICR_TYPER_VLPIS (1ULL << 1)
#define GICR_TYPER_LAST (1ULL << 4)
#define GICR_TYPER_AFF_SHIFT 32
#define GICR_IGROUPR0 0x0080
#define GICR_ISENABLER0 0x0100
#define GICR_ISACTIVER0 0x0300
#define GICR_ICACTIVER0 0x0380
#define GICR_IPRIORITYR 0x0400

#define ICC_SRE_SRE (1U << 0)
#define ICC_SRE_ENABLE (1U << 3)
#define ICC_PMR_ALL 0xff
#define ICC_SGI1R_TARGETS_MASK 0xffffULL
#define ICC_SGI1R_AFF1_SHIFT 16
#define ICC_SGI1R_INTID_SHIFT 24
#define ICC_SGI1R_AFF2_SHIFT 32
#define ICC_SGI1R_AFF3_SHIFT 48
#define ICC_CTLR_EOIMODE (1U << 1)
#define ICH_HCR_EN (1ULL << 0)
#define ICH_HCR_UIE (1ULL << 1)
#define ICH_VTR_LISTREGS_MASK 0x1f

#define MPIDR_AFF0(m) ((m)&0xff)
#define MPIDR_AFF1(m) (((m) >> 8) & 0xff)
#define MPIDR_AFF2(m) (((m) >> 16) & 0xff)
#define MPIDR_AFF3(m) (((m) >> 32) & 0xff)

#define SPIN_LIMIT 1000000

static uintptr_t gicd;
static uintptr_t gicr_of_cpu[SEPTUM_MAX_CPUS];
static spinlock_t dist_lock; /* read-modify-write of shared distributor registers */
static struct pa_range gicr_regions[BOARD_MAX_GICR];
static unsigned int gicr_count;

static void wait_clear(uintptr_t reg, uint32_t bits)
{
	for (unsigned int i = 0; mmio_read32(reg) & bits; i++)
		if (i == SPIN_LIMIT)
			panic("GIC register 0x%lx bits 0x%x stuck", (unsigned long)reg, bits);
}

static void gicv3_init(const struct board_gic *g)
{
	gicd = arch_map_device(g->gicd.base, g->gicd.size);
	for (unsigned int i = 0; i < g->gicr_count; i++) {
		gicr_regions[i] = g->gicr[i];
		arch_map_device(g->gicr[i].base, g->gicr[i].size);
	}
	gicr_count = g->gicr_count;
	mmio_write32(gicd + GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_ENABLE_G1 | GICD_CTLR_ENABLE_G0);
	wait_clear(gicd + GICD_CTLR, GICD_CTLR_RWP);
}

static uint64_t read64(uintptr_t a)
{
	return (uint64_t)mmio_read32(a) | (uint64_t)mmio_read32(a + 4) << 32;
}

/* The redistributor whose GICR_TYPER affinity is @mpidr's. */
static uintptr_t find_redistributor(uint64_t mpidr)
{
	uint32_t aff = (uint32_t)(MPIDR_AFF3(mpidr) << 24 | MPIDR_AFF2(mpidr) << 16 | MPIDR_AFF1(mpidr) << 8 |
				  MPIDR_AFF0(mpidr));

	for (unsigned int r = 0; r < gicr_count; r++) {
		uintptr_t base = (uintptr_t)pa_val(gicr_regions[r].base), end = base + gicr_regions[r].size;

		while (base < end) {
			uint64_t typer = read64(base + GICR_TYPER);

			if ((uint32_t)(typer >> GICR_TYPER_AFF_SHIFT) == aff)
				return base;
			if (typer & GICR_TYPER_LAST)
				break;
			base += GICR_FRAME_SIZE * ((typer & GICR_TYPER_VLPIS) ? 2 : 1);
		}
	}
	return 0;
}

static void gicv3_init_cpu(unsigned int cpu, uint64_t mpidr)
{
	uintptr_t rd = find_redistributor(mpidr);

	if (!rd) {
		log_err("cpu%u: no GICv3 redistributor for MPIDR 0x%llx", cpu, (unsigned long long)mpidr);
		return;
	}
	gicr_of_cpu[cpu] = rd;
	mmio_write32(rd + GICR_WAKER, mmio_read32(rd + GICR_WAKER) & ~GICR_WAKER_PROCESSOR_SLEEP);
	wait_clear(rd + GICR_WAKER, GICR_WAKER_CHILDREN_ASLEEP);
	mmio_write32(rd + GICR_SGI_BASE + GICR_IGROUPR0, ~0U);
	mmio_write32(rd + GICR_SGI_BASE + GICR_IPRIORITYR + (GIC_SGI_KICK & ~3U),
		     (uint32_t)GIC_PRIO_KICK << (8 * (GIC_SGI_KICK & 3)));
	mmio_write32(rd + GICR_SGI_BASE + GICR_ISENABLER0, 1U << GIC_SGI_KICK);

	write_sysreg(S3_4_C12_C9_5, ICC_SRE_SRE | ICC_SRE_ENABLE); /* ICC_SRE_EL2 */
	isb();
	write_sysreg(S3_0_C4_C6_0, ICC_PMR_ALL);	/* ICC_PMR_EL1 */
	write_sysreg(S3_0_C12_C12_3, 0);		/* ICC_BPR1_EL1 */
	write_sysreg(S3_0_C12_C12_4, ICC_CTLR_EOIMODE); /* ICC_CTLR_EL1 */
	write_sysreg(S3_0_C12_C12_7, 1);		/* ICC_IGRPEN1_EL1 */
	isb();
}

static void gicv3_send_sgi(unsigned int cpu, uint64_t mpidr, unsigned int sgi)
{
	(void)cpu;
	dsb(ishst);
	write_sysreg(S3_0_C12_C11_5, /* ICC_SGI1R_EL1 */
		     (1ULL << MPIDR_AFF0(mpidr)) | MPIDR_AFF1(mpidr) << ICC_SGI1R_AFF1_SHIFT |
			     (uint64_t)sgi << ICC_SGI1R_INTID_SHIFT |
			     MPIDR_AFF2(mpidr) << ICC_SGI1R_AFF2_SHIFT |
			     MPIDR_AFF3(mpidr) << ICC_SGI1R_AFF3_SHIFT);
	isb();
}

static uint32_t gicv3_ack(void)
{
	return gicv3_cpuif_ack();
}

static void gicv3_eoi(uint32_t iar)
{
	gicv3_cpuif_eoi(iar);
}

static void gicv3_deactivate(uint32_t iar)
{
	write_sysreg(S3_0_C12_C11_1, iar); /* ICC_DIR_EL1 */
	isb();
}

/* One byte of a byte-per-INTID register, by a 32-bit read-modify-write. */
static void write_byte(uintptr_t reg, uint32_t intid, uint8_t v)
{
	uintptr_t a = reg + (intid & ~3U);
	unsigned int shift = 8 * (intid & 3);

	mmio_write32(a, (mmio_read32(a) & ~(0xffU << shift)) | (uint32_t)v << shift);
}

static void gicv3_irq_enable(uint32_t intid, bool on)
{
	mmio_write32(REG_BIT(gicd + (on ? GICD_ISENABLER : GICD_ICENABLER), intid), 1U << (intid % 32));
}

/* Clear @intid's active state: an SPI at the distributor, a PPI in this CPU's redistributor. */
static void gicv3_irq_clear_active(uint32_t intid)
{
	if (intid >= GIC_SPI_FIRST)
		mmio_write32(REG_BIT(gicd + GICD_ICACTIVER, intid), 1U << (intid % 32));
	else if (gicr_of_cpu[arch_cpu_id()])
		mmio_write32(gicr_of_cpu[arch_cpu_id()] + GICR_SGI_BASE + GICR_ICACTIVER0, 1U << intid);
}

/* Set @intid's active state, as gicv3_irq_clear_active() clears it: it is not signalled while active. */
static void gicv3_irq_set_active(uint32_t intid)
{
	if (intid >= GIC_SPI_FIRST)
		mmio_write32(REG_BIT(gicd + GICD_ISACTIVER, intid), 1U << (intid % 32));
	else if (gicr_of_cpu[arch_cpu_id()])
		mmio_write32(gicr_of_cpu[arch_cpu_id()] + GICR_SGI_BASE + GICR_ISACTIVER0, 1U << intid);
}

static void gicv3_irq_route(uint32_t intid, unsigned int cpu)
{
	uint64_t mpidr = percpu[cpu].mpidr;
	uintptr_t grp = REG_BIT(gicd + GICD_IGROUPR, intid);

	spin_lock(&dist_lock);
	mmio_write32(grp, mmio_read32(grp) | 1U << (intid % 32));
	write_byte(gicd + GICD_IPRIORITYR, intid, GIC_PRIO_GUEST);
	mmio_write32(gicd + GICD_IROUTER + 8 * intid,
		     (uint32_t)(MPIDR_AFF0(mpidr) | MPIDR_AFF1(mpidr) << 8 | MPIDR_AFF2(mpidr) << 16));
	mmio_write32(gicd + GICD_IROUTER + 8 * intid + 4, (uint32_t)MPIDR_AFF3(mpidr));
	spin_unlock(&dist_lock);
}

static void gicv3_irq_pending(uint32_t intid, bool on)
{
	mmio_write32(REG_BIT(gicd + (on ? GICD_ISPENDR : GICD_ICPENDR), intid), 1U << (intid % 32));
}

static bool gicv3_irq_is_pending(uint32_t intid)
{
	return mmio_read32(REG_BIT(gicd + GICD_ISPENDR, intid)) & (1U << (intid % 32));
}

static void gicv3_irq_config(uint32_t intid, bool edge)
{
	uintptr_t a = gicd + GICD_ICFGR + 4 * (intid / 16);
	unsigned int shift = 2 * (intid % 16);

	spin_lock(&dist_lock);
	mmio_write32(a, (mmio_read32(a) & ~(3U << shift)) | (edge ? GICD_ICFGR_EDGE << shift : 0));
	spin_unlock(&dist_lock);
}

static unsigned int gicv3_lr_count(void)
{
	return (unsigned int)(read_sysreg(S3_4_C12_C11_1) & ICH_VTR_LISTREGS_MASK) + 1; /* ICH_VTR_EL2 */
}

/* ICH_LR<n>_EL2: S3_4_C12_C12_<n> for n < 8, S3_4_C12_C13_<n-8> above. */
static uint64_t gicv3_lr_read(unsigned int n)
{
	switch (n) {
	case 0:
		return read_sysreg(S3_4_C12_C12_0);
	case 1:
		return read_sysreg(S3_4_C12_C12_1);
	case 2:
		return read_sysreg(S3_4_C12_C12_2);
	case 3:
		return read_sysreg(S3_4_C12_C12_3);
	case 4:
		return read_sysreg(S3_4_C12_C12_4);
	case 5:
		return read_sysreg(S3_4_C12_C12_5);
	case 6:
		return read_sysreg(S3_4_C12_C12_6);
	case 7:
		return read_sysreg(S3_4_C12_C12_7);
	case 8:
		return read_sysreg(S3_4_C12_C13_0);
	case 9:
		return read_sysreg(S3_4_C12_C13_1);
	case 10:
		return read_sysreg(S3_4_C12_C13_2);
	case 11:
		return read_sysreg(S3_4_C12_C13_3);
	case 12:
		return read_sysreg(S3_4_C12_C13_4);
	case 13:
		return read_sysreg(S3_4_C12_C13_5);
	case 14:
		return read_sysreg(S3_4_C12_C13_6);
	default:
		return read_sysreg(S3_4_C12_C13_7);
	}
}

static void gicv3_lr_write(unsigned int n, uint64_t v)
{
	gicv3_cpuif_lr_write(n, v);
}

static uint32_t gicv3_elrsr(void)
{
	return gicv3_cpuif_elrsr();
}

static uint32_t gicv3_eisr(void)
{
	return (uint32_t)read_sysreg(S3_4_C12_C11_3); /* ICH_EISR_EL2 */
}

static void gicv3_underflow(bool on)
{
	uint64_t hcr = on ? ICH_HCR_EN | ICH_HCR_UIE : ICH_HCR_EN;

	if (read_sysreg(S3_4_C12_C11_0) != hcr) /* ICH_HCR_EL2 */
		write_sysreg(S3_4_C12_C11_0, hcr);
}

static void gicv3_vcpu_init(uint32_t maint_intid)
{
	uintptr_t sgi = gicr_of_cpu[arch_cpu_id()] + GICR_SGI_BASE;
	uint32_t ppis = 1U << maint_intid | 1U << GIC_PPI_VTIMER | 1U << GIC_PPI_PTIMER;

	for (unsigned int n = 0; n < gicv3_lr_count(); n++)
		gicv3_lr_write(n, 0);
	write_sysreg(S3_4_C12_C8_0, 0);		  /* ICH_AP0R0_EL2 */
	write_sysreg(S3_4_C12_C9_0, 0);		  /* ICH_AP1R0_EL2 */
	write_sysreg(S3_4_C12_C11_7, 0);	  /* ICH_VMCR_EL2: the guest sets it through ICC_* */
	write_sysreg(S3_4_C12_C11_0, ICH_HCR_EN); /* ICH_HCR_EL2 */
	if (sgi == GICR_SGI_BASE)
		return; /* no redistributor: reported at bring-up */
	for (unsigned int i = 16; i < 32; i++)
		if (ppis & (1U << i))
			write_byte(sgi + GICR_IPRIORITYR, i, GIC_PRIO_GUEST);
	mmio_write32(sgi + GICR_ISENABLER0, ppis);
	isb();
}

static const struct gic_driver gicv3_driver = {
	.version = GIC_V3,
	.init = gicv3_init,
	.init_cpu = gicv3_init_cpu,
	.send_sgi = gicv3_send_sgi,
	.ack = gicv3_ack,
	.iar_intid_mask = GICV3_IAR_INTID_MASK,
	.eoi = gicv3_eoi,
	.deactivate = gicv3_deactivate,
	.irq_enable = gicv3_irq_enable,
	.irq_clear_active = gicv3_irq_clear_active,
	.irq_set_active = gicv3_irq_set_active,
	.irq_route = gicv3_irq_route,
	.irq_pending = gicv3_irq_pending,
	.irq_is_pending = gicv3_irq_is_pending,
	.irq_config = gicv3_irq_config,
	.vcpu_init = gicv3_vcpu_init,
	.lr_count = gicv3_lr_count,
	.lr_read = gicv3_lr_read,
	.lr_write = gicv3_lr_write,
	.elrsr = gicv3_elrsr,
	.eisr = gicv3_eisr,
	.underflow = gicv3_underflow,
};
GIC_DRIVER(gicv3_driver);
