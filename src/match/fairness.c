/* fairness.c: the fairness report of a round (see fairness.h). */
#include "match/fairness.h"

#include <string.h>

#include "match/score.h"

static int32_t share_bp(int64_t part, int64_t whole)
{
	if (whole <= 0)
		return 0;
	return (int32_t)((part * 10000 + whole / 2) / whole);
}

/* Copies the non-empty tallies [0, n) into rows, keys from key0 up. */
static int32_t fill_rows(struct match_fairness_row *rows, const int64_t *pool,
			 const int64_t *proposals, int n, int32_t key0,
			 const struct match_fairness *totals)
{
	int32_t count = 0;
	for (int i = 0; i < n; i++) {
		if (pool[i] == 0 && proposals[i] == 0)
			continue;
		struct match_fairness_row *r = &rows[count++];
		r->key = key0 + i;
		r->proposals = proposals[i];
		r->proposal_share_bp =
		    share_bp(proposals[i], totals->proposals);
		r->pool = pool[i];
		r->pool_share_bp = share_bp(pool[i], totals->pool);
	}
	return count;
}

void match_fairness_compute(const struct match_weights *w, sr_date as_of,
			    const struct match_candidate *candidates,
			    const uint32_t *eligible, const uint32_t *proposals,
			    uint32_t eligible_count, struct match_fairness *out)
{
	enum { BANDS = MATCH_MAX_BENEFIT_BANDS + 2 };
	int64_t gp[MATCH_MAX_TARGET_GROUPS] = {0},
		gx[MATCH_MAX_TARGET_GROUPS] = {0};
	int64_t bp[BANDS] = {0}, bx[BANDS] = {0};
	int64_t dp[90] = {0}, dx[90] = {0};
	memset(out, 0, sizeof *out);
	for (uint32_t i = 0; i < eligible_count; i++) {
		const struct match_candidate *c = &candidates[eligible[i]];
		int64_t n = proposals[i];
		out->pool++;
		out->proposals += n;
		for (int g = 0; g < MATCH_MAX_TARGET_GROUPS; g++)
			if (c->target_groups >> g & 1u) {
				gp[g]++;
				gx[g] += n;
			}
		/* Band -1 (not on benefit) is slot 0. */
		int band =
		    match_benefit_band(w, c->on_benefit_since, as_of) + 1;
		bp[band]++;
		bx[band] += n;
		int district = c->pc4 / 100 - 10;
		if (district >= 0 && district < 90) {
			dp[district]++;
			dx[district] += n;
		}
	}
	out->group_count =
	    fill_rows(out->groups, gp, gx, MATCH_MAX_TARGET_GROUPS, 0, out);
	out->band_count =
	    fill_rows(out->bands, bp, bx, w->benefit_band_count + 2, -1, out);
	out->district_count = fill_rows(out->districts, dp, dx, 90, 10, out);
}
