/* months.c: the months rule in month units, and exact rounding helpers. */
#include "domain/months.h"

#include <stdio.h>

int64_t months_whole(int64_t months) { return months * MONTHS_UNIT; }

/* One calendar month touched by a period: the days it covers and the month's
 * length. next_piece() steps through them from *cursor to last. */
struct month_piece {
	int year, month;
	int covered, length;
};

static bool next_piece(sr_date *cursor, sr_date last, struct month_piece *p)
{
	if (*cursor > last)
		return false;
	int y, m, d;
	date_to_ymd(*cursor, &y, &m, &d);
	int dim = date_days_in_month(y, m);
	sr_date month_end = *cursor + (dim - d);
	sr_date piece_end = month_end < last ? month_end : last;
	p->year = y;
	p->month = m;
	p->covered = (int)(piece_end - *cursor + 1);
	p->length = dim;
	*cursor = piece_end + 1;
	return true;
}

/* The first month's days from first, the whole months between, the last
 * month's days up to last: the sum over next_piece()'s pieces, with two
 * date conversions instead of one per month (valuation and every report
 * period call it for each realisation). A whole month is exactly
 * MONTHS_UNIT: its days x MONTHS_UNIT / days. */
int64_t months_of_period(sr_date first, sr_date last)
{
	if (last < first)
		return 0;
	int y1, m1, d1, y2, m2, d2;
	date_to_ymd(first, &y1, &m1, &d1);
	date_to_ymd(last, &y2, &m2, &d2);
	int64_t unit1 = MONTHS_UNIT / date_days_in_month(y1, m1);
	if (y1 == y2 && m1 == m2)
		return (int64_t)(d2 - d1 + 1) * unit1;
	int dim1 = date_days_in_month(y1, m1);
	int64_t between = ((int64_t)y2 - y1) * 12 + (m2 - m1) - 1;
	return (int64_t)(dim1 - d1 + 1) * unit1 + between * MONTHS_UNIT +
	       (int64_t)d2 * (MONTHS_UNIT / date_days_in_month(y2, m2));
}

int64_t months_day_units_of_first(sr_date first, sr_date last, int64_t limit)
{
	int64_t day_units = 0;
	struct month_piece p;
	sr_date cursor = first;
	while (limit > 0 && next_piece(&cursor, last, &p)) {
		int64_t piece = (int64_t)p.covered * (MONTHS_UNIT / p.length);
		if (limit >= piece) {
			day_units += (int64_t)p.covered * MONTHS_UNIT;
			limit -= piece;
		} else {
			/* limit units of a p.length-day month are limit *
			 * length / MONTHS_UNIT days, i.e. limit * length day
			 * units. */
			day_units += limit * p.length;
			limit = 0;
		}
	}
	return day_units;
}

static int64_t gcd64(int64_t a, int64_t b)
{
	if (a < 0)
		a = -a;
	while (b) {
		int64_t t = a % b;
		a = b;
		b = t;
	}
	return a;
}

void months_format_fraction(int64_t units, char *out, int size)
{
	int64_t g = gcd64(units, MONTHS_UNIT);
	if (g == 0)
		g = 1;
	int64_t num = units / g, den = MONTHS_UNIT / g;
	if (den == 1)
		snprintf(out, (size_t)size, "%lld", (long long)num);
	else
		snprintf(out, (size_t)size, "%lld/%lld", (long long)num,
			 (long long)den);
}

void months_format_decimal(int64_t units, char *out, int size)
{
	int64_t tenthousandths =
	    exact_round_div((__int128)units * 10000, MONTHS_UNIT);
	int64_t whole = tenthousandths / 10000, frac = tenthousandths % 10000;
	if (frac == 0) {
		snprintf(out, (size_t)size, "%lld", (long long)whole);
		return;
	}
	char digits[8];
	snprintf(digits, sizeof digits, "%04lld", (long long)frac);
	for (int i = 3; i > 0 && digits[i] == '0'; i--)
		digits[i] = '\0';
	snprintf(out, (size_t)size, "%lld.%s", (long long)whole, digits);
}

int64_t exact_round_div(__int128 num, __int128 den)
{
	if (num >= 0)
		return (int64_t)((2 * num + den) / (2 * den));
	return -(int64_t)((-2 * num + den) / (2 * den));
}

bool exact_pct_tenths(int64_t part, int64_t whole, int64_t *tenths)
{
	if (whole <= 0)
		return false;
	*tenths = exact_round_div((__int128)part * 1000, whole);
	return true;
}

void exact_format_hundredths(int64_t v, char *out, int size)
{
	const char *sign = v < 0 ? "-" : "";
	int64_t a = v < 0 ? -v : v;
	if (a % 100 == 0)
		snprintf(out, (size_t)size, "%s%lld", sign,
			 (long long)(a / 100));
	else if (a % 10 == 0)
		snprintf(out, (size_t)size, "%s%lld.%lld", sign,
			 (long long)(a / 100), (long long)(a % 100 / 10));
	else
		snprintf(out, (size_t)size, "%s%lld.%02lld", sign,
			 (long long)(a / 100), (long long)(a % 100));
}
