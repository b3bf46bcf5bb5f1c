/* SPDX-License-Identifier: MIT */
/*
 * The physical GIC, for the hypervisor's own needs: inter-processor
 * interrupts between physical CPUs (SGIs), the maintenance interrupt, the
 * cells' interrupts taken at EL2 (EOImode 1: EL2 only drops the priority,
 * the guest's EOI deactivates through the list register's HW bit), their
 * routing and enables, and the virtual CPU interface (list registers). One driver
 * file per GIC version (gic/gicv2.c, gic/gicv3.c); the board fragment links
 * the ones it may need and the device tree picks one at boot.
 */
#ifndef ASM_GIC_H
#define ASM_GIC_H

#include <septum/board.h>

/* SGI the hypervisor uses to make another CPU look at its cell's state. */
#define GIC_SGI_KICK 0
/* SGIs and PPIs are INTIDs 0-31; SPIs start here. */
#define GIC_SPI_FIRST 32
/* INTID the CPU interface returns when nothing is pending. */
#define GIC_INTID_SPURIOUS 1023

struct gic_driver {
	enum gic_version version;
	/* Boot CPU, once: distributor. */
	void (*init)(const struct board_gic *g);
	/* Every CPU: its redistributor / banked registers and CPU interface. */
	void (*init_cpu)(unsigned int cpu, uint64_t mpidr);
	void (*send_sgi)(unsigned int cpu, uint64_t mpidr, unsigned int sgi);
	uint32_t (*ack)(void);		  /* returns the raw IAR */
	uint32_t iar_intid_mask;	  /* INTID bits of the IAR */
	void (*eoi)(uint32_t iar);	  /* priority drop (EOImode 1) */
	void (*deactivate)(uint32_t iar); /* for interrupts the hypervisor handles itself */
	/* Physical SPIs of cells: enable, route (also Group 1, guest priority), pending, trigger. */
	void (*irq_enable)(uint32_t intid, bool on);
	void (*irq_clear_active)(uint32_t intid); /* SPI, or a PPI of the calling CPU */
	void (*irq_set_active)(uint32_t intid);	  /* likewise */
	void (*irq_route)(uint32_t intid, unsigned int cpu);
	void (*irq_pending)(uint32_t intid, bool on);
	bool (*irq_is_pending)(uint32_t intid);
	void (*irq_config)(uint32_t intid, bool edge);
	/* The calling CPU's virtual CPU interface: on, with its PPIs (@maint, timers) enabled. */
	void (*vcpu_init)(uint32_t maint_intid);
	unsigned int (*lr_count)(void);
	uint64_t (*lr_read)(unsigned int n);
	void (*lr_write)(unsigned int n, uint64_t v);
	uint32_t (*elrsr)(void);
	uint32_t (*eisr)(void);
	void (*underflow)(bool on);
};

/* Physical priority of the cells' interrupts (below the kick, GIC_PRIO_KICK). */
#define GIC_PRIO_GUEST 0xa0
#define GIC_PRIO_KICK 0x80
/* Timer PPIs a cell's vCPU receives (SBSA numbering, as on QEMU virt). */
#define GIC_PPI_VTIMER 27
#define GIC_PPI_PTIMER 30

#define GIC_DRIVER(drv)                                            \
	static const struct gic_driver *const gic_driver_ptr_##drv \
		__attribute__((used, section("septum_gic_drivers"))) = &drv

void gic_init(const struct board *b);
void gic_init_cpu(unsigned int cpu, uint64_t mpidr);
void gic_send_sgi(unsigned int cpu, uint64_t mpidr, unsigned int sgi);
/* Handle one physical interrupt taken at EL2. */
void gic_handle_irq(void);
/* Turn on the calling CPU's virtual CPU interface for a cell with a vGIC. */
void gic_vcpu_init(void);

#endif
