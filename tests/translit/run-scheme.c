/*
 * Data-driven scheme tests: run-scheme SCHEME LANG FILE [GLOSSARY.db].
 * FILE has lines "input<TAB>expected" ('#' comments, blank lines
 * skipped); each line is one TAP test of the scheme's rules (glossary
 * off), or, with a glossary database, of what `glossa translit` gives:
 * the glossary and its given-names lexicon first, then the rules. For
 * Arabic and Persian, each line also checks that no Arabic letter is left.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glossa.h>
#include "../harness.h"

/* Any code point of the Arabic blocks (Arabic, Supplement, Extended-A,
 * Presentation Forms A and B) in UTF-8 text. */
static int has_arabic(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		unsigned long c = *p;
		int n = 0;

		if (c >= 0xF0) {
			c &= 0x07;
			n = 3;
		} else if (c >= 0xE0) {
			c &= 0x0F;
			n = 2;
		} else if (c >= 0xC0) {
			c &= 0x1F;
			n = 1;
		}
		p++;
		while (n-- > 0 && (*p & 0xC0) == 0x80)
			c = (c << 6) | (*p++ & 0x3F);
		if ((c >= 0x0600 && c <= 0x06FF) || (c >= 0x0750 && c <= 0x077F) ||
		    (c >= 0x08A0 && c <= 0x08FF) || (c >= 0xFB50 && c <= 0xFDFF) ||
		    (c >= 0xFE70 && c <= 0xFEFF))
			return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	glossa_translit_options o = GLOSSA_TRANSLIT_OPTIONS_INIT;
	glossa_translit *t = NULL;
	glossa_buf out = GLOSSA_BUF_INIT;
	char line[4096];
	unsigned lineno = 0;
	glossa_store *store = NULL;
	int arab;
	FILE *f;

	if (argc != 4 && argc != 5) {
		fprintf(stderr, "usage: run-scheme SCHEME ru|uk|be|ar|fa FILE [GLOSSARY]\n");
		return 2;
	}
	arab = strcmp(argv[2], "ar") == 0 || strcmp(argv[2], "fa") == 0;
	o.scheme = argv[1];
	o.from = strcmp(argv[2], "ar") == 0 ? GLOSSA_TRANSLIT_AR :
		strcmp(argv[2], "uk") == 0 ? GLOSSA_TRANSLIT_UK :
		strcmp(argv[2], "be") == 0 ? GLOSSA_TRANSLIT_BE :
		strcmp(argv[2], "fa") == 0 ? GLOSSA_TRANSLIT_FA :
		GLOSSA_TRANSLIT_RU;
	o.flags = GLOSSA_TRANSLIT_NO_GLOSSARY;
	if (argc == 5) {
		if (glossa_store_open(&store, argv[4], GLOSSA_STORE_READONLY) < 0) {
			printf("Bail out! %s\n", glossa_error_last()->message);
			return 1;
		}
		o.store = store;
		o.flags = 0;
	}
	if (glossa_translit_new(&t, &o) < 0) {
		printf("Bail out! %s\n", glossa_error_last()->message);
		return 1;
	}
	if ((f = fopen(argv[3], "r")) == NULL) {
		printf("Bail out! cannot open %s\n", argv[3]);
		return 1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *tab, *nl;

		lineno++;
		if ((nl = strchr(line, '\n')) != NULL)
			*nl = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if ((tab = strchr(line, '\t')) == NULL) {
			ok(0, "%s:%u: no TAB", argv[3], lineno);
			continue;
		}
		*tab = '\0';
		glossa_buf_clear(&out);
		if (glossa_translit_text(&out, NULL, NULL, t, line,
				strlen(line)) < 0) {
			ok(0, "%s:%u: %s", argv[3], lineno,
				glossa_error_last()->message);
			continue;
		}
		is_str(out.ptr, tab + 1, "%s %s -> %s", argv[1], line, tab + 1);
		if (arab)
			ok(!has_arabic(out.ptr), "%s %s: no Arabic letter left",
				argv[1], line);
	}
	fclose(f);
	glossa_buf_dispose(&out);
	glossa_translit_free(t);
	glossa_store_free(store);
	return done_testing();
}
