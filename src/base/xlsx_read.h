/*
 * xlsx_read.h: reads the first worksheet of an XLSX workbook row by row
 * (libzip for the container, expat for the XML, pulled one row at a time
 * so that a large sheet streams). Cells come as text with their kind:
 * numbers keep the text the file holds ("1234.5"), cells formatted as
 * dates come as their Excel day number ("45657", kind XLSX_DATE: see
 * cell_excel_date), shared and inline strings as UTF-8.
 * libxlsxwriter only writes, hence this reader.
 */
#ifndef SROI_BASE_XLSX_READ_H
#define SROI_BASE_XLSX_READ_H

#include <stdbool.h>
#include <stddef.h>

#define XLSX_MAX_COLUMNS 256

enum xlsx_cell_kind {
	XLSX_EMPTY,
	XLSX_TEXT,
	XLSX_NUMBER,
	XLSX_DATE,
	XLSX_BOOL
};

struct xlsx_cell {
	enum xlsx_cell_kind kind;
	const char *text; /* "" when empty; valid until the next row */
};

struct xlsx_reader;

/* Opens a workbook from a file or from memory (the data must outlive the
 * reader). False with a message in why. */
bool xlsx_open_file(const char *path, struct xlsx_reader **out, char *why,
		    size_t why_len);
bool xlsx_open_memory(const void *data, size_t size, struct xlsx_reader **out,
		      char *why, size_t why_len);
void xlsx_close(struct xlsx_reader *x);

/* The next row that has a cell; false at the end or on an error (then
 * xlsx_error is not NULL). */
bool xlsx_next_row(struct xlsx_reader *x);
const char *xlsx_error(const struct xlsx_reader *x);
/* The current row: its number (1-based, as the sheet shows it), and its
 * cells by column (0 = A) up to the last one given. */
long xlsx_row_number(const struct xlsx_reader *x);
int xlsx_cell_count(const struct xlsx_reader *x);
const struct xlsx_cell *xlsx_cell(const struct xlsx_reader *x, int column);
/* The number of rows the sheet declares (its dimension), 0 when unknown. */
long xlsx_rows_declared(const struct xlsx_reader *x);

/* True when data starts like a ZIP file (an XLSX workbook). */
bool xlsx_looks_like(const void *data, size_t size);

#endif
