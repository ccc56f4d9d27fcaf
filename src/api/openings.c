/* openings.c: /api/v1/openings, a supplier's jobs, internships, work-learning
 * places and training places that candidates are matched to. */
#include "api/api.h"

static const char *const opening_kinds[] = {"job", "internship", "bbl", "bol",
					    "training", "other", NULL};
static const char *const opening_statuses[] = {"open", "filled", "closed", NULL};
static const char *const education_levels[] = {"none", "vo", "mbo1", "mbo2", "mbo3",
					       "mbo4", "hbo", "wo", NULL};

static const struct field_desc opening_fields[] = {
	{"supplier_id", "supplier_id", FT_REF, F_REQUIRED | F_FILTER, CHK_NONE, NULL, "suppliers", 0, 0,
	 "the employer"},
	{"contract_id", "contract_id", FT_REF, F_FILTER, CHK_NONE, NULL, "contracts", 0, 0,
	 "the contract whose obligation it serves"},
	{"kind", "kind", FT_ENUM, F_REQUIRED | F_FILTER | F_SORT, CHK_NONE, opening_kinds, NULL, 0, 0,
	 "job, internship, bbl, bol, training or other"},
	{"title", "title", FT_TEXT, 0, CHK_NONE, NULL, NULL, 0, 300, "title"},
	{"esco_code", "esco_code", FT_TEXT, F_REQUIRED | F_FILTER, CHK_ESCO, NULL, NULL, 0, 0,
	 "ESCO occupation code"},
	{"postcode", "postcode", FT_TEXT, F_REQUIRED | F_FILTER | F_SORT, CHK_POSTCODE, NULL, NULL, 0, 0,
	 "where the work is"},
	{"hours_per_week", "hours_per_week_centi", FT_CENTI, F_REQUIRED, CHK_NONE, NULL, NULL, 0, 60,
	 "hours per week"},
	{"positions", "positions", FT_INT, F_SORT, CHK_NONE, NULL, NULL, 1, 1000,
	 "number of positions"},
	{"start_date", "start_date", FT_DATE, F_REQUIRED | F_SORT, CHK_NONE, NULL, NULL, 0, 0,
	 "start date"},
	{"max_travel_km", "max_travel_km", FT_INT, 0, CHK_NONE, NULL, NULL, 0, 300,
	 "maximum travel distance the employer accepts"},
	{"requires_licence", "requires_licence", FT_BOOL, 0, CHK_NONE, NULL, NULL, 0, 0,
	 "a driving licence is required"},
	{"min_education_level", "min_education_level", FT_ENUM, 0, CHK_NONE, education_levels, NULL, 0, 0,
	 "minimum education level"},
	{"status", "status", FT_ENUM, F_FILTER | F_SORT, CHK_NONE, opening_statuses, NULL, 0, 0,
	 "open, filled or closed"},
	{"external_id", "external_id", FT_TEXT, F_FILTER, CHK_NONE, NULL, NULL, 0, 100, "the id in the system it comes from (imports)"},
};

static bool check_opening(struct request *req, const struct resource_desc *d,
			  json_t *r, json_t *before, int64_t org_id,
			  struct sr_error *err)
{
	(void)req;
	(void)d;
	(void)before;
	(void)org_id;
	(void)err;
	if (!json_object_get(r, "positions"))
		json_object_set_new(r, "positions", json_integer(1));
	if (!json_object_get(r, "status"))
		json_object_set_new(r, "status", json_string("open"));
	if (!json_object_get(r, "requires_licence"))
		json_object_set_new(r, "requires_licence", json_false());
	return true;
}

const struct resource_desc opening_resource = {
	.name = "openings",
	.entity = "opening",
	.fields = opening_fields,
	.field_count = sizeof opening_fields / sizeof opening_fields[0],
	.table = "openings",
	.archivable = false,
	.deletable = true,
	.check = check_opening,
	.supplier_scope = "r.supplier_id = ?",
};

void api_openings_list(struct request *req, struct response *res)
{
	crud_list(&opening_resource, req, res);
}
void api_openings_get(struct request *req, struct response *res)
{
	crud_get(&opening_resource, req, res);
}
void api_openings_create(struct request *req, struct response *res)
{
	crud_create(&opening_resource, req, res);
}
void api_openings_update(struct request *req, struct response *res)
{
	crud_update(&opening_resource, req, res);
}
void api_openings_delete(struct request *req, struct response *res)
{
	crud_delete(&opening_resource, req, res);
}
