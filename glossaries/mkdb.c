/*
 * Build-time tool: compile the shipped glossary text into the read-only
 * default database, through the same import path as user data.
 *
 *   mkdb OUTPUT.db INPUT.tsv [INPUT.tsv...]
 *
 * Several inputs (the name glossary, the given-names lexicon) are merged
 * into one document before the import, so they are checked together: a
 * key or a form claimed twice is an error like in a single file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <glossa.h>

static int fail(const char *what)
{
	fprintf(stderr, "mkdb: %s%s\n", what ? what : "",
		what ? "" : glossa_error_last()->message);
	return 1;
}

static int read_all(glossa_buf *data, const char *path)
{
	char chunk[65536];
	FILE *f;
	size_t n;

	glossa_buf_clear(data);
	if ((f = fopen(path, "rb")) == NULL) {
		perror(path);
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (glossa_buf_put(data, chunk, n) < 0) {
			fclose(f);
			return fail(NULL);
		}
	fclose(f);
	return 0;
}

/* Copy every entry of `from` into `to`. */
static int merge(glossa_doc *to, const glossa_doc *from)
{
	size_t i, j;

	for (i = 0; i < glossa_doc_count(from); i++) {
		const glossa_entry *e = glossa_doc_entry(from, i);
		glossa_entry *ne;

		if (glossa_doc_add_entry(&ne, to, e->key, e->kind, e->status,
				e->note, e->line) < 0)
			return -1;
		for (j = 0; j < e->nforms; j++) {
			const glossa_form *f = &e->forms[j];

			if (glossa_entry_add_form(ne, &(glossa_form_spec){
					.type = f->type, .text = f->text,
					.script = f->script, .lang = f->lang,
					.becomes = f->becomes, .note = f->note,
					.line = f->line }) < 0)
				return -1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	glossa_buf data = GLOSSA_BUF_INIT;
	glossa_store *store = NULL;
	glossa_doc *doc = NULL, *part = NULL;
	char *tmp = NULL;
	int rc = 1, i;

	if (argc < 3) {
		fprintf(stderr, "usage: mkdb OUTPUT.db INPUT.tsv [INPUT.tsv...]\n");
		return 2;
	}
	if (glossa_doc_new(&doc) < 0)
		return fail(NULL);
	for (i = 2; i < argc; i++) {
		if (read_all(&data, argv[i]) != 0)
			goto out;
		if (glossa_doc_parse(&part, GLOSSA_FORMAT_TSV,
				data.ptr ? data.ptr : "", data.size, argv[i]) < 0 ||
		    merge(doc, part) < 0) {
			fail(NULL);
			goto out;
		}
		glossa_doc_free(part);
		part = NULL;
	}
	if (asprintf(&tmp, "%s.tmp", argv[1]) < 0) {
		fail("out of memory");
		goto out;
	}
	unlink(tmp);
	if (glossa_doc_validate(doc, argc == 3 ? argv[2] : "glossaries") < 0 ||
	    glossa_store_open(&store, tmp, GLOSSA_STORE_CREATE) < 0 ||
	    glossa_store_set_user(store, "glossaries/default.tsv") < 0 ||
	    glossa_store_import(store, doc, 0, NULL, argv[2]) < 0 ||
	    glossa_store_seal(store) < 0) {
		fail(NULL);
		goto out;
	}
	glossa_store_free(store);
	store = NULL;
	if (rename(tmp, argv[1]) < 0) {
		perror(argv[1]);
		goto out;
	}
	rc = 0;
out:
	glossa_store_free(store);
	if (rc && tmp)
		unlink(tmp);
	free(tmp);
	glossa_doc_free(part);
	glossa_doc_free(doc);
	glossa_buf_dispose(&data);
	return rc;
}
