/* test_records.c: record_insert_many writes exactly the rows that one
 * record_insert per row writes (NULLs, numbers and text, over several
 * sizes of statement), and a statement that fails writes none of its
 * rows; store_reserve_ids reserves a block of ids. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/records.h"
#include "store/store.h"

struct fixture {
	char dir[64];
	char path[96];
	struct store *s;
};

static const char *const orgs_sql =
    "INSERT INTO organisations (org_id, id, code, name, kind, region_code, "
    "share_candidates, created_at, updated_at) VALUES "
    "(10, 10, 'A', 'A', 'municipality', NULL, 0, 'now', 'now'),"
    "(11, 11, 'B', 'B', 'municipality', NULL, 0, 'now', 'now');";

static const char *const columns[] = {"external_id", "postcode",
				      "hours_per_week_centi", "birth_month"};
static const struct record_table candidates = {"candidates", columns, 4, false,
					       false};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/sroi-records-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof f->path, "%s/test.db", f->dir);
	struct sr_error err = {0};
	int from, to;
	if (!store_open(f->path, true, &f->s, &err) ||
	    !store_migrate(f->s, &from, &to, &err) ||
	    !store_exec(f->s, orgs_sql, &err)) {
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

#define ROWS 301 /* statements of 128, 128, 32, 8, 4 and 1 rows */

/* Row i's values: some NULL, some numbers, some text. */
static void row_values(int i, char key[16], struct record_value v[4])
{
	snprintf(key, 16, "K-%d", i);
	v[0] = (struct record_value){.kind = RV_TEXT, .s = key};
	v[1] = (struct record_value){.kind = RV_TEXT,
				     .s = i % 2 ? "2511 AB" : "1234 CD"};
	v[2] = (struct record_value){.kind = RV_INT, .i = i * 25};
	v[3] = i % 3 ? (struct record_value){.kind = RV_NULL}
		     : (struct record_value){.kind = RV_TEXT, .s = "1980-12"};
}

/* The stored rows of org, as text lines in id order. */
static char *dump(struct store *s, int64_t org)
{
	struct sr_error err = {0};
	struct store_stmt *st = store_prepare(
	    s,
	    "SELECT id, external_id, postcode, hours_per_week_centi, "
	    "COALESCE(birth_month, 'NULL'), target_groups, status, "
	    "created_at, updated_at FROM candidates WHERE org_id = ? "
	    "ORDER BY id",
	    &err);
	assert_non_null(st);
	store_bind_int(st, 1, org);
	size_t cap = 1 << 16, len = 0;
	char *out = calloc(1, cap);
	assert_non_null(out);
	while (store_step(st, &err) == STORE_ROW) {
		/* ids of org B are 1000 higher: compare them as A's */
		int64_t id = store_column_int(st, 0) - (org == 11 ? 1000 : 0);
		char line[256];
		int n =
		    snprintf(line, sizeof line,
			     "%lld|%s|%s|%lld|%s|%s|%s|%s|%s\n", (long long)id,
			     store_column_text(st, 1), store_column_text(st, 2),
			     (long long)store_column_int(st, 3),
			     store_column_text(st, 4), store_column_text(st, 5),
			     store_column_text(st, 6), store_column_text(st, 7),
			     store_column_text(st, 8));
		if (len + (size_t)n + 1 > cap) {
			cap *= 2;
			out = realloc(out, cap);
			assert_non_null(out);
		}
		memcpy(out + len, line, (size_t)n + 1);
		len += (size_t)n;
	}
	store_finalize(st);
	return out;
}

static void writes_the_rows_that_one_insert_per_row_writes(void **state)
{
	struct fixture *f = *state;
	struct sr_error err = {0};
	static struct record_value values[ROWS * 4];
	static char keys[ROWS][16];
	int64_t ids[ROWS];
	assert_true(store_begin(f->s, &err));
	for (int i = 0; i < ROWS; i++) {
		row_values(i, keys[i], &values[i * 4]);
		ids[i] = 100 + i;
		assert_true(record_insert(f->s, &candidates, 11, 1100 + i,
					  &values[i * 4], "then", &err));
	}
	assert_true(record_insert_many(f->s, &candidates, 10, ids, values, ROWS,
				       "then", &err));
	assert_true(store_commit(f->s, &err));
	char *many = dump(f->s, 10), *one = dump(f->s, 11);
	assert_string_equal(many, one);
	assert_non_null(strstr(many,
			       "\n400|K-300|1234 CD|7500|1980-12|[]|active|"
			       "then|then\n"));
	free(many);
	free(one);
}

static int64_t count_of_org(struct store *s, int64_t org)
{
	struct sr_error err = {0};
	struct store_stmt *st = store_prepare(
	    s, "SELECT COUNT(*) FROM candidates WHERE org_id = ?", &err);
	assert_non_null(st);
	store_bind_int(st, 1, org);
	assert_int_equal(store_step(st, &err), STORE_ROW);
	int64_t n = store_column_int(st, 0);
	store_finalize(st);
	return n;
}

static void a_failing_statement_writes_none_of_its_rows(void **state)
{
	struct fixture *f = *state;
	struct sr_error err = {0};
	struct record_value values[3 * 4];
	char keys[3][16];
	for (int i = 0; i < 3; i++)
		row_values(i, keys[i], &values[i * 4]);
	int64_t taken[1] = {7};
	assert_true(store_begin(f->s, &err));
	assert_true(record_insert_many(f->s, &candidates, 10, taken,
				       &values[2 * 4], 1, "then", &err));
	assert_true(store_commit(f->s, &err));
	/* three rows: a statement of two, then one of one. The conflict in
	 * the first: none of its rows, and the third is not tried. */
	int64_t first[3] = {5, 7, 9};
	assert_true(store_begin(f->s, &err));
	assert_false(record_insert_many(f->s, &candidates, 10, first, values, 3,
					"then", &err));
	assert_int_equal(err.status, 409);
	assert_int_equal(count_of_org(f->s, 10), 1);
	store_rollback(f->s);
	/* the conflict in the second: the first statement's rows stay, for
	 * the caller's transaction to undo */
	int64_t second[3] = {5, 6, 7};
	memset(&err, 0, sizeof err);
	assert_true(store_begin(f->s, &err));
	assert_false(record_insert_many(f->s, &candidates, 10, second, values,
					3, "then", &err));
	assert_int_equal(err.status, 409);
	assert_int_equal(count_of_org(f->s, 10), 3);
	store_rollback(f->s);
	assert_int_equal(count_of_org(f->s, 10), 1);
}

static void no_rows_is_no_statement(void **state)
{
	struct fixture *f = *state;
	struct sr_error err = {0};
	assert_true(store_begin(f->s, &err));
	assert_true(record_insert_many(f->s, &candidates, 10, NULL, NULL, 0,
				       "then", &err));
	store_rollback(f->s);
	assert_int_equal(err.status, 0);
}

/* store_reserve_ids hands out a block that no later id falls into. */
static void reserved_ids_are_a_block_of_their_own(void **state)
{
	struct fixture *f = *state;
	struct sr_error err = {0};
	int64_t first = -1, next = 0, none = -1;
	assert_true(store_begin(f->s, &err));
	assert_true(store_reserve_ids(f->s, 1024, &first, &err));
	assert_true(store_next_id(f->s, &next, &err));
	assert_true(store_reserve_ids(f->s, 0, &none, &err));
	assert_true(store_commit(f->s, &err));
	assert_true(first > 0);
	assert_int_equal(next, first + 1024);
	assert_int_equal(none, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
		writes_the_rows_that_one_insert_per_row_writes, setup,
		teardown),
	    cmocka_unit_test_setup_teardown(
		a_failing_statement_writes_none_of_its_rows, setup, teardown),
	    cmocka_unit_test_setup_teardown(no_rows_is_no_statement, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(
		reserved_ids_are_a_block_of_their_own, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
