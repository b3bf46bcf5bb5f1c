/* SPDX-License-Identifier: MIT */
/*
 * An index of a flattened device tree, built in one pass over its
 * structure block: every node's offset, parent, subtree, name, first
 * property, and its 'compatible', 'device_type' and phandle, so that the
 * lookups the board discovery makes (by path, compatible, phandle, parent,
 * a node's path, a property) cost a search of the index instead of a walk
 * of the tree with libfdt, which steps over every node name one byte at a
 * time (docs/performance.md, "Boot").
 *
 * Every dtindex_*() lookup answers exactly as the libfdt function it
 * replaces (same offsets, same lengths, same negative FDT_ERR_* codes).
 * When the index does not cover @fdt (never built for it, the tree changed
 * size since, a node beyond DTINDEX_MAX_NODES, a structure the pass does
 * not accept) or the offset is not a node it holds, the lookup is libfdt's
 * own, so a malformed tree gets libfdt's answers and error codes.
 * Pure logic, no hardware access: the hypervisor and the host unit tests
 * build the same file.
 */
#ifndef SEPTUM_DTINDEX_H
#define SEPTUM_DTINDEX_H

#include <septum/types.h>

#define DTINDEX_MAX_NODES 512 /* the Raspberry Pi 4's device tree has 254 */
#define DTINDEX_MAX_DEPTH 32

struct dtindex_node {
	uint32_t off;	     /* node offset (in the structure block, as libfdt's) */
	uint32_t props;	     /* offset of the first tag after the node's name */
	uint32_t end;	     /* index of the first node after this node's subtree */
	int32_t parent;	     /* index of the parent, -1 for the root */
	uint32_t compat;     /* offset of the first 'compatible' value, 0: none */
	uint32_t dev_type;   /* offset of the first 'device_type' value, 0: none */
	uint32_t phandle;    /* offset of the first 'phandle' value, 0: none */
	uint32_t lphandle;   /* offset of the first 'linux,phandle' value, 0: none */
	uint32_t compat_len; /* lengths of the values above */
	uint32_t dev_type_len;
	uint32_t phandle_len;
	uint32_t lphandle_len;
	uint32_t name_len;
	uint64_t compat_bits; /* bit dtindex_str_bit(s) for each string s of 'compatible' */
};

struct dtindex {
	const void *fdt;       /* the tree indexed, NULL: none */
	uint32_t struct_size;  /* its size_dt_struct and size_dt_strings then */
	uint32_t strings_size; /* (a tree edited since no longer matches) */
	unsigned int count;
	struct dtindex_node nodes[DTINDEX_MAX_NODES];
};

/*
 * Index @fdt (its header already checked, fdt_check_header()). Returns true
 * if the index covers the tree; false leaves every lookup to libfdt.
 */
bool dtindex_build(struct dtindex *ix, const void *fdt);

/* Does @ix index @fdt (as it is now)? @ix may be NULL. */
bool dtindex_covers(const struct dtindex *ix, const void *fdt);

/* fdt_getprop(). */
const void *dtindex_getprop(const struct dtindex *ix, const void *fdt, int node, const char *name, int *lenp);

/* fdt_get_name(). */
const char *dtindex_get_name(const struct dtindex *ix, const void *fdt, int node, int *lenp);

/* fdt_parent_offset(). */
int dtindex_parent(const struct dtindex *ix, const void *fdt, int node);

/* fdt_path_offset_namelen() and fdt_path_offset(). */
int dtindex_path_offset_namelen(const struct dtindex *ix, const void *fdt, const char *path, int len);
int dtindex_path_offset(const struct dtindex *ix, const void *fdt, const char *path);

/* fdt_get_path(). */
int dtindex_get_path(const struct dtindex *ix, const void *fdt, int node, char *buf, int buflen);

/* fdt_node_offset_by_compatible(). */
int dtindex_by_compatible(const struct dtindex *ix, const void *fdt, int start, const char *compatible);

/* fdt_node_offset_by_prop_value(@start, "device_type", @val, @len). */
int dtindex_by_device_type(const struct dtindex *ix, const void *fdt, int start, const char *val, int len);

/* fdt_node_offset_by_phandle(). */
int dtindex_by_phandle(const struct dtindex *ix, const void *fdt, uint32_t phandle);

/* fdt_first_subnode() and fdt_next_subnode(). */
int dtindex_first_subnode(const struct dtindex *ix, const void *fdt, int node);
int dtindex_next_subnode(const struct dtindex *ix, const void *fdt, int node);

#define dtindex_for_each_subnode(ix, node, fdt, parent)                          \
	for ((node) = dtindex_first_subnode((ix), (fdt), (parent)); (node) >= 0; \
	     (node) = dtindex_next_subnode((ix), (fdt), (node)))

#endif
