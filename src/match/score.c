/* score.c: score components of a pair (see score.h). */
#include "match/score.h"

#include <stdio.h>
#include <stdlib.h>

#include "match/geo.h"
#include "match/occupation.h"

static const char *const component_names[MATCH_COMPONENT_COUNT] = {
    "occupation",      "distance",     "hours",	   "education",
    "time_on_benefit", "target_group", "district",
};

const char *match_component_name(enum match_component component)
{
	if ((int)component < 0 || component >= MATCH_COMPONENT_COUNT)
		return "unknown";
	return component_names[component];
}

int32_t match_months_between(sr_date from, sr_date to)
{
	if (to <= from)
		return 0;
	int y1, m1, d1, y2, m2, d2;
	date_to_ymd(from, &y1, &m1, &d1);
	date_to_ymd(to, &y2, &m2, &d2);
	int32_t months = (y2 - y1) * 12 + (m2 - m1);
	if (d2 < d1)
		months--; /* the last month is not complete yet */
	return months;
}

int match_benefit_band(const struct match_weights *w, sr_date since,
		       sr_date as_of)
{
	if (since == MATCH_NO_DATE)
		return -1;
	int32_t months = match_months_between(since, as_of);
	int band = 0;
	while (band < w->benefit_band_count &&
	       w->benefit_bands[band].from_months <= months)
		band++;
	return band;
}

void match_benefit_band_label(const struct match_weights *w, int band,
			      char *out, size_t size)
{
	if (band < 0)
		snprintf(out, size, "none");
	else if (band == 0)
		snprintf(out, size, "under %d months",
			 w->benefit_band_count > 0
			     ? (int)w->benefit_bands[0].from_months
			     : 0);
	else if (band >= w->benefit_band_count)
		snprintf(out, size, "%d+ months",
			 (int)w->benefit_bands[w->benefit_band_count - 1]
			     .from_months);
	else
		snprintf(out, size, "%d-%d months",
			 (int)w->benefit_bands[band - 1].from_months,
			 (int)w->benefit_bands[band].from_months);
}

static int compare_area(const void *key, const void *elem)
{
	int pc4 = *(const int *)key;
	const struct match_area_weight *a = elem;
	return (pc4 > a->pc4) - (pc4 < a->pc4);
}

int32_t match_district_points(const struct match_weights *w, int pc4)
{
	const struct match_area_weight *a =
	    w->area_count > 0 ? bsearch(&pc4, w->areas, (size_t)w->area_count,
					sizeof w->areas[0], compare_area)
			      : NULL;
	if (a)
		return a->points;
	int district = pc4 / 100;
	return district >= 10 && district < 100 ? w->district[district] : 0;
}

void match_priority(const struct match_weights *w, sr_date as_of,
		    const struct match_candidate *c, struct match_priority *out)
{
	int band = match_benefit_band(w, c->on_benefit_since, as_of);
	out->band = (int8_t)band;
	out->time_on_benefit = band > 0 ? w->benefit_bands[band - 1].points : 0;
	/* The highest of the candidate's groups: belonging to two groups is
	 * not twice the priority. */
	out->target_group = 0;
	for (int i = 0; i < MATCH_MAX_TARGET_GROUPS; i++)
		if ((c->target_groups >> i & 1u) &&
		    w->target_group[i] > out->target_group)
			out->target_group = w->target_group[i];
	out->district = match_district_points(w, c->pc4);
}

/* weight x (zero - x) / zero for 0 <= x < zero, else 0: linear decay. */
static int32_t decay(int32_t weight, int64_t x, int64_t zero)
{
	if (x < 0)
		x = -x;
	if (zero <= 0 || x >= zero)
		return 0;
	return (int32_t)((int64_t)weight * (zero - x) / zero);
}

void match_score_pair(const struct match_weights *w,
		      const struct match_priority *pr,
		      const struct match_candidate *c,
		      const struct match_opening *o, int32_t distance_m,
		      enum match_fit fit, struct match_score *out)
{
	int32_t *p = out->part;
	p[MATCH_SCORE_OCCUPATION] = w->occupation[fit];
	p[MATCH_SCORE_DISTANCE] =
	    decay(w->distance, distance_m, (int64_t)w->distance_zero_km * 1000);
	p[MATCH_SCORE_HOURS] = decay(w->hours, (int64_t)c->hours - o->hours,
				     w->hours_zero_difference);
	int32_t education = w->education;
	if (o->min_education > c->education) {
		int64_t less = (int64_t)w->education_per_level_short *
			       (o->min_education - c->education);
		education = less >= education ? 0 : education - (int32_t)less;
	}
	p[MATCH_SCORE_EDUCATION] = education;
	p[MATCH_SCORE_TIME_ON_BENEFIT] = pr->time_on_benefit;
	p[MATCH_SCORE_TARGET_GROUP] = pr->target_group;
	p[MATCH_SCORE_DISTRICT] = pr->district;
	out->total = 0;
	for (int i = 0; i < MATCH_COMPONENT_COUNT; i++)
		out->total += p[i];
}

void match_explain(const struct match_weights *w, sr_date as_of,
		   const struct match_candidate *c,
		   const struct match_opening *o, struct match_explanation *out)
{
	struct match_priority pr;
	match_priority(w, as_of, c, &pr);
	out->distance_m =
	    geo_distance_e6(c->lat_e6, c->lon_e6, o->lat_e6, o->lon_e6);
	out->occupation_fit = match_fit_candidate(c, o);
	out->failed =
	    match_check(w, c, o, out->distance_m, out->occupation_fit);
	match_score_pair(w, &pr, c, o, out->distance_m, out->occupation_fit,
			 &out->score);
}
