/*
 * gen_round.c: writes a deterministic proposal-round instance in DIMACS
 * min-cost flow form, for bench/solve/run.sh.
 *
 * The shape is the one `sroi match --dimacs` writes: candidates with supply 1,
 * arcs (capacity 1, cost 0-1000) from each candidate to up to 40 nearby
 * openings, one arc from each opening to the sink with capacity 3 x (1-5
 * positions), and one "unassigned" arc per candidate to the sink at a high
 * cost. Node ids: candidates 1..N, openings N+1..N+M, sink N+M+1.
 *
 * Two geographies:
 *   default  candidates and openings uniform in a unit square; cost = distance
 *            part (0-600) + a random "fit" part (0-400);
 *   --pc4    candidates and openings placed at the centroids of the Dutch
 *            postcode areas in FILE, weighted by inhabitants; arcs to the up to
 *            40 nearest openings within --radius km; cost from the
 *            great-circle distance (0-1000), so ties are common.
 *
 * Usage: gen_round [-n CANDIDATES] [-m OPENINGS] [-s SEED] [-u UNASSIGNED_COST]
 *                  [--pc4 FILE] [--radius KM] [-o OUT]
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ARCS 40

static uint64_t rng_state;

/* splitmix64: small, fast and the same everywhere. */
static uint64_t rng_next(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double rng_unit(void)
{
	return (double)(rng_next() >> 11) * (1.0 / 9007199254740992.0);
}

static uint32_t rng_below(uint32_t n)
{
	return (uint32_t)(((rng_next() >> 32) * (uint64_t)n) >> 32);
}

struct point {
	double x, y; /* km east and north of an origin (square: unit = 1) */
};

/* A uniform grid over the openings: cell (cx, cy) lists its openings. */
struct grid {
	double cell;
	double x0, y0;
	int w, h;
	int32_t *start; /* w*h+1 */
	int32_t *item;
};

static int grid_coord(double v, double v0, double cell, int limit)
{
	int c = (int)floor((v - v0) / cell);
	if (c < 0)
		c = 0;
	if (c >= limit)
		c = limit - 1;
	return c;
}

static void grid_build(struct grid *g, const struct point *pt, int32_t count,
		       double cell)
{
	double x0 = pt[0].x, y0 = pt[0].y, x1 = x0, y1 = y0;
	for (int32_t i = 1; i < count; i++) {
		x0 = fmin(x0, pt[i].x);
		x1 = fmax(x1, pt[i].x);
		y0 = fmin(y0, pt[i].y);
		y1 = fmax(y1, pt[i].y);
	}
	g->cell = cell;
	g->x0 = x0;
	g->y0 = y0;
	g->w = (int)((x1 - x0) / cell) + 1;
	g->h = (int)((y1 - y0) / cell) + 1;
	size_t cells = (size_t)g->w * (size_t)g->h;
	g->start = calloc(cells + 1, sizeof *g->start);
	g->item = malloc((size_t)count * sizeof *g->item);
	if (!g->start || !g->item) {
		fprintf(stderr, "gen_round: out of memory\n");
		exit(1);
	}
	for (int32_t i = 0; i < count; i++) {
		int cx = grid_coord(pt[i].x, x0, cell, g->w);
		int cy = grid_coord(pt[i].y, y0, cell, g->h);
		g->start[(size_t)cy * g->w + cx + 1]++;
	}
	for (size_t c = 0; c < cells; c++)
		g->start[c + 1] += g->start[c];
	int32_t *fill = malloc(cells * sizeof *fill);
	memcpy(fill, g->start, cells * sizeof *fill);
	for (int32_t i = 0; i < count; i++) {
		int cx = grid_coord(pt[i].x, x0, cell, g->w);
		int cy = grid_coord(pt[i].y, y0, cell, g->h);
		g->item[fill[(size_t)cy * g->w + cx]++] = i;
	}
	free(fill);
}

struct near {
	double dist;
	int32_t opening;
};

static bool near_before(const struct near *x, const struct near *y)
{
	return x->dist < y->dist ||
	       (x->dist == y->dist && x->opening < y->opening);
}

static void consider(const struct grid *g, const struct point *open,
		     struct point p, double radius, size_t c, struct near *out,
		     int *n)
{
	for (int32_t k = g->start[c]; k < g->start[c + 1]; k++) {
		int32_t o = g->item[k];
		double dx = open[o].x - p.x, dy = open[o].y - p.y;
		struct near x = {sqrt(dx * dx + dy * dy), o};
		if (x.dist > radius ||
		    (*n == MAX_ARCS && !near_before(&x, &out[*n - 1])))
			continue;
		int i = *n < MAX_ARCS ? (*n)++ : *n - 1;
		while (i > 0 && near_before(&x, &out[i - 1])) {
			out[i] = out[i - 1];
			i--;
		}
		out[i] = x;
	}
}

/* The up to MAX_ARCS openings within radius of p, nearest first (ties by
 * opening number): grid cells ring by ring around p's cell, until a ring
 * lies wholly beyond the radius or beyond the 40th nearest found. */
static int nearest(const struct grid *g, const struct point *open,
		   struct point p, double radius, struct near *out)
{
	int px = grid_coord(p.x, g->x0, g->cell, g->w);
	int py = grid_coord(p.y, g->y0, g->cell, g->h);
	int n = 0;
	for (int r = 0;; r++) {
		double closest = (r - 1) * g->cell;
		if (closest > radius ||
		    (n == MAX_ARCS && closest > out[n - 1].dist))
			break;
		if (px - r < 0 && py - r < 0 && px + r >= g->w &&
		    py + r >= g->h)
			break;
		for (int cy = py - r; cy <= py + r; cy++) {
			if (cy < 0 || cy >= g->h)
				continue;
			bool edge = cy == py - r || cy == py + r;
			for (int cx = px - r; cx <= px + r;
			     cx += edge ? 1 : 2 * r) {
				if (cx >= 0 && cx < g->w)
					consider(g, open, p, radius,
						 (size_t)cy * g->w + cx, out,
						 &n);
				if (r == 0)
					break;
			}
		}
	}
	return n;
}

/* Postcode areas as points in km (equirectangular around 52.1 N, which is
 * accurate to well under 1% over the Netherlands), with their inhabitants. */
struct pc4_set {
	struct point *pt;
	double *cum; /* cumulative inhabitants, for weighted sampling */
	int count;
};

static void pc4_load(const char *path, struct pc4_set *s)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "gen_round: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	char line[1024];
	int cap = 0;
	s->count = 0;
	s->pt = NULL;
	s->cum = NULL;
	double total = 0;
	const double lat0 = 52.1 * M_PI / 180.0, r_earth = 6371.0;
	if (!fgets(line, sizeof line, f)) {
		fprintf(stderr, "gen_round: %s is empty\n", path);
		exit(1);
	}
	while (fgets(line, sizeof line, f)) {
		/* pc4,plaats,gemeentecode,gemeentenaam,provincienaam,lat,lon,
		 * coord_source,inwoners_2020,oppervlakte_km2 */
		char *field[10];
		int nf = 0;
		char *p = line;
		field[nf++] = p;
		for (; *p && nf < 10; p++)
			if (*p == ',') {
				*p = 0;
				field[nf++] = p + 1;
			}
		if (nf < 9)
			continue;
		double lat = atof(field[5]), lon = atof(field[6]);
		double people = atof(field[8]);
		if (people <= 0)
			continue;
		if (s->count == cap) {
			cap = cap ? 2 * cap : 4096;
			s->pt = realloc(s->pt, cap * sizeof *s->pt);
			s->cum = realloc(s->cum, cap * sizeof *s->cum);
		}
		s->pt[s->count].x = lon * M_PI / 180.0 * cos(lat0) * r_earth;
		s->pt[s->count].y = lat * M_PI / 180.0 * r_earth;
		total += people;
		s->cum[s->count] = total;
		s->count++;
	}
	fclose(f);
	if (s->count == 0) {
		fprintf(stderr, "gen_round: no postcode areas in %s\n", path);
		exit(1);
	}
}

static struct point pc4_sample(const struct pc4_set *s)
{
	double r = rng_unit() * s->cum[s->count - 1];
	int lo = 0, hi = s->count - 1;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (s->cum[mid] > r)
			hi = mid;
		else
			lo = mid + 1;
	}
	return s->pt[lo];
}

/* Buffered decimal output: fprintf is too slow for 8 million lines. */
static char outbuf[1 << 20];
static size_t outlen;
static FILE *outfile;

static void out_flush(void)
{
	if (fwrite(outbuf, 1, outlen, outfile) != outlen) {
		fprintf(stderr, "gen_round: write failed\n");
		exit(1);
	}
	outlen = 0;
}

static void out_str(const char *s)
{
	size_t n = strlen(s);
	if (outlen + n > sizeof outbuf)
		out_flush();
	memcpy(outbuf + outlen, s, n);
	outlen += n;
}

static void out_int(int64_t v)
{
	char tmp[24];
	int n = 0;
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (outlen + 24 > sizeof outbuf)
		out_flush();
	if (v < 0)
		outbuf[outlen++] = '-';
	while (n)
		outbuf[outlen++] = tmp[--n];
}

static void out_line(char kind, int count, const int64_t *v)
{
	if (outlen + 2 + count * 22 > sizeof outbuf)
		out_flush();
	outbuf[outlen++] = kind;
	for (int i = 0; i < count; i++) {
		outbuf[outlen++] = ' ';
		out_int(v[i]);
	}
	outbuf[outlen++] = '\n';
}

static long parse_count(const char *s, const char *what)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end || v < 1 || v > 100000000) {
		fprintf(stderr, "gen_round: bad %s '%s'\n", what, s);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	long n = 50000, m = 5000, seed = 1, unassigned = 5000;
	const char *pc4_path = NULL, *out_path = NULL;
	double radius_km = 25.0;
	for (int i = 1; i < argc; i += 2) { /* OPTION VALUE pairs */
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			printf("usage: gen_round [-n CANDIDATES] [-m OPENINGS] "
			       "[-s SEED] [-u UNASSIGNED_COST]\n"
			       "                 [--pc4 CSV] [--radius KM] "
			       "[-o OUT]\n");
			return 0;
		}
		if (!v) {
			fprintf(stderr, "gen_round: %s needs a value\n", a);
			return 2;
		}
		if (strcmp(a, "-n") == 0)
			n = parse_count(v, "candidate count");
		else if (strcmp(a, "-m") == 0)
			m = parse_count(v, "opening count");
		else if (strcmp(a, "-s") == 0)
			seed = parse_count(v, "seed");
		else if (strcmp(a, "-u") == 0)
			unassigned = parse_count(v, "unassigned cost");
		else if (strcmp(a, "--pc4") == 0)
			pc4_path = v;
		else if (strcmp(a, "--radius") == 0)
			radius_km = atof(v);
		else if (strcmp(a, "-o") == 0)
			out_path = v;
		else {
			fprintf(stderr, "gen_round: unknown option %s\n", a);
			return 2;
		}
	}
	if (radius_km <= 0) {
		fprintf(stderr, "gen_round: radius must be positive\n");
		return 2;
	}
	rng_state = (uint64_t)seed * 0x2545f4914f6cdd1dULL;

	struct point *open = malloc(m * sizeof *open);
	struct point *cand = malloc(n * sizeof *cand);
	int64_t *open_cap = malloc(m * sizeof *open_cap);
	struct near *arcs = malloc((size_t)n * MAX_ARCS * sizeof *arcs);
	uint8_t *deg = malloc(n);
	if (!open || !cand || !open_cap || !arcs || !deg) {
		fprintf(stderr, "gen_round: out of memory\n");
		return 1;
	}
	double radius;
	struct pc4_set pc4 = {0};
	if (pc4_path) {
		pc4_load(pc4_path, &pc4);
		for (long j = 0; j < m; j++)
			open[j] = pc4_sample(&pc4);
		for (long i = 0; i < n; i++)
			cand[i] = pc4_sample(&pc4);
		radius = radius_km;
	} else {
		for (long j = 0; j < m; j++)
			open[j] = (struct point){rng_unit(), rng_unit()};
		for (long i = 0; i < n; i++)
			cand[i] = (struct point){rng_unit(), rng_unit()};
		/* about 50 openings in reach of a candidate in the middle */
		radius = sqrt(50.0 / (M_PI * (double)m));
	}
	for (long j = 0; j < m; j++)
		open_cap[j] = 3 * (1 + (int64_t)rng_below(5));

	struct grid g;
	grid_build(&g, open, (int32_t)m, radius / 8);
	int64_t arc_count = m;
	for (long i = 0; i < n; i++) {
		struct near *mine = arcs + (size_t)i * MAX_ARCS;
		deg[i] = (uint8_t)nearest(&g, open, cand[i], radius, mine);
		for (int k = 0; k < deg[i]; k++) {
			double part = mine[k].dist / radius;
			int64_t cost = pc4_path
					   ? (int64_t)lround(1000.0 * part)
					   : (int64_t)lround(600.0 * part) +
						 rng_below(401);
			mine[k].dist = (double)cost;
		}
		arc_count += deg[i] + 1;
	}

	outfile = stdout;
	if (out_path && !(outfile = fopen(out_path, "w"))) {
		fprintf(stderr, "gen_round: %s: %s\n", out_path,
			strerror(errno));
		return 1;
	}
	int64_t sink = n + m + 1;
	char head[256];
	snprintf(head, sizeof head,
		 "c proposal round: %ld candidates, %ld openings, seed %ld%s\n",
		 n, m, seed, pc4_path ? ", postcode areas" : "");
	out_str(head);
	out_str("p min ");
	out_int(sink);
	out_str(" ");
	out_int(arc_count);
	out_str("\n");
	for (long i = 0; i < n; i++)
		out_line('n', 2, (int64_t[]){i + 1, 1});
	out_line('n', 2, (int64_t[]){sink, -n});
	for (long i = 0; i < n; i++) {
		const struct near *mine = arcs + (size_t)i * MAX_ARCS;
		for (int k = 0; k < deg[i]; k++)
			out_line('a', 5,
				 (int64_t[]){i + 1, n + 1 + mine[k].opening, 0,
					     1, (int64_t)mine[k].dist});
		out_line('a', 5, (int64_t[]){i + 1, sink, 0, 1, unassigned});
	}
	for (long j = 0; j < m; j++)
		out_line('a', 5,
			 (int64_t[]){n + 1 + j, sink, 0, open_cap[j], 0});
	out_flush();
	if (outfile != stdout && fclose(outfile) != 0) {
		fprintf(stderr, "gen_round: write failed\n");
		return 1;
	}
	free(g.start);
	free(g.item);
	free(pc4.pt);
	free(pc4.cum);
	free(open);
	free(cand);
	free(open_cap);
	free(arcs);
	free(deg);
	return 0;
}
