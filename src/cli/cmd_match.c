/*
 * cmd_match.c: `sroi match`, a proposal round from the terminal (the same
 * code as POST /api/v1/matching/runs), and `sroi shortlist`, the best
 * candidates for one opening (the handler of GET /openings/{id}/shortlist,
 * run in-process).
 *
 * `sroi match --all` runs the whole installation: one round per matching
 * domain (a region whose members share their candidates, or one
 * organisation), since candidates never cross a domain; the rounds are
 * independent, so their sum is the optimum of the whole. `--dimacs FILE`
 * writes the round's flow problem (for --all, the domains' problems side by
 * side as one problem), whose optimal cost any DIMACS solver can confirm:
 * cost = M x supply - objective, summed over the domains.
 *
 * No write lock is held while rounds are computed: workers load and solve
 * on read connections (each ending its read once its pool is loaded), and
 * the main thread stores each finished round in a short write transaction
 * of its own, committed before the next (a run per domain, as in the API).
 * matching_round_store first reads the domain again and leaves out the
 * proposals that writes meanwhile made invalid.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/api.h"
#include "api/matching.h"
#include "api/policy_cache.h"
#include "cli/api_call.h"
#include "cli/cli.h"
#include "cli/options.h"
#include "match/dimacs.h"
#include "store/match_store.h"

static const char match_usage[] =
    "usage: sroi match --db PATH (--org ORG [--region] | --all)\n"
    "                  [--out FILE.csv] [--dimacs FILE] [--per-position S]\n"
    "                  [--per-candidate P] [--max-pairs N] [--dry-run]\n"
    "                  [--timing]\n"
    "\n"
    "Runs a proposal round: the proposals that maximise the total matching\n"
    "score with at most S proposals per open position and P open proposals\n"
    "per candidate (defaults: the policy's, else 3 and 1), stores it as a\n"
    "run with its proposals (status proposed) and prints its objective,\n"
    "counts and fairness report. A round is read and solved without the\n"
    "write lock and stored in a short transaction of its own (with --all,\n"
    "one per domain); proposals that writes meanwhile made invalid are left\n"
    "out and counted.\n"
    "\n"
    "  --org ORG        the openings and candidates of this organisation\n"
    "  --region         with --org: also those of the members of its region\n"
    "                   that share their candidates\n"
    "  --all            every organisation: one round per region that shares\n"
    "                   and per organisation outside one\n"
    "  --out FILE       write the proposals as CSV\n"
    "  --dimacs FILE    write the round's min-cost flow problem (DIMACS);\n"
    "                   `sroi solve FILE` gives s = M x supply - objective\n"
    "  --max-pairs N    keep each candidate's best N pairs only: faster, and\n"
    "                   exact over the pairs kept (default: all pairs)\n"
    "  --dry-run        compute and print, store nothing\n"
    "  --timing         print the time of each phase on standard error\n";

static const char shortlist_usage[] =
    "usage: sroi shortlist --db PATH OPENING [-k N] [--region] [--as-of DATE]\n"
    "                      [--json]\n"
    "\n"
    "Prints the best N (default 10, at most 100) candidates for the opening\n"
    "with the id OPENING, with their score and its components.\n";

/* ---- the merged flow problem of --all ------------------------------------ */

struct merged {
	int64_t *supply;
	int32_t *from, *to;
	int64_t *cap, *cost;
	int32_t nodes;
	int64_t arcs;
};

static bool grow64(int64_t **p, int64_t need)
{
	int64_t *q = realloc(*p, (size_t)need * sizeof **p + 1);
	if (!q)
		return false;
	*p = q;
	return true;
}

static bool grow32(int32_t **p, int64_t need)
{
	int32_t *q = realloc(*p, (size_t)need * sizeof **p + 1);
	if (!q)
		return false;
	*p = q;
	return true;
}

/* Appends problem p with its nodes after the ones there already. */
static bool merge_append(struct merged *m, const struct mcf_problem *p)
{
	int64_t nodes = (int64_t)m->nodes + p->node_count;
	int64_t arcs = m->arcs + p->arc_count;
	if (nodes > INT32_MAX)
		return false;
	if (!grow64(&m->supply, nodes) || !grow32(&m->from, arcs) ||
	    !grow32(&m->to, arcs) || !grow64(&m->cap, arcs) ||
	    !grow64(&m->cost, arcs))
		return false;
	memcpy(m->supply + m->nodes, p->supply,
	       (size_t)p->node_count * sizeof *p->supply);
	for (int64_t a = 0; a < p->arc_count; a++) {
		m->from[m->arcs + a] = p->from[a] + m->nodes;
		m->to[m->arcs + a] = p->to[a] + m->nodes;
		m->cap[m->arcs + a] = p->cap[a];
		m->cost[m->arcs + a] = p->cost[a];
	}
	m->nodes = (int32_t)nodes;
	m->arcs = arcs;
	return true;
}

static void merged_free(struct merged *m)
{
	free(m->supply);
	free(m->from);
	free(m->to);
	free(m->cap);
	free(m->cost);
	memset(m, 0, sizeof *m);
}

/* ---- printing ---------------------------------------------------------------
 */

static void print_pct(FILE *out, int32_t bp)
{
	fprintf(out, "%d.%02d%%", bp / 100, bp % 100);
}

static void print_fairness(json_t *fairness)
{
	static const char *const parts[][2] = {
	    {"target_groups", "target_group"},
	    {"benefit_bands", "band"},
	    {"districts", "district"}};
	printf("fairness (share of proposals / share of the eligible pool):\n");
	for (size_t k = 0; k < 3; k++) {
		json_t *rows = json_object_get(fairness, parts[k][0]);
		printf("  %s:\n", parts[k][0]);
		size_t i;
		json_t *row;
		json_array_foreach(rows, i, row)
		{
			printf("    %-24s %7lld ",
			       json_string_value(
				   json_object_get(row, parts[k][1])),
			       (long long)json_integer_value(
				   json_object_get(row, "proposals")));
			print_pct(stdout,
				  (int32_t)json_integer_value(json_object_get(
				      row, "proposal_share_bp")));
			printf(" / %7lld ", (long long)json_integer_value(
						json_object_get(row, "pool")));
			print_pct(stdout,
				  (int32_t)json_integer_value(
				      json_object_get(row, "pool_share_bp")));
			printf("\n");
		}
	}
}

static void write_csv(FILE *out, const struct matching_round *r)
{
	const struct match_store_pool *rows = &r->mp.rows;
	for (size_t i = 0; i < r->result.proposal_count; i++) {
		const struct match_proposal *p = &r->result.proposals[i];
		const struct match_candidate *c =
		    &rows->candidates[p->candidate];
		const struct match_opening *o = &rows->openings[p->opening];
		struct match_explanation ex;
		match_explain(&r->mp.weights, r->mp.as_of, c, o, &ex);
		char due[SR_DATE_TEXT_LEN];
		date_format(r->mp.as_of + r->mp.deadline_days[p->opening], due);
		if (r->run_id)
			fprintf(out, "%lld,%lld,", (long long)r->run_id,
				(long long)(r->first_proposal_id + (int64_t)i));
		else
			fprintf(out, ",,");
		fprintf(out, "%lld,%lld,%lld,%d", (long long)o->id,
			(long long)c->id,
			(long long)rows->opening_info[p->opening].supplier_id,
			(int)p->score);
		for (int k = 0; k < MATCH_COMPONENT_COUNT; k++)
			fprintf(out, ",%d", (int)ex.score.part[k]);
		fprintf(out, ",%d,%s\n", (int)ex.distance_m, due);
	}
}

static void print_round(const char *label, const char *scope,
			const struct matching_round *r, json_t *run)
{
	const struct match_round_result *res = &r->result;
	/* The round keeps M and the supply: its problem may be freed. */
	int64_t supply = r->total_supply;
	int64_t cost = (int64_t)r->max_score * supply - r->solved_objective;
	printf("round %s (%s)%s: %zu proposals, objective %lld\n", label, scope,
	       run ? "" : " [not stored]", res->proposal_count,
	       (long long)res->objective);
	if (run)
		printf("  run %lld\n", (long long)json_integer_value(
					   json_object_get(run, "id")));
	printf(
	    "  candidates %u eligible, %u proposed; openings %u eligible, %u "
	    "proposed; slots %lld; pairs %lld\n",
	    res->candidates_eligible, res->candidates_proposed,
	    res->openings_eligible, res->openings_proposed,
	    (long long)res->slots, (long long)res->pair_count);
	printf("  flow: M %d x supply %lld - objective = cost %lld\n",
	       (int)r->max_score, (long long)supply, (long long)cost);
	if (r->dropped)
		printf("  left out (made invalid by writes while the round was "
		       "solved): %zu proposals\n",
		       r->dropped);
	if (r->mp.rows.skipped_candidates || r->mp.rows.skipped_openings)
		printf("  left out (postcode area unknown): %u candidates, %u "
		       "openings\n",
		       r->mp.rows.skipped_candidates,
		       r->mp.rows.skipped_openings);
}

/* ---- the domains' rounds, computed on worker threads ---------------------
 *
 * Each worker has its own connection (a read transaction on SQLite's WAL or
 * on PostgreSQL beside the main connection's write transaction) and loads,
 * pairs and solves the next domain, largest first; the main thread stores
 * the finished rounds in domain order, so ids and output do not depend on
 * timing. */

struct domain_job {
	struct matching_round round;
	bool done, ok;
	struct sr_error err;
};

struct pipeline {
	const char *db;
	const struct match_domain *domains;
	size_t count;
	struct matching_round_request base;
	bool keep_problem; /* --dimacs needs the flow problems */
	struct domain_job *jobs;
	size_t next; /* the next domain a worker takes */
	bool stop;
	int workers;
	pthread_t tid[2];
	pthread_mutex_t lock;
	pthread_cond_t cond;
};

static void run_domain(struct pipeline *pl, struct store *s, size_t d)
{
	struct domain_job *job = &pl->jobs[d];
	const struct match_domain *dom = &pl->domains[d];
	struct request req = {0};
	req.method = "POST";
	req.path = "";
	req.body = "";
	req.store = s;
	snprintf(req.caller.actor, sizeof req.caller.actor, "cli");
	struct matching_round_request rq = pl->base;
	rq.scope = (struct match_scope){
	    .org_id = dom->run_org_id,
	    .region_code = dom->region_code[0] ? dom->region_code : NULL};
	rq.weights_org_id = dom->run_org_id;
	rq.release_read = true;
	job->ok = store_begin_read(s, &job->err) &&
		  matching_round_run(&req, &rq, &job->round, &job->err);
	if (store_in_transaction(s))
		store_rollback(s);
	if (!pl->keep_problem)
		matching_round_drop_problem(&job->round);
}

static void *pipeline_worker(void *arg)
{
	struct pipeline *pl = arg;
	struct store *s = NULL;
	struct sr_error err = {0};
	bool opened = store_open(pl->db, false, &s, &err);
	for (;;) {
		pthread_mutex_lock(&pl->lock);
		size_t d = pl->stop ? pl->count : pl->next++;
		pthread_mutex_unlock(&pl->lock);
		if (d >= pl->count)
			break;
		if (opened) {
			run_domain(pl, s, d);
		} else {
			pl->jobs[d].ok = false;
			pl->jobs[d].err = err;
		}
		pthread_mutex_lock(&pl->lock);
		pl->jobs[d].done = true;
		pthread_cond_broadcast(&pl->cond);
		pthread_mutex_unlock(&pl->lock);
	}
	if (opened)
		store_close(s);
	return NULL;
}

static bool pipeline_start(struct pipeline *pl, struct sr_error *err)
{
	pthread_mutex_init(&pl->lock, NULL);
	pthread_cond_init(&pl->cond, NULL);
	pl->jobs = calloc(pl->count + 1, sizeof *pl->jobs);
	if (!pl->jobs)
		return sr_fail(err, 503, "out_of_memory", "", "out of memory");
	/* Two workers: one solves (single-threaded) while the other pairs
	 * the next domain; more would only share the same two processors. */
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int want = cpus > 1 && pl->count > 1 ? 2 : 1;
	for (int w = 0; w < want; w++) {
		if (pthread_create(&pl->tid[w], NULL, pipeline_worker, pl) != 0)
			break;
		pl->workers++;
	}
	if (pl->workers == 0)
		return sr_fail(err, 503, "no_thread", "",
			       "cannot start a worker thread");
	return true;
}

/* Waits until domain d is computed. */
static struct domain_job *pipeline_wait(struct pipeline *pl, size_t d)
{
	pthread_mutex_lock(&pl->lock);
	while (!pl->jobs[d].done)
		pthread_cond_wait(&pl->cond, &pl->lock);
	pthread_mutex_unlock(&pl->lock);
	return &pl->jobs[d];
}

/* Stops the workers (after a failure: they take no new domain), joins them
 * and frees what was computed but not stored. */
static void pipeline_finish(struct pipeline *pl)
{
	if (!pl->jobs)
		return;
	pthread_mutex_lock(&pl->lock);
	pl->stop = true;
	pthread_mutex_unlock(&pl->lock);
	for (int w = 0; w < pl->workers; w++)
		pthread_join(pl->tid[w], NULL);
	for (size_t d = 0; d < pl->count; d++)
		matching_round_free(&pl->jobs[d].round);
	free(pl->jobs);
	pl->jobs = NULL;
	pthread_mutex_destroy(&pl->lock);
	pthread_cond_destroy(&pl->cond);
}

/* ---- sroi match --------------------------------------------------------- */

struct match_totals {
	int64_t objective, solved_objective, cost, proposals, pairs, candidates,
	    openings;
	double ms_load, ms_index, ms_pairs, ms_solve, ms_store, ms_check;
};

static int parse_limit(const char *text, const char *name, int32_t *out)
{
	*out = 0;
	if (!text)
		return CLI_OK;
	char *end;
	long v = strtol(text, &end, 10);
	if (!*text || *end || v < 1 || v > 100) {
		fprintf(stderr,
			"sroi match: %s must be a whole number from 1 to 100\n",
			name);
		return CLI_USAGE;
	}
	*out = (int32_t)v;
	return CLI_OK;
}

int cmd_match(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(match_usage, stdout);
		return CLI_OK;
	}
	const char *db = NULL, *org = NULL, *out_path = NULL,
		   *dimacs_path = NULL, *per_position = NULL,
		   *per_candidate = NULL, *max_pairs = NULL;
	bool all = false, region = false, dry_run = false, timing = false;
	const struct cli_option opts[] = {
	    {"--db", &db, NULL},
	    {"--org", &org, NULL},
	    {"--all", NULL, &all},
	    {"--region", NULL, &region},
	    {"--out", &out_path, NULL},
	    {"--dimacs", &dimacs_path, NULL},
	    {"--per-position", &per_position, NULL},
	    {"--per-candidate", &per_candidate, NULL},
	    {"--max-pairs", &max_pairs, NULL},
	    {"--dry-run", NULL, &dry_run},
	    {"--timing", NULL, &timing},
	    {NULL, NULL, NULL}};
	if (!cli_parse(argc, argv, opts, NULL, 0, NULL))
		return CLI_USAGE;
	if (!db || (!org == !all) || (region && all)) {
		fputs(match_usage, stderr);
		return CLI_USAGE;
	}
	struct matching_round_request rq = {0};
	int rc = parse_limit(per_position, "--per-position", &rq.per_position);
	if (rc == CLI_OK)
		rc = parse_limit(per_candidate, "--per-candidate",
				 &rq.per_candidate);
	if (rc != CLI_OK)
		return rc;
	if (max_pairs) {
		char *end;
		long v = strtol(max_pairs, &end, 10);
		if (!*max_pairs || *end || v < 0 || v > 100000) {
			fprintf(
			    stderr,
			    "sroi match: --max-pairs must be a whole number "
			    "from 0 to 100000\n");
			return CLI_USAGE;
		}
		rq.max_pairs_per_candidate = (uint32_t)v;
	}
	FILE *csv = NULL, *dimacs = NULL;
	if (out_path && !(csv = fopen(out_path, "w"))) {
		fprintf(stderr, "sroi match: cannot write %s: %s\n", out_path,
			strerror(errno));
		return CLI_FAIL;
	}
	if (dimacs_path && !(dimacs = fopen(dimacs_path, "w"))) {
		fprintf(stderr, "sroi match: cannot write %s: %s\n",
			dimacs_path, strerror(errno));
		if (csv)
			fclose(csv);
		return CLI_FAIL;
	}
	if (csv)
		fputs("run_id,proposal_id,opening_id,candidate_id,supplier_id,"
		      "score,"
		      "occupation,distance,hours,education,time_on_benefit,"
		      "target_group,district,distance_m,due_date\n",
		      csv);
	struct store *s = cli_open_store("match", db, false, true);
	if (!s) {
		if (csv)
			fclose(csv);
		if (dimacs)
			fclose(dimacs);
		return CLI_FAIL;
	}
	struct sr_error err = {0};
	struct request req = {0};
	req.method = "POST";
	req.path = "";
	req.body = "";
	req.store = s;
	snprintf(req.caller.actor, sizeof req.caller.actor, "cli");
	struct match_domain *domains = NULL;
	size_t domain_count = 0;
	struct match_domain one = {0};
	/* Only reads until a round is ready to be stored. */
	bool ok = match_store_bulk_mode(s, &err) && store_begin_read(s, &err);
	if (ok && org) {
		int64_t org_id = 0;
		ok = api_org_by_code(&req, org, &org_id, &err);
		if (ok && !org_id)
			ok = sr_fail(&err, 404, "not_found", "org",
				     "no organisation with code '%s'", org);
		struct match_org info;
		bool found = false;
		ok = ok && match_store_org(s, org_id, &info, &found, &err);
		one.run_org_id = org_id;
		snprintf(one.label, sizeof one.label, "%s", org);
		if (ok && region) {
			match_scope_region(&info, one.region_code);
			if (!one.region_code[0])
				ok = sr_fail(&err, 422, "no_region", "region",
					     "%s belongs to no region", org);
		}
		domains = &one;
		domain_count = 1;
	} else if (ok) {
		ok = match_store_domains(s, &domains, &domain_count, &err);
		/* A domain without candidates has nothing to propose. */
		size_t kept = 0;
		for (size_t d = 0; ok && d < domain_count; d++)
			if (domains[d].candidates > 0)
				domains[kept++] = domains[d];
		domain_count = kept;
	}
	store_rollback(s);
	struct match_totals t = {0};
	struct merged merged = {0};
	size_t stored = 0;
	rq.as_of = date_today();
	struct pipeline pl = {.db = db,
			      .domains = domains,
			      .count = ok ? domain_count : 0,
			      .base = rq,
			      .keep_problem = dimacs != NULL};
	ok = ok && pipeline_start(&pl, &err);
	for (size_t d = 0; ok && d < domain_count; d++) {
		struct match_domain *dom = &domains[d];
		struct domain_job *job = pipeline_wait(&pl, d);
		struct matching_round *round = &job->round;
		json_t *run = NULL;
		int64_t run_id = 0;
		const char *scope =
		    dom->region_code[0] ? "region" : "organisation";
		if (!job->ok) {
			err = job->err;
			ok = false;
		}
		if (ok && !dry_run) {
			ok = store_begin(s, &err) &&
			     matching_round_store(&req, dom->run_org_id, scope,
						  round, &run_id, &run, &err) &&
			     store_commit(s, &err);
			store_rollback(s); /* after a failure */
			stored += ok;
		}
		if (ok && dimacs && !merge_append(&merged, &round->problem.mcf))
			ok = sr_fail(&err, 503, "out_of_memory", "",
				     "out of memory merging the flow problems");
		if (ok) {
			if (domain_count == 1 || !all)
				print_round(dom->label, scope, round, run);
			else
				printf("%-20s %8zu proposals, objective %lld\n",
				       dom->label, round->result.proposal_count,
				       (long long)round->result.objective);
			if (domain_count == 1 && run)
				print_fairness(
				    json_object_get(run, "fairness"));
			if (csv)
				write_csv(csv, round);
			t.objective += round->result.objective;
			t.solved_objective += round->solved_objective;
			t.cost +=
			    (int64_t)round->max_score * round->total_supply -
			    round->solved_objective;
			t.proposals += (int64_t)round->result.proposal_count;
			t.pairs += round->result.pair_count;
			t.candidates += round->mp.rows.candidate_count;
			t.openings += round->mp.rows.opening_count;
			t.ms_load += round->ms_load;
			t.ms_index += round->ms_index;
			t.ms_pairs += round->ms_pairs;
			t.ms_solve += round->ms_solve;
			t.ms_store += round->ms_store;
			t.ms_check += round->ms_check;
			if (timing)
				fprintf(
				    stderr,
				    "timing %s: load %.0f ms, index %.0f ms, "
				    "pairs (candidate generation + scoring) "
				    "%.0f ms, solve %.0f ms, store %.0f ms (of "
				    "which check %.0f ms)\n",
				    dom->label, round->ms_load, round->ms_index,
				    round->ms_pairs, round->ms_solve,
				    round->ms_store, round->ms_check);
		}
		json_decref(run);
		matching_round_free(round);
	}
	pipeline_finish(&pl);
	if (ok && domain_count != 1)
		printf("all %zu domains: %lld proposals, objective %lld, flow "
		       "cost "
		       "%lld; %lld candidates, %lld openings, %lld pairs\n",
		       domain_count, (long long)t.proposals,
		       (long long)t.objective, (long long)t.cost,
		       (long long)t.candidates, (long long)t.openings,
		       (long long)t.pairs);
	if (ok && timing)
		fprintf(
		    stderr,
		    "timing total (summed over %zu domains on %d workers): "
		    "load %.0f ms, index %.0f ms, pairs %.0f ms, solve %.0f "
		    "ms, store %.0f ms (of which check %.0f ms)\n",
		    domain_count, pl.workers, t.ms_load, t.ms_index, t.ms_pairs,
		    t.ms_solve, t.ms_store, t.ms_check);
	if (ok && dimacs) {
		struct mcf_problem p = {.node_count = merged.nodes,
					.arc_count = merged.arcs,
					.supply = merged.supply,
					.from = merged.from,
					.to = merged.to,
					.cap = merged.cap,
					.cost = merged.cost};
		char comment[256];
		snprintf(comment, sizeof comment,
			 "sroi match: proposal round, %zu domain(s)\n"
			 "optimal cost = sum of M x supply - objective = %lld\n"
			 "objective %lld",
			 domain_count, (long long)t.cost,
			 (long long)t.solved_objective);
		if (!dimacs_write(dimacs, &p, comment))
			ok = sr_fail(&err, 500, "write_failed", "dimacs",
				     "cannot write %s: %s", dimacs_path,
				     strerror(errno));
	}
	merged_free(&merged);
	if (domains != &one)
		free(domains);
	store_close(s);
	policy_cache_clear();
	if (csv && fclose(csv) != 0 && ok)
		ok = sr_fail(&err, 500, "write_failed", "out",
			     "cannot write %s", out_path);
	if (dimacs && fclose(dimacs) != 0 && ok)
		ok = sr_fail(&err, 500, "write_failed", "dimacs",
			     "cannot write %s", dimacs_path);
	if (!ok) {
		fprintf(stderr, "sroi match: %s\n", err.message);
		if (stored)
			fprintf(stderr,
				"sroi match: the runs of the %zu domain(s) "
				"before it are stored\n",
				stored);
		return err.status == 404 || err.status == 400 ? CLI_USAGE
							      : CLI_FAIL;
	}
	return CLI_OK;
}

/* ---- sroi shortlist -------------------------------------------------------
 */

int cmd_shortlist(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(shortlist_usage, stdout);
		return CLI_OK;
	}
	/* -k N is spelt --k N for the option parser. */
	char **args = calloc((size_t)argc + 1, sizeof *args);
	if (!args)
		return CLI_FAIL;
	for (int i = 0; i < argc; i++)
		args[i] = strcmp(argv[i], "-k") == 0 ? "--k" : argv[i];
	const char *db = NULL, *k = NULL, *as_of = NULL;
	bool region = false, json_out = false;
	const struct cli_option opts[] = {
	    {"--db", &db, NULL},	 {"--k", &k, NULL},
	    {"--as-of", &as_of, NULL},	 {"--region", NULL, &region},
	    {"--json", NULL, &json_out}, {NULL, NULL, NULL}};
	const char *pos[1] = {NULL};
	int npos = 0;
	bool parsed = cli_parse(argc, args, opts, pos, 1, &npos);
	free(args);
	if (!parsed || !db || npos != 1) {
		fputs(shortlist_usage, stderr);
		return CLI_USAGE;
	}
	struct store *s = cli_open_store("shortlist", db, false, true);
	if (!s)
		return CLI_FAIL;
	const char *query[9];
	int q = 0;
	if (k) {
		query[q++] = "k";
		query[q++] = k;
	}
	if (as_of) {
		query[q++] = "as_of";
		query[q++] = as_of;
	}
	if (region) {
		query[q++] = "scope";
		query[q++] = "region";
	}
	query[q] = NULL;
	const char *params[] = {pos[0], NULL};
	struct response res;
	cli_api_call(s, NULL, api_openings_shortlist, params, query, &res);
	int rc = CLI_OK;
	if (res.status >= 400) {
		json_t *e = json_object_get(res.json, "error");
		fprintf(stderr, "sroi shortlist: %s\n",
			json_string_value(json_object_get(e, "message")));
		rc = res.status == 404 || res.status == 400 ? CLI_USAGE
							    : CLI_FAIL;
	} else if (json_out) {
		json_dumpf(res.json, stdout, JSON_INDENT(2));
		fputs("\n", stdout);
	} else {
		json_t *items = json_object_get(res.json, "items");
		printf("opening %s: %zu of %lld candidates (as of %s)\n",
		       pos[0], json_array_size(items),
		       (long long)json_integer_value(
			   json_object_get(res.json, "pool")),
		       json_string_value(json_object_get(res.json, "as_of")));
		printf("%4s %12s %6s  %-15s %9s  %s\n", "rank", "candidate",
		       "score", "occupation fit", "distance", "components");
		size_t i;
		json_t *item;
		json_array_foreach(items, i, item)
		{
			printf("%4zu %12lld %6lld  %-15s %6.1f km ", i + 1,
			       (long long)json_integer_value(
				   json_object_get(item, "candidate_id")),
			       (long long)json_integer_value(
				   json_object_get(item, "score")),
			       json_string_value(
				   json_object_get(item, "occupation_fit")),
			       (double)json_integer_value(
				   json_object_get(item, "distance_m")) /
				   1000.0);
			const char *key;
			json_t *v;
			json_object_foreach(json_object_get(item, "components"),
					    key, v)
			{
				if (json_integer_value(v))
					printf(
					    " %s %lld", key,
					    (long long)json_integer_value(v));
			}
			printf("\n");
		}
	}
	cli_response_free(&res);
	store_close(s);
	policy_cache_clear();
	return rc;
}
