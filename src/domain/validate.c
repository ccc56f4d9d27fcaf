/* validate.c: see validate.h. */
#include "domain/validate.h"

#include <ctype.h>
#include <string.h>

#include "domain/refdata.h"

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

bool validate_bsn(const char *bsn, const char *field, struct sr_error *err)
{
	char digits[10];
	size_t n = bsn ? strlen(bsn) : 0;
	if ((n != 9 && n != 8) || !all_digits(bsn, n))
		return sr_fail(err, 422, "invalid_bsn", field,
			       "a BSN has 9 digits");
	if (n == 8) {
		digits[0] = '0';
		memcpy(digits + 1, bsn, 9);
	} else {
		memcpy(digits, bsn, 10);
	}
	int sum = 0;
	for (int i = 0; i < 8; i++)
		sum += (9 - i) * (digits[i] - '0');
	sum -= digits[8] - '0';
	if (sum % 11 != 0 || sum == 0)
		return sr_fail(err, 422, "invalid_bsn", field,
			       "this is not a valid BSN (eleven-test fails)");
	return true;
}

bool validate_kvk(const char *kvk, const char *field, struct sr_error *err)
{
	if (!kvk || strlen(kvk) != 8 || !all_digits(kvk, 8))
		return sr_fail(err, 422, "invalid_kvk", field,
			       "a KvK number has exactly 8 digits");
	return true;
}

bool validate_postcode(const char *pc, char out[8], const char *field,
		       struct sr_error *err)
{
	char compact[8];
	size_t n = 0;
	for (const char *p = pc ? pc : ""; *p; p++) {
		if (*p == ' ' && n == 4)
			continue;
		if (n == sizeof compact - 1)
			return sr_fail(err, 422, "invalid_postcode", field,
				       "a postcode looks like 1234 AB");
		compact[n++] = *p;
	}
	compact[n] = '\0';
	if (n != 6 || !all_digits(compact, 4) || compact[0] == '0' ||
	    !isalpha((unsigned char)compact[4]) ||
	    !isalpha((unsigned char)compact[5]))
		return sr_fail(err, 422, "invalid_postcode", field,
			       "a postcode looks like 1234 AB");
	char a = (char)toupper((unsigned char)compact[4]);
	char b = (char)toupper((unsigned char)compact[5]);
	/* SA, SD and SS are never issued. */
	if (a == 'S' && (b == 'A' || b == 'D' || b == 'S'))
		return sr_fail(err, 422, "invalid_postcode", field,
			       "postcodes with the letters SA, SD or SS do not "
			       "exist");
	memcpy(out, compact, 4);
	out[4] = ' ';
	out[5] = a;
	out[6] = b;
	out[7] = '\0';
	return true;
}

int postcode_area(const char *normalised)
{
	int v = 0;
	for (int i = 0; i < 4 && normalised[i] >= '0' && normalised[i] <= '9'; i++)
		v = v * 10 + (normalised[i] - '0');
	return v;
}

bool validate_cpv(const char *cpv, char out[11], const char *field,
		  struct sr_error *err)
{
	size_t n = cpv ? strlen(cpv) : 0;
	if (!((n == 8 && all_digits(cpv, 8)) ||
	      (n == 10 && all_digits(cpv, 8) && cpv[8] == '-' &&
	       isdigit((unsigned char)cpv[9]))))
		return sr_fail(err, 422, "invalid_cpv", field,
			       "a CPV code looks like 45000000-7");
	char code[9];
	memcpy(code, cpv, 8);
	code[8] = '\0';
	if (!refdata_get())
		return sr_fail(err, 503, "out_of_memory", field,
			       "the reference data could not be loaded");
	const struct ref_cpv *known = refdata_cpv(code);
	if (!known)
		return sr_fail(err, 422, "invalid_cpv", field,
			       "CPV code %s is not in the CPV 2008 list", code);
	if (n == 10 && cpv[9] != known->check_digit)
		return sr_fail(err, 422, "invalid_cpv", field,
			       "the check digit of CPV code %s is %c, not %c",
			       code, known->check_digit, cpv[9]);
	memcpy(out, code, 8);
	out[8] = '-';
	out[9] = known->check_digit;
	out[10] = '\0';
	return true;
}

bool validate_esco(const char *code, const char *field, struct sr_error *err)
{
	if (!refdata_get())
		return sr_fail(err, 503, "out_of_memory", field,
			       "the reference data could not be loaded");
	if (!code || !refdata_occupation(code))
		return sr_fail(err, 422, "invalid_esco", field,
			       "unknown ESCO occupation code '%s'",
			       code ? code : "");
	return true;
}

bool validate_date_range(sr_date start, sr_date end, const char *field,
			 struct sr_error *err)
{
	if (end < start)
		return sr_fail(err, 422, "invalid_date_range", field,
			       "the end date is before the start date");
	return true;
}

bool validate_money(int64_t cents, const char *field, struct sr_error *err)
{
	if (cents < 0)
		return sr_fail(err, 422, "invalid_money", field,
			       "an amount cannot be negative");
	return true;
}
