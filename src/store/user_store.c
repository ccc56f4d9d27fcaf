/* user_store.c: see user_store.h. */
#include "store/user_store.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/keyring.h"

const char *const user_roles[] = {
    "administrator", "consultant", "buyer", "jobcoach",
    "supplier",	     "auditor",	   NULL};

bool user_role_valid(const char *role)
{
	for (int i = 0; role && user_roles[i]; i++)
		if (strcmp(user_roles[i], role) == 0)
			return true;
	return false;
}

bool user_email_normalise(const char *in, char out[USER_EMAIL_MAX + 1],
			  struct sr_error *err)
{
	size_t n = in ? strlen(in) : 0;
	const char *at = in ? strchr(in, '@') : NULL;
	bool ok = n >= 3 && n <= USER_EMAIL_MAX && at && at != in &&
		  strchr(at + 1, '@') == NULL && strchr(at + 1, '.') &&
		  at[1] != '.' && in[n - 1] != '.';
	for (size_t i = 0; ok && i < n; i++) {
		unsigned char c = (unsigned char)in[i];
		if (c <= ' ' || c == 0x7f || c == '"' || c == '<' || c == '>' ||
		    c == ',' || c == ';' || c == '\\')
			ok = false;
		out[i] = (char)tolower(c);
	}
	if (!ok)
		return sr_fail(err, 422, "invalid_email", "email",
			       "this is not an e-mail address");
	out[n] = '\0';
	return true;
}

/* Runs a statement that returns no rows. */
static bool run_done(struct store_stmt *st, int64_t *changes,
		     struct sr_error *err)
{
	enum store_step_result r = store_step(st, err);
	if (changes)
		*changes = store_changes(st);
	store_finalize(st);
	return r == STORE_DONE;
}

static void copy_text(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src ? src : "");
}

static bool org_code_of(struct store *s, int64_t org_id, char code[32],
			bool *found, struct sr_error *err)
{
	*found = false;
	if (org_id == 0) {
		copy_text(code, 32, USER_SYSTEM_ORG_CODE);
		*found = true;
		return true;
	}
	struct store_stmt *st = store_prepare(
	    s, "SELECT code FROM organisations WHERE org_id = ?", err);
	if (!st)
		return false;
	store_bind_int(st, 1, org_id);
	enum store_step_result r = store_step(st, err);
	if (r == STORE_ROW) {
		copy_text(code, 32, store_column_text(st, 0));
		*found = true;
	}
	store_finalize(st);
	return r != STORE_ERROR;
}

/* A supplier account must name a live supplier of its organisation; other
 * roles name none. */
static bool check_supplier(struct store *s, int64_t org_id, const char *role,
			   int64_t supplier_id, struct sr_error *err)
{
	bool supplier = strcmp(role, "supplier") == 0;
	if (!supplier && supplier_id)
		return sr_fail(err, 422, "invalid_value", "supplier_id",
			       "only supplier accounts name a supplier");
	if (!supplier)
		return true;
	if (supplier_id <= 0)
		return sr_fail(err, 422, "missing_supplier", "supplier_id",
			       "a supplier account names its supplier");
	struct store_stmt *st = store_prepare(
	    s,
	    "SELECT 1 FROM suppliers WHERE org_id = ? AND id = ? AND "
	    "archived = 0",
	    err);
	if (!st)
		return false;
	store_bind_int(st, 1, org_id);
	store_bind_int(st, 2, supplier_id);
	enum store_step_result r = store_step(st, err);
	store_finalize(st);
	if (r == STORE_ERROR)
		return false;
	if (r != STORE_ROW)
		return sr_fail(err, 422, "unknown_reference", "supplier_id",
			       "supplier %lld does not exist in this "
			       "organisation",
			       (long long)supplier_id);
	return true;
}

static void now_text(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

bool store_user_add(struct store *s, int64_t org_id, const char *email,
		    const char *role, int64_t supplier_id, const char *password,
		    int64_t *id, struct sr_error *err)
{
	char norm[USER_EMAIL_MAX + 1], code[32];
	bool found = false;
	if (!user_role_valid(role))
		return sr_fail(err, 422, "invalid_role", "role",
			       "the role is one of administrator, consultant, "
			       "buyer, jobcoach, supplier, auditor");
	if (org_id == 0 && strcmp(role, "administrator") != 0)
		return sr_fail(err, 422, "invalid_role", "role",
			       "a system account (organisation *) is an "
			       "administrator");
	if (!user_email_normalise(email, norm, err) ||
	    !crypto_password_acceptable(password, err) ||
	    !org_code_of(s, org_id, code, &found, err))
		return false;
	if (!found)
		return sr_fail(err, 422, "unknown_organisation", "organisation",
			       "no such organisation");
	if (!check_supplier(s, org_id, role, supplier_id, err))
		return false;
	int64_t other_org, other_id;
	if (!store_user_by_email(s, norm, &other_org, &other_id, &found, err))
		return false;
	if (found)
		return sr_fail(err, 409, "email_in_use", "email",
			       "an account with this e-mail address exists");
	char hash[CRYPTO_PASSWORD_HASH_LEN], now[32];
	if (!crypto_password_hash(password, hash, err) ||
	    !store_next_id(s, id, err))
		return false;
	now_text(now);
	struct store_stmt *st = store_prepare(
	    s,
	    "INSERT INTO users (org_id, id, email, role, supplier_id, "
	    "password_hash, created_at, updated_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	    err);
	if (!st)
		return false;
	store_bind_int(st, 1, org_id);
	store_bind_int(st, 2, *id);
	store_bind_text(st, 3, norm);
	store_bind_text(st, 4, role);
	if (supplier_id)
		store_bind_int(st, 5, supplier_id);
	else
		store_bind_null(st, 5);
	store_bind_text(st, 6, hash);
	store_bind_text(st, 7, now);
	store_bind_text(st, 8, now);
	sodium_memzero(hash, sizeof hash);
	return run_done(st, NULL, err);
}

bool store_user_create(struct store *s, int64_t org_id, const char *email,
		       const char *role, int64_t supplier_id,
		       const char *password, struct sr_error *err)
{
	int64_t id;
	return store_user_add(s, org_id, email, role, supplier_id, password,
			      &id, err);
}

bool store_user_by_email(struct store *s, const char *email, int64_t *org_id,
			 int64_t *id, bool *found, struct sr_error *err)
{
	*found = false;
	struct store_stmt *st = store_prepare(
	    s, "SELECT org_id, id FROM users WHERE email = ?", err);
	if (!st)
		return false;
	store_bind_text(st, 1, email);
	enum store_step_result r = store_step(st, err);
	if (r == STORE_ROW) {
		*org_id = store_column_int(st, 0);
		*id = store_column_int(st, 1);
		*found = true;
	}
	store_finalize(st);
	return r != STORE_ERROR;
}

bool store_user_for_login(struct store *s, const char *email,
			  struct user_login *out, bool *found,
			  struct sr_error *err)
{
	memset(out, 0, sizeof *out);
	*found = false;
	struct store_stmt *st = store_prepare(
	    s,
	    "SELECT u.org_id, u.id, u.role, COALESCE(u.supplier_id, 0), "
	    "u.email, u.password_hash, u.totp_sealed, u.totp_last_step, "
	    "u.disabled, COALESCE(o.code, '*') "
	    "FROM users u LEFT JOIN organisations o ON o.org_id = u.org_id "
	    "WHERE u.email = ?",
	    err);
	if (!st)
		return false;
	store_bind_text(st, 1, email);
	enum store_step_result r = store_step(st, err);
	if (r == STORE_ROW) {
		*found = true;
		out->who.org_id = store_column_int(st, 0);
		out->who.user_id = store_column_int(st, 1);
		copy_text(out->who.role, sizeof out->who.role,
			  store_column_text(st, 2));
		out->who.supplier_id = store_column_int(st, 3);
		copy_text(out->who.email, sizeof out->who.email,
			  store_column_text(st, 4));
		copy_text(out->password_hash, sizeof out->password_hash,
			  store_column_text(st, 5));
		if (!store_column_is_null(st, 6)) {
			size_t n = 0;
			const void *b = store_column_blob(st, 6, &n);
			out->totp_sealed = n ? malloc(n) : NULL;
			if (out->totp_sealed) {
				memcpy(out->totp_sealed, b, n);
				out->totp_sealed_len = n;
			}
		}
		out->totp_last_step = store_column_int(st, 7);
		out->disabled = store_column_int(st, 8) != 0;
		copy_text(out->who.org_code, sizeof out->who.org_code,
			  store_column_text(st, 9));
	}
	store_finalize(st);
	return r != STORE_ERROR;
}

void user_login_free(struct user_login *u)
{
	free(u->totp_sealed);
	u->totp_sealed = NULL;
	sodium_memzero(u->password_hash, sizeof u->password_hash);
}

static const char *user_select =
    "SELECT u.org_id, u.id, u.email, u.role, u.supplier_id, "
    "u.totp_sealed IS NOT NULL, u.disabled, u.last_login_at, u.created_at, "
    "COALESCE(o.code, '*') "
    "FROM users u LEFT JOIN organisations o ON o.org_id = u.org_id";

static json_t *user_row(struct store_stmt *st)
{
	json_t *u = json_object();
	json_object_set_new(u, "id", json_integer(store_column_int(st, 1)));
	json_object_set_new(u, "organisation",
			    json_string(store_column_text(st, 9)));
	json_object_set_new(u, "email", json_string(store_column_text(st, 2)));
	json_object_set_new(u, "role", json_string(store_column_text(st, 3)));
	json_object_set_new(u, "supplier_id",
			    store_column_is_null(st, 4)
				? json_null()
				: json_integer(store_column_int(st, 4)));
	json_object_set_new(u, "totp", json_boolean(store_column_int(st, 5)));
	json_object_set_new(u, "disabled",
			    json_boolean(store_column_int(st, 6)));
	json_object_set_new(u, "last_login_at",
			    store_column_is_null(st, 7)
				? json_null()
				: json_string(store_column_text(st, 7)));
	json_object_set_new(u, "created_at",
			    json_string(store_column_text(st, 8)));
	return u;
}

bool store_user_get(struct store *s, int64_t org_id, int64_t id, json_t **user,
		    struct sr_error *err)
{
	*user = NULL;
	char sql[512];
	snprintf(sql, sizeof sql, "%s WHERE u.id = ?%s", user_select,
		 org_id ? " AND u.org_id = ?" : "");
	struct store_stmt *st = store_prepare(s, sql, err);
	if (!st)
		return false;
	store_bind_int(st, 1, id);
	if (org_id)
		store_bind_int(st, 2, org_id);
	enum store_step_result r = store_step(st, err);
	if (r == STORE_ROW)
		*user = user_row(st);
	store_finalize(st);
	if (r == STORE_ERROR)
		return false;
	if (!*user)
		return sr_fail(err, 404, "not_found", "", "no such user");
	return true;
}

bool store_user_list(struct store *s, int64_t org_id, json_t **users,
		     struct sr_error *err)
{
	char sql[512];
	snprintf(sql, sizeof sql, "%s%s ORDER BY u.org_id, u.email",
		 user_select, org_id >= 0 ? " WHERE u.org_id = ?" : "");
	struct store_stmt *st = store_prepare(s, sql, err);
	if (!st)
		return false;
	if (org_id >= 0)
		store_bind_int(st, 1, org_id);
	json_t *list = json_array();
	enum store_step_result r;
	while ((r = store_step(st, err)) == STORE_ROW)
		json_array_append_new(list, user_row(st));
	store_finalize(st);
	if (r == STORE_ERROR) {
		json_decref(list);
		return false;
	}
	*users = list;
	return true;
}

/* UPDATE users SET <assignment>, updated_at = ? WHERE org_id = ? AND id = ?
 * with the assignment's value bound first (an integer or a text). */
static bool update_user(struct store *s, const char *assignment,
			const char *text, int64_t value, int64_t org_id,
			int64_t id, const char *now, struct sr_error *err)
{
	char sql[256];
	snprintf(
	    sql, sizeof sql,
	    "UPDATE users SET %s, updated_at = ? WHERE org_id = ? AND id = ?",
	    assignment);
	struct store_stmt *st = store_prepare(s, sql, err);
	if (!st)
		return false;
	if (text)
		store_bind_text(st, 1, text);
	else
		store_bind_int(st, 1, value);
	store_bind_text(st, 2, now);
	store_bind_int(st, 3, org_id);
	store_bind_int(st, 4, id);
	int64_t changes = 0;
	if (!run_done(st, &changes, err))
		return false;
	if (changes == 0)
		return sr_fail(err, 404, "not_found", "", "no such user");
	return true;
}

bool store_user_set_password(struct store *s, int64_t org_id, int64_t id,
			     const char *password, const char *now,
			     struct sr_error *err)
{
	char hash[CRYPTO_PASSWORD_HASH_LEN];
	if (!crypto_password_acceptable(password, err) ||
	    !crypto_password_hash(password, hash, err))
		return false;
	bool ok =
	    update_user(s, "password_hash = ?", hash, 0, org_id, id, now, err);
	sodium_memzero(hash, sizeof hash);
	return ok;
}

static bool delete_user_sessions(struct store *s, int64_t org_id, int64_t id,
				 struct sr_error *err)
{
	struct store_stmt *st = store_prepare(
	    s, "DELETE FROM sessions WHERE org_id = ? AND user_id = ?", err);
	if (!st)
		return false;
	store_bind_int(st, 1, org_id);
	store_bind_int(st, 2, id);
	return run_done(st, NULL, err);
}

bool store_user_set_disabled(struct store *s, int64_t org_id, int64_t id,
			     bool disabled, const char *now,
			     struct sr_error *err)
{
	return update_user(s, "disabled = ?", NULL, disabled, org_id, id, now,
			   err) &&
	       (!disabled || delete_user_sessions(s, org_id, id, err));
}

bool store_user_set_role(struct store *s, int64_t org_id, int64_t id,
			 const char *role, int64_t supplier_id, const char *now,
			 struct sr_error *err)
{
	if (!user_role_valid(role))
		return sr_fail(err, 422, "invalid_role", "role",
			       "the role is one of administrator, consultant, "
			       "buyer, jobcoach, supplier, auditor");
	if (org_id == 0 && strcmp(role, "administrator") != 0)
		return sr_fail(err, 422, "invalid_role", "role",
			       "a system account is an administrator");
	if (!check_supplier(s, org_id, role, supplier_id, err))
		return false;
	struct store_stmt *st = store_prepare(
	    s,
	    "UPDATE users SET role = ?, supplier_id = ?, updated_at = ? "
	    "WHERE org_id = ? AND id = ?",
	    err);
	if (!st)
		return false;
	store_bind_text(st, 1, role);
	if (supplier_id)
		store_bind_int(st, 2, supplier_id);
	else
		store_bind_null(st, 2);
	store_bind_text(st, 3, now);
	store_bind_int(st, 4, org_id);
	store_bind_int(st, 5, id);
	int64_t changes = 0;
	if (!run_done(st, &changes, err))
		return false;
	if (changes == 0)
		return sr_fail(err, 404, "not_found", "", "no such user");
	/* A changed role takes effect at the next login. */
	return delete_user_sessions(s, org_id, id, err);
}

static void totp_context(int64_t id, char out[48])
{
	snprintf(out, 48, "totp:%lld", (long long)id);
}

bool store_user_set_totp(struct store *s, int64_t org_id, int64_t id,
			 const char *base32_secret, const char *now,
			 struct sr_error *err)
{
	unsigned char *blob = NULL;
	size_t blob_len = 0;
	char context[48];
	totp_context(id, context);
	if (base32_secret &&
	    !keyring_seal(context, base32_secret, strlen(base32_secret), &blob,
			  &blob_len, err))
		return false;
	struct store_stmt *st = store_prepare(
	    s,
	    "UPDATE users SET totp_sealed = ?, totp_last_step = 0, "
	    "updated_at = ? WHERE org_id = ? AND id = ?",
	    err);
	if (!st) {
		free(blob);
		return false;
	}
	if (blob)
		store_bind_blob(st, 1, blob, blob_len);
	else
		store_bind_null(st, 1);
	store_bind_text(st, 2, now);
	store_bind_int(st, 3, org_id);
	store_bind_int(st, 4, id);
	int64_t changes = 0;
	bool ok = run_done(st, &changes, err);
	free(blob);
	if (ok && changes == 0)
		return sr_fail(err, 404, "not_found", "", "no such user");
	return ok;
}

bool store_user_totp_secret(const struct user_login *u, char **secret,
			    struct sr_error *err)
{
	char context[48];
	totp_context(u->who.user_id, context);
	return keyring_open(context, u->totp_sealed, u->totp_sealed_len, secret,
			    NULL, err);
}

bool store_user_used_totp_step(struct store *s, int64_t org_id, int64_t id,
			       int64_t step, struct sr_error *err)
{
	struct store_stmt *st = store_prepare(
	    s,
	    "UPDATE users SET totp_last_step = ? WHERE org_id = ? AND id = ?",
	    err);
	if (!st)
		return false;
	store_bind_int(st, 1, step);
	store_bind_int(st, 2, org_id);
	store_bind_int(st, 3, id);
	return run_done(st, NULL, err);
}

bool store_user_logged_in(struct store *s, int64_t org_id, int64_t id,
			  const char *now, struct sr_error *err)
{
	struct store_stmt *st = store_prepare(
	    s, "UPDATE users SET last_login_at = ? WHERE org_id = ? AND id = ?",
	    err);
	if (!st)
		return false;
	store_bind_text(st, 1, now);
	store_bind_int(st, 2, org_id);
	store_bind_int(st, 3, id);
	return run_done(st, NULL, err);
}

bool store_user_count(struct store *s, const char *role, bool without_totp,
		      int64_t *count, struct sr_error *err)
{
	char sql[256];
	snprintf(sql, sizeof sql,
		 "SELECT COUNT(*) FROM users WHERE disabled = 0%s%s",
		 role ? " AND role = ?" : "",
		 without_totp ? " AND totp_sealed IS NULL" : "");
	struct store_stmt *st = store_prepare(s, sql, err);
	if (!st)
		return false;
	if (role)
		store_bind_text(st, 1, role);
	enum store_step_result r = store_step(st, err);
	*count = r == STORE_ROW ? store_column_int(st, 0) : 0;
	store_finalize(st);
	return r == STORE_ROW;
}

bool store_user_reseal_totp(struct store *s,
			    const unsigned char old_key[CRYPTO_KEY_BYTES],
			    const unsigned char new_key[CRYPTO_KEY_BYTES],
			    int64_t *count, struct sr_error *err)
{
	*count = 0;
	struct store_stmt *st =
	    store_prepare(s,
			  "SELECT org_id, id, totp_sealed FROM users "
			  "WHERE totp_sealed IS NOT NULL ORDER BY org_id, id",
			  err);
	if (!st)
		return false;
	/* Collect first: the rows are updated after the cursor is done. */
	struct item {
		int64_t org_id, id;
		unsigned char *blob;
		size_t len;
	} *items = NULL;
	size_t n = 0, cap = 0;
	bool ok = true;
	enum store_step_result r;
	while ((r = store_step(st, err)) == STORE_ROW) {
		char context[48], *plain = NULL;
		size_t plen = 0, blen = 0;
		const void *b = store_column_blob(st, 2, &blen);
		int64_t id = store_column_int(st, 1);
		totp_context(id, context);
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			struct item *grown =
			    realloc(items, cap * sizeof *items);
			if (!grown) {
				ok = sr_fail(err, 503, "out_of_memory", "",
					     "out of memory");
				break;
			}
			items = grown;
		}
		items[n].org_id = store_column_int(st, 0);
		items[n].id = id;
		items[n].blob = NULL;
		ok = crypto_open(old_key, context, b, blen, &plain, &plen,
				 err) &&
		     crypto_seal(new_key, context, plain, plen, &items[n].blob,
				 &items[n].len, err);
		if (plain) {
			sodium_memzero(plain, plen);
			free(plain);
		}
		n++;
		if (!ok)
			break;
	}
	store_finalize(st);
	if (r == STORE_ERROR)
		ok = false;
	for (size_t i = 0; ok && i < n; i++) {
		struct store_stmt *u =
		    store_prepare(s,
				  "UPDATE users SET totp_sealed = ? WHERE "
				  "org_id = ? AND id = ?",
				  err);
		ok = u != NULL;
		if (ok) {
			store_bind_blob(u, 1, items[i].blob, items[i].len);
			store_bind_int(u, 2, items[i].org_id);
			store_bind_int(u, 3, items[i].id);
			ok = run_done(u, NULL, err);
		}
	}
	for (size_t i = 0; i < n; i++)
		free(items[i].blob);
	free(items);
	if (ok)
		*count = (int64_t)n;
	return ok;
}

/* ---- sessions ---- */

bool store_session_create(struct store *s, int64_t org_id, int64_t user_id,
			  const char *token_hash, int64_t now,
			  struct sr_error *err)
{
	int64_t id;
	if (!store_next_id(s, &id, err))
		return false;
	struct store_stmt *st = store_prepare(
	    s,
	    "INSERT INTO sessions (org_id, id, user_id, token_hash, "
	    "created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)",
	    err);
	if (!st)
		return false;
	store_bind_int(st, 1, org_id);
	store_bind_int(st, 2, id);
	store_bind_int(st, 3, user_id);
	store_bind_text(st, 4, token_hash);
	store_bind_int(st, 5, now);
	store_bind_int(st, 6, now);
	return run_done(st, NULL, err);
}

bool store_session_find(struct store *s, const char *token_hash,
			struct principal *out, bool *found,
			struct sr_error *err)
{
	*found = false;
	memset(out, 0, sizeof *out);
	struct store_stmt *st = store_prepare(
	    s,
	    "SELECT x.org_id, x.id, x.user_id, x.created_at, x.last_seen_at, "
	    "u.role, COALESCE(u.supplier_id, 0), u.email, "
	    "COALESCE(o.code, '*') "
	    "FROM sessions x JOIN users u ON u.org_id = x.org_id AND "
	    "u.id = x.user_id "
	    "LEFT JOIN organisations o ON o.org_id = x.org_id "
	    "WHERE x.token_hash = ? AND u.disabled = 0",
	    err);
	if (!st)
		return false;
	store_bind_text(st, 1, token_hash);
	enum store_step_result r = store_step(st, err);
	if (r == STORE_ROW) {
		*found = true;
		out->org_id = store_column_int(st, 0);
		out->credential_id = store_column_int(st, 1);
		out->user_id = store_column_int(st, 2);
		out->created_at = store_column_int(st, 3);
		out->last_seen_at = store_column_int(st, 4);
		copy_text(out->role, sizeof out->role,
			  store_column_text(st, 5));
		out->supplier_id = store_column_int(st, 6);
		copy_text(out->email, sizeof out->email,
			  store_column_text(st, 7));
		copy_text(out->org_code, sizeof out->org_code,
			  store_column_text(st, 8));
	}
	store_finalize(st);
	return r != STORE_ERROR;
}

bool store_session_touch(struct store *s, int64_t org_id, int64_t id,
			 int64_t now, struct sr_error *err)
{
	struct store_stmt *st = store_prepare(
	    s,
	    "UPDATE sessions SET last_seen_at = ? WHERE org_id = ? AND id = ? "
	    "AND last_seen_at < ?",
	    err);
	if (!st)
		return false;
	store_bind_int(st, 1, now);
	store_bind_int(st, 2, org_id);
	store_bind_int(st, 3, id);
	store_bind_int(st, 4, now);
	return run_done(st, NULL, err);
}

bool store_session_delete(struct store *s, const char *token_hash,
			  struct sr_error *err)
{
	struct store_stmt *st =
	    store_prepare(s, "DELETE FROM sessions WHERE token_hash = ?", err);
	if (!st)
		return false;
	store_bind_text(st, 1, token_hash);
	return run_done(st, NULL, err);
}

bool store_session_purge(struct store *s, int64_t idle_before,
			 int64_t created_before, struct sr_error *err)
{
	struct store_stmt *st = store_prepare(
	    s, "DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?",
	    err);
	if (!st)
		return false;
	store_bind_int(st, 1, idle_before);
	store_bind_int(st, 2, created_before);
	return run_done(st, NULL, err);
}

/* ---- API tokens ---- */

bool store_token_create(struct store *s, int64_t org_id, const char *name,
			const char *role, int64_t supplier_id,
			const char *token_hash, const char *created_by,
			const char *now, int64_t *id, struct sr_error *err)
{
	if (!user_role_valid(role))
		return sr_fail(err, 422, "invalid_role", "role",
			       "the role is one of administrator, consultant, "
			       "buyer, jobcoach, supplier, auditor");
	if (org_id == 0 && strcmp(role, "administrator") != 0)
		return sr_fail(err, 422, "invalid_role", "role",
			       "a system token is an administrator's");
	if (!check_supplier(s, org_id, role, supplier_id, err) ||
	    !store_next_id(s, id, err))
		return false;
	struct store_stmt *st = store_prepare(
	    s,
	    "INSERT INTO api_tokens (org_id, id, name, role, supplier_id, "
	    "token_hash, created_by, created_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	    err);
	if (!st)
		return false;
	store_bind_int(st, 1, org_id);
	store_bind_int(st, 2, *id);
	store_bind_text(st, 3, name);
	store_bind_text(st, 4, role);
	if (supplier_id)
		store_bind_int(st, 5, supplier_id);
	else
		store_bind_null(st, 5);
	store_bind_text(st, 6, token_hash);
	store_bind_text(st, 7, created_by);
	store_bind_text(st, 8, now);
	return run_done(st, NULL, err);
}

bool store_token_find(struct store *s, const char *token_hash,
		      struct principal *out, bool *found, struct sr_error *err)
{
	*found = false;
	memset(out, 0, sizeof *out);
	struct store_stmt *st =
	    store_prepare(s,
			  "SELECT t.org_id, t.id, t.name, t.role, "
			  "COALESCE(t.supplier_id, 0), "
			  "COALESCE(t.last_used_at, 0), COALESCE(o.code, '*') "
			  "FROM api_tokens t LEFT JOIN organisations o ON "
			  "o.org_id = t.org_id "
			  "WHERE t.token_hash = ? AND t.revoked_at IS NULL",
			  err);
	if (!st)
		return false;
	store_bind_text(st, 1, token_hash);
	enum store_step_result r = store_step(st, err);
	if (r == STORE_ROW) {
		*found = true;
		out->org_id = store_column_int(st, 0);
		out->credential_id = store_column_int(st, 1);
		copy_text(out->email, sizeof out->email,
			  store_column_text(st, 2));
		copy_text(out->role, sizeof out->role,
			  store_column_text(st, 3));
		out->supplier_id = store_column_int(st, 4);
		out->last_seen_at = store_column_int(st, 5);
		copy_text(out->org_code, sizeof out->org_code,
			  store_column_text(st, 6));
	}
	store_finalize(st);
	return r != STORE_ERROR;
}

bool store_token_touch(struct store *s, int64_t org_id, int64_t id, int64_t now,
		       struct sr_error *err)
{
	struct store_stmt *st =
	    store_prepare(s,
			  "UPDATE api_tokens SET last_used_at = ? WHERE org_id "
			  "= ? AND id = ?",
			  err);
	if (!st)
		return false;
	store_bind_int(st, 1, now);
	store_bind_int(st, 2, org_id);
	store_bind_int(st, 3, id);
	return run_done(st, NULL, err);
}

bool store_token_revoke(struct store *s, int64_t org_id, int64_t id,
			const char *now, bool *found, struct sr_error *err)
{
	char sql[160];
	snprintf(sql, sizeof sql,
		 "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND "
		 "revoked_at IS NULL%s",
		 org_id ? " AND org_id = ?" : "");
	struct store_stmt *st = store_prepare(s, sql, err);
	if (!st)
		return false;
	store_bind_text(st, 1, now);
	store_bind_int(st, 2, id);
	if (org_id)
		store_bind_int(st, 3, org_id);
	int64_t changes = 0;
	bool ok = run_done(st, &changes, err);
	*found = changes > 0;
	return ok;
}

static const char *token_select =
    "SELECT t.id, COALESCE(o.code, '*'), t.name, t.role, t.supplier_id, "
    "t.created_by, t.created_at, t.last_used_at, t.revoked_at "
    "FROM api_tokens t LEFT JOIN organisations o ON o.org_id = t.org_id";

static json_t *token_row(struct store_stmt *st)
{
	json_t *t = json_object();
	json_object_set_new(t, "id", json_integer(store_column_int(st, 0)));
	json_object_set_new(t, "organisation",
			    json_string(store_column_text(st, 1)));
	json_object_set_new(t, "name", json_string(store_column_text(st, 2)));
	json_object_set_new(t, "role", json_string(store_column_text(st, 3)));
	json_object_set_new(t, "supplier_id",
			    store_column_is_null(st, 4)
				? json_null()
				: json_integer(store_column_int(st, 4)));
	json_object_set_new(t, "created_by",
			    json_string(store_column_text(st, 5)));
	json_object_set_new(t, "created_at",
			    json_string(store_column_text(st, 6)));
	if (store_column_is_null(st, 7)) {
		json_object_set_new(t, "last_used_at", json_null());
	} else {
		time_t when = (time_t)store_column_int(st, 7);
		struct tm tm;
		char text[32];
		gmtime_r(&when, &tm);
		strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
		json_object_set_new(t, "last_used_at", json_string(text));
	}
	json_object_set_new(t, "revoked_at",
			    store_column_is_null(st, 8)
				? json_null()
				: json_string(store_column_text(st, 8)));
	return t;
}

bool store_token_list(struct store *s, int64_t org_id, json_t **tokens,
		      struct sr_error *err)
{
	char sql[512];
	snprintf(sql, sizeof sql, "%s%s ORDER BY t.org_id, t.id", token_select,
		 org_id >= 0 ? " WHERE t.org_id = ?" : "");
	struct store_stmt *st = store_prepare(s, sql, err);
	if (!st)
		return false;
	if (org_id >= 0)
		store_bind_int(st, 1, org_id);
	json_t *list = json_array();
	enum store_step_result r;
	while ((r = store_step(st, err)) == STORE_ROW)
		json_array_append_new(list, token_row(st));
	store_finalize(st);
	if (r == STORE_ERROR) {
		json_decref(list);
		return false;
	}
	*tokens = list;
	return true;
}

bool store_token_get(struct store *s, int64_t org_id, int64_t id,
		     json_t **token, struct sr_error *err)
{
	*token = NULL;
	char sql[512];
	snprintf(sql, sizeof sql, "%s WHERE t.id = ?%s", token_select,
		 org_id ? " AND t.org_id = ?" : "");
	struct store_stmt *st = store_prepare(s, sql, err);
	if (!st)
		return false;
	store_bind_int(st, 1, id);
	if (org_id)
		store_bind_int(st, 2, org_id);
	enum store_step_result r = store_step(st, err);
	if (r == STORE_ROW)
		*token = token_row(st);
	store_finalize(st);
	if (r == STORE_ERROR)
		return false;
	if (!*token)
		return sr_fail(err, 404, "not_found", "", "no such token");
	return true;
}

/* ---- failed logins ---- */

bool store_throttle_get(struct store *s, const char *subject,
			int64_t *locked_until, struct sr_error *err)
{
	*locked_until = 0;
	struct store_stmt *st = store_prepare(
	    s,
	    "SELECT locked_until FROM login_throttle WHERE org_id = 0 AND "
	    "subject = ?",
	    err);
	if (!st)
		return false;
	store_bind_text(st, 1, subject);
	enum store_step_result r = store_step(st, err);
	if (r == STORE_ROW)
		*locked_until = store_column_int(st, 0);
	store_finalize(st);
	return r != STORE_ERROR;
}

bool store_throttle_fail(struct store *s, const char *subject, int64_t now,
			 int limit, int window, int lock, struct sr_error *err)
{
	int64_t failures = 0, window_start = now;
	struct store_stmt *st =
	    store_prepare(s,
			  "SELECT failures, window_start FROM login_throttle "
			  "WHERE org_id = 0 AND subject = ?",
			  err);
	if (!st)
		return false;
	store_bind_text(st, 1, subject);
	enum store_step_result r = store_step(st, err);
	if (r == STORE_ROW) {
		failures = store_column_int(st, 0);
		window_start = store_column_int(st, 1);
	}
	store_finalize(st);
	if (r == STORE_ERROR)
		return false;
	if (now - window_start >= window) {
		failures = 0;
		window_start = now;
	}
	failures++;
	int64_t locked_until = 0;
	if (failures >= limit) {
		/* Locked: the next `limit` tries come after the lock. */
		locked_until = now + lock;
		failures = 0;
		window_start = now;
	}
	st = store_prepare(
	    s,
	    "INSERT INTO login_throttle (org_id, subject, failures, "
	    "window_start, locked_until) VALUES (0, ?, ?, ?, ?) "
	    "ON CONFLICT (org_id, subject) DO UPDATE SET "
	    "failures = excluded.failures, window_start = "
	    "excluded.window_start, locked_until = excluded.locked_until",
	    err);
	if (!st)
		return false;
	store_bind_text(st, 1, subject);
	store_bind_int(st, 2, failures);
	store_bind_int(st, 3, window_start);
	store_bind_int(st, 4, locked_until);
	return run_done(st, NULL, err);
}

bool store_throttle_clear(struct store *s, const char *subject,
			  struct sr_error *err)
{
	struct store_stmt *st = store_prepare(
	    s, "DELETE FROM login_throttle WHERE org_id = 0 AND subject = ?",
	    err);
	if (!st)
		return false;
	store_bind_text(st, 1, subject);
	return run_done(st, NULL, err);
}
