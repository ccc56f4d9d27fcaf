/* contracts.c: /api/v1/contracts, public contracts with a social-return
 * obligation. Until the policy module computes it, the obligation is stored
 * as given. */
#include <string.h>

#include "api/api.h"
#include "api/contract_values.h"

static const char *const contract_kinds[] = {"works", "services", "supplies", NULL};
static const char *const contract_statuses[] = {"draft", "awarded", "running",
						"ended", "settled", NULL};

static const struct field_desc contract_fields[] = {
	{"reference", "reference", FT_TEXT, F_REQUIRED | F_FILTER | F_SORT, CHK_NONE, NULL, NULL, 0, 100,
	 "the buyer's reference, unique in the organisation"},
	{"title", "title", FT_TEXT, F_REQUIRED | F_SORT, CHK_NONE, NULL, NULL, 0, 300, "title"},
	{"department", "department", FT_TEXT, F_FILTER, CHK_NONE, NULL, NULL, 0, 200,
	 "buying department"},
	{"cpv_code", "cpv_code", FT_TEXT, F_FILTER, CHK_CPV, NULL, NULL, 0, 0,
	 "CPV code with check digit, 45000000-7"},
	{"kind", "kind", FT_ENUM, F_REQUIRED | F_FILTER | F_SORT, CHK_NONE, contract_kinds, NULL, 0, 0,
	 "works, services or supplies"},
	{"value_cents", "value_cents", FT_MONEY, F_REQUIRED | F_SORT, CHK_NONE, NULL, NULL, 0, 0,
	 "contract value excluding VAT, in cents"},
	{"start_date", "start_date", FT_DATE, F_REQUIRED | F_SORT, CHK_NONE, NULL, NULL, 0, 0,
	 "first day of the term"},
	{"end_date", "end_date", FT_DATE, F_REQUIRED | F_SORT, CHK_NONE, NULL, NULL, 0, 0,
	 "last day of the term"},
	{"award_date", "award_date", FT_DATE, 0, CHK_NONE, NULL, NULL, 0, 0, "date of award"},
	{"supplier_id", "supplier_id", FT_REF, F_FILTER, CHK_NONE, NULL, "suppliers", 0, 0,
	 "the winning supplier"},
	{"status", "status", FT_ENUM, F_FILTER | F_SORT | F_READONLY, CHK_NONE, contract_statuses, NULL, 0, 0,
	 "draft, awarded, running, ended or settled (changed by the award, start, end and settle actions)"},
	{"sr_percentage", "sr_percentage_centi", FT_CENTI, F_READONLY, CHK_NONE, NULL, NULL, 0, 100,
	 "social-return percentage, from the policy at award"},
	{"obligation_cents", "obligation_cents", FT_MONEY, F_READONLY, CHK_NONE, NULL, NULL, 0, 0,
	 "the social-return obligation in cents, computed at award"},
	{"labour_share_pct", "labour_share_pct", FT_INT, 0, CHK_NONE, NULL, NULL, 0, 100,
	 "share of labour in the contract value, percent"},
	{"labour_hours", "labour_hours", FT_INT, 0, CHK_NONE, NULL, NULL, 0, 100000000,
	 "total labour hours (hours-based policies)"},
	{"policy_id", "policy_id", FT_INT, F_READONLY | F_FILTER, CHK_NONE, NULL, NULL, 0, 0,
	 "the policy version in force on the award date"},
	{"obligation_unit", "obligation_unit", FT_TEXT, F_READONLY, CHK_NONE, NULL, NULL, 0, 0,
	 "eur, or hours for hours-based policies"},
	{"obligation_hours", "obligation_hours_centi", FT_CENTI, F_READONLY, CHK_NONE, NULL, NULL, 0, 0,
	 "the obligation in hours (hours-based policies)"},
	{"opt_in", "opt_in", FT_BOOL, F_READONLY, CHK_NONE, NULL, NULL, 0, 0,
	 "opted in below the threshold by a consultant"},
	{"deviation_percentage", "deviation_pct_centi", FT_CENTI, F_READONLY, CHK_NONE, NULL, NULL, 0, 100,
	 "comply or explain: the percentage used instead of the policy's"},
	{"deviation_reason", "deviation_reason", FT_TEXT, F_READONLY, CHK_NONE, NULL, NULL, 0, 0,
	 "comply or explain: why"},
	{"prequalification_reason", "prequalification_reason", FT_TEXT, F_READONLY, CHK_NONE, NULL, NULL, 0, 0,
	 "why the contract was awarded to a supplier failing the pre-qualification"},
	{"best_efforts_exempt", "best_efforts_exempt", FT_BOOL, F_READONLY, CHK_NONE, NULL, NULL, 0, 0,
	 "exempted from settlement for best efforts"},
	{"obligation_explanation", "obligation_explanation", FT_JSON, F_READONLY, CHK_NONE, NULL, NULL, 0, 0,
	 "how the obligation was computed"},
};

static bool check_contract(struct request *req, const struct resource_desc *d,
			   json_t *r, json_t *before, int64_t org_id,
			   struct sr_error *err)
{
	(void)req;
	(void)d;
	(void)before;
	(void)org_id;
	sr_date start, end;
	if (date_parse(json_string_value(json_object_get(r, "start_date")), &start) &&
	    date_parse(json_string_value(json_object_get(r, "end_date")), &end) &&
	    end < start)
		return sr_fail(err, 422, "invalid_date_range", "end_date",
			       "the end date is before the start date");
	if (!before) {
		json_object_set_new(r, "status", json_string("draft"));
		json_object_set_new(r, "obligation_unit", json_string("eur"));
		json_object_set_new(r, "opt_in", json_false());
		json_object_set_new(r, "best_efforts_exempt", json_false());
		return true;
	}
	/* An amendment of an awarded contract recomputes its obligation under
	 * the same policy version. */
	return contract_recompute_if_amended(req, r, before, org_id, err);
}

/* An amended term (value, dates, kind) can change what every realisation
 * is worth: an awarded contract is valued again. */
static bool revalue_contract(struct request *req, const struct resource_desc *d,
			     int64_t org_id, int64_t id, struct sr_error *err)
{
	(void)org_id;
	json_t *c = NULL;
	if (!crud_load(d, req, id, &c, NULL, err))
		return false;
	/* A settled contract keeps the values it was settled with. */
	const char *status = json_string_value(json_object_get(c, "status"));
	bool revalue = json_is_integer(json_object_get(c, "policy_id")) &&
		       !(status && strcmp(status, "settled") == 0);
	json_decref(c);
	return !revalue || contract_revalue(req, id, 0, err);
}

const struct resource_desc contract_resource = {
	.name = "contracts",
	.entity = "contract",
	.fields = contract_fields,
	.field_count = sizeof contract_fields / sizeof contract_fields[0],
	.table = "contracts",
	.archivable = true,
	.deletable = true,
	.check = check_contract,
	.after_update = revalue_contract,
	.supplier_scope = "r.supplier_id = ?",
};

void api_contracts_list(struct request *req, struct response *res)
{
	crud_list(&contract_resource, req, res);
}
void api_contracts_get(struct request *req, struct response *res)
{
	crud_get(&contract_resource, req, res);
}
void api_contracts_create(struct request *req, struct response *res)
{
	crud_create(&contract_resource, req, res);
}
void api_contracts_update(struct request *req, struct response *res)
{
	crud_update(&contract_resource, req, res);
}
void api_contracts_delete(struct request *req, struct response *res)
{
	crud_delete(&contract_resource, req, res);
}
