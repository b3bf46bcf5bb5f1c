// SPDX-License-Identifier: MIT
/*
 * Starting a physical CPU at secondary_entry (boot.S), by the method its
 * device-tree node names: PSCI CPU_ON through the firmware's conduit, or
 * the spin-table protocol (write the entry address to cpu-release-addr,
 * clean it to the PoC, wake the waiting CPU with SEV).
 */
#include <asm/cache.h>
#include <asm/psci.h>
#include <asm/sysreg.h>
#include <septum/arch.h>
#include <septum/string.h>

void secondary_entry(void);

/*
 * MPIDR of each logical CPU, read by secondary_entry with the MMU off to
 * find its logical id. Unused slots hold a value no MPIDR can have.
 */
uint64_t cpu_boot_mpidr[SEPTUM_MAX_CPUS] = { [0 ... SEPTUM_MAX_CPUS - 1] = ~0ULL };

static bool in_ram(const struct board *b, uint64_t addr)
{
	for (unsigned int i = 0; i < b->mem_count; i++)
		if (addr >= pa_val(b->mem[i].base) && addr + 8 <= pa_range_end(&b->mem[i]))
			return true;
	return false;
}

static int start_spin_table(const struct board_cpu *c, const struct board *b, char *why, size_t len)
{
	uint64_t addr = pa_val(c->release_addr);
	volatile uint64_t *release = (volatile uint64_t *)(uintptr_t)addr;

	if (!IS_ALIGNED(addr, 8) || !in_ram(b, addr)) {
		snprintf(why, len, "cpu-release-addr 0x%llx is not an aligned address in RAM",
			 (unsigned long long)addr);
		return -1;
	}
	*release = (uintptr_t)secondary_entry;
	/* The waiting CPU polls with its MMU and caches off. */
	cache_clean_inval_range((const void *)release, sizeof(*release));
	dsb(sy);
	sev();
	return 0;
}

int arch_cpu_start(unsigned int cpu, const struct board *b, char *why, size_t len)
{
	const struct board_cpu *c = &b->cpus[cpu];
	int64_t ret;

	cpu_boot_mpidr[cpu] = c->mpidr;
	cache_clean_inval_range(&cpu_boot_mpidr[cpu], sizeof(cpu_boot_mpidr[cpu]));
	switch (c->method) {
	case CPU_ENABLE_PSCI:
		if (b->psci_conduit == PSCI_CONDUIT_HVC) {
			snprintf(why, len,
				 "PSCI method \"hvc\" cannot reach firmware from EL2 (must be \"smc\")");
			return -1;
		}
		ret = psci_call(b->psci_conduit, PSCI_FN64_CPU_ON, c->mpidr, (uintptr_t)secondary_entry, cpu);
		if (ret != PSCI_RET_SUCCESS) {
			snprintf(why, len, "PSCI CPU_ON returned %s (%lld)", psci_error_name(ret),
				 (long long)ret);
			return -1;
		}
		return 0;
	case CPU_ENABLE_SPIN_TABLE:
		return start_spin_table(c, b, why, len);
	case CPU_ENABLE_NONE:
	default:
		snprintf(why, len, "%s has no enable-method", c->path);
		return -1;
	}
}
