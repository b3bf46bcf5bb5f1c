// SPDX-License-Identifier: MIT
/*
 * Host tests for the RTOS demo's pure logic (guests/rtos/): the tick-less
 * scheduler (releases, the highest-priority ready task, the next timer
 * deadline, catching up, dropped and late jobs), its jitter statistics and
 * time conversions, and the tasks' computations (the PI loop settles, the
 * filter averages, CRC-32 check value).
 */
/* UNIT-SOURCES: guests/rtos/sched.c guests/rtos/work.c */
#include <string.h>

#include "unit.h"

#include "rtos/sched.h"
#include "rtos/work.h"

enum { CTL, FILTER, LOG, COUNT };

static struct rt_task tasks[COUNT];
static struct rt_sched s;

/* Three tasks as the demo's (periods 10, 50, 200 ticks), released first at 1000. */
static int setup(void **state)
{
	(void)state;
	memset(tasks, 0, sizeof(tasks));
	tasks[CTL] = (struct rt_task){ .name = "ctl", .period_ticks = 10, .prio = 3 };
	tasks[FILTER] = (struct rt_task){ .name = "filter", .period_ticks = 50, .prio = 2 };
	tasks[LOG] = (struct rt_task){ .name = "log", .period_ticks = 200, .prio = 1 };
	rt_sched_init(&s, tasks, COUNT, 1000);
	return 0;
}

/* Run every ready job, each taking @cost ticks from @now; returns the time after them. */
static uint64_t run_ready(uint64_t now, uint64_t cost)
{
	struct rt_task *t;

	rt_sched_update(&s, now);
	while ((t = rt_sched_pick(&s))) {
		rt_sched_begin(t, now);
		now += cost;
		rt_sched_end(t, now);
		rt_sched_update(&s, now);
	}
	return now;
}

static void test_nothing_before_start(void **state)
{
	(void)state;
	assert_int_equal(rt_sched_next_release(&s), 1000);
	rt_sched_update(&s, 999);
	assert_null(rt_sched_pick(&s));
	for (int i = 0; i < COUNT; i++)
		assert_int_equal(tasks[i].stats.releases, 0);
}

static void test_priority_order_and_jitter(void **state)
{
	(void)state;
	rt_sched_update(&s, 1003); /* every task released at 1000, seen 3 ticks late */
	assert_ptr_equal(rt_sched_pick(&s), &tasks[CTL]);
	rt_sched_begin(&tasks[CTL], 1003);
	rt_sched_end(&tasks[CTL], 1005);
	assert_ptr_equal(rt_sched_pick(&s), &tasks[FILTER]);
	rt_sched_begin(&tasks[FILTER], 1005);
	rt_sched_end(&tasks[FILTER], 1006);
	assert_ptr_equal(rt_sched_pick(&s), &tasks[LOG]);
	rt_sched_begin(&tasks[LOG], 1006);
	rt_sched_end(&tasks[LOG], 1007);
	assert_null(rt_sched_pick(&s));
	assert_int_equal(tasks[CTL].stats.jitter_max, 3);
	assert_int_equal(tasks[FILTER].stats.jitter_max, 5);
	assert_int_equal(tasks[LOG].stats.jitter_max, 6);
	/* Tick-less: the next deadline is ctl's next release, not a tick. */
	assert_int_equal(rt_sched_next_release(&s), 1010);
	for (int i = 0; i < COUNT; i++) {
		assert_int_equal(tasks[i].stats.releases, 1);
		assert_int_equal(tasks[i].stats.runs, 1);
		assert_int_equal(tasks[i].stats.missed, 0);
	}
}

static void test_periodic_releases_and_stats(void **state)
{
	(void)state;
	/* 2000 ticks: wake at every release, 2 + (now % 3) ticks late, each job 1 tick. */
	for (uint64_t next = rt_sched_next_release(&s); next < 3000; next = rt_sched_next_release(&s))
		run_ready(next + 2 + next % 3, 1);
	assert_int_equal(tasks[CTL].stats.releases, 200);
	assert_int_equal(tasks[FILTER].stats.releases, 40);
	assert_int_equal(tasks[LOG].stats.releases, 10);
	for (int i = 0; i < COUNT; i++) {
		const struct rt_stats *st = &tasks[i].stats;

		assert_int_equal(st->runs, st->releases);
		assert_int_equal(st->missed, 0);
		assert_true(st->jitter_min <= rt_stats_avg(st));
		assert_true(rt_stats_avg(st) <= st->jitter_max);
	}
	assert_int_equal(tasks[CTL].stats.jitter_min, 2);
	assert_int_equal(tasks[CTL].stats.jitter_max, 4);
	/* filter waits for ctl's 1-tick job, log for both. */
	assert_int_equal(tasks[FILTER].stats.jitter_min, 3);
	assert_int_equal(tasks[LOG].stats.jitter_min, 4);
}

static void test_late_wakeup_drops_jobs(void **state)
{
	(void)state;
	/* Asleep through 1000..1035: ctl's jobs of 1000, 1010, 1020 never ran. */
	run_ready(1035, 1);
	assert_int_equal(tasks[CTL].stats.releases, 4);
	assert_int_equal(tasks[CTL].stats.runs, 1);
	assert_int_equal(tasks[CTL].stats.missed, 3);
	assert_int_equal(tasks[CTL].stats.jitter_max, 5); /* the 1030 job, started at 1035 */
	assert_int_equal(tasks[FILTER].stats.missed, 0);
	assert_int_equal(rt_sched_next_release(&s), 1040);
}

static void test_overrun_is_missed(void **state)
{
	(void)state;
	/* log's job (released at 1000) takes 250 ticks: past its deadline, 1200. */
	rt_sched_update(&s, 1000);
	tasks[CTL].pending = tasks[FILTER].pending = false; /* only log ready */
	assert_ptr_equal(rt_sched_pick(&s), &tasks[LOG]);
	rt_sched_begin(&tasks[LOG], 1000);
	rt_sched_end(&tasks[LOG], 1250);
	assert_int_equal(tasks[LOG].stats.missed, 1);
	/* Meanwhile ctl was released 25 more times (1010..1250) and ran none: 24 dropped, one pending. */
	rt_sched_update(&s, 1250);
	assert_int_equal(tasks[CTL].stats.releases, 26);
	assert_int_equal(tasks[CTL].stats.missed, 24);
	/* log's next job, released at 1200, is pending and still in time. */
	assert_ptr_equal(rt_sched_pick(&s), &tasks[CTL]);
	assert_true(tasks[LOG].pending);
	assert_int_equal(tasks[LOG].job_release, 1200);
}

static void test_finishing_on_the_deadline_is_in_time(void **state)
{
	(void)state;
	rt_sched_update(&s, 1000);
	rt_sched_begin(&tasks[CTL], 1000);
	rt_sched_end(&tasks[CTL], 1010);
	assert_int_equal(tasks[CTL].stats.missed, 0);
	rt_sched_update(&s, 1010);
	rt_sched_begin(&tasks[CTL], 1010);
	rt_sched_end(&tasks[CTL], 1021);
	assert_int_equal(tasks[CTL].stats.missed, 1);
}

static void test_time_conversions(void **state)
{
	(void)state;
	assert_int_equal(rt_ticks_to_ns(15, 62500000), 240);
	assert_int_equal(rt_ticks_to_ns(62500000, 62500000), 1000000000);
	assert_int_equal(rt_ticks_to_ns(1000, 1000000000), 1000);
	/* A day at 1 GHz and at 54 MHz (the Pi 4), no overflow. */
	assert_int_equal(rt_ticks_to_ns(86400ULL * 1000000000, 1000000000), 86400ULL * 1000000000);
	assert_int_equal(rt_ticks_to_ns(86400ULL * 54000000 + 27, 54000000), 86400ULL * 1000000000 + 500);
	assert_int_equal(rt_us_to_ticks(1000, 62500000), 62500);
	assert_int_equal(rt_us_to_ticks(20000, 54000000), 1080000);
	assert_int_equal(rt_us_to_ticks(3000000000ULL, 1000000000), 3000000000000ULL);
	struct rt_stats none = { .jitter_min = UINT64_MAX };
	assert_int_equal(rt_stats_avg(&none), 0);
}

static void test_loop_settles(void **state)
{
	struct rt_loop l;

	(void)state;
	rt_loop_init(&l, 1000 * RT_Q16_ONE);
	for (int i = 0; i < 2000; i++)
		rt_loop_step(&l, 8);
	assert_true(l.speed > 999 * RT_Q16_ONE && l.speed < 1001 * RT_Q16_ONE);
	l.setpoint = 200 * RT_Q16_ONE;
	for (int i = 0; i < 2000; i++)
		rt_loop_step(&l, 8);
	assert_true(l.speed > 199 * RT_Q16_ONE && l.speed < 201 * RT_Q16_ONE);
	/* The drive stays within its limit however far the setpoint. */
	l.setpoint = 30000 * RT_Q16_ONE;
	for (int i = 0; i < 100; i++) {
		rt_loop_step(&l, 8);
		assert_true(l.drive <= l.drive_max && l.drive >= -l.drive_max);
	}
}

static void test_filter_averages(void **state)
{
	struct rt_fir f;
	int32_t out = 0;

	(void)state;
	rt_fir_init(&f, 1);
	for (int i = 0; i < RT_FIR_TAPS; i++)
		out = rt_fir_step(&f, 160);
	assert_int_equal(out, 160);
	rt_fir_init(&f, 1);
	assert_int_equal(rt_fir_step(&f, 160), 10); /* one sample of sixteen */
	for (int i = 0; i < 1000; i++) {
		int32_t v = rt_fir_sensor(&f, 500, 20);

		assert_true(v >= 480 && v <= 520);
		out = rt_fir_step(&f, v);
	}
	assert_true(out >= 480 && out <= 520);
	assert_int_equal(rt_fir_sensor(&f, 7, 0), 7);
}

static void test_crc32(void **state)
{
	(void)state;
	assert_int_equal(rt_crc32("123456789", 9), 0xcbf43926); /* the CRC-32 check value */
	assert_int_equal(rt_crc32("", 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_nothing_before_start, setup),
		cmocka_unit_test_setup(test_priority_order_and_jitter, setup),
		cmocka_unit_test_setup(test_periodic_releases_and_stats, setup),
		cmocka_unit_test_setup(test_late_wakeup_drops_jobs, setup),
		cmocka_unit_test_setup(test_overrun_is_missed, setup),
		cmocka_unit_test_setup(test_finishing_on_the_deadline_is_in_time, setup),
		cmocka_unit_test(test_time_conversions),
		cmocka_unit_test(test_loop_settles),
		cmocka_unit_test(test_filter_averages),
		cmocka_unit_test(test_crc32),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
