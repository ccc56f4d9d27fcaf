/* gdpr_store.c: see gdpr_store.h. */
#include "store/gdpr_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/date.h"
#include "store/audit_store.h"
#include "store/identity_store.h"
#include "store/policy_store.h"

/* Runs sql with two integer binds and returns its rows as objects named by
 * names; types has one letter per column: i integer, t text, j JSON text. */
static bool rows_as_json(struct store *s, const char *sql, int64_t a, int64_t b,
			 const char *const *names, const char *types,
			 json_t **out, struct sr_error *err)
{
	struct store_stmt *st = store_prepare(s, sql, err);
	if (!st)
		return false;
	store_bind_int(st, 1, a);
	store_bind_int(st, 2, b);
	json_t *rows = json_array();
	enum store_step_result r;
	while ((r = store_step(st, err)) == STORE_ROW) {
		json_t *o = json_object();
		for (int c = 0; names[c]; c++) {
			json_t *v;
			if (store_column_is_null(st, c))
				v = json_null();
			else if (types[c] == 'i')
				v = json_integer(store_column_int(st, c));
			else if (types[c] == 'j')
				v = json_loads(store_column_text(st, c), 0,
					       NULL);
			else
				v = json_string(store_column_text(st, c));
			json_object_set_new(o, names[c], v ? v : json_null());
		}
		json_array_append_new(rows, o);
	}
	store_finalize(st);
	if (r == STORE_ERROR) {
		json_decref(rows);
		return false;
	}
	*out = rows;
	return true;
}

static bool candidate_org(struct store *s, int64_t candidate_id,
			  int64_t *org_id, struct sr_error *err)
{
	bool found = false;
	struct store_stmt *st =
	    store_prepare(s, "SELECT org_id FROM candidates WHERE id = ?", err);
	if (!st)
		return false;
	store_bind_int(st, 1, candidate_id);
	enum store_step_result r = store_step(st, err);
	if (r == STORE_ROW) {
		*org_id = store_column_int(st, 0);
		found = true;
	}
	store_finalize(st);
	if (r == STORE_ERROR)
		return false;
	if (!found)
		return sr_fail(err, 404, "not_found", "candidate",
			       "no candidate %lld", (long long)candidate_id);
	return true;
}

/* ---- the person's records across the region -----------------------------
 *
 * A hire of another member's candidate makes a linked copy in the hiring
 * organisation (migration 0007: source_org_id, source_candidate_id); a copy
 * may be hired on again. The records so linked, both ways and transitively,
 * are one person's: a request of access or erasure reaches them all. Links
 * are followed whatever the organisations' region is now, so that a member
 * that left the region still hands over and erases what it holds. */

struct person_record {
	int64_t org_id, id;
};

struct person_records {
	struct person_record *items;
	size_t count, cap;
};

/* Far more than one person is ever hired across a region; a bound keeps a
 * damaged link table from running away. */
#define PERSON_MAX_RECORDS 10000

static bool person_add(struct person_records *pr, int64_t org_id, int64_t id,
		       struct sr_error *err)
{
	for (size_t i = 0; i < pr->count; i++)
		if (pr->items[i].org_id == org_id && pr->items[i].id == id)
			return true;
	if (pr->count == PERSON_MAX_RECORDS)
		return sr_fail(err, 500, "too_many_links", "candidate",
			       "more than %d linked candidate records",
			       PERSON_MAX_RECORDS);
	if (pr->count == pr->cap) {
		size_t cap = pr->cap ? pr->cap * 2 : 8;
		struct person_record *grown =
		    realloc(pr->items, cap * sizeof *grown);
		if (!grown)
			return sr_fail(err, 503, "out_of_memory", "",
				       "out of memory");
		pr->items = grown;
		pr->cap = cap;
	}
	pr->items[pr->count++] = (struct person_record){org_id, id};
	return true;
}

/* Adds the (org_id, id) rows of st (two integer binds a, b) to pr. */
static bool add_rows(struct store *s, const char *sql, int64_t a, int64_t b,
		     struct person_records *pr, struct sr_error *err)
{
	struct store_stmt *st = store_prepare(s, sql, err);
	if (!st)
		return false;
	store_bind_int(st, 1, a);
	store_bind_int(st, 2, b);
	enum store_step_result r = STORE_DONE;
	bool ok = true;
	while (ok && (r = store_step(st, err)) == STORE_ROW)
		ok = person_add(pr, store_column_int(st, 0),
				store_column_int(st, 1), err);
	store_finalize(st);
	return ok && r != STORE_ERROR;
}

/* pr gets (org_id, id) first, then every record linked to it. */
static bool person_records(struct store *s, int64_t org_id, int64_t id,
			   struct person_records *pr, struct sr_error *err)
{
	memset(pr, 0, sizeof *pr);
	bool ok = person_add(pr, org_id, id, err);
	for (size_t i = 0; ok && i < pr->count; i++) {
		struct person_record at = pr->items[i];
		/* The record it was copied from, and the copies made of it (by
		 * the index on (org_id, source_org_id, source_candidate_id),
		 * one look-up per organisation). */
		ok = add_rows(s,
			      "SELECT source_org_id, source_candidate_id FROM "
			      "candidates WHERE org_id = ? AND id = ? AND "
			      "source_org_id IS NOT NULL AND "
			      "source_candidate_id IS NOT NULL",
			      at.org_id, at.id, pr, err) &&
		     add_rows(
			 s,
			 "SELECT org_id, id FROM candidates WHERE org_id IN "
			 "(SELECT org_id FROM organisations) AND "
			 "source_org_id = ? AND source_candidate_id = ? "
			 "ORDER BY org_id, id",
			 at.org_id, at.id, pr, err);
	}
	if (!ok) {
		free(pr->items);
		memset(pr, 0, sizeof *pr);
	}
	return ok;
}

/* ---- access ------------------------------------------------------------ */

/* Everything held in one record of the person, as one object. */
static bool export_record(struct store *s, int64_t org, int64_t candidate_id,
			  json_t **out, struct sr_error *err)
{
	*out = NULL;
	static const char *const candidate_names[] = {
	    "organisation",
	    "id",
	    "external_id",
	    "target_groups",
	    "birth_month",
	    "postcode",
	    "occupations",
	    "education_level",
	    "hours_per_week_centi",
	    "max_travel_km",
	    "available_from",
	    "on_benefit_since",
	    "driving_licence",
	    "region_pseudonym",
	    "status",
	    "copied_from_organisation",
	    "copied_from_candidate_id",
	    "created_at",
	    "updated_at",
	    NULL};
	static const char *const realisation_names[] = {
	    "id",	  "contract_id",   "kind",
	    "start_date", "end_date",	   "hours_per_week_centi",
	    "status",	  "reject_reason", "value_cents",
	    "created_at", "updated_at",	   NULL};
	static const char *const proposal_names[] = {
	    "id",     "opening_id", "supplier_id", "status", "declined_by",
	    "reason", "created_at", "updated_at",  NULL};
	static const char *const follow_up_names[] = {
	    "id",	"realisation_id", "months", "due_date",
	    "employed", "checked_on",	  NULL};
	static const char *const audit_names[] = {"id",	    "at",      "actor",
						  "action", "changes", NULL};
	json_t *candidate = NULL, *realisations = NULL, *proposals = NULL,
	       *follow_ups = NULL, *audit = NULL, *identity = NULL;
	bool ok =
	    rows_as_json(s,
			 "SELECT o.code, c.id, c.external_id, c.target_groups, "
			 "c.birth_month, c.postcode, c.occupations, "
			 "c.education_level, c.hours_per_week_centi, "
			 "c.max_travel_km, c.available_from, "
			 "c.on_benefit_since, c.driving_licence, "
			 "c.region_pseudonym, c.status, so.code, "
			 "c.source_candidate_id, c.created_at, "
			 "c.updated_at FROM candidates c JOIN organisations o "
			 "ON o.org_id = c.org_id LEFT JOIN organisations so "
			 "ON so.org_id = c.source_org_id "
			 "WHERE c.org_id = ? AND c.id = ?",
			 org, candidate_id, candidate_names,
			 "titjttjtiittitttitt", &candidate, err) &&
	    store_identity_get(s, org, candidate_id, &identity, err) &&
	    rows_as_json(
		s,
		"SELECT id, contract_id, kind, start_date, end_date, "
		"hours_per_week_centi, status, reject_reason, "
		"value_cents, created_at, updated_at FROM realisations "
		"WHERE org_id = ? AND candidate_id = ? ORDER BY id",
		org, candidate_id, realisation_names, "iitttittitt",
		&realisations, err) &&
	    rows_as_json(s,
			 "SELECT id, opening_id, supplier_id, status, "
			 "declined_by, reason, created_at, updated_at "
			 "FROM proposals WHERE org_id = ? AND candidate_id = ? "
			 "ORDER BY id",
			 org, candidate_id, proposal_names, "iiittttt",
			 &proposals, err) &&
	    rows_as_json(
		s,
		"SELECT f.id, f.realisation_id, f.months, f.due_date, "
		"f.employed, f.checked_on FROM follow_ups f "
		"JOIN realisations r ON r.org_id = f.org_id AND "
		"r.id = f.realisation_id "
		"WHERE r.org_id = ? AND r.candidate_id = ? ORDER BY f.id",
		org, candidate_id, follow_up_names, "iiittt", &follow_ups,
		err) &&
	    rows_as_json(s,
			 "SELECT id, at, actor, action, changes FROM audit_log "
			 "WHERE org_id = ? AND entity = 'candidate' AND "
			 "entity_id = ? ORDER BY id",
			 org, candidate_id, audit_names, "itttj", &audit, err);
	if (ok) {
		json_t *record = json_array_get(candidate, 0);
		*out =
		    json_pack("{s:O, s:o, s:o, s:o, s:o, s:o}", "candidate",
			      record ? record : json_null(), "identity",
			      identity ? identity : json_null(), "realisations",
			      realisations, "proposals", proposals,
			      "follow_ups", follow_ups, "audit", audit);
		identity = realisations = proposals = follow_ups = audit = NULL;
		if (!*out)
			ok = sr_fail(err, 503, "out_of_memory", "",
				     "out of memory");
	}
	json_decref(candidate);
	json_decref(identity);
	json_decref(realisations);
	json_decref(proposals);
	json_decref(follow_ups);
	json_decref(audit);
	return ok;
}

bool store_gdpr_export(struct store *s, int64_t candidate_id, const char *now,
		       const char *actor, json_t **out, int64_t *org_id,
		       struct sr_error *err)
{
	*out = NULL;
	int64_t org = 0;
	struct person_records pr = {0};
	if (!candidate_org(s, candidate_id, &org, err) ||
	    !person_records(s, org, candidate_id, &pr, err))
		return false;
	*org_id = org;
	json_t *linked = json_array();
	bool ok = linked && export_record(s, org, candidate_id, out, err);
	for (size_t i = 1; ok && i < pr.count; i++) {
		json_t *one = NULL;
		ok = export_record(s, pr.items[i].org_id, pr.items[i].id, &one,
				   err) &&
		     json_array_append_new(linked, one) == 0;
	}
	if (ok)
		ok = json_object_set_new(*out, "linked_records", linked) == 0;
	else
		json_decref(linked);
	/* The export is audited in the log of every organisation whose record
	 * it discloses, after it was read (so it does not list itself). */
	for (size_t i = 0; ok && i < pr.count; i++)
		ok = store_audit_append(s, pr.items[i].org_id, now, actor,
					"gdpr_export", "candidate",
					pr.items[i].id, NULL, err);
	free(pr.items);
	if (!ok) {
		json_decref(*out);
		*out = NULL;
	}
	return ok;
}

/* ---- erasure ----------------------------------------------------------- */

/* Erases one record: its identity, region pseudonym and external id; the
 * audit entry names the fields (and, for a record reached through a link,
 * the candidate whose erasure was asked), never what they held. */
static bool erase_record(struct store *s, int64_t org_id, int64_t id,
			 int64_t asked_id, const char *now, const char *actor,
			 struct sr_error *err)
{
	if (!store_identity_delete(s, org_id, id, err))
		return false;
	struct store_stmt *st = store_prepare(
	    s,
	    "UPDATE candidates SET external_id = NULL, updated_at = ? "
	    "WHERE org_id = ? AND id = ?",
	    err);
	if (!st)
		return false;
	store_bind_text(st, 1, now);
	store_bind_int(st, 2, org_id);
	store_bind_int(st, 3, id);
	enum store_step_result r = store_step(st, err);
	store_finalize(st);
	if (r != STORE_DONE)
		return false;
	char changes[160];
	int n = snprintf(changes, sizeof changes, "%s",
			 "{\"erased\":[\"identity\",\"region_pseudonym\","
			 "\"external_id\"]");
	if (asked_id != id)
		n += snprintf(changes + n, sizeof changes - (size_t)n,
			      ",\"linked_to\":%lld", (long long)asked_id);
	snprintf(changes + n, sizeof changes - (size_t)n, "}");
	return store_audit_append(s, org_id, now, actor, "erase_identity",
				  "candidate", id, changes, err);
}

bool store_gdpr_erase(struct store *s, int64_t candidate_id, const char *now,
		      const char *actor, int64_t *org_id, int64_t *linked,
		      struct sr_error *err)
{
	struct person_records pr = {0};
	*linked = 0;
	if (!candidate_org(s, candidate_id, org_id, err) ||
	    !person_records(s, *org_id, candidate_id, &pr, err))
		return false;
	bool ok = true;
	for (size_t i = 0; ok && i < pr.count; i++)
		ok = erase_record(s, pr.items[i].org_id, pr.items[i].id,
				  candidate_id, now, actor, err);
	if (ok)
		*linked = (int64_t)pr.count - 1;
	free(pr.items);
	return ok;
}

/* The identity_retention_months of org_id's policy in force on as_of, or
 * -1 when it sets none. */
static bool retention_months(struct store *s, int64_t org_id, const char *as_of,
			     int *months, struct sr_error *err)
{
	*months = -1;
	struct stored_policy p = {0};
	bool found = false;
	if (!store_policy_in_force(s, org_id, as_of, &p, &found, err))
		return false;
	if (found) {
		json_t *doc = json_loads(p.document, 0, NULL);
		json_t *m = json_object_get(doc, "identity_retention_months");
		if (json_is_integer(m) && json_integer_value(m) >= 0 &&
		    json_integer_value(m) < 1200)
			*months = (int)json_integer_value(m);
		json_decref(doc);
		stored_policy_free(&p);
	}
	return true;
}

/* Candidates of org_id with an identity, or a region pseudonym without one
 * (a copy made at a hire across the region, migration 0007), and no
 * activity on or after cutoff. Dates and times are ISO 8601 text, so that
 * they compare as text ("2024-05-01T10:00:00Z" >= "2024-05-01"). */
static bool inactive_candidates(struct store *s, int64_t org_id,
				const char *cutoff, int64_t **ids, size_t *n,
				struct sr_error *err)
{
	*ids = NULL;
	*n = 0;
	struct store_stmt *st = store_prepare(
	    s,
	    "SELECT c.id FROM candidates c "
	    "LEFT JOIN candidate_identities ci ON ci.org_id = c.org_id AND "
	    "ci.candidate_id = c.id "
	    "WHERE c.org_id = ? AND (ci.candidate_id IS NOT NULL OR "
	    "c.region_pseudonym IS NOT NULL) AND "
	    "COALESCE(ci.updated_at, '') < ? AND c.updated_at < ? "
	    "AND NOT EXISTS (SELECT 1 FROM realisations r WHERE r.org_id = "
	    "c.org_id "
	    "AND r.candidate_id = c.id AND (r.updated_at >= ? OR "
	    "COALESCE(r.end_date, '') >= ?)) "
	    "AND NOT EXISTS (SELECT 1 FROM proposals p WHERE p.org_id = "
	    "c.org_id "
	    "AND p.candidate_id = c.id AND p.updated_at >= ?) "
	    "AND NOT EXISTS (SELECT 1 FROM follow_ups f JOIN realisations r2 "
	    "ON "
	    "r2.org_id = f.org_id AND r2.id = f.realisation_id WHERE "
	    "r2.org_id = c.org_id AND r2.candidate_id = c.id AND "
	    "f.updated_at >= ?) ORDER BY c.id",
	    err);
	if (!st)
		return false;
	store_bind_int(st, 1, org_id);
	for (int i = 2; i <= 7; i++)
		store_bind_text(st, i, cutoff);
	size_t cap = 0;
	bool ok = true;
	enum store_step_result r;
	while ((r = store_step(st, err)) == STORE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			int64_t *grown = realloc(*ids, cap * sizeof **ids);
			if (!grown) {
				ok = sr_fail(err, 503, "out_of_memory", "",
					     "out of memory");
				break;
			}
			*ids = grown;
		}
		(*ids)[(*n)++] = store_column_int(st, 0);
	}
	store_finalize(st);
	if (r == STORE_ERROR || !ok) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return false;
	}
	return true;
}

bool store_gdpr_retention(struct store *s, const char *as_of, const char *now,
			  const char *actor, int64_t *erased,
			  struct sr_error *err)
{
	*erased = 0;
	sr_date day;
	if (!date_parse(as_of, &day))
		return sr_fail(err, 400, "invalid_date", "as_of",
			       "as_of must be a date YYYY-MM-DD");
	struct store_stmt *st = store_prepare(
	    s, "SELECT org_id FROM organisations ORDER BY org_id", err);
	if (!st)
		return false;
	int64_t orgs[4096]; /* far more than the Netherlands has */
	size_t n_orgs = 0;
	enum store_step_result r;
	while ((r = store_step(st, err)) == STORE_ROW &&
	       n_orgs < sizeof orgs / sizeof orgs[0])
		orgs[n_orgs++] = store_column_int(st, 0);
	store_finalize(st);
	if (r == STORE_ERROR)
		return false;
	for (size_t i = 0; i < n_orgs; i++) {
		int months = -1;
		if (!retention_months(s, orgs[i], as_of, &months, err))
			return false;
		if (months < 0)
			continue;
		char cutoff[SR_DATE_TEXT_LEN];
		date_format(date_add_months(day, -months), cutoff);
		int64_t *ids = NULL;
		size_t n = 0;
		if (!inactive_candidates(s, orgs[i], cutoff, &ids, &n, err))
			return false;
		/* Record by record, each by its own organisation's rule and
		 * activity: a linked copy elsewhere goes by that
		 * organisation's rule (it is selected there by its
		 * pseudonym). */
		bool ok = true;
		for (size_t j = 0; ok && j < n; j++)
			ok = erase_record(s, orgs[i], ids[j], ids[j], now,
					  actor, err);
		free(ids);
		if (!ok)
			return false;
		*erased += (int64_t)n;
	}
	return true;
}
