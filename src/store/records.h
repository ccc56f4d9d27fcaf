/*
 * records.h: generic record storage for the API's resources.
 *
 * A resource is described once (src/api/resource.h); this file turns the
 * column part of that description into SQL. Column and table names come only
 * from those static descriptions, never from input; values are always bound.
 * Every table has org_id, id, created_at and updated_at; lists join the
 * organisation's code.
 */
#ifndef SROI_STORE_RECORDS_H
#define SROI_STORE_RECORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

struct record_table {
	const char *table;
	const char *const *columns; /* column_count names */
	size_t column_count;
	bool archivable; /* has an `archived` column */
	bool untimed;    /* has no created_at/updated_at (the audit log) */
};

/* A column value: SQL NULL, integer or text. */
struct record_value {
	enum { RV_NULL, RV_INT, RV_TEXT } kind;
	int64_t i;
	const char *s;
};

struct record_filter {
	int column; /* index into columns, or -1 for id */
	struct record_value value;
};

#define RECORD_MAX_FILTERS 16

struct record_query {
	int64_t org_id;       /* 0: all organisations */
	struct record_filter filters[RECORD_MAX_FILTERS];
	int filter_count;
	int sort_column;      /* -1: by id */
	bool descending;
	bool has_cursor;      /* continue after (cursor_value, cursor_id) */
	struct record_value cursor_value;
	int64_t cursor_id;
	int limit;
	bool include_archived;
	/* An extra condition on `r`, taken only from a static resource
	 * description (never from input), with one `?` bound to scope_value:
	 * what a supplier account may see (resource.h). NULL for none. */
	const char *scope;
	int64_t scope_value;
};

/* Inserts a record; values has column_count entries. */
bool record_insert(struct store *s, const struct record_table *t,
		   int64_t org_id, int64_t id, const struct record_value *values,
		   const char *now, struct sr_error *err);

/* Inserts n new records of one organisation, as n calls of record_insert
 * would, but with several rows per statement (imports: one statement per row
 * costs more than the row). ids has n entries; values has n * column_count,
 * row after row. A failed statement writes none of its rows; rows of the
 * statements before it stay written (the caller's transaction or savepoint
 * undoes them). */
bool record_insert_many(struct store *s, const struct record_table *t,
			int64_t org_id, const int64_t *ids,
			const struct record_value *values, size_t n,
			const char *now, struct sr_error *err);

/* Updates the given columns of one record. */
bool record_update(struct store *s, const struct record_table *t,
		   int64_t org_id, int64_t id, const int *columns,
		   const struct record_value *values, size_t n, const char *now,
		   struct sr_error *err);

/* Deletes, or archives when the table is archivable. *found false when no
 * such record. */
bool record_remove(struct store *s, const struct record_table *t,
		   int64_t org_id, int64_t id, const char *now, bool *found,
		   struct sr_error *err);

/* A statement selecting one record, or the records of a query. Its columns
 * are: id, org_id, organisation code, the table's columns in order,
 * created_at, updated_at. Step it; finalize it. */
struct store_stmt *record_select_one(struct store *s,
				     const struct record_table *t,
				     int64_t org_id, int64_t id,
				     struct sr_error *err);
struct store_stmt *record_select(struct store *s, const struct record_table *t,
				 const struct record_query *q,
				 struct sr_error *err);

/* Column positions in record_select's rows. */
#define RECORD_COL_ID 0
#define RECORD_COL_ORG_ID 1
#define RECORD_COL_ORG_CODE 2
#define RECORD_COL_FIRST 3

/* True when a record with this id exists in the table (and organisation,
 * unless org_id is 0); *org_out gets its organisation. */
bool record_exists(struct store *s, const char *table, int64_t org_id,
		   int64_t id, int64_t *org_out, bool *exists,
		   struct sr_error *err);

#endif
