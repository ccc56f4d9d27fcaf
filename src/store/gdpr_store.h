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

/* A person's records: a hire of another member's candidate makes a linked
 * copy in the hiring organisation (candidates.source_org_id,
 * source_candidate_id, migration 0007). The records linked so, both ways and
 * transitively, are one person's, and access and erasure reach them all.
 *
 * Everything held about candidate_id: the pseudonymous record (with
 * copied_from_organisation and copied_from_candidate_id for a copy), the
 * identity (opened with the process keyring), realisations, proposals,
 * follow-ups and the audit entries about the person, and the same for every
 * linked record under "linked_records". The export is audited (action
 * gdpr_export, by actor at now) in the log of every organisation whose
 * record it holds; *org_id gets the candidate's organisation. 404 when there
 * is no such candidate. */
bool store_gdpr_export(struct store *s, int64_t candidate_id, const char *now,
		       const char *actor, json_t **out, int64_t *org_id,
		       struct sr_error *err);

/* Erases the person of candidate_id: in the record and in every linked
 * record, the identity, the region pseudonym and the external id that links
 * it to the municipality's own system, keeping the pseudonymous records and
 * the realisations; writes an audit entry without values in each record's
 * organisation. *org_id gets the candidate's organisation, *linked the
 * number of linked records erased with it. */
bool store_gdpr_erase(struct store *s, int64_t candidate_id, const char *now,
		      const char *actor, int64_t *org_id, int64_t *linked,
		      struct sr_error *err);

/* The retention rule: for every organisation whose policy in force on
 * as_of ("YYYY-MM-DD") sets identity_retention_months, erases (as above,
 * with actor, but record by record: linked records go by their own
 * organisation's rule) the identities of its candidates, and the region
 * pseudonyms of its linked copies, without activity since that many months
 * before as_of. Activity: a change of the candidate, its identity, a
 * realisation of it (or its end date), a proposal or a follow-up. *erased
 * counts them. */
bool store_gdpr_retention(struct store *s, const char *as_of, const char *now,
			  const char *actor, int64_t *erased,
			  struct sr_error *err);

#endif
