/*
 * cmd_solve.c: `sroi solve [FILE]`, the min-cost flow solver as a standalone
 * tool: DIMACS in (a file, mapped into memory, or standard input), "s COST"
 * and one "f FROM TO FLOW" line per arc with positive flow out, in the order
 * of the input's arcs. The proposal round uses the same solver, so any DIMACS
 * solver can check a round's optimality on the file `sroi match --dimacs`
 * writes.
 */
#include "cli/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "match/dimacs.h"
#include "match/mcf.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: sroi solve [--check] [FILE]\n\n"
		"Solves the minimum-cost flow problem in FILE (DIMACS: 'p min "
		"NODES ARCS',\n"
		"'n ID SUPPLY', 'a FROM TO LOW CAP COST', 'c' comments; "
		"standard input\n"
		"when FILE is missing or '-') and prints 's COST' and one 'f "
		"FROM TO FLOW'\n"
		"line per arc with positive flow, in input order.\n\n"
		"  --check   verify the answer (feasibility, cost, "
		"complementary slackness)\n\n"
		"Exit status: 0 solved, 1 infeasible ('s infeasible') or "
		"failure,\n"
		"2 malformed input ('line N: ...' on standard error).\n");
}

/* The input text: a mapping of the file when possible, else read in full. */
struct input {
	char *text;
	size_t len;
	bool mapped;
};

static bool input_read_fd(int fd, struct input *in)
{
	size_t cap = 1 << 20;
	in->text = malloc(cap);
	in->len = 0;
	in->mapped = false;
	if (!in->text)
		return false;
	for (;;) {
		if (in->len == cap) {
			char *bigger = realloc(in->text, cap *= 2);
			if (!bigger)
				return false;
			in->text = bigger;
		}
		ssize_t got = read(fd, in->text + in->len, cap - in->len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return false;
		if (got == 0)
			return true;
		in->len += (size_t)got;
	}
}

static bool input_open(const char *path, struct input *in)
{
	memset(in, 0, sizeof *in);
	if (!path || strcmp(path, "-") == 0)
		return input_read_fd(STDIN_FILENO, in);
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return false;
	struct stat st;
	bool ok;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
		void *map = mmap(NULL, (size_t)st.st_size, PROT_READ,
				 MAP_PRIVATE | MAP_POPULATE, fd, 0);
		ok = map != MAP_FAILED;
		if (ok) {
			in->text = map;
			in->len = (size_t)st.st_size;
			in->mapped = true;
		}
	} else {
		ok = input_read_fd(fd, in);
	}
	int saved = errno;
	close(fd);
	errno = saved;
	return ok;
}

static void input_close(struct input *in)
{
	if (in->mapped)
		munmap(in->text, in->len);
	else
		free(in->text);
	in->text = NULL;
}

/* Output by hand into one buffer: printf per line would dominate for
 * hundreds of thousands of lines. */
struct out {
	char buf[1 << 16];
	size_t len;
	bool ok;
};

static void out_flush(struct out *o)
{
	if (o->len && fwrite(o->buf, 1, o->len, stdout) != o->len)
		o->ok = false;
	o->len = 0;
}

static void out_int(struct out *o, int64_t v)
{
	char tmp[24];
	int n = 0;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		o->buf[o->len++] = '-';
	while (n)
		o->buf[o->len++] = tmp[--n];
}

static bool write_solution(const struct mcf_problem *p,
			   const struct mcf_result *r)
{
	struct out *o = malloc(sizeof *o);
	if (!o)
		return false;
	o->len = 0;
	o->ok = true;
	o->buf[o->len++] = 's';
	o->buf[o->len++] = ' ';
	out_int(o, r->cost);
	o->buf[o->len++] = '\n';
	for (int64_t a = 0; a < p->arc_count; a++) {
		if (r->flow[a] <= 0)
			continue;
		if (o->len + 80 > sizeof o->buf)
			out_flush(o);
		o->buf[o->len++] = 'f';
		o->buf[o->len++] = ' ';
		out_int(o, (int64_t)p->from[a] + 1);
		o->buf[o->len++] = ' ';
		out_int(o, (int64_t)p->to[a] + 1);
		o->buf[o->len++] = ' ';
		out_int(o, r->flow[a]);
		o->buf[o->len++] = '\n';
	}
	out_flush(o);
	bool ok = o->ok && fflush(stdout) == 0;
	free(o);
	return ok;
}

int cmd_solve(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		usage(stdout);
		return CLI_OK;
	}
	const char *path = NULL;
	bool check = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--check") == 0) {
			check = true;
		} else if (argv[i][0] == '-' && argv[i][1] != 0) {
			fprintf(stderr, "sroi solve: unknown option %s\n",
				argv[i]);
			usage(stderr);
			return CLI_USAGE;
		} else if (path) {
			fprintf(stderr, "sroi solve: one input file only\n");
			return CLI_USAGE;
		} else {
			path = argv[i];
		}
	}
	struct input in;
	if (!input_open(path, &in)) {
		fprintf(stderr, "sroi solve: %s: %s\n", path ? path : "stdin",
			strerror(errno));
		input_close(&in);
		return CLI_FAIL;
	}
	struct mcf_problem problem;
	struct sr_error err = {0};
	bool parsed = dimacs_parse(in.text, in.len, &problem, &err);
	input_close(&in);
	if (!parsed) {
		fprintf(stderr, "sroi solve: %s\n", err.message);
		return err.status == 400 ? CLI_USAGE : CLI_FAIL;
	}
	struct mcf_result result;
	if (!mcf_solve(&problem, &result, &err)) {
		fprintf(stderr, "sroi solve: %s\n", err.message);
		dimacs_problem_free(&problem);
		return err.status == 422 ? CLI_USAGE : CLI_FAIL;
	}
	int status = CLI_OK;
	if (result.status == MCF_INFEASIBLE) {
		printf("s infeasible\n");
		status = CLI_FAIL;
	} else if (check && !mcf_verify(&problem, &result, &err)) {
		fprintf(stderr, "sroi solve: check failed: %s\n", err.message);
		status = CLI_FAIL;
	} else if (!write_solution(&problem, &result)) {
		fprintf(stderr, "sroi solve: writing the solution: %s\n",
			strerror(errno));
		status = CLI_FAIL;
	}
	mcf_result_free(&result);
	dimacs_problem_free(&problem);
	return status;
}
