/*
 * The drafts of a run: what fix and check read, from the files, folders,
 * quoted globs and "-" of the command line.
 *
 * A file named on the command line is read whatever its name, symbolic
 * links followed (a FIFO named is read too: glossa check <(...); a device
 * or a socket is refused). A folder is walked: its drafts (by extension, one table:
 * cli_type_of_path), in the byte order of their paths, each folder's
 * files together; dot-files and dot-folders (.git) are skipped, symbolic
 * links are not followed (a walk never leaves its tree nor loops), FIFOs,
 * devices and sockets are passed over, and the ignore files are honoured:
 * .gitignore then .glossaignore of each folder walked and of the folders
 * above it up to the root of the git work tree it is in, deeper files and
 * later lines winning, as git has them. A glob (quoted, so that glossa
 * expands it; "**" is any number of folders) is matched the way a folder
 * is walked, from the folder its pattern names literally; its matches
 * are read whatever their extension.
 *
 * A file reached twice (named twice, through a symbolic link, named and
 * walked) is read once, where it came first; a hard link is a name of its
 * own, as for cli_writer. What cannot be taken (a missing file, a
 * device, a folder that cannot be listed, a glob that matches nothing)
 * stays in the list in its place, with the line to say: the command says
 * it when it gets there and goes on with the next draft.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli.h"

/* Deeper folders are reported, not walked: each level holds a file
 * descriptor while the levels below it are walked. */
#define MAX_DEPTH 200
/* An ignore file larger than this is not a list of patterns. */
#define MAX_IGNORE_FILE (1 << 20)

/* ---- draft types ---- */

/* Word documents are read by cli/docx.c (issue 18, another part): until
 * it is in, a .docx is no draft to a walk, and one named is read as
 * text, as before. */
#ifndef CLI_READS_DOCX
#define CLI_READS_DOCX 0
#endif

static bool core_reads_html(void)
{
	static int known = -1;
	glossa_text_format f;

	if (known < 0)
		known = glossa_text_format_parse(&f, "html") == 0;
	return known == 1;
}

cli_draft_kind cli_type_of_path(const char *path, glossa_text_format *format)
{
	/* What a walk takes: the one table of draft extensions. */
	static const struct {
		const char *ext;
		cli_draft_kind kind;
		bool html;  /* only once the library reads HTML */
	} types[] = {
		{ ".txt", CLI_DRAFT_TEXT, false },
		{ ".text", CLI_DRAFT_TEXT, false },
		{ ".md", CLI_DRAFT_TEXT, false },
		{ ".markdown", CLI_DRAFT_TEXT, false },
		{ ".qmd", CLI_DRAFT_TEXT, false },
		{ ".rmd", CLI_DRAFT_TEXT, false },
		{ ".mdx", CLI_DRAFT_TEXT, false },
		{ ".html", CLI_DRAFT_TEXT, true },
		{ ".htm", CLI_DRAFT_TEXT, true },
		{ ".docx", CLI_DRAFT_DOCX, false },
	};
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	const char *dot = strrchr(base, '.');
	size_t i;

	*format = GLOSSA_TEXT_PLAIN;
	if (dot == NULL || dot == base)
		return CLI_DRAFT_NONE;
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcasecmp(dot, types[i].ext) == 0) {
			if ((types[i].html && !core_reads_html()) ||
			    (types[i].kind == CLI_DRAFT_DOCX && !CLI_READS_DOCX))
				return CLI_DRAFT_NONE;
			if (types[i].kind == CLI_DRAFT_TEXT)
				*format = glossa_text_format_guess(path);
			return types[i].kind;
		}
	return CLI_DRAFT_NONE;
}

/* ---- patterns: a path's folders and name, one fnmatch(3) each ---- */

typedef struct {
	char **seg;
	size_t n;
} segs;

static void segs_dispose(segs *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->seg[i]);
	free(s->seg);
	s->seg = NULL;
	s->n = 0;
}

/* Split p (len bytes) at '/', empty pieces dropped. */
static int segs_split(segs *s, const char *p, size_t len)
{
	size_t i = 0;

	s->seg = NULL;
	s->n = 0;
	while (i < len) {
		size_t e = i;
		char **g;

		while (e < len && p[e] != '/')
			e++;
		if (e > i) {
			if ((g = realloc(s->seg, (s->n + 1) * sizeof(char *))) ==
					NULL)
				goto fail;
			s->seg = g;
			if ((s->seg[s->n] = strndup(p + i, e - i)) == NULL)
				goto fail;
			s->n++;
		}
		i = e + 1;
	}
	return 0;
fail:
	segs_dispose(s);
	return -1;
}

/*
 * Do the names s[0..ns) match the pattern's pieces p[0..np)? "**" is any
 * number of folders (at the end: one or more names); in a glob (`glob`),
 * neither a wildcard nor "**" takes a name that starts with a dot.
 */
static bool seg_match(char *const *p, size_t np, const char *const *s,
	size_t ns, bool glob)
{
	size_t k;

	if (np == 0)
		return ns == 0;
	if (strcmp(p[0], "**") == 0) {
		for (k = 0; k <= ns; k++) {
			if (k > 0 && glob && s[k - 1][0] == '.')
				return false;
			if (np == 1 ? k == ns && k > 0 :
			    seg_match(p + 1, np - 1, s + k, ns - k, glob))
				return true;
		}
		return false;
	}
	return ns > 0 && fnmatch(p[0], s[0], glob ? FNM_PERIOD : 0) == 0 &&
		seg_match(p + 1, np - 1, s + 1, ns - 1, glob);
}

/* Could names below s[0..ns) still match (the walk goes into s)? */
static bool seg_prefix(char *const *p, size_t np, const char *const *s,
	size_t ns)
{
	size_t k;

	for (k = 0; k < ns; k++) {
		if (k >= np)
			return false;
		if (strcmp(p[k], "**") == 0) {
			/* Any depth, but not into a dot-folder. */
			for (; k < ns; k++)
				if (s[k][0] == '.')
					return false;
			return true;
		}
		if (fnmatch(p[k], s[k], FNM_PERIOD) != 0)
			return false;
	}
	return k < np;
}

static bool has_wildcard(const char *s)
{
	return strpbrk(s, "*?[\\") != NULL;
}

/* ---- ignore files ---- */

typedef struct {
	segs pat;
	bool negate, dir_only, anchored;
} rule;

/* One folder's .gitignore and .glossaignore, in that order. */
typedef struct {
	rule *rules;
	size_t n;
	segs above;      /* above the walk: the folders from it down to
	                  * the walk's start */
	size_t depth;    /* in the walk: how deep its folder is */
} frame;

static void frame_dispose(frame *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		segs_dispose(&f->rules[i].pat);
	free(f->rules);
	segs_dispose(&f->above);
	memset(f, 0, sizeof(*f));
}

/* One line of an ignore file, gitignore(5)'s way; 0 also for a line
 * that is no pattern. */
static int parse_rule(frame *f, char *line, size_t len)
{
	rule r;
	rule *g;

	if (len > 0 && line[len - 1] == '\r')
		len--;
	/* Trailing spaces go, unless a backslash keeps one. */
	while (len > 0 && line[len - 1] == ' ' &&
	       !(len > 1 && line[len - 2] == '\\'))
		len--;
	if (len == 0 || line[0] == '#')
		return 0;
	memset(&r, 0, sizeof(r));
	if (line[0] == '!') {
		r.negate = true;
		line++;
		len--;
	}
	if (len > 0 && line[len - 1] == '/') {
		r.dir_only = true;
		len--;
	}
	if (len == 0)
		return 0;
	/* A slash at the start or inside ties it to the file's folder. */
	r.anchored = memchr(line, '/', len) != NULL;
	if (segs_split(&r.pat, line, len) < 0)
		return -1;
	if (r.pat.n == 0)
		return 0;
	if ((g = realloc(f->rules, (f->n + 1) * sizeof(*g))) == NULL) {
		segs_dispose(&r.pat);
		return -1;
	}
	f->rules = g;
	f->rules[f->n++] = r;
	return 0;
}

/* The rules of `name` in folder dfd, added to f; a file that is missing,
 * a link, not a regular file or unreadable has none. */
/* An ignore file that is there but not read: its patterns do not apply,
 * so the files it names are read; said, as git says it. */
static void ignore_unread(const char *dir, const char *name,
	const char *why)
{
	fprintf(stderr, "%s: warning: ", cli_progname);
	cli_put_visible(stderr, dir);
	if (dir[0] != '\0' && dir[strlen(dir) - 1] != '/')
		fputc('/', stderr);
	fprintf(stderr, "%s: not read (%s); its patterns are not applied\n",
		name, why);
}

static int load_ignore(frame *f, int dfd, const char *dir, const char *name)
{
	int fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC |
		O_NONBLOCK);
	glossa_buf b = GLOSSA_BUF_INIT;
	struct stat st;
	size_t i, s;
	int rc = 0;

	if (fd < 0) {
		if (errno == ELOOP)
			ignore_unread(dir, name, "a symbolic link: not "
				"followed, as git does not");
		else if (errno != ENOENT && errno != ENOTDIR)
			ignore_unread(dir, name, strerror(errno));
		return 0;
	}
	if (fstat(fd, &st) < 0) {
		ignore_unread(dir, name, strerror(errno));
		close(fd);
		return 0;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > MAX_IGNORE_FILE) {
		ignore_unread(dir, name, !S_ISREG(st.st_mode) ?
			"not a regular file" : "larger than 1 MB");
		close(fd);
		return 0;
	}
	for (;;) {
		ssize_t n;

		if (glossa_buf_grow(&b, 4096) < 0) {
			rc = -1;
			goto out;
		}
		n = read(fd, b.ptr + b.size, b.asize - b.size - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ignore_unread(dir, name, strerror(errno));
			goto out;  /* unreadable: no rules */
		}
		if (n == 0)
			break;
		b.size += (size_t)n;
		if (b.size > MAX_IGNORE_FILE) {
			ignore_unread(dir, name, "larger than 1 MB");
			goto out;
		}
	}
	for (s = 0, i = 0; i <= b.size; i++)
		if (i == b.size || b.ptr[i] == '\n') {
			b.ptr[i] = '\0';
			if (parse_rule(f, b.ptr + s, i - s) < 0) {
				rc = -1;
				goto out;
			}
			s = i + 1;
		}
out:
	close(fd);
	glossa_buf_dispose(&b);
	return rc;
}

/* ---- the list ---- */

static int drafts_add(cli_drafts *d, const char *path, size_t len)
{
	cli_draft *g;

	if (d->n == d->alloc) {
		size_t na = d->alloc ? 2 * d->alloc : 16;

		if ((g = realloc(d->v, na * sizeof(*g))) == NULL)
			return -1;
		d->v = g;
		d->alloc = na;
	}
	memset(&d->v[d->n], 0, sizeof(d->v[0]));
	if ((d->v[d->n].path = strndup(path, len)) == NULL)
		return -1;
	d->n++;
	return 0;
}

static void draft_dispose(cli_draft *e)
{
	free(e->path);
	free(e->error);
	free(e->real);
	e->path = e->error = e->real = NULL;
}

/* The last entry cannot be read: why, in a line naming it. */
static int drafts_fail(cli_drafts *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int drafts_fail(cli_drafts *d, const char *fmt, ...)
{
	cli_draft *e = &d->v[d->n - 1];
	char *why = NULL, *shown = NULL;
	size_t n = 0;
	FILE *f;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vasprintf(&why, fmt, ap);
	va_end(ap);
	if (rc < 0)
		return -1;
	/* The name as the reports show it: a newline in it cannot make a
	 * line of its own. */
	if ((f = open_memstream(&shown, &n)) == NULL) {
		free(why);
		return -1;
	}
	cli_put_visible(f, e->path);
	if (fclose(f) != 0) {
		free(shown);
		free(why);
		return -1;
	}
	rc = asprintf(&e->error, "%s: %s", shown, why);
	free(shown);
	free(why);
	if (rc < 0) {
		e->error = NULL;
		return -1;
	}
	d->nbad++;
	return 0;
}

void cli_drafts_dispose(cli_drafts *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		draft_dispose(&d->v[i]);
	free(d->v);
	memset(d, 0, sizeof(*d));
}

void cli_draft_say(const cli_draft *e)
{
	if (e->error)
		fprintf(stderr, "%s: %s\n", cli_progname, e->error);
}

/*
 * Files already taken, by their real path (symbolic links and "." and
 * ".." resolved): "a.txt", "./a.txt" and a link to it are one file, as
 * for cli_writer; a hard link is a name of its own. Open addressing.
 */
typedef struct {
	char **s;
	size_t n, cap;
} seen_set;

static size_t seen_hash(const char *k, size_t cap)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (; *k; k++)
		h = (h ^ (unsigned char)*k) * 0x100000001b3ull;
	return (size_t)(h ^ (h >> 32)) & (cap - 1);
}

/* 1 when `key` was there, 0 when added now, -1 out of memory. */
static int seen_add(seen_set *set, const char *key)
{
	size_t i;

	if (2 * (set->n + 1) > set->cap) {
		size_t nc = set->cap ? 2 * set->cap : 64, k;
		char **ns = calloc(nc, sizeof(*ns));

		if (ns == NULL)
			return -1;
		for (k = 0; k < set->cap; k++) {
			if (set->s[k] == NULL)
				continue;
			i = seen_hash(set->s[k], nc);
			while (ns[i])
				i = (i + 1) & (nc - 1);
			ns[i] = set->s[k];
		}
		free(set->s);
		set->s = ns;
		set->cap = nc;
	}
	i = seen_hash(key, set->cap);
	while (set->s[i]) {
		if (strcmp(set->s[i], key) == 0)
			return 1;
		i = (i + 1) & (set->cap - 1);
	}
	if ((set->s[i] = strdup(key)) == NULL)
		return -1;
	set->n++;
	return 0;
}

static void seen_dispose(seen_set *set)
{
	size_t i;

	for (i = 0; i < set->cap; i++)
		free(set->s[i]);
	free(set->s);
}

/* ---- walking ---- */

typedef struct {
	cli_drafts *out;
	seen_set *seen;
	bool type_set;
	glossa_text_format type;
	segs *pat;             /* a glob's pattern below the start, or NULL */
	frame *frames;
	size_t nframes;
	const char **names;    /* the path below the start, name by name */
	size_t nnames;
	struct {
		dev_t dev;
		ino_t ino;
	} up[MAX_DEPTH + 1];   /* the folders walked into */
	glossa_buf path;       /* the path as shown and opened */
	const char *real;      /* the start's real path, or NULL */
	bool oom;
} walker;

static int push_frame(walker *w, frame *f)
{
	frame *g;

	if (f->n == 0) {
		frame_dispose(f);
		return 0;
	}
	if ((g = realloc(w->frames, (w->nframes + 1) * sizeof(*g))) == NULL) {
		frame_dispose(f);
		return -1;
	}
	w->frames = g;
	w->frames[w->nframes++] = *f;
	return 1;
}

/*
 * Is the entry w->names[0..nnames) ignored? The deepest frame first, its
 * last rule first: the first rule that matches decides.
 */
static bool ignored(walker *w, bool is_dir)
{
	const char *buf[64], **all = buf;
	size_t k, r, n;
	bool result = false, decided = false;

	for (k = w->nframes; k-- > 0 && !decided; ) {
		frame *f = &w->frames[k];
		const char *const *s;

		if (f->above.n > 0) {
			n = f->above.n + w->nnames;
			if (n > sizeof(buf) / sizeof(buf[0])) {
				if ((all = malloc(n * sizeof(char *))) == NULL) {
					w->oom = true;
					return false;
				}
			}
			memcpy(all, f->above.seg, f->above.n * sizeof(char *));
			memcpy(all + f->above.n, w->names,
				w->nnames * sizeof(char *));
			s = all;
		} else {
			if (f->depth >= w->nnames)
				continue;
			n = w->nnames - f->depth;
			s = w->names + f->depth;
		}
		for (r = f->n; r-- > 0; ) {
			const rule *ru = &f->rules[r];
			bool m;

			if (ru->dir_only && !is_dir)
				continue;
			if (ru->anchored)
				m = seg_match(ru->pat.seg, ru->pat.n, s, n, false);
			else
				m = fnmatch(ru->pat.seg[0], s[n - 1], 0) == 0;
			if (m) {
				result = !ru->negate;
				decided = true;
				break;
			}
		}
		if (all != buf) {
			free(all);
			all = buf;
		}
	}
	return result;
}

static int walk_dir(walker *w, int dfd, size_t depth);

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Extend the shown path by `name`; returns the length to go back to. */
static size_t path_push(walker *w, const char *name)
{
	size_t was = w->path.size;

	if (w->path.size > 0 && w->path.ptr[w->path.size - 1] != '/' &&
	    glossa_buf_put(&w->path, "/", 1) < 0)
		w->oom = true;
	if (glossa_buf_puts(&w->path, name) < 0)
		w->oom = true;
	return was;
}

static void path_pop(walker *w, size_t was)
{
	w->path.size = was;
	if (w->path.ptr)
		w->path.ptr[was] = '\0';
}

/* A walked file, if a walk takes it. */
static int take_file(walker *w)
{
	cli_draft *e;
	cli_draft_kind kind;
	glossa_text_format format;

	if (w->pat) {
		if (!seg_match(w->pat->seg, w->pat->n, w->names, w->nnames,
				true))
			return 0;
		kind = cli_type_of_path(w->path.ptr, &format);
		if (kind == CLI_DRAFT_NONE) {
			kind = CLI_DRAFT_TEXT;
			format = glossa_text_format_guess(w->path.ptr);
		}
	} else if ((kind = cli_type_of_path(w->path.ptr, &format)) ==
			CLI_DRAFT_NONE) {
		return 0;
	}
	/* A file named "-" that a glob matched is that file, not
	 * standard input. */
	if (strcmp(w->path.ptr, "-") == 0 ? drafts_add(w->out, "./-", 3) < 0 :
	    drafts_add(w->out, w->path.ptr, w->path.size) < 0)
		return -1;
	e = &w->out->v[w->out->n - 1];
	e->kind = w->type_set ? CLI_DRAFT_TEXT : kind;
	e->format = w->type_set ? w->type : format;
	/* Below the start no link is followed: its real path and the
	 * names walked are the file's. */
	if (w->real) {
		glossa_buf r = GLOSSA_BUF_INIT;
		size_t k;

		if (glossa_buf_puts(&r, w->real) < 0)
			return -1;
		for (k = 0; k < w->nnames; k++)
			if (((r.size == 0 || r.ptr[r.size - 1] != '/') &&
			     glossa_buf_put(&r, "/", 1) < 0) ||
			    glossa_buf_puts(&r, w->names[k]) < 0) {
				glossa_buf_dispose(&r);
				return -1;
			}
		e->real = r.ptr;
	}
	return 0;
}

/* One name in folder dfd (the path and names already extended). */
static int walk_entry(walker *w, int dfd, const char *name, size_t depth)
{
	struct stat st;
	bool is_dir;
	size_t k;
	int fd;

	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return 0;  /* gone meanwhile */
	/* Links are not followed; FIFOs, devices, sockets are no drafts. */
	if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
		return 0;
	is_dir = S_ISDIR(st.st_mode);
	if (ignored(w, is_dir))
		return 0;
	if (!is_dir)
		return take_file(w);
	if (w->pat && !seg_prefix(w->pat->seg, w->pat->n, w->names,
			w->nnames))
		return 0;
	/* A folder mounted inside itself (a bind mount): once. */
	for (k = 0; k <= depth; k++)
		if (w->up[k].dev == st.st_dev && w->up[k].ino == st.st_ino)
			return 0;
	if (depth + 1 >= MAX_DEPTH) {
		if (drafts_add(w->out, w->path.ptr, w->path.size) < 0 ||
		    drafts_fail(w->out, "folders nested more than %d deep "
				"are not walked", MAX_DEPTH) < 0)
			return -1;
		return 0;
	}
	fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		int e = errno;

		if (fd >= 0)
			close(fd);
		if (drafts_add(w->out, w->path.ptr, w->path.size) < 0 ||
		    drafts_fail(w->out, "cannot read this folder: %s",
				strerror(e)) < 0)
			return -1;
		return 0;
	}
	w->up[depth + 1].dev = st.st_dev;
	w->up[depth + 1].ino = st.st_ino;
	return walk_dir(w, fd, depth + 1);
}

/* Walk folder dfd (taken: closed here), `depth` below the start. */
static int walk_dir(walker *w, int dfd, size_t depth)
{
	DIR *dir;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, a = 0, i;
	frame f;
	int pushed = 0, rc = -1;

	memset(&f, 0, sizeof(f));
	f.depth = depth;
	if ((dir = fdopendir(dfd)) == NULL) {
		int e = errno;

		close(dfd);
		if (drafts_add(w->out, w->path.ptr, w->path.size) < 0 ||
		    drafts_fail(w->out, "cannot read this folder: %s",
				strerror(e)) < 0)
			return -1;
		return 0;
	}
	if (load_ignore(&f, dfd, w->path.ptr, ".gitignore") < 0 ||
	    load_ignore(&f, dfd, w->path.ptr, ".glossaignore") < 0 ||
	    (pushed = push_frame(w, &f)) < 0)
		goto out;
	for (;;) {
		char **g;

		errno = 0;
		if ((de = readdir(dir)) == NULL)
			break;
		/* Dot-files and dot-folders (.git) are not walked; a glob
		 * takes one only where its pattern spells the dot. */
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0 ||
		    (de->d_name[0] == '.' && w->pat == NULL))
			continue;
		if (n == a) {
			a = a ? 2 * a : 32;
			if ((g = realloc(names, a * sizeof(char *))) == NULL)
				goto out;
			names = g;
		}
		if ((names[n] = strdup(de->d_name)) == NULL)
			goto out;
		n++;
	}
	if (errno != 0) {
		int e = errno;

		if (drafts_add(w->out, w->path.ptr, w->path.size) < 0 ||
		    drafts_fail(w->out, "cannot read this folder: %s",
				strerror(e)) < 0)
			goto out;
	}
	/* Sorted here only so that the walk is the same each time; the
	 * list is put in the order of its paths afterwards. */
	if (n > 1)
		qsort(names, n, sizeof(char *), cmp_str);
	for (i = 0; i < n; i++) {
		size_t was = path_push(w, names[i]);
		const char **g;

		if (w->oom)
			goto out;
		if ((g = realloc(w->names, (w->nnames + 1) *
				sizeof(char *))) == NULL)
			goto out;
		w->names = g;
		w->names[w->nnames++] = names[i];
		rc = walk_entry(w, dirfd(dir), names[i], depth);
		w->nnames--;
		path_pop(w, was);
		if (rc < 0 || w->oom) {
			rc = -1;
			goto out;
		}
	}
	rc = 0;
out:
	if (pushed > 0)
		frame_dispose(&w->frames[--w->nframes]);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(dir);
	return rc;
}

/*
 * The ignore files above the walk's start `dir`, up to the root of the
 * git work tree it is in (none outside one).
 */
static int frames_above(walker *w, const char *dir)
{
	char *real = realpath(dir, NULL);
	glossa_buf p = GLOSSA_BUF_INIT;
	size_t top, len;
	struct stat st;
	int rc = -1;

	if (real == NULL)
		return 0;
	len = strlen(real);
	/* The work tree's root: the nearest folder up with a .git
	 * (real[0..top), "/" being 1 long). */
	for (top = len; ; ) {
		glossa_buf_clear(&p);
		if (glossa_buf_put(&p, real, top) < 0 ||
		    glossa_buf_puts(&p, top == 1 ? ".git" : "/.git") < 0)
			goto out;
		if (lstat(p.ptr, &st) == 0)
			break;
		if (top <= 1) {
			rc = 0;  /* not in a work tree */
			goto out;
		}
		while (top > 1 && real[top - 1] != '/')
			top--;
		if (top > 1)
			top--;  /* the slash, but not the root's */
	}
	/* From the root down to the folder above the start. */
	while (top < len) {
		frame f;
		size_t next = top;
		int fd;

		memset(&f, 0, sizeof(f));
		glossa_buf_clear(&p);
		if (glossa_buf_put(&p, real, top) < 0 ||
		    glossa_buf_puts(&p, "") < 0)
			goto out;
		if ((fd = open(p.ptr, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
			int bad = load_ignore(&f, fd, p.ptr, ".gitignore") < 0 ||
				load_ignore(&f, fd, p.ptr, ".glossaignore") < 0 ||
				segs_split(&f.above, real + top, len - top) < 0;

			close(fd);
			if (bad) {
				frame_dispose(&f);
				goto out;
			}
			if (push_frame(w, &f) < 0)
				goto out;
		}
		if (real[next] == '/')
			next++;
		while (next < len && real[next] != '/')
			next++;
		top = next;
	}
	rc = 0;
out:
	glossa_buf_dispose(&p);
	free(real);
	return rc;
}

static int cmp_draft(const void *a, const void *b)
{
	return strcmp(((const cli_draft *)a)->path,
		((const cli_draft *)b)->path);
}

/*
 * Walk the folder `dir` (shown as `shown`: "" for the current folder of
 * a glob with no folder in it), matching `pat` or taking drafts, and put
 * what it gives in the order of the paths, each file once.
 */
static int walk(cli_drafts *out, seen_set *seen, const char *dir,
	const char *shown, segs *pat, bool type_set, glossa_text_format type,
	int dfd)
{
	walker w;
	size_t start = out->n, i, k;
	struct stat st;
	char *real = realpath(dir, NULL);
	int rc = -1;

	memset(&w, 0, sizeof(w));
	w.real = real;
	w.out = out;
	w.seen = seen;
	w.pat = pat;
	w.type_set = type_set;
	w.type = type;
	if (fstat(dfd, &st) < 0) {
		close(dfd);
		return -1;
	}
	w.up[0].dev = st.st_dev;
	w.up[0].ino = st.st_ino;
	if (glossa_buf_puts(&w.path, shown) < 0 ||
	    frames_above(&w, dir) < 0) {
		close(dfd);
		goto out;
	}
	if (walk_dir(&w, dfd, 0) < 0)
		goto out;
	if (out->n - start > 1)
		qsort(out->v + start, out->n - start, sizeof(cli_draft),
			cmp_draft);
	/* Each file once: where it comes first. */
	for (i = k = start; i < out->n; i++) {
		int s = 0;

		if (out->v[i].real &&
		    (s = seen_add(seen, out->v[i].real)) < 0)
			goto out;
		if (s == 1)
			draft_dispose(&out->v[i]);
		else
			out->v[k++] = out->v[i];
	}
	out->n = k;
	rc = 0;
out:
	while (w.nframes > 0)
		frame_dispose(&w.frames[--w.nframes]);
	free(w.frames);
	free(w.names);
	glossa_buf_dispose(&w.path);
	free(real);
	return rc;
}

/* A quoted glob: the folder its pattern names literally is walked, and
 * what the rest matches is taken. */
static int take_glob(cli_drafts *out, seen_set *seen, const char *arg,
	bool type_set, glossa_text_format type)
{
	segs all, pat;
	glossa_buf dir = GLOSSA_BUF_INIT;
	bool abs = arg[0] == '/';
	size_t lit = 0, i, before = out->n;
	int fd, rc = -1;

	memset(&pat, 0, sizeof(pat));
	if (segs_split(&all, arg, strlen(arg)) < 0)
		return -1;
	while (lit + 1 < all.n && !has_wildcard(all.seg[lit]))
		lit++;
	if (abs && glossa_buf_puts(&dir, "/") < 0)
		goto out;
	for (i = 0; i < lit; i++)
		if ((i > 0 && glossa_buf_puts(&dir, "/") < 0) ||
		    glossa_buf_puts(&dir, all.seg[i]) < 0)
			goto out;
	if (glossa_buf_puts(&dir, "") < 0)
		goto out;
	/* The pattern below that folder. */
	pat.seg = all.seg + lit;
	pat.n = all.n - lit;
	fd = open(dir.size ? dir.ptr : ".", O_RDONLY | O_DIRECTORY |
		O_CLOEXEC);
	if (fd >= 0 && walk(out, seen, dir.size ? dir.ptr : ".", dir.ptr,
			&pat, type_set, type, fd) < 0)
		goto out;
	if (out->n == before) {
		if (drafts_add(out, arg, strlen(arg)) < 0 ||
		    drafts_fail(out, "no file matches") < 0)
			goto out;
	}
	rc = 0;
out:
	glossa_buf_dispose(&dir);
	segs_dispose(&all);
	return rc;
}

static const char *kind_of(mode_t m)
{
	if (S_ISCHR(m))
		return "a character device";
	if (S_ISBLK(m))
		return "a block device";
	if (S_ISSOCK(m))
		return "a socket";
	return "not a file";
}

/* One argument of the command line. */
static int take_arg(cli_drafts *out, seen_set *seen, const char *arg,
	bool type_set, glossa_text_format type, bool *stdin_taken)
{
	struct stat st, lst;
	cli_draft *e;
	int s;

	if (strcmp(arg, "-") == 0) {
		if (*stdin_taken)
			return 0;
		*stdin_taken = true;
		if (drafts_add(out, arg, 1) < 0)
			return -1;
		e = &out->v[out->n - 1];
		e->kind = CLI_DRAFT_TEXT;
		e->format = type_set ? type : glossa_text_format_guess(NULL);
		return 0;
	}
	/* A pattern, unless a file has that very name. */
	if (strpbrk(arg, "*?[") != NULL && lstat(arg, &lst) < 0)
		return take_glob(out, seen, arg, type_set, type);
	if (stat(arg, &st) < 0) {
		int err = errno;

		if (drafts_add(out, arg, strlen(arg)) < 0 ||
		    drafts_fail(out, "%s", strerror(err)) < 0)
			return -1;
		return 0;
	}
	if (S_ISDIR(st.st_mode)) {
		size_t before = out->n;
		int fd = open(arg, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

		if (fd < 0) {
			int err = errno;

			if (drafts_add(out, arg, strlen(arg)) < 0 ||
			    drafts_fail(out, "%s", strerror(err)) < 0)
				return -1;
			return 0;
		}
		if (walk(out, seen, arg, arg, NULL, type_set, type, fd) < 0)
			return -1;
		if (out->n == before) {
			fprintf(stderr, "%s: warning: ", cli_progname);
			cli_put_visible(stderr, arg);
			fputs(": no drafts in this folder (.txt, .md, "
				".markdown, .qmd, .Rmd, .mdx", stderr);
			if (core_reads_html())
				fputs(", .html", stderr);
			fputs(CLI_READS_DOCX ? ", .docx)\n" : ")\n", stderr);
		}
		return 0;
	}
	if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode)) {
		if (drafts_add(out, arg, strlen(arg)) < 0 ||
		    drafts_fail(out, "is %s; glossa reads files, folders "
				"and - (standard input)", kind_of(st.st_mode)) < 0)
			return -1;
		return 0;
	}
	if (drafts_add(out, arg, strlen(arg)) < 0)
		return -1;
	e = &out->v[out->n - 1];
	if ((e->real = realpath(arg, NULL)) != NULL &&
	    (s = seen_add(seen, e->real)) != 0) {
		draft_dispose(e);
		out->n--;
		return s < 0 ? -1 : 0;
	}
	if ((e->kind = cli_type_of_path(arg, &e->format)) == CLI_DRAFT_NONE) {
		e->kind = CLI_DRAFT_TEXT;
		e->format = glossa_text_format_guess(arg);
	}
	if (type_set) {
		e->kind = CLI_DRAFT_TEXT;
		e->format = type;
	}
	return 0;
}

bool cli_stdin_is_input(void)
{
	struct stat st;

	return !isatty(STDIN_FILENO) && fstat(STDIN_FILENO, &st) == 0 &&
		(S_ISFIFO(st.st_mode) || S_ISREG(st.st_mode) ||
		 S_ISSOCK(st.st_mode));
}

int cli_drafts_gather(cli_drafts *out, char *const *args, size_t nargs,
	bool type_set, glossa_text_format type)
{
	seen_set seen = { NULL, 0, 0 };
	bool stdin_taken = false;
	size_t i;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (nargs == 0)
		rc = take_arg(out, &seen, "-", type_set, type, &stdin_taken);
	for (i = 0; i < nargs && rc == 0; i++)
		rc = take_arg(out, &seen, args[i], type_set, type,
			&stdin_taken);
	seen_dispose(&seen);
	if (rc < 0) {
		cli_error("out of memory");
		cli_drafts_dispose(out);
		return -1;
	}
	return 0;
}
