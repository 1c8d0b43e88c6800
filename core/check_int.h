/*
 * Internals of the check shared by check.c, spell.c, nearmiss.c,
 * checkspan.c, report.c and config.c (not installed).
 */
#ifndef GLOSSA_CHECK_INT_H
#define GLOSSA_CHECK_INT_H

#include "internal.h"

/* ---- spell.c: Hunspell plus the glossary's own dictionary ---- */

typedef struct glossa_spell glossa_spell;

typedef enum {
	GLOSSA_SPELL_WRONG = 0,
	GLOSSA_SPELL_OK,         /* the system dictionary knows it */
	GLOSSA_SPELL_HOUSE,      /* a glossary word (or its possessive) */
	GLOSSA_SPELL_FORBIDDEN   /* a glossary variant: see the suggestion */
} glossa_spell_verdict;

/*
 * Open `lang` ("en_US") from the folders in `dict_path` (':'-separated;
 * NULL: $DICPATH, then the system folders). GLOSSA_ENOTFOUND names the
 * dictionary, the folders and the package to install.
 */
int glossa_spell__open(glossa_spell **out, const char *lang,
	const char *dict_path);
void glossa_spell__free(glossa_spell *sp);
/* The folder of the compiled caches: $XDG_CACHE_HOME/glossa, else
 * ~/.cache/glossa (as `glossa fix`); NULL with GLOSSA_NO_CACHE set or
 * neither variable. malloc'd. */
char *glossa_spell__cache_dir(void);
/* A house word: correct, with its possessives. */
int glossa_spell__add_house(glossa_spell *sp, const char *word, size_t len);
/* A variant word: wrong, `house` is its first suggestion. A word that is
 * also a house word stays correct. */
int glossa_spell__add_forbidden(glossa_spell *sp, const char *word,
	size_t len, const char *house);
/* Accepted words (configuration): correct as written. */
int glossa_spell__add_accepted(glossa_spell *sp, const char *word,
	size_t len);
/*
 * The verdict on one word (not cached here: check.c caches per distinct
 * word). For FORBIDDEN, *house receives the suggestion (owned by sp).
 */
int glossa_spell__check(glossa_spell *sp, const char *word, size_t len,
	const char **house);
/* Does Hunspell know the word in another case: its lower-case form
 * ("Guard" -> "guard") or, for all caps, its title case? */
bool glossa_spell__other_case(glossa_spell *sp, const char *word,
	size_t len);
/* Does Hunspell (the system dictionary, and the glossary words added to
 * it so far) know the word as written or in another case? */
bool glossa_spell__knows(glossa_spell *sp, const char *word, size_t len);
/* Hunspell's suggestions: an array of *n malloc'd strings; free with
 * glossa_spell__free_list(). */
int glossa_spell__suggest(glossa_spell *sp, const char *word, size_t len,
	char ***out, size_t *n);
void glossa_spell__free_list(char **list, size_t n);
/* How many times the dictionary was asked (spell + suggest), for tests. */
size_t glossa_spell__calls(const glossa_spell *sp);
/* For tests: has Hunspell been loaded (the word set settles most words
 * without it)? Is there a word set? */
bool glossa_spell__hunspell_loaded(const glossa_spell *sp);
bool glossa_spell__has_wordset(const glossa_spell *sp);

/* ---- nearmiss.c: close glossary names ---- */

typedef struct glossa_nearmiss glossa_nearmiss;

int glossa_nearmiss__new(glossa_nearmiss **out);
void glossa_nearmiss__free(glossa_nearmiss *nm);
/* A name word of the glossary (capitalised, Latin) with its entry and
 * the entry's kind (glossa_kind). */
int glossa_nearmiss__add(glossa_nearmiss *nm, const char *word, size_t len,
	const char *entry, int kind);
/* A name that is no glossary name ("Haytham", "Annan"): never taken for
 * a misspelt one. Compared folded (case, diacritics). */
int glossa_nearmiss__add_known(glossa_nearmiss *nm, const char *word,
	size_t len);
bool glossa_nearmiss__known(const glossa_nearmiss *nm, const char *word,
	size_t len);
/* Build the indexes once all words were added. */
int glossa_nearmiss__freeze(glossa_nearmiss *nm);

#define GLOSSA_NEAR_EDIT     (1u << 0)  /* within the edit distance */
#define GLOSSA_NEAR_PHONETIC (1u << 1)  /* same NYSIIS key */
#define GLOSSA_NEAR_SKELETON (1u << 2)  /* same consonant skeleton */

typedef struct {
	const char *word;    /* the glossary word (owned by nm) */
	const char *entry;   /* its entry key (owned by nm) */
	int kind;            /* its entry's glossa_kind */
	unsigned distance;   /* edit distance (OSA) on folded letters */
	unsigned similarity; /* 0..100 */
	unsigned how;        /* GLOSSA_NEAR_* */
} glossa_near;

/* Up to `max` close names, best first. Returns how many (>= 0). */
int glossa_nearmiss__find(const glossa_nearmiss *nm, const char *word,
	size_t len, glossa_near *out, size_t max);

/* The keys themselves (for tests): ASCII, malloc'd into *out. */
int glossa_nearmiss__nysiis(char **out, const char *word, size_t len);
int glossa_nearmiss__skeleton(char **out, const char *word, size_t len);

/* ---- reroman.c: other languages' romanisations of Russian names ---- */

/* Called with each Cyrillic reading (lower case, UTF-8) of a Latin word;
 * a non-zero return stops the readings and is returned. */
typedef int (*glossa_reroman_fn)(const char *cyr, size_t len, void *payload);
/* The readings of `word` as German, Polish, Czech or French romanise
 * Russian ("Gorbatschow" -> "горбачов", "горбачев"), at most `max`. */
int glossa_reroman__each(const char *word, size_t len, unsigned max,
	glossa_reroman_fn fn, void *payload);

/* ---- checkspan.c: what of a draft is checked, and marker comments ---- */

/* A byte range of the draft that the rules look at. */
typedef glossa_range glossa_span;

/*
 * "<!-- glossa-disable[-line|-next-line] [rule ...] -->" and
 * "<!-- glossa-enable [rule ...] -->": ranges where a rule is off.
 * A rule name that is no rule is GLOSSA_EINVALID, "source:line: unknown
 * rule 'x' ..." (with a "did you mean"). Also used by fix (rule variant).
 */
typedef struct {
	size_t start, end;
	unsigned rules;  /* bit per glossa_rule */
} glossa_quiet;

int glossa_check__markers(glossa_quiet **out, size_t *n, const char *text,
	size_t len, const char *source);

/* URLs ("scheme://...", "www....") and e-mail addresses, in order. */
/* glossa_text__nonprose(): see internal.h. */

/* Quoted speech: “...”, "..." and «...» within a paragraph. */
int glossa_check__quotes(glossa_span **out, size_t *n, const char *text,
	size_t len);

/* ---- report.c ---- */

struct glossa_report {
	char *source;
	glossa_finding *findings;
	size_t n, a;
	/* strings of the findings: chunks freed with the report */
	char **chunks;
	size_t nchunks, achunks;
	size_t chunk_used, chunk_size;
};

/* Copy `len` bytes (NUL-terminated) into the report's memory. */
char *glossa_report__strndup(glossa_report *r, const char *s, size_t len);
char *glossa_report__printf(glossa_report *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* An array of n pointers in the report's memory. */
const char **glossa_report__ptrs(glossa_report *r, size_t n);
/* Room for a finding; its fields are zeroed. */
glossa_finding *glossa_report__add(glossa_report *r);
/* Sort by position then rule, and fill in char offsets, lines and
 * columns from the byte spans. */
int glossa_report__finish(glossa_report *r, const char *text, size_t len);
int glossa_report__new(glossa_report **out, const char *source);

/* ---- check.c ---- */

/* How many times the checker asked Hunspell (for tests). */
size_t glossa_checker__spell_calls(const glossa_checker *c);
/* The checker's spelling adapter (for tests). */
glossa_spell *glossa_checker__spell(const glossa_checker *c);
/* How many distinct words a checker remembers before it starts afresh
 * (default GLOSSA_CHECK__MAX_WORDS; for tests). */
#define GLOSSA_CHECK__MAX_WORDS ((size_t)1 << 20)
void glossa_checker__set_max_words(glossa_checker *c, size_t n);

#endif
