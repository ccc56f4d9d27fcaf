/*
 * matching.h: the matching engine (src/match) on the database, shared by
 * the handlers (matching.c, proposals.c), `sroi match`, `sroi shortlist`
 * and bench/match.
 *
 * A matching pool is loaded by the store (match_store.h), and then given
 * what depends on policies: the weights come from the policy in force for
 * the organisation the pool is for (its own or its region's; the defaults
 * of docs/matching.md when it has none), and each opening's allowed target
 * groups from its contract's policy version: the union of the target groups
 * of the blocks whose kind fits the opening's kind (job -> hire, internship
 * -> internship, bbl -> bbl, bol -> bol, training -> training, other -> any
 * block); a fitting block without target groups allows everyone, and so
 * does an opening without a contract or whose contract is not awarded yet.
 */
#ifndef SROI_API_MATCHING_H
#define SROI_API_MATCHING_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "http/request.h"
#include "match/match.h"
#include "store/match_store.h"

struct policy;

struct matching_pool {
	struct match_store_pool rows;
	struct match_weights weights;
	int64_t weights_policy_id;     /* 0: the defaults */
	int32_t default_deadline_days; /* of the weights' policy; 15 without */
	int32_t *deadline_days;	       /* per opening, after build */
	sr_date as_of;
	struct match_pool *pool; /* after build */
};

/* Loads the records of scope (what: enum match_load bits; 0 for none, to
 * add single records with match_store_add_*) and the weights of the policy
 * in force for weights_org_id on as_of. Free with matching_pool_free, also
 * after a failure. */
bool matching_pool_load(struct request *req, const struct match_scope *scope,
			unsigned what, int64_t weights_org_id, sr_date as_of,
			struct matching_pool *mp, struct sr_error *err);
/* Derives the openings' allowed target groups and answer deadlines from
 * their policies and builds the engine's pool. */
bool matching_pool_build(struct request *req, struct matching_pool *mp,
			 struct sr_error *err);
void matching_pool_free(struct matching_pool *mp);

/* The target groups an opening of this kind may count under policy (NULL:
 * everyone). */
uint32_t matching_allowed_groups(const struct policy *policy,
				 const char *opening_kind);
/* The realisation kind a hire into an opening of this kind is. */
const char *matching_realisation_kind(const char *opening_kind);

/* {"occupation": 400, "distance": 150, ...} */
json_t *matching_components_json(const struct match_score *score);

/* A proposal round over a pool of the whole scope. */
struct matching_round {
	struct matching_pool mp;
	struct match_round_problem problem;
	struct match_round_result result;
	bool built, solved;
	int32_t per_position, per_candidate; /* the limits used */
	int32_t max_score;		     /* M of the flow problem */
	int64_t total_supply;		     /* cost = M x supply - objective */
	int64_t run_id;			     /* set by matching_round_store */
	int64_t first_proposal_id;	     /* proposals[i] got this + i */
	/* What the store checks the round against before writing it: the
	 * scope read and the id counter when it was read. */
	struct match_scope scope;
	char region_code[32];
	int64_t since_id;
	int64_t solved_objective; /* before proposals were dropped */
	size_t dropped;		  /* proposals made invalid meanwhile */
	/* Phase times in milliseconds; ms_store includes ms_check, the
	 * reading again of what the round read (matching_round_store). */
	double ms_load, ms_index, ms_pairs, ms_solve, ms_store, ms_check;
};

struct matching_round_request {
	struct match_scope scope;
	int64_t weights_org_id; /* whose policy weighs the round */
	int32_t per_position;	/* 0: the policy's */
	int32_t per_candidate;	/* 0: the policy's */
	int32_t threads;	/* generating pairs; 0: the processors online */
	/* Keep each candidate's best N pairs only (0: all, exact); see
	 * round.h's max_pairs_per_candidate. */
	uint32_t max_pairs_per_candidate;
	sr_date as_of;
	/* End the store's (read) transaction once the pool is loaded:
	 * pairing and solving read nothing, and a long read keeps SQLite
	 * from checkpointing its log. */
	bool release_read;
};

/* Loads, builds and solves a round (nothing is written). Free with
 * matching_round_free, also after a failure.
 *
 * A test hook: when the environment names a file in SROI_TEST_ROUND_PAUSE
 * and that file exists, a round that has solved creates PATH.reached and
 * waits until PATH is removed (at most a minute), so that tests can write
 * while a round is in progress. */
bool matching_round_run(struct request *req,
			const struct matching_round_request *rq,
			struct matching_round *round, struct sr_error *err);
/* Stores a solved round as a run of run_org_id with its proposals (status
 * proposed, due as_of + the opening's policy deadline) and an audit entry;
 * *run gets the run as the API answers it. Run it in a write transaction:
 * it first reads the scope again and leaves out the proposals that writes
 * since the round was read have made invalid (candidate no longer active
 * or with no room for more open proposals, opening no longer open or full,
 * pair proposed meanwhile), keeping the higher scores; the run reports
 * their number as proposals_dropped. */
bool matching_round_store(struct request *req, int64_t run_org_id,
			  const char *scope_name, struct matching_round *round,
			  int64_t *run_id, json_t **run, struct sr_error *err);
void matching_round_free(struct matching_round *round);
/* Frees the flow problem of a solved round (its largest part) when it is
 * not to be written out; what the run reports is kept. */
void matching_round_drop_problem(struct matching_round *round);

/* A stored run as the API answers it. */
json_t *matching_run_json(const struct match_run_row *run);

/* A proposal row as the API answers it. */
json_t *proposal_json(const struct match_proposal_row *p);
/* Answers a page of the proposals q selects (limit, cursor and the filters
 * of the query string are added to q). */
void proposals_respond_list(struct request *req, struct response *res,
			    struct match_proposal_query *q);

/* Handlers (matching.c, proposals.c). */
void api_openings_shortlist(struct request *req, struct response *res);
void api_candidates_suggestions(struct request *req, struct response *res);
void api_matching_runs_create(struct request *req, struct response *res);
void api_matching_runs_list(struct request *req, struct response *res);
void api_matching_runs_get(struct request *req, struct response *res);
void api_matching_runs_proposals(struct request *req, struct response *res);
void api_proposals_list(struct request *req, struct response *res);
void api_proposals_get(struct request *req, struct response *res);
void api_proposals_create(struct request *req, struct response *res);
void api_proposals_introduce(struct request *req, struct response *res);
void api_proposals_hire(struct request *req, struct response *res);
void api_proposals_decline(struct request *req, struct response *res);

#endif
