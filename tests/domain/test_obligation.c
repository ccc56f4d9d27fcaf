/* test_obligation.c: applicability and the obligation under the shipped
 * tables: thresholds exactly at their amount, the minimum term, the order
 * percentage -> cap -> PSO discount -> one rounding, deviations, opt-in,
 * obligations in hours, and pre-qualification. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "policy_fixtures.h"

static struct obligation compute(const struct policy *p,
				 const struct contract_terms *c)
{
	struct obligation o;
	struct sr_error err = {0};
	if (!obligation_compute(p, c, &o, &err))
		fail_msg("obligation failed: %s", err.message);
	return o;
}

/* Haaglanden: "from EUR 215,000" includes the amount.
 * 5% of 215,000.00 = 10,750.00; one cent less and nothing applies. */
static void haaglanden_threshold_includes_its_amount(void **state)
{
	(void)state;
	struct policy *p = fixture_policy("haaglanden-zhc-2023.json");
	assert_non_null(p);
	struct contract_terms c = fixture_contract(CONTRACT_SERVICES, 21500000,
						   "2024-01-01", "2024-12-31");
	struct obligation o = compute(p, &c);
	assert_true(o.applicable);
	assert_int_equal(o.value, 1075000);
	c.value_cents = 21499999;
	o = compute(p, &c);
	assert_false(o.applicable);
	assert_int_equal(o.value, 0);
	assert_non_null(strstr(o.reason, "threshold"));
	policy_free(p);
}

/* Utrecht: "above EUR 100,000" excludes the amount. 100,000.01 x 5% =
 * 5,000.0005 -> 5,000.00 (half-up at the cent). */
static void utrecht_threshold_excludes_its_amount(void **state)
{
	(void)state;
	struct policy *p = fixture_policy("utrecht.json");
	assert_non_null(p);
	struct contract_terms c = fixture_contract(CONTRACT_WORKS, 10000000,
						   "2024-01-01", "2024-12-31");
	assert_false(compute(p, &c).applicable);
	c.value_cents = 10000001;
	struct obligation o = compute(p, &c);
	assert_true(o.applicable);
	assert_int_equal(o.value, 500000);
	policy_free(p);
}

/* Rijk 2011: above EUR 250,000, works and services, term >= 6 months.
 * 2024-01-15..2024-07-14 is exactly 6 months (17/31 + 5 + 14/31); one day
 * less is not. 5% of 300,000.00 = 15,000.00. */
static void rijk_threshold_and_minimum_term(void **state)
{
	(void)state;
	struct policy *p = fixture_policy("rijk-2011.json");
	assert_non_null(p);
	struct contract_terms c = fixture_contract(CONTRACT_WORKS, 25000000,
						   "2024-01-15", "2024-07-14");
	assert_false(compute(p, &c).applicable); /* exactly 250,000: no */
	c.value_cents = 30000000;
	struct obligation o = compute(p, &c);
	assert_true(o.applicable);
	assert_int_equal(o.value, 1500000);
	c.end = day("2024-07-13");
	o = compute(p, &c);
	assert_false(o.applicable);
	assert_non_null(strstr(o.reason, "6 months"));
	c.end = day("2024-07-14");
	c.kind = CONTRACT_SUPPLIES;
	assert_false(compute(p, &c).applicable);
	policy_free(p);
}

static void add_pso_discount(json_t *doc)
{
	json_t *pso = json_object_get(doc, "pso_discount");
	json_object_set_new(pso, "rung_2_pct", json_integer(10));
}

/* PSO: the shipped tables give no discount; with 10% for rung 2 the
 * obligation of a 1,000,000.00 contract goes from 50,000.00 to 45,000.00,
 * but only when the certificate covers the whole term. */
static void pso_discount_needs_validity_over_the_whole_term(void **state)
{
	(void)state;
	struct policy *p = fixture_policy("haaglanden-zhc-2023.json");
	struct policy *q = fixture_policy_changed("haaglanden-zhc-2023.json",
						  add_pso_discount);
	assert_non_null(p);
	assert_non_null(q);
	struct contract_terms c = fixture_contract(CONTRACT_SERVICES, 100000000,
						   "2024-01-01", "2025-12-31");
	c.pso_rung = 2;
	c.has_pso_validity = true;
	c.pso_valid_from = day("2023-06-01");
	c.pso_valid_until = day("2025-12-31");
	struct obligation o = compute(p, &c);
	assert_int_equal(o.value, 5000000);
	assert_false(o.pso_applied);
	o = compute(q, &c);
	assert_true(o.pso_applied);
	assert_int_equal(o.value, 4500000);
	c.pso_valid_until = day("2025-12-30"); /* one day short */
	o = compute(q, &c);
	assert_false(o.pso_applied);
	assert_int_equal(o.value, 5000000);
	assert_non_null(strstr(o.pso_note, "whole term"));
	policy_free(p);
	policy_free(q);
}

/* Rounded once, at the end: 10,000.10 x 5% = 500.005, x 90% = 450.0045
 * -> 450.00. Rounding after the percentage (500.01) would give 450.01. */
static void obligation_is_rounded_once_after_the_discount(void **state)
{
	(void)state;
	struct policy *q = fixture_policy_changed("haaglanden-zhc-2023.json",
						  add_pso_discount);
	assert_non_null(q);
	struct contract_terms c = fixture_contract(CONTRACT_SERVICES, 1000010,
						   "2024-01-01", "2024-12-31");
	c.opt_in = true;
	c.pso_rung = 2;
	c.has_pso_validity = true;
	c.pso_valid_from = day("2024-01-01");
	c.pso_valid_until = day("2024-12-31");
	struct obligation o = compute(q, &c);
	assert_true(o.applicable);
	assert_true(o.opted_in);
	assert_int_equal(o.value, 45000);
	policy_free(q);
}

static void add_exception_and_cap(json_t *doc)
{
	json_t *o = json_object_get(doc, "obligation");
	json_object_set_new(o, "exceptions",
			    json_pack("[{s:s,s:{s:i},s:i}]", "label",
				      "labour share under 30%", "when",
				      "labour_share_below_pct", 30, "pct", 2));
	json_object_set_new(o, "cap_cents", json_integer(30000000));
	add_pso_discount(doc);
}

/* Leidschendam-Voorburg style exception (2% under 30% labour) and a
 * Súdwest-Fryslân style cap of EUR 300,000, then the PSO discount:
 * 20,000,000.00 x 5% = 1,000,000.00 -> cap 300,000.00 -> -10% = 270,000.00;
 * with 25% labour: 2% = 400,000.00 -> cap 300,000.00 -> 270,000.00;
 * 1,000,000.00 with 25% labour: 2% = 20,000.00. */
static void applies_exception_then_cap_then_discount(void **state)
{
	(void)state;
	struct policy *p = fixture_policy_changed("haaglanden-zhc-2023.json",
						  add_exception_and_cap);
	assert_non_null(p);
	struct contract_terms c = fixture_contract(CONTRACT_WORKS, 2000000000,
						   "2024-01-01", "2025-12-31");
	struct obligation o = compute(p, &c);
	assert_int_equal(o.pct_bp, 500);
	assert_true(o.capped);
	assert_int_equal(o.value, 30000000);
	c.pso_rung = 2;
	c.has_pso_validity = true;
	c.pso_valid_from = day("2024-01-01");
	c.pso_valid_until = day("2026-01-01");
	assert_int_equal(compute(p, &c).value, 27000000);
	c.pso_rung = -1;
	c.value_cents = 100000000;
	c.labour_share_bp = 2500;
	o = compute(p, &c);
	assert_int_equal(o.exception, 0);
	assert_int_equal(o.value, 2000000);
	c.labour_share_bp = 3000; /* not under 30% */
	assert_int_equal(compute(p, &c).value, 5000000);
	json_t *e = obligation_explain(p, &c, &o);
	assert_non_null(e);
	json_decref(e);
	policy_free(p);
}

static void comply_or_explain_needs_a_reason(void **state)
{
	(void)state;
	struct policy *p = fixture_policy("haaglanden-zhc-2023.json");
	struct policy *fr = fixture_policy("fr-insertion-example.json");
	assert_non_null(p);
	assert_non_null(fr);
	struct contract_terms c = fixture_contract(CONTRACT_SERVICES, 100000000,
						   "2024-01-01", "2024-12-31");
	c.deviation_bp = 300;
	struct obligation o;
	struct sr_error err = {0};
	assert_false(obligation_compute(p, &c, &o, &err));
	assert_string_equal(err.code, "reason_required");
	c.deviation_reason = "labour is 20% of the contract";
	o = compute(p, &c);
	assert_true(o.deviated);
	assert_int_equal(o.value, 3000000);
	assert_false(obligation_compute(fr, &c, &o, &err));
	assert_string_equal(err.code, "deviation_not_allowed");
	policy_free(p);
	policy_free(fr);
}

static void opt_in_below_the_threshold_when_allowed(void **state)
{
	(void)state;
	struct policy *utrecht = fixture_policy("utrecht.json");
	struct policy *rijk = fixture_policy("rijk-2011.json");
	assert_non_null(utrecht);
	assert_non_null(rijk);
	struct contract_terms c = fixture_contract(CONTRACT_SERVICES, 5000000,
						   "2024-01-01", "2024-12-31");
	c.opt_in = true;
	struct obligation o = compute(utrecht, &c);
	assert_true(o.applicable);
	assert_false(o.by_rules);
	assert_int_equal(o.value, 250000);
	struct sr_error err = {0};
	assert_false(obligation_compute(rijk, &c, &o, &err));
	assert_string_equal(err.code, "opt_in_not_allowed");
	policy_free(utrecht);
	policy_free(rijk);
}

/* French example: 0.57 hours per EUR 1,000: 1,000,000.00 -> 570.00 hours;
 * 50,000,000.00 -> 28,500 hours, capped at 20,000; CPV 09 is excluded. */
static void hours_obligation_per_value_with_cap(void **state)
{
	(void)state;
	struct policy *p = fixture_policy("fr-insertion-example.json");
	assert_non_null(p);
	struct contract_terms c = fixture_contract(CONTRACT_WORKS, 100000000,
						   "2024-01-01", "2024-12-31");
	struct obligation o = compute(p, &c);
	assert_int_equal(o.value, 57000);
	c.value_cents = 5000000000;
	o = compute(p, &c);
	assert_true(o.capped);
	assert_int_equal(o.value, 2000000);
	c.cpv = "09310000-5";
	assert_false(compute(p, &c).applicable);
	policy_free(p);
}

static void use_labour_hours(json_t *doc)
{
	json_t *o = json_object_get(doc, "obligation");
	json_object_del(o, "hours_per_1000_eur");
	json_object_set_new(o, "labour_hours_pct", json_integer(25));
}

/* HUD Section 3 style: 25% of 10,000.5 labour hours = 2,500.125 -> 2,500.13. */
static void hours_obligation_as_share_of_labour_hours(void **state)
{
	(void)state;
	struct policy *p = fixture_policy_changed("fr-insertion-example.json",
						  use_labour_hours);
	assert_non_null(p);
	struct contract_terms c = fixture_contract(CONTRACT_WORKS, 100000000,
						   "2024-01-01", "2024-12-31");
	struct obligation o;
	struct sr_error err = {0};
	assert_false(obligation_compute(p, &c, &o, &err));
	assert_string_equal(err.code, "labour_hours_required");
	c.labour_hours_c = 1000050;
	o = compute(p, &c);
	assert_int_equal(o.value, 250013);
	policy_free(p);
}

static void add_prequalification(json_t *doc)
{
	json_object_set_new(doc, "pre_qualification",
			    json_pack("{s:i,s:i,s:i}", "min_pso_rung", 2,
				      "min_realisation_pct", 80,
				      "lookback_years", 3));
}

/* PSO rung 2 passes; otherwise the realisation over contracts ended in the
 * last 3 years: (70 + 100) / (100 + 100) = 85% >= 80% passes, 70% fails;
 * a contract ended 4 years ago does not count; no history passes. */
static void prequalification_by_rung_or_realisation(void **state)
{
	(void)state;
	struct policy *p =
	    fixture_policy_changed("utrecht.json", add_prequalification);
	assert_non_null(p);
	sr_date award = day("2025-06-01");
	struct past_contract past[] = {
	    {day("2024-03-31"), 10000, 7000},
	    {day("2023-12-31"), 10000, 10000},
	    {day("2021-12-31"), 10000, 0},
	};
	struct prequalification q;
	obligation_prequalify(p, 2, true, NULL, 0, award, &q);
	assert_true(q.required && q.passes);
	obligation_prequalify(p, 2, false, past, 1, award, &q);
	assert_false(q.passes); /* 70% and the certificate not valid */
	obligation_prequalify(p, 1, true, past, 3, award, &q);
	assert_true(q.passes);
	assert_non_null(strstr(q.reason, "85.0%"));
	obligation_prequalify(p, -1, false, past + 2, 1, award, &q);
	assert_true(q.passes);
	policy_free(p);
	struct policy *none = fixture_policy("utrecht.json");
	obligation_prequalify(none, -1, false, past, 3, award, &q);
	assert_false(q.required);
	assert_true(q.passes);
	policy_free(none);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(haaglanden_threshold_includes_its_amount),
	    cmocka_unit_test(utrecht_threshold_excludes_its_amount),
	    cmocka_unit_test(rijk_threshold_and_minimum_term),
	    cmocka_unit_test(pso_discount_needs_validity_over_the_whole_term),
	    cmocka_unit_test(obligation_is_rounded_once_after_the_discount),
	    cmocka_unit_test(applies_exception_then_cap_then_discount),
	    cmocka_unit_test(comply_or_explain_needs_a_reason),
	    cmocka_unit_test(opt_in_below_the_threshold_when_allowed),
	    cmocka_unit_test(hours_obligation_per_value_with_cap),
	    cmocka_unit_test(hours_obligation_as_share_of_labour_hours),
	    cmocka_unit_test(prequalification_by_rung_or_realisation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
