/*
** Reports and fix results as bytes and back (glossa/pack.h), so that
** worker processes can do the checking and one process the writing.
**
** The layout is the structs' own fields in native byte order, each
** number a 64-bit word, each string its length then its bytes (a NULL
** string has the length UINT64_MAX). Unpacking checks every length
** against what is left, so bytes cut short or mangled are refused, never
** read past.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "check_int.h"
#include "fix_int.h"
#include "glossa/pack.h"

#define REPORT_MAGIC 0x31504b5052534c47ull  /* "GLSRPKP1" */
#define FIX_MAGIC    0x31504b5846534c47ull  /* "GLSFXKP1" */
#define NO_STRING    UINT64_MAX

static int put_u64(glossa_buf *out, uint64_t v)
{
	return glossa_buf_put(out, (const char *)&v, sizeof(v));
}

static int put_str(glossa_buf *out, const char *s)
{
	size_t n;

	if (s == NULL)
		return put_u64(out, NO_STRING);
	n = strlen(s);
	if (put_u64(out, n) < 0)
		return GLOSSA_ERROR;
	return glossa_buf_put(out, s, n);
}

typedef struct {
	const char *p, *end;
	bool bad;
} reader;

static uint64_t get_u64(reader *rd)
{
	uint64_t v;

	if (rd->bad || (size_t)(rd->end - rd->p) < sizeof(v)) {
		rd->bad = true;
		return 0;
	}
	memcpy(&v, rd->p, sizeof(v));
	rd->p += sizeof(v);
	return v;
}

/* The next string: *s and *n, or *s NULL for a NULL string. */
static void get_str(reader *rd, const char **s, size_t *n)
{
	uint64_t len = get_u64(rd);

	*s = NULL;
	*n = 0;
	if (rd->bad || len == NO_STRING)
		return;
	if (len > (uint64_t)(rd->end - rd->p) ||
	    memchr(rd->p, '\0', (size_t)len) != NULL) {
		rd->bad = true;
		return;
	}
	*s = rd->p;
	*n = (size_t)len;
	rd->p += len;
}

static int bad_bytes(const char *what)
{
	return glossa_error__set(GLOSSA_ERRCLASS_INVALID, GLOSSA_EINVALID,
		"not a packed %s", what);
}

int glossa_report_pack(glossa_buf *out, const glossa_report *r)
{
	size_t i, k;

	if (put_u64(out, REPORT_MAGIC) < 0 || put_str(out, r->source) < 0 ||
	    put_u64(out, r->n) < 0)
		return GLOSSA_ERROR;
	for (i = 0; i < r->n; i++) {
		const glossa_finding *f = &r->findings[i];

		if (put_u64(out, (uint64_t)f->rule) < 0 ||
		    put_u64(out, (uint64_t)f->severity) < 0 ||
		    put_u64(out, f->start) < 0 || put_u64(out, f->end) < 0 ||
		    put_u64(out, f->char_start) < 0 ||
		    put_u64(out, f->char_end) < 0 ||
		    put_u64(out, f->line) < 0 || put_u64(out, f->column) < 0 ||
		    put_u64(out, f->end_line) < 0 ||
		    put_u64(out, f->end_column) < 0 ||
		    put_str(out, f->text) < 0 || put_str(out, f->message) < 0 ||
		    put_str(out, f->entry) < 0 ||
		    put_u64(out, f->nsuggestions) < 0)
			return GLOSSA_ERROR;
		for (k = 0; k < f->nsuggestions; k++)
			if (put_str(out, f->suggestions[k]) < 0)
				return GLOSSA_ERROR;
	}
	return 0;
}

/* A string of the packed report copied into the report's memory. */
static const char *report_str(glossa_report *r, reader *rd, bool *nomem)
{
	const char *s;
	size_t n;
	char *d;

	get_str(rd, &s, &n);
	if (s == NULL)
		return NULL;
	if ((d = glossa_report__strndup(r, s, n)) == NULL)
		*nomem = true;
	return d;
}

int glossa_report_unpack(glossa_report **out, const char *data, size_t len)
{
	reader rd = { data, data + len, false };
	glossa_report *r = NULL;
	const char *src;
	char *source = NULL;
	size_t slen, i, k;
	uint64_t n;
	bool nomem = false;
	int error = GLOSSA_ERROR;

	*out = NULL;
	if (get_u64(&rd) != REPORT_MAGIC)
		return bad_bytes("report");
	get_str(&rd, &src, &slen);
	n = get_u64(&rd);
	if (rd.bad)
		return bad_bytes("report");
	if (src && (source = glossa__malloc(slen + 1)) == NULL)
		return GLOSSA_ERROR;
	if (src) {
		memcpy(source, src, slen);
		source[slen] = '\0';
	}
	error = glossa_report__new(&r, source);
	free(source);
	if (error < 0)
		return error;
	for (i = 0; i < n && !rd.bad && !nomem; i++) {
		glossa_finding *f = glossa_report__add(r);
		uint64_t ns;
		const char **sug;

		if (f == NULL) {
			nomem = true;
			break;
		}
		f->rule = (glossa_rule)get_u64(&rd);
		f->severity = (glossa_severity)get_u64(&rd);
		f->start = (size_t)get_u64(&rd);
		f->end = (size_t)get_u64(&rd);
		f->char_start = (size_t)get_u64(&rd);
		f->char_end = (size_t)get_u64(&rd);
		f->line = (unsigned)get_u64(&rd);
		f->column = (unsigned)get_u64(&rd);
		f->end_line = (unsigned)get_u64(&rd);
		f->end_column = (unsigned)get_u64(&rd);
		f->text = report_str(r, &rd, &nomem);
		f->message = report_str(r, &rd, &nomem);
		f->entry = report_str(r, &rd, &nomem);
		ns = get_u64(&rd);
		/* Each suggestion takes at least its length word. */
		if (rd.bad || ns > (uint64_t)(rd.end - rd.p) / 8) {
			rd.bad = true;
			break;
		}
		if ((sug = glossa_report__ptrs(r, (size_t)ns)) == NULL) {
			nomem = true;
			break;
		}
		for (k = 0; k < ns && !rd.bad && !nomem; k++)
			sug[k] = report_str(r, &rd, &nomem);
		f->suggestions = sug;
		f->nsuggestions = (size_t)ns;
		if ((unsigned)f->rule >= GLOSSA_RULE_COUNT ||
		    f->text == NULL || f->message == NULL)
			rd.bad = true;
	}
	if (!nomem && (rd.bad || rd.p != rd.end)) {
		glossa_report_free(r);
		return bad_bytes("report");
	}
	if (nomem) {
		glossa_report_free(r);
		return GLOSSA_ERROR;
	}
	*out = r;
	return 0;
}

int glossa_fix_result_pack(glossa_buf *out, const glossa_fix_result *r)
{
	size_t i;

	if (put_u64(out, FIX_MAGIC) < 0 || put_u64(out, r->nmatches) < 0)
		return GLOSSA_ERROR;
	for (i = 0; i < r->nmatches; i++) {
		const glossa_match *m = &r->matches[i];

		if (put_u64(out, m->start) < 0 || put_u64(out, m->end) < 0 ||
		    put_u64(out, m->line) < 0 || put_u64(out, m->column) < 0 ||
		    put_u64(out, (uint64_t)m->status) < 0 ||
		    put_u64(out, (uint64_t)m->form) < 0 ||
		    put_str(out, m->old_text) < 0 ||
		    put_str(out, m->new_text) < 0 ||
		    put_str(out, m->key) < 0)
			return GLOSSA_ERROR;
	}
	return 0;
}

/* A string into the result's pool: its offset, or SIZE_MAX for NULL. */
static size_t pool_str(glossa_fix_result *r, reader *rd, bool *nomem)
{
	const char *s;
	size_t n, off = r->pool.size;

	get_str(rd, &s, &n);
	if (s == NULL)
		return SIZE_MAX;
	if (glossa_buf_put(&r->pool, s, n) < 0 ||
	    glossa_buf_put(&r->pool, "", 1) < 0)
		*nomem = true;
	return off;
}

int glossa_fix_result_unpack(glossa_fix_result **out, const char *data,
	size_t len)
{
	reader rd = { data, data + len, false };
	glossa_fix_result *r;
	uint64_t n;
	size_t i;
	bool nomem = false;

	*out = NULL;
	if (get_u64(&rd) != FIX_MAGIC)
		return bad_bytes("fix result");
	n = get_u64(&rd);
	/* Each match takes at least nine words. */
	if (rd.bad || n > (uint64_t)(rd.end - rd.p) / 72)
		return bad_bytes("fix result");
	if ((r = glossa__calloc(1, sizeof(*r))) == NULL)
		return GLOSSA_ERROR;
	if (n > 0 &&
	    ((r->matches = glossa__calloc((size_t)n, sizeof(*r->matches))) ==
		NULL ||
	     (r->offs = glossa__calloc((size_t)n, sizeof(*r->offs))) == NULL)) {
		glossa_fix_result_free(r);
		return GLOSSA_ERROR;
	}
	r->amatches = r->aoffs = (size_t)n;
	for (i = 0; i < n && !rd.bad && !nomem; i++) {
		glossa_match *m = &r->matches[i];

		m->start = (size_t)get_u64(&rd);
		m->end = (size_t)get_u64(&rd);
		m->line = (unsigned)get_u64(&rd);
		m->column = (unsigned)get_u64(&rd);
		m->status = (glossa_match_status)get_u64(&rd);
		m->form = (glossa_form_type)get_u64(&rd);
		r->offs[i].old_text = pool_str(r, &rd, &nomem);
		r->offs[i].new_text = pool_str(r, &rd, &nomem);
		r->offs[i].key = pool_str(r, &rd, &nomem);
		r->nmatches++;
		if (m->status == GLOSSA_MATCH_FIX)
			r->nfixes++;
		else if (m->status == GLOSSA_MATCH_AMBIGUOUS)
			r->nambiguous++;
		else if (m->status != GLOSSA_MATCH_HOUSE)
			rd.bad = true;
		if (r->offs[i].old_text == SIZE_MAX ||
		    r->offs[i].key == SIZE_MAX || m->end < m->start ||
		    ((m->status == GLOSSA_MATCH_AMBIGUOUS) !=
			(r->offs[i].new_text == SIZE_MAX)))
			rd.bad = true;
	}
	if (nomem || rd.bad || rd.p != rd.end) {
		glossa_fix_result_free(r);
		return nomem ? GLOSSA_ERROR : bad_bytes("fix result");
	}
	/* The pool is complete: now its addresses hold. */
	for (i = 0; i < r->nmatches; i++) {
		r->matches[i].old_text = r->pool.ptr + r->offs[i].old_text;
		r->matches[i].new_text = r->offs[i].new_text == SIZE_MAX ?
			NULL : r->pool.ptr + r->offs[i].new_text;
		r->matches[i].key = r->pool.ptr + r->offs[i].key;
	}
	*out = r;
	return 0;
}
