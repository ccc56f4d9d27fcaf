/* realisation_store.c: see realisation_store.h. */
#include "store/realisation_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void realisation_rows_free(struct realisation_rows *rows)
{
	for (int i = 0; i < rows->count; i++)
		free(rows->items[i].explanation);
	free(rows->items);
	memset(rows, 0, sizeof *rows);
}

#define ROW_SELECT                                                             \
	"r.id, r.org_id, r.contract_id, c.reference, r.kind, "                 \
	"COALESCE(r.candidate_id, 0), COALESCE(r.start_date, ''), "            \
	"COALESCE(r.end_date, ''), COALESCE(r.hours_per_week_centi, -1), "     \
	"COALESCE(r.invoice_cents, -1), COALESCE(r.amount_cents, -1), "        \
	"COALESCE(r.hours_centi, -1), COALESCE(r.supplier_category, ''), "     \
	"COALESCE(r.level, ''), r.permanent_contract, "                        \
	"COALESCE(r.prior_internship_months, -1), r.status, "                  \
	"COALESCE(r.refusal, ''), r.value_cents, "                             \
	"COALESCE(k.target_groups, '[]'), COALESCE(k.birth_month, ''), "       \
	"COALESCE(k.region_pseudonym, ''), COALESCE(k.postcode, '') "
/* what the last valuation stored, after ROW_SELECT (with_stored) */
#define STORED_SELECT ", COALESCE(r.value_hours_centi, -1), r.explanation "
/* "r.org_id + 0" here and "+r.contract_id" below keep the planners on the
 * indexes meant: without the + 0, PostgreSQL without statistics (a table
 * just filled by an import) folds the organisation into a constant and
 * reads every candidate of the organisation for each realisation. */
#define ROW_FROM                                                               \
	"FROM realisations r JOIN contracts c ON c.org_id = r.org_id AND "     \
	"c.id = r.contract_id LEFT JOIN candidates k ON k.org_id = "           \
	"r.org_id + 0 AND k.id = r.candidate_id "
/* The same joins for a query that reaches r through a candidate. */
#define CANDIDATE_JOIN                                                         \
	"CROSS JOIN contracts c LEFT JOIN candidates k ON k.org_id = "         \
	"r.org_id + 0 AND k.id = r.candidate_id "
#define CONTRACT_OF_R "c.org_id = r.org_id AND c.id = +r.contract_id "
#define ROW_COLUMNS ROW_SELECT ROW_FROM
#define ROW_COLUMNS_STORED ROW_SELECT STORED_SELECT ROW_FROM

/* snprintf(dst, size, "%s", src) without the format machinery: push()
 * copies a dozen texts for every row of a contract. */
static void copy_text(char *dst, size_t size, const char *src)
{
	size_t n = strnlen(src, size - 1);
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static bool push(struct realisation_rows *rows, struct store_stmt *st,
		 bool with_stored, struct sr_error *err)
{
	if (rows->count == rows->cap) {
		int cap = rows->cap ? rows->cap * 2 : 16;
		struct realisation_row *n =
		    realloc(rows->items, (size_t)cap * sizeof *n);
		if (!n)
			return sr_fail(err, 503, "out_of_memory", "",
				       "out of memory");
		rows->items = n;
		rows->cap = cap;
	}
	struct realisation_row *r = &rows->items[rows->count];
	memset(r, 0, sizeof *r);
	int c = 0;
	r->id = store_column_int(st, c++);
	r->org_id = store_column_int(st, c++);
	r->contract_id = store_column_int(st, c++);
	copy_text(r->contract_ref, sizeof r->contract_ref,
		  store_column_text(st, c++));
	copy_text(r->kind, sizeof r->kind, store_column_text(st, c++));
	r->candidate_id = store_column_int(st, c++);
	copy_text(r->start, sizeof r->start, store_column_text(st, c++));
	copy_text(r->end, sizeof r->end, store_column_text(st, c++));
	r->hours_per_week_c = store_column_int(st, c++);
	r->invoice_cents = store_column_int(st, c++);
	r->amount_cents = store_column_int(st, c++);
	r->hours_c = store_column_int(st, c++);
	copy_text(r->supplier_category, sizeof r->supplier_category,
		  store_column_text(st, c++));
	copy_text(r->level, sizeof r->level, store_column_text(st, c++));
	r->permanent = store_column_int(st, c++) != 0;
	r->prior_internship_months = store_column_int(st, c++);
	copy_text(r->status, sizeof r->status, store_column_text(st, c++));
	copy_text(r->refusal, sizeof r->refusal, store_column_text(st, c++));
	r->value_cents = store_column_int(st, c++);
	copy_text(r->target_groups, sizeof r->target_groups,
		  store_column_text(st, c++));
	copy_text(r->birth_month, sizeof r->birth_month,
		  store_column_text(st, c++));
	copy_text(r->pseudonym, sizeof r->pseudonym,
		  store_column_text(st, c++));
	copy_text(r->postcode, sizeof r->postcode, store_column_text(st, c++));
	r->value_hours_c = -1;
	if (with_stored) {
		r->value_hours_c = store_column_int(st, c++);
		if (!store_column_is_null(st, c)) {
			r->explanation = strdup(store_column_text(st, c));
			if (!r->explanation)
				return sr_fail(err, 503, "out_of_memory", "",
					       "out of memory");
		}
		c++;
	}
	rows->count++;
	return true;
}

static bool collect(struct store_stmt *st, bool with_stored,
		    struct realisation_rows *out, struct sr_error *err)
{
	enum store_step_result r = STORE_DONE;
	bool ok = true;
	while (ok && (r = store_step(st, err)) == STORE_ROW)
		ok = push(out, st, with_stored, err);
	store_finalize(st);
	if (ok && r == STORE_ERROR)
		ok = false;
	if (!ok)
		realisation_rows_free(out);
	return ok;
}

static bool contract_rows(struct store *s, int64_t org_id, int64_t contract_id,
			  bool with_stored, struct realisation_rows *out,
			  struct sr_error *err)
{
	memset(out, 0, sizeof *out);
	struct store_stmt *st = store_prepare(
	    s,
	    with_stored
		? "SELECT " ROW_COLUMNS_STORED
		  "WHERE r.org_id = ? AND r.contract_id = ? ORDER BY r.id"
		: "SELECT " ROW_COLUMNS
		  "WHERE r.org_id = ? AND r.contract_id = ? ORDER BY r.id",
	    err);
	if (!st)
		return false;
	store_bind_int(st, 1, org_id);
	store_bind_int(st, 2, contract_id);
	return collect(st, with_stored, out, err);
}

bool store_contract_realisations(struct store *s, int64_t org_id,
				 int64_t contract_id,
				 struct realisation_rows *out,
				 struct sr_error *err)
{
	return contract_rows(s, org_id, contract_id, false, out, err);
}

bool store_contract_realisations_stored(struct store *s, int64_t org_id,
					int64_t contract_id,
					struct realisation_rows *out,
					struct sr_error *err)
{
	return contract_rows(s, org_id, contract_id, true, out, err);
}

/* Appends a copy of *r (its explanation pointer too: the caller hands it
 * over). */
static bool append(struct realisation_rows *rows,
		   const struct realisation_row *r, struct sr_error *err)
{
	if (rows->count == rows->cap) {
		int cap = rows->cap ? rows->cap * 2 : 16;
		struct realisation_row *n =
		    realloc(rows->items, (size_t)cap * sizeof *n);
		if (!n)
			return sr_fail(err, 503, "out_of_memory", "",
				       "out of memory");
		rows->items = n;
		rows->cap = cap;
	}
	rows->items[rows->count++] = *r;
	return true;
}

static int compare_row_ids(const void *x, const void *y)
{
	const struct realisation_row *a = x, *b = y;
	return a->id < b->id ? -1 : a->id > b->id;
}

bool store_person_realisations(struct store *s, int64_t org_id,
			       int64_t contract_id, int64_t candidate_id,
			       int64_t id, struct realisation_rows *out,
			       struct sr_error *err)
{
	memset(out, 0, sizeof *out);
	struct store_stmt *st;
	if (!candidate_id) {
		st = store_prepare(
		    s,
		    "SELECT " ROW_COLUMNS_STORED
		    "WHERE r.org_id = ? AND r.id = ? AND r.contract_id = ?",
		    err);
		if (!st)
			return false;
		store_bind_int(st, 1, org_id);
		store_bind_int(st, 2, id);
		store_bind_int(st, 3, contract_id);
		return collect(st, true, out, err);
	}
	/* The candidate's realisations here (org_id, candidate_id index), then
	 * those of other candidates with its pseudonym (pseudonym index; the
	 * unary + keeps SQLite from reaching them by organisation): two plain
	 * queries that read the person's rows only, not the contract's. */
	st = store_prepare(
	    s,
	    "SELECT " ROW_COLUMNS_STORED
	    "WHERE r.org_id = ? AND r.candidate_id = ? AND +r.contract_id = ?",
	    err);
	if (!st)
		return false;
	store_bind_int(st, 1, org_id);
	store_bind_int(st, 2, candidate_id);
	store_bind_int(st, 3, contract_id);
	if (!collect(st, true, out, err))
		return false;
	struct realisation_rows more = {0};
	st = store_prepare(
	    s,
	    "SELECT " ROW_SELECT STORED_SELECT
	    "FROM candidates k3 CROSS JOIN candidates k "
	    "CROSS JOIN realisations r CROSS JOIN contracts c "
	    "WHERE k3.org_id = ? AND k3.id = ? AND k3.region_pseudonym <> '' "
	    "AND k.region_pseudonym = k3.region_pseudonym AND k.id <> k3.id "
	    "AND r.org_id = ? AND r.candidate_id = k.id AND "
	    "r.org_id = +k.org_id AND +r.contract_id = ? AND " CONTRACT_OF_R,
	    err);
	bool ok = st != NULL;
	if (ok) {
		store_bind_int(st, 1, org_id);
		store_bind_int(st, 2, candidate_id);
		store_bind_int(st, 3, org_id);
		store_bind_int(st, 4, contract_id);
		ok = collect(st, true, &more, err);
	}
	for (int i = 0; ok && i < more.count; i++) {
		struct realisation_row *r = &more.items[i];
		ok = append(out, r, err);
		if (ok)
			r->explanation = NULL; /* now out's */
	}
	realisation_rows_free(&more);
	if (!ok) {
		realisation_rows_free(out);
		return false;
	}
	if (out->count > 1)
		qsort(out->items, (size_t)out->count, sizeof *out->items,
		      compare_row_ids);
	return true;
}

bool store_candidate_contracts(struct store *s, int64_t org_id,
			       int64_t candidate_id, int64_t **ids, size_t *n,
			       struct sr_error *err)
{
	*ids = NULL;
	*n = 0;
	struct store_stmt *st = store_prepare(
	    s,
	    "SELECT DISTINCT contract_id FROM realisations "
	    "WHERE org_id = ? AND candidate_id = ? ORDER BY contract_id",
	    err);
	if (!st)
		return false;
	store_bind_int(st, 1, org_id);
	store_bind_int(st, 2, candidate_id);
	size_t cap = 0;
	enum store_step_result r;
	while ((r = store_step(st, err)) == STORE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 8;
			int64_t *more = realloc(*ids, cap * sizeof *more);
			if (!more) {
				store_finalize(st);
				free(*ids);
				*ids = NULL;
				*n = 0;
				return sr_fail(err, 503, "out_of_memory", "",
					       "out of memory");
			}
			*ids = more;
		}
		(*ids)[(*n)++] = store_column_int(st, 0);
	}
	store_finalize(st);
	if (r == STORE_ERROR) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return false;
	}
	return true;
}

bool store_realisation_state(struct store *s, int64_t org_id, int64_t id,
			     int64_t *contract_id, int64_t *candidate_id,
			     bool *valued, bool *found, struct sr_error *err)
{
	*contract_id = *candidate_id = 0;
	*valued = *found = false;
	struct store_stmt *st =
	    store_prepare(s,
			  "SELECT contract_id, COALESCE(candidate_id, 0), "
			  "CASE WHEN explanation IS NULL THEN 0 ELSE 1 END "
			  "FROM realisations WHERE org_id = ? AND id = ?",
			  err);
	if (!st)
		return false;
	store_bind_int(st, 1, org_id);
	store_bind_int(st, 2, id);
	enum store_step_result r = store_step(st, err);
	if (r == STORE_ROW) {
		*found = true;
		*contract_id = store_column_int(st, 0);
		*candidate_id = store_column_int(st, 1);
		*valued = store_column_int(st, 2) != 0;
	}
	store_finalize(st);
	return r != STORE_ERROR;
}

#define COUNTED_ELSEWHERE                                                      \
	"r.status <> 'rejected' AND r.refusal IS NULL AND "                    \
	"r.start_date IS NOT NULL AND "                                        \
	"NOT (r.org_id = ? AND r.contract_id = ?) "

bool store_contract_counted_elsewhere(struct store *s, int64_t org_id,
				      const char *region_code,
				      int64_t contract_id,
				      struct realisation_rows *out,
				      struct sr_error *err)
{
	memset(out, 0, sizeof *out);
	/* By candidate id in the organisation, and by region pseudonym in the
	 * region's organisations; UNION keeps a row that matches both ways
	 * (or through two realisations here) once. Each part starts from the
	 * contract's realisations and reaches the others through the candidate
	 * indexes (CROSS JOIN fixes that order for SQLite, the + 0 and the
	 * unary + for PostgreSQL), so that it reads those candidates'
	 * realisations only, not the organisation's. */
	struct store_stmt *st = store_prepare(
	    s,
	    "SELECT " ROW_SELECT
	    "FROM (SELECT x.candidate_id AS cid FROM realisations x "
	    "WHERE x.org_id = ? AND x.contract_id = ?) p CROSS JOIN "
	    "realisations r " CANDIDATE_JOIN
	    "WHERE r.org_id = ? AND r.candidate_id = p.cid AND " CONTRACT_OF_R
	    "AND " COUNTED_ELSEWHERE "UNION SELECT " ROW_SELECT
	    "FROM (SELECT y.region_pseudonym AS ps FROM realisations x "
	    "JOIN candidates y ON y.org_id = x.org_id + 0 AND "
	    "y.id = x.candidate_id WHERE x.org_id = ? AND x.contract_id = ? "
	    "AND y.region_pseudonym <> '') p CROSS JOIN candidates k "
	    "CROSS JOIN realisations r CROSS JOIN contracts c WHERE ? <> '' "
	    "AND "
	    "k.region_pseudonym = p.ps AND r.org_id = k.org_id + 0 AND "
	    "r.candidate_id = k.id AND " CONTRACT_OF_R
	    "AND r.org_id IN (SELECT o.org_id FROM organisations o WHERE "
	    "o.region_code = ?) AND " COUNTED_ELSEWHERE "ORDER BY 1",
	    err);
	if (!st)
		return false;
	const char *region = region_code ? region_code : "";
	store_bind_int(st, 1, org_id);
	store_bind_int(st, 2, contract_id);
	store_bind_int(st, 3, org_id);
	store_bind_int(st, 4, org_id);
	store_bind_int(st, 5, contract_id);
	store_bind_int(st, 6, org_id);
	store_bind_int(st, 7, contract_id);
	store_bind_text(st, 8, region);
	store_bind_text(st, 9, region);
	store_bind_int(st, 10, org_id);
	store_bind_int(st, 11, contract_id);
	return collect(st, false, out, err);
}

bool store_counted_elsewhere(struct store *s, int64_t org_id,
			     const char *region_code, int64_t contract_id,
			     const int64_t *candidate_ids,
			     const char *const *pseudonyms, int n,
			     struct realisation_rows *out, struct sr_error *err)
{
	memset(out, 0, sizeof *out);
	/* One query per candidate keeps the statement text fixed (cached):
	 * the candidate's realisations (candidate index), and those of the
	 * region's candidates with its pseudonym (pseudonym index). */
	for (int i = 0; i < n; i++) {
		struct store_stmt *st = store_prepare(
		    s,
		    "SELECT " ROW_SELECT "FROM realisations r " CANDIDATE_JOIN
		    "WHERE r.org_id = ? AND r.candidate_id = ? "
		    "AND " CONTRACT_OF_R "AND " COUNTED_ELSEWHERE
		    "UNION SELECT " ROW_SELECT
		    "FROM candidates k CROSS JOIN realisations r "
		    "CROSS JOIN contracts c WHERE ? <> '' AND "
		    "k.region_pseudonym = ? AND "
		    "r.org_id = k.org_id + 0 AND r.candidate_id = k.id "
		    "AND " CONTRACT_OF_R "AND r.org_id IN (SELECT o.org_id "
		    "FROM organisations o WHERE "
		    "o.region_code = ?) AND " COUNTED_ELSEWHERE "ORDER BY 1",
		    err);
		if (!st) {
			realisation_rows_free(out);
			return false;
		}
		const char *pseudo = pseudonyms[i] ? pseudonyms[i] : "";
		store_bind_int(st, 1, org_id);
		store_bind_int(st, 2, candidate_ids[i]);
		store_bind_int(st, 3, org_id);
		store_bind_int(st, 4, contract_id);
		store_bind_text(st, 5, region_code && *pseudo ? pseudo : "");
		store_bind_text(st, 6, pseudo);
		store_bind_text(st, 7, region_code ? region_code : "");
		store_bind_int(st, 8, org_id);
		store_bind_int(st, 9, contract_id);
		enum store_step_result r = STORE_DONE;
		bool ok = true;
		while (ok && (r = store_step(st, err)) == STORE_ROW) {
			/* A row may come for two candidates of one person
			 * (the same pseudonym): keep it once. */
			bool dup = false;
			int64_t id = store_column_int(st, 0);
			for (int j = 0; j < out->count && !dup; j++)
				dup = out->items[j].id == id;
			if (!dup)
				ok = push(out, st, false, err);
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
