/*
 * proposals.c: /api/v1/proposals, a candidate proposed to an opening, and
 * its life: proposed -> introduced -> hired | declined (by the employer or
 * the candidate, with a reason).
 *
 * Proposals come from a round (matching.c), from a consultant's choice on a
 * shortlist, or from the employer, who brings its own candidate: then the
 * consultant's check is the eligibility part of the engine's hard
 * constraints (not hired elsewhere, in a target group the contract may
 * count, not proposed before); a consultant's own choice must meet them
 * all. A hire creates the realisation on the opening's contract through the
 * realisation resource's own create path (validation, valuation, double
 * counting, follow-ups), ends the candidate's other open proposals, marks
 * the candidate placed, and the opening filled once its hires reach its
 * positions. Every change is audited; a refused request changes nothing.
 *
 * Who sees a proposal: the organisation of its candidate and the
 * organisation of its opening; a supplier account only the proposals to
 * its own supplier's openings (the proposals table's supplier_id).
 *
 * A region's members may share their candidates: then a proposal names a
 * candidate of one member and an opening of another. Its hire is recorded
 * by the opening's organisation, whose contract counts it; a realisation
 * names a candidate of its own organisation, so the hire first finds or
 * makes the hiring organisation's record of the person (match_store.h: a
 * linked copy of what valuation needs, with the same region pseudonym, so
 * that the region's double counting check sees one person; the identity
 * stays with the original), and audits that. The person's other open
 * proposals end in every organisation, and both records are placed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/matching.h"

#define LIST_DEFAULT_LIMIT 50
#define LIST_MAX_LIMIT 500

static const char *const proposal_sources[] = {"round", "consultant",
					       "employer", NULL};
static const char *const proposal_statuses[] = {"proposed", "introduced",
						"hired", "declined", NULL};
static const char *const decliners[] = {"employer", "candidate", "system",
					NULL};

/* The columns a transition changes are written through crud_save_changes,
 * which reads them from this description (and audits the change). */
static const struct field_desc proposal_fields[] = {
    {"run_id", "run_id", FT_INT, F_READONLY | F_FILTER, CHK_NONE, NULL, NULL, 0,
     0, "the round that made it"},
    {"opening_id", "opening_id", FT_INT, F_REQUIRED | F_FILTER | F_IMMUTABLE,
     CHK_NONE, NULL, NULL, 0, 0, "the opening"},
    {"candidate_id", "candidate_id", FT_INT,
     F_REQUIRED | F_FILTER | F_IMMUTABLE, CHK_NONE, NULL, NULL, 0, 0,
     "the candidate (pseudonymous)"},
    {"supplier_id", "supplier_id", FT_INT, F_READONLY, CHK_NONE, NULL, NULL, 0,
     0, "the employer"},
    {"source", "source", FT_ENUM, F_IMMUTABLE, CHK_NONE, proposal_sources, NULL,
     0, 0, "round, consultant or employer (the employer's own candidate)"},
    {"score", "score", FT_INT, F_READONLY, CHK_NONE, NULL, NULL, 0, 0,
     "the matching score"},
    {"components", "components", FT_JSON, F_READONLY, CHK_NONE, NULL, NULL, 0,
     0, "the score's components"},
    {"status", "status", FT_ENUM, F_READONLY | F_FILTER, CHK_NONE,
     proposal_statuses, NULL, 0, 0, "proposed, introduced, hired or declined"},
    {"declined_by", "declined_by", FT_ENUM, F_READONLY, CHK_NONE, decliners,
     NULL, 0, 0, "employer, candidate or system"},
    {"reason", "reason", FT_TEXT, F_READONLY, CHK_NONE, NULL, NULL, 0, 1000,
     "why it was declined"},
    {"due_date", "due_date", FT_DATE, F_READONLY, CHK_NONE, NULL, NULL, 0, 0,
     "the employer's answer is due on this date"},
    {"realisation_id", "realisation_id", FT_INT, F_READONLY, CHK_NONE, NULL,
     NULL, 0, 0, "the realisation a hire created"},
};

static const struct resource_desc proposal_resource = {
    .name = "proposals",
    .entity = "proposal",
    .fields = proposal_fields,
    .field_count = sizeof proposal_fields / sizeof proposal_fields[0],
    .table = "proposals",
    /* Read through match_store_proposals, which applies the visibility
     * above (a supplier account: p.supplier_id), not through crud.c. */
};

static bool supplier_caller(const struct request *req)
{
	return req->caller.auth != CALLER_ANONYMOUS &&
	       strcmp(req->caller.role, "supplier") == 0;
}

static bool one_of(const char *s, const char *const *choices)
{
	for (; s && *choices; choices++)
		if (strcmp(s, *choices) == 0)
			return true;
	return false;
}

/* ---- JSON ------------------------------------------------------------------
 */

static json_t *id_or_null(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

static json_t *text_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

json_t *proposal_json(const struct match_proposal_row *p)
{
	json_t *components =
	    json_loads(p->components ? p->components : "{}", 0, NULL);
	return json_pack(
	    "{s:I, s:s, s:o, s:I, s:I, s:I, s:s, s:i, s:o, s:s, s:o, s:o, "
	    "s:o, s:o, s:s, s:s}",
	    "id", (json_int_t)p->id, "organisation", p->org_code, "run_id",
	    id_or_null(p->run_id), "opening_id", (json_int_t)p->opening_id,
	    "candidate_id", (json_int_t)p->candidate_id, "supplier_id",
	    (json_int_t)p->supplier_id, "source", p->source, "score",
	    (int)p->score, "components",
	    components ? components : json_object(), "status", p->status,
	    "declined_by", text_or_null(p->declined_by), "reason",
	    text_or_null(p->reason), "due_date", text_or_null(p->due_date),
	    "realisation_id", id_or_null(p->realisation_id), "created_at",
	    p->created_at, "updated_at", p->updated_at);
}

/* ---- reading
 * ----------------------------------------------------------------- */

/* The visibility part of a query: the caller's organisation's proposals
 * (0: all, for system accounts), a supplier account's own. False when the
 * caller can see none. */
static bool visible_to_caller(const struct request *req,
			      struct match_proposal_query *q)
{
	q->org_id = req->caller.org_id;
	if (supplier_caller(req)) {
		q->supplier_id = req->caller.supplier_id;
		return q->supplier_id > 0;
	}
	return true;
}

/* Loads proposal id as the caller sees it (404 otherwise). */
static bool load_proposal(struct request *req, int64_t id,
			  struct match_proposal_rows *rows,
			  struct sr_error *err)
{
	memset(rows, 0, sizeof *rows);
	struct match_proposal_query q = {.id = id, .limit = 1};
	if (!visible_to_caller(req, &q))
		return sr_fail(err, 404, "not_found", "", "no such proposal");
	if (!match_store_proposals(req->store, &q, rows, err))
		return false;
	if (rows->count == 0)
		return sr_fail(err, 404, "not_found", "", "no such proposal");
	return true;
}

static bool query_id(const char *value, const char *name, int64_t *out,
		     struct sr_error *err)
{
	char *end;
	long long v = strtoll(value, &end, 10);
	if (!*value || *end || v < 0)
		return sr_fail(err, 400, "invalid_parameter", name,
			       "%s must be a number", name);
	*out = v;
	return true;
}

void proposals_respond_list(struct request *req, struct response *res,
			    struct match_proposal_query *q)
{
	struct sr_error err = {0};
	bool ok = true, overdue = false;
	int64_t run_id = 0;
	q->limit = LIST_DEFAULT_LIMIT;
	for (int i = 0; ok && i < req->query_count; i++) {
		const char *name = req->query[i].name,
			   *value = req->query[i].value;
		if (strcmp(name, "limit") == 0) {
			int64_t v = 0;
			ok = query_id(value, name, &v, &err);
			if (ok && (v < 1 || v > LIST_MAX_LIMIT))
				ok = sr_fail(&err, 400, "invalid_parameter",
					     name,
					     "limit must be between 1 and %d",
					     LIST_MAX_LIMIT);
			q->limit = (int)v;
		} else if (strcmp(name, "cursor") == 0) {
			ok = !*value ||
			     query_id(value, name, &q->after_id, &err);
		} else if (strcmp(name, "status") == 0) {
			if (!one_of(value, proposal_statuses))
				ok = sr_fail(
				    &err, 400, "invalid_parameter", name,
				    "status must be proposed, introduced, "
				    "hired or declined");
			q->status = value;
		} else if (strcmp(name, "opening_id") == 0) {
			ok = query_id(value, name, &q->opening_id, &err);
		} else if (strcmp(name, "candidate_id") == 0) {
			ok = query_id(value, name, &q->candidate_id, &err);
		} else if (strcmp(name, "run_id") == 0 && !q->run_id) {
			ok = query_id(value, name, &run_id, &err);
		} else if (strcmp(name, "overdue") == 0) {
			if (strcmp(value, "true") != 0 &&
			    strcmp(value, "false") != 0)
				ok = sr_fail(&err, 400, "invalid_parameter",
					     name,
					     "overdue must be true or false");
			overdue = strcmp(value, "true") == 0;
		} else if (strcmp(name, "as_of") != 0) {
			ok = sr_fail(&err, 400, "invalid_parameter", name,
				     "cannot filter on '%s'", name);
		}
	}
	if (run_id)
		q->run_id = run_id;
	/* Overdue: still open and due before the as-of date (today). */
	sr_date as_of = 0;
	char as_of_text[SR_DATE_TEXT_LEN];
	ok = ok && api_as_of(req, &as_of, &err);
	if (ok && overdue) {
		date_format(as_of, as_of_text);
		q->due_before = as_of_text;
	}
	struct match_proposal_rows rows = {0};
	int want = q->limit;
	q->limit = want + 1; /* one more tells whether a next page exists */
	ok = ok && match_store_proposals(req->store, q, &rows, &err);
	if (!ok) {
		response_error(res, &err);
		return;
	}
	json_t *items = json_array();
	size_t n = rows.count > (size_t)want ? (size_t)want : rows.count;
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, proposal_json(&rows.items[i]));
	json_t *next = json_null();
	if (rows.count > (size_t)want && n > 0) {
		char cursor[24];
		snprintf(cursor, sizeof cursor, "%lld",
			 (long long)rows.items[n - 1].id);
		next = json_string(cursor);
	}
	match_proposal_rows_free(&rows);
	response_json(
	    res, 200,
	    json_pack("{s:o, s:o}", "items", items, "next_cursor", next));
}

void api_proposals_list(struct request *req, struct response *res)
{
	struct match_proposal_query q = {0};
	if (!visible_to_caller(req, &q)) {
		response_json(res, 200,
			      json_pack("{s:[], s:n}", "items", "next_cursor"));
		return;
	}
	proposals_respond_list(req, res, &q);
}

void api_proposals_get(struct request *req, struct response *res)
{
	struct sr_error err = {0};
	int64_t id;
	struct match_proposal_rows rows = {0};
	if (!api_path_id(req, 0, &id, &err) ||
	    !load_proposal(req, id, &rows, &err)) {
		match_proposal_rows_free(&rows);
		response_error(res, &err);
		return;
	}
	json_t *o = proposal_json(&rows.items[0]);
	match_proposal_rows_free(&rows);
	response_json(res, 200, o);
}

/* ---- POST /proposals ---------------------------------------------------- */

/* The rules an employer's own candidate must meet: eligibility for the
 * contract, not the fit the employer judged itself. */
#define EMPLOYER_RULES                                                         \
	(MATCH_RULE_HIRED | MATCH_RULE_TARGET_GROUP |                          \
	 MATCH_RULE_ALREADY_PROPOSED)

static uint32_t lowest_bit(uint32_t mask) { return mask & (~mask + 1); }

static bool body_id(json_t *body, const char *name, int64_t *out,
		    struct sr_error *err)
{
	json_t *v = json_object_get(body, name);
	if (!v)
		return sr_fail(err, 400, "missing_field", name,
			       "'%s' is required", name);
	if (!json_is_integer(v) || json_integer_value(v) <= 0)
		return sr_fail(err, 422, "invalid_value", name,
			       "%s must be the id of a record", name);
	*out = json_integer_value(v);
	return true;
}

static bool only_keys(json_t *body, const char *const *keys,
		      struct sr_error *err)
{
	const char *key;
	json_t *v;
	json_object_foreach(body, key, v)
	{
		if (!one_of(key, keys))
			return sr_fail(err, 400, "unknown_field", key,
				       "unknown field '%s'", key);
	}
	return true;
}

static bool insert_proposal(struct request *req, struct matching_pool *mp,
			    uint32_t ci, uint32_t oi, const char *source,
			    const struct match_score *score, int64_t *id,
			    struct sr_error *err)
{
	const struct match_store_pool *rows = &mp->rows;
	char components[256], now[32];
	json_t *cj = matching_components_json(score);
	char *text = cj ? json_dumps(cj, JSON_COMPACT) : NULL;
	json_decref(cj);
	if (!text)
		return sr_fail(err, 503, "out_of_memory", "", "out of memory");
	snprintf(components, sizeof components, "%s", text);
	free(text);
	api_now(now);
	struct match_proposal_row p = {0};
	if (!store_next_id(req->store, id, err))
		return false;
	p.org_id = rows->candidate_org[ci];
	p.id = *id;
	p.opening_id = rows->openings[oi].id;
	p.opening_org_id = rows->opening_info[oi].org_id;
	p.candidate_id = rows->candidates[ci].id;
	p.supplier_id = rows->opening_info[oi].supplier_id;
	snprintf(p.source, sizeof p.source, "%s", source);
	p.score = score->total;
	p.components = components;
	snprintf(p.status, sizeof p.status, "proposed");
	date_format(date_today() + mp->deadline_days[oi], p.due_date);
	json_t *changes = json_pack(
	    "{s:I, s:I, s:s, s:i, s:s}", "opening_id", (json_int_t)p.opening_id,
	    "candidate_id", (json_int_t)p.candidate_id, "source", source,
	    "score", (int)p.score, "due_date", p.due_date);
	bool ok =
	    match_store_proposals_insert(req->store, &p, 1, now, err) &&
	    api_audit(req, p.org_id, "create", "proposal", p.id, changes, err);
	json_decref(changes);
	return ok;
}

void api_proposals_create(struct request *req, struct response *res)
{
	static const char *const keys[] = {"opening_id", "candidate_id",
					   "source", "organisation", NULL};
	struct sr_error err = {0};
	json_t *body = NULL, *opening = NULL;
	int64_t opening_id = 0, candidate_id = 0, org_id = 0, id = 0;
	const char *source = "consultant";
	struct matching_pool mp = {0};
	struct {
		bool candidate, opening;
	} found = {false, false};
	bool ok = api_body_object(req, &body, &err) &&
		  only_keys(body, keys, &err) &&
		  body_id(body, "opening_id", &opening_id, &err) &&
		  body_id(body, "candidate_id", &candidate_id, &err);
	json_t *src = ok ? json_object_get(body, "source") : NULL;
	if (ok && src) {
		if (!json_is_string(src) ||
		    (strcmp(json_string_value(src), "consultant") != 0 &&
		     strcmp(json_string_value(src), "employer") != 0))
			ok = sr_fail(&err, 422, "invalid_value", "source",
				     "source must be consultant or employer");
		else
			source = json_string_value(src);
	}
	ok = ok && crud_load(&opening_resource, req, opening_id, &opening,
			     &org_id, &err);
	if (ok && strcmp(json_string_value(json_object_get(opening, "status")),
			 "open") != 0)
		ok = sr_fail(
		    &err, 409, "wrong_state", "opening_id",
		    "the opening is %s, not open",
		    json_string_value(json_object_get(opening, "status")));
	/* The candidate: of the opening's organisation, or of a member of its
	 * region that shares its candidates. */
	struct match_scope scope = {.org_id = org_id};
	char region[32] = "";
	struct match_org org;
	bool org_found = false, in_scope = false;
	ok = ok && match_store_org(req->store, org_id, &org, &org_found, &err);
	if (ok && org_found) {
		match_scope_region(&org, region);
		scope.region_code = region;
	}
	ok = ok &&
	     matching_pool_load(req, &scope, 0, org_id, date_today(), &mp,
				&err) &&
	     match_store_add_candidate(req->store, candidate_id, &mp.rows,
				       &found.candidate, &err);
	if (ok && found.candidate)
		ok = match_store_in_scope(req->store, &scope,
					  mp.rows.candidate_org[0], &in_scope,
					  &err);
	if (ok && (!found.candidate || !in_scope))
		ok = sr_fail(&err, 422, "unknown_reference", "candidate_id",
			     "candidate_id %lld does not exist",
			     (long long)candidate_id);
	ok = ok && match_store_add_opening(req->store, opening_id, &mp.rows,
					   &found.opening, &err);
	if (ok && !found.opening)
		ok = sr_fail(
		    &err, 422, "unknown_postcode_area", "opening_id",
		    "the opening's postcode area is not in the reference data");
	ok = ok && matching_pool_build(req, &mp, &err);
	struct match_explanation ex = {0};
	if (ok) {
		match_pool_explain(mp.pool, &mp.rows.candidates[0],
				   &mp.rows.openings[0], &ex);
		uint32_t failed =
		    ex.failed &
		    (strcmp(source, "employer") == 0 ? EMPLOYER_RULES : ~0u);
		if (failed) {
			uint32_t rule = lowest_bit(failed);
			ok = sr_fail(&err, 422, "not_eligible",
				     match_rule_name(rule), "not eligible: %s",
				     match_rule_message(rule));
		}
	}
	ok =
	    ok && insert_proposal(req, &mp, 0, 0, source, &ex.score, &id, &err);
	struct match_proposal_rows rows = {0};
	ok = ok && load_proposal(req, id, &rows, &err);
	json_t *out = ok ? proposal_json(&rows.items[0]) : NULL;
	match_proposal_rows_free(&rows);
	matching_pool_free(&mp);
	json_decref(body);
	json_decref(opening);
	if (!ok) {
		response_error(res, &err);
		return;
	}
	response_json(res, 201, out);
}

/* ---- transitions ------------------------------------------------------------
 */

/* Writes the proposal's change (status and the given fields) and audits it
 * under action. */
static bool change_proposal(struct request *req,
			    const struct match_proposal_row *p,
			    const char *status, const char *declined_by,
			    const char *reason, int64_t realisation_id,
			    const char *action, struct sr_error *err)
{
	json_t *before = proposal_json(p);
	json_t *after = before ? json_deep_copy(before) : NULL;
	bool ok = after != NULL;
	if (ok) {
		json_object_set_new(after, "status", json_string(status));
		if (declined_by)
			json_object_set_new(after, "declined_by",
					    json_string(declined_by));
		if (reason)
			json_object_set_new(after, "reason",
					    json_string(reason));
		if (realisation_id)
			json_object_set_new(after, "realisation_id",
					    json_integer(realisation_id));
		ok = crud_save_changes(&proposal_resource, req, p->org_id,
				       p->id, before, after, action, err);
	} else {
		sr_fail(err, 503, "out_of_memory", "", "out of memory");
	}
	json_decref(before);
	json_decref(after);
	return ok;
}

static bool is_open(const struct match_proposal_row *p)
{
	return strcmp(p->status, "proposed") == 0 ||
	       strcmp(p->status, "introduced") == 0;
}

/* Declines, by the system, every open proposal q selects other than
 * except_id. */
static bool close_open(struct request *req, struct match_proposal_query *q,
		       int64_t except_id, const char *reason,
		       struct sr_error *err)
{
	struct match_proposal_rows rows = {0};
	q->open_only = true;
	bool ok = match_store_proposals(req->store, q, &rows, err);
	for (size_t i = 0; ok && i < rows.count; i++)
		if (rows.items[i].id != except_id)
			ok = change_proposal(req, &rows.items[i], "declined",
					     "system", reason, 0, "close", err);
	match_proposal_rows_free(&rows);
	return ok;
}

/* Loads the proposal of the path and the optional JSON body (whose keys
 * must be among keys). */
static bool begin_transition(struct request *req, const char *const *keys,
			     struct match_proposal_rows *rows, json_t **body,
			     struct sr_error *err)
{
	int64_t id;
	*body = NULL;
	if (!api_path_id(req, 0, &id, err) ||
	    !load_proposal(req, id, rows, err))
		return false;
	if (req->body_len ? !api_body_object(req, body, err)
			  : (*body = json_object()) == NULL)
		return false;
	return only_keys(*body, keys, err);
}

static void respond_proposal(struct request *req, struct response *res,
			     int64_t id, json_t *extra_key_value_owner,
			     const char *extra_key, bool ok,
			     struct sr_error *err)
{
	struct match_proposal_rows rows = {0};
	ok = ok && load_proposal(req, id, &rows, err);
	if (!ok) {
		json_decref(extra_key_value_owner);
		match_proposal_rows_free(&rows);
		response_error(res, err);
		return;
	}
	json_t *o = proposal_json(&rows.items[0]);
	match_proposal_rows_free(&rows);
	if (extra_key && o)
		json_object_set_new(o, extra_key, extra_key_value_owner);
	else
		json_decref(extra_key_value_owner);
	response_json(res, 200, o);
}

void api_proposals_introduce(struct request *req, struct response *res)
{
	static const char *const keys[] = {NULL};
	struct sr_error err = {0};
	struct match_proposal_rows rows = {0};
	json_t *body = NULL;
	bool ok = begin_transition(req, keys, &rows, &body, &err);
	int64_t id = ok ? rows.items[0].id : 0;
	if (ok && strcmp(rows.items[0].status, "proposed") != 0)
		ok =
		    sr_fail(&err, 409, "wrong_state", "status",
			    "only a proposed candidate can be introduced; this "
			    "proposal is %s",
			    rows.items[0].status);
	ok = ok && change_proposal(req, &rows.items[0], "introduced", NULL,
				   NULL, 0, "introduce", &err);
	match_proposal_rows_free(&rows);
	json_decref(body);
	respond_proposal(req, res, id, NULL, NULL, ok, &err);
}

void api_proposals_decline(struct request *req, struct response *res)
{
	static const char *const keys[] = {"by", "reason", NULL};
	struct sr_error err = {0};
	struct match_proposal_rows rows = {0};
	json_t *body = NULL;
	bool ok = begin_transition(req, keys, &rows, &body, &err);
	int64_t id = ok ? rows.items[0].id : 0;
	const char *by =
	    ok ? json_string_value(json_object_get(body, "by")) : NULL;
	const char *reason =
	    ok ? json_string_value(json_object_get(body, "reason")) : NULL;
	if (ok && !json_object_get(body, "by"))
		ok = sr_fail(&err, 400, "missing_field", "by",
			     "'by' is required: employer or candidate");
	if (ok && (!by || (strcmp(by, "employer") != 0 &&
			   strcmp(by, "candidate") != 0)))
		ok = sr_fail(&err, 422, "invalid_value", "by",
			     "by must be employer or candidate");
	if (ok && json_object_get(body, "reason") && !reason)
		ok = sr_fail(&err, 422, "invalid_value", "reason",
			     "reason must be a text");
	if (ok && (!reason || !*reason))
		ok = sr_fail(&err, 422, "missing_reason", "reason",
			     "a decline needs a reason");
	if (ok && strlen(reason) > 1000)
		ok = sr_fail(&err, 422, "invalid_value", "reason",
			     "reason is too long");
	if (ok && !is_open(&rows.items[0]))
		ok =
		    sr_fail(&err, 409, "wrong_state", "status",
			    "the proposal is %s already", rows.items[0].status);
	ok = ok && change_proposal(req, &rows.items[0], "declined", by, reason,
				   0, "decline", &err);
	match_proposal_rows_free(&rows);
	json_decref(body);
	respond_proposal(req, res, id, NULL, NULL, ok, &err);
}

/* ---- POST /proposals/{id}/hire ------------------------------------------ */

/* Creates the realisation of a hire through the realisation resource's own
 * path (as POST /realisations does): *realisation gets the record. */
static bool create_realisation(struct request *req, int64_t org_id,
			       json_t *rbody, int64_t *rid,
			       json_t **realisation, struct sr_error *err)
{
	const struct resource_desc *d = &realisation_resource;
	char now[32];
	api_now(now);
	return crud_validate_new(d, req, rbody, org_id, err) &&
	       store_next_id(req->store, rid, err) &&
	       crud_insert(d, req, org_id, *rid, rbody, now, err) &&
	       api_audit(req, org_id, "create", d->entity, *rid, rbody, err) &&
	       (!d->after_write || d->after_write(req, d, org_id, *rid, err)) &&
	       crud_load(d, req, *rid, realisation, NULL, err);
}

/* Loads a candidate record for the hire's own changes, whichever of the
 * region's organisations it belongs to: the caller was authorised on the
 * proposal, which it sees, and nothing loaded here is answered to it. */
static bool load_candidate_for_hire(struct request *req, int64_t id,
				    json_t **record, int64_t *org_id,
				    struct sr_error *err)
{
	struct caller caller = req->caller;
	req->caller.org_id = 0;
	req->caller.supplier_id = 0;
	req->caller.role[0] = '\0';
	bool ok = crud_load(&candidate_resource, req, id, record, org_id, err);
	req->caller = caller;
	return ok;
}

/* Marks the candidate placed. */
static bool place_candidate(struct request *req, int64_t candidate_id,
			    struct sr_error *err)
{
	json_t *before = NULL, *after = NULL;
	int64_t org_id = 0;
	bool ok =
	    load_candidate_for_hire(req, candidate_id, &before, &org_id, err);
	if (ok && strcmp(json_string_value(json_object_get(before, "status")),
			 "placed") != 0) {
		after = json_pack("{s:s}", "status", "placed");
		ok = after && crud_save_changes(&candidate_resource, req,
						org_id, candidate_id, before,
						after, "place", err);
	}
	json_decref(before);
	json_decref(after);
	return ok;
}

/* Marks the opening filled when its hires reach its positions, and then
 * ends its other open proposals. */
static bool fill_opening_if_full(struct request *req, int64_t opening_id,
				 int64_t except_id, struct sr_error *err)
{
	json_t *before = NULL, *after = NULL;
	int64_t org_id = 0, hires = 0;
	bool ok =
	    crud_load(&opening_resource, req, opening_id, &before, &org_id,
		      err) &&
	    match_store_opening_hires(req->store, opening_id, &hires, err);
	json_int_t positions =
	    json_integer_value(json_object_get(before, "positions"));
	if (ok && hires >= positions &&
	    strcmp(json_string_value(json_object_get(before, "status")),
		   "open") == 0) {
		after = json_pack("{s:s}", "status", "filled");
		struct match_proposal_query q = {.opening_id = opening_id};
		ok =
		    after &&
		    crud_save_changes(&opening_resource, req, org_id,
				      opening_id, before, after, "fill", err) &&
		    close_open(req, &q, except_id, "opening filled", err);
	}
	json_decref(before);
	json_decref(after);
	return ok;
}

/* The candidate a hire into the opening's organisation counts: the
 * proposal's own, or for a candidate of another member of the region (which
 * must still share its candidates with it) the hiring organisation's record
 * of the person, made now when there is none (see the top of this file). */
static bool candidate_for_hire(struct request *req,
			       const struct match_proposal_row *p, int64_t *id,
			       struct sr_error *err)
{
	*id = p->candidate_id;
	if (p->org_id == p->opening_org_id)
		return true;
	struct match_org org;
	bool found = false, shared = false;
	char region[32] = "";
	if (!match_store_org(req->store, p->opening_org_id, &org, &found, err))
		return false;
	if (found)
		match_scope_region(&org, region);
	struct match_scope scope = {.org_id = p->opening_org_id,
				    .region_code = region};
	if (region[0] &&
	    !match_store_in_scope(req->store, &scope, p->org_id, &shared, err))
		return false;
	if (!shared)
		return sr_fail(
		    err, 409, "not_shared", "candidate_id",
		    "the candidate's organisation no longer shares "
		    "its candidates with this organisation's region");
	if (!match_store_candidate_in_org(req->store, p->opening_org_id,
					  p->org_id, p->candidate_id, id, err))
		return false;
	if (*id)
		return true;
	char now[32];
	api_now(now);
	json_t *record = NULL;
	bool ok =
	    store_next_id(req->store, id, err) &&
	    match_store_candidate_copy(req->store, p->opening_org_id, *id,
				       p->org_id, p->candidate_id, now, err) &&
	    load_candidate_for_hire(req, *id, &record, NULL, err);
	if (ok) {
		/* The audit has the record as made, and where it came from. */
		json_object_set_new(
		    record, "copied_from",
		    json_pack("{s:s, s:I, s:I}", "organisation", p->org_code,
			      "candidate_id", (json_int_t)p->candidate_id,
			      "proposal_id", (json_int_t)p->id));
		ok = api_audit(req, p->opening_org_id, "create", "candidate",
			       *id, record, err);
	}
	json_decref(record);
	return ok;
}

void api_proposals_hire(struct request *req, struct response *res)
{
	static const char *const keys[] = {"start_date",
					   "end_date",
					   "hours_per_week",
					   "permanent_contract",
					   "level",
					   "prior_internship_months",
					   NULL};
	struct sr_error err = {0};
	struct match_proposal_rows rows = {0};
	json_t *body = NULL, *opening = NULL, *rbody = NULL,
	       *realisation = NULL;
	int64_t org_id = 0, rid = 0, hired_id = 0;
	bool ok = begin_transition(req, keys, &rows, &body, &err);
	struct match_proposal_row *p = ok ? &rows.items[0] : NULL;
	int64_t id = p ? p->id : 0;
	/* Hired after the introduction; the employer's own candidate is known
	 * to it already. */
	bool may = p && (strcmp(p->status, "introduced") == 0 ||
			 (strcmp(p->status, "proposed") == 0 &&
			  strcmp(p->source, "employer") == 0));
	if (ok && !may)
		ok = sr_fail(&err, 409, "wrong_state", "status",
			     "only an introduced candidate can be hired; this "
			     "proposal is %s",
			     p->status);
	/* The employer's answer is recorded by the opening's organisation,
	 * whose contract counts the hire. */
	if (ok && req->caller.org_id && req->caller.org_id != p->opening_org_id)
		ok = sr_fail(&err, 403, "forbidden", "",
			     "the hire is recorded by the organisation of the "
			     "opening");
	ok = ok && crud_load(&opening_resource, req, p->opening_id, &opening,
			     &org_id, &err);
	json_t *contract = ok ? json_object_get(opening, "contract_id") : NULL;
	if (ok && !json_is_integer(contract))
		ok =
		    sr_fail(&err, 409, "no_contract", "opening_id",
			    "the opening has no contract to count the hire on");
	ok = ok && candidate_for_hire(req, p, &hired_id, &err);
	if (ok) {
		const char *kind = matching_realisation_kind(
		    json_string_value(json_object_get(opening, "kind")));
		rbody = json_pack("{s:O, s:s, s:I}", "contract_id", contract,
				  "kind", kind, "candidate_id",
				  (json_int_t)hired_id);
		json_object_update(rbody, body);
		if (!json_object_get(rbody, "hours_per_week"))
			json_object_set(
			    rbody, "hours_per_week",
			    json_object_get(opening, "hours_per_week"));
		ok = create_realisation(req, org_id, rbody, &rid, &realisation,
					&err) &&
		     change_proposal(req, p, "hired", NULL, NULL, rid, "hire",
				     &err);
	}
	if (ok) {
		/* Every organisation's open proposals of the person end: of
		 * the proposal's candidate, and of the hiring organisation's
		 * own record when it is another. */
		struct match_proposal_query q = {.candidate_id =
						     p->candidate_id};
		struct match_proposal_query mine = {.candidate_id = hired_id};
		ok = close_open(req, &q, id, "hired elsewhere", &err) &&
		     (hired_id == p->candidate_id ||
		      close_open(req, &mine, id, "hired elsewhere", &err)) &&
		     place_candidate(req, p->candidate_id, &err) &&
		     (hired_id == p->candidate_id ||
		      place_candidate(req, hired_id, &err)) &&
		     fill_opening_if_full(req, p->opening_id, id, &err);
	}
	match_proposal_rows_free(&rows);
	json_decref(body);
	json_decref(opening);
	json_decref(rbody);
	respond_proposal(req, res, id, realisation, "realisation", ok, &err);
}
