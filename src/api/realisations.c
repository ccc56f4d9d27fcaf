/* realisations.c: /api/v1/realisations, what a supplier reports against a
 * contract's obligation (hires, internships, purchases, hours ...), verified
 * by the consultant: reported -> accepted | rejected (with a reason). */
#include <string.h>

#include "api/api.h"
#include "api/contract_values.h"
#include "store/followup_store.h"

static const char *const realisation_kinds[] = {
	"hire", "internship", "bbl", "bol", "training", "purchase", "hours",
	"costs", "custom", NULL};
static const char *const realisation_statuses[] = {"reported", "accepted",
						   "rejected", NULL};
static const char *const supplier_categories[] = {
	"regular", "social_enterprise", "pso_certified", "sheltered_work", NULL};

static const struct field_desc realisation_fields[] = {
	{"contract_id", "contract_id", FT_REF, F_REQUIRED | F_FILTER | F_IMMUTABLE, CHK_NONE, NULL, "contracts", 0, 0,
	 "the contract it counts for"},
	{"kind", "kind", FT_ENUM, F_REQUIRED | F_FILTER | F_SORT, CHK_NONE, realisation_kinds, NULL, 0, 0,
	 "kind of activity"},
	{"candidate_id", "candidate_id", FT_REF, F_FILTER, CHK_NONE, NULL, "candidates", 0, 0,
	 "the person, where one is involved"},
	{"start_date", "start_date", FT_DATE, F_SORT, CHK_NONE, NULL, NULL, 0, 0, "first day"},
	{"end_date", "end_date", FT_DATE, 0, CHK_NONE, NULL, NULL, 0, 0, "last day"},
	{"hours_per_week", "hours_per_week_centi", FT_CENTI, 0, CHK_NONE, NULL, NULL, 0, 60,
	 "hours per week"},
	{"invoice_cents", "invoice_cents", FT_MONEY, 0, CHK_NONE, NULL, NULL, 0, 0,
	 "invoice excluding VAT (purchases)"},
	{"amount_cents", "amount_cents", FT_MONEY, 0, CHK_NONE, NULL, NULL, 0, 0,
	 "costs incurred (training, custom)"},
	{"hours", "hours_centi", FT_CENTI, 0, CHK_NONE, NULL, NULL, 0, 1000000,
	 "hours of work (hours activities)"},
	{"supplier_category", "supplier_category", FT_ENUM, 0, CHK_NONE, supplier_categories, NULL, 0, 0,
	 "category of the selling supplier (purchases)"},
	{"level", "level", FT_TEXT, 0, CHK_NONE, NULL, NULL, 0, 8,
	 "mbo level 1-4 or hbo (BBL/BOL)"},
	{"permanent_contract", "permanent_contract", FT_BOOL, 0, CHK_NONE, NULL, NULL, 0, 0,
	 "hired on a permanent contract"},
	{"prior_internship_months", "prior_internship_months", FT_INT, 0, CHK_NONE, NULL, NULL, 0, 120,
	 "months of internship before the hire"},
	{"subcontractor_name", "subcontractor_name", FT_TEXT, 0, CHK_NONE, NULL, NULL, 0, 200,
	 "subcontractor that delivered it"},
	{"subcontractor_kvk", "subcontractor_kvk", FT_TEXT, 0, CHK_KVK, NULL, NULL, 0, 8,
	 "KvK number of the subcontractor"},
	{"status", "status", FT_ENUM, F_FILTER | F_SORT | F_READONLY, CHK_NONE, realisation_statuses, NULL, 0, 0,
	 "reported, accepted or rejected"},
	{"reject_reason", "reject_reason", FT_TEXT, F_READONLY, CHK_NONE, NULL, NULL, 0, 1000,
	 "why it was rejected"},
	{"value_cents", "value_cents", FT_MONEY, F_READONLY | F_SORT, CHK_NONE, NULL, NULL, 0, 0,
	 "value under the contract's policy (eur policies)"},
	{"value_hours", "value_hours_centi", FT_CENTI, F_READONLY, CHK_NONE, NULL, NULL, 0, 0,
	 "value in hours (hours-based policies)"},
	{"refusal", "refusal", FT_TEXT, F_READONLY | F_FILTER, CHK_NONE, NULL, NULL, 0, 0,
	 "why it does not count: not_eligible, outside_term or double_counting"},
	{"explanation", "explanation", FT_JSON, F_READONLY, CHK_NONE, NULL, NULL, 0, 0,
	 "how the value was computed: block, FTE, months, bonuses, caps"},
	{"external_id", "external_id", FT_TEXT, F_FILTER, CHK_NONE, NULL, NULL, 0, 100, "the id in the system it comes from (imports)"},
};

static bool check_realisation(struct request *req, const struct resource_desc *d,
			      json_t *r, json_t *before, int64_t org_id,
			      struct sr_error *err)
{
	(void)req;
	(void)d;
	(void)org_id;
	sr_date start, end;
	bool has_start = date_parse(json_string_value(json_object_get(r, "start_date")), &start);
	bool has_end = date_parse(json_string_value(json_object_get(r, "end_date")), &end);
	if (has_start && has_end && end < start)
		return sr_fail(err, 422, "invalid_date_range", "end_date",
			       "the end date is before the start date");
	const char *kind = json_string_value(json_object_get(r, "kind"));
	bool person = kind && (strcmp(kind, "hire") == 0 ||
			       strcmp(kind, "internship") == 0 ||
			       strcmp(kind, "bbl") == 0 || strcmp(kind, "bol") == 0);
	if (person && (!has_start || !has_end))
		return sr_fail(err, 400, "missing_field", has_start ? "end_date" : "start_date",
			       "a %s needs a start and an end date", kind);
	if (person && !json_is_number(json_object_get(r, "hours_per_week")))
		return sr_fail(err, 400, "missing_field", "hours_per_week",
			       "a %s needs hours_per_week", kind);
	if (kind && strcmp(kind, "purchase") == 0 &&
	    !json_is_integer(json_object_get(r, "invoice_cents")))
		return sr_fail(err, 400, "missing_field", "invoice_cents",
			       "a purchase needs invoice_cents");
	if (!before) {
		json_object_set_new(r, "status", json_string("reported"));
		json_object_set_new(r, "value_cents", json_integer(0));
		if (!json_object_get(r, "permanent_contract"))
			json_object_set_new(r, "permanent_contract", json_false());
	} else if (strcmp(json_string_value(json_object_get(before, "status")),
			  "reported") != 0) {
		return sr_fail(err, 409, "wrong_state", "status",
			       "a realisation can only be changed while it is "
			       "reported");
	}
	return true;
}

/* Every change values the whole contract again (the maximum counting period
 * runs over a candidate's realisations in order); a refused new or changed
 * realisation fails the request. */
static bool revalue_after_write(struct request *req,
				const struct resource_desc *d, int64_t org_id,
				int64_t id, struct sr_error *err)
{
	json_t *r = NULL;
	if (!crud_load(d, req, id, &r, NULL, err))
		return false;
	int64_t contract_id = json_integer_value(json_object_get(r, "contract_id"));
	const char *kind = json_string_value(json_object_get(r, "kind"));
	sr_date start;
	bool hire = kind && strcmp(kind, "hire") == 0 &&
		    date_parse(json_string_value(json_object_get(r, "start_date")), &start);
	json_decref(r);
	bool exist = true;
	return contract_revalue(req, contract_id, id, err) &&
	       (!hire || (store_followups_exist(req->store, org_id, id, &exist, err) &&
			  (exist || followups_create_for_hire(req, org_id, id, start, err))));
}

const struct resource_desc realisation_resource = {
	.name = "realisations",
	.entity = "realisation",
	.fields = realisation_fields,
	.field_count = sizeof realisation_fields / sizeof realisation_fields[0],
	.table = "realisations",
	.archivable = false,
	.deletable = true,
	.check = check_realisation,
	.after_write = revalue_after_write,
	.supplier_scope = SUPPLIER_SCOPE_BY_CONTRACT,
};

void api_realisations_list(struct request *req, struct response *res)
{
	crud_list(&realisation_resource, req, res);
}
void api_realisations_get(struct request *req, struct response *res)
{
	crud_get(&realisation_resource, req, res);
}
void api_realisations_create(struct request *req, struct response *res)
{
	crud_create(&realisation_resource, req, res);
}
void api_realisations_update(struct request *req, struct response *res)
{
	crud_update(&realisation_resource, req, res);
}
/* Only a reported realisation can be withdrawn; the contract is valued
 * again without it. */
void api_realisations_delete(struct request *req, struct response *res)
{
	struct sr_error err = {0};
	int64_t id;
	json_t *r = NULL;
	if (!api_path_id(req, 0, &id, &err) ||
	    !crud_load(&realisation_resource, req, id, &r, NULL, &err)) {
		response_error(res, &err);
		return;
	}
	int64_t contract_id = json_integer_value(json_object_get(r, "contract_id"));
	int64_t candidate_id = json_integer_value(json_object_get(r, "candidate_id"));
	const char *status = json_string_value(json_object_get(r, "status"));
	bool reported = status && strcmp(status, "reported") == 0;
	json_decref(r);
	if (!reported) {
		response_fail(res, 409, "wrong_state", "status",
			      "only a reported realisation can be withdrawn");
		return;
	}
	crud_delete(&realisation_resource, req, res);
	/* Only the same person's other realisations can change. */
	if (res->status == 204 &&
	    !contract_revalue_person(req, contract_id, candidate_id, &err))
		response_error(res, &err);
}

/* Verification: reported -> accepted | rejected (a reason is required). */
static void verify(struct request *req, struct response *res, bool accept)
{
	struct sr_error err = {0};
	int64_t id, org_id = 0;
	json_t *before = NULL, *after = NULL, *body = NULL, *record = NULL;
	bool ok = api_path_id(req, 0, &id, &err) &&
		  crud_load(&realisation_resource, req, id, &before, &org_id, &err);
	if (ok)
		ok = req->body_len ? api_body_object(req, &body, &err)
				   : (body = json_object()) != NULL;
	const char *key;
	json_t *v;
	if (ok)
		json_object_foreach(body, key, v)
		{
			if (strcmp(key, "reason") != 0) {
				ok = sr_fail(&err, 400, "unknown_field", key,
					     "unknown field '%s'", key);
				break;
			}
		}
	const char *reason = ok ? json_string_value(json_object_get(body, "reason")) : NULL;
	if (ok && !accept && (!reason || !*reason))
		ok = sr_fail(&err, 422, "missing_reason", "reason",
			     "a rejection needs a reason");
	/* No status only when memory ran out loading it (oom.h: 503). */
	const char *status = ok ? json_string_value(json_object_get(before, "status")) : NULL;
	if (ok && (!status || strcmp(status, "reported") != 0))
		ok = sr_fail(&err, 409, "wrong_state", "status",
			     "the realisation is %s already",
			     status ? status : "unreadable");
	if (ok && accept && json_is_string(json_object_get(before, "refusal")))
		ok = sr_fail(&err, 409, json_string_value(json_object_get(before, "refusal")),
			     "refusal", "a refused realisation cannot be accepted");
	if (ok) {
		after = json_deep_copy(before);
		json_object_set_new(after, "status", json_string(accept ? "accepted" : "rejected"));
		if (!accept)
			json_object_set_new(after, "reject_reason", json_string(reason));
		ok = crud_save_changes(&realisation_resource, req, org_id, id, before,
				       after, accept ? "accept" : "reject", &err) &&
		     contract_revalue_person(
			 req, json_integer_value(json_object_get(before, "contract_id")),
			 json_integer_value(json_object_get(before, "candidate_id")), &err) &&
		     crud_load(&realisation_resource, req, id, &record, NULL, &err);
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

void api_realisations_accept(struct request *req, struct response *res)
{
	verify(req, res, true);
}

void api_realisations_reject(struct request *req, struct response *res)
{
	verify(req, res, false);
}
