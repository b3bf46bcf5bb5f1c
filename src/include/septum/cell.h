/* SPDX-License-Identifier: MIT */
/*
 * Cells: the isolated partitions Septum runs. A cell owns physical CPUs
 * (one vCPU each), memory behind its own stage-2 tables, passthrough
 * devices and a virtual console. A fault in a cell stops that cell only.
 */
#ifndef SEPTUM_CELL_H
#define SEPTUM_CELL_H

#include <septum/board.h>
#include <septum/cfg.h>
#include <septum/spinlock.h>
#include <septum/types.h>

#define VUART_LINE_MAX 160

enum cell_state {
	CELL_LOADING,
	CELL_RUNNING,
	CELL_STOPPED,
};

/* The cell's virtual PL011 (docs/config.md, console). */
struct vuart {
	spinlock_t lock;
	char line[VUART_LINE_MAX];
	unsigned int len;
	uint32_t cr, lcr_h, ibrd, fbrd, imsc, ifls;
};

struct vgic;

struct cell {
	const struct cfg_cell *cfg;
	unsigned int id; /* index in the config; VMID = id + 1 */
	int state;	 /* enum cell_state, accessed atomically */
	unsigned int vcpu_count;
	unsigned int vcpu_pcpu[SEPTUM_MAX_CPUS]; /* vCPU -> logical physical CPU */
	uint64_t vttbr;				 /* stage-2 root and VMID (arch) */
	struct vuart vuart;
	struct vgic *vgic; /* its virtual GIC, NULL when the config gives it none */
	/* Secondary vCPUs started by PSCI CPU_ON: entry and x0 (context id), then on = 1. */
	struct {
		uint64_t entry, context;
		int on; /* accessed atomically */
	} vcpu_start[SEPTUM_MAX_CPUS];
};

/* What a guest did that Septum could not let it do. */
struct guest_fault {
	const char *what; /* e.g. "data abort, write" */
	const char *why;  /* e.g. "outside the cell's memory map" */
	uint64_t esr, far, elr;
	uint64_t ipa;
	bool has_ipa;
};

/*
 * Prepare every cell of @cfg (NULL: none): stage-2, memory, payloads; then
 * let the CPUs waiting in cell_cpu_run() go. Boot CPU only.
 */
void cells_init(const struct cfg *cfg, const struct board *b);
/* Run the calling CPU's vCPU, or idle if it belongs to no cell. */
void cell_cpu_run(unsigned int cpu) __noreturn;
/* The cell and vCPU on the calling CPU (NULL outside cells). */
struct cell *cell_current(unsigned int *vcpu);

/* A guest MMIO access at @ipa the stage-2 did not allow: emulate or refuse. */
bool cell_mmio(struct cell *c, unsigned int vcpu, uint64_t ipa, bool write, unsigned int size, uint64_t *val);
/* Stop the calling CPU's cell with a report; does not return. */
void cell_fault(const struct guest_fault *f) __noreturn;

/*
 * PSCI CPU_ON from a guest (minimal, until the PSCI issue): start vCPU
 * @vcpu of @c at @entry with x0 = @context. Returns a PSCI status code.
 */
int cell_vcpu_on(struct cell *c, uint64_t target_mpidr, uint64_t entry, uint64_t context);

/* The hypervisor's kick interrupt arrived on this CPU: stop if its cell stopped. */
void cell_kick_received(void);

/* Payload bytes for cells_init(): where payload @name is in memory. */
bool payload_find(const char *name, paddr_t *pa, uint64_t *size);

#endif
