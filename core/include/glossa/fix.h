/*
 * glossa: the name matcher and fix.
 *
 * A glossa_matcher is the glossary compiled once into an in-memory trie
 * over matching keys (case, diacritics, apostrophes, dashes, the joiners
 * between name parts and Arabic particles folded). Matching a text costs
 * the same whatever the size of the glossary: the text is scanned once,
 * and a trie walk starts only where a name could start.
 *
 * glossa_fix_text() finds every name in a draft and says what it becomes;
 * glossa_fix_apply() splices the replacements into the original bytes.
 * Everything that is not a match is copied byte for byte.
 */
#ifndef GLOSSA_FIX_H
#define GLOSSA_FIX_H

#include <stdint.h>
#include "common.h"
#include "doc.h"
#include "store.h"

GLOSSA_BEGIN_DECL

typedef struct glossa_matcher glossa_matcher;

/* Flags for glossa_matcher_options. */
#define GLOSSA_MATCHER_NO_NATIVE (1u << 0)  /* ignore native-script forms */

/*
 * Options of the matcher. Start from GLOSSA_MATCHER_OPTIONS_INIT or
 * glossa_matcher_options_init(). Each field says in which version of the
 * struct it appeared: the library reads any version from 1 to
 * GLOSSA_MATCHER_OPTIONS_VERSION, and a field added after the caller's
 * version takes its default. New fields are only ever added at the end.
 */
typedef struct {
	unsigned int version;   /* 1: GLOSSA_MATCHER_OPTIONS_VERSION */
	unsigned int flags;     /* 1: GLOSSA_MATCHER_* */
	const char *cache_dir;  /* 1: glossa_matcher_new_from_store(): keep
	                         * the compiled matcher here, keyed on the
	                         * database file and its change counter;
	                         * NULL for no cache */
} glossa_matcher_options;

#define GLOSSA_MATCHER_OPTIONS_VERSION 1
#define GLOSSA_MATCHER_OPTIONS_INIT { GLOSSA_MATCHER_OPTIONS_VERSION, 0, NULL }

/**
 * Initialise options of `version` (1 to GLOSSA_MATCHER_OPTIONS_VERSION)
 * to the defaults; only the fields that version has are written.
 * @return 0, or GLOSSA_EVERSION (with an error) for a version this
 *         library does not know (0, or newer than the library).
 */
GLOSSA_EXTERN(int) glossa_matcher_options_init(glossa_matcher_options *opts,
	unsigned int version);

/**
 * Compile a glossary document into a matcher. Deprecated entries are left
 * out. The matcher copies what it needs: the document may be freed after.
 * @param[out] out receives the matcher; release with glossa_matcher_free().
 * @param opts NULL for the defaults.
 * @return 0 or a negative error code.
 */
GLOSSA_EXTERN(int) glossa_matcher_new(glossa_matcher **out,
	const glossa_doc *doc, const glossa_matcher_options *opts);

/**
 * The same, from the whole glossary in a store. With opts->cache_dir,
 * a compiled matcher cached there for this database at its current
 * change counter is loaded instead (and written when there is none or
 * it is stale); a cache that cannot be read or written is ignored.
 */
GLOSSA_EXTERN(int) glossa_matcher_new_from_store(glossa_matcher **out,
	glossa_store *store, const glossa_matcher_options *opts);

/** Free a matcher. NULL is a no-op. */
GLOSSA_EXTERN(void) glossa_matcher_free(glossa_matcher *m);

/** Figures about a compiled matcher (for benchmarks and --verbose). */
typedef struct {
	size_t entries;  /* entries compiled */
	size_t keys;     /* matching keys inserted (after expansion) */
	size_t nodes;    /* trie nodes */
	size_t bytes;    /* memory held by the matcher */
	int cached;      /* 1: loaded from the compiled cache, not compiled */
} glossa_matcher_stats;

GLOSSA_EXTERN(void) glossa_matcher_stats_get(glossa_matcher_stats *out,
	const glossa_matcher *m);

/** What the text is: plain text, Markdown (code and front matter are
 * never changed; R Markdown and Quarto too), MDX (Markdown whose
 * import/export blocks and {expressions} are code as well), or HTML
 * (only the text of prose elements changes: tags, attributes, comments,
 * scripts, styles and code stay byte for byte; character references are
 * read as the characters they stand for). New types are only ever added
 * at the end. */
typedef enum {
	GLOSSA_TEXT_PLAIN = 0,
	GLOSSA_TEXT_MARKDOWN,
	GLOSSA_TEXT_MDX,
	GLOSSA_TEXT_HTML
} glossa_text_format;

/** "plain"/"text"/"txt", "markdown"/"md", "mdx" or "html"/"htm"; 0 or
 * GLOSSA_EINVALID. */
GLOSSA_EXTERN(int) glossa_text_format_parse(glossa_text_format *out,
	const char *name);
/** The format a file name suggests: .md/.markdown/.qmd/.Rmd/... is
 * Markdown, .mdx MDX, .html/.htm HTML, anything else plain text. */
GLOSSA_EXTERN(glossa_text_format) glossa_text_format_guess(const char *path);

typedef enum {
	GLOSSA_MATCH_HOUSE = 0,  /* already written the house way */
	GLOSSA_MATCH_FIX,        /* to be replaced by new_text */
	GLOSSA_MATCH_AMBIGUOUS   /* a spelling of several entries: left alone */
} glossa_match_status;

/** One name found in a text. Strings are owned by the result. */
typedef struct {
	size_t start, end;        /* byte span in the text */
	unsigned line;            /* 1-based */
	unsigned column;          /* 1-based, in characters */
	glossa_match_status status;
	glossa_form_type form;    /* the type of the form that matched */
	const char *old_text;     /* the span as written */
	const char *new_text;     /* FIX: the replacement; HOUSE: old_text;
	                           * AMBIGUOUS: NULL */
	const char *key;          /* the entry key; AMBIGUOUS: every key,
	                           * comma-separated */
} glossa_match;

typedef struct glossa_fix_result glossa_fix_result;

/** Flags for glossa_fix_text(). */
#define GLOSSA_FIX_ALL_MATCHES (1u << 0)  /* also list HOUSE matches */
#define GLOSSA_FIX_SPELLING    (1u << 1)  /* the text is one spelling (a
                                           * look-up), not a piece of copy:
                                           * a one-word name needs no full
                                           * reference in it */
#define GLOSSA_FIX_QUOTES_EXEMPT (1u << 2) /* leave names in quoted speech
                                           * ("...", “...”, «...») as
                                           * written, as check's -Q */
#define GLOSSA_FIX_VARIANT_OFF (1u << 3)   /* the settings turn the rule
                                           * `variant` off for the draft:
                                           * no name is changed (as a
                                           * disable comment around it) */

/**
 * Find every name in `text` and what it becomes. The text must be valid
 * UTF-8 without NUL bytes; else GLOSSA_EINVALID with
 * "source:line: reason". A leading byte-order mark is kept. Names
 * where the draft's comments turn the rule `variant` off
 * ("<!-- glossa-disable-line variant -->", as for glossa_check_text())
 * are left as written; a comment naming an unknown rule is
 * GLOSSA_EINVALID ("source:line: unknown rule ..."). (Not with
 * GLOSSA_FIX_SPELLING.)
 * @param[out] out receives the result; release with
 *             glossa_fix_result_free().
 * @param source names the text in messages (a file name), or NULL.
 * @return the number of FIX matches (>= 0) or a negative error code.
 */
GLOSSA_EXTERN(int) glossa_fix_text(glossa_fix_result **out,
	const glossa_matcher *m, const char *text, size_t len,
	glossa_text_format format, unsigned flags, const char *source);

/** The matches, in text order; owned by the result. */
GLOSSA_EXTERN(const glossa_match *) glossa_fix_result_matches(
	const glossa_fix_result *r, size_t *n);
/** How many matches are FIX and how many AMBIGUOUS. */
GLOSSA_EXTERN(size_t) glossa_fix_result_nfixes(const glossa_fix_result *r);
GLOSSA_EXTERN(size_t) glossa_fix_result_nambiguous(
	const glossa_fix_result *r);

/**
 * Append the fixed text to `out`: `text` (the same bytes that were
 * matched) with every FIX match replaced.
 */
GLOSSA_EXTERN(int) glossa_fix_apply(glossa_buf *out,
	const glossa_fix_result *r, const char *text, size_t len);

/** Free a result. NULL is a no-op. */
GLOSSA_EXTERN(void) glossa_fix_result_free(glossa_fix_result *r);

GLOSSA_END_DECL

#endif
