#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <nettle/hmac.h>
#include <nettle/memops.h>
#include <unicode/uchar.h>
#include "internal.h"
#include "cachedir.h"
#include "match.h"
#include "morph.h"
#include "name.h"
#include "ustr.h"

#include "match_int.h"

/* ---- the compiled cache ----
**
** Reading a large glossary out of SQLite costs more than compiling it,
** so a compiled matcher is kept in a cache file per database. Its key:
** the glossary's change counter, read in the same read snapshot as the
** glossary the matcher was compiled from (settle.c), and the state of
** the database file and of its WAL (device, inode, size, modification
** and status-change times), taken before that snapshot. glossa's own
** edits bump the counter; an edit by anything else (sqlite3 at the
** prompt) shows in the files: with WAL a commit may leave the database
** file alone while a reader holds a snapshot, but never the WAL. The
** files being stat'ed before the snapshot is taken, a commit that lands
** in between makes a key older than the data, which is only a miss on
** the next run; never data older than its key, a stale cache.
**
** The folder, its secret and the seal follow cachedir.c's rules:
** nothing in the cache folder is believed that another user could have
** written (OpenSSH's rule for its keys): the folder must be the user's
** and writable by no one else (made 0700; a folder that is someone
** else's, group- or other-writable, or a symbolic link is not used, and
** the matcher is compiled in memory, without a word: the cache is only
** an optimisation, and `fix --verbose` says "read and compiled"). A
** cache file is opened without following a link and without blocking
** (a FIFO there must not hang a run), and must be a regular file of the
** user's that no one else may write. It is sealed with HMAC-SHA256
** (nettle) under a per-user secret, 32 random bytes in the folder
** (file "hmac-key", 0600, checked the same way): a cache planted by
** someone who cannot read that secret does not load, however well it
** imitates a glossa cache. The MAC covers every byte of the file,
** header and body; after it come the old checks (every count and index
** in range), so that even a cache sealed with the right secret cannot
** make the matcher read out of bounds.
**
** Checking the whole file costs as much as the work on a large draft
** (a 100,000-entry glossary makes a 57 MB cache), so it is checked whole
** once per state of the file, and that is remembered (git's rule for a
** "racily clean" index entry decides when it may be):
**
**   - The first load of a cache reads it into memory, whole, not mapped:
**     a file cut short while that run reads it is a miss (a short read),
**     never a SIGBUS, and the bytes used are the bytes whose MAC and
**     counts were checked. Having checked them, it writes a seal beside
**     the cache ("matcher-....seal", 32 bytes): the HMAC, under the same
**     secret, of the file's identity and state (device, inode, size,
**     modification and status-change times) and of its MAC. Any write to
**     the file, a truncation, a chmod, a copy or a rename over it changes
**     its inode or its status-change time, which no one but root can set
**     back. Only a state older than two seconds is sealed: a write in
**     the same clock tick as the check would leave the times as they
**     were (git's racy-clean case), and a later write makes them newer.
**   - A later load whose file matches its seal maps the file (private,
**     read-only) and uses it as it is: no read, no MAC over the body, no
**     walk over every index; the file's state is taken again after the
**     mapping, and must be the sealed one. A cache is only ever replaced
**     by a rename (the mapped inode stays as it was) and no one but its
**     owner can write it (checked above), so a mapped cache changes under
**     a run only by the user's own hand.
**
** A cache is written to a temporary name and renamed, so readers see the
** old or the new cache, never a half-written one. A cache used is
** marked so on its seal (the seal's modification time: touching the
** cache itself would change its status-change time and break the seal);
** on each save the least recently used caches are removed until the
** folder holds at most CACHE_MAX_FILES caches and CACHE_MAX_MB megabytes
** of them (GLOSSA_CACHE_MAX_MB to change), the one just written always
** kept, each with its seal. Only regular files of the user's named and
** shaped as a glossa cache (or named as a seal) are ever removed. The
** fold table is not cached: it is rebuilt (ICU).
*/

#define CACHE_MAGIC "glossa-matcher1"
#define CACHE_MAGIC_ANY "glossa-matcher"  /* any version: for clean-up */
/* (The keys are name.c's: a new key definition is a new cache.) */
#define CACHE_VERSION (11u << 8 | GLOSSA_NAME_KEY_VERSION)
#define CACHE_NSECT 8
#define CACHE_MAC_LEN GLOSSA_CACHEDIR_MAC_LEN
#define CACHE_SECRET GLOSSA_CACHEDIR_SECRET
#define CACHE_SECRET_LEN GLOSSA_CACHEDIR_SECRET_LEN
#define CACHE_MAX_FILES 32
#define CACHE_MAX_MB 64
#define CACHE_SEAL_SUFFIX ".seal"

typedef struct {
	char magic[16];
	uint32_t version, sizes, flags, pad;
	uint64_t generation;
	uint64_t files[GLOSSA_MATCH__CACHE_NFILES];
	uint64_t nnodes, nedges, naccepts, ntargets, nentries, pool, nkeys;
} cache_header;

static uint32_t cache_sizes(void)
{
	return (uint32_t)(sizeof(size_t) | sizeof(mtarget) << 8 |
		sizeof(maccept) << 16);
}

static uint32_t cache_flags(const glossa_matcher *m)
{
	return (m->no_native ? 1u : 0) | (m->has_arabic ? 2u : 0) |
		(m->digit_start ? 4u : 0);
}

static int cache_name(glossa_buf *out, const glossa_match__cache_key *key)
{
	return glossa_buf_printf(out, "matcher-%llx-%llx.bin",
		(unsigned long long)key->files[0],
		(unsigned long long)key->files[1]);
}

/* The seal beside a cache (see "the seal" below). */
static int seal_name(glossa_buf *out, const char *cache)
{
	return glossa_buf_printf(out, "%s" CACHE_SEAL_SUFFIX, cache);
}

static uint64_t padded(uint64_t n)
{
	return (n + 7) & ~(uint64_t)7;
}

/* The sections after the header, in file order: the root, nodes, edge
 * labels, edge children, accepts, targets, entry keys and the pool (with
 * a NUL after it); then the MAC. Offsets from the start of the file;
 * returns the file's size. In 64 bits, so that no count in a damaged
 * header can wrap the sum round to the size of the file. */
static uint64_t cache_layout(const cache_header *h, uint64_t off[CACHE_NSECT],
	uint64_t len[CACHE_NSECT])
{
	uint64_t pos = padded(sizeof(*h));
	size_t i;

	len[0] = 256 * sizeof(uint32_t);
	len[1] = (h->nnodes + 1) * sizeof(mnode);
	len[2] = h->nedges;
	len[3] = h->nedges * sizeof(uint32_t);
	len[4] = h->naccepts * sizeof(maccept);
	len[5] = h->ntargets * sizeof(mtarget);
	len[6] = h->nentries * sizeof(size_t);
	len[7] = h->pool + 1;
	for (i = 0; i < CACHE_NSECT; i++) {
		off[i] = pos;
		pos += padded(len[i]);
	}
	return pos + CACHE_MAC_LEN;
}

/* Counts a loader can lay out and index with (the rest is checked
 * against the file and the glossary). */
static bool header_sane(const cache_header *h)
{
	return memcmp(h->magic, CACHE_MAGIC, sizeof(CACHE_MAGIC)) == 0 &&
		h->version == CACHE_VERSION && h->sizes == cache_sizes() &&
		h->nnodes != 0 && h->nnodes < UINT32_MAX &&
		h->nedges < h->nnodes && h->naccepts <= UINT32_MAX &&
		h->ntargets <= UINT32_MAX && h->nentries <= UINT32_MAX &&
		h->pool <= ((uint64_t)1 << 40);
}

int glossa_match__cache_seal(const char *dir, unsigned char *file,
	size_t size)
{
	uint8_t key[CACHE_SECRET_LEN];
	int dirfd = glossa_cachedir__open(dir, false), error;

	if (dirfd < 0)
		return -1;
	error = size < CACHE_MAC_LEN || glossa_cachedir__secret(dirfd, key, false) < 0 ?
		-1 : 0;
	close(dirfd);
	if (error == 0)
		glossa_cachedir__mac(file + size - CACHE_MAC_LEN, key, file,
			size - CACHE_MAC_LEN);
	return error;
}

/* ---- the state of the database files ---- */

void glossa_match__cache_stat(glossa_match__cache_key *key,
	glossa_store *store, const char *dir)
{
	glossa_buf wal = GLOSSA_BUF_INIT;
	const char *path = glossa_store_path(store);
	struct stat sb;

	memset(key, 0, sizeof(*key));
	if (dir == NULL || *dir == '\0' || path == NULL ||
	    stat(path, &sb) < 0 || !S_ISREG(sb.st_mode))
		return;
	glossa_cachedir__put_stat(key->files, &sb);
	/* An empty WAL holds nothing: every run that opens the glossary
	 * after the last one closed it makes a new one. */
	if (glossa_buf_printf(&wal, "%s-wal", path) < 0) {
		glossa_buf_dispose(&wal);
		glossa_error_clear();
		return;
	}
	if (stat(wal.ptr, &sb) == 0 && sb.st_size > 0)
		glossa_cachedir__put_stat(key->files + 7, &sb);
	glossa_buf_dispose(&wal);
	key->dir = dir;
}

/* ---- writing a cache ---- */

typedef struct {
	int fd;
	struct hmac_sha256_ctx mac;
	bool ok;
} writer;

static void put(writer *w, const void *p, size_t n)
{
	static const char zero[8];
	size_t pad = (size_t)padded(n) - n;

	if (!w->ok)
		return;
	hmac_sha256_update(&w->mac, n, p);
	hmac_sha256_update(&w->mac, pad, (const uint8_t *)zero);
	w->ok = (n == 0 || glossa_cachedir__write_full(w->fd, p, n)) &&
		(pad == 0 || glossa_cachedir__write_full(w->fd, zero, pad));
}

typedef struct {
	char *name;
	uint64_t size;
	struct timespec used;
} cached_file;

static int by_use(const void *a, const void *b)
{
	const cached_file *x = a, *y = b;

	if (x->used.tv_sec != y->used.tv_sec)
		return x->used.tv_sec < y->used.tv_sec ? -1 : 1;
	if (x->used.tv_nsec != y->used.tv_nsec)
		return x->used.tv_nsec < y->used.tv_nsec ? -1 : 1;
	return strcmp(x->name, y->name);
}

static uint64_t cap_bytes(void)
{
	const char *s = getenv("GLOSSA_CACHE_MAX_MB");
	char *end;
	unsigned long long mb;

	if (s && *s) {
		errno = 0;
		mb = strtoull(s, &end, 10);
		if (errno == 0 && *end == '\0' && mb < ((uint64_t)1 << 40))
			return (uint64_t)mb << 20;
	}
	return (uint64_t)CACHE_MAX_MB << 20;
}

/* Is this a glossa cache file (of any version)? */
static bool is_cache_file(int dirfd, const char *name)
{
	char magic[sizeof(CACHE_MAGIC_ANY) - 1];
	struct stat sb;
	int fd = glossa_cachedir__trusted_open(dirfd, name, false, &sb);
	bool ok;

	if (fd < 0)
		return false;
	ok = glossa_cachedir__read_full(fd, magic, sizeof(magic)) &&
		memcmp(magic, CACHE_MAGIC_ANY, sizeof(magic)) == 0;
	close(fd);
	return ok;
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* The seal of cache `name`, or `name` itself when it is a seal: removed
 * when its cache is gone (a regular file of the user's only). */
static void seal_prune(int dirfd, const char *name)
{
	glossa_buf cache = GLOSSA_BUF_INIT, seal = GLOSSA_BUF_INIT;
	struct stat sb;
	size_t n = strlen(name), k = sizeof(CACHE_SEAL_SUFFIX) - 1;

	int error;

	if (has_suffix(name, CACHE_SEAL_SUFFIX))
		error = glossa_buf_put(&cache, name, n - k) < 0 ||
			glossa_buf_puts(&seal, name) < 0;
	else
		error = glossa_buf_puts(&cache, name) < 0 ||
			seal_name(&seal, name) < 0;
	if (error)
		goto out;
	if (fstatat(dirfd, cache.ptr, &sb, AT_SYMLINK_NOFOLLOW) < 0 &&
	    errno == ENOENT &&
	    fstatat(dirfd, seal.ptr, &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISREG(sb.st_mode) && sb.st_uid == geteuid())
		unlinkat(dirfd, seal.ptr, 0);
out:
	glossa_buf_dispose(&cache);
	glossa_buf_dispose(&seal);
}

/* When a cache was last used: its seal's time when that is later (a
 * load marks the seal, not the cache). */
static struct timespec last_used(int dirfd, const char *name,
	const struct stat *sb)
{
	glossa_buf seal = GLOSSA_BUF_INIT;
	struct timespec t = sb->st_mtim;
	struct stat ss;

	if (seal_name(&seal, name) == 0 &&
	    fstatat(dirfd, seal.ptr, &ss, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISREG(ss.st_mode) && ss.st_uid == geteuid() &&
	    (ss.st_mtim.tv_sec > t.tv_sec ||
	     (ss.st_mtim.tv_sec == t.tv_sec && ss.st_mtim.tv_nsec > t.tv_nsec)))
		t = ss.st_mtim;
	glossa_buf_dispose(&seal);
	return t;
}

/* Keep the folder under its caps: the least recently used caches go
 * first, `keep` (the one just written) never. Only regular files of the
 * user's are looked at (no link is followed: fstatat and unlinkat work
 * on the name itself); of those, the caches (a name matcher-*.bin and a
 * glossa cache's first bytes); and the temporary files of runs that died
 * long ago (cachedir.c). */
static void prune(int dirfd, const char *keep)
{
	cached_file *f = NULL, *grown;
	size_t n = 0, alloc = 0, i;
	uint64_t total = 0, cap = cap_bytes();
	struct dirent *d;
	DIR *dir;

	/* The temporary files of runs that died long ago. */
	glossa_cachedir__tmp_prune(dirfd);
	if ((dir = glossa_cachedir__list(dirfd)) == NULL)
		return;
	while ((d = readdir(dir)) != NULL) {
		struct stat sb;

		if (strncmp(d->d_name, "matcher-", 8) != 0 ||
		    strstr(d->d_name, ".tmp-") != NULL ||
		    fstatat(dirfd, d->d_name, &sb, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !S_ISREG(sb.st_mode) || sb.st_uid != geteuid())
			continue;
		if (has_suffix(d->d_name, CACHE_SEAL_SUFFIX)) {
			seal_prune(dirfd, d->d_name);
			continue;
		}
		if (!has_suffix(d->d_name, ".bin") ||
		    strcmp(d->d_name, keep) == 0 ||
		    !is_cache_file(dirfd, d->d_name))
			continue;
		if (n == alloc) {
			alloc = alloc ? 2 * alloc : 16;
			if ((grown = realloc(f, alloc * sizeof(*f))) == NULL)
				break;
			f = grown;
		}
		if ((f[n].name = glossa__strdup(d->d_name)) == NULL)
			break;
		f[n].size = (uint64_t)sb.st_size;
		f[n].used = last_used(dirfd, d->d_name, &sb);
		total += f[n].size;
		n++;
	}
	closedir(dir);
	{
		struct stat sb;

		/* The one kept counts against the caps too. */
		if (fstatat(dirfd, keep, &sb, AT_SYMLINK_NOFOLLOW) == 0)
			total += (uint64_t)sb.st_size;
	}
	if (n > 0)
		qsort(f, n, sizeof(*f), by_use);
	for (i = 0; i < n; i++) {
		if (total > cap || n - i + 1 > CACHE_MAX_FILES) {
			if (unlinkat(dirfd, f[i].name, 0) == 0) {
				total -= f[i].size;
				seal_prune(dirfd, f[i].name);
			}
		}
		free(f[i].name);
	}
	free(f);
	glossa_error_clear();
}

static void cache_save(const glossa_matcher *m,
	const glossa_match__cache_key *key)
{
	glossa_buf name = GLOSSA_BUF_INIT, tmp = GLOSSA_BUF_INIT;
	/* An empty glossary's pool has no bytes yet; the cache keeps its
	 * NUL all the same. */
	const char *pool = m->pool.ptr ? m->pool.ptr : "";
	uint8_t secret[CACHE_SECRET_LEN], mac[CACHE_MAC_LEN];
	cache_header h;
	writer w;
	int dirfd;

	w.fd = -1;
	if ((dirfd = glossa_cachedir__open(key->dir, true)) < 0)
		goto out;
	if (glossa_cachedir__secret(dirfd, secret, true) < 0 || cache_name(&name, key) < 0 ||
	    (w.fd = glossa_cachedir__tmp_create(dirfd, name.ptr, &tmp)) < 0)
		goto out;
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, CACHE_MAGIC, sizeof(CACHE_MAGIC));
	h.version = CACHE_VERSION;
	h.sizes = cache_sizes();
	h.flags = cache_flags(m);
	h.generation = key->generation;
	memcpy(h.files, key->files, sizeof(h.files));
	h.nnodes = m->nnodes;
	h.nedges = m->node[m->nnodes].estart;
	h.naccepts = m->naccepts;
	h.ntargets = m->ntargets;
	h.nentries = m->nentries;
	h.pool = m->pool.size;
	h.nkeys = m->nkeys;
	w.ok = true;
	hmac_sha256_set_key(&w.mac, CACHE_SECRET_LEN, secret);
	put(&w, &h, sizeof(h));
	put(&w, m->root, sizeof(m->root));
	put(&w, m->node, (m->nnodes + 1) * sizeof(mnode));
	put(&w, m->elabel, h.nedges);
	put(&w, m->echild, h.nedges * sizeof(uint32_t));
	put(&w, m->accepts, m->naccepts * sizeof(maccept));
	put(&w, m->targets, m->ntargets * sizeof(mtarget));
	put(&w, m->entry_key, m->nentries * sizeof(size_t));
	put(&w, pool, m->pool.size + 1);
	hmac_sha256_digest(&w.mac, CACHE_MAC_LEN, mac);
	w.ok = w.ok && glossa_cachedir__write_full(w.fd, mac, sizeof(mac));
	w.ok = close(w.fd) == 0 && w.ok;
	if (w.ok && renameat(dirfd, tmp.ptr, dirfd, name.ptr) == 0)
		prune(dirfd, name.ptr);
	else
		unlinkat(dirfd, tmp.ptr, 0);
out:
	if (dirfd >= 0)
		close(dirfd);
	glossa_buf_dispose(&name);
	glossa_buf_dispose(&tmp);
	glossa_error_clear();  /* the cache is only ever an optimisation */
}

/* A pool offset that starts one of its strings. */
static bool pool_string(const glossa_matcher *m, size_t off)
{
	return off < m->pool.size && (off == 0 || m->pool.ptr[off - 1] == '\0');
}

/* Every index in range, every accept with a target, every string
 * terminated, whole and UTF-8 (the matcher decodes forms without bounds,
 * both ways): a cache is checked whole before it is used. */
static bool cache_sane(const glossa_matcher *m, uint64_t nedges)
{
	size_t i;

	for (i = 0; i < 256; i++)
		if (m->root[i] >= m->nnodes)
			return false;
	for (i = 0; i <= m->nnodes; i++)
		if ((i < m->nnodes && m->node[i].estart > m->node[i + 1].estart) ||
		    (m->node[i].accept != NO_ACCEPT &&
		     m->node[i].accept >= m->naccepts))
			return false;
	if (m->node[0].estart != 0 || m->node[m->nnodes].estart != nedges)
		return false;
	for (i = 0; i < nedges; i++)
		if (m->echild[i] == 0 || m->echild[i] >= m->nnodes)
			return false;
	for (i = 0; i < m->naccepts; i++)
		if (m->accepts[i].n == 0 ||
		    (uint64_t)m->accepts[i].first + m->accepts[i].n > m->ntargets)
			return false;
	for (i = 0; i < m->ntargets; i++)
		if (m->targets[i].entry >= m->nentries ||
		    m->targets[i].type > GLOSSA_FORM_ALONE ||
		    TI_KIND(m->targets[i].info) > GLOSSA_KIND_TERM ||
		    !pool_string(m, m->targets[i].form) ||
		    !pool_string(m, m->targets[i].becomes))
			return false;
	for (i = 0; i < m->nentries; i++)
		if (!pool_string(m, m->entry_key[i]))
			return false;
	return m->pool.size == 0 || (m->pool.ptr[m->pool.size - 1] == '\0' &&
		glossa_utf8__valid(m->pool.ptr, m->pool.size, NULL));
}

/* ---- the seal: a state of a cache file checked whole ---- */

/* Does the seal beside the cache `name` (open as fd, in state *sb)
 * vouch for that state? Then the seal is marked used. */
static bool seal_holds(int dirfd, const char *name, int fd,
	const struct stat *sb, const uint8_t key[CACHE_SECRET_LEN])
{
	glossa_buf sn = GLOSSA_BUF_INIT;
	uint8_t mac[CACHE_MAC_LEN];
	bool ok = seal_name(&sn, name) == 0 &&
		pread(fd, mac, sizeof(mac), sb->st_size - CACHE_MAC_LEN) ==
			(ssize_t)sizeof(mac) &&
		glossa_cachedir__seal_holds(dirfd, sn.ptr, sb, mac, key);

	glossa_buf_dispose(&sn);
	return ok;
}

/* Seal the state *sb of the cache `name`, just checked whole (its MAC
 * `mac`), unless it changed too recently (cachedir.c). */
static void seal_write(int dirfd, const char *name, const struct stat *sb,
	const uint8_t mac[CACHE_MAC_LEN], const uint8_t key[CACHE_SECRET_LEN])
{
	glossa_buf sn = GLOSSA_BUF_INIT;

	if (seal_name(&sn, name) == 0)
		glossa_cachedir__seal_write(dirfd, sn.ptr, sb, mac, key);
	glossa_buf_dispose(&sn);
}

/* ---- loading one ---- */

/*
 * The whole file (its header `h` already read from fd) in page-aligned
 * memory (every section starts on an 8-byte boundary of the file), in
 * huge pages where the kernel has them: a big cache read into small ones
 * spends more on page faults than on reading. A file cut short under us
 * is a short read: NULL.
 */
static char *read_whole(int fd, const cache_header *h, size_t size)
{
	char *file = mmap(NULL, size, PROT_READ | PROT_WRITE,
		MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (file == MAP_FAILED)
		return NULL;
	(void)madvise(file, size, MADV_HUGEPAGE);
	memcpy(file, h, sizeof(*h));
	if (!glossa_cachedir__read_full(fd, file + sizeof(*h), size - sizeof(*h))) {
		munmap(file, size);
		return NULL;
	}
	return file;
}

static glossa_matcher *cache_load(const glossa_match__cache_key *key,
	bool no_native)
{
	glossa_buf name = GLOSSA_BUF_INIT;
	glossa_matcher *m = NULL;
	uint8_t secret[CACHE_SECRET_LEN], mac[CACHE_MAC_LEN];
	cache_header h;
	struct stat cs;
	uint64_t off[CACHE_NSECT], len[CACHE_NSECT], size = 0;
	char *file = NULL;
	int dirfd = -1, fd = -1;
	bool ok = false, sealed = false;

	if ((dirfd = glossa_cachedir__open(key->dir, false)) < 0 ||
	    cache_name(&name, key) < 0 ||
	    (fd = glossa_cachedir__trusted_open(dirfd, name.ptr, false, &cs)) < 0 ||
	    cs.st_size < (off_t)(sizeof(h) + CACHE_MAC_LEN) ||
	    !glossa_cachedir__read_full(fd, &h, sizeof(h)))
		goto out;
	/* The header first: a stale cache is not read any further. */
	size = (uint64_t)cs.st_size;
	if (!header_sane(&h) || h.generation != key->generation ||
	    memcmp(h.files, key->files, sizeof(h.files)) != 0 ||
	    ((h.flags & 1u) != 0) != no_native ||
	    cache_layout(&h, off, len) != size || size > SIZE_MAX ||
	    glossa_cachedir__secret(dirfd, secret, false) < 0)
		goto out;
	/* A state checked whole before (see the seal, above): mapped, used
	 * as it is, if it is still that state once mapped. */
	if ((sealed = seal_holds(dirfd, name.ptr, fd, &cs, secret))) {
		struct stat again;
		uint64_t a[7], b[7];

		if ((file = mmap(NULL, (size_t)size, PROT_READ, MAP_PRIVATE,
				fd, 0)) == MAP_FAILED) {
			file = NULL;
			goto out;
		}
		glossa_cachedir__put_stat(a, &cs);
		if (fstat(fd, &again) < 0)
			goto out;
		glossa_cachedir__put_stat(b, &again);
		if (memcmp(a, b, sizeof(a)) != 0)
			goto out;
	} else {
		if ((file = read_whole(fd, &h, (size_t)size)) == NULL)
			goto out;
		glossa_cachedir__mac(mac, secret, file, (size_t)size - CACHE_MAC_LEN);
		if (!memeql_sec(mac, file + size - CACHE_MAC_LEN,
				CACHE_MAC_LEN))
			goto out;
	}
	if ((m = glossa__calloc(1, sizeof(*m))) == NULL)
		goto out;
	m->map = file;
	m->maplen = (size_t)size;
	file = NULL;
	m->nnodes = h.nnodes;
	m->naccepts = h.naccepts;
	m->ntargets = m->atargets = h.ntargets;
	m->nentries = h.nentries;
	m->nkeys = h.nkeys;
	m->no_native = (h.flags & 1u) != 0;
	m->has_arabic = (h.flags & 2u) != 0;
	m->digit_start = (h.flags & 4u) != 0;
	memcpy(m->root, (char *)m->map + off[0], len[0]);
	m->node = (mnode *)((char *)m->map + off[1]);
	m->elabel = (uint8_t *)m->map + off[2];
	m->echild = (uint32_t *)((char *)m->map + off[3]);
	m->accepts = (maccept *)((char *)m->map + off[4]);
	m->targets = (mtarget *)((char *)m->map + off[5]);
	m->entry_key = (size_t *)((char *)m->map + off[6]);
	m->pool.ptr = (char *)m->map + off[7];
	m->pool.size = h.pool;
	m->pool.asize = 0;  /* not owned: it lies in the file's bytes */
	ok = m->pool.ptr[h.pool] == '\0' &&
		(sealed || cache_sane(m, h.nedges)) &&
		glossa_match__init_table(m) == 0;
	if (ok) {
		glossa_match__mark_bytes(m);
		/* Checked whole: remembered (and marked used) in a seal. */
		struct stat again;
		uint64_t a[7], b[7];

		/* (only the state whose bytes were read and checked) */
		glossa_cachedir__put_stat(a, &cs);
		if (!sealed && fstat(fd, &again) == 0) {
			glossa_cachedir__put_stat(b, &again);
			if (memcmp(a, b, sizeof(a)) == 0)
				seal_write(dirfd, name.ptr, &cs, mac, secret);
		}
	}
out:
	if (file)
		munmap(file, (size_t)size);
	if (fd >= 0)
		close(fd);
	if (dirfd >= 0)
		close(dirfd);
	glossa_buf_dispose(&name);
	if (!ok) {
		glossa_matcher_free(m);
		glossa_error_clear();
		return NULL;
	}
	return m;
}

glossa_matcher *glossa_match__cache_load(const glossa_match__cache_key *key,
	bool no_native)
{
	return key->dir ? cache_load(key, no_native) : NULL;
}

void glossa_match__cache_save(const glossa_matcher *m,
	const glossa_match__cache_key *key)
{
	if (key->dir)
		cache_save(m, key);
}

void glossa_matcher_free(glossa_matcher *m)
{
	if (m == NULL)
		return;
	if (m->map) {
		munmap(m->map, m->maplen);
	} else {
		free(m->node);
		free(m->elabel);
		free(m->echild);
		free(m->accepts);
		free(m->targets);
		free(m->entry_key);
		glossa_buf_dispose(&m->pool);
	}
	free(m);
}
void glossa_matcher_stats_get(glossa_matcher_stats *out,
	const glossa_matcher *m)
{
	out->entries = m->nentries;
	out->keys = m->nkeys;
	out->nodes = m->nnodes;
	out->bytes = sizeof(*m) +
		m->nnodes * (3 * sizeof(uint32_t) + 1) +
		m->naccepts * sizeof(maccept) + m->ntargets * sizeof(mtarget) +
		m->nentries * sizeof(size_t) + m->pool.size + 1;
	out->cached = m->map != NULL;
}

