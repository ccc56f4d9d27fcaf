/* xlsx_read.c: see xlsx_read.h. */
#include "base/xlsx_read.h"

#include <expat.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define XLSX_MAX_TEXT (64 * 1024)
#define XLSX_MAX_SHARED_BYTES ((size_t)512 * 1024 * 1024)
#define XLSX_CHUNK (64 * 1024)

/* A growing text buffer. */
struct text {
	char *s;
	size_t len, cap;
	bool too_long;
};

static bool text_add(struct text *t, const char *s, size_t n)
{
	if (t->len + n > XLSX_MAX_TEXT) {
		t->too_long = true;
		return true;
	}
	if (t->len + n + 1 > t->cap) {
		size_t cap = t->cap ? t->cap : 64;
		while (cap < t->len + n + 1)
			cap *= 2;
		char *b = realloc(t->s, cap);
		if (!b)
			return false;
		t->s = b;
		t->cap = cap;
	}
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len] = '\0';
	return true;
}

struct xlsx_reader {
	zip_t *zip;
	char error[200];
	/* shared strings: offsets into one buffer */
	char *shared;
	size_t shared_len, shared_cap;
	size_t *shared_at;
	size_t shared_count, shared_slots;
	/* cellXfs: which styles format a date */
	bool *xf_date;
	size_t xf_count;
	/* the worksheet */
	zip_file_t *sheet;
	XML_Parser parser;
	char *chunk;
	bool sheet_done, suspended;
	long dimension_rows;
	/* the row being read, then the row ready */
	long row_number, next_row_number;
	struct text cells_text[XLSX_MAX_COLUMNS];
	struct xlsx_cell cells[XLSX_MAX_COLUMNS];
	int cell_count;
	bool row_has_cell;
	/* the cell being read */
	int col;
	char type[12];
	long style;
	bool in_value, in_inline_t;
	struct text value;
	bool failed_oom;
};

/* ---- small helpers ---------------------------------------------------- */

static void fail(struct xlsx_reader *x, const char *what)
{
	if (!x->error[0])
		snprintf(x->error, sizeof x->error, "%s", what);
}

static const char *attr(const char **atts, const char *name)
{
	for (int i = 0; atts[i]; i += 2) {
		const char *a = atts[i];
		const char *colon = strchr(a, ':');
		if (strcmp(a, name) == 0 ||
		    (colon && strcmp(colon + 1, name) == 0))
			return atts[i + 1];
	}
	return NULL;
}

/* Local name of an element ("x:row" -> "row"). */
static const char *local(const char *name)
{
	const char *colon = strchr(name, ':');
	return colon ? colon + 1 : name;
}

/* Reads a whole member of the archive and runs an expat parser over it. */
static bool parse_member(struct xlsx_reader *x, const char *name,
			 XML_StartElementHandler start,
			 XML_EndElementHandler end,
			 XML_CharacterDataHandler chars, void *ud,
			 bool required)
{
	zip_file_t *f = zip_fopen(x->zip, name, 0);
	if (!f) {
		if (required)
			fail(x, "the file is not an XLSX workbook (a part is "
				"missing)");
		return !required;
	}
	XML_Parser p = XML_ParserCreate("UTF-8");
	char *buf = malloc(XLSX_CHUNK);
	bool ok = p && buf;
	if (ok) {
		XML_SetUserData(p, ud);
		XML_SetElementHandler(p, start, end);
		if (chars)
			XML_SetCharacterDataHandler(p, chars);
	}
	while (ok) {
		zip_int64_t n = zip_fread(f, buf, XLSX_CHUNK);
		if (n < 0) {
			fail(x, "the XLSX file is damaged");
			ok = false;
			break;
		}
		if (XML_Parse(p, buf, (int)n, n == 0) == XML_STATUS_ERROR) {
			fail(x, "the XLSX file holds XML that cannot be read");
			ok = false;
		}
		if (n == 0 || x->error[0])
			break;
	}
	if (x->error[0])
		ok = false;
	free(buf);
	if (p)
		XML_ParserFree(p);
	zip_fclose(f);
	return ok;
}

/* ---- shared strings ------------------------------------------------- */

struct sst_state {
	struct xlsx_reader *x;
	int depth_t; /* inside <t> of an <si> (not of <rPh>) */
	bool in_si, in_rph;
	struct text cur;
};

static void sst_start(void *ud, const char *name, const char **atts)
{
	(void)atts;
	struct sst_state *s = ud;
	const char *n = local(name);
	if (strcmp(n, "si") == 0) {
		s->in_si = true;
		s->cur.len = 0;
		if (s->cur.s)
			s->cur.s[0] = '\0';
	} else if (strcmp(n, "rPh") == 0) {
		s->in_rph = true;
	} else if (strcmp(n, "t") == 0 && s->in_si && !s->in_rph) {
		s->depth_t = 1;
	}
}

static void sst_end(void *ud, const char *name)
{
	struct sst_state *s = ud;
	struct xlsx_reader *x = s->x;
	const char *n = local(name);
	if (strcmp(n, "t") == 0) {
		s->depth_t = 0;
	} else if (strcmp(n, "rPh") == 0) {
		s->in_rph = false;
	} else if (strcmp(n, "si") == 0) {
		s->in_si = false;
		if (x->shared_count == x->shared_slots) {
			size_t slots =
			    x->shared_slots ? x->shared_slots * 2 : 256;
			size_t *a = realloc(x->shared_at, slots * sizeof *a);
			if (!a) {
				fail(x, "out of memory");
				return;
			}
			x->shared_at = a;
			x->shared_slots = slots;
		}
		size_t need = x->shared_len + s->cur.len + 1;
		if (need > XLSX_MAX_SHARED_BYTES) {
			fail(x, "the XLSX file's strings are too large");
			return;
		}
		if (need > x->shared_cap) {
			size_t cap = x->shared_cap ? x->shared_cap : 4096;
			while (cap < need)
				cap *= 2;
			char *b = realloc(x->shared, cap);
			if (!b) {
				fail(x, "out of memory");
				return;
			}
			x->shared = b;
			x->shared_cap = cap;
		}
		x->shared_at[x->shared_count++] = x->shared_len;
		if (s->cur.len)
			memcpy(x->shared + x->shared_len, s->cur.s, s->cur.len);
		x->shared_len += s->cur.len;
		x->shared[x->shared_len++] = '\0';
	}
}

static void sst_chars(void *ud, const char *text, int len)
{
	struct sst_state *s = ud;
	if (s->depth_t && !text_add(&s->cur, text, (size_t)len))
		fail(s->x, "out of memory");
}

/* ---- styles: which cell formats are dates ---------------------------- */

struct custom_fmt {
	long id;
	bool date;
};

struct styles_state {
	struct xlsx_reader *x;
	bool in_cell_xfs;
	struct custom_fmt fmts[256];
	int fmt_count;
	long *xf_fmt;
	size_t xf_count, xf_cap;
};

/* A number format code that shows a date: d or y outside quotes and
 * brackets. */
static bool code_is_date(const char *code)
{
	bool quoted = false;
	int bracket = 0;
	for (const char *p = code; *p; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (*p == '\\' && p[1])
			p++;
		else if (*p == '[')
			bracket++;
		else if (*p == ']' && bracket)
			bracket--;
		else if (!bracket &&
			 (*p == 'd' || *p == 'D' || *p == 'y' || *p == 'Y'))
			return true;
	}
	return false;
}

static bool builtin_is_date(long id)
{
	return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) ||
	       (id >= 50 && id <= 58);
}

static void styles_start(void *ud, const char *name, const char **atts)
{
	struct styles_state *s = ud;
	const char *n = local(name);
	if (strcmp(n, "numFmt") == 0 && s->fmt_count < 256) {
		const char *id = attr(atts, "numFmtId");
		const char *code = attr(atts, "formatCode");
		if (id && code) {
			s->fmts[s->fmt_count].id = strtol(id, NULL, 10);
			s->fmts[s->fmt_count].date = code_is_date(code);
			s->fmt_count++;
		}
	} else if (strcmp(n, "cellXfs") == 0) {
		s->in_cell_xfs = true;
	} else if (strcmp(n, "xf") == 0 && s->in_cell_xfs) {
		if (s->xf_count == s->xf_cap) {
			size_t cap = s->xf_cap ? s->xf_cap * 2 : 64;
			if (cap > 65536)
				return;
			long *a = realloc(s->xf_fmt, cap * sizeof *a);
			if (!a) {
				fail(s->x, "out of memory");
				return;
			}
			s->xf_fmt = a;
			s->xf_cap = cap;
		}
		const char *id = attr(atts, "numFmtId");
		s->xf_fmt[s->xf_count++] = id ? strtol(id, NULL, 10) : 0;
	}
}

static void styles_end(void *ud, const char *name)
{
	struct styles_state *s = ud;
	if (strcmp(local(name), "cellXfs") == 0)
		s->in_cell_xfs = false;
}

/* ---- workbook: the first sheet's part -------------------------------- */

struct book_state {
	char first_rid[64];
	char target[256];
	bool want_target;
};

static void book_start(void *ud, const char *name, const char **atts)
{
	struct book_state *b = ud;
	const char *n = local(name);
	if (!b->want_target && strcmp(n, "sheet") == 0 && !b->first_rid[0]) {
		const char *id = attr(atts, "id");
		if (id)
			snprintf(b->first_rid, sizeof b->first_rid, "%s", id);
	} else if (b->want_target && strcmp(n, "Relationship") == 0 &&
		   !b->target[0]) {
		const char *id = attr(atts, "Id");
		const char *target = attr(atts, "Target");
		if (id && target && strcmp(id, b->first_rid) == 0)
			snprintf(b->target, sizeof b->target, "%s", target);
	}
}

static void book_end(void *ud, const char *name)
{
	(void)ud;
	(void)name;
}

/* ---- the worksheet, one row at a time -------------------------------- */

static int column_of(const char *ref)
{
	int col = 0, n = 0;
	for (; *ref >= 'A' && *ref <= 'Z' && n < 4; ref++, n++)
		col = col * 26 + (*ref - 'A' + 1);
	return n ? col - 1 : -1;
}

static void sheet_start(void *ud, const char *name, const char **atts)
{
	struct xlsx_reader *x = ud;
	const char *n = local(name);
	if (strcmp(n, "row") == 0) {
		const char *r = attr(atts, "r");
		x->row_number = r ? strtol(r, NULL, 10) : x->next_row_number;
		x->next_row_number = x->row_number + 1;
		x->cell_count = 0;
		x->row_has_cell = false;
		x->col = -1;
	} else if (strcmp(n, "c") == 0) {
		const char *r = attr(atts, "r");
		const char *t = attr(atts, "t");
		const char *s = attr(atts, "s");
		x->col = r ? column_of(r) : x->col + 1;
		snprintf(x->type, sizeof x->type, "%s", t ? t : "n");
		x->style = s ? strtol(s, NULL, 10) : 0;
		x->value.len = 0;
		x->value.too_long = false;
		if (x->value.s)
			x->value.s[0] = '\0';
	} else if (strcmp(n, "v") == 0) {
		x->in_value = true;
	} else if (strcmp(n, "t") == 0) {
		x->in_inline_t = true;
	} else if (strcmp(n, "dimension") == 0) {
		/* "A1:K1001": the last row */
		const char *ref = attr(atts, "ref");
		const char *colon = ref ? strchr(ref, ':') : NULL;
		if (colon) {
			const char *p = colon + 1;
			while (*p >= 'A' && *p <= 'Z')
				p++;
			x->dimension_rows = strtol(p, NULL, 10);
		}
	}
}

/* Stores the finished cell as text. */
static void finish_cell(struct xlsx_reader *x)
{
	int c = x->col;
	if (c < 0 || c >= XLSX_MAX_COLUMNS) {
		fail(x, "the sheet has more than 256 columns");
		return;
	}
	const char *v = x->value.s ? x->value.s : "";
	enum xlsx_cell_kind kind = XLSX_TEXT;
	char buf[32];
	if (strcmp(x->type, "s") == 0) {
		char *end;
		unsigned long i = strtoul(v, &end, 10);
		if (!*v || *end || i >= x->shared_count) {
			fail(x, "the XLSX file refers to a missing string");
			return;
		}
		v = x->shared + x->shared_at[i];
	} else if (strcmp(x->type, "b") == 0) {
		kind = XLSX_BOOL;
		v = strcmp(v, "1") == 0 ? "1" : "0";
	} else if (strcmp(x->type, "n") == 0 && *v) {
		kind = XLSX_NUMBER;
		if (x->style >= 0 && (size_t)x->style < x->xf_count &&
		    x->xf_date[x->style]) {
			/* A day number; the fraction is the time of day. */
			long day = strtol(v, NULL, 10);
			if (day >= 1) {
				snprintf(buf, sizeof buf, "%ld", day);
				v = buf;
				kind = XLSX_DATE;
			}
		}
	} else if (strcmp(x->type, "e") == 0) {
		v = "";
	}
	while (x->cell_count <= c) {
		x->cells[x->cell_count].kind = XLSX_EMPTY;
		x->cells_text[x->cell_count].len = 0;
		if (x->cells_text[x->cell_count].s)
			x->cells_text[x->cell_count].s[0] = '\0';
		x->cell_count++;
	}
	struct text *t = &x->cells_text[c];
	t->len = 0;
	t->too_long = false;
	if (!text_add(t, v, strlen(v)) || !text_add(t, "", 0)) {
		x->failed_oom = true;
		fail(x, "out of memory");
		return;
	}
	if (x->value.too_long)
		fail(x, "a cell holds more than 64 KiB");
	x->cells[c].kind = *v ? kind : XLSX_EMPTY;
	x->row_has_cell |= *v != '\0';
}

static void sheet_end(void *ud, const char *name)
{
	struct xlsx_reader *x = ud;
	const char *n = local(name);
	if (strcmp(n, "v") == 0) {
		x->in_value = false;
	} else if (strcmp(n, "t") == 0) {
		x->in_inline_t = false;
	} else if (strcmp(n, "c") == 0) {
		finish_cell(x);
	} else if (strcmp(n, "row") == 0) {
		for (int i = 0; i < x->cell_count; i++)
			x->cells[i].text =
			    x->cells_text[i].s ? x->cells_text[i].s : "";
		if (x->row_has_cell)
			XML_StopParser(x->parser, XML_TRUE);
	}
}

static void sheet_chars(void *ud, const char *text, int len)
{
	struct xlsx_reader *x = ud;
	if ((x->in_value || x->in_inline_t) && x->col >= -1 &&
	    !text_add(&x->value, text, (size_t)len))
		fail(x, "out of memory");
}

/* ---- opening ----------------------------------------------------------- */

bool xlsx_looks_like(const void *data, size_t size)
{
	return size >= 4 && memcmp(data, "PK\x03\x04", 4) == 0;
}

static bool open_parts(struct xlsx_reader *x)
{
	struct sst_state sst = {.x = x};
	bool ok = parse_member(x, "xl/sharedStrings.xml", sst_start, sst_end,
			       sst_chars, &sst, false);
	free(sst.cur.s);
	if (!ok)
		return false;
	struct styles_state st = {.x = x};
	ok = parse_member(x, "xl/styles.xml", styles_start, styles_end, NULL,
			  &st, false);
	if (ok && st.xf_count) {
		x->xf_date = calloc(st.xf_count, sizeof *x->xf_date);
		if (!x->xf_date)
			ok = false;
		for (size_t i = 0; ok && i < st.xf_count; i++) {
			long id = st.xf_fmt[i];
			bool date = builtin_is_date(id);
			for (int k = 0; k < st.fmt_count; k++)
				if (st.fmts[k].id == id)
					date = st.fmts[k].date;
			x->xf_date[i] = date;
		}
		x->xf_count = st.xf_count;
	}
	free(st.xf_fmt);
	if (!ok)
		return false;
	struct book_state book = {0};
	if (!parse_member(x, "xl/workbook.xml", book_start, book_end, NULL,
			  &book, true))
		return false;
	char part[300] = "xl/worksheets/sheet1.xml";
	if (book.first_rid[0]) {
		book.want_target = true;
		parse_member(x, "xl/_rels/workbook.xml.rels", book_start,
			     book_end, NULL, &book, false);
		if (book.target[0] == '/')
			snprintf(part, sizeof part, "%s", book.target + 1);
		else if (book.target[0])
			snprintf(part, sizeof part, "xl/%s", book.target);
	}
	x->sheet = zip_fopen(x->zip, part, 0);
	if (!x->sheet) {
		fail(x, "the XLSX workbook has no worksheet");
		return false;
	}
	x->parser = XML_ParserCreate("UTF-8");
	x->chunk = malloc(XLSX_CHUNK);
	if (!x->parser || !x->chunk) {
		fail(x, "out of memory");
		return false;
	}
	XML_SetUserData(x->parser, x);
	XML_SetElementHandler(x->parser, sheet_start, sheet_end);
	XML_SetCharacterDataHandler(x->parser, sheet_chars);
	x->next_row_number = 1;
	x->col = -2;
	return true;
}

static bool finish_open(struct xlsx_reader *x, zip_t *zip,
			struct xlsx_reader **out, char *why, size_t why_len)
{
	x->zip = zip;
	if (!open_parts(x)) {
		snprintf(why, why_len, "%s", x->error);
		xlsx_close(x);
		return false;
	}
	*out = x;
	return true;
}

bool xlsx_open_file(const char *path, struct xlsx_reader **out, char *why,
		    size_t why_len)
{
	*out = NULL;
	int zerr = 0;
	zip_t *zip = zip_open(path, ZIP_RDONLY, &zerr);
	if (!zip) {
		snprintf(why, why_len, "the file is not an XLSX workbook");
		return false;
	}
	struct xlsx_reader *x = calloc(1, sizeof *x);
	if (!x) {
		zip_close(zip);
		snprintf(why, why_len, "out of memory");
		return false;
	}
	return finish_open(x, zip, out, why, why_len);
}

bool xlsx_open_memory(const void *data, size_t size, struct xlsx_reader **out,
		      char *why, size_t why_len)
{
	*out = NULL;
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(data, size, 0, &ze);
	zip_t *zip = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
	zip_error_fini(&ze);
	if (!zip) {
		if (src)
			zip_source_free(src);
		snprintf(why, why_len, "the file is not an XLSX workbook");
		return false;
	}
	struct xlsx_reader *x = calloc(1, sizeof *x);
	if (!x) {
		zip_close(zip);
		snprintf(why, why_len, "out of memory");
		return false;
	}
	return finish_open(x, zip, out, why, why_len);
}

void xlsx_close(struct xlsx_reader *x)
{
	if (!x)
		return;
	if (x->parser)
		XML_ParserFree(x->parser);
	if (x->sheet)
		zip_fclose(x->sheet);
	if (x->zip)
		zip_discard(x->zip);
	free(x->chunk);
	free(x->shared);
	free(x->shared_at);
	free(x->xf_date);
	for (int i = 0; i < XLSX_MAX_COLUMNS; i++)
		free(x->cells_text[i].s);
	free(x->value.s);
	free(x);
}

bool xlsx_next_row(struct xlsx_reader *x)
{
	if (x->error[0] || x->sheet_done)
		return false;
	for (;;) {
		enum XML_Status st;
		if (x->suspended) {
			x->suspended = false;
			st = XML_ResumeParser(x->parser);
		} else {
			zip_int64_t n =
			    zip_fread(x->sheet, x->chunk, XLSX_CHUNK);
			if (n < 0) {
				fail(x, "the XLSX file is damaged");
				return false;
			}
			st = XML_Parse(x->parser, x->chunk, (int)n, n == 0);
			if (n == 0 && st == XML_STATUS_OK) {
				x->sheet_done = true;
				return false;
			}
		}
		if (x->error[0])
			return false;
		if (st == XML_STATUS_SUSPENDED) {
			x->suspended = true;
			return true;
		}
		if (st == XML_STATUS_ERROR) {
			fail(
			    x,
			    "the XLSX worksheet holds XML that cannot be read");
			return false;
		}
		/* XML_STATUS_OK: the chunk is used up; read the next one. */
		XML_ParsingStatus ps;
		XML_GetParsingStatus(x->parser, &ps);
		if (ps.parsing == XML_FINISHED) {
			x->sheet_done = true;
			return false;
		}
	}
}

const char *xlsx_error(const struct xlsx_reader *x)
{
	return x->error[0] ? x->error : NULL;
}

long xlsx_row_number(const struct xlsx_reader *x) { return x->row_number; }

int xlsx_cell_count(const struct xlsx_reader *x) { return x->cell_count; }

const struct xlsx_cell *xlsx_cell(const struct xlsx_reader *x, int column)
{
	static const struct xlsx_cell empty = {XLSX_EMPTY, ""};
	if (column < 0 || column >= x->cell_count)
		return &empty;
	return &x->cells[column];
}

long xlsx_rows_declared(const struct xlsx_reader *x)
{
	return x->dimension_rows;
}
