/*
 * Pattern vowelling of unknown Arabic names (core/translit_ar.c, issue
 * 16): the harakat each pattern puts in, the name it reports, what it
 * leaves alone, and the news rules' reading of the result (run through
 * glossa_translit__rules_word with RW_VOWEL, as translit does for the
 * news schemes). The names are real and common; the spellings are the
 * ones English sources use (see data/ar-news-rules.tsv for the sources).
 * Also a property: no output of the rules, vowelled or not, keeps an
 * Arabic letter.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/utf8.h>
#include "../harness.h"
#include "internal.h"
#include "translit_int.h"

/* the vowelled form and the pattern of one word */
static void vowels_are(const char *w, const char *want, const char *pat)
{
	glossa_buf out = GLOSSA_BUF_INIT;
	const char *p = "unset";
	int error = glossa_translit__ar_vowel(&out, &p, w, strlen(w));

	is_int(error, 0, "%s: no error", w);
	is_str(out.ptr ? out.ptr : "", want, "%s vowelled", w);
	is_str(p, pat, "%s: pattern", w);
	glossa_buf_dispose(&out);
}

static glossa_translit *open_scheme(const char *scheme)
{
	glossa_translit_options o = GLOSSA_TRANSLIT_OPTIONS_INIT;
	glossa_translit *t = NULL;

	glossa_buf out = GLOSSA_BUF_INIT;

	o.scheme = scheme;
	o.from = GLOSSA_TRANSLIT_AR;
	/* the Arabic rules are compiled when the first Arabic word comes */
	if (glossa_translit_new(&t, &o) < 0 ||
	    glossa_translit_text(&out, NULL, NULL, t, "ب", strlen("ب")) < 0 ||
	    t->sch[TL_AR].tr == NULL) {
		printf("Bail out! cannot open the %s rules: %s\n", scheme,
			glossa_error_last()->message);
		exit(1);
	}
	glossa_buf_dispose(&out);
	return t;
}

static int rules(glossa_buf *out, glossa_translit *t, int mode,
	const char *w, size_t len)
{
	glossa_buf_clear(out);
	return glossa_translit__rules_word(out, t, t->sch[TL_AR].tr, mode, w,
		len);
}

/* the news reading of w, and the pattern rules_word() reports */
static void reads(glossa_translit *t, const char *w, const char *want,
	const char *pat)
{
	glossa_buf out = GLOSSA_BUF_INIT;
	int error = rules(&out, t, RW_NAME | RW_VOWEL, w, strlen(w));

	is_int(error, 0, "%s: no error", w);
	is_str(out.ptr ? out.ptr : "", want, "%s -> %s", w, want);
	is_str(t->pattern, pat, "%s: pattern kept for the span", w);
	glossa_buf_dispose(&out);
}

static bool has_arabic(const char *s, size_t n)
{
	int32_t i = 0;

	while (i < (int32_t)n) {
		UChar32 c;

		U8_NEXT(s, i, (int32_t)n, c);
		if (c >= 0x0600 && c <= 0x06FF)
			return true;
	}
	return false;
}

/* Through the public call: the span of a guessed word names its
 * pattern, also the second time, when the output comes from the cache. */
static void span_pattern(glossa_translit *t)
{
	const char *text = "صالح رائد صالح";
	glossa_buf out = GLOSSA_BUF_INIT;
	glossa_translit_span *sp = NULL;
	size_t n = 0;
	int error = glossa_translit_text(&out, &sp, &n, t, text, strlen(text));

	is_int(error, 0, "translit_text: no error");
	is_str(out.ptr, "Salih Raed Salih", "translit_text: %s", text);
	is_int(n, 3, "translit_text: three spans");
	if (n == 3) {
		is_str(sp[0].pattern, "fāʿil", "span 1: its pattern");
		is_str(sp[1].pattern, NULL, "span 2: no pattern");
		is_str(sp[2].pattern, "fāʿil", "span 3 (cached): its pattern");
	}
	free(sp);
	glossa_buf_dispose(&out);
}

/* Every word of up to 7 letters the generator makes, with and without
 * the article and the endings, through the rules: never an Arabic letter
 * out, and the vowelling never fails. The letters are every Arabic letter
 * the tokenizer gives (ء to ي). */
static void no_arabic_left(glossa_translit *t, const char *scheme)
{
	static const char *affix[][2] = {
		{ "", "" }, { "ال", "" }, { "", "ة" }, { "", "ي" }, { "", "ى" },
		{ "ال", "ي" }, { "", "ية" }, { "", "ات" }, { "", "اء" },
		{ "ال", "اوي" },
	};
	glossa_buf out = GLOSSA_BUF_INIT, in = GLOSSA_BUF_INIT;
	uint32_t seed = 16;
	size_t bad = 0, fails = 0, words = 0, vowelled = 0, differ = 0, i;
	char first[64] = "";

	for (i = 0; i < 40000; i++) {
		size_t nl = 2 + (seed >> 8) % 5, k, a;

		glossa_buf_clear(&in);
		a = (seed >> 4) % (sizeof(affix) / sizeof(affix[0]));
		glossa_buf_puts(&in, affix[a][0]);
		for (k = 0; k < nl; k++) {
			char b[4];
			int32_t j = 0;
			UChar32 c;

			seed = seed * 1103515245u + 12345u;
			c = 0x0621 + (UChar32)((seed >> 16) % 26);
			if (c > 0x063A)
				c += 5;   /* skip U+063B-U+0640 */
			U8_APPEND_UNSAFE(b, j, c);
			glossa_buf_put(&in, b, (size_t)j);
		}
		glossa_buf_puts(&in, affix[a][1]);
		seed = seed * 1103515245u + 12345u;
		if (rules(&out, t, RW_NAME | RW_VOWEL, in.ptr, in.size) < 0) {
			fails++;
			continue;
		}
		words++;
		vowelled += t->pattern != NULL;
		differ += t->pattern != glossa_translit__ar_pattern(in.ptr,
			in.size);
		if (has_arabic(out.ptr, out.size) && bad++ == 0)
			snprintf(first, sizeof(first), "%s", in.ptr);
	}
	is_int(fails, 0, "%s: %zu words through the rules, no error", scheme,
		words);
	is_int(bad, 0, "%s: no Arabic letter left in the output (first: %s)",
		scheme, first);
	ok(vowelled > words / 10, "%s: patterns apply (%zu of %zu words)",
		scheme, vowelled, words);
	is_int(differ, 0, "%s: ar_pattern() names the pattern ar_vowel() "
		"used", scheme);
	glossa_buf_dispose(&out);
	glossa_buf_dispose(&in);
}

int main(void)
{
	glossa_translit *t, *ta;
	glossa_buf out = GLOSSA_BUF_INIT;
	const char *p;
	char longw[200];
	size_t i;

	/* Each pattern (every line of the table): the harakat it puts
	 * in, and its name. */
	vowels_are("صالح", "صالِح", "fāʿil");
	vowels_are("محمود", "مَحْمود", "mafʿūl");
	vowels_are("سعيد", "سَعيد", "faʿīl");
	vowels_are("سلمان", "سَلْمان", "faʿlān");
	vowels_are("سليمان", "سُلَيمان",
		"fuʿaylān");
	vowels_are("توفيق", "تَوْفيق", "tafʿīl");
	vowels_are("أحمد", "أحْمَد", "afʿal");
	vowels_are("احمد", "احْمَد", "afʿal");
	vowels_are("محسن", "مُحْسِن", "mufʿil");
	vowels_are("منير", "مُنير", "mufīl");
	vowels_are("مصطفى", "مُصْطَفى", "muftaʿā");
	vowels_are("منتصر", "مُنْتَصِر", "muftaʿil");
	vowels_are("جمال", "جَمال", "faʿāl");
	vowels_are("السراج", "السَرّاج", "faʿʿāl");
	vowels_are("جعفر", "جَعْفَر", "faʿlal");
	vowels_are("بغداد", "بَغْداد", "faʿlāl");
	vowels_are("خلدون", "خَلْدون", "faʿlūl");
	vowels_are("نصر", "نَصْر", "faʿl");
	vowels_are("عرفات", "عَرَفات", "faʿal");
	vowels_are("إحسان", "إحْسان", "ifʿāl");
	vowels_are("الظواهري", "الظَواهِري", "fawāʿil");
	vowels_are("مجاهد", "مُجاهِد", "mufāʿil");
	vowels_are("سعود", "سَعود", "faʿūl");
	vowels_are("يوسف", "يوسُف", "fūʿul");
	vowels_are("أسد", "أسَد", "faʿal");
	vowels_are("نور", "نور", "fūl");
	/* the endings are kept: ة, nisba ي, -awi, ى, اء */
	vowels_are("فاطمة", "فاطِمة", "fāʿil");
	vowels_are("التميمي", "التَميمي", "faʿīl");
	vowels_are("الزرقاوي", "الزَرْقاوي", "faʿl");
	vowels_are("سلمى", "سَلْمى", "faʿl");
	vowels_are("الزهراء", "الزَهْراء", "faʿl");
	/* no mark after a letter the rules read as a vowel: أمين is faʿīl
	 * (not afʿal), with nothing after its أ */
	vowels_are("أمين", "أمين", "faʿīl");
	/* faʿʿāl only after the article and with no ending */
	vowels_are("جبار", "جَبار", "faʿāl");
	vowels_are("العبادي", "العَبادي", "faʿāl");

	/* What is left alone: harakat already there, hamza seats that
	 * carry a vowel, short words, other scripts, nisbas in -ī-. */
	vowels_are("مُحَمَّد", "مُحَمَّد", NULL);
	vowels_are("رائد", "رائد", NULL);
	vowels_are("فؤاد", "فؤاد", NULL);
	vowels_are("بن", "بن", NULL);
	vowels_are("علي", "علي", NULL);
	vowels_are("السيسي", "السيسي", NULL);
	vowels_are("Putin", "Putin", NULL);
	vowels_are("", "", NULL);
	memset(longw, 0, sizeof(longw));
	for (i = 0; i + 2 < sizeof(longw) - 2; i += 2)
		memcpy(longw + i, "س", 2);
	vowels_are(longw, longw, NULL);
	/* a cut UTF-8 sequence is kept as it is */
	p = "x";
	is_int(glossa_translit__ar_vowel(&out, &p, "\xD8", 1), 0,
		"a cut UTF-8 sequence: no error");
	is_int(out.size, 1, "a cut UTF-8 sequence: kept");
	is_str(p, NULL, "a cut UTF-8 sequence: no pattern");

	/* The news reading (the examples of issue 16). */
	t = open_scheme("news");
	reads(t, "صالح", "Salih", "fāʿil");
	reads(t, "قاسم", "Qasim", "fāʿil");
	reads(t, "حامد", "Hamid", "fāʿil");
	reads(t, "مصطفى", "Mustafa", "muftaʿā");
	reads(t, "أيمن", "Ayman", "afʿal");
	reads(t, "سليمان", "Sulaiman", "fuʿaylān");
	reads(t, "محسن", "Muhsin", "mufʿil");
	reads(t, "توفيق", "Tawfiq", "tafʿīl");
	reads(t, "مروان", "Marwan", "faʿlān");
	reads(t, "سعد", "Saad", "faʿl");
	reads(t, "الجعفري", "al-Jaafari", "faʿlal");
	reads(t, "حمدية", "Hamdiya", "faʿl");
	reads(t, "السراج", "al-Sarraj", "faʿʿāl");
	reads(t, "رائد", "Raed", NULL);
	/* without RW_VOWEL the rules alone, and no pattern */
	is_int(rules(&out, t, RW_NAME, "صالح", strlen("صالح")), 0,
		"no RW_VOWEL: no error");
	is_str(out.ptr, "Salh", "no RW_VOWEL: the rules alone");
	is_str(t->pattern, NULL, "no RW_VOWEL: no pattern");
	/* a vowelled word keeps its own harakat */
	reads(t, "حَسَن", "Hasan", NULL);

	ta = open_scheme("news-assimilated");
	reads(ta, "السراج", "as-Sarraj", "faʿʿāl");
	reads(ta, "الشريف", "ash-Sharif", "faʿīl");
	reads(ta, "القحطاني", "al-Qahtani", "faʿlān");

	span_pattern(t);
	no_arabic_left(t, "news");
	no_arabic_left(ta, "news-assimilated");

	glossa_buf_dispose(&out);
	glossa_translit_free(t);
	glossa_translit_free(ta);
	return done_testing();
}
