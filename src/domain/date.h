/*
 * date.h: calendar dates as a day number, with the arithmetic sroi needs.
 *
 * A date is the number of days since 1970-01-01 (proleptic Gregorian), so
 * comparisons and differences are integer operations. Text form is ISO 8601
 * `YYYY-MM-DD`; parsing is strict (no time part, valid day of month).
 */
#ifndef SROI_DOMAIN_DATE_H
#define SROI_DOMAIN_DATE_H

#include <stdbool.h>
#include <stdint.h>

typedef int32_t sr_date; /* days since 1970-01-01 */

#define SR_DATE_TEXT_LEN 11 /* "YYYY-MM-DD" plus NUL */

/* Parses exactly "YYYY-MM-DD" (years 1900-2999). Returns false otherwise. */
bool date_parse(const char *text, sr_date *out);
/* Parses "YYYY-MM" into year and month (birth months). */
bool date_parse_month(const char *text, int *year, int *month);
void date_format(sr_date d, char out[SR_DATE_TEXT_LEN]);

sr_date date_from_ymd(int year, int month, int day);
void date_to_ymd(sr_date d, int *year, int *month, int *day);

bool date_is_leap_year(int year);
int date_days_in_month(int year, int month);

/* Adds calendar months; the day is clamped to the last day of the target
 * month (2024-01-31 + 1 month = 2024-02-29). */
sr_date date_add_months(sr_date d, int months);

/* Today in UTC. The only impure function here: callers in src/domain take
 * "as of" dates as parameters instead of calling it. */
sr_date date_today(void);

#endif
