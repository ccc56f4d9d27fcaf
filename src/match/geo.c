/* geo.c: great-circle distance (see geo.h). */
#include "match/geo.h"

#include <math.h>

int32_t geo_e6_from_degrees(double degrees)
{
	return (int32_t)lround(degrees * 1e6);
}

struct geo_point geo_point_from_e6(int32_t lat_e6, int32_t lon_e6)
{
	double lat = (double)lat_e6 * (M_PI / 180e6);
	double lon = (double)lon_e6 * (M_PI / 180e6);
	double c = cos(lat);
	struct geo_point p = {c * cos(lon), c * sin(lon), sin(lat)};
	return p;
}

int32_t geo_distance_m(const struct geo_point *a, const struct geo_point *b)
{
	double half_chord = sqrt(geo_chord2(a, b)) / 2;
	if (half_chord > 1)
		half_chord = 1;
	return (int32_t)lround(2 * asin(half_chord) * GEO_EARTH_RADIUS_M);
}

double geo_chord2(const struct geo_point *a, const struct geo_point *b)
{
	double dx = a->x - b->x, dy = a->y - b->y, dz = a->z - b->z;
	return dx * dx + dy * dy + dz * dz;
}

double geo_chord2_beyond(int32_t metres)
{
	/* Distances up to metres + 0.5 round to at most metres; a small
	 * relative margin covers the floating-point error of both sides. */
	double angle = ((double)metres + 0.5) / GEO_EARTH_RADIUS_M;
	if (angle >= M_PI)
		return 4.0 * (1 + 1e-9);
	double chord = 2 * sin(angle / 2);
	return chord * chord * (1 + 1e-9) + 1e-15;
}

int32_t geo_distance_e6(int32_t lat1_e6, int32_t lon1_e6, int32_t lat2_e6,
			int32_t lon2_e6)
{
	struct geo_point a = geo_point_from_e6(lat1_e6, lon1_e6);
	struct geo_point b = geo_point_from_e6(lat2_e6, lon2_e6);
	return geo_distance_m(&a, &b);
}
