/* SPDX-License-Identifier: MIT */
/*
 * What the core needs from the architecture. src/core calls only these;
 * src/arch/<arch>/ implements them (and tests/unit has host versions where
 * pure logic needs them).
 */
#ifndef SEPTUM_ARCH_H
#define SEPTUM_ARCH_H

#include <septum/board.h>
#include <septum/types.h>

/* The generic timer's counter and its frequency (read from CNTFRQ). */
uint64_t arch_counter(void);
uint64_t arch_counter_freq(void);

/* Logical id of the calling CPU (0 is the boot CPU) and its MPIDR. */
unsigned int arch_cpu_id(void);
uint64_t arch_cpu_mpidr(void);
/* Human-readable CPU model from MIDR, for example "Cortex-A57 r1p0". */
void arch_cpu_model(char *buf, size_t len);
/* Polling hint for busy-wait loops. */
void arch_cpu_relax(void);
/* Stop the calling CPU for good: interrupts masked, low-power loop. */
void arch_cpu_park(void) __noreturn;

/*
 * Start physical CPU @cpu (logical id, board->cpus[cpu]) at the hypervisor's
 * secondary entry. Returns 0, or a negative value with a reason in @why.
 */
int arch_cpu_start(unsigned int cpu, const struct board *b, char *why, size_t len);

/*
 * Replace the boot-time map with the hypervisor's final one: RAM from the
 * board (minus no-map reservations), the image with W^X permissions.
 */
void arch_mmu_finalize(const struct board *b);
/* Map a device for the hypervisor's own use; returns its address. */
uintptr_t arch_map_device(paddr_t base, uint64_t size);
/* Where the hypervisor image lies in physical memory. */
struct pa_range arch_image_range(void);

#endif
