/*
 * permissions.h: the one place where a route's permission is checked
 * against the caller. The matrix (permission x role) is one table in
 * permissions.c; docs/security.md shows the same matrix and a test checks
 * every route against it.
 */
#ifndef SROI_HTTP_PERMISSIONS_H
#define SROI_HTTP_PERMISSIONS_H

#include <stdbool.h>

#include "http/request.h"
#include "http/routes.h"

/* Special permissions: anyone, and anyone signed in (any role). */
#define PERMISSION_PUBLIC "public"
#define PERMISSION_SIGNED_IN "signed_in"

/* Decides whether req's caller may use route; fills err if not: 401 when
 * the caller is not signed in (code unauthenticated, session_expired or
 * invalid_token), 403 when its role lacks the permission. A route whose
 * permission is missing or unknown to the matrix serves no one. */
bool permissions_authorise(struct request *req, const struct route *route,
			   struct sr_error *err);

/* True when the role holds the permission (system accounts hold all). */
bool permissions_role_has(const char *role, const char *permission);
/* True when the caller holds the permission (for handlers that show more
 * to some callers, such as identity in exports). */
bool permissions_caller_has(const struct caller *caller,
			    const char *permission);
/* True when the caller is a system account (acts for all organisations). */
bool permissions_is_system(const struct caller *caller);

#endif
