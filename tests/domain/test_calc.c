/* test_calc.c: the calculator on the issue's example scenario, figures
 * checked by hand, its answer in hours, and malformed scenarios refused at
 * their JSON path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "domain/calc.h"
#include "policy_fixtures.h"

static json_t *run(const char *policy_file, json_t *scenario)
{
	struct policy *p = fixture_policy(policy_file);
	assert_non_null(p);
	json_t *answer = NULL;
	struct sr_error err = {0};
	if (!calc_run(p, scenario, &answer, &err))
		fail_msg("calc failed: %s (%s)", err.message, err.field);
	policy_free(p);
	return answer;
}

static json_t *activity(json_t *answer, size_t i)
{
	return json_array_get(json_object_get(answer, "activities"), i);
}

static json_int_t int_at(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	assert_true(json_is_integer(v));
	return json_integer_value(v);
}

/* The issue's scenario under Haaglanden (table A):
 * obligation: 1,000,000.00 >= 215,000 (inclusive), 5% = 50,000.00;
 * a1 Participatiewet, 36 h, 2024-03-01..2025-02-28 = 12 months:
 *    40,000 x 36/36 x 12/12 = 40,000.00;
 * a2 BBL level 2, 32 h, 12 months: 25,000 x 32/36 = 22,222.22;
 * a3 purchase: table A has no purchase block: refused not_eligible;
 * a4 50 hours: table A has no hours block: refused not_eligible;
 * total 62,222.22; realisation 62,222.22 / 50,000.00 = 124.44% -> 124.4. */
static void issue_example_under_haaglanden(void **state)
{
	(void)state;
	json_t *scenario =
	    fixture_load_json("tests/cli/issue-example-scenario.json");
	assert_non_null(scenario);
	json_t *a = run("haaglanden-zhc-2023.json", scenario);
	assert_true(json_is_true(json_object_get(a, "applicable")));
	assert_string_equal(json_string_value(json_object_get(a, "unit")),
			    "eur");
	assert_int_equal(int_at(a, "obligation_cents"), 5000000);
	assert_string_equal(
	    json_string_value(json_object_get(activity(a, 0), "id")), "a1");
	assert_int_equal(int_at(activity(a, 0), "value_cents"), 4000000);
	assert_int_equal(int_at(activity(a, 1), "value_cents"), 2222222);
	for (size_t i = 2; i < 4; i++) {
		json_t *r = json_object_get(activity(a, i), "refused");
		assert_string_equal(
		    json_string_value(json_object_get(r, "code")),
		    "not_eligible");
		assert_int_equal(int_at(activity(a, i), "value_cents"), 0);
	}
	assert_non_null(json_object_get(activity(a, 0), "explanation"));
	assert_int_equal(int_at(a, "total_cents"), 6222222);
	assert_true(json_real_value(json_object_get(a, "realisation_pct")) ==
		    124.4);
	char *text = json_dumps(a, CALC_JSON_FLAGS);
	assert_non_null(strstr(text, "\"realisation_pct\": 124.4}"));
	free(text);
	json_decref(a);
	json_decref(scenario);
}

/* The same scenario under Utrecht (table B):
 * obligation 5% = 50,000.00 (1,000,000.00 > 100,000);
 * a1 Participatiewet 40,000.00; a2 mbo BBL level 2 (2-4) 35,000 x 32/36 =
 * 31,111.11; a3 social enterprise 100% of 12,345.67; a4 50 h x EUR 100 =
 * 5,000.00; total 88,456.78; 176.9%. */
static void issue_example_under_utrecht(void **state)
{
	(void)state;
	json_t *scenario =
	    fixture_load_json("tests/cli/issue-example-scenario.json");
	json_t *a = run("utrecht.json", scenario);
	assert_int_equal(int_at(activity(a, 0), "value_cents"), 4000000);
	assert_int_equal(int_at(activity(a, 1), "value_cents"), 3111111);
	assert_int_equal(int_at(activity(a, 2), "value_cents"), 1234567);
	assert_int_equal(int_at(activity(a, 3), "value_cents"), 500000);
	assert_int_equal(int_at(a, "total_cents"), 8845678);
	assert_true(json_real_value(json_object_get(a, "realisation_pct")) ==
		    176.9);
	json_decref(a);
	json_decref(scenario);
}

/* In hours the answer carries obligation_hours, value_hours, total_hours:
 * 0.57 h per EUR 1,000 of 1,000,000.00 = 570.00 h; a hire of 35 h a week
 * for 92 days = 460.00 h; 460 / 570 = 80.7%. */
static void answers_in_hours_for_an_hours_policy(void **state)
{
	(void)state;
	json_t *scenario = json_pack(
	    "{s:{s:s,s:I,s:s,s:s},s:[{s:s,s:s,s:s,s:[s],s:s,s:s,s:i}]}",
	    "contract", "kind", "works", "value_cents", (json_int_t)100000000,
	    "start", "2024-01-01", "end", "2024-12-31", "activities", "id",
	    "h1", "kind", "hire", "candidate", "c1", "target_groups", "ww",
	    "start", "2024-10-01", "end", "2024-12-31", "hours_per_week", 35);
	json_t *a = run("fr-insertion-example.json", scenario);
	assert_string_equal(json_string_value(json_object_get(a, "unit")),
			    "hours");
	assert_null(json_object_get(a, "obligation_cents"));
	assert_true(json_real_value(json_object_get(a, "obligation_hours")) ==
		    570.0);
	assert_true(json_real_value(json_object_get(activity(a, 0),
						    "value_hours")) == 460.0);
	assert_true(json_real_value(json_object_get(a, "total_hours")) ==
		    460.0);
	assert_true(json_real_value(json_object_get(a, "realisation_pct")) ==
		    80.7);
	json_decref(a);
	json_decref(scenario);
}

static void expect_error(const char *policy_file, const char *scenario_text,
			 const char *code, const char *field)
{
	struct policy *p = fixture_policy(policy_file);
	json_error_t jerr;
	json_t *scenario = json_loads(scenario_text, 0, &jerr);
	if (!scenario)
		fail_msg("bad test JSON: %s", jerr.text);
	json_t *answer = NULL;
	struct sr_error err = {0};
	assert_false(calc_run(p, scenario, &answer, &err));
	assert_null(answer);
	assert_string_equal(err.code, code);
	assert_string_equal(err.field, field);
	json_decref(scenario);
	policy_free(p);
}

#define CONTRACT                                                               \
	"\"contract\": {\"kind\": \"services\", \"value_cents\": 100000000, "  \
	"\"start\": \"2024-01-01\", \"end\": \"2025-12-31\"}"

static void refuses_malformed_scenarios_at_their_path(void **state)
{
	(void)state;
	expect_error("utrecht.json", "{\"activities\": []}", "invalid_scenario",
		     "$.contract");
	expect_error(
	    "utrecht.json",
	    "{" CONTRACT ", \"activities\": [{\"id\": \"a\", \"kind\": "
	    "\"hours\", \"hours\": 1}, {\"id\": \"b\", \"kind\": "
	    "\"hire\", \"candidate\": \"c\", \"start\": \"2024-13-01\", "
	    "\"end\": \"2024-12-31\", \"hours_per_week\": 36}]}",
	    "invalid_scenario", "$.activities[1].start");
	expect_error("utrecht.json",
		     "{" CONTRACT
		     ", \"activities\": [{\"id\": \"a\", \"kind\": "
		     "\"hours\", \"hours\": 1, \"colour\": \"red\"}]}",
		     "invalid_scenario", "$.activities[0].colour");
	expect_error("utrecht.json",
		     "{" CONTRACT
		     ", \"activities\": [{\"id\": \"a\", \"kind\": "
		     "\"hire\", \"start\": \"2024-01-01\", \"end\": "
		     "\"2024-12-31\", \"hours_per_week\": 36}]}",
		     "invalid_scenario", "$.activities[0].candidate");
	expect_error("utrecht.json",
		     "{" CONTRACT
		     ", \"activities\": [{\"id\": \"a\", \"kind\": "
		     "\"hire\", \"candidate\": \"c\", \"target_groups\": "
		     "[\"bijstand\"], \"start\": \"2024-01-01\", \"end\": "
		     "\"2024-12-31\", \"hours_per_week\": 36}]}",
		     "invalid_scenario", "$.activities[0].target_groups[0]");
	expect_error("utrecht.json",
		     "{" CONTRACT
		     ", \"activities\": [{\"id\": \"a\", \"kind\": "
		     "\"hours\", \"hours\": 1.005}]}",
		     "invalid_scenario", "$.activities[0].hours");
	expect_error("utrecht.json",
		     "{" CONTRACT
		     ", \"activities\": [{\"id\": \"a\", \"kind\": "
		     "\"hours\", \"hours\": 1}, {\"id\": \"a\", \"kind\": "
		     "\"hours\", \"hours\": 2}]}",
		     "invalid_scenario", "$.activities[1].id");
	expect_error("fr-insertion-example.json",
		     "{\"contract\": {\"kind\": \"works\", \"value_cents\": 1, "
		     "\"start\": \"2024-01-01\", \"end\": \"2024-12-31\", "
		     "\"deviation\": {\"pct\": 3, \"reason\": \"r\"}}}",
		     "deviation_not_allowed", "$.contract.deviation");
}

/* A repeated id is found among thousands of activities (sorted, not
 * compared pairwise): the first activity that repeats an earlier id, naming
 * the first that has it. */
static void finds_the_first_repeated_id_among_many_activities(void **state)
{
	(void)state;
	json_t *list = json_array();
	for (int i = 0; i < 4000; i++) {
		char id[16];
		/* t17 again at 2500 and 3000, t5 again at 3500 */
		snprintf(id, sizeof id, "t%d",
			 i == 2500 || i == 3000 ? 17
			 : i == 3500		? 5
						: i);
		json_array_append_new(list, json_pack("{s:s,s:s,s:I}", "id", id,
						      "kind", "training",
						      "amount_cents",
						      (json_int_t)100));
	}
	json_t *scenario = json_loads("{" CONTRACT "}", 0, NULL);
	assert_non_null(scenario);
	json_object_set_new(scenario, "activities", list);
	struct policy *p = fixture_policy("haaglanden-zhc-2023.json");
	json_t *answer = NULL;
	struct sr_error err = {0};
	assert_false(calc_run(p, scenario, &answer, &err));
	assert_string_equal(err.field, "$.activities[2500].id");
	assert_non_null(strstr(err.message, "repeats the id of activity 17"));
	/* without repeats the same scenario is valued */
	for (int i = 0; i < 4000; i++) {
		char id[16];
		snprintf(id, sizeof id, "t%d", i);
		json_object_set_new(json_array_get(list, (size_t)i), "id",
				    json_string(id));
	}
	assert_true(calc_run(p, scenario, &answer, &err));
	assert_int_equal(
	    json_integer_value(json_object_get(answer, "total_cents")), 400000);
	json_decref(answer);
	json_decref(scenario);
	policy_free(p);
}

/* Elsewhere in the scenario: a realisation counted on another contract. */
static void counts_realisations_elsewhere_for_double_counting(void **state)
{
	(void)state;
	json_t *scenario = json_loads(
	    "{" CONTRACT ", \"activities\": [{\"id\": \"a\", \"kind\": "
	    "\"hire\", \"candidate\": \"p1\", \"target_groups\": [\"ww\"], "
	    "\"start\": \"2024-03-01\", \"end\": \"2024-08-31\", "
	    "\"hours_per_week\": 36}], \"counted_elsewhere\": [{\"candidate\": "
	    "\"p1\", \"contract\": \"U-2023-017\", \"start\": \"2024-01-01\", "
	    "\"end\": \"2024-04-30\", \"hours_per_week\": 10}]}",
	    0, NULL);
	assert_non_null(scenario);
	json_t *a = run("utrecht.json", scenario);
	json_t *r = json_object_get(activity(a, 0), "refused");
	assert_string_equal(json_string_value(json_object_get(r, "code")),
			    "double_counting");
	assert_non_null(strstr(json_string_value(json_object_get(r, "message")),
			       "U-2023-017"));
	assert_int_equal(int_at(a, "total_cents"), 0);
	json_decref(a);
	json_decref(scenario);
}

/* Below the threshold nothing is owed and there is no percentage. */
static void below_the_threshold_the_percentage_is_null(void **state)
{
	(void)state;
	json_t *scenario = json_loads(
	    "{\"contract\": {\"kind\": \"services\", \"value_cents\": "
	    "5000000, \"start\": \"2024-01-01\", \"end\": \"2024-12-31\"}, "
	    "\"activities\": []}",
	    0, NULL);
	json_t *a = run("haaglanden-zhc-2023.json", scenario);
	assert_true(json_is_false(json_object_get(a, "applicable")));
	assert_int_equal(int_at(a, "obligation_cents"), 0);
	assert_true(json_is_null(json_object_get(a, "realisation_pct")));
	json_decref(a);
	json_decref(scenario);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(issue_example_under_haaglanden),
	    cmocka_unit_test(issue_example_under_utrecht),
	    cmocka_unit_test(answers_in_hours_for_an_hours_policy),
	    cmocka_unit_test(refuses_malformed_scenarios_at_their_path),
	    cmocka_unit_test(finds_the_first_repeated_id_among_many_activities),
	    cmocka_unit_test(counts_realisations_elsewhere_for_double_counting),
	    cmocka_unit_test(below_the_threshold_the_percentage_is_null),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
