// SPDX-License-Identifier: MIT
/*
 * Host unit tests for the hypervisor's C library subset (src/core/string.c):
 * memcpy/memset on aligned and unaligned buffers of every small length,
 * memmove with overlap both ways, memcmp, memchr, the str* functions and
 * strtoul's bases, prefixes and end pointer. The source is included with
 * its functions renamed septum_*, so the host C library stays available as
 * the reference.
 */
/* The file under test is #included below, not listed in UNIT-SOURCES. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#define memcpy septum_memcpy
#define memmove septum_memmove
#define memset septum_memset
#define memcmp septum_memcmp
#define memchr septum_memchr
#define strlen septum_strlen
#define strnlen septum_strnlen
#define strcmp septum_strcmp
#define strncmp septum_strncmp
#define strchr septum_strchr
#define strrchr septum_strrchr
#define strtoul septum_strtoul
void *septum_memcpy(void *dst, const void *src, size_t n);
void *septum_memmove(void *dst, const void *src, size_t n);
void *septum_memset(void *dst, int c, size_t n);
int septum_memcmp(const void *a, const void *b, size_t n);
void *septum_memchr(const void *s, int c, size_t n);
size_t septum_strlen(const char *s);
size_t septum_strnlen(const char *s, size_t max);
int septum_strcmp(const char *a, const char *b);
int septum_strncmp(const char *a, const char *b, size_t n);
char *septum_strchr(const char *s, int c);
char *septum_strrchr(const char *s, int c);
unsigned long septum_strtoul(const char *s, char **end, int base);
#include "../../src/core/string.c"
#undef memcpy
#undef memmove
#undef memset
#undef memcmp
#undef memchr
#undef strlen
#undef strnlen
#undef strcmp
#undef strncmp
#undef strchr
#undef strrchr
#undef strtoul

#define BUF 160

static void fill_pattern(unsigned char *p, size_t n, unsigned int seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 7 + seed * 13 + 1);
}

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

/* Every length 0..100 at every alignment 0..8 of source and destination. */
static void test_memcpy(void **state)
{
	_Alignas(8) unsigned char src[BUF], dst[BUF], ref[BUF];

	(void)state;
	fill_pattern(src, sizeof(src), 1);
	for (size_t so = 0; so <= 8; so++) {
		for (size_t d_off = 0; d_off <= 8; d_off++) {
			for (size_t n = 0; n <= 100; n++) {
				void *r;

				memset(dst, 0xee, sizeof(dst));
				memset(ref, 0xee, sizeof(ref));
				memcpy(ref + d_off, src + so, n);
				r = septum_memcpy(dst + d_off, src + so, n);
				assert_ptr_equal(r, dst + d_off);
				/* Also nothing written outside [d_off, d_off + n). */
				assert_memory_equal(dst, ref, sizeof(dst));
			}
		}
	}
}

static void test_memset(void **state)
{
	_Alignas(8) unsigned char dst[BUF], ref[BUF];

	(void)state;
	for (size_t off = 0; off <= 8; off++) {
		for (size_t n = 0; n <= 100; n++) {
			void *r;

			memset(dst, 0x11, sizeof(dst));
			memset(ref, 0x11, sizeof(ref));
			memset(ref + off, 0xa5, n);
			r = septum_memset(dst + off, 0xa5, n);
			assert_ptr_equal(r, dst + off);
			assert_memory_equal(dst, ref, sizeof(dst));
		}
	}
	/* Only the low byte of c counts. */
	septum_memset(dst, 0x1ff, 16);
	for (int i = 0; i < 16; i++)
		assert_int_equal(dst[i], 0xff);
	septum_memset(dst, -2, 3);
	assert_int_equal(dst[2], 0xfe);
	assert_int_equal(dst[3], 0xff);
}

/* Overlap forwards and backwards, by every distance 0..40, at several alignments and lengths. */
static void test_memmove(void **state)
{
	_Alignas(8) unsigned char buf[BUF], ref[BUF];

	(void)state;
	for (size_t base = 0; base <= 8; base += 4) {
		for (size_t dist = 0; dist <= 40; dist++) {
			for (size_t n = 0; n <= 96; n += 1 + n / 8) {
				void *r;

				/* dst above src. */
				fill_pattern(buf, sizeof(buf), 3);
				fill_pattern(ref, sizeof(ref), 3);
				memmove(ref + base + dist, ref + base, n);
				r = septum_memmove(buf + base + dist, buf + base, n);
				assert_ptr_equal(r, buf + base + dist);
				assert_memory_equal(buf, ref, sizeof(buf));

				/* dst below src. */
				fill_pattern(buf, sizeof(buf), 5);
				fill_pattern(ref, sizeof(ref), 5);
				memmove(ref + base, ref + base + dist, n);
				r = septum_memmove(buf + base, buf + base + dist, n);
				assert_ptr_equal(r, buf + base);
				assert_memory_equal(buf, ref, sizeof(buf));
			}
		}
	}
	{
		char s[] = "abcdefgh";

		septum_memmove(s + 2, s, 5);
		assert_string_equal(s, "ababcdeh");
		septum_memmove(s, s + 3, 5);
		assert_string_equal(s, "bcdehdeh");
	}
}

static void test_memcmp_memchr(void **state)
{
	static const unsigned char a[] = { 1, 2, 3, 0x80, 5 }, b[] = { 1, 2, 3, 0x01, 5 };
	static const char text[] = "hello\0world";

	(void)state;
	assert_int_equal(septum_memcmp(a, a, sizeof(a)), 0);
	assert_int_equal(septum_memcmp(a, b, 3), 0);
	assert_int_equal(septum_memcmp(a, b, 0), 0);
	/* Bytes compare as unsigned char. */
	assert_int_equal(sign(septum_memcmp(a, b, 4)), 1);
	assert_int_equal(sign(septum_memcmp(b, a, 4)), -1);
	assert_int_equal(septum_memcmp("abc", "abd", 3), 'c' - 'd');
	/* Not stopped by a NUL. */
	assert_int_equal(sign(septum_memcmp("a\0b", "a\0c", 3)), -1);

	assert_ptr_equal(septum_memchr(text, 'o', sizeof(text)), text + 4);
	assert_ptr_equal(septum_memchr(text, 'w', sizeof(text)), text + 6);
	assert_ptr_equal(septum_memchr(text, '\0', sizeof(text)), text + 5);
	assert_null(septum_memchr(text, 'w', 6));
	assert_null(septum_memchr(text, 'h', 0));
	assert_ptr_equal(septum_memchr(a, 0x180, sizeof(a)), a + 3);
}

static void test_strlen_strcmp(void **state)
{
	static const char *const words[] = { "", "a", "ab", "abc", "abd", "b", "\xff", "\x01", "abc\xff" };

	(void)state;
	assert_int_equal(septum_strlen(""), 0);
	assert_int_equal(septum_strlen("septum"), 6);
	assert_int_equal(septum_strnlen("septum", 3), 3);
	assert_int_equal(septum_strnlen("septum", 6), 6);
	assert_int_equal(septum_strnlen("septum", 100), 6);
	assert_int_equal(septum_strnlen("septum", 0), 0);
	{
		/* strnlen reads no further than max. */
		static const char four[4] = { 'a', 'b', 'c', 'd' };

		assert_int_equal(septum_strnlen(four, sizeof(four)), 4);
	}

	for (unsigned int i = 0; i < ARRAY_SIZE(words); i++) {
		for (unsigned int j = 0; j < ARRAY_SIZE(words); j++) {
			const char *x = words[i], *y = words[j];

			assert_int_equal(sign(septum_strcmp(x, y)), sign(strcmp(x, y)));
			for (size_t n = 0; n <= 5; n++)
				assert_int_equal(sign(septum_strncmp(x, y, n)), sign(strncmp(x, y, n)));
		}
	}
	assert_int_equal(septum_strncmp("abcx", "abcy", 3), 0);
	assert_int_equal(septum_strncmp("abc", "abc", 100), 0);
	assert_int_equal(septum_strncmp("abc\0x", "abc\0y", 6), 0);
	assert_int_equal(septum_strcmp("a", "b"), 'a' - 'b');
	assert_int_equal(septum_strcmp("\xff", "a"), 0xff - 'a');
}

static void test_strchr_strrchr(void **state)
{
	static const char s[] = "a/b/c", empty[] = "", high[] = "x\xe9y\xe9";

	(void)state;
	assert_ptr_equal(septum_strchr(s, '/'), s + 1);
	assert_ptr_equal(septum_strrchr(s, '/'), s + 3);
	assert_ptr_equal(septum_strchr(s, 'a'), s);
	assert_ptr_equal(septum_strrchr(s, 'a'), s);
	assert_ptr_equal(septum_strchr(s, 'c'), s + 4);
	assert_null(septum_strchr(s, 'x'));
	assert_null(septum_strrchr(s, 'x'));
	/* The terminator is part of the string. */
	assert_ptr_equal(septum_strchr(s, '\0'), s + 5);
	assert_ptr_equal(septum_strrchr(s, '\0'), s + 5);
	assert_null(septum_strchr("", 'a'));
	assert_ptr_equal(septum_strrchr(empty, '\0'), empty);
	/* c is converted to char. */
	assert_ptr_equal(septum_strchr(s, '/' + 256), s + 1);
	assert_ptr_equal(septum_strchr(high, 0xe9), high + 1);
	assert_ptr_equal(septum_strrchr(high, 0xe9), high + 3);
}

struct strtoul_case {
	const char *s;
	int base;
	unsigned long value;
	int end; /* offset of *end in s */
};

static void test_strtoul(void **state)
{
	/* Standard C cases: the host strtoul must agree. */
	static const struct strtoul_case std[] = {
		{ "0", 10, 0, 1 },
		{ "123", 10, 123, 3 },
		{ "123abc", 10, 123, 3 },
		{ "  42", 10, 42, 4 },
		{ "\t7 8", 10, 7, 2 },
		{ "0x1F", 0, 31, 4 },
		{ "0X1f", 16, 31, 4 },
		{ "1f", 16, 31, 2 },
		{ "0x", 16, 0, 1 },
		{ "0xg", 0, 0, 1 },
		{ "0x1F", 10, 0, 1 },
		{ "017", 0, 15, 3 },
		{ "017", 10, 17, 3 },
		{ "09", 0, 0, 1 },
		{ "0", 0, 0, 1 },
		{ "987", 0, 987, 3 },
		{ "1012", 2, 5, 3 },
		{ "777", 8, 511, 3 },
		{ "zZ", 36, 35 * 36 + 35, 2 },
		{ "Septum", 36, 1717772638UL, 6 },
		{ "ffffffffffffffff", 16, ULONG_MAX, 16 },
		{ "18446744073709551615", 10, ULONG_MAX, 20 },
		{ "18446744073709551616", 10, ULONG_MAX, 20 },
		{ "0x10000000000000000", 0, ULONG_MAX, 19 },
		{ "99999999999999999999999", 10, ULONG_MAX, 23 },
		{ "", 10, 0, 0 },
		{ "xyz", 10, 0, 0 },
		{ "   ", 10, 0, 0 },
		{ "  z", 16, 0, 0 },
	};

	(void)state;
	for (unsigned int i = 0; i < ARRAY_SIZE(std); i++) {
		const struct strtoul_case *c = &std[i];
		char *end = NULL, *lend = NULL;
		unsigned long v = septum_strtoul(c->s, &end, c->base);
		unsigned long lv = strtoul(c->s, &lend, c->base);

		if (v != c->value || end != c->s + c->end)
			fail_msg("strtoul(\"%s\", %d) = %lu end +%td, want %lu end +%d", c->s, c->base, v,
				 end - c->s, c->value, c->end);
		if (lv != v || lend != end)
			fail_msg("strtoul(\"%s\", %d): Septum %lu +%td, libc %lu +%td", c->s, c->base, v,
				 end - c->s, lv, lend - c->s);
	}
	/* end may be NULL. */
	assert_int_equal(septum_strtoul("0x40000000", NULL, 0), 0x40000000UL);
	/* Septum takes no sign: "-1" is not a number (C would give ULONG_MAX). */
	{
		const char *s = "-1";
		char *end;

		assert_int_equal(septum_strtoul(s, &end, 10), 0);
		assert_ptr_equal(end, s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memcpy),	      cmocka_unit_test(test_memset),
		cmocka_unit_test(test_memmove),	      cmocka_unit_test(test_memcmp_memchr),
		cmocka_unit_test(test_strlen_strcmp), cmocka_unit_test(test_strchr_strrchr),
		cmocka_unit_test(test_strtoul),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
