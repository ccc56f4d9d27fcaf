/* session.c: /api/v1/session, logging in and out of a browser session, and
 * /api/v1/session/totp, turning on two-factor login.
 *
 * Login checks the password before it takes the write lock: the route runs
 * in a read transaction, and this handler ends it and begins a write
 * transaction once the slow Argon2id verification is done. A failed login
 * is counted (per account and per client address) even though the answer
 * is an error (response.commit_on_error). The answer to a wrong e-mail
 * address, a wrong password and a disabled account is the same, and takes
 * the same time. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "base/crypto.h"
#include "base/log.h"
#include "http/auth.h"
#include "store/store.h"
#include "store/user_store.h"

/* The body is an object of strings among `allowed`; `required` ones must
 * be there. */
static bool string_fields(json_t *body, const char *const *allowed,
			  const char *const *required, struct sr_error *err)
{
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
		if (!json_is_string(value))
			return sr_fail(err, 422, "invalid_value", key,
				       "%s must be a string", key);
	}
	for (int i = 0; required[i]; i++)
		if (!json_object_get(body, required[i]))
			return sr_fail(err, 400, "missing_field", required[i],
				       "'%s' is required", required[i]);
	return true;
}

static void fail(struct response *res, const struct sr_error *err)
{
	response_error(res, err);
}

void api_session_create(struct request *req, struct response *res)
{
	static const char *const allowed[] = {"email", "password", "totp",
					      NULL};
	static const char *const required[] = {"email", "password", NULL};
	struct sr_error err = {0};
	json_t *body = NULL;
	struct user_login u = {0};
	bool found = false;
	int64_t now = (int64_t)time(NULL);
	char email[USER_EMAIL_MAX + 1];
	struct login_subjects subjects;
	int64_t retry = 0;

	if (!api_body_object(req, &body, &err) ||
	    !string_fields(body, allowed, required, &err) ||
	    !user_email_normalise(
		json_string_value(json_object_get(body, "email")), email,
		&err)) {
		json_decref(body);
		fail(res, &err);
		return;
	}
	const char *password =
	    json_string_value(json_object_get(body, "password"));
	const char *code = json_string_value(json_object_get(body, "totp"));
	auth_login_subjects(email, req->client_addr, &subjects);
	if (!auth_throttle_check(req, &subjects, now, &retry, &err) ||
	    !store_user_for_login(req->store, email, &u, &found, &err)) {
		fail(res, &err);
		goto done;
	}
	if (retry > 0) {
		res->retry_after = (int)retry;
		response_fail(res, 429, "too_many_attempts", "",
			      "too many failed logins: try again later");
		goto done;
	}
	bool password_ok;
	if (found) {
		password_ok = crypto_password_verify(u.password_hash, password);
	} else {
		crypto_password_dummy_verify(password);
		password_ok = false;
	}
	/* From here on this request writes. */
	if (!store_commit(req->store, &err) || !store_begin(req->store, &err)) {
		fail(res, &err);
		goto done;
	}
	if (!found || !password_ok || u.disabled) {
		log_warn("request %s: failed login from %s (%s)",
			 req->request_id, req->client_addr,
			 !found	      ? "no such account"
			 : u.disabled ? "disabled account"
				      : "wrong password");
		if (!auth_throttle_failed(req, &subjects, now, &err)) {
			fail(res, &err);
			goto done;
		}
		res->commit_on_error = true;
		response_fail(res, 401, "invalid_credentials", "",
			      "the e-mail address or the password is wrong");
		goto done;
	}
	if (u.totp_sealed) {
		if (!code || !*code) {
			response_fail(res, 401, "totp_required", "totp",
				      "this account also needs its TOTP code");
			goto done;
		}
		char *secret = NULL;
		if (!store_user_totp_secret(&u, &secret, &err)) {
			fail(res, &err);
			goto done;
		}
		int64_t step =
		    crypto_totp_verify(secret, code, now, u.totp_last_step);
		sodium_memzero(secret, strlen(secret));
		free(secret);
		if (step < 0) {
			if (!auth_throttle_failed(req, &subjects, now, &err)) {
				fail(res, &err);
				goto done;
			}
			res->commit_on_error = true;
			response_fail(res, 401, "invalid_totp", "totp",
				      "the TOTP code is wrong or was used "
				      "already");
			goto done;
		}
		if (!store_user_used_totp_step(req->store, u.who.org_id,
					       u.who.user_id, step, &err)) {
			fail(res, &err);
			goto done;
		}
	} else if (strcmp(u.who.role, "administrator") == 0 &&
		   auth_settings()->exposed) {
		response_fail(res, 403, "totp_enrolment_required", "totp",
			      "an administrator needs TOTP to log in to a "
			      "server that other machines reach: turn it on "
			      "with `sroi user totp`");
		goto done;
	}

	/* Logged in: a new session. */
	char token[CRYPTO_TOKEN_LEN], hash[CRYPTO_HASH_HEX_LEN],
	    csrf[CRYPTO_TOKEN_LEN], now_text[32];
	const struct auth_config *cfg = auth_settings();
	crypto_random_token("", token);
	crypto_sha256_hex(token, hash);
	crypto_csrf_token(token, csrf);
	api_now(now_text);
	snprintf(req->caller.actor, sizeof req->caller.actor, "user:%lld",
		 (long long)u.who.user_id);
	json_t *user = NULL;
	bool ok = auth_throttle_succeeded(req, &subjects, &err) &&
		  store_session_purge(req->store, now - cfg->session_idle,
				      now - cfg->session_max, &err) &&
		  store_session_create(req->store, u.who.org_id, u.who.user_id,
				       hash, now, &err) &&
		  store_user_logged_in(req->store, u.who.org_id, u.who.user_id,
				       now_text, &err) &&
		  api_audit(req, u.who.org_id, "login", "user", u.who.user_id,
			    NULL, &err) &&
		  store_user_get(req->store, u.who.org_id, u.who.user_id, &user,
				 &err);
	if (ok)
		res->set_cookie = auth_cookie_for(token);
	sodium_memzero(token, sizeof token);
	if (!ok || !res->set_cookie) {
		json_decref(user);
		if (ok)
			sr_fail(&err, 503, "out_of_memory", "",
				"out of memory");
		fail(res, &err);
		goto done;
	}
	response_json(
	    res, 200,
	    json_pack("{s:o, s:s}", "user", user, "csrf_token", csrf));
done:
	user_login_free(&u);
	json_decref(body);
}

void api_session_get(struct request *req, struct response *res)
{
	struct sr_error err = {0};
	const struct caller *c = &req->caller;
	json_t *who = NULL;
	if (c->auth == CALLER_SESSION) {
		char csrf[CRYPTO_TOKEN_LEN];
		if (!store_user_get(req->store, c->org_id, c->user_id, &who,
				    &err)) {
			fail(res, &err);
			return;
		}
		crypto_csrf_token(req->session_cookie, csrf);
		response_json(res, 200,
			      json_pack("{s:o, s:s, s:i}", "user", who,
					"csrf_token", csrf, "idle_seconds",
					auth_settings()->session_idle));
		return;
	}
	if (!store_token_get(req->store, c->org_id, c->credential_id, &who,
			     &err)) {
		fail(res, &err);
		return;
	}
	response_json(res, 200, json_pack("{s:o}", "token", who));
}

void api_session_delete(struct request *req, struct response *res)
{
	struct sr_error err = {0};
	const struct caller *c = &req->caller;
	if (c->auth == CALLER_SESSION) {
		char hash[CRYPTO_HASH_HEX_LEN];
		crypto_sha256_hex(req->session_cookie, hash);
		if (!store_session_delete(req->store, hash, &err) ||
		    !api_audit(req, c->org_id, "logout", "user", c->user_id,
			       NULL, &err)) {
			fail(res, &err);
			return;
		}
		res->set_cookie = auth_cookie_cleared();
	}
	/* An API token has no session to end: revoke it at /tokens. */
	res->status = 204;
}

static bool session_only(const struct request *req, struct sr_error *err)
{
	if (req->caller.auth != CALLER_SESSION)
		return sr_fail(err, 400, "not_a_session", "",
			       "TOTP belongs to an account: sign in with a "
			       "password");
	return true;
}

void api_session_totp_new(struct request *req, struct response *res)
{
	struct sr_error err = {0};
	json_t *user = NULL;
	char secret[CRYPTO_TOTP_SECRET_LEN], uri[512];
	if (!session_only(req, &err) ||
	    !store_user_get(req->store, req->caller.org_id, req->caller.user_id,
			    &user, &err)) {
		fail(res, &err);
		return;
	}
	bool ok = crypto_totp_new_secret(secret) &&
		  crypto_totp_uri(
		      secret, json_string_value(json_object_get(user, "email")),
		      uri, sizeof uri);
	json_decref(user);
	if (!ok) {
		response_fail(res, 500, "internal", "",
			      "cannot make a TOTP secret");
		return;
	}
	/* Nothing is stored: PUT sends the secret back with a code from the
	 * authenticator, which proves it was set up. */
	response_json(res, 200,
		      json_pack("{s:s, s:s}", "secret", secret, "uri", uri));
	sodium_memzero(secret, sizeof secret);
}

void api_session_totp_enable(struct request *req, struct response *res)
{
	static const char *const fields[] = {"secret", "code", "password",
					     NULL};
	struct sr_error err = {0};
	json_t *body = NULL, *user = NULL;
	struct user_login u = {0};
	bool found = false;
	int64_t now = (int64_t)time(NULL);
	bool ok =
	    session_only(req, &err) && api_body_object(req, &body, &err) &&
	    string_fields(body, fields, fields, &err) &&
	    store_user_get(req->store, req->caller.org_id, req->caller.user_id,
			   &user, &err) &&
	    store_user_for_login(
		req->store, json_string_value(json_object_get(user, "email")),
		&u, &found, &err);
	if (ok && (!found ||
		   !crypto_password_verify(
		       u.password_hash,
		       json_string_value(json_object_get(body, "password")))))
		ok = sr_fail(&err, 403, "invalid_credentials", "password",
			     "the password is wrong");
	const char *secret =
	    ok ? json_string_value(json_object_get(body, "secret")) : NULL;
	int64_t step = -1;
	if (ok) {
		size_t n = strlen(secret);
		bool base32 = n >= 16 && n <= 64;
		for (size_t i = 0; base32 && i < n; i++)
			base32 = (secret[i] >= 'A' && secret[i] <= 'Z') ||
				 (secret[i] >= '2' && secret[i] <= '7');
		if (!base32)
			ok = sr_fail(&err, 422, "invalid_value", "secret",
				     "the secret is base32 (A-Z, 2-7)");
	}
	if (ok) {
		step = crypto_totp_verify(
		    secret, json_string_value(json_object_get(body, "code")),
		    now, 0);
		if (step < 0)
			ok = sr_fail(&err, 422, "invalid_totp", "code",
				     "the code does not match the secret now");
	}
	char now_text[32];
	api_now(now_text);
	if (ok)
		ok = store_user_set_totp(req->store, req->caller.org_id,
					 req->caller.user_id, secret, now_text,
					 &err) &&
		     store_user_used_totp_step(req->store, req->caller.org_id,
					       req->caller.user_id, step,
					       &err) &&
		     api_audit(req, req->caller.org_id, "enable_totp", "user",
			       req->caller.user_id, NULL, &err);
	user_login_free(&u);
	json_decref(user);
	json_decref(body);
	if (!ok) {
		fail(res, &err);
		return;
	}
	response_json(res, 200, json_pack("{s:b}", "totp", 1));
}
