/* test_fairness.c: the fairness report: counts and shares by target group,
 * benefit band and district against the eligible pool. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "match_fixtures.h"

static const struct match_fairness_row *
row(const struct match_fairness_row *rows, int32_t count, int32_t key)
{
	for (int32_t i = 0; i < count; i++)
		if (rows[i].key == key)
			return &rows[i];
	return NULL;
}

/* Five candidates; four eligible (index 4 is not), three proposals. */
static void report(struct match_fairness *f)
{
	struct match_weights w;
	match_weights_default(&w); /* bands from 12, 24, 60 months */
	struct match_candidate c[5];
	for (int i = 0; i < 5; i++)
		c[i] = fix_candidate();
	c[0].target_groups = 1u << 0;
	c[0].pc4 = 3071;
	c[0].on_benefit_since = date_from_ymd(2018, 1, 1); /* 60+ */
	c[1].target_groups = 1u << 0 | 1u << 3;
	c[1].pc4 = 3072;
	c[1].on_benefit_since = MATCH_NO_DATE;
	c[2].target_groups = 1u << 1;
	c[2].pc4 = 2542;
	c[2].on_benefit_since = date_from_ymd(2024, 6, 1); /* under 12 */
	c[3].target_groups = 1u << 1;
	c[3].pc4 = 2543;
	c[3].on_benefit_since = date_from_ymd(2022, 1, 1); /* 24-60 */
	c[4].target_groups = 1u << 7; /* not eligible: not counted */
	c[4].pc4 = 9999;
	uint32_t eligible[4] = {0, 1, 2, 3};
	uint32_t proposals[4] = {2, 0, 1, 0};
	match_fairness_compute(&w, FIX_AS_OF, c, eligible, proposals, 4, f);
}

static void totals_count_the_eligible_pool_and_its_proposals(void **state)
{
	(void)state;
	struct match_fairness f;
	report(&f);
	assert_int_equal(f.pool, 4);
	assert_int_equal(f.proposals, 3);
}

static void target_groups_count_a_candidate_in_each_group(void **state)
{
	(void)state;
	struct match_fairness f;
	report(&f);
	assert_int_equal(f.group_count, 3); /* 0, 1, 3: bit 7 not eligible */
	const struct match_fairness_row *g0 = row(f.groups, f.group_count, 0);
	assert_non_null(g0);
	assert_int_equal(g0->pool, 2);
	assert_int_equal(g0->pool_share_bp, 5000);
	assert_int_equal(g0->proposals, 2);
	assert_int_equal(g0->proposal_share_bp, 6667); /* 2/3 rounded */
	const struct match_fairness_row *g3 = row(f.groups, f.group_count, 3);
	assert_int_equal(g3->pool, 1);
	assert_int_equal(g3->proposals, 0);
	assert_int_equal(g3->proposal_share_bp, 0);
	assert_null(row(f.groups, f.group_count, 7));
	/* Rows come in key order. */
	assert_int_equal(f.groups[0].key, 0);
	assert_int_equal(f.groups[1].key, 1);
	assert_int_equal(f.groups[2].key, 3);
}

static void bands_partition_the_pool_by_time_on_benefit(void **state)
{
	(void)state;
	struct match_fairness f;
	report(&f);
	int64_t pool = 0;
	for (int32_t i = 0; i < f.band_count; i++)
		pool += f.bands[i].pool;
	assert_int_equal(pool, f.pool);
	assert_int_equal(f.band_count, 4); /* none, under 12, 24-60, 60+ */
	assert_int_equal(row(f.bands, f.band_count, -1)->pool, 1);
	assert_int_equal(row(f.bands, f.band_count, 0)->proposals, 1);
	assert_null(row(f.bands, f.band_count, 1)); /* 12-24: nobody */
	assert_int_equal(row(f.bands, f.band_count, 2)->pool_share_bp, 2500);
	assert_int_equal(row(f.bands, f.band_count, 3)->proposal_share_bp,
			 6667);
}

static void districts_are_the_first_two_postcode_digits(void **state)
{
	(void)state;
	struct match_fairness f;
	report(&f);
	assert_int_equal(f.district_count, 2);
	const struct match_fairness_row *d30 =
	    row(f.districts, f.district_count, 30);
	const struct match_fairness_row *d25 =
	    row(f.districts, f.district_count, 25);
	assert_int_equal(d30->pool, 2);
	assert_int_equal(d30->proposals, 2);
	assert_int_equal(d25->pool, 2);
	assert_int_equal(d25->proposals, 1);
	assert_int_equal(d25->proposal_share_bp, 3333);
	assert_null(row(f.districts, f.district_count, 99));
}

static void an_empty_round_reports_zero_shares(void **state)
{
	(void)state;
	struct match_weights w;
	match_weights_default(&w);
	struct match_candidate c = fix_candidate();
	uint32_t eligible[1] = {0}, proposals[1] = {0};
	struct match_fairness f;
	match_fairness_compute(&w, FIX_AS_OF, &c, eligible, proposals, 0, &f);
	assert_int_equal(f.pool, 0);
	assert_int_equal(f.group_count, 0);
	assert_int_equal(f.district_count, 0);
	match_fairness_compute(&w, FIX_AS_OF, &c, eligible, proposals, 1, &f);
	assert_int_equal(f.district_count, 1);
	assert_int_equal(f.districts[0].pool_share_bp, 10000);
	assert_int_equal(f.districts[0].proposal_share_bp, 0); /* 0 of 0 */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(totals_count_the_eligible_pool_and_its_proposals),
	    cmocka_unit_test(target_groups_count_a_candidate_in_each_group),
	    cmocka_unit_test(bands_partition_the_pool_by_time_on_benefit),
	    cmocka_unit_test(districts_are_the_first_two_postcode_digits),
	    cmocka_unit_test(an_empty_round_reports_zero_shares),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
