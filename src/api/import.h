/*
 * import.h: bringing a municipality's existing data in (docs/import.md).
 *
 * An import reads a CSV file (UTF-8 with or without BOM, or Windows-1252;
 * comma or semicolon), an XLSX workbook (its first sheet), a JSON policy
 * document or TenderNed's OCDS JSON, maps the columns by their headers
 * (Dutch and English names), and runs every row through the same
 * validation and the same code as the API (crud.c and the resources'
 * checks; awards, verification and agreement through their handlers).
 * Records are matched by the id each kind carries (suppliers by KvK,
 * contracts by reference, candidates, openings and realisations by
 * external_id, plan items by contract and block, follow-ups by realisation
 * and months), so importing the same file twice changes nothing.
 *
 * All or nothing by default: any refused row and nothing is written, and
 * the report lists every error with file, row and column. With partial the
 * valid rows are written. The rows stream from the file, so memory stays
 * bounded however long the file is.
 */
#ifndef SROI_API_IMPORT_H
#define SROI_API_IMPORT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "http/request.h"

/* Where the bytes are: a file (streamed) or memory (an upload). */
struct import_source {
	const char *path; /* or NULL */
	const char *data; /* when path is NULL */
	size_t size;
	const char *filename; /* for the report */
};

struct import_options {
	const char *kind;  /* "suppliers", "contracts", ..., "tenderned" */
	int64_t org_id;	   /* the organisation the records go to */
	bool dry_run;	   /* validate only: write nothing */
	bool partial;	   /* write the valid rows, report the others */
	bool trusted;	   /* the command line: every permission */
	bool progress_tty; /* draw progress on standard error */
};

/* Progress of the running imports of this process, readable by
 * GET /api/v1/imports/{id} while the upload runs. */
struct import_progress;

/* True when kind is one sroi imports. */
bool import_kind_known(const char *kind);
/* The kinds, NULL-terminated (suppliers ... policies, tenderned). */
extern const char *const import_kinds[];

/* Runs an import inside the caller's transaction (req->store, begun).
 * Writes nothing it has to undo: a refused import rolls back to where it
 * began. *report (always set when it returns true) is the job:
 * {id, kind, file, status: done|partial|failed|dry_run, rows_total,
 * rows_done, created, updated, unchanged, failed, errors: [{file, row,
 * column, field, code, message}]}. Returns false only when the import could
 * not run at all (unreadable file, unknown kind, permission): err says why. */
bool import_run(struct request *req, const struct import_options *o,
		const struct import_source *src, json_t **report,
		struct sr_error *err);

/* The CSV template of a kind (header row and one example row), Dutch or
 * English headers; NULL for an unknown kind. Caller frees. */
char *import_template_csv(const char *kind, bool dutch);

/* Writes every record of a kind of organisation org_id as rows of the
 * columns import reads (the first call gives the header), references by
 * their file ids (KvK, reference, external id; "sroi-ID" for a record
 * without one). Identity columns only when identity is true. For sroi
 * export. */
bool import_export_kind(struct request *req, int64_t org_id, const char *kind,
			bool identity,
			bool (*row)(void *ctx, int n, const char *const *cells),
			void *ctx, struct sr_error *err);

/* The job registry (import_http.c): progress of running imports. */
void import_progress_begin(int64_t job_id, int64_t org_id, const char *actor,
			   const char *kind, const char *file);
void import_progress_update(int64_t job_id, long done, long total);
void import_progress_end(int64_t job_id, json_t *report);

/* ---- TenderNed OCDS (ocds.c) ----------------------------------------- */

/* Maps an OCDS release or record package to contract rows: one JSON
 * object per award with the columns of a contracts import (reference,
 * title, kind, cpv_code, value_cents, start_date, end_date, award_date,
 * supplier_kvk, supplier_name), in *rows (an array). Problems with a
 * release become entries of *problems ({row, message}). */
bool ocds_to_contract_rows(json_t *package, json_t **rows, json_t **problems,
			   struct sr_error *err);

#endif
