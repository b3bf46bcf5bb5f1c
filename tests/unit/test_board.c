// SPDX-License-Identifier: MIT
/*
 * Host unit tests for board discovery (src/core/board.c): every field that
 * board_parse() fills in for the boards of tests/unit/dts/, the exact error
 * code and message for each broken tree (some from files, some made by
 * editing a good tree with libfdt), and board_node_regs(), board_node_irqs(),
 * board_cpu_index() and board_ram_size().
 */
/* UNIT-SOURCES: src/core/board.c src/core/dtindex.c */
#include <libfdt.h>
#include <septum/board.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

/* ------------------------------------------------------------ helpers */

/* Parse @fdt, failing the test (with board.c's message) unless it is accepted. */
static void parse_ok(const void *fdt, struct board *b)
{
	struct board_status st = { BOARD_OK, "" };
	enum board_error e = board_parse(fdt, b, &st);

	if (e != BOARD_OK)
		fail_msg("board_parse: error %d: %s", e, st.msg);
	assert_int_equal(st.code, BOARD_OK);
	assert_string_equal(st.msg, "");
}

/* board_parse() must reject @fdt with exactly @code and @msg. */
static void parse_fails(const void *fdt, enum board_error code, const char *msg)
{
	struct board b = { 0 };
	struct board_status st = { BOARD_OK, "" };

	assert_int_equal(board_parse(fdt, &b, &st), code);
	assert_int_equal(st.code, code);
	assert_string_equal(st.msg, msg);
}

static void load_fails(const char *name, enum board_error code, const char *msg)
{
	void *fdt = unit_load_dtb(name);

	parse_fails(fdt, code, msg);
	free(fdt);
}

/* A writable copy of tree @name with room to grow. */
static void *open_tree(const char *name)
{
	void *src = unit_load_dtb(name);
	int size = (int)fdt_totalsize(src) + 8192;
	void *fdt = malloc((size_t)size);

	assert_non_null(fdt);
	assert_int_equal(fdt_open_into(src, fdt, size), 0);
	free(src);
	return fdt;
}

static int node_at(const void *fdt, const char *path)
{
	int node = fdt_path_offset(fdt, path);

	if (node < 0)
		fail_msg("no node %s in the test tree: %s", path, fdt_strerror(node));
	return node;
}

/* Set @prop of @path to the @n big-endian cells @cells. */
static void set_cells(void *fdt, const char *path, const char *prop, const uint32_t *cells, int n)
{
	fdt32_t be[256];

	assert_true(n <= 256);
	for (int i = 0; i < n; i++)
		be[i] = cpu_to_fdt32(cells[i]);
	assert_int_equal(fdt_setprop(fdt, node_at(fdt, path), prop, be, n * 4), 0);
}

static void set_u32(void *fdt, const char *path, const char *prop, uint32_t v)
{
	set_cells(fdt, path, prop, &v, 1);
}

static void set_str(void *fdt, const char *path, const char *prop, const char *s)
{
	assert_int_equal(fdt_setprop_string(fdt, node_at(fdt, path), prop, s), 0);
}

static void del_prop(void *fdt, const char *path, const char *prop)
{
	assert_int_equal(fdt_delprop(fdt, node_at(fdt, path), prop), 0);
}

static void assert_range(const struct pa_range *r, uint64_t base, uint64_t size)
{
	assert_int_equal(pa_val(r->base), base);
	assert_int_equal(r->size, size);
}

static void assert_no_range(const struct pa_range *r)
{
	assert_range(r, 0, 0);
}

/* ------------------------------------------------------------ good boards */

static void test_virt_gicv3(void **state)
{
	static const char compat[] = "arm,pl011\0arm,primecell";
	void *fdt = unit_load_dtb("virt-gicv3");
	struct board b = { 0 };

	(void)state;
	parse_ok(fdt, &b);
	assert_string_equal(b.model, "linux,dummy-virt");

	assert_int_equal(b.mem_count, 1);
	assert_range(&b.mem[0], 0x40000000, 0x40000000);
	assert_int_equal(board_ram_size(&b), 0x40000000);

	/* /memreserve/ first, then /reserved-memory in node order. */
	assert_int_equal(b.reserved_count, 3);
	assert_range(&b.reserved[0], 0x48000000, 0x200000);
	assert_range(&b.reserved[1], 0x7fe00000, 0x100000);
	assert_range(&b.reserved[2], 0x7ff00000, 0x80000);
	assert_int_equal(b.reserved_nomap, 0x2);

	assert_int_equal(b.psci_conduit, PSCI_CONDUIT_SMC);
	assert_string_equal(b.psci_compatible, "arm,psci-1.0");
	/* cpu-map has no device_type and is not a CPU. */
	assert_int_equal(b.cpu_count, 4);
	assert_int_equal(b.cpus_ignored, 0);
	for (unsigned int i = 0; i < 4; i++) {
		char path[32];

		snprintf(path, sizeof(path), "/cpus/cpu@%u", i);
		assert_int_equal(b.cpus[i].mpidr, i);
		assert_int_equal(b.cpus[i].method, CPU_ENABLE_PSCI);
		assert_int_equal(pa_val(b.cpus[i].release_addr), 0);
		assert_string_equal(b.cpus[i].path, path);
	}

	assert_int_equal(b.gic.version, GIC_V3);
	assert_string_equal(b.gic.path, "/intc@8000000");
	assert_range(&b.gic.gicd, 0x8000000, 0x10000);
	assert_int_equal(b.gic.gicr_count, 1);
	assert_range(&b.gic.gicr[0], 0x80a0000, 0xf60000);
	assert_no_range(&b.gic.gicr[1]);
	assert_no_range(&b.gic.gicc);
	assert_no_range(&b.gic.gich);
	assert_no_range(&b.gic.gicv);
	assert_int_equal(b.gic.maint_intid, 25);

	assert_true(b.timer.present);
	assert_int_equal(b.timer.intid_sec_phys, 29);
	assert_int_equal(b.timer.intid_phys, 30);
	assert_int_equal(b.timer.intid_virt, 27);
	assert_int_equal(b.timer.intid_hyp, 26);
	assert_int_equal(b.timer.dt_freq, 0);

	assert_true(b.uart.present);
	assert_string_equal(b.uart.path, "/pl011@9000000");
	assert_string_equal(b.uart.compatible, "arm,pl011");
	assert_int_equal(b.uart.compat_len, sizeof(compat));
	assert_memory_equal(b.uart.compat_list, compat, sizeof(compat));
	assert_range(&b.uart.regs, 0x9000000, 0x1000);
	assert_non_null(b.bootargs);
	assert_string_equal(b.bootargs, "console=ttyAMA0 earlycon");
	free(fdt);
}

static void test_virt_gicv2(void **state)
{
	void *fdt = unit_load_dtb("virt-gicv2");
	struct board b = { 0 };

	(void)state;
	parse_ok(fdt, &b);
	assert_string_equal(b.model, "QEMU virt GICv2 (unit test)");

	/* The zero-sized entry and the disabled node are left out. */
	assert_int_equal(b.mem_count, 2);
	assert_range(&b.mem[0], 0x40000000, 0x20000000);
	assert_range(&b.mem[1], 0x100000000, 0x80000000);
	assert_int_equal(board_ram_size(&b), 0xa0000000);
	assert_int_equal(b.reserved_count, 0);
	assert_int_equal(b.reserved_nomap, 0);

	assert_int_equal(b.psci_conduit, PSCI_CONDUIT_HVC);
	assert_string_equal(b.psci_compatible, "arm,psci-0.2");
	/* cpu@2 has status "fail". */
	assert_int_equal(b.cpu_count, 3);
	assert_int_equal(b.cpus[0].mpidr, 0);
	assert_int_equal(b.cpus[1].mpidr, 1);
	assert_int_equal(b.cpus[2].mpidr, 3);
	assert_string_equal(b.cpus[2].path, "/cpus/cpu@3");
	for (unsigned int i = 0; i < 3; i++)
		assert_int_equal(b.cpus[i].method, CPU_ENABLE_PSCI);

	assert_int_equal(b.gic.version, GIC_V2);
	assert_string_equal(b.gic.path, "/intc@8000000");
	assert_range(&b.gic.gicd, 0x8000000, 0x10000);
	assert_range(&b.gic.gicc, 0x8010000, 0x10000);
	assert_range(&b.gic.gich, 0x8030000, 0x10000);
	assert_range(&b.gic.gicv, 0x8040000, 0x10000);
	assert_int_equal(b.gic.gicr_count, 0);
	assert_no_range(&b.gic.gicr[0]);
	assert_int_equal(b.gic.maint_intid, 25);

	/* "arm,armv7-timer" alone is accepted; the CPU mask in the flags is ignored. */
	assert_true(b.timer.present);
	assert_int_equal(b.timer.intid_sec_phys, 29);
	assert_int_equal(b.timer.intid_phys, 30);
	assert_int_equal(b.timer.intid_virt, 27);
	assert_int_equal(b.timer.intid_hyp, 26);
	assert_int_equal(b.timer.dt_freq, 62500000);

	/* stdout-path "serial0:115200n8": an alias, options cut off. */
	assert_true(b.uart.present);
	assert_string_equal(b.uart.path, "/pl011@9000000");
	assert_string_equal(b.uart.compatible, "arm,pl011");
	assert_range(&b.uart.regs, 0x9000000, 0x1000);
	assert_null(b.bootargs);
	free(fdt);
}

static void test_spin_table(void **state)
{
	static const uint64_t release[] = { 0xd8, 0xe0, 0xe8, 0x1000000f0 };
	void *fdt = unit_load_dtb("spin-table");
	struct board b = { 0 };

	(void)state;
	parse_ok(fdt, &b);
	assert_string_equal(b.model, "Spin-table test board");
	assert_int_equal(b.mem_count, 2);
	assert_range(&b.mem[0], 0x0, 0x3b000000);
	assert_range(&b.mem[1], 0x40000000, 0x20000000);
	assert_int_equal(board_ram_size(&b), 0x5b000000);
	assert_int_equal(b.reserved_count, 0);

	assert_int_equal(b.psci_conduit, PSCI_CONDUIT_NONE);
	assert_string_equal(b.psci_compatible, "");
	assert_int_equal(b.cpu_count, 4);
	for (unsigned int i = 0; i < 4; i++) {
		assert_int_equal(b.cpus[i].mpidr, i);
		assert_int_equal(b.cpus[i].method, CPU_ENABLE_SPIN_TABLE);
		/* cpu@2 gives its release address as one cell. */
		assert_int_equal(pa_val(b.cpus[i].release_addr), release[i]);
	}

	assert_int_equal(b.gic.version, GIC_V2);
	assert_string_equal(b.gic.path, "/interrupt-controller@ff841000");
	assert_range(&b.gic.gicd, 0xff841000, 0x1000);
	assert_range(&b.gic.gicc, 0xff842000, 0x2000);
	assert_range(&b.gic.gich, 0xff844000, 0x2000);
	assert_range(&b.gic.gicv, 0xff846000, 0x2000);
	assert_int_equal(b.gic.maint_intid, 25);

	assert_int_equal(b.timer.intid_sec_phys, 29);
	assert_int_equal(b.timer.intid_phys, 30);
	assert_int_equal(b.timer.intid_virt, 27);
	assert_int_equal(b.timer.intid_hyp, 26);
	assert_int_equal(b.timer.dt_freq, 19200000);

	/* linux,stdout-path; 0x7e215040 on the bus is 0x3f215040 for the CPU. */
	assert_true(b.uart.present);
	assert_string_equal(b.uart.path, "/soc/serial@7e215040");
	assert_string_equal(b.uart.compatible, "brcm,bcm2835-aux-uart");
	assert_int_equal(b.uart.compat_len, sizeof("brcm,bcm2835-aux-uart"));
	assert_range(&b.uart.regs, 0x3f215040, 0x40);
	assert_null(b.bootargs);
	free(fdt);
}

static void test_cells_2_1(void **state)
{
	void *fdt = unit_load_dtb("cells-2-1");
	struct board b = { 0 };

	(void)state;
	parse_ok(fdt, &b);
	assert_string_equal(b.model, "Cells 2/1 test board");
	assert_int_equal(b.mem_count, 3);
	assert_range(&b.mem[0], 0x0, 0x3b400000);
	assert_range(&b.mem[1], 0x40000000, 0xbc000000);
	assert_range(&b.mem[2], 0x100000000, 0x80000000);
	assert_int_equal(board_ram_size(&b), 0x177400000);

	/*
	 * /memreserve/, then the reserved-memory nodes with 1/2 cells: the
	 * dynamic CMA pool (no 'reg'), the empty range and the disabled node
	 * are skipped, ramoops gives two ranges.
	 */
	assert_int_equal(b.reserved_count, 5);
	assert_range(&b.reserved[0], 0x0, 0x1000);
	assert_range(&b.reserved[1], 0x2eff2000, 0xe000);
	assert_range(&b.reserved[2], 0x3b400000, 0x4c00000);
	assert_range(&b.reserved[3], 0x2000000, 0x10000);
	assert_range(&b.reserved[4], 0x2100000, 0x10000);
	assert_int_equal(b.reserved_nomap, 1U << 2);

	assert_int_equal(b.psci_conduit, PSCI_CONDUIT_SMC);
	assert_string_equal(b.psci_compatible, "arm,psci-1.0");
	assert_int_equal(b.cpu_count, 2);
	assert_int_equal(b.cpus[1].mpidr, 1);
	assert_int_equal(b.cpus[1].method, CPU_ENABLE_PSCI);

	/* The GIC and the UART sit behind the second and first 'ranges' entries. */
	assert_int_equal(b.gic.version, GIC_V2);
	assert_string_equal(b.gic.path, "/soc/interrupt-controller@40041000");
	assert_range(&b.gic.gicd, 0xff841000, 0x1000);
	assert_range(&b.gic.gicc, 0xff842000, 0x2000);
	assert_range(&b.gic.gich, 0xff844000, 0x2000);
	assert_range(&b.gic.gicv, 0xff846000, 0x2000);
	assert_int_equal(b.gic.maint_intid, 25);
	assert_int_equal(b.timer.intid_phys, 30);
	assert_int_equal(b.timer.intid_hyp, 26);

	assert_true(b.uart.present);
	assert_string_equal(b.uart.path, "/soc/serial@7e201000");
	assert_string_equal(b.uart.compatible, "arm,pl011");
	assert_range(&b.uart.regs, 0xfe201000, 0x200);
	assert_non_null(b.bootargs);
	assert_string_equal(b.bootargs, "");
	free(fdt);
}

static void test_cells_1_2(void **state)
{
	void *fdt = unit_load_dtb("cells-1-2");
	struct board b = { 0 };

	(void)state;
	parse_ok(fdt, &b);
	/* No 'model': the first compatible string. */
	assert_string_equal(b.model, "septum,cells-1-2");
	assert_int_equal(b.mem_count, 1);
	assert_range(&b.mem[0], 0x40000000, 0x100000000);
	assert_int_equal(board_ram_size(&b), 0x100000000);
	assert_int_equal(b.psci_conduit, PSCI_CONDUIT_HVC);
	assert_string_equal(b.psci_compatible, "arm,psci");
	assert_int_equal(b.cpu_count, 1);
	assert_int_equal(b.cpus[0].mpidr, 0);

	assert_int_equal(b.gic.version, GIC_V3);
	assert_range(&b.gic.gicd, 0x8000000, 0x10000);
	assert_int_equal(b.gic.gicr_count, 1);
	assert_range(&b.gic.gicr[0], 0x80a0000, 0xf60000);
	/* No 'interrupts' on the GIC: no maintenance interrupt. */
	assert_int_equal(b.gic.maint_intid, 0);

	/* Four-cell interrupt specifiers (#interrupt-cells of the GIC). */
	assert_int_equal(b.timer.intid_sec_phys, 29);
	assert_int_equal(b.timer.intid_phys, 30);
	assert_int_equal(b.timer.intid_virt, 27);
	assert_int_equal(b.timer.intid_hyp, 26);

	assert_string_equal(b.uart.path, "/uart@9000000");
	assert_string_equal(b.uart.compatible, "ns16550a");
	assert_range(&b.uart.regs, 0x9000000, 0x100);
	free(fdt);
}

static void test_eight_cpus(void **state)
{
	static const uint64_t mpidr[] = { 0x0, 0x1, 0x2, 0x3, 0x100, 0x101, 0x100000000, 0x10000ff01 };
	void *fdt = unit_load_dtb("eight-cpus");
	struct board b = { 0 };

	(void)state;
	parse_ok(fdt, &b);
	assert_int_equal(b.cpu_count, 8);
	assert_int_equal(b.cpus_ignored, 0);
	for (unsigned int i = 0; i < 8; i++) {
		assert_int_equal(b.cpus[i].mpidr, mpidr[i]);
		assert_int_equal(b.cpus[i].method, CPU_ENABLE_PSCI);
		/* MPIDR_EL1 bit 31 (RES1) and MT/U bits are not affinity. */
		assert_int_equal(board_cpu_index(&b, mpidr[i] | 0x80000000ULL), (int)i);
		assert_int_equal(board_cpu_index(&b, mpidr[i] | 0x41000000ULL), (int)i);
	}
	assert_string_equal(b.cpus[7].path, "/cpus/cpu@10000ff01");
	assert_int_equal(board_cpu_index(&b, 0x102), -1);
	assert_int_equal(board_cpu_index(&b, 0x200000000), -1);

	assert_int_equal(b.gic.version, GIC_V3);
	assert_range(&b.gic.gicd, 0x2f000000, 0x10000);
	assert_int_equal(b.gic.gicr_count, 2);
	assert_range(&b.gic.gicr[0], 0x2f100000, 0x80000);
	assert_range(&b.gic.gicr[1], 0x2f200000, 0x80000);
	assert_no_range(&b.gic.gicr[2]);
	assert_range(&b.gic.gicc, 0x2c000000, 0x2000);
	assert_range(&b.gic.gich, 0x2c010000, 0x2000);
	assert_range(&b.gic.gicv, 0x2c02f000, 0x2000);
	assert_int_equal(b.gic.maint_intid, 25);
	/* A fifth timer interrupt is ignored. */
	assert_int_equal(b.timer.intid_hyp, 26);

	/* No /chosen: no console, no bootargs, and that is not an error. */
	assert_false(b.uart.present);
	assert_string_equal(b.uart.path, "");
	assert_null(b.bootargs);
	free(fdt);
}

/* A ninth CPU is counted in cpus_ignored, not rejected. */
static void test_nine_cpus(void **state)
{
	void *fdt = open_tree("eight-cpus");
	static const uint32_t reg[] = { 0x0, 0x102 };
	struct board b = { 0 };
	int node;

	(void)state;
	/* fdt_add_subnode() puts the new node first. */
	node = fdt_add_subnode(fdt, node_at(fdt, "/cpus"), "cpu@102");
	assert_true(node >= 0);
	set_str(fdt, "/cpus/cpu@102", "device_type", "cpu");
	set_cells(fdt, "/cpus/cpu@102", "reg", reg, 2);
	set_str(fdt, "/cpus/cpu@102", "enable-method", "psci");
	parse_ok(fdt, &b);
	assert_int_equal(b.cpu_count, 8);
	assert_int_equal(b.cpus_ignored, 1);
	assert_int_equal(b.cpus[0].mpidr, 0x102);
	assert_string_equal(b.cpus[0].path, "/cpus/cpu@102");
	assert_int_equal(b.cpus[7].mpidr, 0x100000000);
	assert_int_equal(board_cpu_index(&b, 0x10000ff01), -1);
	free(fdt);
}

/* A CPU without enable-method is accepted: CPU_ENABLE_NONE (a lone boot CPU). */
static void test_cpu_without_enable_method(void **state)
{
	void *fdt = open_tree("cells-1-2");
	struct board b = { 0 };

	(void)state;
	del_prop(fdt, "/cpus/cpu@0", "enable-method");
	parse_ok(fdt, &b);
	assert_int_equal(b.cpu_count, 1);
	assert_int_equal(b.cpus[0].method, CPU_ENABLE_NONE);
	assert_int_equal(b.psci_conduit, PSCI_CONDUIT_HVC);
	free(fdt);
}

/* Without stdout-path there is no console, which is not an error. */
static void test_no_stdout_path(void **state)
{
	void *fdt = open_tree("virt-gicv3");
	struct board b = { 0 };

	(void)state;
	del_prop(fdt, "/chosen", "stdout-path");
	parse_ok(fdt, &b);
	assert_false(b.uart.present);
	assert_string_equal(b.uart.path, "");
	assert_string_equal(b.uart.compatible, "");
	assert_null(b.uart.compat_list);
	assert_no_range(&b.uart.regs);
	assert_string_equal(b.bootargs, "console=ttyAMA0 earlycon");
	free(fdt);
}

/* board_parse() clears what an earlier parse left behind. */
static void test_reparse_clears(void **state)
{
	void *big = unit_load_dtb("cells-2-1"), *small = unit_load_dtb("cells-1-2");
	struct board b = { 0 };

	(void)state;
	parse_ok(big, &b);
	assert_int_equal(b.reserved_count, 5);
	parse_ok(small, &b);
	assert_int_equal(b.mem_count, 1);
	assert_int_equal(b.reserved_count, 0);
	assert_int_equal(b.reserved_nomap, 0);
	assert_int_equal(b.cpu_count, 1);
	assert_int_equal(b.gic.gicr_count, 1);
	assert_null(b.bootargs);
	free(big);
	free(small);
}

/* Exactly BOARD_MAX_RESERVED ranges fit, and the no-map bit of the last one is bit 31. */
static void test_reserved_limit(void **state)
{
	uint32_t reg[(BOARD_MAX_RESERVED - 1) * 4];
	void *fdt = open_tree("virt-gicv3");
	struct board b = { 0 };
	struct board_status st = { BOARD_OK, "" };

	(void)state;
	/* 1 /memreserve/ + secmon + 30 entries of shm = 32. */
	for (int i = 0; i < BOARD_MAX_RESERVED - 2; i++) {
		reg[i * 4 + 0] = 0;
		reg[i * 4 + 1] = 0x7ff00000 + (uint32_t)i * 0x1000;
		reg[i * 4 + 2] = 0;
		reg[i * 4 + 3] = 0x1000;
	}
	set_cells(fdt, "/reserved-memory/shm@7ff00000", "reg", reg, (BOARD_MAX_RESERVED - 2) * 4);
	assert_int_equal(fdt_setprop_empty(fdt, node_at(fdt, "/reserved-memory/shm@7ff00000"), "no-map"), 0);
	parse_ok(fdt, &b);
	assert_int_equal(b.reserved_count, BOARD_MAX_RESERVED);
	assert_range(&b.reserved[31], 0x7ff1d000, 0x1000);
	assert_int_equal(b.reserved_nomap, 0xfffffffe);

	/* One more is too many. */
	reg[(BOARD_MAX_RESERVED - 2) * 4 + 0] = 0;
	reg[(BOARD_MAX_RESERVED - 2) * 4 + 1] = 0x7ff80000;
	reg[(BOARD_MAX_RESERVED - 2) * 4 + 2] = 0;
	reg[(BOARD_MAX_RESERVED - 2) * 4 + 3] = 0x1000;
	set_cells(fdt, "/reserved-memory/shm@7ff00000", "reg", reg, (BOARD_MAX_RESERVED - 1) * 4);
	assert_int_equal(board_parse(fdt, &b, &st), BOARD_ERR_LIMIT);
	assert_string_equal(st.msg, "/reserved-memory/shm@7ff00000: more than 32 reserved memory ranges");
	free(fdt);
}

static void test_memory_limit(void **state)
{
	uint32_t reg[(BOARD_MAX_MEM + 1) * 4];
	void *fdt = open_tree("virt-gicv3");
	struct board b = { 0 };

	(void)state;
	for (int i = 0; i <= BOARD_MAX_MEM; i++) {
		reg[i * 4 + 0] = 0;
		reg[i * 4 + 1] = 0x40000000 + (uint32_t)i * 0x1000000;
		reg[i * 4 + 2] = 0;
		reg[i * 4 + 3] = 0x1000000;
	}
	set_cells(fdt, "/memory@40000000", "reg", reg, BOARD_MAX_MEM * 4);
	parse_ok(fdt, &b);
	assert_int_equal(b.mem_count, BOARD_MAX_MEM);
	assert_range(&b.mem[15], 0x4f000000, 0x1000000);
	assert_int_equal(board_ram_size(&b), 0x10000000);
	set_cells(fdt, "/memory@40000000", "reg", reg, (BOARD_MAX_MEM + 1) * 4);
	parse_fails(fdt, BOARD_ERR_LIMIT, "/memory@40000000: more than 16 RAM ranges");
	free(fdt);
}

/* ------------------------------------------------------------ broken trees (files) */

/* tests/unit/dts/bad-*.dts: each is rejected with exactly this code and message. */
struct bad_file {
	const char *name;
	enum board_error code;
	const char *msg;
};

static const struct bad_file bad_files[] = {
	{ "bad-no-memory", BOARD_ERR_MEMORY,
	  "no RAM: the device tree has no memory node (device_type = \"memory\") with a 'reg'" },
	{ "bad-memory-noreg", BOARD_ERR_MEMORY, "/memory@40000000: memory node without a 'reg'" },
	{ "bad-memory-reg", BOARD_ERR_MEMORY,
	  "/memory@40000000: 'reg' has 12 bytes, not a multiple of 16 (#address-cells 2, #size-cells 2)" },
	{ "bad-cells", BOARD_ERR_CELLS, "/: #address-cells is 3, Septum supports 1 or 2" },
	{ "bad-no-cpus", BOARD_ERR_CPUS, "no /cpus node in the device tree" },
	{ "bad-cpu-reg", BOARD_ERR_CPUS, "/cpus/cpu@1: 'reg' must be 1 cell (the MPIDR), has 8 bytes" },
	{ "bad-cpu-method", BOARD_ERR_CPUS,
	  "/cpus/cpu@1: enable-method \"brcm,bcm2836-smp\" is not supported (use \"psci\" or "
	  "\"spin-table\")" },
	{ "bad-spin-table", BOARD_ERR_CPUS,
	  "/cpus/cpu@1: enable-method \"spin-table\" needs a 64-bit 'cpu-release-addr'" },
	{ "bad-psci-method", BOARD_ERR_PSCI, "/psci: 'method' is \"svc\", must be \"smc\" or \"hvc\"" },
	{ "bad-no-psci", BOARD_ERR_PSCI,
	  "CPUs use enable-method \"psci\" but there is no /psci node with a valid 'method'" },
	{ "bad-no-gic", BOARD_ERR_GIC,
	  "no interrupt controller Septum can virtualize: need a GICv3 (\"arm,gic-v3\") or GICv2 "
	  "(\"arm,gic-400\", \"arm,cortex-a15-gic\") node" },
	{ "bad-gic-regions", BOARD_ERR_GIC,
	  "/intc@8000000: 'reg' has 1 region, GICv3 virtualization needs 2 (GICD and the "
	  "redistributor regions)" },
	{ "bad-no-timer", BOARD_ERR_TIMER, "no architected timer node (compatible \"arm,armv8-timer\")" },
	{ "bad-stdout-path", BOARD_ERR_CONSOLE,
	  "/chosen: stdout-path \"/uart@9001000\" does not name a node (FDT_ERR_NOTFOUND)" },
	{ "bad-ranges", BOARD_ERR_RANGES,
	  "/bus/serial@100: address 0x100 is on bus /bus, which has no 'ranges' to the CPU" },
};

static void test_bad_file(void **state)
{
	const struct bad_file *t = *state;

	load_fails(t->name, t->code, t->msg);
}

/* ------------------------------------------------------------ broken trees (edited) */

static void test_bad_fdt(void **state)
{
	static uint64_t zeros[16];
	void *fdt = unit_load_dtb("virt-gicv3");

	(void)state;
	parse_fails(zeros, BOARD_ERR_FDT, "not a flattened device tree: FDT_ERR_BADMAGIC");
	((fdt32_t *)fdt)[5] = cpu_to_fdt32(1); /* version 1 */
	parse_fails(fdt, BOARD_ERR_FDT, "not a flattened device tree: FDT_ERR_BADVERSION");
	free(fdt);
}

static void test_bad_cells(void **state)
{
	void *fdt = open_tree("virt-gicv3");
	static const uint32_t two[] = { 1, 1 };

	(void)state;
	set_u32(fdt, "/", "#size-cells", 3);
	parse_fails(fdt, BOARD_ERR_CELLS, "/: #size-cells is 3, Septum supports 0, 1 or 2");
	set_u32(fdt, "/", "#size-cells", 2);
	set_u32(fdt, "/", "#address-cells", 0);
	parse_fails(fdt, BOARD_ERR_CELLS, "/: #address-cells is 0, Septum supports 1 or 2");
	/* A property of the wrong length reads as 0. */
	set_cells(fdt, "/", "#address-cells", two, 2);
	parse_fails(fdt, BOARD_ERR_CELLS, "/: #address-cells is 0, Septum supports 1 or 2");
	set_u32(fdt, "/", "#address-cells", 2);
	set_u32(fdt, "/reserved-memory", "#size-cells", 4);
	parse_fails(fdt, BOARD_ERR_CELLS, "/reserved-memory: #size-cells is 4, Septum supports 0, 1 or 2");
	set_u32(fdt, "/reserved-memory", "#size-cells", 2);
	set_u32(fdt, "/cpus", "#size-cells", 1);
	parse_fails(fdt, BOARD_ERR_CELLS, "/cpus: #size-cells is 1, must be 0");
	set_u32(fdt, "/cpus", "#size-cells", 0);
	set_u32(fdt, "/cpus", "#address-cells", 7);
	parse_fails(fdt, BOARD_ERR_CELLS, "/cpus: #address-cells is 7, Septum supports 1 or 2");
	free(fdt);
}

static void test_bad_reserved(void **state)
{
	static const uint32_t reg3[] = { 0x0, 0x7fe00000, 0x100000 };
	void *fdt = open_tree("virt-gicv3");

	(void)state;
	set_cells(fdt, "/reserved-memory/secmon@7fe00000", "reg", reg3, 3);
	parse_fails(fdt, BOARD_ERR_RESERVED,
		    "/reserved-memory/secmon@7fe00000: 'reg' has 12 bytes, not a multiple of 16 "
		    "(#address-cells 2, #size-cells 2)");
	free(fdt);
}

static void test_bad_cpus(void **state)
{
	void *fdt = open_tree("virt-gicv3");
	static const uint32_t release3[] = { 0, 0xd8, 0 };

	(void)state;
	set_u32(fdt, "/cpus/cpu@3", "reg", 1);
	parse_fails(fdt, BOARD_ERR_CPUS, "/cpus/cpu@3: MPIDR 0x1 is also used by /cpus/cpu@1");
	set_u32(fdt, "/cpus/cpu@3", "reg", 0x01000003);
	parse_fails(fdt, BOARD_ERR_CPUS,
		    "/cpus/cpu@3: 'reg' 0x1000003 has bits outside the MPIDR affinity fields");
	set_u32(fdt, "/cpus/cpu@3", "reg", 3);
	del_prop(fdt, "/cpus/cpu@2", "reg");
	parse_fails(fdt, BOARD_ERR_CPUS, "/cpus/cpu@2: 'reg' must be 1 cell (the MPIDR), has 0 bytes");
	set_u32(fdt, "/cpus/cpu@2", "reg", 2);
	set_u32(fdt, "/cpus", "#address-cells", 2);
	parse_fails(fdt, BOARD_ERR_CPUS, "/cpus/cpu@0: 'reg' must be 2 cells (the MPIDR), has 4 bytes");
	set_u32(fdt, "/cpus", "#address-cells", 1);
	/* Every CPU failed: none left. */
	for (int i = 0; i < 4; i++) {
		char path[32];

		snprintf(path, sizeof(path), "/cpus/cpu@%d", i);
		set_str(fdt, path, "status", "fail-sss");
	}
	parse_fails(fdt, BOARD_ERR_CPUS, "/cpus: no CPU node (device_type = \"cpu\")");
	free(fdt);

	fdt = open_tree("spin-table");
	set_cells(fdt, "/cpus/cpu@1", "cpu-release-addr", release3, 3);
	parse_fails(fdt, BOARD_ERR_CPUS,
		    "/cpus/cpu@1: enable-method \"spin-table\" needs a 64-bit 'cpu-release-addr' (it has "
		    "the wrong size)");
	free(fdt);
}

static void test_bad_psci(void **state)
{
	void *fdt = open_tree("virt-gicv3");

	(void)state;
	del_prop(fdt, "/psci", "method");
	parse_fails(fdt, BOARD_ERR_PSCI, "/psci: no 'method' (\"smc\" or \"hvc\")");
	set_str(fdt, "/psci", "method", "HVC");
	parse_fails(fdt, BOARD_ERR_PSCI, "/psci: 'method' is \"HVC\", must be \"smc\" or \"hvc\"");
	free(fdt);
}

static void test_bad_gic(void **state)
{
	static const uint32_t reg5[] = { 0, 0x8000000, 0, 0x10000, 0 };
	static const uint32_t short_irq[] = { 1 };
	static const uint32_t bad_ppi[] = { 1, 16, 4 };
	static const uint32_t bad_type[] = { 2, 1, 4 };
	void *fdt = open_tree("virt-gicv3");

	(void)state;
	set_u32(fdt, "/intc@8000000", "#redistributor-regions", 0);
	parse_fails(fdt, BOARD_ERR_GIC, "/intc@8000000: #redistributor-regions is 0, Septum supports 1 to 4");
	set_u32(fdt, "/intc@8000000", "#redistributor-regions", 5);
	parse_fails(fdt, BOARD_ERR_GIC, "/intc@8000000: #redistributor-regions is 5, Septum supports 1 to 4");
	set_u32(fdt, "/intc@8000000", "#redistributor-regions", 2);
	parse_fails(fdt, BOARD_ERR_GIC,
		    "/intc@8000000: 'reg' has 2 regions, GICv3 virtualization needs 3 (GICD and the "
		    "redistributor regions)");
	set_u32(fdt, "/intc@8000000", "#redistributor-regions", 1);
	set_cells(fdt, "/intc@8000000", "reg", reg5, 5);
	parse_fails(
		fdt, BOARD_ERR_GIC,
		"/intc@8000000: 'reg' has 20 bytes, not a multiple of 16 (#address-cells 2, #size-cells 2)");
	free(fdt);

	fdt = open_tree("virt-gicv3");
	set_u32(fdt, "/intc@8000000", "#interrupt-cells", 2);
	parse_fails(fdt, BOARD_ERR_GIC,
		    "/intc@8000000: #interrupt-cells is 2, the GIC binding needs 3 or more");
	set_u32(fdt, "/intc@8000000", "#interrupt-cells", 3);
	set_cells(fdt, "/intc@8000000", "interrupts", short_irq, 1);
	parse_fails(fdt, BOARD_ERR_GIC, "/intc@8000000: 'interrupts' has no entry 0 (4 bytes, 3 cells each)");
	set_cells(fdt, "/intc@8000000", "interrupts", bad_ppi, 3);
	parse_fails(fdt, BOARD_ERR_GIC, "/intc@8000000: interrupt 0 <1 16> is not a valid GIC SPI or PPI");
	set_cells(fdt, "/intc@8000000", "interrupts", bad_type, 3);
	parse_fails(fdt, BOARD_ERR_GIC, "/intc@8000000: interrupt 0 <2 1> is not a valid GIC SPI or PPI");
	free(fdt);

	/* GICv2 with only GICD and GICC cannot be virtualized. */
	fdt = open_tree("virt-gicv2");
	set_cells(fdt, "/intc@8000000", "reg",
		  (const uint32_t[]){ 0, 0x8000000, 0, 0x10000, 0, 0x8010000, 0, 0x10000 }, 8);
	parse_fails(
		fdt, BOARD_ERR_GIC,
		"/intc@8000000: 'reg' has 2 regions, GICv2 virtualization needs 4 (GICD, GICC, GICH, GICV)");
	free(fdt);
}

static void test_bad_timer(void **state)
{
	static const uint32_t three[] = { 1, 13, 4, 1, 14, 4, 1, 11, 4 };
	static const uint32_t spi[] = { 1, 13, 4, 1, 14, 4, 0, 11, 4, 1, 10, 4 };
	static const uint32_t big[] = { 1, 13, 4, 0, 988, 4, 1, 11, 4, 1, 10, 4 };
	void *fdt = open_tree("virt-gicv3");

	(void)state;
	set_cells(fdt, "/timer", "interrupts", three, 9);
	parse_fails(fdt, BOARD_ERR_TIMER, "/timer: 'interrupts' has no entry 3 (36 bytes, 3 cells each)");
	set_cells(fdt, "/timer", "interrupts", spi, 12);
	parse_fails(fdt, BOARD_ERR_TIMER, "/timer: timer interrupt 2 is INTID 43, must be a PPI");
	set_cells(fdt, "/timer", "interrupts", big, 12);
	parse_fails(fdt, BOARD_ERR_TIMER, "/timer: interrupt 1 <0 988> is not a valid GIC SPI or PPI");
	del_prop(fdt, "/timer", "interrupts");
	parse_fails(fdt, BOARD_ERR_TIMER, "/timer: 'interrupts' has no entry 0 (0 bytes, 3 cells each)");
	free(fdt);
}

static void test_bad_console(void **state)
{
	static const uint32_t reg2[] = { 0, 0x9000000 };
	void *fdt = open_tree("virt-gicv3");

	(void)state;
	set_str(fdt, "/chosen", "stdout-path", "serial7:115200n8");
	parse_fails(fdt, BOARD_ERR_CONSOLE,
		    "/chosen: stdout-path \"serial7\" does not name a node (FDT_ERR_BADPATH)");
	set_str(fdt, "/chosen", "stdout-path", "serial0");
	del_prop(fdt, "/pl011@9000000", "compatible");
	parse_fails(fdt, BOARD_ERR_CONSOLE, "/pl011@9000000: the stdout-path UART has no 'compatible'");
	set_str(fdt, "/pl011@9000000", "compatible", "arm,pl011");
	set_cells(fdt, "/pl011@9000000", "reg", reg2, 2);
	parse_fails(
		fdt, BOARD_ERR_CONSOLE,
		"/pl011@9000000: 'reg' has 8 bytes, not a multiple of 16 (#address-cells 2, #size-cells 2)");
	del_prop(fdt, "/pl011@9000000", "reg");
	parse_fails(fdt, BOARD_ERR_CONSOLE, "/pl011@9000000: the stdout-path UART has no 'reg'");
	free(fdt);
}

static void test_bad_ranges(void **state)
{
	static const uint32_t short_ranges[] = { 0x7e000000, 0x3f000000 };
	void *fdt = open_tree("spin-table");

	(void)state;
	set_cells(fdt, "/soc/serial@7e215040", "reg", (const uint32_t[]){ 0x7f215040, 0x40 }, 2);
	parse_fails(fdt, BOARD_ERR_RANGES,
		    "/soc/serial@7e215040: address 0x7f215040 is outside every 'ranges' entry of /soc");
	set_cells(fdt, "/soc", "ranges", short_ranges, 2);
	parse_fails(fdt, BOARD_ERR_RANGES,
		    "/soc: 'ranges' has 8 bytes, not a multiple of 12 (child 1, parent 1, size 1 cells)");
	/* An empty 'ranges' is the identity. */
	assert_int_equal(fdt_setprop_empty(fdt, node_at(fdt, "/soc"), "ranges"), 0);
	{
		struct board b = { 0 };

		parse_ok(fdt, &b);
		assert_range(&b.uart.regs, 0x7f215040, 0x40);
	}
	free(fdt);
}

/* ------------------------------------------------------------ board_node_regs / board_node_irqs */

static void test_node_regs(void **state)
{
	void *fdt = unit_load_dtb("virt-gicv3");
	struct board b = { 0 };
	struct pa_range regs[4];
	struct board_status st = { BOARD_OK, "" };
	unsigned int count = 99;

	(void)state;
	parse_ok(fdt, &b);
	assert_int_equal(
		board_node_regs(fdt, &b, node_at(fdt, "/soc@c000000/dev@1000"), regs, 4, &count, &st),
		BOARD_OK);
	assert_int_equal(count, 2);
	assert_range(&regs[0], 0xc001000, 0x100);
	assert_range(&regs[1], 0xc003000, 0x10);
	assert_int_equal(st.code, BOARD_OK);

	/* Through the GIC's empty 'ranges'. */
	assert_int_equal(
		board_node_regs(fdt, &b, node_at(fdt, "/intc@8000000/its@8080000"), regs, 4, &count, &st),
		BOARD_OK);
	assert_int_equal(count, 1);
	assert_range(&regs[0], 0x8080000, 0x20000);

	count = 99;
	assert_int_equal(board_node_regs(fdt, &b, node_at(fdt, "/psci"), regs, 4, &count, &st), BOARD_OK);
	assert_int_equal(count, 0);

	assert_int_equal(
		board_node_regs(fdt, &b, node_at(fdt, "/soc@c000000/dev@1000"), regs, 1, &count, &st),
		BOARD_ERR_LIMIT);
	assert_int_equal(count, 0);
	assert_int_equal(st.code, BOARD_ERR_LIMIT);
	assert_string_equal(st.msg, "/soc@c000000/dev@1000: 'reg' has 2 entries, Septum takes at most 1");
	free(fdt);

	fdt = open_tree("virt-gicv3");
	set_cells(fdt, "/soc@c000000/dev@4000", "reg", (const uint32_t[]){ 0x4000 }, 1);
	assert_int_equal(
		board_node_regs(fdt, &b, node_at(fdt, "/soc@c000000/dev@4000"), regs, 4, &count, &st),
		BOARD_ERR_RANGES);
	assert_string_equal(st.msg, "/soc@c000000/dev@4000: 'reg' has 4 bytes, not a multiple of 8 "
				    "(#address-cells 1, #size-cells 1)");
	set_cells(fdt, "/soc@c000000/dev@4000", "reg", (const uint32_t[]){ 0x2000000, 0x100 }, 2);
	assert_int_equal(
		board_node_regs(fdt, &b, node_at(fdt, "/soc@c000000/dev@4000"), regs, 4, &count, &st),
		BOARD_ERR_RANGES);
	assert_string_equal(st.msg, "/soc@c000000/dev@4000: address 0x2000000 is outside every 'ranges' "
				    "entry of /soc@c000000");
	free(fdt);
}

static void test_node_irqs(void **state)
{
	void *fdt = unit_load_dtb("virt-gicv3");
	struct board b = { 0 };
	struct board_status st = { BOARD_OK, "" };
	uint32_t ids[4];
	unsigned int count = 99;

	(void)state;
	parse_ok(fdt, &b);
	assert_int_equal(board_node_irqs(fdt, &b, node_at(fdt, "/soc@c000000/dev@1000"), ids, 4, &count, &st),
			 BOARD_OK);
	assert_int_equal(count, 2);
	assert_int_equal(ids[0], 52);
	assert_int_equal(ids[1], 21);

	/* 'interrupts' with interrupt-parent inherited from the root. */
	assert_int_equal(board_node_irqs(fdt, &b, node_at(fdt, "/soc@c000000/dev@4000"), ids, 4, &count, &st),
			 BOARD_OK);
	assert_int_equal(count, 3);
	assert_int_equal(ids[0], 53);
	assert_int_equal(ids[1], 54);
	assert_int_equal(ids[2], 19);
	assert_int_equal(board_node_irqs(fdt, &b, node_at(fdt, "/pl011@9000000"), ids, 4, &count, &st),
			 BOARD_OK);
	assert_int_equal(count, 1);
	assert_int_equal(ids[0], 33);

	count = 99;
	assert_int_equal(board_node_irqs(fdt, &b, node_at(fdt, "/fw-cfg@9020000"), ids, 4, &count, &st),
			 BOARD_OK);
	assert_int_equal(count, 0);

	assert_int_equal(board_node_irqs(fdt, &b, node_at(fdt, "/soc@c000000/dev@4000"), ids, 2, &count, &st),
			 BOARD_ERR_LIMIT);
	assert_string_equal(st.msg,
			    "/soc@c000000/dev@4000: 'interrupts' has 3 entries, Septum takes at most 2");
	assert_int_equal(board_node_irqs(fdt, &b, node_at(fdt, "/soc@c000000/dev@1000"), ids, 1, &count, &st),
			 BOARD_ERR_LIMIT);
	assert_string_equal(st.msg, "/soc@c000000/dev@1000: more than 1 interrupts");

	assert_int_equal(board_node_irqs(fdt, &b, node_at(fdt, "/gpio-keys"), ids, 4, &count, &st),
			 BOARD_ERR_IRQ);
	assert_int_equal(count, 0);
	assert_string_equal(st.msg,
			    "/gpio-keys: its interrupts go to /pl061@9030000, not to the GIC /intc@8000000");
	free(fdt);
}

/* board_gic_node(), board_uart_node(): the nodes board_parse() found, also after the tree changed. */
static void test_found_nodes(void **state)
{
	void *fdt = open_tree("virt-gicv3");
	struct board b = { 0 };

	(void)state;
	parse_ok(fdt, &b);
	assert_int_equal(board_gic_node(fdt, &b), node_at(fdt, "/intc@8000000"));
	assert_int_equal(board_uart_node(fdt, &b), node_at(fdt, "/pl011@9000000"));
	/* A property added before both nodes moves them: found again by their paths. */
	assert_int_equal(
		fdt_setprop_string(fdt, 0, "septum,test", "moves every node after the root's properties"), 0);
	assert_true(board_gic_node(fdt, &b) != b.gic.node);
	assert_int_equal(board_gic_node(fdt, &b), node_at(fdt, "/intc@8000000"));
	assert_int_equal(board_uart_node(fdt, &b), node_at(fdt, "/pl011@9000000"));
	b.uart.present = false;
	assert_int_equal(board_uart_node(fdt, &b), -FDT_ERR_NOTFOUND);
	free(fdt);
}

static void test_node_irqs_bad(void **state)
{
	void *fdt = open_tree("virt-gicv3");
	struct board b = { 0 };
	struct board_status st = { BOARD_OK, "" };
	uint32_t ids[4], gic, gpio;
	unsigned int count;
	int dev;

	(void)state;
	parse_ok(fdt, &b);
	gic = fdt_get_phandle(fdt, node_at(fdt, "/intc@8000000"));
	gpio = fdt_get_phandle(fdt, node_at(fdt, "/pl061@9030000"));
	assert_true(gic != 0 && gpio != 0);

	set_cells(fdt, "/soc@c000000/dev@1000", "interrupts-extended",
		  (const uint32_t[]){ gic, 0, 1, 4, gpio, 3, 1 }, 7);
	dev = node_at(fdt, "/soc@c000000/dev@1000");
	assert_int_equal(board_node_irqs(fdt, &b, dev, ids, 4, &count, &st), BOARD_ERR_IRQ);
	assert_string_equal(st.msg,
			    "/soc@c000000/dev@1000: interrupts-extended entry 1 goes to /pl061@9030000, "
			    "not to the GIC /intc@8000000");
	set_cells(fdt, "/soc@c000000/dev@1000", "interrupts-extended", (const uint32_t[]){ 0x4242, 0, 1, 4 },
		  4);
	assert_int_equal(board_node_irqs(fdt, &b, node_at(fdt, "/soc@c000000/dev@1000"), ids, 4, &count, &st),
			 BOARD_ERR_IRQ);
	assert_string_equal(st.msg,
			    "/soc@c000000/dev@1000: interrupts-extended entry 0 goes to phandle 0x4242 "
			    "(FDT_ERR_NOTFOUND), not to the GIC /intc@8000000");
	set_cells(fdt, "/soc@c000000/dev@1000", "interrupts-extended",
		  (const uint32_t[]){ gic, 0, 1, 4, gic, 0 }, 6);
	assert_int_equal(board_node_irqs(fdt, &b, node_at(fdt, "/soc@c000000/dev@1000"), ids, 4, &count, &st),
			 BOARD_ERR_IRQ);
	assert_string_equal(
		st.msg, "/soc@c000000/dev@1000: 'interrupts-extended' has 24 bytes: entry 1 is cut short");
	set_cells(fdt, "/soc@c000000/dev@1000", "interrupts-extended", (const uint32_t[]){ gic, 3, 1, 4 }, 4);
	assert_int_equal(board_node_irqs(fdt, &b, node_at(fdt, "/soc@c000000/dev@1000"), ids, 4, &count, &st),
			 BOARD_ERR_IRQ);
	assert_string_equal(st.msg, "/soc@c000000/dev@1000: interrupt 0 <3 1> is not a valid GIC SPI or PPI");

	set_cells(fdt, "/soc@c000000/dev@4000", "interrupts", (const uint32_t[]){ 0, 21, 4, 0 }, 4);
	assert_int_equal(board_node_irqs(fdt, &b, node_at(fdt, "/soc@c000000/dev@4000"), ids, 4, &count, &st),
			 BOARD_ERR_IRQ);
	assert_string_equal(st.msg, "/soc@c000000/dev@4000: 'interrupts' has 16 bytes, not a multiple of 12 "
				    "(#interrupt-cells of /intc@8000000 is 3)");
	set_cells(fdt, "/soc@c000000/dev@4000", "interrupts", (const uint32_t[]){ 1, 16, 4 }, 3);
	assert_int_equal(board_node_irqs(fdt, &b, node_at(fdt, "/soc@c000000/dev@4000"), ids, 4, &count, &st),
			 BOARD_ERR_IRQ);
	assert_string_equal(st.msg,
			    "/soc@c000000/dev@4000: interrupt 0 <1 16> is not a valid GIC SPI or PPI");
	set_u32(fdt, "/soc@c000000/dev@4000", "interrupt-parent", 0x4242);
	assert_int_equal(board_node_irqs(fdt, &b, node_at(fdt, "/soc@c000000/dev@4000"), ids, 4, &count, &st),
			 BOARD_ERR_IRQ);
	assert_string_equal(st.msg, "/soc@c000000/dev@4000: its interrupts go to no interrupt controller "
				    "(FDT_ERR_NOTFOUND), not to the GIC /intc@8000000");

	/* A board whose GIC is not in this tree. */
	snprintf(b.gic.path, sizeof(b.gic.path), "/nowhere");
	assert_int_equal(board_node_irqs(fdt, &b, node_at(fdt, "/pl011@9000000"), ids, 4, &count, &st),
			 BOARD_ERR_GIC);
	assert_string_equal(st.msg, "the GIC \"/nowhere\" is not in this device tree (FDT_ERR_NOTFOUND)");
	free(fdt);
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_virt_gicv3),     cmocka_unit_test(test_virt_gicv2),
		cmocka_unit_test(test_spin_table),     cmocka_unit_test(test_cells_2_1),
		cmocka_unit_test(test_cells_1_2),      cmocka_unit_test(test_eight_cpus),
		cmocka_unit_test(test_nine_cpus),      cmocka_unit_test(test_cpu_without_enable_method),
		cmocka_unit_test(test_no_stdout_path), cmocka_unit_test(test_reparse_clears),
		cmocka_unit_test(test_reserved_limit), cmocka_unit_test(test_memory_limit),
		cmocka_unit_test(test_bad_fdt),	       cmocka_unit_test(test_bad_cells),
		cmocka_unit_test(test_bad_reserved),   cmocka_unit_test(test_bad_cpus),
		cmocka_unit_test(test_bad_psci),       cmocka_unit_test(test_bad_gic),
		cmocka_unit_test(test_bad_timer),      cmocka_unit_test(test_bad_console),
		cmocka_unit_test(test_bad_ranges),     cmocka_unit_test(test_node_regs),
		cmocka_unit_test(test_node_irqs),      cmocka_unit_test(test_node_irqs_bad),
		cmocka_unit_test(test_found_nodes),
	};

	struct CMUnitTest tests[ARRAY_SIZE(fixed) + ARRAY_SIZE(bad_files)];

	memcpy(tests, fixed, sizeof(fixed));
	/* One case per broken file, named after it. */
	for (size_t i = 0; i < ARRAY_SIZE(bad_files); i++)
		tests[ARRAY_SIZE(fixed) + i] = (struct CMUnitTest){ .name = bad_files[i].name,
								    .test_func = test_bad_file,
								    .initial_state = (void *)&bad_files[i] };
	return cmocka_run_group_tests(tests, NULL, NULL);
}
