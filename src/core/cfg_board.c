// SPDX-License-Identifier: MIT
/*
 * The partition config, part 3: cfg_check_board(), the rules against the
 * board the config runs on. Devices named by board-path get their MMIO
 * ranges (translated through 'ranges', rounded out to pages) and SPIs from
 * the board device tree, and then obey the rules between items like any
 * other; CPUs must exist; memory must be RAM and not reserved; devices keep
 * away from the GIC, the hypervisor's console and RAM; the hypervisor runs
 * inside its region; payloads exist and fit; no cell gets the interrupt of
 * the hypervisor's console UART.
 */
#include <libfdt.h>
#include <septum/dtindex.h>
#include <septum/string.h>

#include "cfg_internal.h"

/* Is [base, base + size) covered by @ranges (possibly several adjacent ones)? */
static bool covered(const struct pa_range *ranges, unsigned int n, uint64_t base, uint64_t size)
{
	uint64_t cur = base, end = base + size;
	bool moved = true;

	while (cur < end && moved) {
		moved = false;
		for (unsigned int i = 0; i < n && !moved; i++) {
			uint64_t b = pa_val(ranges[i].base), s = ranges[i].size;

			if (cur >= b && cur - b < s) {
				cur = s > UINT64_MAX - b ? UINT64_MAX : b + s;
				moved = true;
			}
		}
	}
	return cur >= end;
}

/* "0x40000000+0x40000000, ..." for messages. */
static const char *ram_list(const struct board *b, char *buf, size_t len)
{
	size_t at = 0;

	buf[0] = '\0';
	for (unsigned int i = 0; i < b->mem_count && at < len; i++) {
		if (i == 3) {
			snprintf(buf + at, len - at, ", ...");
			break;
		}
		at += (size_t)snprintf(buf + at, len - at, "%s0x%llx+0x%llx", i ? ", " : "",
				       X(pa_val(b->mem[i].base)), X(b->mem[i].size));
	}
	return buf;
}

static enum cfg_error check_ram(const struct board *b, const char *what, const char *item, uint64_t base,
				uint64_t size, bool reserved_too, struct cfg_status *st)
{
	char ram[80];

	if (!covered(b->mem, b->mem_count, base, size))
		return cfg_fail(st, CFG_ERR_NOT_RAM, "%s%s: 0x%llx+0x%llx is not inside the board's RAM (%s)",
				what, item, X(base), X(size), ram_list(b, ram, sizeof(ram)));
	for (unsigned int i = 0; reserved_too && i < b->reserved_count; i++)
		if (cfg_overlap(base, size, pa_val(b->reserved[i].base), b->reserved[i].size))
			return cfg_fail(
				st, CFG_ERR_RESERVED,
				"%s%s: 0x%llx+0x%llx overlaps the board's reserved memory 0x%llx+0x%llx%s",
				what, item, X(base), X(size), X(pa_val(b->reserved[i].base)),
				X(b->reserved[i].size), b->reserved_nomap & (1U << i) ? " (no-map)" : "");
	return CFG_OK;
}

/* Take a board-path device's registers and interrupts from the board device tree. */
static enum cfg_error resolve_device(const void *fdt, const struct board *b, const struct cfg_cell *c,
				     struct cfg_device *d, struct cfg_status *st)
{
	struct board_status bs = { BOARD_OK, "" };
	struct pa_range regs[CFG_MAX_DEV_REGS];
	unsigned int count;
	int node;

	d->reg_count = 0;
	d->irq_count = 0;
	node = dtindex_path_offset(&b->index, fdt, d->board_path);
	if (node < 0)
		return cfg_fail(st, CFG_ERR_DEVICE_PATH,
				"cell '%s': %s: board-path \"%s\" is not in the board device tree", c->name,
				d->node, d->board_path);
	if (board_node_regs(fdt, b, node, regs, CFG_MAX_DEV_REGS, &count, &bs) ||
	    board_node_irqs(fdt, b, node, d->irqs, CFG_MAX_IRQS, &d->irq_count, &bs))
		return cfg_fail(st, CFG_ERR_DEVICE_PATH, "cell '%s': %s: %s", c->name, d->node, bs.msg);
	if (count == 0 && d->irq_count == 0)
		return cfg_fail(st, CFG_ERR_DEVICE_PATH,
				"cell '%s': %s: board node %s has no 'reg' and no interrupts: nothing to "
				"pass through",
				c->name, d->node, d->board_path);
	for (unsigned int i = 0; i < count; i++) {
		uint64_t base = pa_val(regs[i].base), size = regs[i].size;
		char where[CFG_NAME_MAX + CFG_NODE_MAX + 16];

		snprintf(where, sizeof(where), "cell '%s': %s", c->name, d->node);
		if (size == 0)
			return cfg_fail(st, CFG_ERR_DEVICE_PATH,
					"%s: board node %s: 'reg' entry %u has size 0", where, d->board_path,
					i);
		if (base >= CFG_IPA_LIMIT || size > CFG_IPA_LIMIT - base)
			return cfg_fail(st, CFG_ERR_RANGE,
					"%s: board node %s: 0x%llx+0x%llx ends beyond the %d-bit "
					"guest-physical address space (0x%llx)",
					where, d->board_path, X(base), X(size), CFG_IPA_BITS,
					X(CFG_IPA_LIMIT));
		/* Stage 2 maps whole pages: the device gets the pages it lies in. */
		d->regs[i].base = pa_of(ALIGN_DOWN(base, CFG_PAGE_SIZE));
		d->regs[i].size = ALIGN_UP(base + size, CFG_PAGE_SIZE) - ALIGN_DOWN(base, CFG_PAGE_SIZE);
	}
	d->reg_count = count;
	for (unsigned int i = 0; i < d->irq_count; i++)
		if (d->irqs[i] < CFG_SPI_FIRST || d->irqs[i] > CFG_SPI_LAST)
			return cfg_fail(st, CFG_ERR_IRQ_INVALID,
					"cell '%s': %s: board node %s: INTID %u is not an SPI: only INTIDs "
					"%d to %d can be passed through",
					c->name, d->node, d->board_path, d->irqs[i], CFG_SPI_FIRST,
					CFG_SPI_LAST);
	return CFG_OK;
}

static enum cfg_error check_board_cpus(const struct cfg *cfg, const struct board *b, struct cfg_status *st)
{
	for (unsigned int ci = 0; ci < cfg->cell_count; ci++) {
		const struct cfg_cell *c = &cfg->cells[ci];

		for (unsigned int i = 0; i < c->cpu_count; i++) {
			char list[8 * SEPTUM_MAX_CPUS + 1];
			size_t at = 0;

			if (board_cpu_index(b, c->cpus[i]) >= 0)
				continue;
			list[0] = '\0';
			for (unsigned int k = 0; k < b->cpu_count && at < sizeof(list); k++)
				at += (size_t)snprintf(list + at, sizeof(list) - at, "%s0x%llx", k ? " " : "",
						       X(b->cpus[k].mpidr));
			return cfg_fail(st, CFG_ERR_CPU_NOT_ON_BOARD,
					"cell '%s': cpus: MPIDR 0x%llx is not a CPU of the board (it has %s)",
					c->name, X(c->cpus[i]), list);
		}
	}
	return CFG_OK;
}

static enum cfg_error check_board_device(const struct board *b, const struct cfg_cell *c,
					 const struct cfg_device *d, struct cfg_status *st)
{
	const struct board_gic *g = &b->gic;
	const struct {
		const struct pa_range *r;
		const char *name;
	} gic[] = {
		{ &g->gicd, "distributor (GICD)" },
		{ &g->gicc, "CPU interface (GICC)" },
		{ &g->gich, "virtual interface control (GICH)" },
		{ &g->gicv, "virtual CPU interface (GICV)" },
		{ &g->gicr[0], "redistributors (GICR)" },
		{ &g->gicr[1], "redistributors (GICR)" },
		{ &g->gicr[2], "redistributors (GICR)" },
		{ &g->gicr[3], "redistributors (GICR)" },
	};
	char ram[80];

	_Static_assert(BOARD_MAX_GICR == 4, "list every redistributor region above");
	for (unsigned int r = 0; r < d->reg_count; r++) {
		uint64_t base = pa_val(d->regs[r].base), size = d->regs[r].size;

		for (unsigned int i = 0; i < ARRAY_SIZE(gic); i++)
			if (cfg_overlap(base, size, pa_val(gic[i].r->base), gic[i].r->size))
				return cfg_fail(st, CFG_ERR_GIC,
						"cell '%s': %s: 0x%llx+0x%llx overlaps the GIC %s at "
						"0x%llx+0x%llx: the GIC stays with Septum",
						c->name, d->node, X(base), X(size), gic[i].name,
						X(pa_val(gic[i].r->base)), X(gic[i].r->size));
		if (b->uart.present && cfg_overlap(base, size, pa_val(b->uart.regs.base), b->uart.regs.size))
			return cfg_fail(st, CFG_ERR_HYP_UART,
					"cell '%s': %s: 0x%llx+0x%llx overlaps Septum's console UART %s "
					"(0x%llx+0x%llx)",
					c->name, d->node, X(base), X(size), b->uart.path,
					X(pa_val(b->uart.regs.base)), X(b->uart.regs.size));
		for (unsigned int i = 0; i < b->mem_count; i++)
			if (cfg_overlap(base, size, pa_val(b->mem[i].base), b->mem[i].size))
				return cfg_fail(st, CFG_ERR_DEVICE_RAM,
						"cell '%s': %s: 0x%llx+0x%llx is in the board's RAM (%s): "
						"give memory with a memory node",
						c->name, d->node, X(base), X(size),
						ram_list(b, ram, sizeof(ram)));
	}
	return CFG_OK;
}

/*
 * Might a cell's device interrupt be one of the UART's, whose 'interrupts'
 * are @prop (@len bytes; @ext: it has 'interrupts-extended')? A cheap first look (a GIC specifier holds
 * INTID - 32 for an SPI): board_node_irqs() follows the interrupt parents
 * and is only worth its cost when one may be.
 */
static bool maybe_console_irq(const struct cfg *cfg, const fdt32_t *prop, int len, bool ext)
{
	if (ext)
		return true;
	for (unsigned int ci = 0; ci < cfg->cell_count; ci++)
		for (unsigned int d = 0; d < cfg->cells[ci].device_count; d++)
			for (unsigned int i = 0; i < cfg->cells[ci].devices[d].irq_count; i++)
				for (int k = 0; prop && k < len / 4; k++)
					if (fdt32_ld(prop + k) ==
					    cfg->cells[ci].devices[d].irqs[i] - CFG_SPI_FIRST)
						return true;
	return false;
}

/* The SPIs of the board UART Septum's console uses (its receive interrupt among them) that a cell may have. */
static unsigned int console_spis(const void *fdt, const struct board *b, const struct cfg *cfg,
				 uint32_t *spis)
{
	struct board_status bs = { 0 };
	uint32_t intids[BOARD_UART_MAX_IRQS];
	unsigned int n = 0, count = 0;
	int node = fdt ? board_uart_node(fdt, b) : -1, len = 0;
	const fdt32_t *prop = node >= 0 ? dtindex_getprop(&b->index, fdt, node, "interrupts", &len) : NULL;
	bool ext = node >= 0 && dtindex_getprop(&b->index, fdt, node, "interrupts-extended", NULL);

	if (node < 0 || !maybe_console_irq(cfg, prop, len, ext) ||
	    board_node_irqs(fdt, b, node, intids, BOARD_UART_MAX_IRQS, &n, &bs) != BOARD_OK)
		return 0; /* no interrupt to keep (the console then takes no input) */
	for (unsigned int i = 0; i < n; i++)
		if (intids[i] >= CFG_SPI_FIRST && intids[i] <= CFG_SPI_LAST)
			spis[count++] = intids[i];
	return count;
}

/* No cell gets the interrupt of Septum's console UART: the hypervisor takes its input by it. */
static enum cfg_error check_board_uart_irqs(const struct board *b, const struct cfg_cell *c,
					    const struct cfg_device *d, const uint32_t *spis,
					    unsigned int spi_count, struct cfg_status *st)
{
	for (unsigned int i = 0; i < d->irq_count; i++)
		for (unsigned int k = 0; k < spi_count; k++)
			if (d->irqs[i] == spis[k])
				return cfg_fail(
					st, CFG_ERR_HYP_UART,
					"cell '%s': %s: INTID %u is the interrupt of Septum's "
					"console UART %s: the hypervisor takes the console input by it",
					c->name, d->node, d->irqs[i], b->uart.path);
	return CFG_OK;
}

/* The virtual GIC must be the board's GIC version and hold the cell's interrupts. */
static enum cfg_error check_board_vgic(const struct board *b, const struct cfg_cell *c, struct cfg_status *st)
{
	unsigned int irqs = 0;

	if (!c->vgic.present)
		return CFG_OK;
	if (c->vgic.version != b->gic.version)
		return cfg_fail(st, CFG_ERR_GIC,
				"cell '%s': interrupt-controller: a virtual GICv%d on a board with a GICv%d "
				"(compatible \"%s\")",
				c->name, c->vgic.version, b->gic.version,
				b->gic.version == GIC_V3 ? CFG_VGIC_V3_COMPATIBLE : CFG_VGIC_V2_COMPATIBLE);
	if (c->vgic.version == GIC_V2 && b->gic.gicv.size < CFG_VGIC_GICC_SIZE)
		return cfg_fail(st, CFG_ERR_GIC,
				"cell '%s': interrupt-controller: the board's GIC %s has no virtual CPU "
				"interface (GICV) of 8 KiB",
				c->name, b->gic.path);
	for (unsigned int d = 0; d < c->device_count; d++)
		irqs += c->devices[d].irq_count;
	if (irqs > CFG_VGIC_MAX_SPIS)
		return cfg_fail(
			st, CFG_ERR_LIMIT,
			"cell '%s': interrupt-controller: %u interrupts, the virtual GIC holds at most %d",
			c->name, irqs, CFG_VGIC_MAX_SPIS);
	return CFG_OK;
}

static enum cfg_error check_payloads(struct cfg_cell *c, const struct cfg_payloads *payloads,
				     struct cfg_status *st)
{
	struct cfg_payload *pl[] = { &c->kernel, &c->dtb, &c->initrd };
	static const char *const kind[] = { "kernel", "dtb", "initrd" };

	for (unsigned int i = 0; i < ARRAY_SIZE(pl); i++) {
		const struct cfg_mem *m;
		uint64_t load = ipa_val(pl[i]->load), size = 0;

		if (!pl[i]->present)
			continue;
		if (!payloads->size_of(payloads->ctx, pl[i]->file, &size))
			return cfg_fail(st, CFG_ERR_PAYLOAD, "cell '%s': %s: payload \"%s\" not found",
					c->name, kind[i], pl[i]->file);
		pl[i]->size = size;
		m = cfg_mem_at(c, load);
		if (!m || !cfg_inside(load, size, ipa_val(m->ipa), m->size))
			return cfg_fail(st, CFG_ERR_PAYLOAD_FIT,
					"cell '%s': %s: \"%s\" (0x%llx bytes) at 0x%llx does not fit in %s "
					"(0x%llx+0x%llx)",
					c->name, kind[i], pl[i]->file, X(size), X(load),
					m ? m->node : "memory", X(m ? ipa_val(m->ipa) : 0),
					X(m ? m->size : 0));
		for (unsigned int k = 0; k < i; k++)
			if (pl[k]->present && cfg_overlap(load, size, ipa_val(pl[k]->load), pl[k]->size))
				return cfg_fail(st, CFG_ERR_PAYLOAD_OVERLAP,
						"cell '%s': %s: \"%s\" at 0x%llx+0x%llx overlaps %s \"%s\" "
						"(0x%llx+0x%llx)",
						c->name, kind[i], pl[i]->file, X(load), X(size), kind[k],
						pl[k]->file, X(ipa_val(pl[k]->load)), X(pl[k]->size));
	}
	return CFG_OK;
}

enum cfg_error cfg_check_board(struct cfg *cfg, const void *board_fdt, const struct board *board,
			       const struct pa_range *hyp_actual, const struct cfg_payloads *payloads,
			       struct cfg_status *st)
{
	enum cfg_error e = CFG_OK;
	uint32_t uart_spis[BOARD_UART_MAX_IRQS];
	unsigned int uart_spi_count = 0;

	st->code = CFG_OK;
	st->msg[0] = '\0';
	for (unsigned int ci = 0; ci < cfg->cell_count && !e; ci++)
		for (unsigned int d = 0; d < cfg->cells[ci].device_count && !e; d++)
			if (cfg->cells[ci].devices[d].board_path[0])
				e = resolve_device(board_fdt, board, &cfg->cells[ci],
						   &cfg->cells[ci].devices[d], st);
	if (!e) /* every device's interrupts known now */
		uart_spi_count = console_spis(board_fdt, board, cfg, uart_spis);
	/* The resolved devices obey the same rules as the others. */
	if (!e)
		e = cfg_check_rules(cfg, st);
	if (!e)
		e = check_board_cpus(cfg, board, st);
	if (!e)
		e = check_ram(board, "hypervisor", "", pa_val(cfg->hyp.base), cfg->hyp.size, false, st);
	if (!e && hyp_actual && hyp_actual->size &&
	    !cfg_inside(pa_val(hyp_actual->base), hyp_actual->size, pa_val(cfg->hyp.base), cfg->hyp.size))
		e = cfg_fail(st, CFG_ERR_HYP_IMAGE,
			     "hypervisor: Septum runs at 0x%llx+0x%llx (image and bundle), outside the "
			     "hypervisor region 0x%llx+0x%llx",
			     X(pa_val(hyp_actual->base)), X(hyp_actual->size), X(pa_val(cfg->hyp.base)),
			     X(cfg->hyp.size));
	for (unsigned int ci = 0; ci < cfg->cell_count && !e; ci++) {
		struct cfg_cell *c = &cfg->cells[ci];
		char what[CFG_NAME_MAX + 12];

		snprintf(what, sizeof(what), "cell '%s': ", c->name);
		for (unsigned int i = 0; i < c->mem_count && !e; i++)
			e = check_ram(board, what, c->mem[i].node, pa_val(c->mem[i].pa), c->mem[i].size, true,
				      st);
		for (unsigned int d = 0; d < c->device_count && !e; d++) {
			e = check_board_device(board, c, &c->devices[d], st);
			if (!e)
				e = check_board_uart_irqs(board, c, &c->devices[d], uart_spis, uart_spi_count,
							  st);
		}
		if (!e)
			e = check_board_vgic(board, c, st);
		if (!e && payloads)
			e = check_payloads(c, payloads, st);
	}
	for (unsigned int s = 0; s < cfg->shm_count && !e; s++) {
		char what[CFG_NAME_MAX + 20];

		snprintf(what, sizeof(what), "shared-memory '%s'", cfg->shm[s].name);
		e = check_ram(board, what, "", pa_val(cfg->shm[s].region.base), cfg->shm[s].region.size, true,
			      st);
	}
	return e;
}
