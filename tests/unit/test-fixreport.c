/*
 * glossa_fix_report_format(): fix's change report, written by the library
 * through the public API only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include <glossa.h>
#include "assad.h"

static glossa_matcher *assad_matcher(void)
{
	glossa_doc *doc = assad_doc();
	glossa_matcher *m = NULL;
	int error = doc ? glossa_matcher_new(&m, doc, NULL) : -1;

	glossa_doc_free(doc);
	return error == 0 ? m : NULL;
}

int main(void)
{
	static const char a[] = "Bashar al-Asad spoke.\n";
	static const char b[] = "Nothing here.\n";
	static const char c[] = "One.\n\tBashar al-Asad left.\n";
	glossa_matcher *m = assad_matcher();
	glossa_fix_result *r[3] = { NULL, NULL, NULL };
	const char *names[3] = { "a \"q\".txt", "b.txt", NULL };
	glossa_buf out = GLOSSA_BUF_INIT;

	ok(m != NULL, "a matcher");
	if (!m)
		return done_testing();
	is_int(glossa_fix_text(&r[0], m, a, strlen(a), GLOSSA_TEXT_PLAIN, 0,
		"a.txt"), 1, "one fix in a");
	is_int(glossa_fix_text(&r[1], m, b, strlen(b), GLOSSA_TEXT_PLAIN, 0,
		"b.txt"), 0, "none in b");
	is_int(glossa_fix_text(&r[2], m, c, strlen(c), GLOSSA_TEXT_PLAIN, 0,
		NULL), 1, "one in c");

	is_int(glossa_fix_report_format(&out,
		(const glossa_fix_result *const *)r, names, 3,
		GLOSSA_REPORT_TEXT), 0, "text report");
	is_str(out.ptr,
		"a \"q\".txt:1:1: Bashar al-Asad -> Bashar Assad [assad-bashar]\n"
		"<stdin>:2:2: Bashar al-Asad -> Bashar Assad [assad-bashar]\n",
		"a line per change; a NULL name is <stdin>");

	glossa_buf_clear(&out);
	is_int(glossa_fix_report_format(&out,
		(const glossa_fix_result *const *)r, names, 3,
		GLOSSA_REPORT_JSON), 0, "JSON report");
	is_str(out.ptr,
		"{\n  \"changes\": [\n"
		"    {\"file\": \"a \\\"q\\\".txt\", \"line\": 1, \"column\": 1, "
		"\"text\": \"Bashar al-Asad\", \"replacement\": \"Bashar Assad\", "
		"\"entry\": \"assad-bashar\", \"status\": \"fix\"},\n"
		"    {\"file\": \"<stdin>\", \"line\": 2, \"column\": 2, "
		"\"text\": \"Bashar al-Asad\", \"replacement\": \"Bashar Assad\", "
		"\"entry\": \"assad-bashar\", \"status\": \"fix\"}\n"
		"  ],\n  \"fixed\": 2,\n  \"ambiguous\": 0\n}\n",
		"one document, check's keys, strings escaped");

	glossa_buf_clear(&out);
	is_int(glossa_fix_report_format(&out,
		(const glossa_fix_result *const *)r + 1, names + 1, 1,
		GLOSSA_REPORT_JSON), 0, "a report with no change");
	is_str(out.ptr,
		"{\n  \"changes\": [],\n  \"fixed\": 0,\n  \"ambiguous\": 0\n}\n",
		"  is an empty list");

	glossa_buf_clear(&out);
	is_int(glossa_fix_report_format(&out, NULL, NULL, 0,
		GLOSSA_REPORT_TEXT), 0, "no results: nothing to write");
	ok(out.size == 0, "  and nothing written");
	is_int(glossa_fix_report_format(&out,
		(const glossa_fix_result *const *)r, names, 1,
		GLOSSA_REPORT_SARIF), GLOSSA_EINVALID, "SARIF is refused");
	ok(strstr(glossa_error_last()->message, "text or JSON") != NULL,
		"  saying what a fix report is: %s",
		glossa_error_last()->message);
	r[1] = (glossa_fix_result_free(r[1]), NULL);
	is_int(glossa_fix_report_format(&out,
		(const glossa_fix_result *const *)r, names, 2,
		GLOSSA_REPORT_TEXT), GLOSSA_EINVALID, "a NULL result is refused");

	glossa_buf_dispose(&out);
	glossa_fix_result_free(r[0]);
	glossa_fix_result_free(r[2]);
	glossa_matcher_free(m);
	return done_testing();
}
