/* policy_store.c: see policy_store.h. */
#include "store/policy_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void stored_policy_free(struct stored_policy *p)
{
	free(p->document);
	p->document = NULL;
}

bool store_policy_insert(struct store *s, int64_t org_id, int64_t id,
			 const char *name, const char *version,
			 const char *effective_from, const char *document,
			 const char *now, struct sr_error *err)
{
	struct store_stmt *st = store_prepare(
		s,
		"INSERT INTO policies (org_id, id, name, version, effective_from, "
		"document, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		err);
	if (!st)
		return false;
	store_bind_int(st, 1, org_id);
	store_bind_int(st, 2, id);
	store_bind_text(st, 3, name);
	store_bind_text(st, 4, version);
	store_bind_text(st, 5, effective_from);
	store_bind_text(st, 6, document);
	store_bind_text(st, 7, now);
	store_bind_text(st, 8, now);
	enum store_step_result r = store_step(st, err);
	store_finalize(st);
	return r == STORE_DONE;
}

#define POLICY_COLUMNS "id, org_id, name, version, effective_from, document, created_at"

static bool read_row(struct store_stmt *st, struct stored_policy *p)
{
	memset(p, 0, sizeof *p);
	p->id = store_column_int(st, 0);
	p->org_id = store_column_int(st, 1);
	snprintf(p->name, sizeof p->name, "%s", store_column_text(st, 2));
	snprintf(p->version, sizeof p->version, "%s", store_column_text(st, 3));
	snprintf(p->effective_from, sizeof p->effective_from, "%s",
		 store_column_text(st, 4));
	p->document = strdup(store_column_text(st, 5));
	snprintf(p->created_at, sizeof p->created_at, "%s",
		 store_column_text(st, 6));
	return p->document != NULL;
}

bool store_policy_list(struct store *s, int64_t org_id,
		       struct stored_policy **items, int *count,
		       struct sr_error *err)
{
	*items = NULL;
	*count = 0;
	struct store_stmt *st = store_prepare(
		s,
		"SELECT " POLICY_COLUMNS " FROM policies WHERE org_id = ? "
		"ORDER BY effective_from, id",
		err);
	if (!st)
		return false;
	store_bind_int(st, 1, org_id);
	enum store_step_result r;
	int cap = 0;
	while ((r = store_step(st, err)) == STORE_ROW) {
		if (*count == cap) {
			cap = cap ? cap * 2 : 8;
			struct stored_policy *n = realloc(*items, (size_t)cap * sizeof **items);
			if (!n) {
				r = STORE_ERROR;
				sr_fail(err, 503, "out_of_memory", "", "out of memory");
				break;
			}
			*items = n;
		}
		if (!read_row(st, &(*items)[*count])) {
			r = STORE_ERROR;
			sr_fail(err, 503, "out_of_memory", "", "out of memory");
			break;
		}
		(*count)++;
	}
	store_finalize(st);
	if (r == STORE_ERROR) {
		for (int i = 0; i < *count; i++)
			stored_policy_free(&(*items)[i]);
		free(*items);
		*items = NULL;
		*count = 0;
		return false;
	}
	return true;
}

bool store_policy_get(struct store *s, int64_t org_id, int64_t id,
		      struct stored_policy *out, bool *found,
		      struct sr_error *err)
{
	struct store_stmt *st = store_prepare(
		s,
		org_id ? "SELECT " POLICY_COLUMNS " FROM policies WHERE id = ? AND org_id = ?"
		       : "SELECT " POLICY_COLUMNS " FROM policies WHERE id = ?",
		err);
	if (!st)
		return false;
	store_bind_int(st, 1, id);
	if (org_id)
		store_bind_int(st, 2, org_id);
	enum store_step_result r = store_step(st, err);
	*found = r == STORE_ROW;
	bool ok = r != STORE_ERROR;
	if (*found && !read_row(st, out))
		ok = sr_fail(err, 503, "out_of_memory", "", "out of memory");
	store_finalize(st);
	return ok;
}

bool store_policy_in_force(struct store *s, int64_t org_id, const char *date,
			   struct stored_policy *out, bool *found,
			   struct sr_error *err)
{
	/* The organisation's own versions first; its region's otherwise. */
	struct store_stmt *st = store_prepare(
		s,
		"SELECT p.id, p.org_id, p.name, p.version, p.effective_from, "
		"p.document, p.created_at FROM policies p "
		"WHERE p.effective_from <= ? AND (p.org_id = ? OR p.org_id = "
		"(SELECT r.org_id FROM organisations m JOIN organisations r "
		"ON r.code = m.region_code WHERE m.org_id = ?)) "
		"ORDER BY CASE WHEN p.org_id = ? THEN 0 ELSE 1 END, "
		"p.effective_from DESC, p.id DESC LIMIT 1",
		err);
	if (!st)
		return false;
	store_bind_text(st, 1, date);
	store_bind_int(st, 2, org_id);
	store_bind_int(st, 3, org_id);
	store_bind_int(st, 4, org_id);
	enum store_step_result r = store_step(st, err);
	*found = r == STORE_ROW;
	bool ok = r != STORE_ERROR;
	if (*found && !read_row(st, out))
		ok = sr_fail(err, 503, "out_of_memory", "", "out of memory");
	store_finalize(st);
	return ok;
}
