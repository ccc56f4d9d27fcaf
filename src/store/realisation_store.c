/* realisation_store.c: see realisation_store.h. */
#include "store/realisation_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void realisation_rows_free(struct realisation_rows *rows)
{
	free(rows->items);
	memset(rows, 0, sizeof *rows);
}

#define ROW_COLUMNS                                                          \
	"r.id, r.org_id, r.contract_id, c.reference, r.kind, "                 \
	"COALESCE(r.candidate_id, 0), COALESCE(r.start_date, ''), "            \
	"COALESCE(r.end_date, ''), COALESCE(r.hours_per_week_centi, -1), "     \
	"COALESCE(r.invoice_cents, -1), COALESCE(r.amount_cents, -1), "        \
	"COALESCE(r.hours_centi, -1), COALESCE(r.supplier_category, ''), "     \
	"COALESCE(r.level, ''), r.permanent_contract, "                        \
	"COALESCE(r.prior_internship_months, -1), r.status, "                  \
	"COALESCE(r.refusal, ''), r.value_cents, "                             \
	"COALESCE(k.target_groups, '[]'), COALESCE(k.birth_month, ''), "       \
	"COALESCE(k.region_pseudonym, ''), COALESCE(k.postcode, '') "          \
	"FROM realisations r JOIN contracts c ON c.org_id = r.org_id AND "     \
	"c.id = r.contract_id LEFT JOIN candidates k ON k.org_id = r.org_id "  \
	"AND k.id = r.candidate_id "

static bool push(struct realisation_rows *rows, struct store_stmt *st,
		 struct sr_error *err)
{
	if (rows->count == rows->cap) {
		int cap = rows->cap ? rows->cap * 2 : 16;
		struct realisation_row *n = realloc(rows->items, (size_t)cap * sizeof *n);
		if (!n)
			return sr_fail(err, 503, "out_of_memory", "", "out of memory");
		rows->items = n;
		rows->cap = cap;
	}
	struct realisation_row *r = &rows->items[rows->count++];
	memset(r, 0, sizeof *r);
	int c = 0;
	r->id = store_column_int(st, c++);
	r->org_id = store_column_int(st, c++);
	r->contract_id = store_column_int(st, c++);
	snprintf(r->contract_ref, sizeof r->contract_ref, "%s", store_column_text(st, c++));
	snprintf(r->kind, sizeof r->kind, "%s", store_column_text(st, c++));
	r->candidate_id = store_column_int(st, c++);
	snprintf(r->start, sizeof r->start, "%s", store_column_text(st, c++));
	snprintf(r->end, sizeof r->end, "%s", store_column_text(st, c++));
	r->hours_per_week_c = store_column_int(st, c++);
	r->invoice_cents = store_column_int(st, c++);
	r->amount_cents = store_column_int(st, c++);
	r->hours_c = store_column_int(st, c++);
	snprintf(r->supplier_category, sizeof r->supplier_category, "%s",
		 store_column_text(st, c++));
	snprintf(r->level, sizeof r->level, "%s", store_column_text(st, c++));
	r->permanent = store_column_int(st, c++) != 0;
	r->prior_internship_months = store_column_int(st, c++);
	snprintf(r->status, sizeof r->status, "%s", store_column_text(st, c++));
	snprintf(r->refusal, sizeof r->refusal, "%s", store_column_text(st, c++));
	r->value_cents = store_column_int(st, c++);
	snprintf(r->target_groups, sizeof r->target_groups, "%s", store_column_text(st, c++));
	snprintf(r->birth_month, sizeof r->birth_month, "%s", store_column_text(st, c++));
	snprintf(r->pseudonym, sizeof r->pseudonym, "%s", store_column_text(st, c++));
	snprintf(r->postcode, sizeof r->postcode, "%s", store_column_text(st, c++));
	return true;
}

static bool collect(struct store_stmt *st, struct realisation_rows *out,
		    struct sr_error *err)
{
	enum store_step_result r = STORE_DONE;
	bool ok = true;
	while (ok && (r = store_step(st, err)) == STORE_ROW)
		ok = push(out, st, err);
	store_finalize(st);
	if (ok && r == STORE_ERROR)
		ok = false;
	if (!ok)
		realisation_rows_free(out);
	return ok;
}

bool store_contract_realisations(struct store *s, int64_t org_id,
				 int64_t contract_id,
				 struct realisation_rows *out,
				 struct sr_error *err)
{
	memset(out, 0, sizeof *out);
	struct store_stmt *st = store_prepare(
		s, "SELECT " ROW_COLUMNS "WHERE r.org_id = ? AND r.contract_id = ? ORDER BY r.id",
		err);
	if (!st)
		return false;
	store_bind_int(st, 1, org_id);
	store_bind_int(st, 2, contract_id);
	return collect(st, out, err);
}

bool store_counted_elsewhere(struct store *s, int64_t org_id,
			     const char *region_code, int64_t contract_id,
			     const int64_t *candidate_ids,
			     const char *const *pseudonyms, int n,
			     struct realisation_rows *out,
			     struct sr_error *err)
{
	memset(out, 0, sizeof *out);
	/* One query per candidate keeps the statement text fixed (cached). */
	for (int i = 0; i < n; i++) {
		struct store_stmt *st = store_prepare(
			s,
			"SELECT " ROW_COLUMNS
			"WHERE r.status <> 'rejected' AND r.refusal IS NULL "
			"AND r.start_date IS NOT NULL AND NOT (r.org_id = ? AND r.contract_id = ?) "
			"AND ((r.org_id = ? AND r.candidate_id = ?) OR "
			"(? <> '' AND k.region_pseudonym = ? AND r.org_id IN "
			"(SELECT o.org_id FROM organisations o WHERE o.region_code = ?))) "
			"ORDER BY r.id",
			err);
		if (!st) {
			realisation_rows_free(out);
			return false;
		}
		const char *pseudo = pseudonyms[i] ? pseudonyms[i] : "";
		store_bind_int(st, 1, org_id);
		store_bind_int(st, 2, contract_id);
		store_bind_int(st, 3, org_id);
		store_bind_int(st, 4, candidate_ids[i]);
		store_bind_text(st, 5, region_code && *pseudo ? pseudo : "");
		store_bind_text(st, 6, pseudo);
		store_bind_text(st, 7, region_code ? region_code : "");
		enum store_step_result r = STORE_DONE;
		bool ok = true;
		while (ok && (r = store_step(st, err)) == STORE_ROW) {
			/* The same row may match both ways: keep it once. */
			bool dup = false;
			int64_t id = store_column_int(st, 0);
			for (int j = 0; j < out->count && !dup; j++)
				dup = out->items[j].id == id;
			if (!dup)
				ok = push(out, st, err);
		}
		store_finalize(st);
		if (!ok || r == STORE_ERROR) {
			realisation_rows_free(out);
			return false;
		}
	}
	return true;
}

bool store_realisation_set_value(struct store *s, int64_t org_id, int64_t id,
				 int64_t value_cents, int64_t value_hours_c,
				 const char *refusal, const char *explanation,
				 struct sr_error *err)
{
	struct store_stmt *st = store_prepare(
		s,
		"UPDATE realisations SET value_cents = ?, value_hours_centi = ?, "
		"refusal = ?, explanation = ? WHERE org_id = ? AND id = ?",
		err);
	if (!st)
		return false;
	store_bind_int(st, 1, value_cents);
	if (value_hours_c >= 0)
		store_bind_int(st, 2, value_hours_c);
	else
		store_bind_null(st, 2);
	store_bind_text(st, 3, refusal);
	store_bind_text(st, 4, explanation);
	store_bind_int(st, 5, org_id);
	store_bind_int(st, 6, id);
	enum store_step_result r = store_step(st, err);
	store_finalize(st);
	return r == STORE_DONE;
}
