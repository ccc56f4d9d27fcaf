/*
 * openapi.c: the OpenAPI 3.1 document, derived from the route table and the
 * resource descriptions so that it cannot drift from what the server
 * answers. `sroi openapi` prints it; docs/openapi.yaml is that output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/openapi.h"
#include "http/routes.h"

static json_t *field_schema(const struct field_desc *f)
{
	json_t *s = json_object();
	switch (f->type) {
	case FT_TEXT:
		json_object_set_new(s, "type", json_string("string"));
		break;
	case FT_INT:
	case FT_MONEY:
	case FT_REF:
		json_object_set_new(s, "type", json_string("integer"));
		break;
	case FT_DATE:
		json_object_set_new(s, "type", json_string("string"));
		json_object_set_new(s, "format", json_string("date"));
		break;
	case FT_MONTH:
		json_object_set_new(s, "type", json_string("string"));
		json_object_set_new(s, "pattern", json_string("^[0-9]{4}-[0-9]{2}$"));
		break;
	case FT_BOOL:
		json_object_set_new(s, "type", json_string("boolean"));
		break;
	case FT_ENUM: {
		json_t *e = json_array();
		for (const char *const *c = f->choices; *c; c++)
			json_array_append_new(e, json_string(*c));
		json_object_set_new(s, "type", json_string("string"));
		json_object_set_new(s, "enum", e);
		break;
	}
	case FT_CENTI:
		json_object_set_new(s, "type", json_string("number"));
		json_object_set_new(s, "multipleOf", json_real(0.01));
		break;
	case FT_JSON:
		json_object_set_new(s, "type", json_string("object"));
		break;
	case FT_LIST:
		json_object_set_new(s, "type", json_string("array"));
		json_object_set_new(s, "items", json_pack("{s:s}", "type", "string"));
		break;
	}
	if (f->type == FT_MONEY)
		json_object_set_new(s, "minimum", json_integer(0));
	if (f->flags & F_READONLY)
		json_object_set_new(s, "readOnly", json_true());
	if (f->description)
		json_object_set_new(s, "description", json_string(f->description));
	return s;
}

static json_t *resource_schema(const struct resource_desc *d)
{
	json_t *props = json_object();
	json_t *required = json_array();
	json_object_set_new(props, "id",
			    json_pack("{s:s, s:b}", "type", "integer", "readOnly", 1));
	json_object_set_new(props, "organisation",
			    json_pack("{s:s, s:s}", "type", "string", "description",
				      "organisation code"));
	for (size_t i = 0; i < d->field_count; i++) {
		json_object_set_new(props, d->fields[i].name,
				    field_schema(&d->fields[i]));
		if (d->fields[i].flags & F_REQUIRED)
			json_array_append_new(required,
					      json_string(d->fields[i].name));
	}
	return json_pack("{s:s, s:o, s:o, s:b}", "type", "object", "properties",
			 props, "required", required, "additionalProperties", 0);
}

static const struct resource_desc *resource_for(const char *pattern)
{
	static const struct resource_desc *const with_audit[] = {
		&supplier_resource, &contract_resource, &candidate_resource,
		&opening_resource, &realisation_resource, &audit_resource,
		&plan_resource, &followup_resource, NULL};
	for (int i = 0; with_audit[i]; i++) {
		char prefix[64];
		snprintf(prefix, sizeof prefix, "/api/v1/%s", with_audit[i]->name);
		size_t n = strlen(prefix);
		if (strncmp(pattern, prefix, n) == 0 &&
		    (pattern[n] == '\0' || strcmp(pattern + n, "/{id}") == 0))
			return with_audit[i];
	}
	return NULL;
}

static json_t *error_response(const char *description)
{
	return json_pack("{s:s, s:{s:{s:{s:s}}}}", "description", description,
			 "content", "application/json", "schema", "$ref",
			 "#/components/schemas/Error");
}

json_t *openapi_document(void)
{
	json_t *paths = json_object();
	for (const struct route *r = routes; r->method; r++) {
		json_t *item = json_object_get(paths, r->pattern + 7); /* after /api/v1 */
		if (!item) {
			item = json_object();
			json_object_set_new(paths, r->pattern + 7, item);
		}
		json_t *op = json_object();
		json_object_set_new(op, "summary", json_string(r->summary));
		json_object_set_new(op, "x-permission", json_string(r->permission));
		json_t *params = json_array();
		for (const char *b = strchr(r->pattern, '{'); b; b = strchr(b + 1, '{')) {
			const char *e = strchr(b, '}');
			char name[32];
			snprintf(name, sizeof name, "%.*s", (int)(e - b - 1), b + 1);
			json_array_append_new(
				params,
				json_pack("{s:s, s:s, s:b, s:{s:s}}", "name", name,
					  "in", "path", "required", 1, "schema",
					  "type", strcmp(name, "id") == 0 ? "integer" : "string"));
		}
		const struct resource_desc *d = resource_for(r->pattern);
		json_t *responses = json_object();
		bool is_list = d && strcmp(r->method, "GET") == 0 &&
			       !strstr(r->pattern, "{id}");
		if (is_list) {
			json_array_append_new(params, json_pack("{s:s, s:s, s:{s:s, s:i, s:i}}",
				"name", "limit", "in", "query", "schema", "type", "integer",
				"minimum", 1, "maximum", 500));
			json_array_append_new(params, json_pack("{s:s, s:s, s:{s:s}}",
				"name", "cursor", "in", "query", "schema", "type", "string"));
			json_array_append_new(params, json_pack("{s:s, s:s, s:{s:s}, s:s}",
				"name", "sort", "in", "query", "schema", "type", "string",
				"description", "field or -field"));
			for (size_t i = 0; i < d->field_count; i++)
				if (d->fields[i].flags & F_FILTER)
					json_array_append_new(params, json_pack(
						"{s:s, s:s, s:o}", "name", d->fields[i].name,
						"in", "query", "schema",
						field_schema(&d->fields[i])));
		}
		char ref[96];
		if (d)
			snprintf(ref, sizeof ref, "#/components/schemas/%s", d->entity);
		if (d && (strcmp(r->method, "POST") == 0 ||
			  strcmp(r->method, "PATCH") == 0))
			json_object_set_new(op, "requestBody",
				json_pack("{s:b, s:{s:{s:{s:s}}}}", "required", 1,
					  "content", "application/json", "schema",
					  "$ref", ref));
		if (is_list) {
			json_object_set_new(responses, "200", json_pack(
				"{s:s, s:{s:{s:{s:s, s:{s:{s:s, s:{s:s}}, s:{s:[s, s]}}}}}}",
				"description", "a page of records", "content",
				"application/json", "schema", "type", "object",
				"properties", "items", "type", "array", "items", "$ref", ref,
				"next_cursor", "type", "string", "null"));
		} else if (d && strcmp(r->method, "DELETE") == 0) {
			json_object_set_new(responses, "204",
					    json_pack("{s:s}", "description", "done"));
		} else if (d) {
			json_object_set_new(responses,
				strcmp(r->method, "POST") == 0 ? "201" : "200",
				json_pack("{s:s, s:{s:{s:{s:s}}}}", "description",
					  "the record", "content", "application/json",
					  "schema", "$ref", ref));
		} else {
			json_object_set_new(responses, "200",
					    json_pack("{s:s}", "description", "success"));
		}
		json_object_set_new(responses, "default",
				    error_response("an error (400, 401, 403, 404, "
						   "409, 413, 422, 5xx)"));
		json_object_set_new(op, "responses", responses);
		if (json_array_size(params))
			json_object_set_new(op, "parameters", params);
		else
			json_decref(params);
		char method[16];
		size_t i;
		for (i = 0; r->method[i] && i < sizeof method - 1; i++)
			method[i] = (char)(r->method[i] | 0x20);
		method[i] = '\0';
		json_object_set_new(item, method, op);
	}
	json_t *schemas = json_object();
	json_object_set_new(schemas, "Error", json_pack(
		"{s:s, s:{s:{s:s, s:{s:{s:s}, s:{s:s}, s:{s:s}}}}}", "type", "object",
		"properties", "error", "type", "object", "properties", "code", "type",
		"string", "message", "type", "string", "field", "type", "string"));
	for (int i = 0; all_resources[i]; i++)
		json_object_set_new(schemas, all_resources[i]->entity,
				    resource_schema(all_resources[i]));
	json_object_set_new(schemas, audit_resource.entity,
			    resource_schema(&audit_resource));
	return json_pack("{s:s, s:{s:s, s:s, s:s}, s:[{s:s}], s:o, s:{s:o}}",
			 "openapi", "3.1.0", "info", "title", "sroi API",
			 "version", SROI_VERSION, "description",
			 "The JSON API of sroi: social return for municipalities. "
			 "Money is in integer cents, dates are ISO 8601.",
			 "servers", "url", "/api/v1", "paths", paths, "components",
			 "schemas", schemas);
}

/* ---- a small YAML writer (block style; strings JSON-quoted, which YAML
 * reads as double-quoted scalars) ---- */

struct out {
	char *buf;
	size_t len, cap;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->len + n + 1 > o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 4096;
		while (cap < o->len + n + 1)
			cap *= 2;
		char *b = realloc(o->buf, cap);
		if (!b)
			return;
		o->buf = b;
		o->cap = cap;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len] = '\0';
}

static void puts_(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

static void indent(struct out *o, int n)
{
	for (int i = 0; i < n; i++)
		put(o, "  ", 2);
}

static void scalar(struct out *o, json_t *v)
{
	char *text = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT | JSON_REAL_PRECISION(6));
	if (text) {
		puts_(o, text);
		free(text);
	}
}

static bool is_container(json_t *v)
{
	return (json_is_object(v) && json_object_size(v)) ||
	       (json_is_array(v) && json_array_size(v));
}

static void emit(struct out *o, json_t *v, int depth);

static void emit_key(struct out *o, const char *key)
{
	json_t *k = json_string(key);
	scalar(o, k);
	json_decref(k);
}

static void emit(struct out *o, json_t *v, int depth)
{
	if (json_is_object(v)) {
		const char *key;
		json_t *value;
		json_object_foreach(v, key, value)
		{
			indent(o, depth);
			emit_key(o, key);
			if (is_container(value)) {
				puts_(o, ":\n");
				emit(o, value, depth + 1);
			} else {
				puts_(o, ": ");
				scalar(o, value);
				puts_(o, "\n");
			}
		}
	} else if (json_is_array(v)) {
		size_t i;
		json_t *value;
		json_array_foreach(v, i, value)
		{
			indent(o, depth);
			if (is_container(value)) {
				puts_(o, "-\n");
				emit(o, value, depth + 1);
			} else {
				puts_(o, "- ");
				scalar(o, value);
				puts_(o, "\n");
			}
		}
	}
}

char *openapi_yaml(void)
{
	json_t *doc = openapi_document();
	struct out o = {0};
	puts_(&o, "# Generated by `sroi openapi` from the route table: do not edit.\n");
	emit(&o, doc, 0);
	json_decref(doc);
	return o.buf;
}

void api_openapi(struct request *req, struct response *res)
{
	(void)req;
	char *yaml = openapi_yaml();
	if (!yaml) {
		response_fail(res, 503, "out_of_memory", "", "out of memory");
		return;
	}
	res->status = 200;
	res->body = yaml;
	res->body_len = strlen(yaml);
	res->content_type = "application/yaml; charset=utf-8";
}
