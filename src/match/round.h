/*
 * round.h: a proposal round, the proposals for a set of openings that
 * maximise the total score, exactly.
 *
 * Limits: each opening gets at most S x positions proposals (minus those it
 * has open), each candidate at most P at once (minus its open ones), and a
 * pair at most once. The pool's openings are the round's scope; its
 * candidates the pool it draws from.
 *
 * Formulation (a min-cost flow, solved by mcf_solve): node per candidate
 * with at least one feasible pair (supply P - open proposals), node per
 * opening with at least one pair, one sink (demand: the total supply).
 * Arcs, in this order: candidate -> opening for every feasible pair with
 * score >= 1 (capacity 1, cost M - score), grouped by candidate in id
 * order, openings in id order; opening -> sink (capacity S x positions -
 * open proposals, cost 0), openings in id order; and candidate -> sink,
 * "unassigned" (capacity = supply, cost M), candidates in id order. M is the
 * largest pair score, so all costs are in [0, M] and the problem is always
 * feasible. Every unit of supply leaves by a pair arc or the unassigned
 * arc, so cost = M x total supply - total score: the minimum cost flow is
 * the maximum total score. Pairs scoring 0 are left out: they add nothing.
 */
#ifndef SROI_MATCH_ROUND_H
#define SROI_MATCH_ROUND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "match/fairness.h"
#include "match/mcf.h"
#include "match/pool.h"

struct match_round_options {
	int32_t proposals_per_position;	 /* S; 0 = the policy's */
	int32_t proposals_per_candidate; /* P; 0 = the policy's */
	/* Keep only each candidate's best N pairs (by score, then opening
	 * id); 0 = all feasible pairs. The round is then exact over the pairs
	 * kept, not over all pairs. */
	uint32_t max_pairs_per_candidate;
	/* Threads generating pairs (0 or 1: this thread only; at most
	 * MATCH_ROUND_MAX_THREADS). The problem is the same for any number. */
	int32_t threads;
};

#define MATCH_ROUND_MAX_THREADS 16

/* The flow problem of a round and what its nodes and arcs mean. */
struct match_round_problem {
	struct mcf_problem mcf;	     /* points into the arrays below */
	uint32_t candidate_nodes;    /* nodes 0 .. candidate_nodes-1 */
	uint32_t opening_nodes;	     /* then the openings, then the sink */
	uint32_t *candidate_of_node; /* pool index of each candidate node */
	uint32_t *opening_of_node;   /* pool index of each opening node */
	int64_t pair_arcs;	     /* arcs 0 .. pair_arcs-1 are pairs */
	int32_t max_score;	     /* M */
	int64_t total_supply;
	int64_t slots; /* capacity of all opening -> sink arcs */
	/* Owned arrays of mcf. */
	int64_t *supply;
	int32_t *from, *to;
	int64_t *cap, *cost;
};

struct match_proposal {
	uint32_t candidate; /* pool indices */
	uint32_t opening;
	int32_t score;
};

struct match_round_result {
	/* Owned; by opening id, then score descending, then candidate id. */
	struct match_proposal *proposals;
	size_t proposal_count;
	int64_t objective;	      /* total score of the proposals */
	int64_t pair_count;	      /* feasible pairs considered */
	uint32_t candidates_eligible; /* candidates with a pair */
	uint32_t candidates_proposed;
	uint32_t openings_eligible; /* openings with a pair */
	uint32_t openings_proposed;
	int64_t slots;
	struct match_fairness fairness;
	/* Owned: the pool indices of the eligible candidates, for the
	 * fairness report (match_round_result_remove computes it again). */
	uint32_t *eligible;
	uint32_t eligible_count;
};

/* Builds the round's flow problem (for writing as DIMACS, or solving with
 * match_round_solve). opts may be NULL (policy defaults). On failure
 * nothing is left to free. */
bool match_round_build(const struct match_pool *pool,
		       const struct match_round_options *opts,
		       struct match_round_problem *out, struct sr_error *err);
void match_round_problem_free(struct match_round_problem *problem);

/* Solves a built problem of this pool and reads the proposals, objective,
 * counts and fairness report into result (free with
 * match_round_result_free, also after a failure). */
bool match_round_solve(const struct match_pool *pool,
		       const struct match_round_problem *problem,
		       struct match_round_result *result, struct sr_error *err);

/* match_round_build, then match_round_solve. */
bool match_round_run(const struct match_pool *pool,
		     const struct match_round_options *opts,
		     struct match_round_result *result, struct sr_error *err);

void match_round_result_free(struct match_round_result *result);

/* Takes the proposals with drop[i] set out of a solved round (in order),
 * and counts the objective, the candidates and openings proposed and the
 * fairness report again over those kept; the pool's figures (pairs,
 * eligible candidates and openings, slots) stay. For a round whose
 * proposals a write made invalid after it was solved (its candidate hired
 * meanwhile, say): the rest is still feasible, though no longer proven
 * optimal. *removed gets the number taken out. */
bool match_round_result_remove(const struct match_pool *pool,
			       struct match_round_result *result,
			       const bool *drop, size_t *removed,
			       struct sr_error *err);

#endif
