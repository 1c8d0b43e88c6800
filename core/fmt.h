/*
 * Exchange format readers and writers (fmt_*.c). Each parser fills an empty
 * document and reports syntax errors as "source:line: reason"
 * (GLOSSA_EINVALID); glossa_doc_parse() validates the result afterwards.
 * Each writer appends a canonical document to `out`, byte for byte the same
 * for the same document.
 */
#ifndef GLOSSA_FMT_H
#define GLOSSA_FMT_H

#include "internal.h"

int glossa_fmt__tsv_parse(glossa_doc *doc, const char *data, size_t len,
	const char *source);
int glossa_fmt__tsv_write(glossa_buf *out, const glossa_doc *doc);
int glossa_fmt__csv_parse(glossa_doc *doc, const char *data, size_t len,
	const char *source);
int glossa_fmt__csv_write(glossa_buf *out, const glossa_doc *doc);
int glossa_fmt__tbx_parse(glossa_doc *doc, const char *data, size_t len,
	const char *source);
int glossa_fmt__tbx_write(glossa_buf *out, const glossa_doc *doc);
int glossa_fmt__json_parse(glossa_doc *doc, const char *data, size_t len,
	const char *source);
int glossa_fmt__json_write(glossa_buf *out, const glossa_doc *doc);

/* Find an entry by key in a document being parsed (linear; NULL if none). */
glossa_entry *glossa_fmt__find_entry(glossa_doc *doc, const char *key);

#endif
