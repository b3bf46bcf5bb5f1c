// SPDX-License-Identifier: MIT
/*
 * Logging and panic. Lines look like "[septum] message" (warnings and
 * errors say so after the tag) and are written whole, so CPUs never
 * interleave within a line.
 */
#include <septum/arch.h>
#include <septum/console.h>
#include <septum/log.h>
#include <septum/string.h>

static enum log_level log_threshold = LOG_INFO;

static const char *const level_prefix[] = {
	[LOG_ERR] = "[septum] error: ",
	[LOG_WARN] = "[septum] warning: ",
	[LOG_INFO] = "[septum] ",
	[LOG_DEBUG] = "[septum] debug: ",
};

void log_set_level(enum log_level level)
{
	log_threshold = level;
}

/* "<prefix><formatted>\n" into line[LOG_LINE_MAX], truncated to fit. */
static size_t format_line(char *line, const char *prefix, const char *fmt, va_list ap)
{
	size_t n = strlen(prefix);

	memcpy(line, prefix, n);
	n += (size_t)vsnprintf(line + n, LOG_LINE_MAX - n, fmt, ap);
	if (n > LOG_LINE_MAX - 2)
		n = LOG_LINE_MAX - 2;
	line[n++] = '\n';
	line[n] = '\0';
	return n;
}

void log_vmsg(enum log_level level, const char *fmt, va_list ap)
{
	char line[LOG_LINE_MAX];

	if (level > log_threshold)
		return;
	console_write(line, format_line(line, level_prefix[level], fmt, ap));
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(level, fmt, ap);
	va_end(ap);
}

void log_emergency(const char *fmt, ...)
{
	char line[LOG_LINE_MAX];
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = format_line(line, level_prefix[LOG_INFO], fmt, ap);
	va_end(ap);
	console_write_unlocked(line, n);
}

void panic_at(const char *file, int line_no, const char *fmt, ...)
{
	char prefix[LOG_LINE_MAX / 2], line[LOG_LINE_MAX];
	va_list ap;
	size_t n;

	snprintf(prefix, sizeof(prefix), "[septum] PANIC on cpu%u at %s:%d: ", arch_cpu_id(), file, line_no);
	va_start(ap, fmt);
	n = format_line(line, prefix, fmt, ap);
	va_end(ap);
	/* The lock may be held by this very CPU: write without it. */
	console_write_unlocked(line, n);
	arch_cpu_park();
}
