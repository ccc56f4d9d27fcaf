/*
 * mcf.h: minimum-cost flow, the solver behind proposal rounds and `sroi solve`.
 *
 * Pure: arrays in, flows out. Arcs are given in input order; the result has one
 * flow per arc in the same order. Any valid problem is solved exactly (costs
 * may be negative, lower bounds are allowed, sums are 64-bit); the
 * implementation is tuned for the proposal-round shape (unit supplies,
 * bipartite arcs, a sink). Deterministic: the same input always gives the same
 * flow.
 */
#ifndef SROI_MATCH_MCF_H
#define SROI_MATCH_MCF_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"

/* Limits that keep every sum of the solver within 64 bits: |cost| and each
 * capacity, lower bound and supply; mcf_solve also refuses problems whose
 * total capacity, total |supply| or total capacity x |cost| pass 2^62. */
#define MCF_COST_MAX INT64_C(2147483647)
#define MCF_AMOUNT_MAX (INT64_C(1) << 62)

struct mcf_problem {
	int32_t node_count; /* nodes are 0 .. node_count-1 */
	int64_t arc_count;
	const int64_t *supply; /* node_count entries; >0 supply, <0 demand */
	const int32_t *from;   /* arc_count entries each */
	const int32_t *to;
	const int64_t *low; /* may be NULL: all lower bounds 0 */
	const int64_t *cap;
	const int64_t *cost;
};

enum mcf_status { MCF_OPTIMAL = 0, MCF_INFEASIBLE = 1 };

struct mcf_result {
	enum mcf_status status;
	int64_t cost;  /* total cost of the flow when optimal */
	int64_t *flow; /* arc_count entries, owned by the result */
	/* node_count entries, owned by the result: dual prices that prove the
	 * flow optimal. For every arc, cost + potential[from] - potential[to]
	 * is >= 0 when flow < cap and <= 0 when flow > low. NULL when
	 * infeasible. */
	int64_t *potential;
};

/* Solves p. Returns false (with err) only for malformed problems or memory
 * exhaustion; an infeasible problem returns true with status MCF_INFEASIBLE. */
bool mcf_solve(const struct mcf_problem *p, struct mcf_result *result,
	       struct sr_error *err);
void mcf_result_free(struct mcf_result *result);

/* Checks an optimal result against p independently of how it was found:
 * low <= flow <= cap, conservation at every node, the cost recomputed, and
 * complementary slackness of the potentials (which proves optimality).
 * Returns false with a message naming the first violation. */
bool mcf_verify(const struct mcf_problem *p, const struct mcf_result *result,
		struct sr_error *err);

#endif
