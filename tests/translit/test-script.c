/*
 * Never mixed script (issue 16): whatever the words, no output of
 * glossa translit keeps a letter of the script it converts from. A
 * property test: every letter of the Cyrillic and Arabic blocks alone,
 * inside a Latin word and inside random words of its script, through
 * every scheme of its language and through auto (with the shipped
 * glossary when $GLOSSA_DEFAULT_DB names it, so lexicon hits are
 * covered too). Homoglyphs in a Latin word become the Latin letter
 * they imitate.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>
#include <glossa.h>
#include "../harness.h"

/* The first letter of script `want` in s, or -1. */
static long letter_of(const char *s, size_t n, UScriptCode want)
{
	const uint8_t *p = (const uint8_t *)s;
	int32_t i = 0, at;
	UChar32 c;

	while (i < (int32_t)n) {
		UErrorCode st = U_ZERO_ERROR;

		at = i;
		U8_NEXT(p, i, (int32_t)n, c);
		if (c >= 0x0370 && u_isalpha(c) &&
		    uscript_getScript(c, &st) == want)
			return at;
	}
	return -1;
}


/* Letters of the script's blocks (what ICU calls letters of it). */
static size_t letters(UChar32 *out, size_t cap, UScriptCode sc)
{
	static const UChar32 ranges[][2] = {
		{ 0x0400, 0x052F }, { 0x1C80, 0x1C8F }, { 0x2DE0, 0x2DFF },
		{ 0xA640, 0xA69F }, { 0x0600, 0x06FF }, { 0x0750, 0x077F },
		{ 0x08A0, 0x08FF }, { 0xFB50, 0xFDFF }, { 0xFE70, 0xFEFF },
	};
	size_t n = 0, r;
	UChar32 c;

	for (r = 0; r < sizeof(ranges) / sizeof(ranges[0]); r++)
		for (c = ranges[r][0]; c <= ranges[r][1] && n < cap; c++) {
			UErrorCode st = U_ZERO_ERROR;

			if (u_isalpha(c) && uscript_getScript(c, &st) == sc)
				out[n++] = c;
		}
	return n;
}

static void put_cp(glossa_buf *b, UChar32 c)
{
	char u[4];
	int32_t n = 0;
	UBool err = 0;

	U8_APPEND((uint8_t *)u, n, 4, c, err);
	if (!err)
		glossa_buf_put(b, u, (size_t)n);
}

/* The test text for a script: each letter alone and in a Latin word
 * ("xCx"), capitalised runs, and random words of its letters. */
static void make_text(glossa_buf *b, const UChar32 *l, size_t n)
{
	size_t i, w, k;

	for (i = 0; i < n; i++) {
		put_cp(b, l[i]);
		glossa_buf_puts(b, " Ab");
		put_cp(b, l[i]);
		glossa_buf_puts(b, "ra\n");
	}
	for (w = 0; w < 3000; w++) {
		size_t len = 1 + next_rand() % 10;

		for (k = 0; k < len; k++)
			put_cp(b, l[next_rand() % n]);
		glossa_buf_puts(b, w % 12 == 11 ? "\n" : w % 5 == 4 ? "-" :
			" ");
	}
}

static void check(glossa_translit_options *o, const char *label,
	const glossa_buf *text, UScriptCode sc)
{
	glossa_translit *t = NULL;
	glossa_translit_span *sp = NULL;
	glossa_buf out = GLOSSA_BUF_INIT;
	size_t nsp = 0, j, bad = 0;
	long at = -1;

	if (glossa_translit_new(&t, o) < 0 ||
	    glossa_translit_text(&out, &sp, &nsp, t, text->ptr,
			text->size) < 0) {
		ok(0, "%s: runs (%s)", label, glossa_error_last()->message);
		glossa_translit_free(t);
		return;
	}
	for (j = 0; j < nsp && at < 0; j++) {
		at = letter_of(out.ptr + sp[j].out_start,
			sp[j].out_end - sp[j].out_start, sc);
		bad = j;
	}
	ok(at < 0, "%s: no %s letter in any of %zu converted spans", label,
		uscript_getName(sc), nsp);
	if (at >= 0)
		printf("#   \"%.*s\" -> \"%.*s\"\n",
			(int)(sp[bad].end - sp[bad].start),
			text->ptr + sp[bad].start,
			(int)(sp[bad].out_end - sp[bad].out_start),
			out.ptr + sp[bad].out_start);
	if (o->from == GLOSSA_TRANSLIT_AUTO) {
		at = letter_of(out.ptr, out.size, sc);
		ok(at < 0, "%s: the whole output has no %s letter", label,
			uscript_getName(sc));
		if (at >= 0)
			printf("#   at: \"%.40s\"\n", out.ptr + at);
	}
	free(sp);
	glossa_buf_dispose(&out);
	glossa_translit_free(t);
}

static void homoglyphs(glossa_store *store)
{
	static const char *const cases[][2] = {
		{ "\xD0\x86ran", "Iran" },               /* Іran */
		{ "L\xD0\xB0vrov", "Lavrov" },           /* Lаvrov */
		{ "\xD0\xA1hina talks", "China talks" }, /* Сhina */
		{ "Ir\xD0\xB0q", "Iraq" },
	};
	glossa_translit_options o = GLOSSA_TRANSLIT_OPTIONS_INIT;
	glossa_translit *t = NULL;
	size_t i;

	o.store = store;
	if (glossa_translit_new(&t, &o) < 0) {
		ok(0, "homoglyphs: %s", glossa_error_last()->message);
		return;
	}
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		glossa_buf out = GLOSSA_BUF_INIT;

		if (glossa_translit_text(&out, NULL, NULL, t, cases[i][0],
				strlen(cases[i][0])) < 0)
			ok(0, "%s", glossa_error_last()->message);
		else
			is_str(out.ptr, cases[i][1],
				"a homoglyph in a Latin word is the letter it imitates: %s",
				cases[i][1]);
		glossa_buf_dispose(&out);
	}
	glossa_translit_free(t);
}

int main(void)
{
	static UChar32 cyr[1024], arb[2048];
	size_t ncyr = letters(cyr, 1024, USCRIPT_CYRILLIC);
	size_t narb = letters(arb, 2048, USCRIPT_ARABIC);
	glossa_buf tc = GLOSSA_BUF_INIT, ta = GLOSSA_BUF_INIT;
	const glossa_translit_scheme *s;
	const char *db = getenv("GLOSSA_DEFAULT_DB");
	glossa_store *store = NULL;
	size_t n, i, pass;

	if (db && *db && glossa_store_open(&store, db,
			GLOSSA_STORE_BUILTIN) < 0) {
		printf("# no glossary: %s\n", glossa_error_last()->message);
		store = NULL;
	}
	ok(ncyr > 200 && narb > 300, "%zu Cyrillic and %zu Arabic letters",
		ncyr, narb);
	make_text(&tc, cyr, ncyr);
	make_text(&ta, arb, narb);
	s = glossa_translit_schemes(&n);
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < n; i++) {
			glossa_translit_options o = GLOSSA_TRANSLIT_OPTIONS_INIT;
			bool arab = strcmp(s[i].lang, "ar") == 0 ||
				strcmp(s[i].lang, "fa") == 0;
			char label[96];

			o.scheme = s[i].name;
			o.from = strcmp(s[i].lang, "ru") == 0 ? GLOSSA_TRANSLIT_RU :
				strcmp(s[i].lang, "uk") == 0 ? GLOSSA_TRANSLIT_UK :
				strcmp(s[i].lang, "be") == 0 ? GLOSSA_TRANSLIT_BE :
				strcmp(s[i].lang, "ar") == 0 ? GLOSSA_TRANSLIT_AR :
				GLOSSA_TRANSLIT_FA;
			o.store = pass ? store : NULL;
			snprintf(label, sizeof(label), "%s %s%s", s[i].lang,
				s[i].name, pass ? " + glossary" : "");
			check(&o, label, arab ? &ta : &tc, arab ?
				USCRIPT_ARABIC : USCRIPT_CYRILLIC);
		}
		for (i = 0; i < 2; i++) {
			glossa_translit_options o = GLOSSA_TRANSLIT_OPTIONS_INIT;

			o.store = pass ? store : NULL;
			check(&o, pass ? "auto + glossary" : "auto",
				i ? &ta : &tc, i ? USCRIPT_ARABIC :
				USCRIPT_CYRILLIC);
		}
	}
	homoglyphs(store);
	glossa_buf_dispose(&tc);
	glossa_buf_dispose(&ta);
	glossa_store_free(store);
	return done_testing();
}
