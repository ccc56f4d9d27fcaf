/* identity_store.c: see identity_store.h. The identity document is stored as
 * one sealed blob (crypto_seal: secretbox under the key file's key, bound to
 * the row by its context). */
#include "store/identity_store.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/keyring.h"

void identity_context(int64_t org_id, int64_t candidate_id, char out[64])
{
	snprintf(out, 64, "identity:%lld:%lld", (long long)org_id,
		 (long long)candidate_id);
}

void evidence_context(int64_t org_id, int64_t evidence_id, char out[64])
{
	snprintf(out, 64, "evidence:%lld:%lld", (long long)org_id,
		 (long long)evidence_id);
}

bool store_identity_get(struct store *s, int64_t org_id, int64_t candidate_id,
			json_t **identity, struct sr_error *err)
{
	*identity = NULL;
	struct store_stmt *st =
	    store_prepare(s,
			  "SELECT sealed FROM candidate_identities "
			  "WHERE org_id = ? AND candidate_id = ?",
			  err);
	if (!st)
		return false;
	store_bind_int(st, 1, org_id);
	store_bind_int(st, 2, candidate_id);
	enum store_step_result r = store_step(st, err);
	bool ok = r != STORE_ERROR;
	if (r == STORE_ROW) {
		size_t n = 0, plen = 0;
		const void *blob = store_column_blob(st, 0, &n);
		char context[64], *plain = NULL;
		identity_context(org_id, candidate_id, context);
		if (!crypto_is_sealed(blob, n))
			ok = sr_fail(err, 500, "identity_not_sealed", "",
				     "an identity is stored unsealed: run "
				     "`sroi rekey` to seal it");
		else
			ok = keyring_open(context, blob, n, &plain, &plen, err);
		if (ok) {
			*identity = json_loadb(plain, plen, 0, NULL);
			if (!*identity)
				ok =
				    sr_fail(err, 500, "identity_unreadable", "",
					    "a sealed identity is not JSON");
		}
		if (plain) {
			sodium_memzero(plain, plen);
			free(plain);
		}
	}
	store_finalize(st);
	return ok;
}

bool store_identity_region_of(struct store *s, int64_t org_id, char out[64],
			      struct sr_error *err)
{
	out[0] = '\0';
	struct store_stmt *st = store_prepare(
	    s,
	    "SELECT COALESCE(region_code, code) FROM organisations "
	    "WHERE org_id = ?",
	    err);
	if (!st)
		return false;
	store_bind_int(st, 1, org_id);
	enum store_step_result r = store_step(st, err);
	if (r == STORE_ROW)
		snprintf(out, 64, "%s", store_column_text(st, 0));
	store_finalize(st);
	if (r == STORE_ERROR)
		return false;
	if (!out[0])
		return sr_fail(err, 404, "not_found", "",
			       "no such organisation");
	return true;
}

static bool set_pseudonym(struct store *s, int64_t org_id, int64_t candidate_id,
			  const char *pseudonym, struct sr_error *err)
{
	struct store_stmt *st =
	    store_prepare(s,
			  "UPDATE candidates SET region_pseudonym = ? "
			  "WHERE org_id = ? AND id = ?",
			  err);
	if (!st)
		return false;
	if (pseudonym)
		store_bind_text(st, 1, pseudonym);
	else
		store_bind_null(st, 1);
	store_bind_int(st, 2, org_id);
	store_bind_int(st, 3, candidate_id);
	enum store_step_result r = store_step(st, err);
	store_finalize(st);
	return r == STORE_DONE;
}

bool store_identity_put(struct store *s, int64_t org_id, int64_t candidate_id,
			json_t *identity, const char *now, struct sr_error *err)
{
	const struct keyring *k = keyring_current();
	if (!k)
		return sr_fail(err, 500, "no_key", "",
			       "no key file is loaded: identities cannot be "
			       "sealed");
	char *text = json_dumps(identity, JSON_COMPACT | JSON_SORT_KEYS);
	if (!text)
		return sr_fail(err, 503, "out_of_memory", "", "out of memory");
	size_t text_len = strlen(text);
	char context[64];
	identity_context(org_id, candidate_id, context);
	unsigned char *blob = NULL;
	size_t blob_len = 0;
	bool ok = crypto_seal(k->sealing_key, context, text, text_len, &blob,
			      &blob_len, err);
	sodium_memzero(text, text_len);
	free(text);
	if (!ok)
		return false;
	struct store_stmt *st = store_prepare(
	    s,
	    "INSERT INTO candidate_identities (org_id, candidate_id, sealed, "
	    "updated_at) VALUES (?, ?, ?, ?) "
	    "ON CONFLICT (org_id, candidate_id) DO UPDATE SET "
	    "sealed = excluded.sealed, updated_at = excluded.updated_at",
	    err);
	if (!st) {
		free(blob);
		return false;
	}
	store_bind_int(st, 1, org_id);
	store_bind_int(st, 2, candidate_id);
	store_bind_blob(st, 3, blob, blob_len);
	store_bind_text(st, 4, now);
	enum store_step_result r = store_step(st, err);
	store_finalize(st);
	free(blob);
	if (r != STORE_DONE)
		return false;

	/* The region pseudonym follows the BSN. */
	json_t *bsn = json_object_get(identity, "bsn");
	if (!json_is_string(bsn) || !*json_string_value(bsn))
		return set_pseudonym(s, org_id, candidate_id, NULL, err);
	char region[64], pseudonym[CRYPTO_HASH_HEX_LEN];
	if (!store_identity_region_of(s, org_id, region, err))
		return false;
	crypto_region_pseudonym(k->region_secret, region,
				json_string_value(bsn), pseudonym);
	return set_pseudonym(s, org_id, candidate_id, pseudonym, err);
}

bool store_identity_delete(struct store *s, int64_t org_id,
			   int64_t candidate_id, struct sr_error *err)
{
	struct store_stmt *st =
	    store_prepare(s,
			  "DELETE FROM candidate_identities WHERE org_id = ? "
			  "AND candidate_id = ?",
			  err);
	if (!st)
		return false;
	store_bind_int(st, 1, org_id);
	store_bind_int(st, 2, candidate_id);
	enum store_step_result r = store_step(st, err);
	store_finalize(st);
	return r == STORE_DONE &&
	       set_pseudonym(s, org_id, candidate_id, NULL, err);
}

/* ---- rekey -------------------------------------------------------------- */

struct resealed {
	int64_t org_id, id;
	unsigned char *blob;
	size_t len;
};

/* Reads every sealed blob of one table (columns: org_id, row id, blob),
 * opens it with old_key (or, when seal_plain, takes it as plain text when
 * it predates sealing) and seals it with new_key; then writes them back. */
static bool reseal_table(struct store *s, const char *select_sql,
			 const char *update_sql,
			 void (*context_of)(int64_t, int64_t, char[64]),
			 bool seal_plain,
			 const unsigned char old_key[CRYPTO_KEY_BYTES],
			 const unsigned char new_key[CRYPTO_KEY_BYTES],
			 int64_t *count, struct sr_error *err)
{
	struct store_stmt *st = store_prepare(s, select_sql, err);
	if (!st)
		return false;
	struct resealed *items = NULL;
	size_t n = 0, cap = 0;
	bool ok = true;
	enum store_step_result r;
	while ((r = store_step(st, err)) == STORE_ROW) {
		size_t blen = 0, plen = 0;
		const void *b = store_column_blob(st, 2, &blen);
		if (!seal_plain && !crypto_is_sealed(b, blen))
			continue; /* not ours to seal */
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			struct resealed *grown =
			    realloc(items, cap * sizeof *items);
			if (!grown) {
				ok = sr_fail(err, 503, "out_of_memory", "",
					     "out of memory");
				break;
			}
			items = grown;
		}
		struct resealed *it = &items[n++];
		it->org_id = store_column_int(st, 0);
		it->id = store_column_int(st, 1);
		it->blob = NULL;
		char context[64], *plain = NULL;
		context_of(it->org_id, it->id, context);
		if (crypto_is_sealed(b, blen)) {
			ok = crypto_open(old_key, context, b, blen, &plain,
					 &plen, err);
		} else {
			plain = malloc(blen + 1);
			ok = plain != NULL;
			if (ok) {
				if (blen)
					memcpy(plain, b, blen);
				plain[blen] = '\0';
				plen = blen;
			}
		}
		if (ok)
			ok = crypto_seal(new_key, context, plain, plen,
					 &it->blob, &it->len, err);
		if (plain) {
			sodium_memzero(plain, plen);
			free(plain);
		}
		if (!ok)
			break;
	}
	store_finalize(st);
	if (r == STORE_ERROR)
		ok = false;
	for (size_t i = 0; ok && i < n; i++) {
		struct store_stmt *u = store_prepare(s, update_sql, err);
		ok = u != NULL;
		if (ok) {
			store_bind_blob(u, 1, items[i].blob, items[i].len);
			store_bind_int(u, 2, items[i].org_id);
			store_bind_int(u, 3, items[i].id);
			ok = store_step(u, err) == STORE_DONE;
			store_finalize(u);
		}
	}
	for (size_t i = 0; i < n; i++)
		free(items[i].blob);
	free(items);
	if (ok)
		*count += (int64_t)n;
	return ok;
}

static void identity_context_of(int64_t org_id, int64_t id, char out[64])
{
	identity_context(org_id, id, out);
}

static void evidence_context_of(int64_t org_id, int64_t id, char out[64])
{
	evidence_context(org_id, id, out);
}

bool store_identity_reseal(struct store *s,
			   const unsigned char old_key[CRYPTO_KEY_BYTES],
			   const unsigned char new_key[CRYPTO_KEY_BYTES],
			   int64_t *count, struct sr_error *err)
{
	*count = 0;
	return reseal_table(
		   s,
		   "SELECT org_id, candidate_id, sealed FROM "
		   "candidate_identities ORDER BY org_id, candidate_id",
		   "UPDATE candidate_identities SET sealed = ? "
		   "WHERE org_id = ? AND candidate_id = ?",
		   identity_context_of, true, old_key, new_key, count, err) &&
	       reseal_table(s,
			    "SELECT org_id, id, sealed FROM evidence "
			    "ORDER BY org_id, id",
			    "UPDATE evidence SET sealed = ? "
			    "WHERE org_id = ? AND id = ?",
			    evidence_context_of, false, old_key, new_key, count,
			    err);
}
