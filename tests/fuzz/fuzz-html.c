/*
 * Fuzz target: HTML drafts (fix and check, core/htmlspan.c).
 *
 * Arbitrary bytes as an HTML draft against a fixed glossary. A refusal
 * (bad UTF-8, a NUL, another charset, too deep) has a message. Else:
 *   - fix's matches are in order, do not overlap, lie inside the draft;
 *     a FIX span holds no '<' or '>' and lies inside one text node of
 *     the source as gumbo parses it, outside script, style, code, pre,
 *     textarea, template, svg and math;
 *   - fix changes no byte outside those spans; its output is valid UTF-8
 *     and parses to the same tree but for the text of text nodes (the
 *     same elements, attributes, comments and non-prose text);
 *   - fix is idempotent: the output has nothing more to fix;
 *   - check's findings lie inside the draft on character boundaries,
 *     their text is their span, and line and column agree with it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gumbo.h>
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char glossary_tsv[] =
	"assad-bashar\tentry\tperson\tapproved\n"
	"assad-bashar\thouse\tBashar Assad\tLatn\ten\n"
	"assad-bashar\tshort\tAssad\tLatn\ten\n"
	"assad-bashar\talone\tAsad\tLatn\ten\tAssad\n"
	"assad-bashar\tvariant\tBashar al-Asad\tLatn\ten\tBashar Assad\n"
	"assad-bashar\tnative\tАсад\tCyrl\tru\tAssad\n"
	"pg\tentry\torg\tapproved\n"
	"pg\thouse\tProcter & Gamble\tLatn\ten\n"
	"pg\tvariant\tProcter-Gamble\tLatn\ten\tProcter & Gamble\n"
	"kyiv\tentry\tplace\tapproved\n"
	"kyiv\thouse\tKyiv\tLatn\ten\n"
	"kyiv\tvariant\tKiev\tLatn\ten\tKyiv\n"
	"erdogan-recep\tentry\tperson\tapproved\n"
	"erdogan-recep\thouse\tRecep Tayyip Erdoğan\tLatn\ten\n"
	"erdogan-recep\tshort\tErdoğan\tLatn\ten\n";

static void die(const char *what, size_t at)
{
	fprintf(stderr, "property violated: %s (at %zu)\n", what, at);
	abort();
}

/* ---- the tree, as gumbo parses it ---- */

static bool nonprose(const GumboNode *n)
{
	if (n->type == GUMBO_NODE_TEMPLATE)
		return true;
	if (n->type != GUMBO_NODE_ELEMENT)
		return false;
	if (n->v.element.tag_namespace != GUMBO_NAMESPACE_HTML)
		return true;
	switch (n->v.element.tag) {
	case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_CODE:
	case GUMBO_TAG_PRE: case GUMBO_TAG_KBD: case GUMBO_TAG_SAMP:
	case GUMBO_TAG_VAR: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_SVG:
	case GUMBO_TAG_MATH:
		return true;
	default:
		return false;
	}
}

/* The tree but the text of prose text nodes, one line per node; the
 * source ranges of those text nodes in *r. (Recursive: the inputs are
 * short, and the draft layer refuses deep ones.) */
static void signature(glossa_buf *sig, glossa_range **r, size_t *nr,
	size_t *ar, const GumboNode *n, const char *base, bool prose)
{
	const GumboVector *ch = NULL;
	size_t i;

	switch (n->type) {
	case GUMBO_NODE_DOCUMENT:
		ch = &n->v.document.children;
		break;
	case GUMBO_NODE_ELEMENT:
	case GUMBO_NODE_TEMPLATE:
		glossa_buf_printf(sig, "E%d:%d:%s\n", (int)n->v.element.tag,
			(int)n->v.element.tag_namespace,
			n->v.element.tag == GUMBO_TAG_UNKNOWN ?
			"?" : gumbo_normalized_tagname(n->v.element.tag));
		for (i = 0; i < n->v.element.attributes.length; i++) {
			const GumboAttribute *a =
				n->v.element.attributes.data[i];

			glossa_buf_printf(sig, "A%s=%s\n", a->name, a->value);
		}
		ch = &n->v.element.children;
		prose = prose && !nonprose(n);
		break;
	case GUMBO_NODE_TEXT:
	case GUMBO_NODE_WHITESPACE:
		if (prose) {
			glossa_buf_puts(sig, "T\n");
			if (glossa__grow((void **)r, ar, *nr + 1,
					sizeof(**r)) < 0)
				abort();
			(*r)[*nr].start = (size_t)(n->v.text.original_text.data -
				base);
			(*r)[*nr].end = (*r)[*nr].start +
				n->v.text.original_text.length;
			++*nr;
		} else {
			glossa_buf_printf(sig, "t%s\n", n->v.text.text);
		}
		return;
	default:
		glossa_buf_printf(sig, "%d%s\n", (int)n->type, n->v.text.text);
		return;
	}
	glossa_buf_puts(sig, "(\n");
	for (i = 0; ch && i < ch->length; i++)
		signature(sig, r, nr, ar, ch->data[i], base, prose);
	glossa_buf_puts(sig, ")\n");
}

static int range_cmp(const void *a, const void *b)
{
	const glossa_range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* The signature of text[0, len) and its prose text nodes' ranges in
 * source order (the parser may move a node: foster parenting). */
static void parse(glossa_buf *sig, glossa_range **r, size_t *nr,
	const char *text, size_t len)
{
	GumboOutput *g;
	size_t ar = 0, bom = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ?
		3 : 0;

	*nr = 0;
	if ((g = gumbo_parse_with_options(&kGumboDefaultOptions, text + bom,
			len - bom)) == NULL)
		abort();
	signature(sig, r, nr, &ar, g->document, text, true);
	gumbo_destroy_output(&kGumboDefaultOptions, g);
	if (*nr > 1)
		qsort(*r, *nr, sizeof(**r), range_cmp);
}

/* ---- fix ---- */

static void fix_html(const glossa_matcher *m, const char *text, size_t len)
{
	glossa_fix_result *r = NULL, *r2 = NULL;
	glossa_buf out = GLOSSA_BUF_INIT, s1 = GLOSSA_BUF_INIT,
		s2 = GLOSSA_BUF_INIT;
	glossa_range *tn = NULL, *tn2 = NULL;
	const glossa_match *mt;
	size_t n, i, k, at = 0, o = 0, ntn, ntn2, bad;

	if (glossa_fix_text(&r, m, text, len, GLOSSA_TEXT_HTML,
			GLOSSA_FIX_ALL_MATCHES, "fuzz") < 0) {
		if (glossa_error_last()->message[0] == '\0')
			die("an error without a message", 0);
		return;
	}
	parse(&s1, &tn, &ntn, text, len);
	mt = glossa_fix_result_matches(r, &n);
	for (i = 0, k = 0; i < n; i++) {
		if (mt[i].start < at || mt[i].end < mt[i].start ||
		    mt[i].end > len)
			die("matches out of order or outside the draft",
				mt[i].start);
		at = mt[i].end;
		if (mt[i].status != GLOSSA_MATCH_FIX)
			continue;
		if (memchr(text + mt[i].start, '<', mt[i].end - mt[i].start) ||
		    memchr(text + mt[i].start, '>', mt[i].end - mt[i].start) ||
		    strchr(mt[i].new_text, '<') || strchr(mt[i].new_text, '>'))
			die("a change touches markup", mt[i].start);
		for (k = 0; k < ntn && !(tn[k].start <= mt[i].start &&
		     mt[i].end <= tn[k].end); k++)
			;
		if (k == ntn)
			die("a change outside a prose text node", mt[i].start);
	}
	if (glossa_fix_apply(&out, r, text, len) < 0)
		die("the fix does not apply", 0);
	/* Every byte outside the changes is the draft's. */
	at = 0;
	for (i = 0; i < n; i++) {
		size_t nl;

		if (mt[i].status != GLOSSA_MATCH_FIX)
			continue;
		if (memcmp(out.ptr + o, text + at, mt[i].start - at) != 0)
			die("a byte outside the changes changed", at);
		o += mt[i].start - at;
		nl = strlen(mt[i].new_text);
		if (memcmp(out.ptr + o, mt[i].new_text, nl) != 0)
			die("a change is not its new text", mt[i].start);
		o += nl;
		at = mt[i].end;
	}
	if (out.size - o != len - at ||
	    memcmp(out.ptr + o, text + at, len - at) != 0)
		die("a byte after the changes changed", at);
	if (!glossa_utf8__valid(out.ptr ? out.ptr : "", out.size, &bad))
		die("the output is not valid UTF-8", bad);
	parse(&s2, &tn2, &ntn2, out.ptr ? out.ptr : "", out.size);
	if (s1.size != s2.size || memcmp(s1.ptr, s2.ptr, s1.size) != 0)
		die("the output parses to another tree", 0);
	if (glossa_fix_text(&r2, m, out.ptr ? out.ptr : "", out.size,
			GLOSSA_TEXT_HTML, 0, "fuzz") < 0)
		die("the output is refused", 0);
	if (glossa_fix_result_nfixes(r2) != 0)
		die("fix is not idempotent", glossa_fix_result_matches(r2,
			&n)->start);
	glossa_fix_result_free(r);
	glossa_fix_result_free(r2);
	glossa_buf_dispose(&out);
	glossa_buf_dispose(&s1);
	glossa_buf_dispose(&s2);
	free(tn);
	free(tn2);
}

/* ---- check ---- */

static void check_html(glossa_checker *c, const char *text, size_t len)
{
	glossa_report *r = NULL;
	const glossa_finding *f;
	size_t n, i, k, line = 1, col = 1, at = 0;
	size_t bom = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;

	if (glossa_check_text(&r, c, text, len, GLOSSA_TEXT_HTML,
			"fuzz") < 0) {
		if (glossa_error_last()->message[0] == '\0')
			die("an error without a message", 0);
		return;
	}
	f = glossa_report_findings(r, &n);
	for (i = 0; i < n; i++) {
		if (f[i].end < f[i].start || f[i].end > len || f[i].start < at)
			die("a finding outside the draft or out of order",
				f[i].start);
		if ((f[i].start < len &&
		     ((unsigned char)text[f[i].start] & 0xC0) == 0x80) ||
		    (f[i].end < len &&
		     ((unsigned char)text[f[i].end] & 0xC0) == 0x80))
			die("a finding splits a character", f[i].start);
		if (f[i].text == NULL ||
		    strlen(f[i].text) != f[i].end - f[i].start ||
		    memcmp(f[i].text, text + f[i].start, f[i].end - f[i].start))
			die("a finding's text is not its span", f[i].start);
		for (k = at; k < f[i].start; k++) {
			if (text[k] == '\n') {
				line++;
				col = 1;
			} else if (((unsigned char)text[k] & 0xC0) != 0x80 &&
				   k >= bom) {
				col++;
			}
		}
		at = f[i].start;
		if (f[i].line != line || f[i].column != col)
			die("line or column do not match the span", f[i].start);
	}
	glossa_report_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static glossa_matcher *m;
	static glossa_checker *c;
	static unsigned runs;

	if (m == NULL) {
		glossa_doc *doc = NULL;
		glossa_checker_options o = GLOSSA_CHECKER_OPTIONS_INIT;

		o.lang = "fuzz_EN";
		o.dict_path = FUZZ_DICT_DIR;
		if (glossa_rule_settings_new(&o.rules) < 0 ||
		    glossa_rule_settings_set(o.rules, GLOSSA_RULE_SPELLING,
				GLOSSA_SEVERITY_OFF) < 0 ||
		    glossa_doc_parse(&doc, GLOSSA_FORMAT_TSV, glossary_tsv,
				strlen(glossary_tsv), "fuzz-glossary") < 0 ||
		    glossa_matcher_new(&m, doc, NULL) < 0 ||
		    glossa_checker_new(&c, doc, &o) < 0) {
			fprintf(stderr, "%s\n", glossa_error_last()->message);
			abort();
		}
		glossa_doc_free(doc);
		glossa_rule_settings_free(o.rules);
	}
	fix_html(m, (const char *)data, size);
	check_html(c, (const char *)data, size);
	/* The checker learns every word it sees: afresh now and then. */
	if (++runs % 20000 == 0) {
		glossa_checker_free(c);
		glossa_matcher_free(m);
		c = NULL;
		m = NULL;
	}
	return 0;
}
