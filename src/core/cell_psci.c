// SPDX-License-Identifier: MIT
/*
 * PSCI for cells, the run-time part: vpsci.c decides, this file acts on
 * the CPUs. A vCPU that is off waits in the hypervisor (WFI, woken by the
 * kick SGI) until CPU_ON makes it pending; SYSTEM_OFF stops the calling
 * cell; SYSTEM_RESET stops it on all its CPUs, clears its memory, copies
 * its payloads again from where the bundle or boot loader left them (never
 * inside any cell's memory, so they are still pristine) and starts vCPU 0
 * at the entry point. No other cell is involved. docs/hypercalls.md.
 */
#include <septum/arch.h>
#include <septum/cell.h>
#include <septum/log.h>
#include <septum/percpu.h>
#include <septum/psci.h>
#include <septum/spinlock.h>
#include <septum/vgic.h>
#include <septum/vuart.h>

/* How long SYSTEM_RESET waits for the cell's other vCPUs to leave the guest. */
#define CELL_STOP_TIMEOUT_MS 1000
/* Failed calls logged per cell and boot: a guest must not flood the shared console. */
#define CELL_PSCI_ERRORS_LOGGED_MAX 32

static uint64_t dtb_of(const struct cell *c)
{
	return c->cfg->dtb.present ? ipa_val(c->cfg->dtb.load) : 0;
}

void cell_power_init(struct cell *c)
{
	vpsci_reset(&c->power.psci, c->vcpu_count, ipa_val(c->cfg->entry), dtb_of(c));
	__atomic_store_n(&c->state, CELL_RUNNING, __ATOMIC_RELEASE);
}

bool cell_psci_owns(uint64_t fn)
{
	return fn <= 0xffffffffULL && vpsci_owns((uint32_t)fn);
}

void cell_vcpu_wait(struct cell *c, unsigned int vcpu, unsigned int cpu)
{
	arch_vcpu_quiesce();
	for (;;) {
		uint64_t entry = 0, context = 0;
		bool go;

		spin_lock(&c->power.lock);
		go = __atomic_load_n(&c->state, __ATOMIC_ACQUIRE) == CELL_RUNNING &&
		     vpsci_take_start(&c->power.psci, vcpu, &entry, &context);
		__atomic_store_n(&c->power.parked[vcpu], !go, __ATOMIC_RELEASE);
		spin_unlock(&c->power.lock);
		if (go) {
			if (vcpu)
				log_debug("cell '%s' vCPU %u (cpu%u) starts at 0x%llx", c->cfg->name, vcpu,
					  cpu, (unsigned long long)entry);
			arch_vcpu_start(c, vcpu, entry, context);
		}
		/* A CPU_ON, SYSTEM_RESET or stop sends the kick SGI after changing state. */
		arch_cpu_idle();
		arch_irq_poll();
	}
}

void cell_kick_received(struct cell *c, unsigned int vcpu)
{
	unsigned int cpu;
	bool run;

	if (!c || __atomic_load_n(&c->power.parked[vcpu], __ATOMIC_ACQUIRE))
		return; /* already waiting: cell_vcpu_wait() looks again */
	/*
	 * The common kick (a vGIC request: an SGI, an enable) finds the cell
	 * running and this vCPU on: answered with no lock. Safe: only this vCPU
	 * itself turns itself off (CPU_OFF, not through a kick), and whoever
	 * stops the cell changes c->state first (under the lock, one store) and
	 * kicks after; a read that misses that store is followed by that kick,
	 * taken once this one returns, which sees it. Anything else: the locked
	 * look below.
	 */
	if (__atomic_load_n(&c->state, __ATOMIC_ACQUIRE) == CELL_RUNNING &&
	    __atomic_load_n(&c->power.psci.vcpu[vcpu].state, __ATOMIC_RELAXED) == VPSCI_ON)
		return;
	cpu = arch_cpu_id();
	spin_lock(&c->power.lock);
	run = __atomic_load_n(&c->state, __ATOMIC_ACQUIRE) == CELL_RUNNING &&
	      vpsci_is_on(&c->power.psci, vcpu);
	spin_unlock(&c->power.lock);
	if (run)
		return;
	log_info("cell '%s' vCPU %u (cpu%u) stopped", c->cfg->name, vcpu, cpu);
	arch_cpu_rewind(cpu, cell_cpu_run);
}

static void kick_others(struct cell *c, unsigned int vcpu)
{
	for (unsigned int v = 0; v < c->vcpu_count; v++)
		if (v != vcpu)
			arch_cpu_kick(c->vcpu_pcpu[v]);
}

/* Wait until every other vCPU of @c waits in the hypervisor. */
static bool others_parked(struct cell *c, unsigned int vcpu)
{
	uint64_t deadline = arch_counter() + arch_counter_freq() * CELL_STOP_TIMEOUT_MS / 1000;

	for (unsigned int v = 0; v < c->vcpu_count; v++) {
		while (v != vcpu && !__atomic_load_n(&c->power.parked[v], __ATOMIC_ACQUIRE)) {
			if (arch_counter() > deadline) {
				log_err("cell '%s': vCPU %u (cpu%u) did not stop within %d ms", c->cfg->name,
					v, c->vcpu_pcpu[v], CELL_STOP_TIMEOUT_MS);
				return false;
			}
			arch_cpu_relax();
		}
	}
	return true;
}

/* Move a running cell to @state (CELL_OFF, CELL_RESETTING); false if it no longer runs. */
static bool cell_leave_running(struct cell *c, int state)
{
	bool ok;

	spin_lock(&c->power.lock);
	ok = __atomic_load_n(&c->state, __ATOMIC_ACQUIRE) == CELL_RUNNING;
	if (ok) {
		__atomic_store_n(&c->state, state, __ATOMIC_RELEASE);
		vpsci_all_off(&c->power.psci);
	}
	spin_unlock(&c->power.lock);
	return ok;
}

static void cell_system_off(struct cell *c, unsigned int vcpu, unsigned int cpu)
{
	if (cell_leave_running(c, CELL_OFF)) {
		log_info("cell '%s' powered off (SYSTEM_OFF)", c->cfg->name);
		kick_others(c, vcpu);
	}
	arch_cpu_rewind(cpu, cell_cpu_run);
}

static void cell_system_reset(struct cell *c, unsigned int vcpu, unsigned int cpu)
{
	if (!cell_leave_running(c, CELL_RESETTING))
		arch_cpu_rewind(cpu, cell_cpu_run); /* another vCPU stops or restarts it */
	log_info("cell '%s' restarting (SYSTEM_RESET)", c->cfg->name);
	kick_others(c, vcpu);
	if (!others_parked(c, vcpu)) {
		log_err("cell '%s' cannot restart: stopped", c->cfg->name);
		__atomic_store_n(&c->state, CELL_STOPPED, __ATOMIC_RELEASE);
		arch_cpu_rewind(cpu, cell_cpu_run);
	}
	/* Nothing of the cell runs now: its memory and console are ours. */
	vuart_reset(c);
	if (cell_load_memory(c)) {
		log_err("cell '%s' cannot restart: its payloads no longer load; stopped", c->cfg->name);
		__atomic_store_n(&c->state, CELL_STOPPED, __ATOMIC_RELEASE);
		arch_cpu_rewind(cpu, cell_cpu_run);
	}
	arch_cell_memory_reloaded(c);
	if (c->vgic)
		vgic_reset(c->vgic); /* no interrupt of the old run survives into the new one */
	spin_lock(&c->power.lock);
	c->power.restart_count++;
	c->power.errors_logged = 0;
	vpsci_reset(&c->power.psci, c->vcpu_count, ipa_val(c->cfg->entry), dtb_of(c));
	__atomic_store_n(&c->state, CELL_RUNNING, __ATOMIC_RELEASE);
	spin_unlock(&c->power.lock);
	log_info("cell '%s': restart %u, vCPU 0 at 0x%llx", c->cfg->name, c->power.restart_count,
		 (unsigned long long)ipa_val(c->cfg->entry));
	if (vcpu != 0)
		arch_cpu_kick(c->vcpu_pcpu[0]);
	arch_cpu_rewind(cpu, cell_cpu_run);
}

uint64_t cell_psci(const uint64_t x[4])
{
	unsigned int vcpu, cpu = arch_cpu_id();
	struct cell *c = cell_current(&vcpu);
	struct vpsci_result r;
	enum vpsci_action a;
	const char *name;

	spin_lock(&c->power.lock);
	a = vpsci_call(&c->power.psci, c->cfg, vcpu, x, &r);
	spin_unlock(&c->power.lock);
	switch (a) {
	case VPSCI_WAKE:
		arch_cpu_kick(c->vcpu_pcpu[r.target]);
		break;
	case VPSCI_STANDBY:
		arch_cpu_idle();
		break;
	case VPSCI_CPU_OFF:
		log_debug("cell '%s' vCPU %u (cpu%u) off (CPU_OFF)", c->cfg->name, vcpu, cpu);
		if (!vpsci_active_count(&c->power.psci))
			log_info("cell '%s': every vCPU is off (CPU_OFF)", c->cfg->name);
		arch_cpu_rewind(cpu, cell_cpu_run);
	case VPSCI_SYSTEM_OFF:
		cell_system_off(c, vcpu, cpu);
		break;
	case VPSCI_SYSTEM_RESET:
		cell_system_reset(c, vcpu, cpu);
		break;
	case VPSCI_RETURN:
	default:
		break;
	}
	/* Misuse of the calls that take arguments is worth a line naming the cell. */
	name = vpsci_fn_name((uint32_t)x[0]);
	if (r.ret < 0 && name && r.ret != PSCI_RET_NOT_SUPPORTED) {
		unsigned int n = __atomic_fetch_add(&c->power.errors_logged, 1, __ATOMIC_RELAXED);

		if (n < CELL_PSCI_ERRORS_LOGGED_MAX)
			log_info("cell '%s' vCPU %u: %s(0x%llx, 0x%llx, 0x%llx) returns %s", c->cfg->name,
				 vcpu, name, (unsigned long long)x[1], (unsigned long long)x[2],
				 (unsigned long long)x[3], psci_error_name(r.ret));
		else if (n == CELL_PSCI_ERRORS_LOGGED_MAX)
			log_info("cell '%s': further failed PSCI calls not logged until it restarts",
				 c->cfg->name);
	}
	return (uint64_t)r.ret;
}
