// SPDX-License-Identifier: MIT
/*
 * Translation table builder and walker for the 4 KiB granule (see
 * asm/pgtable.h). Mapping is a recursive descent: at each level a chunk
 * that is block-aligned in both input and output address and covers the
 * whole block becomes a block descriptor; anything else goes one level
 * down, creating or splitting a table as needed.
 */
#include <asm/pgtable.h>
#include <septum/string.h>

void *pt_static_alloc(struct pt_pool *pool)
{
	struct pt_static_pool *sp = (struct pt_static_pool *)pool; /* pool is its first member */
	void *p;

	if (sp->used == sp->count)
		return NULL;
	p = sp->pages[sp->used++];
	memset(p, 0, PT_PAGE_SIZE);
	return p;
}

static uint64_t *table_of(uint64_t desc)
{
	return (uint64_t *)(uintptr_t)(desc & PT_OA_MASK);
}

static bool is_table(uint64_t desc, unsigned int level)
{
	return level < 3 && (desc & PT_DESC_TYPE_MASK) == PT_DESC_TABLE;
}

static bool is_block(uint64_t desc, unsigned int level)
{
	return level < 3 && (desc & PT_DESC_TYPE_MASK) == PT_DESC_BLOCK;
}

enum pt_error pt_init(struct pgtable *pt, unsigned int ia_bits, struct pt_pool *pool)
{
	if (ia_bits < 25 || ia_bits > 48)
		return PT_ERR_RANGE;
	pt->ia_bits = ia_bits;
	pt->pool = pool;
	/* Each level resolves 9 bits above the 12-bit page offset. */
	pt->start_level = ia_bits > 39 ? 0 : ia_bits > 30 ? 1 : 2;
	pt->root = pool->alloc(pool);
	return pt->root ? PT_OK : PT_ERR_NOMEM;
}

/* Replace a block with a table of the next level mapping the same range. */
static enum pt_error split_block(struct pgtable *pt, uint64_t *entry, unsigned int level)
{
	uint64_t *t = pt->pool->alloc(pt->pool);
	uint64_t oa = *entry & PT_OA_MASK, attrs = *entry & PT_ATTR_MASK;
	uint64_t type = level + 1 == 3 ? PT_DESC_PAGE : PT_DESC_BLOCK;

	if (!t)
		return PT_ERR_NOMEM;
	for (unsigned int i = 0; i < PT_ENTRIES; i++)
		t[i] = (oa + i * PT_LEVEL_SIZE(level + 1)) | attrs | type;
	*entry = (uint64_t)(uintptr_t)t | PT_DESC_TABLE;
	return PT_OK;
}

static enum pt_error map_level(struct pgtable *pt, uint64_t *table, unsigned int level, uint64_t ia,
			       uint64_t oa, uint64_t size, uint64_t attrs)
{
	uint64_t block = PT_LEVEL_SIZE(level);

	while (size) {
		uint64_t *entry = &table[(ia >> PT_LEVEL_SHIFT(level)) & (PT_ENTRIES - 1)];
		uint64_t chunk = block - (ia & (block - 1));
		enum pt_error e;

		if (chunk > size)
			chunk = size;
		if (level == 3) {
			*entry = (oa & PT_OA_MASK) | attrs | PT_DESC_PAGE;
		} else if (level >= 1 && chunk == block && IS_ALIGNED(oa, block) &&
			   !is_table(*entry, level)) {
			*entry = (oa & PT_OA_MASK) | attrs | PT_DESC_BLOCK;
		} else {
			if (is_block(*entry, level)) {
				e = split_block(pt, entry, level);
				if (e)
					return e;
			} else if (!is_table(*entry, level)) {
				uint64_t *t = pt->pool->alloc(pt->pool);

				if (!t)
					return PT_ERR_NOMEM;
				*entry = (uint64_t)(uintptr_t)t | PT_DESC_TABLE;
			}
			e = map_level(pt, table_of(*entry), level + 1, ia, oa, chunk, attrs);
			if (e)
				return e;
		}
		ia += chunk;
		oa += chunk;
		size -= chunk;
	}
	return PT_OK;
}

enum pt_error pt_map(struct pgtable *pt, uint64_t ia, uint64_t oa, uint64_t size, uint64_t attrs)
{
	if (!IS_ALIGNED(ia | oa | size, PT_PAGE_SIZE))
		return PT_ERR_ALIGN;
	if (size == 0)
		return PT_OK;
	if (ia + size < ia || (pt->ia_bits < 64 && ia + size > (1ULL << pt->ia_bits)))
		return PT_ERR_RANGE;
	return map_level(pt, pt->root, pt->start_level, ia, oa, size, attrs & PT_ATTR_MASK);
}

bool pt_walk(const struct pgtable *pt, uint64_t ia, uint64_t *oa, uint64_t *attrs, unsigned int *level)
{
	const uint64_t *table = pt->root;

	if (ia >= (1ULL << pt->ia_bits))
		return false;
	for (unsigned int l = pt->start_level; l <= 3; l++) {
		uint64_t desc = table[(ia >> PT_LEVEL_SHIFT(l)) & (PT_ENTRIES - 1)];

		if (!(desc & PT_DESC_VALID))
			return false;
		if (is_table(desc, l)) {
			table = table_of(desc);
			continue;
		}
		if (l == 0 || (l == 3 && (desc & PT_DESC_TYPE_MASK) != PT_DESC_PAGE))
			return false; /* reserved encodings */
		*oa = (desc & PT_OA_MASK & ~(PT_LEVEL_SIZE(l) - 1)) | (ia & (PT_LEVEL_SIZE(l) - 1));
		*attrs = desc & PT_ATTR_MASK;
		*level = l;
		return true;
	}
	return false;
}
