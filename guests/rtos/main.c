// SPDX-License-Identifier: MIT
/*
 * Septum's real-time cell demo: a small RTOS-style guest (docs/rtos-cell.md).
 * Three periodic tasks from a static table are released by the EL1 virtual
 * timer, tick-less: CNTV_CVAL_EL0 is always programmed for the next
 * release (sched.c), and the timer interrupt comes through the cell's
 * virtual GIC (GICv3 or GICv2, from the device tree or gic=2|3 bootargs).
 * The interrupt handler runs every released task, highest priority first,
 * each job to completion, and measures its release jitter (start minus
 * ideal release, CNTVCT_EL0). In the background, preempted by the
 * handler, vCPU 0 prints a report every report period:
 *   rt: report <n> uptime <ms> ms
 *   rt: task <name> period <us>us releases <n> jitter min <ns>ns avg <ns>ns max <ns>ns missed <n>
 *   rt: loop setpoint <n> speed <n> filter <n> crc 0x<hex>
 * Bootargs (its device tree's /chosen): report_ms=, and per task
 * <task>_us= (period) and <task>_work= (how much it computes per job).
 */
#include <septum/string.h>

#include "guest.h"
#include "sched.h"
#include "work.h"

#define VTIMER_INTID_DEFAULT 27 /* PPI 11: the EL1 virtual timer (Arm BSA) */
#define GIC_PPI_BASE 16
#define GIC_PPI_TYPE 1	  /* first cell of a GIC interrupt specifier: PPI */
#define TIMER_IRQ_CELLS 3 /* <type number flags> */
#define TIMER_IRQ_VIRT 2  /* the armv8-timer's interrupts: secure, non-secure, virtual, hyp */
#define TIMER_PRIO 0x80
#define CNTV_CTL_ENABLE 1U
#define START_LEAD_US 1000 /* first release this long after start-up */
#define REPORT_MS_DEFAULT 1000
#define MS_PER_S 1000ULL
#define US_PER_MS 1000ULL
#define LOOP_SETPOINT (1000 * RT_Q16_ONE)
#define LOOP_SETPOINT_LOW (200 * RT_Q16_ONE)
#define LOOP_TOGGLE_JOBS 2000 /* the setpoint steps every 2000 control jobs */
#define SENSOR_LEVEL (500 * RT_Q16_ONE)
#define SENSOR_NOISE (20 * RT_Q16_ONE)
#define SENSOR_SEED 0x5e9700d5U

enum { TASK_CTL, TASK_FILTER, TASK_LOG, TASK_COUNT };

/* The static task table: rate-monotonic priorities (shorter period, more urgent). */
static struct rt_task tasks[TASK_COUNT] = {
	[TASK_CTL] = { .name = "ctl", .prio = 3 },
	[TASK_FILTER] = { .name = "filter", .prio = 2 },
	[TASK_LOG] = { .name = "log", .prio = 1 },
};

struct task_config {
	const char *period_arg, *work_arg, *what;
	uint64_t period_us, work;
};

static const struct task_config task_defaults[TASK_COUNT] = {
	[TASK_CTL] = { "ctl_us", "ctl_work", "PI speed loop, plant steps per job", 1000, 8 },
	[TASK_FILTER] = { "filter_us", "filter_work", "16-tap moving average, samples per job", 5000, 8 },
	[TASK_LOG] = { "log_us", "log_work", "CRC-32 of the telemetry record, passes per job", 20000, 1 },
};

static uint64_t task_period_us[TASK_COUNT], task_work[TASK_COUNT];
static struct rt_sched sched;
static uint64_t freq;
static uint32_t timer_intid = VTIMER_INTID_DEFAULT;
static volatile uint64_t stray_irqs;  /* interrupts other than the timer's */
static volatile uint32_t stray_intid; /* the last of them */

/* The tasks' data: what they compute, and the telemetry record log checksums. */
static struct rt_loop loop;
static struct rt_fir fir;
static struct telemetry {
	int32_t setpoint, speed, drive, filtered;
	uint64_t ctl_jobs, filter_jobs;
} telemetry;
static uint32_t telemetry_crc;

static void task_ctl(uint64_t work)
{
	if (telemetry.ctl_jobs % LOOP_TOGGLE_JOBS == 0)
		loop.setpoint = loop.setpoint == LOOP_SETPOINT ? LOOP_SETPOINT_LOW : LOOP_SETPOINT;
	rt_loop_step(&loop, (unsigned int)work);
	telemetry.setpoint = loop.setpoint;
	telemetry.speed = loop.speed;
	telemetry.drive = loop.drive;
	telemetry.ctl_jobs++;
}

static void task_filter(uint64_t work)
{
	for (uint64_t i = 0; i < work; i++)
		telemetry.filtered = rt_fir_step(&fir, rt_fir_sensor(&fir, SENSOR_LEVEL, SENSOR_NOISE));
	telemetry.filter_jobs++;
}

static void task_log(uint64_t work)
{
	uint32_t crc = 0;

	for (uint64_t i = 0; i < work; i++)
		crc = rt_crc32(&telemetry, sizeof(telemetry));
	telemetry_crc = crc;
}

static void (*const task_body[TASK_COUNT])(uint64_t work) = {
	[TASK_CTL] = task_ctl,
	[TASK_FILTER] = task_filter,
	[TASK_LOG] = task_log,
};

static void timer_arm(uint64_t cval)
{
	__asm__ volatile("msr cntv_cval_el0, %0; msr cntv_ctl_el0, %1; isb"
			 :
			 : "r"(cval), "r"((uint64_t)CNTV_CTL_ENABLE)
			 : "memory");
}

/*
 * The timer interrupt (IRQs masked, between the GIC acknowledge and EOI):
 * run every released job, highest priority first, then program the timer
 * for the next release; again if that release has passed meanwhile.
 */
static void timer_irq(uint32_t intid)
{
	uint64_t next;

	if (intid != timer_intid) {
		stray_irqs++;
		stray_intid = intid;
		return;
	}
	do {
		uint64_t now = guest_counter();
		struct rt_task *t;

		rt_sched_update(&sched, now);
		while ((t = rt_sched_pick(&sched))) {
			rt_sched_begin(t, guest_counter());
			task_body[t - tasks](task_work[t - tasks]);
			now = guest_counter();
			rt_sched_end(t, now);
			rt_sched_update(&sched, now);
		}
		next = rt_sched_next_release(&sched);
		timer_arm(next);
	} while (next <= guest_counter());
}

/* The cell's GIC: bootargs gic=2|3 (gicd= gicr= gicc=), else its device tree. */
static int gic_from_dtb(const void *dtb, const char *args, const char **how)
{
	static const char *const v2_compatible[] = { "arm,gic-400", "arm,cortex-a15-gic" };
	uint32_t ac = guest_fdt_root_cells(dtb, false), sc = guest_fdt_root_cells(dtb, true), len;
	uint32_t entry = (ac + sc) * 4;
	const uint8_t *reg;

	if (guest_arg_num(args, "gic", 0)) {
		*how = "bootargs";
		return gic_setup(args);
	}
	*how = "device tree";
	reg = guest_fdt_prop(dtb, "arm,gic-v3", "reg", &len);
	if (reg && len >= 2 * entry)
		return gic_setup_at(3, guest_fdt_read(reg, ac), guest_fdt_read(reg + entry, ac), 0);
	for (unsigned int i = 0; i < sizeof(v2_compatible) / sizeof(v2_compatible[0]); i++) {
		reg = guest_fdt_prop(dtb, v2_compatible[i], "reg", &len);
		if (reg && len >= 2 * entry)
			return gic_setup_at(2, guest_fdt_read(reg, ac), 0, guest_fdt_read(reg + entry, ac));
	}
	return 0;
}

/* The virtual timer's INTID from the device tree's armv8-timer node, else PPI 11. */
static uint32_t vtimer_intid(const void *dtb)
{
	uint32_t len;
	const uint8_t *irqs = guest_fdt_prop(dtb, "arm,armv8-timer", "interrupts", &len), *spec;

	if (!irqs || len < (TIMER_IRQ_VIRT + 1) * TIMER_IRQ_CELLS * 4)
		return VTIMER_INTID_DEFAULT;
	spec = irqs + TIMER_IRQ_VIRT * TIMER_IRQ_CELLS * 4;
	if (guest_fdt_read(spec, 1) != GIC_PPI_TYPE)
		return VTIMER_INTID_DEFAULT;
	return GIC_PPI_BASE + (uint32_t)guest_fdt_read(spec + 4, 1);
}

static uint64_t arg_positive(const char *args, const char *key, uint64_t def)
{
	uint64_t v = guest_arg_num(args, key, def);

	if (v)
		return v;
	guest_printf("rt: warning: %s=0 is not allowed, using %llu\n", key, (unsigned long long)def);
	return def;
}

static void report(uint64_t n, uint64_t uptime_ticks)
{
	struct rt_stats st[TASK_COUNT];
	struct telemetry tel;
	uint32_t crc;

	irq_mask(); /* a consistent snapshot; the tasks wait this long at most */
	for (unsigned int i = 0; i < TASK_COUNT; i++)
		st[i] = tasks[i].stats;
	tel = telemetry;
	crc = telemetry_crc;
	irq_unmask();
	guest_printf("rt: report %llu uptime %llu ms\n", (unsigned long long)n,
		     (unsigned long long)(rt_ticks_to_ns(uptime_ticks, freq) / (US_PER_MS * MS_PER_S)));
	for (unsigned int i = 0; i < TASK_COUNT; i++)
		guest_printf(
			"rt: task %s period %lluus releases %llu jitter min %lluns avg %lluns max %lluns "
			"missed %llu\n",
			tasks[i].name, (unsigned long long)task_period_us[i],
			(unsigned long long)st[i].releases,
			(unsigned long long)rt_ticks_to_ns(st[i].runs ? st[i].jitter_min : 0, freq),
			(unsigned long long)rt_ticks_to_ns(rt_stats_avg(&st[i]), freq),
			(unsigned long long)rt_ticks_to_ns(st[i].jitter_max, freq),
			(unsigned long long)st[i].missed);
	guest_printf("rt: loop setpoint %d speed %d filter %d crc 0x%08x\n", tel.setpoint / RT_Q16_ONE,
		     tel.speed / RT_Q16_ONE, tel.filtered / RT_Q16_ONE, crc);
	if (stray_irqs)
		guest_printf("rt: warning: %llu interrupts other than the timer's, the last INTID %u\n",
			     (unsigned long long)stray_irqs, stray_intid);
}

void guest_main(const void *dtb)
{
	const char *args = guest_bootargs(dtb), *how = "";
	uint64_t report_ticks, start, next_report, reports = 0;
	int gic;

	freq = guest_counter_freq();
	gic = gic_from_dtb(dtb, args, &how);
	if (gic != 2 && gic != 3) {
		guest_printf("rt: error: no interrupt controller: the cell needs a virtual GIC "
			     "(an arm,gic-v3 or arm,cortex-a15-gic node in its device tree, or gic=2|3 "
			     "in bootargs)\n");
		guest_halt();
	}
	timer_intid = vtimer_intid(dtb);
	report_ticks = rt_us_to_ticks(arg_positive(args, "report_ms", REPORT_MS_DEFAULT) * US_PER_MS, freq);
	guest_printf("rt: Septum RTOS demo: %u tasks, GICv%d (%s), virtual timer INTID %u, CNTFRQ %llu Hz, "
		     "report every %llu ms\n",
		     TASK_COUNT, gic, how, timer_intid, (unsigned long long)freq,
		     (unsigned long long)(rt_ticks_to_ns(report_ticks, freq) / (US_PER_MS * MS_PER_S)));
	for (unsigned int i = 0; i < TASK_COUNT; i++) {
		const struct task_config *c = &task_defaults[i];

		task_period_us[i] = arg_positive(args, c->period_arg, c->period_us);
		task_work[i] = arg_positive(args, c->work_arg, c->work);
		tasks[i].period_ticks = rt_us_to_ticks(task_period_us[i], freq);
		guest_printf("rt: task %s: period %lluus prio %u, %s %llu\n", tasks[i].name,
			     (unsigned long long)task_period_us[i], tasks[i].prio, c->what,
			     (unsigned long long)task_work[i]);
	}
	rt_loop_init(&loop, LOOP_SETPOINT);
	rt_fir_init(&fir, SENSOR_SEED);

	guest_irq_handler = timer_irq;
	gic_enable_irq(timer_intid, TIMER_PRIO);
	start = guest_counter() + rt_us_to_ticks(START_LEAD_US, freq);
	rt_sched_init(&sched, tasks, TASK_COUNT, start);
	timer_arm(start);
	next_report = start + report_ticks;
	/*
	 * The background: sleep until the next interrupt with IRQs masked (a
	 * pending one still ends WFI), take it, and print a report when one is
	 * due (one per report period; late ones are skipped, not queued).
	 */
	for (;;) {
		uint64_t now;

		irq_mask();
		now = guest_counter();
		if (now >= next_report) {
			while (next_report <= now) {
				next_report += report_ticks;
				reports++;
			}
			irq_unmask();
			report(reports, now - start);
			continue;
		}
		__asm__ volatile("wfi");
		irq_unmask();
	}
}

/* A single-vCPU guest: a secondary vCPU started anyway has nothing to do. */
void guest_psci_secondary(uint64_t context)
{
	(void)context;
	guest_halt();
}
