/*
 * UTF-8 <-> UTF-16 bridging for ICU. Every conversion in the library goes
 * through here, so the rest of the code sees UTF-8 only.
 */
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>
#include <unicode/ustring.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include "internal.h"
#include "ustr.h"

bool glossa_utf8__valid(const char *s, size_t len, size_t *bad)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t i = 0;

	while (i < len) {
		UChar32 c;
		size_t start = i;

		/* Fast path for ASCII runs, eight bytes at a time. */
		if (p[i] < 0x80) {
			uint64_t w;

			i++;
			while (len - i >= 8) {
				memcpy(&w, p + i, 8);
				if (w & UINT64_C(0x8080808080808080))
					break;
				i += 8;
			}
			continue;
		}
		/* Two-byte sequences (Cyrillic, Arabic, Latin with
		 * diacritics), the bulk of non-ASCII text: lead C2-DF,
		 * one continuation byte. */
		if (p[i] >= 0xC2 && p[i] <= 0xDF && len - i >= 2 &&
		    (p[i + 1] & 0xC0) == 0x80) {
			i += 2;
			continue;
		}
		if (len - i > INT32_MAX) {
			/* U8_NEXT takes int32_t lengths; a sequence is at most
			 * 4 bytes, so a bounded window is enough. */
			int32_t j = 0;
			U8_NEXT(p + i, j, 4, c);
			i += (size_t)j;
		} else {
			int32_t j = 0, n = (int32_t)(len - i);
			U8_NEXT(p + i, j, n, c);
			i += (size_t)j;
		}
		if (c < 0) {
			if (bad)
				*bad = start;
			return false;
		}
	}
	return true;
}

unsigned glossa_utf8__line_of(const char *s, size_t off)
{
	unsigned line = 1;
	const char *p = s, *end = s + off;

	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		line++;
		p++;
	}
	return line;
}

int glossa_ustr__from_utf8(UChar **out, int32_t *outlen, const char *s,
	size_t len)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t n = 0;
	UChar *u;

	*out = NULL;
	if (len > INT32_MAX / 2)
		return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_EINVALID, "text too long (%zu bytes)", len);
	u_strFromUTF8(NULL, 0, &n, s, (int32_t)len, &st);
	if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
		return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_EINVALID, "invalid UTF-8");
	st = U_ZERO_ERROR;
	if ((u = glossa__malloc(((size_t)n + 1) * sizeof(UChar))) == NULL)
		return GLOSSA_ERROR;
	u_strFromUTF8(u, n + 1, NULL, s, (int32_t)len, &st);
	if (U_FAILURE(st)) {
		free(u);
		return glossa_error__set(GLOSSA_ERRCLASS_ICU, GLOSSA_ERROR,
			"UTF-8 conversion failed: %s", u_errorName(st));
	}
	*out = u;
	if (outlen)
		*outlen = n;
	return 0;
}

int glossa_ustr__to_utf8(char **out, size_t *outlen, const UChar *u,
	int32_t len)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t n = 0;
	char *s;

	*out = NULL;
	u_strToUTF8(NULL, 0, &n, u, len, &st);
	if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
		return glossa_error__set(GLOSSA_ERRCLASS_ICU, GLOSSA_ERROR,
			"UTF-16 conversion failed: %s", u_errorName(st));
	st = U_ZERO_ERROR;
	if ((s = glossa__malloc((size_t)n + 1)) == NULL)
		return GLOSSA_ERROR;
	u_strToUTF8(s, n + 1, NULL, u, len, &st);
	if (U_FAILURE(st)) {
		free(s);
		return glossa_error__set(GLOSSA_ERRCLASS_ICU, GLOSSA_ERROR,
			"UTF-16 conversion failed: %s", u_errorName(st));
	}
	*out = s;
	if (outlen)
		*outlen = (size_t)n;
	return 0;
}

/* Run a UTF-16 string through a normalizer into a new buffer. */
static int normalize(UChar **out, int32_t *outlen, const UNormalizer2 *norm,
	const UChar *u, int32_t len)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t n = unorm2_normalize(norm, u, len, NULL, 0, &st);
	UChar *r;

	if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
		return glossa_error__set(GLOSSA_ERRCLASS_ICU, GLOSSA_ERROR,
			"normalization failed: %s", u_errorName(st));
	st = U_ZERO_ERROR;
	if ((r = glossa__malloc(((size_t)n + 1) * sizeof(UChar))) == NULL)
		return GLOSSA_ERROR;
	unorm2_normalize(norm, u, len, r, n + 1, &st);
	if (U_FAILURE(st)) {
		free(r);
		return glossa_error__set(GLOSSA_ERRCLASS_ICU, GLOSSA_ERROR,
			"normalization failed: %s", u_errorName(st));
	}
	*out = r;
	*outlen = n;
	return 0;
}

int glossa_ustr__nfc(UChar **out, int32_t *outlen, const UChar *u,
	int32_t len)
{
	UErrorCode st = U_ZERO_ERROR;
	const UNormalizer2 *nfc = unorm2_getNFCInstance(&st);

	if (U_FAILURE(st))
		return glossa_error__set(GLOSSA_ERRCLASS_ICU, GLOSSA_ERROR,
			"cannot load NFC data: %s", u_errorName(st));
	return normalize(out, outlen, nfc, u, len);
}

int glossa_ustr__fold(UChar **out, int32_t *outlen, const UChar *u,
	int32_t len)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t n = u_strFoldCase(NULL, 0, u, len, U_FOLD_CASE_DEFAULT, &st);
	UChar *r;

	if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
		return glossa_error__set(GLOSSA_ERRCLASS_ICU, GLOSSA_ERROR,
			"case folding failed: %s", u_errorName(st));
	st = U_ZERO_ERROR;
	if ((r = glossa__malloc(((size_t)n + 1) * sizeof(UChar))) == NULL)
		return GLOSSA_ERROR;
	u_strFoldCase(r, n + 1, u, len, U_FOLD_CASE_DEFAULT, &st);
	if (U_FAILURE(st)) {
		free(r);
		return glossa_error__set(GLOSSA_ERRCLASS_ICU, GLOSSA_ERROR,
			"case folding failed: %s", u_errorName(st));
	}
	*out = r;
	*outlen = n;
	return 0;
}

bool glossa_ustr__is_nfc(const char *s)
{
	UErrorCode st = U_ZERO_ERROR;
	const UNormalizer2 *nfc = unorm2_getNFCInstance(&st);
	UChar *u;
	int32_t n;
	bool ok;

	if (U_FAILURE(st))
		return false;
	if (glossa_ustr__from_utf8(&u, &n, s, strlen(s)) < 0)
		return false;
	ok = unorm2_isNormalized(nfc, u, n, &st) && U_SUCCESS(st);
	free(u);
	return ok;
}

int glossa_ustr__key(char **out, const char *s)
{
	UChar *u = NULL, *a = NULL, *b = NULL;
	int32_t n, na, nb;
	int error;

	*out = NULL;
	/* NFC, fold, NFC again: folding can un-compose (e.g. U+0130). */
	if ((error = glossa_ustr__from_utf8(&u, &n, s, strlen(s))) < 0 ||
	    (error = glossa_ustr__nfc(&a, &na, u, n)) < 0 ||
	    (error = glossa_ustr__fold(&b, &nb, a, na)) < 0)
		goto out;
	free(a);
	a = NULL;
	if ((error = glossa_ustr__nfc(&a, &na, b, nb)) < 0)
		goto out;
	error = glossa_ustr__to_utf8(out, NULL, a, na);
out:
	free(u);
	free(a);
	free(b);
	return error;
}

const char *glossa_ustr__script(const char *s)
{
	return glossa_ustr__script_n(s, strlen(s));
}

const char *glossa_ustr__script_n(const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s;
	int32_t i = 0, len = n > INT32_MAX ? INT32_MAX : (int32_t)n;
	UScriptCode found = USCRIPT_INVALID_CODE;

	while (i < len) {
		UErrorCode st = U_ZERO_ERROR;
		UScriptCode sc;
		UChar32 c;

		U8_NEXT(p, i, len, c);
		if (c < 0)
			return "Zmix";
		sc = uscript_getScript(c, &st);
		if (U_FAILURE(st) || sc == USCRIPT_COMMON ||
		    sc == USCRIPT_INHERITED)
			continue;
		if (found == USCRIPT_INVALID_CODE)
			found = sc;
		else if (found != sc)
			return "Zmix";
	}
	if (found == USCRIPT_INVALID_CODE)
		return "Zyyy";
	return uscript_getShortName(found);
}

int glossa_ustr__utext_utf8(UText **out, const char *s, size_t len)
{
	UErrorCode st = U_ZERO_ERROR;
	UText *ut;

	*out = NULL;
	if (len > INT64_MAX)
		return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_EINVALID, "text too long (%zu bytes)", len);
	ut = utext_openUTF8(NULL, s ? s : "", (int64_t)len, &st);
	if (U_FAILURE(st))
		return glossa_error__set(GLOSSA_ERRCLASS_ICU, GLOSSA_ERROR,
			"cannot open text: %s", u_errorName(st));
	*out = ut;
	return 0;
}

typedef int32_t (*case_fn)(UChar *, int32_t, const UChar *, int32_t,
	const char *, UErrorCode *);

static int recase(UChar **out, int32_t *outlen, case_fn fn, const UChar *u,
	int32_t len)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t n = fn(NULL, 0, u, len, "", &st);
	UChar *r;

	if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
		return glossa_error__set(GLOSSA_ERRCLASS_ICU, GLOSSA_ERROR,
			"case mapping failed: %s", u_errorName(st));
	st = U_ZERO_ERROR;
	if ((r = glossa__malloc(((size_t)n + 1) * sizeof(UChar))) == NULL)
		return GLOSSA_ERROR;
	fn(r, n + 1, u, len, "", &st);
	if (U_FAILURE(st)) {
		free(r);
		return glossa_error__set(GLOSSA_ERRCLASS_ICU, GLOSSA_ERROR,
			"case mapping failed: %s", u_errorName(st));
	}
	*out = r;
	*outlen = n;
	return 0;
}

int glossa_ustr__upper16(UChar **out, int32_t *outlen, const UChar *u,
	int32_t len)
{
	return recase(out, outlen, u_strToUpper, u, len);
}

int glossa_ustr__lower16(UChar **out, int32_t *outlen, const UChar *u,
	int32_t len)
{
	return recase(out, outlen, u_strToLower, u, len);
}

int glossa_ustr__upper(char **out, size_t *outlen, const char *s, size_t len)
{
	UErrorCode st = U_ZERO_ERROR;
	UChar *u = NULL, *r = NULL;
	int32_t n, nr;
	int error;

	*out = NULL;
	if ((error = glossa_ustr__from_utf8(&u, &n, s, len)) < 0)
		return error;
	nr = u_strToUpper(NULL, 0, u, n, "", &st);
	if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st)) {
		error = glossa_error__set(GLOSSA_ERRCLASS_ICU, GLOSSA_ERROR,
			"upper-casing failed: %s", u_errorName(st));
		goto out;
	}
	st = U_ZERO_ERROR;
	if ((r = glossa__malloc(((size_t)nr + 1) * sizeof(UChar))) == NULL) {
		error = GLOSSA_ERROR;
		goto out;
	}
	u_strToUpper(r, nr + 1, u, n, "", &st);
	if (U_FAILURE(st)) {
		error = glossa_error__set(GLOSSA_ERRCLASS_ICU, GLOSSA_ERROR,
			"upper-casing failed: %s", u_errorName(st));
		goto out;
	}
	error = glossa_ustr__to_utf8(out, outlen, r, nr);
out:
	free(u);
	free(r);
	return error;
}

/*
 * The matching fold of one code point: the first character of its
 * canonical decomposition (so "ğ" and "g" + U+0306 both give "g"), then
 * simple case folding (one code point in, one out, so byte offsets stay
 * easy to follow), then a few letters that have no decomposition but
 * that people write without their stroke: ı ł ø đ ħ ŧ, and the Arabic
 * alef/yeh/teh marbuta/Persian letter forms that drafts mix freely:
 * ی ى ي (and ئ, ي + hamza) are ي, ک ك are ك, ة ۀ ه are ه. ZWNJ,
 * tatweel and harakat are marks (uchar.c), skipped.
 */
/* The first character of c's decomposition by `norm` when the rest are
 * marks ("ǆ" stays itself), and when `letter` it must be a letter other
 * than tatweel; else c. */
static UChar32 decomposed_base(const UNormalizer2 *norm, UChar32 c,
	bool letter)
{
	UErrorCode st = U_ZERO_ERROR;
	UChar buf[8];
	int32_t n, i = 0;
	UChar32 b;

	if (norm == NULL ||
	    (n = unorm2_getDecomposition(norm, c, buf, 8, &st)) <= 0 ||
	    U_FAILURE(st))
		return c;
	U16_NEXT(buf, i, n, b);
	if (letter && (u_charType(b) != U_OTHER_LETTER || b == 0x0640))
		return c;
	return i == n || (U_GET_GC_MASK(buf[i]) & U_GC_M_MASK) ? b : c;
}

UChar32 glossa_ustr__fold_char(UChar32 c)
{
	UErrorCode st = U_ZERO_ERROR, st2 = U_ZERO_ERROR;
	const UNormalizer2 *nfd = unorm2_getNFDInstance(&st);

	if (U_FAILURE(st))
		nfd = NULL;
	/* Arabic presentation forms (text copied out of PDFs): the letter
	 * they show, when that is one letter (ﻯ ى, ﯾ ی; not the ligatures
	 * ﻻ or ﷲ, and not a lone mark's form). */
	if ((c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF)) {
		const UNormalizer2 *nfkd = unorm2_getNFKDInstance(&st2);

		c = decomposed_base(U_SUCCESS(st2) ? nfkd : NULL, c, true);
	}
	c = decomposed_base(nfd, c, false);
	c = u_foldCase(c, U_FOLD_CASE_DEFAULT);
	switch (c) {
	case 0x0131: return 'i';     /* ı */
	case 0x0142: return 'l';     /* ł */
	case 0x00F8: return 'o';     /* ø */
	case 0x0111: return 'd';     /* đ */
	case 0x0127: return 'h';     /* ħ */
	case 0x0167: return 't';     /* ŧ */
	case 0x0671: return 0x0627;  /* ٱ -> ا */
	case 0x0649: return 0x064A;  /* ى -> ي */
	case 0x06CC: return 0x064A;  /* ی -> ي */
	case 0x06A9: return 0x0643;  /* ک -> ك */
	case 0x0629: return 0x0647;  /* ة -> ه */
	case 0x06D5: return 0x0647;  /* ە -> ه: ۀ (ezafe) is ە + hamza */
	}
	return c;
}

int glossa_ustr__charset(char **out, size_t *outlen, const char *s,
	size_t len, const char *charset, bool to_utf8)
{
	const char *from = to_utf8 ? charset : "UTF-8";
	const char *to = to_utf8 ? "UTF-8" : charset;
	UErrorCode st = U_ZERO_ERROR;
	int32_t n;
	char *r;

	*out = NULL;
	if (len > INT32_MAX / 4)
		return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_EINVALID, "text too long (%zu bytes)", len);
	n = ucnv_convert(to, from, NULL, 0, s, (int32_t)len, &st);
	if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
		return glossa_error__set(GLOSSA_ERRCLASS_ICU, GLOSSA_ERROR,
			"cannot convert between UTF-8 and %s: %s", charset,
			u_errorName(st));
	st = U_ZERO_ERROR;
	if ((r = glossa__malloc((size_t)n + 1)) == NULL)
		return GLOSSA_ERROR;
	ucnv_convert(to, from, r, n + 1, s, (int32_t)len, &st);
	if (U_FAILURE(st)) {
		free(r);
		return glossa_error__set(GLOSSA_ERRCLASS_ICU, GLOSSA_ERROR,
			"cannot convert between UTF-8 and %s: %s", charset,
			u_errorName(st));
	}
	r[n] = '\0';
	*out = r;
	if (outlen)
		*outlen = (size_t)n;
	return 0;
}

int glossa_ustr__put_visible(glossa_buf *out, const char *s)
{
	const uint8_t *p = (const uint8_t *)s;
	int32_t i = 0, n = (int32_t)strlen(s), run = 0;

	while (i < n) {
		int32_t at = i;
		UChar32 c;
		int8_t t;
		int e = 0;

		U8_NEXT(p, i, n, c);
		t = c < 0 ? U_UNASSIGNED : u_charType(c);
		if (c >= 0 && t != U_CONTROL_CHAR && t != U_FORMAT_CHAR &&
		    t != U_LINE_SEPARATOR && t != U_PARAGRAPH_SEPARATOR)
			continue;
		if (glossa_buf_put(out, s + run, (size_t)(at - run)) < 0)
			return GLOSSA_ERROR;
		run = i;
		if (c < 0) {
			int32_t k;

			for (k = at; k < i && e >= 0; k++)
				e = glossa_buf_printf(out, "\\x%02x", p[k]);
		} else if (c == '\n') {
			e = glossa_buf_puts(out, "\\n");
		} else if (c == '\t') {
			e = glossa_buf_puts(out, "\\t");
		} else if (c < 0x80) {
			e = glossa_buf_printf(out, "\\x%02x", (unsigned)c);
		} else {
			e = glossa_buf_printf(out, "\\u%04x", (unsigned)c);
		}
		if (e < 0)
			return GLOSSA_ERROR;
	}
	return glossa_buf_put(out, s + run, (size_t)(n - run));
}
