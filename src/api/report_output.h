/*
 * report_output.h: reports as CSV (`?format=csv`). Rows are written from
 * the same JSON the API answers, so the CSV's totals are the JSON's totals,
 * and each report's total row equals the sum of its rows.
 */
#ifndef SROI_API_REPORT_OUTPUT_H
#define SROI_API_REPORT_OUTPUT_H

#include <jansson.h>
#include <stddef.h>

#include "http/request.h"

struct csv_out {
	char *buf;
	size_t len, cap;
	int column; /* cells written in the current row */
	bool failed;
};

void csv_out_cell(struct csv_out *o, const char *text);
void csv_out_int(struct csv_out *o, long long v);
/* A JSON scalar: strings as is, numbers as numbers, null empty. */
void csv_out_json(struct csv_out *o, json_t *v);
void csv_out_end_row(struct csv_out *o);
/* Hands the CSV to the response (text/csv, as an attachment named
 * filename); frees it on failure with a 503. */
void csv_out_respond(struct csv_out *o, struct response *res,
		     const char *filename);

/* The contract summary: one row per activity kind and a total row. */
void report_summary_csv(json_t *summary, struct response *res);

#endif
