/*
 * Data-driven scheme tests: run-scheme SCHEME LANG FILE. FILE has lines
 * "input<TAB>expected" ('#' comments, blank lines skipped); each line is
 * one TAP test of the scheme's rules (glossary off).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glossa.h>
#include "../harness.h"

int main(int argc, char **argv)
{
	glossa_translit_options o = GLOSSA_TRANSLIT_OPTIONS_INIT;
	glossa_translit *t = NULL;
	glossa_buf out = GLOSSA_BUF_INIT;
	char line[4096];
	unsigned lineno = 0;
	FILE *f;

	if (argc != 4) {
		fprintf(stderr, "usage: run-scheme SCHEME ru|ar FILE\n");
		return 2;
	}
	o.scheme = argv[1];
	o.from = strcmp(argv[2], "ar") == 0 ? GLOSSA_TRANSLIT_AR :
		GLOSSA_TRANSLIT_RU;
	o.flags = GLOSSA_TRANSLIT_NO_GLOSSARY;
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
	}
	fclose(f);
	glossa_buf_dispose(&out);
	glossa_translit_free(t);
	return done_testing();
}
