/*
 * identity_store.h: candidate identities (name, BSN, date of birth, contact
 * details), kept apart from the pseudonymous record and sealed before they
 * are written.
 */
#ifndef SROI_STORE_IDENTITY_STORE_H
#define SROI_STORE_IDENTITY_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

/* *identity is NULL when none is recorded. */
bool store_identity_get(struct store *s, int64_t org_id, int64_t candidate_id,
			json_t **identity, struct sr_error *err);
bool store_identity_put(struct store *s, int64_t org_id, int64_t candidate_id,
			json_t *identity, const char *now,
			struct sr_error *err);
bool store_identity_delete(struct store *s, int64_t org_id,
			   int64_t candidate_id, struct sr_error *err);

#endif
