/*
 * evidence.c: evidence for a realisation: POST /realisations/{id}/evidence
 * takes the file as the request body (a PDF, PNG or JPEG of at most 10 MiB;
 * the type is checked by content, not by name or header), sealed with the
 * key file like identities; GET lists and downloads it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "http/server.h"
#include "store/followup_store.h"
#include "store/keyring.h"

/* The type of a file by its first bytes; NULL when not allowed. */
static const char *sniff(const unsigned char *b, size_t n)
{
	if (n >= 5 && memcmp(b, "%PDF-", 5) == 0)
		return "application/pdf";
	if (n >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	if (n >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
		return "image/jpeg";
	return NULL;
}

static void evidence_context(char *out, size_t n, int64_t org_id, int64_t id)
{
	snprintf(out, n, "evidence:%lld:%lld", (long long)org_id, (long long)id);
}

/* A file name for the Content-Disposition header: letters, digits, dot,
 * dash and underscore only. */
static void clean_name(const char *in, char *out, size_t n)
{
	size_t j = 0;
	for (const char *p = in ? in : ""; *p && j + 1 < n; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == '_')
			out[j++] = *p;
	out[j] = '\0';
}

void api_evidence_upload(struct request *req, struct response *res)
{
	struct sr_error err = {0};
	int64_t rid, org_id = 0, id = 0;
	json_t *r = NULL;
	if (!api_path_id(req, 0, &rid, &err) ||
	    !crud_load(&realisation_resource, req, rid, &r, &org_id, &err)) {
		response_error(res, &err);
		return;
	}
	json_decref(r);
	const char *type = sniff((const unsigned char *)req->body, req->body_len);
	if (req->body_len == 0) {
		response_fail(res, 400, "missing_file", "file",
			      "send the file as the request body");
		return;
	}
	if (req->body_len > SERVER_MAX_UPLOAD) {
		response_fail(res, 413, "body_too_large", "file",
			      "the upload is larger than 10 MiB");
		return;
	}
	if (!type) {
		response_fail(res, 415, "unsupported_type", "file",
			      "evidence must be a PDF, PNG or JPEG file");
		return;
	}
	char name[128];
	clean_name(request_query(req, "filename"), name, sizeof name);
	char context[64], now[32];
	unsigned char *sealed = NULL;
	size_t sealed_len = 0;
	api_now(now);
	bool ok = store_next_id(req->store, &id, &err);
	if (ok) {
		evidence_context(context, sizeof context, org_id, id);
		ok = keyring_seal(context, req->body, req->body_len, &sealed,
				  &sealed_len, &err) &&
		     store_evidence_insert(req->store, org_id, id, rid, type, name,
					   req->body_len, sealed, sealed_len, now,
					   &err);
	}
	free(sealed);
	json_t *changes = NULL;
	if (ok) {
		changes = json_pack("{s:I, s:s, s:I, s:s}", "evidence_id", (json_int_t)id,
				    "content_type", type, "size", (json_int_t)req->body_len,
				    "filename", name);
		ok = api_audit(req, org_id, "add_evidence", "realisation", rid, changes, &err);
	}
	if (!ok) {
		json_decref(changes);
		response_error(res, &err);
		return;
	}
	json_object_set_new(changes, "id", json_integer(id));
	json_object_del(changes, "evidence_id");
	json_object_set_new(changes, "realisation_id", json_integer(rid));
	json_object_set_new(changes, "created_at", json_string(now));
	response_json(res, 201, changes);
}

void api_evidence_list(struct request *req, struct response *res)
{
	struct sr_error err = {0};
	int64_t rid, org_id = 0;
	json_t *r = NULL, *items = NULL;
	if (!api_path_id(req, 0, &rid, &err) ||
	    !crud_load(&realisation_resource, req, rid, &r, &org_id, &err) ||
	    !store_evidence_list(req->store, org_id, rid, &items, &err)) {
		json_decref(r);
		response_error(res, &err);
		return;
	}
	json_decref(r);
	response_json(res, 200, json_pack("{s:o, s:n}", "items", items, "next_cursor"));
}

void api_evidence_download(struct request *req, struct response *res)
{
	struct sr_error err = {0};
	int64_t id, rid = 0;
	char type[64], name[128], context[64];
	void *sealed = NULL;
	size_t sealed_len = 0;
	bool found = false;
	json_t *r = NULL;
	int64_t org_id = 0;
	/* Find the evidence in the caller's organisation, then check that the
	 * caller may see its realisation (suppliers: only their own). */
	bool ok = api_path_id(req, 0, &id, &err) &&
		  store_evidence_get(req->store, req->caller.org_id, id, &rid, type,
				     sizeof type, name, sizeof name, &sealed,
				     &sealed_len, &found, &err);
	if (ok && !found)
		ok = sr_fail(&err, 404, "not_found", "", "no such evidence");
	if (ok)
		ok = crud_load(&realisation_resource, req, rid, &r, &org_id, &err);
	char *plain = NULL;
	size_t plain_len = 0;
	if (ok) {
		evidence_context(context, sizeof context, org_id, id);
		ok = keyring_open(context, sealed, sealed_len, &plain, &plain_len, &err);
	}
	free(sealed);
	json_decref(r);
	if (ok)
		ok = api_audit(req, org_id, "read_evidence", "realisation", rid, NULL, &err);
	if (!ok) {
		free(plain);
		response_error(res, &err);
		return;
	}
	res->status = 200;
	res->body = plain;
	res->body_len = plain_len;
	res->content_type = strcmp(type, "application/pdf") == 0 ? "application/pdf"
			    : strcmp(type, "image/png") == 0	 ? "image/png"
								 : "image/jpeg";
	size_t n = strlen(name) + 48;
	res->content_disposition = malloc(n);
	if (res->content_disposition)
		snprintf(res->content_disposition, n, "attachment; filename=\"%s\"",
			 name[0] ? name : "evidence");
}
