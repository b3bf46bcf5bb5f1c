/* SPDX-License-Identifier: MIT */
/*
 * The physical GIC, for the hypervisor's own needs: inter-processor
 * interrupts between physical CPUs (SGIs), acknowledged at EL2. One driver
 * file per GIC version (gic/gicv2.c, gic/gicv3.c); the board fragment links
 * the ones it may need and the device tree picks one at boot.
 */
#ifndef ASM_GIC_H
#define ASM_GIC_H

#include <septum/board.h>

/* SGI the hypervisor uses to make another CPU look at its cell's state. */
#define GIC_SGI_KICK 0
/* INTID the CPU interface returns when nothing is pending. */
#define GIC_INTID_SPURIOUS 1023

struct gic_driver {
	enum gic_version version;
	/* Boot CPU, once: distributor. */
	void (*init)(const struct board_gic *g);
	/* Every CPU: its redistributor / banked registers and CPU interface. */
	void (*init_cpu)(unsigned int cpu, uint64_t mpidr);
	void (*send_sgi)(unsigned int cpu, uint64_t mpidr, unsigned int sgi);
	uint32_t (*ack)(void);	 /* returns the raw IAR */
	uint32_t iar_intid_mask; /* INTID bits of the IAR */
	void (*eoi)(uint32_t iar);
};

#define GIC_DRIVER(drv)                                            \
	static const struct gic_driver *const gic_driver_ptr_##drv \
		__attribute__((used, section("septum_gic_drivers"))) = &drv

void gic_init(const struct board *b);
void gic_init_cpu(unsigned int cpu, uint64_t mpidr);
void gic_send_sgi(unsigned int cpu, uint64_t mpidr, unsigned int sgi);
/* Handle one physical interrupt taken at EL2. */
void gic_handle_irq(void);

#endif
