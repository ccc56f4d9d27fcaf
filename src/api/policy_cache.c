/* policy_cache.c: see policy_cache.h. */
#include "api/policy_cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "store/policy_store.h"

struct entry {
	int64_t id;
	char *document;
	struct policy *policy;
	struct entry *next;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct entry *entries;

static const struct policy *lookup_or_parse(const struct stored_policy *sp,
					    struct sr_error *err)
{
	pthread_mutex_lock(&lock);
	for (struct entry *e = entries; e; e = e->next)
		if (e->id == sp->id && strcmp(e->document, sp->document) == 0) {
			pthread_mutex_unlock(&lock);
			return e->policy;
		}
	pthread_mutex_unlock(&lock);

	struct policy *p = NULL;
	struct policy_problems problems = {0};
	if (!policy_parse_text(sp->document, strlen(sp->document), &p, &problems)) {
		policy_problems_to_error(&problems, err);
		policy_problems_free(&problems);
		err->status = 500; /* a stored version was valid when written */
		return NULL;
	}
	policy_problems_free(&problems);
	struct entry *e = calloc(1, sizeof *e);
	char *doc = strdup(sp->document);
	if (!e || !doc) {
		free(e);
		free(doc);
		policy_free(p);
		sr_fail(err, 503, "out_of_memory", "", "out of memory");
		return NULL;
	}
	e->id = sp->id;
	e->document = doc;
	e->policy = p;
	pthread_mutex_lock(&lock);
	e->next = entries;
	entries = e;
	pthread_mutex_unlock(&lock);
	return p;
}

const struct policy *policy_cache_by_id(struct store *s, int64_t id,
					struct sr_error *err)
{
	struct stored_policy sp;
	bool found = false;
	if (!store_policy_get(s, 0, id, &sp, &found, err))
		return NULL;
	if (!found) {
		sr_fail(err, 404, "not_found", "policy", "no such policy");
		return NULL;
	}
	const struct policy *p = lookup_or_parse(&sp, err);
	stored_policy_free(&sp);
	return p;
}

const struct policy *policy_cache_in_force(struct store *s, int64_t org_id,
					   sr_date date, int64_t *id_out,
					   struct sr_error *err)
{
	char day[SR_DATE_TEXT_LEN];
	date_format(date, day);
	struct stored_policy sp;
	bool found = false;
	if (!store_policy_in_force(s, org_id, day, &sp, &found, err))
		return NULL;
	if (!found) {
		sr_fail(err, 422, "no_policy", "award_date",
			"no policy of the organisation or its region is in force "
			"on %s",
			day);
		return NULL;
	}
	const struct policy *p = lookup_or_parse(&sp, err);
	if (p && id_out)
		*id_out = sp.id;
	stored_policy_free(&sp);
	return p;
}

void policy_cache_clear(void)
{
	pthread_mutex_lock(&lock);
	while (entries) {
		struct entry *e = entries;
		entries = e->next;
		policy_free(e->policy);
		free(e->document);
		free(e);
	}
	pthread_mutex_unlock(&lock);
}
