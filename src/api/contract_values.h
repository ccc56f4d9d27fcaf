/*
 * contract_values.h: a stored contract's realisations valued under its
 * policy version, by the same valuation_run() that `sroi calc` uses, so the
 * calculator and the books never disagree.
 */
#ifndef SROI_API_CONTRACT_VALUES_H
#define SROI_API_CONTRACT_VALUES_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/obligation.h"
#include "domain/policy.h"
#include "domain/valuation.h"
#include "http/request.h"
#include "store/realisation_store.h"

struct valued_contract {
	json_t *contract; /* the record */
	int64_t org_id;
	const struct policy *policy; /* shared, from the policy cache */
	int64_t policy_id;
	struct contract_terms terms;
	int64_t obligation; /* in the policy unit */
	struct realisation_rows rows;
	struct activity *acts; /* rows.count entries */
	struct activity_value *values;
	char (*keys)[112]; /* per row: activity id, person key, label */
	struct realisation_rows elsewhere;
};

/* Loads and values contract_id (visible to the caller). A contract without
 * a policy version (not awarded yet) fails with 409 wrong_state. */
bool contract_value(struct request *req, int64_t contract_id,
		    struct valued_contract *vc, struct sr_error *err);
void valued_contract_free(struct valued_contract *vc);

/* Index of the realisation with this id in vc, or -1. */
int valued_contract_find(const struct valued_contract *vc, int64_t id);

/* Stores each realisation's value, refusal and explanation where they
 * differ from what is stored (rows loaded with what was stored, as
 * contract_revalue does; otherwise every row is written). */
bool contract_values_store(struct request *req, struct valued_contract *vc,
			   struct sr_error *err);

/* Revalues contract_id after a write and stores what changed. When
 * realisation_id is given and that realisation counts a person twice,
 * fails with 409 double_counting so that the request writes nothing.
 *
 * A realisation's value depends only on its own fields and on its person's
 * other realisations (valuation.h), so a new realisation (realisation_id
 * never valued) revalues only its person's realisations on the contract;
 * otherwise (realisation_id 0, or a changed realisation that may have had
 * another person) the whole contract is valued again. */
bool contract_revalue(struct request *req, int64_t contract_id,
		      int64_t realisation_id, struct sr_error *err);

/* Revalues only the realisations of candidate_id's person on contract_id
 * (candidate_id and candidates with its region pseudonym) and stores what
 * changed: all that a change of status (accept, reject) or the withdrawal of
 * one of that person's realisations can change. Nothing for candidate_id 0:
 * the value of a realisation without a person depends on itself alone,
 * not on its status. Callers pass the candidate the realisation had. */
/* After a change of the candidate itself (target groups, birth month,
 * identity and so its pseudonym): its person's realisations on every
 * contract of org_id are valued again. Contracts not awarded are left. */
bool contract_revalue_candidate(struct request *req, int64_t org_id,
				int64_t candidate_id, struct sr_error *err);

bool contract_revalue_person(struct request *req, int64_t contract_id,
			     int64_t candidate_id, struct sr_error *err);

#endif
