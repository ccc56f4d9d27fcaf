/*
 * replay.c: runs a fuzz target without libFuzzer, for `make test`: feeds
 * every file of the directories (or the files) named on the command line
 * to LLVMFuzzerTestOneInput once, in name order, so that the checked-in
 * corpus, every past finding included, is replayed on each test run under
 * the sanitizers of the normal build. Exits 1 when an argument cannot be
 * read; a finding aborts, as under libFuzzer.
 */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Optional in a target. */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static bool replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return false;
	}
	size_t cap = 4096, len = 0;
	uint8_t *data = malloc(cap);
	size_t n;
	while (data && (n = fread(data + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap) {
			uint8_t *more = realloc(data, cap * 2);
			if (!more) {
				free(data);
				data = NULL;
				break;
			}
			data = more;
			cap *= 2;
		}
	}
	bool ok = data && !ferror(f);
	fclose(f);
	if (!ok) {
		fprintf(stderr, "replay: %s: cannot read\n", path);
		free(data);
		return false;
	}
	/* A copy of exactly len bytes, so that reading past the input is
	 * caught by AddressSanitizer as libFuzzer would catch it. */
	uint8_t *exact = malloc(len ? len : 1);
	if (!exact) {
		free(data);
		return false;
	}
	memcpy(exact, data, len);
	free(data);
	LLVMFuzzerTestOneInput(exact, len);
	free(exact);
	return true;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool replay_dir(const char *dir, int *count)
{
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return false;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	bool ok = true;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			char **more = realloc(names, cap * sizeof *names);
			if (!more) {
				ok = false;
				break;
			}
			names = more;
		}
		names[n] = strdup(e->d_name);
		if (!names[n]) {
			ok = false;
			break;
		}
		n++;
	}
	closedir(d);
	if (names)
		qsort(names, n, sizeof *names, by_name);
	for (size_t i = 0; i < n; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		struct stat st;
		if (ok && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			ok = replay_file(path);
			(*count)++;
		}
		free(names[i]);
	}
	free(names);
	return ok;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s CORPUS_DIR|FILE ...\n", argv[0]);
		return 2;
	}
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	int count = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "replay: %s: %s\n", argv[i],
				strerror(errno));
			return 1;
		}
		bool ok = S_ISDIR(st.st_mode) ? replay_dir(argv[i], &count)
					      : (count++, replay_file(argv[i]));
		if (!ok)
			return 1;
	}
	printf("replayed %d inputs\n", count);
	return count > 0 ? 0 : 1;
}
