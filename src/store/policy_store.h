/*
 * policy_store.h: policy versions as stored documents. A version is never
 * changed after it is written; a contract keeps the id of the version in
 * force on its award date.
 */
#ifndef SROI_STORE_POLICY_STORE_H
#define SROI_STORE_POLICY_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

struct stored_policy {
	int64_t id;
	int64_t org_id;
	char name[128];
	char version[64];
	char effective_from[11];
	char *document; /* malloc'ed JSON text */
	char created_at[32];
};

void stored_policy_free(struct stored_policy *p);

bool store_policy_insert(struct store *s, int64_t org_id, int64_t id,
			 const char *name, const char *version,
			 const char *effective_from, const char *document,
			 const char *now, struct sr_error *err);

/* The versions of one organisation, oldest first; *items malloc'ed. */
bool store_policy_list(struct store *s, int64_t org_id,
		       struct stored_policy **items, int *count,
		       struct sr_error *err);

/* One version by id; *found false when none (org_id 0: any). */
bool store_policy_get(struct store *s, int64_t org_id, int64_t id,
		      struct stored_policy *out, bool *found,
		      struct sr_error *err);

/* The version in force on date (latest effective_from <= date) owned by
 * org_id or, when it has none, by its region. */
bool store_policy_in_force(struct store *s, int64_t org_id, const char *date,
			   struct stored_policy *out, bool *found,
			   struct sr_error *err);

#endif
