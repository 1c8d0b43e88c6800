/*
 * Transliteration: glossary first, then the scheme's ICU rules.
 *
 * The schemes are ICU transforms. Their tables live in rule files under
 * glossaries/translit/ (compiled once per transliterator with
 * utrans_openU), which may themselves chain an ICU built-in ID where the
 * built-in matches the published table; no character table is kept in C.
 *
 * Work is per word (ICU word segmentation). Running text repeats words
 * heavily, so a bounded cache remembers each word's rule output (and,
 * where it is not cheap to make, its matching key); it is emptied when
 * full, so text of unique words does not make it grow without limit.
 * Only a capitalised word can start a glossary name, so a small letter
 * skips the glossary; a plain Russian word's key is made in place,
 * without ICU. Words that do go through ICU use scratch buffers kept in
 * the transliterator: no allocation per word.
 *
 * The rule files only see lower case: a word is lowered, transliterated
 * and given its case pattern back (Щукин -> Shchukin, ЩУКИН -> SHCHUKIN),
 * so every table states each letter once.
 *
 * The schemes, their rule files and a word through the rules are in
 * translit_rules.c; this file sets a transliterator up, keeps its caches,
 * makes the glossary's matching keys and index, and runs the glossary
 * step and the rules over a text.
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
#include "name.h"
#include "draft.h"
#include "translit_int.h"
#include "morph.h"
#include "options.h"
#include "ustr.h"

/* ---- a bounded word cache: word bytes -> bytes ----
 *
 * The entries live in one arena and the table holds their offsets. When
 * the table or the arena is full everything is dropped: memory stays
 * bounded on text of unique words, and on running text the frequent
 * words come straight back.
 */

static uint32_t wc_hash(const char *s, size_t len)
{
	return glossa_strmap__hash(s, len);
}

static wc_slot *wc_find(const wcache *c, const char *k, size_t klen,
	uint32_t h)
{
	size_t i = h & (c->cap - 1);

	for (;;) {
		wc_slot *s = &c->slots[i];
		uint32_t el;

		if (s->off == 0)
			return s;
		if (s->hash == h) {
			const char *e = c->arena + s->off - 1;

			memcpy(&el, e, sizeof(el));
			if (el == klen && memcmp(e + 8, k, klen) == 0)
				return s;
		}
		i = (i + 1) & (c->cap - 1);
	}
}

static bool wc_get(const wcache *c, const char *k, size_t klen, uint32_t h,
	const char **val, size_t *vlen)
{
	const wc_slot *s;
	const char *e;
	uint32_t kl, vl;

	if (c->n == 0)
		return false;
	if ((s = wc_find(c, k, klen, h))->off == 0)
		return false;
	e = c->arena + s->off - 1;
	memcpy(&kl, e, sizeof(kl));
	memcpy(&vl, e + 4, sizeof(vl));
	*val = e + 8 + kl;
	*vlen = vl;
	return true;
}

static void wc_clear(wcache *c)
{
	if (c->slots)
		memset(c->slots, 0, c->cap * sizeof(wc_slot));
	c->n = c->used = 0;
}

static void wc_free(wcache *c)
{
	free(c->slots);
	free(c->arena);
	memset(c, 0, sizeof(*c));
}

/* Remember k -> v (a no-op if k is known or too long). */
static int wc_put(wcache *c, const char *k, size_t klen, uint32_t h,
	const char *v, size_t vlen)
{
	size_t need = 8 + klen + vlen, i;
	uint32_t kl = (uint32_t)klen, vl = (uint32_t)vlen;
	wc_slot *s;

	if (klen > WC_MAX_WORD || vlen > WC_MAX_ARENA / 16)
		return 0;
	if (c->n >= WC_MAX_ENTRIES || c->used + need > WC_MAX_ARENA)
		wc_clear(c);
	if ((c->n + 1) * 2 > c->cap) {
		wcache g = *c;

		g.cap = c->cap ? c->cap * 2 : 1024;
		if ((g.slots = glossa__calloc(g.cap, sizeof(wc_slot))) == NULL)
			return GLOSSA_ERROR;
		for (i = 0; i < c->cap; i++) {
			const wc_slot *o = &c->slots[i];
			size_t j = o->hash & (g.cap - 1);

			if (o->off == 0)
				continue;
			while (g.slots[j].off != 0)
				j = (j + 1) & (g.cap - 1);
			g.slots[j] = *o;
		}
		free(c->slots);
		*c = g;
	}
	if (c->used + need > c->acap &&
	    glossa__grow((void **)&c->arena, &c->acap, c->used + need, 1) < 0)
		return GLOSSA_ERROR;
	if ((s = wc_find(c, k, klen, h))->off != 0)
		return 0;
	memcpy(c->arena + c->used, &kl, sizeof(kl));
	memcpy(c->arena + c->used + 4, &vl, sizeof(vl));
	memcpy(c->arena + c->used + 8, k, klen);
	if (vlen)
		memcpy(c->arena + c->used + 8 + klen, v, vlen);
	s->off = (uint32_t)c->used + 1;
	s->hash = h;
	c->used += need;
	c->n++;
	return 0;
}

/* ---- state ---- */

/* One word through a scheme's rules (translit_rules.c). */
static inline int rules_word(glossa_buf *out, glossa_translit *t,
	UTransliterator *tr, int mode, const char *w, size_t len)
{
	return glossa_translit__rules_word(out, t, tr, mode, w, len);
}

/* ---- matching keys ---- */

static bool is_arab(const char *script)
{
	return memcmp(script, "Arab", 5) == 0;
}

/*
 * The key of a word of plain Russian letters (А-Я, а-я, Ё, ё), made in
 * place: for these the name key (name.c) is lowering, with ё as е and й
 * as и (the diacritic dropped), so this is word_key() without ICU. Returns 1 when it appended the key, 0
 * when the word has other letters.
 */
static int ru_fast_key(glossa_buf *k, const char *w, size_t len)
{
	const unsigned char *p = (const unsigned char *)w;
	unsigned char *d;
	size_t i;

	if (len & 1)
		return 0;
	for (i = 0; i < len; i += 2)
		if (!(p[i] == 0xD0 && (p[i + 1] >= 0x90 || p[i + 1] == 0x81) &&
		      p[i + 1] <= 0xBF) &&
		    !(p[i] == 0xD1 && ((p[i + 1] >= 0x80 && p[i + 1] <= 0x8F) ||
				p[i + 1] == 0x91)))
			return 0;
	if (glossa__grow((void **)&k->ptr, &k->asize, k->size + len + 1, 1) < 0)
		return GLOSSA_ERROR;
	d = (unsigned char *)k->ptr + k->size;
	for (i = 0; i < len; i += 2) {
		unsigned a = p[i], b = p[i + 1];

		if ((a == 0xD0 && b == 0x81) || (a == 0xD1 && b == 0x91)) {
			a = 0xD0;          /* Ё ё -> е */
			b = 0xB5;
		} else if (a == 0xD0 && (b == 0x99 || b == 0xB9)) {
			b = 0xB8;          /* Й й -> и, as name keys fold */
		} else if (a == 0xD0 && b >= 0x90 && b <= 0x9F) {
			b += 0x20;         /* А-П -> а-п */
		} else if (a == 0xD0 && b >= 0xA0 && b <= 0xAF) {
			a = 0xD1;          /* Р-Я -> р-я */
			b -= 0x20;
		}
		d[i] = (unsigned char)a;
		d[i + 1] = (unsigned char)b;
	}
	k->size += len;
	k->ptr[k->size] = '\0';
	return 1;
}

/* The matching key of one word: name.c's, the key fix, check and the
 * store match by (case, diacritics, Arabic harakat, tatweel and letter
 * variants folded; ё is е, й is и). Appends to out. */
static int word_key(glossa_buf *out, glossa_translit *t, const char *w,
	size_t len, bool arab)
{
	int error;

	(void)t;
	if (!arab && (error = ru_fast_key(out, w, len)) != 0)
		return error < 0 ? error : 0;
	return glossa_name__word_key(out, w, len);
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
	size_t ntok = 0, i, ix;
	gl_item *it;
	int error, added;

	if ((error = name_key(&key, &ntok, t, text)) < 0 || key.size == 0)
		goto out;
	if ((added = glossa_strmap__put(&t->names, &ix, key.ptr,
			key.size)) < 0) {
		error = added;
		goto out;
	}
	if (!added) {
		it = &t->items[t->name_item[ix]];
		if (strcmp(it->house, house) == 0 || prio > it->prio)
			goto out;
		if (prio == it->prio) {
			it->ambiguous = true;
			goto out;
		}
		/* a better claim: the name goes to a new item */
	} else if ((error = glossa__grow((void **)&t->name_item,
			&t->aname_item, ix + 1, sizeof(size_t))) < 0) {
		goto out;
	}
	t->name_item[ix] = t->nitems;
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
			if ((error = glossa_strmap__put(&t->prefixes, &ix,
					key.ptr, i)) < 0)
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
	const scheme_def *d = glossa_translit__find_scheme(name, lang);

	if (d == NULL) {
		if (required)
			return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
				GLOSSA_ENOTFOUND,
				"unknown %s scheme '%s' (see 'glossa translit --list')",
				strcmp(lang, "ru") == 0 ? "Russian" : "Arabic",
				name);
		d = glossa_translit__find_scheme("news", lang);
	}
	s->def = d;
	return glossa_translit__open_rules(&s->tr, dir, d->file);
}

int glossa_translit_new(glossa_translit **out,
	const glossa_translit_options *opts)
{
	glossa_translit_options o;
	glossa_translit *t;
	const char *dir, *name;
	int error;

	*out = NULL;
	/* Options of any version, read into the current layout. */
	if ((error = glossa_translit__options_read(&o, opts)) < 0)
		return error;
	opts = &o;
	name = opts->scheme ? opts->scheme : "news";
	if (!glossa_translit__scheme_known(name, opts->from))
		return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_ENOTFOUND, "unknown scheme '%s'%s (see 'glossa translit --list')",
			name, opts->from == GLOSSA_TRANSLIT_RU ? " for Russian" :
			opts->from == GLOSSA_TRANSLIT_AR ? " for Arabic" : "");
	if ((t = glossa__calloc(1, sizeof(*t))) == NULL)
		return GLOSSA_ERROR;
	t->from = opts->from;
	dir = glossa_translit__rules_dir(opts);
	if ((error = glossa_segmenter_new(&t->seg, GLOSSA_SEGMENT_WORD)) < 0)
		goto fail;
	if (t->from != GLOSSA_TRANSLIT_AR &&
	    (error = open_scheme(&t->ru, dir, name, "ru",
			t->from == GLOSSA_TRANSLIT_RU)) < 0)
		goto fail;
	if (t->from != GLOSSA_TRANSLIT_RU &&
	    (error = open_scheme(&t->ar, dir, name, "ar",
			t->from == GLOSSA_TRANSLIT_AR)) < 0)
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

void glossa_translit_free(glossa_translit *t)
{
	size_t i;

	if (t == NULL)
		return;
	if (t->ru.tr)
		utrans_close(t->ru.tr);
	if (t->ar.tr)
		utrans_close(t->ar.tr);
	for (i = 0; i < t->nitems; i++) {
		free(t->items[i].house);
		free(t->items[i].entry);
		free(t->items[i].native);
	}
	free(t->items);
	glossa_strmap__dispose(&t->names);
	glossa_strmap__dispose(&t->prefixes);
	free(t->name_item);
	for (i = 0; i < 2; i++) {
		wc_free(&t->rules[i]);
		wc_free(&t->keys[i]);
	}
	free(t->u1);
	free(t->u2);
	free(t->u3);
	glossa_segmenter_free(t->seg);
	free(t->toks);
	free(t->hv);
	glossa_buf_dispose(&t->key);
	glossa_buf_dispose(&t->fkey);
	free(t);
}

/* ---- transliterating ---- */

/* Append the matching key of a word; `arab` picks the script's key
 * rules. Very long "words" have none: GLOSSA_ENOTFOUND. */
static int key_of(glossa_buf *k, glossa_translit *t, const char *w,
	size_t len, bool arab)
{
	wcache *c = &t->keys[arab ? 1 : 0];
	size_t start = k->size, vlen;
	const char *v;
	uint32_t h;
	int error;

	if (len > WC_MAX_WORD)
		return GLOSSA_ENOTFOUND;
	if (!arab && (error = ru_fast_key(k, w, len)) != 0)
		return error < 0 ? error : 0;
	h = wc_hash(w, len);
	if (wc_get(c, w, len, h, &v, &vlen))
		return glossa_buf_put(k, v, vlen);
	if ((error = word_key(k, t, w, len, arab)) < 0)
		return error;
	return wc_put(c, w, len, h, k->ptr ? k->ptr + start : "",
		k->size - start);
}

/* A capitalised (or all-caps) word: Russian text only names people and
 * places that way, so "мир" is never the place Мир. */
static bool name_like(const char *w, size_t len)
{
	const unsigned char *p = (const unsigned char *)w;
	int32_t i = 0, n = (int32_t)len;
	UChar32 c;

	/* U+0400-042F are capitals, U+0430-045F small letters */
	if (len >= 2 && p[0] == 0xD0 && p[1] >= 0x80 && p[1] <= 0xBF)
		return p[1] <= 0xAF;
	if (len >= 2 && p[0] == 0xD1 && p[1] >= 0x80 && p[1] <= 0x9F)
		return false;
	U8_NEXT(p, i, n, c);
	return c >= 0 && (u_isUUppercase(c) || u_istitle(c));
}

static bool allowed(const glossa_translit *t, const char *script)
{
	if (memcmp(script, "Cyrl", 5) == 0)
		return t->from != GLOSSA_TRANSLIT_AR;
	if (memcmp(script, "Arab", 5) == 0)
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

/* Rule output for a word, from the cache when the word was seen. `hv`
 * is 1 << 32 | wc_hash(w), or 0 when not known yet. */
static int emit_rules_h(glossa_buf *out, glossa_translit *t, const char *w,
	size_t len, bool arab, uint64_t hv)
{
	scheme_state *s = arab ? &t->ar : &t->ru;
	wcache *c = &t->rules[arab ? 1 : 0];
	int mode = arab ? RW_NAME : RW_CASED, error;
	size_t start = out->size, vlen;
	const char *v;
	uint32_t h;

	if (len > WC_MAX_WORD)
		return rules_word(out, t, s->tr, mode, w, len);
	h = hv ? (uint32_t)hv : wc_hash(w, len);
	if (wc_get(c, w, len, h, &v, &vlen))
		return glossa_buf_put(out, v, vlen);
	if ((error = rules_word(out, t, s->tr, mode, w, len)) < 0)
		return error;
	return wc_put(c, w, len, h, out->ptr ? out->ptr + start : "",
		out->size - start);
}

static int emit_rules(glossa_buf *out, glossa_translit *t, const char *w,
	size_t len, bool arab)
{
	return emit_rules_h(out, t, w, len, arab, 0);
}

#if defined(__GNUC__) || defined(__clang__)
# define PREFETCH(p) __builtin_prefetch(p)
#else
# define PREFETCH(p) ((void)(p))
#endif
#define AHEAD 16   /* tokens: fetch the cache slot this far ahead, and the
                    * entry half as far */

/* Looking ahead: start fetching the cache slot (stage 0) or the cache
 * entry (stage 1) of token j, so that the lookup does not wait for
 * memory. Only a hint: nothing depends on it. */
static void prefetch_tok(glossa_translit *t, const char *text, size_t j,
	int stage)
{
	const glossa_token *k = &t->toks[j];
	const wcache *c;
	size_t n = k->end - k->start;
	bool arab;

	if (stage == 0) {
		t->hv[j] = 0;
		if (k->kind != GLOSSA_TOKEN_WORD || n > WC_MAX_WORD ||
		    !allowed(t, k->script))
			return;
		t->hv[j] = (uint64_t)1 << 32 | wc_hash(text + k->start, n);
	}
	if (t->hv[j] == 0)
		return;
	arab = is_arab(k->script);
	c = &t->rules[arab ? 1 : 0];
	if (c->cap == 0)
		return;
	if (stage == 0) {
		PREFETCH(&c->slots[(uint32_t)t->hv[j] & (c->cap - 1)]);
	} else {
		const wc_slot *s = &c->slots[(uint32_t)t->hv[j] & (c->cap - 1)];

		if (s->off && s->hash == (uint32_t)t->hv[j])
			PREFETCH(c->arena + s->off - 1);
	}
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
	if (glossa_translit__pattern_of(u, n) != CASE_UPPER) {
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
	size_t j;
	long v;
	int error;

	*item = NULL;
	glossa_buf_clear(k);
	if ((error = glossa_buf_puts(k, first)) < 0)
		return error;
	for (j = i;;) {
		bool word_end = t->toks[j].kind == GLOSSA_TOKEN_WORD;

		if (word_end &&
		    (v = glossa_strmap__get(&t->names, k->ptr, k->size)) >= 0 &&
		    !t->items[t->name_item[v]].ambiguous) {
			*item = &t->items[t->name_item[v]];
			*last = j;
		}
		/* names continue only from a known prefix (checked where
		 * a word ends; separators are taken on trust) */
		if (j + 1 >= t->ntoks || j + 1 - i >= t->max_tokens ||
		    (word_end && glossa_strmap__get(&t->prefixes, k->ptr,
				k->size) < 0))
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
				if (!allowed(t, tok->script))
					break;
				error = key_of(k, t, w, n, is_arab(tok->script));
				if (error == GLOSSA_ENOTFOUND)
					break;
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
	char **cands = NULL;
	size_t ncands = 0, prefix = 0;
	int error;

	*last = SIZE_MAX;
	if (!arab && !name_like(w, n))
		return 0;
	glossa_buf_clear(&t->fkey);
	if ((error = key_of(&t->fkey, t, w, n, arab)) == GLOSSA_ENOTFOUND)
		return 0;
	if (error < 0)
		return error;
	if ((error = match_from(last, &item, t, text, i,
			t->fkey.ptr ? t->fkey.ptr : "")) < 0)
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
	    ((error = rules_word(out, t, t->ar.tr, RW_PLAIN, w, prefix)) < 0 ||
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
	if ((error = glossa_draft__validate(text, len, NULL)) < 0 ||
	    (error = glossa_segmenter_set_text(t->seg, text, len)) < 0)
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
	if (glossa_buf_put(out, "", 0) < 0 ||
	    glossa__grow((void **)&t->hv, &t->ahv, t->ntoks + 1,
			sizeof(*t->hv)) < 0)
		return GLOSSA_ERROR;
	/* a glossary match skips tokens: theirs stay 0 (not known) */
	memset(t->hv, 0, t->ntoks * sizeof(*t->hv));
	for (i = 0; i < AHEAD && i < t->ntoks; i++)
		prefetch_tok(t, text, i, 0);
	for (i = 0; i < t->ntoks && error == 0; i++) {
		const glossa_token *k = &t->toks[i];
		const char *w = text + k->start;
		size_t n = k->end - k->start, last = SIZE_MAX;
		glossa_translit_span s;

		if (i + AHEAD < t->ntoks)
			prefetch_tok(t, text, i + AHEAD, 0);
		if (i + AHEAD / 2 < t->ntoks)
			prefetch_tok(t, text, i + AHEAD / 2, 1);

		if (k->kind != GLOSSA_TOKEN_WORD) {
			error = glossa_buf_put(out, w, n);
			continue;
		}
		if (memcmp(k->script, "Zmix", 5) == 0) {
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
		if ((error = emit_rules_h(out, t, w, n, is_arab(k->script),
				t->hv[i])) < 0)
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
