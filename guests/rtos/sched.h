/* SPDX-License-Identifier: MIT */
/*
 * The RTOS demo's scheduler and statistics, pure logic with no hardware
 * access (unit-tested on the host, tests/unit/test_rtos.c). Time is in
 * counter ticks (CNTVCT_EL0); the caller reads the clock and programs the
 * timer.
 *
 * A static table of periodic tasks, each released every period_ticks from
 * a common start (synchronous release: the worst case for the lower
 * priorities). Scheduling is fixed-priority and tick-less: the caller
 * programs the timer for rt_sched_next_release(), and when it fires calls
 * rt_sched_update() (releases what is due), then runs rt_sched_pick()'s
 * task between rt_sched_begin() and rt_sched_end() until nothing is ready.
 * Jobs run to completion (a task does not preempt another task).
 *
 * Per task: releases (jobs released), runs (jobs started), release jitter
 * (start - ideal release) min/avg/max over the jobs started, and missed
 * deadlines: a job not started before its next release (it is dropped; a
 * newer job replaces it) or finished after its deadline (the next
 * release: implicit deadlines).
 */
#ifndef RTOS_SCHED_H
#define RTOS_SCHED_H

#include <stdbool.h>
#include <stdint.h>

struct rt_stats {
	uint64_t releases;			     /* jobs released */
	uint64_t runs;				     /* jobs started (their jitter is counted) */
	uint64_t missed;			     /* deadline misses: dropped jobs and late completions */
	uint64_t jitter_min, jitter_max, jitter_sum; /* ticks, over the runs */
};

struct rt_task {
	/* From the task table. */
	const char *name;
	uint64_t period_ticks;
	unsigned int prio; /* a larger number is more urgent; each task's is distinct */
	/* Scheduler state. */
	uint64_t next_release; /* ideal time of the next job not yet released */
	uint64_t job_release;  /* ideal release of the current job (pending or running) */
	bool pending;	       /* released, not started */
	struct rt_stats stats;
};

struct rt_sched {
	struct rt_task *tasks;
	unsigned int task_count;
};

/* Every task's first release at @start; statistics cleared. */
void rt_sched_init(struct rt_sched *s, struct rt_task *tasks, unsigned int task_count, uint64_t start);
/* Release every job due at @now (ideal release <= @now); a job still pending at its successor's release is missed. */
void rt_sched_update(struct rt_sched *s, uint64_t now);
/* The pending task of the highest priority, or NULL when none is ready. */
struct rt_task *rt_sched_pick(const struct rt_sched *s);
/* @t's current job starts at @now: its release jitter is counted. */
void rt_sched_begin(struct rt_task *t, uint64_t now);
/* @t's current job finished at @now: late (after its deadline) is a miss. */
void rt_sched_end(struct rt_task *t, uint64_t now);
/* The earliest next release over every task: when to program the timer for. */
uint64_t rt_sched_next_release(const struct rt_sched *s);

/* Average jitter of @st in ticks (0 with no runs). */
uint64_t rt_stats_avg(const struct rt_stats *st);
/* @ticks of a counter at @freq Hz in nanoseconds, without overflow for any 64-bit tick count below 2^64 / 10^9 s. */
uint64_t rt_ticks_to_ns(uint64_t ticks, uint64_t freq);
/* @us microseconds in ticks of a counter at @freq Hz. */
uint64_t rt_us_to_ticks(uint64_t us, uint64_t freq);

#endif
