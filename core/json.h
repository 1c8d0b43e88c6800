/*
 * One JSON writer for the reports of check, fix and translit (json.c).
 * Not installed.
 *
 * Every report that is hand-written (streamed, with a stable layout and
 * key order that tests and pipelines rely on) quotes its strings here,
 * so all of them escape the same way: UTF-8 passes through, '"' and '\'
 * are escaped, \n \r \t by name and the other controls as \u00XX. A
 * byte that is not part of valid UTF-8 (a file name in a legacy
 * encoding) is written as \ufffd, so the document is always valid JSON.
 */
#ifndef GLOSSA_JSON_H
#define GLOSSA_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include "glossa/common.h"

/* Append s[0, len) as a quoted JSON string. 0 or GLOSSA_ERROR. */
int glossa_json__str(glossa_buf *out, const char *s, size_t len);

/* The same for a NUL-terminated string; NULL is written as "". */
int glossa_json__cstr(glossa_buf *out, const char *s);

/* `"key": ` with ", " before it unless it is the first of its object. */
int glossa_json__key(glossa_buf *out, const char *key, bool first);

#endif
