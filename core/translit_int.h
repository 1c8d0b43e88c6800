/*
 * The transliterator's insides, shared by its files (not installed):
 * translit.c sets it up, keeps the word caches and runs it over a text
 * (with the glossary step first); translit_rules.c holds the schemes,
 * loads their ICU rule files and runs the rules on a word.
 */
#ifndef GLOSSA_TRANSLIT_INT_H
#define GLOSSA_TRANSLIT_INT_H

#include <unicode/utrans.h>
#include "internal.h"

typedef struct {
	glossa_translit_scheme pub;
	const char *file;   /* rule file in the translit folder */
} scheme_def;

/* The languages, each with its scheme and lexicon; Cyrillic ones first. */
enum { TL_RU, TL_UK, TL_BE, TL_AR, TL_FA, TL_N };
#define TL_ANY (-1)     /* a glossary name of no one language */
#define TL_ARABIC(l) ((l) >= TL_AR)

/* "ru", "uk", "be", "ar", "fa" */
extern const char *const glossa_translit__lang_code[TL_N];

/* ---- the word cache (translit.c) ---- */

#define WC_MAX_ENTRIES (1u << 17)
#define WC_MAX_ARENA ((size_t)8 << 20)
#define WC_MAX_WORD 511       /* longer "words" are not cached */

typedef struct {
	uint32_t off;   /* 1 + offset of the entry in the arena; 0: empty */
	uint32_t hash;
} wc_slot;

typedef struct {
	wc_slot *slots;
	size_t cap;     /* a power of two, or 0 */
	size_t n;
	char *arena;    /* entries: key length, value length (uint32_t
	                 * each), key, value */
	size_t used, acap;
} wcache;

/* ---- state ---- */

/* A glossary name: what a native form (or one of its case forms) gives. */
typedef struct {
	char *house;   /* the house (or short) form */
	size_t nhouse; /* its length: a hit copies it, no strlen */
	char *entry;   /* entry key */
	char *native;  /* the native form as written in the glossary */
	int prio;      /* 0: the form itself, 1: an inflected form */
	int lang;      /* a lexicon name (kind given): its language, TL_*;
	                * else TL_ANY */
	int hint;      /* the language of the native form, TL_* or TL_ANY:
	                * what the name tells of its text's language */
	size_t next;   /* the next claim on the same key (another
	                * language's lexicon), or SIZE_MAX */
	bool ambiguous;
} gl_item;

typedef struct {
	const scheme_def *def;
	UTransliterator *tr;  /* NULL until the language is first met */
	bool vowel;           /* Arabic news: vowel unknown words by pattern */
} scheme_state;

struct glossa_translit {
	glossa_translit_from from;
	int forced;                  /* the language --from names, or -1 */
	scheme_state sch[TL_N];
	char *scheme_name;           /* as asked for */
	char *rules_dir;
	int doc_cyrl, doc_arab;      /* this text's languages, for words
	                              * whose letters do not tell */
	bool plain_cyrl, plain_arab; /* the text has no letter that would
	                              * tell a word of it apart */
	UTransliterator *fallback;   /* Any-Latin, for letters no rule
	                              * took; opened when first needed */
	const char *pattern;         /* set by rules_word(): the Arabic
	                              * pattern of the last guess, or NULL */
	bool glossary;
	glossa_doc *doc;             /* the glossary, until both scripts are
	                              * indexed */
	bool indexed[2];             /* [1]: Arabic script */
	gl_item *items;
	size_t nitems, aitems;
	glossa_strmap names;         /* phrase keys */
	size_t *name_item;           /* per name: its item */
	size_t aname_item;
	glossa_strmap prefixes;      /* key prefixes of longer names */
	size_t max_tokens;           /* longest name, in tokens */
	wcache rules[TL_N];          /* word -> rule output, per language */
	const char *pats[255];       /* the patterns seen; a rules cache
	                              * value starts with 1 + the index
	                              * (0: none) */
	size_t npats;
	wcache keys[2];              /* word -> matching key, when made by
	                              * ICU; [1]: Arabic */
	UChar *u1, *u2, *u3;         /* UTF-16 scratch for rules_word() */
	size_t c1, c2, c3;           /* their capacities, in UChars */
	glossa_segmenter *seg;
	glossa_token *toks;
	size_t ntoks, atoks;
	uint64_t *hv;                /* per token: 1 << 32 | the word's
	                              * cache hash, or 0 */
	size_t ahv;
	glossa_buf key, fkey;        /* scratch */
};

/* Cut text[0..len) into t->toks (t->ntoks) as ICU word segmentation
 * does, plain Cyrillic lines without ICU; checks the text (UTF-8, no
 * NUL) first. */
int glossa_translit__tokens(glossa_translit *t, const char *text,
	size_t len);

/* ---- translit_rules.c: the schemes and their rules ---- */

/* The folder of the rule files. */
const char *glossa_translit__rules_dir(const glossa_translit_options *o);
/* Compile `file` of `dir` into an ICU transliterator. */
int glossa_translit__open_rules(UTransliterator **out, const char *dir,
	const char *file);
/* Is there a scheme `name` for `from` (any language for AUTO)? */
bool glossa_translit__scheme_known(const char *name,
	glossa_translit_from from);

/* The language (TL_*) `from` names, or -1 for AUTO. */
int glossa_translit__from_lang(glossa_translit_from from);
/* The scheme `name` for `lang`, or NULL. */
const scheme_def *glossa_translit__find_scheme(const char *name,
	const char *lang);

typedef enum { CASE_LOWER, CASE_TITLE, CASE_UPPER } case_pattern;

case_pattern glossa_translit__pattern_of(const UChar *u, int32_t n);

/* How rules_word() treats letter case; RW_VOWEL (or'ed in): an Arabic
 * news scheme, so an unvowelled word is first vowelled by its pattern
 * (glossa_translit__ar_vowel), and t->pattern says which. */
enum { RW_PLAIN = 0, RW_CASED = 1, RW_NAME = 2, RW_VOWEL = 4 };

int glossa_translit__rules_word(glossa_buf *out, glossa_translit *t,
	UTransliterator *tr, int mode, const char *w, size_t len);

/* ---- translit_ar.c: pattern vowelling of Arabic names ---- */

/*
 * Append the unvowelled Arabic word w[0..len) with harakat put in by its
 * morphological pattern (فاعل -> فاعِل), the article and the endings
 * (ة ى اء ات, nisba ي) kept as they are. *pattern is the pattern's name
 * (static, "fāʿil"), or NULL when none fits: then the word is appended
 * as it is (also when it has harakat already, or letters of no pattern).
 */
int glossa_translit__ar_vowel(glossa_buf *out, const char **pattern,
	const char *w, size_t len);
/* The name of the pattern ar_vowel() would use for w[0..len), or NULL:
 * for a word whose rule output comes from a cache. No allocation. */
const char *glossa_translit__ar_pattern(const char *w, size_t len);

#endif
