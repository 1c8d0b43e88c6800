/*
 * Safe file writes: `fix --in-place` and `glossary export -o`.
 *
 * A file is replaced, never written into: the new content goes to a
 * temporary file in the same folder (O_TMPFILE where the file system has
 * it, so a killed run leaves nothing behind), is fsynced, gets the old
 * file's owner, group, mode and extended attributes (POSIX ACLs are one),
 * and is renamed over the old file as the very last step. Only regular
 * files are written: a device, FIFO, socket or folder is refused, a
 * symbolic link is written through (its target is replaced, the link
 * stays a link), and a file with other hard links is refused unless
 * --force, since a rename would split them.
 *
 * Several files are replaced all or nothing (cli_writer): every new file
 * is written and every check done first, then the renames run in a loop;
 * should one fail, the renames already done are undone. Each rename is
 * an exchange (renameat2 RENAME_EXCHANGE) where the file system allows,
 * so the original stays reachable under the temporary name until the
 * end; elsewhere a second name (a hard link) to the original is taken
 * first.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>
#include "cli.h"

#ifndef PROC_SUPER_MAGIC
#define PROC_SUPER_MAGIC 0x9fa0
#endif
#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#endif
#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

/* Symbolic links followed at most, as the kernel does. */
#define MAX_HOPS 40

typedef struct {
	char *path;        /* as given, for messages */
	char *target;      /* after symbolic links: the file replaced */
	int dfd;           /* the target's folder */
	const char *base;  /* the target's name in it (points into target) */
	int fd;            /* the new content */
	char *tmp;         /* a name in the folder to remove at the end */
	char *old;         /* a second name of the original, for undo */
	bool existed;      /* the target existed */
	bool done;         /* the new content is in place */
	bool exchanged;    /* done by an exchange: tmp holds the original */
	bool skip;         /* the same file as an earlier one */
	struct stat was;   /* the original as read */
} wfile;

struct cli_writer {
	unsigned flags;
	wfile *files;
	size_t n, alloc;
};

static const char nothing[] = "no file was changed";

static void oom(const char *path)
{
	cli_error("%s: out of memory; %s", path, nothing);
}

/* ---- where the bytes go ---- */

static const char *kind_of(mode_t m)
{
	if (S_ISDIR(m))
		return "a folder";
	if (S_ISCHR(m))
		return "a character device";
	if (S_ISBLK(m))
		return "a block device";
	if (S_ISFIFO(m))
		return "a FIFO (named pipe)";
	if (S_ISSOCK(m))
		return "a socket";
	return "not a regular file";
}

/* Is the symbolic link at `path` one of procfs's links to an open file
 * (/dev/stdout leads to /proc/self/fd/1)? Its "target" is no file in a
 * folder, and replacing what it names would not reach the open file. */
static bool in_procfs(const char *path)
{
	struct statfs fs;
	int fd = open(path, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	bool proc;

	if (fd < 0)
		return false;
	proc = fstatfs(fd, &fs) == 0 && fs.f_type == PROC_SUPER_MAGIC;
	close(fd);
	return proc;
}

/*
 * A symbolic link (lstat in *st) that someone else planted in a sticky
 * folder anyone may write to (/tmp, a shared drop folder): the kernel's
 * fs.protected_symlinks rule, which following links by hand would skip.
 * Followed only when the link is the runner's own or the folder owner's.
 */
static bool planted_link(const char *link, const struct stat *st)
{
	const char *slash = strrchr(link, '/');
	struct stat dir;
	char *d;
	bool planted = false;

	if (st->st_uid == geteuid())
		return false;
	if (slash == NULL)
		d = strdup(".");
	else
		d = strndup(link, slash == link ? 1 : (size_t)(slash - link));
	if (d == NULL)
		return true;  /* cannot tell: do not follow */
	if (stat(d, &dir) == 0 && (dir.st_mode & S_ISVTX) &&
	    (dir.st_mode & S_IWOTH) && st->st_uid != dir.st_uid)
		planted = true;
	free(d);
	return planted;
}

static char *read_link(const char *path)
{
	size_t size = 256;

	for (;;) {
		char *buf = malloc(size);
		ssize_t n;

		if (buf == NULL)
			return NULL;
		if ((n = readlink(path, buf, size)) < 0) {
			free(buf);
			return NULL;
		}
		if ((size_t)n < size) {
			buf[n] = '\0';
			return buf;
		}
		free(buf);
		size *= 2;
	}
}

/*
 * Follow `path` through symbolic links to the file to replace: *target
 * (malloc'd), its lstat in *st and whether it exists. A link that leads
 * nowhere, into procfs, or round in circles, and anything that is not a
 * regular file, are refused with one line naming `path`.
 */
static int resolve(char **target, struct stat *st, bool *exists,
	const char *path)
{
	char *cur = strdup(path), *link = NULL, *next;
	int hops;

	*target = NULL;
	*exists = false;
	if (cur == NULL) {
		oom(path);
		return -1;
	}
	for (hops = 0; ; hops++) {
		const char *slash;

		if (lstat(cur, st) < 0) {
			if (errno == ENOENT && hops == 0) {
				*target = cur;  /* a new file */
				return 0;
			}
			if (errno == ENOENT)
				cli_error("%s: a symbolic link to %s, which "
					"does not exist; %s", path, cur, nothing);
			else
				cli_error("%s: %s; %s", path, strerror(errno),
					nothing);
			goto fail;
		}
		if (!S_ISLNK(st->st_mode))
			break;
		if (hops == MAX_HOPS) {
			cli_error("%s: %s; %s", path, strerror(ELOOP), nothing);
			goto fail;
		}
		if (planted_link(cur, st)) {
			cli_error("%s: %s%s%s a symbolic link that uid %u put in "
				"a folder anyone may write to (sticky); glossa "
				"does not follow such a link (the kernel's "
				"protected_symlinks rule); %s", path,
				hops ? "leads through " : "is", hops ? cur : "",
				hops ? "," : "", (unsigned)st->st_uid, nothing);
			goto fail;
		}
		if (in_procfs(cur)) {
			cli_error("%s: names an open file (%s), not a file "
				"in a folder; glossa writes only regular files; "
				"%s", path, cur, nothing);
			goto fail;
		}
		if ((link = read_link(cur)) == NULL) {
			cli_error("%s: %s; %s", path, strerror(errno), nothing);
			goto fail;
		}
		slash = strrchr(cur, '/');
		if (link[0] == '/' || slash == NULL) {
			next = link;
			link = NULL;
		} else {
			if (asprintf(&next, "%.*s/%s", (int)(slash - cur), cur,
					link) < 0) {
				oom(path);
				goto fail;
			}
			free(link);
			link = NULL;
		}
		free(cur);
		cur = next;
	}
	if (!S_ISREG(st->st_mode)) {
		if (strcmp(cur, path) == 0)
			cli_error("%s: is %s; glossa writes only regular "
				"files; %s", path, kind_of(st->st_mode), nothing);
		else
			cli_error("%s: leads to %s, which is %s; glossa writes "
				"only regular files; %s", path, cur,
				kind_of(st->st_mode), nothing);
		goto fail;
	}
	*target = cur;
	*exists = true;
	return 0;
fail:
	free(link);
	free(cur);
	return -1;
}

int cli_write_precheck(const char *path)
{
	struct stat st;
	char *target;
	bool exists;

	if (resolve(&target, &st, &exists, path) < 0)
		return -1;
	free(target);
	return 0;
}

/* ---- temporary names ---- */

/* A short name (".glossa-" and 6 letters), so that a file whose own name
 * is near NAME_MAX can still be replaced, and one no clean-up takes for
 * another program's file. */
static void temp_name(char name[16])
{
	static const char chars[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	unsigned char r[6];
	struct timespec ts;
	size_t i;

	if (getrandom(r, sizeof(r), GRND_NONBLOCK) != (ssize_t)sizeof(r)) {
		clock_gettime(CLOCK_REALTIME, &ts);
		for (i = 0; i < sizeof(r); i++)
			r[i] = (unsigned char)((unsigned long)ts.tv_nsec >>
				(i * 5) ^ (unsigned long)getpid() >> i);
	}
	memcpy(name, ".glossa-", 8);
	for (i = 0; i < 6; i++)
		name[8 + i] = chars[r[i] % (sizeof(chars) - 1)];
	name[14] = '\0';
}

/* Link what `link` names into f's folder under a fresh temporary name,
 * kept in *out: another process may take a name first, so try again. */
static int link_fresh(wfile *f, int (*link)(const wfile *f, const char *name),
	char **out)
{
	char name[16];
	int tries;

	for (tries = 0; tries < 100; tries++) {
		temp_name(name);
		if (link(f, name) < 0) {
			if (errno == EEXIST)
				continue;
			return -1;
		}
		if ((*out = strdup(name)) == NULL) {
			unlinkat(f->dfd, name, 0);
			errno = ENOMEM;
			return -1;
		}
		return 0;
	}
	errno = EEXIST;
	return -1;
}

/* The unnamed (O_TMPFILE) new file, by its descriptor. */
static int link_tmpfile_as(const wfile *f, const char *name)
{
	char proc[64];

	if (linkat(f->fd, "", f->dfd, name, AT_EMPTY_PATH) == 0)
		return 0;
	if (errno == EEXIST)
		return -1;
	/* Without CAP_DAC_READ_SEARCH, through /proc. */
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", f->fd);
	return linkat(AT_FDCWD, proc, f->dfd, name, AT_SYMLINK_FOLLOW);
}

static int link_original_as(const wfile *f, const char *name)
{
	return linkat(f->dfd, f->base, f->dfd, name, 0);
}

/* Give the unnamed (O_TMPFILE) new file a name in its folder. */
static int link_tmpfile(wfile *f)
{
	return link_fresh(f, link_tmpfile_as, &f->tmp);
}

/* Take a second name for the original, to put it back should a later
 * file fail (where the file system cannot exchange two names). */
static int link_original(wfile *f)
{
	return link_fresh(f, link_original_as, &f->old);
}

/* A new file in the target's folder: unnamed where the file system can,
 * else under a temporary name. Only ours to read until it is renamed. */
static int create_temp(wfile *f)
{
	mode_t mode = f->existed ? 0600 : 0666;
	char name[16];
	int tries;

	f->fd = openat(f->dfd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, mode);
	if (f->fd >= 0)
		return 0;
	if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL &&
	    errno != ENOENT)
		return -1;
	for (tries = 0; tries < 100; tries++) {
		temp_name(name);
		f->fd = openat(f->dfd, name, O_WRONLY | O_CREAT | O_EXCL |
			O_NOFOLLOW | O_CLOEXEC, mode);
		if (f->fd >= 0) {
			if ((f->tmp = strdup(name)) == NULL) {
				unlinkat(f->dfd, name, 0);
				errno = ENOMEM;
				return -1;
			}
			return 0;
		}
		if (errno != EEXIST)
			return -1;
	}
	return -1;
}

/* ---- what is kept ---- */

/* The xattr names of a file (a list of NUL-terminated names), or of the
 * new file with fd >= 0. *len is 0 where there are none or the file
 * system has none. */
static int list_xattrs(char **out, ssize_t *len, const char *path, int fd)
{
	ssize_t n;

	*out = NULL;
	*len = 0;
	for (;;) {
		n = fd >= 0 ? flistxattr(fd, NULL, 0) : llistxattr(path, NULL, 0);
		if (n < 0)
			return errno == ENOTSUP ? 0 : -1;
		if (n == 0)
			return 0;
		if ((*out = malloc((size_t)n)) == NULL)
			return -1;
		*len = fd >= 0 ? flistxattr(fd, *out, (size_t)n) :
			llistxattr(path, *out, (size_t)n);
		if (*len >= 0)
			return 0;
		free(*out);
		*out = NULL;
		if (errno != ERANGE)
			return -1;
	}
}

static bool in_list(const char *list, ssize_t len, const char *name)
{
	ssize_t i;

	for (i = 0; i < len; i += (ssize_t)strlen(list + i) + 1)
		if (strcmp(list + i, name) == 0)
			return true;
	return false;
}

static ssize_t get_xattr(char **out, const char *path, int fd,
	const char *name)
{
	ssize_t n, m;

	*out = NULL;
	for (;;) {
		n = fd >= 0 ? fgetxattr(fd, name, NULL, 0) :
			lgetxattr(path, name, NULL, 0);
		if (n < 0)
			return -1;
		if ((*out = malloc(n ? (size_t)n : 1)) == NULL)
			return -1;
		m = fd >= 0 ? fgetxattr(fd, name, *out, (size_t)n) :
			lgetxattr(path, name, *out, (size_t)n);
		if (m >= 0)
			return m;
		free(*out);
		*out = NULL;
		if (errno != ERANGE)
			return -1;
	}
}

/* Give the new file the original's extended attributes (POSIX ACLs
 * among them) and only those. */
static int copy_xattrs(const wfile *f, bool force)
{
	char *names = NULL, *mine = NULL, *v = NULL, *w = NULL;
	ssize_t nn, nm, i, vn, wn;
	int rc = -1;

	if (list_xattrs(&names, &nn, f->target, -1) < 0) {
		cli_error("%s: cannot read its extended attributes: %s; %s",
			f->path, strerror(errno), nothing);
		goto out;
	}
	for (i = 0; i < nn; i += (ssize_t)strlen(names + i) + 1) {
		const char *name = names + i;

		if ((vn = get_xattr(&v, f->target, -1, name)) < 0) {
			if (errno == ENODATA)
				continue;  /* removed meanwhile */
			cli_error("%s: cannot read its extended attribute "
				"%s: %s; %s", f->path, name, strerror(errno),
				nothing);
			goto out;
		}
		wn = get_xattr(&w, NULL, f->fd, name);
		if (!(wn == vn && memcmp(v, w, (size_t)vn) == 0) &&
		    fsetxattr(f->fd, name, v, (size_t)vn, 0) < 0 && !force) {
			cli_error("%s: cannot keep its extended attribute %s: "
				"%s (--force writes it without); %s", f->path,
				name, strerror(errno), nothing);
			goto out;
		}
		free(v);
		free(w);
		v = w = NULL;
	}
	/* What the new file got from its folder (a default ACL) and the
	 * original lacks goes, as far as it may. */
	if (list_xattrs(&mine, &nm, NULL, f->fd) == 0)
		for (i = 0; i < nm; i += (ssize_t)strlen(mine + i) + 1)
			if (!in_list(names, nn, mine + i))
				fremovexattr(f->fd, mine + i);
	rc = 0;
out:
	free(v);
	free(w);
	free(names);
	free(mine);
	return rc;
}

/* Owner, group, mode and extended attributes of the original. */
static int keep_attributes(const wfile *f, const struct stat *orig,
	bool force)
{
	struct stat now;

	if (fstat(f->fd, &now) < 0)
		goto fail;
	if ((now.st_uid != orig->st_uid || now.st_gid != orig->st_gid) &&
	    fchown(f->fd, orig->st_uid, orig->st_gid) < 0) {
		bool group;

		if (errno != EPERM)
			goto fail;
		/* Only root gives a file away; a member of the group can
		 * still keep the group. */
		group = now.st_gid == orig->st_gid ||
			fchown(f->fd, (uid_t)-1, orig->st_gid) == 0;
		if (!force) {
			cli_error("%s: cannot keep its owner (uid %ju%s): only "
				"the owner or root can replace it as it is "
				"(--force writes it as yours); %s", f->path,
				(uintmax_t)orig->st_uid, group ? "" :
				" and its group", nothing);
			return -1;
		}
	}
	if (copy_xattrs(f, force) < 0)
		return -1;
	/* Last: a change of owner clears the set-id bits, an ACL sets
	 * the group bits. */
	if (fchmod(f->fd, orig->st_mode & 07777) < 0)
		goto fail;
	return 0;
fail:
	cli_error("%s: cannot write: %s; %s", f->path, strerror(errno),
		nothing);
	return -1;
}

/* ---- the writer ---- */

int cli_writer_new(cli_writer **out, unsigned flags)
{
	if ((*out = calloc(1, sizeof(**out))) == NULL) {
		cli_error("out of memory");
		return -1;
	}
	(*out)->flags = flags;
	return 0;
}

static void changed_error(const char *path)
{
	cli_error("%s: changed by another program while glossa was "
		"working; it is left as it is; %s", path, nothing);
}

/* Checks a file must pass to be replaced. */
static int check_target(const wfile *f, const struct stat *st, bool force)
{
	const char *slash;
	char *dir;
	int ok;

	/* A file nobody may write is read-only on purpose, even for root. */
	if ((st->st_mode & 0222) == 0) {
		cli_error("%s: the file is read-only; %s", f->path, nothing);
		return -1;
	}
	if (access(f->target, W_OK) != 0) {
		cli_error("%s: cannot write: %s; %s", f->path,
			strerror(errno), nothing);
		return -1;
	}
	if (st->st_nlink > 1 && !force) {
		cli_error("%s: has %ju other hard link%s, which replacing it "
			"would split off (--force replaces this name only); %s",
			f->path, (uintmax_t)st->st_nlink - 1,
			st->st_nlink == 2 ? "" : "s", nothing);
		return -1;
	}
	slash = strrchr(f->target, '/');
	if (slash == NULL)
		dir = strdup(".");
	else if (slash == f->target)
		dir = strdup("/");
	else
		dir = strndup(f->target, (size_t)(slash - f->target));
	if (dir == NULL) {
		oom(f->path);
		return -1;
	}
	ok = access(dir, W_OK) == 0;
	if (!ok)
		cli_error("%s: cannot write in its folder: %s; %s", f->path,
			strerror(errno), nothing);
	free(dir);
	return ok ? 0 : -1;
}

static int write_all(int fd, const char *data, size_t len)
{
	size_t off = 0;

	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		off += (size_t)w;
	}
	return 0;
}

static int open_folder(wfile *f)
{
	char *slash = strrchr(f->target, '/');

	if (slash == NULL) {
		f->base = f->target;
		f->dfd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	} else if (slash == f->target) {
		f->base = slash + 1;
		f->dfd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	} else {
		*slash = '\0';
		f->dfd = open(f->target, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		*slash = '/';
		f->base = slash + 1;
	}
	if (f->dfd < 0) {
		cli_error("%s: cannot open its folder: %s; %s", f->path,
			strerror(errno), nothing);
		return -1;
	}
	return 0;
}

int cli_writer_add(cli_writer *w, const char *path, const char *data,
	size_t len, const struct stat *was)
{
	bool force = w->flags & CLI_WRITE_FORCE;
	struct stat st, dst;
	wfile *f;
	size_t i;

	if (w->n == w->alloc) {
		size_t na = w->alloc ? 2 * w->alloc : 4;
		wfile *nf = realloc(w->files, na * sizeof(*nf));

		if (nf == NULL) {
			oom(path);
			return -1;
		}
		w->files = nf;
		w->alloc = na;
	}
	f = &w->files[w->n++];
	memset(f, 0, sizeof(*f));
	f->fd = f->dfd = -1;
	if ((f->path = strdup(path)) == NULL) {
		oom(path);
		return -1;
	}
	if (resolve(&f->target, &st, &f->existed, path) < 0 ||
	    open_folder(f) < 0 || fstat(f->dfd, &dst) < 0)
		return -1;
	/* The same file under another name ("a.txt", "./a.txt", a link
	 * to it) is written once. */
	for (i = 0; i + 1 < w->n; i++) {
		struct stat o;

		if (strcmp(w->files[i].base, f->base) == 0 &&
		    fstat(w->files[i].dfd, &o) == 0 &&
		    o.st_dev == dst.st_dev && o.st_ino == dst.st_ino) {
			f->skip = true;
			return 0;
		}
	}
	if (f->existed) {
		if (was && was->st_ino != 0 &&
		    (was->st_dev != st.st_dev || was->st_ino != st.st_ino)) {
			changed_error(path);
			return -1;
		}
		f->was = was && was->st_ino != 0 ? *was : st;
		if (check_target(f, &st, force) < 0)
			return -1;
	}
	if (create_temp(f) < 0) {
		cli_error("%s: cannot create a temporary file beside it: %s; %s",
			path, strerror(errno), nothing);
		return -1;
	}
	if (write_all(f->fd, data, len) < 0) {
		cli_error("%s: cannot write: %s; %s", path, strerror(errno),
			nothing);
		return -1;
	}
	if (f->existed && keep_attributes(f, &st, force) < 0)
		return -1;
	if (fsync(f->fd) < 0) {
		cli_error("%s: cannot write: %s; %s", path, strerror(errno),
			nothing);
		return -1;
	}
	return 0;
}

/*
 * Put one new file in place. The look at the original comes as late as
 * it can: right before the exchange (and, after it, at the file that
 * came out, which must still be the one read). An in-place write into
 * the original between that look and the rename is all that remains
 * unseen: POSIX has no compare-and-swap rename.
 */
static int put_in_place(wfile *f, bool many)
{
	struct stat now;

	if (f->existed) {
		if (fstatat(f->dfd, f->base, &now, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !cli_same_file(&now, &f->was) ||
		    (now.st_nlink == 1 &&
		     (now.st_ctim.tv_sec != f->was.st_ctim.tv_sec ||
		      now.st_ctim.tv_nsec != f->was.st_ctim.tv_nsec))) {
			changed_error(f->path);
			return -1;
		}
	} else if (fstatat(f->dfd, f->base, &now, AT_SYMLINK_NOFOLLOW) == 0) {
		cli_error("%s: created by another program while glossa was "
			"working; it is left as it is; %s", f->path, nothing);
		return -1;
	}
	if (f->tmp == NULL && link_tmpfile(f) < 0)
		goto fail;
	if (f->existed &&
	    renameat2(f->dfd, f->tmp, f->dfd, f->base, RENAME_EXCHANGE) == 0) {
		f->done = f->exchanged = true;
		if (fstatat(f->dfd, f->tmp, &now, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !cli_same_file(&now, &f->was)) {
			/* A save landed just before the exchange: it goes
			 * back, and the new text is dropped. */
			if (renameat2(f->dfd, f->tmp, f->dfd, f->base,
					RENAME_EXCHANGE) == 0)
				f->done = f->exchanged = false;
			changed_error(f->path);
			return -1;
		}
		return 0;
	}
	if (f->existed && errno != EINVAL && errno != ENOSYS &&
	    errno != EOPNOTSUPP)
		goto fail;
	if (!f->existed) {
		if (renameat2(f->dfd, f->tmp, f->dfd, f->base,
				RENAME_NOREPLACE) == 0)
			goto renamed;
		if (errno == EEXIST) {
			cli_error("%s: created by another program while glossa "
				"was working; it is left as it is; %s",
				f->path, nothing);
			return -1;
		}
		if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
			goto fail;
	} else if (many && link_original(f) < 0) {
		goto fail;
	}
	if (renameat(f->dfd, f->tmp, f->dfd, f->base) < 0)
		goto fail;
renamed:
	f->done = true;
	free(f->tmp);
	f->tmp = NULL;
	return 0;
fail:
	cli_error("%s: cannot write: %s; %s", f->path, strerror(errno),
		nothing);
	return -1;
}

/* Put the original back where a later file failed. */
static void undo(wfile *f)
{
	struct stat now, mine;
	bool ours;

	if (!f->done)
		return;
	/* Only the new file goes: a save made since stays. */
	ours = fstat(f->fd, &mine) == 0 &&
		fstatat(f->dfd, f->base, &now, AT_SYMLINK_NOFOLLOW) == 0 &&
		now.st_dev == mine.st_dev && now.st_ino == mine.st_ino;
	if (ours && f->exchanged &&
	    renameat2(f->dfd, f->tmp, f->dfd, f->base, RENAME_EXCHANGE) == 0) {
		f->done = f->exchanged = false;  /* tmp: the new one again */
		return;
	}
	if (ours && f->old && renameat(f->dfd, f->old, f->dfd, f->base) == 0) {
		free(f->old);
		f->old = NULL;
		f->done = false;
		return;
	}
	if (ours && !f->existed && unlinkat(f->dfd, f->base, 0) == 0) {
		f->done = false;
		return;
	}
	/* The original must not be removed now: say where it is. */
	if (f->exchanged || f->old) {
		cli_error("%s: could not be put back; the original is %.*s%s",
			f->path, (int)(f->base - f->target), f->target,
			f->exchanged ? f->tmp : f->old);
		if (f->exchanged) {
			free(f->tmp);
			f->tmp = NULL;
		} else {
			free(f->old);
			f->old = NULL;
		}
	} else {
		cli_error("%s: could not be put back", f->path);
	}
}

int cli_writer_commit(cli_writer *w)
{
	size_t i, n = 0, live = 0;

	for (i = 0; i < w->n; i++)
		live += !w->files[i].skip;
	for (i = 0; i < w->n; i++, n++) {
		wfile *f = &w->files[i];

		if (!f->skip && put_in_place(f, live > 1) < 0)
			goto undo;
	}
	for (i = 0; i < w->n; i++) {
		wfile *f = &w->files[i];

		if (f->skip)
			continue;
		/* The originals go now (the temporary name of an exchange
		 * holds one); then the renames are made durable. */
		if (f->tmp && unlinkat(f->dfd, f->tmp, 0) == 0) {
			free(f->tmp);
			f->tmp = NULL;
		}
		if (f->old && unlinkat(f->dfd, f->old, 0) == 0) {
			free(f->old);
			f->old = NULL;
		}
		fsync(f->dfd);
	}
	return 0;
undo:
	while (n-- > 0)
		if (!w->files[n].skip)
			undo(&w->files[n]);
	return -1;
}

void cli_writer_free(cli_writer *w)
{
	size_t i;

	if (w == NULL)
		return;
	for (i = 0; i < w->n; i++) {
		wfile *f = &w->files[i];

		/* A name left over holds a new file never put in place. */
		if (f->tmp && !f->exchanged)
			unlinkat(f->dfd, f->tmp, 0);
		if (f->old && !f->done)
			unlinkat(f->dfd, f->old, 0);
		if (f->fd >= 0)
			close(f->fd);
		if (f->dfd >= 0)
			close(f->dfd);
		free(f->tmp);
		free(f->old);
		free(f->target);
		free(f->path);
	}
	free(w->files);
	free(w);
}

int cli_write_file(const char *path, const char *data, size_t len,
	const struct stat *was, unsigned flags)
{
	cli_writer *w;
	int rc;

	if (cli_writer_new(&w, flags) < 0)
		return -1;
	rc = cli_writer_add(w, path, data, len, was) < 0 ||
		cli_writer_commit(w) < 0 ? -1 : 0;
	cli_writer_free(w);
	return rc;
}
