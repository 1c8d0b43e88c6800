/*
** HTML drafts: the text a reader sees, for fix and check.
**
** A CMS hands copy over as HTML. Its prose is the text nodes an HTML5
** parser (gumbo) finds outside script, style, code and the like; every
** other byte (tags, attributes, comments, the doctype, code) is markup
** that fix never changes and check never reads as copy.
**
** fix and check do not learn HTML. They run, as on plain text, on a view
** of the draft built here: the prose text nodes in source order, their
** character references decoded ("Bashar&nbsp;al-Asad" is "Bashar",
** U+00A0, "al-Asad" there, "Erdo&#287;an" is "Erdoğan"), and between two
** of them what the markup means to a reader:
**   - a block boundary (</p>, <br>, a heading, <li>, a table cell...) is
**     a blank line, so a sentence starts after it;
**   - a comment is copied as it is (the checker's markers work), and
**     content that is never prose (<code>, <script>...) is an empty
**     comment "<!---->", which plain text never reads as prose;
**   - an inline tag (<b>, <a>, <em>) is nothing: the words around it are
**     read together, as a reader reads them ("Ain <b>al-Asad</b>" is the
**     air base, not Bashar Assad).
** Every piece of the view knows where it came from, so a span of the view
** goes back to the source: fix puts a change back only where the name is
** one run of text there (a name split by an inline tag, as in
** "<b>Bashar</b> al-Asad", is left as written) and writes it the way
** HTML writes it (glossa_html__encode); check reports the line and
** column of the source.
**
** The references are decoded by gumbo, not by a table of ours: a text
** node's original bytes are cut at each '&', and gumbo is asked what the
** candidate reference stands for and how much of it it reads (the
** shortest prefix that decodes, with the rest as literal text, to what
** the whole does); answers are kept per view. The pieces of a node are
** then checked against the text gumbo made of the whole node: a node
** whose bytes do not give its text is not prose at all. (A stray end tag
** the parser dropped inside a node is in its bytes, not its text: it is
** cut out, and the text on either side are two runs.) Doubt leaves copy
** as it is.
**
** Before the parse, a lexical pass refuses what gumbo would take minutes
** over (see prescan()).
*/
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <gumbo.h>
#include <unicode/uchar.h>
#include "internal.h"
#include "draft.h"
#include "uchar.h"

/* The longest candidate reference looked at ("&" and 47 more): the
 * longest name HTML has is 32 characters with its ';'. */
#define REF_MAX 48

/* Kinds of the pieces of a view. */
enum {
	P_TEXT,   /* text node bytes, as they are */
	P_REF,    /* a character reference, decoded */
	P_COPY,   /* a comment, as it is */
	P_SEP     /* what stands for markup between runs of text */
};

#define NO_RUN UINT32_MAX

typedef struct {
	size_t v, s;     /* where it starts: in the view, in the source */
	size_t vl, sl;   /* its bytes in each */
	uint32_t run;    /* the text node (or comment) it is part of */
	uint8_t kind;    /* P_* */
} hpiece;

/* What the parse tree says of a place in the source. */
enum {
	I_BLOCK,    /* a block element's start or end tag */
	I_OPAQUE,   /* content that is never prose starts here */
	I_COMMENT,  /* a comment, [s, e) */
	I_TEXT      /* a text node in prose, [s, e), its text `d` */
};

typedef struct {
	size_t s, e;
	const char *d;
	size_t seq;
	uint8_t kind;
} hitem;

/* A reference gumbo has decoded: how many bytes it reads (1: the '&' is
 * text), and its text (in refpool), or not understood. */
typedef struct {
	size_t used, x, xl;
	bool ok;
} href;

struct glossa_html {
	glossa_buf view;
	hpiece *pc;
	size_t npc, apc;
	uint32_t nruns;
	const char *src;   /* the source (borrowed) */
	size_t len, bom;
	/* while building */
	hitem *it;
	size_t nit, ait;
	glossa_strmap refs;
	href *rv;
	size_t arv;
	glossa_buf refpool, scratch, t1, t2;
	int error;         /* the first error met in the walk */
	const char *source;
};

/* gumbo's defaults, without the list of parse errors (never read). */
static void parse_options(GumboOptions *o)
{
	*o = kGumboDefaultOptions;
	o->max_errors = 0;
}

/* ---- what the tags mean ---- */

/* Elements whose contents are never prose: code and machine text,
 * scripts and styles, raw text, form fields, templates. (SVG and MathML
 * are left out by their namespace.) */
static bool nonprose_tag(GumboTag t)
{
	switch (t) {
	case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_CODE:
	case GUMBO_TAG_PRE: case GUMBO_TAG_KBD: case GUMBO_TAG_SAMP:
	case GUMBO_TAG_VAR: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_TEMPLATE:
	case GUMBO_TAG_SVG: case GUMBO_TAG_MATH: case GUMBO_TAG_IFRAME:
	case GUMBO_TAG_NOEMBED: case GUMBO_TAG_NOFRAMES: case GUMBO_TAG_XMP:
	case GUMBO_TAG_PLAINTEXT: case GUMBO_TAG_LISTING:
		return true;
	default:
		return false;
	}
}

/* Elements a reader sees as a block of their own: a sentence starts at
 * their edges. */
static bool block_tag(GumboTag t)
{
	switch (t) {
	case GUMBO_TAG_HTML: case GUMBO_TAG_HEAD: case GUMBO_TAG_TITLE:
	case GUMBO_TAG_BODY: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_SECTION:
	case GUMBO_TAG_NAV: case GUMBO_TAG_ASIDE: case GUMBO_TAG_H1:
	case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
	case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_HGROUP:
	case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_ADDRESS:
	case GUMBO_TAG_P: case GUMBO_TAG_HR: case GUMBO_TAG_PRE:
	case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_OL: case GUMBO_TAG_UL:
	case GUMBO_TAG_LI: case GUMBO_TAG_DL: case GUMBO_TAG_DT:
	case GUMBO_TAG_DD: case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION:
	case GUMBO_TAG_MAIN: case GUMBO_TAG_DIV: case GUMBO_TAG_BR:
	case GUMBO_TAG_TABLE: case GUMBO_TAG_CAPTION: case GUMBO_TAG_TBODY:
	case GUMBO_TAG_THEAD: case GUMBO_TAG_TFOOT: case GUMBO_TAG_TR:
	case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_FORM:
	case GUMBO_TAG_FIELDSET: case GUMBO_TAG_LEGEND: case GUMBO_TAG_SELECT:
	case GUMBO_TAG_OPTGROUP: case GUMBO_TAG_OPTION:
	case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_DETAILS:
	case GUMBO_TAG_SUMMARY: case GUMBO_TAG_MENU: case GUMBO_TAG_DIR:
	case GUMBO_TAG_CENTER: case GUMBO_TAG_LISTING: case GUMBO_TAG_XMP:
	case GUMBO_TAG_PLAINTEXT: case GUMBO_TAG_NOSCRIPT:
	case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_FRAMESET:
	case GUMBO_TAG_VIDEO: case GUMBO_TAG_AUDIO: case GUMBO_TAG_CANVAS:
		return true;
	default:
		return false;
	}
}

/* ---- before the parse ---- */

static bool ascii_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/*
 * gumbo's tree building is quadratic in what no copy holds: elements
 * nested thousands deep (each start tag looks through the open ones), a
 * tag with thousands of attributes (each is compared with those before
 * it, and a repeated <html> or <body> adds its attributes to the first
 * one's). 20,000 nested <div>s take a second, 300,000 several minutes. A
 * lexical pass first bounds both, in linear time, and such a file is
 * refused with its line. (Browsers stop nesting at 512 too.)
 */
#define MAX_DEPTH 512
#define MAX_ATTRS 256

/* A tag that never holds others: void, or closed by its next sibling
 * (an implied end tag), so that its start tags do not nest. */
static bool flat_tag(GumboTag t)
{
	switch (t) {
	case GUMBO_TAG_AREA: case GUMBO_TAG_BASE: case GUMBO_TAG_BR:
	case GUMBO_TAG_COL: case GUMBO_TAG_EMBED: case GUMBO_TAG_HR:
	case GUMBO_TAG_IMG: case GUMBO_TAG_IMAGE: case GUMBO_TAG_INPUT:
	case GUMBO_TAG_LINK: case GUMBO_TAG_META: case GUMBO_TAG_PARAM:
	case GUMBO_TAG_SOURCE: case GUMBO_TAG_TRACK: case GUMBO_TAG_WBR:
	case GUMBO_TAG_BASEFONT: case GUMBO_TAG_BGSOUND: case GUMBO_TAG_FRAME:
	case GUMBO_TAG_KEYGEN: case GUMBO_TAG_ISINDEX:
	case GUMBO_TAG_HTML: case GUMBO_TAG_HEAD: case GUMBO_TAG_BODY:
	case GUMBO_TAG_P: case GUMBO_TAG_LI: case GUMBO_TAG_DT:
	case GUMBO_TAG_DD: case GUMBO_TAG_RB: case GUMBO_TAG_RT:
	case GUMBO_TAG_RTC: case GUMBO_TAG_RP: case GUMBO_TAG_OPTGROUP:
	case GUMBO_TAG_OPTION: case GUMBO_TAG_COLGROUP: case GUMBO_TAG_CAPTION:
	case GUMBO_TAG_THEAD: case GUMBO_TAG_TBODY: case GUMBO_TAG_TFOOT:
	case GUMBO_TAG_TR: case GUMBO_TAG_TD: case GUMBO_TAG_TH:
		return true;
	default:
		return false;
	}
}

/* Elements whose contents are not markup to the tokenizer (raw text),
 * or are another language's (SVG, MathML): skipped to their end tag. */
static bool skipped_tag(GumboTag t)
{
	switch (t) {
	case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_TEXTAREA:
	case GUMBO_TAG_TITLE: case GUMBO_TAG_XMP: case GUMBO_TAG_IFRAME:
	case GUMBO_TAG_NOEMBED: case GUMBO_TAG_NOFRAMES:
	case GUMBO_TAG_PLAINTEXT: case GUMBO_TAG_SVG: case GUMBO_TAG_MATH:
		return true;
	default:
		return false;
	}
}

static bool ascii_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* After "</name" (case aside) from t[i], or len. */
static size_t skip_to_end_tag(const char *t, size_t len, size_t i,
	const char *name, size_t nl)
{
	const char *p;

	while ((p = glossa_draft__find(t + i, len - i, "</", 2)) != NULL) {
		i = (size_t)(p - t) + 2;
		if (len - i >= nl && strncasecmp(t + i, name, nl) == 0)
			return i + nl;
	}
	return len;
}

/* The end of the tag whose name ends at t[i]: after its '>' (or len);
 * *nattr its attributes, read as the tokenizer reads them. */
static size_t skip_attributes(const char *t, size_t len, size_t i,
	size_t *nattr)
{
	*nattr = 0;
	for (;;) {
		while (i < len && (ascii_space(t[i]) || t[i] == '/'))
			i++;
		if (i >= len || t[i] == '>')
			return i < len ? i + 1 : len;
		++*nattr;
		if (t[i] == '=')
			i++;
		while (i < len && !ascii_space(t[i]) && t[i] != '/' &&
		       t[i] != '>' && t[i] != '=')
			i++;
		while (i < len && ascii_space(t[i]))
			i++;
		if (i >= len || t[i] != '=')
			continue;
		i++;
		while (i < len && ascii_space(t[i]))
			i++;
		if (i < len && (t[i] == '"' || t[i] == '\'')) {
			const char *q = memchr(t + i + 1, t[i], len - i - 1);

			i = q ? (size_t)(q - t) + 1 : len;
		} else {
			while (i < len && !ascii_space(t[i]) && t[i] != '>')
				i++;
		}
	}
}

static int too_much(const char *t, size_t at, const char *source,
	const char *what)
{
	return glossa_error__set(GLOSSA_ERRCLASS_INVALID, GLOSSA_EINVALID,
		"%s:%u: %s; glossa does not read such HTML", source,
		glossa_utf8__line_of(t, at), what);
}

static int prescan(const char *t, size_t len, size_t i, const char *source)
{
	size_t depth = 0, merged = 0;
	const char *p;

	while (i < len && (p = memchr(t + i, '<', len - i)) != NULL) {
		size_t at = (size_t)(p - t), k, nattr;
		bool end;
		GumboTag tag;

		i = at + 1;
		if (len - at >= 4 && memcmp(p, "<!--", 4) == 0) {
			const char *c = glossa_draft__find(p + 4, len - at - 4,
				"-->", 3);

			i = c ? (size_t)(c - t) + 3 : len;
			continue;
		}
		end = i < len && t[i] == '/';
		k = i + end;
		if (k >= len || !ascii_alpha(t[k])) {
			if (i < len && (t[i] == '!' || t[i] == '?')) {
				const char *gt = memchr(t + i, '>', len - i);

				i = gt ? (size_t)(gt - t) + 1 : len;
			}
			continue;
		}
		for (i = k; i < len && !ascii_space(t[i]) && t[i] != '/' &&
		     t[i] != '>'; i++)
			;
		tag = i - k < 64 ? gumbo_tagn_enum(t + k, (unsigned)(i - k)) :
			GUMBO_TAG_UNKNOWN;
		i = skip_attributes(t, len, i, &nattr);
		/* Another <html> or <body> adds its attributes to the
		 * first one's (each compared with those there). */
		if (!end && (tag == GUMBO_TAG_HTML || tag == GUMBO_TAG_BODY))
			merged += nattr;
		if (nattr > MAX_ATTRS)
			return too_much(t, at, source,
				"a tag with more than 256 attributes");
		if (merged > MAX_ATTRS)
			return too_much(t, at, source, "<html> and <body> "
				"tags with more than 256 attributes in all");
		if (end) {
			if (!flat_tag(tag) && depth > 0)
				depth--;
			continue;
		}
		if (skipped_tag(tag)) {
			const char *name = gumbo_normalized_tagname(tag);

			i = tag == GUMBO_TAG_PLAINTEXT ? len :
				skip_to_end_tag(t, len, i, name, strlen(name));
			continue;
		}
		if (!flat_tag(tag) && ++depth > MAX_DEPTH)
			return too_much(t, at, source,
				"elements nested more than 512 deep");
	}
	return 0;
}

/* ---- the walk ---- */

/* Is `s` (n bytes) a label of UTF-8 (the WHATWG Encoding Standard's)? */
static bool utf8_label(const char *s, size_t n)
{
	static const char *const labels[] = { "utf-8", "utf8",
		"unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8",
		"x-unicode20utf8", NULL };
	int i;

	while (n > 0 && ascii_space(*s)) {
		s++;
		n--;
	}
	while (n > 0 && ascii_space(s[n - 1]))
		n--;
	for (i = 0; labels[i]; i++)
		if (strlen(labels[i]) == n && strncasecmp(s, labels[i], n) == 0)
			return true;
	return false;
}

/* The charset a <meta http-equiv=content-type content=...> names: the
 * HTML standard's "extracting a character encoding from a meta
 * element". *n = 0 when there is none. */
static const char *content_charset(const char *c, size_t *n)
{
	const char *p = c;

	*n = 0;
	for (; *p; p++) {
		const char *q = p + 7;

		if (strncasecmp(p, "charset", 7) != 0)
			continue;

		while (ascii_space(*q))
			q++;
		if (*q != '=') {
			p = q - 1;
			continue;
		}
		q++;
		while (ascii_space(*q))
			q++;
		if (*q == '"' || *q == '\'') {
			const char *e = strchr(q + 1, *q);

			if (e == NULL)
				return NULL;
			*n = (size_t)(e - q - 1);
			return q + 1;
		}
		*n = strcspn(q, "; \t\n\f\r");
		return *n ? q : NULL;
	}
	return NULL;
}

/* A <meta> declaring an encoding other than UTF-8: the error. */
static int check_meta(glossa_html *h, const GumboElement *el)
{
	const GumboAttribute *a = gumbo_get_attribute(&el->attributes,
		"charset");
	const char *cs = NULL;
	char shown[41];
	size_t n = 0, k, off;

	if (a != NULL) {
		cs = a->value;
		n = strlen(cs);
	} else if ((a = gumbo_get_attribute(&el->attributes,
			"http-equiv")) != NULL &&
		   strcasecmp(a->value, "content-type") == 0 &&
		   (a = gumbo_get_attribute(&el->attributes,
			"content")) != NULL) {
		cs = content_charset(a->value, &n);
	}
	if (cs == NULL || n == 0 || utf8_label(cs, n))
		return 0;
	/* The label as it can be shown on one line. */
	for (k = 0; k < n && k + 1 < sizeof(shown); k++)
		shown[k] = cs[k] > ' ' && cs[k] < 0x7F ? cs[k] : '?';
	shown[k] = '\0';
	off = el->original_tag.data ?
		(size_t)(el->original_tag.data - h->src) : 0;
	return glossa_error__set(GLOSSA_ERRCLASS_INVALID, GLOSSA_EINVALID,
		"%s:%u: the HTML declares its encoding as \"%s\" (<meta>); "
		"glossa reads UTF-8 only: convert the file to UTF-8",
		h->source, glossa_utf8__line_of(h->src,
			off <= h->len ? off : 0), shown);
}

/* Is [p, p + n) inside the source? Then *off is where. */
static bool in_source(const glossa_html *h, const char *p, size_t n,
	size_t *off)
{
	if (p == NULL || p < h->src || p > h->src + h->len ||
	    n > (size_t)(h->src + h->len - p))
		return false;
	*off = (size_t)(p - h->src);
	return true;
}

static int add_item(glossa_html *h, uint8_t kind, size_t s, size_t e,
	const char *d)
{
	hitem *it;

	if (glossa__grow((void **)&h->it, &h->ait, h->nit + 1,
			sizeof(*h->it)) < 0)
		return GLOSSA_ERROR;
	it = &h->it[h->nit];
	it->s = s;
	it->e = e;
	it->d = d;
	it->seq = h->nit++;
	it->kind = kind;
	return 0;
}

static int tag_item(glossa_html *h, uint8_t kind, GumboStringPiece tag)
{
	size_t off;

	if (tag.length == 0 || !in_source(h, tag.data, tag.length, &off))
		return 0;
	return add_item(h, kind, off, off + tag.length, NULL);
}

/* One node: what it says, and whether its children are to be walked. */
static int visit(glossa_html *h, const GumboNode *n, bool *down)
{
	const GumboElement *el;
	size_t off;
	int error = 0;

	*down = false;
	switch (n->type) {
	case GUMBO_NODE_DOCUMENT:
		*down = true;
		return 0;
	case GUMBO_NODE_TEXT:
	case GUMBO_NODE_WHITESPACE:
		if (!in_source(h, n->v.text.original_text.data,
				n->v.text.original_text.length, &off))
			return 0;
		return add_item(h, I_TEXT, off,
			off + n->v.text.original_text.length, n->v.text.text);
	case GUMBO_NODE_COMMENT:
		if (!in_source(h, n->v.text.original_text.data,
				n->v.text.original_text.length, &off))
			return 0;
		return add_item(h, I_COMMENT, off,
			off + n->v.text.original_text.length, NULL);
	case GUMBO_NODE_CDATA:
		return tag_item(h, I_OPAQUE, n->v.text.original_text);
	case GUMBO_NODE_ELEMENT:
	case GUMBO_NODE_TEMPLATE:
		break;
	default:
		return 0;
	}
	el = &n->v.element;
	if (el->tag == GUMBO_TAG_META && el->tag_namespace ==
			GUMBO_NAMESPACE_HTML &&
	    (error = check_meta(h, el)) < 0)
		return error;
	if (block_tag(el->tag) && el->tag_namespace == GUMBO_NAMESPACE_HTML &&
	    ((error = tag_item(h, I_BLOCK, el->original_tag)) < 0 ||
	     (error = tag_item(h, I_BLOCK, el->original_end_tag)) < 0))
		return error;
	if (n->type == GUMBO_NODE_TEMPLATE || nonprose_tag(el->tag) ||
	    el->tag_namespace != GUMBO_NAMESPACE_HTML) {
		/* Where its contents start: at its start tag, or where
		 * it stands when the parser made it up. */
		if (el->original_tag.length == 0 ||
		    !in_source(h, el->original_tag.data,
				el->original_tag.length, &off))
			off = h->bom + el->start_pos.offset;
		return off <= h->len ? add_item(h, I_OPAQUE, off, off, NULL) : 0;
	}
	*down = true;
	return 0;
}

static const GumboVector *children(const GumboNode *n)
{
	switch (n->type) {
	case GUMBO_NODE_DOCUMENT:
		return &n->v.document.children;
	case GUMBO_NODE_ELEMENT:
	case GUMBO_NODE_TEMPLATE:
		return &n->v.element.children;
	default:
		return NULL;
	}
}

/* The tree in document order, without recursion (a deep document is not
 * a deep stack). */
static int walk(glossa_html *h, const GumboNode *root)
{
	const GumboNode *n = root;
	int error;

	for (;;) {
		const GumboVector *ch;
		bool down;

		if ((error = visit(h, n, &down)) < 0)
			return error;
		ch = children(n);
		if (down && ch && ch->length > 0) {
			n = ch->data[0];
			continue;
		}
		/* The next sibling, of this node or of an ancestor. */
		for (;;) {
			const GumboNode *p;
			size_t i;

			if (n == root || (p = n->parent) == NULL)
				return 0;
			ch = children(p);
			i = n->index_within_parent;
			if (ch == NULL || i >= ch->length || ch->data[i] != n)
				for (i = 0; ch && i < ch->length &&
				     ch->data[i] != n; i++)
					;
			if (ch && i + 1 < ch->length) {
				n = ch->data[i + 1];
				break;
			}
			n = p;
		}
	}
}

static int item_cmp(const void *a, const void *b)
{
	const hitem *x = a, *y = b;

	if (x->s != y->s)
		return x->s < y->s ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* ---- character references ---- */

/* The text gumbo makes of s[0, n) in a paragraph; 1 when the tree is not
 * the one paragraph of text expected. */
static int para_text(glossa_buf *out, const char *s, size_t n)
{
	char in[3 + REF_MAX];
	GumboOptions o;
	GumboOutput *g;
	const GumboNode *body = NULL, *p;
	const GumboVector *ch;
	size_t i;
	int error = 0;

	glossa_buf_clear(out);
	if (n > REF_MAX)
		return 1;
	memcpy(in, "<p>", 3);
	memcpy(in + 3, s, n);
	parse_options(&o);
	if ((g = gumbo_parse_with_options(&o, in, n + 3)) == NULL)
		return glossa_error__nomem();
	ch = children(g->root);
	for (i = 0; ch && i < ch->length; i++) {
		p = ch->data[i];
		if (p->type == GUMBO_NODE_ELEMENT &&
		    p->v.element.tag == GUMBO_TAG_BODY)
			body = p;
	}
	ch = body ? children(body) : NULL;
	if (ch == NULL || ch->length != 1 ||
	    ((const GumboNode *)ch->data[0])->type != GUMBO_NODE_ELEMENT ||
	    ((const GumboNode *)ch->data[0])->v.element.tag != GUMBO_TAG_P) {
		error = 1;
		goto out;
	}
	ch = children(ch->data[0]);
	for (i = 0; i < ch->length && error == 0; i++) {
		p = ch->data[i];
		if (p->type != GUMBO_NODE_TEXT &&
		    p->type != GUMBO_NODE_WHITESPACE)
			error = 1;
		else if (glossa_buf_puts(out, p->v.text.text) < 0)
			error = GLOSSA_ERROR;
	}
	if (error == 0 && out->ptr == NULL &&
	    glossa_buf_put(out, "", 0) < 0)
		error = GLOSSA_ERROR;
out:
	gumbo_destroy_output(&o, g);
	return error;
}

/*
 * What the candidate reference t[0, n) stands for: how many bytes of it
 * gumbo reads as the reference, and the text. That is the shortest
 * prefix whose text, followed by the rest of the candidate as it is,
 * gives the text of the whole.
 */
static int ref_find(glossa_html *h, href *r, const char *t, size_t n)
{
	glossa_buf *all = &h->t1, *pre = &h->t2;
	size_t c;
	int error;

	memset(r, 0, sizeof(*r));
	if ((error = para_text(all, t, n)) != 0)
		return error < 0 ? error : 0;
	for (c = 1; c <= n; c++) {
		size_t rest = n - c;

		if (rest > all->size || memcmp(all->ptr + all->size - rest,
				t + c, rest) != 0)
			continue;
		if (c == 1) {
			/* A lone '&' is text. */
			if (all->size - rest == 1 && all->ptr[0] == '&')
				break;
			continue;
		}
		if (c < n) {
			if ((error = para_text(pre, t, c)) < 0)
				return error;
			if (error > 0 || pre->size != all->size - rest ||
			    memcmp(pre->ptr, all->ptr, pre->size) != 0)
				continue;
		}
		break;
	}
	if (c > n || (c > 1 && all->size == n - c))
		return 0;  /* not understood */
	r->used = c;
	r->x = h->refpool.size;
	r->xl = all->size - (n - c);
	r->ok = true;
	return glossa_buf_put(&h->refpool, all->ptr, r->xl);
}

/* The reference at t[0, n), from the view's answers or found now. */
static int ref_get(glossa_html *h, const href **out, const char *t,
	size_t n)
{
	size_t idx;
	int added;

	if ((added = glossa_strmap__put(&h->refs, &idx, t, n)) < 0)
		return added;
	if (glossa__grow((void **)&h->rv, &h->arv, idx + 1,
			sizeof(*h->rv)) < 0)
		return GLOSSA_ERROR;
	if (added && (added = ref_find(h, &h->rv[idx], t, n)) < 0)
		return added;
	*out = &h->rv[idx];
	return 0;
}

/* ---- the view ---- */

static int add_piece(glossa_html *h, uint8_t kind, size_t s, size_t sl,
	const char *v, size_t vl, uint32_t run)
{
	hpiece *p;

	if (vl == 0)
		return 0;
	if (glossa__grow((void **)&h->pc, &h->apc, h->npc + 1,
			sizeof(*h->pc)) < 0)
		return GLOSSA_ERROR;
	p = &h->pc[h->npc];
	p->v = h->view.size;
	p->vl = vl;
	p->s = s;
	p->sl = sl;
	p->run = run;
	p->kind = kind;
	if (glossa_buf_put(&h->view, v, vl) < 0)
		return GLOSSA_ERROR;
	h->npc++;
	return 0;
}

static bool ref_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		(c >= '0' && c <= '9') || c == '#';
}

/* Do the pieces from k on give `d`, the text gumbo made of the node?
 * (Its input stream turns CR LF and a lone CR into LF.) */
static int same_text(glossa_html *h, size_t k, const char *d, bool *same)
{
	glossa_buf *b = &h->scratch;
	size_t dl = strlen(d);

	glossa_buf_clear(b);
	for (; k < h->npc; k++) {
		const hpiece *p = &h->pc[k];
		const char *v = h->view.ptr + p->v;

		if (p->kind == P_REF) {
			if (glossa_buf_put(b, v, p->vl) < 0)
				return GLOSSA_ERROR;
			continue;
		}
		while (v < h->view.ptr + p->v + p->vl) {
			const char *cr = memchr(v, '\r',
				(size_t)(h->view.ptr + p->v + p->vl - v));
			size_t run = cr ? (size_t)(cr - v) :
				(size_t)(h->view.ptr + p->v + p->vl - v);

			if (glossa_buf_put(b, v, run) < 0)
				return GLOSSA_ERROR;
			v += run;
			if (cr == NULL)
				break;
			/* In the source, is the CR followed by a LF? */
			if (!(p->s + (size_t)(cr - (h->view.ptr + p->v)) + 1 <
			      h->len && h->src[p->s + (size_t)(cr -
			      (h->view.ptr + p->v)) + 1] == '\n') &&
			    glossa_buf_put(b, "\n", 1) < 0)
				return GLOSSA_ERROR;
			v++;
		}
	}
	*same = b->size == dl && (dl == 0 || memcmp(b->ptr, d, dl) == 0);
	return 0;
}

/* Is t[0] the start of a tag or the like (never text: the tokenizer
 * reads "<" then a letter, "/", "!" or "?" as markup)? */
static bool markup_start(const char *t, size_t n)
{
	return n >= 2 && t[0] == '<' && ((t[1] >= 'a' && t[1] <= 'z') ||
		(t[1] >= 'A' && t[1] <= 'Z') || t[1] == '/' || t[1] == '!' ||
		t[1] == '?');
}

/*
 * A text node of prose, source[s, e) with the text d: its pieces, or
 * none (*ok false) when its bytes do not give its text. A tag the parser
 * dropped inside the node (a stray "</span>") is in its bytes, not in
 * its text: it stands for nothing in the view, but the text after it is
 * another run (a change never reaches over it).
 */
static int add_run(glossa_html *h, size_t s, size_t e, const char *d,
	bool *ok)
{
	const char *t = h->src;
	size_t v0 = h->view.size, k0 = h->npc, i = s, lit = s;
	uint32_t run = h->nruns++;
	int error;

	*ok = false;
	for (; i < e; i++) {
		const href *r;
		size_t a = i, n = 1;

		if (t[i] == '<' && markup_start(t + i, e - i)) {
			const char *gt = memchr(t + i, '>', e - i);

			if (gt == NULL)
				break;
			if ((error = add_piece(h, P_TEXT, lit, a - lit,
					t + lit, a - lit, run)) < 0)
				return error;
			run = h->nruns++;
			lit = (size_t)(gt - t) + 1;
			i = lit - 1;
			continue;
		}
		if (t[i] != '&')
			continue;
		while (a + n < e && n < REF_MAX - 1 && ref_char(t[a + n]))
			n++;
		if (n > 1 && a + n < e && t[a + n] == ';')
			n++;
		if (n == 1)
			continue;  /* "& " is text */
		if ((error = ref_get(h, &r, t + a, n)) < 0)
			return error;
		if (!r->ok)
			goto drop;
		if (r->used == 1)
			continue;
		if ((error = add_piece(h, P_TEXT, lit, a - lit, t + lit,
				a - lit, run)) < 0 ||
		    (error = add_piece(h, P_REF, a, r->used,
				h->refpool.ptr + r->x, r->xl, run)) < 0)
			return error;
		lit = a + r->used;
		i = lit - 1;
	}
	if ((error = add_piece(h, P_TEXT, lit, e - lit, t + lit, e - lit,
			run)) < 0 ||
	    (error = same_text(h, k0, d, ok)) < 0)
		return error;
	if (*ok)
		return 0;
drop:
	h->npc = k0;
	h->view.size = v0;
	if (h->view.ptr)
		h->view.ptr[v0] = '\0';
	*ok = false;
	return 0;
}

/* What stands for the markup in source[s, e): a blank line where a block
 * starts or ends, an empty comment for what is never prose. */
static int add_gap(glossa_html *h, size_t s, size_t e, bool block,
	bool opaque)
{
	char sep[16];
	size_t n = 0;

	if (block) {
		memcpy(sep, "\n\n", 2);
		n = 2;
	}
	if (opaque) {
		memcpy(sep + n, "<!---->", 7);
		n += 7;
	}
	return add_piece(h, P_SEP, s, e - s, sep, n, NO_RUN);
}

/* A comment of the source: itself, when plain text reads it as the same
 * comment, else an empty one. */
static int add_comment(glossa_html *h, size_t s, size_t e)
{
	const char *c = h->src + s, *end;
	size_t n = e - s;

	if (n >= 7 && memcmp(c, "<!--", 4) == 0 &&
	    memcmp(c + n - 3, "-->", 3) == 0 &&
	    (end = glossa_draft__find(c + 4, n - 4, "-->", 3)) != NULL &&
	    end == c + n - 3)
		return add_piece(h, P_COPY, s, n, c, n, h->nruns++);
	return add_piece(h, P_SEP, s, n, "<!---->", 7, NO_RUN);
}

static int build(glossa_html *h)
{
	size_t i, pos = glossa_draft__bom(h->src, h->len);
	bool block = false, opaque = false;
	int error;

	if (h->nit > 1)
		qsort(h->it, h->nit, sizeof(*h->it), item_cmp);
	for (i = 0; i < h->nit; i++) {
		const hitem *it = &h->it[i];
		bool ok;

		if (it->s < pos) {
			/* Inside what is already taken (the parser moved
			 * a node): a place only. */
			if (it->kind == I_OPAQUE || it->kind == I_TEXT)
				opaque = true;
			continue;
		}
		if (it->kind == I_BLOCK) {
			block = true;
			continue;
		}
		if (it->kind == I_OPAQUE) {
			opaque = true;
			continue;
		}
		if ((error = add_gap(h, pos, it->s, block, opaque)) < 0)
			return error;
		block = opaque = false;
		if (it->kind == I_COMMENT) {
			if ((error = add_comment(h, it->s, it->e)) < 0)
				return error;
		} else {
			if ((error = add_run(h, it->s, it->e, it->d, &ok)) < 0)
				return error;
			if (!ok) {
				/* Not read as prose: part of the next gap. */
				opaque = true;
				pos = it->s;
				continue;
			}
		}
		pos = it->e;
	}
	return 0;
}

static void release_build(glossa_html *h)
{
	free(h->it);
	h->it = NULL;
	h->nit = h->ait = 0;
	glossa_strmap__dispose(&h->refs);
	free(h->rv);
	h->rv = NULL;
	glossa_buf_dispose(&h->refpool);
	glossa_buf_dispose(&h->scratch);
	glossa_buf_dispose(&h->t1);
	glossa_buf_dispose(&h->t2);
}

int glossa_html__new(glossa_html **out, const char *text, size_t len,
	const char *source)
{
	glossa_html *h;
	GumboOptions o;
	GumboOutput *g = NULL;
	size_t bom = glossa_draft__bom(text, len);
	int error;

	*out = NULL;
	if ((h = glossa__calloc(1, sizeof(*h))) == NULL)
		return GLOSSA_ERROR;
	h->src = text ? text : "";
	h->len = len;
	h->bom = bom;
	h->source = source ? source : "<text>";
	glossa_strmap__init(&h->refs);
	parse_options(&o);
	if (len > bom) {
		if ((error = prescan(h->src, len, bom, h->source)) < 0)
			goto fail;
		if ((g = gumbo_parse_with_options(&o, h->src + bom,
				len - bom)) == NULL) {
			error = glossa_error__nomem();
			goto fail;
		}
		if ((error = walk(h, g->document)) < 0 ||
		    (error = build(h)) < 0)
			goto fail;
		gumbo_destroy_output(&o, g);
		g = NULL;
	}
	if (h->view.ptr == NULL && glossa_buf_put(&h->view, "", 0) < 0) {
		error = GLOSSA_ERROR;
		goto fail;
	}
	release_build(h);
	*out = h;
	return 0;
fail:
	if (g)
		gumbo_destroy_output(&o, g);
	glossa_html__free(h);
	return error;
}

void glossa_html__free(glossa_html *h)
{
	if (h == NULL)
		return;
	release_build(h);
	glossa_buf_dispose(&h->view);
	free(h->pc);
	free(h);
}

const char *glossa_html__text(const glossa_html *h, size_t *len)
{
	*len = h->view.size;
	return h->view.ptr;
}

/* ---- from the view back to the source ---- */

/* The piece holding view byte p (a span starting there); npc if none. */
static size_t piece_at(const glossa_html *h, size_t p)
{
	size_t lo = 0, hi = h->npc;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (h->pc[mid].v <= p)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0 || p >= h->pc[lo - 1].v + h->pc[lo - 1].vl)
		return h->npc;
	return lo - 1;
}

/* The piece a span ending at view byte p ends in; npc if none. */
static size_t piece_before(const glossa_html *h, size_t p)
{
	return p == 0 ? h->npc : piece_at(h, p - 1);
}

static bool text_kind(uint8_t k)
{
	return k == P_TEXT || k == P_REF;
}

bool glossa_html__span(const glossa_html *h, size_t s, size_t e,
	size_t *ss, size_t *se)
{
	size_t a = piece_at(h, s), b = piece_before(h, e), p;
	const hpiece *pa, *pb;

	if (s >= e || a >= h->npc || b >= h->npc)
		return false;
	pa = &h->pc[a];
	pb = &h->pc[b];
	if (!text_kind(pa->kind) || !text_kind(pb->kind) || pa->run != pb->run)
		return false;
	/* Never a part of a reference. */
	if ((pa->kind == P_REF && s != pa->v) ||
	    (pb->kind == P_REF && e != pb->v + pb->vl))
		return false;
	*ss = pa->kind == P_REF ? pa->s : pa->s + (s - pa->v);
	*se = pb->kind == P_REF ? pb->s + pb->sl : pb->s + (e - pb->v);
	/* Right after an '&' or a '<' that is text, a replacement could
	 * make a reference or a tag of it ("&" then "not...", "<" or "</"
	 * then a Latin letter where the text had a Cyrillic one): never
	 * changed. */
	if (*ss > 0 && (h->src[*ss - 1] == '&' || ref_char(h->src[*ss - 1])))
		return false;  /* (a letter: the end of "&not" without ';') */
	p = *ss;
	if (p > 0 && (h->src[p - 1] == '/' || h->src[p - 1] == '!' ||
		      h->src[p - 1] == '?'))
		p--;
	return p == 0 || h->src[p - 1] != '<';
}

void glossa_html__span_loose(const glossa_html *h, size_t len, size_t *s,
	size_t *e)
{
	size_t a = piece_at(h, *s), b = piece_before(h, *e);
	size_t ss = len, se = 0;

	if (a < h->npc) {
		const hpiece *p = &h->pc[a];

		ss = p->kind == P_REF ? p->s : p->kind == P_SEP ? p->s + p->sl :
			p->s + (*s - p->v);
	}
	if (b < h->npc) {
		const hpiece *p = &h->pc[b];

		se = p->kind == P_REF ? p->s + p->sl : p->kind == P_SEP ? p->s :
			p->s + (*e - p->v);
	}
	if (se < ss)
		se = ss;
	*s = ss;
	*e = se;
}

size_t glossa_html__to_view(const glossa_html *h, size_t pos, bool end)
{
	size_t lo = 0, hi = h->npc;
	const hpiece *p;

	/* The last piece starting at or before pos in the source (pieces
	 * are in source order too). */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (h->pc[mid].s <= pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return 0;
	p = &h->pc[lo - 1];
	if (pos >= p->s + p->sl)
		return p->v + p->vl;
	if (p->kind == P_TEXT || p->kind == P_COPY)
		return p->v + (pos - p->s);
	return end && pos > p->s ? p->v + p->vl : p->v;
}

int glossa_html__comments(const glossa_html *h, glossa_buf *out)
{
	size_t k, i, at = 0;

	glossa_buf_clear(out);
	if (glossa_buf_grow(out, h->len + 1) < 0)
		return GLOSSA_ERROR;
	for (k = 0; k <= h->npc; k++) {
		size_t to = k < h->npc ? h->pc[k].s : h->len;

		if (k < h->npc && h->pc[k].kind != P_COPY)
			continue;
		for (i = at; i < to; i++)
			out->ptr[i] = h->src[i] == '\n' ? '\n' : ' ';
		if (k < h->npc) {
			memcpy(out->ptr + to, h->src + to, h->pc[k].sl);
			at = to + h->pc[k].sl;
		}
	}
	out->size = h->len;
	out->ptr[h->len] = '\0';
	return 0;
}

/* How the span wrote a character that is not a letter or digit: as
 * itself or as a reference. */
typedef struct {
	uint32_t cp;
	const char *sp;  /* the source's bytes */
	size_t n;
} spelling;

#define MAX_SPELLINGS 32

int glossa_html__encode(const glossa_html *h, glossa_buf *out,
	const char *r, size_t rl, size_t s, size_t e)
{
	const char *src = h->src;
	spelling sp[MAX_SPELLINGS];
	size_t nsp = 0, k, i, n;
	const uint8_t *u = (const uint8_t *)r;

	/* The span's joiners and marks, in order, as the source has them. */
	for (k = piece_at(h, s); k < h->npc && h->pc[k].v < e &&
	     nsp < MAX_SPELLINGS; k++) {
		const hpiece *p = &h->pc[k];
		const uint8_t *v = (const uint8_t *)h->view.ptr;
		size_t a = p->v > s ? p->v : s;
		size_t b = p->v + p->vl < e ? p->v + p->vl : e;

		if (p->kind == P_REF) {
			uint32_t cp = dec(v, p->v, &n);

			if (n == p->vl && !u_isalnum((UChar32)cp)) {
				sp[nsp].cp = cp;
				sp[nsp].sp = src + p->s;
				sp[nsp++].n = p->sl;
			}
			continue;
		}
		if (p->kind != P_TEXT)
			continue;
		for (i = a; i < b && nsp < MAX_SPELLINGS; i += n) {
			uint32_t cp = dec(v, i, &n);

			if (!u_isalnum((UChar32)cp)) {
				sp[nsp].cp = cp;
				sp[nsp].sp = src + p->s + (i - p->v);
				sp[nsp++].n = n;
			}
		}
	}
	for (i = 0; i < rl; i += n) {
		uint32_t cp = dec(u, i, &n);
		const spelling *use = NULL;

		if (!u_isalnum((UChar32)cp)) {
			/* The k-th of it in the replacement is written as
			 * the span wrote its k-th (or its last). */
			size_t seen = 0, j, m;

			for (j = 0; j < i; j += m)
				seen += dec(u, j, &m) == cp;
			for (j = 0; j < nsp; j++)
				if (sp[j].cp == cp) {
					use = &sp[j];
					if (seen-- == 0)
						break;
				}
		}
		if (use && use->n > 1 && use->sp[0] == '&' &&
		    use->sp[use->n - 1] == ';') {
			if (glossa_buf_put(out, use->sp, use->n) < 0)
				return GLOSSA_ERROR;
			continue;
		}
		switch (cp) {
		case '&':
			if (glossa_buf_puts(out, "&amp;") < 0)
				return GLOSSA_ERROR;
			break;
		case '<':
			if (glossa_buf_puts(out, "&lt;") < 0)
				return GLOSSA_ERROR;
			break;
		case '>':
			if (glossa_buf_puts(out, "&gt;") < 0)
				return GLOSSA_ERROR;
			break;
		default:
			if (glossa_buf_put(out, r + i, n) < 0)
				return GLOSSA_ERROR;
		}
	}
	if (out->ptr == NULL && glossa_buf_put(out, "", 0) < 0)
		return GLOSSA_ERROR;
	return 0;
}

int glossa_html__prose(glossa_range **out, size_t *n, const char *text,
	size_t len)
{
	glossa_html *h = NULL;
	glossa_range *r = NULL;
	size_t nr = 0, ar = 0, k;
	int error;

	*out = NULL;
	*n = 0;
	if ((error = glossa_html__new(&h, text, len, NULL)) < 0)
		return error;
	for (k = 0; k < h->npc; k++) {
		const hpiece *p = &h->pc[k];

		if (!text_kind(p->kind))
			continue;
		if (nr > 0 && k > 0 && h->pc[k - 1].run == p->run &&
		    r[nr - 1].end == p->s) {
			r[nr - 1].end = p->s + p->sl;
			continue;
		}
		if (glossa__grow((void **)&r, &ar, nr + 1, sizeof(*r)) < 0) {
			glossa_html__free(h);
			free(r);
			return GLOSSA_ERROR;
		}
		r[nr].start = p->s;
		r[nr++].end = p->s + p->sl;
	}
	glossa_html__free(h);
	*out = r;
	*n = nr;
	return 0;
}
