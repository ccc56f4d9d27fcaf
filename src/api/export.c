/*
 * export.c: lists and reports as files. `?format=csv` or `?format=xlsx`
 * on any list route gives every record the same filters select (every
 * page), `&lang=nl` or `&lang=en` gives headers for people (amounts in
 * euros; Dutch files use ';' and a decimal comma, as Dutch Excel expects);
 * without lang the headers are the JSON names and amounts stay in cents.
 * Candidate lists stay pseudonymous unless the caller may read identities
 * and asks with `identity=true`; that export is in the audit log. The
 * table writer (report_output.h) is shared with the reports.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/report_output.h"
#include "http/permissions.h"
#include "store/identity_store.h"

bool export_wanted(const struct request *req)
{
	/* any format but JSON: an unknown one is refused by table_format_of */
	const char *f = request_query(req, "format");
	return f && strcmp(f, "json") != 0;
}

static const char *const identity_keys[] = {
    "name", "bsn", "birth_date", "email", "phone", "address", NULL};

struct list_export {
	struct table_out *t;
	struct request *req;
	bool identity;
	struct sr_error *err;
	int64_t count;
};

static bool export_row(json_t *record, void *ctx)
{
	struct list_export *x = ctx;
	if (x->identity) {
		json_t *identity = NULL;
		int64_t id = json_integer_value(json_object_get(record, "id"));
		int64_t org = x->req->caller.org_id;
		if (!org) {
			const char *code = json_string_value(
			    json_object_get(record, "organisation"));
			if (!code ||
			    !api_org_by_code(x->req, code, &org, x->err))
				return false;
		}
		if (!store_identity_get(x->req->store, org, id, &identity,
					x->err))
			return false;
		for (int i = 0; identity_keys[i]; i++) {
			json_t *v = identity ? json_object_get(identity,
							       identity_keys[i])
					     : NULL;
			json_object_set(record, identity_keys[i],
					v ? v : json_null());
		}
		json_decref(identity);
	}
	x->count++;
	return table_row(x->t, record);
}

void export_list(const struct resource_desc *d, struct request *req,
		 struct response *res)
{
	struct sr_error err = {0};
	enum table_format format;
	enum table_lang lang;
	if (!table_format_of(req, &format, &lang, &err)) {
		response_error(res, &err);
		return;
	}
	const char *want_identity = request_query(req, "identity");
	bool identity = want_identity && strcmp(want_identity, "true") == 0;
	if (identity && d != &candidate_resource) {
		response_fail(res, 400, "invalid_parameter", "identity",
			      "identity=true is for the candidate list");
		return;
	}
	if (identity &&
	    !permissions_caller_has(&req->caller, "identity:read")) {
		response_fail(res, 403, "forbidden", "identity",
			      "your role may not read identities");
		return;
	}
	struct table_column cols[RESOURCE_MAX_FIELDS + 16];
	int n = 0;
	cols[n++] = (struct table_column){"id", TK_INT};
	cols[n++] = (struct table_column){"organisation", TK_TEXT};
	for (size_t i = 0; i < d->field_count; i++) {
		const struct field_desc *f = &d->fields[i];
		if (f->type == FT_JSON)
			continue; /* explanations: in the JSON answer */
		enum table_kind k = f->type == FT_MONEY ? TK_CENTS
				    : f->type == FT_INT || f->type == FT_REF
					? TK_INT
				    : f->type == FT_CENTI ? TK_DECIMAL
				    : f->type == FT_DATE  ? TK_DATE
				    : f->type == FT_BOOL  ? TK_BOOL
				    : f->type == FT_LIST  ? TK_LIST
							  : TK_TEXT;
		cols[n++] = (struct table_column){f->name, k};
	}
	if (identity)
		for (int i = 0; identity_keys[i]; i++)
			cols[n++] = (struct table_column){
			    identity_keys[i],
			    strcmp(identity_keys[i], "birth_date") == 0
				? TK_DATE
				: TK_TEXT};
	struct table_out t;
	if (!table_begin(&t, format, lang, d->name, cols, n, &err)) {
		response_error(res, &err);
		return;
	}
	struct list_export x = {
	    .t = &t, .req = req, .identity = identity, .err = &err};
	bool ok = crud_list_each(d, req, export_row, &x, &err);
	if (ok && identity) {
		/* The export of identities is audited, without values; the list
		 * route reads, so the audit chain's writer lock is taken here.
		 */
		if (store_backend_of(req->store) == STORE_POSTGRES)
			ok = store_exec(req->store,
					"SELECT pg_advisory_xact_lock(7243)",
					&err);
		json_t *changes =
		    json_pack("{s:s, s:I}", "export",
			      format == TABLE_XLSX ? "xlsx" : "csv",
			      "candidates", (json_int_t)x.count);
		ok = ok && api_audit(req, req->caller.org_id, "export_identity",
				     "candidate", 0, changes, &err);
		json_decref(changes);
	}
	if (!ok) {
		table_discard(&t);
		response_error(res, err.status ? &err
					       : &(struct sr_error){
						     500, "export_failed",
						     "the export failed", ""});
		return;
	}
	table_respond(&t, res, d->name);
}
