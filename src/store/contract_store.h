/*
 * contract_store.h: queries about contracts that the generic records do not
 * answer: the supplier's PSO facts, the figures of a supplier's past
 * contracts for pre-qualification.
 */
#ifndef SROI_STORE_CONTRACT_STORE_H
#define SROI_STORE_CONTRACT_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

struct supplier_pso {
	bool found;
	int rung; /* -1 none */
	char valid_from[11], valid_until[11]; /* "" when unknown */
	char category[32];
};

bool store_supplier_pso(struct store *s, int64_t org_id, int64_t supplier_id,
			struct supplier_pso *out, struct sr_error *err);

struct past_figures {
	char end_date[11];
	int64_t obligation;
	int64_t accepted;
};

/* Contracts of the supplier in the organisation that ended on or after
 * since (and are ended or settled), with obligation and accepted value. */
bool store_supplier_past_contracts(struct store *s, int64_t org_id,
				   int64_t supplier_id, const char *since,
				   struct past_figures **items, int *count,
				   struct sr_error *err);

#endif
