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
	/* The openings copied in opening-grid order, so that a run of the
	 * grid reads consecutive memory. Slot k holds input opening
	 * slot_opening[k]; opening_slot is the inverse. The opening grid's
	 * items are slots. */
	struct match_opening *slot;
	struct geo_point *slot_point;
	uint32_t *slot_opening;
	uint32_t *opening_slot;
	uint32_t *candidate_by_id; /* input indices in id order */
	uint32_t *opening_by_id;
	struct match_grid candidate_grid;
	struct match_grid opening_grid;
	int32_t candidate_reach_m; /* largest candidate travel limit */
	int32_t opening_reach_m;   /* largest opening travel limit */
};

/* One pair's evaluation by match_pool_evaluate. */
struct match_pair_eval {
	int32_t distance_m;
	enum match_fit fit;
	struct match_score score;
};

/* The hot path of shortlists and rounds: false when the pair breaks a rule
 * or was proposed before, else its distance, fit and score. Cheap rules go
 * first; chord2_limit (geo_chord2_beyond of the search radius) rules out
 * far pairs before the exact distance is computed. Decides exactly as
 * match_pool_explain does. */
bool match_pool_evaluate(const struct match_pool *pool,
			 const struct match_candidate *c,
			 const struct geo_point *cp,
			 const struct match_priority *pr,
			 const struct match_opening *o,
			 const struct geo_point *op, double chord2_limit,
			 struct match_pair_eval *out);

/* The occupation keys under which a candidate is indexed (distinct, at
 * most MATCH_MAX_OCCUPATIONS); 0 alone for "any". Returns the count. */
int match_pool_candidate_keys(const struct match_pool *pool,
			      const struct match_candidate *c,
			      int32_t keys[MATCH_MAX_OCCUPATIONS]);
int32_t match_pool_opening_key(const struct match_pool *pool,
			       const struct match_opening *o);

#endif
