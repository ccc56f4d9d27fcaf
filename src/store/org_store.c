/* org_store.c: see org_store.h. */
#include "store/org_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/audit_store.h"

bool store_org_by_code(struct store *s, const char *code, int64_t *org_id,
		       bool *found, struct sr_error *err)
{
	*found = false;
	struct store_stmt *st = store_prepare(
	    s, "SELECT org_id, kind FROM organisations WHERE code = ?", err);
	if (!st)
		return false;
	store_bind_text(st, 1, code);
	enum store_step_result r = store_step(st, err);
	if (r == STORE_ROW) {
		*org_id = store_column_int(st, 0);
		*found = true;
	}
	store_finalize(st);
	return r != STORE_ERROR;
}

static bool is_region(struct store *s, const char *code, bool *region,
		      struct sr_error *err)
{
	*region = false;
	struct store_stmt *st = store_prepare(
	    s, "SELECT kind FROM organisations WHERE code = ?", err);
	if (!st)
		return false;
	store_bind_text(st, 1, code);
	enum store_step_result r = store_step(st, err);
	if (r == STORE_ROW)
		*region = strcmp(store_column_text(st, 0), "region") == 0;
	store_finalize(st);
	return r != STORE_ERROR;
}

bool store_org_create(struct store *s, const char *code, const char *name,
		      const char *kind, const char *region, const char *now,
		      const char *actor, int64_t *id, struct sr_error *err)
{
	int64_t existing = 0;
	bool found = false, region_ok = false;
	if (!store_org_by_code(s, code, &existing, &found, err))
		return false;
	if (found)
		return sr_fail(err, 409, "conflict", "code",
			       "an organisation with code %s exists", code);
	if (region && !is_region(s, region, &region_ok, err))
		return false;
	if (region && !region_ok)
		return sr_fail(err, 422, "unknown_organisation", "region",
			       "no region with code '%s'", region);
	if (!store_next_id(s, id, err))
		return false;
	struct store_stmt *st = store_prepare(
	    s,
	    "INSERT INTO organisations (org_id, id, code, name, kind, "
	    "region_code, share_candidates, created_at, updated_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)",
	    err);
	if (!st)
		return false;
	store_bind_int(st, 1, *id);
	store_bind_int(st, 2, *id);
	store_bind_text(st, 3, code);
	store_bind_text(st, 4, name);
	store_bind_text(st, 5, kind);
	if (region)
		store_bind_text(st, 6, region);
	else
		store_bind_null(st, 6);
	store_bind_text(st, 7, now);
	store_bind_text(st, 8, now);
	enum store_step_result r = store_step(st, err);
	store_finalize(st);
	if (r != STORE_DONE)
		return false;
	json_t *changes =
	    json_pack("{s:s, s:s, s:s, s:s?}", "code", code, "name", name,
		      "kind", kind, "region", region);
	char *text =
	    changes ? json_dumps(changes, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(changes);
	bool ok = store_audit_append(s, *id, now, actor, "create",
				     "organisation", *id, text, err);
	free(text);
	return ok;
}

bool store_org_list(struct store *s, json_t **items, struct sr_error *err)
{
	struct store_stmt *st = store_prepare(
	    s,
	    "SELECT id, code, name, kind, region_code FROM organisations "
	    "ORDER BY code",
	    err);
	if (!st)
		return false;
	json_t *list = json_array();
	enum store_step_result r;
	while ((r = store_step(st, err)) == STORE_ROW)
		json_array_append_new(
		    list, json_pack("{s:I, s:s, s:s, s:s, s:s?}", "id",
				    (json_int_t)store_column_int(st, 0), "code",
				    store_column_text(st, 1), "name",
				    store_column_text(st, 2), "kind",
				    store_column_text(st, 3), "region",
				    store_column_is_null(st, 4)
					? NULL
					: store_column_text(st, 4)));
	store_finalize(st);
	if (r == STORE_ERROR) {
		json_decref(list);
		return false;
	}
	*items = list;
	return true;
}

bool store_org_region(struct store *s, int64_t org_id, char *out, size_t size,
		      struct sr_error *err)
{
	out[0] = '\0';
	struct store_stmt *st = store_prepare(
	    s,
	    "SELECT COALESCE(region_code, '') FROM organisations "
	    "WHERE org_id = ?",
	    err);
	if (!st)
		return false;
	store_bind_int(st, 1, org_id);
	enum store_step_result r = store_step(st, err);
	if (r == STORE_ROW)
		snprintf(out, size, "%s", store_column_text(st, 0));
	store_finalize(st);
	return r != STORE_ERROR;
}
