/*
 * fuzz_dimacs.c: DIMACS min-cost flow text through dimacs_parse (the reader
 * of `sroi solve`) and, when it parses and is small, through mcf_solve.
 *
 * Oracles besides the sanitizers (and libFuzzer's malloc limit, which
 * flags a small input that allocates gigabytes): a refusal names its line;
 * at most 64 nodes per arc (plus 1024) are accepted; a parsed
 * problem written back with dimacs_write parses to the same problem; an
 * optimal flow passes mcf_verify (bounds, conservation, cost and the
 * complementary slackness of the potentials), which proves it optimal.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match/dimacs.h"
#include "match/mcf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Small enough that one solve takes milliseconds. */
#define SOLVE_MAX_NODES 2000
#define SOLVE_MAX_ARCS 20000

static void finding(const char *what, const struct sr_error *err)
{
	fprintf(stderr, "fuzz_dimacs: %s%s%s\n", what, err ? ": " : "",
		err ? err->message : "");
	abort();
}

static bool same_array(const int64_t *a, const int64_t *b, int64_t n)
{
	for (int64_t i = 0; i < n; i++)
		if ((a ? a[i] : 0) != (b ? b[i] : 0))
			return false;
	return true;
}

static bool same_ids(const int32_t *a, const int32_t *b, int64_t n)
{
	for (int64_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

/* Writes p in DIMACS form and reads it back: the same problem. */
static void round_trip(const struct mcf_problem *p)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	if (!out)
		return;
	bool written = dimacs_write(out, p, "round trip\nof a fuzz input");
	fclose(out);
	if (!written) {
		free(text);
		return;
	}
	struct mcf_problem q = {0};
	struct sr_error err = {0};
	if (!dimacs_parse(text, len, &q, &err))
		finding("what dimacs_write wrote does not parse", &err);
	bool same = q.node_count == p->node_count &&
		    q.arc_count == p->arc_count &&
		    same_array(q.supply, p->supply, p->node_count) &&
		    same_array(q.low, p->low, p->arc_count) &&
		    same_array(q.cap, p->cap, p->arc_count) &&
		    same_array(q.cost, p->cost, p->arc_count) &&
		    same_ids(q.from, p->from, p->arc_count) &&
		    same_ids(q.to, p->to, p->arc_count);
	dimacs_problem_free(&q);
	free(text);
	if (!same)
		finding("a problem written and read back differs", NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mcf_problem p = {0};
	struct sr_error err = {0};
	if (!dimacs_parse((const char *)data, size, &p, &err)) {
		if (err.status == 400 && strncmp(err.message, "line ", 5) != 0)
			finding("a refusal that names no line", &err);
		return 0;
	}
	/* What the parser allocates stays proportional to the input. */
	if (p.node_count > p.arc_count * 64 + 1024)
		finding("more isolated nodes than dimacs_parse allows", NULL);
	round_trip(&p);
	if (p.node_count <= SOLVE_MAX_NODES && p.arc_count <= SOLVE_MAX_ARCS) {
		struct mcf_result result = {0};
		if (mcf_solve(&p, &result, &err)) {
			if (result.status == MCF_OPTIMAL &&
			    !mcf_verify(&p, &result, &err))
				finding("mcf_verify refuses an optimal flow",
					&err);
			mcf_result_free(&result);
		}
	}
	dimacs_problem_free(&p);
	return 0;
}
