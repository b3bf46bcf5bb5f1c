/* SPDX-License-Identifier: MIT */
/*
 * PSCI for cells, the pure part (src/core/vpsci.c): decoding a guest's
 * PSCI 1.1 or SMCCC architecture call and the per-cell vCPU power state
 * machine (OFF -> ON_PENDING -> ON -> OFF). It touches no CPU state: the
 * caller (src/core/cell_psci.c) holds the cell's power lock and carries
 * out the returned action (wake a vCPU, wait, stop or restart the cell).
 * The interface is documented in docs/hypercalls.md.
 */
#ifndef SEPTUM_VPSCI_H
#define SEPTUM_VPSCI_H

#include <septum/build_config.h>
#include <septum/cfg.h>
#include <septum/types.h>

enum vpsci_vcpu_state {
	VPSCI_OFF,	  /* waiting in the hypervisor for CPU_ON */
	VPSCI_ON_PENDING, /* CPU_ON accepted, not entered yet */
	VPSCI_ON,	  /* running the guest */
};

struct vpsci_vcpu {
	int state; /* enum vpsci_vcpu_state */
	uint64_t entry, context;
};

/* One cell's vCPUs. The guest's MPIDR_EL1 is its vCPU index (Aff0). */
struct vpsci {
	unsigned int vcpu_count;
	struct vpsci_vcpu vcpu[SEPTUM_MAX_CPUS];
};

/* What the caller must do once vpsci_call() returns. */
enum vpsci_action {
	VPSCI_RETURN,	    /* return result.ret to the guest */
	VPSCI_WAKE,	    /* wake vCPU result.target, then return result.ret */
	VPSCI_STANDBY,	    /* wait for an interrupt (WFI), then return result.ret */
	VPSCI_CPU_OFF,	    /* the caller's vCPU is now off: wait for CPU_ON */
	VPSCI_SYSTEM_OFF,   /* stop the whole cell */
	VPSCI_SYSTEM_RESET, /* restart the whole cell from its payloads */
};

struct vpsci_result {
	int64_t ret;	     /* x0 for the guest */
	unsigned int target; /* VPSCI_WAKE: the vCPU to wake */
};

/* Is SMCCC function ID @fn one Septum answers (PSCI or Arm architecture call)? */
bool vpsci_owns(uint32_t fn);

/*
 * The calls whose answer depends on no state (PSCI_VERSION, FEATURES,
 * MIGRATE_INFO_TYPE, the SMCCC version and features, and every function
 * ID Septum does not implement): true and x0 for the guest in @ret, with
 * no lock, for any vCPU of any cell; false for the others (vpsci_call()).
 * vpsci_call() answers these the same way.
 */
bool vpsci_call_stateless(const uint64_t x[4], int64_t *ret);

/*
 * vCPU @vcpu of the cell configured by @cc calls x[0] (function ID) with
 * x[1]..x[3]: update @p, fill @r, say what to do next.
 */
enum vpsci_action vpsci_call(struct vpsci *p, const struct cfg_cell *cc, unsigned int vcpu,
			     const uint64_t x[4], struct vpsci_result *r);

/* Every vCPU off except vCPU 0, pending at @entry with x0 = @context. */
void vpsci_reset(struct vpsci *p, unsigned int vcpu_count, uint64_t entry, uint64_t context);
/* Every vCPU off (SYSTEM_OFF, SYSTEM_RESET in progress). */
void vpsci_all_off(struct vpsci *p);

/* If vCPU @vcpu is ON_PENDING: make it ON, give its entry and context, true. */
bool vpsci_take_start(struct vpsci *p, unsigned int vcpu, uint64_t *entry, uint64_t *context);
/* Is vCPU @vcpu ON (running the guest)? */
bool vpsci_is_on(const struct vpsci *p, unsigned int vcpu);
/* How many vCPUs are ON or ON_PENDING. */
unsigned int vpsci_active_count(const struct vpsci *p);

/* "CPU_ON" for function ID @fn, for log lines ("0x86000001" style if unknown: NULL). */
const char *vpsci_fn_name(uint32_t fn);

#endif
