/* candidates.c: /api/v1/candidates, the pseudonymous record of a person
 * seeking work, and /candidates/{id}/identity, the only routes that touch
 * identity (name, BSN, date of birth, contact details). */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/contract_values.h"
#include "domain/validate.h"
#include "store/identity_store.h"

static const char *const education_levels[] = {"none", "vo", "mbo1", "mbo2", "mbo3",
					       "mbo4", "hbo", "wo", NULL};
static const char *const candidate_statuses[] = {"active", "placed", "archived", NULL};

static const struct field_desc candidate_fields[] = {
	{"external_id", "external_id", FT_TEXT, F_FILTER, CHK_NONE, NULL, NULL, 0, 100,
	 "the id in the municipality's own system"},
	{"target_groups", "target_groups", FT_LIST, 0, CHK_TARGET_GROUPS, NULL, NULL, 0, 0,
	 "target groups (national vocabulary)"},
	{"birth_month", "birth_month", FT_MONTH, 0, CHK_NONE, NULL, NULL, 0, 0,
	 "birth month YYYY-MM, for age rules"},
	{"postcode", "postcode", FT_TEXT, F_REQUIRED | F_FILTER | F_SORT, CHK_POSTCODE, NULL, NULL, 0, 0,
	 "residence postcode"},
	{"occupations", "occupations", FT_LIST, 0, CHK_ESCO_LIST, NULL, NULL, 0, 0,
	 "wanted occupations as ESCO codes"},
	{"education_level", "education_level", FT_ENUM, F_FILTER, CHK_NONE, education_levels, NULL, 0, 0,
	 "highest education level"},
	{"hours_per_week", "hours_per_week_centi", FT_CENTI, F_REQUIRED, CHK_NONE, NULL, NULL, 0, 60,
	 "hours per week available"},
	{"max_travel_km", "max_travel_km", FT_INT, 0, CHK_NONE, NULL, NULL, 0, 300,
	 "maximum travel distance in km"},
	{"available_from", "available_from", FT_DATE, 0, CHK_NONE, NULL, NULL, 0, 0,
	 "available from this date"},
	{"on_benefit_since", "on_benefit_since", FT_DATE, 0, CHK_NONE, NULL, NULL, 0, 0,
	 "on benefit since this date"},
	{"driving_licence", "driving_licence", FT_BOOL, F_FILTER, CHK_NONE, NULL, NULL, 0, 0,
	 "holds a driving licence"},
	{"status", "status", FT_ENUM, F_FILTER | F_SORT, CHK_NONE, candidate_statuses, NULL, 0, 0,
	 "active, placed or archived"},
};

/* What a supplier account is shown of a candidate proposed to it: not the
 * target groups (some are health-related), birth month, benefit history or
 * the municipality's own id. */
static const char *const candidate_supplier_fields[] = {
	"postcode", "occupations", "education_level", "hours_per_week",
	"max_travel_km", "available_from", "driving_licence", "status", NULL};

/* Only defaults for what a new record lacks. An import takes a valid new
 * candidate without JSON (src/api/import.c, fast_row) and gives it what this
 * check gives an empty record: a rule added here that looks at the record's
 * values would not be run there, so add it to fast_row too (or make
 * fast_setup leave candidates to crud_validate_new). */
static bool check_candidate(struct request *req, const struct resource_desc *d,
			    json_t *r, json_t *before, int64_t org_id,
			    struct sr_error *err)
{
	(void)req;
	(void)d;
	(void)before;
	(void)org_id;
	(void)err;
	if (!json_object_get(r, "target_groups"))
		json_object_set_new(r, "target_groups", json_array());
	if (!json_object_get(r, "occupations"))
		json_object_set_new(r, "occupations", json_array());
	if (!json_object_get(r, "status"))
		json_object_set_new(r, "status", json_string("active"));
	if (!json_object_get(r, "max_travel_km"))
		json_object_set_new(r, "max_travel_km", json_integer(25));
	if (!json_object_get(r, "driving_licence"))
		json_object_set_new(r, "driving_licence", json_false());
	return true;
}

/* The values of the candidate's realisations follow from its target
 * groups, birth month and the like. */
static bool revalue_candidate(struct request *req,
			      const struct resource_desc *d, int64_t org_id,
			      int64_t id, struct sr_error *err)
{
	(void)d;
	return contract_revalue_candidate(req, org_id, id, err);
}

const struct resource_desc candidate_resource = {
	.name = "candidates",
	.entity = "candidate",
	.fields = candidate_fields,
	.field_count = sizeof candidate_fields / sizeof candidate_fields[0],
	.table = "candidates",
	.archivable = false,
	.deletable = false,
	.check = check_candidate,
	.after_update = revalue_candidate,
	/* A supplier sees the candidates proposed to its openings, and only
	 * what it needs to consider them (docs/security.md). A proposal belongs
	 * to its candidate's organisation, which in a region that shares its
	 * pool may be another member: so this scope names the organisations
	 * itself (the supplier's, as the proposal's opening_org_id) and crud.c
	 * does not add the caller's. Read from the supplier by its index, then
	 * the proposals by (opening_org_id, supplier_id), then the candidates
	 * by their key. */
	.supplier_scope =
	    "(r.org_id, r.id) IN (SELECT p.org_id, p.candidate_id FROM "
	    "suppliers s JOIN proposals p ON p.opening_org_id = s.org_id AND "
	    "p.supplier_id = s.id WHERE s.id = ?)",
	.supplier_fields = candidate_supplier_fields,
};

void api_candidates_list(struct request *req, struct response *res)
{
	crud_list(&candidate_resource, req, res);
}
void api_candidates_get(struct request *req, struct response *res)
{
	crud_get(&candidate_resource, req, res);
}
void api_candidates_create(struct request *req, struct response *res)
{
	crud_create(&candidate_resource, req, res);
}
void api_candidates_update(struct request *req, struct response *res)
{
	crud_update(&candidate_resource, req, res);
}
void api_candidates_delete(struct request *req, struct response *res)
{
	crud_delete(&candidate_resource, req, res);
}

/* ---- identity --------------------------------------------------------- */

static const char *const identity_fields[] = {"name", "bsn", "birth_date",
					      "email", "phone", "address", NULL};

bool candidate_identity_check(json_t *body, struct sr_error *err)
{
	const char *key;
	json_t *value;
	json_object_foreach(body, key, value)
	{
		bool known = false;
		for (int i = 0; identity_fields[i]; i++)
			known |= strcmp(identity_fields[i], key) == 0;
		if (!known)
			return sr_fail(err, 400, "unknown_field", key,
				       "unknown field '%s'", key);
		if (!json_is_string(value) && !json_is_null(value))
			return sr_fail(err, 422, "invalid_value", key,
				       "%s must be a string", key);
		if (json_is_string(value) && strlen(json_string_value(value)) > 300)
			return sr_fail(err, 422, "invalid_value", key,
				       "%s is too long", key);
	}
	if (!json_is_string(json_object_get(body, "name")))
		return sr_fail(err, 400, "missing_field", "name", "'name' is required");
	json_t *bsn = json_object_get(body, "bsn");
	if (json_is_string(bsn) &&
	    !validate_bsn(json_string_value(bsn), "bsn", err))
		return false;
	json_t *birth = json_object_get(body, "birth_date");
	sr_date d;
	if (json_is_string(birth) && !date_parse(json_string_value(birth), &d))
		return sr_fail(err, 422, "invalid_date", "birth_date",
			       "birth_date must be a date YYYY-MM-DD");
	return true;
}

void api_candidate_identity_get(struct request *req, struct response *res)
{
	struct sr_error err = {0};
	int64_t id, org_id = 0;
	json_t *record = NULL, *identity = NULL;
	bool ok = api_path_id(req, 0, &id, &err) &&
		  crud_load(&candidate_resource, req, id, &record, &org_id, &err) &&
		  store_identity_get(req->store, org_id, id, &identity, &err);
	if (ok && !identity)
		ok = sr_fail(&err, 404, "not_found", "", "no identity recorded");
	/* Every read of identity is audited, with the route but no values. */
	if (ok)
		ok = api_audit(req, org_id, "read_identity", "candidate", id, NULL,
			       &err);
	json_decref(record);
	if (!ok) {
		json_decref(identity);
		response_error(res, &err);
		return;
	}
	response_json(res, 200, identity);
}

void api_candidate_identity_put(struct request *req, struct response *res)
{
	struct sr_error err = {0};
	int64_t id, org_id = 0;
	json_t *record = NULL, *body = NULL, *old = NULL;
	bool ok = api_path_id(req, 0, &id, &err) &&
		  crud_load(&candidate_resource, req, id, &record, &org_id, &err) &&
		  api_body_object(req, &body, &err) && candidate_identity_check(body, &err) &&
		  store_identity_get(req->store, org_id, id, &old, &err);
	if (ok) {
		/* The audit names the fields that changed, never their values. */
		json_t *changed = json_array();
		for (int i = 0; identity_fields[i]; i++) {
			json_t *a = json_object_get(body, identity_fields[i]);
			json_t *b = old ? json_object_get(old, identity_fields[i]) : NULL;
			if (!(a ? (b && json_equal(a, b)) : !b))
				json_array_append_new(changed,
						      json_string(identity_fields[i]));
		}
		json_t *changes = json_pack("{s:o}", "identity_fields", changed);
		char now[32];
		api_now(now);
		/* A new BSN gives a new region pseudonym: who the person is
		 * for the maximum counting period may change. */
		ok = store_identity_put(req->store, org_id, id, body, now, &err) &&
		     api_audit(req, org_id, "update_identity", "candidate", id,
			       changes, &err) &&
		     contract_revalue_candidate(req, org_id, id, &err);
		json_decref(changes);
	}
	json_decref(record);
	json_decref(old);
	if (!ok) {
		json_decref(body);
		response_error(res, &err);
		return;
	}
	response_json(res, 200, body);
}
