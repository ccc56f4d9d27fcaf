/* users.c: /api/v1/users, the accounts of the caller's organisation, for its
 * administrators (and the operator's system accounts, which see all). A
 * password is never shown or logged; the audit log names what changed. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "http/permissions.h"
#include "store/user_store.h"

bool api_account_org(struct request *req, json_t *body, int64_t *org_id,
		     struct sr_error *err)
{
	json_t *code = json_object_get(body, "organisation");
	if (!permissions_is_system(&req->caller)) {
		*org_id = req->caller.org_id;
		if (code && !(json_is_string(code) &&
			      strcmp(json_string_value(code),
				     req->caller.org_code) == 0))
			return sr_fail(err, 422, "invalid_value",
				       "organisation",
				       "accounts can only be made in your own "
				       "organisation");
		json_object_del(body, "organisation");
		return true;
	}
	if (!code)
		return sr_fail(err, 400, "missing_field", "organisation",
			       "organisation is required (\"*\" for a system "
			       "account)");
	if (!json_is_string(code))
		return sr_fail(err, 422, "invalid_value", "organisation",
			       "organisation must be an organisation code");
	const char *c = json_string_value(code);
	if (strcmp(c, USER_SYSTEM_ORG_CODE) == 0) {
		*org_id = 0;
	} else {
		if (!api_org_by_code(req, c, org_id, err))
			return false;
		if (!*org_id)
			return sr_fail(err, 422, "unknown_organisation",
				       "organisation",
				       "no organisation with code '%s'", c);
	}
	json_object_del(body, "organisation");
	return true;
}

/* Checks the body's keys and types: strings, supplier_id an integer,
 * disabled a boolean. */
static bool check_user_body(json_t *body, bool creating, struct sr_error *err)
{
	static const char *const create_fields[] = {"email", "role", "password",
						    "supplier_id", NULL};
	static const char *const update_fields[] = {
	    "role", "password", "supplier_id", "disabled", NULL};
	const char *const *allowed = creating ? create_fields : update_fields;
	const char *key;
	json_t *value;
	json_object_foreach(body, key, value)
	{
		bool known = false;
		for (int i = 0; allowed[i]; i++)
			known |= strcmp(allowed[i], key) == 0;
		if (!known)
			return sr_fail(err, 400, "unknown_field", key,
				       "unknown field '%s'", key);
		bool typed = strcmp(key, "supplier_id") == 0
				 ? json_is_integer(value) || json_is_null(value)
			     : strcmp(key, "disabled") == 0
				 ? json_is_boolean(value)
				 : json_is_string(value);
		if (!typed)
			return sr_fail(err, 422, "invalid_value", key,
				       "%s has the wrong type", key);
	}
	if (creating)
		for (int i = 0; i < 3; i++)
			if (!json_object_get(body, create_fields[i]))
				return sr_fail(
				    err, 400, "missing_field", create_fields[i],
				    "'%s' is required", create_fields[i]);
	return true;
}

void api_users_list(struct request *req, struct response *res)
{
	struct sr_error err = {0};
	json_t *items = NULL;
	int64_t org =
	    permissions_is_system(&req->caller) ? -1 : req->caller.org_id;
	const char *code = request_query(req, "organisation");
	if (code && org < 0) {
		if (strcmp(code, USER_SYSTEM_ORG_CODE) == 0) {
			org = 0;
		} else {
			if (!api_org_by_code(req, code, &org, &err)) {
				response_error(res, &err);
				return;
			}
			if (!org)
				org = -2; /* no such organisation: no rows */
		}
	}
	if (org == -2) {
		items = json_array();
	} else if (!store_user_list(req->store, org, &items, &err)) {
		response_error(res, &err);
		return;
	}
	response_json(res, 200,
		      json_pack("{s:o, s:n}", "items", items, "next_cursor"));
}

void api_users_get(struct request *req, struct response *res)
{
	struct sr_error err = {0};
	int64_t id;
	json_t *user = NULL;
	if (!api_path_id(req, 0, &id, &err) ||
	    !store_user_get(req->store, req->caller.org_id, id, &user, &err)) {
		response_error(res, &err);
		return;
	}
	response_json(res, 200, user);
}

void api_users_create(struct request *req, struct response *res)
{
	struct sr_error err = {0};
	json_t *body = NULL, *user = NULL;
	int64_t org_id = 0, id = 0;
	bool ok = api_body_object(req, &body, &err) &&
		  api_account_org(req, body, &org_id, &err) &&
		  check_user_body(body, true, &err);
	if (ok) {
		json_t *supplier = json_object_get(body, "supplier_id");
		ok =
		    store_user_add(
			req->store, org_id,
			json_string_value(json_object_get(body, "email")),
			json_string_value(json_object_get(body, "role")),
			json_is_integer(supplier) ? json_integer_value(supplier)
						  : 0,
			json_string_value(json_object_get(body, "password")),
			&id, &err) &&
		    store_user_get(req->store, org_id, id, &user, &err);
	}
	if (ok) {
		/* The audit entry is the account without its password. */
		json_t *changes = json_deep_copy(user);
		ok =
		    api_audit(req, org_id, "create", "user", id, changes, &err);
		json_decref(changes);
	}
	json_decref(body);
	if (!ok) {
		json_decref(user);
		response_error(res, &err);
		return;
	}
	response_json(res, 201, user);
}

void api_users_update(struct request *req, struct response *res)
{
	struct sr_error err = {0};
	json_t *body = NULL, *before = NULL, *after = NULL;
	int64_t id = 0;
	bool ok =
	    api_path_id(req, 0, &id, &err) &&
	    store_user_get(req->store, req->caller.org_id, id, &before, &err) &&
	    api_body_object(req, &body, &err) &&
	    check_user_body(body, false, &err);
	/* The account's own organisation (a system caller may change any). */
	int64_t org_id = req->caller.org_id;
	if (ok && permissions_is_system(&req->caller)) {
		const char *code =
		    json_string_value(json_object_get(before, "organisation"));
		if (strcmp(code, USER_SYSTEM_ORG_CODE) == 0)
			org_id = 0;
		else
			ok = api_org_by_code(req, code, &org_id, &err);
	}
	bool self = req->caller.user_id == id;
	json_t *role = json_object_get(body, "role");
	json_t *disabled = json_object_get(body, "disabled");
	if (ok && self && (role || json_is_true(disabled)))
		ok = sr_fail(&err, 422, "cannot_change_self",
			     role ? "role" : "disabled",
			     "an administrator cannot take away their own "
			     "access");
	char now[32];
	api_now(now);
	json_t *changed = json_array();
	if (ok && (role || json_object_get(body, "supplier_id"))) {
		const char *r = json_string_value(
		    role ? role : json_object_get(before, "role"));
		/* The supplier given, else the one it had if it stays a
		 * supplier account. */
		json_t *given = json_object_get(body, "supplier_id");
		json_t *had = json_object_get(before, "supplier_id");
		int64_t sid = json_is_integer(given) ? json_integer_value(given)
			      : !given && strcmp(r, "supplier") == 0 &&
				      json_is_integer(had)
				  ? json_integer_value(had)
				  : 0;
		ok = store_user_set_role(req->store, org_id, id, r, sid, now,
					 &err);
		json_array_append_new(changed, json_string("role"));
	}
	if (ok && json_object_get(body, "password")) {
		ok = store_user_set_password(
		    req->store, org_id, id,
		    json_string_value(json_object_get(body, "password")), now,
		    &err);
		json_array_append_new(changed, json_string("password"));
	}
	if (ok && disabled) {
		ok = store_user_set_disabled(req->store, org_id, id,
					     json_is_true(disabled), now, &err);
		json_array_append_new(changed, json_string("disabled"));
	}
	if (ok && json_array_size(changed)) {
		json_t *changes = json_pack("{s:O}", "fields", changed);
		ok =
		    api_audit(req, org_id, "update", "user", id, changes, &err);
		json_decref(changes);
	}
	json_decref(changed);
	if (ok)
		ok = store_user_get(req->store, org_id, id, &after, &err);
	json_decref(before);
	json_decref(body);
	if (!ok) {
		response_error(res, &err);
		return;
	}
	response_json(res, 200, after);
}
