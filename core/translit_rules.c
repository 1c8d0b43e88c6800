/*
** The transliteration schemes and their rules: the scheme table, the ICU
** rule files under glossaries/translit/ (compiled with utrans_openU), and
** one word through a scheme's rules with its case pattern kept.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>
#include "internal.h"
#include "translit_int.h"
#include "ustr.h"

static const scheme_def schemes[] = {
	{ { "news", "ru", "house style: Russian names as the English-language wires write them (Sergei, Yevgeny, Gorbachev)" }, "ru-news.txt" },
	{ { "bgn-pcgn", "ru", "BGN/PCGN 1947 (place names; US and UK governments)" }, "ru-bgn-pcgn.txt" },
	{ { "wikipedia", "ru", "English Wikipedia: simplified BGN/PCGN" }, "ru-wikipedia.txt" },
	{ { "iso9", "ru", "ISO 9:1995 = GOST 7.79-2000 System A, with diacritics" }, "ru-iso9.txt" },
	{ { "gost-7.79-b", "ru", "GOST 7.79-2000 System B, ASCII only" }, "ru-gost-7.79-b.txt" },
	{ { "icao", "ru", "ICAO Doc 9303: passports (Russia since 2013)" }, "ru-icao.txt" },
	{ { "ala-lc", "ru", "ALA-LC (Library of Congress), with diacritics" }, "ru-ala-lc.txt" },
	{ { "ala-lc-ascii", "ru", "ALA-LC without diacritics" }, "ru-ala-lc-ascii.txt" },
	{ { "scientific", "ru", "scholarly (linguistic) transliteration" }, "ru-scientific.txt" },
	{ { "news", "ar", "house style: readable Arabic names (al-, Abdel-, Mohammed)" }, "ar-news.txt" },
	{ { "news-assimilated", "ar", "news with the article assimilated to sun letters (as-Sisi, ash-Sharaa)" }, "ar-news-assimilated.txt" },
	{ { "ala-lc", "ar", "ALA-LC-like scholarly romanization with ʿ ʾ and macrons" }, "ar-ala-lc.txt" },
	{ { "news", "uk", "Ukrainian national standard (Cabinet of Ministers 2010), as the wires write Ukrainian names (Ihor Klymenko)" }, "uk-news.txt" },
	{ { "bgn-pcgn", "uk", "BGN/PCGN for Ukrainian" }, "uk-bgn-pcgn.txt" },
	{ { "news", "be", "Belarusian names as English-language news writes them (Tsikhanouskaya)" }, "be-news.txt" },
	{ { "national", "be", "Belarusian national romanization (2007), with diacritics" }, "be-national.txt" },
	{ { "bgn-pcgn", "be", "BGN/PCGN for Belarusian" }, "be-bgn-pcgn.txt" },
	{ { "news", "fa", "house style: Persian names as English-language news writes them (Mohammad, Hossein, -zadeh)" }, "fa-news.txt" },
};

const char *const glossa_translit__lang_code[TL_N] = {
	"ru", "uk", "be", "ar", "fa"
};

int glossa_translit__from_lang(glossa_translit_from from)
{
	switch (from) {
	case GLOSSA_TRANSLIT_RU: return TL_RU;
	case GLOSSA_TRANSLIT_UK: return TL_UK;
	case GLOSSA_TRANSLIT_BE: return TL_BE;
	case GLOSSA_TRANSLIT_AR: return TL_AR;
	case GLOSSA_TRANSLIT_FA: return TL_FA;
	default: return -1;
	}
}

#define NSCHEMES (sizeof(schemes) / sizeof(schemes[0]))

static glossa_translit_scheme scheme_list[NSCHEMES];

const glossa_translit_scheme *glossa_translit_schemes(size_t *n)
{
	size_t i;

	for (i = 0; i < NSCHEMES; i++)
		scheme_list[i] = schemes[i].pub;
	*n = NSCHEMES;
	return scheme_list;
}

bool glossa_translit__scheme_known(const char *name,
	glossa_translit_from from)
{
	size_t i;

	int l = glossa_translit__from_lang(from);

	for (i = 0; i < NSCHEMES; i++)
		if (strcmp(schemes[i].pub.name, name) == 0 &&
		    (l < 0 || strcmp(schemes[i].pub.lang,
			glossa_translit__lang_code[l]) == 0))
			return true;
	return false;
}

const char *glossa_translit__rules_dir(const glossa_translit_options *o)
{
	const char *env = getenv("GLOSSA_TRANSLIT_DIR");

	if (o && o->rules_dir)
		return o->rules_dir;
	if (env && *env)
		return env;
	return GLOSSA_TRANSLIT_DIR;
}

static int read_file(glossa_buf *out, const char *path)
{
	char chunk[16384];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (f == NULL)
		return glossa_error__set(GLOSSA_ERRCLASS_OS, GLOSSA_ENOTFOUND,
			"%s: cannot open the transliteration rules (set GLOSSA_TRANSLIT_DIR?)",
			path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (glossa_buf_put(out, chunk, n) < 0) {
			fclose(f);
			return GLOSSA_ERROR;
		}
	if (ferror(f)) {
		fclose(f);
		return glossa_error__set(GLOSSA_ERRCLASS_OS, GLOSSA_ERROR,
			"%s: read error", path);
	}
	fclose(f);
	return glossa_buf_put(out, "", 0);
}

/* Compile an ICU rule file into a transliterator. */
int glossa_translit__open_rules(UTransliterator **out, const char *dir,
	const char *file)
{
	glossa_buf path = GLOSSA_BUF_INIT, text = GLOSSA_BUF_INIT;
	UChar *u = NULL, id[64];
	int32_t n = 0, i, line = 1;
	UParseError pe;
	UErrorCode st = U_ZERO_ERROR;
	int error;

	*out = NULL;
	if ((error = glossa_buf_printf(&path, "%s/%s", dir, file)) < 0 ||
	    (error = read_file(&text, path.ptr)) < 0)
		goto out;
	if ((error = glossa_text_validate(text.ptr, text.size, path.ptr)) < 0 ||
	    (error = glossa_ustr__from_utf8(&u, &n, text.ptr, text.size)) < 0)
		goto out;
	u_uastrcpy(id, "glossa-rules");
	memset(&pe, 0, sizeof(pe));
	*out = utrans_openU(id, -1, UTRANS_FORWARD, u, n, &pe, &st);
	if (U_FAILURE(st)) {
		for (i = 0; i < pe.offset && i < n; i++)
			if (u[i] == '\n')
				line++;
		*out = NULL;
		error = glossa_error__set(GLOSSA_ERRCLASS_PARSE, GLOSSA_EINVALID,
			"%s:%d: bad transliteration rule (%s)", path.ptr,
			(int)line, u_errorName(st));
	}
out:
	free(u);
	glossa_buf_dispose(&path);
	glossa_buf_dispose(&text);
	return error;
}

const scheme_def *glossa_translit__find_scheme(const char *name,
	const char *lang)
{
	size_t i;

	for (i = 0; i < NSCHEMES; i++)
		if (strcmp(schemes[i].pub.name, name) == 0 &&
		    strcmp(schemes[i].pub.lang, lang) == 0)
			return &schemes[i];
	return NULL;
}

/* Make a UTF-16 scratch buffer hold at least `need` units. */
static int reserve16(UChar **b, size_t *cap, size_t need)
{
	if (need > INT32_MAX)
		return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_EINVALID, "word too long (%zu UTF-16 units)", need);
	return glossa__grow((void **)b, cap, need, sizeof(UChar));
}

/* Run a transliterator over u[0..n) into the scratch buffer *b, in one
 * piece. */
static int run_utrans1(UChar **b, size_t *cap, int32_t *outlen,
	UTransliterator *tr, const UChar *u, int32_t n)
{
	int32_t c = n * 4 + 16;

	for (;;) {
		UErrorCode st = U_ZERO_ERROR;
		int32_t len = n, limit = n;
		int error;

		if ((error = reserve16(b, cap, (size_t)c)) < 0)
			return error;
		memcpy(*b, u, (size_t)n * sizeof(UChar));
		utrans_transUChars(tr, *b, &len, c, 0, &limit, &st);
		if (st == U_BUFFER_OVERFLOW_ERROR && c < INT32_MAX / 4) {
			c *= 4;
			continue;
		}
		if (U_FAILURE(st))
			return glossa_error__set(GLOSSA_ERRCLASS_ICU,
				GLOSSA_ERROR, "transliteration failed: %s",
				u_errorName(st));
		*outlen = len;
		return 0;
	}
}

/*
 * ICU applies a rule's replacement in place, moving the rest of the text
 * each time a letter grows (щ -> shch): a word's time is quadratic in its
 * length, and one 2 MB "word" took 37 s. No name is longer than a few
 * dozen letters, so a longer run goes through the rules in pieces of
 * RULES_PIECE UTF-16 units, cut where a character starts that is not a
 * combining mark: linear, and the same output for every real word (at a
 * cut a rule may see a word start that is not one).
 */
#define RULES_PIECE 512

static bool is_mark(UChar32 c)
{
	int8_t t = u_charType(c);

	return t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK ||
		t == U_COMBINING_SPACING_MARK;
}

/* Where the piece that starts at u[at] ends: at most RULES_PIECE units
 * on, at a character boundary, before a non-mark where there is one. */
static int32_t piece_end(const UChar *u, int32_t at, int32_t n)
{
	int32_t end = at + RULES_PIECE, e;

	if (end >= n)
		return n;
	for (e = end; e > at + RULES_PIECE / 2; e--) {
		UChar32 c;

		if (U16_IS_TRAIL(u[e]) && U16_IS_LEAD(u[e - 1]))
			continue;
		U16_GET(u, 0, e, n, c);
		if (!is_mark(c))
			return e;
	}
	/* Marks all along: any character boundary will do. */
	if (U16_IS_TRAIL(u[end]) && U16_IS_LEAD(u[end - 1]))
		end--;
	return end;
}

/* Run a transliterator over u[0..n) into the scratch buffer *b (u must
 * not point into it). */
static int run_utrans(UChar **b, size_t *cap, int32_t *outlen,
	UTransliterator *tr, const UChar *u, int32_t n)
{
	UChar *piece = NULL;
	size_t pcap = 0;
	int32_t at = 0, done = 0, plen = 0;
	int error = 0;

	if (n <= RULES_PIECE)
		return run_utrans1(b, cap, outlen, tr, u, n);
	while (at < n) {
		int32_t end = piece_end(u, at, n);

		if ((error = run_utrans1(&piece, &pcap, &plen, tr, u + at,
				end - at)) < 0)
			break;
		if (plen > INT32_MAX - done) {
			error = glossa_error__set(GLOSSA_ERRCLASS_INVALID,
				GLOSSA_EINVALID, "word too long to transliterate");
			break;
		}
		if ((error = reserve16(b, cap, (size_t)(done + plen))) < 0)
			break;
		memcpy(*b + done, piece, (size_t)plen * sizeof(UChar));
		done += plen;
		at = end;
	}
	free(piece);
	if (error == 0)
		*outlen = done;
	return error;
}

/* Lower- or upper-case u[0..n) into the scratch buffer *b. */
static int recase16(UChar **b, size_t *cap, int32_t *outlen, bool upper,
	const UChar *u, int32_t n)
{
	size_t want = (size_t)n + 1;

	for (;;) {
		UErrorCode st = U_ZERO_ERROR;
		int32_t len;
		int error;

		if ((error = reserve16(b, cap, want)) < 0)
			return error;
		len = (upper ? u_strToUpper : u_strToLower)(*b, (int32_t)*cap,
			u, n, "", &st);
		if (st == U_BUFFER_OVERFLOW_ERROR && (size_t)len >= want) {
			want = (size_t)len + 1;
			continue;
		}
		if (U_FAILURE(st))
			return glossa_error__set(GLOSSA_ERRCLASS_ICU,
				GLOSSA_ERROR, "case mapping failed: %s",
				u_errorName(st));
		*outlen = len;
		return 0;
	}
}

/* Append u[0..n) to out as UTF-8. */
static int put16(glossa_buf *out, const UChar *u, int32_t n)
{
	UErrorCode st = U_ZERO_ERROR;
	size_t room;
	int32_t len = 0;

	if ((size_t)n > (SIZE_MAX - out->size - 1) / 3)
		return glossa_error__nomem();
	if (glossa__grow((void **)&out->ptr, &out->asize,
			out->size + (size_t)n * 3 + 1, 1) < 0)
		return GLOSSA_ERROR;
	room = out->asize - out->size;
	u_strToUTF8(out->ptr + out->size, room > INT32_MAX ? INT32_MAX :
		(int32_t)room, &len, u, n, &st);
	if (U_FAILURE(st))
		return glossa_error__set(GLOSSA_ERRCLASS_ICU, GLOSSA_ERROR,
			"UTF-16 conversion failed: %s", u_errorName(st));
	out->size += (size_t)len;
	out->ptr[out->size] = '\0';
	return 0;
}

case_pattern glossa_translit__pattern_of(const UChar *u, int32_t n)
{
	int32_t i = 0, upper = 0, lower = 0;
	bool first_upper = false, seen = false;

	while (i < n) {
		UChar32 c;

		U16_NEXT(u, i, n, c);
		if (u_isUUppercase(c) || u_istitle(c)) {
			upper++;
			if (!seen)
				first_upper = true;
			seen = true;
		} else if (u_isULowercase(c)) {
			lower++;
			seen = true;
		}
	}
	if (upper >= 2 && lower == 0)
		return CASE_UPPER;
	return first_upper ? CASE_TITLE : CASE_LOWER;
}

/* Title-case `u` (lower case) in place: its first letter. */
static void title_case(UChar *u, int32_t n)
{
	int32_t i = 0;

	while (i < n) {
		int32_t at = i;
		UChar32 c, t;

		U16_NEXT(u, i, n, c);
		if (!u_isalpha(c))
			continue;
		t = u_totitle(c);
		/* Same length in UTF-16 for every letter the schemes emit. */
		if (U16_LENGTH(t) == i - at) {
			int32_t j = at;
			UBool err = false;
			U16_APPEND(u, j, n, t, err);
			(void)err;
		}
		/* Two letters tied by U+0361 are one letter of the source
		 * (ALA-LC: Ц -> T͡S, Я -> I͡A): both are capitals. */
		if (i + 1 < n && u[i] == 0x0361 && !U16_IS_SURROGATE(u[i + 1]))
			u[i + 1] = (UChar)u_toupper(u[i + 1]);
		break;
	}
}

/* Arabic has no case: a name in Latin letters starts with a capital, and
 * so does the name after the article, assimilated or not ("al-Asad",
 * "ash-Shara"). The capital goes on the first letter that has case:
 * ALA-LC's ʿ and ʾ have none ("ʿUmar"). */
static void name_case(UChar *u, int32_t n)
{
	int32_t i = 0, start = 0;

	/* the article as the rules write it: a, one or two letters, - */
	if (n > 3 && u[0] == 'a') {
		for (i = 1; i < 4 && i < n && u[i] >= 'a' && u[i] <= 'z'; i++)
			;
		if (i >= 2 && i < n && u[i] == '-')
			start = i + 1;
	}
	for (i = start; i < n; i++) {
		if (U16_IS_SURROGATE(u[i]))
			continue;
		if (u_isULowercase(u[i])) {
			UChar32 t = u_totitle(u[i]);

			if (!U_IS_SUPPLEMENTARY(t))
				u[i] = (UChar)t;
			break;
		}
		if (u_isUUppercase(u[i]) || u_istitle(u[i]))
			break;
	}
}

/* pattern_of() and lower-casing in one pass, for plain Russian letters
 * (А-Я, а-я, Ё, ё: all cased, one UTF-16 unit each). False when u has
 * other characters. */
static bool ru_lower16(UChar *d, const UChar *u, int32_t n, case_pattern *p)
{
	int32_t i, upper = 0;

	for (i = 0; i < n; i++) {
		UChar c = u[i];

		if (c >= 0x0410 && c <= 0x042F) {
			d[i] = (UChar)(c + 0x20);
			upper++;
		} else if (c == 0x0401) {
			d[i] = 0x0451;
			upper++;
		} else if ((c >= 0x0430 && c <= 0x044F) || c == 0x0451) {
			d[i] = c;
		} else {
			return false;
		}
	}
	*p = upper >= 2 && upper == n ? CASE_UPPER :
		upper > 0 && u[0] <= 0x042F ? CASE_TITLE : CASE_LOWER;
	return true;
}

/* One hump of a word (u[0..n), in t->u1) through the rules. */
static int rules_hump(glossa_buf *out, glossa_translit *t,
	UTransliterator *tr, int mode, const UChar *u, int32_t n)
{
	const UChar *src = u;
	UChar *r;
	int32_t ns = n, nr = 0, nu = 0;
	case_pattern p = CASE_LOWER;
	int error;

	if (mode == RW_CASED) {
		if ((error = reserve16(&t->u2, &t->c2, (size_t)n + 1)) < 0)
			return error;
		if (!ru_lower16(t->u2, u, n, &p)) {
			p = glossa_translit__pattern_of(u, n);
			if ((error = recase16(&t->u2, &t->c2, &ns, false, u,
					n)) < 0)
				return error;
		}
		src = t->u2;
	}
	if ((error = run_utrans(&t->u3, &t->c3, &nr, tr, src, ns)) < 0)
		return error;
	r = t->u3;
	if (mode == RW_CASED && p == CASE_UPPER) {
		if ((error = recase16(&t->u2, &t->c2, &nu, true, r, nr)) < 0)
			return error;
		r = t->u2;
		nr = nu;
	} else if (mode == RW_CASED && p == CASE_TITLE) {
		title_case(r, nr);
	} else if (mode == RW_NAME) {
		name_case(r, nr);
	}
	return put16(out, r, nr);
}

/* Transliterate one word (or a run of one script inside a word) with the
 * rules, case pattern kept. Words in mixed case ("МакДональд") go hump
 * by hump: split at each capital that follows a small letter, or an
 * apostrophe and is followed by a small one ("О'Нил" is O'Nil). Appends
 * UTF-8 to `out`. */
int glossa_translit__rules_word(glossa_buf *out, glossa_translit *t,
	UTransliterator *tr, int mode, const char *w, size_t len)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t n = 0, i = 0, hump = 0;
	bool prev_lower = false, prev_apos = false;
	size_t start = out->size;
	int error;

	if (len > INT32_MAX / 2)
		return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_EINVALID, "text too long (%zu bytes)", len);
	t->pattern = NULL;
	if (mode & RW_VOWEL) {
		/* Arabic: the word vowelled by its pattern (translit_ar.c),
		 * written to the end of `out` for a moment */
		mode &= ~RW_VOWEL;
		if ((error = glossa_translit__ar_vowel(out, &t->pattern, w,
				len)) < 0)
			return error;
		w = out->ptr ? out->ptr + start : "";
		len = out->size - start;
		if (len > INT32_MAX / 2)
			return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
				GLOSSA_EINVALID, "text too long (%zu bytes)",
				len);
	}
	if ((error = reserve16(&t->u1, &t->c1, len + 1)) < 0)
		return error;
	u_strFromUTF8(t->u1, (int32_t)t->c1, &n, w, (int32_t)len, &st);
	if (out->size > start) {
		out->size = start;
		out->ptr[start] = '\0';
	}
	if (U_FAILURE(st))
		return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_EINVALID, "invalid UTF-8");
	mode &= ~RW_VOWEL;
	if (mode != RW_CASED)
		return rules_hump(out, t, tr, mode, t->u1, n);
	while (i < n) {
		int32_t at = i;
		UChar32 c;

		U16_NEXT(t->u1, i, n, c);
		if (u_isUUppercase(c) && (prev_lower ||
		    (prev_apos && i < n && u_isULowercase(t->u1[i])))) {
			if ((error = rules_hump(out, t, tr, mode, t->u1 + hump,
					at - hump)) < 0)
				return error;
			hump = at;
		}
		prev_lower = u_isULowercase(c);
		prev_apos = c == 0x27 || c == 0x2019 || c == 0x02BC;
	}
	return rules_hump(out, t, tr, mode, t->u1 + hump, n - hump);
}
