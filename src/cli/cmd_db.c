/* cmd_db.c: `sroi init` and `sroi migrate`. */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "store/store.h"

static int run_migrations(const char *cmd, const char *db, bool create,
			  bool must_be_empty)
{
	struct store *s = cli_open_store(cmd, db, create, false);
	if (!s)
		return CLI_FAIL;
	struct sr_error err = {0};
	int from = 0, to = 0;
	int version = 0;
	if (must_be_empty) {
		if (!store_schema_version(s, &version, &err)) {
			fprintf(stderr, "sroi %s: %s\n", cmd, err.message);
			store_close(s);
			return CLI_FAIL;
		}
		if (version != 0) {
			fprintf(stderr,
				"sroi %s: %s already has a schema (version %d); "
				"use `sroi migrate`\n",
				cmd, db, version);
			store_close(s);
			return CLI_FAIL;
		}
	}
	bool ok = store_migrate(s, &from, &to, &err);
	store_close(s);
	if (!ok) {
		fprintf(stderr, "sroi %s: %s\n", cmd, err.message);
		return CLI_FAIL;
	}
	if (from == to)
		printf("%s is at schema version %d (the newest)\n", db, to);
	else
		printf("%s: schema version %d -> %d\n", db, from, to);
	return CLI_OK;
}

int cmd_init(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		printf("usage: sroi init --db PATH\n\n"
		       "Creates an empty database at the newest schema. PATH is an "
		       "SQLite file,\nor a PostgreSQL URL (postgres://...).\n");
		return CLI_OK;
	}
	const char *db = NULL;
	const struct cli_option opts[] = {{"--db", &db, NULL}, {NULL, NULL, NULL}};
	if (!cli_parse(argc, argv, opts, NULL, 0, NULL))
		return CLI_USAGE;
	if (!db) {
		fprintf(stderr, "sroi init: --db PATH is required\n");
		return CLI_USAGE;
	}
	return run_migrations("init", db, true, true);
}

int cmd_migrate(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		printf("usage: sroi migrate --db PATH\n\n"
		       "Brings a database to the newest schema, one migration per "
		       "transaction.\nA database newer than this sroi is refused.\n");
		return CLI_OK;
	}
	const char *db = NULL;
	const struct cli_option opts[] = {{"--db", &db, NULL}, {NULL, NULL, NULL}};
	if (!cli_parse(argc, argv, opts, NULL, 0, NULL))
		return CLI_USAGE;
	if (!db) {
		fprintf(stderr, "sroi migrate: --db PATH is required\n");
		return CLI_USAGE;
	}
	return run_migrations("migrate", db, false, false);
}
