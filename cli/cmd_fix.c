/*
 * glossa fix: put every known name in a draft in its house spelling.
 *
 * The drafts are the files, folders and globs named (files.c). Every one
 * is read and fixed in memory first; only then does anything go out. A
 * draft that cannot be read or is not UTF-8 is said in a line and left
 * as it is, the others are still fixed, and the run ends with exit
 * status 2. Any other error leaves every file as it was. --in-place
 * writes the changed files all or nothing (cli_writer, safewrite.c).
 * With -j, worker processes fix and this one writes (fix_parallel()).
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "cli.h"
#include "docx.h"

static const char fix_help[] =
	"Usage: glossa fix [OPTIONS] [FILE|FOLDER|GLOB|-]...\n"
	"\n"
	"Make every known name in a draft the house spelling: variants\n"
	"(\"Bashar al-Asad\", \"ASAD\", \"Asad's\") and native forms (\"Асад\",\n"
	"\"الأسد\") become the house form; everything else stays byte for\n"
	"byte. By default the fixed text goes to standard output.\n"
	"\n"
	"  -f, --format FMT     what goes to standard output: text (the fixed\n"
	"                       text; the default), diff (a unified diff),\n"
	"                       changes (a line per change: file:line:column:\n"
	"                       old -> new [entry], then the glossary\n"
	"                       used) or json (the changes)\n"
	"  -d, --diff           the same as --format diff (with -i: the\n"
	"                       diff of what was written)\n"
	"  -t, --type TYPE      plain, markdown, mdx, html or docx (default:\n"
	"                       from the file name; .md, .qmd, .Rmd are\n"
	"                       Markdown, .mdx MDX: code, front matter, links'\n"
	"                       destinations and HTML are never changed;\n"
	"                       .html, .htm HTML: only the text of prose\n"
	"                       elements, never tags, attributes, comments,\n"
	"                       scripts, styles or code; .docx Word)\n"
	"  -i, --in-place       write the fixes back into each file (atomic;\n"
	"                       all files or none; a file saved meanwhile by\n"
	"                       another program is left as that program left\n"
	"                       it; a symbolic link is written through); with\n"
	"                       --format text nothing else is printed\n"
	"      --track-changes  Word documents: each fix a tracked change by\n"
	"                       \"glossa\", for the editor to accept or reject\n"
	"      --force          with --in-place: also replace a file that has\n"
	"                       other hard links (this name only) or whose\n"
	"                       owner, group or extended attributes cannot\n"
	"                       be kept\n"
	"  -n, --dry-run        change no file and print no text (with\n"
	"                       --in-place: only say what would change)\n"
	"      --no-native      leave native-script spellings alone\n"
	"  -g, --glossary PATH  the glossary to use\n"
	"      --no-cache       do not keep the compiled glossary in\n"
	"                       ~/.cache/glossa (also: GLOSSA_NO_CACHE=1)\n"
	"  -j, --jobs N         fix files in N processes (default: one per\n"
	"                       core; 0 is that too); the output is the same\n"
	"                       as with -j 1, in the order of the files\n"
	"      --no-config      ignore settings files (.glossa.ini and\n"
	"                       ~/.config/glossa/config.ini)\n"
	"      --color WHEN     colour the diff: auto (default: on a\n"
	"                       terminal), always, never\n"
	"  -o, --output FILE    what goes to standard output goes to FILE\n"
	"                       (atomically; not written if the run fails)\n"
	"  -q, --quiet          --format changes: no glossary line at the\n"
	"                       end (for joining the reports of many runs)\n"
	"  -v, --verbose        say how long reading the glossary and\n"
	"                       fixing took (on standard error)\n"
	"  -h, --help           show this help\n"
	"\n"
	"A Word document (.docx) is fixed with --in-place, or its changes\n"
	"listed (--format changes, json or diff: line N is paragraph N);\n"
	"it is never written to standard output.\n"
	"A spelling shared by several entries is ambiguous: it is reported\n"
	"(on standard error, or among the changes) and never changed.\n"
	"Settings as for check (see 'glossa config --help'): the glossary,\n"
	"quotes = exempt (names in quoted speech left alone) and, in\n"
	"[rules], variant = off (nothing changed). In a\n"
	"draft, <!-- glossa-disable-line variant --> (also -next-line, and\n"
	"glossa-disable ... glossa-enable) leaves names as written.\n"
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
	"is not text is said in a line and left as it is; the others are\n"
	"still fixed (with -i, written together) and the exit status is 2.\n"
	"\n"
	"Exit status: 0 nothing to fix, 1 something was (or would be)\n"
	"changed, 2 error (nothing is changed then, but for the drafts\n"
	"that could be read when others could not).\n";

/* What goes to standard output (--format). */
typedef enum {
	OUT_TEXT = 0,   /* the fixed text */
	OUT_DIFF,       /* a unified diff */
	OUT_CHANGES,    /* the change report, a line per change */
	OUT_JSON        /* the change report as JSON */
} out_format;

static int out_format_parse(out_format *out, const char *name)
{
	static const char *const names[] = { "text", "diff", "changes",
		"json" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i]) == 0) {
			*out = (out_format)i;
			return 0;
		}
	return -1;
}

typedef struct {
	const cli_draft *d;
	const char *path;          /* as given; "-" is stdin */
	const char *name;          /* for messages */
	bool bad;                  /* not read or not text: said, left */
	glossa_buf err;            /* -j: why it could not be read */
	cli_input text;
	glossa_fix_result *result;
	glossa_buf fixed;
	glossa_docx *docx;         /* a Word document: text is its text */
	unsigned flags;            /* glossa_fix_text()'s, from the settings */
} fix_file;

/* What every file of a run is fixed with. */
typedef struct {
	fix_file *files;
	const glossa_matcher *m;
	bool apply;         /* build the fixed text (--in-place) */
	bool track;         /* --track-changes */
	size_t nfix, namb, nbad;
	size_t nread;       /* files read (-j: before the workers start) */
} fix_run;

/* ---- messages ---- */

/* A name as a one-line string for text output: line breaks shown. */
static void text_str(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			fputs("\\n", out);
		else if (*s == '\r')
			fputs("\\r", out);
		else
			fputc(*s, out);
	}
}

/* ---- unified diff ---- */

typedef struct {
	size_t la, lb;         /* first and last line touched (0-based) */
	size_t first, last;    /* fixes (indexes into the matches) */
} block;

/* Print lines [a, b] of text with a prefix. */
/* --color: the diff as git colours it (removed lines red, added green,
 * hunk heads cyan, file heads bold). */
static bool diff_color;

static const char *diff_sgr(char prefix)
{
	if (!diff_color)
		return NULL;
	return prefix == '-' ? "\033[31m" : prefix == '+' ? "\033[32m" :
		prefix == '@' ? "\033[36m" : prefix == 'h' ? "\033[1m" : NULL;
}

static void put_lines(FILE *out, char prefix, const char *s, size_t len)
{
	const char *sgr = diff_sgr(prefix);
	size_t i = 0;

	while (i < len) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - s) + 1 : len;
		size_t body = nl ? e - i - 1 : e - i;

		if (sgr)
			fputs(sgr, out);
		fputc(prefix, out);
		fwrite(s + i, 1, body, out);
		if (sgr)
			fputs("\033[m", out);
		fputc('\n', out);
		if (!nl)
			fputs("\\ No newline at end of file\n", out);
		i = e;
	}
}

static size_t count_lines(const char *s, size_t len)
{
	size_t n = 0, i;

	for (i = 0; i < len; i++)
		n += s[i] == '\n';
	if (len > 0 && s[len - 1] != '\n')
		n++;
	return n;
}

static int print_diff(FILE *out, const fix_file *f)
{
	const char *t = f->text.ptr;
	size_t len = f->text.size, nlines = 0, n, i, k, a = 0, *ls = NULL;
	const glossa_match *mt = glossa_fix_result_matches(f->result, &n);
	block *bl = NULL;
	size_t nb = 0;
	long delta = 0;
	int rc = -1;
	bool ok = true;

	/* Line starts; ls[nlines] is the end of the text. */
	if ((ls = malloc((len + 2) * sizeof(size_t))) == NULL ||
	    (bl = malloc((n + 1) * sizeof(block))) == NULL)
		goto out;
	ls[nlines++] = 0;
	for (i = 0; i < len; i++)
		if (t[i] == '\n' && i + 1 < len)
			ls[nlines++] = i + 1;
	ls[nlines] = len;
	for (i = 0; i < n; i++) {
		size_t la, lb;

		if (mt[i].status != GLOSSA_MATCH_FIX)
			continue;
		while (a + 1 < nlines && ls[a + 1] <= mt[i].start)
			a++;
		la = a;
		for (lb = la; lb + 1 < nlines && ls[lb + 1] < mt[i].end; lb++)
			;
		/* Changed lines next to each other are one block: all the
		 * old lines, then all the new ones, as diff(1) prints them. */
		if (nb > 0 && la <= bl[nb - 1].lb + 1) {
			bl[nb - 1].lb = lb > bl[nb - 1].lb ? lb : bl[nb - 1].lb;
			bl[nb - 1].last = i;
		} else {
			bl[nb].la = la;
			bl[nb].lb = lb;
			bl[nb].first = bl[nb].last = i;
			nb++;
		}
	}
	if (nb == 0) {
		rc = 0;
		goto out;
	}
	if (diff_color)
		fputs(diff_sgr('h'), out);
	fputs("--- ", out);
	cli_put_visible(out, f->name);
	fputs("\n+++ ", out);
	cli_put_visible(out, f->name);
	if (diff_color)
		fputs("\033[m", out);
	putc('\n', out);
	for (k = 0; k < nb; ) {
		size_t h = k, cs, ce, oldn, newn, j, line;
		glossa_buf *parts;

		while (h + 1 < nb && bl[h + 1].la <= bl[h].lb + 7)
			h++;
		cs = bl[k].la >= 3 ? bl[k].la - 3 : 0;
		ce = bl[h].lb + 3 < nlines ? bl[h].lb + 3 : nlines - 1;
		oldn = ce - cs + 1;
		newn = oldn;
		if ((parts = calloc(h - k + 1, sizeof(glossa_buf))) == NULL)
			goto out;
		for (j = k; j <= h; j++) {
			size_t s = ls[bl[j].la], e = ls[bl[j].lb + 1], q, pos = s;

			for (q = bl[j].first; q <= bl[j].last && ok; q++) {
				if (mt[q].status != GLOSSA_MATCH_FIX)
					continue;
				ok = glossa_buf_put(&parts[j - k], t + pos,
					mt[q].start - pos) == 0 &&
				    glossa_buf_puts(&parts[j - k],
					mt[q].new_text) == 0;
				pos = mt[q].end;
			}
			ok = ok && glossa_buf_put(&parts[j - k], t + pos,
				e - pos) == 0;
			newn = newn - (bl[j].lb - bl[j].la + 1) +
				count_lines(parts[j - k].ptr, parts[j - k].size);
		}
		if (!ok) {
			for (j = k; j <= h; j++)
				glossa_buf_dispose(&parts[j - k]);
			free(parts);
			goto out;
		}
		fprintf(out, "%s@@ -%zu,%zu +%zu,%zu @@%s\n",
			diff_color ? diff_sgr('@') : "", cs + 1, oldn,
			(size_t)((long)cs + 1 + delta), newn,
			diff_color ? "\033[m" : "");
		line = cs;
		for (j = k; j <= h; j++) {
			put_lines(out, ' ', t + ls[line], ls[bl[j].la] - ls[line]);
			put_lines(out, '-', t + ls[bl[j].la],
				ls[bl[j].lb + 1] - ls[bl[j].la]);
			put_lines(out, '+', parts[j - k].ptr ? parts[j - k].ptr : "",
				parts[j - k].size);
			line = bl[j].lb + 1;
			glossa_buf_dispose(&parts[j - k]);
		}
		put_lines(out, ' ', t + ls[line], ls[ce + 1] - ls[line]);
		free(parts);
		delta += (long)newn - (long)oldn;
		k = h + 1;
	}
	rc = 0;
out:
	if (rc < 0)
		cli_error("%s: out of memory", f->name);
	free(ls);
	free(bl);
	return rc;
}

/* ---- fixing ---- */

static glossa_text_format format_of(const fix_file *f)
{
	return f->docx ? GLOSSA_TEXT_PLAIN : f->d->format;
}

/* A draft found not to be text (not UTF-8, binary) is said and left;
 * anything else stops the run. */
#define TASK_BAD_DRAFT 4

static int fix_failed(void)
{
	cli_lib_error();
	return glossa_error_last()->klass == GLOSSA_ERRCLASS_INVALID ?
		TASK_BAD_DRAFT : EXIT_TROUBLE;
}

/* A fix result found, here or by a worker: counted, and the fixed text
 * built when a file is written back (standard output gets it piece by
 * piece). */
static int fix_done(fix_run *run, fix_file *f)
{
	size_t n = glossa_fix_result_nfixes(f->result);

	run->nfix += n;
	run->namb += glossa_fix_result_nambiguous(f->result);
	if (f->docx)
		return n > 0 && run->apply ? cli_docx_fix(&f->fixed, f->docx,
			f->result, run->track, f->name) : 0;
	if (n > 0 && run->apply &&
	    glossa_fix_apply(&f->fixed, f->result, f->text.ptr,
			f->text.size) < 0) {
		cli_lib_error();
		return -1;
	}
	return 0;
}

/* A Word document read: its text is what is fixed. 0, 1 for one that
 * cannot be read (said; left), or -1. */
static int load_docx(fix_run *run, fix_file *f)
{
	if (f->d->kind != CLI_DRAFT_DOCX ||
	    cli_docx_load(&f->docx, &f->text, f->name) == 0)
		return 0;
	if (glossa_error_last()->klass != GLOSSA_ERRCLASS_INVALID)
		return -1;
	f->bad = true;
	run->nbad++;
	return 1;
}

/* 0, 1 for a draft that is not text (said; left), or -1. */
static int fix_one(fix_run *run, size_t i)
{
	fix_file *f = &run->files[i];

	if (glossa_fix_text(&f->result, run->m, f->text.ptr, f->text.size,
			format_of(f), f->flags, f->name) < 0) {
		if (fix_failed() != TASK_BAD_DRAFT)
			return -1;
		f->bad = true;
		run->nbad++;
		return 1;
	}
	return fix_done(run, f);
}

/* -j: in a worker, file i fixed and its result packed. */
static int fix_task(size_t i, glossa_buf *payload, void *arg)
{
	fix_run *run = arg;
	fix_file *f = &run->files[i];
	glossa_fix_result *r = NULL;
	int rc = 0;

	if (f->bad)
		return TASK_BAD_DRAFT;  /* said here, in order */
	if (glossa_fix_text(&r, run->m, f->text.ptr, f->text.size,
			format_of(f), f->flags, f->name) < 0)
		rc = fix_failed();
	else if (glossa_fix_result_pack(payload, r) < 0)
		rc = cli_lib_error();
	glossa_fix_result_free(r);
	return rc;
}

/* -j: here, file i's result, in order. */
static int fix_consume(const cli_pool_result *res, void *arg)
{
	fix_run *run = arg;
	fix_file *f = &run->files[res->index];

	if (f->bad) {
		/* Not read: why, in its place. */
		if (f->err.size > 0)
			fwrite(f->err.ptr, 1, f->err.size, stderr);
		cli_draft_say(f->d);
		run->nbad++;
		return 0;
	}
	cli_pool_emit(res);
	if (res->rc == TASK_BAD_DRAFT) {
		f->bad = true;
		run->nbad++;
		return 0;
	}
	if (res->rc != 0)
		return EXIT_TROUBLE;
	if (glossa_fix_result_unpack(&f->result, res->payload,
			res->npayload) < 0) {
		cli_lib_error();
		return EXIT_TROUBLE;
	}
	return fix_done(run, f) < 0 ? EXIT_TROUBLE : 0;
}

/*
 * -j: every file is read here first, in order; the workers, forked then,
 * share the files' pages. Their results come back in order, and what a
 * file that could not be read says is said in its place, as with -j 1.
 */
static int fix_parallel(fix_run *run, size_t nfiles, int jobs)
{
	cli_capture cap;
	size_t i;
	int rc;

	for (i = 0; i < nfiles; i++) {
		fix_file *f = &run->files[i];

		if (f->bad)
			continue;
		/* Its message waits: an earlier file's error comes first. */
		if (cli_capture_begin(&cap) < 0) {
			cli_error("cannot start the workers: %s",
				strerror(errno));
			return -1;
		}
		rc = cli_input_read(&f->text, f->path);
		if (rc == 0 && f->d->kind == CLI_DRAFT_DOCX)
			rc = cli_docx_load(&f->docx, &f->text, f->name);
		if (cli_capture_end(&cap, &f->err) < 0) {
			cli_error("cannot start the workers: %s",
				strerror(errno));
			return -1;
		}
		if (rc < 0)
			f->bad = true;
	}
	return cli_pool_run(nfiles, jobs, fix_task, fix_consume, run) == 0 ?
		0 : -1;
}

/* ---- settings ---- */

/*
 * Each draft's settings, as check reads them (settings.c): the glossary
 * they name and whether quoted speech is left alone. One run fixes with
 * one glossary: drafts whose settings name different ones are refused
 * (nothing is changed) rather than fixed with the wrong one.
 */
/* Two paths of one glossary file? */
static bool same_glossary(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
		sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static int fix_settings(fix_file *files, size_t nfiles, bool no_config,
	glossa_buf *gpath, glossa_check_config **first)
{
	glossa_check_config *cfg = NULL;
	const glossa_check_config *u = NULL;
	glossa_buf path = GLOSSA_BUF_INIT, why = GLOSSA_BUF_INIT;
	glossa_buf fwhy = GLOSSA_BUF_INIT, cpath = GLOSSA_BUF_INIT;
	glossa_buf last = GLOSSA_BUF_INIT;
	bool found, last_found = false;
	size_t i;
	int rc = -1;

	*first = NULL;
	if (cli_user_config(&u, NULL) < 0)
		return -1;
	for (i = 0; i < nfiles; i++) {
		const char *draft = strcmp(files[i].path, "-") == 0 ? NULL :
			files[i].path;
		glossa_severity sev;
		int q;

		/* Drafts of one folder share their settings: read once. */
		found = !no_config &&
			cli_project_config_find(&cpath, draft) == 0;
		if (i == 0 || found != last_found ||
		    (found && strcmp(cpath.ptr, last.ptr) != 0)) {
			/* The first draft's are kept: they open the
			 * glossary. */
			if (cfg != *first)
				glossa_check_config_free(cfg);
			cfg = NULL;
			if (found && glossa_check_config_load(&cfg,
					cpath.ptr) < 0) {
				cli_lib_error();
				goto out;
			}
			if (cli_glossary_choose(&path, &why, NULL, cfg) < 0)
				goto out;
			if (i == 0)
				*first = cfg;
			last_found = found;
			glossa_buf_clear(&last);
			if (found && glossa_buf_puts(&last, cpath.ptr) < 0) {
				cli_error("out of memory");
				goto out;
			}
		}
		if (i == 0) {
			if (glossa_buf_puts(gpath, path.ptr) < 0 ||
			    glossa_buf_puts(&fwhy, why.ptr) < 0) {
				cli_error("out of memory");
				goto out;
			}
		} else if (strcmp(gpath->ptr, path.ptr) != 0 &&
			   !same_glossary(gpath->ptr, path.ptr)) {
			cli_error("%s: its settings use the glossary %s (%s), %s uses %s (%s): fix them in separate runs; nothing was changed",
				files[i].name, path.ptr, why.ptr,
				files[0].name, gpath->ptr, fwhy.ptr);
			goto out;
		}
		q = cfg && cfg->quotes_exempt >= 0 ? cfg->quotes_exempt :
			u ? u->quotes_exempt : -1;
		if (q == 1)
			files[i].flags |= GLOSSA_FIX_QUOTES_EXEMPT;
		/* [rules] variant = off: fix, which is that rule, is off. */
		sev = cfg ? glossa_rule_settings_get(cfg->rules,
			GLOSSA_RULE_VARIANT) : GLOSSA_SEVERITY_DEFAULT;
		if (sev == GLOSSA_SEVERITY_DEFAULT && u)
			sev = glossa_rule_settings_get(u->rules,
				GLOSSA_RULE_VARIANT);
		if (sev == GLOSSA_SEVERITY_OFF)
			files[i].flags |= GLOSSA_FIX_VARIANT_OFF;
	}
	rc = 0;
out:
	if (cfg != *first)
		glossa_check_config_free(cfg);
	if (rc < 0) {
		glossa_check_config_free(*first);
		*first = NULL;
	}
	glossa_buf_dispose(&path);
	glossa_buf_dispose(&why);
	glossa_buf_dispose(&fwhy);
	glossa_buf_dispose(&cpath);
	glossa_buf_dispose(&last);
	return rc;
}

/* ---- the command ---- */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The fixed text: the original bytes between the matches, the house
 * forms in them. */
static int write_fixed(FILE *out, const fix_file *f)
{
	const glossa_match *mt;
	size_t n, i, pos = 0;
	const char *t = f->text.ptr;

	mt = glossa_fix_result_matches(f->result, &n);
	for (i = 0; i < n; i++) {
		size_t nl;

		if (mt[i].status != GLOSSA_MATCH_FIX)
			continue;
		nl = strlen(mt[i].new_text);
		if (fwrite(t + pos, 1, mt[i].start - pos, out) !=
				mt[i].start - pos ||
		    fwrite(mt[i].new_text, 1, nl, out) != nl)
			return -1;
		pos = mt[i].end;
	}
	if (fwrite(t + pos, 1, f->text.size - pos, out) != f->text.size - pos)
		return -1;
	return 0;
}

/* $XDG_CACHE_HOME/glossa, else ~/.cache/glossa; NULL when neither. */
static char *default_cache_dir(void)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	char *dir = NULL;

	if (xdg && *xdg == '/') {
		if (asprintf(&dir, "%s/glossa", xdg) < 0)
			dir = NULL;
	} else if (home && *home == '/') {
		if (asprintf(&dir, "%s/.cache/glossa", home) < 0)
			dir = NULL;
	}
	return dir;
}

static void warn_ambiguous(const fix_file *f)
{
	const glossa_match *mt;
	size_t n, i;

	mt = glossa_fix_result_matches(f->result, &n);
	for (i = 0; i < n; i++)
		if (mt[i].status == GLOSSA_MATCH_AMBIGUOUS) {
			cli_put_visible(stderr, f->name);
			fprintf(stderr, ":%u:%u: warning: '",
				mt[i].line, mt[i].column);
			text_str(stderr, mt[i].old_text);
			fprintf(stderr,
				"' is a spelling of several names (%s); not changed\n",
				mt[i].key);
		}
}

/* The change report (the library writes it) on standard output. */
static int print_changes(const fix_file *files, size_t nfiles,
	glossa_report_format_kind kind)
{
	const glossa_fix_result **results;
	const char **names;
	glossa_buf b = GLOSSA_BUF_INIT;
	size_t i, k = 0;
	int rc = -1;

	results = calloc(nfiles ? nfiles : 1, sizeof(*results));
	names = calloc(nfiles ? nfiles : 1, sizeof(*names));
	if (results == NULL || names == NULL) {
		cli_error("out of memory");
		goto out;
	}
	for (i = 0; i < nfiles; i++)
		if (!files[i].bad) {
			results[k] = files[i].result;
			names[k++] = files[i].name;
		}
	if (glossa_fix_report_format(&b, results, names, k, kind) < 0) {
		cli_lib_error();
		goto out;
	}
	if (b.size > 0 && fwrite(b.ptr, 1, b.size, stdout) != b.size) {
		cli_error("cannot write output: %s", strerror(errno));
		goto out;
	}
	rc = 0;
out:
	glossa_buf_dispose(&b);
	free(results);
	free(names);
	return rc;
}

int cmd_fix(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "in-place", no_argument, NULL, 'i' },
		{ "diff", no_argument, NULL, 'd' },
		{ "report", required_argument, NULL, 'r' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "no-native", no_argument, NULL, 'N' },
		{ "format", required_argument, NULL, 'f' },
		{ "type", required_argument, NULL, 't' },
		{ "glossary", required_argument, NULL, 'g' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "no-cache", no_argument, NULL, 'C' },
		{ "force", no_argument, NULL, 'F' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "track-changes", no_argument, NULL, 'T' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "output", required_argument, NULL, 'o' },
		{ "color", required_argument, NULL, 'c' },
		{ "colour", required_argument, NULL, 'c' },
		{ "no-config", no_argument, NULL, 'K' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	glossa_matcher_options mopts = GLOSSA_MATCHER_OPTIONS_INIT;
	glossa_text_format format = GLOSSA_TEXT_PLAIN;
	bool in_place = false, diff = false, dry_run = false, have_format = false;
	cli_drafts drafts = { NULL, 0, 0, 0 };
	bool have_out = false, type_docx = false, track = false;
	unsigned wflags = 0;
	cli_writer *writer = NULL;
	const char *output = NULL;
	cli_output outp = { NULL, -1, -1 };
	int color = -1;
	out_format ofmt = OUT_TEXT;
	bool verbose = false, cache = getenv("GLOSSA_NO_CACHE") == NULL;
	bool quiet = false, no_config = false;
	char *cache_dir = NULL;
	double t0 = now(), t1 = 0, t2 = 0;
	glossa_store *store = NULL;
	glossa_matcher *m = NULL;
	fix_file *files = NULL;
	glossa_check_config *settings = NULL;
	glossa_buf gpath = GLOSSA_BUF_INIT;
	fix_run run;
	size_t nfiles = 0, i, nfix = 0, namb = 0, nwritten = 0;
	int ch, rc = EXIT_TROUBLE, nstdin = 0, jobs = cli_jobs_default(), lr;
	bool whole = false;

	memset(&run, 0, sizeof(run));
	while ((ch = getopt_long(argc, argv, "idr:nf:t:g:j:o:qvh", opts, NULL)) != -1) {
		switch (ch) {
		case 'j':
			if (cli_jobs_parse(&jobs, "fix", optarg) != 0)
				return EXIT_TROUBLE;
			break;
		case 'i': in_place = true; break;
		case 'd': diff = true; break;
		case 'n': dry_run = true; break;
		case 'N': mopts.flags |= GLOSSA_MATCHER_NO_NATIVE; break;
		case 'v': verbose = true; break;
		case 'q': quiet = true; break;
		case 'o': output = optarg; break;
		case 'c':
			if (strcmp(optarg, "always") == 0)
				color = 1;
			else if (strcmp(optarg, "never") == 0)
				color = 0;
			else if (strcmp(optarg, "auto") == 0)
				color = -1;
			else
				return cli_usage_error("fix",
					"--color wants auto, always or never");
			break;
		case 'K':
			no_config = true;
			cli_user_config_ignore();
			break;
		case 'C': cache = false; break;
		case 'F': wflags |= CLI_WRITE_FORCE; break;
		case 'T': track = true; break;
		case 'g': cli_global.glossary = optarg; break;
		case 'f':
			if (out_format_parse(&ofmt, optarg) == 0) {
				have_out = true;
				break;
			}
			/* Until 0.2, --format was the input type: still
			 * understood, with a word about it. */
			if (glossa_text_format_parse(&format, optarg) == 0) {
				fprintf(stderr, "%s fix: --format %s for the "
					"input type is deprecated; use --type %s\n",
					cli_progname, optarg, optarg);
				have_format = true;
				break;
			}
			return cli_usage_error("fix",
				"unknown format '%s' (text, diff, changes, json; "
				"the input type is --type)", optarg);
		case 'r':
			/* --report text|json: --format changes|json now. */
			if (strcmp(optarg, "text") != 0 &&
			    strcmp(optarg, "json") != 0)
				return cli_usage_error("fix",
					"unknown report format '%s' (text, json)",
					optarg);
			fprintf(stderr, "%s fix: --report is deprecated; use "
				"--format %s\n", cli_progname,
				optarg[0] == 't' ? "changes" : "json");
			ofmt = optarg[0] == 't' ? OUT_CHANGES : OUT_JSON;
			have_out = true;
			break;
		case 't':
			if ((type_docx = strcmp(optarg, "docx") == 0))
				break;
			if (glossa_text_format_parse(&format, optarg) < 0)
				return cli_usage_error("fix",
					"unknown type '%s' (plain, markdown, mdx, html, docx)",
					optarg);
			have_format = true;
			break;
		case 'h':
			fputs(fix_help, stdout);
			return EXIT_CLEAN;
		default:
			fprintf(stderr, "Try 'glossa fix --help'.\n");
			return EXIT_TROUBLE;
		}
	}
	if (optind >= argc && !cli_stdin_is_input())
		return cli_usage_error("fix", "no file given (use - for standard input)");
	if (diff && have_out && ofmt != OUT_DIFF)
		return cli_usage_error("fix",
			"--diff and --format %s: choose one",
			ofmt == OUT_JSON ? "json" : ofmt == OUT_CHANGES ?
			"changes" : "text");
	if (diff)
		ofmt = OUT_DIFF;
	/* -i -n: what would change, said (the help's promise). */
	if (in_place && dry_run && ofmt == OUT_TEXT)
		ofmt = OUT_CHANGES;
	for (i = (size_t)optind; i < (size_t)argc; i++)
		nstdin += strcmp(argv[i], "-") == 0;
	if (nstdin > 1)
		return cli_usage_error("fix", "standard input given twice");
	if ((nstdin || optind >= argc) && in_place)
		return cli_usage_error("fix",
			"--in-place cannot write back to standard input");
	if (cli_drafts_gather(&drafts, argv + optind, (size_t)(argc - optind),
			have_format, format) < 0)
		return EXIT_TROUBLE;
	/* --type docx: every draft is a Word document, which is never
	 * written to standard output. */
	for (i = 0; i < drafts.n; i++) {
		if (type_docx)
			drafts.v[i].kind = CLI_DRAFT_DOCX;
		if (drafts.v[i].kind == CLI_DRAFT_DOCX && ofmt == OUT_TEXT &&
		    !in_place && !dry_run) {
			cli_usage_error("fix",
				"%s is a Word document: fix it in place (-i) "
				"or list the changes (--format changes)",
				strcmp(drafts.v[i].path, "-") ?
				drafts.v[i].path : "<stdin>");
			cli_drafts_dispose(&drafts);
			return EXIT_TROUBLE;
		}
	}

	/* What cannot be written back is refused before anything is
	 * read: reading a FIFO would block. */
	if (in_place && !dry_run)
		for (i = 0; i < drafts.n; i++)
			if (drafts.v[i].error == NULL &&
			    cli_write_precheck(drafts.v[i].path) < 0) {
				cli_drafts_dispose(&drafts);
				return EXIT_TROUBLE;
			}

	/* -o naming a draft would put the output in its place: -i is
	 * how a draft is fixed. */
	for (i = 0; output && i < drafts.n; i++)
		if (cli_output_clash(output, drafts.v[i].path,
				"a draft being fixed (-i fixes it in place)") < 0) {
			cli_drafts_dispose(&drafts);
			return EXIT_TROUBLE;
		}
	if (cli_output_begin(&outp, output) < 0) {
		cli_drafts_dispose(&drafts);
		return EXIT_TROUBLE;
	}
	if (color < 0) {
		const char *term = getenv("TERM"), *nc = getenv("NO_COLOR");

		color = isatty(STDOUT_FILENO) && !(nc && *nc) &&
			!(term && strcmp(term, "dumb") == 0);
	}
	diff_color = color == 1;
	nfiles = drafts.n;
	if ((files = calloc(nfiles ? nfiles : 1, sizeof(*files))) == NULL) {
		cli_error("out of memory");
		goto out;
	}
	for (i = 0; i < nfiles; i++) {
		files[i].d = &drafts.v[i];
		files[i].path = drafts.v[i].path;
		files[i].name = strcmp(files[i].path, "-") == 0 ? "<stdin>" :
			files[i].path;
		files[i].bad = drafts.v[i].error != NULL;
	}
	if (fix_settings(files, nfiles, no_config, &gpath, &settings) < 0)
		goto out;
	if (cli_output_clash_glossary(output, gpath.ptr) < 0)
		goto out;
	if (cli_open_store_for(&store, settings, NULL) != 0)
		goto out;
	if (cache && (cache_dir = default_cache_dir()) != NULL)
		mopts.cache_dir = cache_dir;
	if (glossa_matcher_new_from_store(&m, store, &mopts) < 0) {
		cli_lib_error();
		goto out;
	}
	glossa_store_free(store);
	store = NULL;
	t1 = now();
	if (verbose) {
		glossa_matcher_stats st;

		glossa_matcher_stats_get(&st, m);
		fprintf(stderr, "%s fix: glossary: %zu entries, %zu keys, "
			"%zu trie nodes, %.1f MB, %s in %.3f s\n",
			cli_progname, st.entries, st.keys, st.nodes,
			(double)st.bytes / 1048576.0, st.cached ?
			"loaded from the cache" : "read and compiled", t1 - t0);
	}

	run.files = files;
	run.m = m;
	run.apply = in_place && !dry_run;
	run.track = track;
	/* Read and fix everything before anything goes out; a draft that
	 * cannot be read is said in its place and left. */
	if (jobs > 1 && nfiles > 1) {
		if (fix_parallel(&run, nfiles, jobs) < 0)
			goto out;
	} else {
		for (i = 0; i < nfiles; i++) {
			if (files[i].bad) {
				cli_draft_say(files[i].d);
				run.nbad++;
			} else if (cli_input_read(&files[i].text,
					files[i].path) < 0) {
				files[i].bad = true;
				run.nbad++;
			} else if ((lr = load_docx(&run, &files[i])) != 0) {
				if (lr < 0)
					goto out;
			} else if (fix_one(&run, i) < 0) {
				goto out;
			}
		}
	}
	nfix = run.nfix;
	namb = run.namb;
	t2 = now();
	if (verbose) {
		fprintf(stderr, "%s fix: %zu file(s): %zu fixes, %zu ambiguous, "
			"in %.3f s\n", cli_progname, nfiles, nfix, namb, t2 - t1);
	}
	if (in_place && !dry_run)
		for (i = 0; i < nfiles; i++)
			if (!files[i].bad &&
			    glossa_fix_result_nfixes(files[i].result) > 0 &&
			    cli_input_changed(&files[i].text, files[i].path))
				goto out;

	if (ofmt != OUT_CHANGES && ofmt != OUT_JSON)
		for (i = 0; i < nfiles; i++)
			if (!files[i].bad)
				warn_ambiguous(&files[i]);
	if (in_place && !dry_run) {
		/* All or nothing: every new file is written and checked
		 * first, then all are put in place together. */
		if (cli_writer_new(&writer, wflags) < 0)
			goto out;
		for (i = 0; i < nfiles; i++) {
			fix_file *f = &files[i];

			if (f->bad || glossa_fix_result_nfixes(f->result) == 0)
				continue;
			if (cli_writer_add(writer, f->path, f->fixed.ptr,
					f->fixed.size, &f->text.st) < 0)
				goto out;
			nwritten++;
		}
		if (cli_writer_commit(writer) < 0)
			goto out;
	}
	/* -i -d: written, and the diff shown. */
	if (ofmt == OUT_DIFF) {
		for (i = 0; i < nfiles; i++)
			if (!files[i].bad && print_diff(stdout, &files[i]) < 0)
				goto out;
	} else if (ofmt == OUT_TEXT && !dry_run && !in_place) {
		for (i = 0; i < nfiles; i++)
			if (!files[i].bad && write_fixed(stdout, &files[i]) < 0) {
				cli_error("cannot write output: %s",
					strerror(errno));
				goto out;
			}
	}
	if ((ofmt == OUT_CHANGES || ofmt == OUT_JSON) &&
	    print_changes(files, nfiles, ofmt == OUT_JSON ?
			GLOSSA_REPORT_JSON : GLOSSA_REPORT_TEXT) < 0)
		goto out;
	/* The change report says which glossary it comes from. */
	if (ofmt == OUT_CHANGES && !quiet) {
		fputs("glossary: ", stdout);
		cli_put_visible(stdout, gpath.ptr);
		putchar('\n');
	}
	if (fflush(stdout) != 0) {
		cli_error("cannot write output: %s", strerror(errno));
		goto out;
	}
	/* In place, exit status 2 no longer means that no file was
	 * changed: when some were, said with the files that were not
	 * read. */
	if (run.nbad > 0 && nwritten > 0)
		fprintf(stderr, "%s fix: %zu of %zu file%s could not be read "
			"and %s left as %s; %zu other%s fixed in place\n",
			cli_progname, run.nbad, nfiles, nfiles == 1 ? "" : "s",
			run.nbad == 1 ? "was" : "were",
			run.nbad == 1 ? "it was" : "they were", nwritten,
			nwritten == 1 ? " was" : "s were");
	rc = run.nbad > 0 ? EXIT_TROUBLE : nfix > 0 ? EXIT_FINDINGS :
		EXIT_CLEAN;
	/* Drafts were written although others could not be read: the
	 * -o report is the record of what was changed, and is kept. */
	whole = nwritten > 0;
out:
	for (i = 0; files && i < nfiles; i++) {
		glossa_buf_dispose(&files[i].err);
		cli_input_dispose(&files[i].text);
		glossa_buf_dispose(&files[i].fixed);
		glossa_fix_result_free(files[i].result);
		glossa_docx_free(files[i].docx);
	}
	free(files);
	cli_writer_free(writer);
	glossa_check_config_free(settings);
	glossa_buf_dispose(&gpath);
	free(cache_dir);
	glossa_matcher_free(m);
	glossa_store_free(store);
	cli_drafts_dispose(&drafts);
	if (cli_output_end(&outp, rc != EXIT_TROUBLE || whole) < 0)
		rc = EXIT_TROUBLE;
	return rc;
}
