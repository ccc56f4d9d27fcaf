/*
 * embedded.h: files compiled into the binary (reference data, migrations,
 * policies, the OpenAPI document, the web UI), so that `sroi` needs no files
 * beside it. The table is generated at build time by tools/embed.py.
 */
#ifndef SROI_BASE_EMBEDDED_H
#define SROI_BASE_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *name; /* path relative to the repository root */
	const unsigned char *data; /* NUL-terminated for convenience */
	size_t size;
};

extern const struct embedded_file embedded_files[]; /* ends with name NULL */

/* The file stored under name, or NULL. */
const struct embedded_file *embedded_find(const char *name);

#endif
