/*
 * gdpr_store.h: the data subject's rights over what sroi holds about a
 * candidate: access (everything as JSON, identity decrypted) and erasure
 * (the identity and what links the record to the person go; the anonymous
 * figures stay, so no contract total changes).
 */
#ifndef SROI_STORE_GDPR_STORE_H
#define SROI_STORE_GDPR_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

/* Everything held about candidate_id: the pseudonymous record, the identity
 * (opened with the process keyring), realisations, proposals, follow-ups
 * and the audit entries about the person; *org_id gets the candidate's
 * organisation. 404 when there is no such candidate. */
bool store_gdpr_export(struct store *s, int64_t candidate_id, json_t **out,
		       int64_t *org_id, struct sr_error *err);

/* Erases the identity of candidate_id (and its region pseudonym and the
 * external id that links it to the municipality's own system), keeping the
 * pseudonymous record and the realisations; writes an audit entry without
 * values. *org_id gets the candidate's organisation. */
bool store_gdpr_erase(struct store *s, int64_t candidate_id, const char *now,
		      const char *actor, int64_t *org_id, struct sr_error *err);

/* The retention rule: for every organisation whose policy in force on
 * as_of ("YYYY-MM-DD") sets identity_retention_months, erases (as above,
 * with actor) the identities of its candidates without activity since that
 * many months before as_of. Activity: a change of the candidate, its
 * identity, a realisation of it (or its end date), a proposal or a
 * follow-up. *erased counts them. */
bool store_gdpr_retention(struct store *s, const char *as_of, const char *now,
			  const char *actor, int64_t *erased,
			  struct sr_error *err);

#endif
