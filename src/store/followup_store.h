/* followup_store.h: retention follow-ups of hires, and evidence files. */
#ifndef SROI_STORE_FOLLOWUP_STORE_H
#define SROI_STORE_FOLLOWUP_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

bool store_followup_insert(struct store *s, int64_t org_id, int64_t id,
			   int64_t realisation_id, int months,
			   const char *due_date, const char *now,
			   struct sr_error *err);

/* Does the realisation already have follow-ups? */
bool store_followups_exist(struct store *s, int64_t org_id,
			   int64_t realisation_id, bool *exist,
			   struct sr_error *err);

bool store_evidence_insert(struct store *s, int64_t org_id, int64_t id,
			   int64_t realisation_id, const char *content_type,
			   const char *filename, size_t size, const void *sealed,
			   size_t sealed_len, const char *now,
			   struct sr_error *err);

/* The evidence of a realisation, without contents: [{id, content_type,
 * filename, size, created_at}]. */
#include <jansson.h>
bool store_evidence_list(struct store *s, int64_t org_id,
			 int64_t realisation_id, json_t **items,
			 struct sr_error *err);

/* One evidence file (org_id 0: any); *found false when none. *sealed is
 * malloc'ed. */
bool store_evidence_get(struct store *s, int64_t org_id, int64_t id,
			int64_t *realisation_id, char *content_type,
			size_t content_type_len, char *filename,
			size_t filename_len, void **sealed, size_t *sealed_len,
			bool *found, struct sr_error *err);

#endif
