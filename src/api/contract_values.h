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
	json_t *contract;          /* the record */
	int64_t org_id;
	const struct policy *policy; /* shared, from the policy cache */
	int64_t policy_id;
	struct contract_terms terms;
	int64_t obligation;        /* in the policy unit */
	struct realisation_rows rows;
	struct activity *acts;     /* rows.count entries */
	struct activity_value *values;
	char (*keys)[112];         /* activity ids and candidate keys */
	struct realisation_rows elsewhere;
};

/* Loads and values contract_id (visible to the caller). A contract without
 * a policy version (not awarded yet) fails with 409 wrong_state. */
bool contract_value(struct request *req, int64_t contract_id,
		    struct valued_contract *vc, struct sr_error *err);
void valued_contract_free(struct valued_contract *vc);

/* Index of the realisation with this id in vc, or -1. */
int valued_contract_find(const struct valued_contract *vc, int64_t id);

/* Writes every realisation's value, refusal and explanation. */
bool contract_values_store(struct request *req, struct valued_contract *vc,
			   struct sr_error *err);

/* Revalues contract_id and stores the values; when realisation_id is given
 * and that realisation counts a person twice, fails with 409
 * double_counting so that the request writes nothing. */
bool contract_revalue(struct request *req, int64_t contract_id,
		      int64_t realisation_id, struct sr_error *err);

#endif
