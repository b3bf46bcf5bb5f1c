// SPDX-License-Identifier: MIT
/*
 * The hypervisor's EL2 stage-1 memory map. The boot map (built with the
 * MMU off) covers just the image, the device tree and the early UART; the
 * final map covers the RAM the device tree describes (minus no-map
 * reservations) as Normal memory, the image with W^X permissions (text
 * read-only executable, read-only data, everything else non-executable),
 * and devices the hypervisor maps as it needs them. Both are 1:1.
 * Descriptor fields: Arm ARM D8.3 (VMSAv8-64 translation table format).
 */
#include <asm/cache.h>
#include <asm/mmu.h>
#include <asm/pgtable.h>
#include <asm/sysreg.h>
#include <libfdt_env.h> /* before fdt.h, which needs its types */

#include <fdt.h>
#include <septum/arch.h>
#include <septum/build_config.h>
#include <septum/log.h>
#include <septum/plat.h>
#include <septum/spinlock.h>
#include <septum/string.h>

/* Stage-1 lower and upper attributes for the EL2 translation regime. */
#define S1_ATTRIDX(i) ((uint64_t)(i) << 2)
#define S1_AP_EL2 BIT(6) /* AP[1]: RES1 in the EL2 regime */
#define S1_AP_RO BIT(7)	 /* AP[2]: read-only */
#define S1_SH_INNER (3ULL << 8)
#define S1_AF BIT(10) /* access flag: set, no access-flag faults */
#define S1_XN BIT(54) /* execute-never */

#define S1_NORMAL (S1_ATTRIDX(MAIR_IDX_NORMAL) | S1_SH_INNER | S1_AF | S1_AP_EL2)
#define S1_RAM_RW (S1_NORMAL | S1_XN)
#define S1_RAM_RO (S1_NORMAL | S1_AP_RO | S1_XN)
#define S1_TEXT (S1_NORMAL | S1_AP_RO)
#define S1_RWX S1_NORMAL /* the boot map only */
#define S1_DEVICE (S1_ATTRIDX(MAIR_IDX_DEVICE_nGnRE) | S1_AF | S1_AP_EL2 | S1_XN)

#define EL2_VA_BITS 48
/* A device tree larger than this is not believed (its header is corrupt). */
#define FDT_MAX_SIZE SZ_2M

/* Symbols from the linker script. */
extern char _head[], _text_end[], _rodata_end[], _end[];

PT_STATIC_POOL(el2_pool, SEPTUM_PT_PAGES);
static struct pgtable boot_pt, final_pt;
static struct pgtable *live_pt;
static spinlock_t map_lock = SPINLOCK_INIT;

struct mmu_boot_regs mmu_boot_regs;

static void map_or_panic(struct pgtable *pt, uint64_t base, uint64_t size, uint64_t attrs)
{
	uint64_t start = ALIGN_DOWN(base, PT_PAGE_SIZE), end = ALIGN_UP(base + size, PT_PAGE_SIZE);
	enum pt_error e = pt_map(pt, start, start, end - start, attrs);

	if (e)
		panic("cannot map 0x%llx+0x%llx in the hypervisor's tables (error %d, %u of %d pages used)",
		      (unsigned long long)base, (unsigned long long)size, e, el2_pool.used, SEPTUM_PT_PAGES);
}

static uint64_t tcr_value(void)
{
	uint64_t parange = read_sysreg(id_aa64mmfr0_el1) & ID_AA64MMFR0_PARANGE_MASK;

	if (parange > ID_AA64MMFR0_PARANGE_48)
		parange = ID_AA64MMFR0_PARANGE_48; /* 52-bit output needs LPA2: not used */
	return TCR_EL2_RES1 | TCR_T0SZ(EL2_VA_BITS) | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | TCR_SH0_INNER |
	       TCR_TG0_4K | (parange << TCR_EL2_PS_SHIFT);
}

void mmu_init_early(const void *fdt)
{
	uint64_t image = (uintptr_t)_head, fdt_size = PT_PAGE_SIZE;
	const struct fdt_header *h = fdt;

	if (pt_init(&boot_pt, EL2_VA_BITS, &el2_pool.pool))
		panic("no page for the boot page table");
	/* The device tree: just its own pages, mapped before the image wins. */
	if (fdt && fdt32_to_cpu(h->magic) == FDT_MAGIC && fdt32_to_cpu(h->totalsize) <= FDT_MAX_SIZE)
		fdt_size = fdt32_to_cpu(h->totalsize);
	map_or_panic(&boot_pt, (uintptr_t)fdt, fdt_size, S1_RAM_RO);
	/* The image in 2 MiB blocks (it is loaded at a 2 MiB boundary). */
	map_or_panic(&boot_pt, ALIGN_DOWN(image, SZ_2M),
		     ALIGN_UP((uintptr_t)_end, SZ_2M) - ALIGN_DOWN(image, SZ_2M), S1_RWX);
	map_or_panic(&boot_pt, plat_desc.early_uart_base, PT_PAGE_SIZE, S1_DEVICE);
	live_pt = &boot_pt;

	mmu_boot_regs.mair = MAIR_EL2_VALUE;
	mmu_boot_regs.tcr = tcr_value();
	mmu_boot_regs.ttbr = (uintptr_t)boot_pt.root;
	mmu_boot_regs.sctlr = SCTLR_EL2_RES1 | SCTLR_EL2_M | SCTLR_EL2_C | SCTLR_EL2_SA | SCTLR_EL2_I;
	write_sysreg(mair_el2, mmu_boot_regs.mair);
	write_sysreg(tcr_el2, mmu_boot_regs.tcr);
	write_sysreg(ttbr0_el2, mmu_boot_regs.ttbr);
	isb();
	__asm__ volatile("tlbi alle2" ::: "memory");
	dsb(ish);
	isb();
	write_sysreg(sctlr_el2, mmu_boot_regs.sctlr);
	isb();
}

/* Map RAM range [base, end) minus the board's no-map reservations. */
static void map_ram(const struct board *b, uint64_t base, uint64_t end, unsigned int from)
{
	for (unsigned int i = from; i < b->reserved_count; i++) {
		uint64_t rb = pa_val(b->reserved[i].base), re = pa_range_end(&b->reserved[i]);

		if (!(b->reserved_nomap & BIT(i)) || re <= base || rb >= end)
			continue;
		if (rb > base)
			map_ram(b, base, rb, i + 1);
		if (re < end)
			map_ram(b, re, end, i + 1);
		return;
	}
	map_or_panic(&final_pt, ALIGN_UP(base, PT_PAGE_SIZE),
		     ALIGN_DOWN(end, PT_PAGE_SIZE) - ALIGN_UP(base, PT_PAGE_SIZE), S1_RAM_RW);
}

void arch_mmu_finalize(const struct board *b)
{
	uint64_t head = (uintptr_t)_head;

	if (pt_init(&final_pt, EL2_VA_BITS, &el2_pool.pool))
		panic("no page for the final page table");
	for (unsigned int i = 0; i < b->mem_count; i++)
		map_ram(b, pa_val(b->mem[i].base), pa_range_end(&b->mem[i]), 0);
	/* The image, W^X: it is inside RAM, these replace the RAM attributes. */
	map_or_panic(&final_pt, head, (uintptr_t)_text_end - head, S1_TEXT);
	map_or_panic(&final_pt, (uintptr_t)_text_end, (uintptr_t)_rodata_end - (uintptr_t)_text_end,
		     S1_RAM_RO);
	map_or_panic(&final_pt, (uintptr_t)_rodata_end, (uintptr_t)_end - (uintptr_t)_rodata_end, S1_RAM_RW);
	map_or_panic(&final_pt, plat_desc.early_uart_base, PT_PAGE_SIZE, S1_DEVICE);

	dsb(ishst);
	mmu_switch_tables((uintptr_t)final_pt.root);
	live_pt = &final_pt;
	mmu_boot_regs.ttbr = (uintptr_t)final_pt.root;
	/* Secondary CPUs read these with their MMU off. */
	cache_clean_inval_range(&mmu_boot_regs, sizeof(mmu_boot_regs));
	log_debug("hypervisor page tables: %u of %d pages used", el2_pool.used, SEPTUM_PT_PAGES);
}

uintptr_t arch_map_device(paddr_t base, uint64_t size)
{
	spin_lock(&map_lock);
	map_or_panic(live_pt, pa_val(base), size, S1_DEVICE);
	dsb(ishst);
	isb();
	spin_unlock(&map_lock);
	return (uintptr_t)pa_val(base);
}

struct pa_range arch_image_range(void)
{
	return (struct pa_range){ pa_of((uintptr_t)_head), (uintptr_t)_end - (uintptr_t)_head };
}
