/*
 * match.h: the matching engine in one include. Pure code: arrays in,
 * shortlists and proposal rounds out; no I/O, no database, no global
 * state. docs/matching.md describes the model.
 *
 *   match_types.h  candidates, openings, occupation fit levels
 *   weights.h      the policy's `matching` section (JSON in, struct out)
 *   occupation.h   ESCO/ISCO codes and their fit
 *   geo.h          great-circle distance in whole metres
 *   constraints.h  the hard constraints, each with a name
 *   score.h        score components and explanations
 *   pool.h         candidates + openings + weights, indexed
 *   shortlist.h    top-k candidates for an opening and vice versa
 *   round.h        proposal rounds as min-cost flow (mcf.h)
 *   fairness.h     who got the proposals against who could have
 */
#ifndef SROI_MATCH_MATCH_H
#define SROI_MATCH_MATCH_H

#include "match/constraints.h"
#include "match/fairness.h"
#include "match/geo.h"
#include "match/match_types.h"
#include "match/occupation.h"
#include "match/pool.h"
#include "match/round.h"
#include "match/score.h"
#include "match/shortlist.h"
#include "match/weights.h"

#endif
