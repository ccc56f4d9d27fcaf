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

#endif
