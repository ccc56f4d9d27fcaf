/*
 * mcf.h: minimum-cost flow, the solver behind proposal rounds and `sroi solve`.
 *
 * Pure: arrays in, flows out. Arcs are given in input order; the result has one
 * flow per arc in the same order. Any valid problem is solved exactly (costs may
 * be negative, lower bounds are allowed, sums are 64-bit); the implementation is
 * tuned for the proposal-round shape (unit supplies, bipartite arcs, a sink).
 * Deterministic: the same input always gives the same flow.
 */
#ifndef SROI_MATCH_MCF_H
#define SROI_MATCH_MCF_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"

struct mcf_problem {
	int32_t node_count;     /* nodes are 0 .. node_count-1 */
	int64_t arc_count;
	const int64_t *supply;  /* node_count entries; >0 supply, <0 demand */
	const int32_t *from;    /* arc_count entries each */
	const int32_t *to;
	const int64_t *low;     /* may be NULL: all lower bounds 0 */
	const int64_t *cap;
	const int64_t *cost;
};

enum mcf_status { MCF_OPTIMAL = 0, MCF_INFEASIBLE = 1 };

struct mcf_result {
	enum mcf_status status;
	int64_t cost;  /* total cost of the flow when optimal */
	int64_t *flow; /* arc_count entries, owned by the result */
};

/* Solves p. Returns false (with err) only for malformed problems or memory
 * exhaustion; an infeasible problem returns true with status MCF_INFEASIBLE. */
bool mcf_solve(const struct mcf_problem *p, struct mcf_result *result,
	       struct sr_error *err);
void mcf_result_free(struct mcf_result *result);

#endif
