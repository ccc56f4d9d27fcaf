/* suppliers.c: /api/v1/suppliers, the companies that win contracts. */
#include "api/api.h"

static const char *const supplier_categories[] = {
	"regular", "social_enterprise", "pso_certified", "sheltered_work", NULL};

static const struct field_desc supplier_fields[] = {
	{"kvk", "kvk", FT_TEXT, F_REQUIRED | F_FILTER | F_SORT, CHK_KVK, NULL, NULL, 0, 8,
	 "Chamber of Commerce (KvK) number, 8 digits"},
	{"name", "name", FT_TEXT, F_REQUIRED | F_FILTER | F_SORT, CHK_NONE, NULL, NULL, 0, 200,
	 "registered name"},
	{"postcode", "postcode", FT_TEXT, 0, CHK_POSTCODE, NULL, NULL, 0, 0,
	 "postcode of the establishment, 1234 AB"},
	{"category", "category", FT_ENUM, F_FILTER | F_SORT, CHK_NONE, supplier_categories, NULL, 0, 0,
	 "category for valuing purchases"},
	{"social_enterprise", "social_enterprise", FT_BOOL, F_FILTER, CHK_NONE, NULL, NULL, 0, 0,
	 "recognised social enterprise"},
	{"pso_rung", "pso_rung", FT_INT, F_FILTER, CHK_NONE, NULL, NULL, 0, 3,
	 "PSO rung: 0 aspirant, 1, 2, 3; null when none"},
	{"pso_valid_from", "pso_valid_from", FT_DATE, 0, CHK_NONE, NULL, NULL, 0, 0,
	 "first day the PSO certificate is valid"},
	{"pso_valid_until", "pso_valid_until", FT_DATE, 0, CHK_NONE, NULL, NULL, 0, 0,
	 "last day the PSO certificate is valid"},
};

static bool check_supplier(struct request *req, const struct resource_desc *d,
			   json_t *r, json_t *before, int64_t org_id,
			   struct sr_error *err)
{
	(void)req;
	(void)d;
	(void)before;
	(void)org_id;
	sr_date from, until;
	const char *f = json_string_value(json_object_get(r, "pso_valid_from"));
	const char *u = json_string_value(json_object_get(r, "pso_valid_until"));
	if (f && u && date_parse(f, &from) && date_parse(u, &until) &&
	    until < from)
		return sr_fail(err, 422, "invalid_date_range", "pso_valid_until",
			       "the PSO certificate ends before it starts");
	if (!json_object_get(r, "category"))
		json_object_set_new(r, "category", json_string("regular"));
	if (!json_object_get(r, "social_enterprise"))
		json_object_set_new(r, "social_enterprise", json_false());
	return true;
}

const struct resource_desc supplier_resource = {
	.name = "suppliers",
	.entity = "supplier",
	.fields = supplier_fields,
	.field_count = sizeof supplier_fields / sizeof supplier_fields[0],
	.table = "suppliers",
	.archivable = true,
	.deletable = true,
	.check = check_supplier,
	.supplier_scope = "r.id = ?", /* a supplier account: its own record */
};

void api_suppliers_list(struct request *req, struct response *res)
{
	crud_list(&supplier_resource, req, res);
}
void api_suppliers_get(struct request *req, struct response *res)
{
	crud_get(&supplier_resource, req, res);
}
void api_suppliers_create(struct request *req, struct response *res)
{
	crud_create(&supplier_resource, req, res);
}
void api_suppliers_update(struct request *req, struct response *res)
{
	crud_update(&supplier_resource, req, res);
}
void api_suppliers_delete(struct request *req, struct response *res)
{
	crud_delete(&supplier_resource, req, res);
}
