// SPDX-License-Identifier: MIT
/*
 * Host unit tests for the translation-table builder and walker
 * (src/arch/arm64/pgtable.c): start levels for each input size, the block
 * size chosen for each alignment (1 GiB at level 1, 2 MiB at level 2,
 * 4 KiB pages at level 3), regions straddling block boundaries, splitting
 * a block when part of it is remapped, attribute bits, the errors, and the
 * exact number of table pages each layout takes. Table pages come from a
 * host pool of zeroed, 4 KiB-aligned pages that can be made to run out.
 */
/* UNIT-SOURCES: src/arch/arm64/pgtable.c */
#include <asm/pgtable.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#define POOL_MAX 1024

static int pool_setup(void **state)
{
	struct unit_pool *tp = calloc(1, sizeof(*tp));

	if (!tp)
		return -1;
	unit_pool_init(tp, POOL_MAX);
	*state = tp;
	return 0;
}

static int pool_teardown(void **state)
{
	struct unit_pool *tp = *state;

	unit_pool_reset(tp);
	free(tp);
	return 0;
}

/* Attribute sets: lower [11:2] and upper [63:50] bits, as a stage-1 or stage-2 user would pass. */
#define ATTR_A 0x0040000000000704ULL /* UXN, AF, SH inner, AttrIndx 1 */
#define ATTR_B 0x0060000000000444ULL /* PXN|UXN, AF, AP[1], AttrIndx 1 */

static void init(struct pgtable *pt, struct unit_pool *tp, unsigned int ia_bits)
{
	assert_int_equal(pt_init(pt, ia_bits, &tp->pool), PT_OK);
}

static void map(struct pgtable *pt, uint64_t ia, uint64_t oa, uint64_t size, uint64_t attrs)
{
	enum pt_error e = pt_map(pt, ia, oa, size, attrs);

	if (e != PT_OK)
		fail_msg("pt_map(0x%llx, 0x%llx, 0x%llx) = %d", (unsigned long long)ia,
			 (unsigned long long)oa, (unsigned long long)size, e);
}

/* @ia must translate to @oa with @attrs by a descriptor at @level. */
static void expect_at(int line, const struct pgtable *pt, uint64_t ia, uint64_t oa, uint64_t attrs,
		      unsigned int level)
{
	uint64_t got_oa = 0, got_attrs = 0;
	unsigned int got_level = 99;

	if (!pt_walk(pt, ia, &got_oa, &got_attrs, &got_level))
		fail_msg("line %d: 0x%llx is not mapped", line, (unsigned long long)ia);
	if (got_oa != oa || got_attrs != attrs || got_level != level)
		fail_msg("line %d: 0x%llx -> 0x%llx attrs 0x%llx level %u, want 0x%llx attrs 0x%llx level %u",
			 line, (unsigned long long)ia, (unsigned long long)got_oa,
			 (unsigned long long)got_attrs, got_level, (unsigned long long)oa,
			 (unsigned long long)attrs, level);
}

#define EXPECT_MAP(pt, ia, oa, attrs, level) expect_at(__LINE__, pt, ia, oa, attrs, level)

static void expect_unmapped_at(int line, const struct pgtable *pt, uint64_t ia)
{
	uint64_t oa = 0x1234, attrs = 0x5678;
	unsigned int level = 42;

	if (pt_walk(pt, ia, &oa, &attrs, &level))
		fail_msg("line %d: 0x%llx is mapped to 0x%llx (level %u)", line, (unsigned long long)ia,
			 (unsigned long long)oa, level);
	/* Outputs untouched on failure. */
	assert_int_equal(oa, 0x1234);
	assert_int_equal(attrs, 0x5678);
	assert_int_equal(level, 42);
}

#define EXPECT_UNMAPPED(pt, ia) expect_unmapped_at(__LINE__, pt, ia)

static void test_init_levels(void **state)
{
	static const struct {
		unsigned int ia_bits, level;
	} cases[] = { { 25, 2 }, { 30, 2 }, { 31, 1 }, { 32, 1 }, { 36, 1 },
		      { 39, 1 }, { 40, 0 }, { 44, 0 }, { 48, 0 } };
	struct unit_pool *tp = *state;
	struct pgtable pt;

	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		init(&pt, tp, cases[i].ia_bits);
		assert_int_equal(pt.start_level, cases[i].level);
		assert_int_equal(pt.ia_bits, cases[i].ia_bits);
		assert_ptr_equal(pt.root, tp->pages[i]);
		assert_ptr_equal(pt.pool, &tp->pool);
	}
	assert_int_equal(tp->used, ARRAY_SIZE(cases));
	assert_int_equal(pt_init(&pt, 24, &tp->pool), PT_ERR_RANGE);
	assert_int_equal(pt_init(&pt, 49, &tp->pool), PT_ERR_RANGE);
	assert_int_equal(pt_init(&pt, 64, &tp->pool), PT_ERR_RANGE);
	assert_int_equal(tp->used, ARRAY_SIZE(cases));
	tp->limit = tp->used;
	assert_int_equal(pt_init(&pt, 48, &tp->pool), PT_ERR_NOMEM);
}

/* An empty table maps nothing; addresses beyond ia_bits never translate. */
static void test_unmapped(void **state)
{
	struct unit_pool *tp = *state;
	struct pgtable pt;

	init(&pt, tp, 32);
	EXPECT_UNMAPPED(&pt, 0);
	EXPECT_UNMAPPED(&pt, 0xfffff000);
	map(&pt, 0x80000000, 0x80000000, SZ_1G, ATTR_A);
	EXPECT_MAP(&pt, 0x80000000, 0x80000000, ATTR_A, 1);
	EXPECT_MAP(&pt, 0xbfffffff, 0xbfffffff, ATTR_A, 1);
	EXPECT_UNMAPPED(&pt, 0x7fffffff);
	EXPECT_UNMAPPED(&pt, 0xc0000000);
	/* 0x1_8000_0000 would alias entry 2 if the walker ignored ia_bits. */
	EXPECT_UNMAPPED(&pt, 0x180000000);
	EXPECT_UNMAPPED(&pt, 0x100000000);
	EXPECT_UNMAPPED(&pt, ~0ULL);
	assert_int_equal(tp->used, 1);
}

/* Every page of a few small regions, and the offsets within them. */
static void test_small_regions_every_page(void **state)
{
	struct unit_pool *tp = *state;
	struct pgtable pt;

	init(&pt, tp, 48);
	map(&pt, 0x1000, 0x80001000, 5 * SZ_4K, ATTR_A);
	/* root (L0), L1, L2, L3 */
	assert_int_equal(tp->used, 4);
	map(&pt, 0x10000, 0x90000000, 3 * SZ_4K, ATTR_B);
	/* Same L3 table. */
	assert_int_equal(tp->used, 4);
	for (uint64_t i = 0; i < 5; i++) {
		EXPECT_MAP(&pt, 0x1000 + i * SZ_4K, 0x80001000 + i * SZ_4K, ATTR_A, 3);
		EXPECT_MAP(&pt, 0x1abc + i * SZ_4K, 0x80001abc + i * SZ_4K, ATTR_A, 3);
		EXPECT_MAP(&pt, 0x1fff + i * SZ_4K, 0x80001fff + i * SZ_4K, ATTR_A, 3);
	}
	for (uint64_t i = 0; i < 3; i++)
		EXPECT_MAP(&pt, 0x10000 + i * SZ_4K + 8, 0x90000008 + i * SZ_4K, ATTR_B, 3);
	EXPECT_UNMAPPED(&pt, 0x0);
	EXPECT_UNMAPPED(&pt, 0x6000);
	EXPECT_UNMAPPED(&pt, 0xf000);
	EXPECT_UNMAPPED(&pt, 0x13000);
	EXPECT_UNMAPPED(&pt, 0x200000);
	/* A page high in the 48-bit space: a new L1, L2 and L3. */
	map(&pt, 0xfffffffff000, 0x1000, SZ_4K, ATTR_B);
	assert_int_equal(tp->used, 7);
	EXPECT_MAP(&pt, 0xffffffffffff, 0x1fff, ATTR_B, 3);
	EXPECT_UNMAPPED(&pt, 0xffffffffe000);
	EXPECT_UNMAPPED(&pt, 0x1000000000000);
}

/* The largest block that both addresses allow, at each level. */
static void test_block_sizes(void **state)
{
	struct unit_pool *tp = *state;
	struct pgtable pt;

	init(&pt, tp, 39);
	/* 1 GiB aligned on both sides: one level-1 block, no new table. */
	map(&pt, SZ_1G, 0x40000000, SZ_1G, ATTR_A);
	assert_int_equal(tp->used, 1);
	EXPECT_MAP(&pt, SZ_1G, 0x40000000, ATTR_A, 1);
	EXPECT_MAP(&pt, 2 * SZ_1G - 1, 0x7fffffff, ATTR_A, 1);
	assert_int_equal(pt.root[1], 0x40000000 | ATTR_A | PT_DESC_BLOCK);

	/* 2 MiB: a level-2 block in a new level-2 table. */
	map(&pt, 2 * SZ_1G + SZ_2M, 0x10200000, SZ_2M, ATTR_B);
	assert_int_equal(tp->used, 2);
	EXPECT_MAP(&pt, 2 * SZ_1G + SZ_2M + 0x1234, 0x10201234, ATTR_B, 2);
	EXPECT_UNMAPPED(&pt, 2 * SZ_1G);
	EXPECT_UNMAPPED(&pt, 2 * SZ_1G + 2 * SZ_2M);

	/* 1 GiB of IA but an OA aligned to 2 MiB only: 512 level-2 blocks. */
	map(&pt, 3 * SZ_1G, 0x80200000, SZ_1G, ATTR_A);
	assert_int_equal(tp->used, 3);
	for (uint64_t off = 0; off < SZ_1G; off += SZ_2M)
		EXPECT_MAP(&pt, 3 * SZ_1G + off + 0x5000, 0x80205000 + off, ATTR_A, 2);

	/* 2 MiB of IA, OA aligned to 4 KiB only: 512 pages. */
	map(&pt, 4 * SZ_1G, 0x1000, SZ_2M, ATTR_B);
	assert_int_equal(tp->used, 5);
	for (uint64_t off = 0; off < SZ_2M; off += SZ_4K)
		EXPECT_MAP(&pt, 4 * SZ_1G + off, 0x1000 + off, ATTR_B, 3);

	/* Aligned OA but IA aligned to 4 KiB only: pages too. */
	map(&pt, 5 * SZ_1G + SZ_4K, SZ_1G, SZ_2M, ATTR_A);
	assert_int_equal(tp->used, 8); /* L2 + two L3 */
	EXPECT_MAP(&pt, 5 * SZ_1G + SZ_4K, SZ_1G, ATTR_A, 3);
	EXPECT_MAP(&pt, 5 * SZ_1G + SZ_2M, SZ_1G + SZ_2M - SZ_4K, ATTR_A, 3);
	EXPECT_UNMAPPED(&pt, 5 * SZ_1G);
	EXPECT_UNMAPPED(&pt, 5 * SZ_1G + SZ_2M + SZ_4K);

	/* Level 0 never holds a block: 512 GiB aligned on a 48-bit table still uses level 1. */
	{
		struct pgtable big;
		unsigned int before;

		init(&big, tp, 48);
		before = tp->used;
		map(&big, 512 * SZ_1G, 0, 2 * SZ_1G, ATTR_A);
		assert_int_equal(tp->used, before + 1);
		EXPECT_MAP(&big, 512 * SZ_1G, 0, ATTR_A, 1);
		EXPECT_MAP(&big, 513 * SZ_1G + 5, SZ_1G + 5, ATTR_A, 1);
		assert_int_equal(big.root[1] & PT_DESC_TYPE_MASK, PT_DESC_TABLE);
	}
}

/* Regions that cross 2 MiB and 1 GiB boundaries mix block sizes. */
static void test_straddling(void **state)
{
	struct unit_pool *tp = *state;
	struct pgtable pt;

	init(&pt, tp, 39);
	/* [2M - 4K, 4M + 4K): page, 2 MiB block, page. */
	map(&pt, SZ_2M - SZ_4K, 0x40000000 + SZ_2M - SZ_4K, SZ_2M + 2 * SZ_4K, ATTR_A);
	/* root, one L2, two L3 */
	assert_int_equal(tp->used, 4);
	EXPECT_MAP(&pt, SZ_2M - SZ_4K, 0x401ff000, ATTR_A, 3);
	EXPECT_MAP(&pt, SZ_2M, 0x40200000, ATTR_A, 2);
	EXPECT_MAP(&pt, 2 * SZ_2M - 1, 0x403fffff, ATTR_A, 2);
	EXPECT_MAP(&pt, 2 * SZ_2M, 0x40400000, ATTR_A, 3);
	EXPECT_UNMAPPED(&pt, SZ_2M - 2 * SZ_4K);
	EXPECT_UNMAPPED(&pt, 2 * SZ_2M + SZ_4K);

	/* [3G - 2M, 4G + 2M): 2 MiB block, 1 GiB block, 2 MiB block. */
	map(&pt, 3 * SZ_1G - SZ_2M, 3 * SZ_1G - SZ_2M, SZ_1G + 2 * SZ_2M, ATTR_B);
	assert_int_equal(tp->used, 6); /* two more L2 */
	EXPECT_MAP(&pt, 3 * SZ_1G - SZ_2M, 3 * SZ_1G - SZ_2M, ATTR_B, 2);
	EXPECT_MAP(&pt, 3 * SZ_1G, 3 * SZ_1G, ATTR_B, 1);
	EXPECT_MAP(&pt, 4 * SZ_1G - 1, 4 * SZ_1G - 1, ATTR_B, 1);
	EXPECT_MAP(&pt, 4 * SZ_1G, 4 * SZ_1G, ATTR_B, 2);
	EXPECT_MAP(&pt, 4 * SZ_1G + SZ_2M - 1, 4 * SZ_1G + SZ_2M - 1, ATTR_B, 2);
	EXPECT_UNMAPPED(&pt, 3 * SZ_1G - SZ_2M - 1);
	EXPECT_UNMAPPED(&pt, 4 * SZ_1G + SZ_2M);
}

/* Remapping part of a block splits it; the rest keeps its OA and attributes. */
static void test_split(void **state)
{
	struct unit_pool *tp = *state;
	struct pgtable pt;
	uint64_t *l2, *l3;

	init(&pt, tp, 39);
	map(&pt, SZ_1G, SZ_1G, SZ_1G, ATTR_A);
	assert_int_equal(tp->used, 1);
	map(&pt, SZ_1G + SZ_2M + SZ_4K, 0x90000000, SZ_4K, ATTR_B);
	/* 1 GiB block -> L2 table of 2 MiB blocks -> one of them -> L3 table. */
	assert_int_equal(tp->used, 3);
	l2 = (uint64_t *)(uintptr_t)(pt.root[1] & PT_OA_MASK);
	assert_ptr_equal(l2, tp->pages[1]);
	l3 = (uint64_t *)(uintptr_t)(l2[1] & PT_OA_MASK);
	assert_ptr_equal(l3, tp->pages[2]);
	assert_int_equal(pt.root[1] & PT_DESC_TYPE_MASK, PT_DESC_TABLE);
	assert_int_equal(l2[0], SZ_1G | ATTR_A | PT_DESC_BLOCK);
	assert_int_equal(l2[511], (SZ_1G + 511 * SZ_2M) | ATTR_A | PT_DESC_BLOCK);
	assert_int_equal(l3[0], (SZ_1G + SZ_2M) | ATTR_A | PT_DESC_PAGE);
	assert_int_equal(l3[1], 0x90000000 | ATTR_B | PT_DESC_PAGE);
	assert_int_equal(l3[2], (SZ_1G + SZ_2M + 2 * SZ_4K) | ATTR_A | PT_DESC_PAGE);

	EXPECT_MAP(&pt, SZ_1G, SZ_1G, ATTR_A, 2);
	EXPECT_MAP(&pt, SZ_1G + SZ_2M, SZ_1G + SZ_2M, ATTR_A, 3);
	EXPECT_MAP(&pt, SZ_1G + SZ_2M + SZ_4K + 0x10, 0x90000010, ATTR_B, 3);
	EXPECT_MAP(&pt, SZ_1G + SZ_2M + 2 * SZ_4K, SZ_1G + SZ_2M + 2 * SZ_4K, ATTR_A, 3);
	EXPECT_MAP(&pt, SZ_1G + 2 * SZ_2M - 1, SZ_1G + 2 * SZ_2M - 1, ATTR_A, 3);
	EXPECT_MAP(&pt, SZ_1G + 2 * SZ_2M, SZ_1G + 2 * SZ_2M, ATTR_A, 2);
	EXPECT_MAP(&pt, 2 * SZ_1G - 1, 2 * SZ_1G - 1, ATTR_A, 2);

	/* Remapping a whole 2 MiB block of the split table: no new table. */
	map(&pt, SZ_1G + 4 * SZ_2M, 0x20000000, SZ_2M, ATTR_B);
	assert_int_equal(tp->used, 3);
	EXPECT_MAP(&pt, SZ_1G + 4 * SZ_2M + 0x777, 0x20000777, ATTR_B, 2);
	EXPECT_MAP(&pt, SZ_1G + 5 * SZ_2M, SZ_1G + 5 * SZ_2M, ATTR_A, 2);

	/* Remapping the range already split into pages replaces every page. */
	map(&pt, SZ_1G + SZ_2M, 0x30000000, SZ_2M, ATTR_B);
	for (uint64_t off = 0; off < SZ_2M; off += SZ_4K) {
		uint64_t oa, attrs;
		unsigned int level;

		assert_true(pt_walk(&pt, SZ_1G + SZ_2M + off, &oa, &attrs, &level));
		assert_int_equal(oa, 0x30000000 + off);
		assert_int_equal(attrs, ATTR_B);
	}

	/* Splitting a 2 MiB block directly. */
	map(&pt, 3 * SZ_1G, 0x50000000, SZ_2M, ATTR_A);
	assert_int_equal(tp->used, 4);
	map(&pt, 3 * SZ_1G + SZ_2M - SZ_4K, 0x60000000, SZ_4K, ATTR_B);
	assert_int_equal(tp->used, 5);
	EXPECT_MAP(&pt, 3 * SZ_1G, 0x50000000, ATTR_A, 3);
	EXPECT_MAP(&pt, 3 * SZ_1G + SZ_2M - SZ_4K - 1, 0x501fefff, ATTR_A, 3);
	EXPECT_MAP(&pt, 3 * SZ_1G + SZ_2M - SZ_4K, 0x60000000, ATTR_B, 3);
}

/* Attribute bits are kept exactly; anything outside PT_ATTR_MASK is dropped. */
static void test_attributes(void **state)
{
	static const uint64_t attrs[] = { 0,
					  ATTR_A,
					  ATTR_B,
					  PT_ATTR_MASK,
					  0x0000000000000ffcULL,
					  0xfffc000000000000ULL,
					  0x0010000000000000ULL };
	struct unit_pool *tp = *state;
	struct pgtable pt;

	init(&pt, tp, 39);
	for (unsigned int i = 0; i < ARRAY_SIZE(attrs); i++) {
		/* A 1 GiB block, a 2 MiB block and a page with each set. */
		map(&pt, (uint64_t)(i + 1) * 8 * SZ_1G, 0, SZ_1G, attrs[i]);
		map(&pt, (uint64_t)(i + 1) * 8 * SZ_1G + SZ_1G, SZ_2M, SZ_2M, attrs[i]);
		map(&pt, (uint64_t)(i + 1) * 8 * SZ_1G + 2 * SZ_1G, SZ_4K, SZ_4K, attrs[i]);
		EXPECT_MAP(&pt, (uint64_t)(i + 1) * 8 * SZ_1G, 0, attrs[i], 1);
		EXPECT_MAP(&pt, (uint64_t)(i + 1) * 8 * SZ_1G + SZ_1G, SZ_2M, attrs[i], 2);
		EXPECT_MAP(&pt, (uint64_t)(i + 1) * 8 * SZ_1G + 2 * SZ_1G, SZ_4K, attrs[i], 3);
	}
	/* Type bits, OA bits and bits [49:48] in attrs are ignored. */
	map(&pt, 0, SZ_1G, SZ_1G, ~0ULL);
	EXPECT_MAP(&pt, 0, SZ_1G, PT_ATTR_MASK, 1);
	assert_int_equal(pt.root[0], SZ_1G | PT_ATTR_MASK | PT_DESC_BLOCK);
}

static void test_errors(void **state)
{
	struct unit_pool *tp = *state;
	struct pgtable pt;

	init(&pt, tp, 32);
	assert_int_equal(pt_map(&pt, 0x800, 0, SZ_4K, 0), PT_ERR_ALIGN);
	assert_int_equal(pt_map(&pt, 0, 0x10, SZ_4K, 0), PT_ERR_ALIGN);
	assert_int_equal(pt_map(&pt, 0, 0, 0x1001, 0), PT_ERR_ALIGN);
	assert_int_equal(pt_map(&pt, 0x1001, 0x1001, 0, 0), PT_ERR_ALIGN);
	/* Alignment is checked before the range. */
	assert_int_equal(pt_map(&pt, 0x100000800, 0, SZ_4K, 0), PT_ERR_ALIGN);
	/* Size 0 maps nothing and allocates nothing. */
	assert_int_equal(pt_map(&pt, 0x1000, 0x1000, 0, ATTR_A), PT_OK);
	EXPECT_UNMAPPED(&pt, 0x1000);

	assert_int_equal(pt_map(&pt, 0x100000000, 0, SZ_4K, 0), PT_ERR_RANGE);
	assert_int_equal(pt_map(&pt, 0xfffff000, 0, 2 * SZ_4K, 0), PT_ERR_RANGE);
	assert_int_equal(pt_map(&pt, 0, 0, 0x100001000, 0), PT_ERR_RANGE);
	/* ia + size wraps around. */
	assert_int_equal(pt_map(&pt, 0xfffffffffffff000ULL, 0, 2 * SZ_4K, 0), PT_ERR_RANGE);
	assert_int_equal(tp->used, 1);
	EXPECT_UNMAPPED(&pt, 0xfffff000);
	/* The very top of the input space is fine. */
	assert_int_equal(pt_map(&pt, 0xfffff000, 0x7000, SZ_4K, ATTR_A), PT_OK);
	EXPECT_MAP(&pt, 0xffffffff, 0x7fff, ATTR_A, 3);
	/* The whole 4 GiB in one call: level-1 blocks, but entry 3 keeps its table. */
	assert_int_equal(pt_map(&pt, 0, 0, 4 * SZ_1G, ATTR_B), PT_OK);
	EXPECT_MAP(&pt, 0, 0, ATTR_B, 1);
	EXPECT_MAP(&pt, 2 * SZ_1G + 5, 2 * SZ_1G + 5, ATTR_B, 1);
	EXPECT_MAP(&pt, 0xffffffff, 0xffffffff, ATTR_B, 3);
}

/* A pool that runs out: PT_ERR_NOMEM, and what was mapped before stays mapped. */
static void test_nomem(void **state)
{
	struct unit_pool *tp = *state;
	struct pgtable pt;

	init(&pt, tp, 39);
	map(&pt, 0, 0, SZ_1G, ATTR_A);
	tp->limit = 2;
	/* A page needs an L2 and an L3 table: only one is left. */
	assert_int_equal(pt_map(&pt, 2 * SZ_1G, 0, SZ_4K, ATTR_A), PT_ERR_NOMEM);
	assert_int_equal(tp->used, 2);
	EXPECT_UNMAPPED(&pt, 2 * SZ_1G);
	/* A 2 MiB block in the table that was made needs nothing more. */
	assert_int_equal(pt_map(&pt, 2 * SZ_1G + SZ_2M, 0, SZ_2M, ATTR_B), PT_OK);
	EXPECT_MAP(&pt, 2 * SZ_1G + SZ_2M, 0, ATTR_B, 2);
	/* Splitting the 1 GiB block needs a page. */
	assert_int_equal(pt_map(&pt, SZ_2M, 0x70000000, SZ_2M, ATTR_B), PT_ERR_NOMEM);
	EXPECT_MAP(&pt, SZ_2M, SZ_2M, ATTR_A, 1);
	tp->limit = 3;
	assert_int_equal(pt_map(&pt, SZ_2M, 0x70000000, SZ_2M, ATTR_B), PT_OK);
	EXPECT_MAP(&pt, SZ_2M, 0x70000000, ATTR_B, 2);
	EXPECT_MAP(&pt, 0, 0, ATTR_A, 2);
	/* Splitting that 2 MiB block again: out of pages. */
	assert_int_equal(pt_map(&pt, SZ_2M, 0x70000000, SZ_4K, ATTR_A), PT_ERR_NOMEM);
	EXPECT_MAP(&pt, SZ_2M + SZ_4K, 0x70001000, ATTR_B, 2);
	assert_int_equal(tp->used, 3);
}

/* A deterministic pseudo-random generator (LCG, Knuth's MMIX constants). */
static uint64_t rnd(uint64_t *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return *s >> 33;
}

/*
 * Many layouts: regions of random size and OA alignment, one per 64 MiB
 * slot, walked page by page against the expected OA and level, with the
 * exact number of table pages they take.
 */
/* The hypervisor's static pool: zeroed pages in order, then NULL. */
PT_STATIC_POOL(static_pool, 3);

static void test_static_pool(void **state)
{
	struct pgtable pt;
	uint64_t oa, attrs;
	unsigned int level;

	(void)state;
	memset(static_pool_pages, 0xa5, sizeof(static_pool_pages));
	for (unsigned int i = 0; i < 3; i++) {
		uint8_t *p = pt_static_alloc(&static_pool.pool);

		assert_ptr_equal(p, static_pool_pages[i]);
		assert_int_equal((uintptr_t)p % PT_PAGE_SIZE, 0);
		for (unsigned int b = 0; b < PT_PAGE_SIZE; b++)
			assert_int_equal(p[b], 0);
	}
	assert_int_equal(static_pool.used, 3);
	assert_null(pt_static_alloc(&static_pool.pool));
	assert_int_equal(static_pool.used, 3);

	/* Through the builder: a 39-bit table with one 4 KiB page needs a root,
	 * a level-2 and a level-3 table, exactly the pool. */
	static_pool.used = 0;
	assert_int_equal(pt_init(&pt, 39, &static_pool.pool), PT_OK);
	assert_int_equal(pt_map(&pt, 0x1000, 0x80001000, PT_PAGE_SIZE, 0), PT_OK);
	assert_true(pt_walk(&pt, 0x1000, &oa, &attrs, &level));
	assert_int_equal(oa, 0x80001000);
	assert_int_equal(level, 3);
	assert_int_equal(pt_map(&pt, 0x40000000, 0x1000, PT_PAGE_SIZE, 0), PT_ERR_NOMEM);
}

static void test_random_layouts(void **state)
{
	struct unit_pool *tp = *state;
	uint64_t seed = 0x5e9707, block_pages = 0, small_pages = 0;

	for (int round = 0; round < 6; round++) {
		struct {
			uint64_t ia, oa, size;
		} r[40];
		struct pgtable pt;
		unsigned int first = tp->used, l2_tables = 0, l3_tables = 0;
		uint64_t last_gib = ~0ULL;

		init(&pt, tp, 39);
		for (unsigned int i = 0; i < ARRAY_SIZE(r); i++) {
			uint64_t slot = (uint64_t)(i * 3 + rnd(&seed) % 3) * 64 * SZ_1M +
					(uint64_t)round * 64 * SZ_1G;
			uint64_t shift = rnd(&seed) % 3;

			r[i].ia = slot + (rnd(&seed) % 1024) * SZ_4K * (shift == 2 ? 0 : 1) +
				  (shift == 2 ? (rnd(&seed) % 8) * SZ_2M : 0);
			r[i].size = (1 + rnd(&seed) % 4096) * SZ_4K;
			if (rnd(&seed) % 2)
				r[i].size = ALIGN_UP(r[i].size, SZ_2M);
			/* OA congruent to IA modulo 2 MiB half of the time. */
			r[i].oa = (rnd(&seed) % 0x10000) * SZ_2M +
				  (rnd(&seed) % 2 ? r[i].ia % SZ_2M : (rnd(&seed) % 512) * SZ_4K);
			map(&pt, r[i].ia, r[i].oa, r[i].size, i % 2 ? ATTR_A : ATTR_B);
		}
		for (unsigned int i = 0; i < ARRAY_SIZE(r); i++) {
			uint64_t end = r[i].ia + r[i].size, blk_prev = ~0ULL;
			bool congruent = (r[i].ia - r[i].oa) % SZ_2M == 0;

			if (r[i].ia / SZ_1G != last_gib) {
				l2_tables++;
				last_gib = r[i].ia / SZ_1G;
			}
			for (uint64_t ia = r[i].ia; ia < end; ia += SZ_4K) {
				uint64_t blk = ALIGN_DOWN(ia, SZ_2M);
				bool block = congruent && blk >= r[i].ia && blk + SZ_2M <= end;

				EXPECT_MAP(&pt, ia, r[i].oa + (ia - r[i].ia), i % 2 ? ATTR_A : ATTR_B,
					   block ? 2 : 3);
				if (block)
					block_pages++;
				else
					small_pages++;
				if (!block && blk != blk_prev)
					l3_tables++;
				if (!block)
					blk_prev = blk;
			}
			EXPECT_UNMAPPED(&pt, r[i].ia - SZ_4K);
			EXPECT_UNMAPPED(&pt, end);
		}
		/* Slots are 64 MiB apart, so no L3 table is shared; regions go up in IA. */
		assert_int_equal(tp->used - first, 1 + l2_tables + l3_tables);
	}
	/* The layouts exercised both block and page mappings. */
	assert_true(block_pages > 10000);
	assert_true(small_pages > 10000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_init_levels, pool_setup, pool_teardown),
		cmocka_unit_test_setup_teardown(test_unmapped, pool_setup, pool_teardown),
		cmocka_unit_test_setup_teardown(test_small_regions_every_page, pool_setup, pool_teardown),
		cmocka_unit_test_setup_teardown(test_block_sizes, pool_setup, pool_teardown),
		cmocka_unit_test_setup_teardown(test_straddling, pool_setup, pool_teardown),
		cmocka_unit_test_setup_teardown(test_split, pool_setup, pool_teardown),
		cmocka_unit_test_setup_teardown(test_attributes, pool_setup, pool_teardown),
		cmocka_unit_test_setup_teardown(test_errors, pool_setup, pool_teardown),
		cmocka_unit_test_setup_teardown(test_nomem, pool_setup, pool_teardown),
		cmocka_unit_test_setup_teardown(test_random_layouts, pool_setup, pool_teardown),
		cmocka_unit_test(test_static_pool),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
