/* SPDX-License-Identifier: MIT */
/*
 * A ticket spinlock: fair, FIFO. Needs the MMU on (exclusive accesses to
 * Normal memory), which is true everywhere after early boot.
 */
#ifndef SEPTUM_SPINLOCK_H
#define SEPTUM_SPINLOCK_H

#include <septum/types.h>

typedef struct {
	uint16_t next;
	uint16_t owner;
} spinlock_t;

#define SPINLOCK_INIT \
	{             \
		0, 0  \
	}

void arch_cpu_relax(void);

static inline void spin_lock(spinlock_t *l)
{
	uint16_t ticket = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);

	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != ticket)
		arch_cpu_relax();
}

static inline void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->owner, (uint16_t)(l->owner + 1), __ATOMIC_RELEASE);
}

#endif
