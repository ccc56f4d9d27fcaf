/*
 * cmd_export.c: `sroi export --db PATH --org ORG DIR` writes an
 * organisation's whole dataset as the files `sroi import all DIR` reads
 * back: organisation.json, policies.json (the versions of the organisation
 * and of its region), and one CSV per kind with the columns of its import
 * (docs/import.md), references by KvK number, contract reference and
 * external id. DIR/README.md describes the files. Candidates stay
 * pseudonymous unless --identity (written to the audit log).
 */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "api/api.h"
#include "api/import.h"
#include "cli/cli.h"
#include "cli/options.h"
#include "store/keyring.h"
#include "store/org_store.h"
#include "store/policy_store.h"
#include "store/store.h"

static const char usage[] =
    "usage: sroi export --db PATH --org ORG DIR [--identity] [--key-file "
    "FILE]\n\n"
    "Writes the organisation's dataset to DIR (created when missing) as the\n"
    "files `sroi import all DIR` reads back into another database:\n"
    "organisation.json, policies.json and suppliers, contracts, plans,\n"
    "candidates, openings, realisations and follow-ups as CSV. Candidates are\n"
    "pseudonymous unless --identity (audited).\n";

static const char readme[] =
    "# sroi export\n\n"
    "Written by `sroi export`; read back by `sroi import all DIR --db PATH "
    "--org ORG`.\n"
    "Every CSV file is UTF-8, comma-separated, with the column names of its "
    "import\n"
    "kind as its first row (docs/import.md in the sroi sources describes each "
    "column).\n\n"
    "| file | what |\n|---|---|\n"
    "| organisation.json | the organisation: code, name, kind |\n"
    "| policies.json | the policy versions of the organisation and its region "
    "(JSON documents) |\n"
    "| suppliers.csv | suppliers, by KvK number |\n"
    "| contracts.csv | contracts, by reference; status and award terms (the "
    "obligation is computed again at award) |\n"
    "| plans.csv | plan items, by contract reference and block |\n"
    "| candidates.csv | candidates, by external id (pseudonymous unless "
    "exported with --identity) |\n"
    "| openings.csv | openings, by external id |\n"
    "| realisations.csv | realisations, by external id, with their status "
    "(accepted, rejected) |\n"
    "| follow-ups.csv | follow-up answers, by realisation and months |\n\n"
    "Amounts are in cents, dates are YYYY-MM-DD. A record without an external "
    "id\n"
    "is named `sroi-ID` (its id in the database it came from).\n";

struct csv_file {
	FILE *f;
};

static void put_csv_cell(FILE *f, const char *s, bool first)
{
	if (!first)
		fputc(',', f);
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			fputc('"', f);
		fputc(*p, f);
	}
	fputc('"', f);
}

static bool write_row(void *ctx, int n, const char *const *cells)
{
	struct csv_file *c = ctx;
	for (int i = 0; i < n; i++)
		put_csv_cell(c->f, cells[i], i == 0);
	fputs("\r\n", c->f);
	return !ferror(c->f);
}

/* The policy versions of org and of its region (the organisation's own
 * first where both have one from the same date). */
static bool policies(struct store *s, int64_t org, json_t **out,
		     struct sr_error *err)
{
	*out = json_array();
	json_t *dates = json_object();
	int64_t ids[2] = {org, 0};
	struct store_stmt *st =
	    store_prepare(s,
			  "SELECT r.org_id FROM organisations m JOIN "
			  "organisations r ON r.code = "
			  "m.region_code WHERE m.org_id = ?",
			  err);
	if (!st)
		return false;
	store_bind_int(st, 1, org);
	if (store_step(st, err) == STORE_ROW)
		ids[1] = store_column_int(st, 0);
	store_finalize(st);
	for (int k = 0; k < 2; k++) {
		if (!ids[k])
			continue;
		struct stored_policy *items = NULL;
		int count = 0;
		if (!store_policy_list(s, ids[k], &items, &count, err)) {
			json_decref(dates);
			return false;
		}
		for (int i = 0; i < count; i++) {
			if (!json_object_get(dates, items[i].effective_from)) {
				json_t *doc =
				    json_loads(items[i].document, 0, NULL);
				if (doc)
					json_array_append_new(*out, doc);
				json_object_set_new(dates,
						    items[i].effective_from,
						    json_true());
			}
			stored_policy_free(&items[i]);
		}
		free(items);
	}
	json_decref(dates);
	return true;
}

int cmd_export(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(usage, stdout);
		return CLI_OK;
	}
	const char *db = NULL, *org_code = NULL, *key_file = NULL;
	bool identity = false;
	const struct cli_option opts[] = {{"--db", &db, NULL},
					  {"--org", &org_code, NULL},
					  {"--key-file", &key_file, NULL},
					  {"--identity", NULL, &identity},
					  {NULL, NULL, NULL}};
	const char *pos[1] = {NULL};
	int npos = 0;
	if (!cli_parse(argc, argv, opts, pos, 1, &npos))
		return CLI_USAGE;
	if (npos != 1 || !db || !org_code) {
		fputs(usage, stderr);
		return CLI_USAGE;
	}
	struct sr_error err = {0};
	if (sodium_init() < 0)
		return CLI_FAIL;
	if (identity && !keyring_setup(db, key_file, false, NULL, &err)) {
		fprintf(stderr, "sroi export: %s\n", err.message);
		return CLI_FAIL;
	}
	if (mkdir(pos[0], 0700) != 0 && errno != EEXIST) {
		fprintf(stderr, "sroi export: cannot make %s\n", pos[0]);
		return CLI_FAIL;
	}
	struct store *s = cli_open_store("export", db, false, true);
	if (!s)
		return CLI_FAIL;
	int64_t org = 0;
	bool found = false;
	if (!store_org_by_code(s, org_code, &org, &found, &err) || !found) {
		fprintf(stderr, "sroi export: no organisation with code '%s'\n",
			org_code);
		store_close(s);
		return CLI_USAGE;
	}
	struct request req = {0};
	req.method = "GET";
	req.path = "";
	req.body = "";
	req.store = s;
	req.caller.org_id = org;
	snprintf(req.caller.org_code, sizeof req.caller.org_code, "%s",
		 org_code);
	snprintf(req.caller.actor, sizeof req.caller.actor, "cli");
	char path[4096];
	bool ok = store_begin(s, &err);
	/* organisation.json */
	json_t *orgs = NULL;
	if (ok && store_org_list(s, &orgs, &err)) {
		size_t i;
		json_t *o;
		json_array_foreach(
		    orgs, i,
		    o) if (json_integer_value(json_object_get(o, "id")) == org)
		{
			snprintf(path, sizeof path, "%s/organisation.json",
				 pos[0]);
			json_t *out =
			    json_pack("{s:O, s:O, s:O}", "code",
				      json_object_get(o, "code"), "name",
				      json_object_get(o, "name"), "kind",
				      json_object_get(o, "kind"));
			ok = json_dump_file(out, path, JSON_INDENT(2)) == 0;
			json_decref(out);
		}
		json_decref(orgs);
	} else {
		ok = false;
	}
	json_t *pol = NULL;
	if (ok && policies(s, org, &pol, &err)) {
		snprintf(path, sizeof path, "%s/policies.json", pos[0]);
		ok = json_dump_file(pol, path,
				    JSON_INDENT(2) | JSON_SORT_KEYS) == 0;
		json_decref(pol);
	} else {
		ok = false;
	}
	static const char *const kinds[] = {
	    "suppliers", "contracts",	 "plans",      "candidates",
	    "openings",	 "realisations", "follow-ups", NULL};
	for (int k = 0; ok && kinds[k]; k++) {
		snprintf(path, sizeof path, "%s/%s.csv", pos[0], kinds[k]);
		struct csv_file c = {fopen(path, "wb")};
		if (!c.f) {
			ok = sr_fail(&err, 500, "write_failed", "",
				     "cannot write %s", path);
			break;
		}
		ok = import_export_kind(&req, org, kinds[k],
					identity &&
					    strcmp(kinds[k], "candidates") == 0,
					write_row, &c, &err);
		if (fclose(c.f) != 0)
			ok = false;
	}
	snprintf(path, sizeof path, "%s/README.md", pos[0]);
	FILE *f = ok ? fopen(path, "w") : NULL;
	if (f) {
		fputs(readme, f);
		fclose(f);
	}
	if (ok && identity) {
		json_t *changes =
		    json_pack("{s:s}", "export", "sroi export --identity");
		ok = api_audit(&req, org, "export_identity", "candidate", 0,
			       changes, &err);
		json_decref(changes);
	}
	if (ok)
		ok = store_commit(s, &err);
	else
		store_rollback(s);
	store_close(s);
	keyring_clear();
	if (!ok) {
		fprintf(stderr, "sroi export: %s\n",
			err.message[0] ? err.message
				       : "cannot write the export");
		return CLI_FAIL;
	}
	printf("exported %s to %s\n", org_code, pos[0]);
	return CLI_OK;
}
