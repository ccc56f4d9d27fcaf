/* cmd_report.c: `sroi report contract|portfolio`: the API's figures in the
 * terminal (the same handlers run in-process). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "cli/api_call.h"
#include "cli/cli.h"
#include "cli/options.h"

static const char usage[] =
	"usage: sroi report contract --db PATH ID [--as-of DATE] [--json|--csv]\n"
	"       sroi report portfolio --db PATH --org ORG [--from DATE] [--to DATE]\n"
	"                             [--supplier ID] [--as-of DATE] [--json|--csv]\n"
	"                             [--pdf FILE]\n";

static int print(struct response *res, bool json_out, const char *cmd)
{
	if (res->status >= 400) {
		json_t *e = json_object_get(res->json, "error");
		fprintf(stderr, "sroi report %s: %s\n", cmd,
			json_string_value(json_object_get(e, "message")));
		return res->status == 404 || res->status == 400 ? CLI_USAGE : CLI_FAIL;
	}
	if (res->body) {
		fwrite(res->body, 1, res->body_len, stdout);
	} else if (json_out) {
		json_dumpf(res->json, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
		fputs("\n", stdout);
	} else {
		cli_print_report(stdout, res->json, 0);
	}
	return CLI_OK;
}

/* The portfolio for the council as PDF (report_pdf.c). */
static int write_pdf(struct store *s, const char *org, struct response *res,
		     const char *path)
{
	struct sr_error err = {0};
	char name[200];
	snprintf(name, sizeof name, "%s", org);
	struct store_stmt *st = store_prepare(s, "SELECT name FROM organisations WHERE code = ?",
					      &err);
	if (st) {
		store_bind_text(st, 1, org);
		if (store_step(st, &err) == STORE_ROW)
			snprintf(name, sizeof name, "%s", store_column_text(st, 0));
		store_finalize(st);
	}
	char created[32];
	api_now(created);
	unsigned char *data = NULL;
	size_t len = 0;
	if (!report_portfolio_pdf(res->json, name, created, &data, &len, &err)) {
		fprintf(stderr, "sroi report: %s\n", err.message);
		return CLI_FAIL;
	}
	FILE *f = fopen(path, "wb");
	bool ok = f && fwrite(data, 1, len, f) == len;
	if (f && fclose(f) != 0)
		ok = false;
	free(data);
	if (!ok) {
		fprintf(stderr, "sroi report: cannot write %s\n", path);
		return CLI_FAIL;
	}
	return CLI_OK;
}

int cmd_report(int argc, char **argv)
{
	if (argc < 2 || cli_wants_help(argc, argv)) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	const char *db = NULL, *org = NULL, *as_of = NULL, *from = NULL, *to = NULL,
		   *supplier = NULL, *pdf = NULL;
	bool json_out = false, csv = false;
	const struct cli_option opts[] = {
		{"--db", &db, NULL},	 {"--org", &org, NULL},
		{"--as-of", &as_of, NULL}, {"--from", &from, NULL},
		{"--to", &to, NULL},	 {"--supplier", &supplier, NULL},
		{"--json", NULL, &json_out}, {"--csv", NULL, &csv},
		{"--pdf", &pdf, NULL},
		{NULL, NULL, NULL}};
	const char *pos[1] = {NULL};
	int npos = 0;
	const char *what = argv[1];
	if (!cli_parse(argc - 1, argv + 1, opts, pos, 1, &npos))
		return CLI_USAGE;
	if (!db) {
		fprintf(stderr, "sroi report: --db PATH is required\n");
		return CLI_USAGE;
	}
	const char *query[16];
	int q = 0;
#define ADD(name, value)                                                       \
	do {                                                                   \
		if (value) {                                                   \
			query[q++] = name;                                     \
			query[q++] = value;                                    \
		}                                                              \
	} while (0)
	ADD("as_of", as_of);
	ADD("from", from);
	ADD("to", to);
	ADD("supplier_id", supplier);
	ADD("format", csv ? "csv" : NULL);
	query[q] = NULL;
	struct response res;
	int rc;
	if (strcmp(what, "contract") == 0) {
		if (npos != 1) {
			fputs(usage, stderr);
			return CLI_USAGE;
		}
		struct store *s = cli_open_store("report", db, false, true);
		if (!s)
			return CLI_FAIL;
		const char *params[] = {pos[0], NULL};
		cli_api_call(s, org, api_contracts_summary, params, query, &res);
		rc = print(&res, json_out, what);
		cli_response_free(&res);
		store_close(s);
		return rc;
	}
	if (strcmp(what, "portfolio") == 0) {
		if (!org || npos) {
			fputs(usage, stderr);
			return CLI_USAGE;
		}
		struct store *s = cli_open_store("report", db, false, true);
		if (!s)
			return CLI_FAIL;
		cli_api_call(s, org, api_reports_portfolio, NULL, query, &res);
		rc = pdf && res.status < 400 ? write_pdf(s, org, &res, pdf)
					     : print(&res, json_out, what);
		cli_response_free(&res);
		store_close(s);
		return rc;
	}
	fprintf(stderr, "sroi report: unknown report '%s'\n%s", what, usage);
	return CLI_USAGE;
}
