/* test_solve_cli.c: `sroi solve` as a user runs it: files and standard input
 * in, the solution, exit status and messages out. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the headers above */
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

struct run {
	int status;
	char out[4096];
	char err[4096];
};

static void slurp(int fd, char *buf, size_t size)
{
	lseek(fd, 0, SEEK_SET);
	ssize_t n = read(fd, buf, size - 1);
	buf[n > 0 ? n : 0] = 0;
	close(fd);
}

static int temp_file(const char *content)
{
	char path[] = "/tmp/test_solve_cli_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	unlink(path);
	if (content)
		assert_int_equal(write(fd, content, strlen(content)),
				 (ssize_t)strlen(content));
	lseek(fd, 0, SEEK_SET);
	return fd;
}

/* Runs `sroi solve ARGS...` with `input` on standard input. */
static void solve(struct run *r, const char *input, int argc, char **argv)
{
	int in = temp_file(input), out = temp_file(NULL), err = temp_file(NULL);
	int saved[3] = {dup(0), dup(1), dup(2)};
	fflush(stdout);
	fflush(stderr);
	dup2(in, 0);
	dup2(out, 1);
	dup2(err, 2);
	r->status = cmd_solve(argc, argv);
	fflush(stdout);
	fflush(stderr);
	for (int i = 0; i < 3; i++) {
		dup2(saved[i], i);
		close(saved[i]);
	}
	close(in);
	slurp(out, r->out, sizeof r->out);
	slurp(err, r->err, sizeof r->err);
}

static const char problem[] = "c two paths\n"
			      "p min 3 3\n"
			      "n 1 2\n"
			      "n 3 -2\n"
			      "a 1 2 0 2 1\n"
			      "a 2 3 0 2 1\n"
			      "a 1 3 0 1 5\n";

static void prints_cost_and_positive_flows_in_input_order(void **state)
{
	(void)state;
	struct run r;
	solve(&r, problem, 1, (char *[]){"solve", NULL});
	assert_int_equal(r.status, CLI_OK);
	assert_string_equal(r.out, "s 4\nf 1 2 2\nf 2 3 2\n");
	assert_string_equal(r.err, "");
}

static void reads_a_named_file_and_checks_on_request(void **state)
{
	(void)state;
	char path[] = "/tmp/test_solve_cli_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, problem, strlen(problem)),
			 (ssize_t)strlen(problem));
	close(fd);
	struct run r;
	solve(&r, "", 3, (char *[]){"solve", "--check", path, NULL});
	unlink(path);
	assert_int_equal(r.status, CLI_OK);
	assert_string_equal(r.out, "s 4\nf 1 2 2\nf 2 3 2\n");
}

static void says_infeasible_and_exits_1(void **state)
{
	(void)state;
	struct run r;
	solve(&r, "p min 2 1\nn 1 3\nn 2 -3\na 1 2 0 2 1\n", 2,
	      (char *[]){"solve", "-", NULL});
	assert_int_equal(r.status, CLI_FAIL);
	assert_string_equal(r.out, "s infeasible\n");
}

static void names_the_bad_line_and_exits_2(void **state)
{
	(void)state;
	struct run r;
	solve(&r, "p min 2 1\na 1 2 3 2 1\n", 1, (char *[]){"solve", NULL});
	assert_int_equal(r.status, CLI_USAGE);
	assert_string_equal(r.out, "");
	assert_non_null(
	    strstr(r.err, "line 2: lower bound 3 exceeds capacity 2"));
}

static void answers_help_and_refuses_unknown_options(void **state)
{
	(void)state;
	struct run r;
	solve(&r, "", 2, (char *[]){"solve", "--help", NULL});
	assert_int_equal(r.status, CLI_OK);
	assert_non_null(strstr(r.out, "usage: sroi solve"));
	solve(&r, "", 2, (char *[]){"solve", "--fast", NULL});
	assert_int_equal(r.status, CLI_USAGE);
	solve(&r, "", 2, (char *[]){"solve", "/nonexistent/x.min", NULL});
	assert_int_equal(r.status, CLI_FAIL);
	assert_non_null(strstr(r.err, "/nonexistent/x.min"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(prints_cost_and_positive_flows_in_input_order),
	    cmocka_unit_test(reads_a_named_file_and_checks_on_request),
	    cmocka_unit_test(says_infeasible_and_exits_1),
	    cmocka_unit_test(names_the_bad_line_and_exits_2),
	    cmocka_unit_test(answers_help_and_refuses_unknown_options),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
