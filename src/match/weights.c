/*
 * weights.c: defaults of the policy's `matching` section, and reading and
 * writing it as JSON (see weights.h; docs/matching.md has the shape).
 */
#include "match/weights.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match/occupation.h"

void match_weights_default(struct match_weights *w)
{
	memset(w, 0, sizeof *w);
	w->occupation[MATCH_FIT_OCCUPATION] = 400;
	w->occupation[MATCH_FIT_UNIT] = 300;
	w->occupation[MATCH_FIT_MINOR] = 200;
	w->occupation[MATCH_FIT_SUB_MAJOR] = 100;
	w->occupation[MATCH_FIT_NONE] = 0;
	w->distance = 200;
	w->distance_zero_km = 50;
	w->hours = 100;
	w->hours_zero_difference = 1600;
	w->education = 100;
	w->education_per_level_short = 50;
	w->benefit_band_count = 3;
	w->benefit_bands[0] = (struct match_benefit_band){12, 50};
	w->benefit_bands[1] = (struct match_benefit_band){24, 100};
	w->benefit_bands[2] = (struct match_benefit_band){60, 150};
	w->min_occupation_fit = MATCH_FIT_SUB_MAJOR;
	w->default_max_travel_km = 25;
	w->hours_tolerance = 400;
	w->proposals_per_position = 3;
	w->proposals_per_candidate = 1;
	w->answer_days = 15;
}

/* ---- reading ---------------------------------------------------------- */

/* A JSON path being read, such as "$.matching.weights". */
struct path {
	char text[96];
};

static struct path path_key(const struct path *p, const char *key)
{
	struct path q;
	/* A path too long for err->field is cut short; still useful. */
	if (snprintf(q.text, sizeof q.text, "%s.%s", p->text, key) < 0)
		q.text[0] = '\0';
	return q;
}

static struct path path_index(const struct path *p, size_t i)
{
	struct path q;
	if (snprintf(q.text, sizeof q.text, "%s[%zu]", p->text, i) < 0)
		q.text[0] = '\0';
	return q;
}

#define FAIL(p, ...) sr_fail(err, 422, "invalid_policy", (p)->text, __VA_ARGS__)

static bool read_int(const json_t *v, const struct path *p, int64_t min,
		     int64_t max, int32_t *out, struct sr_error *err)
{
	if (!json_is_integer(v))
		return FAIL(p, "%s must be a whole number", p->text);
	json_int_t x = json_integer_value(v);
	if (x < min || x > max)
		return FAIL(p, "%s must be between %lld and %lld", p->text,
			    (long long)min, (long long)max);
	*out = (int32_t)x;
	return true;
}

static bool read_points(const json_t *v, const struct path *p, int32_t *out,
			struct sr_error *err)
{
	return read_int(v, p, 0, MATCH_MAX_POINTS, out, err);
}

/* Hours per week as a number with at most two decimals, into centi-hours. */
static bool read_hours(const json_t *v, const struct path *p, int32_t *out,
		       struct sr_error *err)
{
	if (!json_is_number(v))
		return FAIL(p, "%s must be a number of hours", p->text);
	double centi = json_number_value(v) * 100;
	double whole = round(centi);
	if (fabs(centi - whole) > 1e-6)
		return FAIL(p, "%s may have at most two decimals", p->text);
	if (whole < 0 || whole > 168 * 100)
		return FAIL(p, "%s must be between 0 and 168 hours", p->text);
	*out = (int32_t)whole;
	return true;
}

static bool require_object(const json_t *v, const struct path *p,
			   struct sr_error *err)
{
	if (!json_is_object(v))
		return FAIL(p, "%s must be an object", p->text);
	return true;
}

static bool read_occupation(const json_t *obj, const struct path *p,
			    struct match_weights *w, struct sr_error *err)
{
	if (!require_object(obj, p, err))
		return false;
	const char *key;
	const json_t *v;
	json_object_foreach((json_t *)obj, key, v)
	{
		struct path q = path_key(p, key);
		enum match_fit fit;
		if (!match_fit_parse(key, &fit))
			return FAIL(&q,
				    "unknown key %s (expected same_occupation, "
				    "unit_group, minor_group, sub_major_group "
				    "or none)",
				    q.text);
		if (!read_points(v, &q, &w->occupation[fit], err))
			return false;
	}
	return true;
}

static bool read_bands(const json_t *arr, const struct path *p,
		       struct match_weights *w, struct sr_error *err)
{
	if (!json_is_array(arr))
		return FAIL(p, "%s must be an array of {from_months, points}",
			    p->text);
	size_t n = json_array_size(arr);
	if (n > MATCH_MAX_BENEFIT_BANDS)
		return FAIL(p, "%s may have at most %d bands", p->text,
			    MATCH_MAX_BENEFIT_BANDS);
	w->benefit_band_count = 0;
	for (size_t i = 0; i < n; i++) {
		struct path q = path_index(p, i);
		const json_t *band = json_array_get(arr, i);
		if (!require_object(band, &q, err))
			return false;
		struct match_benefit_band b = {-1, -1};
		const char *key;
		const json_t *v;
		json_object_foreach((json_t *)band, key, v)
		{
			struct path r = path_key(&q, key);
			if (strcmp(key, "from_months") == 0) {
				if (!read_int(v, &r, 0, 1200, &b.from_months,
					      err))
					return false;
			} else if (strcmp(key, "points") == 0) {
				if (!read_points(v, &r, &b.points, err))
					return false;
			} else {
				return FAIL(&r, "unknown key %s", r.text);
			}
		}
		if (b.from_months < 0 || b.points < 0)
			return FAIL(&q, "%s needs from_months and points",
				    q.text);
		if (i > 0 &&
		    b.from_months <= w->benefit_bands[i - 1].from_months) {
			struct path r = path_key(&q, "from_months");
			return FAIL(&r,
				    "%s must be larger than the band "
				    "before",
				    r.text);
		}
		w->benefit_bands[i] = b;
		w->benefit_band_count = (int32_t)i + 1;
	}
	return true;
}

static bool read_target_groups(const json_t *obj, const struct path *p,
			       const struct match_group_names *groups,
			       struct match_weights *w, struct sr_error *err)
{
	if (!require_object(obj, p, err))
		return false;
	memset(w->target_group, 0, sizeof w->target_group);
	const char *key;
	const json_t *v;
	json_object_foreach((json_t *)obj, key, v)
	{
		struct path q = path_key(p, key);
		int bit = -1;
		for (int i = 0; groups && i < MATCH_MAX_TARGET_GROUPS; i++)
			if (groups->name[i] &&
			    strcmp(groups->name[i], key) == 0)
				bit = i;
		if (bit < 0)
			return FAIL(&q, "unknown target group %s", key);
		if (!read_points(v, &q, &w->target_group[bit], err))
			return false;
	}
	return true;
}

static int compare_areas(const void *a, const void *b)
{
	const struct match_area_weight *x = a, *y = b;
	return (x->pc4 > y->pc4) - (x->pc4 < y->pc4);
}

static bool all_digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static bool read_districts(const json_t *obj, const struct path *p,
			   struct match_weights *w, struct sr_error *err)
{
	if (!require_object(obj, p, err))
		return false;
	memset(w->district, 0, sizeof w->district);
	w->area_count = 0;
	const char *key;
	const json_t *v;
	json_object_foreach((json_t *)obj, key, v)
	{
		struct path q = path_key(p, key);
		int32_t points = 0;
		if (!read_points(v, &q, &points, err))
			return false;
		if (all_digits(key, 2) && key[0] != '0') {
			w->district[atoi(key)] = points;
		} else if (all_digits(key, 4) && key[0] != '0') {
			if (w->area_count == MATCH_MAX_AREA_WEIGHTS)
				return FAIL(&q, "at most %d postcode areas",
					    MATCH_MAX_AREA_WEIGHTS);
			w->areas[w->area_count++] = (struct match_area_weight){
			    (int16_t)atoi(key), points};
		} else {
			return FAIL(&q,
				    "%s: a district is 2 digits (\"30\"), a "
				    "postcode area 4 (\"3071\")",
				    q.text);
		}
	}
	/* Object keys are unique, so areas are too; sort for lookups. */
	qsort(w->areas, (size_t)w->area_count, sizeof w->areas[0],
	      compare_areas);
	return true;
}

static bool read_score_weights(const json_t *obj, const struct path *p,
			       const struct match_group_names *groups,
			       struct match_weights *w, struct sr_error *err)
{
	if (!require_object(obj, p, err))
		return false;
	const char *key;
	const json_t *v;
	json_object_foreach((json_t *)obj, key, v)
	{
		struct path q = path_key(p, key);
		bool ok;
		if (strcmp(key, "occupation") == 0)
			ok = read_occupation(v, &q, w, err);
		else if (strcmp(key, "distance") == 0)
			ok = read_points(v, &q, &w->distance, err);
		else if (strcmp(key, "hours") == 0)
			ok = read_points(v, &q, &w->hours, err);
		else if (strcmp(key, "education") == 0)
			ok = read_points(v, &q, &w->education, err);
		else if (strcmp(key, "education_per_level_short") == 0)
			ok = read_points(v, &q, &w->education_per_level_short,
					 err);
		else if (strcmp(key, "time_on_benefit") == 0)
			ok = read_bands(v, &q, w, err);
		else if (strcmp(key, "target_groups") == 0)
			ok = read_target_groups(v, &q, groups, w, err);
		else if (strcmp(key, "districts") == 0)
			ok = read_districts(v, &q, w, err);
		else
			ok = FAIL(&q, "unknown key %s", q.text);
		if (!ok)
			return false;
	}
	return true;
}

bool match_weights_parse(const json_t *matching,
			 const struct match_group_names *groups,
			 struct match_weights *out, struct sr_error *err)
{
	struct match_weights w;
	match_weights_default(&w);
	struct path root = {"$.matching"};
	if (matching) {
		if (!require_object(matching, &root, err))
			return false;
		const char *key;
		const json_t *v;
		json_object_foreach((json_t *)matching, key, v)
		{
			struct path q = path_key(&root, key);
			bool ok;
			if (strcmp(key, "weights") == 0) {
				ok = read_score_weights(v, &q, groups, &w, err);
			} else if (strcmp(key, "distance_zero_km") == 0) {
				ok = read_int(v, &q, 1, 1000,
					      &w.distance_zero_km, err);
			} else if (strcmp(key, "hours_zero_difference") == 0) {
				ok = read_hours(v, &q, &w.hours_zero_difference,
						err);
				if (ok && w.hours_zero_difference == 0)
					ok = FAIL(&q, "%s must be above 0",
						  q.text);
			} else if (strcmp(key, "min_occupation_fit") == 0) {
				ok = json_is_string(v) &&
				     match_fit_parse(json_string_value(v),
						     &w.min_occupation_fit);
				if (!ok)
					FAIL(&q,
					     "%s must be one of none, "
					     "sub_major_group, minor_group, "
					     "unit_group, same_occupation",
					     q.text);
			} else if (strcmp(key, "default_max_travel_km") == 0) {
				ok = read_int(v, &q, 1, 1000,
					      &w.default_max_travel_km, err);
			} else if (strcmp(key, "hours_tolerance") == 0) {
				ok = read_hours(v, &q, &w.hours_tolerance, err);
			} else if (strcmp(key, "proposals_per_position") == 0) {
				ok = read_int(v, &q, 1, 100,
					      &w.proposals_per_position, err);
			} else if (strcmp(key, "proposals_per_candidate") ==
				   0) {
				ok = read_int(v, &q, 1, 100,
					      &w.proposals_per_candidate, err);
			} else if (strcmp(key, "answer_days") == 0) {
				ok = read_int(v, &q, 1, 365, &w.answer_days,
					      err);
			} else {
				ok = FAIL(&q, "unknown key %s", q.text);
			}
			if (!ok)
				return false;
		}
	}
	*out = w;
	return true;
}

/* ---- writing ---------------------------------------------------------- */

static json_t *hours_json(int32_t centi)
{
	if (centi % 100 == 0)
		return json_integer(centi / 100);
	return json_real(centi / 100.0);
}

/* Sets key to value, taking the reference; false when out of memory. */
static bool put(json_t *obj, const char *key, json_t *value)
{
	return value && json_object_set_new(obj, key, value) == 0;
}

json_t *match_weights_to_json(const struct match_weights *w,
			      const struct match_group_names *groups)
{
	json_t *m = json_object();
	json_t *sw = json_object();
	json_t *occ = json_object();
	json_t *bands = json_array();
	json_t *tg = json_object();
	json_t *dist = json_object();
	bool ok = m && sw && occ && bands && tg && dist;
	for (int f = MATCH_FIT_COUNT - 1; ok && f >= 0; f--)
		ok = put(occ, match_fit_name((enum match_fit)f),
			 json_integer(w->occupation[f]));
	for (int i = 0; ok && i < w->benefit_band_count; i++) {
		json_t *b =
		    json_pack("{s:i,s:i}", "from_months",
			      (int)w->benefit_bands[i].from_months, "points",
			      (int)w->benefit_bands[i].points);
		ok = b && json_array_append_new(bands, b) == 0;
	}
	/* Unnamed bits cannot be written; the parser never fills them. */
	for (int i = 0; ok && groups && i < MATCH_MAX_TARGET_GROUPS; i++)
		if (groups->name[i] && w->target_group[i])
			ok = put(tg, groups->name[i],
				 json_integer(w->target_group[i]));
	char key[8];
	for (int d = 10; ok && d < 100; d++)
		if (w->district[d]) {
			snprintf(key, sizeof key, "%d", d);
			ok = put(dist, key, json_integer(w->district[d]));
		}
	for (int i = 0; ok && i < w->area_count; i++) {
		snprintf(key, sizeof key, "%d", w->areas[i].pc4);
		ok = put(dist, key, json_integer(w->areas[i].points));
	}
	if (ok) {
		ok = put(sw, "occupation", json_incref(occ)) &&
		     put(sw, "distance", json_integer(w->distance)) &&
		     put(sw, "hours", json_integer(w->hours)) &&
		     put(sw, "education", json_integer(w->education)) &&
		     put(sw, "education_per_level_short",
			 json_integer(w->education_per_level_short)) &&
		     put(sw, "time_on_benefit", json_incref(bands)) &&
		     put(sw, "target_groups", json_incref(tg)) &&
		     put(sw, "districts", json_incref(dist));
	}
	if (ok) {
		ok =
		    put(m, "weights", json_incref(sw)) &&
		    put(m, "distance_zero_km",
			json_integer(w->distance_zero_km)) &&
		    put(m, "hours_zero_difference",
			hours_json(w->hours_zero_difference)) &&
		    put(m, "min_occupation_fit",
			json_string(match_fit_name(w->min_occupation_fit))) &&
		    put(m, "default_max_travel_km",
			json_integer(w->default_max_travel_km)) &&
		    put(m, "hours_tolerance", hours_json(w->hours_tolerance)) &&
		    put(m, "proposals_per_position",
			json_integer(w->proposals_per_position)) &&
		    put(m, "proposals_per_candidate",
			json_integer(w->proposals_per_candidate)) &&
		    put(m, "answer_days", json_integer(w->answer_days));
	}
	json_decref(sw);
	json_decref(occ);
	json_decref(bands);
	json_decref(tg);
	json_decref(dist);
	if (!ok) {
		json_decref(m);
		return NULL;
	}
	return m;
}
