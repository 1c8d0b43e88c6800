/*
 * libglossa internals shared between modules. Not installed.
 */
#ifndef GLOSSA_INTERNAL_H
#define GLOSSA_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include "glossa.h"

#define GLOSSA_UNUSED(x) ((void)(x))

/* Set the thread's last error and return `code` (negative). */
int glossa_error__set(glossa_error_class klass, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int glossa_error__nomem(void);

/* Checked allocation: on failure they set the error and return NULL. */
void *glossa__malloc(size_t n);
void *glossa__calloc(size_t n, size_t size);
void *glossa__realloc(void *p, size_t n);
char *glossa__strdup(const char *s);
char *glossa__strndup(const char *s, size_t n);

/* Grow *ptr (of *alloc elements of `size`) to hold at least `need`. */
int glossa__grow(void **ptr, size_t *alloc, size_t need, size_t size);

/*
 * UTF-8 and ICU bridging (ustr.c): the only place that converts between
 * UTF-8 and UTF-16.
 */

/* Validate UTF-8. On failure *bad receives the byte offset of the first
 * bad sequence. Returns true when valid. */
bool glossa_utf8__valid(const char *s, size_t len, size_t *bad);

/* The line (1-based) that byte offset `off` falls on. */
unsigned glossa_utf8__line_of(const char *s, size_t off);

/* True when the UTF-8 string is in NFC. */
bool glossa_ustr__is_nfc(const char *s);

/* A matching key: NFC then full ICU case folding, as UTF-8. The caller
 * frees *out. */
int glossa_ustr__key(char **out, const char *s);

/* The single ISO 15924 script code of the letters in s ("Latn"), "Zyyy"
 * when there are none, "Zmix" when several scripts are mixed. Static. */
const char *glossa_ustr__script(const char *s);



/* mdspan.c: byte ranges of a text. */
typedef struct {
	size_t start, end;
} glossa_range;

/* Append [s, e), joined to the last range when only white space lies
 * between them. */
int glossa_range__add(glossa_range **r, size_t *n, size_t *a,
	const char *text, size_t s, size_t e);

/* The prose of the Markdown text in [base, len) of `text` (see mdspan.c):
 * ranges in document order; free(*out). */
int glossa_md__prose(glossa_range **out, size_t *n, const char *text,
	size_t base, size_t len);

/* URLs and e-mail addresses in a text (checkspan.c), in order: glossa
 * check never checks them and glossa fix never changes them, since a
 * name in a link's path is part of the address. free(*out). */
int glossa_text__links(glossa_range **out, size_t *n, const char *text,
	size_t len);

/* doc.c helpers shared with the store and the format modules. */
bool glossa_doc__key_ok(const char *key);
int glossa_doc__text_check(const char *s, bool allow_empty, const char *what,
	const char *source, unsigned line);
int glossa_doc__entry_validate(const glossa_entry *e, const char *source);
#endif
