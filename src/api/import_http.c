/*
 * import_http.c: POST /api/v1/imports/{kind} (a multipart/form-data upload
 * with a `file` part, or the file itself as the body), GET
 * /api/v1/imports/{id} (the job: progress while it runs, then its report)
 * and GET /api/v1/imports/templates/{kind} (the CSV template of a kind).
 *
 * The import runs in the request's transaction; its progress is kept in
 * this process's job registry (a small ring), because the transaction's
 * own writes are not visible to other requests until it commits. A
 * finished job that wrote something is in the import_jobs table too.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/import.h"
#include "http/permissions.h"

/* ---- the job registry ------------------------------------------------ */

#define REGISTRY_SIZE 64

struct job_entry {
	int64_t id, org_id;
	char actor[96], kind[24], file[128];
	long done, total;
	bool running;
	json_t *report; /* when finished */
	unsigned long seq;
};

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static struct job_entry registry[REGISTRY_SIZE];
static unsigned long registry_seq;

void import_progress_begin(int64_t job_id, int64_t org_id, const char *actor,
			   const char *kind, const char *file)
{
	pthread_mutex_lock(&registry_lock);
	/* the oldest entry makes room */
	struct job_entry *e = &registry[0];
	for (int i = 0; i < REGISTRY_SIZE; i++)
		if (registry[i].seq < e->seq)
			e = &registry[i];
	json_decref(e->report);
	memset(e, 0, sizeof *e);
	e->id = job_id;
	e->org_id = org_id;
	snprintf(e->actor, sizeof e->actor, "%s", actor);
	snprintf(e->kind, sizeof e->kind, "%s", kind);
	snprintf(e->file, sizeof e->file, "%s", file);
	e->running = true;
	e->seq = ++registry_seq;
	pthread_mutex_unlock(&registry_lock);
}

static struct job_entry *entry_of(int64_t id)
{
	struct job_entry *found = NULL;
	for (int i = 0; i < REGISTRY_SIZE; i++)
		if (registry[i].id == id &&
		    (!found || registry[i].seq > found->seq))
			found = &registry[i];
	return found;
}

void import_progress_update(int64_t job_id, long done, long total)
{
	pthread_mutex_lock(&registry_lock);
	struct job_entry *e = entry_of(job_id);
	if (e) {
		e->done = done;
		e->total = total;
	}
	pthread_mutex_unlock(&registry_lock);
}

void import_progress_end(int64_t job_id, json_t *report)
{
	pthread_mutex_lock(&registry_lock);
	struct job_entry *e = entry_of(job_id);
	if (e) {
		e->running = false;
		json_decref(e->report);
		e->report = report ? json_deep_copy(report) : NULL;
	}
	pthread_mutex_unlock(&registry_lock);
}

/* ---- multipart/form-data ---------------------------------------------- */

struct upload {
	const char *data;
	size_t size;
	char filename[128];
	bool dry_run, partial;
};

static const char *find_bytes(const char *hay, size_t n, const char *needle,
			      size_t m)
{
	if (m == 0 || n < m)
		return NULL;
	return memmem(hay, n, needle, m);
}

/* The value of a parameter of a header ("boundary", "name", "filename"),
 * quoted or not. */
static bool header_param(const char *h, size_t hlen, const char *name,
			 char *out, size_t n)
{
	size_t nl = strlen(name);
	for (size_t i = 0; i + nl + 1 < hlen; i++) {
		if ((i == 0 || h[i - 1] == ';' || h[i - 1] == ' ') &&
		    strncasecmp(h + i, name, nl) == 0 && h[i + nl] == '=') {
			const char *v = h + i + nl + 1;
			const char *end = h + hlen;
			size_t len = 0;
			if (v < end && *v == '"') {
				v++;
				while (v + len < end && v[len] != '"')
					len++;
			} else {
				while (v + len < end && v[len] != ';' &&
				       v[len] != ' ' && v[len] != '\r' &&
				       v[len] != '\n')
					len++;
			}
			if (len >= n)
				len = n - 1;
			memcpy(out, v, len);
			out[len] = '\0';
			return true;
		}
	}
	return false;
}

static bool truthy(const char *v)
{
	return v && (strcmp(v, "true") == 0 || strcmp(v, "1") == 0 ||
		     strcmp(v, "yes") == 0);
}

/* The file of the request: the `file` part of a multipart body, or the
 * body itself. Form fields dry_run and partial are read too. */
static bool read_upload(const struct request *req, struct upload *u,
			struct sr_error *err)
{
	memset(u, 0, sizeof *u);
	const char *ct = req->content_type ? req->content_type : "";
	if (strncasecmp(ct, "multipart/form-data", 19) != 0) {
		if (!req->body_len)
			return sr_fail(
			    err, 400, "missing_file", "file",
			    "send the file as multipart/form-data (a part "
			    "named file) or as the body");
		u->data = req->body;
		u->size = req->body_len;
		snprintf(u->filename, sizeof u->filename, "upload");
		return true;
	}
	char boundary[128];
	char delim[140];
	if (!header_param(ct, strlen(ct), "boundary", boundary,
			  sizeof boundary) ||
	    !boundary[0])
		return sr_fail(err, 400, "invalid_multipart", "file",
			       "the multipart body has no boundary");
	int dl = snprintf(delim, sizeof delim, "--%s", boundary);
	const char *body = req->body, *end = req->body + req->body_len;
	const char *p = find_bytes(body, req->body_len, delim, (size_t)dl);
	bool found = false;
	while (p) {
		p += dl;
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			break; /* the closing delimiter */
		if (end - p >= 2 && p[0] == '\r' && p[1] == '\n')
			p += 2;
		const char *hend =
		    find_bytes(p, (size_t)(end - p), "\r\n\r\n", 4);
		if (!hend)
			break;
		const char *data = hend + 4;
		char next_delim[144];
		int nl =
		    snprintf(next_delim, sizeof next_delim, "\r\n%s", delim);
		const char *next = find_bytes(data, (size_t)(end - data),
					      next_delim, (size_t)nl);
		if (!next)
			return sr_fail(err, 400, "invalid_multipart", "file",
				       "the multipart body is cut off");
		char name[64] = "", filename[128] = "";
		size_t hlen = (size_t)(hend - p);
		header_param(p, hlen, "name", name, sizeof name);
		header_param(p, hlen, "filename", filename, sizeof filename);
		size_t len = (size_t)(next - data);
		if (strcmp(name, "file") == 0) {
			u->data = data;
			u->size = len;
			snprintf(u->filename, sizeof u->filename, "%s",
				 filename[0] ? filename : "upload");
			found = true;
		} else if (strcmp(name, "dry_run") == 0 ||
			   strcmp(name, "partial") == 0) {
			char v[8];
			snprintf(v, sizeof v, "%.*s", (int)(len < 7 ? len : 7),
				 data);
			if (strcmp(name, "dry_run") == 0)
				u->dry_run = truthy(v);
			else
				u->partial = truthy(v);
		}
		p = next + 2;
	}
	if (!found)
		return sr_fail(err, 400, "missing_file", "file",
			       "the multipart body has no part named file");
	return true;
}

/* ---- handlers ------------------------------------------------------------ */

/* The organisation to import into: the caller's, or ?organisation= for a
 * system account. */
static bool target_org(struct request *req, int64_t *org_id,
		       struct sr_error *err)
{
	if (req->caller.org_id) {
		*org_id = req->caller.org_id;
		return true;
	}
	const char *code = request_query(req, "organisation");
	if (!code)
		return sr_fail(
		    err, 400, "missing_parameter", "organisation",
		    "give ?organisation=CODE: the organisation to import into");
	if (!api_org_by_code(req, code, org_id, err))
		return false;
	if (!*org_id)
		return sr_fail(err, 422, "unknown_organisation", "organisation",
			       "no organisation with code '%s'", code);
	return true;
}

void api_imports_create(struct request *req, struct response *res)
{
	struct sr_error err = {0};
	const char *kind = strrchr(req->path ? req->path : "", '/');
	kind = kind ? kind + 1 : "";
	struct upload u;
	int64_t org_id = 0;
	if (!target_org(req, &org_id, &err) || !read_upload(req, &u, &err)) {
		response_error(res, &err);
		return;
	}
	struct import_options o = {
	    .kind = kind,
	    .org_id = org_id,
	    .dry_run = u.dry_run || truthy(request_query(req, "dry_run")),
	    .partial = u.partial || truthy(request_query(req, "partial")),
	};
	struct import_source src = {
	    .data = u.data, .size = u.size, .filename = u.filename};
	json_t *report = NULL;
	if (!import_run(req, &o, &src, &report, &err)) {
		response_error(res, &err);
		return;
	}
	const char *status =
	    json_string_value(json_object_get(report, "status"));
	if (strcmp(status, "failed") == 0) {
		char msg[200];
		snprintf(msg, sizeof msg,
			 "%lld errors: nothing was written (see errors; with "
			 "partial "
			 "the valid rows are written)",
			 (long long)json_integer_value(
			     json_object_get(report, "error_count")));
		json_object_set_new(report, "error",
				    json_pack("{s:s, s:s, s:s}", "code",
					      "import_refused", "message", msg,
					      "field", ""));
		response_json(res, 422, report);
		return;
	}
	response_json(res, 200, report);
}

static bool may_see_job(const struct request *req, int64_t org_id,
			const char *actor)
{
	if (permissions_is_system(&req->caller))
		return true;
	return org_id == req->caller.org_id &&
	       (strcmp(actor, req->caller.actor) == 0 ||
		strcmp(req->caller.role, "administrator") == 0);
}

void api_imports_get(struct request *req, struct response *res)
{
	struct sr_error err = {0};
	int64_t id;
	if (!api_path_id(req, 0, &id, &err)) {
		response_error(res, &err);
		return;
	}
	json_t *answer = NULL;
	pthread_mutex_lock(&registry_lock);
	struct job_entry *e = entry_of(id);
	if (e && may_see_job(req, e->org_id, e->actor)) {
		if (e->running)
			answer = json_pack(
			    "{s:I, s:s, s:s, s:s, s:I, s:I}", "id",
			    (json_int_t)id, "kind", e->kind, "file", e->file,
			    "status", "running", "rows_done",
			    (json_int_t)e->done, "rows_total",
			    (json_int_t)(e->total > e->done ? e->total
							    : e->done));
		else if (e->report)
			answer = json_deep_copy(e->report);
	}
	pthread_mutex_unlock(&registry_lock);
	if (answer) {
		response_json(res, 200, answer);
		return;
	}
	struct store_stmt *st =
	    store_prepare(req->store,
			  "SELECT org_id, kind, filename, actor, status, "
			  "rows_total, rows_done, created, "
			  "updated, unchanged, failed, errors, created_at FROM "
			  "import_jobs WHERE id = ?",
			  &err);
	if (!st) {
		response_error(res, &err);
		return;
	}
	store_bind_int(st, 1, id);
	enum store_step_result r = store_step(st, &err);
	if (r == STORE_ROW && may_see_job(req, store_column_int(st, 0),
					  store_column_text(st, 3))) {
		json_t *errors = json_loads(store_column_text(st, 11), 0, NULL);
		answer = json_pack(
		    "{s:I, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:o, "
		    "s:s}",
		    "id", (json_int_t)id, "kind", store_column_text(st, 1),
		    "file", store_column_text(st, 2), "status",
		    store_column_text(st, 4), "rows_total",
		    (json_int_t)store_column_int(st, 5), "rows_done",
		    (json_int_t)store_column_int(st, 6), "created",
		    (json_int_t)store_column_int(st, 7), "updated",
		    (json_int_t)store_column_int(st, 8), "unchanged",
		    (json_int_t)store_column_int(st, 9), "failed",
		    (json_int_t)store_column_int(st, 10), "errors",
		    errors ? errors : json_array(), "created_at",
		    store_column_text(st, 12));
	}
	store_finalize(st);
	if (r == STORE_ERROR) {
		response_error(res, &err);
		return;
	}
	if (!answer) {
		response_fail(res, 404, "not_found", "", "no such import job");
		return;
	}
	response_json(res, 200, answer);
}

void api_imports_template(struct request *req, struct response *res)
{
	const char *kind = req->param_count ? req->params[0] : "";
	const char *lang = request_query(req, "lang");
	bool dutch = lang && strcmp(lang, "nl") == 0;
	char *csv = import_template_csv(kind, dutch);
	if (!csv) {
		response_fail(
		    res, 404, "not_found", "kind",
		    "no template for this kind (suppliers, contracts, plans, "
		    "candidates, openings, realisations, follow-ups)");
		return;
	}
	res->status = 200;
	res->body = csv;
	res->body_len = strlen(csv);
	res->content_type = "text/csv; charset=utf-8";
	size_t n = strlen(kind) + 64;
	res->content_disposition = malloc(n);
	if (res->content_disposition)
		snprintf(res->content_disposition, n,
			 "attachment; filename=\"sroi-%s-template%s.csv\"",
			 kind, dutch ? "-nl" : "");
}
