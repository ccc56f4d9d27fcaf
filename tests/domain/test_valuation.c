/* test_valuation.c: worked examples for every shipped table, computed by
 * hand in the comments, and a property test over random realisations.
 *
 * Contracts: Haaglanden, Utrecht, Rijk and Rijnvicus examples run on a term
 * 2024-01-01..2025-12-31; the French example on 2024-01-01..2024-12-31.
 * Values are cents (eur) or hundredths of an hour (hours). 3600 = 36 h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "domain/settlement.h"
#include "policy_fixtures.h"

#define HIRE ACTIVITY_HIRE

struct fixture {
	struct policy *haaglanden, *utrecht, *rijk, *fr, *rijnvicus;
	struct contract_terms two_years, one_year;
};

static int setup(void **state)
{
	static struct fixture f;
	f.haaglanden = fixture_policy("haaglanden-zhc-2023.json");
	f.utrecht = fixture_policy("utrecht.json");
	f.rijk = fixture_policy("rijk-2011.json");
	f.fr = fixture_policy("fr-insertion-example.json");
	f.rijnvicus = fixture_policy("rijnvicus.json");
	f.two_years = fixture_contract(CONTRACT_SERVICES, 100000000,
				       "2024-01-01", "2025-12-31");
	f.one_year = fixture_contract(CONTRACT_WORKS, 100000000, "2024-01-01",
				      "2024-12-31");
	*state = &f;
	return f.haaglanden && f.utrecht && f.rijk && f.fr && f.rijnvicus ? 0
									  : -1;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	policy_free(f->haaglanden);
	policy_free(f->utrecht);
	policy_free(f->rijk);
	policy_free(f->fr);
	policy_free(f->rijnvicus);
	return 0;
}

/* The value of one activity on contract c. */
static int64_t value_one(const struct policy *p, const struct contract_terms *c,
			 struct activity a, struct activity_value *v)
{
	struct activity_value local;
	if (!v)
		v = &local;
	return value_all(p, c, &a, 1, v);
}

static const char *block_of(const struct policy *p,
			    const struct activity_value *v)
{
	return v->block >= 0 ? p->blocks[v->block].id : "(none)";
}

/* Twelve whole calendar months full time are exactly the annual value. */
static void full_time_year_counts_the_annual_value(void **state)
{
	struct fixture *f = *state;
	struct activity_value v;
	/* Haaglanden, Participatiewet EUR 40,000 x 36/36 x 12/12 = 40,000.00 */
	assert_int_equal(value_one(f->haaglanden, &f->two_years,
				   placement("a", HIRE, "c1",
					     groups("participatiewet", NULL),
					     "2024-03-01", "2025-02-28", 3600),
				   &v),
			 4000000);
	assert_string_equal(block_of(f->haaglanden, &v), "participatiewet");
	/* Utrecht, WW EUR 20,000 x 1 x 12/12 = 20,000.00 */
	assert_int_equal(
	    value_one(f->utrecht, &f->two_years,
		      placement("a", HIRE, "c1", groups("ww", NULL),
				"2024-01-01", "2024-12-31", 3600),
		      NULL),
	    2000000);
	/* Rijnvicus, WIA EUR 40,000 = 40,000.00 */
	assert_int_equal(
	    value_one(f->rijnvicus, &f->two_years,
		      placement("a", HIRE, "c1", groups("wia", NULL),
				"2025-01-01", "2025-12-31", 3600),
		      NULL),
	    4000000);
	/* Rijk 2011 counts the wage costs, whatever the hours: 31,250.00 */
	struct activity a = placement("a", HIRE, "c1", groups("ww", NULL),
				      "2024-01-01", "2024-12-31", 3600);
	a.amount_cents = 3125000;
	assert_int_equal(value_one(f->rijk, &f->two_years, a, NULL), 3125000);
	/* French example in hours: 35 h a week x 366 days (2024) / 7 =
	 * 1,830.00 hours */
	assert_int_equal(
	    value_one(f->fr, &f->one_year,
		      placement("a", HIRE, "c1", groups("ww", NULL),
				"2024-01-01", "2024-12-31", 3500),
		      NULL),
	    183000);
}

static void part_time_half_year_counts_pro_rata(void **state)
{
	struct fixture *f = *state;
	/* Haaglanden, WW EUR 20,000 x 18/36 x 6/12 = 5,000.00 */
	assert_int_equal(
	    value_one(f->haaglanden, &f->two_years,
		      placement("a", HIRE, "c1", groups("ww", NULL),
				"2024-01-01", "2024-06-30", 1800),
		      NULL),
	    500000);
	/* Utrecht, mbo BOL level 3 EUR 20,000 x 18/36 x 6/12 = 5,000.00 */
	struct activity a = placement("a", ACTIVITY_BOL, "c1", 0, "2024-02-01",
				      "2024-07-31", 1800);
	a.level = 3;
	assert_int_equal(value_one(f->utrecht, &f->two_years, a, NULL), 500000);
	/* Rijnvicus, Participatiewet EUR 30,000 x 18/36 x 6/12 = 7,500.00 */
	assert_int_equal(value_one(f->rijnvicus, &f->two_years,
				   placement("a", HIRE, "c1",
					     groups("participatiewet", NULL),
					     "2024-07-01", "2024-12-31", 1800),
				   NULL),
			 750000);
	/* French example: 17.5 h x 182 days (Jan-Jun 2024) / 7 = 455.00 h */
	assert_int_equal(
	    value_one(f->fr, &f->one_year,
		      placement("a", HIRE, "c1", groups("ww", NULL),
				"2024-01-01", "2024-06-30", 1750),
		      NULL),
	    45500);
	/* Hours above full time count as full time (EUR): 40 h = 36 h */
	struct activity_value v;
	assert_int_equal(
	    value_one(f->haaglanden, &f->two_years,
		      placement("a", HIRE, "c1", groups("ww", NULL),
				"2024-01-01", "2024-12-31", 4000),
		      &v),
	    2000000);
	assert_true(v.capped_by_full_time);
}

static void partial_months_count_their_days(void **state)
{
	struct fixture *f = *state;
	/* 2024-01-15..2024-07-14 = 17/31 + 5 + 14/31 = 6 months.
	 * Haaglanden WIA EUR 30,000 x 6/12 = 15,000.00 */
	assert_int_equal(
	    value_one(f->haaglanden, &f->two_years,
		      placement("a", HIRE, "c1", groups("wia", NULL),
				"2024-01-15", "2024-07-14", 3600),
		      NULL),
	    1500000);
	/* Haaglanden young person, 20 days of February 2024 (29 days):
	 * EUR 10,000 x (20/29) / 12 = 574.7126... -> 574.71 */
	assert_int_equal(
	    value_one(f->haaglanden, &f->two_years,
		      placement("a", HIRE, "c1",
				groups("young_no_qualification", NULL),
				"2024-02-10", "2024-02-29", 3600),
		      NULL),
	    57471);
	/* Utrecht WW EUR 20,000 x 6/12 = 10,000.00 */
	assert_int_equal(
	    value_one(f->utrecht, &f->two_years,
		      placement("a", HIRE, "c1", groups("ww", NULL),
				"2024-01-15", "2024-07-14", 3600),
		      NULL),
	    1000000);
	/* Rijnvicus no benefit, 12 days of March 2024: EUR 5,000 x (12/31)
	 * / 12 = 161.2903... -> 161.29 */
	assert_int_equal(
	    value_one(f->rijnvicus, &f->two_years,
		      placement("a", HIRE, "c1", groups("no_benefit", NULL),
				"2024-03-20", "2024-03-31", 3600),
		      NULL),
	    16129);
	/* French example: 182 days x 35 / 7 = 910.00 hours */
	assert_int_equal(
	    value_one(f->fr, &f->one_year,
		      placement("a", HIRE, "c1", groups("ww", NULL),
				"2024-01-15", "2024-07-14", 3500),
		      NULL),
	    91000);
}

static void period_is_cut_by_the_contract_term(void **state)
{
	struct fixture *f = *state;
	struct activity_value v;
	/* Haaglanden: 2025-07-01..2026-06-30 on a term ending 2025-12-31:
	 * 6 months of Participatiewet = 20,000.00 */
	assert_int_equal(value_one(f->haaglanden, &f->two_years,
				   placement("a", HIRE, "c1",
					     groups("participatiewet", NULL),
					     "2025-07-01", "2026-06-30", 3600),
				   &v),
			 2000000);
	assert_true(v.cut_by_term);
	assert_int_equal(v.last, day("2025-12-31"));
	/* Utrecht Banenafspraak 2025-10-01..2026-03-31: 3 months of EUR 50,000
	 * = 12,500.00 */
	assert_int_equal(
	    value_one(f->utrecht, &f->two_years,
		      placement("a", HIRE, "c1", groups("banenafspraak", NULL),
				"2025-10-01", "2026-03-31", 3600),
		      NULL),
	    1250000);
	/* French example: 2024-10-01..2025-03-31 on 2024: 92 days x 5 h =
	 * 460.00 hours */
	assert_int_equal(
	    value_one(f->fr, &f->one_year,
		      placement("a", HIRE, "c1", groups("ww", NULL),
				"2024-10-01", "2025-03-31", 3500),
		      NULL),
	    46000);
	/* Rijk: a hire wholly after the term is refused outside_term */
	struct activity a = placement("a", HIRE, "c1", groups("ww", NULL),
				      "2026-01-01", "2026-06-30", 3600);
	a.amount_cents = 1000000;
	assert_int_equal(value_one(f->rijk, &f->two_years, a, &v), 0);
	assert_int_equal(v.refusal, REFUSAL_OUTSIDE_TERM);
	/* a dated purchase outside the term too */
	struct activity p = purchase("p", "social_enterprise", 100000);
	p.has_period = true;
	p.start = p.end = day("2023-12-31");
	assert_int_equal(value_one(f->utrecht, &f->two_years, p, &v), 0);
	assert_int_equal(v.refusal, REFUSAL_OUTSIDE_TERM);
}

/* Haaglanden: "someone hired up to 12 months before the contract started
 * may count" (for the part within the term). */
static void hire_before_the_start_counts_within_twelve_months(void **state)
{
	struct fixture *f = *state;
	struct activity_value v;
	/* hired 2023-01-01, exactly 12 months before: Jan-Jun 2024 counts,
	 * 6 months of EUR 40,000 = 20,000.00 */
	assert_int_equal(value_one(f->haaglanden, &f->two_years,
				   placement("a", HIRE, "c1",
					     groups("participatiewet", NULL),
					     "2023-01-01", "2024-06-30", 3600),
				   &v),
			 2000000);
	/* hired 2022-12-31: more than 12 months before */
	assert_int_equal(value_one(f->haaglanden, &f->two_years,
				   placement("a", HIRE, "c1",
					     groups("participatiewet", NULL),
					     "2022-12-31", "2024-06-30", 3600),
				   &v),
			 0);
	assert_int_equal(v.refusal, REFUSAL_OUTSIDE_TERM);
}

/* Haaglanden WW counts at most 12 months per candidate. The first
 * realisation (8 months) gives 20,000 x 8/12 = 13,333.33; the second
 * (6 months) has 4 left: 20,000 x 4/12 = 6,666.67; together 20,000.00. */
static void period_is_cut_by_the_maximum_across_realisations(void **state)
{
	struct fixture *f = *state;
	struct activity acts[3] = {
	    /* listed second-first: the order of start dates decides */
	    placement("second", HIRE, "c5", groups("ww", NULL), "2024-10-01",
		      "2025-03-31", 3600),
	    placement("first", HIRE, "c5", groups("ww", NULL), "2024-01-01",
		      "2024-08-31", 3600),
	    placement("other", HIRE, "c6", groups("ww", NULL), "2024-01-01",
		      "2024-12-31", 3600),
	};
	struct activity_value v[3];
	assert_int_equal(value_all(f->haaglanden, &f->two_years, acts, 3, v),
			 1333333 + 666667 + 2000000);
	assert_int_equal(v[1].value, 1333333);
	assert_int_equal(v[0].value, 666667);
	assert_true(v[0].cut_by_max);
	assert_int_equal(v[0].counted_months, 4 * 377580);
	assert_int_equal(v[0].months_before, 8 * 377580);

	/* A rejected realisation does not use the period up: the second
	 * then counts its 6 months, 10,000.00. */
	acts[1].status = REALISATION_REJECTED;
	value_all(f->haaglanden, &f->two_years, acts, 3, v);
	assert_int_equal(v[0].value, 1000000);

	/* Utrecht has no maximum: 12 + 12 months of Participatiewet =
	 * 40,000 + 40,000 = 80,000.00 */
	struct activity u[2] = {
	    placement("y1", HIRE, "c7", groups("participatiewet", NULL),
		      "2024-01-01", "2024-12-31", 3600),
	    placement("y2", HIRE, "c7", groups("participatiewet", NULL),
		      "2025-01-01", "2025-12-31", 3600),
	};
	struct activity_value uv[2];
	assert_int_equal(value_all(f->utrecht, &f->two_years, u, 2, uv),
			 8000000);
}

static void bonuses_are_added_per_year_and_pro_rata(void **state)
{
	struct fixture *f = *state;
	struct activity a =
	    placement("a", HIRE, "c1", groups("participatiewet", NULL),
		      "2024-01-01", "2024-12-31", 3600);
	struct activity_value v;
	/* Haaglanden: Participatiewet 40,000 + age 55+ 10,000 = 50,000.00 */
	a.age_at_start = 56;
	assert_int_equal(value_one(f->haaglanden, &f->two_years, a, &v),
			 5000000);
	assert_true(v.bonuses != 0);
	/* the same half time for half a year: 50,000 x 1/2 x 6/12 = 12,500.00
	 */
	a.hours_per_week_c = 1800;
	a.end = day("2024-06-30");
	assert_int_equal(value_one(f->haaglanden, &f->two_years, a, NULL),
			 1250000);
	/* Haaglanden VSO/PrO pupil hired after an internship of 6 months, as
	 * a young person without basic qualification: 10,000 + 25,000 =
	 * 35,000.00; after 5.5 months no bonus: 10,000.00 */
	struct activity b = placement(
	    "b", HIRE, "c2", groups("young_no_qualification", "vso_pro"),
	    "2024-01-01", "2024-12-31", 3600);
	b.prior_internship_c = 600;
	assert_int_equal(value_one(f->haaglanden, &f->two_years, b, NULL),
			 3500000);
	b.prior_internship_c = 550;
	assert_int_equal(value_one(f->haaglanden, &f->two_years, b, NULL),
			 1000000);
	/* Utrecht: no benefit 10,000 + statushouder 10,000 + permanent
	 * contract 10,000 = 30,000.00; "older than 50": 50 no, 51 yes */
	struct activity c =
	    placement("c", HIRE, "c3", groups("no_benefit", "statushouder"),
		      "2024-01-01", "2024-12-31", 3600);
	c.permanent_contract = true;
	assert_int_equal(value_one(f->utrecht, &f->two_years, c, NULL),
			 3000000);
	c.age_at_start = 50;
	assert_int_equal(value_one(f->utrecht, &f->two_years, c, NULL),
			 3000000);
	c.age_at_start = 51;
	assert_int_equal(value_one(f->utrecht, &f->two_years, c, NULL),
			 4000000);
}

/* Several target groups: the block with the highest annual value counts,
 * the first in the table on a tie, and the explanation says which. */
static void candidate_in_two_groups_counts_under_the_best_block(void **state)
{
	struct fixture *f = *state;
	struct activity a =
	    placement("a", HIRE, "c1", groups("ww", "participatiewet"),
		      "2024-01-01", "2024-12-31", 3600);
	struct activity_value v;
	/* Haaglanden: WW 20,000 or Participatiewet 40,000 -> 40,000.00 */
	assert_int_equal(value_one(f->haaglanden, &f->two_years, a, &v),
			 4000000);
	assert_string_equal(block_of(f->haaglanden, &v), "participatiewet");
	json_t *e = valuation_explain(f->haaglanden, &a, &v);
	assert_string_equal(
	    json_string_value(json_object_get(e, "target_group")),
	    "participatiewet");
	json_t *also = json_object_get(e, "also_fits");
	assert_int_equal(json_array_size(also), 1);
	assert_string_equal(json_string_value(json_object_get(
				json_array_get(also, 0), "block")),
			    "ww");
	json_decref(e);
	/* Utrecht: Participatiewet and WIA are both 40,000: the first in the
	 * table (participatiewet) counts */
	a.target_groups = groups("wia", "participatiewet");
	assert_int_equal(value_one(f->utrecht, &f->two_years, a, &v), 4000000);
	assert_string_equal(block_of(f->utrecht, &v), "participatiewet");
	/* Rijnvicus: Participatiewet 30,000, or with a UWV-assessed disability
	 * (banenafspraak) 50,000 -> 50,000.00 */
	a.target_groups = groups("participatiewet", "banenafspraak");
	assert_int_equal(value_one(f->rijnvicus, &f->two_years, a, &v),
			 5000000);
	assert_string_equal(block_of(f->rijnvicus, &v),
			    "participatiewet_work_disability");
}

static void purchases_count_the_share_for_their_category(void **state)
{
	struct fixture *f = *state;
	struct activity_value v;
	/* Utrecht: social enterprise, 100% of 12,345.67 = 12,345.67 */
	assert_int_equal(value_one(f->utrecht, &f->two_years,
				   purchase("p", "social_enterprise", 1234567),
				   &v),
			 1234567);
	/* Haaglanden's table has no purchase block: refused not_eligible */
	assert_int_equal(value_one(f->haaglanden, &f->two_years,
				   purchase("p", "social_enterprise", 1234567),
				   &v),
			 0);
	assert_int_equal(v.refusal, REFUSAL_NOT_ELIGIBLE);
	assert_non_null(strstr(v.message, "no purchase block"));
	/* Rijk counts sheltered work only */
	assert_int_equal(value_one(f->rijk, &f->two_years,
				   purchase("p", "social_enterprise", 1000000),
				   &v),
			 0);
	assert_int_equal(v.refusal, REFUSAL_NOT_ELIGIBLE);
	assert_int_equal(value_one(f->rijk, &f->two_years,
				   purchase("p", "sheltered_work", 1000000),
				   NULL),
			 1000000);
	/* Rijnvicus: a sheltered-work company's paid invoices, 5,000.00 */
	assert_int_equal(value_one(f->rijnvicus, &f->two_years,
				   purchase("p", "sheltered_work", 500000),
				   NULL),
			 500000);
	/* French example: 40% of 10,000.00 at EUR 35 an hour = 114.2857 h
	 * -> 114.29 hours */
	assert_int_equal(
	    value_one(f->fr, &f->one_year,
		      purchase("p", "insertion_enterprise", 1000000), NULL),
	    11429);
}

static void hours_and_costs_count_their_amount(void **state)
{
	struct fixture *f = *state;
	struct activity a;
	activity_init(&a);
	a.id = "h";
	a.kind = ACTIVITY_HOURS;
	a.hours_c = 1250; /* 12.5 hours x EUR 100 = 1,250.00 (Utrecht) */
	assert_int_equal(value_one(f->utrecht, &f->two_years, a, NULL), 125000);
	a.kind = ACTIVITY_TRAINING; /* French: 12.5 training hours */
	assert_int_equal(value_one(f->fr, &f->one_year, a, NULL), 1250);
	/* Rijnvicus social activity: costs, at most EUR 1,000 a day */
	struct activity c;
	activity_init(&c);
	c.id = "c";
	c.kind = ACTIVITY_CUSTOM;
	c.block = "social_activity";
	c.amount_cents = 150000;
	struct activity_value v;
	assert_int_equal(value_one(f->rijnvicus, &f->two_years, c, &v), 100000);
	assert_true(v.capped_value);
	/* Haaglanden training needs its costs */
	c.kind = ACTIVITY_TRAINING;
	c.block = NULL;
	c.amount_cents = -1;
	assert_int_equal(value_one(f->haaglanden, &f->two_years, c, &v), 0);
	assert_int_equal(v.refusal, REFUSAL_NOT_ELIGIBLE);
	assert_non_null(strstr(v.message, "amount_cents"));
}

/* Overlapping realisations of one candidate that exceed full time together:
 * the later one (start date, then input order) is refused. */
static void overlapping_realisations_beyond_full_time_are_refused(void **state)
{
	struct fixture *f = *state;
	struct activity acts[3] = {
	    placement("late", HIRE, "c9", groups("ww", NULL), "2024-06-01",
		      "2024-12-31", 2000),
	    placement("early", HIRE, "c9", groups("ww", NULL), "2024-01-01",
		      "2024-12-31", 2400),
	    placement("fits", HIRE, "c9", groups("ww", NULL), "2024-07-01",
		      "2024-07-31", 1200),
	};
	struct activity_value v[3];
	value_all(f->haaglanden, &f->two_years, acts, 3, v);
	/* 24 + 20 = 44 h > 36 h: "late" refused, naming "early" */
	assert_int_equal(v[0].refusal, REFUSAL_DOUBLE_COUNTING);
	assert_int_equal(v[0].value, 0);
	assert_string_equal(v[0].conflict_activity, "early");
	assert_non_null(strstr(v[0].message, "early"));
	/* 24 + 12 = 36 h: within full time */
	assert_int_equal(v[2].refusal, REFUSAL_NONE);
	/* Same start: the later in input order is refused */
	struct activity same[2] = {
	    placement("x", HIRE, "c8", groups("ww", NULL), "2024-01-01",
		      "2024-03-31", 3600),
	    placement("y", HIRE, "c8", groups("ww", NULL), "2024-01-01",
		      "2024-03-31", 800),
	};
	value_all(f->utrecht, &f->two_years, same, 2, v);
	assert_int_equal(v[0].refusal, REFUSAL_NONE);
	assert_int_equal(v[1].refusal, REFUSAL_DOUBLE_COUNTING);
}

/* Across contracts: the caller passes the candidate's counted realisations
 * elsewhere; the refusal names a contract of the same organisation and only
 * says "elsewhere in the region" for another organisation's. */
static void double_counting_across_contracts_and_organisations(void **state)
{
	struct fixture *f = *state;
	struct activity a =
	    placement("a", HIRE, "pseudonym-1", groups("ww", NULL),
		      "2024-03-01", "2024-08-31", 3600);
	struct counted_elsewhere e = {
	    "pseudonym-1", day("2024-01-01"), day("2024-04-30"), 1000, -1,
	    "U-2023-017"};
	struct activity_value v;
	struct sr_error err = {0};
	assert_true(
	    valuation_run(f->utrecht, &f->two_years, &a, 1, &e, 1, &v, &err));
	assert_int_equal(v.refusal, REFUSAL_DOUBLE_COUNTING);
	assert_string_equal(v.conflict_contract, "U-2023-017");
	assert_non_null(strstr(v.message, "U-2023-017"));
	e.contract = NULL;
	assert_true(
	    valuation_run(f->utrecht, &f->two_years, &a, 1, &e, 1, &v, &err));
	assert_true(v.conflict_elsewhere);
	assert_null(strstr(v.message, "U-2023"));
	/* a realisation elsewhere that starts later does not refuse this one */
	e.start = day("2024-05-01");
	e.end = day("2024-12-31");
	assert_true(
	    valuation_run(f->utrecht, &f->two_years, &a, 1, &e, 1, &v, &err));
	assert_int_equal(v.refusal, REFUSAL_NONE);
	assert_int_equal(v.value, 1000000); /* 6 months of WW 20,000 */
}

/* Rijnvicus from its file, no code special to it: a Participatiewet
 * candidate with a UWV-assessed disability (banenafspraak), 56 at the
 * start, full time for 2024: 50,000 + 55+ bonus 15,000 = 65,000.00.
 * A Wsw hire counts 50,000 only under the block it names; otherwise the
 * Wajong block (25,000) counts a banenafspraak hire. */
static void rijnvicus_table_loads_and_counts(void **state)
{
	struct fixture *f = *state;
	struct activity a = placement(
	    "a", HIRE, "c1", groups("participatiewet", "banenafspraak"),
	    "2024-01-01", "2024-12-31", 3600);
	a.age_at_start = 56;
	struct activity_value v;
	assert_int_equal(value_one(f->rijnvicus, &f->two_years, a, &v),
			 6500000);
	assert_string_equal(block_of(f->rijnvicus, &v),
			    "participatiewet_work_disability");
	struct activity w =
	    placement("w", HIRE, "c2", groups("banenafspraak", NULL),
		      "2024-01-01", "2024-12-31", 3600);
	assert_int_equal(value_one(f->rijnvicus, &f->two_years, w, &v),
			 2500000);
	assert_string_equal(block_of(f->rijnvicus, &v), "wajong");
	w.block = "wsw_dienstverband";
	assert_int_equal(value_one(f->rijnvicus, &f->two_years, w, &v),
			 5000000);
	w.block = "mbo_bbl";
	assert_int_equal(value_one(f->rijnvicus, &f->two_years, w, &v), 0);
	assert_int_equal(v.refusal, REFUSAL_NOT_ELIGIBLE);
	assert_non_null(strstr(v.message, "a bbl block"));
}

static void explains_a_value_with_fte_months_and_caps(void **state)
{
	struct fixture *f = *state;
	/* BBL level 2, 32 h, 2024-09-01..2025-08-31: 25,000 x 8/9 = 22,222.22
	 */
	struct activity a =
	    placement("a2", ACTIVITY_BBL, "c2", groups("mbo_bbl", NULL),
		      "2024-09-01", "2025-08-31", 3200);
	a.level = 2;
	struct activity_value v;
	assert_int_equal(value_one(f->haaglanden, &f->two_years, a, &v),
			 2222222);
	json_t *e = valuation_explain(f->haaglanden, &a, &v);
	assert_string_equal(json_string_value(json_object_get(e, "block")),
			    "bbl_level_1_2");
	assert_string_equal(json_string_value(json_object_get(e, "fte_exact")),
			    "8/9");
	assert_int_equal(
	    json_integer_value(json_object_get(e, "counted_months")), 12);
	assert_int_equal(json_integer_value(json_object_get(e, "max_months")),
			 24);
	assert_int_equal(json_array_size(json_object_get(e, "caps")), 0);
	json_decref(e);
	/* a refusal explains itself too */
	a.level = LEVEL_HBO;
	value_one(f->haaglanden, &f->two_years, a, &v);
	e = valuation_explain(f->haaglanden, &a, &v);
	assert_string_equal(json_string_value(json_object_get(e, "refused")),
			    "not_eligible");
	json_decref(e);
}

/* The value up to a day telescopes: the parts of any partition of the
 * term add up to the whole value to the cent. */
static void report_periods_add_up_to_the_value(void **state)
{
	struct fixture *f = *state;
	struct activity acts[2] = {
	    placement("a", HIRE, "c1", groups("participatiewet", NULL),
		      "2024-01-15", "2025-03-20", 2750),
	    placement("b", HIRE, "c2", groups("ww", NULL), "2024-02-03",
		      "2024-11-07", 3100),
	};
	acts[0].age_at_start = 60;
	struct activity_value v[2];
	value_all(f->haaglanden, &f->two_years, acts, 2, v);
	for (size_t i = 0; i < 2; i++) {
		int64_t sum = 0;
		sr_date from = f->two_years.start;
		/* periods of 1 to 40 days */
		for (int k = 0; from <= f->two_years.end; k++) {
			sr_date to = from + (k * 7 + 3) % 40;
			sum +=
			    report_value_in_period(&acts[i], &v[i], from, to);
			from = to + 1;
		}
		assert_int_equal(sum, v[i].value);
		int64_t by_quarter =
		    report_value_in_period(&acts[i], &v[i], day("2024-01-01"),
					   day("2024-06-30")) +
		    report_value_in_period(&acts[i], &v[i], day("2024-07-01"),
					   day("2025-12-31"));
		assert_int_equal(by_quarter, v[i].value);
	}
}

/* --- property: splitting never changes the total by more than a cent ---- */

static uint64_t rng = 20240101;
static uint32_t next_random(void)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(rng >> 33);
}
static int random_below(int n) { return (int)(next_random() % (uint32_t)n); }

enum { MAX_ACTS = 64 };

static void random_realisations(const struct policy *p,
				const struct contract_terms *c,
				struct activity *acts, size_t *n,
				char names[][16], char ids[][16])
{
	static const char *const g[] = {
	    "participatiewet", "ww",	       "wia",
	    "banenafspraak",   "no_benefit",   "young_no_qualification",
	    "vso_pro",	       "statushouder", "work_disability"};
	static const enum activity_kind kinds[] = {
	    HIRE, HIRE, HIRE, ACTIVITY_INTERNSHIP, ACTIVITY_BBL, ACTIVITY_BOL};
	/* a hire earlier than the policy lets count is refused whole, while
	 * its second half would count: start where every day may count */
	sr_date earliest = date_add_months(c->start, -11);
	if (p->hired_before_start_max_months >= 0 &&
	    p->hired_before_start_max_months < 11)
		earliest = date_add_months(c->start,
					   -p->hired_before_start_max_months);
	*n = 0;
	int candidates = 3 + random_below(10);
	for (int k = 0; k < candidates; k++) {
		snprintf(names[k], 16, "c%d", k);
		/* sequential, non-overlapping realisations per candidate */
		sr_date start = earliest + random_below(400);
		int count = 1 + random_below(3);
		enum activity_kind kind = kinds[random_below(6)];
		uint32_t tg = groups(g[random_below(9)], g[random_below(9)]);
		int age = 16 + random_below(50);
		for (int r = 0; r < count && *n < MAX_ACTS - 1; r++) {
			sr_date end = start + random_below(500);
			snprintf(ids[*n], 16, "r%zu", *n);
			struct activity a =
			    placement(ids[*n], kind, names[k], tg, "2024-01-01",
				      "2024-01-01", 100 + random_below(4000));
			a.start = start;
			a.end = end;
			a.level = 1 + random_below(5);
			a.age_at_start = age;
			a.prior_internship_c = random_below(1200);
			a.permanent_contract = random_below(2);
			acts[(*n)++] = a;
			start = end + 1 + random_below(60);
		}
	}
	/* shuffle the input order */
	for (size_t i = *n; i > 1; i--) {
		size_t j = (size_t)random_below((int)i);
		struct activity t = acts[i - 1];
		acts[i - 1] = acts[j];
		acts[j] = t;
	}
}

static void
splitting_a_realisation_changes_the_total_by_at_most_a_cent(void **state)
{
	struct fixture *f = *state;
	const struct policy *tables[] = {f->haaglanden, f->utrecht,
					 f->rijnvicus, f->fr};
	struct activity acts[MAX_ACTS], split[MAX_ACTS];
	struct activity_value v[MAX_ACTS];
	char names[16][16], ids[MAX_ACTS][16];
	for (int round = 0; round < 3000; round++) {
		const struct policy *p = tables[round % 4];
		const struct contract_terms *c =
		    p == f->fr ? &f->one_year : &f->two_years;
		size_t n;
		random_realisations(p, c, acts, &n, names, ids);
		int64_t before = value_all(p, c, acts, n, v);
		/* split one realisation of at least two days in two adjacent
		 * ones; the second half follows the first in input order */
		size_t i = (size_t)random_below((int)n);
		if (acts[i].end == acts[i].start)
			continue;
		sr_date cut =
		    acts[i].start + random_below(acts[i].end - acts[i].start);
		size_t m = 0;
		for (size_t k = 0; k < n; k++) {
			split[m++] = acts[k];
			if (k == i) {
				split[m - 1].end = cut;
				split[m] = acts[k];
				split[m].start = cut + 1;
				split[m].id = "split";
				m++;
			}
		}
		int64_t after = value_all(p, c, split, m, v);
		assert_true(before >= 0 && after >= 0);
		int64_t diff = after > before ? after - before : before - after;
		if (diff > 1)
			fail_msg(
			    "round %d: total %lld became %lld after a split",
			    round, (long long)before, (long long)after);
	}
}

/* --- one person's activities alone ------------------------------------ */

static void expect_same_valuation(const struct policy *p,
				  const struct activity *a,
				  const struct activity_value *whole,
				  const struct activity_value *alone)
{
	assert_int_equal(alone->refusal, whole->refusal);
	assert_string_equal(alone->message, whole->message);
	assert_int_equal(alone->value, whole->value);
	assert_int_equal(alone->block, whole->block);
	assert_int_equal(alone->months_before, whole->months_before);
	assert_int_equal(alone->counted_months, whole->counted_months);
	assert_true(alone->bonuses == whole->bonuses);
	json_t *x = valuation_explain(p, a, whole);
	json_t *y = valuation_explain(p, a, alone);
	assert_true(json_equal(x, y));
	json_decref(x);
	json_decref(y);
}

/* What lets a write value again only the person it touched: the values of
 * one candidate's activities, valued without everybody else's, are their
 * values among all (random realisations, some counted elsewhere too). */
static void one_persons_activities_alone_are_valued_as_among_all(void **state)
{
	struct fixture *f = *state;
	const struct policy *tables[] = {f->haaglanden, f->utrecht,
					 f->rijnvicus, f->fr};
	struct activity acts[MAX_ACTS], alone[MAX_ACTS];
	struct activity_value whole[MAX_ACTS], part[MAX_ACTS];
	struct counted_elsewhere other[8];
	char names[16][16], ids[MAX_ACTS][16];
	size_t compared = 0;
	for (int round = 0; round < 400; round++) {
		const struct policy *p = tables[round % 4];
		const struct contract_terms *c =
		    p == f->fr ? &f->one_year : &f->two_years;
		size_t n;
		random_realisations(p, c, acts, &n, names, ids);
		for (size_t i = 0; i < n; i++)
			acts[i].order = (int64_t)i;
		size_t m = (size_t)random_below(8);
		for (size_t j = 0; j < m; j++) {
			const struct activity *a = &acts[random_below((int)n)];
			sr_date start = a->start - 30 + random_below(200);
			other[j] = (struct counted_elsewhere){
			    a->candidate,
			    start,
			    start + random_below(300),
			    100 + random_below(3600),
			    (int64_t)j - 8,
			    j % 2 ? "K-ELSEWHERE" : NULL};
		}
		struct sr_error err = {0};
		assert_true(
		    valuation_run(p, c, acts, n, other, m, whole, &err));
		for (int k = 0; k < 16 && names[k][0]; k++) {
			size_t na = 0, index[MAX_ACTS];
			for (size_t i = 0; i < n; i++)
				if (strcmp(acts[i].candidate, names[k]) == 0) {
					index[na] = i;
					alone[na++] = acts[i];
				}
			if (!na)
				continue;
			assert_true(valuation_run(p, c, alone, na, other, m,
						  part, &err));
			for (size_t i = 0; i < na; i++)
				expect_same_valuation(
				    p, &alone[i], &whole[index[i]], &part[i]);
			compared += na;
		}
		memset(names, 0, sizeof names);
	}
	assert_true(compared > 1000);
}

/* Realisations elsewhere are matched to their own candidate among many
 * (found by candidate, not by scanning all of them for each activity), and
 * a message names the person by the label when there is one. */
static void
realisations_elsewhere_count_against_their_own_candidate(void **state)
{
	struct fixture *f = *state;
	enum { PEOPLE = 300 };
	static struct activity acts[PEOPLE + 1];
	static struct activity_value v[PEOPLE + 1];
	static struct counted_elsewhere other[2 * PEOPLE];
	static char names[PEOPLE][16], refs[PEOPLE][16];
	size_t m = 0;
	for (int k = 0; k < PEOPLE; k++) {
		snprintf(names[k], sizeof names[k], "p%03d", k);
		snprintf(refs[k], sizeof refs[k], "K-%03d", k);
		acts[k] =
		    placement(names[k], HIRE, names[k], groups("ww", NULL),
			      "2024-01-01", "2024-06-30", 3600);
		acts[k].order = k;
		/* every third person also works full time elsewhere in the
		 * same months; every person has a later job elsewhere */
		if (k % 3 == 0)
			other[m++] =
			    (struct counted_elsewhere){names[k],
						       day("2023-10-01"),
						       day("2024-03-31"),
						       3600,
						       -1,
						       refs[k]};
		other[m++] = (struct counted_elsewhere){
		    names[k], day("2024-07-01"), day("2024-12-31"), 3600,
		    -2,	      "K-LATER"};
	}
	/* the entries in another order than the activities */
	for (size_t j = m; j > 1; j--) {
		size_t i = (size_t)random_below((int)j);
		struct counted_elsewhere t = other[j - 1];
		other[j - 1] = other[i];
		other[i] = t;
	}
	/* p001 again, overlapping its own hire on this contract */
	acts[PEOPLE] = placement("again", HIRE, names[1], groups("ww", NULL),
				 "2024-03-01", "2024-04-30", 3600);
	acts[PEOPLE].candidate_label = "4f2a9c01b7e3 (region pseudonym)";
	acts[PEOPLE].order = PEOPLE;
	struct sr_error err = {0};
	assert_true(valuation_run(f->haaglanden, &f->two_years, acts,
				  PEOPLE + 1, other, m, v, &err));
	for (int k = 0; k < PEOPLE; k++) {
		if (k % 3 == 0) {
			assert_int_equal(v[k].refusal, REFUSAL_DOUBLE_COUNTING);
			assert_string_equal(v[k].conflict_contract, refs[k]);
		} else {
			assert_int_equal(v[k].refusal, REFUSAL_NONE);
			assert_int_equal(v[k].value,
					 1000000); /* 6 x 20,000/12 */
		}
	}
	assert_int_equal(v[PEOPLE].refusal, REFUSAL_DOUBLE_COUNTING);
	assert_string_equal(v[PEOPLE].conflict_activity, "p001");
	assert_non_null(strstr(v[PEOPLE].message,
			       "candidate 4f2a9c01b7e3 (region pseudonym) is"));
	assert_null(strstr(v[PEOPLE].message, "p001 is"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(full_time_year_counts_the_annual_value),
	    cmocka_unit_test(part_time_half_year_counts_pro_rata),
	    cmocka_unit_test(partial_months_count_their_days),
	    cmocka_unit_test(period_is_cut_by_the_contract_term),
	    cmocka_unit_test(hire_before_the_start_counts_within_twelve_months),
	    cmocka_unit_test(period_is_cut_by_the_maximum_across_realisations),
	    cmocka_unit_test(bonuses_are_added_per_year_and_pro_rata),
	    cmocka_unit_test(
		candidate_in_two_groups_counts_under_the_best_block),
	    cmocka_unit_test(purchases_count_the_share_for_their_category),
	    cmocka_unit_test(hours_and_costs_count_their_amount),
	    cmocka_unit_test(
		overlapping_realisations_beyond_full_time_are_refused),
	    cmocka_unit_test(
		double_counting_across_contracts_and_organisations),
	    cmocka_unit_test(rijnvicus_table_loads_and_counts),
	    cmocka_unit_test(explains_a_value_with_fte_months_and_caps),
	    cmocka_unit_test(report_periods_add_up_to_the_value),
	    cmocka_unit_test(
		splitting_a_realisation_changes_the_total_by_at_most_a_cent),
	    cmocka_unit_test(
		one_persons_activities_alone_are_valued_as_among_all),
	    cmocka_unit_test(
		realisations_elsewhere_count_against_their_own_candidate),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
