/*
 * match_fixtures.h: shared helpers of the matching tests: a plain feasible
 * candidate and opening to vary one field at a time, a seeded generator of
 * random pools on real postcode-area centroids (data/pc4) with real ESCO
 * codes, and a brute-force scorer to check the engine against.
 * Header-only (static functions), so each test stays one .c file.
 */
#ifndef SROI_TESTS_MATCH_FIXTURES_H
#define SROI_TESTS_MATCH_FIXTURES_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/date.h"
#include "match/match.h"

#define FIX_AS_OF 20089 /* 2025-01-01 */

/* Real PC4 centroids from data/pc4 around Den Haag, Rotterdam and Utrecht. */
static const struct {
	int16_t pc4;
	int32_t lat_e6, lon_e6;
} fix_places[] = {
    {2244, 52112680, 4341290}, {2267, 52059090, 4356550},
    {2287, 52029140, 4326650}, {2317, 52176640, 4509390},
    {2343, 52194060, 4478220}, {2394, 52125340, 4593820},
    {2412, 52074920, 4764330}, {2492, 52066200, 4409160},
    {2517, 52087260, 4285620}, {2542, 52036520, 4266820},
    {2561, 52075980, 4276470}, {2583, 52092310, 4256490},
    {2611, 52012490, 4358700}, {2629, 51983890, 4387990},
    {2662, 51986420, 4485550}, {2715, 52055580, 4474630},
    {2728, 52076660, 4523230}, {2802, 52006440, 4697810},
    {2841, 51998140, 4652310}, {2906, 51936100, 4568850},
    {2925, 51916630, 4624070}, {2964, 51919840, 4849650},
    {2983, 51884760, 4604480}, {3011, 51918700, 4487560},
    {3027, 51917120, 4435930}, {3041, 51927800, 4441420},
    {3056, 51951830, 4515020}, {3072, 51902120, 4489020},
    {3085, 51872820, 4490570}, {3118, 51918940, 4375500},
    {3136, 51927880, 4351060}, {3161, 51849620, 4448800},
    {3196, 51886040, 4353050}, {3212, 51826380, 4287900},
    {3312, 51807380, 4689890}, {3343, 51835150, 4630750},
    {3366, 51848640, 4767120}, {3413, 51971730, 4977070},
    {3438, 52048520, 5092150}, {3452, 52093850, 5007690},
    {3511, 52088330, 5115990}, {3528, 52069540, 5081830},
    {3552, 52106770, 5103820}, {3573, 52104380, 5148310},
    {3607, 52134790, 5017570}, {3652, 52161680, 4870000},
    {3994, 52026190, 5187400}, {4128, 51954110, 5017970},
};
#define FIX_PLACES (sizeof fix_places / sizeof fix_places[0])

/* Real ESCO codes from data/esco, several sharing ISCO groups. */
static const char *const fix_codes[] = {
    "7112.1", "7115.1", "7115.3", "7126.1", "7411.1", "9313.1",
    "5120.1", "5223.1", "8322.1", "4321.1", "2221.1", "9112.1",
};
#define FIX_CODES (sizeof fix_codes / sizeof fix_codes[0])

/* splitmix64: a small seeded generator, the same on every platform. */
static inline uint64_t fix_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static inline int fix_below(uint64_t *state, int n)
{
	return (int)(fix_next(state) % (uint64_t)n);
}

/* Den Haag 2544, mbo 2, 32 hours, 20 km, on benefit since 2023-06-01. */
static inline struct match_candidate fix_candidate(void)
{
	struct match_candidate c;
	memset(&c, 0, sizeof c);
	c.id = 1;
	c.target_groups = 1u << 0;
	c.lat_e6 = 52036520;
	c.lon_e6 = 4266820;
	c.pc4 = 2542;
	c.education = 2;
	c.occupation_count = 1;
	snprintf(c.occupations[0], MATCH_ESCO_LEN, "7112.1");
	c.hours = 3200;
	c.max_travel_km = 20;
	c.available_from = date_from_ymd(2025, 1, 1);
	c.on_benefit_since = date_from_ymd(2023, 6, 1);
	return c;
}

/* An opening at the candidate's own place that it fits exactly. */
static inline struct match_opening fix_opening(void)
{
	struct match_opening o;
	memset(&o, 0, sizeof o);
	o.id = 100;
	o.allowed_groups = 1u << 0 | 1u << 1;
	o.lat_e6 = 52036520;
	o.lon_e6 = 4266820;
	o.pc4 = 2542;
	o.min_education = MATCH_NO_EDUCATION;
	snprintf(o.esco, MATCH_ESCO_LEN, "7112.1");
	o.start = date_from_ymd(2025, 2, 1);
	o.hours = 3200;
	o.positions = 1;
	o.max_travel_km = 30;
	return o;
}

static inline void fix_random_candidate(uint64_t *s, int64_t id,
					struct match_candidate *c)
{
	memset(c, 0, sizeof *c);
	int p = fix_below(s, FIX_PLACES);
	c->id = id;
	c->target_groups = 1u << fix_below(s, 4);
	if (fix_below(s, 4) == 0)
		c->target_groups |= 1u << fix_below(s, 4);
	c->lat_e6 = fix_places[p].lat_e6;
	c->lon_e6 = fix_places[p].lon_e6;
	c->pc4 = fix_places[p].pc4;
	c->education = (int8_t)fix_below(s, 7);
	c->occupation_count = (uint8_t)fix_below(s, 4); /* 0: any work */
	for (int k = 0; k < c->occupation_count; k++)
		snprintf(c->occupations[k], MATCH_ESCO_LEN, "%s",
			 fix_codes[fix_below(s, FIX_CODES)]);
	c->hours = 1200 + 100 * fix_below(s, 29);
	c->max_travel_km = fix_below(s, 5) == 0 ? 0 : 5 + fix_below(s, 40);
	c->available_from = FIX_AS_OF + fix_below(s, 120) - 30;
	c->on_benefit_since = fix_below(s, 5) == 0
				  ? MATCH_NO_DATE
				  : FIX_AS_OF - fix_below(s, 3000);
	c->driving_licence = fix_below(s, 2);
	c->hired = fix_below(s, 20) == 0;
}

static inline void fix_random_opening(uint64_t *s, int64_t id,
				      struct match_opening *o)
{
	memset(o, 0, sizeof *o);
	int p = fix_below(s, FIX_PLACES);
	o->id = id;
	o->allowed_groups = 0xfu & (uint32_t)(1 + fix_below(s, 15));
	o->lat_e6 = fix_places[p].lat_e6;
	o->lon_e6 = fix_places[p].lon_e6;
	o->pc4 = fix_places[p].pc4;
	o->min_education = (int8_t)(fix_below(s, 8) - 1);
	o->requires_licence = fix_below(s, 4) == 0;
	snprintf(o->esco, MATCH_ESCO_LEN, "%s",
		 fix_codes[fix_below(s, FIX_CODES)]);
	o->start = FIX_AS_OF + fix_below(s, 90);
	o->hours = 1600 + 100 * fix_below(s, 25);
	o->positions = 1 + fix_below(s, 3);
	o->max_travel_km = fix_below(s, 3) == 0 ? 0 : 10 + fix_below(s, 30);
}

/* Shuffles n items of the given size in place (seeded). */
static inline void fix_shuffle(uint64_t *s, void *base, size_t n, size_t size)
{
	char *b = base;
	char *tmp = malloc(size);
	for (size_t i = n; i > 1; i--) {
		size_t j = (size_t)(fix_next(s) % i);
		memcpy(tmp, b + (i - 1) * size, size);
		memcpy(b + (i - 1) * size, b + j * size, size);
		memcpy(b + j * size, tmp, size);
	}
	free(tmp);
}

/* Builds a pool or fails the test. */
static inline struct match_pool *fix_pool(const struct match_candidate *c,
					  uint32_t nc,
					  const struct match_opening *o,
					  uint32_t no,
					  const struct match_weights *w)
{
	struct match_pool_input in = {c, nc, o, no, NULL, 0, w, FIX_AS_OF};
	struct match_pool *pool = NULL;
	struct sr_error err = {0};
	if (!match_pool_build(&in, &pool, &err)) {
		fprintf(stderr, "pool: %s (%s)\n", err.message, err.field);
		return NULL;
	}
	return pool;
}

#endif
