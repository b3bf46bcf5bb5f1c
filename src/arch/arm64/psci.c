// SPDX-License-Identifier: MIT
/*
 * The hypervisor as a PSCI client of the firmware (or of QEMU's built-in
 * PSCI): starting physical CPUs. Function IDs and return codes from the
 * Arm PSCI specification (DEN 0022), calling convention from SMCCC
 * (DEN 0028): x0 = function, x1..x3 = arguments, x0 = result.
 */
#include <asm/psci.h>
#include <septum/types.h>

int64_t psci_call(enum psci_conduit conduit, uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	/* SMCCC v1.0 lets the callee clobber x4-x17. */
	if (conduit == PSCI_CONDUIT_SMC)
		__asm__ volatile("smc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				 :
				 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14",
				   "x15", "x16", "x17", "memory");
	else
		__asm__ volatile("hvc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				 :
				 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14",
				   "x15", "x16", "x17", "memory");
	return (int64_t)x0;
}

/* A firmware call over SMC on behalf of a cell allowed to make it. */
int64_t psci_call_raw(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);

int64_t psci_call_raw(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	return psci_call(PSCI_CONDUIT_SMC, fn, a1, a2, a3);
}
