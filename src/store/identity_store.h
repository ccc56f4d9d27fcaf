/*
 * identity_store.h: candidate identities (name, BSN, date of birth, contact
 * details), kept apart from the pseudonymous record and sealed with the
 * process keyring (store/keyring.h) before they are written: the database
 * never holds them in plain text.
 *
 * Writing an identity with a BSN also sets the candidate's region pseudonym
 * (a keyed hash of the BSN with the region secret, crypto.h), which the
 * policy rules use to count a person once across the region.
 */
#ifndef SROI_STORE_IDENTITY_STORE_H
#define SROI_STORE_IDENTITY_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/crypto.h"
#include "store/store.h"

/* *identity is NULL when none is recorded. */
bool store_identity_get(struct store *s, int64_t org_id, int64_t candidate_id,
			json_t **identity, struct sr_error *err);
bool store_identity_put(struct store *s, int64_t org_id, int64_t candidate_id,
			json_t *identity, const char *now,
			struct sr_error *err);
/* Removes the identity and the region pseudonym derived from it. */
bool store_identity_delete(struct store *s, int64_t org_id,
			   int64_t candidate_id, struct sr_error *err);

/* The sealing context of a candidate's identity: "identity:ORG:ID". */
void identity_context(int64_t org_id, int64_t candidate_id, char out[64]);
/* The sealing context of an evidence file: "evidence:ORG:ID" (the
 * evidence row's id). Evidence is sealed like identities. */
void evidence_context(int64_t org_id, int64_t evidence_id, char out[64]);

/* Re-seals every identity and evidence file from old_key to new_key
 * (sroi rekey). Identities written in plain text by an sroi from before
 * sealing are sealed on the way. */
bool store_identity_reseal(struct store *s,
			   const unsigned char old_key[CRYPTO_KEY_BYTES],
			   const unsigned char new_key[CRYPTO_KEY_BYTES],
			   int64_t *count, struct sr_error *err);

/* The region a candidate's organisation counts people in: its region's
 * code, or its own code when it has none. */
bool store_identity_region_of(struct store *s, int64_t org_id, char out[64],
			      struct sr_error *err);

#endif
