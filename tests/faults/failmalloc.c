/*
 * failmalloc.c: allocation-failure injection for the fault tests, as an
 * LD_PRELOAD library, so that no sroi source needs an allocation wrapper.
 *
 * It stands in front of malloc, calloc, realloc, strdup and strndup (and
 * free, see below), counts the calls made while it is armed, and makes the
 * n-th one fail (return NULL with errno ENOMEM), as SQLite's tests do.
 * Everything else is passed to the next allocator in the search order:
 * glibc's, or AddressSanitizer's in a sanitized build, which then still
 * finds leaks and bad frees on the error paths (run with
 * ASAN_OPTIONS=verify_asan_link_order=0, as this library comes first).
 *
 * The test drives it through a small control file, named by the
 * environment variable SROI_FAIL_CONTROL and mapped shared, so that one
 * server process serves many trials without restarting:
 *   word 0  armed: nonzero while allocations are counted
 *   word 1  fail_at: the counted call that fails (1-based; 0: none)
 *   word 2  count: calls counted since armed (written here)
 *   word 3  failed: failures injected (written here)
 *   word 4  persist: nonzero to fail every call after fail_at as well
 * all int64 in native byte order. Without SROI_FAIL_CONTROL, SROI_FAIL_AT=n
 * fails the n-th call of the whole process. SROI_FAIL_BACKTRACE=1 prints
 * where each injected failure happened (through the sanitizer when there
 * is one), to find the code that mishandled it.
 *
 * Built only for the tests (tests/faults/meson.build); never linked into
 * sroi.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

struct fail_control {
	int64_t armed;
	int64_t fail_at;
	int64_t count;
	int64_t failed;
	int64_t persist;
};

static struct fail_control process_control; /* SROI_FAIL_AT */
static struct fail_control *control;
static int print_backtrace;

/* Present in sanitized builds only. */
extern void __sanitizer_print_stack_trace(void) __attribute__((weak));

static void *(*next_malloc)(size_t);
static void *(*next_calloc)(size_t, size_t);
static void *(*next_realloc)(void *, size_t);
static void (*next_free)(void *);
static char *(*next_strdup)(const char *);
static char *(*next_strndup)(const char *, size_t);

/* dlsym may allocate while the pointers above are being looked up: such
 * calls get memory from this buffer, which free() then leaves alone. */
static char bootstrap[16384] __attribute__((aligned(16)));
static size_t bootstrap_used;
static int resolving;

/* Set while one of our functions runs the next allocator, whose own inner
 * calls (glibc's strdup calls malloc) must be neither counted nor failed. */
static __thread int inside __attribute__((tls_model("initial-exec")));

static bool in_bootstrap(const void *p)
{
	return (const char *)p >= bootstrap &&
	       (const char *)p < bootstrap + sizeof bootstrap;
}

static void *bootstrap_alloc(size_t n)
{
	size_t at = (bootstrap_used + 15) & ~(size_t)15;
	if (at + n > sizeof bootstrap)
		return NULL;
	bootstrap_used = at + n;
	return bootstrap + at;
}

static void resolve(void)
{
	if (next_free)
		return;
	resolving = 1;
	next_malloc = (void *(*)(size_t))dlsym(RTLD_NEXT, "malloc");
	next_calloc = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "calloc");
	next_realloc = (void *(*)(void *, size_t))dlsym(RTLD_NEXT, "realloc");
	next_strdup = (char *(*)(const char *))dlsym(RTLD_NEXT, "strdup");
	next_strndup =
	    (char *(*)(const char *, size_t))dlsym(RTLD_NEXT, "strndup");
	next_free = (void (*)(void *))dlsym(RTLD_NEXT, "free");
	resolving = 0;
}

static void open_control(void)
{
	const char *path = getenv("SROI_FAIL_CONTROL");
	if (path && *path) {
		int fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			return;
		void *m = mmap(NULL, sizeof(struct fail_control),
			       PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		close(fd);
		if (m != MAP_FAILED)
			control = m;
		return;
	}
	const char *at = getenv("SROI_FAIL_AT");
	if (at && *at) {
		process_control.fail_at = strtoll(at, NULL, 10);
		process_control.armed = 1;
		control = &process_control;
	}
}

__attribute__((constructor)) static void failmalloc_init(void)
{
	resolve();
	open_control();
	const char *bt = getenv("SROI_FAIL_BACKTRACE");
	print_backtrace = bt && *bt == '1';
}

static void report_failure(void)
{
	static const char msg[] = "failmalloc: injected allocation failure\n";
	if (!print_backtrace)
		return;
	inside++;
	if (write(2, msg, sizeof msg - 1) < 0)
		inside += 0; /* nothing to do about stderr */
	if (__sanitizer_print_stack_trace)
		__sanitizer_print_stack_trace();
	inside--;
}

/* True when this call is the one (or, persisting, one of those) to fail. */
static bool should_fail(void)
{
	struct fail_control *c = control;
	if (!c || inside || !__atomic_load_n(&c->armed, __ATOMIC_SEQ_CST))
		return false;
	int64_t n = __atomic_add_fetch(&c->count, 1, __ATOMIC_SEQ_CST);
	int64_t at = __atomic_load_n(&c->fail_at, __ATOMIC_SEQ_CST);
	if (at <= 0 || n < at || (n > at && !c->persist))
		return false;
	__atomic_add_fetch(&c->failed, 1, __ATOMIC_SEQ_CST);
	report_failure();
	errno = ENOMEM;
	return true;
}

void *malloc(size_t n)
{
	if (resolving)
		return bootstrap_alloc(n);
	resolve();
	if (should_fail())
		return NULL;
	inside++;
	void *p = next_malloc(n);
	inside--;
	return p;
}

void *calloc(size_t n, size_t size)
{
	if (resolving) {
		if (size && n > SIZE_MAX / size)
			return NULL;
		return bootstrap_alloc(n * size); /* static: zeroed */
	}
	resolve();
	if (should_fail())
		return NULL;
	inside++;
	void *p = next_calloc(n, size);
	inside--;
	return p;
}

void *realloc(void *old, size_t n)
{
	resolve();
	if (in_bootstrap(old)) {
		/* Rare: a bootstrap block grows; it moves to the heap. */
		size_t room =
		    (size_t)(bootstrap + sizeof bootstrap - (char *)old);
		void *p = malloc(n);
		if (p)
			memcpy(p, old, n < room ? n : room);
		return p;
	}
	if (should_fail())
		return NULL;
	inside++;
	void *p = next_realloc(old, n);
	inside--;
	return p;
}

void free(void *p)
{
	if (!p || in_bootstrap(p))
		return;
	resolve();
	next_free(p);
}

char *strdup(const char *s)
{
	resolve();
	if (should_fail())
		return NULL;
	inside++;
	char *p = next_strdup(s);
	inside--;
	return p;
}

char *strndup(const char *s, size_t n)
{
	resolve();
	if (should_fail())
		return NULL;
	inside++;
	char *p = next_strndup(s, n);
	inside--;
	return p;
}
