/*
 * mcf_graph.h: the residual graph shared by the parts of the solver (internal
 * to src/match/mcf*.c; callers use mcf.h).
 *
 * Arcs are stored in compressed sparse rows by tail ("positions"); arc a of
 * the problem lives at position pos[a]. Lower bounds are taken out: flow[k]
 * runs from 0 to rcap[k] = cap - low, and the supplies are adjusted. Costs are
 * multiplied by `scale` (1 unless the round start chose a finer grid), so the
 * potentials are integers on that grid; the reduced cost of position k is
 * cost[k] + pot[tail[k]] - pot[head[k]].
 */
#ifndef SROI_MATCH_MCF_GRAPH_H
#define SROI_MATCH_MCF_GRAPH_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"
#include "match/mcf.h"

/* Bound on node_count x max |scaled cost|, so that potentials and distances
 * (sums of a few such terms) never overflow. */
#define MCF_POTENTIAL_MAX (INT64_C(1) << 58)

struct mcf_graph {
	int32_t n;
	uint32_t m;
	int64_t scale;
	uint32_t *out_start; /* n+1: positions of arcs leaving v */
	uint32_t *in_start;  /* n+1: in_pos[in_start[v]..] enter v */
	uint32_t *in_pos;
	/* Once the exact phase has excesses to settle, each node's in_pos row
	 * is kept in two parts,
	 * arcs with flow first (in_flowing[v] of them), so that a search
	 * finds the few residual reverse arcs of a node with many arcs in
	 * without scanning them all; in_index[k] is k's place in in_pos. */
	uint32_t *in_flowing;
	uint32_t *in_index;
	uint32_t *pos; /* problem arc -> position */
	int32_t *head;
	int32_t *tail;
	int64_t *cost;
	int64_t *rcap;
	int64_t *flow;
	int64_t *balance; /* supply after taking out lower bounds */
	int64_t *excess;
	int64_t *pot;
};

bool mcf_graph_build(struct mcf_graph *g, const struct mcf_problem *p,
		     struct sr_error *err);
void mcf_graph_free(struct mcf_graph *g);

/* Tries to make the potentials fit the current flow exactly, without
 * changing the flow: shortest distances d from a virtual root by reduced cost
 * over the residual arcs, then pot += d, after which no residual arc has a
 * negative reduced cost. Possible exactly when the flow is optimal for its
 * supplies; gives up (false, potentials unchanged) on a negative cycle or
 * after a budget of work. */
bool mcf_fit_potentials(struct mcf_graph *g);

/* The proposal-round start (mcf_round.c): when p has the round's shape
 * (sources -> openings -> one sink, every source with an "unassigned" arc to
 * the sink), rescales the costs, runs an epsilon-scaling auction and leaves a
 * near-optimal flow and potentials in g; returns false (g untouched) when the
 * shape does not fit. The potentials are exact (mcf_fit_potentials) unless
 * the auction's flow was not quite optimal; either way the exact phase in
 * mcf.c finishes from there. */
bool mcf_round_start(struct mcf_graph *g, const struct mcf_problem *p);

#endif
