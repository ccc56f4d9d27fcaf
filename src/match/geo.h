/*
 * geo.h: great-circle distances between postcode-area centroids.
 *
 * Distances are not money, so doubles are used inside, but every result
 * leaves as whole metres, and a point is always turned into its unit vector
 * by the same function, so the same inputs give the same metres wherever
 * they are computed (constraint check, index, shortlist, round).
 */
#ifndef SROI_MATCH_GEO_H
#define SROI_MATCH_GEO_H

#include <stdint.h>

#define GEO_EARTH_RADIUS_M 6371008.8 /* mean Earth radius (IUGG) */

/* A point on the unit sphere. */
struct geo_point {
	double x, y, z;
};

/* Degrees to micro-degrees, rounded to the nearest. */
int32_t geo_e6_from_degrees(double degrees);

struct geo_point geo_point_from_e6(int32_t lat_e6, int32_t lon_e6);

/* Great-circle distance in whole metres (rounded), via the chord, which
 * stays accurate for short distances. */
int32_t geo_distance_m(const struct geo_point *a, const struct geo_point *b);

/* The squared chord between two points: cheap, and growing with the
 * distance, so it can rule pairs out before geo_distance_m is needed. */
double geo_chord2(const struct geo_point *a, const struct geo_point *b);

/* A squared chord beyond which geo_distance_m is certainly above metres
 * (it allows for the rounding to whole metres). */
double geo_chord2_beyond(int32_t metres);

/* The same from micro-degrees. */
int32_t geo_distance_e6(int32_t lat1_e6, int32_t lon1_e6, int32_t lat2_e6,
			int32_t lon2_e6);

#endif
