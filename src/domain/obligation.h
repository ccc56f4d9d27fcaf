/*
 * obligation.h: does social return apply to a contract, and how much is owed.
 *
 * Applicability: the threshold for the contract's kind (with its inclusive
 * flag), the minimum term (months rule), the CPV exclusions; below them a
 * consultant may opt a contract in when the policy allows it.
 * The obligation, in this order: the percentage of the value (the default, the
 * first matching exception, or a comply-or-explain deviation with a reason),
 * then the cap, then the PSO discount (only when the certificate's validity
 * covers the whole term), rounded half-up to the cent once at the end. A
 * policy in hours computes hours per EUR 1,000 of value or a share of the
 * contract's labour hours the same way (hundredths of an hour).
 *
 * Also the award-time pre-qualification check of a supplier.
 */
#ifndef SROI_DOMAIN_OBLIGATION_H
#define SROI_DOMAIN_OBLIGATION_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"
#include "domain/date.h"
#include "domain/policy.h"

/* The facts of a contract that the obligation and the valuation read. */
struct contract_terms {
	enum contract_kind kind;
	int64_t value_cents;
	sr_date start, end;	 /* the term, both days included */
	int32_t labour_share_bp; /* -1: unknown */
	const char *cpv;	 /* "45233140-2" or a prefix; NULL: unknown */
	int64_t labour_hours_c;	 /* hundredths of an hour, -1: unknown */
	int pso_rung;		 /* -1: none, 0 aspirant, 1-3 */
	bool has_pso_validity;
	sr_date pso_valid_from, pso_valid_until;
	bool opt_in;	      /* opted in below the threshold */
	int32_t deviation_bp; /* comply or explain: -1 when none */
	const char *deviation_reason;
};

/* Sets the "unknown" markers (-1, NULL, false) in c; callers fill the rest. */
void contract_terms_init(struct contract_terms *c);

struct obligation {
	bool applicable;
	bool by_rules; /* the threshold, term and CPV rules say it applies */
	bool opted_in;
	char reason[200];    /* one sentence: why it does or does not apply */
	int64_t term_months; /* month units of the term */
	int32_t pct_bp;	     /* unit eur: the percentage used */
	int exception;	     /* index of the exception used, -1 none */
	bool deviated;	     /* the consultant's percentage was used */
	bool capped;
	bool pso_applied;
	int32_t pso_discount_bp;
	char pso_note[160];
	int64_t value; /* cents (eur) or hundredths of an hour (hours) */
};

/* Computes the obligation of c under p. Fails (422) only for facts the
 * policy cannot use: a deviation the policy does not allow or without a
 * reason, an opt-in the policy does not allow, missing labour hours for a
 * labour-hours policy, an end before the start. */
bool obligation_compute(const struct policy *p, const struct contract_terms *c,
			struct obligation *out, struct sr_error *err);

/* The explanation of an obligation (threshold, term, percentage and its
 * source, cap, PSO discount, rounding) as a JSON object; NULL on memory
 * exhaustion. */
json_t *obligation_explain(const struct policy *p,
			   const struct contract_terms *c,
			   const struct obligation *o);

/* --- pre-qualification ------------------------------------------------------
 */

struct past_contract {
	sr_date end;
	int64_t obligation; /* in the unit of its policy */
	int64_t accepted;
};

struct prequalification {
	bool required; /* the policy has a pre-qualification */
	bool passes;
	char reason[200];
};

/* Checks a supplier at award: PSO rung (when its certificate is valid on the
 * award date) or realisation on its contracts ended in the last N years
 * (accepted summed over obligation summed). Either criterion the policy
 * sets suffices. A supplier without such contracts passes the realisation
 * criterion: there is no record against it. */
void obligation_prequalify(const struct policy *p, int pso_rung,
			   bool pso_valid_on_award,
			   const struct past_contract *past, size_t count,
			   sr_date award_date, struct prequalification *out);

#endif
