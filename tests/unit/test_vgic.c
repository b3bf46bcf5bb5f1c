// SPDX-License-Identifier: MIT
/*
 * Host tests of the virtual GIC: the core's register semantics and
 * list-register management, and both version decoders, against fake
 * hardware (list registers in an array, physical GIC calls recorded).
 * Arm IHI 0069 (GICv3) and IHI 0048 (GICv2) give the expected behaviour.
 */
/* UNIT-SOURCES: src/core/vgic.c src/arch/arm64/vgic/vgicv3.c src/arch/arm64/vgic/vgicv2.c */
#include <septum/log.h>
#include <septum/vgic.h>
#include <stdio.h>
#include <string.h>

#include "unit.h"

/* ------------------------------------------------------------ fake hardware */

#define FAKE_LRS 4
#define V3_STATE_MASK (3ULL << 62)
#define V3_HW (1ULL << 61)
#define V3_EOI (1ULL << 41)
#define V3_PENDING (1ULL << 62)
#define V3_ACTIVE (1ULL << 63)
#define V2_STATE_MASK (3ULL << 28)
#define V2_PENDING (1ULL << 28)
#define V2_EOI (1ULL << 19)
#define GICD 0x08000000ULL
#define GICR 0x080a0000ULL
#define OTHER_SPI 40

/* Each vCPU's CPU has its own list registers: lrs is the bank of the CPU the test runs "on". */
static uint64_t lr_bank[2][FAKE_LRS];
static unsigned int lr_cpu;
#define lrs (lr_bank[lr_cpu])
static bool fake_v2, underflow;
static uint32_t phys_enabled[32], phys_pending[32], phys_edge[32], deactivated;
static unsigned int phys_route[VGIC_INTID_LIMIT], kicks[SEPTUM_MAX_CPUS], warnings;

unsigned int vgic_hw_lr_count(void)
{
	return FAKE_LRS;
}
uint64_t vgic_hw_lr_read(unsigned int n)
{
	return lrs[n];
}
void vgic_hw_lr_write(unsigned int n, uint64_t v)
{
	lrs[n] = v;
}
uint32_t vgic_hw_elrsr(void)
{
	uint32_t e = 0;

	for (unsigned int n = 0; n < FAKE_LRS; n++)
		if (fake_v2 ? !(lrs[n] & V2_STATE_MASK) && !(lrs[n] & V2_EOI)
			    : !(lrs[n] & V3_STATE_MASK) && (!(lrs[n] & V3_EOI) || (lrs[n] & V3_HW)))
			e |= 1U << n;
	return e;
}
uint32_t vgic_hw_eisr(void)
{
	uint32_t e = 0;

	for (unsigned int n = 0; n < FAKE_LRS; n++)
		if (fake_v2 ? !(lrs[n] & V2_STATE_MASK) && (lrs[n] & V2_EOI)
			    : !(lrs[n] & V3_STATE_MASK) && (lrs[n] & V3_EOI) && !(lrs[n] & V3_HW))
			e |= 1U << n;
	return e;
}
void vgic_hw_irq_deactivate(uint32_t intid)
{
	deactivated = intid;
}
void vgic_hw_underflow(bool on)
{
	underflow = on;
}
static void set_bit32(uint32_t *a, uint32_t n, bool on)
{
	if (on)
		a[n / 32] |= 1U << (n % 32);
	else
		a[n / 32] &= ~(1U << (n % 32));
}
void vgic_hw_irq_enable(uint32_t intid, bool on)
{
	set_bit32(phys_enabled, intid, on);
}
static uint32_t phys_active_cleared[2], phys_active_set[2];
void vgic_hw_irq_clear_active(uint32_t intid)
{
	set_bit32(phys_active_cleared, intid, true);
}
void vgic_hw_irq_set_active(uint32_t intid)
{
	set_bit32(phys_active_set, intid, true);
}
void vgic_hw_irq_route(uint32_t intid, unsigned int pcpu)
{
	phys_route[intid] = pcpu;
}
void vgic_hw_irq_pending(uint32_t intid, bool on)
{
	set_bit32(phys_pending, intid, on);
}
bool vgic_hw_irq_is_pending(uint32_t intid)
{
	return phys_pending[intid / 32] & (1U << (intid % 32));
}
void vgic_hw_irq_config(uint32_t intid, bool edge)
{
	set_bit32(phys_edge, intid, edge);
}
void vgic_hw_kick(unsigned int pcpu)
{
	kicks[pcpu]++;
}
static unsigned int this_cpu = 1; /* pcpus[0]: vCPU 0's CPU */
static const unsigned int pcpus[] = { 1, 2 };
unsigned int vgic_hw_cpu(void)
{
	return this_cpu;
}
void arch_cpu_relax(void)
{
}
void log_msg(enum log_level level, const char *fmt, ...)
{
	(void)level;
	(void)fmt;
	warnings++;
}

/* ------------------------------------------------------------ fixtures */

static struct vgic cell, other;
static const unsigned int other_pcpu[] = { 3 };
static const uint32_t cell_spis[] = { 34, 35 };
static const uint32_t other_spis[] = { OTHER_SPI };

static void reset(bool v2)
{
	memset(lr_bank, 0, sizeof(lr_bank));
	lr_cpu = 0;
	this_cpu = pcpus[0];
	memset(phys_enabled, 0, sizeof(phys_enabled));
	memset(phys_pending, 0, sizeof(phys_pending));
	memset(phys_edge, 0, sizeof(phys_edge));
	memset(phys_route, 0, sizeof(phys_route));
	memset(kicks, 0, sizeof(kicks));
	memset(phys_active_cleared, 0, sizeof(phys_active_cleared));
	memset(phys_active_set, 0, sizeof(phys_active_set));
	fake_v2 = v2;
	underflow = false;
	warnings = 0;
	vgic_reset_ownership();
	assert_true(vgic_init(&cell, v2 ? GIC_V2 : GIC_V3, "cell", 2, pcpus, cell_spis, 2));
	assert_true(vgic_init(&other, v2 ? GIC_V2 : GIC_V3, "other", 1, other_pcpu, other_spis, 1));
	cell.gicd_ipa = other.gicd_ipa = GICD;
	cell.gicr_ipa = other.gicr_ipa = GICR;
}

static uint64_t rd(struct vgic *g, unsigned int vcpu, uint64_t ipa, unsigned int size)
{
	uint64_t v = 0xdeadbeef;

	assert_true(vgic_mmio(g, vcpu, ipa, false, size, &v));
	return v;
}

static void wr(struct vgic *g, unsigned int vcpu, uint64_t ipa, unsigned int size, uint64_t v)
{
	assert_true(vgic_mmio(g, vcpu, ipa, true, size, &v));
}

static int setup_v3(void **state)
{
	(void)state;
	reset(false);
	return 0;
}

static int setup_v2(void **state)
{
	(void)state;
	reset(true);
	return 0;
}

/* ------------------------------------------------------------ GICv3 distributor */

static void test_v3_ident(void **state)
{
	(void)state;
	/* ITLinesNumber covers INTID 35: 32 * (1 + 1) INTIDs; IDbits 9 (10 bits). */
	assert_int_equal(rd(&cell, 0, GICD + 0x4, 4), 1 | 9 << 19);
	assert_int_equal(rd(&cell, 0, GICD + 0xffe8, 4), 0x30); /* GICD_PIDR2.ArchRev 3 */
	assert_int_equal(rd(&cell, 0, GICD, 4), 0x50);		/* ARE | DS, nothing enabled */
	wr(&cell, 0, GICD, 4, 0x13);
	assert_int_equal(rd(&cell, 0, GICD, 4), 0x53);
	/* Beyond the distributor and the two redistributor frames: not the vGIC's. */
	uint64_t v;
	assert_false(vgic_mmio(&cell, 0, GICR + 2 * VGIC_GICR_FRAME, false, 4, &v));
	assert_false(vgic_mmio(&cell, 0, GICD - 4, false, 4, &v));
}

static void test_v3_enable_own_spi(void **state)
{
	(void)state;
	wr(&cell, 0, GICD + 0x104, 4, 1U << 2); /* ISENABLER1: INTID 34 */
	assert_int_equal(rd(&cell, 0, GICD + 0x104, 4), 1U << 2);
	assert_true(phys_enabled[1] & (1U << 2));
	wr(&cell, 0, GICD + 0x184, 4, 1U << 2); /* ICENABLER1 */
	assert_int_equal(rd(&cell, 0, GICD + 0x104, 4), 0);
	assert_false(phys_enabled[1] & (1U << 2));
}

static void test_v3_other_cells_spi_raz_wi(void **state)
{
	(void)state;
	/* INTID 40 belongs to 'other': 'cell' can neither see nor touch it. */
	wr(&cell, 0, GICD + 0x104, 4, 1U << (OTHER_SPI % 32));
	wr(&cell, 0, GICD + 0x204, 4, 1U << (OTHER_SPI % 32));
	wr(&cell, 0, GICD + 0x6000 + 8 * OTHER_SPI, 8, 1);
	wr(&cell, 0, GICD + 0x400 + OTHER_SPI, 1, 0);
	assert_int_equal(phys_enabled[1], 0);
	assert_int_equal(phys_pending[1], 0);
	assert_int_equal(phys_route[OTHER_SPI], other_pcpu[0]);
	assert_int_equal(rd(&cell, 0, GICD + 0x104, 4), 0);
	assert_int_equal(rd(&cell, 0, GICD + 0x6000 + 8 * OTHER_SPI, 8), 0);
	/* The owner still sees its own. */
	wr(&other, 0, GICD + 0x104, 4, 1U << (OTHER_SPI % 32));
	assert_int_equal(rd(&other, 0, GICD + 0x104, 4), 1U << (OTHER_SPI % 32));
	assert_int_equal(rd(&cell, 0, GICD + 0x104, 4), 0);
}

static void test_v3_irouter(void **state)
{
	(void)state;
	wr(&cell, 0, GICD + 0x6000 + 8 * 35, 8, 1); /* Aff0 1: vCPU 1 */
	assert_int_equal(phys_route[35], pcpus[1]);
	assert_int_equal(rd(&cell, 0, GICD + 0x6000 + 8 * 35, 8), 1);
	wr(&cell, 0, GICD + 0x6000 + 8 * 35, 8, 5); /* no vCPU 5: ignored */
	assert_int_equal(phys_route[35], pcpus[1]);
	wr(&cell, 0, GICD + 0x6000 + 8 * 35, 8, 1ULL << 31); /* 1-of-N: vCPU 0 */
	assert_int_equal(phys_route[35], pcpus[0]);
}

static void test_v3_priority_and_config(void **state)
{
	(void)state;
	wr(&cell, 0, GICD + 0x400 + 34, 1, 0xa7);
	assert_int_equal(rd(&cell, 0, GICD + 0x400 + 34, 1), 0xa0); /* five priority bits */
	assert_int_equal(rd(&cell, 0, GICD + 0x420, 4), 0xa0 << 16);
	wr(&cell, 0, GICD + 0xc08, 4, 2U << 4); /* ICFGR2: INTID 34 edge */
	assert_int_equal(rd(&cell, 0, GICD + 0xc08, 4), 2U << 4);
	assert_true(phys_edge[1] & (1U << 2));
	/* SGIs are edge and read-only, in the redistributor's ICFGR0. */
	wr(&cell, 0, GICR + 0x10000 + 0xc00, 4, 0);
	assert_int_equal(rd(&cell, 0, GICR + 0x10000 + 0xc00, 4), 0xaaaaaaaa);
}

static void test_v3_redistributors(void **state)
{
	(void)state;
	uint64_t t0 = rd(&cell, 0, GICR + 0x8, 8), t1 = rd(&cell, 0, GICR + VGIC_GICR_FRAME + 0x8, 8);

	assert_int_equal(t0 >> 32, 0);
	assert_false(t0 & (1U << 4));
	assert_int_equal(t1 >> 32, 1);
	assert_int_equal((t1 >> 8) & 0xffff, 1);
	assert_true(t1 & (1U << 4)); /* GICR_TYPER.Last */
	assert_int_equal(rd(&cell, 0, GICR + VGIC_GICR_FRAME + 0xc, 4), 1);
	/* GICR_WAKER: ProcessorSleep at reset, ChildrenAsleep follows it. */
	assert_int_equal(rd(&cell, 0, GICR + 0x14, 4), 6);
	wr(&cell, 0, GICR + 0x14, 4, 0);
	assert_int_equal(rd(&cell, 0, GICR + 0x14, 4), 0);
	/* Banked: vCPU 0 enabling vCPU 1's PPI 27 in its frame asks vCPU 1's CPU. */
	wr(&cell, 0, GICR + VGIC_GICR_FRAME + 0x10100, 4, 1U << 27);
	assert_int_equal(rd(&cell, 0, GICR + VGIC_GICR_FRAME + 0x10100, 4), 1U << 27);
	assert_int_equal(rd(&cell, 0, GICR + 0x10100, 4), 0);
	assert_int_equal(kicks[pcpus[1]], 1);
	/* PPIs the cell does not have are RAZ/WI. */
	wr(&cell, 0, GICR + 0x10100, 4, 1U << 26);
	assert_int_equal(rd(&cell, 0, GICR + 0x10100, 4), 0);
}

static void test_v3_refused_size(void **state)
{
	(void)state;
	assert_int_equal(rd(&cell, 0, GICD + 0x100, 2), 0);
	assert_int_equal(warnings, 1);
	/* A guest looping on bad accesses: eight lines and a last word, then silence. */
	for (unsigned int i = 0; i < 20; i++)
		wr(&cell, 0, GICR + 0x14, 2, 0);
	assert_int_equal(warnings, 9);
}

/* ------------------------------------------------------------ injection */

static int lr_of(uint32_t intid);

static void enable_group1(struct vgic *g, unsigned int vcpu)
{
	wr(g, vcpu, GICD, 4, 0x12);
	wr(g, vcpu, GICR + vcpu * VGIC_GICR_FRAME + 0x10080, 4, ~0U);
}

static void test_v3_timer_hw_injection(void **state)
{
	(void)state;
	struct vgic_irq *t = vgic_irq_of(&cell, 0, VGIC_INTID_VTIMER);

	enable_group1(&cell, 0);
	wr(&cell, 0, GICR + 0x10400 + 24, 4, 0x80ULL << 24); /* priority of 27 */
	/* Disabled: latched, nothing listed. */
	vgic_inject_hw(&cell, 0, t);
	assert_int_equal(lrs[0], 0);
	wr(&cell, 0, GICR + 0x10100, 4, 1U << 27); /* enabling lists it */
	assert_int_equal(lrs[0], V3_PENDING | V3_HW | (1ULL << 60) | 27ULL << 32 | 0x80ULL << 48 | 27);
	/* The guest EOIs: the LR empties; the next physical interrupt reuses it. */
	lrs[0] = 0;
	vgic_inject_hw(&cell, 0, t);
	assert_int_equal(lrs[0] & 0xffffffff, 27);
	assert_int_equal(lrs[1], 0);
	assert_false(underflow);
}

static void test_v3_priority_order_queue_and_refill(void **state)
{
	(void)state;
	enable_group1(&cell, 0);
	wr(&cell, 0, GICR + 0x10100, 4, 0xffff);
	for (unsigned int s = 1; s <= 8; s++)
		wr(&cell, 0, GICR + 0x10400 + s, 1, 0x10 * s);
	for (unsigned int s = 8; s >= 1; s--) /* lowest priority first */
		cell.ops->sgi_sysreg(&cell, 0, (uint64_t)s << 24 | 1);
	/* The four list registers hold the four most urgent; the rest wait. */
	uint32_t listed = 0;
	for (unsigned int n = 0; n < FAKE_LRS; n++) {
		assert_true(lrs[n] & V3_PENDING);
		listed |= 1U << (lrs[n] & 0xf);
	}
	assert_int_equal(listed, 0x1e); /* SGIs 1-4 */
	assert_true(underflow);
	/* The guest takes them; the maintenance interrupt refills in order. */
	for (unsigned int n = 0; n < FAKE_LRS; n++)
		lrs[n] = 0;
	vgic_sync(&cell, 0);
	listed = 0;
	for (unsigned int n = 0; n < FAKE_LRS; n++)
		listed |= 1U << (lrs[n] & 0xf);
	assert_int_equal(listed, 0x1e0); /* SGIs 5-8 */
	assert_false(underflow);
}

static void test_v3_sgi_targets(void **state)
{
	(void)state;
	enable_group1(&cell, 1);
	wr(&cell, 1, GICR + VGIC_GICR_FRAME + 0x10100, 4, 0xffff);
	kicks[pcpus[1]] = 0;
	cell.ops->sgi_sysreg(&cell, 0, 3ULL << 24 | 0xfffe); /* vCPUs 1-15: only 1 exists */
	assert_int_equal(cell.vcpu[1].sgi_from[0], 1U << 3);
	assert_int_equal(kicks[pcpus[1]], 1);
	cell.ops->sgi_sysreg(&cell, 0, 4ULL << 24 | 1ULL << 16 | 1); /* Aff1 1: nobody */
	cell.ops->sgi_sysreg(&cell, 0, 5ULL << 24 | 1ULL << 40);     /* IRM: all but self */
	assert_int_equal(cell.vcpu[1].sgi_from[0], 1U << 3 | 1U << 5);
	assert_int_equal(cell.vcpu[0].sgi_from[0], 0);
	/* vCPU 1's CPU takes the request on its kick. */
	vgic_sync(&cell, 1);
	assert_int_equal(cell.vcpu[1].sgi_from[0], 0);
	assert_true((lrs[0] & 0xf) == 3 || (lrs[1] & 0xf) == 3);
	assert_int_equal(other.vcpu[0].sgi_from[0], 0);
}

static void test_v3_sgi_while_active(void **state)
{
	(void)state;
	enable_group1(&cell, 0);
	wr(&cell, 0, GICR + 0x10100, 4, 0xffff);
	cell.ops->sgi_sysreg(&cell, 0, 6ULL << 24 | 1);
	assert_int_equal(lrs[0] & 0xf, 6);
	lrs[0] = (lrs[0] & ~V3_STATE_MASK) | V3_ACTIVE; /* the guest acknowledged it */
	cell.ops->sgi_sysreg(&cell, 0, 6ULL << 24 | 1); /* sent again: pending and active */
	assert_int_equal(lrs[0] & V3_STATE_MASK, V3_PENDING | V3_ACTIVE);
	cell.ops->sgi_sysreg(&cell, 0, 6ULL << 24 | 1); /* and again: still one pending */
	assert_int_equal(lrs[0] & V3_STATE_MASK, V3_PENDING | V3_ACTIVE);
	assert_int_equal(lrs[1], 0);
}

/* The list register holding SGI @sgi (GICv3 encoding), or -1. */
static int sgi_lr(unsigned int sgi)
{
	for (unsigned int n = 0; n < FAKE_LRS; n++)
		if ((lrs[n] & V3_STATE_MASK) && (lrs[n] & 0x3ff) == sgi)
			return (int)n;
	return -1;
}

/* SGIs 0-15 of vCPU 0 enabled in Group 1, SGI s at priority prio[s]. */
static void sgi_setup(const uint8_t *prio, unsigned int count)
{
	enable_group1(&cell, 0);
	wr(&cell, 0, GICR + 0x10100, 4, 0xffff);
	for (unsigned int s = 0; s < count; s++)
		wr(&cell, 0, GICR + 0x10400 + s, 1, prio[s]);
}

static void send_self(unsigned int sgi)
{
	cell.ops->sgi_sysreg(&cell, 0, (uint64_t)sgi << 24 | 1);
}

/* A self SGI goes straight into a free list register: no sync, no kick, no request left behind. */
static void test_v3_sgi_self_direct(void **state)
{
	static const uint8_t prio[] = { 0, 0x20, 0x30 };

	(void)state;
	sgi_setup(prio, 3);
	send_self(1);
	assert_int_equal(lrs[0], V3_PENDING | 1ULL << 60 | 0x20ULL << 48 | 1);
	assert_int_equal(kicks[pcpus[0]], 0);
	assert_int_equal(cell.vcpu[0].sgi_from[0], 0);
	assert_int_equal(vgic_irq_of(&cell, 0, 1)->lr, 0);
	assert_false(underflow);
	/* The guest finished it; the next self SGI takes that list register again. */
	lrs[0] = 0;
	send_self(2);
	assert_int_equal(lrs[0] & 0x3ff, 2);
	assert_int_equal(vgic_irq_of(&cell, 0, 1)->lr, VGIC_NO_LR); /* retired on the way */
	assert_int_equal(lrs[1], 0);
	/* Pending again while pending: still one interrupt, one list register. */
	send_self(2);
	assert_int_equal(lrs[1], 0);
	/* Disabled: latched, listed when the guest enables it. */
	wr(&cell, 0, GICR + 0x10180, 4, 1U << 1); /* ICENABLER0: SGI 1 */
	send_self(1);
	assert_int_equal(sgi_lr(1), -1);
	wr(&cell, 0, GICR + 0x10100, 4, 1U << 1);
	assert_true(sgi_lr(1) >= 0);
}

/*
 * A free list register while a more urgent interrupt still waits in the
 * queue (the guest ended one, the underflow maintenance interrupt not yet
 * taken): a less urgent self SGI must not overtake it; a more urgent one does.
 */
static void test_v3_sgi_self_behind_queued(void **state)
{
	static const uint8_t prio[] = { 0x08, 0x10, 0x20, 0x30, 0x40, 0x50, 0, 0, 0, 0x90 };
	int n;

	(void)state;
	sgi_setup(prio, 10);
	for (unsigned int s = 1; s <= 5; s++)
		send_self(s);
	assert_int_equal(sgi_lr(5), -1); /* four list registers: SGI 5 waits */
	assert_true(cell.vcpu[0].priv[5].queued);
	assert_true(underflow);
	n = sgi_lr(1);
	lrs[n] = 0;   /* the guest ended SGI 1 */
	send_self(9); /* less urgent than the queued SGI 5 */
	assert_int_equal(lrs[n] & 0x3ff, 5);
	assert_int_equal(sgi_lr(9), -1);
	assert_true(cell.vcpu[0].priv[9].queued);
	assert_true(underflow);
	n = sgi_lr(2);
	lrs[n] = 0;   /* the guest ended SGI 2 */
	send_self(0); /* more urgent than the queued SGI 9: listed at once */
	assert_int_equal(sgi_lr(0), n);
	assert_true(cell.vcpu[0].priv[9].queued);
	assert_true(underflow);
}

/* No free list register: a self SGI displaces a less urgent pending one, or waits. */
static void test_v3_sgi_self_no_free_lr(void **state)
{
	static const uint8_t prio[] = { 0x08, 0x10, 0x20, 0x30, 0x40, 0x50 };
	int n;

	(void)state;
	sgi_setup(prio, 6);
	for (unsigned int s = 1; s <= 4; s++)
		send_self(s);
	assert_false(underflow);
	send_self(5); /* the least urgent: waits */
	assert_int_equal(sgi_lr(5), -1);
	assert_true(cell.vcpu[0].priv[5].queued);
	assert_true(underflow);
	n = sgi_lr(4);
	send_self(0); /* more urgent than every listed one: takes SGI 4's list register */
	assert_int_equal(sgi_lr(0), n);
	assert_int_equal(sgi_lr(4), -1);
	assert_true(cell.vcpu[0].priv[4].queued);
	assert_true(cell.vcpu[0].queue == &cell.vcpu[0].priv[4]); /* in priority order: 4 before 5 */
	assert_true(cell.vcpu[0].priv[4].next == &cell.vcpu[0].priv[5]);
	/* Every listed one active (the guest handles them): none is displaced. */
	for (unsigned int i = 0; i < FAKE_LRS; i++)
		lrs[i] = (lrs[i] & ~V3_STATE_MASK) | V3_ACTIVE;
	wr(&cell, 0, GICR + 0x10400, 1, 0); /* SGI 0 most urgent */
	lrs[n] = (lrs[n] & ~V3_STATE_MASK) | V3_ACTIVE;
	send_self(3); /* listed and active: pending again in its own list register */
	assert_int_equal(lrs[sgi_lr(3)] & V3_STATE_MASK, V3_PENDING | V3_ACTIVE);
	/* The guest ends them all: the maintenance interrupt lists the queue in order. */
	memset(lrs, 0, sizeof(lrs));
	vgic_maintenance(&cell, 0);
	assert_true(sgi_lr(4) >= 0 && sgi_lr(5) >= 0);
	assert_false(underflow);
}

/*
 * An SGI pending from two vCPUs is listed once (one source taken); after the
 * guest ends it, the next self SGI finds it requeued for the other source
 * by the retirement of its list register: it must still be listed, not
 * left waiting in the queue beside a free list register.
 */
static void test_v3_sgi_self_second_source(void **state)
{
	(void)state;
	enable_group1(&cell, 0);
	wr(&cell, 0, GICR + 0x10180, 4, 1U << 5); /* SGI 5 disabled: latched */
	send_self(5);
	this_cpu = pcpus[1];
	cell.ops->sgi_sysreg(&cell, 1, 5ULL << 24 | 1); /* from vCPU 1 too */
	this_cpu = pcpus[0];
	vgic_sync(&cell, 0); /* the kick */
	assert_int_equal(sgi_lr(5), -1);
	wr(&cell, 0, GICR + 0x10100, 4, 1U << 5); /* enabled: listed */
	assert_true(sgi_lr(5) >= 0);
	lrs[sgi_lr(5)] = 0; /* the guest ends it */
	send_self(5);
	assert_true(sgi_lr(5) >= 0);
	assert_false(cell.vcpu[0].priv[5].queued);
}

/* GICv2: a self SGI names its source, the sending vCPU; one from another vCPU takes the kick's short path. */
static void test_v2_sgi_self_and_kick(void **state)
{
	(void)state;
	lr_cpu = 1;				     /* vCPU 1's CPU */
	wr(&cell, 1, GICD, 4, 1);		     /* Group 0 on */
	wr(&cell, 1, GICD + 0x100, 4, 0xffff);	     /* vCPU 1's SGIs */
	wr(&cell, 1, GICD + 0xf00, 4, 2U << 24 | 3); /* vCPU 1 to itself: SGI 3 */
	assert_int_equal(lrs[0], V2_PENDING | 1U << 10 | 3);
	assert_int_equal(kicks[pcpus[1]], 0);
	/* vCPU 0 sends SGI 4 to vCPU 1: left for it, kicked; its sync lists it (source 0). */
	wr(&cell, 0, GICD + 0xf00, 4, 1U << 17 | 4);
	assert_int_equal(kicks[pcpus[1]], 1);
	assert_int_equal(lrs[1], 0);
	vgic_sync(&cell, 1);
	assert_int_equal(lrs[1], V2_PENDING | 4);
	assert_int_equal(cell.vcpu[1].sgi_from[0], 0);
	assert_false(underflow);
}

static void test_v3_pending_active_reads(void **state)
{
	(void)state;
	enable_group1(&cell, 0);
	wr(&cell, 0, GICR + 0x10100, 4, 1U << 27);
	vgic_inject_hw(&cell, 0, vgic_irq_of(&cell, 0, VGIC_INTID_VTIMER));
	assert_int_equal(rd(&cell, 0, GICR + 0x10200, 4), 1U << 27); /* ISPENDR0 */
	assert_int_equal(rd(&cell, 0, GICR + 0x10300, 4), 0);	     /* ISACTIVER0 */
	lrs[0] = (lrs[0] & ~V3_STATE_MASK) | V3_ACTIVE;		     /* acknowledged */
	assert_int_equal(rd(&cell, 0, GICR + 0x10200, 4), 0);
	assert_int_equal(rd(&cell, 0, GICR + 0x10300, 4), 1U << 27);
	lrs[0] &= ~V3_STATE_MASK; /* EOI'd */
	assert_int_equal(rd(&cell, 0, GICR + 0x10300, 4), 0);
	assert_int_equal(rd(&cell, 0, GICR + 0x10200, 4), 0);
}

/* ------------------------------------------------------------ GICv2 */

/* SYSTEM_RESET: the vGIC is as new, and nothing of the old run survives in hardware. */
static void test_v3_reset(void **state)
{
	(void)state;
	wr(&cell, 0, GICD, 4, 0x13);
	wr(&cell, 0, GICD + 0x104, 4, 1U << 2 | 1U << 3); /* INTIDs 34, 35 enabled */
	wr(&cell, 0, GICD + 0x204, 4, 1U << 2);		  /* 34 pending */
	wr(&cell, 0, GICD + 0x400 + 34, 1, 0x40);	  /* priority */
	phys_pending[1] |= 1U << 2;
	vgic_reset(&cell);
	assert_int_equal(rd(&cell, 0, GICD, 4), 0x50);
	assert_int_equal(rd(&cell, 0, GICD + 0x104, 4), 0);
	assert_int_equal(rd(&cell, 0, GICD + 0x204, 4), 0);
	assert_int_equal(rd(&cell, 0, GICD + 0x400 + 32, 4), 0);
	assert_false(phys_enabled[1] & (3U << 2));
	assert_false(phys_pending[1] & (1U << 2));
	assert_int_equal(phys_active_cleared[1], 3U << 2); /* 34 and 35, nobody else's */
	assert_int_equal(cell.gicd_ipa, GICD);
	assert_int_equal(cell.gicr_ipa, GICR);
	/* Still the same cell: its SPIs are its own, the other cell's are not. */
	wr(&cell, 0, GICD + 0x104, 4, 1U << 2 | 1U << (OTHER_SPI % 32));
	assert_int_equal(rd(&cell, 0, GICD + 0x104, 4), 1U << 2);
}

static void test_v2_ident_and_targets(void **state)
{
	(void)state;
	assert_int_equal(rd(&cell, 0, GICD + 0x4, 4), 1 | 1 << 5); /* two CPUs */
	assert_int_equal(rd(&cell, 0, GICD + 0xfe8, 4), 0x20);
	assert_int_equal(rd(&cell, 1, GICD + 0x800, 4), 0x02020202); /* banked: CPU interface 1 */
	wr(&cell, 0, GICD + 0x820 + 3, 1, 0x06);		     /* INTID 35 to CPUs 1 and 2 */
	assert_int_equal(phys_route[35], pcpus[1]);		     /* the lowest of the cell's */
	assert_int_equal(rd(&cell, 0, GICD + 0x823, 1), 0x02);
	wr(&cell, 0, GICD + 0x828, 4, 0x01010101); /* INTIDs 40-43: not the cell's */
	assert_int_equal(phys_route[OTHER_SPI], other_pcpu[0]);
	assert_int_equal(rd(&cell, 0, GICD + 0x828, 4), 0);
}

static void test_v2_sgir(void **state)
{
	(void)state;
	wr(&cell, 0, GICD + 0xf00, 4, 1U << 24 | 7); /* all but self */
	assert_int_equal(cell.vcpu[1].sgi_from[0], 1U << 7);
	assert_int_equal(kicks[pcpus[1]], 1);
	wr(&cell, 0, GICD + 0xf00, 4, 0xfcU << 16 | 6); /* CPUs 2-7: none in the cell */
	assert_int_equal(cell.vcpu[1].sgi_from[0], 1U << 7);
	assert_int_equal(kicks[pcpus[1]], 1);
}

static void test_v2_lr_encoding_and_eoi_maintenance(void **state)
{
	(void)state;
	wr(&cell, 0, GICD, 4, 1);		     /* Group 0 on */
	wr(&cell, 0, GICD + 0x100, 4, 0xffff);	     /* SGIs */
	wr(&cell, 0, GICD + 0x104, 4, 1U << 2);	     /* INTID 34 */
	wr(&cell, 0, GICD + 0x400 + 34, 1, 0x48);    /* priority 0x48 */
	wr(&cell, 1, GICD + 0xf00, 4, 1U << 16 | 2); /* vCPU 1 sends SGI 2 to vCPU 0 */
	vgic_sync(&cell, 0);
	/* A software SGI: source CPU 1 in bits [12:10], priority's top five bits. */
	assert_int_equal(lrs[0], V2_PENDING | 1U << 10 | 2);
	vgic_inject_hw(&cell, 0, vgic_irq_of(&cell, 0, 34));
	/* A hardware one: EOI maintenance, no HW bit (EL2 deactivates it). */
	assert_int_equal(lrs[1], V2_PENDING | V2_EOI | (0x48U >> 3) << 23 | 34);
	lrs[1] &= ~V2_STATE_MASK; /* the guest EOIs it */
	deactivated = 0;
	vgic_maintenance(&cell, 0); /* the EOI maintenance interrupt */
	assert_int_equal(deactivated, 34);
	assert_int_equal(lrs[1], 0);
	/* The list register stays the interrupt's: the next one goes back into it (the fast path). */
	assert_int_equal(vgic_irq_of(&cell, 0, 34)->lr, 1);
	vgic_inject_hw(&cell, 0, vgic_irq_of(&cell, 0, 34));
	assert_int_equal(lrs[1], V2_PENDING | V2_EOI | (0x48U >> 3) << 23 | 34);
	assert_int_equal(lrs[2], 0);
	/* A kick's sync meanwhile retires it; then it is listed afresh. */
	lrs[1] &= ~V2_STATE_MASK;
	vgic_maintenance(&cell, 0);
	vgic_sync(&cell, 0);
	assert_int_equal(vgic_irq_of(&cell, 0, 34)->lr, VGIC_NO_LR);
	vgic_inject_hw(&cell, 0, vgic_irq_of(&cell, 0, 34));
	assert_true(lr_of(34) >= 0);
}

/* ------------------------------------------------------------ emulated level lines */

#define VLINE 33 /* QEMU virt's UART interrupt, as a cell's virtual console line */

/* The vCPU 0 line VLINE, enabled, in Group 0 (enabled). */
static void vline_setup(bool v2)
{
	assert_true(vgic_add_virtual_spi(&cell, VLINE));
	assert_false(vgic_add_virtual_spi(&cell, VLINE));      /* once */
	assert_true(vgic_add_virtual_spi(&other, VLINE));      /* each cell may have its own */
	assert_false(vgic_add_virtual_spi(&other, OTHER_SPI)); /* a passthrough's */
	assert_false(vgic_add_virtual_spi(&other, 27));	       /* not an SPI */
	if (v2)
		wr(&cell, 0, GICD, 4, 1);
	else
		wr(&cell, 0, GICD, 4, 0x13); /* ARE, both groups */
	wr(&cell, 0, GICD + 0x104, 4, 1U << (VLINE % 32));
	assert_false(phys_enabled[1] & (1U << (VLINE % 32))); /* nothing physical behind it */
}

static void test_vline_level_semantics(bool v2)
{
	uint64_t pending = v2 ? V2_PENDING : V3_PENDING, eoi = v2 ? V2_EOI : V3_EOI;
	uint64_t state = v2 ? V2_STATE_MASK : V3_STATE_MASK;

	vline_setup(v2);
	assert_int_equal(lrs[0], 0);
	/* Raised on vCPU 0's own CPU: listed at once, asking for EOI maintenance, no HW bit. */
	vgic_set_line(&cell, VLINE, true);
	assert_true(lrs[0] & pending);
	assert_true(lrs[0] & eoi);
	assert_false(!v2 && (lrs[0] & V3_HW));
	assert_int_equal(lrs[0] & 0x3ff, VLINE);
	assert_int_equal(kicks[pcpus[0]], 0);
	/* ISPENDR/ICPENDR: the line alone decides. */
	assert_true(rd(&cell, 0, GICD + 0x204, 4) & (1U << (VLINE % 32)));
	/* The guest EOIs while the line is still high: pending again. */
	lrs[0] &= ~state;
	vgic_sync(&cell, 0);
	assert_true(lrs[0] & pending);
	assert_int_equal(lrs[0] & 0x3ff, VLINE);
	/* Lowered, then EOI'd: nothing more. */
	vgic_set_line(&cell, VLINE, false);
	lrs[0] &= ~state;
	vgic_sync(&cell, 0);
	assert_int_equal(lrs[0], 0);
	assert_int_equal(lrs[1], 0);
	assert_int_equal(deactivated, 0); /* no physical deactivation */
	/* From another CPU: left for vCPU 0 and kicked, taken at its next sync. */
	this_cpu = pcpus[1];
	vgic_set_line(&cell, VLINE, true);
	this_cpu = pcpus[0];
	assert_int_equal(kicks[pcpus[0]], 1);
	assert_int_equal(lrs[0], 0);
	vgic_sync(&cell, 0);
	assert_true(lrs[0] & pending);
	/* The other cell's INTID VLINE is its own: untouched. */
	assert_false(vgic_irq_of(&other, 0, VLINE)->line);
	assert_int_equal(kicks[other_pcpu[0]], 0);
	/* A reset keeps the line the cell's, low. */
	vgic_reset(&cell);
	assert_false(vgic_add_virtual_spi(&cell, VLINE));
	assert_false(vgic_irq_of(&cell, 0, VLINE)->line);
}

static void test_v3_vline(void **state)
{
	(void)state;
	deactivated = 0;
	test_vline_level_semantics(false);
}

static void test_v2_vline(void **state)
{
	(void)state;
	deactivated = 0;
	test_vline_level_semantics(true);
}

/* ------------------------------------------------------------ active and pending writes */

#define V2_ACTIVE (1ULL << 29)

/* The test runs on vCPU @n's CPU: its list registers. */
static void on_vcpu(unsigned int n)
{
	lr_cpu = n;
	this_cpu = pcpus[n];
}

/* The list register holding INTID @intid on this CPU, or -1. */
static int lr_of(uint32_t intid)
{
	for (unsigned int n = 0; n < FAKE_LRS; n++)
		if ((lrs[n] & (fake_v2 ? V2_STATE_MASK : V3_STATE_MASK)) && (lrs[n] & 0x3ff) == intid)
			return (int)n;
	return -1;
}

/* GICR_ISACTIVER0/ICACTIVER0 and GICD_ISACTIVER/ICACTIVER (IHI 0069 12.9.15-16). */
static void test_v3_active_writes(void **state)
{
	(void)state;
	struct vgic_irq *t = vgic_irq_of(&cell, 0, VGIC_INTID_VTIMER);

	enable_group1(&cell, 0);
	wr(&cell, 0, GICR + 0x10100, 4, 1U << 27 | 0xffff);
	vgic_inject_hw(&cell, 0, t);
	lrs[0] = (lrs[0] & ~V3_STATE_MASK) | V3_ACTIVE; /* the guest acknowledged it */
	assert_int_equal(rd(&cell, 0, GICR + 0x10300, 4), 1U << 27);
	/* Cleared while listed: out of its list register, the physical timer interrupt deactivated. */
	wr(&cell, 0, GICR + 0x10380, 4, 1U << 27);
	assert_int_equal(lrs[0], 0);
	assert_true(phys_active_cleared[0] & (1U << 27));
	assert_int_equal(rd(&cell, 0, GICR + 0x10300, 4), 0);
	/* Set while not listed: kept; pending meanwhile, it is not delivered until cleared. */
	wr(&cell, 0, GICR + 0x10300, 4, 1U << 3);
	assert_int_equal(rd(&cell, 0, GICR + 0x10300, 4), 1U << 3);
	cell.ops->sgi_sysreg(&cell, 0, 3ULL << 24 | 1);
	assert_int_equal(lr_of(3), -1);
	assert_int_equal(rd(&cell, 0, GICR + 0x10200, 4), 1U << 3);
	wr(&cell, 0, GICR + 0x10380, 4, 1U << 3);
	assert_int_equal(lr_of(3), 0);
	assert_int_equal(lrs[0] & V3_STATE_MASK, V3_PENDING);
	/* Set while listed and pending: pending and active in its list register; cleared: pending. */
	wr(&cell, 0, GICR + 0x10300, 4, 1U << 3);
	assert_int_equal(lrs[0] & V3_STATE_MASK, V3_PENDING | V3_ACTIVE);
	assert_int_equal(rd(&cell, 0, GICR + 0x10300, 4), 1U << 3);
	wr(&cell, 0, GICR + 0x10380, 4, 1U << 3);
	assert_int_equal(lrs[0] & V3_STATE_MASK, V3_PENDING);
	/* A passthrough SPI: its physical interrupt follows (set: not signalled while active). */
	wr(&cell, 0, GICD + 0x304, 4, 1U << 2);
	assert_true(phys_active_set[1] & (1U << 2));
	assert_int_equal(rd(&cell, 0, GICD + 0x304, 4), 1U << 2);
	wr(&cell, 0, GICD + 0x384, 4, 1U << 2);
	assert_true(phys_active_cleared[1] & (1U << 2));
	assert_int_equal(rd(&cell, 0, GICD + 0x304, 4), 0);
	/* Another cell's SPI: no effect at all. */
	wr(&cell, 0, GICD + 0x304, 4, 1U << (OTHER_SPI % 32));
	wr(&cell, 0, GICD + 0x384, 4, 1U << (OTHER_SPI % 32));
	assert_false((phys_active_set[1] | phys_active_cleared[1]) & (1U << (OTHER_SPI % 32)));
	assert_int_equal(rd(&cell, 0, GICD + 0x304, 4), 0);
}

/* An SPI listed on vCPU 1, deactivated by vCPU 0: vCPU 1's CPU changes its list register. */
static void test_v3_active_other_vcpu(void **state)
{
	(void)state;
	struct vgic_irq *spi = vgic_irq_of(&cell, 0, 34);

	wr(&cell, 0, GICD, 4, 0x12);
	wr(&cell, 0, GICD + 0x84, 4, ~0U);	    /* IGROUPR1: Group 1 */
	wr(&cell, 0, GICD + 0x6000 + 8 * 34, 8, 1); /* to vCPU 1 */
	wr(&cell, 0, GICD + 0x104, 4, 1U << 2);
	on_vcpu(1);
	vgic_inject_hw(&cell, 1, spi);
	assert_int_equal(lrs[0], V3_PENDING | V3_HW | (1ULL << 60) | 34ULL << 32 | 34);
	lrs[0] = (lrs[0] & ~V3_STATE_MASK) | V3_ACTIVE;
	on_vcpu(0);
	kicks[pcpus[1]] = 0;
	wr(&cell, 0, GICD + 0x384, 4, 1U << 2);
	assert_int_equal(kicks[pcpus[1]], 1);
	assert_false(phys_active_cleared[1] & (1U << 2)); /* not from here */
	assert_int_equal(lr_bank[1][0] & V3_STATE_MASK, V3_ACTIVE);
	on_vcpu(1);
	vgic_sync(&cell, 1); /* the kick */
	assert_int_equal(lrs[0], 0);
	assert_true(phys_active_cleared[1] & (1U << 2));
	assert_int_equal(spi->lr, VGIC_NO_LR);
}

/* GICR_ICPENDR0 / GICD_ICPENDR on interrupts in list registers. */
static void test_v3_icpendr_listed(void **state)
{
	(void)state;
	struct vgic_irq *t = vgic_irq_of(&cell, 0, VGIC_INTID_VTIMER);
	int n;

	enable_group1(&cell, 0);
	wr(&cell, 0, GICR + 0x10100, 4, 1U << 27 | 0xffff);
	/* Pending -> invalid. */
	cell.ops->sgi_sysreg(&cell, 0, 2ULL << 24 | 1);
	assert_int_equal(lr_of(2), 0);
	wr(&cell, 0, GICR + 0x10280, 4, 1U << 2);
	assert_int_equal(lrs[0], 0);
	assert_int_equal(rd(&cell, 0, GICR + 0x10200, 4), 0);
	/* Pending and active -> active. */
	cell.ops->sgi_sysreg(&cell, 0, 2ULL << 24 | 1);
	lrs[0] = (lrs[0] & ~V3_STATE_MASK) | V3_ACTIVE;
	cell.ops->sgi_sysreg(&cell, 0, 2ULL << 24 | 1);
	assert_int_equal(lrs[0] & V3_STATE_MASK, V3_PENDING | V3_ACTIVE);
	wr(&cell, 0, GICR + 0x10280, 4, 1U << 2);
	assert_int_equal(lrs[0] & V3_STATE_MASK, V3_ACTIVE);
	assert_int_equal(rd(&cell, 0, GICR + 0x10300, 4), 1U << 2);
	/*
	 * The level-triggered timer, pending in a list register: out of it, and
	 * its physical interrupt deactivated, so a still-asserted timer fires
	 * again and is listed again.
	 */
	vgic_inject_hw(&cell, 0, t);
	n = lr_of(27);
	assert_true(n > 0);
	wr(&cell, 0, GICR + 0x10280, 4, 1U << 27);
	assert_int_equal(lrs[n], 0);
	assert_true(phys_active_cleared[0] & (1U << 27));
	assert_int_equal(rd(&cell, 0, GICR + 0x10200, 4), 0);
	vgic_inject_hw(&cell, 0, t);
	assert_true(lr_of(27) >= 0);
	/* A passthrough SPI pending in a list register: the physical pending state goes too. */
	wr(&cell, 0, GICD + 0x84, 4, ~0U);
	wr(&cell, 0, GICD + 0x104, 4, 1U << 2);
	vgic_inject_hw(&cell, 0, vgic_irq_of(&cell, 0, 34));
	n = lr_of(34);
	assert_true(n >= 0);
	phys_pending[1] |= 1U << 2; /* asserted again meanwhile */
	wr(&cell, 0, GICD + 0x284, 4, 1U << 2);
	assert_int_equal(lrs[n], 0);
	assert_false(phys_pending[1] & (1U << 2));
	assert_true(phys_active_cleared[1] & (1U << 2));
	assert_int_equal(rd(&cell, 0, GICD + 0x204, 4), 0);
}

/* GICv2: the same through the distributor; SGI pending bits are GICD_[SC]PENDSGIR's, WI here. */
static void test_v2_active_and_pending(void **state)
{
	(void)state;
	struct vgic_irq *t = vgic_irq_of(&cell, 0, VGIC_INTID_VTIMER);
	int n;

	wr(&cell, 0, GICD, 4, 1);
	wr(&cell, 0, GICD + 0x100, 4, 1U << 27 | 0xffff);
	wr(&cell, 0, GICD + 0x104, 4, 1U << 2);
	vgic_inject_hw(&cell, 0, vgic_irq_of(&cell, 0, 34));
	n = lr_of(34);
	assert_true(n >= 0);
	lrs[n] = (lrs[n] & ~V2_STATE_MASK) | V2_ACTIVE; /* acknowledged */
	assert_int_equal(rd(&cell, 0, GICD + 0x304, 4), 1U << 2);
	deactivated = 0;
	wr(&cell, 0, GICD + 0x384, 4, 1U << 2); /* ICACTIVER1 */
	assert_int_equal(lrs[n], 0);		/* no EOI maintenance interrupt left behind */
	assert_true(phys_active_cleared[1] & (1U << 2));
	vgic_sync(&cell, 0);
	assert_int_equal(deactivated, 0); /* deactivated once, by the write */
	/* The timer, pending in a list register: ICPENDR0 takes it out and deactivates it. */
	vgic_inject_hw(&cell, 0, t);
	n = lr_of(27);
	assert_true(n >= 0);
	wr(&cell, 0, GICD + 0x280, 4, 1U << 27);
	assert_int_equal(lrs[n], 0);
	assert_true(phys_active_cleared[0] & (1U << 27));
	/* SGI bits of GICD_ISPENDR0/ICPENDR0: no effect. */
	wr(&cell, 0, GICD + 0x200, 4, 1U << 4);
	assert_int_equal(lr_of(4), -1);
	assert_int_equal(cell.vcpu[0].sgi_from[0], 0);
	/* ISACTIVER/ICACTIVER0 on an SGI: held while active. */
	wr(&cell, 0, GICD + 0x300, 4, 1U << 5);
	assert_int_equal(rd(&cell, 0, GICD + 0x300, 4), 1U << 5);
	wr(&cell, 0, GICD + 0xf00, 4, 2U << 24 | 5); /* to itself */
	assert_int_equal(lr_of(5), -1);
	wr(&cell, 0, GICD + 0x380, 4, 1U << 5);
	assert_true(lr_of(5) >= 0);
}

/* ------------------------------------------------------------ rerouting an emulated SPI */

static void test_vline_reroute(bool v2)
{
	uint64_t state = v2 ? V2_STATE_MASK : V3_STATE_MASK;
	struct vgic_irq *line;

	vline_setup(v2);
	line = vgic_irq_of(&cell, 0, VLINE);
	wr(&cell, 0, GICD + 0x400 + VLINE, 1, 0x80);
	/* vCPU 0's four list registers hold more urgent SGIs: the line waits in its queue. */
	if (v2) {
		wr(&cell, 0, GICD + 0x100, 4, 0xffff);
		for (unsigned int s = 1; s <= FAKE_LRS; s++)
			wr(&cell, 0, GICD + 0xf00, 4, 2U << 24 | s);
	} else {
		wr(&cell, 0, GICR + 0x10100, 4, 0xffff);
		for (unsigned int s = 1; s <= FAKE_LRS; s++)
			cell.ops->sgi_sysreg(&cell, 0, (uint64_t)s << 24 | 1);
	}
	vgic_set_line(&cell, VLINE, true);
	assert_true(line->queued);
	assert_int_equal(lr_of(VLINE), -1);
	/* Routed to vCPU 1: out of vCPU 0's queue, vCPU 1 kicked, listed there. */
	kicks[pcpus[1]] = 0;
	if (v2)
		wr(&cell, 0, GICD + 0x800 + VLINE, 1, 0x02);
	else
		wr(&cell, 0, GICD + 0x6000 + 8 * VLINE, 8, 1);
	assert_false(line->queued);
	assert_null(cell.vcpu[0].queue);
	assert_int_equal(kicks[pcpus[1]], 1);
	on_vcpu(1);
	vgic_sync(&cell, 1);
	assert_int_equal(lr_of(VLINE), 0);
	/* Routed back while in vCPU 1's list register: in flight, it stays there... */
	kicks[pcpus[0]] = 0;
	if (v2)
		wr(&cell, 1, GICD + 0x800 + VLINE, 1, 0x01);
	else
		wr(&cell, 1, GICD + 0x6000 + 8 * VLINE, 8, 0);
	assert_int_equal(lr_of(VLINE), 0);
	assert_int_equal(kicks[pcpus[0]], 0);
	/* ...until the guest ends it there: the line still high, it is vCPU 0's next. */
	lrs[0] &= ~state;
	vgic_sync(&cell, 1);
	assert_int_equal(lrs[0], 0);
	assert_int_equal(kicks[pcpus[0]], 1);
	on_vcpu(0);
	for (unsigned int n = 0; n < FAKE_LRS; n++)
		lrs[n] = 0; /* the guest took the SGIs */
	vgic_sync(&cell, 0);
	assert_true(lr_of(VLINE) >= 0);
}

static void test_v3_vline_reroute(void **state)
{
	(void)state;
	test_vline_reroute(false);
}

static void test_v2_vline_reroute(void **state)
{
	(void)state;
	test_vline_reroute(true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_v3_ident, setup_v3),
		cmocka_unit_test_setup(test_v3_reset, setup_v3),
		cmocka_unit_test_setup(test_v3_enable_own_spi, setup_v3),
		cmocka_unit_test_setup(test_v3_other_cells_spi_raz_wi, setup_v3),
		cmocka_unit_test_setup(test_v3_irouter, setup_v3),
		cmocka_unit_test_setup(test_v3_priority_and_config, setup_v3),
		cmocka_unit_test_setup(test_v3_redistributors, setup_v3),
		cmocka_unit_test_setup(test_v3_refused_size, setup_v3),
		cmocka_unit_test_setup(test_v3_timer_hw_injection, setup_v3),
		cmocka_unit_test_setup(test_v3_priority_order_queue_and_refill, setup_v3),
		cmocka_unit_test_setup(test_v3_sgi_targets, setup_v3),
		cmocka_unit_test_setup(test_v3_sgi_while_active, setup_v3),
		cmocka_unit_test_setup(test_v3_sgi_self_direct, setup_v3),
		cmocka_unit_test_setup(test_v3_sgi_self_behind_queued, setup_v3),
		cmocka_unit_test_setup(test_v3_sgi_self_no_free_lr, setup_v3),
		cmocka_unit_test_setup(test_v3_sgi_self_second_source, setup_v3),
		cmocka_unit_test_setup(test_v2_sgi_self_and_kick, setup_v2),
		cmocka_unit_test_setup(test_v3_pending_active_reads, setup_v3),
		cmocka_unit_test_setup(test_v2_ident_and_targets, setup_v2),
		cmocka_unit_test_setup(test_v2_sgir, setup_v2),
		cmocka_unit_test_setup(test_v2_lr_encoding_and_eoi_maintenance, setup_v2),
		cmocka_unit_test_setup(test_v3_vline, setup_v3),
		cmocka_unit_test_setup(test_v2_vline, setup_v2),
		cmocka_unit_test_setup(test_v3_active_writes, setup_v3),
		cmocka_unit_test_setup(test_v3_active_other_vcpu, setup_v3),
		cmocka_unit_test_setup(test_v3_icpendr_listed, setup_v3),
		cmocka_unit_test_setup(test_v2_active_and_pending, setup_v2),
		cmocka_unit_test_setup(test_v3_vline_reroute, setup_v3),
		cmocka_unit_test_setup(test_v2_vline_reroute, setup_v2),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
