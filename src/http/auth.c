/* auth.c: see auth.h. */
#include "http/auth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/crypto.h"
#include "base/log.h"
#include "store/user_store.h"

static struct auth_config settings = {
    .session_idle = 1800,
    .session_max = 43200,
};

static int env_seconds(const char *name, int fallback)
{
	const char *v = getenv(name);
	if (!v || !*v)
		return fallback;
	char *end;
	long n = strtol(v, &end, 10);
	if (*end || n < 1 || n > 30L * 24 * 3600)
		return fallback;
	return (int)n;
}

void auth_config_defaults(struct auth_config *c)
{
	memset(c, 0, sizeof *c);
	c->session_idle = env_seconds("SROI_SESSION_IDLE", 1800);
	c->session_max = env_seconds("SROI_SESSION_MAX", 43200);
}

void auth_configure(const struct auth_config *c) { settings = *c; }

const struct auth_config *auth_settings(void) { return &settings; }

/* How stale the recorded last use of a session may be before it is
 * written again: a quarter of the idle time, at most a minute. */
static int64_t session_touch_interval(void)
{
	int64_t t = settings.session_idle / 4;
	return t > 60 ? 60 : t;
}

static bool is_safe_method(const char *method)
{
	return strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0 ||
	       strcmp(method, "OPTIONS") == 0;
}

static void become(struct request *req, const struct principal *p,
		   enum caller_auth how)
{
	struct caller *c = &req->caller;
	c->auth = how;
	c->org_id = p->org_id;
	snprintf(c->org_code, sizeof c->org_code, "%s", p->org_code);
	snprintf(c->role, sizeof c->role, "%s", p->role);
	c->supplier_id = p->supplier_id;
	c->credential_id = p->credential_id;
	c->user_id = p->user_id;
	if (how == CALLER_SESSION)
		snprintf(c->actor, sizeof c->actor, "user:%lld",
			 (long long)p->user_id);
	else
		snprintf(c->actor, sizeof c->actor, "token:%lld",
			 (long long)p->credential_id);
}

bool auth_resolve(struct request *req, struct sr_error *err)
{
	struct caller *c = &req->caller;
	int64_t now = (int64_t)time(NULL);
	struct principal p;
	bool found = false;
	char hash[CRYPTO_HASH_HEX_LEN];

	if (req->authorization && *req->authorization) {
		const char *a = req->authorization;
		if (strncmp(a, "Bearer ", 7) != 0 || !a[7]) {
			c->auth_failure = "invalid_token";
			return true;
		}
		crypto_sha256_hex(a + 7, hash);
		if (!store_token_find(req->store, hash, &p, &found, err))
			return false;
		if (!found) {
			c->auth_failure = "invalid_token";
			return true;
		}
		become(req, &p, CALLER_TOKEN);
		c->touch = now - p.last_seen_at >= AUTH_TOKEN_TOUCH_SECONDS;
		return true;
	}

	if (!req->session_cookie || !*req->session_cookie)
		return true;
	crypto_sha256_hex(req->session_cookie, hash);
	if (!store_session_find(req->store, hash, &p, &found, err))
		return false;
	if (!found || now - p.created_at >= settings.session_max ||
	    now - p.last_seen_at >= settings.session_idle) {
		c->auth_failure = "session_expired";
		return true;
	}
	/* A browser sends the cookie with any request to this site; only a
	 * page of sroi knows the CSRF token (SameSite=Strict is the second
	 * line of defence). */
	if (!is_safe_method(req->method)) {
		char expect[CRYPTO_TOKEN_LEN];
		crypto_csrf_token(req->session_cookie, expect);
		/* Refused by permissions.c (403) unless the route is public:
		 * logging in again with an old cookie is no forgery. */
		if (!crypto_equal(expect, req->csrf_header)) {
			c->auth_failure = "csrf_token_invalid";
			return true;
		}
	}
	become(req, &p, CALLER_SESSION);
	c->touch = now - p.last_seen_at >= session_touch_interval();
	return true;
}

void auth_touch(struct request *req)
{
	struct caller *c = &req->caller;
	if (!c->touch || !req->store || c->auth == CALLER_ANONYMOUS)
		return;
	struct sr_error err = {0};
	int64_t now = (int64_t)time(NULL);
	bool ok = store_begin(req->store, &err);
	if (ok) {
		store_mark_bookkeeping(req->store); /* no answer shows it */
		ok = c->auth == CALLER_SESSION
			 ? store_session_touch(req->store, c->org_id,
					       c->credential_id, now, &err)
			 : store_token_touch(req->store, c->org_id,
					     c->credential_id, now, &err);
		if (ok)
			ok = store_commit(req->store, &err);
		else
			store_rollback(req->store);
	}
	if (!ok)
		log_warn("request %s: could not record the last use of %s: %s",
			 req->request_id, c->actor, err.message);
}

char *auth_cookie_for(const char *token)
{
	char *out = NULL;
	if (asprintf(&out,
		     AUTH_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict; "
				 "Max-Age=%d%s",
		     token, settings.session_max,
		     settings.tls ? "; Secure" : "") < 0)
		return NULL;
	return out;
}

char *auth_cookie_cleared(void)
{
	char *out = NULL;
	if (asprintf(&out,
		     AUTH_COOKIE "=; Path=/; HttpOnly; SameSite=Strict; "
				 "Max-Age=0%s",
		     settings.tls ? "; Secure" : "") < 0)
		return NULL;
	return out;
}

void auth_login_subjects(const char *email, const char *client_addr,
			 struct login_subjects *out)
{
	/* Hashed, so that the table names no one. */
	char h[CRYPTO_HASH_HEX_LEN];
	crypto_sha256_hex(email, h);
	snprintf(out->account, sizeof out->account, "account:%.40s", h);
	crypto_sha256_hex(client_addr, h);
	snprintf(out->address, sizeof out->address, "address:%.40s", h);
}

bool auth_throttle_check(struct request *req, const struct login_subjects *s,
			 int64_t now, int64_t *retry_after,
			 struct sr_error *err)
{
	int64_t a = 0, b = 0;
	if (!store_throttle_get(req->store, s->account, &a, err) ||
	    !store_throttle_get(req->store, s->address, &b, err))
		return false;
	int64_t until = a > b ? a : b;
	*retry_after = until > now ? until - now : 0;
	return true;
}

bool auth_throttle_failed(struct request *req, const struct login_subjects *s,
			  int64_t now, struct sr_error *err)
{
	return store_throttle_fail(req->store, s->account, now,
				   AUTH_ACCOUNT_LIMIT, AUTH_THROTTLE_WINDOW,
				   AUTH_THROTTLE_LOCK, err) &&
	       store_throttle_fail(req->store, s->address, now,
				   AUTH_ADDRESS_LIMIT, AUTH_THROTTLE_WINDOW,
				   AUTH_THROTTLE_LOCK, err);
}

bool auth_throttle_succeeded(struct request *req,
			     const struct login_subjects *s,
			     struct sr_error *err)
{
	return store_throttle_clear(req->store, s->account, err);
}
