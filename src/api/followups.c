/* followups.c: /api/v1/follow-ups, retention: for every hire, is the person
 * still employed 6, 12 and 24 months after the start? The follow-ups are
 * created with the hire; job coaches and consultants record the answers. */
#include <string.h>

#include "api/api.h"
#include "domain/settlement.h"
#include "store/followup_store.h"

static const char *const answers[] = {"yes", "no", "unknown", NULL};

static const struct field_desc followup_fields[] = {
	{"realisation_id", "realisation_id", FT_REF, F_READONLY | F_FILTER, CHK_NONE, NULL, "realisations", 0, 0,
	 "the hire"},
	{"months", "months", FT_INT, F_READONLY | F_FILTER, CHK_NONE, NULL, NULL, 6, 24,
	 "6, 12 or 24 months after the start"},
	{"due_date", "due_date", FT_DATE, F_READONLY | F_SORT, CHK_NONE, NULL, NULL, 0, 0,
	 "when to ask"},
	{"employed", "employed", FT_ENUM, F_FILTER, CHK_NONE, answers, NULL, 0, 0,
	 "still employed: yes, no or unknown"},
	{"checked_on", "checked_on", FT_DATE, 0, CHK_NONE, NULL, NULL, 0, 0,
	 "when it was checked"},
};

static bool check_followup(struct request *req, const struct resource_desc *d,
			   json_t *r, json_t *before, int64_t org_id,
			   struct sr_error *err)
{
	(void)req;
	(void)d;
	(void)before;
	(void)org_id;
	const char *employed = json_string_value(json_object_get(r, "employed"));
	if (employed && strcmp(employed, "unknown") != 0 &&
	    !json_is_string(json_object_get(r, "checked_on")))
		return sr_fail(err, 400, "missing_field", "checked_on",
			       "give the date the answer was checked");
	return true;
}

const struct resource_desc followup_resource = {
	.name = "follow-ups",
	.entity = "follow_up",
	.fields = followup_fields,
	.field_count = sizeof followup_fields / sizeof followup_fields[0],
	.table = "follow_ups",
	.check = check_followup,
};

void api_followups_list(struct request *req, struct response *res)
{
	crud_list(&followup_resource, req, res);
}
void api_followups_get(struct request *req, struct response *res)
{
	crud_get(&followup_resource, req, res);
}
void api_followups_update(struct request *req, struct response *res)
{
	crud_update(&followup_resource, req, res);
}

bool followups_create_for_hire(struct request *req, int64_t org_id,
			       int64_t realisation_id, sr_date start,
			       struct sr_error *err)
{
	static const int months[] = {6, 12, 24};
	char now[32];
	api_now(now);
	for (int i = 0; i < 3; i++) {
		int64_t id;
		char due[SR_DATE_TEXT_LEN];
		date_format(retention_followup_date(start, months[i]), due);
		if (!store_next_id(req->store, &id, err) ||
		    !store_followup_insert(req->store, org_id, id, realisation_id,
					   months[i], due, now, err))
			return false;
	}
	return true;
}
