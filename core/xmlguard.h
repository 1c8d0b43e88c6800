/*
 * What the two XML readers (fmt_tbx.c, docx.c) share before and while
 * libxml2 parses: the first error kept (libxml2's last one is often
 * "Premature end of data" at the end of the file, the first names the
 * line to fix), and the count of a start tag's attributes (libxml2 2.9
 * checks them for duplicates pair by pair: one element with 100,000
 * attributes costs a minute of CPU before the reader's code runs).
 */
#ifndef GLOSSA_XMLGUARD_H
#define GLOSSA_XMLGUARD_H

#include <stddef.h>
#include <libxml/parser.h>

typedef struct {
	int line;        /* 0 until an error is kept */
	char msg[256];
} glossa_xml_first_error;

/* A structured-error handler for a parser context whose _private is a
 * glossa_xml_first_error: keeps the first error (or worse). */
void glossa_xml__keep_first_error(void *user, xmlErrorPtr xe);

/*
 * The start tag opening at lt ('<'): how many attributes it has (an '='
 * outside a quoted value), up to its '>' (or a '<' that cannot be in
 * it). *next is that '>' or '<', or `end` when the tag is cut short.
 */
size_t glossa_xml__count_attrs(const char *lt, const char *end,
	const char **next);

#endif
