/* policies.c: /api/v1/organisations/{org}/policies (the versions of an
 * organisation's policy; PUT adds a version, old ones stay readable) and
 * /api/v1/policies/{id}. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/policy_cache.h"
#include "domain/policy.h"
#include "store/policy_store.h"

/* The organisation named by the {org} path segment (code or id) that the
 * caller may read: its own, or its region (whose policy it shares). */
static bool path_org(struct request *req, bool for_write, int64_t *org_id,
		     struct sr_error *err)
{
	const char *seg = req->param_count ? req->params[0] : "";
	if (!api_org_by_code(req, seg, org_id, err))
		return false;
	if (!*org_id) {
		char *end;
		long long v = strtoll(seg, &end, 10);
		bool exists = false;
		if (*seg && !*end && v > 0 &&
		    !record_exists(req->store, "organisations", 0, v, NULL, &exists, err))
			return false;
		if (exists)
			*org_id = v;
	}
	if (!*org_id)
		return sr_fail(err, 404, "not_found", "", "no such organisation");
	if (req->caller.org_id && *org_id != req->caller.org_id) {
		bool is_region = false;
		if (!for_write &&
		    !api_org_is_region_of(req, *org_id, req->caller.org_id, &is_region, err))
			return false;
		if (!is_region)
			return sr_fail(err, 404, "not_found", "", "no such organisation");
	}
	return true;
}

static json_t *version_json(const struct stored_policy *sp, bool in_force)
{
	json_t *doc = json_loads(sp->document, 0, NULL);
	return json_pack("{s:I, s:s, s:s, s:s, s:b, s:s, s:o}", "id",
			 (json_int_t)sp->id, "name", sp->name, "version",
			 sp->version, "effective_from", sp->effective_from,
			 "in_force", in_force, "created_at", sp->created_at,
			 "document", doc ? doc : json_null());
}

void api_policies_list(struct request *req, struct response *res)
{
	struct sr_error err = {0};
	int64_t org_id = 0;
	sr_date as_of;
	struct stored_policy *items = NULL;
	int count = 0;
	if (!path_org(req, false, &org_id, &err) || !api_as_of(req, &as_of, &err) ||
	    !store_policy_list(req->store, org_id, &items, &count, &err)) {
		response_error(res, &err);
		return;
	}
	char day[SR_DATE_TEXT_LEN];
	date_format(as_of, day);
	int in_force = -1;
	for (int i = 0; i < count; i++)
		if (strcmp(items[i].effective_from, day) <= 0)
			in_force = i;
	json_t *list = json_array();
	for (int i = 0; i < count; i++) {
		json_array_append_new(list, version_json(&items[i], i == in_force));
		stored_policy_free(&items[i]);
	}
	free(items);
	response_json(res, 200, json_pack("{s:o, s:o}", "items", list, "next_cursor",
					   json_null()));
}

void api_policies_put(struct request *req, struct response *res)
{
	struct sr_error err = {0};
	int64_t org_id = 0, id = 0;
	json_t *body = NULL;
	if (!path_org(req, true, &org_id, &err) ||
	    !api_body_object(req, &body, &err)) {
		response_error(res, &err);
		return;
	}
	struct policy *p = NULL;
	struct policy_problems problems = {0};
	if (!policy_parse(body, &p, &problems)) {
		policy_problems_to_error(&problems, &err);
		response_error(res, &err);
		json_object_set_new(json_object_get(res->json, "error"), "problems",
				    policy_problems_to_json(&problems));
		policy_problems_free(&problems);
		json_decref(body);
		return;
	}
	policy_problems_free(&problems);
	char effective[SR_DATE_TEXT_LEN], now[32];
	date_format(p->effective_from, effective);
	api_now(now);
	char *text = json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS);
	struct stored_policy sp = {0};
	bool found = false;
	bool ok = text && store_next_id(req->store, &id, &err) &&
		  store_policy_insert(req->store, org_id, id, p->name,
				      p->version ? p->version : "", effective,
				      text, now, &err);
	if (!text)
		sr_fail(&err, 503, "out_of_memory", "", "out of memory");
	if (ok && !text)
		ok = false;
	if (ok) {
		json_t *changes = json_pack("{s:s, s:s, s:s}", "name", p->name,
					    "version", p->version ? p->version : "",
					    "effective_from", effective);
		ok = api_audit(req, org_id, "create", "policy", id, changes, &err) &&
		     store_policy_get(req->store, org_id, id, &sp, &found, &err);
		json_decref(changes);
	}
	if (ok && err.status == 409)
		ok = false;
	free(text);
	policy_free(p);
	json_decref(body);
	if (!ok) {
		if (err.status == 409)
			sr_fail(&err, 409, "conflict", "effective_from",
				"a version with this effective date exists already");
		response_error(res, &err);
		return;
	}
	response_json(res, 201, version_json(&sp, false));
	stored_policy_free(&sp);
}

void api_policies_get(struct request *req, struct response *res)
{
	struct sr_error err = {0};
	int64_t id;
	struct stored_policy sp = {0};
	bool found = false;
	if (!api_path_id(req, 0, &id, &err) ||
	    !store_policy_get(req->store, 0, id, &sp, &found, &err)) {
		response_error(res, &err);
		return;
	}
	bool visible = found && (!req->caller.org_id || sp.org_id == req->caller.org_id);
	if (found && !visible &&
	    !api_org_is_region_of(req, sp.org_id, req->caller.org_id, &visible, &err)) {
		stored_policy_free(&sp);
		response_error(res, &err);
		return;
	}
	if (!visible) {
		stored_policy_free(&sp);
		response_fail(res, 404, "not_found", "", "no such policy");
		return;
	}
	response_json(res, 200, version_json(&sp, false));
	stored_policy_free(&sp);
}
