/* SPDX-License-Identifier: MIT */
/*
 * Levelled, printf-checked logging. Every line carries the tag of its
 * source: "septum" for the hypervisor itself (cells get their own tag).
 * A line is formatted first and written to the console in one piece, so
 * lines from different CPUs never interleave.
 */
#ifndef SEPTUM_LOG_H
#define SEPTUM_LOG_H

#include <septum/types.h>
#include <stdarg.h>

enum log_level { LOG_ERR, LOG_WARN, LOG_INFO, LOG_DEBUG };

#define LOG_LINE_MAX 256

void log_msg(enum log_level level, const char *fmt, ...) __printf(2, 3);
void log_vmsg(enum log_level level, const char *fmt, va_list ap);
void log_set_level(enum log_level level);

#define log_err(...) log_msg(LOG_ERR, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

/* A line written without the console lock: for fatal reports only. */
void log_emergency(const char *fmt, ...) __printf(1, 2);

/* A broken hypervisor invariant: report with file and line, stop. */
void panic_at(const char *file, int line, const char *fmt, ...) __printf(3, 4) __noreturn;
#define panic(...) panic_at(__FILE__, __LINE__, __VA_ARGS__)
#define BUG_ON(cond)                                \
	do {                                        \
		if (cond)                           \
			panic("BUG_ON(%s)", #cond); \
	} while (0)

#endif
