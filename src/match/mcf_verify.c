/*
 * mcf_verify.c: an independent check of a min-cost flow result (see mcf.h).
 *
 * A flow is optimal exactly when it is feasible and some potentials make every
 * arc's reduced cost agree with its flow (complementary slackness): an arc
 * below its capacity has reduced cost >= 0, an arc above its lower bound has
 * reduced cost <= 0. The solver hands out such potentials, so optimality can
 * be checked in one pass, without solving again.
 */
#include "match/mcf.h"

#include <stdlib.h>

bool mcf_verify(const struct mcf_problem *p, const struct mcf_result *r,
		struct sr_error *err)
{
	if (r->status != MCF_OPTIMAL)
		return sr_fail(err, 422, "not_optimal", "status",
			       "the result is not an optimal flow");
	if (!r->flow || !r->potential)
		return sr_fail(err, 422, "incomplete_result", "",
			       "flow or potentials missing");
	int64_t *net = calloc((size_t)p->node_count + 1, sizeof *net);
	if (!net)
		return sr_fail(err, 503, "out_of_memory", "", "out of memory");
	int64_t total = 0;
	for (int64_t a = 0; a < p->arc_count; a++) {
		int64_t f = r->flow[a], low = p->low ? p->low[a] : 0;
		int32_t u = p->from[a], v = p->to[a];
		if (f < low || f > p->cap[a]) {
			free(net);
			return sr_fail(
			    err, 422, "capacity_violated", "flow",
			    "arc %lld: flow %lld outside [%lld, %lld]",
			    (long long)a + 1, (long long)f, (long long)low,
			    (long long)p->cap[a]);
		}
		net[u] += f;
		net[v] -= f;
		total += f * p->cost[a];
		/* reduced costs: the potentials stay far from 2^63 */
		int64_t rc = p->cost[a] + r->potential[u] - r->potential[v];
		if ((f < p->cap[a] && rc < 0) || (f > low && rc > 0)) {
			free(net);
			return sr_fail(err, 422, "not_optimal", "potential",
				       "arc %lld: reduced cost %lld with flow "
				       "%lld in [%lld, %lld]",
				       (long long)a + 1, (long long)rc,
				       (long long)f, (long long)low,
				       (long long)p->cap[a]);
		}
	}
	for (int32_t v = 0; v < p->node_count; v++)
		if (net[v] != p->supply[v]) {
			int64_t got = net[v];
			free(net);
			return sr_fail(err, 422, "not_conserved", "flow",
				       "node %d: net outflow %lld, supply %lld",
				       (int)v + 1, (long long)got,
				       (long long)p->supply[v]);
		}
	free(net);
	if (total != r->cost)
		return sr_fail(err, 422, "wrong_cost", "cost",
			       "cost %lld reported, flow costs %lld",
			       (long long)r->cost, (long long)total);
	return true;
}
