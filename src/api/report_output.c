/* report_output.c: see report_output.h. */
#include "api/report_output.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void put(struct csv_out *o, const char *s, size_t n)
{
	if (o->failed)
		return;
	if (o->len + n + 1 > o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 4096;
		while (cap < o->len + n + 1)
			cap *= 2;
		char *b = realloc(o->buf, cap);
		if (!b) {
			o->failed = true;
			return;
		}
		o->buf = b;
		o->cap = cap;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len] = '\0';
}

void csv_out_cell(struct csv_out *o, const char *text)
{
	if (o->column++)
		put(o, ",", 1);
	if (!text)
		return;
	/* Cells that a spreadsheet would run as a formula are prefixed with
	 * a quote (CSV injection). */
	bool formula = text[0] == '=' || text[0] == '+' || text[0] == '@' ||
		       (text[0] == '-' && !(text[1] >= '0' && text[1] <= '9'));
	bool quote = formula || strpbrk(text, ",\"\r\n;") != NULL;
	if (!quote) {
		put(o, text, strlen(text));
		return;
	}
	put(o, "\"", 1);
	if (formula)
		put(o, "'", 1);
	for (const char *p = text; *p; p++) {
		if (*p == '"')
			put(o, "\"", 1);
		put(o, p, 1);
	}
	put(o, "\"", 1);
}

void csv_out_int(struct csv_out *o, long long v)
{
	char buf[24];
	snprintf(buf, sizeof buf, "%lld", v);
	csv_out_cell(o, buf);
}

void csv_out_json(struct csv_out *o, json_t *v)
{
	if (json_is_string(v)) {
		csv_out_cell(o, json_string_value(v));
	} else if (json_is_integer(v)) {
		csv_out_int(o, (long long)json_integer_value(v));
	} else if (json_is_real(v)) {
		char buf[32];
		snprintf(buf, sizeof buf, "%.2f", json_real_value(v));
		/* trim trailing zeros of the fraction: 12.50 -> 12.5 */
		char *dot = strchr(buf, '.');
		if (dot) {
			char *e = buf + strlen(buf) - 1;
			while (e > dot && *e == '0')
				*e-- = '\0';
			if (e == dot)
				*e = '\0';
		}
		csv_out_cell(o, buf);
	} else if (json_is_boolean(v)) {
		csv_out_cell(o, json_is_true(v) ? "true" : "false");
	} else {
		csv_out_cell(o, "");
	}
}

void csv_out_end_row(struct csv_out *o)
{
	put(o, "\r\n", 2);
	o->column = 0;
}

void csv_out_respond(struct csv_out *o, struct response *res,
		     const char *filename)
{
	if (o->failed || !o->buf) {
		free(o->buf);
		response_fail(res, 503, "out_of_memory", "", "out of memory");
		return;
	}
	res->status = 200;
	res->body = o->buf;
	res->body_len = o->len;
	res->content_type = "text/csv; charset=utf-8";
	size_t n = strlen(filename) + 40;
	res->content_disposition = malloc(n);
	if (res->content_disposition)
		snprintf(res->content_disposition, n, "attachment; filename=\"%s\"",
			 filename);
}

void report_summary_csv(json_t *summary, struct response *res)
{
	bool hours = strcmp(json_string_value(json_object_get(summary, "unit")), "hours") == 0;
	const char *suffix = hours ? "hours" : "cents";
	char acc[32], pen[32], rej[32];
	snprintf(acc, sizeof acc, "accepted_%s", suffix);
	snprintf(pen, sizeof pen, "pending_%s", suffix);
	snprintf(rej, sizeof rej, "rejected_%s", suffix);
	struct csv_out o = {0};
	csv_out_cell(&o, "kind");
	csv_out_cell(&o, acc);
	csv_out_cell(&o, pen);
	csv_out_cell(&o, rej);
	csv_out_end_row(&o);
	const char *kind;
	json_t *row;
	json_object_foreach(json_object_get(summary, "by_kind"), kind, row)
	{
		csv_out_cell(&o, kind);
		csv_out_json(&o, json_object_get(row, acc));
		csv_out_json(&o, json_object_get(row, pen));
		csv_out_json(&o, json_object_get(row, rej));
		csv_out_end_row(&o);
	}
	csv_out_cell(&o, "total");
	csv_out_json(&o, json_object_get(summary, acc));
	csv_out_json(&o, json_object_get(summary, pen));
	csv_out_json(&o, json_object_get(summary, rej));
	csv_out_end_row(&o);
	char name[64];
	snprintf(name, sizeof name, "contract-%lld-summary.csv",
		 (long long)json_integer_value(json_object_get(summary, "contract_id")));
	csv_out_respond(&o, res, name);
}
