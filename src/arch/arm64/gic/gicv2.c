// SPDX-License-Identifier: MIT
/*
 * GICv2 driver for the hypervisor (Arm IHI 0048, GICv2 architecture
 * specification; the GIC-400 of the Raspberry Pi 4): distributor and the
 * memory-mapped CPU interface (GICC). Only SGIs are used. SGI targets are
 * CPU-interface numbers, learnt per CPU from the banked GICD_ITARGETSR0.
 */
#include <asm/gic.h>
#include <asm/sysreg.h>
#include <septum/arch.h>
#include <septum/build_config.h>
#include <septum/io.h>

#define GICD_CTLR 0x000
#define GICD_ISENABLER0 0x100
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR0 0x800
#define GICD_SGIR 0xf00
#define GICD_SGIR_TARGETS_SHIFT 16

#define GICC_CTLR 0x00
#define GICC_PMR 0x04
#define GICC_IAR 0x0c
#define GICC_EOIR 0x10

#define GIC_ENABLE 1U
#define GIC_PMR_ALL 0xff
#define GIC_PRIO_KICK 0x80

static uintptr_t gicd, gicc;
static uint8_t cpu_if_mask[SEPTUM_MAX_CPUS];

static void gicv2_init(const struct board_gic *g)
{
	gicd = arch_map_device(g->gicd.base, g->gicd.size);
	gicc = arch_map_device(g->gicc.base, g->gicc.size);
	mmio_write32(gicd + GICD_CTLR, GIC_ENABLE);
}

static void gicv2_init_cpu(unsigned int cpu, uint64_t mpidr)
{
	(void)mpidr;
	/* Each byte of the banked ITARGETSR0 reads as this CPU's interface bit. */
	cpu_if_mask[cpu] = (uint8_t)mmio_read32(gicd + GICD_ITARGETSR0);
	mmio_write32(gicd + GICD_IPRIORITYR + (GIC_SGI_KICK & ~3U),
		     (uint32_t)GIC_PRIO_KICK << (8 * (GIC_SGI_KICK & 3)));
	mmio_write32(gicd + GICD_ISENABLER0, 1U << GIC_SGI_KICK);
	mmio_write32(gicc + GICC_PMR, GIC_PMR_ALL);
	mmio_write32(gicc + GICC_CTLR, GIC_ENABLE);
}

static void gicv2_send_sgi(unsigned int cpu, uint64_t mpidr, unsigned int sgi)
{
	(void)mpidr;
	dsb(ishst);
	mmio_write32(gicd + GICD_SGIR, (uint32_t)cpu_if_mask[cpu] << GICD_SGIR_TARGETS_SHIFT | sgi);
}

static uint32_t gicv2_ack(void)
{
	return mmio_read32(gicc + GICC_IAR);
}

static void gicv2_eoi(uint32_t iar)
{
	mmio_write32(gicc + GICC_EOIR, iar);
}

static const struct gic_driver gicv2_driver = {
	.version = GIC_V2,
	.init = gicv2_init,
	.init_cpu = gicv2_init_cpu,
	.send_sgi = gicv2_send_sgi,
	.ack = gicv2_ack,
	.iar_intid_mask = 0x3ff, /* [12:10] is the SGI's source CPU */
	.eoi = gicv2_eoi,
};
GIC_DRIVER(gicv2_driver);
