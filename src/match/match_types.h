/*
 * match_types.h: what the matching engine knows about a candidate and an
 * opening. Plain structs filled by the caller (the store, a test, a demo);
 * the engine never reads names, addresses or other identity: candidates are
 * pseudonymous ids with the few facts that matching needs.
 *
 * Positions are postcode-area (PC4) centroids in integer micro-degrees, so
 * inputs compare exactly; hours are centi-hours per week (36 h = 3600);
 * dates are sr_date. The district of a PC4 is its first two digits
 * (pc4 / 100).
 */
#ifndef SROI_MATCH_MATCH_TYPES_H
#define SROI_MATCH_MATCH_TYPES_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/date.h"

#define MATCH_MAX_OCCUPATIONS 4 /* wanted occupations per candidate */
#define MATCH_ESCO_LEN 16	/* "7112.1.3" and the like, with NUL */
#define MATCH_NO_DATE INT32_MIN /* on_benefit_since when not on benefit */
#define MATCH_NO_EDUCATION (-1) /* opening without a minimum education */

/* Education levels: 0 none, 1-4 mbo levels, 5 hbo, 6 wo. */
#define MATCH_EDUCATION_MAX 6

struct match_candidate {
	int64_t id; /* unique within one pool */
	/* Target groups the candidate belongs to: bit i is target group i as
	 * numbered by the policy (src/domain/target_groups.h). */
	uint32_t target_groups;
	int32_t lat_e6, lon_e6;	  /* centroid of the candidate's PC4 */
	int16_t pc4;		  /* 1000..9999; district = pc4 / 100 */
	int8_t education;	  /* 0..MATCH_EDUCATION_MAX */
	uint8_t occupation_count; /* 0 = open to any occupation */
	/* ESCO codes "7112.1" (or bare ISCO unit groups "7112"). */
	char occupations[MATCH_MAX_OCCUPATIONS][MATCH_ESCO_LEN];
	int32_t hours;	       /* available, centi-hours per week */
	int32_t max_travel_km; /* 0 = the policy's default_max_travel_km */
	sr_date available_from;
	sr_date on_benefit_since; /* MATCH_NO_DATE when not on benefit */
	bool driving_licence;
	bool hired; /* already hired elsewhere: never matched */
	/* Proposals still open for this candidate; a round gives it at most
	 * proposals_per_candidate minus this many new ones. */
	int32_t open_proposals;
};

struct match_opening {
	int64_t id; /* unique within one pool */
	/* Target groups the opening's contract may count (bits as above),
	 * derived by the caller from the contract's policy. 0 = nobody. */
	uint32_t allowed_groups;
	int32_t lat_e6, lon_e6; /* centroid of the work location's PC4 */
	int16_t pc4;
	int8_t min_education; /* MATCH_NO_EDUCATION or 0..6 */
	bool requires_licence;
	char esco[MATCH_ESCO_LEN]; /* the opening's occupation */
	sr_date start;
	int32_t hours;	       /* centi-hours per week */
	int32_t positions;     /* open positions */
	int32_t max_travel_km; /* 0 = the policy's default_max_travel_km */
	/* Proposals already open for this opening; they use up slots of
	 * proposals_per_position x positions in a round. */
	int32_t open_proposals;
};

/* A (candidate, opening) pair by id: proposals that exist already or were
 * declined, which a round must not propose again. */
struct match_pair_id {
	int64_t candidate_id;
	int64_t opening_id;
};

/* How close a candidate's wanted occupation is to an opening's, through the
 * ESCO/ISCO-08 hierarchy. Ordered: a higher value is a closer fit. */
enum match_fit {
	MATCH_FIT_NONE = 0,
	MATCH_FIT_SUB_MAJOR = 1,  /* same first 2 ISCO digits */
	MATCH_FIT_MINOR = 2,	  /* same first 3 */
	MATCH_FIT_UNIT = 3,	  /* same ISCO unit group (4 digits) */
	MATCH_FIT_OCCUPATION = 4, /* the same ESCO occupation */
};
#define MATCH_FIT_COUNT 5

#endif
