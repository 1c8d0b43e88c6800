/*
 * glossa glossary: keep the shared glossary.
 *
 *   init | add | alias | set | rm | show | list | find | import | export |
 *   log | undo | restore | validate | stats
 *
 * Each subcommand parses its options, makes one or two library calls and
 * prints the result; every write is one transaction in the library.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli.h"

#define GLOBAL_OPTS \
	{ "glossary", required_argument, NULL, 'g' }, \
	{ "help", no_argument, NULL, 'h' }

/* Handle the options every subcommand shares; returns -1 when `ch` was
 * not one of them, else an exit code (or 0 to go on). */
static int common_opt(int ch, const char *cmd, const char *help, bool *done)
{
	switch (ch) {
	case 'g':
		cli_global.glossary = optarg;
		return 0;
	case 'h':
		fputs(help, stdout);
		*done = true;
		return EXIT_CLEAN;
	case '?':
		*done = true;
		fprintf(stderr, "Try 'glossa glossary %s --help'.\n", cmd);
		return EXIT_TROUBLE;
	}
	return -1;
}

#define HANDLE_COMMON(cmd, help) \
	do { \
		bool done_ = false; \
		int r_ = common_opt(ch, cmd, help, &done_); \
		if (done_) \
			return r_; \
		if (r_ == 0) \
			continue; \
	} while (0)

static bool format_from_name(glossa_format *out, const char *path)
{
	const char *dot = path ? strrchr(path, '.') : NULL;

	*out = GLOSSA_FORMAT_TSV;
	if (dot == NULL)
		return false;
	if (strcasecmp(dot, ".xml") == 0) {
		*out = GLOSSA_FORMAT_TBX;
		return true;
	}
	return glossa_format_parse(out, dot + 1) == 0;
}

/* An extension of a format glossa does not write, which a program would
 * open as that format (a spreadsheet, a document). */
static bool other_format_name(const char *ext)
{
	static const char *const names[] = { "xlsx", "xlsm", "xls", "ods",
		"odt", "docx", "doc", "rtf", "pdf", "html", "htm",
		"numbers", "zip" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(ext, names[i]) == 0)
			return true;
	return false;
}

/* The file's name says what it holds: a format glossa cannot write that
 * a program would open as its own (names.xlsx) is refused, not written as
 * TSV under that name; so is a name that says another format than
 * --format. Else the format is the name's (TSV for any other name),
 * without --format. */
static int export_name_check(const char *output, bool have_format,
	glossa_format *format)
{
	const char *dot = strrchr(output, '.');
	glossa_format named;
	bool known = format_from_name(&named, output);

	if (dot && strchr(dot, '/') == NULL && !known &&
	    other_format_name(dot + 1))
		return cli_usage_error("glossary export",
			"%s: cannot write %s files (tsv, csv, tbx, "
			"json); name the file for the format %s",
			output, dot + 1, have_format ?
			"written" : "wanted, or give --format");
	if (known && have_format && named != *format &&
	    !(named == GLOSSA_FORMAT_TBX && strcasecmp(dot, ".xml") == 0))
		return cli_usage_error("glossary export",
			"%s: the name says %s but --format says "
			"otherwise; no file was written", output, dot + 1);
	if (!have_format)
		*format = known ? named : GLOSSA_FORMAT_TSV;
	return 0;
}

static int parse_format(glossa_format *out, const char *cmd, const char *name)
{
	if (glossa_format_parse(out, name) < 0)
		return cli_usage_error(cmd,
			"unknown format '%s' (tsv, csv, tbx, json)", name);
	return 0;
}

/* ---- init ---- */

static const char init_help[] =
	"Usage: glossa glossary init [--from-default | --empty] [--glossary PATH]\n"
	"\n"
	"Create a new, writable glossary. It goes to --glossary PATH, else\n"
	"$GLOSSA_DB, else your own glossary (~/.local/share/glossa/glossary.db,\n"
	"which glossa then uses by default).\n"
	"\n"
	"  --from-default   start with a copy of the built-in glossary\n"
	"  --empty          start empty, even where glossa will use it\n"
	"                   instead of the built-in glossary ($GLOSSA_DB or\n"
	"                   your own glossary: without --glossary, one of\n"
	"                   the two is required)\n"
	"  -g, --glossary PATH  create the glossary here\n"
	"  -h, --help       show this help\n";

static int mkdirs(const char *path)
{
	char *copy = strdup(path), *p;

	if (copy == NULL)
		return -1;
	for (p = copy + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0777) < 0 && errno != EEXIST) {
			cli_error("%s: cannot create folder: %s", copy,
				strerror(errno));
			free(copy);
			return -1;
		}
		*p = '/';
	}
	free(copy);
	return 0;
}

static int glossary_init(int argc, char **argv)
{
	static const struct option opts[] = {
		GLOBAL_OPTS,
		{ "from-default", no_argument, NULL, 'D' },
		{ "empty", no_argument, NULL, 'E' },
		{ NULL, 0, NULL, 0 }
	};
	glossa_buf path = GLOSSA_BUF_INIT;
	glossa_store *store = NULL, *builtin = NULL;
	glossa_doc *doc = NULL;
	const char *env = getenv("GLOSSA_DB");
	bool from_default = false, empty = false;
	int ch, rc = EXIT_TROUBLE, n;

	while ((ch = getopt_long(argc, argv, "g:h", opts, NULL)) != -1) {
		HANDLE_COMMON("init", init_help);
		if (ch == 'D')
			from_default = true;
		else if (ch == 'E')
			empty = true;
	}
	if (optind < argc)
		return cli_usage_error("glossary init", "unexpected argument '%s'",
			argv[optind]);
	if (from_default && empty)
		return cli_usage_error("glossary init",
			"--from-default and --empty: choose one");
	if (cli_global.glossary)
		glossa_buf_puts(&path, cli_global.glossary);
	else if (env && *env)
		glossa_buf_puts(&path, env);
	else if (glossa_store_user_path(&path) < 0)
		return cli_lib_error();
	if (path.ptr == NULL)
		return cli_lib_error();
	/* An empty glossary where glossa looks by default would silently
	 * take the built-in one's place: every name would pass check. */
	if (!from_default && !empty && !cli_global.glossary) {
		cli_error("%s: an empty glossary there (%s) would be used instead of the built-in one: use --from-default to start from a copy of it, or --empty to start empty; nothing was changed",
			path.ptr, env && *env ? "$GLOSSA_DB" :
			"your own glossary");
		goto out;
	}
	if (access(path.ptr, F_OK) == 0) {
		cli_error("%s: a glossary already exists there; nothing was changed",
			path.ptr);
		goto out;
	}
	if (from_default) {
		const char *bp = glossa_store_builtin_path();

		if (glossa_store_open(&builtin, bp, GLOSSA_STORE_BUILTIN) < 0 ||
		    glossa_store_export(&doc, builtin, NULL) < 0) {
			cli_lib_error();
			goto out;
		}
	}
	if (mkdirs(path.ptr) < 0)
		goto out;
	if (glossa_store_open(&store, path.ptr, GLOSSA_STORE_CREATE) < 0) {
		cli_lib_error();
		goto out;
	}
	if (doc && (n = glossa_store_import(store, doc, 0, NULL,
			glossa_store_builtin_path())) < 0) {
		cli_lib_error();
		glossa_store_free(store);
		store = NULL;
		unlink(path.ptr);
		goto out;
	}
	printf("created %s%s\n", path.ptr,
		doc ? " from the built-in glossary" : "");
	if (doc)
		printf("%zu entries\n", glossa_doc_count(doc));
	rc = EXIT_CLEAN;
out:
	glossa_doc_free(doc);
	glossa_store_free(builtin);
	glossa_store_free(store);
	glossa_buf_dispose(&path);
	return rc;
}

/* ---- add ---- */

static const char add_help[] =
	"Usage: glossa glossary add [OPTIONS] KEY \"HOUSE FORM\" [VARIANT...]\n"
	"\n"
	"Add a name: its stable KEY (lower-case letters, digits, - . _), its\n"
	"full house form, and any variant spellings. A variant becomes the\n"
	"short form when it has fewer words than the house form, else the\n"
	"house form. Non-Latin variants are stored as native forms.\n"
	"\n"
	"  -k, --kind KIND      person (default), place, org, term or given\n"
	"                       (a given name for translit only)\n"
	"  -s, --short FORM     the short house form for later references\n"
	"      --status STATUS  approved (default), proposed or deprecated\n"
	"      --note TEXT      who or what this is\n"
	"  -a, --alternate FORM an accepted alternate spelling (repeatable)\n"
	"  -g, --glossary PATH  the glossary to change\n"
	"  -h, --help           show this help\n"
	"\n"
	"Example:\n"
	"  glossa glossary add -s Assad -n 'President of Syria 2000-2024' \\\n"
	"    assad-bashar 'Bashar Assad' 'Bashar al-Asad' Asad 'بشار الأسد'\n";

/* Has the entry a form written `text`? */
static bool has_form(const glossa_entry *e, const char *text)
{
	size_t i;

	for (i = 0; i < e->nforms; i++)
		if (strcmp(e->forms[i].text, text) == 0)
			return true;
	return false;
}

static int glossary_add(int argc, char **argv)
{
	static const struct option opts[] = {
		GLOBAL_OPTS,
		{ "kind", required_argument, NULL, 'k' },
		{ "short", required_argument, NULL, 's' },
		{ "status", required_argument, NULL, 'S' },
		{ "note", required_argument, NULL, 'O' },
		{ "alternate", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 }
	};
	glossa_kind kind = GLOSSA_KIND_PERSON;
	glossa_status status = GLOSSA_STATUS_APPROVED;
	const char *shrt = NULL, *note = "", *alts[64];
	size_t nalts = 0;
	glossa_doc *doc = NULL;
	glossa_entry *e;
	glossa_store *store = NULL;
	int ch, i, rc = EXIT_TROUBLE;

	while ((ch = getopt_long(argc, argv, "g:hk:s:na:", opts, NULL)) != -1) {
		HANDLE_COMMON("add", add_help);
		switch (ch) {
		case 'k':
			if (glossa_kind_parse(&kind, optarg) < 0)
				return cli_usage_error("glossary add",
					"unknown kind '%s' (person, place, org, term)",
					optarg);
			break;
		case 'S':
			if (glossa_status_parse(&status, optarg) < 0)
				return cli_usage_error("glossary add",
					"unknown status '%s' (approved, proposed, deprecated)",
					optarg);
			break;
		case 's':
			shrt = optarg;
			break;
		case 'n':
			return cli_flag_moved("glossary add", 'n', "--note",
				"--dry-run");
		case 'O':
			note = optarg;
			break;
		case 'a':
			if (nalts == sizeof(alts) / sizeof(alts[0]))
				return cli_usage_error("glossary add",
					"too many alternates");
			alts[nalts++] = optarg;
			break;
		}
	}
	if (argc - optind < 2)
		return cli_usage_error("glossary add",
			"need a KEY and a house form");
	if (glossa_doc_new(&doc) < 0 ||
	    glossa_doc_add_entry(&e, doc, argv[optind], kind, status, note,
			0) < 0 ||
	    glossa_entry_add_form(e, &(glossa_form_spec){
			.type = GLOSSA_FORM_HOUSE,
			.text = argv[optind + 1] }) < 0 ||
	    (shrt && glossa_entry_add_form(e, &(glossa_form_spec){
			.type = GLOSSA_FORM_SHORT, .text = shrt }) < 0)) {
		rc = cli_lib_error();
		goto out;
	}
	for (i = 0; (size_t)i < nalts; i++) {
		if (has_form(e, alts[i]))
			continue;
		if (glossa_entry_add_form(e, &(glossa_form_spec){
				.type = GLOSSA_FORM_ALTERNATE,
				.text = alts[i] }) < 0) {
			rc = cli_lib_error();
			goto out;
		}
	}
	for (i = optind + 2; i < argc; i++) {
		glossa_form_type t = GLOSSA_FORM_VARIANT;
		glossa_entry *last;

		/* A spelling given twice (or the house form again) is
		 * there already: said, not refused as "listed twice". */
		if (has_form(e, argv[i])) {
			printf("already there in %s: %s\n", e->key, argv[i]);
			continue;
		}
		if (glossa_entry_add_form(e, &(glossa_form_spec){
				.type = t, .text = argv[i] }) < 0) {
			rc = cli_lib_error();
			goto out;
		}
		/* A variant in another script is a native form. */
		last = e;
		if (strcmp(last->forms[last->nforms - 1].script, "Latn") != 0)
			last->forms[last->nforms - 1].type = GLOSSA_FORM_NATIVE;
	}
	if ((rc = cli_open_store(&store, true)) != 0)
		goto out;
	if (glossa_store_add(store, e) < 0) {
		rc = cli_lib_error();
		goto out;
	}
	printf("added %s: %s (%zu forms)\n", e->key, argv[optind + 1],
		e->nforms);
	rc = EXIT_CLEAN;
out:
	glossa_store_free(store);
	glossa_doc_free(doc);
	return rc;
}

/* ---- alias ---- */

static const char alias_help[] =
	"Usage: glossa glossary alias [OPTIONS] KEY FORM...\n"
	"\n"
	"Add spellings to an entry. By default a Latin-script FORM is a\n"
	"variant and any other script a native form; a variant or native form\n"
	"becomes the short house form when it has fewer words than the full\n"
	"house form, else the house form. The FORMs are added all or none;\n"
	"one the entry has already is \"already there\" (nothing changed).\n"
	"\n"
	"  -t, --type TYPE      variant, native, alternate, short, alone (a\n"
	"                       one-word variant that names the entry on its\n"
	"                       own) or exception (a phrase in which the\n"
	"                       entry's forms are something else: \"chicken\n"
	"                       Kiev\")\n"
	"  -b, --becomes FORM   the house or short form this one becomes\n"
	"  -l, --lang TAG       the language (BCP 47; default by script:\n"
	"                       en, ru, ar)\n"
	"      --script CODE    the script (ISO 15924; default: detected)\n"
	"      --note TEXT      where this spelling comes from\n"
	"  -g, --glossary PATH  the glossary to change\n"
	"  -h, --help           show this help\n";

static int glossary_alias(int argc, char **argv)
{
	static const struct option opts[] = {
		GLOBAL_OPTS,
		{ "type", required_argument, NULL, 't' },
		{ "becomes", required_argument, NULL, 'b' },
		{ "lang", required_argument, NULL, 'l' },
		{ "script", required_argument, NULL, 'C' },
		{ "note", required_argument, NULL, 'O' },
		{ NULL, 0, NULL, 0 }
	};
	glossa_form_type type = GLOSSA_FORM_AUTO;
	const char *becomes = NULL, *lang = NULL, *script = NULL, *note = NULL;
	glossa_store *store = NULL;
	glossa_form_spec *forms = NULL;
	glossa_buf warnings = GLOSSA_BUF_INIT;
	int *present = NULL;
	size_t nforms, k;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "g:ht:b:l:n", opts, NULL)) != -1) {
		HANDLE_COMMON("alias", alias_help);
		switch (ch) {
		case 't':
			if (glossa_form_type_parse(&type, optarg) < 0 ||
			    type == GLOSSA_FORM_HOUSE)
				return cli_usage_error("glossary alias",
					"unknown type '%s' (variant, native, alternate, short)",
					optarg);
			break;
		case 'b':
			becomes = optarg;
			break;
		case 'l':
			lang = optarg;
			break;
		case 'C':
			script = optarg;
			break;
		case 'n':
			return cli_flag_moved("glossary alias", 'n', "--note",
				"--dry-run");
		case 'O':
			note = optarg;
			break;
		}
	}
	if (argc - optind < 2)
		return cli_usage_error("glossary alias",
			"need a KEY and at least one FORM");
	nforms = (size_t)(argc - optind - 1);
	if ((forms = calloc(nforms, sizeof(*forms))) == NULL ||
	    (present = calloc(nforms, sizeof(int))) == NULL) {
		free(forms);
		cli_error("out of memory");
		return EXIT_TROUBLE;
	}
	for (k = 0; k < nforms; k++)
		forms[k] = (glossa_form_spec){ .type = type,
			.text = argv[optind + 1 + (int)k], .script = script,
			.lang = lang, .becomes = becomes, .note = note };
	if ((rc = cli_open_store(&store, true)) != 0)
		goto out;
	/* All the forms or none: a bad one leaves the entry as it was. */
	if (glossa_store_add_forms(store, argv[optind], forms, nforms,
			present, &warnings) < 0) {
		const char *msg = glossa_error_last()->message;

		cli_error("%s; %s", msg && *msg ? msg : "unknown error",
			nforms > 1 ? "none of the forms was added" :
			"nothing was changed");
		rc = EXIT_TROUBLE;
		goto out;
	}
	if (warnings.size > 0) {
		const char *p = warnings.ptr;

		while (*p) {
			size_t l = strcspn(p, "\n");

			cli_error("warning: %.*s", (int)l, p);
			p += l + (p[l] == '\n');
		}
	}
	for (k = 0; k < nforms; k++)
		printf(present[k] ? "already there in %s: %s\n" :
			"added to %s: %s\n", argv[optind], forms[k].text);
out:
	glossa_buf_dispose(&warnings);
	free(forms);
	free(present);
	glossa_store_free(store);
	return rc;
}

/* ---- set ---- */

static const char set_help[] =
	"Usage: glossa glossary set [OPTIONS] KEY\n"
	"\n"
	"Change an entry's kind, status or note.\n"
	"\n"
	"  -k, --kind KIND      person, place, org or term\n"
	"      --status STATUS  approved, proposed or deprecated\n"
	"      --note TEXT      who or what this is\n"
	"  -g, --glossary PATH  the glossary to change\n"
	"  -h, --help           show this help\n";

static int glossary_set(int argc, char **argv)
{
	static const struct option opts[] = {
		GLOBAL_OPTS,
		{ "kind", required_argument, NULL, 'k' },
		{ "status", required_argument, NULL, 'S' },
		{ "note", required_argument, NULL, 'O' },
		{ NULL, 0, NULL, 0 }
	};
	int ch, rc, kind = -1, status = -1;
	const char *note = NULL;
	glossa_store *store = NULL;

	while ((ch = getopt_long(argc, argv, "g:hk:n", opts, NULL)) != -1) {
		HANDLE_COMMON("set", set_help);
		switch (ch) {
		case 'k': {
			glossa_kind k;
			if (glossa_kind_parse(&k, optarg) < 0)
				return cli_usage_error("glossary set",
					"unknown kind '%s' (person, place, org, term)",
					optarg);
			kind = (int)k;
			break;
		}
		case 'S': {
			glossa_status s;
			if (glossa_status_parse(&s, optarg) < 0)
				return cli_usage_error("glossary set",
					"unknown status '%s' (approved, proposed, deprecated)",
					optarg);
			status = (int)s;
			break;
		}
		case 'n':
			return cli_flag_moved("glossary set", 'n', "--note",
				"--dry-run");
		case 'O':
			note = optarg;
			break;
		}
	}
	if (argc - optind != 1)
		return cli_usage_error("glossary set", "need exactly one KEY");
	if (kind < 0 && status < 0 && note == NULL)
		return cli_usage_error("glossary set",
			"nothing to change: give --kind, --status or --note");
	if ((rc = cli_open_store(&store, true)) != 0)
		return rc;
	if (glossa_store_update(store, argv[optind], kind, status, note) < 0)
		rc = cli_lib_error();
	else
		printf("updated %s\n", argv[optind]);
	glossa_store_free(store);
	return rc;
}

/* ---- rm ---- */

static const char rm_help[] =
	"Usage: glossa glossary rm [OPTIONS] KEY [FORM...]\n"
	"\n"
	"Remove a whole entry, or only the given forms of it (not the house\n"
	"form). The history keeps what was removed.\n"
	"\n"
	"  -g, --glossary PATH  the glossary to change\n"
	"  -h, --help           show this help\n";

static int glossary_rm(int argc, char **argv)
{
	static const struct option opts[] = { GLOBAL_OPTS, { NULL, 0, NULL, 0 } };
	glossa_store *store = NULL;
	int ch, i, rc;

	while ((ch = getopt_long(argc, argv, "g:h", opts, NULL)) != -1)
		HANDLE_COMMON("rm", rm_help);
	if (argc - optind < 1)
		return cli_usage_error("glossary rm", "need a KEY");
	if ((rc = cli_open_store(&store, true)) != 0)
		return rc;
	if (argc - optind == 1) {
		if (glossa_store_remove(store, argv[optind]) < 0)
			rc = cli_lib_error();
		else
			printf("removed %s\n", argv[optind]);
	}
	for (i = optind + 1; i < argc && rc == 0; i++) {
		if (glossa_store_remove_form(store, argv[optind], argv[i]) < 0)
			rc = cli_lib_error();
		else
			printf("removed from %s: %s\n", argv[optind], argv[i]);
	}
	glossa_store_free(store);
	return rc;
}

/* ---- show ---- */

static const char show_help[] =
	"Usage: glossa glossary show [OPTIONS] KEY...\n"
	"\n"
	"Show entries with all their forms.\n"
	"\n"
	"  -f, --format FMT     text (default), tsv, csv, tbx or json\n"
	"  -g, --glossary PATH  the glossary to read\n"
	"  -h, --help           show this help\n";

/* Print a value from the glossary, its control characters escaped, so no
 * value (put in the database by hand) can make a line of its own or send
 * the terminal escapes; padded to `width` bytes. */
static void put_field(const char *s, int width)
{
	int n = cli_put_visible(stdout, s ? s : "");

	for (; n < width; n++)
		putchar(' ');
}

static void print_entry(const glossa_entry *e)
{
	size_t i;

	put_field(e->key, 0);
	printf("  (%s, %s)\n", glossa_kind_name(e->kind),
		glossa_status_name(e->status));
	if (e->note[0]) {
		fputs("  ", stdout);
		put_field(e->note, 0);
		putchar('\n');
	}
	for (i = 0; i < e->nforms; i++) {
		const glossa_form *f = &e->forms[i];

		printf("  %-9s ", glossa_form_type_name(f->type));
		put_field(f->text, 0);
		if (f->becomes[0]) {
			fputs(" -> ", stdout);
			put_field(f->becomes, 0);
		}
		fputs("  [", stdout);
		put_field(f->script, 0);
		putchar(' ');
		put_field(f->lang, 0);
		putchar(']');
		if (f->note[0]) {
			fputs("  (", stdout);
			put_field(f->note, 0);
			putchar(')');
		}
		putchar('\n');
	}
}

static int glossary_show(int argc, char **argv)
{
	static const struct option opts[] = {
		GLOBAL_OPTS,
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	glossa_store *store = NULL;
	glossa_doc *all = NULL;
	const char *fmt = "text";
	glossa_format format = GLOSSA_FORMAT_TSV;
	bool reading = false;
	int ch, i, rc;

	while ((ch = getopt_long(argc, argv, "g:hf:", opts, NULL)) != -1) {
		HANDLE_COMMON("show", show_help);
		if (ch == 'f')
			fmt = optarg;
	}
	if (strcmp(fmt, "text") != 0 &&
	    parse_format(&format, "glossary show", fmt) != 0)
		return EXIT_TROUBLE;
	if (argc - optind < 1)
		return cli_usage_error("glossary show", "need a KEY");
	if ((rc = cli_open_store(&store, false)) != 0)
		return rc;
	/* Every KEY from one state of the glossary. */
	if (glossa_doc_new(&all) < 0 || glossa_store_read_begin(store) < 0) {
		rc = cli_lib_error();
		goto out;
	}
	reading = true;
	for (i = optind; i < argc; i++) {
		glossa_doc *doc = NULL;

		if (glossa_store_get(&doc, store, argv[i]) < 0) {
			rc = cli_lib_error();
			goto out;
		}
		if (strcmp(fmt, "text") == 0) {
			if (i > optind)
				putchar('\n');
			print_entry(glossa_doc_entry(doc, 0));
		} else {
			if (glossa_doc_add_copy(NULL, all,
					glossa_doc_entry(doc, 0)) < 0) {
				glossa_doc_free(doc);
				rc = cli_lib_error();
				goto out;
			}
		}
		glossa_doc_free(doc);
	}
	reading = false;
	if (glossa_store_read_end(store) < 0) {
		rc = cli_lib_error();
		goto out;
	}
	if (strcmp(fmt, "text") != 0) {
		glossa_buf out = GLOSSA_BUF_INIT;

		if (glossa_doc_canonicalize(all) < 0 ||
		    glossa_doc_write(&out, all, format) < 0)
			rc = cli_lib_error();
		else
			fwrite(out.ptr, 1, out.size, stdout);
		glossa_buf_dispose(&out);
	}
out:
	if (reading)
		glossa_store_read_end(store);
	glossa_doc_free(all);
	glossa_store_free(store);
	return rc;
}

/* ---- list ---- */

static const char list_help[] =
	"Usage: glossa glossary list [OPTIONS]\n"
	"\n"
	"List entries, one a line: key, kind, house form, short form.\n"
	"\n"
	"  -k, --kind KIND      only person, place, org or term entries\n"
	"      --status STATUS  only approved, proposed or deprecated ones\n"
	"  -l, --lang TAG       only entries with a form in this language\n"
	"  -g, --glossary PATH  the glossary to read\n"
	"  -h, --help           show this help\n";

/* Parse the filter options shared by list and export. */
static int filter_opt(glossa_filter *f, int ch, const char *cmd)
{
	glossa_kind k;
	glossa_status s;

	switch (ch) {
	case 'k':
		if (glossa_kind_parse(&k, optarg) < 0)
			return cli_usage_error(cmd,
				"unknown kind '%s' (person, place, org, term)",
				optarg);
		f->kind = (int)k;
		return 0;
	case 'S':
		if (glossa_status_parse(&s, optarg) < 0)
			return cli_usage_error(cmd,
				"unknown status '%s' (approved, proposed, deprecated)",
				optarg);
		f->status = (int)s;
		return 0;
	case 'l':
		f->lang = optarg;
		return 0;
	}
	return -1;
}

static int glossary_list(int argc, char **argv)
{
	static const struct option opts[] = {
		GLOBAL_OPTS,
		{ "kind", required_argument, NULL, 'k' },
		{ "status", required_argument, NULL, 'S' },
		{ "lang", required_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 }
	};
	glossa_filter filter = GLOSSA_FILTER_INIT;
	glossa_store *store = NULL;
	glossa_doc *doc = NULL;
	size_t i;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "g:hk:l:", opts, NULL)) != -1) {
		HANDLE_COMMON("list", list_help);
		if (filter_opt(&filter, ch, "glossary list") > 0)
			return EXIT_TROUBLE;
	}
	if (optind < argc)
		return cli_usage_error("glossary list",
			"unexpected argument '%s'", argv[optind]);
	if ((rc = cli_open_store(&store, false)) != 0)
		return rc;
	if (glossa_store_export(&doc, store, &filter) < 0) {
		rc = cli_lib_error();
	} else {
		for (i = 0; i < glossa_doc_count(doc); i++) {
			const glossa_entry *e = glossa_doc_entry(doc, i);
			const char *s = glossa_entry_short(e);

			printf("%-32s %-6s %s", e->key,
				glossa_kind_name(e->kind),
				glossa_entry_house(e));
			if (s)
				printf(" (%s)", s);
			putchar('\n');
		}
	}
	glossa_doc_free(doc);
	glossa_store_free(store);
	return rc;
}

/* ---- find ---- */

static const char find_help[] =
	"Usage: glossa glossary find [OPTIONS] SPELLING...\n"
	"\n"
	"Look up any spelling of a name in any script (\"Asad\", \"Асад\",\n"
	"\"الأسد\") and print how the house writes it, with the entry it\n"
	"belongs to. Case does not matter. A spelling that is not stored as\n"
	"such is matched the way 'glossa fix' matches text (\"al-Asad\",\n"
	"\"Лаврова\", \"Abdul Aziz\"). Exit status 1 if a spelling is not\n"
	"found.\n"
	"\n"
	"  -g, --glossary PATH  the glossary to read\n"
	"  -h, --help           show this help\n";

static const char *form_role(glossa_form_type t)
{
	switch (t) {
	case GLOSSA_FORM_HOUSE:
		return "house form";
	case GLOSSA_FORM_SHORT:
		return "short house form";
	case GLOSSA_FORM_ALTERNATE:
		return "accepted alternate";
	case GLOSSA_FORM_VARIANT:
		return "variant";
	case GLOSSA_FORM_NATIVE:
		return "native form";
	case GLOSSA_FORM_ALONE:
		return "variant (safe alone)";
	case GLOSSA_FORM_EXCEPTION:
		return "exception";
	}
	return "form";
}

/*
 * No form is spelled like that: ask the matcher, which also knows the
 * flexible joiners, particles, diacritics, Russian cases and Arabic
 * clitics. A match must cover the whole spelling. 1 when found.
 */
static int find_by_matcher(glossa_matcher **m, glossa_store *store,
	const char *text)
{
	glossa_matcher_options mo = GLOSSA_MATCHER_OPTIONS_INIT;
	glossa_fix_result *r = NULL;
	const glossa_match *mt;
	size_t n, i, len = strlen(text), lead = 0, trail = len;
	int found = 0;

	if (*m == NULL && glossa_matcher_new_from_store(m, store, &mo) < 0)
		return -1;
	if (glossa_fix_text(&r, *m, text, len, GLOSSA_TEXT_PLAIN,
			GLOSSA_FIX_ALL_MATCHES | GLOSSA_FIX_SPELLING,
			"<argument>") < 0)
		return -1;
	while (lead < len && text[lead] == ' ')
		lead++;
	while (trail > lead && text[trail - 1] == ' ')
		trail--;
	mt = glossa_fix_result_matches(r, &n);
	for (i = 0; i < n; i++) {
		if (mt[i].start != lead || mt[i].end != trail)
			continue;
		found = 1;
		if (mt[i].status == GLOSSA_MATCH_AMBIGUOUS)
			printf("%s: ambiguous, a spelling of %s\n", text,
				mt[i].key);
		else
			printf("%s -> %s  (matches a %s of %s)\n", text,
				mt[i].new_text,
				glossa_form_type_name(mt[i].form), mt[i].key);
	}
	glossa_fix_result_free(r);
	return found;
}

static int glossary_find(int argc, char **argv)
{
	static const struct option opts[] = { GLOBAL_OPTS, { NULL, 0, NULL, 0 } };
	glossa_store *store = NULL;
	glossa_matcher *matcher = NULL;
	int ch, i, rc, missing = 0;

	while ((ch = getopt_long(argc, argv, "g:h", opts, NULL)) != -1)
		HANDLE_COMMON("find", find_help);
	if (argc - optind < 1)
		return cli_usage_error("glossary find", "need a SPELLING");
	if ((rc = cli_open_store_here(&store)) != 0)
		return rc;
	/* Every SPELLING answered from one state of the glossary. */
	if (glossa_store_read_begin(store) < 0) {
		glossa_store_free(store);
		return cli_lib_error();
	}
	for (i = optind; i < argc; i++) {
		glossa_doc *doc = NULL;
		glossa_hit *hits = NULL;
		size_t nhits = 0, h;

		if (glossa_store_find(&doc, &hits, &nhits, store, argv[i]) < 0) {
			rc = cli_lib_error();
			break;
		}
		if (nhits == 0) {
			int f = find_by_matcher(&matcher, store, argv[i]);

			if (f < 0) {
				rc = cli_lib_error();
				free(hits);
				glossa_doc_free(doc);
				break;
			}
			if (f == 0) {
				printf("%s: not in the glossary (%s)\n", argv[i],
					glossa_store_path(store));
				missing++;
			}
		}
		for (h = 0; h < nhits; h++) {
			const glossa_entry *e = glossa_doc_entry(doc,
				hits[h].entry);
			const glossa_form *f = &e->forms[hits[h].form];
			const char *target = f->becomes[0] ? f->becomes :
				f->text;

			if (f->type == GLOSSA_FORM_EXCEPTION) {
				printf("%s: stays as written  (exception of %s: not %s in this phrase)\n",
					argv[i], e->key, glossa_entry_house(e));
				continue;
			}
			printf("%s -> %s  (%s of %s, %s: %s)%s\n", argv[i],
				target, form_role(f->type), e->key,
				glossa_kind_name(e->kind), glossa_entry_house(e),
				nhits > 1 && glossa_doc_count(doc) > 1 ?
				"  [ambiguous]" : "");
		}
		free(hits);
		glossa_doc_free(doc);
	}
	if (glossa_store_read_end(store) < 0 && rc == 0)
		rc = cli_lib_error();
	glossa_matcher_free(matcher);
	glossa_store_free(store);
	if (rc == 0 && missing)
		rc = EXIT_FINDINGS;
	return rc;
}

/* ---- import ---- */

static const char import_help[] =
	"Usage: glossa glossary import [OPTIONS] FILE|-\n"
	"\n"
	"Merge a glossary file into the glossary, in one transaction: new\n"
	"entries and forms are added, changed ones updated. If any line is\n"
	"bad or conflicts with the glossary (or would leave a house or short\n"
	"form that fix changes in part), nothing is changed and the error\n"
	"names the file and line. Importing the same file twice changes\n"
	"nothing the second time.\n"
	"\n"
	"  -t, --type TYPE      tsv, csv, tbx or json (default: from the file\n"
	"                       name's extension, else tsv)\n"
	"  -n, --dry-run        list what would change; change nothing\n"
	"      --replace        also remove entries and forms the file lacks;\n"
	"                       the entries it removes are listed first, and\n"
	"                       removing any needs --yes when standard input is\n"
	"                       not a terminal (else you are asked) or when\n"
	"                       more than 20 go\n"
	"  -y, --yes            remove them without asking\n"
	"      --force          with --replace: accept a file with no entries\n"
	"                       (it empties the glossary; --yes still needed)\n"
	"  -g, --glossary PATH  the glossary to change\n"
	"  -h, --help           show this help\n"
	"\n"
	"Every import is one change set in the history: 'glossa glossary undo'\n"
	"puts back what it changed.\n";

/* Above this many entries to remove, --replace needs --yes even when it
 * could ask. */
#define REPLACE_ASK_MAX 20

static int key_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * --replace removes the entries the file lacks: list them, and go on
 * only with --yes, or with a "y" typed at the terminal when few go.
 * 0 to go on, else the exit status.
 */
static int confirm_replace(glossa_store *store, const glossa_doc *doc,
	const char *path, const char *source, bool yes)
{
	glossa_doc *all = NULL;
	const char **keys = NULL, **gone = NULL;
	size_t nkeys = glossa_doc_count(doc), ngone = 0, i, n;
	glossa_buf list = GLOSSA_BUF_INIT;
	char answer[16];
	int rc = EXIT_TROUBLE;

	if (glossa_store_export(&all, store, NULL) < 0)
		return cli_lib_error();
	n = glossa_doc_count(all);
	keys = calloc(nkeys ? nkeys : 1, sizeof(*keys));
	gone = calloc(n ? n : 1, sizeof(*gone));
	if (keys == NULL || gone == NULL) {
		cli_error("out of memory");
		goto out;
	}
	for (i = 0; i < nkeys; i++)
		keys[i] = glossa_doc_entry(doc, i)->key;
	qsort(keys, nkeys, sizeof(*keys), key_cmp);
	for (i = 0; i < n; i++) {
		const char *k = glossa_doc_entry(all, i)->key;

		if (!bsearch(&k, keys, nkeys, sizeof(*keys), key_cmp))
			gone[ngone++] = k;
	}
	rc = EXIT_CLEAN;
	if (ngone == 0 || yes)
		goto out;
	for (i = 0; i < ngone && i < 5; i++)
		glossa_buf_printf(&list, "%s%s", i ? ", " : "", gone[i]);
	if (ngone > 5)
		glossa_buf_printf(&list, " and %zu more", ngone - 5);
	if (list.ptr == NULL) {
		cli_error("out of memory");
		rc = EXIT_TROUBLE;
		goto out;
	}
	rc = EXIT_TROUBLE;
	if (ngone > REPLACE_ASK_MAX || strcmp(path, "-") == 0 ||
	    !isatty(STDIN_FILENO)) {
		cli_error("%s: --replace would remove %zu entr%s (%s); nothing was changed: add --yes to remove them",
			source, ngone, ngone == 1 ? "y" : "ies", list.ptr);
		goto out;
	}
	fprintf(stderr, "--replace removes %zu entr%s:\n", ngone,
		ngone == 1 ? "y" : "ies");
	for (i = 0; i < ngone; i++)
		fprintf(stderr, "  %s\n", gone[i]);
	fprintf(stderr, "Remove %s? [y/N] ", ngone == 1 ? "it" : "them");
	if (fgets(answer, sizeof(answer), stdin) &&
	    (strcmp(answer, "y\n") == 0 || strcmp(answer, "yes\n") == 0 ||
	     strcmp(answer, "Y\n") == 0))
		rc = EXIT_CLEAN;
	else
		cli_error("%s: nothing was changed", source);
out:
	glossa_buf_dispose(&list);
	free(keys);
	free(gone);
	glossa_doc_free(all);
	return rc;
}

static int glossary_import(int argc, char **argv)
{
	static const struct option opts[] = {
		GLOBAL_OPTS,
		{ "type", required_argument, NULL, 't' },
		/* --format: the old spelling of --type, until 0.2 */
		{ "format", required_argument, NULL, 'f' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "replace", no_argument, NULL, 'R' },
		{ "yes", no_argument, NULL, 'y' },
		{ "force", no_argument, NULL, 'F' },
		{ NULL, 0, NULL, 0 }
	};
	glossa_format format = GLOSSA_FORMAT_TSV;
	bool have_format = false, yes = false;
	unsigned flags = 0;
	glossa_buf data = GLOSSA_BUF_INIT, changes = GLOSSA_BUF_INIT;
	glossa_doc *doc = NULL;
	glossa_store *store = NULL;
	const char *path, *source;
	int ch, rc = EXIT_TROUBLE, n;

	while ((ch = getopt_long(argc, argv, "g:ht:f:ny", opts, NULL)) != -1) {
		HANDLE_COMMON("import", import_help);
		switch (ch) {
		case 'f':
			fprintf(stderr, "%s glossary import: --format is "
				"deprecated for the file's type; use --type %s\n",
				cli_progname, optarg);
			/* fall through */
		case 't':
			if (parse_format(&format, "glossary import", optarg))
				return EXIT_TROUBLE;
			have_format = true;
			break;
		case 'n':
			flags |= GLOSSA_IMPORT_DRY_RUN;
			break;
		case 'R':
			flags |= GLOSSA_IMPORT_REPLACE;
			break;
		case 'y':
			yes = true;
			break;
		case 'F':
			flags |= GLOSSA_IMPORT_FORCE;
			break;
		}
	}
	if (argc - optind != 1)
		return cli_usage_error("glossary import", "need one FILE (or -)");
	path = argv[optind];
	source = strcmp(path, "-") == 0 ? "<stdin>" : path;
	if (!have_format)
		format_from_name(&format, path);
	if (cli_read_file(&data, path) < 0)
		goto out;
	if (glossa_doc_parse(&doc, format, data.ptr, data.size, source) < 0) {
		cli_lib_error();
		goto out;
	}
	/* (Refused before anything else is asked.) */
	if ((flags & GLOSSA_IMPORT_REPLACE) && glossa_doc_count(doc) == 0 &&
	    !(flags & (GLOSSA_IMPORT_FORCE | GLOSSA_IMPORT_DRY_RUN))) {
		cli_error("%s: holds no entries: --replace would remove every entry; nothing was changed (--force if you mean it)",
			source);
		goto out;
	}
	if ((rc = cli_open_store(&store, true)) != 0)
		goto out;
	if ((flags & GLOSSA_IMPORT_REPLACE) &&
	    !(flags & GLOSSA_IMPORT_DRY_RUN) &&
	    (rc = confirm_replace(store, doc, path, source, yes)) != 0)
		goto out;
	rc = EXIT_TROUBLE;
	if ((n = glossa_store_import(store, doc, flags, &changes, source)) < 0) {
		cli_lib_error();
		goto out;
	}
	if (changes.size)
		fwrite(changes.ptr, 1, changes.size, stdout);
	printf("%s: %zu entries read, %d change%s%s\n", source,
		glossa_doc_count(doc), n, n == 1 ? "" : "s",
		(flags & GLOSSA_IMPORT_DRY_RUN) ? " (dry run: nothing changed)" :
		"");
	rc = EXIT_CLEAN;
out:
	glossa_store_free(store);
	glossa_doc_free(doc);
	glossa_buf_dispose(&data);
	glossa_buf_dispose(&changes);
	return rc;
}

/* ---- export ---- */

static const char export_help[] =
	"Usage: glossa glossary export [OPTIONS]\n"
	"\n"
	"Write the glossary in a stable, sorted form: the same glossary always\n"
	"gives the same bytes, so a team can keep it in git and review diffs.\n"
	"\n"
	"  -f, --format FMT     tsv (default), csv, tbx or json\n"
	"  -o, --output FILE    write to FILE (atomically) instead of stdout;\n"
	"                       the format defaults to FILE's extension (a\n"
	"                       name glossa cannot write, names.xlsx, or\n"
	"                       one --format contradicts is refused); a\n"
	"                       symbolic link is written through; only a\n"
	"                       regular file is replaced, never the glossary\n"
	"      --force          also replace a FILE that has other hard links\n"
	"                       (this name only) or whose owner, group or\n"
	"                       extended attributes cannot be kept\n"
	"  -k, --kind KIND      only person, place, org or term entries\n"
	"      --status STATUS  only approved, proposed or deprecated ones\n"
	"  -l, --lang TAG       only entries with a form in this language\n"
	"  -g, --glossary PATH  the glossary to read\n"
	"  -h, --help           show this help\n";

/* Is `output` the glossary that is open, or one of its SQLite side files
 * (also by another name or through a symbolic link)? */
static bool is_open_glossary(const char *output, glossa_store *store)
{
	static const char *const side[] = { "", "-wal", "-shm", "-journal" };
	const char *db = glossa_store_path(store);
	struct stat o, g;
	size_t i;

	if (db == NULL || stat(output, &o) != 0)
		return false;
	for (i = 0; i < sizeof(side) / sizeof(side[0]); i++) {
		char *p;
		bool same;

		if (asprintf(&p, "%s%s", db, side[i]) < 0)
			return true;  /* refuse rather than risk it */
		same = stat(p, &g) == 0 && g.st_dev == o.st_dev &&
			g.st_ino == o.st_ino;
		free(p);
		if (same)
			return true;
	}
	return false;
}

static int glossary_export(int argc, char **argv)
{
	static const struct option opts[] = {
		GLOBAL_OPTS,
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "kind", required_argument, NULL, 'k' },
		{ "status", required_argument, NULL, 'S' },
		{ "lang", required_argument, NULL, 'l' },
		{ "force", no_argument, NULL, 'F' },
		{ NULL, 0, NULL, 0 }
	};
	glossa_filter filter = GLOSSA_FILTER_INIT;
	glossa_format format = GLOSSA_FORMAT_TSV;
	bool have_format = false;
	const char *output = NULL;
	unsigned wflags = 0;
	glossa_buf out = GLOSSA_BUF_INIT;
	glossa_store *store = NULL;
	glossa_doc *doc = NULL;
	int ch, rc, f;

	while ((ch = getopt_long(argc, argv, "g:hf:o:k:l:", opts, NULL)) != -1) {
		HANDLE_COMMON("export", export_help);
		if ((f = filter_opt(&filter, ch, "glossary export")) > 0)
			return EXIT_TROUBLE;
		if (f == 0)
			continue;
		if (ch == 'f') {
			if (parse_format(&format, "glossary export", optarg))
				return EXIT_TROUBLE;
			have_format = true;
		} else if (ch == 'o') {
			output = optarg;
		} else if (ch == 'F') {
			wflags |= CLI_WRITE_FORCE;
		}
	}
	if (optind < argc)
		return cli_usage_error("glossary export",
			"unexpected argument '%s'", argv[optind]);
	if (output && strcmp(output, "-") == 0)
		output = NULL;  /* standard output */
	/* A device, a FIFO or a dangling link is refused before the
	 * glossary is even read. */
	if (output && cli_write_precheck(output) < 0)
		return EXIT_TROUBLE;
	if ((rc = cli_open_store(&store, false)) != 0)
		return rc;
	if (output && is_open_glossary(output, store)) {
		cli_error("%s: is the glossary being exported; export to "
			"another file; no file was changed", output);
		rc = EXIT_TROUBLE;
	} else if (output && (rc = export_name_check(output, have_format,
			&format)) != 0) {
		;
	} else if (glossa_store_export(&doc, store, &filter) < 0 ||
	    glossa_doc_write(&out, doc, format) < 0) {
		rc = cli_lib_error();
	} else if (output) {
		if (cli_write_file(output, out.ptr, out.size, NULL, wflags) < 0)
			rc = EXIT_TROUBLE;
	} else if (fwrite(out.ptr, 1, out.size, stdout) != out.size ||
		   fflush(stdout) != 0) {
		cli_error("cannot write output: %s", strerror(errno));
		rc = EXIT_TROUBLE;
	}
	glossa_buf_dispose(&out);
	glossa_doc_free(doc);
	glossa_store_free(store);
	return rc;
}

/* ---- log ---- */

static const char log_help[] =
	"Usage: glossa glossary log [OPTIONS] [KEY]\n"
	"\n"
	"Show the history of changes, newest first: when, who, what, and the\n"
	"old and new value, and the change set (one command's changes: what\n"
	"'glossa glossary undo' takes). Who is $GLOSSA_USER, else the login\n"
	"name. Control characters are shown escaped (\\n, \\xNN).\n"
	"\n"
	"  -n, --max-count N    show at most N changes\n"
	"  -g, --glossary PATH  the glossary to read\n"
	"  -h, --help           show this help\n";


static int print_history(const glossa_history_row *r, void *payload)
{
	(void)payload;
	put_field(r->at, 0);
	fputs("  ", stdout);
	put_field(r->who, 10);
	putchar(' ');
	put_field(r->action, 6);
	putchar(' ');
	put_field(r->key, 0);
	putchar(' ');
	put_field(r->field, 0);
	if (r->old_value && r->new_value) {
		fputs(": \"", stdout);
		put_field(r->old_value, 0);
		fputs("\" -> \"", stdout);
		put_field(r->new_value, 0);
		putchar('"');
	} else if (r->new_value) {
		fputs(": \"", stdout);
		put_field(r->new_value, 0);
		putchar('"');
	} else if (r->old_value) {
		fputs(": was \"", stdout);
		put_field(r->old_value, 0);
		putchar('"');
	}
	if (r->change) {
		printf("  [change %lld", (long long)r->change);
		if (r->change_what && r->change_what[0]) {
			fputs(": ", stdout);
			put_field(r->change_what, 0);
		}
		putchar(']');
	}
	putchar('\n');
	return 0;
}

static int glossary_log(int argc, char **argv)
{
	static const struct option opts[] = {
		GLOBAL_OPTS,
		{ "max-count", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 }
	};
	glossa_store *store = NULL;
	unsigned long limit = 0;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "g:hn:", opts, NULL)) != -1) {
		HANDLE_COMMON("log", log_help);
		if (ch == 'n') {
			char *end;
			errno = 0;
			limit = strtoul(optarg, &end, 10);
			if (*end || errno || limit == 0 || limit > UINT_MAX)
				return cli_usage_error("glossary log",
					"--max-count takes a positive number, not '%s'",
					optarg);
		}
	}
	if (argc - optind > 1)
		return cli_usage_error("glossary log", "at most one KEY");
	if ((rc = cli_open_store(&store, false)) != 0)
		return rc;
	if (glossa_store_history(store, optind < argc ? argv[optind] : NULL,
			(unsigned)limit, print_history, NULL) < 0)
		rc = cli_lib_error();
	glossa_store_free(store);
	return rc;
}

/* ---- undo, restore ---- */

static const char undo_help[] =
	"Usage: glossa glossary undo [OPTIONS] [CHANGE]\n"
	"\n"
	"Undo the newest change set (one command's changes, whoever ran it),\n"
	"or change set CHANGE (the number 'glossa glossary log' shows): every\n"
	"entry it changed is put back as it was, whole. The undo is a change\n"
	"set of its own, so undoing it again redoes. An entry changed since by\n"
	"a later change set is not overwritten: the undo is refused.\n"
	"\n"
	"  -n, --dry-run        list what would change; change nothing\n"
	"  -g, --glossary PATH  the glossary to change\n"
	"  -h, --help           show this help\n";

static const char restore_help[] =
	"Usage: glossa glossary restore --at TIME [OPTIONS]\n"
	"\n"
	"Put the glossary back as it was at TIME: every entry changed after it\n"
	"is restored, whole, as it was then (or removed if it did not exist).\n"
	"TIME is ISO 8601 in UTC, as 'glossa glossary log' prints it\n"
	"(2026-12-07T09:48:00.123Z; 2026-12-07T09:48 and 2026-12-07 also do);\n"
	"the changes made at TIME itself are kept. The restore is a change set\n"
	"of its own: 'glossa glossary undo' takes it back.\n"
	"\n"
	"      --at TIME        the time to go back to (required)\n"
	"  -n, --dry-run        list what would change; change nothing\n"
	"  -g, --glossary PATH  the glossary to change\n"
	"  -h, --help           show this help\n";

static void print_changes(const glossa_buf *changes)
{
	if (changes->size)
		fwrite(changes->ptr, 1, changes->size, stdout);
}

static int glossary_undo(int argc, char **argv)
{
	static const struct option opts[] = {
		GLOBAL_OPTS,
		{ "dry-run", no_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 }
	};
	glossa_buf changes = GLOSSA_BUF_INIT;
	glossa_store *store = NULL;
	unsigned flags = 0;
	long long change = 0;
	int64_t undone = 0;
	int ch, rc, n;

	while ((ch = getopt_long(argc, argv, "g:hn", opts, NULL)) != -1) {
		HANDLE_COMMON("undo", undo_help);
		if (ch == 'n')
			flags |= GLOSSA_UNDO_DRY_RUN;
	}
	if (argc - optind > 1)
		return cli_usage_error("glossary undo", "at most one CHANGE");
	if (optind < argc) {
		char *end;

		errno = 0;
		change = strtoll(argv[optind], &end, 10);
		if (*argv[optind] == '\0' || *end || errno || change <= 0)
			return cli_usage_error("glossary undo",
				"CHANGE is a change set's number, as 'glossa glossary log' shows it, not '%s'",
				argv[optind]);
	}
	if ((rc = cli_open_store(&store, true)) != 0)
		return rc;
	if ((n = glossa_store_undo(store, (int64_t)change, &undone, flags,
			&changes)) < 0) {
		rc = cli_lib_error();
	} else {
		print_changes(&changes);
		printf("undid change %lld: %d change%s%s\n",
			(long long)undone, n, n == 1 ? "" : "s",
			(flags & GLOSSA_UNDO_DRY_RUN) ?
			" (dry run: nothing changed)" : "");
	}
	glossa_buf_dispose(&changes);
	glossa_store_free(store);
	return rc;
}

static int glossary_restore(int argc, char **argv)
{
	static const struct option opts[] = {
		GLOBAL_OPTS,
		{ "at", required_argument, NULL, 'A' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 }
	};
	glossa_buf changes = GLOSSA_BUF_INIT;
	glossa_store *store = NULL;
	const char *at = NULL;
	unsigned flags = 0;
	int ch, rc, n;

	while ((ch = getopt_long(argc, argv, "g:hn", opts, NULL)) != -1) {
		HANDLE_COMMON("restore", restore_help);
		if (ch == 'n')
			flags |= GLOSSA_UNDO_DRY_RUN;
		else if (ch == 'A')
			at = optarg;
	}
	if (optind < argc)
		return cli_usage_error("glossary restore",
			"unexpected argument '%s'", argv[optind]);
	if (at == NULL)
		return cli_usage_error("glossary restore",
			"need --at TIME (as 'glossa glossary log' prints it)");
	if ((rc = cli_open_store(&store, true)) != 0)
		return rc;
	if ((n = glossa_store_restore(store, at, flags, &changes)) < 0) {
		rc = cli_lib_error();
	} else {
		print_changes(&changes);
		printf("restored to %s: %d change%s%s\n", at, n,
			n == 1 ? "" : "s", (flags & GLOSSA_UNDO_DRY_RUN) ?
			" (dry run: nothing changed)" : "");
	}
	glossa_buf_dispose(&changes);
	glossa_store_free(store);
	return rc;
}

/* ---- validate ---- */

static const char validate_help[] =
	"Usage: glossa glossary validate [OPTIONS]\n"
	"\n"
	"Check the whole glossary: its schema is the one glossa made (a\n"
	"trigger, view, table or index added by hand, or one of glossa's\n"
	"missing or changed, is an error, and glossa writes nothing to such\n"
	"a glossary), every entry well formed, no variant that is\n"
	"another entry's house form, no house or short form that fix would\n"
	"change in part; warn about ambiguous variants (one spelling in two\n"
	"entries, never fixed automatically) and shared short forms. Exit\n"
	"status 1 if there are errors.\n"
	"\n"
	"  -g, --glossary PATH  the glossary to check\n"
	"  -h, --help           show this help\n";

static int glossary_validate(int argc, char **argv)
{
	static const struct option opts[] = { GLOBAL_OPTS, { NULL, 0, NULL, 0 } };
	glossa_buf report = GLOSSA_BUF_INIT;
	glossa_store *store = NULL;
	int ch, rc, n, warnings = 0;

	while ((ch = getopt_long(argc, argv, "g:h", opts, NULL)) != -1)
		HANDLE_COMMON("validate", validate_help);
	if (optind < argc)
		return cli_usage_error("glossary validate",
			"unexpected argument '%s'", argv[optind]);
	if ((rc = cli_open_store(&store, false)) != 0)
		return rc;
	if ((n = glossa_store_validate(store, &report, &warnings)) < 0) {
		rc = cli_lib_error();
	} else {
		if (report.size)
			fwrite(report.ptr, 1, report.size, stdout);
		printf("%s: %d error%s, %d warning%s\n",
			glossa_store_path(store), n, n == 1 ? "" : "s",
			warnings, warnings == 1 ? "" : "s");
		rc = n ? EXIT_FINDINGS : EXIT_CLEAN;
	}
	glossa_buf_dispose(&report);
	glossa_store_free(store);
	return rc;
}

/* ---- stats ---- */

static const char stats_help[] =
	"Usage: glossa glossary stats [OPTIONS]\n"
	"\n"
	"Count entries by kind, forms by type and script, and changes.\n"
	"\n"
	"  -g, --glossary PATH  the glossary to read\n"
	"  -h, --help           show this help\n";

static int glossary_stats(int argc, char **argv)
{
	static const struct option opts[] = { GLOBAL_OPTS, { NULL, 0, NULL, 0 } };
	glossa_store_stats st;
	glossa_store *store = NULL;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "g:h", opts, NULL)) != -1)
		HANDLE_COMMON("stats", stats_help);
	if (optind < argc)
		return cli_usage_error("glossary stats",
			"unexpected argument '%s'", argv[optind]);
	if ((rc = cli_open_store(&store, false)) != 0)
		return rc;
	if (glossa_store_stats_get(&st, store) < 0) {
		rc = cli_lib_error();
	} else {
		printf("glossary: %s (schema %d, %llu changes)\n",
			glossa_store_path(store), st.schema,
			(unsigned long long)st.generation);
		printf("entries:  %lld (person %lld, place %lld, org %lld, term %lld, given %lld)\n",
			(long long)st.entries,
			(long long)st.by_kind[GLOSSA_KIND_PERSON],
			(long long)st.by_kind[GLOSSA_KIND_PLACE],
			(long long)st.by_kind[GLOSSA_KIND_ORG],
			(long long)st.by_kind[GLOSSA_KIND_TERM],
			(long long)st.by_kind[GLOSSA_KIND_GIVEN]);
		printf("forms:    %lld (house %lld, short %lld, alternate %lld, variant %lld, alone %lld, native %lld, exception %lld)\n",
			(long long)st.forms,
			(long long)st.by_type[GLOSSA_FORM_HOUSE],
			(long long)st.by_type[GLOSSA_FORM_SHORT],
			(long long)st.by_type[GLOSSA_FORM_ALTERNATE],
			(long long)st.by_type[GLOSSA_FORM_VARIANT],
			(long long)st.by_type[GLOSSA_FORM_ALONE],
			(long long)st.by_type[GLOSSA_FORM_NATIVE],
			(long long)st.by_type[GLOSSA_FORM_EXCEPTION]);
		printf("scripts:  Latin %lld, Cyrillic %lld, Arabic %lld, other %lld\n",
			(long long)st.latin, (long long)st.cyrillic,
			(long long)st.arabic, (long long)st.other_script);
		printf("history:  %lld rows\n", (long long)st.history);
	}
	glossa_store_free(store);
	return rc;
}

/* ---- the table ---- */

static const cli_command glossary_commands[] = {
	{ "init", glossary_init, "create a writable glossary" },
	{ "add", glossary_add, "add a name with its house form and variants" },
	{ "alias", glossary_alias, "add spellings to a name" },
	{ "set", glossary_set, "change a name's kind, status or note" },
	{ "rm", glossary_rm, "remove a name, or some of its spellings" },
	{ "show", glossary_show, "show names with all their forms" },
	{ "list", glossary_list, "list the names" },
	{ "find", glossary_find, "look up any spelling in any script" },
	{ "import", glossary_import, "merge a TSV, CSV, TBX or JSON file" },
	{ "export", glossary_export, "write the glossary as TSV, CSV, TBX or JSON" },
	{ "log", glossary_log, "show who changed what, and when" },
	{ "undo", glossary_undo, "undo the last change (or a given one)" },
	{ "restore", glossary_restore, "put the glossary back as it was at a time" },
	{ "validate", glossary_validate, "check the glossary for conflicts" },
	{ "stats", glossary_stats, "count names and forms" },
	{ NULL, NULL, NULL }
};

static void glossary_usage(FILE *out)
{
	const cli_command *c;

	fprintf(out, "Usage: glossa glossary COMMAND [OPTIONS] [ARGS]\n"
		"\nKeep the shared name glossary.\n\nCommands:\n");
	for (c = glossary_commands; c->name; c++)
		fprintf(out, "  %-9s %s\n", c->name, c->summary);
	fprintf(out, "\nRun 'glossa glossary COMMAND --help' for its options.\n");
}

int cmd_glossary(int argc, char **argv)
{
	/* Accept the global --glossary between "glossary" and the command
	 * too: "glossa glossary -g FILE find ...". */
	while (argc >= 3 && (strcmp(argv[1], "-g") == 0 ||
			     strcmp(argv[1], "--glossary") == 0)) {
		cli_global.glossary = argv[2];
		argv[2] = argv[0];
		argc -= 2;
		argv += 2;
	}
	if (argc < 2) {
		glossary_usage(stderr);
		return EXIT_TROUBLE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		glossary_usage(stdout);
		return EXIT_CLEAN;
	}
	optind = 0;
	return cli_dispatch("glossary", glossary_commands, argc, argv);
}
