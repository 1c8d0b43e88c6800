/*
 * glossa: the text layer.
 *
 * UTF-8 in, ICU underneath: validation, NFC and matching keys, word and
 * sentence segmentation, and the script of each token. Every offset is a
 * UTF-8 byte offset into the caller's original text, which is never
 * rewritten: translit, fix and check splice by these offsets.
 */
#ifndef GLOSSA_TEXT_H
#define GLOSSA_TEXT_H

#include "common.h"

GLOSSA_BEGIN_DECL

/**
 * Check that `text` is well-formed UTF-8.
 * @param source names the input in the message ("draft.txt"), or NULL.
 * @return 0, or GLOSSA_EINVALID with the message
 *         "SOURCE:LINE: invalid UTF-8 at byte OFFSET" (without source:
 *         "line LINE: invalid UTF-8 at byte OFFSET"); OFFSET is 0-based.
 */
GLOSSA_EXTERN(int) glossa_text_validate(const char *text, size_t len,
	const char *source);

/** Append the NFC form of `text` to `out`. GLOSSA_EINVALID on bad UTF-8. */
GLOSSA_EXTERN(int) glossa_text_nfc(glossa_buf *out, const char *text,
	size_t len);

/**
 * Append the matching key of `text` to `out`: NFC, full case folding, NFC
 * (the same key the store indexes forms by).
 */
GLOSSA_EXTERN(int) glossa_text_key(glossa_buf *out, const char *text,
	size_t len);

/**
 * The ISO 15924 code of the letters in `text` (ICU uscript): "Latn",
 * "Cyrl", "Arab", ...; "Zyyy" when there are no letters of any script
 * (digits, punctuation, space), "Zmix" when letters of several scripts
 * are mixed ("Lаvrov" with a Cyrillic а). A static string.
 */
GLOSSA_EXTERN(const char *) glossa_text_script(const char *text, size_t len);

typedef enum {
	GLOSSA_SEGMENT_WORD = 0,  /* words, numbers, spaces, punctuation */
	GLOSSA_SEGMENT_SENTENCE   /* sentences */
} glossa_segment_unit;

typedef enum {
	GLOSSA_TOKEN_WORD = 0,   /* letters: a word or a name */
	GLOSSA_TOKEN_NUMBER,     /* digits */
	GLOSSA_TOKEN_SPACE,      /* white space, line ends included */
	GLOSSA_TOKEN_PUNCT,      /* punctuation, symbols, anything else */
	GLOSSA_TOKEN_SENTENCE    /* a sentence (GLOSSA_SEGMENT_SENTENCE) */
} glossa_token_kind;

/**
 * One segment of the text. The tokens of a text cover it entirely, in
 * order, without gaps or overlaps.
 */
typedef struct {
	size_t start;            /* byte offset of the first byte */
	size_t end;              /* byte offset one past the last byte */
	glossa_token_kind kind;
	char script[5];          /* as glossa_text_script(): "Cyrl", "Zmix" */
} glossa_token;

/** A reusable ICU break iterator (one per thread). */
typedef struct glossa_segmenter glossa_segmenter;

/**
 * @param[out] out receives the segmenter; free with glossa_segmenter_free().
 */
GLOSSA_EXTERN(int) glossa_segmenter_new(glossa_segmenter **out,
	glossa_segment_unit unit);

/** NULL is a no-op. */
GLOSSA_EXTERN(void) glossa_segmenter_free(glossa_segmenter *seg);

/**
 * Start segmenting `text`, which is validated first (GLOSSA_EINVALID as
 * glossa_text_validate()). The text is borrowed: keep it alive and
 * unchanged while calling glossa_segmenter_next().
 */
GLOSSA_EXTERN(int) glossa_segmenter_set_text(glossa_segmenter *seg,
	const char *text, size_t len);

/**
 * The next token. @return 0, or GLOSSA_ITEROVER after the last one.
 */
GLOSSA_EXTERN(int) glossa_segmenter_next(glossa_token *tok,
	glossa_segmenter *seg);

/**
 * All tokens of `text` at once (a convenience over the segmenter).
 * @param[out] out receives an array of *n tokens; release it with free().
 *             Empty text gives *n == 0 (and *out may be NULL).
 * @return 0 or a negative error (GLOSSA_EINVALID for bad UTF-8).
 */
GLOSSA_EXTERN(int) glossa_text_segment(glossa_token **out, size_t *n,
	const char *text, size_t len, glossa_segment_unit unit);

GLOSSA_END_DECL

#endif
