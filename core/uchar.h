/*
 * The code-point table (internal): what the name-reading modules know of
 * a code point, made once per process (uchar.c), and UTF-8 helpers for
 * text already known to be valid.
 */
#ifndef GLOSSA_UCHAR_H
#define GLOSSA_UCHAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <unicode/uchar.h>

/* Character classes of the fold table. */
enum {
	C_OTHER = 0,  /* punctuation, symbols: fed as themselves */
	C_WORD,       /* letters and digits */
	C_MARK,       /* combining marks, soft hyphen, ZWJ, tatweel: skipped */
	C_SPACE,      /* space, NBSP, LF: a joiner */
	C_HYPH,       /* hyphen and dash forms: a joiner */
	C_CR,         /* CR: a joiner only as CRLF */
	C_APOS        /* every apostrophe: folded to ' */
};

/* Scripts of letters (T_SCRIPT): what the check tells apart. */
enum {
	S_COMMON = 0, /* not a letter, or Common / Inherited */
	S_LATN,
	S_CYRL,
	S_ARAB,
	S_GREK,
	S_OTHER
};

#define T_CP(x)     ((x) & 0x1FFFFFu)
#define T_SCRIPT(x) (((x) >> 21) & 0x7u)
#define T_CLS(x)    (((x) >> 24) & 0x7u)
#define T_DIGIT     (1u << 27)  /* a C_WORD that is a decimal digit */
#define T_LOWER     (1u << 28)
#define T_UPPER     (1u << 29)

/* The table entry of a code point: class << 24 | T_* flags | script of a
 * letter << 21 | folded code point (ICU's answer). The matcher reads the
 * class, case and folded code point; the check also the script and
 * T_DIGIT. */
uint32_t glossa_uchar__classify(UChar32 c);

/* The 65,536 entries of the BMP, made on first use; NULL (error set)
 * when it cannot be made. */
const uint32_t *glossa_uchar__table(void);

static inline uint32_t glossa_uchar__info(const uint32_t *tab, uint32_t cp)
{
	return cp < 0x10000 ? tab[cp] : glossa_uchar__classify((UChar32)cp);
}

/* Decode one code point of valid UTF-8 at t[i]. */
static inline uint32_t dec(const uint8_t *t, size_t i, size_t *n)
{
	uint8_t b = t[i];

	if (b < 0x80) {
		*n = 1;
		return b;
	}
	if (b < 0xE0) {
		*n = 2;
		return (uint32_t)(b & 0x1F) << 6 | (t[i + 1] & 0x3F);
	}
	if (b < 0xF0) {
		*n = 3;
		return (uint32_t)(b & 0x0F) << 12 |
			(uint32_t)(t[i + 1] & 0x3F) << 6 | (t[i + 2] & 0x3F);
	}
	*n = 4;
	return (uint32_t)(b & 0x07) << 18 | (uint32_t)(t[i + 1] & 0x3F) << 12 |
		(uint32_t)(t[i + 2] & 0x3F) << 6 | (t[i + 3] & 0x3F);
}

static inline size_t enc(uint8_t *o, uint32_t c)
{
	if (c < 0x80) {
		o[0] = (uint8_t)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (uint8_t)(0xC0 | c >> 6);
		o[1] = (uint8_t)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		o[0] = (uint8_t)(0xE0 | c >> 12);
		o[1] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
		o[2] = (uint8_t)(0x80 | (c & 0x3F));
		return 3;
	}
	o[0] = (uint8_t)(0xF0 | c >> 18);
	o[1] = (uint8_t)(0x80 | ((c >> 12) & 0x3F));
	o[2] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
	o[3] = (uint8_t)(0x80 | (c & 0x3F));
	return 4;
}

/* The code point that ends just before t[i] (valid UTF-8, i > 0). */
static inline uint32_t dec_prev(const uint8_t *t, size_t i, size_t *n)
{
	size_t j = i - 1;

	while (j > 0 && (t[j] & 0xC0) == 0x80 && i - j < 4)
		j--;
	return dec(t, j, n);
}

static inline bool is_word_cls(uint32_t cls)
{
	return cls == C_WORD || cls == C_MARK;
}

static inline bool is_joiner_cls(uint32_t cls)
{
	return cls == C_SPACE || cls == C_HYPH || cls == C_CR;
}

/* An Arabic letter of the base blocks (Arabic, Arabic Supplement). */
static inline bool is_arabic(uint32_t cp)
{
	return (cp >= 0x0600 && cp <= 0x06FF) || (cp >= 0x0750 && cp <= 0x077F);
}

#endif
