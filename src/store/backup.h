/*
 * backup.h: a consistent copy of a live SQLite database (`sroi backup`).
 *
 * PostgreSQL has its own tools (pg_dump, pg_basebackup); this is the SQLite
 * side only, and the one place outside store_sqlite.c that calls SQLite.
 */
#ifndef SROI_STORE_BACKUP_H
#define SROI_STORE_BACKUP_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"

/* Copies the SQLite database at db_path to out_path with SQLite's online
 * backup API while the database stays in use: the copy is one committed
 * state, writers are not blocked (WAL), and the copy passes
 * `PRAGMA quick_check` before it is given its name. The copy is written to
 * a temporary file beside out_path and renamed into place, so out_path
 * never holds half a backup. Refuses an existing out_path (409) and a
 * missing db_path (404). *pages (when not NULL) gets the pages copied. */
bool store_sqlite_backup(const char *db_path, const char *out_path,
			 int64_t *pages, struct sr_error *err);

#endif
