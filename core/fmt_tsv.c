/*
 * The glossary's own text format: UTF-8, one record per line, fields
 * separated by TAB, '#' starts a comment line, blank lines (or lines of
 * only spaces and tabs) are skipped. It is what `export` writes
 * by default and what glossaries/ ships, so a team can keep it in git.
 *
 *   KEY <TAB> entry <TAB> KIND <TAB> STATUS [<TAB> NOTE]
 *   KEY <TAB> TYPE  <TAB> TEXT <TAB> SCRIPT <TAB> LANG [<TAB> BECOMES [<TAB> NOTE]]
 *
 * An entry line comes before the forms of that key. Trailing empty fields
 * may be left out; the writer leaves them out, so its output is stable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "fmt.h"

#define MAX_FIELDS 8

static const char tsv_header[] =
	"# glossa glossary 1\n"
	"# KEY\tentry\tKIND\tSTATUS\t[NOTE]\n"
	"# KEY\tTYPE\tTEXT\tSCRIPT\tLANG\t[BECOMES\t[NOTE]]\n";

static int tsv_error(const char *source, unsigned line, const char *msg,
	const char *arg)
{
	return glossa_error__set(GLOSSA_ERRCLASS_PARSE, GLOSSA_EINVALID,
		"%s:%u: %s%s%s%s", source, line, msg, arg ? " \"" : "",
		arg ? arg : "", arg ? "\"" : "");
}

static int parse_line(glossa_doc *doc, char **f, size_t nf,
	const char *source, unsigned line)
{
	glossa_entry *e;
	glossa_form_type type;

	if (strcmp(f[1], "entry") == 0) {
		glossa_kind kind;
		glossa_status status;

		if (nf < 4 || nf > 5)
			return glossa_error__set(GLOSSA_ERRCLASS_PARSE,
				GLOSSA_EINVALID,
				"%s:%u: an entry line has 4 or 5 tab-separated fields (KEY entry KIND STATUS [NOTE]), not %zu",
				source, line, nf);
		if (glossa_kind_parse(&kind, f[2]) < 0)
			return tsv_error(source, line,
				"unknown kind (person, place, org, term):", f[2]);
		if (glossa_status_parse(&status, f[3]) < 0)
			return tsv_error(source, line,
				"unknown status (approved, proposed, deprecated):",
				f[3]);
		if (!glossa_doc__key_ok(f[0]))
			return tsv_error(source, line,
				"bad key (lower-case letters, digits, - . _):",
				f[0]);
		if (glossa_fmt__find_entry(doc, f[0]) != NULL)
			return tsv_error(source, line,
				"entry defined twice:", f[0]);
		return glossa_doc_add_entry(NULL, doc, f[0], kind, status,
			nf > 4 ? f[4] : "", line);
	}
	if (glossa_form_type_parse(&type, f[1]) < 0)
		return tsv_error(source, line,
			"unknown record type (entry, house, short, alternate, variant, native):",
			f[1]);
	if (nf < 5 || nf > 7)
		return glossa_error__set(GLOSSA_ERRCLASS_PARSE, GLOSSA_EINVALID,
			"%s:%u: a form line has 5 to 7 tab-separated fields (KEY TYPE TEXT SCRIPT LANG [BECOMES [NOTE]]), not %zu",
			source, line, nf);
	if ((e = glossa_fmt__find_entry(doc, f[0])) == NULL)
		return tsv_error(source, line,
			"form before its entry line; no entry", f[0]);
	return glossa_entry_add_form(e, &(glossa_form_spec){
		.type = type, .text = f[2], .script = f[3], .lang = f[4],
		.becomes = nf > 5 ? f[5] : "", .note = nf > 6 ? f[6] : "",
		.line = line });
}

/* A line of only spaces and tabs (the line is not NUL-terminated). */
static bool blank(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t')
			return false;
	return true;
}

int glossa_fmt__tsv_parse(glossa_doc *doc, const char *data, size_t len,
	const char *source)
{
	const char *p = data, *end = data + len;
	glossa_doc__bad bad = { GLOSSA_BUF_INIT, 0 };
	unsigned line = 0;
	char *copy = NULL;
	int error = 0;

	/* A byte-order mark from a spreadsheet export is harmless. */
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	while (p < end && error == 0) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		char *f[MAX_FIELDS + 1] = { NULL }, *q;
		size_t n = (size_t)(eol - p), nf = 0;

		line++;
		if (n && p[n - 1] == '\r')
			n--;
		if (n == 0 || p[0] == '#' || blank(p, n)) {
			p = nl ? nl + 1 : end;
			continue;
		}
		if (memchr(p, '\0', n)) {
			error = tsv_error(source, line, "NUL byte in line", NULL);
			break;
		}
		free(copy);
		if ((copy = glossa__strndup(p, n)) == NULL) {
			error = GLOSSA_ERROR;
			break;
		}
		for (q = copy; nf <= MAX_FIELDS; ) {
			char *tab = strchr(q, '\t');
			f[nf++] = q;
			if (!tab)
				break;
			*tab = '\0';
			q = tab + 1;
		}
		if (nf > MAX_FIELDS || nf < 2)
			error = glossa_error__set(GLOSSA_ERRCLASS_PARSE,
				GLOSSA_EINVALID,
				"%s:%u: wrong number of tab-separated fields (%s)",
				source, line, nf < 2 ? "only one" : "too many");
		else
			error = parse_line(doc, f, nf, source, line);
		/* A bad line is kept for the report and the reading goes
		 * on: every bad line is said at once. */
		if (error == GLOSSA_EINVALID)
			error = glossa_doc__bad_add(&bad);
		p = nl ? nl + 1 : end;
	}
	free(copy);
	if (error < 0) {
		glossa_buf_dispose(&bad.msg);
		return error;
	}
	return glossa_doc__bad_end(&bad);
}

/* Write fields, dropping trailing empty ones. */
static int put_fields(glossa_buf *out, const char *const *f, size_t nf,
	size_t min)
{
	size_t i;

	while (nf > min && f[nf - 1][0] == '\0')
		nf--;
	for (i = 0; i < nf; i++) {
		if ((i && glossa_buf_put(out, "\t", 1) < 0) ||
		    glossa_buf_puts(out, f[i]) < 0)
			return GLOSSA_ERROR;
	}
	return glossa_buf_put(out, "\n", 1);
}

int glossa_fmt__tsv_write(glossa_buf *out, const glossa_doc *doc)
{
	size_t i, j;

	if (glossa_buf_puts(out, tsv_header) < 0)
		return GLOSSA_ERROR;
	for (i = 0; i < doc->nentries; i++) {
		const glossa_entry *e = &doc->entries[i];
		const char *ef[5] = { e->key, "entry", glossa_kind_name(e->kind),
			glossa_status_name(e->status), e->note };

		if (put_fields(out, ef, 5, 4) < 0)
			return GLOSSA_ERROR;
		for (j = 0; j < e->nforms; j++) {
			const glossa_form *f = &e->forms[j];
			const char *ff[7] = { e->key,
				glossa_form_type_name(f->type), f->text,
				f->script, f->lang, f->becomes, f->note };

			if (put_fields(out, ff, 7, 5) < 0)
				return GLOSSA_ERROR;
		}
	}
	return 0;
}
