/* SPDX-License-Identifier: MIT */
/*
 * The tiny runtime shared by Septum's test guests: console output through
 * the cell's (virtual) PL011, the generic timer, the device tree's bootargs,
 * and the TEST line format the QEMU test runner reads.
 */
#ifndef GUEST_H
#define GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Where the cell's virtual PL011 is unless the bootargs say "uart=ADDR":
 * the QEMU virt configs put it here, boards with other maps elsewhere.
 */
#define GUEST_UART_BASE 0x09000000UL

/* Called by start.S before guest_main(): reads the runtime's bootargs (uart=). */
void guest_runtime_init(const void *dtb);

void guest_puts(const char *s);
void guest_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "TEST <name> PASS|FAIL <detail>" */
void guest_test(const char *name, bool pass, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

uint64_t guest_counter(void);
/* The counter at the guest's first instruction (start.S reads it before anything else). */
extern uint64_t guest_boot_counter;
uint64_t guest_counter_freq(void);
void guest_delay_us(uint64_t us);

/* /chosen/bootargs of the guest device tree at @dtb, or "" . */
const char *guest_bootargs(const void *dtb);
/* Value of "key=value" in @args as a number (any base), or @def. */
uint64_t guest_arg_num(const char *args, const char *key, uint64_t def);
/* Copy the value of "key=" into @buf; false when absent. */
bool guest_arg_str(const char *args, const char *key, char *buf, size_t len);

/* The vCPU's index: MPIDR_EL1.Aff0 (Septum sets the guest's MPIDR to it). */
unsigned int guest_vcpu(void);
/* An SMCCC call (PSCI) over SMC or HVC: x0 = @fn, x1-x3 = @a1-@a3; returns x0. */
int64_t guest_smccc(bool smc, uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
/* The cell's virtual GIC (gic.c): gic=2|3 and addresses from bootargs; returns the version or 0. */
int gic_setup(const char *args);
/* Enable @intid at priority @prio; an SPI is routed to the calling vCPU. */
void gic_enable_irq(uint32_t intid, uint8_t prio);
void gic_disable_irq(uint32_t intid);
void gic_set_pending(uint32_t intid);
/* SGI @sgi to the vCPUs in @target_list (bit n: vCPU n, which is CPU interface n / Aff0 n). */
void gic_send_sgi(uint32_t sgi, uint64_t target_list);
/* A raw ICC_SGI1R_EL1 (GICv3) or GICD_SGIR (GICv2) value. */
void gic_send_sgi_raw(uint64_t v);
uint32_t gic_dist_read(uint32_t off);
void gic_dist_write(uint32_t off, uint32_t v);
/* Called by the IRQ vector with each acknowledged INTID, before the EOI. */
extern void (*guest_irq_handler)(uint32_t intid);
extern unsigned int guest_spurious;
void irq_unmask(void);
void irq_mask(void);
/* The interrupt test modes (irqtests.c); false when @mode is not one of them. */
bool irq_test(const char *mode, const char *args);
/* The console test mode (uarttests.c): false if @mode is not it. */
bool uart_mode(const char *mode, const char *args);

/* Start vCPU @cpu (1 .. GUEST_MAX_CPUS-1) running @fn with PSCI CPU_ON (HVC); PSCI status. */
#define GUEST_MAX_CPUS 4
int64_t guest_cpu_on(unsigned int cpu, void (*fn)(void));
/* The calling vCPU's GIC CPU interface (and GICv3 redistributor), as gic_setup() does for vCPU 0. */
void gic_setup_cpu(void);

void guest_main(const void *dtb);
/* Where PSCI CPU_ON starts a secondary vCPU (start.S), and what it runs. */
void guest_secondary_entry(void);
void guest_secondary_main(uint64_t context);
/* What psci.c's own secondary vCPUs run (the contexts it chose). */
void guest_psci_secondary(uint64_t context);
void guest_halt(void) __attribute__((noreturn));

#endif
