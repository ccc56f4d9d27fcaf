/*
 * contract_workflow.c: a contract's life, draft -> awarded -> running ->
 * ended -> settled. At award the obligation is computed under the policy
 * version in force on the award date and stored with that version; an
 * amendment (value, term, labour share) recomputes it under the same
 * version. Every transition is in the audit log.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/policy_cache.h"
#include "domain/obligation.h"
#include "store/contract_store.h"

bool contract_terms_from_record(struct request *req, json_t *c, int64_t org_id,
				struct contract_terms *t, struct sr_error *err)
{
	contract_terms_init(t);
	const char *kind = json_string_value(json_object_get(c, "kind"));
	if (!kind || !contract_kind_from_name(kind, &t->kind))
		return sr_fail(err, 422, "invalid_value", "kind", "unknown contract kind");
	t->value_cents = json_integer_value(json_object_get(c, "value_cents"));
	if (!date_parse(json_string_value(json_object_get(c, "start_date")), &t->start) ||
	    !date_parse(json_string_value(json_object_get(c, "end_date")), &t->end))
		return sr_fail(err, 422, "invalid_date", "start_date", "the term is not set");
	json_t *ls = json_object_get(c, "labour_share_pct");
	if (json_is_integer(ls))
		t->labour_share_bp = (int32_t)json_integer_value(ls) * 100;
	t->cpv = json_string_value(json_object_get(c, "cpv_code"));
	json_t *lh = json_object_get(c, "labour_hours");
	if (json_is_integer(lh))
		t->labour_hours_c = json_integer_value(lh) * 100;
	t->opt_in = json_is_true(json_object_get(c, "opt_in"));
	json_t *dev = json_object_get(c, "deviation_percentage");
	if (json_is_number(dev)) {
		t->deviation_bp = (int32_t)(json_number_value(dev) * 100.0 + 0.5);
		t->deviation_reason = json_string_value(json_object_get(c, "deviation_reason"));
	}
	json_t *sup = json_object_get(c, "supplier_id");
	if (json_is_integer(sup)) {
		struct supplier_pso pso;
		if (!store_supplier_pso(req->store, org_id, json_integer_value(sup), &pso, err))
			return false;
		if (pso.found && pso.rung >= 0) {
			t->pso_rung = pso.rung;
			t->has_pso_validity = date_parse(pso.valid_from, &t->pso_valid_from) &&
					      date_parse(pso.valid_until, &t->pso_valid_until);
		}
	}
	return true;
}

/* Computes the obligation of contract c under p and writes the computed
 * fields into c. */
static bool apply_obligation(struct request *req, const struct policy *p,
			     int64_t policy_id, json_t *c, int64_t org_id,
			     struct sr_error *err)
{
	struct contract_terms t;
	struct obligation o;
	if (!contract_terms_from_record(req, c, org_id, &t, err) ||
	    !obligation_compute(p, &t, &o, err))
		return false;
	json_t *explanation = obligation_explain(p, &t, &o);
	if (!explanation)
		return sr_fail(err, 503, "out_of_memory", "", "out of memory");
	json_object_set_new(c, "policy_id", json_integer(policy_id));
	json_object_set_new(c, "obligation_explanation", explanation);
	if (p->unit == POLICY_UNIT_HOURS) {
		json_object_set_new(c, "obligation_unit", json_string("hours"));
		json_object_set_new(c, "obligation_hours",
				    o.applicable ? json_real((double)o.value / 100.0)
						 : json_integer(0));
		json_object_set_new(c, "obligation_cents", json_null());
		json_object_set_new(c, "sr_percentage", json_null());
	} else {
		json_object_set_new(c, "obligation_unit", json_string("eur"));
		json_object_set_new(c, "obligation_cents",
				    json_integer(o.applicable ? o.value : 0));
		json_object_set_new(c, "obligation_hours", json_null());
		json_object_set_new(c, "sr_percentage",
				    o.applicable ? json_real(o.pct_bp / 100.0)
						 : json_integer(0));
	}
	return true;
}

bool contract_recompute_if_amended(struct request *req, json_t *after,
				   json_t *before, int64_t org_id,
				   struct sr_error *err)
{
	const char *status = json_string_value(json_object_get(before, "status"));
	if (!status || strcmp(status, "draft") == 0)
		return true;
	static const char *const terms[] = {"value_cents", "start_date", "end_date",
					    "labour_share_pct", "labour_hours",
					    "kind", "cpv_code", "supplier_id", NULL};
	bool amended = false;
	for (int i = 0; terms[i]; i++)
		amended |= !json_equal(json_object_get(after, terms[i]),
				       json_object_get(before, terms[i]));
	if (!amended)
		return true;
	if (strcmp(status, "settled") == 0)
		return sr_fail(err, 409, "wrong_state", "status",
			       "a settled contract cannot be amended");
	json_t *pid = json_object_get(before, "policy_id");
	if (!json_is_integer(pid))
		return true;
	const struct policy *p =
		policy_cache_by_id(req->store, json_integer_value(pid), err);
	return p && apply_obligation(req, p, json_integer_value(pid), after,
				     org_id, err);
}

/* Common frame of the transition actions: load, check the state, change,
 * save with an audit entry named after the action. */
static void transition(struct request *req, struct response *res,
		       const char *action, const char *from, const char *to,
		       bool (*change)(struct request *, json_t *body, json_t *c,
				      int64_t org_id, struct sr_error *))
{
	struct sr_error err = {0};
	int64_t id, org_id = 0;
	json_t *before = NULL, *after = NULL, *body = NULL, *record = NULL;
	bool ok = api_path_id(req, 0, &id, &err) &&
		  crud_load(&contract_resource, req, id, &before, &org_id, &err);
	if (ok) {
		if (req->body_len)
			ok = api_body_object(req, &body, &err);
		else
			body = json_object();
	}
	if (ok) {
		const char *status = json_string_value(json_object_get(before, "status"));
		if (strcmp(status, from) != 0)
			ok = sr_fail(&err, 409, "wrong_state", "status",
				     "the contract is %s; only a %s contract can be "
				     "%s",
				     status, from, action);
	}
	if (ok) {
		after = json_deep_copy(before);
		json_object_set_new(after, "status", json_string(to));
		ok = (!change || change(req, body, after, org_id, &err)) &&
		     crud_save_changes(&contract_resource, req, org_id, id, before,
				       after, action, &err) &&
		     crud_load(&contract_resource, req, id, &record, NULL, &err);
	}
	json_decref(before);
	json_decref(after);
	json_decref(body);
	if (!ok) {
		response_error(res, &err);
		return;
	}
	response_json(res, 200, record);
}

static bool only_fields(json_t *body, const char *const *allowed,
			struct sr_error *err)
{
	const char *key;
	json_t *v;
	json_object_foreach(body, key, v)
	{
		bool ok = false;
		for (int i = 0; allowed[i]; i++)
			ok |= strcmp(allowed[i], key) == 0;
		if (!ok)
			return sr_fail(err, 400, "unknown_field", key,
				       "unknown field '%s'", key);
	}
	return true;
}

/* Pre-qualification at award: a supplier that fails it needs a reason. */
static bool check_prequalification(struct request *req, const struct policy *p,
				   json_t *c, int64_t org_id, sr_date award,
				   const char *reason, struct sr_error *err)
{
	if (!p->has_prequalification)
		return true;
	int64_t supplier = json_integer_value(json_object_get(c, "supplier_id"));
	struct supplier_pso pso;
	if (!store_supplier_pso(req->store, org_id, supplier, &pso, err))
		return false;
	sr_date from, until;
	bool valid = pso.rung >= 0 && date_parse(pso.valid_from, &from) &&
		     date_parse(pso.valid_until, &until) && from <= award &&
		     award <= until;
	char since[SR_DATE_TEXT_LEN];
	date_format(date_add_months(award, -12 * p->prequal_lookback_years), since);
	struct past_figures *items = NULL;
	int n = 0;
	if (!store_supplier_past_contracts(req->store, org_id, supplier, since, &items,
					   &n, err))
		return false;
	struct past_contract *past = calloc((size_t)n + 1, sizeof *past);
	if (!past) {
		free(items);
		return sr_fail(err, 503, "out_of_memory", "", "out of memory");
	}
	for (int i = 0; i < n; i++) {
		date_parse(items[i].end_date, &past[i].end);
		past[i].obligation = items[i].obligation;
		past[i].accepted = items[i].accepted;
	}
	struct prequalification q;
	obligation_prequalify(p, pso.rung, valid, past, (size_t)n, award, &q);
	free(items);
	free(past);
	if (q.passes)
		return true;
	if (!reason || !*reason)
		return sr_fail(err, 422, "prequalification_failed",
			       "prequalification_reason",
			       "the supplier does not pass the pre-qualification "
			       "(%s): give a prequalification_reason to award anyway",
			       q.reason);
	json_object_set_new(c, "prequalification_reason", json_string(reason));
	return true;
}

static bool award_change(struct request *req, json_t *body, json_t *c,
			 int64_t org_id, struct sr_error *err)
{
	static const char *const allowed[] = {"award_date", "supplier_id", "opt_in",
					      "deviation_percentage", "deviation_reason",
					      "prequalification_reason", NULL};
	if (!only_fields(body, allowed, err))
		return false;
	json_t *ad = json_object_get(body, "award_date");
	sr_date award;
	if (!ad)
		return sr_fail(err, 400, "missing_field", "award_date",
			       "'award_date' is required");
	if (!json_is_string(ad) || !date_parse(json_string_value(ad), &award))
		return sr_fail(err, 422, "invalid_date", "award_date",
			       "award_date must be a date YYYY-MM-DD");
	json_object_set(c, "award_date", ad);
	json_t *sup = json_object_get(body, "supplier_id");
	if (sup) {
		bool exists = false;
		if (!json_is_integer(sup))
			return sr_fail(err, 422, "invalid_value", "supplier_id",
				       "supplier_id must be the id of a supplier");
		if (!record_exists(req->store, "suppliers", org_id,
				   json_integer_value(sup), NULL, &exists, err))
			return false;
		if (!exists)
			return sr_fail(err, 422, "unknown_reference", "supplier_id",
				       "supplier_id %lld does not exist",
				       (long long)json_integer_value(sup));
		json_object_set(c, "supplier_id", sup);
	}
	if (!json_is_integer(json_object_get(c, "supplier_id")))
		return sr_fail(err, 400, "missing_field", "supplier_id",
			       "a contract is awarded to a supplier: give supplier_id");
	json_t *opt = json_object_get(body, "opt_in");
	if (opt && !json_is_boolean(opt))
		return sr_fail(err, 422, "invalid_value", "opt_in", "opt_in must be true or false");
	json_object_set_new(c, "opt_in", json_boolean(json_is_true(opt)));
	json_t *dev = json_object_get(body, "deviation_percentage");
	if (dev) {
		if (!json_is_number(dev) || json_number_value(dev) < 0 ||
		    json_number_value(dev) > 100)
			return sr_fail(err, 422, "invalid_value", "deviation_percentage",
				       "deviation_percentage must be a percentage");
		json_t *why = json_object_get(body, "deviation_reason");
		if (!json_is_string(why) || !*json_string_value(why))
			return sr_fail(err, 422, "missing_reason", "deviation_reason",
				       "comply or explain: a deviation needs a reason");
		json_object_set(c, "deviation_percentage", dev);
		json_object_set(c, "deviation_reason", why);
	}
	int64_t policy_id = 0;
	const struct policy *p =
		policy_cache_in_force(req->store, org_id, award, &policy_id, err);
	if (!p)
		return false;
	json_t *why = json_object_get(body, "prequalification_reason");
	return check_prequalification(req, p, c, org_id, award,
				      json_string_value(why), err) &&
	       apply_obligation(req, p, policy_id, c, org_id, err);
}

static bool settle_change(struct request *req, json_t *body, json_t *c,
			  int64_t org_id, struct sr_error *err)
{
	(void)req;
	(void)org_id;
	static const char *const allowed[] = {"best_efforts_exempt", NULL};
	if (!only_fields(body, allowed, err))
		return false;
	json_t *ex = json_object_get(body, "best_efforts_exempt");
	if (ex && !json_is_boolean(ex))
		return sr_fail(err, 422, "invalid_value", "best_efforts_exempt",
			       "best_efforts_exempt must be true or false");
	json_object_set_new(c, "best_efforts_exempt", json_boolean(json_is_true(ex)));
	return true;
}

static bool no_body(struct request *req, json_t *body, json_t *c,
		    int64_t org_id, struct sr_error *err)
{
	(void)req;
	(void)c;
	(void)org_id;
	static const char *const none[] = {NULL};
	return only_fields(body, none, err);
}

void api_contracts_award(struct request *req, struct response *res)
{
	transition(req, res, "award", "draft", "awarded", award_change);
}

void api_contracts_start(struct request *req, struct response *res)
{
	transition(req, res, "start", "awarded", "running", no_body);
}

void api_contracts_end(struct request *req, struct response *res)
{
	transition(req, res, "end", "running", "ended", no_body);
}

void api_contracts_settle(struct request *req, struct response *res)
{
	transition(req, res, "settle", "ended", "settled", settle_change);
}
