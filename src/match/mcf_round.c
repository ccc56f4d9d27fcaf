/*
 * mcf_round.c: a fast start for the proposal-round shape of min-cost flow.
 *
 * The shape: sources (candidates, supply > 0) with arcs of capacity 1 to
 * "openings" (zero supply, one arc to the sink) and arcs straight to the sink
 * ("unassigned", enough capacity for the whole supply); one sink with all the
 * demand; no lower bounds. This is a transportation problem with capacitated
 * destinations, for which an auction with epsilon scaling (Bertsekas and
 * Castanon) is much faster than a general code:
 *
 *   - each opening j with capacity c_j is c_j copies, each with its own price;
 *     it holds at most c_j units, kept in a small min-heap by price, and the
 *     price a bidder sees is the cheapest copy's (or the opening's base price
 *     while it has a free copy);
 *   - a source with an unplaced unit finds its best value
 *     v1 = cost + price and the second best v2 among its other arcs, and
 *     takes the best copy at price + (v2 - v1) + eps, evicting its holder;
 *     the sink arcs have price 0 and never fill up, which bounds all prices
 *     and guarantees termination;
 *   - costs are multiplied by a scale K so that the last phase's eps = 1 is
 *     fine compared with the cost grid; the phases divide eps by ALPHA and
 *     start again with the prices of the previous phase.
 *
 * The auction leaves an eps-optimal flow, not an exact one. It therefore only
 * starts the exact phase in mcf.c: potentials are derived from the prices,
 * arcs whose reduced cost disagrees with their flow are corrected, and the few
 * excesses that creates are settled by shortest paths. The answer is exact
 * whatever the auction did.
 *
 * Determinism: sources bid in FIFO order from node order, ties go to the
 * earlier arc and to the earlier position in a heap.
 */
#include <stdlib.h>
#include <string.h>

#include "match/mcf_graph.h"

enum node_kind { KIND_OTHER = 0, KIND_SOURCE, KIND_OPENING, KIND_SINK };

#define ALPHA 8
#define SCALE 16

struct held {
	int64_t price;
	uint32_t k; /* position of the arc that holds this copy */
};

struct auction {
	struct mcf_graph *g;
	int32_t sink;
	uint8_t *kind;
	int64_t *base;  /* per node: scaled cost of the opening's sink arc */
	int64_t *vb;    /* per node: base + price the bidders see */
	int64_t *p0;    /* per opening: price of a free copy */
	int64_t *cap;   /* per opening: copies (see mcf_round_start) */
	int32_t *count; /* per opening: copies held */
	uint32_t *hoff; /* per opening: its heap in `held` */
	struct held *held;
	int64_t *rem; /* per source: units not yet placed */
	int32_t *queue;
	uint8_t *queued;
	int32_t qhead, qlen, qcap;
	int64_t big; /* price of an opening that cannot take anything */
};

static bool held_less(const struct held *a, const struct held *b)
{
	return a->price < b->price || (a->price == b->price && a->k < b->k);
}

static void heap_sift_down(struct held *h, int32_t size, int32_t i)
{
	struct held x = h[i];
	for (;;) {
		int32_t c = 2 * i + 1;
		if (c >= size)
			break;
		if (c + 1 < size && held_less(&h[c + 1], &h[c]))
			c++;
		if (!held_less(&h[c], &x))
			break;
		h[i] = h[c];
		i = c;
	}
	h[i] = x;
}

static void heap_push(struct held *h, int32_t size, struct held x)
{
	int32_t i = size;
	while (i > 0) {
		int32_t parent = (i - 1) / 2;
		if (!held_less(&x, &h[parent]))
			break;
		h[i] = h[parent];
		i = parent;
	}
	h[i] = x;
}

static void enqueue(struct auction *a, int32_t v)
{
	if (a->queued[v])
		return;
	a->queued[v] = 1;
	int32_t at = a->qhead + a->qlen;
	if (at >= a->qcap)
		at -= a->qcap;
	a->queue[at] = v;
	a->qlen++;
}

static int32_t dequeue(struct auction *a)
{
	int32_t v = a->queue[a->qhead];
	if (++a->qhead == a->qcap)
		a->qhead = 0;
	a->qlen--;
	a->queued[v] = 0;
	return v;
}

static int64_t seen_price(const struct auction *a, int32_t j)
{
	if (a->cap[j] == 0)
		return a->big;
	if (a->count[j] < a->cap[j])
		return a->p0[j];
	return a->held[a->hoff[j]].price;
}

/* Places the units of source i one by one. */
static void bid(struct auction *a, int32_t i, int64_t eps)
{
	struct mcf_graph *g = a->g;
	const uint32_t end = g->out_start[i + 1];
	while (a->rem[i] > 0) {
		int64_t v1 = INT64_MAX, v2 = INT64_MAX;
		uint32_t k1 = 0;
		for (uint32_t k = g->out_start[i]; k < end; k++) {
			if (g->flow[k] >= g->rcap[k])
				continue;
			int64_t v = g->cost[k] + a->vb[g->head[k]];
			if (v < v1) {
				v2 = v1;
				v1 = v;
				k1 = k;
			} else if (v < v2) {
				v2 = v;
			}
		}
		int32_t j = g->head[k1];
		if (j == a->sink) {
			int64_t room = g->rcap[k1] - g->flow[k1];
			int64_t amount = a->rem[i] < room ? a->rem[i] : room;
			g->flow[k1] += amount;
			a->rem[i] -= amount;
			continue;
		}
		/* v2 is finite: the sink arcs have room for every unit. */
		struct held x = {seen_price(a, j) + (v2 - v1) + eps, k1};
		struct held *h = a->held + a->hoff[j];
		if (a->count[j] < a->cap[j]) {
			heap_push(h, a->count[j]++, x);
		} else {
			uint32_t out = h[0].k;
			int32_t owner = g->tail[out];
			g->flow[out]--;
			a->rem[owner]++;
			if (owner != i)
				enqueue(a, owner);
			h[0] = x;
			heap_sift_down(h, a->count[j], 0);
		}
		g->flow[k1]++;
		a->rem[i]--;
		a->vb[j] = a->base[j] + seen_price(a, j);
	}
}

static void auction_phase(struct auction *a, int64_t eps)
{
	struct mcf_graph *g = a->g;
	for (int32_t v = 0; v < g->n; v++) {
		if (a->kind[v] == KIND_OPENING && a->cap[v] > 0) {
			a->p0[v] = seen_price(a, v);
			a->count[v] = 0;
			a->vb[v] = a->base[v] + a->p0[v];
		}
		if (a->kind[v] == KIND_SOURCE) {
			for (uint32_t k = g->out_start[v]; k < g->out_start[v + 1];
			     k++)
				g->flow[k] = 0;
			a->rem[v] = g->balance[v];
			enqueue(a, v);
		}
	}
	while (a->qlen > 0)
		bid(a, dequeue(a), eps);
}

/* Classifies the nodes; false when the problem is not of the round's shape. */
static bool classify(struct auction *a, const struct mcf_problem *p)
{
	struct mcf_graph *g = a->g;
	if (p->low)
		for (int64_t e = 0; e < p->arc_count; e++)
			if (p->low[e] != 0)
				return false;
	a->sink = -1;
	for (int32_t v = 0; v < g->n; v++)
		if (g->balance[v] < 0) {
			if (a->sink >= 0)
				return false;
			a->sink = v;
		}
	if (a->sink < 0)
		return false;
	for (int32_t v = 0; v < g->n; v++) {
		uint32_t outdeg = g->out_start[v + 1] - g->out_start[v];
		uint32_t indeg = g->in_start[v + 1] - g->in_start[v];
		if (v == a->sink)
			a->kind[v] = outdeg == 0 ? KIND_SINK : KIND_OTHER;
		else if (g->balance[v] > 0)
			a->kind[v] = indeg == 0 ? KIND_SOURCE : KIND_OTHER;
		else if (outdeg == 0 && indeg == 0)
			a->kind[v] = KIND_OTHER; /* isolated: harmless */
		else if (outdeg == 0 ||
			 (outdeg == 1 && g->head[g->out_start[v]] == a->sink))
			a->kind[v] = KIND_OPENING;
		else
			return false;
		if (v == a->sink && a->kind[v] != KIND_SINK)
			return false;
		if (g->balance[v] > 0 && a->kind[v] != KIND_SOURCE)
			return false;
	}
	for (int32_t v = 0; v < g->n; v++) {
		if (a->kind[v] == KIND_OPENING)
			for (uint32_t i = g->in_start[v]; i < g->in_start[v + 1];
			     i++)
				if (a->kind[g->tail[g->in_pos[i]]] !=
				    KIND_SOURCE)
					return false;
		if (a->kind[v] != KIND_SOURCE)
			continue;
		int64_t to_sink = 0;
		for (uint32_t k = g->out_start[v]; k < g->out_start[v + 1];
		     k++) {
			int32_t w = g->head[k];
			if (w == a->sink)
				to_sink += g->rcap[k];
			else if (a->kind[w] != KIND_OPENING || g->rcap[k] > 1)
				return false;
		}
		if (to_sink < g->balance[v])
			return false;
	}
	return true;
}

static void auction_free(struct auction *a)
{
	free(a->kind);
	free(a->base);
	free(a->vb);
	free(a->p0);
	free(a->cap);
	free(a->count);
	free(a->hoff);
	free(a->held);
	free(a->rem);
	free(a->queue);
	free(a->queued);
}

bool mcf_round_start(struct mcf_graph *g, const struct mcf_problem *p)
{
	struct auction a = {.g = g};
	size_t nn = (size_t)g->n + 1;
	a.kind = calloc(nn, 1);
	if (!a.kind || !classify(&a, p)) {
		free(a.kind);
		return false;
	}
	int64_t max_cost = 1;
	for (uint32_t k = 0; k < g->m; k++) {
		int64_t c = g->cost[k] < 0 ? -g->cost[k] : g->cost[k];
		if (c > max_cost)
			max_cost = c;
	}
	/* Scaled values, prices and potentials stay within 8 K max_cost. */
	int64_t scale = SCALE;
	while (scale > 1 &&
	       (int64_t)g->n * 8 * scale > MCF_POTENTIAL_MAX / max_cost)
		scale /= 2;
	if ((int64_t)g->n * 8 * scale > MCF_POTENTIAL_MAX / max_cost) {
		free(a.kind);
		return false;
	}
	a.base = calloc(nn, sizeof *a.base);
	a.vb = calloc(nn, sizeof *a.vb);
	a.p0 = calloc(nn, sizeof *a.p0);
	a.cap = calloc(nn, sizeof *a.cap);
	a.count = calloc(nn, sizeof *a.count);
	a.hoff = calloc(nn, sizeof *a.hoff);
	a.rem = calloc(nn, sizeof *a.rem);
	a.queue = malloc(nn * sizeof *a.queue);
	a.queued = calloc(nn, 1);
	a.qcap = (int32_t)nn;
	if (!a.base || !a.vb || !a.p0 || !a.cap || !a.count || !a.hoff ||
	    !a.rem || !a.queue || !a.queued) {
		auction_free(&a);
		return false;
	}
	uint32_t copies = 0;
	for (int32_t v = 0; v < g->n; v++) {
		if (a.kind[v] != KIND_OPENING)
			continue;
		uint32_t indeg = g->in_start[v + 1] - g->in_start[v];
		uint32_t k = g->out_start[v];
		int64_t c = k < g->out_start[v + 1] ? g->rcap[k] : 0;
		/* More copies than arcs in: it never fills, so one more than
		 * it can hold stands for "unbounded" without the memory. */
		a.cap[v] = c <= indeg ? c : (int64_t)indeg + 1;
		a.hoff[v] = copies;
		copies += (uint32_t)(c <= indeg ? c : indeg);
	}
	a.held = malloc(((size_t)copies + 1) * sizeof *a.held);
	if (!a.held) {
		auction_free(&a);
		return false;
	}
	/* From here on the graph is changed: costs on the finer grid. */
	g->scale = scale;
	int64_t lo = INT64_MAX, hi = INT64_MIN;
	for (uint32_t k = 0; k < g->m; k++)
		g->cost[k] *= scale;
	for (int32_t v = 0; v < g->n; v++)
		if (a.kind[v] == KIND_OPENING &&
		    g->out_start[v] < g->out_start[v + 1])
			a.base[v] = g->cost[g->out_start[v]];
	for (uint32_t k = 0; k < g->m; k++) {
		if (a.kind[g->tail[k]] != KIND_SOURCE)
			continue;
		int64_t v = g->cost[k] + a.base[g->head[k]];
		lo = v < lo ? v : lo;
		hi = v > hi ? v : hi;
	}
	a.big = 4 * scale * max_cost + 4;
	int64_t eps = hi > lo ? (hi - lo) / ALPHA : 1;
	for (;;) {
		if (eps < 1)
			eps = 1;
		auction_phase(&a, eps);
		if (eps == 1)
			break;
		eps /= ALPHA;
	}

	/* Potentials from the prices: the sink at 0, an opening at minus what
	 * a bidder pays to go through it, then a source at minus its best
	 * value among the arcs with room. */
	for (int32_t v = 0; v < g->n; v++) {
		g->pot[v] = 0;
		if (a.kind[v] != KIND_OPENING)
			continue;
		g->pot[v] = -(a.base[v] + seen_price(&a, v));
		if (g->out_start[v] < g->out_start[v + 1])
			g->flow[g->out_start[v]] = a.count[v];
	}
	for (int32_t v = 0; v < g->n; v++) {
		if (a.kind[v] != KIND_SOURCE)
			continue;
		int64_t best = INT64_MAX, worst_used = INT64_MIN;
		for (uint32_t k = g->out_start[v]; k < g->out_start[v + 1]; k++) {
			int64_t val = g->cost[k] - g->pot[g->head[k]];
			if (g->flow[k] < g->rcap[k] && val < best)
				best = val;
			if (g->flow[k] > 0 && val > worst_used)
				worst_used = val;
		}
		g->pot[v] = -(best != INT64_MAX ? best : worst_used);
	}
	auction_free(&a);
	return true;
}
