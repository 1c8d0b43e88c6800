/*
 * glossa: transliteration of Russian, Ukrainian, Belarusian, Arabic and
 * Persian names into Latin script.
 *
 * Glossary first: a name whose native form is in the glossary (in any
 * grammatical case, with any Arabic clitic) gives its house form. Every
 * other Cyrillic or Arabic word goes through the rules of the chosen
 * scheme: ICU transforms, built-in or compiled from the rule files in
 * the translit folder. Everything else in the text is kept byte for byte.
 */
#ifndef GLOSSA_TRANSLIT_H
#define GLOSSA_TRANSLIT_H

#include "common.h"
#include "store.h"

GLOSSA_BEGIN_DECL

typedef struct glossa_translit glossa_translit;

/** One scheme, as listed by glossa_translit_schemes(). */
typedef struct {
	const char *name;         /* "news", "bgn-pcgn", "iso9", ... */
	const char *lang;         /* source language: "ru", "uk", "be", "ar"
	                           * or "fa" */
	const char *description;  /* one line */
} glossa_translit_scheme;

/**
 * The known schemes, in listing order. @param[out] n receives the count.
 * The array is static.
 */
GLOSSA_EXTERN(const glossa_translit_scheme *) glossa_translit_schemes(
	size_t *n);

/**
 * Which language to transliterate. AUTO takes Cyrillic and Arabic script
 * and picks the language word by word: a word's own letters first (і ї є
 * ґ, and an apostrophe before я ю є ї, are Ukrainian, ў Belarusian,
 * ы э ъ ё Russian; پ چ ژ گ ک ی Persian), else the language the rest of
 * its line shows (its letters, and the glossary names it holds). A
 * named language takes only its script and reads every word of it as
 * that language.
 */
typedef enum {
	GLOSSA_TRANSLIT_AUTO = 0,  /* Cyrillic and Arabic script */
	GLOSSA_TRANSLIT_RU,        /* Russian (Cyrillic only) */
	GLOSSA_TRANSLIT_AR,        /* Arabic (Arabic script only) */
	GLOSSA_TRANSLIT_UK,        /* Ukrainian (Cyrillic only) */
	GLOSSA_TRANSLIT_BE,        /* Belarusian (Cyrillic only) */
	GLOSSA_TRANSLIT_FA         /* Persian (Arabic script only) */
} glossa_translit_from;

#define GLOSSA_TRANSLIT_NO_GLOSSARY (1u << 0)  /* rules only */

/*
 * Options of glossa_translit_new(). Start from GLOSSA_TRANSLIT_OPTIONS_INIT
 * or glossa_translit_options_init(). Each field says in which version of
 * the struct it appeared: the library reads any version from 1 to
 * GLOSSA_TRANSLIT_OPTIONS_VERSION, and a field added after the caller's
 * version takes its default. New fields are only ever added at the end.
 */
typedef struct {
	unsigned int version;      /* 1: GLOSSA_TRANSLIT_OPTIONS_VERSION */
	const char *scheme;        /* 1: NULL: "news". A scheme that exists
	                            * for some languages only applies to
	                            * them; the others then use "news". */
	glossa_translit_from from; /* 1 */
	unsigned flags;            /* 1: GLOSSA_TRANSLIT_NO_GLOSSARY */
	glossa_store *store;       /* 1: the glossary to consult; NULL: none.
	                            * Read once by glossa_translit_new(). */
	const char *rules_dir;     /* 1: NULL: $GLOSSA_TRANSLIT_DIR, else the
	                            * installed GLOSSA_TRANSLIT_DIR */
} glossa_translit_options;

#define GLOSSA_TRANSLIT_OPTIONS_VERSION 1
#define GLOSSA_TRANSLIT_OPTIONS_INIT { GLOSSA_TRANSLIT_OPTIONS_VERSION, \
	NULL, GLOSSA_TRANSLIT_AUTO, 0, NULL, NULL }

/**
 * Initialise options of `version` (1 to GLOSSA_TRANSLIT_OPTIONS_VERSION)
 * to the defaults; only the fields that version has are written.
 * @return 0, or GLOSSA_EVERSION (with an error) for a version this
 *         library does not know (0, or newer than the library).
 */
GLOSSA_EXTERN(int) glossa_translit_options_init(
	glossa_translit_options *opts, unsigned int version);

/**
 * Prepare a transliterator: load the scheme's ICU transforms and index
 * the glossary's Cyrillic and Arabic native forms (with their inflected
 * forms). An unknown scheme, or one for the wrong language, is
 * GLOSSA_ENOTFOUND; a broken rule file is GLOSSA_EINVALID naming
 * "file:line".
 * @param[out] out receives it; release with glossa_translit_free().
 */
GLOSSA_EXTERN(int) glossa_translit_new(glossa_translit **out,
	const glossa_translit_options *opts);

/** NULL is a no-op. */
GLOSSA_EXTERN(void) glossa_translit_free(glossa_translit *t);

/** Where a transliterated span came from. */
typedef enum {
	GLOSSA_TRANSLIT_GLOSSARY = 0,  /* a glossary entry: authoritative */
	GLOSSA_TRANSLIT_RULES          /* the scheme's rules: a guess */
} glossa_translit_source;

/** One transliterated span (text that was kept is not reported). */
typedef struct {
	size_t start, end;             /* bytes of the input */
	size_t out_start, out_end;     /* bytes of the output buffer */
	glossa_translit_source source;
	const char *scheme;            /* rules: the scheme name (static) */
	const char *entry;             /* glossary: the entry key */
	const char *native;            /* glossary: the native form matched */
	const char *lang;              /* the language the word was read as:
	                                * "ru", "uk", "be", "ar", "fa" (static) */
	const char *pattern;           /* rules: the morphological pattern an
	                                * Arabic guess was vowelled by, or NULL
	                                * (static) */
} glossa_translit_span;

/**
 * Transliterate `text` (UTF-8; GLOSSA_EINVALID naming the byte offset and
 * line if it is not), appending to `out`.
 * @param[out] spans if not NULL, receives an array of *nspans spans;
 *             free() it. Its strings are owned by `t` and valid until
 *             glossa_translit_free().
 */
GLOSSA_EXTERN(int) glossa_translit_text(glossa_buf *out,
	glossa_translit_span **spans, size_t *nspans, glossa_translit *t,
	const char *text, size_t len);

GLOSSA_END_DECL

#endif
