/*
 * crud.c: list, get, create, update and delete for any resource described by
 * a struct resource_desc. Validation follows the description: 400 for an
 * unknown or missing field, 422 for an invalid value; each request is one
 * transaction, so a refused request writes nothing.
 */
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "domain/refdata.h"
#include "domain/target_groups.h"
#include "domain/validate.h"
#include "store/audit_store.h"
#include "store/store.h"

#define LIST_DEFAULT_LIMIT 50
#define LIST_MAX_LIMIT 500
#define TEXT_DEFAULT_MAX 1000


void resource_table(const struct resource_desc *d, struct record_table *t,
		    const char **columns)
{
	for (size_t i = 0; i < d->field_count; i++)
		columns[i] = d->fields[i].column;
	t->table = d->table;
	t->columns = columns;
	t->column_count = d->field_count;
	t->archivable = d->archivable;
	t->untimed = d->untimed;
}

const struct field_desc *resource_field(const struct resource_desc *d,
					const char *name)
{
	for (size_t i = 0; i < d->field_count; i++)
		if (strcmp(d->fields[i].name, name) == 0)
			return &d->fields[i];
	return NULL;
}

/* ---- JSON -> validated JSON value ------------------------------------ */

static bool invalid(struct sr_error *err, const struct field_desc *f,
		    const char *what)
{
	return sr_fail(err, 422, "invalid_value", f->name, "%s: %s", f->name,
		       what);
}

/* Checks value against f and returns the normalised JSON value (new
 * reference) in *out. JSON null is allowed for optional fields. */
static bool normalise_field(const struct field_desc *f, json_t *value,
			    json_t **out, struct sr_error *err)
{
	*out = NULL;
	if (json_is_null(value)) {
		if (f->flags & F_REQUIRED)
			return invalid(err, f, "may not be null");
		*out = json_null();
		return true;
	}
	switch (f->type) {
	case FT_TEXT: {
		if (!json_is_string(value))
			return invalid(err, f, "must be a string");
		const char *s = json_string_value(value);
		size_t max = f->max ? (size_t)f->max : TEXT_DEFAULT_MAX;
		if (strlen(s) > max)
			return invalid(err, f, "is too long");
		if ((f->flags & F_REQUIRED) && !*s)
			return invalid(err, f, "may not be empty");
		if (f->check == CHK_KVK) {
			if (!validate_kvk(s, f->name, err))
				return false;
		} else if (f->check == CHK_POSTCODE) {
			char pc[8];
			if (!validate_postcode(s, pc, f->name, err))
				return false;
			*out = json_string(pc);
			return true;
		} else if (f->check == CHK_CPV) {
			char cpv[11];
			if (!validate_cpv(s, cpv, f->name, err))
				return false;
			*out = json_string(cpv);
			return true;
		} else if (f->check == CHK_ESCO) {
			if (!validate_esco(s, f->name, err))
				return false;
		}
		*out = json_string(s);
		return true;
	}
	case FT_INT:
	case FT_MONEY: {
		if (!json_is_integer(value))
			return invalid(err, f, "must be an integer");
		json_int_t v = json_integer_value(value);
		if (f->type == FT_MONEY && !validate_money(v, f->name, err))
			return false;
		if ((f->min || f->max) && (v < f->min || v > f->max))
			return sr_fail(err, 422, "invalid_value", f->name,
				       "%s must be between %lld and %lld",
				       f->name, (long long)f->min,
				       (long long)f->max);
		*out = json_integer(v);
		return true;
	}
	case FT_DATE: {
		sr_date d;
		if (!json_is_string(value) ||
		    !date_parse(json_string_value(value), &d))
			return sr_fail(err, 422, "invalid_date", f->name,
				       "%s must be a date YYYY-MM-DD", f->name);
		*out = json_incref(value);
		return true;
	}
	case FT_MONTH: {
		int y, m;
		if (!json_is_string(value) ||
		    !date_parse_month(json_string_value(value), &y, &m))
			return sr_fail(err, 422, "invalid_value", f->name,
				       "%s must be a month YYYY-MM", f->name);
		*out = json_incref(value);
		return true;
	}
	case FT_BOOL:
		if (!json_is_boolean(value))
			return invalid(err, f, "must be true or false");
		*out = json_incref(value);
		return true;
	case FT_ENUM: {
		if (!json_is_string(value))
			return invalid(err, f, "must be a string");
		const char *s = json_string_value(value);
		for (const char *const *c = f->choices; *c; c++)
			if (strcmp(*c, s) == 0) {
				*out = json_incref(value);
				return true;
			}
		char allowed[256] = "";
		for (const char *const *c = f->choices; *c; c++) {
			strncat(allowed, *c, sizeof allowed - strlen(allowed) - 3);
			if (c[1])
				strncat(allowed, ", ", sizeof allowed - strlen(allowed) - 1);
		}
		return sr_fail(err, 422, "invalid_value", f->name,
			       "%s must be one of: %s", f->name, allowed);
	}
	case FT_CENTI: {
		if (!json_is_number(value))
			return invalid(err, f, "must be a number");
		double v = json_number_value(value);
		double scaled = v * 100.0;
		if (v < 0 || v > 1e9 || fabs(scaled - round(scaled)) > 1e-6)
			return invalid(err, f,
				       "must be a number >= 0 with at most two "
				       "decimals");
		if ((f->min || f->max) &&
		    (round(scaled) < (double)f->min * 100 ||
		     round(scaled) > (double)f->max * 100))
			return sr_fail(err, 422, "invalid_value", f->name,
				       "%s must be between %lld and %lld",
				       f->name, (long long)f->min,
				       (long long)f->max);
		*out = json_incref(value);
		return true;
	}
	case FT_LIST: {
		if (!json_is_array(value) || json_array_size(value) > 20)
			return invalid(err, f, "must be a list of at most 20 "
					       "strings");
		size_t i;
		json_t *item;
		json_array_foreach(value, i, item)
		{
			if (!json_is_string(item))
				return invalid(err, f, "must be a list of strings");
			const char *s = json_string_value(item);
			if (f->check == CHK_ESCO_LIST &&
			    !validate_esco(s, f->name, err))
				return false;
			if (f->check == CHK_TARGET_GROUPS &&
			    !target_group_find(s))
				return sr_fail(err, 422, "invalid_target_group",
					       f->name,
					       "unknown target group '%s'", s);
		}
		*out = json_incref(value);
		return true;
	}
	case FT_REF:
		if (!json_is_integer(value) || json_integer_value(value) <= 0)
			return invalid(err, f, "must be the id of a record");
		*out = json_incref(value);
		return true;
	case FT_JSON:
		if (!json_is_object(value))
			return invalid(err, f, "must be an object");
		*out = json_incref(value);
		return true;
	}
	return invalid(err, f, "has an unknown type");
}

/* ---- validated JSON <-> store values --------------------------------- */

/* Fills v from a normalised JSON value; text pointers borrow from value or
 * from *owned (freed by the caller). */
static void to_store(const struct field_desc *f, json_t *value,
		     struct record_value *v, char **owned)
{
	*owned = NULL;
	v->kind = RV_NULL;
	if (!value || json_is_null(value))
		return;
	switch (f->type) {
	case FT_TEXT:
	case FT_DATE:
	case FT_MONTH:
	case FT_ENUM:
		v->kind = RV_TEXT;
		v->s = json_string_value(value);
		break;
	case FT_INT:
	case FT_MONEY:
	case FT_REF:
		v->kind = RV_INT;
		v->i = json_integer_value(value);
		break;
	case FT_BOOL:
		v->kind = RV_INT;
		v->i = json_is_true(value);
		break;
	case FT_CENTI:
		v->kind = RV_INT;
		v->i = (int64_t)llround(json_number_value(value) * 100.0);
		break;
	case FT_LIST:
	case FT_JSON:
		*owned = json_dumps(value, JSON_COMPACT);
		v->kind = RV_TEXT;
		v->s = *owned ? *owned : (f->type == FT_LIST ? "[]" : "{}");
		break;
	}
}

static json_t *from_store(const struct field_desc *f, struct store_stmt *st,
			  int col)
{
	if (store_column_is_null(st, col))
		return json_null();
	switch (f->type) {
	case FT_TEXT:
	case FT_DATE:
	case FT_MONTH:
	case FT_ENUM:
		return json_string(store_column_text(st, col));
	case FT_INT:
	case FT_MONEY:
	case FT_REF:
		return json_integer(store_column_int(st, col));
	case FT_BOOL:
		return json_boolean(store_column_int(st, col) != 0);
	case FT_CENTI: {
		int64_t c = store_column_int(st, col);
		if (c % 100 == 0)
			return json_integer(c / 100);
		return json_real((double)c / 100.0);
	}
	case FT_LIST: {
		json_t *list = json_loads(store_column_text(st, col), 0, NULL);
		return list ? list : json_array();
	}
	case FT_JSON: {
		json_t *o = json_loads(store_column_text(st, col), 0, NULL);
		return o ? o : json_null();
	}
	}
	return json_null();
}

static json_t *row_to_json(const struct resource_desc *d, struct store_stmt *st)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(store_column_int(st, RECORD_COL_ID)));
	json_object_set_new(o, "organisation",
			    json_string(store_column_text(st, RECORD_COL_ORG_CODE)));
	for (size_t i = 0; i < d->field_count; i++)
		json_object_set_new(o, d->fields[i].name,
				    from_store(&d->fields[i], st,
					       RECORD_COL_FIRST + (int)i));
	int col = RECORD_COL_FIRST + (int)d->field_count;
	if (!store_column_is_null(st, col)) {
		json_object_set_new(o, "created_at",
				    json_string(store_column_text(st, col)));
		json_object_set_new(o, "updated_at",
				    json_string(store_column_text(st, col + 1)));
	}
	return o;
}

/* ---- shared helpers ------------------------------------------------- */

bool api_body_object(const struct request *req, json_t **out,
		     struct sr_error *err)
{
	json_error_t jerr;
	*out = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &jerr);
	if (!*out)
		return sr_fail(err, 400, "invalid_json", "",
			       "the body is not valid JSON: %s (line %d)",
			       jerr.text, jerr.line);
	if (!json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		return sr_fail(err, 400, "invalid_json", "",
			       "the body must be a JSON object");
	}
	return true;
}

bool api_path_id(const struct request *req, int idx, int64_t *id,
		 struct sr_error *err)
{
	const char *s = idx < req->param_count ? req->params[idx] : "";
	char *end;
	long long v = strtoll(s, &end, 10);
	if (!*s || *end || v <= 0)
		return sr_fail(err, 404, "not_found", "", "no such record");
	*id = v;
	return true;
}

void api_now(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

bool api_as_of(const struct request *req, sr_date *out, struct sr_error *err)
{
	const char *s = request_query(req, "as_of");
	if (!s) {
		*out = date_today();
		return true;
	}
	if (!date_parse(s, out))
		return sr_fail(err, 400, "invalid_parameter", "as_of",
			       "as_of must be a date YYYY-MM-DD");
	return true;
}

bool api_org_by_code(struct request *req, const char *code, int64_t *org_id,
		     struct sr_error *err)
{
	*org_id = 0;
	struct store_stmt *st = store_prepare(
		req->store, "SELECT org_id FROM organisations WHERE code = ?", err);
	if (!st)
		return false;
	store_bind_text(st, 1, code);
	enum store_step_result r = store_step(st, err);
	if (r == STORE_ROW)
		*org_id = store_column_int(st, 0);
	store_finalize(st);
	return r != STORE_ERROR;
}

bool api_org_is_region_of(struct request *req, int64_t region_id,
			  int64_t member_id, bool *is_region,
			  struct sr_error *err)
{
	*is_region = false;
	struct store_stmt *st = store_prepare(
		req->store,
		"SELECT 1 FROM organisations m JOIN organisations r "
		"ON r.code = m.region_code WHERE m.org_id = ? AND r.org_id = ?",
		err);
	if (!st)
		return false;
	store_bind_int(st, 1, member_id);
	store_bind_int(st, 2, region_id);
	enum store_step_result r = store_step(st, err);
	*is_region = r == STORE_ROW;
	store_finalize(st);
	return r != STORE_ERROR;
}

bool api_target_org(struct request *req, json_t *body, int64_t *org_id,
		    struct sr_error *err)
{
	json_t *code = json_object_get(body, "organisation");
	if (req->caller.org_id) {
		*org_id = req->caller.org_id;
		if (code && !(json_is_string(code) &&
			      strcmp(json_string_value(code),
				     req->caller.org_code) == 0))
			return sr_fail(err, 422, "invalid_value", "organisation",
				       "records can only be created in your "
				       "own organisation");
		json_object_del(body, "organisation");
		return true;
	}
	if (!code)
		return sr_fail(err, 400, "missing_field", "organisation",
			       "organisation is required");
	if (!json_is_string(code))
		return sr_fail(err, 422, "invalid_value", "organisation",
			       "organisation must be an organisation code");
	if (!api_org_by_code(req, json_string_value(code), org_id, err))
		return false;
	if (!*org_id)
		return sr_fail(err, 422, "unknown_organisation", "organisation",
			       "no organisation with code '%s'",
			       json_string_value(code));
	json_object_del(body, "organisation");
	return true;
}

bool api_audit(struct request *req, int64_t org_id, const char *action,
	       const char *entity, int64_t entity_id, json_t *changes,
	       struct sr_error *err)
{
	char now[32];
	api_now(now);
	char *text = changes ? json_dumps(changes, JSON_COMPACT | JSON_SORT_KEYS)
			     : NULL;
	bool ok = store_audit_append(req->store, org_id, now, req->caller.actor,
				     action, entity, entity_id, text, err);
	free(text);
	return ok;
}

/* ---- supplier accounts ------------------------------------------------ */

/* A supplier account sees only its own supplier's records (resource.h). */
static bool supplier_caller(const struct request *req)
{
	return req->caller.auth != CALLER_ANONYMOUS &&
	       strcmp(req->caller.role, "supplier") == 0;
}

/* True for the one resource whose supplier scope reaches records of other
 * organisations: candidates, which a region round proposes to the openings
 * of any member that shares the pool (docs/matching.md, shared pools). Its
 * scope names the organisations itself (candidates.c). */
static bool supplier_scope_crosses_organisations(const struct resource_desc *d)
{
	return d == &candidate_resource;
}

/* Narrows q to what the caller may see of d. */
static void apply_supplier_scope(const struct resource_desc *d,
				 const struct request *req,
				 struct record_query *q)
{
	if (!supplier_caller(req) || d->supplier_sees_all)
		return;
	if (d->supplier_scope && req->caller.supplier_id > 0) {
		q->scope = d->supplier_scope;
		q->scope_value = req->caller.supplier_id;
		/* Unless ?organisation= narrowed it (to its own or to none). */
		if (supplier_scope_crosses_organisations(d) &&
		    !request_query(req, "organisation"))
			q->org_id = 0;
	} else {
		q->org_id = -1; /* matches nothing */
	}
}

/* False for a field the caller, a supplier account, is not shown. */
static bool supplier_shown(const struct resource_desc *d,
			  const struct request *req, const char *field)
{
	if (!supplier_caller(req) || !d->supplier_fields)
		return true;
	for (const char *const *f = d->supplier_fields; *f; f++)
		if (strcmp(*f, field) == 0)
			return true;
	return false;
}

/* Removes the fields a supplier account is not shown. */
static void supplier_view(const struct resource_desc *d,
			  const struct request *req, json_t *record)
{
	if (!record)
		return;
	for (size_t i = 0; i < d->field_count; i++)
		if (!supplier_shown(d, req, d->fields[i].name))
			json_object_del(record, d->fields[i].name);
}

/* A write that would leave the record outside the supplier's own records
 * (the final reload found nothing) is refused. */
static void supplier_write_refused(const struct request *req,
				   struct sr_error *err)
{
	if (supplier_caller(req) && err->status == 404)
		sr_fail(err, 403, "forbidden", "",
			"a supplier account writes only its own supplier's "
			"records");
}

/* ---- handlers -------------------------------------------------------- */

bool crud_load(const struct resource_desc *d, struct request *req,
	       int64_t id, json_t **record, int64_t *org_id,
	       struct sr_error *err)
{
	const char *columns[RESOURCE_MAX_FIELDS];
	struct record_table t;
	resource_table(d, &t, columns);
	struct store_stmt *st;
	if (supplier_caller(req) && !d->supplier_sees_all) {
		/* The same row, if the supplier's scope holds for it. */
		struct record_query q = {.org_id = req->caller.org_id,
					 .sort_column = -1, .limit = 1,
					 .include_archived = true};
		q.filters[0].column = -1;
		q.filters[0].value.kind = RV_INT;
		q.filters[0].value.i = id;
		q.filter_count = 1;
		apply_supplier_scope(d, req, &q);
		st = record_select(req->store, &t, &q, err);
	} else {
		st = record_select_one(req->store, &t, req->caller.org_id, id,
				       err);
	}
	if (!st)
		return false;
	enum store_step_result r = store_step(st, err);
	if (r == STORE_ROW) {
		*record = row_to_json(d, st);
		if (org_id)
			*org_id = store_column_int(st, RECORD_COL_ORG_ID);
	}
	store_finalize(st);
	if (r == STORE_ERROR)
		return false;
	if (r != STORE_ROW)
		return sr_fail(err, 404, "not_found", "", "no such %s", d->entity);
	return true;
}

void crud_get(const struct resource_desc *d, struct request *req,
	      struct response *res)
{
	struct sr_error err = {0};
	int64_t id;
	json_t *record = NULL;
	if (!api_path_id(req, 0, &id, &err) ||
	    !crud_load(d, req, id, &record, NULL, &err)) {
		response_error(res, &err);
		return;
	}
	supplier_view(d, req, record);
	response_json(res, 200, record);
}

/* Cursor: base64url of the JSON array [sort value, id]. */
static char *encode_cursor(json_t *value, int64_t id)
{
	json_t *a = json_pack("[O, I]", value ? value : json_null(), (json_int_t)id);
	char *text = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	if (!text)
		return NULL;
	size_t len = strlen(text);
	size_t cap = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = malloc(cap);
	if (out)
		sodium_bin2base64(out, cap, (const unsigned char *)text, len,
				  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	free(text);
	return out;
}

static json_t *decode_cursor(const char *cursor)
{
	size_t len = strlen(cursor);
	if (len > 1024)
		return NULL;
	unsigned char buf[1024];
	size_t n = 0;
	if (sodium_base642bin(buf, sizeof buf - 1, cursor, len, NULL, &n, NULL,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		return NULL;
	json_t *a = json_loadb((const char *)buf, n, 0, NULL);
	if (!json_is_array(a) || json_array_size(a) != 2 ||
	    !json_is_integer(json_array_get(a, 1))) {
		json_decref(a);
		return NULL;
	}
	return a;
}

static bool parse_list_query(const struct resource_desc *d,
			     struct request *req, struct record_query *q,
			     json_t **keep, char **owned, int *owned_count,
			     struct sr_error *err)
{
	memset(q, 0, sizeof *q);
	q->org_id = req->caller.org_id;
	q->sort_column = -1;
	q->limit = LIST_DEFAULT_LIMIT;
	for (int i = 0; i < req->query_count; i++) {
		const char *name = req->query[i].name;
		const char *value = req->query[i].value;
		if (strcmp(name, "limit") == 0) {
			char *end;
			long v = strtol(value, &end, 10);
			if (!*value || *end || v < 1 || v > LIST_MAX_LIMIT)
				return sr_fail(err, 400, "invalid_parameter",
					       "limit",
					       "limit must be between 1 and %d",
					       LIST_MAX_LIMIT);
			q->limit = (int)v;
		} else if (strcmp(name, "cursor") == 0 || strcmp(name, "sort") == 0 ||
			   strcmp(name, "as_of") == 0 || strcmp(name, "format") == 0 ||
			   strcmp(name, "lang") == 0 || strcmp(name, "identity") == 0) {
			continue;
		} else if (strcmp(name, "organisation") == 0) {
			int64_t org = 0;
			if (!api_org_by_code(req, value, &org, err))
				return false;
			if (!org || (req->caller.org_id && org != req->caller.org_id))
				org = -1; /* matches nothing */
			q->org_id = org;
		} else if (strcmp(name, "include_archived") == 0) {
			q->include_archived = strcmp(value, "true") == 0;
		} else {
			const struct field_desc *f = resource_field(d, name);
			if (!f || !(f->flags & F_FILTER) ||
			    !supplier_shown(d, req, name))
				return sr_fail(err, 400, "invalid_parameter", name,
					       "cannot filter on '%s'", name);
			if (q->filter_count == RECORD_MAX_FILTERS)
				return sr_fail(err, 400, "invalid_parameter", name,
					       "too many filters");
			/* Query values are text; numbers and booleans are
			 * converted by their type. */
			json_t *jv;
			if (f->type == FT_INT || f->type == FT_MONEY ||
			    f->type == FT_REF) {
				char *end;
				long long v = strtoll(value, &end, 10);
				if (!*value || *end)
					return sr_fail(err, 400, "invalid_parameter",
						       name, "%s must be a number",
						       name);
				jv = json_integer(v);
			} else if (f->type == FT_BOOL) {
				jv = json_boolean(strcmp(value, "true") == 0);
			} else {
				jv = json_string(value);
			}
			struct record_filter *rf = &q->filters[q->filter_count++];
			rf->column = (int)(f - d->fields);
			to_store(f, jv, &rf->value, &owned[*owned_count]);
			if (owned[*owned_count])
				(*owned_count)++;
			json_array_append_new(*keep, jv);
		}
	}
	/* After the loop, so that ?organisation= cannot widen it. */
	apply_supplier_scope(d, req, q);
	const char *sort = request_query(req, "sort");
	if (sort) {
		q->descending = sort[0] == '-';
		const char *name = q->descending ? sort + 1 : sort;
		if (strcmp(name, "id") != 0) {
			const struct field_desc *f = resource_field(d, name);
			if (!f || !(f->flags & F_SORT) ||
			    !supplier_shown(d, req, name))
				return sr_fail(err, 400, "invalid_parameter", "sort",
					       "cannot sort on '%s'", name);
			q->sort_column = (int)(f - d->fields);
		}
	}
	const char *cursor = request_query(req, "cursor");
	if (cursor && *cursor) {
		json_t *c = decode_cursor(cursor);
		if (!c)
			return sr_fail(err, 400, "invalid_parameter", "cursor",
				       "the cursor is not one this server gave");
		json_array_append_new(*keep, c);
		q->has_cursor = true;
		q->cursor_id = json_integer_value(json_array_get(c, 1));
		json_t *cv = json_array_get(c, 0);
		if (q->sort_column >= 0) {
			const struct field_desc *f = &d->fields[q->sort_column];
			to_store(f, cv, &q->cursor_value, &owned[*owned_count]);
			if (owned[*owned_count])
				(*owned_count)++;
		}
	}
	return true;
}

bool crud_list_each(const struct resource_desc *d, struct request *req,
		    bool (*each)(json_t *record, void *ctx), void *ctx,
		    struct sr_error *err)
{
	struct record_query q;
	json_t *keep = json_array();
	char *owned[RECORD_MAX_FILTERS + 2] = {0};
	int owned_count = 0;
	const char *columns[RESOURCE_MAX_FIELDS];
	struct record_table t;
	resource_table(d, &t, columns);
	struct store_stmt *st = NULL;
	if (parse_list_query(d, req, &q, &keep, owned, &owned_count, err)) {
		q.limit = INT32_MAX; /* every page */
		q.has_cursor = false;
		st = record_select(req->store, &t, &q, err);
	}
	bool ok = st != NULL;
	enum store_step_result r = STORE_DONE;
	while (ok && (r = store_step(st, err)) == STORE_ROW) {
		json_t *item = row_to_json(d, st);
		supplier_view(d, req, item);
		ok = item && each(item, ctx);
		json_decref(item);
	}
	if (r == STORE_ERROR)
		ok = false;
	store_finalize(st);
	for (int i = 0; i < owned_count; i++)
		free(owned[i]);
	json_decref(keep);
	return ok;
}

void crud_list(const struct resource_desc *d, struct request *req,
	       struct response *res)
{
	if (export_wanted(req)) { /* ?format=csv|xlsx (export.c) */
		export_list(d, req, res);
		return;
	}
	struct sr_error err = {0};
	struct record_query q;
	json_t *keep = json_array();
	char *owned[RECORD_MAX_FILTERS + 2] = {0};
	int owned_count = 0;
	const char *columns[RESOURCE_MAX_FIELDS];
	struct record_table t;
	resource_table(d, &t, columns);
	struct store_stmt *st = NULL;
	if (parse_list_query(d, req, &q, &keep, owned, &owned_count, &err)) {
		int want = q.limit;
		q.limit = want + 1; /* one more tells whether a next page exists */
		st = record_select(req->store, &t, &q, &err);
		q.limit = want;
	}
	if (!st) {
		response_error(res, &err);
	} else {
		json_t *items = json_array();
		enum store_step_result r;
		int n = 0;
		bool more = false;
		while ((r = store_step(st, &err)) == STORE_ROW) {
			if (n == q.limit) {
				more = true;
				break;
			}
			json_t *item = row_to_json(d, st);
			supplier_view(d, req, item);
			json_array_append_new(items, item);
			n++;
		}
		store_finalize(st);
		if (r == STORE_ERROR) {
			json_decref(items);
			response_error(res, &err);
		} else {
			json_t *next = json_null();
			if (more && n > 0) {
				json_t *last = json_array_get(items, (size_t)n - 1);
				json_t *sv = q.sort_column >= 0
						     ? json_object_get(last, d->fields[q.sort_column].name)
						     : NULL;
				char *c = encode_cursor(
					sv, json_integer_value(json_object_get(last, "id")));
				next = c ? json_string(c) : json_null();
				free(c);
			}
			response_json(res, 200,
				      json_pack("{s:o, s:o}", "items", items,
						"next_cursor", next));
		}
	}
	for (int i = 0; i < owned_count; i++)
		free(owned[i]);
	json_decref(keep);
}

/* Checks the body's fields against d: unknown, read-only, immutable (on
 * update) fields are refused; each value is normalised in place. */
static bool check_body_fields(const struct resource_desc *d, json_t *body,
			      bool creating, struct sr_error *err)
{
	const char *key;
	json_t *value;
	void *tmp;
	json_object_foreach_safe(body, tmp, key, value)
	{
		const struct field_desc *f = resource_field(d, key);
		if (!f)
			return sr_fail(err, 400, "unknown_field", key,
				       "unknown field '%s'", key);
		if (f->flags & F_READONLY)
			return sr_fail(err, 400, "read_only_field", key,
				       "'%s' is set by sroi and cannot be given",
				       key);
		if (!creating && (f->flags & F_IMMUTABLE))
			return sr_fail(err, 422, "immutable_field", key,
				       "'%s' cannot be changed", key);
		json_t *norm;
		if (!normalise_field(f, value, &norm, err))
			return false;
		json_object_set_new(body, key, norm);
	}
	if (creating)
		for (size_t i = 0; i < d->field_count; i++) {
			const struct field_desc *f = &d->fields[i];
			if ((f->flags & F_REQUIRED) && !json_object_get(body, f->name))
				return sr_fail(err, 400, "missing_field", f->name,
					       "'%s' is required", f->name);
		}
	return true;
}

/* References must name a record of the same organisation. */
static bool check_refs(const struct resource_desc *d, struct request *req,
		       json_t *record, int64_t org_id, struct sr_error *err)
{
	for (size_t i = 0; i < d->field_count; i++) {
		const struct field_desc *f = &d->fields[i];
		json_t *v = json_object_get(record, f->name);
		if (f->type != FT_REF || !json_is_integer(v))
			continue;
		bool exists = false;
		if (!record_exists(req->store, f->ref, org_id,
				   json_integer_value(v), NULL, &exists, err))
			return false;
		if (!exists)
			return sr_fail(err, 422, "unknown_reference", f->name,
				       "%s %lld does not exist", f->name,
				       (long long)json_integer_value(v));
	}
	return true;
}

bool crud_validate_new(const struct resource_desc *d, struct request *req,
		       json_t *body, int64_t org_id, struct sr_error *err)
{
	return check_body_fields(d, body, true, err) &&
	       check_refs(d, req, body, org_id, err) &&
	       (!d->check || d->check(req, d, body, NULL, org_id, err));
}

bool crud_validate_change(const struct resource_desc *d, struct request *req,
			  json_t *body, json_t *before, int64_t org_id,
			  json_t **after, struct sr_error *err)
{
	*after = NULL;
	/* Values equal to the stored ones are no change (so that an unchanged
	 * immutable field passes). */
	const char *key;
	json_t *value;
	void *tmp;
	json_object_foreach_safe(body, tmp, key, value)
	{
		const struct field_desc *f = resource_field(d, key);
		json_t *norm = NULL;
		if (f && normalise_field(f, value, &norm, NULL) &&
		    json_equal(norm, json_object_get(before, key)))
			json_object_del(body, key);
		json_decref(norm);
	}
	if (json_object_size(body) == 0)
		return true;
	if (!check_body_fields(d, body, false, err))
		return false;
	*after = json_deep_copy(before);
	json_object_update(*after, body);
	if (!check_refs(d, req, body, org_id, err) ||
	    (d->check && !d->check(req, d, *after, before, org_id, err))) {
		json_decref(*after);
		*after = NULL;
		return false;
	}
	return true;
}

bool crud_insert(const struct resource_desc *d, struct request *req,
		 int64_t org_id, int64_t id, json_t *record, const char *now,
		 struct sr_error *err)
{
	const char *columns[RESOURCE_MAX_FIELDS];
	struct record_table t;
	struct record_value values[RESOURCE_MAX_FIELDS];
	char *owned[RESOURCE_MAX_FIELDS];
	resource_table(d, &t, columns);
	for (size_t i = 0; i < d->field_count; i++)
		to_store(&d->fields[i], json_object_get(record, d->fields[i].name),
			 &values[i], &owned[i]);
	bool ok = record_insert(req->store, &t, org_id, id, values, now, err);
	for (size_t i = 0; i < d->field_count; i++)
		free(owned[i]);
	return ok;
}

void crud_create(const struct resource_desc *d, struct request *req,
		 struct response *res)
{
	struct sr_error err = {0};
	json_t *body = NULL, *record = NULL;
	int64_t org_id = 0, id = 0;
	char now[32];
	api_now(now);
	bool ok = api_body_object(req, &body, &err) &&
		  api_target_org(req, body, &org_id, &err) &&
		  crud_validate_new(d, req, body, org_id, &err) &&
		  store_next_id(req->store, &id, &err) &&
		  crud_insert(d, req, org_id, id, body, now, &err) &&
		  api_audit(req, org_id, "create", d->entity, id, body, &err) &&
		  (!d->after_write || d->after_write(req, d, org_id, id, &err)) &&
		  crud_load(d, req, id, &record, NULL, &err);
	json_decref(body);
	if (!ok) {
		supplier_write_refused(req, &err);
		response_error(res, &err);
		return;
	}
	supplier_view(d, req, record);
	response_json(res, 201, record);
}

bool crud_save_changes(const struct resource_desc *d, struct request *req,
		       int64_t org_id, int64_t id, json_t *before,
		       json_t *after, const char *action, struct sr_error *err)
{
	int columns_changed[RESOURCE_MAX_FIELDS];
	struct record_value values[RESOURCE_MAX_FIELDS];
	char *owned[RESOURCE_MAX_FIELDS];
	size_t n = 0;
	json_t *changes = json_object();
	for (size_t i = 0; i < d->field_count; i++) {
		const struct field_desc *f = &d->fields[i];
		json_t *a = json_object_get(after, f->name);
		json_t *b = json_object_get(before, f->name);
		if (!a || json_equal(a, b))
			continue;
		columns_changed[n] = (int)i;
		to_store(f, a, &values[n], &owned[n]);
		n++;
		json_object_set_new(changes, f->name,
				    json_pack("{s:O, s:O}", "before",
					      b ? b : json_null(), "after", a));
	}
	bool ok = true;
	if (n > 0) {
		const char *columns[RESOURCE_MAX_FIELDS];
		struct record_table t;
		char now[32];
		api_now(now);
		resource_table(d, &t, columns);
		ok = record_update(req->store, &t, org_id, id, columns_changed,
				   values, n, now, err) &&
		     api_audit(req, org_id, action, d->entity, id, changes, err);
	}
	for (size_t i = 0; i < n; i++)
		free(owned[i]);
	json_decref(changes);
	return ok;
}

void crud_update(const struct resource_desc *d, struct request *req,
		 struct response *res)
{
	struct sr_error err = {0};
	int64_t id, org_id = 0;
	json_t *body = NULL, *before = NULL, *after = NULL, *record = NULL;
	bool ok = api_path_id(req, 0, &id, &err) &&
		  crud_load(d, req, id, &before, &org_id, &err) &&
		  api_body_object(req, &body, &err) &&
		  check_body_fields(d, body, false, &err);
	if (ok) {
		after = json_deep_copy(before);
		json_object_update(after, body);
		ok = check_refs(d, req, body, org_id, &err) &&
		     (!d->check || d->check(req, d, after, before, org_id, &err)) &&
		     crud_save_changes(d, req, org_id, id, before, after, "update",
				       &err) &&
		     (!d->after_write || d->after_write(req, d, org_id, id, &err)) &&
		     (!d->after_update || d->after_update(req, d, org_id, id, &err)) &&
		     crud_load(d, req, id, &record, NULL, &err);
		if (!ok)
			supplier_write_refused(req, &err);
	}
	json_decref(body);
	json_decref(before);
	json_decref(after);
	if (!ok) {
		response_error(res, &err);
		return;
	}
	supplier_view(d, req, record);
	response_json(res, 200, record);
}

void crud_delete(const struct resource_desc *d, struct request *req,
		 struct response *res)
{
	struct sr_error err = {0};
	int64_t id, org_id = 0;
	json_t *before = NULL;
	bool found = false;
	char now[32];
	api_now(now);
	const char *columns[RESOURCE_MAX_FIELDS];
	struct record_table t;
	resource_table(d, &t, columns);
	bool ok = api_path_id(req, 0, &id, &err) &&
		  crud_load(d, req, id, &before, &org_id, &err) &&
		  record_remove(req->store, &t, org_id, id, now, &found, &err);
	if (ok && !found)
		ok = sr_fail(&err, 404, "not_found", "", "no such %s", d->entity);
	if (ok)
		ok = api_audit(req, org_id, d->archivable ? "archive" : "delete",
			       d->entity, id, NULL, &err);
	json_decref(before);
	if (!ok) {
		response_error(res, &err);
		return;
	}
	res->status = 204;
}
