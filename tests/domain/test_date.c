/* test_date.c: the date type's parsing and arithmetic. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "domain/date.h"

static void parses_and_formats_round_trip(void **state)
{
	(void)state;
	sr_date d;
	char text[SR_DATE_TEXT_LEN];
	assert_true(date_parse("1970-01-01", &d));
	assert_int_equal(d, 0);
	assert_true(date_parse("2024-02-29", &d));
	date_format(d, text);
	assert_string_equal(text, "2024-02-29");
	for (sr_date x = date_from_ymd(1900, 1, 1); x < 60000; x += 7) {
		date_format(x, text);
		sr_date back;
		assert_true(date_parse(text, &back));
		assert_int_equal(back, x);
	}
}

static void refuses_invalid_dates(void **state)
{
	(void)state;
	sr_date d;
	assert_false(date_parse("2023-02-29", &d));
	assert_false(date_parse("2024-13-01", &d));
	assert_false(date_parse("2024-1-01", &d));
	assert_false(date_parse("2024-01-01T00:00", &d));
	assert_false(date_parse("", &d));
	assert_false(date_parse(NULL, &d));
	assert_false(date_parse("31-12-2024", &d));
}

static void adds_months_clamping_the_day(void **state)
{
	(void)state;
	sr_date d, e;
	char text[SR_DATE_TEXT_LEN];
	assert_true(date_parse("2024-01-31", &d));
	e = date_add_months(d, 1);
	date_format(e, text);
	assert_string_equal(text, "2024-02-29");
	e = date_add_months(d, 13);
	date_format(e, text);
	assert_string_equal(text, "2025-02-28");
	e = date_add_months(d, -2);
	date_format(e, text);
	assert_string_equal(text, "2023-11-30");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_and_formats_round_trip),
		cmocka_unit_test(refuses_invalid_dates),
		cmocka_unit_test(adds_months_clamping_the_day),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
