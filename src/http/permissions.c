/* permissions.c: the permission matrix (see permissions.h and
 * docs/security.md). A permission not in this table belongs to no role, so
 * a route added with a new permission serves no one until a row is added
 * here and to the matrix in docs/security.md (the route-by-role test reads
 * that matrix).
 *
 * Organisation scoping is not decided here: every handler reads and writes
 * only the caller's organisation (req->caller.org_id), and supplier
 * accounts see only their own supplier's records (resource.h's
 * supplier_scope). */
#include "http/permissions.h"

#include <string.h>

enum role_bit {
	ADMINISTRATOR = 1 << 0,
	CONSULTANT = 1 << 1,
	BUYER = 1 << 2,
	JOBCOACH = 1 << 3,
	SUPPLIER = 1 << 4,
	AUDITOR = 1 << 5,
};

#define EVERY_ROLE                                                             \
	(ADMINISTRATOR | CONSULTANT | BUYER | JOBCOACH | SUPPLIER | AUDITOR)

static const struct {
	const char *name;
	unsigned bit;
} roles[] = {
    {"administrator", ADMINISTRATOR},
    {"consultant", CONSULTANT},
    {"buyer", BUYER},
    {"jobcoach", JOBCOACH},
    {"supplier", SUPPLIER},
    {"auditor", AUDITOR},
};

/* Administrators run the organisation's accounts, tokens, settings and
 * policy and read its non-personal records; consultants do the social-
 * return work; buyers the contracts; job coaches the candidates; suppliers
 * their own contracts, openings, plans and realisations; auditors read
 * everything but identity and write nothing. */
static const struct {
	const char *permission;
	unsigned roles;
} matrix[] = {
    {"organisations:read", EVERY_ROLE},
    {"organisations:write", ADMINISTRATOR},
    {"organisations:create", 0}, /* system accounts only */
    {"policies:read", EVERY_ROLE},
    {"policies:write", ADMINISTRATOR},
    {"suppliers:read", EVERY_ROLE},
    {"suppliers:write", CONSULTANT | BUYER},
    {"reports:read", ADMINISTRATOR | CONSULTANT | BUYER | AUDITOR},
    {"contracts:read", EVERY_ROLE},
    {"contracts:write", CONSULTANT | BUYER},
    {"plans:read", ADMINISTRATOR | CONSULTANT | BUYER | SUPPLIER | AUDITOR},
    {"plans:write", CONSULTANT | SUPPLIER},
    {"plans:agree", CONSULTANT},
    {"candidates:read", CONSULTANT | JOBCOACH | SUPPLIER | AUDITOR},
    {"candidates:write", CONSULTANT | JOBCOACH},
    {"identity:read", CONSULTANT | JOBCOACH},
    {"identity:write", CONSULTANT | JOBCOACH},
    {"openings:read", EVERY_ROLE},
    {"openings:write", CONSULTANT | JOBCOACH | SUPPLIER},
    {"matching:read", CONSULTANT | JOBCOACH | AUDITOR},
    {"matching:run", CONSULTANT},
    {"proposals:read", CONSULTANT | JOBCOACH | SUPPLIER | AUDITOR},
    {"proposals:write", CONSULTANT | JOBCOACH},
    {"proposals:answer", CONSULTANT | SUPPLIER},
    {"realisations:read", EVERY_ROLE},
    {"realisations:report", CONSULTANT | SUPPLIER},
    {"realisations:verify", CONSULTANT},
    {"followups:read", CONSULTANT | JOBCOACH | AUDITOR},
    {"followups:write", CONSULTANT | JOBCOACH},
    {"audit:read", ADMINISTRATOR | CONSULTANT | AUDITOR},
    {"users:read", ADMINISTRATOR},
    {"users:write", ADMINISTRATOR},
    {"tokens:read", ADMINISTRATOR},
    {"tokens:write", ADMINISTRATOR},
};

static unsigned role_bit(const char *role)
{
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
		if (strcmp(roles[i].name, role) == 0)
			return roles[i].bit;
	return 0;
}

bool permissions_role_has(const char *role, const char *permission)
{
	unsigned bit = role ? role_bit(role) : 0;
	if (!bit || !permission)
		return false;
	for (size_t i = 0; i < sizeof matrix / sizeof matrix[0]; i++)
		if (strcmp(matrix[i].permission, permission) == 0)
			return (matrix[i].roles & bit) != 0;
	return false;
}

static bool known_permission(const char *permission)
{
	if (strcmp(permission, PERMISSION_PUBLIC) == 0 ||
	    strcmp(permission, PERMISSION_SIGNED_IN) == 0)
		return true;
	for (size_t i = 0; i < sizeof matrix / sizeof matrix[0]; i++)
		if (strcmp(matrix[i].permission, permission) == 0)
			return true;
	return false;
}

bool permissions_is_system(const struct caller *caller)
{
	return caller->auth != CALLER_ANONYMOUS && caller->org_id == 0 &&
	       strcmp(caller->role, "administrator") == 0;
}

bool permissions_caller_has(const struct caller *caller, const char *permission)
{
	if (caller->auth == CALLER_ANONYMOUS)
		return false;
	if (permissions_is_system(caller))
		return known_permission(permission);
	return permissions_role_has(caller->role, permission);
}

bool permissions_authorise(struct request *req, const struct route *route,
			   struct sr_error *err)
{
	const char *permission = route->permission;
	if (!permission || !*permission || !known_permission(permission))
		return sr_fail(err, 403, "forbidden", "",
			       "this route has no permission in the matrix and "
			       "does not serve");
	if (strcmp(permission, PERMISSION_PUBLIC) == 0)
		return true;
	const struct caller *c = &req->caller;
	if (c->auth == CALLER_ANONYMOUS) {
		const char *why =
		    c->auth_failure ? c->auth_failure : "unauthenticated";
		if (strcmp(why, "csrf_token_invalid") == 0)
			return sr_fail(err, 403, why, "",
				       "this request needs the session's "
				       "X-CSRF-Token header");
		return sr_fail(err, 401, why, "",
			       strcmp(why, "session_expired") == 0
				   ? "the session has ended: sign in again"
			       : strcmp(why, "invalid_token") == 0
				   ? "the API token is not valid"
				   : "sign in first");
	}
	if (strcmp(permission, PERMISSION_SIGNED_IN) == 0 ||
	    permissions_caller_has(c, permission))
		return true;
	return sr_fail(err, 403, "forbidden", "",
		       "the role %s may not do this (%s)", c->role, permission);
}
