/*
 * shortlist.h: the best k candidates for one opening, and the best k
 * openings for one candidate, each with its score components.
 *
 * Only feasible pairs are listed (constraints.h), pairs proposed before
 * are left out, and the order is score descending, then id ascending, so a
 * shortlist is the same whatever the order of the pool's arrays. The cost
 * grows with the partners nearby in a related occupation (index.h), not
 * with the pool: a bounded heap keeps the best k.
 */
#ifndef SROI_MATCH_SHORTLIST_H
#define SROI_MATCH_SHORTLIST_H

#include <stddef.h>
#include <stdint.h>

#include "match/pool.h"
#include "match/score.h"

struct match_hit {
	uint32_t index; /* into the pool's candidates (or openings) */
	int64_t id;
	int32_t distance_m;
	enum match_fit occupation_fit;
	struct match_score score;
};

/* Fills out[0..k-1] with the best candidates for opening o (which need not
 * be one of the pool's openings) and returns how many were found (<= k).
 * Needs no memory beyond out, so it cannot fail. */
size_t match_shortlist_candidates(const struct match_pool *pool,
				  const struct match_opening *o,
				  struct match_hit *out, size_t k);

/* The same the other way: the best openings of the pool for candidate c
 * (which need not be one of the pool's candidates). */
size_t match_shortlist_openings(const struct match_pool *pool,
				const struct match_candidate *c,
				struct match_hit *out, size_t k);

/* True when a ranks before b: higher score, then lower id. */
bool match_hit_before(const struct match_hit *a, const struct match_hit *b);

#endif
