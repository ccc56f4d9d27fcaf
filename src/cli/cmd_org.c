/*
 * cmd_org.c: `sroi org add|list`, how the operator creates organisations
 * (over the API only a system account may: docs/security.md).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "domain/refdata.h"
#include "store/org_store.h"
#include "store/store.h"

static const char *usage =
    "usage: sroi org add --db PATH --code CODE --name NAME --kind "
    "municipality|region\n"
    "                    [--region CODE]\n"
    "       sroi org list --db PATH\n\n"
    "A municipality's code is its CBS code (GM0518); a region has a short "
    "code\n(haaglanden). --region names the region a municipality belongs "
    "to.\n";

static bool valid_code(const char *code)
{
	size_t n = strlen(code);
	if (n == 0 || n > 32)
		return false;
	for (const char *p = code; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			return false;
	return true;
}

static int org_add(int argc, char **argv)
{
	const char *db = NULL, *code = NULL, *name = NULL, *kind = NULL,
		   *region = NULL;
	const struct cli_option opts[] = {
	    {"--db", &db, NULL},	 {"--code", &code, NULL},
	    {"--name", &name, NULL},	 {"--kind", &kind, NULL},
	    {"--region", &region, NULL}, {NULL, NULL, NULL}};
	if (!cli_parse(argc, argv, opts, NULL, 0, NULL))
		return CLI_USAGE;
	if (!db || !code || !name || !kind) {
		fputs(usage, stderr);
		return CLI_USAGE;
	}
	if (!valid_code(code)) {
		fprintf(stderr, "sroi org: a code has 1-32 letters, digits, - "
				"and _\n");
		return CLI_USAGE;
	}
	if (strcmp(kind, "municipality") != 0 && strcmp(kind, "region") != 0) {
		fprintf(stderr, "sroi org: --kind is municipality or region\n");
		return CLI_USAGE;
	}
	if (!*name || strlen(name) > 200) {
		fprintf(stderr, "sroi org: --name has 1-200 characters\n");
		return CLI_USAGE;
	}
	if (strcmp(kind, "municipality") == 0 && strncmp(code, "GM", 2) == 0 &&
	    !refdata_municipality(code)) {
		fprintf(stderr, "sroi org: %s is not a CBS municipality code\n",
			code);
		return CLI_USAGE;
	}
	struct store *s = cli_open_store("org", db, false, true);
	if (!s)
		return CLI_FAIL;
	struct sr_error err = {0};
	char now[32];
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
	int64_t id = 0;
	bool ok = store_begin(s, &err) &&
		  store_org_create(s, code, name, kind, region, now, "cli", &id,
				   &err) &&
		  store_commit(s, &err);
	if (!ok && store_in_transaction(s))
		store_rollback(s);
	store_close(s);
	if (!ok) {
		fprintf(stderr, "sroi org: %s\n", err.message);
		return err.status == 409 || err.status == 422 ? CLI_USAGE
							      : CLI_FAIL;
	}
	printf("organisation %lld: %s (%s)\n", (long long)id, code, name);
	return CLI_OK;
}

static int org_list(int argc, char **argv)
{
	const char *db = NULL;
	const struct cli_option opts[] = {{"--db", &db, NULL},
					  {NULL, NULL, NULL}};
	if (!cli_parse(argc, argv, opts, NULL, 0, NULL))
		return CLI_USAGE;
	if (!db) {
		fputs(usage, stderr);
		return CLI_USAGE;
	}
	struct store *s = cli_open_store("org", db, false, true);
	if (!s)
		return CLI_FAIL;
	struct sr_error err = {0};
	json_t *items = NULL;
	bool ok = store_org_list(s, &items, &err);
	store_close(s);
	if (!ok) {
		fprintf(stderr, "sroi org: %s\n", err.message);
		return CLI_FAIL;
	}
	size_t i;
	json_t *o;
	json_array_foreach(items, i, o)
	{
		const char *region =
		    json_string_value(json_object_get(o, "region"));
		printf("%-8lld %-12s %-13s %-12s %s\n",
		       (long long)json_integer_value(json_object_get(o, "id")),
		       json_string_value(json_object_get(o, "code")),
		       json_string_value(json_object_get(o, "kind")),
		       region ? region : "-",
		       json_string_value(json_object_get(o, "name")));
	}
	json_decref(items);
	return CLI_OK;
}

int cmd_org(int argc, char **argv)
{
	if (argc < 2 || cli_wants_help(argc, argv)) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	if (strcmp(argv[1], "add") == 0)
		return org_add(argc - 1, argv + 1);
	if (strcmp(argv[1], "list") == 0)
		return org_list(argc - 1, argv + 1);
	fprintf(stderr, "sroi org: unknown subcommand '%s'\n%s", argv[1],
		usage);
	return CLI_USAGE;
}
