/* pool.c: building a matching pool and its indices (see pool.h). */
#include "match/pool_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match/occupation.h"

#define MAX_TRAVEL_KM 1000
#define MAX_HOURS (168 * 100)

/* ---- validation ------------------------------------------------------- */

static bool position_valid(int32_t lat_e6, int32_t lon_e6)
{
	return lat_e6 >= -90000000 && lat_e6 <= 90000000 &&
	       lon_e6 >= -180000000 && lon_e6 <= 180000000;
}

#define BAD(what, i, name, ...)                                                \
	do {                                                                   \
		char field_[64];                                               \
		snprintf(field_, sizeof field_, "%ss[%u].%s", what,            \
			 (unsigned)(i), name);                                 \
		return sr_fail(err, 422, "invalid_" what, field_,              \
			       what " %lld: " __VA_ARGS__);                    \
	} while (0)

static bool candidate_valid(const struct match_candidate *c, uint32_t i,
			    struct sr_error *err)
{
	long long id = (long long)c->id;
	if (!position_valid(c->lat_e6, c->lon_e6))
		BAD("candidate", i, "lat_e6", "position out of range", id);
	if (c->pc4 < 1000 || c->pc4 > 9999)
		BAD("candidate", i, "pc4", "postcode area %d is not 4 digits",
		    id, c->pc4);
	if (c->education < 0 || c->education > MATCH_EDUCATION_MAX)
		BAD("candidate", i, "education",
		    "education level %d is not 0..6", id, c->education);
	if (c->occupation_count > MATCH_MAX_OCCUPATIONS)
		BAD("candidate", i, "occupations",
		    "at most %d wanted occupations", id, MATCH_MAX_OCCUPATIONS);
	for (int k = 0; k < c->occupation_count; k++)
		if (!match_esco_valid(c->occupations[k])) {
			char field[64];
			snprintf(field, sizeof field,
				 "candidates[%u].occupations[%d]", (unsigned)i,
				 k);
			return sr_fail(err, 422, "invalid_candidate", field,
				       "candidate %lld: \"%.15s\" is not an "
				       "ESCO occupation code",
				       id, c->occupations[k]);
		}
	if (c->hours < 0 || c->hours > MAX_HOURS)
		BAD("candidate", i, "hours", "hours out of range", id);
	if (c->max_travel_km < 0 || c->max_travel_km > MAX_TRAVEL_KM)
		BAD("candidate", i, "max_travel_km",
		    "travel distance must be 0..%d km", id, MAX_TRAVEL_KM);
	if (c->open_proposals < 0)
		BAD("candidate", i, "open_proposals",
		    "open proposals cannot be negative", id);
	return true;
}

static bool opening_valid(const struct match_opening *o, uint32_t i,
			  struct sr_error *err)
{
	long long id = (long long)o->id;
	if (!position_valid(o->lat_e6, o->lon_e6))
		BAD("opening", i, "lat_e6", "position out of range", id);
	if (o->pc4 < 1000 || o->pc4 > 9999)
		BAD("opening", i, "pc4", "postcode area %d is not 4 digits", id,
		    o->pc4);
	if (o->min_education < MATCH_NO_EDUCATION ||
	    o->min_education > MATCH_EDUCATION_MAX)
		BAD("opening", i, "min_education",
		    "minimum education %d is not 0..6", id, o->min_education);
	if (!match_esco_valid(o->esco))
		BAD("opening", i, "esco",
		    "\"%.15s\" is not an ESCO occupation code", id, o->esco);
	if (o->hours < 0 || o->hours > MAX_HOURS)
		BAD("opening", i, "hours", "hours out of range", id);
	if (o->positions < 0)
		BAD("opening", i, "positions", "positions cannot be negative",
		    id);
	if (o->max_travel_km < 0 || o->max_travel_km > MAX_TRAVEL_KM)
		BAD("opening", i, "max_travel_km",
		    "travel distance must be 0..%d km", id, MAX_TRAVEL_KM);
	if (o->open_proposals < 0)
		BAD("opening", i, "open_proposals",
		    "open proposals cannot be negative", id);
	return true;
}

/* ---- id order --------------------------------------------------------- */

/* Indices sorted by the int64 id found at base + i * stride. */
static uint32_t *order_by_id(const void *base, size_t stride, uint32_t n)
{
	uint32_t *order = malloc((size_t)n * sizeof *order + 1);
	int64_t *ids = malloc((size_t)n * sizeof *ids + 1);
	uint32_t *tmp = malloc((size_t)n * sizeof *tmp + 1);
	if (!order || !ids || !tmp) {
		free(order);
		free(ids);
		free(tmp);
		return NULL;
	}
	for (uint32_t i = 0; i < n; i++) {
		memcpy(&ids[i], (const char *)base + (size_t)i * stride,
		       sizeof ids[i]);
		order[i] = i;
	}
	/* Bottom-up merge sort: stable and O(n log n) whatever the input. */
	for (size_t width = 1; width < n; width *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			size_t a = lo, b = mid, k = lo;
			while (a < mid && b < hi)
				tmp[k++] = ids[order[b]] < ids[order[a]]
					       ? order[b++]
					       : order[a++];
			while (a < mid)
				tmp[k++] = order[a++];
			while (b < hi)
				tmp[k++] = order[b++];
		}
		uint32_t *t = order;
		order = tmp;
		tmp = t;
	}
	free(ids);
	free(tmp);
	return order;
}

static bool find_by_id(const void *base, size_t stride, const uint32_t *order,
		       uint32_t n, int64_t id, uint32_t *index)
{
	uint32_t lo = 0, hi = n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		int64_t x;
		memcpy(&x, (const char *)base + (size_t)order[mid] * stride,
		       sizeof x);
		if (x < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == n)
		return false;
	int64_t x;
	memcpy(&x, (const char *)base + (size_t)order[lo] * stride, sizeof x);
	if (x != id)
		return false;
	if (index)
		*index = order[lo];
	return true;
}

static int compare_pair(const void *a, const void *b)
{
	const struct match_pair_id *x = a, *y = b;
	if (x->candidate_id != y->candidate_id)
		return x->candidate_id < y->candidate_id ? -1 : 1;
	return (x->opening_id > y->opening_id) -
	       (x->opening_id < y->opening_id);
}

/* ---- keys ------------------------------------------------------------- */

int match_pool_candidate_keys(const struct match_pool *pool,
			      const struct match_candidate *c,
			      int32_t keys[MATCH_MAX_OCCUPATIONS])
{
	enum match_fit level = pool->weights.min_occupation_fit;
	if (level == MATCH_FIT_NONE || c->occupation_count == 0) {
		keys[0] = 0;
		return 1;
	}
	int n = 0;
	for (int i = 0; i < c->occupation_count && i < MATCH_MAX_OCCUPATIONS;
	     i++) {
		int32_t k = match_occupation_key(c->occupations[i], level);
		bool seen = false;
		for (int j = 0; j < n; j++)
			seen = seen || keys[j] == k;
		if (!seen)
			keys[n++] = k;
	}
	return n;
}

int32_t match_pool_opening_key(const struct match_pool *pool,
			       const struct match_opening *o)
{
	return match_occupation_key(o->esco, pool->weights.min_occupation_fit);
}

/* ---- building --------------------------------------------------------- */

static bool build_grids(struct match_pool *p)
{
	size_t n = (size_t)p->candidate_count * MATCH_MAX_OCCUPATIONS;
	if (n < p->opening_count)
		n = p->opening_count;
	struct match_grid_entry *e = malloc(n * sizeof *e + 1);
	if (!e)
		return false;
	size_t count = 0;
	for (uint32_t i = 0; i < p->candidate_count; i++) {
		const struct match_candidate *c = &p->candidates[i];
		int32_t keys[MATCH_MAX_OCCUPATIONS];
		int k = match_pool_candidate_keys(p, c, keys);
		for (int j = 0; j < k; j++)
			e[count++] = (struct match_grid_entry){
			    keys[j], c->lat_e6, c->lon_e6, i};
	}
	bool ok = match_grid_build(&p->candidate_grid, e, count);
	count = 0;
	for (uint32_t i = 0; ok && i < p->opening_count; i++) {
		const struct match_opening *o = &p->openings[i];
		e[count++] = (struct match_grid_entry){
		    match_pool_opening_key(p, o), o->lat_e6, o->lon_e6, i};
	}
	ok = ok && match_grid_build(&p->opening_grid, e, count);
	free(e);
	if (!ok)
		return false;
	/* One entry per opening: slot k is the k-th entry of the grid. */
	for (size_t k = 0; k < count; k++) {
		uint32_t oi = p->opening_grid.item[k];
		p->slot_opening[k] = oi;
		p->opening_slot[oi] = (uint32_t)k;
		p->slot[k] = p->openings[oi];
		p->slot_point[k] = geo_point_from_e6(p->openings[oi].lat_e6,
						     p->openings[oi].lon_e6);
		p->opening_grid.item[k] = (uint32_t)k;
	}
	return true;
}

bool match_pool_build(const struct match_pool_input *in,
		      struct match_pool **out, struct sr_error *err)
{
	*out = NULL;
	for (uint32_t i = 0; i < in->candidate_count; i++)
		if (!candidate_valid(&in->candidates[i], i, err))
			return false;
	for (uint32_t i = 0; i < in->opening_count; i++)
		if (!opening_valid(&in->openings[i], i, err))
			return false;

	struct match_pool *p = calloc(1, sizeof *p);
	if (!p)
		return sr_fail(err, 503, "out_of_memory", "",
			       "out of memory building the matching pool");
	p->weights = *in->weights;
	p->as_of = in->as_of;
	p->candidates = in->candidates;
	p->candidate_count = in->candidate_count;
	p->openings = in->openings;
	p->opening_count = in->opening_count;

	size_t nc = in->candidate_count, no = in->opening_count;
	p->candidate_point = malloc(nc * sizeof *p->candidate_point + 1);
	p->priority = malloc(nc * sizeof *p->priority + 1);
	p->slot = malloc(no * sizeof *p->slot + 1);
	p->slot_point = malloc(no * sizeof *p->slot_point + 1);
	p->slot_opening = malloc(no * sizeof *p->slot_opening + 1);
	p->opening_slot = malloc(no * sizeof *p->opening_slot + 1);
	p->proposed =
	    malloc(in->already_proposed_count * sizeof *p->proposed + 1);
	p->candidate_by_id = order_by_id(in->candidates, sizeof *in->candidates,
					 in->candidate_count);
	p->opening_by_id =
	    order_by_id(in->openings, sizeof *in->openings, in->opening_count);
	if (!p->candidate_point || !p->priority || !p->slot || !p->slot_point ||
	    !p->slot_opening || !p->opening_slot || !p->proposed ||
	    !p->candidate_by_id || !p->opening_by_id)
		goto oom;

	for (size_t i = 1; i < nc; i++)
		if (in->candidates[p->candidate_by_id[i]].id ==
		    in->candidates[p->candidate_by_id[i - 1]].id) {
			char field[48];
			snprintf(field, sizeof field, "candidates[%u].id",
				 (unsigned)p->candidate_by_id[i]);
			sr_fail(err, 422, "invalid_candidate", field,
				"candidate id %lld appears twice",
				(long long)in->candidates[p->candidate_by_id[i]]
				    .id);
			match_pool_free(p);
			return false;
		}
	for (size_t i = 1; i < no; i++)
		if (in->openings[p->opening_by_id[i]].id ==
		    in->openings[p->opening_by_id[i - 1]].id) {
			char field[48];
			snprintf(field, sizeof field, "openings[%u].id",
				 (unsigned)p->opening_by_id[i]);
			sr_fail(
			    err, 422, "invalid_opening", field,
			    "opening id %lld appears twice",
			    (long long)in->openings[p->opening_by_id[i]].id);
			match_pool_free(p);
			return false;
		}

	if (in->already_proposed_count)
		memcpy(p->proposed, in->already_proposed,
		       in->already_proposed_count * sizeof *p->proposed);
	p->proposed_count = in->already_proposed_count;
	qsort(p->proposed, p->proposed_count, sizeof *p->proposed,
	      compare_pair);

	for (size_t i = 0; i < nc; i++) {
		const struct match_candidate *c = &in->candidates[i];
		p->candidate_point[i] = geo_point_from_e6(c->lat_e6, c->lon_e6);
		match_priority(&p->weights, p->as_of, c, &p->priority[i]);
		int32_t reach =
		    match_travel_limit_m(&p->weights, c->max_travel_km);
		if (reach > p->candidate_reach_m)
			p->candidate_reach_m = reach;
	}
	for (size_t i = 0; i < no; i++) {
		const struct match_opening *o = &in->openings[i];
		int32_t reach =
		    match_travel_limit_m(&p->weights, o->max_travel_km);
		if (reach > p->opening_reach_m)
			p->opening_reach_m = reach;
	}
	if (!build_grids(p))
		goto oom;
	*out = p;
	return true;
oom:
	match_pool_free(p);
	return sr_fail(err, 503, "out_of_memory", "",
		       "out of memory building the matching pool");
}

void match_pool_free(struct match_pool *p)
{
	if (!p)
		return;
	free(p->proposed);
	free(p->candidate_point);
	free(p->priority);
	free(p->slot);
	free(p->slot_point);
	free(p->slot_opening);
	free(p->opening_slot);
	free(p->candidate_by_id);
	free(p->opening_by_id);
	match_grid_free(&p->candidate_grid);
	match_grid_free(&p->opening_grid);
	free(p);
}

/* ---- queries ---------------------------------------------------------- */

const struct match_weights *match_pool_weights(const struct match_pool *pool)
{
	return &pool->weights;
}

sr_date match_pool_as_of(const struct match_pool *pool) { return pool->as_of; }

const struct match_candidate *
match_pool_candidates(const struct match_pool *pool, uint32_t *count)
{
	if (count)
		*count = pool->candidate_count;
	return pool->candidates;
}

const struct match_opening *match_pool_openings(const struct match_pool *pool,
						uint32_t *count)
{
	if (count)
		*count = pool->opening_count;
	return pool->openings;
}

bool match_pool_find_candidate(const struct match_pool *pool, int64_t id,
			       uint32_t *index)
{
	return find_by_id(pool->candidates, sizeof *pool->candidates,
			  pool->candidate_by_id, pool->candidate_count, id,
			  index);
}

bool match_pool_find_opening(const struct match_pool *pool, int64_t id,
			     uint32_t *index)
{
	return find_by_id(pool->openings, sizeof *pool->openings,
			  pool->opening_by_id, pool->opening_count, id, index);
}

bool match_pool_already_proposed(const struct match_pool *pool,
				 int64_t candidate_id, int64_t opening_id)
{
	if (pool->proposed_count == 0)
		return false;
	struct match_pair_id key = {candidate_id, opening_id};
	return bsearch(&key, pool->proposed, pool->proposed_count, sizeof key,
		       compare_pair) != NULL;
}

bool match_pool_evaluate(const struct match_pool *pool,
			 const struct match_candidate *c,
			 const struct geo_point *cp,
			 const struct match_priority *pr,
			 const struct match_opening *o,
			 const struct geo_point *op, double chord2_limit,
			 struct match_pair_eval *out)
{
	const struct match_weights *w = &pool->weights;
	if (match_check_plain(w, c, o) != 0)
		return false;
	if (geo_chord2(cp, op) > chord2_limit)
		return false;
	out->distance_m = geo_distance_m(cp, op);
	out->fit = match_fit_candidate(c, o);
	if (match_check_reach(w, c, o, out->distance_m, out->fit) != 0)
		return false;
	if (match_pool_already_proposed(pool, c->id, o->id))
		return false;
	match_score_pair(w, pr, c, o, out->distance_m, out->fit, &out->score);
	return true;
}

void match_pool_explain(const struct match_pool *pool,
			const struct match_candidate *c,
			const struct match_opening *o,
			struct match_explanation *out)
{
	match_explain(&pool->weights, pool->as_of, c, o, out);
	if (match_pool_already_proposed(pool, c->id, o->id))
		out->failed |= MATCH_RULE_ALREADY_PROPOSED;
}
