/*
** The compiled word set of a Hunspell dictionary.
**
** Hunspell judges a word by undoing affixes against its stems, tens of
** microseconds a word, and its suggestions scan the whole dictionary,
** tens of milliseconds a word; and loading it costs about 60 ms a run.
** A check asks the same few questions of every word: is it a word, in
** this case? what was meant? So the dictionary is expanded once into
** every word it accepts and kept as a hash table in one cache file,
** mapped at start-up and looked up in place (no parse at load).
**
** Hunspell stays the judge: the set is made by generating candidates
** from the .dic stems and the .aff's PFX/SFX rules (strip and add,
** conditions ignored, so a superset) and keeping those Hunspell_spell()
** accepts; then the all-caps form of every word with a capital that the
** case rules below do not already give ("MCDONALD", "CIA'S": Hunspell's
** hidden forms) is asked too. A dictionary that uses what this does not
** model (another charset than UTF-8, FLAG, KEEPCASE, FORBIDDENWORD,
** compounds of letters, ICONV other than ’ to ', ...) gets no set: the
** checker asks Hunspell as before. The lookup mirrors Hunspell's case
** rules (Hunspell::spell): a word as written; an initial capital also
** in lower case ("Word" for "word"); all caps also in title and lower
** case ("WORD", "PARIS"); ’ read as ' (en_US's ICONV). It settles words
** of ASCII letters and apostrophes only; anything else (accents,
** digits, hyphens) goes to Hunspell. tests/check/test-wordset.c checks
** that the set and Hunspell agree on every word of the system word list
** and on their case forms.
**
** The cache file, words-HASH.bin in the matcher cache's folder
** ($XDG_CACHE_HOME/glossa or ~/.cache/glossa; GLOSSA_NO_CACHE=1: none),
** one per dictionary path, follows the cache folder's rules (cachedir.c,
** shared with the matcher cache): the folder is the user's, 0700,
** writable by no one else, the file a regular file of the user's (no link, opened without
** blocking), written to a temporary name and renamed, sealed with
** HMAC-SHA256 under the folder's per-user secret ("hmac-key"), and every
** count and offset checked after the MAC. Its key: the format version,
** the dictionary's path and the stat of its .aff and .dic (device,
** inode, size, modification and status-change times); a file with
** another key, a bad MAC or a bad shape is rebuilt, never used. Unlike
** the matcher's cache it is mapped (MAP_PRIVATE), not read: the MAC is
** checked over the mapped bytes (SHA extensions make that about a
** millisecond a megabyte). glossa only ever replaces the file by
** rename, so the mapping stays whole; only a process of the user's
** that cuts the file short in place could make a run fault.
**
** Suggestions (glossa_wordset__suggest) come from the same set, in the
** order Hunspell's SuggestMgr tries one-edit candidates (its REP table,
** swapped letters, keyboard neighbours, an extra or a missing letter
** from its TRY list, a moved letter, a wrong letter, two words); when
** there is none, every word within two edits (optimal string alignment)
** is found by scanning the words of nearby lengths whose letter sets
** differ in at most four letters, and ranked by a similarity like
** Hunspell's n-gram score. tests/check/test-suggest.c measures the first
** suggestion against Hunspell's on a typo set.
*/
#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <nettle/memops.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include "internal.h"
#include "cachedir.h"
#include "check_int.h"
#include "wordset.h"

#define WS_MAGIC "glossa-words1"
#define WS_VERSION 3u
#define WS_LENMAX 64           /* longer words go to Hunspell */
#define WS_NKEY 16
#define WS_MAC_LEN GLOSSA_CACHEDIR_MAC_LEN
#define WS_SECRET_LEN GLOSSA_CACHEDIR_SECRET_LEN
#define WS_NOSUGGEST 1u
#define WS_UPPER 2u              /* has a capital */
#define WS_BLOOM_BITS (1u << 21) /* 256 KB: most candidates of a
                                  * suggestion are no words */

typedef struct {
	char magic[16];
	uint32_t version, nwords, nslots, aff_len;
	uint64_t key[WS_NKEY];
	uint64_t pool;
} ws_header;

struct glossa_wordset {
	const unsigned char *base;  /* the file: mapped, or owned */
	size_t size;
	bool mapped;
	const ws_header *h;
	const uint32_t *slots, *woff, *lenidx;
	const uint64_t *wmask, *bloom;
	const uint8_t *wflag;
	const char *aff, *pool;
	/* the suggestion tables, read from `aff` on first use */
	bool aff_read;
	const char *try_chars, *key_chars;
	const char **rep;          /* from, to, from, to... */
	size_t nrep;
};

/* ---- the key ---- */

static uint64_t fnv64(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 0x100000001b3ull;
	return h;
}

/* 0, or -1 when a file cannot be stat'ed. */
static int make_key(uint64_t key[WS_NKEY], const char *aff, const char *dic)
{
	struct stat sa, sd;

	memset(key, 0, WS_NKEY * sizeof(uint64_t));
	if (stat(aff, &sa) < 0 || stat(dic, &sd) < 0)
		return -1;
	glossa_cachedir__put_stat(key, &sa);
	glossa_cachedir__put_stat(key + 7, &sd);
	key[14] = fnv64(aff) ^ (fnv64(dic) * 31);
	key[15] = sizeof(ws_header) | (uint64_t)WS_LENMAX << 16;
	return 0;
}

/* ---- layout ---- */

static uint64_t padded(uint64_t n)
{
	return (n + 7) & ~(uint64_t)7;
}

enum { S_SLOTS, S_WOFF, S_WMASK, S_WFLAG, S_LENIDX, S_BLOOM, S_AFF,
	S_POOL, S_N };

static uint64_t layout(const ws_header *h, uint64_t off[S_N])
{
	uint64_t len[S_N], pos = padded(sizeof(*h));
	size_t i;

	len[S_SLOTS] = (uint64_t)h->nslots * 4;
	len[S_WOFF] = ((uint64_t)h->nwords + 1) * 4;
	len[S_WMASK] = (uint64_t)h->nwords * 8;
	len[S_WFLAG] = h->nwords;
	len[S_LENIDX] = (WS_LENMAX + 2) * 4;
	len[S_BLOOM] = WS_BLOOM_BITS / 8;
	len[S_AFF] = h->aff_len;
	len[S_POOL] = h->pool;
	for (i = 0; i < S_N; i++) {
		off[i] = pos;
		pos += padded(len[i]);
	}
	return pos + WS_MAC_LEN;
}

/* Point the tables into the file and check its counts and its small
 * tables; every word and slot is checked where it is read (word_at(),
 * find_h()), so that even a file sealed with the right secret cannot
 * make a lookup read out of bounds, and a load touches only the pages
 * it uses. */
static bool attach(glossa_wordset *ws)
{
	const ws_header *h = (const ws_header *)ws->base;
	uint64_t off[S_N];
	size_t i;

	if (ws->size < sizeof(*h) + WS_MAC_LEN ||
	    memcmp(h->magic, WS_MAGIC, sizeof(WS_MAGIC)) != 0 ||
	    h->version != WS_VERSION || h->nslots == 0 ||
	    (h->nslots & (h->nslots - 1)) != 0 ||
	    h->nwords >= h->nslots || h->pool >= UINT32_MAX ||
	    h->aff_len == 0 || layout(h, off) != ws->size)
		return false;
	ws->h = h;
	ws->slots = (const uint32_t *)(ws->base + off[S_SLOTS]);
	ws->woff = (const uint32_t *)(ws->base + off[S_WOFF]);
	ws->wmask = (const uint64_t *)(ws->base + off[S_WMASK]);
	ws->bloom = (const uint64_t *)(ws->base + off[S_BLOOM]);
	ws->wflag = ws->base + off[S_WFLAG];
	ws->lenidx = (const uint32_t *)(ws->base + off[S_LENIDX]);
	ws->aff = (const char *)ws->base + off[S_AFF];
	ws->pool = (const char *)ws->base + off[S_POOL];
	if (ws->aff[h->aff_len - 1] != '\0' || ws->woff[0] != 0 ||
	    ws->woff[h->nwords] != h->pool ||
	    (h->pool > 0 && ws->pool[h->pool - 1] != '\0'))
		return false;
	for (i = 0; i <= WS_LENMAX + 1; i++)
		if (ws->lenidx[i] > h->nwords ||
		    (i > 0 && ws->lenidx[i] < ws->lenidx[i - 1]))
			return false;
	return true;
}

/* ---- lookups ---- */

/* Word i (< nwords) and its length; false when its offsets are out of
 * shape (a file that does not hold what its MAC vouches for). */
static bool word_at(const glossa_wordset *ws, uint32_t i, const char **w,
	size_t *n)
{
	uint32_t a = ws->woff[i], b = ws->woff[i + 1];

	if (b <= a || b > ws->h->pool || b - a > WS_LENMAX + 1)
		return false;
	*w = ws->pool + a;
	*n = b - a - 1;
	return true;
}

static uint32_t bloom_bit2(uint32_t h)
{
	return ((h >> 16) | (h << 16)) * 0x9E3779B1u;
}

static bool bloom_has(const uint64_t *bloom, uint32_t h)
{
	uint32_t a = h & (WS_BLOOM_BITS - 1),
		b = bloom_bit2(h) & (WS_BLOOM_BITS - 1);

	return (bloom[a >> 6] >> (a & 63) & 1) &&
		(bloom[b >> 6] >> (b & 63) & 1);
}

/* The word's index, or -1; h is glossa_strmap__hash(w, n). */
static long find_h(const glossa_wordset *ws, const char *w, size_t n,
	uint32_t h)
{
	uint32_t mask = ws->h->nslots - 1, i, probes;

	if (!bloom_has(ws->bloom, h))
		return -1;
	i = h & mask;
	for (probes = 0; probes <= mask; probes++, i = (i + 1) & mask) {
		uint32_t s = ws->slots[i];

		const char *x;
		size_t xn;

		if (s == 0)
			return -1;
		s--;
		if (s >= ws->h->nwords || !word_at(ws, s, &x, &xn))
			return -1;
		if (xn == n && memcmp(x, w, n) == 0)
			return (long)s;
	}
	return -1;
}

static bool extra_has(const glossa_wordset_extra *extra, const char *w,
	size_t n, uint32_t h)
{
	uint32_t b = h & 65535;

	return extra && extra->words.n > 0 &&
		(extra->bloom[b >> 6] >> (b & 63) & 1) &&
		glossa_strmap__get_h(&extra->words, w, n, h) >= 0;
}

static uint64_t letter_mask(const char *w, size_t n);

int glossa_wordset__extra_add(glossa_wordset_extra *extra, size_t *idx,
	const char *w, size_t n)
{
	uint32_t h = glossa_strmap__hash(w, n), b = h & 65535;
	int r;

	extra->bloom[b >> 6] |= (uint64_t)1 << (b & 63);
	if ((r = glossa_strmap__put_h(&extra->words, idx, w, n, h)) != 1)
		return r;
	if (glossa__grow((void **)&extra->mask, &extra->amask, *idx + 1,
			sizeof(uint64_t)) < 0)
		return GLOSSA_ERROR;
	extra->mask[*idx] = letter_mask(w, n);
	return 1;
}

void glossa_wordset__extra_dispose(glossa_wordset_extra *extra)
{
	glossa_strmap__dispose(&extra->words);
	free(extra->mask);
	extra->mask = NULL;
	extra->amask = 0;
}

static bool has(const glossa_wordset *ws, const glossa_wordset_extra *extra,
	const char *w, size_t n)
{
	uint32_t h = glossa_strmap__hash(w, n);

	return (ws && find_h(ws, w, n, h) >= 0) || extra_has(extra, w, n, h);
}

enum { NOCAP, INITCAP, ALLCAP, HUHCAP, HUHINITCAP };

/* Hunspell's get_captype: capitals are letters that change in lower
 * case, neutral ones (apostrophes) change in neither. */
static int captype(const char *w, size_t n)
{
	size_t i = 0, ncap = 0, nneutral = 0, nc = 0;
	bool firstcap = false;

	while (i < n) {
		UChar32 cp;
		int32_t k = (int32_t)i;

		U8_NEXT((const uint8_t *)w, k, (int32_t)n, cp);
		if (cp < 0)
			cp = 0xFFFD;
		if (u_tolower(cp) != cp) {
			ncap++;
			if (i == 0)
				firstcap = true;
		}
		if (u_toupper(cp) == u_tolower(cp))
			nneutral++;
		nc++;
		i = (size_t)k;
	}
	if (ncap == 0)
		return NOCAP;
	if (ncap == 1 && firstcap)
		return INITCAP;
	if (ncap == nc || ncap + nneutral == nc)
		return ALLCAP;
	if (ncap > 1 && firstcap)
		return HUHINITCAP;
	return HUHCAP;
}

/* The case of the letter at w[i] (UTF-8, a letter settled_form()
 * let through), mapped in place: the byte length never changes. */
static void map_at(char *w, size_t i, size_t *len, int to_upper)
{
	unsigned char c = (unsigned char)w[i];

	if (c < 0x80) {
		*len = 1;
		if (to_upper && c >= 'a' && c <= 'z')
			w[i] = (char)(c - 'a' + 'A');
		else if (!to_upper && c >= 'A' && c <= 'Z')
			w[i] = (char)(c - 'A' + 'a');
		return;
	}
	{
		int32_t k = 0;
		UChar32 cp, m;
		UBool err = 0;

		U8_NEXT((const uint8_t *)w + i, k, 2, cp);
		*len = 2;
		if (cp < 0)
			return;
		m = to_upper ? u_toupper(cp) : u_tolower(cp);
		k = 0;
		U8_APPEND((uint8_t *)w + i, k, 2, m, err);
		(void)err;
	}
}

static void lower(char *w, size_t n)
{
	size_t i, k;

	for (i = 0; i < n; i += k) {
		if ((unsigned char)w[i] < 0x80) {
			k = 1;
			if (w[i] >= 'A' && w[i] <= 'Z')
				w[i] = (char)(w[i] - 'A' + 'a');
		} else
			map_at(w, i, &k, 0);
	}
}

static void upper(char *w, size_t n)
{
	size_t i, k;

	for (i = 0; i < n; i += k)
		map_at(w, i, &k, 1);
}

static void initcap(char *w)
{
	size_t k;

	map_at(w, 0, &k, 1);
}

/* A Latin letter past ASCII whose lower and upper case are two bytes
 * too ("é", "ğ", "ł"; not "ı" or "ſ"): the set settles words of them. */
static bool latin2(UChar32 cp)
{
	return cp >= 0xC0 && cp <= 0x24F && cp != 0x130 && cp != 0x131 &&
		u_isalpha(cp) && U8_LENGTH(u_tolower(cp)) == 2 &&
		U8_LENGTH(u_toupper(cp)) == 2;
}

/* The word in `buf` (NUL-terminated) with ’ as ' and without the
 * trailing dots of an abbreviation (*dots says there were), when it is
 * made of letters as above and apostrophes; else 0. Returns the length. */
static size_t settled_form(char *buf, const char *w, size_t n, bool *dots)
{
	size_t i = 0, o = 0;

	*dots = false;
	while (n > 1 && w[n - 1] == '.') {
		n--;
		*dots = true;
	}
	while (i < n) {
		unsigned char ch = (unsigned char)w[i];

		if (o + 2 >= WS_LENMAX)
			return 0;
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    ch == '\'') {
			buf[o++] = (char)ch;
			i++;
		} else if (ch == 0xE2 && i + 2 < n &&
			   (unsigned char)w[i + 1] == 0x80 &&
			   (unsigned char)w[i + 2] == 0x99) {
			buf[o++] = '\'';
			i += 3;
		} else if (ch >= 0xC3 && ch <= 0xC9 && i + 1 < n) {
			int32_t k = 0;
			UChar32 cp;

			U8_NEXT((const uint8_t *)w + i, k, 2, cp);
			if (cp < 0 || k != 2 || !latin2(cp))
				return 0;
			buf[o++] = w[i];
			buf[o++] = w[i + 1];
			i += 2;
		} else
			return 0;
	}
	buf[o] = '\0';
	return o;
}

/* Hunspell::spell's case rules over a settled word. */
static bool known_rules(const glossa_wordset *ws,
	const glossa_wordset_extra *extra, char *w, size_t n)
{
	char t[WS_LENMAX + 1];
	const char *apos;
	int ct = captype(w, n);

	if (has(ws, extra, w, n))
		return true;
	if (ct == NOCAP || ct == HUHCAP || ct == HUHINITCAP)
		return false;
	memcpy(t, w, n + 1);
	lower(t, n);
	if (ct == ALLCAP) {
		/* "SANT'ELIA": sant'Elia, Sant'Elia */
		if ((apos = memchr(t, '\'', n)) != NULL &&
		    (size_t)(apos - t) + 1 < n) {
			char u[WS_LENMAX + 1];

			memcpy(u, t, n + 1);
			initcap(u + (apos - t) + 1);
			if (has(ws, extra, u, n))
				return true;
			initcap(u);
			if (has(ws, extra, u, n))
				return true;
		}
		{
			char u[WS_LENMAX + 1];

			memcpy(u, t, n + 1);
			initcap(u);
			if (has(ws, extra, u, n))
				return true;
		}
	}
	return has(ws, extra, t, n);
}

int glossa_wordset__known(const glossa_wordset *ws,
	const glossa_wordset_extra *extra, const char *w, size_t n)
{
	char buf[WS_LENMAX + 2];
	size_t k;
	bool dots;

	if (ws == NULL || n == 0 || (k = settled_form(buf, w, n, &dots)) == 0)
		return -1;
	if (known_rules(ws, extra, buf, k))
		return 1;
	/* "St.": Hunspell tries an abbreviation with one dot too. */
	if (!dots)
		return 0;
	buf[k] = '.';
	buf[k + 1] = '\0';
	return known_rules(ws, extra, buf, k + 1) ? 1 : 0;
}

size_t glossa_wordset__size(const glossa_wordset *ws)
{
	return ws ? ws->h->nwords : 0;
}

/* ---- building ---- */

typedef struct {
	char type;            /* 'P' or 'S' */
	unsigned char flag;
	bool cross;
	char *strip, *add, *cont;
} affrule;

typedef struct {
	affrule *r;
	size_t n, a;
	bool cross[2][256];   /* [P/S][flag] */
	bool cflag[256];      /* flags of COMPOUNDRULE */
	int nosuggest;        /* flag, or -1 */
	glossa_buf tables;    /* TRY\0 KEY\0 (from\0 to\0)* */
	glossa_buf rep;
	char *try_chars;
	bool ok;
} affix;

static void affix_dispose(affix *a)
{
	size_t i;

	for (i = 0; i < a->n; i++) {
		free(a->r[i].strip);
		free(a->r[i].add);
		free(a->r[i].cont);
	}
	free(a->r);
	free(a->try_chars);
	glossa_buf_dispose(&a->tables);
	glossa_buf_dispose(&a->rep);
}

static char *dup0(const char *s)
{
	return glossa__strdup(strcmp(s, "0") == 0 ? "" : s);
}

/* One .aff line, split at blanks. */
static int aff_line(affix *a, char **f, size_t nf)
{
	static const char *const ignored[] = { "WORDCHARS", "MAP",
		"MAXNGRAMSUGS", "MAXDIFF", "ONLYMAXDIFF", "NOSPLITSUGS",
		"SUGSWITHDOTS", "MAXCPDSUGS", "NAME", "VERSION", "HOME",
		"COMPOUNDMIN", "ONLYINCOMPOUND", "AUTHOR", "LANG", NULL };
	const char *d = f[0];
	size_t i;

	if (strcmp(d, "SET") == 0) {
		if (nf < 2 || (strcasecmp(f[1], "UTF-8") != 0 &&
				strcasecmp(f[1], "UTF8") != 0))
			a->ok = false;
		return 0;
	}
	if (strcmp(d, "LANG") == 0 && nf > 1 && (strncmp(f[1], "tr", 2) == 0 ||
			strncmp(f[1], "az", 2) == 0 ||
			strncmp(f[1], "crh", 3) == 0)) {
		a->ok = false;  /* dotless i: other case rules */
		return 0;
	}
	for (i = 0; ignored[i]; i++)
		if (strcmp(d, ignored[i]) == 0)
			return 0;
	if (strcmp(d, "TRY") == 0 && nf > 1) {
		free(a->try_chars);
		return (a->try_chars = glossa__strdup(f[1])) ? 0 : GLOSSA_ERROR;
	}
	if (strcmp(d, "KEY") == 0) {
		/* Suggestions only; the default keyboard is used. */
		return 0;
	}
	if (strcmp(d, "NOSUGGEST") == 0 && nf > 1) {
		if (strlen(f[1]) != 1)
			a->ok = false;
		a->nosuggest = (unsigned char)f[1][0];
		return 0;
	}
	if (strcmp(d, "ICONV") == 0) {
		if (nf == 2)
			return 0;  /* the count */
		if (nf < 3 || strcmp(f[1], "\xE2\x80\x99") != 0 ||
		    strcmp(f[2], "'") != 0)
			a->ok = false;
		return 0;
	}
	if (strcmp(d, "COMPOUNDRULE") == 0) {
		const char *p;

		if (nf >= 2)
			for (p = f[1]; *p; p++)
				if (*p != '*' && *p != '?' && *p != '(' &&
				    *p != ')')
					a->cflag[(unsigned char)*p] = true;
		return 0;
	}
	if (strcmp(d, "REP") == 0) {
		if (nf == 2)
			return 0;
		if (nf >= 3) {
			char *p;

			for (p = f[2]; *p; p++)
				if (*p == '_')
					*p = ' ';
			if (glossa_buf_put(&a->rep, f[1], strlen(f[1]) + 1) < 0 ||
			    glossa_buf_put(&a->rep, f[2], strlen(f[2]) + 1) < 0)
				return GLOSSA_ERROR;
		}
		return 0;
	}
	if (strcmp(d, "PFX") == 0 || strcmp(d, "SFX") == 0) {
		int t = d[0] == 'P' ? 0 : 1;
		affrule *r;
		char *slash;

		if (nf < 4 || strlen(f[1]) != 1) {
			a->ok = false;
			return 0;
		}
		if (nf == 4 && (strcmp(f[2], "Y") == 0 ||
				strcmp(f[2], "N") == 0)) {
			a->cross[t][(unsigned char)f[1][0]] = f[2][0] == 'Y';
			return 0;
		}
		if (glossa__grow((void **)&a->r, &a->a, a->n + 1,
				sizeof(affrule)) < 0)
			return GLOSSA_ERROR;
		r = &a->r[a->n];
		memset(r, 0, sizeof(*r));
		r->type = t ? 'S' : 'P';
		r->flag = (unsigned char)f[1][0];
		r->cross = a->cross[t][r->flag];
		if ((slash = strchr(f[3], '/')) != NULL)
			*slash++ = '\0';
		if ((r->strip = dup0(f[2])) == NULL ||
		    (r->add = dup0(f[3])) == NULL ||
		    (r->cont = glossa__strdup(slash ? slash : "")) == NULL) {
			a->n++;
			return GLOSSA_ERROR;
		}
		a->n++;
		return 0;
	}
	/* FLAG, KEEPCASE, FORBIDDENWORD, COMPOUNDFLAG, NEEDAFFIX, IGNORE,
	 * CIRCUMFIX, BREAK, CHECKSHARPS, OCONV...: not modelled. */
	a->ok = false;
	return 0;
}

static int aff_read(affix *a, const char *path)
{
	FILE *fp = fopen(path, "r");
	char line[4096];
	int r = 0;

	memset(a, 0, sizeof(*a));
	a->ok = true;
	a->nosuggest = -1;
	if (fp == NULL)
		return glossa_error__set(GLOSSA_ERRCLASS_SPELL, GLOSSA_ERROR,
			"%s: cannot read", path);
	while (r == 0 && fgets(line, sizeof(line), fp)) {
		char *f[8], *p = line;
		size_t nf = 0;

		/* A UTF-8 byte-order mark. */
		if ((unsigned char)p[0] == 0xEF &&
		    (unsigned char)p[1] == 0xBB && (unsigned char)p[2] == 0xBF)
			p += 3;
		while (nf < 8) {
			while (*p == ' ' || *p == '\t' || *p == '\r' ||
			       *p == '\n')
				p++;
			if (*p == '\0')
				break;
			f[nf++] = p;
			while (*p && *p != ' ' && *p != '\t' && *p != '\r' &&
			       *p != '\n')
				p++;
			if (*p)
				*p++ = '\0';
		}
		if (nf == 0 || f[0][0] == '#')
			continue;
		r = aff_line(a, f, nf);
	}
	fclose(fp);
	if (r == 0 && a->ok) {
		const char *try_chars = a->try_chars ? a->try_chars : "";
		static const char keyboard[] = "qwertyuiop|asdfghjkl|zxcvbnm";

		if (glossa_buf_put(&a->tables, try_chars,
				strlen(try_chars) + 1) < 0 ||
		    glossa_buf_put(&a->tables, keyboard, sizeof(keyboard)) < 0 ||
		    glossa_buf_put(&a->tables, a->rep.ptr ? a->rep.ptr : "",
				a->rep.size) < 0)
			r = GLOSSA_ERROR;
	}
	return r;
}

typedef struct {
	glossa_strmap cands;
	uint8_t *flag;        /* per candidate: WS_NOSUGGEST */
	size_t aflag;
	bool ok;
} gen;

static bool has_digit(const char *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (w[i] >= '0' && w[i] <= '9')
			return true;
	return false;
}

static int cand(gen *g, const char *w, size_t n, bool nosug)
{
	size_t idx;
	int r;

	if (n == 0 || n > WS_LENMAX || has_digit(w, n))
		return 0;
	if ((r = glossa_strmap__put(&g->cands, &idx, w, n)) < 0)
		return r;
	if (glossa__grow((void **)&g->flag, &g->aflag, idx + 1, 1) < 0)
		return GLOSSA_ERROR;
	if (r == 1)
		g->flag[idx] = nosug ? WS_NOSUGGEST : 0;
	else if (!nosug)
		g->flag[idx] = 0;
	return 0;
}

static bool has_flag(const char *flags, unsigned char f)
{
	return flags && strchr(flags, (char)f) != NULL;
}

/* stem + suffix rule -> out; false when the rule does not fit. */
static bool apply_sfx(glossa_buf *out, const char *stem, size_t n,
	const affrule *r)
{
	size_t sl = strlen(r->strip);

	if (sl > n || memcmp(stem + n - sl, r->strip, sl) != 0 ||
	    (sl == n && *r->add == '\0'))
		return false;
	glossa_buf_clear(out);
	return glossa_buf_put(out, stem, n - sl) == 0 &&
		glossa_buf_puts(out, r->add) == 0;
}

static bool apply_pfx(glossa_buf *out, const char *stem, size_t n,
	const affrule *r)
{
	size_t sl = strlen(r->strip);

	if (sl > n || memcmp(stem, r->strip, sl) != 0 ||
	    (sl == n && *r->add == '\0'))
		return false;
	glossa_buf_clear(out);
	return glossa_buf_puts(out, r->add) == 0 &&
		glossa_buf_put(out, stem + sl, n - sl) == 0;
}

/* Every candidate of one stem. */
static int stem_cands(gen *g, const affix *a, const char *stem, size_t n,
	const char *flags)
{
	glossa_buf s = GLOSSA_BUF_INIT, p = GLOSSA_BUF_INIT,
		s2 = GLOSSA_BUF_INIT;
	bool nosug = a->nosuggest >= 0 &&
		has_flag(flags, (unsigned char)a->nosuggest);
	size_t i, j, k;
	int r = 0;

	if ((r = cand(g, stem, n, nosug)) < 0)
		return r;
	for (i = 0; r == 0 && i < a->n; i++) {
		const affrule *sr = &a->r[i];

		if (sr->type != 'S' || !has_flag(flags, sr->flag) ||
		    !apply_sfx(&s, stem, n, sr))
			continue;
		if ((r = cand(g, s.ptr, s.size, nosug)) < 0)
			break;
		/* A suffix that allows more suffixes. */
		for (j = 0; r == 0 && *sr->cont && j < a->n; j++)
			if (a->r[j].type == 'S' &&
			    has_flag(sr->cont, a->r[j].flag) &&
			    apply_sfx(&s2, s.ptr, s.size, &a->r[j]))
				r = cand(g, s2.ptr, s2.size, nosug);
		/* Prefixes on the suffixed word. */
		for (k = 0; r == 0 && sr->cross && k < a->n; k++) {
			const affrule *pr = &a->r[k];

			if (pr->type == 'P' && pr->cross &&
			    (has_flag(flags, pr->flag) ||
			     has_flag(sr->cont, pr->flag)) &&
			    apply_pfx(&p, s.ptr, s.size, pr))
				r = cand(g, p.ptr, p.size, nosug);
		}
	}
	for (k = 0; r == 0 && k < a->n; k++) {
		const affrule *pr = &a->r[k];

		if (pr->type == 'P' && has_flag(flags, pr->flag) &&
		    apply_pfx(&p, stem, n, pr))
			r = cand(g, p.ptr, p.size, nosug);
	}
	glossa_buf_dispose(&s);
	glossa_buf_dispose(&p);
	glossa_buf_dispose(&s2);
	return r;
}

static int dic_read(gen *g, const affix *a, const char *path)
{
	FILE *fp = fopen(path, "r");
	char line[4096];
	bool first = true;
	int r = 0;

	if (fp == NULL)
		return glossa_error__set(GLOSSA_ERRCLASS_SPELL, GLOSSA_ERROR,
			"%s: cannot read", path);
	while (r == 0 && g->ok && fgets(line, sizeof(line), fp)) {
		size_t n = strcspn(line, "/\t \r\n");
		char *flags = NULL, *p;

		if (first) {
			first = false;
			continue;  /* the count */
		}
		if (n == 0)
			continue;
		if (line[n] == '/') {
			flags = line + n + 1;
			flags[strcspn(flags, "\t \r\n")] = '\0';
		}
		line[n] = '\0';
		if (memchr(line, '\\', n) != NULL) {
			g->ok = false;  /* escapes: not modelled */
			break;
		}
		for (p = flags; p && *p; p++)
			if (a->cflag[(unsigned char)*p] && !has_digit(line, n))
				g->ok = false;  /* compounds of letters */
		if (g->ok)
			r = stem_cands(g, a, line, n, flags);
	}
	fclose(fp);
	return r;
}

typedef struct {
	char *w;
	size_t n;
	uint8_t flag;
	bool owned;
} kept;

static int by_len(const void *pa, const void *pb)
{
	const kept *a = pa, *b = pb;

	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	return memcmp(a->w, b->w, a->n);
}

/* Which letters a word has (bits 0-25, 26 an apostrophe, 27 anything
 * else) and which it has twice or more (the same, from bit 32), case
 * folded. One edit changes at most two of these bits, so words within
 * two edits differ in at most four. */
static uint64_t letter_mask(const char *w, size_t n)
{
	uint64_t m = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)w[i];
		unsigned b;

		if (ch >= 'A' && ch <= 'Z')
			ch = (unsigned char)(ch - 'A' + 'a');
		if (ch >= 'a' && ch <= 'z')
			b = ch - 'a';
		else if (ch == '\'')
			b = 26;
		else
			b = 27;
		m |= (m >> b & 1) ? (uint64_t)1 << (32 + b) :
			(uint64_t)1 << b;
	}
	return m;
}

static unsigned popcount64(uint64_t x)
{
	x = x - ((x >> 1) & 0x5555555555555555ull);
	x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
	x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Full;
	return (unsigned)((x * 0x0101010101010101ull) >> 56);
}

/* The file, in memory, from the words Hunspell kept. */
static int make_file(unsigned char **out, size_t *size, kept *k, size_t nk,
	const affix *a, const uint64_t key[WS_NKEY])
{
	ws_header h;
	uint64_t off[S_N], total, pool = 0;
	unsigned char *f;
	uint32_t *slots, *woff, *lenidx;
	uint64_t *wmask, *bloom;
	uint8_t *wflag;
	char *pp;
	size_t i, L;

	qsort(k, nk, sizeof(*k), by_len);
	for (i = 0; i < nk; i++)
		pool += k[i].n + 1;
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, WS_MAGIC, sizeof(WS_MAGIC));
	h.version = WS_VERSION;
	h.nwords = (uint32_t)nk;
	h.nslots = 1024;
	while (h.nslots < nk + nk / 2)
		h.nslots *= 2;
	h.aff_len = (uint32_t)a->tables.size;
	memcpy(h.key, key, sizeof(h.key));
	h.pool = pool;
	total = layout(&h, off);
	if ((f = glossa__calloc(1, (size_t)total)) == NULL)
		return GLOSSA_ERROR;
	memcpy(f, &h, sizeof(h));
	slots = (uint32_t *)(f + off[S_SLOTS]);
	woff = (uint32_t *)(f + off[S_WOFF]);
	wmask = (uint64_t *)(f + off[S_WMASK]);
	bloom = (uint64_t *)(f + off[S_BLOOM]);
	wflag = f + off[S_WFLAG];
	lenidx = (uint32_t *)(f + off[S_LENIDX]);
	memcpy(f + off[S_AFF], a->tables.ptr, a->tables.size);
	pp = (char *)f + off[S_POOL];
	pool = 0;
	L = 0;
	for (i = 0; i < nk; i++) {
		uint32_t s = glossa_strmap__hash(k[i].w, k[i].n) &
			(h.nslots - 1);

		while (L <= k[i].n && L <= WS_LENMAX + 1)
			lenidx[L++] = (uint32_t)i;
		woff[i] = (uint32_t)pool;
		memcpy(pp + pool, k[i].w, k[i].n);
		pool += k[i].n + 1;
		wmask[i] = letter_mask(k[i].w, k[i].n);
		wflag[i] = k[i].flag;
		{
			uint32_t hh = glossa_strmap__hash(k[i].w, k[i].n),
				b1 = hh & (WS_BLOOM_BITS - 1),
				b2 = bloom_bit2(hh) & (WS_BLOOM_BITS - 1);
			size_t j;

			bloom[b1 >> 6] |= (uint64_t)1 << (b1 & 63);
			bloom[b2 >> 6] |= (uint64_t)1 << (b2 & 63);
			for (j = 0; j < k[i].n; j++)
				if (k[i].w[j] >= 'A' && k[i].w[j] <= 'Z')
					wflag[i] |= WS_UPPER;
			if (captype(k[i].w, k[i].n) != NOCAP)
				wflag[i] |= WS_UPPER;
		}
		while (slots[s])
			s = (s + 1) & (h.nslots - 1);
		slots[s] = (uint32_t)i + 1;
	}
	woff[nk] = (uint32_t)pool;
	while (L <= WS_LENMAX + 1)
		lenidx[L++] = (uint32_t)nk;
	*out = f;
	*size = (size_t)total;
	return 0;
}

/* Expand, judge, lay out. *out NULL when the dictionary is not one the
 * set models. */
static int build(unsigned char **out, size_t *size, const char *aff,
	const char *dic, Hunhandle *hun, const uint64_t key[WS_NKEY])
{
	affix a;
	gen g;
	kept *k = NULL;
	size_t nk = 0, i;
	glossa_strmap keptmap;
	int r;

	*out = NULL;
	memset(&g, 0, sizeof(g));
	glossa_strmap__init(&g.cands);
	glossa_strmap__init(&keptmap);
	g.ok = true;
	if ((r = aff_read(&a, aff)) < 0 || !a.ok)
		goto out;
	if ((r = dic_read(&g, &a, dic)) < 0 || !g.ok)
		goto out;
	if ((k = glossa__calloc(g.cands.n * 2 + 1, sizeof(kept))) == NULL) {
		r = GLOSSA_ERROR;
		goto out;
	}
	for (i = 0; i < g.cands.n; i++) {
		char *w = (char *)glossa_strmap__key(&g.cands, i);

		if (Hunspell_spell(hun, w)) {
			size_t idx;

			k[nk].w = w;
			k[nk].n = strlen(w);
			k[nk].flag = g.flag[i];
			if ((r = glossa_strmap__put(&keptmap, &idx, w,
					k[nk].n)) < 0)
				goto out;
			nk++;
		}
	}
	/* The all-caps forms the case rules do not give. */
	{
		size_t base = nk;

		for (i = 0; i < base; i++) {
			char t[WS_LENMAX + 1];
			glossa_wordset_extra ex;
			size_t n = k[i].n, idx;

			bool dots;

			if (captype(k[i].w, n) == NOCAP ||
			    settled_form(t, k[i].w, n, &dots) != n || dots)
				continue;
			upper(t, n);
			if (strcmp(t, k[i].w) == 0)
				continue;
			memset(&ex, 0, sizeof(ex));
			ex.words = keptmap;
			memset(ex.bloom, 0xFF, sizeof(ex.bloom));
			if (known_rules(NULL, &ex, t, n) ||
			    !Hunspell_spell(hun, t))
				continue;
			if ((r = glossa_strmap__put(&keptmap, &idx, t,
					n)) < 0)
				goto out;
			if ((k[nk].w = glossa__strndup(t, n)) == NULL) {
				r = GLOSSA_ERROR;
				goto out;
			}
			k[nk].owned = true;
			k[nk].n = n;
			k[nk].flag = WS_NOSUGGEST;
			nk++;
		}
	}
	r = make_file(out, size, k, nk, &a, key);
out:
	for (i = 0; k && i < nk; i++)
		if (k[i].owned)
			free(k[i].w);
	free(k);
	glossa_strmap__dispose(&keptmap);
	glossa_strmap__dispose(&g.cands);
	free(g.flag);
	affix_dispose(&a);
	return r;
}

/* ---- the cache file ---- */

static int file_name(glossa_buf *out, const char *aff)
{
	return glossa_buf_printf(out, "words-%016llx.bin",
		(unsigned long long)fnv64(aff));
}

/*
 * The note beside the file (words-HASH.ok) is cachedir.c's state seal:
 * a file whose state (device, inode, size and times) was checked whole
 * before is not hashed again (nor every page of it faulted in).
 */

/* Map and verify; NULL on any miss. */
static glossa_wordset *load(int dirfd, const char *name,
	const char *note, const uint64_t key[WS_NKEY])
{
	uint8_t secret[WS_SECRET_LEN], mac[WS_MAC_LEN];
	glossa_wordset *ws;
	struct stat sb;
	void *p;
	int fd;

	if (glossa_cachedir__secret(dirfd, secret, false) < 0 ||
	    (fd = glossa_cachedir__trusted_open(dirfd, name, false, &sb)) < 0)
		return NULL;
	if (sb.st_size < (off_t)(sizeof(ws_header) + WS_MAC_LEN) ||
	    (uint64_t)sb.st_size > ((uint64_t)1 << 32)) {
		close(fd);
		return NULL;
	}
	p = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED) {
		close(fd);
		return NULL;
	}
	/* The state mapped must be the state stat'ed (the one a seal may
	 * vouch for): a write in place between the two is a miss. */
	{
		struct stat again;
		uint64_t a[7], b[7] = { 0 };

		glossa_cachedir__put_stat(a, &sb);
		if (fstat(fd, &again) == 0)
			glossa_cachedir__put_stat(b, &again);
		close(fd);
		if (memcmp(a, b, sizeof(a)) != 0) {
			munmap(p, (size_t)sb.st_size);
			return NULL;
		}
	}
	if ((ws = glossa__calloc(1, sizeof(*ws))) == NULL) {
		glossa_error_clear();
		munmap(p, (size_t)sb.st_size);
		return NULL;
	}
	ws->base = p;
	ws->size = (size_t)sb.st_size;
	ws->mapped = true;
	if (!attach(ws) || memcmp(ws->h->key, key, sizeof(ws->h->key)) != 0) {
		glossa_wordset__free(ws);
		return NULL;
	}
	if (glossa_cachedir__seal_holds(dirfd, note, &sb,
			ws->base + ws->size - WS_MAC_LEN, secret))
		return ws;
	glossa_cachedir__mac(mac, secret, p, ws->size - WS_MAC_LEN);
	if (!memeql_sec(mac, ws->base + ws->size - WS_MAC_LEN, WS_MAC_LEN)) {
		glossa_wordset__free(ws);
		return NULL;
	}
	glossa_cachedir__seal_write(dirfd, note, &sb, mac, secret);
	return ws;
}

static void save(int dirfd, const char *name, unsigned char *f, size_t size)
{
	uint8_t secret[WS_SECRET_LEN];

	if (glossa_cachedir__secret(dirfd, secret, true) < 0)
		return;
	glossa_cachedir__mac(f + size - WS_MAC_LEN, secret, f,
		size - WS_MAC_LEN);
	(void)glossa_cachedir__write_file(dirfd, name, f, size);
	/* (the temporaries of runs that died while writing a cache) */
	glossa_cachedir__tmp_prune(dirfd);
}

int glossa_wordset__open(glossa_wordset **out, const char *dir,
	const char *aff, const char *dic, glossa_wordset_hun_fn hun,
	void *payload)
{
	glossa_buf name = GLOSSA_BUF_INIT, note = GLOSSA_BUF_INIT;
	uint64_t key[WS_NKEY];
	unsigned char *f = NULL;
	size_t size = 0;
	glossa_wordset *ws = NULL;
	Hunhandle *h;
	int dirfd = -1, r = 0;

	*out = NULL;
	if (dir == NULL || *dir == '\0' || make_key(key, aff, dic) < 0)
		return 0;
	if (file_name(&name, aff) < 0 ||
	    glossa_buf_printf(&note, "%.*s.ok", (int)(name.size - 4),
		name.ptr) < 0) {
		r = GLOSSA_ERROR;
		goto out;
	}
	if ((dirfd = glossa_cachedir__open(dir, true)) < 0)
		goto out;  /* no folder to trust: Hunspell alone */
	if ((ws = load(dirfd, name.ptr, note.ptr, key)) != NULL) {
		*out = ws;
		goto out;
	}
	if ((h = hun(payload)) == NULL) {
		r = GLOSSA_ERROR;
		goto out;
	}
	if ((r = build(&f, &size, aff, dic, h, key)) < 0 || f == NULL)
		goto out;
	save(dirfd, name.ptr, f, size);
	if ((ws = glossa__calloc(1, sizeof(*ws))) == NULL) {
		r = GLOSSA_ERROR;
		goto out;
	}
	ws->base = f;
	ws->size = size;
	f = NULL;
	if (!attach(ws)) {
		glossa_wordset__free(ws);
		r = glossa_error__set(GLOSSA_ERRCLASS_SPELL, GLOSSA_ERROR,
			"%s: the compiled word set does not check", dic);
		goto out;
	}
	*out = ws;
out:
	free(f);
	if (dirfd >= 0)
		close(dirfd);
	glossa_buf_dispose(&name);
	glossa_buf_dispose(&note);
	return r;
}

void glossa_wordset__free(glossa_wordset *ws)
{
	if (ws == NULL)
		return;
	if (ws->mapped)
		munmap((void *)(uintptr_t)ws->base, ws->size);
	else
		free((void *)(uintptr_t)ws->base);
	free(ws->rep);
	free(ws);
}

/* ---- suggestions ---- */

#define SUG_MAX 15           /* Hunspell's maxSug */
#define MAX_CHAR_DISTANCE 4  /* Hunspell's, for swaps and moves */
#define NEAR_KEEP 16

typedef struct {
	const glossa_wordset *ws;
	const glossa_wordset_extra *extra;
	char *list[SUG_MAX];
	size_t n;
	int err;
} sugs;

/* The REP pairs and TRY letters of the file's table, once: 0, 1 when
 * the table is not whole, or GLOSSA_ERROR. */
static int read_tables(glossa_wordset *ws)
{
	const char *p = ws->aff, *end = ws->aff + ws->h->aff_len;
	size_t n = 0;

	ws->try_chars = p;
	p += strlen(p) + 1;
	if (p >= end)
		return 1;
	ws->key_chars = p;
	p += strlen(p) + 1;
	{
		const char *q;

		for (q = p; q < end; q += strlen(q) + 1)
			n++;
	}
	if (n % 2 != 0)
		return 1;
	if (n > 0 && (ws->rep = glossa__calloc(n, sizeof(char *))) == NULL)
		return GLOSSA_ERROR;
	for (ws->nrep = 0; p < end; p += strlen(p) + 1)
		ws->rep[ws->nrep++] = p;
	ws->aff_read = true;
	return 0;
}

/* Exactly a word of the set that may be suggested. */
static bool sug_word(const sugs *s, const char *w, size_t n)
{
	uint32_t h;
	long i;

	if (n == 0 || n > WS_LENMAX)
		return false;
	h = glossa_strmap__hash(w, n);
	if ((i = find_h(s->ws, w, n, h)) >= 0)
		return !(s->ws->wflag[i] & WS_NOSUGGEST);
	return extra_has(s->extra, w, n, h);
}

static void sug_push(sugs *s, const char *w, size_t n)
{
	size_t i;

	if (s->n >= SUG_MAX || s->err)
		return;
	for (i = 0; i < s->n; i++)
		if (strlen(s->list[i]) == n && memcmp(s->list[i], w, n) == 0)
			return;
	if ((s->list[s->n] = glossa__strndup(w, n)) == NULL)
		s->err = GLOSSA_ERROR;
	else
		s->n++;
}

static void test(sugs *s, const char *w, size_t n)
{
	if (s->n < SUG_MAX && sug_word(s, w, n))
		sug_push(s, w, n);
}

/* "a lot": each word of it a word. */
static void test_spaced(sugs *s, const char *w, size_t n)
{
	const char *sp = memchr(w, ' ', n);

	if (sp == NULL) {
		test(s, w, n);
		return;
	}
	if (sug_word(s, w, (size_t)(sp - w)) &&
	    sug_word(s, sp + 1, n - (size_t)(sp - w) - 1))
		sug_push(s, w, n);
}

/* The length of the UTF-8 character at p. */
static size_t u8len(const char *p)
{
	unsigned char c = (unsigned char)*p;

	if (c < 0x80)
		return 1;
	if ((c & 0xE0) == 0xC0)
		return 2;
	if ((c & 0xF0) == 0xE0)
		return 3;
	return 4;
}

/* Hunspell's one-edit candidates, in its order (SuggestMgr::suggest). */
static void edits1(sugs *s, const glossa_wordset *ws, const char *w,
	size_t L)
{
	char c[WS_LENMAX * 2 + 16];
	size_t i, j;

	if (L == 0 || L > WS_LENMAX)
		return;
	/* capchars: "nato" -> "NATO" */
	memcpy(c, w, L);
	upper(c, L);
	test(s, c, L);
	/* REP: typical misspellings */
	for (i = 0; i + 1 < ws->nrep; i += 2) {
		const char *from = ws->rep[i], *to = ws->rep[i + 1];
		size_t fl = strlen(from), tl = strlen(to);
		bool at_start = false, at_end = false;
		const char *r;

		if (*from == '^') {
			at_start = true;
			from++;
			fl--;
		}
		if (fl > 0 && from[fl - 1] == '$') {
			at_end = true;
			fl--;
		}
		if (fl == 0 || fl > L)
			continue;
		for (r = w; (size_t)(r - w) + fl <= L; r++) {
			size_t at = (size_t)(r - w);

			if (memcmp(r, from, fl) != 0 ||
			    (at_start && at != 0) || (at_end && at + fl != L))
				continue;
			if (L - fl + tl > sizeof(c))
				continue;
			memcpy(c, w, at);
			memcpy(c + at, to, tl);
			memcpy(c + at + tl, w + at + fl, L - at - fl);
			test_spaced(s, c, L - fl + tl);
		}
	}
	/* swapchar: adjacent letters swapped */
	memcpy(c, w, L);
	for (i = 0; i + 1 < L; i++) {
		char t;

		if (c[i] == c[i + 1])
			continue;
		t = c[i];
		c[i] = c[i + 1];
		c[i + 1] = t;
		test(s, c, L);
		c[i + 1] = c[i];
		c[i] = t;
	}
	if (L == 4 || L == 5) {
		/* two swaps in short words: "ahev" -> "have" */
		c[0] = w[1];
		c[1] = w[0];
		c[2] = w[2];
		c[L - 2] = w[L - 1];
		c[L - 1] = w[L - 2];
		test(s, c, L);
		if (L == 5) {
			c[0] = w[0];
			c[1] = w[2];
			c[2] = w[1];
			test(s, c, L);
		}
		memcpy(c, w, L);
	}
	/* longswapchar: letters swapped at a distance */
	for (i = 0; i < L; i++)
		for (j = 0; j < L; j++) {
			size_t d = i > j ? i - j : j - i;
			char t;

			if (d < 2 || d > MAX_CHAR_DISTANCE || c[i] == c[j])
				continue;
			t = c[i];
			c[i] = c[j];
			c[j] = t;
			test(s, c, L);
			c[j] = c[i];
			c[i] = t;
		}
	/* badcharkey: a capital, or a neighbouring key */
	for (i = 0; i < L; i++) {
		char t = c[i];
		const char *k = ws->key_chars, *loc;

		if (t >= 'a' && t <= 'z') {
			c[i] = (char)(t - 'a' + 'A');
			test(s, c, L);
			c[i] = t;
		}
		for (loc = strchr(k, t); t && loc; loc = strchr(loc + 1, t)) {
			if (loc > k && loc[-1] != '|') {
				c[i] = loc[-1];
				test(s, c, L);
			}
			if (loc[1] != '|' && loc[1] != '\0') {
				c[i] = loc[1];
				test(s, c, L);
			}
		}
		c[i] = t;
	}
	/* extrachar: one letter too many */
	for (i = L; L > 1 && i-- > 0;) {
		memcpy(c, w, i);
		memcpy(c + i, w + i + 1, L - i - 1);
		test(s, c, L - 1);
	}
	/* forgotchar: a letter of TRY missing */
	{
		const char *t;

		for (t = ws->try_chars; *t; t += u8len(t)) {
			size_t tl = u8len(t), k;

			if (*t == '-' || *t == '.')
				continue;
			for (k = 0; k <= L; k++) {
				size_t at = L - k;

				/* A capital inside a word: no dictionary
				 * word of ours ("McDonald" aside). */
				if (at > 0 && *t >= 'A' && *t <= 'Z')
					continue;

				memcpy(c, w, at);
				memcpy(c + at, t, tl);
				memcpy(c + at + tl, w + at, L - at);
				test(s, c, L + tl);
			}
		}
	}
	/* movechar: a letter moved */
	for (i = 0; i < L; i++) {
		memcpy(c, w, L);
		for (j = i + 1; j < L && j - i <= MAX_CHAR_DISTANCE; j++) {
			char t = c[j];

			c[j] = c[j - 1];
			c[j - 1] = t;
			if (j - i >= 2)
				test(s, c, L);
		}
	}
	for (i = L; i-- > 0;) {
		memcpy(c, w, L);
		for (j = i; j-- > 0 && i - j <= MAX_CHAR_DISTANCE;) {
			char t = c[j];

			c[j] = c[j + 1];
			c[j + 1] = t;
			if (i - j >= 2)
				test(s, c, L);
		}
	}
	/* badchar: a wrong letter, TRY's in order, from the end */
	{
		const char *t;

		for (t = ws->try_chars; *t; t += u8len(t)) {
			size_t tl = u8len(t), k;

			if (*t == '-' || *t == '.')
				continue;
			for (k = L; k-- > 0;) {
				if ((tl == 1 && w[k] == *t) ||
				    (k > 0 && *t >= 'A' && *t <= 'Z'))
					continue;
				memcpy(c, w, k);
				memcpy(c + k, t, tl);
				memcpy(c + k + tl, w + k + 1, L - k - 1);
				test(s, c, L - 1 + tl);
			}
		}
	}
	/* doubletwochars: "vacacation" -> "vacation" */
	if (L >= 5) {
		int state = 0;

		for (i = 2; i < L; i++) {
			if (w[i] != w[i - 2]) {
				state = 0;
				continue;
			}
			if (++state == 3) {
				memcpy(c, w, i - 1);
				memcpy(c + i - 1, w + i + 1, L - i - 1);
				test(s, c, L - 2);
				state = 0;
			}
		}
	}
	/* twowords: a space forgotten */
	for (i = 1; i < L && s->n < SUG_MAX; i++) {
		if (!sug_word(s, w, i) || !sug_word(s, w + i, L - i))
			continue;
		memcpy(c, w, i);
		c[i] = ' ';
		memcpy(c + i + 1, w + i, L - i);
		sug_push(s, c, L + 1);
		if (strchr(ws->try_chars, '-')) {
			c[i] = '-';
			sug_push(s, c, L + 1);
		}
	}
}

/* Optimal string alignment distance, or max + 1 when above max: only
 * the band of cells within `max` of the diagonal is computed, the cells
 * just outside it held at "far". */
static unsigned osa(const char *a, size_t na, const char *b, size_t nb,
	unsigned max)
{
	enum { FAR = 1000 };
	unsigned row[3][WS_LENMAX + 3];
	unsigned *pp = row[0], *p = row[1], *cur = row[2];
	size_t i, j;

	if ((na > nb ? na - nb : nb - na) > max || nb > WS_LENMAX)
		return max + 1;
	for (j = 0; j <= nb + 1; j++)
		p[j] = j <= max ? (unsigned)j : FAR;
	for (i = 1; i <= na; i++) {
		size_t lo = i > max ? i - max : 1,
			hi = i + max < nb ? i + max : nb;
		unsigned best = FAR;

		cur[lo - 1] = lo == 1 && i <= max ? (unsigned)i : FAR;
		if (lo == 1 && i <= max)
			best = cur[0];
		for (j = lo; j <= hi; j++) {
			unsigned v = p[j - 1] + (a[i - 1] != b[j - 1]);

			if (p[j] + 1 < v)
				v = p[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			cur[j] = v;
			if (v < best)
				best = v;
		}
		cur[hi + 1] = FAR;
		if (best > max)
			return max + 1;
		{
			unsigned *t = pp;

			pp = p;
			p = cur;
			cur = t;
		}
	}
	return p[nb] > max ? max + 1 : p[nb];
}

static unsigned lcs(const char *a, size_t na, const char *b, size_t nb)
{
	unsigned row[2][WS_LENMAX + 2];
	size_t i, j;

	memset(row, 0, sizeof(row));
	for (i = 1; i <= na; i++)
		for (j = 1; j <= nb; j++) {
			unsigned *c = row[i & 1], *p = row[(i - 1) & 1];

			c[j] = a[i - 1] == b[j - 1] ? p[j - 1] + 1 :
				(p[j] > c[j - 1] ? p[j] : c[j - 1]);
		}
	return row[na & 1][nb];
}

#define NGRAM_WEIGHTED 1
#define NGRAM_ANY_MISMATCH 2

/* Hunspell's n-gram similarity (SuggestMgr::ngram, as documented
 * there): for each gram size 1..n, the grams of a found in b, less (when
 * weighted) one for each missing, two at an edge; less the difference
 * in length beyond two. */
static int ngram(size_t n, const char *a, size_t na, const char *b,
	size_t nb, int opt)
{
	int score = 0, d;
	size_t j, i, k;

	for (j = 1; j <= n; j++) {
		int ns = 0;

		for (i = 0; i + j <= na; i++) {
			bool found = false;

			for (k = 0; k + j <= nb && !found; k++)
				found = memcmp(a + i, b + k, j) == 0;
			if (found)
				ns++;
			else if (opt & NGRAM_WEIGHTED) {
				ns--;
				if (i == 0 || i + j == na)
					ns--;
			}
		}
		score += ns;
		if (ns < 2 && !(opt & NGRAM_WEIGHTED))
			break;
	}
	d = (int)na - (int)nb;
	d = (d < 0 ? -d : d) - 2;
	return score - (d > 0 ? d : 0);
}

/* Likeness of a candidate c to the word q (both lower case), the score
 * Hunspell's n-gram pass ranks its guesses by: common subsequence less
 * the length difference, common start, letters in place (a swap of two
 * letters counts most), 4-grams and weighted bigrams both ways. */
static int likeness(const char *q, size_t nq, const char *c, size_t nc)
{
	size_t i, pre = 0, diff = 0, d1 = 0, d2 = 0;
	int d = (int)nq - (int)nc, re, sc;
	bool same_pos = false, swap = false;

	while (pre < nq && pre < nc && q[pre] == c[pre])
		pre++;
	for (i = 0; i < nq && i < nc; i++) {
		if (q[i] == c[i])
			same_pos = true;
		else {
			if (diff == 0)
				d1 = i;
			else
				d2 = i;
			diff++;
		}
	}
	if (nq == nc && diff == 2 && q[d1] == c[d2] && q[d2] == c[d1])
		swap = true;
	re = ngram(2, q, nq, c, nc, NGRAM_ANY_MISMATCH | NGRAM_WEIGHTED) +
		ngram(2, c, nc, q, nq, NGRAM_ANY_MISMATCH | NGRAM_WEIGHTED);
	sc = 2 * (int)lcs(q, nq, c, nc) - (d < 0 ? -d : d) + (int)pre +
		(same_pos ? 1 : 0) + (swap ? 10 : 0) +
		ngram(4, q, nq, c, nc, NGRAM_ANY_MISMATCH) + re;
	return sc;
}

typedef struct {
	char w[WS_LENMAX + 1];
	size_t n;
	int score;
	int caps;   /* 1: a capital where the word has none */
} near_cand;

static void near_add(near_cand *best, size_t *nb, const char *q, size_t nq,
	const char *w, size_t n)
{
	char lw[WS_LENMAX + 1];
	int sc, caps;
	size_t i, at;

	memcpy(lw, w, n);
	lower(lw, n);
	sc = likeness(q, nq, lw, n);
	caps = memcmp(lw, w, n) != 0;
	for (i = 0; i < *nb; i++)
		if (best[i].n == n && memcmp(best[i].w, w, n) == 0)
			return;
	/* Best score first; at a tie the word in the query's case, the
	 * shorter, then in byte order (deterministic). */
	for (at = *nb; at > 0; at--) {
		const near_cand *b = &best[at - 1];

		if (b->score > sc || (b->score == sc && (b->caps < caps ||
				(b->caps == caps && (b->n < n ||
				(b->n == n && memcmp(b->w, w, n) <= 0))))))
			break;
	}
	if (at >= NEAR_KEEP)
		return;
	if (*nb < NEAR_KEEP)
		(*nb)++;
	memmove(&best[at + 1], &best[at], (*nb - at - 1) * sizeof(*best));
	memcpy(best[at].w, w, n);
	best[at].w[n] = '\0';
	best[at].n = n;
	best[at].score = sc;
	best[at].caps = caps;
}

static bool near_ok(const char *q, size_t nq, uint64_t qm, const char *w,
	size_t n, uint64_t m, bool caps)
{
	char lw[WS_LENMAX + 1];

	if (popcount64(m ^ qm) > 4 || (n > nq ? n - nq : nq - n) > 2)
		return false;
	if (!caps)
		return osa(q, nq, w, n, 2) <= 2;
	memcpy(lw, w, n);
	lower(lw, n);
	return osa(q, nq, lw, n, 2) <= 2;
}

/*
 * The words in [k, end) whose letter masks differ from qm in at most
 * four bits, into hits (at most cap); returns how many, *next where to
 * go on. The loop that a suggestion spends its time in: with the
 * POPCNT instruction where the processor has it.
 */
typedef uint32_t (*mask_scan_fn)(const uint64_t *m, uint32_t k,
	uint32_t end, uint64_t qm, uint32_t *hits, uint32_t cap,
	uint32_t *next);

static uint32_t mask_scan_generic(const uint64_t *m, uint32_t k,
	uint32_t end, uint64_t qm, uint32_t *hits, uint32_t cap,
	uint32_t *next)
{
	uint32_t n = 0;

	for (; k < end && n < cap; k++)
		if (popcount64(m[k] ^ qm) <= 4)
			hits[n++] = k;
	*next = k;
	return n;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
__attribute__((target("popcnt")))
static uint32_t mask_scan_popcnt(const uint64_t *m, uint32_t k,
	uint32_t end, uint64_t qm, uint32_t *hits, uint32_t cap,
	uint32_t *next)
{
	uint32_t n = 0;

	for (; k < end && n < cap; k++)
		if (__builtin_popcountll(m[k] ^ qm) <= 4)
			hits[n++] = k;
	*next = k;
	return n;
}
#endif

static mask_scan_fn mask_scan_pick(void)
{
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
	__builtin_cpu_init();
	if (__builtin_cpu_supports("popcnt"))
		return mask_scan_popcnt;
#endif
	return mask_scan_generic;
}

/* Every word within two edits of q (lower case), best first. */
static void near_words(sugs *s, const char *q, size_t nq)
{
	const glossa_wordset *ws = s->ws;
	near_cand best[NEAR_KEEP + 1];
	size_t nb = 0, i, lo, hi;
	uint64_t qm = letter_mask(q, nq);
	mask_scan_fn scan = mask_scan_pick();
	uint32_t k, hits[256], nh, j, end;

	lo = nq > 2 ? nq - 2 : 1;
	hi = nq + 2 > WS_LENMAX ? WS_LENMAX : nq + 2;
	end = ws->lenidx[hi + 1];
	for (k = ws->lenidx[lo]; k < end;) {
		nh = scan(ws->wmask, k, end, qm, hits, 256, &k);
		for (j = 0; j < nh; j++) {
			uint32_t x = hits[j];
			const char *w;
			size_t n;

			if ((ws->wflag[x] & WS_NOSUGGEST) ||
			    !word_at(ws, x, &w, &n))
				continue;
			if (near_ok(q, nq, qm, w, n, ws->wmask[x],
					ws->wflag[x] & WS_UPPER))
				near_add(best, &nb, q, nq, w, n);
		}
	}
	for (i = 0; s->extra && s->extra->mask && i < s->extra->words.n;
	     i++) {
		const char *w;
		size_t n;

		if (popcount64(s->extra->mask[i] ^ qm) > 4)
			continue;
		w = glossa_strmap__key(&s->extra->words, i);
		n = s->extra->words.len[i];
		if (n <= WS_LENMAX && near_ok(q, nq, qm, w, n,
				s->extra->mask[i], true))
			near_add(best, &nb, q, nq, w, n);
	}
	for (i = 0; i < nb; i++)
		sug_push(s, best[i].w, best[i].n);
}

int glossa_wordset__suggest(const glossa_wordset *cws,
	const glossa_wordset_extra *extra, const char *w, size_t n,
	size_t max, char ***out, size_t *nout)
{
	glossa_wordset *ws = (glossa_wordset *)(uintptr_t)cws;
	char buf[WS_LENMAX + 1], low[WS_LENMAX + 1];
	sugs s;
	size_t L, i, k;
	bool dots;
	int ct;

	*out = NULL;
	*nout = 0;
	if (ws == NULL || n == 0 || (L = settled_form(buf, w, n, &dots)) == 0 ||
	    dots)
		return 0;
	if (!ws->aff_read) {
		int rt = read_tables(ws);

		if (rt != 0)
			return rt < 0 ? rt : 0;
	}
	memset(&s, 0, sizeof(s));
	s.ws = ws;
	s.extra = extra;
	ct = captype(buf, L);
	memcpy(low, buf, L + 1);
	lower(low, L);
	/* Hunspell::suggest: as written, then in lower (and title) case. */
	if (ct != ALLCAP)
		edits1(&s, ws, buf, L);
	if (ct != NOCAP)
		edits1(&s, ws, low, L);
	if (ct == ALLCAP) {
		char t[WS_LENMAX + 1];

		memcpy(t, low, L + 1);
		initcap(t);
		edits1(&s, ws, t, L);
	}
	/* None: the words a little further (Hunspell's n-gram pass). */
	if (!s.err && s.n == 0)
		near_words(&s, low, L);
	/* In the case of the word. */
	for (i = 0; i < s.n && !s.err; i++) {
		size_t sl = strlen(s.list[i]);

		if (ct == ALLCAP)
			upper(s.list[i], sl);
		else if (ct == INITCAP || ct == HUHINITCAP)
			initcap(s.list[i]);
	}
	/* Recasing can make two the same; and at most `max`. */
	for (i = 0, k = 0; i < s.n; i++) {
		size_t j;

		for (j = 0; j < k && strcmp(s.list[j], s.list[i]) != 0; j++)
			;
		if (j < k || k >= max || s.err)
			free(s.list[i]);
		else
			s.list[k++] = s.list[i];
	}
	if (s.err) {
		for (i = 0; i < k; i++)
			free(s.list[i]);
		return s.err;
	}
	if (k == 0)
		return 0;
	if ((*out = glossa__calloc(k, sizeof(char *))) == NULL) {
		for (i = 0; i < k; i++)
			free(s.list[i]);
		return GLOSSA_ERROR;
	}
	memcpy(*out, s.list, k * sizeof(char *));
	*nout = k;
	return 0;
}
