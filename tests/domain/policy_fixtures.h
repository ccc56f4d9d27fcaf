/*
 * policy_fixtures.h: helpers shared by the policy, valuation, obligation,
 * settlement and calculator tests: load a shipped policy file, build
 * contracts and activities in one line each.
 */
#ifndef SROI_TESTS_POLICY_FIXTURES_H
#define SROI_TESTS_POLICY_FIXTURES_H

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/date.h"
#include "domain/obligation.h"
#include "domain/policy.h"
#include "domain/target_groups.h"
#include "domain/valuation.h"

static inline json_t *fixture_load_json(const char *relative)
{
	const char *root = getenv("SROI_SOURCE_ROOT");
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", root ? root : ".", relative);
	json_error_t jerr;
	json_t *doc = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (!doc)
		fprintf(stderr, "cannot load %s: %s\n", path, jerr.text);
	return doc;
}

/* A shipped policy, or NULL (the test then fails on it). */
static inline struct policy *fixture_policy(const char *file)
{
	char rel[256];
	snprintf(rel, sizeof rel, "policies/%s", file);
	json_t *doc = fixture_load_json(rel);
	if (!doc)
		return NULL;
	struct policy *p = NULL;
	struct policy_problems pr = {0};
	if (!policy_parse(doc, &p, &pr))
		for (size_t i = 0; i < pr.count; i++)
			fprintf(stderr, "%s: %s: %s\n", file, pr.items[i].path,
				pr.items[i].message);
	policy_problems_free(&pr);
	json_decref(doc);
	return p;
}

/* A shipped policy after a change to its document (for cases a table does
 * not have, such as a PSO discount). */
static inline struct policy *fixture_policy_changed(const char *file,
						    void (*change)(json_t *))
{
	char rel[256];
	snprintf(rel, sizeof rel, "policies/%s", file);
	json_t *doc = fixture_load_json(rel);
	if (!doc)
		return NULL;
	change(doc);
	struct policy *p = NULL;
	struct policy_problems pr = {0};
	policy_parse(doc, &p, &pr);
	for (size_t i = 0; i < pr.count; i++)
		fprintf(stderr, "%s: %s: %s\n", file, pr.items[i].path,
			pr.items[i].message);
	policy_problems_free(&pr);
	json_decref(doc);
	return p;
}

static inline sr_date day(const char *text)
{
	sr_date d = 0;
	if (!date_parse(text, &d)) {
		fprintf(stderr, "bad date in a test: %s\n", text);
		abort();
	}
	return d;
}

static inline struct contract_terms fixture_contract(enum contract_kind kind,
						     int64_t value_cents,
						     const char *start,
						     const char *end)
{
	struct contract_terms c;
	contract_terms_init(&c);
	c.kind = kind;
	c.value_cents = value_cents;
	c.start = day(start);
	c.end = day(end);
	return c;
}

static inline uint32_t groups(const char *a, const char *b)
{
	uint32_t mask = 0, bit;
	if (a && target_group_bit(a, &bit))
		mask |= bit;
	if (b && target_group_bit(b, &bit))
		mask |= bit;
	return mask;
}

/* A period activity: hours a week in hundredths (3600 = 36 h). */
static inline struct activity placement(const char *id, enum activity_kind kind,
					const char *candidate, uint32_t tg,
					const char *start, const char *end,
					int64_t hours_c)
{
	struct activity a;
	activity_init(&a);
	a.id = id;
	a.kind = kind;
	a.candidate = candidate;
	a.target_groups = tg;
	a.has_period = true;
	a.start = day(start);
	a.end = day(end);
	a.hours_per_week_c = hours_c;
	return a;
}

static inline struct activity purchase(const char *id, const char *category,
				       int64_t invoice_cents)
{
	struct activity a;
	activity_init(&a);
	a.id = id;
	a.kind = ACTIVITY_PURCHASE;
	a.supplier_category = category;
	a.invoice_cents = invoice_cents;
	return a;
}

/* Values n activities (order = index) and returns the total. */
static inline int64_t value_all(const struct policy *p,
				const struct contract_terms *c,
				struct activity *acts, size_t n,
				struct activity_value *out)
{
	for (size_t i = 0; i < n; i++)
		acts[i].order = (int64_t)i;
	struct sr_error err = {0};
	if (!valuation_run(p, c, acts, n, NULL, 0, out, &err)) {
		fprintf(stderr, "valuation failed: %s\n", err.message);
		return -1;
	}
	int64_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += out[i].value;
	return total;
}

#endif
