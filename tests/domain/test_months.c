/* test_months.c: the months rule in exact month units, and exact rounding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "domain/months.h"

static sr_date d(const char *text)
{
	sr_date x = 0;
	assert_true(date_parse(text, &x));
	return x;
}

static void whole_calendar_months_are_exactly_one(void **state)
{
	(void)state;
	assert_int_equal(months_of_period(d("2024-02-01"), d("2024-02-29")),
			 MONTHS_UNIT);
	assert_int_equal(months_of_period(d("2023-02-01"), d("2023-02-28")),
			 MONTHS_UNIT);
	assert_int_equal(months_of_period(d("2024-01-01"), d("2024-12-31")),
			 12 * MONTHS_UNIT);
	assert_int_equal(months_of_period(d("2024-03-01"), d("2025-02-28")),
			 12 * MONTHS_UNIT);
}

/* The example: 2024-01-15..2024-07-14 is 17/31 + 5 + 14/31 = 6. */
static void partial_months_add_up_to_six(void **state)
{
	(void)state;
	assert_int_equal(months_of_period(d("2024-01-15"), d("2024-07-14")),
			 6 * MONTHS_UNIT);
	/* one day of February 2024 is 1/29 month */
	assert_int_equal(months_of_period(d("2024-02-10"), d("2024-02-10")),
			 MONTHS_UNIT / 29);
	assert_int_equal(months_of_period(d("2024-02-10"), d("2024-02-09")), 0);
}

/* Splitting a period anywhere never changes its months. */
static void splitting_a_period_keeps_its_months(void **state)
{
	(void)state;
	srand(20241);
	for (int i = 0; i < 5000; i++) {
		sr_date first = d("2020-01-01") + rand() % 3000;
		sr_date last = first + rand() % 900;
		sr_date cut =
		    first + (last > first ? rand() % (last - first) : 0);
		assert_int_equal(months_of_period(first, last),
				 months_of_period(first, cut) +
				     months_of_period(cut + 1, last));
	}
}

static void day_units_follow_the_month_units(void **state)
{
	(void)state;
	sr_date a = d("2024-01-15"), b = d("2024-07-14");
	/* the whole period: 182 days */
	assert_int_equal(months_day_units_of_first(a, b, 6 * MONTHS_UNIT),
			 182 * MONTHS_UNIT);
	/* the first 17/31 month is 17 days (the January part) */
	assert_int_equal(
	    months_day_units_of_first(a, b, 17 * (MONTHS_UNIT / 31)),
	    17 * MONTHS_UNIT);
	/* half of February 2024 after January's 17 days: 14.5 days */
	assert_int_equal(months_day_units_of_first(
			     a, b, 17 * (MONTHS_UNIT / 31) + MONTHS_UNIT / 2),
			 17 * MONTHS_UNIT + 29 * MONTHS_UNIT / 2);
}

static void formats_months_exactly_and_rounded(void **state)
{
	(void)state;
	char text[32];
	months_format_fraction(6 * MONTHS_UNIT, text, sizeof text);
	assert_string_equal(text, "6");
	months_format_fraction(
	    months_of_period(d("2024-01-01"), d("2024-01-10")), text,
	    sizeof text);
	assert_string_equal(text, "10/31");
	months_format_decimal(
	    months_of_period(d("2024-01-01"), d("2024-01-10")), text,
	    sizeof text);
	assert_string_equal(text, "0.3226");
	months_format_decimal(MONTHS_UNIT / 2, text, sizeof text);
	assert_string_equal(text, "0.5");
}

static void rounds_half_up_once(void **state)
{
	(void)state;
	assert_int_equal(exact_round_div(5, 10), 1); /* 0.5 -> 1 */
	assert_int_equal(exact_round_div(4, 10), 0);
	assert_int_equal(exact_round_div(15, 10), 2); /* 1.5 -> 2 */
	assert_int_equal(exact_round_div(25, 10), 3); /* half up, not even */
	assert_int_equal(exact_round_div(-5, 10), -1);
	int64_t tenths;
	assert_true(exact_pct_tenths(1, 3, &tenths));
	assert_int_equal(tenths, 333);
	assert_true(exact_pct_tenths(2, 3, &tenths));
	assert_int_equal(tenths, 667);
	assert_false(exact_pct_tenths(1, 0, &tenths));
	char text[32];
	exact_format_hundredths(123456, text, sizeof text);
	assert_string_equal(text, "1234.56");
	exact_format_hundredths(150, text, sizeof text);
	assert_string_equal(text, "1.5");
	exact_format_hundredths(3600, text, sizeof text);
	assert_string_equal(text, "36");
}

/* months_of_period() counts by whole months; a day-by-day count (each day
 * 1/length of its month) agrees for every period over a leap year and
 * across year ends. */
static void months_agree_with_a_day_by_day_count(void **state)
{
	(void)state;
	sr_date start = date_from_ymd(2023, 11, 1);
	for (int a = 0; a < 500; a += 3) {
		int64_t by_day = 0;
		for (int b = a; b < a + 800; b++) {
			int y, m, d;
			date_to_ymd(start + b, &y, &m, &d);
			by_day += MONTHS_UNIT / date_days_in_month(y, m);
			if ((b - a) % 7 == 0 || b - a < 40)
				assert_int_equal(
				    months_of_period(start + a, start + b),
				    by_day);
		}
	}
	assert_int_equal(months_of_period(start + 5, start + 4), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(whole_calendar_months_are_exactly_one),
	    cmocka_unit_test(partial_months_add_up_to_six),
	    cmocka_unit_test(splitting_a_period_keeps_its_months),
	    cmocka_unit_test(day_units_follow_the_month_units),
	    cmocka_unit_test(formats_months_exactly_and_rounded),
	    cmocka_unit_test(rounds_half_up_once),
	    cmocka_unit_test(months_agree_with_a_day_by_day_count),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
