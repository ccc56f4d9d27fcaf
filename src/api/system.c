/* system.c: /api/v1/health and /api/v1/audit (the read-only audit log). */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "store/store.h"

const struct resource_desc *const all_resources[] = {
	&supplier_resource, &contract_resource, &candidate_resource,
	&opening_resource, &realisation_resource, &plan_resource,
	&followup_resource, NULL};

void api_health(struct request *req, struct response *res)
{
	struct sr_error err = {0};
	int version = 0;
	if (!store_schema_version(req->store, &version, &err)) {
		response_error(res, &err);
		return;
	}
	response_json(res, 200,
		      json_pack("{s:s, s:s, s:i, s:i, s:s, s:b}", "status", "ok",
				"version", SROI_VERSION, "schema_version", version,
				"latest_schema_version",
				store_latest_schema_version(), "store",
				store_backend_of(req->store) == STORE_SQLITE
					? "sqlite"
					: "postgresql",
				"demo", req->demo_logins));
}

/* The audit log reads like any resource list, filtered by entity and id. */
static const struct field_desc audit_fields[] = {
	{"at", "at", FT_TEXT, F_SORT, CHK_NONE, NULL, NULL, 0, 0, "when"},
	{"actor", "actor", FT_TEXT, F_FILTER, CHK_NONE, NULL, NULL, 0, 0, "who"},
	{"action", "action", FT_TEXT, F_FILTER, CHK_NONE, NULL, NULL, 0, 0, "what"},
	{"entity", "entity", FT_TEXT, F_FILTER, CHK_NONE, NULL, NULL, 0, 0,
	 "kind of record"},
	{"entity_id", "entity_id", FT_INT, F_FILTER, CHK_NONE, NULL, NULL, 0, 0,
	 "which record"},
	{"changes", "changes", FT_TEXT, 0, CHK_NONE, NULL, NULL, 0, 0,
	 "fields changed, before and after (identity values never)"},
	{"hash", "hash", FT_TEXT, 0, CHK_NONE, NULL, NULL, 0, 0,
	 "SHA-256 chaining this entry to the one before"},
};

const struct resource_desc audit_resource = {
	.name = "audit",
	.entity = "audit",
	.fields = audit_fields,
	.field_count = sizeof audit_fields / sizeof audit_fields[0],
	.table = "audit_log",
	.untimed = true,
};

void api_audit_list(struct request *req, struct response *res)
{
	crud_list(&audit_resource, req, res);
	/* `changes` is stored as JSON text: give it back as JSON. */
	json_t *items = res->json ? json_object_get(res->json, "items") : NULL;
	size_t i;
	json_t *item;
	json_array_foreach(items, i, item)
	{
		json_t *c = json_object_get(item, "changes");
		if (json_is_string(c)) {
			json_t *parsed = json_loads(json_string_value(c), 0, NULL);
			json_object_set_new(item, "changes",
					    parsed ? parsed : json_null());
		}
	}
}
