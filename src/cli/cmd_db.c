/* cmd_db.c: `sroi init` and `sroi migrate`. Both also see to the key file
 * that seals identities (store/keyring.h): created with mode 0600 beside a
 * new SQLite database, or where --key-file or SROI_KEY_FILE say. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "store/identity_store.h"
#include "store/keyring.h"
#include "store/store.h"

/* Creates the key file when it is missing and seals the identities an sroi
 * from before schema version 2 (which sealed nothing) stored in plain
 * text. */
static int setup_key(const char *cmd, const char *db, const char *key_file,
		     int from)
{
	const char *env = getenv("SROI_KEY_FILE");
	if (store_url_is_postgres(db) && !(key_file && *key_file) &&
	    !(env && *env)) {
		printf("no key file yet: a PostgreSQL database needs one; give "
		       "--key-file FILE\n(created when missing) or set "
		       "SROI_KEY_FILE for every command\n");
		return CLI_OK;
	}
	struct sr_error err = {0};
	char path[4096];
	bool created = false;
	if (!keyring_locate(db, key_file, path, sizeof path, &err) ||
	    !keyring_setup(db, key_file, true, &created, &err)) {
		fprintf(stderr, "sroi %s: %s\n", cmd, err.message);
		return CLI_FAIL;
	}
	if (created)
		printf("key file %s created (mode 0600): keep it secret, and back "
		       "it up apart\nfrom the database; without it no identity can "
		       "be read\n",
		       path);
	int rc = CLI_OK;
	if (from > 0 && from < 2) {
		const struct keyring *k = keyring_current();
		struct store *s = cli_open_store(cmd, db, false, false);
		int64_t n = 0;
		bool ok = s && store_begin(s, &err) &&
			  store_identity_reseal(s, k->sealing_key,
						k->sealing_key, &n, &err) &&
			  store_commit(s, &err);
		if (s && !ok && store_in_transaction(s))
			store_rollback(s);
		if (s)
			store_close(s);
		if (!ok) {
			if (s)
				fprintf(stderr, "sroi %s: %s\n", cmd, err.message);
			rc = CLI_FAIL;
		} else if (n) {
			printf("%lld identities sealed\n", (long long)n);
		}
	}
	keyring_clear();
	return rc;
}

static int run_migrations(const char *cmd, const char *db, bool create,
			  bool must_be_empty, const char *key_file)
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
	return setup_key(cmd, db, key_file, from);
}

int cmd_init(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		printf("usage: sroi init --db PATH [--key-file FILE]\n\n"
		       "Creates an empty database at the newest schema. PATH is an "
		       "SQLite file,\nor a PostgreSQL URL (postgres://...). Creates "
		       "the key file that seals\nidentities (mode 0600): FILE, "
		       "$SROI_KEY_FILE, or PATH.key beside an SQLite\ndatabase.\n");
		return CLI_OK;
	}
	const char *db = NULL, *key_file = NULL;
	const struct cli_option opts[] = {{"--db", &db, NULL},
					  {"--key-file", &key_file, NULL},
					  {NULL, NULL, NULL}};
	if (!cli_parse(argc, argv, opts, NULL, 0, NULL))
		return CLI_USAGE;
	if (!db) {
		fprintf(stderr, "sroi init: --db PATH is required\n");
		return CLI_USAGE;
	}
	return run_migrations("init", db, true, true, key_file);
}

int cmd_migrate(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		printf("usage: sroi migrate --db PATH [--key-file FILE]\n\n"
		       "Brings a database to the newest schema, one migration per "
		       "transaction.\nA database newer than this sroi is refused.\n");
		return CLI_OK;
	}
	const char *db = NULL, *key_file = NULL;
	const struct cli_option opts[] = {{"--db", &db, NULL},
					  {"--key-file", &key_file, NULL},
					  {NULL, NULL, NULL}};
	if (!cli_parse(argc, argv, opts, NULL, 0, NULL))
		return CLI_USAGE;
	if (!db) {
		fprintf(stderr, "sroi migrate: --db PATH is required\n");
		return CLI_USAGE;
	}
	return run_migrations("migrate", db, false, false, key_file);
}
