// SPDX-License-Identifier: MIT
/*
 * vsnprintf for the hypervisor: %d %i %u %x %X %o %c %s %p %%, with flags
 * '-', '0', width, precision (also '*') and the length modifiers hh h l ll z.
 * Output is always NUL-terminated and never overruns the buffer; the return
 * value is the length the full output would have had, as in C99.
 */
#include <septum/string.h>
#include <septum/types.h>

struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

static void put_str(struct out *o, const char *s, int width, int prec, bool left)
{
	int len;

	if (!s)
		s = "(null)";
	len = (int)strnlen(s, prec >= 0 ? (size_t)prec : (size_t)-1);
	if (!left)
		pad(o, ' ', width - len);
	for (int i = 0; i < len; i++)
		put(o, s[i]);
	if (left)
		pad(o, ' ', width - len);
}

/* Right-aligned or zero-padded number; left alignment is padded by the caller. */
static void put_num(struct out *o, unsigned long long v, bool neg, unsigned int base, bool upper, int width,
		    int prec, bool left, bool zero, const char *prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, plen = (int)strlen(prefix) + (neg ? 1 : 0), zeros;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (prec == 0 && n == 1 && tmp[0] == '0')
		n = 0;
	zeros = prec > n ? prec - n : 0;
	if (zero && !left && prec < 0 && width > n + plen)
		zeros = width - n - plen;
	if (!left)
		pad(o, ' ', width - n - zeros - plen);
	if (neg)
		put(o, '-');
	while (*prefix)
		put(o, *prefix++);
	pad(o, '0', zeros);
	while (n)
		put(o, tmp[--n]);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		bool left = false, zero = false, alt = false;
		int width = 0, prec = -1, lng = 0;
		size_t start;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		for (fmt++;; fmt++) {
			if (*fmt == '-')
				left = true;
			else if (*fmt == '0')
				zero = true;
			else if (*fmt == '#')
				alt = true;
			else
				break;
		}
		if (*fmt == '*') {
			width = va_arg(ap, int);
			if (width < 0) {
				left = true;
				width = -width;
			}
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		if (*fmt == '.') {
			prec = 0;
			fmt++;
			if (*fmt == '*') {
				prec = va_arg(ap, int);
				fmt++;
			}
			while (*fmt >= '0' && *fmt <= '9')
				prec = prec * 10 + (*fmt++ - '0');
		}
		for (;; fmt++) {
			if (*fmt == 'l')
				lng++;
			else if (*fmt == 'z')
				lng = 2;
			else if (*fmt == 'h')
				lng = lng > 0 ? lng : lng - 1; /* h: -1, hh: -2 */
			else
				break;
		}
		start = o.len;
		switch (*fmt) {
		case 'd':
		case 'i': {
			long long v = lng >= 2	 ? va_arg(ap, long long)
				      : lng == 1 ? va_arg(ap, long)
						 : va_arg(ap, int);
			unsigned long long u;

			/* C99 7.19.6.1: the promoted int is converted back to short or char (sign-extended). */
			if (lng == -1)
				v = ((v & 0xffff) ^ 0x8000) - 0x8000;
			else if (lng < -1)
				v = ((v & 0xff) ^ 0x80) - 0x80;
			u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

			put_num(&o, u, v < 0, 10, false, width, prec, left, zero, "");
			break;
		}
		case 'u':
		case 'x':
		case 'X':
		case 'o': {
			unsigned long long v = lng >= 2	  ? va_arg(ap, unsigned long long)
					       : lng == 1 ? va_arg(ap, unsigned long)
							  : va_arg(ap, unsigned int);
			unsigned int base = *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16;
			const char *prefix;

			if (lng == -1)
				v = (unsigned short)v;
			else if (lng < -1)
				v = (unsigned char)v;
			prefix = alt && v && base == 16 ? (*fmt == 'X' ? "0X" : "0x") : "";

			put_num(&o, v, false, base, *fmt == 'X', width, prec, left, zero, prefix);
			break;
		}
		case 'p':
			put_num(&o, (uintptr_t)va_arg(ap, void *), false, 16, false, width, prec, left, zero,
				"0x");
			break;
		case 'c': {
			char c = (char)va_arg(ap, int);

			if (!left)
				pad(&o, ' ', width - 1);
			put(&o, c);
			break;
		}
		case 's':
			put_str(&o, va_arg(ap, const char *), width, prec, left);
			break;
		case '%':
			put(&o, '%');
			break;
		default:
			put(&o, '%');
			if (*fmt)
				put(&o, *fmt);
			else
				fmt--;
			break;
		}
		if (left && *fmt != 's')
			pad(&o, ' ', width - (int)(o.len - start));
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
