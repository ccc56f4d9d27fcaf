/*
 * cmd_import.c: `sroi import KIND FILE` runs an import (src/api/import.h)
 * in-process, in one transaction, with a progress line on the terminal;
 * `sroi import all DIR` reads back what `sroi export` wrote, kind by kind,
 * all or nothing.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "api/api.h"
#include "api/import.h"
#include "cli/cli.h"
#include "cli/options.h"
#include "store/keyring.h"
#include "store/org_store.h"
#include "store/store.h"

static const char usage[] =
    "usage: sroi import KIND FILE --db PATH --org ORG [--dry-run] [--partial]\n"
    "                             [--key-file FILE] [--json]\n"
    "       sroi import all DIR --db PATH --org ORG [--dry-run] [--key-file "
    "FILE]\n\n"
    "KIND is suppliers, contracts, plans, candidates, openings, realisations,\n"
    "follow-ups (CSV or XLSX), policies (JSON) or tenderned (OCDS JSON).\n"
    "Columns are found by their Dutch or English headers (docs/import.md).\n"
    "Nothing is written when a row is refused, unless --partial: then the\n"
    "valid rows are. --dry-run checks everything and writes nothing.\n"
    "`import all DIR` reads the files of `sroi export` (and creates the\n"
    "organisation from DIR/organisation.json when the database has none).\n";

static bool status_is(json_t *r, const char *s)
{
	return strcmp(json_string_value(json_object_get(r, "status")), s) == 0;
}

/* Prints a report: one line of counts, then each error. */
static void print_report(json_t *r, bool json_out)
{
	if (json_out) {
		json_dumpf(r, stdout, JSON_INDENT(2));
		fputs("\n", stdout);
		return;
	}
	printf(
	    "%s %s: %s; %lld rows: %lld created, %lld updated, %lld unchanged, "
	    "%lld refused\n",
	    json_string_value(json_object_get(r, "kind")),
	    json_string_value(json_object_get(r, "file")),
	    json_string_value(json_object_get(r, "status")),
	    (long long)json_integer_value(json_object_get(r, "rows_done")),
	    (long long)json_integer_value(json_object_get(r, "created")),
	    (long long)json_integer_value(json_object_get(r, "updated")),
	    (long long)json_integer_value(json_object_get(r, "unchanged")),
	    (long long)json_integer_value(json_object_get(r, "failed")));
	if (status_is(r, "failed"))
		printf("nothing was written: the file has errors (--partial "
		       "writes the valid rows)\n");
	else if (status_is(r, "dry_run"))
		printf("dry run: nothing was written\n");
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(r, "errors"), i, e)
	{
		const char *col =
		    json_string_value(json_object_get(e, "column"));
		const char *letter =
		    json_string_value(json_object_get(e, "column_letter"));
		long long row =
		    (long long)json_integer_value(json_object_get(e, "row"));
		if (col)
			fprintf(
			    stderr, "%s: row %lld, column %s (%s): %s\n",
			    json_string_value(json_object_get(e, "file")), row,
			    letter, col,
			    json_string_value(json_object_get(e, "message")));
		else
			fprintf(
			    stderr, "%s: row %lld: %s\n",
			    json_string_value(json_object_get(e, "file")), row,
			    json_string_value(json_object_get(e, "message")));
	}
	long long total =
	    (long long)json_integer_value(json_object_get(r, "error_count"));
	if (total > (long long)json_array_size(json_object_get(r, "errors")))
		fprintf(stderr, "... %lld errors in all\n", total);
}

static void cli_request(struct request *req, struct store *s, int64_t org,
			const char *code)
{
	memset(req, 0, sizeof *req);
	req->method = "POST";
	req->path = "";
	req->body = "";
	req->store = s;
	req->caller.org_id = org;
	snprintf(req->caller.org_code, sizeof req->caller.org_code, "%s", code);
	snprintf(req->caller.actor, sizeof req->caller.actor, "cli");
}

/* The organisation by code; for `import all`, made from organisation.json
 * when missing. */
static bool org_for(struct store *s, const char *code, const char *dir,
		    int64_t *org, struct sr_error *err)
{
	bool found = false;
	if (!store_org_by_code(s, code, org, &found, err))
		return false;
	if (found)
		return true;
	if (!dir)
		return sr_fail(err, 404, "not_found", "org",
			       "no organisation with code '%s'", code);
	char path[4096];
	snprintf(path, sizeof path, "%s/organisation.json", dir);
	json_t *o = json_load_file(path, 0, NULL);
	if (!o)
		return sr_fail(
		    err, 404, "not_found", "org",
		    "no organisation with code '%s', and %s cannot be read",
		    code, path);
	char now[32];
	api_now(now);
	const char *kind = json_string_value(json_object_get(o, "kind"));
	const char *name = json_string_value(json_object_get(o, "name"));
	bool ok = store_begin(s, err) &&
		  store_org_create(s, code, name ? name : code,
				   kind ? kind : "municipality", NULL, now,
				   "cli", org, err) &&
		  store_commit(s, err);
	if (!ok)
		store_rollback(s);
	json_decref(o);
	return ok;
}

static int import_one(struct store *s, const char *code, int64_t org,
		      const char *kind, const char *file, bool dry_run,
		      bool partial, bool json_out, bool *refused)
{
	struct request req;
	cli_request(&req, s, org, code);
	struct import_options o = {.kind = kind,
				   .org_id = org,
				   .dry_run = dry_run,
				   .partial = partial,
				   .trusted = true,
				   .progress_tty = isatty(2) && !json_out};
	struct import_source src = {.path = file, .filename = file};
	struct sr_error err = {0};
	json_t *report = NULL;
	if (!import_run(&req, &o, &src, &report, &err)) {
		fprintf(stderr, "sroi import: %s\n", err.message);
		return err.status == 400 || err.status == 404 ? CLI_USAGE
							      : CLI_FAIL;
	}
	print_report(report, json_out);
	*refused =
	    status_is(report, "failed") ||
	    json_integer_value(json_object_get(report, "error_count")) > 0;
	json_decref(report);
	return CLI_OK;
}

static bool is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int cmd_import(int argc, char **argv)
{
	if (argc < 2 || cli_wants_help(argc, argv)) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	const char *db = NULL, *org_code = NULL, *key_file = NULL;
	bool dry_run = false, partial = false, json_out = false;
	const struct cli_option opts[] = {{"--db", &db, NULL},
					  {"--org", &org_code, NULL},
					  {"--key-file", &key_file, NULL},
					  {"--dry-run", NULL, &dry_run},
					  {"--partial", NULL, &partial},
					  {"--json", NULL, &json_out},
					  {NULL, NULL, NULL}};
	const char *pos[2] = {NULL, NULL};
	int npos = 0;
	if (!cli_parse(argc, argv, opts, pos, 2, &npos))
		return CLI_USAGE;
	if (npos != 2 || !db || !org_code) {
		fputs(usage, stderr);
		return CLI_USAGE;
	}
	bool all = strcmp(pos[0], "all") == 0;
	if (!all && !import_kind_known(pos[0])) {
		fprintf(stderr, "sroi import: unknown kind '%s'\n%s", pos[0],
			usage);
		return CLI_USAGE;
	}
	if (sodium_init() < 0) {
		fprintf(stderr,
			"sroi import: libsodium failed to initialise\n");
		return CLI_FAIL;
	}
	struct sr_error err = {0};
	/* The key seals identities; without it only identity columns fail. */
	if (!keyring_setup(db, key_file, false, NULL, &err) && key_file) {
		fprintf(stderr, "sroi import: %s\n", err.message);
		return CLI_FAIL;
	}
	sr_error_clear(&err);
	struct store *s = cli_open_store("import", db, false, true);
	if (!s)
		return CLI_FAIL;
	/* A large import in one transaction: a bigger page cache (64 MiB, a
	 * bound) and statement journals in memory. */
	if (store_backend_of(s) == STORE_SQLITE)
		store_exec(
		    s, "PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY",
		    &err);
	int64_t org = 0;
	if (!org_for(s, org_code, all ? pos[1] : NULL, &org, &err)) {
		fprintf(stderr, "sroi import: %s\n", err.message);
		store_close(s);
		return CLI_USAGE;
	}
	int rc = CLI_OK;
	bool refused = false;
	if (!store_begin(s, &err)) {
		fprintf(stderr, "sroi import: %s\n", err.message);
		store_close(s);
		return CLI_FAIL;
	}
	if (all) {
		/* The order of dependencies: policies before awards, suppliers
		 * before contracts, and so on. */
		static const struct {
			const char *kind, *file;
		} files[] = {{"policies", "policies.json"},
			     {"suppliers", "suppliers.csv"},
			     {"contracts", "contracts.csv"},
			     {"plans", "plans.csv"},
			     {"candidates", "candidates.csv"},
			     {"openings", "openings.csv"},
			     {"realisations", "realisations.csv"},
			     {"follow-ups", "follow-ups.csv"}};
		for (size_t i = 0; i < sizeof files / sizeof files[0] &&
				   rc == CLI_OK && !refused;
		     i++) {
			char path[4096];
			snprintf(path, sizeof path, "%s/%s", pos[1],
				 files[i].file);
			if (!is_file(path))
				continue;
			rc = import_one(s, org_code, org, files[i].kind, path,
					dry_run, false, json_out, &refused);
		}
	} else {
		rc = import_one(s, org_code, org, pos[0], pos[1], dry_run,
				partial, json_out, &refused);
	}
	bool commit = rc == CLI_OK && (!refused || partial) && !dry_run;
	if (commit && !store_commit(s, &err)) {
		fprintf(stderr, "sroi import: %s\n", err.message);
		rc = CLI_FAIL;
	} else if (!commit) {
		store_rollback(s);
	}
	if (all && refused)
		fprintf(stderr, "sroi import: nothing was written\n");
	store_close(s);
	keyring_clear();
	if (rc == CLI_OK && refused)
		rc = CLI_USAGE;
	return rc;
}
