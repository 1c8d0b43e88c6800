/*
 * A minimal TAP harness for the unit tests: one executable per module,
 * `protocol : 'tap'` in meson. Each check prints "ok N - what" or
 * "not ok N - what" with the failing expression and location.
 */
#ifndef GLOSSA_TEST_HARNESS_H
#define GLOSSA_TEST_HARNESS_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int harness_n, harness_failed;

#define ok(cond, ...) do { \
	int pass_ = (cond) ? 1 : 0; \
	harness_n++; \
	if (pass_) { \
		printf("ok %d - ", harness_n); \
	} else { \
		harness_failed++; \
		printf("not ok %d - ", harness_n); \
	} \
	printf(__VA_ARGS__); \
	printf("\n"); \
	if (!pass_) \
		printf("#   failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
} while (0)

#define is_str(got, want, ...) do { \
	const char *g_ = (got), *w_ = (want); \
	int same_ = (g_ && w_) ? strcmp(g_, w_) == 0 : g_ == w_; \
	ok(same_, __VA_ARGS__); \
	if (!same_) \
		printf("#   got:  \"%s\"\n#   want: \"%s\"\n", \
			g_ ? g_ : "(null)", w_ ? w_ : "(null)"); \
} while (0)

#define is_int(got, want, ...) do { \
	long long g_ = (long long)(got), w_ = (long long)(want); \
	ok(g_ == w_, __VA_ARGS__); \
	if (g_ != w_) \
		printf("#   got:  %lld\n#   want: %lld\n", g_, w_); \
} while (0)

/* A whole file in memory, NUL-terminated, its size in *n; NULL when it
 * cannot be read. */
static inline char *t_slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long sz;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	sz = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)sz + 1);
	if (buf && fread(buf, 1, (size_t)sz, f) != (size_t)sz) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (buf) {
		buf[sz] = '\0';
		*n = (size_t)sz;
	}
	return buf;
}

/* A fixed-seed xorshift32 sequence: the same "random" input every run. */
static uint32_t harness_rng = 2463534242u;

static inline uint32_t next_rand(void)
{
	harness_rng ^= harness_rng << 13;
	harness_rng ^= harness_rng >> 17;
	harness_rng ^= harness_rng << 5;
	return harness_rng;
}

static inline int done_testing(void)
{
	printf("1..%d\n", harness_n);
	return harness_failed ? 1 : 0;
}

#endif
