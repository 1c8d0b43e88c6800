/*
 * Fuzz targets for glossa check.
 *
 *   FUZZ_MODE 0 (fuzz-check):  arbitrary drafts against a fixed glossary
 *                              and the en_US dictionary, plain and
 *                              Markdown. Properties: findings lie inside
 *                              the draft on code point boundaries, their
 *                              text is the span, line and column agree
 *                              with the span, and the reports write
 *                              (as valid UTF-8) in every format: one
 *                              format per report, chosen by the input's
 *                              size, as writing all three took most of
 *                              the time.
 *   FUZZ_MODE 2 (fuzz-check-rules): the same with the spelling rule
 *                              off: Hunspell's suggestions for every
 *                              random word still cost most of mode 0's
 *                              time, even with the small dictionary in
 *                              dict/; this mode reaches the other rules,
 *                              the markers and the reports more often.
 *   FUZZ_MODE 1 (fuzz-config): arbitrary .glossa.ini files. Properties:
 *                              a refusal has a message; an accepted file
 *                              has sane values, and applying it works.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "internal.h"

#ifndef FUZZ_MODE
# define FUZZ_MODE 0
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char glossary_tsv[] =
	"assad-bashar\tentry\tperson\tapproved\n"
	"assad-bashar\thouse\tBashar Assad\tLatn\ten\n"
	"assad-bashar\tshort\tAssad\tLatn\ten\n"
	"assad-bashar\talternate\tal-Assad\tLatn\ten\n"
	"assad-bashar\tvariant\tAsad\tLatn\ten\tAssad\n"
	"assad-bashar\tnative\tАсад\tCyrl\tru\tAssad\n"
	"assad-bashar\tnative\tالأسد\tArab\tar\tAssad\n"
	"gadhafi-moammar\tentry\tperson\tapproved\n"
	"gadhafi-moammar\thouse\tMoammar Gadhafi\tLatn\ten\n"
	"gadhafi-moammar\tshort\tGadhafi\tLatn\ten\n"
	"gadhafi-moammar\tvariant\tQaddafi\tLatn\ten\tGadhafi\n"
	"lavrov-sergei\tentry\tperson\tapproved\n"
	"lavrov-sergei\thouse\tSergei Lavrov\tLatn\ten\n"
	"lavrov-sergei\tshort\tLavrov\tLatn\ten\n"
	"lavrov-sergei\tnative\tЛавров\tCyrl\tru\tLavrov\n";

static void die(const char *what, size_t at)
{
	fprintf(stderr, "property violated: %s (at %zu)\n", what, at);
	abort();
}

static void check_report(const glossa_report *r, const char *text, size_t len,
	size_t which)
{
	static const glossa_report_format_kind fmts[] = { GLOSSA_REPORT_TEXT,
		GLOSSA_REPORT_JSON, GLOSSA_REPORT_SARIF };
	const glossa_finding *f;
	unsigned *line, *col;
	size_t n, i, k;

	/* Every offset's line and column, once (not per finding). */
	if ((line = malloc((len + 1) * sizeof(*line))) == NULL ||
	    (col = malloc((len + 1) * sizeof(*col))) == NULL)
		abort();
	line[0] = col[0] = 1;
	for (k = 0; k < len; k++) {
		line[k + 1] = line[k] + (text[k] == '\n');
		col[k + 1] = text[k] == '\n' ? 1 :
			col[k] + (((unsigned char)text[k] & 0xC0) != 0x80);
	}
	/* A BOM at the start is no column (draft.c: as an editor shows). */
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		for (k = 1; k <= len && line[k] == 1; k++)
			if (k >= 3)
				col[k]--;
	f = glossa_report_findings(r, &n);
	for (i = 0; i < n; i++) {
		if (f[i].end < f[i].start || f[i].end > len)
			die("a finding outside the draft", f[i].start);
		if ((f[i].start < len &&
		     ((unsigned char)text[f[i].start] & 0xC0) == 0x80) ||
		    (f[i].end < len &&
		     ((unsigned char)text[f[i].end] & 0xC0) == 0x80))
			die("a finding splits a character", f[i].start);
		if (f[i].text == NULL ||
		    strlen(f[i].text) != f[i].end - f[i].start ||
		    memcmp(f[i].text, text + f[i].start, f[i].end - f[i].start))
			die("a finding's text is not its span", f[i].start);
		if (f[i].message == NULL || f[i].message[0] == '\0')
			die("a finding without a message", f[i].start);
		if (f[i].line != line[f[i].start] ||
		    f[i].column != col[f[i].start])
			die("line or column do not match the span", f[i].start);
	}
	free(line);
	free(col);
	{
		glossa_buf out = GLOSSA_BUF_INIT;
		size_t bad;

		k = which % (sizeof(fmts) / sizeof(fmts[0]));
		if (glossa_report_format(&out, &r, 1, fmts[k], 0) < 0)
			die("a report does not write", k);
		if (!glossa_utf8__valid(out.ptr ? out.ptr : "", out.size, &bad))
			die("a report is not valid UTF-8", bad);
		glossa_buf_dispose(&out);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static glossa_checker *checker;
	static unsigned runs;
	const char *text = (const char *)data;

	if (FUZZ_MODE != 1) {
		glossa_report *r = NULL;
		int fmt;

		/* The checker learns every distinct word it sees; start afresh
		 * now and then, or a long run's memory only grows. */
		if (++runs % 20000 == 0) {
			glossa_checker_free(checker);
			checker = NULL;
		}
		if (checker == NULL) {
			glossa_doc *doc = NULL;
			glossa_checker_options o = GLOSSA_CHECKER_OPTIONS_INIT;

			/* A small dictionary (dict/): Hunspell's search for
			 * suggestions grows with the dictionary, and every
			 * random word needs one. */
			o.lang = "fuzz_EN";
			o.dict_path = FUZZ_DICT_DIR;
			if (FUZZ_MODE == 2 &&
			    (glossa_rule_settings_new(&o.rules) < 0 ||
			     glossa_rule_settings_set(o.rules,
					GLOSSA_RULE_SPELLING,
					GLOSSA_SEVERITY_OFF) < 0))
				abort();
			if (glossa_doc_parse(&doc, GLOSSA_FORMAT_TSV,
					glossary_tsv, strlen(glossary_tsv),
					"fuzz-glossary") < 0 ||
			    glossa_checker_new(&checker, doc, &o) < 0) {
				fprintf(stderr, "%s\n",
					glossa_error_last()->message);
				abort();
			}
			glossa_doc_free(doc);
			glossa_rule_settings_free(o.rules);
		}
		for (fmt = 0; fmt < 2; fmt++) {
			if (glossa_check_text(&r, checker, text, size,
					fmt ? GLOSSA_TEXT_MARKDOWN :
					GLOSSA_TEXT_PLAIN, "fuzz") < 0) {
				if (glossa_error_last()->message[0] == '\0')
					die("an error without a message", 0);
				return 0;
			}
			check_report(r, text, size, size + (size_t)fmt);
			glossa_report_free(r);
			r = NULL;
		}
		return 0;
	} else {
		static char path[64];
		glossa_check_config *cfg = NULL;
		glossa_checker_options o = GLOSSA_CHECKER_OPTIONS_INIT;
		FILE *f;
		size_t i;

		if (path[0] == '\0')
			snprintf(path, sizeof(path), "/tmp/fuzz-config-%ld.ini",
				(long)getpid());
		if ((f = fopen(path, "wb")) == NULL ||
		    fwrite(data, 1, size, f) != size || fclose(f) != 0)
			abort();
		if (glossa_check_config_load(&cfg, path) < 0) {
			if (glossa_error_last()->message[0] == '\0')
				die("an error without a message", 0);
			return 0;
		}
		for (i = 0; i < GLOSSA_RULE_COUNT; i++)
			if ((unsigned)glossa_rule_settings_get(cfg->rules,
					(glossa_rule)i) > GLOSSA_SEVERITY_ERROR)
				die("a severity out of range", i);
		for (i = 0; i < cfg->naccept; i++)
			if (cfg->accept[i] == NULL)
				die("a NULL accepted word", i);
		if (glossa_check_config_apply(&o, cfg) < 0)
			die("options of this version refused", 0);
		glossa_check_config_free(cfg);
		return 0;
	}
}
