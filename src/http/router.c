/* router.c: matches a path against the route table's patterns. */
#include "http/routes.h"

#include <string.h>

/* Matches "/a/{x}/b" against "/a/12/b", storing "12" (pointing into a copy
 * kept in req->params). Segments are compared one by one. */
static bool match(const char *pattern, const char *path, struct request *req,
		  char *scratch, size_t scratch_len)
{
	int params = 0;
	size_t used = 0;
	const char *p = pattern, *u = path;
	while (*p && *u) {
		if (*p != '/' || *u != '/')
			return false;
		p++;
		u++;
		const char *pe = strchr(p, '/');
		const char *ue = strchr(u, '/');
		size_t pl = pe ? (size_t)(pe - p) : strlen(p);
		size_t ul = ue ? (size_t)(ue - u) : strlen(u);
		if (pl > 1 && p[0] == '{') {
			if (ul == 0 || params == REQUEST_MAX_PARAMS ||
			    used + ul + 1 > scratch_len)
				return false;
			memcpy(scratch + used, u, ul);
			scratch[used + ul] = '\0';
			if (req)
				req->params[params] = scratch + used;
			params++;
			used += ul + 1;
		} else if (pl != ul || strncmp(p, u, pl) != 0) {
			return false;
		}
		p += pl;
		u += ul;
	}
	if (*p || *u)
		return false;
	if (req)
		req->param_count = params;
	return true;
}

const struct route *route_find(const char *method, const char *path,
			       struct request *req, bool *path_known)
{
	static __thread char scratch[512];
	*path_known = false;
	for (const struct route *r = routes; r->method; r++) {
		if (!match(r->pattern, path, NULL, scratch, sizeof scratch))
			continue;
		*path_known = true;
		if (strcmp(r->method, method) == 0) {
			if (req)
				match(r->pattern, path, req, scratch, sizeof scratch);
			return r;
		}
	}
	return NULL;
}
