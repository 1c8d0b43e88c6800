/*
 * UTF-16 helpers for the modules that call ICU directly. Strings returned
 * are malloc'd; the caller frees them.
 */
#ifndef GLOSSA_USTR_H
#define GLOSSA_USTR_H

#include <unicode/utypes.h>
#include <unicode/utext.h>
#include "internal.h"

int glossa_ustr__from_utf8(UChar **out, int32_t *outlen, const char *s,
	size_t len);
int glossa_ustr__to_utf8(char **out, size_t *outlen, const UChar *u,
	int32_t len);
int glossa_ustr__nfc(UChar **out, int32_t *outlen, const UChar *u,
	int32_t len);
int glossa_ustr__fold(UChar **out, int32_t *outlen, const UChar *u,
	int32_t len);

/*
 * A UText over UTF-8 (no copy: ICU reads the bytes in place), so break
 * iterators report native indexes that are UTF-8 byte offsets into `s`.
 * Close with utext_close().
 */
int glossa_ustr__utext_utf8(UText **out, const char *s, size_t len);

/* glossa_ustr__script() over `len` bytes (need not be NUL-terminated). */
const char *glossa_ustr__script_n(const char *s, size_t len);

/* Upper or lower case of a UTF-16 string (u_strToUpper/u_strToLower). */
int glossa_ustr__upper16(UChar **out, int32_t *outlen, const UChar *u,
	int32_t len);
int glossa_ustr__lower16(UChar **out, int32_t *outlen, const UChar *u,
	int32_t len);

/* Full upper-casing of UTF-8 text ("ß" -> "SS"). */
int glossa_ustr__upper(char **out, size_t *outlen, const char *s,
	size_t len);
/* The matcher's fold of one code point (see ustr.c). */
UChar32 glossa_ustr__fold_char(UChar32 c);

/*
 * Convert text between UTF-8 and a legacy charset ("KOI8-R",
 * "ISO8859-1": a Hunspell dictionary's SET), through ICU converters.
 * `to_utf8` picks the direction. *out is malloc'd and NUL-terminated.
 * Characters the charset lacks become its substitution character.
 */
int glossa_ustr__charset(char **out, size_t *outlen, const char *s,
	size_t len, const char *charset, bool to_utf8);

#endif
