/* test_csv_stream.c: the streaming CSV reader of imports: encodings,
 * separators, quoted newlines, positions, and input that is not CSV at all
 * (it must never crash, whatever the bytes). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv.h"

/* Reads one byte at a time, so that every boundary case of the buffer is
 * met. */
static size_t trickle(void *ctx, char *buf, size_t n)
{
	(void)n;
	return csv_memory_read(ctx, buf, 1);
}

struct parsed {
	struct csv_sniff sniff;
	struct csv_memory mem;
	struct csv_stream r;
};

static void open_text(struct parsed *p, const char *text, size_t len, bool slow)
{
	csv_sniff_init(&p->sniff);
	csv_sniff_feed(&p->sniff, text, len);
	csv_sniff_finish(&p->sniff);
	p->mem = (struct csv_memory){text, len, 0};
	csv_stream_init(&p->r, slow ? trickle : csv_memory_read, &p->mem,
			p->sniff.encoding, p->sniff.separator);
}

static void
detects_semicolons_and_reads_quoted_fields_with_newlines(void **state)
{
	(void)state;
	static const char text[] =
	    "\xEF\xBB\xBFkvk;naam\r\n12345678;\"Bouw; \"\"en\"\" "
	    "zo\r\nB.V.\"\r\n\r\n87654321;Twee\r\n";
	for (int slow = 0; slow < 2; slow++) {
		struct parsed p;
		open_text(&p, text, sizeof text - 1, slow);
		assert_int_equal(p.sniff.separator, ';');
		assert_int_equal(p.sniff.encoding, CSV_UTF8);
		assert_int_equal(p.sniff.records, 3);
		assert_true(csv_stream_next(&p.r));
		assert_int_equal(p.r.field_count, 2);
		assert_string_equal(p.r.fields[0], "kvk"); /* the BOM is gone */
		assert_true(csv_stream_next(&p.r));
		assert_int_equal(p.r.row, 2);
		assert_string_equal(p.r.fields[1], "Bouw; \"en\" zo\r\nB.V.");
		assert_true(csv_stream_next(&p.r));
		/* the blank line counts as a row, as a spreadsheet shows it */
		assert_int_equal(p.r.row, 4);
		assert_int_equal(p.r.line, 5);
		assert_string_equal(p.r.fields[1], "Twee");
		assert_false(csv_stream_next(&p.r));
		assert_false(p.r.failed);
		csv_stream_free(&p.r);
	}
}

static void converts_windows_1252_to_utf8(void **state)
{
	(void)state;
	static const char text[] = "naam,bedrag\nJos\xE9 M\xFCller,\x80 12\n";
	struct parsed p;
	open_text(&p, text, sizeof text - 1, false);
	assert_int_equal(p.sniff.encoding, CSV_WINDOWS_1252);
	assert_int_equal(p.sniff.separator, ',');
	assert_true(csv_stream_next(&p.r));
	assert_true(csv_stream_next(&p.r));
	assert_string_equal(p.r.fields[0], "José Müller");
	assert_string_equal(p.r.fields[1], "€ 12");
	csv_stream_free(&p.r);
}

static void keeps_utf8_that_is_valid(void **state)
{
	(void)state;
	static const char text[] = "naam\nJosé\n";
	struct parsed p;
	open_text(&p, text, sizeof text - 1, false);
	assert_int_equal(p.sniff.encoding, CSV_UTF8);
	assert_true(csv_stream_next(&p.r));
	assert_true(csv_stream_next(&p.r));
	assert_string_equal(p.r.fields[0], "José");
	csv_stream_free(&p.r);
}

static void reports_an_unclosed_quote_and_a_nul_byte_on_their_row(void **state)
{
	(void)state;
	static const char text[] = "a,b\nx\0y,2\n3,\"open\n";
	struct parsed p;
	open_text(&p, text, sizeof text - 1, false);
	assert_true(csv_stream_next(&p.r));
	assert_null(p.r.row_error);
	assert_true(csv_stream_next(&p.r));
	assert_non_null(p.r.row_error);
	assert_true(csv_stream_next(&p.r));
	assert_int_equal(p.r.row, 3);
	assert_non_null(strstr(p.r.row_error, "quoted"));
	assert_false(csv_stream_next(&p.r));
	csv_stream_free(&p.r);
}

/* Fuzz-style: random bytes and random mixtures of CSV's special
 * characters, read whole and one byte at a time, never crash and always
 * end. */
static void never_crashes_on_any_input(void **state)
{
	(void)state;
	static const char alphabet[] =
	    "\"\",;\r\n\tab\xEF\xBB\xBF\x80\xC3\xA9\0";
	unsigned seed = 12345;
	for (int round = 0; round < 3000; round++) {
		size_t len = (size_t)(rand_r(&seed) % 300);
		char *buf = malloc(len + 1);
		assert_non_null(buf);
		for (size_t i = 0; i < len; i++)
			buf[i] = round % 2 ? (char)(rand_r(&seed) & 0xFF)
					   : alphabet[rand_r(&seed) %
						      (sizeof alphabet - 1)];
		for (int slow = 0; slow < 2; slow++) {
			struct parsed p;
			open_text(&p, buf, len, slow);
			long rows = 0;
			while (csv_stream_next(&p.r)) {
				assert_true(p.r.field_count >= 1 &&
					    p.r.field_count <=
						CSV_STREAM_MAX_FIELDS);
				for (int f = 0; f < p.r.field_count; f++)
					assert_true(strlen(p.r.fields[f]) <=
						    CSV_STREAM_MAX_FIELD * 3);
				assert_true(++rows <= (long)len + 1);
			}
			csv_stream_free(&p.r);
		}
		free(buf);
	}
}

static void caps_columns_and_field_length(void **state)
{
	(void)state;
	size_t len = 300 * 2 + CSV_STREAM_MAX_FIELD + 10;
	char *buf = malloc(len);
	size_t n = 0;
	for (int i = 0; i < 300; i++)
		buf[n++] = 'x', buf[n++] = ',';
	memset(buf + n, 'y', CSV_STREAM_MAX_FIELD + 5);
	n += CSV_STREAM_MAX_FIELD + 5;
	struct parsed p;
	open_text(&p, buf, n, false);
	assert_true(csv_stream_next(&p.r));
	assert_int_equal(p.r.field_count, CSV_STREAM_MAX_FIELDS);
	assert_non_null(p.r.row_error);
	csv_stream_free(&p.r);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(
		detects_semicolons_and_reads_quoted_fields_with_newlines),
	    cmocka_unit_test(converts_windows_1252_to_utf8),
	    cmocka_unit_test(keeps_utf8_that_is_valid),
	    cmocka_unit_test(
		reports_an_unclosed_quote_and_a_nul_byte_on_their_row),
	    cmocka_unit_test(never_crashes_on_any_input),
	    cmocka_unit_test(caps_columns_and_field_length),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
