/*
 * valuation.h: the value of realised activities under a policy.
 *
 * Plain structs in, plain structs out: the calculator (calc.c) and the stored
 * contracts (the API) call the same valuation_run(), so `sroi calc` and the
 * books never disagree. The rules, exactly (docs/policies.md):
 *
 * - Block: among the policy's blocks of the activity's kind whose target
 *   groups, conditions and inputs fit, the one with the highest annual value
 *   (the first in the table on a tie; for other rules the first that fits).
 *   An activity may name its block; then only that one is tried.
 * - FTE = min(hours a week, full time) / full time.
 * - Counted months: the months (months.h) of the activity's period within the
 *   contract term, then capped per candidate: over the candidate's counted
 *   activities on this contract in order of start date (then input order),
 *   the months never exceed the block's maximum counting period; the activity
 *   that crosses it counts only the remainder. Accepted and pending activities
 *   use the period up; rejected ones do not.
 * - Value = (annual value + per-year bonuses) x FTE x counted months / 12,
 *   plus fixed bonuses, rounded half-up to the cent once per activity.
 *   Purchases: invoice x share for the supplier category; hours: hours x rate;
 *   costs incurred: the amount (each at most the block's max, if any).
 *   Unit hours: a period activity counts hours a week x counted days / 7.
 * - Refusals (value 0): not_eligible (no block fits), outside_term (no day of
 *   the period in the term, or hired longer before the start than the policy
 *   allows), double_counting (the candidate's overlapping counted activities,
 *   here or elsewhere, would exceed full time together: the later one by start
 *   date, then input order, is refused).
 *
 * Activities interact only through their candidate (the counting period and
 * double counting): an activity's value depends on its own fields and on the
 * activities and counted_elsewhere entries of the same candidate, never on
 * another person's. Valuing one candidate's activities alone therefore gives
 * the same values as valuing them among all others, which lets a write value
 * again only the person it touched.
 */
#ifndef SROI_DOMAIN_VALUATION_H
#define SROI_DOMAIN_VALUATION_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "domain/date.h"
#include "domain/obligation.h"
#include "domain/policy.h"

enum realisation_status {
	REALISATION_ACCEPTED,
	REALISATION_PENDING, /* reported, not yet verified */
	REALISATION_REJECTED,
};

/* One activity (a realisation, or a planned activity in the calculator).
 * Strings are borrowed from the caller. Unknown numbers are -1. */
struct activity {
	const char *id;
	enum activity_kind kind;
	const char *block; /* only this block may count it; NULL: any */
	/* The person (period kinds): activities with equal candidate strings
	 * are one person's, on this contract and in counted_elsewhere. */
	const char *candidate;
	const char *candidate_label; /* names the person in messages; NULL:
					candidate */
	uint32_t target_groups;
	/* Period kinds: the period worked. Other kinds: an optional date
	 * (start == end) that must fall in the term and places the value in
	 * report periods. */
	bool has_period;
	sr_date start, end;
	int64_t hours_per_week_c; /* hundredths of an hour */
	int age_at_start;
	int level; /* 0 none, 1-4 mbo, LEVEL_HBO */
	bool permanent_contract;
	int64_t prior_internship_c; /* months x 100 */
	const char *supplier_category;
	int64_t invoice_cents; /* excl. VAT */
	int64_t hours_c;       /* hours done, x 100 */
	int64_t amount_cents;  /* costs incurred */
	enum realisation_status status;
	int64_t order; /* input order: on equal starts the lower is earlier */
};

/* Sets the unknown markers; kind hire, status accepted. */
void activity_init(struct activity *a);

/* A counted realisation of one of the candidates elsewhere: on another
 * contract of the organisation or of the region (matched by the region
 * pseudonym, which the caller puts in candidate). Only realisations that
 * count there (accepted or pending, not refused) belong here. */
struct counted_elsewhere {
	const char *candidate;
	sr_date start, end;
	int64_t hours_per_week_c;
	int64_t order;	      /* comparable with activity.order */
	const char *contract; /* named in the refusal; NULL: "elsewhere in
				 the region" (another organisation) */
};

enum refusal {
	REFUSAL_NONE,
	REFUSAL_NOT_ELIGIBLE,
	REFUSAL_OUTSIDE_TERM,
	REFUSAL_DOUBLE_COUNTING,
};

/* "not_eligible", "outside_term", "double_counting" (NULL for none). */
const char *refusal_code(enum refusal r);

struct activity_value {
	enum refusal refusal;
	char message[240]; /* why it was refused, for a person */
	int block;	   /* index in policy.blocks, -1 */
	int target_group;  /* the group the block counted it under, -1 */
	uint64_t bonuses;  /* bit i: policy.bonuses[i] added */
	int64_t value;	   /* cents (eur) or hundredths of an hour (hours) */

	/* period activities */
	bool has_counted_period;
	sr_date first, last;	/* the period within the term */
	int64_t months_in_term; /* month units of [first, last] */
	int64_t months_before; /* the candidate's month units counted earlier */
	int64_t counted_months; /* after the maximum counting period */
	bool cut_by_term, cut_by_max;
	int64_t full_time_c;
	int64_t hours_per_week_c; /* after the full-time cap (eur) */
	bool capped_by_full_time;
	bool capped_value; /* the block's max per activity applied */

	/* value = round(rate_num x q / rate_den) + fixed_part, where q is the
	 * counted month units (per_year) or the day units of the counted
	 * months (hours_worked); kept to value a part of the period. */
	int64_t rate_num, rate_den;
	bool q_in_days;
	int64_t fixed_part;
	bool period_rule; /* per_year or hours_worked */

	/* double counting: the earlier activity it collides with */
	const char *conflict_activity; /* an id on this contract, or NULL */
	const char *conflict_contract; /* another contract, or NULL */
	bool conflict_elsewhere;       /* another organisation of the region */
};

/* Values acts[0..n) on the contract c under p; out has n entries, in the
 * same order. elsewhere (m entries, may be NULL) are the candidates'
 * counted realisations on other contracts. Fails (422, field = the
 * activity's id) only for malformed input: a period kind without period,
 * hours a week or candidate, an end before a start, negative amounts. */
bool valuation_run(const struct policy *p, const struct contract_terms *c,
		   const struct activity *acts, size_t n,
		   const struct counted_elsewhere *elsewhere, size_t m,
		   struct activity_value *out, struct sr_error *err);

/* The block that counts activity a (its index in p->blocks), or -1 with the
 * reason in why (for a person). The first step of valuation_run(); useful
 * alone for plans and for the menu a supplier sees. */
int valuation_select_block(const struct policy *p, const struct activity *a,
			   char *why, size_t size);

/* The part of v's value counted up to and including day. Rounded by the
 * same rule from the counted months up to day, so that
 * until(d2) - until(d1) is the value of (d1, d2] and the parts of
 * consecutive periods add up to the whole value exactly. Non-period
 * activities count on their date (or always, without one). */
int64_t valuation_value_until(const struct activity *a,
			      const struct activity_value *v, sr_date day);

/* The explanation of one activity's value (block, target group, other
 * blocks that fit, FTE, months, caps, bonuses, rounding) as a JSON object;
 * NULL on memory exhaustion. */
json_t *valuation_explain(const struct policy *p, const struct activity *a,
			  const struct activity_value *v);

#endif
