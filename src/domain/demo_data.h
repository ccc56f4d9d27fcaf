/*
 * demo_data.h: the generator behind `sroi demo` (pure: no I/O, no clock).
 *
 * From a scale and a seed it builds a whole, realistic data set in memory:
 * organisations (real municipalities grouped in regions), suppliers,
 * contracts, candidates, openings and realisations. Places, occupations and
 * CPV codes are the real reference data (refdata.h); people and companies are
 * synthetic. The same scale and seed always give the same records, byte for
 * byte: a seeded xoshiro256** generator, integer arithmetic for money and
 * dates, and no iteration over anything unordered.
 *
 * Policies are versions per region, as the API keeps them: every region
 * has the central government's rule of 2011 (policies/rijk-2011.json) and
 * from 1 July 2023 the Haaglanden table (policies/haaglanden-zhc-2023.json);
 * the region of the province of Utrecht has Utrecht's table instead of
 * Haaglanden's. A contract's obligation is computed at award under the
 * version in force on its award date, with obligation_compute() as the
 * award action does, and its realisations are valued under that version
 * with the same valuation_run() the API uses. They are sized so that the
 * contracts with an obligation come out below (< 80%), near (90-110%) and
 * above (> 120%) it in roughly equal thirds.
 *
 * Records refer to each other by index in their array; demo_record_id()
 * numbers all records in one sequence starting at 0, so that the store can
 * reserve one range of ids and add its first id.
 */
#ifndef SROI_DOMAIN_DEMO_DATA_H
#define SROI_DOMAIN_DEMO_DATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "domain/date.h"
#include "domain/policy.h"
#include "domain/refdata.h"

enum demo_scale { DEMO_SMALL, DEMO_MEDIUM, DEMO_NATIONAL };

bool demo_scale_from_name(const char *name, enum demo_scale *out);
const char *demo_scale_name(enum demo_scale scale);

/* The demo's fixed "today" (2026-11-28): contract statuses, ages and
 * pending realisations are relative to it, never to the clock. */
sr_date demo_today(void);

/* ---- the random generator ------------------------------------------------ */

/* xoshiro256**, seeded through splitmix64. Each part of the generator uses
 * its own stream, so that changing one part never shifts another. */
struct demo_rng {
	uint64_t s[4];
};

void demo_rng_seed(struct demo_rng *r, uint64_t seed, uint64_t stream);
uint64_t demo_rng_next(struct demo_rng *r);
/* Uniform in [0, n), without modulo bias; 0 when n is 0. */
uint64_t demo_rng_below(struct demo_rng *r, uint64_t n);
/* Uniform in [lo, hi], both included. */
int64_t demo_rng_range(struct demo_rng *r, int64_t lo, int64_t hi);
/* True with probability permille / 1000. */
bool demo_rng_chance(struct demo_rng *r, int permille);

/* ---- policies ------------------------------------------------------------ */

enum demo_policy {
	DEMO_POLICY_RIJK,
	DEMO_POLICY_HAAGLANDEN,
	DEMO_POLICY_UTRECHT,
	DEMO_POLICY_COUNT
};

/* The embedded file of each (base/embedded.h): "policies/rijk-2011.json" ... */
extern const char *const demo_policy_files[DEMO_POLICY_COUNT];

/* A policy version owned by a region. */
struct demo_policy_version {
	int org;
	enum demo_policy policy;
};

/* ---- records ------------------------------------------------------------- */

struct demo_org {
	char code[32];
	char name[96];
	bool is_region;
	int region; /* index of its region, -1 for a region */
	bool share_candidates;
	const struct ref_municipality *municipality; /* NULL for a region */
};

struct demo_supplier {
	int org;
	char kvk[9];
	char name[112];
	char postcode[8];
	const char *category; /* regular, social_enterprise, pso_certified,
				 sheltered_work */
	bool social_enterprise;
	int pso_rung; /* -1: no certificate */
	sr_date pso_valid_from, pso_valid_until;
	int sector; /* internal: the line of business */
};

/* Where a contract's realisations were aimed, relative to its obligation. */
enum demo_band {
	DEMO_BAND_NONE,
	DEMO_BAND_BELOW,
	DEMO_BAND_NEAR,
	DEMO_BAND_ABOVE
};

struct demo_contract {
	int org;
	char reference[32];
	char title[176];
	const char *department;
	char cpv[11];	  /* "45233140-2" */
	const char *kind; /* works, services, supplies */
	int64_t value_cents;
	sr_date start, end;
	bool has_award;
	sr_date award;
	int supplier; /* index, -1 for a draft without one */
	const char *status;
	int labour_share_pct;
	/* Set at award (-1 / NULL for a draft): the policy version in force
	 * on the award date and what obligation_compute() made of it. */
	int policy_version; /* index in policy_versions */
	bool opt_in;
	int deviation_centi; /* comply or explain: percent x 100, -1 */
	const char *deviation_reason;
	int sr_percentage_centi;      /* percent x 100; 0 when not applicable */
	int64_t obligation_cents;     /* 0 when not applicable */
	char *obligation_explanation; /* JSON text, owned */
	enum demo_band band;
	/* Value of its realisations counted up to the demo's today, as the
	 * contract summary counts it. */
	int64_t accepted_cents, pending_cents, rejected_cents;
};

struct demo_candidate {
	int org;
	uint32_t target_groups; /* target_groups.h bits */
	int16_t birth_year;
	int8_t birth_month;
	uint8_t education; /* index in demo_education_levels */
	char postcode[8];
	uint16_t occupations[3]; /* indices in refdata occupations */
	uint8_t occupation_count;
	bool driving_licence;
	int32_t hours_centi;
	int16_t max_travel_km;
	uint8_t status; /* 0 active, 1 placed, 2 archived */
	sr_date available_from;
	sr_date on_benefit_since; /* 0 (1970-01-01): none */
	char external_id[12];
};

struct demo_opening {
	int org;
	int supplier;
	int contract; /* -1: not tied to a contract */
	const char *kind;
	uint16_t occupation; /* index in refdata occupations */
	char title[160];
	char postcode[8];
	int32_t hours_centi;
	int positions;
	sr_date start;
	int max_travel_km; /* -1: none */
	bool requires_licence;
	const char *min_education_level; /* NULL: none */
	const char *status;
};

struct demo_realisation {
	int org;
	int contract;
	const char *kind;
	int candidate; /* -1: none */
	sr_date start, end;
	int32_t hours_centi;	       /* -1: none */
	int64_t invoice_cents;	       /* -1: none */
	int64_t amount_cents;	       /* -1: none */
	const char *supplier_category; /* NULL: none */
	char level[4];		       /* "" none, "1".."4", "hbo" */
	bool permanent_contract;
	int prior_internship_months; /* -1: none */
	int subcontractor;	     /* supplier index, -1: none */
	const char *status;	     /* reported, accepted, rejected */
	const char *reject_reason;   /* NULL unless rejected */
	const char *refusal;	     /* the valuation's refusal code, NULL */
	int64_t value_cents;
	char *explanation; /* JSON text (valuation_explain), owned */
};

struct demo_data {
	enum demo_scale scale;
	uint64_t seed;
	const struct policy *policies[DEMO_POLICY_COUNT]; /* borrowed */
	struct demo_org *orgs;
	size_t org_count;
	struct demo_policy_version *policy_versions;
	size_t policy_version_count;
	struct demo_supplier *suppliers;
	size_t supplier_count;
	struct demo_contract *contracts;
	size_t contract_count;
	struct demo_candidate *candidates;
	size_t candidate_count;
	struct demo_opening *openings;
	size_t opening_count;
	struct demo_realisation *realisations;
	size_t realisation_count;
};

/* Told how far the generator is ("contracts", "candidates", ...), now and
 * then; for a progress line. */
struct demo_progress {
	void (*report)(void *ctx, const char *stage, size_t done, size_t total);
	void *ctx;
};

/* Builds the demo for scale and seed. policies holds the parsed files of
 * demo_policy_files (borrowed: they must outlive out). progress may be
 * NULL. Fails only when memory runs out, when the reference data lacks
 * something the demo needs, or when a policy refuses the demo's facts.
 * Free with demo_data_free (also after a failure). */
bool demo_generate(enum demo_scale scale, uint64_t seed,
		   const struct policy *const policies[DEMO_POLICY_COUNT],
		   const struct demo_progress *progress, struct demo_data *out,
		   struct sr_error *err);
void demo_data_free(struct demo_data *d);

/* ---- ids and text forms for the store ------------------------------------ */

enum demo_kind {
	DEMO_ORG,
	DEMO_POLICY_VERSION,
	DEMO_SUPPLIER,
	DEMO_CONTRACT,
	DEMO_CANDIDATE,
	DEMO_OPENING,
	DEMO_REALISATION,
};

/* All records: the size of the id range to reserve. */
size_t demo_record_count(const struct demo_data *d);
/* The 0-based position of record `index` of `kind` in one sequence
 * (organisations first, then policy versions, suppliers, ...
 * realisations). */
int64_t demo_record_id(const struct demo_data *d, enum demo_kind kind,
		       size_t index);

extern const char *const demo_education_levels[]; /* none .. wo */
extern const char
    *const demo_candidate_statuses[]; /* active, placed, archived */

/* JSON array texts as the API stores them: ["participatiewet","statushouder"]
 * and ["7112.1","9313.1"]. Return false when buf is too small. */
bool demo_groups_json(uint32_t groups, char *buf, size_t size);
bool demo_occupations_json(const struct demo_candidate *c, char *buf,
			   size_t size);
/* "1987-04" */
void demo_birth_month_text(const struct demo_candidate *c, char out[8]);

/* Where the demo's accounts go: the most populous municipality, and its
 * supplier with the most running contracts (-1 when it has none). */
int demo_main_org(const struct demo_data *d);
int demo_main_supplier(const struct demo_data *d, int org);

/* How many contracts with an obligation ended up in each band. */
struct demo_band_counts {
	size_t with_obligation, below, near, above, other;
};
void demo_band_counts(const struct demo_data *d, struct demo_band_counts *out);

#endif
