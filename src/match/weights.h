/*
 * weights.h: the policy's `matching` section as a struct: score weights,
 * the policy's limits on pairs, and the round's default limits.
 *
 * Weights are policy data, never constants in code: the defaults below are
 * what a policy without a `matching` section gets, and every field can be
 * set in the policy file (docs/matching.md shows the JSON). All points are
 * non-negative integers, so scores are integers >= 0.
 */
#ifndef SROI_MATCH_WEIGHTS_H
#define SROI_MATCH_WEIGHTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"
#include "match/match_types.h"

#define MATCH_MAX_BENEFIT_BANDS 8
#define MATCH_MAX_TARGET_GROUPS 32
#define MATCH_MAX_AREA_WEIGHTS 256
#define MATCH_MAX_POINTS 100000 /* per weight, so sums fit in int32 */

/* Points for a candidate on benefit for at least from_months months. */
struct match_benefit_band {
	int32_t from_months;
	int32_t points;
};

/* Priority points for one PC4 area; overrides its district's points. */
struct match_area_weight {
	int16_t pc4;
	int32_t points;
};

struct match_weights {
	/* Score: occupation fit, indexed by enum match_fit. */
	int32_t occupation[MATCH_FIT_COUNT];
	/* Score: distance points at 0 km, falling linearly to 0 at
	 * distance_zero_km. */
	int32_t distance;
	int32_t distance_zero_km;
	/* Score: hours points for equal hours, falling linearly to 0 at a
	 * difference of hours_zero_difference (centi-hours). */
	int32_t hours;
	int32_t hours_zero_difference;
	/* Score: education points when the candidate meets the opening's
	 * minimum (or there is none), less per level short, not below 0. */
	int32_t education;
	int32_t education_per_level_short;
	/* Score, priorities: bands by months on benefit (ascending
	 * from_months), points per target group (bit i), per district
	 * (pc4 / 100, 10..99) and per PC4 area (overriding its district). */
	int32_t benefit_band_count;
	struct match_benefit_band benefit_bands[MATCH_MAX_BENEFIT_BANDS];
	int32_t target_group[MATCH_MAX_TARGET_GROUPS];
	int32_t district[100];
	int32_t area_count; /* sorted by pc4 */
	struct match_area_weight areas[MATCH_MAX_AREA_WEIGHTS];

	/* Limits on pairs. A candidate with wanted occupations is only
	 * matched to openings at least this close (the occupation rule); this
	 * is also what lets candidate generation skip unrelated openings. */
	enum match_fit min_occupation_fit;
	/* Travel maximum for a candidate or opening that states none. */
	int32_t default_max_travel_km;
	/* The hours rule: opening hours <= candidate hours + tolerance
	 * (centi-hours). */
	int32_t hours_tolerance;

	/* Rounds and proposals. */
	int32_t proposals_per_position;	 /* S */
	int32_t proposals_per_candidate; /* P */
	/* An alias of the policy's proposal_deadline_days, which sets the
	 * employer's deadline (src/domain/policy.c); kept to echo the section. */
	int32_t answer_days;
};

/* Names of the target groups by bit, as used in the policy's JSON
 * (`"target_groups": {"participatiewet": 100}`); NULL for unused bits. */
struct match_group_names {
	const char *name[MATCH_MAX_TARGET_GROUPS];
};

/* Fills w with the documented defaults (docs/matching.md). */
void match_weights_default(struct match_weights *w);

/* Parses the policy's `matching` object over the defaults: every key is
 * optional, unknown keys and out-of-range values are refused with status
 * 422, code "invalid_policy" and the JSON path in err->field, such as
 * "$.matching.weights.distance". matching may be NULL (defaults only);
 * groups may be NULL when no target-group weights are expected. */
bool match_weights_parse(const json_t *matching,
			 const struct match_group_names *groups,
			 struct match_weights *w, struct sr_error *err);

/* The weights as a `matching` object that match_weights_parse reads back
 * to the same struct (new reference; NULL when out of memory). */
json_t *match_weights_to_json(const struct match_weights *w,
			      const struct match_group_names *groups);

#endif
