/*
 * glossa_report_pack()/_unpack() and glossa_fix_result_pack()/_unpack():
 * what -j's workers send back. An unpacked result writes the same bytes
 * as the original; bytes cut short or changed are refused, never read
 * past.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include <glossa.h>
#include "assad.h"

/* Every prefix of the packed bytes, and each byte changed in turn:
 * refused, or (a changed string byte) unpacked; never a crash. */
static void cut_and_mangle(const glossa_buf *p, int fix)
{
	size_t n, refused = 0;
	char *copy = malloc(p->size ? p->size : 1);

	for (n = 0; n < p->size; n++) {
		glossa_report *r = NULL;
		glossa_fix_result *f = NULL;
		int e = fix ? glossa_fix_result_unpack(&f, p->ptr, n) :
			glossa_report_unpack(&r, p->ptr, n);

		refused += e == GLOSSA_EINVALID && !r && !f;
		glossa_report_free(r);
		glossa_fix_result_free(f);
	}
	is_int((int)refused, (int)p->size, "%s: every cut is refused",
		fix ? "fix result" : "report");
	for (n = 0; copy && n < p->size; n++) {
		glossa_report *r = NULL;
		glossa_fix_result *f = NULL;

		memcpy(copy, p->ptr, p->size);
		copy[n] ^= 0x5a;
		if (fix)
			glossa_fix_result_unpack(&f, copy, p->size);
		else
			glossa_report_unpack(&r, copy, p->size);
		glossa_report_free(r);
		glossa_fix_result_free(f);
	}
	ok(1, "%s: a changed byte anywhere is survived",
		fix ? "fix result" : "report");
	free(copy);
}

int main(void)
{
	static const char text[] = "Bashar al-Asad spoke. Later Asad left.\n"
		"Teh \"Assad\" and Asad, Bashar al-Asad.\n";
	glossa_doc *doc = assad_doc();
	glossa_matcher *m = NULL;
	glossa_checker *c = NULL;
	glossa_fix_result *f = NULL, *f2 = NULL;
	glossa_report *r = NULL, *r2 = NULL;
	glossa_buf p = GLOSSA_BUF_INIT, a = GLOSSA_BUF_INIT,
		b = GLOSSA_BUF_INIT;
	const glossa_fix_result *fr[1];
	const glossa_report *rr[1];
	int k;

	ok(doc != NULL, "a glossary");
	if (!doc)
		return done_testing();
	ok(glossa_matcher_new(&m, doc, NULL) == 0, "a matcher");
	ok(glossa_fix_text(&f, m, text, strlen(text), GLOSSA_TEXT_PLAIN, 0,
		"a.txt") > 0, "fixes");
	ok(glossa_fix_result_pack(&p, f) == 0, "fix result packed");
	ok(glossa_fix_result_unpack(&f2, p.ptr, p.size) == 0,
		"fix result unpacked");
	if (f2) {
		is_int((int)glossa_fix_result_nfixes(f2),
			(int)glossa_fix_result_nfixes(f), "the same fixes");
		glossa_fix_apply(&a, f, text, strlen(text));
		glossa_fix_apply(&b, f2, text, strlen(text));
		is_str(b.ptr, a.ptr, "the same fixed text");
		for (k = 0; k < 2; k++) {
			glossa_buf_clear(&a);
			glossa_buf_clear(&b);
			fr[0] = f;
			glossa_fix_report_format(&a, fr, NULL, 1,
				k ? GLOSSA_REPORT_JSON : GLOSSA_REPORT_TEXT);
			fr[0] = f2;
			glossa_fix_report_format(&b, fr, NULL, 1,
				k ? GLOSSA_REPORT_JSON : GLOSSA_REPORT_TEXT);
			is_str(b.ptr, a.ptr, "the same change report (%s)",
				k ? "JSON" : "text");
		}
	}
	cut_and_mangle(&p, 1);
	is_int(glossa_report_unpack(&r2, p.ptr, p.size), GLOSSA_EINVALID,
		"a fix result is not a report");

	if (glossa_checker_new(&c, doc, NULL) < 0) {
		ok(1, "# SKIP no en_US dictionary: %s",
			glossa_error_last()->message);
		goto out;
	}
	ok(glossa_check_text(&r, c, text, strlen(text), GLOSSA_TEXT_PLAIN,
		"a \"q\".txt") > 0, "findings");
	glossa_buf_clear(&p);
	ok(glossa_report_pack(&p, r) == 0, "report packed");
	ok(glossa_report_unpack(&r2, p.ptr, p.size) == 0, "report unpacked");
	if (r2) {
		for (k = 0; k < 3; k++) {
			glossa_buf_clear(&a);
			glossa_buf_clear(&b);
			rr[0] = r;
			glossa_report_format(&a, rr, 1,
				(glossa_report_format_kind)k,
				GLOSSA_REPORT_SUMMARY);
			rr[0] = r2;
			glossa_report_format(&b, rr, 1,
				(glossa_report_format_kind)k,
				GLOSSA_REPORT_SUMMARY);
			is_str(b.ptr, a.ptr, "the same report (format %d)", k);
		}
	}
	cut_and_mangle(&p, 0);
	glossa_fix_result_free(f2);
	f2 = NULL;
	is_int(glossa_fix_result_unpack(&f2, p.ptr, p.size), GLOSSA_EINVALID,
		"a report is not a fix result");
out:
	glossa_buf_dispose(&p);
	glossa_buf_dispose(&a);
	glossa_buf_dispose(&b);
	glossa_report_free(r);
	glossa_report_free(r2);
	glossa_fix_result_free(f);
	glossa_fix_result_free(f2);
	glossa_checker_free(c);
	glossa_matcher_free(m);
	glossa_doc_free(doc);
	return done_testing();
}
