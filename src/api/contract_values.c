/* contract_values.c: see contract_values.h. */
#include "api/contract_values.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/policy_cache.h"
#include "domain/target_groups.h"
#include "store/org_store.h"

void valued_contract_free(struct valued_contract *vc)
{
	json_decref(vc->contract);
	realisation_rows_free(&vc->rows);
	realisation_rows_free(&vc->elsewhere);
	free(vc->acts);
	free(vc->values);
	free(vc->keys);
	memset(vc, 0, sizeof *vc);
}

int valued_contract_find(const struct valued_contract *vc, int64_t id)
{
	for (int i = 0; i < vc->rows.count; i++)
		if (vc->rows.items[i].id == id)
			return i;
	return -1;
}

/* The target groups of a JSON array of names as sroi stores it
 * (["participatiewet","ww"]): read by hand, since every realisation of a
 * contract needs it; anything else (an escape, a non-string) goes through
 * the JSON parser. */
static uint32_t groups_mask(const char *json_text)
{
	uint32_t mask = 0, bit;
	const char *p = json_text;
	bool plain = *p++ == '[';
	while (plain && *p != ']') {
		char name[64];
		const char *end = *p == '"' ? strchr(p + 1, '"') : NULL;
		size_t len = end ? (size_t)(end - p - 1) : 0;
		if (!end || len >= sizeof name || memchr(p + 1, '\\', len)) {
			plain = false;
			break;
		}
		memcpy(name, p + 1, len);
		name[len] = '\0';
		if (target_group_bit(name, &bit))
			mask |= bit;
		p = end + 1;
		if (*p == ',')
			p++;
		else if (*p != ']')
			plain = false;
	}
	if (plain && p[1] == '\0')
		return mask;
	mask = 0;
	json_t *list = json_loads(json_text, 0, NULL);
	size_t i;
	json_t *g;
	json_array_foreach(list, i, g)
	{
		if (json_is_string(g) &&
		    target_group_bit(json_string_value(g), &bit))
			mask |= bit;
	}
	json_decref(list);
	return mask;
}

/* Whole years from the first of the birth month to day. */
static int age_on(const char *birth_month, sr_date day)
{
	int by, bm, y, m, d;
	if (!date_parse_month(birth_month, &by, &bm))
		return -1;
	date_to_ymd(day, &y, &m, &d);
	return y - by - (m < bm ? 1 : 0);
}

static int level_of(const char *level)
{
	if (strcmp(level, "hbo") == 0)
		return LEVEL_HBO;
	if (level[0] >= '1' && level[0] <= '4' && !level[1])
		return level[0] - '0';
	return 0;
}

static enum realisation_status status_of(const char *s)
{
	if (strcmp(s, "accepted") == 0)
		return REALISATION_ACCEPTED;
	if (strcmp(s, "rejected") == 0)
		return REALISATION_REJECTED;
	return REALISATION_PENDING;
}

/* Who is the same person: the region pseudonym when known (so that the same
 * person is recognised across organisations), else the candidate id; and
 * how messages name the person (the pseudonym's first 12 characters). */
static void person_key(const struct realisation_row *r, char *key, char *label,
		       size_t n)
{
	if (r->pseudonym[0]) {
		snprintf(key, n, "p:%s", r->pseudonym);
		if (label)
			snprintf(label, n, "%.12s (region pseudonym)",
				 r->pseudonym);
	} else {
		snprintf(key, n, "%lld", (long long)r->candidate_id);
		if (label)
			snprintf(label, n, "%lld", (long long)r->candidate_id);
	}
}

/* keys: the activity's id, its person key and its person label. */
static void row_to_activity(const struct realisation_row *r, struct activity *a,
			    char (*keys)[112])
{
	activity_init(a);
	snprintf(keys[0], 112, "%lld", (long long)r->id);
	a->id = keys[0];
	activity_kind_from_name(r->kind, &a->kind);
	if (r->candidate_id) {
		person_key(r, keys[1], keys[2], 112);
		a->candidate = keys[1];
		a->candidate_label = keys[2];
		a->target_groups = groups_mask(r->target_groups);
	}
	a->has_period =
	    date_parse(r->start, &a->start) && date_parse(r->end, &a->end);
	if (!a->has_period && date_parse(r->start, &a->start)) {
		a->end = a->start;
		a->has_period = true;
	}
	a->hours_per_week_c = r->hours_per_week_c;
	a->age_at_start = a->has_period ? age_on(r->birth_month, a->start) : -1;
	a->level = level_of(r->level);
	a->permanent_contract = r->permanent;
	a->prior_internship_c = r->prior_internship_months >= 0
				    ? r->prior_internship_months * 100
				    : -1;
	a->supplier_category =
	    r->supplier_category[0] ? r->supplier_category : NULL;
	a->invoice_cents = r->invoice_cents;
	a->hours_c = r->hours_c;
	a->amount_cents = r->amount_cents;
	a->status = status_of(r->status);
	a->order = r->id;
}

/* The contract record, its policy, terms and obligation (no realisations). */
static bool load_contract(struct request *req, int64_t contract_id,
			  struct valued_contract *vc, struct sr_error *err)
{
	memset(vc, 0, sizeof *vc);
	if (!crud_load(&contract_resource, req, contract_id, &vc->contract,
		       &vc->org_id, err))
		return false;
	json_t *pid = json_object_get(vc->contract, "policy_id");
	if (!json_is_integer(pid)) {
		valued_contract_free(vc);
		return sr_fail(
		    err, 409, "wrong_state", "contract_id",
		    "the contract has not been awarded: its obligation "
		    "and the value of realisations follow from the "
		    "policy at award");
	}
	vc->policy_id = json_integer_value(pid);
	vc->policy = policy_cache_by_id(req->store, vc->policy_id, err);
	if (!vc->policy ||
	    !contract_terms_from_record(req, vc->contract, vc->org_id,
					&vc->terms, err)) {
		valued_contract_free(vc);
		return false;
	}
	vc->terms.cpv = NULL; /* points into the record; not needed here */
	if (vc->policy->unit == POLICY_UNIT_HOURS)
		vc->obligation =
		    (int64_t)(json_number_value(json_object_get(
				  vc->contract, "obligation_hours")) *
				  100.0 +
			      0.5);
	else
		vc->obligation = json_integer_value(
		    json_object_get(vc->contract, "obligation_cents"));
	return true;
}

/* Values vc->rows (loaded by the caller): the activities, the same people's
 * counted realisations elsewhere (for the whole contract in one query, or
 * per candidate for one person's rows), valuation_run(). Frees vc on
 * failure. */
static bool value_rows(struct request *req, int64_t contract_id, bool whole,
		       struct valued_contract *vc, struct sr_error *err)
{
	int n = vc->rows.count;
	vc->acts = calloc((size_t)n + 1, sizeof *vc->acts);
	vc->values = calloc((size_t)n + 1, sizeof *vc->values);
	vc->keys = calloc((size_t)n * 3 + 1, sizeof *vc->keys);
	int64_t *cands = whole ? NULL : calloc((size_t)n + 1, sizeof *cands);
	const char **pseudos =
	    whole ? NULL : calloc((size_t)n + 1, sizeof *pseudos);
	if (!vc->acts || !vc->values || !vc->keys ||
	    (!whole && (!cands || !pseudos))) {
		free(cands);
		free(pseudos);
		valued_contract_free(vc);
		return sr_fail(err, 503, "out_of_memory", "", "out of memory");
	}
	int m = 0;
	for (int i = 0; i < n; i++) {
		struct realisation_row *r = &vc->rows.items[i];
		row_to_activity(r, &vc->acts[i], &vc->keys[3 * i]);
		if (!whole && r->candidate_id) {
			cands[m] = r->candidate_id;
			pseudos[m] = r->pseudonym;
			m++;
		}
	}
	char region_code[64];
	bool ok =
	    store_org_region(req->store, vc->org_id, region_code,
			     sizeof region_code, err);
	const char *region = region_code[0] ? region_code : NULL;
	if (ok && whole)
		ok = store_contract_counted_elsewhere(req->store, vc->org_id,
						      region, contract_id,
						      &vc->elsewhere, err);
	else if (ok)
		ok = store_counted_elsewhere(req->store, vc->org_id, region,
					     contract_id, cands, pseudos, m,
					     &vc->elsewhere, err);
	free(cands);
	free(pseudos);
	if (!ok) {
		valued_contract_free(vc);
		return false;
	}
	int e = vc->elsewhere.count;
	struct counted_elsewhere *ew = calloc((size_t)e + 1, sizeof *ew);
	char(*ekeys)[112] = calloc((size_t)e * 2 + 1, sizeof *ekeys);
	if (!ew || !ekeys) {
		free(ew);
		free(ekeys);
		valued_contract_free(vc);
		return sr_fail(err, 503, "out_of_memory", "", "out of memory");
	}
	for (int i = 0; i < e; i++) {
		struct realisation_row *r = &vc->elsewhere.items[i];
		person_key(r, ekeys[2 * i], NULL, 112);
		ew[i].candidate = ekeys[2 * i];
		date_parse(r->start, &ew[i].start);
		if (!date_parse(r->end, &ew[i].end))
			ew[i].end = ew[i].start;
		ew[i].hours_per_week_c = r->hours_per_week_c;
		ew[i].order = r->id;
		if (r->org_id == vc->org_id) {
			snprintf(ekeys[2 * i + 1], 112, "%s", r->contract_ref);
			ew[i].contract = ekeys[2 * i + 1];
		}
	}
	ok = valuation_run(vc->policy, &vc->terms, vc->acts, (size_t)n, ew,
			   (size_t)e, vc->values, err);
	free(ew);
	free(ekeys);
	if (!ok)
		valued_contract_free(vc);
	return ok;
}

bool contract_value(struct request *req, int64_t contract_id,
		    struct valued_contract *vc, struct sr_error *err)
{
	if (!load_contract(req, contract_id, vc, err))
		return false;
	if (!store_contract_realisations(req->store, vc->org_id, contract_id,
					 &vc->rows, err)) {
		valued_contract_free(vc);
		return false;
	}
	return value_rows(req, contract_id, true, vc, err);
}

/* Whether r's stored valuation is the one just computed. */
static bool stored_unchanged(const struct realisation_row *r, int64_t cents,
			     int64_t hours_c, const char *refusal,
			     const char *explanation)
{
	return r->explanation && r->value_cents == cents &&
	       r->value_hours_c == hours_c &&
	       strcmp(r->refusal, refusal ? refusal : "") == 0 &&
	       strcmp(r->explanation, explanation) == 0;
}

bool contract_values_store(struct request *req, struct valued_contract *vc,
			   struct sr_error *err)
{
	bool hours = vc->policy->unit == POLICY_UNIT_HOURS;
	for (int i = 0; i < vc->rows.count; i++) {
		const struct realisation_row *r = &vc->rows.items[i];
		struct activity_value *v = &vc->values[i];
		json_t *ex = valuation_explain(vc->policy, &vc->acts[i], v);
		char *text = ex ? json_dumps(ex, JSON_COMPACT) : NULL;
		json_decref(ex);
		if (!text)
			return sr_fail(err, 503, "out_of_memory", "",
				       "out of memory");
		const char *refusal = refusal_code(v->refusal);
		int64_t cents = hours ? 0 : v->value;
		int64_t hours_c = hours ? v->value : -1;
		bool ok = stored_unchanged(r, cents, hours_c, refusal, text) ||
			  store_realisation_set_value(req->store, vc->org_id,
						      r->id, cents, hours_c,
						      refusal, text, err);
		free(text);
		if (!ok)
			return false;
	}
	return true;
}

/* Values and stores the realisations of contract_id that a write can have
 * changed: the whole contract, or (whole false) only the person of
 * candidate_id (only realisation_id when candidate_id is 0). When
 * check_id is given and that realisation counts a person twice, fails with
 * 409 double_counting so that the request writes nothing. */
static bool revalue(struct request *req, struct valued_contract *vc,
		    int64_t contract_id, bool whole, int64_t candidate_id,
		    int64_t realisation_id, int64_t check_id,
		    struct sr_error *err)
{
	bool ok =
	    whole ? store_contract_realisations_stored(
			req->store, vc->org_id, contract_id, &vc->rows, err)
		  : store_person_realisations(req->store, vc->org_id,
					      contract_id, candidate_id,
					      realisation_id, &vc->rows, err);
	if (!ok) {
		valued_contract_free(vc);
		return false;
	}
	if (vc->rows.count == 0) {
		valued_contract_free(vc);
		return true;
	}
	if (!value_rows(req, contract_id, whole, vc, err))
		return false;
	int i = check_id ? valued_contract_find(vc, check_id) : -1;
	/* The same person counted twice is refused outright; an activity that
	 * no block fits, or outside the term, is kept with value 0 and its
	 * refusal, for the consultant to reject with a reason. */
	if (i >= 0 && vc->values[i].refusal == REFUSAL_DOUBLE_COUNTING)
		ok = sr_fail(err, 409, refusal_code(vc->values[i].refusal), "",
			     "%s", vc->values[i].message);
	if (ok)
		ok = contract_values_store(req, vc, err);
	valued_contract_free(vc);
	return ok;
}

bool contract_revalue(struct request *req, int64_t contract_id,
		      int64_t realisation_id, struct sr_error *err)
{
	struct valued_contract vc;
	if (!load_contract(req, contract_id, &vc, err))
		return false;
	/* A realisation that was never valued is new: only its person's
	 * realisations can change. One valued before may have been changed
	 * (another person, other dates), which can change the realisations
	 * of the person it had: then the whole contract. */
	bool whole = true;
	int64_t candidate_id = 0;
	if (realisation_id) {
		int64_t in_contract;
		bool valued, found;
		if (!store_realisation_state(
			req->store, vc.org_id, realisation_id, &in_contract,
			&candidate_id, &valued, &found, err)) {
			valued_contract_free(&vc);
			return false;
		}
		whole = !found || valued || in_contract != contract_id;
	}
	return revalue(req, &vc, contract_id, whole, candidate_id,
		       realisation_id, realisation_id, err);
}

bool contract_revalue_person(struct request *req, int64_t contract_id,
			     int64_t candidate_id, struct sr_error *err)
{
	/* Without a person a realisation's value depends on itself alone, and
	 * its status does not enter it. */
	if (!candidate_id)
		return true;
	struct valued_contract vc;
	if (!load_contract(req, contract_id, &vc, err))
		return false;
	return revalue(req, &vc, contract_id, false, candidate_id, 0, 0, err);
}

bool contract_revalue_candidate(struct request *req, int64_t org_id,
				int64_t candidate_id, struct sr_error *err)
{
	int64_t *contracts = NULL;
	size_t n = 0;
	if (!store_candidate_contracts(req->store, org_id, candidate_id,
				       &contracts, &n, err))
		return false;
	bool ok = true;
	for (size_t i = 0; ok && i < n; i++)
		ok = contract_revalue_person(req, contracts[i], candidate_id,
					     err);
	free(contracts);
	return ok;
}
