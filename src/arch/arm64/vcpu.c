// SPDX-License-Identifier: MIT
/*
 * Entering a cell's vCPU and handling what it traps. Each physical CPU runs
 * exactly one vCPU, so the EL1 state lives in the real registers and is
 * never switched. The trap configuration (HCR_EL2 and friends) is
 * documented in docs/cells.md; in short:
 *   VM     stage-2 translation on
 *   RW     EL1 is AArch64
 *   IMO/FMO/AMO  physical IRQ/FIQ/SError go to EL2 (the GIC stays ours)
 *   TSC    SMC traps: denied unless the cell has smc-passthrough
 *   TSW    data-cache set/way operations trap: they could reach beyond the
 *          cell, so Septum performs them as clean+invalidate
 *   TACR, TIDCP  auxiliary control and IMPLEMENTATION DEFINED registers trap
 *   BSU=IS, FB   barriers and TLB/cache maintenance broadcast inner-shareable
 *   TERR   RAS error records trap (when implemented)
 *   API/APK  pointer authentication runs natively (when implemented)
 *   WFI/WFE run natively (TWI = TWE = 0): each vCPU owns its core.
 */
#include <asm/frame.h>
#include <asm/gic.h>
#include <asm/stage2.h>
#include <asm/sysreg.h>
#include <septum/arch.h>
#include <septum/cell.h>
#include <septum/log.h>
#include <septum/percpu.h>
#include <septum/psci.h>
#include <septum/string.h>
#include <septum/vgic.h>
#include <septum/vpsci.h>

#define HCR_VM BIT(0)
#define HCR_FMO BIT(3)
#define HCR_IMO BIT(4)
#define HCR_AMO BIT(5)
#define HCR_FB BIT(9)
#define HCR_BSU_IS (1ULL << 10)
#define HCR_TSC BIT(19)
#define HCR_TIDCP BIT(20)
#define HCR_TACR BIT(21)
#define HCR_TSW BIT(22)
#define HCR_RW BIT(31)
#define HCR_TERR BIT(36) /* RAS error record registers trap (FEAT_RAS) */
#define HCR_APK BIT(40)	 /* pointer-authentication keys: the guest's own */
#define HCR_API BIT(41)	 /* pointer-authentication instructions: no trap */
#define HCR_GUEST                                                                                      \
	(HCR_VM | HCR_FMO | HCR_IMO | HCR_AMO | HCR_FB | HCR_BSU_IS | HCR_TSC | HCR_TIDCP | HCR_TACR | \
	 HCR_TSW | HCR_RW)

#define CNTHCTL_EL1PCTEN BIT(0) /* EL1 reads the physical counter */
#define CNTHCTL_EL1PCEN BIT(1)	/* EL1 uses the physical timer */
#define MDCR_HPMN_SHIFT 0
#define MDCR_HPMD BIT(17) /* no PMU counting at EL2 (FEAT_PMUv3p1) */
/* ID register fields the trap configuration depends on. */
#define ID_FIELD(reg, shift) (((reg) >> (shift)) & 0xf)
#define ID_AA64PFR0_RAS_SHIFT 28
#define ID_AA64DFR0_PMUVER_SHIFT 8
#define PMUVER_V3P1 4
#define PMUVER_IMPDEF 0xf
#define ID_AA64ISAR1_APA_SHIFT 4
#define ID_AA64ISAR1_API_SHIFT 8
#define PMCR_N_SHIFT 11
#define PMCR_N_MASK 0x1f
/* SCTLR_EL1 at reset for a guest: RES1 bits only, MMU and caches off. */
#define SCTLR_EL1_RES1 0x30d00800ULL
#define MPIDR_RES1 BIT(31)
/* SPSR for EL1h with D, A, I, F masked. */
#define SPSR_EL1H_MASKED 0x3c5ULL

/* ESR_EL2 ISS fields of a data abort (Arm ARM D19, ISS encoding for EC 0x24). */
#define ISS_DA_ISV BIT(24)
#define ISS_DA_SAS_SHIFT 22
#define ISS_DA_SSE BIT(21)
#define ISS_DA_SRT_SHIFT 16
#define ISS_DA_SF BIT(15)
#define ISS_DA_WNR BIT(6)
#define ISS_DA_S1PTW BIT(7)
#define ISS_IL BIT(25)
/* HPFAR_EL2.FIPA [43:4] = IPA[51:12]. */
#define HPFAR_FIPA_MASK 0x00000fffffffff0ULL

/* ISS of a trapped system instruction (EC 0x18). */
#define ISS_SYS_DIR_READ BIT(0)
#define ISS_SYS_RT_SHIFT 5
/* Op0/Op2/Op1/CRn/CRm of DC ISW, DC CSW, DC CISW (encoded as in ESR.ISS). */
#define SYS_ENC(op0, op1, crn, crm, op2) \
	(((op0) << 20) | ((op2) << 17) | ((op1) << 14) | ((crn) << 10) | ((crm) << 1))
#define ISS_SYS_MASK SYS_ENC(3, 7, 15, 15, 7)
#define SYS_DC_ISW SYS_ENC(1, 0, 7, 6, 2)
#define SYS_DC_CSW SYS_ENC(1, 0, 7, 10, 2)
#define SYS_DC_CISW SYS_ENC(1, 0, 7, 14, 2)
/* GICv3 SGI generation (IHI 0069 12.2.20-22), trapped by HCR_EL2.IMO/FMO. */
#define SYS_ICC_SGI1R SYS_ENC(3, 0, 12, 11, 5)
#define SYS_ICC_ASGI1R SYS_ENC(3, 0, 12, 11, 6)
#define SYS_ICC_SGI0R SYS_ENC(3, 0, 12, 11, 7)

void trap_return(struct trap_frame *f) __noreturn;
int64_t psci_call_raw(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);

/* HCR_EL2 for guests: HCR_GUEST plus what this CPU's features call for. */
static uint64_t hcr_for_guest(void)
{
	uint64_t hcr = HCR_GUEST, isar1 = read_sysreg(id_aa64isar1_el1);

	if (ID_FIELD(read_sysreg(id_aa64pfr0_el1), ID_AA64PFR0_RAS_SHIFT))
		hcr |= HCR_TERR; /* error records are the platform's, not a cell's */
	if (ID_FIELD(isar1, ID_AA64ISAR1_APA_SHIFT) || ID_FIELD(isar1, ID_AA64ISAR1_API_SHIFT))
		hcr |= HCR_API | HCR_APK; /* EL2 uses no keys, so nothing to switch */
	return hcr;
}

/* MDCR_EL2: every PMU counter to the guest, none counting at EL2. */
static uint64_t mdcr_for_guest(void)
{
	uint64_t pmcr_n = (read_sysreg(pmcr_el0) >> PMCR_N_SHIFT) & PMCR_N_MASK;
	uint64_t pmuver = ID_FIELD(read_sysreg(id_aa64dfr0_el1), ID_AA64DFR0_PMUVER_SHIFT);

	return pmcr_n << MDCR_HPMN_SHIFT | (pmuver >= PMUVER_V3P1 && pmuver != PMUVER_IMPDEF ? MDCR_HPMD : 0);
}

void arch_vcpu_start(struct cell *c, unsigned int vcpu, uint64_t entry, uint64_t x0)
{
	struct trap_frame f;

	write_sysreg(vtcr_el2, s2_vtcr());
	write_sysreg(vttbr_el2, c->vttbr);
	isb();
	__asm__ volatile("tlbi vmalls12e1\n dsb nsh\n ic iallu\n dsb nsh" ::: "memory");
	write_sysreg(vmpidr_el2, MPIDR_RES1 | vcpu);
	write_sysreg(vpidr_el2, read_sysreg(midr_el1));
	write_sysreg(sctlr_el1, SCTLR_EL1_RES1);
	write_sysreg(cnthctl_el2, CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN);
	write_sysreg(cntvoff_el2, 0);
	write_sysreg(cntv_ctl_el0, 0); /* a fresh vCPU: no timer armed by a previous run */
	write_sysreg(cntp_ctl_el0, 0);
	if (c->vgic)
		gic_vcpu_init(); /* before HCR_EL2: the timers' PPIs reach this vCPU */
	write_sysreg(mdcr_el2, mdcr_for_guest());
	write_sysreg(hcr_el2, hcr_for_guest());
	isb();
	memset(&f, 0, sizeof(f));
	f.x[0] = x0;
	f.elr = entry;
	f.spsr = SPSR_EL1H_MASKED;
	trap_return(&f);
}

static uint64_t reg_get(const struct trap_frame *f, unsigned int r)
{
	return r == 31 ? 0 : f->x[r]; /* register 31 is XZR here */
}

static void reg_set(struct trap_frame *f, unsigned int r, uint64_t v)
{
	if (r != 31)
		f->x[r] = v;
}

static void skip_instruction(struct trap_frame *f)
{
	f->elr += (f->esr & ISS_IL) ? 4 : 2;
}

static void fault(const struct trap_frame *f, const char *what, const char *why, bool has_ipa, uint64_t ipa)
{
	struct guest_fault g = { what, why, f->esr, f->far, f->elr, ipa, has_ipa };

	cell_fault(&g);
}

static uint64_t fault_ipa(const struct trap_frame *f)
{
	return ((read_sysreg(hpfar_el2) & HPFAR_FIPA_MASK) << 8) | (f->far & 0xfff);
}

/* What an emulated load of @size bytes puts in its register: SSE sign-extends, SF = 0 is a W register. */
static uint64_t load_value(uint64_t iss, unsigned int size, uint64_t val)
{
	if ((iss & ISS_DA_SSE) && size < 8 && (val & (1ULL << (size * 8 - 1))))
		val |= ~0ULL << (size * 8);
	if (!(iss & ISS_DA_SF))
		val &= 0xffffffffULL;
	return val;
}

static void guest_data_abort(struct trap_frame *f)
{
	uint64_t iss = f->esr & ESR_ISS_MASK, ipa = fault_ipa(f), val = 0;
	bool write = iss & ISS_DA_WNR;
	unsigned int size = 1U << ((iss >> ISS_DA_SAS_SHIFT) & 3), rt = (iss >> ISS_DA_SRT_SHIFT) & 31;
	unsigned int vcpu;
	struct cell *c = cell_current(&vcpu);

	if (iss & ISS_DA_S1PTW)
		fault(f, "stage-1 table walk", "the guest's page tables are outside the cell's memory map",
		      true, ipa);
	if (!(iss & ISS_DA_ISV)) {
		if (cell_mmio(c, vcpu, ipa, write, 0, &val)) /* is it emulated at all? */
			fault(f, write ? "data abort, write" : "data abort, read",
			      "an emulated register accessed by an instruction with no syndrome (use "
			      "ldr/str)",
			      true, ipa);
		fault(f, write ? "data abort, write" : "data abort, read", "outside the cell's memory map",
		      true, ipa);
	}
	if (write)
		val = reg_get(f, rt);
	if (!cell_mmio(c, vcpu, ipa, write, size, &val))
		fault(f, write ? "data abort, write" : "data abort, read", "outside the cell's memory map",
		      true, ipa);
	if (!write)
		reg_set(f, rt, load_value(iss, size, val));
	skip_instruction(f);
}

static void guest_inst_abort(struct trap_frame *f)
{
	fault(f, "instruction fetch", "outside the cell's executable memory", true, fault_ipa(f));
}

/* HVC and SMC: PSCI and SMCCC architecture calls go to the core (docs/hypercalls.md). */
static void guest_hvc(struct trap_frame *f)
{
	f->x[0] = cell_psci_owns(f->x[0]) ? cell_psci(f->x) : (uint64_t)SMCCC_RET_NOT_SUPPORTED;
}

static void guest_smc(struct trap_frame *f)
{
	struct cell *c = cell_current(NULL);

	skip_instruction(f); /* a trapped SMC returns to itself; CPU_ON etc. may not return */
	if (cell_psci_owns(f->x[0]))
		f->x[0] = cell_psci(f->x);
	else if (c->cfg->smc_passthrough) /* granted: the firmware call goes through */
		f->x[0] = (uint64_t)psci_call_raw(f->x[0], f->x[1], f->x[2], f->x[3]);
	else
		f->x[0] = (uint64_t)SMCCC_RET_NOT_SUPPORTED;
}

static void guest_sysreg(struct trap_frame *f)
{
	uint64_t iss = f->esr & ESR_ISS_MASK;
	uint64_t op = iss & ISS_SYS_MASK;
	unsigned int rt = (iss >> ISS_SYS_RT_SHIFT) & 31;
	uint64_t sw = reg_get(f, rt);

	if ((op == SYS_ICC_SGI1R || op == SYS_ICC_ASGI1R || op == SYS_ICC_SGI0R) &&
	    !(iss & ISS_SYS_DIR_READ)) {
		unsigned int vcpu;
		struct cell *c = cell_current(&vcpu);

		if (!c->vgic || !c->vgic->ops->sgi_sysreg)
			fault(f, "GICv3 SGI register write", "the cell has no GICv3 virtual GIC", false, 0);
		c->vgic->ops->sgi_sysreg(c->vgic, vcpu, sw);
		skip_instruction(f);
		return;
	}
	if (op == SYS_DC_ISW || op == SYS_DC_CSW || op == SYS_DC_CISW) {
		/* Never invalidate without cleaning: other cells' data may be in this line. */
		__asm__ volatile("dc cisw, %0" : : "r"(sw) : "memory");
		skip_instruction(f);
		return;
	}
	if (!(iss & ISS_SYS_DIR_READ))
		fault(f, "system register write", "not emulated by Septum", false, 0);
	/* Reads of trapped auxiliary / implementation-defined registers: 0. */
	reg_set(f, rt, 0);
	skip_instruction(f);
}

static void guest_unhandled(struct trap_frame *f)
{
	fault(f, "exception", "Septum cannot emulate this exception class", false, 0);
}

typedef void (*guest_trap_fn)(struct trap_frame *f);

#define EC_SYS64 0x18
#define EC_HVC64 0x16
#define EC_SMC64 0x17
#define EC_IABT_LOW 0x20
#define EC_DABT_LOW 0x24

/* Handled exception classes; every other one stops the cell. */
static const guest_trap_fn guest_sync[ESR_EC_MASK + 1] = {
	[EC_HVC64] = guest_hvc,		  [EC_SMC64] = guest_smc,	    [EC_SYS64] = guest_sysreg,
	[EC_IABT_LOW] = guest_inst_abort, [EC_DABT_LOW] = guest_data_abort,
};

void guest_trap(struct trap_frame *f);

void guest_trap(struct trap_frame *f)
{
	guest_trap_fn fn = guest_sync[(f->esr >> ESR_EC_SHIFT) & ESR_EC_MASK];

	(fn ? fn : guest_unhandled)(f);
}

/*
 * The short path (vectors.S sync_entry, docs/performance.md). The frame
 * holds x0-x18 and x30 only; ELR_EL2, SPSR_EL2, FAR_EL2 and HPFAR_EL2 are
 * still the trap's, in the registers. Each fast_*() handles the common
 * case of its class completely and returns true, or returns false having
 * changed nothing: then the full path (guest_trap()) handles the trap from
 * the start, including everything that reports, stops or restarts a vCPU.
 */

/* Is register @r in the short frame (x19-x29 are not; 31 is XZR)? */
static bool fast_reg(unsigned int r)
{
	return r < 19 || r >= 30;
}

static void fast_skip(uint64_t esr)
{
	write_sysreg(elr_el2, read_sysreg(elr_el2) + ((esr & ISS_IL) ? 4 : 2));
}

static const struct percpu *this_cpu(void)
{
	return (const struct percpu *)read_sysreg(tpidr_el2); /* cpu.c */
}

/*
 * HVC: the calls that need no state (vpsci_call_stateless()); that
 * includes every function ID Septum does not own, which it does not
 * implement: NOT_SUPPORTED, as guest_hvc() answers them.
 */
_Static_assert(SMCCC_RET_NOT_SUPPORTED == PSCI_RET_NOT_SUPPORTED, "one NOT_SUPPORTED");

static __attribute__((noinline)) bool fast_hvc(struct trap_frame *f)
{
	int64_t ret;

	if (!vpsci_call_stateless(f->x, &ret))
		return false;
	f->x[0] = (uint64_t)ret;
	return true;
}

/* SMC: the stateless PSCI and SMCCC calls only (passthrough and the rest: the full path). */
static __attribute__((noinline)) bool fast_smc(struct trap_frame *f, uint64_t esr)
{
	int64_t ret;

	if (!cell_psci_owns(f->x[0]) || !vpsci_call_stateless(f->x, &ret))
		return false;
	f->x[0] = (uint64_t)ret;
	fast_skip(esr); /* a trapped SMC returns to itself */
	return true;
}

/*
 * The hottest data abort, handled with no call (so guest_trap_fast() needs
 * no stack frame): a 32-bit read of the virtual distributor's GICD_CTLR,
 * TYPER or IIDR (vgic_ident_read()). False, having changed nothing, for
 * anything else.
 */
static inline __attribute__((always_inline)) bool fast_ident_read(struct trap_frame *f, uint64_t esr)
{
	const struct percpu *p = this_cpu();
	const struct vgic *g = p->cell->vgic;
	uint64_t iss = esr & ESR_ISS_MASK, ipa, val;
	unsigned int rt = (iss >> ISS_DA_SRT_SHIFT) & 31;

	if ((iss & (ISS_DA_ISV | ISS_DA_S1PTW | ISS_DA_WNR)) != ISS_DA_ISV || !g || !fast_reg(rt))
		return false;
	ipa = ((read_sysreg(hpfar_el2) & HPFAR_FIPA_MASK) << 8) | (read_sysreg(far_el2) & 0xfff);
	if (!vgic_ident_read(g, ipa, 1U << ((iss >> ISS_DA_SAS_SHIFT) & 3), &val))
		return false;
	reg_set(f, rt, load_value(iss, sizeof(uint32_t), val));
	fast_skip(esr);
	return true;
}

/* A data abort with a valid syndrome on a register the cell emulates. */
static __attribute__((noinline)) bool fast_data_abort(struct trap_frame *f, uint64_t esr)
{
	const struct percpu *p = this_cpu();
	uint64_t iss = esr & ESR_ISS_MASK, ipa, val = 0;
	unsigned int size = 1U << ((iss >> ISS_DA_SAS_SHIFT) & 3), rt = (iss >> ISS_DA_SRT_SHIFT) & 31;
	bool write = iss & ISS_DA_WNR;

	if ((iss & (ISS_DA_ISV | ISS_DA_S1PTW)) != ISS_DA_ISV || !fast_reg(rt))
		return false;
	ipa = ((read_sysreg(hpfar_el2) & HPFAR_FIPA_MASK) << 8) | (read_sysreg(far_el2) & 0xfff);
	if (write)
		val = reg_get(f, rt);
	if (!cell_mmio(p->cell, p->vcpu, ipa, write, size, &val))
		return false; /* nothing done: the full path reports it */
	if (!write)
		reg_set(f, rt, load_value(iss, size, val));
	fast_skip(esr);
	return true;
}

/* A GICv3 SGI register write, by a cell with a GICv3 virtual GIC. */
static __attribute__((noinline)) bool fast_sysreg(struct trap_frame *f, uint64_t esr)
{
	const struct percpu *p = this_cpu();
	uint64_t iss = esr & ESR_ISS_MASK, op = iss & ISS_SYS_MASK;
	unsigned int rt = (iss >> ISS_SYS_RT_SHIFT) & 31;
	struct vgic *g = p->cell->vgic;

	if ((op != SYS_ICC_SGI1R && op != SYS_ICC_ASGI1R && op != SYS_ICC_SGI0R) ||
	    (iss & ISS_SYS_DIR_READ) || !fast_reg(rt) || !g || !g->ops->sgi_sysreg)
		return false;
	g->ops->sgi_sysreg(g, p->vcpu, reg_get(f, rt));
	fast_skip(esr);
	return true;
}

bool guest_trap_fast(struct trap_frame *f, uint64_t esr);

/* Each class's handler is a tail call: no stack frame here. */
bool guest_trap_fast(struct trap_frame *f, uint64_t esr)
{
	switch ((esr >> ESR_EC_SHIFT) & ESR_EC_MASK) {
	case EC_HVC64:
		return fast_hvc(f);
	case EC_SMC64:
		return fast_smc(f, esr);
	case EC_DABT_LOW:
		return fast_ident_read(f, esr) || fast_data_abort(f, esr);
	case EC_SYS64:
		return fast_sysreg(f, esr);
	default:
		return false;
	}
}
