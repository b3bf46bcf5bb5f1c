/* SPDX-License-Identifier: MIT */
/*
 * Per-physical-CPU state the core keeps. Index = logical CPU id, which is
 * the position in board.cpus after the boot CPU has been moved to 0.
 */
#ifndef SEPTUM_PERCPU_H
#define SEPTUM_PERCPU_H

#include <septum/build_config.h>
#include <septum/types.h>

enum cpu_state {
	CPU_STATE_OFF,	    /* not started (yet) */
	CPU_STATE_STARTING, /* start requested, not checked in */
	CPU_STATE_ONLINE,   /* running hypervisor code */
	CPU_STATE_FAILED,   /* start refused or timed out */
};

struct cell;

struct percpu {
	unsigned int id;
	uint64_t mpidr;
	int state;	   /* enum cpu_state, accessed atomically */
	struct cell *cell; /* the cell this CPU runs, or NULL */
	unsigned int vcpu; /* its vCPU index in that cell */
	char model[48];	   /* "Cortex-A57 r1p0", set by the CPU itself */
};

extern struct percpu percpu[SEPTUM_MAX_CPUS];

#endif
