/*
 * valuation.c: block selection, counted months, double counting and the value
 * of each activity (the rules are in valuation.h and docs/policies.md).
 *
 * valuation_run() works in four passes: (1) the block and the part of the
 * period within the term; (2) the candidates' period activities sorted by
 * candidate, start date, input order, and the realisations elsewhere by
 * candidate; (3) per candidate in that order, the double-counting check
 * against what already counts (its earlier activities here and its own
 * entries elsewhere, found by binary search), then the maximum counting
 * period; (4) the value, rounded once. Apart from sorting, the work grows
 * with the number of activities: only one candidate's own activities and
 * entries elsewhere are compared with each other.
 */
#include "domain/valuation.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/months.h"
#include "domain/target_groups.h"

void activity_init(struct activity *a)
{
	memset(a, 0, sizeof *a);
	a->kind = ACTIVITY_HIRE;
	a->hours_per_week_c = -1;
	a->age_at_start = -1;
	a->prior_internship_c = -1;
	a->invoice_cents = -1;
	a->hours_c = -1;
	a->amount_cents = -1;
	a->status = REALISATION_ACCEPTED;
}

const char *refusal_code(enum refusal r)
{
	switch (r) {
	case REFUSAL_NOT_ELIGIBLE:
		return "not_eligible";
	case REFUSAL_OUTSIDE_TERM:
		return "outside_term";
	case REFUSAL_DOUBLE_COUNTING:
		return "double_counting";
	case REFUSAL_NONE:
		break;
	}
	return NULL;
}

/* --- block selection --------------------------------------------------------
 */

static bool level_fits(const struct block *b, int level)
{
	if (!b->has_levels)
		return true;
	if (level == LEVEL_HBO)
		return b->level_hbo;
	return level >= 1 && level <= 4 && level >= b->level_min &&
	       level <= b->level_max;
}

/* NULL when b fits a, otherwise what does not fit (for the message). Inputs
 * a rule needs start with "needs". */
static const char *block_misfit(const struct block *b, const struct activity *a)
{
	if (b->kind != a->kind)
		return "kind";
	if (b->target_groups && !(a->target_groups & b->target_groups))
		return "target groups";
	if (b->requires_one_of && !(a->target_groups & b->requires_one_of))
		return "target groups";
	if (!level_fits(b, a->level))
		return "level";
	if (b->min_age >= 0 &&
	    (a->age_at_start < 0 || a->age_at_start < b->min_age))
		return "age at start";
	if (b->max_age >= 0 &&
	    (a->age_at_start < 0 || a->age_at_start > b->max_age))
		return "age at start";
	int32_t bp;
	switch (b->value.rule) {
	case RULE_PER_YEAR:
	case RULE_HOURS_WORKED:
		if (!a->has_period || a->hours_per_week_c < 0)
			return "needs a period and hours_per_week";
		break;
	case RULE_PER_HOUR:
		if (a->hours_c < 0)
			return "needs hours";
		break;
	case RULE_INVOICE_SHARE:
		if (!policy_block_share(b, a->supplier_category, &bp))
			return "supplier category";
		if (a->invoice_cents < 0)
			return "needs invoice_cents";
		break;
	case RULE_COSTS_INCURRED:
		if (a->amount_cents < 0)
			return "needs amount_cents";
		break;
	case RULE_FIXED:
		break;
	}
	return NULL;
}

/* The better of two fitting blocks: the highest annual value, the first in
 * the table on a tie (and for rules without an annual value). */
static bool better_block(const struct block *cand, const struct block *best)
{
	return cand->value.rule == RULE_PER_YEAR &&
	       best->value.rule == RULE_PER_YEAR &&
	       cand->value.per_year_cents > best->value.per_year_cents;
}

int valuation_select_block(const struct policy *p, const struct activity *a,
			   char *why, size_t size)
{
	int best = -1, named = -1, first_misfit = -1;
	const char *misfit = NULL;
	for (size_t i = 0; i < p->block_count; i++) {
		const struct block *b = &p->blocks[i];
		if (a->block ? strcmp(b->id, a->block) != 0 : b->by_name_only)
			continue;
		named = (int)i;
		const char *r = block_misfit(b, a);
		if (r) {
			if (!misfit && (b->kind == a->kind || a->block)) {
				misfit = r;
				first_misfit = (int)i;
			}
			continue;
		}
		if (best < 0 || better_block(b, &p->blocks[best]))
			best = (int)i;
	}
	if (best >= 0)
		return best;
	const char *kind = activity_kind_name(a->kind);
	if (a->block && named < 0)
		snprintf(why, size, "block %s is not in this policy", a->block);
	else if (a->block && strcmp(misfit, "kind") == 0)
		snprintf(
		    why, size, "block %s is a %s block; this activity is a %s",
		    a->block, activity_kind_name(p->blocks[named].kind), kind);
	else if (!misfit)
		snprintf(why, size, "the policy has no %s block", kind);
	else if (strncmp(misfit, "needs", 5) == 0)
		snprintf(why, size, "no block of the policy fits: block %s %s",
			 p->blocks[first_misfit].id, misfit);
	else if (a->block)
		snprintf(why, size, "block %s does not fit this activity's %s",
			 a->block, misfit);
	else
		snprintf(why, size,
			 "no %s block of the policy fits this activity's "
			 "target groups and conditions",
			 kind);
	return -1;
}

static bool bonus_applies(const struct bonus *x, const struct block *b,
			  const struct activity *a)
{
	if (!(x->kinds & (1u << a->kind)))
		return false;
	if (x->blocks) {
		bool listed = false;
		for (size_t i = 0; i < x->block_count && !listed; i++)
			listed = strcmp(x->blocks[i], b->id) == 0;
		if (!listed)
			return false;
	}
	if (x->min_age >= 0 &&
	    (a->age_at_start < 0 || a->age_at_start < x->min_age))
		return false;
	if (x->target_groups && !(a->target_groups & x->target_groups))
		return false;
	if (x->min_prior_internship_c >= 0 &&
	    (a->prior_internship_c < 0 ||
	     a->prior_internship_c < x->min_prior_internship_c))
		return false;
	if (x->requires_permanent && !a->permanent_contract)
		return false;
	return true;
}

/* --- input checks
 * ------------------------------------------------------------- */

static bool check_input(const struct activity *a, struct sr_error *err)
{
	const char *id = a->id ? a->id : "";
	if ((unsigned)a->kind >= ACTIVITY_KIND_COUNT)
		return sr_fail(err, 422, "invalid_activity", id,
			       "activity %s has an unknown kind", id);
	if (activity_kind_has_period(a->kind)) {
		if (!a->has_period)
			return sr_fail(err, 422, "invalid_activity", id,
				       "activity %s (%s) needs start and end",
				       id, activity_kind_name(a->kind));
		if (a->hours_per_week_c <= 0)
			return sr_fail(err, 422, "invalid_activity", id,
				       "activity %s (%s) needs hours_per_week "
				       "above 0",
				       id, activity_kind_name(a->kind));
		if (!a->candidate || !*a->candidate)
			return sr_fail(err, 422, "invalid_activity", id,
				       "activity %s (%s) needs its candidate",
				       id, activity_kind_name(a->kind));
	}
	if (a->has_period && a->end < a->start)
		return sr_fail(err, 422, "invalid_date_range", id,
			       "activity %s ends before it starts", id);
	if (a->hours_per_week_c > 16800)
		return sr_fail(err, 422, "invalid_activity", id,
			       "activity %s has more than 168 hours a week",
			       id);
	if (a->invoice_cents < -1 || a->amount_cents < -1 || a->hours_c < -1)
		return sr_fail(err, 422, "invalid_activity", id,
			       "activity %s has a negative amount", id);
	if (a->invoice_cents > INT64_C(100000000000000) ||
	    a->amount_cents > INT64_C(100000000000000) ||
	    a->hours_c > INT64_C(100000000000))
		return sr_fail(err, 422, "invalid_activity", id,
			       "activity %s has an amount beyond any contract",
			       id);
	return true;
}

/* --- the candidates' order and double counting
 * -------------------------------- */

struct slot {
	const struct activity *a;
	size_t index;
};

static int compare_slots(const void *x, const void *y)
{
	const struct slot *s = x, *t = y;
	int c = strcmp(s->a->candidate, t->a->candidate);
	if (c)
		return c;
	if (s->a->start != t->a->start)
		return s->a->start < t->a->start ? -1 : 1;
	if (s->a->order != t->a->order)
		return s->a->order < t->a->order ? -1 : 1;
	return s->index < t->index ? -1 : s->index > t->index;
}

/* A counted_elsewhere entry in the order of candidate, then input: one
 * candidate's entries are found by binary search, in input order. */
struct other {
	const struct counted_elsewhere *e;
	size_t index;
};

static int compare_others(const void *x, const void *y)
{
	const struct other *s = x, *t = y;
	int c = strcmp(s->e->candidate, t->e->candidate);
	if (c)
		return c;
	return s->index < t->index ? -1 : s->index > t->index;
}

/* The first of others[0..count) whose candidate is not below candidate. */
static size_t others_lower_bound(const struct other *others, size_t count,
				 const char *candidate)
{
	size_t lo = 0, hi = count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(others[mid].e->candidate, candidate) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* An earlier counted period of the same candidate. */
struct span {
	sr_date start, end;
	int64_t hours_c;
	int64_t order;
	const struct activity *activity;	   /* on this contract */
	const struct counted_elsewhere *elsewhere; /* or elsewhere */
};

static void format_hours(int64_t c, char *out, size_t size)
{
	if (c % 100 == 0)
		snprintf(out, size, "%lld", (long long)(c / 100));
	else
		snprintf(out, size, "%lld.%02lld", (long long)(c / 100),
			 (long long)(c % 100));
}

/* Refuses v when a's hours a week, added to the spans covering any of its
 * days, exceed full time. The sum only rises where a span starts, so the
 * days to look at are a's start and the starts of spans inside a. */
static void check_double_counting(const struct activity *a,
				  struct activity_value *v, int64_t full_time,
				  const struct span *spans, size_t count)
{
	/* d = -1 looks at a's start, d = i at the start of spans[i] */
	for (ptrdiff_t d = -1; d < (ptrdiff_t)count; d++) {
		sr_date day = d < 0 ? a->start : spans[d].start;
		if (d >= 0 && (day <= a->start || day > a->end))
			continue;
		int64_t sum = 0;
		const struct span *first = NULL;
		for (size_t i = 0; i < count; i++) {
			const struct span *s = &spans[i];
			if (s->start > day || s->end < day)
				continue;
			sum += s->hours_c;
			if (!first || s->start < first->start ||
			    (s->start == first->start &&
			     s->order < first->order))
				first = s;
		}
		if (!first || sum + a->hours_per_week_c <= full_time)
			continue;
		char h1[24], h2[24], ft[24];
		format_hours(sum, h1, sizeof h1);
		format_hours(a->hours_per_week_c, h2, sizeof h2);
		format_hours(full_time, ft, sizeof ft);
		v->refusal = REFUSAL_DOUBLE_COUNTING;
		if (first->activity) {
			v->conflict_activity = first->activity->id;
			snprintf(v->message, sizeof v->message,
				 "candidate %s is already counted by activity "
				 "%s for overlapping dates (%s + %s hours a "
				 "week exceed full time, %s)",
				 a->candidate_label ? a->candidate_label
						    : a->candidate,
				 first->activity->id, h1, h2, ft);
		} else if (first->elsewhere->contract) {
			v->conflict_contract = first->elsewhere->contract;
			snprintf(v->message, sizeof v->message,
				 "this person is already counted on contract "
				 "%s for overlapping dates (%s + %s hours a "
				 "week exceed full time, %s)",
				 first->elsewhere->contract, h1, h2, ft);
		} else {
			v->conflict_elsewhere = true;
			snprintf(v->message, sizeof v->message,
				 "this person is already counted elsewhere in "
				 "the region for overlapping dates");
		}
		return;
	}
}

/* --- the value
 * ------------------------------------------------------------------ */

static int64_t rule_value(const struct policy *p, const struct block *b,
			  const struct activity *a, struct activity_value *v)
{
	const struct block_value *bv = &b->value;
	bool eur = p->unit == POLICY_UNIT_EUR;
	int32_t bp = 0;
	switch (bv->rule) {
	case RULE_PER_YEAR:
	case RULE_HOURS_WORKED: {
		int64_t q = v->counted_months;
		if (v->q_in_days)
			q = months_day_units_of_first(v->first, v->last, q);
		if (q == 0)
			return 0;
		return exact_round_div((__int128)v->rate_num * q, v->rate_den) +
		       v->fixed_part;
	}
	case RULE_PER_HOUR:
		return exact_round_div((__int128)a->hours_c * bv->per_hour,
				       100);
	case RULE_INVOICE_SHARE:
		policy_block_share(b, a->supplier_category, &bp);
		if (eur)
			return exact_round_div((__int128)a->invoice_cents * bp,
					       10000);
		return exact_round_div((__int128)a->invoice_cents * bp,
				       (__int128)100 * bv->cents_per_hour);
	case RULE_COSTS_INCURRED:
		if (eur)
			return a->amount_cents;
		return exact_round_div((__int128)a->amount_cents * 100,
				       bv->cents_per_hour);
	case RULE_FIXED:
		return bv->fixed;
	}
	return 0;
}

static void value_activity(const struct policy *p, const struct activity *a,
			   struct activity_value *v)
{
	const struct block *b = &p->blocks[v->block];
	const struct block_value *bv = &b->value;
	int64_t bonus_year = 0, bonus_fixed = 0;
	for (size_t i = 0; p->unit == POLICY_UNIT_EUR && i < p->bonus_count;
	     i++) {
		const struct bonus *x = &p->bonuses[i];
		if (!bonus_applies(x, b, a))
			continue;
		/* A per-year bonus is pro rata like its block, so it needs a
		 * block valued per year. */
		if (x->rule == RULE_PER_YEAR && bv->rule != RULE_PER_YEAR)
			continue;
		v->bonuses |= UINT64_C(1) << i;
		if (x->rule == RULE_PER_YEAR)
			bonus_year += x->per_year_cents;
		else
			bonus_fixed += x->fixed_cents;
	}
	v->period_rule =
	    bv->rule == RULE_PER_YEAR || bv->rule == RULE_HOURS_WORKED;
	v->full_time_c = policy_block_full_time(p, b);
	if (bv->rule == RULE_PER_YEAR) {
		int64_t h = a->hours_per_week_c;
		if (h > v->full_time_c) {
			h = v->full_time_c;
			v->capped_by_full_time = true;
		}
		v->hours_per_week_c = h;
		v->rate_num = (bv->per_year_cents + bonus_year) * h;
		v->rate_den = 12 * v->full_time_c * MONTHS_UNIT;
		v->fixed_part = bonus_fixed;
	} else if (bv->rule == RULE_HOURS_WORKED) {
		v->hours_per_week_c = a->hours_per_week_c;
		v->rate_num = a->hours_per_week_c;
		v->rate_den = 7 * MONTHS_UNIT;
		v->q_in_days = true;
	} else {
		v->hours_per_week_c = a->hours_per_week_c;
	}
	int64_t value = rule_value(p, b, a, v);
	if (!v->period_rule)
		value += bonus_fixed;
	if (bv->max_value >= 0 && value > bv->max_value) {
		value = bv->max_value;
		v->capped_value = true;
	}
	v->value = value;
}

static void refuse(struct activity_value *v, enum refusal r, const char *fmt,
		   ...) __attribute__((format(printf, 3, 4)));

static void refuse(struct activity_value *v, enum refusal r, const char *fmt,
		   ...)
{
	v->refusal = r;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(v->message, sizeof v->message, fmt, ap);
	va_end(ap);
}

/* Pass 1: the block and the period within the term. */
static void place_activity(const struct policy *p,
			   const struct contract_terms *c,
			   const struct activity *a, struct activity_value *v)
{
	char why[200];
	v->block = valuation_select_block(p, a, why, sizeof why);
	if (v->block < 0) {
		refuse(v, REFUSAL_NOT_ELIGIBLE, "%s", why);
		return;
	}
	const struct block *b = &p->blocks[v->block];
	uint32_t matched = a->target_groups & b->target_groups;
	v->target_group = target_group_first(matched);
	if (!a->has_period)
		return;
	char s[SR_DATE_TEXT_LEN], e[SR_DATE_TEXT_LEN];
	sr_date first = a->start > c->start ? a->start : c->start;
	sr_date last = a->end < c->end ? a->end : c->end;
	if (first > last) {
		date_format(c->start, s);
		date_format(c->end, e);
		refuse(v, REFUSAL_OUTSIDE_TERM,
		       "no day of it falls in the contract term %s to %s", s,
		       e);
		return;
	}
	if (activity_kind_has_period(a->kind) &&
	    p->hired_before_start_max_months >= 0 &&
	    a->start <
		date_add_months(c->start, -p->hired_before_start_max_months)) {
		date_format(c->start, s);
		refuse(v, REFUSAL_OUTSIDE_TERM,
		       "it started more than %d months before the contract "
		       "start %s",
		       p->hired_before_start_max_months, s);
		return;
	}
	if (!activity_kind_has_period(a->kind))
		return; /* a dated purchase or cost: in the term, counted whole
			 */
	v->has_counted_period = true;
	v->first = first;
	v->last = last;
	v->cut_by_term = first > a->start || last < a->end;
	v->months_in_term = months_of_period(first, last);
	v->counted_months = v->months_in_term;
}

static bool is_counted(const struct activity *a, const struct activity_value *v)
{
	return v->refusal == REFUSAL_NONE && a->status != REALISATION_REJECTED;
}

bool valuation_run(const struct policy *p, const struct contract_terms *c,
		   const struct activity *acts, size_t n,
		   const struct counted_elsewhere *elsewhere, size_t m,
		   struct activity_value *out, struct sr_error *err)
{
	for (size_t i = 0; i < n; i++)
		if (!check_input(&acts[i], err))
			return false;
	if (c->end < c->start)
		return sr_fail(err, 422, "invalid_date_range", "end",
			       "the contract ends before it starts");
	for (size_t i = 0; i < n; i++) {
		memset(&out[i], 0, sizeof out[i]);
		out[i].block = -1;
		out[i].target_group = -1;
		place_activity(p, c, &acts[i], &out[i]);
	}

	/* Pass 2: the period activities that may count, by candidate, and the
	 * counted realisations elsewhere by candidate. */
	struct slot *slots = n ? malloc(n * sizeof *slots) : NULL;
	struct span *spans = malloc((n + m + 1) * sizeof *spans);
	struct other *others = m ? malloc(m * sizeof *others) : NULL;
	if ((n && !slots) || !spans || (m && !others)) {
		free(slots);
		free(spans);
		free(others);
		return sr_fail(err, 500, "out_of_memory", "",
			       "out of memory while valuing activities");
	}
	size_t ns = 0;
	for (size_t i = 0; i < n; i++)
		if (out[i].has_counted_period)
			slots[ns++] = (struct slot){&acts[i], i};
	if (ns > 1)
		qsort(slots, ns, sizeof *slots, compare_slots);
	size_t no = 0;
	for (size_t j = 0; j < m; j++)
		if (elsewhere[j].candidate)
			others[no++] = (struct other){&elsewhere[j], j};
	if (no > 1)
		qsort(others, no, sizeof *others, compare_others);

	/* Pass 3: per candidate, double counting then the maximum period. */
	for (size_t g = 0; g < ns;) {
		size_t end = g;
		while (end < ns && strcmp(slots[end].a->candidate,
					  slots[g].a->candidate) == 0)
			end++;
		int64_t used = 0;
		size_t o_first =
		    others_lower_bound(others, no, slots[g].a->candidate);
		size_t o_end = o_first;
		while (o_end < no && strcmp(others[o_end].e->candidate,
					    slots[g].a->candidate) == 0)
			o_end++;
		for (size_t k = g; k < end; k++) {
			const struct activity *a = slots[k].a;
			struct activity_value *v = &out[slots[k].index];
			size_t count = 0;
			for (size_t j = g; j < k; j++) {
				const struct activity *e = slots[j].a;
				if (is_counted(e, &out[slots[j].index]))
					spans[count++] =
					    (struct span){e->start,
							  e->end,
							  e->hours_per_week_c,
							  e->order,
							  e,
							  NULL};
			}
			for (size_t j = o_first; j < o_end; j++) {
				const struct counted_elsewhere *e = others[j].e;
				if (e->start > a->start ||
				    (e->start == a->start &&
				     e->order >= a->order))
					continue;
				spans[count++] = (struct span){
				    e->start, e->end, e->hours_per_week_c,
				    e->order, NULL,   e};
			}
			const struct block *b = &p->blocks[v->block];
			check_double_counting(
			    a, v, policy_block_full_time(p, b), spans, count);
			if (v->refusal != REFUSAL_NONE) {
				v->has_counted_period = false;
				continue;
			}
			v->months_before = used;
			if (b->max_months >= 0) {
				int64_t room =
				    months_whole(b->max_months) - used;
				if (room < 0)
					room = 0;
				if (v->counted_months > room) {
					v->counted_months = room;
					v->cut_by_max = true;
				}
			}
			if (a->status != REALISATION_REJECTED)
				used += v->counted_months;
		}
		g = end;
	}
	free(slots);
	free(spans);
	free(others);

	/* Pass 4: the value. */
	for (size_t i = 0; i < n; i++)
		if (out[i].refusal == REFUSAL_NONE)
			value_activity(p, &acts[i], &out[i]);
	return true;
}

int64_t valuation_value_until(const struct activity *a,
			      const struct activity_value *v, sr_date day)
{
	if (v->refusal != REFUSAL_NONE)
		return 0;
	if (!v->has_counted_period)
		return a->has_period && day < a->start ? 0 : v->value;
	if (day < v->first)
		return 0;
	if (day >= v->last || !v->period_rule)
		return v->value;
	int64_t months = months_of_period(v->first, day);
	if (months >= v->counted_months)
		return v->value;
	int64_t q = v->q_in_days
			? months_day_units_of_first(v->first, v->last, months)
			: months;
	if (q == 0)
		return 0;
	int64_t value =
	    exact_round_div((__int128)v->rate_num * q, v->rate_den) +
	    v->fixed_part;
	return value < v->value ? value : v->value;
}

/* --- the explanation
 * ------------------------------------------------------------ */

static json_t *json_hundredths(int64_t v)
{
	if (v % 100 == 0)
		return json_integer(v / 100);
	return json_real((double)v / 100.0);
}

/* A month count as a number with at most four decimals. */
static json_t *json_months(int64_t units)
{
	if (units % MONTHS_UNIT == 0)
		return json_integer(units / MONTHS_UNIT);
	int64_t t = exact_round_div((__int128)units * 10000, MONTHS_UNIT);
	return json_real((double)t / 10000.0);
}

static json_t *json_period(sr_date first, sr_date last)
{
	char s[SR_DATE_TEXT_LEN], e[SR_DATE_TEXT_LEN];
	date_format(first, s);
	date_format(last, e);
	return json_pack("{s:s,s:s}", "start", s, "end", e);
}

static void explain_period(const struct policy *p, const struct activity *a,
			   const struct activity_value *v, json_t *e)
{
	const struct block *b = &p->blocks[v->block];
	char text[48];
	json_object_set_new(e, "period", json_period(a->start, a->end));
	json_object_set_new(e, "counted_period",
			    json_period(v->first, v->last));
	json_object_set_new(e, "months", json_months(v->months_in_term));
	months_format_fraction(v->months_in_term, text, sizeof text);
	if (strchr(text, '/'))
		json_object_set_new(e, "months_exact", json_string(text));
	json_object_set_new(e, "max_months",
			    b->max_months >= 0 ? json_integer(b->max_months)
					       : json_null());
	json_object_set_new(e, "months_counted_before",
			    json_months(v->months_before));
	json_object_set_new(e, "counted_months",
			    json_months(v->counted_months));
	months_format_fraction(v->counted_months, text, sizeof text);
	if (strchr(text, '/'))
		json_object_set_new(e, "counted_months_exact",
				    json_string(text));
	json_object_set_new(e, "hours_per_week",
			    json_hundredths(a->hours_per_week_c));
	json_object_set_new(e, "full_time_hours",
			    json_hundredths(v->full_time_c));
	if (b->value.rule == RULE_PER_YEAR) {
		/* FTE as an exact fraction and a rounded number */
		int64_t num = v->hours_per_week_c, den = v->full_time_c;
		int64_t x = num, y = den;
		while (y) {
			int64_t t = x % y;
			x = y;
			y = t;
		}
		if (x == 0)
			x = 1;
		if (den / x == 1)
			snprintf(text, sizeof text, "%lld",
				 (long long)(num / x));
		else
			snprintf(text, sizeof text, "%lld/%lld",
				 (long long)(num / x), (long long)(den / x));
		int64_t t = exact_round_div((__int128)num * 10000, den);
		json_object_set_new(e, "fte",
				    t % 10000 == 0
					? json_integer(t / 10000)
					: json_real((double)t / 10000.0));
		json_object_set_new(e, "fte_exact", json_string(text));
	}
	if (b->value.rule == RULE_HOURS_WORKED) {
		int64_t du = months_day_units_of_first(v->first, v->last,
						       v->counted_months);
		int64_t c = exact_round_div((__int128)du * 100, MONTHS_UNIT);
		json_object_set_new(e, "counted_days", json_hundredths(c));
	}
}

json_t *valuation_explain(const struct policy *p, const struct activity *a,
			  const struct activity_value *v)
{
	json_t *e = json_object();
	if (!e)
		return NULL;
	if (v->refusal != REFUSAL_NONE) {
		json_object_set_new(e, "refused",
				    json_string(refusal_code(v->refusal)));
		json_object_set_new(e, "reason", json_string(v->message));
		if (v->block >= 0)
			json_object_set_new(
			    e, "block", json_string(p->blocks[v->block].id));
		if (v->conflict_activity)
			json_object_set_new(e, "conflict_activity",
					    json_string(v->conflict_activity));
		if (v->conflict_contract)
			json_object_set_new(e, "conflict_contract",
					    json_string(v->conflict_contract));
		if (v->conflict_elsewhere)
			json_object_set_new(e, "conflict_elsewhere_in_region",
					    json_true());
		return e;
	}
	const struct block *b = &p->blocks[v->block];
	const struct block_value *bv = &b->value;
	bool eur = p->unit == POLICY_UNIT_EUR;
	json_object_set_new(e, "block", json_string(b->id));
	json_object_set_new(e, "block_label", json_string(b->label));
	json_object_set_new(e, "rule", json_string(value_rule_name(bv->rule)));
	if (v->target_group >= 0)
		json_object_set_new(
		    e, "target_group",
		    json_string(target_groups[v->target_group].name));
	/* the other blocks that fit, so a reader sees why this one counts */
	json_t *others = json_array();
	for (size_t i = 0; others && i < p->block_count; i++) {
		if ((int)i == v->block || block_misfit(&p->blocks[i], a) ||
		    (a->block ? strcmp(p->blocks[i].id, a->block) != 0
			      : p->blocks[i].by_name_only))
			continue;
		json_t *o = json_pack("{s:s}", "block", p->blocks[i].id);
		if (o && p->blocks[i].value.rule == RULE_PER_YEAR)
			json_object_set_new(
			    o, "per_year_cents",
			    json_integer(p->blocks[i].value.per_year_cents));
		json_array_append_new(others, o);
	}
	if (others && json_array_size(others)) {
		json_object_set_new(e, "also_fits", others);
		json_object_set_new(
		    e, "choice",
		    json_string(bv->rule == RULE_PER_YEAR
				    ? "the highest annual value; the "
				      "first in the table on a tie"
				    : "the first block in the table "
				      "that fits"));
	} else {
		json_decref(others);
	}
	switch (bv->rule) {
	case RULE_PER_YEAR:
		json_object_set_new(e, "per_year_cents",
				    json_integer(bv->per_year_cents));
		break;
	case RULE_PER_HOUR:
		json_object_set_new(e, "hours", json_hundredths(a->hours_c));
		json_object_set_new(e,
				    eur ? "per_hour_cents" : "hours_per_hour",
				    eur ? json_integer(bv->per_hour)
					: json_hundredths(bv->per_hour));
		break;
	case RULE_INVOICE_SHARE: {
		int32_t bp = 0;
		policy_block_share(b, a->supplier_category, &bp);
		json_object_set_new(e, "supplier_category",
				    json_string(a->supplier_category));
		json_object_set_new(e, "invoice_cents",
				    json_integer(a->invoice_cents));
		json_object_set_new(e, "share_pct", json_hundredths(bp));
		break;
	}
	case RULE_COSTS_INCURRED:
		json_object_set_new(e, "amount_cents",
				    json_integer(a->amount_cents));
		break;
	case RULE_FIXED:
	case RULE_HOURS_WORKED:
		break;
	}
	if (!eur && bv->cents_per_hour > 0)
		json_object_set_new(e, "cents_per_hour",
				    json_integer(bv->cents_per_hour));
	if (v->has_counted_period)
		explain_period(p, a, v, e);
	if (v->bonuses) {
		json_t *list = json_array();
		for (size_t i = 0; list && i < p->bonus_count; i++) {
			if (!(v->bonuses & (UINT64_C(1) << i)))
				continue;
			const struct bonus *x = &p->bonuses[i];
			json_array_append_new(
			    list, x->rule == RULE_PER_YEAR
				      ? json_pack("{s:s,s:I}", "id", x->id,
						  "per_year_cents",
						  (json_int_t)x->per_year_cents)
				      : json_pack("{s:s,s:I}", "id", x->id,
						  "fixed_cents",
						  (json_int_t)x->fixed_cents));
		}
		json_object_set_new(e, "bonuses", list);
	}
	json_t *caps = json_array();
	if (caps && v->cut_by_term)
		json_array_append_new(caps, json_string("contract_term"));
	if (caps && v->cut_by_max)
		json_array_append_new(caps, json_string("max_months"));
	if (caps && v->capped_by_full_time)
		json_array_append_new(caps, json_string("full_time"));
	if (caps && v->capped_value)
		json_array_append_new(caps, json_string("max_per_activity"));
	json_object_set_new(e, "caps", caps);
	if (bv->rule == RULE_PER_YEAR)
		json_object_set_new(
		    e, "formula",
		    json_string("(per_year_cents + bonuses a year) x fte x "
				"counted_months / 12, rounded half up once"));
	else if (bv->rule == RULE_HOURS_WORKED)
		json_object_set_new(
		    e, "formula",
		    json_string("hours_per_week x counted_days / 7, "
				"rounded half up to 0.01 hour"));
	return e;
}
