// SPDX-License-Identifier: MIT
/*
 * The hypervisor's main line on the boot CPU, once the arch layer has the
 * MMU on: read the board from the device tree, move to the final memory
 * map and console, report what was found, bring every CPU up.
 */
#include <libfdt.h>
#include <septum/arch.h>
#include <septum/board.h>
#include <septum/bundle.h>
#include <septum/cell.h>
#include <septum/cfg.h>
#include <septum/console.h>
#include <septum/dtindex.h>
#include <septum/fmt.h>
#include <septum/log.h>
#include <septum/percpu.h>
#include <septum/plat.h>
#include <septum/selftest.h>
#include <septum/smp.h>
#include <septum/string.h>
#include <septum/uart.h>

void hyp_main(const void *fdt) __noreturn;

static struct board board;
static struct cfg cfg;

static void log_range(const char *what, const struct pa_range *r)
{
	char sz[24];

	log_info("%s 0x%010llx-0x%010llx (%s)", what, (unsigned long long)pa_val(r->base),
		 (unsigned long long)(pa_range_end(r) - 1), fmt_size(r->size, sz, sizeof(sz)));
}

/* Logical CPU 0 is the boot CPU: move it to the front of the board's list. */
static void put_boot_cpu_first(void)
{
	uint64_t mpidr = arch_cpu_mpidr();
	int idx = board_cpu_index(&board, mpidr);
	struct board_cpu tmp;

	if (idx < 0) {
		log_err("the boot CPU (MPIDR 0x%llx) is not listed in /cpus of the device tree",
			(unsigned long long)mpidr);
		log_err("cannot continue: stopping");
		arch_cpu_park();
	}
	tmp = board.cpus[0];
	board.cpus[0] = board.cpus[idx];
	board.cpus[idx] = tmp;
	percpu[0].mpidr = mpidr;
}

static void console_setup(void)
{
	const struct uart_driver *drv = NULL;
	const char *c = board.uart.compat_list;

	if (!board.uart.present) {
		log_warn("no /chosen/stdout-path in the device tree: staying on the %s early UART",
			 plat_desc.name);
		return;
	}
	for (int off = 0; !drv && off < board.uart.compat_len; off += (int)strlen(c + off) + 1)
		drv = uart_find_driver(c + off);
	if (!drv) {
		log_warn("console %s (\"%s\") has no driver in this build: staying on the early UART",
			 board.uart.path, board.uart.compatible);
		return;
	}
	console_set_uart(drv, arch_map_device(board.uart.regs.base, board.uart.regs.size));
}

/*
 * Is @intid passed through to a cell? Then it is that cell's, not the console's.
 * cfg_check_board() refuses such a config; this stays as a last guard.
 */
static bool passed_through(uint32_t intid)
{
	for (unsigned int i = 0; cell_by_id(i); i++) {
		const struct cfg_cell *cc = cell_by_id(i)->cfg;

		for (unsigned int d = 0; d < cc->device_count; d++)
			for (unsigned int k = 0; k < cc->devices[d].irq_count; k++)
				if (cc->devices[d].irqs[k] == intid) {
					log_warn("console input: INTID %u is passed through to cell '%s'",
						 intid, cc->name);
					return true;
				}
	}
	return false;
}

/* The board UART's receive interrupt (its first SPI in the device tree), 0 if none. */
static uint32_t console_intid(const void *fdt)
{
	struct board_status st = { 0 };
	uint32_t intids[BOARD_UART_MAX_IRQS];
	unsigned int n = 0;
	int node = board_uart_node(fdt, &board);

	if (node < 0)
		return 0;
	if (board_node_irqs(fdt, &board, node, intids, BOARD_UART_MAX_IRQS, &n, &st) != BOARD_OK) {
		log_warn("console input: %s", st.msg);
		return 0;
	}
	for (unsigned int i = 0; i < n; i++)
		if (intids[i] >= BOARD_SPI_FIRST)
			return passed_through(intids[i]) ? 0 : intids[i];
	return 0;
}

static const char *const enable_name[] = {
	[CPU_ENABLE_NONE] = "no enable-method",
	[CPU_ENABLE_PSCI] = "psci",
	[CPU_ENABLE_SPIN_TABLE] = "spin-table",
};

static void print_gic(void)
{
	const struct board_gic *g = &board.gic;

	log_info("GIC: GICv%d at %s, maintenance INTID %u", g->version, g->path, g->maint_intid);
	log_range("  GICD", &g->gicd);
	for (unsigned int i = 0; i < g->gicr_count; i++)
		log_range("  GICR", &g->gicr[i]);
	if (g->gicc.size)
		log_range("  GICC", &g->gicc);
	if (g->gich.size)
		log_range("  GICH", &g->gich);
	if (g->gicv.size)
		log_range("  GICV", &g->gicv);
}

static void print_banner(const void *fdt)
{
	struct pa_range image = arch_image_range();
	char sz[24];

	log_info("board: %s", board.model[0] ? board.model : "(no model)");
	log_range("hypervisor image:", &image);
	log_info("device tree at 0x%llx", (unsigned long long)(uintptr_t)fdt);
	for (unsigned int i = 0; i < board.mem_count; i++)
		log_range("RAM:", &board.mem[i]);
	log_info("RAM total: %s", fmt_size(board_ram_size(&board), sz, sizeof(sz)));
	for (unsigned int i = 0; i < board.reserved_count; i++)
		log_range(board.reserved_nomap & BIT(i) ? "reserved (no-map):" : "reserved:",
			  &board.reserved[i]);
	print_gic();
	log_info("timer: CNTFRQ %llu Hz, INTIDs hyp %u, virt %u, phys %u, secure phys %u",
		 (unsigned long long)arch_counter_freq(), board.timer.intid_hyp, board.timer.intid_virt,
		 board.timer.intid_phys, board.timer.intid_sec_phys);
	if (board.uart.present)
		log_info("console: %s (%s) at 0x%llx", board.uart.path, board.uart.compatible,
			 (unsigned long long)pa_val(board.uart.regs.base));
	log_info("CPUs: %u in the device tree%s%s%s", board.cpu_count, board.psci_conduit ? ", PSCI " : "",
		 board.psci_conduit ? board.psci_compatible : "",
		 board.psci_conduit == PSCI_CONDUIT_SMC	  ? " via smc"
		 : board.psci_conduit == PSCI_CONDUIT_HVC ? " via hvc"
							  : "");
	for (unsigned int i = 0; i < board.cpu_count; i++)
		log_info("  cpu%u: MPIDR 0x%llx, %s%s (%s)", i, (unsigned long long)board.cpus[i].mpidr,
			 enable_name[board.cpus[i].method], i == 0 ? ", boot CPU" : "", board.cpus[i].path);
}

static bool size_of_payload(void *ctx, const char *name, uint64_t *size)
{
	paddr_t pa;

	(void)ctx;
	return payload_find(name, &pa, size);
}

static bool in_ram(uint64_t base, uint64_t size)
{
	for (unsigned int i = 0; i < board.mem_count; i++)
		if (base >= pa_val(board.mem[i].base) && size <= pa_range_end(&board.mem[i]) - base)
			return true;
	return false;
}

/* Find, parse and check the partition config; false when there is none to run. */
static bool load_config(const void *fdt)
{
	struct pa_range image = arch_image_range(), hyp;
	const struct cfg_payloads payloads = { size_of_payload, NULL };
	struct cfg_status st;
	const void *blob;
	size_t size;
	uint64_t bundle_size;

	if (!payload_sources_init(fdt, pa_add(image.base, image.size), &blob, &size, &bundle_size)) {
		log_info("no partition config (no bundle, no /chosen/septum,config): no cells to run");
		return false;
	}
	if (!in_ram((uintptr_t)blob, size)) {
		log_err("config at 0x%llx (%zu bytes) is not in RAM", (unsigned long long)(uintptr_t)blob,
			size);
		return false;
	}
	if (cfg_parse(blob, size, &cfg, &st) != CFG_OK) {
		log_err("config: %s", st.msg);
		return false;
	}
	hyp.base = image.base;
	hyp.size = image.size + bundle_size;
	if (cfg_check_board(&cfg, fdt, &board, &hyp, &payloads, &st) != CFG_OK) {
		log_err("config: %s", st.msg);
		return false;
	}
	log_info("config: %u cell%s", cfg.cell_count, cfg.cell_count == 1 ? "" : "s");
	return true;
}

void hyp_main(const void *fdt)
{
	struct board_status st = { 0 };
	char model[48];

	arch_cpu_model(model, sizeof(model));
	log_info("Septum %s (%s) at EL2 on %s", SEPTUM_VERSION, plat_desc.name, model);
	if (board_parse(fdt, &board, &st) != BOARD_OK) {
		log_err("device tree at 0x%llx: %s", (unsigned long long)(uintptr_t)fdt, st.msg);
		log_err("cannot continue without a valid board description: stopping");
		arch_cpu_park();
	}
	put_boot_cpu_first();
	arch_mmu_finalize(&board);
	console_setup();
	print_banner(fdt);
	arch_irq_init(&board);
	arch_irq_init_cpu(0);
	smp_boot_secondaries(&board);
	selftest_run(board.bootargs);
	if (load_config(fdt)) {
		cells_init(&cfg, &board);
	} else {
		cells_init(NULL, &board);
	}
	log_info("boot complete");
	console_input_start(console_intid(fdt));
	cell_cpu_run(0);
}
