/* shortlist.c: top-k partners of one opening or one candidate (see
 * shortlist.h). */
#include "match/shortlist.h"

#include "match/pool_internal.h"

bool match_hit_before(const struct match_hit *a, const struct match_hit *b)
{
	if (a->score.total != b->score.total)
		return a->score.total > b->score.total;
	return a->id < b->id;
}

/* A heap of at most k hits with the worst one at the root. */
struct heap {
	struct match_hit *h;
	size_t n, k;
};

static void sift_down(struct heap *hp, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, worst = i;
		if (l < hp->n && match_hit_before(&hp->h[worst], &hp->h[l]))
			worst = l;
		if (r < hp->n && match_hit_before(&hp->h[worst], &hp->h[r]))
			worst = r;
		if (worst == i)
			return;
		struct match_hit t = hp->h[i];
		hp->h[i] = hp->h[worst];
		hp->h[worst] = t;
		i = worst;
	}
}

static void heap_offer(struct heap *hp, const struct match_hit *hit)
{
	if (hp->n < hp->k) {
		size_t i = hp->n++;
		hp->h[i] = *hit;
		while (i > 0) {
			size_t parent = (i - 1) / 2;
			if (!match_hit_before(&hp->h[parent], &hp->h[i]))
				break;
			struct match_hit t = hp->h[i];
			hp->h[i] = hp->h[parent];
			hp->h[parent] = t;
			i = parent;
		}
	} else if (hp->k > 0 && match_hit_before(hit, &hp->h[0])) {
		hp->h[0] = *hit;
		sift_down(hp, 0);
	}
}

/* Empties the heap into best-first order in place. */
static size_t heap_finish(struct heap *hp)
{
	size_t n = hp->n;
	while (hp->n > 1) {
		struct match_hit t = hp->h[0];
		hp->h[0] = hp->h[--hp->n];
		hp->h[hp->n] = t; /* the worst goes to the back */
		sift_down(hp, 0);
	}
	return n;
}

size_t match_shortlist_candidates(const struct match_pool *pool,
				  const struct match_opening *o,
				  struct match_hit *out, size_t k)
{
	struct heap hp = {out, 0, k};
	if (k == 0)
		return 0;
	struct geo_point op = geo_point_from_e6(o->lat_e6, o->lon_e6);
	int32_t radius = match_travel_limit_m(&pool->weights, o->max_travel_km);
	if (radius > pool->candidate_reach_m)
		radius = pool->candidate_reach_m;
	double limit = geo_chord2_beyond(radius);
	int32_t keys[2] = {match_pool_opening_key(pool, o), 0};
	int nkeys = keys[0] == 0 ? 1 : 2; /* and the "any occupation" key */
	for (int i = 0; i < nkeys; i++) {
		struct match_grid_iter it;
		match_grid_query(&pool->candidate_grid, keys[i], o->lat_e6,
				 o->lon_e6, radius, &it);
		const uint32_t *items;
		size_t n;
		while (match_grid_next_run(&it, &items, &n)) {
			for (size_t q = 0; q < n; q++) {
				uint32_t ci = items[q];
				struct match_pair_eval e;
				if (!match_pool_evaluate(
					pool, &pool->candidates[ci],
					&pool->candidate_point[ci],
					&pool->priority[ci], o, &op, limit, &e))
					continue;
				struct match_hit hit = {
				    ci, pool->candidates[ci].id, e.distance_m,
				    e.fit, e.score};
				heap_offer(&hp, &hit);
			}
		}
	}
	return heap_finish(&hp);
}

size_t match_shortlist_openings(const struct match_pool *pool,
				const struct match_candidate *c,
				struct match_hit *out, size_t k)
{
	struct heap hp = {out, 0, k};
	if (k == 0 || c->hired)
		return 0;
	struct geo_point cp = geo_point_from_e6(c->lat_e6, c->lon_e6);
	struct match_priority pr;
	match_priority(&pool->weights, pool->as_of, c, &pr);
	int32_t radius = match_travel_limit_m(&pool->weights, c->max_travel_km);
	if (radius > pool->opening_reach_m)
		radius = pool->opening_reach_m;
	int32_t own[MATCH_MAX_OCCUPATIONS];
	int nkeys = match_pool_candidate_keys(pool, c, own);
	const int32_t *keys = own;
	/* Open to any occupation: every key of the opening index. */
	if (own[0] == 0 && nkeys == 1) {
		keys = pool->opening_grid.keys;
		nkeys = (int)pool->opening_grid.key_count;
	}
	double limit = geo_chord2_beyond(radius);
	for (int i = 0; i < nkeys; i++) {
		struct match_grid_iter it;
		match_grid_query(&pool->opening_grid, keys[i], c->lat_e6,
				 c->lon_e6, radius, &it);
		const uint32_t *items;
		size_t n;
		while (match_grid_next_run(&it, &items, &n)) {
			for (size_t q = 0; q < n; q++) {
				uint32_t slot = items[q];
				struct match_pair_eval e;
				if (!match_pool_evaluate(
					pool, c, &cp, &pr, &pool->slot[slot],
					&pool->slot_point[slot], limit, &e))
					continue;
				struct match_hit hit = {
				    pool->slot_opening[slot],
				    pool->slot[slot].id, e.distance_m, e.fit,
				    e.score};
				heap_offer(&hp, &hit);
			}
		}
	}
	return heap_finish(&hp);
}
