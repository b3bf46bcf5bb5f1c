// SPDX-License-Identifier: MIT
/*
 * Cells at run time: preparing each cell from the validated config
 * (stage-2, payloads copied in, the rest of its memory zeroed), starting
 * its vCPUs on their physical CPUs, emulating what stage-2 sends back
 * (the virtual console) and stopping a cell that faults, without
 * disturbing any other cell.
 */
#include <septum/arch.h>
#include <septum/cell.h>
#include <septum/log.h>
#include <septum/percpu.h>
#include <septum/string.h>
#include <septum/vgic.h>
#include <septum/vuart.h>

#define CONSOLE_SIZE 0x1000

static struct cell cells[CFG_MAX_CELLS];
static struct vgic vgics[CFG_MAX_CELLS];
static unsigned int cell_count;
/* Set once every cell is prepared: CPUs wait for it before entering. */
static int cells_ready;

static const struct cfg_mem *mem_of_ipa(const struct cfg_cell *cc, uint64_t ipa, uint64_t size)
{
	for (unsigned int i = 0; i < cc->mem_count; i++) {
		uint64_t base = ipa_val(cc->mem[i].ipa);

		if (ipa >= base && ipa - base + size <= cc->mem[i].size)
			return &cc->mem[i];
	}
	return NULL;
}

static bool ranges_overlap(uint64_t a, uint64_t as, uint64_t b, uint64_t bs)
{
	return a < b + bs && b < a + as;
}

/* The payload's bytes must be in RAM and outside every cell's memory. */
static bool payload_source_ok(const struct cell *c, const struct board *b, const struct cfg *cfg,
			      const char *what, const char *file, uint64_t src, uint64_t size)
{
	bool in_ram = false;

	for (unsigned int i = 0; i < b->mem_count; i++)
		if (src >= pa_val(b->mem[i].base) && size <= pa_range_end(&b->mem[i]) - src)
			in_ram = true;
	if (!in_ram || src + size < src) {
		log_err("cell '%s': %s: payload \"%s\" at 0x%llx+0x%llx is not in RAM", c->cfg->name, what,
			file, (unsigned long long)src, (unsigned long long)size);
		return false;
	}
	for (unsigned int i = 0; i < cfg->cell_count; i++)
		for (unsigned int m = 0; m < cfg->cells[i].mem_count; m++) {
			const struct cfg_mem *r = &cfg->cells[i].mem[m];

			if (ranges_overlap(src, size, pa_val(r->pa), r->size)) {
				log_err("cell '%s': %s: payload \"%s\" at 0x%llx+0x%llx lies in cell '%s' "
					"memory (0x%llx+0x%llx): load payloads into the hypervisor region",
					c->cfg->name, what, file, (unsigned long long)src,
					(unsigned long long)size, cfg->cells[i].name,
					(unsigned long long)pa_val(r->pa), (unsigned long long)r->size);
				return false;
			}
		}
	return true;
}

/*
 * Copy payload @i (kernel, dtb, initrd) in. Where its bytes are is looked
 * up once, at boot, and kept: a restart copies from the same place (outside
 * every cell's memory, so still pristine) without the boot-time sources.
 */
static int load_payload(struct cell *c, unsigned int i, const struct cfg_payload *p, const char *what)
{
	struct pa_range *kept = &c->power.payload_src[i];
	const struct cfg_mem *m;
	paddr_t src;
	uint64_t size;

	if (!p->present)
		return 0;
	if (!kept->size) {
		if (!payload_find(p->file, &kept->base, &kept->size))
			return -1; /* checked by payloads_present() */
	}
	src = kept->base;
	size = kept->size;
	m = mem_of_ipa(c->cfg, ipa_val(p->load), size);
	if (!m) {
		log_err("cell '%s': %s: payload \"%s\" (%llu bytes) does not fit at 0x%llx", c->cfg->name,
			what, p->file, (unsigned long long)size, (unsigned long long)ipa_val(p->load));
		return -1;
	}
	memcpy((void *)(uintptr_t)(pa_val(m->pa) + ipa_val(p->load) - ipa_val(m->ipa)),
	       (const void *)(uintptr_t)pa_val(src), size);
	log_info("cell '%s': %s \"%s\" (%llu bytes) at 0x%llx", c->cfg->name, what, p->file,
		 (unsigned long long)size, (unsigned long long)ipa_val(p->load));
	return 0;
}

/* Every payload of @c exists, lies in RAM and outside all cells' memory. */
static bool payloads_present(struct cell *c, const struct board *b, const struct cfg *cfg)
{
	const struct cfg_payload *p[] = { &c->cfg->kernel, &c->cfg->dtb, &c->cfg->initrd };
	static const char *const what[] = { "kernel", "dtb", "initrd" };

	for (unsigned int i = 0; i < ARRAY_SIZE(p); i++) {
		paddr_t src;
		uint64_t size;

		if (!p[i]->present)
			continue;
		if (!payload_find(p[i]->file, &src, &size)) {
			log_err("cell '%s': %s: payload \"%s\" not found", c->cfg->name, what[i], p[i]->file);
			return false;
		}
		if (!payload_source_ok(c, b, cfg, what[i], p[i]->file, pa_val(src), size))
			return false;
	}
	return true;
}

int cell_load_memory(struct cell *c)
{
	const struct cfg_cell *cc = c->cfg;
	uint64_t t0 = arch_counter(), t1;

	/* A cell starts from clean memory: nothing of a previous owner leaks. */
	for (unsigned int i = 0; i < cc->mem_count; i++)
		arch_mem_zero((void *)(uintptr_t)pa_val(cc->mem[i].pa), cc->mem[i].size);
	t1 = arch_counter();
	if (load_payload(c, CELL_PAYLOAD_KERNEL, &cc->kernel, "kernel") ||
	    load_payload(c, CELL_PAYLOAD_DTB, &cc->dtb, "dtb") ||
	    load_payload(c, CELL_PAYLOAD_INITRD, &cc->initrd, "initrd"))
		return -1;
	/* Boot time is mostly this (docs/performance.md): say what it took. */
	log_info("cell '%s': memory zeroed in %llu, payloads copied in %llu counter ticks", cc->name,
		 (unsigned long long)(t1 - t0), (unsigned long long)(arch_counter() - t1));
	return 0;
}

/* The cell's virtual GIC: its SPIs are those of its devices. */
static int cell_vgic_init(struct cell *c, struct vgic *g, const struct board *b)
{
	const struct cfg_cell *cc = c->cfg;
	uint32_t spis[VGIC_MAX_SPIS];
	unsigned int n = 0;

	for (unsigned int d = 0; d < cc->device_count; d++)
		for (unsigned int i = 0; i < cc->devices[d].irq_count; i++) {
			if (n == VGIC_MAX_SPIS) {
				log_err("cell '%s': more than %u interrupts: the vGIC holds %u", cc->name,
					VGIC_MAX_SPIS, VGIC_MAX_SPIS);
				return -1;
			}
			spis[n++] = cc->devices[d].irqs[i];
		}
	if (cc->vgic.version != b->gic.version ||
	    !vgic_init(g, cc->vgic.version, cc->name, c->vcpu_count, c->vcpu_pcpu, spis, n)) {
		log_err("cell '%s': no GICv%d virtual GIC in this build on a GICv%d board", cc->name,
			cc->vgic.version, b->gic.version);
		return -1;
	}
	if (cc->console && cc->console_irq && !vgic_add_virtual_spi(g, cc->console_irq)) {
		log_err("cell '%s': console interrupt %u: no room in the virtual GIC", cc->name,
			cc->console_irq);
		return -1;
	}
	g->gicd_ipa = ipa_val(cc->vgic.gicd);
	g->gicr_ipa = ipa_val(cc->vgic.gicr);
	g->gicc_ipa = ipa_val(cc->vgic.gicc);
	c->vgic = g;
	log_info("cell '%s': virtual GICv%d, distributor at 0x%llx, %u SPI%s", cc->name, cc->vgic.version,
		 (unsigned long long)g->gicd_ipa, n, n == 1 ? "" : "s");
	return 0;
}

static int cell_prepare(struct cell *c, const struct board *b)
{
	const struct cfg_cell *cc = c->cfg;
	char why[128];

	for (unsigned int v = 0; v < cc->cpu_count; v++) {
		int cpu = board_cpu_index(b, cc->cpus[v]);

		if (cpu < 0 || __atomic_load_n(&percpu[cpu].state, __ATOMIC_ACQUIRE) != CPU_STATE_ONLINE) {
			log_err("cell '%s': CPU MPIDR 0x%llx is not online", cc->name,
				(unsigned long long)cc->cpus[v]);
			return -1;
		}
		c->vcpu_pcpu[v] = (unsigned int)cpu;
		percpu[cpu].cell = c;
		percpu[cpu].vcpu = v;
	}
	c->vcpu_count = cc->cpu_count;
	vuart_reset(c);
	if (cc->vgic.present && cell_vgic_init(c, &vgics[c->id], b))
		return -1;
	if (arch_cell_s2_build(c, b, why, sizeof(why))) {
		log_err("cell '%s': stage-2 tables: %s", cc->name, why);
		return -1;
	}
	return cell_load_memory(c);
}

void cells_init(const struct cfg *cfg, const struct board *b)
{
	unsigned int count = cfg ? cfg->cell_count : 0;
	bool ok[CFG_MAX_CELLS] = { false };

	/* First check every cell's payloads: zeroing one cell's memory must
	 * never destroy what another cell is about to load. */
	for (unsigned int i = 0; i < count; i++) {
		cells[i].cfg = &cfg->cells[i];
		cells[i].partition = cfg;
		cells[i].id = i;
		cells[i].state = CELL_LOADING;
		ok[i] = payloads_present(&cells[i], b, cfg);
	}
	for (unsigned int i = 0; i < count; i++) {
		struct cell *c = &cells[i];

		if (!ok[i] || cell_prepare(c, b)) {
			log_err("cell '%s' cannot start", c->cfg->name);
			c->state = CELL_STOPPED;
			for (unsigned int v = 0; v < c->vcpu_count; v++)
				percpu[c->vcpu_pcpu[v]].cell = NULL;
			continue;
		}
		log_info("cell '%s': %u vCPU%s, entry 0x%llx", c->cfg->name, c->vcpu_count,
			 c->vcpu_count == 1 ? "" : "s", (unsigned long long)ipa_val(c->cfg->entry));
		cell_power_init(c);
	}
	cell_count = count;
	__atomic_store_n(&cells_ready, 1, __ATOMIC_RELEASE);
}

struct cell *cell_by_id(unsigned int id)
{
	return id < __atomic_load_n(&cell_count, __ATOMIC_ACQUIRE) ? &cells[id] : NULL;
}

struct cell *cell_current(unsigned int *vcpu)
{
	struct percpu *p = &percpu[arch_cpu_id()];

	if (vcpu)
		*vcpu = p->vcpu;
	return p->cell;
}

void cell_cpu_run(unsigned int cpu)
{
	struct cell *c;
	unsigned int v;

	while (!__atomic_load_n(&cells_ready, __ATOMIC_ACQUIRE))
		arch_cpu_relax();
	c = percpu[cpu].cell;
	if (!c) {
		log_debug("cpu%u belongs to no cell: idle", cpu);
		for (;;) { /* the hypervisor's own interrupts still come (console input, boot CPU) */
			arch_cpu_idle();
			arch_irq_poll();
		}
	}
	v = percpu[cpu].vcpu;
	/* vCPU 0 is pending at the entry point; the others wait for PSCI CPU_ON. */
	cell_vcpu_wait(c, v, cpu);
}

void cell_console_irq(struct cell *c, bool level)
{
	if (c->vgic && c->cfg->console_irq)
		vgic_set_line(c->vgic, c->cfg->console_irq, level);
}

bool cell_mmio(struct cell *c, unsigned int vcpu, uint64_t ipa, bool write, unsigned int size, uint64_t *val)
{
	uint64_t off = ipa - ipa_val(c->cfg->console_ipa);

	/*
	 * The console and the virtual GIC never overlap (cfg_rules.c checks
	 * the cell's IPA map), so at most one of them is asked, by a tail call
	 * (the emulated-MMIO fast path, docs/performance.md). Size 0 only asks
	 * whether @ipa is emulated at all (vcpu.c).
	 */
	if (c->cfg->console && off < CONSOLE_SIZE)
		return size == 0 || vuart_access(c, off, write, size, val);
	return c->vgic && vgic_mmio(c->vgic, vcpu, ipa, write, size, val);
}

void cell_fault(const struct guest_fault *f)
{
	unsigned int vcpu, cpu = arch_cpu_id();
	struct cell *c = cell_current(&vcpu);

	if (!c)
		panic("guest fault outside any cell: %s", f->what);
	spin_lock(&c->power.lock);
	if (c->state == CELL_RUNNING)
		__atomic_store_n(&c->state, CELL_STOPPED, __ATOMIC_RELEASE);
	spin_unlock(&c->power.lock);
	if (f->has_ipa)
		log_err("cell '%s' vCPU %u (cpu%u): %s at IPA 0x%llx: %s", c->cfg->name, vcpu, cpu, f->what,
			(unsigned long long)f->ipa, f->why);
	else
		log_err("cell '%s' vCPU %u (cpu%u): %s: %s", c->cfg->name, vcpu, cpu, f->what, f->why);
	log_err("  ESR 0x%08llx  FAR 0x%016llx  ELR 0x%016llx", (unsigned long long)f->esr,
		(unsigned long long)f->far, (unsigned long long)f->elr);
	log_err("cell '%s' stopped; the other cells keep running", c->cfg->name);
	/* The cell's other CPUs: interrupt them into the hypervisor. */
	for (unsigned int v = 0; v < c->vcpu_count; v++)
		if (v != vcpu)
			arch_cpu_kick(c->vcpu_pcpu[v]);
	/* Wait in the hypervisor, still able to be kicked; the cell stays stopped. */
	arch_cpu_rewind(cpu, cell_cpu_run);
}
