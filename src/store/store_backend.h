/*
 * store_backend.h: what a storage backend provides to store.c. Internal to
 * src/store; callers use store.h only. One backend per file: store_sqlite.c,
 * store_pg.c.
 */
#ifndef SROI_STORE_BACKEND_H
#define SROI_STORE_BACKEND_H

#include "store/store.h"

struct store_ops {
	void (*close)(struct store *s);
	bool (*exec)(struct store *s, const char *sql, struct sr_error *err);
	struct store_stmt *(*prepare)(struct store *s, const char *sql,
				      struct sr_error *err);
	void (*bind_int)(struct store_stmt *st, int idx, int64_t v);
	void (*bind_text)(struct store_stmt *st, int idx, const char *v);
	void (*bind_blob)(struct store_stmt *st, int idx, const void *v,
			  size_t n);
	void (*bind_null)(struct store_stmt *st, int idx);
	enum store_step_result (*step)(struct store_stmt *st,
				       struct sr_error *err);
	int (*column_count)(struct store_stmt *st);
	bool (*column_is_null)(struct store_stmt *st, int col);
	int64_t (*column_int)(struct store_stmt *st, int col);
	const char *(*column_text)(struct store_stmt *st, int col);
	const void *(*column_blob)(struct store_stmt *st, int col, size_t *n);
	int64_t (*changes)(struct store_stmt *st);
	void (*finalize)(struct store_stmt *st);
	bool (*next_id)(struct store *s, int64_t *id, struct sr_error *err);
	/* Rewrites migration SQL (written for SQLite) into the backend's
	 * dialect; returns a malloc'ed string. */
	char *(*dialect)(const char *sql);
	const char *begin_sql;      /* a transaction that will write */
	const char *begin_read_sql; /* a transaction that only reads */
};

struct store {
	const struct store_ops *ops;
	enum store_backend backend;
	bool in_transaction;
	bool writing;     /* the transaction began with store_begin */
	bool wrote;       /* it ran a statement that may change data */
	bool bookkeeping; /* store_mark_bookkeeping: no change generation */
	void *impl;
};

struct store_stmt {
	struct store *store;
};

bool store_sqlite_open(const char *path, bool create, struct store **out,
		       struct sr_error *err);
bool store_pg_open(const char *conninfo, struct store **out,
		   struct sr_error *err);

#endif
