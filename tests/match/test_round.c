/* test_round.c: proposal rounds: the flow problem has the documented shape,
 * the round is optimal (against brute force on small instances), respects
 * its limits, does not depend on input order, a district's priority weight
 * raises its share of proposals, and proposals taken out after solving are
 * counted no more. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "match_fixtures.h"

/* ---- a brute-force reference ------------------------------------------ */

struct bf_pair {
	uint32_t opening;
	int32_t score;
};

struct brute {
	uint32_t nc, no;
	int64_t supply[16];
	int64_t capacity[16];
	struct bf_pair pairs[16][16];
	int pair_count[16];
	int64_t best;
};

/* Feasible pairs with score > 0, by explaining every pair. */
static void bf_setup(struct brute *b, const struct match_pool *pool, int32_t s,
		     int32_t p)
{
	const struct match_candidate *c = match_pool_candidates(pool, &b->nc);
	const struct match_opening *o = match_pool_openings(pool, &b->no);
	assert_true(b->nc <= 16 && b->no <= 16);
	for (uint32_t j = 0; j < b->no; j++)
		b->capacity[j] =
		    (int64_t)s * o[j].positions - o[j].open_proposals;
	for (uint32_t i = 0; i < b->nc; i++) {
		b->supply[i] = c[i].hired ? 0 : p - c[i].open_proposals;
		b->pair_count[i] = 0;
		for (uint32_t j = 0; j < b->no; j++) {
			struct match_explanation e;
			match_pool_explain(pool, &c[i], &o[j], &e);
			if (e.failed || e.score.total <= 0)
				continue;
			b->pairs[i][b->pair_count[i]++] =
			    (struct bf_pair){j, e.score.total};
		}
	}
	b->best = 0;
}

/* Tries every set of pairs for candidates i.. with `left` more proposals
 * for candidate i, starting at its pair k. */
static void bf_search(struct brute *b, uint32_t i, int k, int64_t left,
		      int64_t total)
{
	if (i == b->nc) {
		if (total > b->best)
			b->best = total;
		return;
	}
	/* Stop choosing for candidate i. */
	bf_search(b, i + 1, 0, i + 1 < b->nc ? b->supply[i + 1] : 0, total);
	if (left <= 0)
		return;
	for (int q = k; q < b->pair_count[i]; q++) {
		uint32_t j = b->pairs[i][q].opening;
		if (b->capacity[j] <= 0)
			continue;
		b->capacity[j]--;
		bf_search(b, i, q + 1, left - 1, total + b->pairs[i][q].score);
		b->capacity[j]++;
	}
}

static int64_t brute_force(const struct match_pool *pool, int32_t s, int32_t p)
{
	struct brute b;
	bf_setup(&b, pool, s, p);
	bf_search(&b, 0, 0, b.nc ? b.supply[0] : 0, 0);
	return b.best;
}

/* ---- instances --------------------------------------------------------- */

/* A small instance where most pairs are plausible: places around Den Haag
 * and Delft, construction occupations, contracts counting everyone. */
static void small_instance(uint64_t seed, struct match_candidate *c,
			   uint32_t nc, struct match_opening *o, uint32_t no)
{
	uint64_t s = seed;
	for (uint32_t i = 0; i < nc; i++) {
		fix_random_candidate(&s, 10 + (int64_t)i, &c[i]);
		int p = fix_below(&s, 16);
		c[i].lat_e6 = fix_places[p].lat_e6;
		c[i].lon_e6 = fix_places[p].lon_e6;
		c[i].pc4 = fix_places[p].pc4;
		c[i].occupation_count = 1;
		snprintf(c[i].occupations[0], MATCH_ESCO_LEN, "%s",
			 fix_codes[fix_below(&s, 5)]);
		c[i].hired = fix_below(&s, 10) == 0;
		c[i].available_from = FIX_AS_OF;
	}
	for (uint32_t j = 0; j < no; j++) {
		fix_random_opening(&s, 500 + (int64_t)j, &o[j]);
		int p = fix_below(&s, 16);
		o[j].lat_e6 = fix_places[p].lat_e6;
		o[j].lon_e6 = fix_places[p].lon_e6;
		o[j].pc4 = fix_places[p].pc4;
		o[j].allowed_groups = 0xf;
		o[j].requires_licence = false;
		snprintf(o[j].esco, MATCH_ESCO_LEN, "%s",
			 fix_codes[fix_below(&s, 5)]);
		o[j].positions = 1 + fix_below(&s, 2);
	}
}

static void check_limits(const struct match_pool *pool,
			 const struct match_round_result *r, int32_t s,
			 int32_t p)
{
	uint32_t nc, no;
	const struct match_candidate *c = match_pool_candidates(pool, &nc);
	const struct match_opening *o = match_pool_openings(pool, &no);
	int64_t *per_c = calloc(nc + 1, sizeof *per_c);
	int64_t *per_o = calloc(no + 1, sizeof *per_o);
	int64_t total = 0;
	for (size_t k = 0; k < r->proposal_count; k++) {
		const struct match_proposal *x = &r->proposals[k];
		struct match_explanation e;
		match_pool_explain(pool, &c[x->candidate], &o[x->opening], &e);
		assert_int_equal(e.failed, 0);
		assert_int_equal(e.score.total, x->score);
		per_c[x->candidate]++;
		per_o[x->opening]++;
		total += x->score;
		if (k > 0) { /* by opening id, score descending, then id */
			const struct match_proposal *y = &r->proposals[k - 1];
			assert_true(o[y->opening].id <= o[x->opening].id);
			if (y->opening == x->opening) {
				assert_true(y->score >= x->score);
				assert_false(y->score == x->score &&
					     c[y->candidate].id >=
						 c[x->candidate].id);
			}
		}
	}
	for (uint32_t i = 0; i < nc; i++)
		assert_true(per_c[i] <= p - c[i].open_proposals ||
			    per_c[i] == 0);
	for (uint32_t j = 0; j < no; j++)
		assert_true(per_o[j] <=
			    (int64_t)s * o[j].positions - o[j].open_proposals);
	assert_int_equal(total, r->objective);
	free(per_c);
	free(per_o);
}

/* ---- tests ------------------------------------------------------------ */

static void the_flow_problem_has_the_documented_shape(void **state)
{
	(void)state;
	struct match_candidate c[8];
	struct match_opening o[4];
	small_instance(3, c, 8, o, 4);
	struct match_weights w;
	match_weights_default(&w);
	struct match_pool *pool = fix_pool(c, 8, o, 4, &w);
	assert_non_null(pool);
	struct match_round_problem p;
	struct sr_error err;
	assert_true(match_round_build(pool, NULL, &p, &err));

	struct brute b;
	bf_setup(&b, pool, 3, 1);
	int64_t pairs = 0;
	int32_t max = 0;
	for (uint32_t i = 0; i < b.nc; i++)
		for (int q = 0; b.supply[i] > 0 && q < b.pair_count[i]; q++) {
			pairs++;
			if (b.pairs[i][q].score > max)
				max = b.pairs[i][q].score;
		}
	assert_true(pairs > 0);
	assert_int_equal(p.pair_arcs, pairs);
	assert_int_equal(p.max_score, max);
	uint32_t sink = p.candidate_nodes + p.opening_nodes;
	assert_int_equal(p.mcf.node_count, sink + 1);
	assert_int_equal(p.mcf.arc_count,
			 pairs + p.opening_nodes + p.candidate_nodes);
	int64_t supply = 0;
	for (int32_t v = 0; v < p.mcf.node_count; v++)
		supply += p.mcf.supply[v];
	assert_int_equal(supply, 0);
	assert_int_equal(p.mcf.supply[sink], -p.total_supply);
	for (int64_t a = 0; a < p.mcf.arc_count; a++) {
		assert_true(p.mcf.cost[a] >= 0 && p.mcf.cost[a] <= max);
		if (a < pairs) { /* candidate -> opening, grouped, in order */
			assert_true((uint32_t)p.mcf.from[a] <
				    p.candidate_nodes);
			assert_true((uint32_t)p.mcf.to[a] >=
					p.candidate_nodes &&
				    (uint32_t)p.mcf.to[a] < sink);
			assert_int_equal(p.mcf.cap[a], 1);
			if (a > 0)
				assert_true(
				    p.mcf.from[a - 1] < p.mcf.from[a] ||
				    (p.mcf.from[a - 1] == p.mcf.from[a] &&
				     p.mcf.to[a - 1] < p.mcf.to[a]));
		} else if (a < pairs + p.opening_nodes) { /* opening -> sink */
			assert_int_equal(p.mcf.to[a], sink);
			assert_int_equal(p.mcf.cost[a], 0);
		} else { /* unassigned */
			assert_int_equal(p.mcf.to[a], sink);
			assert_int_equal(p.mcf.cost[a], max);
			assert_int_equal(p.mcf.cap[a],
					 p.mcf.supply[p.mcf.from[a]]);
		}
	}
	assert_null(p.mcf.low);
	match_round_problem_free(&p);
	match_pool_free(pool);
}

static void one_position_goes_to_the_better_candidate(void **state)
{
	(void)state;
	struct match_weights w;
	match_weights_default(&w);
	struct match_candidate c[2] = {fix_candidate(), fix_candidate()};
	c[1].id = 2;
	c[1].on_benefit_since = date_from_ymd(2018, 1, 1); /* 150, not 50 */
	struct match_opening o = fix_opening();
	struct match_pool *pool = fix_pool(c, 2, &o, 1, &w);
	struct match_round_options opts = {.proposals_per_position = 1};
	struct match_round_result r;
	struct sr_error err;
	bool ok = match_round_run(pool, &opts, &r, &err);
	if (!ok)
		fail_msg("round: %s", err.message);
	assert_int_equal(r.proposal_count, 1);
	assert_int_equal(c[r.proposals[0].candidate].id, 2);
	assert_int_equal(r.candidates_eligible, 2);
	assert_int_equal(r.candidates_proposed, 1);
	assert_int_equal(r.openings_proposed, 1);
	assert_int_equal(r.slots, 1);
	check_limits(pool, &r, 1, 1);
	match_round_result_free(&r);
	/* The default S = 3 proposes both. */
	assert_true(match_round_run(pool, NULL, &r, &err));
	assert_int_equal(r.proposal_count, 2);
	assert_int_equal(c[r.proposals[0].candidate].id, 2); /* best first */
	match_round_result_free(&r);
	match_pool_free(pool);
}

static void rounds_are_optimal_against_brute_force(void **state)
{
	(void)state;
	int nonzero = 0;
	for (uint64_t seed = 1; seed <= 40; seed++) {
		struct match_candidate c[8];
		struct match_opening o[4];
		small_instance(seed, c, 8, o, 4);
		/* Some candidates and openings start with open proposals. */
		c[seed % 8].open_proposals = 1;
		o[seed % 4].open_proposals = 1;
		struct match_weights w;
		match_weights_default(&w);
		w.district[25] = (int32_t)(seed % 3) * 100;
		struct match_pool *pool = fix_pool(c, 8, o, 4, &w);
		assert_non_null(pool);
		for (int32_t s = 1; s <= 2; s++)
			for (int32_t p = 1; p <= 2; p++) {
				struct match_round_options opts = {
				    .proposals_per_position = s,
				    .proposals_per_candidate = p,
				    .threads = (int32_t)(seed % 3),
				};
				struct match_round_result r;
				struct sr_error err;
				if (!match_round_run(pool, &opts, &r, &err))
					fail_msg("round: %s", err.message);
				int64_t best = brute_force(pool, s, p);
				assert_int_equal(r.objective, best);
				check_limits(pool, &r, s, p);
				nonzero += best > 0;
				match_round_result_free(&r);
			}
		match_pool_free(pool);
	}
	assert_true(nonzero > 100); /* most instances have proposals */
}

static void rounds_do_not_depend_on_input_order(void **state)
{
	(void)state;
	enum { NC = 400, NO = 60 };
	struct match_candidate *a = calloc(NC, sizeof *a), *b;
	struct match_opening *oa = calloc(NO, sizeof *oa), *ob;
	uint64_t s = 5;
	for (int i = 0; i < NC; i++)
		fix_random_candidate(&s, 100 + i, &a[i]);
	for (int j = 0; j < NO; j++)
		fix_random_opening(&s, 9000 + j, &oa[j]);
	b = malloc(NC * sizeof *b);
	ob = malloc(NO * sizeof *ob);
	memcpy(b, a, NC * sizeof *b);
	memcpy(ob, oa, NO * sizeof *ob);
	fix_shuffle(&s, b, NC, sizeof *b);
	fix_shuffle(&s, ob, NO, sizeof *ob);
	struct match_weights w;
	match_weights_default(&w);
	struct match_pool *pa = fix_pool(a, NC, oa, NO, &w);
	struct match_pool *pb = fix_pool(b, NC, ob, NO, &w);
	struct match_round_result ra, rb;
	struct sr_error err;
	if (!match_round_run(pa, NULL, &ra, &err))
		fail_msg("round: %s", err.message);
	assert_true(match_round_run(pb, NULL, &rb, &err));
	assert_true(ra.proposal_count > 20);
	assert_int_equal(ra.proposal_count, rb.proposal_count);
	assert_int_equal(ra.objective, rb.objective);
	for (size_t k = 0; k < ra.proposal_count; k++) {
		assert_int_equal(a[ra.proposals[k].candidate].id,
				 b[rb.proposals[k].candidate].id);
		assert_int_equal(oa[ra.proposals[k].opening].id,
				 ob[rb.proposals[k].opening].id);
	}
	check_limits(pa, &ra, 3, 1);
	match_round_result_free(&ra);
	match_round_result_free(&rb);
	match_pool_free(pa);
	match_pool_free(pb);
	free(a);
	free(b);
	free(oa);
	free(ob);
}

/* Candidates from Rotterdam (district 30) and from districts 26 to 28
 * competing for too few slots at places in between; returns district 30's
 * share of the proposals in basis points. */
static int32_t district_30_share(int32_t weight)
{
	enum { NC = 60, NO = 6 };
	static const int places_30[] = {23, 24, 25, 26, 27, 28};
	static const int places_26[] = {12, 13, 14, 15, 16, 18};
	static const int between[] = {14, 15, 19, 20, 22};
	struct match_candidate c[NC];
	struct match_opening o[NO];
	uint64_t s = 11;
	for (int i = 0; i < NC; i++) {
		fix_random_candidate(&s, 1 + i, &c[i]);
		int p = i % 2 ? places_30[fix_below(&s, 6)]
			      : places_26[fix_below(&s, 6)];
		c[i].lat_e6 = fix_places[p].lat_e6;
		c[i].lon_e6 = fix_places[p].lon_e6;
		c[i].pc4 = fix_places[p].pc4;
		c[i].max_travel_km = 40;
		c[i].hired = false;
		c[i].available_from = FIX_AS_OF;
	}
	for (int j = 0; j < NO; j++) {
		fix_random_opening(&s, 100 + j, &o[j]);
		int p = between[fix_below(&s, 5)];
		o[j].lat_e6 = fix_places[p].lat_e6;
		o[j].lon_e6 = fix_places[p].lon_e6;
		o[j].pc4 = fix_places[p].pc4;
		o[j].allowed_groups = 0xf;
		o[j].max_travel_km = 40;
		o[j].positions = 1;
		o[j].requires_licence = false;
	}
	struct match_weights w;
	match_weights_default(&w);
	w.min_occupation_fit = MATCH_FIT_NONE;
	w.district[30] = weight;
	struct match_pool *pool = fix_pool(c, NC, o, NO, &w);
	struct match_round_result r;
	struct sr_error err;
	if (!match_round_run(pool, NULL, &r, &err))
		fail_msg("round: %s", err.message);
	assert_int_equal(r.proposal_count, 3 * NO); /* every slot filled */
	int32_t share = 0;
	for (int32_t k = 0; k < r.fairness.district_count; k++)
		if (r.fairness.districts[k].key == 30)
			share = r.fairness.districts[k].proposal_share_bp;
	match_round_result_free(&r);
	match_pool_free(pool);
	return share;
}

static void raising_a_districts_weight_raises_its_share(void **state)
{
	(void)state;
	int32_t before = district_30_share(0);
	int32_t after = district_30_share(300);
	assert_true(after > before);
	assert_true(district_30_share(2000) >= after);
}

static void earlier_pairs_and_open_proposals_are_respected(void **state)
{
	(void)state;
	struct match_weights w;
	match_weights_default(&w);
	struct match_candidate c[3] = {fix_candidate(), fix_candidate(),
				       fix_candidate()};
	c[1].id = 2;
	c[1].open_proposals = 1; /* P = 1: nothing more for now */
	c[2].id = 3;
	struct match_opening o[2] = {fix_opening(), fix_opening()};
	o[1].id = 101;
	o[1].open_proposals = 3; /* 3 x 1 position: full */
	struct match_pair_id before = {1, 100};
	struct match_pool_input in = {c, 3, o, 2, &before, 1, &w, FIX_AS_OF};
	struct match_pool *pool;
	struct sr_error err;
	assert_true(match_pool_build(&in, &pool, &err));
	struct match_round_result r;
	if (!match_round_run(pool, NULL, &r, &err))
		fail_msg("round: %s", err.message);
	assert_int_equal(r.proposal_count, 1);
	assert_int_equal(c[r.proposals[0].candidate].id, 3);
	assert_int_equal(o[r.proposals[0].opening].id, 100);
	assert_int_equal(r.candidates_eligible, 1);
	match_round_result_free(&r);
	match_pool_free(pool);
}

static void pairs_per_candidate_can_be_capped(void **state)
{
	(void)state;
	struct match_weights w;
	match_weights_default(&w);
	struct match_candidate c = fix_candidate();
	struct match_opening o[5];
	for (int j = 0; j < 5; j++) {
		o[j] = fix_opening();
		o[j].id = 200 - j; /* ids descending, distances rising */
		o[j].lat_e6 += 20000 * j;
	}
	struct match_pool *pool = fix_pool(&c, 1, o, 5, &w);
	struct match_round_options opts = {.max_pairs_per_candidate = 2};
	struct match_round_problem p;
	struct sr_error err;
	assert_true(match_round_build(pool, &opts, &p, &err));
	assert_int_equal(p.pair_arcs, 2);
	/* The two nearest (best) openings, ids 200 and 199, in id order. */
	assert_int_equal(o[p.opening_of_node[0]].id, 199);
	assert_int_equal(o[p.opening_of_node[1]].id, 200);
	match_round_problem_free(&p);
	match_pool_free(pool);
}

static void the_problem_is_the_same_for_any_number_of_threads(void **state)
{
	(void)state;
	enum { NC = 500, NO = 80 };
	struct match_candidate *c = calloc(NC, sizeof *c);
	struct match_opening *o = calloc(NO, sizeof *o);
	uint64_t s = 17;
	for (int i = 0; i < NC; i++)
		fix_random_candidate(&s, 100 + i, &c[i]);
	for (int j = 0; j < NO; j++)
		fix_random_opening(&s, 9000 + j, &o[j]);
	struct match_weights w;
	match_weights_default(&w);
	struct match_pool *pool = fix_pool(c, NC, o, NO, &w);
	struct match_round_problem one, three;
	struct match_round_options opts = {.threads = 3};
	struct sr_error err;
	assert_true(match_round_build(pool, NULL, &one, &err));
	assert_true(match_round_build(pool, &opts, &three, &err));
	assert_true(one.pair_arcs > 100);
	assert_int_equal(one.mcf.node_count, three.mcf.node_count);
	assert_int_equal(one.mcf.arc_count, three.mcf.arc_count);
	size_t arcs = (size_t)one.mcf.arc_count;
	assert_memory_equal(one.from, three.from, arcs * sizeof *one.from);
	assert_memory_equal(one.to, three.to, arcs * sizeof *one.to);
	assert_memory_equal(one.cap, three.cap, arcs * sizeof *one.cap);
	assert_memory_equal(one.cost, three.cost, arcs * sizeof *one.cost);
	assert_memory_equal(one.supply, three.supply,
			    (size_t)one.mcf.node_count * sizeof *one.supply);
	assert_memory_equal(one.candidate_of_node, three.candidate_of_node,
			    one.candidate_nodes * sizeof(uint32_t));
	match_round_problem_free(&one);
	match_round_problem_free(&three);
	match_pool_free(pool);
	free(c);
	free(o);
}

/* A write between solving and storing may make proposals invalid: taking
 * them out leaves the rest and counts the round again over it. */
static void proposals_taken_out_are_counted_no_more(void **state)
{
	(void)state;
	struct match_candidate c[8];
	struct match_opening o[4];
	small_instance(7, c, 8, o, 4);
	struct match_weights w;
	match_weights_default(&w);
	struct match_pool *pool = fix_pool(c, 8, o, 4, &w);
	struct match_round_options opts = {.proposals_per_position = 2,
					   .proposals_per_candidate = 2};
	struct match_round_result r;
	struct sr_error err;
	if (!match_round_run(pool, &opts, &r, &err))
		fail_msg("round: %s", err.message);
	assert_true(r.proposal_count >= 4);
	struct match_round_result before = r;
	struct match_proposal kept[64];
	bool drop[64] = {false};
	size_t n = 0, removed = 99;
	/* Nothing to take out: nothing changes. */
	assert_true(match_round_result_remove(pool, &r, drop, &removed, &err));
	assert_int_equal(removed, 0);
	assert_int_equal(r.objective, before.objective);
	assert_memory_equal(&r.fairness, &before.fairness, sizeof r.fairness);
	/* Every other proposal out. */
	int64_t objective = 0;
	for (size_t i = 0; i < r.proposal_count; i++) {
		drop[i] = i % 2 == 1;
		if (!drop[i]) {
			kept[n++] = r.proposals[i];
			objective += r.proposals[i].score;
		}
	}
	size_t total = r.proposal_count;
	assert_true(match_round_result_remove(pool, &r, drop, &removed, &err));
	assert_int_equal(removed, total - n);
	assert_int_equal(r.proposal_count, n);
	assert_memory_equal(r.proposals, kept, n * sizeof *kept);
	assert_int_equal(r.objective, objective);
	/* Counts over the proposals kept; the pool's figures stay. */
	uint32_t candidates = 0, openings = 0;
	for (uint32_t ci = 0; ci < 8; ci++) {
		bool any = false;
		for (size_t k = 0; k < n; k++)
			any |= kept[k].candidate == ci;
		candidates += any;
	}
	for (uint32_t oi = 0; oi < 4; oi++) {
		bool any = false;
		for (size_t k = 0; k < n; k++)
			any |= kept[k].opening == oi;
		openings += any;
	}
	assert_int_equal(r.candidates_proposed, candidates);
	assert_int_equal(r.openings_proposed, openings);
	assert_int_equal(r.candidates_eligible, before.candidates_eligible);
	assert_int_equal(r.pair_count, before.pair_count);
	assert_int_equal(r.fairness.proposals, (int64_t)n);
	assert_int_equal(r.fairness.pool, before.fairness.pool);
	int64_t bands = 0;
	for (int32_t b = 0; b < r.fairness.band_count; b++)
		bands += r.fairness.bands[b].proposals;
	assert_int_equal(bands, (int64_t)n);
	match_round_result_free(&r);
	match_pool_free(pool);
}

static void an_empty_round_has_no_proposals(void **state)
{
	(void)state;
	struct match_weights w;
	match_weights_default(&w);
	struct match_candidate c = fix_candidate();
	c.hired = true;
	struct match_opening o = fix_opening();
	struct match_pool *pool = fix_pool(&c, 1, &o, 1, &w);
	struct match_round_result r;
	struct sr_error err;
	assert_true(match_round_run(pool, NULL, &r, &err));
	assert_int_equal(r.proposal_count, 0);
	assert_int_equal(r.pair_count, 0);
	assert_int_equal(r.fairness.pool, 0);
	match_round_result_free(&r);
	match_pool_free(pool);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(the_flow_problem_has_the_documented_shape),
	    cmocka_unit_test(one_position_goes_to_the_better_candidate),
	    cmocka_unit_test(rounds_are_optimal_against_brute_force),
	    cmocka_unit_test(rounds_do_not_depend_on_input_order),
	    cmocka_unit_test(raising_a_districts_weight_raises_its_share),
	    cmocka_unit_test(earlier_pairs_and_open_proposals_are_respected),
	    cmocka_unit_test(pairs_per_candidate_can_be_capped),
	    cmocka_unit_test(the_problem_is_the_same_for_any_number_of_threads),
	    cmocka_unit_test(an_empty_round_has_no_proposals),
	    cmocka_unit_test(proposals_taken_out_are_counted_no_more),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
