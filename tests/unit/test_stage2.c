// SPDX-License-Identifier: MIT
/*
 * Host tests for the stage-2 builder (src/arch/arm64/stage2.c): cell configs
 * written by hand in C, built into tables from a counting page pool, then
 * checked two ways: pt_walk() for translations, attributes and block levels
 * at chosen addresses, and an independent descriptor walk (Arm ARM D8.3)
 * that lists every leaf of the tables, so nothing is mapped that the config
 * does not grant. Also VTCR_EL2 for every PARange and the VMID in VTTBR_EL2.
 */
/* UNIT-SOURCES: src/arch/arm64/stage2.c src/arch/arm64/pgtable.c */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#include <asm/pgtable.h>
#include <asm/stage2.h>
#include <asm/sysreg.h>
#include <septum/cfg.h>

/*
 * Expected descriptor bits, written from the Arm ARM (D8.3, stage 2 block and
 * page descriptors) rather than taken from stage2.c.
 */
#define EXP_MEMATTR_MASK (0xfULL << 2)
#define EXP_MEMATTR_NORMAL_WB (0xfULL << 2) /* MemAttr 0b1111: Normal, outer WB, inner WB */
#define EXP_MEMATTR_DEVICE_nGnRE (0x1ULL << 2)
#define EXP_S2AP_R (1ULL << 6)
#define EXP_S2AP_W (1ULL << 7)
#define EXP_SH_INNER (3ULL << 8)
#define EXP_AF (1ULL << 10)
#define EXP_XN (1ULL << 54)
#define EXP_NORMAL (EXP_MEMATTR_NORMAL_WB | EXP_SH_INNER | EXP_AF)
#define EXP_DEVICE (EXP_MEMATTR_DEVICE_nGnRE | EXP_S2AP_R | EXP_S2AP_W | EXP_AF | EXP_XN)

#define PARANGE_HOST ID_AA64MMFR0_PARANGE_48
#define IPA_SPACE (1ULL << CFG_IPA_BITS)
#define SMALL_REGION_MAX (64 * SZ_1M) /* regions up to this are walked page by page */
#define POOL_MAX 8192		      /* enough for eight 1 GiB regions in pages */

/* ------------------------------------------------------------ page pool */

/* A test's state: the cell config, the shared memory, the pool and the tables. */
struct s2_test {
	struct cfg_cell cell;
	struct cfg_shm shm[CFG_MAX_SHM];
	unsigned int shm_count;
	uint64_t gicv; /* the board's physical GICV frame (GICv2 vGIC) */
	struct unit_pool pool;
	struct pgtable pt;
	char why[160];
};

static int setup(void **state)
{
	struct s2_test *t = calloc(1, sizeof(*t));

	if (!t)
		return -1;
	strcpy(t->cell.name, "cell");
	unit_pool_init(&t->pool, POOL_MAX);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct s2_test *t = *state;

	unit_pool_reset(&t->pool);
	free(t);
	return 0;
}

/* ------------------------------------------------------------ config by hand */

static void add_mem(struct s2_test *t, uint64_t ipa, uint64_t pa, uint64_t size, uint32_t flags)
{
	struct cfg_mem *m;

	assert_true(t->cell.mem_count < CFG_MAX_MEM);
	m = &t->cell.mem[t->cell.mem_count++];
	snprintf(m->node, sizeof(m->node), "memory@%llx", (unsigned long long)ipa);
	m->ipa = ipa_of(ipa);
	m->pa = pa_of(pa);
	m->size = size;
	m->flags = flags;
}

static struct cfg_device *add_dev(struct s2_test *t, uint64_t base, uint64_t size)
{
	struct cfg_device *d;

	assert_true(t->cell.device_count < CFG_MAX_DEVICES);
	d = &t->cell.devices[t->cell.device_count++];
	snprintf(d->node, sizeof(d->node), "device@%llx", (unsigned long long)base);
	d->regs[0] = (struct pa_range){ pa_of(base), size };
	d->reg_count = 1;
	return d;
}

static void add_shm(struct s2_test *t, const char *name, uint64_t base, uint64_t size, uint32_t cell_mask)
{
	struct cfg_shm *s = &t->shm[t->shm_count++];

	snprintf(s->name, sizeof(s->name), "%s", name);
	s->region = (struct pa_range){ pa_of(base), size };
	s->cell_mask = cell_mask;
}

static void set_console(struct s2_test *t, uint64_t ipa)
{
	t->cell.console = true;
	t->cell.console_ipa = ipa_of(ipa);
}

static int build_as(struct s2_test *t, unsigned int parange, unsigned int cell_index)
{
	unit_pool_reset(&t->pool);
	t->why[0] = '\0';
	return s2_build(&t->pt, &t->pool.pool, parange, &t->cell, cell_index, t->shm, t->shm_count, t->gicv,
			t->why, sizeof(t->why));
}

static void build(struct s2_test *t)
{
	int rc = build_as(t, PARANGE_HOST, 0);

	if (rc)
		fail_msg("s2_build failed: %s", t->why);
}

/* ------------------------------------------------------------ expectations */

/* What the config grants: a region of guest-physical space and how it is mapped. */
struct expect {
	uint64_t ipa, pa, size, attrs;
};

struct layout {
	struct expect e[CFG_MAX_MEM + CFG_MAX_DEVICES * CFG_MAX_DEV_REGS + CFG_MAX_SHM];
	unsigned int count;
	uint64_t leaf_bytes; /* filled by the descriptor walk */
};

static uint64_t exp_mem_attrs(uint32_t flags)
{
	return EXP_NORMAL | (flags & CFG_MEM_READ ? EXP_S2AP_R : 0) |
	       (flags & CFG_MEM_WRITE ? EXP_S2AP_W : 0) | (flags & CFG_MEM_EXEC ? 0 : EXP_XN);
}

/* The expected map of t's cell @cell_index, straight from the config. */
static void expected_layout(const struct s2_test *t, unsigned int cell_index, struct layout *l)
{
	memset(l, 0, sizeof(*l));
	for (unsigned int i = 0; i < t->cell.mem_count; i++) {
		const struct cfg_mem *m = &t->cell.mem[i];

		l->e[l->count++] =
			(struct expect){ ipa_val(m->ipa), pa_val(m->pa), m->size, exp_mem_attrs(m->flags) };
	}
	for (unsigned int d = 0; d < t->cell.device_count; d++)
		for (unsigned int r = 0; r < t->cell.devices[d].reg_count; r++) {
			const struct pa_range *reg = &t->cell.devices[d].regs[r];

			l->e[l->count++] = (struct expect){ pa_val(reg->base), pa_val(reg->base), reg->size,
							    EXP_DEVICE };
		}
	for (unsigned int s = 0; s < t->shm_count; s++)
		if (t->shm[s].cell_mask & (1U << cell_index))
			l->e[l->count++] =
				(struct expect){ pa_val(t->shm[s].region.base), pa_val(t->shm[s].region.base),
						 t->shm[s].region.size,
						 exp_mem_attrs(CFG_MEM_READ | CFG_MEM_WRITE) };
	if (t->cell.vgic.present && t->cell.vgic.version == GIC_V2)
		l->e[l->count++] = (struct expect){ ipa_val(t->cell.vgic.gicc), t->gicv, 0x2000, EXP_DEVICE };
}

/*
 * The level a page of @e should be mapped at: the largest block (1 GiB at
 * level 1, 2 MiB at level 2) that lies within the region and whose IPA and
 * PA are both block aligned; else a 4 KiB page at level 3.
 */
static unsigned int expected_level(const struct expect *e, uint64_t ipa)
{
	for (unsigned int level = 1; level < 3; level++) {
		uint64_t block = PT_LEVEL_SIZE(level), start = ipa & ~(block - 1);

		if (start >= e->ipa && start + block <= e->ipa + e->size &&
		    ((e->pa - e->ipa) & (block - 1)) == 0)
			return level;
	}
	return 3;
}

static const struct expect *expect_at(const struct layout *l, uint64_t ipa)
{
	for (unsigned int i = 0; i < l->count; i++)
		if (ipa >= l->e[i].ipa && ipa - l->e[i].ipa < l->e[i].size)
			return &l->e[i];
	return NULL;
}

/* pt_walk() one page and compare with the expectation. */
static void check_page(const struct pgtable *pt, const struct expect *e, uint64_t ipa)
{
	uint64_t oa = 0, attrs = 0, off = ipa - e->ipa;
	unsigned int level = 0;

	if (!pt_walk(pt, ipa, &oa, &attrs, &level))
		fail_msg("IPA 0x%llx is not mapped", (unsigned long long)ipa);
	if (oa != e->pa + off)
		fail_msg("IPA 0x%llx -> PA 0x%llx, expected 0x%llx", (unsigned long long)ipa,
			 (unsigned long long)oa, (unsigned long long)(e->pa + off));
	if (attrs != e->attrs)
		fail_msg("IPA 0x%llx: attributes 0x%llx, expected 0x%llx", (unsigned long long)ipa,
			 (unsigned long long)attrs, (unsigned long long)e->attrs);
	if (level != expected_level(e, ipa))
		fail_msg("IPA 0x%llx: mapped at level %u, expected level %u", (unsigned long long)ipa, level,
			 expected_level(e, ipa));
}

/*
 * Every leaf descriptor of the tables, read straight from memory: it must
 * lie within one expected region with the right output address and
 * attributes, at the level that region calls for.
 */
static void walk_leaves(const uint64_t *table, unsigned int level, uint64_t base, unsigned int entries,
			struct layout *l)
{
	for (unsigned int i = 0; i < entries; i++) {
		uint64_t desc = table[i], ia = base + (uint64_t)i * PT_LEVEL_SIZE(level),
			 size = PT_LEVEL_SIZE(level);
		const struct expect *e;

		if (!(desc & 1))
			continue; /* invalid: unmapped */
		if (level < 3 && (desc & 3) == 3) {
			walk_leaves((const uint64_t *)(uintptr_t)(desc & PT_OA_MASK), level + 1, ia,
				    PT_ENTRIES, l);
			continue;
		}
		if (level == 3 && (desc & 3) != 3)
			fail_msg("IPA 0x%llx: reserved level-3 descriptor 0x%llx", (unsigned long long)ia,
				 (unsigned long long)desc);
		e = expect_at(l, ia);
		if (!e || ia + size > e->ipa + e->size)
			fail_msg("IPA 0x%llx+0x%llx is mapped but the config grants no such region",
				 (unsigned long long)ia, (unsigned long long)size);
		if ((desc & PT_OA_MASK) != e->pa + (ia - e->ipa) || (desc & PT_ATTR_MASK) != e->attrs ||
		    level != expected_level(e, ia))
			fail_msg("IPA 0x%llx: descriptor 0x%llx at level %u, expected PA 0x%llx attrs 0x%llx "
				 "level %u",
				 (unsigned long long)ia, (unsigned long long)desc, level,
				 (unsigned long long)(e->pa + (ia - e->ipa)), (unsigned long long)e->attrs,
				 expected_level(e, ia));
		l->leaf_bytes += size;
	}
}

/* Bytes granted once each (device regions may repeat a page). */
static uint64_t granted_bytes(const struct layout *l)
{
	uint64_t total = 0;

	for (unsigned int i = 0; i < l->count; i++) {
		bool dup = false;

		for (unsigned int j = 0; j < i; j++)
			dup |= l->e[j].ipa == l->e[i].ipa && l->e[j].size == l->e[i].size;
		if (!dup)
			total += l->e[i].size;
	}
	return total;
}

/* The tables map exactly what the config of cell @cell_index grants. */
static void check_tables_as(struct s2_test *t, unsigned int cell_index)
{
	struct layout l;
	unsigned int root_entries = 1U << (t->pt.ia_bits - PT_LEVEL_SHIFT(t->pt.start_level));

	expected_layout(t, cell_index, &l);
	walk_leaves(t->pt.root, t->pt.start_level, 0, MIN(root_entries, (unsigned int)PT_ENTRIES), &l);
	assert_int_equal(l.leaf_bytes, granted_bytes(&l));
	for (unsigned int i = 0; i < l.count; i++) {
		const struct expect *e = &l.e[i];

		if (e->size <= SMALL_REGION_MAX) {
			for (uint64_t off = 0; off < e->size; off += PT_PAGE_SIZE)
				check_page(&t->pt, e, e->ipa + off);
		} else {
			/* Large: both ends, and the first and last page of every 2 MiB. */
			for (uint64_t a = e->ipa; a < e->ipa + e->size; a = ALIGN_DOWN(a, SZ_2M) + SZ_2M) {
				uint64_t end = MIN(ALIGN_DOWN(a, SZ_2M) + SZ_2M, e->ipa + e->size);

				check_page(&t->pt, e, a);
				check_page(&t->pt, e, end - PT_PAGE_SIZE);
			}
		}
		/* The pages just outside are someone else's, or nobody's. */
		if (e->ipa >= PT_PAGE_SIZE && !expect_at(&l, e->ipa - PT_PAGE_SIZE))
			assert_false(pt_walk(&t->pt, e->ipa - PT_PAGE_SIZE, &(uint64_t){ 0 },
					     &(uint64_t){ 0 }, &(unsigned int){ 0 }));
		if (e->ipa + e->size < IPA_SPACE && !expect_at(&l, e->ipa + e->size))
			assert_false(pt_walk(&t->pt, e->ipa + e->size, &(uint64_t){ 0 }, &(uint64_t){ 0 },
					     &(unsigned int){ 0 }));
	}
}

static void check_tables(struct s2_test *t)
{
	check_tables_as(t, 0);
}

static bool mapped(const struct pgtable *pt, uint64_t ipa)
{
	uint64_t oa, attrs;
	unsigned int level;

	return pt_walk(pt, ipa, &oa, &attrs, &level);
}

static unsigned int level_at(const struct pgtable *pt, uint64_t ipa)
{
	uint64_t oa, attrs;
	unsigned int level = 0;

	if (!pt_walk(pt, ipa, &oa, &attrs, &level))
		fail_msg("IPA 0x%llx is not mapped", (unsigned long long)ipa);
	return level;
}

static uint64_t attrs_at(const struct pgtable *pt, uint64_t ipa)
{
	uint64_t oa, attrs = 0;
	unsigned int level;

	if (!pt_walk(pt, ipa, &oa, &attrs, &level))
		fail_msg("IPA 0x%llx is not mapped", (unsigned long long)ipa);
	return attrs;
}

static uint64_t pa_at(const struct pgtable *pt, uint64_t ipa)
{
	uint64_t oa = 0, attrs;
	unsigned int level;

	if (!pt_walk(pt, ipa, &oa, &attrs, &level))
		fail_msg("IPA 0x%llx is not mapped", (unsigned long long)ipa);
	return oa;
}

/* ------------------------------------------------------------ VTCR, VTTBR */

static void test_vtcr_each_parange(void **state)
{
	static const struct {
		unsigned int parange, ps, pa_bits, ipa_bits;
	} cases[] = {
		{ ID_AA64MMFR0_PARANGE_32, 0, 32, 32 },
		{ ID_AA64MMFR0_PARANGE_36, 1, 36, 36 },
		{ ID_AA64MMFR0_PARANGE_40, 2, 40, 39 },
		{ ID_AA64MMFR0_PARANGE_42, 3, 42, 39 },
		{ ID_AA64MMFR0_PARANGE_44, 4, 44, 39 },
		{ ID_AA64MMFR0_PARANGE_48, 5, 48, 39 },
		{ ID_AA64MMFR0_PARANGE_52, 5, 48, 39 }, /* 52-bit output would need FEAT_LPA2 */
		{ 7, 5, 48, 39 },			/* reserved encodings: as large as it gets */
		{ 15, 5, 48, 39 },
	};

	(void)state;
	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		uint64_t v = s2_vtcr_for(cases[i].parange);
		struct s2_geometry g = s2_geometry(cases[i].parange);

		assert_int_equal(g.ps, cases[i].ps);
		assert_int_equal(g.pa_bits, cases[i].pa_bits);
		assert_int_equal(g.ipa_bits, cases[i].ipa_bits);
		/* D19 VTCR_EL2, field by field. */
		assert_int_equal(v & 0x3f, 64 - cases[i].ipa_bits); /* T0SZ */
		assert_int_equal((v >> 6) & 3, 1);		    /* SL0: start at level 1 */
		assert_int_equal((v >> 8) & 3, 1);		    /* IRGN0: WBWA */
		assert_int_equal((v >> 10) & 3, 1);		    /* ORGN0: WBWA */
		assert_int_equal((v >> 12) & 3, 3);		    /* SH0: inner shareable */
		assert_int_equal((v >> 14) & 3, 0);		    /* TG0: 4 KiB */
		assert_int_equal((v >> 16) & 7, cases[i].ps);	    /* PS */
		assert_int_equal((v >> 19) & 1, 0);		    /* VS: 8-bit VMID */
		assert_int_equal(v >> 31, 1);			    /* bit 31 RES1, nothing above */
		assert_int_equal(v & GENMASK(30, 20), 0);	    /* HA, HD, ... off */
	}
}

static void test_geometry_starts_at_level1(void **state)
{
	struct s2_test *t = *state;

	/* Every PARange: one root table at level 1, as SL0 = 1 says. */
	add_mem(t, 0x40000000, 0x40000000, SZ_2M, CFG_MEM_RWX);
	for (unsigned int p = 0; p <= ID_AA64MMFR0_PARANGE_52; p++) {
		assert_int_equal(build_as(t, p, 0), 0);
		assert_int_equal(t->pt.start_level, 1);
		assert_int_equal(t->pt.ia_bits, s2_geometry(p).ipa_bits);
		check_tables(t);
	}
}

static void test_vttbr_vmid(void **state)
{
	struct s2_test *t = *state;

	add_mem(t, 0x40000000, 0x80000000, SZ_2M, CFG_MEM_RWX);
	for (unsigned int id = 0; id < CFG_MAX_CELLS; id++) {
		uint64_t v;

		assert_int_equal(build_as(t, PARANGE_HOST, id), 0);
		v = s2_vttbr(&t->pt, id);
		assert_int_equal(v >> 48, id + 1); /* VMID [55:48], bits 63:56 zero */
		assert_int_equal(v & GENMASK(47, 1), (uintptr_t)t->pt.root);
		assert_int_equal(v & 1, 0); /* CnP */
	}
}

/* ------------------------------------------------------------ block sizes */

static void test_small_region_every_page(void **state)
{
	struct s2_test *t = *state;

	add_mem(t, 0x40000000, 0x48000000, 16 * SZ_4K, CFG_MEM_RWX);
	build(t);
	for (unsigned int i = 0; i < 16; i++)
		assert_int_equal(level_at(&t->pt, 0x40000000 + i * SZ_4K), 3);
	assert_false(mapped(&t->pt, 0x40000000 + 16 * SZ_4K));
	assert_false(mapped(&t->pt, 0x40000000 - SZ_4K));
	check_tables(t);
}

static void test_single_page(void **state)
{
	struct s2_test *t = *state;

	add_mem(t, 0x1000, 0x7ffff000, SZ_4K, CFG_MEM_READ);
	build(t);
	assert_false(mapped(&t->pt, 0));
	assert_int_equal(level_at(&t->pt, 0x1000), 3);
	assert_false(mapped(&t->pt, 0x2000));
	check_tables(t);
}

static void test_aligned_2m_blocks(void **state)
{
	struct s2_test *t = *state;

	add_mem(t, 0x40200000, 0x60400000, 3 * SZ_2M, CFG_MEM_RWX);
	build(t);
	for (unsigned int i = 0; i < 3; i++)
		assert_int_equal(level_at(&t->pt, 0x40200000 + i * SZ_2M + 0x123000), 2);
	assert_int_equal(t->pool.used, 2); /* root + one level-2 table: no pages */
	check_tables(t);
}

static void test_aligned_1g_block(void **state)
{
	struct s2_test *t = *state;

	add_mem(t, 0x40000000, 0x80000000, SZ_1G, CFG_MEM_RWX);
	build(t);
	assert_int_equal(level_at(&t->pt, 0x40000000), 1);
	assert_int_equal(level_at(&t->pt, 0x7ffff000), 1);
	assert_int_equal(t->pool.used, 1); /* the block sits in the root table */
	check_tables(t);
}

static void test_several_gib(void **state)
{
	struct s2_test *t = *state;

	/* 3 GiB + 2 MiB + 4 KiB, at an IPA far from its PA. */
	add_mem(t, 0x4000000000, 0x100000000, 3 * SZ_1G + SZ_2M + SZ_4K, CFG_MEM_RWX);
	build(t);
	assert_int_equal(level_at(&t->pt, 0x4000000000), 1);
	assert_int_equal(level_at(&t->pt, 0x4000000000 + 2 * SZ_1G), 1);
	assert_int_equal(level_at(&t->pt, 0x4000000000 + 3 * SZ_1G), 2);
	assert_int_equal(level_at(&t->pt, 0x4000000000 + 3 * SZ_1G + SZ_2M), 3);
	check_tables(t);
}

static void test_pa_alignment_limits_blocks(void **state)
{
	struct s2_test *t = *state;

	/* IPA 1 GiB aligned, PA only 2 MiB aligned: 2 MiB blocks, never 1 GiB. */
	add_mem(t, 0x40000000, 0x80200000, SZ_1G, CFG_MEM_RWX);
	/* IPA 2 MiB aligned, PA only 4 KiB aligned: pages only. */
	add_mem(t, 0x100000000, 0x90001000, SZ_2M * 2, CFG_MEM_RWX);
	build(t);
	assert_int_equal(level_at(&t->pt, 0x40000000), 2);
	assert_int_equal(level_at(&t->pt, 0x7fe00000), 2);
	assert_int_equal(level_at(&t->pt, 0x100000000), 3);
	assert_int_equal(level_at(&t->pt, 0x100200000), 3);
	check_tables(t);
}

static void test_ipa_alignment_limits_blocks(void **state)
{
	struct s2_test *t = *state;

	/* PA 1 GiB aligned, IPA shifted by 4 KiB: pages at both ends, 2 MiB blocks impossible. */
	add_mem(t, 0x40001000, 0x80000000, SZ_1G, CFG_MEM_RWX);
	build(t);
	assert_int_equal(level_at(&t->pt, 0x40001000), 3);
	assert_int_equal(level_at(&t->pt, 0x40200000), 3);
	assert_int_equal(level_at(&t->pt, 0x80000000), 3);
	check_tables(t);
}

static void test_straddle_2m(void **state)
{
	struct s2_test *t = *state;

	/* [2 MiB - 4 KiB, 4 MiB + 4 KiB): page, one 2 MiB block, page. */
	add_mem(t, SZ_2M - SZ_4K, 0x50000000 + SZ_2M - SZ_4K, SZ_2M + 2 * SZ_4K, CFG_MEM_RWX);
	/* Crossing one 2 MiB boundary without covering a whole block: pages only. */
	add_mem(t, 0x10100000, 0x51100000, SZ_2M, CFG_MEM_RWX);
	build(t);
	assert_int_equal(level_at(&t->pt, SZ_2M - SZ_4K), 3);
	assert_int_equal(level_at(&t->pt, SZ_2M), 2);
	assert_int_equal(level_at(&t->pt, 2 * SZ_2M), 3);
	assert_false(mapped(&t->pt, 2 * SZ_2M + SZ_4K));
	assert_int_equal(level_at(&t->pt, 0x101ff000), 3);
	assert_int_equal(level_at(&t->pt, 0x10200000), 3);
	check_tables(t);
}

static void test_straddle_1g(void **state)
{
	struct s2_test *t = *state;
	uint64_t start = SZ_1G - SZ_2M - SZ_4K, end = 2 * SZ_1G + SZ_2M + SZ_4K;

	/* page, 2 MiB block, 1 GiB block, 2 MiB block, page; IPA = PA + 4 GiB. */
	add_mem(t, start, start + 4 * SZ_1G, end - start, CFG_MEM_RWX);
	build(t);
	assert_int_equal(level_at(&t->pt, start), 3);
	assert_int_equal(level_at(&t->pt, SZ_1G - SZ_2M), 2);
	assert_int_equal(level_at(&t->pt, SZ_1G), 1);
	assert_int_equal(level_at(&t->pt, 2 * SZ_1G - SZ_4K), 1);
	assert_int_equal(level_at(&t->pt, 2 * SZ_1G), 2);
	assert_int_equal(level_at(&t->pt, 2 * SZ_1G + SZ_2M), 3);
	assert_false(mapped(&t->pt, start - SZ_4K));
	assert_false(mapped(&t->pt, end));
	check_tables(t);
}

/* ------------------------------------------------------------ permissions */

static void test_permissions(void **state)
{
	struct s2_test *t = *state;
	static const uint32_t flags[] = {
		CFG_MEM_READ,
		CFG_MEM_READ | CFG_MEM_EXEC,
		CFG_MEM_READ | CFG_MEM_WRITE,
		CFG_MEM_RWX,
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(flags); i++)
		add_mem(t, 0x40000000 + i * SZ_2M, 0x60000000 + i * SZ_2M, SZ_2M, flags[i]);
	build(t);
	assert_int_equal(attrs_at(&t->pt, 0x40000000), EXP_NORMAL | EXP_S2AP_R | EXP_XN); /* RO */
	assert_int_equal(attrs_at(&t->pt, 0x40200000), EXP_NORMAL | EXP_S2AP_R);	  /* RX */
	assert_int_equal(attrs_at(&t->pt, 0x40400000),
			 EXP_NORMAL | EXP_S2AP_R | EXP_S2AP_W | EXP_XN);		      /* RW */
	assert_int_equal(attrs_at(&t->pt, 0x40600000), EXP_NORMAL | EXP_S2AP_R | EXP_S2AP_W); /* RWX */
	for (unsigned int i = 0; i < ARRAY_SIZE(flags); i++)
		assert_int_equal(s2_mem_attrs(flags[i]), exp_mem_attrs(flags[i]));
	check_tables(t);
}

static void test_adjacent_regions_different_permissions(void **state)
{
	struct s2_test *t = *state;

	/* Code, read-only data and data in one 2 MiB block: each keeps its own pages. */
	add_mem(t, 0x40000000, 0x48000000, 0x80000, CFG_MEM_READ | CFG_MEM_EXEC);
	add_mem(t, 0x40080000, 0x48080000, 0x40000, CFG_MEM_READ);
	add_mem(t, 0x400c0000, 0x480c0000, SZ_2M - 0xc0000, CFG_MEM_READ | CFG_MEM_WRITE);
	/* Contiguous in IPA, far apart in PA, same permissions. */
	add_mem(t, 0x40200000, 0x70000000, SZ_2M, CFG_MEM_RWX);
	add_mem(t, 0x40400000, 0x50000000, SZ_2M, CFG_MEM_RWX);
	build(t);
	assert_int_equal(attrs_at(&t->pt, 0x4007f000), EXP_NORMAL | EXP_S2AP_R);
	assert_int_equal(attrs_at(&t->pt, 0x40080000), EXP_NORMAL | EXP_S2AP_R | EXP_XN);
	assert_int_equal(attrs_at(&t->pt, 0x400bf000), EXP_NORMAL | EXP_S2AP_R | EXP_XN);
	assert_int_equal(attrs_at(&t->pt, 0x400c0000), EXP_NORMAL | EXP_S2AP_R | EXP_S2AP_W | EXP_XN);
	assert_int_equal(level_at(&t->pt, 0x40000000), 3);
	assert_int_equal(level_at(&t->pt, 0x40200000), 2);
	assert_int_equal(level_at(&t->pt, 0x40400000), 2);
	check_tables(t);
}

static void test_devices(void **state)
{
	struct s2_test *t = *state;
	struct cfg_device *d;

	add_mem(t, 0x40000000, 0x40000000, SZ_2M, CFG_MEM_RWX);
	add_dev(t, 0x09010000, SZ_4K);
	d = add_dev(t, 0x0a000000, 0x4000);
	d->regs[1] = (struct pa_range){ pa_of(0x0a100000), SZ_4K };
	d->regs[2] = (struct pa_range){ pa_of(0x0c000000), SZ_2M }; /* a 2 MiB aligned window */
	d->reg_count = 3;
	add_dev(t, 0x09010000, SZ_4K); /* a second device in the same page */
	build(t);
	assert_int_equal(attrs_at(&t->pt, 0x09010000), EXP_DEVICE);
	assert_int_equal(attrs_at(&t->pt, 0x0a003000), EXP_DEVICE);
	assert_int_equal(attrs_at(&t->pt, 0x0a100000), EXP_DEVICE);
	assert_int_equal(level_at(&t->pt, 0x0c000000), 2);
	assert_int_equal(attrs_at(&t->pt, 0x0c1ff000) & EXP_MEMATTR_MASK, EXP_MEMATTR_DEVICE_nGnRE);
	assert_true(attrs_at(&t->pt, 0x0c1ff000) & EXP_XN);
	assert_false(mapped(&t->pt, 0x0a004000));
	assert_false(mapped(&t->pt, 0x09011000));
	assert_int_equal(s2_device_attrs(), EXP_DEVICE);
	check_tables(t);
}

static void test_console_page_unmapped(void **state)
{
	struct s2_test *t = *state;

	/* The console sits in a one-page hole between two memory regions. */
	add_mem(t, 0x40000000, 0x50000000, 0x100000, CFG_MEM_RWX);
	add_mem(t, 0x40101000, 0x50101000, 0xff000, CFG_MEM_RWX);
	set_console(t, 0x40100000);
	add_dev(t, 0x09000000, SZ_4K);
	build(t);
	assert_false(mapped(&t->pt, 0x40100000));
	assert_true(mapped(&t->pt, 0x400ff000));
	assert_true(mapped(&t->pt, 0x40101000));
	assert_true(mapped(&t->pt, 0x09000000));
	check_tables(t); /* the console is no expected region: must be unmapped */
}

/* GICv2 vGIC: the physical GICV (two pages) at the cell's GICC, nothing at
 * its GICD (emulated); a GICv3 vGIC maps nothing (all of it is emulated). */
static void test_vgic_frames(void **state)
{
	struct s2_test *t = *state;

	add_mem(t, 0x40000000, 0x50000000, SZ_2M, CFG_MEM_RWX);
	t->gicv = 0x08040000;
	t->cell.vgic = (struct cfg_vgic){ true, GIC_V2, ipa_of(0x08000000), ipa_of(0), ipa_of(0x08010000) };
	build(t);
	assert_int_equal(pa_at(&t->pt, 0x08010000), 0x08040000);
	assert_int_equal(pa_at(&t->pt, 0x08011000), 0x08041000);
	assert_int_equal(attrs_at(&t->pt, 0x08010000), EXP_DEVICE);
	assert_false(mapped(&t->pt, 0x08012000));
	assert_false(mapped(&t->pt, 0x08000000));
	check_tables(t);

	t->cell.vgic = (struct cfg_vgic){ true, GIC_V3, ipa_of(0x08000000), ipa_of(0x080a0000), ipa_of(0) };
	build(t);
	assert_false(mapped(&t->pt, 0x08000000));
	assert_false(mapped(&t->pt, 0x080a0000));
	assert_false(mapped(&t->pt, 0));
	check_tables(t);
}

static void test_nothing_else_mapped(void **state)
{
	struct s2_test *t = *state;

	add_mem(t, 0, 0x40000000, SZ_1G, CFG_MEM_RWX);
	add_mem(t, IPA_SPACE - SZ_2M, 0x80000000, SZ_2M - SZ_4K, CFG_MEM_RWX);
	build(t);
	assert_true(mapped(&t->pt, 0));
	assert_true(mapped(&t->pt, IPA_SPACE - 2 * SZ_4K));
	assert_false(mapped(&t->pt, IPA_SPACE - SZ_4K)); /* the very last page */
	assert_false(mapped(&t->pt, IPA_SPACE));	 /* beyond the 39-bit space */
	assert_false(mapped(&t->pt, SZ_1G));
	check_tables(t);
}

static void test_empty_cell(void **state)
{
	struct s2_test *t = *state;

	build(t);
	assert_int_equal(t->pool.used, 1);
	assert_false(mapped(&t->pt, 0));
	check_tables(t);
}

/* ------------------------------------------------------------ shared memory */

static void test_shared_memory(void **state)
{
	struct s2_test *t = *state;

	add_mem(t, 0x40000000, 0x50000000, SZ_2M, CFG_MEM_RWX);
	add_shm(t, "shm0", 0x7f000000, SZ_2M, 1U << 0 | 1U << 1);
	add_shm(t, "shm1", 0x7f200000, 0x3000, 1U << 1 | 1U << 2);
	add_shm(t, "shm2", 0x7e000000, SZ_4K, 1U << 0 | 1U << 2);

	assert_int_equal(build_as(t, PARANGE_HOST, 0), 0);
	assert_int_equal(attrs_at(&t->pt, 0x7f000000), EXP_NORMAL | EXP_S2AP_R | EXP_S2AP_W | EXP_XN);
	assert_int_equal(level_at(&t->pt, 0x7f000000), 2);
	assert_true(mapped(&t->pt, 0x7e000000));
	assert_false(mapped(&t->pt, 0x7f200000)); /* shm1 is not cell 0's */
	check_tables_as(t, 0);

	assert_int_equal(build_as(t, PARANGE_HOST, 1), 0);
	assert_true(mapped(&t->pt, 0x7f1ff000));
	assert_true(mapped(&t->pt, 0x7f202000));
	assert_false(mapped(&t->pt, 0x7e000000));
	check_tables_as(t, 1);

	assert_int_equal(build_as(t, PARANGE_HOST, 3), 0); /* shares nothing */
	assert_false(mapped(&t->pt, 0x7f000000));
	check_tables_as(t, 3);
}

/* ------------------------------------------------------------ errors */

static void test_pool_exhausted(void **state)
{
	struct s2_test *t = *state;

	add_mem(t, 0x40000000, 0x40000000, SZ_2M, CFG_MEM_RWX);
	add_mem(t, 0x40200000, 0x40200000, SZ_4K, CFG_MEM_RWX); /* needs a level-3 table */
	t->pool.limit = 0;
	assert_int_equal(build_as(t, PARANGE_HOST, 0), -1);
	assert_string_equal(t->why, "out of stage-2 table pages");

	t->pool.limit = 2; /* root and level 2: the level-3 table is one too many */
	assert_int_equal(build_as(t, PARANGE_HOST, 0), -1);
	assert_string_equal(t->why, "memory@40200000: 0x40200000+0x1000: out of stage-2 table pages");

	t->pool.limit = 3;
	assert_int_equal(build_as(t, PARANGE_HOST, 0), 0);
	check_tables(t);
}

static void test_pool_exhausted_device(void **state)
{
	struct s2_test *t = *state;

	add_mem(t, 0x40000000, 0x40000000, SZ_1G, CFG_MEM_RWX); /* root only */
	add_dev(t, 0x09000000, SZ_4K);
	t->pool.limit = 2;
	assert_int_equal(build_as(t, PARANGE_HOST, 0), -1);
	assert_string_equal(t->why, "device@9000000: 0x9000000+0x1000: out of stage-2 table pages");
}

static void test_pool_exhausted_shm(void **state)
{
	struct s2_test *t = *state;

	add_shm(t, "ring", 0x7f000000, SZ_4K, 3);
	t->pool.limit = 1;
	assert_int_equal(build_as(t, PARANGE_HOST, 0), -1);
	assert_string_equal(t->why, "shared-memory 'ring': 0x7f000000+0x1000: out of stage-2 table pages");
}

static void test_small_parange(void **state)
{
	struct s2_test *t = *state;

	/* A 32-bit CPU: 4 GiB of guest-physical and physical space. */
	add_mem(t, 0xfffff000, 0xfffff000, SZ_4K, CFG_MEM_RWX);
	assert_int_equal(build_as(t, ID_AA64MMFR0_PARANGE_32, 0), 0);
	assert_int_equal(t->pt.ia_bits, 32);
	check_tables(t);

	add_mem(t, 0x100000000, 0x80000000, SZ_4K, CFG_MEM_RWX);
	assert_int_equal(build_as(t, ID_AA64MMFR0_PARANGE_32, 0), -1);
	assert_string_equal(t->why,
			    "memory@100000000: 0x100000000+0x1000: beyond the 32-bit guest-physical space");

	t->cell.mem[1].ipa = ipa_of(0x80000000);
	t->cell.mem[1].pa = pa_of(0x100000000);
	assert_int_equal(build_as(t, ID_AA64MMFR0_PARANGE_32, 0), -1);
	assert_string_equal(
		t->why,
		"memory@100000000: 0x100000000+0x1000: beyond the CPU's 32-bit physical address size");
	/* The same on a 40-bit CPU is fine. */
	assert_int_equal(build_as(t, ID_AA64MMFR0_PARANGE_40, 0), 0);
	check_tables(t);
}

static void test_unaligned_reported(void **state)
{
	struct s2_test *t = *state;

	add_mem(t, 0x40000000, 0x40000000, 0x1800, CFG_MEM_RWX);
	assert_int_equal(build_as(t, PARANGE_HOST, 0), -1);
	assert_string_equal(t->why, "memory@40000000: 0x40000000+0x1800: not 4 KiB aligned");
}

/* ------------------------------------------------------------ many layouts */

static uint64_t rng_state = 0x5eb7u;

static uint64_t rng(void)
{
	/* xorshift64: deterministic, so a failure reproduces. */
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* A size or gap: pages, 2 MiB multiples with or without a page more, or GiB. */
static uint64_t rng_span(void)
{
	switch (rng() % 6) {
	case 0:
		return (1 + rng() % 8) * SZ_4K;
	case 1:
		return (1 + rng() % 4) * SZ_2M;
	case 2:
		return (1 + rng() % 3) * SZ_2M + (1 + rng() % 3) * SZ_4K;
	case 3:
		return SZ_1G * (1 + rng() % 2);
	case 4:
		return SZ_1G + SZ_2M - SZ_4K;
	default:
		return (1 + rng() % 512) * SZ_4K;
	}
}

static void test_many_layouts(void **state)
{
	struct s2_test *t = *state;
	static const uint32_t flags[] = { CFG_MEM_READ, CFG_MEM_READ | CFG_MEM_EXEC,
					  CFG_MEM_READ | CFG_MEM_WRITE, CFG_MEM_RWX };

	for (unsigned int round = 0; round < 150; round++) {
		uint64_t ipa = rng_span() & ~(SZ_1G - 1), pa = (rng() % 8) * SZ_1G;
		unsigned int n = 1 + (unsigned int)(rng() % CFG_MAX_MEM);

		memset(&t->cell, 0, sizeof(t->cell));
		t->shm_count = 0;
		for (unsigned int i = 0; i < n; i++) {
			uint64_t size = rng_span(), ipa_align = rng() % 2 ? SZ_1G : SZ_2M,
				 pa_align = rng() % 2 ? SZ_1G : SZ_2M;

			/* Sometimes line IPA and PA up on a block, sometimes not. */
			if (rng() % 2)
				ipa = ALIGN_UP(ipa, ipa_align);
			if (rng() % 2)
				pa = ALIGN_UP(pa, pa_align);
			if (ipa + size > IPA_SPACE)
				break;
			add_mem(t, ipa, pa, size, flags[rng() % ARRAY_SIZE(flags)]);
			ipa += size + (rng() % 3 ? 0 : rng_span());
			pa += size + (rng() % 3 ? 0 : rng_span());
		}
		/* Devices and shared memory are identity mapped: above the memory. */
		ipa = ALIGN_UP(ipa, SZ_2M);
		if (rng() % 2 && ipa + 2 * SZ_2M <= IPA_SPACE)
			add_dev(t, ipa + (rng() % 64) * SZ_4K, (1 + rng() % 4) * SZ_4K);
		if (rng() % 2 && ipa + 2 * SZ_2M <= IPA_SPACE)
			add_shm(t, "shm", ipa + SZ_2M, SZ_2M, 1);
		build(t);
		check_tables(t);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vtcr_each_parange),
		cmocka_unit_test_setup_teardown(test_geometry_starts_at_level1, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vttbr_vmid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_small_region_every_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_single_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_aligned_2m_blocks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_aligned_1g_block, setup, teardown),
		cmocka_unit_test_setup_teardown(test_several_gib, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pa_alignment_limits_blocks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ipa_alignment_limits_blocks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_straddle_2m, setup, teardown),
		cmocka_unit_test_setup_teardown(test_straddle_1g, setup, teardown),
		cmocka_unit_test_setup_teardown(test_permissions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_adjacent_regions_different_permissions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_devices, setup, teardown),
		cmocka_unit_test_setup_teardown(test_console_page_unmapped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vgic_frames, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nothing_else_mapped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_cell, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shared_memory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pool_exhausted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pool_exhausted_device, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pool_exhausted_shm, setup, teardown),
		cmocka_unit_test_setup_teardown(test_small_parange, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unaligned_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_layouts, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
