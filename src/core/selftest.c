// SPDX-License-Identifier: MIT
/*
 * Deliberate hypervisor faults, asked for on the command line
 * (/chosen/bootargs "septum.selftest=<name>"), so tests can prove that an
 * unexpected exception at EL2 produces a full report instead of a silent
 * hang. Never used in production configurations.
 */
#include <septum/log.h>
#include <septum/selftest.h>
#include <septum/string.h>

#define SELFTEST_ARG "septum.selftest="
/* An address far above any RAM or device: never in the hypervisor's map. */
#define SELFTEST_UNMAPPED_VA 0x0000fffffffff000ULL

static bool arg_is(const char *val, const char *name)
{
	size_t n = strlen(name);

	return !strncmp(val, name, n) && (val[n] == '\0' || val[n] == ' ');
}

void selftest_run(const char *bootargs)
{
	const char *val;

	if (!bootargs)
		return;
	for (val = bootargs; (val = strchr(val, 's')); val++)
		if (!strncmp(val, SELFTEST_ARG, strlen(SELFTEST_ARG)) && (val == bootargs || val[-1] == ' '))
			break;
	if (!val)
		return;
	val += strlen(SELFTEST_ARG);
	if (arg_is(val, "el2-data-abort")) {
		log_info("selftest: reading unmapped address 0x%llx at EL2",
			 (unsigned long long)SELFTEST_UNMAPPED_VA);
		(void)*(volatile uint64_t *)SELFTEST_UNMAPPED_VA;
	} else if (arg_is(val, "el2-brk")) {
		log_info("selftest: executing a breakpoint instruction at EL2");
		__builtin_trap();
	} else if (arg_is(val, "panic")) {
		panic("selftest: deliberate panic");
	} else {
		log_warn("unknown septum.selftest value \"%s\"", val);
		return;
	}
	panic("selftest: the deliberate fault did not trap");
}
