/* SPDX-License-Identifier: MIT */
/*
 * Shared by every host unit test: the cmocka headers in the order cmocka
 * needs them, and helpers for loading the device trees that the Makefile
 * compiles from tests/unit/dts/ into $SEPTUM_TEST_DTB_DIR.
 */
#ifndef UNIT_H
#define UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four headers above first. */
#include <cmocka.h>

#include <asm/pgtable.h>

/*
 * Read $SEPTUM_TEST_DTB_DIR/<name>.dtb (build/host/dtb by default) into a
 * malloc'd buffer; fails the current test if it cannot. Free with free().
 */
void *unit_load_dtb(const char *name);

/* Read a whole file into a malloc'd buffer (NUL-terminated); size in @size. */
void *unit_read_file(const char *path, size_t *size);

/*
 * A page pool for the translation-table builder that counts what it hands
 * out and can be made to run dry: pages come from aligned_alloc, zeroed,
 * and each must fit a descriptor's output-address field (tables are
 * addressed 1:1). The builder gets &pool; `limit` may be lowered by a test.
 */
#define UNIT_POOL_MAX 8192
struct unit_pool {
	struct pt_pool pool; /* first: the allocator casts back */
	unsigned int limit;  /* pages it will hand out, at most UNIT_POOL_MAX */
	unsigned int used;
	void *pages[UNIT_POOL_MAX];
};

void unit_pool_init(struct unit_pool *up, unsigned int limit);
/* Free every page handed out; the pool starts empty again. */
void unit_pool_reset(struct unit_pool *up);

#endif
