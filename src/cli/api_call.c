/* api_call.c: see api_call.h. */
#include "cli/api_call.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"

bool cli_api_call(struct store *s, const char *org_code, route_handler handler,
		  const char *const *params, const char *const *query,
		  struct response *res)
{
	struct request req = {0};
	memset(res, 0, sizeof *res);
	struct sr_error err = {0};
	req.method = "GET";
	req.path = "";
	req.body = "";
	req.store = s;
	snprintf(req.caller.actor, sizeof req.caller.actor, "cli");
	for (int i = 0; params && params[i] && i < REQUEST_MAX_PARAMS; i++)
		req.params[req.param_count++] = params[i];
	for (int i = 0; query && query[i] && query[i + 1] &&
			req.query_count < REQUEST_MAX_QUERY;
	     i += 2) {
		req.query[req.query_count].name = query[i];
		req.query[req.query_count].value = query[i + 1];
		req.query_count++;
	}
	if (!store_begin_read(s, &err)) {
		response_error(res, &err);
		return false;
	}
	if (org_code) {
		int64_t org = 0;
		if (!api_org_by_code(&req, org_code, &org, &err) || !org) {
			if (!err.status)
				sr_fail(&err, 404, "not_found", "org",
					"no organisation with code '%s'", org_code);
			store_rollback(s);
			response_error(res, &err);
			return false;
		}
		req.caller.org_id = org;
		snprintf(req.caller.org_code, sizeof req.caller.org_code, "%s", org_code);
	}
	res->status = 200;
	handler(&req, res);
	store_rollback(s); /* reports only read */
	return res->status < 400;
}

void cli_response_free(struct response *res)
{
	if (res->json)
		json_decref(res->json);
	if (res->body && !res->body_static)
		free(res->body);
	free(res->content_disposition);
	memset(res, 0, sizeof *res);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static void print_euros(FILE *out, long long cents)
{
	long long a = cents < 0 ? -cents : cents;
	char digits[32];
	snprintf(digits, sizeof digits, "%lld", a / 100);
	char grouped[48];
	size_t n = strlen(digits), j = 0;
	for (size_t i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			grouped[j++] = ',';
		grouped[j++] = digits[i];
	}
	grouped[j] = '\0';
	fprintf(out, "EUR %s%s.%02lld", cents < 0 ? "-" : "", grouped, a % 100);
}

static void print_scalar(FILE *out, const char *key, json_t *v)
{
	if (json_is_integer(v) && key && ends_with(key, "_cents"))
		print_euros(out, (long long)json_integer_value(v));
	else if (json_is_integer(v))
		fprintf(out, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		fprintf(out, "%.1f%s", json_real_value(v),
			key && ends_with(key, "_pct") ? "%" : "");
	else if (json_is_string(v))
		fputs(json_string_value(v), out);
	else if (json_is_boolean(v))
		fputs(json_is_true(v) ? "yes" : "no", out);
	else
		fputs("-", out);
}

void cli_print_report(FILE *out, json_t *report, int depth)
{
	const char *key;
	json_t *v;
	json_object_foreach(report, key, v)
	{
		fprintf(out, "%*s%s:", depth * 2, "", key);
		if (json_is_object(v)) {
			fputs("\n", out);
			cli_print_report(out, v, depth + 1);
		} else if (json_is_array(v)) {
			fprintf(out, " %zu\n", json_array_size(v));
			size_t i;
			json_t *item;
			json_array_foreach(v, i, item)
			{
				if (json_is_object(item)) {
					fprintf(out, "%*s-\n", depth * 2 + 2, "");
					cli_print_report(out, item, depth + 2);
				} else {
					fprintf(out, "%*s- ", depth * 2 + 2, "");
					print_scalar(out, NULL, item);
					fputs("\n", out);
				}
			}
		} else {
			fputs(" ", out);
			print_scalar(out, key, v);
			fputs("\n", out);
		}
	}
}
