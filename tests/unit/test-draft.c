/*
 * Unit tests for the draft layer (core/draft.c): one message for what is
 * not a draft, the prose, line and column with a BOM, sentence starts.
 * fix and check each test the same answers through their own API
 * (tests/fix/test-match.c, tests/check/test-check.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "draft.h"
#include "harness.h"

static void test_validate(void)
{
	const char bad[] = "fine\nbad \xFF here";
	const char nul[] = "a\nb\0c";

	is_int(glossa_draft__validate("", 0, NULL), 0, "empty is a draft");
	is_int(glossa_draft__validate("Лавров", strlen("Лавров"), "x"), 0,
		"UTF-8 is a draft");
	is_int(glossa_draft__validate(bad, sizeof(bad) - 1, "d.txt"),
		GLOSSA_EINVALID, "bad UTF-8 is refused");
	is_str(glossa_error_last()->message, "d.txt:2: invalid UTF-8 at byte 9",
		"in the text layer's words");
	is_int(glossa_draft__validate(nul, sizeof(nul) - 1, "x.bin"),
		GLOSSA_EINVALID, "a NUL byte is refused");
	is_str(glossa_error_last()->message,
		"x.bin:2: a binary file, not text (NUL byte at offset 3)",
		"as a binary file");
	is_int(glossa_draft__validate(nul, sizeof(nul) - 1, NULL),
		GLOSSA_EINVALID, "without a source name too");
	is_str(glossa_error_last()->message,
		"<text>:2: a binary file, not text (NUL byte at offset 3)",
		"named <text>");
}

static void test_prose(void)
{
	const char *t = "\xEF\xBB\xBFOne <!-- x --> two";
	glossa_range *r = NULL;
	size_t n = 0;

	is_int((int)glossa_draft__bom(t, strlen(t)), 3, "a BOM is 3 bytes");
	is_int((int)glossa_draft__bom("abc", 3), 0, "no BOM");
	ok(glossa_draft__prose(&r, &n, t, strlen(t), GLOSSA_TEXT_PLAIN) == 0 &&
		n == 2, "plain: two ranges around the comment (%zu)", n);
	if (n == 2) {
		is_int((int)r[0].start, 3, "after the BOM");
		is_int((int)r[1].start, 17, "after the comment");
		is_int((int)r[1].end, (int)strlen(t), "to the end");
	}
	free(r);
	r = NULL;
	t = "\xEF\xBB\xBF---\ntitle: Kiev\n---\nKiev\n";
	ok(glossa_draft__prose(&r, &n, t, strlen(t), GLOSSA_TEXT_MARKDOWN) ==
		0 && n >= 1 && r[0].start >= 22,
		"Markdown: front matter after a BOM is not prose");
	free(r);
}

static void test_positions(void)
{
	const char *t = "\xEF\xBB\xBF" "Asad\nÉté Asad";
	glossa_draft_pos p;

	glossa_draft__pos_init(&p, t, strlen(t));
	glossa_draft__pos_advance(&p, t, 3);
	ok(p.line == 1 && p.col == 1, "after a BOM: line 1, column 1 (%u:%u)",
		p.line, p.col);
	is_int((int)p.chr, 1, "though the BOM is a code point of the file");
	glossa_draft__pos_advance(&p, t, 14);
	ok(p.line == 2 && p.col == 5, "next line, columns in characters "
		"(%u:%u)", p.line, p.col);
	glossa_draft__pos_init(&p, t, strlen(t));
	glossa_draft__pos_advance(&p, t, 0);
	ok(p.line == 1 && p.col == 1, "at the BOM itself: 1:1");
	glossa_draft__pos_init(&p, "ab", 2);
	glossa_draft__pos_advance(&p, "ab", 1);
	is_int((int)p.col, 2, "no BOM: column 2 for the second character");
}

static glossa_sentence at(const char *t, const char *word)
{
	return glossa_draft__sentence(t, (size_t)(strstr(t, word) - t));
}

static void test_sentence(void)
{
	is_int(at("Assad", "Assad"), GLOSSA_SENTENCE_YES, "the top");
	is_int(at("\xEF\xBB\xBF" "Assad", "Assad"), GLOSSA_SENTENCE_YES,
		"the top, after a BOM");
	is_int(at("He left. Assad", "Assad"), GLOSSA_SENTENCE_YES, "after '.'");
	is_int(at("Why? \"Assad", "Assad"), GLOSSA_SENTENCE_YES,
		"after '?' and an opening quote");
	is_int(at("He left.\xE2\x80\x9D Assad", "Assad"), GLOSSA_SENTENCE_YES,
		"after a closing curly quote");
	is_int(at("(He left.) Assad", "Assad"), GLOSSA_SENTENCE_YES,
		"after a closing bracket");
	is_int(at("met with Assad", "Assad"), GLOSSA_SENTENCE_NO,
		"mid-sentence");
	is_int(at("\xD0\xBC\xD0\xB8\xD1\x80 Assad", "Assad"),
		GLOSSA_SENTENCE_NO, "after a Cyrillic word: mid-sentence");
	is_int(at("He said: Assad", "Assad"), GLOSSA_SENTENCE_MAY,
		"after ':' the writer decides");
	is_int(at("He paused\xE2\x80\xA6 Assad", "Assad"), GLOSSA_SENTENCE_MAY,
		"after '\xE2\x80\xA6' the writer decides");
	is_int(at("He paused... Assad", "Assad"), GLOSSA_SENTENCE_MAY,
		"so after '...'");
	is_int(at("One\n\nAssad", "Assad"), GLOSSA_SENTENCE_YES,
		"a new paragraph");
	is_int(at("He said\nAssad", "Assad"), GLOSSA_SENTENCE_NO,
		"a wrapped line");
	is_int(at("# Title\nAssad", "Assad"), GLOSSA_SENTENCE_YES,
		"the line after a heading");
	is_int(at("He left. <!-- glossa-disable --> Assad", "Assad"),
		GLOSSA_SENTENCE_YES, "past an HTML comment");
}

int main(void)
{
	test_validate();
	test_prose();
	test_positions();
	test_sentence();
	return done_testing();
}
