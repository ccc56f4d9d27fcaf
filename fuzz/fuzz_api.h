/*
 * fuzz_api.h: what the API fuzz targets (fuzz_api_body.c, fuzz_query.c)
 * share: one in-memory SQLite store, migrated and seeded once with an
 * organisation, its policy and one record of each resource, and requests
 * run against it the way the server runs them (src/http/server.c), inside a
 * transaction that the caller rolls back after each input.
 */
#ifndef SROI_FUZZ_FUZZ_API_H
#define SROI_FUZZ_FUZZ_API_H

#include <stdbool.h>
#include <stdint.h>

#include "api/resource.h"
#include "http/request.h"
#include "http/routes.h"

/* The seeded store. Every record belongs to the municipality GM0518 of the
 * region "haaglanden", whose policy is policies/haaglanden-zhc-2023.json. */
struct fuzz_api {
	struct store *store;
	int64_t org_id;	     /* GM0518 */
	int64_t supplier_id; /* the supplier of the contract */
	const struct resource_desc *seeded[16]; /* resources with a record */
	int64_t seeded_id[16];
	int seeded_count;
};

/* Sets the store up on the first call (aborts when it cannot: a target
 * without its store would find nothing). */
const struct fuzz_api *fuzz_api_setup(void);

/* The id of the seeded record of d, 0 when there is none. */
int64_t fuzz_api_seeded(const struct resource_desc *d);

/* A request from a consultant of GM0518, or from a supplier account
 * bound to the seeded supplier when supplier is true. */
void fuzz_api_request(struct request *req, const char *method, bool supplier);

/* The route that answers method on path ("/api/v1/suppliers"), filling
 * req->params; NULL when none does. */
const struct route *fuzz_api_route(const char *method, const char *path,
				   struct request *req);

/* Runs the route's handler as the server would: when the caller holds the
 * route's permission (permissions.c), inside a savepoint that is rolled
 * back when it answers an error. Returns the status (403 when refused);
 * frees the response unless keep is given (the caller then frees it with
 * fuzz_api_free). */
int fuzz_api_run(const struct route *route, struct request *req,
		 struct response *keep);
void fuzz_api_free(struct response *res);

/* Begins the transaction of one input, and rolls it back. */
void fuzz_api_begin(void);
void fuzz_api_rollback(void);

#endif
