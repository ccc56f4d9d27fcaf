/* error.c: filling struct sr_error. */
#include "base/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

bool sr_fail(struct sr_error *err, int status, const char *code,
	     const char *field, const char *fmt, ...)
{
	if (!err)
		return false;
	err->status = status;
	snprintf(err->code, sizeof err->code, "%s", code ? code : "error");
	snprintf(err->field, sizeof err->field, "%s", field ? field : "");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	return false;
}

void sr_error_clear(struct sr_error *err)
{
	if (err)
		memset(err, 0, sizeof *err);
}
