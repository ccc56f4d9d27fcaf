/*
 * months.h: the months rule, in exact integer arithmetic.
 *
 * The months of a period are the sum, over the calendar months it touches, of
 * (days covered in that month / days in that month): 2024-01-15..2024-07-14 is
 * 17/31 + 5 + 14/31 = 6 months. Every such fraction has denominator 28, 29, 30
 * or 31, so all of them are whole multiples of 1/MONTHS_UNIT with MONTHS_UNIT =
 * lcm(28, 29, 30, 31) = 377580. sroi therefore counts months as an int64 of
 * "month units": one day of a d-day month is MONTHS_UNIT/d units, a whole
 * calendar month is exactly MONTHS_UNIT, and splitting a period never changes
 * its total. No floating point is involved anywhere.
 *
 * Periods are inclusive [first, last]. "Day units" (1/MONTHS_UNIT of a day)
 * express the days of a period cut at a month-unit boundary, which may fall
 * inside a day; the hours unit (hours a week x days / 7) needs them.
 *
 * The second half of this header holds the exact-arithmetic helpers that the
 * valuation, obligation and settlement share (rounding half-up once).
 */
#ifndef SROI_DOMAIN_MONTHS_H
#define SROI_DOMAIN_MONTHS_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/date.h"

#define MONTHS_UNIT INT64_C(377580)

/* Month units of [first, last]; 0 when last < first. */
int64_t months_of_period(sr_date first, sr_date last);
/* Month units of whole months (12 -> 12 * MONTHS_UNIT). */
int64_t months_whole(int64_t months);

/* Day units (days x MONTHS_UNIT) of the first `limit` month units of
 * [first, last]; the whole period's days when limit covers it. */
int64_t months_day_units_of_first(sr_date first, sr_date last, int64_t limit);

/* Writes month units as an exact fraction of months ("6", "184/31") and as
 * a decimal rounded half-up to 4 places ("5.9355"). */
void months_format_fraction(int64_t units, char *out, int size);
void months_format_decimal(int64_t units, char *out, int size);

/* --- exact arithmetic --------------------------------------------------- */

/* num / den rounded half-up (away from zero on .5 for negatives as well);
 * den > 0. The one rounding step of every money figure goes through here. */
int64_t exact_round_div(__int128 num, __int128 den);

/* part / whole as a percentage in tenths, rounded half-up (83.3% -> 833).
 * False when whole <= 0 (no percentage). */
bool exact_pct_tenths(int64_t part, int64_t whole, int64_t *tenths);

/* Writes a value in hundredths as a decimal: 150 -> "1.5", 3600 -> "36",
 * 1234567 -> "12345.67". */
void exact_format_hundredths(int64_t v, char *out, int size);

#endif
