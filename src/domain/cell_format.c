/* cell_format.c: see cell_format.h. */
#include "domain/cell_format.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const int64_t pow10s[] = {1, 10, 100, 1000, 10000, 100000, 1000000};

#define AMOUNT_MAX_DIGITS 17 /* keeps every scaled value within int64_t */

/* Skips spaces, no-break spaces (U+00A0, U+202F) and tabs. */
static const char *skip_space(const char *p)
{
	for (;;) {
		if (*p == ' ' || *p == '\t')
			p++;
		else if ((unsigned char)p[0] == 0xC2 &&
			 (unsigned char)p[1] == 0xA0)
			p += 2;
		else if ((unsigned char)p[0] == 0xE2 &&
			 (unsigned char)p[1] == 0x80 &&
			 (unsigned char)p[2] == 0xAF)
			p += 3;
		else
			return p;
	}
}

/* Skips a currency mark: the euro sign, "EUR" or "eur". */
static const char *skip_currency(const char *p)
{
	p = skip_space(p);
	if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x82 &&
	    (unsigned char)p[2] == 0xAC)
		return skip_space(p + 3);
	if (strncasecmp(p, "eur", 3) == 0 && !isalpha((unsigned char)p[3]))
		return skip_space(p + 3);
	return p;
}

/* Digits with their grouping checked: the integer part and the fraction
 * as digit strings. */
struct digits {
	char whole[32];
	size_t whole_len;
	char frac[32];
	size_t frac_len;
};

static bool is_group_mark(char c)
{
	return c == '.' || c == ',' || c == ' ' || c == '\'';
}

/* Splits "1.234.567,89" (already without sign and currency) into digits;
 * decides which mark is the decimal separator. */
static bool split_amount(const char *s, size_t len, struct digits *d,
			 const char **why)
{
	memset(d, 0, sizeof *d);
	int dots = 0, commas = 0;
	long last_dot = -1, last_comma = -1;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '.')
			dots++, last_dot = (long)i;
		else if (c == ',')
			commas++, last_comma = (long)i;
		else if (!isdigit((unsigned char)c) && c != ' ' && c != '\'') {
			*why = "is not a number";
			return false;
		}
	}
	long decimal_at = -1;
	if (dots && commas) {
		decimal_at = last_dot > last_comma ? last_dot : last_comma;
		if ((decimal_at == last_dot ? dots : commas) != 1) {
			*why = "is not a number";
			return false;
		}
	} else if (dots + commas == 1) {
		long at = dots ? last_dot : last_comma;
		size_t after = 0;
		for (size_t i = (size_t)at + 1;
		     i < len && isdigit((unsigned char)s[i]); i++)
			after++;
		if (!(after == 3 && (size_t)at + 4 == len))
			decimal_at = at;
	}
	size_t end = decimal_at >= 0 ? (size_t)decimal_at : len;
	/* The integer part: digits in groups of three after the first group
	 * when grouping marks are used. */
	size_t group = 0, groups = 0;
	bool grouped = false;
	for (size_t i = 0; i < end; i++) {
		char c = s[i];
		if (is_group_mark(c)) {
			if ((groups == 0 && group == 0) ||
			    (groups > 0 && group != 3)) {
				*why = "is not a number";
				return false;
			}
			grouped = true;
			groups++;
			group = 0;
			continue;
		}
		if (d->whole_len >= AMOUNT_MAX_DIGITS) {
			*why = "is too large";
			return false;
		}
		d->whole[d->whole_len++] = c;
		group++;
	}
	if ((grouped && group != 3) || (decimal_at < 0 && d->whole_len == 0) ||
	    (decimal_at == 0 && len == 1)) {
		*why = "is not a number";
		return false;
	}
	if (decimal_at >= 0) {
		for (size_t i = (size_t)decimal_at + 1; i < len; i++) {
			if (!isdigit((unsigned char)s[i])) {
				*why = "is not a number";
				return false;
			}
			if (d->frac_len >= sizeof d->frac - 1) {
				*why = "has too many decimals";
				return false;
			}
			d->frac[d->frac_len++] = s[i];
		}
		if (d->frac_len == 0 && d->whole_len == 0) {
			*why = "is not a number";
			return false;
		}
	}
	return true;
}

/* whole.frac scaled by 10^decimals; extra fraction digits must be zero. */
static bool scale_digits(const struct digits *d, int decimals, bool negative,
			 int64_t *out, const char **why)
{
	int64_t v = 0;
	for (size_t i = 0; i < d->whole_len; i++)
		v = v * 10 + (d->whole[i] - '0');
	for (size_t i = 0; i < d->frac_len; i++) {
		if ((int)i < decimals)
			continue;
		if (d->frac[i] != '0') {
			*why = decimals == 0   ? "must be a whole number"
			       : decimals == 2 ? "has more than two decimals"
					       : "has too many decimals";
			return false;
		}
	}
	for (int i = 0; i < decimals; i++)
		v = v * 10 + ((size_t)i < d->frac_len ? d->frac[i] - '0' : 0);
	*out = negative ? -v : v;
	return true;
}

bool cell_parse_amount(const char *text, int decimals, int64_t *out,
		       const char **why)
{
	*why = "is not a number";
	if (!text || decimals < 0 || decimals > 4)
		return false;
	const char *p = skip_currency(text);
	bool negative = false;
	if (*p == '-' || *p == '+') {
		negative = *p == '-';
		p = skip_currency(p + 1);
	}
	const char *end = p + strlen(p);
	/* Trailing spaces, a percent sign, a euro sign or "EUR". */
	for (;;) {
		while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		if (end - p >= 2 && (unsigned char)end[-2] == 0xC2 &&
		    (unsigned char)end[-1] == 0xA0) {
			end -= 2;
			continue;
		}
		if (end > p && end[-1] == '%') {
			end--;
			continue;
		}
		if (end - p >= 3 && (unsigned char)end[-3] == 0xE2 &&
		    (unsigned char)end[-2] == 0x82 &&
		    (unsigned char)end[-1] == 0xAC) {
			end -= 3;
			continue;
		}
		if (end - p >= 4 && strncasecmp(end - 3, "eur", 3) == 0 &&
		    !isalnum((unsigned char)end[-4])) {
			end -= 3;
			continue;
		}
		break;
	}
	size_t len = (size_t)(end - p);
	if (len == 0)
		return false;
	struct digits d;
	return split_amount(p, len, &d, why) &&
	       scale_digits(&d, decimals, negative, out, why);
}

bool cell_parse_plain_number(const char *text, int decimals, int64_t *out,
			     const char **why)
{
	*why = "is not a number";
	if (!text || decimals < 0 || decimals > 4)
		return false;
	const char *p = text;
	bool negative = false;
	if (*p == '-' || *p == '+')
		negative = *p++ == '-';
	/* Significant digits and the position of the decimal point. */
	char digits[40];
	int n = 0, point = -1;
	bool any = false;
	for (; *p && *p != 'e' && *p != 'E'; p++) {
		if (*p == '.') {
			if (point >= 0)
				return false;
			point = n;
			continue;
		}
		if (!isdigit((unsigned char)*p))
			return false;
		any = true;
		if (n == 0 && *p == '0' && point < 0)
			continue; /* leading zeros */
		if (n >= (int)sizeof digits - 1) {
			if (point >= 0)
				continue; /* far decimals: noise */
			*why = "is too large";
			return false;
		}
		digits[n++] = *p;
	}
	if (!any)
		return false;
	if (point < 0)
		point = n;
	if (*p == 'e' || *p == 'E') {
		p++;
		char *end;
		long e = strtol(p, &end, 10);
		if (end == p || *end || e > 30 || e < -30)
			return false;
		point += (int)e;
	}
	/* The value is 0.digits x 10^point; keep decimals + 6 guard digits. */
	int keep = point + decimals + 6;
	if (keep > AMOUNT_MAX_DIGITS + 6) {
		*why = "is too large";
		return false;
	}
	int64_t v = 0;
	for (int i = 0; i < keep; i++)
		v = v * 10 + (i >= 0 && i < n ? digits[i] - '0' : 0);
	/* Digits beyond the guard digits: rounding noise. */
	int64_t guard = v % pow10s[6];
	v /= pow10s[6];
	if (guard != 0) {
		if (guard <= 10)
			; /* ...0000001: noise */
		else if (guard >= pow10s[6] - 10)
			v += 1; /* ...9999999: noise */
		else {
			*why = decimals == 0   ? "must be a whole number"
			       : decimals == 2 ? "has more than two decimals"
					       : "has too many decimals";
			return false;
		}
	}
	*out = negative ? -v : v;
	return true;
}

/* Reads 1..max digits; false when none. */
static bool read_int(const char **p, int max, int *out, int *count)
{
	int v = 0, n = 0;
	while (n < max && isdigit((unsigned char)**p)) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	if (count)
		*count = n;
	*out = v;
	return n > 0;
}

static bool valid_ymd(int y, int m, int d)
{
	return y >= 1900 && y <= 2999 && m >= 1 && m <= 12 && d >= 1 &&
	       d <= date_days_in_month(y, m);
}

/* A time of day that is midnight: "T00:00", " 00:00:00", "00:00:00.000". */
static bool midnight(const char *p)
{
	if (!*p)
		return true;
	if (*p != 'T' && *p != ' ')
		return false;
	p++;
	for (; *p; p++)
		if (*p != '0' && *p != ':' && *p != '.' && *p != 'Z')
			return false;
	return true;
}

bool cell_parse_date(const char *text, sr_date *out)
{
	if (!text)
		return false;
	const char *p = skip_space(text);
	int a, b, c, na, nb, nc;
	if (!read_int(&p, 4, &a, &na))
		return false;
	char sep = *p;
	if (sep != '-' && sep != '/' && sep != '.')
		return false;
	p++;
	if (!read_int(&p, 2, &b, &nb) || *p != sep)
		return false;
	p++;
	if (!read_int(&p, 4, &c, &nc))
		return false;
	if (*skip_space(p) && !midnight(p))
		return false;
	int y, m, d;
	if (na == 4 && nc <= 2) {
		y = a, m = b, d = c;
	} else if (nc == 4 && na <= 2) {
		d = a, m = b, y = c;
	} else {
		return false;
	}
	if (!valid_ymd(y, m, d))
		return false;
	*out = date_from_ymd(y, m, d);
	return true;
}

bool cell_parse_month(const char *text, int *year, int *month)
{
	sr_date d;
	if (cell_parse_date(text, &d)) {
		int day;
		date_to_ymd(d, year, month, &day);
		return true;
	}
	if (!text)
		return false;
	const char *p = skip_space(text);
	int a, b, na, nb;
	if (!read_int(&p, 4, &a, &na))
		return false;
	char sep = *p;
	if (sep != '-' && sep != '/' && sep != '.')
		return false;
	p++;
	if (!read_int(&p, 4, &b, &nb) || *skip_space(p))
		return false;
	int y = na == 4 ? a : b, m = na == 4 ? b : a;
	if ((na == 4) == (nb == 4) || y < 1900 || y > 2999 || m < 1 || m > 12)
		return false;
	*year = y;
	*month = m;
	return true;
}

bool cell_excel_date(int64_t serial, sr_date *out)
{
	/* Day 1 is 1900-01-01; Excel counts a 29 February 1900 that never
	 * was (day 60), so later days are one too high. */
	if (serial < 1 || serial > 401768 || serial == 60)
		return false;
	sr_date base = date_from_ymd(1899, 12, 31);
	*out = base + (sr_date)serial - (serial > 60 ? 1 : 0);
	return true;
}

bool cell_parse_bool(const char *text, bool *out)
{
	static const char *const yes[] = {"ja", "yes", "true", "waar", "j",
					  "y",	"1",   "x",    NULL};
	static const char *const no[] = {"nee", "no", "false", "onwaar",
					 "n",	"0",  NULL};
	if (!text)
		return false;
	const char *p = skip_space(text);
	size_t len = strlen(p);
	while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
		len--;
	for (int i = 0; yes[i]; i++)
		if (strlen(yes[i]) == len && strncasecmp(p, yes[i], len) == 0) {
			*out = true;
			return true;
		}
	for (int i = 0; no[i]; i++)
		if (strlen(no[i]) == len && strncasecmp(p, no[i], len) == 0) {
			*out = false;
			return true;
		}
	return false;
}

void cell_format_amount(int64_t scaled, int decimals, char decimal_sep,
			char *out, size_t n)
{
	if (decimals <= 0 || decimals > 6) {
		snprintf(out, n, "%lld", (long long)scaled);
		return;
	}
	uint64_t a =
	    scaled < 0 ? (uint64_t)0 - (uint64_t)scaled : (uint64_t)scaled;
	uint64_t unit = (uint64_t)pow10s[decimals];
	snprintf(out, n, "%s%llu%c%0*llu", scaled < 0 ? "-" : "",
		 (unsigned long long)(a / unit), decimal_sep, decimals,
		 (unsigned long long)(a % unit));
}
