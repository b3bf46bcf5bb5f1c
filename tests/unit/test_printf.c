// SPDX-License-Identifier: MIT
/*
 * Host unit tests for the hypervisor's vsnprintf/snprintf (src/core/printf.c):
 * every conversion, flag, width and precision (also '*'), the length
 * modifiers, truncation, NUL termination and the C99 return value. The
 * source is included here with its functions renamed septum_*, so that
 * they do not clash with the host C library, whose snprintf serves as the
 * reference wherever the behaviour is standard C.
 */
/* The file under test is #included below, not listed in UNIT-SOURCES. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#undef vsnprintf
#undef snprintf
#define vsnprintf septum_vsnprintf
#define snprintf septum_snprintf
int septum_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int septum_snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
#include "../../src/core/printf.c"
#undef vsnprintf
#undef snprintf

#define CANARY 0x5a

/*
 * Format with Septum's vsnprintf into a large buffer: the output must be
 * @want, the return value its length, and with @libc the host C library
 * must agree on both.
 */
static void check(int line, bool libc, const char *want, const char *fmt, va_list ap)
{
	char buf[512], ref[512];
	va_list ap2;
	int n, m;

	va_copy(ap2, ap);
	memset(buf, CANARY, sizeof(buf));
	n = septum_vsnprintf(buf, sizeof(buf), fmt, ap);
	if (strcmp(buf, want) != 0)
		fail_msg("line %d: \"%s\" gave \"%s\", want \"%s\"", line, fmt, buf, want);
	if (n != (int)strlen(want))
		fail_msg("line %d: \"%s\" returned %d, want %zu", line, fmt, n, strlen(want));
	if (buf[n + 1] != CANARY)
		fail_msg("line %d: \"%s\" wrote past its NUL", line, fmt);
	if (libc) {
		m = vsnprintf(ref, sizeof(ref), fmt, ap2);
		if (m != n || strcmp(ref, buf) != 0)
			fail_msg("line %d: \"%s\": Septum \"%s\" (%d), libc \"%s\" (%d)", line, fmt, buf, n,
				 ref, m);
	}
	va_end(ap2);
}

static void __attribute__((format(printf, 3, 4))) expect_at(int line, const char *want, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	check(line, true, want, fmt, ap);
	va_end(ap);
}

/* Septum-specific output (no libc comparison). */
static void __attribute__((format(printf, 3, 4)))
expect_own_at(int line, const char *want, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	check(line, false, want, fmt, ap);
	va_end(ap);
}

/*
 * Without the compile-time format check: for flags that -Wformat calls
 * redundant though C defines them (with libc comparison), and for unknown
 * conversions or null strings (Septum only).
 */
static void expect_unchecked_at(int line, bool libc, const char *want, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	check(line, libc, want, fmt, ap);
	va_end(ap);
}

#define EXPECT(want, ...) expect_at(__LINE__, want, __VA_ARGS__)
#define EXPECT_OWN(want, ...) expect_own_at(__LINE__, want, __VA_ARGS__)
#define EXPECT_UNCHECKED(want, ...) expect_unchecked_at(__LINE__, true, want, __VA_ARGS__)
#define EXPECT_RAW(want, ...) expect_unchecked_at(__LINE__, false, want, __VA_ARGS__)

static void test_plain(void **state)
{
	char buf[8];

	(void)state;
	EXPECT("", "%s", "");
	EXPECT("hello, world", "hello, world");
	EXPECT("100%", "100%%");
	EXPECT("%%", "%%%%");
	EXPECT("a%b", "a%cb", '%');
	memset(buf, CANARY, sizeof(buf));
	assert_int_equal(septum_snprintf(buf, sizeof(buf), "%s", ""), 0);
	assert_int_equal(buf[0], '\0');
	assert_int_equal(buf[1], CANARY);
}

static void test_signed(void **state)
{
	(void)state;
	EXPECT("0", "%d", 0);
	EXPECT("42 -42", "%d %i", 42, -42);
	EXPECT("2147483647", "%d", INT_MAX);
	EXPECT("-2147483648", "%d", INT_MIN);
	EXPECT("-9223372036854775808", "%ld", LONG_MIN);
	EXPECT("9223372036854775807", "%ld", LONG_MAX);
	EXPECT("-9223372036854775808", "%lld", LLONG_MIN);
	EXPECT("9223372036854775807", "%lli", LLONG_MAX);
	EXPECT("-1", "%zd", (ssize_t)-1);
	EXPECT("1 -2 3", "%d %d %d", 1, -2, 3);
}

static void test_unsigned(void **state)
{
	(void)state;
	EXPECT("4294967295", "%u", UINT_MAX);
	EXPECT("18446744073709551615", "%lu", ULONG_MAX);
	EXPECT("18446744073709551615", "%llu", ULLONG_MAX);
	EXPECT("18446744073709551615", "%zu", SIZE_MAX);
	EXPECT("ff FF 377", "%x %X %o", 255u, 255u, 255u);
	EXPECT("deadbeefcafebabe", "%llx", 0xdeadbeefcafebabeULL);
	EXPECT("DEADBEEFCAFEBABE", "%lX", 0xdeadbeefcafebabeUL);
	EXPECT("1777777777777777777777", "%llo", ULLONG_MAX);
	EXPECT("0x2a 0X2A", "%#x %#X", 42u, 42u);
	/* '#' adds no prefix to zero. */
	EXPECT("0", "%#x", 0u);
	EXPECT("0", "%x", 0u);
	EXPECT("0", "%o", 0u);
	EXPECT("ffffffff", "%x", -1);
}

static void test_width_and_flags(void **state)
{
	(void)state;
	EXPECT("   42", "%5d", 42);
	EXPECT("42   |", "%-5d|", 42);
	EXPECT("00042", "%05d", 42);
	EXPECT("-0042", "%05d", -42);
	EXPECT("  -42", "%5d", -42);
	EXPECT_UNCHECKED("-42  |", "%-05d|", -42);
	EXPECT("123456", "%3d", 123456);
	EXPECT("0000002a", "%08x", 42u);
	EXPECT("0x0000002a", "%#010x", 42u);
	EXPECT("  0x2a", "%#6x", 42u);
	EXPECT("0x2a  |", "%-#6x|", 42u);
	EXPECT("   hi", "%5s", "hi");
	EXPECT("hi   |", "%-5s|", "hi");
	EXPECT("hello", "%2s", "hello");
	EXPECT("    x", "%5c", 'x');
	EXPECT("x  |", "%-3c|", 'x');
	EXPECT("[   7][7   ]", "[%*d][%-*d]", 4, 7, 4, 7);
	/* A negative '*' width means left-aligned. */
	EXPECT("[7   ]", "[%*d]", -4, 7);
	EXPECT("[ab  ]", "[%*s]", -4, "ab");
	EXPECT("0007", "%0*d", 4, 7);
}

static void test_precision(void **state)
{
	(void)state;
	EXPECT("042", "%.3d", 42);
	EXPECT("-042", "%.3d", -42);
	EXPECT("", "%.0d", 0);
	EXPECT("     ", "%5.0d", 0);
	EXPECT("", "%.0x", 0u);
	EXPECT("0", "%.1d", 0);
	EXPECT("000ff", "%.5x", 255u);
	EXPECT("0x000ff", "%#.5x", 255u);
	/* With a precision the '0' flag is ignored. */
	EXPECT_UNCHECKED("     042", "%08.3d", 42);
	EXPECT("042     |", "%-8.3d|", 42);
	EXPECT("hel", "%.3s", "hello");
	EXPECT("", "%.0s", "hello");
	EXPECT("hi", "%.10s", "hi");
	EXPECT("hel     |", "%-8.3s|", "hello");
	EXPECT("     hel", "%8.3s", "hello");
	EXPECT("he", "%.*s", 2, "hello");
	EXPECT("00042", "%.*d", 5, 42);
	EXPECT("  042", "%*.*d", 5, 3, 42);
	/* A negative '*' precision is as if there were none. */
	EXPECT("hello", "%.*s", -1, "hello");
	EXPECT_UNCHECKED("00042", "%0*.*d", 5, -1, 42);
	/* The precision bounds the read: no NUL needed past it. */
	{
		static const char abc[3] = { 'a', 'b', 'c' };

		EXPECT("abc", "%.3s", abc);
	}
}

static void test_length_modifiers(void **state)
{
	(void)state;
	/* h and hh convert the promoted int back to short and char (C99 7.19.6.1). */
	EXPECT("-1", "%hd", (short)-1);
	EXPECT("65535", "%hu", (unsigned short)65535);
	EXPECT("ffff", "%hx", (short)-1);
	EXPECT("9029", "%hd", 0x12345);
	EXPECT("2345", "%hx", 0x12345);
	EXPECT("44", "%hhd", 300);
	EXPECT("-1", "%hhd", (signed char)-1);
	EXPECT("ff", "%hhx", (signed char)-1);
	EXPECT("255", "%hhu", 255);
	EXPECT("377", "%hho", -1);
	EXPECT("-128", "%hhi", 128);
	EXPECT("  -01", "%5.2hhd", 255);
	EXPECT("ffffffffffffffff", "%lx", -1L);
	EXPECT("100000000", "%llx", 1ULL << 32);
	EXPECT("100000000", "%zx", (size_t)1 << 32);
	EXPECT("4294967296", "%lu", 1UL << 32);
}

static void test_pointer_and_char(void **state)
{
	char buf[8];

	(void)state;
	EXPECT("0x1234", "%p", (void *)0x1234);
	EXPECT("0xffff800000001000", "%p", (void *)0xffff800000001000ULL);
	/* Septum prints a null pointer as 0x0 (glibc: "(nil)"). */
	EXPECT_OWN("0x0", "%p", (void *)NULL);
	EXPECT_OWN("    0x1234|0x1234    |", "%10p|%-10p|", (void *)0x1234, (void *)0x1234);
	/* A null string is "(null)", as in glibc. */
	EXPECT_RAW("(null)", "%s", (char *)NULL);
	EXPECT_RAW("[  (null)]", "[%8s]", (char *)NULL);
	EXPECT("A", "%c", 'A');
	EXPECT("A", "%c", 'A' + 256);
	/* %c with 0 writes a NUL and counts it. */
	memset(buf, CANARY, sizeof(buf));
	assert_int_equal(septum_snprintf(buf, sizeof(buf), "a%cb", 0), 3);
	assert_memory_equal(buf, "a\0b\0", 4);
	assert_int_equal(buf[4], CANARY);
}

static void test_unknown_conversion(void **state)
{
	(void)state;
	/* Unknown conversions are copied out and take no argument. */
	EXPECT_RAW("%q 5", "%q %d", 5);
	EXPECT_RAW("%y%w", "%y%w");
	/* A lone '%' at the end of the format. */
	EXPECT_RAW("abc%", "abc%");
	EXPECT_RAW("abc%", "abc%5");
}

static void test_truncation(void **state)
{
	char buf[16];

	(void)state;
	/* size 0: nothing is written (the buffer may be NULL), the length is returned. */
	assert_int_equal(septum_snprintf(NULL, 0, "hello %d", 12345), 11);
	memset(buf, CANARY, sizeof(buf));
	assert_int_equal(septum_snprintf(buf, 0, "hello"), 5);
	assert_int_equal(buf[0], CANARY);

	/* size 1: only the NUL. */
	memset(buf, CANARY, sizeof(buf));
	assert_int_equal(septum_snprintf(buf, 1, "hello"), 5);
	assert_int_equal(buf[0], '\0');
	assert_int_equal(buf[1], CANARY);

	/* Cut in the middle of text, of a number, of padding. */
	for (size_t size = 1; size <= 12; size++) {
		static const char *const fmts[] = { "hello world", "%d", "%-11s", "%11x" };
		char want[16];

		for (unsigned int f = 0; f < ARRAY_SIZE(fmts); f++) {
			int n;

			memset(buf, CANARY, sizeof(buf));
			switch (f) {
			case 0:
				n = septum_snprintf(buf, size, "hello world");
				break;
			case 1:
				n = septum_snprintf(buf, size, "%d", -1234567890);
				break;
			case 2:
				n = septum_snprintf(buf, size, "%-11s", "abc");
				break;
			default:
				n = septum_snprintf(buf, size, "%11x", 0xabcu);
				break;
			}
			assert_int_equal(n, 11);
			memcpy(want,
			       f == 0	? "hello world"
			       : f == 1 ? "-1234567890"
			       : f == 2 ? "abc        "
					: "        abc",
			       12);
			want[size - 1] = '\0';
			assert_string_equal(buf, want);
			/* Nothing written past the buffer. */
			for (size_t i = size; i < sizeof(buf); i++)
				assert_int_equal(buf[i], CANARY);
		}
	}

	/* An exact fit. */
	memset(buf, CANARY, sizeof(buf));
	assert_int_equal(septum_snprintf(buf, 6, "%s", "12345"), 5);
	assert_string_equal(buf, "12345");
	assert_int_equal(buf[6], CANARY);
}

/* Septum against the host C library over a grid of flags, widths, precisions and values. */
static void test_grid_against_libc(void **state)
{
	static const char *const flags[] = { "", "-", "0", "#", "-0", "-#", "0#" };
	static const char *const widths[] = { "", "1", "6", "12", "22" };
	static const char *const precs[] = { "", ".", ".0", ".1", ".4", ".12" };
	static const char *const convs[] = { "d",   "i",   "u",	  "x",	"X",   "o",
					     "lld", "llx", "llo", "hd", "hhx", "lu" };
	static const long long values[] = {
		0,     1,	-1,	 7,	     42,	255,	   -255,
		65536, INT_MAX, INT_MIN, 0x1234abcd, LLONG_MAX, LLONG_MIN, 0x8000000000000000LL + 12345
	};
	unsigned int checked = 0;

	(void)state;
	for (unsigned int c = 0; c < ARRAY_SIZE(convs); c++) {
		const char *conv = convs[c];
		char last = conv[strlen(conv) - 1];
		bool is_signed = last == 'd' || last == 'i';
		bool is_ll = conv[0] == 'l' && conv[1] == 'l';
		bool is_l = conv[0] == 'l' && !is_ll;

		for (unsigned int f = 0; f < ARRAY_SIZE(flags); f++) {
			/* '#' is undefined for d/i/u; Septum does not implement it for 'o'. */
			if (strchr(flags[f], '#') && last != 'x' && last != 'X')
				continue;
			for (unsigned int w = 0; w < ARRAY_SIZE(widths); w++) {
				for (unsigned int p = 0; p < ARRAY_SIZE(precs); p++) {
					for (unsigned int v = 0; v < ARRAY_SIZE(values); v++) {
						char fmt[32], got[64], want[64];
						long long x = values[v];
						int n, m;

						snprintf(fmt, sizeof(fmt), "[%%%s%s%s%s]", flags[f],
							 widths[w], precs[p], conv);
						if (is_ll) {
							n = septum_snprintf(got, sizeof(got), fmt, x);
							m = snprintf(want, sizeof(want), fmt, x);
						} else if (is_l) {
							n = septum_snprintf(got, sizeof(got), fmt,
									    (unsigned long)x);
							m = snprintf(want, sizeof(want), fmt,
								     (unsigned long)x);
						} else if (is_signed) {
							n = septum_snprintf(got, sizeof(got), fmt, (int)x);
							m = snprintf(want, sizeof(want), fmt, (int)x);
						} else {
							n = septum_snprintf(got, sizeof(got), fmt,
									    (unsigned int)x);
							m = snprintf(want, sizeof(want), fmt,
								     (unsigned int)x);
						}
						if (n != m || strcmp(got, want) != 0)
							fail_msg("\"%s\" of %lld: Septum \"%s\" (%d), libc "
								 "\"%s\" (%d)",
								 fmt, x, got, n, want, m);
						checked++;
					}
				}
			}
		}
	}
	/* 8 conversions without '#' x 4 flags, 4 hex ones x 7 flags; 5 x 6 x 14 each. */
	assert_int_equal(checked, (8 * 4 + 4 * 7) * 5 * 6 * 14);

	/* Strings and characters. */
	for (unsigned int w = 0; w < ARRAY_SIZE(widths); w++) {
		for (unsigned int p = 0; p < ARRAY_SIZE(precs); p++) {
			for (int left = 0; left < 2; left++) {
				static const char *const strs[] = { "", "a", "septum",
								    "a longer string here" };
				char fmt[32], got[64], want[64];
				int n, m;

				for (unsigned int s = 0; s < ARRAY_SIZE(strs); s++) {
					snprintf(fmt, sizeof(fmt), "[%%%s%s%ss]", left ? "-" : "", widths[w],
						 precs[p]);
					n = septum_snprintf(got, sizeof(got), fmt, strs[s]);
					m = snprintf(want, sizeof(want), fmt, strs[s]);
					if (n != m || strcmp(got, want) != 0)
						fail_msg("\"%s\" of \"%s\": Septum \"%s\", libc \"%s\"", fmt,
							 strs[s], got, want);
				}
				snprintf(fmt, sizeof(fmt), "[%%%s%sc]", left ? "-" : "", widths[w]);
				n = septum_snprintf(got, sizeof(got), fmt, 'Z');
				m = snprintf(want, sizeof(want), fmt, 'Z');
				assert_int_equal(n, m);
				assert_string_equal(got, want);
			}
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_signed),
		cmocka_unit_test(test_unsigned),
		cmocka_unit_test(test_width_and_flags),
		cmocka_unit_test(test_precision),
		cmocka_unit_test(test_length_modifiers),
		cmocka_unit_test(test_pointer_and_char),
		cmocka_unit_test(test_unknown_conversion),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_grid_against_libc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
