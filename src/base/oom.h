/*
 * oom.h: noticing the allocation failures that a library absorbs.
 *
 * jansson answers a failed allocation inside
 * json_object_set_new(o, "k", json_string(v)) by leaving the field out, and
 * inside json_loads by reporting malformed input, so a request would go on
 * with a record that lacks a field, or refuse good input. sroi gives jansson
 * an allocator that counts failures per thread; the server asks before it
 * commits a request's transaction and answers 503 instead
 * (tests/faults/test_alloc_failure.py).
 */
#ifndef SROI_BASE_OOM_H
#define SROI_BASE_OOM_H

#include <stdbool.h>

/* Installs the counting allocator in jansson (once, before threads). */
void oom_install(void);
/* Forgets this thread's failures (at the start of a request). */
void oom_clear(void);
/* True when an allocation of this thread failed since oom_clear(). */
bool oom_seen(void);

#endif
