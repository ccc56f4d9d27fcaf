/* test_weights.c: reading the policy's `matching` section: defaults, a full
 * example, refusals with their JSON paths, and writing it back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "match_fixtures.h"

static const struct match_group_names groups = {
    .name = {"participatiewet", "ww", "wia", "banenafspraak"},
};

static json_t *parse_json(const char *text)
{
	json_error_t jerr;
	json_t *j = json_loads(text, 0, &jerr);
	if (!j)
		fprintf(stderr, "bad test JSON: %s\n", jerr.text);
	assert_non_null(j);
	return j;
}

/* Parses text as the matching section; returns whether it was accepted. */
static bool parse(const char *text, struct match_weights *w,
		  struct sr_error *err)
{
	json_t *j = parse_json(text);
	sr_error_clear(err);
	bool ok = match_weights_parse(j, &groups, w, err);
	json_decref(j);
	return ok;
}

static void assert_same_weights(const struct match_weights *a,
				const struct match_weights *b)
{
	assert_memory_equal(a->occupation, b->occupation, sizeof a->occupation);
	assert_int_equal(a->distance, b->distance);
	assert_int_equal(a->distance_zero_km, b->distance_zero_km);
	assert_int_equal(a->hours, b->hours);
	assert_int_equal(a->hours_zero_difference, b->hours_zero_difference);
	assert_int_equal(a->education, b->education);
	assert_int_equal(a->education_per_level_short,
			 b->education_per_level_short);
	assert_int_equal(a->benefit_band_count, b->benefit_band_count);
	for (int i = 0; i < a->benefit_band_count; i++) {
		assert_int_equal(a->benefit_bands[i].from_months,
				 b->benefit_bands[i].from_months);
		assert_int_equal(a->benefit_bands[i].points,
				 b->benefit_bands[i].points);
	}
	assert_memory_equal(a->target_group, b->target_group,
			    sizeof a->target_group);
	assert_memory_equal(a->district, b->district, sizeof a->district);
	assert_int_equal(a->area_count, b->area_count);
	for (int i = 0; i < a->area_count; i++) {
		assert_int_equal(a->areas[i].pc4, b->areas[i].pc4);
		assert_int_equal(a->areas[i].points, b->areas[i].points);
	}
	assert_int_equal(a->min_occupation_fit, b->min_occupation_fit);
	assert_int_equal(a->default_max_travel_km, b->default_max_travel_km);
	assert_int_equal(a->hours_tolerance, b->hours_tolerance);
	assert_int_equal(a->proposals_per_position, b->proposals_per_position);
	assert_int_equal(a->proposals_per_candidate,
			 b->proposals_per_candidate);
	assert_int_equal(a->answer_days, b->answer_days);
}

static void a_missing_section_gives_the_defaults(void **state)
{
	(void)state;
	struct match_weights w, d;
	struct sr_error err;
	match_weights_default(&d);
	assert_true(match_weights_parse(NULL, &groups, &w, &err));
	assert_same_weights(&w, &d);
	assert_true(parse("{}", &w, &err));
	assert_same_weights(&w, &d);
	assert_int_equal(d.proposals_per_position, 3);
	assert_int_equal(d.proposals_per_candidate, 1);
	assert_int_equal(d.answer_days, 15);
	assert_int_equal(d.min_occupation_fit, MATCH_FIT_SUB_MAJOR);
}

static void the_documented_example_is_read(void **state)
{
	(void)state;
	/* The example of docs/matching.md. */
	const char *text =
	    "{\"weights\": {"
	    "  \"occupation\": {\"same_occupation\": 400, \"unit_group\": "
	    "300, \"minor_group\": 200, \"sub_major_group\": 100},"
	    "  \"distance\": 200, \"hours\": 100, \"education\": 100,"
	    "  \"education_per_level_short\": 50,"
	    "  \"time_on_benefit\": [{\"from_months\": 12, \"points\": 50},"
	    "    {\"from_months\": 24, \"points\": 100},"
	    "    {\"from_months\": 60, \"points\": 150}],"
	    "  \"target_groups\": {\"participatiewet\": 100, "
	    "\"banenafspraak\": 150},"
	    "  \"districts\": {\"30\": 50, \"3071\": 150, \"3072\": 150}},"
	    " \"distance_zero_km\": 50, \"hours_zero_difference\": 16,"
	    " \"min_occupation_fit\": \"sub_major_group\","
	    " \"default_max_travel_km\": 25, \"hours_tolerance\": 4,"
	    " \"proposals_per_position\": 3, \"proposals_per_candidate\": 1}";
	struct match_weights w;
	struct sr_error err;
	assert_true(parse(text, &w, &err));
	assert_int_equal(w.target_group[0], 100);
	assert_int_equal(w.target_group[3], 150);
	assert_int_equal(w.target_group[1], 0);
	assert_int_equal(w.district[30], 50);
	assert_int_equal(w.area_count, 2);
	assert_int_equal(w.areas[0].pc4, 3071);
	assert_int_equal(w.areas[1].points, 150);
	assert_int_equal(w.hours_tolerance, 400);
	assert_int_equal(w.hours_zero_difference, 1600);
}

static void hours_may_have_two_decimals(void **state)
{
	(void)state;
	struct match_weights w;
	struct sr_error err;
	assert_true(parse("{\"hours_tolerance\": 2.5}", &w, &err));
	assert_int_equal(w.hours_tolerance, 250);
	assert_false(parse("{\"hours_tolerance\": 2.125}", &w, &err));
	assert_string_equal(err.field, "$.matching.hours_tolerance");
	assert_false(parse("{\"hours_tolerance\": -1}", &w, &err));
}

static void refusals_name_the_json_path(void **state)
{
	(void)state;
	const struct {
		const char *json;
		const char *path;
	} cases[] = {
	    {"{\"weights\": {\"distance\": -5}}",
	     "$.matching.weights.distance"},
	    {"{\"weights\": {\"distance\": \"far\"}}",
	     "$.matching.weights.distance"},
	    {"{\"weights\": {\"distance\": 100001}}",
	     "$.matching.weights.distance"},
	    {"{\"weights\": {\"distanse\": 5}}", "$.matching.weights.distanse"},
	    {"{\"weights\": {\"occupation\": {\"same\": 5}}}",
	     "$.matching.weights.occupation.same"},
	    {"{\"weights\": {\"time_on_benefit\": [{\"from_months\": 24, "
	     "\"points\": 1}, {\"from_months\": 12, \"points\": 2}]}}",
	     "$.matching.weights.time_on_benefit[1].from_months"},
	    {"{\"weights\": {\"time_on_benefit\": [{\"points\": 1}]}}",
	     "$.matching.weights.time_on_benefit[0]"},
	    {"{\"weights\": {\"target_groups\": {\"pensioners\": 5}}}",
	     "$.matching.weights.target_groups.pensioners"},
	    {"{\"weights\": {\"districts\": {\"305\": 5}}}",
	     "$.matching.weights.districts.305"},
	    {"{\"weights\": {\"districts\": {\"05\": 5}}}",
	     "$.matching.weights.districts.05"},
	    {"{\"min_occupation_fit\": \"cousin\"}",
	     "$.matching.min_occupation_fit"},
	    {"{\"proposals_per_position\": 0}",
	     "$.matching.proposals_per_position"},
	    {"{\"default_max_travel_km\": 0}",
	     "$.matching.default_max_travel_km"},
	    {"{\"hours_zero_difference\": 0}",
	     "$.matching.hours_zero_difference"},
	    {"{\"colour\": \"blue\"}", "$.matching.colour"},
	    {"[]", "$.matching"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct match_weights w;
		struct sr_error err;
		assert_false(parse(cases[i].json, &w, &err));
		assert_int_equal(err.status, 422);
		assert_string_equal(err.code, "invalid_policy");
		assert_string_equal(err.field, cases[i].path);
		assert_true(err.message[0] != '\0');
	}
}

static void a_refused_section_leaves_the_output_untouched(void **state)
{
	(void)state;
	struct match_weights w;
	struct sr_error err;
	match_weights_default(&w);
	w.distance = 7;
	assert_false(
	    parse("{\"weights\": {\"hours\": 5, \"distance\": -1}}", &w, &err));
	assert_int_equal(w.distance, 7);
	assert_int_equal(w.hours, 100);
}

static void written_weights_read_back_the_same(void **state)
{
	(void)state;
	struct match_weights w, back;
	struct sr_error err;
	assert_true(parse("{\"weights\": {\"target_groups\": {\"ww\": 30},"
			  " \"districts\": {\"30\": 5, \"1011\": 9},"
			  " \"time_on_benefit\": [{\"from_months\": 6, "
			  "\"points\": 10}]},"
			  " \"hours_tolerance\": 1.5, \"min_occupation_fit\":"
			  " \"minor_group\", \"answer_days\": 10}",
			  &w, &err));
	json_t *j = match_weights_to_json(&w, &groups);
	assert_non_null(j);
	assert_true(match_weights_parse(j, &groups, &back, &err));
	json_decref(j);
	assert_same_weights(&w, &back);
	assert_int_equal(back.hours_tolerance, 150);
	assert_int_equal(back.target_group[1], 30);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(a_missing_section_gives_the_defaults),
	    cmocka_unit_test(the_documented_example_is_read),
	    cmocka_unit_test(hours_may_have_two_decimals),
	    cmocka_unit_test(refusals_name_the_json_path),
	    cmocka_unit_test(a_refused_section_leaves_the_output_untouched),
	    cmocka_unit_test(written_weights_read_back_the_same),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
