// SPDX-License-Identifier: MIT
/*
 * The small C library the hypervisor needs: memory and string functions
 * used by Septum itself and by libfdt. memcpy and memset move 8 bytes at a
 * time when both ends are 8-byte aligned (cells' memory is zeroed and their
 * payloads copied with them) and fall back to bytes otherwise: the
 * hypervisor is built with -mstrict-align.
 */
#include <septum/string.h>
#include <septum/types.h>

#define WORD sizeof(uint64_t)

void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (IS_ALIGNED((uintptr_t)d | (uintptr_t)s, WORD)) {
		for (; n >= 4 * WORD; n -= 4 * WORD, d += 4 * WORD, s += 4 * WORD) {
			uint64_t a = ((const uint64_t *)s)[0], b = ((const uint64_t *)s)[1];
			uint64_t c = ((const uint64_t *)s)[2], e = ((const uint64_t *)s)[3];

			((uint64_t *)d)[0] = a;
			((uint64_t *)d)[1] = b;
			((uint64_t *)d)[2] = c;
			((uint64_t *)d)[3] = e;
		}
		for (; n >= WORD; n -= WORD, d += WORD, s += WORD)
			*(uint64_t *)d = *(const uint64_t *)s;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d < s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	if (IS_ALIGNED((uintptr_t)d, WORD)) {
		uint64_t v = 0x0101010101010101ULL * (unsigned char)c;

		for (; n >= 4 * WORD; n -= 4 * WORD, d += 4 * WORD) {
			((uint64_t *)d)[0] = v;
			((uint64_t *)d)[1] = v;
			((uint64_t *)d)[2] = v;
			((uint64_t *)d)[3] = v;
		}
		for (; n >= WORD; n -= WORD, d += WORD)
			*(uint64_t *)d = v;
	}
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

/*
 * As C99 7.20.1.4 for bases 0 and 2 to 36, except that it takes no sign and
 * skips only spaces and tabs: *end is @s itself when there are no digits,
 * and a value too large gives ULONG_MAX.
 */
unsigned long strtoul(const char *s, char **end, int base)
{
	const char *start = s;
	unsigned long v = 0;
	bool digits = false, overflow = false;

	while (*s == ' ' || *s == '\t')
		s++;
	if ((base == 0 || base == 16) && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
	    digit_value(s[2]) < 16) {
		s += 2;
		base = 16;
	} else if (base == 0) {
		base = s[0] == '0' ? 8 : 10;
	}
	for (; digit_value(*s) < base; s++) {
		unsigned long d = (unsigned long)digit_value(*s);

		if (v > (~0UL - d) / (unsigned long)base)
			overflow = true;
		v = v * (unsigned long)base + d;
		digits = true;
	}
	if (end)
		*end = (char *)(digits ? s : start);
	return overflow ? ~0UL : v;
}
