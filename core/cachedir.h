/*
 * glossa's cache folder (cachedir.c, not installed): the rules the
 * matcher cache (match_cache.c) and the word sets (wordset.c) share.
 * The folder is the user's, 0700, writable by no one else; a file in it
 * is believed only when it is a regular file of the user's that no one
 * else may write, opened without following a link or blocking; files
 * are written to a temporary name and renamed; what is believed is
 * sealed with HMAC-SHA256 under a per-user secret kept in the folder.
 */
#ifndef GLOSSA_CACHEDIR_H
#define GLOSSA_CACHEDIR_H

#include <dirent.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include "internal.h"

#define GLOSSA_CACHEDIR_MAC_LEN 32      /* HMAC-SHA256 */
#define GLOSSA_CACHEDIR_SECRET_LEN 32
#define GLOSSA_CACHEDIR_SECRET "hmac-key"
#define GLOSSA_CACHEDIR_RACY_SECS 2     /* a state this young is not sealed */
#define GLOSSA_CACHEDIR_TMP_AGE 3600    /* a temporary this old is a dead run's */

/* The folder `dir`, opened (made first, each missing level 0700, when
 * `create`): a directory, not a link to one, of the user's that no one
 * else can write (one an older glossa made 0755 is made 0700); -1 when
 * there is none such. */
int glossa_cachedir__open(const char *dir, bool create);

/* A file in the folder that may be believed: opened read-only without
 * following a link or blocking, a regular file of the user's that no
 * one else may write (`private`: nor read); its state in *sb. -1
 * otherwise. */
int glossa_cachedir__trusted_open(int dirfd, const char *name, bool private,
	struct stat *sb);

/* All n bytes through read(2) or write(2), or false (an error, or the
 * end of the file first). */
bool glossa_cachedir__read_full(int fd, void *p, size_t n);
bool glossa_cachedir__write_full(int fd, const void *p, size_t n);

/* A temporary file no other run picks, `prefix`.tmp-RANDOM, created
 * 0600 with O_EXCL; its name in *name. The fd, or -1. */
int glossa_cachedir__tmp_create(int dirfd, const char *prefix,
	glossa_buf *name);

/* Write n bytes as the file `name`: to a temporary name, then renamed
 * over it, so that readers see the old file or the new one, never half
 * of one. 0, or -1 (nothing left behind). */
int glossa_cachedir__write_file(int dirfd, const char *name, const void *p,
	size_t n);

/* The folder's entries, from the start (closedir() when done), or
 * NULL. */
DIR *glossa_cachedir__list(int dirfd);

/* Remove the temporary files (NAME.tmp-RANDOM, regular files of the
 * user's) of glossa's caches (NAME: matcher-*, words*, the secret)
 * that are older than GLOSSA_CACHEDIR_TMP_AGE: a dead run's. Other
 * files are left. */
void glossa_cachedir__tmp_prune(int dirfd);

/* The user's secret in the folder: 0, or -1 when there is none to
 * trust. `create`: made on first use (and one that cannot be trusted
 * replaced). */
int glossa_cachedir__secret(int dirfd,
	uint8_t key[GLOSSA_CACHEDIR_SECRET_LEN], bool create);

/* HMAC-SHA256 of n bytes under the secret. */
void glossa_cachedir__mac(uint8_t mac[GLOSSA_CACHEDIR_MAC_LEN],
	const uint8_t key[GLOSSA_CACHEDIR_SECRET_LEN], const void *p,
	size_t n);

/* A file's identity and state: device, inode, size, modification and
 * status-change times. */
void glossa_cachedir__put_stat(uint64_t k[7], const struct stat *sb);

/*
 * The state seal: the file `seal` (GLOSSA_CACHEDIR_MAC_LEN bytes) vouches
 * that a file in state *sb, ending in MAC `mac`, was checked whole. Any
 * write to the file, a truncation, a chmod, a copy or a rename over it
 * changes its inode or its status-change time, which only root can set
 * back. seal_holds: does it vouch for *sb? (then it is marked used: its
 * modification time). seal_write: seal *sb, unless it changed within
 * GLOSSA_CACHEDIR_RACY_SECS (git's racy-clean rule), measured on the
 * folder's clock (the seal's own times), not this machine's.
 */
bool glossa_cachedir__seal_holds(int dirfd, const char *seal,
	const struct stat *sb, const uint8_t mac[GLOSSA_CACHEDIR_MAC_LEN],
	const uint8_t key[GLOSSA_CACHEDIR_SECRET_LEN]);
void glossa_cachedir__seal_write(int dirfd, const char *seal,
	const struct stat *sb, const uint8_t mac[GLOSSA_CACHEDIR_MAC_LEN],
	const uint8_t key[GLOSSA_CACHEDIR_SECRET_LEN]);

#endif
