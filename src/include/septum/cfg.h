/* SPDX-License-Identifier: MIT */
/*
 * The partition config: which cells exist and what each one owns. The
 * config is a device-tree blob (binding: docs/config.md, version 1), kept
 * apart from the hypervisor binary. The same parser and rules run in the
 * offline checker (tools/septum-check) and in the hypervisor at boot.
 */
#ifndef SEPTUM_CFG_H
#define SEPTUM_CFG_H

#include <septum/board.h>
#include <septum/types.h>

#define CFG_VERSION 1
#define CFG_MAX_CELLS 8
#define CFG_NAME_MAX 16	   /* cell and shared-memory names, NUL included */
#define CFG_NODE_MAX 32	   /* item node names ("memory@40000000"), NUL included */
#define CFG_FILE_MAX 48	   /* payload names, NUL included (a bundle entry name) */
#define CFG_MAX_MEM 8	   /* memory regions per cell */
#define CFG_MAX_DEVICES 16 /* passthrough devices per cell */
#define CFG_MAX_DEV_REGS 4 /* MMIO ranges per device */
#define CFG_MAX_IRQS 32	   /* interrupts per device */
#define CFG_MAX_SHM 8
#define CFG_ERR_MAX 256

/* A cell's guest-physical space (stage 2 starts at level 1) and physical space. */
#define CFG_IPA_BITS 39
/* The virtual GIC's register frames (architected sizes), for the binding and the vGIC. */
#define CFG_VGIC_GICD_SIZE 0x10000ULL /* distributor */
#define CFG_VGIC_GICR_SIZE 0x20000ULL /* GICv3 redistributor, per vCPU: RD_base + SGI_base */
#define CFG_VGIC_GICC_SIZE 0x2000ULL  /* GICv2 CPU interface: two 4 KiB pages */
#define CFG_PA_BITS 48
/* The virtual PL011: one 4 KiB page of guest-physical space. */
#define CFG_CONSOLE_SIZE 0x1000ULL

/* Memory region flags. */
#define CFG_MEM_READ (1U << 0)
#define CFG_MEM_WRITE (1U << 1)
#define CFG_MEM_EXEC (1U << 2)
#define CFG_MEM_RWX (CFG_MEM_READ | CFG_MEM_WRITE | CFG_MEM_EXEC)

struct cfg_mem {
	char node[CFG_NODE_MAX]; /* "memory@40000000", for messages */
	ipaddr_t ipa;
	paddr_t pa;
	uint64_t size;
	uint32_t flags; /* CFG_MEM_* */
};

struct cfg_device {
	char node[CFG_NODE_MAX];		/* "device@9010000", for messages */
	char board_path[BOARD_PATH_MAX];	/* "" when given by explicit reg */
	struct pa_range regs[CFG_MAX_DEV_REGS]; /* identity mapped (IPA = PA), 4 KiB pages */
	unsigned int reg_count;
	uint32_t irqs[CFG_MAX_IRQS]; /* INTIDs (SPIs) */
	unsigned int irq_count;
};

struct cfg_payload {
	bool present;
	char file[CFG_FILE_MAX]; /* name in the bundle or a /chosen module */
	ipaddr_t load;		 /* guest-physical load address */
	uint64_t size;		 /* bytes; set by cfg_check_board() with payloads, else 0 */
};

/* The cell's virtual GIC (docs/config.md, interrupt-controller). */
struct cfg_vgic {
	bool present;
	enum gic_version version;
	ipaddr_t gicd; /* distributor, 64 KiB */
	ipaddr_t gicr; /* GICv3: redistributors, 128 KiB per vCPU */
	ipaddr_t gicc; /* GICv2: CPU interface, 8 KiB (the physical GICV) */
};

struct cfg_cell {
	char name[CFG_NAME_MAX];
	uint64_t cpus[SEPTUM_MAX_CPUS]; /* MPIDRs */
	unsigned int cpu_count;
	struct cfg_mem mem[CFG_MAX_MEM];
	unsigned int mem_count;
	struct cfg_device devices[CFG_MAX_DEVICES];
	unsigned int device_count;
	bool console;	      /* a virtual PL011 ... */
	ipaddr_t console_ipa; /* ... at this guest-physical address (4 KiB) */
	uint32_t console_irq; /* its interrupt (an emulated SPI's INTID), 0: none */
	struct cfg_payload kernel, dtb, initrd;
	ipaddr_t entry;	      /* first instruction; default kernel.load */
	bool smc_passthrough; /* default: denied */
	struct cfg_vgic vgic;
};

struct cfg_shm {
	char name[CFG_NAME_MAX];
	struct pa_range region; /* physical; mapped at the same IPA */
	uint32_t cell_mask;	/* bit i: cells[i] shares it */
};

struct cfg {
	uint32_t version;
	struct pa_range hyp; /* RAM reserved for the hypervisor */
	struct cfg_cell cells[CFG_MAX_CELLS];
	unsigned int cell_count;
	struct cfg_shm shm[CFG_MAX_SHM];
	unsigned int shm_count;
};

/*
 * One error code per rule; the message names the cell, the item and the
 * values. docs/config.md lists which rule raises which code.
 */
enum cfg_error {
	CFG_OK = 0,
	/* Form: cfg_parse(). */
	CFG_ERR_FDT,		/* not a device tree, truncated or corrupt */
	CFG_ERR_COMPATIBLE,	/* wrong or missing compatible (root, cell, console) */
	CFG_ERR_VERSION,	/* missing or unsupported binding version */
	CFG_ERR_ADDR_CELLS,	/* #address-cells / #size-cells other than 2 */
	CFG_ERR_UNKNOWN,	/* unknown node or property */
	CFG_ERR_MALFORMED,	/* property of the wrong size or type, or given twice */
	CFG_ERR_MISSING,	/* a required node or property is absent */
	CFG_ERR_LIMIT,		/* more items than Septum is built for */
	CFG_ERR_NAME,		/* invalid or duplicate name */
	CFG_ERR_ALIGN,		/* region not 4 KiB aligned */
	CFG_ERR_SIZE,		/* zero-sized region, or a console that is not 4 KiB */
	CFG_ERR_RANGE,		/* region beyond the guest-physical or physical space */
	CFG_ERR_CPU_MISSING,	/* a cell without CPUs */
	CFG_ERR_CPU_DUPLICATE,	/* a CPU listed twice in one cell */
	CFG_ERR_KERNEL_MISSING, /* a cell without a kernel */
	CFG_ERR_IRQ_INVALID,	/* not a passthrough-able interrupt (SPI) */
	/* Rules between items: cfg_parse(), again in cfg_check_board(). */
	CFG_ERR_IPA_OVERLAP,   /* two regions of one cell at the same guest address */
	CFG_ERR_LOAD,	       /* payload load address or entry outside the cell's memory */
	CFG_ERR_CPU_SHARED,    /* a CPU in two cells */
	CFG_ERR_MEM_OVERLAP,   /* memory of two cells (or two regions) overlaps physically */
	CFG_ERR_HYP_OVERLAP,   /* a cell's memory, device or shared memory in the hypervisor region */
	CFG_ERR_DEVICE_SHARED, /* a device region in two cells */
	CFG_ERR_DEVICE_RAM,    /* a device region over memory (a cell's, or the board's RAM) */
	CFG_ERR_IRQ_SHARED,    /* an interrupt in two cells (or listed twice) */
	CFG_ERR_SHM,	       /* shared memory naming an unknown cell, or fewer than two */
	CFG_ERR_SHM_OVERLAP,   /* shared memory over private memory, a device or other shared memory */
	/* Against the board: cfg_check_board(). */
	CFG_ERR_DEVICE_PATH,	  /* board-path does not resolve, or has nothing to pass through */
	CFG_ERR_CPU_NOT_ON_BOARD, /* a CPU the board does not have */
	CFG_ERR_NOT_RAM,	  /* memory, shared memory or hypervisor region outside the RAM */
	CFG_ERR_RESERVED,	  /* memory in the board's reserved memory */
	CFG_ERR_HYP_IMAGE,	  /* the running hypervisor outside its region */
	CFG_ERR_GIC,		  /* GIC regions given to a cell */
	CFG_ERR_HYP_UART,	  /* the hypervisor's console UART, or its interrupt, given to a cell */
	CFG_ERR_PAYLOAD,	  /* payload not found */
	CFG_ERR_PAYLOAD_FIT,	  /* payload does not fit in the cell's memory at its load address */
	CFG_ERR_PAYLOAD_OVERLAP,  /* two payloads of a cell overlap */
};

struct cfg_status {
	enum cfg_error code;
	char msg[CFG_ERR_MAX];
};

/* Payload lookup: size of payload @name, false if there is none. */
struct cfg_payloads {
	bool (*size_of)(void *ctx, const char *name, uint64_t *size);
	void *ctx;
};

/*
 * Parse config blob @blob (@size bytes, untrusted) into @cfg and check the
 * rules that need nothing else. Returns CFG_OK or the first error.
 */
enum cfg_error cfg_parse(const void *blob, size_t size, struct cfg *cfg, struct cfg_status *st);

/*
 * Check @cfg against the board: resolve board-path devices from @board_fdt,
 * then RAM, reserved memory, CPUs, the GIC, the hypervisor (@hyp_actual:
 * where the running image lies, or size 0 offline) and, when @payloads is
 * not NULL, that every payload exists and fits. Modifies @cfg (resolved
 * devices, payload sizes). @board_fdt must be the tree @board was parsed
 * from.
 */
enum cfg_error cfg_check_board(struct cfg *cfg, const void *board_fdt, const struct board *board,
			       const struct pa_range *hyp_actual, const struct cfg_payloads *payloads,
			       struct cfg_status *st);

/* Index of the cell named @name, or -1. */
int cfg_cell_index(const struct cfg *cfg, const char *name);

/* The name of error code @e ("CFG_ERR_ALIGN"), for tools and tests. */
const char *cfg_error_name(enum cfg_error e);

#endif
