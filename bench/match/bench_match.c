/*
 * bench_match.c: times the matching engine on a stored database (bench/match
 * /run.sh gives it `sroi demo --scale national`), through the same store and
 * pool code as the API:
 *
 *   - loading the whole installation's pool (every active candidate and open
 *     opening) and building its indices;
 *   - shortlist latency: the top 10 candidates for each of N random open
 *     openings (default 1,000, a fixed seed), p50/p99/max;
 *   - with --round, a whole-country round over that one pool (pair
 *     generation with scoring, then the min-cost flow), as a stress test of
 *     the engine; `sroi match --all` is the real national round, which keeps
 *     candidates inside their region (bench/match/run.sh times it).
 *
 * usage: bench_match DB [N] [--round]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/matching.h"
#include "api/policy_cache.h"
#include "store/store.h"

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* splitmix64: a fixed, portable sequence of openings. */
static uint64_t next_random(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

int main(int argc, char **argv)
{
	bool whole_round = argc == 4 && strcmp(argv[3], "--round") == 0;
	if (argc < 2 || argc > 4 || (argc == 4 && !whole_round)) {
		fprintf(stderr,
			"usage: bench_match DB [SHORTLISTS] [--round]\n");
		return 2;
	}
	long samples = argc >= 3 ? strtol(argv[2], NULL, 10) : 1000;
	if (samples < 1)
		samples = 1000;
	struct sr_error err = {0};
	struct store *s = NULL;
	if (!store_open(argv[1], false, &s, &err)) {
		fprintf(stderr, "bench_match: %s\n", err.message);
		return 1;
	}
	struct request req = {0};
	req.method = "GET";
	req.path = "";
	req.body = "";
	req.store = s;
	snprintf(req.caller.actor, sizeof req.caller.actor, "bench");
	int rc = 1;
	struct matching_round round = {0};
	struct matching_round_request rq = {.scope = {.all = true},
					    .as_of = date_today()};
	if (!store_begin_read(s, &err))
		goto out;

	/* The pool, with the round's own timing of load and index. */
	double t0 = now_ms();
	if (!matching_pool_load(&req, &rq.scope,
				MATCH_LOAD_CANDIDATES | MATCH_LOAD_OPENINGS, 0,
				rq.as_of, &round.mp, &err))
		goto out;
	double t1 = now_ms();
	if (!matching_pool_build(&req, &round.mp, &err))
		goto out;
	double t2 = now_ms();
	const struct match_store_pool *rows = &round.mp.rows;
	printf(
	    "pool: %u candidates, %u openings (load %.0f ms, index %.0f ms)\n",
	    rows->candidate_count, rows->opening_count, t1 - t0, t2 - t1);

	/* Shortlist latency over random openings. */
	if (rows->opening_count > 0) {
		double *ms = malloc((size_t)samples * sizeof *ms);
		if (!ms)
			goto out;
		uint64_t state = 20261128;
		struct match_hit hits[10];
		size_t found = 0;
		for (long i = 0; i < samples; i++) {
			uint32_t o = (uint32_t)(next_random(&state) %
						rows->opening_count);
			double a = now_ms();
			found += match_shortlist_candidates(
			    round.mp.pool, &rows->openings[o], hits, 10);
			ms[i] = now_ms() - a;
		}
		qsort(ms, (size_t)samples, sizeof *ms, by_value);
		printf(
		    "shortlist (k=10) over %ld random openings: p50 %.3f ms, "
		    "p99 "
		    "%.3f ms, max %.3f ms; %.1f candidates listed on average\n",
		    samples, ms[samples / 2], ms[(samples * 99) / 100],
		    ms[samples - 1], (double)found / (double)samples);
		free(ms);
	}

	rc = 0;
	if (!whole_round)
		goto out;
	rc = 1;
	/* A whole-country round over the one pool. */
	struct match_round_options opts = {.threads = 2};
	double t3 = now_ms();
	if (!match_round_build(round.mp.pool, &opts, &round.problem, &err))
		goto out;
	round.built = true;
	double t4 = now_ms();
	round.solved = true;
	if (!match_round_solve(round.mp.pool, &round.problem, &round.result,
			       &err))
		goto out;
	double t5 = now_ms();
	printf(
	    "whole-country round: %lld pairs, %zu proposals, objective %lld; "
	    "candidate generation + scoring %.0f ms, solve %.0f ms\n",
	    (long long)round.result.pair_count, round.result.proposal_count,
	    (long long)round.result.objective, t4 - t3, t5 - t4);
	rc = 0;
out:
	if (rc)
		fprintf(stderr, "bench_match: %s\n", err.message);
	matching_round_free(&round);
	store_rollback(s);
	store_close(s);
	policy_cache_clear();
	return rc;
}
