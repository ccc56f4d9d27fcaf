/* csv.c: see csv.h. */
#include "base/csv.h"

#include <stdlib.h>
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
