/*
 * fuzz_calc.c: calculator scenarios (the "scenario" of POST /api/v1/calc)
 * through calc_run under a fixed shipped policy, Haaglanden's table
 * (policies/haaglanden-zhc-2023.json, embedded in the binary).
 *
 * Oracles: the sanitizers (UBSan catches overflow of the int64_t cents);
 * an answer must serialise; a refusal must say where (err.field).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/embedded.h"
#include "domain/calc.h"
#include "domain/policy.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct policy *policy;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const struct embedded_file *f =
	    embedded_find("policies/haaglanden-zhc-2023.json");
	struct policy_problems problems = {0};
	if (!f || !policy_parse_text((const char *)f->data, f->size, &policy,
				     &problems)) {
		fprintf(stderr,
			"fuzz_calc: the shipped policy does not load\n");
		abort();
	}
	policy_problems_free(&problems);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!policy)
		LLVMFuzzerInitialize(NULL, NULL);
	/* As api_calc reads it: the body's "scenario" is any JSON value. */
	json_t *scenario =
	    json_loadb((const char *)data, size,
		       JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, NULL);
	if (!scenario)
		return 0;
	json_t *answer = NULL;
	struct sr_error err = {0};
	if (calc_run(policy, scenario, &answer, &err)) {
		char *text = json_dumps(answer, CALC_JSON_FLAGS);
		if (!text) {
			fprintf(stderr, "fuzz_calc: the answer does not "
					"serialise\n");
			abort();
		}
		free(text);
		json_decref(answer);
	} else if (err.status == 0 || !err.code[0]) {
		fprintf(stderr, "fuzz_calc: refused without an error\n");
		abort();
	}
	json_decref(scenario);
	return 0;
}
