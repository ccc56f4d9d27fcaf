/*
 * constraints.h: the hard constraints a (candidate, opening) pair must meet
 * before it is scored, each with a name, so that "why is this candidate not
 * on the list?" has an answer.
 *
 * The rules (issue 4): the candidate is not hired already; belongs to a
 * target group the opening's contract may count; lives within both the
 * candidate's and the opening's maximum travel distance; is available by
 * the opening's start; can work the opening's hours within the policy's
 * tolerance; holds a licence the opening requires. One more comes from the
 * policy: a candidate with wanted occupations is only matched to openings
 * at least min_occupation_fit close (a candidate without wanted
 * occupations is open to any). Rounds also skip pairs proposed before
 * ("already_proposed", see pool.h).
 */
#ifndef SROI_MATCH_CONSTRAINTS_H
#define SROI_MATCH_CONSTRAINTS_H

#include <stdint.h>

#include "match/match_types.h"
#include "match/weights.h"

enum match_rule {
	MATCH_RULE_HIRED = 1u << 0,
	MATCH_RULE_TARGET_GROUP = 1u << 1,
	MATCH_RULE_CANDIDATE_DISTANCE = 1u << 2,
	MATCH_RULE_OPENING_DISTANCE = 1u << 3,
	MATCH_RULE_AVAILABLE = 1u << 4,
	MATCH_RULE_HOURS = 1u << 5,
	MATCH_RULE_LICENCE = 1u << 6,
	MATCH_RULE_OCCUPATION = 1u << 7,
	MATCH_RULE_ALREADY_PROPOSED = 1u << 8,
};
#define MATCH_RULE_COUNT 9

/* The travel limit in metres for a stated maximum in km (0 = the policy's
 * default_max_travel_km). */
int32_t match_travel_limit_m(const struct match_weights *w, int32_t max_km);

/* The rules the pair breaks, as MATCH_RULE_* bits (0 = feasible), given its
 * great-circle distance and occupation fit. Never sets ALREADY_PROPOSED. */
uint32_t match_check(const struct match_weights *w,
		     const struct match_candidate *c,
		     const struct match_opening *o, int32_t distance_m,
		     enum match_fit fit);

/* match_check in two halves, for callers that rule pairs out cheaply
 * before computing distance and fit: the rules that need neither (hired,
 * target group, availability, hours, licence), and the rest (distances,
 * occupation). match_check is their union. */
uint32_t match_check_plain(const struct match_weights *w,
			   const struct match_candidate *c,
			   const struct match_opening *o);
uint32_t match_check_reach(const struct match_weights *w,
			   const struct match_candidate *c,
			   const struct match_opening *o, int32_t distance_m,
			   enum match_fit fit);

/* Machine name of one rule bit ("target_group", "candidate_distance", ...)
 * and a sentence for people; "unknown" for anything else. Static strings. */
const char *match_rule_name(uint32_t rule);
const char *match_rule_message(uint32_t rule);

#endif
