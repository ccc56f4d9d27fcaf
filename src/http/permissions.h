/*
 * permissions.h: the one place where a route's permission is checked
 * against the caller. docs/security.md shows the same matrix.
 */
#ifndef SROI_HTTP_PERMISSIONS_H
#define SROI_HTTP_PERMISSIONS_H

#include <stdbool.h>

#include "http/request.h"
#include "http/routes.h"

/* Decides whether req's caller may use route; fills err (401/403) if not.
 * A route without a permission never serves. */
bool permissions_authorise(struct request *req, const struct route *route,
			   struct sr_error *err);

#endif
