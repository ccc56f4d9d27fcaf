/* test_shortlist.c: top-k shortlists both ways: the index finds exactly
 * what scanning everything finds, in a stable order, with the same
 * explanations, whatever the order of the input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "match_fixtures.h"

#define NC 3000
#define NO 300

static int hit_order(const void *a, const void *b)
{
	const struct match_hit *x = a, *y = b;
	if (match_hit_before(x, y))
		return -1;
	return match_hit_before(y, x) ? 1 : 0;
}

/* The best k candidates for o by explaining every candidate. */
static size_t scan_candidates(const struct match_pool *pool,
			      const struct match_opening *o,
			      struct match_hit *out, size_t k)
{
	uint32_t n;
	const struct match_candidate *cs = match_pool_candidates(pool, &n);
	struct match_hit *all = calloc(n + 1, sizeof *all);
	size_t count = 0;
	for (uint32_t i = 0; i < n; i++) {
		struct match_explanation e;
		match_pool_explain(pool, &cs[i], o, &e);
		if (e.failed)
			continue;
		all[count++] = (struct match_hit){i, cs[i].id, e.distance_m,
						  e.occupation_fit, e.score};
	}
	qsort(all, count, sizeof *all, hit_order);
	if (count > k)
		count = k;
	memcpy(out, all, count * sizeof *out);
	free(all);
	return count;
}

static size_t scan_openings(const struct match_pool *pool,
			    const struct match_candidate *c,
			    struct match_hit *out, size_t k)
{
	uint32_t n;
	const struct match_opening *os = match_pool_openings(pool, &n);
	struct match_hit *all = calloc(n + 1, sizeof *all);
	size_t count = 0;
	for (uint32_t i = 0; i < n; i++) {
		struct match_explanation e;
		match_pool_explain(pool, c, &os[i], &e);
		if (e.failed)
			continue;
		all[count++] = (struct match_hit){i, os[i].id, e.distance_m,
						  e.occupation_fit, e.score};
	}
	qsort(all, count, sizeof *all, hit_order);
	if (count > k)
		count = k;
	memcpy(out, all, count * sizeof *out);
	free(all);
	return count;
}

static void assert_same_hits(const struct match_hit *a, size_t na,
			     const struct match_hit *b, size_t nb,
			     bool same_index)
{
	assert_int_equal(na, nb);
	for (size_t i = 0; i < na; i++) {
		assert_int_equal(a[i].id, b[i].id);
		if (same_index)
			assert_int_equal(a[i].index, b[i].index);
		assert_int_equal(a[i].distance_m, b[i].distance_m);
		assert_int_equal(a[i].occupation_fit, b[i].occupation_fit);
		assert_int_equal(a[i].score.total, b[i].score.total);
		assert_memory_equal(a[i].score.part, b[i].score.part,
				    sizeof a[i].score.part);
	}
}

struct instance {
	struct match_candidate c[NC];
	struct match_opening o[NO];
	struct match_pair_id proposed[50];
	struct match_weights w;
};

static struct instance *make_instance(uint64_t seed, enum match_fit level)
{
	struct instance *in = calloc(1, sizeof *in);
	uint64_t s = seed;
	for (int i = 0; i < NC; i++)
		fix_random_candidate(&s, 1000 + 7 * i, &in->c[i]);
	for (int i = 0; i < NO; i++)
		fix_random_opening(&s, 50000 + 3 * i, &in->o[i]);
	for (int i = 0; i < 50; i++)
		in->proposed[i] = (struct match_pair_id){
		    in->c[fix_below(&s, NC)].id, in->o[fix_below(&s, NO)].id};
	match_weights_default(&in->w);
	in->w.min_occupation_fit = level;
	in->w.target_group[2] = 120;
	in->w.district[30] = 80;
	return in;
}

static struct match_pool *pool_of(struct instance *in, size_t proposed)
{
	struct match_pool_input pin = {
	    in->c, NC, in->o, NO, in->proposed, proposed, &in->w, FIX_AS_OF};
	struct match_pool *pool;
	struct sr_error err;
	assert_true(match_pool_build(&pin, &pool, &err));
	return pool;
}

static void index_finds_what_a_full_scan_finds(enum match_fit level)
{
	struct instance *in = make_instance(42 + level, level);
	struct match_pool *pool = pool_of(in, 50);
	struct match_hit got[25], want[25];
	size_t nonempty = 0;
	for (int j = 0; j < NO; j++) {
		size_t n = match_shortlist_candidates(pool, &in->o[j], got, 25);
		size_t m = scan_candidates(pool, &in->o[j], want, 25);
		assert_same_hits(got, n, want, m, true);
		nonempty += n > 0;
	}
	for (int i = 0; i < NC; i += 7) {
		size_t n = match_shortlist_openings(pool, &in->c[i], got, 10);
		size_t m = scan_openings(pool, &in->c[i], want, 10);
		assert_same_hits(got, n, want, m, true);
	}
	/* The instance must exercise something. */
	assert_true(nonempty > NO / 2);
	match_pool_free(pool);
	free(in);
}

static void index_matches_scan_at_sub_major_level(void **state)
{
	(void)state;
	index_finds_what_a_full_scan_finds(MATCH_FIT_SUB_MAJOR);
}

static void index_matches_scan_at_every_level(void **state)
{
	(void)state;
	index_finds_what_a_full_scan_finds(MATCH_FIT_NONE);
	index_finds_what_a_full_scan_finds(MATCH_FIT_MINOR);
	index_finds_what_a_full_scan_finds(MATCH_FIT_UNIT);
	index_finds_what_a_full_scan_finds(MATCH_FIT_OCCUPATION);
}

static void
shortlist_is_stable_for_a_seed_whatever_the_input_order(void **state)
{
	(void)state;
	struct instance *a = make_instance(7, MATCH_FIT_SUB_MAJOR);
	struct instance *b = make_instance(7, MATCH_FIT_SUB_MAJOR);
	uint64_t s = 99;
	fix_shuffle(&s, b->c, NC, sizeof b->c[0]);
	fix_shuffle(&s, b->o, NO, sizeof b->o[0]);
	struct match_pool *pa = pool_of(a, 50), *pb = pool_of(b, 50);
	struct match_hit ha[40], hb[40];
	for (int j = 0; j < NO; j += 3) {
		uint32_t jb;
		assert_true(match_pool_find_opening(pb, a->o[j].id, &jb));
		size_t na = match_shortlist_candidates(pa, &a->o[j], ha, 40);
		size_t nb = match_shortlist_candidates(pb, &b->o[jb], hb, 40);
		assert_same_hits(ha, na, hb, nb, false);
		for (size_t i = 1; i < na; i++)
			assert_true(match_hit_before(&ha[i - 1], &ha[i]));
	}
	match_pool_free(pa);
	match_pool_free(pb);
	free(a);
	free(b);
}

static void ties_are_broken_by_id(void **state)
{
	(void)state;
	struct match_weights w;
	match_weights_default(&w);
	struct match_candidate c[4];
	int64_t ids[4] = {40, 10, 30, 20};
	for (int i = 0; i < 4; i++) {
		c[i] = fix_candidate();
		c[i].id = ids[i];
	}
	c[3].education = 0; /* id 20 scores lower: 50 education points */
	struct match_opening o = fix_opening();
	o.min_education = 1;
	struct match_pool *pool = fix_pool(c, 4, &o, 1, &w);
	assert_non_null(pool);
	struct match_hit h[3];
	assert_int_equal(match_shortlist_candidates(pool, &o, h, 3), 3);
	assert_int_equal(h[0].id, 10);
	assert_int_equal(h[1].id, 30);
	assert_int_equal(h[2].id, 40);
	assert_int_equal(h[0].score.total, h[2].score.total);
	assert_int_equal(h[0].index, 1);
	struct match_hit all[8];
	assert_int_equal(match_shortlist_candidates(pool, &o, all, 8), 4);
	assert_int_equal(all[3].id, 20);
	assert_int_equal(all[3].score.total, all[0].score.total - 50);
	assert_int_equal(match_shortlist_candidates(pool, &o, all, 0), 0);
	match_pool_free(pool);
}

static void shortlists_leave_out_infeasible_and_proposed_pairs(void **state)
{
	(void)state;
	struct match_weights w;
	match_weights_default(&w);
	struct match_candidate c[3] = {fix_candidate(), fix_candidate(),
				       fix_candidate()};
	c[1].id = 2;
	c[1].hired = true;
	c[2].id = 3;
	struct match_opening o = fix_opening();
	struct match_pair_id before = {3, o.id};
	struct match_pool_input in = {c, 3, &o, 1, &before, 1, &w, FIX_AS_OF};
	struct match_pool *pool;
	struct sr_error err;
	assert_true(match_pool_build(&in, &pool, &err));
	struct match_hit h[5];
	assert_int_equal(match_shortlist_candidates(pool, &o, h, 5), 1);
	assert_int_equal(h[0].id, 1);
	assert_int_equal(match_shortlist_openings(pool, &c[0], h, 5), 1);
	assert_int_equal(match_shortlist_openings(pool, &c[1], h, 5), 0);
	assert_int_equal(match_shortlist_openings(pool, &c[2], h, 5), 0);
	match_pool_free(pool);
}

static void pools_refuse_bad_input_naming_the_field(void **state)
{
	(void)state;
	struct match_weights w;
	match_weights_default(&w);
	struct match_candidate c[2] = {fix_candidate(), fix_candidate()};
	struct match_opening o = fix_opening();
	struct match_pool_input in = {c, 2, &o, 1, NULL, 0, &w, FIX_AS_OF};
	struct match_pool *pool = NULL;
	struct sr_error err;
	assert_false(match_pool_build(&in, &pool, &err)); /* same id twice */
	assert_string_equal(err.code, "invalid_candidate");
	assert_string_equal(err.field, "candidates[1].id");
	assert_null(pool);
	c[1].id = 2;
	snprintf(c[1].occupations[0], MATCH_ESCO_LEN, "bricklayer");
	assert_false(match_pool_build(&in, &pool, &err));
	assert_string_equal(err.field, "candidates[1].occupations[0]");
	c[1] = fix_candidate();
	c[1].id = 2;
	c[1].pc4 = 123;
	assert_false(match_pool_build(&in, &pool, &err));
	assert_string_equal(err.field, "candidates[1].pc4");
	c[1].pc4 = 2542;
	o.positions = -1;
	assert_false(match_pool_build(&in, &pool, &err));
	assert_string_equal(err.field, "openings[0].positions");
	assert_string_equal(err.code, "invalid_opening");
	o.positions = 1;
	assert_true(match_pool_build(&in, &pool, &err));
	uint32_t at;
	assert_true(match_pool_find_candidate(pool, 2, &at));
	assert_int_equal(at, 1);
	assert_false(match_pool_find_candidate(pool, 3, &at));
	assert_true(match_pool_find_opening(pool, o.id, &at));
	match_pool_free(pool);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(index_matches_scan_at_sub_major_level),
	    cmocka_unit_test(index_matches_scan_at_every_level),
	    cmocka_unit_test(
		shortlist_is_stable_for_a_seed_whatever_the_input_order),
	    cmocka_unit_test(ties_are_broken_by_id),
	    cmocka_unit_test(
		shortlists_leave_out_infeasible_and_proposed_pairs),
	    cmocka_unit_test(pools_refuse_bad_input_naming_the_field),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
