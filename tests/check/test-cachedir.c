/*
 * The cache folder's rules (core/cachedir.c), shared by the matcher cache
 * and the word sets: which folders and files are believed, the per-user
 * secret, atomic writes, and the state seal (a seal vouches for one
 * state of one file: not for a copy, not after a chmod, not when copied
 * beside another file, not when made under another secret).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>
#include "harness.h"
#include "internal.h"
#include "cachedir.h"

static char top[64], dir[128];

static void put(const char *name, const char *text)
{
	char p[256];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	if ((f = fopen(p, "w")) != NULL) {
		fputs(text, f);
		fclose(f);
	}
}

/* Does the folder open, and is it 0700 then? */
static bool opens_0700(bool create)
{
	struct stat sb;
	int fd = glossa_cachedir__open(dir, create);

	if (fd < 0)
		return false;
	close(fd);
	return stat(dir, &sb) == 0 && (sb.st_mode & 0777) == 0700;
}

static void test_folder(void)
{
	char p[256];
	int fd;

	snprintf(dir, sizeof(dir), "%s/a/b/glossa", top);
	fd = glossa_cachedir__open(dir, false);
	ok(fd < 0, "a missing folder is not made unless asked");
	ok(opens_0700(true), "made 0700, each missing level");
	chmod(dir, 0755);
	ok(opens_0700(false), "an older glossa's 0755 folder is made 0700");
	chmod(dir, 0777);
	ok(glossa_cachedir__open(dir, true) < 0,
		"a folder others may write is not used");
	chmod(dir, 01777);
	ok(glossa_cachedir__open(dir, true) < 0,
		"nor a sticky world-writable one (XDG_CACHE_HOME=/tmp)");
	chmod(dir, 0700);
	snprintf(p, sizeof(p), "%s/link", top);
	ok(symlink(dir, p) == 0 && glossa_cachedir__open(p, true) < 0,
		"a link to the folder is not followed");
}

static void test_files(int dirfd)
{
	struct stat sb;
	char p[256];
	int fd;

	put("plain", "x");
	snprintf(p, sizeof(p), "%s/plain", dir);
	chmod(p, 0600);
	fd = glossa_cachedir__trusted_open(dirfd, "plain", true, &sb);
	ok(fd >= 0, "a 0600 file of the user's is believed");
	if (fd >= 0)
		close(fd);
	chmod(p, 0644);
	fd = glossa_cachedir__trusted_open(dirfd, "plain", false, &sb);
	ok(fd >= 0, "0644: believed as a cache");
	if (fd >= 0)
		close(fd);
	ok(glossa_cachedir__trusted_open(dirfd, "plain", true, &sb) < 0,
		"but not as the secret");
	chmod(p, 0620);
	ok(glossa_cachedir__trusted_open(dirfd, "plain", false, &sb) < 0,
		"group-writable: not believed");
	chmod(p, 0600);
	snprintf(p, sizeof(p), "%s/fifo", dir);
	ok(mkfifo(p, 0600) == 0 &&
		glossa_cachedir__trusted_open(dirfd, "fifo", false, &sb) < 0,
		"a FIFO is refused without hanging");
	snprintf(p, sizeof(p), "%s/lnk", dir);
	ok(symlink("plain", p) == 0 &&
		glossa_cachedir__trusted_open(dirfd, "lnk", false, &sb) < 0,
		"a link is not followed");
	ok(glossa_cachedir__write_file(dirfd, "lnk", "new", 3) == 0 &&
		lstat(p, &sb) == 0 && S_ISREG(sb.st_mode) &&
		(sb.st_mode & 0777) == 0600 && sb.st_size == 3,
		"a write replaces the link by a 0600 file");
	snprintf(p, sizeof(p), "%s/plain", dir);
	ok(stat(p, &sb) == 0 && sb.st_size == 1,
		"and leaves the file it pointed to alone");
}

static void test_secret(int dirfd)
{
	uint8_t k1[GLOSSA_CACHEDIR_SECRET_LEN], k2[GLOSSA_CACHEDIR_SECRET_LEN];
	struct stat sb;
	char p[256];

	ok(glossa_cachedir__secret(dirfd, k1, false) < 0,
		"no secret until one is asked for");
	ok(glossa_cachedir__secret(dirfd, k1, true) == 0, "made on demand");
	snprintf(p, sizeof(p), "%s/hmac-key", dir);
	ok(stat(p, &sb) == 0 && (sb.st_mode & 0777) == 0600 &&
		sb.st_size == GLOSSA_CACHEDIR_SECRET_LEN, "32 bytes, 0600");
	ok(glossa_cachedir__secret(dirfd, k2, false) == 0 &&
		memcmp(k1, k2, sizeof(k1)) == 0, "and the same next time");
	chmod(p, 0640);
	ok(glossa_cachedir__secret(dirfd, k2, false) < 0,
		"one others may read is not used");
	ok(glossa_cachedir__secret(dirfd, k2, true) == 0 &&
		memcmp(k1, k2, sizeof(k1)) != 0 && stat(p, &sb) == 0 &&
		(sb.st_mode & 0777) == 0600, "but replaced by a new one");
}

/* The state seal: made only for a state older than the racy window,
 * and holding only for that state of that file under that secret. */
static void seal_cases(int dirfd)
{
	uint8_t key[GLOSSA_CACHEDIR_SECRET_LEN], other[GLOSSA_CACHEDIR_SECRET_LEN];
	uint8_t mac[GLOSSA_CACHEDIR_MAC_LEN];
	struct stat a, b;
	char pa[256], sa[256], sb2[256];
	int fa, fb;

	if (glossa_cachedir__secret(dirfd, key, true) < 0) {
		ok(false, "a secret");
		return;
	}
	memset(other, 7, sizeof(other));
	memset(mac, 1, sizeof(mac));
	glossa_cachedir__write_file(dirfd, "A.bin", "same bytes", 10);
	glossa_cachedir__write_file(dirfd, "B.bin", "same bytes", 10);
	fa = glossa_cachedir__trusted_open(dirfd, "A.bin", false, &a);
	fb = glossa_cachedir__trusted_open(dirfd, "B.bin", false, &b);
	ok(fa >= 0 && fb >= 0, "two files, the same bytes");
	glossa_cachedir__seal_write(dirfd, "A.seal", &a, mac, key);
	snprintf(sa, sizeof(sa), "%s/A.seal", dir);
	ok(access(sa, F_OK) != 0, "a state younger than the racy window is "
		"not sealed");
	sleep(GLOSSA_CACHEDIR_RACY_SECS + 1);
	glossa_cachedir__seal_write(dirfd, "A.seal", &a, mac, key);
	glossa_cachedir__seal_write(dirfd, "B.seal", &b, mac, key);
	ok(access(sa, F_OK) == 0, "an older one is");
	ok(glossa_cachedir__seal_holds(dirfd, "A.seal", &a, mac, key),
		"the seal holds for its state");
	ok(!glossa_cachedir__seal_holds(dirfd, "A.seal", &b, mac, key),
		"not for another file of the same bytes (another inode)");
	ok(!glossa_cachedir__seal_holds(dirfd, "A.seal", &a, mac, other),
		"not under another secret");
	mac[0] ^= 1;
	ok(!glossa_cachedir__seal_holds(dirfd, "A.seal", &a, mac, key),
		"not for another MAC");
	mac[0] ^= 1;
	/* A's seal copied beside B: it names A's inode, not B's. */
	snprintf(sb2, sizeof(sb2), "%s/B.seal", dir);
	{
		char cmd[700];

		snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", sa, sb2);
		ok(system(cmd) == 0, "A's seal copied over B's");
	}
	ok(!glossa_cachedir__seal_holds(dirfd, "B.seal", &b, mac, key),
		"a seal copied from another file vouches for nothing");
	/* A chmod (or any write) changes the status-change time. */
	snprintf(pa, sizeof(pa), "%s/A.bin", dir);
	chmod(pa, 0400);
	chmod(pa, 0600);
	ok(fstat(fa, &a) == 0 &&
		!glossa_cachedir__seal_holds(dirfd, "A.seal", &a, mac, key),
		"after a chmod, put back, the seal no longer holds");
	/* A seal others may write. */
	chmod(sb2, 0666);
	ok(!glossa_cachedir__seal_holds(dirfd, "B.seal", &b, mac, key),
		"a seal others may write is not read");
	if (fa >= 0)
		close(fa);
	if (fb >= 0)
		close(fb);
}

static void test_tmp(int dirfd)
{
	static const char *const gone[] = { "matcher-1-2.bin.tmp-00",
		"words-00.bin.tmp-00", "words.tmp-00", "hmac-key.tmp-00" };
	static const char *const kept[] = { "notes.tmp-00", "matcher-1-2.bin" };
	struct timespec old[2];
	char p[256];
	size_t i;
	bool all = true;

	old[0].tv_sec = old[1].tv_sec = time(NULL) - 2 * 3600;
	old[0].tv_nsec = old[1].tv_nsec = 0;
	for (i = 0; i < 4; i++) {
		put(gone[i], "x");
		snprintf(p, sizeof(p), "%s/%s", dir, gone[i]);
		utimensat(AT_FDCWD, p, old, 0);
	}
	for (i = 0; i < 2; i++) {
		put(kept[i], "x");
		snprintf(p, sizeof(p), "%s/%s", dir, kept[i]);
		utimensat(AT_FDCWD, p, old, 0);
	}
	put("words-01.bin.tmp-00", "young");
	glossa_cachedir__tmp_prune(dirfd);
	for (i = 0; i < 4; i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, gone[i]);
		all = all && access(p, F_OK) != 0;
	}
	ok(all, "a dead run's temporaries of glossa's caches are removed");
	all = true;
	for (i = 0; i < 2; i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, kept[i]);
		all = all && access(p, F_OK) == 0;
	}
	snprintf(p, sizeof(p), "%s/words-01.bin.tmp-00", dir);
	ok(all && access(p, F_OK) == 0,
		"other old files and a young temporary are left");
}

int main(void)
{
	char cmd[200];
	int dirfd;

	snprintf(top, sizeof(top), "/tmp/glossa-cachedir-XXXXXX");
	if (mkdtemp(top) == NULL)
		return 1;
	test_folder();
	dirfd = glossa_cachedir__open(dir, false);
	ok(dirfd >= 0, "the folder opens");
	if (dirfd >= 0) {
		test_files(dirfd);
		test_secret(dirfd);
		seal_cases(dirfd);
		test_tmp(dirfd);
		close(dirfd);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
	(void)!system(cmd);
	return done_testing();
}
