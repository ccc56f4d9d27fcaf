/*
 * fairness.h: who gets the proposals of a round, against who could have.
 *
 * For each target group, benefit band and district (pc4 / 100): how many
 * proposals went to candidates in it and its share of all proposals,
 * against how many candidates of the eligible pool (those with at least one
 * feasible pair in the round) are in it and their share of the pool. A
 * proposal share well below the pool share is the "creaming" signal. A
 * candidate in several target groups counts in each, so target-group
 * shares may add up to more than 100%; bands and districts partition.
 * Shares are basis points (1/100 of a percent), rounded to the nearest.
 * Rows with neither pool nor proposals are left out.
 */
#ifndef SROI_MATCH_FAIRNESS_H
#define SROI_MATCH_FAIRNESS_H

#include <stdint.h>

#include "domain/date.h"
#include "match/match_types.h"
#include "match/weights.h"

struct match_fairness_row {
	/* Target-group bit; benefit band (-1 not on benefit, 0 under the
	 * first band, k the k-th band: match_benefit_band_label); or district
	 * 10..99. */
	int32_t key;
	int64_t proposals;
	int32_t proposal_share_bp;
	int64_t pool;
	int32_t pool_share_bp;
};

struct match_fairness {
	int64_t proposals; /* all proposals of the round */
	int64_t pool;	   /* all eligible candidates */
	int32_t group_count;
	struct match_fairness_row groups[MATCH_MAX_TARGET_GROUPS];
	int32_t band_count;
	struct match_fairness_row bands[MATCH_MAX_BENEFIT_BANDS + 2];
	int32_t district_count;
	struct match_fairness_row districts[90];
};

/* eligible[i] is an index into candidates, proposals[i] its number of
 * proposals in the round. Rows come in key order. */
void match_fairness_compute(const struct match_weights *w, sr_date as_of,
			    const struct match_candidate *candidates,
			    const uint32_t *eligible, const uint32_t *proposals,
			    uint32_t eligible_count,
			    struct match_fairness *out);

#endif
