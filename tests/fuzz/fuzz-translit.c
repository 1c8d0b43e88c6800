/*
 * Fuzz target: transliteration, every scheme, with the shipped glossary
 * ($GLOSSA_DEFAULT_DB) consulted. Properties for valid UTF-8 input:
 *   - the output is valid UTF-8;
 *   - spans are in order, inside the input and the output, and every byte
 *     outside them is copied verbatim (the rest of the text is untouched);
 *   - a transliterated span contains no basic Russian or Arabic letter.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static glossa_translit **schemes;
static size_t nschemes;
static const glossa_translit_scheme *list;

static void setup(void)
{
	glossa_store *store = NULL;
	const char *db = getenv("GLOSSA_DEFAULT_DB");
	size_t i;

	list = glossa_translit_schemes(&nschemes);
	if (db && glossa_store_open(&store, db, GLOSSA_STORE_BUILTIN) < 0)
		store = NULL;
	schemes = calloc(nschemes, sizeof(*schemes));
	for (i = 0; i < nschemes; i++) {
		glossa_translit_options o = GLOSSA_TRANSLIT_OPTIONS_INIT;

		o.scheme = list[i].name;
		o.from = strcmp(list[i].lang, "ar") == 0 ?
			GLOSSA_TRANSLIT_AR : GLOSSA_TRANSLIT_RU;
		o.store = store;
		if (glossa_translit_new(&schemes[i], &o) < 0) {
			fprintf(stderr, "scheme %s: %s\n", list[i].name,
				glossa_error_last()->message);
			abort();
		}
	}
	/* The transliterators read the glossary once; the store can go. */
	glossa_store_free(store);
}

/* A basic Russian (А-я, Ёё) or Arabic (ء-ي) letter in [s, s+n)? */
static const char *foreign_letter(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	for (i = 0; i + 1 < n; i++) {
		unsigned c = ((unsigned)p[i] << 8) | p[i + 1];

		if ((c >= 0xD090 && c <= 0xD18F) || c == 0xD081 || c == 0xD191)
			return s + i;  /* U+0410..U+044F, U+0401, U+0451 */
		if ((c >= 0xD8A1 && c <= 0xD8BA) || (c >= 0xD981 && c <= 0xD98A))
			return s + i;  /* U+0621..U+063A, U+0641..U+064A */
	}
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	size_t i, j, bad;

	if (schemes == NULL)
		setup();
	for (i = 0; i < nschemes; i++) {
		glossa_buf out = GLOSSA_BUF_INIT;
		glossa_translit_span *sp = NULL;
		size_t nsp = 0, in_at = 0, out_at = 0;
		int r = glossa_translit_text(&out, &sp, &nsp, schemes[i], text,
			size);

		if (r < 0) {
			/* Only invalid input may be refused: not UTF-8, or
			 * binary (a NUL byte, as fix and check refuse it). */
			if (glossa_utf8__valid(text, size, &bad) &&
			    memchr(text, '\0', size) == NULL) {
				fprintf(stderr, "%s refused valid text: %s\n",
					list[i].name,
					glossa_error_last()->message);
				abort();
			}
			glossa_buf_dispose(&out);
			free(sp);
			return 0;
		}
		if (!glossa_utf8__valid(out.ptr ? out.ptr : "", out.size, &bad)) {
			fprintf(stderr, "%s: invalid UTF-8 out at %zu\n",
				list[i].name, bad);
			abort();
		}
		for (j = 0; j <= nsp; j++) {
			size_t in_end = j < nsp ? sp[j].start : size;
			size_t gap = in_end - in_at;

			if (in_end < in_at || out_at + gap > out.size ||
			    (j < nsp && (sp[j].out_start != out_at + gap ||
				sp[j].end < sp[j].start ||
				sp[j].end > size ||
				sp[j].out_end < sp[j].out_start ||
				sp[j].out_end > out.size))) {
				fprintf(stderr, "%s: span %zu out of order\n",
					list[i].name, j);
				abort();
			}
			if (gap && memcmp(text + in_at, out.ptr + out_at, gap)) {
				fprintf(stderr, "%s: bytes %zu..%zu outside spans changed\n",
					list[i].name, in_at, in_end);
				abort();
			}
			if (j == nsp) {
				if (out_at + gap != out.size) {
					fprintf(stderr, "%s: output has %zu extra bytes\n",
						list[i].name,
						out.size - out_at - gap);
					abort();
				}
				break;
			}
			if (foreign_letter(out.ptr + sp[j].out_start,
					sp[j].out_end - sp[j].out_start)) {
				fprintf(stderr, "%s: letter left in \"%.*s\" from \"%.*s\"\n",
					list[i].name,
					(int)(sp[j].out_end - sp[j].out_start),
					out.ptr + sp[j].out_start,
					(int)(sp[j].end - sp[j].start),
					text + sp[j].start);
				abort();
			}
			in_at = sp[j].end;
			out_at = sp[j].out_end;
		}
		glossa_buf_dispose(&out);
		free(sp);
	}
	return 0;
}
