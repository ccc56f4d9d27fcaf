/*
 * cmd_policy.c: `sroi policy check FILE` validates a policy document and
 * lists every problem with its JSON path (exit 0 valid, 2 invalid);
 * `sroi policy show --db PATH --org ORG` prints the policy in force (with
 * policy_render_text(), once the store has policies).
 */
#include "api/api.h"
#include "api/policy_cache.h"
#include "cli/cli.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/options.h"
#include "domain/policy.h"

static const char usage[] = "usage: sroi policy check FILE\n"
			    "       sroi policy show --db PATH --org ORG\n";

static int check(const char *path)
{
	json_error_t jerr;
	json_t *doc = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (!doc) {
		if (json_error_code(&jerr) == json_error_cannot_open_file) {
			fprintf(stderr, "sroi policy check: cannot read %s\n",
				path);
			return CLI_FAIL;
		}
		fprintf(stderr,
			"%s: $: not valid JSON at line %d, column %d: %s\n",
			path, jerr.line, jerr.column, jerr.text);
		return CLI_USAGE;
	}
	struct policy *p = NULL;
	struct policy_problems problems = {0};
	bool ok = policy_parse(doc, &p, &problems);
	json_decref(doc);
	if (!ok) {
		for (size_t i = 0; i < problems.count; i++)
			fprintf(stderr, "%s: %s: %s\n", path,
				problems.items[i].path,
				problems.items[i].message);
		size_t n = problems.count;
		policy_problems_free(&problems);
		if (n == 0) {
			fprintf(stderr, "sroi policy check: out of memory\n");
			return CLI_FAIL;
		}
		fprintf(stderr, "%s: %zu problem%s\n", path, n,
			n == 1 ? "" : "s");
		return CLI_USAGE;
	}
	char date[SR_DATE_TEXT_LEN];
	date_format(p->effective_from, date);
	printf("%s: valid: %s, version %s, effective from %s, %zu blocks, %zu "
	       "bonuses\n",
	       path, p->name, p->version, date, p->block_count, p->bonus_count);
	policy_free(p);
	return CLI_OK;
}

/* The version in force for an organisation (its own, else its region's),
 * rendered for a person. */
static int show(int argc, char **argv)
{
	const char *db = NULL, *org = NULL, *as_of = NULL;
	const struct cli_option opts[] = {{"--db", &db, NULL},
					  {"--org", &org, NULL},
					  {"--as-of", &as_of, NULL},
					  {NULL, NULL, NULL}};
	if (!cli_parse(argc, argv, opts, NULL, 0, NULL))
		return CLI_USAGE;
	if (!db || !org) {
		fputs(usage, stderr);
		return CLI_USAGE;
	}
	sr_date day = date_today();
	if (as_of && !date_parse(as_of, &day)) {
		fprintf(stderr, "sroi policy show: --as-of must be a date YYYY-MM-DD\n");
		return CLI_USAGE;
	}
	struct store *s = cli_open_store("policy show", db, false, true);
	if (!s)
		return CLI_FAIL;
	struct sr_error err = {0};
	struct request req = {.store = s};
	int64_t org_id = 0, policy_id = 0;
	int rc = CLI_FAIL;
	if (store_begin_read(s, &err) && api_org_by_code(&req, org, &org_id, &err)) {
		if (!org_id) {
			fprintf(stderr, "sroi policy show: no organisation '%s'\n", org);
			rc = CLI_USAGE;
		} else {
			const struct policy *p =
				policy_cache_in_force(s, org_id, day, &policy_id, &err);
			char *text = p ? policy_render_text(p) : NULL;
			if (text) {
				printf("policy version %lld in force for %s\n%s",
				       (long long)policy_id, org, text);
				free(text);
				rc = CLI_OK;
			}
		}
	}
	if (rc == CLI_FAIL && err.message[0])
		fprintf(stderr, "sroi policy show: %s\n", err.message);
	store_rollback(s);
	store_close(s);
	policy_cache_clear();
	return rc;
}

int cmd_policy(int argc, char **argv)
{
	if (argc < 2 || cli_wants_help(argc, argv)) {
		fputs(usage, argc < 2 ? stderr : stdout);
		if (argc >= 2)
			printf("\ncheck: validate a policy document and list "
			       "every problem with its JSON path\n"
			       "       (exit 0 valid, 2 invalid).\n"
			       "show:  print the policy in force for an "
			       "organisation.\n");
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	if (strcmp(argv[1], "check") == 0) {
		const char *file = NULL;
		int count = 0;
		const struct cli_option none[] = {{NULL, NULL, NULL}};
		if (!cli_parse(argc - 1, argv + 1, none, &file, 1, &count))
			return CLI_USAGE;
		if (count != 1) {
			fputs(usage, stderr);
			return CLI_USAGE;
		}
		return check(file);
	}
	if (strcmp(argv[1], "show") == 0)
		return show(argc - 1, argv + 1);
	fprintf(stderr, "sroi policy: unknown subcommand '%s'\n%s", argv[1],
		usage);
	return CLI_USAGE;
}
