/*
 * Fuzz target: the matcher and fix.
 *
 *   FUZZ_MODE 0 (fuzz-fix):          arbitrary text against a fixed glossary
 *   FUZZ_MODE 1 (fuzz-fix-glossary): arbitrary small glossaries (TSV)
 *                                    against a fixed text
 *
 * Properties, in plain text and in Markdown:
 *   - matches are in order, do not overlap, lie inside the text and on
 *     code point boundaries;
 *   - fix never changes bytes outside the FIX spans it reports, and puts
 *     exactly new_text in each;
 *   - the output is valid UTF-8 (the input was);
 *   - fix is idempotent: fixing the output finds nothing more to fix.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

#ifndef FUZZ_MODE
# define FUZZ_MODE 0
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char glossary_tsv[] =
	"assad-bashar\tentry\tperson\tapproved\n"
	"assad-bashar\thouse\tBashar Assad\tLatn\ten\n"
	"assad-bashar\tshort\tAssad\tLatn\ten\n"
	"assad-bashar\tvariant\tAsad\tLatn\ten\tAssad\n"
	"assad-bashar\tvariant\tBashar al-Asad\tLatn\ten\tBashar Assad\n"
	"assad-bashar\tnative\tАсад\tCyrl\tru\tAssad\n"
	"assad-bashar\tnative\tالأسد\tArab\tar\tAssad\n"
	"erdogan-recep\tentry\tperson\tapproved\n"
	"erdogan-recep\thouse\tRecep Tayyip Erdogan\tLatn\ten\n"
	"erdogan-recep\tshort\tErdogan\tLatn\ten\n"
	"erdogan-recep\tvariant\tErdoğan\tLatn\ten\tErdogan\n"
	"khair-abdel-aziz\tentry\tperson\tapproved\n"
	"khair-abdel-aziz\thouse\tAbdel-Aziz al-Khair\tLatn\ten\n"
	"khair-abdel-aziz\tvariant\tAbdulaziz Khair\tLatn\ten\n"
	"lavrov-sergei\tentry\tperson\tapproved\n"
	"lavrov-sergei\thouse\tSergei Lavrov\tLatn\ten\n"
	"lavrov-sergei\tshort\tLavrov\tLatn\ten\n"
	"lavrov-sergei\tvariant\tSergey Lavrov\tLatn\ten\n"
	"lavrov-sergei\tnative\tЛавров\tCyrl\tru\tLavrov\n"
	"lavrov-sergei\tnative\tСергей Лавров\tCyrl\tru\n"
	"said-x\tentry\tperson\tapproved\n"
	"said-x\thouse\tKais Saied\tLatn\ten\n"
	"said-x\tvariant\tKais Said\tLatn\ten\n"
	"twin-a\tentry\tperson\tapproved\n"
	"twin-a\thouse\tAlpha Twin\tLatn\ten\n"
	"twin-a\tvariant\tTwinn\tLatn\ten\n"
	"twin-b\tentry\tperson\tapproved\n"
	"twin-b\thouse\tBeta Twin\tLatn\ten\n"
	"twin-b\tvariant\tTwinn\tLatn\ten\n";

static const char fixed_text[] =
	"\xEF\xBB\xBF" "Bashar al-Asad met ASAD's envoy; Asad’s aides and "
	"Abdulaziz Khair said\xC2\xA0" "Asad\r\nwas there. Сергей Лавров и "
	"Лаврова, Лавровым, الأسد والأسد. Erdoğan, ERDOĞAN and Twinn.\n"
	"```\nAsad in code\n```\n[Asad](http://x/Asad) `Asad` <b>Asad</b>\n";

static void die(const char *what, size_t at)
{
	fprintf(stderr, "property violated: %s (at %zu)\n", what, at);
	abort();
}

static void check(const glossa_matcher *m, const char *text, size_t len,
	glossa_text_format fmt)
{
	glossa_fix_result *r = NULL, *r2 = NULL;
	glossa_buf out = GLOSSA_BUF_INIT, out2 = GLOSSA_BUF_INIT;
	const glossa_match *mt;
	size_t n, i, at = 0, o = 0, bad;

	if (glossa_fix_text(&r, m, text, len, fmt, GLOSSA_FIX_ALL_MATCHES,
			"fuzz") < 0) {
		if (glossa_error_last()->message[0] == '\0')
			die("an error without a message", 0);
		return;  /* invalid UTF-8 or NUL: refused */
	}
	mt = glossa_fix_result_matches(r, &n);
	/* Later passes rescan only around what changed: the same result as
	 * rescanning everything. */
	{
		glossa_fix_result *rf = NULL;
		const glossa_match *mf;
		size_t nf;

		if (glossa_fix_text(&rf, m, text, len, fmt,
				GLOSSA_FIX_ALL_MATCHES | GLOSSA_FIX__RESCAN_ALL,
				"fuzz") < 0)
			die("a full rescan fails", 0);
		mf = glossa_fix_result_matches(rf, &nf);
		if (nf != n)
			die("a full rescan finds another number of matches", nf);
		for (i = 0; i < n; i++)
			if (mf[i].start != mt[i].start || mf[i].end != mt[i].end ||
			    mf[i].status != mt[i].status ||
			    (mf[i].new_text == NULL) != (mt[i].new_text == NULL) ||
			    (mt[i].new_text &&
			     strcmp(mf[i].new_text, mt[i].new_text) != 0))
				die("a full rescan finds another match",
					mt[i].start);
		glossa_fix_result_free(rf);
	}
	if (glossa_fix_apply(&out, r, text, len) < 0)
		die("apply failed", 0);
	for (i = 0; i < n; i++) {
		if (mt[i].start < at || mt[i].end <= mt[i].start ||
		    mt[i].end > len)
			die("matches out of order or out of bounds", mt[i].start);
		if (((unsigned char)text[mt[i].start] & 0xC0) == 0x80 ||
		    (mt[i].end < len &&
		     ((unsigned char)text[mt[i].end] & 0xC0) == 0x80))
			die("a match splits a character", mt[i].start);
		if (mt[i].status != GLOSSA_MATCH_FIX)
			continue;
		/* Unchanged gap, then exactly new_text. */
		if (o + (mt[i].start - at) > out.size ||
		    memcmp(out.ptr + o, text + at, mt[i].start - at) != 0)
			die("bytes outside a fix changed", at);
		o += mt[i].start - at;
		if (o + strlen(mt[i].new_text) > out.size ||
		    memcmp(out.ptr + o, mt[i].new_text,
			strlen(mt[i].new_text)) != 0)
			die("the fix is not new_text", mt[i].start);
		o += strlen(mt[i].new_text);
		at = mt[i].end;
	}
	if (out.size - o != len - at ||
	    memcmp(out.ptr + o, text + at, len - at) != 0)
		die("bytes after the last fix changed", at);
	if (!glossa_utf8__valid(out.ptr ? out.ptr : "", out.size, &bad))
		die("output is not valid UTF-8", bad);
	/* Idempotent. */
	if (glossa_fix_text(&r2, m, out.ptr ? out.ptr : "", out.size, fmt, 0,
			"fuzz-again") < 0)
		die("the fixed text is refused", 0);
	if (glossa_fix_result_nfixes(r2) != 0) {
		mt = glossa_fix_result_matches(r2, &n);
		fprintf(stderr, "not idempotent: \"%s\" -> \"%s\" in\n%.*s\n",
			n ? mt[0].old_text : "?",
			n && mt[0].new_text ? mt[0].new_text : "?",
			(int)out.size, out.ptr);
		abort();
	}
	if (glossa_fix_apply(&out2, r2, out.ptr ? out.ptr : "", out.size) < 0 ||
	    out2.size != out.size ||
	    memcmp(out2.ptr ? out2.ptr : "", out.ptr ? out.ptr : "", out.size))
		die("fixing the output changed it", 0);
	glossa_fix_result_free(r);
	glossa_fix_result_free(r2);
	glossa_buf_dispose(&out);
	glossa_buf_dispose(&out2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static glossa_matcher *fixed;
	glossa_matcher *m = NULL;
	glossa_doc *doc = NULL;

	if (FUZZ_MODE == 0) {
		if (fixed == NULL) {
			if (glossa_doc_parse(&doc, GLOSSA_FORMAT_TSV,
					glossary_tsv, strlen(glossary_tsv),
					"fuzz-glossary") < 0 ||
			    glossa_matcher_new(&fixed, doc, NULL) < 0) {
				fprintf(stderr, "%s\n",
					glossa_error_last()->message);
				abort();
			}
			glossa_doc_free(doc);
		}
		check(fixed, (const char *)data, size, GLOSSA_TEXT_PLAIN);
		check(fixed, (const char *)data, size, GLOSSA_TEXT_MARKDOWN);
		return 0;
	}
	if (glossa_doc_parse(&doc, GLOSSA_FORMAT_TSV, (const char *)data, size,
			"fuzz") < 0)
		return 0;
	if (glossa_matcher_new(&m, doc, NULL) < 0) {
		glossa_doc_free(doc);
		return 0;
	}
	check(m, fixed_text, strlen(fixed_text), GLOSSA_TEXT_PLAIN);
	check(m, fixed_text, strlen(fixed_text), GLOSSA_TEXT_MARKDOWN);
	glossa_matcher_free(m);
	glossa_doc_free(doc);
	return 0;
}
