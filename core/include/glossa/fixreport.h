/*
 * glossa: the change report of fix, as text or JSON.
 *
 * What check's glossa_report_format() is to findings, this is to the
 * matches of glossa_fix_text(): the list `glossa fix --format changes`
 * and `--format json` print. Both formats share check's
 * glossa_report_format_kind and its JSON vocabulary (doc/json/).
 */
#ifndef GLOSSA_FIXREPORT_H
#define GLOSSA_FIXREPORT_H

#include "common.h"
#include "check.h"
#include "fix.h"

GLOSSA_BEGIN_DECL

/**
 * Append the changes of `n` fix results to `out`, results[i] found in
 * the text named names[i] (a file name; NULL is written "<stdin>").
 *
 * GLOSSA_REPORT_TEXT: a line per match, in text order, file by file:
 *   "file:line:column: old -> new [entry]", or for a spelling of several
 *   entries "file:line:column: old: ambiguous (entry,entry), not
 *   changed". Line breaks inside a name are written "\n" and "\r".
 * GLOSSA_REPORT_JSON: one document,
 *   {"changes": [{"file", "line", "column", "text", "replacement",
 *   "entry", "status"}, ...], "fixed": N, "ambiguous": N}
 *   where status is "fix", "ambiguous" (replacement null) or "house"
 *   (with GLOSSA_FIX_ALL_MATCHES); doc/json/fix.schema.json.
 * Line and column are 1-based; the column counts characters.
 *
 * @return 0; GLOSSA_EINVALID for another format (SARIF); GLOSSA_ERROR
 *         when out of memory (`out` then holds a part of the report).
 */
GLOSSA_EXTERN(int) glossa_fix_report_format(glossa_buf *out,
	const glossa_fix_result *const *results, const char *const *names,
	size_t n, glossa_report_format_kind kind);

GLOSSA_END_DECL

#endif
