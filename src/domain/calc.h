/*
 * calc.h: the calculator: "what would this yield?" without storing anything.
 *
 * A thin JSON layer over obligation.h and valuation.h: it reads a scenario
 * (a contract and its activities), computes the obligation and values every
 * activity with exactly the functions stored contracts use, and answers
 *
 *   {"applicable": true, "unit": "eur", "obligation_cents": 5000000,
 *    "obligation": {explanation},
 *    "activities": [{"id": "a1", "value_cents": 4000000,
 *                    "explanation": {...}},
 *                   {"id": "a3", "value_cents": 0,
 *                    "refused": {"code": "not_eligible", "message": "..."},
 *                    "explanation": {...}}],
 *    "total_cents": 6222222, "realisation_pct": 124.4}
 *
 * In a policy in hours the money fields are obligation_hours, value_hours
 * and total_hours (numbers with two decimals). realisation_pct is rounded
 * half-up to one decimal, null when the obligation is 0.
 *
 * Dump answers with CALC_JSON_FLAGS (or at least JSON_REAL_PRECISION(15)):
 * jansson's default 17 digits would print 124.4 as 124.40000000000001.
 */
#ifndef SROI_DOMAIN_CALC_H
#define SROI_DOMAIN_CALC_H

#include <jansson.h>
#include <stdbool.h>

#include "base/error.h"
#include "domain/obligation.h"
#include "domain/policy.h"
#include "domain/valuation.h"

#define CALC_JSON_FLAGS JSON_REAL_PRECISION(15)

/* Runs scenario under p. Fails with err (status 422, code
 * "invalid_scenario" or the obligation's code, field = the JSON path such as
 * "$.activities[1].start") for a malformed scenario; refused activities are
 * part of a successful answer. *answer is owned by the caller. */
bool calc_run(const struct policy *p, const json_t *scenario, json_t **answer,
	      struct sr_error *err);

/* The scenario's readers, for the API to accept the same fields. Strings in
 * the structs are borrowed from the JSON. path is where the object sits
 * ("$.contract", "$.activities[2]") and prefixes the error field. */
bool calc_read_contract(const json_t *o, const char *path,
			struct contract_terms *c, struct sr_error *err);
bool calc_read_activity(const json_t *o, const char *path, struct activity *a,
			struct sr_error *err);

#endif
