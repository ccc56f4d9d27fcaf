/*
 * upload_spool.h: a large request body (an import file, up to 256 MiB)
 * written to an unlinked temporary file as it arrives and read back as one
 * read-only mapping, so that the server's memory does not grow with the
 * file: the mapping's pages belong to the page cache, which the kernel can
 * drop and read again.
 */
#ifndef SROI_HTTP_UPLOAD_SPOOL_H
#define SROI_HTTP_UPLOAD_SPOOL_H

#include <stdbool.h>
#include <stddef.h>

struct upload_spool {
	int fd;      /* -1 until the first write */
	size_t len;  /* bytes written */
	char *map;   /* after upload_spool_map */
	size_t map_len;
	int error;   /* errno of the first failure, 0 when none */
};

void upload_spool_init(struct upload_spool *s);
/* Appends n bytes; false (and s->error) when the file cannot take them. */
bool upload_spool_write(struct upload_spool *s, const char *data, size_t n);
/* The whole body, followed by a NUL byte; NULL (and s->error) on failure. */
const char *upload_spool_map(struct upload_spool *s);
/* Unmaps and closes (the file was unlinked at creation). */
void upload_spool_close(struct upload_spool *s);

#endif
