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

void guest_main(const void *dtb);
/* Where PSCI CPU_ON starts a secondary vCPU (start.S), and what it runs. */
void guest_secondary_entry(void);
void guest_secondary_main(uint64_t context);
void guest_halt(void) __attribute__((noreturn));

#endif
