// SPDX-License-Identifier: MIT
/*
 * The test guest's PSCI modes (docs/hypercalls.md is what they check):
 *   mode=psci       version, features, MIGRATE_INFO_TYPE, AFFINITY_INFO,
 *                   CPU_ON/CPU_SUSPEND misuse and unsupported IDs, over HVC
 *                   then SMC: "TEST psci-hvc|psci-smc PASS"; then counts,
 *                   or with then=cpu-off turns its only vCPU off
 *   mode=smp [then=count|reset|off]   (a cell of 2 vCPUs)
 *                   CPU_ON misuse ("TEST cpu-on-misuse"), CPU_ON of vCPU 1,
 *                   which checks its entry state and prints
 *                   ("TEST secondary-entry"), CPU_OFF and CPU_ON again
 *                   ("TEST cpu-off-on"); then vCPU 0 counts while vCPU 1
 *                   stays off, calls SYSTEM_RESET or SYSTEM_OFF; or (standby)
 *                   vCPU 1 sits in CPU_SUSPEND standby and vCPU 0 resets;
 *                   or (fault) vCPU 1 reads outside the cell
 *   mode=reset [reset_after=N] [conduit=smc]
 *                   checks the cell booted from pristine payloads into
 *                   cleared memory ("TEST reset-pristine"), dirties both,
 *                   counts N and calls SYSTEM_RESET
 *   mode=off        calls SYSTEM_OFF; coming back is a failure
 * vCPUs share state through plain loads and stores: the MMU is off, so
 * guest memory is Device memory and coherent without exclusives.
 */
#include <septum/psci.h>
#include <septum/string.h>

#include "testguest.h"

#define CONTEXT_BASE 0x5e700000ULL /* context id of CPU_ON round n: base + n */
#define MARKER_ADDR 0x40800000UL   /* cell memory no payload covers */
#define MARKER 0xdeadbeefU
#define PRISTINE 0x5e7e5e7eU
#define WAIT_US 2000000
#define SCTLR_M 1ULL
#define DAIF_ALL 0x3c0ULL
#define CURRENTEL_EL1 0x4ULL
#define OUTSIDE_IPA 0x50000000UL      /* in no cell's guest-physical map */
#define EL1_NO_EXEC_IPA 0x48000000ULL /* tests/qemu/configs/psci.dts: duo's data-only memory */

enum then { THEN_COUNT, THEN_RESET, THEN_OFF, THEN_STANDBY, THEN_FAULT };

/* In .data: a payload the cell can dirty. */
static volatile uint32_t pristine = PRISTINE;
/* Between vCPUs. */
static volatile uint64_t round_go, round_done; /* vCPU 0 -> 1: may go on; 1 -> 0: done */
static volatile int then_what;

void guest_count(const char *args) __attribute__((noreturn));

struct checks {
	const char *name;
	unsigned int count, failed;
	char first[128];
};

static void check(struct checks *c, const char *what, int64_t got, int64_t want)
{
	c->count++;
	if (got == want)
		return;
	if (!c->failed++)
		snprintf(c->first, sizeof(c->first), "%s returned %lld, expected %lld", what, (long long)got,
			 (long long)want);
}

static void report(const struct checks *c)
{
	if (c->failed)
		guest_test(c->name, false, "%u of %u checks failed; first: %s", c->failed, c->count,
			   c->first);
	else
		guest_test(c->name, true, "%u checks", c->count);
}

static void psci_calls(bool smc)
{
	struct checks c = { .name = smc ? "psci-smc" : "psci-hvc" };
	uint64_t entry = (uintptr_t)guest_secondary_entry;

	check(&c, "PSCI_VERSION", guest_smccc(smc, PSCI_FN_VERSION, 0, 0, 0), PSCI_VERSION_1_1);
	check(&c, "SMCCC_VERSION", guest_smccc(smc, SMCCC_FN_VERSION, 0, 0, 0), SMCCC_VERSION_1_1);
	check(&c, "FEATURES(CPU_ON)", guest_smccc(smc, PSCI_FN_FEATURES, PSCI_FN64_CPU_ON, 0, 0), 0);
	check(&c, "FEATURES(CPU_SUSPEND)", guest_smccc(smc, PSCI_FN_FEATURES, PSCI_FN_CPU_SUSPEND, 0, 0), 0);
	check(&c, "FEATURES(SYSTEM_RESET)", guest_smccc(smc, PSCI_FN_FEATURES, PSCI_FN_SYSTEM_RESET, 0, 0),
	      0);
	check(&c, "FEATURES(SMCCC_VERSION)", guest_smccc(smc, PSCI_FN_FEATURES, SMCCC_FN_VERSION, 0, 0), 0);
	check(&c, "FEATURES(MIGRATE)", guest_smccc(smc, PSCI_FN_FEATURES, PSCI_FN_MIGRATE, 0, 0),
	      PSCI_RET_NOT_SUPPORTED);
	check(&c, "FEATURES(SYSTEM_SUSPEND)",
	      guest_smccc(smc, PSCI_FN_FEATURES, PSCI_FN64_SYSTEM_SUSPEND, 0, 0), PSCI_RET_NOT_SUPPORTED);
	check(&c, "ARCH_FEATURES(ARCH_FEATURES)",
	      guest_smccc(smc, SMCCC_FN_ARCH_FEATURES, SMCCC_FN_ARCH_FEATURES, 0, 0), 0);
	check(&c, "ARCH_FEATURES(WORKAROUND_1)",
	      guest_smccc(smc, SMCCC_FN_ARCH_FEATURES, SMCCC_FN_ARCH_WORKAROUND_1, 0, 0),
	      SMCCC_RET_NOT_SUPPORTED);
	check(&c, "MIGRATE_INFO_TYPE", guest_smccc(smc, PSCI_FN_MIGRATE_INFO_TYPE, 0, 0, 0),
	      PSCI_MIGRATE_TOS_NOT_PRESENT);
	check(&c, "AFFINITY_INFO(0, 0)", guest_smccc(smc, PSCI_FN64_AFFINITY_INFO, 0, 0, 0), PSCI_AFF_ON);
	check(&c, "AFFINITY_INFO(0, 1)", guest_smccc(smc, PSCI_FN_AFFINITY_INFO, 0, 1, 0), PSCI_AFF_ON);
	check(&c, "AFFINITY_INFO(1, 0)", guest_smccc(smc, PSCI_FN_AFFINITY_INFO, 1, 0, 0),
	      PSCI_RET_INVALID_PARAMETERS);
	check(&c, "AFFINITY_INFO(0, 4)", guest_smccc(smc, PSCI_FN_AFFINITY_INFO, 0, 4, 0),
	      PSCI_RET_INVALID_PARAMETERS);
	check(&c, "CPU_ON(self)", guest_smccc(smc, PSCI_FN64_CPU_ON, 0, entry, 0), PSCI_RET_ALREADY_ON);
	/* MPIDR 2 is a physical CPU of another cell: not this cell's to start. */
	check(&c, "CPU_ON(2)", guest_smccc(smc, PSCI_FN64_CPU_ON, 2, entry, 0), PSCI_RET_INVALID_PARAMETERS);
	check(&c, "CPU_ON(0x100)", guest_smccc(smc, PSCI_FN_CPU_ON, 0x100, entry, 0),
	      PSCI_RET_INVALID_PARAMETERS);
	check(&c, "CPU_SUSPEND(reserved bits)", guest_smccc(smc, PSCI_FN_CPU_SUSPEND, 1U << 30, 0, 0),
	      PSCI_RET_INVALID_PARAMETERS);
	check(&c, "CPU_SUSPEND(power-down, bad entry)",
	      guest_smccc(smc, PSCI_FN64_CPU_SUSPEND, PSCI_POWER_STATE_TYPE_POWERDOWN, 0x50000000, 0),
	      PSCI_RET_INVALID_ADDRESS);
	check(&c, "MIGRATE", guest_smccc(smc, PSCI_FN_MIGRATE, 0, 0, 0), PSCI_RET_NOT_SUPPORTED);
	check(&c, "SYSTEM_SUSPEND", guest_smccc(smc, PSCI_FN64_SYSTEM_SUSPEND, entry, 0, 0),
	      PSCI_RET_NOT_SUPPORTED);
	check(&c, "0x8400001f", guest_smccc(smc, 0x8400001f, 0, 0, 0), PSCI_RET_NOT_SUPPORTED);
	check(&c, "SMC64 PSCI_VERSION", guest_smccc(smc, PSCI_FN_VERSION | SMCCC_SMC64, 0, 0, 0),
	      PSCI_RET_NOT_SUPPORTED);
	report(&c);
}

static bool wait_for(volatile uint64_t *v, uint64_t want)
{
	uint64_t end = guest_counter() + guest_counter_freq() * (WAIT_US / 1000) / 1000;

	while (*v != want)
		if (guest_counter() > end)
			return false;
	return true;
}

static void wait_for_at_least(volatile uint64_t *v, uint64_t want)
{
	uint64_t end = guest_counter() + guest_counter_freq() * (WAIT_US / 1000) / 1000;

	while (*v < want && guest_counter() < end)
		;
}

static int64_t wait_affinity(bool smc, uint64_t vcpu, int64_t want)
{
	uint64_t end = guest_counter() + guest_counter_freq() * (WAIT_US / 1000) / 1000;
	int64_t r;

	do
		r = guest_smccc(smc, PSCI_FN_AFFINITY_INFO, vcpu, 0, 0);
	while (r != want && guest_counter() < end);
	return r;
}

/* vCPU 1, started by CPU_ON with context CONTEXT_BASE + round. */
void guest_psci_secondary(uint64_t context)
{
	uint64_t round = context - CONTEXT_BASE, el, sctlr, daif;
	struct checks c = { .name = "secondary-entry" };

	__asm__ volatile("mrs %0, CurrentEL" : "=r"(el));
	__asm__ volatile("mrs %0, sctlr_el1" : "=r"(sctlr));
	__asm__ volatile("mrs %0, daif" : "=r"(daif));
	if (round == 3 && then_what == THEN_STANDBY) {
		/* Standby until vCPU 0 restarts the cell: the restart's kick ends it. */
		round_done = 3;
		for (;;) {
			int64_t r = guest_smccc(false, PSCI_FN_CPU_SUSPEND, 0, 0, 0);

			if (r != PSCI_RET_SUCCESS) {
				guest_test("cpu-suspend", false, "CPU_SUSPEND(standby) returned %lld",
					   (long long)r);
				guest_halt();
			}
		}
	}
	if (round == 3) {
		/* vCPU 0 is counting: say nothing, act at once. */
		if (then_what == THEN_FAULT)
			(void)*(volatile uint64_t *)OUTSIDE_IPA; /* stops the whole cell */
		else if (then_what == THEN_RESET)
			guest_smccc(true, PSCI_FN_SYSTEM_RESET, 0, 0, 0);
		else
			guest_smccc(false, PSCI_FN_SYSTEM_OFF, 0, 0, 0);
		guest_test("system-reset-off", false, "SYSTEM_RESET/SYSTEM_OFF from vCPU 1 returned");
		guest_halt();
	}
	/* One vCPU prints at a time: the cell has one console line buffer. */
	wait_for_at_least(&round_go, round);
	guest_printf("hello from vCPU %u: round %llu, context 0x%llx\n", guest_vcpu(),
		     (unsigned long long)round, (unsigned long long)context);
	check(&c, "MPIDR_EL1.Aff0", guest_vcpu(), 1);
	check(&c, "round", round == 1 || round == 2, 1);
	check(&c, "CurrentEL", (int64_t)el, CURRENTEL_EL1);
	check(&c, "SCTLR_EL1.M", (int64_t)(sctlr & SCTLR_M), 0);
	check(&c, "DAIF", (int64_t)daif, DAIF_ALL);
	check(&c, "CPU_ON(0) from vCPU 1",
	      guest_smccc(false, PSCI_FN64_CPU_ON, 0, (uintptr_t)guest_secondary_entry, 0),
	      PSCI_RET_ALREADY_ON);
	check(&c, "AFFINITY_INFO(1, 0) from vCPU 1", guest_smccc(true, PSCI_FN_AFFINITY_INFO, 1, 0, 0),
	      PSCI_AFF_ON);
	report(&c);
	round_done = round;
	/* Round 1 over HVC, round 2 over SMC. */
	guest_smccc(round == 2, PSCI_FN_CPU_OFF, 0, 0, 0);
	guest_test("cpu-off", false, "CPU_OFF returned");
	guest_halt();
}

static void smp(const char *args)
{
	struct checks m = { .name = "cpu-on-misuse" }, on = { .name = "cpu-on" },
		      again = { .name = "cpu-off-on" };
	uint64_t entry = (uintptr_t)guest_secondary_entry;
	char then[16] = "count";
	int64_t r;

	guest_arg_str(args, "then", then, sizeof(then));
	then_what = !strcmp(then, "reset")     ? THEN_RESET
		    : !strcmp(then, "off")     ? THEN_OFF
		    : !strcmp(then, "standby") ? THEN_STANDBY
		    : !strcmp(then, "fault")   ? THEN_FAULT
					       : THEN_COUNT;
	check(&m, "AFFINITY_INFO(1, 0)", guest_smccc(false, PSCI_FN_AFFINITY_INFO, 1, 0, 0), PSCI_AFF_OFF);
	check(&m, "CPU_ON(2)", guest_smccc(false, PSCI_FN64_CPU_ON, 2, entry, CONTEXT_BASE),
	      PSCI_RET_INVALID_PARAMETERS);
	check(&m, "CPU_ON(0)", guest_smccc(true, PSCI_FN64_CPU_ON, 0, entry, CONTEXT_BASE),
	      PSCI_RET_ALREADY_ON);
	check(&m, "CPU_ON(1, outside memory)",
	      guest_smccc(false, PSCI_FN64_CPU_ON, 1, 0x50000000, CONTEXT_BASE), PSCI_RET_INVALID_ADDRESS);
	check(&m, "CPU_ON(1, misaligned)", guest_smccc(true, PSCI_FN64_CPU_ON, 1, entry + 2, CONTEXT_BASE),
	      PSCI_RET_INVALID_ADDRESS);
	check(&m, "CPU_ON(1, no-exec memory)",
	      guest_smccc(false, PSCI_FN64_CPU_ON, 1, EL1_NO_EXEC_IPA, CONTEXT_BASE),
	      PSCI_RET_INVALID_ADDRESS);
	check(&m, "AFFINITY_INFO(1, 0) after misuse", guest_smccc(false, PSCI_FN_AFFINITY_INFO, 1, 0, 0),
	      PSCI_AFF_OFF);
	report(&m);

	check(&on, "CPU_ON(1)", guest_smccc(false, PSCI_FN64_CPU_ON, 1, entry, CONTEXT_BASE + 1),
	      PSCI_RET_SUCCESS);
	r = guest_smccc(false, PSCI_FN64_CPU_ON, 1, entry, CONTEXT_BASE + 1);
	check(&on, "CPU_ON(1) again", r == PSCI_RET_ON_PENDING || r == PSCI_RET_ALREADY_ON, 1);
	report(&on);
	round_go = 1;
	check(&again, "vCPU 1 ran", wait_for(&round_done, 1), 1);
	check(&again, "AFFINITY_INFO(1) after CPU_OFF", wait_affinity(false, 1, PSCI_AFF_OFF), PSCI_AFF_OFF);
	round_go = 2;
	check(&again, "CPU_ON(1) again, SMC32", guest_smccc(true, PSCI_FN_CPU_ON, 1, entry, CONTEXT_BASE + 2),
	      PSCI_RET_SUCCESS);
	check(&again, "vCPU 1 ran again", wait_for(&round_done, 2), 1);
	check(&again, "AFFINITY_INFO(1) after 2nd CPU_OFF", wait_affinity(true, 1, PSCI_AFF_OFF),
	      PSCI_AFF_OFF);
	report(&again);
	round_go = 3;
	if (then_what != THEN_COUNT)
		guest_smccc(false, PSCI_FN64_CPU_ON, 1, entry, CONTEXT_BASE + 3);
	if (then_what == THEN_STANDBY) {
		wait_for(&round_done, 3);
		guest_delay_us(50000);
		r = guest_smccc(false, PSCI_FN_AFFINITY_INFO, 1, 0, 0);
		guest_printf("calling SYSTEM_RESET with vCPU 1 in standby (AFFINITY_INFO %lld)\n",
			     (long long)r);
		guest_smccc(true, PSCI_FN_SYSTEM_RESET, 0, 0, 0);
		guest_test("system-reset", false, "SYSTEM_RESET returned");
		guest_halt();
	}
	guest_count(args);
}

static void reset(const char *args)
{
	volatile uint32_t *marker = (volatile uint32_t *)MARKER_ADDR;
	uint64_t after = guest_arg_num(args, "reset_after", 3), period = guest_arg_num(args, "period_ms", 20);
	char conduit[8] = "hvc";

	guest_arg_str(args, "conduit", conduit, sizeof(conduit));
	guest_test("reset-pristine", pristine == PRISTINE && *marker == 0, "payload word 0x%x, marker 0x%x",
		   (unsigned int)pristine, (unsigned int)*marker);
	pristine = 0;
	*marker = MARKER;
	for (uint64_t n = 1; n <= after; n++) {
		guest_delay_us(period * 1000);
		guest_printf("count %llu\n", (unsigned long long)n);
	}
	guest_printf("calling SYSTEM_RESET\n");
	guest_smccc(!strcmp(conduit, "smc"), PSCI_FN_SYSTEM_RESET, 0, 0, 0);
	guest_test("system-reset", false, "SYSTEM_RESET returned");
}

bool guest_psci_mode(const char *mode, const char *args)
{
	if (!strcmp(mode, "psci")) {
		char then[8] = "count";

		psci_calls(false);
		psci_calls(true);
		guest_arg_str(args, "then", then, sizeof(then));
		if (!strcmp(then, "cpu-off")) {
			/* The cell's only vCPU goes off: not a fault, the cell just waits. */
			guest_printf("calling CPU_OFF on the last vCPU\n");
			guest_smccc(true, PSCI_FN_CPU_OFF, 0, 0, 0);
			guest_test("cpu-off", false, "CPU_OFF returned");
			guest_halt();
		}
		guest_count(args);
	} else if (!strcmp(mode, "smp")) {
		smp(args);
	} else if (!strcmp(mode, "reset")) {
		reset(args);
	} else if (!strcmp(mode, "off")) {
		guest_printf("calling SYSTEM_OFF\n");
		guest_smccc(false, PSCI_FN_SYSTEM_OFF, 0, 0, 0);
		guest_test("system-off", false, "SYSTEM_OFF returned");
	} else {
		return false;
	}
	return true;
}
