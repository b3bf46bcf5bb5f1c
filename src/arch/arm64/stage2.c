// SPDX-License-Identifier: MIT
/*
 * Stage-2 translation for cells (Arm ARM D8.3, stage 2 descriptors; D19
 * VTCR_EL2, VTTBR_EL2). Each cell gets its own tables and VMID, built with
 * the generic builder (pgtable.c) in the largest blocks that fit: memory
 * as Normal write-back (read/write/execute as configured), passthrough
 * devices as Device-nGnRE, never executable. The virtual console page is
 * left unmapped, so guest accesses trap to the hypervisor.
 */
#include <asm/pgtable.h>
#include <asm/stage2.h>
#include <asm/sysreg.h>
#include <septum/arch.h>
#include <septum/cell.h>
#include <septum/string.h>
#include <septum/vgic.h>

/* Stage-2 descriptor attributes. */
#define S2_MEMATTR_NORMAL_WB (0xfULL << 2) /* Normal, inner+outer write-back */
#define S2_MEMATTR_DEVICE_nGnRE (0x1ULL << 2)
#define S2_AP_READ BIT(6)  /* S2AP[0] */
#define S2_AP_WRITE BIT(7) /* S2AP[1] */
#define S2_SH_INNER (3ULL << 8)
#define S2_AF BIT(10)
#define S2_XN BIT(54) /* XN[1] : no execution at EL1/EL0 */

/* VTCR_EL2 fields. */
#define VTCR_RES1 BIT(31)
#define VTCR_T0SZ(bits) (64ULL - (bits))
#define VTCR_SL0_LEVEL1 (1ULL << 6) /* 4 KiB granule: start at level 1 */
#define VTCR_IRGN0_WBWA (1ULL << 8)
#define VTCR_ORGN0_WBWA (1ULL << 10)
#define VTCR_SH0_INNER (3ULL << 12)
#define VTCR_TG0_4K (0ULL << 14)
#define VTCR_PS_SHIFT 16
#define VTTBR_VMID_SHIFT 48

/* 39-bit guest-physical spaces: 512 GiB, one level-1 table, no concatenation. */
#define S2_IPA_BITS 39
#define PARANGE_48BIT 5

static uint8_t s2_pages[S2_POOL_PAGES][PT_PAGE_SIZE] __aligned(PT_PAGE_SIZE);
static unsigned int s2_pages_used;

static void *s2_page_alloc(struct pt_pool *pool)
{
	void *p;

	(void)pool;
	if (s2_pages_used == S2_POOL_PAGES)
		return NULL;
	p = s2_pages[s2_pages_used++];
	memset(p, 0, PT_PAGE_SIZE);
	return p;
}

static struct pt_pool s2_pool = { s2_page_alloc };

uint64_t s2_mem_attrs(uint32_t flags)
{
	uint64_t a = S2_MEMATTR_NORMAL_WB | S2_SH_INNER | S2_AF;

	if (flags & CFG_MEM_READ)
		a |= S2_AP_READ;
	if (flags & CFG_MEM_WRITE)
		a |= S2_AP_WRITE;
	if (!(flags & CFG_MEM_EXEC))
		a |= S2_XN;
	return a;
}

uint64_t s2_device_attrs(void)
{
	return S2_MEMATTR_DEVICE_nGnRE | S2_AP_READ | S2_AP_WRITE | S2_AF | S2_XN;
}

uint64_t s2_vtcr(void)
{
	uint64_t parange = read_sysreg(id_aa64mmfr0_el1) & ID_AA64MMFR0_PARANGE_MASK;

	if (parange > PARANGE_48BIT)
		parange = PARANGE_48BIT;
	return VTCR_RES1 | VTCR_T0SZ(S2_IPA_BITS) | VTCR_SL0_LEVEL1 | VTCR_IRGN0_WBWA | VTCR_ORGN0_WBWA |
	       VTCR_SH0_INNER | VTCR_TG0_4K | (parange << VTCR_PS_SHIFT);
}

static int map(struct pgtable *pt, uint64_t ipa, uint64_t pa, uint64_t size, uint64_t attrs, char *why,
	       size_t len, const char *what)
{
	enum pt_error e = pt_map(pt, ipa, pa, size, attrs);

	if (e)
		snprintf(why, len, "%s 0x%llx+0x%llx: %s", what, (unsigned long long)ipa,
			 (unsigned long long)size,
			 e == PT_ERR_NOMEM   ? "out of stage-2 table pages"
			 : e == PT_ERR_RANGE ? "beyond the 39-bit guest-physical space"
					     : "not 4 KiB aligned");
	return e ? -1 : 0;
}

int arch_cell_s2_build(struct cell *c, const struct board *b, char *why, size_t len)
{
	const struct cfg_cell *cc = c->cfg;
	struct pgtable pt;

	if (pt_init(&pt, S2_IPA_BITS, &s2_pool)) {
		snprintf(why, len, "out of stage-2 table pages");
		return -1;
	}
	for (unsigned int i = 0; i < cc->mem_count; i++)
		if (map(&pt, ipa_val(cc->mem[i].ipa), pa_val(cc->mem[i].pa), cc->mem[i].size,
			s2_mem_attrs(cc->mem[i].flags), why, len, "memory"))
			return -1;
	for (unsigned int d = 0; d < cc->device_count; d++)
		for (unsigned int r = 0; r < cc->devices[d].reg_count; r++) {
			const struct pa_range *reg = &cc->devices[d].regs[r];

			if (map(&pt, pa_val(reg->base), pa_val(reg->base), reg->size, s2_device_attrs(), why,
				len, "device"))
				return -1;
		}
	/* GICv2 vGIC: the physical virtual CPU interface at the cell's GICC address. */
	if (cc->vgic.present && cc->vgic.version == GIC_V2 &&
	    map(&pt, ipa_val(cc->vgic.gicc), pa_val(b->gic.gicv.base), VGIC_GICC_SIZE, s2_device_attrs(), why,
		len, "GIC virtual CPU interface"))
		return -1;
	dsb(ishst);
	c->vttbr = (uintptr_t)pt.root | ((uint64_t)(c->id + 1) << VTTBR_VMID_SHIFT);
	return 0;
}
