/*
 * pool_internal.h: the inside of struct match_pool, shared by pool.c,
 * shortlist.c and round.c only. Not part of the engine's API.
 */
#ifndef SROI_MATCH_POOL_INTERNAL_H
#define SROI_MATCH_POOL_INTERNAL_H

#include "match/geo.h"
#include "match/index.h"
#include "match/pool.h"
#include "match/score.h"

struct match_pool {
	struct match_weights weights;
	sr_date as_of;
	const struct match_candidate *candidates;
	uint32_t candidate_count;
	const struct match_opening *openings;
	uint32_t opening_count;
	struct match_pair_id *proposed; /* sorted copy */
	size_t proposed_count;

	struct geo_point *candidate_point;
	struct match_priority *priority;
	struct geo_point *opening_point;
	uint32_t *candidate_by_id; /* input indices in id order */
	uint32_t *opening_by_id;
	struct match_grid candidate_grid;
	struct match_grid opening_grid;
	int32_t candidate_reach_m; /* largest candidate travel limit */
	int32_t opening_reach_m;   /* largest opening travel limit */
};

/* The occupation keys under which a candidate is indexed (distinct, at
 * most MATCH_MAX_OCCUPATIONS); 0 alone for "any". Returns the count. */
int match_pool_candidate_keys(const struct match_pool *pool,
			      const struct match_candidate *c,
			      int32_t keys[MATCH_MAX_OCCUPATIONS]);
int32_t match_pool_opening_key(const struct match_pool *pool,
			       const struct match_opening *o);

#endif
