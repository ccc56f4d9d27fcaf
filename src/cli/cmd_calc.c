/*
 * cmd_calc.c: `sroi calc --policy FILE SCENARIO.json` prints what a scenario
 * yields under a policy: exactly the JSON answer of POST /api/v1/calc (see
 * src/domain/calc.h). Refused activities are part of the answer (exit 0); an
 * invalid policy or scenario prints {"error":{"code","message","field"}} on
 * standard error and exits 2.
 */
#include "cli/cli.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli/options.h"
#include "domain/calc.h"

static void print_error(const struct sr_error *err)
{
	json_t *e = json_pack("{s:{s:s,s:s,s:s}}", "error", "code", err->code,
			      "message", err->message, "field", err->field);
	if (e) {
		json_dumpf(e, stderr, JSON_INDENT(2));
		fputc('\n', stderr);
		json_decref(e);
	} else {
		fprintf(stderr, "sroi calc: %s\n", err->message);
	}
}

/* Reads a JSON file ("-" is standard input); on failure fills err with the
 * code for what went wrong and returns NULL. */
static json_t *load(const char *path, const char *what, struct sr_error *err)
{
	json_error_t jerr;
	json_t *doc = strcmp(path, "-") == 0
			  ? json_loadf(stdin, JSON_REJECT_DUPLICATES, &jerr)
			  : json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (doc)
		return doc;
	if (json_error_code(&jerr) == json_error_cannot_open_file)
		sr_fail(err, 400, "cannot_read", "$", "cannot read the %s %s",
			what, path);
	else
		sr_fail(err, 400, "invalid_json", "$",
			"the %s %s is not valid JSON at line %d, column %d: %s",
			what, path, jerr.line, jerr.column, jerr.text);
	return NULL;
}

int cmd_calc(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		printf("usage: sroi calc --policy FILE SCENARIO.json\n\n"
		       "Computes the obligation of the scenario's contract and "
		       "the value of each\nactivity under the policy in FILE "
		       "(whatever its effective date) and prints\nthe answer "
		       "as JSON, exactly as POST /api/v1/calc gives it. "
		       "SCENARIO may be -\nfor standard input. Exit 0 also "
		       "when activities are refused; 2 with an\nerror JSON on "
		       "standard error for an invalid policy or scenario.\n");
		return CLI_OK;
	}
	const char *policy_path = NULL, *scenario_path = NULL;
	const struct cli_option options[] = {{"--policy", &policy_path, NULL},
					     {NULL, NULL, NULL}};
	int count = 0;
	if (!cli_parse(argc, argv, options, &scenario_path, 1, &count))
		return CLI_USAGE;
	if (!policy_path || count != 1) {
		fprintf(stderr,
			"usage: sroi calc --policy FILE SCENARIO.json\n");
		return CLI_USAGE;
	}

	struct sr_error err = {0};
	json_t *doc = load(policy_path, "policy", &err);
	if (!doc) {
		print_error(&err);
		return CLI_USAGE;
	}
	struct policy *policy = NULL;
	struct policy_problems problems = {0};
	bool ok = policy_parse(doc, &policy, &problems);
	json_decref(doc);
	if (!ok) {
		policy_problems_to_error(&problems, &err);
		policy_problems_free(&problems);
		print_error(&err);
		return err.status >= 500 ? CLI_FAIL : CLI_USAGE;
	}
	json_t *scenario = load(scenario_path, "scenario", &err);
	json_t *answer = NULL;
	int status = CLI_OK;
	if (!scenario || !calc_run(policy, scenario, &answer, &err)) {
		print_error(&err);
		status = err.status >= 500 ? CLI_FAIL : CLI_USAGE;
	} else {
		json_dumpf(answer, stdout, JSON_INDENT(2) | CALC_JSON_FLAGS);
		fputc('\n', stdout);
	}
	json_decref(answer);
	json_decref(scenario);
	policy_free(policy);
	return status;
}
