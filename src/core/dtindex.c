// SPDX-License-Identifier: MIT
/*
 * The device-tree index (septum/dtindex.h): one pass over the structure
 * block records every node; the lookups then search the index and answer
 * as libfdt would. The pass checks every tag, name and property length
 * against the blocks' sizes, so a lookup can step over a node's properties
 * without checking them again; a tree the pass does not accept is left to
 * libfdt entirely.
 */
#include <libfdt.h>
#include <septum/dtindex.h>
#include <septum/string.h>

#define TAG_SIZE 4	       /* FDT_TAGSIZE */
#define PROP_HDR_SIZE 12       /* tag, len, nameoff */
#define DTINDEX_MIN_VERSION 17 /* size_dt_struct is in the header from version 17 */

/* A big-endian word of the structure block: 4-byte aligned in an indexed tree (build() checks). */
static uint32_t ld32(const char *p)
{
	return fdt32_to_cpu(*(const fdt32_t *)(const void *)p);
}

static const char *struct_block(const void *fdt)
{
	return (const char *)fdt + fdt_off_dt_struct(fdt);
}

static const char *strings_block(const void *fdt)
{
	return (const char *)fdt + fdt_off_dt_strings(fdt);
}

static uint32_t tag_align(uint32_t off)
{
	return (off + TAG_SIZE - 1) & ~(uint32_t)(TAG_SIZE - 1);
}

/* A hash of @h with the next character @c, and the bit of a finished hash in compat_bits. */
static uint32_t hash_step(uint32_t h, unsigned char c)
{
	return h * 31 + c;
}

static uint64_t hash_bit(uint32_t h)
{
	return 1ULL << ((h ^ (h >> 16)) & 63);
}

/*
 * The bits of the strings of a 'compatible' list (@len bytes): a node can
 * only have compatible string s if its bits include s's, so a search by
 * compatible checks the list of only those nodes (with libfdt's
 * fdt_stringlist_contains(), the answer stays libfdt's). Not for "", which
 * libfdt also finds just past the end of a list.
 */
static uint64_t compat_bits(const char *list, uint32_t len)
{
	uint64_t bits = 0;
	uint32_t h = 0;

	for (uint32_t i = 0; i < len; i++) {
		if (list[i]) {
			h = hash_step(h, (unsigned char)list[i]);
			continue;
		}
		bits |= hash_bit(h);
		h = 0;
	}
	if (len && list[len - 1]) /* a last string with no NUL: libfdt may match it (the byte after is 0) */
		bits |= hash_bit(h);
	return bits;
}

static uint64_t str_bit(const char *s)
{
	uint32_t h = 0;

	while (*s)
		h = hash_step(h, (unsigned char)*s++);
	return hash_bit(h);
}

/* Note property @name (value at @val in structure block @s, @len bytes) of node @n if the index keeps it. */
static void note_prop(struct dtindex_node *n, const char *s, const char *name, uint32_t val, uint32_t len)
{
	uint32_t *off = NULL, *olen = NULL;

	switch (name[0]) { /* most names differ from all four at their first letter */
	case 'c':
		if (!strcmp(name, "compatible")) {
			off = &n->compat, olen = &n->compat_len;
			if (!n->compat)
				n->compat_bits = compat_bits(s + val, len);
		}
		break;
	case 'd':
		if (!strcmp(name, "device_type"))
			off = &n->dev_type, olen = &n->dev_type_len;
		break;
	case 'p':
		if (!strcmp(name, "phandle"))
			off = &n->phandle, olen = &n->phandle_len;
		break;
	case 'l':
		if (!strcmp(name, "linux,phandle"))
			off = &n->lphandle, olen = &n->lphandle_len;
		break;
	default:
		break;
	}
	if (off && !*off) { /* the first one, as fdt_getprop() finds */
		*off = val;
		*olen = len;
	}
}

static bool build(struct dtindex *ix, const void *fdt)
{
	const char *s = struct_block(fdt), *str = strings_block(fdt);
	uint32_t size = fdt_size_dt_struct(fdt), ssize = fdt_size_dt_strings(fdt), off = 0;
	bool strings_ok = ssize > 0 && str[ssize - 1] == '\0'; /* every name then ends in the block */
	int32_t stack[DTINDEX_MAX_DEPTH];
	int depth = 0;

	if (((uintptr_t)fdt | (uintptr_t)s) % TAG_SIZE || fdt_version(fdt) < DTINDEX_MIN_VERSION ||
	    size < TAG_SIZE || ld32(s) != FDT_BEGIN_NODE)
		return false;
	for (;;) {
		struct dtindex_node *n;
		uint32_t len, nameoff;
		size_t max, nl;

		if (off > size - TAG_SIZE)
			return false;
		switch (ld32(s + off)) {
		case FDT_BEGIN_NODE:
			if ((depth == 0 && ix->count) || depth == DTINDEX_MAX_DEPTH ||
			    ix->count == DTINDEX_MAX_NODES)
				return false;
			max = size - off - TAG_SIZE;
			nl = strnlen(s + off + TAG_SIZE, max);
			if (nl == max)
				return false;
			n = &ix->nodes[ix->count];
			*n = (struct dtindex_node){ .off = off,
						    .parent = depth ? stack[depth - 1] : -1,
						    .name_len = (uint32_t)nl };
			off = tag_align(off + TAG_SIZE + (uint32_t)nl + 1);
			n->props = off;
			stack[depth++] = (int32_t)ix->count++;
			break;
		case FDT_END_NODE:
			if (depth == 0)
				return false;
			ix->nodes[stack[--depth]].end = ix->count;
			off += TAG_SIZE;
			break;
		case FDT_PROP:
			if (depth == 0 || !strings_ok || size - off < PROP_HDR_SIZE)
				return false;
			len = ld32(s + off + 4);
			nameoff = ld32(s + off + 8);
			if (len > size - off - PROP_HDR_SIZE || nameoff >= ssize)
				return false;
			note_prop(&ix->nodes[stack[depth - 1]], s, str + nameoff, off + PROP_HDR_SIZE, len);
			off = tag_align(off + PROP_HDR_SIZE + len);
			break;
		case FDT_NOP:
			off += TAG_SIZE;
			break;
		case FDT_END:
			return depth == 0 && ix->count > 0;
		default:
			return false;
		}
	}
}

bool dtindex_build(struct dtindex *ix, const void *fdt)
{
	ix->fdt = NULL;
	ix->count = 0;
	if (!build(ix, fdt)) {
		ix->count = 0;
		return false;
	}
	ix->struct_size = fdt_size_dt_struct(fdt);
	ix->strings_size = fdt_size_dt_strings(fdt);
	ix->fdt = fdt;
	return true;
}

bool dtindex_covers(const struct dtindex *ix, const void *fdt)
{
	const struct fdt_header *h = fdt; /* aligned when indexed (build()) */

	return ix && fdt && ix->fdt == fdt && ix->struct_size == fdt32_to_cpu(h->size_dt_struct) &&
	       ix->strings_size == fdt32_to_cpu(h->size_dt_strings);
}

/* The index entry of the node at offset @node, or -1 (not a node the index holds, or no index). */
static int find(const struct dtindex *ix, const void *fdt, int node)
{
	unsigned int lo = 0, hi;

	if (node < 0 || !dtindex_covers(ix, fdt))
		return -1;
	hi = ix->count;
	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (ix->nodes[mid].off < (uint32_t)node)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ix->count && ix->nodes[lo].off == (uint32_t)node ? (int)lo : -1;
}

const void *dtindex_getprop(const struct dtindex *ix, const void *fdt, int node, const char *name, int *lenp)
{
	int i = find(ix, fdt, node);
	const char *s, *str, *pname;
	uint32_t off;

	if (i < 0)
		return fdt_getprop(fdt, node, name, lenp);
	s = struct_block(fdt);
	str = strings_block(fdt);
	off = ix->nodes[i].props;
	for (;;) { /* the build checked every tag up to the node's first child or its end */
		uint32_t tag = ld32(s + off), len;

		if (tag == FDT_NOP) {
			off += TAG_SIZE;
			continue;
		}
		if (tag != FDT_PROP)
			break;
		len = ld32(s + off + 4);
		pname = str + ld32(s + off + 8);
		if (pname[0] == name[0] && !strcmp(pname, name)) {
			if (lenp)
				*lenp = (int)len;
			return s + off + PROP_HDR_SIZE;
		}
		off = tag_align(off + PROP_HDR_SIZE + len);
	}
	if (lenp)
		*lenp = -FDT_ERR_NOTFOUND;
	return NULL;
}

const char *dtindex_get_name(const struct dtindex *ix, const void *fdt, int node, int *lenp)
{
	int i = find(ix, fdt, node);

	if (i < 0)
		return fdt_get_name(fdt, node, lenp);
	if (lenp)
		*lenp = (int)ix->nodes[i].name_len;
	return struct_block(fdt) + ix->nodes[i].off + TAG_SIZE;
}

int dtindex_parent(const struct dtindex *ix, const void *fdt, int node)
{
	int i = find(ix, fdt, node);

	if (i < 0)
		return fdt_parent_offset(fdt, node);
	if (ix->nodes[i].parent < 0)
		return -FDT_ERR_NOTFOUND;
	return (int)ix->nodes[ix->nodes[i].parent].off;
}

/* libfdt's node-name match: "name" also matches "name@unit" when @s has no unit address. */
static bool name_eq(const char *name, uint32_t name_len, const char *s, size_t len)
{
	if (name_len < len || (len && name[0] != s[0]) || memcmp(name, s, len))
		return false;
	if (name_len == len)
		return true;
	return name[len] == '@' && !memchr(s, '@', len);
}

int dtindex_path_offset_namelen(const struct dtindex *ix, const void *fdt, const char *path, int len)
{
	const char *p = path, *end = path + len, *s;
	unsigned int cur = 0;

	if (len <= 0 || path[0] != '/' || !dtindex_covers(ix, fdt))
		return fdt_path_offset_namelen(fdt, path, len); /* aliases too */
	s = struct_block(fdt);
	while (p < end) {
		const char *q;
		unsigned int j;

		while (*p == '/') {
			p++;
			if (p == end)
				return (int)ix->nodes[cur].off;
		}
		q = memchr(p, '/', (size_t)(end - p));
		if (!q)
			q = end;
		for (j = cur + 1; j < ix->nodes[cur].end; j = ix->nodes[j].end)
			if (name_eq(s + ix->nodes[j].off + TAG_SIZE, ix->nodes[j].name_len, p,
				    (size_t)(q - p)))
				break;
		if (j >= ix->nodes[cur].end)
			return -FDT_ERR_NOTFOUND;
		cur = j;
		p = q;
	}
	return (int)ix->nodes[cur].off;
}

int dtindex_path_offset(const struct dtindex *ix, const void *fdt, const char *path)
{
	return dtindex_path_offset_namelen(ix, fdt, path, (int)strlen(path));
}

int dtindex_get_path(const struct dtindex *ix, const void *fdt, int node, char *buf, int buflen)
{
	int i = find(ix, fdt, node), chain[DTINDEX_MAX_DEPTH], depth = 0, p = 0;
	const char *s;

	if (i < 0)
		return fdt_get_path(fdt, node, buf, buflen);
	if (buflen < 2)
		return -FDT_ERR_NOSPACE;
	for (int k = i; k >= 0; k = ix->nodes[k].parent)
		chain[depth++] = k; /* the build kept the depth below DTINDEX_MAX_DEPTH */
	s = struct_block(fdt);
	while (depth > 0) { /* each name and a '/', as fdt_get_path() */
		const struct dtindex_node *n = &ix->nodes[chain[--depth]];

		if (p + (int)n->name_len + 1 > buflen)
			return -FDT_ERR_NOSPACE;
		memcpy(buf + p, s + n->off + TAG_SIZE, n->name_len);
		p += (int)n->name_len;
		buf[p++] = '/';
	}
	if (p > 1)
		p--; /* the root alone is "/" */
	buf[p] = '\0';
	return 0;
}

/* The entry to search from after @start (-1: from the root), or -1 to leave the search to libfdt. */
static int first_after(const struct dtindex *ix, const void *fdt, int start)
{
	int i;

	if (!dtindex_covers(ix, fdt))
		return -1;
	if (start == -1)
		return 0;
	i = find(ix, fdt, start);
	return i < 0 ? -1 : i + 1;
}

int dtindex_by_compatible(const struct dtindex *ix, const void *fdt, int start, const char *compatible)
{
	int i = first_after(ix, fdt, start);
	const char *s = struct_block(fdt);
	uint64_t bit;

	if (i < 0)
		return fdt_node_offset_by_compatible(fdt, start, compatible);
	bit = compatible[0] ? str_bit(compatible) : ~0ULL; /* "": every node's list, as libfdt */
	for (; i < (int)ix->count; i++) {
		const struct dtindex_node *n = &ix->nodes[i];

		if ((n->compat_bits & bit) &&
		    fdt_stringlist_contains(s + n->compat, (int)n->compat_len, compatible))
			return (int)n->off;
	}
	return -FDT_ERR_NOTFOUND;
}

int dtindex_by_device_type(const struct dtindex *ix, const void *fdt, int start, const char *val, int len)
{
	int i = first_after(ix, fdt, start);
	const char *s = struct_block(fdt);

	if (i < 0)
		return fdt_node_offset_by_prop_value(fdt, start, "device_type", val, len);
	for (; i < (int)ix->count; i++) {
		const struct dtindex_node *n = &ix->nodes[i];

		if (n->dev_type && n->dev_type_len == (uint32_t)len &&
		    !memcmp(s + n->dev_type, val, (size_t)len))
			return (int)n->off;
	}
	return -FDT_ERR_NOTFOUND;
}

int dtindex_by_phandle(const struct dtindex *ix, const void *fdt, uint32_t phandle)
{
	const char *s = struct_block(fdt);

	if (!dtindex_covers(ix, fdt))
		return fdt_node_offset_by_phandle(fdt, phandle);
	if (phandle == 0 || phandle == ~0U)
		return -FDT_ERR_BADPHANDLE;
	for (unsigned int i = 0; i < ix->count; i++) {
		const struct dtindex_node *n = &ix->nodes[i];
		uint32_t at = 0;

		if (n->phandle && n->phandle_len == sizeof(fdt32_t)) /* fdt_get_phandle() */
			at = n->phandle;
		else if (n->lphandle && n->lphandle_len == sizeof(fdt32_t))
			at = n->lphandle;
		if (at && ld32(s + at) == phandle)
			return (int)n->off;
	}
	return -FDT_ERR_NOTFOUND;
}

int dtindex_first_subnode(const struct dtindex *ix, const void *fdt, int node)
{
	int i = find(ix, fdt, node);

	if (i < 0)
		return fdt_first_subnode(fdt, node);
	if ((unsigned int)i + 1 < ix->nodes[i].end)
		return (int)ix->nodes[i + 1].off;
	return -FDT_ERR_NOTFOUND;
}

int dtindex_next_subnode(const struct dtindex *ix, const void *fdt, int node)
{
	int i = find(ix, fdt, node), parent;

	if (i < 0)
		return fdt_next_subnode(fdt, node);
	parent = ix->nodes[i].parent;
	if (parent >= 0 && ix->nodes[i].end < ix->nodes[parent].end)
		return (int)ix->nodes[ix->nodes[i].end].off;
	return -FDT_ERR_NOTFOUND;
}
