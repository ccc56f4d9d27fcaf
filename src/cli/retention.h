/*
 * retention.h: the retention rule of the policy (identity_retention_months)
 * applied in one transaction: by `sroi gdpr retention` and by `sroi serve`
 * every hour (store_gdpr_retention does the work).
 */
#ifndef SROI_CLI_RETENTION_H
#define SROI_CLI_RETENTION_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"

struct store;

/* as_of "YYYY-MM-DD", or NULL for today; *erased counts the identities
 * erased. */
bool gdpr_run_retention(struct store *s, const char *as_of, const char *actor,
			int64_t *erased, struct sr_error *err);

#endif
