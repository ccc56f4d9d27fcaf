/* test_score.c: every score component with hand-made cases, and that the
 * total is their sum. Weights are the documented defaults unless a test
 * sets its own. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "match_fixtures.h"

static struct match_score score_at(const struct match_weights *w,
				   const struct match_candidate *c,
				   const struct match_opening *o,
				   int32_t distance_m)
{
	struct match_priority pr;
	struct match_score s;
	match_priority(w, FIX_AS_OF, c, &pr);
	match_score_pair(w, &pr, c, o, distance_m, match_fit_candidate(c, o),
			 &s);
	return s;
}

static struct match_weights defaults(void)
{
	struct match_weights w;
	match_weights_default(&w);
	return w;
}

static void occupation_points_follow_the_fit_level(void **state)
{
	(void)state;
	struct match_weights w = defaults();
	struct match_candidate c = fix_candidate(); /* wants 7112.1 */
	struct match_opening o = fix_opening();
	const struct {
		const char *esco;
		int32_t points;
	} cases[] = {
	    {"7112.1", 400}, /* same occupation */
	    {"7112.2", 300}, /* same unit group */
	    {"7115.1", 200}, /* same minor group */
	    {"7126.1", 100}, /* same sub-major group */
	    {"7411.1", 0},   /* none */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(o.esco, MATCH_ESCO_LEN, "%s", cases[i].esco);
		assert_int_equal(
		    score_at(&w, &c, &o, 0).part[MATCH_SCORE_OCCUPATION],
		    cases[i].points);
	}
}

static void the_best_of_several_wanted_occupations_counts(void **state)
{
	(void)state;
	struct match_weights w = defaults();
	struct match_candidate c = fix_candidate();
	struct match_opening o = fix_opening();
	c.occupation_count = 3;
	snprintf(c.occupations[0], MATCH_ESCO_LEN, "9313.1");
	snprintf(c.occupations[1], MATCH_ESCO_LEN, "7115.3"); /* minor */
	snprintf(c.occupations[2], MATCH_ESCO_LEN, "7126.1"); /* sub-major */
	assert_int_equal(score_at(&w, &c, &o, 0).part[MATCH_SCORE_OCCUPATION],
			 200);
}

static void distance_points_decay_linearly_to_zero(void **state)
{
	(void)state;
	struct match_weights w = defaults(); /* 200 points, zero at 50 km */
	struct match_candidate c = fix_candidate();
	struct match_opening o = fix_opening();
	assert_int_equal(score_at(&w, &c, &o, 0).part[MATCH_SCORE_DISTANCE],
			 200);
	assert_int_equal(score_at(&w, &c, &o, 25000).part[MATCH_SCORE_DISTANCE],
			 100);
	assert_int_equal(score_at(&w, &c, &o, 12500).part[MATCH_SCORE_DISTANCE],
			 150);
	/* Integer division rounds down: 200 x 49,999 / 50,000. */
	assert_int_equal(score_at(&w, &c, &o, 1).part[MATCH_SCORE_DISTANCE],
			 199);
	assert_int_equal(score_at(&w, &c, &o, 50000).part[MATCH_SCORE_DISTANCE],
			 0);
	assert_int_equal(score_at(&w, &c, &o, 90000).part[MATCH_SCORE_DISTANCE],
			 0);
}

static void hours_points_fall_with_the_difference_either_way(void **state)
{
	(void)state;
	struct match_weights w = defaults(); /* 100 points, zero at 16 h */
	struct match_candidate c = fix_candidate(); /* 32 h */
	struct match_opening o = fix_opening();
	o.hours = 3200;
	assert_int_equal(score_at(&w, &c, &o, 0).part[MATCH_SCORE_HOURS], 100);
	o.hours = 2400; /* 8 h fewer */
	assert_int_equal(score_at(&w, &c, &o, 0).part[MATCH_SCORE_HOURS], 50);
	o.hours = 3600; /* 4 h more (within the tolerance) */
	assert_int_equal(score_at(&w, &c, &o, 0).part[MATCH_SCORE_HOURS], 75);
	o.hours = 1600; /* 16 h fewer */
	assert_int_equal(score_at(&w, &c, &o, 0).part[MATCH_SCORE_HOURS], 0);
}

static void education_points_drop_per_level_short(void **state)
{
	(void)state;
	struct match_weights w = defaults();	    /* 100, less 50 a level */
	struct match_candidate c = fix_candidate(); /* mbo 2 */
	struct match_opening o = fix_opening();
	o.min_education = MATCH_NO_EDUCATION;
	assert_int_equal(score_at(&w, &c, &o, 0).part[MATCH_SCORE_EDUCATION],
			 100);
	o.min_education = 2;
	assert_int_equal(score_at(&w, &c, &o, 0).part[MATCH_SCORE_EDUCATION],
			 100);
	o.min_education = 1; /* over-qualified is no penalty */
	assert_int_equal(score_at(&w, &c, &o, 0).part[MATCH_SCORE_EDUCATION],
			 100);
	o.min_education = 3;
	assert_int_equal(score_at(&w, &c, &o, 0).part[MATCH_SCORE_EDUCATION],
			 50);
	o.min_education = 5; /* three short: never below zero */
	assert_int_equal(score_at(&w, &c, &o, 0).part[MATCH_SCORE_EDUCATION],
			 0);
}

static void time_on_benefit_points_come_from_its_band(void **state)
{
	(void)state;
	struct match_weights w = defaults(); /* 12:50, 24:100, 60:150 */
	struct match_candidate c = fix_candidate();
	struct match_opening o = fix_opening();
	const struct {
		sr_date since;
		int32_t points;
		int band;
	} cases[] = {
	    {MATCH_NO_DATE, 0, -1},
	    {date_from_ymd(2024, 2, 1), 0, 0},	  /* 11 months */
	    {date_from_ymd(2024, 1, 1), 50, 1},	  /* 12 months exactly */
	    {date_from_ymd(2024, 1, 2), 0, 0},	  /* a day short of 12 */
	    {date_from_ymd(2022, 7, 1), 100, 2},  /* 30 months */
	    {date_from_ymd(2019, 12, 1), 150, 3}, /* 61 months */
	    {date_from_ymd(2026, 1, 1), 0, 0},	  /* starts later */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		c.on_benefit_since = cases[i].since;
		assert_int_equal(
		    score_at(&w, &c, &o, 0).part[MATCH_SCORE_TIME_ON_BENEFIT],
		    cases[i].points);
		assert_int_equal(
		    match_benefit_band(&w, cases[i].since, FIX_AS_OF),
		    cases[i].band);
	}
	char label[32];
	match_benefit_band_label(&w, -1, label, sizeof label);
	assert_string_equal(label, "none");
	match_benefit_band_label(&w, 0, label, sizeof label);
	assert_string_equal(label, "under 12 months");
	match_benefit_band_label(&w, 2, label, sizeof label);
	assert_string_equal(label, "24-60 months");
	match_benefit_band_label(&w, 3, label, sizeof label);
	assert_string_equal(label, "60+ months");
}

static void months_between_counts_whole_months(void **state)
{
	(void)state;
	assert_int_equal(match_months_between(date_from_ymd(2024, 1, 31),
					      date_from_ymd(2024, 2, 29)),
			 0);
	assert_int_equal(match_months_between(date_from_ymd(2024, 1, 31),
					      date_from_ymd(2024, 3, 31)),
			 2);
	assert_int_equal(match_months_between(date_from_ymd(2020, 5, 15),
					      date_from_ymd(2025, 5, 14)),
			 59);
	assert_int_equal(match_months_between(date_from_ymd(2025, 5, 15),
					      date_from_ymd(2020, 5, 14)),
			 0);
}

static void target_group_points_take_the_highest_group(void **state)
{
	(void)state;
	struct match_weights w = defaults();
	struct match_candidate c = fix_candidate();
	struct match_opening o = fix_opening();
	assert_int_equal(score_at(&w, &c, &o, 0).part[MATCH_SCORE_TARGET_GROUP],
			 0); /* no target-group weights by default */
	w.target_group[0] = 80;
	w.target_group[1] = 150;
	w.target_group[4] = 20;
	c.target_groups = 1u << 0;
	assert_int_equal(score_at(&w, &c, &o, 0).part[MATCH_SCORE_TARGET_GROUP],
			 80);
	c.target_groups = 1u << 0 | 1u << 1 | 1u << 4;
	assert_int_equal(score_at(&w, &c, &o, 0).part[MATCH_SCORE_TARGET_GROUP],
			 150);
}

static void district_points_prefer_the_area_over_the_district(void **state)
{
	(void)state;
	struct match_weights w = defaults();
	struct match_candidate c = fix_candidate(); /* 2542: district 25 */
	struct match_opening o = fix_opening();
	w.district[25] = 60;
	w.district[30] = 90;
	assert_int_equal(score_at(&w, &c, &o, 0).part[MATCH_SCORE_DISTRICT],
			 60);
	w.area_count = 2;
	w.areas[0] = (struct match_area_weight){2542, 140};
	w.areas[1] = (struct match_area_weight){3071, 200};
	assert_int_equal(score_at(&w, &c, &o, 0).part[MATCH_SCORE_DISTRICT],
			 140);
	c.pc4 = 2543; /* same district, not the listed area */
	assert_int_equal(score_at(&w, &c, &o, 0).part[MATCH_SCORE_DISTRICT],
			 60);
	assert_int_equal(match_district_points(&w, 3071), 200);
	assert_int_equal(match_district_points(&w, 3072), 90);
	assert_int_equal(match_district_points(&w, 1011), 0);
}

static void the_total_is_the_sum_of_named_components(void **state)
{
	(void)state;
	struct match_weights w = defaults();
	struct match_candidate c = fix_candidate(); /* 19 months on benefit */
	struct match_opening o = fix_opening();
	w.target_group[0] = 70;
	w.district[25] = 30;
	snprintf(o.esco, MATCH_ESCO_LEN, "7112.3");
	o.hours = 2400;
	o.min_education = 3;
	struct match_score s = score_at(&w, &c, &o, 10000);
	/* 300 unit group + 160 distance + 50 hours + 50 education + 50
	 * benefit + 70 group + 30 district. */
	assert_int_equal(s.total, 710);
	int32_t sum = 0;
	for (int i = 0; i < MATCH_COMPONENT_COUNT; i++)
		sum += s.part[i];
	assert_int_equal(s.total, sum);
	assert_string_equal(match_component_name(MATCH_SCORE_OCCUPATION),
			    "occupation");
	assert_string_equal(match_component_name(MATCH_SCORE_DISTRICT),
			    "district");
	for (int i = 0; i < MATCH_COMPONENT_COUNT; i++)
		assert_string_not_equal(
		    match_component_name((enum match_component)i), "unknown");
}

static void the_explanation_scores_the_real_distance(void **state)
{
	(void)state;
	struct match_weights w = defaults();
	struct match_candidate c = fix_candidate(); /* 2542 Den Haag */
	struct match_opening o = fix_opening();
	o.lat_e6 = 52075980; /* 2561 Den Haag, a few km north */
	o.lon_e6 = 4276470;
	o.pc4 = 2561;
	struct match_explanation e;
	match_explain(&w, FIX_AS_OF, &c, &o, &e);
	assert_int_equal(e.failed, 0);
	assert_int_equal(e.distance_m, geo_distance_e6(c.lat_e6, c.lon_e6,
						       o.lat_e6, o.lon_e6));
	assert_in_range(e.distance_m, 4000, 5000);
	assert_int_equal(e.occupation_fit, MATCH_FIT_OCCUPATION);
	assert_int_equal(e.score.part[MATCH_SCORE_DISTANCE],
			 (int32_t)(200LL * (50000 - e.distance_m) / 50000));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(occupation_points_follow_the_fit_level),
	    cmocka_unit_test(the_best_of_several_wanted_occupations_counts),
	    cmocka_unit_test(distance_points_decay_linearly_to_zero),
	    cmocka_unit_test(hours_points_fall_with_the_difference_either_way),
	    cmocka_unit_test(education_points_drop_per_level_short),
	    cmocka_unit_test(time_on_benefit_points_come_from_its_band),
	    cmocka_unit_test(months_between_counts_whole_months),
	    cmocka_unit_test(target_group_points_take_the_highest_group),
	    cmocka_unit_test(district_points_prefer_the_area_over_the_district),
	    cmocka_unit_test(the_total_is_the_sum_of_named_components),
	    cmocka_unit_test(the_explanation_scores_the_real_distance),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
