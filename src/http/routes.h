/*
 * routes.h: the one table that says which code answers which URL, and with
 * which permission. A route without a permission does not serve.
 */
#ifndef SROI_HTTP_ROUTES_H
#define SROI_HTTP_ROUTES_H

#include <stdbool.h>

#include "http/request.h"

typedef void (*route_handler)(struct request *req, struct response *res);

enum route_flags {
	ROUTE_WRITE = 1, /* runs in a write transaction */
	ROUTE_RAW = 2,   /* body is not JSON (uploads) */
	ROUTE_IMPORT = 4, /* an import: the body may be SERVER_MAX_IMPORT */
	/* A read whose answer depends only on the caller, the path and
	 * query, today's date and the data: kept in response_cache.c. */
	ROUTE_CACHE = 8,
	/* Begins, as a read, in a read transaction (authorised there); the
	 * handler ends it and runs its writes in a short transaction of its
	 * own (store_begin), which it leaves open for run_api to commit once
	 * the answer is written (a proposal round: it solves between). */
	ROUTE_OWN_TRANSACTION = 16,
};

struct route {
	const char *method;
	const char *pattern;    /* "/api/v1/contracts/{id}" */
	route_handler handler;
	const char *permission; /* "public", "contracts:read", ... */
	unsigned flags;
	const char *summary;    /* one line for the OpenAPI document */
};

extern const struct route routes[]; /* ends with method NULL */

/* Finds the route for method and path, filling req->params. When none
 * matches, *path_known tells whether another method would (405 vs 404). */
const struct route *route_find(const char *method, const char *path,
			       struct request *req, bool *path_known);

#endif
