/* test_dimacs.c: the DIMACS min-cost flow reader and writer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the headers above */
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match/dimacs.h"

static bool parse(const char *text, struct mcf_problem *p, struct sr_error *err)
{
	return dimacs_parse(text, strlen(text), p, err);
}

static void reads_a_problem_with_comments_blanks_and_crlf(void **state)
{
	(void)state;
	const char *text = "c a comment\r\n"
			   "\n"
			   "p min 4 3\r\n"
			   "c between\n"
			   "n 1 5\n"
			   "n\t4\t-5\n"
			   "   \n"
			   "a 1 2 0 5 3\n"
			   "a 2 3 1 4 -2\r\n"
			   "a 3 4 0 9 0"; /* no final newline */
	struct mcf_problem p;
	struct sr_error err = {0};
	assert_true(parse(text, &p, &err));
	assert_int_equal(p.node_count, 4);
	assert_int_equal(p.arc_count, 3);
	assert_int_equal(p.supply[0], 5);
	assert_int_equal(p.supply[1], 0); /* no n line: supply 0 */
	assert_int_equal(p.supply[3], -5);
	assert_int_equal(p.from[1], 1);
	assert_int_equal(p.to[1], 2);
	assert_non_null(p.low);
	assert_int_equal(p.low[0], 0); /* earlier arcs keep low 0 */
	assert_int_equal(p.low[1], 1);
	assert_int_equal(p.cap[2], 9);
	assert_int_equal(p.cost[1], -2);
	dimacs_problem_free(&p);
}

static void leaves_low_null_when_every_lower_bound_is_zero(void **state)
{
	(void)state;
	struct mcf_problem p;
	struct sr_error err = {0};
	assert_true(parse("p min 2 1\nn 1 1\nn 2 -1\na 1 2 0 1 7\n", &p, &err));
	assert_null(p.low);
	dimacs_problem_free(&p);
	assert_true(parse("p min 0 0\n", &p, &err));
	assert_int_equal(p.node_count, 0);
	dimacs_problem_free(&p);
}

/* Each malformed input and the start of the message it must give. */
static const struct {
	const char *text;
	const char *message;
} malformed[] = {
    {"", "line 1: no p line"},
    {"c only a comment\n", "line 1: no p line"},
    {"p min 2 0\nx 1 2\n", "line 2: unknown line kind 'x'"},
    {"p min 2 0\nnode 1 2\n", "line 2: unknown line kind 'node'"},
    {"n 1 2\np min 2 0\n", "line 1: 'n' line before the p line"},
    {"c\na 1 2 0 1 1\n", "line 2: 'a' line before the p line"},
    {"p min 1 0\np min 1 0\n", "line 2: second p line (the first is line 1)"},
    {"p max 2 0\n", "line 1: problem type 'max' is not 'min'"},
    {"p min -1 0\n", "line 1: node count must not be negative"},
    {"p min 2 -3\n", "line 1: arc count must not be negative"},
    {"p min 2 1000\na 1 2 0 1 1\n", "line 1: 1000 arcs declared"},
    {"p min 2 0 7\n", "line 1: unexpected '7' after the arc count"},
    {"p min 2\n", "line 1: expected arc count, found end of line"},
    {"p min 2 0\nn 3 1\n", "line 2: node id 3 out of range 1..2"},
    {"p min 2 0\nn 0 1\n", "line 2: node id 0 out of range 1..2"},
    {"p min 2 0\nn 1 1\nn 1 -1\nn 2 0\n", "line 3: second n line for node 1"},
    {"p min 2 1\na 1 3 0 1 1\n", "line 2: head node 3 out of range 1..2"},
    {"p min 2 1\na -1 2 0 1 1\n", "line 2: tail node -1 out of range 1..2"},
    {"p min 2 1\na 1 2 5 3 1\n", "line 2: lower bound 5 exceeds capacity 3"},
    {"p min 2 1\na 1 2 -1 3 1\n", "line 2: lower bound -1 is negative"},
    {"p min 2 1\na 1 2 0 -3 1\n", "line 2: capacity -3 is negative"},
    {"p min 2 1\na 1 2 0 1x 1\n", "line 2: expected capacity, found '1x'"},
    {"p min 2 1\na 1 2 0 1\n", "line 2: expected cost, found end of line"},
    {"p min 2 1\na 1 2 0 1 1 extra\n",
     "line 2: unexpected 'extra' after the cost"},
    {"p min 2 1\na 1 2 0 99999999999999999999 1\n",
     "line 2: capacity out of range"},
    {"p min 2 1\na 1 2 0 1 3000000000\n",
     "line 2: cost 3000000000 out of range"},
    {"p min 2 0\nn 1 9223372036854775807\n",
     "line 2: supply 9223372036854775807 out of range"},
    {"c\np min 2 0\nn 1 5\n", "line 2: supplies sum to 5, not 0"},
    {"p min 2 2\na 1 2 0 1 1\n", "line 1: 2 arcs declared but 1 given"},
    {"p min 2 1\na 1 2 0 1 1\na 2 1 0 1 1\n",
     "line 3: more arcs than the 1 declared on line 1"},
};

static void names_the_line_of_every_malformed_input(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof malformed / sizeof *malformed; i++) {
		struct mcf_problem p;
		struct sr_error err = {0};
		bool ok = parse(malformed[i].text, &p, &err);
		if (ok || strncmp(err.message, malformed[i].message,
				  strlen(malformed[i].message)) != 0)
			fail_msg("input %zu %s: got \"%s\", want \"%s...\"", i,
				 ok ? "accepted" : "refused",
				 ok ? "" : err.message, malformed[i].message);
		assert_int_equal(err.status, 400);
		assert_string_equal(err.code, "invalid_dimacs");
		assert_null(p.supply); /* nothing left to free */
	}
}

static void writes_what_it_reads(void **state)
{
	(void)state;
	int64_t supply[3] = {4, 0, -4};
	int32_t from[3] = {0, 1, 0}, to[3] = {1, 2, 2};
	int64_t low[3] = {0, 2, 0}, cap[3] = {3, 5, 9},
		cost[3] = {-7, 2147483647, 0};
	struct mcf_problem p = {3, 3, supply, from, to, low, cap, cost};
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	assert_non_null(out);
	assert_true(dimacs_write(out, &p, "round 7\nsecond line"));
	fclose(out);
	assert_non_null(strstr(text, "c round 7\nc second line\np min 3 3\n"));
	assert_null(strstr(text, "n 2 ")); /* zero supply: no n line */
	struct mcf_problem q;
	struct sr_error err = {0};
	assert_true(dimacs_parse(text, len, &q, &err));
	assert_int_equal(q.node_count, 3);
	assert_int_equal(q.arc_count, 3);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(q.supply[i], supply[i]);
		assert_int_equal(q.from[i], from[i]);
		assert_int_equal(q.to[i], to[i]);
		assert_int_equal(q.low[i], low[i]);
		assert_int_equal(q.cap[i], cap[i]);
		assert_int_equal(q.cost[i], cost[i]);
	}
	dimacs_problem_free(&q);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(reads_a_problem_with_comments_blanks_and_crlf),
	    cmocka_unit_test(leaves_low_null_when_every_lower_bound_is_zero),
	    cmocka_unit_test(names_the_line_of_every_malformed_input),
	    cmocka_unit_test(writes_what_it_reads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
