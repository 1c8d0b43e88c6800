/*
 * glossa: Word documents (.docx).
 *
 * A .docx is a zip archive whose word/document.xml (or the part that
 * _rels/.rels names) holds the body. A
 * glossa_docx reads the body once into plain text, one line per paragraph
 * (body paragraphs and table cells, in document order, each ending in
 * "\n"), so
 * that glossa_fix_text() and glossa_check_text() see a whole paragraph
 * (and the whole piece) however Word cut it into runs of formatting: a
 * name split over three runs, one of them bold, is one name. In that
 * text a paragraph is the runs' w:t texts in order, a w:tab a tab, a
 * w:br or w:cr U+2028 (LINE SEPARATOR, so that line N of the text stays
 * paragraph N; a line end inside a w:t is a space, as in Word), a
 * w:noBreakHyphen U+2011; w:sym, field codes, text boxes
 * and deleted text (an existing w:del) are left out, inserted text (an
 * existing w:ins) and hyperlinks' text are in. The paragraphs of the
 * footnotes, endnotes, headers and footers (in that order) follow the
 * body's: their edits are made there too, but comments anchor only in
 * the body.
 *
 * Every byte of that text but the "\n" after each paragraph comes from one
 * run, so edits of the text (a fix) and notes on it (check's findings)
 * are carried back into the document: glossa_docx_apply() and
 * glossa_docx_annotate() write a new .docx in which every other member
 * of the archive is copied as it was (same names, order, compression,
 * bytes).
 */
#ifndef GLOSSA_DOCX_H
#define GLOSSA_DOCX_H

#include "common.h"

GLOSSA_BEGIN_DECL

typedef struct glossa_docx glossa_docx;

/* The largest archive glossa unpacks (all members together) and the most
 * members it reads: a zip bomb is refused, not unpacked. */
#define GLOSSA_DOCX_MAX_UNPACKED (256u << 20)
#define GLOSSA_DOCX_MAX_MEMBERS 10000

/**
 * Read a Word document from the bytes of the file (the library keeps a
 * copy). Not a zip archive, a zip without word/document.xml, an
 * encrypted member, an archive that unpacks to more than
 * GLOSSA_DOCX_MAX_UNPACKED bytes or malformed XML is GLOSSA_EINVALID with
 * one line naming `source` ("report.docx: word/document.xml:12:
 * malformed XML: ...").
 * @param[out] out receives the document; release with glossa_docx_free().
 * @param source the file name for messages, or NULL.
 */
GLOSSA_EXTERN(int) glossa_docx_open(glossa_docx **out, const char *data,
	size_t len, const char *source);

/** The body as text (see above), NUL-terminated; owned by the document. */
GLOSSA_EXTERN(const char *) glossa_docx_text(const glossa_docx *d,
	size_t *len);

/** The number of paragraphs (lines of the text). */
GLOSSA_EXTERN(size_t) glossa_docx_paragraphs(const glossa_docx *d);

/** A replacement of the text's bytes [start, end) by the `len` bytes at
 * `text`. */
typedef struct {
	size_t start, end;
	const char *text;
	size_t len;
} glossa_docx_edit;

/** A note on the text's bytes [start, end): a Word comment. */
typedef struct {
	size_t start, end;
	const char *text;
} glossa_docx_note;

/* Flags for glossa_docx_options. */
#define GLOSSA_DOCX_TRACK (1u << 0)  /* edits as tracked changes */

/*
 * Options of glossa_docx_apply() and glossa_docx_annotate(). Start from
 * GLOSSA_DOCX_OPTIONS_INIT; each field says in which version it appeared.
 */
typedef struct {
	unsigned int version;  /* 1: GLOSSA_DOCX_OPTIONS_VERSION */
	unsigned flags;        /* 1: GLOSSA_DOCX_* */
	const char *author;    /* 1: of revisions and comments; NULL: "glossa" */
	const char *date;      /* 1: ISO 8601 ("2026-12-07T10:00:00Z"); NULL:
	                        * now, in UTC */
} glossa_docx_options;

#define GLOSSA_DOCX_OPTIONS_VERSION 1
#define GLOSSA_DOCX_OPTIONS_INIT { GLOSSA_DOCX_OPTIONS_VERSION, 0, NULL, NULL }

/**
 * Write the document with `edits` made (sorted by start, not
 * overlapping) into `out` (the bytes of a .docx). An edit's new text goes
 * into the run where the edit starts, with that run's formatting; the
 * text it replaces is taken out of the runs it covered (a run left empty
 * is removed). With GLOSSA_DOCX_TRACK each edit is a revision instead: the
 * old runs inside a w:del (w:delText), the new text in a w:ins, by
 * `author` at `date`, each with a w:id unique in the document, for the
 * editor to accept or reject in Word. An edit that spans two paragraphs,
 * or cuts a tab, break or hyphen element in two, cannot be made and is
 * left out (counted in *skipped, which may be NULL). A document is
 * written once: a second call is GLOSSA_EINVALID.
 * @return the number of edits made (>= 0) or a negative error code.
 */
GLOSSA_EXTERN(int) glossa_docx_apply(glossa_buf *out, glossa_docx *d,
	const glossa_docx_edit *edits, size_t n, size_t *skipped,
	const glossa_docx_options *opts);

/**
 * Write the document with a Word comment on each note's span (sorted by
 * start; spans may not overlap each other; one that spans paragraphs or
 * lies outside the body is left out and counted in *skipped) into `out`. word/comments.xml is
 * created (with its relationship and content type) or extended.
 * A document is written once, as with glossa_docx_apply().
 * @return the number of comments written (>= 0) or a negative error code.
 */
GLOSSA_EXTERN(int) glossa_docx_annotate(glossa_buf *out, glossa_docx *d,
	const glossa_docx_note *notes, size_t n, size_t *skipped,
	const glossa_docx_options *opts);

/** NULL is a no-op. */
GLOSSA_EXTERN(void) glossa_docx_free(glossa_docx *d);

GLOSSA_END_DECL

#endif
