/*
 * summary.c: GET /api/v1/contracts/{id}/summary (the figures of one
 * contract as of a date) and POST /api/v1/calc (the calculator). Both value
 * activities with the same functions, so they never disagree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/contract_values.h"
#include "api/policy_cache.h"
#include "api/report_output.h"
#include "domain/calc.h"
#include "domain/months.h"
#include "domain/settlement.h"
#include "domain/target_groups.h"

/* A money or hours figure under its unit's name: "accepted_cents": 100, or
 * "accepted_hours": 1.5. */
static void put_figure(json_t *o, const char *name, bool hours, int64_t v)
{
	char key[64];
	snprintf(key, sizeof key, "%s_%s", name, hours ? "hours" : "cents");
	json_object_set_new(o, key, hours ? json_real((double)v / 100.0)
					  : json_integer(v));
}

static json_t *sums_json(const struct status_sums *s, bool hours)
{
	json_t *o = json_object();
	put_figure(o, "accepted", hours, s->accepted);
	put_figure(o, "pending", hours, s->pending);
	put_figure(o, "rejected", hours, s->rejected);
	return o;
}

static json_t *pct_json(bool has, int64_t tenths)
{
	return has ? json_real((double)tenths / 10.0) : json_null();
}

json_t *contract_summary_json(struct valued_contract *vc, sr_date as_of)
{
	bool hours = vc->policy->unit == POLICY_UNIT_HOURS;
	struct contract_figures f;
	bool exempt = json_is_true(json_object_get(vc->contract, "best_efforts_exempt"));
	settlement_figures(vc->policy, &vc->terms, vc->obligation, vc->acts,
			   vc->values, (size_t)vc->rows.count, as_of, exempt, &f);
	char day[SR_DATE_TEXT_LEN], settle[SR_DATE_TEXT_LEN];
	date_format(as_of, day);
	date_format(f.settlement_date, settle);
	json_t *o = json_object();
	json_object_set_new(o, "contract_id", json_object_get(vc->contract, "id")
						      ? json_incref(json_object_get(vc->contract, "id"))
						      : json_null());
	json_object_set(o, "reference", json_object_get(vc->contract, "reference"));
	json_object_set(o, "status", json_object_get(vc->contract, "status"));
	json_object_set_new(o, "as_of", json_string(day));
	json_object_set_new(o, "unit", json_string(hours ? "hours" : "eur"));
	json_object_set_new(o, "policy", json_pack("{s:I, s:s, s:s}", "id",
						   (json_int_t)vc->policy_id, "name",
						   vc->policy->name, "version",
						   vc->policy->version ? vc->policy->version : ""));
	put_figure(o, "obligation", hours, vc->obligation);
	put_figure(o, "accepted", hours, f.sums.accepted);
	put_figure(o, "pending", hours, f.sums.pending);
	put_figure(o, "rejected", hours, f.sums.rejected);
	/* The whole values of the realisations (also after as_of): the sums
	 * of the rows a reader sees. */
	json_object_set_new(o, "whole", sums_json(&f.full, hours));
	json_object_set_new(o, "realisation_pct",
			    pct_json(f.has_realisation_pct, f.realisation_pct_tenths));
	put_figure(o, "forecast", hours, f.forecast);
	json_object_set_new(o, "forecast_pct",
			    pct_json(f.has_forecast_pct, f.forecast_pct_tenths));
	put_figure(o, "shortfall", hours, f.shortfall);
	json_object_set_new(o, "settlement_date", json_string(settle));
	json_object_set_new(o, "settlement_due", json_boolean(f.settlement_due));
	json_object_set_new(o, "exempted", json_boolean(f.exempted));
	json_object_set_new(o, "settlement_cents", json_integer(f.settlement_cents));
	json_object_set_new(o, "early_warning",
			    json_boolean(settlement_early_warning(&vc->terms, &f, as_of)));
	json_t *by_kind = json_object();
	for (int k = 0; k < ACTIVITY_KIND_COUNT; k++) {
		const struct status_sums *s = &f.by_kind[k];
		if (s->accepted || s->pending || s->rejected)
			json_object_set_new(by_kind, activity_kind_name((enum activity_kind)k),
					    sums_json(s, hours));
	}
	json_object_set_new(o, "by_kind", by_kind);
	json_t *by_group = json_object();
	for (int g = 0; g <= TARGET_GROUP_COUNT; g++) {
		const struct status_sums *s = &f.by_group[g];
		if (s->accepted || s->pending || s->rejected)
			json_object_set_new(by_group,
					    g < TARGET_GROUP_COUNT ? target_groups[g].name : "none",
					    sums_json(s, hours));
	}
	json_object_set_new(o, "by_target_group", by_group);
	return o;
}

void api_contracts_summary(struct request *req, struct response *res)
{
	struct sr_error err = {0};
	int64_t id;
	sr_date as_of;
	struct valued_contract vc;
	if (!api_path_id(req, 0, &id, &err) || !api_as_of(req, &as_of, &err) ||
	    !contract_value(req, id, &vc, &err)) {
		response_error(res, &err);
		return;
	}
	json_t *summary = contract_summary_json(&vc, as_of);
	valued_contract_free(&vc);
	json_t *plan = NULL;
	if (!plan_for_contract(req, id, &plan, &err)) {
		json_decref(summary);
		response_error(res, &err);
		return;
	}
	json_object_set_new(summary, "plan", plan);
	if (export_wanted(req)) {
		report_summary_csv(summary, req, res);
		json_decref(summary);
		return;
	}
	response_json(res, 200, summary);
}

void api_calc(struct request *req, struct response *res)
{
	struct sr_error err = {0};
	json_t *body = NULL;
	if (!api_body_object(req, &body, &err)) {
		response_error(res, &err);
		return;
	}
	const char *key;
	json_t *v;
	json_object_foreach(body, key, v)
	{
		if (strcmp(key, "policy") != 0 && strcmp(key, "scenario") != 0) {
			json_decref(body);
			response_fail(res, 400, "unknown_field", key, "unknown field");
			return;
		}
	}
	json_t *pj = json_object_get(body, "policy");
	json_t *scenario = json_object_get(body, "scenario");
	struct policy *owned = NULL;
	const struct policy *p = NULL;
	bool ok = true;
	if (!pj || !scenario) {
		ok = sr_fail(&err, 400, "missing_field", pj ? "scenario" : "policy",
			     "give a policy (document or stored id) and a scenario");
	} else if (json_is_integer(pj)) {
		/* A stored version; the calculator holds no personal data, so
		 * any stored policy may be used. */
		p = policy_cache_by_id(req->store, json_integer_value(pj), &err);
		ok = p != NULL;
	} else if (json_is_object(pj)) {
		struct policy_problems problems = {0};
		ok = policy_parse(pj, &owned, &problems);
		if (!ok) {
			policy_problems_to_error(&problems, &err);
			response_error(res, &err);
			json_object_set_new(json_object_get(res->json, "error"), "problems",
					    policy_problems_to_json(&problems));
			policy_problems_free(&problems);
			json_decref(body);
			return;
		}
		policy_problems_free(&problems);
		p = owned;
	} else {
		ok = sr_fail(&err, 422, "invalid_value", "policy",
			     "policy must be a policy document or a stored policy id");
	}
	json_t *answer = NULL;
	if (ok)
		ok = calc_run(p, scenario, &answer, &err);
	policy_free(owned);
	json_decref(body);
	if (!ok) {
		response_error(res, &err);
		return;
	}
	response_json(res, 200, answer);
}
