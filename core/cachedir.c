/*
** glossa's cache folder: the rules its two caches share (the compiled
** matcher, match_cache.c; the dictionaries' word sets, wordset.c).
**
** Nothing in the folder is believed that another user could have
** written (OpenSSH's rule for its keys): the folder must be the user's
** and writable by no one else (made 0700; a folder that is someone
** else's, group- or other-writable, or a symbolic link is not used: the
** caches are only an optimisation). A file is opened without following
** a link and without blocking (a FIFO there must not hang a run), and
** must be a regular file of the user's that no one else may write. What
** is believed is sealed with HMAC-SHA256 (nettle) under a per-user
** secret, 32 random bytes in the folder (file "hmac-key", 0600, checked
** the same way): a file planted by someone who cannot read that secret
** does not load, however well it imitates a glossa cache. Files are
** written to a temporary name and renamed, so readers see the old file
** or the new one, never half of one.
**
** Checking a whole file costs as much as the work it saves, so the state
** of a file checked whole is sealed (git's rule for a "racily clean"
** index entry decides when it may be): a small seal file holds the HMAC
** of the file's identity and state (device, inode, size, modification
** and status-change times) and of its MAC. Any write to the file, a
** truncation, a chmod, a copy or a rename over it changes its inode or
** its status-change time, which no one but root can set back. Only a
** state older than GLOSSA_CACHEDIR_RACY_SECS is sealed: a write in the
** same clock tick as the check would leave the times as they were, and
** a later write makes them newer. "Older" is measured on the clock that
** stamps the folder's files (the new seal's own modification time), not
** this machine's, which may run ahead of a file server's.
*/
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>
#include <nettle/hmac.h>
#include <nettle/memops.h>
#include "cachedir.h"

#define SEAL_TAG "glossa-seal1"

/* Make the missing folders of `dir`, each 0700 (XDG's rule for the
 * cache home); existing ones are left as they are. */
static int mkdirs(const char *dir)
{
	char *copy = glossa__strdup(dir), *p;

	if (copy == NULL)
		return -1;
	for (p = copy + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		{
			char c = *p;

			*p = '\0';
			if (mkdir(copy, 0700) < 0 && errno != EEXIST) {
				free(copy);
				return -1;
			}
			*p = c;
		}
		if (*p == '\0')
			break;
	}
	free(copy);
	return 0;
}

int glossa_cachedir__open(const char *dir, bool create)
{
	struct stat sb;
	int fd;

	if (create && mkdirs(dir) < 0)
		return -1;
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
			O_CLOEXEC)) < 0)
		return -1;
	if (fstat(fd, &sb) < 0 || !S_ISDIR(sb.st_mode) ||
	    sb.st_uid != geteuid() || (sb.st_mode & 022) != 0) {
		close(fd);
		return -1;
	}
	if ((sb.st_mode & 077) != 0)
		(void)fchmod(fd, sb.st_mode & 0700);
	return fd;
}

int glossa_cachedir__trusted_open(int dirfd, const char *name, bool private,
	struct stat *sb)
{
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
		O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (fstat(fd, sb) < 0 || !S_ISREG(sb->st_mode) ||
	    sb->st_uid != geteuid() ||
	    (sb->st_mode & (private ? 077 : 022)) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

enum { IO_READ, IO_WRITE, IO_RANDOM };

/* All n bytes through read(2), write(2) or getrandom(2), or false (an
 * error, or the end of the file first). */
static bool io_full(int fd, char *b, size_t n, int how)
{
	while (n > 0) {
		ssize_t k = how == IO_READ ? read(fd, b, n) :
			how == IO_WRITE ? write(fd, b, n) : getrandom(b, n, 0);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return false;
		b += k;
		n -= (size_t)k;
	}
	return true;
}

bool glossa_cachedir__read_full(int fd, void *p, size_t n)
{
	return io_full(fd, p, n, IO_READ);
}

bool glossa_cachedir__write_full(int fd, const void *p, size_t n)
{
	/* (write(2) only reads the buffer.) */
	return io_full(fd, (char *)(uintptr_t)p, n, IO_WRITE);
}

static bool random_bytes(void *p, size_t n)
{
	return io_full(-1, p, n, IO_RANDOM);
}

DIR *glossa_cachedir__list(int dirfd)
{
	int fd = dup(dirfd);
	DIR *dir;

	if (fd < 0)
		return NULL;
	if ((dir = fdopendir(fd)) == NULL) {
		close(fd);
		return NULL;
	}
	rewinddir(dir);  /* (a dup shares the folder's offset) */
	return dir;
}

int glossa_cachedir__tmp_create(int dirfd, const char *prefix,
	glossa_buf *name)
{
	unsigned char r[8];

	if (!random_bytes(r, sizeof(r)) ||
	    glossa_buf_printf(name, "%s.tmp-%02x%02x%02x%02x%02x%02x%02x%02x",
		prefix, r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]) < 0)
		return -1;
	return openat(dirfd, name->ptr, O_WRONLY | O_CREAT | O_EXCL |
		O_NOFOLLOW | O_CLOEXEC, 0600);
}

/* Write and close fd (a temporary `tmp`), then rename it to `name`;
 * the temporary is removed on any failure. */
static int finish(int dirfd, int fd, const char *tmp, const char *name,
	const void *p, size_t n)
{
	bool ok = glossa_cachedir__write_full(fd, p, n);

	ok = close(fd) == 0 && ok;
	if (!ok || renameat(dirfd, tmp, dirfd, name) < 0) {
		unlinkat(dirfd, tmp, 0);
		return -1;
	}
	return 0;
}

int glossa_cachedir__write_file(int dirfd, const char *name, const void *p,
	size_t n)
{
	glossa_buf tmp = GLOSSA_BUF_INIT;
	int fd = glossa_cachedir__tmp_create(dirfd, name, &tmp), r = -1;

	if (fd >= 0)
		r = finish(dirfd, fd, tmp.ptr, name, p, n);
	glossa_buf_dispose(&tmp);
	glossa_error_clear();  /* a cache is only ever an optimisation */
	return r;
}

/* Is `name` a temporary file of one of glossa's caches? (words.tmp-*:
 * a word set's before this module) */
static bool cache_tmp(const char *name)
{
	static const char *const own[] = { "matcher-", "words",
		GLOSSA_CACHEDIR_SECRET "." };
	size_t i;

	for (i = 0; i < sizeof(own) / sizeof(own[0]); i++)
		if (strncmp(name, own[i], strlen(own[i])) == 0)
			return strstr(name, ".tmp-") != NULL;
	return false;
}

void glossa_cachedir__tmp_prune(int dirfd)
{
	time_t now = time(NULL);
	struct dirent *d;
	DIR *dir = glossa_cachedir__list(dirfd);

	if (dir == NULL)
		return;
	while ((d = readdir(dir)) != NULL) {
		struct stat sb;

		/* (fstatat and unlinkat work on the name itself, never on
		 * what a link there points to) */
		if (cache_tmp(d->d_name) &&
		    fstatat(dirfd, d->d_name, &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISREG(sb.st_mode) && sb.st_uid == geteuid() &&
		    now - sb.st_mtim.tv_sec > GLOSSA_CACHEDIR_TMP_AGE)
			unlinkat(dirfd, d->d_name, 0);
	}
	closedir(dir);
}

/* 0, -1 when there is no secret yet, -2 when the one there is not to
 * be trusted. */
static int secret_read(int dirfd, uint8_t key[GLOSSA_CACHEDIR_SECRET_LEN])
{
	struct stat sb;
	int fd;
	bool ok;

	errno = 0;
	if ((fd = glossa_cachedir__trusted_open(dirfd, GLOSSA_CACHEDIR_SECRET,
			true, &sb)) < 0)
		return errno == ENOENT ? -1 : -2;
	ok = sb.st_size == GLOSSA_CACHEDIR_SECRET_LEN &&
		glossa_cachedir__read_full(fd, key,
			GLOSSA_CACHEDIR_SECRET_LEN);
	close(fd);
	return ok ? 0 : -2;
}

/* Made on first use: 32 bytes from getrandom(2) written to a temporary
 * file (O_EXCL, 0600) and linked to its name, which fails when it
 * exists: two runs making it at once agree on the one linked first, and
 * neither ever reads it half-written. */
int glossa_cachedir__secret(int dirfd,
	uint8_t key[GLOSSA_CACHEDIR_SECRET_LEN], bool create)
{
	glossa_buf tmp = GLOSSA_BUF_INIT;
	uint8_t fresh[GLOSSA_CACHEDIR_SECRET_LEN];
	int fd, r = secret_read(dirfd, key);
	bool ok;

	if (r == 0 || !create)
		return r == 0 ? 0 : -1;
	/* One that cannot be trusted (another's, or readable by others)
	 * is replaced: the caches it sealed are then rebuilt. (unlinkat
	 * removes a name, never what a link there points to.) */
	if ((r == -2 && unlinkat(dirfd, GLOSSA_CACHEDIR_SECRET, 0) < 0) ||
	    !random_bytes(fresh, sizeof(fresh)))
		return -1;
	if ((fd = glossa_cachedir__tmp_create(dirfd, GLOSSA_CACHEDIR_SECRET,
			&tmp)) < 0) {
		glossa_buf_dispose(&tmp);
		glossa_error_clear();
		return -1;
	}
	ok = glossa_cachedir__write_full(fd, fresh, sizeof(fresh)) &&
		fsync(fd) == 0;
	ok = close(fd) == 0 && ok;
	if (ok)
		(void)linkat(dirfd, tmp.ptr, dirfd, GLOSSA_CACHEDIR_SECRET, 0);
	unlinkat(dirfd, tmp.ptr, 0);
	glossa_buf_dispose(&tmp);
	return ok ? secret_read(dirfd, key) : -1;
}

void glossa_cachedir__mac(uint8_t mac[GLOSSA_CACHEDIR_MAC_LEN],
	const uint8_t key[GLOSSA_CACHEDIR_SECRET_LEN], const void *p,
	size_t n)
{
	struct hmac_sha256_ctx c;

	hmac_sha256_set_key(&c, GLOSSA_CACHEDIR_SECRET_LEN, key);
	hmac_sha256_update(&c, n, p);
	hmac_sha256_digest(&c, GLOSSA_CACHEDIR_MAC_LEN, mac);
}

void glossa_cachedir__put_stat(uint64_t k[7], const struct stat *sb)
{
	k[0] = (uint64_t)sb->st_dev;
	k[1] = (uint64_t)sb->st_ino;
	k[2] = (uint64_t)sb->st_size;
	k[3] = (uint64_t)sb->st_mtim.tv_sec;
	k[4] = (uint64_t)sb->st_mtim.tv_nsec;
	k[5] = (uint64_t)sb->st_ctim.tv_sec;
	k[6] = (uint64_t)sb->st_ctim.tv_nsec;
}

/* ---- the state seal ---- */

static void seal_of(uint8_t out[GLOSSA_CACHEDIR_MAC_LEN],
	const uint8_t key[GLOSSA_CACHEDIR_SECRET_LEN], const struct stat *sb,
	const uint8_t mac[GLOSSA_CACHEDIR_MAC_LEN])
{
	struct hmac_sha256_ctx c;
	uint64_t st[7];

	glossa_cachedir__put_stat(st, sb);
	hmac_sha256_set_key(&c, GLOSSA_CACHEDIR_SECRET_LEN, key);
	hmac_sha256_update(&c, sizeof(SEAL_TAG), (const uint8_t *)SEAL_TAG);
	hmac_sha256_update(&c, sizeof(st), (const uint8_t *)st);
	hmac_sha256_update(&c, GLOSSA_CACHEDIR_MAC_LEN, mac);
	hmac_sha256_digest(&c, GLOSSA_CACHEDIR_MAC_LEN, out);
}

bool glossa_cachedir__seal_holds(int dirfd, const char *seal,
	const struct stat *sb, const uint8_t mac[GLOSSA_CACHEDIR_MAC_LEN],
	const uint8_t key[GLOSSA_CACHEDIR_SECRET_LEN])
{
	uint8_t want[GLOSSA_CACHEDIR_MAC_LEN], got[GLOSSA_CACHEDIR_MAC_LEN];
	struct stat ss;
	int fd = glossa_cachedir__trusted_open(dirfd, seal, false, &ss);
	bool ok = false;

	if (fd < 0)
		return false;
	if (ss.st_size == GLOSSA_CACHEDIR_MAC_LEN &&
	    glossa_cachedir__read_full(fd, got, sizeof(got))) {
		seal_of(want, key, sb, mac);
		if ((ok = memeql_sec(want, got, sizeof(got)) != 0))
			(void)futimens(fd, NULL);  /* used */
	}
	close(fd);
	return ok;
}

/* Did the state *sb change within the racy window before `now`? */
static bool racy(const struct stat *sb, const struct timespec *now)
{
	return now->tv_sec - sb->st_ctim.tv_sec <= GLOSSA_CACHEDIR_RACY_SECS ||
		now->tv_sec - sb->st_mtim.tv_sec <= GLOSSA_CACHEDIR_RACY_SECS;
}

void glossa_cachedir__seal_write(int dirfd, const char *seal,
	const struct stat *sb, const uint8_t mac[GLOSSA_CACHEDIR_MAC_LEN],
	const uint8_t key[GLOSSA_CACHEDIR_SECRET_LEN])
{
	glossa_buf tmp = GLOSSA_BUF_INIT;
	uint8_t out[GLOSSA_CACHEDIR_MAC_LEN];
	struct timespec now;
	struct stat ts;
	int fd;

	/* This machine's clock first (no file made for a young state),
	 * then the folder's: the new seal's own time. */
	if (clock_gettime(CLOCK_REALTIME, &now) < 0 || racy(sb, &now) ||
	    (fd = glossa_cachedir__tmp_create(dirfd, seal, &tmp)) < 0)
		goto out;
	if (fstat(fd, &ts) < 0 || racy(sb, &ts.st_mtim)) {
		close(fd);
		unlinkat(dirfd, tmp.ptr, 0);
		goto out;
	}
	seal_of(out, key, sb, mac);
	(void)finish(dirfd, fd, tmp.ptr, seal, out, sizeof(out));
out:
	glossa_buf_dispose(&tmp);
	glossa_error_clear();
}
