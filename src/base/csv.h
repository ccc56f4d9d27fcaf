/*
 * csv.h: a small RFC 4180 reader over a memory buffer (quoted fields,
 * doubled quotes, newlines inside quotes, CRLF). Used for the reference data
 * embedded in the binary. The reader never allocates per field: it copies the
 * current row into one growing buffer.
 */
#ifndef SROI_BASE_CSV_H
#define SROI_BASE_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CSV_MAX_FIELDS 64

struct csv_reader {
	const char *data;
	size_t size;
	size_t pos;
	char separator;
	long line;     /* physical line where the current row started (1-based) */
	long next_line;
	char *buf;
	size_t buf_cap;
	int field_count;
	const char *fields[CSV_MAX_FIELDS];
};

void csv_init(struct csv_reader *r, const char *data, size_t size,
	      char separator);
/* Reads the next row; false at end of input (or out of memory). */
bool csv_next(struct csv_reader *r);
void csv_free(struct csv_reader *r);

/* ---- streaming reader for imports ------------------------------------
 *
 * Reads CSV as spreadsheets write it, from any source (a file, an upload)
 * through a read callback, in bounded memory: a UTF-8 byte order mark is
 * skipped, Windows-1252 is converted to UTF-8, fields may hold quoted
 * separators, quotes and newlines. Each row knows its record number (the
 * header is row 1, as a spreadsheet counts) and the physical line where it
 * started. Malformed input never stops the reader: the row carries a
 * message (row_error) and reading goes on. csv_sniff decides the encoding,
 * the separator and the number of records in a first pass over the bytes.
 */

enum csv_encoding { CSV_UTF8, CSV_WINDOWS_1252 };

#define CSV_STREAM_MAX_FIELDS 256
#define CSV_STREAM_MAX_FIELD (64 * 1024)

/* Incremental sniffing: feed every chunk, then finish. */
struct csv_sniff {
	bool bom;           /* starts with a UTF-8 BOM */
	bool utf8_invalid;  /* some byte sequence is not UTF-8 */
	int utf8_pending;   /* continuation bytes still expected */
	uint32_t cp, cp_min; /* code point being decoded, its minimum */
	bool quoted;
	bool in_header;
	bool record_has_data;
	long records;       /* non-empty records, the header included */
	long header_counts[3]; /* ',' ';' '\t' outside quotes in the header */
	size_t seen;
	/* results of csv_sniff_finish */
	enum csv_encoding encoding;
	char separator;
};

void csv_sniff_init(struct csv_sniff *s);
void csv_sniff_feed(struct csv_sniff *s, const char *data, size_t n);
void csv_sniff_finish(struct csv_sniff *s);

/* Returns the number of bytes read into buf (at most n), 0 at the end. */
typedef size_t (*csv_read_fn)(void *ctx, char *buf, size_t n);

struct csv_stream {
	csv_read_fn read;
	void *ctx;
	enum csv_encoding encoding;
	char separator;
	char *in;            /* input buffer */
	size_t in_len, in_pos;
	bool eof, started;
	long row;            /* record number of the current row (1-based) */
	long line;           /* physical line where it started (1-based) */
	long next_line;
	char *buf;           /* the current row's fields, NUL-separated */
	size_t buf_len, buf_cap;
	size_t starts[CSV_STREAM_MAX_FIELDS];
	int field_count;
	const char *fields[CSV_STREAM_MAX_FIELDS];
	const char *row_error; /* static text, NULL when the row is well formed */
	bool failed;           /* out of memory */
};

void csv_stream_init(struct csv_stream *r, csv_read_fn read, void *ctx,
		     enum csv_encoding encoding, char separator);
/* Reads the next record that is not empty; false at the end (check failed
 * for out of memory). */
bool csv_stream_next(struct csv_stream *r);
void csv_stream_free(struct csv_stream *r);

/* A read callback over a memory buffer (ctx: struct csv_memory). */
struct csv_memory {
	const char *data;
	size_t size, pos;
};
size_t csv_memory_read(void *ctx, char *buf, size_t n);

#endif
