/* SPDX-License-Identifier: MIT */
/*
 * A generic builder and walker for VMSAv8-64 translation tables with the
 * 4 KiB granule (Arm ARM D8.3): levels 0 to 3, 1 GiB blocks at level 1,
 * 2 MiB blocks at level 2, 4 KiB pages at level 3. It takes ready-made
 * attribute bits, so the same code builds the hypervisor's stage-1 tables
 * and (later) each cell's stage-2 tables. Pure logic, unit-tested on the
 * host. Tables are addressed 1:1 (a table's address is its pointer).
 */
#ifndef ASM_PGTABLE_H
#define ASM_PGTABLE_H

#include <septum/types.h>

#define PT_ENTRIES 512
#define PT_PAGE_SIZE 0x1000ULL
#define PT_LEVEL_SHIFT(l) (12 + 9 * (3 - (l)))
#define PT_LEVEL_SIZE(l) (1ULL << PT_LEVEL_SHIFT(l))

/* Descriptor type bits [1:0]. */
#define PT_DESC_VALID 0x1ULL
#define PT_DESC_TABLE 0x3ULL /* levels 0-2 */
#define PT_DESC_BLOCK 0x1ULL /* levels 1-2 */
#define PT_DESC_PAGE 0x3ULL  /* level 3 */
#define PT_DESC_TYPE_MASK 0x3ULL
/* Output address bits [47:12]. */
#define PT_OA_MASK 0x0000fffffffff000ULL
/* Attribute bits: lower [11:2] and upper [63:50] (Arm ARM D8.3.1). */
#define PT_ATTR_MASK (0xfffc000000000ffcULL)

/* A source of zeroed, 4 KiB-aligned table pages. */
struct pt_pool {
	void *(*alloc)(struct pt_pool *pool);
};

/*
 * The pool the hypervisor's tables come from: a static array handed out
 * page by page, never freed (tables are built at boot). Declare one with
 * PT_STATIC_POOL(name, pages); pass &name.pool to pt_init().
 */
struct pt_static_pool {
	struct pt_pool pool;
	uint8_t (*pages)[PT_PAGE_SIZE];
	unsigned int count; /* pages in the array */
	unsigned int used;  /* pages handed out */
};

void *pt_static_alloc(struct pt_pool *pool);

/*
 * The pool's pages are not cleared at boot (.bss.noinit, outside the range
 * boot.S zeroes): pt_static_alloc() clears each page it hands out.
 * PT_STATIC_POOL_MMU_ON: a pool first used with the MMU on, whose stale
 * cache lines the boot need not invalidate either (.bss.noinit.mmu_on,
 * src/arch/arm64/septum.ld).
 */
#define PT_STATIC_POOL_IN(name, n, sec)                                                      \
	static uint8_t name##_pages[n][PT_PAGE_SIZE] __aligned(PT_PAGE_SIZE) __section(sec); \
	static struct pt_static_pool name = { { pt_static_alloc }, name##_pages, (n), 0 }
#define PT_STATIC_POOL(name, n) PT_STATIC_POOL_IN(name, n, ".bss.noinit") /* __noinit */
#define PT_STATIC_POOL_MMU_ON(name, n) PT_STATIC_POOL_IN(name, n, ".bss.noinit.mmu_on")

struct pgtable {
	uint64_t *root;
	unsigned int start_level; /* 0 for 48-bit input addresses */
	unsigned int ia_bits;	  /* input address size */
	struct pt_pool *pool;
};

enum pt_error {
	PT_OK = 0,
	PT_ERR_NOMEM, /* the pool ran out of table pages */
	PT_ERR_ALIGN, /* address or size not 4 KiB aligned */
	PT_ERR_RANGE, /* beyond the input address size */
};

/* Start an empty table; start level follows from @ia_bits (25..48). */
enum pt_error pt_init(struct pgtable *pt, unsigned int ia_bits, struct pt_pool *pool);

/*
 * Map [ia, ia + size) to [oa, oa + size) with attribute bits @attrs, using
 * the largest blocks that fit. Existing mappings in the range are replaced;
 * blocks that the range covers only in part are split first.
 */
enum pt_error pt_map(struct pgtable *pt, uint64_t ia, uint64_t oa, uint64_t size, uint64_t attrs);

/* Translate @ia: true if mapped, with output address, attributes and level. */
bool pt_walk(const struct pgtable *pt, uint64_t ia, uint64_t *oa, uint64_t *attrs, unsigned int *level);

#endif
