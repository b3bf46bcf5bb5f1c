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
/* Zero @n bytes at @dst (Normal memory, MMU on): memset(dst, 0, n), by cache blocks where it can. */
void arch_mem_zero(void *dst, size_t n);
/* Stop the calling CPU for good: interrupts masked, low-power loop. */
void arch_cpu_park(void) __noreturn;
/* The calling CPU's vCPU stops running (it waits in the hypervisor): its EL1
 * timers are turned off, so nothing of its last run is injected meanwhile. */
void arch_vcpu_quiesce(void);
/* Wait for an interrupt (WFI), interrupts masked: a pending one stays pending. */
void arch_cpu_idle(void);
/* Take the interrupt pending for the hypervisor, if any (the kick: cell_kick_received()). */
void arch_irq_poll(void);
/*
 * Abandon what the calling CPU (logical id @cpu) was doing in the
 * hypervisor: reset its stack to the top and call @fn(@cpu) there. Holds
 * no lock; used to go back to waiting from deep inside a trap.
 */
void arch_cpu_rewind(unsigned int cpu, void (*fn)(unsigned int cpu)) __noreturn;

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

/* The interrupt controller: boot CPU once, then every CPU for itself. */
void arch_irq_init(const struct board *b);
void arch_irq_init_cpu(unsigned int cpu);
/* Make CPU @cpu take an interrupt into the hypervisor (it calls cell_kick_received()). */
void arch_cpu_kick(unsigned int cpu);
/*
 * Take physical SPI @intid (level-triggered) for the hypervisor on CPU @cpu:
 * @handler runs there, in interrupt context, each time it is asserted, and
 * must quiet the device before returning. One such interrupt.
 */
void arch_irq_own(uint32_t intid, unsigned int cpu, void (*handler)(void));

struct cell;

/* Build @c's stage-2 translation from its config; sets c->vttbr. */
int arch_cell_s2_build(struct cell *c, const struct board *b, char *why, size_t len);
/*
 * @c's memory was rewritten while none of its vCPUs ran (SYSTEM_RESET):
 * clean it to the point of coherency (its guest starts with the MMU off)
 * and invalidate its VMID's TLB entries and the instruction caches.
 */
void arch_cell_memory_reloaded(struct cell *c);
/*
 * Enter vCPU @vcpu of @c on the calling CPU at @entry (EL1h, MMU off,
 * interrupts masked) with x0 = @x0, per the Linux arm64 boot protocol.
 */
void arch_vcpu_start(struct cell *c, unsigned int vcpu, uint64_t entry, uint64_t x0) __noreturn;

#endif
