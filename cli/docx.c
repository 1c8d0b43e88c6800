/*
 * Word documents in glossa fix and check (issue 18): the document is read
 * as text, one line per paragraph (glossa/docx.h), that text is fixed or
 * checked like any draft, and the changes or findings go back into the
 * document's runs: fix --in-place writes the fixed document (with
 * --track-changes as revisions by "glossa"), check --annotate a Word
 * comment per finding.
 */
#include <stdlib.h>
#include <string.h>
#include "docx.h"

int cli_docx_load(glossa_docx **out, cli_input *in, const char *name)
{
	glossa_docx *d = NULL;

	*out = NULL;
	if (glossa_docx_open(&d, in->ptr, in->size, name) < 0) {
		cli_lib_error();
		return -1;
	}
	in->ptr = glossa_docx_text(d, &in->size);
	*out = d;
	return 0;
}

static bool word_break(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * The edit a fix makes, without the whole words it leaves as they are:
 * "Bashar al-Asad" -> "Bashar Assad" replaces "al-Asad" only, so that
 * "Bashar" keeps its run (and its formatting), and a tracked change shows
 * what changed.
 */
static void edit_of(glossa_docx_edit *e, const glossa_match *m)
{
	const char *o = m->old_text, *nw = m->new_text;
	size_t lo = strlen(o), ln = strlen(nw), p = 0, q = 0, i;

	for (i = 0; i < lo && i < ln && o[i] == nw[i]; i++)
		if (word_break(o[i]))
			p = i + 1;
	for (i = 0; i < lo - p && i < ln - p && o[lo - 1 - i] == nw[ln - 1 - i];
			i++)
		if (word_break(o[lo - 1 - i]))
			q = i + 1;
	if (p + q >= lo)  /* nothing of the old left: the whole match */
		p = q = 0;
	e->start = m->start + p;
	e->end = m->end - q;
	e->text = nw + p;
	e->len = ln - p - q;
}

int cli_docx_fix(glossa_buf *out, glossa_docx *d, const glossa_fix_result *r,
	bool track, const char *name)
{
	glossa_docx_options o = GLOSSA_DOCX_OPTIONS_INIT;
	glossa_docx_edit *edits;
	const glossa_match *mt;
	size_t n, i, k = 0, skipped = 0;
	int rc;

	mt = glossa_fix_result_matches(r, &n);
	if ((edits = calloc(n ? n : 1, sizeof(*edits))) == NULL) {
		cli_error("out of memory");
		return -1;
	}
	for (i = 0; i < n; i++)
		if (mt[i].status == GLOSSA_MATCH_FIX)
			edit_of(&edits[k++], &mt[i]);
	if (track)
		o.flags |= GLOSSA_DOCX_TRACK;
	rc = glossa_docx_apply(out, d, edits, k, &skipped, &o);
	free(edits);
	if (rc < 0) {
		cli_lib_error();
		return -1;
	}
	if (skipped > 0) {
		cli_put_visible(stderr, name);
		fprintf(stderr, ": warning: %zu change(s) span two paragraphs "
			"or cut a tab or break in two; not made\n", skipped);
	}
	return 0;
}

int cli_docx_annotate(glossa_buf *out, glossa_docx *d, const glossa_report *r,
	size_t *made, const char *name)
{
	glossa_docx_options o = GLOSSA_DOCX_OPTIONS_INIT;
	glossa_docx_note *notes;
	glossa_buf *texts;
	const glossa_finding *f;
	size_t n, i, k = 0, skipped = 0;
	int rc = -1, got;

	*made = 0;
	f = glossa_report_findings(r, &n);
	if (n == 0)
		return 0;
	notes = calloc(n, sizeof(*notes));
	texts = calloc(n, sizeof(*texts));
	if (notes == NULL || texts == NULL) {
		cli_error("out of memory");
		goto out;
	}
	/* Findings on overlapping spans share one comment, a paragraph
	 * each. */
	for (i = 0; i < n; i++) {
		glossa_buf *t;
		size_t j;

		if (f[i].end <= f[i].start)
			continue;
		if (k > 0 && f[i].start < notes[k - 1].end) {
			if (f[i].end > notes[k - 1].end)
				notes[k - 1].end = f[i].end;
			t = &texts[k - 1];
			if (glossa_buf_puts(t, "\n") < 0)
				goto oom;
		} else {
			notes[k].start = f[i].start;
			notes[k].end = f[i].end;
			t = &texts[k++];
		}
		if (glossa_buf_printf(t, "%s: %s [%s]",
				glossa_severity_name(f[i].severity), f[i].message,
				glossa_rule_name(f[i].rule)) < 0)
			goto oom;
		for (j = 0; j < f[i].nsuggestions && j < 3; j++)
			if (glossa_buf_printf(t, "%s%s", j ? ", " :
					" (suggestion: ", f[i].suggestions[j]) < 0)
				goto oom;
		if (f[i].nsuggestions > 0 && glossa_buf_puts(t, ")") < 0)
			goto oom;
	}
	for (i = 0; i < k; i++)
		notes[i].text = texts[i].ptr;
	if ((got = glossa_docx_annotate(out, d, notes, k, &skipped, &o)) < 0) {
		cli_lib_error();
		goto out;
	}
	if (skipped > 0) {
		cli_put_visible(stderr, name);
		fprintf(stderr, ": warning: %zu finding(s) outside the body or "
			"over two paragraphs; no comment on them\n", skipped);
	}
	*made = (size_t)got;
	rc = 0;
	goto out;
oom:
	cli_error("out of memory");
out:
	for (i = 0; texts && i < n; i++)
		glossa_buf_dispose(&texts[i]);
	free(texts);
	free(notes);
	return rc;
}
