/*
 * The text layer: validation with byte offsets and lines, NFC and keys,
 * ICU word and sentence segmentation with byte offsets, token scripts.
 */
#include <stdlib.h>
#include <string.h>
#include <glossa.h>
#include "../harness.h"

static char joined[4096];

/* "kind:script:text|..." for every token of `s`. */
static const char *toks(const char *s, glossa_segment_unit unit)
{
	static const char *kinds[] = { "W", "N", "S", "P", "Sent" };
	glossa_token *t = NULL;
	size_t n = 0, i;

	joined[0] = '\0';
	if (glossa_text_segment(&t, &n, s, strlen(s), unit) < 0)
		return glossa_error_last()->message;
	for (i = 0; i < n; i++) {
		size_t l = strlen(joined);
		snprintf(joined + l, sizeof(joined) - l, "%s%s:%s:%.*s",
			i ? "|" : "", kinds[t[i].kind], t[i].script,
			(int)(t[i].end - t[i].start), s + t[i].start);
	}
	free(t);
	return joined;
}

static void test_validate(void)
{
	const char bad[] = "ok\nstill ok\nbad \xD0 here";
	const char trunc[] = "Лавров\xD0";
	const char overlong[] = "a\xC0\xAF";
	const char surrogate[] = "\xED\xA0\x80";

	is_int(glossa_text_validate("", 0, NULL), 0, "empty text is valid");
	is_int(glossa_text_validate("Лавров, Lavrov, لافروف", strlen(
		"Лавров, Lavrov, لافروف"), "x"), 0, "mixed scripts are valid");
	is_int(glossa_text_validate(bad, strlen(bad), "draft.txt"),
		GLOSSA_EINVALID, "a stray lead byte is invalid");
	is_str(glossa_error_last()->message,
		"draft.txt:3: invalid UTF-8 at byte 16",
		"the message names file, line and byte offset");
	is_int(glossa_text_validate(trunc, strlen(trunc), NULL),
		GLOSSA_EINVALID, "a truncated sequence at the end is invalid");
	is_str(glossa_error_last()->message,
		"line 1: invalid UTF-8 at byte 12",
		"without a source the message names the line");
	is_int(glossa_text_validate(overlong, 3, NULL), GLOSSA_EINVALID,
		"an overlong encoding is invalid");
	is_int(glossa_text_validate(surrogate, 3, NULL), GLOSSA_EINVALID,
		"an encoded surrogate is invalid");
	is_int(glossa_text_validate("a\0b", 3, NULL), 0,
		"NUL is valid UTF-8");
}

static void test_nfc_key(void)
{
	glossa_buf b = GLOSSA_BUF_INIT;
	/* й written as и + combining breve; É as E + combining acute */
	const char *decomposed = "Сергеи\xCC\x86 E\xCC\x81";

	is_int(glossa_text_nfc(&b, decomposed, strlen(decomposed)), 0, "nfc");
	is_str(b.ptr, "Сергей É", "NFC composes й and É");
	glossa_buf_clear(&b);
	is_int(glossa_text_key(&b, "ЛАВРОВ", strlen("ЛАВРОВ")), 0, "key");
	is_str(b.ptr, "лавров", "the key is case-folded");
	glossa_buf_clear(&b);
	is_int(glossa_text_key(&b, decomposed, strlen(decomposed)), 0,
		"key of decomposed text");
	is_str(b.ptr, "сергей é", "the key is NFC and folded");
	glossa_buf_clear(&b);
	is_int(glossa_text_nfc(&b, "\xFF", 1), GLOSSA_EINVALID,
		"nfc refuses invalid UTF-8");
	glossa_buf_dispose(&b);
}

static void test_script(void)
{
	is_str(glossa_text_script("Лавров", strlen("Лавров")), "Cyrl", "Cyrl");
	is_str(glossa_text_script("Lavrov", 6), "Latn", "Latn");
	is_str(glossa_text_script("الأسد", strlen("الأسد")), "Arab", "Arab");
	is_str(glossa_text_script("2024, ", 6), "Zyyy", "no letters");
	is_str(glossa_text_script("L\xD0\xB0vrov", 7), "Zmix",
		"a Cyrillic а inside a Latin word is mixed");
	is_str(glossa_text_script("", 0), "Zyyy", "empty");
	is_str(glossa_text_script("Серге\xCC\x81й", strlen("Серге\xCC\x81й")),
		"Cyrl", "a combining stress mark inherits the script");
}

static void test_words(void)
{
	is_str(toks("", GLOSSA_SEGMENT_WORD), "", "empty text has no tokens");
	is_str(toks("Сергей Лавров", GLOSSA_SEGMENT_WORD),
		"W:Cyrl:Сергей|S:Zyyy: |W:Cyrl:Лавров", "two Cyrillic words");
	is_str(toks("Putin (Путин) said 2024.", GLOSSA_SEGMENT_WORD),
		"W:Latn:Putin|S:Zyyy: |P:Zyyy:(|W:Cyrl:Путин|P:Zyyy:)|"
		"S:Zyyy: |W:Latn:said|S:Zyyy: |N:Zyyy:2024|P:Zyyy:.",
		"mixed-script line: words, punctuation, number");
	is_str(toks("Ростов-на-Дону", GLOSSA_SEGMENT_WORD),
		"W:Cyrl:Ростов|P:Zyyy:-|W:Cyrl:на|P:Zyyy:-|W:Cyrl:Дону",
		"hyphens separate words");
	is_str(toks("قال بشار الأسد", GLOSSA_SEGMENT_WORD),
		"W:Arab:قال|S:Zyyy: |W:Arab:بشار|S:Zyyy: |W:Arab:الأسد",
		"Arabic words");
	is_str(toks("a\xC2\xA0б\r\n", GLOSSA_SEGMENT_WORD),
		"W:Latn:a|S:Zyyy:\xC2\xA0|W:Cyrl:б|S:Zyyy:\r\n",
		"no-break space and CRLF are space tokens");
	is_str(toks("L\xD0\xB0vrov", GLOSSA_SEGMENT_WORD),
		"W:Zmix:L\xD0\xB0vrov", "a mixed-script word is one token");
	is_str(toks("Серге\xCC\x81й", GLOSSA_SEGMENT_WORD),
		"W:Cyrl:Серге\xCC\x81й", "a stress mark stays inside the word");
	is_str(toks("\xFF", GLOSSA_SEGMENT_WORD),
		"line 1: invalid UTF-8 at byte 0",
		"segmenting invalid UTF-8 fails");
}

static void test_sentences(void)
{
	is_str(toks("Лавров прибыл. Он сказал: «Нет». Done!",
			GLOSSA_SEGMENT_SENTENCE),
		"Sent:Cyrl:Лавров прибыл. |Sent:Cyrl:Он сказал: «Нет». |"
		"Sent:Latn:Done!", "sentences with byte offsets");
}

static void test_segmenter_reuse(void)
{
	glossa_segmenter *seg = NULL;
	glossa_token t;
	const char *a = "один два", *b = "три";
	size_t n = 0;

	is_int(glossa_segmenter_new(&seg, GLOSSA_SEGMENT_WORD), 0, "new");
	is_int(glossa_segmenter_set_text(seg, a, strlen(a)), 0, "set a");
	while (glossa_segmenter_next(&t, seg) == 0)
		n++;
	is_int(n, 3, "three tokens in a");
	is_int(glossa_segmenter_set_text(seg, b, strlen(b)), 0, "set b");
	is_int(glossa_segmenter_next(&t, seg), 0, "one token in b");
	ok(t.start == 0 && t.end == strlen(b), "offsets restart");
	is_int(glossa_segmenter_next(&t, seg), GLOSSA_ITEROVER, "then over");
	is_int(glossa_segmenter_set_text(seg, "\xC3", 1), GLOSSA_EINVALID,
		"invalid text is refused");
	is_int(glossa_segmenter_next(&t, seg), GLOSSA_ITEROVER,
		"and yields nothing");
	glossa_segmenter_free(seg);
	glossa_segmenter_free(NULL);
}

int main(void)
{
	test_validate();
	test_nfc_key();
	test_script();
	test_words();
	test_sentences();
	test_segmenter_reuse();
	return done_testing();
}
