/*
 * policy.c: parsing and validating a policy document.
 *
 * The parser walks the document once, field by field, and never stops at the
 * first problem: each reader reports what is wrong at its JSON path and
 * carries on with a neutral value, so that `sroi policy check` lists every
 * problem of a file. Only a document without problems becomes a policy.
 */
#include "domain/policy.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/target_groups.h"

/* Limits that keep every product in the valuation inside 128 bits with a
 * wide margin; no real policy comes near them. */
#define MAX_CENTS INT64_C(100000000000000) /* EUR 1 trillion */
#define MAX_HOURS_C INT64_C(100000000000)
#define MAX_FULL_TIME_C 16800 /* 168 hours a week */
#define MAX_MONTHS 1200
#define MAX_PROBLEMS 500
#define MAX_PER_YEAR_CENTS INT64_C(10000000000) /* EUR 100 million */
#define MAX_BONUSES 64 /* a bitmask per activity records them */

static const char *const activity_kind_names[ACTIVITY_KIND_COUNT] = {
    "hire",	"internship", "bbl",   "bol",	 "training",
    "purchase", "hours",      "costs", "custom",
};

static const char *const contract_kind_names[CONTRACT_KIND_COUNT] = {
    "works", "services", "supplies"};

const char *activity_kind_name(enum activity_kind kind)
{
	return (unsigned)kind < ACTIVITY_KIND_COUNT ? activity_kind_names[kind]
						    : "?";
}

bool activity_kind_from_name(const char *name, enum activity_kind *out)
{
	for (int i = 0; name && i < ACTIVITY_KIND_COUNT; i++)
		if (strcmp(name, activity_kind_names[i]) == 0) {
			*out = (enum activity_kind)i;
			return true;
		}
	return false;
}

bool activity_kind_has_period(enum activity_kind kind)
{
	return kind == ACTIVITY_HIRE || kind == ACTIVITY_INTERNSHIP ||
	       kind == ACTIVITY_BBL || kind == ACTIVITY_BOL;
}

const char *contract_kind_name(enum contract_kind kind)
{
	return (unsigned)kind < CONTRACT_KIND_COUNT ? contract_kind_names[kind]
						    : "?";
}

bool contract_kind_from_name(const char *name, enum contract_kind *out)
{
	for (int i = 0; name && i < CONTRACT_KIND_COUNT; i++)
		if (strcmp(name, contract_kind_names[i]) == 0) {
			*out = (enum contract_kind)i;
			return true;
		}
	return false;
}

const char *value_rule_name(enum value_rule rule)
{
	switch (rule) {
	case RULE_PER_YEAR:
		return "per_year";
	case RULE_HOURS_WORKED:
		return "hours_worked";
	case RULE_PER_HOUR:
		return "per_hour";
	case RULE_INVOICE_SHARE:
		return "invoice_share";
	case RULE_COSTS_INCURRED:
		return "costs_incurred";
	case RULE_FIXED:
		return "fixed";
	}
	return "?";
}

const char *policy_unit_name(enum policy_unit unit)
{
	return unit == POLICY_UNIT_HOURS ? "hours" : "eur";
}

/* --- problems ----------------------------------------------------------------
 */

void policy_problems_free(struct policy_problems *pr)
{
	if (!pr)
		return;
	free(pr->items);
	pr->items = NULL;
	pr->count = pr->cap = 0;
}

static void add_problem(struct policy_problems *pr, const char *path,
			const char *fmt, va_list ap)
{
	if (pr->count >= MAX_PROBLEMS)
		return;
	if (pr->count == pr->cap) {
		size_t cap = pr->cap ? pr->cap * 2 : 16;
		struct policy_problem *items =
		    realloc(pr->items, cap * sizeof *items);
		if (!items)
			return; /* the caller still sees count > 0 or oom */
		pr->items = items;
		pr->cap = cap;
	}
	struct policy_problem *it = &pr->items[pr->count++];
	snprintf(it->path, sizeof it->path, "%s", path);
	vsnprintf(it->message, sizeof it->message, fmt, ap);
}

json_t *policy_problems_to_json(const struct policy_problems *pr)
{
	json_t *list = json_array();
	for (size_t i = 0; list && i < pr->count; i++)
		json_array_append_new(
		    list, json_pack("{s:s,s:s}", "path", pr->items[i].path,
				    "message", pr->items[i].message));
	return list;
}

bool policy_problems_to_error(const struct policy_problems *pr,
			      struct sr_error *err)
{
	if (pr->count == 0)
		return sr_fail(err, 500, "out_of_memory", "",
			       "out of memory while reading the policy");
	if (pr->count == 1)
		return sr_fail(err, 422, "invalid_policy", pr->items[0].path,
			       "the policy is not valid: %s: %s",
			       pr->items[0].path, pr->items[0].message);
	return sr_fail(err, 422, "invalid_policy", pr->items[0].path,
		       "the policy has %zu problems; the first is %s: %s",
		       pr->count, pr->items[0].path, pr->items[0].message);
}

/* --- the reader
 * ----------------------------------------------------------------- */

struct parse {
	struct policy_problems *pr;
	struct policy *p;
	bool oom;
};

#define PATH_SIZE 160

static void problem(struct parse *ps, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void problem(struct parse *ps, const char *path, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add_problem(ps->pr, path, fmt, ap);
	va_end(ap);
}

/* Paths are cut at PATH_SIZE; the return values are used so that the
 * compiler knows the truncation is meant. */
static void join(char out[PATH_SIZE], const char *parent, const char *key)
{
	if (snprintf(out, PATH_SIZE, "%s.%s", parent, key) >= PATH_SIZE)
		out[PATH_SIZE - 1] = '\0';
}

static void join_index(char out[PATH_SIZE], const char *parent, size_t i)
{
	if (snprintf(out, PATH_SIZE, "%s[%zu]", parent, i) >= PATH_SIZE)
		out[PATH_SIZE - 1] = '\0';
}

static void *alloc(struct parse *ps, size_t n, size_t size)
{
	if (n == 0)
		return NULL;
	void *m = calloc(n, size);
	if (!m)
		ps->oom = true;
	return m;
}

/* Reports every key of obj not in allowed ("note" is allowed everywhere:
 * policy officers annotate their files). */
static void check_keys(struct parse *ps, const json_t *obj, const char *path,
		       const char *const *allowed)
{
	const char *key;
	json_t *value;
	json_object_foreach((json_t *)obj, key, value)
	{
		bool ok = strcmp(key, "note") == 0;
		for (size_t i = 0; !ok && allowed[i]; i++)
			ok = strcmp(key, allowed[i]) == 0;
		if (!ok) {
			char p[PATH_SIZE];
			join(p, path, key);
			problem(ps, p, "unknown field");
		} else if (strcmp(key, "note") == 0 && !json_is_string(value)) {
			char p[PATH_SIZE];
			join(p, path, key);
			problem(ps, p, "must be a text");
		}
	}
}

/* The member key of obj, or NULL. Reports a missing required member. When
 * nullable, a JSON null reads as absent (NULL, no problem). */
static const json_t *member(struct parse *ps, const json_t *obj,
			    const char *path, const char *key, bool required,
			    bool nullable, char child[PATH_SIZE])
{
	join(child, path, key);
	const json_t *v = obj ? json_object_get(obj, key) : NULL;
	if (!v) {
		if (required)
			problem(ps, child, "is required%s",
				nullable ? " (null when it does not apply)"
					 : "");
		return NULL;
	}
	if (json_is_null(v)) {
		if (!nullable)
			problem(ps, child, "must not be null");
		return NULL;
	}
	return v;
}

static const json_t *read_object(struct parse *ps, const json_t *obj,
				 const char *path, const char *key,
				 bool required, bool nullable,
				 char child[PATH_SIZE])
{
	const json_t *v = member(ps, obj, path, key, required, nullable, child);
	if (v && !json_is_object(v)) {
		problem(ps, child, "must be an object");
		return NULL;
	}
	return v;
}

static const json_t *read_array(struct parse *ps, const json_t *obj,
				const char *path, const char *key,
				bool required, char child[PATH_SIZE])
{
	const json_t *v = member(ps, obj, path, key, required, false, child);
	if (v && !json_is_array(v)) {
		problem(ps, child, "must be a list");
		return NULL;
	}
	return v;
}

static const char *read_string(struct parse *ps, const json_t *obj,
			       const char *path, const char *key, bool required,
			       bool nullable)
{
	char child[PATH_SIZE];
	const json_t *v = member(ps, obj, path, key, required, nullable, child);
	if (!v)
		return NULL;
	if (!json_is_string(v) || json_string_length(v) == 0) {
		problem(ps, child, "must be a non-empty text");
		return NULL;
	}
	return json_string_value(v);
}

static bool read_bool(struct parse *ps, const json_t *obj, const char *path,
		      const char *key, bool required, bool fallback)
{
	char child[PATH_SIZE];
	const json_t *v = member(ps, obj, path, key, required, false, child);
	if (!v)
		return fallback;
	if (!json_is_boolean(v)) {
		problem(ps, child, "must be true or false");
		return fallback;
	}
	return json_is_true(v);
}

static bool read_date(struct parse *ps, const json_t *obj, const char *path,
		      const char *key, bool required, bool nullable,
		      sr_date *out)
{
	char child[PATH_SIZE];
	const json_t *v = member(ps, obj, path, key, required, nullable, child);
	if (!v)
		return false;
	if (!json_is_string(v) || !date_parse(json_string_value(v), out)) {
		problem(ps, child, "must be a date YYYY-MM-DD");
		return false;
	}
	return true;
}

/* A whole number in [min, max]; absent (or null when nullable) gives
 * fallback. */
static int64_t read_int(struct parse *ps, const json_t *obj, const char *path,
			const char *key, bool required, bool nullable,
			int64_t min, int64_t max, int64_t fallback,
			const char *what)
{
	char child[PATH_SIZE];
	const json_t *v = member(ps, obj, path, key, required, nullable, child);
	if (!v)
		return fallback;
	if (!json_is_integer(v) || json_integer_value(v) < min ||
	    json_integer_value(v) > max) {
		problem(ps, child, "must be %s from %lld to %lld", what,
			(long long)min, (long long)max);
		return fallback;
	}
	return json_integer_value(v);
}

/* A JSON number with at most two decimals, as hundredths. Reading a decimal
 * that came through a double is the one place a float appears: it is
 * converted once, checked to be a whole number of hundredths, and never used
 * in arithmetic. */
bool policy_json_hundredths(const json_t *v, int64_t *out)
{
	if (json_is_integer(v)) {
		json_int_t i = json_integer_value(v);
		if (i > INT64_MAX / 100 || i < INT64_MIN / 100)
			return false;
		*out = (int64_t)i * 100;
		return true;
	}
	if (!json_is_real(v))
		return false;
	double d = json_real_value(v) * 100.0;
	if (!isfinite(d) || fabs(d) > 9e15)
		return false;
	double r = nearbyint(d);
	if (fabs(d - r) > 1e-6 * (fabs(r) > 1 ? fabs(r) : 1))
		return false;
	*out = (int64_t)r;
	return true;
}

static int64_t read_hundredths(struct parse *ps, const json_t *obj,
			       const char *path, const char *key, bool required,
			       bool nullable, int64_t min_c, int64_t max_c,
			       int64_t fallback, const char *what)
{
	char child[PATH_SIZE];
	const json_t *v = member(ps, obj, path, key, required, nullable, child);
	if (!v)
		return fallback;
	int64_t c;
	if (!policy_json_hundredths(v, &c) || c < min_c || c > max_c) {
		char lo[32], hi[32];
		snprintf(lo, sizeof lo, "%lld", (long long)(min_c / 100));
		snprintf(hi, sizeof hi, "%lld", (long long)(max_c / 100));
		problem(ps, child,
			"must be %s from %s to %s with at most two decimals",
			what, lo, hi);
		return fallback;
	}
	return c;
}

static int32_t read_pct(struct parse *ps, const json_t *obj, const char *path,
			const char *key, bool required, bool nullable,
			int32_t fallback)
{
	return (int32_t)read_hundredths(ps, obj, path, key, required, nullable,
					0, 10000, fallback, "a percentage");
}

static int64_t read_cents(struct parse *ps, const json_t *obj, const char *path,
			  const char *key, bool required, bool nullable,
			  int64_t fallback)
{
	return read_int(ps, obj, path, key, required, nullable, 0, MAX_CENTS,
			fallback, "a whole number of cents");
}

static bool is_identifier(const char *s)
{
	if (!s || !*s || strlen(s) > 63)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '_'))
			return false;
	return true;
}

static bool is_cpv_prefix(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 1 || n > 8)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* A list of target-group names as a bitmask. */
static uint32_t read_groups(struct parse *ps, const json_t *obj,
			    const char *path, const char *key, bool required)
{
	char child[PATH_SIZE];
	const json_t *list = read_array(ps, obj, path, key, required, child);
	uint32_t mask = 0;
	size_t i;
	const json_t *g;
	json_array_foreach(list, i, g)
	{
		char p[PATH_SIZE];
		join_index(p, child, i);
		uint32_t bit;
		if (!json_is_string(g) ||
		    !target_group_bit(json_string_value(g), &bit))
			problem(ps, p,
				"must be a target group of the national "
				"vocabulary (participatiewet, ww, wia, ...)");
		else
			mask |= bit;
	}
	if (list && json_array_size(list) == 0)
		problem(ps, child,
			"must list at least one target group "
			"(leave the field out for anyone)");
	return mask;
}

static const char **read_cpv_list(struct parse *ps, const json_t *obj,
				  const char *path, const char *key,
				  size_t *count)
{
	char child[PATH_SIZE];
	const json_t *list = read_array(ps, obj, path, key, false, child);
	*count = 0;
	if (!list || json_array_size(list) == 0)
		return NULL;
	const char **out = alloc(ps, json_array_size(list), sizeof *out);
	size_t i;
	const json_t *v;
	json_array_foreach(list, i, v)
	{
		char p[PATH_SIZE];
		join_index(p, child, i);
		if (!json_is_string(v) || !is_cpv_prefix(json_string_value(v)))
			problem(
			    ps, p,
			    "must be a CPV prefix of 1 to 8 digits (\"45\")");
		else if (out)
			out[(*count)++] = json_string_value(v);
	}
	return out;
}

/* --- sections ----------------------------------------------------------------
 */

static void parse_source(struct parse *ps, const json_t *doc)
{
	static const char *const keys[] = {"publisher", "title",     "url",
					   "published", "retrieved", NULL};
	char path[PATH_SIZE];
	const json_t *src =
	    read_object(ps, doc, "$", "source", true, false, path);
	if (!src)
		return;
	check_keys(ps, src, path, keys);
	struct policy *p = ps->p;
	p->source_publisher =
	    read_string(ps, src, path, "publisher", true, false);
	p->source_title = read_string(ps, src, path, "title", true, false);
	p->source_url = read_string(ps, src, path, "url", false, true);
	p->has_source_published = read_date(ps, src, path, "published", false,
					    true, &p->source_published);
	p->has_source_retrieved = read_date(ps, src, path, "retrieved", false,
					    true, &p->source_retrieved);
	const json_t *pub = json_object_get(src, "published");
	const json_t *ret = json_object_get(src, "retrieved");
	if ((!pub || json_is_null(pub)) && (!ret || json_is_null(ret)))
		problem(ps, path,
			"needs the date published or, when none is published, "
			"the date retrieved");
}

static void parse_applicability(struct parse *ps, const json_t *doc)
{
	static const char *const keys[] = {"thresholds", "min_term_months",
					   "excluded_cpv_prefixes",
					   "opt_in_below_threshold", NULL};
	static const char *const tkeys[] = {"amount_cents", "inclusive", NULL};
	char path[PATH_SIZE], tpath[PATH_SIZE];
	struct policy *p = ps->p;
	const json_t *a =
	    read_object(ps, doc, "$", "applicability", true, false, path);
	if (!a)
		return;
	check_keys(ps, a, path, keys);
	const json_t *t =
	    read_object(ps, a, path, "thresholds", true, false, tpath);
	static const char *const kinds[] = {"works", "services", "supplies",
					    NULL};
	if (t)
		check_keys(ps, t, tpath, kinds);
	for (int k = 0; t && k < CONTRACT_KIND_COUNT; k++) {
		char kpath[PATH_SIZE];
		const json_t *th = read_object(
		    ps, t, tpath, contract_kind_names[k], true, true, kpath);
		if (!th)
			continue;
		check_keys(ps, th, kpath, tkeys);
		p->thresholds[k].applies = true;
		p->thresholds[k].amount_cents =
		    read_cents(ps, th, kpath, "amount_cents", true, false, 0);
		p->thresholds[k].inclusive =
		    read_bool(ps, th, kpath, "inclusive", true, true);
	}
	p->min_term_months =
	    (int)read_int(ps, a, path, "min_term_months", false, true, 0,
			  MAX_MONTHS, -1, "a whole number of months");
	p->excluded_cpv = read_cpv_list(ps, a, path, "excluded_cpv_prefixes",
					&p->excluded_cpv_count);
	p->opt_in_allowed =
	    read_bool(ps, a, path, "opt_in_below_threshold", true, false);
}

static void parse_exception(struct parse *ps, const json_t *e, const char *path,
			    struct pct_exception *x)
{
	static const char *const keys[] = {"label", "when", "pct", NULL};
	static const char *const wkeys[] = {
	    "labour_share_below_pct", "contract_kind", "cpv_prefixes", NULL};
	check_keys(ps, e, path, keys);
	x->label = read_string(ps, e, path, "label", true, false);
	x->pct_bp = read_pct(ps, e, path, "pct", true, false, 0);
	x->labour_share_below_bp = -1;
	x->contract_kind = -1;
	char wpath[PATH_SIZE];
	const json_t *w = read_object(ps, e, path, "when", true, false, wpath);
	if (!w)
		return;
	check_keys(ps, w, wpath, wkeys);
	x->labour_share_below_bp =
	    read_pct(ps, w, wpath, "labour_share_below_pct", false, false, -1);
	const char *kind =
	    read_string(ps, w, wpath, "contract_kind", false, false);
	enum contract_kind ck;
	if (kind && !contract_kind_from_name(kind, &ck)) {
		char kp[PATH_SIZE];
		join(kp, wpath, "contract_kind");
		problem(ps, kp, "must be works, services or supplies");
	} else if (kind) {
		x->contract_kind = (int)ck;
	}
	x->cpv_prefixes =
	    read_cpv_list(ps, w, wpath, "cpv_prefixes", &x->cpv_count);
	if (!json_object_get(w, "labour_share_below_pct") &&
	    !json_object_get(w, "contract_kind") &&
	    !json_object_get(w, "cpv_prefixes"))
		problem(ps, wpath, "needs at least one condition");
}

static void parse_obligation(struct parse *ps, const json_t *doc)
{
	static const char *const eur_keys[] = {"default_pct", "exceptions",
					       "cap_cents", "comply_or_explain",
					       NULL};
	static const char *const hours_keys[] = {
	    "hours_per_1000_eur", "labour_hours_pct", "cap_hours",
	    "comply_or_explain", NULL};
	char path[PATH_SIZE];
	struct policy *p = ps->p;
	const json_t *o =
	    read_object(ps, doc, "$", "obligation", true, false, path);
	p->cap = -1;
	if (!o)
		return;
	p->comply_or_explain =
	    read_bool(ps, o, path, "comply_or_explain", true, false);
	if (p->unit == POLICY_UNIT_HOURS) {
		check_keys(ps, o, path, hours_keys);
		bool by_value = json_object_get(o, "hours_per_1000_eur");
		bool by_labour = json_object_get(o, "labour_hours_pct");
		if (by_value == by_labour)
			problem(ps, path,
				"needs exactly one of hours_per_1000_eur and "
				"labour_hours_pct");
		if (by_value) {
			p->hours_basis = HOURS_BASIS_VALUE;
			p->hours_per_1000_eur_c = read_hundredths(
			    ps, o, path, "hours_per_1000_eur", true, false, 1,
			    MAX_HOURS_C, 0, "a number of hours");
		} else if (by_labour) {
			p->hours_basis = HOURS_BASIS_LABOUR_HOURS;
			p->labour_hours_bp = read_pct(
			    ps, o, path, "labour_hours_pct", true, false, 0);
		}
		p->cap =
		    read_hundredths(ps, o, path, "cap_hours", false, true, 0,
				    MAX_HOURS_C, -1, "a number of hours");
		return;
	}
	check_keys(ps, o, path, eur_keys);
	p->default_pct_bp =
	    read_pct(ps, o, path, "default_pct", true, false, 0);
	p->cap = read_cents(ps, o, path, "cap_cents", false, true, -1);
	char epath[PATH_SIZE];
	const json_t *list =
	    read_array(ps, o, path, "exceptions", false, epath);
	size_t n = list ? json_array_size(list) : 0;
	p->exceptions = alloc(ps, n, sizeof *p->exceptions);
	if (n && !p->exceptions)
		return;
	p->exception_count = n;
	for (size_t i = 0; i < n; i++) {
		char ip[PATH_SIZE];
		join_index(ip, epath, i);
		const json_t *e = json_array_get(list, i);
		if (!json_is_object(e)) {
			problem(ps, ip, "must be an object");
			continue;
		}
		parse_exception(ps, e, ip, &p->exceptions[i]);
	}
}

static void parse_pso(struct parse *ps, const json_t *doc)
{
	static const char *const keys[] = {"aspirant_pct", "rung_1_pct",
					   "rung_2_pct", "rung_3_pct", NULL};
	char path[PATH_SIZE];
	const json_t *o =
	    read_object(ps, doc, "$", "pso_discount", true, false, path);
	if (!o)
		return;
	check_keys(ps, o, path, keys);
	for (int r = 0; r < PSO_RUNGS; r++)
		ps->p->pso_discount_bp[r] =
		    read_pct(ps, o, path, keys[r], true, false, 0);
}

/* Reads a block's value rule; false when the rule itself is missing or
 * unknown (its other fields are then not judged). */
static bool parse_value(struct parse *ps, const json_t *v, const char *path,
			struct block *b)
{
	struct policy *p = ps->p;
	struct block_value *bv = &b->value;
	bool hours = p->unit == POLICY_UNIT_HOURS;
	bv->max_value = -1;
	bv->cents_per_hour = -1;
	bv->full_time_hours_c = -1;
	const char *rule = read_string(ps, v, path, "rule", true, false);
	if (!rule)
		return false;
	char rpath[PATH_SIZE];
	join(rpath, path, "rule");
	const char *unit_hint = hours
				    ? "hours_worked, per_hour, invoice_share, "
				      "costs_incurred or fixed"
				    : "per_year, per_hour, invoice_share, "
				      "costs_incurred or fixed";
	if (strcmp(rule, "per_year") == 0 && !hours) {
		static const char *const k[] = {"rule", "per_year_cents",
						"full_time_hours", NULL};
		check_keys(ps, v, path, k);
		bv->rule = RULE_PER_YEAR;
		bv->per_year_cents =
		    read_int(ps, v, path, "per_year_cents", true, false, 0,
			     MAX_PER_YEAR_CENTS, 0, "a whole number of cents");
	} else if (strcmp(rule, "hours_worked") == 0 && hours) {
		static const char *const k[] = {"rule", "full_time_hours",
						NULL};
		check_keys(ps, v, path, k);
		bv->rule = RULE_HOURS_WORKED;
	} else if (strcmp(rule, "per_hour") == 0) {
		bv->rule = RULE_PER_HOUR;
		if (hours) {
			static const char *const k[] = {"rule",
							"hours_per_hour", NULL};
			check_keys(ps, v, path, k);
			bv->per_hour = read_hundredths(
			    ps, v, path, "hours_per_hour", true, false, 0,
			    100000, 0, "a number of hours");
		} else {
			static const char *const k[] = {"rule",
							"per_hour_cents", NULL};
			check_keys(ps, v, path, k);
			bv->per_hour = read_cents(ps, v, path, "per_hour_cents",
						  true, false, 0);
		}
	} else if (strcmp(rule, "invoice_share") == 0) {
		static const char *const ke[] = {"rule", "share_pct",
						 "max_cents", NULL};
		static const char *const kh[] = {
		    "rule", "share_pct", "cents_per_hour", "max_hours", NULL};
		check_keys(ps, v, path, hours ? kh : ke);
		bv->rule = RULE_INVOICE_SHARE;
		char spath[PATH_SIZE];
		const json_t *shares =
		    read_object(ps, v, path, "share_pct", true, false, spath);
		size_t n = shares ? json_object_size(shares) : 0;
		if (shares && n == 0)
			problem(ps, spath,
				"must give the share of at least one supplier "
				"category");
		bv->shares = alloc(ps, n, sizeof *bv->shares);
		const char *cat;
		json_t *share;
		json_object_foreach((json_t *)shares, cat, share)
		{
			char cp[PATH_SIZE];
			join(cp, spath, cat);
			if (!is_identifier(cat))
				problem(ps, cp,
					"a supplier category is written in "
					"lower case letters, digits and _");
			int32_t bp =
			    read_pct(ps, shares, spath, cat, true, false, 0);
			if (bv->shares) {
				bv->shares[bv->share_count].category = cat;
				bv->shares[bv->share_count++].share_bp = bp;
			}
		}
	} else if (strcmp(rule, "costs_incurred") == 0) {
		static const char *const ke[] = {"rule", "max_cents", NULL};
		static const char *const kh[] = {"rule", "cents_per_hour",
						 "max_hours", NULL};
		check_keys(ps, v, path, hours ? kh : ke);
		bv->rule = RULE_COSTS_INCURRED;
	} else if (strcmp(rule, "fixed") == 0) {
		bv->rule = RULE_FIXED;
		if (hours) {
			static const char *const k[] = {"rule", "fixed_hours",
							NULL};
			check_keys(ps, v, path, k);
			bv->fixed = read_hundredths(ps, v, path, "fixed_hours",
						    true, false, 0, MAX_HOURS_C,
						    0, "a number of hours");
		} else {
			static const char *const k[] = {"rule", "fixed_cents",
							NULL};
			check_keys(ps, v, path, k);
			bv->fixed = read_cents(ps, v, path, "fixed_cents", true,
					       false, 0);
		}
	} else {
		problem(ps, rpath, "must be %s for a policy in %s", unit_hint,
			hours ? "hours" : "euros");
		return false;
	}
	if (bv->rule == RULE_INVOICE_SHARE || bv->rule == RULE_COSTS_INCURRED) {
		if (hours) {
			bv->cents_per_hour = read_int(
			    ps, v, path, "cents_per_hour", true, false, 1,
			    MAX_CENTS, -1, "a whole number of cents");
			bv->max_value = read_hundredths(
			    ps, v, path, "max_hours", false, true, 0,
			    MAX_HOURS_C, -1, "a number of hours");
		} else {
			bv->max_value = read_cents(ps, v, path, "max_cents",
						   false, true, -1);
		}
	}
	if (bv->rule == RULE_PER_YEAR || bv->rule == RULE_HOURS_WORKED) {
		bv->full_time_hours_c = read_hundredths(
		    ps, v, path, "full_time_hours", false, false, 1,
		    MAX_FULL_TIME_C, -1, "a number of hours");
		if (!activity_kind_has_period(b->kind)) {
			problem(ps, rpath,
				"%s needs an activity with a period (hire, "
				"internship, bbl or bol), not %s",
				rule, activity_kind_name(b->kind));
		}
	}
	return true;
}

static void parse_conditions(struct parse *ps, const json_t *c,
			     const char *path, struct block *b)
{
	static const char *const keys[] = {
	    "mbo_level_min",	"mbo_level_max",    "hbo",
	    "min_age_at_start", "max_age_at_start", NULL};
	check_keys(ps, c, path, keys);
	bool has_min = json_object_get(c, "mbo_level_min");
	bool has_max = json_object_get(c, "mbo_level_max");
	bool has_hbo = json_object_get(c, "hbo");
	b->level_min = (int)read_int(ps, c, path, "mbo_level_min", false, false,
				     1, 4, 1, "an mbo level");
	b->level_max = (int)read_int(ps, c, path, "mbo_level_max", false, false,
				     1, 4, 4, "an mbo level");
	b->level_hbo = read_bool(ps, c, path, "hbo", false, false);
	if (has_min || has_max || has_hbo) {
		b->has_levels = true;
		if (!has_min && !has_max) {
			/* only "hbo": no mbo level fits */
			b->level_min = 0;
			b->level_max = -1;
		}
		if (b->level_min > b->level_max && (has_min || has_max)) {
			char p[PATH_SIZE];
			join(p, path, "mbo_level_max");
			problem(ps, p, "must not be below mbo_level_min");
		}
	}
	b->min_age = (int)read_int(ps, c, path, "min_age_at_start", false,
				   false, 0, 120, -1, "an age");
	b->max_age = (int)read_int(ps, c, path, "max_age_at_start", false,
				   false, 0, 120, -1, "an age");
	if (b->min_age >= 0 && b->max_age >= 0 && b->max_age < b->min_age) {
		char p[PATH_SIZE];
		join(p, path, "max_age_at_start");
		problem(ps, p, "must not be below min_age_at_start");
	}
}

static void parse_block(struct parse *ps, const json_t *o, const char *path,
			struct block *b)
{
	static const char *const keys[] = {"id",
					   "label",
					   "kind",
					   "target_groups",
					   "requires_one_of",
					   "conditions",
					   "value",
					   "max_months",
					   "by_name_only",
					   NULL};
	check_keys(ps, o, path, keys);
	b->id = read_string(ps, o, path, "id", true, false);
	if (b->id && !is_identifier(b->id)) {
		char p[PATH_SIZE];
		join(p, path, "id");
		problem(
		    ps, p,
		    "must be lower case letters, digits and _ (at most 63)");
	}
	b->label = read_string(ps, o, path, "label", true, false);
	b->min_age = b->max_age = -1;
	b->max_months = -1;
	const char *kind = read_string(ps, o, path, "kind", true, false);
	if (kind && !activity_kind_from_name(kind, &b->kind)) {
		char p[PATH_SIZE];
		join(p, path, "kind");
		problem(ps, p,
			"must be hire, internship, bbl, bol, training, "
			"purchase, hours, costs or custom");
		kind = NULL;
	}
	b->by_name_only = read_bool(ps, o, path, "by_name_only", false, false);
	b->target_groups = read_groups(ps, o, path, "target_groups", false);
	b->requires_one_of = read_groups(ps, o, path, "requires_one_of", false);
	char cpath[PATH_SIZE];
	const json_t *c =
	    read_object(ps, o, path, "conditions", false, false, cpath);
	if (c)
		parse_conditions(ps, c, cpath, b);
	char vpath[PATH_SIZE];
	const json_t *v = read_object(ps, o, path, "value", true, false, vpath);
	bool rule_ok = v && kind && parse_value(ps, v, vpath, b);
	bool period_rule = rule_ok && (b->value.rule == RULE_PER_YEAR ||
				       b->value.rule == RULE_HOURS_WORKED);
	char mpath[PATH_SIZE];
	join(mpath, path, "max_months");
	if (period_rule)
		b->max_months =
		    (int)read_int(ps, o, path, "max_months", true, true, 1,
				  MAX_MONTHS, -1, "a whole number of months");
	else if (rule_ok && json_object_get(o, "max_months"))
		problem(ps, mpath,
			"only applies to blocks valued over a period "
			"(per_year or hours_worked)");
}

static void parse_bonus(struct parse *ps, const json_t *o, const char *path,
			struct bonus *x)
{
	static const char *const keys[] = {"id",   "label", "kinds", "blocks",
					   "when", "value", NULL};
	static const char *const wkeys[] = {"min_age_at_start", "target_groups",
					    "min_prior_internship_months",
					    "permanent_contract", NULL};
	struct policy *p = ps->p;
	check_keys(ps, o, path, keys);
	x->id = read_string(ps, o, path, "id", true, false);
	if (x->id && !is_identifier(x->id)) {
		char ip[PATH_SIZE];
		join(ip, path, "id");
		problem(ps, ip, "must be lower case letters, digits and _");
	}
	x->label = read_string(ps, o, path, "label", true, false);
	x->min_age = -1;
	x->min_prior_internship_c = -1;
	char kpath[PATH_SIZE];
	const json_t *kinds = read_array(ps, o, path, "kinds", true, kpath);
	size_t i;
	const json_t *k;
	json_array_foreach(kinds, i, k)
	{
		char ip[PATH_SIZE];
		join_index(ip, kpath, i);
		enum activity_kind ak;
		if (!json_is_string(k) ||
		    !activity_kind_from_name(json_string_value(k), &ak))
			problem(ps, ip, "must be an activity kind (hire, ...)");
		else
			x->kinds |= 1u << ak;
	}
	if (kinds && json_array_size(kinds) == 0)
		problem(ps, kpath, "must list at least one activity kind");
	char bpath[PATH_SIZE];
	const json_t *blocks = read_array(ps, o, path, "blocks", false, bpath);
	if (blocks && json_array_size(blocks)) {
		x->blocks =
		    alloc(ps, json_array_size(blocks), sizeof *x->blocks);
		json_array_foreach(blocks, i, k)
		{
			char ip[PATH_SIZE];
			join_index(ip, bpath, i);
			if (!json_is_string(k) ||
			    policy_block_index(p, json_string_value(k)) < 0)
				problem(ps, ip,
					"must be the id of a block of this "
					"policy");
			else if (x->blocks)
				x->blocks[x->block_count++] =
				    json_string_value(k);
		}
	}
	char wpath[PATH_SIZE];
	const json_t *w = read_object(ps, o, path, "when", true, false, wpath);
	if (w) {
		check_keys(ps, w, wpath, wkeys);
		if (json_object_size(w) == 0)
			problem(ps, wpath, "needs at least one condition");
		x->min_age = (int)read_int(ps, w, wpath, "min_age_at_start",
					   false, false, 0, 120, -1, "an age");
		x->target_groups =
		    read_groups(ps, w, wpath, "target_groups", false);
		x->min_prior_internship_c = read_hundredths(
		    ps, w, wpath, "min_prior_internship_months", false, false,
		    0, MAX_MONTHS * 100, -1, "a number of months");
		x->requires_permanent =
		    read_bool(ps, w, wpath, "permanent_contract", false, false);
		char pp[PATH_SIZE];
		join(pp, wpath, "permanent_contract");
		if (json_is_false(json_object_get(w, "permanent_contract")))
			problem(ps, pp,
				"can only be true (leave it out otherwise)");
	}
	char vpath[PATH_SIZE];
	const json_t *v = read_object(ps, o, path, "value", true, false, vpath);
	if (!v)
		return;
	const char *rule = read_string(ps, v, vpath, "rule", true, false);
	if (rule && strcmp(rule, "per_year") == 0) {
		static const char *const vk[] = {"rule", "per_year_cents",
						 NULL};
		check_keys(ps, v, vpath, vk);
		x->rule = RULE_PER_YEAR;
		x->per_year_cents =
		    read_int(ps, v, vpath, "per_year_cents", true, false, 0,
			     MAX_PER_YEAR_CENTS, 0, "a whole number of cents");
	} else if (rule && strcmp(rule, "fixed") == 0) {
		static const char *const vk[] = {"rule", "fixed_cents", NULL};
		check_keys(ps, v, vpath, vk);
		x->rule = RULE_FIXED;
		x->fixed_cents =
		    read_cents(ps, v, vpath, "fixed_cents", true, false, 0);
	} else if (rule) {
		char rp[PATH_SIZE];
		join(rp, vpath, "rule");
		problem(ps, rp, "must be per_year or fixed");
	}
}

static void parse_valuation(struct parse *ps, const json_t *doc)
{
	static const char *const keys[] = {"full_time_hours",
					   "hired_before_start_max_months",
					   "blocks", "bonuses", NULL};
	char path[PATH_SIZE];
	struct policy *p = ps->p;
	const json_t *v =
	    read_object(ps, doc, "$", "valuation", true, false, path);
	p->hired_before_start_max_months = -1;
	if (!v)
		return;
	check_keys(ps, v, path, keys);
	p->full_time_hours_c =
	    read_hundredths(ps, v, path, "full_time_hours", true, false, 1,
			    MAX_FULL_TIME_C, 3600, "a number of hours");
	p->hired_before_start_max_months =
	    (int)read_int(ps, v, path, "hired_before_start_max_months", false,
			  true, 0, MAX_MONTHS, -1, "a whole number of months");

	char bpath[PATH_SIZE];
	const json_t *blocks = read_array(ps, v, path, "blocks", true, bpath);
	size_t n = blocks ? json_array_size(blocks) : 0;
	if (blocks && n == 0)
		problem(ps, bpath, "must hold at least one block");
	p->blocks = alloc(ps, n, sizeof *p->blocks);
	if (n && !p->blocks)
		return;
	p->block_count = n;
	for (size_t i = 0; i < n; i++) {
		char ip[PATH_SIZE];
		join_index(ip, bpath, i);
		const json_t *o = json_array_get(blocks, i);
		p->blocks[i].min_age = p->blocks[i].max_age = -1;
		p->blocks[i].max_months = -1;
		p->blocks[i].value.max_value = -1;
		if (!json_is_object(o)) {
			problem(ps, ip, "must be an object");
			continue;
		}
		parse_block(ps, o, ip, &p->blocks[i]);
		for (size_t j = 0; j < i && p->blocks[i].id; j++)
			if (p->blocks[j].id &&
			    strcmp(p->blocks[j].id, p->blocks[i].id) == 0) {
				char idp[PATH_SIZE];
				join(idp, ip, "id");
				problem(ps, idp, "repeats the id of block %zu",
					j);
				break;
			}
	}

	char xpath[PATH_SIZE];
	const json_t *bonuses =
	    read_array(ps, v, path, "bonuses", false, xpath);
	n = bonuses ? json_array_size(bonuses) : 0;
	if (n > MAX_BONUSES)
		problem(ps, xpath, "holds more than %d bonuses", MAX_BONUSES);
	if (n && p->unit == POLICY_UNIT_HOURS)
		problem(ps, xpath,
			"bonuses are in euros: a policy in hours has "
			"none");
	p->bonuses = alloc(ps, n, sizeof *p->bonuses);
	if (n && !p->bonuses)
		return;
	p->bonus_count = n;
	for (size_t i = 0; i < n; i++) {
		char ip[PATH_SIZE];
		join_index(ip, xpath, i);
		const json_t *o = json_array_get(bonuses, i);
		if (!json_is_object(o)) {
			problem(ps, ip, "must be an object");
			continue;
		}
		parse_bonus(ps, o, ip, &p->bonuses[i]);
		for (size_t j = 0; j < i && p->bonuses[i].id; j++)
			if (p->bonuses[j].id &&
			    strcmp(p->bonuses[j].id, p->bonuses[i].id) == 0) {
				char idp[PATH_SIZE];
				join(idp, ip, "id");
				problem(ps, idp, "repeats the id of bonus %zu",
					j);
				break;
			}
	}
}

static void parse_settlement(struct parse *ps, const json_t *doc)
{
	static const char *const keys[] = {"recovery_months", "withhold_pct",
					   "best_efforts_exemption",
					   "penalty_cents_per_hour", NULL};
	char path[PATH_SIZE];
	struct policy *p = ps->p;
	p->penalty_cents_per_hour = -1;
	const json_t *s =
	    read_object(ps, doc, "$", "settlement", true, false, path);
	if (!s)
		return;
	check_keys(ps, s, path, keys);
	p->recovery_months =
	    (int)read_int(ps, s, path, "recovery_months", true, false, 0,
			  MAX_MONTHS, 0, "a whole number of months");
	p->withhold_bp = read_pct(ps, s, path, "withhold_pct", true, false, 0);
	p->best_efforts_exemption =
	    read_bool(ps, s, path, "best_efforts_exemption", true, false);
	if (p->unit == POLICY_UNIT_HOURS) {
		p->penalty_cents_per_hour = read_cents(
		    ps, s, path, "penalty_cents_per_hour", true, false, 0);
	} else if (json_object_get(s, "penalty_cents_per_hour")) {
		char pp[PATH_SIZE];
		join(pp, path, "penalty_cents_per_hour");
		problem(ps, pp, "only applies to a policy in hours");
	}
}

static void parse_prequalification(struct parse *ps, const json_t *doc)
{
	static const char *const keys[] = {
	    "min_pso_rung", "min_realisation_pct", "lookback_years", NULL};
	char path[PATH_SIZE];
	struct policy *p = ps->p;
	p->prequal_min_pso_rung = -1;
	p->prequal_min_realisation_bp = -1;
	const json_t *q =
	    read_object(ps, doc, "$", "pre_qualification", false, true, path);
	if (!q)
		return;
	check_keys(ps, q, path, keys);
	p->has_prequalification = true;
	p->prequal_min_pso_rung =
	    (int)read_int(ps, q, path, "min_pso_rung", false, false, 0, 3, -1,
			  "a PSO rung (0 = aspirant)");
	bool has_pct = json_object_get(q, "min_realisation_pct");
	p->prequal_min_realisation_bp =
	    read_pct(ps, q, path, "min_realisation_pct", false, false, -1);
	p->prequal_lookback_years =
	    (int)read_int(ps, q, path, "lookback_years", has_pct, false, 1, 50,
			  0, "a number of years");
	if (!has_pct && json_object_get(q, "lookback_years")) {
		char lp[PATH_SIZE];
		join(lp, path, "lookback_years");
		problem(ps, lp, "only applies with min_realisation_pct");
	}
	if (!json_object_get(q, "min_pso_rung") && !has_pct)
		problem(ps, path,
			"needs min_pso_rung or min_realisation_pct (or write "
			"null for no pre-qualification)");
}

/* The employer's deadline to answer a proposal is proposal_deadline_days.
 * An earlier draft put it in the matching section as answer_days; such a
 * document still works: answer_days is read as the deadline when
 * proposal_deadline_days is absent, and refused at its path when the two
 * disagree, so that a policy never carries two deadlines. */
static void parse_answer_days(struct parse *ps, const json_t *doc,
			      const char *mpath)
{
	struct policy *p = ps->p;
	if (!p->matching || !json_object_get(p->matching, "answer_days"))
		return;
	char apath[PATH_SIZE];
	join(apath, mpath, "answer_days");
	int days = (int)read_int(ps, p->matching, mpath, "answer_days", false,
				 false, 1, 365, -1, "a whole number of days");
	if (days < 0)
		return;
	const json_t *deadline = json_object_get(doc, "proposal_deadline_days");
	if (!deadline)
		p->proposal_deadline_days = days;
	else if (json_is_integer(deadline) &&
		 json_integer_value(deadline) != days)
		problem(ps, apath,
			"is the employer's deadline, which "
			"proposal_deadline_days sets to %lld days: give it "
			"once, as proposal_deadline_days",
			(long long)json_integer_value(deadline));
}

static void parse_document(struct parse *ps, const json_t *doc)
{
	static const char *const keys[] = {"name",
					   "version",
					   "effective_from",
					   "description",
					   "source",
					   "unit",
					   "applicability",
					   "obligation",
					   "pso_discount",
					   "valuation",
					   "settlement",
					   "pre_qualification",
					   "matching",
					   "proposal_deadline_days",
					   "identity_retention_months",
					   "reference_value_cents",
					   NULL};
	struct policy *p = ps->p;
	if (!json_is_object(doc)) {
		problem(ps, "$", "a policy is a JSON object");
		return;
	}
	check_keys(ps, doc, "$", keys);
	p->name = read_string(ps, doc, "$", "name", true, false);
	p->version = read_string(ps, doc, "$", "version", true, false);
	read_date(ps, doc, "$", "effective_from", true, false,
		  &p->effective_from);
	read_string(ps, doc, "$", "description", false, false);
	parse_source(ps, doc);
	const char *unit = read_string(ps, doc, "$", "unit", true, false);
	if (unit && strcmp(unit, "hours") == 0)
		p->unit = POLICY_UNIT_HOURS;
	else if (unit && strcmp(unit, "eur") != 0)
		problem(ps, "$.unit", "must be eur or hours");
	parse_applicability(ps, doc);
	parse_obligation(ps, doc);
	parse_pso(ps, doc);
	parse_valuation(ps, doc);
	parse_settlement(ps, doc);
	parse_prequalification(ps, doc);
	char mpath[PATH_SIZE];
	p->matching = read_object(ps, doc, "$", "matching", false, true, mpath);
	p->proposal_deadline_days =
	    (int)read_int(ps, doc, "$", "proposal_deadline_days", false, false,
			  1, 365, 15, "a whole number of days");
	parse_answer_days(ps, doc, mpath);
	p->identity_retention_months =
	    (int)read_int(ps, doc, "$", "identity_retention_months", false,
			  true, 1, MAX_MONTHS, -1, "a whole number of months");
	p->reference_value_cents =
	    read_int(ps, doc, "$", "reference_value_cents", false, true, 1,
		     MAX_CENTS, -1, "a whole number of cents");
}

void policy_free(struct policy *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->exception_count; i++)
		free(p->exceptions[i].cpv_prefixes);
	free(p->exceptions);
	for (size_t i = 0; i < p->block_count; i++)
		free(p->blocks[i].value.shares);
	free(p->blocks);
	for (size_t i = 0; i < p->bonus_count; i++)
		free(p->bonuses[i].blocks);
	free(p->bonuses);
	free(p->excluded_cpv);
	json_decref(p->doc);
	free(p);
}

bool policy_parse(const json_t *doc, struct policy **out,
		  struct policy_problems *problems)
{
	*out = NULL;
	struct policy *p = calloc(1, sizeof *p);
	if (!p)
		return false;
	/* Strings in the struct point into this private copy, so the caller
	 * may free or change its document afterwards. */
	p->doc = json_deep_copy(doc);
	if (!p->doc) {
		free(p);
		return false;
	}
	struct parse ps = {.pr = problems, .p = p};
	size_t before = problems->count;
	parse_document(&ps, p->doc);
	if (ps.oom || problems->count > before) {
		policy_free(p);
		return false;
	}
	*out = p;
	return true;
}

bool policy_parse_text(const char *text, size_t length, struct policy **out,
		       struct policy_problems *problems)
{
	json_error_t jerr;
	*out = NULL;
	json_t *doc = json_loadb(text, length, JSON_REJECT_DUPLICATES, &jerr);
	if (!doc) {
		struct parse ps = {.pr = problems};
		problem(&ps, "$", "not valid JSON at line %d, column %d: %s",
			jerr.line, jerr.column, jerr.text);
		return false;
	}
	bool ok = policy_parse(doc, out, problems);
	json_decref(doc);
	return ok;
}

/* --- lookups
 * ------------------------------------------------------------------- */

int policy_block_index(const struct policy *p, const char *id)
{
	for (size_t i = 0; id && i < p->block_count; i++)
		if (p->blocks[i].id && strcmp(p->blocks[i].id, id) == 0)
			return (int)i;
	return -1;
}

bool policy_block_share(const struct block *b, const char *category,
			int32_t *share_bp)
{
	for (size_t i = 0; category && i < b->value.share_count; i++)
		if (strcmp(b->value.shares[i].category, category) == 0) {
			*share_bp = b->value.shares[i].share_bp;
			return true;
		}
	return false;
}

int64_t policy_block_full_time(const struct policy *p, const struct block *b)
{
	return b->value.full_time_hours_c > 0 ? b->value.full_time_hours_c
					      : p->full_time_hours_c;
}

const struct policy *policy_in_force(const struct policy *const *versions,
				     size_t count, sr_date date)
{
	const struct policy *best = NULL;
	for (size_t i = 0; i < count; i++)
		if (versions[i]->effective_from <= date &&
		    (!best ||
		     versions[i]->effective_from >= best->effective_from))
			best = versions[i];
	return best;
}

/* --- rendering for `sroi policy show`
 * ----------------------------------------- */

struct text {
	char *buf;
	size_t len, cap;
	bool oom;
};

static void put(struct text *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void put(struct text *t, const char *fmt, ...)
{
	if (t->oom)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (t->len + (size_t)n + 1 > t->cap) {
		size_t cap = t->cap ? t->cap : 1024;
		while (cap < t->len + (size_t)n + 1)
			cap *= 2;
		char *b = realloc(t->buf, cap);
		if (!b) {
			t->oom = true;
			return;
		}
		t->buf = b;
		t->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
	va_end(ap);
	t->len += (size_t)n;
}

/* "EUR 215,000.00" */
static void fmt_eur(int64_t cents, char out[40])
{
	char digits[32];
	snprintf(digits, sizeof digits, "%lld", (long long)(cents / 100));
	size_t n = strlen(digits), o = 0;
	o += (size_t)snprintf(out, 40, "EUR ");
	for (size_t i = 0; i < n; i++) {
		out[o++] = digits[i];
		if ((n - i - 1) % 3 == 0 && i + 1 < n)
			out[o++] = ',';
	}
	snprintf(out + o, 40 - o, ".%02lld", (long long)(cents % 100));
}

static void fmt_c(int64_t hundredths, char out[32])
{
	const char *sign = hundredths < 0 ? "-" : "";
	int64_t a = hundredths < 0 ? -hundredths : hundredths;
	if (a % 100 == 0)
		snprintf(out, 32, "%s%lld", sign, (long long)(a / 100));
	else
		snprintf(out, 32, "%s%lld.%02lld", sign, (long long)(a / 100),
			 (long long)(a % 100));
}

static void put_groups(struct text *t, const char *prefix, uint32_t mask)
{
	if (!mask)
		return;
	put(t, "%s", prefix);
	bool first = true;
	for (int i = 0; i < TARGET_GROUP_COUNT; i++)
		if (mask & target_groups[i].bit) {
			put(t, "%s%s", first ? "" : ", ",
			    target_groups[i].name);
			first = false;
		}
}

static void put_value(struct text *t, const struct policy *p,
		      const struct block *b)
{
	const struct block_value *v = &b->value;
	char a[40], c[32];
	bool eur = p->unit == POLICY_UNIT_EUR;
	switch (v->rule) {
	case RULE_PER_YEAR:
		fmt_eur(v->per_year_cents, a);
		fmt_c(policy_block_full_time(p, b), c);
		put(t, "%s a year at %s hours a week, pro rata", a, c);
		break;
	case RULE_HOURS_WORKED:
		put(t, "hours worked (hours a week x days / 7)");
		break;
	case RULE_PER_HOUR:
		if (eur) {
			fmt_eur(v->per_hour, a);
			put(t, "%s per hour", a);
		} else {
			fmt_c(v->per_hour, c);
			put(t, "%s hours per hour done", c);
		}
		break;
	case RULE_INVOICE_SHARE:
		put(t, "share of the invoice excl. VAT:");
		for (size_t i = 0; i < v->share_count; i++) {
			fmt_c(v->shares[i].share_bp, c);
			put(t, "%s %s %s%%", i ? "," : "",
			    v->shares[i].category, c);
		}
		break;
	case RULE_COSTS_INCURRED:
		put(t, "costs incurred");
		break;
	case RULE_FIXED:
		if (eur) {
			fmt_eur(v->fixed, a);
			put(t, "%s per activity", a);
		} else {
			fmt_c(v->fixed, c);
			put(t, "%s hours per activity", c);
		}
		break;
	}
	if (!eur && v->cents_per_hour > 0) {
		fmt_eur(v->cents_per_hour, a);
		put(t, ", %s = 1 hour", a);
	}
	if (v->max_value >= 0) {
		if (eur)
			fmt_eur(v->max_value, a);
		else
			fmt_c(v->max_value, a);
		put(t, ", at most %s%s per activity", a, eur ? "" : " hours");
	}
}

char *policy_render_text(const struct policy *p)
{
	struct text t = {0};
	char a[40], c[32], d[SR_DATE_TEXT_LEN];
	bool eur = p->unit == POLICY_UNIT_EUR;

	date_format(p->effective_from, d);
	put(&t, "%s\nVersion %s, effective from %s. Unit: %s.\n", p->name,
	    p->version, d, eur ? "euros" : "hours");
	put(&t, "Source: %s, \"%s\"", p->source_publisher, p->source_title);
	if (p->source_url)
		put(&t, ", %s", p->source_url);
	if (p->has_source_published) {
		date_format(p->source_published, d);
		put(&t, ", published %s", d);
	}
	if (p->has_source_retrieved) {
		date_format(p->source_retrieved, d);
		put(&t, ", retrieved %s", d);
	}
	put(&t, ".\n\nApplies to\n");
	for (int k = 0; k < CONTRACT_KIND_COUNT; k++) {
		const struct threshold *th = &p->thresholds[k];
		if (!th->applies) {
			put(&t, "  %-9s never\n", contract_kind_names[k]);
			continue;
		}
		fmt_eur(th->amount_cents, a);
		put(&t, "  %-9s %s %s\n", contract_kind_names[k],
		    th->inclusive ? "from" : "above", a);
	}
	if (p->min_term_months >= 0)
		put(&t, "  with a term of at least %d months\n",
		    p->min_term_months);
	if (p->excluded_cpv_count) {
		put(&t, "  except CPV codes starting with");
		for (size_t i = 0; i < p->excluded_cpv_count; i++)
			put(&t, "%s %s", i ? "," : "", p->excluded_cpv[i]);
		put(&t, "\n");
	}
	put(&t, "  below the threshold: %s\n",
	    p->opt_in_allowed ? "a consultant may opt a contract in"
			      : "no obligation");

	put(&t, "\nObligation\n");
	if (eur) {
		fmt_c(p->default_pct_bp, c);
		put(&t, "  %s%% of the contract value\n", c);
		for (size_t i = 0; i < p->exception_count; i++) {
			const struct pct_exception *x = &p->exceptions[i];
			fmt_c(x->pct_bp, c);
			put(&t, "  %s%% when %s (", c, x->label);
			const char *sep = "";
			if (x->labour_share_below_bp >= 0) {
				char l[32];
				fmt_c(x->labour_share_below_bp, l);
				put(&t, "labour share under %s%%", l);
				sep = ", ";
			}
			if (x->contract_kind >= 0) {
				put(&t, "%s%s", sep,
				    contract_kind_names[x->contract_kind]);
				sep = ", ";
			}
			for (size_t j = 0; j < x->cpv_count; j++) {
				put(&t, "%sCPV %s", j ? " or " : sep,
				    x->cpv_prefixes[j]);
			}
			put(&t, ")\n");
		}
		if (p->cap >= 0) {
			fmt_eur(p->cap, a);
			put(&t, "  at most %s per contract\n", a);
		}
	} else if (p->hours_basis == HOURS_BASIS_VALUE) {
		fmt_c(p->hours_per_1000_eur_c, c);
		put(&t, "  %s hours of work per EUR 1,000 of contract value\n",
		    c);
	} else {
		fmt_c(p->labour_hours_bp, c);
		put(&t, "  %s%% of the contract's labour hours\n", c);
	}
	if (!eur && p->cap >= 0) {
		fmt_c(p->cap, c);
		put(&t, "  at most %s hours per contract\n", c);
	}
	put(&t, "  comply or explain: %s\n",
	    p->comply_or_explain ? "a consultant may deviate with a reason"
				 : "no deviation");
	put(&t, "  PSO discount (when the certificate covers the whole term):");
	static const char *const rung[PSO_RUNGS] = {"aspirant", "rung 1",
						    "rung 2", "rung 3"};
	for (int r = 0; r < PSO_RUNGS; r++) {
		fmt_c(p->pso_discount_bp[r], c);
		put(&t, "%s %s %s%%", r ? "," : "", rung[r], c);
	}
	put(&t, "\n");

	fmt_c(p->full_time_hours_c, c);
	put(&t, "\nBuilding blocks (full time is %s hours a week)\n", c);
	for (size_t i = 0; i < p->block_count; i++) {
		const struct block *b = &p->blocks[i];
		put(&t, "  %-28s %-10s %s\n", b->id,
		    activity_kind_name(b->kind), b->label);
		put(&t, "  %-28s %-10s ", "", "");
		put_value(&t, p, b);
		if (b->value.rule == RULE_PER_YEAR ||
		    b->value.rule == RULE_HOURS_WORKED) {
			if (b->max_months >= 0)
				put(&t, "; counts at most %d months",
				    b->max_months);
			else
				put(&t, "; no maximum period");
		}
		put_groups(&t, "; for ", b->target_groups);
		put_groups(&t, "; who are also one of ", b->requires_one_of);
		if (b->has_levels) {
			if (b->level_max >= b->level_min && b->level_min > 0)
				put(&t, "; mbo level %d-%d", b->level_min,
				    b->level_max);
			if (b->level_hbo)
				put(&t, "; hbo");
		}
		if (b->min_age >= 0)
			put(&t, "; age at start >= %d", b->min_age);
		if (b->max_age >= 0)
			put(&t, "; age at start <= %d", b->max_age);
		if (b->by_name_only)
			put(&t, "; only for an activity that names it");
		put(&t, "\n");
	}
	if (p->bonus_count)
		put(&t,
		    "\nBonuses (on top of the block, counted the same way)\n");
	for (size_t i = 0; i < p->bonus_count; i++) {
		const struct bonus *x = &p->bonuses[i];
		fmt_eur(x->rule == RULE_PER_YEAR ? x->per_year_cents
						 : x->fixed_cents,
			a);
		put(&t, "  %-28s +%s %s: %s (", x->id, a,
		    x->rule == RULE_PER_YEAR ? "a year" : "once", x->label);
		const char *sep = "";
		for (int k = 0; k < ACTIVITY_KIND_COUNT; k++)
			if (x->kinds & (1u << k)) {
				put(&t, "%s%s", sep, activity_kind_names[k]);
				sep = "/";
			}
		if (x->min_age >= 0)
			put(&t, "; age at start >= %d", x->min_age);
		put_groups(&t, "; for ", x->target_groups);
		if (x->min_prior_internship_c >= 0) {
			fmt_c(x->min_prior_internship_c, c);
			put(&t, "; after an internship of >= %s months", c);
		}
		if (x->requires_permanent)
			put(&t, "; permanent contract");
		put(&t, ")\n");
	}
	if (p->hired_before_start_max_months >= 0)
		put(&t,
		    "A hire up to %d months before the contract start may "
		    "count.\n",
		    p->hired_before_start_max_months);

	fmt_c(p->withhold_bp, c);
	put(&t,
	    "\nSettlement: after a recovery period of %d months, %s%% of "
	    "the shortfall is withheld%s.\n",
	    p->recovery_months, c,
	    p->best_efforts_exemption ? ", unless the supplier showed best "
					"efforts"
				      : "");
	if (!eur) {
		fmt_eur(p->penalty_cents_per_hour, a);
		put(&t, "  each missing hour costs %s\n", a);
	}
	if (p->has_prequalification) {
		put(&t, "Pre-qualification:");
		if (p->prequal_min_pso_rung >= 0)
			put(&t, " PSO rung >= %d", p->prequal_min_pso_rung);
		if (p->prequal_min_realisation_bp >= 0) {
			fmt_c(p->prequal_min_realisation_bp, c);
			put(&t,
			    "%s realisation >= %s%% on contracts ended in the "
			    "last %d years",
			    p->prequal_min_pso_rung >= 0 ? " or" : "", c,
			    p->prequal_lookback_years);
		}
		put(&t, "\n");
	} else {
		put(&t, "Pre-qualification: none\n");
	}
	put(&t, "Proposal deadline: %d days", p->proposal_deadline_days);
	if (p->identity_retention_months >= 0)
		put(&t, "; identities kept %d months",
		    p->identity_retention_months);
	if (p->reference_value_cents >= 0) {
		fmt_eur(p->reference_value_cents, a);
		put(&t, "; reference value %s per person-year", a);
	}
	put(&t, "\n");
	if (t.oom) {
		free(t.buf);
		return NULL;
	}
	return t.buf;
}
