/*
 * The draft layer (internal): what a draft is, for fix, check and
 * translit alike — which input is a draft and the one message for what
 * is not, the prose in it, line and column, and where a sentence starts.
 * Below it, the text layer (text.c, ustr.c) and the code-point table
 * (uchar.c); above it, the consumers.
 */
#ifndef GLOSSA_DRAFT_H
#define GLOSSA_DRAFT_H

#include "internal.h"

/*
 * Is `text` a draft? A NUL byte makes it a binary file:
 *   "SOURCE:LINE: a binary file, not text (NUL byte at offset N)"
 * and bad UTF-8 is glossa_text_validate()'s
 *   "SOURCE:LINE: invalid UTF-8 at byte N"
 * (SOURCE "<text>" when NULL). 0, or GLOSSA_EINVALID with that message.
 */
int glossa_draft__validate(const char *text, size_t len, const char *source);

/* The bytes of a byte-order mark opening the text: 3 or 0. */
size_t glossa_draft__bom(const char *text, size_t len);

/*
 * The prose of a draft, in order and not overlapping: for plain text the
 * whole text after a BOM; for Markdown (and MDX) what mdspan.c walks as
 * prose, front matter never (also after a BOM); for HTML the text nodes
 * that are prose (htmlspan.c), character references and all. HTML
 * comments (the checker's markers) are prose in none. free(*out).
 * (fix and check read an HTML draft through its view, below.)
 */
int glossa_draft__prose(glossa_range **out, size_t *n, const char *text,
	size_t len, glossa_text_format format);

/*
 * What is never prose wherever it stands (URLs, e-mail addresses, paths,
 * domains, handles, identifiers, HTML tags), in order; free(*out). Found
 * by checkspan.c (glossa_text__nonprose of internal.h); `_in` only what
 * touches the windows, and with `code` false only URLs, e-mail addresses
 * and tags.
 */
static inline int glossa_draft__nonprose(glossa_range **out, size_t *n,
	const char *text, size_t len)
{
	return glossa_text__nonprose(out, n, text, len);
}

static inline int glossa_draft__nonprose_in(glossa_range **out, size_t *n,
	const char *text, size_t len, const glossa_range *win, size_t nwin,
	bool code)
{
	return glossa_text__nonprose_in(out, n, text, len, win, nwin, code);
}

/*
 * Line and column, one rule for every report: lines count '\n', columns
 * count code points from 1 and a BOM is no column (the column a user's
 * editor shows). `chr` is the code-point offset from the start of the
 * text, BOM included. Positions are asked in increasing order.
 */
typedef struct {
	size_t byte;     /* where the cursor is */
	size_t chr;      /* code points before it */
	unsigned line;   /* from 1 */
	unsigned col;    /* from 1 */
	size_t bom;      /* bytes of the BOM (not a column) */
	bool lines_only; /* line and column only (chr not kept): whole
	                  * lines are skipped, not counted through */
} glossa_draft_pos;

void glossa_draft__pos_init(glossa_draft_pos *p, const char *text,
	size_t len);
/* Move the cursor forward to byte `to` (a code point boundary). */
void glossa_draft__pos_advance(glossa_draft_pos *p, const char *text,
	size_t to);

/* Where a sentence may start. */
typedef enum {
	GLOSSA_SENTENCE_NO = 0,  /* inside a sentence */
	GLOSSA_SENTENCE_YES,     /* after . ! ?, a blank line, a heading,
	                          * or at the top */
	GLOSSA_SENTENCE_MAY      /* after ':' or an ellipsis ("…", "..."):
	                          * a sentence starts only if the writer
	                          * gave it a capital */
} glossa_sentence;

/*
 * Does a sentence start at text[at] (valid UTF-8)? Looks back past white
 * space, opening and closing quotes and brackets, dashes, Markdown marks
 * and HTML comments.
 */
glossa_sentence glossa_draft__sentence(const char *text, size_t at);

/*
 * An HTML draft as its reader sees it (htmlspan.c): the view is plain
 * text made of the prose text nodes in source order, character
 * references decoded, a blank line at a block's edge, an empty comment
 * "<!---->" for what is never prose (code, scripts, ...), the source's
 * comments as they are, nothing for an inline tag. fix and check run on
 * the view as on plain text and take what they find back to the source.
 */
typedef struct glossa_html glossa_html;

/*
 * The view of text[0, len), valid UTF-8 without NUL (glossa_draft__validate
 * first). A <meta> declaring another encoding than UTF-8 is
 * GLOSSA_EINVALID: "SOURCE:LINE: the HTML declares its encoding as ...",
 * and so is HTML nested more than 512 elements deep or a tag with more
 * than 256 attributes (the parser is quadratic there). The view keeps
 * `text` (borrowed: it must outlive the view). glossa_html__free() it.
 */
int glossa_html__new(glossa_html **out, const char *text, size_t len,
	const char *source);
void glossa_html__free(glossa_html *h);
/* The view's text (NUL-terminated) and its length. */
const char *glossa_html__text(const glossa_html *h, size_t *len);
/*
 * Where the view's bytes [s, e) are in the source, [*ss, *se): true only
 * when they are one text node's, whole character references included: a
 * span across markup or through part of a reference is not one run of
 * the source's text, and is never changed there; nor is a span right
 * after an '&', '<' or "</" that is text (a replacement could make a
 * reference or a tag of it).
 */
bool glossa_html__span(const glossa_html *h, size_t s, size_t e,
	size_t *ss, size_t *se);
/* The same for a report: the source bytes the span covers at most (a
 * reference cut is taken whole, markup kept out); `len` the source's. */
void glossa_html__span_loose(const glossa_html *h, size_t len, size_t *s,
	size_t *e);
/*
 * Append r[0, rl) (UTF-8), the replacement of the view's span [s, e), to
 * `out` as the HTML source writes it there: '&', '<' and '>' as
 * references, and a character not a letter or digit (a no-break space,
 * an apostrophe) spelled the way the span spelled it ("&nbsp;" stays
 * "&nbsp;"; the k-th of a character as the span's k-th, or its last).
 */
int glossa_html__encode(const glossa_html *h, glossa_buf *out,
	const char *r, size_t rl, size_t s, size_t e);
/* Where source byte `pos` is in the view: the start of what stands for
 * it there, its end when `end` (for the end of a range). */
size_t glossa_html__to_view(const glossa_html *h, size_t pos, bool end);
/* The source with every byte but its comments' a space (line ends
 * kept), in *out: the checker's markers where they stand in the source,
 * by the source's lines. */
int glossa_html__comments(const glossa_html *h, glossa_buf *out);
/* The source ranges of the view's text (glossa_draft__prose for HTML). */
int glossa_html__prose(glossa_range **out, size_t *n, const char *text,
	size_t len);

/* The first `needle` (nl bytes) in hay[0, n), or NULL: memmem, fast for
 * needles starting with a rare byte ("<!--"). */
const char *glossa_draft__find(const char *hay, size_t n, const char *needle,
	size_t nl);

#endif
