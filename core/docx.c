/*
 * Word documents (.docx): the body as text, and edits and notes on that
 * text carried back into the runs (include/glossa/docx.h).
 *
 * The zip archive is read with libzip from a copy of the file's bytes;
 * word/document.xml is parsed with libxml2 into a tree that is kept.
 * Reading the body makes "pieces": each is a w:t (its text) or a w:tab,
 * w:br, w:cr or w:noBreakHyphen (one character), with its run and where
 * its bytes lie in the text. An edit of the text is then an edit of the
 * pieces it covers. A new archive is written by libzip over the same
 * bytes: only the members that changed are replaced; libzip copies every
 * other one as it was, compressed data and all.
 *
 * This module knows nothing of names: the caller fixes or checks the
 * text (glossa fix and check do, in the CLI).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>
#include "internal.h"
#include "xmlguard.h"

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define W_NS_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define DOCUMENT "word/document.xml"  /* where the body usually is */
#define ROOT_RELS "_rels/.rels"
#define REL_MAIN \
	"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
#define CONTENT_TYPES "[Content_Types].xml"
#define REL_NS "http://schemas.openxmlformats.org/package/2006/relationships"
#define CT_NS "http://schemas.openxmlformats.org/package/2006/content-types"
#define REL_COMMENTS \
	"http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
#define CT_COMMENTS \
	"application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"

/* What a piece of the text is. */
typedef enum {
	PIECE_T = 0,   /* a w:t: its text */
	PIECE_CHAR     /* a w:tab, w:br, w:cr, w:noBreakHyphen: one character */
} piece_kind;

typedef struct {
	size_t start, len;  /* its bytes in the text */
	xmlNode *node;      /* the w:t or the element */
	xmlNode *run;       /* its w:r */
	piece_kind kind;
	unsigned part;      /* in which part (0: the body) */
} piece;

/* A part of the document whose text is read: the body's, then the
 * footnotes, endnotes, headers and footers. */
typedef struct {
	char *name;
	xmlDoc *doc;
	bool changed;
} doc_part;

struct glossa_docx {
	char *source;
	char *zip;             /* the file's bytes */
	size_t ziplen;
	char *main;            /* the body's part: word/document.xml */
	char *main_rels;       /* its relationships: word/_rels/...rels */
	xmlDoc *doc;           /* the part being read or changed */
	doc_part *parts;       /* parts[0]: the body's */
	size_t nparts, aparts;
	time_t doc_mtime;      /* its time: also that of a member added */
	glossa_buf text;
	piece *pieces;
	size_t npieces, apieces;
	size_t nparas;
	size_t nbody;          /* of which the body's */
	long next_id;          /* a w:id no annotation uses yet */
	bool written;          /* the tree was changed: write once */
};

static int docx_error(const glossa_docx *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int docx_error(const glossa_docx *d, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return glossa_error__set(GLOSSA_ERRCLASS_INVALID, GLOSSA_EINVALID,
		"%s: %s", d->source, msg);
}

/* ---- the archive ---- */

typedef struct {
	zip_source_t *src;
	zip_t *za;
} archive;

static void archive_close(archive *a)
{
	if (a->za)
		zip_discard(a->za);
	else if (a->src)
		zip_source_free(a->src);
	a->za = NULL;
	a->src = NULL;
}

/* Open the file's bytes as an archive (`write`: to be changed; the
 * source is kept after the archive is closed, to read the result). */
static int archive_open(archive *a, const glossa_docx *d, bool write)
{
	zip_error_t ze;
	int rc;

	memset(a, 0, sizeof(*a));
	zip_error_init(&ze);
	if ((a->src = zip_source_buffer_create(d->zip, d->ziplen, 0,
			&ze)) == NULL) {
		zip_error_fini(&ze);
		return glossa_error__nomem();
	}
	if ((a->za = zip_open_from_source(a->src, write ? 0 : ZIP_RDONLY,
			&ze)) == NULL) {
		rc = zip_error_code_zip(&ze) == ZIP_ER_MEMORY ?
			glossa_error__nomem() :
			docx_error(d, "not a Word document (.docx): %s",
				zip_error_code_zip(&ze) == ZIP_ER_NOZIP ?
				"not a zip archive" : zip_error_strerror(&ze));
		zip_error_fini(&ze);
		zip_source_free(a->src);
		a->src = NULL;
		return rc;
	}
	zip_error_fini(&ze);
	if (write)
		zip_source_keep(a->src);
	return 0;
}

/* Every member: not encrypted, and all of them together not too big. */
static int archive_check(const glossa_docx *d, zip_t *za)
{
	zip_int64_t n = zip_get_num_entries(za, 0), i;
	zip_uint64_t total = 0;
	zip_stat_t st;

	if (n < 0 || n > GLOSSA_DOCX_MAX_MEMBERS)
		return docx_error(d,
			"the archive has more than %d members; not read",
			GLOSSA_DOCX_MAX_MEMBERS);
	for (i = 0; i < n; i++) {
		if (zip_stat_index(za, (zip_uint64_t)i, 0, &st) < 0)
			return docx_error(d, "member %lld cannot be read: %s",
				(long long)i, zip_strerror(za));
		if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
		    st.encryption_method != ZIP_EM_NONE)
			return docx_error(d,
				"%s is encrypted; glossa reads no encrypted document",
				st.name ? st.name : "a member");
		if (st.valid & ZIP_STAT_SIZE)
			total += st.size;
		if (total > GLOSSA_DOCX_MAX_UNPACKED)
			return docx_error(d,
				"unpacks to more than %u MB; not read (a zip bomb?)",
				GLOSSA_DOCX_MAX_UNPACKED >> 20);
	}
	return 0;
}

/* A member's bytes into out (NUL-terminated); GLOSSA_ENOTFOUND (no error
 * set) when there is none. */
static int archive_read(glossa_buf *out, const glossa_docx *d, zip_t *za,
	const char *name, zip_stat_t *stp)
{
	zip_int64_t idx = zip_name_locate(za, name, 0), got;
	zip_stat_t st;
	zip_file_t *zf;
	int rc = 0;

	if (idx < 0)
		return GLOSSA_ENOTFOUND;
	if (zip_stat_index(za, (zip_uint64_t)idx, 0, &st) < 0 ||
	    !(st.valid & ZIP_STAT_SIZE))
		return docx_error(d, "%s cannot be read: %s", name,
			zip_strerror(za));
	if (st.size > GLOSSA_DOCX_MAX_UNPACKED)
		return docx_error(d, "%s unpacks to more than %u MB; not read",
			name, GLOSSA_DOCX_MAX_UNPACKED >> 20);
	if (glossa_buf_grow(out, (size_t)st.size + 1) < 0)
		return GLOSSA_ERROR;
	if ((zf = zip_fopen_index(za, (zip_uint64_t)idx, 0)) == NULL)
		return docx_error(d, "%s cannot be read: %s", name,
			zip_strerror(za));
	got = zip_fread(zf, out->ptr + out->size, st.size);
	if (got < 0 || (zip_uint64_t)got != st.size)
		rc = docx_error(d, "%s cannot be read: %s", name,
			got < 0 ? zip_file_strerror(zf) : "it is cut short");
	zip_fclose(zf);
	if (rc < 0)
		return rc;
	out->size += (size_t)got;
	out->ptr[out->size] = '\0';
	if (stp)
		*stp = st;
	return 0;
}

/* ---- XML ---- */

static bool in_w(const xmlNode *n)
{
	return n->ns && n->ns->href &&
		(xmlStrEqual(n->ns->href, BAD_CAST W_NS) ||
		 xmlStrEqual(n->ns->href, BAD_CAST W_NS_STRICT));
}

static bool is_w(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && in_w(n) &&
		xmlStrEqual(n->name, BAD_CAST name);
}

/*
 * libxml2 (2.9) checks a start tag's attributes for duplicates pair by
 * pair: one element with 100,000 attributes costs half a minute before
 * any of our code runs (fmt_tbx.c guards TBX files the same way). Word
 * writes a few dozen at most, so a start tag with more than MAX_ATTRS
 * (an '=' outside a quoted value) is refused before libxml2 sees the
 * part. Comments, CDATA sections and processing instructions are skipped
 * whole.
 */
#define MAX_ATTRS 256

static int prescan(const glossa_docx *d, const char *name, const char *p,
	size_t len)
{
	const char *end = p + len, *lt, *close, *t, *from = p;
	unsigned line = 1;

	while ((lt = memchr(p, '<', (size_t)(end - p))) != NULL) {
		size_t rest = (size_t)(end - lt), nattr;

		close = NULL;
		if (rest >= 4 && memcmp(lt, "<!--", 4) == 0)
			close = memmem(lt + 4, rest - 4, "-->", 3);
		else if (rest >= 9 && memcmp(lt, "<![CDATA[", 9) == 0)
			close = memmem(lt + 9, rest - 9, "]]>", 3);
		else if (rest >= 2 && lt[1] == '?')
			close = memmem(lt + 2, rest - 2, "?>", 2);
		if (close || (rest >= 2 && (lt[1] == '!' || lt[1] == '?'))) {
			if (close == NULL)
				return 0;  /* cut short: the parser says so */
			p = close + 1;
			continue;
		}
		nattr = glossa_xml__count_attrs(lt, end, &t);
		if (nattr > MAX_ATTRS) {
			for (; from < lt; from++)
				line += *from == '\n';
			return docx_error(d,
				"%s:%u: an element with more than %d attributes; not read",
				name, line, MAX_ATTRS);
		}
		if (t >= end)
			return 0;
		p = *t == '<' ? t : t + 1;  /* a '<' opens the next tag */
	}
	return 0;
}

/* A member's XML. Word writes no DOCTYPE, and one could only bring
 * entities: refused. NONET and no NOENT: nothing outside is read. */
static int parse_xml(xmlDoc **out, const glossa_docx *d, const char *name,
	const glossa_buf *b)
{
	glossa_xml_first_error first = { 0, "" };
	xmlParserCtxtPtr ctxt;
	xmlDoc *x;
	int rc;

	*out = NULL;
	if (b->size > INT_MAX)
		return docx_error(d, "%s is too large", name);
	if (b->size > 0 && memmem(b->ptr, b->size, "<!DOCTYPE", 9) != NULL)
		return docx_error(d, "%s: a DOCTYPE is not allowed in a Word document",
			name);
	if (b->size > 0 && (rc = prescan(d, name, b->ptr, b->size)) < 0)
		return rc;
	if ((ctxt = xmlNewParserCtxt()) == NULL)
		return glossa_error__nomem();
	ctxt->_private = &first;
	ctxt->sax->serror = glossa_xml__keep_first_error;
	x = xmlCtxtReadMemory(ctxt, b->ptr ? b->ptr : "", (int)b->size, name,
		NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
		XML_PARSE_BIG_LINES);
	if (x == NULL || !ctxt->wellFormed) {
		if (first.line == 0)
			glossa_xml__keep_first_error(ctxt, xmlCtxtGetLastError(ctxt));
		xmlFreeDoc(x);
		xmlFreeParserCtxt(ctxt);
		return docx_error(d, "%s:%d: malformed XML: %s", name,
			first.line ? first.line : 1,
			first.msg[0] ? first.msg : "not well-formed");
	}
	xmlFreeParserCtxt(ctxt);
	*out = x;
	return 0;
}

static bool is_el(const xmlNode *n, const char *ns, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
		xmlStrEqual(n->ns->href, BAD_CAST ns) &&
		xmlStrEqual(n->name, BAD_CAST name);
}

static bool attr_is(xmlNode *n, const char *name, const char *value,
	bool suffix)
{
	xmlChar *v = xmlGetNoNsProp(n, BAD_CAST name);
	bool same = false;

	if (v && suffix) {
		size_t lv = strlen((char *)v), ls = strlen(value);

		same = lv >= ls && strcmp((char *)v + lv - ls, value) == 0;
	} else if (v) {
		same = strcmp((char *)v, value) == 0;
	}
	xmlFree(v);
	return same;
}

/* ---- reading the body ---- */

static int add_piece(glossa_docx *d, xmlNode *node, xmlNode *run,
	piece_kind kind, const char *s, size_t len)
{
	piece *p;

	if (len == 0)
		return 0;
	if (glossa__grow((void **)&d->pieces, &d->apieces, d->npieces + 1,
			sizeof(piece)) < 0)
		return GLOSSA_ERROR;
	p = &d->pieces[d->npieces++];
	p->start = d->text.size;
	p->len = len;
	p->node = node;
	p->run = run;
	p->kind = kind;
	p->part = (unsigned)(d->nparts - 1);
	return glossa_buf_put(&d->text, s, len);
}

static int read_run(glossa_docx *d, xmlNode *run)
{
	xmlNode *c;
	int rc = 0;

	for (c = run->children; c && rc == 0; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || !in_w(c))
			continue;
		if (is_w(c, "t")) {
			xmlChar *v = xmlNodeGetContent(c);

			if (v == NULL && c->children != NULL)
				return glossa_error__nomem();
			/* A line end in a w:t is a space to Word; here
			 * too, so that a line is a paragraph. */
			if (v) {
				char *q;

				for (q = (char *)v; *q; q++)
					if (*q == '\n' || *q == '\r')
						*q = ' ';
				rc = add_piece(d, c, run, PIECE_T,
					(const char *)v, strlen((char *)v));
			}
			xmlFree(v);
		} else if (is_w(c, "tab") || is_w(c, "ptab")) {
			rc = add_piece(d, c, run, PIECE_CHAR, "\t", 1);
		} else if (is_w(c, "br") || is_w(c, "cr")) {
			rc = add_piece(d, c, run, PIECE_CHAR, "\xe2\x80\xa8", 3);
		} else if (is_w(c, "noBreakHyphen")) {
			rc = add_piece(d, c, run, PIECE_CHAR, "\xe2\x80\x91", 3);
		}
		/* w:sym, w:softHyphen, w:delText, w:instrText, drawings,
		 * text boxes, references: not prose. */
	}
	return rc;
}

/* What a paragraph holds (the containers whose runs are its text). */
static int read_inline(glossa_docx *d, xmlNode *parent)
{
	static const char *const descend[] = { "hyperlink", "ins", "moveTo",
		"fldSimple", "smartTag", "customXml", "sdt", "sdtContent", "dir",
		"bdo" };
	xmlNode *c;
	size_t i;
	int rc = 0;

	for (c = parent->children; c && rc == 0; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || !in_w(c))
			continue;
		if (is_w(c, "r")) {
			rc = read_run(d, c);
			continue;
		}
		for (i = 0; i < sizeof(descend) / sizeof(descend[0]); i++)
			if (xmlStrEqual(c->name, BAD_CAST descend[i])) {
				rc = read_inline(d, c);
				break;
			}
	}
	return rc;
}

static int read_blocks(glossa_docx *d, xmlNode *parent)
{
	xmlNode *c;
	int rc = 0;

	for (c = parent->children; c && rc == 0; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_w(c, "p")) {
			d->nparas++;
			if ((rc = read_inline(d, c)) == 0 &&
			    glossa_buf_put(&d->text, "\n", 1) < 0)
				rc = GLOSSA_ERROR;
		} else if (in_w(c) && !is_w(c, "del") && !is_w(c, "moveFrom") &&
			   !is_w(c, "sectPr")) {
			/* Tables, rows, cells, content controls. */
			rc = read_blocks(d, c);
		}
	}
	return rc;
}

/* The largest w:id in the tree, so that new ones are unique. */
static void scan_ids(xmlNode *n, long *max)
{
	for (; n; n = n->next) {
		xmlAttr *a;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		for (a = n->properties; a; a = a->next)
			if (a->ns && a->ns->href && xmlStrEqual(a->name,
					BAD_CAST "id") &&
			    (xmlStrEqual(a->ns->href, BAD_CAST W_NS) ||
			     xmlStrEqual(a->ns->href, BAD_CAST W_NS_STRICT))) {
				xmlChar *v = xmlNodeListGetString(n->doc,
					a->children, 1);
				long id = v ? strtol((char *)v, NULL, 10) : 0;

				if (id > *max && id < LONG_MAX / 2)
					*max = id;
				xmlFree(v);
			}
		scan_ids(n->children, max);
	}
}

/*
 * The body's part: the target of the package's officeDocument
 * relationship (_rels/.rels), usually word/document.xml (some Word
 * versions write word/document2.xml); its relationships are in _rels/
 * beside it.
 */
static int find_main(glossa_docx *d, zip_t *za)
{
	glossa_buf b = GLOSSA_BUF_INIT;
	xmlDoc *rels = NULL;
	xmlNode *c;
	char *target = NULL;
	const char *slash;
	int rc = archive_read(&b, d, za, ROOT_RELS, NULL);

	if (rc == 0 && (rc = parse_xml(&rels, d, ROOT_RELS, &b)) == 0 &&
	    is_el(xmlDocGetRootElement(rels), REL_NS, "Relationships"))
		for (c = xmlDocGetRootElement(rels)->children; c; c = c->next)
			if (is_el(c, REL_NS, "Relationship") &&
			    attr_is(c, "Type", REL_MAIN, false) && target == NULL)
				target = (char *)xmlGetNoNsProp(c, BAD_CAST "Target");
	glossa_buf_dispose(&b);
	xmlFreeDoc(rels);
	if (rc < 0 && rc != GLOSSA_ENOTFOUND) {
		xmlFree(target);
		return rc;
	}
	/* Only a plain member name; anything else, the usual place. */
	d->main = glossa__strdup(target && target[0] && !strstr(target, "..") &&
		!strchr(target, ':') && zip_name_locate(za, target +
			(target[0] == '/'), 0) >= 0 ? target + (target[0] == '/') :
		DOCUMENT);
	xmlFree(target);
	if (d->main == NULL)
		return GLOSSA_ERROR;
	slash = strrchr(d->main, '/');
	if (glossa_buf_printf(&b, "%.*s_rels/%s.rels",
			slash ? (int)(slash - d->main + 1) : 0, d->main,
			slash ? slash + 1 : d->main) < 0)
		return GLOSSA_ERROR;
	d->main_rels = b.ptr;
	return 0;
}

static int add_part(glossa_docx *d, const char *name)
{
	doc_part *p;

	if (glossa__grow((void **)&d->parts, &d->aparts, d->nparts + 1,
			sizeof(doc_part)) < 0)
		return GLOSSA_ERROR;
	p = &d->parts[d->nparts];
	memset(p, 0, sizeof(*p));
	if ((p->name = glossa__strdup(name)) == NULL)
		return GLOSSA_ERROR;
	d->nparts++;
	return 0;
}

static bool has_part(const glossa_docx *d, const char *name)
{
	size_t i;

	for (i = 0; i < d->nparts; i++)
		if (strcmp(d->parts[i].name, name) == 0)
			return true;
	return false;
}

/*
 * After the body, the footnotes, endnotes, headers and footers its
 * relationships name, in that order (a separator "note" has no text):
 * their paragraphs are lines after the body's.
 */
static int read_notes(glossa_docx *d, zip_t *za)
{
	static const struct {
		const char *type, *root, *item;
	} kinds[] = {
		{ "/footnotes", "footnotes", "footnote" },
		{ "/endnotes", "endnotes", "endnote" },
		{ "/header", "hdr", NULL },
		{ "/footer", "ftr", NULL },
	};
	glossa_buf b = GLOSSA_BUF_INIT, name = GLOSSA_BUF_INIT;
	xmlDoc *rels = NULL;
	xmlNode *c, *root;
	const char *slash = strrchr(d->main, '/');
	size_t k;
	int rc = archive_read(&b, d, za, d->main_rels, NULL);

	if (rc == GLOSSA_ENOTFOUND)
		return 0;
	if (rc < 0 || (rc = parse_xml(&rels, d, d->main_rels, &b)) < 0)
		goto out;
	root = xmlDocGetRootElement(rels);
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]) && rc == 0; k++)
		for (c = root ? root->children : NULL; c && rc == 0;
				c = c->next) {
			xmlChar *t;
			xmlNode *r, *x;

			if (!is_el(c, REL_NS, "Relationship") ||
			    !attr_is(c, "Type", kinds[k].type, true) ||
			    attr_is(c, "TargetMode", "External", false) ||
			    (t = xmlGetNoNsProp(c, BAD_CAST "Target")) == NULL)
				continue;
			glossa_buf_clear(&name);
			glossa_buf_clear(&b);
			if (t[0] == '/')
				rc = glossa_buf_puts(&name, (char *)t + 1);
			else
				rc = glossa_buf_printf(&name, "%.*s%s",
					slash ? (int)(slash - d->main + 1) : 0,
					d->main, (char *)t);
			xmlFree(t);
			if (rc < 0)
				break;
			if (strstr(name.ptr, "..") != NULL || has_part(d, name.ptr))
				continue;  /* each part once: one tree per member */
			rc = archive_read(&b, d, za, name.ptr, NULL);
			if (rc == GLOSSA_ENOTFOUND) {
				rc = 0;
				continue;
			}
			if (rc < 0 || (rc = add_part(d, name.ptr)) < 0 ||
			    (rc = parse_xml(&d->parts[d->nparts - 1].doc, d,
					name.ptr, &b)) < 0)
				break;
			d->doc = d->parts[d->nparts - 1].doc;
			r = xmlDocGetRootElement(d->doc);
			if (!is_w(r, kinds[k].root))
				continue;
			if (kinds[k].item == NULL) {
				rc = read_blocks(d, r);
				continue;
			}
			for (x = r->children; x && rc == 0; x = x->next)
				if (is_w(x, kinds[k].item) &&
				    !xmlHasNsProp(x, BAD_CAST "type", x->ns->href))
					rc = read_blocks(d, x);
		}
out:
	xmlFreeDoc(rels);
	glossa_buf_dispose(&b);
	glossa_buf_dispose(&name);
	return rc;
}

int glossa_docx_open(glossa_docx **out, const char *data, size_t len,
	const char *source)
{
	glossa_docx *d;
	glossa_buf xml = GLOSSA_BUF_INIT;
	archive a;
	zip_stat_t st;
	xmlNode *root, *body = NULL, *c;
	long max = 0;
	size_t i;
	int rc;

	*out = NULL;
	if ((d = glossa__calloc(1, sizeof(*d))) == NULL)
		return GLOSSA_ERROR;
	if ((d->source = glossa__strdup(source ? source : "<stdin>")) == NULL ||
	    (d->zip = glossa__malloc(len ? len : 1)) == NULL) {
		glossa_docx_free(d);
		return GLOSSA_ERROR;
	}
	if (len)
		memcpy(d->zip, data, len);
	d->ziplen = len;
	if ((rc = archive_open(&a, d, false)) < 0) {
		glossa_docx_free(d);
		return rc;
	}
	if ((rc = archive_check(d, a.za)) < 0)
		goto out;
	if ((rc = find_main(d, a.za)) < 0)
		goto out;
	rc = archive_read(&xml, d, a.za, d->main, &st);
	if (rc == GLOSSA_ENOTFOUND) {
		rc = docx_error(d, "not a Word document (.docx): no %s in the archive",
			d->main);
		goto out;
	}
	if (rc < 0)
		goto out;
	d->doc_mtime = (st.valid & ZIP_STAT_MTIME) ? st.mtime : time(NULL);
	if ((rc = add_part(d, d->main)) < 0 ||
	    (rc = parse_xml(&d->doc, d, d->main, &xml)) < 0)
		goto out;
	d->parts[0].doc = d->doc;
	root = xmlDocGetRootElement(d->doc);
	for (c = root ? root->children : NULL; c; c = c->next)
		if (is_w(c, "body"))
			body = c;
	if (!is_w(root, "document") || body == NULL) {
		rc = docx_error(d, "%s has no <w:document><w:body>", d->main);
		goto out;
	}
	if ((rc = read_blocks(d, body)) < 0)
		goto out;
	d->nbody = d->nparas;
	if ((rc = read_notes(d, a.za)) < 0)
		goto out;
	if (d->text.ptr == NULL && glossa_buf_put(&d->text, "", 0) < 0) {
		rc = GLOSSA_ERROR;
		goto out;
	}
	for (i = 0; i < d->nparts; i++)
		scan_ids(xmlDocGetRootElement(d->parts[i].doc), &max);
	d->doc = d->parts[0].doc;
	d->next_id = max + 1;
	rc = 0;
out:
	archive_close(&a);
	glossa_buf_dispose(&xml);
	if (rc < 0)
		glossa_docx_free(d);
	else
		*out = d;
	return rc;
}

const char *glossa_docx_text(const glossa_docx *d, size_t *len)
{
	if (len)
		*len = d->text.size;
	return d->text.ptr;
}

size_t glossa_docx_paragraphs(const glossa_docx *d)
{
	return d->nparas;
}

void glossa_docx_free(glossa_docx *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->nparts; i++) {
		xmlFreeDoc(d->parts[i].doc);
		free(d->parts[i].name);
	}
	free(d->parts);
	glossa_buf_dispose(&d->text);
	free(d->pieces);
	free(d->zip);
	free(d->source);
	free(d->main);
	free(d->main_rels);
	free(d);
}

/* ---- changing the tree ---- */

/* The first piece that ends after `off`. */
static size_t piece_at(const glossa_docx *d, size_t off)
{
	size_t lo = 0, hi = d->npieces;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (d->pieces[mid].start + d->pieces[mid].len <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Can [s, e) be edited: in one paragraph, not empty, its ends inside a
 * w:t or between pieces? *first and *last receive its pieces.
 */
static bool span_ok(const glossa_docx *d, size_t s, size_t e, size_t *first,
	size_t *last)
{
	size_t i, j;

	if (s >= e || e > d->text.size ||
	    memchr(d->text.ptr + s, '\n', e - s) != NULL)
		return false;
	i = piece_at(d, s);
	j = piece_at(d, e - 1);
	if (i >= d->npieces || j >= d->npieces || d->pieces[i].start > s ||
	    d->pieces[j].start >= e)
		return false;
	if (d->pieces[i].kind == PIECE_CHAR && d->pieces[i].start != s)
		return false;
	if (d->pieces[j].kind == PIECE_CHAR &&
	    d->pieces[j].start + d->pieces[j].len != e)
		return false;
	*first = i;
	*last = j;
	return true;
}

static xmlNs *w_ns(const glossa_docx *d)
{
	return xmlDocGetRootElement(d->doc)->ns;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A w:t's (or w:delText's) text, with xml:space="preserve" where it
 * begins or ends with a space (Word drops them otherwise). */
static int set_text(xmlNode *node, const char *s, size_t len)
{
	xmlNode *t;

	while (node->children) {
		t = node->children;
		xmlUnlinkNode(t);
		xmlFreeNode(t);
	}
	if (len > 0) {
		if (len > INT_MAX || (t = xmlNewTextLen(BAD_CAST s,
				(int)len)) == NULL)
			return glossa_error__nomem();
		xmlAddChild(node, t);
		if (is_space(s[0]) || is_space(s[len - 1]))
			xmlNodeSetSpacePreserve(node, 1);
	}
	return 0;
}

static int get_text(char **out, size_t *len, xmlNode *node)
{
	xmlChar *v = xmlNodeGetContent(node);

	if (v == NULL && node->children != NULL)
		return glossa_error__nomem();
	*out = (char *)v;
	*len = v ? strlen((char *)v) : 0;
	return 0;
}

static xmlNode *new_w(const glossa_docx *d, const char *name)
{
	xmlNode *n = xmlNewDocNode(d->doc, w_ns(d), BAD_CAST name, NULL);

	if (n == NULL)
		glossa_error__nomem();
	return n;
}

/*
 * A copy of an element for this document, its namespaces those declared
 * at the root (a copy by xmlDocCopyNode() would declare them again on
 * itself). `deep`: with its content.
 */
static xmlNode *copy_el(const glossa_docx *d, const xmlNode *src, bool deep)
{
	xmlNode *root = xmlDocGetRootElement(d->doc), *n, *c;
	xmlNs *ns = NULL;
	xmlAttr *a;

	if (src->type != XML_ELEMENT_NODE ||
	    (src->ns && (ns = xmlSearchNsByHref(d->doc, root,
			src->ns->href)) == NULL))
		return xmlDocCopyNode((xmlNode *)src, d->doc, deep ? 1 : 2);
	if ((n = xmlNewDocNode(d->doc, ns, src->name, NULL)) == NULL)
		return NULL;
	for (a = src->properties; a; a = a->next) {
		xmlNs *ans = NULL;
		xmlChar *v = xmlNodeListGetString(src->doc, a->children, 1);

		if (a->ns && (ans = xmlSearchNsByHref(d->doc, root,
				a->ns->href)) == NULL)
			ans = xmlNewNs(n, a->ns->href, a->ns->prefix);
		if ((a->ns && ans == NULL) || xmlNewNsProp(n, ans, a->name,
				v ? v : BAD_CAST "") == NULL) {
			xmlFree(v);
			xmlFreeNode(n);
			return NULL;
		}
		xmlFree(v);
	}
	for (c = deep ? src->children : NULL; c; c = c->next) {
		xmlNode *k = copy_el(d, c, true);

		if (k == NULL) {
			xmlFreeNode(n);
			return NULL;
		}
		xmlAddChild(n, k);
	}
	return n;
}

/* Does the run hold anything but its properties? */
static bool run_empty(const xmlNode *run)
{
	const xmlNode *c;

	for (c = run->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && !is_w(c, "rPr"))
			return false;
	return true;
}

static int keep_run(xmlNode ***runs, size_t *n, size_t *a, xmlNode *run)
{
	if (*n > 0 && (*runs)[*n - 1] == run)
		return 0;
	if (glossa__grow((void **)runs, a, *n + 1, sizeof(xmlNode *)) < 0)
		return GLOSSA_ERROR;
	(*runs)[(*n)++] = run;
	return 0;
}

/*
 * Plain edits, in one pass over the pieces in text order: each w:t an
 * edit touches is rebuilt once (its text outside the edits, the new text
 * where an edit starts), so that many edits in one long w:t cost its
 * length once, not once per edit. A tab, break or hyphen element an edit
 * covers goes (an edit that starts at one puts its text in a new w:t
 * before it). Runs left empty are swept afterwards.
 */
typedef struct {
	glossa_docx *d;
	size_t cur;          /* the piece being rebuilt, or SIZE_MAX */
	char *old;           /* its text as it was */
	size_t olen, pos;    /* and how much of it is consumed */
	glossa_buf nb;       /* its new text */
	xmlNode **runs;      /* runs touched */
	size_t nruns, aruns;
	xmlNode **gone;      /* elements to remove */
	size_t ngone, agone;
} plain_pass;

static int plain_flush(plain_pass *pp)
{
	piece *p;
	int rc = 0;

	if (pp->cur == SIZE_MAX)
		return 0;
	p = &pp->d->pieces[pp->cur];
	if (p->kind == PIECE_T) {
		if (glossa_buf_put(&pp->nb, pp->old ? pp->old + pp->pos : "",
				pp->olen - pp->pos) < 0)
			rc = GLOSSA_ERROR;
		else
			rc = set_text(p->node, pp->nb.ptr ? pp->nb.ptr : "",
				pp->nb.size);
	}
	xmlFree(pp->old);
	pp->old = NULL;
	pp->olen = pp->pos = 0;
	glossa_buf_clear(&pp->nb);
	pp->cur = SIZE_MAX;
	return rc;
}

static int plain_edit(plain_pass *pp, const glossa_docx_edit *e, size_t i0,
	size_t i1)
{
	glossa_docx *d = pp->d;
	size_t k;
	int rc;

	for (k = i0; k <= i1; k++) {
		piece *p = &d->pieces[k];
		size_t a = (e->start > p->start ? e->start : p->start) - p->start;
		size_t b = (e->end < p->start + p->len ? e->end :
			p->start + p->len) - p->start;

		if (k != pp->cur) {
			if ((rc = plain_flush(pp)) < 0)
				return rc;
			pp->cur = k;
			if (p->kind == PIECE_T &&
			    (rc = get_text(&pp->old, &pp->olen, p->node)) < 0)
				return rc;
		}
		if ((rc = keep_run(&pp->runs, &pp->nruns, &pp->aruns,
				p->run)) < 0)
			return rc;
		if (p->kind == PIECE_T) {
			if (b > pp->olen)  /* cannot be: the pieces are the text */
				b = pp->olen;
			if (a < pp->pos)
				a = pp->pos;
			if (glossa_buf_put(&pp->nb, pp->old ? pp->old + pp->pos :
					"", a - pp->pos) < 0 ||
			    (k == i0 && glossa_buf_put(&pp->nb, e->text,
					e->len) < 0))
				return GLOSSA_ERROR;
			pp->pos = b;
			continue;
		}
		if (k == i0 && e->len > 0) {
			xmlNode *t = new_w(d, "t");

			if (t == NULL)
				return GLOSSA_ERROR;
			if ((rc = set_text(t, e->text, e->len)) < 0) {
				xmlFreeNode(t);
				return rc;
			}
			xmlAddPrevSibling(p->node, t);
		}
		if (glossa__grow((void **)&pp->gone, &pp->agone, pp->ngone + 1,
				sizeof(xmlNode *)) < 0)
			return GLOSSA_ERROR;
		pp->gone[pp->ngone++] = p->node;
	}
	return 0;
}

/* The attributes of a revision or a comment. */
static int set_mark(const glossa_docx *d, xmlNode *n, long id,
	const char *author, const char *date)
{
	char num[32];

	snprintf(num, sizeof(num), "%ld", id);
	if (xmlNewNsProp(n, w_ns(d), BAD_CAST "id", BAD_CAST num) == NULL ||
	    xmlNewNsProp(n, w_ns(d), BAD_CAST "author", BAD_CAST author) == NULL ||
	    xmlNewNsProp(n, w_ns(d), BAD_CAST "date", BAD_CAST date) == NULL)
		return glossa_error__nomem();
	return 0;
}

/*
 * Split `run` before byte `k` of its child `c` (a piece's node): what
 * follows goes into a new run after it, with the same properties. Returns
 * the run that starts at that point: `run` itself when nothing of its
 * content comes before, NULL (and *none) when nothing comes after.
 */
static int split_run(xmlNode **out, const glossa_docx *d, xmlNode *run,
	xmlNode *c, size_t k, size_t *clen)
{
	xmlNode *from = c, *n, *r2, *x, *tx = c->children;
	bool before = false;

	*out = NULL;
	/*
	 * The usual w:t, one text node of our own (not in the parser's
	 * dictionary), whose length the piece keeps: the tail is copied
	 * and the node cut short where it is, so that splitting one long
	 * w:t at many places, from the end, costs its length once.
	 */
	if (is_w(c, "t") && tx && tx->next == NULL &&
	    tx->type == XML_TEXT_NODE && tx->content &&
	    !(c->doc->dict && xmlDictOwns(c->doc->dict, tx->content))) {
		if (k >= *clen) {
			from = c->next;
		} else if (k > 0) {
			xmlNode *t2 = new_w(d, "t");

			if (t2 == NULL || set_text(t2, (const char *)tx->content + k,
					*clen - k) < 0) {
				xmlFreeNode(t2);
				return glossa_error__nomem();
			}
			tx->content[k] = '\0';
			*clen = k;
			if (is_space((char)tx->content[k - 1]))
				xmlNodeSetSpacePreserve(c, 1);
			xmlAddNextSibling(c, t2);
			from = t2;
		}
	} else if (is_w(c, "t")) {
		char *s = NULL;
		size_t len = 0;
		int rc;

		if ((rc = get_text(&s, &len, c)) < 0)
			return rc;
		if (k < len && k > 0)
			*clen = k;
		if (k >= len) {
			from = c->next;
		} else if (k > 0) {
			xmlNode *t2 = new_w(d, "t");

			if (t2 == NULL || set_text(t2, s + k, len - k) < 0 ||
			    set_text(c, s, k) < 0) {
				xmlFreeNode(t2);
				xmlFree(s);
				return glossa_error__nomem();
			}
			xmlAddNextSibling(c, t2);
			from = t2;
		}
		xmlFree(s);
	} else if (k > 0) {
		from = c->next;
	}
	for (x = run->children; x && x != from; x = x->next)
		if (x->type == XML_ELEMENT_NODE && !is_w(x, "rPr"))
			before = true;
	if (from == NULL)
		return 0;
	if (!before) {
		*out = run;
		return 0;
	}
	if ((r2 = copy_el(d, run, false)) == NULL)
		return glossa_error__nomem();
	for (x = run->children; x; x = x->next)
		if (is_w(x, "rPr")) {
			xmlNode *rpr = copy_el(d, x, true);

			if (rpr == NULL) {
				xmlFreeNode(r2);
				return glossa_error__nomem();
			}
			xmlAddChild(r2, rpr);
			break;
		}
	for (x = from; x; x = n) {
		n = x->next;
		xmlUnlinkNode(x);
		xmlAddChild(r2, x);
	}
	xmlAddNextSibling(run, r2);
	*out = r2;
	return 0;
}

/* w:t becomes w:delText (and field code w:instrText w:delInstrText). */
static void make_deleted(xmlNode *run)
{
	xmlNode *c;

	for (c = run->children; c; c = c->next)
		if (is_w(c, "t"))
			xmlNodeSetName(c, BAD_CAST "delText");
		else if (is_w(c, "instrText"))
			xmlNodeSetName(c, BAD_CAST "delInstrText");
}

typedef struct {
	const char *author;
	char date[64];
} mark_info;

/*
 * A tracked edit: the covered part of each run split off into a run of
 * its own inside a w:del, and after the last of them a w:ins with a new
 * run (the properties of the run where the edit starts) holding the new
 * text.
 */
static int edit_tracked(glossa_docx *d, const glossa_docx_edit *e, size_t i0,
	size_t i1, const mark_info *mi)
{
	xmlNode *rpr = NULL, *x, *last_del = NULL;
	size_t k1 = i1 + 1;
	int rc = 0;

	for (x = d->pieces[i0].run->children; x; x = x->next)
		if (is_w(x, "rPr")) {
			if ((rpr = copy_el(d, x, true)) == NULL)
				return glossa_error__nomem();
			break;
		}
	/* The runs, last first: pieces k0..k1-1 share a run. */
	while (k1 > i0 && rc == 0) {
		size_t k0 = k1 - 1;
		piece *pa, *pb;
		xmlNode *run = d->pieces[k0].run, *after, *mid, *del;
		size_t a, b;

		while (k0 > i0 && d->pieces[k0 - 1].run == run)
			k0--;
		pa = &d->pieces[k0];
		pb = &d->pieces[k1 - 1];
		a = (e->start > pa->start ? e->start : pa->start) - pa->start;
		b = (e->end < pb->start + pb->len ? e->end :
			pb->start + pb->len) - pb->start;
		if ((rc = split_run(&after, d, run, pb->node, b,
				&pb->len)) < 0 ||
		    (rc = split_run(&mid, d, run, pa->node, a, &pa->len)) < 0)
			break;
		(void)after;
		if (mid == NULL) {  /* cannot be: [a, b) is not empty */
			rc = glossa_error__set(GLOSSA_ERRCLASS_INVALID,
				GLOSSA_ERROR, "%s: a run could not be split",
				d->source);
			break;
		}
		make_deleted(mid);
		if ((del = new_w(d, "del")) == NULL ||
		    set_mark(d, del, d->next_id++, mi->author, mi->date) < 0) {
			xmlFreeNode(del);
			rc = GLOSSA_ERROR;
			break;
		}
		xmlAddPrevSibling(mid, del);
		xmlUnlinkNode(mid);
		xmlAddChild(del, mid);
		if (last_del == NULL)
			last_del = del;
		k1 = k0;
	}
	if (rc == 0 && last_del && e->len > 0) {
		xmlNode *ins = new_w(d, "ins"), *r = new_w(d, "r"),
			*t = new_w(d, "t");

		if (ins == NULL || r == NULL || t == NULL ||
		    set_mark(d, ins, d->next_id++, mi->author, mi->date) < 0 ||
		    set_text(t, e->text, e->len) < 0) {
			xmlFreeNode(ins);
			xmlFreeNode(r);
			xmlFreeNode(t);
			xmlFreeNode(rpr);
			return GLOSSA_ERROR;
		}
		if (rpr) {
			xmlAddChild(r, rpr);
			rpr = NULL;
		}
		xmlAddChild(r, t);
		xmlAddChild(ins, r);
		xmlAddNextSibling(last_del, ins);
	}
	xmlFreeNode(rpr);
	return rc;
}

static int mark_init(mark_info *mi, const glossa_docx_options *opts)
{
	time_t now;
	struct tm tm;

	mi->author = opts && opts->author ? opts->author : "glossa";
	if (opts && opts->date) {
		snprintf(mi->date, sizeof(mi->date), "%s", opts->date);
		return 0;
	}
	now = time(NULL);
	if (gmtime_r(&now, &tm) == NULL ||
	    strftime(mi->date, sizeof(mi->date), "%Y-%m-%dT%H:%M:%SZ",
			&tm) == 0)
		return glossa_error__set(GLOSSA_ERRCLASS_OS, GLOSSA_ERROR,
			"cannot tell the date");
	return 0;
}

/* ---- writing the archive ---- */

typedef struct {
	const char *name;
	const char *data;
	size_t len;
} member;

/* The archive with members replaced (or added, for a name it lacks). */
static int write_archive(glossa_buf *out, const glossa_docx *d,
	const member *m, size_t n)
{
	archive a;
	zip_stat_t st;
	size_t i;
	int rc;

	if ((rc = archive_open(&a, d, true)) < 0)
		return rc;
	for (i = 0; i < n; i++) {
		zip_int64_t idx = zip_name_locate(a.za, m[i].name, 0);
		zip_source_t *zs = zip_source_buffer(a.za, m[i].data, m[i].len,
			0);
		zip_int32_t method = ZIP_CM_DEFLATE;
		time_t mtime = d->doc_mtime;

		if (zs == NULL)
			goto fail;
		if (idx >= 0) {
			if (zip_stat_index(a.za, (zip_uint64_t)idx, 0, &st) == 0) {
				if (st.valid & ZIP_STAT_COMP_METHOD)
					method = (zip_int32_t)st.comp_method;
				if (st.valid & ZIP_STAT_MTIME)
					mtime = st.mtime;
			}
			if (zip_file_replace(a.za, (zip_uint64_t)idx, zs, 0) < 0) {
				zip_source_free(zs);
				goto fail;
			}
		} else if ((idx = zip_file_add(a.za, m[i].name, zs, 0)) < 0) {
			zip_source_free(zs);
			goto fail;
		}
		if (zip_set_file_compression(a.za, (zip_uint64_t)idx, method,
				0) < 0 ||
		    zip_file_set_mtime(a.za, (zip_uint64_t)idx, mtime, 0) < 0)
			goto fail;
	}
	if (zip_close(a.za) < 0)
		goto fail;
	a.za = NULL;
	rc = 0;
	if (zip_source_open(a.src) < 0 || zip_source_stat(a.src, &st) < 0 ||
	    !(st.valid & ZIP_STAT_SIZE)) {
		rc = docx_error(d, "cannot write the archive: %s",
			zip_error_strerror(zip_source_error(a.src)));
	} else if (glossa_buf_grow(out, (size_t)st.size) < 0) {
		rc = GLOSSA_ERROR;
	} else {
		zip_int64_t got = zip_source_read(a.src, out->ptr + out->size,
			st.size);

		if (got < 0 || (zip_uint64_t)got != st.size)
			rc = docx_error(d, "cannot write the archive: %s",
				zip_error_strerror(zip_source_error(a.src)));
		else {
			out->size += (size_t)got;
			out->ptr[out->size] = '\0';
		}
	}
	zip_source_close(a.src);
	zip_source_free(a.src);
	return rc;
fail:
	rc = zip_error_code_zip(zip_get_error(a.za)) == ZIP_ER_MEMORY ?
		glossa_error__nomem() : docx_error(d, "cannot write the archive: %s",
		zip_strerror(a.za));
	zip_discard(a.za);
	zip_source_free(a.src);
	return rc;
}

static int dump_xml(glossa_buf *out, xmlDoc *doc)
{
	xmlChar *mem = NULL;
	int size = 0, rc = 0;

	xmlDocDumpMemoryEnc(doc, &mem, &size, "UTF-8");
	if (mem == NULL || size < 0)
		rc = glossa_error__nomem();
	else if (glossa_buf_put(out, (const char *)mem, (size_t)size) < 0)
		rc = GLOSSA_ERROR;
	xmlFree(mem);
	return rc;
}

static int ptr_cmp(const void *a, const void *b)
{
	const xmlNode *x = *(xmlNode *const *)a, *y = *(xmlNode *const *)b;

	return x < y ? -1 : x > y;
}

/* Runs left with nothing but their properties, and w:t left empty, go
 * (each once: an edit's runs may be another's). */
static void sweep(glossa_docx *d, xmlNode **runs, size_t nruns)
{
	size_t i;

	if (nruns > 1)
		qsort(runs, nruns, sizeof(*runs), ptr_cmp);
	for (i = 0; i < nruns; i++) {
		if (i > 0 && runs[i] == runs[i - 1])
			continue;
		xmlNode *c, *n;

		for (c = runs[i]->children; c; c = n) {
			n = c->next;
			if (is_w(c, "t") && c->children == NULL) {
				xmlUnlinkNode(c);
				xmlFreeNode(c);
			}
		}
		if (run_empty(runs[i])) {
			xmlUnlinkNode(runs[i]);
			xmlFreeNode(runs[i]);
		}
	}
	/* The pieces point into the tree as it was. */
	d->npieces = 0;
}

/* What both writers (edits, comments) ask first: options of a known
 * version, a document not written yet. Clears *skipped. */
static int write_begin(const glossa_docx *d, const glossa_docx_options *opts,
	size_t *skipped)
{
	if (skipped)
		*skipped = 0;
	if (opts && (opts->version < 1 ||
			opts->version > GLOSSA_DOCX_OPTIONS_VERSION))
		return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_EVERSION, "glossa_docx_options version %u is unknown",
			opts->version);
	if (d->written)
		return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_EINVALID, "%s: the document was written already",
			d->source);
	return 0;
}

int glossa_docx_apply(glossa_buf *out, glossa_docx *d,
	const glossa_docx_edit *edits, size_t n, size_t *skipped,
	const glossa_docx_options *opts)
{
	plain_pass pp;
	size_t i, nskip = 0, made = 0, nm = 0;
	glossa_buf *xml = NULL;
	member *m = NULL;
	mark_info mi;
	bool track;
	int rc;

	memset(&pp, 0, sizeof(pp));
	pp.d = d;
	pp.cur = SIZE_MAX;
	if ((rc = write_begin(d, opts, skipped)) < 0)
		return rc;
	for (i = 1; i < n; i++)
		if (edits[i].start < edits[i - 1].end)
			return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
				GLOSSA_EINVALID,
				"%s: edits out of order or overlapping", d->source);
	if ((rc = mark_init(&mi, opts)) < 0)
		return rc;
	track = opts && (opts->flags & GLOSSA_DOCX_TRACK);
	d->written = true;
	/* Tracked edits from the last to the first: a run split for one
	 * keeps what comes before in the node the earlier edits' pieces
	 * point to. */
	for (i = n; track && i-- > 0; ) {
		size_t i0, i1;

		if (edits[i].text == NULL ||
		    !span_ok(d, edits[i].start, edits[i].end, &i0, &i1)) {
			nskip++;
			continue;
		}
		d->doc = d->parts[d->pieces[i0].part].doc;
		d->parts[d->pieces[i0].part].changed = true;
		if ((rc = edit_tracked(d, &edits[i], i0, i1, &mi)) < 0)
			goto out;
		made++;
	}
	for (i = 0; !track && i < n; i++) {
		size_t i0, i1;

		if (edits[i].text == NULL ||
		    !span_ok(d, edits[i].start, edits[i].end, &i0, &i1)) {
			nskip++;
			continue;
		}
		d->doc = d->parts[d->pieces[i0].part].doc;
		d->parts[d->pieces[i0].part].changed = true;
		if ((rc = plain_edit(&pp, &edits[i], i0, i1)) < 0)
			goto out;
		made++;
	}
	if ((rc = plain_flush(&pp)) < 0)
		goto out;
	for (i = 0; i < pp.ngone; i++) {
		xmlUnlinkNode(pp.gone[i]);
		xmlFreeNode(pp.gone[i]);
	}
	pp.ngone = 0;
	sweep(d, pp.runs, pp.nruns);
	d->doc = d->parts[0].doc;
	/* The body's part always (a run with no change writes the same
	 * text), the others where they changed. */
	d->parts[0].changed = true;
	if ((m = glossa__calloc(d->nparts, sizeof(member))) == NULL ||
	    (xml = glossa__calloc(d->nparts, sizeof(glossa_buf))) == NULL) {
		rc = GLOSSA_ERROR;
		goto out;
	}
	for (i = 0; i < d->nparts; i++) {
		if (!d->parts[i].changed)
			continue;
		if ((rc = dump_xml(&xml[nm], d->parts[i].doc)) < 0)
			goto out;
		m[nm].name = d->parts[i].name;
		m[nm].data = xml[nm].ptr;
		m[nm].len = xml[nm].size;
		nm++;
	}
	if ((rc = write_archive(out, d, m, nm)) < 0)
		goto out;
	if (skipped)
		*skipped = nskip;
	rc = made > INT_MAX ? INT_MAX : (int)made;
out:
	xmlFree(pp.old);
	glossa_buf_dispose(&pp.nb);
	free(pp.runs);
	free(pp.gone);
	for (i = 0; xml && i < d->nparts; i++)
		glossa_buf_dispose(&xml[i]);
	free(xml);
	free(m);
	return rc;
}

/* ---- comments ---- */

/* A member parsed, or a new tree with only its root when there is none
 * (*created). */
static int read_part(xmlDoc **out, bool *created, const glossa_docx *d,
	zip_t *za, const char *name, const char *ns, const char *prefix,
	const char *root)
{
	glossa_buf b = GLOSSA_BUF_INIT;
	xmlNode *r;
	xmlNs *rns;
	int rc = archive_read(&b, d, za, name, NULL);

	*out = NULL;
	*created = false;
	if (rc == 0) {
		rc = parse_xml(out, d, name, &b);
		glossa_buf_dispose(&b);
		if (rc == 0 && !is_el(xmlDocGetRootElement(*out), ns, root)) {
			xmlFreeDoc(*out);
			*out = NULL;
			rc = docx_error(d, "%s: the root element is not <%s>",
				name, root);
		}
		return rc;
	}
	glossa_buf_dispose(&b);
	if (rc != GLOSSA_ENOTFOUND)
		return rc;
	*created = true;
	if ((*out = xmlNewDoc(BAD_CAST "1.0")) == NULL ||
	    (r = xmlNewDocNode(*out, NULL, BAD_CAST root, NULL)) == NULL) {
		xmlFreeDoc(*out);
		*out = NULL;
		return glossa_error__nomem();
	}
	xmlDocSetRootElement(*out, r);
	(*out)->standalone = 1;
	if ((rns = xmlNewNs(r, BAD_CAST ns, BAD_CAST prefix)) == NULL)
		return glossa_error__nomem();
	xmlSetNs(r, rns);
	return 0;
}

/* The comments part: the one the document's relationships name (Word
 * calls it word/comments.xml, other programs may not), else
 * comments.xml beside the body's part. `name` gets it with a leading '/'. */
static int comments_part(glossa_buf *name, const glossa_docx *d,
	xmlDoc *rels)
{
	xmlNode *root = xmlDocGetRootElement(rels), *c;
	const char *slash = strrchr(d->main, '/');
	int dir = slash ? (int)(slash - d->main + 1) : 0;

	for (c = root ? root->children : NULL; c; c = c->next) {
		xmlChar *t;
		const char *p;
		int rc;

		if (!is_el(c, REL_NS, "Relationship") ||
		    !attr_is(c, "Type", "/comments", true) ||
		    attr_is(c, "TargetMode", "External", false) ||
		    (t = xmlGetNoNsProp(c, BAD_CAST "Target")) == NULL)
			continue;
		p = (const char *)t;
		while (p[0] == '.' && p[1] == '/')
			p += 2;
		rc = p[0] == '/' ? glossa_buf_puts(name, p) :
			glossa_buf_printf(name, "/%.*s%s", dir, d->main, p);
		xmlFree(t);
		if (rc < 0)
			return GLOSSA_ERROR;
		if (strstr(name->ptr, "..") || strchr(name->ptr, ':') ||
		    name->ptr[1] == '\0')
			return docx_error(d, "its comments part (%s) is not a "
				"member glossa can write", name->ptr);
		return 0;
	}
	return glossa_buf_printf(name, "/%.*scomments.xml", dir, d->main) < 0 ?
		GLOSSA_ERROR : 0;
}

/* The relationship from the document to word/comments.xml and its
 * content type, where they are missing. */
static int link_comments(xmlDoc *rels, xmlDoc *types, const char *part,
	bool *rels_changed, bool *types_changed)
{
	xmlNode *root = xmlDocGetRootElement(rels), *c, *n;
	long max = 0;
	char id[48];

	*rels_changed = *types_changed = false;
	for (c = root->children; c; c = c->next) {
		xmlChar *v;

		if (!is_el(c, REL_NS, "Relationship"))
			continue;
		if (attr_is(c, "Type", "/comments", true))
			goto types;
		if ((v = xmlGetNoNsProp(c, BAD_CAST "Id")) != NULL &&
		    strncmp((char *)v, "rId", 3) == 0) {
			long k = strtol((char *)v + 3, NULL, 10);

			if (k > max && k < LONG_MAX / 2)
				max = k;
		}
		xmlFree(v);
	}
	snprintf(id, sizeof(id), "rId%ld", max + 1);
	if ((n = xmlNewDocNode(rels, root->ns, BAD_CAST "Relationship",
			NULL)) == NULL)
		return glossa_error__nomem();
	xmlAddChild(root, n);
	if (xmlNewProp(n, BAD_CAST "Id", BAD_CAST id) == NULL ||
	    xmlNewProp(n, BAD_CAST "Type", BAD_CAST REL_COMMENTS) == NULL ||
	    xmlNewProp(n, BAD_CAST "Target", BAD_CAST "comments.xml") == NULL)
		return glossa_error__nomem();
	*rels_changed = true;
types:
	root = xmlDocGetRootElement(types);
	for (c = root->children; c; c = c->next)
		if (is_el(c, CT_NS, "Override") &&
		    attr_is(c, "PartName", part, false))
			return 0;
	if ((n = xmlNewDocNode(types, root->ns, BAD_CAST "Override",
			NULL)) == NULL)
		return glossa_error__nomem();
	xmlAddChild(root, n);
	if (xmlNewProp(n, BAD_CAST "PartName",
			BAD_CAST part) == NULL ||
	    xmlNewProp(n, BAD_CAST "ContentType", BAD_CAST CT_COMMENTS) == NULL)
		return glossa_error__nomem();
	*types_changed = true;
	return 0;
}

/* <w:comment> with one paragraph of text. */
static int add_comment(const glossa_docx *d, xmlDoc *cdoc, long id,
	const char *text, const mark_info *mi)
{
	xmlNode *root = xmlDocGetRootElement(cdoc), *c, *p, *r, *t;
	xmlNs *ns = root->ns;
	char num[32];

	(void)d;
	snprintf(num, sizeof(num), "%ld", id);
	if ((c = xmlNewChild(root, ns, BAD_CAST "comment", NULL)) == NULL ||
	    xmlNewNsProp(c, ns, BAD_CAST "id", BAD_CAST num) == NULL ||
	    xmlNewNsProp(c, ns, BAD_CAST "author", BAD_CAST mi->author) == NULL ||
	    xmlNewNsProp(c, ns, BAD_CAST "date", BAD_CAST mi->date) == NULL ||
	    xmlNewNsProp(c, ns, BAD_CAST "initials", BAD_CAST "g") == NULL)
		return glossa_error__nomem();
	/* A paragraph per line. */
	do {
		const char *nl = strchr(text, '\n');
		size_t len = nl ? (size_t)(nl - text) : strlen(text);
		int rc;

		if ((p = xmlNewChild(c, ns, BAD_CAST "p", NULL)) == NULL ||
		    (r = xmlNewChild(p, ns, BAD_CAST "r", NULL)) == NULL ||
		    (t = xmlNewChild(r, ns, BAD_CAST "t", NULL)) == NULL)
			return glossa_error__nomem();
		if ((rc = set_text(t, text, len)) < 0)
			return rc;
		text = nl ? nl + 1 : NULL;
	} while (text);
	return 0;
}

/* The comment's range and reference around [s, e) in the document. */
static int mark_range(glossa_docx *d, const glossa_docx_note *note,
	size_t i0, size_t i1, long id)
{
	piece *pa = &d->pieces[i0], *pb = &d->pieces[i1];
	size_t a = note->start - pa->start, b = note->end - pb->start;
	xmlNode *after, *mid, *start, *end, *ref, *refrun;
	xmlNode *last = pb->run;
	char num[32];
	int rc;

	snprintf(num, sizeof(num), "%ld", id);
	if ((rc = split_run(&after, d, last, pb->node, b, &pb->len)) < 0)
		return rc;
	if ((end = new_w(d, "commentRangeEnd")) == NULL)
		return GLOSSA_ERROR;
	xmlAddNextSibling(last, end);
	if ((refrun = new_w(d, "r")) == NULL)
		return GLOSSA_ERROR;
	xmlAddNextSibling(end, refrun);
	if ((ref = new_w(d, "commentReference")) == NULL)
		return GLOSSA_ERROR;
	xmlAddChild(refrun, ref);
	if (xmlNewNsProp(end, w_ns(d), BAD_CAST "id", BAD_CAST num) == NULL ||
	    xmlNewNsProp(ref, w_ns(d), BAD_CAST "id", BAD_CAST num) == NULL)
		return glossa_error__nomem();
	if ((rc = split_run(&mid, d, pa->run, pa->node, a, &pa->len)) < 0)
		return rc;
	if ((start = new_w(d, "commentRangeStart")) == NULL)
		return GLOSSA_ERROR;
	xmlAddPrevSibling(mid ? mid : pa->run, start);
	if (xmlNewNsProp(start, w_ns(d), BAD_CAST "id", BAD_CAST num) == NULL)
		return glossa_error__nomem();
	return 0;
}

int glossa_docx_annotate(glossa_buf *out, glossa_docx *d,
	const glossa_docx_note *notes, size_t n, size_t *skipped,
	const glossa_docx_options *opts)
{
	xmlDoc *cdoc = NULL, *rels = NULL, *types = NULL;
	bool c_new, rels_new, types_new, rels_changed = false,
		types_changed = false;
	glossa_buf bx[4] = { GLOSSA_BUF_INIT, GLOSSA_BUF_INIT, GLOSSA_BUF_INIT,
		GLOSSA_BUF_INIT };
	member m[4];
	size_t nm = 0, i, nskip = 0, made = 0;
	long id, max = 0;
	archive a = { NULL, NULL };
	mark_info mi;
	bool *ok = NULL;
	glossa_buf cname = GLOSSA_BUF_INIT;
	int rc;

	if ((rc = write_begin(d, opts, skipped)) < 0)
		return rc;
	for (i = 1; i < n; i++)
		if (notes[i].start < notes[i - 1].end)
			return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
				GLOSSA_EINVALID,
				"%s: notes out of order or overlapping", d->source);
	if ((rc = mark_init(&mi, opts)) < 0)
		return rc;
	if ((rc = archive_open(&a, d, false)) < 0)
		return rc;
	if ((rc = read_part(&rels, &rels_new, d, a.za, d->main_rels, REL_NS,
			NULL, "Relationships")) < 0 ||
	    (rc = read_part(&types, &types_new, d, a.za, CONTENT_TYPES, CT_NS,
			NULL, "Types")) < 0 ||
	    (rc = comments_part(&cname, d, rels)) < 0 ||
	    (rc = read_part(&cdoc, &c_new, d, a.za, cname.ptr + 1,
			(const char *)w_ns(d)->href, "w", "comments")) < 0)
		goto out;
	(void)rels_new;
	if (types_new) {
		rc = docx_error(d, "not a Word document (.docx): no %s in the archive",
			CONTENT_TYPES);
		goto out;
	}
	scan_ids(xmlDocGetRootElement(cdoc), &max);
	id = max >= d->next_id ? max + 1 : d->next_id;
	if ((ok = glossa__calloc(n ? n : 1, sizeof(bool))) == NULL) {
		rc = GLOSSA_ERROR;
		goto out;
	}
	d->written = true;
	for (i = n; i-- > 0; ) {
		size_t i0, i1;

		/* Comments anchor in the body only. */
		if (notes[i].text == NULL ||
		    !span_ok(d, notes[i].start, notes[i].end, &i0, &i1) ||
		    d->pieces[i0].part != 0) {
			nskip++;
			continue;
		}
		if ((rc = mark_range(d, &notes[i], i0, i1, id + (long)i)) < 0)
			goto out;
		ok[i] = true;
		made++;
	}
	/* In the comments part, in the order of the text. */
	for (i = 0; i < n; i++)
		if (ok[i] && (rc = add_comment(d, cdoc, id + (long)i,
				notes[i].text, &mi)) < 0)
			goto out;
	d->next_id = id + (long)n;
	d->npieces = 0;
	if (c_new && (rc = link_comments(rels, types, cname.ptr, &rels_changed,
			&types_changed)) < 0)
		goto out;
	if ((rc = dump_xml(&bx[0], d->doc)) < 0 ||
	    (rc = dump_xml(&bx[1], cdoc)) < 0)
		goto out;
	m[nm++] = (member){ d->main, bx[0].ptr, bx[0].size };
	m[nm++] = (member){ cname.ptr + 1, bx[1].ptr, bx[1].size };
	if (rels_changed) {
		if ((rc = dump_xml(&bx[2], rels)) < 0)
			goto out;
		m[nm++] = (member){ d->main_rels, bx[2].ptr, bx[2].size };
	}
	if (types_changed) {
		if ((rc = dump_xml(&bx[3], types)) < 0)
			goto out;
		m[nm++] = (member){ CONTENT_TYPES, bx[3].ptr, bx[3].size };
	}
	archive_close(&a);
	if ((rc = write_archive(out, d, m, nm)) < 0)
		goto out;
	if (skipped)
		*skipped = nskip;
	rc = made > INT_MAX ? INT_MAX : (int)made;
out:
	free(ok);
	glossa_buf_dispose(&cname);
	archive_close(&a);
	for (i = 0; i < 4; i++)
		glossa_buf_dispose(&bx[i]);
	xmlFreeDoc(cdoc);
	xmlFreeDoc(rels);
	xmlFreeDoc(types);
	return rc;
}
