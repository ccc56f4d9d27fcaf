/*
 * store.h: the one backend-neutral database API of sroi.
 *
 * Callers write portable SQL with `?` placeholders, bind values, and step
 * through rows; the backend (SQLite today, PostgreSQL via libpq) translates.
 * A `struct store` is one connection: use it from one thread at a time.
 * Every API request runs in one transaction (store_begin .. store_commit),
 * so nothing is written when a request fails.
 */
#ifndef SROI_STORE_STORE_H
#define SROI_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

struct store;
struct store_stmt;

enum store_backend { STORE_SQLITE, STORE_POSTGRES };

enum store_step_result { STORE_ERROR = -1, STORE_DONE = 0, STORE_ROW = 1 };

/* True when url names a PostgreSQL database (postgres://, postgresql://, or
 * a libpq keyword string such as "host=127.0.0.1 dbname=sroi"). */
bool store_url_is_postgres(const char *url);

/* Opens a connection. For SQLite, create=false refuses a missing file. */
bool store_open(const char *url, bool create, struct store **out,
		struct sr_error *err);
void store_close(struct store *s);
enum store_backend store_backend_of(const struct store *s);

/* A transaction that may write (SQLite: takes the write lock at once). */
bool store_begin(struct store *s, struct sr_error *err);
/* A transaction that only reads (a consistent snapshot). */
bool store_begin_read(struct store *s, struct sr_error *err);
/* Committing a transaction begun with store_begin also raises the change
 * generation in it (below). */
bool store_commit(struct store *s, struct sr_error *err);
void store_rollback(struct store *s);
/* The open transaction writes only bookkeeping that no answer to a read
 * shows (the last use of a session or token) or the schema itself: its
 * commit leaves the change generation as it is. */
void store_mark_bookkeeping(struct store *s);
/* The change generation: raised by every transaction begun with
 * store_begin, in that transaction, so that an answer read at generation g
 * is current while the generation is still g (src/http/response_cache.c).
 * Data that answers show is written only in such transactions; a read that
 * writes an audit entry does not raise it (the audit log is not kept). */
bool store_change_generation(struct store *s, int64_t *generation,
			     struct sr_error *err);
/* Whether the current (or last) transaction ran a statement that may
 * change data (anything but a SELECT): a read that also wrote (an audited
 * export) is not an answer to keep. */
bool store_transaction_wrote(const struct store *s);
bool store_in_transaction(const struct store *s);

/* Runs SQL text without parameters (one or more statements). */
bool store_exec(struct store *s, const char *sql, struct sr_error *err);

/* Prepared statements. Indices are 1-based for binds, 0-based for columns. */
struct store_stmt *store_prepare(struct store *s, const char *sql,
				 struct sr_error *err);
void store_bind_int(struct store_stmt *st, int idx, int64_t v);
void store_bind_text(struct store_stmt *st, int idx, const char *v);
void store_bind_blob(struct store_stmt *st, int idx, const void *v, size_t n);
void store_bind_null(struct store_stmt *st, int idx);
enum store_step_result store_step(struct store_stmt *st, struct sr_error *err);
int store_column_count(struct store_stmt *st);
bool store_column_is_null(struct store_stmt *st, int col);
int64_t store_column_int(struct store_stmt *st, int col);
const char *store_column_text(struct store_stmt *st, int col); /* "" for NULL */
const void *store_column_blob(struct store_stmt *st, int col, size_t *n);
/* Rows changed by the last INSERT/UPDATE/DELETE stepped to completion. */
int64_t store_changes(struct store_stmt *st);
void store_finalize(struct store_stmt *st);

/* Ids are unique across all organisations (so /contracts/{id} names one
 * record): this hands out the next one. */
bool store_next_id(struct store *s, int64_t *id, struct sr_error *err);
/* Reserves n consecutive ids with one update of the counter (bulk writes:
 * imports, proposal rounds); *first is the first of them. */
bool store_reserve_ids(struct store *s, int64_t n, int64_t *first,
		       struct sr_error *err);

/* Schema. */
int store_latest_schema_version(void);
/* Current version of the database, 0 when it has no schema yet. */
bool store_schema_version(struct store *s, int *version, struct sr_error *err);
/* Applies pending migrations, each in its own transaction. Refuses a
 * database newer than this binary. */
bool store_migrate(struct store *s, int *from, int *to, struct sr_error *err);

/* Helpers for one-row queries: run sql with one int64 bind (or none when
 * bind < 0 is not used), returning the first column of the first row. */
bool store_query_int(struct store *s, const char *sql, int64_t *out,
		     bool *found, struct sr_error *err);

#endif
