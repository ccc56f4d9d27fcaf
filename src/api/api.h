/*
 * api.h: helpers shared by the handler files in src/api, and the handlers
 * the route table (src/http/routes.c) names.
 */
#ifndef SROI_API_API_H
#define SROI_API_API_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "api/resource.h"
#include "http/request.h"

/* The request body as a JSON object: 400 invalid_json when malformed or not
 * an object. The caller owns *out. */
bool api_body_object(const struct request *req, json_t **out,
		     struct sr_error *err);
/* The path parameter idx as a positive id: 404 when it is not one. */
bool api_path_id(const struct request *req, int idx, int64_t *id,
		 struct sr_error *err);
/* The current time as "YYYY-MM-DDTHH:MM:SSZ". */
void api_now(char out[32]);
/* as_of from the query (YYYY-MM-DD), today when absent. */
bool api_as_of(const struct request *req, sr_date *out, struct sr_error *err);

/* The organisation a new record belongs to: the caller's, or (before
 * accounts, or for callers acting for all) the body's "organisation" code,
 * which is removed from body. */
bool api_target_org(struct request *req, json_t *body, int64_t *org_id,
		    struct sr_error *err);
/* True when region_id is the region that member_id belongs to. */
bool api_org_is_region_of(struct request *req, int64_t region_id,
			  int64_t member_id, bool *is_region,
			  struct sr_error *err);
/* Organisation id by code; 0 when unknown. */
bool api_org_by_code(struct request *req, const char *code, int64_t *org_id,
		     struct sr_error *err);

/* Generic resource handlers (crud.c). */
void crud_list(const struct resource_desc *d, struct request *req,
	       struct response *res);
void crud_get(const struct resource_desc *d, struct request *req,
	      struct response *res);
void crud_create(const struct resource_desc *d, struct request *req,
		 struct response *res);
void crud_update(const struct resource_desc *d, struct request *req,
		 struct response *res);
void crud_delete(const struct resource_desc *d, struct request *req,
		 struct response *res);

/* Validates a new record (fields, references, the resource's own rules),
 * normalising body in place. */
bool crud_validate_new(const struct resource_desc *d, struct request *req,
		       json_t *body, int64_t org_id, struct sr_error *err);
/* Inserts a validated record. */
bool crud_insert(const struct resource_desc *d, struct request *req,
		 int64_t org_id, int64_t id, json_t *record, const char *now,
		 struct sr_error *err);

/* Validates a change to a stored record (imports): body holds new values
 * of some fields; those equal to before's once normalised are dropped, the
 * rest are checked as PATCH checks them. *after gets the record as it would
 * be stored, or NULL when nothing changes. */
bool crud_validate_change(const struct resource_desc *d, struct request *req,
			  json_t *body, json_t *before, int64_t org_id,
			  json_t **after, struct sr_error *err);
/* Calls each with every record the list request selects (its filters and
 * sort, every page), as the caller sees it; for exports. */
bool crud_list_each(const struct resource_desc *d, struct request *req,
		    bool (*each)(json_t *record, void *ctx), void *ctx,
		    struct sr_error *err);

/* Loads one record visible to the caller as JSON (404 when missing or of
 * another organisation). */
bool crud_load(const struct resource_desc *d, struct request *req,
	       int64_t id, json_t **record, int64_t *org_id,
	       struct sr_error *err);
/* Writes the changed fields of record (compared with before) and an audit
 * entry with action. */
bool crud_save_changes(const struct resource_desc *d, struct request *req,
		       int64_t org_id, int64_t id, json_t *before,
		       json_t *after, const char *action, struct sr_error *err);

/* Appends an audit entry (the store keeps the hash chain). changes may be
 * NULL; it is not consumed. */
bool api_audit(struct request *req, int64_t org_id, const char *action,
	       const char *entity, int64_t entity_id, json_t *changes,
	       struct sr_error *err);

/* Contracts (contract_workflow.c): the facts the obligation and the
 * valuation read, from a contract record; the recomputation on amendment. */
struct contract_terms;
bool contract_terms_from_record(struct request *req, json_t *contract,
				int64_t org_id, struct contract_terms *t,
				struct sr_error *err);
bool contract_recompute_if_amended(struct request *req, json_t *after,
				   json_t *before, int64_t org_id,
				   struct sr_error *err);

/* The plan of a contract against what was realised per block (plan.c). */
bool plan_for_contract(struct request *req, int64_t contract_id, json_t **out,
		       struct sr_error *err);

/* Checks an identity document (name required; BSN eleven-test; birth
 * date), as PUT /candidates/{id}/identity does (candidates.c). */
bool candidate_identity_check(json_t *body, struct sr_error *err);

/* Follow-ups at 6, 12 and 24 months after a hire's start (followups.c). */
bool followups_create_for_hire(struct request *req, int64_t org_id,
			       int64_t realisation_id, sr_date start,
			       struct sr_error *err);

/* Lists and reports as files (export.c): true when the request asks for
 * ?format=csv or xlsx; export_list answers a list route that way. */
bool export_wanted(const struct request *req);
void export_list(const struct resource_desc *d, struct request *req,
		 struct response *res);

/* The portfolio report as the API answers it (reports.c); supplier_id 0:
 * every supplier. */
bool report_portfolio_json(struct request *req, int64_t supplier_id,
			   json_t **out, struct sr_error *err);

/* The portfolio as a PDF for the council (report_pdf.c); created is the
 * document's creation date ("YYYY-MM-DDTHH:MM:SSZ"), the one thing that
 * differs between two PDFs of the same data. *out is malloc'ed. */
bool report_portfolio_pdf(json_t *report, const char *org_name,
			  const char *created, unsigned char **out, size_t *len,
			  struct sr_error *err);

/* Handlers named in the route table. */
void api_health(struct request *req, struct response *res);
void api_openapi(struct request *req, struct response *res);
void api_organisations_list(struct request *req, struct response *res);
void api_organisations_get(struct request *req, struct response *res);
void api_organisations_create(struct request *req, struct response *res);
void api_organisations_update(struct request *req, struct response *res);
void api_suppliers_list(struct request *req, struct response *res);
void api_suppliers_get(struct request *req, struct response *res);
void api_suppliers_create(struct request *req, struct response *res);
void api_suppliers_update(struct request *req, struct response *res);
void api_suppliers_delete(struct request *req, struct response *res);
void api_contracts_list(struct request *req, struct response *res);
void api_contracts_get(struct request *req, struct response *res);
void api_contracts_create(struct request *req, struct response *res);
void api_contracts_update(struct request *req, struct response *res);
void api_contracts_delete(struct request *req, struct response *res);
void api_candidates_list(struct request *req, struct response *res);
void api_candidates_get(struct request *req, struct response *res);
void api_candidates_create(struct request *req, struct response *res);
void api_candidates_update(struct request *req, struct response *res);
void api_candidates_delete(struct request *req, struct response *res);
void api_candidate_identity_get(struct request *req, struct response *res);
void api_candidate_identity_put(struct request *req, struct response *res);
void api_openings_list(struct request *req, struct response *res);
void api_openings_get(struct request *req, struct response *res);
void api_openings_create(struct request *req, struct response *res);
void api_openings_update(struct request *req, struct response *res);
void api_openings_delete(struct request *req, struct response *res);
void api_realisations_list(struct request *req, struct response *res);
void api_realisations_get(struct request *req, struct response *res);
void api_realisations_create(struct request *req, struct response *res);
void api_realisations_update(struct request *req, struct response *res);
void api_realisations_delete(struct request *req, struct response *res);
void api_realisations_accept(struct request *req, struct response *res);
void api_realisations_reject(struct request *req, struct response *res);
void api_evidence_upload(struct request *req, struct response *res);
void api_evidence_list(struct request *req, struct response *res);
void api_evidence_download(struct request *req, struct response *res);
void api_audit_list(struct request *req, struct response *res);
/* Imports (import_http.c) and the council's PDF (report_pdf.c). */
void api_imports_create(struct request *req, struct response *res);
void api_imports_get(struct request *req, struct response *res);
void api_imports_template(struct request *req, struct response *res);
void api_reports_portfolio_pdf(struct request *req, struct response *res);
/* Accounts, sessions and API tokens (session.c, users.c, tokens.c). */
/* The organisation a new account or token goes to: the caller's, or for a
 * system account the body's "organisation" ("*" for another system
 * account). The key is removed from body. */
bool api_account_org(struct request *req, json_t *body, int64_t *org_id,
		     struct sr_error *err);
void api_session_create(struct request *req, struct response *res);
void api_session_get(struct request *req, struct response *res);
void api_session_delete(struct request *req, struct response *res);
void api_session_totp_new(struct request *req, struct response *res);
void api_session_totp_enable(struct request *req, struct response *res);
void api_users_list(struct request *req, struct response *res);
void api_users_create(struct request *req, struct response *res);
void api_users_get(struct request *req, struct response *res);
void api_users_update(struct request *req, struct response *res);
void api_tokens_list(struct request *req, struct response *res);
void api_tokens_create(struct request *req, struct response *res);
void api_tokens_revoke(struct request *req, struct response *res);
void api_contracts_award(struct request *req, struct response *res);
void api_contracts_start(struct request *req, struct response *res);
void api_contracts_end(struct request *req, struct response *res);
void api_contracts_settle(struct request *req, struct response *res);
void api_contracts_summary(struct request *req, struct response *res);
void api_calc(struct request *req, struct response *res);
void api_plan_list(struct request *req, struct response *res);
void api_plan_get(struct request *req, struct response *res);
void api_plan_create(struct request *req, struct response *res);
void api_plan_update(struct request *req, struct response *res);
void api_plan_delete(struct request *req, struct response *res);
void api_plan_agree(struct request *req, struct response *res);
void api_reports_portfolio(struct request *req, struct response *res);
void api_suppliers_record(struct request *req, struct response *res);
void api_followups_list(struct request *req, struct response *res);
void api_followups_get(struct request *req, struct response *res);
void api_followups_update(struct request *req, struct response *res);
void api_policies_list(struct request *req, struct response *res);
void api_policies_put(struct request *req, struct response *res);
void api_policies_get(struct request *req, struct response *res);

#endif
