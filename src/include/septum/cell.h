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
#include <septum/vpsci.h>

#define VUART_LINE_MAX 160
#define VUART_FIFO_DEPTH 32 /* PL011 r1p5 (ARM DDI 0183G, 2.4.3) */
/* Typed bytes waiting to enter a full receive FIFO: a pasted line, as a
 * sender with flow control holds it (vuart_receive()). */
#define VUART_BACKLOG_MAX 256

enum cell_state {
	CELL_LOADING,
	CELL_RUNNING,
	CELL_STOPPED,	/* a guest fault stopped it */
	CELL_OFF,	/* PSCI SYSTEM_OFF */
	CELL_RESETTING, /* PSCI SYSTEM_RESET in progress */
};

/* The cell's virtual PL011 (docs/config.md, console; docs/cells.md, Virtual console). */
/* Where the output stands in a terminal control sequence (vuart.c, dropped). */
enum vuart_esc { VUART_ESC_NONE, VUART_ESC_SEEN, VUART_ESC_CSI };

struct vuart {
	spinlock_t lock;
	char line[VUART_LINE_MAX];
	unsigned int len;
	enum vuart_esc esc;
	uint32_t cr, lcr_h, ibrd, fbrd, imsc, ifls, ilpr;
	uint32_t rsr;	      /* UARTRSR error bits, kept until UARTECR is written */
	uint32_t ris_latched; /* interrupt bits kept until UARTICR clears them (overrun) */
	uint8_t rx[VUART_FIFO_DEPTH];
	unsigned int rx_head, rx_count;
	uint8_t backlog[VUART_BACKLOG_MAX]; /* after the FIFO, in order: refills it as it is read */
	unsigned int backlog_head, backlog_count;
	unsigned int rx_dropped; /* input bytes lost: FIFO and backlog full, or receiver off */
	bool irq_level;		 /* the interrupt line as last signalled (MIS != 0) */
};

enum cell_payload { CELL_PAYLOAD_KERNEL, CELL_PAYLOAD_DTB, CELL_PAYLOAD_INITRD, CELL_PAYLOAD_COUNT };

/* PSCI for the cell (src/core/cell_psci.c): its vCPUs' power states. */
struct cell_power {
	spinlock_t lock; /* psci, parked, the cell's state changes */
	struct vpsci psci;
	int parked[SEPTUM_MAX_CPUS]; /* vCPU waits in the hypervisor, off the guest */
	unsigned int restart_count;  /* SYSTEM_RESETs so far */
	unsigned int errors_logged;  /* failed calls logged since the cell (re)started */
	/* Where each payload's pristine bytes are (found at boot; size 0: none yet). */
	struct pa_range payload_src[CELL_PAYLOAD_COUNT];
};

struct vgic;

struct cell {
	const struct cfg_cell *cfg;
	const struct cfg *partition; /* the whole config: its shared memory */
	unsigned int id;	     /* index in the config; VMID = id + 1 */
	int state;		     /* enum cell_state, accessed atomically */
	unsigned int vcpu_count;
	unsigned int vcpu_pcpu[SEPTUM_MAX_CPUS]; /* vCPU -> logical physical CPU */
	uint64_t vttbr;				 /* stage-2 root and VMID (arch) */
	struct vuart vuart;
	struct vgic *vgic; /* its virtual GIC, NULL when the config gives it none */
	struct cell_power power;
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
/* Cell @id (its index in the config), NULL past the last. */
struct cell *cell_by_id(unsigned int id);
/* The cell and vCPU on the calling CPU (NULL outside cells). */
struct cell *cell_current(unsigned int *vcpu);

/*
 * A guest MMIO access of @size bytes at @ipa the stage-2 did not allow:
 * emulate it (true) or refuse (false). @size 0 only asks whether @ipa is
 * emulated, without an access.
 */
bool cell_mmio(struct cell *c, unsigned int vcpu, uint64_t ipa, bool write, unsigned int size, uint64_t *val);
/* Stop the calling CPU's cell with a report; does not return. */
void cell_fault(const struct guest_fault *f) __noreturn;

/*
 * The hypervisor's kick interrupt arrived on this CPU, which runs vCPU
 * @vcpu of @c (NULL: no cell): stop if the cell or the vCPU stopped.
 */
void cell_kick_received(struct cell *c, unsigned int vcpu);

/* Zero all of @c's memory and copy its payloads in (boot and SYSTEM_RESET). */
int cell_load_memory(struct cell *c);

/*
 * PSCI for cells (src/core/cell_psci.c, docs/hypercalls.md). cell_psci()
 * answers the calling vCPU's call x[0] (x[1]..x[3] arguments) and returns
 * its x0, or does not return (CPU_OFF, SYSTEM_OFF, SYSTEM_RESET).
 */
bool cell_psci_owns(uint64_t fn);
uint64_t cell_psci(const uint64_t x[4]);
/* At boot: every vCPU off but vCPU 0, pending at the cell's entry point. */
void cell_power_init(struct cell *c);
/* The calling CPU's vCPU waits (in WFI) to be started, then enters the guest. */
void cell_vcpu_wait(struct cell *c, unsigned int vcpu, unsigned int cpu) __noreturn;

/* Payload bytes for cells_init(): where payload @name is in memory. */
bool payload_find(const char *name, paddr_t *pa, uint64_t *size);

#endif
