/* settlement.c: contract summary figures, report periods and retention. */
#include "domain/settlement.h"

#include <string.h>

#include "domain/months.h"

static void add_sum(struct status_sums *s, enum realisation_status status,
		    int64_t value)
{
	switch (status) {
	case REALISATION_ACCEPTED:
		s->accepted += value;
		break;
	case REALISATION_PENDING:
		s->pending += value;
		break;
	case REALISATION_REJECTED:
		s->rejected += value;
		break;
	}
}

void settlement_figures(const struct policy *p, const struct contract_terms *c,
			int64_t obligation, const struct activity *acts,
			const struct activity_value *values, size_t n,
			sr_date as_of, bool best_efforts,
			struct contract_figures *out)
{
	memset(out, 0, sizeof *out);
	out->obligation = obligation;
	int64_t remaining = 0;
	for (size_t i = 0; i < n; i++) {
		const struct activity *a = &acts[i];
		const struct activity_value *v = &values[i];
		int64_t whole = v->refusal == REFUSAL_NONE ? v->value : 0;
		int64_t so_far = valuation_value_until(a, v, as_of);
		add_sum(&out->full, a->status, whole);
		add_sum(&out->sums, a->status, so_far);
		if ((unsigned)a->kind < ACTIVITY_KIND_COUNT)
			add_sum(&out->by_kind[a->kind], a->status, so_far);
		int g =
		    v->target_group >= 0 ? v->target_group : TARGET_GROUP_COUNT;
		add_sum(&out->by_group[g], a->status, so_far);
		/* a placement still running (or planned) adds what is left */
		if (a->status != REALISATION_REJECTED &&
		    v->has_counted_period && v->last > as_of)
			remaining += whole - so_far;
	}
	out->forecast = out->sums.accepted + remaining;
	out->has_realisation_pct = exact_pct_tenths(
	    out->sums.accepted, obligation, &out->realisation_pct_tenths);
	out->has_forecast_pct = exact_pct_tenths(out->forecast, obligation,
						 &out->forecast_pct_tenths);
	out->shortfall = obligation > out->sums.accepted
			     ? obligation - out->sums.accepted
			     : 0;
	out->settlement_date = date_add_months(c->end, p->recovery_months);
	out->settlement_due = as_of > out->settlement_date;
	out->exempted = best_efforts && p->best_efforts_exemption;
	if (!out->settlement_due || out->exempted || out->shortfall == 0)
		return;
	if (p->unit == POLICY_UNIT_EUR)
		out->settlement_cents = exact_round_div(
		    (__int128)out->shortfall * p->withhold_bp, 10000);
	else /* hundredths of an hour x cents per hour x share */
		out->settlement_cents = exact_round_div(
		    (__int128)out->shortfall * p->penalty_cents_per_hour *
			p->withhold_bp,
		    (__int128)100 * 10000);
}

bool settlement_early_warning(const struct contract_terms *c,
			      const struct contract_figures *f, sr_date as_of)
{
	/* past half: as_of - start > (end - start) / 2, in whole days */
	bool past_half =
	    2 * ((int64_t)as_of - c->start) > (int64_t)c->end - c->start;
	bool running = as_of <= c->end;
	bool under = !f->has_forecast_pct || f->forecast_pct_tenths < 1000;
	return past_half && running && under && f->obligation > 0;
}

int64_t report_value_in_period(const struct activity *a,
			       const struct activity_value *v, sr_date from,
			       sr_date to)
{
	if (to < from)
		return 0;
	return valuation_value_until(a, v, to) -
	       valuation_value_until(a, v, from - 1);
}

bool report_quota_people_tenths(const struct policy *p, int64_t obligation,
				int64_t *tenths)
{
	if (p->reference_value_cents <= 0 || p->unit != POLICY_UNIT_EUR)
		return false;
	*tenths = exact_round_div((__int128)obligation * 10,
				  p->reference_value_cents);
	return true;
}

int64_t report_fte_permyriad(int64_t hours_per_week_c, int64_t full_time_c)
{
	if (full_time_c <= 0 || hours_per_week_c <= 0)
		return 0;
	if (hours_per_week_c > full_time_c)
		hours_per_week_c = full_time_c;
	return exact_round_div((__int128)hours_per_week_c * 10000, full_time_c);
}

sr_date retention_followup_date(sr_date hire_start, int months)
{
	return date_add_months(hire_start, months);
}

void retention_add(struct retention_tally *t, sr_date hire_start, int months,
		   enum followup_answer answer, sr_date as_of)
{
	if (retention_followup_date(hire_start, months) > as_of)
		return;
	t->due++;
	switch (answer) {
	case FOLLOWUP_YES:
		t->yes++;
		break;
	case FOLLOWUP_NO:
		t->no++;
		break;
	case FOLLOWUP_UNKNOWN:
		t->unknown++;
		break;
	}
}

bool retention_rate_tenths(const struct retention_tally *t, int64_t *tenths)
{
	return exact_pct_tenths(t->yes, t->yes + t->no, tenths);
}
