// SPDX-License-Identifier: MIT
/*
 * CPU-level services for the core: the boot CPU's C entry (MMU still off),
 * the secondary CPUs' C entry, per-CPU identity, the generic timer's
 * counter, parking a CPU, cache maintenance and the CPU model name.
 */
#include <asm/cache.h>
#include <asm/mmu.h>
#include <asm/sysreg.h>
#include <septum/arch.h>
#include <septum/console.h>
#include <septum/log.h>
#include <septum/percpu.h>
#include <septum/plat.h>
#include <septum/smp.h>
#include <septum/string.h>

void arch_boot_primary(const void *fdt) __noreturn;
void arch_secondary_main(unsigned int cpu) __noreturn;
void boot_wrong_el(unsigned int el) __noreturn;
void hyp_main(const void *fdt) __noreturn;

/* Called from boot.S with the MMU off, on the boot CPU's stack. */
void arch_boot_primary(const void *fdt)
{
	write_sysreg(tpidr_el2, &percpu[0]);
	console_init_early();
	mmu_init_early(fdt);
	hyp_main(fdt);
}

/* Called from boot.S with the MMU on, on this CPU's own stack. */
void arch_secondary_main(unsigned int cpu)
{
	write_sysreg(tpidr_el2, &percpu[cpu]);
	arch_irq_init_cpu(cpu);
	smp_secondary_main(cpu);
}

/* Entered at EL1 or EL3 instead of EL2: say so on the early UART, stop. */
void boot_wrong_el(unsigned int el)
{
	console_init_early();
	log_err("Septum was entered at EL%u: it must be started at EL2", el);
	log_err("(QEMU: -machine virt,virtualization=on; U-Boot and firmware must not drop to EL1)");
	log_err("stopping");
	for (;;) {
		__asm__ volatile("msr daifset, #0xf");
		wfi();
	}
}

unsigned int arch_cpu_id(void)
{
	const struct percpu *p = (const struct percpu *)read_sysreg(tpidr_el2);

	return p ? p->id : 0;
}

uint64_t arch_cpu_mpidr(void)
{
	return read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
}

uint64_t arch_counter(void)
{
	isb();
	return read_sysreg(cntpct_el0);
}

uint64_t arch_counter_freq(void)
{
	return read_sysreg(cntfrq_el0);
}

/* DCZID_EL0 (Arm ARM D19): DZP set = DC ZVA prohibited; BS = log2 of the block size in words. */
#define DCZID_DZP BIT(4)
#define DCZID_BS_MASK 0xfU
#define DCZ_WORD 4U
#define DCZ_UNROLL 32U

/*
 * DC ZVA zeroes one whole block (64 bytes on Cortex-A57/A72) per
 * instruction: the cells' memory is zeroed at every (re)start, and
 * memset() takes some 5 times the instructions. The unaligned head and
 * tail, and the whole range when DC ZVA is prohibited, go to memset().
 */
void arch_mem_zero(void *dst, size_t n)
{
	uint64_t dczid = read_sysreg(dczid_el0);
	uintptr_t p = (uintptr_t)dst, end = p + n, a, e;
	size_t block = (size_t)DCZ_WORD << (dczid & DCZID_BS_MASK);

	if ((dczid & DCZID_DZP) || n < 2 * DCZ_UNROLL * block) {
		memset(dst, 0, n);
		return;
	}
	a = ALIGN_UP(p, block);
	e = a + ALIGN_DOWN(end - a, DCZ_UNROLL * block);
	memset(dst, 0, a - p);
	for (; a < e; a += DCZ_UNROLL * block) {
		uintptr_t q = a;

		/* 32 blocks a round: the loop's own 4 instructions are ~6% of it, not 20% at 8. */
#define DCZ_STEP "dc zva, %0\n add %0, %0, %1\n"
#define DCZ_STEP4 DCZ_STEP DCZ_STEP DCZ_STEP DCZ_STEP
		__asm__ volatile(DCZ_STEP4 DCZ_STEP4 DCZ_STEP4 DCZ_STEP4 DCZ_STEP4 DCZ_STEP4 DCZ_STEP4
					 DCZ_STEP DCZ_STEP DCZ_STEP "dc zva, %0"
				 : "+r"(q)
				 : "r"(block)
				 : "memory");
#undef DCZ_STEP4
#undef DCZ_STEP
	}
	memset((void *)e, 0, end - e);
}
_Static_assert(DCZ_UNROLL == 32, "arch_mem_zero()'s loop body has 32 DC ZVA");

void arch_cpu_relax(void)
{
	__asm__ volatile("yield" ::: "memory");
}

void arch_cpu_park(void)
{
	__asm__ volatile("msr daifset, #0xf" ::: "memory");
	for (;;)
		wfi();
}

void cache_clean_inval_range(const void *start, size_t size)
{
	uint64_t line = 4ULL << ((read_sysreg(ctr_el0) >> CTR_DMINLINE_SHIFT) & CTR_DMINLINE_MASK);
	uintptr_t p = ALIGN_DOWN((uintptr_t)start, line), end = (uintptr_t)start + size;

	for (; p < end; p += line)
		__asm__ volatile("dc civac, %0" : : "r"(p) : "memory");
	dsb(sy);
}

#define MIDR_IMPL_QEMU 0x00

static const struct {
	uint8_t impl;
	uint16_t part;
	const char *name;
} cpu_parts[] = {
	{ MIDR_IMPL_ARM, 0xd03, "Cortex-A53" },	 { MIDR_IMPL_ARM, 0xd04, "Cortex-A35" },
	{ MIDR_IMPL_ARM, 0xd05, "Cortex-A55" },	 { MIDR_IMPL_ARM, 0xd07, "Cortex-A57" },
	{ MIDR_IMPL_ARM, 0xd08, "Cortex-A72" },	 { MIDR_IMPL_ARM, 0xd09, "Cortex-A73" },
	{ MIDR_IMPL_ARM, 0xd0a, "Cortex-A75" },	 { MIDR_IMPL_ARM, 0xd0b, "Cortex-A76" },
	{ MIDR_IMPL_ARM, 0xd0c, "Neoverse-N1" }, { MIDR_IMPL_ARM, 0xd0d, "Cortex-A77" },
	{ MIDR_IMPL_ARM, 0xd40, "Neoverse-V1" }, { MIDR_IMPL_ARM, 0xd41, "Cortex-A78" },
	{ MIDR_IMPL_ARM, 0xd49, "Neoverse-N2" }, { MIDR_IMPL_QEMU, 0x051, "QEMU max" },
};

void arch_cpu_model(char *buf, size_t len)
{
	uint64_t midr = read_sysreg(midr_el1);
	unsigned int impl = (midr >> MIDR_IMPLEMENTER_SHIFT) & 0xff;
	unsigned int part = (midr >> MIDR_PARTNUM_SHIFT) & MIDR_PARTNUM_MASK;
	unsigned int var = (midr >> MIDR_VARIANT_SHIFT) & 0xf, rev = midr & MIDR_REVISION_MASK;

	for (unsigned int i = 0; i < ARRAY_SIZE(cpu_parts); i++)
		if (cpu_parts[i].impl == impl && cpu_parts[i].part == part) {
			snprintf(buf, len, "%s r%up%u", cpu_parts[i].name, var, rev);
			return;
		}
	snprintf(buf, len, "CPU implementer 0x%02x part 0x%03x r%up%u", impl, part, var, rev);
}
