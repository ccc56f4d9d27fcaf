/*
 * ocds.c: TenderNed's open data (OCDS, the Open Contracting Data Standard)
 * as contract rows for the import (docs/import.md, "TenderNed"): one
 * contract per award, with the buyer's title, the CPV code, the value in
 * cents (from the decimal text, never through floating point arithmetic),
 * the term, the award date and the winner's KvK number where the release
 * names one. The import then creates each contract as a draft and awards it
 * through the award action, so that the policy in force and the obligation
 * are computed as for any contract.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/import.h"
#include "domain/cell_format.h"

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static void problem(json_t *problems, long row, const char *fmt, const char *a)
{
	char msg[300];
	snprintf(msg, sizeof msg, fmt, a ? a : "");
	json_array_append_new(
	    problems,
	    json_pack("{s:I, s:s}", "row", (json_int_t)row, "message", msg));
}

/* The CPV code of the tender: its classification, else its first item's. */
static const char *cpv_of(json_t *tender)
{
	json_t *cls = json_object_get(tender, "classification");
	const char *scheme = str(cls, "scheme");
	if (str(cls, "id") && (!scheme || strcasecmp(scheme, "CPV") == 0))
		return str(cls, "id");
	size_t i;
	json_t *item;
	json_array_foreach(json_object_get(tender, "items"), i, item)
	{
		cls = json_object_get(item, "classification");
		scheme = str(cls, "scheme");
		if (str(cls, "id") &&
		    (!scheme || strcasecmp(scheme, "CPV") == 0))
			return str(cls, "id");
	}
	return NULL;
}

/* An OCDS value {amount, currency} in cents, as text. */
static bool cents_of(json_t *value, char out[32], const char **why)
{
	json_t *amount = json_object_get(value, "amount");
	const char *currency = str(value, "currency");
	if (!amount) {
		*why = "has no value";
		return false;
	}
	if (currency && strcmp(currency, "EUR") != 0) {
		*why = "has a value in another currency than EUR";
		return false;
	}
	char text[64];
	if (json_is_integer(amount))
		snprintf(text, sizeof text, "%lld",
			 (long long)json_integer_value(amount));
	else if (json_is_real(amount))
		snprintf(text, sizeof text, "%.17g", json_real_value(amount));
	else if (json_is_string(amount))
		snprintf(text, sizeof text, "%s", json_string_value(amount));
	else {
		*why = "has a value that is not a number";
		return false;
	}
	int64_t cents;
	if (!cell_parse_plain_number(text, 2, &cents, why))
		return false;
	if (cents < 0) {
		*why = "has a negative value";
		return false;
	}
	snprintf(out, 32, "%lld", (long long)cents);
	return true;
}

/* "2024-03-01T00:00:00+01:00" -> "2024-03-01". */
static void day_of(const char *when, char out[11])
{
	out[0] = '\0';
	if (when && strlen(when) >= 10)
		snprintf(out, 11, "%.10s", when);
}

/* The KvK number and name of the party with this id. */
static void party(json_t *release, const char *id, const char **kvk,
		  const char **name)
{
	*kvk = NULL;
	*name = NULL;
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(release, "parties"), i, p)
	{
		if (!id || !str(p, "id") || strcmp(str(p, "id"), id) != 0)
			continue;
		*name = str(p, "name");
		json_t *ident = json_object_get(p, "identifier");
		const char *scheme = str(ident, "scheme");
		if (scheme && strcmp(scheme, "NL-KVK") == 0)
			*kvk = str(ident, "id");
		size_t k;
		json_t *more;
		json_array_foreach(
		    json_object_get(p, "additionalIdentifiers"), k,
		    more) if (!*kvk && str(more, "scheme") &&
			      strcmp(str(more, "scheme"), "NL-KVK") == 0) *kvk =
		    str(more, "id");
		return;
	}
}

static void map_release(json_t *release, long row, json_t *rows,
			json_t *problems)
{
	const char *ocid = str(release, "ocid");
	json_t *tender = json_object_get(release, "tender");
	if (!ocid) {
		problem(problems, row, "release %s has no ocid",
			str(release, "id"));
		return;
	}
	const char *category = str(tender, "mainProcurementCategory");
	const char *kind = !category			       ? NULL
			   : strcmp(category, "works") == 0    ? "works"
			   : strcmp(category, "services") == 0 ? "services"
			   : strcmp(category, "goods") == 0    ? "supplies"
							       : NULL;
	if (!kind) {
		problem(problems, row,
			"release %s has no mainProcurementCategory of works, "
			"services or goods",
			ocid);
		return;
	}
	json_t *awards = json_object_get(release, "awards");
	if (!json_array_size(awards)) {
		problem(problems, row, "release %s has no award", ocid);
		return;
	}
	size_t i;
	json_t *award;
	json_array_foreach(awards, i, award)
	{
		const char *status = str(award, "status");
		if (status && (strcmp(status, "cancelled") == 0 ||
			       strcmp(status, "unsuccessful") == 0))
			continue;
		const char *award_id = str(award, "id");
		char ref[128];
		snprintf(ref, sizeof ref, "%s/%s", ocid,
			 award_id ? award_id : "1");
		/* The contract signed for this award, if the release has it. */
		json_t *contract = NULL;
		size_t k;
		json_t *ct;
		json_array_foreach(json_object_get(release, "contracts"), k,
				   ct) if (award_id && str(ct, "awardID") &&
					   strcmp(str(ct, "awardID"),
						  award_id) == 0) contract = ct;
		json_t *value = json_object_get(contract, "value");
		if (!value)
			value = json_object_get(award, "value");
		if (!value)
			value = json_object_get(tender, "value");
		char cents[32];
		const char *why = NULL;
		if (!cents_of(value, cents, &why)) {
			char msg[200];
			snprintf(msg, sizeof msg, "award %s %s", ref, why);
			problem(problems, row, "%s", msg);
			continue;
		}
		json_t *period = json_object_get(contract, "period");
		if (!str(period, "startDate"))
			period = json_object_get(award, "contractPeriod");
		if (!str(period, "startDate"))
			period = json_object_get(tender, "contractPeriod");
		char start[11], end[11], awarded[11];
		day_of(str(period, "startDate"), start);
		day_of(str(period, "endDate"), end);
		day_of(str(award, "date") ? str(award, "date")
					  : str(contract, "dateSigned"),
		       awarded);
		if (!start[0] || !end[0]) {
			problem(
			    problems, row,
			    "award %s has no contract period (start and end)",
			    ref);
			continue;
		}
		const char *kvk = NULL, *name = NULL;
		json_t *supplier =
		    json_array_get(json_object_get(award, "suppliers"), 0);
		party(release, str(supplier, "id"), &kvk, &name);
		if (!name)
			name = str(supplier, "name");
		const char *title = str(award, "title") ? str(award, "title")
				    : str(tender, "title")
					? str(tender, "title")
					: ocid;
		json_t *r =
		    json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "row",
			      (json_int_t)row, "reference", ref, "title", title,
			      "kind", kind, "value_cents", cents, "start_date",
			      start, "end_date", end);
		const char *cpv = cpv_of(tender);
		if (cpv)
			json_object_set_new(r, "cpv_code", json_string(cpv));
		if (awarded[0])
			json_object_set_new(r, "award_date",
					    json_string(awarded));
		if (kvk) {
			json_object_set_new(r, "supplier_kvk",
					    json_string(kvk));
			if (name)
				json_object_set_new(r, "supplier_name",
						    json_string(name));
		}
		/* Awarded when the winner is known; a draft otherwise. */
		json_object_set_new(
		    r, "status",
		    json_string(kvk && awarded[0] ? "awarded" : "draft"));
		json_array_append_new(rows, r);
	}
}

bool ocds_to_contract_rows(json_t *package, json_t **rows, json_t **problems,
			   struct sr_error *err)
{
	*rows = json_array();
	*problems = json_array();
	json_t *releases = json_object_get(package, "releases");
	json_t *records = json_object_get(package, "records");
	if (json_is_array(releases)) {
		size_t i;
		json_t *rel;
		json_array_foreach(releases, i, rel)
		    map_release(rel, (long)i + 1, *rows, *problems);
	} else if (json_is_array(records)) {
		size_t i;
		json_t *rec;
		json_array_foreach(records, i, rec)
		{
			json_t *rel = json_object_get(rec, "compiledRelease");
			if (!rel) {
				json_t *list = json_object_get(rec, "releases");
				rel = json_array_get(list,
						     json_array_size(list) - 1);
			}
			map_release(rel, (long)i + 1, *rows, *problems);
		}
	} else if (json_object_get(package, "ocid")) {
		map_release(package, 1, *rows, *problems);
	} else {
		json_decref(*rows);
		json_decref(*problems);
		*rows = *problems = NULL;
		return sr_fail(
		    err, 400, "invalid_ocds", "file",
		    "the file is not an OCDS release or record package");
	}
	return true;
}
