/*
 * matching.c: shortlists, suggestions and proposal rounds over the stored
 * candidates and openings (see matching.h): GET /openings/{id}/shortlist,
 * GET /candidates/{id}/suggestions, POST /matching/runs and
 * GET /matching/runs/{id}[/proposals].
 *
 * Candidates leave this file by their pseudonymous id only.
 */
#include "api/matching.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "api/api.h"
#include "api/policy_cache.h"
#include "domain/policy.h"
#include "domain/target_groups.h"
#include "http/permissions.h"

#define SHORTLIST_DEFAULT_K 10
#define SHORTLIST_MAX_K 100
#define DEFAULT_DEADLINE_DAYS 15

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* ---- policies --------------------------------------------------------------
 */

static void group_names(struct match_group_names *names)
{
	memset(names, 0, sizeof *names);
	for (int i = 0; i < TARGET_GROUP_COUNT && i < MATCH_MAX_TARGET_GROUPS;
	     i++)
		names->name[i] = target_groups[i].name;
}

uint32_t matching_allowed_groups(const struct policy *policy,
				 const char *opening_kind)
{
	if (!policy)
		return target_groups_all();
	static const struct {
		const char *opening;
		enum activity_kind activity;
	} kinds[] = {
	    {"job", ACTIVITY_HIRE},
	    {"internship", ACTIVITY_INTERNSHIP},
	    {"bbl", ACTIVITY_BBL},
	    {"bol", ACTIVITY_BOL},
	    {"training", ACTIVITY_TRAINING},
	};
	bool any = true; /* "other" fits a block of any kind */
	enum activity_kind kind = ACTIVITY_HIRE;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(opening_kind, kinds[i].opening) == 0) {
			any = false;
			kind = kinds[i].activity;
		}
	uint32_t mask = 0;
	for (size_t i = 0; i < policy->block_count; i++) {
		const struct block *b = &policy->blocks[i];
		if (!any && b->kind != kind)
			continue;
		if (b->target_groups == 0)
			return target_groups_all();
		mask |= b->target_groups;
	}
	return mask;
}

const char *matching_realisation_kind(const char *opening_kind)
{
	static const char *const kinds[][2] = {
	    {"job", "hire"}, {"internship", "internship"}, {"bbl", "bbl"},
	    {"bol", "bol"},  {"training", "training"},
	};
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(opening_kind, kinds[i][0]) == 0)
			return kinds[i][1];
	return "hire"; /* "other": someone takes up work */
}

/* ---- pools -----------------------------------------------------------------
 */

bool matching_pool_load(struct request *req, const struct match_scope *scope,
			unsigned what, int64_t weights_org_id, sr_date as_of,
			struct matching_pool *mp, struct sr_error *err)
{
	memset(mp, 0, sizeof *mp);
	mp->as_of = as_of;
	mp->default_deadline_days = DEFAULT_DEADLINE_DAYS;
	match_weights_default(&mp->weights);
	if (weights_org_id) {
		struct sr_error perr = {0};
		int64_t pid = 0;
		const struct policy *p = policy_cache_in_force(
		    req->store, weights_org_id, as_of, &pid, &perr);
		if (p) {
			struct match_group_names names;
			group_names(&names);
			if (!match_weights_parse(p->matching, &names,
						 &mp->weights, err))
				return false;
			mp->weights_policy_id = pid;
			mp->default_deadline_days = p->proposal_deadline_days;
		} else if (strcmp(perr.code, "no_policy") != 0) {
			*err = perr;
			return false;
		}
	}
	return what == 0 ||
	       match_store_load(req->store, scope, what, &mp->rows, err);
}

bool matching_pool_build(struct request *req, struct matching_pool *mp,
			 struct sr_error *err)
{
	struct match_store_pool *rows = &mp->rows;
	mp->deadline_days =
	    malloc((size_t)rows->opening_count * sizeof *mp->deadline_days + 1);
	if (!mp->deadline_days)
		return sr_fail(err, 503, "out_of_memory", "", "out of memory");
	/* Few policy versions serve many openings: remember the last ones. */
	struct {
		int64_t id;
		const struct policy *p;
	} seen[32];
	int seen_count = 0;
	for (uint32_t i = 0; i < rows->opening_count; i++) {
		const struct match_opening_info *info = &rows->opening_info[i];
		const struct policy *p = NULL;
		if (info->policy_id) {
			for (int j = 0; j < seen_count && !p; j++)
				if (seen[j].id == info->policy_id)
					p = seen[j].p;
			if (!p) {
				p = policy_cache_by_id(req->store,
						       info->policy_id, err);
				if (!p)
					return false;
				int slot = seen_count < 32 ? seen_count++
							   : (int)(i % 32);
				seen[slot].id = info->policy_id;
				seen[slot].p = p;
			}
		}
		rows->openings[i].allowed_groups =
		    matching_allowed_groups(p, info->kind);
		mp->deadline_days[i] =
		    p ? p->proposal_deadline_days : mp->default_deadline_days;
	}
	struct match_pool_input in = {
	    .candidates = rows->candidates,
	    .candidate_count = rows->candidate_count,
	    .openings = rows->openings,
	    .opening_count = rows->opening_count,
	    .already_proposed = rows->pairs,
	    .already_proposed_count = rows->pair_count,
	    .weights = &mp->weights,
	    .as_of = mp->as_of,
	};
	return match_pool_build(&in, &mp->pool, err);
}

void matching_pool_free(struct matching_pool *mp)
{
	match_pool_free(mp->pool);
	match_store_pool_free(&mp->rows);
	free(mp->deadline_days);
	memset(mp, 0, sizeof *mp);
}

json_t *matching_components_json(const struct match_score *score)
{
	json_t *o = json_object();
	for (int i = 0; i < MATCH_COMPONENT_COUNT; i++)
		json_object_set_new(
		    o, match_component_name((enum match_component)i),
		    json_integer(score->part[i]));
	return o;
}

/* The same as compact JSON text, without allocating (rounds write many). */
static void components_text(const struct match_score *score, char *out,
			    size_t size)
{
	size_t n = 0;
	out[n++] = '{';
	for (int i = 0; i < MATCH_COMPONENT_COUNT && n < size; i++)
		n += (size_t)snprintf(
		    out + n, size - n, "%s\"%s\":%d", i ? "," : "",
		    match_component_name((enum match_component)i),
		    (int)score->part[i]);
	if (n + 2 <= size) {
		out[n++] = '}';
		out[n] = '\0';
	} else {
		snprintf(out, size, "{}");
	}
}

/* ---- rounds ----------------------------------------------------------------
 */

/* See matching.h: the test hook between a round's solving and storing. */
static void test_pause(void)
{
	const char *path = getenv("SROI_TEST_ROUND_PAUSE");
	if (!path || !*path || access(path, F_OK) != 0)
		return;
	char reached[512];
	snprintf(reached, sizeof reached, "%s.reached", path);
	FILE *f = fopen(reached, "w");
	if (f)
		fclose(f);
	for (int i = 0; i < 6000 && access(path, F_OK) == 0; i++) {
		struct timespec t = {0, 10 * 1000 * 1000};
		nanosleep(&t, NULL);
	}
}

bool matching_round_run(struct request *req,
			const struct matching_round_request *rq,
			struct matching_round *r, struct sr_error *err)
{
	memset(r, 0, sizeof *r);
	r->scope = rq->scope;
	if (rq->scope.region_code) {
		snprintf(r->region_code, sizeof r->region_code, "%s",
			 rq->scope.region_code);
		r->scope.region_code = r->region_code;
	}
	double t0 = now_ms();
	/* The counter first: whatever is written after it, a write not yet
	 * visible to these reads included, has an id at least this. */
	if (!match_store_next_id(req->store, &r->since_id, err) ||
	    !matching_pool_load(req, &rq->scope,
				MATCH_LOAD_CANDIDATES | MATCH_LOAD_OPENINGS,
				rq->weights_org_id, rq->as_of, &r->mp, err))
		return false;
	double t1 = now_ms();
	if (!matching_pool_build(req, &r->mp, err))
		return false;
	if (rq->release_read)
		store_rollback(req->store); /* it only read */
	double t2 = now_ms();
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	struct match_round_options opts = {
	    .proposals_per_position = rq->per_position,
	    .proposals_per_candidate = rq->per_candidate,
	    .max_pairs_per_candidate = rq->max_pairs_per_candidate,
	    .threads = rq->threads > 0 ? rq->threads
		       : cpus > MATCH_ROUND_MAX_THREADS
			   ? MATCH_ROUND_MAX_THREADS
		       : cpus > 0 ? (int32_t)cpus
				  : 1,
	};
	r->per_position = rq->per_position
			      ? rq->per_position
			      : r->mp.weights.proposals_per_position;
	r->per_candidate = rq->per_candidate
			       ? rq->per_candidate
			       : r->mp.weights.proposals_per_candidate;
	if (!match_round_build(r->mp.pool, &opts, &r->problem, err))
		return false;
	r->built = true;
	r->max_score = r->problem.max_score;
	r->total_supply = r->problem.total_supply;
	double t3 = now_ms();
	r->solved = true; /* the result needs freeing even after a failure */
	bool ok = match_round_solve(r->mp.pool, &r->problem, &r->result, err);
	double t4 = now_ms();
	r->solved_objective = r->result.objective;
	r->ms_load = t1 - t0;
	r->ms_index = t2 - t1;
	r->ms_pairs = t3 - t2;
	r->ms_solve = t4 - t3;
	if (ok)
		test_pause();
	return ok;
}

/* ---- checking a round before it is written ------------------------------ */

static int pair_order(const void *a, const void *b)
{
	const struct match_pair_id *x = a, *y = b;
	if (x->candidate_id != y->candidate_id)
		return x->candidate_id < y->candidate_id ? -1 : 1;
	return (x->opening_id > y->opening_id) -
	       (x->opening_id < y->opening_id);
}

static int id_order(const void *a, const void *b)
{
	const int64_t *x = a, *y = b;
	return (*x > *y) - (*x < *y);
}

static int count_order(const void *a, const void *b)
{
	const struct match_id_count *x = a, *y = b;
	return (x->id > y->id) - (x->id < y->id);
}

static int opening_now_order(const void *a, const void *b)
{
	const struct match_opening_now *x = a, *y = b;
	return (x->id > y->id) - (x->id < y->id);
}

/* Proposals by score, best first (then in their order): those kept when
 * room has shrunk. */
struct ranked_proposal {
	int32_t score;
	uint32_t index;
};

static int by_score(const void *a, const void *b)
{
	const struct ranked_proposal *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

#define UNKNOWN INT64_MIN

/* bsearch, which may not be given an empty (NULL) array. */
static const void *find(const void *key, const void *base, size_t n,
			size_t size, int (*order)(const void *, const void *))
{
	return n ? bsearch(key, base, n, size, order) : NULL;
}

/* Marks in drop the proposals that now break a limit, reading the room of
 * each candidate and opening from now. */
static void mark_stale(const struct matching_round *r,
		       struct match_store_now *now,
		       const struct ranked_proposal *order,
		       int64_t *candidate_room, int64_t *opening_room,
		       bool *drop)
{
	const struct match_store_pool *rows = &r->mp.rows;
	const struct match_round_result *res = &r->result;
	if (now->new_pair_count)
		qsort(now->new_pairs, now->new_pair_count,
		      sizeof *now->new_pairs, pair_order);
	for (size_t k = 0; k < res->proposal_count; k++) {
		uint32_t i = order[k].index;
		const struct match_proposal *p = &res->proposals[i];
		int64_t cid = rows->candidates[p->candidate].id;
		int64_t oid = rows->openings[p->opening].id;
		int64_t *cr = &candidate_room[p->candidate];
		int64_t *orm = &opening_room[p->opening];
		if (*cr == UNKNOWN) {
			struct match_id_count key = {.id = cid};
			const struct match_id_count *open =
			    find(&key, now->candidate_open,
				 now->candidate_open_count,
				 sizeof *now->candidate_open, count_order);
			bool inactive =
			    find(&cid, now->inactive, now->inactive_count,
				 sizeof *now->inactive, id_order) != NULL;
			*cr = inactive ? 0
				       : (int64_t)r->per_candidate -
					     (open ? open->count : 0);
		}
		if (*orm == UNKNOWN) {
			struct match_opening_now key = {.id = oid};
			const struct match_opening_now *o =
			    find(&key, now->openings, now->opening_count,
				 sizeof *now->openings, opening_now_order);
			*orm = !o || !o->open
				   ? 0
				   : (int64_t)r->per_position * o->positions -
					 o->open_proposals;
		}
		struct match_pair_id pair = {cid, oid};
		bool proposed =
		    find(&pair, now->new_pairs, now->new_pair_count,
			 sizeof *now->new_pairs, pair_order) != NULL;
		if (*cr <= 0 || *orm <= 0 || proposed) {
			drop[i] = true;
		} else {
			(*cr)--;
			(*orm)--;
		}
	}
}

/* Reads the round's scope again (in the write transaction) and leaves out
 * the proposals that writes since it was read have made invalid. */
static bool drop_stale(struct request *req, struct matching_round *r,
		       struct sr_error *err)
{
	size_t n = r->result.proposal_count;
	r->dropped = 0;
	if (n == 0)
		return true;
	struct match_store_now now;
	if (!match_store_now_load(req->store, &r->scope, r->since_id, &now,
				  err))
		return false;
	const struct match_store_pool *rows = &r->mp.rows;
	struct ranked_proposal *order = malloc(n * sizeof *order);
	bool *drop = calloc(n, sizeof *drop);
	int64_t *candidate_room =
	    malloc(((size_t)rows->candidate_count + 1) * sizeof(int64_t));
	int64_t *opening_room =
	    malloc(((size_t)rows->opening_count + 1) * sizeof(int64_t));
	bool ok = order && drop && candidate_room && opening_room;
	if (ok) {
		for (size_t i = 0; i < n; i++)
			order[i] = (struct ranked_proposal){
			    r->result.proposals[i].score, (uint32_t)i};
		qsort(order, n, sizeof *order, by_score);
		for (uint32_t i = 0; i <= rows->candidate_count; i++)
			candidate_room[i] = UNKNOWN;
		for (uint32_t i = 0; i <= rows->opening_count; i++)
			opening_room[i] = UNKNOWN;
		mark_stale(r, &now, order, candidate_room, opening_room, drop);
		ok = match_round_result_remove(r->mp.pool, &r->result, drop,
					       &r->dropped, err);
	} else {
		sr_fail(err, 503, "out_of_memory", "", "out of memory");
	}
	free(order);
	free(drop);
	free(candidate_room);
	free(opening_room);
	match_store_now_free(&now);
	return ok;
}

void matching_round_drop_problem(struct matching_round *r)
{
	if (r->built)
		match_round_problem_free(&r->problem);
	r->built = false;
}

void matching_round_free(struct matching_round *r)
{
	if (r->solved)
		match_round_result_free(&r->result);
	if (r->built)
		match_round_problem_free(&r->problem);
	matching_pool_free(&r->mp);
	memset(r, 0, sizeof *r);
}

static json_t *fairness_rows(const struct match_weights *w,
			     const char *key_name,
			     const struct match_fairness_row *rows, int n,
			     int what)
{
	json_t *a = json_array();
	for (int i = 0; i < n; i++) {
		const struct match_fairness_row *f = &rows[i];
		json_t *key;
		char label[64];
		if (what == 0) {
			int bit = f->key;
			key = json_string(bit >= 0 && bit < TARGET_GROUP_COUNT
					      ? target_groups[bit].name
					      : "unknown");
		} else if (what == 1) {
			match_benefit_band_label(w, f->key, label,
						 sizeof label);
			key = json_string(label);
		} else {
			snprintf(label, sizeof label, "%02d", (int)f->key);
			key = json_string(label);
		}
		json_array_append_new(
		    a, json_pack("{s:o, s:I, s:i, s:I, s:i}", key_name, key,
				 "proposals", (json_int_t)f->proposals,
				 "proposal_share_bp", (int)f->proposal_share_bp,
				 "pool", (json_int_t)f->pool, "pool_share_bp",
				 (int)f->pool_share_bp));
	}
	return a;
}

static json_t *fairness_json(const struct match_weights *w,
			     const struct match_fairness *f)
{
	return json_pack(
	    "{s:I, s:I, s:o, s:o, s:o}", "proposals", (json_int_t)f->proposals,
	    "pool", (json_int_t)f->pool, "target_groups",
	    fairness_rows(w, "target_group", f->groups, f->group_count, 0),
	    "benefit_bands",
	    fairness_rows(w, "band", f->bands, f->band_count, 1), "districts",
	    fairness_rows(w, "district", f->districts, f->district_count, 2));
}

/* What a run's report column keeps: everything but its own columns. */
static json_t *round_report(const struct matching_round *r)
{
	const struct match_round_result *res = &r->result;
	char as_of[SR_DATE_TEXT_LEN];
	date_format(r->mp.as_of, as_of);
	return json_pack(
	    "{s:I, s:i, s:i, s:i, s:i, s:I, s:I, s:I, s:s, s:o, s:i, s:i, s:o, "
	    "s:I}",
	    "pair_count", (json_int_t)res->pair_count, "candidates_eligible",
	    (int)res->candidates_eligible, "candidates_proposed",
	    (int)res->candidates_proposed, "openings_eligible",
	    (int)res->openings_eligible, "openings_proposed",
	    (int)res->openings_proposed, "slots", (json_int_t)res->slots,
	    "max_score", (json_int_t)r->max_score, "flow_cost",
	    (json_int_t)((int64_t)r->max_score * r->total_supply -
			 r->solved_objective),
	    "as_of", as_of, "weights_policy_id",
	    r->mp.weights_policy_id ? json_integer(r->mp.weights_policy_id)
				    : json_null(),
	    "candidates_skipped", (int)r->mp.rows.skipped_candidates,
	    "openings_skipped", (int)r->mp.rows.skipped_openings, "fairness",
	    fairness_json(&r->mp.weights, &res->fairness), "proposals_dropped",
	    (json_int_t)r->dropped);
}

json_t *matching_run_json(const struct match_run_row *run)
{
	json_t *o = json_pack(
	    "{s:I, s:s, s:s, s:i, s:i, s:I, s:I, s:s}", "id",
	    (json_int_t)run->id, "organisation", run->org_code, "scope",
	    run->scope, "proposals_per_position", (int)run->per_position,
	    "proposals_per_candidate", (int)run->per_candidate, "objective",
	    (json_int_t)run->objective, "proposal_count",
	    (json_int_t)run->proposal_count, "created_at", run->created_at);
	json_t *report = run->report ? json_loads(run->report, 0, NULL) : NULL;
	if (o && json_is_object(report))
		json_object_update_missing(o, report);
	json_decref(report);
	return o;
}

bool matching_round_store(struct request *req, int64_t run_org_id,
			  const char *scope_name, struct matching_round *r,
			  int64_t *run_id, json_t **run, struct sr_error *err)
{
	double t0 = now_ms();
	*run = NULL;
	const struct match_round_result *res = &r->result;
	const struct match_store_pool *rows = &r->mp.rows;
	char now[32];
	api_now(now);
	int64_t first = 0;
	if (!drop_stale(req, r, err))
		return false;
	r->ms_check = now_ms() - t0;
	if (!store_reserve_ids(req->store, 1 + (int64_t)res->proposal_count,
			       &first, err))
		return false;
	struct match_run_row row = {
	    .org_id = run_org_id,
	    .id = first,
	    .per_position = r->per_position,
	    .per_candidate = r->per_candidate,
	    .objective = res->objective,
	    .proposal_count = (int64_t)res->proposal_count,
	};
	snprintf(row.scope, sizeof row.scope, "%s", scope_name);
	json_t *report = round_report(r);
	row.report = report ? json_dumps(report, JSON_COMPACT) : NULL;
	json_decref(report);
	if (!row.report)
		return sr_fail(err, 503, "out_of_memory", "", "out of memory");
	bool ok = match_store_run_insert(req->store, &row, now, err);
	/* The proposals, a batch at a time so that memory stays flat. */
	enum { BATCH = 512 };
	struct match_proposal_row batch[BATCH];
	char components[BATCH][160];
	for (size_t i = 0; ok && i < res->proposal_count;) {
		size_t n = 0;
		for (; n < BATCH && i < res->proposal_count; n++, i++) {
			const struct match_proposal *mp = &res->proposals[i];
			const struct match_candidate *c =
			    &rows->candidates[mp->candidate];
			const struct match_opening *o =
			    &rows->openings[mp->opening];
			const struct match_opening_info *info =
			    &rows->opening_info[mp->opening];
			struct match_explanation ex;
			match_explain(&r->mp.weights, r->mp.as_of, c, o, &ex);
			components_text(&ex.score, components[n],
					sizeof components[n]);
			struct match_proposal_row *p = &batch[n];
			memset(p, 0, sizeof *p);
			p->org_id = rows->candidate_org[mp->candidate];
			p->id = first + 1 + (int64_t)i;
			p->run_id = first;
			p->opening_id = o->id;
			p->opening_org_id = info->org_id;
			p->candidate_id = c->id;
			p->supplier_id = info->supplier_id;
			snprintf(p->source, sizeof p->source, "round");
			p->score = mp->score;
			p->components = components[n];
			snprintf(p->status, sizeof p->status, "proposed");
			date_format(r->mp.as_of +
					r->mp.deadline_days[mp->opening],
				    p->due_date);
		}
		ok = match_store_proposals_insert(req->store, batch, n, now,
						  err);
	}
	if (ok) {
		json_t *changes = json_pack(
		    "{s:s, s:I, s:I, s:i, s:i, s:I}", "scope", scope_name,
		    "objective", (json_int_t)res->objective, "proposals",
		    (json_int_t)res->proposal_count, "proposals_per_position",
		    (int)r->per_position, "proposals_per_candidate",
		    (int)r->per_candidate, "proposals_dropped",
		    (json_int_t)r->dropped);
		ok = api_audit(req, run_org_id, "run", "matching_run", first,
			       changes, err);
		json_decref(changes);
	}
	if (ok) {
		bool found = false;
		struct match_run_row stored;
		ok = match_store_run_get(req->store, 0, first, &stored, &found,
					 err);
		if (ok && found)
			*run = matching_run_json(&stored);
		match_run_row_free(&stored);
		if (ok && !*run)
			ok = sr_fail(err, 503, "out_of_memory", "",
				     "out of memory");
	}
	free(row.report);
	r->run_id = first;
	r->first_proposal_id = first + 1;
	*run_id = first;
	r->ms_store = now_ms() - t0;
	return ok;
}

/* ---- request helpers -------------------------------------------------------
 */

static bool query_k(const struct request *req, size_t *k, struct sr_error *err)
{
	const char *s = request_query(req, "k");
	*k = SHORTLIST_DEFAULT_K;
	if (!s)
		return true;
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < 1 || v > SHORTLIST_MAX_K)
		return sr_fail(err, 400, "invalid_parameter", "k",
			       "k must be a whole number from 1 to %d",
			       SHORTLIST_MAX_K);
	*k = (size_t)v;
	return true;
}

/* The scope of org: itself, or with scope=region also the members of its
 * region that share their candidates. region receives the region code. */
static bool scope_for(struct request *req, int64_t org_id,
		      const char *scope_name, struct match_scope *scope,
		      char region[32], struct sr_error *err)
{
	memset(scope, 0, sizeof *scope);
	scope->org_id = org_id;
	region[0] = '\0';
	if (!scope_name || strcmp(scope_name, "organisation") == 0)
		return true;
	if (strcmp(scope_name, "region") != 0)
		return sr_fail(err, 422, "invalid_value", "scope",
			       "scope must be organisation or region");
	struct match_org org;
	bool found = false;
	if (!match_store_org(req->store, org_id, &org, &found, err))
		return false;
	if (found)
		match_scope_region(&org, region);
	if (!region[0])
		return sr_fail(err, 422, "no_region", "scope",
			       "the organisation belongs to no region");
	scope->region_code = region;
	return true;
}

static const char *fit_name(enum match_fit fit) { return match_fit_name(fit); }

static json_t *hit_json(const struct match_hit *h)
{
	return json_pack("{s:i, s:o, s:i, s:s}", "score", (int)h->score.total,
			 "components", matching_components_json(&h->score),
			 "distance_m", (int)h->distance_m, "occupation_fit",
			 fit_name(h->occupation_fit));
}

/* ---- GET /openings/{id}/shortlist -------------------------------------- */

void api_openings_shortlist(struct request *req, struct response *res)
{
	struct sr_error err = {0};
	int64_t id, org_id = 0;
	size_t k = 0;
	sr_date as_of;
	json_t *opening = NULL;
	struct match_scope scope;
	char region[32];
	struct matching_pool mp = {0};
	struct match_hit hits[SHORTLIST_MAX_K];
	size_t n = 0;
	bool found = false;
	bool ok =
	    api_path_id(req, 0, &id, &err) && query_k(req, &k, &err) &&
	    api_as_of(req, &as_of, &err) &&
	    crud_load(&opening_resource, req, id, &opening, &org_id, &err) &&
	    scope_for(req, org_id, request_query(req, "scope"), &scope, region,
		      &err) &&
	    matching_pool_load(req, &scope, MATCH_LOAD_CANDIDATES, org_id,
			       as_of, &mp, &err) &&
	    match_store_add_opening(req->store, id, &mp.rows, &found, &err);
	if (ok && !found)
		ok = sr_fail(&err, 422, "unknown_postcode_area", "postcode",
			     "the opening's postcode area is not in the "
			     "reference data, so its distances are unknown");
	ok = ok && matching_pool_build(req, &mp, &err);
	if (ok)
		n = match_shortlist_candidates(mp.pool, &mp.rows.openings[0],
					       hits, k);
	json_t *items = json_array();
	for (size_t i = 0; ok && i < n; i++) {
		json_t *item = hit_json(&hits[i]);
		json_object_set_new(item, "candidate_id",
				    json_integer(hits[i].id));
		json_array_append_new(items, item);
	}
	json_t *body = NULL;
	if (ok) {
		char as_of_text[SR_DATE_TEXT_LEN];
		date_format(as_of, as_of_text);
		body = json_pack(
		    "{s:I, s:i, s:s, s:s, s:o, s:i, s:o}", "opening_id",
		    (json_int_t)id, "k", (int)k, "as_of", as_of_text, "scope",
		    scope.region_code ? "region" : "organisation",
		    "weights_policy_id",
		    mp.weights_policy_id ? json_integer(mp.weights_policy_id)
					 : json_null(),
		    "pool", (int)mp.rows.candidate_count, "items",
		    json_incref(items));
	}
	json_decref(items);
	json_decref(opening);
	matching_pool_free(&mp);
	if (!ok) {
		response_error(res, &err);
		return;
	}
	response_json(res, 200, body);
}

/* ---- GET /candidates/{id}/suggestions ---------------------------------- */

void api_candidates_suggestions(struct request *req, struct response *res)
{
	struct sr_error err = {0};
	int64_t id, org_id = 0;
	size_t k = 0;
	sr_date as_of;
	json_t *candidate = NULL;
	struct match_scope scope;
	char region[32];
	struct matching_pool mp = {0};
	struct match_hit hits[SHORTLIST_MAX_K];
	size_t n = 0;
	bool found = false;
	bool ok = api_path_id(req, 0, &id, &err) && query_k(req, &k, &err) &&
		  api_as_of(req, &as_of, &err) &&
		  crud_load(&candidate_resource, req, id, &candidate, &org_id,
			    &err) &&
		  scope_for(req, org_id, request_query(req, "scope"), &scope,
			    region, &err) &&
		  matching_pool_load(req, &scope, MATCH_LOAD_OPENINGS, org_id,
				     as_of, &mp, &err);
	uint32_t base = mp.rows.candidate_count;
	ok = ok &&
	     match_store_add_candidate(req->store, id, &mp.rows, &found, &err);
	if (ok && !found)
		ok = sr_fail(&err, 422, "unknown_postcode_area", "postcode",
			     "the candidate's postcode area is not in the "
			     "reference data, so distances are unknown");
	ok = ok && matching_pool_build(req, &mp, &err);
	if (ok)
		n = match_shortlist_openings(mp.pool, &mp.rows.candidates[base],
					     hits, k);
	json_t *items = json_array();
	for (size_t i = 0; ok && i < n; i++) {
		const struct match_opening_info *info =
		    &mp.rows.opening_info[hits[i].index];
		json_t *item = hit_json(&hits[i]);
		json_object_set_new(item, "opening_id",
				    json_integer(hits[i].id));
		json_object_set_new(item, "supplier_id",
				    json_integer(info->supplier_id));
		json_object_set_new(item, "kind", json_string(info->kind));
		json_object_set_new(
		    item, "esco_code",
		    json_string(mp.rows.openings[hits[i].index].esco));
		json_array_append_new(items, item);
	}
	json_t *body = NULL;
	if (ok) {
		char as_of_text[SR_DATE_TEXT_LEN];
		date_format(as_of, as_of_text);
		body = json_pack(
		    "{s:I, s:i, s:s, s:s, s:o, s:i, s:o}", "candidate_id",
		    (json_int_t)id, "k", (int)k, "as_of", as_of_text, "scope",
		    scope.region_code ? "region" : "organisation",
		    "weights_policy_id",
		    mp.weights_policy_id ? json_integer(mp.weights_policy_id)
					 : json_null(),
		    "pool", (int)mp.rows.opening_count, "items",
		    json_incref(items));
	}
	json_decref(items);
	json_decref(candidate);
	matching_pool_free(&mp);
	if (!ok) {
		response_error(res, &err);
		return;
	}
	response_json(res, 200, body);
}

/* ---- POST /matching/runs ----------------------------------------------- */

static bool read_limit(json_t *body, const char *name, int32_t *out,
		       struct sr_error *err)
{
	json_t *v = json_object_get(body, name);
	*out = 0;
	if (!v || json_is_null(v))
		return true;
	if (!json_is_integer(v) || json_integer_value(v) < 1 ||
	    json_integer_value(v) > 100)
		return sr_fail(err, 422, "invalid_value", name,
			       "%s must be a whole number from 1 to 100", name);
	*out = (int32_t)json_integer_value(v);
	return true;
}

void api_matching_runs_create(struct request *req, struct response *res)
{
	struct sr_error err = {0};
	json_t *body = NULL, *run = NULL;
	int64_t org_id = 0, run_id = 0;
	struct matching_round_request rq = {0};
	struct matching_round round = {0};
	char region[32];
	const char *scope_name = "organisation";
	bool ok = req->body_len ? api_body_object(req, &body, &err)
				: (body = json_object()) != NULL;
	ok = ok && api_target_org(req, body, &org_id, &err);
	if (ok) {
		const char *key;
		json_t *v;
		json_object_foreach(body, key, v)
		{
			if (strcmp(key, "scope") != 0 &&
			    strcmp(key, "proposals_per_position") != 0 &&
			    strcmp(key, "proposals_per_candidate") != 0) {
				ok = sr_fail(&err, 400, "unknown_field", key,
					     "unknown field '%s'", key);
				break;
			}
		}
	}
	json_t *scope = ok ? json_object_get(body, "scope") : NULL;
	if (ok && scope && !json_is_string(scope))
		ok = sr_fail(&err, 422, "invalid_value", "scope",
			     "scope must be organisation or region");
	if (ok && scope)
		scope_name = json_string_value(scope);
	ok = ok &&
	     read_limit(body, "proposals_per_position", &rq.per_position,
			&err) &&
	     read_limit(body, "proposals_per_candidate", &rq.per_candidate,
			&err) &&
	     scope_for(req, org_id, scope_name, &rq.scope, region, &err);
	/* Read and solve under the request's read transaction, which the
	 * round ends once it has read (ROUTE_OWN_TRANSACTION), then write in
	 * a short write transaction of its own, left open for run_api to
	 * commit once the answer is written out: a national round does not
	 * hold the write lock while it solves. */
	if (ok) {
		rq.weights_org_id = org_id;
		rq.as_of = date_today();
		rq.release_read = true;
		ok = matching_round_run(req, &rq, &round, &err);
		if (store_in_transaction(req->store))
			store_rollback(req->store);
		ok = ok && store_begin(req->store, &err) &&
		     matching_round_store(req, org_id,
					  rq.scope.region_code ? "region"
							       : "organisation",
					  &round, &run_id, &run, &err);
	}
	matching_round_free(&round);
	json_decref(body);
	if (!ok) {
		json_decref(run);
		response_error(res, &err);
		return;
	}
	response_json(res, 201, run);
}

/* ---- GET /matching/runs/{id} ------------------------------------------- */

static bool load_run(struct request *req, struct match_run_row *run,
		     struct sr_error *err)
{
	int64_t id;
	bool found = false;
	if (!api_path_id(req, 0, &id, err) ||
	    !match_store_run_get(req->store, req->caller.org_id, id, run,
				 &found, err))
		return false;
	if (!found)
		return sr_fail(err, 404, "not_found", "",
			       "no such matching run");
	return true;
}

void api_matching_runs_get(struct request *req, struct response *res)
{
	struct sr_error err = {0};
	struct match_run_row run = {0};
	if (!load_run(req, &run, &err)) {
		match_run_row_free(&run);
		response_error(res, &err);
		return;
	}
	json_t *o = matching_run_json(&run);
	match_run_row_free(&run);
	response_json(res, 200, o);
}

void api_matching_runs_proposals(struct request *req, struct response *res)
{
	struct sr_error err = {0};
	struct match_run_row run = {0};
	if (!load_run(req, &run, &err)) {
		match_run_row_free(&run);
		response_error(res, &err);
		return;
	}
	/* The run is the caller's: all its proposals, whichever member's
	 * candidates they name. */
	struct match_proposal_query q = {.run_id = run.id};
	match_run_row_free(&run);
	proposals_respond_list(req, res, &q);
}

/* ---- GET /matching/runs ------------------------------------------------- */

void api_matching_runs_list(struct request *req, struct response *res)
{
	struct sr_error err = {0};
	int limit = 50;
	int64_t after = 0;
	const char *v = request_query(req, "limit");
	char *end;
	if (v) {
		long n = strtol(v, &end, 10);
		if (!*v || *end || n < 1 || n > 500) {
			response_fail(res, 400, "invalid_parameter", "limit",
				      "limit must be between 1 and 500");
			return;
		}
		limit = (int)n;
	}
	v = request_query(req, "cursor");
	if (v && *v) {
		long long n = strtoll(v, &end, 10);
		if (*end || n < 0) {
			response_fail(res, 400, "invalid_parameter", "cursor",
				      "the cursor is not one this server gave");
			return;
		}
		after = n;
	}
	struct match_run_row *runs = NULL;
	size_t count = 0;
	if (!match_store_runs(req->store, req->caller.org_id, after, limit + 1,
			      &runs, &count, &err)) {
		response_error(res, &err);
		return;
	}
	json_t *items = json_array();
	size_t n = count > (size_t)limit ? (size_t)limit : count;
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, matching_run_json(&runs[i]));
	json_t *next = json_null();
	if (count > n && n > 0) {
		char cursor[24];
		snprintf(cursor, sizeof cursor, "%lld",
			 (long long)runs[n - 1].id);
		next = json_string(cursor);
	}
	free(runs);
	response_json(
	    res, 200,
	    json_pack("{s:o, s:o}", "items", items, "next_cursor", next));
}
