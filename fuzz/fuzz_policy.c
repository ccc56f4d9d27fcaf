/*
 * fuzz_policy.c: policy documents through policy_parse_text (every problem
 * with its JSON path, turned into the API's error as PUT /policies does).
 * A document that parses is then used: a fixed scenario with an activity of
 * every kind goes through calc_run under it, so that the numbers a policy
 * may hold (values, caps, shares, months) reach the obligation and the
 * valuation arithmetic.
 *
 * Oracles: the sanitizers (UBSan catches overflow of the int64_t cents), a
 * parse that fails must report a problem, and the calculator's answer must
 * serialise.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "domain/calc.h"
#include "domain/policy.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The scenario of tests/cli/issue-example-scenario.json and one activity
 * of each other kind. */
static const char scenario_text[] =
    "{\"contract\": {\"kind\": \"services\", \"value_cents\": 100000000,"
    " \"award_date\": \"2023-12-01\", \"start\": \"2024-01-01\","
    " \"end\": \"2025-12-31\", \"labour_share_pct\": 60,"
    " \"cpv\": \"45000000\", \"labour_hours\": 12000,"
    " \"supplier\": {\"pso_rung\": 2, \"pso_valid_from\": \"2023-01-01\","
    " \"pso_valid_until\": \"2026-12-31\"}},"
    " \"activities\": ["
    "{\"id\": \"a1\", \"kind\": \"hire\", \"candidate\": \"c1\","
    " \"target_groups\": [\"participatiewet\", \"wia\"],"
    " \"start\": \"2024-03-01\", \"end\": \"2025-02-28\","
    " \"hours_per_week\": 36, \"age_at_start\": 58,"
    " \"permanent_contract\": true, \"prior_internship_months\": 6},"
    "{\"id\": \"a2\", \"kind\": \"bbl\", \"candidate\": \"c2\","
    " \"target_groups\": [\"mbo_bbl\"], \"level\": 2,"
    " \"start\": \"2024-09-01\", \"end\": \"2025-08-31\","
    " \"hours_per_week\": 32, \"age_at_start\": 19},"
    "{\"id\": \"a3\", \"kind\": \"internship\", \"candidate\": \"c3\","
    " \"target_groups\": [\"vso_pro\"], \"level\": \"hbo\","
    " \"start\": \"2024-01-01\", \"end\": \"2024-06-30\","
    " \"hours_per_week\": 20.5, \"age_at_start\": 17},"
    "{\"id\": \"a4\", \"kind\": \"bol\", \"candidate\": \"c4\","
    " \"target_groups\": [\"mbo_bol\"], \"level\": 3,"
    " \"start\": \"2024-02-01\", \"end\": \"2024-12-31\","
    " \"hours_per_week\": 16, \"age_at_start\": 22},"
    "{\"id\": \"a5\", \"kind\": \"training\", \"amount_cents\": 250000,"
    " \"start\": \"2024-05-01\"},"
    "{\"id\": \"a6\", \"kind\": \"purchase\","
    " \"supplier_category\": \"social_enterprise\","
    " \"invoice_cents\": 1234567},"
    "{\"id\": \"a7\", \"kind\": \"hours\", \"hours\": 50.25},"
    "{\"id\": \"a8\", \"kind\": \"costs\", \"amount_cents\": 99999},"
    "{\"id\": \"a9\", \"kind\": \"custom\", \"block\": \"custom\","
    " \"hours\": 8, \"amount_cents\": 100}]}";

static json_t *scenario;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	json_error_t jerr;
	scenario = json_loads(scenario_text, 0, &jerr);
	if (!scenario) {
		fprintf(stderr, "fuzz_policy: scenario: %s\n", jerr.text);
		abort();
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!scenario)
		LLVMFuzzerInitialize(NULL, NULL);
	struct policy *p = NULL;
	struct policy_problems problems = {0};
	if (!policy_parse_text((const char *)data, size, &p, &problems)) {
		if (problems.count == 0) {
			fprintf(stderr, "fuzz_policy: refused without a "
					"problem\n");
			abort();
		}
		struct sr_error err = {0};
		policy_problems_to_error(&problems, &err);
		json_t *list = policy_problems_to_json(&problems);
		char *text = json_dumps(list, JSON_COMPACT);
		free(text);
		json_decref(list);
		policy_problems_free(&problems);
		return 0;
	}
	policy_problems_free(&problems);
	json_t *answer = NULL;
	struct sr_error err = {0};
	if (calc_run(p, scenario, &answer, &err)) {
		char *text = json_dumps(answer, CALC_JSON_FLAGS);
		if (!text) {
			fprintf(stderr, "fuzz_policy: the answer does not "
					"serialise\n");
			abort();
		}
		free(text);
		json_decref(answer);
	}
	policy_free(p);
	return 0;
}
