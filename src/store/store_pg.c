/*
 * store_pg.c: the PostgreSQL backend (libpq), the production store.
 *
 * Statements are written with `?` placeholders; this file numbers them
 * ($1, $2 ...), prepares each distinct statement once per connection and
 * runs it with text parameters (bytea as binary). A lost connection is
 * reset on the next use, so the server recovers by itself when PostgreSQL
 * comes back; requests in between fail with 503.
 */
#include "store/store_backend.h"

#include <ctype.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PG_CACHE_SIZE 128
#define BYTEA_OID 17

struct pg_stmt {
	struct store_stmt base;
	char *sql;       /* as given, with ? */
	char name[16];   /* server-side prepared statement name */
	bool prepared;
	bool in_use;
	char *numbered;  /* the SQL with $1, $2, ... */
	int nparams;     /* the ? in sql: the size of the three arrays */
	char **values;
	int *lengths;
	int *formats;
	PGresult *result;
	int row;         /* next row to return */
	char **unescaped; /* per column, bytea decoded lazily for current row */
	size_t *unescaped_len;
	int64_t changes;
	/* A bind that ran out of memory: the statement must not run with a
	 * value missing, so the next step fails. */
	bool bind_failed;
};

struct pg_store {
	PGconn *conn;
	char *conninfo;
	struct pg_stmt *cache[PG_CACHE_SIZE];
	int cache_count;
	int next_name;
};

static struct pg_store *impl(struct store *s)
{
	return s->impl;
}

static bool pg_fail_result(PGconn *conn, PGresult *res, struct sr_error *err)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorMessage(res) : PQerrorMessage(conn);
	if (PQstatus(conn) != CONNECTION_OK || !state ||
	    strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0)
		return sr_fail(err, 503, "database_unavailable", "",
			       "the database is not reachable; try again");
	if (strcmp(state, "23505") == 0)
		return sr_fail(err, 409, "conflict", "",
			       "a record with these values already exists");
	if (strcmp(state, "23503") == 0)
		return sr_fail(err, 409, "conflict", "",
			       "the record is referenced by or refers to another "
			       "record");
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
	    strcmp(state, "55P03") == 0)
		return sr_fail(err, 503, "busy", "",
			       "the database is busy; try again");
	if (strcmp(state, "53100") == 0)
		return sr_fail(err, 507, "storage_full", "",
			       "the database disk is full");
	if (strcmp(state, "25006") == 0)
		return sr_fail(err, 503, "read_only", "",
			       "the database is read-only");
	if (strncmp(state, "53", 2) == 0)
		return sr_fail(err, 503, "out_of_resources", "",
			       "the database is out of resources");
	return sr_fail(err, 500, "database_error", "", "%s", msg);
}

/* Drops prepared statements after a reconnect: the server forgot them. */
static void forget_prepared(struct pg_store *q)
{
	for (int i = 0; i < q->cache_count; i++)
		q->cache[i]->prepared = false;
}

static bool pg_ensure_connection(struct store *s, struct sr_error *err)
{
	struct pg_store *q = impl(s);
	if (PQstatus(q->conn) == CONNECTION_OK)
		return true;
	/* Lost inside a transaction: that transaction is gone with the
	 * connection. Connecting again here would run the rest of the request
	 * outside it, each statement committing on its own; instead every
	 * statement fails until the caller rolls back. */
	if (s->in_transaction)
		return sr_fail(err, 503, "database_unavailable", "",
			       "the connection to the database was lost; try "
			       "again");
	PQreset(q->conn);
	forget_prepared(q);
	if (PQstatus(q->conn) != CONNECTION_OK)
		return sr_fail(err, 503, "database_unavailable", "",
			       "the database is not reachable; try again");
	PQclear(PQexec(q->conn, "SET client_min_messages = warning"));
	return true;
}

static void clear_result(struct pg_stmt *c)
{
	if (c->unescaped && c->result) {
		int n = PQnfields(c->result);
		for (int i = 0; i < n; i++)
			PQfreemem(c->unescaped[i]);
		free(c->unescaped);
		free(c->unescaped_len);
	}
	c->unescaped = NULL;
	c->unescaped_len = NULL;
	if (c->result)
		PQclear(c->result);
	c->result = NULL;
	c->row = -1;
}

static void clear_params(struct pg_stmt *c)
{
	c->bind_failed = false;
	for (int i = 0; c->values && i < c->nparams; i++) {
		free(c->values[i]);
		c->values[i] = NULL;
		c->lengths[i] = 0;
		c->formats[i] = 0;
	}
}

static void free_stmt(struct pg_stmt *c)
{
	clear_result(c);
	clear_params(c);
	free(c->values);
	free(c->lengths);
	free(c->formats);
	free(c->numbered);
	free(c->sql);
	free(c);
}

static void pg_close(struct store *s)
{
	struct pg_store *q = impl(s);
	for (int i = 0; i < q->cache_count; i++)
		free_stmt(q->cache[i]);
	PQfinish(q->conn);
	free(q->conninfo);
	free(q);
	free(s);
}

static bool pg_exec(struct store *s, const char *sql, struct sr_error *err)
{
	struct pg_store *q = impl(s);
	if (!pg_ensure_connection(s, err))
		return false;
	/* A ROLLBACK that failed (out of memory) left the last request's
	 * transaction open; PostgreSQL would only warn at BEGIN and go on
	 * inside it. End it first, or drop the session, which ends it too. */
	if (strncmp(sql, "BEGIN", 5) == 0 &&
	    PQtransactionStatus(q->conn) != PQTRANS_IDLE) {
		PQclear(PQexec(q->conn, "ROLLBACK"));
		if (PQtransactionStatus(q->conn) != PQTRANS_IDLE) {
			PQreset(q->conn);
			forget_prepared(q);
			if (!pg_ensure_connection(s, err))
				return false;
		}
	}
	PGresult *res = PQexec(q->conn, sql);
	/* A connection that died while idle (PostgreSQL restarted, a proxy
	 * closed it) is found out only by its next command. When that command
	 * starts a transaction nothing has happened yet, so it is safe to
	 * connect again and repeat it, once: the request then succeeds. */
	if (!s->in_transaction && strncmp(sql, "BEGIN", 5) == 0 &&
	    PQstatus(q->conn) != CONNECTION_OK) {
		PQclear(res);
		if (!pg_ensure_connection(s, err))
			return false;
		res = PQexec(q->conn, sql);
	}
	ExecStatusType st = PQresultStatus(res);
	bool ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
	if (!ok)
		pg_fail_result(q->conn, res, err);
	PQclear(res);
	return ok;
}

/* Numbers ? placeholders outside quotes: "a = ? AND b = ?" -> "$1 .. $2". */
static char *number_placeholders(const char *sql, int *count)
{
	size_t len = strlen(sql);
	char *out = malloc(len * 4 + 1);
	if (!out)
		return NULL;
	char *o = out;
	int n = 0;
	char quote = 0;
	for (const char *p = sql; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
			*o++ = *p;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
			*o++ = *p;
		} else if (*p == '?') {
			o += sprintf(o, "$%d", ++n);
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	*count = n;
	return out;
}

static struct store_stmt *pg_prepare(struct store *s, const char *sql,
				     struct sr_error *err)
{
	struct pg_store *q = impl(s);
	if (!pg_ensure_connection(s, err))
		return NULL;
	for (int i = 0; i < q->cache_count; i++) {
		struct pg_stmt *c = q->cache[i];
		if (!c->in_use && strcmp(c->sql, sql) == 0) {
			c->in_use = true;
			c->changes = 0;
			return &c->base;
		}
	}
	struct pg_stmt *c = calloc(1, sizeof *c);
	if (c) {
		c->sql = strdup(sql);
		c->numbered = number_placeholders(sql, &c->nparams);
		/* +1: calloc(0) may give NULL */
		c->values = calloc((size_t)c->nparams + 1, sizeof *c->values);
		c->lengths = calloc((size_t)c->nparams + 1, sizeof *c->lengths);
		c->formats = calloc((size_t)c->nparams + 1, sizeof *c->formats);
	}
	if (!c || !c->sql || !c->numbered || !c->values || !c->lengths ||
	    !c->formats) {
		if (c)
			free_stmt(c);
		sr_fail(err, 503, "out_of_memory", "", "out of memory");
		return NULL;
	}
	c->base.store = s;
	c->in_use = true;
	c->row = -1;
	snprintf(c->name, sizeof c->name, "s%d", q->next_name++);
	if (q->cache_count < PG_CACHE_SIZE)
		q->cache[q->cache_count++] = c;
	return &c->base;
}

static void set_param(struct store_stmt *st, int idx, char *value, int len,
		      int format)
{
	struct pg_stmt *c = (struct pg_stmt *)st;
	if (idx < 1 || idx > c->nparams) {
		free(value);
		c->bind_failed = true;
		return;
	}
	free(c->values[idx - 1]);
	c->values[idx - 1] = value;
	c->lengths[idx - 1] = len;
	c->formats[idx - 1] = format;
}

/* A copy of a bound value; NULL (out of memory) fails the next step. */
static char *param_copy(struct store_stmt *st, const void *v, size_t n)
{
	char *copy = malloc(n + 1);
	if (!copy) {
		((struct pg_stmt *)st)->bind_failed = true;
		return NULL;
	}
	if (n)
		memcpy(copy, v, n);
	copy[n] = '\0';
	return copy;
}

static void pg_bind_int(struct store_stmt *st, int idx, int64_t v)
{
	char buf[24];
	int n = snprintf(buf, sizeof buf, "%lld", (long long)v);
	set_param(st, idx, param_copy(st, buf, (size_t)n), 0, 0);
}

static void pg_bind_text(struct store_stmt *st, int idx, const char *v)
{
	set_param(st, idx, param_copy(st, v, strlen(v)), 0, 0);
}

static void pg_bind_blob(struct store_stmt *st, int idx, const void *v,
			 size_t n)
{
	set_param(st, idx, param_copy(st, v, n), (int)n, 1);
}

static void pg_bind_null(struct store_stmt *st, int idx)
{
	set_param(st, idx, NULL, 0, 0);
}

static enum store_step_result pg_step(struct store_stmt *st,
				      struct sr_error *err)
{
	struct pg_stmt *c = (struct pg_stmt *)st;
	struct pg_store *q = impl(st->store);
	if (!c->result) {
		if (c->bind_failed) {
			sr_fail(err, 503, "out_of_memory", "", "out of memory");
			return STORE_ERROR;
		}
		if (!pg_ensure_connection(st->store, err))
			return STORE_ERROR;
		if (!c->prepared) {
			PGresult *res =
			    PQprepare(q->conn, c->name, c->numbered, 0, NULL);
			if (PQresultStatus(res) != PGRES_COMMAND_OK) {
				pg_fail_result(q->conn, res, err);
				PQclear(res);
				return STORE_ERROR;
			}
			PQclear(res);
			c->prepared = true;
		}
		c->result = PQexecPrepared(q->conn, c->name, c->nparams,
					   (const char *const *)c->values,
					   c->lengths, c->formats, 0);
		ExecStatusType status = PQresultStatus(c->result);
		if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
			pg_fail_result(q->conn, c->result, err);
			clear_result(c);
			return STORE_ERROR;
		}
		const char *tuples = PQcmdTuples(c->result);
		c->changes = tuples && *tuples ? atoll(tuples) : 0;
		c->row = -1;
	}
	if (c->unescaped) {
		int n = PQnfields(c->result);
		for (int i = 0; i < n; i++) {
			PQfreemem(c->unescaped[i]);
			c->unescaped[i] = NULL;
		}
	}
	c->row++;
	if (c->row < PQntuples(c->result))
		return STORE_ROW;
	return STORE_DONE;
}

static int pg_column_count(struct store_stmt *st)
{
	struct pg_stmt *c = (struct pg_stmt *)st;
	return c->result ? PQnfields(c->result) : 0;
}

static bool pg_column_is_null(struct store_stmt *st, int col)
{
	struct pg_stmt *c = (struct pg_stmt *)st;
	return PQgetisnull(c->result, c->row, col);
}

static int64_t pg_column_int(struct store_stmt *st, int col)
{
	struct pg_stmt *c = (struct pg_stmt *)st;
	const char *v = PQgetvalue(c->result, c->row, col);
	if (!v || !*v)
		return 0;
	if (strcmp(v, "t") == 0)
		return 1;
	if (strcmp(v, "f") == 0)
		return 0;
	return strtoll(v, NULL, 10);
}

static const char *pg_column_text(struct store_stmt *st, int col)
{
	struct pg_stmt *c = (struct pg_stmt *)st;
	return PQgetvalue(c->result, c->row, col);
}

static const void *pg_column_blob(struct store_stmt *st, int col, size_t *n)
{
	struct pg_stmt *c = (struct pg_stmt *)st;
	*n = 0;
	if (PQgetisnull(c->result, c->row, col))
		return NULL;
	if (PQftype(c->result, col) != BYTEA_OID) {
		*n = (size_t)PQgetlength(c->result, c->row, col);
		return PQgetvalue(c->result, c->row, col);
	}
	if (!c->unescaped) {
		size_t fields = (size_t)PQnfields(c->result);
		c->unescaped = calloc(fields, sizeof(char *));
		c->unescaped_len = calloc(fields, sizeof(size_t));
		if (!c->unescaped || !c->unescaped_len) {
			free(c->unescaped);
			free(c->unescaped_len);
			c->unescaped = NULL;
			c->unescaped_len = NULL;
			return NULL;
		}
	}
	if (!c->unescaped[col])
		c->unescaped[col] = (char *)PQunescapeBytea(
			(const unsigned char *)PQgetvalue(c->result, c->row, col),
			&c->unescaped_len[col]);
	*n = c->unescaped_len[col];
	return c->unescaped[col];
}

static int64_t pg_changes(struct store_stmt *st)
{
	return ((struct pg_stmt *)st)->changes;
}

static void pg_finalize(struct store_stmt *st)
{
	struct pg_stmt *c = (struct pg_stmt *)st;
	struct pg_store *q = impl(st->store);
	clear_result(c);
	clear_params(c);
	for (int i = 0; i < q->cache_count; i++)
		if (q->cache[i] == c) {
			c->in_use = false;
			return;
		}
	/* Not cached: deallocate on the server too. */
	if (c->prepared && PQstatus(q->conn) == CONNECTION_OK) {
		char sql[40];
		snprintf(sql, sizeof sql, "DEALLOCATE %s", c->name);
		PQclear(PQexec(q->conn, sql));
	}
	free_stmt(c);
}

static bool pg_next_id(struct store *s, int64_t *id, struct sr_error *err)
{
	/* The same counter row as SQLite: writers are serialised per
	 * transaction anyway (see api_write_lock). */
	bool found = false;
	if (!store_query_int(s,
			     "UPDATE id_counter SET next_id = next_id + 1 "
			     "RETURNING next_id - 1",
			     id, &found, err))
		return false;
	return found ? true
		     : sr_fail(err, 500, "database_error", "", "id counter missing");
}

/* Replaces whole words of SQLite's dialect by PostgreSQL's, and runs lines
 * marked "--pg: " (statements for PostgreSQL only, comments to SQLite). */
static char *pg_dialect(const char *sql)
{
	static const struct {
		const char *from, *to;
	} words[] = {
		{"INTEGER", "BIGINT"},
		{"BLOB", "BYTEA"},
		{"STRICT", ""},
	};
	size_t len = strlen(sql);
	char *out = malloc(len * 2 + 64);
	if (!out)
		return NULL;
	char *o = out;
	const char *p = sql;
	while (*p) {
		bool replaced = false;
		if ((p == sql || p[-1] == '\n') && strncmp(p, "--pg: ", 6) == 0) {
			p += 6;
			continue;
		}
		if ((p == sql || !isalnum((unsigned char)p[-1])) && p[0] != '_') {
			for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
				size_t wl = strlen(words[i].from);
				if (strncmp(p, words[i].from, wl) == 0 &&
				    !isalnum((unsigned char)p[wl]) && p[wl] != '_') {
					o += sprintf(o, "%s", words[i].to);
					p += wl;
					replaced = true;
					break;
				}
			}
		}
		if (!replaced)
			*o++ = *p++;
	}
	*o = '\0';
	return out;
}

static const struct store_ops pg_ops = {
	.close = pg_close,
	.exec = pg_exec,
	.prepare = pg_prepare,
	.bind_int = pg_bind_int,
	.bind_text = pg_bind_text,
	.bind_blob = pg_bind_blob,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.column_count = pg_column_count,
	.column_is_null = pg_column_is_null,
	.column_int = pg_column_int,
	.column_text = pg_column_text,
	.column_blob = pg_column_blob,
	.changes = pg_changes,
	.finalize = pg_finalize,
	.next_id = pg_next_id,
	.dialect = pg_dialect,
	/* Writers are serialised, as in SQLite, by one transaction-scoped
	 * advisory lock: the double-counting checks read, then write. */
	.begin_sql = "BEGIN; SELECT pg_advisory_xact_lock(7243)",
	.begin_read_sql = "BEGIN",
};

bool store_pg_open(const char *conninfo, struct store **out,
		   struct sr_error *err)
{
	/* A default connect_timeout, so that an unreachable server fails a
	 * request within seconds; one given in conninfo wins (later values
	 * override earlier ones). */
	static const char *const keywords[] = {"connect_timeout", "dbname",
					       NULL};
	const char *const values[] = {"10", conninfo, NULL};
	PGconn *conn = PQconnectdbParams(keywords, values, 1);
	if (PQstatus(conn) != CONNECTION_OK) {
		sr_fail(err, 503, "database_unavailable", "db",
			"cannot connect to PostgreSQL: %s", PQerrorMessage(conn));
		PQfinish(conn);
		return false;
	}
	PQclear(PQexec(conn, "SET client_min_messages = warning"));
	struct store *s = calloc(1, sizeof *s);
	struct pg_store *q = calloc(1, sizeof *q);
	if (!s || !q) {
		free(s);
		free(q);
		PQfinish(conn);
		return sr_fail(err, 503, "out_of_memory", "", "out of memory");
	}
	q->conn = conn;
	q->conninfo = strdup(conninfo);
	s->ops = &pg_ops;
	s->backend = STORE_POSTGRES;
	s->impl = q;
	*out = s;
	return true;
}
