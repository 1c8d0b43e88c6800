/*
** .glossa.ini: the check's settings for a folder of drafts (libinih).
**
** The nearest file wins, looking from the draft's folder up to the root,
** as .editorconfig and .clang-format do. A relative glossary path is
** relative to the file's folder, so a newsroom repository can keep its
** glossary next to its drafts.
**
** A settings file can turn every rule off, so it is believed only when
** no one but its reader (or root) can have written it, as git's
** safe.directory and OpenSSH's checks on its configuration do: owned by
** the current user or root, not writable by others, and not by its group
** unless that group is its owner's own (the owner's primary group, with
** no other member: the user-private groups behind a umask of 002). A
** file that fails is skipped, and the search goes on above it.
*/
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <ini.h>
#include "internal.h"
#include "check_int.h"
#include "options.h"

#define CONFIG_NAME ".glossa.ini"

/* Where each setting was read: slots of glossa_check_config.lines. */
enum {
	CFG_LINE_GLOSSARY = 0,
	CFG_LINE_LANG,
	CFG_LINE_QUOTES,
	CFG_LINE_ACCEPT,
	CFG_LINE_RULE   /* + the rule */
};

unsigned glossa_check_config_line(const glossa_check_config *cfg,
	const char *setting)
{
	glossa_rule r;

	if (cfg == NULL || cfg->lines == NULL || setting == NULL)
		return 0;
	if (strcmp(setting, "glossary") == 0)
		return cfg->lines[CFG_LINE_GLOSSARY];
	if (strcmp(setting, "language") == 0)
		return cfg->lines[CFG_LINE_LANG];
	if (strcmp(setting, "quotes") == 0)
		return cfg->lines[CFG_LINE_QUOTES];
	if (strcmp(setting, "accept") == 0)
		return cfg->lines[CFG_LINE_ACCEPT];
	if (glossa_rule_parse(&r, setting) == 0)
		return cfg->lines[CFG_LINE_RULE + r];
	return 0;
}

/* Is gid the private group of uid: its primary group, with no member
 * listed but (at most) the owner? */
static bool private_group(uid_t uid, gid_t gid)
{
	struct passwd pw, *pwp = NULL;
	struct group gr, *grp = NULL;
	size_t size = 16384;
	char *buf = NULL, **m;
	bool ok = false;

	for (;;) {
		char *nb = realloc(buf, size);
		int e;

		if (nb == NULL)
			goto out;
		buf = nb;
		if ((e = getpwuid_r(uid, &pw, buf, size, &pwp)) == ERANGE &&
		    size < (1u << 20)) {
			size *= 2;
			continue;
		}
		if (e != 0 || pwp == NULL || pw.pw_gid != gid)
			goto out;
		if ((e = getgrgid_r(gid, &gr, buf, size, &grp)) == ERANGE &&
		    size < (1u << 20)) {
			size *= 2;
			continue;
		}
		if (e != 0 || grp == NULL)
			goto out;
		break;
	}
	/* Members are compared by uid, so that pw's strings, which
	 * getgrgid_r has written over, are not needed. */
	ok = true;
	for (m = gr.gr_mem; m && *m && ok; m++) {
		struct passwd pw2, *p2 = NULL;
		char b2[4096];

		ok = getpwnam_r(*m, &pw2, b2, sizeof(b2), &p2) == 0 &&
			p2 != NULL && pw2.pw_uid == uid;
	}
out:
	free(buf);
	return ok;
}

/* 0 when a file with these attributes can be trusted, else 1 with the
 * reason in `why`. */
static int trust_stat(glossa_buf *why, const struct stat *sb)
{
	uid_t me = geteuid();
	int e = 0;

	glossa_buf_clear(why);
	if (sb->st_uid != me && sb->st_uid != 0)
		e = glossa_buf_printf(why,
			"owned by uid %lu, not by you or root",
			(unsigned long)sb->st_uid);
	else if (sb->st_mode & S_IWOTH)
		e = glossa_buf_printf(why, "writable by anyone (mode %04o)",
			(unsigned)(sb->st_mode & 07777));
	else if ((sb->st_mode & S_IWGRP) &&
		 !private_group(sb->st_uid, sb->st_gid))
		e = glossa_buf_printf(why,
			"writable by group %lu (mode %04o)",
			(unsigned long)sb->st_gid,
			(unsigned)(sb->st_mode & 07777));
	else
		return 0;
	return e < 0 ? GLOSSA_ERROR : 1;
}

/* A settings path that is a symbolic link is trusted only when its
 * owner is: another user's link to a trusted file (root's, say, with
 * every rule off) would let them choose the settings. 0, or 1 with the
 * reason in `why`. */
static int trust_link(glossa_buf *why, const char *path)
{
	struct stat ls;
	uid_t me = geteuid();

	glossa_buf_clear(why);
	if (lstat(path, &ls) != 0 || !S_ISLNK(ls.st_mode) ||
	    ls.st_uid == me || ls.st_uid == 0)
		return 0;
	return glossa_buf_printf(why,
		"a symbolic link owned by uid %lu, not by you or root",
		(unsigned long)ls.st_uid) < 0 ? GLOSSA_ERROR : 1;
}

int glossa_check_config_trusted(glossa_buf *why, const char *path)
{
	struct stat sb;
	int t;

	if (stat(path, &sb) != 0)
		return glossa_error__set(GLOSSA_ERRCLASS_OS,
			errno == ENOENT ? GLOSSA_ENOTFOUND : GLOSSA_ERROR,
			"%s: %s", path, strerror(errno));
	if ((t = trust_link(why, path)) != 0)
		return t;
	return trust_stat(why, &sb);
}

int glossa_check_config_find(glossa_buf *out, const char *draft_path)
{
	return glossa_check_config_find_trusted(out, draft_path, NULL, NULL);
}

int glossa_check_config_find_trusted(glossa_buf *out, const char *draft_path,
	glossa_check_config_ignored_fn ignored, void *payload)
{
	glossa_buf why = GLOSSA_BUF_INIT;
	char dir[PATH_MAX], cand[PATH_MAX + 16];
	struct stat sb;
	char *slash;
	int t = 0;

	if (draft_path == NULL || strcmp(draft_path, "-") == 0 ||
	    strchr(draft_path, '/') == NULL) {
		if (getcwd(dir, sizeof(dir)) == NULL)
			return GLOSSA_ENOTFOUND;
	} else {
		if (realpath(draft_path, dir) == NULL) {
			/* Fall back on the path as given. */
			if (strlen(draft_path) >= sizeof(dir))
				return GLOSSA_ENOTFOUND;
			strcpy(dir, draft_path);
		}
		if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
			slash = strrchr(dir, '/');
			if (slash == NULL)
				return GLOSSA_ENOTFOUND;
			if (slash == dir)
				slash[1] = '\0';
			else
				*slash = '\0';
		}
	}
	for (;;) {
		snprintf(cand, sizeof(cand), "%s%s%s", dir,
			strcmp(dir, "/") == 0 ? "" : "/", CONFIG_NAME);
		if (stat(cand, &sb) == 0 && S_ISREG(sb.st_mode)) {
			if ((t = trust_link(&why, cand)) == 0)
				t = trust_stat(&why, &sb);
			if (t < 0)
				break;
			if (t == 0) {
				glossa_buf_dispose(&why);
				glossa_buf_clear(out);
				return glossa_buf_puts(out, cand);
			}
			if (ignored)
				ignored(cand, why.ptr, payload);
		}
		if (strcmp(dir, "/") == 0 || (slash = strrchr(dir, '/')) == NULL)
			break;
		if (slash == dir)
			slash[1] = '\0';
		else
			*slash = '\0';
	}
	glossa_buf_dispose(&why);
	return t < 0 ? GLOSSA_ERROR : GLOSSA_ENOTFOUND;
}

typedef struct {
	glossa_check_config *cfg;
	FILE *f;
	char *dir;           /* the file's folder, for relative paths */
	char msg[512];
	int error;
	int line;            /* the line inih is on */
	int errline;         /* the line of msg */
	int toolong;         /* a line inih cannot take whole, or 0 */
	int maxline;         /* inih's line buffer, in bytes */
} load_ctx;

static int fail(load_ctx *l, int code, const char *fmt, const char *a,
	const char *b)
{
	if (l->error == 0) {
		l->error = code;
		l->errline = l->line;
		snprintf(l->msg, sizeof(l->msg), fmt, a, b);
	}
	return 0;  /* tells inih this line was bad */
}

/* inih's reader: one line at a time, counted, so that a setting's error
 * names its own line and not the first line inih found wrong. A line
 * longer than inih's buffer would be cut in two and its rest read as
 * another line: it ends the parse instead. */
static char *read_line(char *str, int num, void *stream)
{
	load_ctx *l = stream;
	size_t n;
	int c;

	if (fgets(str, num, l->f) == NULL)
		return NULL;
	l->line++;
	l->maxline = num;
	n = strlen(str);
	if (n + 1 == (size_t)num && str[n - 1] != '\n' &&
	    (c = getc(l->f)) != EOF) {
		ungetc(c, l->f);
		l->toolong = l->line;
		return NULL;
	}
	return str;
}

static bool truthy(const char *v, int *out)
{
	if (!strcasecmp(v, "yes") || !strcasecmp(v, "true") ||
	    !strcasecmp(v, "on") || !strcmp(v, "1") ||
	    !strcasecmp(v, "exempt")) {
		*out = 1;
		return true;
	}
	if (!strcasecmp(v, "no") || !strcasecmp(v, "false") ||
	    !strcasecmp(v, "off") || !strcmp(v, "0") ||
	    !strcasecmp(v, "check")) {
		*out = 0;
		return true;
	}
	return false;
}

static int add_words(load_ctx *l, const char *v)
{
	glossa_check_config *c = l->cfg;
	const char *p = v;

	while (*p) {
		size_t n;

		while (*p == ',' || *p == ' ' || *p == '\t')
			p++;
		n = strcspn(p, ", \t");
		if (n == 0)
			break;
		if (glossa__grow((void **)&c->accept, &(size_t){ c->naccept },
				c->naccept + 1, sizeof(char *)) < 0 ||
		    (c->accept[c->naccept] = glossa__strndup(p, n)) == NULL) {
			l->error = GLOSSA_ERROR;
			return 0;
		}
		c->naccept++;
		p += n;
	}
	return 1;
}

static int handler(void *user, const char *section, const char *name,
	const char *value)
{
	load_ctx *l = user;
	glossa_check_config *c = l->cfg;

	if (name[0] == '\0')
		return fail(l, GLOSSA_EINVALID, "a setting without a name%s%s",
			"", "");
	if (strcmp(section, "glossa") == 0 || strcmp(section, "check") == 0) {
		if (strcmp(name, "glossary") == 0) {
			c->lines[CFG_LINE_GLOSSARY] = (unsigned)l->line;
			/* Else the settings' folder would be the glossary. */
			if (value[0] == '\0')
				return fail(l, GLOSSA_EINVALID,
					"glossary: no path given%s%s", "", "");
			free(c->glossary);
			c->glossary = NULL;
			if (value[0] == '/' || l->dir == NULL)
				c->glossary = glossa__strdup(value);
			else if (asprintf(&c->glossary, "%s/%s", l->dir,
					value) < 0)
				c->glossary = NULL;
			if (c->glossary == NULL) {
				l->error = GLOSSA_ERROR;
				return 0;
			}
			return 1;
		}
		if (strcmp(name, "language") == 0 || strcmp(name, "lang") == 0) {
			c->lines[CFG_LINE_LANG] = (unsigned)l->line;
			free(c->lang);
			if ((c->lang = glossa__strdup(value)) == NULL) {
				l->error = GLOSSA_ERROR;
				return 0;
			}
			return 1;
		}
		if (strcmp(name, "quotes") == 0) {
			c->lines[CFG_LINE_QUOTES] = (unsigned)l->line;
			if (!truthy(value, &c->quotes_exempt))
				return fail(l, GLOSSA_EINVALID,
					"quotes: '%s' is not exempt or check%s",
					value, "");
			return 1;
		}
		return fail(l, GLOSSA_EINVALID, "unknown setting '%s' in [%s]",
			name, section);
	}
	if (strcmp(section, "rules") == 0) {
		glossa_rule r;
		glossa_severity s;

		if (glossa_rule_parse(&r, name) < 0) {
			const char *dym = glossa_rule_suggest(name);
			char hint[160];

			if (dym)
				snprintf(hint, sizeof(hint),
					" (did you mean '%s'?)", dym);
			else
				snprintf(hint, sizeof(hint), "%s",
					" (spelling, variant, inconsistent, near-miss, foreign-script, mixed-script, first-reference, new-name)");
			return fail(l, GLOSSA_EINVALID, "unknown rule '%s'%s",
				name, hint);
		}
		if (glossa_severity_parse(&s, value) < 0 ||
		    s == GLOSSA_SEVERITY_DEFAULT)
			return fail(l, GLOSSA_EINVALID,
				"rule %s: '%s' is not off, on, info, warning or error",
				name, value);
		c->rules->sev[r] = s;
		c->lines[CFG_LINE_RULE + r] = (unsigned)l->line;
		return 1;
	}
	if (strcmp(section, "accept") == 0) {
		if (strcmp(name, "words") == 0 || strcmp(name, "word") == 0) {
			if (c->lines[CFG_LINE_ACCEPT] == 0)
				c->lines[CFG_LINE_ACCEPT] = (unsigned)l->line;
			return add_words(l, value);
		}
		return fail(l, GLOSSA_EINVALID,
			"unknown setting '%s' in [accept] (words = ...)%s",
			name, "");
	}
	if (section[0] == '\0')
		return fail(l, GLOSSA_EINVALID,
			"'%s' is outside any section ([glossa], [rules] or [accept])%s",
			name, "");
	return fail(l, GLOSSA_EINVALID, "unknown section [%s]%s", section, "");
}

int glossa_check_config_load(glossa_check_config **out, const char *path)
{
	glossa_check_config *c;
	load_ctx l;
	FILE *f;
	char *slash;
	int rc, fd;

	*out = NULL;
	memset(&l, 0, sizeof(l));
	/* Never blocks: a FIFO is refused below, not waited on. */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0 ||
	    (f = fdopen(fd, "r")) == NULL) {
		int e = errno;

		if (fd >= 0)
			close(fd);
		return glossa_error__set(GLOSSA_ERRCLASS_OS,
			e == ENOENT ? GLOSSA_ENOTFOUND : GLOSSA_ERROR,
			"%s: %s", path, strerror(e));
	}
	/* The file as opened, not as found: it may have been swapped. */
	{
		glossa_buf why = GLOSSA_BUF_INIT;
		struct stat sb;
		int t;

		if (fstat(fileno(f), &sb) != 0)
			t = glossa_error__set(GLOSSA_ERRCLASS_OS, GLOSSA_ERROR,
				"%s: %s", path, strerror(errno));
		else if (!S_ISREG(sb.st_mode))
			t = glossa_error__set(GLOSSA_ERRCLASS_INVALID,
				GLOSSA_EINVALID,
				"%s: settings must be a regular file", path);
		else if ((t = trust_link(&why, path)) == 0 &&
			 (t = trust_stat(&why, &sb)) == 1)
			t = glossa_error__set(GLOSSA_ERRCLASS_INVALID,
				GLOSSA_EINVALID,
				"%s: settings not trusted: %s", path, why.ptr);
		glossa_buf_dispose(&why);
		if (t < 0) {
			fclose(f);
			return t;
		}
	}
	if ((c = glossa__calloc(1, sizeof(*c))) == NULL) {
		fclose(f);
		return GLOSSA_ERROR;
	}
	c->quotes_exempt = -1;
	l.cfg = c;
	if ((c->lines = glossa__calloc(CFG_LINE_RULE + GLOSSA_RULE_COUNT,
			sizeof(unsigned))) == NULL ||
	    glossa_rule_settings_new(&c->rules) < 0 ||
	    (c->path = glossa__strdup(path)) == NULL ||
	    (l.dir = glossa__strdup(path)) == NULL) {
		fclose(f);
		glossa_check_config_free(c);
		free(l.dir);
		return GLOSSA_ERROR;
	}
	if ((slash = strrchr(l.dir, '/')) != NULL)
		*slash = '\0';
	else {
		free(l.dir);
		l.dir = NULL;
	}
	l.f = f;
	rc = ini_parse_stream(read_line, &l, handler, &l);
	if (ferror(f))
		rc = -1;
	fclose(f);
	free(l.dir);
	if (l.error == GLOSSA_ERROR) {
		glossa_check_config_free(c);
		return GLOSSA_ERROR;
	}
	if (rc < 0) {
		glossa_check_config_free(c);
		return glossa_error__set(GLOSSA_ERRCLASS_OS, GLOSSA_ERROR,
			"%s: cannot read the file", path);
	}
	/* inih gives the first bad line (a refused setting makes one too);
	 * our message is for that line only if the setting was on it. */
	if (rc != 0 || l.toolong) {
		if (rc != 0 && l.error && l.errline == rc)
			glossa_error__set(GLOSSA_ERRCLASS_PARSE, GLOSSA_EINVALID,
				"%s:%d: %s", path, rc, l.msg);
		else if (rc != 0)
			glossa_error__set(GLOSSA_ERRCLASS_PARSE, GLOSSA_EINVALID,
				"%s:%d: not an INI line ([section], name = value or ; comment)",
				path, rc);
		else
			glossa_error__set(GLOSSA_ERRCLASS_PARSE, GLOSSA_EINVALID,
				"%s:%d: a line longer than %d characters",
				path, l.toolong, l.maxline - 2);
		glossa_check_config_free(c);
		return GLOSSA_EINVALID;
	}
	*out = c;
	return 0;
}

void glossa_check_config_free(glossa_check_config *cfg)
{
	size_t i;

	if (cfg == NULL)
		return;
	for (i = 0; i < cfg->naccept; i++)
		free(cfg->accept[i]);
	free(cfg->accept);
	free(cfg->path);
	free(cfg->glossary);
	free(cfg->lang);
	free(cfg->lines);
	glossa_rule_settings_free(cfg->rules);
	free(cfg);
}

/* The fields every version of the options has, wherever they are. */
typedef struct {
	const char **lang;
	unsigned *flags;
	const char *const **accept;
	size_t *naccept;
} apply_fields;

static void apply_common(const apply_fields *f, const glossa_check_config *cfg)
{
	if (*f->lang == NULL && cfg->lang)
		*f->lang = cfg->lang;
	if (cfg->quotes_exempt == 1)
		*f->flags |= GLOSSA_CHECK_QUOTES_EXEMPT;
	if (cfg->naccept > 0) {
		*f->accept = (const char *const *)cfg->accept;
		*f->naccept = cfg->naccept;
	}
}

/* An older caller's severity array: fill the rules it leaves DEFAULT. */
static void apply_array(glossa_severity *sev, size_t n,
	const glossa_check_config *cfg)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (sev[i] == GLOSSA_SEVERITY_DEFAULT)
			sev[i] = glossa_rule_settings_get(cfg->rules,
				(glossa_rule)i);
}

int glossa_check_config_apply(glossa_checker_options *opts,
	const glossa_check_config *cfg)
{
	int error;

	if ((error = glossa__options_version_ok(opts->version,
			GLOSSA_CHECKER_OPTIONS_VERSION, "checker")) < 0)
		return error;
	if (cfg == NULL)
		return 0;
	/* Versions 1 and 2 have their own layout (options.h); the struct
	 * is theirs, so it is edited in place through that layout. */
	if (opts->version == 1) {
		glossa_checker_options__v1 *v1 =
			(glossa_checker_options__v1 *)(void *)opts;
		apply_fields f = { &v1->lang, &v1->flags, &v1->accept,
			&v1->naccept };

		apply_common(&f, cfg);
		apply_array(v1->severity, sizeof(v1->severity) /
			sizeof(v1->severity[0]), cfg);
		return 0;
	}
	if (opts->version == 2) {
		glossa_checker_options__v2 *v2 =
			(glossa_checker_options__v2 *)(void *)opts;
		apply_fields f = { &v2->lang, &v2->flags, &v2->accept,
			&v2->naccept };

		apply_common(&f, cfg);
		apply_array(v2->severity, sizeof(v2->severity) /
			sizeof(v2->severity[0]), cfg);
		return 0;
	}
	{
		apply_fields f = { &opts->lang, &opts->flags, &opts->accept,
			&opts->naccept };

		apply_common(&f, cfg);
	}
	if (opts->rules == NULL)
		opts->rules = cfg->rules;
	else
		glossa_rule_settings_merge(opts->rules, cfg->rules);
	return 0;
}
