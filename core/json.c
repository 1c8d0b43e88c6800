/*
 * The JSON string writer every hand-written report shares (json.h).
 */
#include <stdio.h>
#include <string.h>
#include "internal.h"
#include "json.h"

/* The length of the valid UTF-8 sequence at p (p < end, *p >= 0x80), or
 * 0: overlong forms, surrogates and code points above U+10FFFF are not
 * valid (RFC 3629). */
static size_t utf8_seq(const unsigned char *p, const unsigned char *end)
{
	size_t n, i;
	unsigned char lo = 0x80, hi = 0xBF;

	if (*p >= 0xC2 && *p <= 0xDF)
		n = 2;
	else if (*p >= 0xE0 && *p <= 0xEF)
		n = 3;
	else if (*p >= 0xF0 && *p <= 0xF4)
		n = 4;
	else
		return 0;
	if ((size_t)(end - p) < n)
		return 0;
	if (*p == 0xE0)
		lo = 0xA0;        /* no overlong three-byte form */
	else if (*p == 0xED)
		hi = 0x9F;        /* no surrogates */
	else if (*p == 0xF0)
		lo = 0x90;        /* no overlong four-byte form */
	else if (*p == 0xF4)
		hi = 0x8F;        /* nothing above U+10FFFF */
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (p[i] < 0x80 || p[i] > 0xBF)
			return 0;
	return n;
}

int glossa_json__str(glossa_buf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + len, *run;

	if (glossa_buf_put(out, "\"", 1) < 0)
		return GLOSSA_ERROR;
	for (run = p; p < end; ) {
		char esc[8];
		const char *e;
		size_t n;

		if (*p >= 0x80) {
			/* Valid UTF-8 passes through; a byte that is not
			 * (a file name in another encoding) becomes U+FFFD,
			 * so the document is always valid JSON. */
			if ((n = utf8_seq(p, end)) != 0) {
				p += n;
				continue;
			}
			e = "\\ufffd";
		} else if (*p >= 0x20 && *p != '"' && *p != '\\') {
			p++;
			continue;
		} else {
			switch (*p) {
			case '"': e = "\\\""; break;
			case '\\': e = "\\\\"; break;
			case '\n': e = "\\n"; break;
			case '\r': e = "\\r"; break;
			case '\t': e = "\\t"; break;
			default:
				snprintf(esc, sizeof(esc), "\\u%04x", *p);
				e = esc;
			}
		}
		if (glossa_buf_put(out, (const char *)run,
				(size_t)(p - run)) < 0 ||
		    glossa_buf_puts(out, e) < 0)
			return GLOSSA_ERROR;
		run = ++p;
	}
	if (glossa_buf_put(out, (const char *)run, (size_t)(p - run)) < 0 ||
	    glossa_buf_put(out, "\"", 1) < 0)
		return GLOSSA_ERROR;
	return 0;
}

int glossa_json__cstr(glossa_buf *out, const char *s)
{
	if (s == NULL)
		s = "";
	return glossa_json__str(out, s, strlen(s));
}

int glossa_json__key(glossa_buf *out, const char *key, bool first)
{
	if ((!first && glossa_buf_put(out, ", ", 2) < 0) ||
	    glossa_json__cstr(out, key) < 0 ||
	    glossa_buf_put(out, ": ", 2) < 0)
		return GLOSSA_ERROR;
	return 0;
}
