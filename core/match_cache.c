#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unicode/uchar.h>
#include "internal.h"
#include "match.h"
#include "morph.h"
#include "name.h"
#include "ustr.h"

#include "match_int.h"

/* ---- the compiled cache ----
**
** Reading a large glossary out of SQLite costs more than compiling it,
** so a compiled matcher is kept in a cache file per database, keyed on
** the database file (device, inode, status-change time) and its change
** counter: any write to the glossary makes the cache stale, and so does
** another glossary put in its place (copied over it, or made anew where
** the inode is reused: the change counters of two glossaries may well
** agree). It is rebuilt on the next run. The file is written to a
** temporary name and renamed, so readers see the old or the new cache,
** never a half-written one; and it is checked from end to end on loading
** (a checksum over every byte, then every index in range), so a damaged
** cache is rebuilt, never trusted. The fold table is not cached: it is
** rebuilt (ICU).
**
** A cache is mapped, not read: its arrays are used where they lie, each
** starting on an 8-byte boundary. (Being replaced only by renaming, a
** cache file is never cut short under a run that maps it.)
*/

#define CACHE_MAGIC "glossa-matcher1"
/* (The keys are name.c's: a new key definition is a new cache.) */
#define CACHE_VERSION (10u << 8 | GLOSSA_NAME_KEY_VERSION)
#define CACHE_NSECT 8

typedef struct {
	char magic[16];
	uint32_t version, sizes, flags, pad;
	uint64_t generation, dev, ino, ctime_s, ctime_ns;
	uint64_t nnodes, nedges, naccepts, ntargets, nentries, pool, nkeys;
	uint64_t sum;         /* cache_sum() of the header and sections */
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

static int mkdirs(const char *dir)
{
	char *copy = glossa__strdup(dir), *p;

	if (copy == NULL)
		return GLOSSA_ERROR;
	for (p = copy + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		{
			char c = *p;

			*p = '\0';
			if (mkdir(copy, 0777) < 0 && errno != EEXIST) {
				free(copy);
				return GLOSSA_ERROR;
			}
			*p = c;
		}
		if (*p == '\0')
			break;
	}
	free(copy);
	return 0;
}

static int cache_path(glossa_buf *out, const char *dir, const struct stat *sb)
{
	return glossa_buf_printf(out, "%s/matcher-%llx-%llx.bin", dir,
		(unsigned long long)sb->st_dev, (unsigned long long)sb->st_ino);
}

static uint64_t padded(uint64_t n)
{
	return (n + 7) & ~(uint64_t)7;
}

/* The sections after the header, in file order: the root, nodes, edge
 * labels, edge children, accepts, targets, entry keys and the pool (with
 * a NUL after it). Offsets from the start of the file; returns the
 * file's size. In 64 bits, so that no count in a damaged header can wrap
 * the sum round to the size of the file. */
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
	return pos;
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

/* Bytes into a running sum, 8 at a time in four lanes. Each step maps
 * the lane one-to-one for a given word, so a single changed word always
 * changes the sum; it runs at memory speed (52 MB in a few ms). */
static uint64_t sum_bytes(uint64_t s, const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t l[4] = { s, s ^ 0x9E3779B97F4A7C15u, s + 1, ~s }, w;
	size_t k;

	for (; n >= 32; b += 32, n -= 32)
		for (k = 0; k < 4; k++) {
			memcpy(&w, b + 8 * k, 8);
			l[k] = (l[k] ^ w) * 0xFF51AFD7ED558CCDu;
			l[k] ^= l[k] >> 31;
		}
	for (; n > 0; b++, n--)
		l[0] = (l[0] ^ *b) * 0x100000001B3u;
	for (k = 1; k < 4; k++)
		l[0] = (l[0] ^ (l[k] + k)) * 0xC4CEB9FE1A85EC53u;
	return l[0] ^ (l[0] >> 29);
}

/* The sum that seals a cache: its header (with the sum itself 0) and
 * every section, so a damaged cache is rebuilt, not trusted. */
static uint64_t cache_sum(const cache_header *h,
	const void *const sec[CACHE_NSECT], const uint64_t len[CACHE_NSECT])
{
	cache_header c = *h;
	uint64_t sum;
	size_t i;

	c.sum = 0;
	sum = sum_bytes(0x676C6F737361u, &c, sizeof(c));
	for (i = 0; i < CACHE_NSECT; i++)
		sum = sum_bytes(sum, sec[i], (size_t)len[i]);
	return sum;
}

/* The sum of a whole cache file in memory, laid out by cache_layout(). */
static uint64_t file_sum(const cache_header *h, const char *file,
	const uint64_t off[CACHE_NSECT], const uint64_t len[CACHE_NSECT])
{
	const void *sec[CACHE_NSECT];
	size_t i;

	for (i = 0; i < CACHE_NSECT; i++)
		sec[i] = file + off[i];
	return cache_sum(h, sec, len);
}

int glossa_match__cache_seal(unsigned char *file, size_t size)
{
	uint64_t off[CACHE_NSECT], len[CACHE_NSECT];
	cache_header h;

	if (size < sizeof(h))
		return -1;
	memcpy(&h, file, sizeof(h));
	if (!header_sane(&h) || cache_layout(&h, off, len) != size)
		return -1;
	h.sum = file_sum(&h, (const char *)file, off, len);
	memcpy(file, &h, sizeof(h));
	return 0;
}

static bool put(FILE *f, const void *p, size_t n)
{
	static const char zero[8];

	return (n == 0 || fwrite(p, 1, n, f) == n) &&
		(padded(n) == n || fwrite(zero, 1, padded(n) - n, f) ==
			padded(n) - n);
}

static void cache_save(const glossa_matcher *m, const char *dir,
	const struct stat *sb, uint64_t generation)
{
	glossa_buf path = GLOSSA_BUF_INIT, tmp = GLOSSA_BUF_INIT;
	/* An empty glossary's pool has no bytes yet; the cache keeps its
	 * NUL all the same. */
	const char *pool = m->pool.ptr ? m->pool.ptr : "";
	cache_header h;
	FILE *f = NULL;
	int fd;
	bool ok;

	if (mkdirs(dir) < 0 || cache_path(&path, dir, sb) < 0 ||
	    glossa_buf_printf(&tmp, "%s.XXXXXX", path.ptr) < 0)
		goto out;
	if ((fd = mkstemp(tmp.ptr)) < 0)
		goto out;
	if ((f = fdopen(fd, "wb")) == NULL) {
		close(fd);
		unlink(tmp.ptr);
		goto out;
	}
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, CACHE_MAGIC, sizeof(CACHE_MAGIC));
	h.version = CACHE_VERSION;
	h.sizes = cache_sizes();
	h.flags = cache_flags(m);
	h.generation = generation;
	h.dev = (uint64_t)sb->st_dev;
	h.ino = (uint64_t)sb->st_ino;
	h.ctime_s = (uint64_t)sb->st_ctim.tv_sec;
	h.ctime_ns = (uint64_t)sb->st_ctim.tv_nsec;
	h.nnodes = m->nnodes;
	h.nedges = m->node[m->nnodes].estart;
	h.naccepts = m->naccepts;
	h.ntargets = m->ntargets;
	h.nentries = m->nentries;
	h.pool = m->pool.size;
	h.nkeys = m->nkeys;
	{
		uint64_t off[CACHE_NSECT], len[CACHE_NSECT];
		const void *sec[CACHE_NSECT] = { m->root, m->node, m->elabel,
			m->echild, m->accepts, m->targets, m->entry_key, pool };

		cache_layout(&h, off, len);
		h.sum = cache_sum(&h, sec, len);
	}
	ok = put(f, &h, sizeof(h)) && put(f, m->root, sizeof(m->root)) &&
		put(f, m->node, (m->nnodes + 1) * sizeof(mnode)) &&
		put(f, m->elabel, h.nedges) &&
		put(f, m->echild, h.nedges * sizeof(uint32_t)) &&
		put(f, m->accepts, m->naccepts * sizeof(maccept)) &&
		put(f, m->targets, m->ntargets * sizeof(mtarget)) &&
		put(f, m->entry_key, m->nentries * sizeof(size_t)) &&
		put(f, pool, m->pool.size + 1);
	ok = (fclose(f) == 0) && ok;
	if (!ok || rename(tmp.ptr, path.ptr) < 0)
		unlink(tmp.ptr);
out:
	glossa_buf_dispose(&path);
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

static glossa_matcher *cache_load(const char *dir, const struct stat *sb,
	uint64_t generation, bool no_native)
{
	glossa_buf path = GLOSSA_BUF_INIT;
	glossa_matcher *m = NULL;
	cache_header h;
	struct stat cs;
	uint64_t off[CACHE_NSECT], len[CACHE_NSECT];
	char *base = MAP_FAILED;
	int fd = -1;
	bool ok = false;

	if (cache_path(&path, dir, sb) < 0 ||
	    (fd = open(path.ptr, O_RDONLY | O_CLOEXEC)) < 0 ||
	    fstat(fd, &cs) < 0 || !S_ISREG(cs.st_mode) ||
	    cs.st_size < (off_t)sizeof(h) ||
	    (base = mmap(NULL, (size_t)cs.st_size, PROT_READ,
			MAP_PRIVATE | MAP_POPULATE, fd, 0)) == MAP_FAILED)
		goto out;
	memcpy(&h, base, sizeof(h));
	if (!header_sane(&h) || h.generation != generation ||
	    h.dev != (uint64_t)sb->st_dev || h.ino != (uint64_t)sb->st_ino ||
	    h.ctime_s != (uint64_t)sb->st_ctim.tv_sec ||
	    h.ctime_ns != (uint64_t)sb->st_ctim.tv_nsec ||
	    ((h.flags & 1u) != 0) != no_native ||
	    cache_layout(&h, off, len) != (uint64_t)cs.st_size ||
	    file_sum(&h, base, off, len) != h.sum)
		goto out;
	if ((m = glossa__calloc(1, sizeof(*m))) == NULL)
		goto out;
	m->map = base;
	m->maplen = (size_t)cs.st_size;
	base = MAP_FAILED;
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
	m->pool.asize = 0;  /* not owned: it lies in the mapping */
	ok = m->pool.ptr[h.pool] == '\0' && cache_sane(m, h.nedges) &&
		glossa_match__init_table(m) == 0;
	if (ok)
		glossa_match__mark_bytes(m);
out:
	if (base != MAP_FAILED)
		munmap(base, (size_t)cs.st_size);
	if (fd >= 0)
		close(fd);
	glossa_buf_dispose(&path);
	if (!ok) {
		glossa_matcher_free(m);
		glossa_error_clear();
		return NULL;
	}
	return m;
}

int glossa_match__cache_find(glossa_matcher **out,
	glossa_match__cache_key *key, glossa_store *store,
	const glossa_matcher_options *opts)
{
	const char *dir = opts ? opts->cache_dir : NULL;
	bool no_native = opts && (opts->flags & GLOSSA_MATCHER_NO_NATIVE);

	*out = NULL;
	memset(key, 0, sizeof(*key));
	if (dir && *dir &&
	    glossa_store_generation(&key->generation, store) == 0 &&
	    stat(glossa_store_path(store), &key->sb) == 0) {
		key->dir = dir;
		*out = cache_load(dir, &key->sb, key->generation, no_native);
	}
	return 0;
}

void glossa_match__cache_save(const glossa_matcher *m,
	const glossa_match__cache_key *key)
{
	if (key->dir)
		cache_save(m, key->dir, &key->sb, key->generation);
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

