/*
 * A test shim (LD_PRELOAD) that makes a rename onto one file name fail,
 * to reach what a real full or failing disk rarely gives on cue: a
 * failure in the middle of a multi-file `fix --in-place`, after earlier
 * files were already put in place. GLOSSA_TEST_FAIL_RENAME names the
 * file (its last path component); renames onto it fail with EIO. With
 * GLOSSA_TEST_NO_EXCHANGE set, renameat2 knows no RENAME_EXCHANGE (EINVAL),
 * as on a file system without it. GLOSSA_TEST_BEFORE_RENAME is a shell
 * command run once, right before the first rename: another program's
 * save that lands after glossa's last look at the file. With
 * GLOSSA_TEST_NO_TMPFILE set, open with O_TMPFILE fails (EOPNOTSUPP), as on
 * a file system without it.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int renameat2(int olddirfd, const char *oldpath, int newdirfd,
	const char *newpath, unsigned int flags);
int renameat(int olddirfd, const char *oldpath, int newdirfd,
	const char *newpath);

static int hit(const char *newpath)
{
	static int ran;
	const char *cmd = getenv("GLOSSA_TEST_BEFORE_RENAME");
	const char *name = getenv("GLOSSA_TEST_FAIL_RENAME");

	if (cmd && *cmd && !ran) {
		/* The command must not run itself again: its own renames
		 * (mv) would, with the shim still preloaded. */
		char *c = strdup(cmd);

		ran = 1;
		unsetenv("GLOSSA_TEST_BEFORE_RENAME");
		unsetenv("LD_PRELOAD");
		if (c == NULL || system(c) != 0)
			fprintf(stderr, "fail-rename: the command failed\n");
		free(c);
	}
	const char *slash = strrchr(newpath, '/');

	return name && *name &&
		strcmp(slash ? slash + 1 : newpath, name) == 0;
}

int renameat2(int olddirfd, const char *oldpath, int newdirfd,
	const char *newpath, unsigned int flags)
{
	int (*real)(int, const char *, int, const char *, unsigned int);

	if (hit(newpath)) {
		errno = EIO;
		return -1;
	}
	if ((flags & 2u) && getenv("GLOSSA_TEST_NO_EXCHANGE")) {
		errno = EINVAL;  /* RENAME_EXCHANGE unknown */
		return -1;
	}
	*(void **)&real = dlsym(RTLD_NEXT, "renameat2");
	return real(olddirfd, oldpath, newdirfd, newpath, flags);
}

int renameat(int olddirfd, const char *oldpath, int newdirfd,
	const char *newpath)
{
	int (*real)(int, const char *, int, const char *);

	if (hit(newpath)) {
		errno = EIO;
		return -1;
	}
	*(void **)&real = dlsym(RTLD_NEXT, "renameat");
	return real(olddirfd, oldpath, newdirfd, newpath);
}

static int open_at(const char *which, int dirfd, const char *path, int flags,
	mode_t mode)
{
	int (*real)(int, const char *, int, ...);

	if ((flags & O_TMPFILE) == O_TMPFILE && getenv("GLOSSA_TEST_NO_TMPFILE")) {
		errno = EOPNOTSUPP;
		return -1;
	}
	*(void **)&real = dlsym(RTLD_NEXT, which);
	return real(dirfd, path, flags, mode);
}

/* With _FILE_OFFSET_BITS=64 (meson's default, glossa's too) this is the
 * symbol openat64. */
int openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = (flags & (O_CREAT | O_TMPFILE)) ? va_arg(ap, mode_t) : 0;
	va_end(ap);
	return open_at("openat64", dirfd, path, flags, mode);
}
