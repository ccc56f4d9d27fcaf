/*
 * policy.h: a social-return policy, parsed and validated from its JSON
 * document (docs/policy.schema.json, explained in docs/policies.md).
 *
 * A policy is data: thresholds, percentages, the valuation table (building
 * blocks and bonuses), the PSO discount, settlement and pre-qualification
 * rules. No number of any particular municipality lives in C; two regions'
 * tables differ only in their files.
 *
 * policy_parse() checks the whole document and reports EVERY problem with its
 * JSON path ("$.valuation.blocks[3].value.per_year_cents"), so that a policy
 * officer can fix a file in one pass. The parsed struct keeps a private deep
 * copy of the document; every string in it points into that copy and lives
 * until policy_free().
 *
 * Units inside the struct: money in cents; percentages in basis points
 * (hundredths of a percent: 5% = 500); hours in hundredths of an hour
 * (36 h = 3600). Values "in the policy unit" are cents for unit eur and
 * hundredths of an hour for unit hours.
 */
#ifndef SROI_DOMAIN_POLICY_H
#define SROI_DOMAIN_POLICY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "domain/date.h"

enum policy_unit { POLICY_UNIT_EUR, POLICY_UNIT_HOURS };

enum contract_kind {
	CONTRACT_WORKS,
	CONTRACT_SERVICES,
	CONTRACT_SUPPLIES,
	CONTRACT_KIND_COUNT
};

/* What a supplier does to fill its obligation. The first four have a period
 * (start, end, hours per week) and a candidate. */
enum activity_kind {
	ACTIVITY_HIRE,
	ACTIVITY_INTERNSHIP,
	ACTIVITY_BBL,
	ACTIVITY_BOL,
	ACTIVITY_TRAINING,
	ACTIVITY_PURCHASE,
	ACTIVITY_HOURS,
	ACTIVITY_COSTS,
	ACTIVITY_CUSTOM,
	ACTIVITY_KIND_COUNT
};

/* How a block turns an activity into value (in the policy unit). */
enum value_rule {
	RULE_PER_YEAR,	   /* eur: per_year_cents x FTE x counted months / 12 */
	RULE_HOURS_WORKED, /* hours: hours a week x counted days / 7 */
	RULE_PER_HOUR,	   /* hours done x a rate */
	RULE_INVOICE_SHARE,  /* invoice excl. VAT x share for the category */
	RULE_COSTS_INCURRED, /* the amount spent */
	RULE_FIXED,	     /* a fixed value per activity */
};

/* Mbo levels 1-4; hbo is level 5 in an activity. */
#define LEVEL_HBO 5

struct category_share {
	const char *category; /* "social_enterprise", "sheltered_work", ... */
	int32_t share_bp;
};

struct block_value {
	enum value_rule rule;
	int64_t per_year_cents;	   /* RULE_PER_YEAR */
	int64_t full_time_hours_c; /* period rules: this block's full time */
	/* RULE_PER_HOUR: cents per hour (eur) or hundredths of an hour
	 * credited per hour done (hours). */
	int64_t per_hour;
	struct category_share *shares; /* RULE_INVOICE_SHARE */
	size_t share_count;
	int64_t max_value;	/* cap per activity in the unit, -1 none */
	int64_t cents_per_hour; /* hours unit: money -> hours, -1 none */
	int64_t fixed;		/* RULE_FIXED, in the unit */
};

struct block {
	const char *id;
	const char *label;
	enum activity_kind kind;
	uint32_t target_groups;	  /* candidate in one of them; 0: anyone */
	uint32_t requires_one_of; /* and in one of these; 0: no condition */
	bool has_levels;	  /* level condition (mbo range / hbo) */
	int level_min, level_max; /* mbo 1-4, 0 when no mbo level fits */
	bool level_hbo;
	int min_age, max_age; /* age at start, -1: no condition */
	struct block_value value;
	int max_months;	   /* maximum counting period per candidate, -1: none */
	bool by_name_only; /* counts only an activity that names this block */
};

struct bonus {
	const char *id;
	const char *label;
	uint32_t kinds;	     /* bit (1 << activity_kind) per kind */
	const char **blocks; /* only under these blocks; NULL: any */
	size_t block_count;
	int min_age;			/* -1: no condition */
	uint32_t target_groups;		/* candidate in one of them; 0: none */
	int64_t min_prior_internship_c; /* months x 100, -1: none */
	bool requires_permanent;
	enum value_rule rule; /* RULE_PER_YEAR (pro rata) or RULE_FIXED */
	int64_t per_year_cents;
	int64_t fixed_cents;
};

struct threshold {
	bool applies; /* false: this kind of contract has no obligation */
	int64_t amount_cents;
	bool inclusive; /* "from EUR X" includes X, "above EUR X" not */
};

struct pct_exception {
	const char *label;
	int32_t pct_bp;
	int32_t labour_share_below_bp; /* -1: no condition */
	int contract_kind;	       /* enum contract_kind, -1: any */
	const char **cpv_prefixes;     /* NULL: any */
	size_t cpv_count;
};

enum hours_basis { HOURS_BASIS_VALUE, HOURS_BASIS_LABOUR_HOURS };

enum { PSO_RUNGS = 4 }; /* 0 = aspirant, then rungs 1, 2, 3 */

struct policy {
	const char *name;
	const char *version;
	sr_date effective_from;
	const char *source_publisher, *source_title, *source_url;
	bool has_source_published, has_source_retrieved;
	sr_date source_published, source_retrieved;
	enum policy_unit unit;

	/* applicability */
	struct threshold thresholds[CONTRACT_KIND_COUNT];
	int min_term_months; /* -1: none */
	const char **excluded_cpv;
	size_t excluded_cpv_count;
	bool opt_in_allowed;

	/* obligation, unit eur */
	int32_t default_pct_bp;
	struct pct_exception *exceptions;
	size_t exception_count;
	bool comply_or_explain;
	/* obligation, unit hours */
	enum hours_basis hours_basis;
	int64_t hours_per_1000_eur_c; /* HOURS_BASIS_VALUE */
	int32_t labour_hours_bp;      /* HOURS_BASIS_LABOUR_HOURS */
	int64_t cap;		      /* in the unit, -1: none */

	int32_t pso_discount_bp[PSO_RUNGS];

	/* valuation */
	int64_t full_time_hours_c;
	int hired_before_start_max_months; /* -1: no limit */
	struct block *blocks;
	size_t block_count;
	struct bonus *bonuses;
	size_t bonus_count;

	/* settlement */
	int recovery_months;
	int32_t withhold_bp;
	bool best_efforts_exemption;
	int64_t penalty_cents_per_hour; /* unit hours, -1 otherwise */

	/* pre-qualification (optional) */
	bool has_prequalification;
	int prequal_min_pso_rung;	    /* -1: none */
	int32_t prequal_min_realisation_bp; /* -1: none */
	int prequal_lookback_years;

	const json_t *matching; /* opaque to this module, NULL when absent */
	int proposal_deadline_days;
	int identity_retention_months; /* -1: not set */
	int64_t reference_value_cents; /* per person-year, -1: not set */

	json_t *doc; /* the private copy of the document */
};

/* --- problems: every error of a document, with its JSON path -------------- */

struct policy_problem {
	char path[160];
	char message[200];
};

struct policy_problems {
	struct policy_problem *items;
	size_t count, cap;
};

void policy_problems_free(struct policy_problems *problems);
/* [{"path": ..., "message": ...}, ...] */
json_t *policy_problems_to_json(const struct policy_problems *problems);
/* Fills err (422 "invalid_policy", field = first path) from problems. */
bool policy_problems_to_error(const struct policy_problems *problems,
			      struct sr_error *err);

/* --- parsing ---------------------------------------------------------------
 */

/* Validates doc and, when it has no problem, sets *out (free with
 * policy_free). Returns false when there is at least one problem (all of
 * them in problems, which the caller frees) or memory runs out. */
bool policy_parse(const json_t *doc, struct policy **out,
		  struct policy_problems *problems);
/* The same from JSON text; a syntax error is one problem at "$" with line
 * and column. */
bool policy_parse_text(const char *text, size_t length, struct policy **out,
		       struct policy_problems *problems);
void policy_free(struct policy *policy);

/* A JSON number with at most two decimals (36, 32.5, 0.25) as hundredths;
 * false for anything else. Used for percentages, hours and months. */
bool policy_json_hundredths(const json_t *v, int64_t *out);

/* --- lookups ----------------------------------------------------------------
 */

const char *activity_kind_name(enum activity_kind kind);
bool activity_kind_from_name(const char *name, enum activity_kind *out);
/* hire, internship, bbl, bol: activities with a period and a candidate. */
bool activity_kind_has_period(enum activity_kind kind);
const char *contract_kind_name(enum contract_kind kind);
bool contract_kind_from_name(const char *name, enum contract_kind *out);
const char *value_rule_name(enum value_rule rule);
const char *policy_unit_name(enum policy_unit unit);

/* Index of the block with this id, or -1. */
int policy_block_index(const struct policy *p, const char *id);
/* Share (basis points) of the block's invoice_share rule for category;
 * false when the category is not listed. */
bool policy_block_share(const struct block *b, const char *category,
			int32_t *share_bp);
/* The full-time hours (hundredths) that apply to a block. */
int64_t policy_block_full_time(const struct policy *p, const struct block *b);

/* The version in force on date: the one with the latest effective_from on
 * or before date, or NULL when none is. */
const struct policy *policy_in_force(const struct policy *const *versions,
				     size_t count, sr_date date);

/* The policy as readable text for `sroi policy show` (malloc'd, caller
 * frees; NULL on memory exhaustion). */
char *policy_render_text(const struct policy *p);

#endif
