/* permissions.c: see permissions.h. Until accounts exist (the security issue)
 * every caller acts for all organisations; the permission names are already
 * on every route so that the check can only tighten. */
#include "http/permissions.h"

bool permissions_authorise(struct request *req, const struct route *route,
			   struct sr_error *err)
{
	(void)req;
	if (!route->permission || !route->permission[0])
		return sr_fail(err, 403, "forbidden", "",
			       "this route has no permission and does not serve");
	return true;
}
