/*
 * A test shim (LD_PRELOAD) that makes a rename onto one file name fail,
 * to reach what a real full or failing disk rarely gives on cue: a
 * failure in the middle of a multi-file `fix --in-place`, after earlier
 * files were already put in place. GLOSSA_TEST_FAIL_RENAME names the
 * file (its last path component); renames onto it fail with EIO. With
 * GLOSSA_TEST_NO_EXCHANGE set, renameat2 knows no RENAME_EXCHANGE (EINVAL),
 * as on a file system without it.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int renameat2(int olddirfd, const char *oldpath, int newdirfd,
	const char *newpath, unsigned int flags);
int renameat(int olddirfd, const char *oldpath, int newdirfd,
	const char *newpath);

static int hit(const char *newpath)
{
	const char *name = getenv("GLOSSA_TEST_FAIL_RENAME");
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
