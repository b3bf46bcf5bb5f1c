// SPDX-License-Identifier: MIT
/*
 * Guest runtime: PL011 output (at GUEST_UART_BASE, or where the bootargs'
 * uart= says), printf (the hypervisor's own vsnprintf, linked in), the
 * generic timer, SMCCC calls, bootargs "key=value" parsing (the device
 * tree itself is read by fdt.c), PSCI CPU_ON of a function.
 */
#include <septum/string.h>
#include <stdarg.h>

#include "guest.h"

#define PL011_DR 0x00
#define PL011_FR 0x18
#define PL011_FR_TXFF (1U << 5)

static uintptr_t uart_base = GUEST_UART_BASE;
/* CNTVCT_EL0 at the guest's first instruction (start.S). */
uint64_t guest_boot_counter;

static void uart_putc(char c)
{
	volatile uint32_t *uart = (volatile uint32_t *)uart_base;

	while (uart[PL011_FR / 4] & PL011_FR_TXFF)
		;
	uart[PL011_DR / 4] = (uint8_t)c;
}

void guest_puts(const char *s)
{
	while (*s)
		uart_putc(*s++);
}

static void vprint(const char *fmt, va_list ap)
{
	char buf[256];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	guest_puts(buf);
}

void guest_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint(fmt, ap);
	va_end(ap);
}

void guest_test(const char *name, bool pass, const char *fmt, ...)
{
	va_list ap;

	guest_printf("TEST %s %s ", name, pass ? "PASS" : "FAIL");
	va_start(ap, fmt);
	vprint(fmt, ap);
	va_end(ap);
	guest_puts("\n");
}

uint64_t guest_counter(void)
{
	uint64_t v;

	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v));
	return v;
}

uint64_t guest_counter_freq(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(v));
	return v;
}

void guest_delay_us(uint64_t us)
{
	uint64_t end = guest_counter() + guest_counter_freq() * us / 1000000;

	while (guest_counter() < end)
		;
}

unsigned int guest_vcpu(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, mpidr_el1" : "=r"(v));
	return (unsigned int)(v & 0xff);
}

int64_t guest_smccc(bool smc, uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	if (smc)
		__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
	else
		__asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
	return (int64_t)x0;
}

void guest_halt(void)
{
	for (;;)
		__asm__ volatile("wfi");
}

static const char *arg_value(const char *args, const char *key)
{
	size_t n = strlen(key);

	for (const char *p = args; *p; p++)
		if ((p == args || p[-1] == ' ') && !strncmp(p, key, n) && p[n] == '=')
			return p + n + 1;
	return NULL;
}

uint64_t guest_arg_num(const char *args, const char *key, uint64_t def)
{
	const char *v = arg_value(args, key);

	return v ? strtoul(v, NULL, 0) : def;
}

bool guest_arg_str(const char *args, const char *key, char *buf, size_t len)
{
	const char *v = arg_value(args, key);
	size_t n = 0;

	if (!v)
		return false;
	while (v[n] && v[n] != ' ' && n + 1 < len) {
		buf[n] = v[n];
		n++;
	}
	buf[n] = '\0';
	return true;
}

#define PSCI_CPU_ON64 0xc4000003UL
/* The context id of a vCPU started by guest_cpu_on(): run its function. */
#define CONTEXT_RUN_FN 0xf0f0f0f0UL

static void (*volatile secondary_fn[GUEST_MAX_CPUS])(void);

int64_t guest_cpu_on(unsigned int cpu, void (*fn)(void))
{
	secondary_fn[cpu % GUEST_MAX_CPUS] = fn;
	return guest_smccc(false, PSCI_CPU_ON64, cpu, (uintptr_t)guest_secondary_entry, CONTEXT_RUN_FN);
}

void guest_secondary_main(uint64_t context)
{
	void (*fn)(void) = secondary_fn[guest_vcpu() % GUEST_MAX_CPUS];

	if (context == CONTEXT_RUN_FN && fn) {
		fn();
		guest_halt();
	}
	guest_psci_secondary(context);
}

void guest_exception(unsigned long slot, unsigned long esr, unsigned long far, unsigned long elr);

void guest_exception(unsigned long slot, unsigned long esr, unsigned long far, unsigned long elr)
{
	guest_printf("TEST guest-exception FAIL vector slot %lu ESR 0x%lx FAR 0x%lx ELR 0x%lx\n", slot, esr,
		     far, elr);
	guest_halt();
}

void guest_runtime_init(const void *dtb)
{
	uart_base = (uintptr_t)guest_arg_num(guest_bootargs(dtb), "uart", GUEST_UART_BASE);
}
