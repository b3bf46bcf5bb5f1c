/* SPDX-License-Identifier: MIT */
/*
 * What the RTOS demo's tasks compute, pure integer code (the guest has no
 * FP/SIMD in its build: -mgeneral-regs-only), unit-tested on the host:
 *   - a PI speed controller closing the loop on a simulated first-order
 *     plant (a motor: speed follows drive with a time constant), in Q16
 *     fixed point;
 *   - a moving-average FIR filter over a synthetic noisy sensor signal;
 *   - a CRC-32 (IEEE 802.3, reflected) over a telemetry record.
 */
#ifndef RTOS_WORK_H
#define RTOS_WORK_H

#include <stddef.h>
#include <stdint.h>

#define RT_Q16_ONE 65536

/* PI controller and plant state, all in Q16. */
struct rt_loop {
	int32_t setpoint; /* wanted speed */
	int32_t speed;	  /* the plant's output */
	int32_t drive;	  /* the controller's output, clamped to +-drive_max */
	int32_t integral; /* the controller's integral term, anti-windup clamped like drive */
	int32_t kp, ki;	  /* gains */
	int32_t alpha;	  /* plant: speed += alpha * (drive - speed) per step */
	int32_t drive_max;
};

/* A loop with the demo's gains, at rest, aiming for @setpoint. */
void rt_loop_init(struct rt_loop *l, int32_t setpoint);
/* One control period: @substeps plant integration steps, then the controller. */
void rt_loop_step(struct rt_loop *l, unsigned int substeps);

#define RT_FIR_TAPS 16
struct rt_fir {
	int32_t history[RT_FIR_TAPS];
	unsigned int next;
	int64_t sum;
	uint32_t noise; /* the synthetic sensor's pseudo-random state */
};

void rt_fir_init(struct rt_fir *f, uint32_t seed);
/* Filter one sample; returns the average of the last RT_FIR_TAPS samples. */
int32_t rt_fir_step(struct rt_fir *f, int32_t sample);
/* The synthetic sensor: @level plus pseudo-random noise of +-@amplitude. */
int32_t rt_fir_sensor(struct rt_fir *f, int32_t level, int32_t amplitude);

/* CRC-32 (polynomial 0xedb88320, reflected, initial and final xor ~0) of @len bytes. */
uint32_t rt_crc32(const void *data, size_t len);

#endif
