/*
 * realisation_store.h: the rows the valuation needs: a contract's
 * realisations with their candidate's facts, and the same candidates'
 * counted realisations elsewhere (other contracts of the organisation, and
 * of the region's organisations, recognised by the region pseudonym).
 */
#ifndef SROI_STORE_REALISATION_STORE_H
#define SROI_STORE_REALISATION_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

struct realisation_row {
	int64_t id;
	int64_t org_id;
	int64_t contract_id;
	char contract_ref[104];
	char kind[16];
	int64_t candidate_id; /* 0 when none */
	char start[11], end[11];
	int64_t hours_per_week_c;		      /* -1 when unknown */
	int64_t invoice_cents, amount_cents, hours_c; /* -1 when unknown */
	char supplier_category[32];
	char level[8];
	bool permanent;
	int64_t prior_internship_months; /* -1 when unknown */
	char status[12];
	char refusal[24];
	int64_t value_cents;
	/* What the last valuation stored, when loaded with_stored (else -1 and
	 * NULL): compared with a new valuation so that only changes are
	 * written. explanation is owned by the rows; NULL also when the
	 * realisation has not been valued yet. */
	int64_t value_hours_c;
	char *explanation;
	/* the candidate */
	char target_groups[320]; /* JSON array text */
	char birth_month[8];
	char pseudonym[96];
	char postcode[8];
};

struct realisation_rows {
	struct realisation_row *items;
	int count, cap;
};

void realisation_rows_free(struct realisation_rows *rows);

/* The realisations of one contract, in input order (by id). */
bool store_contract_realisations(struct store *s, int64_t org_id,
				 int64_t contract_id,
				 struct realisation_rows *out,
				 struct sr_error *err);
/* The same, with what the last valuation stored (value_hours_c and
 * explanation besides value_cents and refusal). */
bool store_contract_realisations_stored(struct store *s, int64_t org_id,
					int64_t contract_id,
					struct realisation_rows *out,
					struct sr_error *err);

/* One person's realisations on a contract, with what was stored: those of
 * candidate_id and of every candidate of the organisation with the same
 * region pseudonym (the same person registered twice), by id. With
 * candidate_id 0, only realisation id (a realisation without a person). */
bool store_person_realisations(struct store *s, int64_t org_id,
			       int64_t contract_id, int64_t candidate_id,
			       int64_t id, struct realisation_rows *out,
			       struct sr_error *err);

/* The contracts (ids, ascending, malloc'ed into *ids) on which candidate_id
 * of org_id has realisations. */
bool store_candidate_contracts(struct store *s, int64_t org_id,
			       int64_t candidate_id, int64_t **ids, size_t *n,
			       struct sr_error *err);

/* The realisation's contract and candidate (0: none), and whether it has
 * been valued since it was made (its explanation is stored); *found false
 * when it is not in org_id. */
bool store_realisation_state(struct store *s, int64_t org_id, int64_t id,
			     int64_t *contract_id, int64_t *candidate_id,
			     bool *valued, bool *found, struct sr_error *err);

/* Counted (not rejected, not refused) period realisations on other
 * contracts of candidates: in org_id by candidate id, and in every
 * organisation of region_code (when not NULL) by region pseudonym. One
 * query per candidate: for a few. */
bool store_counted_elsewhere(struct store *s, int64_t org_id,
			     const char *region_code, int64_t contract_id,
			     const int64_t *candidate_ids,
			     const char *const *pseudonyms, int n,
			     struct realisation_rows *out,
			     struct sr_error *err);

/* The same for all candidates of contract_id's realisations, in one query
 * (by id). */
bool store_contract_counted_elsewhere(struct store *s, int64_t org_id,
				      const char *region_code,
				      int64_t contract_id,
				      struct realisation_rows *out,
				      struct sr_error *err);

/* Stores the valuation of one realisation. */
bool store_realisation_set_value(struct store *s, int64_t org_id, int64_t id,
				 int64_t value_cents, int64_t value_hours_c,
				 const char *refusal, const char *explanation,
				 struct sr_error *err);

#endif
