// SPDX-License-Identifier: MIT
/*
 * GICv3 driver for the hypervisor (Arm IHI 0069, GICv3/v4 architecture
 * specification): distributor with affinity routing, one redistributor per
 * CPU found by its affinity in GICR_TYPER, and the system-register CPU
 * interface. Only SGIs are used, in Group 1.
 */
#include <asm/gic.h>
#include <asm/sysreg.h>
#include <septum/arch.h>
#include <septum/io.h>
#include <septum/log.h>

#define GICD_CTLR 0x0000
#define GICD_CTLR_ENABLE_G0 (1U << 0)
#define GICD_CTLR_ENABLE_G1 (1U << 1)
#define GICD_CTLR_ARE (1U << 4)
#define GICD_CTLR_RWP (1U << 31)

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
#define GICR_IPRIORITYR 0x0400

#define ICC_SRE_SRE (1U << 0)
#define ICC_SRE_ENABLE (1U << 3)
#define ICC_PMR_ALL 0xff
#define ICC_SGI1R_TARGETS_MASK 0xffffULL
#define ICC_SGI1R_AFF1_SHIFT 16
#define ICC_SGI1R_INTID_SHIFT 24
#define ICC_SGI1R_AFF2_SHIFT 32
#define ICC_SGI1R_AFF3_SHIFT 48
#define GIC_PRIO_KICK 0x80

#define MPIDR_AFF0(m) ((m)&0xff)
#define MPIDR_AFF1(m) (((m) >> 8) & 0xff)
#define MPIDR_AFF2(m) (((m) >> 16) & 0xff)
#define MPIDR_AFF3(m) (((m) >> 32) & 0xff)

#define SPIN_LIMIT 1000000

static uintptr_t gicd;
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
	mmio_write32(rd + GICR_WAKER, mmio_read32(rd + GICR_WAKER) & ~GICR_WAKER_PROCESSOR_SLEEP);
	wait_clear(rd + GICR_WAKER, GICR_WAKER_CHILDREN_ASLEEP);
	mmio_write32(rd + GICR_SGI_BASE + GICR_IGROUPR0, ~0U);
	mmio_write32(rd + GICR_SGI_BASE + GICR_IPRIORITYR + (GIC_SGI_KICK & ~3U),
		     (uint32_t)GIC_PRIO_KICK << (8 * (GIC_SGI_KICK & 3)));
	mmio_write32(rd + GICR_SGI_BASE + GICR_ISENABLER0, 1U << GIC_SGI_KICK);

	write_sysreg(S3_4_C12_C9_5, ICC_SRE_SRE | ICC_SRE_ENABLE); /* ICC_SRE_EL2 */
	isb();
	write_sysreg(S3_0_C4_C6_0, ICC_PMR_ALL); /* ICC_PMR_EL1 */
	write_sysreg(S3_0_C12_C12_3, 0);	 /* ICC_BPR1_EL1 */
	write_sysreg(S3_0_C12_C12_4, 0);	 /* ICC_CTLR_EL1: EOImode 0 */
	write_sysreg(S3_0_C12_C12_7, 1);	 /* ICC_IGRPEN1_EL1 */
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
	uint32_t iar = (uint32_t)read_sysreg(S3_0_C12_C12_0); /* ICC_IAR1_EL1 */

	dsb(sy);
	return iar;
}

static void gicv3_eoi(uint32_t iar)
{
	write_sysreg(S3_0_C12_C12_1, iar); /* ICC_EOIR1_EL1 */
	isb();
}

static const struct gic_driver gicv3_driver = {
	.version = GIC_V3,
	.init = gicv3_init,
	.init_cpu = gicv3_init_cpu,
	.send_sgi = gicv3_send_sgi,
	.ack = gicv3_ack,
	.iar_intid_mask = 0xffffff,
	.eoi = gicv3_eoi,
};
GIC_DRIVER(gicv3_driver);
