/*
 * reference_tables.h: the tables that are NOT distributed by organisation.
 *
 * On Citus (docs/operations.md, "Citus") every table of sroi is distributed
 * by its org_id column, so that one organisation's rows live together on
 * one node and a request touches one node. For that, every primary key,
 * unique key and foreign key between distributed tables includes org_id.
 * The tables below are the exceptions: small, shared by all
 * organisations, and made reference tables (a copy on every node). A
 * distributed table may refer to them; they never refer to a distributed
 * table. (Postcode areas, occupations and CPV codes are not tables: they
 * are compiled into the binary from data/.)
 *
 * This is the one list of them: tests/faults/test_citus.py reads it and
 * fails when any other table breaks the rule, and the deployment steps in
 * docs/operations.md name the same tables.
 */
#ifndef SROI_STORE_REFERENCE_TABLES_H
#define SROI_STORE_REFERENCE_TABLES_H

/* String literals, one table each; usable as an array initialiser:
 * static const char *const t[] = {STORE_REFERENCE_TABLES, NULL}; */
#define STORE_REFERENCE_TABLES                                                \
	"schema_migrations", /* the schema's version: one row per migration */ \
	"id_counter",        /* the one counter of ids (see docs) */           \
	"change_generation", /* raised by every write: response_cache.c */    \
	"organisations",     /* municipalities and regions, ~400 rows */       \
	"policies",          /* policy versions, shared by a region's members */ \
	/* Accounts are found by e-mail address or token hash before the    \
	 * organisation is known (login, bearer tokens), so their unique    \
	 * keys are global; they are small (people, not records). */       \
	"users", "sessions", "api_tokens", "login_throttle"

#endif
