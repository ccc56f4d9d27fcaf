/*
 * store_sqlite.c: the SQLite backend (the default store).
 *
 * WAL journal, foreign keys on, secure_delete on (deleted identity data is
 * overwritten), a busy timeout so concurrent writers wait instead of failing.
 * Prepared statements are cached per connection by their SQL text: API
 * requests run the same few statements over and over.
 */
#include "store/store_backend.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#define STMT_CACHE_SIZE 128

struct sqlite_stmt {
	struct store_stmt base;
	sqlite3_stmt *stmt;
	char *sql;
	bool in_use;
	int64_t changes;
	/* The first failed bind (out of memory): a statement must not run
	 * with a value missing, so the next step fails with it. */
	int bind_rc;
};

struct sqlite_store {
	sqlite3 *db;
	/* The transaction statements, prepared when the connection opens:
	 * parsing them for every request costs about 7% of a simple read,
	 * and ending a transaction must need no memory when memory has run
	 * out. */
	sqlite3_stmt *fixed[4];
	bool holds_write_lock; /* writer_lock, from BEGIN IMMEDIATE to its end */
	struct sqlite_stmt *cache[STMT_CACHE_SIZE];
	int cache_count;
};

static struct sqlite_store *impl(struct store *s)
{
	return s->impl;
}

static const char *const fixed_sql[4] = {"BEGIN", "BEGIN IMMEDIATE", "COMMIT",
					  "ROLLBACK"};

/* Runs sql, from the prepared statements when it is one of them. */
static int run_sql(struct sqlite_store *q, const char *sql)
{
	for (int i = 0; i < 4; i++)
		if (strcmp(sql, fixed_sql[i]) == 0) {
			int rc = sqlite3_step(q->fixed[i]);
			sqlite3_reset(q->fixed[i]);
			return rc == SQLITE_DONE ? SQLITE_OK : rc;
		}
	return sqlite3_exec(q->db, sql, NULL, NULL, NULL);
}

/* SQLite lets one writer in at a time, and a writer that finds the lock
 * taken polls for it with sleeps of up to 100 ms (the busy timeout): under
 * load that gives long, unfair waits. The threads of one process therefore
 * queue for the write lock here first, and wake as soon as it is free;
 * the busy timeout still covers other processes. Recursive, so that a
 * thread that opens a second connection while writing gets SQLite's own
 * answer (busy) instead of waiting on itself. */
static pthread_mutex_t writer_lock;
static pthread_once_t writer_lock_once = PTHREAD_ONCE_INIT;

static void writer_lock_init(void)
{
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&writer_lock, &a);
	pthread_mutexattr_destroy(&a);
}

static void writer_enter(struct sqlite_store *q)
{
	pthread_once(&writer_lock_once, writer_lock_init);
	pthread_mutex_lock(&writer_lock);
	q->holds_write_lock = true;
}

static void writer_leave(struct sqlite_store *q)
{
	if (!q->holds_write_lock)
		return;
	q->holds_write_lock = false;
	pthread_mutex_unlock(&writer_lock);
}

static bool sqlite_fail(sqlite3 *db, int rc, struct sr_error *err)
{
	const char *msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
	switch (rc & 0xff) {
	case SQLITE_CONSTRAINT:
		if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
			return sr_fail(err, 409, "conflict", "",
				       "the record is referenced by or refers "
				       "to another record");
		return sr_fail(err, 409, "conflict", "",
			       "a record with these values already exists");
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return sr_fail(err, 503, "busy", "",
			       "the database is busy; try again");
	case SQLITE_FULL:
		return sr_fail(err, 507, "storage_full", "",
			       "the database disk is full");
	case SQLITE_READONLY:
		return sr_fail(err, 503, "read_only", "",
			       "the database is read-only");
	case SQLITE_NOMEM:
		return sr_fail(err, 503, "out_of_memory", "",
			       "out of memory");
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return sr_fail(err, 500, "database_corrupt", "",
			       "the database file is damaged: %s", msg);
	default:
		return sr_fail(err, 500, "database_error", "", "%s", msg);
	}
}

/* SQLite rolls a transaction back by itself after some errors (out of
 * memory, disk full, I/O). Were the request to go on, its next statements
 * would each commit on their own: half a request written. So once the
 * transaction is gone, every statement fails until store_rollback(). */
static bool transaction_lost(struct store *s, struct sr_error *err)
{
	if (!s->in_transaction || !sqlite3_get_autocommit(impl(s)->db))
		return false;
	sr_fail(err, 503, "transaction_lost", "",
		"the database ended the transaction after an error; try again");
	return true;
}

static void sqlite_close(struct store *s)
{
	struct sqlite_store *q = impl(s);
	for (int i = 0; i < q->cache_count; i++) {
		sqlite3_finalize(q->cache[i]->stmt);
		free(q->cache[i]->sql);
		free(q->cache[i]);
	}
	writer_leave(q);
	for (int i = 0; i < 4; i++)
		sqlite3_finalize(q->fixed[i]);
	sqlite3_close(q->db);
	free(q);
	free(s);
}

/* Once per process, before SQLite starts: no memory statistics, which
 * would take one global mutex on every allocation of every thread. */
static pthread_once_t configure_once = PTHREAD_ONCE_INIT;

static void configure_sqlite(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* Opens and sets up one SQLite handle. */
static bool open_handle(const char *path, bool create, sqlite3 **out,
			struct sr_error *err)
{
	pthread_once(&configure_once, configure_sqlite);
	sqlite3 *db = NULL;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	if (create)
		flags |= SQLITE_OPEN_CREATE;
	int rc = sqlite3_open_v2(path, &db, flags, NULL);
	if (rc != SQLITE_OK) {
		if (!create && (rc == SQLITE_CANTOPEN))
			sr_fail(err, 404, "no_database", "db",
				"cannot open database '%s' (run `sroi init "
				"--db %s` first)",
				path, path);
		else
			sqlite_fail(db, rc, err);
		sqlite3_close(db);
		return false;
	}
	sqlite3_busy_timeout(db, 10000);
	sqlite3_extended_result_codes(db, 1);
	const char *setup = "PRAGMA journal_mode=WAL;"
			    "PRAGMA synchronous=FULL;"
			    "PRAGMA foreign_keys=ON;"
			    "PRAGMA secure_delete=ON;";
	rc = sqlite3_exec(db, setup, NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		sqlite_fail(db, rc, err);
		sqlite3_close(db);
		return false;
	}
	*out = db;
	return true;
}

static bool sqlite_exec(struct store *s, const char *sql, struct sr_error *err)
{
	struct sqlite_store *q = impl(s);
	if (strcmp(sql, "ROLLBACK") == 0) {
		int rc = run_sql(q, sql);
		writer_leave(q);
		/* SQLite may have ended the transaction itself already. */
		if (rc == SQLITE_OK || sqlite3_get_autocommit(q->db))
			return true;
		return sqlite_fail(q->db, rc, err);
	}
	if (transaction_lost(s, err))
		return false;
	/* A ROLLBACK that failed (out of memory) left the last request's
	 * transaction open: end it before the next one begins, or this
	 * connection would hold the write lock for good. */
	if (strncmp(sql, "BEGIN", 5) == 0 && !sqlite3_get_autocommit(q->db) &&
	    (run_sql(q, "ROLLBACK"), !sqlite3_get_autocommit(q->db)))
		return sr_fail(err, 503, "busy", "",
			       "the last transaction could not be ended; try "
			       "again");
	bool writer = sql == s->ops->begin_sql;
	if (writer)
		writer_enter(q);
	int rc = run_sql(q, sql);
	/* The transaction ends at COMMIT (or failed to begin). */
	if ((writer && rc != SQLITE_OK) ||
	    (rc == SQLITE_OK && strcmp(sql, "COMMIT") == 0))
		writer_leave(q);
	if (rc != SQLITE_OK)
		return sqlite_fail(q->db, rc, err);
	return true;
}

static struct store_stmt *sqlite_prepare(struct store *s, const char *sql,
					 struct sr_error *err)
{
	struct sqlite_store *q = impl(s);
	for (int i = 0; i < q->cache_count; i++) {
		struct sqlite_stmt *c = q->cache[i];
		if (!c->in_use && strcmp(c->sql, sql) == 0) {
			c->in_use = true;
			c->changes = 0;
			return &c->base;
		}
	}
	struct sqlite_stmt *c = calloc(1, sizeof *c);
	if (!c) {
		sr_fail(err, 503, "out_of_memory", "", "out of memory");
		return NULL;
	}
	int rc = sqlite3_prepare_v3(q->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
				    &c->stmt, NULL);
	if (rc != SQLITE_OK) {
		sqlite_fail(q->db, rc, err);
		free(c);
		return NULL;
	}
	c->base.store = s;
	c->in_use = true;
	c->sql = strdup(sql);
	if (!c->sql) {
		sqlite3_finalize(c->stmt);
		free(c);
		sr_fail(err, 503, "out_of_memory", "", "out of memory");
		return NULL;
	}
	if (q->cache_count < STMT_CACHE_SIZE)
		q->cache[q->cache_count++] = c;
	return &c->base;
}

static sqlite3_stmt *raw(struct store_stmt *st)
{
	return ((struct sqlite_stmt *)st)->stmt;
}

static void note_bind(struct store_stmt *st, int rc)
{
	struct sqlite_stmt *c = (struct sqlite_stmt *)st;
	if (rc != SQLITE_OK && c->bind_rc == SQLITE_OK)
		c->bind_rc = rc;
}

static void sqlite_bind_int(struct store_stmt *st, int idx, int64_t v)
{
	note_bind(st, sqlite3_bind_int64(raw(st), idx, v));
}

static void sqlite_bind_text(struct store_stmt *st, int idx, const char *v)
{
	note_bind(st, sqlite3_bind_text(raw(st), idx, v, -1, SQLITE_TRANSIENT));
}

static void sqlite_bind_blob(struct store_stmt *st, int idx, const void *v,
			     size_t n)
{
	note_bind(st, sqlite3_bind_blob64(raw(st), idx, v, n, SQLITE_TRANSIENT));
}

static void sqlite_bind_null(struct store_stmt *st, int idx)
{
	note_bind(st, sqlite3_bind_null(raw(st), idx));
}

static enum store_step_result sqlite_step(struct store_stmt *st,
					  struct sr_error *err)
{
	struct sqlite_stmt *c = (struct sqlite_stmt *)st;
	if (c->bind_rc != SQLITE_OK) {
		sqlite_fail(NULL, c->bind_rc, err);
		return STORE_ERROR;
	}
	if (transaction_lost(st->store, err))
		return STORE_ERROR;
	int rc = sqlite3_step(c->stmt);
	if (rc == SQLITE_ROW)
		return STORE_ROW;
	if (rc == SQLITE_DONE) {
		c->changes = sqlite3_changes64(sqlite3_db_handle(c->stmt));
		return STORE_DONE;
	}
	sqlite_fail(sqlite3_db_handle(c->stmt), sqlite3_extended_errcode(
				sqlite3_db_handle(c->stmt)), err);
	return STORE_ERROR;
}

static int sqlite_column_count(struct store_stmt *st)
{
	return sqlite3_column_count(raw(st));
}

static bool sqlite_column_is_null(struct store_stmt *st, int col)
{
	return sqlite3_column_type(raw(st), col) == SQLITE_NULL;
}

static int64_t sqlite_column_int(struct store_stmt *st, int col)
{
	return sqlite3_column_int64(raw(st), col);
}

static const char *sqlite_column_text(struct store_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(raw(st), col);
	return t ? (const char *)t : "";
}

static const void *sqlite_column_blob(struct store_stmt *st, int col,
				      size_t *n)
{
	const void *b = sqlite3_column_blob(raw(st), col);
	*n = (size_t)sqlite3_column_bytes(raw(st), col);
	return b;
}

static int64_t sqlite_changes(struct store_stmt *st)
{
	return ((struct sqlite_stmt *)st)->changes;
}

static void sqlite_finalize(struct store_stmt *st)
{
	struct sqlite_stmt *c = (struct sqlite_stmt *)st;
	struct sqlite_store *q = impl(st->store);
	sqlite3_reset(c->stmt);
	sqlite3_clear_bindings(c->stmt);
	c->bind_rc = SQLITE_OK;
	for (int i = 0; i < q->cache_count; i++)
		if (q->cache[i] == c) {
			c->in_use = false;
			return;
		}
	sqlite3_finalize(c->stmt);
	free(c->sql);
	free(c);
}

static bool sqlite_next_id(struct store *s, int64_t *id, struct sr_error *err)
{
	struct store_stmt *st = sqlite_prepare(
		s, "UPDATE id_counter SET next_id = next_id + 1 RETURNING next_id - 1",
		err);
	if (!st)
		return false;
	enum store_step_result r = sqlite_step(st, err);
	if (r == STORE_ROW)
		*id = sqlite_column_int(st, 0);
	sqlite_finalize(st);
	if (r != STORE_ROW)
		return r == STORE_ERROR ? false
					: sr_fail(err, 500, "database_error", "",
						  "id counter missing");
	return true;
}

static char *sqlite_dialect(const char *sql)
{
	return strdup(sql);
}

static const struct store_ops sqlite_ops = {
	.close = sqlite_close,
	.exec = sqlite_exec,
	.prepare = sqlite_prepare,
	.bind_int = sqlite_bind_int,
	.bind_text = sqlite_bind_text,
	.bind_blob = sqlite_bind_blob,
	.bind_null = sqlite_bind_null,
	.step = sqlite_step,
	.column_count = sqlite_column_count,
	.column_is_null = sqlite_column_is_null,
	.column_int = sqlite_column_int,
	.column_text = sqlite_column_text,
	.column_blob = sqlite_column_blob,
	.changes = sqlite_changes,
	.finalize = sqlite_finalize,
	.next_id = sqlite_next_id,
	.dialect = sqlite_dialect,
	/* IMMEDIATE takes the write lock at once, so two writers never both
	 * read and then fail to upgrade (SQLITE_BUSY mid-request). */
	.begin_sql = "BEGIN IMMEDIATE",
	.begin_read_sql = "BEGIN",
};

bool store_sqlite_open(const char *path, bool create, struct store **out,
		       struct sr_error *err)
{
	sqlite3 *db = NULL;
	if (!open_handle(path, create, &db, err))
		return false;
	struct store *s = calloc(1, sizeof *s);
	struct sqlite_store *q = calloc(1, sizeof *q);
	if (!s || !q) {
		free(s);
		free(q);
		sqlite3_close(db);
		return sr_fail(err, 503, "out_of_memory", "", "out of memory");
	}
	q->db = db;
	for (int i = 0; i < 4; i++) {
		int rc = sqlite3_prepare_v3(db, fixed_sql[i], -1,
					    SQLITE_PREPARE_PERSISTENT,
					    &q->fixed[i], NULL);
		if (rc != SQLITE_OK) {
			sqlite_fail(db, rc, err);
			for (int j = 0; j < i; j++)
				sqlite3_finalize(q->fixed[j]);
			sqlite3_close(db);
			free(q);
			free(s);
			return false;
		}
	}
	s->ops = &sqlite_ops;
	s->backend = STORE_SQLITE;
	s->impl = q;
	*out = s;
	return true;
}
