/*
 * backup.c: `sroi backup` for SQLite, with SQLite's online backup API.
 *
 * The copy is taken in one backup step: in WAL mode that is one read
 * transaction, so it is a single committed state and writers go on while it
 * runs (a step-by-step copy would restart whenever another process writes,
 * and might never finish on a busy server). The copy is checked, switched
 * to a self-contained rollback-journal file, synced, and only then renamed
 * to the name asked for.
 */
#include "store/backup.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BACKUP_BUSY_MS 30000

static bool backup_fail(sqlite3 *db, int rc, const char *what,
			struct sr_error *err)
{
	const char *msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
	switch (rc & 0xff) {
	case SQLITE_FULL:
		return sr_fail(err, 507, "storage_full", "",
			       "%s: the disk is full", what);
	case SQLITE_NOMEM:
		return sr_fail(err, 503, "out_of_memory", "", "out of memory");
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		return sr_fail(err, 422, "not_a_database", "db",
			       "%s: not a usable SQLite database (%s)", what,
			       msg);
	default:
		return sr_fail(err, 500, "backup_failed", "", "%s: %s", what,
			       msg);
	}
}

/* fsync of a file or a directory by name; false with errno set. */
static bool sync_path(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC);
	if (fd < 0)
		return false;
	bool ok = fsync(fd) == 0;
	int saved = errno;
	close(fd);
	errno = saved;
	return ok;
}

/* Copies src into the new file at tmp and checks the copy. */
static bool copy_database(sqlite3 *src, const char *tmp, int64_t *pages,
			  struct sr_error *err)
{
	sqlite3 *dst = NULL;
	int rc = sqlite3_open_v2(
	    tmp, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		backup_fail(dst, rc, "cannot create the backup file", err);
		sqlite3_close(dst);
		return false;
	}
	sqlite3_extended_result_codes(dst, 1);
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	if (!b) {
		backup_fail(dst, sqlite3_errcode(dst),
			    "cannot start the backup", err);
		sqlite3_close(dst);
		return false;
	}
	/* The source's busy timeout covers its locks; a busy destination is
	 * retried here (it is a new file, so that is rare). */
	int waited = 0;
	while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY ||
	       rc == SQLITE_LOCKED) {
		if (waited >= BACKUP_BUSY_MS)
			break;
		sqlite3_sleep(100);
		waited += 100;
	}
	if (pages)
		*pages = sqlite3_backup_pagecount(b);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		backup_fail(rc == SQLITE_BUSY || rc == SQLITE_LOCKED ? NULL
								     : src,
			    rc, "the backup did not complete", err);
		sqlite3_close(dst);
		return false;
	}
	/* One self-contained file (no -wal beside it), checked. */
	sqlite3_stmt *st = NULL;
	rc = sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(dst, "PRAGMA quick_check", -1, &st,
					NULL);
	if (rc != SQLITE_OK) {
		backup_fail(dst, rc, "cannot check the backup", err);
		sqlite3_close(dst);
		return false;
	}
	rc = sqlite3_step(st);
	bool checked =
	    rc == SQLITE_ROW &&
	    strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
	if (!checked)
		sr_fail(err, 500, "backup_damaged", "",
			"the backup copy fails its check: %s",
			rc == SQLITE_ROW
			    ? (const char *)sqlite3_column_text(st, 0)
			    : sqlite3_errmsg(dst));
	sqlite3_finalize(st);
	rc = sqlite3_close(dst);
	if (checked && rc != SQLITE_OK)
		return sr_fail(err, 500, "backup_failed", "",
			       "cannot close the backup file: %s",
			       sqlite3_errstr(rc));
	return checked;
}

bool store_sqlite_backup(const char *db_path, const char *out_path,
			 int64_t *pages, struct sr_error *err)
{
	struct stat sb;
	if (stat(out_path, &sb) == 0)
		return sr_fail(err, 409, "exists", "out",
			       "%s exists already; choose a new name",
			       out_path);
	if (stat(db_path, &sb) != 0)
		return sr_fail(err, 404, "no_database", "db",
			       "cannot open database '%s': %s", db_path,
			       strerror(errno));

	sqlite3 *src = NULL;
	int rc = sqlite3_open_v2(db_path, &src, SQLITE_OPEN_READWRITE, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_extended_result_codes(src, 1);
		sqlite3_busy_timeout(src, BACKUP_BUSY_MS);
		/* Fails on a file that is not a database. */
		rc = sqlite3_exec(src, "SELECT count(*) FROM sqlite_schema",
				  NULL, NULL, NULL);
	}
	if (rc != SQLITE_OK) {
		backup_fail(src, rc, db_path, err);
		sqlite3_close(src);
		return false;
	}

	size_t len = strlen(out_path) + 32;
	char *tmp = malloc(len);
	if (!tmp) {
		sqlite3_close(src);
		return sr_fail(err, 503, "out_of_memory", "", "out of memory");
	}
	snprintf(tmp, len, "%s.partial-%ld", out_path, (long)getpid());
	unlink(tmp); /* a leftover of an earlier run with this pid */

	bool ok = copy_database(src, tmp, pages, err);
	sqlite3_close(src);
	if (ok && !sync_path(tmp, O_RDONLY)) {
		ok = sr_fail(err, errno == ENOSPC ? 507 : 500,
			     errno == ENOSPC ? "storage_full" : "backup_failed",
			     "", "cannot sync %s: %s", tmp, strerror(errno));
	}
	if (ok && renameat2(AT_FDCWD, tmp, AT_FDCWD, out_path,
			    RENAME_NOREPLACE) != 0) {
		ok = sr_fail(err, errno == EEXIST ? 409 : 500,
			     errno == EEXIST ? "exists" : "backup_failed",
			     "out", "cannot name the backup %s: %s", out_path,
			     strerror(errno));
	}
	if (!ok) {
		unlink(tmp);
		free(tmp);
		return false;
	}
	free(tmp);
	/* The new name is durable only once its directory is synced. */
	char *dir = strdup(out_path);
	if (dir) {
		sync_path(dirname(dir), O_RDONLY | O_DIRECTORY);
		free(dir);
	}
	return true;
}
