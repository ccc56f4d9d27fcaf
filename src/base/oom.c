/* oom.c: see oom.h. */
#include "base/oom.h"

#include <jansson.h>
#include <stdlib.h>

static __thread unsigned failures;

static void *counting_malloc(size_t n)
{
	void *p = malloc(n);
	if (!p)
		failures++;
	return p;
}

void oom_install(void) { json_set_alloc_funcs(counting_malloc, free); }

void oom_clear(void) { failures = 0; }

bool oom_seen(void) { return failures != 0; }
