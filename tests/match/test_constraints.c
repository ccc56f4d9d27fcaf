/* test_constraints.c: each hard constraint of a pair, its boundary, and the
 * occupation codes and distances the constraints rest on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "match_fixtures.h"

static struct match_weights weights(void)
{
	struct match_weights w;
	match_weights_default(&w);
	return w;
}

/* The rules the pair breaks, by the full explanation path. */
static uint32_t failed(const struct match_candidate *c,
		       const struct match_opening *o)
{
	struct match_weights w = weights();
	struct match_explanation e;
	match_explain(&w, FIX_AS_OF, c, o, &e);
	return e.failed;
}

/* Moves the opening due north by about metres. */
static void move_north(struct match_opening *o, int32_t metres)
{
	o->lat_e6 += (int32_t)((double)metres / 111195.08 * 1e6);
}

static void the_fixture_pair_is_feasible(void **state)
{
	(void)state;
	struct match_candidate c = fix_candidate();
	struct match_opening o = fix_opening();
	assert_int_equal(failed(&c, &o), 0);
}

static void a_hired_candidate_is_never_matched(void **state)
{
	(void)state;
	struct match_candidate c = fix_candidate();
	struct match_opening o = fix_opening();
	c.hired = true;
	assert_int_equal(failed(&c, &o), MATCH_RULE_HIRED);
}

static void the_target_group_must_be_one_the_contract_counts(void **state)
{
	(void)state;
	struct match_candidate c = fix_candidate();
	struct match_opening o = fix_opening();
	c.target_groups = 1u << 5;
	assert_int_equal(failed(&c, &o), MATCH_RULE_TARGET_GROUP);
	c.target_groups = 1u << 5 | 1u << 1; /* one of them counts */
	assert_int_equal(failed(&c, &o), 0);
	o.allowed_groups = 0; /* a contract that counts nobody */
	assert_int_equal(failed(&c, &o), MATCH_RULE_TARGET_GROUP);
}

static void distance_must_be_within_the_candidates_maximum(void **state)
{
	(void)state;
	struct match_candidate c = fix_candidate(); /* 20 km */
	struct match_opening o = fix_opening();	    /* 30 km */
	struct match_weights w = weights();
	enum match_fit fit = match_fit_candidate(&c, &o);
	/* Exactly at the limit passes, one metre beyond fails. */
	assert_int_equal(match_check(&w, &c, &o, 20000, fit), 0);
	assert_int_equal(match_check(&w, &c, &o, 20001, fit),
			 MATCH_RULE_CANDIDATE_DISTANCE);
	move_north(&o, 22000);
	assert_int_equal(failed(&c, &o), MATCH_RULE_CANDIDATE_DISTANCE);
}

static void distance_must_be_within_the_openings_maximum(void **state)
{
	(void)state;
	struct match_candidate c = fix_candidate();
	struct match_opening o = fix_opening();
	c.max_travel_km = 50;
	o.max_travel_km = 10;
	move_north(&o, 12000);
	assert_int_equal(failed(&c, &o), MATCH_RULE_OPENING_DISTANCE);
	c.max_travel_km = 5; /* both too short: both rules named */
	assert_int_equal(failed(&c, &o), MATCH_RULE_OPENING_DISTANCE |
					     MATCH_RULE_CANDIDATE_DISTANCE);
}

static void no_stated_maximum_means_the_policy_default(void **state)
{
	(void)state;
	struct match_candidate c = fix_candidate();
	struct match_opening o = fix_opening();
	struct match_weights w = weights(); /* default 25 km */
	c.max_travel_km = 0;
	o.max_travel_km = 0;
	assert_int_equal(match_travel_limit_m(&w, 0), 25000);
	enum match_fit fit = match_fit_candidate(&c, &o);
	assert_int_equal(match_check(&w, &c, &o, 25000, fit), 0);
	assert_int_equal(match_check(&w, &c, &o, 25001, fit),
			 MATCH_RULE_CANDIDATE_DISTANCE |
			     MATCH_RULE_OPENING_DISTANCE);
}

static void the_candidate_must_be_available_by_the_start(void **state)
{
	(void)state;
	struct match_candidate c = fix_candidate();
	struct match_opening o = fix_opening();
	c.available_from = o.start; /* on the start day itself: fine */
	assert_int_equal(failed(&c, &o), 0);
	c.available_from = o.start + 1;
	assert_int_equal(failed(&c, &o), MATCH_RULE_AVAILABLE);
}

static void hours_may_exceed_availability_by_the_tolerance(void **state)
{
	(void)state;
	struct match_candidate c = fix_candidate();
	struct match_opening o = fix_opening();
	c.hours = 2400; /* tolerance 4 h by default */
	o.hours = 2800;
	assert_int_equal(failed(&c, &o), 0);
	o.hours = 2801;
	assert_int_equal(failed(&c, &o), MATCH_RULE_HOURS);
	o.hours = 1200; /* fewer hours than available is no breach */
	assert_int_equal(failed(&c, &o), 0);
}

static void a_required_licence_must_be_held(void **state)
{
	(void)state;
	struct match_candidate c = fix_candidate();
	struct match_opening o = fix_opening();
	o.requires_licence = true;
	assert_int_equal(failed(&c, &o), MATCH_RULE_LICENCE);
	c.driving_licence = true;
	assert_int_equal(failed(&c, &o), 0);
}

static void occupation_must_reach_the_policys_minimum_fit(void **state)
{
	(void)state;
	struct match_candidate c = fix_candidate(); /* wants 7112.1 */
	struct match_opening o = fix_opening();
	struct match_weights w = weights(); /* sub-major group */
	snprintf(o.esco, MATCH_ESCO_LEN, "7411.1");
	/* 7112 and 7411 share only "7": below the sub-major group. */
	assert_int_equal(failed(&c, &o), MATCH_RULE_OCCUPATION);
	snprintf(o.esco, MATCH_ESCO_LEN, "7126.1"); /* sub-major 71 */
	assert_int_equal(failed(&c, &o), 0);
	w.min_occupation_fit = MATCH_FIT_UNIT;
	enum match_fit fit = match_fit_candidate(&c, &o);
	assert_int_equal(match_check(&w, &c, &o, 0, fit),
			 MATCH_RULE_OCCUPATION);
	w.min_occupation_fit = MATCH_FIT_NONE;
	snprintf(o.esco, MATCH_ESCO_LEN, "2221.1");
	fit = match_fit_candidate(&c, &o);
	assert_int_equal(match_check(&w, &c, &o, 0, fit), 0);
}

static void a_candidate_without_wishes_is_open_to_any_occupation(void **state)
{
	(void)state;
	struct match_candidate c = fix_candidate();
	struct match_opening o = fix_opening();
	c.occupation_count = 0;
	snprintf(o.esco, MATCH_ESCO_LEN, "2221.1");
	assert_int_equal(failed(&c, &o), 0);
}

static void every_rule_has_a_distinct_name_and_message(void **state)
{
	(void)state;
	for (int i = 0; i < MATCH_RULE_COUNT; i++) {
		const char *name = match_rule_name(1u << i);
		assert_string_not_equal(name, "unknown");
		assert_string_not_equal(match_rule_message(1u << i), "unknown");
		for (int j = 0; j < i; j++)
			assert_string_not_equal(name, match_rule_name(1u << j));
	}
	assert_string_equal(match_rule_name(MATCH_RULE_HOURS), "hours");
	assert_string_equal(match_rule_name(MATCH_RULE_TARGET_GROUP),
			    "target_group");
	assert_string_equal(match_rule_name(3), "unknown"); /* two bits */
}

static void a_pool_names_pairs_proposed_before(void **state)
{
	(void)state;
	struct match_candidate c = fix_candidate();
	struct match_opening o = fix_opening();
	struct match_weights w = weights();
	struct match_pair_id before = {c.id, o.id};
	struct match_pool_input in = {&c, 1, &o, 1, &before, 1, &w, FIX_AS_OF};
	struct match_pool *pool;
	struct sr_error err;
	assert_true(match_pool_build(&in, &pool, &err));
	struct match_explanation e;
	match_pool_explain(pool, &c, &o, &e);
	assert_int_equal(e.failed, MATCH_RULE_ALREADY_PROPOSED);
	assert_true(match_pool_already_proposed(pool, c.id, o.id));
	assert_false(match_pool_already_proposed(pool, o.id, c.id));
	match_pool_free(pool);
}

static void esco_codes_are_validated(void **state)
{
	(void)state;
	assert_true(match_esco_valid("7112.1"));
	assert_true(match_esco_valid("2166.1.2"));
	assert_true(match_esco_valid("0110"));
	assert_false(match_esco_valid("711"));
	assert_false(match_esco_valid("7112."));
	assert_false(match_esco_valid("7112..1"));
	assert_false(match_esco_valid("71a2.1"));
	assert_false(match_esco_valid("7112.1.2.3.4.5.6"));
	assert_false(match_esco_valid(NULL));
}

static void occupation_fit_follows_the_isco_hierarchy(void **state)
{
	(void)state;
	assert_int_equal(match_fit_codes("7112.1", "7112.1"),
			 MATCH_FIT_OCCUPATION);
	assert_int_equal(match_fit_codes("7112.1", "7112.2"), MATCH_FIT_UNIT);
	assert_int_equal(match_fit_codes("7112", "7112.2"), MATCH_FIT_UNIT);
	assert_int_equal(match_fit_codes("7115.1", "7112.1"), MATCH_FIT_MINOR);
	assert_int_equal(match_fit_codes("7126.1", "7112.1"),
			 MATCH_FIT_SUB_MAJOR);
	assert_int_equal(match_fit_codes("7411.1", "7112.1"), MATCH_FIT_NONE);
	assert_int_equal(match_occupation_key("7112.1", MATCH_FIT_SUB_MAJOR),
			 72);
	assert_int_equal(match_occupation_key("0110.1", MATCH_FIT_MINOR), 12);
	assert_int_equal(match_occupation_key("7112.1", MATCH_FIT_NONE), 0);
	enum match_fit f;
	assert_true(match_fit_parse("minor_group", &f));
	assert_int_equal(f, MATCH_FIT_MINOR);
	assert_false(match_fit_parse("minor", &f));
}

static void distances_are_great_circle_metres(void **state)
{
	(void)state;
	/* One degree of latitude on the mean sphere: 111,195 m. */
	assert_int_equal(geo_distance_e6(52000000, 4000000, 53000000, 4000000),
			 111195);
	assert_int_equal(geo_distance_e6(52000000, 4000000, 52000000, 4000000),
			 0);
	/* Amsterdam 1011 to Rotterdam 3011: about 57 km. */
	int32_t d = geo_distance_e6(52371950, 4905530, 51918700, 4487560);
	assert_in_range(d, 56500, 58000);
	assert_int_equal(d,
			 geo_distance_e6(51918700, 4487560, 52371950, 4905530));
	assert_int_equal(geo_e6_from_degrees(52.37195), 52371950);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(the_fixture_pair_is_feasible),
	    cmocka_unit_test(a_hired_candidate_is_never_matched),
	    cmocka_unit_test(the_target_group_must_be_one_the_contract_counts),
	    cmocka_unit_test(distance_must_be_within_the_candidates_maximum),
	    cmocka_unit_test(distance_must_be_within_the_openings_maximum),
	    cmocka_unit_test(no_stated_maximum_means_the_policy_default),
	    cmocka_unit_test(the_candidate_must_be_available_by_the_start),
	    cmocka_unit_test(hours_may_exceed_availability_by_the_tolerance),
	    cmocka_unit_test(a_required_licence_must_be_held),
	    cmocka_unit_test(occupation_must_reach_the_policys_minimum_fit),
	    cmocka_unit_test(
		a_candidate_without_wishes_is_open_to_any_occupation),
	    cmocka_unit_test(every_rule_has_a_distinct_name_and_message),
	    cmocka_unit_test(a_pool_names_pairs_proposed_before),
	    cmocka_unit_test(esco_codes_are_validated),
	    cmocka_unit_test(occupation_fit_follows_the_isco_hierarchy),
	    cmocka_unit_test(distances_are_great_circle_metres),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
