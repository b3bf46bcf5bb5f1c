// SPDX-License-Identifier: MIT
/*
 * The virtual GIC's version-agnostic core: each cell's interrupts (its
 * passthrough SPIs, the SGIs and the architected timer PPIs of each vCPU),
 * the register semantics the version decoders call (enable, pending,
 * active, group, priority, trigger, routing, per Arm IHI 0069 chapter 12
 * and IHI 0048 chapter 4), and the list-register management: an
 * interrupt goes straight into a free list register when there is one,
 * displaces a lower-priority pending one when there is not, or waits in
 * its vCPU's queue, kept in priority order, until the underflow
 * maintenance interrupt refills (IHI 0069 4.9 / IHI 0048 5.3). Each vCPU's
 * queue and list registers are touched only on its own physical CPU; other
 * vCPUs leave requests (SGIs, enable changes, virtual lines) in atomic
 * words and kick it. Besides the hardware-backed SPIs a cell may have
 * emulated level-triggered ones (its virtual console's): no physical
 * interrupt behind them, their list registers ask for EOI maintenance so
 * that they are pending again while their line stays high.
 */
#include <septum/log.h>
#include <septum/string.h>
#include <septum/vgic.h>

#define VGIC_PRIO_MASK 0xf8 /* five priority bits, as the virtual CPU interfaces implement */
#define VGIC_SPI_FIRST 32
#define VGIC_INTID_PTIMER 30
/* The PPIs a cell has: the EL1 virtual and physical timers, both backed by hardware. */
#define VGIC_PPI_HW_MASK (BIT(VGIC_INTID_VTIMER) | BIT(VGIC_INTID_PTIMER))
#define VGIC_SGI_MASK 0xffffU

extern const struct vgic_ops *const __start_septum_vgic_ops[];
extern const struct vgic_ops *const __stop_septum_vgic_ops[];

/* Physical SPI -> the cell owning it and its slot there (set once at boot; vgic_spi_of() reads them). */
struct vgic *vgic_spi_owner[VGIC_INTID_LIMIT];
uint8_t vgic_spi_slot[VGIC_INTID_LIMIT];
#define spi_owner vgic_spi_owner
#define spi_slot vgic_spi_slot
static unsigned int lr_count;
static uint32_t lr_mask;

static void refresh_lr_base(const struct vgic *g, struct vgic_irq *irq);

/* The identification registers the decoder defines, for vgic_mmio()'s lock-free reads. */
static void refresh_ident(struct vgic *g)
{
	g->ops->ident(g, g->ident);
	g->ident[VGIC_IDENT_CTLR] |= g->ctlr;
}

static const struct vgic_ops *ops_for(enum gic_version version)
{
	// cppcheck-suppress comparePointers
	for (const struct vgic_ops *const *o = __start_septum_vgic_ops; o < __stop_septum_vgic_ops; o++)
		if ((*o)->version == version)
			return *o;
	return NULL;
}

bool vgic_init(struct vgic *g, enum gic_version version, const char *name, unsigned int vcpu_count,
	       const unsigned int *pcpu, const uint32_t *spis, unsigned int spi_count)
{
	uint32_t max_intid = VGIC_SPI_FIRST - 1;

	memset(g, 0, sizeof(*g));
	g->ops = ops_for(version);
	if (!g->ops || vcpu_count == 0 || vcpu_count > VGIC_MAX_VCPUS || spi_count > VGIC_MAX_SPIS)
		return false;
	g->name = name;
	g->vcpu_count = vcpu_count;
	for (unsigned int v = 0; v < vcpu_count; v++) {
		struct vgic_vcpu *vc = &g->vcpu[v];

		vc->pcpu = pcpu[v];
		vc->id = (uint8_t)v;
		vc->gicr_waker = 1U << 1; /* GICR_WAKER.ProcessorSleep at reset */
		for (unsigned int i = 0; i < VGIC_PRIVATE_COUNT; i++) {
			struct vgic_irq *irq = &vc->priv[i];

			irq->intid = (uint16_t)i;
			irq->vcpu = (uint8_t)v;
			irq->target = (uint8_t)v;
			irq->lr = VGIC_NO_LR;
			if (i < VGIC_SGI_COUNT)
				irq->flags = VGIC_IRQ_EDGE;
			else if (VGIC_PPI_HW_MASK & BIT(i))
				irq->flags = VGIC_IRQ_HW, irq->pintid = (uint16_t)i;
		}
	}
	for (unsigned int s = 0; s < spi_count; s++) {
		struct vgic_irq *irq = &g->spis[s];

		irq->intid = irq->pintid = (uint16_t)spis[s];
		irq->flags = VGIC_IRQ_HW;
		irq->lr = VGIC_NO_LR;
		if (spis[s] >= VGIC_SPI_FIRST && spis[s] < VGIC_INTID_LIMIT) {
			spi_owner[spis[s]] = g;
			spi_slot[spis[s]] = (uint8_t)s;
		}
		max_intid = MAX(max_intid, spis[s]);
	}
	g->spi_count = spi_count;
	for (unsigned int v = 0; v < vcpu_count; v++)
		for (unsigned int i = 0; i < VGIC_PRIVATE_COUNT; i++)
			refresh_lr_base(g, &g->vcpu[v].priv[i]);
	for (unsigned int s = 0; s < spi_count; s++)
		refresh_lr_base(g, &g->spis[s]);
	for (unsigned int s = 0; s < spi_count; s++) { /* physically: off, level, to vCPU 0 */
		if (!(g->spis[s].flags & VGIC_IRQ_HW))
			continue;
		vgic_hw_irq_enable(g->spis[s].pintid, false);
		vgic_hw_irq_config(g->spis[s].pintid, false);
		vgic_hw_irq_route(g->spis[s].pintid, pcpu[0]);
	}
	g->spi_lines = max_intid / 32; /* GICD_TYPER.ITLinesNumber: 32(N+1) INTIDs */
	lr_count = MIN(vgic_hw_lr_count(), VGIC_MAX_LRS);
	lr_mask = (uint32_t)(BIT(lr_count) - 1);
	refresh_ident(g);
	return true;
}

void vgic_reset(struct vgic *g)
{
	unsigned int pcpu[VGIC_MAX_VCPUS], vcpu_count = g->vcpu_count, spi_count = 0, vline_count = 0;
	uint32_t spis[VGIC_MAX_SPIS] = { 0 }, vlines[VGIC_MAX_SPIS] = { 0 };
	uint64_t gicd = g->gicd_ipa, gicr = g->gicr_ipa, gicc = g->gicc_ipa;
	enum gic_version version = g->ops->version;
	const char *name = g->name;

	for (unsigned int v = 0; v < vcpu_count; v++)
		pcpu[v] = g->vcpu[v].pcpu;
	for (unsigned int s = 0; s < g->spi_count; s++) {
		uint32_t intid = g->spis[s].intid;

		if (!(g->spis[s].flags & VGIC_IRQ_HW)) {
			vlines[vline_count++] = intid;
			continue;
		}
		spis[spi_count++] = intid;
		vgic_hw_irq_enable(intid, false);
		vgic_hw_irq_pending(intid, false);
		vgic_hw_irq_clear_active(intid);
	}
	(void)vgic_init(g, version, name, vcpu_count, pcpu, spis, spi_count); /* same inputs: cannot fail */
	for (unsigned int s = 0; s < vline_count; s++)
		(void)vgic_add_virtual_spi(g, vlines[s]); /* had its slot: cannot fail */
	g->gicd_ipa = gicd;
	g->gicr_ipa = gicr;
	g->gicc_ipa = gicc;
}

/*
 * The slot of @g's emulated SPI @intid, or -1. Emulated SPIs are not in spi_owner[]:
 * each cell may have its own INTID 33 (every guest's PL011 is there), and
 * no physical interrupt ever looks for them.
 */
static int vline_slot(const struct vgic_irq *spis, unsigned int count, uint32_t intid)
{
	for (unsigned int s = 0; s < count; s++)
		if ((spis[s].flags & VGIC_IRQ_VLINE) && spis[s].intid == intid)
			return (int)s;
	return -1;
}

bool vgic_add_virtual_spi(struct vgic *g, uint32_t intid)
{
	struct vgic_irq *irq;

	if (intid < VGIC_SPI_FIRST || intid >= VGIC_INTID_LIMIT || spi_owner[intid] ||
	    vline_slot(g->spis, g->spi_count, intid) >= 0 || g->spi_count == VGIC_MAX_SPIS)
		return false;
	irq = &g->spis[g->spi_count];
	memset(irq, 0, sizeof(*irq));
	irq->intid = irq->pintid = (uint16_t)intid;
	irq->flags = VGIC_IRQ_VLINE;
	irq->lr = VGIC_NO_LR;
	refresh_lr_base(g, irq);
	g->spi_count++;
	g->spi_lines = MAX(g->spi_lines, intid / 32);
	refresh_ident(g);
	return true;
}

void vgic_reset_ownership(void)
{
	memset(spi_owner, 0, sizeof(spi_owner));
}

struct vgic_irq *vgic_irq_of(struct vgic *g, unsigned int vcpu, uint32_t intid)
{
	int slot;

	if (intid < VGIC_SGI_COUNT || (intid < VGIC_PRIVATE_COUNT && (VGIC_PPI_HW_MASK & BIT(intid))))
		return vcpu < g->vcpu_count ? &g->vcpu[vcpu].priv[intid] : NULL;
	if (intid < VGIC_SPI_FIRST)
		return NULL; /* a PPI the cell does not have */
	/* A passthrough SPI first (a table look-up): no emulated SPI of the cell has its INTID. */
	if (intid < VGIC_INTID_LIMIT && spi_owner[intid] == g)
		return &g->spis[spi_slot[intid]];
	slot = vline_slot(g->spis, g->spi_count, intid);
	if (slot >= 0)
		return &g->spis[slot];
	return NULL; /* another cell's, or nobody's: RAZ/WI */
}

/* ------------------------------------------------------------ queue and list registers */

static bool group_enabled(const struct vgic *g, const struct vgic_irq *irq)
{
	return g->ctlr & ((irq->flags & VGIC_IRQ_GROUP1) ? VGIC_CTLR_ENABLE_GRP1 : VGIC_CTLR_ENABLE_GRP0);
}

static bool deliverable_if_pending(const struct vgic *g, const struct vgic_irq *irq)
{
	return (irq->flags & VGIC_IRQ_ENABLED) && group_enabled(g, irq);
}

/* Pending, not active (an active one is not signalled again until deactivated), enabled. */
static bool deliverable(const struct vgic *g, const struct vgic_irq *irq)
{
	return (irq->state & (VGIC_STATE_PENDING | VGIC_STATE_ACTIVE)) == VGIC_STATE_PENDING &&
	       deliverable_if_pending(g, irq);
}

/* The vCPU an interrupt is for: its own for a private one, the one it is routed to for an SPI. */
static unsigned int owner_vcpu(const struct vgic_irq *irq)
{
	return irq->intid < VGIC_PRIVATE_COUNT ? irq->vcpu : irq->target;
}

/* Leave @irq for vCPU @to to look at (its recheck words); the caller runs or kicks it. */
static void mark(struct vgic *g, unsigned int to, const struct vgic_irq *irq)
{
	struct vgic_vcpu *v = &g->vcpu[to];

	if (irq->intid < VGIC_PRIVATE_COUNT)
		__atomic_or_fetch(&v->recheck, (uint32_t)BIT(irq->intid), __ATOMIC_RELEASE);
	else
		__atomic_or_fetch(&v->spi_recheck, BIT(irq - g->spis), __ATOMIC_RELEASE);
}

/* From @irq's home CPU: the vCPU @to (another one) must look at it. */
static void forward(struct vgic *g, unsigned int to, const struct vgic_irq *irq)
{
	mark(g, to, irq);
	vgic_hw_kick(g->vcpu[to].pcpu);
}

/* The list-register value of @irq (an SGI's with source 0: list() adds it), kept with its priority and group. */
static void refresh_lr_base(const struct vgic *g, struct vgic_irq *irq)
{
	irq->lr_base = g->ops->lr_encode(irq, 0);
}

/* Insert after every interrupt of the same or higher priority: FIFO within a priority. */
static void enqueue(struct vgic_vcpu *v, struct vgic_irq *irq)
{
	struct vgic_irq **p = &v->queue;

	while (*p && (*p)->prio <= irq->prio)
		p = &(*p)->next;
	irq->next = *p;
	*p = irq;
	irq->queued = true;
	irq->home = v->id;
}

static void dequeue(struct vgic_vcpu *v, struct vgic_irq *irq)
{
	for (struct vgic_irq **p = &v->queue; *p; p = &(*p)->next)
		if (*p == irq) {
			*p = irq->next;
			break;
		}
	irq->next = NULL;
	irq->queued = false;
}

/* The SGI source to list next (GICv2 list registers name it), taken from the pending sources. */
static unsigned int sgi_take_source(struct vgic_vcpu *v, struct vgic_irq *irq)
{
	uint8_t m = v->sgi_source[irq->intid];
	unsigned int s = m ? (unsigned int)__builtin_ctz(m) : 0;

	v->sgi_source[irq->intid] = (uint8_t)(m & ~(1U << s));
	return s;
}

static void list(const struct vgic *g, struct vgic_vcpu *v, unsigned int n, struct vgic_irq *irq)
{
	v->lr_irq[n] = irq;
	irq->lr = (uint8_t)n;
	irq->home = v->id;
	if (irq->intid < VGIC_SGI_COUNT) { /* GICv2 list registers name the source */
		unsigned int source = sgi_take_source(v, irq), shift = g->ops->lr_source_shift;

		vgic_hw_lr_write(n, irq->lr_base | (shift ? (uint64_t)source << shift : 0));
	} else {
		vgic_hw_lr_write(n, irq->lr_base);
	}
}

/* List register @n is empty: whatever it held is done (EOI'd or never listed). */
static void retire(struct vgic *g, struct vgic_vcpu *v, unsigned int n)
{
	struct vgic_irq *irq = v->lr_irq[n];

	if (!irq)
		return;
	v->lr_irq[n] = NULL;
	if (irq->lr != n || irq->home != v->id)
		return; /* a hardware SPI rerouted since, taken again by its new vCPU */
	irq->lr = VGIC_NO_LR;
	irq->state &= (uint8_t) ~(VGIC_STATE_PENDING | VGIC_STATE_ACTIVE);
	if (irq->intid < VGIC_SGI_COUNT && v->sgi_source[irq->intid]) {
		irq->state |= VGIC_STATE_PENDING; /* the same SGI from another source */
		enqueue(v, irq);
	} else if ((irq->flags & VGIC_IRQ_VLINE) && __atomic_load_n(&irq->line, __ATOMIC_ACQUIRE)) {
		irq->state |= VGIC_STATE_PENDING; /* level-triggered: still asserted after its EOI */
		if (owner_vcpu(irq) == v->id)
			enqueue(v, irq);
		else
			forward(g, owner_vcpu(irq), irq); /* rerouted while it was listed here */
	}
}

static void retire_empty(struct vgic *g, struct vgic_vcpu *v, uint32_t empty)
{
	for (uint32_t m = empty; m; m &= m - 1)
		retire(g, v, (unsigned int)__builtin_ctz(m));
}

/* Free list registers get the queue's head, highest priority first. */
static void fill(struct vgic *g, struct vgic_vcpu *v)
{
	uint32_t empty = vgic_hw_elrsr() & lr_mask;

	retire_empty(g, v, empty);
	while (v->queue && empty) {
		struct vgic_irq *irq = v->queue;
		unsigned int n = (unsigned int)__builtin_ctz(empty);

		v->queue = irq->next;
		irq->next = NULL;
		irq->queued = false;
		if (deliverable(g, irq)) {
			list(g, v, n, irq);
			empty &= empty - 1;
		}
	}
	vgic_hw_underflow(v->queue != NULL);
}

/*
 * The listed interrupt of lowest priority that is only pending (never an
 * active one: the guest is handling it) and of lower priority than @prio.
 */
static int lr_victim(const struct vgic *g, const struct vgic_vcpu *v, uint8_t prio)
{
	int victim = -1;
	uint8_t worst = prio;

	for (unsigned int n = 0; n < lr_count; n++) {
		const struct vgic_irq *irq = v->lr_irq[n];

		if (irq && irq->prio > worst) {
			uint64_t lr = vgic_hw_lr_read(n);

			if (g->ops->lr_pending(lr) && !g->ops->lr_active(lr)) {
				worst = irq->prio;
				victim = (int)n;
			}
		}
	}
	return victim;
}

/* Is @irq still in a list register? One the guest has finished with is retired first. */
static bool settle(struct vgic *g, struct vgic_vcpu *v, struct vgic_irq *irq, uint32_t empty)
{
	if (irq->lr == VGIC_NO_LR)
		return false;
	if (!(empty & BIT(irq->lr)))
		return true;
	retire(g, v, irq->lr);
	return false;
}

/*
 * @irq is deliverable on @v (its own CPU), not listed, @empty the empty list
 * registers: list it now if it can be, else queue it.
 */
static void deliver(struct vgic *g, struct vgic_vcpu *v, struct vgic_irq *irq, uint32_t empty)
{
	int victim;

	if (irq->queued)
		return;
	if (empty) {
		unsigned int n = (unsigned int)__builtin_ctz(empty);

		retire(g, v, n); /* may queue what it held (another SGI source, a line still high) */
		if (!v->queue || v->queue->prio > irq->prio) {
			list(g, v, n, irq);
			return;
		}
		enqueue(v, irq); /* something of the same or higher priority is waiting: keep the order */
		fill(g, v);
		return;
	}
	victim = lr_victim(g, v, irq->prio);
	if (victim >= 0) {
		struct vgic_irq *old = v->lr_irq[victim];

		old->lr = VGIC_NO_LR;
		v->lr_irq[victim] = NULL;
		if (old->intid < VGIC_SGI_COUNT)
			v->sgi_source[old->intid] |= 1U; /* re-sent later; source kept approximate */
		enqueue(v, old);
		list(g, v, (unsigned int)victim, irq);
	} else {
		enqueue(v, irq);
	}
	vgic_hw_underflow(v->queue != NULL);
}

static uint8_t lr_state(const struct vgic *g, uint64_t lr)
{
	return (uint8_t)((g->ops->lr_pending(lr) ? VGIC_STATE_PENDING : 0) |
			 (g->ops->lr_active(lr) ? VGIC_STATE_ACTIVE : 0));
}

/*
 * The pending/active state @was becomes after the register writes @req
 * (VGIC_REQ_*). A hardware interrupt is pending or active, never both: its
 * one physical instance is either waiting for the guest or being handled
 * (a level source still asserted after its deactivation fires again).
 */
static uint8_t requested_state(const struct vgic_irq *irq, uint8_t was, uint8_t req)
{
	uint8_t st = was;

	if (req & VGIC_REQ_CLEAR_PENDING)
		st &= (uint8_t)~VGIC_STATE_PENDING;
	if (req & VGIC_REQ_CLEAR_ACTIVE)
		st &= (uint8_t)~VGIC_STATE_ACTIVE;
	if (req & VGIC_REQ_SET_ACTIVE)
		st |= VGIC_STATE_ACTIVE;
	if ((irq->flags & VGIC_IRQ_HW) && st == (VGIC_STATE_PENDING | VGIC_STATE_ACTIVE))
		st = VGIC_STATE_ACTIVE;
	return st;
}

/*
 * The physical interrupt behind hardware-backed @irq follows its virtual
 * state @was -> @st: it is active while the virtual one is pending (EL2
 * acknowledged it) or active (the guest handles it), inactive once neither.
 */
static void hw_follow(const struct vgic_irq *irq, uint8_t was, uint8_t st)
{
	if (!(irq->flags & VGIC_IRQ_HW) || !was == !st)
		return;
	if (st)
		vgic_hw_irq_set_active(irq->pintid);
	else
		vgic_hw_irq_clear_active(irq->pintid);
}

/* Register writes for @irq, listed in one of this vCPU's list registers: its state there changes. */
static __attribute__((noinline, cold)) void lr_requests(struct vgic *g, struct vgic_vcpu *v,
							struct vgic_irq *irq, uint8_t req)
{
	unsigned int n = irq->lr;
	uint64_t lr = vgic_hw_lr_read(n);
	uint8_t was = lr_state(g, lr), st = requested_state(irq, was, req);

	if (st == was)
		return;
	if (st) {
		vgic_hw_lr_write(n, g->ops->lr_with_state(lr, st));
		return;
	}
	/* Neither pending nor active any more: as after its EOI (with no maintenance interrupt). */
	vgic_hw_lr_write(n, 0);
	hw_follow(irq, was, st);
	retire(g, v, n);
}

/* Register writes for @irq, not listed: the state the hypervisor keeps changes. */
static __attribute__((noinline, cold)) void soft_requests(struct vgic_vcpu *v, struct vgic_irq *irq,
							  uint8_t req)
{
	uint8_t was = irq->state & (VGIC_STATE_PENDING | VGIC_STATE_ACTIVE);
	uint8_t st = requested_state(irq, was, req);

	if ((req & VGIC_REQ_CLEAR_PENDING) && irq->intid < VGIC_SGI_COUNT)
		v->sgi_source[irq->intid] = 0;
	if (irq->flags & VGIC_IRQ_VLINE)
		st = (uint8_t)((st & VGIC_STATE_ACTIVE) | (was & VGIC_STATE_PENDING)); /* its line decides */
	irq->state = (uint8_t)((irq->state & ~(VGIC_STATE_PENDING | VGIC_STATE_ACTIVE)) | st);
	hw_follow(irq, was, st);
}

/*
 * @irq, not listed here, was rerouted (GICD_ITARGETSR / GICD_IROUTER) to
 * vCPU @to while it waited on @v: it moves there, with what is left to do
 * (@req). A hardware one stays (evaluate()): its physical interrupt was
 * taken on this CPU.
 */
static __attribute__((noinline, cold)) void move(struct vgic *g, struct vgic_vcpu *v, struct vgic_irq *irq,
						 unsigned int to, uint8_t req)
{
	if (irq->queued)
		dequeue(v, irq);
	if (req)
		__atomic_or_fetch(&irq->req, req, __ATOMIC_RELEASE);
	forward(g, to, irq);
}

/*
 * What evaluate() does first for an SPI, or an interrupt with register
 * writes to carry out: send it to the vCPU holding it or routed to, carry
 * out the writes. True when nothing is left for evaluate() to do.
 */
static __attribute__((noinline)) bool evaluate_special(struct vgic *g, struct vgic_vcpu *v,
						       struct vgic_irq *irq)
{
	uint32_t empty = vgic_hw_elrsr() & lr_mask;
	unsigned int owner = owner_vcpu(irq);
	uint8_t req;

	if ((irq->lr != VGIC_NO_LR || irq->queued) && irq->home != v->id) {
		forward(g, irq->home, irq); /* another vCPU's list register or queue holds it */
		return true;
	}
	req = __atomic_exchange_n(&irq->req, 0, __ATOMIC_ACQUIRE);
	if (settle(g, v, irq, empty)) { /* the list register has it */
		if (req)
			lr_requests(g, v, irq, req);
		return true;
	}
	if (owner != v->id && !(irq->flags & VGIC_IRQ_HW)) {
		move(g, v, irq, owner, req);
		return true;
	}
	if (req)
		soft_requests(v, irq, req);
	return false;
}

/* Re-evaluate @irq after a change of its state or configuration (own CPU). */
static void evaluate(struct vgic *g, struct vgic_vcpu *v, struct vgic_irq *irq)
{
	uint32_t empty;

	/* A private interrupt with no register writes pending (the common case) needs none of it. */
	if ((irq->intid >= VGIC_PRIVATE_COUNT || __atomic_load_n(&irq->req, __ATOMIC_RELAXED)) &&
	    evaluate_special(g, v, irq))
		return;
	empty = vgic_hw_elrsr() & lr_mask;
	if (settle(g, v, irq, empty))
		return;			   /* the list register has it */
	if (irq->flags & VGIC_IRQ_VLINE) { /* pending follows the line */
		if (__atomic_load_n(&irq->line, __ATOMIC_ACQUIRE))
			irq->state |= VGIC_STATE_PENDING;
		else
			irq->state &= (uint8_t)~VGIC_STATE_PENDING;
	}
	if (deliverable(g, irq))
		deliver(g, v, irq, empty);
	else if (irq->queued)
		dequeue(v, irq);
}

void vgic_inject_slow(struct vgic *g, struct vgic_vcpu *v, struct vgic_irq *irq, uint32_t empty)
{
	empty &= lr_mask;
	if (irq->lr != VGIC_NO_LR && irq->home != v->id)
		irq->lr = VGIC_NO_LR; /* rerouted: its last instance ended in the old vCPU's list register */
	if (settle(g, v, irq, empty)) {
		/*
		 * The physical interrupt fired again, so its previous instance
		 * was deactivated: what the list register still shows is stale.
		 */
		list(g, v, irq->lr, irq);
		return;
	}
	irq->state |= VGIC_STATE_PENDING;
	if (deliverable(g, irq))
		deliver(g, v, irq, empty);
	/* else latched: the physical interrupt stays active until the guest enables and EOIs it */
}

/* Ask vCPU @to to look at @irq again (its own CPU does the work). */
static void recheck(struct vgic *g, unsigned int self, unsigned int to, const struct vgic_irq *irq)
{
	mark(g, to, irq);
	if (to == self)
		vgic_sync(g, to);
	else
		vgic_hw_kick(g->vcpu[to].pcpu);
}

/* The vCPU to ask about @irq: the one holding it in a list register or queue, else its owner. */
static unsigned int where(const struct vgic_irq *irq)
{
	return irq->lr != VGIC_NO_LR || irq->queued ? irq->home : owner_vcpu(irq);
}

/* A state change only @irq's vCPU can make (VGIC_REQ_*): left for it, and it is asked. */
static void request(struct vgic *g, struct vgic_irq *irq, uint8_t what)
{
	if (what & (VGIC_REQ_SET_ACTIVE | VGIC_REQ_CLEAR_ACTIVE)) /* the last write counts */
		__atomic_and_fetch(&irq->req, (uint8_t) ~(VGIC_REQ_SET_ACTIVE | VGIC_REQ_CLEAR_ACTIVE),
				   __ATOMIC_RELAXED);
	__atomic_or_fetch(&irq->req, what, __ATOMIC_RELEASE);
	recheck(g, g->self, where(irq), irq);
}

/*
 * EOI maintenance: the guest finished these. EL2 deactivates their physical
 * interrupts (GICv2, ops->eoi_maintenance) and re-evaluates virtual lines.
 */
static inline __attribute__((always_inline)) void eoi_maintenance(struct vgic *g, struct vgic_vcpu *v)
{
	for (uint32_t m = vgic_hw_eisr() & lr_mask; m; m &= m - 1) {
		unsigned int n = (unsigned int)__builtin_ctz(m);
		struct vgic_irq *irq = v->lr_irq[n];

		vgic_hw_lr_write(n, 0);
		if (irq && (irq->flags & VGIC_IRQ_HW)) {
			vgic_hw_irq_deactivate(irq->pintid);
			continue; /* its list register, empty now, stays its own: the next one reuses it */
		}
		retire(g, v, n);
	}
}

/*
 * SGI @irq of vCPU @v (on its own CPU) sent by vCPU @from: made pending
 * directly, without a resync of the vCPU. Listed and still live (not
 * finished by the guest), it is one interrupt with the pending one there:
 * its list register is set pending again if it is only active (GICv2: the
 * listed source stands for both). Otherwise it is pending from @from and
 * goes through deliver(): a free list register unless something of the
 * same or higher priority waits in the queue, a lower-priority pending one
 * displaced, or the queue.
 */
static void sgi_pend(struct vgic *g, struct vgic_vcpu *v, struct vgic_irq *irq, unsigned int from)
{
	uint32_t empty = vgic_hw_elrsr() & lr_mask;

	if (settle(g, v, irq, empty)) {
		uint64_t lr = vgic_hw_lr_read(irq->lr);

		if (!g->ops->lr_pending(lr))
			vgic_hw_lr_write(irq->lr, g->ops->lr_set_pending(lr));
		return;
	}
	v->sgi_source[irq->intid] |= (uint8_t)(1U << from);
	irq->state |= VGIC_STATE_PENDING;
	if (irq->queued) {
		/*
		 * Waiting already, or queued again just now by settle()'s
		 * retirement of its list register (pending from another source
		 * too): the queue's head goes into the free list registers, if any.
		 */
		if (empty)
			fill(g, v);
		return;
	}
	if (deliverable(g, irq))
		deliver(g, v, irq, empty);
	/* else latched: listed once the guest enables it (evaluate()) */
}

void vgic_sync(struct vgic *g, unsigned int vcpu)
{
	struct vgic_vcpu *v = &g->vcpu[vcpu];
	uint32_t check = __atomic_exchange_n(&v->recheck, 0, __ATOMIC_ACQUIRE);
	uint64_t spi_check = __atomic_exchange_n(&v->spi_recheck, 0, __ATOMIC_ACQUIRE);
	uint32_t any = 0;
	bool full;

	for (unsigned int s = 0; s < g->vcpu_count; s++)
		any |= __atomic_load_n(&v->sgi_from[s], __ATOMIC_RELAXED);
	eoi_maintenance(g, v);
	/*
	 * Only SGIs arrived and nothing waits (the common kick): each goes
	 * straight to sgi_pend(), which keeps the list registers and the queue
	 * in order itself. Anything else (a recheck, a queue, a kick with no
	 * SGI) takes the full pass: every finished list register retired,
	 * everything asked about re-evaluated, the free list registers filled.
	 * (An SGI arriving after the look above is taken below either way.)
	 */
	full = check || spi_check || v->queue || !any;
	if (full)
		retire_empty(g, v, vgic_hw_elrsr() & lr_mask);
	for (unsigned int s = 0; s < g->vcpu_count; s++) {
		uint32_t sgis = __atomic_load_n(&v->sgi_from[s], __ATOMIC_RELAXED);

		if (sgis)
			sgis = __atomic_exchange_n(&v->sgi_from[s], 0, __ATOMIC_ACQUIRE);
		for (; sgis; sgis &= sgis - 1)
			sgi_pend(g, v, &v->priv[__builtin_ctz(sgis)], s);
	}
	if (!full)
		return;
	for (; check; check &= check - 1)
		evaluate(g, v, &v->priv[__builtin_ctz(check)]);
	for (; spi_check; spi_check &= spi_check - 1)
		evaluate(g, v, &g->spis[__builtin_ctz(spi_check)]);
	fill(g, v);
}

void vgic_maintenance(struct vgic *g, unsigned int vcpu)
{
	struct vgic_vcpu *v = &g->vcpu[vcpu];

	eoi_maintenance(g, v);
	if (v->queue)
		fill(g, v); /* refills from the queue, underflow off once it is empty */
	else
		vgic_hw_underflow(false);
}

void vgic_set_line(struct vgic *g, uint32_t intid, bool level)
{
	int slot = vline_slot(g->spis, g->spi_count, intid);
	struct vgic_irq *irq;
	struct vgic_vcpu *v;

	if (slot < 0)
		return;
	irq = &g->spis[slot];
	__atomic_store_n(&irq->line, level, __ATOMIC_RELEASE);
	v = &g->vcpu[__atomic_load_n(&irq->target, __ATOMIC_ACQUIRE)];
	__atomic_or_fetch(&v->spi_recheck, BIT(irq - g->spis), __ATOMIC_RELEASE);
	if (v->pcpu == vgic_hw_cpu())
		vgic_sync(g, (unsigned int)(v - g->vcpu));
	else
		vgic_hw_kick(v->pcpu);
}

/*
 * An SGI to the sending vCPU itself is made pending at once on this CPU
 * (sgi_pend(): straight into a list register when one is free). One to
 * another vCPU is left in its sgi_from word with a kick; its CPU takes it
 * in vgic_sync().
 */
void vgic_send_sgi(struct vgic *g, unsigned int from, uint32_t sgi, uint32_t targets)
{
	uint32_t others = targets & ~(uint32_t)BIT(from);

	if (sgi >= VGIC_SGI_COUNT)
		return;
	for (uint32_t m = others; m; m &= m - 1)
		__atomic_or_fetch(&g->vcpu[__builtin_ctz(m)].sgi_from[from], (uint32_t)BIT(sgi),
				  __ATOMIC_RELEASE);
	for (uint32_t m = others; m; m &= m - 1)
		vgic_hw_kick(g->vcpu[__builtin_ctz(m)].pcpu);
	if (targets & BIT(from))
		sgi_pend(g, &g->vcpu[from], &g->vcpu[from].priv[sgi], from); /* to itself: no physical IPI */
}

/* ------------------------------------------------------------ register semantics */

/* Register accesses come from vCPU g->self (set by vgic_mmio() under g->lock). */
static unsigned int self_of(const struct vgic *g)
{
	return g->self;
}

/*
 * Pending and active as far as the hypervisor can tell: from the list
 * register when @irq is in one of the accessing vCPU's (its own CPU), else
 * the state kept in software.
 */
static uint8_t live_state(const struct vgic *g, const struct vgic_irq *irq)
{
	const struct vgic_vcpu *v = &g->vcpu[g->self];
	uint64_t lr;

	if (irq->lr == VGIC_NO_LR || v->lr_irq[irq->lr] != irq)
		return irq->state;
	if (vgic_hw_elrsr() & BIT(irq->lr))
		return 0; /* finished; retired at the next sync */
	lr = vgic_hw_lr_read(irq->lr);
	return (uint8_t)((g->ops->lr_pending(lr) ? VGIC_STATE_PENDING : 0) |
			 (g->ops->lr_active(lr) ? VGIC_STATE_ACTIVE : 0));
}

uint32_t vgic_bits_read(struct vgic *g, unsigned int vcpu, uint32_t first, enum vgic_bit what)
{
	uint32_t v = 0;

	for (unsigned int i = 0; i < 32; i++) {
		const struct vgic_irq *irq = vgic_irq_of(g, vcpu, first + i);
		bool bit = false;

		if (!irq)
			continue;
		if (what == VGIC_BIT_ENABLE)
			bit = irq->flags & VGIC_IRQ_ENABLED;
		else if (what == VGIC_BIT_GROUP)
			bit = irq->flags & VGIC_IRQ_GROUP1;
		else if (what == VGIC_BIT_ACTIVE)
			bit = live_state(g, irq) & VGIC_STATE_ACTIVE;
		else
			bit = (live_state(g, irq) & VGIC_STATE_PENDING) ||
			      ((irq->flags & VGIC_IRQ_HW) && irq->intid >= VGIC_SPI_FIRST &&
			       vgic_hw_irq_is_pending(irq->pintid));
		v |= (uint32_t)bit << i;
	}
	return v;
}

static void write_enable(struct vgic *g, struct vgic_irq *irq, bool set)
{
	if (set)
		__atomic_or_fetch(&irq->flags, VGIC_IRQ_ENABLED, __ATOMIC_RELAXED);
	else
		__atomic_and_fetch(&irq->flags, (uint8_t)~VGIC_IRQ_ENABLED, __ATOMIC_RELAXED);
	if (irq->intid >= VGIC_SPI_FIRST && (irq->flags & VGIC_IRQ_HW))
		vgic_hw_irq_enable(irq->pintid, set); /* the physical SPI follows the virtual enable */
	recheck(g, self_of(g), where(irq), irq);
}

/*
 * GICD_ISPENDR / ICPENDR. Clearing reaches the list register or queue of the
 * vCPU holding the interrupt; for a hardware-backed one the instance EL2
 * already took is deactivated, so a level source still asserted is pending
 * again at once, as a level-sensitive interrupt is (IHI 0069 4.1.2).
 */
static void write_pending(struct vgic *g, struct vgic_irq *irq, bool set)
{
	if (irq->flags & VGIC_IRQ_VLINE)
		return; /* its line alone says whether it is pending */
	if (irq->intid >= VGIC_SPI_FIRST && (irq->flags & VGIC_IRQ_HW)) {
		vgic_hw_irq_pending(irq->pintid, set); /* set: it arrives as a physical interrupt */
		if (!set)
			request(g, irq, VGIC_REQ_CLEAR_PENDING);
		return;
	}
	if (irq->intid < VGIC_SGI_COUNT && set) {
		vgic_send_sgi(g, self_of(g), irq->intid, (uint32_t)BIT(irq->vcpu));
		return;
	}
	if (!set) {
		request(g, irq, VGIC_REQ_CLEAR_PENDING);
		return;
	}
	if (irq->lr != VGIC_NO_LR)
		return; /* already in a list register: pending, or active and ended by the guest first */
	__atomic_or_fetch(&irq->state, VGIC_STATE_PENDING, __ATOMIC_RELAXED);
	recheck(g, self_of(g), where(irq), irq);
}

void vgic_bits_write(struct vgic *g, unsigned int vcpu, uint32_t first, enum vgic_bit what, uint32_t v,
		     bool set)
{
	for (uint32_t m = v; m; m &= m - 1) {
		struct vgic_irq *irq = vgic_irq_of(g, vcpu, first + (uint32_t)__builtin_ctz(m));

		if (!irq)
			continue; /* not this cell's: no effect */
		if (what == VGIC_BIT_ENABLE)
			write_enable(g, irq, set);
		else if (what == VGIC_BIT_PENDING)
			write_pending(g, irq, set);
		else if (what == VGIC_BIT_ACTIVE) /* GICD_ISACTIVER / ICACTIVER */
			request(g, irq, set ? VGIC_REQ_SET_ACTIVE : VGIC_REQ_CLEAR_ACTIVE);
	}
}

void vgic_group_write(struct vgic *g, unsigned int vcpu, uint32_t first, uint32_t v)
{
	for (unsigned int i = 0; i < 32; i++) {
		struct vgic_irq *irq = vgic_irq_of(g, vcpu, first + i);

		if (!irq)
			continue;
		if (v & BIT(i))
			irq->flags |= VGIC_IRQ_GROUP1;
		else
			irq->flags &= (uint8_t)~VGIC_IRQ_GROUP1;
		refresh_lr_base(g, irq);
	}
}

uint64_t vgic_prio_read(struct vgic *g, unsigned int vcpu, uint32_t first, unsigned int count)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < count; i++) {
		const struct vgic_irq *irq = vgic_irq_of(g, vcpu, first + i);

		if (irq)
			v |= (uint64_t)irq->prio << (8 * i);
	}
	return v;
}

void vgic_prio_write(struct vgic *g, unsigned int vcpu, uint32_t first, unsigned int count, uint64_t v)
{
	for (unsigned int i = 0; i < count; i++) {
		struct vgic_irq *irq = vgic_irq_of(g, vcpu, first + i);

		if (irq) {
			irq->prio = (uint8_t)((v >> (8 * i)) & VGIC_PRIO_MASK);
			refresh_lr_base(g, irq);
		}
	}
}

#define ICFGR_EDGE 2U /* of each two-bit field */

uint32_t vgic_cfg_read(struct vgic *g, unsigned int vcpu, uint32_t first)
{
	uint32_t v = 0;

	for (unsigned int i = 0; i < 16; i++) {
		const struct vgic_irq *irq = vgic_irq_of(g, vcpu, first + i);

		if (irq && (irq->flags & VGIC_IRQ_EDGE))
			v |= ICFGR_EDGE << (2 * i);
	}
	return v;
}

void vgic_cfg_write(struct vgic *g, unsigned int vcpu, uint32_t first, uint32_t v)
{
	if (first < VGIC_SPI_FIRST)
		return; /* SGIs are edge, the timer PPIs level: read-only */
	for (unsigned int i = 0; i < 16; i++) {
		struct vgic_irq *irq = vgic_irq_of(g, vcpu, first + i);
		bool edge = (v >> (2 * i)) & ICFGR_EDGE;

		if (!irq || irq->intid < VGIC_SPI_FIRST)
			continue; /* SGIs are edge, the timer PPIs level: read-only */
		if (irq->flags & VGIC_IRQ_VLINE)
			continue; /* a virtual line: level-triggered only */
		if (edge)
			irq->flags |= VGIC_IRQ_EDGE;
		else
			irq->flags &= (uint8_t)~VGIC_IRQ_EDGE;
		vgic_hw_irq_config(irq->pintid, edge);
	}
}

void vgic_route(struct vgic *g, uint32_t intid, unsigned int target)
{
	struct vgic_irq *irq = intid >= VGIC_SPI_FIRST ? vgic_irq_of(g, 0, intid) : NULL;

	if (!irq || target >= g->vcpu_count)
		return; /* only the cell's own SPIs, only to its own vCPUs */
	if (irq->target == target)
		return;
	__atomic_store_n(&irq->target, (uint8_t)target, __ATOMIC_RELEASE);
	if (irq->flags & VGIC_IRQ_HW) {
		vgic_hw_irq_route(irq->pintid, g->vcpu[target].pcpu);
		return; /* a pending one EL2 took stays with the vCPU that took it */
	}
	/*
	 * An emulated SPI waiting in the old vCPU's queue moves to the new one
	 * (the old vCPU's CPU takes it out, evaluate()); one in a list register
	 * there is in flight and stays until the guest has taken it.
	 */
	recheck(g, g->self, where(irq), irq);
}

void vgic_ctlr_write(struct vgic *g, uint32_t enables)
{
	uint32_t mask = VGIC_CTLR_ENABLE_GRP0 | VGIC_CTLR_ENABLE_GRP1;

	g->ctlr = enables & mask;
	/* One store of the whole register: vgic_mmio() reads it with no lock. */
	__atomic_store_n(&g->ident[VGIC_IDENT_CTLR], (g->ident[VGIC_IDENT_CTLR] & ~mask) | g->ctlr,
			 __ATOMIC_RELAXED);
	/* Every interrupt may have become deliverable, or stopped being so. */
	for (unsigned int v = 0; v < g->vcpu_count; v++) {
		__atomic_or_fetch(&g->vcpu[v].recheck, ~0U, __ATOMIC_RELEASE);
		__atomic_or_fetch(&g->vcpu[v].spi_recheck, BIT(g->spi_count) - 1, __ATOMIC_RELEASE);
		if (v == g->self)
			vgic_sync(g, v);
		else
			vgic_hw_kick(g->vcpu[v].pcpu);
	}
}

#define VGIC_REFUSALS_LOGGED 8

void vgic_refuse(struct vgic *g, unsigned int vcpu, uint64_t ipa, bool write, const char *why)
{
	if (++g->refused > VGIC_REFUSALS_LOGGED)
		return; /* a guest looping on a bad access must not flood the console */
	if (g->refused == VGIC_REFUSALS_LOGGED)
		log_warn("cell '%s': further refused GIC accesses are not logged", g->name);
	log_warn("cell '%s' vCPU %u: GIC %s at IPA 0x%llx ignored: %s", g->name, vcpu,
		 write ? "write" : "read", (unsigned long long)ipa, why);
}

bool vgic_mmio_slow(struct vgic *g, unsigned int vcpu, uint64_t ipa, bool write, unsigned int size,
		    uint64_t *val)
{
	bool handled;

	if (ipa - g->gicd_ipa >= VGIC_GICD_SIZE &&
	    (g->ops->version != GIC_V3 || ipa - g->gicr_ipa >= VGIC_GICR_FRAME * g->vcpu_count))
		return false;
	if (size == 0)
		return true; /* only asked whether it is emulated */
	if (ipa - g->gicd_ipa == g->ops->pidr2_off && size == 4 && !write) {
		*val = g->ident[VGIC_IDENT_PIDR2]; /* constant: no lock (vgic_mmio()) */
		return true;
	}
	if (g->ops->sgir_write && ipa - g->gicd_ipa == g->ops->sgir_off && size == 4) {
		/*
		 * Sending an SGI takes no lock (vgic_send_sgi()): other vCPUs get
		 * it through their atomic sgi_from words and a kick, the sender's
		 * own list registers and queue are touched only on its own CPU.
		 */
		if (write)
			g->ops->sgir_write(g, vcpu, (uint32_t)*val);
		else
			*val = 0; /* write-only */
		return true;
	}
	spin_lock(&g->lock);
	g->self = vcpu;
	handled = g->ops->mmio(g, vcpu, ipa, write, size, val);
	spin_unlock(&g->lock);
	return handled;
}
