/* mcf.c: placeholder until the solver lands. */
#include "match/mcf.h"

#include <stdlib.h>

bool mcf_solve(const struct mcf_problem *p, struct mcf_result *result,
	       struct sr_error *err)
{
	(void)p;
	result->flow = NULL;
	return sr_fail(err, 500, "not_implemented", "", "solver not built yet");
}

void mcf_result_free(struct mcf_result *result)
{
	free(result->flow);
	result->flow = NULL;
}
