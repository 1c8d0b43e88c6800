/*
 * The JSON string writer every hand-written report shares (json.h).
 */
#include <stdio.h>
#include <string.h>
#include "internal.h"
#include "json.h"

int glossa_json__str(glossa_buf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + len, *run;

	if (glossa_buf_put(out, "\"", 1) < 0)
		return GLOSSA_ERROR;
	for (run = p; p < end; p++) {
		char esc[8];
		const char *e;

		if (*p >= 0x20 && *p != '"' && *p != '\\')
			continue;
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
		if (glossa_buf_put(out, (const char *)run,
				(size_t)(p - run)) < 0 ||
		    glossa_buf_puts(out, e) < 0)
			return GLOSSA_ERROR;
		run = p + 1;
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
