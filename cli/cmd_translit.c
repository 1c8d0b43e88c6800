/*
 * glossa translit: Cyrillic and Arabic-script names in Latin script, the house
 * way (glossary first, then the scheme's rules), or in every scheme.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

static const char translit_help[] =
	"Usage: glossa translit [OPTIONS] [TEXT... | -]\n"
	"\n"
	"Write Russian, Ukrainian, Belarusian, Arabic and Persian names in\n"
	"Latin script. A name in the glossary gives its house form, in any\n"
	"grammatical case and with any Arabic clitic; so does a given name of\n"
	"the word's language in the lexicon. Other words follow the scheme's\n"
	"rules and are guesses (Arabic ones vowelled by their pattern). The\n"
	"output never keeps a letter of the script it converts. Everything\n"
	"else is kept byte for byte. With no TEXT, or -, standard input is\n"
	"read line by line.\n"
	"\n"
	"  -s, --scheme NAME    transliteration scheme (default: news)\n"
	"  -l, --lang LANG      ru, uk, be, ar, fa or auto (default: auto:\n"
	"                       Cyrillic and Arabic script, the language\n"
	"                       picked word by word); also --from LANG\n"
	"      --all-schemes    show each line in every scheme of its words'\n"
	"                       languages (rules only)\n"
	"      --no-glossary    use the rules only\n"
	"  -e, --explain        say where each name's spelling came from\n"
	"  -f, --format FMT     text (default) or json\n"
	"  -o, --output FILE    write to FILE (atomically) instead of\n"
	"                       standard output\n"
	"      --list           list the schemes\n"
	"  -j, --jobs N         standard input in N processes, cut at line\n"
	"                       ends (default: one per core; 0 is that too);\n"
	"                       the output is the same as with -j 1\n"
	"  -g, --glossary PATH  use this glossary database\n"
	"  -h, --help           show this help\n"
	"\n"
	"Exit status: 0 success, 2 error (bad option, invalid UTF-8).\n";

typedef struct {
	const char *label;      /* "ru bgn-pcgn" */
	const char *lang;
	glossa_translit *t;
} row;

typedef struct {
	glossa_translit *main;
	row *rows;
	size_t nrows;
	bool explain, json, all;
	bool first_json;
	glossa_buf out;
} ctx;

static const struct {
	const char *code;
	glossa_translit_from from;
} langs[] = {
	{ "auto", GLOSSA_TRANSLIT_AUTO },
	{ "ru", GLOSSA_TRANSLIT_RU },
	{ "uk", GLOSSA_TRANSLIT_UK },
	{ "be", GLOSSA_TRANSLIT_BE },
	{ "ar", GLOSSA_TRANSLIT_AR },
	{ "fa", GLOSSA_TRANSLIT_FA },
};

static int from_parse(glossa_translit_from *out, const char *code)
{
	size_t i;

	for (i = 0; i < sizeof(langs) / sizeof(langs[0]); i++)
		if (strcmp(code, langs[i].code) == 0) {
			*out = langs[i].from;
			return 0;
		}
	return -1;
}

static void json_str(FILE *f, const char *s, size_t n)
{
	size_t i;

	fputc('"', f);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\r')
			fputs("\\r", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* Was a word of the line read as `lang`? */
static bool read_as(const glossa_translit_span *sp, size_t n, const char *lang)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (sp[i].lang && strcmp(sp[i].lang, lang) == 0)
			return true;
	return false;
}

/* One line (without its line end) in text or JSON. */
static int do_line(ctx *c, const char *s, size_t n, const char *eol,
	size_t neol)
{
	glossa_translit_span *sp = NULL;
	size_t nsp = 0, i;

	glossa_buf_clear(&c->out);
	if (glossa_translit_text(&c->out, &sp, &nsp, c->main, s, n) < 0)
		return cli_lib_error();
	if (c->json) {
		printf("%s\n  {\"input\": ", c->first_json ? "" : ",");
		c->first_json = false;
		json_str(stdout, s, n);
		printf(", \"output\": ");
		json_str(stdout, c->out.ptr, c->out.size);
		printf(", \"names\": [");
		for (i = 0; i < nsp; i++) {
			glossa_translit_span *p = &sp[i];
			bool gl = p->source == GLOSSA_TRANSLIT_GLOSSARY;

			printf("%s\n    {\"byte_start\": %zu, \"byte_end\": %zu, "
				"\"text\": ",
				i ? "," : "", p->start, p->end);
			json_str(stdout, s + p->start, p->end - p->start);
			printf(", \"output\": ");
			json_str(stdout, c->out.ptr + p->out_start,
				p->out_end - p->out_start);
			printf(", \"source\": \"%s\", \"guess\": %s",
				gl ? "glossary" : "rules", gl ? "false" : "true");
			if (gl) {
				printf(", \"entry\": ");
				json_str(stdout, p->entry, strlen(p->entry));
				printf(", \"native\": ");
				json_str(stdout, p->native, strlen(p->native));
			} else {
				printf(", \"scheme\": \"%s\"", p->scheme);
				if (p->pattern) {
					printf(", \"pattern\": ");
					json_str(stdout, p->pattern,
						strlen(p->pattern));
				}
			}
			printf(", \"lang\": \"%s\"}", p->lang);
		}
		printf("%s]", nsp ? "\n  " : "");
	} else {
		fwrite(c->out.ptr, 1, c->out.size, stdout);
		if (neol)
			fwrite(eol, 1, neol, stdout);
		else if (c->explain || c->all)
			putchar('\n');
		for (i = 0; c->explain && i < nsp; i++) {
			glossa_translit_span *p = &sp[i];

			printf("  %.*s -> %.*s  ", (int)(p->end - p->start),
				s + p->start, (int)(p->out_end - p->out_start),
				c->out.ptr + p->out_start);
			if (p->source == GLOSSA_TRANSLIT_GLOSSARY)
				printf("[glossary: %s, %s]\n", p->entry,
					p->native);
			else if (p->pattern)
				printf("[rules: %s %s, guess by pattern %s]\n",
					p->lang, p->scheme, p->pattern);
			else
				printf("[rules: %s %s, guess]\n", p->lang,
					p->scheme);
		}
	}
	if (c->all) {
		bool first = true;

		if (c->json)
			printf(", \"schemes\": {");
		for (i = 0; i < c->nrows; i++) {
			row *r = &c->rows[i];

			/* the schemes of the languages its words were
			 * read as */
			if (!read_as(sp, nsp, r->lang))
				continue;
			glossa_buf_clear(&c->out);
			if (glossa_translit_text(&c->out, NULL, NULL, r->t, s,
					n) < 0) {
				free(sp);
				return cli_lib_error();
			}
			if (c->json) {
				printf("%s\"%s\": ", first ? "" : ", ",
					r->label);
				first = false;
				json_str(stdout, c->out.ptr, c->out.size);
			} else {
				printf("  %-19s %s\n", r->label, c->out.ptr);
			}
		}
		if (c->json)
			printf("}");
	}
	free(sp);
	if (c->json)
		printf("}");
	return 0;
}

static int do_text(ctx *c, const char *s, size_t n)
{
	size_t pos = 0;
	int rc;

	/* Plain output: whole blocks of lines at once (names never run
	 * over a line end), so big inputs stream fast. */
	if (!c->json && !c->explain && !c->all) {
		while (pos < n) {
			size_t end = pos + 65536 < n ? pos + 65536 : n;
			const char *nl;

			if (end < n) {
				nl = memchr(s + end, '\n', n - end);
				end = nl ? (size_t)(nl - s) + 1 : n;
			}
			glossa_buf_clear(&c->out);
			if (glossa_translit_text(&c->out, NULL, NULL, c->main,
					s + pos, end - pos) < 0)
				return cli_lib_error();
			fwrite(c->out.ptr, 1, c->out.size, stdout);
			pos = end;
		}
		return 0;
	}
	while (pos < n) {
		const char *nl = memchr(s + pos, '\n', n - pos);
		size_t end = nl ? (size_t)(nl - s) : n, eol = nl ? 1 : 0;

		if (end > pos && s[end - 1] == '\r') {
			end--;
			eol++;
		}
		if ((rc = do_line(c, s + pos, end - pos, s + end, eol)) != 0)
			return rc;
		pos = end + eol;
	}
	return 0;
}

/*
 * -j: standard input cut at line ends into pieces that worker processes
 * transliterate, their output written here in order. A line is the unit
 * of the work (its words' language is picked line by line); the plain
 * output even cuts where the one-process loop of do_text() cuts its
 * blocks, so every call is the one -j 1 makes.
 */
typedef struct {
	ctx *c;
	const char *s;
	size_t *cut;   /* piece i is s[cut[i], cut[i + 1]) */
	size_t n;
} tr_run;

#define PIECE_MIN 65536

static int tr_task(size_t i, glossa_buf *payload, void *arg)
{
	tr_run *run = arg;

	(void)payload;
	run->c->first_json = i == 0;
	return do_text(run->c, run->s + run->cut[i],
		run->cut[i + 1] - run->cut[i]);
}

static int tr_consume(const cli_pool_result *res, void *arg)
{
	(void)arg;
	if (cli_pool_emit(res) < 0)
		return EXIT_TROUBLE;
	return res->rc;
}

/* The pieces: about four per process, none under PIECE_MIN bytes. */
static int tr_cut(tr_run *run, size_t n, int jobs)
{
	size_t want = n / ((size_t)jobs * 4), pos = 0, start = 0, a = 16;
	bool blocks = !run->c->json && !run->c->explain && !run->c->all;

	if (want < PIECE_MIN)
		want = PIECE_MIN;
	if ((run->cut = malloc(a * sizeof(size_t))) == NULL)
		return -1;
	run->cut[0] = 0;
	run->n = 0;
	while (pos < n) {
		const char *nl;
		size_t end;

		/* The next cut: do_text()'s next block end, or the next
		 * line end. */
		end = pos + (blocks ? 65536 : want - (pos - start));
		if (end >= n) {
			end = n;
		} else {
			nl = memchr(run->s + end, '\n', n - end);
			end = nl ? (size_t)(nl - run->s) + 1 : n;
		}
		pos = end;
		if (pos - start < want && pos < n)
			continue;
		if (run->n + 2 > a) {
			size_t *p = realloc(run->cut, 2 * a * sizeof(size_t));

			if (p == NULL)
				return -1;
			run->cut = p;
			a *= 2;
		}
		run->cut[++run->n] = pos;
		start = pos;
	}
	return 0;
}

static int list_schemes(void)
{
	size_t n, i;
	const glossa_translit_scheme *s = glossa_translit_schemes(&n);

	for (i = 0; i < n; i++)
		printf("%-16s %s  %s\n", s[i].name, s[i].lang,
			s[i].description);
	return EXIT_CLEAN;
}

int cmd_translit(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "scheme", required_argument, NULL, 's' },
		{ "from", required_argument, NULL, 'F' },
		{ "lang", required_argument, NULL, 'F' },
		{ "output", required_argument, NULL, 'o' },
		{ "all-schemes", no_argument, NULL, 'A' },
		{ "no-glossary", no_argument, NULL, 'N' },
		{ "explain", no_argument, NULL, 'e' },
		{ "format", required_argument, NULL, 'f' },
		{ "list", no_argument, NULL, 'L' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "glossary", required_argument, NULL, 'g' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	glossa_translit_options o = GLOSSA_TRANSLIT_OPTIONS_INIT;
	glossa_store *store = NULL;
	glossa_buf input = GLOSSA_BUF_INIT;
	ctx c;
	const glossa_translit_scheme *sl;
	size_t nsl, i;
	bool no_glossary = false, list = false, use_stdin;
	const char *output = NULL;
	cli_output outp = { NULL, -1, -1 };
	int ch, rc = EXIT_TROUBLE, jobs = cli_jobs_default();
	tr_run run;

	memset(&c, 0, sizeof(c));
	memset(&run, 0, sizeof(run));
	c.first_json = true;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "s:anf:el:o:j:g:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'j':
			if (cli_jobs_parse(&jobs, "translit", optarg) != 0)
				return EXIT_TROUBLE;
			break;
		case 's':
			o.scheme = optarg;
			break;
		case 'F':
		case 'l':
			if (from_parse(&o.from, optarg) < 0)
				return cli_usage_error("translit",
					"unknown language '%s' (ru, uk, be, ar, fa, auto)",
					optarg);
			break;
		case 'A':
			c.all = true;
			break;
		case 'N':
			no_glossary = true;
			break;
		case 'a':
			return cli_flag_moved("translit", 'a', "--all-schemes",
				"--accept");
		case 'n':
			return cli_flag_moved("translit", 'n', "--no-glossary",
				"--dry-run");
		case 'o':
			output = optarg;
			break;
		case 'e':
			c.explain = true;
			break;
		case 'f':
			if (strcmp(optarg, "json") == 0)
				c.json = true;
			else if (strcmp(optarg, "text") != 0)
				return cli_usage_error("translit",
					"unknown format '%s' (text, json)",
					optarg);
			break;
		case 'L':
			list = true;
			break;
		case 'g':
			cli_global.glossary = optarg;
			break;
		case 'h':
			fputs(translit_help, stdout);
			return EXIT_CLEAN;
		default:
			fprintf(stderr, "Try 'glossa translit --help'.\n");
			return EXIT_TROUBLE;
		}
	}
	if (cli_output_begin(&outp, output) < 0)
		return EXIT_TROUBLE;
	if (list) {
		rc = list_schemes();
		goto out;
	}
	if (!no_glossary && (rc = cli_open_store_here(&store)) != 0)
		goto out;
	rc = EXIT_TROUBLE;
	if (store && cli_output_clash_glossary(output,
			glossa_store_path(store)) < 0)
		goto out;
	o.store = store;
	o.flags = no_glossary ? GLOSSA_TRANSLIT_NO_GLOSSARY : 0;
	if (glossa_translit_new(&c.main, &o) < 0) {
		cli_lib_error();
		goto out;
	}
	if (c.all) {
		sl = glossa_translit_schemes(&nsl);
		if ((c.rows = calloc(nsl, sizeof(row))) == NULL) {
			cli_error("out of memory");
			goto out;
		}
		for (i = 0; i < nsl; i++) {
			glossa_translit_options ro = GLOSSA_TRANSLIT_OPTIONS_INIT;
			static char labels[32][32];

			/* --from names a language: its schemes only */
			if (i >= 32 || (o.from != GLOSSA_TRANSLIT_AUTO &&
			    (from_parse(&ro.from, sl[i].lang) < 0 ||
			     ro.from != o.from)))
				continue;
			ro.scheme = sl[i].name;
			if (from_parse(&ro.from, sl[i].lang) < 0)
				continue;
			ro.flags = GLOSSA_TRANSLIT_NO_GLOSSARY;
			snprintf(labels[i], sizeof(labels[i]), "%s %s",
				sl[i].lang, sl[i].name);
			c.rows[c.nrows].label = labels[i];
			c.rows[c.nrows].lang = sl[i].lang;
			if (glossa_translit_new(&c.rows[c.nrows].t, &ro) < 0) {
				cli_lib_error();
				goto out;
			}
			c.nrows++;
		}
	}
	use_stdin = optind >= argc ||
		(optind == argc - 1 && strcmp(argv[optind], "-") == 0);
	if (c.json)
		printf("[");
	if (use_stdin) {
		const char *nul;

		if (cli_read_file(&input, "-") < 0)
			goto out;
		if (glossa_text_validate(input.ptr, input.size, "<stdin>") < 0) {
			rc = cli_lib_error();
			goto out;
		}
		/* Text, not a binary file: the same refusal as glossa fix. */
		if ((nul = memchr(input.ptr, '\0', input.size)) != NULL) {
			size_t off = (size_t)(nul - input.ptr), k;
			unsigned line = 1;

			for (k = 0; k < off; k++)
				line += input.ptr[k] == '\n';
			cli_error("<stdin>:%u: a binary file, not text (NUL byte at offset %zu)",
				line, off);
			rc = EXIT_TROUBLE;
			goto out;
		}
		run.c = &c;
		run.s = input.ptr;
		if (jobs > 1 && input.size >= 2 * PIECE_MIN) {
			if (tr_cut(&run, input.size, jobs) < 0) {
				cli_error("out of memory");
				goto out;
			}
		}
		if (run.n > 1) {
			rc = cli_pool_run(run.n, jobs, tr_task, tr_consume,
				&run);
			if (rc != 0) {
				rc = EXIT_TROUBLE;
				goto out;
			}
		} else if ((rc = do_text(&c, input.ptr, input.size)) != 0) {
			goto out;
		}
	} else {
		for (i = (size_t)optind; i < (size_t)argc; i++) {
			char src[32];
			size_t n = strlen(argv[i]);

			snprintf(src, sizeof(src), "argument %zu",
				i - (size_t)optind + 1);
			if (glossa_text_validate(argv[i], n, src) < 0) {
				rc = cli_lib_error();
				goto out;
			}
			if ((rc = do_text(&c, argv[i], n)) != 0)
				goto out;
			if (!c.json && !(c.explain || c.all))
				putchar('\n');
		}
	}
	if (c.json)
		printf("\n]\n");
	rc = EXIT_CLEAN;  /* main() flushes standard output, and says so when that fails */
out:
	for (i = 0; i < c.nrows; i++)
		glossa_translit_free(c.rows[i].t);
	free(c.rows);
	glossa_translit_free(c.main);
	glossa_store_free(store);
	glossa_buf_dispose(&input);
	glossa_buf_dispose(&c.out);
	free(run.cut);
	if (cli_output_end(&outp, rc == EXIT_CLEAN) < 0)
		rc = EXIT_TROUBLE;
	return rc;
}
