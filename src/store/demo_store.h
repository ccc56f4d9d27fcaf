/*
 * demo_store.h: writes a generated demo (domain/demo_data.h) into a store.
 *
 * One range of ids is reserved for all records by bumping id_counter once;
 * record i of the demo's sequence gets the range's first id + i. Rows go in
 * through prepared INSERTs, one transaction per batch, and every
 * organisation gets one audit entry saying that the demo was generated.
 */
#ifndef SROI_STORE_DEMO_STORE_H
#define SROI_STORE_DEMO_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/demo_data.h"
#include "store/store.h"

/* True in *empty when the database holds no organisation (and so no
 * record at all: every record belongs to one); *organisations gets the
 * count. */
bool demo_store_is_empty(struct store *s, bool *empty, int64_t *organisations,
			 struct sr_error *err);

/* Writes every record of d. now ("YYYY-MM-DDTHH:MM:SSZ") stamps
 * created_at, updated_at and the audit entries. progress may be NULL.
 * *first_id gets the first id of the reserved range (may be NULL). */
bool demo_store_write(struct store *s, const struct demo_data *d,
		      const char *now, const struct demo_progress *progress,
		      int64_t *first_id, struct sr_error *err);

#endif
