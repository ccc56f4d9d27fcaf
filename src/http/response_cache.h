/*
 * response_cache.h: answers to reads, kept in memory and served again while
 * the data they were read from is unchanged.
 *
 * Most requests read, and most reads ask again what was asked a moment ago
 * (a dashboard's contract list, a contract's summary, an opening's
 * shortlist). An answer is kept under a key naming everything it depends
 * on (the caller, the path and query, today's date) and the database's
 * change generation it was read at (store_change_generation): every write
 * raises the generation in its own transaction, so an answer is served only
 * while no write has happened since, whichever server wrote. The cache is
 * bounded in bytes and drops the least recently used answers first.
 */
#ifndef SROI_HTTP_RESPONSE_CACHE_H
#define SROI_HTTP_RESPONSE_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Sets the budget (0: no caching) and clears the cache. Not thread-safe:
 * call before serving. */
void response_cache_configure(size_t budget_bytes);
/* False when configured with no budget. */
bool response_cache_enabled(void);
/* Frees every answer. */
void response_cache_clear(void);

/* A kept answer: a malloc'ed copy of its body, for the caller to free. */
struct cached_answer {
	int status;
	char *body;
	size_t len;
	const char *content_type; /* static string */
};

/* The answer kept under key at this generation, if any. */
bool response_cache_get(const char *key, int64_t generation,
			struct cached_answer *out);
/* Keeps a copy of body under key at this generation (ignored when larger
 * than a sixteenth of the budget, or older than answers kept already). */
void response_cache_put(const char *key, int64_t generation, int status,
			const char *body, size_t len, const char *content_type);

/* Counters since the start, for the health answer and tests. */
struct response_cache_stats {
	uint64_t hits, misses, entries, bytes;
};
void response_cache_stats(struct response_cache_stats *out);

#endif
