/* cmd_backup.c: `sroi backup`, a consistent copy of a live SQLite database.
 * PostgreSQL databases are backed up with PostgreSQL's own tools. */
#include <stdint.h>
#include <stdio.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "store/backup.h"
#include "store/store.h"

static const char *usage =
    "usage: sroi backup --db PATH OUT\n\n"
    "Copies the SQLite database PATH to the new file OUT while sroi\n"
    "serves it (SQLite's online backup API): the copy is one committed\n"
    "state, checked before it gets its name. OUT must not exist.\n"
    "Restore: stop sroi, remove PATH-wal and PATH-shm, put the copy in\n"
    "place of PATH. The key file (PATH.key) is not in the copy: back it\n"
    "up too, kept apart.\n\n"
    "A PostgreSQL database is backed up with pg_dump or pg_basebackup\n"
    "(docs/operations.md).\n";

int cmd_backup(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(usage, stdout);
		return CLI_OK;
	}
	const char *db = NULL;
	const char *out = NULL;
	int count = 0;
	const struct cli_option opts[] = {{"--db", &db, NULL},
					  {NULL, NULL, NULL}};
	if (!cli_parse(argc, argv, opts, &out, 1, &count))
		return CLI_USAGE;
	if (!db || count != 1) {
		fputs(usage, stderr);
		return CLI_USAGE;
	}
	if (store_url_is_postgres(db)) {
		fprintf(stderr,
			"sroi backup: %s is a PostgreSQL database; back it up "
			"with pg_dump\n(for example `pg_dump -Fc -f sroi.dump "
			"DBURL`) or pg_basebackup: see docs/operations.md\n",
			db);
		return CLI_FAIL;
	}
	struct sr_error err = {0};
	int64_t pages = 0;
	if (!store_sqlite_backup(db, out, &pages, &err)) {
		fprintf(stderr, "sroi backup: %s\n", err.message);
		return CLI_FAIL;
	}
	printf("backed up %s to %s (%lld pages, checked)\n", db, out,
	       (long long)pages);
	return CLI_OK;
}
