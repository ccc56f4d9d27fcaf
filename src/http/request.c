/* request.c: small helpers shared by handlers and the server. */
#include "http/request.h"

#include <string.h>

const char *request_query(const struct request *req, const char *name)
{
	for (int i = 0; i < req->query_count; i++)
		if (strcmp(req->query[i].name, name) == 0)
			return req->query[i].value;
	return NULL;
}

void response_json(struct response *res, int status, json_t *body)
{
	if (res->json)
		json_decref(res->json);
	res->status = status;
	res->json = body;
}

void response_error(struct response *res, const struct sr_error *err)
{
	int status = err->status ? err->status : 500;
	json_t *e = json_pack("{s:{s:s, s:s, s:s}}", "error", "code",
			      err->code[0] ? err->code : "error", "message",
			      err->message, "field", err->field);
	response_json(res, status, e);
}

void response_fail(struct response *res, int status, const char *code,
		   const char *field, const char *message)
{
	struct sr_error err;
	sr_fail(&err, status, code, field, "%s", message);
	response_error(res, &err);
}
