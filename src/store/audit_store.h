/*
 * audit_store.h: the append-only, hash-chained audit log.
 *
 * Each entry's hash is SHA-256 over the previous entry's hash (of the same
 * organisation) and the entry's own fields, so that a changed or removed
 * entry breaks the chain (`sroi audit verify`).
 */
#ifndef SROI_STORE_AUDIT_STORE_H
#define SROI_STORE_AUDIT_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

bool store_audit_append(struct store *s, int64_t org_id, const char *at,
			const char *actor, const char *action,
			const char *entity, int64_t entity_id,
			const char *changes, struct sr_error *err);

/* Checks every organisation's chain; *bad_id gets the first entry that
 * does not match (0 when the log is intact). */
bool store_audit_verify(struct store *s, int64_t *checked, int64_t *bad_id,
			struct sr_error *err);

#endif
