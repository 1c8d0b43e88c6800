/*
** The findings of one draft (a glossa_report), as check makes them.
**
** A report owns its strings in a few large chunks (a 100 MB draft can give
** many findings). Positions are computed once, when the report is
** finished: findings are sorted, then one forward pass over the text turns
** byte offsets into code-point offsets, lines and columns. Writing them
** out is report.c's, a layer up.
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "check_int.h"
#include "draft.h"

#define CHUNK (64 * 1024)

int glossa_report__new(glossa_report **out, const char *source)
{
	glossa_report *r = glossa__calloc(1, sizeof(*r));

	*out = NULL;
	if (r == NULL)
		return GLOSSA_ERROR;
	if ((r->source = glossa__strdup(source ? source : "")) == NULL) {
		free(r);
		return GLOSSA_ERROR;
	}
	*out = r;
	return 0;
}

void glossa_report_free(glossa_report *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nchunks; i++)
		free(r->chunks[i]);
	free(r->chunks);
	free(r->findings);
	free(r->source);
	free(r);
}

static void *report_alloc(glossa_report *r, size_t n, size_t align)
{
	size_t off = (r->chunk_used + align - 1) & ~(align - 1);
	char *c;

	if (r->nchunks == 0 || off + n > r->chunk_size) {
		size_t sz = n > CHUNK ? n : CHUNK;

		if (glossa__grow((void **)&r->chunks, &r->achunks,
				r->nchunks + 1, sizeof(char *)) < 0)
			return NULL;
		if ((c = glossa__malloc(sz)) == NULL)
			return NULL;
		r->chunks[r->nchunks++] = c;
		r->chunk_size = sz;
		off = 0;
	}
	c = r->chunks[r->nchunks - 1] + off;
	r->chunk_used = off + n;
	return c;
}

char *glossa_report__strndup(glossa_report *r, const char *s, size_t len)
{
	char *d = report_alloc(r, len + 1, 1);

	if (d == NULL)
		return NULL;
	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

char *glossa_report__printf(glossa_report *r, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *d;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		glossa_error__set(GLOSSA_ERRCLASS_OS, GLOSSA_ERROR,
			"cannot format a message");
		return NULL;
	}
	if ((d = report_alloc(r, (size_t)n + 1, 1)) == NULL)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(d, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return d;
}

const char **glossa_report__ptrs(glossa_report *r, size_t n)
{
	return report_alloc(r, (n ? n : 1) * sizeof(char *), sizeof(void *));
}

glossa_finding *glossa_report__add(glossa_report *r)
{
	glossa_finding *f;

	if (glossa__grow((void **)&r->findings, &r->a, r->n + 1,
			sizeof(*f)) < 0)
		return NULL;
	f = &r->findings[r->n++];
	memset(f, 0, sizeof(*f));
	return f;
}

static int cmp_finding(const void *pa, const void *pb)
{
	const glossa_finding *a = pa, *b = pb;

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->rule != b->rule)
		return a->rule < b->rule ? -1 : 1;
	if (a->end != b->end)
		return a->end < b->end ? -1 : 1;
	return 0;
}

/*
 * Sort the findings by position. They arrive as a few runs that are
 * already in order (the names, then the words), so a natural merge sort
 * of indexes does it in one or two passes; then the findings are moved
 * into place once each, following the permutation's cycles. (qsort on
 * the 96-byte findings themselves spent most of its time moving them.)
 */
static int sort_findings(glossa_report *r)
{
	glossa_finding *f = r->findings, tmp;
	uint32_t *a = NULL, *b = NULL, *t;
	size_t n = r->n, i, width_runs, nr = 0, k;
	size_t *run = NULL;

	if (n < 2)
		return 0;
	for (i = 1; i < n && cmp_finding(&f[i - 1], &f[i]) <= 0; i++)
		;
	if (i == n)
		return 0;
	if (n > UINT32_MAX)
		return glossa_error__set(GLOSSA_ERRCLASS_NOMEMORY, GLOSSA_ERROR,
			"too many findings");
	/* Run starts, then n as the end. */
	for (i = 1, k = 1; i < n; i++)
		if (cmp_finding(&f[i - 1], &f[i]) > 0)
			k++;
	if ((a = glossa__malloc(n * sizeof(uint32_t))) == NULL ||
	    (b = glossa__malloc(n * sizeof(uint32_t))) == NULL ||
	    (run = glossa__malloc((k + 1) * sizeof(size_t))) == NULL) {
		free(a);
		free(b);
		return GLOSSA_ERROR;
	}
	run[nr++] = 0;
	for (i = 0; i < n; i++) {
		a[i] = (uint32_t)i;
		if (i > 0 && cmp_finding(&f[i - 1], &f[i]) > 0)
			run[nr++] = i;
	}
	run[nr] = n;
	/* Merge neighbouring runs until one is left (stable). */
	while (nr > 1) {
		size_t w = 0;

		for (width_runs = 0; width_runs < nr; width_runs += 2) {
			size_t lo = run[width_runs], mid, hi, x, y, o;

			if (width_runs + 1 >= nr) {
				memcpy(b + lo, a + lo, (n - lo) * sizeof(uint32_t));
				run[w++] = lo;
				continue;
			}
			mid = run[width_runs + 1];
			hi = run[width_runs + 2];
			for (x = lo, y = mid, o = lo; x < mid || y < hi; o++)
				if (y >= hi || (x < mid &&
				    cmp_finding(&f[a[x]], &f[a[y]]) <= 0))
					b[o] = a[x++];
				else
					b[o] = a[y++];
			run[w++] = lo;
		}
		run[w] = n;
		nr = w;
		t = a;
		a = b;
		b = t;
	}
	/* Position i takes finding a[i]: move along each cycle. */
	for (i = 0; i < n; i++) {
		size_t j = i, from;

		if (a[i] == i)
			continue;
		tmp = f[i];
		while ((from = a[j]) != i) {
			f[j] = f[from];
			a[j] = (uint32_t)j;
			j = from;
		}
		f[j] = tmp;
		a[j] = (uint32_t)j;
	}
	free(a);
	free(b);
	free(run);
	return 0;
}

int glossa_report__finish(glossa_report *r, const char *text, size_t len)
{
	glossa_draft_pos c;
	size_t i;
	int error;

	if ((error = sort_findings(r)) < 0)
		return error;
	glossa_draft__pos_init(&c, text, len);
	for (i = 0; i < r->n; i++) {
		glossa_finding *f = &r->findings[i];
		glossa_draft_pos e;

		glossa_draft__pos_advance(&c, text, f->start);
		f->char_start = c.chr;
		f->line = c.line;
		f->column = c.col;
		e = c;
		glossa_draft__pos_advance(&e, text, f->end);
		f->char_end = e.chr;
		f->end_line = e.line;
		f->end_column = e.col;
	}
	return 0;
}

const glossa_finding *glossa_report_findings(const glossa_report *r,
	size_t *n)
{
	*n = r ? r->n : 0;
	return r ? r->findings : NULL;
}

size_t glossa_report_count(const glossa_report *r, glossa_severity sev)
{
	size_t i, k = 0;

	if (r == NULL)
		return 0;
	for (i = 0; i < r->n; i++)
		if (r->findings[i].severity >= sev)
			k++;
	return k;
}

const char *glossa_report_source(const glossa_report *r)
{
	return r ? r->source : "";
}
