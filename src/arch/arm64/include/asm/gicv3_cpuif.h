/* SPDX-License-Identifier: MIT */
/*
 * The GICv3 system-register accesses of the interrupt hot path (Arm IHI
 * 0069 12.2 and 12.4), inline: the driver (src/arch/arm64/gic/gicv3.c) and
 * the IRQ front end's GICv3 path (gic.c, gic_handle_irq()) share them, so
 * a guest's timer or device interrupt reaches its list register with no
 * call through the driver table.
 */
#ifndef ASM_GICV3_CPUIF_H
#define ASM_GICV3_CPUIF_H

#include <asm/sysreg.h>
#include <septum/types.h>

#define GICV3_IAR_INTID_MASK 0xffffffU

/* Acknowledge: the raw ICC_IAR1_EL1 (everything is Group 1). */
static inline uint32_t gicv3_cpuif_ack(void)
{
	uint32_t iar = (uint32_t)read_sysreg(S3_0_C12_C12_0); /* ICC_IAR1_EL1 */

	dsb(sy);
	return iar;
}

/* Priority drop (EOImode 1: ICC_DIR_EL1 deactivates). */
static inline void gicv3_cpuif_eoi(uint32_t iar)
{
	write_sysreg(S3_0_C12_C12_1, iar); /* ICC_EOIR1_EL1 */
	isb();
}

/* Empty list registers, bit n: ICH_LR<n>_EL2. */
static inline uint32_t gicv3_cpuif_elrsr(void)
{
	return (uint32_t)read_sysreg(S3_4_C12_C11_5); /* ICH_ELRSR_EL2 */
}

/* ICH_LR<n>_EL2 = @v (n < 16: system registers are not indexed, hence the switch). */
static inline __attribute__((always_inline)) void gicv3_cpuif_lr_write(unsigned int n, uint64_t v)
{
	switch (n) {
	case 0:
		write_sysreg(S3_4_C12_C12_0, v);
		break;
	case 1:
		write_sysreg(S3_4_C12_C12_1, v);
		break;
	case 2:
		write_sysreg(S3_4_C12_C12_2, v);
		break;
	case 3:
		write_sysreg(S3_4_C12_C12_3, v);
		break;
	case 4:
		write_sysreg(S3_4_C12_C12_4, v);
		break;
	case 5:
		write_sysreg(S3_4_C12_C12_5, v);
		break;
	case 6:
		write_sysreg(S3_4_C12_C12_6, v);
		break;
	case 7:
		write_sysreg(S3_4_C12_C12_7, v);
		break;
	case 8:
		write_sysreg(S3_4_C12_C13_0, v);
		break;
	case 9:
		write_sysreg(S3_4_C12_C13_1, v);
		break;
	case 10:
		write_sysreg(S3_4_C12_C13_2, v);
		break;
	case 11:
		write_sysreg(S3_4_C12_C13_3, v);
		break;
	case 12:
		write_sysreg(S3_4_C12_C13_4, v);
		break;
	case 13:
		write_sysreg(S3_4_C12_C13_5, v);
		break;
	case 14:
		write_sysreg(S3_4_C12_C13_6, v);
		break;
	default:
		write_sysreg(S3_4_C12_C13_7, v);
		break;
	}
}

#endif
