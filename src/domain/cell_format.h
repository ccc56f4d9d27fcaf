/*
 * cell_format.h: the values of spreadsheet cells as Dutch and English
 * spreadsheets write them: amounts ("1.234,56", "1,234.56", "EUR 1234"),
 * dates ("31-12-2024", "2024-12-31", Excel day numbers), months and yes/no.
 * Pure functions; amounts become exact scaled integers (cents), never
 * floating point.
 *
 * The one rule for a lone separator: followed by exactly three digits it
 * groups thousands ("1.234" and "1,234" are both 1234), otherwise it marks
 * the decimals ("12,5" and "12.50" are both 12.5). sroi's amounts have at
 * most two decimals, so the rule never misreads a valid amount.
 */
#ifndef SROI_DOMAIN_CELL_FORMAT_H
#define SROI_DOMAIN_CELL_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/date.h"

/* Parses an amount written for people into *out scaled by 10^decimals
 * (decimals 0..4): "1.234,56" with decimals 2 gives 123456. A currency
 * sign or code, spaces and a trailing % are ignored; a leading - makes it
 * negative. False with *why set (a static text) when it is not such a
 * number or has more decimals than allowed. */
bool cell_parse_amount(const char *text, int decimals, int64_t *out,
		       const char **why);

/* Parses a number as a machine writes it (XLSX cells: "1234.5",
 * "1.2345E+3"): '.' is always the decimal point. Binary floating-point
 * noise beyond the allowed decimals ("1234.5599999999999") is rounded
 * away; real extra decimals are refused. */
bool cell_parse_plain_number(const char *text, int decimals, int64_t *out,
			     const char **why);

/* Dates: "2024-12-31", "31-12-2024", "31/12/2024", "31.12.2024" (day and
 * month may have one digit), also with a time of 00:00(:00). */
bool cell_parse_date(const char *text, sr_date *out);
/* Months: "2024-12", "12-2024", "12/2024", or any date (its month). */
bool cell_parse_month(const char *text, int *year, int *month);
/* An Excel day number (1900 date system) as a date. */
bool cell_excel_date(int64_t serial, sr_date *out);

/* yes/no: ja, nee, yes, no, true, false, waar, onwaar, j, n, y, 1, 0, x
 * (case-insensitive). */
bool cell_parse_bool(const char *text, bool *out);

/* Formats a scaled integer with the given decimal separator ('.' or ','),
 * no grouping: 123456, 2, ',' -> "1234,56". */
void cell_format_amount(int64_t scaled, int decimals, char decimal_sep,
			char *out, size_t n);

#endif
