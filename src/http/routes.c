/*
 * routes.c: every URL sroi answers, its handler and its permission.
 * docs/openapi.yaml is generated from this table (`sroi openapi`), and a
 * test checks that the two agree.
 */
#include "http/routes.h"

#include "api/api.h"
#include "api/matching.h"

#define V1 "/api/v1"

const struct route routes[] = {
	{"GET", V1 "/health", api_health, "public", 0, "Version and schema version"},
	{"GET", V1 "/openapi.yaml", api_openapi, "public", 0, "This API's OpenAPI document"},

	/* Login runs in a read transaction: the password is checked before the
	 * write lock is taken (session.c). */
	{"POST", V1 "/session", api_session_create, "public", 0, "Log in: answers the user and the CSRF token, sets the session cookie"},
	{"GET", V1 "/session", api_session_get, "signed_in", 0, "Who is signed in, and the session's CSRF token"},
	{"DELETE", V1 "/session", api_session_delete, "signed_in", ROUTE_WRITE, "Log out"},
	{"POST", V1 "/session/totp", api_session_totp_new, "signed_in", 0, "A new TOTP secret to enrol (nothing is stored yet)"},
	{"PUT", V1 "/session/totp", api_session_totp_enable, "signed_in", ROUTE_WRITE, "Turn on TOTP: the secret, a current code and the password"},

	{"GET", V1 "/organisations", api_organisations_list, "organisations:read", ROUTE_CACHE, "List organisations"},
	{"POST", V1 "/organisations", api_organisations_create, "organisations:create", ROUTE_WRITE, "Create an organisation (system accounts)"},
	{"GET", V1 "/organisations/{id}", api_organisations_get, "organisations:read", ROUTE_CACHE, "Get an organisation"},
	{"PATCH", V1 "/organisations/{id}", api_organisations_update, "organisations:write", ROUTE_WRITE, "Update an organisation"},

	{"GET", V1 "/organisations/{org}/policies", api_policies_list, "policies:read", ROUTE_CACHE, "The versions of an organisation's policy"},
	{"PUT", V1 "/organisations/{org}/policies", api_policies_put, "policies:write", ROUTE_WRITE, "Add a policy version"},
	{"GET", V1 "/policies/{id}", api_policies_get, "policies:read", ROUTE_CACHE, "Get a policy version"},

	{"GET", V1 "/suppliers", api_suppliers_list, "suppliers:read", ROUTE_CACHE, "List suppliers"},
	{"POST", V1 "/suppliers", api_suppliers_create, "suppliers:write", ROUTE_WRITE, "Create a supplier"},
	{"GET", V1 "/suppliers/{id}", api_suppliers_get, "suppliers:read", ROUTE_CACHE, "Get a supplier"},
	{"PATCH", V1 "/suppliers/{id}", api_suppliers_update, "suppliers:write", ROUTE_WRITE, "Update a supplier"},
	{"DELETE", V1 "/suppliers/{id}", api_suppliers_delete, "suppliers:write", ROUTE_WRITE, "Archive a supplier"},

	{"GET", V1 "/suppliers/{id}/record", api_suppliers_record, "reports:read", ROUTE_CACHE, "A supplier's track record: contracts, realisation, settlement"},

	{"GET", V1 "/reports/portfolio", api_reports_portfolio, "reports:read", ROUTE_CACHE, "The organisation's portfolio over a period"},

	{"GET", V1 "/contracts", api_contracts_list, "contracts:read", ROUTE_CACHE, "List contracts"},
	{"POST", V1 "/contracts", api_contracts_create, "contracts:write", ROUTE_WRITE, "Create a contract"},
	{"GET", V1 "/contracts/{id}", api_contracts_get, "contracts:read", ROUTE_CACHE, "Get a contract"},
	{"PATCH", V1 "/contracts/{id}", api_contracts_update, "contracts:write", ROUTE_WRITE, "Update a contract"},
	{"DELETE", V1 "/contracts/{id}", api_contracts_delete, "contracts:write", ROUTE_WRITE, "Archive a contract"},
	{"POST", V1 "/contracts/{id}/award", api_contracts_award, "contracts:write", ROUTE_WRITE, "Award: compute the obligation under the policy in force"},
	{"POST", V1 "/contracts/{id}/start", api_contracts_start, "contracts:write", ROUTE_WRITE, "Mark an awarded contract running"},
	{"POST", V1 "/contracts/{id}/end", api_contracts_end, "contracts:write", ROUTE_WRITE, "Mark a running contract ended"},
	{"POST", V1 "/contracts/{id}/settle", api_contracts_settle, "contracts:write", ROUTE_WRITE, "Settle an ended contract"},

	{"GET", V1 "/contracts/{id}/summary", api_contracts_summary, "contracts:read", ROUTE_CACHE, "Obligation, realised, pending, forecast and settlement as of a date"},
	{"POST", V1 "/calc", api_calc, "public", 0, "The calculator: what a scenario yields under a policy (stores nothing)"},

	{"GET", V1 "/plan-items", api_plan_list, "plans:read", ROUTE_CACHE, "List plan items"},
	{"POST", V1 "/plan-items", api_plan_create, "plans:write", ROUTE_WRITE, "Add a plan item to a contract"},
	{"GET", V1 "/plan-items/{id}", api_plan_get, "plans:read", ROUTE_CACHE, "Get a plan item"},
	{"PATCH", V1 "/plan-items/{id}", api_plan_update, "plans:write", ROUTE_WRITE, "Change a plan item"},
	{"DELETE", V1 "/plan-items/{id}", api_plan_delete, "plans:write", ROUTE_WRITE, "Remove a plan item"},
	{"POST", V1 "/plan-items/{id}/agree", api_plan_agree, "plans:agree", ROUTE_WRITE, "Agree a plan item"},

	{"GET", V1 "/candidates", api_candidates_list, "candidates:read", ROUTE_CACHE, "List candidates (pseudonymous)"},
	{"POST", V1 "/candidates", api_candidates_create, "candidates:write", ROUTE_WRITE, "Create a candidate"},
	{"GET", V1 "/candidates/{id}", api_candidates_get, "candidates:read", ROUTE_CACHE, "Get a candidate (pseudonymous)"},
	{"PATCH", V1 "/candidates/{id}", api_candidates_update, "candidates:write", ROUTE_WRITE, "Update a candidate"},
	{"GET", V1 "/candidates/{id}/identity", api_candidate_identity_get, "identity:read", ROUTE_WRITE, "Read a candidate's identity (audited)"},
	{"PUT", V1 "/candidates/{id}/identity", api_candidate_identity_put, "identity:write", ROUTE_WRITE, "Record a candidate's identity"},

	{"GET", V1 "/openings", api_openings_list, "openings:read", ROUTE_CACHE, "List openings"},
	{"POST", V1 "/openings", api_openings_create, "openings:write", ROUTE_WRITE, "Create an opening"},
	{"GET", V1 "/openings/{id}", api_openings_get, "openings:read", ROUTE_CACHE, "Get an opening"},
	{"PATCH", V1 "/openings/{id}", api_openings_update, "openings:write", ROUTE_WRITE, "Update an opening"},
	{"DELETE", V1 "/openings/{id}", api_openings_delete, "openings:write", ROUTE_WRITE, "Delete an opening"},

	/* Matching (matching.c, proposals.c): shortlists and rounds, then
	 * proposals and their life. */
	{"GET", V1 "/openings/{id}/shortlist", api_openings_shortlist, "matching:read", ROUTE_CACHE, "The best k candidates for an opening (?k=10, 1-100; ?scope=organisation|region), with score components"},
	{"GET", V1 "/candidates/{id}/suggestions", api_candidates_suggestions, "matching:read", ROUTE_CACHE, "The best k openings for a candidate (?k=10, 1-100; ?scope=organisation|region), with score components"},
	{"GET", V1 "/matching/runs", api_matching_runs_list, "matching:read", ROUTE_CACHE, "The organisation's proposal rounds (without their fairness reports)"},
	{"POST", V1 "/matching/runs", api_matching_runs_create, "matching:run", ROUTE_OWN_TRANSACTION, "Run a proposal round over the organisation's or region's openings and store its proposals"},
	{"GET", V1 "/matching/runs/{id}", api_matching_runs_get, "matching:read", ROUTE_CACHE, "A proposal round: objective, counts and fairness report"},
	{"GET", V1 "/matching/runs/{id}/proposals", api_matching_runs_proposals, "matching:read", ROUTE_CACHE, "The proposals of a round"},
	{"GET", V1 "/proposals", api_proposals_list, "proposals:read", ROUTE_CACHE, "List proposals (status, opening_id, candidate_id, run_id; overdue=true with as_of)"},
	{"POST", V1 "/proposals", api_proposals_create, "proposals:write", ROUTE_WRITE, "Propose a candidate for an opening (source consultant or employer), checked against the hard constraints"},
	{"GET", V1 "/proposals/{id}", api_proposals_get, "proposals:read", ROUTE_CACHE, "Get a proposal"},
	{"POST", V1 "/proposals/{id}/introduce", api_proposals_introduce, "proposals:write", ROUTE_WRITE, "Introduce a proposed candidate to the employer"},
	{"POST", V1 "/proposals/{id}/hire", api_proposals_hire, "proposals:answer", ROUTE_WRITE, "The employer hires: creates the realisation, ends the candidate's other proposals"},
	{"POST", V1 "/proposals/{id}/decline", api_proposals_decline, "proposals:answer", ROUTE_WRITE, "Decline a proposal (by employer or candidate, with a reason)"},

	{"GET", V1 "/realisations", api_realisations_list, "realisations:read", ROUTE_CACHE, "List realisations"},
	{"POST", V1 "/realisations", api_realisations_create, "realisations:report", ROUTE_WRITE, "Report a realisation"},
	{"GET", V1 "/realisations/{id}", api_realisations_get, "realisations:read", ROUTE_CACHE, "Get a realisation"},
	{"PATCH", V1 "/realisations/{id}", api_realisations_update, "realisations:report", ROUTE_WRITE, "Correct a reported realisation"},
	{"DELETE", V1 "/realisations/{id}", api_realisations_delete, "realisations:report", ROUTE_WRITE, "Withdraw a reported realisation"},
	{"POST", V1 "/realisations/{id}/evidence", api_evidence_upload, "realisations:report", ROUTE_WRITE | ROUTE_RAW, "Upload evidence (PDF, PNG or JPEG, at most 10 MiB) as the request body"},
	{"GET", V1 "/realisations/{id}/evidence", api_evidence_list, "realisations:read", ROUTE_CACHE, "List a realisation's evidence"},
	{"GET", V1 "/evidence/{id}", api_evidence_download, "realisations:read", ROUTE_WRITE, "Download evidence (audited)"},
	{"POST", V1 "/realisations/{id}/accept", api_realisations_accept, "realisations:verify", ROUTE_WRITE, "Accept a reported realisation"},
	{"POST", V1 "/realisations/{id}/reject", api_realisations_reject, "realisations:verify", ROUTE_WRITE, "Reject a reported realisation, with a reason"},

	{"GET", V1 "/follow-ups", api_followups_list, "followups:read", ROUTE_CACHE, "List retention follow-ups (filter by due date, answer)"},
	{"GET", V1 "/follow-ups/{id}", api_followups_get, "followups:read", ROUTE_CACHE, "Get a follow-up"},
	{"PATCH", V1 "/follow-ups/{id}", api_followups_update, "followups:write", ROUTE_WRITE, "Record whether the person is still employed"},

	{"GET", V1 "/audit", api_audit_list, "audit:read", 0, "Read the audit log"},

	/* Imports (docs/import.md): a CSV or XLSX file as multipart/form-data (part "file") or as the body; ?dry_run=true, ?partial=true; system accounts add ?organisation=CODE. */
	{"POST", V1 "/imports/suppliers", api_imports_create, "suppliers:write", ROUTE_WRITE | ROUTE_RAW | ROUTE_IMPORT, "Import suppliers (upsert by KvK number)"},
	{"POST", V1 "/imports/contracts", api_imports_create, "contracts:write", ROUTE_WRITE | ROUTE_RAW | ROUTE_IMPORT, "Import contracts (upsert by reference; awarded through the award action)"},
	{"POST", V1 "/imports/plans", api_imports_create, "plans:write", ROUTE_WRITE | ROUTE_RAW | ROUTE_IMPORT, "Import plan items (upsert by contract and block)"},
	{"POST", V1 "/imports/candidates", api_imports_create, "candidates:write", ROUTE_WRITE | ROUTE_RAW | ROUTE_IMPORT, "Import candidates (upsert by external_id; identity columns need identity:write)"},
	{"POST", V1 "/imports/openings", api_imports_create, "openings:write", ROUTE_WRITE | ROUTE_RAW | ROUTE_IMPORT, "Import openings (upsert by external_id)"},
	{"POST", V1 "/imports/realisations", api_imports_create, "realisations:report", ROUTE_WRITE | ROUTE_RAW | ROUTE_IMPORT, "Import realisations (upsert by external_id; accepting needs realisations:verify)"},
	{"POST", V1 "/imports/follow-ups", api_imports_create, "followups:write", ROUTE_WRITE | ROUTE_RAW | ROUTE_IMPORT, "Import follow-up answers (by realisation and months)"},
	{"POST", V1 "/imports/policies", api_imports_create, "policies:write", ROUTE_WRITE | ROUTE_RAW | ROUTE_IMPORT, "Import policy versions (a JSON document or an array of them)"},
	{"POST", V1 "/imports/tenderned", api_imports_create, "contracts:write", ROUTE_WRITE | ROUTE_RAW | ROUTE_IMPORT, "Import contracts from TenderNed open data (OCDS JSON)"},
	{"GET", V1 "/imports/templates/{kind}", api_imports_template, "signed_in", 0, "The CSV template of an import kind (?lang=nl for Dutch headers)"},
	{"GET", V1 "/imports/{id}", api_imports_get, "signed_in", 0, "An import job: progress while it runs, then its report"},
	{"GET", V1 "/reports/portfolio.pdf", api_reports_portfolio_pdf, "reports:read", 0, "The portfolio report for the council as PDF (charts included)"},

	{"GET", V1 "/users", api_users_list, "users:read", 0, "List the organisation's accounts"},
	{"POST", V1 "/users", api_users_create, "users:write", ROUTE_WRITE, "Create an account"},
	{"GET", V1 "/users/{id}", api_users_get, "users:read", 0, "Get an account"},
	{"PATCH", V1 "/users/{id}", api_users_update, "users:write", ROUTE_WRITE, "Change an account's role, password or disabled flag"},
	{"GET", V1 "/tokens", api_tokens_list, "tokens:read", 0, "List API tokens (never their secret)"},
	{"POST", V1 "/tokens", api_tokens_create, "tokens:write", ROUTE_WRITE, "Create an API token for a role (the token is shown once)"},
	{"DELETE", V1 "/tokens/{id}", api_tokens_revoke, "tokens:write", ROUTE_WRITE, "Revoke an API token"},
	{NULL, NULL, NULL, NULL, 0, NULL},
};
