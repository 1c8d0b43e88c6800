/*
 * The Arabic-script letter folding of the matching key (core/ustr.c
 * glossa_ustr__fold_char, used by core/name.c): Persian typed on a
 * Persian keyboard, Arabic typed on an Arabic one and text copied out of
 * a PDF must give the same key where they write the same name, and
 * different keys where the letters are different letters.
 */
#include <stdlib.h>
#include <string.h>
#include "../harness.h"
#include "internal.h"
#include "name.h"

static char *key_of(const char *s)
{
	glossa_buf b = GLOSSA_BUF_INIT;
	char *r;

	if (glossa_name__key(&b, s) < 0) {
		glossa_buf_dispose(&b);
		return NULL;
	}
	r = glossa__strdup(b.ptr ? b.ptr : "");
	glossa_buf_dispose(&b);
	return r;
}

/* Do a and b have the same key? */
static int same(const char *a, const char *b)
{
	char *ka = key_of(a), *kb = key_of(b);
	int r = ka && kb && strcmp(ka, kb) == 0;

	if (!r)
		printf("#   key(%s) = \"%s\", key(%s) = \"%s\"\n", a,
			ka ? ka : "(error)", b, kb ? kb : "(error)");
	free(ka);
	free(kb);
	return r;
}

static int differ(const char *a, const char *b)
{
	char *ka = key_of(a), *kb = key_of(b);
	int r = ka && kb && strcmp(ka, kb) != 0;

	free(ka);
	free(kb);
	return r;
}

static void letters(void)
{
	/* yeh: Persian ی (U+06CC), Arabic ي (U+064A), alef maksura ى */
	ok(same("علی", "علي"), "ی and ي: one letter");
	ok(same("علی", "على"), "ی and ى: one letter");
	ok(same("موسی", "موسى"), "final ی and ى");
	/* kaf: Persian ک (U+06A9), Arabic ك (U+0643) */
	ok(same("پزشکیان", "پزشكيان"), "ک and ك: one letter");
	/* heh: ه, teh marbuta ة, ۀ (heh with yeh above, the ezafe) and
	 * ه + hamza above (U+0654) */
	ok(same("زاده", "زادة"), "ه and ة");
	ok(same("زاده", "زادۀ"), "ه and ۀ (U+06C0)");
	ok(same("زاده", "زاده\xD9\x94"), "ه and ه + U+0654");
	ok(same("زادۀ", "زاد\xDB\x95\xD9\x94"), "ۀ and its decomposition");
	/* hamza seat: رئیسی and رییسی are both printed for Raisi */
	ok(same("رئیسی", "رییسی"), "ئ and ی (hamza seat dropped)");
	ok(same("رئیسی", "رئيسي"), "Persian and Arabic letters in رئیسی");
	ok(same("مؤمن", "مومن"), "ؤ and و");
	ok(same("ابراهیم", "إبراهيم"), "إ and ا");
	ok(same("آرش", "ارش"), "آ and ا");
}

static void marks(void)
{
	ok(same("خامنه‌ای", "خامنهای"), "ZWNJ (U+200C) is skipped");
	ok(same("احمدی‌نژاد", "احمدی نژاد"),
		"ZWNJ, space, nothing: one key (احمدی‌نژاد)");
	ok(same("احمدی‌نژاد", "احمدینژاد"), "ZWNJ and nothing");
	ok(same("پزشـکیان", "پزشکیان"), "tatweel (U+0640) is skipped");
	ok(same("پزشــــکیان", "پزشکیان"), "a run of tatweels is skipped");
	ok(same("مَسعود", "مسعود"), "fatha is skipped");
	ok(same("محمّد", "محمد"), "shadda is skipped");
	ok(same("پِزِشکیان", "پزشکیان"), "kasra is skipped");
	ok(same("خامنه\xE2\x80\x8D\xD8\xA7ی", "خامنهای"), "ZWJ is skipped");
}

static void presentation(void)
{
	/* what a PDF gives when copied: contextual forms */
	ok(same("\xEF\xAD\x98\xEF\xBA\xB0\xEF\xBA\xB7\xEF\xAE\x91\xEF\xAF\xBE"
		"\xEF\xBA\x8E\xEF\xBB\xA5", "پزشکیان"),
		"presentation forms (ﭘﺰﺷﮑﯿﺎﻥ) fold to the letters");
	ok(same("\xEF\xBB\x8B\xEF\xBB\xA0\xEF\xAF\xBC", "علی"),
		"ﻋﻠﯼ: Farsi yeh isolated form");
	ok(same("\xEF\xBB\x8B\xEF\xBB\xA0\xEF\xBB\xB0", "على"),
		"ﻋﻠﻰ: alef maksura final form");
}

static void distinct(void)
{
	/* letters that look alike but are other letters stay apart */
	ok(differ("پزشکیان", "بزشکیان"), "پ is not ب");
	ok(differ("چمران", "جمران"), "چ is not ج");
	ok(differ("ژاله", "زاله"), "ژ is not ز");
	ok(differ("گلزار", "کلزار"), "گ is not ک");
	ok(differ("گلزار", "كلزار"), "گ is not ك");
	ok(differ("علاء", "علا"), "a written hamza ء is a letter");
	ok(differ("قاسم", "غاسم"), "ق is not غ");
	ok(differ("کاظم", "کاضم"), "ظ is not ض");
	ok(differ("علی", "عالی"), "a written alef is a letter");
}

int main(void)
{
	letters();
	marks();
	presentation();
	distinct();
	return done_testing();
}
