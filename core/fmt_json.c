/*
 * JSON, read and written with jansson:
 *
 *   {"glossa": 1, "entries": [
 *     {"key": …, "kind": …, "status": …, "note": …,
 *      "forms": [{"type": …, "text": …, "script": …, "lang": …,
 *                 "becomes": …, "note": …}]}]}
 *
 * The writer always writes every member, in this order, with empty strings
 * as "", indented by two spaces and ending in a newline, so the same
 * document gives the same bytes. The reader requires the members that have
 * no sensible default and lets "note" and "becomes" be left out (""), like
 * the optional trailing fields of TSV; an unknown member is an error, since
 * a misspelt "becomes" would otherwise be dropped without a word.
 *
 * jansson does not say where a value starts, so after it has accepted the
 * text a small scanner walks the same text once to find the line of each
 * entry and form object; errors then name "source:line", and the document
 * records the lines for validation messages.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "internal.h"
#include "fmt.h"

#define JSON_FORMAT_VERSION 1

/* ---- locating entries and forms in the text ---- */

enum { ROLE_OTHER, ROLE_ROOT, ROLE_ENTRIES, ROLE_ENTRY, ROLE_FORMS };

typedef struct {
	const char *p, *end;
	unsigned line;
	unsigned *elines;       /* line of entry i */
	size_t nelines, aelines;
	size_t *fstart;         /* index in flines of entry i's first form */
	size_t afstart;
	unsigned *flines;       /* lines of all forms, entry after entry */
	size_t nflines, aflines;
	int failed;             /* out of memory: lines are unknown */
} json_lines;

static void scan_ws(json_lines *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' ||
				 *s->p == '\r' || *s->p == '\n')) {
		if (*s->p == '\n')
			s->line++;
		s->p++;
	}
}

/* Skip a string; true when its raw contents are `want`. */
static bool scan_string(json_lines *s, const char *want)
{
	const char *start = ++s->p;
	size_t n;

	while (s->p < s->end && *s->p != '"') {
		if (*s->p == '\\' && s->p + 1 < s->end)
			s->p++;
		s->p++;
	}
	n = (size_t)(s->p - start);
	if (s->p < s->end)
		s->p++;
	return want && strlen(want) == n && memcmp(start, want, n) == 0;
}

static void note_line(json_lines *s, int role)
{
	if (role == ROLE_ENTRY) {
		if (glossa__grow((void **)&s->elines, &s->aelines,
				s->nelines + 1, sizeof(unsigned)) < 0 ||
		    glossa__grow((void **)&s->fstart, &s->afstart,
				s->nelines + 1, sizeof(size_t)) < 0) {
			s->failed = 1;
			return;
		}
		s->fstart[s->nelines] = s->nflines;
		s->elines[s->nelines++] = s->line;
	} else if (role == ROLE_FORMS) {
		if (glossa__grow((void **)&s->flines, &s->aflines,
				s->nflines + 1, sizeof(unsigned)) < 0) {
			s->failed = 1;
			return;
		}
		s->flines[s->nflines++] = s->line;
	}
}

/*
 * Skip one value. The text is known to be valid JSON (jansson accepted it
 * first), so this only has to stay within bounds, not diagnose anything.
 * `role` says what the value is: the root, the "entries" array, an entry,
 * a "forms" array.
 */
static void scan_value(json_lines *s, int role)
{
	scan_ws(s);
	if (s->p >= s->end || s->failed)
		return;
	if (*s->p == '{') {
		s->p++;
		for (;;) {
			bool entries = false, forms = false;
			int child;

			scan_ws(s);
			if (s->p >= s->end || *s->p == '}')
				break;
			if (*s->p == '"') {
				const char *key = s->p;

				entries = scan_string(s, "entries");
				s->p = key;
				forms = scan_string(s, "forms");
			}
			scan_ws(s);
			if (s->p < s->end && *s->p == ':')
				s->p++;
			child = role == ROLE_ROOT && entries ? ROLE_ENTRIES :
				role == ROLE_ENTRY && forms ? ROLE_FORMS :
				ROLE_OTHER;
			scan_value(s, child);
			scan_ws(s);
			if (s->p < s->end && *s->p == ',')
				s->p++;
			else
				break;
		}
		if (s->p < s->end)
			s->p++;
	} else if (*s->p == '[') {
		s->p++;
		for (;;) {
			scan_ws(s);
			if (s->p >= s->end || *s->p == ']')
				break;
			/* The line of each element of entries / forms. */
			if (role == ROLE_ENTRIES || role == ROLE_FORMS)
				note_line(s, role == ROLE_ENTRIES ?
					ROLE_ENTRY : ROLE_FORMS);
			scan_value(s, role == ROLE_ENTRIES ? ROLE_ENTRY :
				ROLE_OTHER);
			scan_ws(s);
			if (s->p < s->end && *s->p == ',')
				s->p++;
			else
				break;
		}
		if (s->p < s->end)
			s->p++;
	} else if (*s->p == '"') {
		scan_string(s, NULL);
	} else {
		while (s->p < s->end && !strchr(",]} \t\r\n", *s->p))
			s->p++;
	}
}

static unsigned entry_line(const json_lines *s, size_t i)
{
	return !s->failed && i < s->nelines ? s->elines[i] : 0;
}

static unsigned form_line(const json_lines *s, size_t i, size_t j)
{
	size_t k;

	if (s->failed || i >= s->nelines)
		return 0;
	k = s->fstart[i] + j;
	if (k >= s->nflines || (i + 1 < s->nelines && k >= s->fstart[i + 1]))
		return 0;
	return s->flines[k];
}

/* ---- reading ---- */

typedef struct {
	glossa_doc *doc;
	const char *source;
	json_lines lines;
} json_reader;

static int json_fail(const json_reader *r, unsigned line, const char *fmt,
	...) __attribute__((format(printf, 3, 4)));

static int json_fail(const json_reader *r, unsigned line, const char *fmt,
	...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (line)
		return glossa_error__set(GLOSSA_ERRCLASS_PARSE,
			GLOSSA_EINVALID, "%s:%u: %s", r->source, line, msg);
	return glossa_error__set(GLOSSA_ERRCLASS_PARSE, GLOSSA_EINVALID,
		"%s: %s", r->source, msg);
}

static const char *const entry_members[] = {
	"key", "kind", "status", "note", "forms", NULL
};
static const char *const form_members[] = {
	"type", "text", "script", "lang", "becomes", "note", NULL
};
static const char *const root_members[] = { "glossa", "entries", NULL };

/* The name of a member not in `known`, or NULL when all are known. */
static const char *unknown_member(json_t *obj, const char *const *known)
{
	const char *name;
	json_t *v;
	size_t i;

	json_object_foreach(obj, name, v) {
		for (i = 0; known[i]; i++)
			if (strcmp(name, known[i]) == 0)
				break;
		if (known[i] == NULL)
			return name;
	}
	return NULL;
}

/*
 * A string member: *out points into the jansson value. An optional member
 * that is missing gives "". `where` describes the object for the message.
 */
static int get_string(const char **out, const json_reader *r, json_t *obj,
	const char *name, bool required, unsigned line, const char *where)
{
	json_t *v = json_object_get(obj, name);

	if (v == NULL) {
		*out = "";
		if (!required)
			return 0;
		return json_fail(r, line, "%s has no \"%s\"", where, name);
	}
	if (!json_is_string(v))
		return json_fail(r, line, "%s: \"%s\" must be a string",
			where, name);
	*out = json_string_value(v);
	return 0;
}

static int read_form(const json_reader *r, glossa_entry *e, json_t *f,
	size_t i, size_t j)
{
	unsigned line = form_line(&r->lines, i, j);
	const char *type_s = NULL, *text = NULL, *script = NULL, *lang = NULL,
		*becomes = NULL, *note = NULL, *bad;
	glossa_form_type type;
	char where[160];
	int error;

	if (!line)
		line = entry_line(&r->lines, i);
	snprintf(where, sizeof(where), "form %zu of entry \"%s\"", j + 1,
		e->key);
	if (!json_is_object(f))
		return json_fail(r, line, "%s must be an object", where);
	if ((bad = unknown_member(f, form_members)) != NULL)
		return json_fail(r, line,
			"%s: unknown member \"%s\" (type, text, script, lang, becomes, note)",
			where, bad);
	if ((error = get_string(&type_s, r, f, "type", true, line,
			where)) < 0 ||
	    (error = get_string(&text, r, f, "text", true, line, where)) < 0 ||
	    (error = get_string(&script, r, f, "script", true, line,
			where)) < 0 ||
	    (error = get_string(&lang, r, f, "lang", true, line, where)) < 0 ||
	    (error = get_string(&becomes, r, f, "becomes", false, line,
			where)) < 0 ||
	    (error = get_string(&note, r, f, "note", false, line,
			where)) < 0)
		return error;
	if (glossa_form_type_parse(&type, type_s) < 0)
		return json_fail(r, line,
			"%s: unknown form type \"%s\" (house, short, alternate, variant, native)",
			where, type_s);
	return glossa_entry_add_form(e, &(glossa_form_spec){
		.type = type, .text = text, .script = script, .lang = lang,
		.becomes = becomes, .note = note, .line = line });
}

static int read_entry(json_reader *r, json_t *ej, size_t i)
{
	unsigned line = entry_line(&r->lines, i);
	const char *key = NULL, *kind_s = NULL, *status_s = NULL, *note = NULL, *bad;
	glossa_kind kind;
	glossa_status status;
	glossa_entry *e;
	json_t *forms, *f;
	char where[160];
	size_t j;
	int error;

	snprintf(where, sizeof(where), "entry %zu", i + 1);
	if (!json_is_object(ej))
		return json_fail(r, line, "%s must be an object", where);
	if ((error = get_string(&key, r, ej, "key", true, line, where)) < 0)
		return error;
	/* From here on the key names the entry better than its index. */
	snprintf(where, sizeof(where), "entry \"%.100s\"", key);
	if ((bad = unknown_member(ej, entry_members)) != NULL)
		return json_fail(r, line,
			"%s: unknown member \"%s\" (key, kind, status, note, forms)",
			where, bad);
	if ((error = get_string(&kind_s, r, ej, "kind", true, line,
			where)) < 0 ||
	    (error = get_string(&status_s, r, ej, "status", true, line,
			where)) < 0 ||
	    (error = get_string(&note, r, ej, "note", false, line,
			where)) < 0)
		return error;
	if ((forms = json_object_get(ej, "forms")) == NULL)
		return json_fail(r, line, "%s has no \"forms\"", where);
	if (!json_is_array(forms))
		return json_fail(r, line, "%s: \"forms\" must be an array",
			where);
	if (glossa_kind_parse(&kind, kind_s) < 0)
		return json_fail(r, line,
			"%s: unknown kind \"%s\" (person, place, org, term)",
			where, kind_s);
	if (glossa_status_parse(&status, status_s) < 0)
		return json_fail(r, line,
			"%s: unknown status \"%s\" (approved, proposed, deprecated)",
			where, status_s);
	if (!glossa_doc__key_ok(key))
		return json_fail(r, line,
			"bad key \"%s\" (lower-case letters, digits, - . _)",
			key);
	if (glossa_fmt__find_entry(r->doc, key) != NULL)
		return json_fail(r, line, "entry defined twice \"%s\"", key);
	if ((error = glossa_doc_add_entry(&e, r->doc, key, kind, status, note,
			line)) < 0)
		return error;
	json_array_foreach(forms, j, f)
		if ((error = read_form(r, e, f, i, j)) < 0)
			return error;
	return 0;
}

int glossa_fmt__json_parse(glossa_doc *doc, const char *data, size_t len,
	const char *source)
{
	json_reader r;
	json_error_t jerr;
	json_t *root, *version, *entries, *ej;
	const char *bad;
	size_t i;
	int error = 0;

	memset(&r, 0, sizeof(r));
	r.doc = doc;
	r.source = source;
	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL)
		return glossa_error__set(GLOSSA_ERRCLASS_PARSE,
			GLOSSA_EINVALID, "%s:%d: malformed JSON: %s", source,
			jerr.line > 0 ? jerr.line : 1, jerr.text);

	r.lines.p = data;
	r.lines.end = data + len;
	r.lines.line = 1;
	scan_value(&r.lines, ROLE_ROOT);

	if (!json_is_object(root)) {
		error = json_fail(&r, 1,
			"the top level must be an object {\"glossa\": 1, \"entries\": [...]}");
		goto done;
	}
	if ((bad = unknown_member(root, root_members)) != NULL) {
		error = json_fail(&r, 1,
			"unknown top-level member \"%s\" (glossa, entries)",
			bad);
		goto done;
	}
	version = json_object_get(root, "glossa");
	if (!json_is_integer(version) ||
	    json_integer_value(version) != JSON_FORMAT_VERSION) {
		error = json_fail(&r, 1,
			"\"glossa\" must be the format version %d",
			JSON_FORMAT_VERSION);
		goto done;
	}
	entries = json_object_get(root, "entries");
	if (!json_is_array(entries)) {
		error = json_fail(&r, 1, "%s",
			entries ? "\"entries\" must be an array" :
			"no \"entries\" array");
		goto done;
	}
	json_array_foreach(entries, i, ej)
		if ((error = read_entry(&r, ej, i)) < 0)
			goto done;

done:
	free(r.lines.elines);
	free(r.lines.fstart);
	free(r.lines.flines);
	json_decref(root);
	return error;
}

/* ---- writing ---- */

static int set_str(json_t *obj, const char *name, const char *value)
{
	/* json_string() returns NULL on invalid UTF-8 or no memory, and
	 * json_object_set_new() then fails: one check covers both. */
	return json_object_set_new(obj, name, json_string(value));
}

static json_t *form_json(const glossa_form *f)
{
	json_t *o = json_object();

	if (o == NULL ||
	    set_str(o, "type", glossa_form_type_name(f->type)) < 0 ||
	    set_str(o, "text", f->text) < 0 ||
	    set_str(o, "script", f->script) < 0 ||
	    set_str(o, "lang", f->lang) < 0 ||
	    set_str(o, "becomes", f->becomes) < 0 ||
	    set_str(o, "note", f->note) < 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *entry_json(const glossa_entry *e)
{
	json_t *o = json_object(), *forms = json_array();
	size_t j;

	if (o == NULL || forms == NULL ||
	    set_str(o, "key", e->key) < 0 ||
	    set_str(o, "kind", glossa_kind_name(e->kind)) < 0 ||
	    set_str(o, "status", glossa_status_name(e->status)) < 0 ||
	    set_str(o, "note", e->note) < 0)
		goto fail;
	for (j = 0; j < e->nforms; j++)
		if (json_array_append_new(forms,
				form_json(&e->forms[j])) < 0)
			goto fail;
	/* The object takes the array even when this fails. */
	if (json_object_set_new(o, "forms", forms) < 0) {
		json_decref(o);
		return NULL;
	}
	return o;

fail:
	json_decref(forms);
	json_decref(o);
	return NULL;
}

int glossa_fmt__json_write(glossa_buf *out, const glossa_doc *doc)
{
	json_t *root = json_object(), *entries = json_array();
	char *text = NULL;
	size_t i;
	int error = 0;

	if (root == NULL || entries == NULL ||
	    json_object_set_new(root, "glossa",
		json_integer(JSON_FORMAT_VERSION)) < 0) {
		json_decref(entries);
		error = glossa_error__nomem();
		goto done;
	}
	if (json_object_set_new(root, "entries", entries) < 0) {
		error = glossa_error__nomem();
		goto done;
	}
	for (i = 0; i < doc->nentries; i++)
		if (json_array_append_new(entries,
				entry_json(&doc->entries[i])) < 0) {
			error = glossa_error__set(GLOSSA_ERRCLASS_INVALID,
				GLOSSA_ERROR,
				"cannot write entry %s as JSON (invalid UTF-8 or out of memory)",
				doc->entries[i].key);
			goto done;
		}
	if ((text = json_dumps(root, JSON_INDENT(2) |
			JSON_PRESERVE_ORDER)) == NULL) {
		error = glossa_error__nomem();
		goto done;
	}
	if ((error = glossa_buf_puts(out, text)) < 0 ||
	    (error = glossa_buf_put(out, "\n", 1)) < 0)
		goto done;

done:
	free(text);
	json_decref(root);
	return error;
}
