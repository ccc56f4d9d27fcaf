/*
 * upload_spool.c: see upload_spool.h. The file is made in $TMPDIR (else
 * /tmp) with mkstemp and unlinked at once, so that nothing is left behind
 * when the server stops or dies mid-upload.
 */
#include "http/upload_spool.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

void upload_spool_init(struct upload_spool *s)
{
	*s = (struct upload_spool){.fd = -1};
}

static bool open_file(struct upload_spool *s)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	if (snprintf(path, sizeof path, "%s/sroi-upload-XXXXXX",
		     dir && *dir ? dir : "/tmp") >= (int)sizeof path) {
		s->error = ENAMETOOLONG;
		return false;
	}
	s->fd = mkstemp(path);
	if (s->fd < 0) {
		s->error = errno;
		return false;
	}
	unlink(path);
	return true;
}

bool upload_spool_write(struct upload_spool *s, const char *data, size_t n)
{
	if (s->error || (s->fd < 0 && !open_file(s)))
		return false;
	while (n) {
		ssize_t w = write(s->fd, data, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			s->error = w < 0 ? errno : ENOSPC;
			return false;
		}
		data += w;
		n -= (size_t)w;
		s->len += (size_t)w;
	}
	return true;
}

const char *upload_spool_map(struct upload_spool *s)
{
	if (s->map)
		return s->map;
	/* The NUL byte ends the body for parsers that expect a string. */
	if (!upload_spool_write(s, "", 1))
		return NULL;
	s->len--;
	void *m = mmap(NULL, s->len + 1, PROT_READ, MAP_PRIVATE, s->fd, 0);
	if (m == MAP_FAILED) {
		s->error = errno;
		return NULL;
	}
	s->map = m;
	s->map_len = s->len + 1;
	return s->map;
}

void upload_spool_close(struct upload_spool *s)
{
	if (s->map)
		munmap(s->map, s->map_len);
	if (s->fd >= 0)
		close(s->fd);
	upload_spool_init(s);
}
