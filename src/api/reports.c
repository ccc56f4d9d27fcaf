/*
 * reports.c: GET /api/v1/reports/portfolio (an organisation's contracts over
 * a period: obligation, realised, pending, people, FTE, who benefits by
 * target group, municipality and district, the quota view beside the 2.0
 * view, early warnings) and GET /api/v1/suppliers/{id}/record (a bidder's
 * track record). Every figure comes from the same valuation as the
 * contract summary; `?format=csv|xlsx` gives the rows and a total row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/contract_values.h"
#include "api/report_output.h"
#include "domain/months.h"
#include "domain/refdata.h"
#include "domain/settlement.h"
#include "domain/target_groups.h"
#include "domain/validate.h"
#include "store/records.h"

#define REPORT_MAX_CONTRACTS 100000

struct period {
	sr_date from, to;
};

struct tally {
	int64_t accepted, pending;
};

static void tally_add(json_t *map, const char *key, bool accepted, int64_t v)
{
	json_t *row = json_object_get(map, key);
	if (!row) {
		row = json_pack("{s:I, s:I, s:I}", "accepted_cents", (json_int_t)0,
				"pending_cents", (json_int_t)0, "activities", (json_int_t)0);
		json_object_set_new(map, key, row);
	}
	const char *field = accepted ? "accepted_cents" : "pending_cents";
	json_object_set_new(row, field,
			    json_integer(json_integer_value(json_object_get(row, field)) + v));
	json_object_set_new(row, "activities",
			    json_integer(json_integer_value(json_object_get(row, "activities")) + 1));
}

/* The report period: from..to, by default everything up to and including
 * as_of, so that "realised" means the same as in a contract summary. */
static bool parse_period(struct request *req, sr_date as_of, struct period *p,
			 struct sr_error *err)
{
	const char *from = request_query(req, "from");
	const char *to = request_query(req, "to");
	p->from = date_from_ymd(1900, 1, 1);
	p->to = as_of;
	if (from && !date_parse(from, &p->from))
		return sr_fail(err, 400, "invalid_parameter", "from", "from must be a date YYYY-MM-DD");
	if (to && !date_parse(to, &p->to))
		return sr_fail(err, 400, "invalid_parameter", "to", "to must be a date YYYY-MM-DD");
	if (p->to < p->from)
		return sr_fail(err, 400, "invalid_parameter", "to", "the period ends before it starts");
	return true;
}

/* The ids of the caller's contracts that match the report's filters and
 * have a policy (awarded). */
static bool contract_ids(struct request *req, int64_t supplier_id,
			 int64_t **ids, int *count, struct sr_error *err)
{
	*ids = NULL;
	*count = 0;
	const char *columns[RESOURCE_MAX_FIELDS];
	struct record_table t;
	resource_table(&contract_resource, &t, columns);
	struct record_query q = {.org_id = req->caller.org_id, .sort_column = -1,
				 .limit = REPORT_MAX_CONTRACTS};
	static const char *const filters[] = {"department", "status", NULL};
	for (int i = 0; filters[i]; i++) {
		const char *v = request_query(req, filters[i]);
		if (!v)
			continue;
		const struct field_desc *f = resource_field(&contract_resource, filters[i]);
		q.filters[q.filter_count].column = (int)(f - contract_resource.fields);
		q.filters[q.filter_count].value.kind = RV_TEXT;
		q.filters[q.filter_count].value.s = v;
		q.filter_count++;
	}
	if (supplier_id) {
		const struct field_desc *f = resource_field(&contract_resource, "supplier_id");
		q.filters[q.filter_count].column = (int)(f - contract_resource.fields);
		q.filters[q.filter_count].value.kind = RV_INT;
		q.filters[q.filter_count].value.i = supplier_id;
		q.filter_count++;
	}
	const char *org = request_query(req, "organisation");
	if (org) {
		int64_t org_id = 0;
		if (!api_org_by_code(req, org, &org_id, err))
			return false;
		q.org_id = (!org_id || (req->caller.org_id && org_id != req->caller.org_id)) ? -1 : org_id;
	}
	struct store_stmt *st = record_select(req->store, &t, &q, err);
	if (!st)
		return false;
	int cap = 0;
	int policy_col = RECORD_COL_FIRST +
			 (int)(resource_field(&contract_resource, "policy_id") - contract_resource.fields);
	enum store_step_result r;
	while ((r = store_step(st, err)) == STORE_ROW) {
		if (store_column_is_null(st, policy_col))
			continue;
		if (*count == cap) {
			cap = cap ? cap * 2 : 64;
			int64_t *n = realloc(*ids, (size_t)cap * sizeof *n);
			if (!n) {
				r = STORE_ERROR;
				sr_fail(err, 503, "out_of_memory", "", "out of memory");
				break;
			}
			*ids = n;
		}
		(*ids)[(*count)++] = store_column_int(st, RECORD_COL_ID);
	}
	store_finalize(st);
	if (r == STORE_ERROR) {
		free(*ids);
		*ids = NULL;
		return false;
	}
	return true;
}

static bool id_seen(json_t *set, const char *key)
{
	if (json_object_get(set, key))
		return true;
	json_object_set_new(set, key, json_true());
	return false;
}

/* Builds the portfolio report. supplier_id 0: all suppliers. */
bool report_portfolio_json(struct request *req, int64_t supplier_id, json_t **out,
		      struct sr_error *err)
{
	struct period period;
	sr_date as_of;
	int64_t *ids = NULL;
	int n = 0;
	if (!api_as_of(req, &as_of, err) || !parse_period(req, as_of, &period, err) ||
	    !contract_ids(req, supplier_id, &ids, &n, err))
		return false;
	int64_t obligation = 0, accepted = 0, pending = 0, forecast = 0;
	int64_t quota_people_tenths = 0, fte_permyriad = 0;
	bool have_quota = false;
	json_t *rows = json_array(), *warnings = json_array();
	json_t *by_group = json_object(), *by_municipality = json_object();
	json_t *by_district = json_object(), *by_kind = json_object();
	json_t *people = json_object(), *placed = json_object();
	bool ok = true;
	for (int i = 0; i < n && ok; i++) {
		struct valued_contract vc;
		if (!contract_value(req, ids[i], &vc, err)) {
			ok = false;
			break;
		}
		if (vc.policy->unit == POLICY_UNIT_HOURS) {
			valued_contract_free(&vc);
			continue; /* hours-based contracts have their own unit */
		}
		struct contract_figures f;
		settlement_figures(vc.policy, &vc.terms, vc.obligation, vc.acts, vc.values,
				   (size_t)vc.rows.count, as_of,
				   json_is_true(json_object_get(vc.contract, "best_efforts_exempt")),
				   &f);
		int64_t c_acc = 0, c_pen = 0;
		for (int k = 0; k < vc.rows.count; k++) {
			struct activity *a = &vc.acts[k];
			struct activity_value *v = &vc.values[k];
			if (v->refusal != REFUSAL_NONE || a->status == REALISATION_REJECTED)
				continue;
			int64_t value =
				report_value_in_period(a, v, period.from, period.to);
			bool is_acc = a->status == REALISATION_ACCEPTED;
			if (is_acc)
				c_acc += value;
			else
				c_pen += value;
			bool in_period = !a->has_period ||
					 (a->start <= period.to && a->end >= period.from);
			if (!in_period)
				continue;
			tally_add(by_kind, activity_kind_name(a->kind), is_acc, value);
			if (!a->candidate)
				continue;
			const struct realisation_row *row = &vc.rows.items[k];
			tally_add(by_group,
				  v->target_group >= 0 ? target_groups[v->target_group].name : "none",
				  is_acc, value);
			int pc4 = postcode_area(row->postcode);
			const struct ref_pc4 *area = refdata_pc4(pc4);
			const struct ref_municipality *m =
				area ? refdata_municipality(area->municipality) : NULL;
			tally_add(by_municipality, m ? m->name : "unknown", is_acc, value);
			char district[16];
			snprintf(district, sizeof district, "%02d", (pc4 / 100) % 100);
			tally_add(by_district, pc4 ? district : "unknown", is_acc, value);
			if (!id_seen(people, a->candidate) && v->has_counted_period)
				fte_permyriad += report_fte_permyriad(a->hours_per_week_c,
								      v->full_time_c);
			if (a->kind == ACTIVITY_HIRE || a->kind == ACTIVITY_BBL)
				id_seen(placed, a->candidate);
		}
		obligation += vc.obligation;
		accepted += c_acc;
		pending += c_pen;
		forecast += f.forecast;
		int64_t q;
		if (report_quota_people_tenths(vc.policy, vc.obligation, &q)) {
			quota_people_tenths += q;
			have_quota = true;
		}
		int64_t pct;
		bool has_pct = exact_pct_tenths(c_acc, vc.obligation, &pct);
		json_t *row = json_pack("{s:O, s:O, s:O, s:O, s:I, s:I, s:I, s:o}",
					"contract_id", json_object_get(vc.contract, "id"),
					"reference", json_object_get(vc.contract, "reference"),
					"status", json_object_get(vc.contract, "status"),
					"supplier_id", json_object_get(vc.contract, "supplier_id"),
					"obligation_cents", (json_int_t)vc.obligation,
					"accepted_cents", (json_int_t)c_acc,
					"pending_cents", (json_int_t)c_pen,
					"realisation_pct",
					has_pct ? json_real((double)pct / 10.0) : json_null());
		json_array_append_new(rows, row);
		if (settlement_early_warning(&vc.terms, &f, as_of))
			json_array_append(warnings, row);
		valued_contract_free(&vc);
	}
	free(ids);
	if (!ok) {
		json_decref(rows);
		json_decref(warnings);
		json_decref(by_group);
		json_decref(by_municipality);
		json_decref(by_district);
		json_decref(by_kind);
		json_decref(people);
		json_decref(placed);
		return false;
	}
	int64_t pct = 0, pct_all = 0;
	bool has_pct = exact_pct_tenths(accepted, obligation, &pct);
	bool has_all = exact_pct_tenths(accepted + pending, obligation, &pct_all);
	char from[SR_DATE_TEXT_LEN] = "", to[SR_DATE_TEXT_LEN] = "", day[SR_DATE_TEXT_LEN];
	date_format(period.from, from);
	date_format(period.to, to);
	date_format(as_of, day);
	size_t placed_count = json_object_size(placed);
	json_t *quota = json_pack("{s:I, s:o}", "people_placed", (json_int_t)placed_count,
				  "people_expected",
				  have_quota ? json_real((double)quota_people_tenths / 10.0)
					     : json_null());
	json_t *view20 = json_pack("{s:I, s:I, s:o}", "value_cents",
				   (json_int_t)(accepted + pending), "obligation_cents",
				   (json_int_t)obligation, "realisation_pct",
				   has_all ? json_real((double)pct_all / 10.0) : json_null());
	*out = json_pack(
		"{s:s, s:o, s:o, s:I, s:I, s:I, s:I, s:o, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
		"as_of", day, "from",
		request_query(req, "from") ? json_string(from) : json_null(), "to",
		json_string(to),
		"obligation_cents", (json_int_t)obligation, "accepted_cents",
		(json_int_t)accepted, "pending_cents", (json_int_t)pending,
		"forecast_cents", (json_int_t)forecast, "realisation_pct",
		has_pct ? json_real((double)pct / 10.0) : json_null(), "people",
		(json_int_t)json_object_size(people), "fte",
		json_real((double)fte_permyriad / 10000.0), "by_target_group", by_group,
		"by_municipality", by_municipality, "by_district", by_district, "by_kind",
		by_kind, "quota_view", quota, "view_2_0", view20, "early_warnings",
		warnings);
	json_object_set_new(*out, "contracts", rows);
	json_decref(people);
	json_decref(placed);
	return true;
}

void api_reports_portfolio(struct request *req, struct response *res)
{
	struct sr_error err = {0};
	int64_t supplier_id = 0;
	const char *s = request_query(req, "supplier_id");
	if (s) {
		char *end;
		supplier_id = strtoll(s, &end, 10);
		if (!*s || *end || supplier_id <= 0) {
			response_fail(res, 400, "invalid_parameter", "supplier_id",
				      "supplier_id must be a number");
			return;
		}
	}
	json_t *report = NULL;
	if (!report_portfolio_json(req, supplier_id, &report, &err)) {
		response_error(res, &err);
		return;
	}
	if (export_wanted(req)) { /* ?format=csv|xlsx (report_output.c) */
		report_portfolio_file(report, req, res);
		json_decref(report);
		return;
	}
	response_json(res, 200, report);
}

void api_suppliers_record(struct request *req, struct response *res)
{
	struct sr_error err = {0};
	int64_t id;
	json_t *supplier = NULL, *report = NULL;
	if (!api_path_id(req, 0, &id, &err) ||
	    !crud_load(&supplier_resource, req, id, &supplier, NULL, &err) ||
	    !report_portfolio_json(req, id, &report, &err)) {
		json_decref(supplier);
		response_error(res, &err);
		return;
	}
	json_t *record = json_pack(
		"{s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O}", "supplier_id",
		json_object_get(supplier, "id"), "name", json_object_get(supplier, "name"),
		"kvk", json_object_get(supplier, "kvk"), "pso_rung",
		json_object_get(supplier, "pso_rung"), "pso_valid_from",
		json_object_get(supplier, "pso_valid_from"), "pso_valid_until",
		json_object_get(supplier, "pso_valid_until"), "obligation_cents",
		json_object_get(report, "obligation_cents"), "accepted_cents",
		json_object_get(report, "accepted_cents"), "pending_cents",
		json_object_get(report, "pending_cents"), "realisation_pct",
		json_object_get(report, "realisation_pct"), "contracts",
		json_object_get(report, "contracts"));
	json_decref(supplier);
	json_decref(report);
	response_json(res, 200, record);
}
