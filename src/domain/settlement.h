/*
 * settlement.h: the figures of a contract summary, report periods, and
 * retention, as pure functions of valued activities and an `as_of` date.
 *
 * The database-backed API gathers a contract's realisations, values them
 * with valuation_run() and hands the result here; nothing in this module
 * reads the clock (as_of is a parameter, so reports are reproducible).
 *
 * Definitions (all in the policy unit; eur: cents, hours: hundredths):
 * - accepted / pending / rejected: the value counted up to and including
 *   as_of of the activities with that status (valuation_value_until: a
 *   placement counts the months it has run; a purchase counts on its date).
 *   Refused activities are worth 0. Once as_of is past every end these are
 *   the whole values, equal to `sroi calc` on the same activities. `full`
 *   holds the whole values (to the planned ends), i.e. the sums of the rows;
 * - realisation_pct = accepted / obligation, in tenths of a percent rounded
 *   half-up (none when the obligation is 0);
 * - forecast = accepted plus the remaining value (after as_of, to the
 *   planned end within the term) of the placements, accepted or pending,
 *   that are running or planned (their counted period ends after as_of);
 * - shortfall = obligation - accepted when positive;
 * - settlement: once as_of is past the end of the term plus the recovery
 *   period, the withheld share of the shortfall (rounded half-up), unless
 *   the supplier is exempted for best efforts and the policy allows that.
 *   A policy in hours settles at its penalty per missing hour, in cents.
 */
#ifndef SROI_DOMAIN_SETTLEMENT_H
#define SROI_DOMAIN_SETTLEMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/date.h"
#include "domain/obligation.h"
#include "domain/policy.h"
#include "domain/target_groups.h"
#include "domain/valuation.h"

struct status_sums {
	int64_t accepted, pending, rejected;
};

struct contract_figures {
	int64_t obligation;
	struct status_sums sums; /* counted up to as_of */
	struct status_sums full; /* whole values: the sums of the rows */
	bool has_realisation_pct;
	int64_t realisation_pct_tenths;
	int64_t forecast;
	bool has_forecast_pct;
	int64_t forecast_pct_tenths;
	int64_t shortfall;
	sr_date settlement_date;  /* end of term + recovery months */
	bool settlement_due;	  /* as_of is after settlement_date */
	bool exempted;		  /* best efforts, allowed by the policy */
	int64_t settlement_cents; /* what is withheld or invoiced, when due */
	/* breakdowns of the values up to as_of: by activity kind, and by
	 * the target group each value counted under (the last row: no target
	 * group) */
	struct status_sums by_kind[ACTIVITY_KIND_COUNT];
	struct status_sums by_group[TARGET_GROUP_COUNT + 1];
};

/* Computes the summary figures of one contract. acts and values are the
 * n activities and their valuation_run() results. best_efforts: the
 * consultant found the supplier made best efforts (only exempts when the
 * policy allows it). */
void settlement_figures(const struct policy *p, const struct contract_terms *c,
			int64_t obligation, const struct activity *acts,
			const struct activity_value *values, size_t n,
			sr_date as_of, bool best_efforts,
			struct contract_figures *out);

/* Early warning: the contract is running past half its term (as_of after
 * its midpoint and not after its end) and its forecast is under 100%. */
bool settlement_early_warning(const struct contract_terms *c,
			      const struct contract_figures *f, sr_date as_of);

/* The part of an activity's value that falls in the report period
 * [from, to]: valuation_value_until(to) - valuation_value_until(from - 1).
 * The parts of consecutive periods add up to the value exactly. */
int64_t report_value_in_period(const struct activity *a,
			       const struct activity_value *v, sr_date from,
			       sr_date to);

/* Quota view: the number of people (in tenths) the obligation would mean at
 * the policy's reference value per person-year; false without one. */
bool report_quota_people_tenths(const struct policy *p, int64_t obligation,
				int64_t *tenths);

/* FTE of hours a week against full time, in ten-thousandths, at most 1. */
int64_t report_fte_permyriad(int64_t hours_per_week_c, int64_t full_time_c);

/* --- retention -------------------------------------------------------------
 */

enum followup_answer {
	FOLLOWUP_UNKNOWN,
	FOLLOWUP_YES, /* still employed */
	FOLLOWUP_NO,
};

struct retention_tally {
	int64_t due; /* follow-ups whose date has come */
	int64_t yes, no, unknown;
};

/* The date of the follow-up `months` (6, 12, 24) after a hire's start. */
sr_date retention_followup_date(sr_date hire_start, int months);
/* Adds one follow-up to t when it is due on as_of; an answer recorded for
 * a follow-up not yet due is not counted. */
void retention_add(struct retention_tally *t, sr_date hire_start, int months,
		   enum followup_answer answer, sr_date as_of);
/* yes / (yes + no) in tenths of a percent, rounded half-up; unknown
 * answers are left out. False when nothing is known. */
bool retention_rate_tenths(const struct retention_tally *t, int64_t *tenths);

#endif
