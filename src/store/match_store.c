/* match_store.c: see match_store.h. */
#include "store/match_store.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/refdata.h"
#include "domain/target_groups.h"
#include "match/occupation.h"

static bool oom(struct sr_error *err)
{
	return sr_fail(err, 503, "out_of_memory", "", "out of memory");
}

/* Steps st to its end; false (with err) on a database error. */
static bool run_done(struct store_stmt *st, struct sr_error *err)
{
	enum store_step_result r = store_step(st, err);
	store_finalize(st);
	return r == STORE_DONE;
}

/* ---- organisations and scopes ------------------------------------------ */

bool match_store_org(struct store *s, int64_t org_id, struct match_org *out,
		     bool *found, struct sr_error *err)
{
	memset(out, 0, sizeof *out);
	*found = false;
	struct store_stmt *st = store_prepare(
	    s,
	    "SELECT org_id, code, kind, COALESCE(region_code, ''), "
	    "share_candidates FROM organisations WHERE org_id = ?",
	    err);
	if (!st)
		return false;
	store_bind_int(st, 1, org_id);
	enum store_step_result r = store_step(st, err);
	if (r == STORE_ROW) {
		*found = true;
		out->org_id = store_column_int(st, 0);
		snprintf(out->code, sizeof out->code, "%s",
			 store_column_text(st, 1));
		snprintf(out->kind, sizeof out->kind, "%s",
			 store_column_text(st, 2));
		snprintf(out->region_code, sizeof out->region_code, "%s",
			 store_column_text(st, 3));
		out->share_candidates = store_column_int(st, 4) != 0;
	}
	store_finalize(st);
	return r != STORE_ERROR;
}

void match_scope_region(const struct match_org *org, char out[32])
{
	if (strcmp(org->kind, "region") == 0)
		snprintf(out, 32, "%s", org->code);
	else
		snprintf(out, 32, "%s", org->region_code);
}

static bool count_candidates(struct store *s, const struct match_scope *sc,
			     int64_t *count, struct sr_error *err);

static int domain_by_size(const void *a, const void *b)
{
	const struct match_domain *x = a, *y = b;
	if (x->candidates != y->candidates)
		return x->candidates > y->candidates ? -1 : 1;
	return strcmp(x->label, y->label);
}

bool match_store_domains(struct store *s, struct match_domain **out,
			 size_t *count, struct sr_error *err)
{
	*out = NULL;
	*count = 0;
	/* Sharing members grouped by region (with the region's own
	 * organisation, when there is one), then everyone else alone. */
	struct store_stmt *st = store_prepare(
	    s,
	    "SELECT COALESCE(r.org_id, MIN(m.org_id)), m.region_code "
	    "FROM organisations m LEFT JOIN organisations r ON r.code = "
	    "m.region_code WHERE m.share_candidates = 1 AND m.region_code IS "
	    "NOT NULL GROUP BY m.region_code, r.org_id "
	    "UNION ALL SELECT o.org_id, '' FROM organisations o WHERE NOT "
	    "(o.share_candidates = 1 AND o.region_code IS NOT NULL) AND NOT "
	    "EXISTS (SELECT 1 FROM organisations m WHERE m.region_code = "
	    "o.code AND m.share_candidates = 1) ORDER BY 2, 1",
	    err);
	if (!st)
		return false;
	size_t cap = 0;
	enum store_step_result r;
	bool ok = true;
	while (ok && (r = store_step(st, err)) == STORE_ROW) {
		if (*count == cap) {
			cap = cap ? cap * 2 : 32;
			struct match_domain *n = realloc(*out, cap * sizeof *n);
			if (!n) {
				ok = oom(err);
				break;
			}
			*out = n;
		}
		struct match_domain *d = &(*out)[(*count)++];
		memset(d, 0, sizeof *d);
		d->run_org_id = store_column_int(st, 0);
		snprintf(d->region_code, sizeof d->region_code, "%s",
			 store_column_text(st, 1));
	}
	store_finalize(st);
	if (ok && r == STORE_ERROR)
		ok = false;
	/* Labels (the region's code, or the organisation's) and sizes. */
	for (size_t i = 0; ok && i < *count; i++) {
		struct match_domain *d = &(*out)[i];
		struct match_scope scope = {.org_id = d->run_org_id,
					    .region_code = d->region_code};
		ok = count_candidates(s, &scope, &d->candidates, err);
		if (d->region_code[0]) {
			snprintf(d->label, sizeof d->label, "%s",
				 d->region_code);
			continue;
		}
		struct match_org org;
		bool found;
		ok = ok && match_store_org(s, d->run_org_id, &org, &found, err);
		snprintf(d->label, sizeof d->label, "%s", org.code);
	}
	if (ok)
		qsort(*out, *count, sizeof **out, domain_by_size);
	if (!ok) {
		free(*out);
		*out = NULL;
		*count = 0;
	}
	return ok;
}

/* The scope's condition on an organisation column (a static name), and
 * its binds. Three fixed texts, so that each can use the index on org_id
 * and the statement cache. */
struct scope_sql {
	char text[320];
	int binds; /* 0: none; 1: org_id; 3: org_id, region, region */
};

static void scope_condition(const struct match_scope *sc, const char *column,
			    struct scope_sql *out)
{
	if (sc->all) {
		snprintf(out->text, sizeof out->text, "1 = 1");
		out->binds = 0;
	} else if (!sc->region_code || !sc->region_code[0]) {
		snprintf(out->text, sizeof out->text, "%s = ?", column);
		out->binds = 1;
	} else {
		snprintf(out->text, sizeof out->text,
			 "%s IN (SELECT so.org_id FROM organisations so WHERE "
			 "so.org_id = ? OR so.code = ? OR (so.region_code = ? "
			 "AND so.share_candidates = 1))",
			 column);
		out->binds = 3;
	}
}

static int bind_scope(struct store_stmt *st, int idx,
		      const struct match_scope *sc, const struct scope_sql *q)
{
	if (q->binds >= 1)
		store_bind_int(st, idx++, sc->org_id);
	if (q->binds == 3) {
		store_bind_text(st, idx++, sc->region_code);
		store_bind_text(st, idx++, sc->region_code);
	}
	return idx;
}

static bool count_candidates(struct store *s, const struct match_scope *sc,
			     int64_t *count, struct sr_error *err)
{
	struct scope_sql q;
	scope_condition(sc, "c.org_id", &q);
	char sql[512];
	snprintf(sql, sizeof sql,
		 "SELECT COUNT(*) FROM candidates c WHERE c.status = 'active' "
		 "AND %s",
		 q.text);
	struct store_stmt *st = store_prepare(s, sql, err);
	if (!st)
		return false;
	bind_scope(st, 1, sc, &q);
	enum store_step_result r = store_step(st, err);
	*count = r == STORE_ROW ? store_column_int(st, 0) : 0;
	store_finalize(st);
	return r != STORE_ERROR;
}

bool match_store_in_scope(struct store *s, const struct match_scope *scope,
			  int64_t org_id, bool *in, struct sr_error *err)
{
	*in = false;
	struct scope_sql q;
	scope_condition(scope, "o.org_id", &q);
	char sql[512];
	snprintf(sql, sizeof sql,
		 "SELECT 1 FROM organisations o WHERE o.org_id = ? AND %s",
		 q.text);
	struct store_stmt *st = store_prepare(s, sql, err);
	if (!st)
		return false;
	store_bind_int(st, 1, org_id);
	bind_scope(st, 2, scope, &q);
	enum store_step_result r = store_step(st, err);
	*in = r == STORE_ROW;
	store_finalize(st);
	return r != STORE_ERROR;
}

/* ---- row conversion --------------------------------------------------------
 */

int match_store_education(const char *text)
{
	static const char *const levels[] = {"none", "vo",   "mbo1", "mbo2",
					     "mbo3", "mbo4", "hbo",  "wo"};
	static const int values[] = {0, 0, 1, 2, 3, 4, 5, 6};
	for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++)
		if (strcmp(text, levels[i]) == 0)
			return values[i];
	return -1;
}

/* The PC4 of a stored postcode ("2511 CV") and its centroid; false when the
 * reference data does not know the area. */
static bool postcode_position(const char *postcode, int16_t *pc4,
			      int32_t *lat_e6, int32_t *lon_e6)
{
	int n = 0;
	for (int i = 0; i < 4; i++) {
		if (postcode[i] < '0' || postcode[i] > '9')
			return false;
		n = n * 10 + (postcode[i] - '0');
	}
	const struct ref_pc4 *p = refdata_pc4(n);
	if (!p)
		return false;
	*pc4 = (int16_t)n;
	*lat_e6 = (int32_t)lround(p->lat * 1e6);
	*lon_e6 = (int32_t)lround(p->lon * 1e6);
	return true;
}

/* Calls item(ctx, string) for each string of a JSON array of strings, as
 * the API stores lists. Plain strings are read in place; anything with an
 * escape goes through jansson. */
static void each_string(const char *text, void (*item)(void *, const char *),
			void *ctx)
{
	if (strchr(text, '\\')) {
		json_t *a = json_loads(text, 0, NULL);
		size_t i;
		json_t *v;
		json_array_foreach(a, i, v)
		{
			if (json_is_string(v))
				item(ctx, json_string_value(v));
		}
		json_decref(a);
		return;
	}
	char buf[64];
	const char *p = text;
	while ((p = strchr(p, '"')) != NULL) {
		const char *end = strchr(p + 1, '"');
		if (!end)
			return;
		size_t n = (size_t)(end - p - 1);
		if (n < sizeof buf) {
			memcpy(buf, p + 1, n);
			buf[n] = '\0';
			item(ctx, buf);
		}
		p = end + 1;
	}
}

static void add_group(void *ctx, const char *name)
{
	uint32_t bit;
	if (target_group_bit(name, &bit))
		*(uint32_t *)ctx |= bit;
}

static void add_occupation(void *ctx, const char *code)
{
	struct match_candidate *c = ctx;
	if (c->occupation_count >= MATCH_MAX_OCCUPATIONS ||
	    strlen(code) >= MATCH_ESCO_LEN || !match_esco_valid(code))
		return;
	snprintf(c->occupations[c->occupation_count++], MATCH_ESCO_LEN, "%s",
		 code);
}

static sr_date date_or(const char *text, sr_date otherwise)
{
	sr_date d;
	return date_parse(text, &d) ? d : otherwise;
}

#define CANDIDATE_COLUMNS                                                      \
	"c.id, c.org_id, c.target_groups, c.postcode, c.occupations, "         \
	"COALESCE(c.education_level, ''), c.hours_per_week_centi, "            \
	"c.max_travel_km, COALESCE(c.available_from, ''), "                    \
	"COALESCE(c.on_benefit_since, ''), c.driving_licence, c.status "       \
	"FROM candidates c "

/* Fills c from a row of CANDIDATE_COLUMNS; false when its postcode area is
 * unknown. */
static bool candidate_from_row(struct store_stmt *st, struct match_candidate *c,
			       int64_t *org)
{
	memset(c, 0, sizeof *c);
	c->id = store_column_int(st, 0);
	*org = store_column_int(st, 1);
	each_string(store_column_text(st, 2), add_group, &c->target_groups);
	if (!postcode_position(store_column_text(st, 3), &c->pc4, &c->lat_e6,
			       &c->lon_e6))
		return false;
	each_string(store_column_text(st, 4), add_occupation, c);
	int edu = match_store_education(store_column_text(st, 5));
	c->education = (int8_t)(edu < 0 ? 0 : edu);
	int64_t hours = store_column_int(st, 6);
	c->hours = (int32_t)(hours < 0 ? 0 : hours > 16800 ? 16800 : hours);
	int64_t km = store_column_int(st, 7);
	c->max_travel_km = (int32_t)(km < 0 ? 0 : km > 1000 ? 1000 : km);
	/* Available at any time when no date is known. */
	c->available_from = date_or(store_column_text(st, 8), INT32_MIN);
	c->on_benefit_since = date_or(store_column_text(st, 9), MATCH_NO_DATE);
	c->driving_licence = store_column_int(st, 10) != 0;
	c->hired = strcmp(store_column_text(st, 11), "placed") == 0;
	return true;
}

#define OPENING_COLUMNS                                                        \
	"o.id, o.org_id, o.supplier_id, COALESCE(o.contract_id, 0), o.kind, "  \
	"o.esco_code, o.postcode, o.hours_per_week_centi, o.positions, "       \
	"o.start_date, COALESCE(o.max_travel_km, 0), o.requires_licence, "     \
	"COALESCE(o.min_education_level, ''), COALESCE(k.policy_id, 0), "      \
	"o.status FROM openings o LEFT JOIN contracts k ON k.org_id = "        \
	"o.org_id AND k.id = o.contract_id "

static bool opening_from_row(struct store_stmt *st, struct match_opening *o,
			     struct match_opening_info *info)
{
	memset(o, 0, sizeof *o);
	memset(info, 0, sizeof *info);
	o->id = store_column_int(st, 0);
	info->org_id = store_column_int(st, 1);
	info->supplier_id = store_column_int(st, 2);
	info->contract_id = store_column_int(st, 3);
	snprintf(info->kind, sizeof info->kind, "%s", store_column_text(st, 4));
	const char *esco = store_column_text(st, 5);
	if (strlen(esco) >= MATCH_ESCO_LEN || !match_esco_valid(esco))
		return false;
	snprintf(o->esco, sizeof o->esco, "%s", esco);
	if (!postcode_position(store_column_text(st, 6), &o->pc4, &o->lat_e6,
			       &o->lon_e6))
		return false;
	int64_t hours = store_column_int(st, 7);
	o->hours = (int32_t)(hours < 0 ? 0 : hours > 16800 ? 16800 : hours);
	info->hours = o->hours;
	o->positions = (int32_t)store_column_int(st, 8);
	o->start = date_or(store_column_text(st, 9), INT32_MAX);
	int64_t km = store_column_int(st, 10);
	o->max_travel_km = (int32_t)(km < 0 ? 0 : km > 1000 ? 1000 : km);
	o->requires_licence = store_column_int(st, 11) != 0;
	const char *edu = store_column_text(st, 12);
	o->min_education =
	    (int8_t)(edu[0] ? match_store_education(edu) : MATCH_NO_EDUCATION);
	if (o->min_education < 0)
		o->min_education = MATCH_NO_EDUCATION;
	info->policy_id = store_column_int(st, 13);
	snprintf(info->status, sizeof info->status, "%s",
		 store_column_text(st, 14));
	return true;
}

/* ---- growing the pool's arrays --------------------------------------------
 */

struct caps {
	uint32_t candidates, openings;
	size_t pairs;
};

static bool grow(void **p, size_t elem, size_t need, size_t *cap)
{
	if (need <= *cap)
		return true;
	size_t n = *cap ? *cap * 2 : 256;
	while (n < need)
		n *= 2;
	void *q = realloc(*p, n * elem);
	if (!q)
		return false;
	*p = q;
	*cap = n;
	return true;
}

static bool push_candidate(struct match_store_pool *pool, size_t *cap,
			   const struct match_candidate *c, int64_t org)
{
	size_t cap2 = *cap;
	if (!grow((void **)&pool->candidates, sizeof *pool->candidates,
		  pool->candidate_count + 1, cap))
		return false;
	if (!grow((void **)&pool->candidate_org, sizeof *pool->candidate_org,
		  pool->candidate_count + 1, &cap2))
		return false;
	pool->candidates[pool->candidate_count] = *c;
	pool->candidate_org[pool->candidate_count] = org;
	pool->candidate_count++;
	return true;
}

static bool push_opening(struct match_store_pool *pool, size_t *cap,
			 const struct match_opening *o,
			 const struct match_opening_info *info)
{
	size_t cap2 = *cap;
	if (!grow((void **)&pool->openings, sizeof *pool->openings,
		  pool->opening_count + 1, cap))
		return false;
	if (!grow((void **)&pool->opening_info, sizeof *pool->opening_info,
		  pool->opening_count + 1, &cap2))
		return false;
	pool->openings[pool->opening_count] = *o;
	pool->opening_info[pool->opening_count] = *info;
	pool->opening_count++;
	return true;
}

/* Capacities are not kept in the pool: a pool is loaded once, then only
 * single records are added, so the count is a good enough capacity for
 * those (grow doubles from there). */

static bool load_candidates(struct store *s, const char *where, int first_bind,
			    const struct match_scope *sc,
			    const struct scope_sql *q, int64_t id,
			    struct match_store_pool *pool, bool *found,
			    struct sr_error *err)
{
	char sql[1024];
	snprintf(sql, sizeof sql,
		 "SELECT " CANDIDATE_COLUMNS "WHERE %s ORDER BY c.id", where);
	struct store_stmt *st = store_prepare(s, sql, err);
	if (!st)
		return false;
	if (id)
		store_bind_int(st, first_bind, id);
	else
		bind_scope(st, first_bind, sc, q);
	size_t cap = pool->candidate_count;
	enum store_step_result r;
	bool ok = true;
	if (found)
		*found = false;
	while ((r = store_step(st, err)) == STORE_ROW) {
		struct match_candidate c;
		int64_t org;
		if (!candidate_from_row(st, &c, &org)) {
			pool->skipped_candidates++;
			continue;
		}
		if (!push_candidate(pool, &cap, &c, org)) {
			ok = oom(err);
			break;
		}
		if (found)
			*found = true;
	}
	store_finalize(st);
	return ok && r != STORE_ERROR;
}

static bool load_openings(struct store *s, const char *where,
			  const struct match_scope *sc,
			  const struct scope_sql *q, int64_t id,
			  struct match_store_pool *pool, bool *found,
			  struct sr_error *err)
{
	char sql[1024];
	snprintf(sql, sizeof sql,
		 "SELECT " OPENING_COLUMNS "WHERE %s ORDER BY o.id", where);
	struct store_stmt *st = store_prepare(s, sql, err);
	if (!st)
		return false;
	if (id)
		store_bind_int(st, 1, id);
	else
		bind_scope(st, 1, sc, q);
	size_t cap = pool->opening_count;
	enum store_step_result r;
	bool ok = true;
	if (found)
		*found = false;
	while ((r = store_step(st, err)) == STORE_ROW) {
		struct match_opening o;
		struct match_opening_info info;
		if (!opening_from_row(st, &o, &info)) {
			pool->skipped_openings++;
			continue;
		}
		if (!push_opening(pool, &cap, &o, &info)) {
			ok = oom(err);
			break;
		}
		if (found)
			*found = true;
	}
	store_finalize(st);
	return ok && r != STORE_ERROR;
}

/* Appends the (candidate, opening) pairs of a query's rows. */
static bool load_pairs(struct store *s, const char *sql,
		       const struct match_scope *sc, const struct scope_sql *q,
		       int64_t id, struct match_store_pool *pool,
		       struct sr_error *err)
{
	struct store_stmt *st = store_prepare(s, sql, err);
	if (!st)
		return false;
	if (id)
		store_bind_int(st, 1, id);
	else
		bind_scope(st, 1, sc, q);
	size_t cap = pool->pair_count;
	enum store_step_result r;
	bool ok = true;
	while ((r = store_step(st, err)) == STORE_ROW) {
		if (!grow((void **)&pool->pairs, sizeof *pool->pairs,
			  pool->pair_count + 1, &cap)) {
			ok = oom(err);
			break;
		}
		pool->pairs[pool->pair_count++] = (struct match_pair_id){
		    store_column_int(st, 0), store_column_int(st, 1)};
	}
	store_finalize(st);
	return ok && r != STORE_ERROR;
}

static struct match_candidate *find_candidate(struct match_store_pool *p,
					      int64_t id)
{
	uint32_t lo = 0, hi = p->candidate_count;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (p->candidates[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < p->candidate_count && p->candidates[lo].id == id)
		return &p->candidates[lo];
	/* Added single records may come after the sorted part. */
	for (uint32_t i = p->candidate_count; i-- > 0;)
		if (p->candidates[i].id == id)
			return &p->candidates[i];
	return NULL;
}

static int64_t find_opening(struct match_store_pool *p, int64_t id)
{
	uint32_t lo = 0, hi = p->opening_count;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (p->openings[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < p->opening_count && p->openings[lo].id == id)
		return lo;
	for (uint32_t i = p->opening_count; i-- > 0;)
		if (p->openings[i].id == id)
			return i;
	return -1;
}

/* Open proposals per candidate: rows (candidate_id, count). */
static bool load_candidate_counts(struct store *s, const char *sql,
				  const struct match_scope *sc,
				  const struct scope_sql *q, int64_t id,
				  struct match_store_pool *pool,
				  struct sr_error *err)
{
	struct store_stmt *st = store_prepare(s, sql, err);
	if (!st)
		return false;
	if (id)
		store_bind_int(st, 1, id);
	else
		bind_scope(st, 1, sc, q);
	enum store_step_result r;
	while ((r = store_step(st, err)) == STORE_ROW) {
		struct match_candidate *c =
		    find_candidate(pool, store_column_int(st, 0));
		if (c)
			c->open_proposals = (int32_t)store_column_int(st, 1);
	}
	store_finalize(st);
	return r != STORE_ERROR;
}

/* Open and hired proposals per opening: rows (opening_id, open, hired). */
static bool load_opening_counts(struct store *s, const char *sql,
				const struct match_scope *sc,
				const struct scope_sql *q, int64_t id,
				struct match_store_pool *pool,
				struct sr_error *err)
{
	struct store_stmt *st = store_prepare(s, sql, err);
	if (!st)
		return false;
	if (id)
		store_bind_int(st, 1, id);
	else
		bind_scope(st, 1, sc, q);
	enum store_step_result r;
	while ((r = store_step(st, err)) == STORE_ROW) {
		int64_t i = find_opening(pool, store_column_int(st, 0));
		if (i < 0)
			continue;
		int32_t hired = (int32_t)store_column_int(st, 2);
		pool->openings[i].open_proposals =
		    (int32_t)store_column_int(st, 1);
		pool->opening_info[i].hired = hired;
		int32_t left = pool->openings[i].positions - hired;
		pool->openings[i].positions = left > 0 ? left : 0;
	}
	store_finalize(st);
	return r != STORE_ERROR;
}

#define OPEN_STATUS "p.status IN ('proposed', 'introduced')"
#define OPENING_COUNTS                                                         \
	"SELECT p.opening_id, SUM(CASE WHEN " OPEN_STATUS " THEN 1 ELSE 0 "    \
	"END), SUM(CASE WHEN p.status = 'hired' THEN 1 ELSE 0 END) FROM "      \
	"proposals p WHERE "

bool match_store_load(struct store *s, const struct match_scope *scope,
		      unsigned what, struct match_store_pool *out,
		      struct sr_error *err)
{
	struct scope_sql q;
	char where[512], sql[1024];
	bool ok = true;
	if (what & MATCH_LOAD_CANDIDATES) {
		scope_condition(scope, "c.org_id", &q);
		snprintf(where, sizeof where, "c.status = 'active' AND %s",
			 q.text);
		ok = load_candidates(s, where, 1, scope, &q, 0, out, NULL, err);
		scope_condition(scope, "p.org_id", &q);
		snprintf(sql, sizeof sql,
			 "SELECT p.candidate_id, COUNT(*) FROM proposals p "
			 "WHERE " OPEN_STATUS " AND %s GROUP BY p.candidate_id",
			 q.text);
		ok =
		    ok && load_candidate_counts(s, sql, scope, &q, 0, out, err);
	}
	if (ok && (what & MATCH_LOAD_OPENINGS)) {
		scope_condition(scope, "o.org_id", &q);
		snprintf(where, sizeof where, "o.status = 'open' AND %s",
			 q.text);
		ok = load_openings(s, where, scope, &q, 0, out, NULL, err);
		scope_condition(scope, "p.opening_org_id", &q);
		snprintf(sql, sizeof sql,
			 OPENING_COUNTS "%s GROUP BY p.opening_id", q.text);
		ok = ok && load_opening_counts(s, sql, scope, &q, 0, out, err);
		snprintf(sql, sizeof sql,
			 "SELECT p.candidate_id, p.opening_id FROM proposals p "
			 "WHERE %s",
			 q.text);
		ok = ok && load_pairs(s, sql, scope, &q, 0, out, err);
	}
	return ok;
}

bool match_store_add_candidate(struct store *s, int64_t id,
			       struct match_store_pool *pool, bool *found,
			       struct sr_error *err)
{
	return load_candidates(s, "c.id = ?", 1, NULL, NULL, id, pool, found,
			       err) &&
	       (!*found ||
		(load_candidate_counts(
		     s,
		     "SELECT p.candidate_id, COUNT(*) FROM proposals p "
		     "WHERE " OPEN_STATUS " AND p.candidate_id = ? GROUP "
		     "BY p.candidate_id",
		     NULL, NULL, id, pool, err) &&
		 load_pairs(s,
			    "SELECT p.candidate_id, p.opening_id FROM "
			    "proposals p WHERE p.candidate_id = ?",
			    NULL, NULL, id, pool, err)));
}

bool match_store_add_opening(struct store *s, int64_t id,
			     struct match_store_pool *pool, bool *found,
			     struct sr_error *err)
{
	return load_openings(s, "o.id = ?", NULL, NULL, id, pool, found, err) &&
	       (!*found ||
		(load_opening_counts(
		     s, OPENING_COUNTS "p.opening_id = ? GROUP BY p.opening_id",
		     NULL, NULL, id, pool, err) &&
		 load_pairs(s,
			    "SELECT p.candidate_id, p.opening_id FROM "
			    "proposals p WHERE p.opening_id = ?",
			    NULL, NULL, id, pool, err)));
}

void match_store_pool_free(struct match_store_pool *pool)
{
	free(pool->candidates);
	free(pool->candidate_org);
	free(pool->openings);
	free(pool->opening_info);
	free(pool->pairs);
	memset(pool, 0, sizeof *pool);
}

/* ---- what a round read, as it is now ------------------------------------ */

bool match_store_next_id(struct store *s, int64_t *next, struct sr_error *err)
{
	bool found = false;
	*next = 0;
	if (!store_query_int(s, "SELECT next_id FROM id_counter", next, &found,
			     err))
		return false;
	return found ||
	       sr_fail(err, 500, "database_error", "", "id counter missing");
}

void match_store_now_free(struct match_store_now *now)
{
	free(now->inactive);
	free(now->candidate_open);
	free(now->openings);
	free(now->new_pairs);
	memset(now, 0, sizeof *now);
}

/* Prepares head + the scope's condition on column + tail, with the
 * scope's values bound from the first parameter. */
static struct store_stmt *prepare_scoped(struct store *s, const char *head,
					 const char *column, const char *tail,
					 const struct match_scope *scope,
					 struct sr_error *err)
{
	struct scope_sql q;
	scope_condition(scope, column, &q);
	char sql[1024];
	snprintf(sql, sizeof sql, "%s%s%s", head, q.text, tail);
	struct store_stmt *st = store_prepare(s, sql, err);
	if (st)
		bind_scope(st, 1, scope, &q);
	return st;
}

static struct match_opening_now *find_now(struct match_store_now *now,
					  int64_t id)
{
	size_t lo = 0, hi = now->opening_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (now->openings[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < now->opening_count && now->openings[lo].id == id
		   ? &now->openings[lo]
		   : NULL;
}

bool match_store_now_load(struct store *s, const struct match_scope *scope,
			  int64_t since_id, struct match_store_now *out,
			  struct sr_error *err)
{
	memset(out, 0, sizeof *out);
	size_t cap = 0;
	enum store_step_result r = STORE_DONE;
	bool ok = true;
	struct store_stmt *st = prepare_scoped(
	    s, "SELECT c.id FROM candidates c WHERE c.status <> 'active' AND ",
	    "c.org_id", " ORDER BY c.id", scope, err);
	ok = st != NULL;
	while (ok && (r = store_step(st, err)) == STORE_ROW) {
		if (!grow((void **)&out->inactive, sizeof *out->inactive,
			  out->inactive_count + 1, &cap))
			ok = oom(err);
		else
			out->inactive[out->inactive_count++] =
			    store_column_int(st, 0);
	}
	store_finalize(st);
	ok = ok && r != STORE_ERROR;

	cap = 0;
	st = ok ? prepare_scoped(s,
				 "SELECT p.candidate_id, COUNT(*) FROM "
				 "proposals p WHERE " OPEN_STATUS " AND ",
				 "p.org_id",
				 " GROUP BY p.candidate_id ORDER BY "
				 "p.candidate_id",
				 scope, err)
		: NULL;
	ok = ok && st != NULL;
	while (ok && (r = store_step(st, err)) == STORE_ROW) {
		if (!grow((void **)&out->candidate_open,
			  sizeof *out->candidate_open,
			  out->candidate_open_count + 1, &cap))
			ok = oom(err);
		else
			out->candidate_open[out->candidate_open_count++] =
			    (struct match_id_count){
				store_column_int(st, 0),
				(int32_t)store_column_int(st, 1)};
	}
	store_finalize(st);
	ok = ok && r != STORE_ERROR;

	cap = 0;
	st = ok ? prepare_scoped(
		      s,
		      "SELECT o.id, o.status, o.positions FROM openings o "
		      "WHERE ",
		      "o.org_id", " ORDER BY o.id", scope, err)
		: NULL;
	ok = ok && st != NULL;
	while (ok && (r = store_step(st, err)) == STORE_ROW) {
		if (!grow((void **)&out->openings, sizeof *out->openings,
			  out->opening_count + 1, &cap))
			ok = oom(err);
		else
			out->openings[out->opening_count++] =
			    (struct match_opening_now){
				.id = store_column_int(st, 0),
				.open = strcmp(store_column_text(st, 1),
					       "open") == 0,
				.positions = (int32_t)store_column_int(st, 2)};
	}
	store_finalize(st);
	ok = ok && r != STORE_ERROR;

	st = ok ? prepare_scoped(s, OPENING_COUNTS, "p.opening_org_id",
				 " GROUP BY p.opening_id", scope, err)
		: NULL;
	ok = ok && st != NULL;
	while (ok && (r = store_step(st, err)) == STORE_ROW) {
		struct match_opening_now *o =
		    find_now(out, store_column_int(st, 0));
		if (!o)
			continue;
		o->open_proposals = (int32_t)store_column_int(st, 1);
		int64_t left = o->positions - store_column_int(st, 2);
		o->positions = (int32_t)(left > 0 ? left : 0);
	}
	store_finalize(st);
	ok = ok && r != STORE_ERROR;

	/* New pairs by the primary index on id; few, whatever the scope. */
	cap = 0;
	st = ok ? store_prepare(s,
				"SELECT p.candidate_id, p.opening_id FROM "
				"proposals p WHERE p.id >= ?",
				err)
		: NULL;
	ok = ok && st != NULL;
	if (ok)
		store_bind_int(st, 1, since_id);
	while (ok && (r = store_step(st, err)) == STORE_ROW) {
		if (!grow((void **)&out->new_pairs, sizeof *out->new_pairs,
			  out->new_pair_count + 1, &cap))
			ok = oom(err);
		else
			out->new_pairs[out->new_pair_count++] =
			    (struct match_pair_id){store_column_int(st, 0),
						   store_column_int(st, 1)};
	}
	store_finalize(st);
	ok = ok && r != STORE_ERROR;
	if (!ok)
		match_store_now_free(out);
	return ok;
}

/* ---- a shared candidate hired by another member of the region ---------- */

/* The first column of the first row of st (finalised), 0 when none. */
static bool first_id(struct store_stmt *st, int64_t *id, struct sr_error *err)
{
	enum store_step_result r = store_step(st, err);
	if (r == STORE_ROW)
		*id = store_column_int(st, 0);
	store_finalize(st);
	return r != STORE_ERROR;
}

bool match_store_candidate_in_org(struct store *s, int64_t org_id,
				  int64_t from_org_id, int64_t from_id,
				  int64_t *id, struct sr_error *err)
{
	*id = 0;
	struct store_stmt *st = store_prepare(
	    s,
	    "SELECT id FROM candidates WHERE org_id = ? AND source_org_id = ? "
	    "AND source_candidate_id = ? ORDER BY id LIMIT 1",
	    err);
	if (!st)
		return false;
	store_bind_int(st, 1, org_id);
	store_bind_int(st, 2, from_org_id);
	store_bind_int(st, 3, from_id);
	if (!first_id(st, id, err))
		return false;
	if (*id)
		return true;
	/* The person by the region pseudonym, read first on its own: the two
	 * records live with different organisations (on Citus, on different
	 * nodes). */
	char pseudonym[128] = "";
	st = store_prepare(s,
			   "SELECT COALESCE(region_pseudonym, '') FROM "
			   "candidates WHERE org_id = ? AND id = ?",
			   err);
	if (!st)
		return false;
	store_bind_int(st, 1, from_org_id);
	store_bind_int(st, 2, from_id);
	enum store_step_result r = store_step(st, err);
	if (r == STORE_ROW)
		snprintf(pseudonym, sizeof pseudonym, "%s",
			 store_column_text(st, 0));
	store_finalize(st);
	if (r == STORE_ERROR)
		return false;
	if (!pseudonym[0])
		return true;
	st = store_prepare(s,
			   "SELECT id FROM candidates WHERE org_id = ? AND "
			   "region_pseudonym = ? ORDER BY id LIMIT 1",
			   err);
	if (!st)
		return false;
	store_bind_int(st, 1, org_id);
	store_bind_text(st, 2, pseudonym);
	return first_id(st, id, err);
}

/* The columns copied, in the order of both statements below. */
#define COPIED_COLUMNS                                                         \
	"target_groups, birth_month, postcode, occupations, education_level, " \
	"hours_per_week_centi, max_travel_km, available_from, "                \
	"on_benefit_since, driving_licence, region_pseudonym"
enum { COPIED_COUNT = 11 };

bool match_store_candidate_copy(struct store *s, int64_t org_id, int64_t id,
				int64_t from_org_id, int64_t from_id,
				const char *now, struct sr_error *err)
{
	struct store_stmt *src = store_prepare(
	    s,
	    "SELECT " COPIED_COLUMNS " FROM candidates WHERE org_id = ? AND "
	    "id = ?",
	    err);
	if (!src)
		return false;
	store_bind_int(src, 1, from_org_id);
	store_bind_int(src, 2, from_id);
	enum store_step_result r = store_step(src, err);
	if (r != STORE_ROW) {
		store_finalize(src);
		return r == STORE_ERROR
			   ? false
			   : sr_fail(err, 404, "not_found", "candidate_id",
				     "no such candidate");
	}
	struct store_stmt *st = store_prepare(
	    s,
	    "INSERT INTO candidates (org_id, id, " COPIED_COLUMNS
	    ", status, source_org_id, source_candidate_id, created_at, "
	    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "'active', ?, ?, ?, ?)",
	    err);
	if (!st) {
		store_finalize(src);
		return false;
	}
	int c = 1;
	store_bind_int(st, c++, org_id);
	store_bind_int(st, c++, id);
	/* Every value as it is stored, nulls kept. */
	static const bool integer[COPIED_COUNT] = {false, false, false, false,
						   false, true,	 true,	false,
						   false, true,	 false};
	for (int k = 0; k < COPIED_COUNT; k++, c++) {
		if (store_column_is_null(src, k))
			store_bind_null(st, c);
		else if (integer[k])
			store_bind_int(st, c, store_column_int(src, k));
		else
			store_bind_text(st, c, store_column_text(src, k));
	}
	store_bind_int(st, c++, from_org_id);
	store_bind_int(st, c++, from_id);
	store_bind_text(st, c++, now);
	store_bind_text(st, c++, now);
	bool ok = run_done(st, err);
	store_finalize(src);
	return ok;
}

/* ---- rounds ----------------------------------------------------------------
 */

bool match_store_bulk_mode(struct store *s, struct sr_error *err)
{
	/* 256 MiB: the proposals' indexes of a national round stay in memory
	 * instead of spilling pages to the WAL and reading them back. */
	return store_backend_of(s) != STORE_SQLITE ||
	       store_exec(s, "PRAGMA cache_size = -262144", err);
}

bool match_store_run_insert(struct store *s, const struct match_run_row *run,
			    const char *now, struct sr_error *err)
{
	struct store_stmt *st = store_prepare(
	    s,
	    "INSERT INTO matching_runs (org_id, id, scope, per_position, "
	    "per_candidate, objective, proposal_count, report, created_at, "
	    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    err);
	if (!st)
		return false;
	store_bind_int(st, 1, run->org_id);
	store_bind_int(st, 2, run->id);
	store_bind_text(st, 3, run->scope);
	store_bind_int(st, 4, run->per_position);
	store_bind_int(st, 5, run->per_candidate);
	store_bind_int(st, 6, run->objective);
	store_bind_int(st, 7, run->proposal_count);
	store_bind_text(st, 8, run->report ? run->report : "{}");
	store_bind_text(st, 9, now);
	store_bind_text(st, 10, now);
	return run_done(st, err);
}

bool match_store_run_get(struct store *s, int64_t org_id, int64_t id,
			 struct match_run_row *out, bool *found,
			 struct sr_error *err)
{
	memset(out, 0, sizeof *out);
	*found = false;
	struct store_stmt *st = store_prepare(
	    s,
	    "SELECT r.org_id, r.id, o.code, r.scope, r.per_position, "
	    "r.per_candidate, r.objective, r.proposal_count, r.report, "
	    "r.created_at FROM matching_runs r JOIN organisations o ON "
	    "o.org_id = r.org_id WHERE r.id = ? AND (? = 0 OR r.org_id = ?)",
	    err);
	if (!st)
		return false;
	store_bind_int(st, 1, id);
	store_bind_int(st, 2, org_id);
	store_bind_int(st, 3, org_id);
	enum store_step_result r = store_step(st, err);
	bool ok = r != STORE_ERROR;
	if (r == STORE_ROW) {
		*found = true;
		out->org_id = store_column_int(st, 0);
		out->id = store_column_int(st, 1);
		snprintf(out->org_code, sizeof out->org_code, "%s",
			 store_column_text(st, 2));
		snprintf(out->scope, sizeof out->scope, "%s",
			 store_column_text(st, 3));
		out->per_position = (int32_t)store_column_int(st, 4);
		out->per_candidate = (int32_t)store_column_int(st, 5);
		out->objective = store_column_int(st, 6);
		out->proposal_count = store_column_int(st, 7);
		out->report = strdup(store_column_text(st, 8));
		snprintf(out->created_at, sizeof out->created_at, "%s",
			 store_column_text(st, 9));
		if (!out->report)
			ok = oom(err);
	}
	store_finalize(st);
	return ok;
}

void match_run_row_free(struct match_run_row *run)
{
	free(run->report);
	run->report = NULL;
}

bool match_store_runs(struct store *s, int64_t org_id, int64_t after_id,
		      int limit, struct match_run_row **out, size_t *count,
		      struct sr_error *err)
{
	*out = NULL;
	*count = 0;
	struct store_stmt *st = store_prepare(
	    s,
	    "SELECT r.org_id, r.id, o.code, r.scope, r.per_position, "
	    "r.per_candidate, r.objective, r.proposal_count, r.created_at "
	    "FROM matching_runs r JOIN organisations o ON o.org_id = "
	    "r.org_id WHERE (? = 0 OR r.org_id = ?) AND r.id > ? ORDER BY "
	    "r.id LIMIT ?",
	    err);
	if (!st)
		return false;
	store_bind_int(st, 1, org_id);
	store_bind_int(st, 2, org_id);
	store_bind_int(st, 3, after_id);
	store_bind_int(st, 4, limit);
	size_t cap = 0;
	enum store_step_result r;
	bool ok = true;
	while ((r = store_step(st, err)) == STORE_ROW) {
		if (!grow((void **)out, sizeof **out, *count + 1, &cap)) {
			ok = oom(err);
			break;
		}
		struct match_run_row *run = &(*out)[(*count)++];
		memset(run, 0, sizeof *run);
		run->org_id = store_column_int(st, 0);
		run->id = store_column_int(st, 1);
		snprintf(run->org_code, sizeof run->org_code, "%s",
			 store_column_text(st, 2));
		snprintf(run->scope, sizeof run->scope, "%s",
			 store_column_text(st, 3));
		run->per_position = (int32_t)store_column_int(st, 4);
		run->per_candidate = (int32_t)store_column_int(st, 5);
		run->objective = store_column_int(st, 6);
		run->proposal_count = store_column_int(st, 7);
		snprintf(run->created_at, sizeof run->created_at, "%s",
			 store_column_text(st, 8));
	}
	store_finalize(st);
	if (ok && r == STORE_ERROR)
		ok = false;
	if (!ok) {
		free(*out);
		*out = NULL;
		*count = 0;
	}
	return ok;
}

/* ---- proposals -------------------------------------------------------------
 */

bool match_store_proposals_insert(struct store *s,
				  const struct match_proposal_row *rows,
				  size_t n, const char *now,
				  struct sr_error *err)
{
	for (size_t i = 0; i < n; i++) {
		const struct match_proposal_row *p = &rows[i];
		struct store_stmt *st = store_prepare(
		    s,
		    "INSERT INTO proposals (org_id, id, run_id, opening_id, "
		    "opening_org_id, candidate_id, supplier_id, score, "
		    "components, status, declined_by, reason, due_date, "
		    "realisation_id, source, created_at, updated_at) VALUES "
		    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		    err);
		if (!st)
			return false;
		int c = 1;
		store_bind_int(st, c++, p->org_id);
		store_bind_int(st, c++, p->id);
		if (p->run_id)
			store_bind_int(st, c++, p->run_id);
		else
			store_bind_null(st, c++);
		store_bind_int(st, c++, p->opening_id);
		store_bind_int(st, c++, p->opening_org_id);
		store_bind_int(st, c++, p->candidate_id);
		store_bind_int(st, c++, p->supplier_id);
		store_bind_int(st, c++, p->score);
		store_bind_text(st, c++, p->components ? p->components : "{}");
		store_bind_text(st, c++, p->status[0] ? p->status : "proposed");
		if (p->declined_by[0])
			store_bind_text(st, c++, p->declined_by);
		else
			store_bind_null(st, c++);
		if (p->reason)
			store_bind_text(st, c++, p->reason);
		else
			store_bind_null(st, c++);
		if (p->due_date[0])
			store_bind_text(st, c++, p->due_date);
		else
			store_bind_null(st, c++);
		if (p->realisation_id)
			store_bind_int(st, c++, p->realisation_id);
		else
			store_bind_null(st, c++);
		store_bind_text(st, c++, p->source[0] ? p->source : "round");
		store_bind_text(st, c++, now);
		store_bind_text(st, c++, now);
		if (!run_done(st, err))
			return false;
	}
	return true;
}

void match_proposal_rows_free(struct match_proposal_rows *rows)
{
	for (size_t i = 0; i < rows->text_count; i++)
		free(rows->texts[i]);
	free(rows->texts);
	free(rows->items);
	memset(rows, 0, sizeof *rows);
}

/* A copy of text owned by rows; NULL when out of memory. */
static const char *keep_text(struct match_proposal_rows *rows, const char *text)
{
	if (!grow((void **)&rows->texts, sizeof *rows->texts,
		  rows->text_count + 1, &rows->text_cap))
		return NULL;
	char *copy = strdup(text);
	if (copy)
		rows->texts[rows->text_count++] = copy;
	return copy;
}

bool match_store_proposals(struct store *s,
			   const struct match_proposal_query *q,
			   struct match_proposal_rows *out,
			   struct sr_error *err)
{
	memset(out, 0, sizeof *out);
	/* The text is made of fixed fragments, one per condition in use (so
	 * that each filter can use its index: a run's, an opening's, a
	 * candidate's proposals); every value is bound. */
	char sql[1536];
	size_t n = (size_t)snprintf(
	    sql, sizeof sql,
	    "SELECT p.org_id, p.id, o.code, COALESCE(p.run_id, 0), "
	    "p.opening_id, p.opening_org_id, p.candidate_id, p.supplier_id, "
	    "p.source, p.score, COALESCE(p.components, '{}'), p.status, "
	    "COALESCE(p.declined_by, ''), p.reason, COALESCE(p.due_date, ''), "
	    "COALESCE(p.realisation_id, 0), p.created_at, p.updated_at "
	    "FROM proposals p JOIN organisations o ON o.org_id = p.org_id "
	    "WHERE p.id > ?");
#define ADD(cond, fragment)                                                    \
	do {                                                                   \
		if ((cond) && n < sizeof sql)                                  \
			n += (size_t)snprintf(sql + n, sizeof sql - n, "%s",   \
					      " AND " fragment);               \
	} while (0)
	bool supplier = q->supplier_id > 0;
	ADD(q->org_id && supplier,
	    "p.opening_org_id = ? AND p.supplier_id = ?");
	ADD(q->org_id && !supplier, "(p.org_id = ? OR p.opening_org_id = ?)");
	ADD(q->id, "p.id = ?");
	ADD(q->status, "p.status = ?");
	ADD(q->opening_id, "p.opening_id = ?");
	ADD(q->candidate_id, "p.candidate_id = ?");
	ADD(q->run_id, "p.run_id = ?");
	ADD(q->open_only || q->due_before,
	    "p.status IN ('proposed', 'introduced')");
	ADD(q->due_before, "p.due_date < ?");
#undef ADD
	if (n + 32 >= sizeof sql)
		return sr_fail(err, 500, "internal", "", "statement too long");
	snprintf(sql + n, sizeof sql - n, " ORDER BY p.id LIMIT ?");
	struct store_stmt *st = store_prepare(s, sql, err);
	if (!st)
		return false;
	int c = 1;
	store_bind_int(st, c++, q->after_id);
	if (q->org_id) {
		store_bind_int(st, c++, q->org_id);
		store_bind_int(st, c++, supplier ? q->supplier_id : q->org_id);
	}
	if (q->id)
		store_bind_int(st, c++, q->id);
	if (q->status)
		store_bind_text(st, c++, q->status);
	if (q->opening_id)
		store_bind_int(st, c++, q->opening_id);
	if (q->candidate_id)
		store_bind_int(st, c++, q->candidate_id);
	if (q->run_id)
		store_bind_int(st, c++, q->run_id);
	if (q->due_before)
		store_bind_text(st, c++, q->due_before);
	store_bind_int(st, c++, q->limit > 0 ? q->limit : INT64_MAX);
	enum store_step_result r;
	bool ok = true;
	while (ok && (r = store_step(st, err)) == STORE_ROW) {
		if (!grow((void **)&out->items, sizeof *out->items,
			  out->count + 1, &out->cap)) {
			ok = oom(err);
			break;
		}
		struct match_proposal_row *p = &out->items[out->count++];
		memset(p, 0, sizeof *p);
		int k = 0;
		p->org_id = store_column_int(st, k++);
		p->id = store_column_int(st, k++);
		snprintf(p->org_code, sizeof p->org_code, "%s",
			 store_column_text(st, k++));
		p->run_id = store_column_int(st, k++);
		p->opening_id = store_column_int(st, k++);
		p->opening_org_id = store_column_int(st, k++);
		p->candidate_id = store_column_int(st, k++);
		p->supplier_id = store_column_int(st, k++);
		snprintf(p->source, sizeof p->source, "%s",
			 store_column_text(st, k++));
		p->score = (int32_t)store_column_int(st, k++);
		p->components = keep_text(out, store_column_text(st, k++));
		snprintf(p->status, sizeof p->status, "%s",
			 store_column_text(st, k++));
		snprintf(p->declined_by, sizeof p->declined_by, "%s",
			 store_column_text(st, k++));
		bool no_reason = store_column_is_null(st, k);
		p->reason =
		    no_reason ? NULL : keep_text(out, store_column_text(st, k));
		k++;
		snprintf(p->due_date, sizeof p->due_date, "%s",
			 store_column_text(st, k++));
		p->realisation_id = store_column_int(st, k++);
		snprintf(p->created_at, sizeof p->created_at, "%s",
			 store_column_text(st, k++));
		snprintf(p->updated_at, sizeof p->updated_at, "%s",
			 store_column_text(st, k++));
		if (!p->components || (!no_reason && !p->reason))
			ok = oom(err);
	}
	store_finalize(st);
	if (ok && r == STORE_ERROR)
		ok = false;
	if (!ok)
		match_proposal_rows_free(out);
	return ok;
}

bool match_store_opening_hires(struct store *s, int64_t opening_id,
			       int64_t *hires, struct sr_error *err)
{
	*hires = 0;
	struct store_stmt *st = store_prepare(
	    s,
	    "SELECT COUNT(*) FROM proposals WHERE opening_id = ? AND status = "
	    "'hired'",
	    err);
	if (!st)
		return false;
	store_bind_int(st, 1, opening_id);
	enum store_step_result r = store_step(st, err);
	if (r == STORE_ROW)
		*hires = store_column_int(st, 0);
	store_finalize(st);
	return r != STORE_ERROR;
}
