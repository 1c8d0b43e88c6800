/*
 * glossa check: the copy editor's last look before a story goes out.
 *
 * Options and the nearest .glossa.ini fill a glossa_checker_options; one
 * checker is built per configuration (drafts in one folder share it), each
 * draft gives a report that is written out (streamed) and freed before the
 * next draft is read. The drafts are the files, folders and globs named
 * (files.c). One that cannot be read or is not UTF-8 is said in a line and
 * the run goes on with the next; it ends with exit status 2 and the
 * summary counts them (a JSON or SARIF document stays well-formed). With
 * -j, worker processes check and the reports are written here, in order
 * (check_run).
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "docx.h"

static const char check_help[] =
	"Usage: glossa check [OPTIONS] [FILE|FOLDER|GLOB|-]...\n"
	"\n"
	"Check drafts before publication: names against the glossary\n"
	"(variants, inconsistent spellings, near misses, new names),\n"
	"spelling, and Cyrillic, Arabic or look-alike letters in English copy.\n"
	"\n"
	"  -f, --format FMT     text (default), json or sarif\n"
	"      --fail-on SEV    exit 1 when a finding is at least SEV: info,\n"
	"                       warning (default) or error\n"
	"  -l, --lang DICT      Hunspell dictionary: en_US (default), en_GB,\n"
	"                       ru_RU, ar or any installed one\n"
	"      --dict-path DIRS look for dictionaries in DIRS (':'-separated)\n"
	"  -r, --rule RULE=SEV  set a rule to off, on, info, warning or error\n"
	"      --enable RULE    turn a rule on;  --disable RULE: off\n"
	"  -a, --accept WORD    never report WORD (repeatable)\n"
	"  -Q, --exempt-quotes  no variant findings inside quoted speech\n"
	"  -t, --type TYPE      plain, markdown, mdx, html or docx (default:\n"
	"                       from the file name; Markdown code, front\n"
	"                       matter and HTML are skipped; in .html, .htm\n"
	"                       only the text of prose elements is checked;\n"
	"                       .docx is Word: line N is paragraph N)\n"
	"      --annotate       Word documents: also write a comment on each\n"
	"                       finding into the document (atomic; all files\n"
	"                       or none; one process)\n"
	"  -c, --config FILE    settings from FILE instead of .glossa.ini\n"
	"      --no-config      ignore settings files (.glossa.ini and\n"
	"                       ~/.config/glossa/config.ini)\n"
	"      --color WHEN     auto (default: on a terminal), always, never\n"
	"  -q, --quiet          no summary line (text format)\n"
	"  -o, --output FILE    write the report to FILE (atomically; not\n"
	"                       written if the run fails)\n"
	"  -j, --jobs N         check files in N processes (default: one per\n"
	"                       core; 0 is that too); the output is the same\n"
	"                       as with -j 1, in the order of the files\n"
	"  -g, --glossary PATH  the glossary to check against\n"
	"  -h, --help           show this help\n"
	"\n"
	"Rules: spelling, variant, inconsistent, near-miss, foreign-script,\n"
	"mixed-script; first-reference and new-name are off by default.\n"
	"Settings come from the nearest .glossa.ini in the draft's folder\n"
	"or above, then ~/.config/glossa/config.ini; options win (see\n"
	"'glossa config --help'). A settings file owned by someone else (not\n"
	"root), or writable by others, is ignored with a warning. The\n"
	"report names the settings files and the glossary used.\n"
	"In a draft, <!-- glossa-disable-line RULE --> (also -next-line, and\n"
	"glossa-disable ... glossa-enable) turns rules off.\n"
	"\n"
	"FILE may be a folder: the drafts in it and below (.txt .text .md\n"
	".markdown .qmd .Rmd .mdx .html .htm .docx), in the byte order of\n"
	"their paths; .gitignore and .glossaignore files are honoured (the\n"
	"folder's, those below, and those above it up to the git work\n"
	"tree's root), dot-files and dot-folders are left, and symbolic\n"
	"links are not followed (a link named is). A quoted GLOB is expanded\n"
	"by glossa the same way ('drafts/**/*.md': ** is any depth) and takes\n"
	"any extension. With no FILE, standard input is read when it is a\n"
	"pipe or a file. Each file is read once. One that cannot be read or\n"
	"is not text is said in a line and the others are still checked;\n"
	"the summary counts it and the exit status is 2.\n"
	"\n"
	"Exit status: 0 nothing at or above --fail-on, 1 findings, 2 error.\n";

typedef struct {
	glossa_checker_options opts;
	glossa_severity cli_sev[GLOSSA_RULE_COUNT];
	const char **accept;
	size_t naccept;
	const char *config;
	bool no_config;
	bool type_set;
	glossa_text_format type;
} check_args;

static int parse_rule_setting(check_args *a, const char *arg,
	glossa_severity forced)
{
	char name[64];
	const char *eq = strchr(arg, '=');
	size_t n = eq ? (size_t)(eq - arg) : strlen(arg);
	glossa_rule r;
	glossa_severity s = forced;

	if (n >= sizeof(name))
		n = sizeof(name) - 1;
	memcpy(name, arg, n);
	name[n] = '\0';
	if (glossa_rule_parse(&r, name) < 0)
		return cli_usage_error("check", "unknown rule '%s'", name);
	if (forced == GLOSSA_SEVERITY_DEFAULT) {
		if (eq == NULL)
			return cli_usage_error("check",
				"--rule wants RULE=SEVERITY, not '%s'", arg);
		if (glossa_severity_parse(&s, eq + 1) < 0 ||
		    s == GLOSSA_SEVERITY_DEFAULT)
			return cli_usage_error("check",
				"unknown severity '%s' (off, on, info, warning, error)",
				eq + 1);
	}
	a->cli_sev[r] = s;
	return 0;
}

/* The checker for one configuration (NULL path: none). */
typedef struct {
	char *config_path;
	glossa_check_config *cfg;
	glossa_store *store;
	glossa_checker *checker;
	glossa_buf glossary;  /* the glossary's path */
} built;

static void built_free(built *b)
{
	glossa_checker_free(b->checker);
	glossa_store_free(b->store);
	glossa_check_config_free(b->cfg);
	free(b->config_path);
	glossa_buf_dispose(&b->glossary);
	memset(b, 0, sizeof(*b));
}

/* The glossaries a run used, each once, for the end of the report. */
typedef struct {
	char **paths;
	size_t n;
} path_list;

static int path_list_add(path_list *l, const char *path)
{
	char **p;
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->paths[i], path) == 0)
			return 0;
	if ((p = realloc(l->paths, (l->n + 1) * sizeof(char *))) == NULL)
		return -1;
	l->paths = p;
	if ((p[l->n] = strdup(path)) == NULL)
		return -1;
	l->n++;
	return 0;
}

static void path_list_free(path_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->paths[i]);
	free(l->paths);
	memset(l, 0, sizeof(*l));
}

/* The glossary a settings file (NULL: none) leads to. */
static int glossary_of(path_list *l, const char *config_path)
{
	glossa_check_config *cfg = NULL;
	glossa_buf path = GLOSSA_BUF_INIT, why = GLOSSA_BUF_INIT;
	int rc = -1;

	if (config_path && glossa_check_config_load(&cfg, config_path) < 0) {
		cli_lib_error();
		return -1;
	}
	if (cli_glossary_choose(&path, &why, NULL, cfg) >= 0) {
		if ((rc = path_list_add(l, path.ptr)) < 0)
			cli_error("out of memory");
	}
	glossa_check_config_free(cfg);
	glossa_buf_dispose(&path);
	glossa_buf_dispose(&why);
	return rc;
}

static int build(built *b, check_args *a, const char *config_path)
{
	glossa_checker_options o = a->opts;
	glossa_rule_settings *rules = NULL;
	const glossa_check_config *u = NULL;
	const char **all = NULL;
	size_t k = 0, j;
	int i, rc = -1;

	if (config_path && (b->config_path = strdup(config_path)) == NULL) {
		cli_error("out of memory");
		return -1;
	}
	if (config_path && glossa_check_config_load(&b->cfg, config_path) < 0) {
		cli_lib_error();
		return -1;
	}
	/* The options' rules, then the configuration's where they are unset;
	 * the checker copies them. */
	if (glossa_rule_settings_new(&rules) < 0) {
		cli_lib_error();
		return -1;
	}
	for (i = 0; i < GLOSSA_RULE_COUNT; i++)
		if (glossa_rule_settings_set(rules, (glossa_rule)i,
				a->cli_sev[i]) < 0) {
			cli_lib_error();
			goto out;
		}
	o.rules = rules;
	/* The options, then the nearest .glossa.ini, then the per-user
	 * file, each filling what the ones before leave unset. */
	if (cli_user_config(&u, NULL) < 0)
		goto out;
	if (glossa_check_config_apply(&o, b->cfg) < 0 ||
	    glossa_check_config_apply(&o, u) < 0) {
		cli_lib_error();
		goto out;
	}
	/* "quotes = check" in a .glossa.ini is not undone by the
	 * per-user file; -Q still wins. */
	if (b->cfg && b->cfg->quotes_exempt == 0 && u &&
	    !(a->opts.flags & GLOSSA_CHECK_QUOTES_EXEMPT))
		o.flags &= ~GLOSSA_CHECK_QUOTES_EXEMPT;
	/* Accepted words: the files' and the options'. */
	{
		size_t n = a->naccept + (b->cfg ? b->cfg->naccept : 0) +
			(u ? u->naccept : 0);

		if (n > 0 && (all = calloc(n, sizeof(char *))) == NULL) {
			cli_error("out of memory");
			goto out;
		}
		for (j = 0; b->cfg && j < b->cfg->naccept; j++)
			all[k++] = b->cfg->accept[j];
		for (j = 0; u && j < u->naccept; j++)
			all[k++] = u->accept[j];
		for (j = 0; j < a->naccept; j++)
			all[k++] = a->accept[j];
		o.accept = all;
		o.naccept = k;
	}
	if (cli_open_store_for(&b->store, b->cfg, &b->glossary) != 0)
		goto out;
	cli_warn_if_empty(b->store);
	if (glossa_checker_new_from_store(&b->checker, b->store, &o) < 0) {
		cli_lib_error();
		goto out;
	}
	rc = 0;
out:
	free(all);
	glossa_rule_settings_free(rules);
	return rc;
}

/* Settings files skipped as untrusted: each is named once on stderr. */
typedef struct {
	char **paths;
	size_t n;
	bool failed;
	glossa_buf *sink;  /* -j: the warnings kept here for later */
} ignored_list;

static void ignored_free(ignored_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->paths[i]);
	free(l->paths);
	memset(l, 0, sizeof(*l));
}

static void warn_ignored(const char *path, const char *why, void *payload)
{
	ignored_list *l = payload;
	char **p;
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->paths[i], path) == 0)
			return;
	if (l->sink) {
		if (glossa_buf_printf(l->sink,
				"%s: warning: ignoring settings %s: %s\n",
				cli_progname, path, why) < 0)
			l->failed = true;
	} else {
		fprintf(stderr, "%s: warning: ignoring settings %s: %s\n",
			cli_progname, path, why);
	}
	if ((p = realloc(l->paths, (l->n + 1) * sizeof(char *))) == NULL ||
	    (p[l->n] = strdup(path)) == NULL) {
		if (p)
			l->paths = p;
		l->failed = true;
		return;
	}
	l->paths = p;
	l->n++;
}

static int write_out(const char *data, size_t len, void *payload)
{
	(void)payload;
	return fwrite(data, 1, len, stdout) == len ? 0 : -1;
}

static bool same_path(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/*
 * -j: the settings of every draft are found here first, in order (each
 * untrusted file warned about once, as with -j 1; the warnings kept with
 * the draft they came with), and the checker for the first draft's
 * settings is built here, so the workers share it. A worker builds
 * another where a draft's settings differ, reads and checks its drafts,
 * and packs each report; here, the reports are written in order.
 */
#define TASK_BUILD_FAILED 3  /* a worker could not build the checker */
#define TASK_BAD_DRAFT    4  /* a draft that cannot be read: said */
#define STOP_FINISH 1        /* stop; close what was written */
#define STOP_NOW    2        /* stop; write nothing more */

typedef struct {
	check_args *a;
	const cli_draft *drafts;
	char **want;          /* per draft: its settings file, or NULL */
	glossa_buf *warn;     /* per draft: its warnings */
	size_t n;             /* drafts whose settings are known */
	bool oom;             /* draft n-1: out of memory finding them */
	built *cur;
	glossa_report_writer *w;
	glossa_severity fail_on;
	size_t failing, checked, nbad;
	path_list *glossaries;  /* the glossaries used */
	const char *last_want;  /* the settings of the last draft written */
	bool have_last;
} check_run;

/* A draft that is not text, not UTF-8 or binary is said and passed over;
 * anything else (out of memory) stops the run. */
static int check_failed(void)
{
	cli_lib_error();
	return glossa_error_last()->klass == GLOSSA_ERRCLASS_INVALID ?
		TASK_BAD_DRAFT : EXIT_TROUBLE;
}

static int check_task(size_t i, glossa_buf *payload, void *arg)
{
	check_run *run = arg;
	const cli_draft *d = &run->drafts[i];
	const char *path = d->path;
	cli_input text = CLI_INPUT_INIT;
	glossa_report *rep = NULL;
	glossa_docx *doc = NULL;
	int rc = EXIT_TROUBLE;

	if (d->error)
		return TASK_BAD_DRAFT;  /* said here, in order */
	if (!same_path(run->cur->config_path, run->want[i])) {
		built_free(run->cur);
		if (build(run->cur, run->a, run->want[i]) < 0)
			return TASK_BUILD_FAILED;
	}
	if (cli_input_read(&text, path) < 0) {
		rc = TASK_BAD_DRAFT;
		goto out;
	}
	if (d->kind == CLI_DRAFT_DOCX &&
	    cli_docx_load(&doc, &text, path) < 0) {
		rc = glossa_error_last()->klass == GLOSSA_ERRCLASS_INVALID ?
			TASK_BAD_DRAFT : EXIT_TROUBLE;
		goto out;
	}
	if (glossa_check_text(&rep, run->cur->checker, text.ptr, text.size,
			doc ? GLOSSA_TEXT_PLAIN : d->format,
			strcmp(path, "-") == 0 ? "" : path) < 0) {
		rc = check_failed();
		goto out;
	}
	if (glossa_report_pack(payload, rep) < 0) {
		cli_lib_error();
		goto out;
	}
	rc = 0;
out:
	glossa_report_free(rep);
	cli_input_dispose(&text);
	glossa_docx_free(doc);
	return rc;
}

static int check_consume(const cli_pool_result *res, void *arg)
{
	check_run *run = arg;
	glossa_report *rep = NULL;
	size_t i = res->index;
	int err;

	if (run->drafts[i].error) {
		cli_draft_say(&run->drafts[i]);
		run->nbad++;
		return 0;
	}
	if (run->warn[i].size > 0)
		fwrite(run->warn[i].ptr, 1, run->warn[i].size, stderr);
	if (run->oom && i + 1 == run->n) {
		cli_error("out of memory");
		return STOP_FINISH;
	}
	if (res->rc == TASK_BUILD_FAILED) {
		cli_pool_emit(res);
		return STOP_FINISH;
	}
	if (run->want[i] &&
	    glossa_report_writer_settings(run->w, run->want[i]) < 0) {
		cli_lib_error();
		return STOP_FINISH;
	}
	if (!run->have_last || !same_path(run->last_want, run->want[i])) {
		if (glossary_of(run->glossaries, run->want[i]) < 0)
			return STOP_FINISH;
		run->last_want = run->want[i];
		run->have_last = true;
	}
	cli_pool_emit(res);
	if (res->rc == TASK_BAD_DRAFT) {
		run->nbad++;
		return 0;
	}
	if (res->rc != 0)
		return STOP_FINISH;
	if (glossa_report_unpack(&rep, res->payload, res->npayload) < 0) {
		cli_lib_error();
		return STOP_FINISH;
	}
	run->failing += glossa_report_count(rep, run->fail_on);
	run->checked++;
	err = glossa_report_writer_add(run->w, rep);
	glossa_report_free(rep);
	if (err < 0) {
		cli_lib_error();
		return STOP_NOW;
	}
	return 0;
}

/* The settings of every draft, in order, as the loop of -j 1 finds
 * them. */
static int check_resolve(check_run *run, ignored_list *ignored,
	size_t nfiles, bool no_config, const char *config)
{
	glossa_buf cpath = GLOSSA_BUF_INIT;
	size_t i;

	if ((run->want = calloc(nfiles, sizeof(char *))) == NULL ||
	    (run->warn = calloc(nfiles, sizeof(glossa_buf))) == NULL) {
		cli_error("out of memory");
		return -1;
	}
	for (i = 0; i < nfiles; i++) {
		const char *want = NULL;

		ignored->sink = &run->warn[i];
		run->n = i + 1;
		if (run->drafts[i].error)
			continue;  /* not read: no settings */
		if (config)
			want = config;
		else if (!no_config &&
			 glossa_check_config_find_trusted(&cpath,
				run->drafts[i].path, warn_ignored, ignored) == 0)
			want = cpath.ptr;
		if (ignored->failed) {
			run->oom = true;
			break;
		}
		if (want && (run->want[i] = strdup(want)) == NULL) {
			run->oom = true;
			break;
		}
	}
	ignored->sink = NULL;
	glossa_buf_dispose(&cpath);
	return 0;
}

static void check_run_free(check_run *run)
{
	size_t i;

	for (i = 0; run->want && i < run->n; i++) {
		free(run->want[i]);
		glossa_buf_dispose(&run->warn[i]);
	}
	free(run->want);
	free(run->warn);
}

int cmd_check(int argc, char **argv)
{
	enum { O_FAIL_ON = 256, O_DICT_PATH, O_ENABLE, O_DISABLE,
		O_NO_CONFIG, O_COLOR, O_ANNOTATE };
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "fail-on", required_argument, NULL, O_FAIL_ON },
		{ "lang", required_argument, NULL, 'l' },
		{ "dict-path", required_argument, NULL, O_DICT_PATH },
		{ "rule", required_argument, NULL, 'r' },
		{ "enable", required_argument, NULL, O_ENABLE },
		{ "disable", required_argument, NULL, O_DISABLE },
		{ "accept", required_argument, NULL, 'a' },
		{ "exempt-quotes", no_argument, NULL, 'Q' },
		{ "type", required_argument, NULL, 't' },
		{ "config", required_argument, NULL, 'c' },
		{ "no-config", no_argument, NULL, O_NO_CONFIG },
		{ "color", required_argument, NULL, O_COLOR },
		{ "colour", required_argument, NULL, O_COLOR },
		{ "quiet", no_argument, NULL, 'q' },
		{ "output", required_argument, NULL, 'o' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "glossary", required_argument, NULL, 'g' },
		{ "annotate", no_argument, NULL, O_ANNOTATE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	glossa_checker_options init = GLOSSA_CHECKER_OPTIONS_INIT;
	check_args a;
	glossa_report_format_kind fmt = GLOSSA_REPORT_TEXT;
	glossa_severity fail_on = GLOSSA_SEVERITY_WARNING;
	glossa_report_writer *w = NULL;
	glossa_buf cpath = GLOSSA_BUF_INIT, why = GLOSSA_BUF_INIT;
	ignored_list ignored = { NULL, 0, false, NULL };
	cli_input text = CLI_INPUT_INIT;
	built cur;
	bool have_cur = false, quiet = false, annotate = false;
	bool type_docx = false;
	cli_writer *writer = NULL;
	glossa_docx *doc = NULL;
	glossa_buf annotated = GLOSSA_BUF_INIT;
	int color = -1, ch, rc = EXIT_TROUBLE;
	int jobs = cli_jobs_default();
	size_t failing = 0, checked = 0, nbad = 0, nfiles, i, j;
	size_t nannotated = 0;
	bool whole = false;
	cli_drafts drafts = { NULL, 0, 0, 0 };
	path_list glossaries = { NULL, 0 };
	const char *upath = NULL, *output = NULL;
	cli_output outp = { NULL, -1, -1 };
	check_run run;

	memset(&a, 0, sizeof(a));
	memset(&cur, 0, sizeof(cur));
	memset(&run, 0, sizeof(run));
	a.opts = init;
	while ((ch = getopt_long(argc, argv, "f:l:r:a:Qt:c:qj:g:o:h", opts,
			NULL)) != -1) {
		switch (ch) {
		case 'j':
			if (cli_jobs_parse(&jobs, "check", optarg) != 0)
				goto out;
			break;
		case 'o':
			output = optarg;
			break;
		case 'f':
			if (glossa_report_format_parse(&fmt, optarg) < 0)
				return cli_usage_error("check",
					"unknown format '%s' (text, json, sarif)",
					optarg);
			break;
		case O_FAIL_ON:
			if (glossa_severity_parse(&fail_on, optarg) < 0 ||
			    fail_on < GLOSSA_SEVERITY_INFO)
				return cli_usage_error("check",
					"--fail-on wants info, warning or error, not '%s'",
					optarg);
			break;
		case 'l':
			a.opts.lang = optarg;
			break;
		case O_DICT_PATH:
			a.opts.dict_path = optarg;
			break;
		case 'r':
			if (parse_rule_setting(&a, optarg,
					GLOSSA_SEVERITY_DEFAULT) != 0)
				goto out;
			break;
		case O_ENABLE:
			if (parse_rule_setting(&a, optarg,
					GLOSSA_SEVERITY_ON) != 0)
				goto out;
			break;
		case O_DISABLE:
			if (parse_rule_setting(&a, optarg,
					GLOSSA_SEVERITY_OFF) != 0)
				goto out;
			break;
		case 'a': {
			const char **p = realloc(a.accept,
				(a.naccept + 1) * sizeof(char *));

			if (p == NULL) {
				cli_error("out of memory");
				goto out;
			}
			a.accept = p;
			a.accept[a.naccept++] = optarg;
			break;
		}
		case 'Q':
			a.opts.flags |= GLOSSA_CHECK_QUOTES_EXEMPT;
			break;
		case 't':
			if ((type_docx = strcmp(optarg, "docx") == 0))
				break;
			if (glossa_text_format_parse(&a.type, optarg) < 0) {
				cli_usage_error("check",
					"unknown type '%s' (plain, markdown, mdx, html, docx)",
					optarg);
				goto out;
			}
			a.type_set = true;
			break;
		case O_ANNOTATE:
			annotate = true;
			break;
		case 'c':
			a.config = optarg;
			break;
		case O_NO_CONFIG:
			a.no_config = true;
			cli_user_config_ignore();
			break;
		case O_COLOR:
			if (strcmp(optarg, "always") == 0)
				color = 1;
			else if (strcmp(optarg, "never") == 0)
				color = 0;
			else if (strcmp(optarg, "auto") == 0)
				color = -1;
			else {
				cli_usage_error("check",
					"--color wants auto, always or never");
				goto out;
			}
			break;
		case 'q':
			quiet = true;
			break;
		case 'g':
			cli_global.glossary = optarg;
			break;
		case 'h':
			fputs(check_help, stdout);
			rc = EXIT_CLEAN;
			goto out;
		default:
			fprintf(stderr, "Try 'glossa check --help'.\n");
			goto out;
		}
	}
	if (optind == argc && !cli_stdin_is_input()) {
		cli_usage_error("check", "no draft to check");
		goto out;
	}
	if (cli_drafts_gather(&drafts, argv + optind, (size_t)(argc - optind),
			a.type_set, a.type) < 0)
		goto out;
	nfiles = drafts.n;
	for (i = 0; type_docx && i < nfiles; i++)
		drafts.v[i].kind = CLI_DRAFT_DOCX;
	/* --annotate writes the Word documents at the end, all or none:
	 * one process keeps them. */
	if (annotate) {
		for (i = 0; i < nfiles; i++) {
			if (drafts.v[i].kind != CLI_DRAFT_DOCX ||
			    drafts.v[i].error)
				continue;
			if (strcmp(drafts.v[i].path, "-") == 0) {
				cli_usage_error("check",
					"--annotate cannot write back to standard input");
				goto out;
			}
			if (cli_write_precheck(drafts.v[i].path) < 0)
				goto out;
		}
		jobs = 1;
		if (cli_writer_new(&writer, 0) < 0)
			goto out;
	}
	/* -o naming a draft or the settings would put the report in
	 * its place (the glossary is known once the drafts are read). */
	for (i = 0; output && i < drafts.n; i++)
		if (cli_output_clash(output, drafts.v[i].path,
				"a draft being checked") < 0)
			goto out;
	if (cli_output_clash(output, a.config, "the settings file") < 0)
		goto out;
	if (cli_output_begin(&outp, output) < 0)
		goto out;
	if (color < 0) {
		const char *term = getenv("TERM"), *nc = getenv("NO_COLOR");

		color = isatty(STDOUT_FILENO) && fmt == GLOSSA_REPORT_TEXT &&
			!(nc && *nc) && !(term && strcmp(term, "dumb") == 0);
	}
	/* A --config file that anyone could have written is ignored like a
	 * found one: the check goes on with the options alone. */
	if (a.config) {
		int t = glossa_check_config_trusted(&why, a.config);

		if (t < 0) {
			cli_lib_error();
			goto out;
		}
		if (t == 1) {
			warn_ignored(a.config, why.ptr, &ignored);
			a.config = NULL;
			a.no_config = true;
		}
	}
	if (glossa_report_writer_new(&w, fmt, (color ? GLOSSA_REPORT_COLOR : 0) |
			(quiet ? 0 : GLOSSA_REPORT_SUMMARY), write_out, NULL) < 0) {
		cli_lib_error();
		goto out;
	}
	/* The per-user settings, read once, are named like the others. */
	if (cli_user_config(NULL, &upath) < 0)
		goto out;
	if (upath && glossa_report_writer_settings(w, upath) < 0) {
		cli_lib_error();
		goto out;
	}
	if (jobs > 1 && nfiles > 1) {
		int r;

		run.a = &a;
		run.drafts = drafts.v;
		run.cur = &cur;
		run.w = w;
		run.fail_on = fail_on;
		run.glossaries = &glossaries;
		if (check_resolve(&run, &ignored, nfiles, a.no_config,
				a.config) < 0)
			goto stop;
		/* The first draft's warnings and checker, before the
		 * workers. */
		if (run.warn[0].size > 0)
			fwrite(run.warn[0].ptr, 1, run.warn[0].size, stderr);
		glossa_buf_clear(&run.warn[0]);
		if (run.oom && run.n == 1) {
			cli_error("out of memory");
			goto stop;
		}
		have_cur = true;
		if (build(&cur, &a, run.want[0]) < 0)
			goto stop;
		r = cli_pool_run(run.n, jobs, check_task, check_consume,
			&run);
		failing = run.failing;
		checked = run.checked;
		nbad = run.nbad;
		if (r == STOP_NOW)
			goto out;
		if (r != 0 || run.oom)
			goto stop;
	}
	/* -j 1, or a single draft. */
	for (i = run.drafts ? nfiles : 0; i < nfiles; i++) {
		const cli_draft *d = &drafts.v[i];
		const char *path = d->path;
		const char *name = strcmp(path, "-") == 0 ? "" : path;
		const char *want = NULL;
		glossa_report *rep = NULL;
		int err;

		if (d->error) {
			cli_draft_say(d);
			nbad++;
			continue;
		}
		if (a.config)
			want = a.config;
		else if (!a.no_config &&
			 glossa_check_config_find_trusted(&cpath, path,
				warn_ignored, &ignored) == 0)
			want = cpath.ptr;
		if (ignored.failed) {
			cli_error("out of memory");
			goto stop;
		}
		if (!have_cur || !same_path(cur.config_path, want)) {
			built_free(&cur);
			have_cur = true;
			if (build(&cur, &a, want) < 0)
				goto stop;
			if (path_list_add(&glossaries, cur.glossary.ptr) < 0) {
				cli_error("out of memory");
				goto stop;
			}
		}
		if (want && glossa_report_writer_settings(w, want) < 0) {
			cli_lib_error();
			goto stop;
		}
		if (cli_input_read(&text, path) < 0) {
			nbad++;
			continue;
		}
		glossa_docx_free(doc);
		doc = NULL;
		if (d->kind == CLI_DRAFT_DOCX &&
		    cli_docx_load(&doc, &text, path) < 0) {
			if (glossa_error_last()->klass != GLOSSA_ERRCLASS_INVALID)
				goto stop;
			nbad++;
			continue;
		}
		if (glossa_check_text(&rep, cur.checker, text.ptr, text.size,
				doc ? GLOSSA_TEXT_PLAIN : d->format, name) < 0) {
			if (check_failed() != TASK_BAD_DRAFT)
				goto stop;
			nbad++;
			continue;
		}
		failing += glossa_report_count(rep, fail_on);
		checked++;
		if (annotate && doc) {
			size_t made = 0;

			glossa_buf_clear(&annotated);
			if (cli_docx_annotate(&annotated, doc, rep, &made,
					path) < 0 ||
			    (made > 0 && cli_writer_add(writer, path,
					annotated.ptr, annotated.size,
					&text.st) < 0)) {
				glossa_report_free(rep);
				goto stop;
			}
			nannotated += made > 0;
		}
		err = glossa_report_writer_add(w, rep);
		glossa_report_free(rep);
		if (err < 0) {
			cli_lib_error();
			goto out;
		}
	}
	if (glossa_report_writer_finish(w) < 0 ||
	    (nbad > 0 && fmt == GLOSSA_REPORT_TEXT && !quiet &&
	     printf("%zu file%s could not be read\n", nbad,
			nbad == 1 ? "" : "s") < 0) ||
	    fflush(stdout) != 0) {
		cli_error("cannot write output: %s", strerror(errno));
		goto out;
	}
	/* The glossary checked against, said after the summary. */
	if (fmt == GLOSSA_REPORT_TEXT && !quiet) {
		for (j = 0; j < glossaries.n; j++) {
			fputs(j ? ", " : "glossary: ", stdout);
			cli_put_visible(stdout, glossaries.paths[j]);
		}
		if (glossaries.n)
			putchar('\n');
	}
	for (j = 0; j < glossaries.n; j++)
		if (cli_output_clash_glossary(output, glossaries.paths[j]) < 0)
			goto out;
	if (writer && cli_writer_commit(writer) < 0)
		goto out;
	rc = nbad > 0 ? EXIT_TROUBLE : failing > 0 ? EXIT_FINDINGS : EXIT_CLEAN;
	/* Documents were annotated although other drafts could not be
	 * read: the -o report goes with them. */
	whole = nannotated > 0;
	goto out;
stop:
	/* Close what was written so far; the run still fails. (Before
	 * the first file, there is nothing to report.) */
	if (w && checked > 0 && glossa_report_writer_finish(w) == 0)
		fflush(stdout);
out:
	cli_writer_free(writer);
	glossa_buf_dispose(&annotated);
	glossa_docx_free(doc);
	glossa_report_writer_free(w);
	free(a.accept);
	built_free(&cur);
	cli_input_dispose(&text);
	glossa_buf_dispose(&cpath);
	glossa_buf_dispose(&why);
	ignored_free(&ignored);
	check_run_free(&run);
	cli_drafts_dispose(&drafts);
	path_list_free(&glossaries);
	if (cli_output_end(&outp, rc != EXIT_TROUBLE || whole) < 0)
		rc = EXIT_TROUBLE;
	return rc;
}
