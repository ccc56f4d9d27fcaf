/* test_cell_format.c: amounts, dates and yes/no as Dutch and English
 * spreadsheets write them; amounts exact to the cent. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "domain/cell_format.h"

static int64_t cents(const char *text)
{
	int64_t v = -1;
	const char *why = NULL;
	assert_true(cell_parse_amount(text, 2, &v, &why));
	return v;
}

static bool refused(const char *text, int decimals)
{
	int64_t v;
	const char *why = NULL;
	bool ok = cell_parse_amount(text, decimals, &v, &why);
	if (!ok)
		assert_non_null(why);
	return !ok;
}

static void reads_dutch_and_english_amounts_exactly(void **state)
{
	(void)state;
	assert_int_equal(cents("1.234,56"), 123456);
	assert_int_equal(cents("1,234.56"), 123456);
	assert_int_equal(cents("1234,5"), 123450);
	assert_int_equal(cents("1234.50"), 123450);
	assert_int_equal(cents("1.234"),
			 123400); /* a lone separator before 3 digits groups */
	assert_int_equal(cents("1,234"), 123400);
	assert_int_equal(cents("1.000.000"), 100000000);
	assert_int_equal(cents("€ 1.000.000,01"), 100000001);
	assert_int_equal(cents("EUR 12"), 1200);
	assert_int_equal(cents("12 €"), 1200);
	assert_int_equal(cents("1 234 567,89"), 123456789);
	assert_int_equal(cents("-12,30"), -1230);
	assert_int_equal(cents(",5"), 50);
	assert_int_equal(cents("92233720368547,75"), INT64_C(9223372036854775));
}

static void refuses_what_is_not_an_amount(void **state)
{
	(void)state;
	assert_true(refused("1.234,567", 2)); /* three decimals */
	assert_true(refused("12,345.6.7", 2));
	assert_true(refused("1.23.456", 2)); /* groups of three */
	assert_true(refused("12a", 2));
	assert_true(refused("", 2));
	assert_true(refused("€", 2));
	assert_true(refused(".", 2));
	assert_true(refused("12,5", 0)); /* a whole number was asked */
	assert_true(refused("123456789012345678", 2));
	int64_t v;
	const char *why;
	assert_true(cell_parse_amount("32,00", 0, &v, &why));
	assert_int_equal(v, 32);
}

static void reads_machine_numbers_and_rounds_only_float_noise(void **state)
{
	(void)state;
	int64_t v;
	const char *why;
	assert_true(cell_parse_plain_number("1234.5599999999999", 2, &v, &why));
	assert_int_equal(v, 123456);
	assert_true(cell_parse_plain_number("1234567.8899999999", 2, &v, &why));
	assert_int_equal(v, 123456789);
	assert_true(
	    cell_parse_plain_number("0.30000000000000004", 2, &v, &why));
	assert_int_equal(v, 30);
	assert_true(cell_parse_plain_number("1.5E+3", 2, &v, &why));
	assert_int_equal(v, 150000);
	assert_true(cell_parse_plain_number("1.234", 3, &v, &why));
	assert_int_equal(v, 1234);
	assert_false(
	    cell_parse_plain_number("1.234", 2, &v, &why)); /* not 1234 */
	assert_false(cell_parse_plain_number("1,5", 2, &v, &why));
	assert_true(cell_parse_plain_number("-2", 0, &v, &why));
	assert_int_equal(v, -2);
}

static void reads_dates_and_months(void **state)
{
	(void)state;
	sr_date d, e;
	assert_true(cell_parse_date("31-12-2024", &d));
	assert_true(date_parse("2024-12-31", &e));
	assert_int_equal(d, e);
	assert_true(cell_parse_date("2024-12-31", &d) && d == e);
	assert_true(cell_parse_date("31/12/2024", &d) && d == e);
	assert_true(cell_parse_date("31.12.2024", &d) && d == e);
	assert_true(cell_parse_date("2024-12-31T00:00:00", &d) && d == e);
	assert_true(cell_parse_date("1-2-2024", &d));
	assert_true(date_parse("2024-02-01", &e) && d == e);
	assert_false(cell_parse_date("31-02-2024", &d));
	assert_false(cell_parse_date("2024-12-31T10:00", &d));
	assert_false(cell_parse_date("12-31-24", &d));
	assert_false(cell_parse_date("morgen", &d));
	int y, m;
	assert_true(cell_parse_month("06-1985", &y, &m) && y == 1985 && m == 6);
	assert_true(cell_parse_month("1985-06", &y, &m) && y == 1985 && m == 6);
	assert_true(cell_parse_month("15-06-1985", &y, &m) && y == 1985 &&
		    m == 6);
	assert_false(cell_parse_month("13-1985", &y, &m));
	/* Excel's day numbers, with its 29 February 1900 */
	assert_true(cell_excel_date(45292, &d) &&
		    date_parse("2024-01-01", &e) && d == e);
	assert_true(cell_excel_date(59, &d) && date_parse("1900-02-28", &e) &&
		    d == e);
	assert_true(cell_excel_date(61, &d) && date_parse("1900-03-01", &e) &&
		    d == e);
	assert_false(cell_excel_date(60, &d));
}

static void reads_yes_and_no_and_formats_amounts(void **state)
{
	(void)state;
	bool b;
	assert_true(cell_parse_bool("Ja", &b) && b);
	assert_true(cell_parse_bool(" nee ", &b) && !b);
	assert_true(cell_parse_bool("WAAR", &b) && b);
	assert_true(cell_parse_bool("0", &b) && !b);
	assert_false(cell_parse_bool("misschien", &b));
	char out[32];
	cell_format_amount(123456, 2, ',', out, sizeof out);
	assert_string_equal(out, "1234,56");
	cell_format_amount(-5, 2, '.', out, sizeof out);
	assert_string_equal(out, "-0.05");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(reads_dutch_and_english_amounts_exactly),
	    cmocka_unit_test(refuses_what_is_not_an_amount),
	    cmocka_unit_test(reads_machine_numbers_and_rounds_only_float_noise),
	    cmocka_unit_test(reads_dates_and_months),
	    cmocka_unit_test(reads_yes_and_no_and_formats_amounts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
