/*
 * The change report of fix (fixreport.h): a line per change for people,
 * or one JSON document. The bytes are the ones glossa fix --report
 * printed when the CLI wrote them itself, but for the JSON keys, which
 * are now check's and translit's (text, replacement, entry).
 */
#include <string.h>
#include "internal.h"
#include "json.h"
#include "glossa/fixreport.h"

/* A name as a one-line string for text output: line breaks shown. */
static int text_str(glossa_buf *out, const char *s)
{
	const char *run = s;

	for (; *s; s++) {
		if (*s != '\n' && *s != '\r')
			continue;
		if (glossa_buf_put(out, run, (size_t)(s - run)) < 0 ||
		    glossa_buf_puts(out, *s == '\n' ? "\\n" : "\\r") < 0)
			return GLOSSA_ERROR;
		run = s + 1;
	}
	return glossa_buf_put(out, run, (size_t)(s - run));
}

/* A file name as text output shows it: it cannot make a line of its own
 * or send the terminal escapes. */
static int shown_name(glossa_buf *shown, const char *name)
{
	glossa_buf_clear(shown);
	if (glossa_ustr__put_visible(shown, name) < 0 ||
	    glossa_buf_puts(shown, "") < 0)
		return GLOSSA_ERROR;
	return 0;
}

static const char *name_of(const char *const *names, size_t i)
{
	return names && names[i] ? names[i] : "<stdin>";
}

static int report_text(glossa_buf *out, const glossa_fix_result *r,
	const char *name)
{
	const glossa_match *mt;
	size_t n, i;

	mt = glossa_fix_result_matches(r, &n);
	for (i = 0; i < n; i++) {
		if (glossa_buf_printf(out, "%s:%u:%u: ", name, mt[i].line,
				mt[i].column) < 0 ||
		    text_str(out, mt[i].old_text) < 0)
			return GLOSSA_ERROR;
		if (mt[i].status == GLOSSA_MATCH_AMBIGUOUS) {
			if (glossa_buf_printf(out,
					": ambiguous (%s), not changed\n",
					mt[i].key) < 0)
				return GLOSSA_ERROR;
			continue;
		}
		if (glossa_buf_puts(out, " -> ") < 0 ||
		    text_str(out, mt[i].new_text) < 0 ||
		    glossa_buf_printf(out, " [%s]\n", mt[i].key) < 0)
			return GLOSSA_ERROR;
	}
	return 0;
}

static const char *status_name(glossa_match_status s)
{
	return s == GLOSSA_MATCH_AMBIGUOUS ? "ambiguous" :
		s == GLOSSA_MATCH_HOUSE ? "house" : "fix";
}

/* One change: {"file": ..., "line": ..., ...}. */
static int json_change(glossa_buf *out, const glossa_match *m,
	const char *name)
{
	if (glossa_json__key(out, "file", true) < 0 ||
	    glossa_json__cstr(out, name) < 0 ||
	    glossa_json__key(out, "line", false) < 0 ||
	    glossa_buf_printf(out, "%u", m->line) < 0 ||
	    glossa_json__key(out, "column", false) < 0 ||
	    glossa_buf_printf(out, "%u", m->column) < 0 ||
	    glossa_json__key(out, "text", false) < 0 ||
	    glossa_json__cstr(out, m->old_text) < 0 ||
	    glossa_json__key(out, "replacement", false) < 0 ||
	    (m->new_text ? glossa_json__cstr(out, m->new_text) :
		glossa_buf_puts(out, "null")) < 0 ||
	    glossa_json__key(out, "entry", false) < 0 ||
	    glossa_json__cstr(out, m->key) < 0 ||
	    glossa_json__key(out, "status", false) < 0 ||
	    glossa_json__cstr(out, status_name(m->status)) < 0)
		return GLOSSA_ERROR;
	return 0;
}

static int report_json(glossa_buf *out,
	const glossa_fix_result *const *results, const char *const *names,
	size_t n)
{
	size_t k, i, nm, nfix = 0, namb = 0;
	bool first = true;

	if (glossa_buf_puts(out, "{\n  \"changes\": [") < 0)
		return GLOSSA_ERROR;
	for (k = 0; k < n; k++) {
		const glossa_match *mt = glossa_fix_result_matches(results[k],
			&nm);

		nfix += glossa_fix_result_nfixes(results[k]);
		namb += glossa_fix_result_nambiguous(results[k]);
		for (i = 0; i < nm; i++) {
			if (glossa_buf_puts(out, first ? "\n    {" :
					",\n    {") < 0 ||
			    json_change(out, &mt[i], name_of(names, k)) < 0 ||
			    glossa_buf_put(out, "}", 1) < 0)
				return GLOSSA_ERROR;
			first = false;
		}
	}
	if (glossa_buf_printf(out, "%s],\n  \"fixed\": %zu,\n"
			"  \"ambiguous\": %zu\n}\n", first ? "" : "\n  ",
			nfix, namb) < 0)
		return GLOSSA_ERROR;
	return 0;
}

int glossa_fix_report_format(glossa_buf *out,
	const glossa_fix_result *const *results, const char *const *names,
	size_t n, glossa_report_format_kind kind)
{
	glossa_buf shown = GLOSSA_BUF_INIT;
	size_t i;

	if (out == NULL || (n > 0 && results == NULL))
		return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_EINVALID, "glossa_fix_report_format: no %s",
			out == NULL ? "output buffer" : "results");
	for (i = 0; i < n; i++)
		if (results[i] == NULL)
			return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
				GLOSSA_EINVALID,
				"glossa_fix_report_format: result %zu is NULL",
				i);
	if (kind == GLOSSA_REPORT_JSON)
		return report_json(out, results, names, n);
	if (kind != GLOSSA_REPORT_TEXT)
		return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_EINVALID,
			"a fix report is text or JSON, not format %d",
			(int)kind);
	for (i = 0; i < n; i++)
		if (shown_name(&shown, name_of(names, i)) < 0 ||
		    report_text(out, results[i], shown.ptr) < 0) {
			glossa_buf_dispose(&shown);
			return GLOSSA_ERROR;
		}
	glossa_buf_dispose(&shown);
	return 0;
}
