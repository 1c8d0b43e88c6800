/*
** Reports written out: the findings of drafts (findings.c) as text, JSON
** or SARIF, the top layer of the library.
**
** Three formats: text for people ("file:line:col: severity: message
** [rule]", a suggestion line, a summary), JSON (one document per run,
** stable field names, one finding per line), SARIF 2.1.0 (one run,
** columnKind unicodeCodePoints, a fix per suggestion). They are written
** by hand, finding by finding, and flushed every 64K through the
** caller's callback, so a 100 MB draft's report never sits in memory
** whole (a DOM of it took twice the draft's size).
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "check_int.h"
#include "json.h"

int glossa_report_format_parse(glossa_report_format_kind *out,
	const char *name)
{
	if (strcmp(name, "text") == 0)
		*out = GLOSSA_REPORT_TEXT;
	else if (strcmp(name, "json") == 0)
		*out = GLOSSA_REPORT_JSON;
	else if (strcmp(name, "sarif") == 0)
		*out = GLOSSA_REPORT_SARIF;
	else
		return GLOSSA_EINVALID;
	return 0;
}

/* ---- writing: a streaming writer, flushed every 64K ---- */

#define C_RESET "\033[0m"
#define C_BOLD  "\033[1m"
#define C_DIM   "\033[2m"
#define C_RED   "\033[1;31m"
#define C_YEL   "\033[1;33m"
#define C_CYAN  "\033[1;36m"
#define C_GREEN "\033[32m"

#define FLUSH_AT (64 * 1024)

struct glossa_report_writer {
	glossa_report_format_kind kind;
	unsigned flags;
	glossa_write_fn write;
	void *payload;
	glossa_buf b;
	size_t files, total, counts[3];
	char **uris;          /* SARIF: the artifacts, written last */
	size_t nuris, auris;
	char **settings;      /* the settings files the run used */
	size_t nsettings, asettings;
	int error;
};

static const char *sev_label(glossa_severity s)
{
	return s == GLOSSA_SEVERITY_ERROR ? "error" :
		s == GLOSSA_SEVERITY_WARNING ? "warning" : "info";
}

static const char *sarif_level(glossa_severity s)
{
	return s == GLOSSA_SEVERITY_ERROR ? "error" :
		s == GLOSSA_SEVERITY_WARNING ? "warning" : "note";
}

static int sev_index(glossa_severity s)
{
	return s == GLOSSA_SEVERITY_ERROR ? 0 :
		s == GLOSSA_SEVERITY_WARNING ? 1 : 2;
}

static int flush(glossa_report_writer *w, bool force)
{
	if (w->error)
		return w->error;
	if (w->b.size == 0 || (!force && w->b.size < FLUSH_AT))
		return 0;
	if (w->write(w->b.ptr, w->b.size, w->payload) != 0)
		return w->error = glossa_error__set(GLOSSA_ERRCLASS_OS,
			GLOSSA_ERROR, "cannot write the report");
	glossa_buf_clear(&w->b);
	return 0;
}

static int put(glossa_report_writer *w, const char *s, size_t n)
{
	if (w->error)
		return w->error;
	if (glossa_buf_put(&w->b, s, n) < 0)
		return w->error = GLOSSA_ERROR;
	return 0;
}

static int puts_(glossa_report_writer *w, const char *s)
{
	return put(w, s, strlen(s));
}

static int put_uint(glossa_report_writer *w, size_t v)
{
	char d[24];
	size_t k = sizeof(d);

	do {
		d[--k] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return put(w, d + k, sizeof(d) - k);
}

/* A JSON string, quoted, the way every report writes them (json.c). */
static int put_jstr(glossa_report_writer *w, const char *s)
{
	if (w->error)
		return w->error;
	if (glossa_json__cstr(&w->b, s) < 0)
		return w->error = GLOSSA_ERROR;
	return 0;
}

/* "key": value pieces. */
static void jkey(glossa_report_writer *w, const char *key, bool first)
{
	if (!first)
		put(w, ", ", 2);
	put_jstr(w, key);
	put(w, ": ", 2);
}

static void jkv_str(glossa_report_writer *w, const char *key, const char *v,
	bool first)
{
	jkey(w, key, first);
	put_jstr(w, v);
}

static void jkv_uint(glossa_report_writer *w, const char *key, size_t v,
	bool first)
{
	jkey(w, key, first);
	put_uint(w, v);
}

/* A relative URI reference for a path: unreserved bytes and '/' kept,
 * the rest percent-encoded; an absolute path is a file: URI. */
static char *uri_of(const char *path)
{
	glossa_buf b = GLOSSA_BUF_INIT;
	const unsigned char *p = (const unsigned char *)path;
	int e = 0;

	if (*path == '\0')
		return glossa__strdup("stdin");
	if (*path == '/')
		e = glossa_buf_puts(&b, "file://");
	for (; *p && e == 0; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
			e = glossa_buf_put(&b, (const char *)p, 1);
		else
			e = glossa_buf_printf(&b, "%%%02X", *p);
	}
	if (e < 0) {
		glossa_buf_dispose(&b);
		return NULL;
	}
	return b.ptr;
}

static const char *const rule_title[GLOSSA_RULE_COUNT] = {
	"UnknownWord", "VariantSpelling", "InconsistentSpelling",
	"NearMissName", "UntransliteratedText", "HiddenLookalikeLetters",
	"FirstMentionNotFull", "PossibleNewName"
};

int glossa_report_writer_new(glossa_report_writer **out,
	glossa_report_format_kind kind, unsigned flags, glossa_write_fn write,
	void *payload)
{
	glossa_report_writer *w;
	int i;

	*out = NULL;
	if (kind != GLOSSA_REPORT_TEXT && kind != GLOSSA_REPORT_JSON &&
	    kind != GLOSSA_REPORT_SARIF)
		return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_EINVALID, "unknown report format %d", (int)kind);
	if ((w = glossa__calloc(1, sizeof(*w))) == NULL)
		return GLOSSA_ERROR;
	w->kind = kind;
	w->flags = flags;
	w->write = write;
	w->payload = payload;
	if (kind == GLOSSA_REPORT_JSON) {
		puts_(w, "{\n  \"tool\": \"glossa\",\n  \"version\": ");
		put_jstr(w, GLOSSA_VERSION);
		puts_(w, ",\n  \"format\": 1,\n  \"files\": [");
	} else if (kind == GLOSSA_REPORT_SARIF) {
		puts_(w, "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
			"  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n"
			"      \"tool\": {\n        \"driver\": {\n"
			"          \"name\": \"glossa\",\n          \"version\": ");
		put_jstr(w, GLOSSA_VERSION);
		puts_(w, ",\n          \"rules\": [");
		for (i = 0; i < GLOSSA_RULE_COUNT; i++) {
			glossa_severity s =
				glossa_rule_default_severity((glossa_rule)i);

			puts_(w, i ? ",\n            {" : "\n            {");
			jkv_str(w, "id", glossa_rule_name((glossa_rule)i), true);
			jkv_str(w, "name", rule_title[i], false);
			jkey(w, "shortDescription", false);
			put(w, "{", 1);
			jkv_str(w, "text", glossa_rule_description(
				(glossa_rule)i), true);
			put(w, "}", 1);
			jkey(w, "defaultConfiguration", false);
			put(w, "{", 1);
			jkey(w, "enabled", true);
			puts_(w, s == GLOSSA_SEVERITY_OFF ? "false" : "true");
			jkv_str(w, "level", s == GLOSSA_SEVERITY_OFF ?
				"warning" : sarif_level(s), false);
			puts_(w, "}}");
		}
		puts_(w, "\n          ]\n        }\n      },\n"
			"      \"columnKind\": \"unicodeCodePoints\",\n"
			"      \"results\": [");
	}
	if (w->error) {
		i = w->error;
		glossa_report_writer_free(w);
		return i;
	}
	*out = w;
	return 0;
}

void glossa_report_writer_free(glossa_report_writer *w)
{
	size_t i;

	if (w == NULL)
		return;
	for (i = 0; i < w->nuris; i++)
		free(w->uris[i]);
	free(w->uris);
	for (i = 0; i < w->nsettings; i++)
		free(w->settings[i]);
	free(w->settings);
	glossa_buf_dispose(&w->b);
	free(w);
}

static void text_finding(glossa_report_writer *w, const char *src,
	const glossa_finding *f)
{
	bool col = w->flags & GLOSSA_REPORT_COLOR;
	const char *sc = f->severity == GLOSSA_SEVERITY_ERROR ? C_RED :
		f->severity == GLOSSA_SEVERITY_WARNING ? C_YEL : C_CYAN;
	size_t k;

	if (col)
		puts_(w, C_BOLD);
	puts_(w, src);
	put(w, ":", 1);
	put_uint(w, f->line);
	put(w, ":", 1);
	put_uint(w, f->column);
	put(w, ":", 1);
	if (col)
		puts_(w, C_RESET);
	put(w, " ", 1);
	if (col)
		puts_(w, sc);
	puts_(w, sev_label(f->severity));
	put(w, ":", 1);
	if (col)
		puts_(w, C_RESET);
	put(w, " ", 1);
	puts_(w, f->message);
	put(w, " ", 1);
	if (col)
		puts_(w, C_DIM);
	put(w, "[", 1);
	puts_(w, glossa_rule_name(f->rule));
	put(w, "]", 1);
	if (col)
		puts_(w, C_RESET);
	put(w, "\n", 1);
	if (f->nsuggestions == 0)
		return;
	puts_(w, "    ");
	if (col)
		puts_(w, C_GREEN);
	puts_(w, "suggestion:");
	if (col)
		puts_(w, C_RESET);
	put(w, " ", 1);
	puts_(w, f->suggestions[0]);
	for (k = 1; k < f->nsuggestions; k++) {
		puts_(w, k == 1 ? " (also: " : ", ");
		puts_(w, f->suggestions[k]);
	}
	puts_(w, f->nsuggestions > 1 ? ")\n" : "\n");
}

static void json_finding(glossa_report_writer *w, const glossa_finding *f,
	bool first)
{
	size_t k;

	puts_(w, first ? "\n        {" : ",\n        {");
	jkv_str(w, "rule", glossa_rule_name(f->rule), true);
	jkv_str(w, "severity", sev_label(f->severity), false);
	jkv_str(w, "message", f->message, false);
	jkv_str(w, "text", f->text, false);
	jkv_uint(w, "line", f->line, false);
	jkv_uint(w, "column", f->column, false);
	jkv_uint(w, "end_line", f->end_line, false);
	jkv_uint(w, "end_column", f->end_column, false);
	jkv_uint(w, "byte_start", f->start, false);
	jkv_uint(w, "byte_end", f->end, false);
	jkv_uint(w, "char_start", f->char_start, false);
	jkv_uint(w, "char_end", f->char_end, false);
	jkey(w, "suggestions", false);
	put(w, "[", 1);
	for (k = 0; k < f->nsuggestions; k++) {
		if (k)
			put(w, ", ", 2);
		put_jstr(w, f->suggestions[k]);
	}
	put(w, "]", 1);
	jkey(w, "entry", false);
	if (f->entry)
		put_jstr(w, f->entry);
	else
		puts_(w, "null");
	put(w, "}", 1);
}

static void sarif_finding(glossa_report_writer *w, const glossa_finding *f,
	size_t index, const char *uri, bool first)
{
	size_t k;

	puts_(w, first ? "\n        {" : ",\n        {");
	jkv_str(w, "ruleId", glossa_rule_name(f->rule), true);
	jkv_uint(w, "ruleIndex", (size_t)f->rule, false);
	jkv_str(w, "level", sarif_level(f->severity), false);
	jkey(w, "message", false);
	put(w, "{", 1);
	jkv_str(w, "text", f->message, true);
	put(w, "}", 1);
	jkey(w, "locations", false);
	puts_(w, "[{\"physicalLocation\": {\"artifactLocation\": {");
	jkv_str(w, "uri", uri, true);
	jkv_uint(w, "index", index, false);
	puts_(w, "}, \"region\": {");
	jkv_uint(w, "startLine", f->line, true);
	jkv_uint(w, "startColumn", f->column, false);
	jkv_uint(w, "endLine", f->end_line, false);
	jkv_uint(w, "endColumn", f->end_column, false);
	jkv_uint(w, "charOffset", f->char_start, false);
	jkv_uint(w, "charLength", f->char_end - f->char_start, false);
	jkv_uint(w, "byteOffset", f->start, false);
	jkv_uint(w, "byteLength", f->end - f->start, false);
	jkey(w, "snippet", false);
	put(w, "{", 1);
	jkv_str(w, "text", f->text, true);
	puts_(w, "}}}}]");
	if (f->nsuggestions > 0) {
		jkey(w, "fixes", false);
		puts_(w, "[{\"description\": {\"text\": ");
		{
			glossa_buf d = GLOSSA_BUF_INIT;

			if (glossa_buf_printf(&d, "Write \"%s\"",
					f->suggestions[0]) < 0)
				w->error = GLOSSA_ERROR;
			put_jstr(w, d.ptr ? d.ptr : "");
			glossa_buf_dispose(&d);
		}
		puts_(w, "}, \"artifactChanges\": [{\"artifactLocation\": {");
		jkv_str(w, "uri", uri, true);
		jkv_uint(w, "index", index, false);
		puts_(w, "}, \"replacements\": [{\"deletedRegion\": {");
		jkv_uint(w, "charOffset", f->char_start, true);
		jkv_uint(w, "charLength", f->char_end - f->char_start, false);
		puts_(w, "}, \"insertedContent\": {");
		jkv_str(w, "text", f->suggestions[0], true);
		puts_(w, "}}]}]}]");
	}
	jkey(w, "properties", false);
	put(w, "{", 1);
	jkey(w, "suggestions", true);
	put(w, "[", 1);
	for (k = 0; k < f->nsuggestions; k++) {
		if (k)
			put(w, ", ", 2);
		put_jstr(w, f->suggestions[k]);
	}
	put(w, "]", 1);
	if (f->entry)
		jkv_str(w, "entry", f->entry, false);
	puts_(w, "}}");
}

int glossa_report_writer_add(glossa_report_writer *w, const glossa_report *r)
{
	const char *src = *r->source ? r->source : "<stdin>";
	glossa_buf shown = GLOSSA_BUF_INIT;
	char *uri = NULL;
	size_t i;

	if (w->error)
		return w->error;
	/* In text, a file name cannot make a line of its own or send the
	 * terminal escapes. */
	if (w->kind == GLOSSA_REPORT_TEXT) {
		if (glossa_ustr__put_visible(&shown, src) < 0 ||
		    glossa_buf_puts(&shown, "") < 0)
			return w->error = GLOSSA_ERROR;
		src = shown.ptr;
	}
	if (w->kind == GLOSSA_REPORT_JSON) {
		puts_(w, w->files ? ",\n    {\n      \"file\": " :
			"\n    {\n      \"file\": ");
		put_jstr(w, src);
		puts_(w, ",\n      \"findings\": [");
	} else if (w->kind == GLOSSA_REPORT_SARIF) {
		if ((uri = uri_of(r->source)) == NULL ||
		    glossa__grow((void **)&w->uris, &w->auris, w->nuris + 1,
				sizeof(char *)) < 0) {
			free(uri);
			return w->error = GLOSSA_ERROR;
		}
		w->uris[w->nuris++] = uri;
	}
	for (i = 0; i < r->n && !w->error; i++) {
		const glossa_finding *f = &r->findings[i];

		w->counts[sev_index(f->severity)]++;
		if (w->kind == GLOSSA_REPORT_TEXT)
			text_finding(w, src, f);
		else if (w->kind == GLOSSA_REPORT_JSON)
			json_finding(w, f, i == 0);
		else
			sarif_finding(w, f, w->files, uri, w->total == 0);
		w->total++;
		flush(w, false);
	}
	if (w->kind == GLOSSA_REPORT_JSON)
		puts_(w, r->n ? "\n      ]\n    }" : "]\n    }");
	w->files++;
	glossa_buf_dispose(&shown);
	return flush(w, false);
}

int glossa_report_writer_settings(glossa_report_writer *w, const char *path)
{
	size_t i;
	char *p;

	if (w->error)
		return w->error;
	if (path == NULL)
		return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_EINVALID, "glossa_report_writer_settings: no path");
	for (i = 0; i < w->nsettings; i++)
		if (strcmp(w->settings[i], path) == 0)
			return 0;
	if ((p = glossa__strdup(path)) == NULL ||
	    glossa__grow((void **)&w->settings, &w->asettings,
			w->nsettings + 1, sizeof(char *)) < 0) {
		free(p);
		return GLOSSA_ERROR;
	}
	w->settings[w->nsettings++] = p;
	return 0;
}

/* The settings files as a JSON array. */
static void json_settings(glossa_report_writer *w)
{
	size_t i;

	put(w, "[", 1);
	for (i = 0; i < w->nsettings; i++) {
		if (i)
			put(w, ", ", 2);
		put_jstr(w, w->settings[i]);
	}
	put(w, "]", 1);
}

int glossa_report_writer_finish(glossa_report_writer *w)
{
	size_t i;

	if (w->error)
		return w->error;
	if (w->kind == GLOSSA_REPORT_TEXT) {
		if (!(w->flags & GLOSSA_REPORT_SUMMARY))
			return flush(w, true);
		if (w->total == 0) {
			puts_(w, "no findings in ");
			put_uint(w, w->files);
			puts_(w, w->files == 1 ? " file\n" : " files\n");
		} else if (glossa_buf_printf(&w->b,
				"%zu finding%s (%zu error%s, %zu warning%s, %zu info) in %zu file%s\n",
				w->total, w->total == 1 ? "" : "s", w->counts[0],
				w->counts[0] == 1 ? "" : "s", w->counts[1],
				w->counts[1] == 1 ? "" : "s", w->counts[2],
				w->files, w->files == 1 ? "" : "s") < 0) {
			w->error = GLOSSA_ERROR;
		}
		/* Which settings silenced or raised what: said, so that a
		 * planted file cannot act unseen. */
		for (i = 0; i < w->nsettings; i++) {
			puts_(w, i ? ", " : "settings: ");
			puts_(w, w->settings[i]);
		}
		if (w->nsettings)
			put(w, "\n", 1);
	} else if (w->kind == GLOSSA_REPORT_JSON) {
		puts_(w, w->files ? "\n  ],\n  \"settings\": " :
			"],\n  \"settings\": ");
		json_settings(w);
		puts_(w, ",\n  \"summary\": {");
		jkv_uint(w, "files", w->files, true);
		jkv_uint(w, "findings", w->total, false);
		jkv_uint(w, "error", w->counts[0], false);
		jkv_uint(w, "warning", w->counts[1], false);
		jkv_uint(w, "info", w->counts[2], false);
		puts_(w, "}\n}\n");
	} else {
		puts_(w, w->total ? "\n      ],\n      \"artifacts\": [" :
			"],\n      \"artifacts\": [");
		for (i = 0; i < w->nuris; i++) {
			puts_(w, i ? ",\n        {\"location\": {\"uri\": " :
				"\n        {\"location\": {\"uri\": ");
			put_jstr(w, w->uris[i]);
			puts_(w, "}}");
		}
		puts_(w, w->nuris ? "\n      ],\n" : "],\n");
		puts_(w, "      \"properties\": {\"settings\": ");
		json_settings(w);
		puts_(w, "}\n    }\n  ]\n}\n");
	}
	return flush(w, true);
}

static int to_buf(const char *data, size_t len, void *payload)
{
	return glossa_buf_put(payload, data, len) < 0 ? -1 : 0;
}

int glossa_report_format(glossa_buf *out, const glossa_report *const *reps,
	size_t n, glossa_report_format_kind kind, unsigned flags)
{
	glossa_report_writer *w = NULL;
	size_t i;
	int error;

	if ((error = glossa_report_writer_new(&w, kind, flags, to_buf,
			out)) < 0)
		return error;
	for (i = 0; i < n && error == 0; i++)
		error = glossa_report_writer_add(w, reps[i]);
	if (error == 0)
		error = glossa_report_writer_finish(w);
	glossa_report_writer_free(w);
	return error;
}
