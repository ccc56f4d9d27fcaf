/*
 * match_store.h: what the matching engine (src/match) reads from and writes
 * to the database: the pool of a shortlist or round, proposal rounds and
 * proposals.
 *
 * Loading turns rows into the engine's structs: postcode -> PC4 -> the
 * reference data's centroid in micro-degrees, education text -> 0..6,
 * target groups -> a bit mask, occupations -> ESCO codes, hours in
 * centi-hours, null dates -> the engine's conventions (available at any
 * time; not on benefit). What depends on a policy (an opening's allowed
 * target groups, the weights) is left to the caller: the store gives each
 * opening's kind and its contract's policy id.
 *
 * A proposal belongs to the organisation of its candidate (the proposals
 * table's key includes the candidate) and names its opening's organisation
 * (opening_org_id) and supplier; an organisation sees the proposals of its
 * candidates and those to its openings.
 */
#ifndef SROI_STORE_MATCH_STORE_H
#define SROI_STORE_MATCH_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/date.h"
#include "match/match_types.h"
#include "store/store.h"

/* ---- organisations and scopes ------------------------------------------ */

struct match_org {
	int64_t org_id;
	char code[32];
	char kind[16];	      /* municipality or region */
	char region_code[32]; /* "" when none */
	bool share_candidates;
};

bool match_store_org(struct store *s, int64_t org_id, struct match_org *out,
		     bool *found, struct sr_error *err);

/* Which organisations' candidates and openings a pool holds: every
 * organisation (all), or org_id and, when region_code is set, every
 * member of that region that shares its candidates (and the region's own
 * organisation, whose code it is). */
struct match_scope {
	bool all;
	int64_t org_id;
	const char *region_code; /* NULL or "": org_id only */
};

/* The region a scope of org would widen to: its region code, or its own
 * code when org is a region; "" when it has none. */
void match_scope_region(const struct match_org *org, char out[32]);

/* The matching domains of the whole installation, for `sroi match --all`:
 * every region with sharing members (the region's organisation, or its
 * first sharing member, runs it) and every organisation outside those on
 * its own, largest first (by active candidates), then by label.
 * Candidates and openings never cross a domain. */
struct match_domain {
	int64_t run_org_id;   /* where the round is stored */
	char region_code[32]; /* "" for one organisation */
	char label[32];	      /* region or organisation code */
	int64_t candidates;   /* active candidates, for scheduling */
};
bool match_store_domains(struct store *s, struct match_domain **out,
			 size_t *count, struct sr_error *err);

/* True when org_id lies in the scope. */
bool match_store_in_scope(struct store *s, const struct match_scope *scope,
			  int64_t org_id, bool *in, struct sr_error *err);

/* ---- pools ----------------------------------------------------------------
 */

struct match_opening_info {
	int64_t org_id;
	int64_t supplier_id;
	int64_t contract_id; /* 0: none */
	int64_t policy_id;   /* of the contract; 0: none (not awarded) */
	int32_t hired;	     /* proposals hired into it */
	int32_t hours;	     /* centi-hours, as stored */
	char kind[12];	     /* job, internship, bbl, bol, training, other */
	char status[8];	     /* open, filled, closed */
};

struct match_store_pool {
	struct match_candidate *candidates; /* by id */
	int64_t *candidate_org;
	uint32_t candidate_count;
	struct match_opening *openings; /* by id */
	struct match_opening_info *opening_info;
	uint32_t opening_count;
	struct match_pair_id *pairs; /* proposed before, any status */
	size_t pair_count;
	/* Records left out because their postcode area has no centroid in
	 * the reference data. */
	uint32_t skipped_candidates, skipped_openings;
};

enum match_load {
	MATCH_LOAD_CANDIDATES = 1, /* active candidates of the scope */
	MATCH_LOAD_OPENINGS = 2,   /* open openings of the scope */
};

/* Loads the scope's records (what: enum match_load bits), the pairs
 * proposed before to the scope's openings, and the open proposals of each
 * candidate and opening (into open_proposals; an opening's positions are
 * its positions less its hires). Allowed target groups are left at 0 for
 * the caller. out is the caller's to free with match_store_pool_free, also
 * after a failure. */
bool match_store_load(struct store *s, const struct match_scope *scope,
		      unsigned what, struct match_store_pool *out,
		      struct sr_error *err);

/* Adds one candidate or opening by id, whatever its status (a placed
 * candidate is `hired`), with its pairs and open proposals; *found is false
 * when it does not exist or lies in no known postcode area. */
bool match_store_add_candidate(struct store *s, int64_t id,
			       struct match_store_pool *pool, bool *found,
			       struct sr_error *err);
bool match_store_add_opening(struct store *s, int64_t id,
			     struct match_store_pool *pool, bool *found,
			     struct sr_error *err);

void match_store_pool_free(struct match_store_pool *pool);

/* ---- what a round read, as it is now ----------------------------------
 *
 * A round is loaded and solved in a read transaction (or none) and written
 * in a short write transaction; meanwhile other writers may have hired a
 * candidate, filled an opening or proposed a pair. This is what the write
 * checks the solved round against, read again under the write lock. */

/* The id counter's next id: every record written after this is read has
 * an id at least this (ids are never handed out again). */
bool match_store_next_id(struct store *s, int64_t *next, struct sr_error *err);

struct match_id_count {
	int64_t id;
	int32_t count;
};

struct match_opening_now {
	int64_t id;
	bool open;	   /* status open */
	int32_t positions; /* its positions less its hires, at least 0 */
	int32_t open_proposals;
};

struct match_store_now {
	int64_t *inactive; /* candidates of the scope not active, by id */
	size_t inactive_count;
	struct match_id_count *candidate_open; /* open proposals, by id */
	size_t candidate_open_count;
	struct match_opening_now *openings; /* the scope's openings, by id */
	size_t opening_count;
	struct match_pair_id *new_pairs; /* proposed with id >= since_id */
	size_t new_pair_count;
};

/* Reads the scope's state now, and the pairs proposed (anywhere) since
 * the id since_id. Free with match_store_now_free, also after a failure. */
bool match_store_now_load(struct store *s, const struct match_scope *scope,
			  int64_t since_id, struct match_store_now *out,
			  struct sr_error *err);
void match_store_now_free(struct match_store_now *now);

/* ---- a shared candidate hired by another member of the region ---------
 *
 * A realisation names a candidate of its contract's organisation. When an
 * organisation hires a candidate of another member of its region (shared
 * pools), it gets its own record of that person: a copy of what valuation
 * and reports need (target groups, birth month, residence, dates of
 * benefit ...) with the same region pseudonym, so that the region's double
 * counting check still sees one person, and a link to the original
 * (source_org_id, source_candidate_id). The identity is not copied: it
 * stays, sealed, with the original. */

/* The record of the person of (from_org_id, from_id) in org_id: the copy
 * linked to it, or else a record of org_id with the same region pseudonym
 * (the organisation knew the person already); *id is 0 when neither
 * exists. */
bool match_store_candidate_in_org(struct store *s, int64_t org_id,
				  int64_t from_org_id, int64_t from_id,
				  int64_t *id, struct sr_error *err);
/* Copies candidate (from_org_id, from_id) into org_id as record id, linked
 * to it, with status active and no external id. */
bool match_store_candidate_copy(struct store *s, int64_t org_id, int64_t id,
				int64_t from_org_id, int64_t from_id,
				const char *now, struct sr_error *err);

/* 0 none, vo 0, mbo1..mbo4 1..4, hbo 5, wo 6; -1 for anything else. */
int match_store_education(const char *text);

/* ---- rounds and proposals -------------------------------------------------
 */

/* Gives this connection a page cache fit for writing a national round
 * (SQLite; nothing on PostgreSQL). For commands, not for the server. */
bool match_store_bulk_mode(struct store *s, struct sr_error *err);


struct match_run_row {
	int64_t org_id, id;
	char org_code[32];
	char scope[16];
	int32_t per_position, per_candidate;
	int64_t objective;
	int64_t proposal_count;
	char *report; /* JSON text, owned (match_run_row_free) */
	char created_at[24];
};

bool match_store_run_insert(struct store *s, const struct match_run_row *run,
			    const char *now, struct sr_error *err);
/* The run visible to org_id (0: any organisation); *found false if none. */
bool match_store_run_get(struct store *s, int64_t org_id, int64_t id,
			 struct match_run_row *out, bool *found,
			 struct sr_error *err);
void match_run_row_free(struct match_run_row *run);
/* Runs visible to org_id (0: all) with id > after_id, in id order, at
 * most limit; *out gets *count rows without their report (NULL). The
 * caller frees *out with free(). */
bool match_store_runs(struct store *s, int64_t org_id, int64_t after_id,
		      int limit, struct match_run_row **out, size_t *count,
		      struct sr_error *err);

struct match_proposal_row {
	int64_t org_id, id;
	char org_code[32];
	int64_t run_id; /* 0: none */
	int64_t opening_id, opening_org_id, candidate_id, supplier_id;
	char source[12]; /* round, consultant, employer */
	int32_t score;
	const char *components; /* JSON text */
	char status[12];
	char declined_by[12];
	const char *reason;
	char due_date[11];
	int64_t realisation_id; /* 0: none */
	char created_at[24], updated_at[24];
};

/* Inserts proposals (ids set by the caller); components and reason are
 * borrowed. */
bool match_store_proposals_insert(struct store *s,
				  const struct match_proposal_row *rows,
				  size_t n, const char *now,
				  struct sr_error *err);

/* Which proposals a list or load sees. */
struct match_proposal_query {
	int64_t org_id;	     /* 0: every organisation's */
	int64_t supplier_id; /* > 0: a supplier account: only its own */
	int64_t id;	     /* > 0: this one */
	const char *status;
	int64_t opening_id, candidate_id, run_id;
	bool open_only;		/* proposed or introduced */
	const char *due_before; /* open and due before this date (overdue) */
	int64_t after_id;	/* cursor */
	int limit;		/* 0: no limit */
};

struct match_proposal_rows {
	struct match_proposal_row *items;
	size_t count, cap;
	char **texts; /* owned strings the rows point to */
	size_t text_count, text_cap;
};

/* Proposals in id order. */
bool match_store_proposals(struct store *s,
			   const struct match_proposal_query *q,
			   struct match_proposal_rows *out,
			   struct sr_error *err);
void match_proposal_rows_free(struct match_proposal_rows *rows);

/* Hired proposals of an opening. */
bool match_store_opening_hires(struct store *s, int64_t opening_id,
			       int64_t *hires, struct sr_error *err);

#endif
