/*
 * check_flow.c: checks a `sroi solve` answer against its DIMACS problem,
 * independently of sroi's own code: every arc within [low, cap], flow
 * conserved at every node (supply = out - in), the cost recomputed and equal
 * to the "s COST" line and, when given, to an expected optimal cost.
 *
 * Usage: check_flow PROBLEM.min SOLUTION [EXPECTED_COST]
 * The "f FROM TO FLOW" lines are matched to the arcs in input order (an f
 * line belongs to the next arc with those ends), as `sroi solve` prints them.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void die(const char *what)
{
	fprintf(stderr, "check_flow: %s\n", what);
	exit(1);
}

static int64_t field(char **p)
{
	char *end;
	errno = 0;
	long long v = strtoll(*p, &end, 10);
	if (end == *p || errno)
		die("malformed number");
	*p = end;
	return v;
}

int main(int argc, char **argv)
{
	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: check_flow PROBLEM SOLUTION [COST]\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "r");
	if (!f)
		die("cannot open the problem");
	static char line[4096];
	int64_t n = -1, m = 0, a = 0;
	int64_t *supply = NULL, *from = NULL, *to = NULL, *low = NULL,
		*cap = NULL, *cost = NULL;
	while (fgets(line, sizeof line, f)) {
		char *p = line + 1;
		if (line[0] == 'p') {
			while (*p == ' ')
				p++;
			if (strncmp(p, "min", 3) != 0)
				die("not a min problem");
			p += 3;
			n = field(&p);
			m = field(&p);
			supply = calloc(n + 1, sizeof *supply);
			from = malloc((m + 1) * sizeof *from);
			to = malloc((m + 1) * sizeof *to);
			low = malloc((m + 1) * sizeof *low);
			cap = malloc((m + 1) * sizeof *cap);
			cost = malloc((m + 1) * sizeof *cost);
			if (!supply || !from || !to || !low || !cap || !cost)
				die("out of memory");
		} else if (line[0] == 'n' && n >= 0) {
			int64_t id = field(&p);
			supply[id - 1] = field(&p);
		} else if (line[0] == 'a' && n >= 0 && a < m) {
			from[a] = field(&p) - 1;
			to[a] = field(&p) - 1;
			low[a] = field(&p);
			cap[a] = field(&p);
			cost[a] = field(&p);
			a++;
		}
	}
	fclose(f);
	if (n < 0 || a != m)
		die("problem incomplete");

	int64_t *flow = calloc(m + 1, sizeof *flow);
	f = fopen(argv[2], "r");
	if (!f || !flow)
		die("cannot open the solution");
	int64_t claimed = 0, next = 0;
	int have_cost = 0;
	while (fgets(line, sizeof line, f)) {
		char *p = line + 1;
		if (line[0] == 's') {
			if (strstr(line, "infeasible"))
				die("solver says infeasible");
			claimed = field(&p);
			have_cost = 1;
		} else if (line[0] == 'f') {
			int64_t u = field(&p) - 1, v = field(&p) - 1;
			int64_t x = field(&p);
			while (next < m && (from[next] != u || to[next] != v))
				next++;
			if (next == m)
				die("an f line matches no arc (or is out of "
				    "order)");
			flow[next++] = x;
		}
	}
	fclose(f);
	if (!have_cost)
		die("no s line");

	int64_t *net = calloc(n + 1, sizeof *net);
	int64_t total = 0;
	for (int64_t e = 0; e < m; e++) {
		if (flow[e] < low[e] || flow[e] > cap[e]) {
			fprintf(stderr,
				"check_flow: arc %" PRId64 " flow %" PRId64
				" outside [%" PRId64 ", %" PRId64 "]\n",
				e + 1, flow[e], low[e], cap[e]);
			return 1;
		}
		net[from[e]] += flow[e];
		net[to[e]] -= flow[e];
		total += flow[e] * cost[e];
	}
	for (int64_t v = 0; v < n; v++)
		if (net[v] != supply[v]) {
			fprintf(stderr,
				"check_flow: node %" PRId64 " sends %" PRId64
				", supply %" PRId64 "\n",
				v + 1, net[v], supply[v]);
			return 1;
		}
	if (total != claimed) {
		fprintf(stderr,
			"check_flow: flow costs %" PRId64
			", s line says %" PRId64 "\n",
			total, claimed);
		return 1;
	}
	if (argc == 4 && total != strtoll(argv[3], NULL, 10)) {
		fprintf(stderr, "check_flow: cost %" PRId64 ", expected %s\n",
			total, argv[3]);
		return 1;
	}
	printf("feasible, cost %" PRId64 "\n", total);
	free(supply);
	free(from);
	free(to);
	free(low);
	free(cap);
	free(cost);
	free(flow);
	free(net);
	return 0;
}
