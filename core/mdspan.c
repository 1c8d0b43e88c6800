/*
** The prose of a Markdown document, shared by glossa fix and glossa check.
**
** md4c reports text that points into the source buffer; only normal text
** counts: never code spans, code blocks, raw HTML, entities, or an
** autolink's text (it is its own destination). Ranges are byte offsets
** into the original text, in document order; ranges split only by white
** space (a soft line break) are joined, so a name wrapped over two lines
** is one name.
**
** Never prose either, in every dialect (.md, .markdown, .qmd, .Rmd, .mdx):
** front matter at the very top (YAML between "---" lines, TOML between
** "+++" lines) and pandoc/Quarto fenced-div lines (":::"). R Markdown and
** Quarto code chunks (```{r} ... ```, inline `r x`) are code to md4c.
** In MDX, also ESM blocks (a block that starts "import " or "export ")
** and {expressions}; JSX tags are raw HTML to md4c.
*/
#include <stdlib.h>
#include <string.h>
#include <md4c.h>
#include "internal.h"

typedef struct {
	glossa_range *r;
	size_t n, a;
	const char *text;
	size_t base, len;
	int code;          /* inside inline code */
	int link_skip;     /* inside an autolink */
	char *href;        /* of the open link: a copy, since md4c's is
	                    * valid only during the enter_span callback */
	size_t hreflen;
	int error;
} ranges;

bool glossa_range__overlaps(const glossa_range *r, size_t n, size_t s,
	size_t e)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r[mid].end <= s)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && r[lo].start < e;
}

int glossa_range__add(glossa_range **r, size_t *n, size_t *a,
	const char *text, size_t s, size_t e)
{
	if (*n > 0) {
		glossa_range *last = &(*r)[*n - 1];
		size_t k;

		/* Join ranges split only by white space (a soft line break),
		 * so a name wrapped over two lines is still one name. */
		if (s >= last->end) {
			for (k = last->end; k < s; k++)
				if (!strchr(" \t\r\n", text[k]))
					break;
			if (k == s) {
				last->end = e;
				return 0;
			}
		}
	}
	if (glossa__grow((void **)r, a, *n + 1, sizeof(glossa_range)) < 0)
		return GLOSSA_ERROR;
	(*r)[*n].start = s;
	(*r)[(*n)++].end = e;
	return 0;
}

static int md_enter_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
	GLOSSA_UNUSED(type);
	GLOSSA_UNUSED(detail);
	GLOSSA_UNUSED(ud);
	return 0;
}

static int md_enter_span(MD_SPANTYPE type, void *detail, void *ud)
{
	ranges *rs = ud;

	if (type == MD_SPAN_CODE)
		rs->code++;
	if (type == MD_SPAN_A) {
		const MD_SPAN_A_DETAIL *d = detail;

		free(rs->href);
		rs->hreflen = 0;
		if ((rs->href = glossa__strndup(d->href.text ? d->href.text :
				"", d->href.size)) == NULL) {
			rs->error = GLOSSA_ERROR;
			return -1;
		}
		rs->hreflen = d->href.size;
		rs->link_skip = 0;
	}
	return 0;
}

static int md_leave_span(MD_SPANTYPE type, void *detail, void *ud)
{
	ranges *rs = ud;

	GLOSSA_UNUSED(detail);
	if (type == MD_SPAN_CODE && rs->code > 0)
		rs->code--;
	if (type == MD_SPAN_A) {
		free(rs->href);
		rs->href = NULL;
		rs->hreflen = 0;
		rs->link_skip = 0;
	}
	return 0;
}

/* An autolink's text is its destination, perhaps without the scheme
 * md4c added ("mailto:", "http://" for www. links). */
static bool is_autolink(const char *href, size_t hlen, const char *text,
	size_t size)
{
	static const char *const pre[] = { "", "mailto:", "http://", NULL };
	int i;

	for (i = 0; pre[i]; i++) {
		size_t pl = strlen(pre[i]);

		if (hlen == pl + size && memcmp(href, pre[i], pl) == 0 &&
		    memcmp(href + pl, text, size) == 0)
			return true;
	}
	return false;
}

static int md_text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size,
	void *ud)
{
	ranges *rs = ud;
	size_t off;

	if (type != MD_TEXT_NORMAL || rs->code || size == 0)
		return 0;
	/* Only text that points into the draft: never a copy md4c made. */
	if (text < rs->text + rs->base || text + size > rs->text + rs->len)
		return 0;
	/* An autolink's text is its destination ("<https://...>", a bare
	 * URL): leave it. Link text of [text](url) is fair game. */
	if (rs->href && (rs->link_skip || is_autolink(rs->href, rs->hreflen,
			text, size))) {
		rs->link_skip = 1;
		return 0;
	}
	off = (size_t)(text - rs->text);
	if ((rs->error = glossa_range__add(&rs->r, &rs->n, &rs->a,
			rs->text, off, off + size)) < 0)
		return -1;
	return 0;
}

#define MD_PAD 16  /* NUL bytes after md4c's copy of the text */

static int cmp_range(const void *a, const void *b)
{
	const glossa_range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static int markdown_ranges(ranges *rs)
{
	MD_PARSER parser;
	int rc;

	memset(&parser, 0, sizeof(parser));
	parser.abi_version = 0;
	parser.flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH |
		MD_FLAG_PERMISSIVEAUTOLINKS;
	parser.enter_block = md_enter_block;
	parser.leave_block = md_enter_block;
	parser.enter_span = md_enter_span;
	parser.leave_span = md_leave_span;
	parser.text = md_text;
	if (rs->len - rs->base > UINT32_MAX)
		return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_EINVALID, "Markdown text too long");
	rc = md_parse(rs->text + rs->base, (MD_SIZE)(rs->len - rs->base),
		&parser, rs);
	free(rs->href);  /* a link left open when md4c stopped */
	rs->href = NULL;
	if (rs->error < 0)
		return rs->error;
	if (rc != 0)
		return glossa_error__set(GLOSSA_ERRCLASS_PARSE, GLOSSA_ERROR,
			"cannot parse the Markdown");
	/* Document order, whatever order md4c reported in. */
	if (rs->n > 1)
		qsort(rs->r, rs->n, sizeof(glossa_range), cmp_range);
	return 0;
}

/* The end of the line at i (after its "\n"). */
static size_t eol(const char *t, size_t len, size_t i)
{
	const char *nl = memchr(t + i, '\n', len - i);

	return nl ? (size_t)(nl - t) + 1 : len;
}

/* Is t[i, e) (a line, its "\n" included) `fence` alone, but for
 * trailing blanks? */
static bool fence_line(const char *t, size_t i, size_t e, const char *fence)
{
	size_t fl = strlen(fence);

	if (e - i < fl || memcmp(t + i, fence, fl) != 0)
		return false;
	for (i += fl; i < e; i++)
		if (!strchr(" \t\r\n", t[i]))
			return false;
	return true;
}

/* Where the front matter that opens t[base, len) ends (base if none):
 * a "---" (YAML) or "+++" (TOML) line, and the same line closing it
 * (YAML may close with "..."). */
static size_t front_matter(const char *t, size_t base, size_t len)
{
	size_t i = base, e;
	const char *fence;

	if (len - i >= 3 && memcmp(t + i, "\xEF\xBB\xBF", 3) == 0)
		i += 3;
	e = eol(t, len, i);
	if (fence_line(t, i, e, "---"))
		fence = "---";
	else if (fence_line(t, i, e, "+++"))
		fence = "+++";
	else
		return base;
	for (i = e; i < len; i = e) {
		e = eol(t, len, i);
		if (fence_line(t, i, e, fence) ||
		    (fence[0] == '-' && fence_line(t, i, e, "...")))
			return e;
	}
	return base;
}

static bool blank_line(const char *t, size_t i, size_t e)
{
	for (; i < e; i++)
		if (!strchr(" \t\r\n", t[i]))
			return false;
	return true;
}

/* The spans no dialect reads as prose, in order: fenced-div lines and,
 * in MDX, ESM blocks. One pass over the lines. */
static int dead_lines(glossa_range **d, size_t *nd, size_t *ad,
	const char *t, size_t base, size_t len, bool mdx)
{
	size_t i, e;
	bool block_start = true, esm = false;

	for (i = base; i < len; i = e) {
		e = eol(t, len, i);
		if (blank_line(t, i, e)) {
			block_start = true;
			esm = false;
			continue;
		}
		if (mdx && block_start && e - i > 7 &&
		    (memcmp(t + i, "import ", 7) == 0 ||
		     memcmp(t + i, "export ", 7) == 0))
			esm = true;
		block_start = false;
		if ((esm || (e - i >= 3 && memcmp(t + i, ":::", 3) == 0)) &&
		    glossa_range__add(d, nd, ad, t, i, e) < 0)
			return GLOSSA_ERROR;
	}
	return 0;
}

/* MDX {expressions} that start in the prose r[0, n): outermost braces,
 * nested ones counted; one left open at a blank line is none. */
static int mdx_expressions(glossa_range **d, size_t *nd, size_t *ad,
	const char *t, size_t len, const glossa_range *r, size_t n)
{
	size_t k, i = 0;

	for (k = 0; k < n; k++) {
		const char *b;

		if (i < r[k].start)
			i = r[k].start;
		while (i < r[k].end &&
		       (b = memchr(t + i, '{', r[k].end - i)) != NULL) {
			size_t o = (size_t)(b - t), depth = 0;

			for (i = o; i < len; i++) {
				if (t[i] == '{')
					depth++;
				else if (t[i] == '}' && --depth == 0)
					break;
				else if (t[i] == '\n' &&
					 blank_line(t, i + 1, eol(t, len, i + 1)))
					break;
			}
			if (i < len && t[i] == '}') {
				if (glossa__grow((void **)d, ad, *nd + 1,
						sizeof(**d)) < 0)
					return GLOSSA_ERROR;
				(*d)[*nd].start = o;
				(*d)[(*nd)++].end = ++i;
			}
		}
	}
	return 0;
}

static int cmp_range(const void *a, const void *b);

/* r minus d (both in order; d's spans do not overlap): in place. */
static int subtract(glossa_range **r, size_t *n, const glossa_range *d,
	size_t nd)
{
	glossa_range *o = NULL;
	size_t no = 0, ao = 0, i, k = 0;

	if (nd == 0)
		return 0;
	for (i = 0; i < *n; i++) {
		size_t s = (*r)[i].start, e = (*r)[i].end;

		while (k < nd && d[k].end <= s)
			k++;
		for (size_t j = k; j < nd && d[j].start < e; j++) {
			if (d[j].start > s) {
				if (glossa__grow((void **)&o, &ao, no + 1,
						sizeof(*o)) < 0)
					goto fail;
				o[no].start = s;
				o[no++].end = d[j].start;
			}
			if (d[j].end > s)
				s = d[j].end;
		}
		if (s < e) {
			if (glossa__grow((void **)&o, &ao, no + 1,
					sizeof(*o)) < 0)
				goto fail;
			o[no].start = s;
			o[no++].end = e;
		}
	}
	free(*r);
	*r = o;
	*n = no;
	return 0;
fail:
	free(o);
	return GLOSSA_ERROR;
}

int glossa_md__prose(glossa_range **out, size_t *n, const char *text,
	size_t base, size_t len, bool mdx)
{
	ranges rs;
	char *copy;
	glossa_range *d = NULL;
	size_t nd = 0, ad = 0;
	int error;

	*out = NULL;
	*n = 0;
	base = front_matter(text, base, len);
	/*
	 * md4c 0.4.8 (Debian 12) reads past the end of its input: in
	 * "[a](b(c" at the very end it looks at the byte after, and takes a
	 * ")" there for the end of the link. So it gets a copy followed by
	 * NUL bytes, never bytes that happen to lie after the caller's text
	 * (or an unmapped page after a mapped file).
	 */
	if (len > SIZE_MAX - MD_PAD ||
	    (copy = glossa__malloc(len + MD_PAD)) == NULL)
		return GLOSSA_ERROR;
	memcpy(copy, text, len);
	memset(copy + len, 0, MD_PAD);
	memset(&rs, 0, sizeof(rs));
	rs.text = copy;
	rs.base = base;
	rs.len = len;
	error = markdown_ranges(&rs);
	free(copy);
	if (error == 0)
		error = dead_lines(&d, &nd, &ad, text, base, len, mdx);
	if (error == 0 && mdx)
		error = mdx_expressions(&d, &nd, &ad, text, len, rs.r, rs.n);
	if (error == 0 && nd > 1)
		qsort(d, nd, sizeof(*d), cmp_range);
	if (error == 0)
		error = subtract(&rs.r, &rs.n, d, nd);
	free(d);
	if (error < 0) {
		free(rs.r);
		return error;
	}
	*out = rs.r;
	*n = rs.n;
	return 0;
}
