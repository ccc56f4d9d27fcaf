/* fuzz_api.c: see fuzz_api.h. */
#include "fuzz_api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/embedded.h"
#include "http/permissions.h"
#include "store/keyring.h"
#include "store/org_store.h"
#include "store/store.h"

static struct fuzz_api api;
static bool ready;
static bool trace; /* FUZZ_TRACE=1: each request and its answer on stderr */

static void die(const char *what, const struct sr_error *err)
{
	fprintf(stderr, "fuzz setup: %s: %d %s %s (%s)\n", what,
		err ? err->status : 0, err ? err->code : "",
		err ? err->message : "", err ? err->field : "");
	abort();
}

void fuzz_api_free(struct response *res)
{
	json_decref(res->json);
	if (res->body && !res->body_static)
		free(res->body);
	free(res->content_disposition);
	free(res->set_cookie);
	memset(res, 0, sizeof *res);
}

const struct route *fuzz_api_route(const char *method, const char *path,
				   struct request *req)
{
	bool known = false;
	return route_find(method, path, req, &known);
}

int fuzz_api_run(const struct route *route, struct request *req,
		 struct response *keep)
{
	struct sr_error err = {0};
	if (keep)
		memset(keep, 0, sizeof *keep);
	if (!permissions_authorise(req, route, &err))
		return err.status;
	if (!store_exec(api.store, "SAVEPOINT fuzz_request", &err))
		die("savepoint", &err);
	struct response res = {.status = 200};
	route->handler(req, &res);
	if (trace) {
		char *text =
		    res.json ? json_dumps(res.json, JSON_COMPACT) : NULL;
		fprintf(stderr, "%s %s (%s): %d %.300s\n", req->method,
			req->path, req->caller.role, res.status,
			text ? text : "");
		free(text);
	}
	/* What the server sends: a body it cannot write would be answered as
	 * if memory had run out, which it has not here. */
	if (res.json) {
		char *text = json_dumps(res.json,
					JSON_COMPACT | JSON_REAL_PRECISION(15));
		if (!text) {
			fprintf(stderr,
				"fuzz: %s %s answered JSON that does not "
				"serialise\n",
				req->method, req->path);
			abort();
		}
		free(text);
	}
	if (res.status >= 400 && !res.commit_on_error &&
	    !store_exec(api.store, "ROLLBACK TO fuzz_request", &err))
		die("rollback to savepoint", &err);
	if (!store_exec(api.store, "RELEASE fuzz_request", &err))
		die("release savepoint", &err);
	int status = res.status;
	if (keep)
		*keep = res;
	else
		fuzz_api_free(&res);
	return status;
}

void fuzz_api_begin(void)
{
	struct sr_error err = {0};
	if (!store_begin(api.store, &err))
		die("begin", &err);
}

void fuzz_api_rollback(void) { store_rollback(api.store); }

/* A consultant of GM0518 (who may write every resource), or with org_id 0
 * a system account (the administrator of all organisations). */
static void caller_set(struct request *req, int64_t org_id)
{
	struct caller *c = &req->caller;
	memset(c, 0, sizeof *c);
	c->user_id = 1;
	c->org_id = org_id;
	snprintf(c->org_code, sizeof c->org_code, "%s", org_id ? "GM0518" : "");
	snprintf(c->role, sizeof c->role, "%s",
		 org_id ? "consultant" : "administrator");
	snprintf(c->actor, sizeof c->actor, "user:1");
	c->auth = CALLER_SESSION;
}

void fuzz_api_request(struct request *req, const char *method, bool supplier)
{
	memset(req, 0, sizeof *req);
	req->method = method;
	req->path = "";
	req->store = api.store;
	req->content_type = "application/json";
	snprintf(req->request_id, sizeof req->request_id, "fuzz");
	snprintf(req->client_addr, sizeof req->client_addr, "127.0.0.1");
	caller_set(req, api.org_id);
	if (supplier) {
		snprintf(req->caller.role, sizeof req->caller.role, "supplier");
		req->caller.supplier_id = api.supplier_id;
	}
}

int64_t fuzz_api_seeded(const struct resource_desc *d)
{
	for (int i = 0; i < api.seeded_count; i++)
		if (api.seeded[i] == d)
			return api.seeded_id[i];
	return 0;
}

/* One seeding request, committed; its answer's id is returned. */
static int64_t seed(const char *method, const char *path, const char *body)
{
	struct request req;
	fuzz_api_request(&req, method, false);
	caller_set(&req, 0); /* a system account, as `sroi` itself */
	req.path = path;
	req.body = body;
	req.body_len = body ? strlen(body) : 0;
	const struct route *r = fuzz_api_route(method, path, &req);
	if (!r)
		die(path, NULL);
	struct sr_error err = {0};
	if (!store_begin(api.store, &err))
		die("begin", &err);
	struct response res = {.status = 200};
	r->handler(&req, &res);
	if (res.status >= 300) {
		char *text = res.json ? json_dumps(res.json, 0) : NULL;
		fprintf(stderr, "fuzz setup: %s %s: %d %s\n", method, path,
			res.status, text ? text : "");
		free(text);
		abort();
	}
	if (!store_commit(api.store, &err))
		die("commit", &err);
	int64_t id = json_integer_value(json_object_get(res.json, "id"));
	fuzz_api_free(&res);
	return id;
}

static void seeded(const struct resource_desc *d, int64_t id)
{
	if (id > 0 && api.seeded_count < 16) {
		api.seeded[api.seeded_count] = d;
		api.seeded_id[api.seeded_count++] = id;
	}
}

const struct fuzz_api *fuzz_api_setup(void)
{
	if (ready)
		return &api;
	const char *t = getenv("FUZZ_TRACE");
	trace = t && *t && strcmp(t, "0") != 0;
	struct sr_error err = {0};
	int from = 0, to = 0;
	if (!store_open(":memory:", true, &api.store, &err) ||
	    !store_migrate(api.store, &from, &to, &err))
		die("store", &err);
	/* A fixed keyring, so that a finding replays the same. */
	struct keyring k;
	memset(&k, 0x5a, sizeof k);
	keyring_install(&k);

	const char *now = "2024-01-01T00:00:00Z";
	int64_t region = 0;
	if (!store_begin(api.store, &err) ||
	    !store_org_create(api.store, "haaglanden", "Regio Haaglanden",
			      "region", NULL, now, "fuzz", &region, &err) ||
	    !store_org_create(api.store, "GM0518", "'s-Gravenhage",
			      "municipality", "haaglanden", now, "fuzz",
			      &api.org_id, &err) ||
	    !store_commit(api.store, &err))
		die("organisations", &err);

	const struct embedded_file *policy =
	    embedded_find("policies/haaglanden-zhc-2023.json");
	if (!policy)
		die("policies/haaglanden-zhc-2023.json", NULL);
	seed("PUT", "/api/v1/organisations/haaglanden/policies",
	     (const char *)policy->data);

	char body[1024], path[128];
	api.supplier_id = seed(
	    "POST", "/api/v1/suppliers",
	    "{\"organisation\": \"GM0518\", \"kvk\": \"11111111\", \"name\": "
	    "\"Bouwbedrijf\", \"postcode\": \"2511ab\"}");
	seeded(&supplier_resource, api.supplier_id);
	snprintf(
	    body, sizeof body,
	    "{\"organisation\": \"GM0518\", \"reference\": \"FUZZ-1\", "
	    "\"title\": \"Onderhoud\", \"cpv_code\": \"45000000-7\", "
	    "\"kind\": \"works\", \"value_cents\": 100000000, "
	    "\"start_date\": \"2024-01-01\", \"end_date\": \"2025-12-31\", "
	    "\"supplier_id\": %lld}",
	    (long long)api.supplier_id);
	int64_t contract = seed("POST", "/api/v1/contracts", body);
	seeded(&contract_resource, contract);
	snprintf(path, sizeof path, "/api/v1/contracts/%lld/award",
		 (long long)contract);
	seed("POST", path, "{\"award_date\": \"2023-12-01\"}");
	int64_t candidate = seed(
	    "POST", "/api/v1/candidates",
	    "{\"organisation\": \"GM0518\", \"postcode\": \"2512 CE\", "
	    "\"target_groups\": [\"participatiewet\"], \"hours_per_week\": "
	    "32, \"birth_month\": \"1980-05\"}");
	seeded(&candidate_resource, candidate);
	snprintf(
	    body, sizeof body,
	    "{\"organisation\": \"GM0518\", \"supplier_id\": %lld, "
	    "\"contract_id\": %lld, \"kind\": \"job\", \"esco_code\": "
	    "\"0110.1\", \"postcode\": \"2511 AB\", \"hours_per_week\": 36, "
	    "\"start_date\": \"2024-03-01\", \"positions\": 2}",
	    (long long)api.supplier_id, (long long)contract);
	seeded(&opening_resource, seed("POST", "/api/v1/openings", body));
	snprintf(body, sizeof body,
		 "{\"organisation\": \"GM0518\", \"contract_id\": %lld, "
		 "\"kind\": \"hire\", \"candidate_id\": %lld, \"start_date\": "
		 "\"2024-03-01\", \"end_date\": \"2024-12-31\", "
		 "\"hours_per_week\": 36}",
		 (long long)contract, (long long)candidate);
	int64_t realisation = seed("POST", "/api/v1/realisations", body);
	seeded(&realisation_resource, realisation);
	snprintf(body, sizeof body,
		 "{\"organisation\": \"GM0518\", \"contract_id\": %lld, "
		 "\"block_id\": \"participatiewet\", \"quantity\": 2, "
		 "\"expected_value_cents\": 8000000}",
		 (long long)contract);
	seeded(&plan_resource, seed("POST", "/api/v1/plan-items", body));
	int64_t followup = 0;
	bool found = false;
	if (!store_query_int(api.store, "SELECT min(id) FROM follow_ups",
			     &followup, &found, &err))
		die("follow-ups", &err);
	seeded(&followup_resource, followup);

	/* Second records, so that lists have pages to sort and a cursor to
	 * follow. */
	int64_t supplier2 = seed(
	    "POST", "/api/v1/suppliers",
	    "{\"organisation\": \"GM0518\", \"kvk\": \"22222222\", \"name\": "
	    "\"Schoonmaak BV\", \"postcode\": \"2611 AB\", \"category\": "
	    "\"social_enterprise\", \"pso_rung\": 2, \"pso_valid_from\": "
	    "\"2023-01-01\", \"pso_valid_until\": \"2026-12-31\"}");
	snprintf(
	    body, sizeof body,
	    "{\"organisation\": \"GM0518\", \"reference\": \"FUZZ-2\", "
	    "\"title\": \"Schoonmaak\", \"kind\": \"services\", "
	    "\"cpv_code\": \"90910000\", \"value_cents\": 50000000, "
	    "\"start_date\": \"2024-01-01\", \"end_date\": \"2024-12-31\", "
	    "\"supplier_id\": %lld}",
	    (long long)supplier2);
	seed("POST", "/api/v1/contracts", body);
	seed("POST", "/api/v1/candidates",
	     "{\"organisation\": \"GM0518\", \"postcode\": \"2511 AB\", "
	     "\"hours_per_week\": 24.5, \"target_groups\": [\"ww\", \"wia\"], "
	     "\"occupations\": [\"0110.1\"], \"education_level\": \"mbo2\", "
	     "\"available_from\": \"2024-02-01\", \"driving_licence\": true}");
	ready = true;
	return &api;
}
