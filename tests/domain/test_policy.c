/* test_policy.c: policy documents: the shipped ones validate; every class of
 * invalid document is reported at its JSON path, all problems at once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "policy_fixtures.h"

static const char *const shipped[] = {
    "haaglanden-zhc-2023.json", "utrecht.json", "rijk-2011.json",
    "fr-insertion-example.json", "rijnvicus.json"};

static void all_shipped_policies_validate(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof shipped / sizeof shipped[0]; i++) {
		struct policy *p = fixture_policy(shipped[i]);
		assert_non_null(p);
		assert_true(p->block_count > 0);
		assert_true(p->has_source_published || p->has_source_retrieved);
		char *text = policy_render_text(p);
		assert_non_null(text);
		assert_non_null(strstr(text, p->name));
		free(text);
		policy_free(p);
	}
}

static void reads_the_haaglanden_table_as_written(void **state)
{
	(void)state;
	struct policy *p = fixture_policy("haaglanden-zhc-2023.json");
	assert_non_null(p);
	assert_int_equal(p->effective_from, day("2023-07-01"));
	assert_int_equal(p->unit, POLICY_UNIT_EUR);
	assert_true(p->thresholds[CONTRACT_SERVICES].applies);
	assert_int_equal(p->thresholds[CONTRACT_SERVICES].amount_cents,
			 21500000);
	assert_true(p->thresholds[CONTRACT_SERVICES].inclusive);
	assert_int_equal(p->default_pct_bp, 500);
	assert_int_equal(p->full_time_hours_c, 3600);
	int i = policy_block_index(p, "bbl_level_1_2");
	assert_true(i >= 0);
	assert_int_equal(p->blocks[i].value.per_year_cents, 2500000);
	assert_int_equal(p->blocks[i].max_months, 24);
	assert_true(p->blocks[i].has_levels);
	assert_int_equal(p->blocks[i].level_max, 2);
	i = policy_block_index(p, "banenafspraak");
	assert_int_equal(p->blocks[i].max_months, -1);
	assert_int_equal(p->hired_before_start_max_months, 12);
	assert_int_equal(p->proposal_deadline_days, 15);
	assert_null(p->matching);
	policy_free(p);
}

/* Parses doc and returns its problems (the caller frees them). */
static struct policy_problems problems_of(json_t *doc)
{
	struct policy_problems pr = {0};
	struct policy *p = NULL;
	assert_false(policy_parse(doc, &p, &pr));
	assert_null(p);
	return pr;
}

static bool has_problem(const struct policy_problems *pr, const char *path)
{
	for (size_t i = 0; i < pr->count; i++)
		if (strcmp(pr->items[i].path, path) == 0)
			return true;
	return false;
}

/* Loads the Haaglanden document, applies a JSON patch written as a path of
 * keys and a new value, and expects a problem at expected. */
static void expect_problem_after(const char *const *keys, size_t n,
				 json_t *value, const char *expected)
{
	json_t *doc = fixture_load_json("policies/haaglanden-zhc-2023.json");
	assert_non_null(doc);
	json_t *o = doc;
	for (size_t i = 0; i + 1 < n; i++) {
		json_t *next = json_is_array(o)
				   ? json_array_get(o, (size_t)atoi(keys[i]))
				   : json_object_get(o, keys[i]);
		assert_non_null(next);
		o = next;
	}
	if (value)
		json_object_set_new(o, keys[n - 1], value);
	else
		json_object_del(o, keys[n - 1]);
	struct policy_problems pr = problems_of(doc);
	if (!has_problem(&pr, expected)) {
		for (size_t i = 0; i < pr.count; i++)
			fprintf(stderr, "  got %s: %s\n", pr.items[i].path,
				pr.items[i].message);
		fail_msg("no problem at %s", expected);
	}
	policy_problems_free(&pr);
	json_decref(doc);
}

#define PATCH(value, expected, ...)                                            \
	do {                                                                   \
		const char *const k[] = {__VA_ARGS__};                         \
		expect_problem_after(k, sizeof k / sizeof k[0], value,         \
				     expected);                                \
	} while (0)

static void reports_a_wrong_type_at_its_path(void **state)
{
	(void)state;
	PATCH(json_string("40000"),
	      "$.valuation.blocks[3].value.per_year_cents", "valuation",
	      "blocks", "3", "value", "per_year_cents");
	PATCH(json_integer(1), "$.applicability.thresholds.works.inclusive",
	      "applicability", "thresholds", "works", "inclusive");
	PATCH(json_string("soon"), "$.effective_from", "effective_from");
}

static void reports_a_missing_field_at_its_path(void **state)
{
	(void)state;
	PATCH(NULL, "$.unit", "unit");
	PATCH(NULL, "$.obligation.default_pct", "obligation", "default_pct");
	PATCH(NULL, "$.valuation.blocks[8].max_months", "valuation", "blocks",
	      "8", "max_months");
	PATCH(NULL, "$.applicability.thresholds.supplies", "applicability",
	      "thresholds", "supplies");
	PATCH(json_null(), "$.source", "source", "retrieved");
	PATCH(NULL, "$.settlement.withhold_pct", "settlement", "withhold_pct");
}

static void reports_an_unknown_field_at_its_path(void **state)
{
	(void)state;
	PATCH(json_integer(5), "$.percentage", "percentage");
	PATCH(json_integer(100), "$.valuation.blocks[0].value.per_year_cent",
	      "valuation", "blocks", "0", "value", "per_year_cent");
}

static void reports_values_out_of_range_or_vocabulary(void **state)
{
	(void)state;
	PATCH(json_integer(150), "$.obligation.default_pct", "obligation",
	      "default_pct");
	PATCH(json_real(5.125), "$.obligation.default_pct", "obligation",
	      "default_pct");
	PATCH(json_integer(-1), "$.applicability.thresholds.works.amount_cents",
	      "applicability", "thresholds", "works", "amount_cents");
	PATCH(json_string("job"), "$.valuation.blocks[2].kind", "valuation",
	      "blocks", "2", "kind");
	PATCH(json_pack("[s]", "bijstand"),
	      "$.valuation.blocks[0].target_groups[0]", "valuation", "blocks",
	      "0", "target_groups");
	PATCH(json_string("kilograms"), "$.unit", "unit");
	PATCH(json_integer(0), "$.valuation.full_time_hours", "valuation",
	      "full_time_hours");
	PATCH(json_pack("[s]", "45x"),
	      "$.applicability.excluded_cpv_prefixes[0]", "applicability",
	      "excluded_cpv_prefixes");
}

static void reports_rules_that_do_not_fit_their_block(void **state)
{
	(void)state;
	/* a per-year value on a training (no period) */
	PATCH(json_pack("{s:s,s:i}", "rule", "per_year", "per_year_cents", 100),
	      "$.valuation.blocks[10].value.rule", "valuation", "blocks", "10",
	      "value");
	/* hours_worked in a policy in euros */
	PATCH(json_pack("{s:s}", "rule", "hours_worked"),
	      "$.valuation.blocks[0].value.rule", "valuation", "blocks", "0",
	      "value");
	/* a maximum period on a block valued at costs */
	PATCH(json_integer(12), "$.valuation.blocks[10].max_months",
	      "valuation", "blocks", "10", "max_months");
	/* two blocks with one id */
	PATCH(json_string("no_benefit"), "$.valuation.blocks[1].id",
	      "valuation", "blocks", "1", "id");
	/* a bonus under a block that does not exist */
	PATCH(json_pack("[s]", "nope"), "$.valuation.bonuses[0].blocks[0]",
	      "valuation", "bonuses", "0", "blocks");
	/* pre-qualification without a criterion */
	PATCH(json_object(), "$.pre_qualification", "pre_qualification");
}

/* One pass reports every problem, not just the first. */
static void reports_every_problem_at_once(void **state)
{
	(void)state;
	json_t *doc = fixture_load_json("policies/haaglanden-zhc-2023.json");
	json_t *blocks =
	    json_object_get(json_object_get(doc, "valuation"), "blocks");
	json_object_set_new(json_object_get(json_array_get(blocks, 3), "value"),
			    "per_year_cents", json_string("x"));
	json_object_del(doc, "unit");
	json_object_set_new(doc, "percentage", json_integer(5));
	json_object_set_new(json_object_get(doc, "obligation"), "cap_cents",
			    json_integer(-5));
	struct policy_problems pr = problems_of(doc);
	assert_true(pr.count >= 4);
	assert_true(
	    has_problem(&pr, "$.valuation.blocks[3].value.per_year_cents"));
	assert_true(has_problem(&pr, "$.unit"));
	assert_true(has_problem(&pr, "$.percentage"));
	assert_true(has_problem(&pr, "$.obligation.cap_cents"));
	json_t *list = policy_problems_to_json(&pr);
	assert_int_equal(json_array_size(list), pr.count);
	json_decref(list);
	struct sr_error err = {0};
	assert_false(policy_problems_to_error(&pr, &err));
	assert_string_equal(err.code, "invalid_policy");
	assert_string_equal(err.field, pr.items[0].path);
	policy_problems_free(&pr);
	json_decref(doc);
}

static void reports_invalid_json_with_line_and_column(void **state)
{
	(void)state;
	const char text[] = "{\n  \"name\": \"x\",\n  \"unit\": eur\n}";
	struct policy *p = NULL;
	struct policy_problems pr = {0};
	assert_false(policy_parse_text(text, strlen(text), &p, &pr));
	assert_int_equal(pr.count, 1);
	assert_string_equal(pr.items[0].path, "$");
	assert_non_null(strstr(pr.items[0].message, "line 3"));
	policy_problems_free(&pr);
	assert_false(policy_parse_text("[]", 2, &p, &pr));
	assert_string_equal(pr.items[0].path, "$");
	policy_problems_free(&pr);
}

static void reports_hours_policy_problems(void **state)
{
	(void)state;
	json_t *doc = fixture_load_json("policies/fr-insertion-example.json");
	json_t *o = json_object_get(doc, "obligation");
	json_object_set_new(o, "labour_hours_pct", json_integer(10));
	json_object_del(json_object_get(doc, "settlement"),
			"penalty_cents_per_hour");
	json_object_set_new(json_object_get(doc, "valuation"), "bonuses",
			    json_pack("[{s:s,s:s,s:[s],s:{s:i},s:{s:s,s:i}}]",
				      "id", "b", "label", "B", "kinds", "hire",
				      "when", "min_age_at_start", 50, "value",
				      "rule", "fixed", "fixed_cents", 100));
	struct policy_problems pr = problems_of(doc);
	assert_true(has_problem(&pr, "$.obligation"));
	assert_true(has_problem(&pr, "$.settlement.penalty_cents_per_hour"));
	assert_true(has_problem(&pr, "$.valuation.bonuses"));
	policy_problems_free(&pr);
	json_decref(doc);
}

static void keeps_matching_opaque_and_defaults_the_deadline(void **state)
{
	(void)state;
	json_t *doc = fixture_load_json("policies/utrecht.json");
	json_object_set_new(doc, "matching",
			    json_pack("{s:{s:i}}", "weights", "distance", 3));
	json_object_del(doc, "proposal_deadline_days");
	struct policy *p = NULL;
	struct policy_problems pr = {0};
	assert_true(policy_parse(doc, &p, &pr));
	json_decref(doc); /* the policy keeps its own copy */
	assert_non_null(p->matching);
	assert_int_equal(
	    json_integer_value(json_object_get(
		json_object_get(p->matching, "weights"), "distance")),
	    3);
	assert_int_equal(p->proposal_deadline_days, 15);
	assert_string_equal(p->blocks[0].id, "participatiewet");
	policy_free(p);
}

/* The Utrecht document with its deadline written as given: proposal_deadline
 * days (top level) and matching.answer_days (the earlier draft's spelling),
 * each left out when negative. */
static json_t *with_deadlines(int top, int answer_days)
{
	json_t *doc = fixture_load_json("policies/utrecht.json");
	assert_non_null(doc);
	json_object_del(doc, "proposal_deadline_days");
	if (top >= 0)
		json_object_set_new(doc, "proposal_deadline_days",
				    json_integer(top));
	if (answer_days >= 0)
		json_object_set_new(doc, "matching",
				    json_pack("{s:i, s:{s:i}}", "answer_days",
					      answer_days, "weights",
					      "distance", 3));
	return doc;
}

static int deadline_of(json_t *doc)
{
	struct policy *p = NULL;
	struct policy_problems pr = {0};
	assert_true(policy_parse(doc, &p, &pr));
	json_decref(doc);
	int days = p->proposal_deadline_days;
	char *text = policy_render_text(p);
	char line[64];
	snprintf(line, sizeof line, "Proposal deadline: %d days", days);
	assert_non_null(strstr(text, line));
	free(text);
	policy_free(p);
	return days;
}

static void reads_the_deadline_from_either_spelling(void **state)
{
	(void)state;
	assert_int_equal(deadline_of(with_deadlines(20, -1)), 20);
	/* the earlier draft's matching.answer_days alone is the deadline */
	assert_int_equal(deadline_of(with_deadlines(-1, 10)), 10);
	assert_int_equal(deadline_of(with_deadlines(12, 12)), 12);
	assert_int_equal(deadline_of(with_deadlines(-1, -1)), 15);
}

static void refuses_two_deadlines_that_disagree_at_the_alias(void **state)
{
	(void)state;
	json_t *doc = with_deadlines(15, 10);
	struct policy_problems pr = problems_of(doc);
	assert_int_equal(pr.count, 1);
	assert_string_equal(pr.items[0].path, "$.matching.answer_days");
	assert_non_null(strstr(pr.items[0].message, "proposal_deadline_days"));
	policy_problems_free(&pr);
	json_decref(doc);
	doc = with_deadlines(-1, 0);
	pr = problems_of(doc);
	assert_true(has_problem(&pr, "$.matching.answer_days"));
	policy_problems_free(&pr);
	json_decref(doc);
	doc = with_deadlines(-1, -1);
	json_object_set_new(doc, "matching",
			    json_pack("{s:s}", "answer_days", "10"));
	pr = problems_of(doc);
	assert_true(has_problem(&pr, "$.matching.answer_days"));
	policy_problems_free(&pr);
	json_decref(doc);
}

static void picks_the_version_in_force_on_a_date(void **state)
{
	(void)state;
	struct policy a = {.effective_from = day("2011-07-01")};
	struct policy b = {.effective_from = day("2023-07-01")};
	const struct policy *versions[] = {&b, &a};
	assert_ptr_equal(policy_in_force(versions, 2, day("2023-06-30")), &a);
	assert_ptr_equal(policy_in_force(versions, 2, day("2023-07-01")), &b);
	assert_null(policy_in_force(versions, 2, day("2011-06-30")));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(all_shipped_policies_validate),
	    cmocka_unit_test(reads_the_haaglanden_table_as_written),
	    cmocka_unit_test(reports_a_wrong_type_at_its_path),
	    cmocka_unit_test(reports_a_missing_field_at_its_path),
	    cmocka_unit_test(reports_an_unknown_field_at_its_path),
	    cmocka_unit_test(reports_values_out_of_range_or_vocabulary),
	    cmocka_unit_test(reports_rules_that_do_not_fit_their_block),
	    cmocka_unit_test(reports_every_problem_at_once),
	    cmocka_unit_test(reports_invalid_json_with_line_and_column),
	    cmocka_unit_test(reports_hours_policy_problems),
	    cmocka_unit_test(keeps_matching_opaque_and_defaults_the_deadline),
	    cmocka_unit_test(reads_the_deadline_from_either_spelling),
	    cmocka_unit_test(refuses_two_deadlines_that_disagree_at_the_alias),
	    cmocka_unit_test(picks_the_version_in_force_on_a_date),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
