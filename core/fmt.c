/*
** The format dispatch: a glossary document read from or written to TSV,
** CSV, TBX or JSON (fmt_*.c), above the document model (doc.c).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "fmt.h"

int glossa_doc_parse(glossa_doc **out, glossa_format format,
	const char *data, size_t len, const char *source)
{
	glossa_doc *doc;
	size_t bad;
	int error;

	*out = NULL;
	if (!source)
		source = "<input>";
	if (!glossa_utf8__valid(data, len, &bad))
		return glossa_doc__invalid(source, glossa_utf8__line_of(data, bad),
			"invalid UTF-8 at byte %zu", bad);
	if ((error = glossa_doc_new(&doc)) < 0)
		return error;
	switch (format) {
	case GLOSSA_FORMAT_TSV:
		error = glossa_fmt__tsv_parse(doc, data, len, source);
		break;
	case GLOSSA_FORMAT_CSV:
		error = glossa_fmt__csv_parse(doc, data, len, source);
		break;
	case GLOSSA_FORMAT_TBX:
		error = glossa_fmt__tbx_parse(doc, data, len, source);
		break;
	case GLOSSA_FORMAT_JSON:
		error = glossa_fmt__json_parse(doc, data, len, source);
		break;
	default:
		error = glossa_doc__invalid(source, 0, "unknown format");
	}
	if (error == 0)
		error = glossa_doc_validate(doc, source);
	if (error < 0) {
		glossa_doc_free(doc);
		return error;
	}
	*out = doc;
	return 0;
}

int glossa_doc_write(glossa_buf *out, const glossa_doc *doc,
	glossa_format format)
{
	size_t i;

	/* Every export imports again: a value the import would refuse (put
	 * in the database by hand: a line break in a note, U+FFFF) makes a
	 * backup that cannot be restored, so none is written. */
	for (i = 0; i < doc->nentries; i++)
		if (glossa_doc__entry_validate(&doc->entries[i], NULL) < 0) {
			char why[512];

			snprintf(why, sizeof(why), "%s",
				glossa_error_last()->message);
			return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
				GLOSSA_EINVALID,
				"entry %s: %s; an export could not be imported again, so none is written ('glossary validate' lists every such entry)",
				doc->entries[i].key, why);
		}
	switch (format) {
	case GLOSSA_FORMAT_TSV:
		return glossa_fmt__tsv_write(out, doc);
	case GLOSSA_FORMAT_CSV:
		return glossa_fmt__csv_write(out, doc);
	case GLOSSA_FORMAT_TBX:
		return glossa_fmt__tbx_write(out, doc);
	case GLOSSA_FORMAT_JSON:
		return glossa_fmt__json_write(out, doc);
	}
	return glossa_doc__invalid(NULL, 0, "unknown format");
}
