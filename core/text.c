/*
 * The text layer: UTF-8 validation, NFC and keys, and ICU segmentation.
 *
 * Segmentation runs an ICU break iterator over a UText that reads the
 * UTF-8 in place (ustr.c), so the boundaries ICU reports are already byte
 * offsets into the caller's text: nothing is copied or re-encoded, and no
 * offset table is needed.
 */
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include "internal.h"
#include "ustr.h"

struct glossa_segmenter {
	glossa_segment_unit unit;
	UBreakIterator *bi;
	UText *ut;
	const char *text;
	size_t len;
	int32_t pos;   /* start of the next token */
};

int glossa_text_validate(const char *text, size_t len, const char *source)
{
	size_t bad = 0;

	if (len > 0 && text == NULL)
		return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_EINVALID, "no text");
	if (glossa_utf8__valid(text, len, &bad))
		return 0;
	if (source)
		return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_EINVALID, "%s:%u: invalid UTF-8 at byte %zu",
			source, glossa_utf8__line_of(text, bad), bad);
	return glossa_error__set(GLOSSA_ERRCLASS_INVALID, GLOSSA_EINVALID,
		"line %u: invalid UTF-8 at byte %zu",
		glossa_utf8__line_of(text, bad), bad);
}

int glossa_text_nfc(glossa_buf *out, const char *text, size_t len)
{
	UChar *u = NULL, *n = NULL;
	int32_t nu, nn;
	char *s = NULL;
	size_t ns;
	int error;

	if ((error = glossa_text_validate(text, len, NULL)) < 0)
		return error;
	if ((error = glossa_ustr__from_utf8(&u, &nu, text, len)) < 0 ||
	    (error = glossa_ustr__nfc(&n, &nn, u, nu)) < 0 ||
	    (error = glossa_ustr__to_utf8(&s, &ns, n, nn)) < 0)
		goto out;
	error = glossa_buf_put(out, s, ns);
out:
	free(u);
	free(n);
	free(s);
	return error;
}

int glossa_text_key(glossa_buf *out, const char *text, size_t len)
{
	char *copy, *key = NULL;
	int error;

	if ((error = glossa_text_validate(text, len, NULL)) < 0)
		return error;
	if ((copy = glossa__strndup(text ? text : "", len)) == NULL)
		return GLOSSA_ERROR;
	if ((error = glossa_ustr__key(&key, copy)) == 0)
		error = glossa_buf_puts(out, key);
	free(copy);
	free(key);
	return error;
}

const char *glossa_text_script(const char *text, size_t len)
{
	return glossa_ustr__script_n(text ? text : "", len);
}

int glossa_segmenter_new(glossa_segmenter **out, glossa_segment_unit unit)
{
	UErrorCode st = U_ZERO_ERROR;
	glossa_segmenter *seg;

	*out = NULL;
	if (unit != GLOSSA_SEGMENT_WORD && unit != GLOSSA_SEGMENT_SENTENCE)
		return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_EINVALID, "unknown segment unit %d", (int)unit);
	if ((seg = glossa__calloc(1, sizeof(*seg))) == NULL)
		return GLOSSA_ERROR;
	seg->unit = unit;
	seg->bi = ubrk_open(unit == GLOSSA_SEGMENT_WORD ? UBRK_WORD :
		UBRK_SENTENCE, "", NULL, 0, &st);
	if (U_FAILURE(st)) {
		free(seg);
		return glossa_error__set(GLOSSA_ERRCLASS_ICU, GLOSSA_ERROR,
			"cannot open the ICU break iterator: %s",
			u_errorName(st));
	}
	*out = seg;
	return 0;
}

void glossa_segmenter_free(glossa_segmenter *seg)
{
	if (seg == NULL)
		return;
	ubrk_close(seg->bi);
	utext_close(seg->ut);
	free(seg);
}

int glossa_segmenter_set_text(glossa_segmenter *seg, const char *text,
	size_t len)
{
	UErrorCode st = U_ZERO_ERROR;
	int error;

	if ((error = glossa_text_validate(text, len, NULL)) < 0)
		return error;
	if (len > INT32_MAX)
		return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_EINVALID, "text too long (%zu bytes)", len);
	utext_close(seg->ut);
	seg->ut = NULL;
	seg->text = text ? text : "";
	seg->len = len;
	seg->pos = 0;
	if ((error = glossa_ustr__utext_utf8(&seg->ut, seg->text, len)) < 0)
		return error;
	ubrk_setUText(seg->bi, seg->ut, &st);
	if (U_FAILURE(st))
		return glossa_error__set(GLOSSA_ERRCLASS_ICU, GLOSSA_ERROR,
			"cannot segment the text: %s", u_errorName(st));
	ubrk_first(seg->bi);
	return 0;
}

/* What an ICU "none" word segment is: all white space, or punctuation. */
static glossa_token_kind none_kind(const char *s, size_t len)
{
	const uint8_t *p = (const uint8_t *)s;
	int32_t i = 0, n = (int32_t)len;

	while (i < n) {
		UChar32 c;

		U8_NEXT(p, i, n, c);
		if (c < 0 || !u_isUWhiteSpace(c))
			return GLOSSA_TOKEN_PUNCT;
	}
	return GLOSSA_TOKEN_SPACE;
}

int glossa_segmenter_next(glossa_token *tok, glossa_segmenter *seg)
{
	int32_t end, status;
	const char *sc;

	if (seg->ut == NULL || (size_t)seg->pos >= seg->len)
		return GLOSSA_ITEROVER;
	end = ubrk_following(seg->bi, seg->pos);
	if (end == UBRK_DONE || end <= seg->pos)
		end = (int32_t)seg->len;
	tok->start = (size_t)seg->pos;
	tok->end = (size_t)end;
	sc = glossa_ustr__script_n(seg->text + tok->start,
		tok->end - tok->start);
	if (seg->unit == GLOSSA_SEGMENT_SENTENCE) {
		tok->kind = GLOSSA_TOKEN_SENTENCE;
	} else {
		status = ubrk_getRuleStatus(seg->bi);
		/* ICU gives letters-and-digits ("МиГ29", "Ту154") the number
		 * status; with letters in it, it is a word to us. */
		if (status >= UBRK_WORD_NUMBER &&
		    status < UBRK_WORD_NUMBER_LIMIT && strcmp(sc, "Zyyy") == 0)
			tok->kind = GLOSSA_TOKEN_NUMBER;
		else if (status >= UBRK_WORD_LETTER ||
			 (status >= UBRK_WORD_NUMBER &&
			  status < UBRK_WORD_NUMBER_LIMIT))
			tok->kind = GLOSSA_TOKEN_WORD;
		else
			tok->kind = none_kind(seg->text + tok->start,
				tok->end - tok->start);
	}
	memcpy(tok->script, sc, 4);
	tok->script[4] = '\0';
	seg->pos = end;
	return 0;
}

int glossa_text_segment(glossa_token **out, size_t *n, const char *text,
	size_t len, glossa_segment_unit unit)
{
	glossa_segmenter *seg = NULL;
	glossa_token *toks = NULL, t;
	size_t nt = 0, at = 0;
	int error;

	*out = NULL;
	*n = 0;
	if ((error = glossa_segmenter_new(&seg, unit)) < 0)
		return error;
	if ((error = glossa_segmenter_set_text(seg, text, len)) < 0)
		goto out;
	while ((error = glossa_segmenter_next(&t, seg)) == 0) {
		if ((error = glossa__grow((void **)&toks, &at, nt + 1,
				sizeof(*toks))) < 0)
			goto out;
		toks[nt++] = t;
	}
	if (error == GLOSSA_ITEROVER)
		error = 0;
out:
	glossa_segmenter_free(seg);
	if (error < 0) {
		free(toks);
		return error;
	}
	*out = toks;
	*n = nt;
	return 0;
}
