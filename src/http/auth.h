/*
 * auth.h: who is asking. Resolves the caller of a request from its session
 * cookie or its API token (inside the request's transaction, so that the
 * lookup sees the same snapshot as the handler), refuses state-changing
 * browser requests without the CSRF token, and keeps the settings and
 * helpers of login: session lifetimes, the cookie, and the throttling of
 * failed logins per account and per client address.
 *
 * Whether the caller may use a route is decided afterwards, in one place:
 * permissions.c.
 */
#ifndef SROI_HTTP_AUTH_H
#define SROI_HTTP_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#include "http/request.h"

#define AUTH_COOKIE "sroi_session"
#define AUTH_TOKEN_PREFIX "sroi_"

/* Failed logins: per account and per client address, `limit` failures
 * within AUTH_THROTTLE_WINDOW seconds lock for AUTH_THROTTLE_LOCK seconds. */
#define AUTH_ACCOUNT_LIMIT 5
#define AUTH_ADDRESS_LIMIT 20
#define AUTH_THROTTLE_WINDOW 900
#define AUTH_THROTTLE_LOCK 900
/* An API token's last use is written at most this often. */
#define AUTH_TOKEN_TOUCH_SECONDS 300

struct auth_config {
	int session_idle; /* seconds without use before a session ends */
	int session_max;  /* seconds after login when a session ends anyway */
	bool tls;	  /* served over TLS: cookies are Secure */
	/* Reachable beyond this machine (a non-loopback address, or behind a
	 * public reverse proxy): administrators need TOTP to log in. */
	bool exposed;
	/* Behind a reverse proxy: the client address is the last entry of
	 * X-Forwarded-For. */
	bool trust_proxy;
};

/* Defaults: 30 minutes idle, 12 hours at most; overridden by the
 * environment variables SROI_SESSION_IDLE and SROI_SESSION_MAX (seconds)
 * and then by the serve flags. */
void auth_config_defaults(struct auth_config *c);
/* Installs the settings (once, before the server's threads start). */
void auth_configure(const struct auth_config *c);
const struct auth_config *auth_settings(void);

/* Fills req->caller from the request's credentials. Credentials that do not
 * hold (unknown, expired, revoked) leave the caller anonymous with
 * caller.auth_failure set, so that public routes still answer; so does a
 * browser session's state-changing request without the right X-CSRF-Token
 * (permissions.c answers 403 csrf_token_invalid). Returns false with err
 * for a store error. */
bool auth_resolve(struct request *req, struct sr_error *err);

/* Records the last use of the caller's session or token when it is due,
 * in its own short transaction (after the request's). */
void auth_touch(struct request *req);

/* Set-Cookie values: a new session (token as given to the browser), or one
 * that removes the cookie. Malloc'ed. */
char *auth_cookie_for(const char *token);
char *auth_cookie_cleared(void);

/* Throttling of failed logins (the subjects are hashes of the e-mail
 * address and the client address). */
struct login_subjects {
	char account[80];
	char address[80];
};
void auth_login_subjects(const char *email, const char *client_addr,
			 struct login_subjects *out);
/* *retry_after > 0 when either subject is locked now. */
bool auth_throttle_check(struct request *req, const struct login_subjects *s,
			 int64_t now, int64_t *retry_after,
			 struct sr_error *err);
bool auth_throttle_failed(struct request *req, const struct login_subjects *s,
			  int64_t now, struct sr_error *err);
bool auth_throttle_succeeded(struct request *req,
			     const struct login_subjects *s,
			     struct sr_error *err);

#endif
