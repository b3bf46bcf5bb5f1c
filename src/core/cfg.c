// SPDX-License-Identifier: MIT
/*
 * The partition config (binding version 1, docs/config.md), part 1:
 * cfg_parse() reads an untrusted device-tree blob into a struct cfg,
 * rejecting anything the binding does not describe, then applies the rules
 * between items (cfg_rules.c). The rules against the board are in
 * cfg_board.c. Pure logic over libfdt, with no allocation and no hardware
 * access: the same files run in the hypervisor at boot, in
 * tools/septum-check, in the unit tests and under the fuzzer. Every rule has
 * its own error code and a message that names the cell, the item and the
 * values.
 */
#include <libfdt.h>
#include <septum/dtindex.h>
#include <septum/string.h>

#include "cfg_internal.h"

/* A 'cpus' entry is one cell: MPIDR_EL1 Aff2.Aff1.Aff0 (bits [23:0]). */
#define MPIDR_CELL_MASK 0x00ffffffU
/* Room for a sanitized node or property name in a message. */
#define SHOW_MAX 40

struct parser {
	const void *fdt;
	struct cfg *cfg;
	struct cfg_status *st;
	const struct dtindex *ix; /* the blob's index (NULL: libfdt's lookups) */
};

/*
 * The config blob's index: its lookups need no walk of the tree
 * (septum/dtindex.h). Not zeroed at boot: dtindex_build() sets it up.
 */
static struct dtindex cfg_index __noinit;

enum cfg_error cfg_fail(struct cfg_status *st, enum cfg_error code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(st->msg, sizeof(st->msg), fmt, ap);
	va_end(ap);
	st->code = code;
	return code;
}

/* ------------------------------------------------------------ small helpers */

/* @s (@len bytes at most) made safe to print: non-printable bytes become '?'. */
static const char *show(const char *s, size_t len, char *buf)
{
	size_t n = strnlen(s, len), i;

	if (n > SHOW_MAX - 4) {
		n = SHOW_MAX - 4;
		memcpy(buf + n, "...", 4);
	} else {
		buf[n] = '\0';
	}
	for (i = 0; i < n; i++)
		buf[i] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?';
	return buf;
}

static void copy_name(char *dst, size_t size, const char *src, size_t len)
{
	if (len >= size)
		len = size - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
}

static uint64_t read_u64(const fdt32_t *v)
{
	return ((uint64_t)fdt32_ld(v) << 32) | fdt32_ld(v + 1);
}

/* A cell or shared-memory name: 1 to 15 of [a-z0-9_-]. */
static bool valid_name(const char *s, int len)
{
	if (len < 1 || len >= CFG_NAME_MAX)
		return false;
	for (int i = 0; i < len; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return false;
	}
	return true;
}

/* Printable ASCII only (names and paths end up in log lines). */
static bool printable(const char *s)
{
	for (; *s; s++)
		if (*s < 0x20 || *s >= 0x7f)
			return false;
	return true;
}

/* Is @name "@base" or "@base@<unit address>"? */
static bool is_node(const char *name, int len, const char *base)
{
	int n = (int)strlen(base);

	return len >= n && !strncmp(name, base, (size_t)n) && (len == n || name[n] == '@');
}

/* Is property value @v (@len bytes) a list of non-empty NUL-terminated strings? */
static bool string_list(const char *v, int len)
{
	int off = 0;

	if (len <= 0 || v[len - 1] != '\0')
		return false;
	while (off < len) {
		size_t n = strnlen(v + off, (size_t)(len - off));

		if (n == 0)
			return false;
		off += (int)n + 1;
	}
	return true;
}

static bool list_has(const char *v, int len, const char *s)
{
	for (int off = 0; off < len; off += (int)strnlen(v + off, (size_t)(len - off)) + 1)
		if (!strcmp(v + off, s))
			return true;
	return false;
}

/* ------------------------------------------------------------ property readers */

/*
 * Reject every property of @node that is not in @known[@count], and any
 * known one given twice. @where names the node in messages.
 */
static enum cfg_error check_props(struct parser *p, int node, const char *const *known, unsigned int count,
				  const char *where)
{
	char buf[SHOW_MAX];
	uint32_t seen = 0;
	int off;

	fdt_for_each_property_offset (off, p->fdt, node) {
		const char *name;
		unsigned int i;
		int len;

		if (!fdt_getprop_by_offset(p->fdt, off, &name, &len))
			return cfg_fail(p->st, CFG_ERR_FDT, "%s: a property cannot be read (%s)", where,
					fdt_strerror(len));
		for (i = 0; i < count && strcmp(name, known[i]); i++)
			;
		if (i == count)
			return cfg_fail(p->st, CFG_ERR_UNKNOWN, "%s: unknown property '%s'", where,
					show(name, SIZE_MAX, buf));
		if (seen & (1U << i))
			return cfg_fail(p->st, CFG_ERR_MALFORMED, "%s: property '%s' is given twice", where,
					name);
		seen |= 1U << i;
	}
	if (off != -FDT_ERR_NOTFOUND)
		return cfg_fail(p->st, CFG_ERR_FDT, "%s: the properties cannot be read (%s)", where,
				fdt_strerror(off));
	return CFG_OK;
}

/* Items have no subnodes. */
static enum cfg_error no_subnodes(struct parser *p, int node, const char *where)
{
	char buf[SHOW_MAX];
	int child = dtindex_first_subnode(p->ix, p->fdt, node), len;
	const char *name;

	if (child == -FDT_ERR_NOTFOUND)
		return CFG_OK;
	if (child < 0)
		return cfg_fail(p->st, CFG_ERR_FDT, "%s: the subnodes cannot be read (%s)", where,
				fdt_strerror(child));
	name = dtindex_get_name(p->ix, p->fdt, child, &len);
	return cfg_fail(p->st, CFG_ERR_UNKNOWN, "%s: unknown node '%s'", where,
			name ? show(name, (size_t)len, buf) : "?");
}

/* A node with only properties: each one known, no child nodes. */
static enum cfg_error leaf_node(struct parser *p, int node, const char *const *known, unsigned int count,
				const char *where)
{
	enum cfg_error e = check_props(p, node, known, count, where);

	return e ? e : no_subnodes(p, node, where);
}

/* A 64-bit value (two cells). */
static enum cfg_error get_u64(struct parser *p, int node, const char *prop, const char *where, uint64_t *val,
			      bool *present)
{
	int len;
	const fdt32_t *v = dtindex_getprop(p->ix, p->fdt, node, prop, &len);

	*present = v != NULL;
	if (!v)
		return CFG_OK;
	if (len != 8)
		return cfg_fail(p->st, CFG_ERR_MALFORMED,
				"%s: '%s' must be one 64-bit value (2 cells), has %d bytes", where, prop,
				len);
	*val = read_u64(v);
	return CFG_OK;
}

/* One <address size> pair, two cells each. */
static enum cfg_error get_region(struct parser *p, int node, const char *where, uint64_t *base,
				 uint64_t *size, bool *present)
{
	int len;
	const fdt32_t *v = dtindex_getprop(p->ix, p->fdt, node, "reg", &len);

	*present = v != NULL;
	if (!v)
		return CFG_OK;
	if (len != 16)
		return cfg_fail(
			p->st, CFG_ERR_MALFORMED,
			"%s: 'reg' must be one <address size> pair of 2 cells each (16 bytes), has %d bytes",
			where, len);
	*base = read_u64(v);
	*size = read_u64(v + 2);
	return CFG_OK;
}

/* One non-empty string of at most @max - 1 characters. */
static enum cfg_error get_string(struct parser *p, int node, const char *prop, const char *where, char *out,
				 size_t max, bool *present)
{
	int len;
	const char *v = dtindex_getprop(p->ix, p->fdt, node, prop, &len);

	*present = v != NULL;
	if (!v)
		return CFG_OK;
	if (len <= 0 || v[len - 1] != '\0' || strnlen(v, (size_t)len) != (size_t)len - 1)
		return cfg_fail(p->st, CFG_ERR_MALFORMED, "%s: '%s' must be one string", where, prop);
	if (len == 1)
		return cfg_fail(p->st, CFG_ERR_MALFORMED, "%s: '%s' is empty", where, prop);
	if (!printable(v))
		return cfg_fail(p->st, CFG_ERR_MALFORMED, "%s: '%s' has characters outside printable ASCII",
				where, prop);
	if ((size_t)len > max)
		return cfg_fail(p->st, CFG_ERR_LIMIT, "%s: '%s' is longer than %u characters", where, prop,
				(unsigned int)max - 1);
	memcpy(out, v, (size_t)len);
	return CFG_OK;
}

/* A boolean: present or not, never with a value. */
static enum cfg_error get_flag(struct parser *p, int node, const char *prop, const char *where, bool *set)
{
	int len;

	*set = dtindex_getprop(p->ix, p->fdt, node, prop, &len) != NULL;
	if (*set && len != 0)
		return cfg_fail(p->st, CFG_ERR_MALFORMED, "%s: '%s' is a boolean: write it without a value",
				where, prop);
	return CFG_OK;
}

/*
 * A region must be non-empty, 4 KiB aligned and end inside a @bits-bit
 * @space ("guest-physical" or "physical") address space.
 */
static enum cfg_error check_region(struct cfg_status *st, const char *where, uint64_t base, uint64_t size,
				   int bits, const char *space)
{
	uint64_t limit = 1ULL << bits;

	if (size == 0)
		return cfg_fail(st, CFG_ERR_SIZE, "%s: size is 0", where);
	if (!IS_ALIGNED(base, CFG_PAGE_SIZE) || !IS_ALIGNED(size, CFG_PAGE_SIZE))
		return cfg_fail(st, CFG_ERR_ALIGN, "%s: 0x%llx+0x%llx is not 4 KiB aligned", where, X(base),
				X(size));
	if (base >= limit || size > limit - base)
		return cfg_fail(st, CFG_ERR_RANGE,
				"%s: 0x%llx+0x%llx ends beyond the %d-bit %s address space (0x%llx)", where,
				X(base), X(size), bits, space, X(limit));
	return CFG_OK;
}

/* ------------------------------------------------------------ parsing */

static enum cfg_error parse_root(struct parser *p)
{
	static const char *const known[] = { "compatible", "septum,config-version", "#address-cells",
					     "#size-cells" };
	static const char *const cells[] = { "#address-cells", "#size-cells" };
	char buf[SHOW_MAX];
	const char *compat;
	const fdt32_t *v;
	int len;

	compat = dtindex_getprop(p->ix, p->fdt, 0, "compatible", &len);
	if (!compat)
		return cfg_fail(p->st, CFG_ERR_COMPATIBLE,
				"/: no 'compatible': a Septum config has compatible = \"septum,config\"");
	if (!string_list(compat, len))
		return cfg_fail(p->st, CFG_ERR_MALFORMED, "/: 'compatible' is not a list of strings");
	if (!list_has(compat, len, "septum,config"))
		return cfg_fail(p->st, CFG_ERR_COMPATIBLE,
				"/: compatible is \"%s\", must be \"septum,config\"",
				show(compat, (size_t)len, buf));
	v = dtindex_getprop(p->ix, p->fdt, 0, "septum,config-version", &len);
	if (!v)
		return cfg_fail(p->st, CFG_ERR_VERSION,
				"/: no 'septum,config-version': this Septum reads version %d", CFG_VERSION);
	if (len != 4)
		return cfg_fail(p->st, CFG_ERR_MALFORMED,
				"/: 'septum,config-version' must be one cell, has %d bytes", len);
	if (fdt32_ld(v) != CFG_VERSION)
		return cfg_fail(p->st, CFG_ERR_VERSION,
				"/: septum,config-version is %u: this Septum reads version %d", fdt32_ld(v),
				CFG_VERSION);
	for (unsigned int i = 0; i < ARRAY_SIZE(cells); i++) {
		v = dtindex_getprop(p->ix, p->fdt, 0, cells[i], &len);
		if (!v)
			return cfg_fail(p->st, CFG_ERR_ADDR_CELLS,
					"/: no '%s': version %d configs use %s = <2>", cells[i], CFG_VERSION,
					cells[i]);
		if (len != 4)
			return cfg_fail(p->st, CFG_ERR_MALFORMED, "/: '%s' must be one cell, has %d bytes",
					cells[i], len);
		if (fdt32_ld(v) != 2)
			return cfg_fail(p->st, CFG_ERR_ADDR_CELLS,
					"/: %s is %u: version %d configs use %s = <2>", cells[i], fdt32_ld(v),
					CFG_VERSION, cells[i]);
	}
	return check_props(p, 0, known, ARRAY_SIZE(known), "/");
}

static enum cfg_error parse_hypervisor(struct parser *p, int node)
{
	static const char *const known[] = { "reg" };
	uint64_t base = 0, size = 0;
	enum cfg_error e;
	bool present;

	e = leaf_node(p, node, known, ARRAY_SIZE(known), "hypervisor");
	if (!e)
		e = get_region(p, node, "hypervisor", &base, &size, &present);
	if (e)
		return e;
	if (!present)
		return cfg_fail(p->st, CFG_ERR_MISSING,
				"hypervisor: no 'reg': give the RAM Septum keeps for itself");
	e = check_region(p->st, "hypervisor", base, size, CFG_PA_BITS, "physical");
	if (e)
		return e;
	p->cfg->hyp.base = pa_of(base);
	p->cfg->hyp.size = size;
	return CFG_OK;
}

static enum cfg_error parse_cpus(struct parser *p, int node, struct cfg_cell *c, const char *where)
{
	int len;
	const fdt32_t *v = dtindex_getprop(p->ix, p->fdt, node, "cpus", &len);

	if (!v)
		return cfg_fail(p->st, CFG_ERR_CPU_MISSING, "%s: no 'cpus': a cell needs at least one CPU",
				where);
	if (len == 0 || len % 4)
		return cfg_fail(p->st, CFG_ERR_MALFORMED,
				"%s: 'cpus' must be a list of MPIDRs, one cell each, has %d bytes", where,
				len);
	if (len / 4 > SEPTUM_MAX_CPUS)
		return cfg_fail(p->st, CFG_ERR_LIMIT,
				"%s: 'cpus' lists %d CPUs; Septum is built for at most %d", where, len / 4,
				SEPTUM_MAX_CPUS);
	for (int i = 0; i < len / 4; i++) {
		uint32_t mpidr = fdt32_ld(v + i);

		if (mpidr & ~MPIDR_CELL_MASK)
			return cfg_fail(
				p->st, CFG_ERR_MALFORMED,
				"%s: cpus: 0x%x is not an MPIDR affinity value (Aff2.Aff1.Aff0, bits 23:0)",
				where, mpidr);
		for (unsigned int j = 0; j < c->cpu_count; j++)
			if (c->cpus[j] == mpidr)
				return cfg_fail(p->st, CFG_ERR_CPU_DUPLICATE,
						"%s: cpus: MPIDR 0x%x is listed twice", where, mpidr);
		c->cpus[c->cpu_count++] = mpidr;
	}
	return CFG_OK;
}

static enum cfg_error parse_memory(struct parser *p, int node, struct cfg_cell *c, const char *cell,
				   const char *name)
{
	static const char *const known[] = { "reg", "phys", "read-only", "no-exec" };
	struct cfg_mem *m = &c->mem[c->mem_count];
	char where[CFG_NAME_MAX + CFG_NODE_MAX + 16];
	uint64_t ipa = 0, size = 0, pa = 0;
	bool present, has_phys, ro, nx;
	enum cfg_error e;

	if (c->mem_count == CFG_MAX_MEM)
		return cfg_fail(p->st, CFG_ERR_LIMIT, "%s: more than %d memory regions", cell, CFG_MAX_MEM);
	snprintf(where, sizeof(where), "%s: %s", cell, name);
	e = leaf_node(p, node, known, ARRAY_SIZE(known), where);
	if (!e)
		e = get_region(p, node, where, &ipa, &size, &present);
	if (!e && !present)
		e = cfg_fail(p->st, CFG_ERR_MISSING, "%s: no 'reg' (guest-physical base and size)", where);
	if (!e)
		e = check_region(p->st, where, ipa, size, CFG_IPA_BITS, "guest-physical");
	if (!e)
		e = get_u64(p, node, "phys", where, &pa, &has_phys);
	if (!e && has_phys) {
		if (!IS_ALIGNED(pa, CFG_PAGE_SIZE))
			e = cfg_fail(p->st, CFG_ERR_ALIGN, "%s: phys 0x%llx is not 4 KiB aligned", where,
				     X(pa));
		else if (pa >= CFG_PA_LIMIT || size > CFG_PA_LIMIT - pa)
			e = cfg_fail(p->st, CFG_ERR_RANGE,
				     "%s: phys 0x%llx+0x%llx ends beyond the %d-bit physical address space "
				     "(0x%llx)",
				     where, X(pa), X(size), CFG_PA_BITS, X(CFG_PA_LIMIT));
	}
	if (!e)
		e = get_flag(p, node, "read-only", where, &ro);
	if (!e)
		e = get_flag(p, node, "no-exec", where, &nx);
	if (e)
		return e;
	copy_name(m->node, sizeof(m->node), name, strlen(name));
	m->ipa = ipa_of(ipa);
	m->pa = pa_of(has_phys ? pa : ipa);
	m->size = size;
	m->flags = CFG_MEM_RWX & ~(ro ? CFG_MEM_WRITE : 0) & ~(nx ? CFG_MEM_EXEC : 0);
	c->mem_count++;
	return CFG_OK;
}

static enum cfg_error parse_device(struct parser *p, int node, struct cfg_cell *c, const char *cell,
				   const char *name)
{
	static const char *const known[] = { "board-path", "reg", "interrupts" };
	struct cfg_device *d = &c->devices[c->device_count];
	char where[CFG_NAME_MAX + CFG_NODE_MAX + 16];
	const fdt32_t *reg, *irq;
	int reg_len, irq_len;
	bool has_path;
	enum cfg_error e;

	if (c->device_count == CFG_MAX_DEVICES)
		return cfg_fail(p->st, CFG_ERR_LIMIT, "%s: more than %d devices", cell, CFG_MAX_DEVICES);
	memset(d, 0, sizeof(*d));
	snprintf(where, sizeof(where), "%s: %s", cell, name);
	e = leaf_node(p, node, known, ARRAY_SIZE(known), where);
	if (!e)
		e = get_string(p, node, "board-path", where, d->board_path, sizeof(d->board_path), &has_path);
	if (e)
		return e;
	reg = dtindex_getprop(p->ix, p->fdt, node, "reg", &reg_len);
	irq = dtindex_getprop(p->ix, p->fdt, node, "interrupts", &irq_len);
	if (has_path && d->board_path[0] != '/')
		return cfg_fail(p->st, CFG_ERR_MALFORMED,
				"%s: board-path \"%s\" must be an absolute path (start with '/')", where,
				d->board_path);
	if (has_path && (reg || irq))
		return cfg_fail(
			p->st, CFG_ERR_MALFORMED,
			"%s: board-path takes 'reg' and 'interrupts' from the board: give one or the other",
			where);
	if (!has_path && !reg && !irq)
		return cfg_fail(p->st, CFG_ERR_MISSING,
				"%s: no 'board-path', 'reg' or 'interrupts': nothing to pass through", where);
	if (reg) {
		if (reg_len == 0 || reg_len % 16)
			return cfg_fail(p->st, CFG_ERR_MALFORMED,
					"%s: 'reg' must be <address size> pairs of 2 cells each (16 bytes "
					"per range), has %d bytes",
					where, reg_len);
		if (reg_len / 16 > CFG_MAX_DEV_REGS)
			return cfg_fail(p->st, CFG_ERR_LIMIT,
					"%s: 'reg' has %d ranges; Septum takes at most %d per device", where,
					reg_len / 16, CFG_MAX_DEV_REGS);
		for (int i = 0; i < reg_len / 16; i++) {
			uint64_t base = read_u64(reg + 4 * i), size = read_u64(reg + 4 * i + 2);

			e = check_region(p->st, where, base, size, CFG_IPA_BITS, "guest-physical");
			if (e)
				return e;
			d->regs[d->reg_count].base = pa_of(base);
			d->regs[d->reg_count++].size = size;
		}
	}
	if (irq) {
		if (irq_len == 0 || irq_len % 4)
			return cfg_fail(
				p->st, CFG_ERR_MALFORMED,
				"%s: 'interrupts' must be a list of INTIDs, one cell each, has %d bytes",
				where, irq_len);
		if (irq_len / 4 > CFG_MAX_IRQS)
			return cfg_fail(
				p->st, CFG_ERR_LIMIT,
				"%s: 'interrupts' lists %d INTIDs; Septum takes at most %d per device", where,
				irq_len / 4, CFG_MAX_IRQS);
		for (int i = 0; i < irq_len / 4; i++) {
			uint32_t intid = fdt32_ld(irq + i);

			if (intid < CFG_SPI_FIRST || intid > CFG_SPI_LAST)
				return cfg_fail(p->st, CFG_ERR_IRQ_INVALID,
						"%s: INTID %u is not an SPI: only INTIDs %d to %d can be "
						"passed through",
						where, intid, CFG_SPI_FIRST, CFG_SPI_LAST);
			d->irqs[d->irq_count++] = intid;
		}
	}
	copy_name(d->node, sizeof(d->node), name, strlen(name));
	c->device_count++;
	return CFG_OK;
}

static enum cfg_error parse_console(struct parser *p, int node, struct cfg_cell *c, const char *cell)
{
	static const char *const known[] = { "compatible", "reg", "interrupts" };
	char where[CFG_NAME_MAX + 24], buf[SHOW_MAX];
	uint64_t base = 0, size = 0;
	const fdt32_t *irq;
	const char *compat;
	enum cfg_error e;
	bool present;
	int len;

	snprintf(where, sizeof(where), "%s: console", cell);
	e = leaf_node(p, node, known, ARRAY_SIZE(known), where);
	if (e)
		return e;
	compat = dtindex_getprop(p->ix, p->fdt, node, "compatible", &len);
	if (!compat)
		return cfg_fail(p->st, CFG_ERR_COMPATIBLE,
				"%s: no 'compatible': the virtual console is \"arm,pl011\"", where);
	if (!string_list(compat, len))
		return cfg_fail(p->st, CFG_ERR_MALFORMED, "%s: 'compatible' is not a list of strings", where);
	if (!list_has(compat, len, "arm,pl011"))
		return cfg_fail(p->st, CFG_ERR_COMPATIBLE,
				"%s: compatible is \"%s\": the virtual console is \"arm,pl011\"", where,
				show(compat, (size_t)len, buf));
	e = get_region(p, node, where, &base, &size, &present);
	if (!e && !present)
		e = cfg_fail(p->st, CFG_ERR_MISSING, "%s: no 'reg' (its guest-physical address and size)",
			     where);
	if (!e)
		e = check_region(p->st, where, base, size, CFG_IPA_BITS, "guest-physical");
	if (!e && size != CFG_CONSOLE_SIZE)
		e = cfg_fail(p->st, CFG_ERR_SIZE,
			     "%s: size is 0x%llx: the virtual PL011 is one 4 KiB page (0x%llx)", where,
			     X(size), X(CFG_CONSOLE_SIZE));
	if (e)
		return e;
	irq = dtindex_getprop(p->ix, p->fdt, node, "interrupts", &len);
	if (irq) {
		uint32_t intid = len == 4 ? fdt32_ld(irq) : 0;

		if (len != 4)
			return cfg_fail(p->st, CFG_ERR_MALFORMED,
					"%s: 'interrupts' must be one INTID (one cell), has %d bytes", where,
					len);
		if (intid < CFG_SPI_FIRST || intid > CFG_SPI_LAST)
			return cfg_fail(
				p->st, CFG_ERR_IRQ_INVALID,
				"%s: INTID %u is not an SPI: the console's interrupt is one of INTIDs "
				"%d to %d",
				where, intid, CFG_SPI_FIRST, CFG_SPI_LAST);
		c->console_irq = intid;
	}
	c->console = true;
	c->console_ipa = ipa_of(base);
	return CFG_OK;
}

/*
 * The cell's virtual GIC: its version by compatible, its distributor and
 * its redistributors (GICv3, 128 KiB per vCPU) or CPU interface (GICv2,
 * 8 KiB) at guest-physical addresses, as the guest's device tree names them.
 */
static enum cfg_error parse_vgic(struct parser *p, int node, struct cfg_cell *c, const char *cell)
{
	static const char *const known[] = { "compatible", "reg" };
	char where[CFG_NAME_MAX + 36], buf[SHOW_MAX];
	const char *compat, *second;
	uint64_t base[2], size[2], want;
	const fdt32_t *reg;
	enum cfg_error e;
	int len;

	snprintf(where, sizeof(where), "%s: interrupt-controller", cell);
	e = leaf_node(p, node, known, ARRAY_SIZE(known), where);
	if (e)
		return e;
	compat = dtindex_getprop(p->ix, p->fdt, node, "compatible", &len);
	if (compat && !string_list(compat, len))
		return cfg_fail(p->st, CFG_ERR_MALFORMED, "%s: 'compatible' is not a list of strings", where);
	if (compat && list_has(compat, len, CFG_VGIC_V3_COMPATIBLE))
		c->vgic.version = GIC_V3;
	else if (compat && (list_has(compat, len, CFG_VGIC_V2_COMPATIBLE) ||
			    list_has(compat, len, CFG_VGIC_V2_COMPATIBLE_400)))
		c->vgic.version = GIC_V2;
	else
		return cfg_fail(p->st, CFG_ERR_COMPATIBLE,
				"%s: compatible is \"%s\": the virtual GIC is \"" CFG_VGIC_V3_COMPATIBLE
				"\", \"" CFG_VGIC_V2_COMPATIBLE "\" or \"" CFG_VGIC_V2_COMPATIBLE_400 "\"",
				where, compat ? show(compat, (size_t)len, buf) : "");
	second = c->vgic.version == GIC_V3 ? "redistributors" : "CPU interface";
	reg = dtindex_getprop(p->ix, p->fdt, node, "reg", &len);
	if (!reg)
		return cfg_fail(p->st, CFG_ERR_MISSING,
				"%s: no 'reg' (the distributor and the %s, guest-physical)", where, second);
	if (len != 32)
		return cfg_fail(p->st, CFG_ERR_MALFORMED,
				"%s: 'reg' must be two <address size> pairs of 2 cells each (the distributor "
				"and the %s), has %d bytes",
				where, second, len);
	for (unsigned int i = 0; i < 2; i++) {
		base[i] = read_u64(reg + 4 * i);
		size[i] = read_u64(reg + 4 * i + 2);
		e = check_region(p->st, where, base[i], size[i], CFG_IPA_BITS, "guest-physical");
		if (e)
			return e;
	}
	if (size[0] != CFG_VGIC_GICD_SIZE)
		return cfg_fail(p->st, CFG_ERR_SIZE,
				"%s: distributor size is 0x%llx, must be 0x%llx (64 KiB)", where, X(size[0]),
				X(CFG_VGIC_GICD_SIZE));
	want = c->vgic.version == GIC_V3 ? CFG_VGIC_GICR_SIZE * c->cpu_count : CFG_VGIC_GICC_SIZE;
	if (size[1] != want)
		return cfg_fail(
			p->st, CFG_ERR_SIZE,
			c->vgic.version == GIC_V3
				? "%s: redistributors size is 0x%llx, must be 0x%llx (128 KiB for each "
				  "of the cell's %u vCPUs)"
				: "%s: CPU interface size is 0x%llx, must be 0x%llx (8 KiB)",
			where, X(size[1]), X(want), c->cpu_count);
	for (unsigned int i = 0; i < 2; i++)
		if (!IS_ALIGNED(base[i], CFG_VGIC_ALIGN) && (i == 0 || c->vgic.version == GIC_V3))
			return cfg_fail(p->st, CFG_ERR_ALIGN, "%s: %s at 0x%llx is not 64 KiB aligned", where,
					i == 0 ? "distributor" : second, X(base[i]));
	c->vgic.present = true;
	c->vgic.gicd = ipa_of(base[0]);
	if (c->vgic.version == GIC_V3)
		c->vgic.gicr = ipa_of(base[1]);
	else
		c->vgic.gicc = ipa_of(base[1]);
	return CFG_OK;
}

static enum cfg_error parse_payload(struct parser *p, int node, struct cfg_payload *pl, const char *cell,
				    const char *kind)
{
	static const char *const known[] = { "file", "load" };
	char where[CFG_NAME_MAX + 24];
	uint64_t load = 0;
	bool has_file, has_load;
	enum cfg_error e;

	snprintf(where, sizeof(where), "%s: %s", cell, kind);
	e = leaf_node(p, node, known, ARRAY_SIZE(known), where);
	if (!e)
		e = get_string(p, node, "file", where, pl->file, sizeof(pl->file), &has_file);
	if (!e && !has_file)
		e = cfg_fail(p->st, CFG_ERR_MISSING, "%s: no 'file' (the payload's name)", where);
	if (!e && strchr(pl->file, '/'))
		e = cfg_fail(p->st, CFG_ERR_MALFORMED, "%s: file \"%s\" must be a plain name, without '/'",
			     where, pl->file);
	if (!e)
		e = get_u64(p, node, "load", where, &load, &has_load);
	if (!e && !has_load)
		e = cfg_fail(p->st, CFG_ERR_MISSING, "%s: no 'load' (the guest-physical load address)",
			     where);
	if (e)
		return e;
	pl->load = ipa_of(load);
	pl->present = true;
	return CFG_OK;
}

/* Item kinds in a cell that appear once, as bits. */
enum { ONCE_CONSOLE = 1, ONCE_KERNEL = 2, ONCE_INITRD = 4, ONCE_DTB = 8, ONCE_VGIC = 16 };

static enum cfg_error parse_cell(struct parser *p, int node, struct cfg_cell *c)
{
	static const char *const known[] = { "compatible", "cpus", "entry", "smc-passthrough" };
	static const char *const once[] = { "console", "kernel", "initrd", "dtb", "interrupt-controller" };
	char where[CFG_NAME_MAX + 8], buf[SHOW_MAX], name[CFG_NODE_MAX];
	uint64_t entry = 0;
	unsigned int seen = 0;
	bool has_entry;
	const char *compat;
	enum cfg_error e;
	int child, len;

	snprintf(where, sizeof(where), "cell '%s'", c->name);
	e = check_props(p, node, known, ARRAY_SIZE(known), where);
	if (e)
		return e;
	compat = dtindex_getprop(p->ix, p->fdt, node, "compatible", &len);
	if (!compat)
		return cfg_fail(p->st, CFG_ERR_COMPATIBLE,
				"%s: no 'compatible': a cell has compatible = \"septum,cell\"", where);
	if (!string_list(compat, len))
		return cfg_fail(p->st, CFG_ERR_MALFORMED, "%s: 'compatible' is not a list of strings", where);
	if (!list_has(compat, len, "septum,cell"))
		return cfg_fail(p->st, CFG_ERR_COMPATIBLE,
				"%s: compatible is \"%s\", must be \"septum,cell\"", where,
				show(compat, (size_t)len, buf));
	e = parse_cpus(p, node, c, where);
	if (!e)
		e = get_u64(p, node, "entry", where, &entry, &has_entry);
	if (!e)
		e = get_flag(p, node, "smc-passthrough", where, &c->smc_passthrough);
	if (e)
		return e;
	dtindex_for_each_subnode(p->ix, child, p->fdt, node)
	{
		const char *n = dtindex_get_name(p->ix, p->fdt, child, &len);
		unsigned int k;

		if (!n)
			return cfg_fail(p->st, CFG_ERR_FDT, "%s: a node name cannot be read (%s)", where,
					fdt_strerror(len));
		for (k = 0; k < ARRAY_SIZE(once) && strcmp(n, once[k]); k++)
			;
		if (k < ARRAY_SIZE(once)) {
			if (seen & (1U << k))
				return cfg_fail(p->st, CFG_ERR_NAME, "%s: two '%s' nodes", where, once[k]);
			seen |= 1U << k;
		} else if (is_node(n, len, "memory") || is_node(n, len, "device")) {
			if (len >= CFG_NODE_MAX || !printable(n))
				return cfg_fail(
					p->st, CFG_ERR_NAME,
					"%s: node name '%s' is invalid: at most %d printable characters",
					where, show(n, (size_t)len, buf), CFG_NODE_MAX - 1);
			for (unsigned int i = 0; i < c->mem_count; i++)
				if (!strcmp(c->mem[i].node, n))
					return cfg_fail(p->st, CFG_ERR_NAME, "%s: two '%s' nodes", where, n);
			for (unsigned int i = 0; i < c->device_count; i++)
				if (!strcmp(c->devices[i].node, n))
					return cfg_fail(p->st, CFG_ERR_NAME, "%s: two '%s' nodes", where, n);
		} else {
			return cfg_fail(p->st, CFG_ERR_UNKNOWN, "%s: unknown node '%s'", where,
					show(n, (size_t)len, buf));
		}
		copy_name(name, sizeof(name), n, (size_t)len);
		if (k == 0)
			e = parse_console(p, child, c, where);
		else if (k == 1)
			e = parse_payload(p, child, &c->kernel, where, "kernel");
		else if (k == 2)
			e = parse_payload(p, child, &c->initrd, where, "initrd");
		else if (k == 3)
			e = parse_payload(p, child, &c->dtb, where, "dtb");
		else if (k == 4)
			e = parse_vgic(p, child, c, where);
		else if (is_node(n, len, "memory"))
			e = parse_memory(p, child, c, where, name);
		else
			e = parse_device(p, child, c, where, name);
		if (e)
			return e;
	}
	if (child != -FDT_ERR_NOTFOUND)
		return cfg_fail(p->st, CFG_ERR_FDT, "%s: the subnodes cannot be read (%s)", where,
				fdt_strerror(child));
	if (c->mem_count == 0)
		return cfg_fail(p->st, CFG_ERR_MISSING,
				"%s: no memory node: a cell needs at least one memory@... region", where);
	if (!c->kernel.present)
		return cfg_fail(p->st, CFG_ERR_KERNEL_MISSING,
				"%s: no kernel: a cell needs kernel { file = \"...\"; load = <...>; }",
				where);
	c->entry = has_entry ? ipa_of(entry) : c->kernel.load;
	return CFG_OK;
}

static enum cfg_error parse_cells(struct parser *p, int node)
{
	struct cfg *cfg = p->cfg;
	char buf[SHOW_MAX];
	enum cfg_error e;
	int child, len;

	e = check_props(p, node, NULL, 0, "/cells");
	if (e)
		return e;
	dtindex_for_each_subnode(p->ix, child, p->fdt, node)
	{
		const char *n = dtindex_get_name(p->ix, p->fdt, child, &len);
		struct cfg_cell *c;

		if (!n)
			return cfg_fail(p->st, CFG_ERR_FDT, "/cells: a node name cannot be read (%s)",
					fdt_strerror(len));
		if (!valid_name(n, len))
			return cfg_fail(p->st, CFG_ERR_NAME,
					"/cells: cell name '%s' is invalid: use 1 to %d characters from a-z, "
					"0-9, '_' and '-'",
					show(n, (size_t)len, buf), CFG_NAME_MAX - 1);
		for (unsigned int i = 0; i < cfg->cell_count; i++)
			if (!strcmp(cfg->cells[i].name, n))
				return cfg_fail(p->st, CFG_ERR_NAME, "/cells: two cells are named '%s'", n);
		if (cfg->cell_count == CFG_MAX_CELLS)
			return cfg_fail(p->st, CFG_ERR_LIMIT, "/cells: more than %d cells", CFG_MAX_CELLS);
		c = &cfg->cells[cfg->cell_count];
		copy_name(c->name, sizeof(c->name), n, (size_t)len);
		e = parse_cell(p, child, c);
		if (e)
			return e;
		cfg->cell_count++;
	}
	if (child != -FDT_ERR_NOTFOUND)
		return cfg_fail(p->st, CFG_ERR_FDT, "/cells: the subnodes cannot be read (%s)",
				fdt_strerror(child));
	if (cfg->cell_count == 0)
		return cfg_fail(p->st, CFG_ERR_MISSING, "/cells: no cell");
	return CFG_OK;
}

static enum cfg_error parse_shm_cells(struct parser *p, int node, struct cfg_shm *s, const char *where)
{
	char buf[SHOW_MAX];
	unsigned int count = 0;
	const char *v;
	int len;

	v = dtindex_getprop(p->ix, p->fdt, node, "cells", &len);
	if (!v)
		return cfg_fail(p->st, CFG_ERR_MISSING,
				"%s: no 'cells' (the names of the cells that share it)", where);
	if (!string_list(v, len))
		return cfg_fail(p->st, CFG_ERR_MALFORMED, "%s: 'cells' must be a list of cell names", where);
	for (int off = 0; off < len; off += (int)strlen(v + off) + 1) {
		int i = cfg_cell_index(p->cfg, v + off);

		if (i < 0)
			return cfg_fail(p->st, CFG_ERR_SHM, "%s: cells: there is no cell '%s'", where,
					show(v + off, (size_t)(len - off), buf));
		if (s->cell_mask & (1U << i))
			return cfg_fail(p->st, CFG_ERR_SHM, "%s: cells: '%s' is listed twice", where,
					v + off);
		s->cell_mask |= 1U << i;
		count++;
	}
	if (count < 2)
		return cfg_fail(p->st, CFG_ERR_SHM,
				"%s: cells: only '%s': shared memory is for two cells or more", where, v);
	return CFG_OK;
}

static enum cfg_error parse_shared_memory(struct parser *p, int node)
{
	static const char *const known[] = { "reg", "cells" };
	struct cfg *cfg = p->cfg;
	char buf[SHOW_MAX], where[CFG_NAME_MAX + 20];
	enum cfg_error e;
	int child, len;

	e = check_props(p, node, NULL, 0, "/shared-memory");
	if (e)
		return e;
	dtindex_for_each_subnode(p->ix, child, p->fdt, node)
	{
		const char *n = dtindex_get_name(p->ix, p->fdt, child, &len);
		uint64_t base = 0, size = 0;
		struct cfg_shm *s;
		bool present;

		if (!n)
			return cfg_fail(p->st, CFG_ERR_FDT, "/shared-memory: a node name cannot be read (%s)",
					fdt_strerror(len));
		if (!valid_name(n, len))
			return cfg_fail(p->st, CFG_ERR_NAME,
					"/shared-memory: region name '%s' is invalid: use 1 to %d characters "
					"from a-z, 0-9, '_' and '-'",
					show(n, (size_t)len, buf), CFG_NAME_MAX - 1);
		for (unsigned int i = 0; i < cfg->shm_count; i++)
			if (!strcmp(cfg->shm[i].name, n))
				return cfg_fail(p->st, CFG_ERR_NAME,
						"/shared-memory: two regions are named '%s'", n);
		if (cfg->shm_count == CFG_MAX_SHM)
			return cfg_fail(p->st, CFG_ERR_LIMIT, "/shared-memory: more than %d regions",
					CFG_MAX_SHM);
		s = &cfg->shm[cfg->shm_count];
		copy_name(s->name, sizeof(s->name), n, (size_t)len);
		snprintf(where, sizeof(where), "shared-memory '%s'", s->name);
		e = check_props(p, child, known, ARRAY_SIZE(known), where);
		if (!e)
			e = no_subnodes(p, child, where);
		if (!e)
			e = get_region(p, child, where, &base, &size, &present);
		if (!e && !present)
			e = cfg_fail(p->st, CFG_ERR_MISSING, "%s: no 'reg' (physical base and size)", where);
		if (!e)
			e = check_region(p->st, where, base, size, CFG_IPA_BITS, "guest-physical");
		if (!e)
			e = parse_shm_cells(p, child, s, where);
		if (e)
			return e;
		s->region.base = pa_of(base);
		s->region.size = size;
		cfg->shm_count++;
	}
	if (child != -FDT_ERR_NOTFOUND)
		return cfg_fail(p->st, CFG_ERR_FDT, "/shared-memory: the subnodes cannot be read (%s)",
				fdt_strerror(child));
	return CFG_OK;
}

/* The top level: root properties, then hypervisor, cells, shared-memory. */
static enum cfg_error parse_top(struct parser *p)
{
	static const char *const nodes[] = { "hypervisor", "cells", "shared-memory" };
	int offsets[ARRAY_SIZE(nodes)] = { -1, -1, -1 };
	char buf[SHOW_MAX];
	enum cfg_error e;
	int child, len;

	e = parse_root(p);
	if (e)
		return e;
	dtindex_for_each_subnode(p->ix, child, p->fdt, 0)
	{
		const char *n = dtindex_get_name(p->ix, p->fdt, child, &len);
		unsigned int k;

		if (!n)
			return cfg_fail(p->st, CFG_ERR_FDT, "/: a node name cannot be read (%s)",
					fdt_strerror(len));
		for (k = 0; k < ARRAY_SIZE(nodes) && strcmp(n, nodes[k]); k++)
			;
		if (k == ARRAY_SIZE(nodes))
			return cfg_fail(p->st, CFG_ERR_UNKNOWN, "/: unknown node '%s'",
					show(n, (size_t)len, buf));
		if (offsets[k] >= 0)
			return cfg_fail(p->st, CFG_ERR_NAME, "/: two '%s' nodes", nodes[k]);
		offsets[k] = child;
	}
	if (child != -FDT_ERR_NOTFOUND)
		return cfg_fail(p->st, CFG_ERR_FDT, "/: the subnodes cannot be read (%s)",
				fdt_strerror(child));
	if (offsets[0] < 0)
		return cfg_fail(p->st, CFG_ERR_MISSING,
				"/: no 'hypervisor' node: give the RAM Septum keeps for itself (hypervisor { "
				"reg = <...>; })");
	if (offsets[1] < 0)
		return cfg_fail(p->st, CFG_ERR_MISSING, "/: no 'cells' node");
	e = parse_hypervisor(p, offsets[0]);
	if (!e)
		e = parse_cells(p, offsets[1]);
	if (!e && offsets[2] >= 0)
		e = parse_shared_memory(p, offsets[2]);
	return e;
}

/*
 * Walk the structure block once with checked arithmetic before libfdt
 * does: libfdt 1.6.1's fdt_next_tag() lets a huge property length wrap its
 * offset around, so fdt_check_full() would loop for ever on such a blob.
 * The header is known good: the block lies inside the blob.
 */
static bool structure_ok(const void *blob)
{
	const char *base = (const char *)blob + fdt_off_dt_struct(blob);
	uint32_t size = fdt_size_dt_struct(blob), off = 0, depth = 0;

	while (size >= 4 && off <= size - 4) {
		uint32_t tag = fdt32_ld((const fdt32_t *)(base + off)), len;

		off += 4;
		switch (tag) {
		case FDT_BEGIN_NODE:
			len = (uint32_t)strnlen(base + off, size - off);
			if (len == size - off)
				return false;
			off += len + 1;
			depth++;
			break;
		case FDT_END_NODE:
			if (depth-- == 0)
				return false;
			break;
		case FDT_PROP:
			if (size - off < 8)
				return false;
			len = fdt32_ld((const fdt32_t *)(base + off));
			off += 8;
			if (len > size - off)
				return false;
			off += len;
			break;
		case FDT_NOP:
			break;
		case FDT_END:
			return depth == 0;
		default:
			return false;
		}
		if (ALIGN_UP((uint64_t)off, 4) > size)
			return false;
		off = (uint32_t)ALIGN_UP((uint64_t)off, 4);
	}
	return false;
}

enum cfg_error cfg_parse(const void *blob, size_t size, struct cfg *cfg, struct cfg_status *st)
{
	struct parser p = { blob, cfg, st, NULL };
	enum cfg_error e;
	int err;

	memset(cfg, 0, sizeof(*cfg));
	st->code = CFG_OK;
	st->msg[0] = '\0';
	if (!blob || size < sizeof(struct fdt_header))
		return cfg_fail(st, CFG_ERR_FDT,
				"not a flattened device tree: %zu bytes is too short for a header", size);
	err = fdt_check_header(blob);
	if (err)
		return cfg_fail(st, CFG_ERR_FDT, "not a flattened device tree (%s)", fdt_strerror(err));
	if (fdt_totalsize(blob) > size)
		return cfg_fail(st, CFG_ERR_FDT, "truncated: the header says %u bytes, the blob has %zu",
				fdt_totalsize(blob), size);
	if (fdt_version(blob) < 17)
		return cfg_fail(st, CFG_ERR_FDT,
				"device-tree format version %u: Septum reads version 17 (dtc's)",
				fdt_version(blob));
	if (fdt_off_dt_struct(blob) % 4 || fdt_off_mem_rsvmap(blob) % 8)
		return cfg_fail(st, CFG_ERR_FDT, "corrupt device tree (misaligned blocks)");
	if (!structure_ok(blob))
		return cfg_fail(st, CFG_ERR_FDT, "corrupt device tree (bad structure block)");
	err = fdt_check_full(blob, size);
	if (err)
		return cfg_fail(st, CFG_ERR_FDT, "corrupt device tree (%s)", fdt_strerror(err));
	if (dtindex_build(&cfg_index, blob))
		p.ix = &cfg_index;
	e = parse_top(&p);
	if (!e)
		e = cfg_check_rules(cfg, st);
	if (e)
		return e;
	cfg->version = CFG_VERSION;
	return CFG_OK;
}
