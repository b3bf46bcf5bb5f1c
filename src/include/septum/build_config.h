/* SPDX-License-Identifier: MIT */
/*
 * Build-time limits of the hypervisor. Everything is statically sized: no
 * allocator runs after boot, so these numbers bound Septum's memory use.
 */
#ifndef SEPTUM_BUILD_CONFIG_H
#define SEPTUM_BUILD_CONFIG_H

#define SEPTUM_VERSION "0.1.0"

/* Physical CPUs the hypervisor can manage (GICv2 targets at most 8). */
#define SEPTUM_MAX_CPUS 8
/* Hypervisor stack per physical CPU. */
#define SEPTUM_STACK_SIZE 0x4000
/* Board description limits. */
#define BOARD_MAX_MEM 16
#define BOARD_MAX_RESERVED 32
#define BOARD_MAX_GICR 4
/* Pages for the hypervisor's own (EL2 stage-1) page tables: two table sets. */
#define SEPTUM_PT_PAGES 48

#endif
