/* obligation.c: applicability, the obligation and pre-qualification. */
#include "domain/obligation.h"

#include <stdio.h>
#include <string.h>

#include "domain/months.h"

void contract_terms_init(struct contract_terms *c)
{
	memset(c, 0, sizeof *c);
	c->labour_share_bp = -1;
	c->labour_hours_c = -1;
	c->pso_rung = -1;
	c->deviation_bp = -1;
}

static bool cpv_has_prefix(const char *cpv, const char *prefix)
{
	return cpv && strncmp(cpv, prefix, strlen(prefix)) == 0;
}

static void fmt_eur(int64_t cents, char *out, size_t size)
{
	snprintf(out, size, "EUR %lld.%02lld", (long long)(cents / 100),
		 (long long)(cents % 100));
}

/* Applicability by the rules; fills o->by_rules and o->reason. */
static void check_rules(const struct policy *p, const struct contract_terms *c,
			struct obligation *o)
{
	const struct threshold *th = &p->thresholds[c->kind];
	const char *kind = contract_kind_name(c->kind);
	char amount[48];
	o->term_months = months_of_period(c->start, c->end);
	if (!th->applies) {
		snprintf(o->reason, sizeof o->reason,
			 "the policy sets no obligation for %s", kind);
		return;
	}
	fmt_eur(th->amount_cents, amount, sizeof amount);
	bool above = c->value_cents > th->amount_cents ||
		     (th->inclusive && c->value_cents == th->amount_cents);
	if (!above) {
		snprintf(o->reason, sizeof o->reason,
			 "the value is not %s the threshold of %s for %s",
			 th->inclusive ? "at or above" : "above", amount, kind);
		return;
	}
	if (p->min_term_months >= 0 &&
	    o->term_months < months_whole(p->min_term_months)) {
		snprintf(o->reason, sizeof o->reason,
			 "the term is shorter than %d months",
			 p->min_term_months);
		return;
	}
	for (size_t i = 0; i < p->excluded_cpv_count; i++)
		if (cpv_has_prefix(c->cpv, p->excluded_cpv[i])) {
			snprintf(o->reason, sizeof o->reason,
				 "CPV code %s is excluded (prefix %s)", c->cpv,
				 p->excluded_cpv[i]);
			return;
		}
	o->by_rules = true;
	snprintf(o->reason, sizeof o->reason,
		 "the value is %s the threshold of %s for %s",
		 th->inclusive ? "at or above" : "above", amount, kind);
}

static int matching_exception(const struct policy *p,
			      const struct contract_terms *c)
{
	for (size_t i = 0; i < p->exception_count; i++) {
		const struct pct_exception *x = &p->exceptions[i];
		if (x->labour_share_below_bp >= 0 &&
		    !(c->labour_share_bp >= 0 &&
		      c->labour_share_bp < x->labour_share_below_bp))
			continue;
		if (x->contract_kind >= 0 && x->contract_kind != (int)c->kind)
			continue;
		if (x->cpv_count) {
			bool any = false;
			for (size_t j = 0; j < x->cpv_count && !any; j++)
				any =
				    cpv_has_prefix(c->cpv, x->cpv_prefixes[j]);
			if (!any)
				continue;
		}
		return (int)i;
	}
	return -1;
}

bool obligation_compute(const struct policy *p, const struct contract_terms *c,
			struct obligation *out, struct sr_error *err)
{
	memset(out, 0, sizeof *out);
	out->exception = -1;
	if ((unsigned)c->kind >= CONTRACT_KIND_COUNT)
		return sr_fail(err, 422, "invalid_contract", "kind",
			       "the contract kind must be works, services or "
			       "supplies");
	if (c->end < c->start)
		return sr_fail(err, 422, "invalid_date_range", "end",
			       "the contract ends before it starts");
	if (c->value_cents < 0)
		return sr_fail(err, 422, "invalid_money", "value_cents",
			       "the contract value must not be negative");
	if (c->deviation_bp >= 0) {
		if (!p->comply_or_explain)
			return sr_fail(err, 422, "deviation_not_allowed",
				       "deviation",
				       "this policy allows no deviation from "
				       "its percentage");
		if (p->unit != POLICY_UNIT_EUR)
			return sr_fail(err, 422, "deviation_not_allowed",
				       "deviation",
				       "a deviation is a percentage; this "
				       "policy counts hours");
		if (!c->deviation_reason || !*c->deviation_reason)
			return sr_fail(err, 422, "reason_required",
				       "deviation.reason",
				       "a deviation needs its reason (comply "
				       "or explain)");
	}
	check_rules(p, c, out);
	if (!out->by_rules && c->opt_in) {
		if (!p->opt_in_allowed)
			return sr_fail(err, 422, "opt_in_not_allowed", "opt_in",
				       "this policy does not allow opting in a "
				       "contract below its threshold");
		out->opted_in = true;
		char why[200];
		snprintf(why, sizeof why, "%s", out->reason);
		if (snprintf(out->reason, sizeof out->reason,
			     "opted in by a consultant (%s)",
			     why) >= (int)sizeof out->reason)
			out->reason[sizeof out->reason - 1] = '\0';
	}
	out->applicable = out->by_rules || out->opted_in;
	if (!out->applicable)
		return true;

	/* value = num / den, kept exact until the one rounding at the end */
	__int128 num, den;
	if (p->unit == POLICY_UNIT_EUR) {
		out->exception = matching_exception(p, c);
		out->pct_bp = out->exception >= 0
				  ? p->exceptions[out->exception].pct_bp
				  : p->default_pct_bp;
		if (c->deviation_bp >= 0) {
			out->deviated = true;
			out->pct_bp = c->deviation_bp;
		}
		num = (__int128)c->value_cents * out->pct_bp;
		den = 10000;
	} else if (p->hours_basis == HOURS_BASIS_VALUE) {
		/* hundredths of an hour per EUR 1,000 = per 100000 cents */
		num = (__int128)c->value_cents * p->hours_per_1000_eur_c;
		den = 100000;
	} else {
		if (c->labour_hours_c < 0)
			return sr_fail(err, 422, "labour_hours_required",
				       "labour_hours",
				       "this policy sets a share of the "
				       "contract's labour hours: give "
				       "labour_hours");
		num = (__int128)c->labour_hours_c * p->labour_hours_bp;
		den = 10000;
	}
	if (p->cap >= 0 && num > (__int128)p->cap * den) {
		num = (__int128)p->cap * den;
		out->capped = true;
	}
	if (c->pso_rung >= 0 && c->pso_rung < PSO_RUNGS) {
		int32_t bp = p->pso_discount_bp[c->pso_rung];
		bool covers = c->has_pso_validity &&
			      c->pso_valid_from <= c->start &&
			      c->pso_valid_until >= c->end;
		if (bp == 0)
			snprintf(out->pso_note, sizeof out->pso_note,
				 "the policy gives no discount for this rung");
		else if (!covers)
			snprintf(out->pso_note, sizeof out->pso_note,
				 "no discount: the certificate's validity "
				 "does not cover the whole term");
		else {
			out->pso_applied = true;
			out->pso_discount_bp = bp;
			num *= 10000 - bp;
			den *= 10000;
			snprintf(out->pso_note, sizeof out->pso_note,
				 "the certificate covers the whole term");
		}
	}
	out->value = exact_round_div(num, den);
	return true;
}

static json_t *json_hundredths(int64_t v)
{
	if (v % 100 == 0)
		return json_integer(v / 100);
	return json_real((double)v / 100.0);
}

json_t *obligation_explain(const struct policy *p,
			   const struct contract_terms *c,
			   const struct obligation *o)
{
	json_t *e = json_object();
	if (!e)
		return NULL;
	const struct threshold *th = &p->thresholds[c->kind];
	json_object_set_new(e, "applicable", json_boolean(o->applicable));
	json_object_set_new(e, "reason", json_string(o->reason));
	json_object_set_new(e, "contract_kind",
			    json_string(contract_kind_name(c->kind)));
	if (th->applies)
		json_object_set_new(e, "threshold",
				    json_pack("{s:I,s:b}", "amount_cents",
					      (json_int_t)th->amount_cents,
					      "inclusive", th->inclusive));
	else
		json_object_set_new(e, "threshold", json_null());
	/* months as a number: whole, or rounded to four decimals */
	if (o->term_months % MONTHS_UNIT == 0)
		json_object_set_new(e, "term_months",
				    json_integer(o->term_months / MONTHS_UNIT));
	else
		json_object_set_new(
		    e, "term_months",
		    json_real((double)exact_round_div((__int128)o->term_months *
							  10000,
						      MONTHS_UNIT) /
			      10000.0));
	if (o->opted_in)
		json_object_set_new(e, "opted_in", json_true());
	if (!o->applicable)
		return e;
	if (p->unit == POLICY_UNIT_EUR) {
		json_object_set_new(e, "value_cents",
				    json_integer(c->value_cents));
		json_object_set_new(e, "pct", json_hundredths(o->pct_bp));
		if (o->deviated) {
			json_object_set_new(e, "pct_source",
					    json_string("deviation"));
			json_object_set_new(e, "deviation_reason",
					    json_string(c->deviation_reason));
		} else if (o->exception >= 0) {
			json_object_set_new(e, "pct_source",
					    json_string("exception"));
			json_object_set_new(
			    e, "exception",
			    json_string(p->exceptions[o->exception].label));
		} else {
			json_object_set_new(e, "pct_source",
					    json_string("default"));
		}
		json_object_set_new(e, "cap_cents",
				    p->cap >= 0 ? json_integer(p->cap)
						: json_null());
	} else if (p->hours_basis == HOURS_BASIS_VALUE) {
		json_object_set_new(e, "value_cents",
				    json_integer(c->value_cents));
		json_object_set_new(e, "hours_per_1000_eur",
				    json_hundredths(p->hours_per_1000_eur_c));
		json_object_set_new(e, "cap_hours",
				    p->cap >= 0 ? json_hundredths(p->cap)
						: json_null());
	} else {
		json_object_set_new(e, "labour_hours",
				    json_hundredths(c->labour_hours_c));
		json_object_set_new(e, "labour_hours_pct",
				    json_hundredths(p->labour_hours_bp));
		json_object_set_new(e, "cap_hours",
				    p->cap >= 0 ? json_hundredths(p->cap)
						: json_null());
	}
	json_object_set_new(e, "capped", json_boolean(o->capped));
	if (c->pso_rung >= 0)
		json_object_set_new(
		    e, "pso",
		    json_pack("{s:i,s:o,s:b,s:s}", "rung", c->pso_rung,
			      "discount_pct",
			      json_hundredths(p->pso_discount_bp[c->pso_rung]),
			      "applied", o->pso_applied, "note", o->pso_note));
	json_object_set_new(e, "rounding",
			    json_string("half up, once, after the cap and the "
					"PSO discount"));
	return e;
}

void obligation_prequalify(const struct policy *p, int pso_rung,
			   bool pso_valid_on_award,
			   const struct past_contract *past, size_t count,
			   sr_date award_date, struct prequalification *out)
{
	memset(out, 0, sizeof *out);
	if (!p->has_prequalification) {
		out->passes = true;
		snprintf(out->reason, sizeof out->reason,
			 "the policy has no pre-qualification");
		return;
	}
	out->required = true;
	if (p->prequal_min_pso_rung >= 0 &&
	    pso_rung >= p->prequal_min_pso_rung && pso_valid_on_award) {
		out->passes = true;
		snprintf(out->reason, sizeof out->reason,
			 "PSO rung %d with a valid certificate (at least %d "
			 "asked)",
			 pso_rung, p->prequal_min_pso_rung);
		return;
	}
	if (p->prequal_min_realisation_bp >= 0) {
		sr_date since = date_add_months(
		    award_date, -12 * p->prequal_lookback_years);
		__int128 obligation = 0, accepted = 0;
		for (size_t i = 0; i < count; i++)
			if (past[i].end > since && past[i].end <= award_date &&
			    past[i].obligation > 0) {
				obligation += past[i].obligation;
				accepted += past[i].accepted;
			}
		if (obligation == 0) {
			out->passes = true;
			snprintf(out->reason, sizeof out->reason,
				 "no contract with an obligation ended in the "
				 "last %d years",
				 p->prequal_lookback_years);
			return;
		}
		int64_t tenths = exact_round_div(accepted * 1000, obligation);
		out->passes = accepted * 10000 >=
			      obligation * p->prequal_min_realisation_bp;
		snprintf(
		    out->reason, sizeof out->reason,
		    "realised %lld.%lld%% on contracts ended in the last %d "
		    "years (at least %d.%02d%% asked)",
		    (long long)(tenths / 10), (long long)(tenths % 10),
		    p->prequal_lookback_years,
		    p->prequal_min_realisation_bp / 100,
		    p->prequal_min_realisation_bp % 100);
		return;
	}
	snprintf(out->reason, sizeof out->reason,
		 "PSO rung %d or higher with a valid certificate is asked",
		 p->prequal_min_pso_rung);
}
