/* records.c: SQL for generic records (see records.h). Statements are built
 * into a fixed buffer from static names; a name that does not fit is a
 * programming error reported as 500. (The multi-row INSERTs of
 * record_insert_many are longer: their rows of placeholders go into a
 * buffer of their own.) */
#include "store/records.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sql_buf {
	char text[4096];
	size_t len;
	bool overflow;
};

static void add(struct sql_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#include <stdarg.h>

static void add(struct sql_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(b->text + b->len, sizeof b->text - b->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof b->text - b->len)
		b->overflow = true;
	else
		b->len += (size_t)n;
}

static bool too_long(struct sql_buf *b, struct sr_error *err)
{
	if (b->overflow)
		return !sr_fail(err, 500, "internal", "", "statement too long");
	return false;
}

static void bind_value(struct store_stmt *st, int idx,
		       const struct record_value *v)
{
	switch (v->kind) {
	case RV_NULL:
		store_bind_null(st, idx);
		break;
	case RV_INT:
		store_bind_int(st, idx, v->i);
		break;
	case RV_TEXT:
		store_bind_text(st, idx, v->s);
		break;
	}
}

static bool run_done(struct store_stmt *st, int64_t *changes,
		     struct sr_error *err)
{
	enum store_step_result r = store_step(st, err);
	if (changes)
		*changes = store_changes(st);
	store_finalize(st);
	return r == STORE_DONE;
}

bool record_insert(struct store *s, const struct record_table *t,
		   int64_t org_id, int64_t id, const struct record_value *values,
		   const char *now, struct sr_error *err)
{
	struct sql_buf b = {0};
	add(&b, "INSERT INTO %s (org_id, id", t->table);
	for (size_t i = 0; i < t->column_count; i++)
		add(&b, ", %s", t->columns[i]);
	add(&b, ", created_at, updated_at) VALUES (?, ?");
	for (size_t i = 0; i < t->column_count; i++)
		add(&b, ", ?");
	add(&b, ", ?, ?)");
	if (too_long(&b, err))
		return false;
	struct store_stmt *st = store_prepare(s, b.text, err);
	if (!st)
		return false;
	int idx = 1;
	store_bind_int(st, idx++, org_id);
	store_bind_int(st, idx++, id);
	for (size_t i = 0; i < t->column_count; i++)
		bind_value(st, idx++, &values[i]);
	store_bind_text(st, idx++, now);
	store_bind_text(st, idx++, now);
	return run_done(st, NULL, err);
}

/* Rows per statement of record_insert_many: beyond this the
 * per-statement work is spread thin already. Each size of statement is
 * prepared once and then found in the store's statement cache. */
#define MANY_ROWS 128
/* PostgreSQL's protocol carries at most this many parameters (SQLite's
 * limit, 32766, is higher than MANY_ROWS rows of any table need). */
#define MANY_PARAMS_PG 65535

/* The multi-row INSERT for rows rows, in buf (of size n) when it fits,
 * else malloc'ed: a large malloc makes glibc sort out its cache of small
 * freed blocks first, which after the statement before (its bound values
 * freed) costs more than the rest of the write. NULL when out of memory
 * or, with *too_long, when the names do not fit. */
static char *insert_many_sql(const struct record_table *t, size_t rows,
			     char *buf, size_t n, bool *too_long)
{
	struct sql_buf head = {0};
	add(&head, "INSERT INTO %s (org_id, id", t->table);
	for (size_t i = 0; i < t->column_count; i++)
		add(&head, ", %s", t->columns[i]);
	add(&head, ", created_at, updated_at) VALUES ");
	*too_long = head.overflow;
	if (head.overflow)
		return NULL;
	/* "(?, ?, ..., ?)", rows times, with ", " between them */
	size_t params = t->column_count + 4;
	size_t tuple = 3 * params; /* "(?" ", ?"... ")" */
	size_t len = head.len + rows * (tuple + 2) + 1;
	char *sql = len <= n ? buf : malloc(len);
	if (!sql)
		return NULL;
	memcpy(sql, head.text, head.len);
	char *o = sql + head.len, *first = o;
	*o++ = '(';
	*o++ = '?';
	for (size_t p = 1; p < params; p++) {
		memcpy(o, ", ?", 3);
		o += 3;
	}
	*o++ = ')';
	for (size_t r = 1; r < rows; r++) {
		*o++ = ',';
		*o++ = ' ';
		memcpy(o, first, tuple);
		o += tuple;
	}
	*o = '\0';
	return sql;
}

/* Inserts rows rows with one statement. */
static bool insert_rows(struct store *s, const struct record_table *t,
			int64_t org_id, const int64_t *ids,
			const struct record_value *values, size_t rows,
			const char *now, struct sr_error *err)
{
	bool too_long = false;
	char buf[16384];
	char *sql = insert_many_sql(t, rows, buf, sizeof buf, &too_long);
	if (!sql)
		return too_long ? !sr_fail(err, 500, "internal", "",
					   "statement too long")
				: !sr_fail(err, 503, "out_of_memory", "",
					   "out of memory");
	struct store_stmt *st = store_prepare(s, sql, err);
	if (sql != buf)
		free(sql);
	if (!st)
		return false;
	int idx = 1;
	for (size_t r = 0; r < rows; r++) {
		store_bind_int(st, idx++, org_id);
		store_bind_int(st, idx++, ids[r]);
		for (size_t i = 0; i < t->column_count; i++)
			bind_value(st, idx++, &values[r * t->column_count + i]);
		store_bind_text(st, idx++, now);
		store_bind_text(st, idx++, now);
	}
	return run_done(st, NULL, err);
}

bool record_insert_many(struct store *s, const struct record_table *t,
			int64_t org_id, const int64_t *ids,
			const struct record_value *values, size_t n,
			const char *now, struct sr_error *err)
{
	size_t most = MANY_ROWS;
	if (store_backend_of(s) == STORE_POSTGRES &&
	    most > MANY_PARAMS_PG / (t->column_count + 4))
		most = MANY_PARAMS_PG / (t->column_count + 4);
	size_t done = 0;
	while (done < n) {
		/* the full size, then powers of two: few sizes of statement */
		size_t rows = most;
		while (rows > n - done)
			rows /= 2;
		if (!insert_rows(s, t, org_id, ids + done,
				 values + done * t->column_count, rows, now,
				 err))
			return false;
		done += rows;
	}
	return true;
}

bool record_update(struct store *s, const struct record_table *t,
		   int64_t org_id, int64_t id, const int *columns,
		   const struct record_value *values, size_t n, const char *now,
		   struct sr_error *err)
{
	struct sql_buf b = {0};
	add(&b, "UPDATE %s SET updated_at = ?", t->table);
	for (size_t i = 0; i < n; i++)
		add(&b, ", %s = ?", t->columns[columns[i]]);
	add(&b, " WHERE org_id = ? AND id = ?");
	if (too_long(&b, err))
		return false;
	struct store_stmt *st = store_prepare(s, b.text, err);
	if (!st)
		return false;
	int idx = 1;
	store_bind_text(st, idx++, now);
	for (size_t i = 0; i < n; i++)
		bind_value(st, idx++, &values[i]);
	store_bind_int(st, idx++, org_id);
	store_bind_int(st, idx++, id);
	return run_done(st, NULL, err);
}

bool record_remove(struct store *s, const struct record_table *t,
		   int64_t org_id, int64_t id, const char *now, bool *found,
		   struct sr_error *err)
{
	struct sql_buf b = {0};
	if (t->archivable)
		add(&b, "UPDATE %s SET archived = 1, updated_at = ? "
			"WHERE org_id = ? AND id = ? AND archived = 0",
		    t->table);
	else
		add(&b, "DELETE FROM %s WHERE org_id = ? AND id = ?", t->table);
	if (too_long(&b, err))
		return false;
	struct store_stmt *st = store_prepare(s, b.text, err);
	if (!st)
		return false;
	int idx = 1;
	if (t->archivable)
		store_bind_text(st, idx++, now);
	store_bind_int(st, idx++, org_id);
	store_bind_int(st, idx++, id);
	int64_t changes = 0;
	bool ok = run_done(st, &changes, err);
	*found = changes > 0;
	return ok;
}

static void select_head(struct sql_buf *b, const struct record_table *t)
{
	add(b, "SELECT r.id, r.org_id, o.code");
	for (size_t i = 0; i < t->column_count; i++)
		add(b, ", r.%s", t->columns[i]);
	add(b, "%s FROM %s r JOIN organisations o ON o.org_id = r.org_id",
	    t->untimed ? ", NULL, NULL" : ", r.created_at, r.updated_at",
	    t->table);
}

struct store_stmt *record_select_one(struct store *s,
				     const struct record_table *t,
				     int64_t org_id, int64_t id,
				     struct sr_error *err)
{
	struct sql_buf b = {0};
	select_head(&b, t);
	add(&b, " WHERE r.id = ?");
	if (org_id)
		add(&b, " AND r.org_id = ?");
	if (too_long(&b, err))
		return NULL;
	struct store_stmt *st = store_prepare(s, b.text, err);
	if (!st)
		return NULL;
	store_bind_int(st, 1, id);
	if (org_id)
		store_bind_int(st, 2, org_id);
	return st;
}

static const char *column_name(const struct record_table *t, int column)
{
	return column < 0 ? "id" : t->columns[column];
}

struct store_stmt *record_select(struct store *s, const struct record_table *t,
				 const struct record_query *q,
				 struct sr_error *err)
{
	struct sql_buf b = {0};
	select_head(&b, t);
	add(&b, " WHERE 1 = 1");
	if (q->org_id)
		add(&b, " AND r.org_id = ?");
	if (t->archivable && !q->include_archived)
		add(&b, " AND r.archived = 0");
	for (int i = 0; i < q->filter_count; i++) {
		if (q->filters[i].value.kind == RV_NULL)
			add(&b, " AND r.%s IS NULL",
			    column_name(t, q->filters[i].column));
		else
			add(&b, " AND r.%s = ?",
			    column_name(t, q->filters[i].column));
	}
	if (q->scope)
		add(&b, " AND (%s)", q->scope);
	const char *sort = column_name(t, q->sort_column);
	const char *cmp = q->descending ? "<" : ">";
	const char *dir = q->descending ? "DESC" : "ASC";
	if (q->has_cursor) {
		if (q->sort_column < 0)
			add(&b, " AND r.id %s ?", cmp);
		else
			add(&b, " AND (r.%s %s ? OR (r.%s = ? AND r.id %s ?))",
			    sort, cmp, sort, cmp);
	}
	if (q->sort_column < 0)
		add(&b, " ORDER BY r.id %s", dir);
	else
		add(&b, " ORDER BY r.%s %s, r.id %s", sort, dir, dir);
	add(&b, " LIMIT ?");
	if (too_long(&b, err))
		return NULL;
	struct store_stmt *st = store_prepare(s, b.text, err);
	if (!st)
		return NULL;
	int idx = 1;
	if (q->org_id)
		store_bind_int(st, idx++, q->org_id);
	for (int i = 0; i < q->filter_count; i++)
		if (q->filters[i].value.kind != RV_NULL)
			bind_value(st, idx++, &q->filters[i].value);
	if (q->scope)
		store_bind_int(st, idx++, q->scope_value);
	if (q->has_cursor) {
		if (q->sort_column < 0) {
			store_bind_int(st, idx++, q->cursor_id);
		} else {
			bind_value(st, idx++, &q->cursor_value);
			bind_value(st, idx++, &q->cursor_value);
			store_bind_int(st, idx++, q->cursor_id);
		}
	}
	store_bind_int(st, idx++, q->limit);
	return st;
}

bool record_exists(struct store *s, const char *table, int64_t org_id,
		   int64_t id, int64_t *org_out, bool *exists,
		   struct sr_error *err)
{
	struct sql_buf b = {0};
	add(&b, "SELECT org_id FROM %s WHERE id = ?", table);
	if (org_id)
		add(&b, " AND org_id = ?");
	if (too_long(&b, err))
		return false;
	struct store_stmt *st = store_prepare(s, b.text, err);
	if (!st)
		return false;
	store_bind_int(st, 1, id);
	if (org_id)
		store_bind_int(st, 2, org_id);
	enum store_step_result r = store_step(st, err);
	*exists = r == STORE_ROW;
	if (r == STORE_ROW && org_out)
		*org_out = store_column_int(st, 0);
	store_finalize(st);
	return r != STORE_ERROR;
}
