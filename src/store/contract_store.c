/* contract_store.c: see contract_store.h. */
#include "store/contract_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool store_supplier_pso(struct store *s, int64_t org_id, int64_t supplier_id,
			struct supplier_pso *out, struct sr_error *err)
{
	memset(out, 0, sizeof *out);
	out->rung = -1;
	struct store_stmt *st = store_prepare(
		s,
		"SELECT pso_rung, COALESCE(pso_valid_from, ''), "
		"COALESCE(pso_valid_until, ''), category FROM suppliers "
		"WHERE org_id = ? AND id = ?",
		err);
	if (!st)
		return false;
	store_bind_int(st, 1, org_id);
	store_bind_int(st, 2, supplier_id);
	enum store_step_result r = store_step(st, err);
	if (r == STORE_ROW) {
		out->found = true;
		out->rung = store_column_is_null(st, 0) ? -1 : (int)store_column_int(st, 0);
		snprintf(out->valid_from, sizeof out->valid_from, "%s", store_column_text(st, 1));
		snprintf(out->valid_until, sizeof out->valid_until, "%s", store_column_text(st, 2));
		snprintf(out->category, sizeof out->category, "%s", store_column_text(st, 3));
	}
	store_finalize(st);
	return r != STORE_ERROR;
}

bool store_supplier_past_contracts(struct store *s, int64_t org_id,
				   int64_t supplier_id, const char *since,
				   struct past_figures **items, int *count,
				   struct sr_error *err)
{
	*items = NULL;
	*count = 0;
	struct store_stmt *st = store_prepare(
		s,
		"SELECT c.end_date, COALESCE(c.obligation_cents, 0), "
		"COALESCE((SELECT SUM(r.value_cents) FROM realisations r "
		"WHERE r.org_id = c.org_id AND r.contract_id = c.id "
		"AND r.status = 'accepted'), 0) "
		"FROM contracts c WHERE c.org_id = ? AND c.supplier_id = ? "
		"AND c.status IN ('ended', 'settled') AND c.end_date >= ? "
		"ORDER BY c.end_date, c.id",
		err);
	if (!st)
		return false;
	store_bind_int(st, 1, org_id);
	store_bind_int(st, 2, supplier_id);
	store_bind_text(st, 3, since);
	enum store_step_result r;
	int cap = 0;
	while ((r = store_step(st, err)) == STORE_ROW) {
		if (*count == cap) {
			cap = cap ? cap * 2 : 16;
			struct past_figures *n = realloc(*items, (size_t)cap * sizeof **items);
			if (!n) {
				sr_fail(err, 503, "out_of_memory", "", "out of memory");
				r = STORE_ERROR;
				break;
			}
			*items = n;
		}
		struct past_figures *f = &(*items)[(*count)++];
		snprintf(f->end_date, sizeof f->end_date, "%s", store_column_text(st, 0));
		f->obligation = store_column_int(st, 1);
		f->accepted = store_column_int(st, 2);
	}
	store_finalize(st);
	if (r == STORE_ERROR) {
		free(*items);
		*items = NULL;
		*count = 0;
		return false;
	}
	return true;
}
