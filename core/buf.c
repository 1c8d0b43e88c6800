/*
 * glossa_buf: the growable string the library hands back to callers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

void glossa_buf_dispose(glossa_buf *buf)
{
	if (buf == NULL)
		return;
	free(buf->ptr);
	buf->ptr = NULL;
	buf->size = buf->asize = 0;
}

void glossa_buf_clear(glossa_buf *buf)
{
	buf->size = 0;
	if (buf->ptr)
		buf->ptr[0] = '\0';
}

static int buf_reserve(glossa_buf *buf, size_t extra)
{
	size_t need;

	if (extra > SIZE_MAX - buf->size - 1)
		return glossa_error__nomem();
	need = buf->size + extra + 1;
	if (need <= buf->asize)
		return 0;
	return glossa__grow((void **)&buf->ptr, &buf->asize, need, 1);
}

int glossa_buf_grow(glossa_buf *buf, size_t extra)
{
	return buf_reserve(buf, extra) < 0 ? GLOSSA_ERROR : 0;
}

int glossa_buf_put(glossa_buf *buf, const char *data, size_t len)
{
	if (buf_reserve(buf, len) < 0)
		return GLOSSA_ERROR;
	if (len)
		memcpy(buf->ptr + buf->size, data, len);
	buf->size += len;
	buf->ptr[buf->size] = '\0';
	return 0;
}

int glossa_buf_puts(glossa_buf *buf, const char *str)
{
	return glossa_buf_put(buf, str, strlen(str));
}

int glossa_buf_printf(glossa_buf *buf, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return glossa_error__set(GLOSSA_ERRCLASS_OS, GLOSSA_ERROR,
			"cannot format text");
	if (buf_reserve(buf, (size_t)n) < 0)
		return GLOSSA_ERROR;
	va_start(ap, fmt);
	vsnprintf(buf->ptr + buf->size, (size_t)n + 1, fmt, ap);
	va_end(ap);
	buf->size += (size_t)n;
	return 0;
}
