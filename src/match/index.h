/*
 * index.h: the spatial and occupational index behind shortlists and rounds,
 * so that finding the plausible partners of a candidate or an opening costs
 * in proportion to the partners nearby in a related occupation, not to the
 * size of the pool.
 *
 * Each entry is an item (an index into the caller's array) filed under an
 * occupation key (match_occupation_key: the ISCO prefix at the policy's
 * min_occupation_fit, 0 for "any") and a grid cell of 0.1 x 0.1 degrees
 * (about 11 x 7 km in the Netherlands). Entries are sorted by (key, cell
 * row, cell column, item), so one cell row of one key within a column
 * range is one contiguous run found by binary search. A query returns every
 * item of a key whose cell can hold a point within the radius; callers
 * still check the exact distance.
 */
#ifndef SROI_MATCH_INDEX_H
#define SROI_MATCH_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct match_grid_entry {
	int32_t key; /* occupation key, 0..10000 */
	int32_t lat_e6, lon_e6;
	uint32_t item;
};

struct match_grid {
	uint64_t *cell; /* packed (key, row, column), sorted */
	uint32_t *item; /* parallel to cell */
	size_t count;
	int32_t *keys; /* the distinct keys present, ascending */
	size_t key_count;
};

/* Builds the index from entries (which it does not keep). False only when
 * memory runs out. */
bool match_grid_build(struct match_grid *g,
		      const struct match_grid_entry *entries, size_t count);
void match_grid_free(struct match_grid *g);

/* Walks the items of one key near a point: set up with match_grid_query,
 * then call match_grid_next_run until it returns false; each call gives a
 * run of items (one row of cells) to loop over. */
struct match_grid_iter {
	const struct match_grid *grid;
	uint64_t key_bits;
	int32_t row, row_end; /* rows still to visit: row .. row_end */
	int32_t col0, col1;   /* column range of every row */
};

void match_grid_query(const struct match_grid *g, int32_t key, int32_t lat_e6,
		      int32_t lon_e6, int32_t radius_m,
		      struct match_grid_iter *it);
bool match_grid_next_run(struct match_grid_iter *it, const uint32_t **items,
			 size_t *count);

#endif
