/*
 * translit's own tokenizer (core/translit.c, glossa_translit__tokens):
 * plain Cyrillic lines are cut without ICU, and must be cut exactly as
 * ICU word segmentation (glossa_text_segment) cuts them, kind and script
 * included; every other line goes to ICU. A differential test over
 * random lines built from the characters where the two could part
 * (letters of every Cyrillic block beside digits and marks, the
 * punctuation ICU joins words over, spaces of every kind), and the
 * errors: invalid UTF-8 or a NUL after plain lines is reported as
 * before, with its line.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glossa.h>
#include "../harness.h"
#include "internal.h"
#include "draft.h"
#include "translit_int.h"

static const char *const pieces[] = {
	/* plain */
	"а", "б", "Я", "ё", "Ё", "і", "ї", "ґ", "ў", "ұ", "қ", "Ӏ", "ԯ", "ѣ",
	"Ѐ", "ѐ", "ҁ", "Ҋ", "ӿ", "Ԁ",
	"мир", "Лавров", "ЗЕЛЕНСЬКИЙ",
	"1", "7", "2024", " ", " ", "   ", "\n", ".", ",", ";", ":", "'", "!",
	"?", "(", ")", "\"", "-", "«", "»", "—", "–", "…", "“", "”", "„",
	/* not plain: ICU decides */
	"\xD2\x82" /* ҂ */, "\xD2\x83" /* a combining titlo */,
	"\xCC\x81" /* combining acute */, "\xD4\xB0" /* U+0530 */,
	"a", "Z", "_", "\t", "\r", "\xC2\xA0" /* NBSP */, "’", "‘", "/", "@",
	"·", "\xE2\x80\xA4" /* one dot leader */, "\xEF\xBC\x8E", "ب", "٣",
	"\xE2\x80\xA8", "#", "%", "&", "*", "+", "=", "[", "]", "\xD5\xA1",
};


/* Do t's tokens equal ICU's for s[0..n)? Says where not. */
static int same_tokens(glossa_translit *t, const char *s, size_t n)
{
	glossa_token *ref = NULL;
	size_t nref = 0, i;
	int r;

	if (glossa_text_segment(&ref, &nref, s, n, GLOSSA_SEGMENT_WORD) < 0 ||
	    glossa_translit__tokens(t, s, n) < 0) {
		free(ref);
		printf("# error on \"%s\"\n", s);
		return 0;
	}
	r = t->ntoks == nref;
	for (i = 0; r && i < nref; i++) {
		const glossa_token *a = &t->toks[i], *b = &ref[i];

		r = a->start == b->start && a->end == b->end &&
		    a->kind == b->kind && strcmp(a->script, b->script) == 0;
		if (!r)
			printf("# \"%s\": token %zu: [%zu,%zu) kind %d %s, "
				"ICU [%zu,%zu) kind %d %s\n", s, i, a->start,
				a->end, (int)a->kind, a->script, b->start,
				b->end, (int)b->kind, b->script);
	}
	if (r == 0 && t->ntoks != nref)
		printf("# \"%s\": %zu tokens, ICU %zu\n", s, t->ntoks, nref);
	free(ref);
	return r;
}

static int same_str(glossa_translit *t, const char *s)
{
	return same_tokens(t, s, strlen(s));
}

/* Random lines of `npieces` kinds of pieces; how many differ. */
static int random_lines(glossa_translit *t, size_t npieces, int lines)
{
	char s[512];
	int k, bad = 0;

	for (k = 0; k < lines; k++) {
		size_t n = 0, m = 1 + next_rand() % 14, j;

		for (j = 0; j < m; j++) {
			const char *p = pieces[next_rand() % npieces];
			size_t l = strlen(p);

			memcpy(s + n, p, l);
			n += l;
		}
		s[n] = '\0';
		if (!same_tokens(t, s, n) && ++bad > 5)
			break;
	}
	return bad;
}

/* The error of glossa_translit__tokens on s[0..n), and the one the
 * draft layer gives (the message before this tokenizer): equal? */
static int same_error(glossa_translit *t, const char *s, size_t n)
{
	char *mine;
	const char *want;
	int r;

	if (glossa_translit__tokens(t, s, n) >= 0)
		return 0;
	mine = glossa__strdup(glossa_error_last()->message);
	if (glossa_draft__validate(s, n, NULL) >= 0 || mine == NULL) {
		free(mine);
		return 0;
	}
	want = glossa_error_last()->message;
	r = strcmp(mine, want) == 0;
	if (!r)
		printf("#   got:  %s\n#   want: %s\n", mine, want);
	free(mine);
	return r;
}

int main(void)
{
	glossa_translit_options o = GLOSSA_TRANSLIT_OPTIONS_INIT;
	glossa_translit *t = NULL;
	size_t nplain = 0;
	static const char bad_utf8[] =
		"Сергей Лавров.\nМария Захарова\n«Газпром» \xD0 и\n";
	static const char nul[] = "Сергей Лавров.\nМария\0Захарова\n";

	o.flags = GLOSSA_TRANSLIT_NO_GLOSSARY;
	if (glossa_translit_new(&t, &o) < 0) {
		printf("Bail out! %s\n", glossa_error_last()->message);
		return 1;
	}
	ok(same_str(t, "Сергей Лавров прибыл в Киев.\n"),
		"a plain line");
	ok(same_str(t, "В 2024 году — «Газпром», (1) и т.д.\n\n  А"),
		"digits, quotes, dashes, a run of spaces, an empty line");
	ok(same_str(t, "Ту154 и МиГ29, т.е. О'Нил: 1,5 и 2.5\n"),
		"ICU's joins: letters and digits, . ' between letters and "
		"digits");
	ok(same_str(t, "Лавров\nLavrov и Лавров\r\nЛавров\n"),
		"plain lines around lines ICU cuts");
	/* the plain pieces come first, up to ҂ */
	while (strcmp(pieces[nplain], "\xD2\x82") != 0)
		nplain++;
	ok(random_lines(t, nplain, 20000) == 0,
		"20,000 random plain lines: ICU's tokens");
	ok(random_lines(t, sizeof(pieces) / sizeof(*pieces), 20000) == 0,
		"20,000 random lines of any piece: ICU's tokens");
	ok(same_error(t, bad_utf8, sizeof(bad_utf8) - 1),
		"invalid UTF-8 after plain lines: the same message, its line");
	ok(same_error(t, nul, sizeof(nul) - 1),
		"a NUL after plain lines: the same message");
	ok(glossa_translit__tokens(t, NULL, 0) == 0 && t->ntoks == 0,
		"no text: no tokens");
	glossa_translit_free(t);
	printf("1..%d\n", harness_n);
	return harness_failed ? 1 : 0;
}
