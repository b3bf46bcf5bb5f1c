/* SPDX-License-Identifier: MIT */
/*
 * The virtual GIC: one version-agnostic core (src/core/vgic.c) holding each
 * cell's interrupt state (enable, pending, active, priority, trigger, group,
 * target vCPU), the per-vCPU queue of pending interrupts waiting for a list
 * register and the rules that order and route them, plus one register
 * decoder per GIC version (src/arch/arm64/vgic/vgicv2.c, vgicv3.c) linked
 * according to the board's build fragment. The core and the decoders are
 * pure: every hardware access goes through the vgic_hw_* functions below
 * (the arch glue in src/arch/arm64/gic.c, or fakes in tests/unit), so they
 * build on the host with -DSEPTUM_HOST. docs/interrupts.md tells the whole
 * path.
 */
#ifndef SEPTUM_VGIC_H
#define SEPTUM_VGIC_H

#include <septum/board.h>
#include <septum/cfg.h>
#include <septum/spinlock.h>
#include <septum/types.h>

#define VGIC_MAX_VCPUS SEPTUM_MAX_CPUS
#define VGIC_PRIVATE_COUNT 32 /* SGIs 0-15 and PPIs 16-31, banked per vCPU */
#define VGIC_SGI_COUNT 16
#define VGIC_MAX_SPIS 63      /* passthrough SPIs per cell (one bit each in a 64-bit word) */
#define VGIC_INTID_LIMIT 1020 /* INTIDs 1020-1023 are special */
#define VGIC_MAX_LRS 16
#define VGIC_NO_LR 0xff
#define VGIC_PRIO_LOWEST 0xff

/* INTIDs the vGIC knows by name (the architected PPIs, SBSA numbering). */
#define VGIC_INTID_MAINT 25
#define VGIC_INTID_VTIMER 27

/* GICD_CTLR group enables, as struct vgic.ctlr keeps them. */
#define VGIC_CTLR_ENABLE_GRP0 BIT(0)
#define VGIC_CTLR_ENABLE_GRP1 BIT(1)

/* Interrupt flags (struct vgic_irq.flags). */
#define VGIC_IRQ_ENABLED BIT(0)
#define VGIC_IRQ_EDGE BIT(1)   /* GICD_ICFGR: edge-triggered (else level) */
#define VGIC_IRQ_GROUP1 BIT(2) /* GICD_IGROUPR */
#define VGIC_IRQ_HW BIT(3)     /* backed by a physical interrupt (pintid) */
/*
 * An emulated level-triggered SPI (a virtual device's line, vgic_set_line()):
 * its list registers ask for the EOI maintenance interrupt, so that it
 * becomes pending again while its line is still high.
 */
#define VGIC_IRQ_VLINE BIT(4)

/* What the hypervisor knows of an interrupt's state (struct vgic_irq.state). */
#define VGIC_STATE_PENDING BIT(0)
#define VGIC_STATE_ACTIVE BIT(1)

/*
 * Register writes another vCPU's CPU must carry out (struct vgic_irq.req):
 * the list register or queue holding the interrupt is touched only there.
 */
#define VGIC_REQ_SET_ACTIVE BIT(0)    /* GICD_ISACTIVER */
#define VGIC_REQ_CLEAR_ACTIVE BIT(1)  /* GICD_ICACTIVER */
#define VGIC_REQ_CLEAR_PENDING BIT(2) /* GICD_ICPENDR */

/* Which of the interrupt state bits a register reads or writes. */
enum vgic_bit {
	VGIC_BIT_ENABLE,
	VGIC_BIT_PENDING,
	VGIC_BIT_ACTIVE,
	VGIC_BIT_GROUP,
};

struct vgic_irq {
	uint16_t intid;
	uint16_t pintid; /* physical INTID when VGIC_IRQ_HW */
	uint8_t prio;	 /* GICD_IPRIORITYR, 0 highest */
	uint8_t flags;	 /* VGIC_IRQ_* */
	uint8_t state;	 /* VGIC_STATE_*: latched, queued or in a list register */
	uint8_t target;	 /* SPIs: the vCPU it is routed to */
	uint8_t lr;	 /* list register holding it, or VGIC_NO_LR */
	uint8_t vcpu;	 /* private interrupts: the vCPU it belongs to */
	uint8_t home;	 /* the vCPU whose list register or queue holds it (when it is in one) */
	uint8_t req;	 /* VGIC_REQ_*: state changes for its home (or owner) vCPU to make */
	bool queued;	 /* in its vCPU's queue */
	bool line;	 /* VGIC_IRQ_VLINE: the line's level, written by any CPU */
	uint64_t
		lr_base; /* its list-register value (pending), kept up to date; an SGI's without its source */
	struct vgic_irq *next;
};

/* One vCPU's banked interrupts, queue and list-register book-keeping. */
struct vgic_vcpu {
	struct vgic_irq priv[VGIC_PRIVATE_COUNT];
	struct vgic_irq *queue; /* pending, not listed, highest priority first */
	struct vgic_irq *lr_irq[VGIC_MAX_LRS];
	/*
	 * Requests from other vCPUs, taken by this vCPU on its own CPU:
	 * sgi_from[s] bit i: SGI i sent by vCPU s; recheck: interrupts whose
	 * enable changed elsewhere (bit n: private n; spi_recheck bit n: spis[n]).
	 */
	uint32_t sgi_from[VGIC_MAX_VCPUS];
	uint32_t recheck;
	uint64_t spi_recheck;
	/* The SGI source (GICv2 list registers carry it) per pending SGI. */
	uint8_t sgi_source[VGIC_SGI_COUNT];
	uint32_t gicr_waker; /* GICv3 GICR_WAKER.ProcessorSleep as written */
	unsigned int pcpu;   /* the physical CPU it runs on */
	uint8_t id;	     /* its index in the cell */
};

struct vgic;

/*
 * What one GIC version supplies. mmio() decodes a guest access to the
 * cell's distributor, redistributors or (GICv2) nothing else, and calls the
 * core's register semantics; lr_encode() builds a list-register value.
 */
struct vgic_ops {
	enum gic_version version;
	bool (*mmio)(struct vgic *g, unsigned int vcpu, uint64_t ipa, bool write, unsigned int size,
		     uint64_t *val);
	uint64_t (*lr_encode)(const struct vgic_irq *irq, unsigned int source);
	/* Where an SGI's list-register value names its source (GICv2's CPUID field); 0: nowhere (GICv3). */
	unsigned int lr_source_shift;
	/* Is the pending bit set / active bit set in list-register value @lr? */
	bool (*lr_pending)(uint64_t lr);
	bool (*lr_active)(uint64_t lr);
	uint64_t (*lr_set_pending)(uint64_t lr);
	/* @lr with its state field set to @state (VGIC_STATE_* bits). */
	uint64_t (*lr_with_state)(uint64_t lr, uint8_t state);
	/*
	 * The identification words of @g's distributor (VGIC_IDENT_*: GICD_CTLR's
	 * fixed bits, GICD_TYPER, GICD_IIDR, GICD_PIDR2): constant once the
	 * cell's interrupts are set up, so read with no lock (vgic_mmio()).
	 */
	void (*ident)(const struct vgic *g, uint32_t *words);
	uint32_t pidr2_off; /* GICD_PIDR2's offset in the distributor frame */
	/*
	 * A write of the distributor's SGI register at @sgir_off (GICv2
	 * GICD_SGIR); NULL if none. Called with no lock: vgic_send_sgi() needs none.
	 */
	void (*sgir_write)(struct vgic *g, unsigned int vcpu, uint32_t v);
	uint32_t sgir_off;
	/* A trapped write of an SGI system register (GICv3 ICC_SGI0R/SGI1R/ASGI1R_EL1); NULL if none. */
	void (*sgi_sysreg)(struct vgic *g, unsigned int vcpu, uint64_t v);
	/*
	 * Hardware interrupts are deactivated by EL2 on the EOI maintenance
	 * interrupt instead of by the list register's HW bit (docs/interrupts.md).
	 */
	bool eoi_maintenance;
};

#define VGIC_OPS(ops)                                          \
	static const struct vgic_ops *const vgic_ops_ptr_##ops \
		__attribute__((used, section("septum_vgic_ops"))) = &ops

/*
 * Distributor registers read with no lock (struct vgic.ident): GICD_CTLR,
 * TYPER and IIDR are the words at offsets 0, 4, 8 in both GIC versions.
 */
enum {
	VGIC_IDENT_CTLR,
	VGIC_IDENT_TYPER,
	VGIC_IDENT_IIDR,
	VGIC_IDENT_PIDR2,
	VGIC_IDENT_WORDS,
};
#define VGIC_IDENT_BYTES (4 * VGIC_IDENT_PIDR2) /* the ones at the start of the frame */

/* A cell's virtual GIC. */
struct vgic {
	const struct vgic_ops *ops;
	const char *name; /* the cell's, for messages */
	unsigned int vcpu_count;
	uint64_t gicd_ipa;  /* distributor */
	uint64_t gicr_ipa;  /* GICv3: redistributors, one 128 KiB frame per vCPU */
	uint64_t gicc_ipa;  /* GICv2: the CPU interface (the physical GICV, mapped) */
	uint32_t ctlr;	    /* GICD_CTLR group enables */
	uint32_t spi_lines; /* GICD_TYPER.ITLinesNumber */
	/*
	 * The values of GICD_CTLR (with the group enables of ctlr), TYPER,
	 * IIDR and PIDR2 (VGIC_IDENT_*), kept for vgic_mmio()'s lock-free read.
	 */
	uint32_t ident[VGIC_IDENT_WORDS];
	spinlock_t lock;      /* register emulation, one vCPU at a time */
	unsigned int self;    /* the vCPU whose access is being emulated (under lock) */
	unsigned int refused; /* accesses refused so far (only the first few are logged) */
	struct vgic_irq spis[VGIC_MAX_SPIS];
	unsigned int spi_count;
	struct vgic_vcpu vcpu[VGIC_MAX_VCPUS];
};

/* Frame sizes of the emulated register blocks: the config binding's. */
#define VGIC_GICD_SIZE CFG_VGIC_GICD_SIZE
#define VGIC_GICR_FRAME CFG_VGIC_GICR_SIZE
#define VGIC_GICC_SIZE CFG_VGIC_GICC_SIZE

/* ------------------------------------------------------------ set up */
/*
 * Make @g the virtual GIC of a cell called @name with @vcpu_count vCPUs on
 * physical CPUs @pcpu, owning the passthrough SPIs @spis: no interrupt
 * enabled, every priority 0, SPIs level-triggered and routed to vCPU 0.
 * Returns false when no decoder for @version is linked.
 */
bool vgic_init(struct vgic *g, enum gic_version version, const char *name, unsigned int vcpu_count,
	       const unsigned int *pcpu, const uint32_t *spis, unsigned int spi_count);
/*
 * Give @g the emulated level-triggered SPI @intid (VGIC_IRQ_VLINE; a virtual
 * device's line, low): after vgic_init(), before the cell runs. False when
 * @intid is not an SPI, is a passthrough SPI (any cell's), is already @g's,
 * or @g has no slot left. Other cells may have the same emulated INTID.
 */
bool vgic_add_virtual_spi(struct vgic *g, uint32_t intid);
/* Physical SPI -> the cell owning it and its slot in that cell's spis[] (vgic.c sets them at boot). */
extern struct vgic *vgic_spi_owner[VGIC_INTID_LIMIT];
extern uint8_t vgic_spi_slot[VGIC_INTID_LIMIT];

/* @g's interrupt for physical SPI @intid, NULL when it is not @g's (the hot path's lookup, inline). */
static inline struct vgic_irq *vgic_spi_of(struct vgic *g, uint32_t intid)
{
	return intid < VGIC_INTID_LIMIT && vgic_spi_owner[intid] == g ? &g->spis[vgic_spi_slot[intid]] : NULL;
}
/* Forget every SPI ownership (tests). */
void vgic_reset_ownership(void);
/*
 * Back to the state vgic_init() gave @g, for a cell restarting (PSCI
 * SYSTEM_RESET) while none of its vCPUs runs: its SPIs physically off, not
 * pending, not active; every virtual interrupt state cleared.
 */
void vgic_reset(struct vgic *g);

/* ------------------------------------------------------------ run time (own vCPU) */
/* vgic_inject_hw() when its fast path does not apply; @empty: vgic_hw_elrsr(). */
void vgic_inject_slow(struct vgic *g, struct vgic_vcpu *v, struct vgic_irq *irq, uint32_t empty);
/* The kick SGI arrived (or a request on the own CPU): take requests, refill list registers. */
void vgic_sync(struct vgic *g, unsigned int vcpu);
/*
 * The maintenance interrupt arrived: end what the guest EOI'd (GICv2: the
 * physical interrupts behind), refill the list registers from the queue.
 * Requests from other vCPUs are not looked at: each comes with a kick.
 */
void vgic_maintenance(struct vgic *g, unsigned int vcpu);
/* vCPU @from sends SGI @sgi to the vCPUs in @targets (bit i: vCPU i). */
void vgic_send_sgi(struct vgic *g, unsigned int from, uint32_t sgi, uint32_t targets);
/* The interrupt @intid as vCPU @vcpu sees it (private ones are banked), or NULL. */
struct vgic_irq *vgic_irq_of(struct vgic *g, unsigned int vcpu, uint32_t intid);
/* vgic_mmio() for everything but its lock-free reads. */
bool vgic_mmio_slow(struct vgic *g, unsigned int vcpu, uint64_t ipa, bool write, unsigned int size,
		    uint64_t *val);

/*
 * Emulate an access to one of @g's register frames; false: not one of them.
 * Inline, the hot path (vgic_ident_read(), which the trap's short path
 * also calls directly): a 32-bit read of GICD_CTLR, TYPER or IIDR is one
 * load of g->ident, with no lock. Safe: TYPER and IIDR are written only
 * while the cell is set up (vgic_init(), vgic_add_virtual_spi()), before
 * any vCPU runs; CTLR's word changes only in vgic_ctlr_write() (under the
 * lock), by one aligned 32-bit store of the whole value, so a read racing
 * with it sees the old or the new register, as a read just before or just
 * after the write would: never a mix of the two.
 */
static inline bool vgic_ident_read(const struct vgic *g, uint64_t ipa, unsigned int size, uint64_t *val)
{
	uint64_t off = ipa - g->gicd_ipa;

	if (off >= VGIC_IDENT_BYTES || size != 4 || (off & 3))
		return false;
	*val = __atomic_load_n(&g->ident[off / 4], __ATOMIC_RELAXED);
	return true;
}

static inline bool vgic_mmio(struct vgic *g, unsigned int vcpu, uint64_t ipa, bool write, unsigned int size,
			     uint64_t *val)
{
	if (!write && vgic_ident_read(g, ipa, size, val))
		return true;
	return vgic_mmio_slow(g, vcpu, ipa, write, size, val);
}

/*
 * Drive the line of @g's emulated SPI @intid (vgic_add_virtual_spi()) high or
 * low, from any CPU: the vCPU it is routed to takes it on its own CPU (at
 * once when that is the calling CPU, else after a kick). While the line is
 * high the interrupt is pending, and pending again after each EOI.
 */
void vgic_set_line(struct vgic *g, uint32_t intid, bool level);

/* ------------------------------------------------------------ register semantics (decoders) */
/* One bit per interrupt from @first (32 interrupts): read, or set/clear the 1 bits of @v. */
uint32_t vgic_bits_read(struct vgic *g, unsigned int vcpu, uint32_t first, enum vgic_bit what);
void vgic_bits_write(struct vgic *g, unsigned int vcpu, uint32_t first, enum vgic_bit what, uint32_t v,
		     bool set);
/* GICD_IGROUPR writes: the value itself (not set/clear). */
void vgic_group_write(struct vgic *g, unsigned int vcpu, uint32_t first, uint32_t v);
/* One byte per interrupt (priorities, GICv2 targets) from @first, @count bytes of @v. */
uint64_t vgic_prio_read(struct vgic *g, unsigned int vcpu, uint32_t first, unsigned int count);
void vgic_prio_write(struct vgic *g, unsigned int vcpu, uint32_t first, unsigned int count, uint64_t v);
/* GICD_ICFGR: two bits per interrupt from @first (16 interrupts). */
uint32_t vgic_cfg_read(struct vgic *g, unsigned int vcpu, uint32_t first);
void vgic_cfg_write(struct vgic *g, unsigned int vcpu, uint32_t first, uint32_t v);
/* GICD_CTLR group enables: bit 0 Group 0, bit 1 Group 1. */
void vgic_ctlr_write(struct vgic *g, uint32_t enables);
/* Route SPI @intid to vCPU @target (ignored when not one of the cell's vCPUs). */
void vgic_route(struct vgic *g, uint32_t intid, unsigned int target);
/* A guest access the decoder refuses: one warning line naming the cell. */
void vgic_refuse(struct vgic *g, unsigned int vcpu, uint64_t ipa, bool write, const char *why);

/* ------------------------------------------------------------ what the core needs from the hardware */
/* Calling CPU's list registers (n < vgic_hw_lr_count()). */
unsigned int vgic_hw_lr_count(void);
uint64_t vgic_hw_lr_read(unsigned int n);
void vgic_hw_lr_write(unsigned int n, uint64_t v);
/* Empty list registers, bit n: LR n. */
uint32_t vgic_hw_elrsr(void);
/* List registers whose EOI maintenance is due (GICH_EISR), bit n: LR n. */
uint32_t vgic_hw_eisr(void);
/* Deactivate physical interrupt @intid (on the calling CPU for a PPI). */
void vgic_hw_irq_deactivate(uint32_t intid);
/* Underflow maintenance interrupt on (queue not empty) or off. */
void vgic_hw_underflow(bool on);
/* Physical interrupt control for passthrough SPIs. */
void vgic_hw_irq_enable(uint32_t intid, bool on);
/* Clear a physical interrupt's active state (an SPI; a PPI of the calling CPU). */
void vgic_hw_irq_clear_active(uint32_t intid);
/* Set it (the guest made it active: not signalled again until cleared). */
void vgic_hw_irq_set_active(uint32_t intid);
void vgic_hw_irq_route(uint32_t intid, unsigned int pcpu);
void vgic_hw_irq_pending(uint32_t intid, bool on);
bool vgic_hw_irq_is_pending(uint32_t intid);
void vgic_hw_irq_config(uint32_t intid, bool edge);
/* Interrupt physical CPU @pcpu into the hypervisor (the kick SGI). */
void vgic_hw_kick(unsigned int pcpu);
/* The calling physical CPU (vgic_set_line(): inject here or kick). */
unsigned int vgic_hw_cpu(void);

/*
 * The hot path's test: may @irq, a physical interrupt for @g's vCPU @vcpu
 * (running on this CPU), go straight back into its own list register
 * (@empty: vgic_hw_elrsr())? A periodic interrupt whose list register is
 * empty again, enabled, with nothing waiting, may: then it is marked
 * pending and the caller writes irq->lr_base into list register irq->lr.
 */
static inline bool vgic_inject_fast(struct vgic *g, unsigned int vcpu, struct vgic_irq *irq, uint32_t empty)
{
	uint32_t group = (irq->flags & VGIC_IRQ_GROUP1) ? VGIC_CTLR_ENABLE_GRP1 : VGIC_CTLR_ENABLE_GRP0;

	if (irq->lr != VGIC_NO_LR && irq->home == vcpu && (empty & (1U << irq->lr)) && !g->vcpu[vcpu].queue &&
	    (irq->flags & VGIC_IRQ_ENABLED) && (g->ctlr & group)) {
		irq->state = VGIC_STATE_PENDING;
		return true;
	}
	return false;
}

/*
 * A physical interrupt for @g's vCPU @vcpu (running on this CPU) arrived at
 * EL2. Inline, the hot path: vgic_inject_fast() and its precomputed list
 * register value; anything else takes vgic_inject_slow().
 */
static inline void vgic_inject_hw(struct vgic *g, unsigned int vcpu, struct vgic_irq *irq)
{
	uint32_t empty = vgic_hw_elrsr();

	if (vgic_inject_fast(g, vcpu, irq, empty)) {
		vgic_hw_lr_write(irq->lr, irq->lr_base);
		return;
	}
	vgic_inject_slow(g, &g->vcpu[vcpu], irq, empty);
}

#endif
