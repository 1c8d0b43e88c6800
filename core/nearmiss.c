/*
** Near-miss: is an unknown capitalised word a glossary name misspelt?
**
** Three ways for a word to be close to a glossary name word:
**  - edit distance (optimal string alignment) on folded letters, found
**    through a deletion index (SymSpell): every name word and each of its
**    one-letter deletions is a key, and so is every deletion of the query,
**    so two words within two edits share a key;
**  - NYSIIS, a phonetic key made for personal names (New York State
**    Identification and Intelligence System, 1970), which forgives vowel
**    changes and common spelling variants (ph/ff, ck/k, z/s);
**  - a consonant skeleton for Arabic-origin names: transcriptions of one
**    Arabic name disagree on vowels, on doubled letters and on how to
**    write q/k/g, kh, dh/z, th, ou/u, so those are folded together and
**    vowels dropped ("Khadafy", "Qaddafi", "Gadhafi" -> k d f).
** Words are folded first: case, diacritics (glossa_ustr__fold_char).
*/
#include <stdlib.h>
#include <string.h>
#include <unicode/utf8.h>
#include "internal.h"
#include "check_int.h"
#include "uchar.h"
#include "ustr.h"

#define MAXCP 48

typedef struct {
	glossa_strmap keys;
	uint32_t *head;       /* per key: first posting + 1 */
	size_t ahead;
} mmap_idx;

typedef struct {
	uint32_t word, next;  /* next: posting + 1, 0 ends */
} posting;

struct glossa_nearmiss {
	glossa_strmap words;  /* the name words as written */
	size_t *entry;        /* per word: offset of its entry key in pool */
	size_t *fold;         /* per word: offset of folded key in pool */
	int *kind;            /* per word: its entry's glossa_kind */
	size_t aentry, afold, akind;
	glossa_strmap known;  /* folded names that are no glossary name */
	glossa_buf pool;
	mmap_idx by_del, by_nysiis, by_skel;
	posting *post;
	size_t npost, apost;
	bool frozen;
};

/* Fold a UTF-8 word into code points the way name keys fold them
 * (name.c, through the code-point table): case, diacritics and Arabic
 * letter variants folded; marks, apostrophes and joiners dropped. */
static size_t fold_cps(uint32_t *out, const char *s, size_t len)
{
	const uint8_t *p = (const uint8_t *)s;
	const uint32_t *tab = glossa_uchar__table();
	int32_t i = 0, n = len > INT32_MAX ? INT32_MAX : (int32_t)len;
	size_t k = 0;

	while (i < n && k < MAXCP) {
		UChar32 c;
		uint32_t x;

		U8_NEXT(p, i, n, c);
		if (c < 0)
			continue;
		if (tab == NULL) {  /* (out of memory: fold one by one) */
			out[k++] = (uint32_t)glossa_ustr__fold_char(c);
			continue;
		}
		x = glossa_uchar__info(tab, (uint32_t)c);
		switch (T_CLS(x)) {
		case C_MARK: case C_APOS: case C_HYPH: case C_SPACE: case C_CR:
			continue;
		case C_WORD:
			out[k++] = T_CP(x);
			break;
		default:
			out[k++] = (uint32_t)c;
		}
	}
	return k;
}

static size_t cps_utf8(char *out, const uint32_t *cp, size_t n)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		int32_t j = 0;
		uint8_t b[4];
		UBool err = 0;

		U8_APPEND((uint8_t *)b, j, 4, (UChar32)cp[i], err);
		if (err)
			continue;
		memcpy(out + o, b, (size_t)j);
		o += (size_t)j;
	}
	out[o] = '\0';
	return o;
}

/* Optimal string alignment distance over code points. */
static unsigned osa(const uint32_t *a, size_t na, const uint32_t *b,
	size_t nb)
{
	unsigned d[MAXCP + 1][MAXCP + 1];
	size_t i, j;

	for (i = 0; i <= na; i++)
		d[i][0] = (unsigned)i;
	for (j = 0; j <= nb; j++)
		d[0][j] = (unsigned)j;
	for (i = 1; i <= na; i++)
		for (j = 1; j <= nb; j++) {
			unsigned cost = a[i - 1] != b[j - 1], v;

			v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < v)
				v = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	return d[na][nb];
}

unsigned glossa_nearmiss__distance(const char *a, size_t na, const char *b,
	size_t nb)
{
	uint32_t ca[MAXCP], cb[MAXCP];
	size_t la = fold_cps(ca, a, na), lb = fold_cps(cb, b, nb);

	return osa(ca, la, cb, lb);
}

/* The ASCII letters of a folded word, lower case; others dropped. */
static size_t ascii_letters(char *out, const uint32_t *cp, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (cp[i] >= 'a' && cp[i] <= 'z')
			out[k++] = (char)cp[i];
	out[k] = '\0';
	return k;
}

static bool vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* NYSIIS (the original 1970 rules, no length limit), lower case. */
static size_t nysiis(char *key, const char *w, size_t n)
{
	char s[MAXCP + 4];
	size_t i, k = 0;

	if (n == 0) {
		key[0] = '\0';
		return 0;
	}
	memcpy(s, w, n);
	s[n] = '\0';
	if (strncmp(s, "mac", 3) == 0)
		memcpy(s, "mcc", 3);
	else if (strncmp(s, "kn", 2) == 0)
		memcpy(s, "nn", 2);
	else if (s[0] == 'k')
		s[0] = 'c';
	else if (strncmp(s, "ph", 2) == 0 || strncmp(s, "pf", 2) == 0)
		memcpy(s, "ff", 2);
	else if (strncmp(s, "sch", 3) == 0)
		memcpy(s, "sss", 3);
	if (n >= 2) {
		const char *e = s + n - 2;

		if (strcmp(e, "ee") == 0 || strcmp(e, "ie") == 0) {
			s[n - 2] = 'y';
			s[--n] = '\0';
		} else if (strcmp(e, "dt") == 0 || strcmp(e, "rt") == 0 ||
			   strcmp(e, "rd") == 0 || strcmp(e, "nt") == 0 ||
			   strcmp(e, "nd") == 0) {
			s[n - 2] = 'd';
			s[--n] = '\0';
		}
	}
	key[k++] = s[0];
	for (i = 1; i < n; i++) {
		char c = s[i], add[3] = { 0, 0, 0 };

		if (c == 'e' && s[i + 1] == 'v') {
			add[0] = 'a';
			add[1] = 'f';
			i++;
		} else if (vowel(c)) {
			add[0] = 'a';
		} else if (c == 'q') {
			add[0] = 'g';
		} else if (c == 'z') {
			add[0] = 's';
		} else if (c == 'm') {
			add[0] = 'n';
		} else if (c == 'k') {
			add[0] = s[i + 1] == 'n' ? 'n' : 'c';
		} else if (c == 's' && s[i + 1] == 'c' && s[i + 2] == 'h') {
			add[0] = 's';
			i += 2;
		} else if (c == 'p' && s[i + 1] == 'h') {
			add[0] = 'f';
			i++;
		} else if (c == 'h') {
			if (!vowel(s[i - 1]) || (i + 1 < n && !vowel(s[i + 1])) ||
			    i + 1 >= n)
				add[0] = s[i - 1];
			else
				add[0] = 'h';
		} else if (c == 'w' && vowel(s[i - 1])) {
			add[0] = s[i - 1];
		} else {
			add[0] = c;
		}
		for (size_t j = 0; add[j]; j++)
			if (key[k - 1] != add[j])
				key[k++] = add[j];
	}
	if (k > 1 && key[k - 1] == 's')
		k--;
	if (k > 2 && key[k - 2] == 'a' && key[k - 1] == 'y') {
		key[k - 2] = 'y';
		k--;
	}
	if (k > 1 && key[k - 1] == 'a')
		k--;
	key[k] = '\0';
	return k;
}

/* The consonant skeleton of an Arabic-origin name (see the top). */
static size_t skeleton(char *key, const char *w, size_t n)
{
	size_t i, k = 0;

	if (n == 0) {
		key[0] = '\0';
		return 0;
	}
	/* A leading vowel is kept as one mark: Omar/Umar, Anan/Annan. */
	if (vowel(w[0]))
		key[k++] = '_';
	for (i = 0; i < n; i++) {
		char c = w[i], nx = i + 1 < n ? w[i + 1] : '\0', m;

		if (nx == 'h' && (c == 'k' || c == 'g' || c == 'd' ||
				  c == 't' || c == 'z')) {
			m = c == 'g' || c == 'k' ? 'k' : c == 'z' ? 'j' : c;
			i++;
		} else if ((c == 's' || c == 'c') && nx == 'h') {
			m = 'x';
			i++;
		} else if (c == 'p' && nx == 'h') {
			m = 'f';
			i++;
		} else if (vowel(c) || (c == 'y' && i > 0) ||
			   (c == 'w' && i > 0 && vowel(w[i - 1]))) {
			continue;
		} else {
			switch (c) {
			case 'q': case 'g': case 'k': case 'c': m = 'k'; break;
			case 'z': m = 'd'; break;
			case 'v': m = 'f'; break;
			case 'e': continue;
			default: m = c; break;
			}
		}
		if (k == 0 || key[k - 1] != m)
			key[k++] = m;
	}
	key[k] = '\0';
	return k;
}

int glossa_nearmiss__nysiis(char **out, const char *word, size_t len)
{
	uint32_t cp[MAXCP];
	char a[MAXCP + 1], key[2 * MAXCP + 4];
	size_t n = fold_cps(cp, word, len), na = ascii_letters(a, cp, n);

	nysiis(key, a, na);
	return (*out = glossa__strdup(key)) ? 0 : GLOSSA_ERROR;
}

int glossa_nearmiss__skeleton(char **out, const char *word, size_t len)
{
	uint32_t cp[MAXCP];
	char a[MAXCP + 1], key[2 * MAXCP + 4];
	size_t n = fold_cps(cp, word, len), na = ascii_letters(a, cp, n);

	skeleton(key, a, na);
	return (*out = glossa__strdup(key)) ? 0 : GLOSSA_ERROR;
}

int glossa_nearmiss__new(glossa_nearmiss **out)
{
	glossa_nearmiss *nm = glossa__calloc(1, sizeof(*nm));

	*out = nm;
	if (nm == NULL)
		return GLOSSA_ERROR;
	glossa_strmap__init(&nm->words);
	glossa_strmap__init(&nm->by_del.keys);
	glossa_strmap__init(&nm->by_nysiis.keys);
	glossa_strmap__init(&nm->by_skel.keys);
	glossa_strmap__init(&nm->known);
	return 0;
}

static void idx_dispose(mmap_idx *x)
{
	glossa_strmap__dispose(&x->keys);
	free(x->head);
}

void glossa_nearmiss__free(glossa_nearmiss *nm)
{
	if (nm == NULL)
		return;
	glossa_strmap__dispose(&nm->words);
	free(nm->entry);
	free(nm->fold);
	free(nm->kind);
	glossa_strmap__dispose(&nm->known);
	glossa_buf_dispose(&nm->pool);
	idx_dispose(&nm->by_del);
	idx_dispose(&nm->by_nysiis);
	idx_dispose(&nm->by_skel);
	free(nm->post);
	free(nm);
}

static int pool_add(glossa_nearmiss *nm, size_t *off, const char *s,
	size_t n)
{
	*off = nm->pool.size;
	if (glossa_buf_put(&nm->pool, s, n) < 0 ||
	    glossa_buf_put(&nm->pool, "", 1) < 0)
		return GLOSSA_ERROR;
	return 0;
}

int glossa_nearmiss__add(glossa_nearmiss *nm, const char *word, size_t len,
	const char *entry, int kind)
{
	uint32_t cp[MAXCP];
	char f[MAXCP * 4 + 1];
	size_t idx, n, fl;
	int r;

	if (len == 0 || len > MAXCP * 4)
		return 0;
	if ((r = glossa_strmap__put(&nm->words, &idx, word, len)) <= 0)
		return r;
	n = fold_cps(cp, word, len);
	fl = cps_utf8(f, cp, n);
	if (glossa__grow((void **)&nm->entry, &nm->aentry, idx + 1,
			sizeof(size_t)) < 0 ||
	    glossa__grow((void **)&nm->kind, &nm->akind, idx + 1,
			sizeof(int)) < 0 ||
	    glossa__grow((void **)&nm->fold, &nm->afold, idx + 1,
			sizeof(size_t)) < 0 ||
	    pool_add(nm, &nm->entry[idx], entry, strlen(entry)) < 0 ||
	    pool_add(nm, &nm->fold[idx], f, fl) < 0)
		return GLOSSA_ERROR;
	nm->kind[idx] = kind;
	return 0;
}

int glossa_nearmiss__add_known(glossa_nearmiss *nm, const char *word,
	size_t len)
{
	uint32_t cp[MAXCP];
	char f[MAXCP * 4 + 1];
	size_t idx, n;

	if (len == 0 || len > MAXCP * 4)
		return 0;
	n = fold_cps(cp, word, len);
	n = cps_utf8(f, cp, n);
	return glossa_strmap__put(&nm->known, &idx, f, n) < 0 ?
		GLOSSA_ERROR : 0;
}

bool glossa_nearmiss__known(const glossa_nearmiss *nm, const char *word,
	size_t len)
{
	uint32_t cp[MAXCP];
	char f[MAXCP * 4 + 1];
	size_t n;

	if (len == 0 || len > MAXCP * 4 || nm->known.n == 0)
		return false;
	n = fold_cps(cp, word, len);
	n = cps_utf8(f, cp, n);
	return glossa_strmap__get(&nm->known, f, n) >= 0;
}

static int idx_add(glossa_nearmiss *nm, mmap_idx *x, const char *key,
	size_t len, uint32_t word)
{
	size_t k, p;
	int r;

	if ((r = glossa_strmap__put(&x->keys, &k, key, len)) < 0)
		return r;
	if (glossa__grow((void **)&x->head, &x->ahead, k + 1,
			sizeof(uint32_t)) < 0)
		return GLOSSA_ERROR;
	if (r == 1)
		x->head[k] = 0;
	/* The same word twice under one key (deletions of "anna"). */
	if (x->head[k] && nm->post[x->head[k] - 1].word == word)
		return 0;
	if (glossa__grow((void **)&nm->post, &nm->apost, nm->npost + 1,
			sizeof(posting)) < 0)
		return GLOSSA_ERROR;
	p = nm->npost++;
	nm->post[p].word = word;
	nm->post[p].next = x->head[k];
	x->head[k] = (uint32_t)p + 1;
	return 0;
}

/* Each one-code-point deletion of cp[0..n), and cp itself, as UTF-8. */
typedef int (*del_cb)(const char *key, size_t len, void *payload);

static int deletions(const uint32_t *cp, size_t n, del_cb cb, void *payload)
{
	uint32_t tmp[MAXCP];
	char s[MAXCP * 4 + 1];
	size_t i, l;
	int r;

	l = cps_utf8(s, cp, n);
	if ((r = cb(s, l, payload)) != 0)
		return r;
	if (n < 3)
		return 0;
	for (i = 0; i < n; i++) {
		if (i > 0 && cp[i] == cp[i - 1])
			continue;  /* same string as the previous deletion */
		memcpy(tmp, cp, i * sizeof(uint32_t));
		memcpy(tmp + i, cp + i + 1, (n - i - 1) * sizeof(uint32_t));
		l = cps_utf8(s, tmp, n - 1);
		if ((r = cb(s, l, payload)) != 0)
			return r;
	}
	return 0;
}

typedef struct {
	glossa_nearmiss *nm;
	uint32_t word;
} add_ctx;

static int add_del(const char *key, size_t len, void *payload)
{
	add_ctx *a = payload;

	return idx_add(a->nm, &a->nm->by_del, key, len, a->word);
}

int glossa_nearmiss__freeze(glossa_nearmiss *nm)
{
	size_t w;
	int r;

	for (w = 0; w < nm->words.n; w++) {
		const char *word = glossa_strmap__key(&nm->words, w);
		uint32_t cp[MAXCP];
		char a[MAXCP + 1], key[2 * MAXCP + 4];
		size_t n = fold_cps(cp, word, nm->words.len[w]), na, kl;
		add_ctx ctx = { nm, (uint32_t)w };

		if ((r = deletions(cp, n, add_del, &ctx)) < 0)
			return r;
		na = ascii_letters(a, cp, n);
		if (na < 3)
			continue;
		kl = nysiis(key, a, na);
		if (kl >= 2 && (r = idx_add(nm, &nm->by_nysiis, key, kl,
				(uint32_t)w)) < 0)
			return r;
		kl = skeleton(key, a, na);
		if (kl >= 2 && (r = idx_add(nm, &nm->by_skel, key, kl,
				(uint32_t)w)) < 0)
			return r;
	}
	nm->frozen = true;
	return 0;
}

#define MAXC 64

typedef struct {
	const glossa_nearmiss *nm;
	uint32_t cand[MAXC];
	unsigned how[MAXC];
	size_t n;
} query;

static void cand_add(query *q, uint32_t word, unsigned how)
{
	size_t i;

	for (i = 0; i < q->n; i++)
		if (q->cand[i] == word) {
			q->how[i] |= how;
			return;
		}
	if (q->n < MAXC) {
		q->cand[q->n] = word;
		q->how[q->n++] = how;
	}
}

static void lookup(query *q, const mmap_idx *x, const char *key, size_t len,
	unsigned how)
{
	long k = glossa_strmap__get(&x->keys, key, len);
	uint32_t p;

	if (k < 0)
		return;
	for (p = x->head[k]; p; p = q->nm->post[p - 1].next)
		cand_add(q, q->nm->post[p - 1].word, how);
}

static int q_del(const char *key, size_t len, void *payload)
{
	query *q = payload;

	lookup(q, &q->nm->by_del, key, len, GLOSSA_NEAR_EDIT);
	return 0;
}

/* The same first letter, or two that transcriptions swap (q/k/g/c). */
static bool same_first(uint32_t a, uint32_t b)
{
	static const char kq[] = "kqgc";

	if (a == b)
		return true;
	return a < 128 && b < 128 && a && b && strchr(kq, (int)a) &&
		strchr(kq, (int)b);
}

static int near_cmp(const void *pa, const void *pb)
{
	const glossa_near *a = pa, *b = pb;
	int ha = __builtin_popcount(a->how), hb = __builtin_popcount(b->how);

	if (a->distance != b->distance)
		return a->distance < b->distance ? -1 : 1;
	if (ha != hb)
		return hb - ha;
	return strcmp(a->word, b->word);
}

int glossa_nearmiss__find(const glossa_nearmiss *nm, const char *word,
	size_t len, glossa_near *out, size_t max)
{
	uint32_t cp[MAXCP];
	char a[MAXCP + 1], key[2 * MAXCP + 4];
	size_t n, na, kl, skl = 0, i, nout = 0;
	/* Apostrophes and hyphens, which folding drops and the matcher
	 * does not: a word that differs from a name only by them is near. */
	bool punct = memchr(word, '\'', len) || memchr(word, '-', len) ||
		memmem(word, len, "\xE2\x80\x99", 3);
	query q;

	if (!nm->frozen || max == 0)
		return 0;
	q.nm = nm;
	q.n = 0;
	n = fold_cps(cp, word, len);
	if (n < 3)
		return 0;
	deletions(cp, n, q_del, &q);
	na = ascii_letters(a, cp, n);
	if (na >= 3) {
		kl = nysiis(key, a, na);
		if (kl >= 2)
			lookup(&q, &nm->by_nysiis, key, kl, GLOSSA_NEAR_PHONETIC);
		kl = skeleton(key, a, na);
		skl = kl - (key[0] == '_');
		if (kl >= 2)
			lookup(&q, &nm->by_skel, key, kl, GLOSSA_NEAR_SKELETON);
	}
	for (i = 0; i < q.n; i++) {
		uint32_t w = q.cand[i], wc[MAXCP];
		const char *f = nm->pool.ptr + nm->fold[w];
		size_t wn = fold_cps(wc, f, strlen(f)), L = n > wn ? n : wn;
		size_t mn = n < wn ? n : wn;
		unsigned d = osa(cp, n, wc, wn), how = 0;
		bool skel = q.how[i] & GLOSSA_NEAR_SKELETON;
		bool first = same_first(cp[0], wc[0]);

		/* The same letters but for apostrophes or hyphens
		 * ("Khamene'i"), which the matcher does not fold: the
		 * closest there is. (Case and accents it folds: such a word
		 * is a hit of the matcher and never comes here.) */
		/*
		 * Close enough to be that name misspelt, tuned on the
		 * glossary's own variants against some 900 common names
		 * (glossaries/known-names.txt): short names are too close
		 * to each other to tell ("Hala"/"Hama", "Keir"/"Deir"),
		 * so at least 5 letters; one edit, or two in a long name,
		 * keeping the first letter or the consonants; more only
		 * when the consonant skeleton is the same ("Khadafy" ->
		 * "Gadhafi").
		 */
		if (mn < 4 || L < 5)
			continue;
		if (d == 0 ? !punct :
		    d == 1 ? !(first || skel) :
		    d == 2 ? !(L >= 7 && (first || skel)) :
		    !(skel && first && skl >= 3 && L >= 7 && d * 2 <= L + 1))
			continue;
		if (d <= 2)
			how |= GLOSSA_NEAR_EDIT;
		if (q.how[i] & GLOSSA_NEAR_PHONETIC)
			how |= GLOSSA_NEAR_PHONETIC;
		if (skel)
			how |= GLOSSA_NEAR_SKELETON;
		{
			glossa_near g;

			g.word = glossa_strmap__key(&nm->words, w);
			g.entry = nm->pool.ptr + nm->entry[w];
			g.kind = nm->kind[w];
			g.distance = d;
			g.similarity = (unsigned)(100 - (100 * d + L / 2) / L);
			g.how = how;
			if (nout < max)
				out[nout++] = g;
			else if (near_cmp(&g, &out[nout - 1]) < 0)
				out[nout - 1] = g;
			else
				continue;
			qsort(out, nout, sizeof(*out), near_cmp);
		}
	}
	return (int)nout;
}
