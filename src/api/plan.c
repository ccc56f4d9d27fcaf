/* plan.c: /api/v1/plan-items, the activities supplier and consultant agree
 * to fill a contract's obligation (block, quantity, expected value); the
 * contract summary shows the plan against what was realised per block. */
#include <string.h>

#include "api/api.h"
#include "api/contract_values.h"
#include "api/policy_cache.h"
#include "store/records.h"

static const char *const plan_statuses[] = {"proposed", "agreed", NULL};

static const struct field_desc plan_fields[] = {
	{"contract_id", "contract_id", FT_REF, F_REQUIRED | F_FILTER | F_IMMUTABLE, CHK_NONE, NULL, "contracts", 0, 0,
	 "the contract"},
	{"block_id", "block_id", FT_TEXT, F_REQUIRED | F_FILTER, CHK_NONE, NULL, NULL, 0, 100,
	 "the building block of the contract's policy"},
	{"description", "description", FT_TEXT, 0, CHK_NONE, NULL, NULL, 0, 500, "what is planned"},
	{"quantity", "quantity", FT_INT, F_REQUIRED, CHK_NONE, NULL, NULL, 1, 100000,
	 "how many (people, activities)"},
	{"expected_value_cents", "expected_value_cents", FT_MONEY, F_REQUIRED, CHK_NONE, NULL, NULL, 0, 0,
	 "expected value of the whole line"},
	{"planned_start", "planned_start", FT_DATE, 0, CHK_NONE, NULL, NULL, 0, 0, "when it starts"},
	{"status", "status", FT_ENUM, F_FILTER | F_READONLY, CHK_NONE, plan_statuses, NULL, 0, 0,
	 "proposed, or agreed by the consultant"},
};

static bool check_plan(struct request *req, const struct resource_desc *d,
		       json_t *r, json_t *before, int64_t org_id,
		       struct sr_error *err)
{
	(void)d;
	int64_t contract_id = json_integer_value(json_object_get(r, "contract_id"));
	json_t *c = NULL;
	if (!crud_load(&contract_resource, req, contract_id, &c, NULL, err))
		return sr_fail(err, 422, "unknown_reference", "contract_id",
			       "no such contract");
	json_t *pid = json_object_get(c, "policy_id");
	const struct policy *p = json_is_integer(pid)
					 ? policy_cache_by_id(req->store, json_integer_value(pid), err)
					 : NULL;
	json_decref(c);
	(void)org_id;
	if (!p)
		return sr_fail(err, 409, "wrong_state", "contract_id",
			       "plan a contract after its award: the blocks come from "
			       "its policy");
	if (policy_block_index(p, json_string_value(json_object_get(r, "block_id"))) < 0)
		return sr_fail(err, 422, "invalid_value", "block_id",
			       "the contract's policy has no block '%s'",
			       json_string_value(json_object_get(r, "block_id")));
	if (!before)
		json_object_set_new(r, "status", json_string("proposed"));
	return true;
}

const struct resource_desc plan_resource = {
	.name = "plan-items",
	.entity = "plan_item",
	.fields = plan_fields,
	.field_count = sizeof plan_fields / sizeof plan_fields[0],
	.table = "plan_items",
	.deletable = true,
	.check = check_plan,
	.supplier_scope = SUPPLIER_SCOPE_BY_CONTRACT,
};

void api_plan_list(struct request *req, struct response *res)
{
	crud_list(&plan_resource, req, res);
}
void api_plan_get(struct request *req, struct response *res)
{
	crud_get(&plan_resource, req, res);
}
void api_plan_create(struct request *req, struct response *res)
{
	crud_create(&plan_resource, req, res);
}
void api_plan_update(struct request *req, struct response *res)
{
	crud_update(&plan_resource, req, res);
}
void api_plan_delete(struct request *req, struct response *res)
{
	crud_delete(&plan_resource, req, res);
}

void api_plan_agree(struct request *req, struct response *res)
{
	struct sr_error err = {0};
	int64_t id, org_id = 0;
	json_t *before = NULL, *after = NULL, *record = NULL;
	bool ok = api_path_id(req, 0, &id, &err) &&
		  crud_load(&plan_resource, req, id, &before, &org_id, &err);
	if (ok && strcmp(json_string_value(json_object_get(before, "status")), "proposed") != 0)
		ok = sr_fail(&err, 409, "wrong_state", "status", "the plan item is agreed already");
	if (ok) {
		after = json_deep_copy(before);
		json_object_set_new(after, "status", json_string("agreed"));
		ok = crud_save_changes(&plan_resource, req, org_id, id, before, after,
				       "agree", &err) &&
		     crud_load(&plan_resource, req, id, &record, NULL, &err);
	}
	json_decref(before);
	json_decref(after);
	if (!ok) {
		response_error(res, &err);
		return;
	}
	response_json(res, 200, record);
}

/* The plan of a contract with, per line, the value realised under its
 * block (accepted and pending). */
bool plan_for_contract(struct request *req, int64_t contract_id, json_t **out,
		       struct sr_error *err)
{
	*out = NULL;
	const char *columns[RESOURCE_MAX_FIELDS];
	struct record_table t;
	resource_table(&plan_resource, &t, columns);
	struct record_query q = {.org_id = req->caller.org_id, .sort_column = -1, .limit = 500};
	q.filters[0].column = 0;
	q.filters[0].value.kind = RV_INT;
	q.filters[0].value.i = contract_id;
	q.filter_count = 1;
	struct store_stmt *st = record_select(req->store, &t, &q, err);
	if (!st)
		return false;
	json_t *items = json_array();
	enum store_step_result r;
	while ((r = store_step(st, err)) == STORE_ROW) {
		json_t *item = json_pack("{s:I, s:s, s:s, s:I, s:I, s:s}", "id",
					 (json_int_t)store_column_int(st, RECORD_COL_ID),
					 "block_id", store_column_text(st, RECORD_COL_FIRST + 1),
					 "description", store_column_text(st, RECORD_COL_FIRST + 2),
					 "quantity", (json_int_t)store_column_int(st, RECORD_COL_FIRST + 3),
					 "expected_value_cents",
					 (json_int_t)store_column_int(st, RECORD_COL_FIRST + 4),
					 "status", store_column_text(st, RECORD_COL_FIRST + 6));
		json_array_append_new(items, item);
	}
	store_finalize(st);
	if (r == STORE_ERROR) {
		json_decref(items);
		return false;
	}
	/* Realised per block, from the contract's valuation. */
	struct valued_contract vc;
	if (json_array_size(items) && contract_value(req, contract_id, &vc, err)) {
		size_t i;
		json_t *item;
		json_array_foreach(items, i, item)
		{
			int b = policy_block_index(vc.policy, json_string_value(
								      json_object_get(item, "block_id")));
			int64_t accepted = 0, pending = 0, count = 0;
			for (int k = 0; k < vc.rows.count; k++) {
				if (vc.values[k].block != b || vc.values[k].refusal != REFUSAL_NONE)
					continue;
				if (vc.acts[k].status == REALISATION_ACCEPTED)
					accepted += vc.values[k].value, count++;
				else if (vc.acts[k].status == REALISATION_PENDING)
					pending += vc.values[k].value, count++;
			}
			json_object_set_new(item, "realised_accepted", json_integer(accepted));
			json_object_set_new(item, "realised_pending", json_integer(pending));
			json_object_set_new(item, "realised_count", json_integer(count));
		}
		valued_contract_free(&vc);
	}
	*out = items;
	return true;
}
