// SPDX-License-Identifier: MIT
/*
 * Interrupt test modes of the test guest, through the cell's virtual GIC
 * (bootargs gic=2|3):
 *   mode=vtimer [count=N] [period_us=P] [report=R]
 *       rounds of N virtual-timer interrupts P us apart (deadlines by
 *       CNTV_CVAL, so a late one is caught up, never lost): each round must
 *       see exactly N, none after the timer is off, and nothing else;
 *       "TEST vtimer PASS" after R good rounds, then rounds go on
 *   mode=sgi [count=N]
 *       N SGIs to itself, each received once with the right INTID; then
 *       eight SGIs of eight priorities made pending at once, lowest
 *       priority first, must be taken highest priority first (more than
 *       the list registers: the queue and the maintenance interrupt)
 *   mode=spi [count=N]
 *       the passthrough PL031 RTC alarm (INTID 34) N times, exactly N
 *   mode=meddle [spi=34]
 *       touch another cell's SPI and CPUs through this cell's vGIC: reads
 *       must be RAZ; the other cell's own tests show the writes did nothing
 *   mode=sgi-smp [count=N]
 *       start vCPU 1 (PSCI CPU_ON); N rounds of ping-pong: SGI 5 from
 *       vCPU 0 to vCPU 1, which answers SGI 6 to vCPU 0; each side must
 *       count exactly N
 *   mode=spi-smp [count=N]
 *       as mode=spi, run by vCPU 1 (started by PSCI CPU_ON) with the SPI
 *       routed to itself: vCPU 0 must receive none of it
 *   mode=smp-fault addr=A
 *       vCPU 1 reads A, outside the cell: the whole cell must stop, vCPU 0
 *       too (kicked while it spins), so its next line is a failure
 *   mode=irqstate
 *       GICD/GICR_ICACTIVER on the timer's interrupt while it is handled
 *       (still asserted: taken again), ISACTIVER holding an SGI back until
 *       ICACTIVER, ICPENDR on the timer's interrupt pending in a list
 *       register (gone; still asserted: pending again, taken once), ICACTIVER
 *       on the passthrough RTC alarm (INTID 34) while handled (taken again)
 *   mode=reroute
 *       the virtual console's interrupt, waiting on vCPU 0 (IRQs masked,
 *       four more urgent SGIs listed), routed to vCPU 1: taken there
 *   mode=badsize
 *       64-bit and 16-bit accesses to 32-bit distributor registers: the
 *       hypervisor logs and ignores them (reads as 0), the cell goes on
 */
#include <septum/psci.h>
#include <septum/string.h>

#include "testguest.h"

#define VTIMER_INTID 27
#define CNTV_CTL_ENABLE 1U
#define SGI_PRIO_BASE 0x10
#define PRIO_DEFAULT 0x80
#define PRIO_SGIS 8
#define RTC_BASE 0x09010000UL
#define RTC_INTID 34
#define RTC_DR 0x00
#define RTC_MR 0x04
#define RTC_IMSC 0x10
#define RTC_ICR 0x1c
#define GICD_ISENABLER 0x100
#define GICD_ICENABLER 0x180
#define GICD_ISPENDR 0x200
#define GICD_ICPENDR 0x280
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR 0x800
#define GICD_IROUTER 0x6000
#define ICC_SGI1R_IRM (1ULL << 40)
#define ICC_SGI1R_AFF1_SHIFT 16
#define GICD_SGIR_OTHERS (1U << 24)
#define LOG_MAX 64
#define GICD_BASE_DEFAULT 0x08000000UL

static volatile uint32_t received, unexpected, last_unexpected;
static volatile uint32_t order[LOG_MAX];
static uint64_t vt_period, vt_cval;
static uint32_t vt_target;

static uint64_t ms_to_ticks(uint64_t ms)
{
	return guest_counter_freq() * ms / 1000;
}

/* Wait up to @ms for received == @n. */
static bool wait_for(uint32_t n, uint64_t ms)
{
	uint64_t end = guest_counter() + ms_to_ticks(ms);

	while (received < n && guest_counter() < end)
		;
	return received >= n;
}

/* then=reset: after the report, SYSTEM_RESET from inside the handler, with the
 * timer's interrupt still active (never ended): the restart must not keep it. */
static volatile bool vt_reset_now;

static void vtimer_handler(uint32_t intid)
{
	if (intid != VTIMER_INTID) {
		unexpected++;
		last_unexpected = intid;
		return;
	}
	if (vt_reset_now && received == vt_target / 2) {
		guest_printf("SYSTEM_RESET from the timer interrupt handler\n");
		guest_smccc(false, PSCI_FN_SYSTEM_RESET, 0, 0, 0);
	}
	if (++received >= vt_target) {
		__asm__ volatile("msr cntv_ctl_el0, xzr; isb");
		return;
	}
	vt_cval += vt_period;
	__asm__ volatile("msr cntv_cval_el0, %0; isb" : : "r"(vt_cval));
}

static void vtimer(const char *args)
{
	uint64_t period_us = guest_arg_num(args, "period_us", 200), report = guest_arg_num(args, "report", 3);
	char then[16] = "";

	(void)guest_arg_str(args, "then", then, sizeof(then));

	vt_target = (uint32_t)guest_arg_num(args, "count", 500);
	vt_period = guest_counter_freq() * period_us / 1000000;
	guest_irq_handler = vtimer_handler;
	gic_enable_irq(VTIMER_INTID, PRIO_DEFAULT);
	irq_unmask();
	for (uint64_t round = 1;; round++) {
		uint64_t start = guest_counter(), took;
		bool done;

		received = 0;
		vt_cval = start + vt_period;
		__asm__ volatile("msr cntv_cval_el0, %0; msr cntv_ctl_el0, %1; isb"
				 :
				 : "r"(vt_cval), "r"((uint64_t)CNTV_CTL_ENABLE));
		done = wait_for(vt_target, 2 * vt_target * period_us / 1000 + 2000);
		took = (guest_counter() - start) * 1000000 / guest_counter_freq();
		guest_delay_us(10 * period_us); /* the timer is off: nothing more may come */
		if (!done || received != vt_target || unexpected) {
			guest_test("vtimer", false,
				   "round %llu: %u of %u interrupts, %u others (last INTID %u), %llu us",
				   (unsigned long long)round, received, vt_target, unexpected,
				   last_unexpected, (unsigned long long)took);
			guest_halt();
		}
		guest_printf("vtimer round %llu: %u interrupts in %llu us\n", (unsigned long long)round,
			     received, (unsigned long long)took);
		if (round == report) {
			guest_test("vtimer", true,
				   "%llu rounds of %u interrupts every %llu us, none lost or extra",
				   (unsigned long long)report, vt_target, (unsigned long long)period_us);
			vt_reset_now = !strcmp(then, "reset");
		}
	}
}

static void log_handler(uint32_t intid)
{
	if (received < LOG_MAX)
		order[received] = intid;
	received++;
}

static void sgi(const char *args)
{
	uint32_t n = (uint32_t)guest_arg_num(args, "count", 100);
	bool ok = true;

	guest_irq_handler = log_handler;
	for (uint32_t s = 0; s < 16; s++)
		gic_enable_irq(s, PRIO_DEFAULT);
	irq_unmask();
	for (uint32_t i = 0; i < n && ok; i++) {
		uint32_t before = received;

		gic_send_sgi(i % 16, 1); /* to vCPU 0: itself */
		ok = wait_for(before + 1, 1000) && received == before + 1 &&
		     order[before % LOG_MAX] == i % 16;
		if (!ok)
			guest_test("sgi", false, "SGI %u: received %u (INTID %u), expected %u", i % 16,
				   received - before, order[before % LOG_MAX], i % 16);
		if (received >= LOG_MAX)
			received = 0;
	}
	if (ok)
		guest_test("sgi", true, "%u SGIs to itself, each received once", n);

	/* Priority order: SGI s has priority 0x10 * s (lower is more urgent). */
	irq_mask();
	received = 0;
	for (uint32_t s = 1; s <= PRIO_SGIS; s++)
		gic_enable_irq(s, (uint8_t)(SGI_PRIO_BASE * s));
	for (uint32_t s = PRIO_SGIS; s >= 1; s--)
		gic_send_sgi(s, 1);
	irq_unmask();
	wait_for(PRIO_SGIS, 1000);
	ok = received == PRIO_SGIS;
	for (uint32_t i = 0; i < PRIO_SGIS && ok; i++)
		ok = order[i] == i + 1;
	guest_test("priority", ok, "%u pending SGIs taken in order %u %u %u %u %u %u %u %u", received,
		   order[0], order[1], order[2], order[3], order[4], order[5], order[6], order[7]);
}

static void w32(uintptr_t a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

static uint32_t r32(uintptr_t a)
{
	return *(volatile uint32_t *)a;
}

static unsigned int rtc_cpu; /* the vCPU the alarm is routed to */

static void rtc_handler(uint32_t intid)
{
	if (intid == RTC_INTID && guest_vcpu() == rtc_cpu) {
		w32(RTC_BASE + RTC_ICR, 1); /* the level goes down */
		received++;
	} else {
		unexpected++;
		last_unexpected = intid;
	}
}

static void spi(const char *args)
{
	uint32_t n = (uint32_t)guest_arg_num(args, "count", 20);
	bool ok = true;

	guest_irq_handler = rtc_handler;
	gic_enable_irq(RTC_INTID, PRIO_DEFAULT);
	irq_unmask();
	for (uint32_t i = 0; i < n && ok; i++) {
		/* Match register = now: the alarm fires at once (retry across a second boundary). */
		for (unsigned int tries = 0; tries < 3 && received == i; tries++) {
			w32(RTC_BASE + RTC_IMSC, 1);
			w32(RTC_BASE + RTC_MR, r32(RTC_BASE + RTC_DR));
			wait_for(i + 1, 500);
		}
		w32(RTC_BASE + RTC_IMSC, 0);
		ok = received == i + 1;
		guest_delay_us(10000);
	}
	guest_delay_us(100000);
	ok = ok && received == n && !unexpected;
	guest_test("spi", ok, "%u of %u RTC alarms (INTID %u), %u other interrupts (last INTID %u)", received,
		   n, RTC_INTID, unexpected, last_unexpected);
}

static void meddle(const char *args, int version)
{
	uint32_t target = (uint32_t)guest_arg_num(args, "spi", RTC_INTID), word = 4 * (target / 32),
		 bit = 1U << (target % 32);
	uint64_t end = guest_counter() + ms_to_ticks(guest_arg_num(args, "ms", 400));
	unsigned int rounds = 0, seen = 0;

	while (guest_counter() < end) {
		gic_dist_write(GICD_ISENABLER + word, bit);
		gic_dist_write(GICD_ICENABLER + word, bit);
		gic_dist_write(GICD_ISPENDR + word, bit);
		gic_dist_write(GICD_ICPENDR + word, bit);
		gic_dist_write(GICD_ISENABLER + word, bit);
		gic_dist_write(GICD_IPRIORITYR + (target & ~3U), 0);
		if (version == 3) {
			gic_dist_write(GICD_IROUTER + 8 * target, 0);
			gic_send_sgi_raw(ICC_SGI1R_IRM | 1ULL << 24); /* everyone else */
			gic_send_sgi_raw(0xfffeULL | 2ULL << 24);     /* vCPUs 1-15 */
			gic_send_sgi_raw(1ULL << ICC_SGI1R_AFF1_SHIFT | 1ULL | 3ULL << 24); /* Aff1 1 */
		} else {
			gic_dist_write(GICD_ITARGETSR + (target & ~3U), 0x01010101);
			gic_send_sgi_raw(GICD_SGIR_OTHERS | 1);
			gic_send_sgi_raw(0xfeU << 16 | 2);
		}
		if ((gic_dist_read(GICD_ISENABLER + word) | gic_dist_read(GICD_ISPENDR + word)) & bit)
			seen++;
		rounds++;
	}
	guest_test("meddle", seen == 0, "%u rounds on INTID %u and other CPUs; it read as set %u times",
		   rounds, target, seen);
}

#define SGI_PING 5
#define SGI_PONG 6

static volatile uint32_t pings, pongs, strays, secondary_ready;

static void pingpong_handler(uint32_t intid)
{
	if (intid == SGI_PING && guest_vcpu() == 1) {
		pings++;
		gic_send_sgi(SGI_PONG, 1U << 0);
	} else if (intid == SGI_PONG && guest_vcpu() == 0) {
		pongs++;
	} else {
		strays++;
	}
}

static void secondary(void)
{
	gic_setup_cpu();
	gic_enable_irq(SGI_PING, PRIO_DEFAULT); /* banked: vCPU 1's own */
	irq_unmask();
	secondary_ready = 1;
	for (;;)
		__asm__ volatile("wfi");
}

static void sgi_smp(const char *args)
{
	uint32_t n = (uint32_t)guest_arg_num(args, "count", 200);
	uint64_t end;
	int64_t r;

	guest_irq_handler = pingpong_handler;
	gic_enable_irq(SGI_PONG, PRIO_DEFAULT);
	irq_unmask();
	r = guest_cpu_on(1, secondary);
	end = guest_counter() + ms_to_ticks(2000);
	while (!secondary_ready && guest_counter() < end)
		;
	if (r != 0 || !secondary_ready) {
		guest_test("sgi-smp", false, "CPU_ON of vCPU 1 returned %lld, started %u", (long long)r,
			   secondary_ready);
		return;
	}
	for (uint32_t i = 0; i < n; i++) {
		gic_send_sgi(SGI_PING, 1U << 1);
		end = guest_counter() + ms_to_ticks(1000);
		while (pongs < i + 1 && guest_counter() < end)
			;
		if (pongs != i + 1)
			break;
	}
	guest_delay_us(10000);
	guest_test("sgi-smp", pings == n && pongs == n && !strays,
		   "%u pings to vCPU 1, %u pongs back to vCPU 0 of %u, %u strays", pings, pongs, n, strays);
}

static const char *smp_args;
static volatile uint32_t spi_done;

static void spi_secondary(void)
{
	gic_setup_cpu();
	spi(smp_args); /* routes the SPI to vCPU 1, counts there */
	spi_done = 1;
	for (;;)
		__asm__ volatile("wfi");
}

static void spi_smp(const char *args)
{
	int64_t r;

	smp_args = args;
	rtc_cpu = 1;
	guest_irq_handler = rtc_handler;
	irq_unmask(); /* vCPU 0 would count the alarm as unexpected */
	r = guest_cpu_on(1, spi_secondary);
	while (r == 0 && !spi_done)
		;
	guest_delay_us(20000);
	guest_test("spi-route", r == 0 && spi_done, "vCPU 1 started (%lld); its SPI never reached vCPU 0",
		   (long long)r);
}

static volatile uint64_t fault_addr;

static void fault_secondary(void)
{
	uint64_t v = *(volatile uint64_t *)fault_addr;

	guest_test("smp-fault", false, "vCPU 1 read 0x%llx at 0x%llx and kept running", (unsigned long long)v,
		   (unsigned long long)fault_addr);
}

static void smp_fault(const char *args)
{
	uint64_t end;

	fault_addr = guest_arg_num(args, "addr", 0);
	guest_printf("smp-fault: vCPU 1 reads 0x%llx\n", (unsigned long long)fault_addr);
	guest_cpu_on(1, fault_secondary);
	end = guest_counter() + ms_to_ticks(3000);
	while (guest_counter() < end)
		;
	guest_test("smp-fault", false, "vCPU 0 still running 3 s after vCPU 1's fault");
}

static void badsize(void)
{
	volatile uint64_t *ctlr64 = (volatile uint64_t *)(GICD_BASE_DEFAULT);
	volatile uint16_t *isen16 = (volatile uint16_t *)(GICD_BASE_DEFAULT + GICD_ISENABLER);
	uint64_t v64 = *ctlr64;
	uint16_t v16;

	*isen16 = 0xffff;
	v16 = *isen16;
	guest_test("badsize", v64 == 0 && v16 == 0, "64-bit read 0x%llx, 16-bit read 0x%x: still running",
		   (unsigned long long)v64, v16);
}

/* ------------------------------------------------------------ active and pending state writes */

#define GICD_ISACTIVER 0x300
#define GICD_ICACTIVER 0x380
#define GICR_BASE_DEFAULT 0x080a0000UL
#define GICR_FRAME 0x20000
#define GICR_SGI_BASE 0x10000
#define STATE_SGI 9
#define SETTLE_US 20000

static int st_version;
static uintptr_t st_gicd, st_gicr;

/* Where bit @intid of a set/clear register lives: GICv3 private ones in the vCPU's redistributor. */
static uintptr_t bit_reg(uint32_t reg, uint32_t intid)
{
	uintptr_t base =
		st_version == 3 && intid < 32 ? st_gicr + GICR_FRAME * guest_vcpu() + GICR_SGI_BASE : st_gicd;

	return base + reg + 4 * (intid / 32);
}

static void gic_bit_write(uint32_t reg, uint32_t intid)
{
	w32(bit_reg(reg, intid), 1U << (intid % 32));
}

static bool gic_bit_read(uint32_t reg, uint32_t intid)
{
	return r32(bit_reg(reg, intid)) & (1U << (intid % 32));
}

/* Route SPI @intid to vCPU @vcpu (GICD_IROUTER: Aff0 = its index; GICD_ITARGETSR: its bit). */
static void gic_route_irq(uint32_t intid, unsigned int vcpu)
{
	if (st_version == 3)
		*(volatile uint64_t *)(st_gicd + GICD_IROUTER + 8 * intid) = vcpu;
	else
		*(volatile uint8_t *)(st_gicd + GICD_ITARGETSR + intid) = (uint8_t)(1U << vcpu);
}

static volatile uint32_t st_timer, st_sgi, st_rtc, st_active_before, st_active_after;
static volatile bool st_deactivate;

static void vtimer_now(void)
{
	__asm__ volatile("msr cntv_cval_el0, %0; msr cntv_ctl_el0, %1; isb"
			 :
			 : "r"(guest_counter()), "r"((uint64_t)CNTV_CTL_ENABLE));
}

static void vtimer_off(void)
{
	__asm__ volatile("msr cntv_ctl_el0, xzr; isb");
}

static void state_handler(uint32_t intid)
{
	if (intid == STATE_SGI) {
		st_sgi++;
	} else if (intid == RTC_INTID) {
		if (++st_rtc == 1) {
			/* The passthrough SPI deactivated while handled, the RTC's alarm still asserted. */
			st_active_before = gic_bit_read(GICD_ISACTIVER, RTC_INTID);
			gic_bit_write(GICD_ICACTIVER, RTC_INTID);
			st_active_after = gic_bit_read(GICD_ISACTIVER, RTC_INTID);
			return;
		}
		w32(RTC_BASE + RTC_ICR, 1); /* the level goes down */
		w32(RTC_BASE + RTC_IMSC, 0);
	} else if (intid == VTIMER_INTID) {
		if (++st_timer == 1 && st_deactivate) {
			/* Deactivated by GICR/GICD_ICACTIVER while being handled, still asserted. */
			st_active_before = gic_bit_read(GICD_ISACTIVER, VTIMER_INTID);
			gic_bit_write(GICD_ICACTIVER, VTIMER_INTID);
			st_active_after = gic_bit_read(GICD_ISACTIVER, VTIMER_INTID);
			return;
		}
		vtimer_off();
	} else {
		unexpected++;
		last_unexpected = intid;
	}
}

/*
 * mode=irqstate: ISACTIVER/ICACTIVER and ICPENDR on the cell's own
 * interrupts, in and out of list registers (the virtual timer, backed by
 * hardware, and an SGI).
 */
static void irqstate(void)
{
	bool ok, pend_before, pend_after;
	uint32_t got, taken;

	guest_irq_handler = state_handler;
	gic_enable_irq(VTIMER_INTID, PRIO_DEFAULT);
	gic_enable_irq(STATE_SGI, PRIO_DEFAULT);
	irq_unmask();

	/* 1. The timer's interrupt, active in its list register, cleared by ICACTIVER. */
	st_deactivate = true;
	vtimer_now();
	guest_delay_us(SETTLE_US);
	st_deactivate = false;
	guest_test("icactiver", st_timer == 2 && st_active_before && !st_active_after && !unexpected,
		   "active %u, after ICACTIVER %u; taken %u times (2: still asserted, it fires again)",
		   st_active_before, st_active_after, st_timer);

	/* 2. An SGI set active by ISACTIVER is not taken while active; ICACTIVER lets it in. */
	gic_bit_write(GICD_ISACTIVER, STATE_SGI);
	ok = gic_bit_read(GICD_ISACTIVER, STATE_SGI);
	gic_send_sgi(STATE_SGI, 1);
	guest_delay_us(SETTLE_US);
	got = st_sgi;
	pend_before = gic_bit_read(GICD_ISPENDR, STATE_SGI);
	gic_bit_write(GICD_ICACTIVER, STATE_SGI);
	guest_delay_us(SETTLE_US);
	guest_test("isactiver", ok && got == 0 && pend_before && st_sgi == 1,
		   "read active %u; SGI taken %u times while active (pending %u), %u after ICACTIVER", ok,
		   got, pend_before, st_sgi);

	/* 3. The timer's interrupt pending in its list register (IRQs masked), cleared by ICPENDR. */
	irq_mask();
	st_timer = 0;
	vtimer_now();
	guest_delay_us(SETTLE_US);
	pend_before = gic_bit_read(GICD_ISPENDR, VTIMER_INTID);
	vtimer_off(); /* the level goes down: nothing pending any more once cleared */
	gic_bit_write(GICD_ICPENDR, VTIMER_INTID);
	pend_after = gic_bit_read(GICD_ISPENDR, VTIMER_INTID);
	irq_unmask();
	guest_delay_us(SETTLE_US);
	taken = st_timer;
	ok = pend_before && !pend_after && taken == 0;
	/* ...and while still asserted: level-sensitive, it stays pending, taken once. */
	irq_mask();
	vtimer_now();
	guest_delay_us(SETTLE_US);
	gic_bit_write(GICD_ICPENDR, VTIMER_INTID);
	got = gic_bit_read(GICD_ISPENDR, VTIMER_INTID);
	irq_unmask();
	guest_delay_us(SETTLE_US);
	guest_test("icpendr", ok && got && st_timer == 1 && !unexpected,
		   "pending %u, after ICPENDR %u, taken %u; asserted: pending after ICPENDR %u, taken %u",
		   pend_before, pend_after, taken, got, st_timer);

	/* 4. The passthrough RTC alarm (an SPI), active, cleared by GICD_ICACTIVER: its physical one too. */
	st_active_before = st_active_after = 0;
	gic_enable_irq(RTC_INTID, PRIO_DEFAULT);
	for (unsigned int tries = 0; tries < 3 && !st_rtc; tries++) { /* across a second boundary */
		w32(RTC_BASE + RTC_IMSC, 1);
		w32(RTC_BASE + RTC_MR, r32(RTC_BASE + RTC_DR));
		for (uint64_t end = guest_counter() + ms_to_ticks(500); !st_rtc && guest_counter() < end;)
			;
	}
	guest_delay_us(SETTLE_US);
	guest_test("icactiver-spi", st_rtc == 2 && st_active_before && !st_active_after && !unexpected,
		   "active %u, after ICACTIVER %u; taken %u times (2: still asserted, it fires again)",
		   st_active_before, st_active_after, st_rtc);
}

/* ------------------------------------------------------------ rerouting the virtual console's interrupt */

#define UART_BASE 0x09000000UL
#define UART_IMSC 0x038
#define UART_INT_TX (1U << 5)
#define UART_INTID 33
#define REROUTE_SGIS 4
#define PRIO_HIGH 0x10

static volatile uint32_t rr_uart[2], rr_sgis, rr_ready;

static void reroute_handler(uint32_t intid)
{
	if (intid == UART_INTID) {
		w32(UART_BASE + UART_IMSC, 0); /* its line goes down */
		rr_uart[guest_vcpu() & 1]++;
	} else if (intid >= 1 && intid <= REROUTE_SGIS && guest_vcpu() == 0) {
		rr_sgis++;
	} else {
		unexpected++;
		last_unexpected = intid;
	}
}

static void reroute_secondary(void)
{
	gic_setup_cpu();
	irq_unmask();
	rr_ready = 1;
	for (;;)
		__asm__ volatile("wfi");
}

/*
 * mode=reroute: the virtual console's interrupt (an emulated SPI) pending
 * on vCPU 0 behind four more urgent SGIs, IRQs masked there, is routed to
 * vCPU 1: vCPU 1 must take it while vCPU 0 still has IRQs masked.
 */
static void reroute(void)
{
	uint64_t end;
	uint32_t on1;
	int64_t r;

	guest_irq_handler = reroute_handler;
	r = guest_cpu_on(1, reroute_secondary);
	end = guest_counter() + ms_to_ticks(2000);
	while (!rr_ready && guest_counter() < end)
		;
	if (r != 0 || !rr_ready) {
		guest_test("reroute", false, "CPU_ON of vCPU 1 returned %lld, started %u", (long long)r,
			   rr_ready);
		return;
	}
	irq_mask();
	gic_enable_irq(UART_INTID, PRIO_DEFAULT); /* routed to vCPU 0 */
	for (uint32_t s = 1; s <= REROUTE_SGIS; s++) {
		gic_enable_irq(s, PRIO_HIGH);
		gic_send_sgi(s, 1);
	}
	w32(UART_BASE + UART_IMSC, UART_INT_TX); /* the transmit interrupt: at once, the FIFO is empty */
	guest_delay_us(SETTLE_US);
	gic_route_irq(UART_INTID, 1);
	end = guest_counter() + ms_to_ticks(2000); /* vCPU 1 runs on another CPU: margin for a loaded host */
	while (!rr_uart[1] && guest_counter() < end)
		;
	on1 = rr_uart[1];
	irq_unmask();
	guest_delay_us(SETTLE_US);
	guest_test("reroute",
		   on1 == 1 && rr_uart[1] == 1 && rr_uart[0] == 0 && rr_sgis == REROUTE_SGIS && !unexpected,
		   "vCPU 1 took the console interrupt %u times while vCPU 0 had IRQs masked (%u in all), "
		   "vCPU 0 %u times; vCPU 0 took %u of %u SGIs, %u others (last INTID %u)",
		   on1, rr_uart[1], rr_uart[0], rr_sgis, REROUTE_SGIS, unexpected, last_unexpected);
}

bool irq_test(const char *mode, const char *args)
{
	int version;

	if (strcmp(mode, "vtimer") && strcmp(mode, "sgi") && strcmp(mode, "spi") && strcmp(mode, "meddle") &&
	    strcmp(mode, "badsize") && strcmp(mode, "sgi-smp") && strcmp(mode, "spi-smp") &&
	    strcmp(mode, "smp-fault") && strcmp(mode, "irqstate") && strcmp(mode, "reroute"))
		return false;
	version = gic_setup(args);
	st_version = version;
	st_gicd = guest_arg_num(args, "gicd", GICD_BASE_DEFAULT);
	st_gicr = guest_arg_num(args, "gicr", GICR_BASE_DEFAULT);
	if (version != 2 && version != 3) {
		guest_test(mode, false, "bootargs need gic=2 or gic=3");
		return true;
	}
	if (!strcmp(mode, "vtimer"))
		vtimer(args);
	else if (!strcmp(mode, "sgi"))
		sgi(args);
	else if (!strcmp(mode, "spi"))
		spi(args);
	else if (!strcmp(mode, "badsize"))
		badsize();
	else if (!strcmp(mode, "sgi-smp"))
		sgi_smp(args);
	else if (!strcmp(mode, "spi-smp"))
		spi_smp(args);
	else if (!strcmp(mode, "smp-fault"))
		smp_fault(args);
	else if (!strcmp(mode, "irqstate"))
		irqstate();
	else if (!strcmp(mode, "reroute"))
		reroute();
	else
		meddle(args, version);
	return true;
}
