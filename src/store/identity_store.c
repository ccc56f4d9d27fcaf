/* identity_store.c: see identity_store.h. The identity document is stored as
 * one sealed blob. */
#include "store/identity_store.h"

#include <stdlib.h>
#include <string.h>

bool store_identity_get(struct store *s, int64_t org_id, int64_t candidate_id,
			json_t **identity, struct sr_error *err)
{
	*identity = NULL;
	struct store_stmt *st = store_prepare(
		s,
		"SELECT sealed FROM candidate_identities "
		"WHERE org_id = ? AND candidate_id = ?",
		err);
	if (!st)
		return false;
	store_bind_int(st, 1, org_id);
	store_bind_int(st, 2, candidate_id);
	enum store_step_result r = store_step(st, err);
	if (r == STORE_ROW) {
		size_t n = 0;
		const void *blob = store_column_blob(st, 0, &n);
		*identity = json_loadb(blob, n, 0, NULL);
	}
	store_finalize(st);
	return r != STORE_ERROR;
}

bool store_identity_put(struct store *s, int64_t org_id, int64_t candidate_id,
			json_t *identity, const char *now,
			struct sr_error *err)
{
	char *text = json_dumps(identity, JSON_COMPACT | JSON_SORT_KEYS);
	if (!text)
		return sr_fail(err, 503, "out_of_memory", "", "out of memory");
	struct store_stmt *st = store_prepare(
		s,
		"INSERT INTO candidate_identities (org_id, candidate_id, sealed, "
		"updated_at) VALUES (?, ?, ?, ?) "
		"ON CONFLICT (org_id, candidate_id) DO UPDATE SET "
		"sealed = excluded.sealed, updated_at = excluded.updated_at",
		err);
	if (!st) {
		free(text);
		return false;
	}
	store_bind_int(st, 1, org_id);
	store_bind_int(st, 2, candidate_id);
	store_bind_blob(st, 3, text, strlen(text));
	store_bind_text(st, 4, now);
	enum store_step_result r = store_step(st, err);
	store_finalize(st);
	free(text);
	return r == STORE_DONE;
}

bool store_identity_delete(struct store *s, int64_t org_id,
			   int64_t candidate_id, struct sr_error *err)
{
	struct store_stmt *st = store_prepare(
		s,
		"DELETE FROM candidate_identities WHERE org_id = ? AND candidate_id = ?",
		err);
	if (!st)
		return false;
	store_bind_int(st, 1, org_id);
	store_bind_int(st, 2, candidate_id);
	enum store_step_result r = store_step(st, err);
	store_finalize(st);
	return r == STORE_DONE;
}
