/* test_match_store.c: the matching store turns rows into the engine's facts,
 * loads exactly the scope's records, counts open proposals and hires, forms
 * the matching domains, shows proposals only to whom may see them, reads
 * what a round checks before it writes, and copies a shared candidate into
 * a hiring organisation once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/refdata.h"
#include "domain/target_groups.h"
#include "store/match_store.h"
#include "store/store.h"

struct fixture {
	char dir[64];
	char path[96];
	struct store *s;
};

/* Organisations: region 10 "reg"; members 11 (shares), 12 (does not), 13
 * (shares); 14 outside any region. */
static const char *const world_sql =
    "INSERT INTO organisations (org_id, id, code, name, kind, region_code, "
    "share_candidates, created_at, updated_at) VALUES "
    "(10, 10, 'reg', 'Regio', 'region', NULL, 0, 'now', 'now'),"
    "(11, 11, 'A', 'A', 'municipality', 'reg', 1, 'now', 'now'),"
    "(12, 12, 'B', 'B', 'municipality', 'reg', 0, 'now', 'now'),"
    "(13, 13, 'C', 'C', 'municipality', 'reg', 1, 'now', 'now'),"
    "(14, 14, 'D', 'D', 'municipality', NULL, 0, 'now', 'now');"
    "INSERT INTO suppliers (org_id, id, kvk, name, created_at, updated_at) "
    "VALUES "
    "(11, 200, '12345678', 'S', 'now', 'now'), (11, 201, '12345679', 'T', "
    "'now', 'now'),"
    "(13, 202, '12345670', 'U', 'now', 'now');"
    "INSERT INTO contracts (org_id, id, reference, title, kind, value_cents, "
    "start_date, end_date, supplier_id, status, policy_id, created_at, "
    "updated_at) VALUES (11, 300, 'K', 'K', 'works', 1, '2026-01-01', "
    "'2027-01-01', 200, 'awarded', 77, 'now', 'now');"
    "INSERT INTO candidates (org_id, id, target_groups, postcode, occupations, "
    "education_level, hours_per_week_centi, max_travel_km, available_from, "
    "on_benefit_since, driving_licence, status, created_at, updated_at) VALUES "
    "(11, 100, '[\"participatiewet\",\"ww\"]', '2511 AB', "
    "'[\"7115.1\",\"7112\"]', "
    "'mbo3', 3250, 30, NULL, NULL, 1, 'active', 'now', 'now'),"
    "(11, 101, '[]', '2512 CE', '[]', NULL, 3600, 25, '2026-03-01', "
    "'2020-05-01', 0, 'active', 'now', 'now'),"
    "(11, 102, '[\"ww\"]', '2512 CE', '[]', 'hbo', 3600, 25, NULL, NULL, 0, "
    "'placed', 'now', 'now'),"
    "(11, 103, '[\"ww\"]', '1000 AA', '[]', 'wo', 3600, 25, NULL, NULL, 0, "
    "'active', 'now', 'now'),"
    "(12, 110, '[\"ww\"]', '2512 CE', '[]', 'vo', 3600, 25, NULL, NULL, 0, "
    "'active', 'now', 'now'),"
    "(13, 120, '[\"ww\"]', '2512 CE', '[]', 'wo', 3600, 25, NULL, NULL, 0, "
    "'active', 'now', 'now'),"
    "(14, 130, '[\"ww\"]', '2512 CE', '[]', NULL, 3600, 25, NULL, NULL, 0, "
    "'active', 'now', 'now');"
    "INSERT INTO openings (org_id, id, supplier_id, contract_id, kind, "
    "esco_code, "
    "postcode, hours_per_week_centi, positions, start_date, max_travel_km, "
    "requires_licence, min_education_level, status, created_at, updated_at) "
    "VALUES (11, 400, 200, 300, 'bbl', '7115.1', '2511 AB', 3200, 3, "
    "'2026-06-01', NULL, 1, 'mbo2', 'open', 'now', 'now'),"
    "(11, 401, 201, NULL, 'job', '7112.1', '2512 CE', 3600, 1, '2026-06-01', "
    "10, 0, NULL, 'filled', 'now', 'now'),"
    "(13, 420, 202, NULL, 'job', '7112.1', '2512 CE', 3600, 1, '2026-06-01', "
    "NULL, 0, NULL, 'open', 'now', 'now');"
    "INSERT INTO proposals (org_id, id, opening_id, opening_org_id, "
    "candidate_id, supplier_id, score, status, due_date, source, created_at, "
    "updated_at) VALUES "
    "(11, 500, 400, 11, 100, 200, 10, 'proposed', '2026-01-10', 'round', "
    "'now', 'now'),"
    "(11, 501, 401, 11, 100, 201, 10, 'introduced', '2026-01-20', 'round', "
    "'now', 'now'),"
    "(11, 502, 400, 11, 101, 200, 10, 'hired', '2026-01-10', 'round', 'now', "
    "'now'),"
    "(11, 503, 400, 11, 102, 200, 10, 'declined', '2026-01-10', 'round', "
    "'now', 'now'),"
    "(13, 504, 400, 11, 120, 200, 10, 'proposed', '2026-02-10', 'round', "
    "'now', 'now');";

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/sroi-match-store-XXXXXX");
	if (!f || !mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof f->path, "%s/test.db", f->dir);
	struct sr_error err = {0};
	int from, to;
	if (!store_open(f->path, true, &f->s, &err) ||
	    !store_migrate(f->s, &from, &to, &err) ||
	    !store_exec(f->s, world_sql, &err)) {
		fprintf(stderr, "setup: %s\n", err.message);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	store_close(f->s);
	char p[128];
	const char *suffix[] = {"", "-wal", "-shm"};
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof p, "%s%s", f->path, suffix[i]);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

static const struct match_candidate *candidate(const struct match_store_pool *p,
					       int64_t id)
{
	for (uint32_t i = 0; i < p->candidate_count; i++)
		if (p->candidates[i].id == id)
			return &p->candidates[i];
	return NULL;
}

static uint32_t bit(const char *name)
{
	uint32_t b = 0;
	assert_true(target_group_bit(name, &b));
	return b;
}

static void converts_rows_into_the_engines_facts(void **state)
{
	struct fixture *f = *state;
	struct sr_error err = {0};
	struct match_store_pool pool = {0};
	struct match_scope scope = {.org_id = 11};
	assert_true(match_store_load(
	    f->s, &scope, MATCH_LOAD_CANDIDATES | MATCH_LOAD_OPENINGS, &pool,
	    &err));
	const struct match_candidate *c = candidate(&pool, 100);
	assert_non_null(c);
	const struct ref_pc4 *pc = refdata_pc4(2511);
	assert_non_null(pc);
	assert_int_equal(c->pc4, 2511);
	assert_int_equal(c->lat_e6, (int32_t)lround(pc->lat * 1e6));
	assert_int_equal(c->lon_e6, (int32_t)lround(pc->lon * 1e6));
	assert_int_equal(c->target_groups, bit("participatiewet") | bit("ww"));
	assert_int_equal(c->occupation_count, 2);
	assert_string_equal(c->occupations[0], "7115.1");
	assert_string_equal(c->occupations[1], "7112");
	assert_int_equal(c->education, 3);
	assert_int_equal(c->hours, 3250);
	assert_int_equal(c->max_travel_km, 30);
	assert_int_equal(c->available_from, INT32_MIN); /* any time */
	assert_int_equal(c->on_benefit_since, MATCH_NO_DATE);
	assert_true(c->driving_licence);
	assert_false(c->hired);
	c = candidate(&pool, 101);
	assert_int_equal(c->target_groups, 0);
	assert_int_equal(c->occupation_count, 0);
	assert_int_equal(c->education, 0); /* unknown: none */
	assert_int_equal(c->available_from, date_from_ymd(2026, 3, 1));
	assert_int_equal(c->on_benefit_since, date_from_ymd(2020, 5, 1));
	/* The opening, with its contract's policy for the caller. */
	assert_int_equal(pool.opening_count, 1);
	const struct match_opening *o = &pool.openings[0];
	assert_int_equal(o->id, 400);
	assert_string_equal(o->esco, "7115.1");
	assert_int_equal(o->min_education, 2);
	assert_true(o->requires_licence);
	assert_int_equal(o->max_travel_km, 0); /* the policy's default */
	assert_int_equal(o->start, date_from_ymd(2026, 6, 1));
	assert_int_equal(o->allowed_groups, 0); /* left to the caller */
	assert_int_equal(pool.opening_info[0].policy_id, 77);
	assert_int_equal(pool.opening_info[0].contract_id, 300);
	assert_int_equal(pool.opening_info[0].supplier_id, 200);
	assert_string_equal(pool.opening_info[0].kind, "bbl");
	match_store_pool_free(&pool);
}

static void maps_education_levels(void **state)
{
	(void)state;
	const char *names[] = {"none", "vo",   "mbo1", "mbo2",
			       "mbo3", "mbo4", "hbo",  "wo"};
	const int levels[] = {0, 0, 1, 2, 3, 4, 5, 6};
	for (int i = 0; i < 8; i++)
		assert_int_equal(match_store_education(names[i]), levels[i]);
	assert_int_equal(match_store_education("phd"), -1);
}

static void
loads_only_the_scopes_active_candidates_and_open_openings(void **state)
{
	struct fixture *f = *state;
	struct sr_error err = {0};
	struct match_store_pool pool = {0};
	struct match_scope org = {.org_id = 11};
	assert_true(
	    match_store_load(f->s, &org, MATCH_LOAD_CANDIDATES, &pool, &err));
	/* 102 is placed; 103 lives in a postcode area the data lacks. */
	assert_int_equal(pool.candidate_count, 2);
	assert_non_null(candidate(&pool, 100));
	assert_non_null(candidate(&pool, 101));
	assert_int_equal(pool.skipped_candidates, 1);
	match_store_pool_free(&pool);

	/* The region: A and the members that share (C), not B; the openings
	 * of the same members. */
	struct match_scope region = {.org_id = 11, .region_code = "reg"};
	assert_true(match_store_load(
	    f->s, &region, MATCH_LOAD_CANDIDATES | MATCH_LOAD_OPENINGS, &pool,
	    &err));
	assert_int_equal(pool.candidate_count, 3);
	assert_non_null(candidate(&pool, 120));
	assert_null(candidate(&pool, 110));
	assert_int_equal(pool.candidate_org[2], 13);
	assert_int_equal(pool.opening_count, 2);
	assert_int_equal(pool.openings[1].id, 420);
	match_store_pool_free(&pool);

	struct match_scope all = {.all = true};
	assert_true(
	    match_store_load(f->s, &all, MATCH_LOAD_CANDIDATES, &pool, &err));
	assert_int_equal(pool.candidate_count, 5);
	match_store_pool_free(&pool);

	bool in = true;
	assert_true(match_store_in_scope(f->s, &region, 12, &in, &err));
	assert_false(in);
	assert_true(match_store_in_scope(f->s, &region, 13, &in, &err));
	assert_true(in);
}

static void counts_open_proposals_and_subtracts_hires(void **state)
{
	struct fixture *f = *state;
	struct sr_error err = {0};
	struct match_store_pool pool = {0};
	struct match_scope region = {.org_id = 11, .region_code = "reg"};
	assert_true(match_store_load(
	    f->s, &region, MATCH_LOAD_CANDIDATES | MATCH_LOAD_OPENINGS, &pool,
	    &err));
	/* 100: proposed and introduced are open; 101's was a hire. */
	assert_int_equal(candidate(&pool, 100)->open_proposals, 2);
	assert_int_equal(candidate(&pool, 101)->open_proposals, 0);
	/* 400: three positions, one hired; open: 500 and 504. */
	assert_int_equal(pool.openings[0].positions, 2);
	assert_int_equal(pool.openings[0].open_proposals, 2);
	assert_int_equal(pool.opening_info[0].hired, 1);
	/* Every pair proposed before to the scope's openings, whatever its
	 * answer or the opening's status. */
	assert_int_equal(pool.pair_count, 5);
	match_store_pool_free(&pool);

	/* A single placed candidate, added by id, is hired. */
	bool found = false;
	assert_true(match_store_add_candidate(f->s, 102, &pool, &found, &err));
	assert_true(found);
	assert_true(pool.candidates[0].hired);
	assert_true(match_store_add_opening(f->s, 401, &pool, &found, &err));
	assert_true(found);
	assert_string_equal(pool.opening_info[0].status, "filled");
	assert_true(match_store_add_candidate(f->s, 999, &pool, &found, &err));
	assert_false(found);
	match_store_pool_free(&pool);
}

static void forms_one_domain_per_sharing_region(void **state)
{
	struct fixture *f = *state;
	struct sr_error err = {0};
	struct match_domain *d = NULL;
	size_t n = 0;
	assert_true(match_store_domains(f->s, &d, &n, &err));
	/* reg (A, C and the region), then B and D on their own: the largest
	 * first (by active candidates), then by label. */
	assert_int_equal(n, 3);
	assert_string_equal(d[0].region_code, "reg");
	assert_string_equal(d[0].label, "reg");
	assert_int_equal(d[0].run_org_id, 10);
	assert_int_equal(d[0].candidates, 4);
	assert_string_equal(d[1].label, "B");
	assert_string_equal(d[1].region_code, "");
	assert_int_equal(d[1].candidates, 1);
	assert_string_equal(d[2].label, "D");
	free(d);
}

static void shows_proposals_to_their_organisations_and_supplier(void **state)
{
	struct fixture *f = *state;
	struct sr_error err = {0};
	struct match_proposal_rows rows = {0};
	/* A sees its candidates' proposals and those to its openings (504 is
	 * C's candidate for A's opening); C only its own candidate's. */
	struct match_proposal_query q = {.org_id = 11};
	assert_true(match_store_proposals(f->s, &q, &rows, &err));
	assert_int_equal(rows.count, 5);
	match_proposal_rows_free(&rows);
	q = (struct match_proposal_query){.org_id = 13};
	assert_true(match_store_proposals(f->s, &q, &rows, &err));
	assert_int_equal(rows.count, 1);
	assert_int_equal(rows.items[0].id, 504);
	assert_string_equal(rows.items[0].org_code, "C");
	match_proposal_rows_free(&rows);
	/* A supplier account of A: only its own supplier's. */
	q = (struct match_proposal_query){.org_id = 11, .supplier_id = 201};
	assert_true(match_store_proposals(f->s, &q, &rows, &err));
	assert_int_equal(rows.count, 1);
	assert_int_equal(rows.items[0].id, 501);
	match_proposal_rows_free(&rows);
	/* Overdue: open and due before the date. */
	q = (struct match_proposal_query){.org_id = 11,
					  .due_before = "2026-01-15"};
	assert_true(match_store_proposals(f->s, &q, &rows, &err));
	assert_int_equal(rows.count, 1);
	assert_int_equal(rows.items[0].id, 500);
	match_proposal_rows_free(&rows);
	/* Pages: after an id, at most limit. */
	q = (struct match_proposal_query){
	    .org_id = 11, .after_id = 501, .limit = 2};
	assert_true(match_store_proposals(f->s, &q, &rows, &err));
	assert_int_equal(rows.count, 2);
	assert_int_equal(rows.items[0].id, 502);
	assert_int_equal(rows.items[1].id, 503);
	match_proposal_rows_free(&rows);
}

/* What a round checks before it writes: the scope's state as it is now,
 * and the pairs proposed since an id. */
static void reads_the_scopes_state_now_and_the_pairs_since_an_id(void **state)
{
	struct fixture *f = *state;
	struct sr_error err = {0};
	int64_t next = 0;
	assert_true(match_store_next_id(f->s, &next, &err));
	assert_int_equal(next, 1000); /* the world's rows took no ids */
	struct match_scope region = {.org_id = 11, .region_code = "reg"};
	struct match_store_now now;
	assert_true(match_store_now_load(f->s, &region, 503, &now, &err));
	/* 102 is placed; B's 110 lies outside the scope. */
	assert_int_equal(now.inactive_count, 1);
	assert_int_equal(now.inactive[0], 102);
	/* Open proposals: 100 has two, C's 120 one. */
	assert_int_equal(now.candidate_open_count, 2);
	assert_int_equal(now.candidate_open[0].id, 100);
	assert_int_equal(now.candidate_open[0].count, 2);
	assert_int_equal(now.candidate_open[1].id, 120);
	assert_int_equal(now.candidate_open[1].count, 1);
	/* 400: 3 positions, one hired, two open; 401 filled; 420 open. */
	assert_int_equal(now.opening_count, 3);
	assert_int_equal(now.openings[0].id, 400);
	assert_true(now.openings[0].open);
	assert_int_equal(now.openings[0].positions, 2);
	assert_int_equal(now.openings[0].open_proposals, 2);
	assert_false(now.openings[1].open);
	assert_int_equal(now.openings[1].open_proposals, 1);
	assert_true(now.openings[2].open);
	assert_int_equal(now.openings[2].positions, 1);
	assert_int_equal(now.openings[2].open_proposals, 0);
	/* 503 and 504, whatever their status. */
	assert_int_equal(now.new_pair_count, 2);
	assert_int_equal(now.new_pairs[0].candidate_id, 102);
	assert_int_equal(now.new_pairs[1].candidate_id, 120);
	match_store_now_free(&now);
}

static void copies_a_shared_candidate_and_finds_the_copy_again(void **state)
{
	struct fixture *f = *state;
	struct sr_error err = {0};
	assert_true(store_exec(f->s,
			       "UPDATE candidates SET region_pseudonym = 'p1', "
			       "birth_month = '1970-05', external_id = 'C-9' "
			       "WHERE id = 120",
			       &err));
	int64_t id = -1;
	assert_true(match_store_candidate_in_org(f->s, 11, 13, 120, &id, &err));
	assert_int_equal(id, 0);
	assert_true(
	    match_store_candidate_copy(f->s, 11, 150, 13, 120, "now", &err));
	struct store_stmt *st = store_prepare(
	    f->s,
	    "SELECT org_id, target_groups, postcode, education_level, "
	    "hours_per_week_centi, birth_month, on_benefit_since IS NULL, "
	    "region_pseudonym, status, source_org_id, source_candidate_id, "
	    "external_id IS NULL FROM candidates WHERE id = 150",
	    &err);
	assert_non_null(st);
	assert_int_equal(store_step(st, &err), STORE_ROW);
	assert_int_equal(store_column_int(st, 0), 11);
	assert_string_equal(store_column_text(st, 1), "[\"ww\"]");
	assert_string_equal(store_column_text(st, 2), "2512 CE");
	assert_string_equal(store_column_text(st, 3), "wo");
	assert_int_equal(store_column_int(st, 4), 3600);
	assert_string_equal(store_column_text(st, 5), "1970-05");
	assert_int_equal(store_column_int(st, 6), 1); /* null stays null */
	assert_string_equal(store_column_text(st, 7), "p1");
	assert_string_equal(store_column_text(st, 8), "active");
	assert_int_equal(store_column_int(st, 9), 13);
	assert_int_equal(store_column_int(st, 10), 120);
	assert_int_equal(store_column_int(st, 11), 1); /* not C's own id */
	store_finalize(st);
	/* Found again by its link; once only. */
	assert_true(match_store_candidate_in_org(f->s, 11, 13, 120, &id, &err));
	assert_int_equal(id, 150);
	assert_false(
	    match_store_candidate_copy(f->s, 11, 151, 13, 120, "now", &err));
	/* A record the organisation had of the person already, by the region
	 * pseudonym; none without a pseudonym or link. */
	assert_true(store_exec(f->s,
			       "UPDATE candidates SET region_pseudonym = 'p2' "
			       "WHERE id IN (101, 130)",
			       &err));
	assert_true(match_store_candidate_in_org(f->s, 11, 14, 130, &id, &err));
	assert_int_equal(id, 101);
	assert_true(match_store_candidate_in_org(f->s, 11, 12, 110, &id, &err));
	assert_int_equal(id, 0);
	err = (struct sr_error){0};
	assert_false(
	    match_store_candidate_copy(f->s, 11, 152, 13, 999, "now", &err));
	assert_int_equal(err.status, 404);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
		converts_rows_into_the_engines_facts, setup, teardown),
	    cmocka_unit_test(maps_education_levels),
	    cmocka_unit_test_setup_teardown(
		loads_only_the_scopes_active_candidates_and_open_openings,
		setup, teardown),
	    cmocka_unit_test_setup_teardown(
		counts_open_proposals_and_subtracts_hires, setup, teardown),
	    cmocka_unit_test_setup_teardown(forms_one_domain_per_sharing_region,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(
		shows_proposals_to_their_organisations_and_supplier, setup,
		teardown),
	    cmocka_unit_test_setup_teardown(
		reads_the_scopes_state_now_and_the_pairs_since_an_id, setup,
		teardown),
	    cmocka_unit_test_setup_teardown(
		copies_a_shared_candidate_and_finds_the_copy_again, setup,
		teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
