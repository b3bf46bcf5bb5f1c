// SPDX-License-Identifier: MIT
/*
 * A minimal reader of the guest's flattened device tree (devicetree
 * specification v0.4, chapter 5): /chosen/bootargs, a node's property by
 * the node's compatible string, the root's address and size cells. It
 * walks the structure block with byte loads: the MMU is off, so every
 * access must be naturally aligned and the tree's words may not be.
 */
#include <septum/string.h>

#include "guest.h"

#define FDT_MAGIC 0xd00dfeed
#define FDT_OFF_STRUCT 8
#define FDT_OFF_STRINGS 12
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define ALIGN4(x) (((x) + 3) & ~(size_t)3)
#define DEFAULT_ADDRESS_CELLS 2
#define DEFAULT_SIZE_CELLS 1

static uint32_t be32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

uint64_t guest_fdt_read(const void *p, uint32_t cells)
{
	const uint8_t *b = p;

	return cells == 2 ? (uint64_t)be32(b) << 32 | be32(b + 4) : be32(b);
}

/*
 * One walk over the structure block: for every property, @fn(ctx, depth,
 * node, name, value, len) where @node is the first property of its node
 * (so two properties of one node share it); a non-zero return stops the
 * walk and is returned.
 */
typedef int (*fdt_prop_fn)(void *ctx, int depth, const char *node_name, const uint8_t *node, const char *name,
			   const uint8_t *value, uint32_t len);

static int fdt_walk(const void *dtb, fdt_prop_fn fn, void *ctx)
{
	const uint8_t *fdt = dtb, *p, *strings, *node = NULL;
	const char *node_name = "";
	int depth = 0;

	if (!dtb || be32(fdt) != FDT_MAGIC)
		return 0;
	p = fdt + be32(fdt + FDT_OFF_STRUCT);
	strings = fdt + be32(fdt + FDT_OFF_STRINGS);
	for (;;) {
		uint32_t tag = be32(p);

		p += 4;
		if (tag == FDT_BEGIN_NODE) {
			node_name = (const char *)p;
			depth++;
			p += ALIGN4(strlen(node_name) + 1);
			node = p;
		} else if (tag == FDT_END_NODE) {
			depth--;
		} else if (tag == FDT_PROP) {
			uint32_t len = be32(p), nameoff = be32(p + 4);
			int r = fn(ctx, depth, node_name, node, (const char *)strings + nameoff, p + 8, len);

			if (r)
				return r;
			p += 8 + ALIGN4(len);
		} else if (tag != FDT_NOP) {
			return 0; /* FDT_END, or a broken tree */
		}
	}
}

struct find {
	const char *compatible, *prop;
	const uint8_t *node; /* the matching node, once found */
	const uint8_t *value;
	uint32_t len;
};

/* Whether the string list @v (@len bytes) holds @s. */
static bool list_has(const uint8_t *v, uint32_t len, const char *s)
{
	for (uint32_t i = 0; i < len;) {
		const char *item = (const char *)v + i;

		if (!strcmp(item, s))
			return true;
		i += (uint32_t)strlen(item) + 1;
	}
	return false;
}

static int find_node(void *ctx, int depth, const char *node_name, const uint8_t *node, const char *name,
		     const uint8_t *value, uint32_t len)
{
	struct find *f = ctx;

	(void)depth;
	(void)node_name;
	if (!strcmp(name, "compatible") && list_has(value, len, f->compatible)) {
		f->node = node;
		return 1;
	}
	return 0;
}

static int find_prop(void *ctx, int depth, const char *node_name, const uint8_t *node, const char *name,
		     const uint8_t *value, uint32_t len)
{
	struct find *f = ctx;

	(void)depth;
	(void)node_name;
	if (node == f->node && !strcmp(name, f->prop)) {
		f->value = value;
		f->len = len;
		return 1;
	}
	return 0;
}

const void *guest_fdt_prop(const void *dtb, const char *compatible, const char *prop, uint32_t *len)
{
	struct find f = { .compatible = compatible, .prop = prop };

	if (!fdt_walk(dtb, find_node, &f) || !fdt_walk(dtb, find_prop, &f))
		return NULL;
	*len = f.len;
	return f.value;
}

struct root_find {
	const char *prop;
	uint32_t value;
};

static int find_root_prop(void *ctx, int depth, const char *node_name, const uint8_t *node, const char *name,
			  const uint8_t *value, uint32_t len)
{
	struct root_find *f = ctx;

	(void)node_name;
	(void)node;
	if (depth == 1 && len == 4 && !strcmp(name, f->prop)) {
		f->value = be32(value);
		return 1;
	}
	return 0;
}

uint32_t guest_fdt_root_cells(const void *dtb, bool size)
{
	struct root_find f = { size ? "#size-cells" : "#address-cells",
			       size ? DEFAULT_SIZE_CELLS : DEFAULT_ADDRESS_CELLS };

	fdt_walk(dtb, find_root_prop, &f);
	return f.value;
}

struct bootargs_find {
	const char *value;
};

static int find_bootargs(void *ctx, int depth, const char *node_name, const uint8_t *node, const char *name,
			 const uint8_t *value, uint32_t len)
{
	struct bootargs_find *f = ctx;

	(void)node;
	(void)len;
	if (depth == 2 && !strcmp(node_name, "chosen") && !strcmp(name, "bootargs")) {
		f->value = (const char *)value;
		return 1;
	}
	return 0;
}

const char *guest_bootargs(const void *dtb)
{
	struct bootargs_find f = { "" };

	fdt_walk(dtb, find_bootargs, &f);
	return f.value;
}
