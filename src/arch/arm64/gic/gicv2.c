// SPDX-License-Identifier: MIT
/*
 * GICv2 driver for the hypervisor (Arm IHI 0048, GICv2 architecture
 * specification; the GIC-400 of the Raspberry Pi 4): distributor and the
 * memory-mapped CPU interface (GICC) with EOImode 1 (4.4.1 GICC_CTLR:
 * GICC_EOIR drops the priority, GICC_DIR deactivates), and the virtual
 * interface control (GICH, 5.3) whose list registers carry the cells'
 * interrupts. SGI and SPI targets are CPU-interface numbers, learnt per CPU
 * from the banked GICD_ITARGETSR0.
 */
#include <asm/gic.h>
#include <asm/sysreg.h>
#include <septum/arch.h>
#include <septum/build_config.h>
#include <septum/io.h>
#include <septum/spinlock.h>

#define GICD_CTLR 0x000
#define GICD_IGROUPR 0x080
#define GICD_ISENABLER0 0x100
#define GICD_ISENABLER 0x100
#define GICD_ICENABLER 0x180
#define GICD_ISACTIVER 0x300
#define GICD_ICACTIVER 0x380
#define GICD_ISPENDR 0x200
#define GICD_ICPENDR 0x280
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR0 0x800
#define GICD_ITARGETSR 0x800
#define GICD_ICFGR 0xc00
#define GICD_ICFGR_EDGE 2U
#define REG_BIT(base, intid) ((base) + 4 * ((intid) / 32))
#define GICD_SGIR 0xf00
#define GICD_SGIR_TARGETS_SHIFT 16

#define GICC_CTLR 0x00
#define GICC_PMR 0x04
#define GICC_IAR 0x0c
#define GICC_EOIR 0x10
#define GICC_DIR 0x1000
#define GICC_CTLR_EOIMODENS (1U << 9)

#define GICH_HCR 0x000
#define GICH_HCR_EN (1U << 0)
#define GICH_HCR_UIE (1U << 1)
#define GICH_VTR 0x004
#define GICH_VTR_LISTREGS_MASK 0x3f
#define GICH_VMCR 0x008
#define GICH_EISR0 0x020
#define GICH_ELRSR0 0x030
#define GICH_APR 0x0f0
#define GICH_LR0 0x100

#define GIC_ENABLE 1U
#define GIC_PMR_ALL 0xff

static uintptr_t gicd, gicc, gich;
static spinlock_t dist_lock; /* read-modify-write of shared distributor registers */
static uint8_t cpu_if_mask[SEPTUM_MAX_CPUS];

static void gicv2_init(const struct board_gic *g)
{
	gicd = arch_map_device(g->gicd.base, g->gicd.size);
	gicc = arch_map_device(g->gicc.base, g->gicc.size);
	if (g->gich.size)
		gich = arch_map_device(g->gich.base, g->gich.size);
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
	mmio_write32(gicc + GICC_CTLR, GIC_ENABLE | GICC_CTLR_EOIMODENS);
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

static void gicv2_deactivate(uint32_t iar)
{
	mmio_write32(gicc + GICC_DIR, iar);
}

static void write_byte(uintptr_t reg, uint32_t intid, uint8_t v)
{
	uintptr_t a = reg + (intid & ~3U);
	unsigned int shift = 8 * (intid & 3);

	mmio_write32(a, (mmio_read32(a) & ~(0xffU << shift)) | (uint32_t)v << shift);
}

static void gicv2_irq_enable(uint32_t intid, bool on)
{
	mmio_write32(REG_BIT(gicd + (on ? GICD_ISENABLER : GICD_ICENABLER), intid), 1U << (intid % 32));
}

/* Clear @intid's active state (GICD_ICACTIVER0 is banked: this CPU's PPIs). */
static void gicv2_irq_clear_active(uint32_t intid)
{
	mmio_write32(REG_BIT(gicd + GICD_ICACTIVER, intid), 1U << (intid % 32));
}

/* Set @intid's active state (GICD_ISACTIVER0 is banked likewise): it is not signalled while active. */
static void gicv2_irq_set_active(uint32_t intid)
{
	mmio_write32(REG_BIT(gicd + GICD_ISACTIVER, intid), 1U << (intid % 32));
}

static void gicv2_irq_route(uint32_t intid, unsigned int cpu)
{
	spin_lock(&dist_lock);
	write_byte(gicd + GICD_IPRIORITYR, intid, GIC_PRIO_GUEST);
	write_byte(gicd + GICD_ITARGETSR, intid, cpu_if_mask[cpu]);
	spin_unlock(&dist_lock);
}

static void gicv2_irq_pending(uint32_t intid, bool on)
{
	mmio_write32(REG_BIT(gicd + (on ? GICD_ISPENDR : GICD_ICPENDR), intid), 1U << (intid % 32));
}

static bool gicv2_irq_is_pending(uint32_t intid)
{
	return mmio_read32(REG_BIT(gicd + GICD_ISPENDR, intid)) & (1U << (intid % 32));
}

static void gicv2_irq_config(uint32_t intid, bool edge)
{
	uintptr_t a = gicd + GICD_ICFGR + 4 * (intid / 16);
	unsigned int shift = 2 * (intid % 16);

	spin_lock(&dist_lock);
	mmio_write32(a, (mmio_read32(a) & ~(3U << shift)) | (edge ? GICD_ICFGR_EDGE << shift : 0));
	spin_unlock(&dist_lock);
}

static unsigned int gicv2_lr_count(void)
{
	return gich ? (mmio_read32(gich + GICH_VTR) & GICH_VTR_LISTREGS_MASK) + 1 : 0;
}

static uint64_t gicv2_lr_read(unsigned int n)
{
	return mmio_read32(gich + GICH_LR0 + 4 * n);
}

static void gicv2_lr_write(unsigned int n, uint64_t v)
{
	mmio_write32(gich + GICH_LR0 + 4 * n, (uint32_t)v);
}

static uint32_t gicv2_elrsr(void)
{
	return mmio_read32(gich + GICH_ELRSR0); /* at most 64 LRs; Septum uses up to 16 */
}

static uint32_t gicv2_eisr(void)
{
	return mmio_read32(gich + GICH_EISR0);
}

static void gicv2_underflow(bool on)
{
	mmio_write32(gich + GICH_HCR, on ? GICH_HCR_EN | GICH_HCR_UIE : GICH_HCR_EN);
}

static void gicv2_vcpu_init(uint32_t maint_intid)
{
	uint32_t ppis = 1U << maint_intid | 1U << GIC_PPI_VTIMER | 1U << GIC_PPI_PTIMER;

	if (!gich)
		return;
	for (unsigned int n = 0; n < gicv2_lr_count(); n++)
		gicv2_lr_write(n, 0);
	mmio_write32(gich + GICH_APR, 0);
	mmio_write32(gich + GICH_VMCR, 0);
	mmio_write32(gich + GICH_HCR, GICH_HCR_EN);
	for (unsigned int i = 16; i < 32; i++) /* banked: this CPU's PPIs */
		if (ppis & (1U << i))
			write_byte(gicd + GICD_IPRIORITYR, i, GIC_PRIO_GUEST);
	mmio_write32(gicd + GICD_ISENABLER0, ppis);
}

static const struct gic_driver gicv2_driver = {
	.version = GIC_V2,
	.init = gicv2_init,
	.init_cpu = gicv2_init_cpu,
	.send_sgi = gicv2_send_sgi,
	.ack = gicv2_ack,
	.iar_intid_mask = 0x3ff, /* [12:10] is the SGI's source CPU */
	.eoi = gicv2_eoi,
	.deactivate = gicv2_deactivate,
	.irq_enable = gicv2_irq_enable,
	.irq_clear_active = gicv2_irq_clear_active,
	.irq_set_active = gicv2_irq_set_active,
	.irq_route = gicv2_irq_route,
	.irq_pending = gicv2_irq_pending,
	.irq_is_pending = gicv2_irq_is_pending,
	.irq_config = gicv2_irq_config,
	.vcpu_init = gicv2_vcpu_init,
	.lr_count = gicv2_lr_count,
	.lr_read = gicv2_lr_read,
	.lr_write = gicv2_lr_write,
	.elrsr = gicv2_elrsr,
	.eisr = gicv2_eisr,
	.underflow = gicv2_underflow,
};
GIC_DRIVER(gicv2_driver);
