/* refdata.c: parses the embedded reference CSV files once (see refdata.h). */
#include "domain/refdata.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv.h"
#include "base/embedded.h"

static struct refdata data;
static bool loaded_ok;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* The strings are kept for the life of the process (the data is
 * immutable). When memory runs out the load fails as a whole. */
static bool out_of_memory;

static const char *keep(const char *s)
{
	char *copy = strdup(s ? s : "");
	if (!copy) {
		out_of_memory = true;
		return "";
	}
	return copy;
}

static bool open_csv(struct csv_reader *r, const char *name)
{
	const struct embedded_file *f = embedded_find(name);
	if (!f)
		return false;
	csv_init(r, (const char *)f->data, f->size, ',');
	return csv_next(r); /* header */
}

static void copy_code(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src);
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static bool load_municipalities(void)
{
	struct csv_reader r;
	if (!open_csv(&r, "data/gemeenten/gemeenten_2024.csv"))
		return false;
	size_t cap = 400;
	data.municipalities = calloc(cap, sizeof *data.municipalities);
	while (data.municipalities && csv_next(&r)) {
		if (r.field_count < 8 || data.municipality_count == cap)
			continue;
		struct ref_municipality *m =
			&data.municipalities[data.municipality_count++];
		copy_code(m->code, sizeof m->code, r.fields[0]);
		m->name = keep(r.fields[1]);
		copy_code(m->province_code, sizeof m->province_code, r.fields[2]);
		m->province = keep(r.fields[3]);
		m->inhabitants = atoll(r.fields[4]);
		m->lat = atof(r.fields[6]);
		m->lon = atof(r.fields[7]);
	}
	csv_free(&r);
	return data.municipalities != NULL;
}

static int cmp_pc4(const void *a, const void *b)
{
	return ((const struct ref_pc4 *)a)->pc4 - ((const struct ref_pc4 *)b)->pc4;
}

static bool load_pc4(void)
{
	struct csv_reader r;
	if (!open_csv(&r, "data/pc4/pc4_centroids.csv"))
		return false;
	size_t cap = 4200;
	data.pc4s = calloc(cap, sizeof *data.pc4s);
	while (data.pc4s && csv_next(&r)) {
		if (r.field_count < 9 || data.pc4_count == cap)
			continue;
		struct ref_pc4 *p = &data.pc4s[data.pc4_count++];
		p->pc4 = atoi(r.fields[0]);
		p->place = keep(r.fields[1]);
		copy_code(p->municipality, sizeof p->municipality, r.fields[2]);
		p->lat = atof(r.fields[5]);
		p->lon = atof(r.fields[6]);
		p->inhabitants = atoll(r.fields[8]);
	}
	csv_free(&r);
	if (!data.pc4s)
		return false;
	qsort(data.pc4s, data.pc4_count, sizeof *data.pc4s, cmp_pc4);
	return true;
}

static int cmp_occupation(const void *a, const void *b)
{
	return strcmp(((const struct ref_occupation *)a)->esco_code,
		      ((const struct ref_occupation *)b)->esco_code);
}

static bool load_occupations(void)
{
	struct csv_reader r;
	if (!open_csv(&r, "data/esco/occupations.csv"))
		return false;
	size_t cap = 3200;
	data.occupations = calloc(cap, sizeof *data.occupations);
	while (data.occupations && csv_next(&r)) {
		if (r.field_count < 4 || data.occupation_count == cap)
			continue;
		struct ref_occupation *o =
			&data.occupations[data.occupation_count++];
		o->esco_code = keep(r.fields[0]);
		copy_code(o->isco, sizeof o->isco, r.fields[1]);
		o->label_nl = keep(r.fields[2]);
		o->label_en = keep(r.fields[3]);
	}
	csv_free(&r);
	if (!data.occupations)
		return false;
	qsort(data.occupations, data.occupation_count,
	      sizeof *data.occupations, cmp_occupation);
	return true;
}

static int cmp_cpv(const void *a, const void *b)
{
	return strcmp(((const struct ref_cpv *)a)->code,
		      ((const struct ref_cpv *)b)->code);
}

static bool load_cpv(void)
{
	struct csv_reader r;
	if (!open_csv(&r, "data/cpv/cpv_2008_en.csv"))
		return false;
	size_t cap = 9600;
	data.cpvs = calloc(cap, sizeof *data.cpvs);
	while (data.cpvs && csv_next(&r)) {
		if (r.field_count < 7 || data.cpv_count == cap)
			continue;
		struct ref_cpv *c = &data.cpvs[data.cpv_count++];
		copy_code(c->code, sizeof c->code, r.fields[0]);
		c->check_digit = r.fields[1][0];
		c->description = keep(r.fields[3]);
		c->contract_type = keep(r.fields[6]);
	}
	csv_free(&r);
	if (!data.cpvs)
		return false;
	qsort(data.cpvs, data.cpv_count, sizeof *data.cpvs, cmp_cpv);
	return true;
}

static void load(void)
{
	loaded_ok = load_municipalities() && load_pc4() && load_occupations() &&
		    load_cpv() && !out_of_memory;
}

const struct refdata *refdata_get(void)
{
	pthread_once(&once, load);
	return loaded_ok ? &data : NULL;
}

const struct ref_pc4 *refdata_pc4(int pc4)
{
	const struct refdata *d = refdata_get();
	if (!d)
		return NULL;
	struct ref_pc4 key = {.pc4 = pc4};
	return bsearch(&key, d->pc4s, d->pc4_count, sizeof key, cmp_pc4);
}

const struct ref_municipality *refdata_municipality(const char *code)
{
	const struct refdata *d = refdata_get();
	if (!d || !code)
		return NULL;
	for (size_t i = 0; i < d->municipality_count; i++)
		if (strcmp(d->municipalities[i].code, code) == 0)
			return &d->municipalities[i];
	return NULL;
}

const struct ref_occupation *refdata_occupation(const char *esco_code)
{
	const struct refdata *d = refdata_get();
	if (!d || !esco_code)
		return NULL;
	struct ref_occupation key = {.esco_code = esco_code};
	return bsearch(&key, d->occupations, d->occupation_count, sizeof key,
		       cmp_occupation);
}

const struct ref_cpv *refdata_cpv(const char *code8)
{
	const struct refdata *d = refdata_get();
	if (!d || !code8 || strlen(code8) != 8)
		return NULL;
	struct ref_cpv key;
	memcpy(key.code, code8, 9);
	return bsearch(&key, d->cpvs, d->cpv_count, sizeof key, cmp_cpv);
}
