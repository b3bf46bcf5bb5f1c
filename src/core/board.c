// SPDX-License-Identifier: MIT
/*
 * Board discovery: turns the flattened device tree the loader handed over
 * into a struct board (RAM, reserved memory, CPUs, PSCI, GIC, timer and
 * console UART). Pure logic on top of libfdt, with no hardware access, so
 * the very same file runs in the hypervisor at boot and in host unit tests.
 * Every rejection names the node, the property and the offending values.
 */
#include <libfdt.h>
#include <septum/board.h>
#include <septum/dtindex.h>
#include <septum/string.h>

/* Interrupt specifier types of the GIC binding (first cell). */
#define GIC_SPEC_SPI 0
#define GIC_SPEC_PPI 1
#define GIC_SPI_BASE 32
#define GIC_PPI_BASE 16

/* MPIDR_EL1 affinity fields: Aff3 [39:32], Aff2..Aff0 [23:0]. */
#define MPIDR_AFF_MASK 0xff00ffffffULL

#define MAX_CELLS 4

struct parse {
	const void *fdt;
	struct board *b;
	struct board_status *st;
	const struct dtindex *ix; /* the tree's index (board_parse() builds it in b) */
};

static enum board_error fail(struct parse *p, enum board_error code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The parent of @node, from the index. */
static int parent_of(struct parse *p, int node)
{
	return dtindex_parent(p->ix, p->fdt, node);
}

static enum board_error fail(struct parse *p, enum board_error code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->st->msg, sizeof(p->st->msg), fmt, ap);
	va_end(ap);
	p->st->code = code;
	return code;
}

static void node_path(struct parse *p, int node, char *buf, int len)
{
	if (dtindex_get_path(p->ix, p->fdt, node, buf, len) < 0)
		snprintf(buf, len, "<node at offset %d>", node);
}

/*
 * @node's path in @buf (BOARD_PATH_MAX bytes), for a message: called only
 * when there is one to write, since finding a path walks the tree from its
 * root (most of the boot's instructions once, docs/performance.md).
 */
static const char *path_of(struct parse *p, int node, char *buf)
{
	node_path(p, node, buf, BOARD_PATH_MAX);
	return buf;
}

/* The path of @node, a child of the node at @parent_path: by its name, with no walk of the tree. */
static void child_path(struct parse *p, const char *parent_path, int node, char *buf)
{
	const char *name = dtindex_get_name(p->ix, p->fdt, node, NULL);

	if (name)
		snprintf(buf, BOARD_PATH_MAX, "%s/%s", parent_path, name);
	else
		node_path(p, node, buf, BOARD_PATH_MAX);
}

static void copy_str(char *dst, size_t size, const char *src, size_t len)
{
	if (len >= size)
		len = size - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
}

static uint64_t read_cells(const fdt32_t *cells, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = (v << 32) | fdt32_to_cpu(cells[i]);
	return v;
}

/* #address-cells / #size-cells that @node gives its children. */
static enum board_error child_cells(struct parse *p, int node, int *ac, int *sc)
{
	char path[BOARD_PATH_MAX];
	const fdt32_t *v;
	int len;

	*ac = 2;
	*sc = 1;
	v = dtindex_getprop(p->ix, p->fdt, node, "#address-cells", &len);
	if (v) {
		if (len != 4 || fdt32_to_cpu(*v) < 1 || fdt32_to_cpu(*v) > 2) {
			node_path(p, node, path, sizeof(path));
			return fail(p, BOARD_ERR_CELLS, "%s: #address-cells is %u, Septum supports 1 or 2",
				    path, len == 4 ? fdt32_to_cpu(*v) : 0);
		}
		*ac = (int)fdt32_to_cpu(*v);
	}
	v = dtindex_getprop(p->ix, p->fdt, node, "#size-cells", &len);
	if (v) {
		if (len != 4 || fdt32_to_cpu(*v) > 2) {
			node_path(p, node, path, sizeof(path));
			return fail(p, BOARD_ERR_CELLS, "%s: #size-cells is %u, Septum supports 0, 1 or 2",
				    path, len == 4 ? fdt32_to_cpu(*v) : 0);
		}
		*sc = (int)fdt32_to_cpu(*v);
	}
	return BOARD_OK;
}

/*
 * Translate @addr, a bus address of a child of @bus, up to a CPU physical
 * address by applying the "ranges" of @bus and of every ancestor.
 */
static enum board_error translate(struct parse *p, int bus, uint64_t *addr, int node)
{
	char path[BOARD_PATH_MAX], what[BOARD_PATH_MAX];

	while (bus > 0) {
		int parent = parent_of(p, bus);
		int cac, csc, pac, psc, len, entry;
		const fdt32_t *r;
		enum board_error e;
		bool found = false;

		if (parent < 0)
			return fail(p, BOARD_ERR_FDT, "%s: cannot find the parent of a bus (%s)",
				    path_of(p, node, what), fdt_strerror(parent));
		e = child_cells(p, bus, &cac, &csc);
		if (e)
			return e;
		e = child_cells(p, parent, &pac, &psc);
		if (e)
			return e;
		r = dtindex_getprop(p->ix, p->fdt, bus, "ranges", &len);
		if (!r)
			return fail(p, BOARD_ERR_RANGES,
				    "%s: address 0x%llx is on bus %s, which has no 'ranges' to the CPU",
				    path_of(p, node, what), (unsigned long long)*addr, path_of(p, bus, path));
		entry = (cac + pac + csc) * 4;
		if (len % entry)
			return fail(p, BOARD_ERR_RANGES,
				    "%s: 'ranges' has %d bytes, not a multiple of %d (child %d, parent %d, "
				    "size %d cells)",
				    path_of(p, bus, path), len, entry, cac, pac, csc);
		if (len == 0)
			found = true; /* empty ranges: identity */
		for (int off = 0; off < len && !found; off += entry) {
			const fdt32_t *c = r + off / 4;
			uint64_t child = read_cells(c, cac);
			uint64_t par = read_cells(c + cac, pac);
			uint64_t size = read_cells(c + cac + pac, csc);

			if (*addr >= child && *addr - child < size) {
				*addr = *addr - child + par;
				found = true;
			}
		}
		if (!found)
			return fail(p, BOARD_ERR_RANGES,
				    "%s: address 0x%llx is outside every 'ranges' entry of %s",
				    path_of(p, node, what), (unsigned long long)*addr, path_of(p, bus, path));
		bus = parent;
	}
	return BOARD_OK;
}

/*
 * Entry @index of the "reg" of @node, translated to a CPU address.
 * Returns BOARD_OK, or BOARD_ERR_FDT with *present = false if the entry
 * does not exist (the caller decides whether that is an error).
 */
static enum board_error read_reg(struct parse *p, int node, int index, struct pa_range *out, bool *present,
				 enum board_error kind)
{
	char path[BOARD_PATH_MAX];
	int parent = parent_of(p, node);
	const fdt32_t *reg;
	int ac, sc, len, entry;
	uint64_t addr, size;
	enum board_error e;

	*present = false;
	if (parent < 0)
		return fail(p, BOARD_ERR_FDT, "node at offset %d has no parent", node);
	e = child_cells(p, parent, &ac, &sc);
	if (e)
		return e;
	reg = dtindex_getprop(p->ix, p->fdt, node, "reg", &len);
	if (!reg)
		return BOARD_OK;
	entry = (ac + sc) * 4;
	if (len % entry)
		return fail(
			p, kind,
			"%s: 'reg' has %d bytes, not a multiple of %d (#address-cells %d, #size-cells %d)",
			path_of(p, node, path), len, entry, ac, sc);
	if ((index + 1) * entry > len)
		return BOARD_OK;
	addr = read_cells(reg + index * (ac + sc), ac);
	size = read_cells(reg + index * (ac + sc) + ac, sc);
	e = translate(p, parent, &addr, node);
	if (e)
		return e;
	out->base = pa_of(addr);
	out->size = size;
	*present = true;
	return BOARD_OK;
}

static bool node_enabled(struct parse *p, int node)
{
	const char *s = dtindex_getprop(p->ix, p->fdt, node, "status", NULL);

	return !s || !strcmp(s, "okay") || !strcmp(s, "ok");
}

static int reg_count(struct parse *p, int node)
{
	int parent = parent_of(p, node), ac, sc, len;

	if (parent < 0 || child_cells(p, parent, &ac, &sc) ||
	    !dtindex_getprop(p->ix, p->fdt, node, "reg", &len))
		return 0;
	return len / ((ac + sc) * 4);
}

static enum board_error parse_memory(struct parse *p)
{
	struct board *b = p->b;
	char path[BOARD_PATH_MAX];
	int node;

	for (node = dtindex_by_device_type(p->ix, p->fdt, -1, "memory", 7); node >= 0;
	     node = dtindex_by_device_type(p->ix, p->fdt, node, "memory", 7)) {
		int n;

		if (!node_enabled(p, node))
			continue;
		n = reg_count(p, node);
		if (n == 0) {
			struct pa_range r;
			bool present;
			enum board_error e = read_reg(p, node, 0, &r, &present, BOARD_ERR_MEMORY);

			if (e)
				return e;
			return fail(p, BOARD_ERR_MEMORY, "%s: memory node without a 'reg'",
				    path_of(p, node, path));
		}
		for (int i = 0; i < n; i++) {
			struct pa_range r;
			bool present;
			enum board_error e = read_reg(p, node, i, &r, &present, BOARD_ERR_MEMORY);

			if (e)
				return e;
			if (r.size == 0)
				continue;
			if (b->mem_count == BOARD_MAX_MEM)
				return fail(p, BOARD_ERR_LIMIT, "%s: more than %d RAM ranges",
					    path_of(p, node, path), BOARD_MAX_MEM);
			b->mem[b->mem_count++] = r;
		}
	}
	if (b->mem_count == 0)
		return fail(
			p, BOARD_ERR_MEMORY,
			"no RAM: the device tree has no memory node (device_type = \"memory\") with a 'reg'");
	return BOARD_OK;
}

static enum board_error add_reserved(struct parse *p, uint64_t base, uint64_t size, bool nomap,
				     const char *what)
{
	if (size == 0)
		return BOARD_OK;
	if (p->b->reserved_count == BOARD_MAX_RESERVED)
		return fail(p, BOARD_ERR_LIMIT, "%s: more than %d reserved memory ranges", what,
			    BOARD_MAX_RESERVED);
	p->b->reserved[p->b->reserved_count].base = pa_of(base);
	p->b->reserved[p->b->reserved_count].size = size;
	if (nomap)
		p->b->reserved_nomap |= 1U << p->b->reserved_count;
	p->b->reserved_count++;
	return BOARD_OK;
}

static enum board_error parse_reserved(struct parse *p)
{
	char path[BOARD_PATH_MAX];
	int n = fdt_num_mem_rsv(p->fdt), rm, child;

	for (int i = 0; i < n; i++) {
		uint64_t base, size;
		enum board_error e;

		if (fdt_get_mem_rsv(p->fdt, i, &base, &size) < 0)
			return fail(p, BOARD_ERR_RESERVED, "/memreserve/ entry %d cannot be read", i);
		e = add_reserved(p, base, size, false, "/memreserve/");
		if (e)
			return e;
	}
	rm = dtindex_path_offset(p->ix, p->fdt, "/reserved-memory");
	if (rm < 0)
		return BOARD_OK;
	dtindex_for_each_subnode(p->ix, child, p->fdt, rm)
	{
		int count = reg_count(p, child);

		if (!node_enabled(p, child))
			continue;
		child_path(p, "/reserved-memory", child, path);
		if (count == 0 && dtindex_getprop(p->ix, p->fdt, child, "reg", NULL)) {
			struct pa_range r;
			bool present;
			enum board_error e = read_reg(p, child, 0, &r, &present, BOARD_ERR_RESERVED);

			if (e)
				return e;
		}
		for (int i = 0; i < count; i++) {
			struct pa_range r;
			bool present;
			enum board_error e = read_reg(p, child, i, &r, &present, BOARD_ERR_RESERVED);

			if (e)
				return e;
			e = add_reserved(p, pa_val(r.base), r.size,
					 dtindex_getprop(p->ix, p->fdt, child, "no-map", NULL) != NULL, path);
			if (e)
				return e;
		}
	}
	return BOARD_OK;
}

static enum board_error parse_cpus(struct parse *p)
{
	struct board *b = p->b;
	char path[BOARD_PATH_MAX];
	int cpus = dtindex_path_offset(p->ix, p->fdt, "/cpus"), node, ac, sc;
	bool need_psci = false;
	enum board_error e;

	if (cpus < 0)
		return fail(p, BOARD_ERR_CPUS, "no /cpus node in the device tree");
	e = child_cells(p, cpus, &ac, &sc);
	if (e)
		return e;
	if (sc != 0)
		return fail(p, BOARD_ERR_CELLS, "/cpus: #size-cells is %d, must be 0", sc);
	dtindex_for_each_subnode(p->ix, node, p->fdt, cpus)
	{
		const char *type = dtindex_getprop(p->ix, p->fdt, node, "device_type", NULL);
		const char *method, *status;
		const fdt32_t *reg;
		struct board_cpu *c;
		int len;

		if (!type || strcmp(type, "cpu"))
			continue;
		status = dtindex_getprop(p->ix, p->fdt, node, "status", NULL);
		if (status && !strncmp(status, "fail", 4))
			continue;
		child_path(p, "/cpus", node, path);
		reg = dtindex_getprop(p->ix, p->fdt, node, "reg", &len);
		if (!reg || len != ac * 4)
			return fail(p, BOARD_ERR_CPUS,
				    "%s: 'reg' must be %d cell%s (the MPIDR), has %d bytes", path, ac,
				    ac == 1 ? "" : "s", reg ? len : 0);
		if (b->cpu_count == SEPTUM_MAX_CPUS) {
			b->cpus_ignored++;
			continue;
		}
		c = &b->cpus[b->cpu_count];
		memset(c, 0, sizeof(*c));
		c->mpidr = read_cells(reg, ac);
		copy_str(c->path, sizeof(c->path), path, strlen(path));
		if (c->mpidr & ~MPIDR_AFF_MASK)
			return fail(p, BOARD_ERR_CPUS,
				    "%s: 'reg' 0x%llx has bits outside the MPIDR affinity fields", path,
				    (unsigned long long)c->mpidr);
		for (unsigned int i = 0; i < b->cpu_count; i++)
			if (b->cpus[i].mpidr == c->mpidr)
				return fail(p, BOARD_ERR_CPUS, "%s: MPIDR 0x%llx is also used by %s", path,
					    (unsigned long long)c->mpidr, b->cpus[i].path);
		method = dtindex_getprop(p->ix, p->fdt, node, "enable-method", &len);
		if (!method) {
			c->method = CPU_ENABLE_NONE;
		} else if (!strcmp(method, "psci")) {
			c->method = CPU_ENABLE_PSCI;
			need_psci = true;
		} else if (!strcmp(method, "spin-table")) {
			const fdt32_t *ra = dtindex_getprop(p->ix, p->fdt, node, "cpu-release-addr", &len);

			if (!ra || (len != 8 && len != 4))
				return fail(p, BOARD_ERR_CPUS,
					    "%s: enable-method \"spin-table\" needs a 64-bit "
					    "'cpu-release-addr'%s",
					    path, ra ? " (it has the wrong size)" : "");
			c->method = CPU_ENABLE_SPIN_TABLE;
			c->release_addr = pa_of(read_cells(ra, len / 4));
		} else {
			return fail(
				p, BOARD_ERR_CPUS,
				"%s: enable-method \"%s\" is not supported (use \"psci\" or \"spin-table\")",
				path, method);
		}
		b->cpu_count++;
	}
	if (b->cpu_count == 0)
		return fail(p, BOARD_ERR_CPUS, "/cpus: no CPU node (device_type = \"cpu\")");
	if (need_psci && b->psci_conduit == PSCI_CONDUIT_NONE)
		return fail(
			p, BOARD_ERR_PSCI,
			"CPUs use enable-method \"psci\" but there is no /psci node with a valid 'method'");
	return BOARD_OK;
}

static enum board_error parse_psci(struct parse *p)
{
	static const char *const compat[] = { "arm,psci-1.0", "arm,psci-0.2", "arm,psci" };
	char path[BOARD_PATH_MAX];
	const char *method;
	int node = -1;

	for (unsigned int i = 0; i < ARRAY_SIZE(compat) && node < 0; i++) {
		node = dtindex_by_compatible(p->ix, p->fdt, -1, compat[i]);
		if (node >= 0)
			copy_str(p->b->psci_compatible, sizeof(p->b->psci_compatible), compat[i],
				 strlen(compat[i]));
	}
	if (node < 0)
		return BOARD_OK;
	method = dtindex_getprop(p->ix, p->fdt, node, "method", NULL);
	if (!method)
		return fail(p, BOARD_ERR_PSCI, "%s: no 'method' (\"smc\" or \"hvc\")",
			    path_of(p, node, path));
	if (!strcmp(method, "smc"))
		p->b->psci_conduit = PSCI_CONDUIT_SMC;
	else if (!strcmp(method, "hvc"))
		p->b->psci_conduit = PSCI_CONDUIT_HVC;
	else
		return fail(p, BOARD_ERR_PSCI, "%s: 'method' is \"%s\", must be \"smc\" or \"hvc\"",
			    path_of(p, node, path), method);
	return BOARD_OK;
}

/* The INTID of GIC interrupt specifier <@type @num ...>, false if it is neither an SPI nor a PPI. */
static bool gic_spec_intid(uint32_t type, uint32_t num, uint32_t *intid)
{
	if (type == GIC_SPEC_PPI && num < 16)
		*intid = num + GIC_PPI_BASE;
	else if (type == GIC_SPEC_SPI && num < 988)
		*intid = num + GIC_SPI_BASE;
	else
		return false;
	return true;
}

/* Decode interrupt specifier @index of @node (GIC binding) to an INTID. */
static enum board_error read_intid(struct parse *p, int node, int index, int icells, uint32_t *intid,
				   enum board_error kind)
{
	char path[BOARD_PATH_MAX];
	const fdt32_t *v;
	uint32_t type, num;
	int len;

	v = dtindex_getprop(p->ix, p->fdt, node, "interrupts", &len);
	if (!v || len < (index + 1) * icells * 4)
		return fail(p, kind, "%s: 'interrupts' has no entry %d (%d bytes, %d cells each)",
			    path_of(p, node, path), index, v ? len : 0, icells);
	v += index * icells;
	type = fdt32_to_cpu(v[0]);
	num = fdt32_to_cpu(v[1]);
	if (!gic_spec_intid(type, num, intid))
		return fail(p, kind, "%s: interrupt %d <%u %u> is not a valid GIC SPI or PPI",
			    path_of(p, node, path), index, type, num);
	return BOARD_OK;
}

static int gic_interrupt_cells(struct parse *p, int gic)
{
	const fdt32_t *v = dtindex_getprop(p->ix, p->fdt, gic, "#interrupt-cells", NULL);

	return v ? (int)fdt32_to_cpu(*v) : 3;
}

static enum board_error gic_regions(struct parse *p, int node, struct pa_range *out[], int count,
				    int required, const char *names)
{
	char path[BOARD_PATH_MAX];
	int have = reg_count(p, node);

	if (have < required) {
		struct pa_range r;
		bool present;
		enum board_error e = read_reg(p, node, 0, &r, &present, BOARD_ERR_GIC);

		if (e)
			return e;
		return fail(p, BOARD_ERR_GIC,
			    "%s: 'reg' has %d region%s, GICv%d virtualization needs %d (%s)",
			    path_of(p, node, path), have, have == 1 ? "" : "s", p->b->gic.version, required,
			    names);
	}
	for (int i = 0; i < count && i < have; i++) {
		bool present;
		enum board_error e = read_reg(p, node, i, out[i], &present, BOARD_ERR_GIC);

		if (e)
			return e;
	}
	return BOARD_OK;
}

static enum board_error parse_gic(struct parse *p)
{
	static const char *const v2_compat[] = { "arm,gic-400", "arm,cortex-a15-gic", "arm,cortex-a9-gic",
						 "arm,cortex-a7-gic" };
	struct board_gic *g = &p->b->gic;
	char path[BOARD_PATH_MAX];
	int node = -1, icells;
	enum board_error e;

	node = dtindex_by_compatible(p->ix, p->fdt, -1, "arm,gic-v3");
	if (node >= 0) {
		g->version = GIC_V3;
	} else {
		for (unsigned int i = 0; i < ARRAY_SIZE(v2_compat) && node < 0; i++)
			node = dtindex_by_compatible(p->ix, p->fdt, -1, v2_compat[i]);
		if (node < 0)
			return fail(
				p, BOARD_ERR_GIC,
				"no interrupt controller Septum can virtualize: need a GICv3 "
				"(\"arm,gic-v3\") or GICv2 (\"arm,gic-400\", \"arm,cortex-a15-gic\") node");
		g->version = GIC_V2;
	}
	node_path(p, node, path, sizeof(path));
	copy_str(g->path, sizeof(g->path), path, strlen(path));
	g->node = node;
	if (g->version == GIC_V2) {
		struct pa_range *regs[] = { &g->gicd, &g->gicc, &g->gich, &g->gicv };

		e = gic_regions(p, node, regs, 4, 4, "GICD, GICC, GICH, GICV");
		if (e)
			return e;
	} else {
		const fdt32_t *nr = dtindex_getprop(p->ix, p->fdt, node, "#redistributor-regions", NULL);
		uint32_t n = nr ? fdt32_to_cpu(*nr) : 1;
		struct pa_range *regs[1 + BOARD_MAX_GICR + 3];
		int count = 0;

		if (n < 1 || n > BOARD_MAX_GICR)
			return fail(p, BOARD_ERR_GIC,
				    "%s: #redistributor-regions is %u, Septum supports 1 to %d", path, n,
				    BOARD_MAX_GICR);
		regs[count++] = &g->gicd;
		for (uint32_t i = 0; i < n; i++)
			regs[count++] = &g->gicr[i];
		regs[count++] = &g->gicc;
		regs[count++] = &g->gich;
		regs[count++] = &g->gicv;
		g->gicr_count = n;
		e = gic_regions(p, node, regs, count, 1 + (int)n, "GICD and the redistributor regions");
		if (e)
			return e;
	}
	icells = gic_interrupt_cells(p, node);
	if (icells < 3)
		return fail(p, BOARD_ERR_GIC, "%s: #interrupt-cells is %d, the GIC binding needs 3 or more",
			    path, icells);
	if (dtindex_getprop(p->ix, p->fdt, node, "interrupts", NULL)) {
		e = read_intid(p, node, 0, icells, &g->maint_intid, BOARD_ERR_GIC);
		if (e)
			return e;
	}
	return BOARD_OK;
}

static enum board_error parse_timer(struct parse *p)
{
	struct board_timer *t = &p->b->timer;
	char path[BOARD_PATH_MAX];
	uint32_t *ids[] = { &t->intid_sec_phys, &t->intid_phys, &t->intid_virt, &t->intid_hyp };
	int node = dtindex_by_compatible(p->ix, p->fdt, -1, "arm,armv8-timer");
	int gic, icells;
	const fdt32_t *f;

	if (node < 0)
		node = dtindex_by_compatible(p->ix, p->fdt, -1, "arm,armv7-timer");
	if (node < 0)
		return fail(p, BOARD_ERR_TIMER, "no architected timer node (compatible \"arm,armv8-timer\")");
	gic = board_gic_node(p->fdt, p->b);
	icells = gic >= 0 ? gic_interrupt_cells(p, gic) : 3;
	for (unsigned int i = 0; i < ARRAY_SIZE(ids); i++) {
		enum board_error e = read_intid(p, node, (int)i, icells, ids[i], BOARD_ERR_TIMER);

		if (e)
			return e;
		if (*ids[i] >= GIC_SPI_BASE)
			return fail(p, BOARD_ERR_TIMER, "%s: timer interrupt %u is INTID %u, must be a PPI",
				    path_of(p, node, path), i, *ids[i]);
	}
	f = dtindex_getprop(p->ix, p->fdt, node, "clock-frequency", NULL);
	t->dt_freq = f ? fdt32_to_cpu(*f) : 0;
	t->present = true;
	return BOARD_OK;
}

static enum board_error parse_console(struct parse *p)
{
	struct board_uart *u = &p->b->uart;
	int chosen = dtindex_path_offset(p->ix, p->fdt, "/chosen"), node, len, plen;
	const char *sp, *colon, *compat;
	char path[BOARD_PATH_MAX];
	bool present;
	enum board_error e;

	if (chosen < 0)
		return BOARD_OK;
	p->b->bootargs = dtindex_getprop(p->ix, p->fdt, chosen, "bootargs", NULL);
	sp = dtindex_getprop(p->ix, p->fdt, chosen, "stdout-path", &len);
	if (!sp)
		sp = dtindex_getprop(p->ix, p->fdt, chosen, "linux,stdout-path", &len);
	if (!sp)
		return BOARD_OK;
	colon = memchr(sp, ':', (size_t)len);
	plen = colon ? (int)(colon - sp) : (int)strnlen(sp, (size_t)len);
	node = dtindex_path_offset_namelen(p->ix, p->fdt, sp, plen);
	if (node < 0)
		return fail(p, BOARD_ERR_CONSOLE, "/chosen: stdout-path \"%.*s\" does not name a node (%s)",
			    plen, sp, fdt_strerror(node));
	node_path(p, node, path, sizeof(path));
	copy_str(u->path, sizeof(u->path), path, strlen(path));
	u->node = node;
	compat = dtindex_getprop(p->ix, p->fdt, node, "compatible", &len);
	if (!compat || len <= 0)
		return fail(p, BOARD_ERR_CONSOLE, "%s: the stdout-path UART has no 'compatible'", path);
	copy_str(u->compatible, sizeof(u->compatible), compat, strnlen(compat, (size_t)len));
	u->compat_list = compat;
	u->compat_len = len;
	e = read_reg(p, node, 0, &u->regs, &present, BOARD_ERR_CONSOLE);
	if (e)
		return e;
	if (!present)
		return fail(p, BOARD_ERR_CONSOLE, "%s: the stdout-path UART has no 'reg'", path);
	u->present = true;
	return BOARD_OK;
}

enum board_error board_parse(const void *fdt, struct board *b, struct board_status *st)
{
	struct parse p = { fdt, b, st, &b->index };
	enum board_error e;
	const char *model;
	int err, len;

	memset(b, 0, offsetof(struct board, index)); /* dtindex_build() sets up the index */
	b->index.fdt = NULL;
	st->code = BOARD_OK;
	st->msg[0] = '\0';
	err = fdt_check_header(fdt);
	if (err)
		return fail(&p, BOARD_ERR_FDT, "not a flattened device tree: %s", fdt_strerror(err));
	(void)dtindex_build(&b->index, fdt); /* if it cannot, the lookups are libfdt's */
	model = dtindex_getprop(p.ix, fdt, 0, "model", &len);
	if (!model)
		model = dtindex_getprop(p.ix, fdt, 0, "compatible", &len);
	if (model)
		copy_str(b->model, sizeof(b->model), model, strnlen(model, (size_t)len));
	e = parse_memory(&p);
	if (!e)
		e = parse_reserved(&p);
	if (!e)
		e = parse_psci(&p);
	if (!e)
		e = parse_cpus(&p);
	if (!e)
		e = parse_gic(&p);
	if (!e)
		e = parse_timer(&p);
	if (!e)
		e = parse_console(&p);
	return e;
}

/* A node board_parse() found: its offset while the index covers @fdt, else by its path. */
static int found_node(const void *fdt, const struct board *b, int node, const char *path)
{
	return node > 0 && dtindex_covers(&b->index, fdt) ? node : dtindex_path_offset(&b->index, fdt, path);
}

int board_gic_node(const void *fdt, const struct board *b)
{
	return found_node(fdt, b, b->gic.node, b->gic.path);
}

int board_uart_node(const void *fdt, const struct board *b)
{
	return b->uart.present ? found_node(fdt, b, b->uart.node, b->uart.path) : -FDT_ERR_NOTFOUND;
}

int board_cpu_index(const struct board *b, uint64_t mpidr)
{
	for (unsigned int i = 0; i < b->cpu_count; i++)
		if (b->cpus[i].mpidr == (mpidr & MPIDR_AFF_MASK))
			return (int)i;
	return -1;
}

uint64_t board_ram_size(const struct board *b)
{
	uint64_t total = 0;

	for (unsigned int i = 0; i < b->mem_count; i++)
		total += b->mem[i].size;
	return total;
}

enum board_error board_node_regs(const void *fdt, const struct board *b, int node, struct pa_range *regs,
				 unsigned int max, unsigned int *count, struct board_status *st)
{
	struct parse p = { fdt, NULL, st, &b->index };
	char path[BOARD_PATH_MAX];
	struct pa_range r;
	bool present;
	int n;

	*count = 0;
	st->code = BOARD_OK;
	st->msg[0] = '\0';
	if (!dtindex_getprop(p.ix, fdt, node, "reg", NULL))
		return BOARD_OK;
	n = reg_count(&p, node);
	if (n == 0) /* an empty 'reg', or a malformed one: read_reg() says which */
		return read_reg(&p, node, 0, &r, &present, BOARD_ERR_RANGES);
	if ((unsigned int)n > max) {
		node_path(&p, node, path, sizeof(path));
		return fail(&p, BOARD_ERR_LIMIT, "%s: 'reg' has %d entries, Septum takes at most %u", path, n,
			    max);
	}
	for (int i = 0; i < n; i++) {
		enum board_error e = read_reg(&p, node, i, &regs[i], &present, BOARD_ERR_RANGES);

		if (e)
			return e;
	}
	*count = (unsigned int)n;
	return BOARD_OK;
}

/*
 * The interrupt parent of @node as the device-tree spec defines it: follow
 * 'interrupt-parent', else go to the parent node, until a node that is an
 * interrupt controller (#interrupt-cells) or a nexus (interrupt-map).
 */
static int interrupt_parent(struct parse *p, int node)
{
	for (int hops = 0; hops < 64; hops++) {
		int len, next;
		const fdt32_t *ph = dtindex_getprop(p->ix, p->fdt, node, "interrupt-parent", &len);

		if (ph && len != 4)
			return -FDT_ERR_BADPHANDLE;
		next = ph ? dtindex_by_phandle(p->ix, p->fdt, fdt32_ld(ph)) : parent_of(p, node);
		if (next < 0)
			return next;
		if (dtindex_getprop(p->ix, p->fdt, next, "#interrupt-cells", NULL) ||
		    dtindex_getprop(p->ix, p->fdt, next, "interrupt-map", NULL))
			return next;
		node = next;
	}
	return -FDT_ERR_BADSTRUCTURE;
}

static void parent_name(struct parse *p, int parent, uint32_t phandle, char *buf, int len)
{
	if (parent >= 0)
		node_path(p, parent, buf, len);
	else
		snprintf(buf, (size_t)len, "phandle 0x%x (%s)", phandle, fdt_strerror(parent));
}

enum board_error board_node_irqs(const void *fdt, const struct board *b, int node, uint32_t *intids,
				 unsigned int max, unsigned int *count, struct board_status *st)
{
	struct parse p = { fdt, NULL, st, &b->index };
	char path[BOARD_PATH_MAX], where[BOARD_PATH_MAX];
	const fdt32_t *v;
	int gic, icells, len, parent;
	unsigned int n = 0;

	*count = 0;
	st->code = BOARD_OK;
	st->msg[0] = '\0';
	gic = board_gic_node(fdt, b);
	if (gic < 0)
		return fail(&p, BOARD_ERR_GIC, "the GIC \"%s\" is not in this device tree (%s)", b->gic.path,
			    fdt_strerror(gic));
	icells = gic_interrupt_cells(&p, gic);
	if (icells < 3 || icells > 4)
		return fail(&p, BOARD_ERR_GIC, "%s: #interrupt-cells is %d, the GIC binding needs 3 or 4",
			    b->gic.path, icells);
	v = dtindex_getprop(p.ix, fdt, node, "interrupts-extended", &len);
	if (v) {
		/* <phandle specifier...> entries, each for its own controller. */
		for (int cell = 0; cell < len / 4; cell += 1 + icells) {
			uint32_t phandle = fdt32_ld(v + cell);

			parent = dtindex_by_phandle(p.ix, fdt, phandle);
			if (parent != gic) {
				parent_name(&p, parent, phandle, where, sizeof(where));
				return fail(&p, BOARD_ERR_IRQ,
					    "%s: interrupts-extended entry %u goes to %s, not to the GIC %s",
					    path_of(&p, node, path), n, where, b->gic.path);
			}
			if (len / 4 - cell < 1 + icells)
				return fail(&p, BOARD_ERR_IRQ,
					    "%s: 'interrupts-extended' has %d bytes: entry %u is cut short",
					    path_of(&p, node, path), len, n);
			if (n == max)
				return fail(&p, BOARD_ERR_LIMIT, "%s: more than %u interrupts",
					    path_of(&p, node, path), max);
			if (!gic_spec_intid(fdt32_ld(v + cell + 1), fdt32_ld(v + cell + 2), &intids[n]))
				return fail(&p, BOARD_ERR_IRQ,
					    "%s: interrupt %u <%u %u> is not a valid GIC SPI or PPI",
					    path_of(&p, node, path), n, fdt32_ld(v + cell + 1),
					    fdt32_ld(v + cell + 2));
			n++;
		}
		if (len % 4)
			return fail(&p, BOARD_ERR_IRQ,
				    "%s: 'interrupts-extended' has %d bytes, not whole cells",
				    path_of(&p, node, path), len);
		*count = n;
		return BOARD_OK;
	}
	v = dtindex_getprop(p.ix, fdt, node, "interrupts", &len);
	if (!v)
		return BOARD_OK;
	parent = interrupt_parent(&p, node);
	if (parent != gic) {
		if (parent >= 0)
			node_path(&p, parent, where, sizeof(where));
		else
			snprintf(where, sizeof(where), "no interrupt controller (%s)", fdt_strerror(parent));
		return fail(&p, BOARD_ERR_IRQ, "%s: its interrupts go to %s, not to the GIC %s",
			    path_of(&p, node, path), where, b->gic.path);
	}
	if (len == 0 || len % (icells * 4))
		return fail(
			&p, BOARD_ERR_IRQ,
			"%s: 'interrupts' has %d bytes, not a multiple of %d (#interrupt-cells of %s is %d)",
			path_of(&p, node, path), len, icells * 4, b->gic.path, icells);
	if ((unsigned int)(len / (icells * 4)) > max)
		return fail(&p, BOARD_ERR_LIMIT, "%s: 'interrupts' has %d entries, Septum takes at most %u",
			    path_of(&p, node, path), len / (icells * 4), max);
	for (n = 0; n < (unsigned int)(len / (icells * 4)); n++) {
		enum board_error e = read_intid(&p, node, (int)n, icells, &intids[n], BOARD_ERR_IRQ);

		if (e)
			return e;
	}
	*count = n;
	return BOARD_OK;
}
