// SPDX-License-Identifier: MIT
/*
 * Exception dispatch. vectors.S saves a trap_frame and calls trap_handle()
 * with the vector slot. Exceptions the hypervisor takes from itself are
 * always fatal: a full report (CPU, ESR decoded, FAR, ELR, SPSR, every
 * general register) and a panic. Synchronous exceptions from the cells'
 * guests go to vcpu.c, dispatched by a table indexed by exception class
 * (ESR_EL2.EC, Arm ARM D19 "ESR_EL2"); IRQs from guests never come here
 * (vectors.S irq_entry calls gic_handle_irq() directly); anything else from
 * a guest stops its cell.
 */
#include <asm/frame.h>
#include <asm/gic.h>
#include <asm/sysreg.h>
#include <septum/arch.h>
#include <septum/cell.h>
#include <septum/log.h>

/* Exception classes (ESR_ELx.EC) named for reports. */
static const char *const ec_names[ESR_EC_MASK + 1] = {
	[0x00] = "unknown reason",
	[0x01] = "WFI/WFE",
	[0x07] = "SIMD/FP access",
	[0x0e] = "illegal execution state",
	[0x15] = "SVC (AArch64)",
	[0x16] = "HVC (AArch64)",
	[0x17] = "SMC (AArch64)",
	[0x18] = "MSR/MRS/system instruction",
	[0x19] = "SVE access",
	[0x20] = "instruction abort from a lower EL",
	[0x21] = "instruction abort at EL2",
	[0x22] = "PC alignment fault",
	[0x24] = "data abort from a lower EL",
	[0x25] = "data abort at EL2",
	[0x26] = "SP alignment fault",
	[0x2f] = "SError",
	[0x30] = "breakpoint from a lower EL",
	[0x31] = "breakpoint at EL2",
	[0x32] = "software step from a lower EL",
	[0x33] = "software step at EL2",
	[0x34] = "watchpoint from a lower EL",
	[0x35] = "watchpoint at EL2",
	[0x3c] = "BRK instruction",
};

static const char *const slot_names[VEC_SLOT_COUNT] = {
	"synchronous exception at EL2 on SP_EL0",
	"IRQ at EL2 on SP_EL0",
	"FIQ at EL2 on SP_EL0",
	"SError at EL2 on SP_EL0",
	"synchronous exception at EL2",
	"IRQ at EL2",
	"FIQ at EL2",
	"SError at EL2",
	"synchronous exception from AArch64 EL1/EL0",
	"IRQ from AArch64 EL1/EL0",
	"FIQ from AArch64 EL1/EL0",
	"SError from AArch64 EL1/EL0",
	"synchronous exception from AArch32",
	"IRQ from AArch32",
	"FIQ from AArch32",
	"SError from AArch32",
};

/* Data/instruction fault status codes (ISS DFSC/IFSC [5:0]). */
static const char *fault_status(unsigned int fsc)
{
	switch (fsc & 0x3c) {
	case 0x04:
		return "translation fault";
	case 0x08:
		return "access flag fault";
	case 0x0c:
		return "permission fault";
	case 0x00:
		return "address size fault";
	default:
		break;
	}
	if (fsc == 0x10)
		return "synchronous external abort";
	if (fsc == 0x21)
		return "alignment fault";
	return "other fault";
}

static void report(const struct trap_frame *f, unsigned int slot)
{
	unsigned int ec = (f->esr >> ESR_EC_SHIFT) & ESR_EC_MASK;
	uint64_t iss = f->esr & ESR_ISS_MASK;

	log_emergency("unexpected %s on cpu%u (MPIDR 0x%llx)", slot_names[slot], arch_cpu_id(),
		      (unsigned long long)arch_cpu_mpidr());
	log_emergency("  ESR 0x%08llx: EC 0x%02x (%s), ISS 0x%07llx", (unsigned long long)f->esr, ec,
		      ec_names[ec] ? ec_names[ec] : "reserved", (unsigned long long)iss);
	if (ec >= 0x20 && ec <= 0x25 && ec != 0x22 && ec != 0x23)
		log_emergency("  %s, level %u, %s", fault_status((unsigned int)iss & 0x3f),
			      (unsigned int)iss & 0x3, (iss & (1U << 6)) ? "write" : "read");
	log_emergency("  FAR 0x%016llx  ELR 0x%016llx  SPSR 0x%08llx", (unsigned long long)f->far,
		      (unsigned long long)f->elr, (unsigned long long)f->spsr);
	for (unsigned int i = 0; i < 28; i += 4)
		log_emergency("  x%-2u 0x%016llx  x%-2u 0x%016llx  x%-2u 0x%016llx  x%-2u 0x%016llx", i,
			      (unsigned long long)f->x[i], i + 1, (unsigned long long)f->x[i + 1], i + 2,
			      (unsigned long long)f->x[i + 2], i + 3, (unsigned long long)f->x[i + 3]);
	log_emergency("  x28 0x%016llx  x29 0x%016llx  x30 0x%016llx  sp  0x%016llx",
		      (unsigned long long)f->x[28], (unsigned long long)f->x[29],
		      (unsigned long long)f->x[30], (unsigned long long)f->sp);
}

void trap_handle(struct trap_frame *f, unsigned int slot);
void guest_trap(struct trap_frame *f);

void trap_handle(struct trap_frame *f, unsigned int slot)
{
	switch (slot) {
	case VEC_LOW64_SYNC:
		/* By exception class: vcpu.c's table. */
		guest_trap(f);
		return;
	case VEC_LOW64_FIQ:
	case VEC_LOW64_SERROR:
	case VEC_LOW32_SYNC:
	case VEC_LOW32_IRQ:
	case VEC_LOW32_FIQ:
	case VEC_LOW32_SERROR:
		if (cell_current(NULL)) {
			struct guest_fault g = { slot_names[slot],
						 "Septum does not take this exception from guests yet",
						 f->esr,
						 f->far,
						 f->elr,
						 0,
						 false };

			cell_fault(&g);
		}
		break;
	default:
		break;
	}
	report(f, slot);
	panic("%s", slot_names[slot]);
}
