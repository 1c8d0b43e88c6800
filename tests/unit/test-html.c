/*
 * Unit tests for HTML drafts (core/htmlspan.c): the view fix and check
 * read, character references as gumbo decodes them, spans back to the
 * source, replacements written as HTML, and what is refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "draft.h"
#include "harness.h"

/* The view of `html`, in a static buffer ("" and an error: NULL). */
static const char *view_of(const char *html)
{
	static char buf[4096];
	glossa_html *h = NULL;
	const char *v;
	size_t n;

	if (glossa_html__new(&h, html, strlen(html), "t.html") < 0)
		return NULL;
	v = glossa_html__text(h, &n);
	snprintf(buf, sizeof(buf), "%.*s", (int)n, v);
	glossa_html__free(h);
	return buf;
}

static void test_view(void)
{
	const char *v;

	is_str(view_of("<p>Bashar&nbsp;al-Asad</p>"),
		"\n\nBashar\xC2\xA0" "al-Asad", "&nbsp; is a no-break space");
	is_str(view_of("<b>Erdo&#287;an</b> &amp; Erdo&#x11F;an"),
		"Erdoğan & Erdoğan", "numeric references, &amp;; <b> is nothing");
	is_str(view_of("AT&T &notit; &amp;amp; &ampx &#65x & ; &;"),
		"AT&T ¬it; &amp; &x Ax & ; &;",
		"references read as gumbo reads them (legacy names, no ';')");
	is_str(view_of("&#x1F600;&#128;&#0;"), "😀€\xEF\xBF\xBD",
		"a plane-1 character, windows-1252, U+FFFD for NUL");
	is_str(view_of("&NotEqualTilde;"), "\xE2\x89\x82\xCC\xB8",
		"a name of two code points");
	v = view_of("<p>a <code>Asad</code> b <script>Asad</script>c</p>");
	is_str(v, "\n\na <!----> b <!---->c",
		"code and script: an empty comment, never their text");
	is_str(view_of("one<!-- glossa-disable -->two<!-->three"),
		"one<!-- glossa-disable -->two<!---->three",
		"comments as they are; one plain text would misread, empty");
	is_str(view_of("<li>a</li><li>b<br>c</li>"), "\n\na\n\nb\n\nc",
		"<li> and <br>: blank lines (sentence starts)");
	is_str(view_of("<p title=\"Asad\">x</p><img alt=\"Asad\">y"),
		"\n\nx\n\ny", "attributes are never in the view");
	is_str(view_of("<svg><text>Asad</text></svg><math><mi>x</mi></math>"
			"<template>Asad</template><textarea>Asad</textarea>x"),
		"\n\n<!---->x", "svg, math, template, textarea: not prose "
		"(and what stands between two texts is one separator)");
	is_str(view_of("a\r\nb&amp;\rc"), "a\r\nb&\rc",
		"CR LF and CR as they are (gumbo's LF is only compared)");
	is_str(view_of("<p>Asad said</span> that</p>"),
		"\n\nAsad said that", "a stray end tag inside a text node");
	is_str(view_of("\xEF\xBB\xBF<p>x</p>"), "\n\nx", "after a BOM");
	is_str(view_of(""), "", "an empty draft");
}

static void test_spans(void)
{
	const char *src = "<p>Bashar&nbsp;al-Asad and <b>Bashar</b> al-Asad "
		"&NotEqualTilde;</p>";
	glossa_html *h = NULL;
	const char *v, *at;
	size_t n, s, e;

	if (glossa_html__new(&h, src, strlen(src), "t.html") < 0) {
		ok(0, "the view");
		return;
	}
	v = glossa_html__text(h, &n);
	ok(glossa_html__span(h, 2, 2 + strlen("Bashar\xC2\xA0" "al-Asad"),
		&s, &e) && s == 3 && e == 3 + strlen("Bashar&nbsp;al-Asad"),
		"a name with a reference: its whole source span (%zu, %zu)", s, e);
	ok(!glossa_html__span(h, 2, 2 + strlen("Bashar\xC2"), &s, &e),
		"a span ending inside a reference is not one");
	at = strstr(v, "Bashar al-Asad");
	ok(at && !glossa_html__span(h, (size_t)(at - v),
		(size_t)(at - v) + 14, &s, &e),
		"a span across <b>...</b> is not one run of text");
	ok(at && glossa_html__span(h, (size_t)(at - v) + 7,
		(size_t)(at - v) + 14, &s, &e) &&
		memcmp(src + s, "al-Asad", 7) == 0 && e == s + 7,
		"its part after the tag is");
	at = strstr(v, "\xE2\x89\x82");
	ok(at && !glossa_html__span(h, (size_t)(at - v), (size_t)(at - v) + 3,
		&s, &e), "half of a reference of two code points is not one");
	s = at ? (size_t)(at - v) : 0;
	e = s + 3;
	glossa_html__span_loose(h, strlen(src), &s, &e);
	ok(memcmp(src + s, "&NotEqualTilde;", 15) == 0 && e == s + 15,
		"for a report it is the whole reference");
	s = 0;
	e = 2;
	glossa_html__span_loose(h, strlen(src), &s, &e);
	ok(s == e, "a span of markup only is empty in the source");
	glossa_html__free(h);
	src = "AT&Kiev; &Kiev Kiev";
	if (glossa_html__new(&h, src, strlen(src), "t.html") < 0) {
		ok(0, "the view");
		return;
	}
	v = glossa_html__text(h, &n);
	ok(!glossa_html__span(h, 3, 7, &s, &e), "a span right after a literal "
		"'&' is never changed (\"&K...\" could become a reference)");
	ok(glossa_html__span(h, 15, 19, &s, &e) && s == 15,
		"one after a space is");
	glossa_html__free(h);
	src = "<Асад < Асад";
	if (glossa_html__new(&h, src, strlen(src), "t.html") < 0) {
		ok(0, "the view");
		return;
	}
	ok(!glossa_html__span(h, 1, 9, &s, &e),
		"nor right after '<' (\"<Assad\" would be a tag)");
	ok(glossa_html__span(h, 12, 20, &s, &e) && s == 12,
		"after \"< \" it is");
	glossa_html__free(h);
	src = "&notAsad &not;Asad";
	if (glossa_html__new(&h, src, strlen(src), "t.html") < 0) {
		ok(0, "the view");
		return;
	}
	v = glossa_html__text(h, &n);
	ok(!glossa_html__span(h, 2, 6, &s, &e), "nor right after a reference "
		"without ';' (\"&not\" and a name could read as a longer one)");
	ok(glossa_html__span(h, 9, 13, &s, &e) && s == 14, "after one with "
		"';' it is (%zu)", s);
	glossa_html__free(h);
}

/* The replacement `r` of the view's first `name`, as HTML. */
static const char *encoded(const char *src, const char *name, const char *r)
{
	static char out[256];
	glossa_html *h = NULL;
	glossa_buf b = GLOSSA_BUF_INIT;
	const char *v, *at;
	size_t n;

	if (glossa_html__new(&h, src, strlen(src), "t.html") < 0)
		return NULL;
	v = glossa_html__text(h, &n);
	at = strstr(v, name);
	if (at == NULL || glossa_html__encode(h, &b, r, strlen(r),
			(size_t)(at - v), (size_t)(at - v) + strlen(name)) < 0) {
		glossa_html__free(h);
		glossa_buf_dispose(&b);
		return NULL;
	}
	snprintf(out, sizeof(out), "%s", b.ptr);
	glossa_html__free(h);
	glossa_buf_dispose(&b);
	return out;
}

static void test_encode(void)
{
	is_str(encoded("Bashar&nbsp;al-Asad", "Bashar\xC2\xA0" "al-Asad",
			"Bashar\xC2\xA0" "Assad"), "Bashar&nbsp;Assad",
		"the writer's &nbsp; stays &nbsp;");
	is_str(encoded("Bashar&#160;al-Asad", "Bashar\xC2\xA0" "al-Asad",
			"Bashar\xC2\xA0" "Assad"), "Bashar&#160;Assad",
		"and &#160; stays &#160;");
	is_str(encoded("Bashar\xC2\xA0" "al-Asad", "Bashar", "Bashar\xC2\xA0"
			"Assad"), "Bashar\xC2\xA0" "Assad",
		"a raw no-break space stays raw");
	is_str(encoded("A&nbsp;B\xC2\xA0" "C", "A\xC2\xA0" "B\xC2\xA0" "C",
			"X\xC2\xA0Y\xC2\xA0Z"
			"\xC2\xA0W"), "X&nbsp;Y\xC2\xA0Z\xC2\xA0W",
		"the k-th as the span's k-th, then as its last");
	is_str(encoded("Asad&rsquo;s", "Asad\xE2\x80\x99s", "Assad\xE2\x80\x99s"),
		"Assad&rsquo;s", "an apostrophe as the writer wrote it");
	is_str(encoded("Procter-Gamble", "Procter", "Procter & <Gamble>"),
		"Procter &amp; &lt;Gamble&gt;", "& < > escaped");
	is_str(encoded("Erdo&#287;an", "Erdo", "Erdoğan"), "Erdoğan",
		"letters are written as themselves");
}

static void test_refused(void)
{
	char *deep;
	size_t i;
	glossa_html *h = NULL;

	ok(view_of("<meta charset=\"windows-1252\"><p>x</p>") == NULL,
		"a <meta charset> other than UTF-8 is refused");
	is_str(glossa_error_last()->message,
		"t.html:1: the HTML declares its encoding as \"windows-1252\" "
		"(<meta>); glossa reads UTF-8 only: convert the file to UTF-8",
		"  in one line naming the file and the line");
	ok(view_of("\n<meta http-equiv=Content-Type content='text/html; "
		"charset = \"koi8-r\"'>") == NULL &&
		strstr(glossa_error_last()->message, "t.html:2: ") &&
		strstr(glossa_error_last()->message, "\"koi8-r\""),
		"  and in <meta http-equiv=Content-Type>");
	ok(view_of("<meta charset=' UTF8 '><meta http-equiv=content-type "
		"content='text/html;charset=utf-8'>x") != NULL,
		"UTF-8 by any of its labels is fine");
	ok(view_of("<p>&lt;meta charset=latin1&gt;</p>") != NULL,
		"a <meta> written in the text is text");
	if ((deep = malloc(5 * 600 + 1)) == NULL)
		return;
	for (i = 0; i < 600; i++)
		memcpy(deep + 5 * i, "<div>", 5);
	deep[5 * 600] = '\0';
	ok(glossa_html__new(&h, deep, strlen(deep), "d.html") ==
		GLOSSA_EINVALID, "600 nested elements are refused");
	is_str(glossa_error_last()->message, "d.html:1: elements nested more "
		"than 512 deep; glossa does not read such HTML", "  saying so");
	for (i = 0; i < 600; i++)
		memcpy(deep + 5 * i, "<li>x", 5);
	ok(glossa_html__new(&h, deep, strlen(deep), "d.html") == 0,
		"600 <li> without end tags do not nest");
	glossa_html__free(h);
	h = NULL;
	for (i = 0; i < 600; i++)
		memcpy(deep + 5 * i, i % 2 ? "<p>x " : "<b a>", 5);
	ok(glossa_html__new(&h, deep, strlen(deep), "d.html") == 0,
		"300 <b> left open across paragraphs are 300 deep: read");
	glossa_html__free(h);
	h = NULL;
	for (i = 0; i < 600; i++)
		memcpy(deep + 5 * i, "<b a>", 5);
	ok(glossa_html__new(&h, deep, strlen(deep), "d.html") ==
		GLOSSA_EINVALID, "600 are refused (the parser makes each "
		"paragraph reopen them all)");
	for (i = 0; i < 600; i++)
		memcpy(deep + 5 * i, i % 2 ? "<body" : " a b>", 5);
	memcpy(deep, "<p x>", 5);
	ok(glossa_html__new(&h, deep, strlen(deep), "d.html") ==
		GLOSSA_EINVALID, "600 attributes on repeated <body> tags are "
		"refused");
	is_str(glossa_error_last()->message, "d.html:1: <html> and <body> "
		"tags with more than 256 attributes in all; glossa does not read "
		"such HTML", "  saying so");
	free(deep);
}

static void test_prose(void)
{
	const char *t = "<p>One &amp; <b>two</b></p><script>x</script>three";
	glossa_range *r = NULL;
	size_t n = 0;

	ok(glossa_draft__prose(&r, &n, t, strlen(t), GLOSSA_TEXT_HTML) == 0 &&
		n == 3, "HTML prose: three text nodes (%zu)", n);
	if (n == 3) {
		ok(r[0].start == 3 && r[0].end == 13, "the first, its "
			"reference included (%zu, %zu)", r[0].start, r[0].end);
		ok(memcmp(t + r[1].start, "two", 3) == 0 &&
			r[1].end == r[1].start + 3, "the one in <b>");
		ok(strcmp(t + r[2].start, "three") == 0, "after the script");
	}
	free(r);
}

int main(void)
{
	test_view();
	test_spans();
	test_encode();
	test_refused();
	test_prose();
	return done_testing();
}
