/*
 * org_store.h: organisations as the operator's command line sees them
 * (`sroi org add|list`, `sroi user --org CODE`). The API reaches the same
 * table through its generic resource code.
 */
#ifndef SROI_STORE_ORG_STORE_H
#define SROI_STORE_ORG_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* The id of the organisation with this code; *found false when none. */
bool store_org_by_code(struct store *s, const char *code, int64_t *org_id,
		       bool *found, struct sr_error *err);

/* The code of the region org_id belongs to, in out ("" when none). */
bool store_org_region(struct store *s, int64_t org_id, char *out, size_t size,
		      struct sr_error *err);

/* Adds an organisation (org_id = id) and its first audit entry; the caller
 * has checked the values. 409 when the code is taken, 422 when region names
 * no region. */
bool store_org_create(struct store *s, const char *code, const char *name,
		      const char *kind, const char *region, const char *now,
		      const char *actor, int64_t *id, struct sr_error *err);

/* Every organisation as JSON objects {id, code, name, kind, region}. */
bool store_org_list(struct store *s, json_t **items, struct sr_error *err);

#endif
