/* log.c: timestamped lines on standard error. */
#include "base/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

static int quiet;

void log_set_quiet(int q)
{
	quiet = q;
}

static void log_line(const char *level, const char *fmt, va_list ap)
{
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
	char line[1024];
	vsnprintf(line, sizeof line, fmt, ap);
	fprintf(stderr, "%s %s %s\n", stamp, level, line);
}

void log_info(const char *fmt, ...)
{
	if (quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	log_line("info", fmt, ap);
	va_end(ap);
}

void log_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_line("WARN", fmt, ap);
	va_end(ap);
}

void log_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_line("ERROR", fmt, ap);
	va_end(ap);
}
