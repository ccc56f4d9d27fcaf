/*
 * round.c: building a proposal round's flow problem from the pool's
 * feasible pairs, solving it and reading the proposals back (see round.h
 * for the formulation).
 */
#include "match/round.h"

#include <pthread.h>
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
	uint32_t slot; /* the opening's slot in the pool */
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

/* What every generating thread reads (never writes). */
struct round_state {
	const struct match_pool *pool;
	int32_t per_position, per_candidate;
	uint32_t max_pairs;
	/* Per opening slot (pool_internal.h): */
	int64_t *capacity; /* proposals it can still take */
	uint32_t *rank;	   /* its position in id order */
};

/* The pairs of a contiguous range of candidates (in id order), generated
 * by one thread; chunks are joined in order, so the problem is the same
 * whatever the number of threads. */
struct chunk {
	const struct round_state *s;
	uint32_t first, last; /* positions in candidate_by_id */
	struct arcs arcs;     /* from = node within the chunk */
	uint32_t *candidates; /* pool index of each candidate with pairs */
	int64_t *supply;
	uint32_t count;
	int32_t max_score;
	struct pair *buf; /* one candidate's pairs */
	size_t buf_size;
	bool out_of_memory, too_large;
};

static bool buf_push(struct chunk *ch, size_t *n, struct pair p)
{
	if (*n == ch->buf_size) {
		size_t size = ch->buf_size ? ch->buf_size * 2 : 256;
		struct pair *b = realloc(ch->buf, size * sizeof *b);
		if (!b)
			return false;
		ch->buf = b;
		ch->buf_size = size;
	}
	ch->buf[(*n)++] = p;
	return true;
}

/* Collects the feasible, scoring pairs of candidate ci into ch->buf, in
 * opening id order. Returns false when memory runs out. */
static bool candidate_pairs(struct chunk *ch, uint32_t ci, size_t *count)
{
	const struct round_state *s = ch->s;
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
	double limit = geo_chord2_beyond(radius);
	for (int k = 0; k < nkeys; k++) {
		struct match_grid_iter it;
		match_grid_query(&pool->opening_grid, keys[k], c->lat_e6,
				 c->lon_e6, radius, &it);
		const uint32_t *items;
		size_t n;
		while (match_grid_next_run(&it, &items, &n)) {
			for (size_t q = 0; q < n; q++) {
				uint32_t slot = items[q];
				if (s->capacity[slot] <= 0)
					continue;
				struct match_pair_eval e;
				if (!match_pool_evaluate(
					pool, c, &pool->candidate_point[ci],
					&pool->priority[ci], &pool->slot[slot],
					&pool->slot_point[slot], limit, &e) ||
				    e.score.total <= 0)
					continue;
				struct pair p = {s->rank[slot], slot,
						 e.score.total};
				if (!buf_push(ch, count, p))
					return false;
			}
		}
	}
	if (s->max_pairs && *count > s->max_pairs) {
		qsort(ch->buf, *count, sizeof *ch->buf, pair_by_score);
		*count = s->max_pairs;
	}
	if (*count > 1)
		qsort(ch->buf, *count, sizeof *ch->buf, pair_by_rank);
	return true;
}

/* Arcs beyond this leave room for the opening and unassigned arcs within
 * 32-bit arc indices. */
#define MAX_PAIRS ((size_t)INT32_MAX / 2)

static void *generate_chunk(void *arg)
{
	struct chunk *ch = arg;
	const struct round_state *s = ch->s;
	const struct match_pool *pool = s->pool;
	uint32_t n = ch->last - ch->first;
	ch->candidates = malloc((size_t)n * sizeof *ch->candidates + 1);
	ch->supply = malloc((size_t)n * sizeof *ch->supply + 1);
	if (!ch->candidates || !ch->supply) {
		ch->out_of_memory = true;
		return NULL;
	}
	for (uint32_t r = ch->first; r < ch->last; r++) {
		uint32_t ci = pool->candidate_by_id[r];
		const struct match_candidate *c = &pool->candidates[ci];
		int64_t supply = (int64_t)s->per_candidate - c->open_proposals;
		if (supply <= 0 || c->hired)
			continue;
		size_t count;
		if (!candidate_pairs(ch, ci, &count)) {
			ch->out_of_memory = true;
			return NULL;
		}
		if (count == 0)
			continue;
		if (ch->arcs.n + count > MAX_PAIRS) {
			ch->too_large = true;
			return NULL;
		}
		if (!arcs_reserve(&ch->arcs, ch->arcs.n + count)) {
			ch->out_of_memory = true;
			return NULL;
		}
		uint32_t node = ch->count++;
		ch->candidates[node] = ci;
		ch->supply[node] = supply;
		struct arcs *a = &ch->arcs;
		for (size_t i = 0; i < count; i++) {
			a->from[a->n] = (int32_t)node;
			a->to[a->n] = (int32_t)ch->buf[i].slot;
			a->cost[a->n] = ch->buf[i].score;
			a->n++;
			if (ch->buf[i].score > ch->max_score)
				ch->max_score = ch->buf[i].score;
		}
	}
	return NULL;
}

static void chunk_free(struct chunk *ch)
{
	arcs_free(&ch->arcs);
	free(ch->candidates);
	free(ch->supply);
	free(ch->buf);
	ch->candidates = NULL;
	ch->supply = NULL;
	ch->buf = NULL;
}

/* Runs the chunks, on threads when there are several; falls back to this
 * thread for any that cannot be started. */
static void generate(struct chunk *chunks, int n)
{
	pthread_t tid[MATCH_ROUND_MAX_THREADS];
	bool started[MATCH_ROUND_MAX_THREADS] = {false};
	for (int t = 1; t < n; t++)
		started[t] = pthread_create(&tid[t], NULL, generate_chunk,
					    &chunks[t]) == 0;
	generate_chunk(&chunks[0]);
	for (int t = 1; t < n; t++) {
		if (started[t])
			pthread_join(tid[t], NULL);
		else
			generate_chunk(&chunks[t]);
	}
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
	int threads = opts && opts->threads > 1 ? opts->threads : 1;
	if (threads > MATCH_ROUND_MAX_THREADS)
		threads = MATCH_ROUND_MAX_THREADS;
	uint32_t nc = pool->candidate_count, no = pool->opening_count;
	struct chunk chunks[MATCH_ROUND_MAX_THREADS];
	memset(chunks, 0, sizeof chunks);
	int32_t *opening_node = NULL;
	struct arcs a = {0};
	bool ok = false;

	s.capacity = malloc((size_t)no * sizeof *s.capacity + 1);
	s.rank = malloc((size_t)no * sizeof *s.rank + 1);
	opening_node = malloc((size_t)no * sizeof *opening_node + 1);
	if (!s.capacity || !s.rank || !opening_node)
		goto fail_oom;
	for (uint32_t r = 0; r < no; r++) {
		uint32_t slot = pool->opening_slot[pool->opening_by_id[r]];
		const struct match_opening *o = &pool->slot[slot];
		s.rank[slot] = r;
		s.capacity[slot] =
		    (int64_t)s.per_position * o->positions - o->open_proposals;
		opening_node[slot] = -1;
	}

	/* Candidates in id order, in contiguous chunks. */
	for (int t = 0; t < threads; t++) {
		chunks[t].s = &s;
		chunks[t].first = (uint32_t)((uint64_t)nc * t / threads);
		chunks[t].last = (uint32_t)((uint64_t)nc * (t + 1) / threads);
	}
	generate(chunks, threads);
	size_t pairs = 0;
	int32_t max_score = 0;
	for (int t = 0; t < threads; t++) {
		if (chunks[t].out_of_memory)
			goto fail_oom;
		pairs += chunks[t].arcs.n;
		out->candidate_nodes += chunks[t].count;
		if (chunks[t].max_score > max_score)
			max_score = chunks[t].max_score;
		if (chunks[t].too_large || pairs > MAX_PAIRS) {
			sr_fail(err, 422, "round_too_large", "",
				"the round has more than %zu pairs; narrow its "
				"scope or limit pairs per candidate",
				MAX_PAIRS);
			goto fail;
		}
	}

	/* Join the chunks: the first one's arrays grow to hold everything. */
	uint32_t ncn = out->candidate_nodes;
	out->candidate_of_node = malloc((size_t)ncn * sizeof(uint32_t) + 1);
	out->opening_of_node = malloc((size_t)no * sizeof(uint32_t) + 1);
	out->supply = malloc(((size_t)ncn + no + 1) * sizeof *out->supply);
	if (!out->candidate_of_node || !out->opening_of_node || !out->supply)
		goto fail_oom;
	a = chunks[0].arcs;
	memset(&chunks[0].arcs, 0, sizeof chunks[0].arcs);
	size_t total = pairs + no + ncn; /* at most: unused openings go */
	if (!arcs_reserve(&a, total ? total : 1))
		goto fail_oom;
	uint32_t node = 0;
	for (int t = 0; t < threads; t++) {
		struct chunk *ch = &chunks[t];
		if (t > 0) {
			for (size_t i = 0; i < ch->arcs.n; i++) {
				a.from[a.n] = ch->arcs.from[i] + (int32_t)node;
				a.to[a.n] = ch->arcs.to[i];
				a.cost[a.n] = ch->arcs.cost[i];
				a.n++;
			}
		}
		for (uint32_t k = 0; k < ch->count; k++) {
			out->candidate_of_node[node + k] = ch->candidates[k];
			out->supply[node + k] = ch->supply[k];
			out->total_supply += ch->supply[k];
		}
		node += ch->count;
		chunk_free(ch);
	}

	/* Opening nodes: those with a pair, in id order, after the
	 * candidates. */
	for (size_t i = 0; i < pairs; i++)
		opening_node[a.to[i]] = 0;
	uint32_t base = ncn;
	for (uint32_t r = 0; r < no; r++) {
		uint32_t oi = pool->opening_by_id[r];
		uint32_t slot = pool->opening_slot[oi];
		if (opening_node[slot] < 0)
			continue;
		opening_node[slot] = (int32_t)(base + out->opening_nodes);
		out->opening_of_node[out->opening_nodes++] = oi;
	}
	uint32_t sink = base + out->opening_nodes;
	total = pairs + out->opening_nodes + ncn;
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
		uint32_t slot = pool->opening_slot[out->opening_of_node[k]];
		a.from[at] = (int32_t)(base + k);
		a.to[at] = (int32_t)sink;
		a.cost[at] = 0;
		out->cap[at] = s.capacity[slot];
		out->supply[base + k] = 0;
		out->slots += s.capacity[slot];
	}
	for (uint32_t k = 0; k < ncn; k++, at++) {
		a.from[at] = (int32_t)k;
		a.to[at] = (int32_t)sink;
		a.cost[at] = m;
		out->cap[at] = out->supply[k];
	}
	out->supply[sink] = -out->total_supply;

	out->from = a.from;
	out->to = a.to;
	out->cost = a.cost;
	memset(&a, 0, sizeof a);
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
	for (int t = 0; t < threads; t++)
		chunk_free(&chunks[t]);
	arcs_free(&a);
	free(s.capacity);
	free(s.rank);
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
	free(r->eligible);
	memset(r, 0, sizeof *r);
}

bool match_round_result_remove(const struct match_pool *pool,
			       struct match_round_result *r, const bool *drop,
			       size_t *removed, struct sr_error *err)
{
	size_t kept = 0;
	for (size_t i = 0; i < r->proposal_count; i++)
		if (!drop[i])
			r->proposals[kept++] = r->proposals[i];
	*removed = r->proposal_count - kept;
	if (*removed == 0)
		return true;
	r->proposal_count = kept;
	/* Each eligible candidate's slot in the fairness tally. */
	uint32_t *slot_of =
	    malloc((size_t)pool->candidate_count * sizeof *slot_of + 1);
	uint32_t *count = calloc((size_t)r->eligible_count + 1, sizeof *count);
	if (!slot_of || !count) {
		free(slot_of);
		free(count);
		return sr_fail(err, 503, "out_of_memory", "",
			       "out of memory counting the proposal round");
	}
	for (uint32_t e = 0; e < r->eligible_count; e++)
		slot_of[r->eligible[e]] = e;
	r->objective = 0;
	r->candidates_proposed = 0;
	r->openings_proposed = 0;
	for (size_t i = 0; i < kept; i++) {
		const struct match_proposal *p = &r->proposals[i];
		r->objective += p->score;
		if (count[slot_of[p->candidate]]++ == 0)
			r->candidates_proposed++;
		/* Proposals come grouped by opening. */
		if (i == 0 || p->opening != r->proposals[i - 1].opening)
			r->openings_proposed++;
	}
	match_fairness_compute(&pool->weights, pool->as_of, pool->candidates,
			       r->eligible, count, r->eligible_count,
			       &r->fairness);
	free(slot_of);
	free(count);
	return true;
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
	proposals_of =
	    calloc((size_t)p->candidate_nodes + 1, sizeof *proposals_of);
	r->eligible =
	    malloc((size_t)p->candidate_nodes * sizeof *r->eligible + 1);
	if (!ranked || !r->proposals || !proposals_of || !r->eligible) {
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
	    flow.cost !=
		(int64_t)p->max_score * p->total_supply - r->objective) {
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
	if (p->candidate_nodes)
		memcpy(r->eligible, p->candidate_of_node,
		       (size_t)p->candidate_nodes * sizeof *r->eligible);
	r->eligible_count = p->candidate_nodes;
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
