/*
 * demo_logins.h: the demo database's accounts, one per role, with the
 * passwords docs/security.md publishes. `sroi demo` creates them,
 * `make run` prints them, and `sroi serve` warns loudly when they still
 * work on a server that other machines reach.
 */
#ifndef SROI_CLI_DEMO_LOGINS_H
#define SROI_CLI_DEMO_LOGINS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "base/error.h"

struct store;

struct demo_login {
	const char *role;
	const char *email;
	const char *password;
};

extern const struct demo_login demo_logins[]; /* ends with role NULL */

/* Creates the six demo accounts in org_id, the supplier account bound to
 * supplier_id (a supplier of that organisation), inside the caller's
 * transaction. */
bool demo_logins_create(struct store *s, int64_t org_id, int64_t supplier_id,
			struct sr_error *err);

/* Prints the logins as a small table. */
void demo_logins_print(FILE *out);

/* How many demo accounts still accept their published password (enabled
 * only). */
bool demo_logins_active(struct store *s, int *count, struct sr_error *err);

#endif
