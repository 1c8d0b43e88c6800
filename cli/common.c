/*
 * Helpers shared by the subcommands: messages, files, opening the store.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli.h"

cli_globals cli_global;
const char *cli_progname = "glossa";

void cli_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", cli_progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_lib_error(void)
{
	const char *msg = glossa_error_last()->message;

	cli_error("%s", msg && *msg ? msg : "unknown error");
	return EXIT_TROUBLE;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s %s: ", cli_progname, cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s %s --help'.\n", cli_progname, cmd);
	return EXIT_TROUBLE;
}

static void too_large(const char *path)
{
	cli_error("%s: too large: glossa reads files of up to %d MB",
		path, CLI_MAX_INPUT >> 20);
}

int cli_read_file(glossa_buf *buf, const char *path)
{
	bool std = strcmp(path, "-") == 0;
	const char *name = std ? "<stdin>" : path;
	struct stat sb;
	int fd;

	glossa_buf_clear(buf);
	if ((fd = std ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		cli_error("%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &sb) == 0) {
		if (S_ISDIR(sb.st_mode)) {
			cli_error("%s: is a directory", name);
			goto fail;
		}
		/* Refuse before reading, not after running out of memory;
		 * else read a file straight into a buffer of its size, with
		 * the read loop's spare already there: the read that finds
		 * the end then needs no grow (a copy of the whole input). */
		if (S_ISREG(sb.st_mode) && sb.st_size > CLI_MAX_INPUT) {
			too_large(name);
			goto fail;
		}
		if (S_ISREG(sb.st_mode) &&
		    glossa_buf_grow(buf, (size_t)sb.st_size + 65536 + 1) < 0)
			goto nomem;
	}
	for (;;) {
		ssize_t n;

		if (buf->asize - buf->size < 65536 + 1 &&
		    glossa_buf_grow(buf, 65536) < 0)
			goto nomem;
		n = read(fd, buf->ptr + buf->size, buf->asize - buf->size - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			cli_error("%s: read error: %s", name, strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		buf->size += (size_t)n;
		buf->ptr[buf->size] = '\0';
		if (buf->size > CLI_MAX_INPUT) {
			too_large(name);
			goto fail;
		}
	}
	buf->ptr[buf->size] = '\0';
	if (!std)
		close(fd);
	return 0;
nomem:
	cli_error("%s: out of memory", name);
fail:
	if (!std)
		close(fd);
	return -1;
}

/*
 * The mapped inputs, so that a SIGBUS (a mapped file cut short by another
 * program while this run reads it) can name the file. Only changed
 * outside the handler, between touches of any mapping.
 */
typedef struct {
	const char *lo, *hi, *name;
} cli_mapping;

static cli_mapping *mappings;
static size_t nmappings, amappings;

static void put_err(const char *s)
{
	ssize_t n = write(STDERR_FILENO, s, strlen(s));

	(void)n;
}

static void on_sigbus(int sig, siginfo_t *si, void *ctx)
{
	const char *a = si->si_addr;
	size_t i;

	(void)ctx;
	for (i = 0; i < nmappings; i++)
		if (a >= mappings[i].lo && a < mappings[i].hi) {
			put_err(cli_progname);
			put_err(": ");
			put_err(mappings[i].name);
			put_err(": changed while glossa was reading it\n");
			_exit(EXIT_TROUBLE);
		}
	signal(sig, SIG_DFL);
	raise(sig);
}

static int map_file(cli_input *in, int fd, size_t size, const char *path)
{
	static bool handler;
	void *p;

	if (nmappings == amappings) {
		size_t na = amappings ? 2 * amappings : 8;
		cli_mapping *nm = realloc(mappings, na * sizeof(*nm));

		if (nm == NULL)
			return -1;
		mappings = nm;
		amappings = na;
	}
	if (!handler) {
		struct sigaction sa;

		memset(&sa, 0, sizeof(sa));
		sa.sa_sigaction = on_sigbus;
		sa.sa_flags = SA_SIGINFO;
		sigemptyset(&sa.sa_mask);
		if (sigaction(SIGBUS, &sa, NULL) < 0)
			return -1;
		handler = true;
	}
	p = mmap(NULL, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	if (p == MAP_FAILED)
		return -1;
	mappings[nmappings].lo = p;
	mappings[nmappings].hi = (const char *)p + size;
	mappings[nmappings++].name = path;
	in->map = p;
	in->maplen = size;
	in->ptr = p;
	in->size = size;
	return 0;
}

int cli_input_read(cli_input *in, const char *path)
{
	struct stat sb;
	int fd = -1, ok = -1;

	cli_input_dispose(in);
	memset(&in->st, 0, sizeof(in->st));
	/* Anything that cannot be mapped is read, which also gives the
	 * errors (missing, a directory, too large, ...). Only a regular
	 * file is opened here: opening a pipe twice would lose its writer. */
	if (strcmp(path, "-") != 0 && stat(path, &sb) == 0 &&
	    S_ISREG(sb.st_mode) &&
	    (fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) >= 0 &&
	    fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0 &&
	    sb.st_size <= CLI_MAX_INPUT)
		ok = map_file(in, fd, (size_t)sb.st_size, path);
	if (fd >= 0)
		close(fd);
	if (ok == 0) {
		in->st = sb;
		return 0;
	}
	if (cli_read_file(&in->buf, path) < 0)
		return -1;
	in->ptr = in->buf.ptr;
	in->size = in->buf.size;
	if (strcmp(path, "-") != 0 && stat(path, &in->st) == 0 &&
	    !S_ISREG(in->st.st_mode))
		in->st.st_ino = 0;
	return 0;
}

bool cli_same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino &&
		a->st_size == b->st_size &&
		a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
		a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

static void changed_error(const char *path)
{
	cli_error("%s: changed by another program while glossa was "
		"working; it is left as it is", path);
}

bool cli_input_changed(const cli_input *in, const char *path)
{
	struct stat now;

	if (in->st.st_ino == 0 || (stat(path, &now) == 0 &&
			cli_same_file(&now, &in->st)))
		return false;
	changed_error(path);
	return true;
}

void cli_input_dispose(cli_input *in)
{
	size_t i;

	if (in->map) {
		for (i = 0; i < nmappings; i++)
			if (mappings[i].lo == in->map) {
				mappings[i] = mappings[--nmappings];
				break;
			}
		if (nmappings == 0) {
			free(mappings);
			mappings = NULL;
			amappings = 0;
		}
		munmap(in->map, in->maplen);
		in->map = NULL;
		in->maplen = 0;
	}
	glossa_buf_dispose(&in->buf);
	in->ptr = NULL;
	in->size = 0;
}

int cli_open_store(glossa_store **out, bool write)
{
	glossa_buf path = GLOSSA_BUF_INIT;
	int builtin = 0, error;
	unsigned flags = write ? 0 : GLOSSA_STORE_READONLY;

	if ((error = glossa_store_locate(&path, &builtin,
			cli_global.glossary)) < 0) {
		glossa_buf_dispose(&path);
		return cli_lib_error();
	}
	if (builtin)
		flags = GLOSSA_STORE_BUILTIN;
	if (builtin && access(path.ptr, F_OK) != 0) {
		cli_error("%s: the built-in glossary is missing (is glossa installed? set GLOSSA_DEFAULT_DB or use --glossary)",
			path.ptr);
		glossa_buf_dispose(&path);
		return EXIT_TROUBLE;
	}
	error = glossa_store_open(out, path.ptr, flags);
	glossa_buf_dispose(&path);
	if (error < 0)
		return cli_lib_error();
	if (write && glossa_store_check_writable(*out) < 0) {
		glossa_store_free(*out);
		*out = NULL;
		return cli_lib_error();
	}
	return 0;
}

int cli_dispatch(const char *group, const cli_command *cmds, int argc,
	char **argv)
{
	const cli_command *c;

	if (argc < 2) {
		cli_usage_error(group, "missing command");
		return EXIT_TROUBLE;
	}
	for (c = cmds; c->name; c++)
		if (strcmp(c->name, argv[1]) == 0)
			return c->fn(argc - 1, argv + 1);
	return cli_usage_error(group, "unknown command '%s'", argv[1]);
}

int cli_put_visible(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int n = 0;

	for (; *p; p++) {
		if (*p == '\n') {
			n += fprintf(out, "\\n");
		} else if (*p == '\t') {
			n += fprintf(out, "\\t");
		} else if (*p < 0x20 || *p == 0x7f) {
			n += fprintf(out, "\\x%02x", *p);
		} else if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			n += fprintf(out, "\\u%04x", p[1]);  /* a C1 control */
			p++;
		} else if (*p == '\\') {
			n += fprintf(out, "\\\\");
		} else {
			putc(*p, out);
			n++;
		}
	}
	return n;
}

/* ---- -o/--output ---- */

int cli_output_begin(cli_output *o, const char *path)
{
	int fd;

	o->path = path;
	o->saved = -1;
	o->fd = -1;
	if (path == NULL || strcmp(path, "-") == 0) {
		o->path = NULL;
		return 0;
	}
	if (cli_write_precheck(path) < 0)
		return -1;
	if (fflush(stdout) != 0) {
		cli_error("cannot write output: %s", strerror(errno));
		return -1;
	}
	fd = memfd_create("glossa-output", MFD_CLOEXEC);
	if (fd < 0) {
		cli_error("%s: cannot make the output: %s", path,
			strerror(errno));
		return -1;
	}
	if ((o->saved = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3)) < 0 ||
	    dup2(fd, STDOUT_FILENO) < 0) {
		cli_error("%s: cannot make the output: %s", path,
			strerror(errno));
		if (o->saved >= 0)
			close(o->saved);
		o->saved = -1;
		close(fd);
		return -1;
	}
	o->fd = fd;
	return 0;
}

int cli_output_end(cli_output *o, bool commit)
{
	struct stat st;
	int rc = 0;

	if (o->path == NULL)
		return 0;
	if (fflush(stdout) != 0) {
		cli_error("%s: cannot write output: %s", o->path,
			strerror(errno));
		commit = false;
		rc = -1;
	}
	if (o->saved >= 0) {
		if (dup2(o->saved, STDOUT_FILENO) < 0 && rc == 0) {
			cli_error("cannot restore standard output: %s",
				strerror(errno));
			commit = false;
			rc = -1;
		}
		close(o->saved);
		o->saved = -1;
	}
	if (commit) {
		void *p = MAP_FAILED;

		if (fstat(o->fd, &st) < 0) {
			cli_error("%s: %s", o->path, strerror(errno));
			rc = -1;
		} else if (st.st_size > 0 && (p = mmap(NULL,
				(size_t)st.st_size, PROT_READ, MAP_PRIVATE,
				o->fd, 0)) == MAP_FAILED) {
			cli_error("%s: %s", o->path, strerror(errno));
			rc = -1;
		} else if (cli_write_file(o->path, st.st_size > 0 ? p : "",
				(size_t)st.st_size, NULL, 0) < 0) {
			rc = -1;
		}
		if (p != MAP_FAILED)
			munmap(p, (size_t)st.st_size);
	}
	close(o->fd);
	o->fd = -1;
	o->path = NULL;
	return rc;
}

int cli_output_clash(const char *output, const char *path, const char *what)
{
	struct stat o, p;

	if (output == NULL || path == NULL || strcmp(output, "-") == 0 ||
	    stat(output, &o) != 0)
		return 0;
	if (strcmp(path, "-") == 0 ? fstat(STDIN_FILENO, &p) != 0 :
	    stat(path, &p) != 0)
		return 0;
	if (o.st_dev != p.st_dev || o.st_ino != p.st_ino)
		return 0;
	cli_error("%s: is %s; -o would replace it: write the output to "
		"another file; no file was changed", output, what);
	return -1;
}

int cli_output_clash_glossary(const char *output, const char *db)
{
	static const char *const side[] = { "", "-wal", "-shm", "-journal" };
	size_t i;

	if (output == NULL || db == NULL)
		return 0;
	for (i = 0; i < sizeof(side) / sizeof(side[0]); i++) {
		char *p;
		int rc;

		if (asprintf(&p, "%s%s", db, side[i]) < 0) {
			cli_error("out of memory");
			return -1;
		}
		rc = cli_output_clash(output, p, "the glossary being read");
		free(p);
		if (rc < 0)
			return -1;
	}
	return 0;
}

int cli_flag_moved(const char *cmd, int flag, const char *longopt,
	const char *meaning)
{
	return cli_usage_error(cmd, "-%c is %s in glossa's commands; "
		"write %s in full", flag, meaning, longopt);
}
