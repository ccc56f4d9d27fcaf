/*
 * round.c: building a proposal round's flow problem from the pool's
 * feasible pairs, solving it and reading the proposals back (see round.h
 * for the formulation).
 */
#include "match/round.h"

#include <stdlib.h>
#include <string.h>

#include "match/occupation.h"
#include "match/pool_internal.h"

/* ---- growing arc arrays ----------------------------------------------- */

/* Pair arcs while they are generated: `to` holds the opening's pool index
 * and `cost` the score until the nodes and M are known. */
struct arcs {
	int32_t *from, *to;
	int64_t *cost;
	size_t n, size;
};

static bool arcs_reserve(struct arcs *a, size_t need)
{
	if (need <= a->size)
		return true;
	size_t size = a->size ? a->size : 1024;
	while (size < need)
		size += size / 2;
	int32_t *from = realloc(a->from, size * sizeof *from);
	if (from)
		a->from = from;
	int32_t *to = realloc(a->to, size * sizeof *to);
	if (to)
		a->to = to;
	int64_t *cost = realloc(a->cost, size * sizeof *cost);
	if (cost)
		a->cost = cost;
	if (!from || !to || !cost)
		return false;
	a->size = size;
	return true;
}

static void arcs_free(struct arcs *a)
{
	free(a->from);
	free(a->to);
	free(a->cost);
	memset(a, 0, sizeof *a);
}

/* One candidate's pairs before they are appended. */
struct pair {
	uint32_t rank; /* the opening's position in id order */
	uint32_t opening;
	int32_t score;
};

static int pair_by_rank(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	return (x->rank > y->rank) - (x->rank < y->rank);
}

static int pair_by_score(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return (x->rank > y->rank) - (x->rank < y->rank);
}

/* ---- building --------------------------------------------------------- */

struct round_state {
	const struct match_pool *pool;
	int32_t per_position, per_candidate;
	uint32_t max_pairs;
	int64_t *capacity;   /* per opening (pool index): slots left */
	uint32_t *rank;      /* per opening: position in id order */
	struct pair *buf;    /* one candidate's pairs */
	size_t buf_size;
};

static bool buf_push(struct round_state *s, size_t *n, struct pair p)
{
	if (*n == s->buf_size) {
		size_t size = s->buf_size ? s->buf_size * 2 : 256;
		struct pair *b = realloc(s->buf, size * sizeof *b);
		if (!b)
			return false;
		s->buf = b;
		s->buf_size = size;
	}
	s->buf[(*n)++] = p;
	return true;
}

/* Collects the feasible, scoring pairs of candidate ci into s->buf, in
 * opening id order. Returns false when memory runs out. */
static bool candidate_pairs(struct round_state *s, uint32_t ci, size_t *count)
{
	const struct match_pool *pool = s->pool;
	const struct match_candidate *c = &pool->candidates[ci];
	*count = 0;
	int32_t radius = match_travel_limit_m(&pool->weights, c->max_travel_km);
	if (radius > pool->opening_reach_m)
		radius = pool->opening_reach_m;
	int32_t own[MATCH_MAX_OCCUPATIONS];
	int nkeys = match_pool_candidate_keys(pool, c, own);
	const int32_t *keys = own;
	if (own[0] == 0 && nkeys == 1) {
		keys = pool->opening_grid.keys;
		nkeys = (int)pool->opening_grid.key_count;
	}
	for (int k = 0; k < nkeys; k++) {
		struct match_grid_iter it;
		match_grid_query(&pool->opening_grid, keys[k], c->lat_e6,
				 c->lon_e6, radius, &it);
		uint32_t oi;
		while (match_grid_next(&it, &oi)) {
			if (s->capacity[oi] <= 0)
				continue;
			const struct match_opening *o = &pool->openings[oi];
			int32_t d = geo_distance_m(&pool->candidate_point[ci],
						   &pool->opening_point[oi]);
			if (d > radius)
				continue;
			enum match_fit fit = match_fit_candidate(c, o);
			if (match_check(&pool->weights, c, o, d, fit) != 0)
				continue;
			if (match_pool_already_proposed(pool, c->id, o->id))
				continue;
			struct match_score score;
			match_score_pair(&pool->weights, &pool->priority[ci], c,
					 o, d, fit, &score);
			if (score.total <= 0)
				continue;
			struct pair p = {s->rank[oi], oi, score.total};
			if (!buf_push(s, count, p))
				return false;
		}
	}
	if (s->max_pairs && *count > s->max_pairs) {
		qsort(s->buf, *count, sizeof *s->buf, pair_by_score);
		*count = s->max_pairs;
	}
	if (*count > 1)
		qsort(s->buf, *count, sizeof *s->buf, pair_by_rank);
	return true;
}

void match_round_problem_free(struct match_round_problem *p)
{
	free(p->candidate_of_node);
	free(p->opening_of_node);
	free(p->supply);
	free(p->from);
	free(p->to);
	free(p->cap);
	free(p->cost);
	memset(p, 0, sizeof *p);
}

static bool oom(struct sr_error *err)
{
	return sr_fail(err, 503, "out_of_memory", "",
		       "out of memory building the proposal round");
}

bool match_round_build(const struct match_pool *pool,
		       const struct match_round_options *opts,
		       struct match_round_problem *out, struct sr_error *err)
{
	memset(out, 0, sizeof *out);
	struct round_state s = {.pool = pool};
	s.per_position = opts && opts->proposals_per_position > 0
				 ? opts->proposals_per_position
				 : pool->weights.proposals_per_position;
	s.per_candidate = opts && opts->proposals_per_candidate > 0
				  ? opts->proposals_per_candidate
				  : pool->weights.proposals_per_candidate;
	s.max_pairs = opts ? opts->max_pairs_per_candidate : 0;
	uint32_t nc = pool->candidate_count, no = pool->opening_count;
	struct arcs a = {0};
	int32_t *opening_node = NULL;
	bool ok = false;

	s.capacity = malloc((size_t)no * sizeof *s.capacity + 1);
	s.rank = malloc((size_t)no * sizeof *s.rank + 1);
	out->candidate_of_node = malloc((size_t)nc * sizeof(uint32_t) + 1);
	out->supply = malloc(((size_t)nc + no + 1) * sizeof *out->supply);
	opening_node = malloc((size_t)no * sizeof *opening_node + 1);
	if (!s.capacity || !s.rank || !out->candidate_of_node ||
	    !out->supply || !opening_node)
		goto fail_oom;
	for (uint32_t r = 0; r < no; r++) {
		uint32_t oi = pool->opening_by_id[r];
		const struct match_opening *o = &pool->openings[oi];
		s.rank[oi] = r;
		s.capacity[oi] = (int64_t)s.per_position * o->positions -
				 o->open_proposals;
		opening_node[oi] = -1;
	}

	/* Candidates in id order, each with its pairs in opening id order. */
	int32_t max_score = 0;
	for (uint32_t r = 0; r < nc; r++) {
		uint32_t ci = pool->candidate_by_id[r];
		const struct match_candidate *c = &pool->candidates[ci];
		int64_t supply = (int64_t)s.per_candidate - c->open_proposals;
		if (supply <= 0 || c->hired)
			continue;
		size_t count;
		if (!candidate_pairs(&s, ci, &count))
			goto fail_oom;
		if (count == 0)
			continue;
		if (a.n + count > (size_t)INT32_MAX - 2 * ((size_t)nc + no)) {
			sr_fail(err, 422, "round_too_large", "",
				"the round has more than 2^31 pairs; narrow "
				"its scope or limit pairs per candidate");
			goto fail;
		}
		if (!arcs_reserve(&a, a.n + count))
			goto fail_oom;
		int32_t node = (int32_t)out->candidate_nodes++;
		out->candidate_of_node[node] = ci;
		out->supply[node] = supply;
		out->total_supply += supply;
		for (size_t i = 0; i < count; i++) {
			a.from[a.n] = node;
			a.to[a.n] = (int32_t)s.buf[i].opening;
			a.cost[a.n] = s.buf[i].score;
			a.n++;
			opening_node[s.buf[i].opening] = 0; /* used */
			if (s.buf[i].score > max_score)
				max_score = s.buf[i].score;
		}
	}

	/* Opening nodes in id order, after the candidates. */
	out->opening_of_node = malloc((size_t)no * sizeof(uint32_t) + 1);
	if (!out->opening_of_node)
		goto fail_oom;
	uint32_t base = out->candidate_nodes;
	for (uint32_t r = 0; r < no; r++) {
		uint32_t oi = pool->opening_by_id[r];
		if (opening_node[oi] < 0)
			continue;
		opening_node[oi] = (int32_t)(base + out->opening_nodes);
		out->opening_of_node[out->opening_nodes++] = oi;
	}
	uint32_t sink = base + out->opening_nodes;
	size_t pairs = a.n;
	size_t total = pairs + out->opening_nodes + out->candidate_nodes;
	if (!arcs_reserve(&a, total ? total : 1))
		goto fail_oom;
	out->cap = malloc(total * sizeof *out->cap + 1);
	if (!out->cap)
		goto fail_oom;

	int32_t m = max_score > 0 ? max_score : 1;
	for (size_t i = 0; i < pairs; i++) {
		a.to[i] = opening_node[a.to[i]];
		a.cost[i] = m - a.cost[i];
		out->cap[i] = 1;
	}
	size_t at = pairs;
	for (uint32_t k = 0; k < out->opening_nodes; k++, at++) {
		uint32_t oi = out->opening_of_node[k];
		a.from[at] = (int32_t)(base + k);
		a.to[at] = (int32_t)sink;
		a.cost[at] = 0;
		out->cap[at] = s.capacity[oi];
		out->supply[base + k] = 0;
		out->slots += s.capacity[oi];
	}
	for (uint32_t k = 0; k < out->candidate_nodes; k++, at++) {
		a.from[at] = (int32_t)k;
		a.to[at] = (int32_t)sink;
		a.cost[at] = m;
		out->cap[at] = out->supply[k];
	}
	out->supply[sink] = -out->total_supply;

	out->from = a.from;
	out->to = a.to;
	out->cost = a.cost;
	a.from = a.to = NULL;
	a.cost = NULL;
	out->pair_arcs = (int64_t)pairs;
	out->max_score = m;
	out->mcf.node_count = (int32_t)sink + 1;
	out->mcf.arc_count = (int64_t)total;
	out->mcf.supply = out->supply;
	out->mcf.from = out->from;
	out->mcf.to = out->to;
	out->mcf.low = NULL;
	out->mcf.cap = out->cap;
	out->mcf.cost = out->cost;
	ok = true;
	goto done;
fail_oom:
	oom(err);
fail:
	match_round_problem_free(out);
done:
	arcs_free(&a);
	free(s.capacity);
	free(s.rank);
	free(s.buf);
	free(opening_node);
	return ok;
}

/* ---- solving ---------------------------------------------------------- */

struct ranked {
	uint32_t opening_node, candidate_node;
	int32_t score;
};

static int ranked_order(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->opening_node != y->opening_node)
		return x->opening_node < y->opening_node ? -1 : 1;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return (x->candidate_node > y->candidate_node) -
	       (x->candidate_node < y->candidate_node);
}

void match_round_result_free(struct match_round_result *r)
{
	free(r->proposals);
	memset(r, 0, sizeof *r);
}

bool match_round_solve(const struct match_pool *pool,
		       const struct match_round_problem *p,
		       struct match_round_result *r, struct sr_error *err)
{
	memset(r, 0, sizeof *r);
	r->pair_count = p->pair_arcs;
	r->candidates_eligible = p->candidate_nodes;
	r->openings_eligible = p->opening_nodes;
	r->slots = p->slots;

	struct mcf_result flow = {0};
	struct ranked *ranked = NULL;
	uint32_t *proposals_of = NULL;
	bool ok = false;
	if (p->pair_arcs > 0) {
		if (!mcf_solve(&p->mcf, &flow, err))
			goto done;
		if (flow.status != MCF_OPTIMAL) {
			sr_fail(err, 500, "round_infeasible", "",
				"the proposal round's flow problem was "
				"infeasible, which its unassigned arcs rule "
				"out");
			goto done;
		}
	}
	size_t n = 0;
	for (int64_t i = 0; i < p->pair_arcs; i++)
		if (flow.flow[i] > 0)
			n++;
	ranked = malloc(n * sizeof *ranked + 1);
	r->proposals = malloc(n * sizeof *r->proposals + 1);
	proposals_of = calloc((size_t)p->candidate_nodes + 1,
			      sizeof *proposals_of);
	if (!ranked || !r->proposals || !proposals_of) {
		sr_fail(err, 503, "out_of_memory", "",
			"out of memory reading the proposal round");
		goto done;
	}
	size_t k = 0;
	for (int64_t i = 0; i < p->pair_arcs; i++) {
		if (flow.flow[i] <= 0)
			continue;
		ranked[k].candidate_node = (uint32_t)p->from[i];
		ranked[k].opening_node =
			(uint32_t)p->to[i] - p->candidate_nodes;
		ranked[k].score = p->max_score - (int32_t)p->cost[i];
		r->objective += ranked[k].score;
		if (proposals_of[p->from[i]]++ == 0)
			r->candidates_proposed++;
		k++;
	}
	/* The cost must be M x supply - total score (see round.h); anything
	 * else means the solver and this formulation disagree. */
	if (p->pair_arcs > 0 &&
	    flow.cost != (int64_t)p->max_score * p->total_supply - r->objective) {
		sr_fail(err, 500, "round_mismatch", "",
			"the solver's cost %lld does not match the proposals' "
			"total score %lld",
			(long long)flow.cost, (long long)r->objective);
		goto done;
	}
	qsort(ranked, n, sizeof *ranked, ranked_order);
	for (size_t i = 0; i < n; i++) {
		r->proposals[i].candidate =
			p->candidate_of_node[ranked[i].candidate_node];
		r->proposals[i].opening =
			p->opening_of_node[ranked[i].opening_node];
		r->proposals[i].score = ranked[i].score;
		if (i == 0 ||
		    ranked[i].opening_node != ranked[i - 1].opening_node)
			r->openings_proposed++;
	}
	r->proposal_count = n;
	match_fairness_compute(&pool->weights, pool->as_of, pool->candidates,
			       p->candidate_of_node, proposals_of,
			       p->candidate_nodes, &r->fairness);
	ok = true;
done:
	if (flow.flow)
		mcf_result_free(&flow);
	free(ranked);
	free(proposals_of);
	return ok;
}

bool match_round_run(const struct match_pool *pool,
		     const struct match_round_options *opts,
		     struct match_round_result *result, struct sr_error *err)
{
	struct match_round_problem p;
	memset(result, 0, sizeof *result);
	if (!match_round_build(pool, opts, &p, err))
		return false;
	bool ok = match_round_solve(pool, &p, result, err);
	match_round_problem_free(&p);
	return ok;
}
