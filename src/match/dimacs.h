/*
 * dimacs.h: the DIMACS text form of minimum-cost flow problems.
 *
 *   c any comment
 *   p min NODES ARCS
 *   n ID SUPPLY            (nodes without an n line have supply 0)
 *   a FROM TO LOW CAP COST
 *
 * Node ids are 1-based in the text and 0-based in struct mcf_problem. The
 * parser reads a buffer in memory (a mapped file) with its own integer reader,
 * because inputs run to hundreds of megabytes; every error names its line.
 */
#ifndef SROI_MATCH_DIMACS_H
#define SROI_MATCH_DIMACS_H

#include <stddef.h>
#include <stdio.h>

#include "base/error.h"
#include "match/mcf.h"

/* Parses text[0..len) into out, whose arrays are then owned by the caller
 * (free them with dimacs_problem_free; low is NULL when every lower bound is
 * 0). On malformed input returns false with err->message "line N: ..."
 * (status 400, code "invalid_dimacs") and leaves out empty. */
bool dimacs_parse(const char *text, size_t len, struct mcf_problem *out,
		  struct sr_error *err);

/* Frees the arrays of a problem filled by dimacs_parse. */
void dimacs_problem_free(struct mcf_problem *p);

/* Writes p in DIMACS form (an n line for each node with non-zero supply, an
 * a line per arc in order); comment, when not NULL, becomes "c" lines, one per
 * line of it. Returns false when writing fails (errno says why). */
bool dimacs_write(FILE *out, const struct mcf_problem *p, const char *comment);

#endif
