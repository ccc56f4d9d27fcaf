/*
 * mcf.c: the exact minimum-cost flow solver (see mcf.h).
 *
 * The exact phase is successive shortest paths on a residual graph in
 * compressed sparse rows: starting from any pseudoflow whose residual arcs all
 * have non-negative reduced cost, it repeatedly runs Dijkstra from a node with
 * excess to the nearest node with a deficit, moves the potentials by the
 * distances so that reduced costs stay non-negative, and augments. When no
 * excess is left, the flow is feasible and the potentials prove it optimal;
 * when an excess cannot reach any deficit, the problem is infeasible.
 *
 * Where the start comes from:
 *   - any problem: flow at the lower bounds, arcs with negative cost
 *     saturated, potentials zero (so every residual arc has reduced cost
 *     >= 0);
 *   - the proposal-round shape: an epsilon-scaling auction (mcf_round.c)
 *     leaves a nearly optimal flow, almost always an optimal one, and
 *     prices; mcf_fit_potentials then turns the prices into exact
 *     potentials by Bellman-Ford over the residual graph (possible exactly
 *     when the flow is optimal). If anything is left, every arc whose
 *     reduced cost disagrees with its flow is set to the bound it asks for,
 *     and the exact phase settles the excesses that creates.
 * Whichever start ran, the answer is optimal: the exact phase only stops when
 * complementary slackness holds for every arc.
 *
 * Single-source searches stop at the first deficit and leave out of the heap
 * any node no nearer than a deficit already seen; a node's arcs in are kept
 * with the ones carrying flow first, so a search scans only those as
 * residual reverse arcs (an opening has hundreds of arcs in, a dozen with
 * flow).
 *
 * Determinism: arcs keep their input order inside a node's row, excesses are
 * settled in node order, and every tie is broken by order of discovery.
 */
#include "match/mcf.h"

#include <stdlib.h>
#include <string.h>

#include "match/mcf_graph.h"

#define LIMIT_SUM (INT64_C(1) << 62)

/* a + b into *sum unless the result passes LIMIT_SUM in magnitude. */
static bool add_bounded(int64_t *sum, int64_t b)
{
	int64_t r;
	if (__builtin_add_overflow(*sum, b, &r) || r > LIMIT_SUM ||
	    r < -LIMIT_SUM)
		return false;
	*sum = r;
	return true;
}

static bool validate(const struct mcf_problem *p, struct sr_error *err)
{
	if (p->node_count < 0 || p->arc_count < 0)
		return sr_fail(err, 422, "invalid_problem", "",
			       "node and arc counts must not be negative");
	if (p->arc_count >= INT64_C(0x7fffffff))
		return sr_fail(err, 422, "problem_too_large", "",
			       "more than 2^31 - 2 arcs");
	if (p->node_count > 0 && !p->supply)
		return sr_fail(err, 422, "invalid_problem", "supply",
			       "supplies missing");
	if (p->arc_count > 0 && (!p->from || !p->to || !p->cap || !p->cost))
		return sr_fail(err, 422, "invalid_problem", "",
			       "arc arrays missing");
	int64_t supply_sum = 0, supply_abs = 0, cap_sum = 0, weight = 0;
	int64_t max_cost = 0;
	for (int32_t v = 0; v < p->node_count; v++) {
		int64_t s = p->supply[v];
		if (s > MCF_AMOUNT_MAX || s < -MCF_AMOUNT_MAX)
			return sr_fail(err, 422, "value_out_of_range", "supply",
				       "supply of node %d out of range",
				       (int)v + 1);
		if (!add_bounded(&supply_abs, s < 0 ? -s : s))
			return sr_fail(err, 422, "problem_too_large", "supply",
				       "total supply exceeds 2^62");
		supply_sum += s; /* |supply_sum| <= supply_abs <= 2^62 */
	}
	if (supply_sum != 0)
		return sr_fail(err, 422, "unbalanced", "supply",
			       "supplies sum to %lld, not 0",
			       (long long)supply_sum);
	for (int64_t a = 0; a < p->arc_count; a++) {
		int32_t u = p->from[a], v = p->to[a];
		int64_t low = p->low ? p->low[a] : 0, cap = p->cap[a],
			cost = p->cost[a];
		if (u < 0 || u >= p->node_count || v < 0 || v >= p->node_count)
			return sr_fail(err, 422, "invalid_problem", "arc",
				       "arc %lld has a node out of range",
				       (long long)a + 1);
		if (low < 0 || low > cap || cap > MCF_AMOUNT_MAX)
			return sr_fail(err, 422, "invalid_problem", "arc",
				       "arc %lld needs 0 <= low <= cap <= 2^62",
				       (long long)a + 1);
		if (cost > MCF_COST_MAX || cost < -MCF_COST_MAX)
			return sr_fail(err, 422, "value_out_of_range", "arc",
				       "cost of arc %lld out of range",
				       (long long)a + 1);
		int64_t w;
		if (cost > max_cost || -cost > max_cost)
			max_cost = cost < 0 ? -cost : cost;
		if (!add_bounded(&cap_sum, cap) ||
		    __builtin_mul_overflow(cap, cost < 0 ? -cost : cost, &w) ||
		    !add_bounded(&weight, w))
			return sr_fail(err, 422, "problem_too_large", "arc",
				       "capacities times costs exceed 2^62");
	}
	if (!add_bounded(&cap_sum, supply_abs))
		return sr_fail(err, 422, "problem_too_large", "",
			       "capacities plus supplies exceed 2^62");
	/* Potentials stay within node_count x max |cost| (path lengths). */
	if ((int64_t)p->node_count * max_cost > MCF_POTENTIAL_MAX)
		return sr_fail(err, 422, "problem_too_large", "",
			       "node count times largest cost exceeds 2^58");
	return true;
}

void mcf_graph_free(struct mcf_graph *g)
{
	free(g->out_start);
	free(g->in_start);
	free(g->in_pos);
	free(g->in_flowing);
	free(g->in_index);
	free(g->pos);
	free(g->head);
	free(g->tail);
	free(g->cost);
	free(g->rcap);
	free(g->flow);
	free(g->balance);
	free(g->excess);
	free(g->pot);
	memset(g, 0, sizeof *g);
}

bool mcf_graph_build(struct mcf_graph *g, const struct mcf_problem *p,
		     struct sr_error *err)
{
	memset(g, 0, sizeof *g);
	int32_t n = p->node_count;
	uint32_t m = (uint32_t)p->arc_count;
	size_t nn = (size_t)n + 1, mm = (size_t)m + 1;
	g->n = n;
	g->m = m;
	g->scale = 1;
	g->out_start = calloc(nn, sizeof *g->out_start);
	g->in_start = calloc(nn, sizeof *g->in_start);
	g->in_pos = malloc(mm * sizeof *g->in_pos);
	g->in_flowing = calloc(nn, sizeof *g->in_flowing);
	g->in_index = malloc(mm * sizeof *g->in_index);
	g->pos = malloc(mm * sizeof *g->pos);
	g->head = malloc(mm * sizeof *g->head);
	g->tail = malloc(mm * sizeof *g->tail);
	g->cost = malloc(mm * sizeof *g->cost);
	g->rcap = malloc(mm * sizeof *g->rcap);
	g->flow = calloc(mm, sizeof *g->flow);
	g->balance = malloc(nn * sizeof *g->balance);
	g->excess = malloc(nn * sizeof *g->excess);
	g->pot = calloc(nn, sizeof *g->pot);
	if (!g->out_start || !g->in_start || !g->in_pos || !g->in_flowing ||
	    !g->in_index || !g->pos || !g->head || !g->tail || !g->cost ||
	    !g->rcap || !g->flow || !g->balance || !g->excess || !g->pot) {
		mcf_graph_free(g);
		return sr_fail(err, 503, "out_of_memory", "",
			       "out of memory building the flow graph");
	}
	uint32_t *cursor = malloc(nn * sizeof *cursor);
	if (!cursor) {
		mcf_graph_free(g);
		return sr_fail(err, 503, "out_of_memory", "",
			       "out of memory building the flow graph");
	}
	for (uint32_t a = 0; a < m; a++) {
		g->out_start[p->from[a] + 1]++;
		g->in_start[p->to[a] + 1]++;
	}
	for (int32_t v = 0; v < n; v++) {
		g->out_start[v + 1] += g->out_start[v];
		g->in_start[v + 1] += g->in_start[v];
	}
	/* Rows keep the input order of their arcs (determinism). */
	memcpy(cursor, g->out_start, (size_t)n * sizeof *cursor);
	for (int32_t v = 0; v < n; v++)
		g->balance[v] = p->supply[v];
	for (uint32_t a = 0; a < m; a++) {
		int32_t u = p->from[a];
		uint32_t k = cursor[u]++;
		int64_t low = p->low ? p->low[a] : 0;
		g->pos[a] = k;
		g->head[k] = p->to[a];
		g->tail[k] = u;
		g->cost[k] = p->cost[a];
		g->rcap[k] = p->cap[a] - low;
		if (low) {
			g->balance[u] -= low;
			g->balance[p->to[a]] += low;
		}
	}
	memcpy(cursor, g->in_start, (size_t)n * sizeof *cursor);
	for (uint32_t k = 0; k < m; k++)
		g->in_pos[cursor[g->head[k]]++] = k;
	free(cursor);
	return true;
}

static void split_in_rows(struct mcf_graph *g);

/* ---- the exact phase: successive shortest paths ---- */

struct sssp {
	int64_t *dist;
	uint32_t *pred; /* 2 * position + (1 when the arc is used backwards) */
	int32_t *hpos;	/* index in heap, -1 never seen, -2 settled */
	int32_t *heap;	/* 4-ary min-heap of nodes by dist */
	int32_t hsize;
	int32_t *touched; /* nodes whose dist/hpos must be reset */
	int32_t ntouched;
	const int64_t *excess; /* to put deficits first among equals */
	int64_t bound;	       /* distance of the nearest deficit seen */
};

/* Heap order: distance, then deficits before other nodes. */
static inline bool heap_before(const struct sssp *s, int32_t a, int32_t b)
{
	return s->dist[a] < s->dist[b] ||
	       (s->dist[a] == s->dist[b] && s->excess[a] < 0 &&
		s->excess[b] >= 0);
}

static bool sssp_init(struct sssp *s, int32_t n)
{
	size_t nn = (size_t)n + 1;
	s->dist = malloc(nn * sizeof *s->dist);
	s->pred = malloc(nn * sizeof *s->pred);
	s->hpos = malloc(nn * sizeof *s->hpos);
	s->heap = malloc(nn * sizeof *s->heap);
	s->touched = malloc(nn * sizeof *s->touched);
	s->hsize = 0;
	s->ntouched = 0;
	if (!s->dist || !s->pred || !s->hpos || !s->heap || !s->touched)
		return false;
	for (int32_t v = 0; v < n; v++)
		s->hpos[v] = -1;
	return true;
}

static void sssp_free(struct sssp *s)
{
	free(s->dist);
	free(s->pred);
	free(s->hpos);
	free(s->heap);
	free(s->touched);
}

static void heap_up(struct sssp *s, int32_t i)
{
	int32_t v = s->heap[i];
	while (i > 0) {
		int32_t parent = (i - 1) >> 2;
		int32_t pv = s->heap[parent];
		if (!heap_before(s, v, pv))
			break;
		s->heap[i] = pv;
		s->hpos[pv] = i;
		i = parent;
	}
	s->heap[i] = v;
	s->hpos[v] = i;
}

static int32_t heap_pop(struct sssp *s)
{
	int32_t top = s->heap[0];
	int32_t v = s->heap[--s->hsize];
	int32_t i = 0, size = s->hsize;
	if (size > 0) {
		for (;;) {
			int32_t c = 4 * i + 1;
			if (c >= size)
				break;
			int32_t best = c;
			int32_t end = c + 4 < size ? c + 4 : size;
			for (int32_t j = c + 1; j < end; j++)
				if (heap_before(s, s->heap[j], s->heap[best]))
					best = j;
			if (!heap_before(s, s->heap[best], v))
				break;
			s->heap[i] = s->heap[best];
			s->hpos[s->heap[i]] = i;
			i = best;
		}
		s->heap[i] = v;
		s->hpos[v] = i;
	}
	s->hpos[top] = -2;
	return top;
}

static inline void relax(struct sssp *s, int32_t v, int64_t d, uint32_t pred)
{
	int32_t hp = s->hpos[v];
	if (hp == -2)
		return;
	/* A node no nearer than a deficit already seen is never settled
	 * before the search stops: leave it out of the heap. */
	if (d >= s->bound) {
		if (d > s->bound || s->excess[v] >= 0)
			return;
	} else if (s->excess[v] < 0) {
		s->bound = d;
	}
	if (hp == -1) {
		s->touched[s->ntouched++] = v;
		s->dist[v] = d;
		s->pred[v] = pred;
		s->heap[s->hsize] = v;
		heap_up(s, s->hsize++);
	} else if (d < s->dist[v]) {
		s->dist[v] = d;
		s->pred[v] = pred;
		heap_up(s, hp);
	}
}

/* Changes the flow of position k, keeping its head's in_pos row in two
 * parts (see mcf_graph.h). */
static void set_flow(struct mcf_graph *g, uint32_t k, int64_t flow)
{
	bool was = g->flow[k] > 0, is = flow > 0;
	g->flow[k] = flow;
	if (was == is)
		return;
	int32_t v = g->head[k];
	uint32_t at = g->in_index[k];
	uint32_t edge = g->in_start[v] + g->in_flowing[v] - (was ? 1 : 0);
	uint32_t other = g->in_pos[edge];
	g->in_pos[at] = other;
	g->in_index[other] = at;
	g->in_pos[edge] = k;
	g->in_index[k] = edge;
	g->in_flowing[v] += is ? 1 : -1;
}

/* Moves as much as possible from the root of the shortest-path tree above
 * deficit node t (an excess) down to t. */
static void push_down_tree(struct mcf_graph *g, struct sssp *s, int32_t t)
{
	int64_t amount = -g->excess[t];
	int32_t root = t;
	for (uint32_t pr; (pr = s->pred[root]) != UINT32_MAX;) {
		uint32_t k = pr >> 1;
		int64_t room = (pr & 1) ? g->flow[k] : g->rcap[k] - g->flow[k];
		if (room < amount)
			amount = room;
		root = (pr & 1) ? g->head[k] : g->tail[k];
	}
	if (g->excess[root] < amount)
		amount = g->excess[root];
	if (amount <= 0)
		return;
	for (int32_t v = t; v != root;) {
		uint32_t pr = s->pred[v];
		uint32_t k = pr >> 1;
		if (pr & 1) {
			set_flow(g, k, g->flow[k] - amount);
			v = g->head[k];
		} else {
			set_flow(g, k, g->flow[k] + amount);
			v = g->tail[k];
		}
	}
	g->excess[root] -= amount;
	g->excess[t] += amount;
}

/* Dijkstra by reduced cost from the excess at src to the nearest deficit,
 * which it returns (-1 when none can be reached). Among nodes at the same
 * distance a deficit comes first, so the search stops as early as it can.
 * With D the distance found, settled nodes move their potential by
 * dist - D: every reduced cost stays >= 0 and the path becomes tight.
 * pred[v] is the arc into v (2 * position, + 1 when used against its
 * direction). */
static int32_t shortest_path(struct mcf_graph *g, struct sssp *s, int32_t src)
{
	const uint32_t *out_start = g->out_start, *in_start = g->in_start,
		       *in_pos = g->in_pos;
	const int32_t *head = g->head, *tail = g->tail;
	const int64_t *cost = g->cost, *rcap = g->rcap, *flow = g->flow;
	int64_t *pot = g->pot;
	s->hsize = 0;
	s->ntouched = 0;
	s->excess = g->excess;
	s->bound = INT64_MAX;
	relax(s, src, 0, UINT32_MAX);
	int32_t found = -1;
	while (s->hsize > 0) {
		int32_t u = heap_pop(s);
		if (g->excess[u] < 0) {
			found = u;
			break;
		}
		int64_t du = s->dist[u] + pot[u];
		for (uint32_t k = out_start[u]; k < out_start[u + 1]; k++)
			if (flow[k] < rcap[k]) {
				int32_t v = head[k];
				relax(s, v, du + cost[k] - pot[v], 2 * k);
			}
		/* residual reverse arcs: only the arcs in that carry flow */
		const uint32_t end = in_start[u] + g->in_flowing[u];
		for (uint32_t i = in_start[u]; i < end; i++) {
			uint32_t k = in_pos[i];
			int32_t v = tail[k];
			relax(s, v, du - cost[k] - pot[v], 2 * k + 1);
		}
	}
	int64_t D = found >= 0 ? s->dist[found] : 0;
	for (int32_t i = 0; i < s->ntouched; i++) {
		int32_t v = s->touched[i];
		if (found >= 0 && s->hpos[v] == -2)
			pot[v] += s->dist[v] - D;
		s->hpos[v] = -1;
	}
	return found;
}

/* Bellman-Ford (FIFO queue) from a virtual root by reduced cost over the
 * residual arcs; see mcf_graph.h. The budget is 12 (m + n) arcs scanned:
 * fitting an optimal flow from nearly right prices has taken up to 7 in the
 * benchmarks (ties make it longer), and a negative cycle uses it all. */
bool mcf_fit_potentials(struct mcf_graph *g)
{
	int32_t n = g->n;
	size_t nn = (size_t)n + 1;
	int64_t *d = malloc(nn * sizeof *d);
	int32_t *queue = malloc(nn * sizeof *queue);
	uint8_t *queued = malloc(nn);
	/* the arcs with flow, in rows by head: the residual reverse arcs */
	uint32_t *rev_start = calloc(nn + 1, sizeof *rev_start);
	uint32_t *rev = NULL;
	bool ok = d && queue && queued && rev_start;
	for (uint32_t k = 0; ok && k < g->m; k++)
		if (g->flow[k] > 0)
			rev_start[g->head[k] + 1]++;
	for (int32_t v = 0; ok && v < n; v++)
		rev_start[v + 1] += rev_start[v];
	if (ok)
		ok = (rev = malloc(((size_t)rev_start[n] + 1) * sizeof *rev));
	for (uint32_t k = 0; ok && k < g->m; k++)
		if (g->flow[k] > 0)
			rev[rev_start[g->head[k]]++] = k;
	for (int32_t v = n; ok && v > 0; v--)
		rev_start[v] = rev_start[v - 1];
	if (ok)
		rev_start[0] = 0;
	int32_t qhead = 0, qlen = 0;
	uint64_t budget = 12 * ((uint64_t)g->m + (uint64_t)n), work = 0;
	for (int32_t v = 0; ok && v < n; v++) {
		d[v] = 0;
		queue[qlen++] = v;
		queued[v] = 1;
	}
	while (ok && qlen > 0) {
		int32_t u = queue[qhead];
		qhead = qhead + 1 == n ? 0 : qhead + 1;
		qlen--;
		queued[u] = 0;
		uint32_t e = g->out_start[u + 1];
		uint32_t end = e + (rev_start[u + 1] - rev_start[u]);
		work += end - g->out_start[u];
		if (work > budget)
			ok = false;
		int64_t du = d[u] + g->pot[u];
		for (uint32_t i = g->out_start[u]; i < end && ok; i++) {
			int32_t v;
			int64_t nd;
			if (i < e) {
				if (g->flow[i] >= g->rcap[i])
					continue;
				v = g->head[i];
				nd = du + g->cost[i] - g->pot[v];
			} else {
				uint32_t k = rev[rev_start[u] + (i - e)];
				v = g->tail[k];
				nd = du - g->cost[k] - g->pot[v];
			}
			if (nd >= d[v])
				continue;
			d[v] = nd;
			if (!queued[v]) {
				queued[v] = 1;
				int32_t at = qhead + qlen;
				queue[at >= n ? at - n : at] = v;
				qlen++;
			}
		}
	}
	for (int32_t v = 0; ok && v < n; v++)
		g->pot[v] += d[v];
	free(d);
	free(queue);
	free(queued);
	free(rev_start);
	free(rev);
	return ok;
}

/* Sets every arc whose reduced cost disagrees with its flow to the bound its
 * reduced cost asks for, then recomputes the excesses. Afterwards every
 * residual arc has a non-negative reduced cost. */
static void make_slack_consistent(struct mcf_graph *g)
{
	for (uint32_t k = 0; k < g->m; k++) {
		int64_t rc =
		    g->cost[k] + g->pot[g->tail[k]] - g->pot[g->head[k]];
		if (rc < 0)
			g->flow[k] = g->rcap[k];
		else if (rc > 0)
			g->flow[k] = 0;
	}
	memcpy(g->excess, g->balance, (size_t)g->n * sizeof *g->excess);
	for (uint32_t k = 0; k < g->m; k++) {
		g->excess[g->tail[k]] -= g->flow[k];
		g->excess[g->head[k]] += g->flow[k];
	}
}

/* Splits each in_pos row: arcs with flow first (see mcf_graph.h). */
static void split_in_rows(struct mcf_graph *g)
{
	for (int32_t v = 0; v < g->n; v++) {
		uint32_t lo = g->in_start[v], hi = g->in_start[v + 1];
		uint32_t w = lo;
		for (uint32_t i = lo; i < hi; i++)
			if (g->flow[g->in_pos[i]] > 0) {
				uint32_t k = g->in_pos[i];
				g->in_pos[i] = g->in_pos[w];
				g->in_pos[w++] = k;
			}
		g->in_flowing[v] = w - lo;
		for (uint32_t i = lo; i < hi; i++)
			g->in_index[g->in_pos[i]] = i;
	}
}

/* Returns false when some excess cannot reach a deficit: infeasible. */
static bool settle_excesses(struct mcf_graph *g, struct sssp *s)
{
	bool any = false;
	for (int32_t v = 0; v < g->n && !any; v++)
		any = g->excess[v] > 0;
	if (any)
		split_in_rows(g);
	for (int32_t v = 0; v < g->n; v++)
		while (g->excess[v] > 0) {
			int32_t t = shortest_path(g, s, v);
			if (t < 0)
				return false;
			push_down_tree(g, s, t);
		}
	return true;
}

/* floor(a / b) for b > 0. */
static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && a < 0) ? q - 1 : q;
}

bool mcf_solve(const struct mcf_problem *p, struct mcf_result *result,
	       struct sr_error *err)
{
	memset(result, 0, sizeof *result);
	if (!validate(p, err))
		return false;
	struct mcf_graph g;
	if (!mcf_graph_build(&g, p, err))
		return false;
	struct sssp s;
	result->flow =
	    malloc(((size_t)p->arc_count + 1) * sizeof *result->flow);
	result->potential =
	    malloc(((size_t)p->node_count + 1) * sizeof *result->potential);
	if (!result->flow || !result->potential || !sssp_init(&s, g.n)) {
		if (result->flow && result->potential)
			sssp_free(&s);
		mcf_graph_free(&g);
		mcf_result_free(result);
		return sr_fail(err, 503, "out_of_memory", "",
			       "out of memory solving the flow problem");
	}
	/* Potentials to start from: the round start's (made exact when its
	 * flow is optimal), else zero. Then a pseudoflow whose residual arcs
	 * all have reduced cost >= 0 (with zero potentials: the negative arcs
	 * saturated). */
	if (!mcf_round_start(&g, p))
		memset(g.pot, 0, (size_t)g.n * sizeof *g.pot);
	make_slack_consistent(&g);
	bool feasible = settle_excesses(&g, &s);
	sssp_free(&s);
	if (!feasible) {
		mcf_graph_free(&g);
		mcf_result_free(result);
		result->status = MCF_INFEASIBLE;
		return true;
	}
	int64_t total = 0;
	for (int64_t a = 0; a < p->arc_count; a++) {
		int64_t f = g.flow[g.pos[a]] + (p->low ? p->low[a] : 0);
		result->flow[a] = f;
		total += f * p->cost[a]; /* bounded by validate() */
	}
	for (int32_t v = 0; v < g.n; v++)
		result->potential[v] = floor_div(g.pot[v], g.scale);
	result->status = MCF_OPTIMAL;
	result->cost = total;
	mcf_graph_free(&g);
	return true;
}

void mcf_result_free(struct mcf_result *result)
{
	free(result->flow);
	free(result->potential);
	result->flow = NULL;
	result->potential = NULL;
}
