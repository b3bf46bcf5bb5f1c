// SPDX-License-Identifier: MIT
/*
 * Bringing every CPU of the board up. The boot CPU starts the others one by
 * one through the arch layer (PSCI CPU_ON or spin-table release), waits for
 * each to check in, and reports every CPU that came up and every CPU that
 * did not, with the reason.
 */
#include <septum/arch.h>
#include <septum/cell.h>
#include <septum/log.h>
#include <septum/percpu.h>
#include <septum/smp.h>

/* How long a started CPU has to check in. */
#define SMP_CHECKIN_TIMEOUT_MS 1000

struct percpu percpu[SEPTUM_MAX_CPUS];

static int cpu_state(unsigned int cpu)
{
	return __atomic_load_n(&percpu[cpu].state, __ATOMIC_ACQUIRE);
}

static bool wait_online(unsigned int cpu)
{
	uint64_t deadline = arch_counter() + arch_counter_freq() * SMP_CHECKIN_TIMEOUT_MS / 1000;

	while (cpu_state(cpu) != CPU_STATE_ONLINE) {
		if (arch_counter() > deadline)
			return false;
		arch_cpu_relax();
	}
	return true;
}

/* The boot CPU prints every "up" line, so they come in CPU order, before
 * the summary, however the host schedules the CPUs. */
static void report_up(unsigned int cpu)
{
	log_info("cpu%u up: MPIDR 0x%llx, %s", cpu, (unsigned long long)percpu[cpu].mpidr, percpu[cpu].model);
}

unsigned int smp_boot_secondaries(const struct board *b)
{
	unsigned int online = 1;

	percpu[0].state = CPU_STATE_ONLINE;
	for (unsigned int cpu = 1; cpu < b->cpu_count; cpu++) {
		int expected = CPU_STATE_STARTING;
		char why[96];

		percpu[cpu].id = cpu;
		percpu[cpu].mpidr = b->cpus[cpu].mpidr;
		__atomic_store_n(&percpu[cpu].state, CPU_STATE_STARTING, __ATOMIC_RELEASE);
		if (arch_cpu_start(cpu, b, why, sizeof(why))) {
			percpu[cpu].state = CPU_STATE_FAILED;
			log_err("cpu%u (MPIDR 0x%llx) failed to start: %s", cpu,
				(unsigned long long)b->cpus[cpu].mpidr, why);
			continue;
		}
		if (wait_online(cpu)) {
			report_up(cpu);
			online++;
			continue;
		}
		/* Too late from here on: a CPU checking in later parks itself. */
		if (__atomic_compare_exchange_n(&percpu[cpu].state, &expected, CPU_STATE_FAILED, false,
						__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
			log_err("cpu%u (MPIDR 0x%llx) failed to start: it did not check in within %d ms", cpu,
				(unsigned long long)b->cpus[cpu].mpidr, SMP_CHECKIN_TIMEOUT_MS);
			continue;
		}
		/* It checked in at the deadline, just before the exchange. */
		report_up(cpu);
		online++;
	}
	log_info("CPUs online: %u of %u", online, b->cpu_count);
	if (b->cpus_ignored)
		log_warn("%u more CPU%s in the device tree left off: Septum is built for %d CPUs",
			 b->cpus_ignored, b->cpus_ignored == 1 ? "" : "s", SEPTUM_MAX_CPUS);
	return online;
}

void smp_secondary_main(unsigned int cpu)
{
	int expected = CPU_STATE_STARTING;

	/* Written before the state changes: the boot CPU reads it once online. */
	arch_cpu_model(percpu[cpu].model, sizeof(percpu[cpu].model));
	if (!__atomic_compare_exchange_n(&percpu[cpu].state, &expected, CPU_STATE_ONLINE, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		log_warn("cpu%u checked in after the boot CPU gave up on it: parked", cpu);
		arch_cpu_park();
	}
	cell_cpu_run(cpu);
}
