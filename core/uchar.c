/*
** The code-point table: what every name-reading module knows of a code
** point (its class, its case and its folded form), asked of ICU once per
** process for the BMP and on demand beyond it.
*/
#include <pthread.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include "internal.h"
#include "uchar.h"
#include "ustr.h"


/* The script of a letter, as the check tells them apart. */
static uint32_t script_of(UChar32 c)
{
	UErrorCode st = U_ZERO_ERROR;
	UScriptCode sc = uscript_getScript(c, &st);

	if (U_FAILURE(st))
		return S_OTHER;
	switch (sc) {
	case USCRIPT_LATIN:
		return S_LATN;
	case USCRIPT_CYRILLIC:
		return S_CYRL;
	case USCRIPT_ARABIC:
		return S_ARAB;
	case USCRIPT_GREEK:
		return S_GREK;
	case USCRIPT_COMMON:
	case USCRIPT_INHERITED:
		return S_COMMON;
	default:
		return S_OTHER;
	}
}

uint32_t glossa_uchar__classify(UChar32 c)
{
	uint32_t cls = C_OTHER, flags = 0;
	UChar32 f = c;

	switch (c) {
	case ' ': case '\n': case 0x00A0: case 0x1680: case 0x2002:
	case 0x2003: case 0x2004: case 0x2005: case 0x2006: case 0x2007:
	case 0x2008: case 0x2009: case 0x200A: case 0x202F: case 0x205F:
	case 0x3000:
		return (uint32_t)C_SPACE << 24 | (uint32_t)c;
	case '-': case 0x2010: case 0x2011: case 0x2012: case 0x2013:
	case 0x2014: case 0x2015: case 0x2212: case 0xFE58: case 0xFE63:
	case 0xFF0D:
		return (uint32_t)C_HYPH << 24 | (uint32_t)c;
	case '\r':
		return (uint32_t)C_CR << 24 | (uint32_t)c;
	case '\'': case '`': case 0x00B4: case 0x02BB: case 0x02BC:
	case 0x02BE: case 0x02BF: case 0x2018: case 0x2019: case 0x2032:
		return (uint32_t)C_APOS << 24 | '\'';
	case 0x00AD: case 0x200C: case 0x200D: case 0x2060: case 0x0640:
		return (uint32_t)C_MARK << 24 | (uint32_t)c;
	}
	switch (u_charType(c)) {
	case U_UPPERCASE_LETTER:
	case U_TITLECASE_LETTER:
		flags = T_UPPER;
		cls = C_WORD;
		break;
	case U_LOWERCASE_LETTER:
		/* Only a letter with a capital is lower case: "ĸ" or "ß"
		 * stay as they are in a headline ("QAĸORTOQ"). */
		flags = u_toupper(c) != c ? T_LOWER : 0;
		cls = C_WORD;
		break;
	case U_MODIFIER_LETTER:
	case U_OTHER_LETTER:
	case U_LETTER_NUMBER:
		cls = C_WORD;
		break;
	case U_DECIMAL_DIGIT_NUMBER:
		flags = T_DIGIT;
		cls = C_WORD;
		break;
	case U_NON_SPACING_MARK:
	case U_ENCLOSING_MARK:
	case U_COMBINING_SPACING_MARK:
		cls = C_MARK;
		break;
	default:
		break;
	}
	if (cls == C_WORD) {
		f = glossa_ustr__fold_char(c);
		if (!(flags & T_DIGIT))
			flags |= script_of(c) << 21;
	}
	return cls << 24 | flags | (uint32_t)f;
}

/*
 * What the scanner knows of each BMP code point: its class, case and
 * folded form. The same for every glossary, so computed once per process
 * (65,536 ICU look-ups cost more than loading a small cached glossary).
 */
static uint32_t fold_tab[65536];
static pthread_once_t fold_once = PTHREAD_ONCE_INIT;

static void fold_tab_init(void)
{
	uint32_t c;

	for (c = 0; c < 65536; c++)
		fold_tab[c] = (c >= 0xD800 && c <= 0xDFFF) ? 0 :
			glossa_uchar__classify((UChar32)c);
}

const uint32_t *glossa_uchar__table(void)
{
	if (pthread_once(&fold_once, fold_tab_init) != 0) {
		glossa_error__set(GLOSSA_ERRCLASS_OS, GLOSSA_ERROR,
			"cannot set up the fold table");
		return NULL;
	}
	return fold_tab;
}
