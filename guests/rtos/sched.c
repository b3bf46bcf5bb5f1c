// SPDX-License-Identifier: MIT
/*
 * The RTOS demo's fixed-priority, tick-less scheduler and its per-task
 * statistics (sched.h says how it is driven). Pure logic: no clock, no
 * timer, no interrupts here.
 */
#include "sched.h"

#include <stddef.h>

#define NS_PER_S 1000000000ULL
#define US_PER_S 1000000ULL

void rt_sched_init(struct rt_sched *s, struct rt_task *tasks, unsigned int task_count, uint64_t start)
{
	s->tasks = tasks;
	s->task_count = task_count;
	for (unsigned int i = 0; i < task_count; i++) {
		struct rt_task *t = &tasks[i];

		t->next_release = start;
		t->job_release = start;
		t->pending = false;
		t->stats = (struct rt_stats){ .jitter_min = UINT64_MAX };
	}
}

void rt_sched_update(struct rt_sched *s, uint64_t now)
{
	for (unsigned int i = 0; i < s->task_count; i++) {
		struct rt_task *t = &s->tasks[i];

		while (t->next_release <= now) {
			if (t->pending)
				t->stats.missed++; /* never started before its deadline: dropped */
			t->job_release = t->next_release;
			t->pending = true;
			t->stats.releases++;
			t->next_release += t->period_ticks;
		}
	}
}

struct rt_task *rt_sched_pick(const struct rt_sched *s)
{
	struct rt_task *best = NULL;

	for (unsigned int i = 0; i < s->task_count; i++) {
		struct rt_task *t = &s->tasks[i];

		if (t->pending && (!best || t->prio > best->prio))
			best = t;
	}
	return best;
}

void rt_sched_begin(struct rt_task *t, uint64_t now)
{
	uint64_t jitter = now > t->job_release ? now - t->job_release : 0;
	struct rt_stats *st = &t->stats;

	t->pending = false;
	st->runs++;
	st->jitter_sum += jitter;
	if (jitter < st->jitter_min)
		st->jitter_min = jitter;
	if (jitter > st->jitter_max)
		st->jitter_max = jitter;
}

void rt_sched_end(struct rt_task *t, uint64_t now)
{
	if (now > t->job_release + t->period_ticks)
		t->stats.missed++;
}

uint64_t rt_sched_next_release(const struct rt_sched *s)
{
	uint64_t next = UINT64_MAX;

	for (unsigned int i = 0; i < s->task_count; i++)
		if (s->tasks[i].next_release < next)
			next = s->tasks[i].next_release;
	return next;
}

uint64_t rt_stats_avg(const struct rt_stats *st)
{
	return st->runs ? st->jitter_sum / st->runs : 0;
}

uint64_t rt_ticks_to_ns(uint64_t ticks, uint64_t freq)
{
	return ticks / freq * NS_PER_S + ticks % freq * NS_PER_S / freq;
}

uint64_t rt_us_to_ticks(uint64_t us, uint64_t freq)
{
	return us / US_PER_S * freq + us % US_PER_S * freq / US_PER_S;
}
