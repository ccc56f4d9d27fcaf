/*
 * error.h: errors as values.
 *
 * Every fallible function in sroi takes a `struct sr_error *` and fills it on
 * failure. The API layer turns it into {"error":{"code","message","field"}}
 * with `status` as the HTTP status; the CLI prints the message and maps the
 * status to an exit code. Nothing aborts on bad input.
 */
#ifndef SROI_BASE_ERROR_H
#define SROI_BASE_ERROR_H

#include <stdbool.h>

struct sr_error {
	int status;        /* HTTP-style status: 400, 404, 409, 422, 500, 503 ... */
	char code[48];     /* machine-readable: "invalid_json", "not_found", ... */
	char message[320]; /* one sentence for a person */
	char field[96];    /* the field or JSON path concerned, "" when none */
};

/* Fills err (when not NULL) and returns false, so callers can write
 * `return sr_fail(err, 422, "invalid_bsn", "bsn", "...");`. */
bool sr_fail(struct sr_error *err, int status, const char *code,
	     const char *field, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

void sr_error_clear(struct sr_error *err);

#endif
