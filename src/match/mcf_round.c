/*
 * mcf_round.c: a fast start for the proposal-round shape of min-cost flow.
 *
 * The shape: sources (candidates, supply > 0) with arcs of capacity 1 to
 * "openings" (zero supply, one arc to the sink) and exactly one arc straight
 * to the sink ("unassigned", with room for the source's whole supply); one
 * sink with all the demand; no lower bounds. This is a transportation problem
 * with capacitated destinations, for which an auction with epsilon scaling
 * (Bertsekas and Castanon) is much faster than a general code:
 *
 *   - each opening j with capacity c_j is c_j copies, each with its own price;
 *     it holds at most c_j units, kept in a small min-heap by price, and the
 *     price a bidder sees is the cheapest copy's (or the opening's free-copy
 *     price while it has a free copy);
 *   - an unplaced unit of supply finds its best value v1 = cost + price
 *     and the second best v2 among its source's arcs with room, and takes the
 *     cheapest copy at price + (v2 - v1) + eps, evicting its holder; the
 *     "unassigned" arc has price 0 and never fills up, which bounds all prices
 *     and guarantees termination;
 *   - prices only rise in that forward auction, so a phase can leave an
 *     opening with free copies at a positive price (its price came from the
 *     previous phase), which complementary slackness forbids; a reverse step
 *     then lowers such an opening's price until it draws a unit from
 *     elsewhere or reaches 0 (Bertsekas' forward/reverse auction), keeping
 *     every unit within eps of its best choice;
 *   - costs are multiplied by a scale K so that the last phase's eps = 1 is
 *     fine compared with the cost grid; each phase divides eps by ALPHA and
 *     starts again from the previous prices, lowered by DEFLATE x the
 *     previous eps so that few openings start too dear.
 *
 * The auction works on its own compact arrays (32-bit opening numbers and
 * costs in rows per source), which is what makes a bid cheap.
 *
 * The auction leaves an eps-optimal flow. With eps = 1 on a grid 16 times
 * finer than the costs that flow is, in practice, optimal: potentials derived
 * from the prices are made exact by mcf_fit_potentials, and nothing is left
 * to do. When they cannot be (a negative cycle: the flow was not optimal),
 * the grid is halved and one more phase runs, up to MAX_FINER times. Either
 * way this only starts the exact phase in mcf.c, which corrects whatever
 * disagrees; the answer is exact whatever the auction did.
 *
 * Determinism: units bid in FIFO order starting from node order, ties go to
 * the earlier arc, the earlier unit and the earlier opening.
 */
#include <stdlib.h>
#include <string.h>

#include "match/mcf_graph.h"

#define ALPHA 4
#define DEFLATE 2
#define SCALE 16
#define MAX_FINER 3
#define NOWHERE UINT32_MAX	    /* unit not placed */
#define UNASSIGNED (UINT32_MAX - 1) /* unit on its source's sink arc */

struct held {
	int64_t price;
	uint32_t unit;
};

struct out_arc {
	uint32_t head; /* opening */
	int32_t cost;
};

struct in_arc {
	uint32_t src;
	int32_t cost;
};

struct auction {
	struct mcf_graph *g;
	int32_t sink;
	uint32_t S, M, A, U; /* sources, openings, arcs between, units */
	/* sources */
	int32_t *snode;
	uint32_t *arc_start;  /* S+1: rows of arcs to openings */
	uint32_t *unit_start; /* S+1 */
	int64_t *dval;	      /* value of the unassigned arc */
	uint32_t *dpos;	      /* its graph position */
	int64_t *sval;	      /* highest value among the source's units */
	/* arcs to openings, in rows by source */
	struct out_arc *arc;
	uint8_t *used; /* arc taken by a unit; NULL when every supply is 1 */
	/* units */
	uint32_t *usrc;
	uint32_t *uarc;
	int64_t *uprice;
	/* openings */
	int32_t *onode;
	int64_t *base, *vb, *p0, *cap;
	int32_t *count;
	uint32_t *hoff;
	struct held *held;
	uint32_t *in_start; /* M+1: arcs entering, as (source, cost) */
	struct in_arc *in;
	/* work lists */
	uint32_t *queue; /* FIFO of unplaced units */
	uint32_t qhead, qlen;
	uint32_t *work; /* FIFO of openings with free copies at a price > 0 */
	uint8_t *in_work;
	uint32_t whead, wlen;
	int64_t big; /* price of an opening that cannot take anything */
};

static bool held_less(const struct held *a, const struct held *b)
{
	return a->price < b->price ||
	       (a->price == b->price && a->unit < b->unit);
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

static void heap_sift_up(struct held *h, int32_t i)
{
	struct held x = h[i];
	while (i > 0) {
		int32_t parent = (i - 1) / 2;
		if (!held_less(&x, &h[parent]))
			break;
		h[i] = h[parent];
		i = parent;
	}
	h[i] = x;
}

static inline int64_t seen_price(const struct auction *a, uint32_t j)
{
	if (a->cap[j] == 0)
		return a->big;
	if (a->count[j] < a->cap[j])
		return a->p0[j];
	return a->held[a->hoff[j]].price;
}

static void enqueue_unit(struct auction *a, uint32_t u)
{
	uint32_t at = a->qhead + a->qlen;
	if (at >= a->U)
		at -= a->U;
	a->queue[at] = u;
	a->qlen++;
}

static uint32_t dequeue_unit(struct auction *a)
{
	uint32_t u = a->queue[a->qhead];
	if (++a->qhead == a->U)
		a->qhead = 0;
	a->qlen--;
	return u;
}

static void enqueue_opening(struct auction *a, uint32_t j)
{
	if (a->in_work[j])
		return;
	a->in_work[j] = 1;
	uint32_t at = a->whead + a->wlen;
	if (at >= a->M)
		at -= a->M;
	a->work[at] = j;
	a->wlen++;
}

static uint32_t dequeue_opening(struct auction *a)
{
	uint32_t j = a->work[a->whead];
	if (++a->whead == a->M)
		a->whead = 0;
	a->wlen--;
	a->in_work[j] = 0;
	return j;
}

/* What unit u pays where it is placed (scaled cost plus price). */
static int64_t unit_value(const struct auction *a, uint32_t u)
{
	uint32_t c = a->uarc[u];
	if (c == UNASSIGNED)
		return a->dval[a->usrc[u]];
	return a->arc[c].cost + a->base[a->arc[c].head] + a->uprice[u];
}

static void update_sval(struct auction *a, uint32_t s)
{
	int64_t worst = INT64_MIN;
	for (uint32_t u = a->unit_start[s]; u < a->unit_start[s + 1]; u++)
		if (a->uarc[u] != NOWHERE) {
			int64_t v = unit_value(a, u);
			worst = v > worst ? v : worst;
		}
	a->sval[s] = worst;
}

/* Forward step: places unit u on the best arc of its source. */
static void bid(struct auction *a, uint32_t u, int64_t eps)
{
	uint32_t s = a->usrc[u];
	const uint32_t end = a->arc_start[s + 1];
	const struct out_arc *arc = a->arc;
	const int64_t *vb = a->vb;
	/* the unassigned arc always has room: it starts as the best */
	int64_t v1 = a->dval[s], v2 = INT64_MAX;
	uint32_t c1 = UNASSIGNED;
	for (uint32_t c = a->arc_start[s]; c < end; c++) {
		if (a->used && a->used[c])
			continue;
		int64_t v = arc[c].cost + vb[arc[c].head];
		if (v < v1) {
			v2 = v1;
			v1 = v;
			c1 = c;
		} else if (v < v2) {
			v2 = v;
		}
	}
	a->uarc[u] = c1;
	if (c1 == UNASSIGNED) {
		if (a->used)
			update_sval(a, s);
		else
			a->sval[s] = v1;
		return;
	}
	uint32_t j = arc[c1].head;
	/* v2 is finite: the unassigned arc is always a choice. */
	struct held x = {seen_price(a, j) + (v2 - v1) + eps, u};
	struct held *h = a->held + a->hoff[j];
	if (a->count[j] < a->cap[j]) {
		h[a->count[j]] = x;
		heap_sift_up(h, a->count[j]++);
	} else {
		uint32_t out = h[0].unit;
		if (a->used)
			a->used[a->uarc[out]] = 0;
		a->uarc[out] = NOWHERE;
		enqueue_unit(a, out);
		h[0] = x;
		heap_sift_down(h, a->count[j], 0);
	}
	if (a->used)
		a->used[c1] = 1;
	a->uprice[u] = x.price;
	a->vb[j] = a->base[j] + seen_price(a, j);
	if (a->used)
		update_sval(a, s);
	else
		a->sval[s] = arc[c1].cost + a->base[j] + x.price;
}

/* Takes unit u off its arc; an opening keeps the price it had, and joins the
 * reverse work list when that price is positive. */
static void unplace(struct auction *a, uint32_t u)
{
	uint32_t c = a->uarc[u];
	a->uarc[u] = NOWHERE;
	if (c == UNASSIGNED)
		return;
	if (a->used)
		a->used[c] = 0;
	uint32_t o = a->arc[c].head;
	struct held *h = a->held + a->hoff[o];
	int32_t at = 0;
	while (h[at].unit != u)
		at++;
	a->p0[o] = seen_price(a, o);
	h[at] = h[--a->count[o]];
	if (at < a->count[o]) {
		heap_sift_down(h, a->count[o], at);
		heap_sift_up(h, at);
	}
	a->vb[o] = a->base[o] + seen_price(a, o);
	if (a->p0[o] > 0)
		enqueue_opening(a, o);
}

/* The unit of source s that gains most by leaving: its highest value. */
static uint32_t worst_unit(const struct auction *a, uint32_t s)
{
	uint32_t worst = a->unit_start[s];
	int64_t worst_value = INT64_MIN;
	for (uint32_t u = a->unit_start[s]; u < a->unit_start[s + 1]; u++) {
		int64_t v = unit_value(a, u);
		if (v > worst_value) {
			worst_value = v;
			worst = u;
		}
	}
	return worst;
}

/* The first arc of source s to opening j with that cost that no unit of s
 * holds, or NOWHERE. */
static uint32_t free_arc_to(const struct auction *a, uint32_t s, uint32_t j,
			    int32_t cost)
{
	for (uint32_t c = a->arc_start[s]; c < a->arc_start[s + 1]; c++) {
		if (a->arc[c].head != j || a->arc[c].cost != cost)
			continue;
		if (a->used ? !a->used[c] : a->uarc[a->unit_start[s]] != c)
			return c;
	}
	return NOWHERE;
}

/* Reverse step: opening j has free copies at a positive price. Find the unit
 * that would gain most by moving to j (q1: the price at which it would be
 * indifferent) and the runner-up (q2); move it at price max(0, q2 - eps), so
 * that no other unit gains more than eps by preferring j. When no unit would
 * come even at price 0, the price drops to 0. */
static void reverse_step(struct auction *a, uint32_t j, int64_t eps)
{
	while (a->count[j] < a->cap[j] && a->p0[j] > 0) {
		int64_t q1 = INT64_MIN, q2 = INT64_MIN;
		uint32_t s1 = 0;
		int32_t cost1 = 0;
		const int64_t base = a->base[j];
		for (uint32_t i = a->in_start[j]; i < a->in_start[j + 1]; i++) {
			struct in_arc e = a->in[i];
			int64_t q = a->sval[e.src] - (e.cost + base);
			if (q <= q2)
				continue;
			/* skip a source already at j (with one unit, a cheap
			 * test; with more, look for a free arc) */
			if (a->used) {
				if (free_arc_to(a, e.src, j, e.cost) == NOWHERE)
					continue;
			} else {
				uint32_t at = a->uarc[a->unit_start[e.src]];
				if (at != UNASSIGNED && a->arc[at].head == j)
					continue;
			}
			if (q > q1) {
				q2 = q1;
				q1 = q;
				s1 = e.src;
				cost1 = e.cost;
			} else {
				q2 = q;
			}
		}
		uint32_t c1 = q1 > 0 ? free_arc_to(a, s1, j, cost1) : NOWHERE;
		if (c1 == NOWHERE || q1 <= 0) {
			a->p0[j] = 0;
			a->vb[j] = base + seen_price(a, j);
			return;
		}
		int64_t price = q2 > eps ? q2 - eps : 0;
		if (price > a->p0[j])
			price = a->p0[j];
		uint32_t u = worst_unit(a, s1);
		unplace(a, u);
		a->uarc[u] = c1;
		if (a->used)
			a->used[c1] = 1;
		a->uprice[u] = price;
		struct held *h = a->held + a->hoff[j];
		h[a->count[j]] = (struct held){price, u};
		heap_sift_up(h, a->count[j]++);
		a->p0[j] = price;
		a->vb[j] = base + seen_price(a, j);
		update_sval(a, s1);
	}
}

/* The units in the queue are in no useful order, so each bid would wait for
 * its source's row from memory. Start those loads a few bids early, in a
 * pipeline: the unit's source PREFETCH_SOURCE bids ahead, the row's start
 * PREFETCH_START ahead, the row itself PREFETCH_ROW ahead (each stage reads
 * what the one before brought in). */
#define PREFETCH_ROW 2
#define PREFETCH_START 4
#define PREFETCH_SOURCE 6

static inline uint32_t queued_unit(const struct auction *a, uint32_t d)
{
	uint32_t at = a->qhead + d;
	return a->queue[at < a->U ? at : at - a->U];
}

static inline void prefetch_ahead(const struct auction *a)
{
	if (a->qlen > PREFETCH_SOURCE)
		__builtin_prefetch(&a->usrc[queued_unit(a, PREFETCH_SOURCE)]);
	if (a->qlen > PREFETCH_START) {
		uint32_t s = a->usrc[queued_unit(a, PREFETCH_START)];
		__builtin_prefetch(&a->arc_start[s]);
		__builtin_prefetch(&a->dval[s]);
	}
	if (a->qlen > PREFETCH_ROW) {
		uint32_t s = a->usrc[queued_unit(a, PREFETCH_ROW)];
		const struct out_arc *row = a->arc + a->arc_start[s];
		for (uint32_t x = 0; x < 48; x += 8)
			__builtin_prefetch(&row[x]);
	}
}

/* One phase at eps, from the prices so far lowered by `deflate`. */
static void auction_phase(struct auction *a, int64_t eps, int64_t deflate)
{
	a->qhead = a->qlen = 0;
	for (uint32_t j = 0; j < a->M; j++) {
		if (a->cap[j] == 0) {
			a->vb[j] = a->base[j] + a->big; /* never chosen */
			continue;
		}
		int64_t price = seen_price(a, j) - deflate;
		a->p0[j] = price > 0 ? price : 0;
		a->count[j] = 0;
		a->vb[j] = a->base[j] + a->p0[j];
	}
	if (a->used)
		memset(a->used, 0, a->A);
	for (uint32_t u = 0; u < a->U; u++) {
		a->uarc[u] = NOWHERE;
		enqueue_unit(a, u);
	}
	while (a->qlen > 0) {
		prefetch_ahead(a);
		bid(a, dequeue_unit(a), eps);
	}
	for (uint32_t j = 0; j < a->M; j++)
		if (a->count[j] < a->cap[j] && a->p0[j] > 0)
			enqueue_opening(a, j);
	while (a->wlen > 0)
		reverse_step(a, dequeue_opening(a), eps);
}

/* Checks the shape and numbers the sources and openings (index[] maps a node
 * to its number); false when the problem is not of the round's shape. */
static bool classify(struct auction *a, const struct mcf_problem *p,
		     uint8_t *kind, uint32_t *index)
{
	enum { OTHER = 0, SOURCE, OPENING, SINK };
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
	int64_t units = 0, arcs = 0;
	for (int32_t v = 0; v < g->n; v++) {
		uint32_t outdeg = g->out_start[v + 1] - g->out_start[v];
		uint32_t indeg = g->in_start[v + 1] - g->in_start[v];
		if (v == a->sink) {
			if (outdeg != 0)
				return false;
			kind[v] = SINK;
		} else if (g->balance[v] > 0) {
			if (indeg != 0)
				return false;
			kind[v] = SOURCE;
			index[v] = a->S++;
			units += g->balance[v];
		} else if (outdeg == 0 && indeg == 0) {
			kind[v] = OTHER; /* isolated: harmless */
		} else if (outdeg == 0 ||
			   (outdeg == 1 &&
			    g->head[g->out_start[v]] == a->sink)) {
			kind[v] = OPENING;
			index[v] = a->M++;
		} else {
			return false;
		}
	}
	/* one record per unit of supply: keep that within the arcs */
	if (units > (int64_t)g->m + g->n)
		return false;
	a->U = (uint32_t)units;
	for (int32_t v = 0; v < g->n; v++) {
		if (kind[v] != SOURCE)
			continue;
		int sink_arcs = 0;
		for (uint32_t k = g->out_start[v]; k < g->out_start[v + 1];
		     k++) {
			int32_t w = g->head[k];
			if (w == a->sink) {
				if (g->rcap[k] < g->balance[v])
					return false;
				sink_arcs++;
			} else if (kind[w] != OPENING || g->rcap[k] != 1) {
				return false;
			}
		}
		if (sink_arcs != 1)
			return false;
		arcs += (g->out_start[v + 1] - g->out_start[v]) - 1;
	}
	a->A = (uint32_t)arcs;
	return true;
}

static void auction_free(struct auction *a)
{
	free(a->snode);
	free(a->arc_start);
	free(a->unit_start);
	free(a->dval);
	free(a->dpos);
	free(a->sval);
	free(a->arc);
	free(a->used);
	free(a->usrc);
	free(a->uarc);
	free(a->uprice);
	free(a->onode);
	free(a->base);
	free(a->vb);
	free(a->p0);
	free(a->cap);
	free(a->count);
	free(a->hoff);
	free(a->held);
	free(a->in_start);
	free(a->in);
	free(a->queue);
	free(a->work);
	free(a->in_work);
}

/* Builds the compact arrays from the graph, whose costs are already scaled. */
static bool auction_build(struct auction *a, const uint32_t *index, bool multi)
{
	struct mcf_graph *g = a->g;
	size_t S = a->S + 1, M = a->M + 1, A = a->A + 1, U = a->U + 1;
	a->snode = malloc(S * sizeof *a->snode);
	a->arc_start = malloc(S * sizeof *a->arc_start);
	a->unit_start = malloc(S * sizeof *a->unit_start);
	a->dval = malloc(S * sizeof *a->dval);
	a->dpos = malloc(S * sizeof *a->dpos);
	a->sval = malloc(S * sizeof *a->sval);
	a->arc = malloc(A * sizeof *a->arc);
	a->used = multi ? calloc(A, 1) : NULL;
	a->usrc = malloc(U * sizeof *a->usrc);
	a->uarc = malloc(U * sizeof *a->uarc);
	a->uprice = calloc(U, sizeof *a->uprice);
	a->queue = malloc(U * sizeof *a->queue);
	a->onode = malloc(M * sizeof *a->onode);
	a->base = calloc(M, sizeof *a->base);
	a->vb = calloc(M, sizeof *a->vb);
	a->p0 = calloc(M, sizeof *a->p0);
	a->cap = calloc(M, sizeof *a->cap);
	a->count = calloc(M, sizeof *a->count);
	a->hoff = calloc(M, sizeof *a->hoff);
	a->in_start = calloc(M + 1, sizeof *a->in_start);
	a->in = malloc(A * sizeof *a->in);
	a->work = malloc(M * sizeof *a->work);
	a->in_work = calloc(M, 1);
	if (!a->snode || !a->arc_start || !a->unit_start || !a->dval ||
	    !a->dpos || !a->sval || !a->arc || (multi && !a->used) ||
	    !a->usrc || !a->uarc || !a->uprice || !a->queue || !a->onode ||
	    !a->base || !a->vb || !a->p0 || !a->cap || !a->count || !a->hoff ||
	    !a->in_start || !a->in || !a->work || !a->in_work)
		return false;
	uint32_t s = 0, c = 0, u = 0, j = 0, copies = 0;
	for (int32_t v = 0; v < g->n; v++) {
		if (g->balance[v] > 0 && v != a->sink) {
			a->snode[s] = v;
			a->arc_start[s] = c;
			a->unit_start[s] = u;
			for (uint32_t k = g->out_start[v];
			     k < g->out_start[v + 1]; k++) {
				int32_t w = g->head[k];
				if (w == a->sink) {
					a->dval[s] = g->cost[k];
					a->dpos[s] = k;
				} else {
					a->arc[c].head = index[w];
					a->arc[c].cost = (int32_t)g->cost[k];
					a->in_start[index[w] + 1]++;
					c++;
				}
			}
			for (int64_t x = 0; x < g->balance[v]; x++)
				a->usrc[u++] = s;
			s++;
		} else if (v != a->sink && g->balance[v] == 0 &&
			   g->out_start[v + 1] - g->out_start[v] +
				   g->in_start[v + 1] - g->in_start[v] >
			       0) {
			uint32_t k = g->out_start[v];
			bool has_sink_arc = k < g->out_start[v + 1];
			uint32_t indeg = g->in_start[v + 1] - g->in_start[v];
			int64_t room = has_sink_arc ? g->rcap[k] : 0;
			a->onode[j] = v;
			a->base[j] = has_sink_arc ? g->cost[k] : 0;
			/* more room than arcs in: it never fills, so one
			 * more than it can hold stands for "unbounded" */
			a->cap[j] = room <= indeg ? room : (int64_t)indeg + 1;
			a->hoff[j] = copies;
			copies += (uint32_t)(room <= indeg ? room : indeg);
			j++;
		}
	}
	a->arc_start[s] = c;
	a->unit_start[s] = u;
	for (uint32_t o = 0; o < a->M; o++)
		a->in_start[o + 1] += a->in_start[o];
	uint32_t *fill = malloc(M * sizeof *fill);
	a->held = malloc(((size_t)copies + 1) * sizeof *a->held);
	if (!fill || !a->held) {
		free(fill);
		return false;
	}
	memcpy(fill, a->in_start, a->M * sizeof *fill);
	for (uint32_t x = 0; x < a->S; x++)
		for (uint32_t y = a->arc_start[x]; y < a->arc_start[x + 1]; y++)
			a->in[fill[a->arc[y].head]++] =
			    (struct in_arc){x, a->arc[y].cost};
	free(fill);
	return true;
}

/* Writes the auction's flow and derived potentials into the graph. */
static void auction_export(struct auction *a)
{
	struct mcf_graph *g = a->g;
	memset(g->flow, 0, (size_t)g->m * sizeof *g->flow);
	memset(g->pot, 0, (size_t)g->n * sizeof *g->pot);
	/* an opening at minus what a bidder pays to go through it */
	for (uint32_t j = 0; j < a->M; j++) {
		int32_t v = a->onode[j];
		g->pot[v] = -(a->base[j] + seen_price(a, j));
		if (g->out_start[v] < g->out_start[v + 1])
			g->flow[g->out_start[v]] = a->count[j];
	}
	for (uint32_t s = 0; s < a->S; s++) {
		int32_t v = a->snode[s];
		/* row c of the source is graph position out_start + offset,
		 * skipping its unassigned arc */
		uint32_t first = g->out_start[v];
		uint32_t skip = a->dpos[s] - first;
		for (uint32_t u = a->unit_start[s]; u < a->unit_start[s + 1];
		     u++) {
			uint32_t c = a->uarc[u];
			if (c == UNASSIGNED) {
				g->flow[a->dpos[s]]++;
				continue;
			}
			uint32_t off = c - a->arc_start[s];
			g->flow[first + off + (off >= skip)]++;
		}
		/* a source at minus its best value among arcs with room */
		int64_t best = INT64_MAX, worst_used = INT64_MIN;
		for (uint32_t k = first; k < g->out_start[v + 1]; k++) {
			int64_t val = g->cost[k] - g->pot[g->head[k]];
			if (g->flow[k] < g->rcap[k] && val < best)
				best = val;
			if (g->flow[k] > 0 && val > worst_used)
				worst_used = val;
		}
		g->pot[v] = -(best != INT64_MAX ? best : worst_used);
	}
}

/* Values and prices stay within 8 K max_cost: that must fit the potentials'
 * bound, and scaled arc costs must fit 32 bits. */
static bool fits_scale(const struct mcf_graph *g, int64_t scale,
		       int64_t max_cost)
{
	return (int64_t)g->n * 8 * scale <= MCF_POTENTIAL_MAX / max_cost &&
	       8 * scale * max_cost <= INT32_MAX;
}

/* Moves the auction and the graph to a grid twice as fine. */
static void auction_double(struct auction *a)
{
	struct mcf_graph *g = a->g;
	for (uint32_t k = 0; k < g->m; k++)
		g->cost[k] *= 2;
	for (uint32_t c = 0; c < a->A; c++)
		a->arc[c].cost *= 2;
	for (uint32_t i = 0; i < a->A; i++)
		a->in[i].cost *= 2;
	for (uint32_t s = 0; s < a->S; s++) {
		a->dval[s] *= 2;
		a->sval[s] *= 2;
	}
	for (uint32_t u = 0; u < a->U; u++)
		a->uprice[u] *= 2;
	for (uint32_t j = 0; j < a->M; j++) {
		a->base[j] *= 2;
		a->p0[j] *= 2;
		for (int32_t h = 0; h < a->count[j]; h++)
			a->held[a->hoff[j] + h].price *= 2;
		a->vb[j] = a->base[j] + seen_price(a, j);
	}
	a->big *= 2;
}

bool mcf_round_start(struct mcf_graph *g, const struct mcf_problem *p)
{
	struct auction a = {.g = g};
	uint8_t *kind = calloc((size_t)g->n + 1, 1);
	uint32_t *index = calloc((size_t)g->n + 1, sizeof *index);
	if (!kind || !index || !classify(&a, p, kind, index)) {
		free(kind);
		free(index);
		return false;
	}
	free(kind);
	int64_t max_cost = 1;
	bool multi = false;
	for (uint32_t k = 0; k < g->m; k++) {
		int64_t c = g->cost[k] < 0 ? -g->cost[k] : g->cost[k];
		if (c > max_cost)
			max_cost = c;
	}
	for (int32_t v = 0; v < g->n; v++)
		if (v != a.sink && g->balance[v] > 1)
			multi = true;
	/* Values and prices stay within 8 K max_cost: that must fit the
	 * potentials' bound, and arc costs must fit 32 bits. */
	int64_t scale = SCALE;
	while (scale > 1 &&
	       ((int64_t)g->n * 8 * scale > MCF_POTENTIAL_MAX / max_cost ||
		8 * scale * max_cost > INT32_MAX))
		scale /= 2;
	if ((int64_t)g->n * 8 * scale > MCF_POTENTIAL_MAX / max_cost ||
	    8 * scale * max_cost > INT32_MAX) {
		free(index);
		return false;
	}
	for (uint32_t k = 0; k < g->m; k++)
		g->cost[k] *= scale;
	bool built = auction_build(&a, index, multi);
	free(index);
	if (!built) {
		for (uint32_t k = 0; k < g->m; k++)
			g->cost[k] /= scale;
		auction_free(&a);
		return false;
	}
	int64_t lo = INT64_MAX, hi = INT64_MIN;
	for (uint32_t s = 0; s < a.S; s++) {
		lo = a.dval[s] < lo ? a.dval[s] : lo;
		hi = a.dval[s] > hi ? a.dval[s] : hi;
		for (uint32_t c = a.arc_start[s]; c < a.arc_start[s + 1]; c++) {
			int64_t v = a.arc[c].cost + a.base[a.arc[c].head];
			lo = v < lo ? v : lo;
			hi = v > hi ? v : hi;
		}
	}
	a.big = 4 * scale * max_cost + 4;
	int64_t eps = hi > lo ? (hi - lo) / ALPHA : 1;
	int64_t deflate = 0;
	for (;;) {
		if (eps < 1)
			eps = 1;
		auction_phase(&a, eps, deflate);
		if (eps == 1)
			break;
		deflate = DEFLATE * eps;
		eps /= ALPHA;
	}
	/* The flow of the last phase is optimal when the potentials can be
	 * made to fit it exactly. When not (rare), halve the grid and run one
	 * more phase, a few times while the numbers allow. */
	for (int finer = 0;; finer++) {
		auction_export(&a);
		if (mcf_fit_potentials(g) || finer == MAX_FINER ||
		    !fits_scale(g, 2 * scale, max_cost))
			break;
		scale *= 2;
		auction_double(&a);
		auction_phase(&a, 1, 2 * DEFLATE);
	}
	g->scale = scale;
	auction_free(&a);
	return true;
}
