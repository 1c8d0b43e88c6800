/*
 * Fuzz target: transliteration, every scheme, with the shipped glossary
 * ($GLOSSA_DEFAULT_DB) consulted. Properties for valid UTF-8 input:
 *   - the output is valid UTF-8;
 *   - spans are in order, inside the input and the output, and every byte
 *     outside them is copied verbatim (the rest of the text is untouched);
 *   - a transliterated span contains no letter of the script it converts
 *     from (Cyrillic, Arabic), and with --from auto the whole output has
 *     none: never mixed script.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static glossa_translit **schemes;   /* every scheme, then auto */
static size_t nschemes;
static const glossa_translit_scheme *list;

static glossa_translit_from from_of(const char *lang)
{
	return strcmp(lang, "ar") == 0 ? GLOSSA_TRANSLIT_AR :
		strcmp(lang, "fa") == 0 ? GLOSSA_TRANSLIT_FA :
		strcmp(lang, "uk") == 0 ? GLOSSA_TRANSLIT_UK :
		strcmp(lang, "be") == 0 ? GLOSSA_TRANSLIT_BE :
		GLOSSA_TRANSLIT_RU;
}

static void setup(void)
{
	glossa_store *store = NULL;
	const char *db = getenv("GLOSSA_DEFAULT_DB");
	size_t i;

	list = glossa_translit_schemes(&nschemes);
	if (db && glossa_store_open(&store, db, GLOSSA_STORE_BUILTIN) < 0)
		store = NULL;
	schemes = calloc(nschemes + 1, sizeof(*schemes));
	if (schemes == NULL)
		abort();
	for (i = 0; i <= nschemes; i++) {
		glossa_translit_options o = GLOSSA_TRANSLIT_OPTIONS_INIT;

		/* the last one: news, every language, picked per word */
		o.scheme = i < nschemes ? list[i].name : "news";
		o.from = i < nschemes ? from_of(list[i].lang) :
			GLOSSA_TRANSLIT_AUTO;
		o.store = store;
		if (glossa_translit_new(&schemes[i], &o) < 0) {
			fprintf(stderr, "scheme %s: %s\n", o.scheme,
				glossa_error_last()->message);
			abort();
		}
	}
	/* The transliterators read the glossary once; the store can go. */
	glossa_store_free(store);
}

/* A Cyrillic or Arabic letter in [s, s+n)? */
static const char *foreign_letter(const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s;
	int32_t i = 0, at;
	UChar32 c;

	while (i < (int32_t)n) {
		UErrorCode st = U_ZERO_ERROR;
		UScriptCode sc;

		at = i;
		U8_NEXT(p, i, (int32_t)n, c);
		if (c < 0x0370 || !u_isalpha(c))
			continue;
		sc = uscript_getScript(c, &st);
		if (sc == USCRIPT_CYRILLIC || sc == USCRIPT_ARABIC)
			return s + at;
	}
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	size_t i, j, bad;

	if (schemes == NULL)
		setup();
	for (i = 0; i <= nschemes; i++) {
		const char *name = i < nschemes ? list[i].name : "auto";
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
					name,
					glossa_error_last()->message);
				abort();
			}
			glossa_buf_dispose(&out);
			free(sp);
			return 0;
		}
		if (!glossa_utf8__valid(out.ptr ? out.ptr : "", out.size, &bad)) {
			fprintf(stderr, "%s: invalid UTF-8 out at %zu\n",
				name, bad);
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
					name, j);
				abort();
			}
			if (gap && memcmp(text + in_at, out.ptr + out_at, gap)) {
				fprintf(stderr, "%s: bytes %zu..%zu outside spans changed\n",
					name, in_at, in_end);
				abort();
			}
			if (j == nsp) {
				if (out_at + gap != out.size) {
					fprintf(stderr, "%s: output has %zu extra bytes\n",
						name,
						out.size - out_at - gap);
					abort();
				}
				break;
			}
			if (foreign_letter(out.ptr + sp[j].out_start,
					sp[j].out_end - sp[j].out_start)) {
				fprintf(stderr, "%s: letter left in \"%.*s\" from \"%.*s\"\n",
					name,
					(int)(sp[j].out_end - sp[j].out_start),
					out.ptr + sp[j].out_start,
					(int)(sp[j].end - sp[j].start),
					text + sp[j].start);
				abort();
			}
			in_at = sp[j].end;
			out_at = sp[j].out_end;
		}
		/* auto converts both scripts: none of their letters is left
		 * (the text outside spans had none to keep) */
		if (i == nschemes && foreign_letter(out.ptr, out.size)) {
			const char *at = foreign_letter(out.ptr, out.size);

			fprintf(stderr, "auto: letter left at byte %zu of the output\n",
				(size_t)(at - out.ptr));
			abort();
		}
		glossa_buf_dispose(&out);
		free(sp);
	}
	return 0;
}
