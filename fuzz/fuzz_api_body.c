/*
 * fuzz_api_body.c: JSON request bodies through the API's parsing and
 * validation. For every resource (all_resources) the input is, as the body
 * of a request from a consultant of GM0518: validated as a new record
 * (crud_validate_new on a copy), sent to the resource's create route and
 * sent as a change to the seeded record of the resource (the PATCH route),
 * each through the handler the route table names. Everything runs against
 * one seeded in-memory store (fuzz_api.c) in a transaction rolled back
 * after the input, so inputs never see each other's writes.
 *
 * Oracles: the sanitizers, and that every answer serialises (fuzz_api.c).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
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

/* The generic validation path, as crud_create runs it. */
static void validate(const struct resource_desc *d, json_t *body)
{
	struct request req;
	fuzz_api_request(&req, "POST", false);
	json_t *copy = json_deep_copy(body);
	struct sr_error err = {0};
	int64_t org_id = 0;
	if (copy && api_target_org(&req, copy, &org_id, &err))
		crud_validate_new(d, &req, copy, org_id, &err);
	json_decref(copy);
}

static void send(const char *method, const char *path, const uint8_t *data,
		 size_t size)
{
	struct request req;
	fuzz_api_request(&req, method, false);
	req.path = path;
	req.body = (const char *)data;
	req.body_len = size;
	const struct route *r = fuzz_api_route(method, path, &req);
	if (r)
		fuzz_api_run(r, &req, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct fuzz_api *api = fuzz_api_setup();
	(void)api;
	struct request req;
	fuzz_api_request(&req, "POST", false);
	req.body = (const char *)data;
	req.body_len = size;
	json_t *body = NULL;
	struct sr_error err = {0};
	bool object = api_body_object(&req, &body, &err);

	fuzz_api_begin();
	for (const struct resource_desc *const *d = all_resources; *d; d++) {
		char path[128];
		if (object)
			validate(*d, body);
		snprintf(path, sizeof path, "/api/v1/%s", (*d)->name);
		send("POST", path, data, size);
		int64_t id = fuzz_api_seeded(*d);
		if (id) {
			snprintf(path, sizeof path, "/api/v1/%s/%lld",
				 (*d)->name, (long long)id);
			send("PATCH", path, data, size);
		}
		/* A malformed body is refused before any resource looks at
		 * it; once is enough. */
		if (!object)
			break;
	}
	fuzz_api_rollback();
	json_decref(body);
	return 0;
}
