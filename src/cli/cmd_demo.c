/* cmd_demo.c: `sroi demo`, a realistic, deterministic demo data set in a new
 * or empty database (generation in src/domain/demo_data.c, writing in
 * src/store/demo_store.c). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/embedded.h"
#include "cli/cli.h"
#include "cli/demo_logins.h"
#include "cli/options.h"
#include "domain/demo_data.h"
#include "domain/policy.h"
#include "store/demo_store.h"
#include "store/keyring.h"
#include "store/store.h"

/* created_at of every demo record: the demo's "today". */
#define DEMO_NOW "2026-11-28T09:00:00Z"

static const char usage[] =
    "usage: sroi demo --db PATH [--seed N] [--scale small|medium|national]\n"
    "                 [--key-file FILE]\n"
    "       sroi demo --logins   (print the demo accounts and passwords)\n"
    "\n"
    "Fills a new database file, or an empty one made by `sroi init`, with a\n"
    "realistic demo: real municipalities, postcode areas, occupations and CPV\n"
    "codes; synthetic suppliers, contracts, candidates, openings and\n"
    "realisations. Each region gets the policies rijk-2011 and, from\n"
    "2023-07-01, haaglanden-zhc-2023 (utrecht in the province of Utrecht);\n"
    "obligations and values are computed under the version in force at\n"
    "award. The same seed gives the same data. A database that holds data\n"
    "is refused.\n"
    "\n"
    "  --seed N      random seed, a whole number (default 1)\n"
    "  --scale S     small (default): the region haaglanden with Den Haag,\n"
    "                Delft and Rijswijk, ~190 contracts, 2,400 candidates;\n"
    "                medium: the municipalities of Zuid-Holland, 40,000\n"
    "                candidates, 5,000 openings; national: all 342\n"
    "                municipalities, 400,000 candidates, 50,000 openings\n"
    "  --key-file F  the key file, created when missing as `sroi init` does\n"
    "                (default $SROI_KEY_FILE, or PATH.key beside an SQLite\n"
    "                database)\n"
    "\n"
    "It also creates one demo account per role in the largest municipality\n"
    "and prints them.\n";

/* A progress line on a terminal: "\r" updates on standard error. */
struct progress_line {
	bool tty;
	const char *stage;
	int last_pct;
	const char *phase; /* "generating" or "writing" */
};

static void show_progress(void *ctx, const char *stage, size_t done,
			  size_t total)
{
	struct progress_line *p = ctx;
	if (!p->tty || total == 0)
		return;
	int pct = (int)(done * 100 / total);
	if (stage == p->stage && pct == p->last_pct)
		return;
	p->stage = stage;
	p->last_pct = pct;
	fprintf(stderr, "\rsroi demo: %s %-13s %3d%%  ", p->phase, stage, pct);
	fflush(stderr);
}

static void end_progress(struct progress_line *p)
{
	if (p->tty && p->stage) {
		fprintf(stderr, "\r%60s\r", "");
		fflush(stderr);
	}
	p->stage = NULL;
}

static bool parse_seed(const char *text, uint64_t *seed)
{
	if (!text || !*text)
		return false;
	for (const char *c = text; *c; c++)
		if (*c < '0' || *c > '9')
			return false;
	errno = 0;
	unsigned long long v = strtoull(text, NULL, 10);
	if (errno == ERANGE)
		return false;
	*seed = v;
	return true;
}

static struct policy *load_policy(const char *name)
{
	const struct embedded_file *f = embedded_find(name);
	if (!f) {
		fprintf(stderr, "sroi demo: this sroi was built without %s\n",
			name);
		return NULL;
	}
	struct policy *p = NULL;
	struct policy_problems problems = {0};
	if (!policy_parse_text((const char *)f->data, f->size, &p, &problems)) {
		fprintf(stderr, "sroi demo: %s is not a valid policy", name);
		if (problems.count)
			fprintf(stderr, ": %s: %s", problems.items[0].path,
				problems.items[0].message);
		fputc('\n', stderr);
		policy_problems_free(&problems);
		return NULL;
	}
	policy_problems_free(&problems);
	return p;
}

/* The key file, as `sroi init` sees to it: created when missing. A
 * PostgreSQL database without --key-file or SROI_KEY_FILE gets a note. */
static bool setup_key(const char *db, const char *key_file)
{
	const char *env = getenv("SROI_KEY_FILE");
	if (store_url_is_postgres(db) && !(key_file && *key_file) &&
	    !(env && *env)) {
		printf("no key file yet: a PostgreSQL database needs one; give "
		       "--key-file FILE\n(created when missing) or set "
		       "SROI_KEY_FILE for every command\n");
		return true;
	}
	struct sr_error err = {0};
	char path[4096];
	bool created = false;
	if (!keyring_locate(db, key_file, path, sizeof path, &err) ||
	    !keyring_setup(db, key_file, true, &created, &err)) {
		fprintf(stderr, "sroi demo: %s\n", err.message);
		return false;
	}
	if (created)
		printf("key file %s created (mode 0600): keep it secret, and "
		       "back it up apart\nfrom the database; without it no "
		       "identity can be read\n",
		       path);
	return true;
}

/* Opens db (creating the file), refuses one with data, and brings an empty
 * one to the newest schema. */
static struct store *open_empty(const char *db)
{
	struct store *s = cli_open_store("demo", db, true, false);
	if (!s)
		return NULL;
	struct sr_error err = {0};
	int version = 0;
	bool empty = true;
	int64_t organisations = 0;
	bool ok = store_schema_version(s, &version, &err) &&
		  (version == 0 ||
		   demo_store_is_empty(s, &empty, &organisations, &err));
	if (ok && !empty) {
		fprintf(stderr,
			"sroi demo: %s already holds data (%lld "
			"organisations); the demo only fills a new or empty "
			"database\n",
			db, (long long)organisations);
		store_close(s);
		return NULL;
	}
	int from, to;
	if (!ok || !store_migrate(s, &from, &to, &err)) {
		fprintf(stderr, "sroi demo: %s\n", err.message);
		store_close(s);
		return NULL;
	}
	return s;
}

static void print_summary(const char *db, const struct demo_data *d)
{
	struct demo_band_counts bands;
	demo_band_counts(d, &bands);
	printf("%s: demo (scale %s, seed %llu): %zu organisations, %zu policy "
	       "versions, %zu suppliers, %zu contracts, %zu candidates, %zu "
	       "openings, %zu realisations\n",
	       db, demo_scale_name(d->scale), (unsigned long long)d->seed,
	       d->org_count, d->policy_version_count, d->supplier_count,
	       d->contract_count, d->candidate_count, d->opening_count,
	       d->realisation_count);
	printf("contracts with an obligation: %zu; accepted value below 80%%: "
	       "%zu, 90-110%%: %zu, above 120%%: %zu, in between: %zu\n",
	       bands.with_obligation, bands.below, bands.near, bands.above,
	       bands.other);
}

/* The demo accounts (one per role) in the main municipality, the supplier
 * account bound to its busiest supplier. */
static bool create_logins(struct store *s, const struct demo_data *d,
			  int64_t first_id, struct sr_error *err)
{
	int org = demo_main_org(d);
	if (org < 0)
		return true;
	int supplier = demo_main_supplier(d, org);
	int64_t org_id = first_id + demo_record_id(d, DEMO_ORG, (size_t)org);
	int64_t supplier_id =
	    supplier < 0
		? 0
		: first_id + demo_record_id(d, DEMO_SUPPLIER, (size_t)supplier);
	if (!store_begin(s, err))
		return false;
	if (!demo_logins_create(s, org_id, supplier_id, err)) {
		store_rollback(s);
		return false;
	}
	return store_commit(s, err);
}

int cmd_demo(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(usage, stdout);
		return CLI_OK;
	}
	const char *db = NULL, *seed_text = NULL, *scale_text = NULL;
	const char *key_file = NULL;
	bool logins = false;
	const struct cli_option opts[] = {{"--db", &db, NULL},
					  {"--seed", &seed_text, NULL},
					  {"--scale", &scale_text, NULL},
					  {"--key-file", &key_file, NULL},
					  {"--logins", NULL, &logins},
					  {NULL, NULL, NULL}};
	if (!cli_parse(argc, argv, opts, NULL, 0, NULL))
		return CLI_USAGE;
	if (logins) {
		/* `make run` shows them also when the demo exists already. */
		demo_logins_print(stdout);
		return CLI_OK;
	}
	if (!db) {
		fprintf(stderr, "sroi demo: --db PATH is required\n");
		return CLI_USAGE;
	}
	uint64_t seed = 1;
	if (seed_text && !parse_seed(seed_text, &seed)) {
		fprintf(stderr, "sroi demo: --seed must be a whole number "
				"from 0 to 18446744073709551615\n");
		return CLI_USAGE;
	}
	enum demo_scale scale = DEMO_SMALL;
	if (scale_text && !demo_scale_from_name(scale_text, &scale)) {
		fprintf(stderr, "sroi demo: --scale must be small, medium or "
				"national\n");
		return CLI_USAGE;
	}

	struct policy *policies[DEMO_POLICY_COUNT] = {0};
	bool loaded = true;
	for (int i = 0; i < DEMO_POLICY_COUNT && loaded; i++)
		loaded =
		    (policies[i] = load_policy(demo_policy_files[i])) != NULL;
	struct store *s = loaded ? open_empty(db) : NULL;
	if (s && !setup_key(db, key_file)) {
		store_close(s);
		s = NULL;
	}
	if (!s) {
		for (int i = 0; i < DEMO_POLICY_COUNT; i++)
			policy_free(policies[i]);
		return CLI_FAIL;
	}

	struct progress_line line = {.tty = isatty(STDERR_FILENO) == 1,
				     .last_pct = -1,
				     .phase = "generating"};
	struct demo_progress progress = {show_progress, &line};
	struct demo_data data;
	struct sr_error err = {0};
	int64_t first_id = 0;
	bool ok =
	    demo_generate(scale, seed, (const struct policy *const *)policies,
			  &progress, &data, &err);
	if (ok) {
		line.phase = "writing";
		line.last_pct = -1;
		ok = demo_store_write(s, &data, DEMO_NOW, &progress, &first_id,
				      &err) &&
		     create_logins(s, &data, first_id, &err);
	}
	end_progress(&line);
	store_close(s);
	if (ok) {
		print_summary(db, &data);
		int org = demo_main_org(&data);
		if (org >= 0)
			printf("accounts in %s (%s):\n", data.orgs[org].code,
			       data.orgs[org].name);
		demo_logins_print(stdout);
	} else {
		fprintf(stderr, "sroi demo: %s\n", err.message);
		if (first_id)
			fprintf(stderr,
				"sroi demo: %s holds part of the demo; "
				"remove it and run the demo again\n",
				db);
	}
	/* The data borrows the policies: free it first. */
	demo_data_free(&data);
	for (int i = 0; i < DEMO_POLICY_COUNT; i++)
		policy_free(policies[i]);
	keyring_clear();
	return ok ? CLI_OK : CLI_FAIL;
}
