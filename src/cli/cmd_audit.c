/*
 * cmd_audit.c: `sroi audit verify --db PATH` checks the audit log's hash
 * chain (each entry carries the hash of the one before in its
 * organisation): exit 0 when intact, 1 with the first entry that does not
 * match when an entry was changed, removed or inserted.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "store/audit_store.h"
#include "store/store.h"

static const char *usage =
    "usage: sroi audit verify --db PATH\n\n"
    "Checks the hash chain of the audit log. Exit status 0: intact; 1: "
    "broken\n(the first entry that does not match is named).\n";

int cmd_audit(int argc, char **argv)
{
	if (argc < 2 || cli_wants_help(argc, argv)) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	if (strcmp(argv[1], "verify") != 0) {
		fprintf(stderr, "sroi audit: unknown subcommand '%s'\n%s",
			argv[1], usage);
		return CLI_USAGE;
	}
	const char *db = NULL;
	const struct cli_option opts[] = {{"--db", &db, NULL},
					  {NULL, NULL, NULL}};
	if (!cli_parse(argc - 1, argv + 1, opts, NULL, 0, NULL))
		return CLI_USAGE;
	if (!db) {
		fputs(usage, stderr);
		return CLI_USAGE;
	}
	struct store *s = cli_open_store("audit", db, false, true);
	if (!s)
		return CLI_FAIL;
	struct sr_error err = {0};
	int64_t checked = 0, bad = 0;
	/* One snapshot, so that entries written meanwhile do not interfere. */
	bool ok = store_begin_read(s, &err) &&
		  store_audit_verify(s, &checked, &bad, &err);
	if (store_in_transaction(s))
		store_rollback(s);
	store_close(s);
	if (!ok) {
		fprintf(stderr, "sroi audit: %s\n", err.message);
		return CLI_FAIL;
	}
	if (bad) {
		fprintf(
		    stderr,
		    "sroi audit: the audit log is BROKEN at entry %lld (after "
		    "%lld entries checked): it was changed, removed or "
		    "inserted outside sroi\n",
		    (long long)bad, (long long)(checked - 1));
		return CLI_FAIL;
	}
	printf("audit log intact: %lld entries\n", (long long)checked);
	return CLI_OK;
}
