/* SPDX-License-Identifier: MIT */
/*
 * The board as the device tree describes it: RAM and reserved memory, CPUs
 * and how to start them, the interrupt controller, the architected timer and
 * the console UART. board_parse() is pure logic over a flattened device tree
 * (libfdt), built into the hypervisor and into the host unit tests alike.
 */
#ifndef SEPTUM_BOARD_H
#define SEPTUM_BOARD_H

#include <septum/build_config.h>
#include <septum/dtindex.h>
#include <septum/types.h>

#define BOARD_NAME_MAX 64
#define BOARD_PATH_MAX 96
#define BOARD_ERR_MAX 200
#define BOARD_UART_MAX_IRQS 4 /* interrupts of the console UART node looked at */
#define BOARD_SPI_FIRST 32

enum cpu_enable_method {
	CPU_ENABLE_NONE, /* the boot CPU on a board with no method */
	CPU_ENABLE_PSCI,
	CPU_ENABLE_SPIN_TABLE,
};

enum psci_conduit {
	PSCI_CONDUIT_NONE,
	PSCI_CONDUIT_SMC,
	PSCI_CONDUIT_HVC,
};

struct board_cpu {
	uint64_t mpidr; /* affinity fields of MPIDR_EL1 (the reg) */
	enum cpu_enable_method method;
	paddr_t release_addr; /* spin-table only */
	char path[BOARD_PATH_MAX];
};

enum gic_version { GIC_NONE = 0, GIC_V2 = 2, GIC_V3 = 3 };

struct board_gic {
	enum gic_version version;
	char path[BOARD_PATH_MAX];
	int node; /* its offset in the tree parsed (board_gic_node()) */
	struct pa_range gicd;
	struct pa_range gicc;		      /* v2; optional on v3 */
	struct pa_range gich;		      /* virtualization control */
	struct pa_range gicv;		      /* virtual CPU interface */
	struct pa_range gicr[BOARD_MAX_GICR]; /* v3 redistributor regions */
	unsigned int gicr_count;
	uint32_t maint_intid; /* 0 when not described */
};

struct board_timer {
	bool present;
	uint32_t intid_sec_phys;
	uint32_t intid_phys;
	uint32_t intid_virt;
	uint32_t intid_hyp;
	uint32_t dt_freq; /* clock-frequency, 0 when absent */
};

struct board_uart {
	bool present;
	char path[BOARD_PATH_MAX];
	int node;			 /* its offset in the tree parsed (board_uart_node()) */
	char compatible[BOARD_NAME_MAX]; /* first compatible string */
	const char *compat_list;	 /* all strings, in the blob */
	int compat_len;
	struct pa_range regs; /* translated to a CPU address */
};

struct board {
	char model[BOARD_NAME_MAX];
	struct pa_range mem[BOARD_MAX_MEM];
	unsigned int mem_count;
	struct pa_range reserved[BOARD_MAX_RESERVED];
	unsigned int reserved_count;
	uint32_t reserved_nomap; /* bit i: reserved[i] is no-map */
	struct board_cpu cpus[SEPTUM_MAX_CPUS];
	unsigned int cpu_count;
	unsigned int cpus_ignored; /* listed beyond SEPTUM_MAX_CPUS */
	enum psci_conduit psci_conduit;
	char psci_compatible[BOARD_NAME_MAX];
	struct board_gic gic;
	struct board_timer timer;
	struct board_uart uart;
	const char *bootargs; /* /chosen/bootargs, or NULL */
	/* Last: the index of the device tree parsed, for board_node_*() and the config checks. */
	struct dtindex index;
};

/* Why board_parse() rejected a device tree. */
enum board_error {
	BOARD_OK = 0,
	BOARD_ERR_FDT,	    /* not a valid flattened device tree */
	BOARD_ERR_CELLS,    /* bad #address-cells / #size-cells */
	BOARD_ERR_MEMORY,   /* no RAM, or malformed memory node */
	BOARD_ERR_RESERVED, /* malformed reserved memory */
	BOARD_ERR_CPUS,	    /* missing or malformed CPU nodes */
	BOARD_ERR_PSCI,	    /* PSCI needed but missing or malformed */
	BOARD_ERR_GIC,	    /* no usable interrupt controller */
	BOARD_ERR_TIMER,    /* malformed architected timer */
	BOARD_ERR_CONSOLE,  /* stdout-path cannot be resolved */
	BOARD_ERR_RANGES,   /* an address cannot be translated */
	BOARD_ERR_LIMIT,    /* more items than Septum is built for */
	BOARD_ERR_IRQ,	    /* interrupts that cannot be decoded or do not reach the GIC */
};

struct board_status {
	enum board_error code;
	char msg[BOARD_ERR_MAX];
};

/*
 * Fill @b from the flattened device tree @fdt. Returns BOARD_OK, or an error
 * whose message in @st names the node, the property and the values.
 */
enum board_error board_parse(const void *fdt, struct board *b, struct board_status *st);

/*
 * The 'reg' entries of node @node of @fdt (@b: the board parsed from it, whose
 * index the lookups use), translated through every
 * 'ranges' above it to CPU physical addresses (at most @max; more is
 * BOARD_ERR_LIMIT). *count is 0 when the node has no 'reg'.
 */
enum board_error board_node_regs(const void *fdt, const struct board *b, int node, struct pa_range *regs,
				 unsigned int max, unsigned int *count, struct board_status *st);

/*
 * The interrupts of node @node of @fdt as GIC INTIDs (SPIs and PPIs), from
 * 'interrupts' (with the interrupt parent found as the device-tree spec
 * says) or 'interrupts-extended'. Every interrupt must go to the GIC of @b
 * (the board parsed from @fdt); at most @max. *count is 0 when the node has
 * no interrupts.
 */
enum board_error board_node_irqs(const void *fdt, const struct board *b, int node, uint32_t *intids,
				 unsigned int max, unsigned int *count, struct board_status *st);

/*
 * The offset in @fdt (the tree @b was parsed from) of the GIC node, and of
 * the console UART's (-FDT_ERR_NOTFOUND when there is none): as found by
 * board_parse(), or by the node's path if the tree changed since.
 */
int board_gic_node(const void *fdt, const struct board *b);
int board_uart_node(const void *fdt, const struct board *b);

/* Index of the CPU whose MPIDR affinity is @mpidr, or -1. */
int board_cpu_index(const struct board *b, uint64_t mpidr);

/* Total RAM in bytes. */
uint64_t board_ram_size(const struct board *b);

#endif
