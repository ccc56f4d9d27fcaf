/*
 * calc.c: the calculator's JSON layer: scenario in, answer out. All figures
 * come from obligation_compute() and valuation_run(); this file only reads
 * fields (strictly: an unknown field is an error, so a typo never silently
 * changes a figure) and writes the answer.
 */
#include "domain/calc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/months.h"
#include "domain/target_groups.h"

static bool bad(struct sr_error *err, const char *path, const char *key,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static bool bad(struct sr_error *err, const char *path, const char *key,
		const char *fmt, ...)
{
	char field[96], message[256];
	if (key)
		snprintf(field, sizeof field, "%s.%s", path, key);
	else
		snprintf(field, sizeof field, "%s", path);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	return sr_fail(err, 422, "invalid_scenario", field, "%s: %s", field,
		       message);
}

static bool known_keys(const json_t *o, const char *path,
		       const char *const *allowed, struct sr_error *err)
{
	const char *key;
	json_t *value;
	json_object_foreach((json_t *)o, key, value)
	{
		bool ok = false;
		for (size_t i = 0; !ok && allowed[i]; i++)
			ok = strcmp(key, allowed[i]) == 0;
		if (!ok)
			return bad(err, path, key, "unknown field");
	}
	return true;
}

/* Each reader: absent or null leaves *out alone and returns true; a value of
 * the wrong form fails. */
static bool get_string(const json_t *o, const char *path, const char *key,
		       const char **out, struct sr_error *err)
{
	const json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return true;
	if (!json_is_string(v) || json_string_length(v) == 0)
		return bad(err, path, key, "must be a non-empty text");
	*out = json_string_value(v);
	return true;
}

static bool get_date(const json_t *o, const char *path, const char *key,
		     bool *has, sr_date *out, struct sr_error *err)
{
	const json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return true;
	if (!json_is_string(v) || !date_parse(json_string_value(v), out))
		return bad(err, path, key, "must be a date YYYY-MM-DD");
	if (has)
		*has = true;
	return true;
}

static bool get_int(const json_t *o, const char *path, const char *key,
		    int64_t min, int64_t max, int64_t *out,
		    struct sr_error *err)
{
	const json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return true;
	if (!json_is_integer(v) || json_integer_value(v) < min ||
	    json_integer_value(v) > max)
		return bad(err, path, key,
			   "must be a whole number from %lld to "
			   "%lld",
			   (long long)min, (long long)max);
	*out = json_integer_value(v);
	return true;
}

static bool get_hundredths(const json_t *o, const char *path, const char *key,
			   int64_t min_c, int64_t max_c, int64_t *out,
			   struct sr_error *err)
{
	const json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return true;
	int64_t c;
	if (!policy_json_hundredths(v, &c) || c < min_c || c > max_c)
		return bad(
		    err, path, key,
		    "must be a number from %lld to %lld with at most two "
		    "decimals",
		    (long long)(min_c / 100), (long long)(max_c / 100));
	*out = c;
	return true;
}

static bool get_bool(const json_t *o, const char *path, const char *key,
		     bool *out, struct sr_error *err)
{
	const json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return true;
	if (!json_is_boolean(v))
		return bad(err, path, key, "must be true or false");
	*out = json_is_true(v);
	return true;
}

#define MAX_CENTS INT64_C(100000000000000)

bool calc_read_contract(const json_t *o, const char *path,
			struct contract_terms *c, struct sr_error *err)
{
	static const char *const keys[] = {
	    "kind",	"value_cents",	    "award_date", "start",
	    "end",	"labour_share_pct", "cpv",	  "labour_hours",
	    "supplier", "opt_in",	    "deviation",  NULL};
	static const char *const skeys[] = {"pso_rung", "pso_valid_from",
					    "pso_valid_until", NULL};
	static const char *const dkeys[] = {"pct", "reason", NULL};
	contract_terms_init(c);
	if (!json_is_object(o))
		return bad(err, path, NULL, "must be an object");
	if (!known_keys(o, path, keys, err))
		return false;
	const char *kind = NULL;
	if (!get_string(o, path, "kind", &kind, err))
		return false;
	if (!kind || !contract_kind_from_name(kind, &c->kind))
		return bad(err, path, "kind",
			   "is required: works, services or supplies");
	c->value_cents = -1;
	if (!get_int(o, path, "value_cents", 0, MAX_CENTS, &c->value_cents,
		     err))
		return false;
	if (c->value_cents < 0)
		return bad(err, path, "value_cents",
			   "is required (the value excl. VAT in cents)");
	bool has_start = false, has_end = false, has_award = false;
	sr_date award;
	if (!get_date(o, path, "award_date", &has_award, &award, err) ||
	    !get_date(o, path, "start", &has_start, &c->start, err) ||
	    !get_date(o, path, "end", &has_end, &c->end, err))
		return false;
	if (!has_start)
		return bad(err, path, "start", "is required");
	if (!has_end)
		return bad(err, path, "end", "is required");
	if (c->end < c->start)
		return bad(err, path, "end", "is before start");
	int64_t share = -1;
	if (!get_hundredths(o, path, "labour_share_pct", 0, 10000, &share, err))
		return false;
	c->labour_share_bp = (int32_t)share;
	if (!get_string(o, path, "cpv", &c->cpv, err) ||
	    !get_hundredths(o, path, "labour_hours", 0, INT64_C(100000000000),
			    &c->labour_hours_c, err) ||
	    !get_bool(o, path, "opt_in", &c->opt_in, err))
		return false;
	char sub[96];
	const json_t *s = json_object_get(o, "supplier");
	if (s && !json_is_null(s)) {
		snprintf(sub, sizeof sub, "%s.supplier", path);
		if (!json_is_object(s))
			return bad(err, sub, NULL, "must be an object");
		if (!known_keys(s, sub, skeys, err))
			return false;
		int64_t rung = -1;
		bool has_from = false, has_until = false;
		if (!get_int(s, sub, "pso_rung", 0, 3, &rung, err) ||
		    !get_date(s, sub, "pso_valid_from", &has_from,
			      &c->pso_valid_from, err) ||
		    !get_date(s, sub, "pso_valid_until", &has_until,
			      &c->pso_valid_until, err))
			return false;
		c->pso_rung = (int)rung;
		c->has_pso_validity = has_from && has_until;
	}
	const json_t *d = json_object_get(o, "deviation");
	if (d && !json_is_null(d)) {
		snprintf(sub, sizeof sub, "%s.deviation", path);
		if (!json_is_object(d))
			return bad(err, sub, NULL, "must be an object");
		if (!known_keys(d, sub, dkeys, err))
			return false;
		int64_t pct = -1;
		if (!get_hundredths(d, sub, "pct", 0, 10000, &pct, err) ||
		    !get_string(d, sub, "reason", &c->deviation_reason, err))
			return false;
		if (pct < 0)
			return bad(err, sub, "pct", "is required");
		c->deviation_bp = (int32_t)pct;
	}
	return true;
}

bool calc_read_activity(const json_t *o, const char *path, struct activity *a,
			struct sr_error *err)
{
	static const char *const keys[] = {"id",
					   "kind",
					   "block",
					   "candidate",
					   "target_groups",
					   "start",
					   "end",
					   "hours_per_week",
					   "age_at_start",
					   "level",
					   "permanent_contract",
					   "prior_internship_months",
					   "supplier_category",
					   "invoice_cents",
					   "hours",
					   "amount_cents",
					   NULL};
	activity_init(a);
	if (!json_is_object(o))
		return bad(err, path, NULL, "must be an object");
	if (!known_keys(o, path, keys, err))
		return false;
	if (!get_string(o, path, "id", &a->id, err))
		return false;
	if (!a->id)
		return bad(err, path, "id", "is required");
	const char *kind = NULL;
	if (!get_string(o, path, "kind", &kind, err))
		return false;
	if (!kind || !activity_kind_from_name(kind, &a->kind))
		return bad(err, path, "kind",
			   "is required: hire, internship, bbl, bol, training, "
			   "purchase, hours, costs or custom");
	if (!get_string(o, path, "block", &a->block, err) ||
	    !get_string(o, path, "candidate", &a->candidate, err) ||
	    !get_string(o, path, "supplier_category", &a->supplier_category,
			err))
		return false;
	const json_t *groups = json_object_get(o, "target_groups");
	if (groups && !json_is_null(groups)) {
		if (!json_is_array(groups))
			return bad(err, path, "target_groups",
				   "must be a list");
		size_t i;
		const json_t *g;
		json_array_foreach(groups, i, g)
		{
			uint32_t bit;
			if (!json_is_string(g) ||
			    !target_group_bit(json_string_value(g), &bit)) {
				char gp[96];
				snprintf(gp, sizeof gp, "%s.target_groups[%zu]",
					 path, i);
				return bad(err, gp, NULL,
					   "is not a target group of the "
					   "national vocabulary");
			}
			a->target_groups |= bit;
		}
	}
	bool has_start = false, has_end = false;
	if (!get_date(o, path, "start", &has_start, &a->start, err) ||
	    !get_date(o, path, "end", &has_end, &a->end, err))
		return false;
	if (has_start && !has_end && !activity_kind_has_period(a->kind)) {
		a->end = a->start; /* a dated purchase or cost */
		has_end = true;
	}
	if (has_end && !has_start)
		return bad(err, path, "start", "is required with end");
	a->has_period = has_start && has_end;
	if (a->has_period && a->end < a->start)
		return bad(err, path, "end", "is before start");
	int64_t age = -1;
	if (!get_hundredths(o, path, "hours_per_week", 1, 16800,
			    &a->hours_per_week_c, err) ||
	    !get_int(o, path, "age_at_start", 0, 120, &age, err) ||
	    !get_bool(o, path, "permanent_contract", &a->permanent_contract,
		      err) ||
	    !get_hundredths(o, path, "prior_internship_months", 0, 120000,
			    &a->prior_internship_c, err) ||
	    !get_int(o, path, "invoice_cents", 0, MAX_CENTS, &a->invoice_cents,
		     err) ||
	    !get_hundredths(o, path, "hours", 0, INT64_C(100000000000),
			    &a->hours_c, err) ||
	    !get_int(o, path, "amount_cents", 0, MAX_CENTS, &a->amount_cents,
		     err))
		return false;
	a->age_at_start = (int)age;
	const json_t *level = json_object_get(o, "level");
	if (level && !json_is_null(level)) {
		if (json_is_string(level) &&
		    strcmp(json_string_value(level), "hbo") == 0)
			a->level = LEVEL_HBO;
		else if (json_is_integer(level) &&
			 json_integer_value(level) >= 1 &&
			 json_integer_value(level) <= 4)
			a->level = (int)json_integer_value(level);
		else
			return bad(err, path, "level",
				   "must be an mbo level 1-4 or \"hbo\"");
	}
	if (activity_kind_has_period(a->kind)) {
		if (!has_start)
			return bad(err, path, "start", "is required for a %s",
				   kind);
		if (!has_end)
			return bad(err, path, "end", "is required for a %s",
				   kind);
		if (a->hours_per_week_c < 0)
			return bad(err, path, "hours_per_week",
				   "is required for a %s", kind);
		if (!a->candidate)
			return bad(err, path, "candidate",
				   "is required for a %s (the same person is "
				   "never counted twice)",
				   kind);
	}
	return true;
}

static bool read_elsewhere(const json_t *o, const char *path,
			   struct counted_elsewhere *e, struct sr_error *err)
{
	static const char *const keys[] = {"candidate",	     "start",	 "end",
					   "hours_per_week", "contract", NULL};
	memset(e, 0, sizeof *e);
	if (!json_is_object(o))
		return bad(err, path, NULL, "must be an object");
	if (!known_keys(o, path, keys, err))
		return false;
	bool has_start = false, has_end = false;
	e->hours_per_week_c = -1;
	if (!get_string(o, path, "candidate", &e->candidate, err) ||
	    !get_date(o, path, "start", &has_start, &e->start, err) ||
	    !get_date(o, path, "end", &has_end, &e->end, err) ||
	    !get_hundredths(o, path, "hours_per_week", 1, 16800,
			    &e->hours_per_week_c, err) ||
	    !get_string(o, path, "contract", &e->contract, err))
		return false;
	if (!e->candidate)
		return bad(err, path, "candidate", "is required");
	if (!has_start || !has_end)
		return bad(err, path, has_start ? "end" : "start",
			   "is required");
	if (e->end < e->start)
		return bad(err, path, "end", "is before start");
	if (e->hours_per_week_c < 0)
		return bad(err, path, "hours_per_week", "is required");
	return true;
}

/* A value in the policy unit: cents as an integer, hours as a number with
 * two decimals. */
static json_t *unit_value(const struct policy *p, int64_t v)
{
	if (p->unit == POLICY_UNIT_EUR)
		return json_integer(v);
	return json_real((double)v / 100.0);
}

static json_t *build_answer(const struct policy *p,
			    const struct contract_terms *c,
			    const struct obligation *o,
			    const struct activity *acts,
			    const struct activity_value *values, size_t n)
{
	bool eur = p->unit == POLICY_UNIT_EUR;
	json_t *answer = json_object();
	json_t *list = json_array();
	if (!answer || !list) {
		json_decref(answer);
		json_decref(list);
		return NULL;
	}
	json_object_set_new(answer, "applicable", json_boolean(o->applicable));
	json_object_set_new(answer, "unit",
			    json_string(policy_unit_name(p->unit)));
	json_object_set_new(answer,
			    eur ? "obligation_cents" : "obligation_hours",
			    unit_value(p, o->value));
	json_object_set_new(answer, "obligation", obligation_explain(p, c, o));
	int64_t total = 0;
	for (size_t i = 0; i < n; i++) {
		const struct activity_value *v = &values[i];
		json_t *item = json_pack("{s:s}", "id", acts[i].id);
		if (!item)
			continue;
		json_object_set_new(item, eur ? "value_cents" : "value_hours",
				    unit_value(p, v->refusal ? 0 : v->value));
		if (v->refusal != REFUSAL_NONE)
			json_object_set_new(item, "refused",
					    json_pack("{s:s,s:s}", "code",
						      refusal_code(v->refusal),
						      "message", v->message));
		else
			total += v->value;
		json_object_set_new(item, "explanation",
				    valuation_explain(p, &acts[i], v));
		json_array_append_new(list, item);
	}
	json_object_set_new(answer, "activities", list);
	json_object_set_new(answer, eur ? "total_cents" : "total_hours",
			    unit_value(p, total));
	int64_t tenths;
	if (exact_pct_tenths(total, o->value, &tenths))
		json_object_set_new(answer, "realisation_pct",
				    tenths % 10 == 0
					? json_real((double)(tenths / 10))
					: json_real((double)tenths / 10.0));
	else
		json_object_set_new(answer, "realisation_pct", json_null());
	return answer;
}

static int compare_ids(const void *x, const void *y)
{
	const struct activity *const *a = x, *const *b = y;
	int c = strcmp((*a)->id, (*b)->id);
	if (c)
		return c;
	return (*a)->order < (*b)->order ? -1 : (*a)->order > (*b)->order;
}

/* The first activity (in input order) whose id an earlier one has: *i, and
 * the first that has it: *j. Sorted by id, not compared pairwise, so that a
 * long scenario is not quadratic. acts[k].order must be k. */
static bool repeated_id(const struct activity *acts, size_t n, size_t *i,
			size_t *j)
{
	const struct activity **by_id = malloc((n + 1) * sizeof *by_id);
	bool found = false;
	if (!by_id) /* then pairwise, slowly */
		for (size_t k = 0; k < n && !found; k++)
			for (size_t l = 0; l < k && !found; l++)
				if (strcmp(acts[l].id, acts[k].id) == 0) {
					*i = k;
					*j = l;
					found = true;
				}
	for (size_t k = 0; by_id && k < n; k++)
		by_id[k] = &acts[k];
	if (by_id && n > 1)
		qsort(by_id, n, sizeof *by_id, compare_ids);
	for (size_t k = 1; by_id && k < n; k++) {
		/* in a run of equal ids the first is the earliest, the second
		 * the earliest that repeats it */
		if (strcmp(by_id[k]->id, by_id[k - 1]->id) != 0 ||
		    (k >= 2 && strcmp(by_id[k - 2]->id, by_id[k]->id) == 0))
			continue;
		size_t later = (size_t)by_id[k]->order;
		if (!found || later < *i) {
			*i = later;
			*j = (size_t)by_id[k - 1]->order;
			found = true;
		}
	}
	free(by_id);
	return found;
}

bool calc_run(const struct policy *p, const json_t *scenario, json_t **answer,
	      struct sr_error *err)
{
	static const char *const keys[] = {"contract", "activities",
					   "counted_elsewhere", NULL};
	*answer = NULL;
	if (!json_is_object(scenario))
		return bad(err, "$", NULL, "a scenario is a JSON object");
	if (!known_keys(scenario, "$", keys, err))
		return false;
	struct contract_terms c;
	const json_t *contract = json_object_get(scenario, "contract");
	if (!contract)
		return bad(err, "$", "contract", "is required");
	if (!calc_read_contract(contract, "$.contract", &c, err))
		return false;
	const json_t *list = json_object_get(scenario, "activities");
	if (list && !json_is_null(list) && !json_is_array(list))
		return bad(err, "$", "activities", "must be a list");
	const json_t *other = json_object_get(scenario, "counted_elsewhere");
	if (other && !json_is_null(other) && !json_is_array(other))
		return bad(err, "$", "counted_elsewhere", "must be a list");
	size_t n = json_is_array(list) ? json_array_size(list) : 0;
	size_t m = json_is_array(other) ? json_array_size(other) : 0;
	struct activity *acts = calloc(n + 1, sizeof *acts);
	struct activity_value *values = calloc(n + 1, sizeof *values);
	struct counted_elsewhere *elsewhere = calloc(m + 1, sizeof *elsewhere);
	bool ok = acts && values && elsewhere;
	if (!ok)
		sr_fail(err, 500, "out_of_memory", "", "out of memory");
	char path[96];
	size_t read = 0;
	for (; ok && read < n; read++) {
		snprintf(path, sizeof path, "$.activities[%zu]", read);
		ok = calc_read_activity(json_array_get(list, read), path,
					&acts[read], err);
		acts[read].order = (int64_t)read;
	}
	if (acts && values && elsewhere) {
		/* activities that read well: ok ? all : all before the bad one
		 */
		size_t i = 0, j = 0;
		if (repeated_id(acts, ok ? read : read - 1, &i, &j)) {
			snprintf(path, sizeof path, "$.activities[%zu]", i);
			ok = bad(err, path, "id",
				 "repeats the id of activity %zu", j);
		}
	}
	for (size_t j = 0; ok && j < m; j++) {
		snprintf(path, sizeof path, "$.counted_elsewhere[%zu]", j);
		ok = read_elsewhere(json_array_get(other, j), path,
				    &elsewhere[j], err);
		/* counted before anything in this scenario on equal starts */
		elsewhere[j].order = (int64_t)j - (int64_t)m;
	}
	struct obligation o;
	if (ok && !obligation_compute(p, &c, &o, err)) {
		char field[sizeof err->field + 16];
		snprintf(field, sizeof field, "$.contract.%s", err->field);
		memcpy(err->field, field, sizeof err->field - 1);
		err->field[sizeof err->field - 1] = '\0';
		ok = false;
	}
	if (ok && !valuation_run(p, &c, acts, n, elsewhere, m, values, err)) {
		for (size_t i = 0; i < n; i++)
			if (strcmp(acts[i].id, err->field) == 0) {
				snprintf(err->field, sizeof err->field,
					 "$.activities[%zu]", i);
				break;
			}
		ok = false;
	}
	if (ok) {
		*answer = build_answer(p, &c, &o, acts, values, n);
		if (!*answer)
			ok = sr_fail(err, 500, "out_of_memory", "",
				     "out of memory");
	}
	free(acts);
	free(values);
	free(elsewhere);
	return ok;
}
