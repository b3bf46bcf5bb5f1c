/* SPDX-License-Identifier: MIT */
/*
 * Stage-2 translation for cells. The pure part (stage2.c) computes VTCR_EL2
 * from a PARange value, the descriptor attributes, and builds a cell's
 * tables from its config into a given page pool; it has no system-register
 * access and is unit-tested on the host. The CPU side (stage2_cpu.c) reads
 * ID_AA64MMFR0_EL1, owns the table pool and implements arch_cell_s2_build().
 */
#ifndef ASM_STAGE2_H
#define ASM_STAGE2_H

#include <asm/pgtable.h>
#include <septum/cfg.h>
#include <septum/types.h>

/* Table pages for all cells' stage-2 tables together. */
#define S2_POOL_PAGES 128

/* The stage-2 address sizes chosen for a CPU's PARange (see s2_geometry()). */
struct s2_geometry {
	unsigned int ps;       /* VTCR_EL2.PS: PARange, capped at 48 bits */
	unsigned int pa_bits;  /* output (physical) address size PS stands for */
	unsigned int ipa_bits; /* input (guest-physical) address size: T0SZ = 64 - ipa_bits */
};

/*
 * Address sizes for PARange encoding @parange (ID_AA64MMFR0_EL1[3:0]):
 * PS is PARange capped at 48 bits (the descriptors carry 48-bit output
 * addresses; 52 bits would need FEAT_LPA2), reserved encodings count as the
 * largest. The guest-physical space is the binding's CFG_IPA_BITS (39), or
 * the physical size when that is smaller (32 or 36 bits), so the space never
 * exceeds what the CPU can address. Every size from 32 to 39 bits starts at
 * level 1 with a single root table (SL0 = 1, no concatenated tables).
 */
struct s2_geometry s2_geometry(unsigned int parange);
/* VTCR_EL2 for @parange: the geometry above, 4 KiB granule, WBWA inner shareable walks, 8-bit VMID. */
uint64_t s2_vtcr_for(unsigned int parange);
/* VTCR_EL2 for the calling CPU (stage2_cpu.c: reads ID_AA64MMFR0_EL1). */
uint64_t s2_vtcr(void);

/* Descriptor attributes: memory with CFG_MEM_* @cfg_flags; passthrough devices; shared memory. */
uint64_t s2_mem_attrs(uint32_t cfg_flags);
uint64_t s2_device_attrs(void);
uint64_t s2_shm_attrs(void);

/*
 * Build cell @cell_index's stage-2 translation in @pt, with table pages from
 * @pool, for a CPU with PARange @parange: memory regions of @cc (Normal
 * write-back, permissions per flags), its devices (identity, Device-nGnRE,
 * never executable) and every region of @shm[0..@shm_count) whose cell_mask
 * has bit @cell_index (identity, Normal, read/write, not executable); for a
 * GICv2 virtual GIC, the physical GICV frame at @gicv_pa appears at the
 * cell's GICC address (Device). The virtual console page and the emulated
 * distributor are left unmapped. Returns 0, or -1 with a reason in
 * @why naming the item ("memory@40000000: 0x40000000+0x1000: out of stage-2
 * table pages"); pages taken before a failure stay taken.
 */
int s2_build(struct pgtable *pt, struct pt_pool *pool, unsigned int parange, const struct cfg_cell *cc,
	     unsigned int cell_index, const struct cfg_shm *shm, unsigned int shm_count, uint64_t gicv_pa,
	     char *why, size_t len);

/* VTTBR_EL2 for @pt as cell @cell_index's tables: root address, VMID = cell_index + 1. */
uint64_t s2_vttbr(const struct pgtable *pt, unsigned int cell_index);

#endif
