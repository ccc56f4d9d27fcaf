/*
 * fuzz_csv.c: CSV text through both readers of src/base/csv.h, and as an
 * import file through the import (src/api/import.h).
 *
 * The readers: the small one of the embedded reference data (csv_next,
 * with ',' and ';') and the streaming one of imports (csv_sniff for
 * encoding and separator, then csv_stream_next). Oracles besides the
 * sanitizers, for the streaming reader: the rows do not depend on how the
 * bytes arrive (all at once, or in chunks of 1 to 13 bytes, so that every
 * row and field straddles a refill); for UTF-8, a byte order mark in front
 * changes nothing; and where the two readers mean the same (no quotes, no
 * NUL, at most CSV_MAX_FIELDS fields), both split the text into the same
 * rows of the same number of fields.
 *
 * The import: the input is uploaded as a file of every table kind
 * (suppliers ... follow-ups) by a consultant of GM0518, rows written with
 * partial (so that valid rows reach the store), through import_run: header
 * mapping, cell conversion (Dutch numbers and dates), the resources'
 * validation and writes. An input that starts like a ZIP file goes through
 * the XLSX reader instead. The store is the seeded one of fuzz_api.c, in a
 * transaction rolled back after the input. Oracle: every report serialises.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/import.h"
#include "base/csv.h"
#include "fuzz_api.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_api_setup();
	return 0;
}

static void finding(const char *what)
{
	fprintf(stderr, "fuzz_csv: %s\n", what);
	abort();
}

/* The rows a reader gives, as one comparable text. */
struct rows {
	char *text;
	size_t len, cap;
};

static void rows_add(struct rows *r, const char *s, size_t n)
{
	if (r->len + n + 1 > r->cap) {
		size_t cap = (r->len + n + 1) * 2;
		char *t = realloc(r->text, cap);
		if (!t)
			abort();
		r->text = t;
		r->cap = cap;
	}
	memcpy(r->text + r->len, s, n);
	r->len += n;
}

/* A read callback that hands out at most `chunk` bytes at a time. */
struct chunked {
	struct csv_memory m;
	size_t chunk;
};

static size_t chunked_read(void *ctx, char *buf, size_t n)
{
	struct chunked *c = ctx;
	return csv_memory_read(&c->m, buf, n < c->chunk ? n : c->chunk);
}

static void read_stream(struct rows *out, csv_read_fn read, void *ctx,
			enum csv_encoding encoding, char separator)
{
	struct csv_stream r;
	csv_stream_init(&r, read, ctx, encoding, separator);
	while (csv_stream_next(&r)) {
		char head[96];
		int n = snprintf(head, sizeof head, "row %ld line %ld: %d %s\n",
				 r.row, r.line, r.field_count,
				 r.row_error ? r.row_error : "");
		rows_add(out, head, (size_t)n);
		for (int i = 0; i < r.field_count; i++)
			rows_add(out, r.fields[i], strlen(r.fields[i]) + 1);
	}
	if (r.failed)
		rows_add(out, "failed", 6);
	csv_stream_free(&r);
}

/* The number of fields of every row that is not blank, as csv_next and
 * csv_stream_next see them (the stream skips blank records). */
static void shape_next(struct rows *out, const char *text, size_t size,
		       char separator, bool *too_wide)
{
	struct csv_reader r;
	csv_init(&r, text, size, separator);
	while (csv_next(&r)) {
		bool blank = true;
		for (int i = 0; i < r.field_count && blank; i++)
			blank = !*r.fields[i];
		if (blank)
			continue;
		if (r.field_count == CSV_MAX_FIELDS)
			*too_wide = true; /* csv_next stops counting there */
		char n[16];
		rows_add(out, n,
			 (size_t)snprintf(n, sizeof n, "%d ", r.field_count));
	}
	csv_free(&r);
}

static void shape_stream(struct rows *out, const char *text, size_t size,
			 enum csv_encoding encoding, char separator)
{
	struct csv_memory m = {.data = text, .size = size};
	struct csv_stream r;
	csv_stream_init(&r, csv_memory_read, &m, encoding, separator);
	while (csv_stream_next(&r)) {
		char n[16];
		rows_add(out, n,
			 (size_t)snprintf(n, sizeof n, "%d ", r.field_count));
	}
	csv_stream_free(&r);
}

/* The input as an upload of each table kind. */
static void import_each_kind(const char *text, size_t size)
{
	const struct fuzz_api *api = fuzz_api_setup();
	fuzz_api_begin();
	for (const char *const *kind = import_kinds; *kind; kind++) {
		if (strcmp(*kind, "policies") == 0 ||
		    strcmp(*kind, "tenderned") == 0)
			continue; /* JSON documents, not tables */
		struct request req;
		fuzz_api_request(&req, "POST", false);
		struct import_options o = {
		    .kind = *kind, .org_id = api->org_id, .partial = true};
		struct import_source src = {
		    .data = text, .size = size, .filename = "fuzz.csv"};
		json_t *report = NULL;
		struct sr_error err = {0};
		if (import_run(&req, &o, &src, &report, &err)) {
			char *out = json_dumps(report, JSON_COMPACT);
			if (!out)
				finding("an import report does not serialise");
			if (getenv("FUZZ_TRACE"))
				fprintf(stderr, "import %s: %.400s\n", *kind,
					out);
			free(out);
		} else if (getenv("FUZZ_TRACE")) {
			fprintf(stderr, "import %s: %d %s\n", *kind, err.status,
				err.message);
		}
		json_decref(report);
	}
	fuzz_api_rollback();
}

static bool rows_equal(const struct rows *a, const struct rows *b)
{
	return a->len == b->len &&
	       (a->len == 0 || memcmp(a->text, b->text, a->len) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;

	/* The reference-data reader. */
	static const char separators[] = {',', ';'};
	for (size_t s = 0; s < sizeof separators; s++) {
		struct csv_reader r;
		csv_init(&r, text, size, separators[s]);
		while (csv_next(&r))
			if (r.field_count < 1 || r.field_count > CSV_MAX_FIELDS)
				finding("csv_next: field count out of range");
		csv_free(&r);
	}

	/* The import reader, as an import runs it: sniff, then read. */
	struct csv_sniff sniff;
	csv_sniff_init(&sniff);
	csv_sniff_feed(&sniff, text, size);
	csv_sniff_finish(&sniff);

	struct rows whole = {0}, pieces = {0};
	struct csv_memory m = {.data = text, .size = size};
	read_stream(&whole, csv_memory_read, &m, sniff.encoding,
		    sniff.separator);
	struct chunked c = {.m = {.data = text, .size = size},
			    .chunk = size % 13 + 1};
	read_stream(&pieces, chunked_read, &c, sniff.encoding, sniff.separator);
	if (!rows_equal(&whole, &pieces))
		finding("the rows depend on how the bytes arrive");

	if (sniff.encoding == CSV_UTF8 &&
	    !(size >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)) {
		char *with_bom = malloc(size + 3);
		if (!with_bom)
			abort();
		memcpy(with_bom, "\xEF\xBB\xBF", 3);
		if (size)
			memcpy(with_bom + 3, text, size);
		struct rows bom = {0};
		struct csv_memory mb = {.data = with_bom, .size = size + 3};
		read_stream(&bom, csv_memory_read, &mb, CSV_UTF8,
			    sniff.separator);
		if (!rows_equal(&whole, &bom))
			finding("a byte order mark changes the rows");
		free(bom.text);
		free(with_bom);
	}
	if (!memchr(text, '"', size) && !memchr(text, '\0', size)) {
		struct rows a = {0}, b = {0};
		bool too_wide = false;
		shape_next(&a, text, size, sniff.separator, &too_wide);
		shape_stream(&b, text, size, sniff.encoding, sniff.separator);
		if (!too_wide && !rows_equal(&a, &b))
			finding("the readers split the same text differently");
		free(a.text);
		free(b.text);
	}
	free(whole.text);
	free(pieces.text);

	import_each_kind(text, size);
	return 0;
}
