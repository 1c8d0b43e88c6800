/*
 * The per-thread last error, as in libgit2: functions return a negative
 * code and leave a one-line message here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

/* (Room for a document's bad lines, listed one per line: doc.c.) */
static _Thread_local char last_message[8192];
static _Thread_local glossa_error last_error = { "", GLOSSA_ERRCLASS_NONE };

int glossa_error__set(glossa_error_class klass, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_message, sizeof(last_message), fmt, ap);
	va_end(ap);
	last_error.message = last_message;
	last_error.klass = klass;
	return code;
}

int glossa_error__prefix(int code, glossa_error_class klass,
	const char *prefix)
{
	char msg[sizeof(last_message)];

	if (code >= 0 || last_error.klass != klass || prefix == NULL)
		return code;
	memcpy(msg, last_message, sizeof(msg));
	return glossa_error__set(klass, code, "%s: %s", prefix, msg);
}

int glossa_error__nomem(void)
{
	return glossa_error__set(GLOSSA_ERRCLASS_NOMEMORY, GLOSSA_ERROR,
		"out of memory");
}

const glossa_error *glossa_error_last(void)
{
	if (last_error.message == NULL)
		last_error.message = "";
	return &last_error;
}

void glossa_error_clear(void)
{
	last_message[0] = '\0';
	last_error.message = last_message;
	last_error.klass = GLOSSA_ERRCLASS_NONE;
}

void *glossa__malloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		glossa_error__nomem();
	return p;
}

void *glossa__calloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		glossa_error__nomem();
	return p;
}

void *glossa__realloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		glossa_error__nomem();
	return q;
}

char *glossa__strndup(const char *s, size_t n)
{
	char *d = glossa__malloc(n + 1);

	if (d == NULL)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *glossa__strdup(const char *s)
{
	return glossa__strndup(s ? s : "", s ? strlen(s) : 0);
}

int glossa__grow(void **ptr, size_t *alloc, size_t need, size_t size)
{
	size_t n = *alloc ? *alloc : 8;
	void *p;

	if (need <= *alloc)
		return 0;
	while (n < need) {
		if (n > SIZE_MAX / 2 / size)
			return glossa_error__nomem();
		n *= 2;
	}
	if ((p = glossa__realloc(*ptr, n * size)) == NULL)
		return GLOSSA_ERROR;
	*ptr = p;
	*alloc = n;
	return 0;
}

int glossa__ids_add(int64_t **v, size_t *n, size_t *alloc, int64_t id)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if ((*v)[i] == id)
			return 0;
	if (glossa__grow((void **)v, alloc, *n + 1, sizeof(int64_t)) < 0)
		return GLOSSA_ERROR;
	(*v)[(*n)++] = id;
	return 0;
}
