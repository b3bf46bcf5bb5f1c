// SPDX-License-Identifier: MIT
/*
 * The RTOS demo's task computations (work.h): a fixed-point PI loop on a
 * simulated plant, a moving-average filter, a CRC-32. Pure integer code.
 */
#include "work.h"

#define Q16_SHIFT 16
#define KP_Q16 (RT_Q16_ONE / 2)	    /* proportional gain 0.5 */
#define KI_Q16 (RT_Q16_ONE / 16)    /* integral gain 1/16 per period */
#define ALPHA_Q16 (RT_Q16_ONE / 32) /* plant time constant: 32 substeps */
#define DRIVE_MAX (2000 * RT_Q16_ONE)
#define CRC32_POLY 0xedb88320U
/* Numerical Recipes' linear congruential generator. */
#define LCG_MUL 1664525U
#define LCG_ADD 1013904223U

static int32_t q16_mul(int32_t a, int32_t b)
{
	return (int32_t)(((int64_t)a * b) >> Q16_SHIFT);
}

static int32_t clamp(int32_t v, int32_t limit)
{
	return v > limit ? limit : v < -limit ? -limit : v;
}

void rt_loop_init(struct rt_loop *l, int32_t setpoint)
{
	*l = (struct rt_loop){
		.setpoint = setpoint, .kp = KP_Q16, .ki = KI_Q16, .alpha = ALPHA_Q16, .drive_max = DRIVE_MAX
	};
}

void rt_loop_step(struct rt_loop *l, unsigned int substeps)
{
	int32_t error;

	for (unsigned int i = 0; i < substeps; i++)
		l->speed += q16_mul(l->alpha, l->drive - l->speed);
	error = l->setpoint - l->speed;
	l->integral = clamp(l->integral + q16_mul(l->ki, error), l->drive_max);
	l->drive = clamp(q16_mul(l->kp, error) + l->integral, l->drive_max);
}

void rt_fir_init(struct rt_fir *f, uint32_t seed)
{
	*f = (struct rt_fir){ .noise = seed };
}

int32_t rt_fir_step(struct rt_fir *f, int32_t sample)
{
	f->sum += (int64_t)sample - f->history[f->next];
	f->history[f->next] = sample;
	f->next = (f->next + 1) % RT_FIR_TAPS;
	return (int32_t)(f->sum / RT_FIR_TAPS);
}

int32_t rt_fir_sensor(struct rt_fir *f, int32_t level, int32_t amplitude)
{
	f->noise = f->noise * LCG_MUL + LCG_ADD;
	if (amplitude <= 0)
		return level;
	return level + (int32_t)((f->noise >> 8) % (2U * (uint32_t)amplitude + 1)) - amplitude;
}

uint32_t rt_crc32(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t crc = ~0U;

	for (size_t i = 0; i < len; i++) {
		crc ^= p[i];
		for (int bit = 0; bit < 8; bit++)
			crc = crc >> 1 ^ (CRC32_POLY & -(crc & 1));
	}
	return ~crc;
}
