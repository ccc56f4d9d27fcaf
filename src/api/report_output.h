/*
 * report_output.h: reports as CSV (`?format=csv`). Rows are written from
 * the same JSON the API answers, so the CSV's totals are the JSON's totals,
 * and each report's total row equals the sum of its rows.
 */
#ifndef SROI_API_REPORT_OUTPUT_H
#define SROI_API_REPORT_OUTPUT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "http/request.h"

struct csv_out {
	char *buf;
	size_t len, cap;
	int column; /* cells written in the current row */
	bool failed;
};

void csv_out_cell(struct csv_out *o, const char *text);
/* The same with another separator (';' for Dutch files). */
void csv_out_cell_sep(struct csv_out *o, const char *text, char sep);
void csv_out_int(struct csv_out *o, long long v);
/* A JSON scalar: strings as is, numbers as numbers, null empty. */
void csv_out_json(struct csv_out *o, json_t *v);
void csv_out_end_row(struct csv_out *o);
/* Hands the CSV to the response (text/csv, as an attachment named
 * filename); frees it on failure with a 503. */
void csv_out_respond(struct csv_out *o, struct response *res,
		     const char *filename);

/* The contract summary: one row per activity kind and a total row. */
void report_summary_csv(json_t *summary, struct request *req,
			struct response *res);

/* ---- tables as CSV or XLSX (lists and reports) -------------------------
 *
 * ?format=csv|xlsx picks the file, ?lang=nl|en the headers: without lang
 * the headers are the JSON names and amounts stay in cents (what the API
 * answers); with a language the headers are for people, amounts are in
 * euros (Dutch: ';' between cells, a decimal comma, dates 31-12-2024). The
 * XLSX file (libxlsxwriter) holds numbers as numbers and dates as dates. */

enum table_format { TABLE_CSV, TABLE_XLSX };
enum table_lang { LANG_RAW, LANG_EN, LANG_NL };
enum table_kind { TK_TEXT, TK_INT, TK_CENTS, TK_DECIMAL, TK_DATE, TK_BOOL, TK_LIST, TK_PCT };

struct table_column {
	const char *key; /* the JSON name of the value in a row */
	enum table_kind kind;
};

struct table_out {
	enum table_format format;
	enum table_lang lang;
	const struct table_column *cols;
	int ncols;
	struct csv_out csv;
	char sep;
	void *workbook, *sheet, *fmt_money, *fmt_date, *fmt_bold, *fmt_decimal;
	char path[64];
	int row;
	bool failed;
};

/* The format the request asks for; false (400) for an unknown one. */
bool table_format_of(const struct request *req, enum table_format *format,
		     enum table_lang *lang, struct sr_error *err);
/* The header of column key in lang ("obligation_cents" -> "Obligation
 * (EUR)", "Verplichting (EUR)"). */
const char *table_label(const char *key, enum table_kind kind,
			enum table_lang lang, char *buf, size_t n);
bool table_begin(struct table_out *t, enum table_format format,
		 enum table_lang lang, const char *sheet,
		 const struct table_column *cols, int ncols,
		 struct sr_error *err);
/* A row from a JSON object (values by the columns' keys). */
bool table_row(struct table_out *t, json_t *row);
/* Hands the file to the response as an attachment basename.csv|.xlsx. */
void table_respond(struct table_out *t, struct response *res,
		   const char *basename);
/* Writes the file to path instead (the CLI). */
bool table_save(struct table_out *t, const char *path, struct sr_error *err);
void table_discard(struct table_out *t);

/* The portfolio report: one row per contract and a total row. */
void report_portfolio_file(json_t *report, struct request *req,
			   struct response *res);

#endif
