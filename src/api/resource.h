/*
 * resource.h: the description of an API resource, declared once per resource
 * (fields, types, limits, which can be filtered and sorted) and read by the
 * generic handlers (crud.c), the store (records.c) and the OpenAPI document.
 */
#ifndef SROI_API_RESOURCE_H
#define SROI_API_RESOURCE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "http/request.h"
#include "store/records.h"

enum field_type {
	FT_TEXT,
	FT_INT,
	FT_MONEY,  /* integer cents, >= 0 */
	FT_DATE,   /* "YYYY-MM-DD" */
	FT_MONTH,  /* "YYYY-MM" */
	FT_BOOL,
	FT_ENUM,   /* one of choices */
	FT_CENTI,  /* a number with at most two decimals, >= 0, stored x100 */
	FT_LIST,   /* array of strings, stored as JSON text */
	FT_REF,    /* id of a record of `ref` in the same organisation */
	FT_JSON,   /* a JSON object, stored as text (explanations) */
};

enum field_check {
	CHK_NONE,
	CHK_KVK,
	CHK_POSTCODE,
	CHK_CPV,
	CHK_ESCO,
	CHK_ESCO_LIST,
	CHK_TARGET_GROUPS,
};

enum field_flags {
	F_REQUIRED = 1,  /* must be given on create */
	F_READONLY = 2,  /* set by the server only */
	F_FILTER = 4,    /* ?field=value filters lists */
	F_SORT = 8,      /* ?sort=field sorts lists (column is NOT NULL) */
	F_IMMUTABLE = 16 /* given on create, never changed */
};

struct field_desc {
	const char *name;   /* JSON name */
	const char *column; /* SQL column */
	enum field_type type;
	unsigned flags;
	enum field_check check;
	const char *const *choices; /* FT_ENUM, NULL-terminated */
	const char *ref;            /* FT_REF: table name */
	int64_t min, max;           /* FT_INT/FT_TEXT length; 0,0: defaults */
	const char *description;
};

struct resource_desc;

/* Cross-field rules and derived values, run on create (before == NULL) and
 * update with the whole record as it would be stored; may change `record`
 * (derived fields). Return false with err to refuse. */
typedef bool (*resource_check)(struct request *req,
			       const struct resource_desc *desc,
			       json_t *record, json_t *before, int64_t org_id,
			       struct sr_error *err);

/* Runs after a record was written (created or updated), inside the same
 * transaction, for work that needs the stored record (revaluation). */
typedef bool (*resource_after_write)(struct request *req,
				     const struct resource_desc *desc,
				     int64_t org_id, int64_t id,
				     struct sr_error *err);

struct resource_desc {
	const char *name;   /* URL segment: "contracts" */
	const char *entity; /* singular for the audit log: "contract" */
	const struct field_desc *fields;
	size_t field_count;
	const char *table;
	bool archivable;           /* the table has an `archived` flag */
	bool untimed;              /* no created_at/updated_at columns */
	bool deletable;            /* DELETE allowed (archives if archivable) */
	resource_check check;
	resource_after_write after_write;
	/* Runs after an existing record was changed (PATCH, an import's
	 * changed row), inside the same transaction: stored values that
	 * follow from it are brought up to date (revaluation). */
	resource_after_write after_update;
	/* What a supplier account sees of this resource (docs/security.md):
	 * by default nothing; with supplier_sees_all every record of its
	 * organisation; with supplier_scope the records for which this SQL
	 * condition on `r` holds, its one `?` bound to the account's supplier
	 * id ("r.supplier_id = ?"). supplier_fields, when set, lists the only
	 * fields a supplier account is shown (NULL-terminated). */
	const char *supplier_scope;
	bool supplier_sees_all;
	const char *const *supplier_fields;
};

/* supplier_scope of records that belong to a contract of the supplier. */
#define SUPPLIER_SCOPE_BY_CONTRACT                                             \
	"r.contract_id IN (SELECT sc.id FROM contracts sc WHERE "              \
	"sc.org_id = r.org_id AND sc.supplier_id = ?)"

#define RESOURCE_MAX_FIELDS 48

/* The store's view of a resource: its table and columns. */
void resource_table(const struct resource_desc *d, struct record_table *t,
		    const char **columns);

const struct field_desc *resource_field(const struct resource_desc *d,
					const char *name);

/* The resources, for the OpenAPI document and tests. */
extern const struct resource_desc supplier_resource;
extern const struct resource_desc contract_resource;
extern const struct resource_desc candidate_resource;
extern const struct resource_desc opening_resource;
extern const struct resource_desc realisation_resource;
extern const struct resource_desc audit_resource;
extern const struct resource_desc plan_resource;
extern const struct resource_desc followup_resource;
extern const struct resource_desc *const all_resources[]; /* NULL-terminated */

#endif
