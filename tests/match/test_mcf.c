/*
 * test_mcf.c: the min-cost flow solver, on hand-solved problems and on random
 * problems cross-checked against a simple reference solver written here (a
 * feasible flow by augmenting paths, then Bellman-Ford cycle cancelling) and,
 * when it is installed, LEMON's `dimacs-solver`. Every optimal answer is also
 * checked with mcf_verify (feasibility, cost, complementary slackness).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the headers above */
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "match/dimacs.h"
#include "match/mcf.h"

/* ---- a growable problem ---- */

struct built {
	int32_t n;
	int64_t m, cap_arcs;
	int64_t *supply;
	int32_t *from, *to;
	int64_t *low, *cap, *cost;
};

static void built_init(struct built *b, int32_t n)
{
	memset(b, 0, sizeof *b);
	b->n = n;
	b->supply = calloc((size_t)n + 1, sizeof *b->supply);
}

static void arc(struct built *b, int32_t u, int32_t v, int64_t low, int64_t cap,
		int64_t cost)
{
	if (b->m == b->cap_arcs) {
		b->cap_arcs = b->cap_arcs ? 2 * b->cap_arcs : 16;
		b->from = realloc(b->from, b->cap_arcs * sizeof *b->from);
		b->to = realloc(b->to, b->cap_arcs * sizeof *b->to);
		b->low = realloc(b->low, b->cap_arcs * sizeof *b->low);
		b->cap = realloc(b->cap, b->cap_arcs * sizeof *b->cap);
		b->cost = realloc(b->cost, b->cap_arcs * sizeof *b->cost);
	}
	b->from[b->m] = u;
	b->to[b->m] = v;
	b->low[b->m] = low;
	b->cap[b->m] = cap;
	b->cost[b->m] = cost;
	b->m++;
}

static struct mcf_problem problem_of(const struct built *b)
{
	return (struct mcf_problem){b->n,  b->m,   b->supply, b->from,
				    b->to, b->low, b->cap,    b->cost};
}

static void built_free(struct built *b)
{
	free(b->supply);
	free(b->from);
	free(b->to);
	free(b->low);
	free(b->cap);
	free(b->cost);
}

/* Solves, checks the certificate when optimal, returns the status. */
static enum mcf_status solve_checked(const struct mcf_problem *p,
				     struct mcf_result *r)
{
	struct sr_error err = {0};
	if (!mcf_solve(p, r, &err))
		fail_msg("mcf_solve refused: %s", err.message);
	if (r->status == MCF_OPTIMAL && !mcf_verify(p, r, &err))
		fail_msg("mcf_verify: %s", err.message);
	return r->status;
}

/* ---- the reference: plain and slow, on tiny problems only ---- */

struct ref_arc {
	int to;
	int64_t cap, cost;
	int rev;
};

struct ref {
	int n;
	int count, room;
	struct ref_arc *arcs;
	int *first_of; /* per node, linked through next */
	int *next;
};

static int ref_add(struct ref *g, int u, int v, int64_t cap, int64_t cost)
{
	if (g->count + 2 > g->room) {
		g->room = g->room ? 2 * g->room : 64;
		g->arcs = realloc(g->arcs, g->room * sizeof *g->arcs);
		g->next = realloc(g->next, g->room * sizeof *g->next);
	}
	int a = g->count++, r = g->count++;
	g->arcs[a] = (struct ref_arc){v, cap, cost, r};
	g->arcs[r] = (struct ref_arc){u, 0, -cost, a};
	g->next[a] = g->first_of[u];
	g->first_of[u] = a;
	g->next[r] = g->first_of[v];
	g->first_of[v] = r;
	return a;
}

/* Optimal cost of p, or false when infeasible. */
static bool ref_solve(const struct mcf_problem *p, int64_t *cost_out)
{
	int n = p->node_count + 2, s = p->node_count, t = s + 1;
	struct ref g = {n, 0, 0, NULL, malloc(n * sizeof(int)), NULL};
	for (int v = 0; v < n; v++)
		g.first_of[v] = -1;
	int64_t *b = calloc(n, sizeof *b);
	int64_t fixed = 0; /* cost of lower bounds and negative self-loops */
	int *index = malloc((p->arc_count + 1) * sizeof *index);
	for (int v = 0; v < p->node_count; v++)
		b[v] = p->supply[v];
	for (int64_t a = 0; a < p->arc_count; a++) {
		int64_t low = p->low ? p->low[a] : 0;
		fixed += low * p->cost[a];
		b[p->from[a]] -= low;
		b[p->to[a]] += low;
		index[a] = -1;
		if (p->from[a] == p->to[a]) {
			if (p->cost[a] < 0)
				fixed += (p->cap[a] - low) * p->cost[a];
			continue;
		}
		index[a] = ref_add(&g, p->from[a], p->to[a], p->cap[a] - low,
				   p->cost[a]);
	}
	int64_t need = 0;
	for (int v = 0; v < p->node_count; v++) {
		if (b[v] > 0) {
			ref_add(&g, s, v, b[v], 0);
			need += b[v];
		} else if (b[v] < 0) {
			ref_add(&g, v, t, -b[v], 0);
		}
	}
	/* a feasible flow: augmenting paths found by breadth-first search */
	int *pred = malloc(n * sizeof *pred), *queue = malloc(n * sizeof(int));
	int64_t *dist = malloc(n * sizeof *dist);
	for (;;) {
		for (int v = 0; v < n; v++)
			pred[v] = -2;
		pred[s] = -1;
		int qh = 0, qt = 0;
		queue[qt++] = s;
		while (qh < qt && pred[t] == -2) {
			int u = queue[qh++];
			for (int a = g.first_of[u]; a >= 0; a = g.next[a])
				if (g.arcs[a].cap > 0 &&
				    pred[g.arcs[a].to] == -2) {
					pred[g.arcs[a].to] = a;
					queue[qt++] = g.arcs[a].to;
				}
		}
		if (pred[t] == -2)
			break;
		int64_t amount = INT64_MAX;
		for (int v = t; v != s; v = g.arcs[g.arcs[pred[v]].rev].to)
			if (g.arcs[pred[v]].cap < amount)
				amount = g.arcs[pred[v]].cap;
		for (int v = t; v != s; v = g.arcs[g.arcs[pred[v]].rev].to) {
			g.arcs[pred[v]].cap -= amount;
			g.arcs[g.arcs[pred[v]].rev].cap += amount;
		}
		need -= amount;
	}
	bool feasible = need == 0;
	/* the source and sink arcs are spent: cancel negative cycles */
	for (int u = 0; u < n && feasible; u++)
		for (int a = g.first_of[u]; a >= 0; a = g.next[a])
			if (u == s || u == t || g.arcs[a].to == s ||
			    g.arcs[a].to == t)
				g.arcs[a].cap = 0;
	while (feasible) {
		for (int v = 0; v < n; v++) {
			dist[v] = 0;
			pred[v] = -1;
		}
		int last = -1;
		for (int round = 0; round < n; round++) {
			last = -1;
			for (int u = 0; u < n; u++)
				for (int a = g.first_of[u]; a >= 0;
				     a = g.next[a])
					if (g.arcs[a].cap > 0 &&
					    dist[u] + g.arcs[a].cost <
						dist[g.arcs[a].to]) {
						dist[g.arcs[a].to] =
						    dist[u] + g.arcs[a].cost;
						pred[g.arcs[a].to] = a;
						last = g.arcs[a].to;
					}
		}
		if (last < 0)
			break;
		for (int i = 0; i < n; i++) /* step back into the cycle */
			last = g.arcs[g.arcs[pred[last]].rev].to;
		int64_t amount = INT64_MAX;
		int v = last;
		do {
			if (g.arcs[pred[v]].cap < amount)
				amount = g.arcs[pred[v]].cap;
			v = g.arcs[g.arcs[pred[v]].rev].to;
		} while (v != last);
		do {
			g.arcs[pred[v]].cap -= amount;
			g.arcs[g.arcs[pred[v]].rev].cap += amount;
			v = g.arcs[g.arcs[pred[v]].rev].to;
		} while (v != last);
	}
	if (feasible) {
		int64_t total = fixed;
		for (int64_t a = 0; a < p->arc_count; a++)
			if (index[a] >= 0) /* flow = the reverse arc's room */
				total += g.arcs[g.arcs[index[a]].rev].cap *
					 p->cost[a];
		*cost_out = total;
	}
	free(index);
	free(b);
	free(pred);
	free(queue);
	free(dist);
	free(g.arcs);
	free(g.next);
	free(g.first_of);
	return feasible;
}

/* ---- random problems ---- */

static uint64_t rng = 88172645463325252ULL;

static int64_t rnd(int64_t lo, int64_t hi) /* inclusive */
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return lo + (int64_t)(rng % (uint64_t)(hi - lo + 1));
}

/* Any shape: negative costs, lower bounds, cycles, self-loops, parallel
 * arcs, isolated nodes. */
static void random_general(struct built *b)
{
	built_init(b, (int32_t)rnd(1, 7));
	int64_t m = rnd(0, 14);
	for (int64_t a = 0; a < m; a++) {
		int32_t u = (int32_t)rnd(0, b->n - 1),
			v = (int32_t)rnd(0, b->n - 1);
		int64_t low = rnd(0, 3) == 0 ? rnd(0, 2) : 0;
		arc(b, u, v, low, low + rnd(0, 4), rnd(-6, 10));
	}
	for (int k = (int)rnd(0, 4); k > 0; k--) {
		int32_t u = (int32_t)rnd(0, b->n - 1),
			v = (int32_t)rnd(0, b->n - 1);
		int64_t x = rnd(1, 4);
		b->supply[u] += x;
		b->supply[v] -= x;
	}
}

/* The proposal-round shape (the solver's fast path), with node numbers and
 * arc order shuffled, supplies 1 or 2, some openings unreachable or full. */
static void random_round(struct built *b, int sources, int openings, int degree)
{
	int32_t n = sources + openings + 1 + (int32_t)rnd(0, 1);
	built_init(b, n);
	int32_t *id = malloc(n * sizeof *id);
	for (int32_t v = 0; v < n; v++)
		id[v] = v;
	for (int32_t v = n - 1; v > 0; v--) {
		int32_t w = (int32_t)rnd(0, v), x = id[v];
		id[v] = id[w];
		id[w] = x;
	}
	int32_t sink = id[sources + openings];
	int64_t total = 0;
	struct built arcs;
	built_init(&arcs, 0);
	for (int s = 0; s < sources; s++) {
		int64_t supply = rnd(1, 4) == 1 ? 2 : 1;
		b->supply[id[s]] = supply;
		total += supply;
		for (int k = (int)rnd(0, degree); k > 0; k--)
			arc(&arcs, id[s], id[sources + rnd(0, openings - 1)], 0,
			    1, rnd(-3, 40));
		arc(&arcs, id[s], sink, 0, supply + rnd(0, 1), rnd(20, 60));
	}
	for (int j = 0; j < openings; j++)
		if (rnd(0, 5) > 0)
			arc(&arcs, id[sources + j], sink, 0, rnd(0, 4),
			    rnd(-5, 5));
	b->supply[sink] = -total;
	for (int64_t a = arcs.m - 1; a >= 0; a--) {
		int64_t w = rnd(0, a);
		arc(b, arcs.from[w], arcs.to[w], 0, arcs.cap[w], arcs.cost[w]);
		arcs.from[w] = arcs.from[a];
		arcs.to[w] = arcs.to[a];
		arcs.cap[w] = arcs.cap[a];
		arcs.cost[w] = arcs.cost[a];
	}
	built_free(&arcs);
	free(id);
}

static void agrees_with_reference(const struct built *b, int i)
{
	struct mcf_problem p = problem_of(b);
	struct mcf_result r;
	int64_t want = 0;
	bool feasible = ref_solve(&p, &want);
	enum mcf_status got = solve_checked(&p, &r);
	if (got != (feasible ? MCF_OPTIMAL : MCF_INFEASIBLE))
		fail_msg("instance %d: reference %s, solver %s", i,
			 feasible ? "feasible" : "infeasible",
			 got == MCF_OPTIMAL ? "optimal" : "infeasible");
	if (feasible && r.cost != want)
		fail_msg("instance %d: cost %lld, reference %lld", i,
			 (long long)r.cost, (long long)want);
	mcf_result_free(&r);
}

/* ---- hand-solved problems ---- */

static void solves_a_small_problem_by_hand(void **state)
{
	(void)state;
	/* 2 units from 0 to 2: via 1 costs 2 each (cap 2), direct 5 (cap 1) */
	struct built b;
	built_init(&b, 3);
	b.supply[0] = 2;
	b.supply[2] = -2;
	arc(&b, 0, 1, 0, 2, 1);
	arc(&b, 1, 2, 0, 2, 1);
	arc(&b, 0, 2, 0, 1, 5);
	struct mcf_problem p = problem_of(&b);
	struct mcf_result r;
	assert_int_equal(solve_checked(&p, &r), MCF_OPTIMAL);
	assert_int_equal(r.cost, 4);
	assert_int_equal(r.flow[0], 2);
	assert_int_equal(r.flow[1], 2);
	assert_int_equal(r.flow[2], 0);
	mcf_result_free(&r);
	/* needing 3 units forces the direct arc */
	b.supply[0] = 3;
	b.supply[2] = -3;
	assert_int_equal(solve_checked(&p, &r), MCF_OPTIMAL);
	assert_int_equal(r.cost, 9);
	mcf_result_free(&r);
	built_free(&b);
}

static void reports_infeasible_problems(void **state)
{
	(void)state;
	struct built b;
	built_init(&b, 3);
	b.supply[0] = 4; /* only 3 can leave node 0 */
	b.supply[2] = -4;
	arc(&b, 0, 1, 0, 2, 1);
	arc(&b, 1, 2, 0, 9, 1);
	arc(&b, 0, 2, 0, 1, 1);
	struct mcf_problem p = problem_of(&b);
	struct mcf_result r;
	assert_int_equal(solve_checked(&p, &r), MCF_INFEASIBLE);
	assert_null(r.flow);
	mcf_result_free(&r);
	/* a lower bound that cannot be met: 2 must enter a dead end */
	b.supply[0] = 0;
	b.supply[2] = 0;
	b.low[1] = 2;
	assert_int_equal(solve_checked(&p, &r), MCF_INFEASIBLE);
	mcf_result_free(&r);
	/* supply on a node without arcs */
	struct built c;
	built_init(&c, 2);
	c.supply[0] = 1;
	c.supply[1] = -1;
	p = problem_of(&c);
	assert_int_equal(solve_checked(&p, &r), MCF_INFEASIBLE);
	mcf_result_free(&r);
	built_free(&c);
	built_free(&b);
}

static void solves_zero_cost_and_empty_problems(void **state)
{
	(void)state;
	struct built b;
	built_init(&b, 4);
	b.supply[0] = 3;
	b.supply[3] = -3;
	arc(&b, 0, 1, 0, 2, 0);
	arc(&b, 0, 2, 0, 2, 0);
	arc(&b, 1, 3, 0, 2, 0);
	arc(&b, 2, 3, 0, 2, 0);
	struct mcf_problem p = problem_of(&b);
	struct mcf_result r;
	assert_int_equal(solve_checked(&p, &r), MCF_OPTIMAL);
	assert_int_equal(r.cost, 0);
	mcf_result_free(&r);
	built_free(&b);
	struct mcf_problem empty = {0};
	assert_int_equal(solve_checked(&empty, &r), MCF_OPTIMAL);
	assert_int_equal(r.cost, 0);
	mcf_result_free(&r);
}

static void saturates_negative_cycles_and_self_loops(void **state)
{
	(void)state;
	/* a cycle of cost -5 + 1 + 1 with capacity 2, no supply at all */
	struct built b;
	built_init(&b, 4);
	arc(&b, 0, 1, 0, 2, -5);
	arc(&b, 1, 2, 0, 3, 1);
	arc(&b, 2, 0, 0, 2, 1);
	arc(&b, 3, 3, 0, 7, -2); /* self-loop: worth 7 x 2 */
	arc(&b, 3, 3, 0, 7, 3);	 /* and one that should stay empty */
	struct mcf_problem p = problem_of(&b);
	struct mcf_result r;
	assert_int_equal(solve_checked(&p, &r), MCF_OPTIMAL);
	assert_int_equal(r.cost, -6 - 14);
	assert_int_equal(r.flow[0], 2);
	assert_int_equal(r.flow[3], 7);
	assert_int_equal(r.flow[4], 0);
	mcf_result_free(&r);
	built_free(&b);
}

static void honours_lower_bounds_and_parallel_arcs(void **state)
{
	(void)state;
	struct built b;
	built_init(&b, 2);
	b.supply[0] = 5;
	b.supply[1] = -5;
	arc(&b, 0, 1, 0, 3, 1);
	arc(&b, 0, 1, 2, 4, 10); /* at least 2 at the dear price */
	arc(&b, 0, 1, 0, 9, 4);
	struct mcf_problem p = problem_of(&b);
	struct mcf_result r;
	assert_int_equal(solve_checked(&p, &r), MCF_OPTIMAL);
	assert_int_equal(r.flow[0], 3);
	assert_int_equal(r.flow[1], 2);
	assert_int_equal(r.flow[2], 0);
	assert_int_equal(r.cost, 3 + 20);
	mcf_result_free(&r);
	built_free(&b);
}

static void solves_a_small_proposal_round(void **state)
{
	(void)state;
	/* candidates 0-2, openings 3-4 (room 1 each), sink 5; unassigned
	 * costs 50. Best: 0->4 (2), 1->3 (1), 2 unassigned: 53. */
	struct built b;
	built_init(&b, 6);
	b.supply[0] = b.supply[1] = b.supply[2] = 1;
	b.supply[5] = -3;
	arc(&b, 0, 3, 0, 1, 1);
	arc(&b, 0, 4, 0, 1, 2);
	arc(&b, 1, 3, 0, 1, 1);
	arc(&b, 1, 4, 0, 1, 9);
	arc(&b, 2, 3, 0, 1, 5);
	arc(&b, 2, 4, 0, 1, 8);
	for (int s = 0; s < 3; s++)
		arc(&b, s, 5, 0, 1, 50);
	arc(&b, 3, 5, 0, 1, 0);
	arc(&b, 4, 5, 0, 1, 0);
	struct mcf_problem p = problem_of(&b);
	struct mcf_result r;
	assert_int_equal(solve_checked(&p, &r), MCF_OPTIMAL);
	assert_int_equal(r.cost, 53);
	assert_int_equal(r.flow[1], 1); /* 0 -> 4 */
	assert_int_equal(r.flow[2], 1); /* 1 -> 3 */
	assert_int_equal(r.flow[8], 1); /* 2 unassigned */
	mcf_result_free(&r);
	built_free(&b);
}

static void refuses_malformed_problems(void **state)
{
	(void)state;
	struct built b;
	built_init(&b, 2);
	b.supply[0] = 1; /* does not sum to zero */
	arc(&b, 0, 1, 0, 1, 1);
	struct mcf_problem p = problem_of(&b);
	struct mcf_result r;
	struct sr_error err = {0};
	assert_false(mcf_solve(&p, &r, &err));
	assert_string_equal(err.code, "unbalanced");
	b.supply[1] = -1;
	b.low[0] = 2; /* low > cap */
	assert_false(mcf_solve(&p, &r, &err));
	b.low[0] = 0;
	b.to[0] = 2; /* node out of range */
	assert_false(mcf_solve(&p, &r, &err));
	b.to[0] = 1;
	b.cost[0] = MCF_COST_MAX + 1;
	assert_false(mcf_solve(&p, &r, &err));
	assert_string_equal(err.code, "value_out_of_range");
	b.cost[0] = 1;
	b.cap[0] = MCF_AMOUNT_MAX; /* fine alone, but times the cost... */
	b.cost[0] = 4;
	assert_false(mcf_solve(&p, &r, &err));
	assert_string_equal(err.code, "problem_too_large");
	built_free(&b);
}

/* ---- randomised cross-checks ---- */

static void matches_the_reference_on_random_general_problems(void **state)
{
	(void)state;
	for (int i = 0; i < 4000; i++) {
		struct built b;
		random_general(&b);
		agrees_with_reference(&b, i);
		built_free(&b);
	}
}

static void matches_the_reference_on_random_rounds(void **state)
{
	(void)state;
	for (int i = 0; i < 1500; i++) {
		struct built b;
		random_round(&b, (int)rnd(1, 7), (int)rnd(1, 4), 4);
		agrees_with_reference(&b, i);
		built_free(&b);
	}
}

/* The fast path against the general path on rounds too big for the
 * reference: one extra arc between two new nodes breaks the shape. */
static void round_start_and_general_path_agree(void **state)
{
	(void)state;
	for (int i = 0; i < 6; i++) {
		struct built b;
		random_round(&b, 800 + 300 * i, 40 + 10 * i, 12);
		struct mcf_problem p = problem_of(&b);
		struct mcf_result fast, general;
		solve_checked(&p, &fast);
		struct built c = b;
		c.supply = calloc(b.n + 2, sizeof *c.supply);
		memcpy(c.supply, b.supply, b.n * sizeof *c.supply);
		c.n = b.n + 2;
		c.from = c.to = NULL;
		c.low = c.cap = c.cost = NULL;
		c.m = c.cap_arcs = 0;
		for (int64_t a = 0; a < b.m; a++)
			arc(&c, b.from[a], b.to[a], 0, b.cap[a], b.cost[a]);
		arc(&c, b.n, b.n + 1, 0, 1, 0);
		struct mcf_problem q = problem_of(&c);
		solve_checked(&q, &general);
		assert_int_equal(fast.status, MCF_OPTIMAL);
		assert_int_equal(general.status, MCF_OPTIMAL);
		assert_int_equal(fast.cost, general.cost);
		mcf_result_free(&fast);
		mcf_result_free(&general);
		built_free(&c);
		built_free(&b);
	}
}

static void gives_the_same_flow_every_time(void **state)
{
	(void)state;
	struct built b;
	random_round(&b, 3000, 120, 20);
	struct mcf_problem p = problem_of(&b);
	struct mcf_result one, two;
	solve_checked(&p, &one);
	solve_checked(&p, &two);
	assert_int_equal(one.cost, two.cost);
	assert_memory_equal(one.flow, two.flow, b.m * sizeof *one.flow);
	mcf_result_free(&one);
	mcf_result_free(&two);
	built_free(&b);
}

/* LEMON's network simplex as a second opinion, through DIMACS files. */
static bool lemon_solve(const struct mcf_problem *p, const char *path,
			bool *feasible, int64_t *cost)
{
	FILE *f = fopen(path, "w");
	if (!f || !dimacs_write(f, p, "test_mcf") || fclose(f) != 0)
		return false;
	char command[512];
	snprintf(command, sizeof command, "dimacs-solver -long %s 2>&1", path);
	FILE *out = popen(command, "r");
	if (!out)
		return false;
	char line[256];
	bool answered = false;
	while (fgets(line, sizeof line, out)) {
		long long c;
		if (sscanf(line, "Min flow cost: %lld", &c) == 1) {
			*feasible = true;
			*cost = c;
			answered = true;
		} else if (strstr(line, "Feasible flow: not found")) {
			*feasible = false;
			answered = true;
		}
	}
	return pclose(out) == 0 && answered;
}

static void matches_lemon_when_installed(void **state)
{
	(void)state;
	if (access("/usr/bin/dimacs-solver", X_OK) != 0) {
		printf("dimacs-solver not installed: cross-check skipped\n");
		skip();
	}
	char path[] = "/tmp/test_mcf_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	for (int i = 0; i < 160; i++) {
		struct built b;
		if (i % 4 == 3)
			random_round(&b, (int)rnd(5, 60), (int)rnd(2, 8), 6);
		else
			random_general(&b);
		struct mcf_problem p = problem_of(&b);
		struct mcf_result r;
		bool feasible = false;
		int64_t cost = 0;
		assert_true(lemon_solve(&p, path, &feasible, &cost));
		enum mcf_status got = solve_checked(&p, &r);
		if (got != (feasible ? MCF_OPTIMAL : MCF_INFEASIBLE) ||
		    (feasible && r.cost != cost))
			fail_msg("instance %d: LEMON %s %lld, sroi %s %lld", i,
				 feasible ? "optimal" : "infeasible",
				 (long long)cost,
				 got == MCF_OPTIMAL ? "optimal" : "infeasible",
				 (long long)r.cost);
		mcf_result_free(&r);
		built_free(&b);
	}
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(solves_a_small_problem_by_hand),
	    cmocka_unit_test(reports_infeasible_problems),
	    cmocka_unit_test(solves_zero_cost_and_empty_problems),
	    cmocka_unit_test(saturates_negative_cycles_and_self_loops),
	    cmocka_unit_test(honours_lower_bounds_and_parallel_arcs),
	    cmocka_unit_test(solves_a_small_proposal_round),
	    cmocka_unit_test(refuses_malformed_problems),
	    cmocka_unit_test(matches_the_reference_on_random_general_problems),
	    cmocka_unit_test(matches_the_reference_on_random_rounds),
	    cmocka_unit_test(round_start_and_general_path_agree),
	    cmocka_unit_test(gives_the_same_flow_every_time),
	    cmocka_unit_test(matches_lemon_when_installed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
