/*
 * store.c: the backend-neutral entry points; each forwards to the backend's
 * operations, and transactions are tracked here so that callers can ask.
 */
#include "store/store_backend.h"

#include <string.h>
#include <strings.h>

bool store_url_is_postgres(const char *url)
{
	if (!url)
		return false;
	if (strncmp(url, "postgres://", 11) == 0 ||
	    strncmp(url, "postgresql://", 13) == 0)
		return true;
	/* libpq keyword strings: "host=... dbname=..." */
	return strchr(url, '=') != NULL && strchr(url, '/') == NULL;
}

bool store_open(const char *url, bool create, struct store **out,
		struct sr_error *err)
{
	*out = NULL;
	if (!url || !*url)
		return sr_fail(err, 400, "missing_db", "db",
			       "no database given (--db PATH)");
	if (store_url_is_postgres(url))
		return store_pg_open(url, out, err);
	return store_sqlite_open(url, create, out, err);
}

void store_close(struct store *s)
{
	if (s)
		s->ops->close(s);
}

enum store_backend store_backend_of(const struct store *s)
{
	return s->backend;
}

static bool begin(struct store *s, const char *sql, bool writing,
		  struct sr_error *err)
{
	if (!s->ops->exec(s, sql, err))
		return false;
	s->in_transaction = true;
	s->writing = writing;
	s->wrote = false;
	s->bookkeeping = false;
	return true;
}

bool store_begin(struct store *s, struct sr_error *err)
{
	return begin(s, s->ops->begin_sql, true, err);
}

bool store_begin_read(struct store *s, struct sr_error *err)
{
	return begin(s, s->ops->begin_read_sql, false, err);
}

/* In the writing transaction itself, so that the new generation and the
 * data it stands for become visible together. */
static bool raise_change_generation(struct store *s, struct sr_error *err)
{
	struct store_stmt *st = s->ops->prepare(
	    s, "UPDATE change_generation SET generation = generation + 1", err);
	if (!st)
		return false;
	bool ok = s->ops->step(st, err) == STORE_DONE;
	s->ops->finalize(st);
	return ok;
}

bool store_commit(struct store *s, struct sr_error *err)
{
	/* Only transactions begun to write raise it: a read that writes
	 * (the audit entry of an identity export, a no-op CREATE TABLE IF
	 * NOT EXISTS) changes nothing an answer shows, and raising it there
	 * would turn every such read into a writer. */
	if ((s->writing && !s->bookkeeping &&
	     !raise_change_generation(s, err)) ||
	    !s->ops->exec(s, "COMMIT", err)) {
		store_rollback(s);
		return false;
	}
	s->in_transaction = false;
	s->writing = false;
	return true;
}

void store_rollback(struct store *s)
{
	if (!s->in_transaction)
		return;
	s->ops->exec(s, "ROLLBACK", NULL);
	s->in_transaction = false;
	s->writing = false;
}

void store_mark_bookkeeping(struct store *s)
{
	s->bookkeeping = true;
}

bool store_change_generation(struct store *s, int64_t *generation,
			     struct sr_error *err)
{
	bool found = false;
	if (!store_query_int(s, "SELECT generation FROM change_generation",
			     generation, &found, err))
		return false;
	return found || sr_fail(err, 500, "database_error", "",
				"the change generation is missing");
}

bool store_in_transaction(const struct store *s)
{
	return s->in_transaction;
}

bool store_exec(struct store *s, const char *sql, struct sr_error *err)
{
	s->wrote = true;
	return s->ops->exec(s, sql, err);
}

/* Whether sql may change data: anything but a plain SELECT. */
static bool may_write(const char *sql)
{
	while (*sql == ' ' || *sql == '\n' || *sql == '\t')
		sql++;
	return strncasecmp(sql, "SELECT", 6) != 0;
}

struct store_stmt *store_prepare(struct store *s, const char *sql,
				 struct sr_error *err)
{
	if (may_write(sql))
		s->wrote = true;
	return s->ops->prepare(s, sql, err);
}

bool store_transaction_wrote(const struct store *s)
{
	return s->wrote;
}

void store_bind_int(struct store_stmt *st, int idx, int64_t v)
{
	st->store->ops->bind_int(st, idx, v);
}

void store_bind_text(struct store_stmt *st, int idx, const char *v)
{
	if (!v)
		st->store->ops->bind_null(st, idx);
	else
		st->store->ops->bind_text(st, idx, v);
}

void store_bind_blob(struct store_stmt *st, int idx, const void *v, size_t n)
{
	st->store->ops->bind_blob(st, idx, v, n);
}

void store_bind_null(struct store_stmt *st, int idx)
{
	st->store->ops->bind_null(st, idx);
}

enum store_step_result store_step(struct store_stmt *st, struct sr_error *err)
{
	return st->store->ops->step(st, err);
}

int store_column_count(struct store_stmt *st)
{
	return st->store->ops->column_count(st);
}

bool store_column_is_null(struct store_stmt *st, int col)
{
	return st->store->ops->column_is_null(st, col);
}

int64_t store_column_int(struct store_stmt *st, int col)
{
	return st->store->ops->column_int(st, col);
}

const char *store_column_text(struct store_stmt *st, int col)
{
	return st->store->ops->column_text(st, col);
}

const void *store_column_blob(struct store_stmt *st, int col, size_t *n)
{
	return st->store->ops->column_blob(st, col, n);
}

int64_t store_changes(struct store_stmt *st)
{
	return st->store->ops->changes(st);
}

void store_finalize(struct store_stmt *st)
{
	if (st)
		st->store->ops->finalize(st);
}

bool store_next_id(struct store *s, int64_t *id, struct sr_error *err)
{
	s->wrote = true;
	return s->ops->next_id(s, id, err);
}

bool store_reserve_ids(struct store *s, int64_t n, int64_t *first,
		       struct sr_error *err)
{
	*first = 0;
	if (n <= 0)
		return true;
	struct store_stmt *st = store_prepare(
	    s,
	    "UPDATE id_counter SET next_id = next_id + ? RETURNING next_id - ?",
	    err);
	if (!st)
		return false;
	store_bind_int(st, 1, n);
	store_bind_int(st, 2, n);
	enum store_step_result r = store_step(st, err);
	if (r == STORE_ROW)
		*first = store_column_int(st, 0);
	store_finalize(st);
	if (r == STORE_ERROR)
		return false;
	return r == STORE_ROW || sr_fail(err, 500, "database_error", "",
					 "id counter missing");
}

bool store_query_int(struct store *s, const char *sql, int64_t *out,
		     bool *found, struct sr_error *err)
{
	struct store_stmt *st = store_prepare(s, sql, err);
	if (!st)
		return false;
	enum store_step_result r = store_step(st, err);
	if (found)
		*found = r == STORE_ROW;
	if (r == STORE_ROW)
		*out = store_column_int(st, 0);
	store_finalize(st);
	return r != STORE_ERROR;
}
