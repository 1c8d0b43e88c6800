/*
 * libglossa internals shared between modules. Not installed.
 */
#ifndef GLOSSA_INTERNAL_H
#define GLOSSA_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include "glossa.h"
#include "doc_int.h"

#define GLOSSA_UNUSED(x) ((void)(x))

/* Set the thread's last error and return `code` (negative). */
int glossa_error__set(glossa_error_class klass, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Put "PREFIX: " before the last error if it is of `klass` (a file name
 * before a message about its contents); returns `code`. */
int glossa_error__prefix(int code, glossa_error_class klass,
	const char *prefix);
int glossa_error__nomem(void);

/* Checked allocation: on failure they set the error and return NULL. */
void *glossa__malloc(size_t n);
void *glossa__calloc(size_t n, size_t size);
void *glossa__realloc(void *p, size_t n);
char *glossa__strdup(const char *s);
char *glossa__strndup(const char *s, size_t n);

/* Grow *ptr (of *alloc elements of `size`) to hold at least `need`. */
int glossa__grow(void **ptr, size_t *alloc, size_t need, size_t size);
/* Add id to the set (*v, *n; *alloc allocated) unless it is there. */
int glossa__ids_add(int64_t **v, size_t *n, size_t *alloc, int64_t id);

/*
 * UTF-8 and ICU bridging (ustr.c): the only place that converts between
 * UTF-8 and UTF-16.
 */

/* Validate UTF-8. On failure *bad receives the byte offset of the first
 * bad sequence. Returns true when valid. */
bool glossa_utf8__valid(const char *s, size_t len, size_t *bad);

/* The line (1-based) that byte offset `off` falls on. */
unsigned glossa_utf8__line_of(const char *s, size_t off);

/* Append s to out with what would act on a terminal or make a line of its
 * own escaped: control characters (\n, \xNN, \u0085), invisible
 * formatting characters (\u202e) and line separators; invalid UTF-8 as
 * \xNN; a backslash as itself. For file names in text output. */
int glossa_ustr__put_visible(glossa_buf *out, const char *s);

/* True when the UTF-8 string is in NFC. */
bool glossa_ustr__is_nfc(const char *s);

/* A matching key: NFC then full ICU case folding, as UTF-8. The caller
 * frees *out. */
int glossa_ustr__key(char **out, const char *s);

/* The single ISO 15924 script code of the letters in s ("Latn"), "Zyyy"
 * when there are none, "Zmix" when several scripts are mixed. Static. */
const char *glossa_ustr__script(const char *s);



/* fix.c: a glossa_fix_text flag for tests: every later pass rescans the
 * whole text rather than the windows around what changed. */
#define GLOSSA_FIX__RESCAN_ALL (1u << 31)
/* ... and one that stops after the first pass. */
#define GLOSSA_FIX__ONE_PASS (1u << 30)

/* The edit distance (optimal string alignment) of two spellings over
 * folded letters (case and accents aside), as near-miss measures it
 * (nearmiss.c); the matcher's context rules use it too. */
unsigned glossa_nearmiss__distance(const char *a, size_t na, const char *b,
	size_t nb);

/* mdspan.c: byte ranges of a text. */
typedef struct {
	size_t start, end;
} glossa_range;

/* Does [s, e) overlap one of the n sorted, disjoint ranges? */
bool glossa_range__overlaps(const glossa_range *r, size_t n, size_t s,
	size_t e);

/* Append [s, e), joined to the last range when only white space lies
 * between them. */
int glossa_range__add(glossa_range **r, size_t *n, size_t *a,
	const char *text, size_t s, size_t e);

/* The prose of the Markdown text in [base, len) of `text` (see mdspan.c):
 * ranges in document order; free(*out). Front matter is never prose;
 * `mdx`: nor are MDX's import/export blocks and {expressions}. */
int glossa_md__prose(glossa_range **out, size_t *n, const char *text,
	size_t base, size_t len, bool mdx);

/* What of a text is never prose, wherever it stands (checkspan.c), in
 * order: URLs, e-mail addresses, file paths, domains and dotted names,
 * handles and hashtags, identifiers (snake_case, CONSTANT_CASE,
 * camelCase). glossa check never checks them and glossa fix never
 * changes them: a name in them is part of an address or of code.
 * Each lies in one run of non-space characters. free(*out). */
int glossa_text__nonprose(glossa_range **out, size_t *n, const char *text,
	size_t len);

/* The same, only those that touch the windows (sorted, not overlapping):
 * what glossa_text__nonprose finds there, without reading the rest; with
 * `code` false only URLs and e-mail addresses (the caller asks
 * glossa_text__code_at about its hits instead of reading every byte). */
int glossa_text__nonprose_in(glossa_range **out, size_t *n, const char *text,
	size_t len, const glossa_range *win, size_t nwin, bool code);

/* The token (a run of the characters paths, domains, handles and
 * identifiers are made of) around t[i]: *s and *e receive it (*e before
 * a trailing "." or ":"), *next where the next one may start; true when
 * it is one of those, not prose. */
bool glossa_text__code_at(const char *text, size_t len, size_t i, size_t *s,
	size_t *e, size_t *next);

/* Is text[s, e) a word of its own (between spaces or plain punctuation)
 * holding no character a non-prose token starts from? Then it is prose,
 * without looking further (most names in copy). */
bool glossa_text__plain_word(const char *text, size_t len, size_t s,
	size_t e);

/* The run of non-space characters (what holds a non-prose token) around p: where it
 * starts (not before lo) and where it ends (not after len). */
size_t glossa_text__run_start(const char *text, size_t lo, size_t p);
size_t glossa_text__run_end(const char *text, size_t len, size_t p);

/* ---- strmap.c: byte strings -> dense indexes ---- */

/*
 * An open-addressing hash set of byte strings. Each distinct key gets a
 * dense index (0, 1, 2, ... in insertion order) that callers use to index
 * their own parallel arrays. Keys are copied into a pool, NUL-terminated.
 */
typedef struct {
	uint32_t *slots;       /* index + 1; 0 is empty */
	size_t mask;           /* slots - 1 (a power of two minus one) */
	size_t *off;           /* per index: key offset in pool */
	uint32_t *len;         /* per index: key length */
	uint32_t *hash;        /* per index */
	size_t n, a;
	glossa_buf pool;
} glossa_strmap;

uint32_t glossa_strmap__hash(const char *s, size_t len);
/* The same hash built a byte at a time: h = GLOSSA_STRMAP_SEED, then
 * glossa_strmap__step() per byte, then glossa_strmap__mix(). */
#define GLOSSA_STRMAP_SEED 2166136261u
static inline uint32_t glossa_strmap__step(uint32_t h, uint8_t b)
{
	return (h ^ b) * 16777619u;
}
static inline uint32_t glossa_strmap__mix(uint32_t h)
{
	h ^= h >> 15;
	h *= 0x2c1b3c6dU;
	h ^= h >> 12;
	return h;
}
void glossa_strmap__init(glossa_strmap *m);
void glossa_strmap__dispose(glossa_strmap *m);
/* The index of `key`, or -1. */
long glossa_strmap__get(const glossa_strmap *m, const char *key, size_t len);
long glossa_strmap__get_h(const glossa_strmap *m, const char *key,
	size_t len, uint32_t h);
/* Insert if missing; *idx receives the index. Returns 1 when added, 0
 * when it was there, or a negative error. */
int glossa_strmap__put(glossa_strmap *m, size_t *idx, const char *key,
	size_t len);
int glossa_strmap__put_h(glossa_strmap *m, size_t *idx, const char *key,
	size_t len, uint32_t h);
static inline const char *glossa_strmap__key(const glossa_strmap *m,
	size_t idx)
{
	return m->pool.ptr + m->off[idx];
}

/* doc.c helpers shared with the store and the format modules. */
bool glossa_doc__key_ok(const char *key);
int glossa_doc__text_check(const char *s, bool allow_empty, const char *what,
	const char *source, unsigned line);
int glossa_doc__entry_validate(const glossa_entry *e, const char *source);
/*
 * The bad lines of one input, kept so that all of them (up to
 * GLOSSA_DOC__BAD_MAX, then "and N more") are reported together, one per
 * line, rather than the first alone: _add() takes the last error's
 * message; _end() sets the error (GLOSSA_EINVALID) when there was one
 * and returns 0 otherwise; either way the list is disposed.
 */
#define GLOSSA_DOC__BAD_MAX 20
typedef struct {
	glossa_buf msg;
	size_t n;
} glossa_doc__bad;
int glossa_doc__bad_add(glossa_doc__bad *b);
int glossa_doc__bad_end(glossa_doc__bad *b);
/* A parse error "source:line: message" (GLOSSA_EINVALID). */
int glossa_doc__invalid(const char *source, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
#endif
