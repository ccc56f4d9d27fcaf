/*
 * import.c: the import engine (see import.h and docs/import.md).
 *
 * One table per kind says which columns a file may have (English and Dutch
 * headers, and a few more names), which resource field each fills and how
 * the record is found again. A row becomes the JSON body the API would get
 * and goes through crud_validate_new or crud_validate_change, the
 * resource's checks and after_write hook; awards, verification and plan
 * agreement run their route handlers in-process, so that no rule exists
 * twice.
 *
 * New candidates, the kind that comes by the million, are the exception in
 * how, not in what: a valid new row goes from its cells straight to the
 * values the API would store and is written in batches ("new records in
 * batches", "new records without JSON" below); any row that path is not
 * sure of goes the way above.
 *
 * The whole import is one savepoint inside the caller's transaction: a
 * refused import (or a dry run) rolls back to it. Kinds whose writes run
 * more code after the insert (contracts, realisations, plans, policies)
 * give every row its own savepoint, so that a refused row leaves nothing
 * behind when the others are kept (partial).
 */
#include "api/import.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "api/api.h"
#include "api/report_output.h"
#include "base/csv.h"
#include "base/xlsx_read.h"
#include "domain/cell_format.h"
#include "domain/target_groups.h"
#include "domain/validate.h"
#include "http/permissions.h"
#include "store/identity_store.h"
#include "store/store.h"

#define IMPORT_MAX_COLUMNS 64
#define IMPORT_MAX_ERRORS 1000 /* listed; all are counted */
#define IMPORT_ID_BLOCK 1024
#define IMPORT_BATCH_ROWS 256  /* new records held before they are written */
#define IMPORT_BATCH_SLOTS 512 /* their keys' hash table: twice the rows */

/* ---- the columns of each kind ----------------------------------------- */

enum column_role {
	ROLE_FIELD,	  /* the resource field, converted by its type */
	ROLE_EUROS,	  /* a money field given in euros */
	ROLE_SUPPLIER,	  /* a supplier's KvK number: supplier_id */
	ROLE_CONTRACT,	  /* a contract's reference: contract_id */
	ROLE_CANDIDATE,	  /* a candidate's external id: candidate_id */
	ROLE_REALISATION, /* a realisation's external id: realisation_id */
	ROLE_IDENTITY,	  /* a field of the candidate's identity */
	ROLE_STATUS,	  /* the record's state, reached through its actions */
	ROLE_ACTION,	  /* a value for an action (award, settle, reject) */
	ROLE_INFO,	  /* accepted and ignored (a supplier's name in OCDS) */
};

struct import_column {
	const char *name; /* English header, as sroi writes it */
	const char *nl;	  /* Dutch header */
	const char *also; /* more accepted headers, '|'-separated */
	enum column_role role;
	const char *field;    /* resource, identity or action field */
	enum field_type type; /* ROLE_ACTION and ROLE_IDENTITY values */
};

#define END_COLUMNS                                                            \
	{                                                                      \
		NULL, NULL, NULL, ROLE_FIELD, NULL, FT_TEXT                    \
	}

/* Columns of sroi's own list exports that an import passes over: ids,
 * times and the fields sroi computes. */
static const struct import_column ignored_column = {"",	       "", "",
						    ROLE_INFO, "", FT_TEXT};
static const struct import_column blank_column = {"",	     "", "",
						  ROLE_INFO, "", FT_TEXT};

static const struct import_column supplier_columns[] = {
    {"kvk", "kvk-nummer", "kvk nummer|kvknr|chamber of commerce|coc number",
     ROLE_FIELD, "kvk", FT_TEXT},
    {"name", "naam", "bedrijfsnaam|company|company name|leverancier",
     ROLE_FIELD, "name", FT_TEXT},
    {"postcode", "postcode", "postal code|zip", ROLE_FIELD, "postcode",
     FT_TEXT},
    {"category", "categorie", "", ROLE_FIELD, "category", FT_TEXT},
    {"social_enterprise", "sociale onderneming", "", ROLE_FIELD,
     "social_enterprise", FT_TEXT},
    {"pso_rung", "pso-trede", "pso|pso trede|pso level", ROLE_FIELD, "pso_rung",
     FT_TEXT},
    {"pso_valid_from", "pso geldig vanaf", "", ROLE_FIELD, "pso_valid_from",
     FT_TEXT},
    {"pso_valid_until", "pso geldig tot", "", ROLE_FIELD, "pso_valid_until",
     FT_TEXT},
    END_COLUMNS,
};

static const struct import_column contract_columns[] = {
    {"reference", "referentie", "kenmerk|contractnummer|contract number|ref",
     ROLE_FIELD, "reference", FT_TEXT},
    {"title", "titel", "omschrijving|naam|name", ROLE_FIELD, "title", FT_TEXT},
    {"department", "afdeling", "budgethouder", ROLE_FIELD, "department",
     FT_TEXT},
    {"cpv_code", "cpv-code", "cpv", ROLE_FIELD, "cpv_code", FT_TEXT},
    {"kind", "soort", "type|contractsoort|contract type", ROLE_FIELD, "kind",
     FT_TEXT},
    {"value_eur", "waarde (eur)",
     "waarde|contractwaarde|value|opdrachtwaarde|waarde eur", ROLE_EUROS,
     "value_cents", FT_MONEY},
    {"value_cents", "waarde (cent)", "", ROLE_FIELD, "value_cents", FT_TEXT},
    {"start_date", "startdatum", "ingangsdatum|begindatum|start", ROLE_FIELD,
     "start_date", FT_TEXT},
    {"end_date", "einddatum", "end|looptijd tot", ROLE_FIELD, "end_date",
     FT_TEXT},
    {"labour_share_pct", "arbeidsaandeel (%)",
     "arbeidsaandeel|loonaandeel|labour share", ROLE_FIELD, "labour_share_pct",
     FT_TEXT},
    {"labour_hours", "arbeidsuren", "labour hours", ROLE_FIELD, "labour_hours",
     FT_TEXT},
    {"supplier_kvk", "kvk leverancier",
     "leverancier kvk|opdrachtnemer kvk|supplier|kvk opdrachtnemer",
     ROLE_SUPPLIER, "supplier_id", FT_TEXT},
    {"award_date", "gunningsdatum", "datum gunning|awarded on", ROLE_FIELD,
     "award_date", FT_TEXT},
    {"status", "status", "fase", ROLE_STATUS, "status", FT_TEXT},
    {"opt_in", "vrijwillig", "opt-in", ROLE_ACTION, "opt_in", FT_BOOL},
    {"deviation_percentage", "afwijkend percentage", "afwijking percentage",
     ROLE_ACTION, "deviation_percentage", FT_CENTI},
    {"deviation_reason", "reden afwijking", "", ROLE_ACTION, "deviation_reason",
     FT_TEXT},
    {"prequalification_reason", "reden prekwalificatie", "", ROLE_ACTION,
     "prequalification_reason", FT_TEXT},
    {"best_efforts_exempt", "vrijgesteld (inspanning)",
     "inspanningsverplichting", ROLE_ACTION, "best_efforts_exempt", FT_BOOL},
    {"supplier_name", "naam leverancier", "", ROLE_INFO, "supplier_name",
     FT_TEXT},
    END_COLUMNS,
};

static const struct import_column plan_columns[] = {
    {"contract_reference", "contract",
     "referentie contract|contractreferentie|contract reference", ROLE_CONTRACT,
     "contract_id", FT_TEXT},
    {"block_id", "bouwblok", "block|blok", ROLE_FIELD, "block_id", FT_TEXT},
    {"description", "omschrijving", "", ROLE_FIELD, "description", FT_TEXT},
    {"quantity", "aantal", "", ROLE_FIELD, "quantity", FT_TEXT},
    {"expected_value_eur", "verwachte waarde (eur)",
     "verwachte waarde|expected value", ROLE_EUROS, "expected_value_cents",
     FT_MONEY},
    {"expected_value_cents", "verwachte waarde (cent)", "", ROLE_FIELD,
     "expected_value_cents", FT_TEXT},
    {"planned_start", "geplande start", "start", ROLE_FIELD, "planned_start",
     FT_TEXT},
    {"status", "status", "", ROLE_STATUS, "status", FT_TEXT},
    END_COLUMNS,
};

static const struct import_column candidate_columns[] = {
    {"external_id", "extern id",
     "klantnummer|client number|id|cliëntnummer|clientnummer", ROLE_FIELD,
     "external_id", FT_TEXT},
    {"target_groups", "doelgroepen", "doelgroep|target group", ROLE_FIELD,
     "target_groups", FT_TEXT},
    {"birth_month", "geboortemaand", "", ROLE_FIELD, "birth_month", FT_TEXT},
    {"postcode", "postcode", "postal code", ROLE_FIELD, "postcode", FT_TEXT},
    {"occupations", "beroepen", "beroep|esco|occupation", ROLE_FIELD,
     "occupations", FT_TEXT},
    {"education_level", "opleidingsniveau", "opleiding|education", ROLE_FIELD,
     "education_level", FT_TEXT},
    {"hours_per_week", "uren per week", "uren|hours", ROLE_FIELD,
     "hours_per_week", FT_TEXT},
    {"max_travel_km", "maximale reisafstand (km)",
     "reisafstand|max reisafstand|travel km", ROLE_FIELD, "max_travel_km",
     FT_TEXT},
    {"available_from", "beschikbaar vanaf", "", ROLE_FIELD, "available_from",
     FT_TEXT},
    {"on_benefit_since", "uitkering sinds", "in uitkering sinds", ROLE_FIELD,
     "on_benefit_since", FT_TEXT},
    {"driving_licence", "rijbewijs", "driving license", ROLE_FIELD,
     "driving_licence", FT_TEXT},
    {"status", "status", "", ROLE_FIELD, "status", FT_TEXT},
    {"name", "naam", "volledige naam|full name", ROLE_IDENTITY, "name",
     FT_TEXT},
    {"bsn", "bsn", "burgerservicenummer", ROLE_IDENTITY, "bsn", FT_TEXT},
    {"birth_date", "geboortedatum", "date of birth", ROLE_IDENTITY,
     "birth_date", FT_DATE},
    {"email", "e-mail", "email address|e-mailadres", ROLE_IDENTITY, "email",
     FT_TEXT},
    {"phone", "telefoon", "telefoonnummer|phone number", ROLE_IDENTITY, "phone",
     FT_TEXT},
    {"address", "adres", "", ROLE_IDENTITY, "address", FT_TEXT},
    END_COLUMNS,
};

static const struct import_column opening_columns[] = {
    {"external_id", "extern id", "vacaturenummer|id", ROLE_FIELD, "external_id",
     FT_TEXT},
    {"supplier_kvk", "kvk werkgever",
     "kvk leverancier|werkgever kvk|employer kvk", ROLE_SUPPLIER, "supplier_id",
     FT_TEXT},
    {"contract_reference", "contract", "referentie contract|contract reference",
     ROLE_CONTRACT, "contract_id", FT_TEXT},
    {"kind", "soort", "type", ROLE_FIELD, "kind", FT_TEXT},
    {"title", "titel", "functie|functietitel|job title", ROLE_FIELD, "title",
     FT_TEXT},
    {"esco_code", "esco-code", "esco|beroep|occupation", ROLE_FIELD,
     "esco_code", FT_TEXT},
    {"postcode", "postcode", "werklocatie", ROLE_FIELD, "postcode", FT_TEXT},
    {"hours_per_week", "uren per week", "uren|hours", ROLE_FIELD,
     "hours_per_week", FT_TEXT},
    {"positions", "aantal plaatsen", "plaatsen|aantal", ROLE_FIELD, "positions",
     FT_TEXT},
    {"start_date", "startdatum", "start", ROLE_FIELD, "start_date", FT_TEXT},
    {"max_travel_km", "maximale reisafstand (km)", "reisafstand", ROLE_FIELD,
     "max_travel_km", FT_TEXT},
    {"requires_licence", "rijbewijs vereist", "rijbewijs", ROLE_FIELD,
     "requires_licence", FT_TEXT},
    {"min_education_level", "minimaal opleidingsniveau", "opleidingsniveau",
     ROLE_FIELD, "min_education_level", FT_TEXT},
    {"status", "status", "", ROLE_FIELD, "status", FT_TEXT},
    END_COLUMNS,
};

static const struct import_column realisation_columns[] = {
    {"external_id", "extern id", "id|meldingnummer", ROLE_FIELD, "external_id",
     FT_TEXT},
    {"contract_reference", "contract", "referentie contract|contract reference",
     ROLE_CONTRACT, "contract_id", FT_TEXT},
    {"kind", "soort", "type|activiteit", ROLE_FIELD, "kind", FT_TEXT},
    {"candidate_external_id", "kandidaat",
     "kandidaat extern id|candidate|klantnummer", ROLE_CANDIDATE,
     "candidate_id", FT_TEXT},
    {"start_date", "startdatum", "start|begindatum", ROLE_FIELD, "start_date",
     FT_TEXT},
    {"end_date", "einddatum", "end", ROLE_FIELD, "end_date", FT_TEXT},
    {"hours_per_week", "uren per week", "", ROLE_FIELD, "hours_per_week",
     FT_TEXT},
    {"invoice_eur", "factuurbedrag (eur)", "factuurbedrag|invoice|factuur",
     ROLE_EUROS, "invoice_cents", FT_MONEY},
    {"invoice_cents", "factuurbedrag (cent)", "", ROLE_FIELD, "invoice_cents",
     FT_TEXT},
    {"amount_eur", "bedrag (eur)", "bedrag|kosten|amount|costs", ROLE_EUROS,
     "amount_cents", FT_MONEY},
    {"amount_cents", "bedrag (cent)", "", ROLE_FIELD, "amount_cents", FT_TEXT},
    {"hours", "uren", "", ROLE_FIELD, "hours", FT_TEXT},
    {"supplier_category", "categorie leverancier", "", ROLE_FIELD,
     "supplier_category", FT_TEXT},
    {"level", "niveau", "", ROLE_FIELD, "level", FT_TEXT},
    {"permanent_contract", "vast contract", "vaste aanstelling", ROLE_FIELD,
     "permanent_contract", FT_TEXT},
    {"prior_internship_months", "maanden stage vooraf", "", ROLE_FIELD,
     "prior_internship_months", FT_TEXT},
    {"subcontractor_name", "onderaannemer", "naam onderaannemer", ROLE_FIELD,
     "subcontractor_name", FT_TEXT},
    {"subcontractor_kvk", "kvk onderaannemer", "", ROLE_FIELD,
     "subcontractor_kvk", FT_TEXT},
    {"status", "status", "", ROLE_STATUS, "status", FT_TEXT},
    {"reject_reason", "reden afwijzing", "reden", ROLE_ACTION, "reason",
     FT_TEXT},
    END_COLUMNS,
};

static const struct import_column followup_columns[] = {
    {"realisation_external_id", "realisatie",
     "realisatie extern id|realisation", ROLE_REALISATION, "realisation_id",
     FT_TEXT},
    {"months", "maanden", "na maanden", ROLE_INFO, "months", FT_INT},
    {"employed", "nog in dienst", "in dienst|employed", ROLE_FIELD, "employed",
     FT_TEXT},
    {"checked_on", "gecontroleerd op", "datum controle|checked", ROLE_FIELD,
     "checked_on", FT_TEXT},
    END_COLUMNS,
};

/* Dutch words for the values of choice fields. */
static const struct {
	const char *word, *value;
} choice_words[] = {
    {"werken", "works"},
    {"diensten", "services"},
    {"leveringen", "supplies"},
    {"levering", "supplies"},
    {"goods", "supplies"},
    {"concept", "draft"},
    {"gegund", "awarded"},
    {"lopend", "running"},
    {"beeindigd", "ended"},
    {"beëindigd", "ended"},
    {"afgelopen", "ended"},
    {"afgerekend", "settled"},
    {"baan", "job"},
    {"vacature", "job"},
    {"stage", "internship"},
    {"opleiding", "training"},
    {"scholing", "training"},
    {"overig", "other"},
    {"vervuld", "filled"},
    {"gesloten", "closed"},
    {"aanstelling", "hire"},
    {"dienstverband", "hire"},
    {"inkoop", "purchase"},
    {"uren", "hours"},
    {"kosten", "costs"},
    {"maatwerk", "custom"},
    {"gemeld", "reported"},
    {"gerapporteerd", "reported"},
    {"geaccepteerd", "accepted"},
    {"goedgekeurd", "accepted"},
    {"afgewezen", "rejected"},
    {"voorgesteld", "proposed"},
    {"akkoord", "agreed"},
    {"overeengekomen", "agreed"},
    {"actief", "active"},
    {"geplaatst", "placed"},
    {"gearchiveerd", "archived"},
    {"geen", "none"},
    {"ja", "yes"},
    {"nee", "no"},
    {"onbekend", "unknown"},
    {"regulier", "regular"},
    {"sociale onderneming", "social_enterprise"},
    {"pso-gecertificeerd", "pso_certified"},
    {"sociale werkvoorziening", "sheltered_work"},
    {"sw-bedrijf", "sheltered_work"},
};

struct import_ctx;
struct import_row;

struct import_kind {
	const char *name;
	const char *entity; /* for the job's audit entry */
	const struct resource_desc *desc;
	const struct import_column *columns;
	const char *key_column; /* the column every row must have */
	bool (*row)(struct import_ctx *c, struct import_row *r,
		    struct sr_error *err);
	bool savepoint_per_row;
	/* New records are written in batches (see "new records in
	 * batches"): the kind's create is validation and insert only. */
	bool batched;
};

/* ---- the import's state ------------------------------------------------ */

enum outcome { OUT_CREATED, OUT_UPDATED, OUT_UNCHANGED };

struct import_ctx {
	struct request *req;
	const struct import_options *o;
	const struct import_kind *kind;
	const char *file;
	int64_t org_id, job_id;
	char now[32];
	bool analyzed; /* refresh_statistics ran */
	/* the header */
	int ncols;
	/* column -> its description: one of the kind's, one made for a
	 * resource field named as in JSON, &ignored_column, or &blank_column
	 * (no header); NULL when unknown */
	const struct import_column *col[IMPORT_MAX_COLUMNS];
	/* the resource field of col[i], found once (column_field) */
	const struct import_column *field_col[IMPORT_MAX_COLUMNS];
	const struct field_desc *field[IMPORT_MAX_COLUMNS];
	struct import_column by_field[IMPORT_MAX_COLUMNS];
	char header[IMPORT_MAX_COLUMNS][80];
	/* counts */
	long total, done, created, updated, unchanged, failed;
	json_t *errors;
	long error_count;
	bool fatal_header;
	/* the ids of new records, as ranges [first, last] */
	json_t *created_ranges;
	int64_t range_first, range_last;
	json_t *identity_fields; /* identity fields written for new records */
	/* ids handed out in blocks */
	int64_t next_id, id_end;
	/* new records waiting to be written, or NULL */
	struct new_batch *batch;
	/* the keys of the records this import created, when the
	 * organisation had none of the kind before it; or NULL */
	struct key_filter *created_keys;
	/* new records without JSON (fast_row): the header allows it; the
	 * column of the key; the ESCO codes found valid so far */
	bool fast;
	int key_col;
	struct code_cache *codes;
	/* what fast_row's look-up of a row it left found, so that
	 * row_candidate need not look again: hint_id for hint_key */
	bool hint;
	int64_t hint_id;
	char hint_key[128];
	/* progress */
	time_t last_progress;
	bool drew_progress;
	enum outcome outcome;
	char scratch[CSV_STREAM_MAX_FIELD + 1]; /* a trimmed cell */
};

/* One row, converted. */
struct import_row {
	long number;	  /* as the spreadsheet counts (header = 1) */
	json_t *body;	  /* resource fields */
	json_t *identity; /* identity fields, or NULL */
	json_t *action;	  /* action values */
	const char *status;
	char key_supplier[32], key_contract[128], key_candidate[128],
	    key_realisation[128];
	long months;
	bool has_months;
};

/* ---- errors ------------------------------------------------------------- */

static void column_letters(int col, char out[8])
{
	char tmp[8];
	int n = 0;
	col++;
	while (col > 0 && n < 6) {
		int r = (col - 1) % 26;
		tmp[n++] = (char)('A' + r);
		col = (col - 1) / 26;
	}
	for (int i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}

/* Records an error of row (0: the file) at column col (-1: none). */
static void add_error(struct import_ctx *c, long row, int col,
		      const char *field, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static void add_error(struct import_ctx *c, long row, int col,
		      const char *field, const char *code, const char *fmt, ...)
{
	c->error_count++;
	if (json_array_size(c->errors) >= IMPORT_MAX_ERRORS)
		return;
	char message[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	json_t *e = json_pack("{s:s, s:I, s:s}", "file", c->file, "row",
			      (json_int_t)row, "message", message);
	if (col >= 0) {
		char letters[8];
		column_letters(col, letters);
		json_object_set_new(e, "column", json_string(c->header[col]));
		json_object_set_new(e, "column_letter", json_string(letters));
	} else {
		json_object_set_new(e, "column", json_null());
	}
	json_object_set_new(e, "field",
			    field && *field ? json_string(field) : json_null());
	json_object_set_new(e, "code", json_string(code));
	json_array_append_new(c->errors, e);
}

/* The file column that gave field (a resource or action field), or -1. */
static int column_of_field(struct import_ctx *c, const char *field)
{
	if (!field || !*field || !c->kind)
		return -1;
	for (int i = 0; i < c->ncols; i++) {
		const struct import_column *col = c->col[i];
		if (col && col->field && col->role != ROLE_INFO &&
		    strcmp(col->field, field) == 0)
			return i;
	}
	return -1;
}

static void add_row_error(struct import_ctx *c, const struct import_row *r,
			  const struct sr_error *err)
{
	int col = column_of_field(c, err->field);
	add_error(c, r->number, col, err->field,
		  err->code[0] ? err->code : "invalid", "%s", err->message);
}

/* ---- permissions ----------------------------------------------------- */

static bool may(struct import_ctx *c, const char *permission)
{
	return c->o->trusted ||
	       permissions_caller_has(&c->req->caller, permission);
}

/* ---- headers ------------------------------------------------------------ */

/* Lower-case letters and digits only: "KvK-nummer" -> "kvknummer". Bytes
 * above ASCII are kept, so that accented words still compare. */
static void header_key(const char *in, char *out, size_t n)
{
	size_t j = 0;
	for (const unsigned char *p = (const unsigned char *)in;
	     *p && j + 1 < n; p++) {
		if (isalnum(*p))
			out[j++] = (char)tolower(*p);
		else if (*p >= 0x80)
			out[j++] = (char)*p;
	}
	out[j] = '\0';
}

static bool header_matches(const struct import_column *col, const char *key)
{
	char k[96];
	header_key(col->name, k, sizeof k);
	if (strcmp(k, key) == 0)
		return true;
	header_key(col->nl, k, sizeof k);
	if (strcmp(k, key) == 0)
		return true;
	const char *p = col->also;
	while (p && *p) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);
		char one[96];
		snprintf(one, sizeof one, "%.*s", (int)len, p);
		header_key(one, k, sizeof k);
		if (strcmp(k, key) == 0)
			return true;
		p = bar ? bar + 1 : NULL;
	}
	return false;
}

/* The resource field a header names: its JSON name, or its header in
 * sroi's English or Dutch exports (*euros: that header's amounts are in
 * euros). */
static const struct field_desc *field_by_header(const struct resource_desc *d,
						const char *key, bool *euros)
{
	char label[128], k[128];
	for (size_t i = 0; i < d->field_count; i++) {
		const struct field_desc *f = &d->fields[i];
		header_key(f->name, k, sizeof k);
		if (strcmp(k, key) == 0)
			return f;
		enum table_kind kind = f->type == FT_MONEY ? TK_CENTS : TK_TEXT;
		for (int lang = LANG_EN; lang <= LANG_NL; lang++) {
			header_key(table_label(f->name, kind,
					       (enum table_lang)lang, label,
					       sizeof label),
				   k, sizeof k);
			if (strcmp(k, key) == 0) {
				*euros = f->type == FT_MONEY;
				return f;
			}
		}
	}
	return NULL;
}

/* Columns every list export has: id, organisation and the times. */
static bool system_column(const char *key)
{
	static const char *const names[] = {"id", "organisation", "created_at",
					    "updated_at", NULL};
	char label[128], k[128];
	for (int i = 0; names[i]; i++)
		for (int lang = LANG_RAW; lang <= LANG_NL; lang++) {
			header_key(table_label(names[i], TK_TEXT,
					       (enum table_lang)lang, label,
					       sizeof label),
				   k, sizeof k);
			if (strcmp(k, key) == 0)
				return true;
		}
	return false;
}

static bool map_header(struct import_ctx *c, int count,
		       const char *const *cells)
{
	const struct import_column *cols = c->kind->columns;
	if (count > IMPORT_MAX_COLUMNS) {
		add_error(c, 1, -1, NULL, "too_many_columns",
			  "the file has %d columns; sroi reads at most %d",
			  count, IMPORT_MAX_COLUMNS);
		c->fatal_header = true;
		return false;
	}
	c->ncols = count;
	const struct resource_desc *d = c->kind->desc;
	for (int i = 0; i < count; i++) {
		snprintf(c->header[i], sizeof c->header[i], "%s", cells[i]);
		c->col[i] = NULL;
		char key[96];
		header_key(cells[i], key, sizeof key);
		if (!key[0]) {
			/* a column without a header is allowed when empty */
			c->col[i] = &blank_column;
			continue;
		}
		for (int k = 0; cols[k].name; k++)
			if (header_matches(&cols[k], key)) {
				c->col[i] = &cols[k];
				break;
			}
		if (!c->col[i]) {
			/* A field by its JSON name or by the headers of sroi's
			 * list exports (money in euros there); what sroi sets
			 * itself is passed over. */
			bool euros = false;
			const struct field_desc *f =
			    field_by_header(d, key, &euros);
			if (f && !(f->flags & F_READONLY)) {
				c->by_field[i] = (struct import_column){
				    cells[i], cells[i],
				    "",	      euros ? ROLE_EUROS : ROLE_FIELD,
				    f->name,  f->type};
				c->col[i] = &c->by_field[i];
			} else if (f || system_column(key)) {
				c->col[i] = &ignored_column;
			}
		}
		if (!c->col[i]) {
			add_error(c, 1, i, NULL, "unknown_column",
				  "sroi does not know the column '%s' for %s "
				  "(docs/import.md "
				  "lists the columns)",
				  cells[i], c->kind->name);
			c->fatal_header = true;
			continue;
		}
		const struct import_column *me = c->col[i];
		if (me->role == ROLE_INFO && me != &cols[0] && !me->field[0])
			continue;
		for (int j = 0; j < i; j++) {
			const struct import_column *other = c->col[j];
			if (other && other->field && other->field[0] &&
			    me->field && strcmp(other->field, me->field) == 0) {
				add_error(c, 1, i, me->field,
					  "duplicate_column",
					  "the column '%s' gives the same "
					  "value as column "
					  "'%s'",
					  cells[i], c->header[j]);
				c->fatal_header = true;
			}
		}
	}
	/* The key column must be there. */
	{
		bool found = false;
		for (int i = 0; i < count; i++)
			found |= c->col[i] && strcmp(c->col[i]->name,
						     c->kind->key_column) == 0;
		if (!found) {
			add_error(c, 1, -1, NULL, "missing_column",
				  "the file has no column '%s' (the id sroi "
				  "finds the "
				  "records by)",
				  c->kind->key_column);
			c->fatal_header = true;
		}
	}
	if (strcmp(c->kind->name, "follow-ups") == 0) {
		bool found = false;
		for (int i = 0; i < count; i++)
			found |=
			    c->col[i] && strcmp(c->col[i]->name, "months") == 0;
		if (!found) {
			add_error(c, 1, -1, NULL, "missing_column",
				  "the file has no column 'months'");
			c->fatal_header = true;
		}
	}
	/* Identity columns need the permission to write identities. */
	for (int i = 0; i < count; i++)
		if (c->col[i] && c->col[i]->role == ROLE_IDENTITY &&
		    !may(c, "identity:write")) {
			add_error(c, 1, i, c->col[i]->field, "forbidden",
				  "the column '%s' is identity, which your "
				  "role may not "
				  "write: leave it out",
				  cells[i]);
			c->fatal_header = true;
		}
	return !c->fatal_header;
}

/* ---- cell values ----------------------------------------------------- */

enum cell_kind { CELL_TEXT, CELL_NUMBER, CELL_DATE };

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Trims spaces: s itself when there are none, else a copy in buf. */
static const char *trimmed(const char *s, char *buf, size_t n)
{
	while (is_space(*s))
		s++;
	size_t len = strlen(s);
	if (!len || !is_space(s[len - 1]))
		return s;
	while (len && is_space(s[len - 1]))
		len--;
	if (len >= n)
		len = n - 1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return buf;
}

static bool parse_number(const char *text, enum cell_kind kind, int decimals,
			 int64_t *out, const char **why)
{
	if (kind == CELL_NUMBER)
		return cell_parse_plain_number(text, decimals, out, why);
	return cell_parse_amount(text, decimals, out, why);
}

/* A scaled-by-100 value as the API's JSON number (32 or 32.5). */
static json_t *centi_json(int64_t v)
{
	if (v % 100 == 0)
		return json_integer(v / 100);
	return json_real((double)v / 100.0);
}

/* The value of a choice: itself, case-insensitively, or a Dutch word. */
static const char *choice_value(const struct field_desc *f, const char *text)
{
	for (const char *const *ch = f->choices; ch && *ch; ch++)
		if (strcasecmp(*ch, text) == 0)
			return *ch;
	char key[64];
	snprintf(key, sizeof key, "%s", text);
	for (char *p = key; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	for (size_t i = 0; i < sizeof choice_words / sizeof choice_words[0];
	     i++)
		if (strcmp(choice_words[i].word, key) == 0)
			for (const char *const *ch = f->choices; ch && *ch;
			     ch++)
				if (strcmp(*ch, choice_words[i].value) == 0)
					return *ch;
	return text;
}

/* A date cell as "YYYY-MM-DD" (text, or an Excel serial number). */
static bool cell_day(const char *text, enum cell_kind kind,
		     char day[SR_DATE_TEXT_LEN], const char **why)
{
	sr_date d;
	if (kind == CELL_DATE || kind == CELL_NUMBER) {
		char *end;
		long long serial = strtoll(text, &end, 10);
		if (!(*end == '\0' || *end == '.') ||
		    !cell_excel_date(serial, &d)) {
			*why = "is not a date";
			return false;
		}
	} else if (!cell_parse_date(text, &d)) {
		*why = "is not a date (write 31-12-2024 or 2024-12-31)";
		return false;
	}
	date_format(d, day);
	return true;
}

/* A month cell as "YYYY-MM". */
static bool cell_month(const char *text, enum cell_kind kind, char month[16],
		       const char **why)
{
	int y, m;
	sr_date d;
	if (kind == CELL_DATE || kind == CELL_NUMBER) {
		if (!cell_excel_date(strtoll(text, NULL, 10), &d)) {
			*why = "is not a month";
			return false;
		}
		int day;
		date_to_ymd(d, &y, &m, &day);
	} else if (!cell_parse_month(text, &y, &m)) {
		*why = "is not a month (write 12-1980 or 1980-12)";
		return false;
	}
	if (y >= 0 && y <= 9999 && m >= 0 && m <= 99) {
		/* "%04d-%02d" without printf: one per row adds up */
		month[0] = (char)('0' + y / 1000);
		month[1] = (char)('0' + y / 100 % 10);
		month[2] = (char)('0' + y / 10 % 10);
		month[3] = (char)('0' + y % 10);
		month[4] = '-';
		month[5] = (char)('0' + m / 10);
		month[6] = (char)('0' + m % 10);
		month[7] = '\0';
	} else {
		snprintf(month, 16, "%04d-%02d", y, m);
	}
	return true;
}

/* The next item of a list cell ("a; b|c"), trimmed, at most 255 bytes;
 * NULL after the last. *p walks the cell; item and buf hold the text. */
static const char *list_next(const char **p, char item[256], char buf[256])
{
	while (**p) {
		size_t len = strcspn(*p, ";,|\n");
		size_t n = len < 255 ? len : 255;
		memcpy(item, *p, n);
		item[n] = '\0';
		*p += len;
		if (**p)
			(*p)++;
		const char *t = trimmed(item, buf, 256);
		if (*t)
			return t;
	}
	return NULL;
}

/* Converts a cell to the JSON value of a field of type type. Text that is
 * not a valid value of the type fails with why. */
static bool cell_json(const struct field_desc *f, enum field_type type,
		      const char *text, enum cell_kind kind, json_t **out,
		      const char **why)
{
	*out = NULL;
	int64_t v;
	switch (type) {
	case FT_REF:
		if (!parse_number(text, kind, 0, &v, why))
			return false;
		*out = json_integer(v);
		return true;
	case FT_TEXT:
		if (kind == CELL_NUMBER && f && (f->check == CHK_KVK)) {
			/* a spreadsheet dropped the leading zeros */
			char padded[16];
			size_t len = strlen(text);
			if (len < 8 && strspn(text, "0123456789") == len) {
				snprintf(padded, sizeof padded, "%0*d%s",
					 (int)(8 - len), 0, text);
				*out = json_string(padded);
				return true;
			}
		}
		*out = json_string(text);
		return true;
	case FT_INT:
		if (!parse_number(text, kind, 0, &v, why))
			return false;
		*out = json_integer(v);
		return true;
	case FT_MONEY:
		/* a column in cents */
		if (!parse_number(text, kind, 0, &v, why))
			return false;
		*out = json_integer(v);
		return true;
	case FT_CENTI:
		if (!parse_number(text, kind, 2, &v, why))
			return false;
		*out = centi_json(v);
		return true;
	case FT_DATE: {
		char day[SR_DATE_TEXT_LEN];
		if (!cell_day(text, kind, day, why))
			return false;
		*out = json_string(day);
		return true;
	}
	case FT_MONTH: {
		char month[16];
		if (!cell_month(text, kind, month, why))
			return false;
		*out = json_string(month);
		return true;
	}
	case FT_BOOL: {
		bool b;
		if (!cell_parse_bool(text, &b)) {
			*why = "must be yes or no (ja/nee)";
			return false;
		}
		*out = json_boolean(b);
		return true;
	}
	case FT_ENUM:
		*out = json_string(choice_value(f, text));
		return true;
	case FT_LIST: {
		json_t *list = json_array();
		const char *p = text, *t;
		char item[256], buf[256];
		while ((t = list_next(&p, item, buf)))
			json_array_append_new(list, json_string(t));
		*out = list;
		return true;
	}
	case FT_JSON:
		*why = "cannot be imported";
		return false;
	}
	*why = "has an unknown type";
	return false;
}

/* Copies a reference into a key of the row; a longer one than any stored
 * reference is refused rather than cut. */
static bool set_key(char *dst, size_t n, const char *text, const char **why)
{
	size_t len = strlen(text);
	if (len >= n) {
		*why = "is too long for a reference";
		return false;
	}
	memcpy(dst, text, len + 1);
	return true;
}

static void row_free(struct import_row *r)
{
	json_decref(r->body);
	json_decref(r->identity);
	json_decref(r->action);
	memset(r, 0, sizeof *r);
}

/* The resource field that column i fills, or NULL. */
static const struct field_desc *column_field(struct import_ctx *c, int i)
{
	const struct import_column *col = c->col[i];
	if (c->field_col[i] != col) {
		c->field_col[i] = col;
		c->field[i] = c->kind->desc
				  ? resource_field(c->kind->desc, col->field)
				  : NULL;
	}
	return c->field[i];
}

/* Converts the cells of one row; conversion errors are recorded. */
static bool convert_row(struct import_ctx *c, long number, int count,
			const char *const *cells, const enum cell_kind *kinds,
			struct import_row *r)
{
	memset(r, 0, sizeof *r);
	r->number = number;
	r->body = json_object();
	r->action = json_object();
	bool ok = true;
	for (int i = 0; i < count && i < c->ncols; i++) {
		const char *text =
		    trimmed(cells[i], c->scratch, sizeof c->scratch);
		if (!*text)
			continue; /* empty: no value given */
		if (c->col[i] == &blank_column) {
			add_error(c, number, i, NULL, "unknown_column",
				  "a value in a column without a header");
			ok = false;
			continue;
		}
		const struct import_column *col = c->col[i];
		if (!col || col == &ignored_column)
			continue;
		const struct field_desc *f = column_field(c, i);
		json_t *value = NULL;
		const char *why = NULL;
		switch (col->role) {
		case ROLE_FIELD:
			if (!f)
				break;
			if (!cell_json(f, f->type, text, kinds[i], &value,
				       &why))
				break;
			json_object_set_new(r->body, col->field, value);
			continue;
		case ROLE_EUROS: {
			int64_t cents;
			if (!parse_number(text, kinds[i], 2, &cents, &why))
				break;
			json_object_set_new(r->body, col->field,
					    json_integer(cents));
			continue;
		}
		case ROLE_SUPPLIER: {
			if (!cell_json(&(struct field_desc){.check = CHK_KVK},
				       FT_TEXT, text, kinds[i], &value, &why))
				break;
			bool fits = set_key(r->key_supplier, sizeof r->key_supplier,
					    json_string_value(value), &why);
			json_decref(value);
			if (!fits)
				break;
			continue;
		}
		case ROLE_CONTRACT:
			if (!set_key(r->key_contract, sizeof r->key_contract,
				     text, &why))
				break;
			continue;
		case ROLE_CANDIDATE:
			if (!set_key(r->key_candidate, sizeof r->key_candidate,
				     text, &why))
				break;
			continue;
		case ROLE_REALISATION:
			if (!set_key(r->key_realisation,
				     sizeof r->key_realisation, text, &why))
				break;
			continue;
		case ROLE_IDENTITY:
			if (!cell_json(NULL, col->type, text, kinds[i], &value,
				       &why))
				break;
			if (!r->identity)
				r->identity = json_object();
			json_object_set_new(r->identity, col->field, value);
			continue;
		case ROLE_STATUS:
			if (!f)
				break;
			if (!cell_json(f, FT_ENUM, text, kinds[i], &value,
				       &why))
				break;
			json_object_set_new(r->action, "status", value);
			r->status = json_string_value(value);
			continue;
		case ROLE_ACTION:
			if (!cell_json(NULL, col->type, text, kinds[i], &value,
				       &why))
				break;
			json_object_set_new(r->action, col->field, value);
			continue;
		case ROLE_INFO:
			if (strcmp(col->field, "months") == 0) {
				int64_t m;
				if (!parse_number(text, kinds[i], 0, &m, &why))
					break;
				r->months = (long)m;
				r->has_months = true;
			}
			continue;
		}
		if (why) {
			add_error(c, number, i, col->field, "invalid_value",
				  "%s '%s' %s", c->header[i], text, why);
			ok = false;
		}
	}
	return ok;
}

/* ---- lookups ------------------------------------------------------------ */

/* The id of the organisation's record that sql selects (its first bind is
 * the organisation; binds gives the others: 't' a text, 'i' an integer),
 * 0 when none. */
static bool find_id(struct import_ctx *c, const char *sql, const char *binds,
		    int64_t *id, struct sr_error *err, ...)
{
	*id = 0;
	struct store_stmt *st = store_prepare(c->req->store, sql, err);
	if (!st)
		return false;
	store_bind_int(st, 1, c->org_id);
	va_list ap;
	va_start(ap, err);
	for (int i = 0; binds[i]; i++) {
		if (binds[i] == 't')
			store_bind_text(st, i + 2, va_arg(ap, const char *));
		else
			store_bind_int(st, i + 2, va_arg(ap, int64_t));
	}
	va_end(ap);
	enum store_step_result r = store_step(st, err);
	if (r == STORE_ROW)
		*id = store_column_int(st, 0);
	store_finalize(st);
	return r != STORE_ERROR;
}

/* "sroi-123": the record 123 of this organisation that has no external id
 * (how sroi export names records that have none). */
static bool find_by_external(struct import_ctx *c, const char *table,
			     const char *external, int64_t *id,
			     struct sr_error *err)
{
	char sql[200];
	snprintf(sql, sizeof sql,
		 "SELECT id FROM %s WHERE org_id = ? AND external_id = ?",
		 table);
	if (!find_id(c, sql, "t", id, err, external))
		return false;
	if (*id || strncmp(external, "sroi-", 5) != 0)
		return true;
	char *end;
	long long n = strtoll(external + 5, &end, 10);
	if (*end || n <= 0)
		return true;
	snprintf(sql, sizeof sql,
		 "SELECT id FROM %s WHERE org_id = ? AND id = ? AND "
		 "external_id IS NULL",
		 table);
	return find_id(c, sql, "i", id, err, (int64_t)n);
}

static bool resolve_refs(struct import_ctx *c, struct import_row *r,
			 struct sr_error *err)
{
	int64_t id;
	if (r->key_supplier[0]) {
		if (!find_id(
			c,
			"SELECT id FROM suppliers WHERE org_id = ? AND kvk = ?",
			"t", &id, err, r->key_supplier))
			return false;
		if (!id)
			return sr_fail(
			    err, 422, "unknown_reference", "supplier_id",
			    "no supplier with KvK number %s: import the "
			    "suppliers first",
			    r->key_supplier);
		json_object_set_new(r->body, "supplier_id", json_integer(id));
	}
	if (r->key_contract[0]) {
		if (!find_id(c,
			     "SELECT id FROM contracts WHERE org_id = ? AND "
			     "reference = ?",
			     "t", &id, err, r->key_contract))
			return false;
		if (!id)
			return sr_fail(
			    err, 422, "unknown_reference", "contract_id",
			    "no contract with reference '%s'", r->key_contract);
		json_object_set_new(r->body, "contract_id", json_integer(id));
	}
	if (r->key_candidate[0]) {
		if (!find_by_external(c, "candidates", r->key_candidate, &id,
				      err))
			return false;
		if (!id)
			return sr_fail(err, 422, "unknown_reference",
				       "candidate_id",
				       "no candidate with external id '%s'",
				       r->key_candidate);
		json_object_set_new(r->body, "candidate_id", json_integer(id));
	}
	return true;
}

/* ---- writing ------------------------------------------------------------ */

static bool next_id(struct import_ctx *c, int64_t *id, struct sr_error *err)
{
	if (c->next_id >= c->id_end) {
		/* A block at a time: one counter update per IMPORT_ID_BLOCK
		 * records. */
		if (!store_reserve_ids(c->req->store, IMPORT_ID_BLOCK,
				       &c->next_id, err))
			return false;
		c->id_end = c->next_id + IMPORT_ID_BLOCK;
	}
	*id = c->next_id++;
	return true;
}

static void note_created(struct import_ctx *c, int64_t id)
{
	if (c->range_first && id == c->range_last + 1) {
		c->range_last = id;
		return;
	}
	if (c->range_first)
		json_array_append_new(c->created_ranges,
				      json_pack("[I, I]",
						(json_int_t)c->range_first,
						(json_int_t)c->range_last));
	c->range_first = c->range_last = id;
}

static bool supplier_account(const struct request *req)
{
	return req->caller.auth != CALLER_ANONYMOUS &&
	       strcmp(req->caller.role, "supplier") == 0;
}

/* Creates a validated record. */
static bool create_record(struct import_ctx *c, const struct resource_desc *d,
			  json_t *body, int64_t *id, struct sr_error *err)
{
	if (!crud_validate_new(d, c->req, body, c->org_id, err) ||
	    !next_id(c, id, err) ||
	    !crud_insert(d, c->req, c->org_id, *id, body, c->now, err))
		return false;
	if (d->after_write && !d->after_write(c->req, d, c->org_id, *id, err))
		return false;
	if (supplier_account(c->req)) {
		/* As crud_create: a supplier writes only its own records. */
		json_t *back = NULL;
		if (!crud_load(d, c->req, *id, &back, NULL, err)) {
			if (err->status == 404)
				sr_fail(
				    err, 403, "forbidden", "",
				    "a supplier account writes only its own "
				    "supplier's records");
			return false;
		}
		json_decref(back);
	}
	c->outcome = OUT_CREATED;
	note_created(c, *id);
	return true;
}

/* Applies the row's fields to the stored record id. */
static bool update_record(struct import_ctx *c, const struct resource_desc *d,
			  int64_t id, json_t *body, struct sr_error *err)
{
	json_t *before = NULL, *after = NULL;
	int64_t org = 0;
	if (!crud_load(d, c->req, id, &before, &org, err))
		return false;
	bool ok = crud_validate_change(d, c->req, body, before, c->org_id,
				       &after, err);
	if (ok && after) {
		ok = crud_save_changes(d, c->req, c->org_id, id, before, after,
				       "update", err) &&
		     (!d->after_write ||
		      d->after_write(c->req, d, c->org_id, id, err)) &&
		     (!d->after_update ||
		      d->after_update(c->req, d, c->org_id, id, err));
		if (ok)
			c->outcome = OUT_UPDATED;
	}
	json_decref(before);
	json_decref(after);
	return ok;
}

/* Runs a route handler in-process, as the same caller, on record id with
 * body; the handler's error becomes err. */
static bool call_handler(struct import_ctx *c, route_handler handler,
			 const char *param, json_t *body, json_t **answer,
			 struct sr_error *err)
{
	struct request sub = *c->req;
	sub.query_count = 0;
	sub.param_count = 0;
	if (param) {
		sub.params[0] = param;
		sub.param_count = 1;
	}
	char *text = body ? json_dumps(body, JSON_COMPACT) : strdup("{}");
	if (!text)
		return sr_fail(err, 503, "out_of_memory", "", "out of memory");
	sub.body = text;
	sub.body_len = strlen(text);
	sub.content_type = "application/json";
	struct response res = {0};
	res.status = 200;
	handler(&sub, &res);
	free(text);
	bool ok = res.status < 400;
	if (!ok) {
		json_t *e = json_object_get(res.json, "error");
		sr_fail(
		    err, res.status,
		    json_string_value(json_object_get(e, "code")) ?: "refused",
		    json_string_value(json_object_get(e, "field")) ?: "", "%s",
		    json_string_value(json_object_get(e, "message"))
			?: "refused");
	} else if (answer) {
		*answer = res.json;
		res.json = NULL;
	}
	json_decref(res.json);
	if (res.body && !res.body_static)
		free(res.body);
	free(res.content_disposition);
	free(res.set_cookie);
	return ok;
}

static bool call_on(struct import_ctx *c, route_handler handler, int64_t id,
		    json_t *body, struct sr_error *err)
{
	char param[24];
	snprintf(param, sizeof param, "%lld", (long long)id);
	return call_handler(c, handler, param, body, NULL, err);
}

/* ---- new records in batches ------------------------------------------- */

/* A new candidate costs one INSERT statement, and SQLite's work per
 * statement (cursors on the table and its indexes, the statement journal)
 * is more than that of the row. So new records of a batched kind are
 * validated row by row exactly as crud_create validates them, given their
 * id, and then held, to be written IMPORT_BATCH_ROWS at a time with
 * multi-row INSERTs (record_insert_many). Nothing can tell the difference:
 * a row whose key is held has the batch written before it is looked up;
 * any other create of the kind writes the batch first; the batch is written
 * before the import ends, so a refused import, a dry run and --partial undo
 * or keep exactly what they did. A write of the batch that fails ends the
 * import (its rows were valid, so the failure is the database's). */
struct new_batch {
	const struct resource_desc *d;
	struct record_table t;
	const char *columns[RESOURCE_MAX_FIELDS];
	size_t count;
	int64_t ids[IMPORT_BATCH_ROWS];
	/* count * field_count values, row after row; text values point into
	 * text, at text_at (which stays valid when text grows) */
	struct record_value values[IMPORT_BATCH_ROWS * RESOURCE_MAX_FIELDS];
	size_t text_at[IMPORT_BATCH_ROWS * RESOURCE_MAX_FIELDS];
	char *text;
	size_t text_len, text_cap;
	/* the held keys: slot -> row + 1 (0: empty), the key at key_at */
	uint16_t slot[IMPORT_BATCH_SLOTS];
	size_t key_at[IMPORT_BATCH_ROWS];
	/* for the rows without JSON: what the resource's check gives a
	 * field that a record lacks (RV_NULL: nothing), text in def_text */
	struct record_value def[RESOURCE_MAX_FIELDS];
	char *def_text[RESOURCE_MAX_FIELDS];
};

#define NOT_TEXT SIZE_MAX

static struct new_batch *batch_new(const struct resource_desc *d)
{
	struct new_batch *b = calloc(1, sizeof *b);
	if (!b)
		return NULL;
	b->d = d;
	resource_table(d, &b->t, b->columns);
	return b;
}

static void batch_free(struct new_batch *b)
{
	if (!b)
		return;
	free(b->text);
	for (size_t i = 0; i < RESOURCE_MAX_FIELDS; i++)
		free(b->def_text[i]);
	free(b);
}

static uint32_t key_hash(const char *key)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 16777619u;
	return h;
}

/* True when a record with this key is held. */
static bool batch_holds(const struct new_batch *b, const char *key)
{
	if (!b || !b->count)
		return false;
	for (uint32_t i = key_hash(key);; i++) {
		uint16_t row = b->slot[i % IMPORT_BATCH_SLOTS];
		if (!row)
			return false;
		if (strcmp(b->text + b->key_at[row - 1], key) == 0)
			return true;
	}
}

/* Copies len bytes (and a NUL) into the batch's text; *at its offset. */
static bool batch_text(struct new_batch *b, const char *s, size_t len,
		       size_t *at)
{
	if (b->text_len + len + 1 > b->text_cap) {
		size_t cap = b->text_cap ? b->text_cap : 1 << 16;
		while (cap < b->text_len + len + 1)
			cap *= 2;
		char *t = realloc(b->text, cap);
		if (!t)
			return false;
		b->text = t;
		b->text_cap = cap;
	}
	memcpy(b->text + b->text_len, s, len);
	b->text[b->text_len + len] = '\0';
	*at = b->text_len;
	b->text_len += len + 1;
	return true;
}

/* A list of strings as crud.c stores it: jansson's compact JSON text, which
 * for strings without quotes, backslashes and control characters is the
 * strings as they are. Others go through jansson itself. */
static bool batch_list(struct new_batch *b, json_t *list, size_t *at)
{
	size_t i, len = 2;
	json_t *item;
	bool plain = true;
	json_array_foreach(list, i, item)
	{
		const char *s = json_string_value(item);
		for (const unsigned char *p = (const unsigned char *)s;
		     plain && p && *p; p++)
			plain = *p >= 0x20 && *p != '"' && *p != '\\';
		if (!s || !plain)
			break;
		len += strlen(s) + 3;
	}
	if (!plain || i < json_array_size(list)) {
		char *dump = json_dumps(list, JSON_COMPACT);
		bool ok = dump && batch_text(b, dump, strlen(dump), at);
		free(dump);
		return ok;
	}
	char buf[1024], *text = len <= sizeof buf ? buf : malloc(len);
	if (!text)
		return false;
	char *o = text;
	*o++ = '[';
	json_array_foreach(list, i, item)
	{
		const char *s = json_string_value(item);
		size_t n = strlen(s);
		if (i)
			*o++ = ',';
		*o++ = '"';
		memcpy(o, s, n);
		o += n;
		*o++ = '"';
	}
	*o++ = ']';
	bool ok = batch_text(b, text, (size_t)(o - text), at);
	if (text != buf)
		free(text);
	return ok;
}

/* value (of field f, as crud_validate_new left it) as crud_insert stores
 * it; text goes into the batch's text. */
static bool batch_value(struct new_batch *b, const struct field_desc *f,
			json_t *value, struct record_value *v, size_t *at)
{
	*v = (struct record_value){.kind = RV_NULL};
	*at = NOT_TEXT;
	if (!value || json_is_null(value))
		return true;
	switch (f->type) {
	case FT_TEXT:
	case FT_DATE:
	case FT_MONTH:
	case FT_ENUM: {
		const char *s = json_string_value(value);
		v->kind = RV_TEXT;
		return batch_text(b, s, strlen(s), at);
	}
	case FT_INT:
	case FT_MONEY:
	case FT_REF:
		v->kind = RV_INT;
		v->i = json_integer_value(value);
		return true;
	case FT_BOOL:
		v->kind = RV_INT;
		v->i = json_is_true(value);
		return true;
	case FT_CENTI:
		v->kind = RV_INT;
		v->i = (int64_t)llround(json_number_value(value) * 100.0);
		return true;
	case FT_LIST:
		v->kind = RV_TEXT;
		return batch_list(b, value, at);
	case FT_JSON: {
		char *dump = json_dumps(value, JSON_COMPACT);
		v->kind = RV_TEXT;
		bool ok = dump && batch_text(b, dump, strlen(dump), at);
		free(dump);
		return ok;
	}
	}
	return true;
}

/* Takes row b->count (its values in place) into the batch as record id
 * with key. */
static void batch_take(struct new_batch *b, int64_t id, size_t key_at)
{
	size_t row = b->count++;
	b->ids[row] = id;
	b->key_at[row] = key_at;
	uint32_t i = key_hash(b->text + key_at);
	while (b->slot[i % IMPORT_BATCH_SLOTS])
		i++;
	b->slot[i % IMPORT_BATCH_SLOTS] = (uint16_t)(row + 1);
}

/* Holds the validated record (body as crud_validate_new left it) under
 * id, its values converted as crud_insert converts them. */
static bool batch_add(struct new_batch *b, int64_t id, json_t *body,
		      const char *key, struct sr_error *err)
{
	size_t n = b->d->field_count, row = b->count, key_at = 0;
	bool ok = batch_text(b, key, strlen(key), &key_at);
	for (size_t i = 0; ok && i < n; i++)
		ok = batch_value(b, &b->d->fields[i],
				 json_object_get(body, b->d->fields[i].name),
				 &b->values[row * n + i],
				 &b->text_at[row * n + i]);
	if (!ok)
		return sr_fail(err, 503, "out_of_memory", "", "out of memory");
	batch_take(b, id, key_at);
	return true;
}

/* Writes the held records. */
static bool batch_flush(struct import_ctx *c, struct sr_error *err)
{
	struct new_batch *b = c->batch;
	if (!b || !b->count)
		return true;
	size_t total = b->count * b->d->field_count;
	for (size_t i = 0; i < total; i++)
		if (b->text_at[i] != NOT_TEXT)
			b->values[i].s = b->text + b->text_at[i];
	bool ok = record_insert_many(c->req->store, &b->t, c->org_id, b->ids,
				     b->values, b->count, c->now, err);
	b->count = 0;
	b->text_len = 0;
	memset(b->slot, 0, sizeof b->slot);
	if (!ok && err->status < 500) {
		/* not the row's fault: the import cannot go on */
		char why[sizeof err->message];
		snprintf(why, sizeof why, "%s", err->message);
		sr_fail(err, 500, "database_error", "",
			"writing the new records failed: %s", why);
	}
	return ok;
}

/* The first import into an organisation looks every row up by its key and
 * finds nothing, unless the file repeats a key. When the organisation had
 * no record of the kind as the import began, only the import's own records
 * can be found, so a filter of the keys it created answers for almost
 * every row that the look-up would find nothing; only a key it may hold
 * (a repeat, or about 3% of the others at a million rows) is looked up.
 * A Bloom filter of fixed size: memory stays bounded however long the
 * file. */
#define KEY_FILTER_BITS (1u << 23) /* 1 MiB */

struct key_filter {
	uint64_t bits[KEY_FILTER_BITS / 64];
};

/* Three bit positions of key (double hashing of a 64-bit FNV-1a). */
static void key_bits(const char *key, uint32_t at[3])
{
	uint64_t h = 14695981039346656037ull;
	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 1099511628211ull;
	uint32_t a = (uint32_t)h, b = (uint32_t)(h >> 32) | 1u;
	for (int i = 0; i < 3; i++)
		at[i] = (a + (uint32_t)i * b) % KEY_FILTER_BITS;
}

static void key_filter_add(struct key_filter *f, const char *key)
{
	uint32_t at[3];
	key_bits(key, at);
	for (int i = 0; i < 3; i++)
		f->bits[at[i] / 64] |= 1ull << (at[i] % 64);
}

/* False when key was certainly never added. */
static bool key_filter_may_hold(const struct key_filter *f, const char *key)
{
	uint32_t at[3];
	key_bits(key, at);
	for (int i = 0; i < 3; i++)
		if (!(f->bits[at[i] / 64] & (1ull << (at[i] % 64))))
			return false;
	return true;
}

/* Sets up created_keys when the organisation has no record in table. */
static bool watch_created_keys(struct import_ctx *c, const char *table,
			       struct sr_error *err)
{
	char sql[120];
	snprintf(sql, sizeof sql, "SELECT id FROM %s WHERE org_id = ? LIMIT 1",
		 table);
	int64_t any = 0;
	if (!find_id(c, sql, "", &any, err))
		return false;
	if (any)
		return true;
	c->created_keys = calloc(1, sizeof *c->created_keys);
	return c->created_keys ||
	       sr_fail(err, 503, "out_of_memory", "", "out of memory");
}

/* Creates a validated record as create_record does, held in the batch. */
static bool create_batched(struct import_ctx *c, json_t *body, const char *key,
			   struct sr_error *err)
{
	struct new_batch *b = c->batch;
	int64_t id = 0;
	if (!crud_validate_new(b->d, c->req, body, c->org_id, err) ||
	    !next_id(c, &id, err) || !batch_add(b, id, body, key, err))
		return false;
	c->outcome = OUT_CREATED;
	note_created(c, id);
	return b->count < IMPORT_BATCH_ROWS || batch_flush(c, err);
}

/* ---- new records without JSON --------------------------------------- */

/* Turning a row into JSON, and crud_validate_new normalising that JSON
 * field by field, costs more than writing the record. fast_row takes the
 * common case, a valid new record, straight from the cells to the values
 * crud_insert would store: it converts each cell as convert_row does and
 * accepts it only where the API's rules (crud.c's normalise_field: type,
 * length, range, choices, ESCO codes, target groups, postcodes) certainly
 * accept it, with the same normalised value. Anything else - a value it is
 * not sure of, an invalid one, a record that exists, a column it does not
 * take - and it does nothing, and the row goes the usual way through JSON
 * and crud_validate_new, which reports any error. So the rules stay those of
 * crud.c; fast_row's checks are a stricter subset
 * (tests/api/test_import_batches.py compares the records both ways make).
 *
 * The fields a row lacks get what the resource's check hook gives a record
 * that lacks them (found by running the hook once on an empty record, at
 * fast_setup): for candidates the check only fills defaults. A check hook
 * that refuses an empty record turns the fast path off. */

#define FAST_TEXT_MAX 255	 /* longer text goes the usual way */
#define FAST_CENTI_MAX 100000000 /* x100: exact through a double */
#define FAST_LIST_MAX 20	 /* crud.c's limit of list items */
#define CODE_CACHE_SLOTS 8192	 /* > the 3,008 ESCO occupations */

struct code_cache {
	char code[CODE_CACHE_SLOTS][24];
};

/* validate_esco, remembering the valid codes (the look-up is a binary
 * search of 3,008 codes; a file names the same few again and again). */
static bool esco_known(struct import_ctx *c, const char *code)
{
	size_t n = strlen(code);
	if (!c->codes || n >= sizeof c->codes->code[0])
		return validate_esco(code, "", NULL);
	uint32_t h = key_hash(code);
	for (uint32_t i = 0; i < CODE_CACHE_SLOTS; i++) {
		char *slot = c->codes->code[(h + i) % CODE_CACHE_SLOTS];
		if (slot[0] && strcmp(slot, code) == 0)
			return true;
		if (!slot[0]) {
			if (!validate_esco(code, "", NULL))
				return false;
			memcpy(slot, code, n + 1);
			return true;
		}
	}
	return validate_esco(code, "", NULL);
}

/* True when column i may take the fast path: a field of a type fast_row
 * converts, or a column the import passes over. */
static bool fast_column(struct import_ctx *c, int i)
{
	const struct import_column *col = c->col[i];
	if (col == &ignored_column || col == &blank_column)
		return true;
	if (!col || col->role != ROLE_FIELD)
		return false;
	const struct field_desc *f = column_field(c, i);
	if (!f)
		return true; /* convert_row passes it over too */
	if (f->flags & F_READONLY)
		return false;
	switch (f->type) {
	case FT_TEXT:
		return f->check == CHK_NONE || f->check == CHK_POSTCODE ||
		       f->check == CHK_ESCO;
	case FT_LIST:
		return f->check == CHK_NONE || f->check == CHK_ESCO_LIST ||
		       f->check == CHK_TARGET_GROUPS;
	case FT_INT:
	case FT_CENTI:
	case FT_DATE:
	case FT_MONTH:
	case FT_BOOL:
	case FT_ENUM:
		return true;
	default:
		return false;
	}
}

/* Decides, after the header, whether rows may take the fast path, and
 * finds the defaults of the fields a row lacks. */
static bool fast_setup(struct import_ctx *c, struct sr_error *err)
{
	struct new_batch *b = c->batch;
	const struct resource_desc *d = c->kind->desc;
	c->fast = false;
	c->key_col = -1;
	for (int i = 0; i < c->ncols; i++) {
		if (!fast_column(c, i))
			return true;
		if (c->col[i] && c->col[i]->name &&
		    strcmp(c->col[i]->name, c->kind->key_column) == 0)
			c->key_col = i;
	}
	if (c->key_col < 0)
		return true;
	json_t *probe = json_object();
	if (!probe)
		return sr_fail(err, 503, "out_of_memory", "", "out of memory");
	/* a check that refuses an empty record, or sets what is not a field
	 * of the record, is not one that fast_row can stand in for */
	struct sr_error refused = {0};
	bool fits =
	    !d->check || d->check(c->req, d, probe, NULL, c->org_id, &refused);
	const char *key;
	json_t *v;
	json_object_foreach(probe, key, v)
	{
		if (!resource_field(d, key))
			fits = false;
	}
	bool ok = true;
	for (size_t i = 0; fits && ok && i < d->field_count; i++) {
		size_t at;
		ok = batch_value(b, &d->fields[i],
				 json_object_get(probe, d->fields[i].name),
				 &b->def[i], &at);
		if (ok && at != NOT_TEXT)
			ok = (b->def_text[i] = strdup(b->text + at)) != NULL;
	}
	json_decref(probe);
	b->text_len = 0;
	if (ok && fits)
		c->codes = calloc(1, sizeof *c->codes);
	if (!ok || (fits && !c->codes))
		return sr_fail(err, 503, "out_of_memory", "", "out of memory");
	c->fast = fits;
	return true;
}

/* The value of cell text for field f as crud_insert would store it once
 * crud_validate_new accepted it; false when fast_row is not sure that it
 * would (the row then goes the usual way). */
static bool fast_value(struct import_ctx *c, const struct field_desc *f,
		       const char *text, enum cell_kind kind,
		       struct record_value *v, size_t *at)
{
	struct new_batch *b = c->batch;
	const char *why = NULL;
	int64_t n;
	*at = NOT_TEXT;
	switch (f->type) {
	case FT_TEXT: {
		size_t len = strlen(text);
		if (len > FAST_TEXT_MAX || (f->max && len > (size_t)f->max))
			return false;
		char pc[8];
		if (f->check == CHK_POSTCODE) {
			if (!validate_postcode(text, pc, f->name, NULL))
				return false;
			text = pc;
			len = strlen(pc);
		} else if (f->check == CHK_ESCO && !esco_known(c, text)) {
			return false;
		} else if (f->check != CHK_NONE && f->check != CHK_ESCO) {
			return false;
		}
		v->kind = RV_TEXT;
		return batch_text(b, text, len, at);
	}
	case FT_INT:
		if (!parse_number(text, kind, 0, &n, &why) ||
		    ((f->min || f->max) && (n < f->min || n > f->max)))
			return false;
		*v = (struct record_value){.kind = RV_INT, .i = n};
		return true;
	case FT_CENTI:
		if (!parse_number(text, kind, 2, &n, &why) || n < 0 ||
		    n > FAST_CENTI_MAX ||
		    ((f->min || f->max) &&
		     (n < f->min * 100 || n > f->max * 100)))
			return false;
		*v = (struct record_value){.kind = RV_INT, .i = n};
		return true;
	case FT_DATE: {
		char day[SR_DATE_TEXT_LEN];
		sr_date d;
		if (!cell_day(text, kind, day, &why) || !date_parse(day, &d))
			return false;
		v->kind = RV_TEXT;
		return batch_text(b, day, strlen(day), at);
	}
	case FT_MONTH: {
		char month[16];
		int y, m;
		if (!cell_month(text, kind, month, &why) ||
		    !date_parse_month(month, &y, &m))
			return false;
		v->kind = RV_TEXT;
		return batch_text(b, month, strlen(month), at);
	}
	case FT_BOOL: {
		bool yes;
		if (!cell_parse_bool(text, &yes))
			return false;
		*v = (struct record_value){.kind = RV_INT, .i = yes};
		return true;
	}
	case FT_ENUM: {
		const char *value = choice_value(f, text);
		for (const char *const *ch = f->choices; ch && *ch; ch++)
			if (strcmp(*ch, value) == 0) {
				v->kind = RV_TEXT;
				return batch_text(b, *ch, strlen(*ch), at);
			}
		return false;
	}
	case FT_LIST: {
		/* as jansson's compact JSON of the list of strings */
		char json[FAST_LIST_MAX * 258 + 3], item[256], buf[256];
		const char *p = text, *t;
		size_t len = 0, count = 0;
		json[len++] = '[';
		while ((t = list_next(&p, item, buf))) {
			size_t tn = strlen(t);
			if (++count > FAST_LIST_MAX || tn >= 255)
				return false;
			if (f->check == CHK_ESCO_LIST ? !esco_known(c, t)
			    : f->check == CHK_TARGET_GROUPS
				? !target_group_find(t)
				: f->check != CHK_NONE)
				return false;
			for (size_t k = 0; k < tn; k++)
				if ((unsigned char)t[k] < 0x20 || t[k] == '"' ||
				    t[k] == '\\')
					return false;
			if (count > 1)
				json[len++] = ',';
			json[len++] = '"';
			memcpy(json + len, t, tn);
			len += tn;
			json[len++] = '"';
		}
		json[len++] = ']';
		v->kind = RV_TEXT;
		return batch_text(b, json, len, at);
	}
	default:
		return false;
	}
}

/* A row as a new record straight from its cells (see above). *taken false:
 * the row is left to the usual way, and nothing was done. False only for a
 * failure that ends the import. */
static bool fast_row(struct import_ctx *c, int count, const char *const *cells,
		     const enum cell_kind *kinds, bool *taken,
		     struct sr_error *err)
{
	struct new_batch *b = c->batch;
	const struct resource_desc *d = b->d;
	*taken = false;
	c->hint = false;
	if (c->key_col >= count)
		return true;
	/* the key, and whether a record has it (which the usual way
	 * updates) */
	char key[128];
	const char *k =
	    trimmed(cells[c->key_col], c->scratch, sizeof c->scratch);
	size_t klen = strlen(k);
	if (!klen || klen >= sizeof key)
		return true;
	memcpy(key, k, klen + 1);
	int64_t found = 0;
	if (!c->created_keys || key_filter_may_hold(c->created_keys, key)) {
		if ((batch_holds(b, key) && !batch_flush(c, err)) ||
		    !find_by_external(c, d->table, key, &found, err))
			return false;
	}
	/* whatever follows, the row's record is found (or not) */
	c->hint = true;
	c->hint_id = found;
	memcpy(c->hint_key, key, klen + 1);
	if (found)
		return true;
	/* the values, into the batch's next row */
	size_t n = d->field_count, row = b->count, mark = b->text_len;
	struct record_value *v = &b->values[row * n];
	size_t *at = &b->text_at[row * n];
	bool given[RESOURCE_MAX_FIELDS] = {false};
	bool ok = true;
	for (int i = 0; ok && i < count && i < c->ncols; i++) {
		const char *text =
		    trimmed(cells[i], c->scratch, sizeof c->scratch);
		if (!*text || c->col[i] == &ignored_column)
			continue;
		const struct field_desc *f =
		    c->col[i] == &blank_column ? NULL : column_field(c, i);
		if (!f) {
			ok = c->col[i] != &blank_column;
			continue;
		}
		size_t fi = (size_t)(f - d->fields);
		ok = !given[fi] &&
		     fast_value(c, f, text, kinds[i], &v[fi], &at[fi]);
		given[fi] = true;
	}
	for (size_t i = 0; ok && i < n; i++) {
		if (given[i])
			continue;
		if (d->fields[i].flags & F_REQUIRED)
			ok = false;
		else if ((v[i] = b->def[i]).kind == RV_TEXT)
			ok = batch_text(b, b->def_text[i],
					strlen(b->def_text[i]), &at[i]);
		else
			at[i] = NOT_TEXT;
	}
	size_t key_at = 0;
	if (ok)
		ok = batch_text(b, key, klen, &key_at);
	if (!ok) {
		b->text_len = mark; /* the usual way, from the start */
		return true;
	}
	int64_t id = 0;
	if (!next_id(c, &id, err))
		return false;
	batch_take(b, id, key_at);
	*taken = true;
	c->hint = false;
	c->created++;
	note_created(c, id);
	if (c->created_keys)
		key_filter_add(c->created_keys, key);
	return b->count < IMPORT_BATCH_ROWS || batch_flush(c, err);
}

/* ---- the kinds --------------------------------------------------------- */

static bool row_supplier(struct import_ctx *c, struct import_row *r,
			 struct sr_error *err)
{
	const char *kvk = json_string_value(json_object_get(r->body, "kvk"));
	int64_t id = 0;
	if (!kvk)
		return sr_fail(err, 400, "missing_field", "kvk",
			       "the KvK number is missing");
	if (!find_id(c, "SELECT id FROM suppliers WHERE org_id = ? AND kvk = ?",
		     "t", &id, err, kvk))
		return false;
	if (!id)
		return create_record(c, &supplier_resource, r->body, &id, err);
	return update_record(c, &supplier_resource, id, r->body, err);
}

static const char *const status_order[] = {"draft", "awarded", "running",
					   "ended", "settled", NULL};

static int status_rank(const char *s)
{
	for (int i = 0; s && status_order[i]; i++)
		if (strcmp(status_order[i], s) == 0)
			return i;
	return -1;
}

/* Brings a contract from its state to the row's: award (with the action
 * values), start, end, settle, through the route handlers. */
static bool contract_transitions(struct import_ctx *c, struct import_row *r,
				 int64_t id, const char *from,
				 struct sr_error *err)
{
	const char *want = r->status;
	if (!want && json_is_string(json_object_get(r->body, "award_date")) &&
	    strcmp(from, "draft") == 0)
		want = "awarded";
	if (!want)
		return true;
	int a = status_rank(from), b = status_rank(want);
	if (b < 0)
		return sr_fail(
		    err, 422, "invalid_value", "status",
		    "status must be one of: draft, awarded, running, ended, "
		    "settled");
	if (b < a)
		return sr_fail(
		    err, 409, "wrong_state", "status",
		    "the contract is %s already; an import does not take it "
		    "back to %s",
		    from, want);
	if (a < b && !may(c, "contracts:write"))
		return sr_fail(err, 403, "forbidden", "status",
			       "your role may not award contracts");
	for (int s = a + 1; s <= b; s++) {
		json_t *body = json_object();
		route_handler h = NULL;
		if (s == 1) {
			h = api_contracts_award;
			json_t *ad = json_object_get(r->body, "award_date");
			if (ad)
				json_object_set(body, "award_date", ad);
			static const char *const keys[] = {
			    "opt_in", "deviation_percentage",
			    "deviation_reason", "prequalification_reason",
			    NULL};
			for (int k = 0; keys[k]; k++) {
				json_t *v = json_object_get(r->action, keys[k]);
				if (v)
					json_object_set(body, keys[k], v);
			}
		} else if (s == 2) {
			h = api_contracts_start;
		} else if (s == 3) {
			h = api_contracts_end;
		} else {
			h = api_contracts_settle;
			json_t *v =
			    json_object_get(r->action, "best_efforts_exempt");
			if (v)
				json_object_set(body, "best_efforts_exempt", v);
		}
		bool ok = call_on(c, h, id, body, err);
		json_decref(body);
		if (!ok)
			return false;
		if (c->outcome == OUT_UNCHANGED)
			c->outcome = OUT_UPDATED;
	}
	return true;
}

/* The award terms of an awarded contract cannot change by import. */
static bool contract_terms_unchanged(json_t *record, struct import_row *r,
				     struct sr_error *err)
{
	static const char *const keys[] = {"opt_in", "deviation_percentage",
					   "deviation_reason",
					   "best_efforts_exempt", NULL};
	for (int k = 0; keys[k]; k++) {
		json_t *v = json_object_get(r->action, keys[k]);
		if (!v)
			continue;
		json_t *stored = json_object_get(record, keys[k]);
		if (!json_equal(v, stored) &&
		    !(json_is_number(v) && json_is_number(stored) &&
		      json_number_value(v) == json_number_value(stored)))
			return sr_fail(
			    err, 409, "wrong_state", keys[k],
			    "%s differs from the contract's (set at award "
			    "or settlement): change it in sroi",
			    keys[k]);
	}
	return true;
}

static bool row_contract(struct import_ctx *c, struct import_row *r,
			 struct sr_error *err)
{
	const char *ref =
	    json_string_value(json_object_get(r->body, "reference"));
	int64_t id = 0;
	if (!ref)
		return sr_fail(err, 400, "missing_field", "reference",
			       "the reference is missing");
	if (!resolve_refs(c, r, err) ||
	    !find_id(
		c,
		"SELECT id FROM contracts WHERE org_id = ? AND reference = ?",
		"t", &id, err, ref))
		return false;
	bool ok = id ? update_record(c, &contract_resource, id, r->body, err)
		     : create_record(c, &contract_resource, r->body, &id, err);
	if (!ok)
		return false;
	json_t *record = NULL;
	if (!crud_load(&contract_resource, c->req, id, &record, NULL, err))
		return false;
	const char *status =
	    json_string_value(json_object_get(record, "status"));
	ok = (status_rank(status) == 0 ||
	      contract_terms_unchanged(record, r, err)) &&
	     contract_transitions(c, r, id, status, err);
	json_decref(record);
	return ok;
}

/* A plan item by contract and block. */
static bool row_plan(struct import_ctx *c, struct import_row *r,
		     struct sr_error *err)
{
	if (!resolve_refs(c, r, err))
		return false;
	json_t *contract = json_object_get(r->body, "contract_id");
	const char *block =
	    json_string_value(json_object_get(r->body, "block_id"));
	if (!contract || !block)
		return sr_fail(err, 400, "missing_field",
			       contract ? "block_id" : "contract_id",
			       "a plan item needs its contract and block");
	int64_t id = 0;
	if (!find_id(c,
		     "SELECT id FROM plan_items WHERE org_id = ? AND "
		     "contract_id = ? AND "
		     "block_id = ? ORDER BY id",
		     "it", &id, err, (int64_t)json_integer_value(contract),
		     block))
		return false;
	bool ok;
	if (id) {
		/* the key does not change */
		json_object_del(r->body, "contract_id");
		json_object_del(r->body, "block_id");
		ok = update_record(c, &plan_resource, id, r->body, err);
	} else {
		ok = create_record(c, &plan_resource, r->body, &id, err);
	}
	if (!ok || !r->status)
		return ok;
	json_t *record = NULL;
	if (!crud_load(&plan_resource, c->req, id, &record, NULL, err))
		return false;
	const char *status =
	    json_string_value(json_object_get(record, "status"));
	if (strcmp(status, r->status) != 0) {
		if (strcmp(r->status, "agreed") != 0)
			ok = sr_fail(err, 409, "wrong_state", "status",
				     "the plan item is agreed already");
		else if (!may(c, "plans:agree"))
			ok = sr_fail(err, 403, "forbidden", "status",
				     "your role may not agree plan items");
		else
			ok = call_on(c, api_plan_agree, id, NULL, err);
		if (ok && c->outcome == OUT_UNCHANGED)
			c->outcome = OUT_UPDATED;
	}
	json_decref(record);
	return ok;
}

static const char *const identity_names[] = {
    "name", "bsn", "birth_date", "email", "phone", "address", NULL};

static bool write_identity(struct import_ctx *c, struct import_row *r,
			   int64_t id, bool is_new, struct sr_error *err)
{
	if (!r->identity)
		return true;
	json_t *old = NULL;
	if (!is_new &&
	    !store_identity_get(c->req->store, c->org_id, id, &old, err))
		return false;
	json_t *merged = old ? json_deep_copy(old) : json_object();
	json_object_update(merged, r->identity);
	bool same = old && json_equal(old, merged);
	bool ok = true;
	if (!same) {
		ok = candidate_identity_check(merged, err) &&
		     store_identity_put(c->req->store, c->org_id, id, merged,
					c->now, err);
		if (ok && is_new) {
			const char *key;
			json_t *v;
			json_object_foreach(
			    r->identity, key,
			    v) if (!json_object_get(c->identity_fields, key))
			    json_object_set_new(c->identity_fields, key,
						json_true());
		} else if (ok) {
			/* as PUT /identity: the fields that changed, no values
			 */
			json_t *changed = json_array();
			for (int i = 0; identity_names[i]; i++) {
				json_t *a =
				    json_object_get(merged, identity_names[i]);
				json_t *b = old ? json_object_get(
						      old, identity_names[i])
						: NULL;
				if (!(a ? (b && json_equal(a, b)) : !b))
					json_array_append_new(
					    changed,
					    json_string(identity_names[i]));
			}
			json_t *changes =
			    json_pack("{s:o}", "identity_fields", changed);
			ok = api_audit(c->req, c->org_id, "update_identity",
				       "candidate", id, changes, err);
			json_decref(changes);
			if (c->outcome == OUT_UNCHANGED)
				c->outcome = OUT_UPDATED;
		}
	}
	json_decref(old);
	json_decref(merged);
	return ok;
}

static bool row_candidate(struct import_ctx *c, struct import_row *r,
			  struct sr_error *err)
{
	const char *given =
	    json_string_value(json_object_get(r->body, "external_id"));
	if (!given)
		return sr_fail(err, 400, "missing_field", "external_id",
			       "an imported candidate needs its external id");
	/* a copy: validation replaces the body's values */
	char *ext = strdup(given);
	if (!ext)
		return sr_fail(err, 503, "out_of_memory", "", "out of memory");
	int64_t id = 0;
	bool look =
	    !c->created_keys || key_filter_may_hold(c->created_keys, ext);
	if (c->hint && strcmp(c->hint_key, ext) == 0) {
		/* fast_row looked already, this row */
		id = c->hint_id;
		look = false;
	}
	c->hint = false;
	/* a held record is written before it is looked for */
	bool ok =
	    !look || ((!batch_holds(c->batch, ext) || batch_flush(c, err)) &&
		      find_by_external(c, "candidates", ext, &id, err));
	bool is_new = id == 0;
	if (!ok) {
		/* the look-up failed */
	} else if (is_new && c->batch && !r->identity) {
		/* (a record with an identity is written at once: the
		 * identity refers to it) */
		ok = create_batched(c, r->body, ext, err);
	} else if (is_new) {
		ok = batch_flush(c, err) &&
		     create_record(c, &candidate_resource, r->body, &id, err) &&
		     write_identity(c, r, id, is_new, err);
	} else {
		if (strncmp(ext, "sroi-", 5) == 0)
			json_object_del(r->body,
					"external_id"); /* stays without */
		ok = update_record(c, &candidate_resource, id, r->body, err) &&
		     write_identity(c, r, id, is_new, err);
	}
	if (ok && is_new && c->created_keys)
		key_filter_add(c->created_keys, ext);
	free(ext);
	return ok;
}

static bool row_opening(struct import_ctx *c, struct import_row *r,
			struct sr_error *err)
{
	const char *ext =
	    json_string_value(json_object_get(r->body, "external_id"));
	if (!ext)
		return sr_fail(err, 400, "missing_field", "external_id",
			       "an imported opening needs its external id");
	int64_t id = 0;
	if (!resolve_refs(c, r, err) ||
	    !find_by_external(c, "openings", ext, &id, err))
		return false;
	if (!id)
		return create_record(c, &opening_resource, r->body, &id, err);
	if (strncmp(ext, "sroi-", 5) == 0)
		json_object_del(r->body, "external_id");
	return update_record(c, &opening_resource, id, r->body, err);
}

static bool row_realisation(struct import_ctx *c, struct import_row *r,
			    struct sr_error *err)
{
	const char *ext =
	    json_string_value(json_object_get(r->body, "external_id"));
	if (!ext)
		return sr_fail(err, 400, "missing_field", "external_id",
			       "an imported realisation needs its external id");
	int64_t id = 0;
	if (!resolve_refs(c, r, err) ||
	    !find_by_external(c, "realisations", ext, &id, err))
		return false;
	bool ok;
	if (!id) {
		ok = create_record(c, &realisation_resource, r->body, &id, err);
	} else {
		if (strncmp(ext, "sroi-", 5) == 0)
			json_object_del(r->body, "external_id");
		ok = update_record(c, &realisation_resource, id, r->body, err);
	}
	if (!ok || !r->status)
		return ok;
	json_t *record = NULL;
	if (!crud_load(&realisation_resource, c->req, id, &record, NULL, err))
		return false;
	const char *status =
	    json_string_value(json_object_get(record, "status"));
	if (strcmp(status, r->status) != 0) {
		if (strcmp(status, "reported") != 0 ||
		    strcmp(r->status, "reported") == 0) {
			ok = sr_fail(err, 409, "wrong_state", "status",
				     "the realisation is %s already", status);
		} else if (!may(c, "realisations:verify")) {
			ok = sr_fail(
			    err, 403, "forbidden", "status",
			    "your role may not accept or reject realisations");
		} else {
			bool accept = strcmp(r->status, "accepted") == 0;
			json_t *body = json_object();
			json_t *reason = json_object_get(r->action, "reason");
			if (!accept && reason)
				json_object_set(body, "reason", reason);
			ok = call_on(c,
				     accept ? api_realisations_accept
					    : api_realisations_reject,
				     id, body, err);
			json_decref(body);
		}
		if (ok && c->outcome == OUT_UNCHANGED)
			c->outcome = OUT_UPDATED;
	}
	json_decref(record);
	return ok;
}

static bool row_followup(struct import_ctx *c, struct import_row *r,
			 struct sr_error *err)
{
	if (!r->key_realisation[0])
		return sr_fail(
		    err, 400, "missing_field", "realisation_id",
		    "a follow-up needs its realisation's external id");
	if (!r->has_months)
		return sr_fail(err, 400, "missing_field", "months",
			       "a follow-up needs its months (6, 12 or 24)");
	int64_t realisation = 0, id = 0;
	if (!find_by_external(c, "realisations", r->key_realisation,
			      &realisation, err))
		return false;
	if (!realisation)
		return sr_fail(err, 422, "unknown_reference", "realisation_id",
			       "no realisation with external id '%s'",
			       r->key_realisation);
	if (!find_id(c,
		     "SELECT id FROM follow_ups WHERE org_id = ? AND "
		     "realisation_id = ? AND "
		     "months = ?",
		     "ii", &id, err, realisation, (int64_t)r->months))
		return false;
	if (!id)
		return sr_fail(
		    err, 422, "unknown_reference", "months",
		    "realisation '%s' has no follow-up at %ld months (they "
		    "are made with each hire, at 6, 12 and 24 months)",
		    r->key_realisation, r->months);
	return update_record(c, &followup_resource, id, r->body, err);
}

static const struct import_kind kinds[] = {
    {"suppliers", "supplier", &supplier_resource, supplier_columns, "kvk",
     row_supplier, false, false},
    {"contracts", "contract", &contract_resource, contract_columns, "reference",
     row_contract, true, false},
    {"plans", "plan_item", &plan_resource, plan_columns, "contract_reference",
     row_plan, true, false},
    {"candidates", "candidate", &candidate_resource, candidate_columns,
     "external_id", row_candidate, false, true},
    {"openings", "opening", &opening_resource, opening_columns, "external_id",
     row_opening, false, false},
    {"realisations", "realisation", &realisation_resource, realisation_columns,
     "external_id", row_realisation, true, false},
    {"follow-ups", "follow_up", &followup_resource, followup_columns,
     "realisation_external_id", row_followup, false, false},
};

const char *const import_kinds[] = {
    "suppliers",    "contracts",  "plans",    "candidates", "openings",
    "realisations", "follow-ups", "policies", "tenderned",  NULL};

static const struct import_kind *kind_named(const char *name)
{
	if (name && strcmp(name, "followups") == 0)
		name = "follow-ups";
	for (size_t i = 0; name && i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kinds[i].name, name) == 0)
			return &kinds[i];
	return NULL;
}

bool import_kind_known(const char *kind)
{
	return kind_named(kind) || (kind && (strcmp(kind, "policies") == 0 ||
					     strcmp(kind, "tenderned") == 0));
}

/* ---- reading the rows ------------------------------------------------- */

struct source {
	bool xlsx;
	struct xlsx_reader *x;
	FILE *f;
	struct csv_memory mem;
	struct csv_stream csv;
	long row;
	int count;
	const char *cells[IMPORT_MAX_COLUMNS];
	enum cell_kind kinds[IMPORT_MAX_COLUMNS];
	const char *row_error;
};

static size_t file_read(void *ctx, char *buf, size_t n)
{
	return fread(buf, 1, n, ctx);
}

/* Opens the source: XLSX by its content, CSV otherwise (sniffed first for
 * its encoding, separator and length). */
static bool source_open(struct source *s, const struct import_source *in,
			long *total, struct sr_error *err)
{
	memset(s, 0, sizeof *s);
	char head[4] = {0};
	size_t got = 0;
	if (in->path) {
		s->f = fopen(in->path, "rb");
		if (!s->f)
			return sr_fail(err, 400, "unreadable_file", "file",
				       "cannot read %s", in->path);
		got = fread(head, 1, 4, s->f);
		rewind(s->f);
	} else {
		got = in->size < 4 ? in->size : 4;
		memcpy(head, in->data, got);
	}
	char why[200];
	if (xlsx_looks_like(head, got)) {
		bool ok = in->path
			      ? xlsx_open_file(in->path, &s->x, why, sizeof why)
			      : xlsx_open_memory(in->data, in->size, &s->x, why,
						 sizeof why);
		if (s->f) {
			fclose(s->f);
			s->f = NULL;
		}
		if (!ok)
			return sr_fail(err, 400, "unreadable_file", "file",
				       "%s", why);
		s->xlsx = true;
		*total = xlsx_rows_declared(s->x);
		if (*total > 0)
			(*total)--; /* the header */
		return true;
	}
	struct csv_sniff sn;
	csv_sniff_init(&sn);
	if (s->f) {
		char *buf = malloc(1 << 16);
		if (!buf)
			return sr_fail(err, 503, "out_of_memory", "",
				       "out of memory");
		size_t n;
		while ((n = fread(buf, 1, 1 << 16, s->f)) > 0)
			csv_sniff_feed(&sn, buf, n);
		free(buf);
		rewind(s->f);
	} else {
		csv_sniff_feed(&sn, in->data, in->size);
	}
	csv_sniff_finish(&sn);
	*total = sn.records > 0 ? sn.records - 1 : 0;
	if (s->f) {
		csv_stream_init(&s->csv, file_read, s->f, sn.encoding,
				sn.separator);
	} else {
		s->mem = (struct csv_memory){in->data, in->size, 0};
		csv_stream_init(&s->csv, csv_memory_read, &s->mem, sn.encoding,
				sn.separator);
	}
	return true;
}

static bool source_next(struct source *s, struct sr_error *err)
{
	s->row_error = NULL;
	if (s->xlsx) {
		if (!xlsx_next_row(s->x)) {
			if (xlsx_error(s->x))
				return !sr_fail(err, 400, "unreadable_file",
						"file", "%s", xlsx_error(s->x));
			return false;
		}
		s->row = xlsx_row_number(s->x);
		s->count = xlsx_cell_count(s->x);
		if (s->count > IMPORT_MAX_COLUMNS) {
			s->count = IMPORT_MAX_COLUMNS;
			s->row_error =
			    "the row has more columns than sroi reads";
		}
		for (int i = 0; i < s->count; i++) {
			const struct xlsx_cell *cell = xlsx_cell(s->x, i);
			s->cells[i] = cell->text;
			s->kinds[i] = cell->kind == XLSX_NUMBER ? CELL_NUMBER
				      : cell->kind == XLSX_DATE ? CELL_DATE
								: CELL_TEXT;
		}
		return true;
	}
	if (!csv_stream_next(&s->csv)) {
		if (s->csv.failed)
			return !sr_fail(err, 503, "out_of_memory", "",
					"out of memory");
		return false;
	}
	s->row = s->csv.row;
	s->row_error = s->csv.row_error;
	s->count = s->csv.field_count;
	if (s->count > IMPORT_MAX_COLUMNS) {
		s->count = IMPORT_MAX_COLUMNS;
		s->row_error = "the row has more columns than sroi reads";
	}
	for (int i = 0; i < s->count; i++) {
		s->cells[i] = s->csv.fields[i];
		s->kinds[i] = CELL_TEXT;
	}
	return true;
}

static void source_close(struct source *s)
{
	if (s->xlsx)
		xlsx_close(s->x);
	else
		csv_stream_free(&s->csv);
	if (s->f)
		fclose(s->f);
}

/* PostgreSQL plans by statistics that autovacuum gathers only after the
 * import's transaction commits: a thousand rows in, the planner would
 * still see empty tables and reach single rows through the wrong index
 * for the rest of the import (each row's look-ups and revaluation). */
static bool refresh_statistics(struct import_ctx *c, struct sr_error *err)
{
	if (c->analyzed || c->done < 1000 ||
	    store_backend_of(c->req->store) != STORE_POSTGRES)
		return true;
	c->analyzed = true;
	char sql[160];
	snprintf(sql, sizeof sql, "ANALYZE candidates, realisations, %s",
		 c->kind->desc->table);
	return store_exec(c->req->store, sql, err);
}

/* ---- progress ------------------------------------------------------------ */

static void progress(struct import_ctx *c, bool last)
{
	time_t now = time(NULL);
	if (!last && now == c->last_progress)
		return;
	c->last_progress = now;
	if (c->job_id)
		import_progress_update(c->job_id, c->done, c->total);
	if (c->o->progress_tty) {
		long total = c->total > c->done ? c->total : c->done;
		fprintf(stderr, "\rimporting %s: %ld / %ld rows (%ld%%)",
			c->kind ? c->kind->name : c->o->kind, c->done, total,
			total ? c->done * 100 / total : 100);
		if (last)
			fputs("\n", stderr);
		fflush(stderr);
	}
}

/* ---- one import ---------------------------------------------------------- */

static bool savepoint(struct import_ctx *c, const char *sql)
{
	struct sr_error e = {0};
	return store_exec(c->req->store, sql, &e);
}

/* Runs one converted row through the kind, in its own savepoint when the
 * kind needs one. Returns false only for a failure that ends the import. */
static bool run_row(struct import_ctx *c, struct import_row *r,
		    bool (*handler)(struct import_ctx *, struct import_row *,
				    struct sr_error *),
		    bool own_savepoint, struct sr_error *fatal)
{
	struct sr_error err = {0};
	c->outcome = OUT_UNCHANGED;
	if (own_savepoint && !savepoint(c, "SAVEPOINT sroi_import_row"))
		return sr_fail(fatal, 500, "database_error", "",
			       "cannot start a savepoint");
	bool ok = handler(c, r, &err);
	if (!ok && err.status >= 500) {
		*fatal = err;
		return false;
	}
	if (own_savepoint) {
		if (!ok)
			savepoint(c, "ROLLBACK TO SAVEPOINT sroi_import_row");
		savepoint(c, "RELEASE SAVEPOINT sroi_import_row");
	}
	if (!ok) {
		c->failed++;
		add_row_error(c, r, &err);
		return true;
	}
	if (c->outcome == OUT_CREATED)
		c->created++;
	else if (c->outcome == OUT_UPDATED)
		c->updated++;
	else
		c->unchanged++;
	return true;
}

/* Rows from a tabular file (CSV or XLSX). */
static bool import_table(struct import_ctx *c, const struct import_source *in,
			 struct sr_error *err)
{
	struct source s;
	if (!source_open(&s, in, &c->total, err))
		return false;
	/* Batches only where the create is validation and insert: not with
	 * an after_write hook, nor for a supplier account (whose create reads
	 * the record back). */
	if (c->kind->batched && !c->kind->desc->after_write &&
	    !supplier_account(c->req)) {
		c->batch = batch_new(c->kind->desc);
		if (!c->batch ||
		    !watch_created_keys(c, c->kind->desc->table, err)) {
			source_close(&s);
			return c->batch ? false
					: sr_fail(err, 503, "out_of_memory", "",
						  "out of memory");
		}
	}
	bool ok = true;
	bool header = false;
	while (ok && source_next(&s, err)) {
		if (!header) {
			header = true;
			if (!map_header(c, s.count, s.cells))
				break;
			if (c->batch && !fast_setup(c, err)) {
				ok = false;
				break;
			}
			continue;
		}
		bool blank = true;
		for (int i = 0; i < s.count && blank; i++)
			blank = !s.cells[i][0];
		if (blank && !s.row_error)
			continue;
		c->done++;
		if (s.row_error) {
			add_error(c, s.row, -1, NULL, "malformed_row", "%s",
				  s.row_error);
			c->failed++;
			continue;
		}
		bool taken = false;
		if (c->fast &&
		    !fast_row(c, s.count, s.cells, s.kinds, &taken, err)) {
			ok = false;
			break;
		}
		if (taken) {
			progress(c, false);
			continue;
		}
		struct import_row r;
		if (!convert_row(c, s.row, s.count, s.cells, s.kinds, &r)) {
			c->failed++;
		} else {
			ok = run_row(c, &r, c->kind->row,
				     c->kind->savepoint_per_row, err) &&
			     refresh_statistics(c, err);
		}
		row_free(&r);
		progress(c, false);
	}
	if (ok && err->status)
		ok = false; /* source_next failed */
	if (ok)
		ok = batch_flush(c, err);
	if (ok && !header)
		add_error(c, 0, -1, NULL, "empty_file",
			  "the file has no header row");
	source_close(&s);
	return ok;
}

/* Reads a whole JSON file. */
static json_t *load_json(const struct import_source *in, struct sr_error *err)
{
	json_error_t jerr;
	json_t *doc =
	    in->path
		? json_load_file(in->path, JSON_REJECT_DUPLICATES, &jerr)
		: json_loadb(in->data, in->size, JSON_REJECT_DUPLICATES, &jerr);
	if (!doc)
		sr_fail(err, 400, "invalid_json", "file",
			"the file is not valid JSON: %s (line %d)", jerr.text,
			jerr.line);
	return doc;
}

/* Policies: one JSON policy document, or an array of them. A version whose
 * effective date is stored already is unchanged when its document is the
 * same, refused otherwise (versions are never changed). */
static bool row_policy(struct import_ctx *c, struct import_row *r,
		       struct sr_error *err)
{
	json_t *doc = json_object_get(r->body, "document");
	const char *eff =
	    json_string_value(json_object_get(doc, "effective_from"));
	if (eff) {
		struct store_stmt *st =
		    store_prepare(c->req->store,
				  "SELECT document FROM policies WHERE org_id "
				  "= ? AND effective_from = ?",
				  err);
		if (!st)
			return false;
		store_bind_int(st, 1, c->org_id);
		store_bind_text(st, 2, eff);
		enum store_step_result res = store_step(st, err);
		json_t *stored =
		    res == STORE_ROW
			? json_loads(store_column_text(st, 0), 0, NULL)
			: NULL;
		store_finalize(st);
		if (res == STORE_ERROR)
			return false;
		if (res == STORE_ROW) {
			bool same = stored && json_equal(stored, doc);
			json_decref(stored);
			return same
				   ? true
				   : sr_fail(
					 err, 409, "conflict", "effective_from",
					 "a policy version from %s is stored "
					 "with "
					 "another document; versions are never "
					 "changed: give the new one another "
					 "date",
					 eff);
		}
	}
	char org[24];
	snprintf(org, sizeof org, "%lld", (long long)c->org_id);
	json_t *answer = NULL;
	if (!call_handler(c, api_policies_put, org, doc, &answer, err))
		return false;
	int64_t id = json_integer_value(json_object_get(answer, "id"));
	json_decref(answer);
	note_created(c, id);
	c->outcome = OUT_CREATED;
	return true;
}

static bool import_policies(struct import_ctx *c,
			    const struct import_source *in,
			    struct sr_error *err)
{
	json_t *doc = load_json(in, err);
	if (!doc)
		return false;
	json_t *list =
	    json_is_array(doc) ? json_incref(doc) : json_pack("[O]", doc);
	c->total = (long)json_array_size(list);
	bool ok = true;
	size_t i;
	json_t *item;
	json_array_foreach(list, i, item)
	{
		c->done++;
		struct import_row r = {.number = (long)i + 1};
		r.body = json_pack("{s:O}", "document", item);
		ok = run_row(c, &r, row_policy, true, err);
		row_free(&r);
		if (!ok)
			break;
	}
	json_decref(list);
	json_decref(doc);
	return ok;
}

/* TenderNed: OCDS awards as contract rows. */
static bool import_tenderned(struct import_ctx *c,
			     const struct import_source *in,
			     struct sr_error *err)
{
	json_t *doc = load_json(in, err);
	if (!doc)
		return false;
	json_t *rows = NULL, *problems = NULL;
	c->kind = kind_named("contracts");
	bool ok = ocds_to_contract_rows(doc, &rows, &problems, err);
	json_decref(doc);
	if (!ok)
		return false;
	size_t i;
	json_t *p;
	json_array_foreach(problems, i, p)
	{
		add_error(c,
			  (long)json_integer_value(json_object_get(p, "row")),
			  -1, NULL, "not_mapped", "%s",
			  json_string_value(json_object_get(p, "message")));
		c->failed++;
	}
	c->total = (long)(json_array_size(rows) + json_array_size(problems));
	/* Map the OCDS fields like a file's columns. */
	c->ncols = 0;
	for (int k = 0;
	     contract_columns[k].name && c->ncols < IMPORT_MAX_COLUMNS; k++) {
		c->col[c->ncols] = &contract_columns[k];
		snprintf(c->header[c->ncols], sizeof c->header[0], "%s",
			 contract_columns[k].name);
		c->ncols++;
	}
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		c->done++;
		long number =
		    (long)json_integer_value(json_object_get(row, "row"));
		/* A winner that sroi does not know yet is added as a supplier.
		 */
		const char *kvk =
		    json_string_value(json_object_get(row, "supplier_kvk"));
		if (kvk) {
			int64_t sid = 0;
			if (!find_id(c,
				     "SELECT id FROM suppliers WHERE org_id = "
				     "? AND kvk = ?",
				     "t", &sid, err, kvk)) {
				ok = false;
				break;
			}
			if (!sid && may(c, "suppliers:write")) {
				json_t *body =
				    json_pack("{s:s, s:s}", "kvk", kvk, "name",
					      json_string_value(json_object_get(
						  row, "supplier_name"))
						  ?: kvk);
				struct sr_error e = {0};
				if (!create_record(c, &supplier_resource, body,
						   &sid, &e) &&
				    e.status >= 500) {
					*err = e;
					json_decref(body);
					ok = false;
					break;
				}
				json_decref(body);
			}
		}
		const char *cells[IMPORT_MAX_COLUMNS];
		enum cell_kind ck[IMPORT_MAX_COLUMNS];
		char texts[IMPORT_MAX_COLUMNS][256];
		for (int k = 0; k < c->ncols; k++) {
			json_t *v =
			    json_object_get(row, contract_columns[k].name);
			if (json_is_string(v))
				snprintf(texts[k], sizeof texts[k], "%s",
					 json_string_value(v));
			else if (json_is_integer(v))
				snprintf(texts[k], sizeof texts[k], "%lld",
					 (long long)json_integer_value(v));
			else
				texts[k][0] = '\0';
			cells[k] = texts[k];
			ck[k] = CELL_TEXT;
		}
		struct import_row r;
		if (!convert_row(c, number, c->ncols, cells, ck, &r))
			c->failed++;
		else
			ok = run_row(c, &r, row_contract, true, err);
		row_free(&r);
		if (!ok)
			break;
	}
	json_decref(rows);
	json_decref(problems);
	return ok;
}

/* Records the import job and its audit entry (the new records by id). */
static bool record_job(struct import_ctx *c, const char *status,
		       struct sr_error *err)
{
	if (c->range_first)
		json_array_append_new(c->created_ranges,
				      json_pack("[I, I]",
						(json_int_t)c->range_first,
						(json_int_t)c->range_last));
	c->range_first = 0;
	char *errors = json_dumps(c->errors, JSON_COMPACT);
	struct store_stmt *st =
	    errors ? store_prepare(c->req->store,
				   "INSERT INTO import_jobs (org_id, id, kind, "
				   "filename, actor, status, "
				   "rows_total, rows_done, created, updated, "
				   "unchanged, failed, errors, "
				   "created_at, updated_at) VALUES (?, ?, ?, "
				   "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				   err)
		   : NULL;
	bool ok = st != NULL;
	if (st) {
		int i = 1;
		store_bind_int(st, i++, c->org_id);
		store_bind_int(st, i++, c->job_id);
		store_bind_text(st, i++, c->o->kind);
		store_bind_text(st, i++, c->file);
		store_bind_text(st, i++, c->req->caller.actor);
		store_bind_text(st, i++, status);
		store_bind_int(st, i++,
			       c->total > c->done ? c->total : c->done);
		store_bind_int(st, i++, c->done);
		store_bind_int(st, i++, c->created);
		store_bind_int(st, i++, c->updated);
		store_bind_int(st, i++, c->unchanged);
		store_bind_int(st, i++, c->failed);
		store_bind_text(st, i++, errors);
		store_bind_text(st, i++, c->now);
		store_bind_text(st, i++, c->now);
		ok = store_step(st, err) == STORE_DONE;
		store_finalize(st);
	}
	free(errors);
	if (!ok)
		return false;
	const char *entity = c->kind ? c->kind->entity
			     : strcmp(c->o->kind, "policies") == 0 ? "policy"
								   : "contract";
	json_t *changes = json_pack(
	    "{s:s, s:s, s:s, s:{s:O}, s:I, s:I, s:I}", "kind", c->o->kind,
	    "file", c->file, "status", status, "created", entity,
	    c->created_ranges, "created_count", (json_int_t)c->created,
	    "updated", (json_int_t)c->updated, "failed", (json_int_t)c->failed);
	if (json_object_size(c->identity_fields)) {
		json_t *names = json_array();
		const char *key;
		json_t *v;
		json_object_foreach(c->identity_fields, key, v)
		    json_array_append_new(names, json_string(key));
		json_object_set_new(changes, "identity_fields", names);
	}
	ok = api_audit(c->req, c->org_id, "import", "import_job", c->job_id,
		       changes, err);
	json_decref(changes);
	return ok;
}

static json_t *report_json(struct import_ctx *c, const char *status)
{
	return json_pack(
	    "{s:I, s:s, s:s, s:s, s:b, s:b, s:I, s:I, s:I, s:I, s:I, s:I, s:I, "
	    "s:O}",
	    "id", (json_int_t)c->job_id, "kind", c->o->kind, "file", c->file,
	    "status", status, "dry_run", c->o->dry_run, "partial",
	    c->o->partial, "rows_total",
	    (json_int_t)(c->total > c->done ? c->total : c->done), "rows_done",
	    (json_int_t)c->done, "created", (json_int_t)c->created, "updated",
	    (json_int_t)c->updated, "unchanged", (json_int_t)c->unchanged,
	    "failed", (json_int_t)c->failed, "error_count",
	    (json_int_t)c->error_count, "errors", c->errors);
}

bool import_run(struct request *req, const struct import_options *o,
		const struct import_source *src, json_t **report,
		struct sr_error *err)
{
	*report = NULL;
	if (!import_kind_known(o->kind))
		return sr_fail(
		    err, 404, "unknown_kind", "kind",
		    "sroi imports suppliers, contracts, plans, candidates, "
		    "openings, realisations, follow-ups, policies and "
		    "tenderned, not '%s'",
		    o->kind ? o->kind : "");
	struct import_ctx *cp = calloc(1, sizeof *cp);
	if (!cp)
		return sr_fail(err, 503, "out_of_memory", "", "out of memory");
	cp->req = req;
	cp->o = o;
	cp->kind = kind_named(o->kind);
	cp->org_id = o->org_id;
	cp->file = src->filename ? src->filename
		   : src->path	 ? src->path
				 : "upload";
	cp->errors = json_array();
	cp->created_ranges = json_array();
	cp->identity_fields = json_object();
	api_now(cp->now);
	/* The job's id is taken inside the savepoint too: an import that
	 * changes nothing leaves the database as it was. */
	bool ok =
	    savepoint(cp, "SAVEPOINT sroi_import") ||
	    sr_fail(err, 500, "database_error", "", "cannot start a savepoint");
	if (ok && !store_next_id(req->store, &cp->job_id, err)) {
		savepoint(cp, "ROLLBACK TO SAVEPOINT sroi_import");
		savepoint(cp, "RELEASE SAVEPOINT sroi_import");
		ok = false;
		cp->job_id = 0;
	}
	if (ok)
		import_progress_begin(cp->job_id, cp->org_id, req->caller.actor,
				      o->kind, cp->file);
	if (ok) {
		if (cp->kind)
			ok = import_table(cp, src, err);
		else if (strcmp(o->kind, "policies") == 0)
			ok = import_policies(cp, src, err);
		else
			ok = import_tenderned(cp, src, err);
		progress(cp, true);
		/* policies note their own ids; the others by outcome */
	}
	const char *status = "done";
	if (ok) {
		bool refused =
		    (cp->error_count > 0 && !o->partial) || cp->fatal_header;
		status = o->dry_run	   ? "dry_run"
			 : refused	   ? "failed"
			 : cp->error_count ? "partial"
					   : "done";
		bool changed = cp->created + cp->updated > 0;
		if (refused || o->dry_run || !changed)
			savepoint(cp, "ROLLBACK TO SAVEPOINT sroi_import");
		savepoint(cp, "RELEASE SAVEPOINT sroi_import");
		if (!refused && !o->dry_run && changed)
			ok = record_job(cp, status, err);
	} else {
		savepoint(cp, "ROLLBACK TO SAVEPOINT sroi_import");
		savepoint(cp, "RELEASE SAVEPOINT sroi_import");
	}
	if (ok) {
		*report = report_json(cp, status);
		if (o->dry_run && cp->error_count == 0)
			json_object_set_new(
			    *report, "note",
			    json_string("dry run: nothing was written"));
	}
	if (cp->job_id)
		import_progress_end(cp->job_id, *report);
	batch_free(cp->batch);
	free(cp->created_keys);
	free(cp->codes);
	json_decref(cp->errors);
	json_decref(cp->created_ranges);
	json_decref(cp->identity_fields);
	free(cp);
	return ok;
}

/* ---- templates ---------------------------------------------------------- */

/* One example row per kind, in the order of its columns ("" for none). */
static const char *const *example_of(const char *kind)
{
	static const char *const suppliers[] = {
	    "12345678",	  "Bouwbedrijf De Voorbeeld B.V.",
	    "2511 AB",	  "regular",
	    "no",	  "2",
	    "2024-01-01", "2026-12-31",
	    NULL};
	static const char *const contracts[] = {"2024-WERK-017",
						"Onderhoud kademuren",
						"Stadsbeheer",
						"45000000-7",
						"works",
						"1.250.000,00",
						"",
						"01-03-2024",
						"28-02-2027",
						"40",
						"",
						"12345678",
						"15-01-2024",
						"awarded",
						"",
						"",
						"",
						"",
						"",
						"",
						NULL};
	static const char *const plans[] = {"2024-WERK-017",
					    "participatiewet",
					    "two hires from social assistance",
					    "2",
					    "80.000,00",
					    "",
					    "01-04-2024",
					    "proposed",
					    NULL};
	static const char *const candidates[] = {"K-000123",
						 "participatiewet",
						 "1985-06",
						 "2515 AB",
						 "7112.1;9313.1",
						 "mbo2",
						 "32",
						 "25",
						 "01-02-2024",
						 "01-01-2022",
						 "yes",
						 "active",
						 "",
						 "",
						 "",
						 "",
						 "",
						 "",
						 NULL};
	static const char *const openings[] = {
	    "V-2024-001", "12345678",	 "2024-WERK-017",
	    "job",	  "Grondwerker", "9313.1",
	    "2511 AB",	  "36",		 "2",
	    "01-04-2024", "30",		 "no",
	    "none",	  "open",	 NULL};
	static const char *const realisations[] = {
	    "R-2024-001", "2024-WERK-017",
	    "hire",	  "K-000123",
	    "01-04-2024", "31-03-2025",
	    "36",	  "",
	    "",		  "",
	    "",		  "",
	    "",		  "",
	    "no",	  "",
	    "",		  "",
	    "reported",	  "",
	    NULL};
	static const char *const followups[] = {"R-2024-001", "6", "yes",
						"01-10-2024", NULL};
	if (strcmp(kind, "suppliers") == 0)
		return suppliers;
	if (strcmp(kind, "contracts") == 0)
		return contracts;
	if (strcmp(kind, "plans") == 0)
		return plans;
	if (strcmp(kind, "candidates") == 0)
		return candidates;
	if (strcmp(kind, "openings") == 0)
		return openings;
	if (strcmp(kind, "realisations") == 0)
		return realisations;
	return followups;
}

/* Appends a CSV cell (quoted when needed) to a growing string. */
static bool put_cell(char **buf, size_t *len, size_t *cap, const char *text,
		     bool first, char sep)
{
	size_t need = *len + strlen(text) * 2 + 8;
	if (need > *cap) {
		size_t c = *cap ? *cap : 1024;
		while (c < need)
			c *= 2;
		char *b = realloc(*buf, c);
		if (!b)
			return false;
		*buf = b;
		*cap = c;
	}
	char *o = *buf + *len;
	if (!first)
		*o++ = sep;
	bool quote = strchr(text, sep) || strpbrk(text, "\"\r\n");
	if (quote)
		*o++ = '"';
	for (const char *p = text; *p; p++) {
		if (*p == '"')
			*o++ = '"';
		*o++ = *p;
	}
	if (quote)
		*o++ = '"';
	*o = '\0';
	*len = (size_t)(o - *buf);
	return true;
}

/* Template columns: not the cents column beside its euro column, nor the
 * columns only OCDS fills. */
static bool in_template(const struct import_column *cols, int i)
{
	if (cols[i].role == ROLE_INFO)
		return strcmp(cols[i].field, "months") == 0;
	if (cols[i].role == ROLE_FIELD)
		for (int k = 0; cols[k].name; k++)
			if (cols[k].role == ROLE_EUROS &&
			    strcmp(cols[k].field, cols[i].field) == 0)
				return false;
	return true;
}

static bool put_raw(char **buf, size_t *len, size_t *cap, const char *text)
{
	size_t n = strlen(text);
	if (*len + n + 1 > *cap) {
		size_t c = *cap ? *cap * 2 : 1024;
		while (c < *len + n + 1)
			c *= 2;
		char *b = realloc(*buf, c);
		if (!b)
			return false;
		*buf = b;
		*cap = c;
	}
	memcpy(*buf + *len, text, n + 1);
	*len += n;
	return true;
}

char *import_template_csv(const char *kind, bool dutch)
{
	const struct import_kind *k = kind_named(kind);
	if (!k)
		return NULL;
	const char *const *example = example_of(k->name);
	char *buf = NULL;
	size_t len = 0, cap = 0;
	char sep = dutch ? ';' : ',';
	bool ok = true;
	int n = 0;
	for (int i = 0; ok && k->columns[i].name; i++) {
		if (!in_template(k->columns, i))
			continue;
		ok = put_cell(&buf, &len, &cap,
			      dutch ? k->columns[i].nl : k->columns[i].name,
			      n++ == 0, sep);
	}
	ok = ok && put_raw(&buf, &len, &cap, "\r\n");
	bool ended = false;
	n = 0;
	for (int i = 0; ok && k->columns[i].name; i++) {
		if (!ended && !example[i])
			ended = true;
		if (!in_template(k->columns, i))
			continue;
		const char *v = ended ? "" : example[i];
		char conv[64];
		/* English templates write amounts the English way. */
		if (!dutch && strchr(v, ',') &&
		    strspn(v, "0123456789.,") == strlen(v)) {
			int64_t x;
			const char *why;
			if (cell_parse_amount(v, 2, &x, &why)) {
				cell_format_amount(x, 2, '.', conv,
						   sizeof conv);
				v = conv;
			}
		}
		ok = put_cell(&buf, &len, &cap, v, n++ == 0, sep);
	}
	ok = ok && put_raw(&buf, &len, &cap, "\r\n");
	if (!ok) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* ---- the dataset for sroi export ----------------------------------------- */

struct export_state {
	struct import_ctx *c;
	const struct import_kind *k;
	bool identity;
	bool (*row)(void *ctx, int n, const char *const *cells);
	void *ctx;
	struct sr_error *err;
	bool failed;
};

/* A stored value as a cell of sroi's export (read back by import). */
static void value_text(json_t *v, char *out, size_t n)
{
	out[0] = '\0';
	if (json_is_string(v)) {
		snprintf(out, n, "%s", json_string_value(v));
	} else if (json_is_integer(v)) {
		snprintf(out, n, "%lld", (long long)json_integer_value(v));
	} else if (json_is_real(v)) {
		double d = json_real_value(v) * 100.0;
		int64_t c = (int64_t)(d < 0 ? d - 0.5 : d + 0.5);
		cell_format_amount(c, 2, '.', out, n);
	} else if (json_is_boolean(v)) {
		snprintf(out, n, "%s", json_is_true(v) ? "yes" : "no");
	} else if (json_is_array(v)) {
		size_t i, used = 0;
		json_t *item;
		json_array_foreach(v, i, item)
		{
			int w = snprintf(
			    out + used, n - used, "%s%s", i ? ";" : "",
			    json_is_string(item) ? json_string_value(item)
						 : "");
			if (w < 0 || (size_t)w >= n - used)
				break;
			used += (size_t)w;
		}
	}
}

/* The text of sql's first column for id (a reference as the file names
 * it). */
static bool lookup_text(struct import_ctx *c, const char *sql, int64_t id,
			char *out, size_t n, struct sr_error *err)
{
	out[0] = '\0';
	struct store_stmt *st = store_prepare(c->req->store, sql, err);
	if (!st)
		return false;
	store_bind_int(st, 1, c->org_id);
	store_bind_int(st, 2, id);
	enum store_step_result r = store_step(st, err);
	if (r == STORE_ROW) {
		if (store_column_is_null(st, 0))
			snprintf(out, n, "sroi-%lld", (long long)id);
		else
			snprintf(out, n, "%s", store_column_text(st, 0));
	}
	store_finalize(st);
	return r != STORE_ERROR;
}

static bool export_one(json_t *record, void *ctx)
{
	struct export_state *x = ctx;
	struct import_ctx *c = x->c;
	const struct import_column *cols = x->k->columns;
	static char texts[IMPORT_MAX_COLUMNS][1024];
	const char *cells[IMPORT_MAX_COLUMNS];
	int n = 0;
	int64_t id = json_integer_value(json_object_get(record, "id"));
	json_t *identity = NULL;
	if (x->identity && strcmp(x->k->name, "candidates") == 0 &&
	    !store_identity_get(c->req->store, c->org_id, id, &identity,
				x->err)) {
		x->failed = true;
		return false;
	}
	for (int i = 0; cols[i].name; i++) {
		const struct import_column *col = &cols[i];
		if (col->role == ROLE_EUROS ||
		    (col->role == ROLE_INFO &&
		     strcmp(col->field, "months") != 0))
			continue;
		if (col->role == ROLE_IDENTITY && !x->identity)
			continue;
		char *t = texts[n];
		t[0] = '\0';
		json_t *ref = json_object_get(record, col->field);
		bool ok = true;
		switch (col->role) {
		case ROLE_FIELD:
		case ROLE_STATUS:
		case ROLE_INFO:
			value_text(json_object_get(record, col->field), t,
				   1024);
			if (col->role == ROLE_FIELD &&
			    strcmp(col->field, "external_id") == 0 && !t[0])
				snprintf(t, 1024, "sroi-%lld", (long long)id);
			break;
		case ROLE_ACTION:
			value_text(json_object_get(
				       record, strcmp(col->field, "reason") == 0
						   ? "reject_reason"
						   : col->field),
				   t, 1024);
			break;
		case ROLE_SUPPLIER:
			if (json_is_integer(ref))
				ok = lookup_text(c,
						 "SELECT kvk FROM suppliers "
						 "WHERE org_id = ? AND id = ?",
						 json_integer_value(ref), t,
						 1024, x->err);
			break;
		case ROLE_CONTRACT:
			if (json_is_integer(ref)) {
				ok = lookup_text(
				    c,
				    "SELECT reference FROM contracts WHERE "
				    "org_id = ? AND id = ? AND archived = 0",
				    json_integer_value(ref), t, 1024, x->err);
				/* A record of an archived contract: the
				 * contract is not exported, nor is it. */
				if (ok && !t[0]) {
					json_decref(identity);
					return true;
				}
			}
			break;
		case ROLE_CANDIDATE:
			if (json_is_integer(ref))
				ok = lookup_text(
				    c,
				    "SELECT external_id FROM candidates WHERE "
				    "org_id = ? AND id = ?",
				    json_integer_value(ref), t, 1024, x->err);
			break;
		case ROLE_REALISATION:
			if (json_is_integer(ref)) {
				ok = lookup_text(
				    c,
				    "SELECT r.external_id FROM realisations r "
				    "JOIN contracts k ON k.org_id = r.org_id AND "
				    "k.id = r.contract_id WHERE r.org_id = ? AND "
				    "r.id = ? AND k.archived = 0",
				    json_integer_value(ref), t, 1024, x->err);
				if (ok && !t[0]) {
					json_decref(identity);
					return true;
				}
			}
			break;
		case ROLE_IDENTITY:
			value_text(json_object_get(identity, col->field), t,
				   1024);
			break;
		case ROLE_EUROS:
			break;
		}
		if (!ok) {
			json_decref(identity);
			x->failed = true;
			return false;
		}
		cells[n] = t;
		n++;
	}
	json_decref(identity);
	if (!x->row(x->ctx, n, cells)) {
		x->failed = true;
		sr_fail(x->err, 500, "write_failed", "",
			"cannot write the export");
		return false;
	}
	return true;
}

bool import_export_kind(struct request *req, int64_t org_id, const char *kind,
			bool identity,
			bool (*row)(void *ctx, int n, const char *const *cells),
			void *ctx, struct sr_error *err)
{
	const struct import_kind *k = kind_named(kind);
	if (!k)
		return sr_fail(err, 404, "unknown_kind", "kind",
			       "no such kind '%s'", kind);
	struct import_options o = {
	    .kind = kind, .org_id = org_id, .trusted = true};
	struct import_ctx c = {
	    .req = req, .o = &o, .kind = k, .org_id = org_id};
	/* The header: the English names import reads. */
	const char *names[IMPORT_MAX_COLUMNS];
	int n = 0;
	for (int i = 0; k->columns[i].name; i++) {
		const struct import_column *col = &k->columns[i];
		if (col->role == ROLE_EUROS ||
		    (col->role == ROLE_INFO &&
		     strcmp(col->field, "months") != 0))
			continue;
		if (col->role == ROLE_IDENTITY && !identity)
			continue;
		names[n++] = col->name;
	}
	if (!row(ctx, n, names))
		return sr_fail(err, 500, "write_failed", "",
			       "cannot write the export");
	struct export_state x = {.c = &c,
				 .k = k,
				 .identity = identity,
				 .row = row,
				 .ctx = ctx,
				 .err = err};
	struct request sub = *req;
	sub.query_count = 0;
	if (strcmp(k->name, "suppliers") == 0) {
		/* archived suppliers too: contracts may name them */
		sub.query[0] = (struct query_arg){"include_archived", "true"};
		sub.query_count = 1;
	}
	sub.caller.org_id = org_id;
	bool ok = crud_list_each(k->desc, &sub, export_one, &x, err);
	return ok && !x.failed;
}
