/* demo_store.c: see demo_store.h. Portable SQL only (it runs on both
 * backends); values are always bound. */
#include "store/demo_store.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/policy.h"
#include "store/audit_store.h"
#include "store/policy_store.h"

/* Rows per transaction: large enough that commits cost little, small enough
 * that the progress line moves. */
#define BATCH_ROWS 20000

bool demo_store_is_empty(struct store *s, bool *empty, int64_t *organisations,
			 struct sr_error *err)
{
	int64_t n = 0;
	bool found = false;
	if (!store_query_int(s, "SELECT COUNT(*) FROM organisations", &n,
			     &found, err))
		return false;
	*organisations = n;
	*empty = n == 0;
	return true;
}

/* The writer's state: the store, the id base, progress. */
struct writer {
	struct store *s;
	const struct demo_data *d;
	int64_t base;
	const char *now;
	const struct demo_progress *progress;
	size_t done, total;
	struct sr_error *err;
};

static int64_t id_of(const struct writer *w, enum demo_kind kind, size_t index)
{
	return w->base + demo_record_id(w->d, kind, index);
}

static void bind_ref(const struct writer *w, struct store_stmt *st, int idx,
		     enum demo_kind kind, int index)
{
	if (index < 0)
		store_bind_null(st, idx);
	else
		store_bind_int(st, idx, id_of(w, kind, (size_t)index));
}

static void bind_date(struct store_stmt *st, int idx, bool present,
		      sr_date date)
{
	char text[SR_DATE_TEXT_LEN];
	if (!present) {
		store_bind_null(st, idx);
		return;
	}
	date_format(date, text);
	store_bind_text(st, idx, text);
}

static void bind_opt_int(struct store_stmt *st, int idx, int64_t v)
{
	if (v < 0)
		store_bind_null(st, idx);
	else
		store_bind_int(st, idx, v);
}

/* Steps an INSERT to completion and returns it to the store's cache. */
static bool run(struct store_stmt *st, struct sr_error *err)
{
	enum store_step_result r = store_step(st, err);
	store_finalize(st);
	return r == STORE_DONE;
}

static void tick(struct writer *w, const char *stage, size_t rows)
{
	w->done += rows;
	if (w->progress && w->progress->report)
		w->progress->report(w->progress->ctx, stage, w->done, w->total);
}

/* Runs row(w, i) for i in [0, n) in transactions of BATCH_ROWS rows. */
static bool in_batches(struct writer *w, const char *stage, size_t n,
		       bool (*row)(struct writer *, size_t))
{
	for (size_t first = 0; first < n; first += BATCH_ROWS) {
		size_t last = first + BATCH_ROWS < n ? first + BATCH_ROWS : n;
		if (!store_begin(w->s, w->err))
			return false;
		for (size_t i = first; i < last; i++)
			if (!row(w, i)) {
				store_rollback(w->s);
				return false;
			}
		if (!store_commit(w->s, w->err))
			return false;
		tick(w, stage, last - first);
	}
	return true;
}

static bool org_row(struct writer *w, size_t i)
{
	const struct demo_org *o = &w->d->orgs[i];
	struct store_stmt *st = store_prepare(
	    w->s,
	    "INSERT INTO organisations (org_id, id, code, name, kind, "
	    "region_code, share_candidates, created_at, updated_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    w->err);
	if (!st)
		return false;
	int64_t id = id_of(w, DEMO_ORG, i);
	store_bind_int(st, 1, id);
	store_bind_int(st, 2, id);
	store_bind_text(st, 3, o->code);
	store_bind_text(st, 4, o->name);
	store_bind_text(st, 5, o->is_region ? "region" : "municipality");
	store_bind_text(st, 6,
			o->region >= 0 ? w->d->orgs[o->region].code : NULL);
	store_bind_int(st, 7, o->share_candidates);
	store_bind_text(st, 8, w->now);
	store_bind_text(st, 9, w->now);
	return run(st, w->err);
}

/* A policy version, stored as the API stores a PUT document. */
static bool policy_row(struct writer *w, size_t i)
{
	const struct demo_policy_version *v = &w->d->policy_versions[i];
	const struct policy *p = w->d->policies[v->policy];
	char *text = json_dumps(p->doc, JSON_COMPACT | JSON_SORT_KEYS);
	if (!text)
		return sr_fail(w->err, 503, "out_of_memory", "",
			       "out of memory");
	char effective[SR_DATE_TEXT_LEN];
	date_format(p->effective_from, effective);
	bool ok = store_policy_insert(w->s, id_of(w, DEMO_ORG, (size_t)v->org),
				      id_of(w, DEMO_POLICY_VERSION, i), p->name,
				      p->version ? p->version : "", effective,
				      text, w->now, w->err);
	free(text);
	return ok;
}

static bool supplier_row(struct writer *w, size_t i)
{
	const struct demo_supplier *s = &w->d->suppliers[i];
	struct store_stmt *st = store_prepare(
	    w->s,
	    "INSERT INTO suppliers (org_id, id, kvk, name, postcode, category, "
	    "social_enterprise, pso_rung, pso_valid_from, pso_valid_until, "
	    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?)",
	    w->err);
	if (!st)
		return false;
	store_bind_int(st, 1, id_of(w, DEMO_ORG, (size_t)s->org));
	store_bind_int(st, 2, id_of(w, DEMO_SUPPLIER, i));
	store_bind_text(st, 3, s->kvk);
	store_bind_text(st, 4, s->name);
	store_bind_text(st, 5, s->postcode);
	store_bind_text(st, 6, s->category);
	store_bind_int(st, 7, s->social_enterprise);
	bind_opt_int(st, 8, s->pso_rung);
	bind_date(st, 9, s->pso_rung >= 0, s->pso_valid_from);
	bind_date(st, 10, s->pso_rung >= 0, s->pso_valid_until);
	store_bind_text(st, 11, w->now);
	store_bind_text(st, 12, w->now);
	return run(st, w->err);
}

static bool contract_row(struct writer *w, size_t i)
{
	const struct demo_contract *c = &w->d->contracts[i];
	struct store_stmt *st = store_prepare(
	    w->s,
	    "INSERT INTO contracts (org_id, id, reference, title, department, "
	    "cpv_code, kind, value_cents, start_date, end_date, award_date, "
	    "supplier_id, status, sr_percentage_centi, obligation_cents, "
	    "labour_share_pct, policy_id, opt_in, deviation_pct_centi, "
	    "deviation_reason, obligation_explanation, created_at, "
	    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?)",
	    w->err);
	if (!st)
		return false;
	store_bind_int(st, 1, id_of(w, DEMO_ORG, (size_t)c->org));
	store_bind_int(st, 2, id_of(w, DEMO_CONTRACT, i));
	store_bind_text(st, 3, c->reference);
	store_bind_text(st, 4, c->title);
	store_bind_text(st, 5, c->department);
	store_bind_text(st, 6, c->cpv);
	store_bind_text(st, 7, c->kind);
	store_bind_int(st, 8, c->value_cents);
	bind_date(st, 9, true, c->start);
	bind_date(st, 10, true, c->end);
	bind_date(st, 11, c->has_award, c->award);
	bind_ref(w, st, 12, DEMO_SUPPLIER, c->supplier);
	store_bind_text(st, 13, c->status);
	bind_opt_int(st, 14, c->sr_percentage_centi);
	bind_opt_int(st, 15, c->obligation_cents);
	store_bind_int(st, 16, c->labour_share_pct);
	bind_ref(w, st, 17, DEMO_POLICY_VERSION, c->policy_version);
	store_bind_int(st, 18, c->opt_in);
	bind_opt_int(st, 19, c->deviation_centi);
	store_bind_text(st, 20, c->deviation_reason);
	store_bind_text(st, 21, c->obligation_explanation);
	store_bind_text(st, 22, w->now);
	store_bind_text(st, 23, w->now);
	return run(st, w->err);
}

static bool candidate_row(struct writer *w, size_t i)
{
	const struct demo_candidate *c = &w->d->candidates[i];
	char groups[256], occupations[128], birth[8];
	if (!demo_groups_json(c->target_groups, groups, sizeof groups) ||
	    !demo_occupations_json(c, occupations, sizeof occupations))
		return sr_fail(w->err, 500, "demo_data", "",
			       "a candidate's lists are too long");
	demo_birth_month_text(c, birth);
	struct store_stmt *st = store_prepare(
	    w->s,
	    "INSERT INTO candidates (org_id, id, external_id, target_groups, "
	    "birth_month, postcode, occupations, education_level, "
	    "hours_per_week_centi, max_travel_km, available_from, "
	    "on_benefit_since, driving_licence, status, created_at, "
	    "updated_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    w->err);
	if (!st)
		return false;
	store_bind_int(st, 1, id_of(w, DEMO_ORG, (size_t)c->org));
	store_bind_int(st, 2, id_of(w, DEMO_CANDIDATE, i));
	store_bind_text(st, 3, c->external_id);
	store_bind_text(st, 4, groups);
	store_bind_text(st, 5, birth);
	store_bind_text(st, 6, c->postcode);
	store_bind_text(st, 7, occupations);
	store_bind_text(st, 8, demo_education_levels[c->education]);
	store_bind_int(st, 9, c->hours_centi);
	store_bind_int(st, 10, c->max_travel_km);
	bind_date(st, 11, true, c->available_from);
	bind_date(st, 12, c->on_benefit_since != 0, c->on_benefit_since);
	store_bind_int(st, 13, c->driving_licence);
	store_bind_text(st, 14, demo_candidate_statuses[c->status]);
	store_bind_text(st, 15, w->now);
	store_bind_text(st, 16, w->now);
	return run(st, w->err);
}

static bool opening_row(struct writer *w, size_t i)
{
	const struct demo_opening *o = &w->d->openings[i];
	const struct refdata *ref = refdata_get();
	struct store_stmt *st = store_prepare(
	    w->s,
	    "INSERT INTO openings (org_id, id, supplier_id, contract_id, kind, "
	    "title, esco_code, postcode, hours_per_week_centi, positions, "
	    "start_date, max_travel_km, requires_licence, min_education_level, "
	    "status, created_at, updated_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    w->err);
	if (!st)
		return false;
	store_bind_int(st, 1, id_of(w, DEMO_ORG, (size_t)o->org));
	store_bind_int(st, 2, id_of(w, DEMO_OPENING, i));
	bind_ref(w, st, 3, DEMO_SUPPLIER, o->supplier);
	bind_ref(w, st, 4, DEMO_CONTRACT, o->contract);
	store_bind_text(st, 5, o->kind);
	store_bind_text(st, 6, o->title);
	store_bind_text(st, 7, ref->occupations[o->occupation].esco_code);
	store_bind_text(st, 8, o->postcode);
	store_bind_int(st, 9, o->hours_centi);
	store_bind_int(st, 10, o->positions);
	bind_date(st, 11, true, o->start);
	bind_opt_int(st, 12, o->max_travel_km);
	store_bind_int(st, 13, o->requires_licence);
	store_bind_text(st, 14, o->min_education_level);
	store_bind_text(st, 15, o->status);
	store_bind_text(st, 16, w->now);
	store_bind_text(st, 17, w->now);
	return run(st, w->err);
}

static bool realisation_row(struct writer *w, size_t i)
{
	const struct demo_realisation *x = &w->d->realisations[i];
	struct store_stmt *st = store_prepare(
	    w->s,
	    "INSERT INTO realisations (org_id, id, contract_id, kind, "
	    "candidate_id, start_date, end_date, hours_per_week_centi, "
	    "invoice_cents, amount_cents, supplier_category, level, "
	    "permanent_contract, prior_internship_months, subcontractor_name, "
	    "subcontractor_kvk, status, reject_reason, value_cents, refusal, "
	    "explanation, created_at, updated_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?)",
	    w->err);
	if (!st)
		return false;
	const struct demo_supplier *sub =
	    x->subcontractor >= 0 ? &w->d->suppliers[x->subcontractor] : NULL;
	store_bind_int(st, 1, id_of(w, DEMO_ORG, (size_t)x->org));
	store_bind_int(st, 2, id_of(w, DEMO_REALISATION, i));
	bind_ref(w, st, 3, DEMO_CONTRACT, x->contract);
	store_bind_text(st, 4, x->kind);
	bind_ref(w, st, 5, DEMO_CANDIDATE, x->candidate);
	bind_date(st, 6, true, x->start);
	bind_date(st, 7, true, x->end);
	bind_opt_int(st, 8, x->hours_centi);
	bind_opt_int(st, 9, x->invoice_cents);
	bind_opt_int(st, 10, x->amount_cents);
	store_bind_text(st, 11, x->supplier_category);
	store_bind_text(st, 12, x->level[0] ? x->level : NULL);
	store_bind_int(st, 13, x->permanent_contract);
	bind_opt_int(st, 14, x->prior_internship_months);
	store_bind_text(st, 15, sub ? sub->name : NULL);
	store_bind_text(st, 16, sub ? sub->kvk : NULL);
	store_bind_text(st, 17, x->status);
	store_bind_text(st, 18, x->reject_reason);
	store_bind_int(st, 19, x->value_cents);
	store_bind_text(st, 20, x->refusal);
	store_bind_text(st, 21, x->explanation);
	store_bind_text(st, 22, w->now);
	store_bind_text(st, 23, w->now);
	return run(st, w->err);
}

/* One audit entry per organisation: what the demo put in it. */
static bool audit_rows(struct writer *w)
{
	const struct demo_data *d = w->d;
	size_t n = d->org_count;
	size_t *counts = calloc(n * 5, sizeof *counts);
	if (!counts)
		return sr_fail(w->err, 503, "out_of_memory", "",
			       "out of memory");
	for (size_t i = 0; i < d->supplier_count; i++)
		counts[d->suppliers[i].org * 5 + 0]++;
	for (size_t i = 0; i < d->contract_count; i++)
		counts[d->contracts[i].org * 5 + 1]++;
	for (size_t i = 0; i < d->candidate_count; i++)
		counts[d->candidates[i].org * 5 + 2]++;
	for (size_t i = 0; i < d->opening_count; i++)
		counts[d->openings[i].org * 5 + 3]++;
	for (size_t i = 0; i < d->realisation_count; i++)
		counts[d->realisations[i].org * 5 + 4]++;
	char seed[24];
	snprintf(seed, sizeof seed, "%llu", (unsigned long long)d->seed);
	bool ok = store_begin(w->s, w->err);
	for (size_t o = 0; ok && o < n; o++) {
		const size_t *c = &counts[o * 5];
		json_t *changes = json_pack(
		    "{s:s,s:s,s:s,s:I,s:I,s:I,s:I,s:I}", "note",
		    "generated by sroi demo: synthetic suppliers, contracts, "
		    "candidates, openings and realisations",
		    "scale", demo_scale_name(d->scale), "seed", seed,
		    "suppliers", (json_int_t)c[0], "contracts",
		    (json_int_t)c[1], "candidates", (json_int_t)c[2],
		    "openings", (json_int_t)c[3], "realisations",
		    (json_int_t)c[4]);
		char *text =
		    changes ? json_dumps(changes, JSON_COMPACT | JSON_SORT_KEYS)
			    : NULL;
		json_decref(changes);
		if (!text) {
			ok = sr_fail(w->err, 503, "out_of_memory", "",
				     "out of memory");
			break;
		}
		int64_t id = id_of(w, DEMO_ORG, o);
		ok = store_audit_append(w->s, id, w->now, "sroi demo",
					"generate_demo", "organisation", id,
					text, w->err);
		free(text);
	}
	free(counts);
	if (!ok) {
		store_rollback(w->s);
		return false;
	}
	return store_commit(w->s, w->err);
}

/* Reserves n ids at once: one UPDATE of the counter. */
static bool reserve_ids(struct store *s, int64_t n, int64_t *first,
			struct sr_error *err)
{
	struct store_stmt *st = store_prepare(
	    s,
	    "UPDATE id_counter SET next_id = next_id + ? RETURNING next_id - ?",
	    err);
	if (!st)
		return false;
	store_bind_int(st, 1, n);
	store_bind_int(st, 2, n);
	enum store_step_result r = store_step(st, err);
	if (r == STORE_ROW)
		*first = store_column_int(st, 0);
	store_finalize(st);
	if (r == STORE_ERROR)
		return false;
	if (r != STORE_ROW)
		return sr_fail(err, 500, "database_error", "",
			       "id counter missing");
	return true;
}

bool demo_store_write(struct store *s, const struct demo_data *d,
		      const char *now, const struct demo_progress *progress,
		      int64_t *first_id, struct sr_error *err)
{
	struct writer w = {.s = s,
			   .d = d,
			   .now = now,
			   .progress = progress,
			   .err = err,
			   .total = demo_record_count(d)};
	/* The ids, the organisations and their suppliers and contracts in
	 * the first transaction. */
	if (!store_begin(s, err))
		return false;
	bool ok = reserve_ids(s, (int64_t)w.total, &w.base, err);
	for (size_t i = 0; ok && i < d->org_count; i++)
		ok = org_row(&w, i);
	for (size_t i = 0; ok && i < d->policy_version_count; i++)
		ok = policy_row(&w, i);
	if (!ok || !store_commit(s, err)) {
		store_rollback(s);
		return false;
	}
	if (first_id)
		*first_id = w.base;
	tick(&w, "organisations", d->org_count + d->policy_version_count);
	return in_batches(&w, "suppliers", d->supplier_count, supplier_row) &&
	       in_batches(&w, "contracts", d->contract_count, contract_row) &&
	       in_batches(&w, "candidates", d->candidate_count,
			  candidate_row) &&
	       in_batches(&w, "openings", d->opening_count, opening_row) &&
	       in_batches(&w, "realisations", d->realisation_count,
			  realisation_row) &&
	       audit_rows(&w);
}
