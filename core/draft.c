/*
** The draft layer: what a draft is, once, for fix, check and translit.
**
** Before it, each command had its own copy and users saw them disagree:
** one bad file got two wordings from fix and check, a file opening with a
** BOM got column 1 from one and column 2 from the other, and the matcher
** and the check had two sentence-start tests that answered differently
** after ':' and '…'. Each of these is now one function here.
**
** Sentence starts, as a copy editor reads them: after ". ! ?", a blank
** line, a heading or at the top of the draft a sentence starts, whatever
** the next word looks like. After a colon or an ellipsis one may or may
** not: "He said: Assad will stay" and "one name: al-Assad" are both good
** copy, and so are "I don't know… Maybe" and "the talks … resumed". There
** the writer's capital decides (GLOSSA_SENTENCE_MAY), and the consumers
** keep it: fix neither adds nor drops one, check takes a capital there
** for the start of a sentence, not for a new name.
*/
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "draft.h"
#include "uchar.h"

int glossa_draft__validate(const char *text, size_t len, const char *source)
{
	const char *nul;

	if (source == NULL)
		source = "<text>";
	if (len > 0 && text == NULL)
		return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_EINVALID, "%s: no text", source);
	/* A NUL first: a binary file is better named so than by the first
	 * byte that is not UTF-8 in it. */
	if (len > 0 && (nul = memchr(text, '\0', len)) != NULL) {
		size_t at = (size_t)(nul - text);

		return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_EINVALID,
			"%s:%u: a binary file, not text (NUL byte at offset %zu)",
			source, glossa_utf8__line_of(text, at), at);
	}
	return glossa_text_validate(text, len, source);
}

size_t glossa_draft__bom(const char *text, size_t len)
{
	return len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/* memmem for needles starting with a rare byte: memchr is much faster. */
const char *glossa_draft__find(const char *hay, size_t n, const char *needle,
	size_t nl)
{
	const char *p = hay, *end = hay + n;

	while ((size_t)(end - p) >= nl &&
	       (p = memchr(p, needle[0], (size_t)(end - p) - nl + 1)) != NULL) {
		if (memcmp(p + 1, needle + 1, nl - 1) == 0)
			return p;
		p++;
	}
	return NULL;
}

static int add_range(glossa_range **r, size_t *n, size_t *a, size_t s,
	size_t e)
{
	if (s >= e)
		return 0;
	if (glossa__grow((void **)r, a, *n + 1, sizeof(**r)) < 0)
		return GLOSSA_ERROR;
	(*r)[*n].start = s;
	(*r)[(*n)++].end = e;
	return 0;
}

int glossa_draft__prose(glossa_range **out, size_t *n, const char *text,
	size_t len, glossa_text_format format)
{
	glossa_range *r = NULL;
	size_t nr = 0, ar = 0, at;
	const char *c;

	*out = NULL;
	*n = 0;
	if (len == 0)
		return 0;
	at = glossa_draft__bom(text, len);
	if (format == GLOSSA_TEXT_HTML)
		return glossa_html__prose(out, n, text, len);
	if (format != GLOSSA_TEXT_PLAIN)
		return glossa_md__prose(out, n, text, at, len,
			format == GLOSSA_TEXT_MDX);
	/* Plain text: everything but HTML comments (the markers). */
	while ((c = glossa_draft__find(text + at, len - at, "<!--", 4)) != NULL) {
		size_t cs = (size_t)(c - text);
		const char *e = glossa_draft__find(c + 4, len - cs - 4, "-->", 3);
		size_t ce = e ? (size_t)(e - text) + 3 : len;

		if (add_range(&r, &nr, &ar, at, cs) < 0)
			goto fail;
		at = ce;
	}
	if (add_range(&r, &nr, &ar, at, len) < 0)
		goto fail;
	*out = r;
	*n = nr;
	return 0;
fail:
	free(r);
	return GLOSSA_ERROR;
}

/* ---- line and column ---- */

void glossa_draft__pos_init(glossa_draft_pos *p, const char *text,
	size_t len)
{
	memset(p, 0, sizeof(*p));
	p->line = 1;
	p->col = 1;
	p->bom = text ? glossa_draft__bom(text, len) : 0;
}

/* Code points in n bytes of UTF-8: the bytes that are not 10xxxxxx,
 * eight at a time. */
static size_t count_chars(const unsigned char *p, size_t n)
{
	size_t k = 0, i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t v, cont;

		memcpy(&v, p + i, 8);
		cont = v & 0x8080808080808080ULL & ~((v << 1) &
			0x8080808080808080ULL);
		/* One bit per continuation byte, summed by a multiply
		 * (__builtin_popcountll is a libgcc call without -mpopcnt). */
		k += 8 - (size_t)(((cont >> 7) * 0x0101010101010101ULL) >> 56);
	}
	for (; i < n; i++)
		k += (p[i] & 0xC0) != 0x80;
	return k;
}

void glossa_draft__pos_advance(glossa_draft_pos *p, const char *text,
	size_t to)
{
	const unsigned char *t = (const unsigned char *)text;

	/* The BOM is a code point of the file, not a column. */
	if (p->byte < p->bom && to >= p->bom) {
		p->byte = p->bom;
		p->chr++;
	}
	if (p->lines_only) {
		const unsigned char *nl;

		while (p->byte < to && (nl = memchr(t + p->byte, '\n',
				to - p->byte)) != NULL) {
			p->byte = (size_t)(nl - t) + 1;
			p->line++;
			p->col = 1;
		}
		if (p->byte < to) {
			p->col += (unsigned)count_chars(t + p->byte,
				to - p->byte);
			p->byte = to;
		}
		return;
	}
	while (p->byte < to) {
		const unsigned char *nl = memchr(t + p->byte, '\n',
			to - p->byte);
		size_t seg = nl ? (size_t)(nl - (t + p->byte)) : to - p->byte;
		size_t k = count_chars(t + p->byte, seg);

		p->chr += k;
		p->byte += seg;
		if (nl) {
			p->chr++;
			p->byte++;
			p->line++;
			p->col = 1;
		} else {
			p->col += (unsigned)k;
		}
	}
}

/* ---- sentence starts ---- */

/* How far back to look past marks and spaces before giving up. */
#define SENTENCE_LOOK 256

/* Is the line that ends at t[e] (its '\n') a Markdown heading? */
static bool heading_line(const char *t, size_t e)
{
	size_t s = e, k;

	while (s > 0 && t[s - 1] != '\n')
		s--;
	for (k = 0; s < e && t[s] == ' ' && k < 3; k++)
		s++;
	return s < e && t[s] == '#';
}

glossa_sentence glossa_draft__sentence(const char *text, size_t at)
{
	const uint8_t *t = (const uint8_t *)text;
	size_t i = at, steps = 0;
	int newlines = 0;

	while (i > 0) {
		size_t n;
		uint32_t cp;

		if (++steps > SENTENCE_LOOK)
			return GLOSSA_SENTENCE_NO;
		cp = dec_prev(t, i, &n);
		/* An HTML comment ("<!-- glossa-... -->") is not text. */
		if (cp == '>' && i >= 3 && t[i - 2] == '-' && t[i - 3] == '-') {
			size_t k = i - 3;

			while (k >= 4 && i - k < 4096 &&
			       memcmp(t + k - 4, "<!--", 4) != 0)
				k--;
			if (k >= 4 && memcmp(t + k - 4, "<!--", 4) == 0) {
				i = k - 4;
				continue;
			}
		}
		switch (cp) {
		case '\n':
			if (++newlines >= 2)
				return GLOSSA_SENTENCE_YES;  /* a paragraph */
			if (heading_line(text, i - 1))
				return GLOSSA_SENTENCE_YES;
			break;
		/* white space, BOM */
		case ' ': case '\t': case '\r': case 0xA0: case 0x202F:
		case 0x2009: case 0xFEFF:
		/* quotes and brackets, opening and closing */
		case '"': case '\'': case '(': case ')': case '[': case ']':
		case 0x201C: case 0x201D: case 0x2018: case 0x2019:
		case 0x00AB: case 0x00BB: case 0x201E:
		/* dashes, Markdown marks */
		case '-': case 0x2013: case 0x2014: case '*': case '_':
		case '#': case '>': case '+': case '|':
			break;
		case '.':
			/* "..." is an ellipsis, like "…" */
			if (i >= 2 && t[i - 2] == '.')
				return GLOSSA_SENTENCE_MAY;
			return GLOSSA_SENTENCE_YES;
		case '!': case '?':
			return GLOSSA_SENTENCE_YES;
		case ':': case 0x2026:
			return GLOSSA_SENTENCE_MAY;
		default:
			return GLOSSA_SENTENCE_NO;
		}
		i -= n;
	}
	return GLOSSA_SENTENCE_YES;
}
