/*
 * Build-time tool: compile the shipped glossary text into the read-only
 * default database, through the same import path as user data.
 *
 *   mkdb OUTPUT.db INPUT.tsv
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

int main(int argc, char **argv)
{
	glossa_buf data = GLOSSA_BUF_INIT;
	glossa_store *store = NULL;
	glossa_doc *doc = NULL;
	char chunk[65536], *tmp = NULL;
	FILE *f;
	size_t n;
	int rc = 1;

	if (argc != 3) {
		fprintf(stderr, "usage: mkdb OUTPUT.db INPUT.tsv\n");
		return 2;
	}
	if ((f = fopen(argv[2], "rb")) == NULL) {
		perror(argv[2]);
		return 1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (glossa_buf_put(&data, chunk, n) < 0) {
			fclose(f);
			return fail(NULL);
		}
	fclose(f);
	if (asprintf(&tmp, "%s.tmp", argv[1]) < 0)
		return fail("out of memory");
	unlink(tmp);
	if (glossa_doc_parse(&doc, GLOSSA_FORMAT_TSV, data.ptr ? data.ptr : "",
			data.size, argv[2]) < 0 ||
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
	if (rc)
		unlink(tmp);
	free(tmp);
	glossa_doc_free(doc);
	glossa_buf_dispose(&data);
	return rc;
}
