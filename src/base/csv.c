/* csv.c: see csv.h. */
#include "base/csv.h"

#include <stdlib.h>
#include <stdint.h>
#include <string.h>

void csv_init(struct csv_reader *r, const char *data, size_t size,
	      char separator)
{
	memset(r, 0, sizeof *r);
	r->data = data;
	r->size = size;
	r->separator = separator;
	r->next_line = 1;
	/* Skip a UTF-8 byte order mark. */
	if (size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		r->pos = 3;
}

static bool put(struct csv_reader *r, size_t *len, char c)
{
	if (*len + 1 >= r->buf_cap) {
		size_t cap = r->buf_cap ? r->buf_cap * 2 : 256;
		char *b = realloc(r->buf, cap);
		if (!b)
			return false;
		r->buf = b;
		r->buf_cap = cap;
	}
	r->buf[(*len)++] = c;
	return true;
}

bool csv_next(struct csv_reader *r)
{
	if (r->pos >= r->size)
		return false;
	size_t len = 0;
	size_t starts[CSV_MAX_FIELDS];
	int n = 0;
	bool quoted = false;
	starts[n++] = 0;
	r->line = r->next_line;
	while (r->pos < r->size) {
		char c = r->data[r->pos++];
		if (quoted) {
			if (c == '"') {
				if (r->pos < r->size && r->data[r->pos] == '"') {
					r->pos++;
					if (!put(r, &len, '"'))
						return false;
				} else {
					quoted = false;
				}
			} else {
				if (c == '\n')
					r->next_line++;
				if (!put(r, &len, c))
					return false;
			}
		} else if (c == '"') {
			quoted = true;
		} else if (c == r->separator) {
			if (!put(r, &len, '\0'))
				return false;
			if (n < CSV_MAX_FIELDS)
				starts[n++] = len;
		} else if (c == '\n' || c == '\r') {
			if (c == '\r' && r->pos < r->size && r->data[r->pos] == '\n')
				r->pos++;
			r->next_line++;
			break;
		} else if (!put(r, &len, c)) {
			return false;
		}
	}
	if (!put(r, &len, '\0'))
		return false;
	r->field_count = n;
	for (int i = 0; i < n; i++)
		r->fields[i] = r->buf + starts[i];
	return true;
}

void csv_free(struct csv_reader *r)
{
	free(r->buf);
	r->buf = NULL;
}

/* ---- streaming reader for imports ------------------------------------ */

/* Windows-1252 0x80-0x9F; the rest of 0xA0-0xFF is Latin-1. Undefined
 * bytes become U+FFFD. */
static const uint16_t cp1252_high[32] = {
	0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
	0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

void csv_sniff_init(struct csv_sniff *s)
{
	memset(s, 0, sizeof *s);
	s->in_header = true;
}

static void sniff_utf8(struct csv_sniff *s, unsigned char c)
{
	if (s->utf8_pending) {
		if ((c & 0xC0) != 0x80) {
			s->utf8_invalid = true;
			s->utf8_pending = 0;
		} else {
			s->cp = (s->cp << 6) | (c & 0x3F);
			if (--s->utf8_pending == 0 &&
			    (s->cp < s->cp_min || s->cp > 0x10FFFF ||
			     (s->cp >= 0xD800 && s->cp <= 0xDFFF)))
				s->utf8_invalid = true;
			return;
		}
	}
	if (c < 0x80)
		return;
	if (c >= 0xC2 && c <= 0xDF) {
		s->utf8_pending = 1;
		s->cp = c & 0x1F;
		s->cp_min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		s->utf8_pending = 2;
		s->cp = c & 0x0F;
		s->cp_min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		s->utf8_pending = 3;
		s->cp = c & 0x07;
		s->cp_min = 0x10000;
	} else {
		s->utf8_invalid = true;
	}
}

void csv_sniff_feed(struct csv_sniff *s, const char *data, size_t n)
{
	static const char bom[3] = {'\xEF', '\xBB', '\xBF'};
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)data[i];
		if (s->seen < 3) {
			if (c == (unsigned char)bom[s->seen] &&
			    (s->seen == 0 || s->bom))
				s->bom = true;
			else
				s->bom = false;
		}
		s->seen++;
		if (!s->utf8_invalid)
			sniff_utf8(s, c);
		if (s->quoted) {
			if (c == '"')
				s->quoted = false; /* "" re-enters at once */
			continue;
		}
		if (c == '"') {
			s->quoted = true;
			s->record_has_data = true;
		} else if (c == '\n' || c == '\r') {
			if (s->record_has_data)
				s->records++;
			s->record_has_data = false;
			if (s->records > 0)
				s->in_header = false;
		} else {
			s->record_has_data = true;
			if (s->in_header)
				s->header_counts[c == ',' ? 0 : c == ';' ? 1 : c == '\t' ? 2 : 0] +=
					c == ',' || c == ';' || c == '\t';
		}
	}
}

void csv_sniff_finish(struct csv_sniff *s)
{
	if (s->record_has_data)
		s->records++;
	s->record_has_data = false;
	if (s->utf8_pending)
		s->utf8_invalid = true;
	if (s->seen < 3)
		s->bom = false;
	s->encoding = (s->bom || !s->utf8_invalid) ? CSV_UTF8 : CSV_WINDOWS_1252;
	long comma = s->header_counts[0], semi = s->header_counts[1],
	     tab = s->header_counts[2];
	s->separator = ',';
	if (semi > comma && semi >= tab)
		s->separator = ';';
	else if (tab > comma && tab > semi)
		s->separator = '\t';
}

size_t csv_memory_read(void *ctx, char *buf, size_t n)
{
	struct csv_memory *m = ctx;
	size_t left = m->size - m->pos;
	if (n > left)
		n = left;
	memcpy(buf, m->data + m->pos, n);
	m->pos += n;
	return n;
}

#define CSV_STREAM_CHUNK (64 * 1024)

void csv_stream_init(struct csv_stream *r, csv_read_fn read, void *ctx,
		     enum csv_encoding encoding, char separator)
{
	memset(r, 0, sizeof *r);
	r->read = read;
	r->ctx = ctx;
	r->encoding = encoding;
	r->separator = separator;
	r->next_line = 1;
}

void csv_stream_free(struct csv_stream *r)
{
	free(r->in);
	free(r->buf);
	r->in = NULL;
	r->buf = NULL;
}

static int stream_byte(struct csv_stream *r)
{
	if (r->in_pos == r->in_len) {
		if (r->eof)
			return -1;
		if (!r->in) {
			r->in = malloc(CSV_STREAM_CHUNK);
			if (!r->in) {
				r->failed = true;
				r->eof = true;
				return -1;
			}
		}
		r->in_len = r->read(r->ctx, r->in, CSV_STREAM_CHUNK);
		r->in_pos = 0;
		if (r->in_len == 0) {
			r->eof = true;
			return -1;
		}
	}
	return (unsigned char)r->in[r->in_pos++];
}

static bool stream_put(struct csv_stream *r, char c)
{
	if (r->buf_len + 1 >= r->buf_cap) {
		size_t cap = r->buf_cap ? r->buf_cap * 2 : 1024;
		char *b = realloc(r->buf, cap);
		if (!b) {
			r->failed = true;
			return false;
		}
		r->buf = b;
		r->buf_cap = cap;
	}
	r->buf[r->buf_len++] = c;
	return true;
}

/* Appends one input byte to the current field, converting the encoding;
 * field_len counts the field's bytes so far. */
static void stream_add(struct csv_stream *r, int c, size_t *field_len)
{
	if (c == 0) {
		r->row_error = "the row contains a NUL byte";
		return;
	}
	if (*field_len >= CSV_STREAM_MAX_FIELD) {
		r->row_error = "a field is longer than 64 KiB";
		return;
	}
	if (r->encoding == CSV_WINDOWS_1252 && c >= 0x80) {
		unsigned cp = c < 0xA0 ? cp1252_high[c - 0x80] : (unsigned)c;
		if (cp < 0x800) {
			stream_put(r, (char)(0xC0 | (cp >> 6)));
			stream_put(r, (char)(0x80 | (cp & 0x3F)));
			*field_len += 2;
		} else {
			stream_put(r, (char)(0xE0 | (cp >> 12)));
			stream_put(r, (char)(0x80 | ((cp >> 6) & 0x3F)));
			stream_put(r, (char)(0x80 | (cp & 0x3F)));
			*field_len += 3;
		}
		return;
	}
	stream_put(r, (char)c);
	(*field_len)++;
}

/* Reads one record; false at the end of the input. *empty tells whether
 * it held no character at all. */
static bool stream_record(struct csv_stream *r, bool *empty)
{
	int n = 1;
	size_t field_len = 0;
	bool quoted = false, any = false, content = false;
	r->buf_len = 0;
	r->starts[0] = 0;
	r->row_error = NULL;
	r->line = r->next_line;
	if (!r->started) {
		r->started = true;
		/* A UTF-8 byte order mark at the very start. */
		int a = stream_byte(r);
		if (a == 0xEF) {
			int b = stream_byte(r), c = b == 0xBB ? stream_byte(r) : -1;
			if (!(b == 0xBB && c == 0xBF)) {
				/* Not a BOM: 0xEF (and 0xBB) are data; the
				 * byte that told is read again below, for it
				 * may be a separator, a quote or a newline
				 * (fuzz/corpus/csv/bom-like-start.csv). It was
				 * the last one read, so it is in the buffer. */
				stream_add(r, a, &field_len);
				if (b == 0xBB)
					stream_add(r, b, &field_len);
				if (c >= 0 || (b >= 0 && b != 0xBB))
					r->in_pos--;
				any = content = true;
			}
		} else if (a >= 0) {
			r->in_pos--; /* the byte is still in the buffer */
		}
	}
	for (;;) {
		int c = stream_byte(r);
		if (c < 0) {
			if (quoted)
				r->row_error = "a quoted field is not closed at the "
					       "end of the file";
			if (!any)
				return false;
			break;
		}
		any = true;
		if (quoted) {
			if (c == '"') {
				int d = stream_byte(r);
				if (d == '"') {
					stream_add(r, '"', &field_len);
				} else {
					quoted = false;
					if (d >= 0)
						r->in_pos--;
				}
			} else {
				if (c == '\n')
					r->next_line++;
				stream_add(r, c, &field_len);
			}
			continue;
		}
		if (c == '"' && field_len == 0) {
			quoted = true;
			content = true;
		} else if (c == r->separator) {
			if (n < CSV_STREAM_MAX_FIELDS) {
				stream_put(r, '\0');
				r->starts[n++] = r->buf_len;
				field_len = 0;
			} else {
				r->row_error = "the row has more than 256 columns";
			}
		} else if (c == '\n' || c == '\r') {
			if (c == '\r') {
				int d = stream_byte(r);
				if (d >= 0 && d != '\n')
					r->in_pos--;
			}
			r->next_line++;
			break;
		} else {
			content = true;
			stream_add(r, c, &field_len);
		}
	}
	stream_put(r, '\0');
	r->field_count = n;
	for (int i = 0; i < n; i++)
		r->fields[i] = r->buf ? r->buf + r->starts[i] : "";
	*empty = !content && !r->row_error;
	return true;
}

bool csv_stream_next(struct csv_stream *r)
{
	for (;;) {
		bool empty = false;
		if (r->failed || !stream_record(r, &empty) || r->failed)
			return false;
		r->row++;
		if (!empty)
			return true;
		/* A record with nothing in it (a blank line, or only
		 * separators) is skipped. */
		bool blank = true;
		for (int i = 0; i < r->field_count && blank; i++)
			blank = !*r->fields[i];
		if (!blank)
			return true;
	}
}
