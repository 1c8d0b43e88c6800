/*
 * TBX-Basic (ISO 30042:2019, DCA style) for translation tools, read and
 * written with libxml2.
 *
 *   <tbx type="TBX-Basic" style="dca" xml:lang="en"
 *        xmlns="urn:iso:std:iso:30042:ed-2">
 *     <tbxHeader>...</tbxHeader>
 *     <text><body>
 *       <conceptEntry id="KEY">                    one per entry
 *         <descrip type="subjectField">KIND</descrip>
 *         <descrip type="definition">NOTE</descrip>   only when not empty
 *         <note>status: STATUS</note>
 *         <langSec xml:lang="LANG">               forms grouped by language
 *           <termSec>                              one per form
 *             <term>TEXT</term>
 *             <termNote type="administrativeStatus">...</termNote>
 *             <termNote type="termType">...</termNote>  when listed below
 *             <termNote type="script">SCRIPT</termNote>
 *             <termNote type="becomes">BECOMES</termNote> when not empty
 *             <note>NOTE</note>                    only when not empty
 *
 * Form types, as administrativeStatus + termType:
 *
 *   house      preferredTerm-admn-sts   fullForm
 *   short      preferredTerm-admn-sts   shortForm
 *   native     preferredTerm-admn-sts   (none)
 *   alternate  admittedTerm-admn-sts    (none)
 *   variant    deprecatedTerm-admn-sts  variant
 *   alone      deprecatedTerm-admn-sts  shortForm
 *   exception  admittedTerm-admn-sts    phraseologicalUnit
 *
 * A native form is the preferred term of its own language, so a tool that
 * only knows TBX-Basic sees it as what it is; the house form is the one
 * preferred term marked fullForm, which keeps the mapping unambiguous. A
 * one-word variant that names the entry on its own is a deprecated short
 * form; an exception ("chicken Kiev": a phrase in which the entry's forms
 * are something else) is an admitted phrase, which is what a translation
 * tool should make of it. On reading, other termTypes of admitted and
 * deprecated terms are ignored, and supersededTerm-admn-sts is read as a
 * variant.
 *
 * The entry status has no TBX-Basic data category of its own (the
 * administrativeStatus category belongs to terms, not concepts), so it goes
 * into the one free-text category TBX-Basic allows on a concept entry: a
 * <note> that reads "status: approved" (or proposed, deprecated). Script
 * and the target form of a variant or native form have no TBX-Basic
 * category either; they are the private termNote types "script" and
 * "becomes". When "script" is missing (a file from another tool) it is
 * taken from the term's letters if they are of one script.
 *
 * Elements the mapping does not mention (transaction groups, contexts, other
 * notes) are skipped, so files from other tools can still be read; the
 * categories above must be well formed and use known values.
 *
 * Security: documents are read with XML_PARSE_NONET and without
 * XML_PARSE_NOENT or XML_PARSE_DTDLOAD, so no external entity or DTD is
 * ever fetched, and a document whose DOCTYPE declares entities is
 * rejected outright: a glossary has no use for them and they are the
 * vehicle of XXE and entity-expansion attacks.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>
#include "internal.h"
#include "fmt.h"
#include "xmlguard.h"

#define TBX_NS "urn:iso:std:iso:30042:ed-2"
#define STATUS_PREFIX "status: "

#define ADM_PREFERRED "preferredTerm-admn-sts"
#define ADM_ADMITTED "admittedTerm-admn-sts"
#define ADM_DEPRECATED "deprecatedTerm-admn-sts"
#define ADM_SUPERSEDED "supersededTerm-admn-sts"

typedef struct {
	const char *admin;
	const char *term_type;  /* NULL: none written */
} tbx_type_map;

/* Indexed by glossa_form_type. */
static const tbx_type_map type_map[] = {
	{ ADM_PREFERRED, "fullForm" },   /* house */
	{ ADM_PREFERRED, "shortForm" },  /* short */
	{ ADM_ADMITTED, NULL },          /* alternate */
	{ ADM_DEPRECATED, "variant" },   /* variant */
	{ ADM_PREFERRED, NULL },         /* native */
	{ ADM_DEPRECATED, "shortForm" }, /* alone */
	{ ADM_ADMITTED, "phraseologicalUnit" },  /* exception */
};

/* ---- reading ---- */

typedef struct {
	glossa_doc *doc;
	const char *source;
} tbx_reader;

static int tbx_error(const tbx_reader *r, xmlNode *node, const char *fmt,
	...) __attribute__((format(printf, 3, 4)));

static int tbx_error(const tbx_reader *r, xmlNode *node, const char *fmt,
	...)
{
	char msg[512];
	long line = node ? xmlGetLineNo(node) : 0;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return glossa_error__set(GLOSSA_ERRCLASS_PARSE, GLOSSA_EINVALID,
		"%s:%ld: %s", r->source, line > 0 ? line : 1L, msg);
}

static unsigned node_line(xmlNode *node)
{
	long line = xmlGetLineNo(node);

	return line > 0 && line <= (long)UINT_MAX ? (unsigned)line : 0;
}

static bool is_el(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
		xmlStrEqual(n->name, BAD_CAST name);
}

/* The attribute's value as a malloc'd string, or NULL with *out NULL when
 * the attribute is absent. */
static int get_attr(char **out, xmlNode *n, const char *name,
	const char *ns)
{
	xmlChar *v = ns ? xmlGetNsProp(n, BAD_CAST name, BAD_CAST ns) :
		xmlGetNoNsProp(n, BAD_CAST name);

	*out = NULL;
	if (v == NULL)
		return 0;
	*out = glossa__strdup((const char *)v);
	xmlFree(v);
	return *out ? 0 : GLOSSA_ERROR;
}

static bool attr_is(xmlNode *n, const char *name, const char *value)
{
	xmlChar *v = xmlGetNoNsProp(n, BAD_CAST name);
	bool same = v && xmlStrEqual(v, BAD_CAST value);

	xmlFree(v);
	return same;
}

/* An element's text as a malloc'd string ("" when empty). */
static int get_text(char **out, xmlNode *n)
{
	xmlChar *v = xmlNodeGetContent(n);

	*out = glossa__strdup(v ? (const char *)v : "");
	xmlFree(v);
	return *out ? 0 : GLOSSA_ERROR;
}

/* Store the element's text in *slot, refusing a second one: two values for
 * one category would make the result depend on element order. */
static int take_once(const tbx_reader *r, char **slot, xmlNode *n,
	const char *what)
{
	if (*slot)
		return tbx_error(r, n, "%s given twice", what);
	return get_text(slot, n);
}

typedef struct {
	char *term, *admin, *term_type, *script, *becomes, *note;
} term_fields;

static void term_fields_clear(term_fields *t)
{
	free(t->term);
	free(t->admin);
	free(t->term_type);
	free(t->script);
	free(t->becomes);
	free(t->note);
}

static int form_type_of(const tbx_reader *r, xmlNode *n,
	const term_fields *t, glossa_form_type *out)
{
	if (t->admin == NULL)
		return tbx_error(r, n,
			"<termSec> without <termNote type=\"administrativeStatus\">");
	if (strcmp(t->admin, ADM_PREFERRED) == 0) {
		if (t->term_type == NULL)
			*out = GLOSSA_FORM_NATIVE;
		else if (strcmp(t->term_type, "fullForm") == 0)
			*out = GLOSSA_FORM_HOUSE;
		else if (strcmp(t->term_type, "shortForm") == 0)
			*out = GLOSSA_FORM_SHORT;
		else
			return tbx_error(r, n,
				"termType \"%s\" on a preferred term (fullForm for the house form, shortForm for the short form, none for a native form)",
				t->term_type);
	} else if (strcmp(t->admin, ADM_ADMITTED) == 0) {
		*out = t->term_type &&
			strcmp(t->term_type, "phraseologicalUnit") == 0 ?
			GLOSSA_FORM_EXCEPTION : GLOSSA_FORM_ALTERNATE;
	} else if (strcmp(t->admin, ADM_DEPRECATED) == 0 ||
		   strcmp(t->admin, ADM_SUPERSEDED) == 0) {
		*out = t->term_type && strcmp(t->term_type, "shortForm") == 0 ?
			GLOSSA_FORM_ALONE : GLOSSA_FORM_VARIANT;
	} else {
		return tbx_error(r, n,
			"unknown administrativeStatus \"%s\" (preferredTerm-admn-sts, admittedTerm-admn-sts, deprecatedTerm-admn-sts)",
			t->admin);
	}
	return 0;
}

static int read_term_sec(const tbx_reader *r, glossa_entry *e,
	xmlNode *sec, const char *lang)
{
	term_fields t;
	/* Set by form_type_of(); initialised for -O2's flow analysis. */
	glossa_form_type type = GLOSSA_FORM_HOUSE;
	const char *script;
	xmlNode *c;
	int error = 0;

	memset(&t, 0, sizeof(t));
	for (c = sec->children; c && error == 0; c = c->next) {
		if (is_el(c, "term"))
			error = take_once(r, &t.term, c, "<term>");
		else if (is_el(c, "note"))
			error = take_once(r, &t.note, c, "<note>");
		else if (!is_el(c, "termNote"))
			continue;
		else if (attr_is(c, "type", "administrativeStatus"))
			error = take_once(r, &t.admin, c, "administrativeStatus");
		else if (attr_is(c, "type", "termType"))
			error = take_once(r, &t.term_type, c, "termType");
		else if (attr_is(c, "type", "script"))
			error = take_once(r, &t.script, c, "script");
		else if (attr_is(c, "type", "becomes"))
			error = take_once(r, &t.becomes, c, "becomes");
	}
	if (error < 0)
		goto done;
	if (t.term == NULL) {
		error = tbx_error(r, sec, "<termSec> without a <term>");
		goto done;
	}
	if ((error = form_type_of(r, sec, &t, &type)) < 0)
		goto done;
	script = t.script;
	if (script == NULL) {
		script = glossa_ustr__script(t.term);
		if (strcmp(script, "Zyyy") == 0 || strcmp(script, "Zmix") == 0) {
			error = tbx_error(r, sec,
				"term \"%s\" needs <termNote type=\"script\">",
				t.term);
			goto done;
		}
	}
	error = glossa_entry_add_form(e, &(glossa_form_spec){
		.type = type, .text = t.term, .script = script, .lang = lang,
		.becomes = t.becomes, .note = t.note,
		.line = node_line(sec) });

done:
	term_fields_clear(&t);
	return error;
}

static int read_lang_sec(const tbx_reader *r, glossa_entry *e, xmlNode *ls)
{
	char *lang = NULL;
	xmlNode *c;
	int error;

	if ((error = get_attr(&lang, ls, "lang", (const char *)
			XML_XML_NAMESPACE)) < 0)
		return error;
	if (lang == NULL)
		return tbx_error(r, ls, "<langSec> without xml:lang");
	for (c = ls->children; c && error == 0; c = c->next)
		if (is_el(c, "termSec"))
			error = read_term_sec(r, e, c, lang);
	free(lang);
	return error;
}

static int read_concept(const tbx_reader *r, xmlNode *ce)
{
	char *key = NULL, *kind_s = NULL, *note = NULL, *status_s = NULL;
	glossa_kind kind;
	glossa_status status;
	glossa_entry *e;
	xmlNode *c;
	int error;

	if ((error = get_attr(&key, ce, "id", NULL)) < 0)
		goto done;
	if (key == NULL) {
		error = tbx_error(r, ce,
			"<conceptEntry> without an id (the entry key)");
		goto done;
	}
	if (!glossa_doc__key_ok(key)) {
		error = tbx_error(r, ce,
			"bad key (lower-case letters, digits, - . _) \"%s\"",
			key);
		goto done;
	}
	if (glossa_fmt__find_entry(r->doc, key) != NULL) {
		error = tbx_error(r, ce, "entry defined twice \"%s\"", key);
		goto done;
	}

	/* Entry-level categories first: the entry must exist before its
	 * forms, and another tool may put them after the langSecs. */
	for (c = ce->children; c && error == 0; c = c->next) {
		if (is_el(c, "descrip") && attr_is(c, "type", "subjectField")) {
			error = take_once(r, &kind_s, c, "subjectField");
		} else if (is_el(c, "descrip") &&
			   attr_is(c, "type", "definition")) {
			error = take_once(r, &note, c, "definition");
		} else if (is_el(c, "note")) {
			xmlChar *v = xmlNodeGetContent(c);

			if (v && xmlStrncmp(v, BAD_CAST STATUS_PREFIX,
					(int)strlen(STATUS_PREFIX)) == 0) {
				if (status_s)
					error = tbx_error(r, c,
						"status given twice");
				else if ((status_s = glossa__strdup((const char *)
						v + strlen(STATUS_PREFIX))) == NULL)
					error = GLOSSA_ERROR;
			}
			xmlFree(v);
		}
	}
	if (error < 0)
		goto done;
	if (kind_s == NULL) {
		error = tbx_error(r, ce,
			"entry %s has no <descrip type=\"subjectField\"> (person, place, org, term)",
			key);
		goto done;
	}
	if (glossa_kind_parse(&kind, kind_s) < 0) {
		error = tbx_error(r, ce,
			"unknown kind (person, place, org, term) \"%s\"",
			kind_s);
		goto done;
	}
	if (status_s == NULL) {
		error = tbx_error(r, ce,
			"entry %s has no <note>status: ...</note> (approved, proposed, deprecated)",
			key);
		goto done;
	}
	if (glossa_status_parse(&status, status_s) < 0) {
		error = tbx_error(r, ce,
			"unknown status (approved, proposed, deprecated) \"%s\"",
			status_s);
		goto done;
	}
	if ((error = glossa_doc_add_entry(&e, r->doc, key, kind, status,
			note ? note : "", node_line(ce))) < 0)
		goto done;
	for (c = ce->children; c && error == 0; c = c->next)
		if (is_el(c, "langSec"))
			error = read_lang_sec(r, e, c);

done:
	free(key);
	free(kind_s);
	free(note);
	free(status_s);
	return error;
}

static xmlNode *child_el(xmlNode *n, const char *name)
{
	for (n = n ? n->children : NULL; n; n = n->next)
		if (is_el(n, name))
			return n;
	return NULL;
}

static unsigned doctype_line(const char *data, size_t len)
{
	static const char needle[] = "<!DOCTYPE";
	size_t i, n = sizeof(needle) - 1;

	for (i = 0; i + n <= len; i++)
		if (memcmp(data + i, needle, n) == 0)
			return glossa_utf8__line_of(data, i);
	return 1;
}

/*
 * libxml2 (2.9) checks a start tag's attributes for duplicates pair by
 * pair: one element with 100,000 attributes cost a minute of CPU before
 * any of our code ran. No TBX element has more than a handful, so the
 * start tags are counted first, in one pass over the bytes, and a tag
 * with more than MAX_ATTRS attributes (an attribute is a '=' outside a
 * quoted value) is refused before libxml2 sees the document. Comments,
 * CDATA sections and processing instructions are skipped whole; inside
 * a DOCTYPE the scan only sees more declarations and text.
 */
#define MAX_ATTRS 64

static int tbx_prescan(const char *data, size_t len, const char *source)
{
	const char *p = data, *end = data + len, *t;

	while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		size_t rest = (size_t)(end - p), nattr;
		const char *close = NULL;

		if (rest >= 4 && memcmp(p, "<!--", 4) == 0)
			close = memmem(p + 4, rest - 4, "-->", 3);
		else if (rest >= 9 && memcmp(p, "<![CDATA[", 9) == 0)
			close = memmem(p + 9, rest - 9, "]]>", 3);
		else if (rest >= 2 && p[1] == '?')
			close = memmem(p + 2, rest - 2, "?>", 2);
		else if (rest >= 2 && (p[1] == '!' || p[1] == '/')) {
			/* Declarations live only in a DOCTYPE's internal
			 * subset, and libxml2 spends quadratic time on many
			 * of them (100,000 default attributes: seconds; one
			 * ATTLIST per element name: minutes). A TBX glossary
			 * needs none. */
			if (p[1] == '!' && rest >= 3 && p[2] >= 'A' &&
			    p[2] <= 'Z' && !(rest >= 9 &&
				memcmp(p, "<!DOCTYPE", 9) == 0)) {
				bool ent = rest >= 8 &&
					memcmp(p, "<!ENTITY", 8) == 0;

				return glossa_error__set(GLOSSA_ERRCLASS_PARSE,
					GLOSSA_EINVALID,
					"%s:%u: the DOCTYPE declares %s; they are not allowed in a TBX glossary",
					source, doctype_line(data, len),
					ent ? "entities" :
					"elements or attributes (<!ATTLIST>, <!ELEMENT>)");
			}
			p += 2;
			continue;
		} else {
			nattr = glossa_xml__count_attrs(p, end, &t);
			if (nattr > MAX_ATTRS) {
				size_t n = 0;

				while (p + 1 + n < end && n < 40 &&
				       !strchr(" \t\r\n/>=", p[1 + n]))
					n++;

				return glossa_error__set(GLOSSA_ERRCLASS_PARSE,
					GLOSSA_EINVALID,
					"%s:%u: <%.*s> has %zu attributes; a TBX element has at most %d",
					source, glossa_utf8__line_of(data,
						(size_t)(p - data)),
					(int)n, p + 1, nattr,
					MAX_ATTRS);
			}
			p = t;
			continue;
		}
		if (close == NULL)
			break;  /* unterminated: libxml2 says where */
		p = close + 2;
	}
	return 0;
}

int glossa_fmt__tbx_parse(glossa_doc *doc, const char *data, size_t len,
	const char *source)
{
	tbx_reader r = { doc, source };
	glossa_xml_first_error first = { 0, "" };
	xmlParserCtxtPtr ctxt = NULL;
	xmlDocPtr xdoc = NULL;
	xmlNode *root, *body, *c;
	int error = 0;

	if (len > INT_MAX)
		return glossa_error__set(GLOSSA_ERRCLASS_PARSE,
			GLOSSA_EINVALID, "%s: too large for a TBX file", source);
	if ((error = tbx_prescan(data, len, source)) < 0)
		return error;
	if ((ctxt = xmlNewParserCtxt()) == NULL) {
		error = glossa_error__nomem();
		goto done;
	}
	/* The structured handler gets the context as its user data; errors
	 * go to it instead of stderr. */
	ctxt->_private = &first;
	ctxt->sax->serror = glossa_xml__keep_first_error;
	/* NONET, and no NOENT/DTDLOAD: nothing outside the document is ever
	 * read. NOERROR/NOWARNING: the error is reported once, by us. */
	xdoc = xmlCtxtReadMemory(ctxt, data, (int)len, source, "UTF-8",
		XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
		XML_PARSE_BIG_LINES);
	if (xdoc == NULL || !ctxt->wellFormed) {
		if (first.line == 0)
			glossa_xml__keep_first_error(ctxt, xmlCtxtGetLastError(ctxt));
		error = glossa_error__set(GLOSSA_ERRCLASS_PARSE,
			GLOSSA_EINVALID, "%s:%d: malformed XML: %s", source,
			first.line ? first.line : 1,
			first.msg[0] ? first.msg : "not well-formed");
		goto done;
	}
	if (xdoc->intSubset &&
	    (xdoc->intSubset->entities || xdoc->intSubset->pentities)) {
		error = glossa_error__set(GLOSSA_ERRCLASS_PARSE,
			GLOSSA_EINVALID,
			"%s:%u: the DOCTYPE declares entities; they are not allowed in a TBX glossary",
			source, doctype_line(data, len));
		goto done;
	}

	root = xmlDocGetRootElement(xdoc);
	if (root == NULL || !is_el(root, "tbx")) {
		error = tbx_error(&r, root,
			"not a TBX document: the root element is <%s>, not <tbx>",
			root ? (const char *)root->name : "");
		goto done;
	}
	if (root->ns == NULL || !xmlStrEqual(root->ns->href, BAD_CAST TBX_NS)) {
		error = tbx_error(&r, root,
			"<tbx> is not in the TBX 2019 namespace %s", TBX_NS);
		goto done;
	}
	if ((body = child_el(child_el(root, "text"), "body")) == NULL) {
		error = tbx_error(&r, root, "no <text><body> in <tbx>");
		goto done;
	}
	for (c = body->children; c && error == 0; c = c->next)
		if (is_el(c, "conceptEntry"))
			error = read_concept(&r, c);

done:
	xmlFreeDoc(xdoc);
	xmlFreeParserCtxt(ctxt);
	return error;
}

/* ---- writing ---- */

static int writer_failed(void)
{
	return glossa_error__set(GLOSSA_ERRCLASS_OS, GLOSSA_ERROR,
		"libxml2 could not write the TBX document");
}

/* <name type="type">text</name>; `type` may be NULL. */
static int put_el(xmlTextWriterPtr w, const char *name, const char *type,
	const char *text)
{
	if (xmlTextWriterStartElement(w, BAD_CAST name) < 0 ||
	    (type && xmlTextWriterWriteAttribute(w, BAD_CAST "type",
			BAD_CAST type) < 0) ||
	    xmlTextWriterWriteString(w, BAD_CAST text) < 0 ||
	    xmlTextWriterEndElement(w) < 0)
		return GLOSSA_ERROR;
	return 0;
}

static int put_term_sec(xmlTextWriterPtr w, const glossa_form *f)
{
	const tbx_type_map *m = &type_map[f->type];

	if (xmlTextWriterStartElement(w, BAD_CAST "termSec") < 0 ||
	    put_el(w, "term", NULL, f->text) < 0 ||
	    put_el(w, "termNote", "administrativeStatus", m->admin) < 0 ||
	    (m->term_type &&
	     put_el(w, "termNote", "termType", m->term_type) < 0) ||
	    put_el(w, "termNote", "script", f->script) < 0 ||
	    (f->becomes[0] &&
	     put_el(w, "termNote", "becomes", f->becomes) < 0) ||
	    (f->note[0] && put_el(w, "note", NULL, f->note) < 0) ||
	    xmlTextWriterEndElement(w) < 0)
		return GLOSSA_ERROR;
	return 0;
}

/*
 * Forms are grouped by language: one langSec per language, in the order
 * each language first appears, and the forms inside in document order, so
 * the output only depends on the (canonical) order of the forms.
 */
static int put_lang_secs(xmlTextWriterPtr w, const glossa_entry *e)
{
	size_t i, j, k;

	for (i = 0; i < e->nforms; i++) {
		const char *lang = e->forms[i].lang;

		for (k = 0; k < i; k++)
			if (strcmp(e->forms[k].lang, lang) == 0)
				break;
		if (k < i)
			continue;       /* this language was written already */
		if (xmlTextWriterStartElement(w, BAD_CAST "langSec") < 0 ||
		    xmlTextWriterWriteAttribute(w, BAD_CAST "xml:lang",
			BAD_CAST lang) < 0)
			return GLOSSA_ERROR;
		for (j = i; j < e->nforms; j++)
			if (strcmp(e->forms[j].lang, lang) == 0 &&
			    put_term_sec(w, &e->forms[j]) < 0)
				return GLOSSA_ERROR;
		if (xmlTextWriterEndElement(w) < 0)
			return GLOSSA_ERROR;
	}
	return 0;
}

static int put_concept(xmlTextWriterPtr w, const glossa_entry *e)
{
	char status[64];

	snprintf(status, sizeof(status), "%s%s", STATUS_PREFIX,
		glossa_status_name(e->status));
	if (xmlTextWriterStartElement(w, BAD_CAST "conceptEntry") < 0 ||
	    xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST e->key) < 0 ||
	    put_el(w, "descrip", "subjectField",
		glossa_kind_name(e->kind)) < 0 ||
	    (e->note[0] && put_el(w, "descrip", "definition", e->note) < 0) ||
	    put_el(w, "note", NULL, status) < 0 ||
	    put_lang_secs(w, e) < 0 ||
	    xmlTextWriterEndElement(w) < 0)
		return GLOSSA_ERROR;
	return 0;
}

static int put_document(xmlTextWriterPtr w, const glossa_doc *doc)
{
	size_t i;

	if (xmlTextWriterSetIndent(w, 1) < 0 ||
	    xmlTextWriterSetIndentString(w, BAD_CAST "  ") < 0 ||
	    xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0 ||
	    xmlTextWriterStartElement(w, BAD_CAST "tbx") < 0 ||
	    xmlTextWriterWriteAttribute(w, BAD_CAST "type",
		BAD_CAST "TBX-Basic") < 0 ||
	    xmlTextWriterWriteAttribute(w, BAD_CAST "style",
		BAD_CAST "dca") < 0 ||
	    xmlTextWriterWriteAttribute(w, BAD_CAST "xml:lang",
		BAD_CAST "en") < 0 ||
	    xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns",
		BAD_CAST TBX_NS) < 0 ||
	    xmlTextWriterStartElement(w, BAD_CAST "tbxHeader") < 0 ||
	    xmlTextWriterStartElement(w, BAD_CAST "fileDesc") < 0 ||
	    xmlTextWriterStartElement(w, BAD_CAST "sourceDesc") < 0 ||
	    put_el(w, "p", NULL, "glossa glossary") < 0 ||
	    xmlTextWriterEndElement(w) < 0 ||      /* sourceDesc */
	    xmlTextWriterEndElement(w) < 0 ||      /* fileDesc */
	    xmlTextWriterEndElement(w) < 0 ||      /* tbxHeader */
	    xmlTextWriterStartElement(w, BAD_CAST "text") < 0 ||
	    xmlTextWriterStartElement(w, BAD_CAST "body") < 0)
		return GLOSSA_ERROR;
	for (i = 0; i < doc->nentries; i++)
		if (put_concept(w, &doc->entries[i]) < 0)
			return GLOSSA_ERROR;
	/* Closes body, text and tbx. */
	if (xmlTextWriterEndDocument(w) < 0)
		return GLOSSA_ERROR;
	return 0;
}

/* The first code point of s that XML 1.0 cannot carry (controls but tab
 * and line breaks, U+FFFE, U+FFFF), or -1. Validation keeps them out of
 * a glossary; an older glossary may still hold one, and a TBX file with
 * it could not be read back. */
static long xml_bad_char(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++) {
		if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
			return *p;
		if (p[0] == 0xEF && p[1] == 0xBF &&
		    (p[2] == 0xBE || p[2] == 0xBF))
			return p[2] == 0xBE ? 0xFFFE : 0xFFFF;
	}
	return -1;
}

static int check_xml_text(const glossa_entry *e, const char *what,
	const char *s)
{
	long c = xml_bad_char(s);

	if (c < 0)
		return 0;
	return glossa_error__set(GLOSSA_ERRCLASS_INVALID, GLOSSA_EINVALID,
		"entry %s: its %s holds U+%04lX, which XML (TBX) cannot carry; correct the entry first",
		e->key, what, (unsigned long)c);
}

int glossa_fmt__tbx_write(glossa_buf *out, const glossa_doc *doc)
{
	xmlBufferPtr xb = NULL;
	xmlTextWriterPtr w = NULL;
	size_t i;
	int error = 0;

	/* The type table is indexed by form type: refuse anything else
	 * rather than read past it. */
	for (i = 0; i < doc->nentries; i++) {
		const glossa_entry *e = &doc->entries[i];
		size_t j;

		if ((error = check_xml_text(e, "note", e->note)) < 0)
			return error;
		for (j = 0; j < e->nforms; j++) {
			const glossa_form *f = &e->forms[j];

			if ((unsigned)f->type > GLOSSA_FORM_EXCEPTION)
				return glossa_error__set(
					GLOSSA_ERRCLASS_INVALID,
					GLOSSA_EINVALID,
					"entry %s: unknown form type", e->key);
			if ((error = check_xml_text(e, "form", f->text)) < 0 ||
			    (error = check_xml_text(e, "form's note",
					f->note)) < 0 ||
			    (error = check_xml_text(e, "target form",
					f->becomes)) < 0)
				return error;
		}
	}
	if ((xb = xmlBufferCreate()) == NULL ||
	    (w = xmlNewTextWriterMemory(xb, 0)) == NULL) {
		error = glossa_error__nomem();
		goto done;
	}
	if (put_document(w, doc) < 0) {
		error = writer_failed();
		goto done;
	}
	/* Flush what the writer still holds into the buffer. */
	xmlFreeTextWriter(w);
	w = NULL;
	error = glossa_buf_put(out, (const char *)xmlBufferContent(xb),
		(size_t)xmlBufferLength(xb));

done:
	xmlFreeTextWriter(w);
	xmlBufferFree(xb);
	return error;
}
