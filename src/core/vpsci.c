// SPDX-License-Identifier: MIT
/*
 * PSCI 1.1 for cells, the pure part: function decoding and the vCPU power
 * state machine, with no CPU access so that tests/unit/test_vpsci.c runs
 * it on the host. Function IDs, arguments and return codes follow Arm
 * DEN 0022 (PSCI) and DEN 0028 (SMCCC); what Septum supports, and why, is
 * in docs/hypercalls.md. src/core/cell_psci.c calls it under the cell's
 * power lock and performs the actions.
 */
#include <septum/psci.h>
#include <septum/vpsci.h>

#define AFF_BITS 8
#define AFF0_MASK 0xffULL
#define AFF_LEVEL_MAX 3
#define INSN_ALIGN 4

/* MPIDR-format bits of affinity levels @level and above (Aff3 is [39:32]). */
static uint64_t aff_mask_from(unsigned int level)
{
	uint64_t m = 0;

	for (unsigned int l = level; l <= AFF_LEVEL_MAX; l++)
		m |= AFF0_MASK << (l == AFF_LEVEL_MAX ? 32 : l * AFF_BITS);
	return m;
}

bool vpsci_owns(uint32_t fn)
{
	unsigned int owner = (fn >> SMCCC_OWNER_SHIFT) & SMCCC_OWNER_MASK;

	if (!(fn & SMCCC_FAST_CALL))
		return false;
	if (owner == SMCCC_OWNER_ARCH)
		return true;
	return owner == SMCCC_OWNER_STANDARD && (fn & SMCCC_FUNC_MASK) < PSCI_FN_COUNT;
}

/* The PSCI and SMCCC functions Septum implements for cells. */
static bool implemented(uint32_t fn)
{
	switch (fn) {
	case PSCI_FN_VERSION:
	case PSCI_FN_CPU_SUSPEND:
	case PSCI_FN64_CPU_SUSPEND:
	case PSCI_FN_CPU_OFF:
	case PSCI_FN_CPU_ON:
	case PSCI_FN64_CPU_ON:
	case PSCI_FN_AFFINITY_INFO:
	case PSCI_FN64_AFFINITY_INFO:
	case PSCI_FN_MIGRATE_INFO_TYPE:
	case PSCI_FN_SYSTEM_OFF:
	case PSCI_FN_SYSTEM_RESET:
	case PSCI_FN_FEATURES:
	case SMCCC_FN_VERSION:
	case SMCCC_FN_ARCH_FEATURES:
		return true;
	default:
		return false;
	}
}

const char *vpsci_fn_name(uint32_t fn)
{
	switch (fn) {
	case PSCI_FN_VERSION:
		return "PSCI_VERSION";
	case PSCI_FN_CPU_SUSPEND:
	case PSCI_FN64_CPU_SUSPEND:
		return "CPU_SUSPEND";
	case PSCI_FN_CPU_OFF:
		return "CPU_OFF";
	case PSCI_FN_CPU_ON:
	case PSCI_FN64_CPU_ON:
		return "CPU_ON";
	case PSCI_FN_AFFINITY_INFO:
	case PSCI_FN64_AFFINITY_INFO:
		return "AFFINITY_INFO";
	case PSCI_FN_MIGRATE_INFO_TYPE:
		return "MIGRATE_INFO_TYPE";
	case PSCI_FN_SYSTEM_OFF:
		return "SYSTEM_OFF";
	case PSCI_FN_SYSTEM_RESET:
		return "SYSTEM_RESET";
	case PSCI_FN_FEATURES:
		return "PSCI_FEATURES";
	case SMCCC_FN_VERSION:
		return "SMCCC_VERSION";
	case SMCCC_FN_ARCH_FEATURES:
		return "SMCCC_ARCH_FEATURES";
	default:
		return NULL;
	}
}

const char *psci_error_name(int64_t err)
{
	switch (err) {
	case PSCI_RET_SUCCESS:
		return "SUCCESS";
	case PSCI_RET_NOT_SUPPORTED:
		return "NOT_SUPPORTED";
	case PSCI_RET_INVALID_PARAMETERS:
		return "INVALID_PARAMETERS";
	case PSCI_RET_DENIED:
		return "DENIED";
	case PSCI_RET_ALREADY_ON:
		return "ALREADY_ON";
	case PSCI_RET_ON_PENDING:
		return "ON_PENDING";
	case PSCI_RET_INTERNAL_FAILURE:
		return "INTERNAL_FAILURE";
	case PSCI_RET_NOT_PRESENT:
		return "NOT_PRESENT";
	case PSCI_RET_DISABLED:
		return "DISABLED";
	case PSCI_RET_INVALID_ADDRESS:
		return "INVALID_ADDRESS";
	default:
		return "unknown PSCI error";
	}
}

/* The vCPU whose MPIDR is @mpidr (Aff0 = index, Aff1-3 = 0), or -1. */
static int target_vcpu(const struct vpsci *p, uint64_t mpidr)
{
	if (mpidr & ~AFF0_MASK)
		return -1;
	return mpidr < p->vcpu_count ? (int)mpidr : -1;
}

/* An entry point must be an aligned instruction in the cell's executable memory. */
static bool entry_ok(const struct cfg_cell *cc, uint64_t entry)
{
	if (entry % INSN_ALIGN)
		return false;
	for (unsigned int i = 0; i < cc->mem_count; i++) {
		uint64_t base = ipa_val(cc->mem[i].ipa);

		if ((cc->mem[i].flags & CFG_MEM_EXEC) && entry >= base &&
		    entry - base <= cc->mem[i].size - INSN_ALIGN)
			return true;
	}
	return false;
}

static int64_t cpu_on(struct vpsci *p, const struct cfg_cell *cc, uint64_t target, uint64_t entry,
		      uint64_t context, struct vpsci_result *r)
{
	int v = target_vcpu(p, target);

	if (v < 0)
		return PSCI_RET_INVALID_PARAMETERS;
	if (p->vcpu[v].state == VPSCI_ON)
		return PSCI_RET_ALREADY_ON;
	if (p->vcpu[v].state == VPSCI_ON_PENDING)
		return PSCI_RET_ON_PENDING;
	if (!entry_ok(cc, entry))
		return PSCI_RET_INVALID_ADDRESS;
	p->vcpu[v].state = VPSCI_ON_PENDING;
	p->vcpu[v].entry = entry;
	p->vcpu[v].context = context;
	r->target = (unsigned int)v;
	return PSCI_RET_SUCCESS;
}

static int64_t affinity_info(const struct vpsci *p, uint64_t target, uint64_t level)
{
	bool on = false, pending = false;

	if (level > AFF_LEVEL_MAX || (target & ~PSCI_MPIDR_AFF_MASK))
		return PSCI_RET_INVALID_PARAMETERS;
	if (level == 0) {
		int v = target_vcpu(p, target);

		if (v < 0)
			return PSCI_RET_INVALID_PARAMETERS;
		on = p->vcpu[v].state == VPSCI_ON;
		pending = p->vcpu[v].state == VPSCI_ON_PENDING;
	} else {
		/* Every vCPU has Aff1-Aff3 = 0: one instance per level holds them all. */
		if (target & aff_mask_from((unsigned int)level))
			return PSCI_RET_INVALID_PARAMETERS;
		for (unsigned int v = 0; v < p->vcpu_count; v++) {
			on |= p->vcpu[v].state == VPSCI_ON;
			pending |= p->vcpu[v].state == VPSCI_ON_PENDING;
		}
	}
	return on ? PSCI_AFF_ON : pending ? PSCI_AFF_ON_PENDING : PSCI_AFF_OFF;
}

/* Power states are accepted in the original format (PSCI_FEATURES says so). */
static int64_t cpu_suspend(const struct cfg_cell *cc, uint64_t state, uint64_t entry)
{
	if (state > 0xffffffffULL || (state & PSCI_POWER_STATE_RESERVED))
		return PSCI_RET_INVALID_PARAMETERS;
	if ((state & PSCI_POWER_STATE_TYPE_POWERDOWN) && !entry_ok(cc, entry))
		return PSCI_RET_INVALID_ADDRESS;
	return PSCI_RET_SUCCESS;
}

static int64_t features(uint64_t fn)
{
	/* CPU_SUSPEND's flags are 0: original power_state format, no OS-initiated mode. */
	return fn <= 0xffffffffULL && implemented((uint32_t)fn) ? PSCI_RET_SUCCESS : PSCI_RET_NOT_SUPPORTED;
}

static int64_t arch_features(uint64_t fn)
{
	return fn == SMCCC_FN_VERSION || fn == SMCCC_FN_ARCH_FEATURES ? SMCCC_RET_SUCCESS
								      : SMCCC_RET_NOT_SUPPORTED;
}

/* SMC32/HVC32 calls take 32-bit arguments: the upper halves are ignored (DEN 0028, 2.6). */
static uint64_t arg_mask(uint32_t fn)
{
	return (fn & SMCCC_SMC64) ? ~0ULL : 0xffffffffULL;
}

bool vpsci_call_stateless(const uint64_t x[4], int64_t *ret)
{
	uint32_t fn = (uint32_t)x[0];

	if (x[0] > 0xffffffffULL || !implemented(fn)) {
		*ret = PSCI_RET_NOT_SUPPORTED;
		return true;
	}
	switch (fn) {
	case PSCI_FN_VERSION:
		*ret = PSCI_VERSION_1_1;
		return true;
	case SMCCC_FN_VERSION:
		*ret = SMCCC_VERSION_1_1;
		return true;
	case PSCI_FN_FEATURES:
		*ret = features(x[1] & arg_mask(fn));
		return true;
	case SMCCC_FN_ARCH_FEATURES:
		*ret = arch_features(x[1] & arg_mask(fn));
		return true;
	case PSCI_FN_MIGRATE_INFO_TYPE:
		*ret = PSCI_MIGRATE_TOS_NOT_PRESENT;
		return true;
	default:
		return false;
	}
}

enum vpsci_action vpsci_call(struct vpsci *p, const struct cfg_cell *cc, unsigned int vcpu,
			     const uint64_t x[4], struct vpsci_result *r)
{
	uint32_t fn = (uint32_t)x[0];
	uint64_t mask = arg_mask(fn);
	uint64_t a1 = x[1] & mask, a2 = x[2] & mask, a3 = x[3] & mask;

	r->ret = PSCI_RET_NOT_SUPPORTED;
	r->target = vcpu;
	if (vcpu >= p->vcpu_count || vpsci_call_stateless(x, &r->ret))
		return VPSCI_RETURN;
	switch (fn) {
	case PSCI_FN_CPU_ON:
	case PSCI_FN64_CPU_ON:
		r->ret = cpu_on(p, cc, a1, a2, a3, r);
		return r->ret == PSCI_RET_SUCCESS ? VPSCI_WAKE : VPSCI_RETURN;
	case PSCI_FN_AFFINITY_INFO:
	case PSCI_FN64_AFFINITY_INFO:
		r->ret = affinity_info(p, a1, a2);
		break;
	case PSCI_FN_CPU_SUSPEND:
	case PSCI_FN64_CPU_SUSPEND:
		r->ret = cpu_suspend(cc, a1, a2);
		return r->ret == PSCI_RET_SUCCESS ? VPSCI_STANDBY : VPSCI_RETURN;
	case PSCI_FN_CPU_OFF:
		p->vcpu[vcpu].state = VPSCI_OFF;
		r->ret = PSCI_RET_DENIED; /* never seen: CPU_OFF does not return */
		return VPSCI_CPU_OFF;
	case PSCI_FN_SYSTEM_OFF:
		r->ret = PSCI_RET_INTERNAL_FAILURE;
		return VPSCI_SYSTEM_OFF;
	case PSCI_FN_SYSTEM_RESET:
		r->ret = PSCI_RET_INTERNAL_FAILURE;
		return VPSCI_SYSTEM_RESET;
	default:
		break;
	}
	return VPSCI_RETURN;
}

void vpsci_all_off(struct vpsci *p)
{
	for (unsigned int v = 0; v < SEPTUM_MAX_CPUS; v++)
		p->vcpu[v].state = VPSCI_OFF;
}

void vpsci_reset(struct vpsci *p, unsigned int vcpu_count, uint64_t entry, uint64_t context)
{
	p->vcpu_count = vcpu_count < SEPTUM_MAX_CPUS ? vcpu_count : SEPTUM_MAX_CPUS;
	vpsci_all_off(p);
	if (!p->vcpu_count)
		return;
	p->vcpu[0].state = VPSCI_ON_PENDING;
	p->vcpu[0].entry = entry;
	p->vcpu[0].context = context;
}

bool vpsci_take_start(struct vpsci *p, unsigned int vcpu, uint64_t *entry, uint64_t *context)
{
	if (vcpu >= p->vcpu_count || p->vcpu[vcpu].state != VPSCI_ON_PENDING)
		return false;
	p->vcpu[vcpu].state = VPSCI_ON;
	*entry = p->vcpu[vcpu].entry;
	*context = p->vcpu[vcpu].context;
	return true;
}

bool vpsci_is_on(const struct vpsci *p, unsigned int vcpu)
{
	return vcpu < p->vcpu_count && p->vcpu[vcpu].state == VPSCI_ON;
}

unsigned int vpsci_active_count(const struct vpsci *p)
{
	unsigned int n = 0;

	for (unsigned int v = 0; v < p->vcpu_count; v++)
		n += p->vcpu[v].state != VPSCI_OFF;
	return n;
}
