/*
 * policy_cache.h: parsed policy versions, shared by all threads. A stored
 * version never changes, so its parsed form can be kept for the life of the
 * process; the document text is compared on every hit so that a cache can
 * never answer for a different document.
 */
#ifndef SROI_API_POLICY_CACHE_H
#define SROI_API_POLICY_CACHE_H

#include <stdint.h>

#include "domain/policy.h"
#include "store/store.h"

/* The parsed policy stored under id (any organisation the caller may use
 * has been checked by the caller). NULL with err when missing or invalid. */
const struct policy *policy_cache_by_id(struct store *s, int64_t id,
					struct sr_error *err);
/* The version in force on date for org_id (its own, else its region's);
 * *id_out gets its id. NULL with err 422 "no_policy" when none. */
const struct policy *policy_cache_in_force(struct store *s, int64_t org_id,
					   sr_date date, int64_t *id_out,
					   struct sr_error *err);
/* Frees everything (at exit). */
void policy_cache_clear(void);

#endif
