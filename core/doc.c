/*
 * The in-memory glossary document: construction, canonical order and the
 * validation every importer and every store write goes through.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include "internal.h"
#include "fmt.h"

static const char *const kind_names[] = { "person", "place", "org", "term",
	"given" };
static const char *const status_names[] = { "approved", "proposed",
	"deprecated" };
static const char *const type_names[] = { "house", "short", "alternate",
	"variant", "native", "alone", "exception" };
static const char *const format_names[] = { "tsv", "csv", "tbx", "json" };

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static int name_lookup(int *out, const char *name, const char *const *names,
	size_t n)
{
	size_t i;

	for (i = 0; name && i < n; i++)
		if (strcmp(name, names[i]) == 0) {
			*out = (int)i;
			return 0;
		}
	return GLOSSA_EINVALID;
}

const char *glossa_kind_name(glossa_kind k)
{
	return (unsigned)k < NELEM(kind_names) ? kind_names[k] : "?";
}

const char *glossa_status_name(glossa_status s)
{
	return (unsigned)s < NELEM(status_names) ? status_names[s] : "?";
}

const char *glossa_form_type_name(glossa_form_type t)
{
	return (unsigned)t < NELEM(type_names) ? type_names[t] : "?";
}

const char *glossa_format_name(glossa_format f)
{
	return (unsigned)f < NELEM(format_names) ? format_names[f] : "?";
}

int glossa_kind_parse(glossa_kind *out, const char *name)
{
	int v, r = name_lookup(&v, name, kind_names, NELEM(kind_names));

	if (r == 0)
		*out = (glossa_kind)v;
	return r;
}

int glossa_status_parse(glossa_status *out, const char *name)
{
	int v, r = name_lookup(&v, name, status_names, NELEM(status_names));

	if (r == 0)
		*out = (glossa_status)v;
	return r;
}

int glossa_form_type_parse(glossa_form_type *out, const char *name)
{
	int v, r = name_lookup(&v, name, type_names, NELEM(type_names));

	if (r == 0)
		*out = (glossa_form_type)v;
	return r;
}

int glossa_format_parse(glossa_format *out, const char *name)
{
	int v, r = name_lookup(&v, name, format_names, NELEM(format_names));

	if (r == 0)
		*out = (glossa_format)v;
	return r;
}

int glossa_doc_new(glossa_doc **out)
{
	*out = glossa__calloc(1, sizeof(glossa_doc));
	return *out ? 0 : GLOSSA_ERROR;
}

size_t glossa_doc_count(const glossa_doc *doc)
{
	return doc ? doc->nentries : 0;
}

const glossa_entry *glossa_doc_entry(const glossa_doc *doc, size_t i)
{
	return doc && i < doc->nentries ? &doc->entries[i] : NULL;
}

glossa_entry *glossa_doc_entry_mut(glossa_doc *doc, size_t i)
{
	return doc && i < doc->nentries ? &doc->entries[i] : NULL;
}

static void form_clear(glossa_form *f)
{
	free(f->text);
	free(f->script);
	free(f->lang);
	free(f->becomes);
	free(f->note);
}

static void entry_clear(glossa_entry *e)
{
	size_t i;

	for (i = 0; i < e->nforms; i++)
		form_clear(&e->forms[i]);
	free(e->forms);
	free(e->key);
	free(e->note);
}

/*
 * The entries of a document by key, so that parsers find an entry (and
 * spot a duplicate) in constant time: without it, reading a 100,000-entry
 * file was quadratic. A glossa_strmap of the distinct keys, each with the
 * first entry that has it; built on first use, extended as entries are
 * added, dropped when entries are reordered.
 */
typedef struct {
	glossa_strmap keys;
	size_t *first;   /* per key index: the first entry with that key */
	size_t afirst;
	size_t count;    /* entries indexed so far */
} doc_index;

static void index_drop(glossa_doc *doc)
{
	doc_index *ix = doc->index;

	if (ix) {
		glossa_strmap__dispose(&ix->keys);
		free(ix->first);
		free(ix);
		doc->index = NULL;
	}
}

/* Bring the index up to date with doc->entries; NULL on no memory. */
static doc_index *index_get(glossa_doc *doc)
{
	doc_index *ix = doc->index;

	if (ix == NULL) {
		if ((ix = glossa__calloc(1, sizeof(*ix))) == NULL)
			return NULL;
		glossa_strmap__init(&ix->keys);
		doc->index = ix;
	}
	while (ix->count < doc->nentries) {
		const char *key = doc->entries[ix->count].key;
		size_t before = ix->keys.n, k;

		if (glossa_strmap__put(&ix->keys, &k, key, strlen(key)) < 0 ||
		    glossa__grow((void **)&ix->first, &ix->afirst,
				ix->keys.n, sizeof(size_t)) < 0) {
			index_drop(doc);
			return NULL;
		}
		if (ix->keys.n > before)
			ix->first[k] = ix->count;
		ix->count++;
	}
	return ix;
}

void glossa_doc_free(glossa_doc *doc)
{
	size_t i;

	if (doc == NULL)
		return;
	for (i = 0; i < doc->nentries; i++)
		entry_clear(&doc->entries[i]);
	free(doc->entries);
	index_drop(doc);
	free(doc);
}

int glossa_doc_add_entry(glossa_entry **out, glossa_doc *doc, const char *key,
	glossa_kind kind, glossa_status status, const char *note,
	unsigned line)
{
	glossa_entry *e;

	if (glossa__grow((void **)&doc->entries, &doc->aentries,
			doc->nentries + 1, sizeof(glossa_entry)) < 0)
		return GLOSSA_ERROR;
	e = &doc->entries[doc->nentries];
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->status = status;
	e->line = line;
	e->key = glossa__strdup(key);
	e->note = glossa__strdup(note);
	if (e->key == NULL || e->note == NULL) {
		entry_clear(e);
		return GLOSSA_ERROR;
	}
	doc->nentries++;
	if (out)
		*out = e;
	return 0;
}

int glossa_entry_add_form(glossa_entry *e, const glossa_form_spec *spec)
{
	const char *text = spec->text, *script = spec->script;
	const char *lang = spec->lang;
	glossa_form *f;

	if (glossa__grow((void **)&e->forms, &e->aforms, e->nforms + 1,
			sizeof(glossa_form)) < 0)
		return GLOSSA_ERROR;
	f = &e->forms[e->nforms];
	memset(f, 0, sizeof(*f));
	f->type = spec->type;
	f->line = spec->line;
	/* Script and language may be left to us: the script of the
	 * letters, and the usual language of that script. */
	if ((script == NULL || *script == '\0') && text) {
		script = glossa_ustr__script(text);
		if (strcmp(script, "Zyyy") == 0)
			script = "Latn";
	}
	if ((lang == NULL || *lang == '\0') && script)
		lang = strcmp(script, "Cyrl") == 0 ? "ru" :
			strcmp(script, "Arab") == 0 ? "ar" : "en";
	f->text = glossa__strdup(text);
	f->script = glossa__strdup(script);
	f->lang = glossa__strdup(lang);
	f->becomes = glossa__strdup(spec->becomes);
	f->note = glossa__strdup(spec->note);
	if (!f->text || !f->script || !f->lang || !f->becomes || !f->note) {
		form_clear(f);
		return GLOSSA_ERROR;
	}
	e->nforms++;
	return 0;
}

int glossa_doc_add_copy(glossa_entry **out, glossa_doc *doc,
	const glossa_entry *e)
{
	glossa_entry *c = NULL;
	size_t i;
	int error;

	if (out)
		*out = NULL;
	error = glossa_doc_add_entry(&c, doc, e->key, e->kind, e->status,
		e->note, e->line);
	for (i = 0; error == 0 && i < e->nforms; i++) {
		const glossa_form *f = &e->forms[i];

		error = glossa_entry_add_form(c, &(glossa_form_spec){
			.type = f->type, .text = f->text,
			.script = f->script, .lang = f->lang,
			.becomes = f->becomes, .note = f->note,
			.line = f->line });
	}
	if (error == 0 && out)
		*out = c;
	return error;
}

static const char *entry_form_text(const glossa_entry *e, glossa_form_type t)
{
	size_t i;

	for (i = 0; i < e->nforms; i++)
		if (e->forms[i].type == t)
			return e->forms[i].text;
	return NULL;
}

const char *glossa_entry_house(const glossa_entry *e)
{
	return entry_form_text(e, GLOSSA_FORM_HOUSE);
}

const char *glossa_entry_short(const glossa_entry *e)
{
	return entry_form_text(e, GLOSSA_FORM_SHORT);
}

glossa_entry *glossa_fmt__find_entry(glossa_doc *doc, const char *key)
{
	doc_index *ix = index_get(doc);
	size_t i;
	long k;

	if (ix == NULL) {
		/* No memory for the index: the slow way still answers. */
		for (i = 0; i < doc->nentries; i++)
			if (strcmp(doc->entries[i].key, key) == 0)
				return &doc->entries[i];
		return NULL;
	}
	k = glossa_strmap__get(&ix->keys, key, strlen(key));
	return k < 0 ? NULL : &doc->entries[ix->first[k]];
}

static int form_cmp(const void *a, const void *b)
{
	const glossa_form *x = a, *y = b;
	int c;

	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	if ((c = strcmp(x->text, y->text)) != 0)
		return c;
	if ((c = strcmp(x->lang, y->lang)) != 0)
		return c;
	return strcmp(x->script, y->script);
}

static int entry_cmp(const void *a, const void *b)
{
	const glossa_entry *x = a, *y = b;

	return strcmp(x->key, y->key);
}

static size_t word_count(const char *s)
{
	size_t n = 0;
	bool in = false;

	for (; *s; s++) {
		if (*s == ' ') {
			in = false;
		} else if (!in) {
			in = true;
			n++;
		}
	}
	return n;
}

/*
 * What a variant or native form with no explicit target becomes: the short
 * house form when it is shorter (in words) than the full house form, as
 * "Asad" -> "Assad" next to "Bashar al-Asad" -> "Bashar Assad"; otherwise
 * the full house form.
 */
static const char *default_target(const glossa_entry *e, const char *text)
{
	const char *house = glossa_entry_house(e), *shrt = glossa_entry_short(e);

	if (shrt && house && word_count(text) < word_count(house))
		return shrt;
	return house;
}

int glossa_doc_canonicalize(glossa_doc *doc)
{
	size_t i, j;

	for (i = 0; i < doc->nentries; i++) {
		glossa_entry *e = &doc->entries[i];

		for (j = 0; j < e->nforms; j++) {
			glossa_form *f = &e->forms[j];

			if (GLOSSA_FORM_IS_SPELLING(f->type) &&
			    f->becomes[0] == '\0' && glossa_entry_house(e)) {
				char *b = glossa__strdup(default_target(e,
					f->text));
				if (b == NULL)
					return GLOSSA_ERROR;
				free(f->becomes);
				f->becomes = b;
			}
		}
		if (e->nforms > 1)
			qsort(e->forms, e->nforms, sizeof(glossa_form),
				form_cmp);
	}
	if (doc->nentries > 1) {
		qsort(doc->entries, doc->nentries, sizeof(glossa_entry),
			entry_cmp);
		index_drop(doc);  /* indexes moved */
	}
	return 0;
}

/* ---- validation ---- */

int glossa_doc__invalid(const char *source, unsigned line, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (source && line)
		return glossa_error__set(GLOSSA_ERRCLASS_PARSE,
			GLOSSA_EINVALID, "%s:%u: %s", source, line, msg);
	if (source)
		return glossa_error__set(GLOSSA_ERRCLASS_PARSE,
			GLOSSA_EINVALID, "%s: %s", source, msg);
	return glossa_error__set(GLOSSA_ERRCLASS_INVALID, GLOSSA_EINVALID,
		"%s", msg);
}

int glossa_doc__bad_add(glossa_doc__bad *b)
{
	const char *m = glossa_error_last()->message;

	if (b->n++ >= GLOSSA_DOC__BAD_MAX)
		return 0;
	if ((b->msg.size > 0 && glossa_buf_put(&b->msg, "\n", 1) < 0) ||
	    glossa_buf_puts(&b->msg, m && *m ? m : "a bad line") < 0)
		return glossa_error__nomem();
	return 0;
}

int glossa_doc__bad_end(glossa_doc__bad *b)
{
	int error = 0;

	if (b->n > GLOSSA_DOC__BAD_MAX)
		error = glossa_error__set(GLOSSA_ERRCLASS_PARSE,
			GLOSSA_EINVALID, "%s\nand %zu more bad lines",
			b->msg.ptr, b->n - GLOSSA_DOC__BAD_MAX);
	else if (b->n > 1)
		error = glossa_error__set(GLOSSA_ERRCLASS_PARSE,
			GLOSSA_EINVALID, "%s\n(%zu bad lines)", b->msg.ptr,
			b->n);
	else if (b->n == 1)
		error = glossa_error__set(GLOSSA_ERRCLASS_PARSE,
			GLOSSA_EINVALID, "%s", b->msg.ptr);
	glossa_buf_dispose(&b->msg);
	b->n = 0;
	return error;
}

bool glossa_doc__key_ok(const char *k)
{
	const char *p;

	if (!((k[0] >= 'a' && k[0] <= 'z') || (k[0] >= '0' && k[0] <= '9')))
		return false;
	for (p = k; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '-' || *p == '.' || *p == '_'))
			return false;
	return (p - k) <= 100;
}

static bool script_ok(const char *s)
{
	return strlen(s) == 4 && s[0] >= 'A' && s[0] <= 'Z' &&
		s[1] >= 'a' && s[1] <= 'z' && s[2] >= 'a' && s[2] <= 'z' &&
		s[3] >= 'a' && s[3] <= 'z';
}

/* BCP 47 shape: a 2-3 letter primary subtag, then alphanumeric subtags of
 * 1-8 characters. Enough to catch typos without a registry. */
static bool lang_ok(const char *s)
{
	size_t n = 0, sub = 0;
	const char *p;

	for (p = s; *p; p++) {
		if (*p == '-') {
			if (n == 0 || n > 8 || (sub == 0 && (n < 2 || n > 3)))
				return false;
			n = 0;
			sub++;
		} else if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			   (sub > 0 && *p >= '0' && *p <= '9')) {
			n++;
		} else {
			return false;
		}
	}
	if (sub == 0)
		return n >= 2 && n <= 3;
	return n >= 1 && n <= 8;
}

/*
 * The longest text a field may hold, in bytes. Names are short (the
 * shipped glossary's longest form is 60 bytes, its longest note about
 * 200), and a note says who someone is; a 200 MB note once took 38 s and
 * 1.4 GB to import. The caps are generous and checked first, before any
 * work that grows with the text.
 */
#define FORM_MAX 500
#define NOTE_MAX 4096

/* The first code point of s (valid UTF-8) that a glossary's text cannot
 * hold, or -1: a C1 control (U+0080-U+009F), or a Unicode noncharacter
 * (U+FDD0-U+FDEF, U+FFFE, U+FFFF and their twins in every plane), which
 * XML 1.0, and so a TBX export, cannot carry (U+FFFE, U+FFFF) or which
 * is not meant for interchange at all. */
static UChar32 bad_char(const char *s, size_t len)
{
	const uint8_t *p = (const uint8_t *)s;
	int32_t i = 0, n = (int32_t)len;

	while (i < n) {
		UChar32 c;

		if (p[i] < 0x80) {
			i++;
			continue;
		}
		U8_NEXT(p, i, n, c);
		if ((c >= 0x80 && c <= 0x9F) || U_IS_UNICODE_NONCHAR(c))
			return c;
	}
	return -1;
}

/* Text fields: at most FORM_MAX bytes (NOTE_MAX for a note), valid UTF-8,
 * NFC, no control characters (tabs and line breaks would break the
 * line-based formats) and no noncharacters. */
int glossa_doc__text_check(const char *s, bool allow_empty, const char *what,
	const char *source, unsigned line)
{
	size_t bad, len = strlen(s);
	size_t max = strcmp(what, "note") == 0 ? NOTE_MAX : FORM_MAX;
	const unsigned char *p;
	UChar32 c;

	if (len > max)
		return glossa_doc__invalid(source, line,
			"%s of %zu bytes: a %s holds at most %zu bytes",
			what, len, what, max);
	if (!allow_empty && len == 0)
		return glossa_doc__invalid(source, line, "empty %s", what);
	if (!glossa_utf8__valid(s, len, &bad))
		return glossa_doc__invalid(source, line, "invalid UTF-8 in %s at byte %zu",
			what, bad);
	for (p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return glossa_doc__invalid(source, line,
				"control character in %s", what);
	if ((c = bad_char(s, len)) >= 0 && c <= 0x9F)
		return glossa_doc__invalid(source, line,
			"control character U+%04X in %s", (unsigned)c, what);
	if (c >= 0)
		return glossa_doc__invalid(source, line,
			"%s holds U+%04X, a Unicode noncharacter: not text, and XML (so TBX) cannot carry it",
			what, (unsigned)c);
	if (len && (s[0] == ' ' || s[len - 1] == ' '))
		return glossa_doc__invalid(source, line,
			"%s \"%s\" has leading or trailing spaces", what, s);
	if (!glossa_ustr__is_nfc(s))
		return glossa_doc__invalid(source, line, "%s \"%s\" is not in NFC", what, s);
	return 0;
}

/*
 * The first invisible formatting character (Unicode Cf: bidi marks, zero-width
 * space, BOM, soft hyphen...) in s, or 0. With allow_joiners, ZWNJ and ZWJ
 * (needed in Arabic-script and Persian names) are allowed.
 */
static UChar32 format_char(const char *s, bool allow_joiners)
{
	const uint8_t *p = (const uint8_t *)s;
	int32_t i = 0, len = (int32_t)strlen(s);

	while (i < len) {
		UChar32 c;

		U8_NEXT(p, i, len, c);
		if (c < 0)
			continue;
		if (u_charType(c) != U_FORMAT_CHAR)
			continue;
		if (allow_joiners && (c == 0x200C || c == 0x200D))
			continue;
		return c;
	}
	return 0;
}

static int form_validate(const glossa_entry *e, const glossa_form *f,
	const char *source)
{
	unsigned line = f->line ? f->line : e->line;
	const char *house = glossa_entry_house(e);
	const char *shrt = glossa_entry_short(e);
	int error;

	if ((unsigned)f->type > GLOSSA_FORM_EXCEPTION)
		return glossa_doc__invalid(source, line, "unknown form type");
	if ((error = glossa_doc__text_check(f->text, false, "form", source,
			line)) < 0 ||
	    (error = glossa_doc__text_check(f->note, true, "note", source,
			line)) < 0 ||
	    (error = glossa_doc__text_check(f->becomes, true, "target form",
			source, line)) < 0)
		return error;
	if (!script_ok(f->script))
		return glossa_doc__invalid(source, line,
			"script \"%s\" is not an ISO 15924 code (Latn, Cyrl, Arab)",
			f->script);
	if (!lang_ok(f->lang))
		return glossa_doc__invalid(source, line,
			"language \"%s\" is not a BCP 47 tag (en, ru, ar)",
			f->lang);
	{
		const char *sc = glossa_ustr__script(f->text);
		UChar32 cf = format_char(f->text,
			strcmp(f->script, "Arab") == 0), c0;
		int32_t i0 = 0;
		const char *mk;

		/* A name is found where a word starts: a form that starts
		 * with a mark or punctuation ("#A-sad") is never found as
		 * written, and fixing would write it again and again. */
		U8_NEXT((const uint8_t *)f->text, i0, (int32_t)strlen(f->text),
			c0);
		if (c0 < 0 || !(U_GET_GC_MASK(c0) & (U_GC_L_MASK | U_GC_N_MASK)))
			return glossa_doc__invalid(source, line,
				"form \"%s\" does not start with a letter or digit",
				f->text);

		if (cf)
			return glossa_doc__invalid(source, line,
				"form \"%s\" contains an invisible formatting character (U+%04X)",
				f->text, (unsigned)cf);
		/* Markup is not part of a name, and a fix that wrote it would
		 * reopen text that Markdown, HTML or MDX had kept out of
		 * reach (a backtick pairs with a code span's, a bracket
		 * with a link's), so fixing again would change it. */
		if ((mk = strpbrk(f->text, "`<>[]\\{}")) != NULL)
			return glossa_doc__invalid(source, line,
				"form \"%s\" contains '%c', which is markup, not part of a name",
				f->text, *mk);
		if (strcmp(sc, "Zmix") == 0)
			return glossa_doc__invalid(source, line,
				"form \"%s\" mixes scripts (a look-alike letter from another alphabet?)",
				f->text);
		if (strcmp(sc, "Zyyy") != 0 && strcmp(sc, f->script) != 0)
			return glossa_doc__invalid(source, line,
				"form \"%s\" is written in %s, not %s",
				f->text, sc, f->script);
	}
	if (f->type == GLOSSA_FORM_ALONE && word_count(f->text) != 1)
		return glossa_doc__invalid(source, line,
			"alone form \"%s\" is not one word: only a one-word variant can name the entry on its own",
			f->text);
	if (f->type == GLOSSA_FORM_EXCEPTION && word_count(f->text) < 2)
		return glossa_doc__invalid(source, line,
			"exception \"%s\" is one word: an exception is a phrase in which a form of %s is something else (\"chicken Kiev\")",
			f->text, e->key);
	switch (f->type) {
	case GLOSSA_FORM_VARIANT:
	case GLOSSA_FORM_ALONE:
	case GLOSSA_FORM_NATIVE:
		if (f->becomes[0] && !(house && strcmp(f->becomes, house) == 0) &&
		    !(shrt && strcmp(f->becomes, shrt) == 0))
			return glossa_doc__invalid(source, line,
				"%s \"%s\" becomes \"%s\", which is not the house or short form of %s",
				glossa_form_type_name(f->type), f->text,
				f->becomes, e->key);
		break;
	default:
		if (f->becomes[0])
			return glossa_doc__invalid(source, line,
				"a %s form has no target form (\"%s\")",
				glossa_form_type_name(f->type), f->becomes);
	}
	return 0;
}

int glossa_doc__entry_validate(const glossa_entry *e, const char *source)
{
	size_t i, j, nhouse = 0, nshort = 0;
	int error = 0;
	char **keys;

	if (!glossa_doc__key_ok(e->key))
		return glossa_doc__invalid(source, e->line,
			"bad key \"%s\": use lower-case letters, digits and - . _",
			e->key);
	if ((unsigned)e->kind > GLOSSA_KIND_GIVEN ||
	    (unsigned)e->status > GLOSSA_STATUS_DEPRECATED)
		return glossa_doc__invalid(source, e->line, "bad kind or status");
	if ((error = glossa_doc__text_check(e->note, true, "note", source,
			e->line)) < 0)
		return error;
	for (i = 0; i < e->nforms; i++) {
		if (e->forms[i].type == GLOSSA_FORM_HOUSE)
			nhouse++;
		if (e->forms[i].type == GLOSSA_FORM_SHORT)
			nshort++;
	}
	if (nhouse != 1)
		return glossa_doc__invalid(source, e->line,
			"entry %s has %zu house forms; it needs exactly one",
			e->key, nhouse);
	if (nshort > 1)
		return glossa_doc__invalid(source, e->line,
			"entry %s has %zu short forms; at most one is allowed",
			e->key, nshort);
	for (i = 0; i < e->nforms; i++)
		if ((error = form_validate(e, &e->forms[i], source)) < 0)
			return error;
	/* No form twice within an entry, compared by matching key. */
	if ((keys = glossa__calloc(e->nforms, sizeof(char *))) == NULL)
		return GLOSSA_ERROR;
	for (i = 0; i < e->nforms && error == 0; i++) {
		if ((error = glossa_ustr__key(&keys[i], e->forms[i].text)) < 0)
			break;
		for (j = 0; j < i; j++)
			if (strcmp(keys[i], keys[j]) == 0 &&
			    strcmp(e->forms[i].lang, e->forms[j].lang) == 0) {
				error = glossa_doc__invalid(source, e->forms[i].line ?
					e->forms[i].line : e->line,
					"form \"%s\" is listed twice in %s",
					e->forms[i].text, e->key);
				break;
			}
	}
	for (i = 0; i < e->nforms; i++)
		free(keys[i]);
	free(keys);
	return error;
}

static int key_ptr_cmp(const void *a, const void *b)
{
	const glossa_entry *const *x = a, *const *y = b;

	return strcmp((*x)->key, (*y)->key);
}

int glossa_doc_validate(const glossa_doc *doc, const char *source)
{
	const glossa_entry **sorted;
	size_t i;
	int error = 0;

	glossa_doc__bad bad = { GLOSSA_BUF_INIT, 0 };

	/* Every bad entry is said, not the first alone. */
	for (i = 0; i < doc->nentries; i++)
		if ((error = glossa_doc__entry_validate(&doc->entries[i],
				source)) < 0) {
			if (error != GLOSSA_EINVALID ||
			    (error = glossa_doc__bad_add(&bad)) < 0) {
				glossa_buf_dispose(&bad.msg);
				return error;
			}
		}
	if ((error = glossa_doc__bad_end(&bad)) < 0)
		return error;
	if (doc->nentries < 2)
		return 0;
	if ((sorted = glossa__calloc(doc->nentries, sizeof(*sorted))) == NULL)
		return GLOSSA_ERROR;
	for (i = 0; i < doc->nentries; i++)
		sorted[i] = &doc->entries[i];
	qsort(sorted, doc->nentries, sizeof(*sorted), key_ptr_cmp);
	for (i = 1; i < doc->nentries; i++)
		if (strcmp(sorted[i]->key, sorted[i - 1]->key) == 0) {
			const glossa_entry *later =
				sorted[i]->line > sorted[i - 1]->line ?
				sorted[i] : sorted[i - 1];
			error = glossa_doc__invalid(source, later->line,
				"entry %s is defined twice", later->key);
			break;
		}
	free(sorted);
	return error;
}
