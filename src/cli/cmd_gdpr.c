/*
 * cmd_gdpr.c: the data subject's rights, for the municipality's privacy
 * officer. `sroi gdpr export` prints everything sroi holds about a
 * candidate as JSON, identity included (decrypted with the key file);
 * `sroi gdpr erase` removes the identity and what links the record to the
 * person, keeping the anonymous figures, so that no contract total
 * changes. Both reach the person's linked records in other organisations
 * (gdpr_store.h) and are written to their audit logs (without values).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "cli/retention.h"
#include "store/gdpr_store.h"
#include "store/keyring.h"
#include "store/store.h"

static const char *usage =
    "usage: sroi gdpr export --db PATH --candidate ID [--key-file FILE]\n"
    "       sroi gdpr erase --db PATH --candidate ID\n\n"
    "export prints everything held about the candidate as JSON (identity\n"
    "included, decrypted); erase removes the identity, the region pseudonym\n"
    "and the external id, keeping the pseudonymous record and its "
    "realisations.\n"
    "Both reach the person's linked records in other organisations of the\n"
    "region (the copies made when another member hired the candidate, and\n"
    "the record a copy was made from).\n";

static int gdpr_retention(int argc, char **argv)
{
	const char *db = NULL, *as_of = NULL;
	const struct cli_option opts[] = {
	    {"--db", &db, NULL}, {"--as-of", &as_of, NULL}, {NULL, NULL, NULL}};
	if (!cli_parse(argc, argv, opts, NULL, 0, NULL))
		return CLI_USAGE;
	if (!db) {
		fputs(usage, stderr);
		return CLI_USAGE;
	}
	struct store *s = cli_open_store("gdpr", db, false, true);
	if (!s)
		return CLI_FAIL;
	struct sr_error err = {0};
	int64_t erased = 0;
	bool ok = gdpr_run_retention(s, as_of, "retention", &erased, &err);
	if (ok && erased && store_backend_of(s) == STORE_SQLITE)
		store_exec(s, "PRAGMA wal_checkpoint(TRUNCATE)", &err);
	store_close(s);
	if (!ok) {
		fprintf(stderr, "sroi gdpr: %s\n", err.message);
		return err.status == 400 ? CLI_USAGE : CLI_FAIL;
	}
	printf("retention: %lld identities erased\n", (long long)erased);
	return CLI_OK;
}

bool gdpr_run_retention(struct store *s, const char *as_of, const char *actor,
			int64_t *erased, struct sr_error *err)
{
	char today[16], now[32];
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
	bool ok = store_begin(s, err) &&
		  store_gdpr_retention(s, as_of ? as_of : today, now, actor,
				       erased, err) &&
		  store_commit(s, err);
	if (!ok && store_in_transaction(s))
		store_rollback(s);
	return ok;
}

int cmd_gdpr(int argc, char **argv)
{
	if (argc < 2 || cli_wants_help(argc, argv)) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	if (strcmp(argv[1], "retention") == 0)
		return gdpr_retention(argc - 1, argv + 1);
	bool export = strcmp(argv[1], "export") == 0;
	if (!export && strcmp(argv[1], "erase") != 0) {
		fprintf(stderr, "sroi gdpr: unknown subcommand '%s'\n%s",
			argv[1], usage);
		return CLI_USAGE;
	}
	const char *db = NULL, *candidate = NULL, *key_file = NULL;
	const struct cli_option opts[] = {{"--db", &db, NULL},
					  {"--candidate", &candidate, NULL},
					  {"--key-file", &key_file, NULL},
					  {NULL, NULL, NULL}};
	if (!cli_parse(argc - 1, argv + 1, opts, NULL, 0, NULL))
		return CLI_USAGE;
	char *end = NULL;
	long long id = candidate ? strtoll(candidate, &end, 10) : 0;
	if (!db || !candidate || *end || id <= 0) {
		fputs(usage, stderr);
		return CLI_USAGE;
	}
	struct sr_error err = {0};
	if (export && !keyring_setup(db, key_file, false, NULL, &err)) {
		fprintf(stderr, "sroi gdpr: %s\n", err.message);
		return CLI_FAIL;
	}
	struct store *s = cli_open_store("gdpr", db, false, true);
	if (!s) {
		keyring_clear();
		return CLI_FAIL;
	}
	char now[32];
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
	json_t *out = NULL;
	int64_t org_id = 0, linked = 0;
	bool ok = store_begin(s, &err);
	if (ok && export)
		ok = store_gdpr_export(s, id, now, "cli", &out, &org_id, &err);
	else if (ok)
		ok =
		    store_gdpr_erase(s, id, now, "cli", &org_id, &linked, &err);
	if (ok)
		ok = store_commit(s, &err);
	else if (store_in_transaction(s))
		store_rollback(s);
	/* Old page images of the WAL go with a checkpoint (secure_delete has
	 * zeroed the freed pages in the database file). */
	if (ok && !export && store_backend_of(s) == STORE_SQLITE)
		store_exec(s, "PRAGMA wal_checkpoint(TRUNCATE)", &err);
	store_close(s);
	keyring_clear();
	if (!ok) {
		json_decref(out);
		fprintf(stderr, "sroi gdpr: %s\n", err.message);
		return err.status == 404 ? CLI_USAGE : CLI_FAIL;
	}
	if (export) {
		json_dumpf(out, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
		fputc('\n', stdout);
		json_decref(out);
	} else {
		printf(
		    "candidate %lld: identity erased; the pseudonymous record "
		    "and its figures stay\n",
		    id);
		if (linked)
			printf("and in %lld linked record%s of the person in "
			       "other organisations\n",
			       (long long)linked, linked == 1 ? "" : "s");
	}
	return CLI_OK;
}
