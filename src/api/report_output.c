/* report_output.c: see report_output.h. */
#include "api/report_output.h"

#include <ctype.h>
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
	csv_out_cell_sep(o, text, ',');
}

void csv_out_cell_sep(struct csv_out *o, const char *text, char sep)
{
	if (o->column++)
		put(o, &sep, 1);
	if (!text)
		return;
	/* Cells that a spreadsheet would run as a formula are prefixed with
	 * a quote (CSV injection). */
	bool formula = text[0] == '=' || text[0] == '+' || text[0] == '@' ||
		       (text[0] == '-' && !(text[1] >= '0' && text[1] <= '9'));
	bool quote = formula || strchr(text, sep) || strpbrk(text, "\"\r\n") ||
		     (sep == ',' && strchr(text, ';'));
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

void report_summary_csv(json_t *summary, struct request *req,
			struct response *res)
{
	struct sr_error err = {0};
	enum table_format format;
	enum table_lang lang;
	if (!table_format_of(req, &format, &lang, &err)) {
		response_error(res, &err);
		return;
	}
	bool hours = strcmp(json_string_value(json_object_get(summary, "unit")), "hours") == 0;
	const char *suffix = hours ? "hours" : "cents";
	enum table_kind k = hours ? TK_PCT : TK_CENTS;
	char acc[32], pen[32], rej[32];
	snprintf(acc, sizeof acc, "accepted_%s", suffix);
	snprintf(pen, sizeof pen, "pending_%s", suffix);
	snprintf(rej, sizeof rej, "rejected_%s", suffix);
	const struct table_column cols[] = {{"kind", TK_TEXT}, {acc, k}, {pen, k}, {rej, k}};
	struct table_out t;
	if (!table_begin(&t, format, lang, "summary", cols, 4, &err)) {
		response_error(res, &err);
		return;
	}
	bool ok = true;
	const char *kind;
	json_t *row;
	json_object_foreach(json_object_get(summary, "by_kind"), kind, row)
	{
		json_t *r = json_deep_copy(row);
		json_object_set_new(r, "kind", json_string(kind));
		ok = ok && table_row(&t, r);
		json_decref(r);
	}
	json_t *total = json_pack("{s:s, s:O, s:O, s:O}", "kind",
				  lang == LANG_NL ? "totaal" : "total", acc,
				  json_object_get(summary, acc), pen, json_object_get(summary, pen),
				  rej, json_object_get(summary, rej));
	ok = ok && table_row(&t, total);
	json_decref(total);
	if (!ok) {
		table_discard(&t);
		response_fail(res, 503, "out_of_memory", "", "out of memory");
		return;
	}
	char name[64];
	snprintf(name, sizeof name, "contract-%lld-summary",
		 (long long)json_integer_value(json_object_get(summary, "contract_id")));
	table_respond(&t, res, name);
}

/* ---- tables as CSV or XLSX --------------------------------------------- */

#include <unistd.h>
#include <xlsxwriter.h>

#include "domain/cell_format.h"
#include "domain/date.h"

bool table_format_of(const struct request *req, enum table_format *format,
		     enum table_lang *lang, struct sr_error *err)
{
	const char *f = request_query(req, "format");
	const char *l = request_query(req, "lang");
	if (!f || strcmp(f, "csv") == 0)
		*format = TABLE_CSV;
	else if (strcmp(f, "xlsx") == 0)
		*format = TABLE_XLSX;
	else
		return sr_fail(err, 400, "invalid_parameter", "format",
			       "format must be csv or xlsx");
	if (!l)
		*lang = LANG_RAW;
	else if (strcmp(l, "nl") == 0)
		*lang = LANG_NL;
	else if (strcmp(l, "en") == 0)
		*lang = LANG_EN;
	else
		return sr_fail(err, 400, "invalid_parameter", "lang", "lang must be nl or en");
	return true;
}

/* Dutch headers; English ones are the names, spelled out. */
static const struct {
	const char *key, *nl;
} dutch_labels[] = {
	{"id", "Id"}, {"organisation", "Organisatie"}, {"kvk", "KvK-nummer"},
	{"name", "Naam"}, {"postcode", "Postcode"}, {"category", "Categorie"},
	{"social_enterprise", "Sociale onderneming"}, {"pso_rung", "PSO-trede"},
	{"pso_valid_from", "PSO geldig vanaf"}, {"pso_valid_until", "PSO geldig tot"},
	{"reference", "Referentie"}, {"title", "Titel"}, {"department", "Afdeling"},
	{"cpv_code", "CPV-code"}, {"kind", "Soort"}, {"value", "Waarde"},
	{"start_date", "Startdatum"}, {"end_date", "Einddatum"},
	{"award_date", "Gunningsdatum"}, {"supplier_id", "Leverancier (id)"},
	{"status", "Status"}, {"sr_percentage", "SR-percentage"},
	{"obligation", "Verplichting"}, {"labour_share_pct", "Arbeidsaandeel"},
	{"labour_hours", "Arbeidsuren"}, {"policy_id", "Beleid (id)"},
	{"obligation_unit", "Eenheid verplichting"}, {"obligation_hours", "Verplichting (uren)"},
	{"opt_in", "Vrijwillig"}, {"deviation_percentage", "Afwijkend percentage"},
	{"deviation_reason", "Reden afwijking"},
	{"prequalification_reason", "Reden prekwalificatie"},
	{"best_efforts_exempt", "Vrijgesteld (inspanning)"},
	{"external_id", "Extern id"}, {"target_groups", "Doelgroepen"},
	{"birth_month", "Geboortemaand"}, {"occupations", "Beroepen"},
	{"education_level", "Opleidingsniveau"}, {"hours_per_week", "Uren per week"},
	{"max_travel_km", "Maximale reisafstand (km)"},
	{"available_from", "Beschikbaar vanaf"}, {"on_benefit_since", "Uitkering sinds"},
	{"driving_licence", "Rijbewijs"}, {"contract_id", "Contract (id)"},
	{"esco_code", "ESCO-code"}, {"positions", "Aantal plaatsen"},
	{"requires_licence", "Rijbewijs vereist"},
	{"min_education_level", "Minimaal opleidingsniveau"},
	{"candidate_id", "Kandidaat (id)"}, {"invoice", "Factuurbedrag"},
	{"amount", "Bedrag"}, {"hours", "Uren"}, {"supplier_category", "Categorie leverancier"},
	{"level", "Niveau"}, {"permanent_contract", "Vast contract"},
	{"prior_internship_months", "Maanden stage vooraf"},
	{"subcontractor_name", "Onderaannemer"}, {"subcontractor_kvk", "KvK onderaannemer"},
	{"reject_reason", "Reden afwijzing"}, {"value_hours", "Waarde (uren)"},
	{"refusal", "Weigering"}, {"block_id", "Bouwblok"}, {"description", "Omschrijving"},
	{"quantity", "Aantal"}, {"expected_value", "Verwachte waarde"},
	{"planned_start", "Geplande start"}, {"realisation_id", "Realisatie (id)"},
	{"months", "Maanden"}, {"due_date", "Vervaldatum"}, {"employed", "Nog in dienst"},
	{"checked_on", "Gecontroleerd op"}, {"created_at", "Aangemaakt"},
	{"updated_at", "Gewijzigd"}, {"accepted", "Geaccepteerd"},
	{"pending", "In behandeling"}, {"rejected", "Afgewezen"},
	{"realisation_pct", "Realisatie (%)"}, {"bsn", "BSN"},
	{"birth_date", "Geboortedatum"}, {"email", "E-mail"}, {"phone", "Telefoon"},
	{"address", "Adres"}, {"forecast", "Prognose"},
};

const char *table_label(const char *key, enum table_kind kind,
			enum table_lang lang, char *buf, size_t n)
{
	if (lang == LANG_RAW)
		return key;
	char base[96];
	snprintf(base, sizeof base, "%s", key);
	size_t len = strlen(base);
	bool cents = kind == TK_CENTS && len > 6 && strcmp(base + len - 6, "_cents") == 0;
	if (cents)
		base[len - 6] = '\0';
	const char *nl = NULL;
	for (size_t i = 0; lang == LANG_NL && i < sizeof dutch_labels / sizeof dutch_labels[0]; i++)
		if (strcmp(dutch_labels[i].key, base) == 0)
			nl = dutch_labels[i].nl;
	if (nl) {
		snprintf(buf, n, "%s%s", nl, cents ? " (EUR)" : "");
		return buf;
	}
	/* "obligation_cents" -> "Obligation (EUR)" */
	size_t j = 0;
	for (size_t i = 0; base[i] && j + 1 < n; i++)
		buf[j++] = base[i] == '_' ? ' ' : i == 0 ? (char)toupper((unsigned char)base[i]) : base[i];
	buf[j] = '\0';
	if (cents)
		snprintf(buf + j, n - j, " (EUR)");
	return buf;
}

bool table_begin(struct table_out *t, enum table_format format,
		 enum table_lang lang, const char *sheet,
		 const struct table_column *cols, int ncols,
		 struct sr_error *err)
{
	memset(t, 0, sizeof *t);
	t->format = format;
	t->lang = lang;
	t->cols = cols;
	t->ncols = ncols;
	t->sep = lang == LANG_NL ? ';' : ',';
	char label[128];
	if (format == TABLE_CSV) {
		for (int i = 0; i < ncols; i++)
			csv_out_cell_sep(&t->csv, table_label(cols[i].key, cols[i].kind, lang,
							     label, sizeof label),
					 t->sep);
		csv_out_end_row(&t->csv);
		return !t->csv.failed || sr_fail(err, 503, "out_of_memory", "", "out of memory");
	}
	const char *dir = getenv("TMPDIR");
	snprintf(t->path, sizeof t->path, "%s/sroi-export-XXXXXX", dir && strlen(dir) < 30 ? dir : "/tmp");
	int fd = mkstemp(t->path);
	if (fd < 0)
		return sr_fail(err, 500, "export_failed", "", "cannot make a temporary file");
	close(fd);
	lxw_workbook_options options = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
	lxw_workbook *wb = workbook_new_opt(t->path, &options);
	if (!wb) {
		unlink(t->path);
		return sr_fail(err, 500, "export_failed", "", "cannot write the workbook");
	}
	/* A fixed creation date: the same data gives the same file. */
	lxw_doc_properties props = {.title = (char *)sheet, .author = (char *)"sroi",
				    .created = 0};
	workbook_set_properties(wb, &props);
	char name[32];
	snprintf(name, sizeof name, "%.31s", sheet);
	lxw_worksheet *ws = workbook_add_worksheet(wb, name);
	lxw_format *money = workbook_add_format(wb);
	format_set_num_format(money, lang == LANG_RAW ? "0" : "#,##0.00");
	lxw_format *date = workbook_add_format(wb);
	format_set_num_format(date, lang == LANG_NL ? "dd-mm-yyyy" : "yyyy-mm-dd");
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	lxw_format *decimal = workbook_add_format(wb);
	format_set_num_format(decimal, "0.##");
	t->workbook = wb;
	t->sheet = ws;
	t->fmt_money = money;
	t->fmt_date = date;
	t->fmt_bold = bold;
	t->fmt_decimal = decimal;
	for (int i = 0; i < ncols; i++)
		worksheet_write_string(ws, 0, (lxw_col_t)i,
				       table_label(cols[i].key, cols[i].kind, lang, label, sizeof label),
				       bold);
	t->row = 1;
	return true;
}

/* A value as text for a CSV cell. */
static void cell_text(const struct table_out *t, const struct table_column *c,
		      json_t *v, char *out, size_t n)
{
	out[0] = '\0';
	if (!v || json_is_null(v))
		return;
	if (t->lang == LANG_RAW) {
		if (json_is_string(v))
			snprintf(out, n, "%s", json_string_value(v));
		else if (json_is_integer(v))
			snprintf(out, n, "%lld", (long long)json_integer_value(v));
		else if (json_is_real(v)) {
			snprintf(out, n, "%.2f", json_real_value(v));
			char *dot = strchr(out, '.');
			if (dot) {
				char *e = out + strlen(out) - 1;
				while (e > dot && *e == '0')
					*e-- = '\0';
				if (e == dot)
					*e = '\0';
			}
		} else if (json_is_boolean(v))
			snprintf(out, n, "%s", json_is_true(v) ? "true" : "false");
		else if (json_is_array(v)) {
			size_t i, used = 0;
			json_t *item;
			json_array_foreach(v, i, item)
			{
				int w = snprintf(out + used, n - used, "%s%s", i ? ";" : "",
						 json_is_string(item) ? json_string_value(item) : "");
				if (w < 0 || (size_t)w >= n - used)
					break;
				used += (size_t)w;
			}
		}
		return;
	}
	char dec = t->lang == LANG_NL ? ',' : '.';
	if (json_is_string(v)) {
		int y, m, d;
		if (c->kind == TK_DATE && sscanf(json_string_value(v), "%4d-%2d-%2d", &y, &m, &d) == 3 &&
		    t->lang == LANG_NL)
			snprintf(out, n, "%02d-%02d-%04d", d, m, y);
		else
			snprintf(out, n, "%s", json_string_value(v));
	} else if (json_is_integer(v) && c->kind == TK_CENTS) {
		cell_format_amount(json_integer_value(v), 2, dec, out, n);
	} else if (json_is_integer(v)) {
		snprintf(out, n, "%lld", (long long)json_integer_value(v));
	} else if (json_is_real(v)) {
		double d = json_real_value(v) * 100.0;
		int64_t c100 = (int64_t)(d < 0 ? d - 0.5 : d + 0.5);
		cell_format_amount(c100, 2, dec, out, n);
	} else if (json_is_boolean(v)) {
		bool yes = json_is_true(v);
		snprintf(out, n, "%s", t->lang == LANG_NL ? (yes ? "ja" : "nee") : (yes ? "yes" : "no"));
	} else if (json_is_array(v)) {
		size_t i, used = 0;
		json_t *item;
		json_array_foreach(v, i, item)
		{
			int w = snprintf(out + used, n - used, "%s%s", i ? "; " : "",
					 json_is_string(item) ? json_string_value(item) : "");
			if (w < 0 || (size_t)w >= n - used)
				break;
			used += (size_t)w;
		}
	}
}

static void xlsx_cell(struct table_out *t, int col, const struct table_column *c,
		      json_t *v)
{
	lxw_worksheet *ws = t->sheet;
	lxw_row_t r = (lxw_row_t)t->row;
	if (!v || json_is_null(v))
		return;
	if (json_is_integer(v)) {
		double x = (double)json_integer_value(v);
		if (c->kind == TK_CENTS && t->lang != LANG_RAW)
			x = (double)json_integer_value(v) / 100.0;
		worksheet_write_number(ws, r, (lxw_col_t)col, x,
				       c->kind == TK_CENTS ? t->fmt_money : NULL);
		return;
	}
	if (json_is_real(v)) {
		worksheet_write_number(ws, r, (lxw_col_t)col, json_real_value(v), t->fmt_decimal);
		return;
	}
	if (json_is_string(v) && c->kind == TK_DATE) {
		int y, m, d;
		if (sscanf(json_string_value(v), "%4d-%2d-%2d", &y, &m, &d) == 3) {
			lxw_datetime dt = {.year = y, .month = m, .day = d};
			worksheet_write_datetime(ws, r, (lxw_col_t)col, &dt, t->fmt_date);
			return;
		}
	}
	char text[4096];
	cell_text(t, c, v, text, sizeof text);
	if (t->lang == LANG_RAW && json_is_boolean(v))
		snprintf(text, sizeof text, "%s", json_is_true(v) ? "true" : "false");
	worksheet_write_string(ws, r, (lxw_col_t)col, text, NULL);
}

bool table_row(struct table_out *t, json_t *row)
{
	if (t->failed)
		return false;
	if (t->format == TABLE_XLSX) {
		for (int i = 0; i < t->ncols; i++)
			xlsx_cell(t, i, &t->cols[i], json_object_get(row, t->cols[i].key));
		t->row++;
		return true;
	}
	char text[8192];
	for (int i = 0; i < t->ncols; i++) {
		cell_text(t, &t->cols[i], json_object_get(row, t->cols[i].key), text, sizeof text);
		csv_out_cell_sep(&t->csv, text, t->sep);
	}
	csv_out_end_row(&t->csv);
	return !t->csv.failed;
}

void table_discard(struct table_out *t)
{
	if (t->workbook) {
		workbook_close(t->workbook);
		t->workbook = NULL;
	}
	if (t->path[0])
		unlink(t->path);
	t->path[0] = '\0';
	free(t->csv.buf);
	t->csv.buf = NULL;
}

/* Closes an XLSX workbook and reads it into memory. */
static bool xlsx_finish(struct table_out *t, char **out, size_t *len)
{
	lxw_error e = workbook_close(t->workbook);
	t->workbook = NULL;
	*out = NULL;
	FILE *f = e == LXW_NO_ERROR ? fopen(t->path, "rb") : NULL;
	bool ok = false;
	if (f && fseek(f, 0, SEEK_END) == 0) {
		long n = ftell(f);
		rewind(f);
		*out = n > 0 ? malloc((size_t)n) : NULL;
		ok = *out && fread(*out, 1, (size_t)n, f) == (size_t)n;
		*len = (size_t)n;
	}
	if (f)
		fclose(f);
	unlink(t->path);
	t->path[0] = '\0';
	if (!ok) {
		free(*out);
		*out = NULL;
	}
	return ok;
}

void table_respond(struct table_out *t, struct response *res,
		   const char *basename)
{
	char name[96];
	if (t->format == TABLE_CSV) {
		snprintf(name, sizeof name, "%s.csv", basename);
		csv_out_respond(&t->csv, res, name);
		return;
	}
	char *data;
	size_t len;
	if (!xlsx_finish(t, &data, &len)) {
		response_fail(res, 500, "export_failed", "", "cannot write the workbook");
		return;
	}
	snprintf(name, sizeof name, "%s.xlsx", basename);
	res->status = 200;
	res->body = data;
	res->body_len = len;
	res->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	size_t n = strlen(name) + 40;
	res->content_disposition = malloc(n);
	if (res->content_disposition)
		snprintf(res->content_disposition, n, "attachment; filename=\"%s\"", name);
}

bool table_save(struct table_out *t, const char *path, struct sr_error *err)
{
	char *data;
	size_t len;
	bool ok;
	if (t->format == TABLE_CSV) {
		data = t->csv.buf;
		len = t->csv.len;
		ok = !t->csv.failed;
		t->csv.buf = NULL;
	} else {
		ok = xlsx_finish(t, &data, &len);
	}
	FILE *f = ok ? fopen(path, "wb") : NULL;
	ok = f && (len == 0 || fwrite(data, 1, len, f) == len);
	if (f && fclose(f) != 0)
		ok = false;
	free(data);
	return ok || sr_fail(err, 500, "write_failed", "", "cannot write %s", path);
}

void report_portfolio_file(json_t *report, struct request *req,
			   struct response *res)
{
	struct sr_error err = {0};
	enum table_format format;
	enum table_lang lang;
	if (!table_format_of(req, &format, &lang, &err)) {
		response_error(res, &err);
		return;
	}
	static const struct table_column cols[] = {
		{"contract_id", TK_INT},       {"reference", TK_TEXT},
		{"status", TK_TEXT},           {"supplier_id", TK_INT},
		{"obligation_cents", TK_CENTS}, {"accepted_cents", TK_CENTS},
		{"pending_cents", TK_CENTS},   {"realisation_pct", TK_PCT},
	};
	struct table_out t;
	if (!table_begin(&t, format, lang, "portfolio", cols, 8, &err)) {
		response_error(res, &err);
		return;
	}
	size_t i;
	json_t *row;
	bool ok = true;
	json_array_foreach(json_object_get(report, "contracts"), i, row)
	ok = ok && table_row(&t, row);
	json_t *total = json_pack("{s:s, s:O, s:O, s:O, s:O}", "contract_id",
				  lang == LANG_NL ? "totaal" : "total", "obligation_cents",
				  json_object_get(report, "obligation_cents"), "accepted_cents",
				  json_object_get(report, "accepted_cents"), "pending_cents",
				  json_object_get(report, "pending_cents"), "realisation_pct",
				  json_object_get(report, "realisation_pct"));
	ok = ok && table_row(&t, total);
	json_decref(total);
	if (!ok) {
		table_discard(&t);
		response_fail(res, 503, "out_of_memory", "", "out of memory");
		return;
	}
	table_respond(&t, res, "portfolio");
}
