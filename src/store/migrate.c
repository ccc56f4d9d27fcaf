/*
 * migrate.c: versioned schema migrations, embedded in the binary.
 *
 * Each migration is one SQL file under src/store/migrations, applied in its
 * own transaction together with its row in schema_migrations, so a failed
 * migration leaves the database at the previous version.
 */
#include "base/embedded.h"
#include "store/store_backend.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static const char *const migrations[] = {
	/* index + 1 is the version */
	"src/store/migrations/0001_initial.sql",
	"src/store/migrations/0002_security.sql",
	"src/store/migrations/0003_matching.sql",
	"src/store/migrations/0004_import.sql",
	"src/store/migrations/0005_citus_accounts.sql",
	"src/store/migrations/0006_change_generation.sql",
	"src/store/migrations/0007_candidate_links.sql",
	"src/store/migrations/0008_candidate_indexes.sql",
};

#define MIGRATION_COUNT ((int)(sizeof migrations / sizeof migrations[0]))

int store_latest_schema_version(void)
{
	return MIGRATION_COUNT;
}

static const char *schema_table_sql =
	"CREATE TABLE IF NOT EXISTS schema_migrations ("
	" version INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL,"
	" applied_at TEXT NOT NULL) STRICT";

static bool ensure_schema_table(struct store *s, struct sr_error *err)
{
	char *sql = s->ops->dialect(schema_table_sql);
	if (!sql)
		return sr_fail(err, 503, "out_of_memory", "", "out of memory");
	bool ok = store_exec(s, sql, err);
	free(sql);
	return ok;
}

bool store_schema_version(struct store *s, int *version,
			  struct sr_error *err)
{
	if (!ensure_schema_table(s, err))
		return false;
	int64_t v = 0;
	bool found = false;
	if (!store_query_int(s, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
			     &v, &found, err))
		return false;
	*version = (int)v;
	return true;
}

static bool apply_one(struct store *s, int version, struct sr_error *err)
{
	const struct embedded_file *f = embedded_find(migrations[version - 1]);
	if (!f)
		return sr_fail(err, 500, "migration_missing", "",
			       "migration %d is not in this binary", version);
	char *sql = s->ops->dialect((const char *)f->data);
	if (!sql)
		return sr_fail(err, 503, "out_of_memory", "", "out of memory");
	char now[32];
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);

	bool ok = store_begin(s, err);
	/* The schema changes, not the data (and the change generation may
	 * not exist yet). */
	if (ok)
		store_mark_bookkeeping(s);
	ok = ok && store_exec(s, sql, err);
	free(sql);
	if (ok) {
		struct store_stmt *st = store_prepare(
			s,
			"INSERT INTO schema_migrations (version, name, applied_at) "
			"VALUES (?, ?, ?)",
			err);
		ok = st != NULL;
		if (ok) {
			store_bind_int(st, 1, version);
			store_bind_text(st, 2, migrations[version - 1]);
			store_bind_text(st, 3, now);
			ok = store_step(st, err) == STORE_DONE;
			store_finalize(st);
		}
	}
	if (ok)
		ok = store_commit(s, err);
	else
		store_rollback(s);
	return ok;
}

bool store_migrate(struct store *s, int *from, int *to, struct sr_error *err)
{
	int current = 0;
	if (!store_schema_version(s, &current, err))
		return false;
	if (from)
		*from = current;
	if (current > MIGRATION_COUNT)
		return sr_fail(err, 409, "schema_too_new", "db",
			       "the database has schema version %d, newer than "
			       "this sroi (%d): use a newer sroi",
			       current, MIGRATION_COUNT);
	for (int v = current + 1; v <= MIGRATION_COUNT; v++) {
		if (!apply_one(s, v, err))
			return false;
		current = v;
	}
	if (to)
		*to = current;
	return true;
}
