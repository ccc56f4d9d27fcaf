/*
 * response_cache.c: a bounded, least-recently-used map from request keys to
 * answers, tagged with the change generation they were read at (see
 * response_cache.h). One mutex guards it: a look-up is a hash, a compare
 * and a copy, short next to the request around it.
 */
#include "http/response_cache.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

struct entry {
	struct entry *next_in_bucket;
	struct entry *newer, *older; /* the recency list */
	uint64_t hash;
	int status;
	const char *content_type;
	size_t key_len, body_len;
	char data[]; /* the key, then the body */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned char hash_key[crypto_shorthash_KEYBYTES];
static struct entry **buckets;
static size_t bucket_count; /* a power of two */
static struct entry *newest, *oldest;
static size_t budget, used, entries;
static int64_t current_generation = -1;
static uint64_t hits, misses;

/* What an entry costs: its bytes and its share of the bookkeeping. */
static size_t entry_cost(const struct entry *e)
{
	return sizeof *e + e->key_len + e->body_len + 32;
}

/* SipHash with a key of this process: request keys come from clients, who
 * must not be able to pile their keys into one bucket. */
static uint64_t hash_of(const char *key, size_t len)
{
	unsigned char out[crypto_shorthash_BYTES];
	crypto_shorthash(out, (const unsigned char *)key, len, hash_key);
	uint64_t h;
	memcpy(&h, out, sizeof h);
	return h;
}

static void unlink_recency(struct entry *e)
{
	if (e->newer)
		e->newer->older = e->older;
	else
		newest = e->older;
	if (e->older)
		e->older->newer = e->newer;
	else
		oldest = e->newer;
	e->newer = e->older = NULL;
}

static void link_newest(struct entry *e)
{
	e->older = newest;
	e->newer = NULL;
	if (newest)
		newest->newer = e;
	newest = e;
	if (!oldest)
		oldest = e;
}

static void remove_entry(struct entry *e)
{
	struct entry **p = &buckets[e->hash & (bucket_count - 1)];
	while (*p != e)
		p = &(*p)->next_in_bucket;
	*p = e->next_in_bucket;
	unlink_recency(e);
	used -= entry_cost(e);
	entries--;
	free(e);
}

static void drop_all(void)
{
	while (oldest)
		remove_entry(oldest);
}

bool response_cache_enabled(void)
{
	return budget > 0;
}

void response_cache_clear(void)
{
	pthread_mutex_lock(&lock);
	if (buckets)
		drop_all();
	pthread_mutex_unlock(&lock);
}

void response_cache_configure(size_t budget_bytes)
{
	response_cache_clear();
	free(buckets);
	buckets = NULL;
	bucket_count = 0;
	budget = budget_bytes;
	current_generation = -1;
	if (!budget)
		return;
	/* About one bucket per 4 KiB of budget: short chains for typical
	 * answers of a few KiB. */
	size_t n = 64;
	while (n < budget / 4096 && n < ((size_t)1 << 24))
		n <<= 1;
	buckets = calloc(n, sizeof *buckets);
	if (!buckets) {
		budget = 0;
		return;
	}
	bucket_count = n;
	crypto_shorthash_keygen(hash_key);
}

static struct entry *find(const char *key, size_t len, uint64_t h)
{
	for (struct entry *e = buckets[h & (bucket_count - 1)]; e;
	     e = e->next_in_bucket)
		if (e->hash == h && e->key_len == len &&
		    memcmp(e->data, key, len) == 0)
			return e;
	return NULL;
}

/* A newer generation makes every kept answer stale. */
static void see_generation(int64_t generation)
{
	if (generation > current_generation) {
		drop_all();
		current_generation = generation;
	}
}

bool response_cache_get(const char *key, int64_t generation,
			struct cached_answer *out)
{
	if (!budget)
		return false;
	size_t len = strlen(key);
	uint64_t h = hash_of(key, len);
	pthread_mutex_lock(&lock);
	see_generation(generation);
	struct entry *e = generation == current_generation ? find(key, len, h)
							   : NULL;
	char *copy = e ? malloc(e->body_len + 1) : NULL;
	if (copy) {
		memcpy(copy, e->data + e->key_len, e->body_len);
		copy[e->body_len] = '\0';
		out->status = e->status;
		out->body = copy;
		out->len = e->body_len;
		out->content_type = e->content_type;
		unlink_recency(e);
		link_newest(e);
		hits++;
	} else {
		misses++;
	}
	pthread_mutex_unlock(&lock);
	return copy != NULL;
}

void response_cache_put(const char *key, int64_t generation, int status,
			const char *body, size_t len, const char *content_type)
{
	if (!budget || len > budget / 16)
		return;
	size_t key_len = strlen(key);
	uint64_t h = hash_of(key, key_len);
	struct entry *e = malloc(sizeof *e + key_len + len);
	if (!e)
		return; /* not kept; the answer itself is whole */
	*e = (struct entry){.hash = h,
			    .status = status,
			    .content_type = content_type,
			    .key_len = key_len,
			    .body_len = len};
	memcpy(e->data, key, key_len);
	memcpy(e->data + key_len, body, len);
	pthread_mutex_lock(&lock);
	see_generation(generation);
	if (generation != current_generation) {
		pthread_mutex_unlock(&lock);
		free(e);
		return;
	}
	struct entry *old = find(key, key_len, h);
	if (old)
		remove_entry(old);
	struct entry **b = &buckets[h & (bucket_count - 1)];
	e->next_in_bucket = *b;
	*b = e;
	link_newest(e);
	used += entry_cost(e);
	entries++;
	while (used > budget && oldest)
		remove_entry(oldest);
	pthread_mutex_unlock(&lock);
}

void response_cache_stats(struct response_cache_stats *out)
{
	pthread_mutex_lock(&lock);
	*out = (struct response_cache_stats){
	    .hits = hits, .misses = misses, .entries = entries, .bytes = used};
	pthread_mutex_unlock(&lock);
}
