/* followup_store.c: see followup_store.h. */
#include "store/followup_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool store_followup_insert(struct store *s, int64_t org_id, int64_t id,
			   int64_t realisation_id, int months,
			   const char *due_date, const char *now,
			   struct sr_error *err)
{
	struct store_stmt *st = store_prepare(
		s,
		"INSERT INTO follow_ups (org_id, id, realisation_id, months, due_date, "
		"employed, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'unknown', ?, ?)",
		err);
	if (!st)
		return false;
	store_bind_int(st, 1, org_id);
	store_bind_int(st, 2, id);
	store_bind_int(st, 3, realisation_id);
	store_bind_int(st, 4, months);
	store_bind_text(st, 5, due_date);
	store_bind_text(st, 6, now);
	store_bind_text(st, 7, now);
	enum store_step_result r = store_step(st, err);
	store_finalize(st);
	return r == STORE_DONE;
}

bool store_followups_exist(struct store *s, int64_t org_id,
			   int64_t realisation_id, bool *exist,
			   struct sr_error *err)
{
	struct store_stmt *st = store_prepare(
		s, "SELECT 1 FROM follow_ups WHERE org_id = ? AND realisation_id = ? LIMIT 1",
		err);
	if (!st)
		return false;
	store_bind_int(st, 1, org_id);
	store_bind_int(st, 2, realisation_id);
	enum store_step_result r = store_step(st, err);
	*exist = r == STORE_ROW;
	store_finalize(st);
	return r != STORE_ERROR;
}

bool store_evidence_insert(struct store *s, int64_t org_id, int64_t id,
			   int64_t realisation_id, const char *content_type,
			   const char *filename, size_t size, const void *sealed,
			   size_t sealed_len, const char *now,
			   struct sr_error *err)
{
	struct store_stmt *st = store_prepare(
		s,
		"INSERT INTO evidence (org_id, id, realisation_id, content_type, "
		"filename, size, sealed, created_at, updated_at) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		err);
	if (!st)
		return false;
	store_bind_int(st, 1, org_id);
	store_bind_int(st, 2, id);
	store_bind_int(st, 3, realisation_id);
	store_bind_text(st, 4, content_type);
	store_bind_text(st, 5, filename);
	store_bind_int(st, 6, (int64_t)size);
	store_bind_blob(st, 7, sealed, sealed_len);
	store_bind_text(st, 8, now);
	store_bind_text(st, 9, now);
	enum store_step_result r = store_step(st, err);
	store_finalize(st);
	return r == STORE_DONE;
}

bool store_evidence_list(struct store *s, int64_t org_id,
			 int64_t realisation_id, json_t **items,
			 struct sr_error *err)
{
	*items = NULL;
	struct store_stmt *st = store_prepare(
		s,
		"SELECT id, content_type, COALESCE(filename, ''), size, created_at "
		"FROM evidence WHERE org_id = ? AND realisation_id = ? ORDER BY id",
		err);
	if (!st)
		return false;
	store_bind_int(st, 1, org_id);
	store_bind_int(st, 2, realisation_id);
	json_t *list = json_array();
	enum store_step_result r;
	while ((r = store_step(st, err)) == STORE_ROW)
		json_array_append_new(
			list, json_pack("{s:I, s:s, s:s, s:I, s:s}", "id",
					(json_int_t)store_column_int(st, 0),
					"content_type", store_column_text(st, 1),
					"filename", store_column_text(st, 2), "size",
					(json_int_t)store_column_int(st, 3),
					"created_at", store_column_text(st, 4)));
	store_finalize(st);
	if (r == STORE_ERROR) {
		json_decref(list);
		return false;
	}
	*items = list;
	return true;
}

bool store_evidence_get(struct store *s, int64_t org_id, int64_t id,
			int64_t *realisation_id, char *content_type,
			size_t content_type_len, char *filename,
			size_t filename_len, void **sealed, size_t *sealed_len,
			bool *found, struct sr_error *err)
{
	*sealed = NULL;
	*sealed_len = 0;
	struct store_stmt *st = store_prepare(
		s,
		org_id ? "SELECT realisation_id, content_type, COALESCE(filename, ''), "
			 "sealed FROM evidence WHERE id = ? AND org_id = ?"
		       : "SELECT realisation_id, content_type, COALESCE(filename, ''), "
			 "sealed FROM evidence WHERE id = ?",
		err);
	if (!st)
		return false;
	store_bind_int(st, 1, id);
	if (org_id)
		store_bind_int(st, 2, org_id);
	enum store_step_result r = store_step(st, err);
	*found = r == STORE_ROW;
	bool ok = r != STORE_ERROR;
	if (*found) {
		*realisation_id = store_column_int(st, 0);
		snprintf(content_type, content_type_len, "%s", store_column_text(st, 1));
		snprintf(filename, filename_len, "%s", store_column_text(st, 2));
		size_t n = 0;
		const void *b = store_column_blob(st, 3, &n);
		*sealed = malloc(n ? n : 1);
		if (!*sealed) {
			ok = sr_fail(err, 503, "out_of_memory", "", "out of memory");
		} else {
			memcpy(*sealed, b, n);
			*sealed_len = n;
		}
	}
	store_finalize(st);
	return ok;
}
