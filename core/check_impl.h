/*
 * The checker's insides, shared by its files (not installed):
 *   check.c        rules, the checker, one draft's findings and
 *                  glossa_check_text()
 *   check_names.c  the names the matcher finds: variant, inconsistent,
 *                  first reference
 *   check_words.c  every other word: spelling, near-miss, new names,
 *                  other languages' romanisations, given names
 *   check_scan.c   the word scanner, foreign and mixed scripts
 */
#ifndef GLOSSA_CHECK_IMPL_H
#define GLOSSA_CHECK_IMPL_H

#include <stdbool.h>
#include <unicode/uspoof.h>
#include <unicode/utf8.h>
#include "internal.h"
#include "check_int.h"
#include "match.h"
#include "uchar.h"

/* ---- the code point table ----
 *
 * The one table of uchar.c, which the matcher reads too: the check reads
 * its class (a word character, a mark, an apostrophe), T_DIGIT, T_UPPER
 * and the script of a letter (T_SCRIPT: S_LATN, S_CYRL...).
 */

static inline bool glossa_check__letter(uint32_t x)
{
	return T_CLS(x) == C_WORD && !(x & T_DIGIT);
}

static inline bool glossa_check__digit(uint32_t x)
{
	return T_CLS(x) == C_WORD && (x & T_DIGIT);
}

/* ---- the checker ---- */

/* What a memo holds: the kind of finding it was made for. */
enum { MK_VARIANT = 1, MK_AMBIG, MK_INCONS, MK_FIRSTREF, MK_SPELL,
	MK_FORBID, MK_NEAR, MK_NEW, MK_MIXED, MK_FOREIGN, MK_ASK };

typedef struct {
	uint32_t gen;
	int kind;
	const char *text, *msg, *entry;
	const char **sug;
	size_t nsug;
} memo;

/* Close glossary names kept per word, before the context picks. */
#define NEAR_MAX 8

/* What is known about one distinct word. */
typedef struct {
	uint8_t verdict;   /* glossa_spell_verdict + 1; 0: not asked */
	uint8_t near_done;
	uint8_t sug_done;
	uint8_t nnear;
	uint8_t plausible; /* near_done: may be a misspelt glossary name */
	uint8_t rr_done;   /* reverse romanisation tried */
	uint32_t info;     /* index + 1 into winfo, 0: none yet */
} wstate;

typedef struct {
	const char *house;   /* FORBIDDEN: the suggestion (owned by spell) */
	glossa_near near[NEAR_MAX];
	size_t rr_repl, rr_keys; /* reverse romanisation: house form and
	                          * entry (hpool), rr_repl -1: none */
	char **hsug;         /* Hunspell's suggestions */
	size_t nhsug;
	memo m;
} winfo;

/* A resolved name match, by (key set, bytes as written). */
typedef struct {
	uint8_t status, form;
	uint8_t ok;          /* resolved (a failed resolve is retried) */
	uint32_t target;     /* the matcher's form it resolved to */
	size_t repl, keys;   /* offsets into hpool */
	long entry;          /* index into entries, or -1 */
	memo m;
} hstate;

typedef struct {
	glossa_kind kind;
	size_t house, shrt;  /* offsets into epool; shrt (size_t)-1: none */
	uint32_t gen;        /* the report that last saw this entry */
	uint32_t named_gen;  /* the report that names it in full */
	uint8_t fam_house;   /* first form seen was house or short */
	size_t first_start, first_end;
	size_t first_repl;   /* a variant first: its fix (hpool), else -1 */
} einfo;

struct glossa_checker {
	glossa_matcher *m;
	glossa_spell *sp;
	glossa_nearmiss *nm;
	glossa_severity sev[GLOSSA_RULE_COUNT];  /* OFF, INFO..ERROR */
	unsigned flags;
	char *lang;
	int home;                 /* the draft's script: S_LATN, S_CYRL... */
	const uint32_t *tab;      /* uchar.c's table (shared, not owned) */
	USpoofChecker *spoof;

	glossa_strmap words;
	wstate *ws;
	size_t aws;
	winfo *wi;
	size_t nwi, awi;

	glossa_strmap hitkeys;
	hstate *hs;
	size_t ahs;
	glossa_buf hpool;

	glossa_strmap ekeys;
	einfo *ei;
	size_t aei;
	glossa_buf epool;

	glossa_translit *tr;
	int tr_state;             /* 0 not tried, 1 ready, -1 unavailable */
	glossa_strmap tkeys;      /* transliterations by word */
	size_t *toff;
	size_t atoff;
	glossa_buf tpool;

	uint32_t gen;
	size_t max_words;         /* then the word caches start afresh */
	glossa_buf tmp, tmp2;
};

typedef struct {
	size_t start, end;
	uint32_t h;          /* index into hs */
	unsigned where;      /* GLOSSA_CTX_*: where it stands */
} hit;

typedef struct {
	glossa_checker *c;
	const char *text;
	size_t len;
	glossa_report *r;
	glossa_quiet *quiet;
	size_t nquiet;
	glossa_span *quotes;
	size_t nquotes;
	hit *hits;
	size_t nhits, ahits;
	/* the foreign-script run being built */
	size_t fstart, fend;
	bool fopen, fall_glossary, fmissing;
	long fentry;
	glossa_buf fsug;
	glossa_span *links;   /* never prose: URLs, paths, handles, code... */
	size_t nlinks, link_at;
} cctx;

static inline bool glossa_check__upper_ascii(char c)
{
	return c >= 'A' && c <= 'Z';
}

static inline bool glossa_check__memo_ok(const cctx *x, const memo *m, int kind)
{
	return m->gen == x->c->gen && m->kind == kind && m->text != NULL;
}


/* The table entry of the code point at t[i] (*n its bytes, *cp it). */
uint32_t glossa_check__cls_slow(const glossa_checker *c, const uint8_t *t,
	size_t i, size_t end, size_t *n, UChar32 *cp)
	__attribute__((noinline));

static inline uint32_t glossa_check__cls_at(const glossa_checker *c,
	const uint8_t *t, size_t i, size_t end, size_t *n, UChar32 *cp)
{
	if (t[i] < 0x80) {
		*n = 1;
		*cp = t[i];
		return c->tab[t[i]];
	}
	return glossa_check__cls_slow(c, t, i, end, n, cp);
}

/* ---- shared between the checker's files ---- */

/* check.c: one draft's findings */
bool glossa_check__quiet(const cctx *x, glossa_rule rule, size_t pos);
bool glossa_check__in_quotes(const cctx *x, size_t s, size_t e);
int glossa_check__emit(cctx *x, glossa_rule rule, glossa_severity sev,
	size_t s, size_t e, const memo *m);
int glossa_check__memo_set(cctx *x, memo *m, int kind, size_t s, size_t e,
	const char *msg, const char *const *sug, size_t nsug,
	const char *entry);

/* check_names.c: the names the matcher finds */
int glossa_check__on_hit(const glossa_match__hit *h, void *payload);
int glossa_check__names(cctx *x);
bool glossa_check__ascii_ieq(const char *a, size_t na, const char *b,
	size_t nb);

/* check_words.c: a word that is no name of the glossary */
int glossa_check__latin_word(cctx *x, size_t s, size_t e, bool upper_first,
	uint32_t h);
int glossa_check__given_before(cctx *x, size_t s, size_t e, size_t hp);
int glossa_check__given_check(cctx *x, size_t s, size_t e, long ek,
	size_t hs0, size_t he, size_t over);

/* check_scan.c: the word scanner over [from, to) */
int glossa_check__scan(cctx *x, size_t from, size_t to, size_t *hp);

#endif
