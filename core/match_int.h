/*
 * The matcher's data layout and code-point helpers, shared by the
 * modules that make up the matcher (match.c: the trie, scanner, builder
 * and cache; context.c: where a hit stands). Not installed.
 */
#ifndef GLOSSA_MATCH_INT_H
#define GLOSSA_MATCH_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <unicode/uchar.h>
#include "internal.h"
#include "match.h"

/* Character classes of the fold table. */
enum {
	C_OTHER = 0,  /* punctuation, symbols: fed as themselves */
	C_WORD,       /* letters and digits */
	C_MARK,       /* combining marks, soft hyphen, ZWJ, tatweel: skipped */
	C_SPACE,      /* space, NBSP, LF: a joiner */
	C_HYPH,       /* hyphen and dash forms: a joiner */
	C_CR,         /* CR: a joiner only as CRLF */
	C_APOS        /* every apostrophe: folded to ' */
};

#define T_CP(x)    ((x) & 0x1FFFFFu)
#define T_CLS(x)   (((x) >> 24) & 0x7u)
#define T_LOWER    (1u << 28)
#define T_UPPER    (1u << 29)

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


/* The fold-table entry of a code point (ICU's answer, made once). */
uint32_t glossa_match__classify(UChar32 c);

static inline uint32_t info(const glossa_matcher *m, uint32_t cp)
{
	return cp < 0x10000 ? m->tab[cp] : glossa_match__classify((UChar32)cp);
}

/* Decode one code point of valid UTF-8 at t[i]. */
static inline uint32_t dec(const uint8_t *t, size_t i, size_t *n)
{
	uint8_t b = t[i];

	if (b < 0x80) {
		*n = 1;
		return b;
	}
	if (b < 0xE0) {
		*n = 2;
		return (uint32_t)(b & 0x1F) << 6 | (t[i + 1] & 0x3F);
	}
	if (b < 0xF0) {
		*n = 3;
		return (uint32_t)(b & 0x0F) << 12 |
			(uint32_t)(t[i + 1] & 0x3F) << 6 | (t[i + 2] & 0x3F);
	}
	*n = 4;
	return (uint32_t)(b & 0x07) << 18 | (uint32_t)(t[i + 1] & 0x3F) << 12 |
		(uint32_t)(t[i + 2] & 0x3F) << 6 | (t[i + 3] & 0x3F);
}

static inline size_t enc(uint8_t *o, uint32_t c)
{
	if (c < 0x80) {
		o[0] = (uint8_t)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (uint8_t)(0xC0 | c >> 6);
		o[1] = (uint8_t)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		o[0] = (uint8_t)(0xE0 | c >> 12);
		o[1] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
		o[2] = (uint8_t)(0x80 | (c & 0x3F));
		return 3;
	}
	o[0] = (uint8_t)(0xF0 | c >> 18);
	o[1] = (uint8_t)(0x80 | ((c >> 12) & 0x3F));
	o[2] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
	o[3] = (uint8_t)(0x80 | (c & 0x3F));
	return 4;
}

/* The code point that ends just before t[i] (valid UTF-8, i > 0). */
static inline uint32_t dec_prev(const uint8_t *t, size_t i, size_t *n)
{
	size_t j = i - 1;

	while (j > 0 && (t[j] & 0xC0) == 0x80 && i - j < 4)
		j--;
	return dec(t, j, n);
}

static inline bool is_word_cls(uint32_t cls)
{
	return cls == C_WORD || cls == C_MARK;
}

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

static inline bool is_joiner_cls(uint32_t cls)
{
	return cls == C_SPACE || cls == C_HYPH || cls == C_CR;
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

/* An Arabic letter of the base blocks (Arabic, Arabic Supplement). */
static inline bool is_arabic(uint32_t cp)
{
	return (cp >= 0x0600 && cp <= 0x06FF) || (cp >= 0x0750 && cp <= 0x077F);
}

#endif
