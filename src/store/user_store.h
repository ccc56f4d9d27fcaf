/*
 * user_store.h: accounts, browser sessions, API tokens and the failed-login
 * counters (tables of migration 0002). All SQL about them lives here.
 *
 * An account belongs to one organisation, or to none (org_id 0): a system
 * account of the operator, which acts for every organisation. Passwords are
 * stored as Argon2id strings, session and API tokens as their SHA-256, TOTP
 * secrets sealed with the key file. Functions run inside the caller's
 * transaction.
 */
#ifndef SROI_STORE_USER_STORE_H
#define SROI_STORE_USER_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/crypto.h"
#include "store/store.h"

#define USER_SYSTEM_ORG_CODE "*"
#define USER_EMAIL_MAX 254

/* Who a session or token acts as. */
struct principal {
	int64_t org_id;	       /* 0: every organisation (system account) */
	char org_code[32];     /* "*" for system accounts */
	int64_t user_id;       /* 0 for API tokens */
	int64_t credential_id; /* the session's or the token's id */
	char role[16];
	int64_t supplier_id; /* supplier accounts only */
	char email[USER_EMAIL_MAX +
		   1];	      /* sessions; the token's name for tokens */
	int64_t created_at;   /* unix seconds (sessions) */
	int64_t last_seen_at; /* unix seconds: session use, token use */
};

/* An account as read for login. */
struct user_login {
	struct principal who;
	char password_hash[CRYPTO_PASSWORD_HASH_LEN];
	unsigned char *totp_sealed; /* malloc'ed, NULL when TOTP is off */
	size_t totp_sealed_len;
	int64_t totp_last_step;
	bool disabled;
};

/* The six roles. */
bool user_role_valid(const char *role);
extern const char *const user_roles[]; /* NULL-terminated */

/* Lower-cases and checks an e-mail address (422 invalid_email). */
bool user_email_normalise(const char *in, char out[USER_EMAIL_MAX + 1],
			  struct sr_error *err);

/* Creates an account (the demo, `sroi user add`, POST /users). org_id 0
 * makes a system account, which must be an administrator. A supplier
 * account names a supplier of the organisation (supplier_id), others pass
 * 0. Errors: 409 conflict (e-mail in use), 422 (role, e-mail, password,
 * supplier). */
bool store_user_create(struct store *s, int64_t org_id, const char *email,
		       const char *role, int64_t supplier_id,
		       const char *password, struct sr_error *err);
/* The same, giving the new account's id. */
bool store_user_add(struct store *s, int64_t org_id, const char *email,
		    const char *role, int64_t supplier_id, const char *password,
		    int64_t *id, struct sr_error *err);

/* The account with this e-mail address for login (*found false when none).
 * Free with user_login_free. */
bool store_user_for_login(struct store *s, const char *email,
			  struct user_login *out, bool *found,
			  struct sr_error *err);
void user_login_free(struct user_login *u);

/* One account as JSON (no secrets): org_id 0 finds any organisation's. */
bool store_user_get(struct store *s, int64_t org_id, int64_t id, json_t **user,
		    struct sr_error *err);
/* Accounts as a JSON array; org_id < 0 lists every account. */
bool store_user_list(struct store *s, int64_t org_id, json_t **users,
		     struct sr_error *err);
/* The id and organisation of the account with this e-mail address. */
bool store_user_by_email(struct store *s, const char *email, int64_t *org_id,
			 int64_t *id, bool *found, struct sr_error *err);

bool store_user_set_password(struct store *s, int64_t org_id, int64_t id,
			     const char *password, const char *now,
			     struct sr_error *err);
/* Disabling also ends the account's sessions. */
bool store_user_set_disabled(struct store *s, int64_t org_id, int64_t id,
			     bool disabled, const char *now,
			     struct sr_error *err);
bool store_user_set_role(struct store *s, int64_t org_id, int64_t id,
			 const char *role, int64_t supplier_id, const char *now,
			 struct sr_error *err);
/* Seals and stores a base32 TOTP secret (NULL turns TOTP off). */
bool store_user_set_totp(struct store *s, int64_t org_id, int64_t id,
			 const char *base32_secret, const char *now,
			 struct sr_error *err);
/* Opens the sealed TOTP secret of an account read for login. *secret is
 * malloc'ed. */
bool store_user_totp_secret(const struct user_login *u, char **secret,
			    struct sr_error *err);
bool store_user_used_totp_step(struct store *s, int64_t org_id, int64_t id,
			       int64_t step, struct sr_error *err);
bool store_user_logged_in(struct store *s, int64_t org_id, int64_t id,
			  const char *now, struct sr_error *err);
/* Counts enabled accounts: role NULL for any role; without_totp counts only
 * those without TOTP. */
bool store_user_count(struct store *s, const char *role, bool without_totp,
		      int64_t *count, struct sr_error *err);
/* Re-seals every TOTP secret from the installed keyring's key (old) to
 * new_key (sroi rekey). */
bool store_user_reseal_totp(struct store *s,
			    const unsigned char old_key[CRYPTO_KEY_BYTES],
			    const unsigned char new_key[CRYPTO_KEY_BYTES],
			    int64_t *count, struct sr_error *err);

/* ---- sessions (times in unix seconds) ---- */
bool store_session_create(struct store *s, int64_t org_id, int64_t user_id,
			  const char *token_hash, int64_t now,
			  struct sr_error *err);
/* The session with this token hash whose account is enabled. */
bool store_session_find(struct store *s, const char *token_hash,
			struct principal *out, bool *found,
			struct sr_error *err);
bool store_session_touch(struct store *s, int64_t org_id, int64_t id,
			 int64_t now, struct sr_error *err);
bool store_session_delete(struct store *s, const char *token_hash,
			  struct sr_error *err);
/* Removes sessions idle since before idle_before or created before
 * created_before. */
bool store_session_purge(struct store *s, int64_t idle_before,
			 int64_t created_before, struct sr_error *err);

/* ---- API tokens ---- */
bool store_token_create(struct store *s, int64_t org_id, const char *name,
			const char *role, int64_t supplier_id,
			const char *token_hash, const char *created_by,
			const char *now, int64_t *id, struct sr_error *err);
/* The unrevoked token with this hash. */
bool store_token_find(struct store *s, const char *token_hash,
		      struct principal *out, bool *found, struct sr_error *err);
bool store_token_touch(struct store *s, int64_t org_id, int64_t id, int64_t now,
		       struct sr_error *err);
/* org_id 0: a token of any organisation. */
bool store_token_revoke(struct store *s, int64_t org_id, int64_t id,
			const char *now, bool *found, struct sr_error *err);
/* Tokens as a JSON array (no secrets); org_id < 0 lists all. */
bool store_token_list(struct store *s, int64_t org_id, json_t **tokens,
		      struct sr_error *err);
bool store_token_get(struct store *s, int64_t org_id, int64_t id,
		     json_t **token, struct sr_error *err);

/* ---- failed logins ---- */
/* *locked_until > now when the subject may not try now. */
bool store_throttle_get(struct store *s, const char *subject,
			int64_t *locked_until, struct sr_error *err);
/* Counts a failure; at `limit` failures within `window` seconds the
 * subject is locked for `lock` seconds. */
bool store_throttle_fail(struct store *s, const char *subject, int64_t now,
			 int limit, int window, int lock, struct sr_error *err);
bool store_throttle_clear(struct store *s, const char *subject,
			  struct sr_error *err);

#endif
