/*
 * Fuzz target: one importer (FUZZ_FORMAT = TSV, CSV, TBX or JSON).
 *
 * Properties checked, not only "no crash":
 *   - whatever the parser accepts, written back in the same format and
 *     parsed again, gives the same bytes (export -> import -> export);
 *   - the same holds through the SQLite store: importing the accepted
 *     document into an empty glossary and exporting it gives the same
 *     TSV as writing the document directly.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

#ifndef FUZZ_FORMAT
# error "define FUZZ_FORMAT"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, const glossa_buf *a, const glossa_buf *b)
{
	fprintf(stderr, "property violated: %s\n--- first\n%s\n--- second\n%s\n",
		what, a && a->ptr ? a->ptr : "", b && b->ptr ? b->ptr : "");
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	glossa_doc *doc = NULL, *again = NULL, *stored = NULL;
	glossa_buf one = GLOSSA_BUF_INIT, two = GLOSSA_BUF_INIT;
	glossa_buf tsv1 = GLOSSA_BUF_INIT, tsv2 = GLOSSA_BUF_INIT;
	glossa_store *store = NULL;

	if (glossa_doc_parse(&doc, FUZZ_FORMAT, (const char *)data, size,
			"fuzz") < 0) {
		/* A refusal must say something. */
		if (glossa_error_last()->message[0] == '\0')
			fail("an error without a message", NULL, NULL);
		return 0;
	}
	if (glossa_doc_canonicalize(doc) < 0 ||
	    glossa_doc_write(&one, doc, FUZZ_FORMAT) < 0)
		fail("cannot write an accepted document", NULL, NULL);
	if (glossa_doc_parse(&again, FUZZ_FORMAT, one.ptr, one.size,
			"fuzz-again") < 0) {
		fprintf(stderr, "%s\n", glossa_error_last()->message);
		fail("the writer's output does not parse", &one, NULL);
	}
	if (glossa_doc_canonicalize(again) < 0 ||
	    glossa_doc_write(&two, again, FUZZ_FORMAT) < 0)
		fail("cannot write the re-parsed document", NULL, NULL);
	if (one.size != two.size || memcmp(one.ptr, two.ptr, one.size) != 0)
		fail("export -> import -> export differs", &one, &two);

	/* Through the store: conflicts between entries may refuse it. */
	if (glossa_store_open(&store, ":memory:", GLOSSA_STORE_CREATE) < 0)
		fail("cannot open a memory store", NULL, NULL);
	if (glossa_store_import(store, doc, 0, NULL, "fuzz") >= 0) {
		if (glossa_store_export(&stored, store, NULL) < 0 ||
		    glossa_doc_write(&tsv1, doc, GLOSSA_FORMAT_TSV) < 0 ||
		    glossa_doc_write(&tsv2, stored, GLOSSA_FORMAT_TSV) < 0)
			fail("cannot export from the store", NULL, NULL);
		if (tsv1.size != tsv2.size ||
		    memcmp(tsv1.ptr, tsv2.ptr, tsv1.size) != 0)
			fail("store import -> export differs", &tsv1, &tsv2);
	}
	glossa_store_free(store);
	glossa_doc_free(stored);
	glossa_doc_free(doc);
	glossa_doc_free(again);
	glossa_buf_dispose(&one);
	glossa_buf_dispose(&two);
	glossa_buf_dispose(&tsv1);
	glossa_buf_dispose(&tsv2);
	return 0;
}
