/*
 * Word documents in glossa fix and check (docx.c).
 */
#ifndef GLOSSA_CLI_DOCX_H
#define GLOSSA_CLI_DOCX_H

#include "cli.h"

/* Read the Word document whose bytes `in` holds; then in->ptr and
 * in->size are its text (owned by *out, glossa_docx_free()). Errors are
 * said, naming the file. */
int cli_docx_load(glossa_docx **out, cli_input *in, const char *name);
/* The document with the result's fixes made (as revisions: `track`) into
 * out; a fix that cannot be made is warned about. */
int cli_docx_fix(glossa_buf *out, glossa_docx *d, const glossa_fix_result *r,
	bool track, const char *name);
/* The document with a comment per finding (findings on overlapping spans
 * share one) into out; *made: the comments. */
int cli_docx_annotate(glossa_buf *out, glossa_docx *d, const glossa_report *r,
	size_t *made, const char *name);

#endif
