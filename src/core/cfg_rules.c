// SPDX-License-Identifier: MIT
/*
 * The partition config, part 2: the rules between items, which need
 * nothing but the config. Each cell's guest-physical map is free of
 * overlaps and holds its payloads' load addresses and its entry point; a
 * CPU, a physical page of memory, a device page and an interrupt each have
 * one owner; nothing of a cell lies in the hypervisor region; shared memory
 * is nobody's private memory. cfg_parse() runs these rules, and
 * cfg_check_board() again once devices taken from the board are resolved.
 */
#include <septum/string.h>

#include "cfg_internal.h"

/* A region of a cell's guest-physical map, for the overlap rules. */
struct ipa_item {
	uint64_t base, size;
	const char *node; /* "memory@40000000", "console", "device@9000000" */
	const char *shm;  /* or the name of a shared-memory region */
	bool device;
};

static const char *item_name(const struct ipa_item *it, char *buf, size_t len)
{
	if (!it->shm)
		return it->node;
	snprintf(buf, len, "shared-memory '%s'", it->shm);
	return buf;
}

/* Every region of cell @ci's guest-physical map; returns how many. */
static unsigned int ipa_map(const struct cfg *cfg, unsigned int ci, struct ipa_item *items, bool with_shm)
{
	const struct cfg_cell *c = &cfg->cells[ci];
	unsigned int n = 0;

	for (unsigned int i = 0; i < c->mem_count; i++)
		items[n++] = (struct ipa_item){ ipa_val(c->mem[i].ipa), c->mem[i].size, c->mem[i].node, NULL,
						false };
	if (c->console)
		items[n++] = (struct ipa_item){ ipa_val(c->console_ipa), CFG_CONSOLE_SIZE, "console", NULL,
						false };
	for (unsigned int d = 0; d < c->device_count; d++)
		for (unsigned int r = 0; r < c->devices[d].reg_count; r++)
			items[n++] = (struct ipa_item){ pa_val(c->devices[d].regs[r].base),
							c->devices[d].regs[r].size, c->devices[d].node, NULL,
							true };
	if (c->vgic.present) {
		items[n++] = (struct ipa_item){ ipa_val(c->vgic.gicd), CFG_VGIC_GICD_SIZE,
						"interrupt-controller (distributor)", NULL, false };
		if (c->vgic.version == GIC_V3)
			items[n++] =
				(struct ipa_item){ ipa_val(c->vgic.gicr), CFG_VGIC_GICR_SIZE * c->cpu_count,
						   "interrupt-controller (redistributors)", NULL, false };
		else
			items[n++] = (struct ipa_item){ ipa_val(c->vgic.gicc), CFG_VGIC_GICC_SIZE,
							"interrupt-controller (CPU interface)", NULL, false };
	}
	for (unsigned int s = 0; with_shm && s < cfg->shm_count; s++)
		if (cfg->shm[s].cell_mask & (1U << ci))
			items[n++] =
				(struct ipa_item){ pa_val(cfg->shm[s].region.base), cfg->shm[s].region.size,
						   NULL, cfg->shm[s].name, false };
	return n;
}

#define IPA_ITEMS_MAX (CFG_MAX_MEM + 1 + 2 + CFG_MAX_DEVICES * CFG_MAX_DEV_REGS + CFG_MAX_SHM)

/*
 * No two regions of one cell at the same guest-physical address. Devices
 * may share pages with each other: both map the same physical page.
 */
static enum cfg_error check_ipa_map(const struct cfg *cfg, unsigned int ci, bool with_shm,
				    struct cfg_status *st)
{
	struct ipa_item items[IPA_ITEMS_MAX];
	char a[CFG_NAME_MAX + 20], b[CFG_NAME_MAX + 20];
	unsigned int n = ipa_map(cfg, ci, items, with_shm);

	for (unsigned int j = 1; j < n; j++)
		for (unsigned int i = 0; i < j; i++)
			if (!(items[i].device && items[j].device) &&
			    cfg_overlap(items[j].base, items[j].size, items[i].base, items[i].size))
				return cfg_fail(st, CFG_ERR_IPA_OVERLAP,
						"cell '%s': %s: 0x%llx+0x%llx overlaps %s (0x%llx+0x%llx) in "
						"guest-physical space",
						cfg->cells[ci].name, item_name(&items[j], a, sizeof(a)),
						X(items[j].base), X(items[j].size),
						item_name(&items[i], b, sizeof(b)), X(items[i].base),
						X(items[i].size));
	return CFG_OK;
}

const struct cfg_mem *cfg_mem_at(const struct cfg_cell *c, uint64_t ipa)
{
	for (unsigned int i = 0; i < c->mem_count; i++)
		if (cfg_inside(ipa, 1, ipa_val(c->mem[i].ipa), c->mem[i].size))
			return &c->mem[i];
	return NULL;
}

/* Payload load addresses and the entry point are in the cell's memory. */
static enum cfg_error check_load(const struct cfg_cell *c, struct cfg_status *st)
{
	const struct cfg_payload *pl[] = { &c->kernel, &c->dtb, &c->initrd };
	static const char *const kind[] = { "kernel", "dtb", "initrd" };
	const struct cfg_mem *m;

	for (unsigned int i = 0; i < ARRAY_SIZE(pl); i++)
		if (pl[i]->present && !cfg_mem_at(c, ipa_val(pl[i]->load)))
			return cfg_fail(st, CFG_ERR_LOAD,
					"cell '%s': %s: load address 0x%llx is outside the cell's memory",
					c->name, kind[i], X(ipa_val(pl[i]->load)));
	m = cfg_mem_at(c, ipa_val(c->entry));
	if (!m)
		return cfg_fail(st, CFG_ERR_LOAD, "cell '%s': entry 0x%llx is outside the cell's memory",
				c->name, X(ipa_val(c->entry)));
	if (!(m->flags & CFG_MEM_EXEC))
		return cfg_fail(st, CFG_ERR_LOAD, "cell '%s': entry 0x%llx is in %s, which is no-exec",
				c->name, X(ipa_val(c->entry)), m->node);
	return CFG_OK;
}

/* Memory: one owner per physical page, never the hypervisor's. */
static enum cfg_error check_memory(const struct cfg *cfg, struct cfg_status *st)
{
	const struct pa_range *hyp = &cfg->hyp;

	for (unsigned int ci = 0; ci < cfg->cell_count; ci++) {
		const struct cfg_cell *c = &cfg->cells[ci];

		for (unsigned int i = 0; i < c->mem_count; i++) {
			const struct cfg_mem *m = &c->mem[i];

			if (cfg_overlap(pa_val(m->pa), m->size, pa_val(hyp->base), hyp->size))
				return cfg_fail(st, CFG_ERR_HYP_OVERLAP,
						"cell '%s': %s: 0x%llx+0x%llx overlaps the hypervisor region "
						"(0x%llx+0x%llx)",
						c->name, m->node, X(pa_val(m->pa)), X(m->size),
						X(pa_val(hyp->base)), X(hyp->size));
			for (unsigned int cj = 0; cj <= ci; cj++) {
				const struct cfg_cell *o = &cfg->cells[cj];

				for (unsigned int k = 0; k < (cj == ci ? i : o->mem_count); k++) {
					if (!cfg_overlap(pa_val(m->pa), m->size, pa_val(o->mem[k].pa),
							 o->mem[k].size))
						continue;
					if (cj == ci)
						return cfg_fail(st, CFG_ERR_MEM_OVERLAP,
								"cell '%s': %s: 0x%llx+0x%llx overlaps %s "
								"(0x%llx+0x%llx) in physical memory",
								c->name, m->node, X(pa_val(m->pa)),
								X(m->size), o->mem[k].node,
								X(pa_val(o->mem[k].pa)), X(o->mem[k].size));
					return cfg_fail(st, CFG_ERR_MEM_OVERLAP,
							"cell '%s': %s: 0x%llx+0x%llx overlaps cell '%s' %s "
							"(0x%llx+0x%llx)",
							c->name, m->node, X(pa_val(m->pa)), X(m->size),
							o->name, o->mem[k].node, X(pa_val(o->mem[k].pa)),
							X(o->mem[k].size));
				}
			}
		}
	}
	return CFG_OK;
}

/* A CPU belongs to one cell. */
static enum cfg_error check_cpus(const struct cfg *cfg, struct cfg_status *st)
{
	for (unsigned int ci = 1; ci < cfg->cell_count; ci++)
		for (unsigned int i = 0; i < cfg->cells[ci].cpu_count; i++)
			for (unsigned int cj = 0; cj < ci; cj++)
				for (unsigned int k = 0; k < cfg->cells[cj].cpu_count; k++)
					if (cfg->cells[ci].cpus[i] == cfg->cells[cj].cpus[k])
						return cfg_fail(st, CFG_ERR_CPU_SHARED,
								"cell '%s': cpus: MPIDR 0x%llx also belongs "
								"to cell '%s'",
								cfg->cells[ci].name,
								X(cfg->cells[ci].cpus[i]),
								cfg->cells[cj].name);
	return CFG_OK;
}

/* A device region belongs to one cell, and is neither memory nor the hypervisor's. */
static enum cfg_error check_device_regs(const struct cfg *cfg, struct cfg_status *st)
{
	const struct pa_range *hyp = &cfg->hyp;

	for (unsigned int ci = 0; ci < cfg->cell_count; ci++) {
		const struct cfg_cell *c = &cfg->cells[ci];

		for (unsigned int d = 0; d < c->device_count; d++) {
			for (unsigned int r = 0; r < c->devices[d].reg_count; r++) {
				uint64_t base = pa_val(c->devices[d].regs[r].base),
					 size = c->devices[d].regs[r].size;

				if (cfg_overlap(base, size, pa_val(hyp->base), hyp->size))
					return cfg_fail(st, CFG_ERR_HYP_OVERLAP,
							"cell '%s': %s: 0x%llx+0x%llx overlaps the "
							"hypervisor region (0x%llx+0x%llx)",
							c->name, c->devices[d].node, X(base), X(size),
							X(pa_val(hyp->base)), X(hyp->size));
				for (unsigned int cj = 0; cj < cfg->cell_count; cj++) {
					const struct cfg_cell *o = &cfg->cells[cj];

					for (unsigned int k = 0; k < o->mem_count; k++)
						if (cfg_overlap(base, size, pa_val(o->mem[k].pa),
								o->mem[k].size))
							return cfg_fail(
								st, CFG_ERR_DEVICE_RAM,
								"cell '%s': %s: 0x%llx+0x%llx overlaps cell "
								"'%s' %s (0x%llx+0x%llx)",
								c->name, c->devices[d].node, X(base), X(size),
								o->name, o->mem[k].node,
								X(pa_val(o->mem[k].pa)), X(o->mem[k].size));
					for (unsigned int e = 0; cj < ci && e < o->device_count; e++)
						for (unsigned int q = 0; q < o->devices[e].reg_count; q++)
							if (cfg_overlap(base, size,
									pa_val(o->devices[e].regs[q].base),
									o->devices[e].regs[q].size))
								return cfg_fail(
									st, CFG_ERR_DEVICE_SHARED,
									"cell '%s': %s: 0x%llx+0x%llx "
									"overlaps cell '%s' %s "
									"(0x%llx+0x%llx)",
									c->name, c->devices[d].node, X(base),
									X(size), o->name, o->devices[e].node,
									X(pa_val(o->devices[e].regs[q].base)),
									X(o->devices[e].regs[q].size));
				}
			}
		}
	}
	return CFG_OK;
}

/* An interrupt belongs to one cell, and is listed once. */
static enum cfg_error check_irqs(const struct cfg *cfg, struct cfg_status *st)
{
	for (unsigned int ci = 0; ci < cfg->cell_count; ci++) {
		const struct cfg_cell *c = &cfg->cells[ci];

		for (unsigned int d = 0; d < c->device_count; d++) {
			for (unsigned int i = 0; i < c->devices[d].irq_count; i++) {
				uint32_t intid = c->devices[d].irqs[i];

				for (unsigned int cj = 0; cj <= ci; cj++) {
					const struct cfg_cell *o = &cfg->cells[cj];

					for (unsigned int e = 0; e < (cj == ci ? d + 1 : o->device_count);
					     e++) {
						unsigned int upto =
							cj == ci && e == d ? i : o->devices[e].irq_count;

						for (unsigned int k = 0; k < upto; k++) {
							if (o->devices[e].irqs[k] != intid)
								continue;
							if (cj == ci && e == d)
								return cfg_fail(st, CFG_ERR_IRQ_SHARED,
										"cell '%s': %s: INTID %u is "
										"listed twice",
										c->name, c->devices[d].node,
										intid);
							if (cj == ci)
								return cfg_fail(st, CFG_ERR_IRQ_SHARED,
										"cell '%s': %s: INTID %u is "
										"also listed by %s",
										c->name, c->devices[d].node,
										intid, o->devices[e].node);
							return cfg_fail(st, CFG_ERR_IRQ_SHARED,
									"cell '%s': %s: INTID %u is also "
									"given to cell '%s' %s",
									c->name, c->devices[d].node, intid,
									o->name, o->devices[e].node);
						}
					}
				}
			}
		}
	}
	return CFG_OK;
}

/*
 * A console's interrupt needs the cell's virtual GIC and is no cell's
 * passthrough interrupt. Consoles of several cells may share an INTID: each
 * is emulated in its own cell's virtual GIC.
 */
static enum cfg_error check_console_irqs(const struct cfg *cfg, struct cfg_status *st)
{
	for (unsigned int ci = 0; ci < cfg->cell_count; ci++) {
		const struct cfg_cell *c = &cfg->cells[ci];
		uint32_t intid = c->console_irq;

		if (!intid)
			continue;
		if (!c->vgic.present)
			return cfg_fail(st, CFG_ERR_IRQ_INVALID,
					"cell '%s': console: 'interrupts' needs the cell's virtual GIC "
					"(an interrupt-controller node)",
					c->name);
		for (unsigned int cj = 0; cj < cfg->cell_count; cj++) {
			const struct cfg_cell *o = &cfg->cells[cj];

			for (unsigned int d = 0; d < o->device_count; d++)
				for (unsigned int i = 0; i < o->devices[d].irq_count; i++) {
					if (o->devices[d].irqs[i] != intid)
						continue;
					if (cj == ci)
						return cfg_fail(st, CFG_ERR_IRQ_SHARED,
								"cell '%s': console: INTID %u is also passed "
								"through by %s",
								c->name, intid, o->devices[d].node);
					return cfg_fail(st, CFG_ERR_IRQ_SHARED,
							"cell '%s': console: INTID %u is also given to cell "
							"'%s' %s",
							c->name, intid, o->name, o->devices[d].node);
				}
		}
	}
	return CFG_OK;
}

/* Shared memory is nobody's private memory, no device, not the hypervisor's, and fits each map. */
static enum cfg_error check_shm(const struct cfg *cfg, struct cfg_status *st)
{
	const struct pa_range *hyp = &cfg->hyp;

	for (unsigned int s = 0; s < cfg->shm_count; s++) {
		const struct cfg_shm *sh = &cfg->shm[s];
		uint64_t base = pa_val(sh->region.base), size = sh->region.size;

		if (cfg_overlap(base, size, pa_val(hyp->base), hyp->size))
			return cfg_fail(st, CFG_ERR_HYP_OVERLAP,
					"shared-memory '%s': 0x%llx+0x%llx overlaps the hypervisor region "
					"(0x%llx+0x%llx)",
					sh->name, X(base), X(size), X(pa_val(hyp->base)), X(hyp->size));
		for (unsigned int t = 0; t < s; t++)
			if (cfg_overlap(base, size, pa_val(cfg->shm[t].region.base), cfg->shm[t].region.size))
				return cfg_fail(st, CFG_ERR_SHM_OVERLAP,
						"shared-memory '%s': 0x%llx+0x%llx overlaps shared-memory "
						"'%s' (0x%llx+0x%llx)",
						sh->name, X(base), X(size), cfg->shm[t].name,
						X(pa_val(cfg->shm[t].region.base)),
						X(cfg->shm[t].region.size));
		for (unsigned int ci = 0; ci < cfg->cell_count; ci++) {
			const struct cfg_cell *c = &cfg->cells[ci];

			for (unsigned int k = 0; k < c->mem_count; k++)
				if (cfg_overlap(base, size, pa_val(c->mem[k].pa), c->mem[k].size))
					return cfg_fail(st, CFG_ERR_SHM_OVERLAP,
							"shared-memory '%s': 0x%llx+0x%llx overlaps cell "
							"'%s' %s (0x%llx+0x%llx)",
							sh->name, X(base), X(size), c->name, c->mem[k].node,
							X(pa_val(c->mem[k].pa)), X(c->mem[k].size));
			for (unsigned int d = 0; d < c->device_count; d++)
				for (unsigned int r = 0; r < c->devices[d].reg_count; r++)
					if (cfg_overlap(base, size, pa_val(c->devices[d].regs[r].base),
							c->devices[d].regs[r].size))
						return cfg_fail(st, CFG_ERR_SHM_OVERLAP,
								"shared-memory '%s': 0x%llx+0x%llx overlaps "
								"cell '%s' %s (0x%llx+0x%llx)",
								sh->name, X(base), X(size), c->name,
								c->devices[d].node,
								X(pa_val(c->devices[d].regs[r].base)),
								X(c->devices[d].regs[r].size));
		}
	}
	for (unsigned int ci = 0; ci < cfg->cell_count; ci++) {
		enum cfg_error e = check_ipa_map(cfg, ci, true, st);

		if (e)
			return e;
	}
	return CFG_OK;
}

/* Every rule between items, in the order the binding document lists them. */
enum cfg_error cfg_check_rules(const struct cfg *cfg, struct cfg_status *st)
{
	enum cfg_error e = CFG_OK;

	for (unsigned int ci = 0; ci < cfg->cell_count && !e; ci++) {
		e = check_ipa_map(cfg, ci, false, st);
		if (!e)
			e = check_load(&cfg->cells[ci], st);
	}
	if (!e)
		e = check_cpus(cfg, st);
	if (!e)
		e = check_memory(cfg, st);
	if (!e)
		e = check_device_regs(cfg, st);
	if (!e)
		e = check_irqs(cfg, st);
	if (!e)
		e = check_console_irqs(cfg, st);
	if (!e)
		e = check_shm(cfg, st);
	return e;
}

int cfg_cell_index(const struct cfg *cfg, const char *name)
{
	for (unsigned int i = 0; i < cfg->cell_count; i++)
		if (!strcmp(cfg->cells[i].name, name))
			return (int)i;
	return -1;
}

const char *cfg_error_name(enum cfg_error e)
{
	static const char *const names[] = {
		[CFG_OK] = "CFG_OK",
		[CFG_ERR_FDT] = "CFG_ERR_FDT",
		[CFG_ERR_COMPATIBLE] = "CFG_ERR_COMPATIBLE",
		[CFG_ERR_VERSION] = "CFG_ERR_VERSION",
		[CFG_ERR_ADDR_CELLS] = "CFG_ERR_ADDR_CELLS",
		[CFG_ERR_UNKNOWN] = "CFG_ERR_UNKNOWN",
		[CFG_ERR_MALFORMED] = "CFG_ERR_MALFORMED",
		[CFG_ERR_MISSING] = "CFG_ERR_MISSING",
		[CFG_ERR_LIMIT] = "CFG_ERR_LIMIT",
		[CFG_ERR_NAME] = "CFG_ERR_NAME",
		[CFG_ERR_ALIGN] = "CFG_ERR_ALIGN",
		[CFG_ERR_SIZE] = "CFG_ERR_SIZE",
		[CFG_ERR_RANGE] = "CFG_ERR_RANGE",
		[CFG_ERR_CPU_MISSING] = "CFG_ERR_CPU_MISSING",
		[CFG_ERR_CPU_DUPLICATE] = "CFG_ERR_CPU_DUPLICATE",
		[CFG_ERR_KERNEL_MISSING] = "CFG_ERR_KERNEL_MISSING",
		[CFG_ERR_IRQ_INVALID] = "CFG_ERR_IRQ_INVALID",
		[CFG_ERR_IPA_OVERLAP] = "CFG_ERR_IPA_OVERLAP",
		[CFG_ERR_LOAD] = "CFG_ERR_LOAD",
		[CFG_ERR_CPU_SHARED] = "CFG_ERR_CPU_SHARED",
		[CFG_ERR_MEM_OVERLAP] = "CFG_ERR_MEM_OVERLAP",
		[CFG_ERR_HYP_OVERLAP] = "CFG_ERR_HYP_OVERLAP",
		[CFG_ERR_DEVICE_SHARED] = "CFG_ERR_DEVICE_SHARED",
		[CFG_ERR_DEVICE_RAM] = "CFG_ERR_DEVICE_RAM",
		[CFG_ERR_IRQ_SHARED] = "CFG_ERR_IRQ_SHARED",
		[CFG_ERR_SHM] = "CFG_ERR_SHM",
		[CFG_ERR_SHM_OVERLAP] = "CFG_ERR_SHM_OVERLAP",
		[CFG_ERR_DEVICE_PATH] = "CFG_ERR_DEVICE_PATH",
		[CFG_ERR_CPU_NOT_ON_BOARD] = "CFG_ERR_CPU_NOT_ON_BOARD",
		[CFG_ERR_NOT_RAM] = "CFG_ERR_NOT_RAM",
		[CFG_ERR_RESERVED] = "CFG_ERR_RESERVED",
		[CFG_ERR_HYP_IMAGE] = "CFG_ERR_HYP_IMAGE",
		[CFG_ERR_GIC] = "CFG_ERR_GIC",
		[CFG_ERR_HYP_UART] = "CFG_ERR_HYP_UART",
		[CFG_ERR_PAYLOAD] = "CFG_ERR_PAYLOAD",
		[CFG_ERR_PAYLOAD_FIT] = "CFG_ERR_PAYLOAD_FIT",
		[CFG_ERR_PAYLOAD_OVERLAP] = "CFG_ERR_PAYLOAD_OVERLAP",
	};

	return (unsigned int)e < ARRAY_SIZE(names) && names[e] ? names[e] : "CFG_ERR_?";
}
