/*
 * occupation.h: occupation codes and how well two of them fit.
 *
 * An ESCO occupation code is its ISCO-08 unit group (4 digits) followed by
 * ".n" parts ("7112.1", "2166.1.2"); a bare unit group ("7112") is accepted
 * as well, meaning any occupation in that group. The ISCO minor group is
 * the first 3 digits, the sub-major group the first 2.
 */
#ifndef SROI_MATCH_OCCUPATION_H
#define SROI_MATCH_OCCUPATION_H

#include <stdbool.h>

#include "match/match_types.h"

/* True when code is 4 digits optionally followed by ".digits" parts and
 * fits in MATCH_ESCO_LEN. */
bool match_esco_valid(const char *code);

/* How close two valid codes are (see enum match_fit). */
enum match_fit match_fit_codes(const char *wanted, const char *offered);

/* The best fit of any of the candidate's wanted occupations to the
 * opening's. A candidate without wanted occupations fits MATCH_FIT_NONE. */
enum match_fit match_fit_candidate(const struct match_candidate *c,
				   const struct match_opening *o);

/* The index key of a code at a fit level: the numeric ISCO prefix of the
 * level's length plus 1 (so 1..10000), or 0 at MATCH_FIT_NONE. Codes with
 * equal keys are the ones that can fit at least at that level. */
int match_occupation_key(const char *code, enum match_fit level);

/* Stable names: "none", "sub_major_group", "minor_group", "unit_group",
 * "same_occupation" (also the policy's JSON keys). */
const char *match_fit_name(enum match_fit fit);
/* Parses a name above; false when unknown. */
bool match_fit_parse(const char *name, enum match_fit *out);

#endif
