/*
 * Exchange formats: CSV, TBX and JSON round trips, hand-written fixtures,
 * and the error messages for bad input (each must name "file:line:").
 * Runs from tests/ so the fixture paths below resolve.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "internal.h"
#include "fmt.h"

#define FIXTURES "unit/data/formats/"

static const glossa_format all_formats[] = {
	GLOSSA_FORMAT_TSV, GLOSSA_FORMAT_CSV, GLOSSA_FORMAT_TBX,
	GLOSSA_FORMAT_JSON
};

static bool starts_with(const char *s, const char *prefix)
{
	return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *data = NULL;
	long n;

	if (fp == NULL)
		return NULL;
	if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 &&
	    fseek(fp, 0, SEEK_SET) == 0 &&
	    (data = malloc((size_t)n + 1)) != NULL) {
		if (fread(data, 1, (size_t)n, fp) != (size_t)n) {
			free(data);
			data = NULL;
		} else {
			data[n] = '\0';
			*len = (size_t)n;
		}
	}
	fclose(fp);
	return data;
}

/* Export to a malloc'd string (NULL on failure). */
static char *export_doc(const glossa_doc *doc, glossa_format f)
{
	glossa_buf b = GLOSSA_BUF_INIT;

	if (glossa_doc_write(&b, doc, f) < 0) {
		printf("# export as %s failed: %s\n", glossa_format_name(f),
			glossa_error_last()->message);
		glossa_buf_dispose(&b);
		return NULL;
	}
	if (b.ptr == NULL)
		return calloc(1, 1);
	return b.ptr;
}

static char *canonical_tsv(glossa_doc *doc)
{
	if (glossa_doc_canonicalize(doc) < 0)
		return NULL;
	return export_doc(doc, GLOSSA_FORMAT_TSV);
}

/*
 * A realistic glossary, out of canonical order, with the text that breaks
 * naive writers: commas, quotes, semicolons, <>&, non-ASCII, Arabic and
 * Cyrillic, empty notes, an entry without a short form.
 */
static glossa_doc *build_doc(void)
{
	glossa_doc *doc;
	glossa_entry *e;
	int error = 0;

	if (glossa_doc_new(&doc) < 0)
		return NULL;

	error |= glossa_doc_add_entry(&e, doc, "lavrov", GLOSSA_KIND_PERSON,
		GLOSSA_STATUS_APPROVED,
		"Russian foreign minister, since 2004; \"Mr Nyet\"", 0);
	error |= glossa_entry_add_form(e, &(glossa_form_spec){
		.type = GLOSSA_FORM_NATIVE, .text = "Сергей Лавров",
		.script = "Cyrl", .lang = "ru", .becomes = "Sergei Lavrov" });
	error |= glossa_entry_add_form(e, &(glossa_form_spec){
		.type = GLOSSA_FORM_HOUSE, .text = "Sergei Lavrov",
		.script = "Latn", .lang = "en" });
	error |= glossa_entry_add_form(e, &(glossa_form_spec){
		.type = GLOSSA_FORM_SHORT, .text = "Lavrov", .script = "Latn",
		.lang = "en" });
	error |= glossa_entry_add_form(e, &(glossa_form_spec){
		.type = GLOSSA_FORM_NATIVE, .text = "Лавров", .script = "Cyrl",
		.lang = "ru", .becomes = "Lavrov",
		.note = "genitive Лаврова, instr. Лавровым" });
	error |= glossa_entry_add_form(e, &(glossa_form_spec){
		.type = GLOSSA_FORM_ALTERNATE, .text = "Sergey Lavrov",
		.script = "Latn", .lang = "en",
		.note = "AP & Reuters; \"Sergey\", not 'Sergej'" });
	error |= glossa_entry_add_form(e, &(glossa_form_spec){
		.type = GLOSSA_FORM_VARIANT, .text = "Sergej Lawrow",
		.script = "Latn", .lang = "de",
		.note = "German press, <dpa>" });

	error |= glossa_doc_add_entry(&e, doc, "assad", GLOSSA_KIND_PERSON,
		GLOSSA_STATUS_APPROVED,
		"Syrian president 2000–2024, \"the doctor\" <ophthalmologist> & son of Hafez", 0);
	error |= glossa_entry_add_form(e, &(glossa_form_spec){
		.type = GLOSSA_FORM_VARIANT, .text = "Bashar al-Asad",
		.script = "Latn", .lang = "en" });
	error |= glossa_entry_add_form(e, &(glossa_form_spec){
		.type = GLOSSA_FORM_HOUSE, .text = "Bashar Assad",
		.script = "Latn", .lang = "en" });
	error |= glossa_entry_add_form(e, &(glossa_form_spec){
		.type = GLOSSA_FORM_SHORT, .text = "Assad", .script = "Latn",
		.lang = "en" });
	error |= glossa_entry_add_form(e, &(glossa_form_spec){
		.type = GLOSSA_FORM_VARIANT, .text = "Asad", .script = "Latn",
		.lang = "en", .becomes = "Assad",
		.note = "\"Asad\" is the Arabic; we don't use it" });
	error |= glossa_entry_add_form(e, &(glossa_form_spec){
		.type = GLOSSA_FORM_VARIANT, .text = "Bashar el-Assad",
		.script = "Latn", .lang = "fr", .becomes = "Bashar Assad",
		.note = "AFP" });
	error |= glossa_entry_add_form(e, &(glossa_form_spec){
		.type = GLOSSA_FORM_NATIVE, .text = "بشار الأسد",
		.script = "Arab", .lang = "ar", .note = "ملاحظة, \"عربية\"" });
	error |= glossa_entry_add_form(e, &(glossa_form_spec){
		.type = GLOSSA_FORM_NATIVE, .text = "الأسد", .script = "Arab",
		.lang = "ar", .becomes = "Assad" });
	error |= glossa_entry_add_form(e, &(glossa_form_spec){
		.type = GLOSSA_FORM_NATIVE, .text = "Башар Асад",
		.script = "Cyrl", .lang = "ru", .becomes = "Bashar Assad" });
	/* A one-word variant safe alone, and an exception (issue 13). */
	error |= glossa_entry_add_form(e, &(glossa_form_spec){
		.type = GLOSSA_FORM_ALONE, .text = "Assadd", .script = "Latn",
		.lang = "en", .becomes = "Assad" });
	error |= glossa_entry_add_form(e, &(glossa_form_spec){
		.type = GLOSSA_FORM_EXCEPTION, .text = "Ain al-Asad",
		.script = "Latn", .lang = "en",
		.note = "an air base in Iraq" });

	/* The transliteration lexicon's kind. */
	error |= glossa_doc_add_entry(&e, doc, "given-sergei", GLOSSA_KIND_GIVEN,
		GLOSSA_STATUS_APPROVED, "Russian given name", 0);
	error |= glossa_entry_add_form(e, &(glossa_form_spec){
		.type = GLOSSA_FORM_HOUSE, .text = "Sergei", .script = "Latn",
		.lang = "en" });
	error |= glossa_entry_add_form(e, &(glossa_form_spec){
		.type = GLOSSA_FORM_NATIVE, .text = "Сергей", .script = "Cyrl",
		.lang = "ru", .becomes = "Sergei" });

	/* No short form, no notes. */
	error |= glossa_doc_add_entry(&e, doc, "aleppo", GLOSSA_KIND_PLACE,
		GLOSSA_STATUS_PROPOSED, "", 0);
	error |= glossa_entry_add_form(e, &(glossa_form_spec){
		.type = GLOSSA_FORM_HOUSE, .text = "Aleppo", .script = "Latn",
		.lang = "en" });
	error |= glossa_entry_add_form(e, &(glossa_form_spec){
		.type = GLOSSA_FORM_NATIVE, .text = "حلب", .script = "Arab",
		.lang = "ar", .becomes = "Aleppo" });

	error |= glossa_doc_add_entry(&e, doc, "at-t", GLOSSA_KIND_ORG,
		GLOSSA_STATUS_DEPRECATED, "a, b; c \"d\" <e> & f", 0);
	error |= glossa_entry_add_form(e, &(glossa_form_spec){
		.type = GLOSSA_FORM_HOUSE, .text = "AT&T", .script = "Latn",
		.lang = "en", .note = "\"quoted\"" });
	error |= glossa_entry_add_form(e, &(glossa_form_spec){
		.type = GLOSSA_FORM_ALTERNATE, .text = "A.T.&T.",
		.script = "Latn", .lang = "en", .note = "," });

	error |= glossa_doc_add_entry(&e, doc, "0day", GLOSSA_KIND_TERM,
		GLOSSA_STATUS_APPROVED, "Ünïcödé ‘quotes’ — and “more”", 0);
	error |= glossa_entry_add_form(e, &(glossa_form_spec){
		.type = GLOSSA_FORM_HOUSE, .text = "zero-day",
		.script = "Latn", .lang = "en" });

	if (error) {
		glossa_doc_free(doc);
		return NULL;
	}
	return doc;
}

/* export -> parse -> canonicalize -> export gives the same bytes, and the
 * parsed document is the same document (compared through TSV). */
static void test_round_trip(glossa_format f)
{
	const char *name = glossa_format_name(f);
	glossa_doc *doc = build_doc(), *back = NULL;
	char *first = NULL, *again = NULL, *second = NULL;
	char *tsv1 = NULL, *tsv2 = NULL;
	int rc;

	ok(doc != NULL, "%s: build the sample document", name);
	if (doc == NULL)
		return;
	is_int(glossa_doc_validate(doc, "sample"), 0,
		"%s: the sample document is valid", name);
	tsv1 = canonical_tsv(doc);
	first = export_doc(doc, f);
	again = export_doc(doc, f);
	ok(first != NULL, "%s: export", name);
	is_str(again, first, "%s: export is deterministic", name);
	if (first == NULL)
		goto done;

	rc = glossa_doc_parse(&back, f, first, strlen(first), "rt");
	is_int(rc, 0, "%s: parse the export back", name);
	if (rc < 0) {
		printf("# %s\n", glossa_error_last()->message);
		goto done;
	}
	tsv2 = canonical_tsv(back);
	second = export_doc(back, f);
	is_str(second, first, "%s: export, parse, export is byte-identical",
		name);
	is_str(tsv2, tsv1, "%s: the parsed document equals the original",
		name);

done:
	free(first);
	free(again);
	free(second);
	free(tsv1);
	free(tsv2);
	glossa_doc_free(doc);
	glossa_doc_free(back);
}

/* The hand-written fixtures of one glossary in every format parse to the
 * same document as the TSV reference. */
static void test_fixtures(void)
{
	static const char *const files[] = {
		FIXTURES "good.tsv", FIXTURES "good.csv", FIXTURES "good.tbx",
		FIXTURES "good.json"
	};
	char *want = NULL;
	size_t i;

	for (i = 0; i < 4; i++) {
		glossa_doc *doc = NULL;
		size_t len = 0;
		char *data = slurp(files[i], &len), *tsv;
		int rc;

		ok(data != NULL, "read %s", files[i]);
		if (data == NULL)
			continue;
		rc = glossa_doc_parse(&doc, all_formats[i], data, len,
			files[i]);
		is_int(rc, 0, "parse %s", files[i]);
		if (rc < 0) {
			printf("# %s\n", glossa_error_last()->message);
			free(data);
			continue;
		}
		is_int(glossa_doc_count(doc), 3, "%s: 3 entries", files[i]);

		/* Lines recorded for later validation messages. */
		switch (all_formats[i]) {
		case GLOSSA_FORMAT_CSV:
			is_int(glossa_doc_entry(doc, 0)->line, 2,
				"csv: line of the first entry");
			is_int(glossa_doc_entry(doc, 1)->line, 4,
				"csv: line of the second entry");
			is_int(glossa_doc_entry(doc, 2)->line, 14,
				"csv: line of an entry after a blank line");
			is_int(glossa_doc_entry(doc, 0)->forms[1].line, 3,
				"csv: line of a form after a CRLF row");
			is_int(glossa_doc_entry(doc, 0)->forms[4].line, 13,
				"csv: line of a form after a blank line");
			break;
		case GLOSSA_FORMAT_TBX:
			is_int(glossa_doc_entry(doc, 1)->line, 47,
				"tbx: line of a conceptEntry");
			is_int(glossa_doc_entry(doc, 0)->forms[1].line, 18,
				"tbx: line of a termSec");
			is_str(glossa_doc_entry(doc, 0)->forms[1].script, "Cyrl",
				"tbx: a missing script is taken from the letters");
			break;
		case GLOSSA_FORMAT_JSON:
			is_int(glossa_doc_entry(doc, 0)->line, 4,
				"json: line of the first entry");
			is_int(glossa_doc_entry(doc, 2)->line, 19,
				"json: line of a multi-line entry");
			is_int(glossa_doc_entry(doc, 0)->forms[3].line, 11,
				"json: line of a form after a two-line form");
			is_str(glossa_doc_entry(doc, 0)->forms[3].text,
				"Сергей Лавров",
				"json: \\u escapes are decoded");
			break;
		default:
			break;
		}

		tsv = canonical_tsv(doc);
		if (i == 0)
			want = tsv;
		else {
			is_str(tsv, want, "%s parses to the same glossary as %s",
				files[i], files[0]);
			free(tsv);
		}
		glossa_doc_free(doc);
		free(data);
	}
	free(want);
}

/* Parsing must fail with a message that starts with `prefix` and contains
 * `part`. */
static void fails(glossa_format f, const char *source, const char *data,
	const char *prefix, const char *part)
{
	glossa_doc *doc = NULL;
	const char *msg;
	int rc;

	rc = glossa_doc_parse(&doc, f, data, strlen(data), source);
	is_int(rc, GLOSSA_EINVALID, "%s: rejected (%s)", source, part);
	msg = glossa_error_last()->message;
	ok(msg && strncmp(msg, prefix, strlen(prefix)) == 0 &&
	   strstr(msg, part) != NULL, "%s: message \"%s...%s\"", source,
	   prefix, part);
	if (!(msg && strncmp(msg, prefix, strlen(prefix)) == 0 &&
	      strstr(msg, part) != NULL))
		printf("#   message: %s\n", msg ? msg : "(null)");
	ok(doc == NULL, "%s: no document on failure", source);
	glossa_doc_free(doc);
}

#define CSV_HEAD "key,kind,status,entry_note,type,text,script,lang,becomes,note\n"

static void test_csv(void)
{
	glossa_doc *doc = build_doc();
	char *out, *p;
	bool crlf = true;

	glossa_doc_canonicalize(doc);
	out = export_doc(doc, GLOSSA_FORMAT_CSV);
	ok(out && strncmp(out, "key,kind,status,entry_note,type,text,script,lang,becomes,note\r\n",
		63) == 0, "csv: header row first");
	for (p = out; p && (p = strchr(p, '\n')) != NULL; p++)
		if (p == out || p[-1] != '\r')
			crlf = false;
	ok(crlf, "csv: every line ends in CRLF");
	ok(out && strstr(out, "at-t,org,deprecated,\"a, b; c \"\"d\"\" <e> & f\",house,AT&T,Latn,en,,\"\"\"quoted\"\"\"\r\n"),
		"csv: quoting of commas and quotes");
	ok(out && strstr(out, "aleppo,place,proposed,,house,Aleppo,Latn,en,,\r\n"),
		"csv: empty fields stay unquoted");
	free(out);
	glossa_doc_free(doc);

	fails(GLOSSA_FORMAT_CSV, "cols.csv", CSV_HEAD
		"a,term,approved,,house,A,Latn,en,,\n"
		"a,term,approved,,short,A2,Latn,en\n",
		"cols.csv:3: ", "10 comma-separated fields");
	fails(GLOSSA_FORMAT_CSV, "quote.csv", CSV_HEAD
		"a,term,approved,,house,A,Latn,en,,\n"
		"a,term,approved,\"open note,house,B,Latn,en,,\n"
		"a,term,approved,,short,C,Latn,en,,\n",
		"quote.csv:3: ", "unterminated quoted field starting at line 3");
	fails(GLOSSA_FORMAT_CSV, "type.csv", CSV_HEAD
		"a,term,approved,,house,A,Latn,en,,\r\n"
		"a,term,approved,,nickname,B,Latn,en,,\r\n",
		"type.csv:3: ", "unknown form type");
	fails(GLOSSA_FORMAT_CSV, "kind.csv", CSV_HEAD
		"a,animal,approved,,house,A,Latn,en,,\n",
		"kind.csv:2: ", "unknown kind");
	fails(GLOSSA_FORMAT_CSV, "status.csv", CSV_HEAD
		"a,term,final,,house,A,Latn,en,,\n",
		"status.csv:2: ", "unknown status");
	fails(GLOSSA_FORMAT_CSV, "header.csv",
		"key,kind,status,note,type,text,script,lang,becomes,note\n"
		"a,term,approved,,house,A,Latn,en,,\n",
		"header.csv:1: ", "the first row must be the header");
	fails(GLOSSA_FORMAT_CSV, "noheader.csv",
		"a,term,approved,,house,A,Latn,en,,\n",
		"noheader.csv:1: ", "header");
	fails(GLOSSA_FORMAT_CSV, "empty.csv", "", "empty.csv:1: ",
		"no header row");
	fails(GLOSSA_FORMAT_CSV, "differ.csv", CSV_HEAD
		"a,term,approved,note one,house,A,Latn,en,,\n"
		"b,term,approved,,house,B,Latn,en,,\n"
		"a,term,approved,note two,short,A2,Latn,en,,\n",
		"differ.csv:4: ",
		"the entry note of entry a is \"note two\" here but \"note one\" on line 2");
	fails(GLOSSA_FORMAT_CSV, "differkind.csv", CSV_HEAD
		"a,term,approved,,house,A,Latn,en,,\n"
		"a,org,approved,,short,A2,Latn,en,,\n",
		"differkind.csv:3: ", "the kind of entry a");
	fails(GLOSSA_FORMAT_CSV, "after.csv", CSV_HEAD
		"a,term,approved,\"x\"y,house,A,Latn,en,,\n",
		"after.csv:2: ", "text after the closing quote");
	fails(GLOSSA_FORMAT_CSV, "stray.csv", CSV_HEAD
		"a,term,approved,x\"y,house,A,Latn,en,,\n",
		"stray.csv:2: ", "quote inside an unquoted field");
	/* A quoted field over two lines: later rows keep their real line. */
	fails(GLOSSA_FORMAT_CSV, "multi.csv", CSV_HEAD
		"a,term,approved,\"two\nlines\",house,A,Latn,en,,\n"
		"b,thing,approved,,house,B,Latn,en,,\n",
		"multi.csv:4: ", "unknown kind");
	/* Semantic errors found by validation name the row's line. */
	fails(GLOSSA_FORMAT_CSV, "becomes.csv", CSV_HEAD
		"a,term,approved,,house,Alpha,Latn,en,,\n"
		"a,term,approved,,variant,Alfa,Latn,en,Beta,\n",
		"becomes.csv:3: ", "not the house or short form");
	fails(GLOSSA_FORMAT_CSV, "nohouse.csv", CSV_HEAD
		"a,term,approved,,house,Alpha,Latn,en,,\n"
		"b,term,approved,,short,Beta,Latn,en,,\n",
		"nohouse.csv:3: ", "0 house forms");
	fails(GLOSSA_FORMAT_CSV, "nl.csv", CSV_HEAD
		"a,term,approved,\"line\r\nbreak\",house,Alpha,Latn,en,,\n",
		"nl.csv:2: ", "control character");
}

#define TBX_OPEN \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
	"<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"en\" " \
	"xmlns=\"urn:iso:std:iso:30042:ed-2\">\n" \
	"<tbxHeader><fileDesc><sourceDesc><p>t</p></sourceDesc></fileDesc></tbxHeader>\n" \
	"<text><body>\n"
#define TBX_CLOSE "</body></text></tbx>\n"
#define TBX_TERM(text, adm, extra) \
	"<termSec><term>" text "</term><termNote type=\"administrativeStatus\">" \
	adm "</termNote>" extra "</termSec>\n"
#define HOUSE_TERM(text) TBX_TERM(text, "preferredTerm-admn-sts", \
	"<termNote type=\"termType\">fullForm</termNote>")

static void test_tbx(void)
{
	glossa_doc *doc = build_doc();
	char *out;

	glossa_doc_canonicalize(doc);
	out = export_doc(doc, GLOSSA_FORMAT_TBX);
	ok(starts_with(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"en\" xmlns=\"urn:iso:std:iso:30042:ed-2\">\n"
		"  <tbxHeader>\n"),
		"tbx: declaration and root element");
	ok(out && strstr(out, "\n      <conceptEntry id=\"assad\">\n"
		"        <descrip type=\"subjectField\">person</descrip>\n"
		"        <descrip type=\"definition\">Syrian president 2000–2024, &quot;the doctor&quot; &lt;ophthalmologist&gt; &amp; son of Hafez</descrip>\n"
		"        <note>status: approved</note>\n"
		"        <langSec xml:lang=\"en\">\n"
		"          <termSec>\n"
		"            <term>Bashar Assad</term>\n"
		"            <termNote type=\"administrativeStatus\">preferredTerm-admn-sts</termNote>\n"
		"            <termNote type=\"termType\">fullForm</termNote>\n"
		"            <termNote type=\"script\">Latn</termNote>\n"
		"          </termSec>\n"),
		"tbx: indented concept entry, escaped definition, raw UTF-8");
	ok(out && strstr(out, "<term>Asad</term>\n"
		"            <termNote type=\"administrativeStatus\">deprecatedTerm-admn-sts</termNote>\n"
		"            <termNote type=\"termType\">variant</termNote>\n"
		"            <termNote type=\"script\">Latn</termNote>\n"
		"            <termNote type=\"becomes\">Assad</termNote>\n"),
		"tbx: a variant with its target form");
	ok(out && strstr(out, "<langSec xml:lang=\"ar\">\n"
		"          <termSec>\n"
		"            <term>الأسد</term>\n"
		"            <termNote type=\"administrativeStatus\">preferredTerm-admn-sts</termNote>\n"
		"            <termNote type=\"script\">Arab</termNote>\n"),
		"tbx: a native form in its own langSec");
	ok(out && strlen(out) > 8 &&
	   strcmp(out + strlen(out) - 8, "</tbx>\n\n") != 0 &&
	   strcmp(out + strlen(out) - 7, "</tbx>\n") == 0,
		"tbx: ends with </tbx> and one newline");
	free(out);
	glossa_doc_free(doc);

	fails(GLOSSA_FORMAT_TBX, "malformed.tbx", TBX_OPEN
		"<conceptEntry id=\"a\">\n"
		"<descrip type=\"subjectField\">term</descrip>\n"
		"</conceptEntry>\n"
		"<conceptEntry id=\"b\">\n"
		"<descrip type=\"subjectField\">term</note>\n"
		TBX_CLOSE,
		"malformed.tbx:9: ", "malformed XML");
	fails(GLOSSA_FORMAT_TBX, "truncated.tbx", TBX_OPEN
		"<conceptEntry id=\"a\">\n",
		"truncated.tbx:", "malformed XML");
	fails(GLOSSA_FORMAT_TBX, "root.tbx",
		"<?xml version=\"1.0\"?>\n\n<martif type=\"TBX\"/>\n",
		"root.tbx:3: ", "the root element is <martif>");
	fails(GLOSSA_FORMAT_TBX, "ns.tbx",
		"<tbx type=\"TBX-Basic\"><text><body/></text></tbx>\n",
		"ns.tbx:1: ", "namespace");
	fails(GLOSSA_FORMAT_TBX, "adm.tbx", TBX_OPEN
		"<conceptEntry id=\"a\">\n"
		"<descrip type=\"subjectField\">term</descrip>\n"
		"<note>status: approved</note>\n"
		"<langSec xml:lang=\"en\">\n"
		HOUSE_TERM("Alpha")
		TBX_TERM("Alfa", "forbiddenTerm-admn-sts", "")
		"</langSec></conceptEntry>\n" TBX_CLOSE,
		"adm.tbx:10: ", "unknown administrativeStatus \"forbiddenTerm-admn-sts\"");
	fails(GLOSSA_FORMAT_TBX, "kind.tbx", TBX_OPEN
		"<conceptEntry id=\"a\">\n"
		"<descrip type=\"subjectField\">Politics</descrip>\n"
		"<note>status: approved</note>\n"
		"</conceptEntry>\n" TBX_CLOSE,
		"kind.tbx:5: ", "unknown kind");
	fails(GLOSSA_FORMAT_TBX, "status.tbx", TBX_OPEN
		"<conceptEntry id=\"a\">\n"
		"<descrip type=\"subjectField\">term</descrip>\n"
		"</conceptEntry>\n" TBX_CLOSE,
		"status.tbx:5: ", "no <note>status:");
	fails(GLOSSA_FORMAT_TBX, "id.tbx", TBX_OPEN
		"\n<conceptEntry>\n"
		"<descrip type=\"subjectField\">term</descrip>\n"
		"</conceptEntry>\n" TBX_CLOSE,
		"id.tbx:6: ", "without an id");
	fails(GLOSSA_FORMAT_TBX, "termtype.tbx", TBX_OPEN
		"<conceptEntry id=\"a\">\n"
		"<descrip type=\"subjectField\">term</descrip>\n"
		"<note>status: approved</note>\n"
		"<langSec xml:lang=\"en\">\n"
		TBX_TERM("Alpha", "preferredTerm-admn-sts",
			"<termNote type=\"termType\">acronym</termNote>")
		"</langSec></conceptEntry>\n" TBX_CLOSE,
		"termtype.tbx:9: ", "termType \"acronym\"");
	/* Validation names the termSec's line. */
	fails(GLOSSA_FORMAT_TBX, "becomes.tbx", TBX_OPEN
		"<conceptEntry id=\"a\">\n"
		"<descrip type=\"subjectField\">term</descrip>\n"
		"<note>status: approved</note>\n"
		"<langSec xml:lang=\"en\">\n"
		HOUSE_TERM("Alpha")
		TBX_TERM("Alfa", "deprecatedTerm-admn-sts",
			"<termNote type=\"becomes\">Beta</termNote>")
		"</langSec></conceptEntry>\n" TBX_CLOSE,
		"becomes.tbx:10: ", "not the house or short form");

	/* XXE: the external entity must never be read. */
	fails(GLOSSA_FORMAT_TBX, "xxe.tbx",
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<!DOCTYPE tbx [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n"
		"<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"en\" "
		"xmlns=\"urn:iso:std:iso:30042:ed-2\">\n"
		"<text><body>\n"
		"<conceptEntry id=\"a\">\n"
		"<descrip type=\"subjectField\">term</descrip>\n"
		"<note>status: approved</note>\n"
		"<langSec xml:lang=\"en\">\n"
		HOUSE_TERM("&e;")
		"</langSec></conceptEntry>\n" TBX_CLOSE,
		"xxe.tbx:2: ", "DOCTYPE declares entities");
	ok(strstr(glossa_error_last()->message, "root:") == NULL,
		"xxe.tbx: nothing of /etc/passwd in the message");
	{
		/* Even when only the parser is asked, no term can hold the
		 * file: the entity is never expanded. */
		static const char xxe[] =
			"<?xml version=\"1.0\"?>\n"
			"<!DOCTYPE tbx [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n"
			"<tbx xmlns=\"urn:iso:std:iso:30042:ed-2\"><text><body>"
			"<conceptEntry id=\"a\"><descrip type=\"subjectField\">term</descrip>"
			"<note>status: approved</note><langSec xml:lang=\"en\">"
			"<termSec><term>x&e;</term><termNote type=\"administrativeStatus\">"
			"preferredTerm-admn-sts</termNote><termNote type=\"termType\">"
			"fullForm</termNote></termSec></langSec></conceptEntry>"
			"</body></text></tbx>\n";
		glossa_doc *d = NULL;
		int rc;

		glossa_doc_new(&d);
		rc = glossa_fmt__tbx_parse(d, xxe, sizeof(xxe) - 1, "xxe2.tbx");
		ok(rc < 0 || (glossa_doc_count(d) == 1 &&
		    glossa_doc_entry(d, 0)->nforms == 1 &&
		    strstr(glossa_doc_entry(d, 0)->forms[0].text,
			"root") == NULL),
			"xxe2.tbx: the term does not contain /etc/passwd");
		glossa_doc_free(d);
	}
	/* Internal entities too: the vehicle of "billion laughs". */
	fails(GLOSSA_FORMAT_TBX, "lol.tbx",
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE tbx [\n<!ENTITY a \"lol\">\n"
		"<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>\n"
		"<tbx xmlns=\"urn:iso:std:iso:30042:ed-2\"><text><body/></text>"
		"<!-- &b; -->\n</tbx>\n",
		"lol.tbx:2: ", "DOCTYPE declares entities");
}

#define JSON_ENTRY_A \
	"  {\"key\": \"a\", \"kind\": \"term\", \"status\": \"approved\",\n" \
	"   \"forms\": [{\"type\": \"house\", \"text\": \"Alpha\", " \
	"\"script\": \"Latn\", \"lang\": \"en\"}]},\n"

static void test_json(void)
{
	glossa_doc *doc = build_doc();
	char *out;

	glossa_doc_canonicalize(doc);
	out = export_doc(doc, GLOSSA_FORMAT_JSON);
	ok(starts_with(out, "{\n  \"glossa\": 1,\n  \"entries\": [\n    {\n"
		"      \"key\": \"0day\",\n      \"kind\": \"term\",\n"
		"      \"status\": \"approved\",\n"
		"      \"note\": \"Ünïcödé ‘quotes’ — and “more”\",\n"
		"      \"forms\": [\n        {\n          \"type\": \"house\",\n"
		"          \"text\": \"zero-day\",\n          \"script\": \"Latn\",\n"
		"          \"lang\": \"en\",\n          \"becomes\": \"\",\n"
		"          \"note\": \"\"\n        }\n      ]\n    },\n"),
		"json: members in order, empty strings written, UTF-8 unescaped");
	ok(out && strcmp(out + strlen(out) - 4, "]\n}\n") == 0,
		"json: ends with a newline");
	free(out);
	glossa_doc_free(doc);

	fails(GLOSSA_FORMAT_JSON, "malformed.json",
		"{\"glossa\": 1,\n \"entries\": [\n  {\"key\": \"a\",,}\n]}\n",
		"malformed.json:3: ", "malformed JSON");
	fails(GLOSSA_FORMAT_JSON, "dup.json",
		"{\"glossa\": 1,\n \"entries\": [\n  {\"key\": \"a\",\n"
		"   \"key\": \"b\"}]}\n",
		"dup.json:4: ", "duplicate");
	fails(GLOSSA_FORMAT_JSON, "kindtype.json",
		"{\"glossa\": 1,\n \"entries\": [\n" JSON_ENTRY_A
		"  {\"key\": \"b\",\n   \"kind\": 7, \"status\": \"approved\", \"forms\": []}\n]}\n",
		"kindtype.json:5: ", "entry \"b\": \"kind\" must be a string");
	fails(GLOSSA_FORMAT_JSON, "formstype.json",
		"{\"glossa\": 1,\n \"entries\": [\n"
		"  {\"key\": \"b\", \"kind\": \"term\", \"status\": \"approved\", \"forms\": {}}\n]}\n",
		"formstype.json:3: ", "\"forms\" must be an array");
	fails(GLOSSA_FORMAT_JSON, "missing.json",
		"{\"glossa\": 1,\n \"entries\": [\n" JSON_ENTRY_A
		"  {\"key\": \"b\", \"status\": \"approved\", \"forms\": []}\n]}\n",
		"missing.json:5: ", "entry \"b\" has no \"kind\"");
	fails(GLOSSA_FORMAT_JSON, "formmember.json",
		"{\"glossa\": 1,\n \"entries\": [\n"
		"  {\"key\": \"b\", \"kind\": \"term\", \"status\": \"approved\",\n"
		"   \"forms\": [\n"
		"     {\"type\": \"house\", \"text\": \"B\", \"script\": \"Latn\", \"lang\": \"en\"},\n"
		"     {\"type\": \"short\", \"text\": [\"B\"],\n"
		"      \"script\": \"Latn\", \"lang\": \"en\"}]}\n]}\n",
		"formmember.json:6: ",
		"form 2 of entry \"b\": \"text\" must be a string");
	fails(GLOSSA_FORMAT_JSON, "formtype.json",
		"{\"glossa\": 1,\n \"entries\": [\n"
		"  {\"key\": \"b\", \"kind\": \"term\", \"status\": \"approved\",\n"
		"   \"forms\": [\n"
		"     {\"type\": \"house\", \"text\": \"B\", \"script\": \"Latn\", \"lang\": \"en\"},\n"
		"     {\"type\": \"nick\", \"text\": \"Bee\", \"script\": \"Latn\", \"lang\": \"en\"}]}\n]}\n",
		"formtype.json:6: ", "unknown form type \"nick\"");
	fails(GLOSSA_FORMAT_JSON, "unknown.json",
		"{\"glossa\": 1,\n \"entries\": [\n"
		"  {\"key\": \"b\", \"kind\": \"term\", \"status\": \"approved\",\n"
		"   \"forms\": [\n"
		"     {\"type\": \"house\", \"text\": \"B\", \"script\": \"Latn\", \"lang\": \"en\",\n"
		"      \"become\": \"B\"}]}\n]}\n",
		"unknown.json:5: ", "unknown member \"become\"");
	fails(GLOSSA_FORMAT_JSON, "version.json",
		"{\"glossa\": 2, \"entries\": []}\n",
		"version.json:1: ", "format version 1");
	fails(GLOSSA_FORMAT_JSON, "array.json", "[]\n",
		"array.json:1: ", "top level must be an object");
	fails(GLOSSA_FORMAT_JSON, "status.json",
		"{\"glossa\": 1,\n \"entries\": [\n\n"
		"  {\"key\": \"b\", \"kind\": \"term\", \"status\": \"ok\", \"forms\": []}\n]}\n",
		"status.json:4: ", "unknown status \"ok\"");
	/* Validation names the form's line. */
	fails(GLOSSA_FORMAT_JSON, "becomes.json",
		"{\"glossa\": 1,\n \"entries\": [\n" JSON_ENTRY_A
		"  {\"key\": \"b\", \"kind\": \"term\", \"status\": \"approved\",\n"
		"   \"forms\": [\n"
		"     {\"type\": \"house\", \"text\": \"Beta\", \"script\": \"Latn\", \"lang\": \"en\"},\n"
		"     {\"type\": \"variant\", \"text\": \"Bita\", \"script\": \"Latn\", \"lang\": \"en\",\n"
		"      \"becomes\": \"Alpha\"}]}\n]}\n",
		"becomes.json:8: ", "not the house or short form");
}

/* Every format of the same document parses to the same document. */
static void test_cross_format(void)
{
	glossa_doc *doc = build_doc();
	char *want;
	size_t i;

	want = canonical_tsv(doc);
	for (i = 0; i < 4; i++) {
		glossa_doc *back = NULL;
		char *data = export_doc(doc, all_formats[i]), *tsv = NULL;

		if (data && glossa_doc_parse(&back, all_formats[i], data,
				strlen(data), "x") == 0)
			tsv = canonical_tsv(back);
		is_str(tsv, want, "%s export parses to the same document",
			glossa_format_name(all_formats[i]));
		free(tsv);
		free(data);
		glossa_doc_free(back);
	}
	free(want);
	glossa_doc_free(doc);

	/* An empty glossary is a valid export in every format. */
	for (i = 0; i < 4; i++) {
		glossa_doc *empty = NULL, *back = NULL;
		char *data = NULL, *again = NULL;

		if (glossa_doc_new(&empty) == 0)
			data = export_doc(empty, all_formats[i]);
		if (data && glossa_doc_parse(&back, all_formats[i], data,
				strlen(data), "empty") == 0)
			again = export_doc(back, all_formats[i]);
		ok(again && glossa_doc_count(back) == 0 && strcmp(again, data) == 0,
			"%s: an empty glossary round-trips",
			glossa_format_name(all_formats[i]));
		free(data);
		free(again);
		glossa_doc_free(empty);
		glossa_doc_free(back);
	}
}

/* glossa_doc is opaque: its entries are read through accessors. */
static void test_accessors(void)
{
	glossa_doc *doc = build_doc(), *empty = NULL;
	const glossa_entry *e;
	glossa_entry *m;

	ok(doc != NULL, "accessors: a document");
	if (!doc)
		return;
	is_int(glossa_doc_count(NULL), 0, "count of NULL is 0");
	is_int(glossa_doc_new(&empty), 0, "an empty document");
	is_int(glossa_doc_count(empty), 0, "counts 0 entries");
	ok(glossa_doc_entry(empty, 0) == NULL, "and has no entry 0");
	ok(glossa_doc_count(doc) >= 1, "the built document has entries");
	e = glossa_doc_entry(doc, 0);
	ok(e && strcmp(e->key, "lavrov") == 0, "entry 0 is the first added");
	ok(glossa_doc_entry(doc, glossa_doc_count(doc)) == NULL,
		"an index past the end gives NULL");
	m = glossa_doc_entry_mut(doc, 0);
	ok(m == e, "the mutable accessor gives the same entry");
	ok(m && glossa_entry_add_form(m, &(glossa_form_spec){
		.type = GLOSSA_FORM_VARIANT, .text = "Lavroff" }) == 0 &&
		e->forms[e->nforms - 1].text &&
		strcmp(e->forms[e->nforms - 1].text, "Lavroff") == 0,
		"a form added through it is in the document");
	ok(glossa_doc_entry_mut(doc, glossa_doc_count(doc)) == NULL,
		"the mutable accessor checks the index too");
	glossa_doc_free(empty);
	glossa_doc_free(doc);
}

/* glossa_doc_add_copy: the entry, its forms and their lines, written out
 * the same bytes as the original. */
static void test_add_copy(void)
{
	static const char tsv[] =
		"# glossa glossary 1\n"
		"assad-bashar\tentry\tperson\tapproved\tPresident of Syria\n"
		"assad-bashar\thouse\tBashar Assad\tLatn\ten\n"
		"assad-bashar\tvariant\tBashar al-Asad\tLatn\ten\tBashar Assad\tAP\n";
	glossa_doc *a = NULL, *b = NULL;
	glossa_buf wa = GLOSSA_BUF_INIT, wb = GLOSSA_BUF_INIT;
	glossa_entry *c = NULL;

	ok(glossa_doc_parse(&a, GLOSSA_FORMAT_TSV, tsv, strlen(tsv), "t") == 0 &&
		glossa_doc_new(&b) == 0, "add_copy: a document to copy from");
	if (a == NULL || b == NULL)
		goto out;
	is_int(glossa_doc_add_copy(&c, b, glossa_doc_entry(a, 0)), 0,
		"add_copy: the entry is copied");
	ok(c && c->nforms == 2 && c->forms[1].line ==
		glossa_doc_entry(a, 0)->forms[1].line,
		"add_copy: with its forms and their lines");
	ok(glossa_doc_write(&wa, a, GLOSSA_FORMAT_TSV) == 0 &&
		glossa_doc_write(&wb, b, GLOSSA_FORMAT_TSV) == 0 &&
		wa.size == wb.size && memcmp(wa.ptr, wb.ptr, wa.size) == 0,
		"add_copy: the copy writes the same bytes");
out:
	glossa_buf_dispose(&wa);
	glossa_buf_dispose(&wb);
	glossa_doc_free(a);
	glossa_doc_free(b);
}

int main(void)
{
	size_t i;

	for (i = 0; i < 4; i++)
		test_round_trip(all_formats[i]);
	test_fixtures();
	test_cross_format();
	test_csv();
	test_tbx();
	test_json();
	test_accessors();
	test_add_copy();
	return done_testing();
}
