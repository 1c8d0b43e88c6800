/*
 * The matcher's data layout and code-point helpers, shared by the
 * modules that make up the matcher (match_scan.c, match_build.c,
 * match_cache.c, match_resolve.c; context.c: where a hit stands). Not installed.
 */
#ifndef GLOSSA_MATCH_INT_H
#define GLOSSA_MATCH_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unicode/uchar.h>
#include "internal.h"
#include "match.h"
#include "name.h"
#include "uchar.h"

#define NO_ACCEPT   UINT32_MAX
#define MAX_CANDS   16

typedef struct {
	uint32_t entry;       /* index into entry_key */
	uint32_t type;        /* glossa_form_type */
	size_t form;          /* pool offset: the form as written */
	size_t becomes;       /* pool offset: what it becomes */
	uint32_t info;        /* the entry's kind (TI_KIND) and TI_* flags */
	uint32_t pad;
} mtarget;

/* What the context rules (context.c) need to know of a target. */
#define TI_KIND(x)          ((x) & 0xFu)
#define TI_ONE_WORD         (1u << 4)  /* one name word (particles aside) */
#define TI_SPLIT_PARTICLE   (1u << 5)  /* a particle word of its own:
                                        * "Ben Ali", "al-Asad" */
#define TI_FOREIGN          (1u << 6)  /* a native form, not in Latin */
#define TI_EXCEPTIONS       (1u << 7)  /* its entry lists exceptions */

typedef struct {
	uint32_t first, n;    /* range of targets */
} maccept;

typedef struct {
	uint32_t child, next;
	uint8_t label;
} bnode;

/* A frozen node: where its edges start (they end where the next node's
 * start) and what it accepts. Together, so that a walk's step to a node
 * reads one cache line for both. */
typedef struct {
	uint32_t estart;
	uint32_t accept;      /* index into accepts or NO_ACCEPT */
} mnode;

/* Byte classes for the scanner's inner loops. */
#define A_WORD  1u  /* an ASCII letter or digit */
#define A_LOWER 2u  /* an ASCII lower-case letter */
#define A_HIGH  4u  /* part of a multi-byte character: decode it */
#define A_START 8u  /* may start a name: upper case, high, key digits */
#define A_STOP  16u /* no name crosses it (see glossa_match__sync_*) */

struct glossa_matcher {
	uint8_t acls[256];
	const uint32_t *tab;  /* 65536 fold entries (fold_tab) */
	uint32_t root[256];   /* root's children (0: none) */
	mnode *node;          /* nnodes + 1 */
	uint8_t *elabel;
	uint32_t *echild;
	size_t nnodes;
	maccept *accepts;
	size_t naccepts;
	mtarget *targets;
	size_t ntargets, atargets;
	size_t *entry_key;    /* pool offsets: the key, then the entry's
	                       * exceptions, each NUL-terminated, then an
	                       * empty string */
	size_t nentries;
	glossa_buf pool;
	size_t nkeys;
	bool has_arabic;
	bool no_native;
	bool digit_start;     /* some key starts with a digit */
	void *map;            /* a loaded cache: the arrays point into it */
	size_t maplen;
};


static inline uint32_t info(const glossa_matcher *m, uint32_t cp)
{
	return glossa_uchar__info(m->tab, cp);
}

static inline size_t particle(const glossa_matcher *m, const uint8_t *t,
	size_t j, size_t to, bool strict, const char **canon)
{
	return glossa_name__particle(m->tab, t, j, to, strict, canon);
}

/* The matcher's code-point table and its byte classes (match_build.c);
 * what the compiled keys decide of the bytes. */
int glossa_match__init_table(glossa_matcher *m);
void glossa_match__mark_bytes(glossa_matcher *m);

/* Compile `doc` (match_build.c): glossa_matcher_new() without the check
 * that the glossary settles (settle.c does that). */
int glossa_match__build(glossa_matcher **out, const glossa_doc *doc,
	const glossa_matcher_options *opts);

/* Which cache file a store's matcher lives in, and what it must say to
 * be this glossary's (match_cache.c). */
#define GLOSSA_MATCH__CACHE_NFILES 14
typedef struct {
	const char *dir;      /* NULL: no cache */
	uint64_t generation;  /* the change counter, read in the snapshot
	                       * the glossary is read in */
	uint64_t files[GLOSSA_MATCH__CACHE_NFILES];  /* the database file and
	                       * its WAL: device, inode, size, times */
} glossa_match__cache_key;

/* Fill *key but its generation: where the cache is (`dir`, NULL or ""
 * for none), and the state of the store's files. Before the read
 * snapshot is taken: the files are then no newer than what it reads. */
void glossa_match__cache_stat(glossa_match__cache_key *key,
	glossa_store *store, const char *dir);
/* The matcher cached under `key`: NULL when there is none, or only a
 * stale, damaged or untrusted one. */
glossa_matcher *glossa_match__cache_load(const glossa_match__cache_key *key,
	bool no_native);
void glossa_match__cache_save(const glossa_matcher *m,
	const glossa_match__cache_key *key);

/* `s` with a capital first letter, as fix writes a form at the start of
 * a sentence (match_resolve.c); *out NULL when it does not start with a
 * lower-case letter. */
int glossa_match__capital_first(char **out, size_t *outlen,
	const glossa_matcher *m, const char *s, size_t len);

/* Is there a wall at t[q] that no name crosses (match_scan.c)? Then
 * *end is where it ends. */
bool glossa_match__wall_at(const glossa_matcher *m, const uint8_t *t,
	size_t len, size_t q, size_t *end);

/* True when the code point at t[j] continues a word (or there is none). */
static inline bool word_at(const glossa_matcher *m, const uint8_t *t,
	size_t len, size_t j)
{
	size_t n;

	if (j >= len)
		return false;
	if (t[j] < 0x80)
		return T_CLS(m->tab[t[j]]) == C_WORD;
	return is_word_cls(T_CLS(info(m, dec(t, j, &n))));
}

/* Do two characters read alike as the keys fold them (letter case and
 * accents aside; any two spaces alike)? */
static inline bool same_folded(const glossa_matcher *m, uint32_t a,
	uint32_t b)
{
	uint32_t fa, fb;

	if (a == b)
		return true;
	fa = info(m, a);
	fb = info(m, b);
	if (T_CLS(fa) == C_SPACE && T_CLS(fb) == C_SPACE)
		return true;
	return T_CLS(fa) == T_CLS(fb) && T_CP(fa) == T_CP(fb);
}

/* Does the text from t[p] read x, folded? Then *stop is where it ends. */
static inline bool reads_as(const glossa_matcher *m, const uint8_t *t, size_t len,
	size_t p, const uint8_t *x, size_t xl, size_t *stop)
{
	size_t i = p, j = 0, a, b;

	while (j < xl) {
		uint32_t cx = dec(x, j, &a);

		if (i >= len || !same_folded(m, cx, dec(t, i, &b)))
			return false;
		i += b;
		j += a;
	}
	*stop = i;
	return true;
}

#endif
