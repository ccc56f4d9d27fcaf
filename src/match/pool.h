/*
 * pool.h: a matching pool, the candidates and openings one shortlist or
 * round draws from, with the policy's weights, the "as of" date and the
 * indices that make finding partners cheap.
 *
 * Ownership: the pool borrows the candidate and opening arrays (the caller
 * keeps them alive and unchanged until match_pool_free) and copies the
 * weights and the already-proposed pairs. A built pool is read-only, so
 * several threads may query one pool at once.
 *
 * Results never depend on the order of the input arrays: rounds walk
 * candidates and openings in id order and ties are broken by id.
 */
#ifndef SROI_MATCH_POOL_H
#define SROI_MATCH_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "domain/date.h"
#include "match/match_types.h"
#include "match/weights.h"

struct match_pool_input {
	const struct match_candidate *candidates;
	uint32_t candidate_count;
	const struct match_opening *openings;
	uint32_t opening_count;
	/* Pairs proposed before (open, answered or declined): never proposed
	 * or suggested again. May be NULL when the count is 0. */
	const struct match_pair_id *already_proposed;
	size_t already_proposed_count;
	const struct match_weights *weights;
	sr_date as_of; /* "today", for time on benefit */
};

struct match_pool;

/* Validates the input (ids unique, positions, codes and ranges sane: 422
 * "invalid_candidate"/"invalid_opening" with the field, such as
 * "candidates[12].occupations[0]") and builds the indices. */
bool match_pool_build(const struct match_pool_input *in,
		      struct match_pool **out, struct sr_error *err);
void match_pool_free(struct match_pool *pool);

const struct match_weights *match_pool_weights(const struct match_pool *pool);
sr_date match_pool_as_of(const struct match_pool *pool);
const struct match_candidate *
match_pool_candidates(const struct match_pool *pool, uint32_t *count);
const struct match_opening *match_pool_openings(const struct match_pool *pool,
						uint32_t *count);

/* The index of an id in the input arrays; false when absent. */
bool match_pool_find_candidate(const struct match_pool *pool, int64_t id,
			       uint32_t *index);
bool match_pool_find_opening(const struct match_pool *pool, int64_t id,
			     uint32_t *index);

bool match_pool_already_proposed(const struct match_pool *pool,
				 int64_t candidate_id, int64_t opening_id);

/* match_explain plus the pool's already-proposed pairs. */
struct match_explanation;
void match_pool_explain(const struct match_pool *pool,
			const struct match_candidate *c,
			const struct match_opening *o,
			struct match_explanation *out);

#endif
