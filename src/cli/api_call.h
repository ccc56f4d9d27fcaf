/*
 * api_call.h: runs an API handler in-process for a CLI command, so that
 * `sroi report ...` prints exactly the figures the API answers.
 */
#ifndef SROI_CLI_API_CALL_H
#define SROI_CLI_API_CALL_H

#include <jansson.h>
#include <stdbool.h>

#include "http/request.h"
#include "http/routes.h"
#include "store/store.h"

/* Calls handler with the given path parameters and query (name=value
 * pairs, NULL-terminated), acting for organisation org_code (NULL: all
 * organisations), in a read transaction. Returns the response; *res is the
 * caller's to free with cli_response_free. */
bool cli_api_call(struct store *s, const char *org_code, route_handler handler,
		  const char *const *params, const char *const *query,
		  struct response *res);
void cli_response_free(struct response *res);

/* Prints a report object as readable text: one "label: value" line per
 * figure, amounts in cents as euros, nested objects indented. */
void cli_print_report(FILE *out, json_t *report, int depth);

#endif
