/*
 * refdata.h: the public reference data shipped inside the binary
 * (data/, with their SOURCE.md): municipalities, 4-digit postcode areas,
 * ESCO occupations with their ISCO-08 groups, and CPV codes.
 *
 * Loaded once, on first use, from the embedded CSV files; read-only after.
 */
#ifndef SROI_DOMAIN_REFDATA_H
#define SROI_DOMAIN_REFDATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ref_municipality {
	char code[8];        /* "GM0518" */
	const char *name;
	char province_code[8];
	const char *province;
	int64_t inhabitants;
	double lat, lon;
};

struct ref_pc4 {
	int pc4;             /* 1011 .. 9999 */
	const char *place;
	char municipality[8];
	double lat, lon;
	int64_t inhabitants; /* 0 when unknown */
};

struct ref_occupation {
	const char *esco_code; /* "7112.1" */
	char isco[8];          /* unit group "7112" */
	const char *label_nl, *label_en;
};

struct ref_cpv {
	char code[9];          /* eight digits */
	char check_digit;
	const char *description;
	const char *contract_type; /* works, services, supplies */
};

struct refdata {
	struct ref_municipality *municipalities;
	size_t municipality_count;
	struct ref_pc4 *pc4s; /* sorted by pc4 */
	size_t pc4_count;
	struct ref_occupation *occupations; /* sorted by esco_code */
	size_t occupation_count;
	struct ref_cpv *cpvs; /* sorted by code */
	size_t cpv_count;
};

/* The reference data; NULL only if memory ran out on first use. */
const struct refdata *refdata_get(void);

const struct ref_pc4 *refdata_pc4(int pc4);
const struct ref_municipality *refdata_municipality(const char *code);
const struct ref_occupation *refdata_occupation(const char *esco_code);
const struct ref_cpv *refdata_cpv(const char *code8);

#endif
