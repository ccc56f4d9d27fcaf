/* organisations.c: /api/v1/organisations, municipalities and the regions
 * that serve several of them. Every other record belongs to one. */
#include <string.h>

#include "api/api.h"
#include "domain/refdata.h"
#include "store/audit_store.h"

static const char *const organisation_kinds[] = {"municipality", "region", NULL};

static const struct field_desc organisation_fields[] = {
	{"code", "code", FT_TEXT, F_REQUIRED | F_FILTER | F_SORT | F_IMMUTABLE, CHK_NONE, NULL, NULL, 0, 32,
	 "CBS code (GM0518) for a municipality, a short code for a region"},
	{"name", "name", FT_TEXT, F_REQUIRED | F_SORT, CHK_NONE, NULL, NULL, 0, 200, "name"},
	{"kind", "kind", FT_ENUM, F_REQUIRED | F_FILTER | F_IMMUTABLE, CHK_NONE, organisation_kinds, NULL, 0, 0,
	 "municipality or region"},
	{"region", "region_code", FT_TEXT, F_FILTER, CHK_NONE, NULL, NULL, 0, 32,
	 "code of the region the municipality belongs to"},
	{"share_candidates", "share_candidates", FT_BOOL, 0, CHK_NONE, NULL, NULL, 0, 0,
	 "shares its candidate pool with the region for matching"},
};

static bool check_organisation(struct request *req, const struct resource_desc *d,
			       json_t *r, json_t *before, int64_t org_id,
			       struct sr_error *err)
{
	(void)d;
	(void)before;
	(void)org_id;
	const char *code = json_string_value(json_object_get(r, "code"));
	const char *kind = json_string_value(json_object_get(r, "kind"));
	for (const char *p = code; p && *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			return sr_fail(err, 422, "invalid_value", "code",
				       "a code has letters, digits, - and _ only");
	if (code && kind && strcmp(kind, "municipality") == 0 &&
	    strncmp(code, "GM", 2) == 0 && !refdata_municipality(code))
		return sr_fail(err, 422, "invalid_value", "code",
			       "%s is not a CBS municipality code", code);
	json_t *region = json_object_get(r, "region");
	if (json_is_string(region)) {
		int64_t region_id = 0;
		if (!api_org_by_code(req, json_string_value(region), &region_id, err))
			return false;
		if (!region_id)
			return sr_fail(err, 422, "unknown_organisation", "region",
				       "no region with code '%s'",
				       json_string_value(region));
	}
	if (!json_object_get(r, "share_candidates"))
		json_object_set_new(r, "share_candidates", json_false());
	return true;
}

static const struct resource_desc organisation_resource = {
	.name = "organisations",
	.entity = "organisation",
	.fields = organisation_fields,
	.field_count = sizeof organisation_fields / sizeof organisation_fields[0],
	.table = "organisations",
	.archivable = false,
	.deletable = false,
	.check = check_organisation,
	.supplier_sees_all = true,
};

void api_organisations_list(struct request *req, struct response *res)
{
	crud_list(&organisation_resource, req, res);
}

void api_organisations_get(struct request *req, struct response *res)
{
	crud_get(&organisation_resource, req, res);
}

void api_organisations_update(struct request *req, struct response *res)
{
	crud_update(&organisation_resource, req, res);
}

/* An organisation is its own organisation: org_id = id. Only callers acting
 * for all organisations create them. */
void api_organisations_create(struct request *req, struct response *res)
{
	struct sr_error err = {0};
	json_t *body = NULL, *record = NULL;
	int64_t id = 0;
	char now[32];
	api_now(now);
	const struct resource_desc *d = &organisation_resource;
	bool ok = api_body_object(req, &body, &err);
	if (ok && req->caller.org_id)
		ok = sr_fail(&err, 403, "forbidden", "",
			     "only a system administrator creates organisations");
	if (ok) {
		/* Reuse the generic field checks by treating the body as a
		 * record of this resource. */
		struct request sub = *req;
		ok = crud_validate_new(d, &sub, body, 0, &err) &&
		     store_next_id(req->store, &id, &err) &&
		     crud_insert(d, req, id, id, body, now, &err) &&
		     api_audit(req, id, "create", d->entity, id, body, &err) &&
		     crud_load(d, req, id, &record, NULL, &err);
	}
	json_decref(body);
	if (!ok) {
		response_error(res, &err);
		return;
	}
	response_json(res, 201, record);
}
