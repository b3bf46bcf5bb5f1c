// SPDX-License-Identifier: MIT
/*
 * Host-side support linked into every unit test: file and device-tree
 * loading. Host versions of arch_* functions that pure logic needs live
 * here too, so the code under test builds unchanged on the host.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

void *unit_read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return NULL;
	}
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (buf) {
		buf[n] = '\0';
		if (size)
			*size = (size_t)n;
	}
	return buf;
}

void *unit_load_dtb(const char *name)
{
	const char *dir = getenv("SEPTUM_TEST_DTB_DIR");
	char path[4096];
	void *dtb;

	snprintf(path, sizeof(path), "%s/%s.dtb", dir ? dir : "build/host/dtb", name);
	dtb = unit_read_file(path, NULL);
	if (!dtb)
		fail_msg("cannot read %s (make unit-build compiles tests/unit/dts/)", path);
	return dtb;
}

static void *unit_pool_alloc(struct pt_pool *pool)
{
	struct unit_pool *up = (struct unit_pool *)pool;
	void *page;

	if (up->used == up->limit)
		return NULL;
	page = aligned_alloc(PT_PAGE_SIZE, PT_PAGE_SIZE);
	assert_non_null(page);
	assert_int_equal((uintptr_t)page & ~PT_OA_MASK, 0);
	memset(page, 0, PT_PAGE_SIZE);
	up->pages[up->used++] = page;
	return page;
}

void unit_pool_init(struct unit_pool *up, unsigned int limit)
{
	assert_true(limit <= UNIT_POOL_MAX);
	up->pool.alloc = unit_pool_alloc;
	up->limit = limit;
	up->used = 0;
}

void unit_pool_reset(struct unit_pool *up)
{
	for (unsigned int i = 0; i < up->used; i++)
		free(up->pages[i]);
	up->used = 0;
}
