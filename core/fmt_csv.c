/*
 * CSV for spreadsheets (RFC 4180): one row per form, with the fields of its
 * entry repeated on every row, so a sheet can be sorted and filtered without
 * losing which entry a form belongs to.
 *
 *   key,kind,status,entry_note,type,text,script,lang,becomes,note
 *
 * The writer ends lines with CRLF and quotes a field only when it holds a
 * comma, a quote, CR or LF (a quote is doubled), so the same document always
 * gives the same bytes. The reader accepts LF, CRLF or CR line ends, an
 * optional UTF-8 byte-order mark (spreadsheets like to add one) and blank
 * lines.
 *
 * An entry without forms (only possible in a document that would not pass
 * validation) is written as a row with empty form fields, and such a row is
 * read back as the entry alone, so the writer never drops an entry.
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "fmt.h"

enum {
	COL_KEY = 0, COL_KIND, COL_STATUS, COL_ENTRY_NOTE, COL_TYPE,
	COL_TEXT, COL_SCRIPT, COL_LANG, COL_BECOMES, COL_NOTE,
	NCOLS
};

static const char *const csv_columns[NCOLS] = {
	"key", "kind", "status", "entry_note", "type", "text", "script",
	"lang", "becomes", "note"
};

static const char csv_header[] =
	"key,kind,status,entry_note,type,text,script,lang,becomes,note\r\n";

typedef struct {
	const char *p, *end;
	const char *source;
	unsigned line;          /* line the reader is on */
	glossa_buf rec;         /* the fields of a record, NUL-separated */
	size_t off[NCOLS];      /* offset of each field in rec */
	size_t nf;              /* fields in the record (may exceed NCOLS) */
	unsigned rec_line;      /* line the record starts on */
} csv_reader;

static int csv_error(const char *source, unsigned line, const char *msg,
	const char *arg)
{
	return glossa_error__set(GLOSSA_ERRCLASS_PARSE, GLOSSA_EINVALID,
		"%s:%u: %s%s%s%s", source, line, msg, arg ? " \"" : "",
		arg ? arg : "", arg ? "\"" : "");
}

/* A line ends at LF, at CRLF, or at a lone CR (the line end of "CSV
 * (Macintosh)" and of old Mac files). */
static size_t eol_len(const csv_reader *r, const char *p)
{
	if (p >= r->end)
		return 0;
	if (*p == '\n')
		return 1;
	if (*p == '\r')
		return p + 1 < r->end && p[1] == '\n' ? 2 : 1;
	return 0;
}

/*
 * Read one record into r->rec. Returns 1 when a record was read, 0 at the
 * end of the input, or an error.
 */
static int read_record(csv_reader *r)
{
	size_t n;

	/* Blank lines carry nothing; a spreadsheet may leave one at the end. */
	while ((n = eol_len(r, r->p)) != 0) {
		r->p += n;
		r->line++;
	}
	if (r->p >= r->end)
		return 0;

	glossa_buf_clear(&r->rec);
	r->nf = 0;
	r->rec_line = r->line;
	for (;;) {
		if (r->nf < NCOLS)
			r->off[r->nf] = r->rec.size;
		r->nf++;

		if (r->p < r->end && *r->p == '"') {
			unsigned qline = r->line;

			r->p++;
			for (;;) {
				const char *start = r->p;

				while (r->p < r->end && *r->p != '"') {
					/* Lines are counted as eol_len()
					 * ends them, so line numbers hold
					 * in CR-only files too. */
					if (*r->p == '\n' || (*r->p == '\r' &&
					    (r->p + 1 == r->end ||
					     r->p[1] != '\n')))
						r->line++;
					r->p++;
				}
				if (glossa_buf_put(&r->rec, start,
						(size_t)(r->p - start)) < 0)
					return GLOSSA_ERROR;
				if (r->p >= r->end)
					return glossa_error__set(
						GLOSSA_ERRCLASS_PARSE,
						GLOSSA_EINVALID,
						"%s:%u: unterminated quoted field starting at line %u",
						r->source, qline, qline);
				/* "" inside quotes is one quote. */
				if (r->p + 1 < r->end && r->p[1] == '"') {
					if (glossa_buf_put(&r->rec, "\"", 1) < 0)
						return GLOSSA_ERROR;
					r->p += 2;
					continue;
				}
				r->p++;
				break;
			}
		} else {
			const char *start = r->p;

			while (r->p < r->end && *r->p != ',' &&
			       eol_len(r, r->p) == 0) {
				/* A stray quote is almost always a field that
				 * lost its opening quote; guessing would
				 * silently change the text. */
				if (*r->p == '"')
					return csv_error(r->source, r->line,
						"quote inside an unquoted field (quote the whole field and double the quote)",
						NULL);
				r->p++;
			}
			if (glossa_buf_put(&r->rec, start,
					(size_t)(r->p - start)) < 0)
				return GLOSSA_ERROR;
		}
		if (glossa_buf_put(&r->rec, "", 1) < 0)
			return GLOSSA_ERROR;

		if (r->p >= r->end)
			return 1;
		if (*r->p == ',') {
			r->p++;
			continue;
		}
		if ((n = eol_len(r, r->p)) != 0) {
			r->p += n;
			r->line++;
			return 1;
		}
		return csv_error(r->source, r->line,
			"text after the closing quote of a field", NULL);
	}
}

static const char *field(const csv_reader *r, size_t i)
{
	return r->rec.ptr + r->off[i];
}

static int check_header(const csv_reader *r)
{
	size_t i;

	if (r->nf == NCOLS) {
		for (i = 0; i < NCOLS; i++)
			if (strcmp(field(r, i), csv_columns[i]) != 0)
				break;
		if (i == NCOLS)
			return 0;
	}
	return csv_error(r->source, r->rec_line,
		"the first row must be the header",
		"key,kind,status,entry_note,type,text,script,lang,becomes,note");
}

/* Two rows of one entry must agree on the entry's fields: otherwise which
 * one wins would depend on the row order of the sheet. */
static int check_same(const csv_reader *r, const glossa_entry *e,
	const char *what, const char *was, const char *now)
{
	if (strcmp(was, now) == 0)
		return 0;
	return glossa_error__set(GLOSSA_ERRCLASS_PARSE, GLOSSA_EINVALID,
		"%s:%u: %s of entry %s is \"%s\" here but \"%s\" on line %u",
		r->source, r->rec_line, what, e->key, now, was, e->line);
}

static int parse_row(glossa_doc *doc, const csv_reader *r)
{
	const char *key = field(r, COL_KEY);
	glossa_entry *e;
	glossa_kind kind;
	glossa_status status;
	glossa_form_type type;
	size_t i;
	int error;

	if (r->nf != NCOLS)
		return glossa_error__set(GLOSSA_ERRCLASS_PARSE, GLOSSA_EINVALID,
			"%s:%u: a row has %d comma-separated fields (key,kind,status,entry_note,type,text,script,lang,becomes,note), not %zu",
			r->source, r->rec_line, NCOLS, r->nf);
	if (glossa_kind_parse(&kind, field(r, COL_KIND)) < 0)
		return csv_error(r->source, r->rec_line,
			"unknown kind (person, place, org, term):",
			field(r, COL_KIND));
	if (glossa_status_parse(&status, field(r, COL_STATUS)) < 0)
		return csv_error(r->source, r->rec_line,
			"unknown status (approved, proposed, deprecated):",
			field(r, COL_STATUS));
	if (!glossa_doc__key_ok(key))
		return csv_error(r->source, r->rec_line,
			"bad key (lower-case letters, digits, - . _):", key);

	if ((e = glossa_fmt__find_entry(doc, key)) == NULL) {
		if ((error = glossa_doc_add_entry(&e, doc, key, kind, status,
				field(r, COL_ENTRY_NOTE), r->rec_line)) < 0)
			return error;
	} else if ((error = check_same(r, e, "the kind",
			glossa_kind_name(e->kind),
			glossa_kind_name(kind))) < 0 ||
		   (error = check_same(r, e, "the status",
			glossa_status_name(e->status),
			glossa_status_name(status))) < 0 ||
		   (error = check_same(r, e, "the entry note", e->note,
			field(r, COL_ENTRY_NOTE))) < 0) {
		return error;
	}

	/* A row with no form fields at all stands for the entry alone. */
	for (i = COL_TYPE; i < NCOLS; i++)
		if (field(r, i)[0] != '\0')
			break;
	if (i == NCOLS)
		return 0;

	if (glossa_form_type_parse(&type, field(r, COL_TYPE)) < 0)
		return csv_error(r->source, r->rec_line,
			"unknown form type (house, short, alternate, variant, native):",
			field(r, COL_TYPE));
	return glossa_entry_add_form(e, &(glossa_form_spec){
		.type = type, .text = field(r, COL_TEXT),
		.script = field(r, COL_SCRIPT), .lang = field(r, COL_LANG),
		.becomes = field(r, COL_BECOMES), .note = field(r, COL_NOTE),
		.line = r->rec_line });
}

int glossa_fmt__csv_parse(glossa_doc *doc, const char *data, size_t len,
	const char *source)
{
	glossa_doc__bad bad = { GLOSSA_BUF_INIT, 0 };
	csv_reader r;
	const char *nul;
	int error;

	memset(&r, 0, sizeof(r));
	r.p = data;
	r.end = data + len;
	r.source = source;
	r.line = 1;

	/* Fields are handled as C strings, so a NUL would cut one short. */
	if ((nul = memchr(data, '\0', len)) != NULL)
		return csv_error(source,
			glossa_utf8__line_of(data, (size_t)(nul - data)),
			"NUL byte in line", NULL);
	if (len >= 3 && memcmp(r.p, "\xEF\xBB\xBF", 3) == 0)
		r.p += 3;

	if ((error = read_record(&r)) < 0)
		goto done;
	if (error == 0) {
		error = csv_error(source, r.line,
			"no header row; expected",
			"key,kind,status,entry_note,type,text,script,lang,becomes,note");
		goto done;
	}
	if ((error = check_header(&r)) < 0)
		goto done;
	/* A bad row is kept for the report and the reading goes on: every
	 * bad row is said at once (a record that cannot be read ends it). */
	while ((error = read_record(&r)) > 0)
		if ((error = parse_row(doc, &r)) < 0 &&
		    (error != GLOSSA_EINVALID ||
		     (error = glossa_doc__bad_add(&bad)) < 0))
			goto done;
	if (error == GLOSSA_EINVALID && bad.n > 0 &&
	    (error = glossa_doc__bad_add(&bad)) == 0)
		error = glossa_doc__bad_end(&bad);
	else if (error == 0)
		error = glossa_doc__bad_end(&bad);

done:
	glossa_buf_dispose(&bad.msg);
	glossa_buf_dispose(&r.rec);
	return error;
}

static int put_field(glossa_buf *out, const char *s, bool last)
{
	const char *p;

	if (strpbrk(s, ",\"\r\n") == NULL) {
		if (glossa_buf_puts(out, s) < 0)
			return GLOSSA_ERROR;
	} else {
		if (glossa_buf_put(out, "\"", 1) < 0)
			return GLOSSA_ERROR;
		for (p = s; *p; p++)
			if ((*p == '"' && glossa_buf_put(out, "\"\"", 2) < 0) ||
			    (*p != '"' && glossa_buf_put(out, p, 1) < 0))
				return GLOSSA_ERROR;
		if (glossa_buf_put(out, "\"", 1) < 0)
			return GLOSSA_ERROR;
	}
	return last ? glossa_buf_put(out, "\r\n", 2) :
		glossa_buf_put(out, ",", 1);
}

static int put_row(glossa_buf *out, const char *const *f)
{
	size_t i;

	for (i = 0; i < NCOLS; i++)
		if (put_field(out, f[i], i == NCOLS - 1) < 0)
			return GLOSSA_ERROR;
	return 0;
}

int glossa_fmt__csv_write(glossa_buf *out, const glossa_doc *doc)
{
	size_t i, j;

	if (glossa_buf_puts(out, csv_header) < 0)
		return GLOSSA_ERROR;
	for (i = 0; i < doc->nentries; i++) {
		const glossa_entry *e = &doc->entries[i];
		const char *f[NCOLS] = { e->key, glossa_kind_name(e->kind),
			glossa_status_name(e->status), e->note,
			"", "", "", "", "", "" };

		if (e->nforms == 0 && put_row(out, f) < 0)
			return GLOSSA_ERROR;
		for (j = 0; j < e->nforms; j++) {
			const glossa_form *fm = &e->forms[j];

			f[COL_TYPE] = glossa_form_type_name(fm->type);
			f[COL_TEXT] = fm->text;
			f[COL_SCRIPT] = fm->script;
			f[COL_LANG] = fm->lang;
			f[COL_BECOMES] = fm->becomes;
			f[COL_NOTE] = fm->note;
			if (put_row(out, f) < 0)
				return GLOSSA_ERROR;
		}
	}
	return 0;
}
