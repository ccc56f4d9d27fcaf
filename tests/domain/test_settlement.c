/* test_settlement.c: contract figures (accepted, pending, forecast,
 * shortfall, settlement after the recovery period), early warnings, the
 * quota view and retention rates, with figures computed by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "domain/settlement.h"
#include "policy_fixtures.h"

/* The issue's contract under Haaglanden: services, 1,000,000.00, term
 * 2024-01-01..2025-12-31, obligation 5% = 50,000.00.
 * a1: Participatiewet, full time, 2024-03-01..2025-02-28: 40,000.00
 * a2: BBL level 2, 32 h, 2024-09-01..2025-08-31: 25,000 x 8/9 = 22,222.22 */
struct case_ {
	struct policy *p;
	struct contract_terms c;
	struct activity acts[2];
	struct activity_value v[2];
};

static void issue_contract(struct case_ *k, const char *policy_file)
{
	k->p = fixture_policy(policy_file);
	assert_non_null(k->p);
	k->c = fixture_contract(CONTRACT_SERVICES, 100000000, "2024-01-01",
				"2025-12-31");
	k->acts[0] = placement("a1", ACTIVITY_HIRE, "c1",
			       groups("participatiewet", NULL), "2024-03-01",
			       "2025-02-28", 3600);
	k->acts[1] =
	    placement("a2", ACTIVITY_BBL, "c2", groups("mbo_bbl", NULL),
		      "2024-09-01", "2025-08-31", 3200);
	k->acts[1].level = 2;
	k->acts[1].status = REALISATION_PENDING;
	assert_int_equal(value_all(k->p, &k->c, k->acts, 2, k->v),
			 4000000 + 2222222);
}

/* After the term: recovery ends 2025-12-31 + 6 months = 2026-06-30.
 * Accepted 40,000.00 of 50,000.00: shortfall 10,000.00, withheld in full
 * from 2026-07-01 on; not before; not with best efforts. */
static void settles_the_shortfall_after_the_recovery_period(void **state)
{
	(void)state;
	struct case_ k;
	issue_contract(&k, "haaglanden-zhc-2023.json");
	struct contract_figures f;
	settlement_figures(k.p, &k.c, 5000000, k.acts, k.v, 2,
			   day("2026-06-30"), false, &f);
	assert_int_equal(f.sums.accepted, 4000000);
	assert_int_equal(f.sums.pending, 2222222);
	assert_int_equal(f.shortfall, 1000000);
	assert_int_equal(f.settlement_date, day("2026-06-30"));
	assert_false(f.settlement_due);
	assert_int_equal(f.settlement_cents, 0);
	assert_true(f.has_realisation_pct);
	assert_int_equal(f.realisation_pct_tenths, 800);
	settlement_figures(k.p, &k.c, 5000000, k.acts, k.v, 2,
			   day("2026-07-01"), false, &f);
	assert_true(f.settlement_due);
	assert_int_equal(f.settlement_cents, 1000000);
	settlement_figures(k.p, &k.c, 5000000, k.acts, k.v, 2,
			   day("2026-07-01"), true, &f);
	assert_true(f.exempted);
	assert_int_equal(f.settlement_cents, 0);
	/* accepting a2 too: 62,222.22 > 50,000.00, nothing to settle */
	k.acts[1].status = REALISATION_ACCEPTED;
	settlement_figures(k.p, &k.c, 5000000, k.acts, k.v, 2,
			   day("2026-07-01"), false, &f);
	assert_int_equal(f.shortfall, 0);
	assert_int_equal(f.settlement_cents, 0);
	assert_int_equal(f.realisation_pct_tenths, 1244); /* 124.4% */
	policy_free(k.p);
}

/* As of 2024-09-30: a1 has run 7 of its 12 months: 40,000 x 7/12 =
 * 23,333.33 accepted so far; a2 (pending) 1 month: 25,000 x 8/9 / 12 =
 * 1,851.85. Forecast = 23,333.33 + the rest of a1 (16,666.67) + the rest
 * of a2 (22,222.22 - 1,851.85 = 20,370.37) = 60,370.37 (120.7%). */
static void forecast_adds_the_rest_of_running_placements(void **state)
{
	(void)state;
	struct case_ k;
	issue_contract(&k, "haaglanden-zhc-2023.json");
	struct contract_figures f;
	settlement_figures(k.p, &k.c, 5000000, k.acts, k.v, 2,
			   day("2024-09-30"), false, &f);
	assert_int_equal(f.sums.accepted, 2333333);
	assert_int_equal(f.sums.pending, 185185);
	assert_int_equal(f.full.accepted, 4000000);
	assert_int_equal(f.full.pending, 2222222);
	assert_int_equal(f.forecast, 6037037);
	assert_int_equal(f.realisation_pct_tenths, 467); /* 46.7% */
	assert_int_equal(f.forecast_pct_tenths, 1207);
	assert_int_equal(f.by_kind[ACTIVITY_HIRE].accepted, 2333333);
	assert_int_equal(f.by_kind[ACTIVITY_BBL].pending, 185185);
	assert_int_equal(f.by_group[TG_PARTICIPATIEWET].accepted, 2333333);
	/* the BBL block has no target group: the last row */
	assert_int_equal(f.by_group[TARGET_GROUP_COUNT].pending, 185185);
	assert_false(settlement_early_warning(&k.c, &f, day("2024-09-30")));
	/* a rejected a2 leaves the forecast at a1's 40,000.00 (80%): past
	 * half the term that is an early warning. As of 2025-03-01 the
	 * rejected a2 has run 6 + 1/31 months: 25,000 x 8/9 x (6 + 1/31) / 12
	 * = 11,170.848 -> 11,170.85. */
	k.acts[1].status = REALISATION_REJECTED;
	settlement_figures(k.p, &k.c, 5000000, k.acts, k.v, 2,
			   day("2025-03-01"), false, &f);
	assert_int_equal(f.forecast, 4000000);
	assert_int_equal(f.sums.rejected, 1117085);
	assert_true(settlement_early_warning(&k.c, &f, day("2025-03-01")));
	assert_false(settlement_early_warning(&k.c, &f, day("2026-01-01")));
	policy_free(k.p);
}

/* French example: 570.00 hours owed, 460.00 realised (a hire of 92 days at
 * 35 h): 110 missing hours x EUR 50 = 5,500.00, due the day after the end
 * (no recovery period). */
static void hours_shortfall_settles_at_the_penalty_per_hour(void **state)
{
	(void)state;
	struct policy *p = fixture_policy("fr-insertion-example.json");
	assert_non_null(p);
	struct contract_terms c = fixture_contract(CONTRACT_WORKS, 100000000,
						   "2024-01-01", "2024-12-31");
	struct activity a =
	    placement("h", ACTIVITY_HIRE, "c1", groups("ww", NULL),
		      "2024-10-01", "2024-12-31", 3500);
	struct activity_value v;
	assert_int_equal(value_all(p, &c, &a, 1, &v), 46000);
	struct contract_figures f;
	settlement_figures(p, &c, 57000, &a, &v, 1, day("2024-12-31"), false,
			   &f);
	assert_false(f.settlement_due);
	settlement_figures(p, &c, 57000, &a, &v, 1, day("2025-01-01"), false,
			   &f);
	assert_int_equal(f.shortfall, 11000);
	assert_int_equal(f.settlement_cents, 550000);
	policy_free(p);
}

static void quota_view_and_fte(void **state)
{
	(void)state;
	struct policy *p = fixture_policy("haaglanden-zhc-2023.json");
	struct policy *rijk = fixture_policy("rijk-2011.json");
	int64_t tenths;
	/* 50,000.00 / 40,000.00 per person-year = 1.25 -> 1.3 people */
	assert_true(report_quota_people_tenths(p, 5000000, &tenths));
	assert_int_equal(tenths, 13);
	assert_false(report_quota_people_tenths(rijk, 5000000, &tenths));
	assert_int_equal(report_fte_permyriad(3200, 3600), 8889);
	assert_int_equal(report_fte_permyriad(4000, 3600), 10000);
	policy_free(p);
	policy_free(rijk);
}

/* Follow-ups at 6, 12, 24 months; only those due count; unknown answers
 * are left out of the rate: 2 yes, 1 no -> 66.7%. */
static void retention_rate_counts_known_due_followups(void **state)
{
	(void)state;
	sr_date start = day("2024-01-15");
	assert_int_equal(retention_followup_date(start, 6), day("2024-07-15"));
	struct retention_tally t = {0};
	int64_t rate;
	retention_add(&t, start, 6, FOLLOWUP_YES, day("2024-07-14"));
	assert_int_equal(t.due, 0);
	assert_false(retention_rate_tenths(&t, &rate));
	retention_add(&t, start, 6, FOLLOWUP_YES, day("2025-02-01"));
	retention_add(&t, start, 12, FOLLOWUP_YES, day("2025-02-01"));
	retention_add(&t, day("2023-06-01"), 12, FOLLOWUP_NO,
		      day("2025-02-01"));
	retention_add(&t, day("2023-06-01"), 6, FOLLOWUP_UNKNOWN,
		      day("2025-02-01"));
	retention_add(&t, start, 24, FOLLOWUP_YES,
		      day("2025-02-01")); /* not due */
	assert_int_equal(t.due, 4);
	assert_true(retention_rate_tenths(&t, &rate));
	assert_int_equal(rate, 667);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(settles_the_shortfall_after_the_recovery_period),
	    cmocka_unit_test(forecast_adds_the_rest_of_running_placements),
	    cmocka_unit_test(hours_shortfall_settles_at_the_penalty_per_hour),
	    cmocka_unit_test(quota_view_and_fte),
	    cmocka_unit_test(retention_rate_counts_known_due_followups),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
