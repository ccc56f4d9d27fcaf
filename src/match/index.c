/* index.c: the grid index over occupation keys and cells (see index.h). */
#include "match/index.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "match/geo.h"

#define CELL_E6 100000 /* 0.1 degree */
#define ROWS (180000000 / CELL_E6 + 1)
#define COLS (360000000 / CELL_E6 + 1)

static int32_t cell_row(int32_t lat_e6)
{
	return (int32_t)(((int64_t)lat_e6 + 90000000) / CELL_E6);
}

static int32_t cell_col(int32_t lon_e6)
{
	return (int32_t)(((int64_t)lon_e6 + 180000000) / CELL_E6);
}

static uint64_t pack(int32_t key, int32_t row, int32_t col)
{
	return (uint64_t)key << 32 | (uint64_t)row << 16 | (uint64_t)col;
}

/* Sorts by (cell, item) with a stable radix sort: the packed cell uses at
 * most 46 bits, and entries come in item order. */
static bool sort_entries(uint64_t *cell, uint32_t *item, size_t n)
{
	uint64_t *cell2 = malloc(n * sizeof *cell2 + 1);
	uint32_t *item2 = malloc(n * sizeof *item2 + 1);
	if (!cell2 || !item2) {
		free(cell2);
		free(item2);
		return false;
	}
	uint64_t *src_c = cell, *dst_c = cell2;
	uint32_t *src_i = item, *dst_i = item2;
	for (int shift = 0; shift < 48; shift += 16) {
		static const size_t buckets = 1u << 16;
		size_t *count = calloc(buckets, sizeof *count);
		if (!count) {
			free(cell2);
			free(item2);
			return false;
		}
		for (size_t i = 0; i < n; i++)
			count[(src_c[i] >> shift) & 0xffff]++;
		size_t sum = 0;
		for (size_t b = 0; b < buckets; b++) {
			size_t c = count[b];
			count[b] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++) {
			size_t at = count[(src_c[i] >> shift) & 0xffff]++;
			dst_c[at] = src_c[i];
			dst_i[at] = src_i[i];
		}
		free(count);
		uint64_t *tc = src_c;
		src_c = dst_c;
		dst_c = tc;
		uint32_t *ti = src_i;
		src_i = dst_i;
		dst_i = ti;
	}
	/* Three passes: the result is in the scratch arrays. */
	if (n)
		memcpy(cell, src_c, n * sizeof *cell);
	if (n)
		memcpy(item, src_i, n * sizeof *item);
	free(cell2);
	free(item2);
	return true;
}

bool match_grid_build(struct match_grid *g,
		      const struct match_grid_entry *entries, size_t count)
{
	memset(g, 0, sizeof *g);
	g->cell = malloc(count * sizeof *g->cell + 1);
	g->item = malloc(count * sizeof *g->item + 1);
	if (!g->cell || !g->item)
		goto fail;
	for (size_t i = 0; i < count; i++) {
		g->cell[i] = pack(entries[i].key, cell_row(entries[i].lat_e6),
				  cell_col(entries[i].lon_e6));
		g->item[i] = entries[i].item;
	}
	g->count = count;
	if (!sort_entries(g->cell, g->item, count))
		goto fail;
	size_t keys = 0;
	for (size_t i = 0; i < count; i++)
		if (i == 0 || g->cell[i] >> 32 != g->cell[i - 1] >> 32)
			keys++;
	g->keys = malloc(keys * sizeof *g->keys + 1);
	if (!g->keys)
		goto fail;
	for (size_t i = 0; i < count; i++)
		if (i == 0 || g->cell[i] >> 32 != g->cell[i - 1] >> 32)
			g->keys[g->key_count++] = (int32_t)(g->cell[i] >> 32);
	return true;
fail:
	match_grid_free(g);
	return false;
}

void match_grid_free(struct match_grid *g)
{
	free(g->cell);
	free(g->item);
	free(g->keys);
	memset(g, 0, sizeof *g);
}

/* First position whose packed cell is >= x. */
static size_t lower_bound(const uint64_t *a, size_t n, uint64_t x)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (a[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void match_grid_query(const struct match_grid *g, int32_t key, int32_t lat_e6,
		      int32_t lon_e6, int32_t radius_m,
		      struct match_grid_iter *it)
{
	memset(it, 0, sizeof *it);
	it->grid = g;
	it->key_bits = (uint64_t)key << 32;
	/* The angular radius in degrees, with a margin for rounding. */
	double r_deg = (double)radius_m / GEO_EARTH_RADIUS_M * (180 / M_PI);
	r_deg = r_deg * 1.001 + 1e-4;
	double lat = lat_e6 / 1e6, lon = lon_e6 / 1e6;
	double lat0 = lat - r_deg, lat1 = lat + r_deg;
	if (lat0 < -90)
		lat0 = -90;
	if (lat1 > 90)
		lat1 = 90;
	it->row = cell_row((int32_t)floor(lat0 * 1e6));
	it->row_end = cell_row((int32_t)ceil(lat1 * 1e6));
	/* A point within angular radius r of latitude phi differs in longitude
	 * by at most r / cos(|phi| + r); near a pole or across the date line,
	 * take every column. */
	double far = fabs(lat) + r_deg;
	double d_lon = far < 89.9 ? r_deg / cos(far * (M_PI / 180)) : 360;
	if (d_lon >= 180 || lon - d_lon < -180 || lon + d_lon > 180) {
		it->col0 = 0;
		it->col1 = COLS - 1;
	} else {
		it->col0 = cell_col((int32_t)floor((lon - d_lon) * 1e6));
		it->col1 = cell_col((int32_t)ceil((lon + d_lon) * 1e6));
	}
	if (it->row_end > ROWS - 1)
		it->row_end = ROWS - 1;
}

bool match_grid_next_run(struct match_grid_iter *it, const uint32_t **items,
			 size_t *count)
{
	const struct match_grid *g = it->grid;
	while (it->row <= it->row_end) {
		uint64_t lo =
		    it->key_bits | (uint64_t)it->row << 16 | (uint64_t)it->col0;
		uint64_t hi =
		    it->key_bits | (uint64_t)it->row << 16 | (uint64_t)it->col1;
		it->row++;
		size_t pos = lower_bound(g->cell, g->count, lo);
		size_t end = pos;
		while (end < g->count && g->cell[end] <= hi)
			end++;
		if (end > pos) {
			*items = g->item + pos;
			*count = end - pos;
			return true;
		}
	}
	return false;
}
