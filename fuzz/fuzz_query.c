/*
 * fuzz_query.c: query strings through the list routes. The input is a query
 * string ("status=draft&sort=-value_cents&limit=2"), split into name=value
 * pairs and unescaped as libmicrohttpd delivers them to the server
 * (src/http/server.c keeps the first REQUEST_MAX_QUERY). Each resource's
 * list (all_resources and the audit log) runs with them through the handler
 * the route table names (crud_list: filters, sort, limit, cursor), once for
 * a consultant and once for a supplier account; when an answer has a
 * next page, its cursor is followed once. The store is the seeded one of
 * fuzz_api.c, in a transaction rolled back after the input.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "fuzz_api.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_api_setup();
	return 0;
}

static int hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Unescapes s in place: '+' is a space, %XX a byte (a malformed escape
 * stays as it is). A %00 ends the C string, as it does for the server. */
static void unescape(char *s)
{
	char *out = s;
	for (char *in = s; *in; in++) {
		if (*in == '+') {
			*out++ = ' ';
		} else if (*in == '%' && hex(in[1]) >= 0 && hex(in[2]) >= 0) {
			*out++ = (char)(hex(in[1]) * 16 + hex(in[2]));
			in += 2;
		} else {
			*out++ = *in;
		}
	}
	*out = '\0';
}

/* Splits text (modified) into req->query. */
static void split_query(char *text, struct request *req)
{
	char *save = NULL;
	for (char *pair = strtok_r(text, "&", &save); pair;
	     pair = strtok_r(NULL, "&", &save)) {
		if (req->query_count == REQUEST_MAX_QUERY)
			break;
		char *eq = strchr(pair, '=');
		char *value = pair + strlen(pair); /* "" without a '=' */
		if (eq) {
			*eq = '\0';
			value = eq + 1;
		}
		unescape(pair);
		unescape(value);
		req->query[req->query_count].name = pair;
		req->query[req->query_count].value = value;
		req->query_count++;
	}
}

static void list(const struct resource_desc *d, const struct request *proto,
		 bool supplier)
{
	char path[128];
	snprintf(path, sizeof path, "/api/v1/%s", d->name);
	struct request req;
	fuzz_api_request(&req, "GET", supplier);
	req.path = path;
	const struct route *r = fuzz_api_route("GET", path, &req);
	memcpy(req.query, proto->query, sizeof req.query);
	req.query_count = proto->query_count;

	struct response res = {0};
	if (r) {
		fuzz_api_run(r, &req, &res);
	} else {
		if (supplier)
			return; /* no route: no permission to check */
		res.status = 200;
		crud_list(d, &req, &res);
	}
	const char *next =
	    json_string_value(json_object_get(res.json, "next_cursor"));
	char *cursor = next ? strdup(next) : NULL;
	fuzz_api_free(&res);
	if (!cursor)
		return;
	/* The next page, with the cursor this server gave. */
	int i = 0;
	while (i < req.query_count && strcmp(req.query[i].name, "cursor") != 0)
		i++;
	if (i < REQUEST_MAX_QUERY) {
		req.query[i].name = "cursor";
		req.query[i].value = cursor;
		if (i == req.query_count)
			req.query_count++;
		if (r) {
			fuzz_api_run(r, &req, NULL);
		} else {
			res.status = 200;
			crud_list(d, &req, &res);
			fuzz_api_free(&res);
		}
	}
	free(cursor);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_api_setup();
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	struct request proto;
	memset(&proto, 0, sizeof proto);
	split_query(text, &proto);

	fuzz_api_begin();
	for (const struct resource_desc *const *d = all_resources; *d; d++) {
		list(*d, &proto, false);
		list(*d, &proto, true);
	}
	list(&audit_resource, &proto, false);
	fuzz_api_rollback();
	free(text);
	return 0;
}
