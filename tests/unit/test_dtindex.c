// SPDX-License-Identifier: MIT
/*
 * Host unit tests for the device-tree index (src/core/dtindex.c): on every
 * tree of tests/unit/dts/ (and the Raspberry Pi 4's, when tools/setup
 * installed it), each dtindex_*() lookup must give exactly libfdt's answer
 * (offset, pointer, length or FDT_ERR_* code) for every node, every
 * property name, every compatible string, phandle and path (with the unit
 * address left out, extra slashes, names that do not exist); and a tree the
 * index does not cover (too many nodes, changed since, not indexed) must
 * still be answered, by libfdt.
 */
/* UNIT-SOURCES: src/core/dtindex.c */
#include <libfdt.h>
#include <septum/dtindex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#define RPI4_DTB "/opt/septum/rpi4/bcm2711-rpi-4-b.dtb"

static const char *const trees[] = {
	"virt-gicv3",	   "virt-gicv2",       "cells-1-2",	 "cells-2-1",	    "eight-cpus",
	"spin-table",	   "cfg-console-irq",  "bad-cells",	 "bad-cpu-method",  "bad-cpu-reg",
	"bad-gic-regions", "bad-memory-noreg", "bad-memory-reg", "bad-no-cpus",	    "bad-no-gic",
	"bad-no-memory",   "bad-no-psci",      "bad-no-timer",	 "bad-psci-method", "bad-ranges",
	"bad-spin-table",  "bad-stdout-path",
};

static struct dtindex ix; /* large: not on the stack */

/* Every path lookup of @path (and of @len bytes of it) agrees with libfdt. */
static void check_path(const void *fdt, const struct dtindex *x, const char *path)
{
	int len = (int)strlen(path);

	assert_int_equal(dtindex_path_offset(x, fdt, path), fdt_path_offset(fdt, path));
	for (int n = 0; n <= len; n++)
		assert_int_equal(dtindex_path_offset_namelen(x, fdt, path, n),
				 fdt_path_offset_namelen(fdt, path, n));
}

/* Variants of node @path: without the last unit address, with slashes added, a missing name. */
static void check_path_variants(const void *fdt, const struct dtindex *x, const char *path)
{
	char buf[600]; /* @path is a path fdt_get_path() wrote in 512 bytes */
	const char *at = strrchr(path, '@'), *slash = strrchr(path, '/');

	check_path(fdt, x, path);
	if (at && at > slash) {
		snprintf(buf, sizeof(buf), "%.*s", (int)(at - path), path);
		check_path(fdt, x, buf);
		snprintf(buf, sizeof(buf), "%.*s@", (int)(at - path), path);
		check_path(fdt, x, buf);
	}
	if (strlen(path) + 16 > sizeof(buf))
		fail_msg("path too long for the test: %s", path);
	snprintf(buf, sizeof(buf), "%.500s/", path);
	check_path(fdt, x, buf);
	snprintf(buf, sizeof(buf), "/%.500s", path);
	check_path(fdt, x, buf);
	snprintf(buf, sizeof(buf), "%.500s/no-such-node", path);
	check_path(fdt, x, buf);
	snprintf(buf, sizeof(buf), "%.500sx", path);
	check_path(fdt, x, buf);
}

static void check_getprop(const void *fdt, const struct dtindex *x, int node, const char *name)
{
	int la = 12345, lb = 54321;
	const void *a = dtindex_getprop(x, fdt, node, name, &la), *b = fdt_getprop(fdt, node, name, &lb);

	assert_ptr_equal(a, b);
	assert_int_equal(la, lb);
	assert_ptr_equal(dtindex_getprop(x, fdt, node, name, NULL), b);
}

static void check_compatible(const void *fdt, const struct dtindex *x, const char *compat)
{
	int start = -1;

	do {
		int a = dtindex_by_compatible(x, fdt, start, compat);

		assert_int_equal(a, fdt_node_offset_by_compatible(fdt, start, compat));
		start = a;
	} while (start >= 0);
}

/* One node: name, parent, path, subnodes, properties, phandle, compatible strings. */
static void check_node(const void *fdt, const struct dtindex *x, int node)
{
	char pa[512], pb[512];
	int la, lb, prop, plen, ra, rb;
	const char *na, *nb, *compat;
	uint32_t phandle;

	na = dtindex_get_name(x, fdt, node, &la);
	nb = fdt_get_name(fdt, node, &lb);
	assert_ptr_equal(na, nb);
	assert_int_equal(la, lb);
	assert_int_equal(dtindex_parent(x, fdt, node), fdt_parent_offset(fdt, node));
	assert_int_equal(dtindex_first_subnode(x, fdt, node), fdt_first_subnode(fdt, node));
	assert_int_equal(dtindex_next_subnode(x, fdt, node), fdt_next_subnode(fdt, node));

	ra = dtindex_get_path(x, fdt, node, pa, sizeof(pa));
	rb = fdt_get_path(fdt, node, pb, sizeof(pb));
	assert_int_equal(ra, rb);
	assert_int_equal(ra, 0);
	assert_string_equal(pa, pb);
	for (int n = 0; n <= (int)strlen(pb) + 1; n++) { /* buffers too short and just long enough */
		char sa[512], sb[512];

		ra = dtindex_get_path(x, fdt, node, sa, n);
		rb = fdt_get_path(fdt, node, sb, n);
		assert_int_equal(ra, rb);
		if (ra == 0)
			assert_string_equal(sa, sb);
	}
	check_path_variants(fdt, x, pb);

	fdt_for_each_property_offset (prop, fdt, node) {
		const char *name;

		assert_non_null(fdt_getprop_by_offset(fdt, prop, &name, &plen));
		check_getprop(fdt, x, node, name);
		/* Not a node offset: libfdt's own error. */
		check_getprop(fdt, x, prop, name);
		assert_int_equal(dtindex_parent(x, fdt, prop), fdt_parent_offset(fdt, prop));
	}
	check_getprop(fdt, x, node, "no-such-property");
	check_getprop(fdt, x, node, "");
	check_getprop(fdt, x, node, "compatibl");

	phandle = fdt_get_phandle(fdt, node);
	if (phandle)
		assert_int_equal(dtindex_by_phandle(x, fdt, phandle),
				 fdt_node_offset_by_phandle(fdt, phandle));
	compat = fdt_getprop(fdt, node, "compatible", &plen);
	for (int off = 0; compat && off < plen; off += (int)strlen(compat + off) + 1)
		check_compatible(fdt, x, compat + off);
}

/* Every lookup on @fdt as indexed by @x (covering it or not) agrees with libfdt. */
static void check_tree(const void *fdt, const struct dtindex *x)
{
	static const char *const types[] = { "memory", "cpu", "memor", "" };
	int node, start;

	for (node = 0; node >= 0; node = fdt_next_node(fdt, node, NULL))
		check_node(fdt, x, node);
	for (unsigned int i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		int len = (int)strlen(types[i]) + 1;

		start = -1;
		do {
			int a = dtindex_by_device_type(x, fdt, start, types[i], len);

			assert_int_equal(
				a, fdt_node_offset_by_prop_value(fdt, start, "device_type", types[i], len));
			start = a;
		} while (start >= 0);
	}
	check_compatible(fdt, x, "no-such,device");
	check_compatible(fdt, x, "");
	for (uint32_t ph = 0; ph < 0x200; ph++)
		assert_int_equal(dtindex_by_phandle(x, fdt, ph), fdt_node_offset_by_phandle(fdt, ph));
	assert_int_equal(dtindex_by_phandle(x, fdt, ~0U), fdt_node_offset_by_phandle(fdt, ~0U));
	check_path(fdt, x, "/");
	check_path(fdt, x, "//");
	check_path(fdt, x, "/no-such-node");
	check_path(fdt, x, "serial0"); /* an alias (or none): libfdt's */
	check_path(fdt, x, "");
	/* Offsets that are no node: libfdt's answers. */
	for (int bad = -1; bad < 16; bad++) {
		char buf[64];

		if (bad == 0)
			continue;
		assert_int_equal(dtindex_parent(x, fdt, bad), fdt_parent_offset(fdt, bad));
		assert_int_equal(dtindex_first_subnode(x, fdt, bad), fdt_first_subnode(fdt, bad));
		assert_int_equal(dtindex_get_path(x, fdt, bad, buf, sizeof(buf)),
				 fdt_get_path(fdt, bad, buf, sizeof(buf)));
		check_getprop(fdt, x, bad, "reg");
	}
}

static void test_trees(void **state)
{
	(void)state;
	for (unsigned int i = 0; i < sizeof(trees) / sizeof(trees[0]); i++) {
		void *fdt = unit_load_dtb(trees[i]);

		assert_true(dtindex_build(&ix, fdt));
		assert_true(dtindex_covers(&ix, fdt));
		assert_true(ix.count > 1);
		check_tree(fdt, &ix);
		free(fdt);
	}
}

static void test_rpi4(void **state)
{
	FILE *f = fopen(RPI4_DTB, "rb");
	void *fdt;
	long size;

	(void)state;
	if (!f) {
		printf("note: %s not installed (tools/setup), its tree not checked\n", RPI4_DTB);
		return;
	}
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	size = ftell(f);
	rewind(f);
	fdt = malloc((size_t)size);
	assert_non_null(fdt);
	assert_int_equal(fread(fdt, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	assert_int_equal(fdt_check_header(fdt), 0);
	assert_true(dtindex_build(&ix, fdt));
	assert_true(ix.count > 200 && ix.count <= DTINDEX_MAX_NODES);
	check_tree(fdt, &ix);
	free(fdt);
}

/* Not indexed, or indexed and then changed: every lookup is libfdt's. */
static void test_not_covered(void **state)
{
	void *src = unit_load_dtb("virt-gicv3");
	int size = (int)fdt_totalsize(src) + 4096;
	void *fdt = malloc((size_t)size);
	int node;

	(void)state;
	assert_non_null(fdt);
	assert_int_equal(fdt_open_into(src, fdt, size), 0);
	assert_false(dtindex_covers(NULL, fdt));
	check_tree(fdt, NULL);
	assert_true(dtindex_build(&ix, fdt));
	assert_false(dtindex_covers(&ix, src)); /* another tree */
	node = fdt_path_offset(fdt, "/cpus");
	assert_true(node >= 0);
	assert_int_equal(fdt_setprop_string(fdt, node, "septum,test", "a longer property"), 0);
	assert_false(dtindex_covers(&ix, fdt));
	check_tree(fdt, &ix);
	free(fdt);
	free(src);
}

/* 'compatible' lists libfdt reads oddly: no final NUL, empty strings; "" searched for. */
static void test_odd_compatible(void **state)
{
	void *src = unit_load_dtb("virt-gicv3");
	int size = (int)fdt_totalsize(src) + 4096;
	void *fdt = malloc((size_t)size);

	(void)state;
	assert_non_null(fdt);
	assert_int_equal(fdt_open_into(src, fdt, size), 0);
	assert_int_equal(fdt_setprop(fdt, fdt_path_offset(fdt, "/cpus"), "compatible", "abc", 3), 0);
	assert_int_equal(fdt_setprop(fdt, fdt_path_offset(fdt, "/psci"), "compatible", "x\0\0abc", 6), 0);
	assert_true(dtindex_build(&ix, fdt));
	check_compatible(fdt, &ix, "abc");
	check_compatible(fdt, &ix, "ab");
	check_compatible(fdt, &ix, "x");
	check_compatible(fdt, &ix, "");
	check_tree(fdt, &ix);
	free(fdt);
	free(src);
}

/* More nodes than the index holds: dtindex_build() declines, libfdt answers. */
static void test_too_many_nodes(void **state)
{
	int size = 64 * 1024;
	void *fdt = malloc((size_t)size);
	char name[32];

	(void)state;
	assert_non_null(fdt);
	assert_int_equal(fdt_create_empty_tree(fdt, size), 0);
	for (int i = 0; i < DTINDEX_MAX_NODES; i++) {
		snprintf(name, sizeof(name), "n@%x", i);
		assert_true(fdt_add_subnode(fdt, 0, name) >= 0);
	}
	assert_false(dtindex_build(&ix, fdt)); /* the root and 512 nodes */
	assert_false(dtindex_covers(&ix, fdt));
	assert_int_equal(dtindex_path_offset(&ix, fdt, "/n@1ff"), fdt_path_offset(fdt, "/n@1ff"));
	assert_true(dtindex_path_offset(&ix, fdt, "/n@1ff") > 0);
	fdt_del_node(fdt, fdt_path_offset(fdt, "/n@0"));
	assert_true(dtindex_build(&ix, fdt)); /* exactly DTINDEX_MAX_NODES */
	assert_int_equal(ix.count, DTINDEX_MAX_NODES);
	check_path(fdt, &ix, "/n@1ff");
	check_path(fdt, &ix, "/n@100");
	free(fdt);
}

/* A structure block the pass does not accept (a bad tag): libfdt's errors. */
static void test_bad_structure(void **state)
{
	void *fdt = unit_load_dtb("virt-gicv3");
	fdt32_t *s;
	int node;

	(void)state;
	node = fdt_path_offset(fdt, "/cpus");
	assert_true(node > 0);
	s = (fdt32_t *)((char *)fdt + fdt_off_dt_struct(fdt) + node);
	*s = cpu_to_fdt32(0x7); /* no such tag */
	assert_false(dtindex_build(&ix, fdt));
	assert_int_equal(dtindex_path_offset(&ix, fdt, "/cpus"), fdt_path_offset(fdt, "/cpus"));
	assert_int_equal(dtindex_by_compatible(&ix, fdt, -1, "arm,armv8-timer"),
			 fdt_node_offset_by_compatible(fdt, -1, "arm,armv8-timer"));
	free(fdt);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trees),	      cmocka_unit_test(test_rpi4),
		cmocka_unit_test(test_not_covered),   cmocka_unit_test(test_too_many_nodes),
		cmocka_unit_test(test_bad_structure), cmocka_unit_test(test_odd_compatible),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
