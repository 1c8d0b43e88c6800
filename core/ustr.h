/*
 * UTF-16 helpers for the modules that call ICU directly. Strings returned
 * are malloc'd; the caller frees them.
 */
#ifndef GLOSSA_USTR_H
#define GLOSSA_USTR_H

#include <unicode/utypes.h>
#include "internal.h"

int glossa_ustr__from_utf8(UChar **out, int32_t *outlen, const char *s,
	size_t len);
int glossa_ustr__to_utf8(char **out, size_t *outlen, const UChar *u,
	int32_t len);
int glossa_ustr__nfc(UChar **out, int32_t *outlen, const UChar *u,
	int32_t len);
int glossa_ustr__fold(UChar **out, int32_t *outlen, const UChar *u,
	int32_t len);

#endif
