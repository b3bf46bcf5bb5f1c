// SPDX-License-Identifier: MIT
/*
 * The test guests' GIC driver, as a guest OS would use the cell's virtual
 * GIC: GICv3 through the distributor, its redistributor and the ICC system
 * registers (Arm IHI 0069), GICv2 through the distributor and the CPU
 * interface (IHI 0048). Version and addresses come from bootargs (gic=2|3,
 * gicd=, gicr=, gicc=; QEMU virt's by default). guest_irq() is the IRQ
 * vector's C half: acknowledge, call the test's handler, EOI.
 */
#include "guest.h"

#define GICD_CTLR 0x0000
#define GICD_CTLR_GRP0 (1U << 0)
#define GICD_CTLR_GRP1 (1U << 1)
#define GICD_CTLR_ARE (1U << 4)
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ISPENDR 0x0200
#define GICD_IPRIORITYR 0x0400
#define GICD_ITARGETSR 0x0800
#define GICD_SGIR 0x0f00
#define GICD_SGIR_TARGETS_SHIFT 16
#define GICD_IROUTER 0x6000
#define GICR_WAKER 0x0014
#define GICR_WAKER_SLEEP (1U << 1)
#define GICR_WAKER_ASLEEP (1U << 2)
#define GICR_SGI_BASE 0x10000
#define GICR_FRAME 0x20000
#define GICC_CTLR 0x00
#define GICC_PMR 0x04
#define GICC_IAR 0x0c
#define GICC_EOIR 0x10
#define GIC_SPURIOUS 1023
#define ICC_SRE_SRE_DFB_DIB 0x7
#define ICC_SGI1R_INTID_SHIFT 24
#define PMR_ALL 0xff

#define QEMU_GICD 0x08000000UL
#define QEMU_GICR 0x080a0000UL
#define QEMU_GICC 0x08010000UL

static int gic_version;
static uintptr_t gicd, gicr, gicc;
void (*guest_irq_handler)(uint32_t intid);
unsigned int guest_spurious;

#define sysreg_write(r, v) __asm__ volatile("msr " #r ", %0; isb" : : "r"((uint64_t)(v)) : "memory")
#define sysreg_read(r)                                      \
	({                                                  \
		uint64_t v_;                                \
		__asm__ volatile("mrs %0, " #r : "=r"(v_)); \
		v_;                                         \
	})

static void w32(uintptr_t a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

static uint32_t r32(uintptr_t a)
{
	return *(volatile uint32_t *)a;
}

static void w8(uintptr_t a, uint8_t v)
{
	*(volatile uint8_t *)a = v;
}

int gic_setup(const char *args)
{
	gic_version = (int)guest_arg_num(args, "gic", 0);
	gicd = guest_arg_num(args, "gicd", QEMU_GICD);
	gicr = guest_arg_num(args, "gicr", QEMU_GICR);
	gicc = guest_arg_num(args, "gicc", QEMU_GICC);
	if (gic_version == 3)
		w32(gicd + GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_GRP1);
	else if (gic_version == 2)
		w32(gicd + GICD_CTLR, GICD_CTLR_GRP0);
	gic_setup_cpu();
	return gic_version;
}

/* This vCPU's redistributor: frame n for vCPU n. */
static uintptr_t my_gicr(void)
{
	return gicr + GICR_FRAME * guest_vcpu();
}

void gic_setup_cpu(void)
{
	if (gic_version == 3) {
		uintptr_t rd = my_gicr();

		sysreg_write(S3_0_C12_C12_5, ICC_SRE_SRE_DFB_DIB); /* ICC_SRE_EL1 */
		w32(rd + GICR_WAKER, r32(rd + GICR_WAKER) & ~GICR_WAKER_SLEEP);
		while (r32(rd + GICR_WAKER) & GICR_WAKER_ASLEEP)
			;
		w32(rd + GICR_SGI_BASE + GICD_IGROUPR, ~0U);
		sysreg_write(S3_0_C4_C6_0, PMR_ALL); /* ICC_PMR_EL1 */
		sysreg_write(S3_0_C12_C12_3, 0);     /* ICC_BPR1_EL1 */
		sysreg_write(S3_0_C12_C12_7, 1);     /* ICC_IGRPEN1_EL1 */
	} else if (gic_version == 2) {
		w32(gicc + GICC_PMR, PMR_ALL); /* banked: this vCPU's interface */
		w32(gicc + GICC_CTLR, 1);
	}
}

uint32_t gic_dist_read(uint32_t off)
{
	return r32(gicd + off);
}

void gic_dist_write(uint32_t off, uint32_t v)
{
	w32(gicd + off, v);
}

/* Private interrupts live in the redistributor on GICv3, in the distributor on GICv2. */
static uintptr_t bank_for(uint32_t intid)
{
	return gic_version == 3 && intid < 32 ? my_gicr() + GICR_SGI_BASE : gicd;
}

void gic_enable_irq(uint32_t intid, uint8_t prio)
{
	uintptr_t b = bank_for(intid);

	w8(b + GICD_IPRIORITYR + intid, prio);
	if (intid >= 32) {
		if (gic_version == 3) {
			w32(b + GICD_IGROUPR + 4 * (intid / 32),
			    r32(b + GICD_IGROUPR + 4 * (intid / 32)) | 1U << (intid % 32));
			/* To the calling vCPU: Aff0 = its index. */
			*(volatile uint64_t *)(gicd + GICD_IROUTER + 8 * intid) = guest_vcpu();
		} else {
			w8(gicd + GICD_ITARGETSR + intid, (uint8_t)(1U << guest_vcpu()));
		}
	}
	w32(b + GICD_ISENABLER + 4 * (intid / 32), 1U << (intid % 32));
}

void gic_disable_irq(uint32_t intid)
{
	w32(bank_for(intid) + GICD_ICENABLER + 4 * (intid / 32), 1U << (intid % 32));
}

void gic_set_pending(uint32_t intid)
{
	w32(bank_for(intid) + GICD_ISPENDR + 4 * (intid / 32), 1U << (intid % 32));
}

void gic_send_sgi(uint32_t sgi, uint64_t target_list)
{
	if (gic_version == 3) {
		sysreg_write(S3_0_C12_C11_5,
			     (uint64_t)sgi << ICC_SGI1R_INTID_SHIFT | target_list); /* ICC_SGI1R_EL1 */
	} else {
		w32(gicd + GICD_SGIR, (uint32_t)(target_list & 0xff) << GICD_SGIR_TARGETS_SHIFT | sgi);
	}
}

void gic_send_sgi_raw(uint64_t v)
{
	if (gic_version == 3)
		sysreg_write(S3_0_C12_C11_5, v);
	else
		w32(gicd + GICD_SGIR, (uint32_t)v);
}

void guest_irq(void);

void guest_irq(void)
{
	uint32_t iar, intid;

	if (gic_version == 3) {
		iar = (uint32_t)sysreg_read(S3_0_C12_C12_0); /* ICC_IAR1_EL1 */
		intid = iar & 0xffffff;
	} else {
		iar = r32(gicc + GICC_IAR);
		intid = iar & 0x3ff;
	}
	if (intid >= GIC_SPURIOUS) {
		guest_spurious++;
		return;
	}
	if (guest_irq_handler)
		guest_irq_handler(intid);
	if (gic_version == 3)
		sysreg_write(S3_0_C12_C12_1, iar); /* ICC_EOIR1_EL1 */
	else
		w32(gicc + GICC_EOIR, iar);
}

void irq_unmask(void)
{
	__asm__ volatile("msr daifclr, #2; isb" ::: "memory");
}

void irq_mask(void)
{
	__asm__ volatile("msr daifset, #2; isb" ::: "memory");
}
