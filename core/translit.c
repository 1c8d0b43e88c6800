/*
 * Transliteration: glossary first, then the scheme's ICU rules.
 *
 * The schemes are ICU transforms. Their tables live in rule files under
 * glossaries/translit/ (compiled once per transliterator with
 * utrans_openU), which may themselves chain an ICU built-in ID where the
 * built-in matches the published table; no character table is kept in C.
 *
 * Work is per word (ICU word segmentation), and each distinct word is
 * looked up and transliterated once: a hash remembers the word's
 * matching key, its glossary hit and its rule output. Running text
 * repeats words heavily, so this is what keeps the glossary lookup from
 * costing throughput.
 *
 * The rule files only see lower case: a word is lowered, transliterated
 * and given its case pattern back (Щукин -> Shchukin, ЩУКИН -> SHCHUKIN),
 * so every table states each letter once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>
#include "internal.h"
#include "morph.h"
#include "ustr.h"

typedef struct {
	glossa_translit_scheme pub;
	const char *file;   /* rule file in the translit folder */
} scheme_def;

static const scheme_def schemes[] = {
	{ { "news", "ru", "house style: Russian names as the English-language wires write them (Sergei, Yevgeny, Gorbachev)" }, "ru-news.txt" },
	{ { "bgn-pcgn", "ru", "BGN/PCGN 1947 (place names; US and UK governments)" }, "ru-bgn-pcgn.txt" },
	{ { "wikipedia", "ru", "English Wikipedia: simplified BGN/PCGN" }, "ru-wikipedia.txt" },
	{ { "iso9", "ru", "ISO 9:1995 = GOST 7.79-2000 System A, with diacritics" }, "ru-iso9.txt" },
	{ { "gost-7.79-b", "ru", "GOST 7.79-2000 System B, ASCII only" }, "ru-gost-7.79-b.txt" },
	{ { "icao", "ru", "ICAO Doc 9303: passports (Russia since 2013)" }, "ru-icao.txt" },
	{ { "ala-lc", "ru", "ALA-LC (Library of Congress), with diacritics" }, "ru-ala-lc.txt" },
	{ { "ala-lc-ascii", "ru", "ALA-LC without diacritics" }, "ru-ala-lc-ascii.txt" },
	{ { "scientific", "ru", "scholarly (linguistic) transliteration" }, "ru-scientific.txt" },
	{ { "news", "ar", "house style: readable Arabic names (al-, Abdel-, Mohammed)" }, "ar-news.txt" },
	{ { "news-assimilated", "ar", "news with the article assimilated to sun letters (as-Sisi, ash-Sharaa)" }, "ar-news-assimilated.txt" },
	{ { "ala-lc", "ar", "ALA-LC-like scholarly romanization with ʿ ʾ and macrons" }, "ar-ala-lc.txt" },
};

#define NSCHEMES (sizeof(schemes) / sizeof(schemes[0]))

static glossa_translit_scheme scheme_list[NSCHEMES];

const glossa_translit_scheme *glossa_translit_schemes(size_t *n)
{
	size_t i;

	for (i = 0; i < NSCHEMES; i++)
		scheme_list[i] = schemes[i].pub;
	*n = NSCHEMES;
	return scheme_list;
}

/* ---- a string -> index hash (open addressing, FNV-1a) ---- */

typedef struct {
	char *key;     /* NULL: empty slot */
	size_t klen;
	uint64_t hash;
	size_t val;
} hslot;

typedef struct {
	hslot *slots;
	size_t cap;    /* a power of two, or 0 */
	size_t n;
} hmap;

static uint64_t fnv(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static hslot *hmap_slot(const hmap *m, const char *k, size_t klen,
	uint64_t h)
{
	size_t i = (size_t)h & (m->cap - 1);

	for (;;) {
		hslot *s = &m->slots[i];
		if (s->key == NULL || (s->hash == h && s->klen == klen &&
				memcmp(s->key, k, klen) == 0))
			return s;
		i = (i + 1) & (m->cap - 1);
	}
}

static bool hmap_get(const hmap *m, const char *k, size_t klen, size_t *val)
{
	hslot *s;

	if (m->n == 0)
		return false;
	s = hmap_slot(m, k, klen, fnv(k, klen));
	if (s->key == NULL)
		return false;
	if (val)
		*val = s->val;
	return true;
}

static int hmap_grow(hmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 256, i;
	hmap n = { NULL, cap, m->n };

	if ((n.slots = glossa__calloc(cap, sizeof(hslot))) == NULL)
		return GLOSSA_ERROR;
	for (i = 0; i < m->cap; i++)
		if (m->slots[i].key)
			*hmap_slot(&n, m->slots[i].key, m->slots[i].klen,
				m->slots[i].hash) = m->slots[i];
	free(m->slots);
	*m = n;
	return 0;
}

/* Insert k -> val unless present; *slot receives the entry either way.
 * Returns 1 when the key was already there, 0 when added. */
static int hmap_put(hslot **slot, hmap *m, const char *k, size_t klen,
	size_t val)
{
	uint64_t h = fnv(k, klen);
	hslot *s;

	if ((m->n + 1) * 4 > m->cap * 3 && hmap_grow(m) < 0)
		return GLOSSA_ERROR;
	s = hmap_slot(m, k, klen, h);
	if (s->key == NULL) {
		if ((s->key = glossa__strndup(k, klen)) == NULL)
			return GLOSSA_ERROR;
		s->klen = klen;
		s->hash = h;
		s->val = val;
		m->n++;
		*slot = s;
		return 0;
	}
	*slot = s;
	return 1;
}

static void hmap_free(hmap *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	m->slots = NULL;
	m->cap = m->n = 0;
}

/* ---- state ---- */

/* A glossary name: what a native form (or one of its case forms) gives. */
typedef struct {
	char *house;   /* the house (or short) form */
	char *entry;   /* entry key */
	char *native;  /* the native form as written in the glossary */
	int prio;      /* 0: the form itself, 1: an inflected form */
	bool ambiguous;
} gl_item;

/* What is known about one distinct word of the input. */
typedef struct {
	char *key;       /* matching key */
	char *rules;     /* rule output, NULL until needed */
	size_t rules_len;
} word_info;

#define WORD_CACHE_MAX 400000

typedef struct {
	const scheme_def *def;
	UTransliterator *tr;
} scheme_state;

struct glossa_translit {
	glossa_translit_from from;
	scheme_state ru, ar;
	UTransliterator *ar_key;     /* Arabic matching-key normalizer */
	bool glossary;
	gl_item *items;
	size_t nitems, aitems;
	hmap names;                  /* phrase key -> item */
	hmap prefixes;               /* key prefix of a longer name -> 0 */
	size_t max_tokens;           /* longest name, in tokens */
	hmap words;                  /* word bytes ("r"/"a" + word) -> info */
	word_info *info;
	size_t ninfo, ainfo;
	glossa_segmenter *seg;
	glossa_token *toks;
	size_t ntoks, atoks;
	glossa_buf key;              /* scratch */
};

static const char *rules_dir(const glossa_translit_options *o)
{
	const char *env = getenv("GLOSSA_TRANSLIT_DIR");

	if (o && o->rules_dir)
		return o->rules_dir;
	if (env && *env)
		return env;
	return GLOSSA_TRANSLIT_DIR;
}

static int read_file(glossa_buf *out, const char *path)
{
	char chunk[16384];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (f == NULL)
		return glossa_error__set(GLOSSA_ERRCLASS_OS, GLOSSA_ENOTFOUND,
			"%s: cannot open the transliteration rules (set GLOSSA_TRANSLIT_DIR?)",
			path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (glossa_buf_put(out, chunk, n) < 0) {
			fclose(f);
			return GLOSSA_ERROR;
		}
	if (ferror(f)) {
		fclose(f);
		return glossa_error__set(GLOSSA_ERRCLASS_OS, GLOSSA_ERROR,
			"%s: read error", path);
	}
	fclose(f);
	return glossa_buf_put(out, "", 0);
}

/* Compile an ICU rule file into a transliterator. */
static int open_rules(UTransliterator **out, const char *dir, const char *file)
{
	glossa_buf path = GLOSSA_BUF_INIT, text = GLOSSA_BUF_INIT;
	UChar *u = NULL, id[64];
	int32_t n = 0, i, line = 1;
	UParseError pe;
	UErrorCode st = U_ZERO_ERROR;
	int error;

	*out = NULL;
	if ((error = glossa_buf_printf(&path, "%s/%s", dir, file)) < 0 ||
	    (error = read_file(&text, path.ptr)) < 0)
		goto out;
	if ((error = glossa_text_validate(text.ptr, text.size, path.ptr)) < 0 ||
	    (error = glossa_ustr__from_utf8(&u, &n, text.ptr, text.size)) < 0)
		goto out;
	u_uastrcpy(id, "glossa-rules");
	memset(&pe, 0, sizeof(pe));
	*out = utrans_openU(id, -1, UTRANS_FORWARD, u, n, &pe, &st);
	if (U_FAILURE(st)) {
		for (i = 0; i < pe.offset && i < n; i++)
			if (u[i] == '\n')
				line++;
		*out = NULL;
		error = glossa_error__set(GLOSSA_ERRCLASS_PARSE, GLOSSA_EINVALID,
			"%s:%d: bad transliteration rule (%s)", path.ptr,
			(int)line, u_errorName(st));
	}
out:
	free(u);
	glossa_buf_dispose(&path);
	glossa_buf_dispose(&text);
	return error;
}

static const scheme_def *find_scheme(const char *name, const char *lang)
{
	size_t i;

	for (i = 0; i < NSCHEMES; i++)
		if (strcmp(schemes[i].pub.name, name) == 0 &&
		    strcmp(schemes[i].pub.lang, lang) == 0)
			return &schemes[i];
	return NULL;
}

/* Run a transliterator over a UTF-16 string, into a new buffer. */
static int run_utrans(UChar **out, int32_t *outlen, UTransliterator *tr,
	const UChar *u, int32_t n)
{
	int32_t cap = n * 4 + 16;

	*out = NULL;
	for (;;) {
		UErrorCode st = U_ZERO_ERROR;
		int32_t len = n, limit = n;
		UChar *b = glossa__malloc((size_t)cap * sizeof(UChar));

		if (b == NULL)
			return GLOSSA_ERROR;
		memcpy(b, u, (size_t)n * sizeof(UChar));
		utrans_transUChars(tr, b, &len, cap, 0, &limit, &st);
		if (st == U_BUFFER_OVERFLOW_ERROR && cap < INT32_MAX / 4) {
			free(b);
			cap *= 4;
			continue;
		}
		if (U_FAILURE(st)) {
			free(b);
			return glossa_error__set(GLOSSA_ERRCLASS_ICU,
				GLOSSA_ERROR, "transliteration failed: %s",
				u_errorName(st));
		}
		*out = b;
		*outlen = len;
		return 0;
	}
}

typedef enum { CASE_LOWER, CASE_TITLE, CASE_UPPER } case_pattern;

static case_pattern pattern_of(const UChar *u, int32_t n)
{
	int32_t i = 0, upper = 0, lower = 0;
	bool first_upper = false, seen = false;

	while (i < n) {
		UChar32 c;

		U16_NEXT(u, i, n, c);
		if (u_isUUppercase(c) || u_istitle(c)) {
			upper++;
			if (!seen)
				first_upper = true;
			seen = true;
		} else if (u_isULowercase(c)) {
			lower++;
			seen = true;
		}
	}
	if (upper >= 2 && lower == 0)
		return CASE_UPPER;
	return first_upper ? CASE_TITLE : CASE_LOWER;
}

/* Give `u` (lower case) the pattern: title-case its first letter or
 * upper-case all of it. Replaces *u. */
static int apply_case(UChar **u, int32_t *n, case_pattern p)
{
	int32_t i = 0;

	if (p == CASE_UPPER) {
		UChar *r;
		int32_t nr;
		int error = glossa_ustr__upper16(&r, &nr, *u, *n);

		if (error < 0)
			return error;
		free(*u);
		*u = r;
		*n = nr;
		return 0;
	}
	if (p != CASE_TITLE)
		return 0;
	while (i < *n) {
		int32_t at = i;
		UChar32 c, t;

		U16_NEXT(*u, i, *n, c);
		if (!u_isalpha(c))
			continue;
		t = u_totitle(c);
		/* Same length in UTF-16 for every letter the schemes emit. */
		if (U16_LENGTH(t) == i - at) {
			int32_t j = at;
			UBool err = false;
			U16_APPEND(*u, j, *n, t, err);
			(void)err;
		}
		/* Two letters tied by U+0361 are one letter of the source
		 * (ALA-LC: Ц -> T͡S, Я -> I͡A): both are capitals. */
		if (i + 1 < *n && (*u)[i] == 0x0361 &&
		    !U16_IS_SURROGATE((*u)[i + 1]))
			(*u)[i + 1] = (UChar)u_toupper((*u)[i + 1]);
		break;
	}
	return 0;
}

/* Transliterate one word (or a run of one script inside a word) with the
 * rules, case pattern kept. Words in mixed case ("МакДональд") go hump
 * by hump. Appends UTF-8 to `out`. */
/* How rules_word() treats letter case. */
enum { RW_PLAIN = 0, RW_CASED = 1, RW_NAME = 2 };

/* Arabic has no case: a name in Latin letters starts with a capital, and
 * so does the name after the article, assimilated or not ("al-Asad",
 * "ash-Shara"). The capital goes on the first letter that has case:
 * ALA-LC's ʿ and ʾ have none ("ʿUmar"). */
static void name_case(UChar *u, int32_t n)
{
	int32_t i = 0, start = 0;

	/* the article as the rules write it: a, one or two letters, - */
	if (n > 3 && u[0] == 'a') {
		for (i = 1; i < 4 && i < n && u[i] >= 'a' && u[i] <= 'z'; i++)
			;
		if (i >= 2 && i < n && u[i] == '-')
			start = i + 1;
	}
	for (i = start; i < n; i++) {
		if (U16_IS_SURROGATE(u[i]))
			continue;
		if (u_isULowercase(u[i])) {
			UChar32 t = u_totitle(u[i]);

			if (!U_IS_SUPPLEMENTARY(t))
				u[i] = (UChar)t;
			break;
		}
		if (u_isUUppercase(u[i]) || u_istitle(u[i]))
			break;
	}
}

static int rules_word(glossa_buf *out, UTransliterator *tr, int mode,
	const char *w, size_t len)
{
	bool cased = mode == RW_CASED;
	UChar *u = NULL, *l = NULL, *r = NULL;
	int32_t n, nl, nr, i = 0, hump = 0;
	char *s = NULL;
	size_t ns;
	int error;

	if ((error = glossa_ustr__from_utf8(&u, &n, w, len)) < 0)
		return error;
	if (cased) {
		/* Split at a capital that follows a small letter. */
		bool prev_lower = false;

		while (i < n) {
			int32_t at = i;
			UChar32 c;

			U16_NEXT(u, i, n, c);
			if (prev_lower && u_isUUppercase(c)) {
				hump = at;
				break;
			}
			prev_lower = u_isULowercase(c);
		}
	}
	if (hump > 0) {
		/* Convert the two halves separately (byte lengths via UTF-8). */
		char *a = NULL;
		size_t na;

		if ((error = glossa_ustr__to_utf8(&a, &na, u, hump)) < 0)
			goto out;
		error = rules_word(out, tr, mode, a, na);
		free(a);
		if (error == 0)
			error = rules_word(out, tr, mode, w + na, len - na);
		goto out;
	}
	if (cased) {
		case_pattern p = pattern_of(u, n);

		if ((error = glossa_ustr__lower16(&l, &nl, u, n)) < 0 ||
		    (error = run_utrans(&r, &nr, tr, l, nl)) < 0 ||
		    (error = apply_case(&r, &nr, p)) < 0)
			goto out;
	} else if ((error = run_utrans(&r, &nr, tr, u, n)) < 0) {
		goto out;
	} else if (mode == RW_NAME) {
		name_case(r, nr);
	}
	if ((error = glossa_ustr__to_utf8(&s, &ns, r, nr)) < 0)
		goto out;
	error = glossa_buf_put(out, s, ns);
out:
	free(u);
	free(l);
	free(r);
	free(s);
	return error;
}

/* ---- matching keys ---- */

static bool is_arab(const char *script)
{
	return strcmp(script, "Arab") == 0;
}

/* The matching key of one word: NFC + case folding, ё folded to е
 * (Russian print mostly writes ё as е); Arabic through the ar-key rules
 * (no harakat or tatweel, one alef, ى = ي, ة = ه). Appends to out. */
static int word_key(glossa_buf *out, glossa_translit *t, const char *w,
	size_t len, bool arab)
{
	char *copy, *key = NULL, *p;
	int error;

	if (arab && t->ar_key) {
		size_t before = out->size;
		if ((error = rules_word(out, t->ar_key, RW_PLAIN, w, len)) < 0)
			return error;
		(void)before;
		return 0;
	}
	if ((copy = glossa__strndup(w, len)) == NULL)
		return GLOSSA_ERROR;
	error = glossa_ustr__key(&key, copy);
	free(copy);
	if (error < 0)
		return error;
	for (p = key; (p = strstr(p, "\xD1\x91")) != NULL; p += 2) {
		p[0] = '\xD0';
		p[1] = '\xB5';
	}
	error = glossa_buf_puts(out, key);
	free(key);
	return error;
}

/* The key of a whole name: word keys, white space as one space, other
 * separators (hyphens) as they are. Appends to out. */
static int name_key(glossa_buf *out, size_t *ntokens, glossa_translit *t,
	const char *s)
{
	glossa_token tok;
	int error;

	*ntokens = 0;
	if ((error = glossa_segmenter_set_text(t->seg, s, strlen(s))) < 0)
		return error;
	while ((error = glossa_segmenter_next(&tok, t->seg)) == 0) {
		const char *w = s + tok.start;
		size_t n = tok.end - tok.start;

		(*ntokens)++;
		if (tok.kind == GLOSSA_TOKEN_SPACE)
			error = glossa_buf_put(out, " ", 1);
		else if (tok.kind == GLOSSA_TOKEN_WORD)
			error = word_key(out, t, w, n, is_arab(tok.script));
		else
			error = glossa_buf_put(out, w, n);
		if (error < 0)
			return error;
	}
	return error == GLOSSA_ITEROVER ? 0 : error;
}

/* ---- the glossary index ---- */

static int add_name(glossa_translit *t, const char *text, const char *house,
	const char *entry, const char *native, int prio)
{
	glossa_buf key = GLOSSA_BUF_INIT;
	size_t ntok = 0, i;
	hslot *slot;
	gl_item *it;
	int error, had;

	if ((error = name_key(&key, &ntok, t, text)) < 0 || key.size == 0)
		goto out;
	if ((had = hmap_put(&slot, &t->names, key.ptr, key.size,
			t->nitems)) < 0) {
		error = had;
		goto out;
	}
	if (had) {
		it = &t->items[slot->val];
		if (strcmp(it->house, house) == 0 || prio > it->prio)
			goto out;
		if (prio == it->prio) {
			it->ambiguous = true;
			goto out;
		}
		/* a better claim: take the slot over with a new item */
		slot->val = t->nitems;
	}
	if ((error = glossa__grow((void **)&t->items, &t->aitems,
			t->nitems + 1, sizeof(gl_item))) < 0)
		goto out;
	it = &t->items[t->nitems];
	memset(it, 0, sizeof(*it));
	it->prio = prio;
	if ((it->house = glossa__strdup(house)) == NULL ||
	    (it->entry = glossa__strdup(entry)) == NULL ||
	    (it->native = glossa__strdup(native)) == NULL) {
		free(it->house);
		free(it->entry);
		error = GLOSSA_ERROR;
		goto out;
	}
	t->nitems++;
	if (ntok > t->max_tokens)
		t->max_tokens = ntok;
	/* Every proper prefix that ends in a word, so a scan can stop as
	 * soon as the text leaves every name. */
	for (i = 1; i < key.size; i++) {
		if (key.ptr[i] == ' ' || key.ptr[i] == '-') {
			if ((error = hmap_put(&slot, &t->prefixes, key.ptr, i,
					0)) < 0)
				goto out;
			error = 0;
		}
	}
out:
	glossa_buf_dispose(&key);
	return error;
}

static int index_glossary(glossa_translit *t, glossa_store *store)
{
	glossa_doc *doc = NULL;
	size_t i, j, k;
	int error;

	if ((error = glossa_store_export(&doc, store, NULL)) < 0)
		return error;
	for (i = 0; i < doc->nentries && error == 0; i++) {
		const glossa_entry *e = &doc->entries[i];

		if (e->status == GLOSSA_STATUS_DEPRECATED)
			continue;
		for (j = 0; j < e->nforms && error == 0; j++) {
			const glossa_form *f = &e->forms[j];
			const char *house = f->becomes && *f->becomes ?
				f->becomes : glossa_entry_house(e);
			char **forms = NULL;
			size_t nforms = 0;

			if (f->type != GLOSSA_FORM_NATIVE || house == NULL)
				continue;
			if (strcmp(f->script, "Cyrl") == 0 &&
			    t->from != GLOSSA_TRANSLIT_AR) {
				if ((error = glossa_morph__ru_forms(&forms,
						&nforms, f->text)) < 0)
					break;
				for (k = 0; k < nforms && error == 0; k++)
					error = add_name(t, forms[k], house,
						e->key, f->text, k ? 1 : 0);
				glossa_morph__free_list(forms, nforms);
			} else if (strcmp(f->script, "Arab") == 0 &&
				   t->from != GLOSSA_TRANSLIT_RU) {
				error = add_name(t, f->text, house, e->key,
					f->text, 0);
			}
		}
	}
	glossa_doc_free(doc);
	return error;
}

/* ---- setup ---- */

static int open_scheme(scheme_state *s, const char *dir, const char *name,
	const char *lang, bool required)
{
	const scheme_def *d = find_scheme(name, lang);

	if (d == NULL) {
		if (required)
			return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
				GLOSSA_ENOTFOUND,
				"unknown %s scheme '%s' (see 'glossa translit --list')",
				strcmp(lang, "ru") == 0 ? "Russian" : "Arabic",
				name);
		d = find_scheme("news", lang);
	}
	s->def = d;
	return open_rules(&s->tr, dir, d->file);
}

int glossa_translit_new(glossa_translit **out,
	const glossa_translit_options *opts)
{
	glossa_translit_options def = GLOSSA_TRANSLIT_OPTIONS_INIT;
	glossa_translit *t;
	const char *dir, *name;
	bool any = false;
	size_t i;
	int error;

	*out = NULL;
	if (opts == NULL)
		opts = &def;
	if (opts->version != GLOSSA_TRANSLIT_OPTIONS_VERSION)
		return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_EVERSION, "unsupported translit options version %u",
			opts->version);
	name = opts->scheme ? opts->scheme : "news";
	for (i = 0; i < NSCHEMES; i++)
		if (strcmp(schemes[i].pub.name, name) == 0 &&
		    (opts->from == GLOSSA_TRANSLIT_AUTO ||
		     strcmp(schemes[i].pub.lang, opts->from ==
			GLOSSA_TRANSLIT_RU ? "ru" : "ar") == 0))
			any = true;
	if (!any)
		return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_ENOTFOUND, "unknown scheme '%s'%s (see 'glossa translit --list')",
			name, opts->from == GLOSSA_TRANSLIT_RU ? " for Russian" :
			opts->from == GLOSSA_TRANSLIT_AR ? " for Arabic" : "");
	if ((t = glossa__calloc(1, sizeof(*t))) == NULL)
		return GLOSSA_ERROR;
	t->from = opts->from;
	dir = rules_dir(opts);
	if ((error = glossa_segmenter_new(&t->seg, GLOSSA_SEGMENT_WORD)) < 0)
		goto fail;
	if (t->from != GLOSSA_TRANSLIT_AR &&
	    (error = open_scheme(&t->ru, dir, name, "ru",
			t->from == GLOSSA_TRANSLIT_RU)) < 0)
		goto fail;
	if (t->from != GLOSSA_TRANSLIT_RU &&
	    ((error = open_scheme(&t->ar, dir, name, "ar",
			t->from == GLOSSA_TRANSLIT_AR)) < 0 ||
	     (error = open_rules(&t->ar_key, dir, "ar-key.txt")) < 0))
		goto fail;
	t->glossary = opts->store && !(opts->flags & GLOSSA_TRANSLIT_NO_GLOSSARY);
	if (t->glossary && (error = index_glossary(t, opts->store)) < 0)
		goto fail;
	*out = t;
	return 0;
fail:
	glossa_translit_free(t);
	return error;
}

static void clear_words(glossa_translit *t)
{
	size_t i;

	for (i = 0; i < t->ninfo; i++) {
		free(t->info[i].key);
		free(t->info[i].rules);
	}
	t->ninfo = 0;
	hmap_free(&t->words);
}

void glossa_translit_free(glossa_translit *t)
{
	size_t i;

	if (t == NULL)
		return;
	if (t->ru.tr)
		utrans_close(t->ru.tr);
	if (t->ar.tr)
		utrans_close(t->ar.tr);
	if (t->ar_key)
		utrans_close(t->ar_key);
	for (i = 0; i < t->nitems; i++) {
		free(t->items[i].house);
		free(t->items[i].entry);
		free(t->items[i].native);
	}
	free(t->items);
	hmap_free(&t->names);
	hmap_free(&t->prefixes);
	clear_words(t);
	free(t->info);
	glossa_segmenter_free(t->seg);
	free(t->toks);
	glossa_buf_dispose(&t->key);
	free(t);
}

/* ---- transliterating ---- */

/* The cached facts about a word; `arab` picks the script's key rules. */
static int word_lookup(word_info **out, glossa_translit *t, const char *w,
	size_t len, bool arab)
{
	glossa_buf k = GLOSSA_BUF_INIT;
	char tagged[512];
	hslot *slot;
	word_info *wi;
	int had, error;

	*out = NULL;
	if (len + 1 > sizeof(tagged)) {
		/* Very long "words" are not cached. */
		return GLOSSA_ENOTFOUND;
	}
	tagged[0] = arab ? 'a' : 'r';
	memcpy(tagged + 1, w, len);
	if (t->ninfo >= WORD_CACHE_MAX)
		clear_words(t);
	if ((had = hmap_put(&slot, &t->words, tagged, len + 1, t->ninfo)) < 0)
		return had;
	if (had) {
		*out = &t->info[slot->val];
		return 0;
	}
	if ((error = glossa__grow((void **)&t->info, &t->ainfo, t->ninfo + 1,
			sizeof(word_info))) < 0)
		goto fail;
	wi = &t->info[t->ninfo];
	memset(wi, 0, sizeof(*wi));
	if (t->glossary) {
		if ((error = word_key(&k, t, w, len, arab)) < 0)
			goto fail;
		if ((wi->key = glossa__strdup(k.ptr ? k.ptr : "")) == NULL) {
			error = GLOSSA_ERROR;
			goto fail;
		}
	}
	glossa_buf_dispose(&k);
	t->ninfo++;
	*out = wi;
	return 0;
fail:
	glossa_buf_dispose(&k);
	/* Drop the half-made entry: its slot points past the array. */
	free(slot->key);
	slot->key = NULL;
	t->words.n--;
	clear_words(t);
	return error;
}

/* A capitalised (or all-caps) word: Russian text only names people and
 * places that way, so "мир" is never the place Мир. */
static bool name_like(const char *w, size_t len)
{
	int32_t i = 0, n = (int32_t)len;
	UChar32 c;

	U8_NEXT((const uint8_t *)w, i, n, c);
	return c >= 0 && (u_isUUppercase(c) || u_istitle(c));
}

static bool allowed(const glossa_translit *t, const char *script)
{
	if (strcmp(script, "Cyrl") == 0)
		return t->from != GLOSSA_TRANSLIT_AR;
	if (strcmp(script, "Arab") == 0)
		return t->from != GLOSSA_TRANSLIT_RU;
	return false;
}

static int add_span(glossa_translit_span **spans, size_t *n, size_t *a,
	const glossa_translit_span *s)
{
	if (spans == NULL)
		return 0;
	if (glossa__grow((void **)spans, a, *n + 1, sizeof(**spans)) < 0)
		return GLOSSA_ERROR;
	(*spans)[(*n)++] = *s;
	return 0;
}

/* Rule output for a word, from the cache when the word was seen. */
static int emit_rules(glossa_buf *out, glossa_translit *t, const char *w,
	size_t len, bool arab)
{
	scheme_state *s = arab ? &t->ar : &t->ru;
	word_info *wi = NULL;
	glossa_buf r = GLOSSA_BUF_INIT;
	int error = word_lookup(&wi, t, w, len, arab);

	if (error == GLOSSA_ENOTFOUND)
		return rules_word(out, s->tr, arab ? RW_NAME : RW_CASED, w, len);
	if (error < 0)
		return error;
	if (wi->rules == NULL) {
		if ((error = rules_word(&r, s->tr, arab ? RW_NAME : RW_CASED,
				w, len)) < 0)
			return error;
		wi->rules = r.ptr ? r.ptr : glossa__strdup("");
		wi->rules_len = r.size;
		if (wi->rules == NULL)
			return GLOSSA_ERROR;
	}
	return glossa_buf_put(out, wi->rules, wi->rules_len);
}

/* Emit a house form in the case pattern of the text it replaces. */
static int emit_house(glossa_buf *out, const char *house, const char *orig,
	size_t len)
{
	UChar *u = NULL, *r = NULL;
	int32_t n, nr;
	char *s = NULL;
	size_t ns;
	int error;

	if ((error = glossa_ustr__from_utf8(&u, &n, orig, len)) < 0)
		return error;
	if (pattern_of(u, n) != CASE_UPPER) {
		free(u);
		return glossa_buf_puts(out, house);
	}
	free(u);
	u = NULL;
	if ((error = glossa_ustr__from_utf8(&u, &n, house, strlen(house))) < 0 ||
	    (error = glossa_ustr__upper16(&r, &nr, u, n)) < 0 ||
	    (error = glossa_ustr__to_utf8(&s, &ns, r, nr)) < 0)
		goto out;
	error = glossa_buf_put(out, s, ns);
out:
	free(u);
	free(r);
	free(s);
	return error;
}

/*
 * The longest glossary name starting at token i whose first word is
 * `first` (a key; for Arabic possibly with a clitic removed). On a hit,
 * *last is the last token and *item the name.
 */
static int match_from(size_t *last, const gl_item **item, glossa_translit *t,
	const char *text, size_t i, const char *first)
{
	glossa_buf *k = &t->key;
	size_t j, v;
	int error;

	*item = NULL;
	glossa_buf_clear(k);
	if ((error = glossa_buf_puts(k, first)) < 0)
		return error;
	for (j = i;;) {
		bool word_end = t->toks[j].kind == GLOSSA_TOKEN_WORD;

		if (word_end && hmap_get(&t->names, k->ptr, k->size, &v) &&
		    !t->items[v].ambiguous) {
			*item = &t->items[v];
			*last = j;
		}
		/* names continue only from a known prefix (checked where
		 * a word ends; separators are taken on trust) */
		if (j + 1 >= t->ntoks || j + 1 - i >= t->max_tokens ||
		    (word_end && !hmap_get(&t->prefixes, k->ptr, k->size,
				NULL)))
			break;
		j++;
		{
			const glossa_token *tok = &t->toks[j];
			const char *w = text + tok->start;
			size_t n = tok->end - tok->start;

			if (tok->kind == GLOSSA_TOKEN_SPACE) {
				/* one line: a name does not run over a break */
				if (memchr(w, '\n', n))
					break;
				error = glossa_buf_put(k, " ", 1);
			} else if (tok->kind == GLOSSA_TOKEN_WORD) {
				word_info *wi = NULL;

				if (!allowed(t, tok->script))
					break;
				error = word_lookup(&wi, t, w, n,
					is_arab(tok->script));
				if (error == GLOSSA_ENOTFOUND)
					break;
				if (error == 0)
					error = glossa_buf_puts(k, wi->key);
			} else if (n == 1 && *w == '-') {
				error = glossa_buf_put(k, "-", 1);
			} else {
				break;
			}
			if (error < 0)
				return error;
		}
	}
	return 0;
}

/* Try the glossary at token i. On a hit appends the house form (with an
 * Arabic clitic's rule transliteration in front), sets *last and fills
 * the span; else *last = SIZE_MAX. */
static int try_glossary(glossa_buf *out, size_t *last,
	glossa_translit_span *span, glossa_translit *t, const char *text,
	size_t i)
{
	const glossa_token *tok = &t->toks[i];
	const char *w = text + tok->start;
	size_t n = tok->end - tok->start, k;
	bool arab = is_arab(tok->script);
	const gl_item *item = NULL;
	word_info *wi = NULL;
	char **cands = NULL;
	size_t ncands = 0, prefix = 0;
	int error;

	*last = SIZE_MAX;
	if (!arab && !name_like(w, n))
		return 0;
	if ((error = word_lookup(&wi, t, w, n, arab)) == GLOSSA_ENOTFOUND)
		return 0;
	if (error < 0)
		return error;
	if ((error = match_from(last, &item, t, text, i, wi->key)) < 0)
		return error;
	if (item == NULL && arab) {
		/* و ب ل ف ك and the article in front of a name */
		glossa_buf ck = GLOSSA_BUF_INIT;
		char *wcopy = glossa__strndup(w, n);

		if (wcopy == NULL)
			return GLOSSA_ERROR;
		error = glossa_morph__ar_strip(&cands, &ncands, wcopy);
		free(wcopy);
		if (error < 0)
			return error;
		for (k = 1; k < ncands && item == NULL; k++) {
			size_t cl = strlen(cands[k]);

			glossa_buf_clear(&ck);
			if ((error = word_key(&ck, t, cands[k], cl, true)) < 0 ||
			    (error = match_from(last, &item, t, text, i,
					ck.ptr ? ck.ptr : "")) < 0)
				break;
			if (item) {
				/* the clitic is what precedes the bare
				 * form; لل + name is ل + ال + name */
				prefix = cl <= n && memcmp(w + n - cl, cands[k],
					cl) == 0 ? n - cl : (size_t)U8_LENGTH(
					0x0644);
			}
		}
		glossa_buf_dispose(&ck);
		glossa_morph__free_list(cands, ncands);
		if (error < 0)
			return error;
	}
	if (item == NULL) {
		*last = SIZE_MAX;
		return 0;
	}
	span->start = tok->start;
	span->end = t->toks[*last].end;
	span->out_start = out->size;
	if (prefix > 0 &&
	    ((error = rules_word(out, t->ar.tr, RW_PLAIN, w, prefix)) < 0 ||
	     (error = glossa_buf_put(out, "-", 1)) < 0))
		return error;
	if ((error = emit_house(out, item->house, w, n)) < 0)
		return error;
	span->out_end = out->size;
	span->source = GLOSSA_TRANSLIT_GLOSSARY;
	span->scheme = NULL;
	span->entry = item->entry;
	span->native = item->native;
	return 0;
}

/* A word of letters from several scripts: transliterate its Cyrillic and
 * Arabic runs, keep the rest. */
static int mixed_word(glossa_buf *out, glossa_translit_span **spans,
	size_t *nspans, size_t *aspans, glossa_translit *t, const char *text,
	const glossa_token *tok)
{
	const uint8_t *p = (const uint8_t *)text;
	int32_t i = (int32_t)tok->start, end = (int32_t)tok->end;
	int error;

	while (i < end) {
		int32_t run = i;
		UScriptCode sc = USCRIPT_COMMON;
		glossa_translit_span sp;

		/* a run: letters of one script with marks and digits */
		while (i < end) {
			int32_t at = i;
			UErrorCode st = U_ZERO_ERROR;
			UScriptCode c_sc;
			UChar32 c;

			U8_NEXT(p, i, end, c);
			c_sc = uscript_getScript(c, &st);
			if (c_sc == USCRIPT_COMMON || c_sc == USCRIPT_INHERITED)
				continue;
			if (sc == USCRIPT_COMMON) {
				sc = c_sc;
			} else if (c_sc != sc) {
				i = at;
				break;
			}
		}
		if ((sc == USCRIPT_CYRILLIC && t->from != GLOSSA_TRANSLIT_AR) ||
		    (sc == USCRIPT_ARABIC && t->from != GLOSSA_TRANSLIT_RU)) {
			bool arab = sc == USCRIPT_ARABIC;

			sp.start = (size_t)run;
			sp.end = (size_t)i;
			sp.out_start = out->size;
			if ((error = emit_rules(out, t, text + run,
					(size_t)(i - run), arab)) < 0)
				return error;
			sp.out_end = out->size;
			sp.source = GLOSSA_TRANSLIT_RULES;
			sp.scheme = (arab ? t->ar.def : t->ru.def)->pub.name;
			sp.entry = sp.native = NULL;
			if ((error = add_span(spans, nspans, aspans, &sp)) < 0)
				return error;
		} else if ((error = glossa_buf_put(out, text + run,
				(size_t)(i - run))) < 0) {
			return error;
		}
	}
	return 0;
}

int glossa_translit_text(glossa_buf *out, glossa_translit_span **spans,
	size_t *nspans, glossa_translit *t, const char *text, size_t len)
{
	glossa_translit_span *sp = NULL;
	size_t nsp = 0, asp = 0, i;
	glossa_token tok;
	int error;

	if (spans) {
		*spans = NULL;
		*nspans = 0;
	}
	if ((error = glossa_segmenter_set_text(t->seg, text, len)) < 0)
		return error;
	t->ntoks = 0;
	while ((error = glossa_segmenter_next(&tok, t->seg)) == 0) {
		if ((error = glossa__grow((void **)&t->toks, &t->atoks,
				t->ntoks + 1, sizeof(tok))) < 0)
			return error;
		t->toks[t->ntoks++] = tok;
	}
	if (error != GLOSSA_ITEROVER)
		return error;
	error = 0;
	if (glossa_buf_put(out, "", 0) < 0)
		return GLOSSA_ERROR;
	for (i = 0; i < t->ntoks && error == 0; i++) {
		const glossa_token *k = &t->toks[i];
		const char *w = text + k->start;
		size_t n = k->end - k->start, last = SIZE_MAX;
		glossa_translit_span s;

		if (k->kind != GLOSSA_TOKEN_WORD) {
			error = glossa_buf_put(out, w, n);
			continue;
		}
		if (strcmp(k->script, "Zmix") == 0) {
			error = mixed_word(out, spans ? &sp : NULL, &nsp, &asp,
				t, text, k);
			continue;
		}
		if (!allowed(t, k->script)) {
			error = glossa_buf_put(out, w, n);
			continue;
		}
		if (t->glossary &&
		    (error = try_glossary(out, &last, &s, t, text, i)) < 0)
			break;
		if (last != SIZE_MAX) {
			i = last;
			error = add_span(spans ? &sp : NULL, &nsp, &asp, &s);
			continue;
		}
		s.start = k->start;
		s.end = k->end;
		s.out_start = out->size;
		if ((error = emit_rules(out, t, w, n, is_arab(k->script))) < 0)
			break;
		s.out_end = out->size;
		s.source = GLOSSA_TRANSLIT_RULES;
		s.scheme = (is_arab(k->script) ? t->ar.def : t->ru.def)->pub.name;
		s.entry = s.native = NULL;
		error = add_span(spans ? &sp : NULL, &nsp, &asp, &s);
	}
	if (error < 0) {
		free(sp);
		return error;
	}
	if (spans) {
		*spans = sp;
		*nspans = nsp;
	}
	return 0;
}
