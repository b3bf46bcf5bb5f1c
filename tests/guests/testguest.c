// SPDX-License-Identifier: MIT
/*
 * The test guest. Its behaviour comes from bootargs in its device tree:
 *   mode=count [period_ms=N] [report=K]
 *       print "count <n>" every period; after K counts print TEST count PASS
 *   mode=read addr=A | mode=write addr=A | mode=exec addr=A
 *       touch an address outside the cell (another cell's memory, the
 *       hypervisor, an unassigned device): the hypervisor must stop this
 *       cell, so reaching the next line is a failure
 *   mode=smc | mode=hvc
 *       an unknown SMC/HVC must return SMCCC NOT_SUPPORTED (-1)
 *   mode=psci | mode=smp | mode=reset | mode=off
 *       PSCI for cells: tests/guests/psci.c
 *   mode=vtimer|sgi|spi|meddle gic=2|3 ...
 *       interrupt tests through the cell's virtual GIC (irqtests.c)
 *   mode=uart gic=2|3 ...
 *       the virtual PL011 by its interrupts (uarttests.c)
 * Every mode first prints "hello from <name>" (name=...). uart=ADDR says
 * where the cell's virtual PL011 is (the runtime reads it; see guest.h).
 */
#include <septum/string.h>

#include "testguest.h"

bool guest_psci_mode(const char *mode, const char *args);
void guest_count(const char *args) __attribute__((noreturn));

#define SMCCC_NOT_SUPPORTED ((uint64_t)-1)
#define UNKNOWN_FUNCTION_ID 0x8600ff01UL

void guest_count(const char *args)
{
	uint64_t period = guest_arg_num(args, "period_ms", 20), report = guest_arg_num(args, "report", 10);

	for (uint64_t n = 1;; n++) {
		guest_delay_us(period * 1000);
		guest_printf("count %llu\n", (unsigned long long)n);
		if (n == report)
			guest_test("count", true, "%llu periods of %llu ms", (unsigned long long)report,
				   (unsigned long long)period);
	}
}

static void hostile(const char *mode, const char *args)
{
	volatile uint64_t *p = (volatile uint64_t *)guest_arg_num(args, "addr", 0);

	guest_printf("hostile: %s 0x%llx\n", mode, (unsigned long long)(uintptr_t)p);
	if (!strcmp(mode, "read")) {
		uint64_t v = *p;

		guest_test("hostile-read", false, "read 0x%llx from 0x%llx and kept running",
			   (unsigned long long)v, (unsigned long long)(uintptr_t)p);
	} else if (!strcmp(mode, "write")) {
		*p = 0xbad0bad0bad0bad0ULL;
		guest_test("hostile-write", false, "wrote 0x%llx and kept running",
			   (unsigned long long)(uintptr_t)p);
	} else {
		((void (*)(void))(uintptr_t)p)();
		guest_test("hostile-exec", false, "executed at 0x%llx and kept running",
			   (unsigned long long)(uintptr_t)p);
	}
	guest_halt();
}

static uint64_t call(bool smc, uint64_t fn)
{
	register uint64_t x0 __asm__("x0") = fn;

	if (smc)
		__asm__ volatile("smc #0" : "+r"(x0) : : "x1", "x2", "x3", "memory");
	else
		__asm__ volatile("hvc #0" : "+r"(x0) : : "x1", "x2", "x3", "memory");
	return x0;
}

void guest_main(const void *dtb)
{
	const char *args = guest_bootargs(dtb);
	char mode[16] = "count", name[32] = "guest";

	guest_arg_str(args, "mode", mode, sizeof(mode));
	guest_arg_str(args, "name", name, sizeof(name));
	guest_printf("hello from %s: mode %s\n", name, mode);
	if (!strcmp(mode, "count")) {
		guest_count(args);
	} else if (!strcmp(mode, "read") || !strcmp(mode, "write") || !strcmp(mode, "exec")) {
		hostile(mode, args);
	} else if (!strcmp(mode, "smc") || !strcmp(mode, "hvc")) {
		uint64_t r = call(!strcmp(mode, "smc"), UNKNOWN_FUNCTION_ID);

		guest_test(mode, r == SMCCC_NOT_SUPPORTED, "unknown function 0x%lx returned 0x%llx",
			   UNKNOWN_FUNCTION_ID, (unsigned long long)r);
		guest_count(args);
	} else if (irq_test(mode, args) || uart_mode(mode, args)) {
		/* done */
	} else if (!guest_psci_mode(mode, args)) {
		guest_test("mode", false, "unknown mode '%s'", mode);
	}
	guest_halt();
}
