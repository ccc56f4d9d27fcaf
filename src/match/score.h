/*
 * score.h: the score of a feasible pair, an integer sum of named components
 * (higher is better), each weighted by the policy (weights.h).
 *
 * Pair components: occupation (fit through the ESCO/ISCO hierarchy),
 * distance (linear decay to 0 at distance_zero_km), hours (linear decay in
 * the difference of weekly hours), education (meets the opening's minimum,
 * less per level short). Priority components, which depend on the candidate
 * only: time_on_benefit (band by months on benefit), target_group (the
 * highest of the candidate's groups), district (the candidate's PC4 area,
 * else its district). Priorities are what keeps a round from "creaming":
 * choosing only the people closest to work.
 */
#ifndef SROI_MATCH_SCORE_H
#define SROI_MATCH_SCORE_H

#include <stddef.h>
#include <stdint.h>

#include "domain/date.h"
#include "match/constraints.h"
#include "match/match_types.h"
#include "match/weights.h"

enum match_component {
	MATCH_SCORE_OCCUPATION,
	MATCH_SCORE_DISTANCE,
	MATCH_SCORE_HOURS,
	MATCH_SCORE_EDUCATION,
	MATCH_SCORE_TIME_ON_BENEFIT,
	MATCH_SCORE_TARGET_GROUP,
	MATCH_SCORE_DISTRICT,
};
#define MATCH_COMPONENT_COUNT 7

struct match_score {
	int32_t total; /* the sum of part[] */
	int32_t part[MATCH_COMPONENT_COUNT];
};

/* The candidate-only part of the score, computed once per candidate. */
struct match_priority {
	int32_t time_on_benefit, target_group, district;
	int8_t band; /* benefit band, see match_benefit_band */
};

/* "occupation", "distance", "hours", "education", "time_on_benefit",
 * "target_group", "district"; "unknown" otherwise. */
const char *match_component_name(enum match_component component);

/* Whole months from `from` to `to` (0 when to is before from). */
int32_t match_months_between(sr_date from, sr_date to);

/* The benefit band of someone on benefit since `since` (MATCH_NO_DATE: not
 * on benefit), as of a date: -1 not on benefit, 0 on benefit for less than
 * the first band's from_months, k (1..benefit_band_count) in the k-th band. */
int match_benefit_band(const struct match_weights *w, sr_date since,
		       sr_date as_of);
/* "none", "under 12 months", "12-24 months", "60+ months" into out. */
void match_benefit_band_label(const struct match_weights *w, int band,
			      char *out, size_t size);

/* Priority points of the candidate's district: its PC4 area's when the
 * policy lists it, else its district's. */
int32_t match_district_points(const struct match_weights *w, int pc4);

void match_priority(const struct match_weights *w, sr_date as_of,
		    const struct match_candidate *c,
		    struct match_priority *out);

/* The score of a pair from its distance, fit and the candidate's priority.
 * Feasibility is not checked (see match_check). */
void match_score_pair(const struct match_weights *w,
		      const struct match_priority *pr,
		      const struct match_candidate *c,
		      const struct match_opening *o, int32_t distance_m,
		      enum match_fit fit, struct match_score *out);

/* Everything about one pair: what it breaks, and what it would score. */
struct match_explanation {
	uint32_t failed; /* MATCH_RULE_* bits; 0 = feasible */
	int32_t distance_m;
	enum match_fit occupation_fit;
	struct match_score score; /* also filled when infeasible */
};

void match_explain(const struct match_weights *w, sr_date as_of,
		   const struct match_candidate *c,
		   const struct match_opening *o,
		   struct match_explanation *out);

#endif
