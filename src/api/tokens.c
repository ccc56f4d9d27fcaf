/* tokens.c: /api/v1/tokens, API tokens for integrations. An administrator
 * creates one for a role in its organisation; the token is shown once and
 * stored only as its SHA-256; it is sent as `Authorization: Bearer ...`
 * and can be revoked. */
#include <sodium.h>
#include <string.h>

#include "api/api.h"
#include "base/crypto.h"
#include "http/auth.h"
#include "http/permissions.h"
#include "store/user_store.h"

void api_tokens_list(struct request *req, struct response *res)
{
	struct sr_error err = {0};
	json_t *items = NULL;
	int64_t org =
	    permissions_is_system(&req->caller) ? -1 : req->caller.org_id;
	if (!store_token_list(req->store, org, &items, &err)) {
		response_error(res, &err);
		return;
	}
	response_json(res, 200,
		      json_pack("{s:o, s:n}", "items", items, "next_cursor"));
}

static bool check_token_body(json_t *body, struct sr_error *err)
{
	static const char *const fields[] = {"name", "role", "supplier_id",
					     NULL};
	const char *key;
	json_t *value;
	json_object_foreach(body, key, value)
	{
		bool known = false;
		for (int i = 0; fields[i]; i++)
			known |= strcmp(fields[i], key) == 0;
		if (!known)
			return sr_fail(err, 400, "unknown_field", key,
				       "unknown field '%s'", key);
		bool typed = strcmp(key, "supplier_id") == 0
				 ? json_is_integer(value) || json_is_null(value)
				 : json_is_string(value);
		if (!typed)
			return sr_fail(err, 422, "invalid_value", key,
				       "%s has the wrong type", key);
	}
	for (int i = 0; i < 2; i++)
		if (!json_object_get(body, fields[i]))
			return sr_fail(err, 400, "missing_field", fields[i],
				       "'%s' is required", fields[i]);
	size_t n = strlen(json_string_value(json_object_get(body, "name")));
	if (n == 0 || n > 200)
		return sr_fail(err, 422, "invalid_value", "name",
			       "a token's name has 1 to 200 characters");
	return true;
}

void api_tokens_create(struct request *req, struct response *res)
{
	struct sr_error err = {0};
	json_t *body = NULL, *record = NULL;
	int64_t org_id = 0, id = 0;
	char token[CRYPTO_TOKEN_LEN], hash[CRYPTO_HASH_HEX_LEN], now[32];
	crypto_random_token(AUTH_TOKEN_PREFIX, token);
	crypto_sha256_hex(token, hash);
	api_now(now);
	bool ok = api_body_object(req, &body, &err) &&
		  api_account_org(req, body, &org_id, &err) &&
		  check_token_body(body, &err);
	if (ok) {
		json_t *supplier = json_object_get(body, "supplier_id");
		ok =
		    store_token_create(
			req->store, org_id,
			json_string_value(json_object_get(body, "name")),
			json_string_value(json_object_get(body, "role")),
			json_is_integer(supplier) ? json_integer_value(supplier)
						  : 0,
			hash, req->caller.actor, now, &id, &err) &&
		    store_token_get(req->store, org_id, id, &record, &err) &&
		    api_audit(req, org_id, "create", "token", id, record, &err);
	}
	json_decref(body);
	if (!ok) {
		json_decref(record);
		sodium_memzero(token, sizeof token);
		response_error(res, &err);
		return;
	}
	/* The only time the token is shown. */
	json_object_set_new(record, "token", json_string(token));
	sodium_memzero(token, sizeof token);
	response_json(res, 201, record);
}

void api_tokens_revoke(struct request *req, struct response *res)
{
	struct sr_error err = {0};
	int64_t id = 0;
	json_t *record = NULL;
	bool found = false;
	char now[32];
	api_now(now);
	bool ok =
	    api_path_id(req, 0, &id, &err) &&
	    store_token_get(req->store, req->caller.org_id, id, &record, &err);
	int64_t org_id = req->caller.org_id;
	if (ok && !org_id) {
		const char *code =
		    json_string_value(json_object_get(record, "organisation"));
		if (strcmp(code, USER_SYSTEM_ORG_CODE) != 0)
			ok = api_org_by_code(req, code, &org_id, &err);
	}
	if (ok)
		ok = store_token_revoke(req->store, org_id, id, now, &found,
					&err);
	if (ok && !found)
		ok = sr_fail(&err, 404, "not_found", "", "no such token");
	if (ok)
		ok = api_audit(req, org_id, "revoke", "token", id, NULL, &err);
	json_decref(record);
	if (!ok) {
		response_error(res, &err);
		return;
	}
	res->status = 204;
}
