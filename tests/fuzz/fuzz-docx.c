/*
 * Fuzz target: Word documents (core/docx.c). FUZZ_MODE 0: the input is
 * the file (a zip archive); 1: the input is word/document.xml, packed
 * here into a minimal archive. Properties: a bad document is refused with
 * a message; a good one gives valid UTF-8 text ending each paragraph in a
 * line end; fixing it (every "Kiev" made "Kyiv", every "xy" taken out,
 * every "q" made " Q ") plainly or as tracked changes writes a document
 * glossa reads back as exactly the text with those changes, and
 * annotating it one that reads back as the same text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#ifndef FUZZ_MODE
# define FUZZ_MODE 0
#endif

static const struct {
	const char *from, *to;
} subst[] = { { "Kiev", "Kyiv" }, { "xy", "" }, { "q", " Q " } };

/* The edits, in text order, and the text they make. */
static size_t find_edits(glossa_docx_edit *e, size_t max, glossa_buf *want,
	const char *t, size_t len)
{
	size_t n = 0, i = 0, k;

	while (i < len) {
		for (k = 0; k < sizeof(subst) / sizeof(subst[0]); k++) {
			size_t fl = strlen(subst[k].from);

			if (n < max && len - i >= fl &&
			    memcmp(t + i, subst[k].from, fl) == 0) {
				e[n].start = i;
				e[n].end = i + fl;
				e[n].text = subst[k].to;
				e[n].len = strlen(subst[k].to);
				n++;
				glossa_buf_puts(want, subst[k].to);
				i += fl;
				break;
			}
		}
		if (k == sizeof(subst) / sizeof(subst[0]))
			glossa_buf_put(want, t + i++, 1);
	}
	return n;
}

static void read_back(const glossa_buf *doc, const char *want, size_t wlen,
	const char *what)
{
	glossa_docx *d = NULL;
	const char *t;
	size_t len;

	if (glossa_docx_open(&d, doc->ptr, doc->size, "out") < 0) {
		fprintf(stderr, "%s: the document written cannot be read: %s\n",
			what, glossa_error_last()->message);
		abort();
	}
	t = glossa_docx_text(d, &len);
	if (len != wlen || memcmp(t, want, len) != 0) {
		fprintf(stderr, "%s: read back as\n%.*s\nnot\n%.*s\n", what,
			(int)len, t, (int)wlen, want);
		abort();
	}
	glossa_docx_free(d);
}

static void one(const char *zipdata, size_t zlen, unsigned mode)
{
	glossa_docx *d = NULL;
	glossa_docx_edit e[256];
	glossa_docx_note notes[256];
	glossa_docx_options o = GLOSSA_DOCX_OPTIONS_INIT;
	glossa_buf want = GLOSSA_BUF_INIT, out = GLOSSA_BUF_INIT;
	const char *t;
	size_t len, n, i, skipped = 0;
	char *copy;

	if (glossa_docx_open(&d, zipdata, zlen, "in") < 0) {
		if (glossa_error_last()->message[0] == '\0')
			abort();
		return;
	}
	t = glossa_docx_text(d, &len);
	if (!glossa_utf8__valid(t, len, NULL) || strlen(t) != len ||
	    (len > 0 && t[len - 1] != '\n')) {
		fprintf(stderr, "bad text\n");
		abort();
	}
	if ((copy = malloc(len + 1)) == NULL)
		abort();
	memcpy(copy, t, len + 1);
	n = find_edits(e, sizeof(e) / sizeof(e[0]), &want, copy, len);
	if (n == sizeof(e) / sizeof(e[0]))
		goto out;  /* the rest of the text would not match */
	if (mode == 2) {
		for (i = 0; i < n; i++) {
			notes[i].start = e[i].start;
			notes[i].end = e[i].end;
			notes[i].text = "note\nsecond line";
		}
		if (glossa_docx_annotate(&out, d, notes, n, &skipped, &o) < 0)
			goto out;
		read_back(&out, copy, len, "annotated");
		goto out;
	}
	if (mode == 1)
		o.flags |= GLOSSA_DOCX_TRACK;
	if (glossa_docx_apply(&out, d, e, n, &skipped, &o) < 0)
		goto out;
	if (skipped == 0)
		read_back(&out, want.ptr ? want.ptr : "", want.size,
			mode ? "tracked" : "plain");
out:
	free(copy);
	glossa_buf_dispose(&want);
	glossa_buf_dispose(&out);
	glossa_docx_free(d);
}

#if FUZZ_MODE == 1
/* The XML packed as word/document.xml. */
static int pack(glossa_buf *out, const uint8_t *xml, size_t size)
{
	zip_error_t ze;
	zip_source_t *src, *zs;
	zip_t *za;
	zip_stat_t st;
	int rc = -1;

	zip_error_init(&ze);
	if ((src = zip_source_buffer_create(NULL, 0, 0, &ze)) == NULL)
		return -1;
	if ((za = zip_open_from_source(src, ZIP_TRUNCATE, &ze)) == NULL) {
		zip_source_free(src);
		return -1;
	}
	zip_source_keep(src);
	if ((zs = zip_source_buffer(za, xml, size, 0)) == NULL ||
	    zip_file_add(za, "word/document.xml", zs, 0) < 0 ||
	    zip_close(za) < 0) {
		zip_discard(za);
		goto out;
	}
	if (zip_source_open(src) == 0) {
		if (zip_source_stat(src, &st) == 0 &&
		    glossa_buf_grow(out, st.size) == 0 &&
		    zip_source_read(src, out->ptr, st.size) ==
			(zip_int64_t)st.size) {
			out->size = st.size;
			rc = 0;
		}
		zip_source_close(src);
	}
out:
	zip_source_free(src);
	zip_error_fini(&ze);
	return rc;
}
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned mode;

	if (size < 1)
		return 0;
	mode = data[0] % 3;
#if FUZZ_MODE == 1
	{
		glossa_buf z = GLOSSA_BUF_INIT;

		if (pack(&z, data + 1, size - 1) == 0)
			one(z.ptr, z.size, mode);
		glossa_buf_dispose(&z);
	}
#else
	one((const char *)data + 1, size - 1, mode);
#endif
	return 0;
}
