/*
 * validate.h: validation of Dutch identifiers and codes (pure functions).
 * Each returns false and fills err (status 422, code "invalid_<what>",
 * the given field name) when the value is not valid.
 */
#ifndef SROI_DOMAIN_VALIDATE_H
#define SROI_DOMAIN_VALIDATE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"
#include "domain/date.h"

/* BSN: 9 digits (8 accepted with a leading zero added) passing the
 * eleven-test: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 divisible by 11, not 0. */
bool validate_bsn(const char *bsn, const char *field, struct sr_error *err);
/* KvK number: exactly 8 digits. */
bool validate_kvk(const char *kvk, const char *field, struct sr_error *err);
/* Dutch postcode "1234 AB", also "1234AB" or lower case; writes the
 * normalised form "1234 AB" into out (8 bytes). 4-digit area codes are
 * refused: a full postcode is asked for. */
bool validate_postcode(const char *pc, char out[8], const char *field,
		       struct sr_error *err);
/* The 4-digit area of a normalised postcode. */
int postcode_area(const char *normalised);
/* CPV code "45000000-7" (the check digit must match the shipped CPV list);
 * also accepted without the check digit, which is then filled in; out gets
 * "NNNNNNNN-D" (11 bytes). */
bool validate_cpv(const char *cpv, char out[11], const char *field,
		  struct sr_error *err);
/* ESCO occupation code known in the shipped list ("7112.1"). */
bool validate_esco(const char *code, const char *field, struct sr_error *err);
/* Date range: end >= start. */
bool validate_date_range(sr_date start, sr_date end, const char *field,
			 struct sr_error *err);
/* Money in cents: >= 0. */
bool validate_money(int64_t cents, const char *field, struct sr_error *err);

#endif
