// SPDX-License-Identifier: MIT
/*
 * Stage-2 translation for cells, the pure part (Arm ARM D8.3, stage 2
 * descriptors; D19 VTCR_EL2, VTTBR_EL2): VTCR_EL2 from a PARange value,
 * descriptor attributes, and a cell's tables built from its config with the
 * generic builder (pgtable.c) in the largest blocks that fit. Memory is
 * Normal write-back (read/write/execute as configured), passthrough devices
 * Device-nGnRE and never executable, shared memory Normal read/write and not
 * executable. The virtual console page is left unmapped, so guest accesses
 * trap to the hypervisor. No system registers here: the CPU side is
 * stage2_cpu.c, and tests/unit/test_stage2.c runs this file on the host.
 */
#include <asm/stage2.h>
#include <asm/sysreg.h>
#include <septum/string.h>
#include <septum/vgic.h>

/* Stage-2 block and page descriptor attributes (D8.3). */
#define S2_MEMATTR_NORMAL_WB (0xfULL << 2)    /* MemAttr[5:2]: Normal, inner+outer write-back */
#define S2_MEMATTR_DEVICE_nGnRE (0x1ULL << 2) /* MemAttr[5:2] = 0b0001 */
#define S2_AP_READ BIT(6)		      /* S2AP[0] */
#define S2_AP_WRITE BIT(7)		      /* S2AP[1] */
#define S2_SH_INNER (3ULL << 8)		      /* SH[1:0]: inner shareable */
#define S2_AF BIT(10)			      /* access flag: set, no access-flag faults */
#define S2_XN BIT(54)			      /* XN[1]: no execution at EL1 or EL0 */

/* Every cell's VMID (cell index + 1) fits VTTBR_EL2.VMID with 8-bit VMIDs. */
_Static_assert(CFG_MAX_CELLS < VTTBR_EL2_VMID_MAX, "8-bit VMIDs cannot number every cell");

/* Physical address size for each PARange encoding up to 48 bits (D19, ID_AA64MMFR0_EL1). */
static const unsigned char parange_bits[] = {
	[ID_AA64MMFR0_PARANGE_32] = 32, [ID_AA64MMFR0_PARANGE_36] = 36, [ID_AA64MMFR0_PARANGE_40] = 40,
	[ID_AA64MMFR0_PARANGE_42] = 42, [ID_AA64MMFR0_PARANGE_44] = 44, [ID_AA64MMFR0_PARANGE_48] = 48,
};

struct s2_geometry s2_geometry(unsigned int parange)
{
	struct s2_geometry g;

	g.ps = parange > ID_AA64MMFR0_PARANGE_48 ? ID_AA64MMFR0_PARANGE_48 : parange;
	g.pa_bits = parange_bits[g.ps];
	g.ipa_bits = MIN(g.pa_bits, (unsigned int)CFG_IPA_BITS);
	return g;
}

uint64_t s2_vtcr_for(unsigned int parange)
{
	struct s2_geometry g = s2_geometry(parange);

	/* 31..39-bit inputs all start at level 1 (D8.2, 4 KiB granule): SL0 = 1. */
	return VTCR_EL2_RES1 | VTCR_EL2_T0SZ(g.ipa_bits) | VTCR_EL2_SL0_4K_LEVEL1 | VTCR_EL2_IRGN0_WBWA |
	       VTCR_EL2_ORGN0_WBWA | VTCR_EL2_SH0_INNER | VTCR_EL2_TG0_4K |
	       ((uint64_t)g.ps << VTCR_EL2_PS_SHIFT);
}

uint64_t s2_mem_attrs(uint32_t cfg_flags)
{
	uint64_t a = S2_MEMATTR_NORMAL_WB | S2_SH_INNER | S2_AF;

	if (cfg_flags & CFG_MEM_READ)
		a |= S2_AP_READ;
	if (cfg_flags & CFG_MEM_WRITE)
		a |= S2_AP_WRITE;
	if (!(cfg_flags & CFG_MEM_EXEC))
		a |= S2_XN;
	return a;
}

uint64_t s2_device_attrs(void)
{
	return S2_MEMATTR_DEVICE_nGnRE | S2_AP_READ | S2_AP_WRITE | S2_AF | S2_XN;
}

uint64_t s2_shm_attrs(void)
{
	/* docs/config.md: shared memory is mapped read/write; data, not code. */
	return s2_mem_attrs(CFG_MEM_READ | CFG_MEM_WRITE);
}

uint64_t s2_vttbr(const struct pgtable *pt, unsigned int cell_index)
{
	return (uint64_t)(uintptr_t)pt->root | ((uint64_t)(cell_index + 1) << VTTBR_EL2_VMID_SHIFT);
}

/* Map one region; on failure, say why in @why, naming @what. */
static int s2_map(struct pgtable *pt, const struct s2_geometry *g, const char *what, uint64_t ipa,
		  uint64_t pa, uint64_t size, uint64_t attrs, char *why, size_t len)
{
	enum pt_error e;

	if (pa + size < pa || (pa + size) > (1ULL << g->pa_bits)) {
		snprintf(why, len, "%s: 0x%llx+0x%llx: beyond the CPU's %u-bit physical address size", what,
			 (unsigned long long)pa, (unsigned long long)size, g->pa_bits);
		return -1;
	}
	e = pt_map(pt, ipa, pa, size, attrs);
	if (e == PT_OK)
		return 0;
	if (e == PT_ERR_RANGE)
		snprintf(why, len, "%s: 0x%llx+0x%llx: beyond the %u-bit guest-physical space", what,
			 (unsigned long long)ipa, (unsigned long long)size, g->ipa_bits);
	else
		snprintf(why, len, "%s: 0x%llx+0x%llx: %s", what, (unsigned long long)ipa,
			 (unsigned long long)size,
			 e == PT_ERR_NOMEM ? "out of stage-2 table pages" : "not 4 KiB aligned");
	return -1;
}

int s2_build(struct pgtable *pt, struct pt_pool *pool, unsigned int parange, const struct cfg_cell *cc,
	     unsigned int cell_index, const struct cfg_shm *shm, unsigned int shm_count, uint64_t gicv_pa,
	     char *why, size_t len)
{
	struct s2_geometry g = s2_geometry(parange);
	char what[CFG_NAME_MAX + sizeof("shared-memory ''")];

	if (pt_init(pt, g.ipa_bits, pool)) {
		snprintf(why, len, "out of stage-2 table pages");
		return -1;
	}
	for (unsigned int i = 0; i < cc->mem_count; i++) {
		const struct cfg_mem *m = &cc->mem[i];

		if (s2_map(pt, &g, m->node, ipa_val(m->ipa), pa_val(m->pa), m->size, s2_mem_attrs(m->flags),
			   why, len))
			return -1;
	}
	for (unsigned int d = 0; d < cc->device_count; d++)
		for (unsigned int r = 0; r < cc->devices[d].reg_count; r++) {
			const struct pa_range *reg = &cc->devices[d].regs[r];

			if (s2_map(pt, &g, cc->devices[d].node, pa_val(reg->base), pa_val(reg->base),
				   reg->size, s2_device_attrs(), why, len))
				return -1;
		}
	for (unsigned int s = 0; s < shm_count; s++) {
		if (!(shm[s].cell_mask & (1U << cell_index)))
			continue;
		snprintf(what, sizeof(what), "shared-memory '%s'", shm[s].name);
		if (s2_map(pt, &g, what, pa_val(shm[s].region.base), pa_val(shm[s].region.base),
			   shm[s].region.size, s2_shm_attrs(), why, len))
			return -1;
	}
	/* The console page: never mapped (the config keeps other regions off it). */
	/* GICv2 vGIC: the physical virtual CPU interface at the cell's GICC address. */
	if (cc->vgic.present && cc->vgic.version == GIC_V2 &&
	    s2_map(pt, &g, "GIC virtual CPU interface", ipa_val(cc->vgic.gicc), gicv_pa, VGIC_GICC_SIZE,
		   s2_device_attrs(), why, len))
		return -1;
	return 0;
}
