/* audit_store.c: see audit_store.h. */
#include "store/audit_store.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static void entry_hash(const char *prev, int64_t org_id, int64_t id,
		       const char *at, const char *actor, const char *action,
		       const char *entity, int64_t entity_id,
		       const char *changes, char out[65])
{
	crypto_hash_sha256_state h;
	unsigned char digest[crypto_hash_sha256_BYTES];
	char numbers[80];
	crypto_hash_sha256_init(&h);
	const char *parts[] = {prev, at, actor, action, entity, changes};
	snprintf(numbers, sizeof numbers, "%lld|%lld|%lld", (long long)org_id,
		 (long long)id, (long long)entity_id);
	crypto_hash_sha256_update(&h, (const unsigned char *)numbers,
				  strlen(numbers));
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		const char *p = parts[i] ? parts[i] : "";
		/* Length-prefixed, so that fields cannot run into each other. */
		char len[24];
		snprintf(len, sizeof len, "|%zu:", strlen(p));
		crypto_hash_sha256_update(&h, (const unsigned char *)len, strlen(len));
		crypto_hash_sha256_update(&h, (const unsigned char *)p, strlen(p));
	}
	crypto_hash_sha256_final(&h, digest);
	sodium_bin2hex(out, 65, digest, sizeof digest);
}

bool store_audit_append(struct store *s, int64_t org_id, const char *at,
			const char *actor, const char *action,
			const char *entity, int64_t entity_id,
			const char *changes, struct sr_error *err)
{
	char prev[65] = "";
	struct store_stmt *st = store_prepare(
		s,
		"SELECT hash FROM audit_log WHERE org_id = ? ORDER BY id DESC LIMIT 1",
		err);
	if (!st)
		return false;
	store_bind_int(st, 1, org_id);
	enum store_step_result r = store_step(st, err);
	if (r == STORE_ROW)
		snprintf(prev, sizeof prev, "%s", store_column_text(st, 0));
	store_finalize(st);
	if (r == STORE_ERROR)
		return false;
	int64_t id;
	if (!store_next_id(s, &id, err))
		return false;
	char hash[65];
	entry_hash(prev, org_id, id, at, actor, action, entity, entity_id,
		   changes, hash);
	st = store_prepare(s,
			   "INSERT INTO audit_log (org_id, id, at, actor, action, "
			   "entity, entity_id, changes, prev_hash, hash) "
			   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			   err);
	if (!st)
		return false;
	store_bind_int(st, 1, org_id);
	store_bind_int(st, 2, id);
	store_bind_text(st, 3, at);
	store_bind_text(st, 4, actor);
	store_bind_text(st, 5, action);
	store_bind_text(st, 6, entity);
	if (entity_id)
		store_bind_int(st, 7, entity_id);
	else
		store_bind_null(st, 7);
	store_bind_text(st, 8, changes);
	store_bind_text(st, 9, prev);
	store_bind_text(st, 10, hash);
	r = store_step(st, err);
	store_finalize(st);
	return r == STORE_DONE;
}

bool store_audit_verify(struct store *s, int64_t *checked, int64_t *bad_id,
			struct sr_error *err)
{
	*checked = 0;
	*bad_id = 0;
	struct store_stmt *st = store_prepare(
		s,
		"SELECT org_id, id, at, actor, action, entity, "
		"COALESCE(entity_id, 0), changes, prev_hash, hash "
		"FROM audit_log ORDER BY org_id, id",
		err);
	if (!st)
		return false;
	int64_t org = -1;
	char prev[65] = "";
	enum store_step_result r;
	while ((r = store_step(st, err)) == STORE_ROW) {
		int64_t o = store_column_int(st, 0);
		if (o != org) {
			org = o;
			prev[0] = '\0';
		}
		char hash[65];
		bool has_changes = !store_column_is_null(st, 7);
		entry_hash(prev, o, store_column_int(st, 1),
			   store_column_text(st, 2), store_column_text(st, 3),
			   store_column_text(st, 4), store_column_text(st, 5),
			   store_column_int(st, 6),
			   has_changes ? store_column_text(st, 7) : NULL, hash);
		(*checked)++;
		if (strcmp(prev, store_column_text(st, 8)) != 0 ||
		    strcmp(hash, store_column_text(st, 9)) != 0) {
			*bad_id = store_column_int(st, 1);
			break;
		}
		snprintf(prev, sizeof prev, "%s", hash);
	}
	store_finalize(st);
	return r != STORE_ERROR;
}
