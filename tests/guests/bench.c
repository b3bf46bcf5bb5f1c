// SPDX-License-Identifier: MIT
/*
 * The benchmark guest (make bench, docs/performance.md). One binary runs as
 * the only cell of Septum on QEMU virt and, as the baseline, directly on
 * QEMU at EL1 with no hypervisor (no device tree then: it finds the GIC
 * version in ID_AA64PFR0_EL1 and uses QEMU virt's addresses). Meant for
 * QEMU -icount shift=0,sleep=off -cpu max: one instruction per nanosecond
 * and a 1 GHz generic counter, so the counter counts every instruction the
 * core executes, at any exception level. The PMU counts the guest's own EL1
 * instructions (Septum keeps EL2 out of the guest's counters, MDCR_EL2.HPMD),
 * so over a window
 *     EL2 instructions = counter ticks - EL1 instructions - calibration
 * (the calibration is the same window with nothing in it). This needs the
 * core to be the only one running, which it is: the hypervisor's own CPU
 * is parked in WFI. Natively the difference must come out as 0.
 * Each test prints one line "BENCH <test> n N ns MIN AVG MAX el2 MIN AVG MAX"
 * after WARMUP untimed rounds; then "BENCH done".
 */
#include <septum/psci.h>
#include <septum/string.h>

#include "guest.h"

#define SAMPLES 1000
#define WARMUP 8
#define VTIMER_INTID 27
#define BENCH_SGI 3
#define PONG_SGI 4
#define RTC_BASE 0x09010000UL /* the PL031, passed through to the cell */
#define RTC_INTID 34
#define RTC_DR 0x00
#define RTC_MR 0x04
#define RTC_IMSC 0x10
#define RTC_ICR 0x1c
#define NS_PER_S 1000000000ULL
#define PRIO 0x80
#define TIMER_DELAY 5000 /* counter ticks from arming to the deadline */
#define GICD_CTLR 0x000
#define GICD_IPRIORITYR_SPI32 0x420
#define PMU_INST_RETIRED 0x08
#define PMEVTYPER_U (1U << 30)	 /* not at EL0 */
#define PMEVTYPER_NSH (1U << 27) /* at EL2: left clear */
#define PMCR_E (1U << 0)
#define PMCR_P (1U << 1)
#define ID_AA64PFR0_GIC_SHIFT 24
/* EL1 instructions of the WFI window the PMU sees but the sleep hides (0 natively). */
#define WFI_CAL (-4)
/* Instructions from the counter read to the RTC_MR write taking effect. */
#define SPI_CAL 3
/* The same for the two vCPUs' windows of sgi-other (0 natively). */
#define SGI_OTHER_CAL 0

void guest_psci_secondary(uint64_t context);

struct stamp {
	uint64_t t;   /* CNTVCT_EL0: every instruction at every EL */
	uint32_t el1; /* PMEVCNTR0_EL0: EL1 instructions */
};

struct stats {
	uint64_t n, ns_min, ns_max, ns_sum;
	int64_t el2_min, el2_max, el2_sum;
};

static int64_t cal_ticks, cal_el2;
static volatile uint32_t fired;
static struct stamp at_handler;
/* vCPU 1 (sgi-other): its stamp before each WFI, the one before, its handler's. */
static volatile struct stamp sec_wfi, sec_before, sec_handler;
static volatile uint32_t sec_ready;
static volatile uint32_t *const rtc = (volatile uint32_t *)RTC_BASE;

static inline void stamp(struct stamp *s)
{
	uint64_t t, p;

	__asm__ volatile("isb; mrs %0, cntvct_el0; mrs %1, pmevcntr0_el0" : "=r"(t), "=r"(p) : : "memory");
	s->t = t;
	s->el1 = (uint32_t)p;
}

/*
 * stamp(), stored before a WFI four instructions after the counter read
 * (the core sleeps from there to its wake-up): the stamp is in memory while
 * the core sleeps, for the other vCPU to read.
 */
static inline void stamp_wfi(struct stamp *s)
{
	__asm__ volatile("isb\n"
			 "mrs x9, cntvct_el0\n"
			 "mrs x10, pmevcntr0_el0\n"
			 "str x9, [%0]\n"
			 "str w10, [%0, #8]\n"
			 "wfi"
			 :
			 : "r"(s)
			 : "x9", "x10", "memory");
}

static int64_t el2_of(const struct stamp *a, const struct stamp *b)
{
	return (int64_t)(b->t - a->t) - (int64_t)(uint32_t)(b->el1 - a->el1) - cal_el2;
}

static void stats_add(struct stats *s, int64_t ns, int64_t el2)
{
	uint64_t u = ns < 0 ? 0 : (uint64_t)ns;

	if (!s->n || u < s->ns_min)
		s->ns_min = u;
	if (!s->n || u > s->ns_max)
		s->ns_max = u;
	if (!s->n || el2 < s->el2_min)
		s->el2_min = el2;
	if (!s->n || el2 > s->el2_max)
		s->el2_max = el2;
	s->ns_sum += u;
	s->el2_sum += el2;
	s->n++;
}

static void stats_print(const char *name, const struct stats *s)
{
	guest_printf("BENCH %s n %llu ns %llu %llu %llu el2 %lld %lld %lld\n", name, (unsigned long long)s->n,
		     (unsigned long long)s->ns_min, (unsigned long long)(s->ns_sum / s->n),
		     (unsigned long long)s->ns_max, (long long)s->el2_min,
		     (long long)(s->el2_sum / (int64_t)s->n), (long long)s->el2_max);
}

static void pmu_init(void)
{
	__asm__ volatile("msr pmevtyper0_el0, %0\n"
			 "msr pmcntenset_el0, %1\n"
			 "msr pmcr_el0, %2\n"
			 "isb"
			 :
			 : "r"((uint64_t)(PMU_INST_RETIRED | PMEVTYPER_U)), "r"(1ULL),
			   "r"((uint64_t)(PMCR_E | PMCR_P)));
}

/* The empty window: what stamp() itself costs in ticks and in the difference. */
static void calibrate(void)
{
	struct stamp a, b;

	for (int i = 0; i < WARMUP; i++) {
		stamp(&a);
		stamp(&b);
		cal_ticks = (int64_t)(b.t - a.t);
		cal_el2 = 0;
		cal_el2 = el2_of(&a, &b);
	}
}

/* One synchronous operation (@op) per sample: its time and EL2 instructions. */
static void bench_sync(const char *name, void (*op)(void))
{
	struct stats s = { 0 };
	struct stamp a, b;

	for (int i = 0; i < WARMUP + SAMPLES; i++) {
		stamp(&a);
		op();
		stamp(&b);
		if (i >= WARMUP)
			stats_add(&s, (int64_t)(b.t - a.t) - cal_ticks, el2_of(&a, &b));
	}
	stats_print(name, &s);
}

static void op_hvc(void)
{
	(void)guest_smccc(false, PSCI_FN_VERSION, 0, 0, 0);
}

static void op_dist_read(void)
{
	(void)gic_dist_read(GICD_CTLR);
}

static void op_dist_write(void)
{
	gic_dist_write(GICD_IPRIORITYR_SPI32, PRIO << 24 | PRIO << 16 | PRIO << 8 | PRIO);
}

static void handler(uint32_t intid)
{
	struct stamp h;

	stamp(&h);
	if (guest_vcpu() != 0) { /* sgi-other: vCPU 1 pongs */
		sec_handler = h;
		sec_before = sec_wfi;
		gic_send_sgi(PONG_SGI, 1);
		return;
	}
	at_handler = h;
	if (intid == VTIMER_INTID)
		__asm__ volatile("msr cntv_ctl_el0, xzr; isb");
	else if (intid == RTC_INTID)
		rtc[RTC_ICR / 4] = 1;
	fired = intid + 1;
}

/* The virtual timer: deadline to handler entry; EL2 instructions over the whole interrupt. */
static void bench_vtimer(const char *name, bool wfi)
{
	struct stats s = { 0 };
	struct stamp a, b, w = { 0 };
	int64_t el2;

	gic_enable_irq(VTIMER_INTID, PRIO);
	for (int i = 0; i < WARMUP + SAMPLES; i++) {
		uint64_t cval;

		fired = 0;
		stamp(&a);
		cval = a.t + TIMER_DELAY;
		__asm__ volatile("msr cntv_cval_el0, %0; msr cntv_ctl_el0, %1; isb" : : "r"(cval), "r"(1ULL));
		while (!fired)
			if (wfi)
				stamp_wfi(&w);
		stamp(&b);
		if (i < WARMUP)
			continue;
		/* From WFI the core sleeps until the deadline: only what follows counts. */
		if (wfi)
			el2 = (int64_t)(b.t - cval) - (int64_t)(uint32_t)(b.el1 - w.el1) - WFI_CAL;
		else
			el2 = el2_of(&a, &b);
		stats_add(&s, (int64_t)(at_handler.t - cval), el2);
	}
	gic_disable_irq(VTIMER_INTID);
	stats_print(name, &s);
}

/* An SGI to the sending vCPU itself: the send to handler entry. */
static void bench_self_sgi(const char *name)
{
	struct stats s = { 0 };
	struct stamp a, b;

	gic_enable_irq(BENCH_SGI, PRIO);
	for (int i = 0; i < WARMUP + SAMPLES; i++) {
		fired = 0;
		stamp(&a);
		gic_send_sgi(BENCH_SGI, 1ULL << guest_vcpu());
		while (!fired)
			;
		stamp(&b);
		if (i >= WARMUP)
			stats_add(&s, (int64_t)(at_handler.t - a.t) - cal_ticks, el2_of(&a, &b));
	}
	gic_disable_irq(BENCH_SGI);
	stats_print(name, &s);
}

/*
 * The passthrough PL031's alarm (an SPI) from WFI: QEMU raises it
 * (MR - DR) seconds after the write of RTC_MR, by the VM clock
 * (-rtc clock=vm), which is the generic counter's: deadline to handler
 * entry, EL2 instructions after the deadline. A sample whose second
 * changed between reading DR and writing MR is taken again.
 */
static void bench_spi(const char *name)
{
	struct stats s = { 0 };
	struct stamp a, b, w = { 0 };

	rtc[RTC_IMSC / 4] = 1;
	gic_enable_irq(RTC_INTID, PRIO);
	for (int i = 0; i < WARMUP + SAMPLES; i++) {
		uint32_t dr = rtc[RTC_DR / 4];
		uint64_t deadline;

		fired = 0;
		stamp(&a);
		rtc[RTC_MR / 4] = dr + 1;
		if (rtc[RTC_DR / 4] != dr) {
			while (!fired)
				;
			i--;
			continue;
		}
		deadline = a.t + NS_PER_S + SPI_CAL;
		while (!fired)
			stamp_wfi(&w);
		stamp(&b);
		if (i >= WARMUP)
			stats_add(&s, (int64_t)(at_handler.t - deadline),
				  (int64_t)(b.t - deadline) - (int64_t)(uint32_t)(b.el1 - w.el1) - WFI_CAL);
	}
	gic_disable_irq(RTC_INTID);
	rtc[RTC_IMSC / 4] = 0;
	stats_print(name, &s);
}

/* vCPU 1: wait in WFI for SGIs, answer each (handler()). */
static void secondary(void)
{
	gic_setup_cpu();
	gic_enable_irq(BENCH_SGI, PRIO);
	irq_unmask();
	sec_ready = 1;
	for (;;)
		stamp_wfi((struct stamp *)&sec_wfi);
}

/*
 * An SGI from vCPU 0 to vCPU 1, both waiting in WFI otherwise: the send to
 * the handler's entry on vCPU 1. vCPU 1 answers with an SGI back; the EL2
 * instructions are those of the whole round trip on both cores (the ticks
 * of the window minus both vCPUs' EL1 instructions). QEMU runs one vCPU at
 * a time under icount, each until it waits, so the window holds vCPU 0 to
 * its WFI, vCPU 1 from its wake-up to its next WFI, vCPU 0 to the end.
 */
static void bench_sgi_other(const char *name)
{
	struct stats s = { 0 };
	struct stamp a, b, w;
	uint64_t end;

	if (guest_cpu_on(1, secondary) != 0) {
		guest_printf("BENCH %s skipped: no vCPU 1 (PSCI CPU_ON failed)\n", name);
		return;
	}
	end = guest_counter() + guest_counter_freq() / 10;
	while (!sec_ready && guest_counter() < end)
		;
	gic_enable_irq(PONG_SGI, PRIO);
	for (int i = 0; i < WARMUP + SAMPLES; i++) {
		fired = 0;
		stamp(&a);
		gic_send_sgi(BENCH_SGI, 1ULL << 1);
		while (!fired)
			stamp_wfi(&w);
		stamp(&b);
		if (i >= WARMUP)
			stats_add(&s, (int64_t)(sec_handler.t - a.t) - cal_ticks,
				  el2_of(&a, &b) - (int64_t)(uint32_t)(sec_wfi.el1 - sec_before.el1) -
					  SGI_OTHER_CAL);
	}
	gic_disable_irq(PONG_SGI);
	stats_print(name, &s);
}

void guest_psci_secondary(uint64_t context)
{
	(void)context;
	guest_halt();
}

void guest_main(const void *dtb)
{
	const char *args = guest_bootargs(dtb);
	uint64_t freq = guest_counter_freq(), pfr0;
	char gic_arg[8] = "gic=2", under[16] = "";
	bool native = !guest_arg_str(args, "bench", under, sizeof(under));
	int gic;

	__asm__ volatile("mrs %0, id_aa64pfr0_el1" : "=r"(pfr0));
	if ((pfr0 >> ID_AA64PFR0_GIC_SHIFT) & 0xf)
		gic_arg[4] = '3';
	gic = gic_setup(guest_arg_num(args, "gic", 0) ? args : gic_arg);
	guest_printf("BENCH start %s gic %d freq %llu boot %llu\n", native ? "native" : under, gic,
		     (unsigned long long)freq, (unsigned long long)guest_boot_counter);
	if (freq != 1000000000ULL)
		guest_printf("BENCH warning: the counter runs at %llu Hz, not 1 GHz (-cpu max): "
			     "EL2 figures are not instruction counts\n",
			     (unsigned long long)freq);
	pmu_init();
	calibrate();
	guest_irq_handler = handler;
	irq_unmask();
	bench_sync("hvc-psci-version", op_hvc);
	bench_sync("gicd-read", op_dist_read);
	bench_sync("gicd-write", op_dist_write);
	bench_vtimer("vtimer-spin", false);
	bench_vtimer("vtimer-wfi", true);
	bench_self_sgi("sgi-self");
	bench_sgi_other("sgi-other");
	bench_spi("spi-rtc-wfi");
	guest_printf("BENCH done\n");
	guest_halt();
}
