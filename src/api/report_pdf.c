/*
 * report_pdf.c: GET /api/v1/reports/portfolio.pdf and `sroi report
 * portfolio --pdf FILE`: the portfolio report for the council, drawn with
 * cairo (key figures, a chart per contract, who benefits by target group
 * and by activity, and the contract table). The figures are those of
 * GET /reports/portfolio (the same function). The same data gives the same
 * bytes: only the creation date, set explicitly in the document's
 * metadata, differs.
 */
#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/api.h"

#define PAGE_W 595.0 /* A4 in points */
#define PAGE_H 842.0
#define MARGIN 48.0
#define FONT "DejaVu Sans"

struct pdf_buffer {
	unsigned char *data;
	size_t len, cap;
	bool failed;
};

static cairo_status_t pdf_write(void *closure, const unsigned char *data,
				unsigned int length)
{
	struct pdf_buffer *b = closure;
	if (b->len + length > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 65536;
		while (cap < b->len + length)
			cap *= 2;
		unsigned char *n = realloc(b->data, cap);
		if (!n) {
			b->failed = true;
			return CAIRO_STATUS_WRITE_ERROR;
		}
		b->data = n;
		b->cap = cap;
	}
	memcpy(b->data + b->len, data, length);
	b->len += length;
	return CAIRO_STATUS_SUCCESS;
}

/* EUR 1.234.567 (whole euros, Dutch grouping). */
static void euros(int64_t cents, char *out, size_t n)
{
	long long e = (long long)((cents < 0 ? -cents : cents) / 100);
	char digits[24], grouped[32];
	snprintf(digits, sizeof digits, "%lld", e);
	size_t len = strlen(digits), j = 0;
	for (size_t i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			grouped[j++] = '.';
		grouped[j++] = digits[i];
	}
	grouped[j] = '\0';
	snprintf(out, n, "EUR %s%.30s", cents < 0 ? "-" : "", grouped);
}

static void text_at(cairo_t *cr, double x, double y, double size, bool bold,
		    const char *s)
{
	cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
			       bold ? CAIRO_FONT_WEIGHT_BOLD
				    : CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, size);
	cairo_move_to(cr, x, y);
	cairo_show_text(cr, s);
}

static void text_right(cairo_t *cr, double x, double y, double size,
		       const char *s)
{
	cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
			       CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, size);
	cairo_text_extents_t e;
	cairo_text_extents(cr, s, &e);
	cairo_move_to(cr, x - e.x_advance, y);
	cairo_show_text(cr, s);
}

static int64_t num(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* Horizontal bars of a {name: {accepted_cents, pending_cents}} map. */
static double bars(cairo_t *cr, double y, const char *title, json_t *map)
{
	text_at(cr, MARGIN, y, 12, true, title);
	y += 8;
	int64_t max = 1;
	const char *key;
	json_t *row;
	json_object_foreach(map, key, row)
	{
		int64_t v =
		    num(row, "accepted_cents") + num(row, "pending_cents");
		if (v > max)
			max = v;
	}
	double width = PAGE_W - 2 * MARGIN - 190;
	int n = 0;
	/* jansson keeps insertion order; sort the keys for a stable page */
	const char *keys[64];
	json_object_foreach(map, key, row) if (n < 64) keys[n++] = key;
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && strcmp(keys[j - 1], keys[j]) > 0;
		     j--) {
			const char *t = keys[j];
			keys[j] = keys[j - 1];
			keys[j - 1] = t;
		}
	for (int i = 0; i < n && y < PAGE_H - MARGIN - 20; i++) {
		row = json_object_get(map, keys[i]);
		int64_t acc = num(row, "accepted_cents"),
			pen = num(row, "pending_cents");
		y += 16;
		char label[40];
		snprintf(label, sizeof label, "%.28s", keys[i]);
		cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
		text_at(cr, MARGIN, y, 8.5, false, label);
		double x0 = MARGIN + 120;
		double wa = width * (double)acc / (double)max;
		double wp = width * (double)pen / (double)max;
		cairo_set_source_rgb(cr, 0.16, 0.45, 0.27);
		cairo_rectangle(cr, x0, y - 8, wa, 10);
		cairo_fill(cr);
		cairo_set_source_rgb(cr, 0.95, 0.68, 0.2);
		cairo_rectangle(cr, x0 + wa, y - 8, wp, 10);
		cairo_fill(cr);
		char amount[64];
		euros(acc + pen, amount, sizeof amount);
		cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
		text_right(cr, PAGE_W - MARGIN, y, 8.5, amount);
	}
	return y + 28;
}

static void legend(cairo_t *cr, double y)
{
	cairo_set_source_rgb(cr, 0.16, 0.45, 0.27);
	cairo_rectangle(cr, MARGIN, y - 8, 10, 10);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
	text_at(cr, MARGIN + 14, y, 8.5, false, "geaccepteerd (accepted)");
	cairo_set_source_rgb(cr, 0.95, 0.68, 0.2);
	cairo_rectangle(cr, MARGIN + 150, y - 8, 10, 10);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
	text_at(cr, MARGIN + 164, y, 8.5, false, "in behandeling (pending)");
	cairo_set_source_rgb(cr, 0.75, 0.75, 0.75);
	cairo_rectangle(cr, MARGIN + 300, y - 8, 10, 10);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
	text_at(cr, MARGIN + 314, y, 8.5, false, "verplichting (obligation)");
}

/* Draws the report; the pages are the surface's. */
static void draw(cairo_t *cr, cairo_surface_t *surface, json_t *report,
		 const char *org_name)
{
	char line[300], a[64], b[64];
	cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
	text_at(cr, MARGIN, MARGIN + 10, 18, true,
		"Social return: portefeuille");
	snprintf(line, sizeof line, "%s", org_name);
	text_at(cr, MARGIN, MARGIN + 32, 11, false, line);
	const char *from = json_string_value(json_object_get(report, "from"));
	const char *to = json_string_value(json_object_get(report, "to"));
	snprintf(line, sizeof line, "periode %s t/m %s, stand per %s",
		 from ? from : "begin", to ? to : "heden",
		 json_string_value(json_object_get(report, "as_of")));
	text_at(cr, MARGIN, MARGIN + 48, 9.5, false, line);

	/* Key figures. */
	double y = MARGIN + 80;
	struct {
		const char *label;
		int64_t cents;
	} figures[] = {
	    {"Verplichting (obligation)", num(report, "obligation_cents")},
	    {"Geaccepteerd (accepted)", num(report, "accepted_cents")},
	    {"In behandeling (pending)", num(report, "pending_cents")},
	    {"Prognose (forecast)", num(report, "forecast_cents")},
	};
	for (size_t i = 0; i < sizeof figures / sizeof figures[0]; i++) {
		euros(figures[i].cents, a, sizeof a);
		text_at(cr, MARGIN, y, 10, false, figures[i].label);
		text_right(cr, MARGIN + 330, y, 10, a);
		y += 15;
	}
	json_t *pct = json_object_get(report, "realisation_pct");
	if (json_is_number(pct))
		snprintf(a, sizeof a, "%.1f%%", json_number_value(pct));
	else
		snprintf(a, sizeof a, "-");
	text_at(cr, MARGIN, y, 10, false, "Realisatie (realisation)");
	text_right(cr, MARGIN + 330, y, 10, a);
	y += 15;
	snprintf(a, sizeof a, "%lld", (long long)num(report, "people"));
	snprintf(b, sizeof b, "%.1f",
		 json_number_value(json_object_get(report, "fte")));
	text_at(cr, MARGIN, y, 10, false, "Mensen (people) / fte");
	snprintf(line, sizeof line, "%s / %s", a, b);
	text_right(cr, MARGIN + 330, y, 10, line);
	y += 30;

	/* A chart per contract: obligation (grey) against accepted and
	 * pending. */
	json_t *contracts = json_object_get(report, "contracts");
	text_at(cr, MARGIN, y, 12, true, "Per contract");
	y += 6;
	legend(cr, y + 14);
	y += 20;
	int64_t max = 1;
	size_t i;
	json_t *c;
	json_array_foreach(contracts, i, c)
	{
		int64_t o = num(c, "obligation_cents");
		int64_t v = num(c, "accepted_cents") + num(c, "pending_cents");
		if (o > max)
			max = o;
		if (v > max)
			max = v;
	}
	double width = PAGE_W - 2 * MARGIN - 190;
	json_array_foreach(contracts, i, c)
	{
		if (y > PAGE_H - MARGIN - 30) {
			cairo_show_page(cr);
			y = MARGIN + 10;
		}
		y += 18;
		cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
		snprintf(line, sizeof line, "%.22s",
			 json_string_value(json_object_get(c, "reference")));
		text_at(cr, MARGIN, y, 8.5, false, line);
		double x0 = MARGIN + 120;
		double wo =
		    width * (double)num(c, "obligation_cents") / (double)max;
		double wa =
		    width * (double)num(c, "accepted_cents") / (double)max;
		double wp =
		    width * (double)num(c, "pending_cents") / (double)max;
		cairo_set_source_rgb(cr, 0.75, 0.75, 0.75);
		cairo_rectangle(cr, x0, y - 10, wo, 5);
		cairo_fill(cr);
		cairo_set_source_rgb(cr, 0.16, 0.45, 0.27);
		cairo_rectangle(cr, x0, y - 4, wa, 6);
		cairo_fill(cr);
		cairo_set_source_rgb(cr, 0.95, 0.68, 0.2);
		cairo_rectangle(cr, x0 + wa, y - 4, wp, 6);
		cairo_fill(cr);
		cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
		json_t *p = json_object_get(c, "realisation_pct");
		if (json_is_number(p))
			snprintf(a, sizeof a, "%.1f%%", json_number_value(p));
		else
			snprintf(a, sizeof a, "-");
		euros(num(c, "obligation_cents"), b, sizeof b);
		snprintf(line, sizeof line, "%s  %s", b, a);
		text_right(cr, PAGE_W - MARGIN, y, 8, line);
	}
	cairo_show_page(cr);

	/* Who benefits, and by which activities. */
	y = MARGIN + 10;
	legend(cr, y);
	y += 24;
	y = bars(cr, y, "Per doelgroep (by target group)",
		 json_object_get(report, "by_target_group"));
	y = bars(cr, y, "Per activiteit (by activity)",
		 json_object_get(report, "by_kind"));
	if (y < PAGE_H - 200)
		bars(cr, y, "Per gemeente (by municipality)",
		     json_object_get(report, "by_municipality"));
	cairo_show_page(cr);
	(void)surface;
}

/* cairo and fontconfig keep caches for the life of the process; they are
 * let go at exit, after the server's threads have stopped. */
static void release_font_caches(void)
{
	cairo_debug_reset_static_data();
	FcFini();
}

static void register_release(void) { atexit(release_font_caches); }

bool report_portfolio_pdf(json_t *report, const char *org_name,
			  const char *created, unsigned char **out, size_t *len,
			  struct sr_error *err)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, register_release);
	struct pdf_buffer buf = {0};
	cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(
	    pdf_write, &buf, PAGE_W, PAGE_H);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE,
				       "Social return: portefeuille");
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR,
				       "sroi");
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE,
				       created);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE,
				       created);
	cairo_t *cr = cairo_create(surface);
	draw(cr, surface, report, org_name);
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	cairo_status_t st = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	if (st != CAIRO_STATUS_SUCCESS || buf.failed) {
		free(buf.data);
		return sr_fail(err, 500, "pdf_failed", "",
			       "cannot draw the PDF: %s",
			       cairo_status_to_string(st));
	}
	*out = buf.data;
	*len = buf.len;
	return true;
}

void api_reports_portfolio_pdf(struct request *req, struct response *res)
{
	struct sr_error err = {0};
	json_t *report = NULL;
	if (!report_portfolio_json(req, 0, &report, &err)) {
		response_error(res, &err);
		return;
	}
	char name[200] = "";
	struct store_stmt *st = store_prepare(
	    req->store, "SELECT name FROM organisations WHERE org_id = ?",
	    &err);
	if (st) {
		store_bind_int(st, 1, req->caller.org_id);
		if (store_step(st, &err) == STORE_ROW)
			snprintf(name, sizeof name, "%s",
				 store_column_text(st, 0));
		store_finalize(st);
	}
	if (!name[0])
		snprintf(name, sizeof name, "%s",
			 req->caller.org_id ? "" : "alle organisaties");
	char created[32];
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &tm);
	unsigned char *pdf = NULL;
	size_t len = 0;
	bool ok = report_portfolio_pdf(report, name, created, &pdf, &len, &err);
	json_decref(report);
	if (!ok) {
		response_error(res, &err);
		return;
	}
	res->status = 200;
	res->body = (char *)pdf;
	res->body_len = len;
	res->content_type = "application/pdf";
	res->content_disposition =
	    strdup("attachment; filename=\"portfolio.pdf\"");
}
