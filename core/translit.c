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
#include <pthread.h>
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
#include "store_int.h"
#include "ustr.h"

/* ---- a bounded word cache: word bytes -> bytes ----
 *
 * The entries live in one arena and the table holds their offsets. When
 * the table or the arena is full everything is dropped: memory stays
 * bounded on text of unique words, and on running text the frequent
 * words come straight back.
 */

/* The cache's own hash, eight bytes a step (a word of Cyrillic is 10-20
 * bytes): every token of the text is hashed, so the byte-wise strmap
 * hash was a tenth of the time. */
static uint32_t wc_hash(const char *s, size_t len)
{
	uint64_t h = (uint64_t)len * UINT64_C(0x9E3779B97F4A7C15), v;

	for (; len >= 8; s += 8, len -= 8) {
		memcpy(&v, s, 8);
		h = (h ^ v) * UINT64_C(0xBF58476D1CE4E5B9);
		h ^= h >> 31;
	}
	v = 0;
	memcpy(&v, s, len);
	h = (h ^ v) * UINT64_C(0x94D049BB133111EB);
	h ^= h >> 29;
	h *= UINT64_C(0xBF58476D1CE4E5B9);
	h ^= h >> 32;
	return (uint32_t)h;
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
 * place: lowering, with ё as е -- name.c's key without ICU, except that
 * й stays й (name.c folds it to и): in a lexicon of given names the two
 * tell the cases apart (Евгений, Евгении). Index and lookup both take
 * this path for such words, so they agree. Returns 1 when it appended the key, 0
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
		} else if (a == 0xD0 && b == 0x99) {
			b = 0xB9;          /* Й -> й: kept apart from и here,
			                    * or Евгении (of Евгения) would
			                    * be Евгений */
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

/* The claim of `lang` on key `ix`, or NULL. */
static gl_item *claim_of(glossa_translit *t, size_t ix, int lang)
{
	size_t k;

	for (k = t->name_item[ix]; k != SIZE_MAX; k = t->items[k].next)
		if (t->items[k].lang == lang)
			return &t->items[k];
	return NULL;
}

/* Fill a claim's strings (its old ones freed). */
static int set_item(gl_item *it, const char *house, const char *entry,
	const char *native, int prio)
{
	char *h = glossa__strdup(house), *e = glossa__strdup(entry),
	     *n = glossa__strdup(native);

	if (h == NULL || e == NULL || n == NULL) {
		free(h);
		free(e);
		free(n);
		return GLOSSA_ERROR;
	}
	free(it->house);
	free(it->entry);
	free(it->native);
	it->house = h;
	it->nhouse = strlen(h);
	it->entry = e;
	it->native = n;
	it->prio = prio;
	it->ambiguous = false;
	return 0;
}

/*
 * Index one spelling of a name. Each key holds one claim per language
 * (TL_ANY for the glossary's own names, a language for its lexicon of
 * given names): within a language the form itself (prio 0) beats a case
 * form (prio 1), and two equal claims with different house forms make
 * the key ambiguous (never used).
 */
static int add_name(glossa_translit *t, const char *text, const char *house,
	const char *entry, const char *native, int prio, int lang, int hint)
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
	if (added && (error = glossa__grow((void **)&t->name_item,
			&t->aname_item, ix + 1, sizeof(size_t))) < 0)
		goto out;
	if (added)
		t->name_item[ix] = SIZE_MAX;
	if ((it = claim_of(t, ix, lang)) != NULL) {
		if (strcmp(it->house, house) == 0 || prio > it->prio)
			goto out;
		if (prio == it->prio) {
			it->ambiguous = true;
			goto out;
		}
		/* a better claim replaces it */
		error = set_item(it, house, entry, native, prio);
		goto out;
	}
	if ((error = glossa__grow((void **)&t->items, &t->aitems,
			t->nitems + 1, sizeof(gl_item))) < 0)
		goto out;
	it = &t->items[t->nitems];
	memset(it, 0, sizeof(*it));
	if ((error = set_item(it, house, entry, native, prio)) < 0)
		goto out;
	it->lang = lang;
	it->hint = hint;
	it->next = t->name_item[ix];
	t->name_item[ix] = t->nitems++;
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

#define ZWNJ "\xE2\x80\x8C"

/* A name written with ZWNJ, indexed with a space in its place too. */
static int add_spaced(glossa_translit *t, const char *text,
	const char *house, const char *entry, int lang, int hint)
{
	glossa_buf b = GLOSSA_BUF_INIT;
	const char *p = text, *z;
	int error = 0;

	while (error == 0 && (z = strstr(p, ZWNJ)) != NULL) {
		if ((error = glossa_buf_put(&b, p, (size_t)(z - p))) == 0)
			error = glossa_buf_put(&b, " ", 1);
		p = z + 3;
	}
	if (error == 0 && (error = glossa_buf_puts(&b, p)) == 0)
		error = add_name(t, b.ptr, house, entry, text, 0, lang, hint);
	glossa_buf_dispose(&b);
	return error;
}

/* TL_* of a language code, or TL_ANY. */
static int lang_of_code(const char *code)
{
	int l;

	for (l = 0; l < TL_N; l++)
		if (strcmp(code, glossa_translit__lang_code[l]) == 0)
			return l;
	return TL_ANY;
}

/* Does this transliterator read the script (Cyrillic or Arabic)? */
static bool reads_script(const glossa_translit *t, bool arab)
{
	return t->forced < 0 || TL_ARABIC(t->forced) == arab;
}

/*
 * Index the glossary's native forms of one script (Cyrillic or Arabic),
 * when a word of that script is first met: Cyrillic text never pays for
 * the Arabic lexicon, nor Arabic text for the Russian case forms. The
 * glossary was read into t->doc by glossa_translit_new(); it is freed
 * once both scripts are indexed.
 */
static int index_script(glossa_translit *t, bool arab)
{
	const glossa_doc *doc = t->doc;
	size_t i, j, k;
	int error = 0;

	if (doc == NULL || t->indexed[arab])
		return 0;
	t->indexed[arab] = true;
	for (i = 0; i < doc->nentries && error == 0; i++) {
		const glossa_entry *e = &doc->entries[i];
		bool given = e->kind == GLOSSA_KIND_GIVEN;

		if (e->status == GLOSSA_STATUS_DEPRECATED)
			continue;
		for (j = 0; j < e->nforms && error == 0; j++) {
			const glossa_form *f = &e->forms[j];
			const char *house = f->becomes && *f->becomes ?
				f->becomes : glossa_entry_house(e);
			int hint = lang_of_code(f->lang);
			int lang = given ? hint : TL_ANY;
			char **forms = NULL;
			size_t nforms = 0;

			if (f->type != GLOSSA_FORM_NATIVE || house == NULL)
				continue;
			/* a lexicon of another script's language, or of a
			 * language --from leaves out: not needed */
			if (lang != TL_ANY && t->forced >= 0 &&
			    TL_ARABIC(lang) != TL_ARABIC(t->forced))
				continue;
			if (!arab && strcmp(f->script, "Cyrl") == 0) {
				if ((error = glossa_morph__forms(&forms,
						&nforms, f->text,
						hint == TL_UK)) < 0)
					break;
				for (k = 0; k < nforms && error == 0; k++)
					error = add_name(t, forms[k], house,
						e->key, f->text, k ? 1 : 0,
						lang, hint);
				glossa_morph__free_list(forms, nforms);
			} else if (arab && strcmp(f->script, "Arab") == 0) {
				error = add_name(t, f->text, house, e->key,
					f->text, 0, lang, hint);
				/* Persian joins with ZWNJ what copy also
				 * writes with a space (احمدی‌نژاد) */
				if (error == 0 && strstr(f->text, ZWNJ))
					error = add_spaced(t, f->text, house,
						e->key, lang, hint);
			}
		}
	}
	if (t->indexed[0] && t->indexed[1]) {
		glossa_doc_free(t->doc);
		t->doc = NULL;
	}
	return error;
}

/* ---- setup ---- */

/* The scheme of language `l`: the one named if it exists for that
 * language, else its news. Compiled when the language is first met. */
static int scheme_of(scheme_state **out, glossa_translit *t, int l)
{
	scheme_state *s = &t->sch[l];

	*out = s;
	if (s->tr)
		return 0;
	if (s->def == NULL) {
		s->def = glossa_translit__find_scheme(t->scheme_name,
			glossa_translit__lang_code[l]);
		if (s->def == NULL)
			s->def = glossa_translit__find_scheme("news",
				glossa_translit__lang_code[l]);
	}
	s->vowel = l == TL_AR && (strcmp(s->def->pub.name, "news") == 0 ||
		strcmp(s->def->pub.name, "news-assimilated") == 0);
	return glossa_translit__open_rules(&s->tr, t->rules_dir, s->def->file);
}

int glossa_translit_new(glossa_translit **out,
	const glossa_translit_options *opts)
{
	static const char *const lang_names[TL_N] = {
		"Russian", "Ukrainian", "Belarusian", "Arabic", "Persian"
	};
	glossa_translit_options o;
	scheme_state *s;
	glossa_translit *t;
	const char *name;
	int error, l;

	*out = NULL;
	/* Options of any version, read into the current layout. */
	if ((error = glossa_translit__options_read(&o, opts)) < 0)
		return error;
	opts = &o;
	if (opts->from > GLOSSA_TRANSLIT_FA)
		return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_EINVALID, "unknown source language %d",
			(int)opts->from);
	name = opts->scheme ? opts->scheme : "news";
	l = glossa_translit__from_lang(opts->from);
	if (!glossa_translit__scheme_known(name, opts->from))
		return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_ENOTFOUND, "unknown scheme '%s'%s%s (see 'glossa translit --list')",
			name, l >= 0 ? " for " : "", l >= 0 ? lang_names[l] : "");
	if ((t = glossa__calloc(1, sizeof(*t))) == NULL)
		return GLOSSA_ERROR;
	t->from = opts->from;
	t->forced = l;
	if ((t->scheme_name = glossa__strdup(name)) == NULL ||
	    (t->rules_dir = glossa__strdup(
			glossa_translit__rules_dir(opts))) == NULL) {
		error = GLOSSA_ERROR;
		goto fail;
	}
	if ((error = glossa_segmenter_new(&t->seg, GLOSSA_SEGMENT_WORD)) < 0)
		goto fail;
	/* A named language's rules are compiled now, so a broken rule file
	 * is reported before any text; in auto mode each language's when
	 * its first word is met (Russian text never compiles Arabic). */
	if (l >= 0 && (error = scheme_of(&s, t, l)) < 0)
		goto fail;
	t->glossary = opts->store && !(opts->flags & GLOSSA_TRANSLIT_NO_GLOSSARY);
	/* read now (the store may go after this call), indexed per script
	 * when first needed; a script --from leaves out never is */
	if (t->glossary &&
	    (error = glossa_store__export_native(&t->doc,
			opts->store)) < 0)
		goto fail;
	t->indexed[0] = !reads_script(t, false);
	t->indexed[1] = !reads_script(t, true);
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
	glossa_doc_free(t->doc);
	if (t->fallback)
		utrans_close(t->fallback);
	for (i = 0; i < TL_N; i++) {
		if (t->sch[i].tr)
			utrans_close(t->sch[i].tr);
		wc_free(&t->rules[i]);
	}
	for (i = 0; i < t->nitems; i++) {
		free(t->items[i].house);
		free(t->items[i].entry);
		free(t->items[i].native);
	}
	free(t->items);
	glossa_strmap__dispose(&t->names);
	glossa_strmap__dispose(&t->prefixes);
	free(t->name_item);
	for (i = 0; i < 2; i++)
		wc_free(&t->keys[i]);
	free(t->scheme_name);
	free(t->rules_dir);
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
		return reads_script(t, false);
	if (memcmp(script, "Arab", 5) == 0)
		return reads_script(t, true);
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

/*
 * Bidi controls (LRM, RLM, ALM, the embeddings and isolates) that word
 * segmentation leaves on the end of a word (copy from the web puts an
 * RLM after Arabic words): their bytes at the end of w[0..n).
 */
static size_t bidi_tail(const char *w, size_t n)
{
	const unsigned char *p = (const unsigned char *)w;
	int32_t i = (int32_t)n, b;
	UChar32 c;

	while (i > 0) {
		b = i;
		U8_PREV(p, 0, b, c);
		if (!(c == 0x061C || c == 0x200E || c == 0x200F ||
		      (c >= 0x202A && c <= 0x202E) ||
		      (c >= 0x2066 && c <= 0x2069)))
			break;
		i = b;
	}
	return n - (size_t)i;
}

/* ---- tokens ----
 *
 * ICU word segmentation was a fifth of the time on Russian copy, though
 * most lines are nothing but Cyrillic letters, spaces, digits and common
 * punctuation. Such a line is cut here, into the tokens ICU makes of it:
 * a run of letters is a word, a run of digits a number, a run of spaces
 * one token, each newline and each punctuation mark a token. Anything
 * where ICU's rules would do more (a letter or digit beside the other,
 * a . : ' , ; between two of them, any other character) sends the line
 * to ICU. ICU never joins across a newline, so the two agree line by
 * line (tests/translit/test-tokens.c compares them).
 */
enum { FC_NO, FC_LETTER, FC_DIGIT, FC_SPACE, FC_NL, FC_MID, FC_PUNCT };

/* The class of the character at s[0..n) (n > 0); *len its bytes. */
static int fast_class(const unsigned char *s, size_t n, size_t *len)
{
	unsigned char c = s[0];

	*len = 1;
	if (c < 0x80) {
		if (c == ' ')
			return FC_SPACE;
		if (c == '\n')
			return FC_NL;
		if (c >= '0' && c <= '9')
			return FC_DIGIT;
		if (c == '.' || c == ',' || c == ';' || c == ':' || c == '\'')
			return FC_MID;
		if (c == '!' || c == '?' || c == '(' || c == ')' ||
		    c == '"' || c == '-')
			return FC_PUNCT;
		return FC_NO;
	}
	if (n < 2 || (s[1] & 0xC0) != 0x80)
		return FC_NO;
	*len = 2;
	switch (c) {
	case 0xD0: case 0xD1: case 0xD3:   /* U+0400-047F, U+04C0-04FF */
		return FC_LETTER;
	case 0xD2:   /* U+0480-0481, U+048A-04BF (not ҂ nor the marks) */
		return s[1] <= 0x81 || s[1] >= 0x8A ? FC_LETTER : FC_NO;
	case 0xD4:   /* U+0500-052F */
		return s[1] <= 0xAF ? FC_LETTER : FC_NO;
	case 0xC2:   /* « » */
		return s[1] == 0xAB || s[1] == 0xBB ? FC_PUNCT : FC_NO;
	case 0xE2:   /* – — “ ” „ … */
		*len = 3;
		if (n < 3 || s[1] != 0x80)
			return FC_NO;
		switch (s[2]) {
		case 0x93: case 0x94: case 0x9C: case 0x9D: case 0x9E:
		case 0xA6:
			return FC_PUNCT;
		}
		return FC_NO;
	}
	return FC_NO;
}

static int put_tok(glossa_translit *t, size_t start, size_t end,
	glossa_token_kind kind, const char *script)
{
	glossa_token *k;

	if (glossa__grow((void **)&t->toks, &t->atoks, t->ntoks + 1,
			sizeof(*k)) < 0)
		return GLOSSA_ERROR;
	k = &t->toks[t->ntoks++];
	k->start = start;
	k->end = end;
	k->kind = kind;
	memcpy(k->script, script, 5);
	return 0;
}

/* The tokens of the line text[from..to) if it is plain (*ok), else
 * nothing (!*ok). */
static int plain_line(bool *ok, glossa_translit *t, const char *text,
	size_t from, size_t to)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t i = from, n0 = t->ntoks, l, j;
	int c, d, e;

	*ok = false;
	while (i < to) {
		if ((c = fast_class(p + i, to - i, &l)) == FC_NO)
			goto no;
		j = i + l;
		if (c == FC_LETTER || c == FC_DIGIT || c == FC_SPACE) {
			while (j < to && fast_class(p + j, to - j, &l) == c)
				j += l;
			if (c != FC_SPACE && j < to &&
			    ((d = fast_class(p + j, to - j, &l)) ==
				FC_LETTER || d == FC_DIGIT ||
			     (d == FC_MID && j + l < to &&
			      ((e = fast_class(p + j + l, to - j - l, &l)) ==
				FC_LETTER || e == FC_DIGIT))))
				goto no;
		}
		if (put_tok(t, i, j, c == FC_LETTER ? GLOSSA_TOKEN_WORD :
				c == FC_DIGIT ? GLOSSA_TOKEN_NUMBER :
				c == FC_SPACE || c == FC_NL ?
				GLOSSA_TOKEN_SPACE : GLOSSA_TOKEN_PUNCT,
				c == FC_LETTER ? "Cyrl" : "Zyyy") < 0)
			return GLOSSA_ERROR;
		i = j;
	}
	*ok = true;
	return 0;
no:
	t->ntoks = n0;
	return 0;
}

/* ICU's tokens of text[from..to) (whole lines). */
static int icu_tokens(glossa_translit *t, const char *text, size_t from,
	size_t to)
{
	glossa_token tok;
	int error;

	if ((error = glossa_segmenter_set_text(t->seg, text + from,
			to - from)) < 0)
		return error;
	while ((error = glossa_segmenter_next(&tok, t->seg)) == 0) {
		size_t tail;

		tok.start += from;
		tok.end += from;
		tail = tok.kind == GLOSSA_TOKEN_WORD ?
			bidi_tail(text + tok.start, tok.end - tok.start) : 0;
		/* a word is read without the bidi controls on its end;
		 * they are kept, as a token of their own */
		if (tail > 0 && tail < tok.end - tok.start) {
			if ((error = put_tok(t, tok.start, tok.end - tail,
					tok.kind, tok.script)) < 0)
				return error;
			tok.start = tok.end - tail;
			tok.kind = GLOSSA_TOKEN_PUNCT;
			memcpy(tok.script, "Zyyy", 5);
		}
		if ((error = put_tok(t, tok.start, tok.end, tok.kind,
				tok.script)) < 0)
			return error;
	}
	return error == GLOSSA_ITEROVER ? 0 : error;
}

int glossa_translit__tokens(glossa_translit *t, const char *text,
	size_t len)
{
	size_t from = 0, icu_from = SIZE_MAX, to, n0;
	bool checked = false, ok;
	int error;

	t->ntoks = 0;
	/* (a NUL, or no text: the message says so) */
	if (text == NULL || memchr(text, '\0', len) != NULL)
		return glossa_draft__validate(text, len, NULL);
	while (from < len) {
		const char *nl = memchr(text + from, '\n', len - from);

		to = nl ? (size_t)(nl - text) + 1 : len;
		n0 = t->ntoks;
		if ((error = plain_line(&ok, t, text, from, to)) < 0)
			return error;
		if (!ok && !checked) {
			/* a plain line is valid UTF-8; the rest is checked
			 * once (the message counts lines from the start) */
			checked = true;
			if (!glossa_utf8__valid(text + from, len - from, NULL))
				return glossa_draft__validate(text, len, NULL);
		}
		if (!ok && icu_from == SIZE_MAX)
			icu_from = from;
		if (ok && icu_from != SIZE_MAX) {
			/* the lines before this one go to ICU together,
			 * then this one again */
			t->ntoks = n0;
			if ((error = icu_tokens(t, text, icu_from, from)) < 0 ||
			    (error = plain_line(&ok, t, text, from, to)) < 0)
				return error;
			icu_from = SIZE_MAX;
		}
		from = to;
	}
	if (icu_from != SIZE_MAX)
		return icu_tokens(t, text, icu_from, len);
	return 0;
}

/* ---- the language of a word ---- */

/* Letters that tell the languages of one script apart. */
enum { M_UK, M_I, M_BE, M_RU, M_RUBE, M_FA, M_AR, M_N };

static int marker(UChar32 c)
{
	switch (c) {
	case 0x0490: case 0x0491:   /* Ґ ґ */
	case 0x0404: case 0x0454:   /* Є є */
	case 0x0407: case 0x0457:   /* Ї ї */
		return M_UK;
	case 0x0406: case 0x0456:   /* І і: Ukrainian or Belarusian */
		return M_I;
	case 0x040E: case 0x045E:   /* Ў ў */
		return M_BE;
	case 0x042A: case 0x044A:   /* Ъ ъ */
		return M_RU;
	case 0x042B: case 0x044B:   /* Ы ы */
	case 0x042D: case 0x044D:   /* Э э */
	case 0x0401: case 0x0451:   /* Ё ё: Russian or Belarusian */
		return M_RUBE;
	case 0x067E: case 0x0686: case 0x0698: case 0x06AF:  /* پ چ ژ گ */
	case 0x06A9: case 0x06CC:   /* ک ی */
		return M_FA;
	case 0x0629: case 0x0649: case 0x0643: case 0x064A:  /* ة ى ك ي */
		return M_AR;
	}
	return -1;
}

/* marker() of each code point U+0400-06FF, made once (0: none, else
 * M_* + 1), indexed by (lead byte - 0xD0) << 6 | continuation bits. */
static signed char marker_tab[12 << 6];
static pthread_once_t marker_once = PTHREAD_ONCE_INIT;

static void marker_init(void)
{
	unsigned i;

	for (i = 0; i < sizeof(marker_tab); i++)
		marker_tab[i] = (signed char)(marker((UChar32)(0x400 + i)) + 1);
}

/* What a line says about its language: its telling letters (two-byte
 * UTF-8 only: U+0400-06FF), and whether it holds an apostrophe (' ’ ʼ)
 * or a ZWNJ. One pass. */
static void count_markers(size_t m[M_N], bool *apos, bool *zwnj,
	const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	pthread_once(&marker_once, marker_init);
	*apos = *zwnj = false;
	for (i = 0; i < n; i++) {
		unsigned char c = p[i];
		int k;

		if (c < 0x80) {
			if (c == '\'')
				*apos = true;
			continue;
		}
		if (c >= 0xD0 && c <= 0xDB && i + 1 < n &&
		    (p[i + 1] & 0xC0) == 0x80) {
			k = marker_tab[(c - 0xD0) << 6 | (p[i + 1] & 0x3F)];
			if (k > 0)
				m[k - 1]++;
			i++;
		} else if (c == 0xE2 && i + 2 < n && p[i + 1] == 0x80) {
			if (p[i + 2] == 0x99)          /* ’ */
				*apos = true;
			else if (p[i + 2] == 0x8C)     /* ZWNJ */
				*zwnj = true;
		} else if (c == 0xCA && i + 1 < n && p[i + 1] == 0xBC) {
			*apos = true;                  /* ʼ */
		}
	}
}

/* The language of the claims on a one-word key (the glossary forms'
 * languages and the lexicons'), counted into `hint`. */
static void hint_word(size_t hint[TL_N], glossa_translit *t, const char *w,
	size_t n)
{
	size_t k;
	long v;

	glossa_buf_clear(&t->key);
	if (!name_like(w, n) || key_of(&t->key, t, w, n, false) < 0 ||
	    (v = glossa_strmap__get(&t->names, t->key.ptr ? t->key.ptr : "",
			t->key.size)) < 0)
		return;
	for (k = t->name_item[v]; k != SIZE_MAX; k = t->items[k].next)
		if (t->items[k].hint >= 0)
			hint[t->items[k].hint]++;
}

/*
 * The languages of this text, for words whose own letters do not tell:
 * the telling letters of the line, and when Cyrillic has none, the
 * languages of the glossary names it holds (Володимир Зеленський is
 * Ukrainian). "This text" is one line, tokens [from, to): the same line
 * reads the same in a block of lines (plain output), alone (--explain,
 * JSON) and wherever a block boundary falls.
 */
static int text_langs(glossa_translit *t, const char *text, size_t from,
	size_t to)
{
	size_t m[M_N] = { 0 }, hint[TL_N] = { 0 }, i;
	size_t ru, uk;
	bool apos, zwnj;
	const char *s = text + (from < to ? t->toks[from].start : 0);
	size_t n = from < to ? t->toks[to - 1].end - t->toks[from].start : 0;
	int error;

	if (t->forced >= 0) {
		t->doc_cyrl = t->doc_arab = t->forced;
		t->plain_cyrl = t->plain_arab = true;
		return 0;
	}
	count_markers(m, &apos, &zwnj, s, n);
	ru = m[M_RU] + m[M_RUBE];
	uk = m[M_UK] + m[M_I];
	/* no word of a script can tell otherwise than the text: its words
	 * need no look of their own (most Russian and Arabic text) */
	t->plain_cyrl = uk + m[M_BE] == 0 && !apos;
	t->plain_arab = m[M_FA] == 0 && !zwnj;
	if (m[M_BE] > 0 && m[M_BE] >= m[M_UK])
		t->doc_cyrl = TL_BE;
	else if (uk > ru)
		t->doc_cyrl = TL_UK;
	else
		t->doc_cyrl = TL_RU;
	t->doc_arab = m[M_FA] > m[M_AR] ? TL_FA : TL_AR;
	if (uk + ru + m[M_BE] > 0 || !t->glossary)
		return 0;
	if ((error = index_script(t, false)) < 0)
		return error;
	for (i = from; i < to; i++) {
		const glossa_token *k = &t->toks[i];

		if (k->kind == GLOSSA_TOKEN_WORD &&
		    memcmp(k->script, "Cyrl", 5) == 0)
			hint_word(hint, t, text + k->start,
				k->end - k->start);
	}
	if (hint[TL_UK] > hint[TL_RU] && hint[TL_UK] >= hint[TL_BE])
		t->doc_cyrl = TL_UK;
	else if (hint[TL_BE] > hint[TL_RU] && hint[TL_BE] > hint[TL_UK])
		t->doc_cyrl = TL_BE;
	return 0;
}

/* An apostrophe (', U+2019, U+02BC) before я ю є ї: Ukrainian (or
 * Belarusian) spelling, Знам'янка, В'ячеслав; Russian writes ъ or ь
 * there, and its apostrophes (О'Нил, д'Артаньян) stand before other
 * letters. */
static bool iotated_apostrophe(const char *w, size_t n)
{
	const unsigned char *p = (const unsigned char *)w;
	int32_t i = 0, len = (int32_t)n;
	UChar32 c, prev = 0;

	while (i < len) {
		U8_NEXT(p, i, len, c);
		if ((prev == 0x27 || prev == 0x2019 || prev == 0x02BC) &&
		    (c == 0x044F || c == 0x042F || c == 0x044E ||
		     c == 0x042E || c == 0x0454 || c == 0x0404 ||
		     c == 0x0457 || c == 0x0407))
			return true;
		prev = c;
	}
	return false;
}

/* The token after the line that starts at token i (its line end's
 * space token included), or t->ntoks. */
static size_t line_after(const glossa_translit *t, const char *text,
	size_t i)
{
	for (; i < t->ntoks; i++) {
		const glossa_token *k = &t->toks[i];

		if (k->kind == GLOSSA_TOKEN_SPACE &&
		    memchr(text + k->start, '\n', k->end - k->start))
			return i + 1;
	}
	return t->ntoks;
}

/* The language one word (or run) of a script is read as. */
static int word_lang(const glossa_translit *t, const char *w, size_t n,
	bool arab)
{
	size_t m[M_N] = { 0 };
	bool apos, zwnj;

	if (t->forced >= 0)
		return t->forced;
	if (arab ? t->plain_arab : t->plain_cyrl && t->doc_cyrl == TL_RU)
		return arab ? t->doc_arab : TL_RU;
	count_markers(m, &apos, &zwnj, w, n);
	/* a ZWNJ inside an Arabic-script word is Persian spelling (علی‌اکبر,
	 * typed with ي and ك on an Arabic keyboard) */
	if (arab)
		return m[M_FA] || t->doc_arab == TL_FA || zwnj ?
			TL_FA : TL_AR;
	if (m[M_BE])
		return TL_BE;
	if (m[M_UK])
		return TL_UK;
	if (m[M_I])
		return t->doc_cyrl == TL_BE ? TL_BE : TL_UK;
	if (m[M_RU])
		return TL_RU;
	if (m[M_RUBE])
		return t->doc_cyrl == TL_BE ? TL_BE : TL_RU;
	if (iotated_apostrophe(w, n))
		return t->doc_cyrl == TL_BE ? TL_BE : TL_UK;
	return t->doc_cyrl;
}

/* ---- rule output ---- */

/* Letters (and marks) of the script being converted from (Cyrillic or
 * Arabic). */
static bool source_letter(UChar32 c, bool arab)
{
	UErrorCode st = U_ZERO_ERROR;
	UScriptCode sc;

	if (c < 0x0370)
		return false;
	/* the script's own marks too: a hamza or a titlo left on a
	 * Latin letter is no better */
	if (arab ? (c >= 0x0610 && c <= 0x061A) || (c >= 0x064B &&
		c <= 0x065F) || c == 0x0670 || (c >= 0x06D6 && c <= 0x06ED) :
	    c >= 0x0483 && c <= 0x0489)
		return true;
	sc = uscript_getScript(c, &st);
	return u_isalpha(c) &&
		sc == (arab ? USCRIPT_ARABIC : USCRIPT_CYRILLIC);
}

/*
 * Never a letter of the source script in the output: a letter a rule
 * file left (or a letter of another language of the script that no rule
 * knows) goes through ICU's general Any-Latin, then Latin-ASCII; what
 * even that leaves is dropped. out[start..] is the word's output.
 */
static int no_source_letters(glossa_buf *out, size_t start, bool arab,
	glossa_translit *t)
{
	const uint8_t *p = (const uint8_t *)out->ptr;
	int32_t i = (int32_t)start, n = (int32_t)out->size;
	glossa_buf fixed = GLOSSA_BUF_INIT;
	bool found = false;
	UChar32 c;
	int error = 0;

	if (out->size > INT32_MAX)
		return 0;
	while (i < n && !found) {
		U8_NEXT(p, i, n, c);
		found = c >= 0 && source_letter(c, arab);
	}
	if (!found)
		return 0;
	if (t->fallback == NULL) {
		UErrorCode st = U_ZERO_ERROR;
		UChar id[64];

		u_uastrcpy(id, "Any-Latin; Latin-ASCII");
		t->fallback = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0,
			NULL, &st);
		if (U_FAILURE(st)) {
			t->fallback = NULL;
			return glossa_error__set(GLOSSA_ERRCLASS_ICU,
				GLOSSA_ERROR, "cannot open Any-Latin: %s",
				u_errorName(st));
		}
	}
	if ((error = glossa_translit__rules_word(&fixed, t, t->fallback,
			RW_PLAIN, out->ptr + start, out->size - start)) < 0)
		goto out;
	out->size = start;
	p = (const uint8_t *)fixed.ptr;
	n = (int32_t)fixed.size;
	for (i = 0; i < n && error == 0;) {
		int32_t at = i;

		U8_NEXT(p, i, n, c);
		if (c >= 0 && source_letter(c, arab))
			continue;
		error = glossa_buf_put(out, fixed.ptr + at, (size_t)(i - at));
	}
out:
	glossa_buf_dispose(&fixed);
	return error;
}

/* The small number that stands for a pattern name in the rules cache. */
static unsigned char pattern_id(glossa_translit *t, const char *pattern)
{
	size_t i;

	if (pattern == NULL)
		return 0;
	for (i = 0; i < t->npats; i++)
		if (t->pats[i] == pattern)
			return (unsigned char)(i + 1);
	if (t->npats == sizeof(t->pats) / sizeof(t->pats[0]))
		return 0;
	t->pats[t->npats++] = pattern;
	return (unsigned char)t->npats;
}

/* Rule output for a word of language `l`, from the cache when the word
 * was seen; sets t->pattern. `hv` is 1 << 32 | wc_hash(w), or 0 when not
 * known yet. */
static int emit_rules_h(glossa_buf *out, glossa_translit *t, const char *w,
	size_t len, int l, uint64_t hv)
{
	bool arab = TL_ARABIC(l);
	wcache *c = &t->rules[l];
	int mode = arab ? RW_NAME : RW_CASED, error;
	size_t start = out->size, vlen;
	scheme_state *s;
	unsigned char id;
	const char *v;
	uint32_t h;

	t->pattern = NULL;
	h = hv ? (uint32_t)hv : wc_hash(w, len);
	if (len <= WC_MAX_WORD && wc_get(c, w, len, h, &v, &vlen) && vlen) {
		if (v[0] && (size_t)(unsigned char)v[0] <= t->npats)
			t->pattern = t->pats[(unsigned char)v[0] - 1];
		return glossa_buf_put(out, v + 1, vlen - 1);
	}
	if ((error = scheme_of(&s, t, l)) < 0 ||
	    (error = glossa_buf_put(out, "", 1)) < 0)   /* the id's place */
		return error;
	t->pattern = NULL;
	if (s->vowel)
		mode |= RW_VOWEL;
	if ((error = rules_word(out, t, s->tr, mode, w, len)) < 0 ||
	    (error = no_source_letters(out, start + 1, arab, t)) < 0)
		return error;
	id = pattern_id(t, t->pattern);
	out->ptr[start] = (char)id;
	if (len <= WC_MAX_WORD && (error = wc_put(c, w, len, h,
			out->ptr + start, out->size - start)) < 0)
		return error;
	memmove(out->ptr + start, out->ptr + start + 1, out->size - start - 1);
	out->size--;
	out->ptr[out->size] = '\0';
	return 0;
}

static int emit_rules(glossa_buf *out, glossa_translit *t, const char *w,
	size_t len, int l)
{
	return emit_rules_h(out, t, w, len, l, 0);
}

/* Is the two-byte UTF-8 letter at p + i the code point c (U+0080-07FF)? */
static bool ar_at(const unsigned char *p, size_t i, unsigned c)
{
	return p[i] == (0xC0 | (c >> 6)) && p[i + 1] == (0x80 | (c & 0x3F));
}

/*
 * An Arabic word the glossary does not know that starts with a clitic and
 * the article (والمصري, بالشمري, للتميمي): the clitic by the rules and a
 * hyphen, then the article and the name as one word of the rules
 * ("wa-al-Masri"). Only with the article, and only when three letters
 * or more follow it: a name that starts with و is not a clitic (وليد).
 * Returns 1 when it wrote the word, 0 when the word is not such a one.
 */
static int ar_clitic_rules(glossa_buf *out, glossa_translit *t,
	const char *w, size_t n)
{
	static const char al[] = "\xD8\xA7\xD9\x84";   /* ال */
	const unsigned char *p = (const unsigned char *)w;
	size_t at = 0, rest, letters = 0, k;
	glossa_buf word = GLOSSA_BUF_INIT;
	bool ll = false;
	scheme_state *sc;
	int error;

	if (n >= 2 && (ar_at(p, 0, 0x0648) || ar_at(p, 0, 0x0641)))
		at = 2;                                      /* و ف */
	if (n >= at + 4 && ar_at(p, at, 0x0644) && ar_at(p, at + 2, 0x0644)) {
		at += 2;                                     /* لل: ل + ال */
		ll = true;
	} else {
		if (n >= at + 2 && (ar_at(p, at, 0x0628) ||
				ar_at(p, at, 0x0643)))
			at += 2;                             /* ب ك */
		if (at == 0 || n < at + 4 || memcmp(w + at, al, 4) != 0)
			return 0;
	}
	rest = at + (ll ? 2 : 4);
	for (k = rest; k < n; k++)
		letters += (p[k] & 0xC0) != 0x80;
	if (letters < 3)
		return 0;
	if ((error = glossa_buf_put(&word, al, 4)) < 0 ||
	    (error = glossa_buf_put(&word, w + rest, n - rest)) < 0 ||
	    (error = scheme_of(&sc, t, TL_AR)) < 0 ||
	    (error = rules_word(out, t, sc->tr, RW_PLAIN, w, at)) < 0 ||
	    (error = glossa_buf_put(out, "-", 1)) < 0 ||
	    (error = emit_rules(out, t, word.ptr, word.size, TL_AR)) < 0)
		goto out;
	error = 1;
out:
	glossa_buf_dispose(&word);
	return error;
}

/* A rules span of language l. */
static void rules_span(glossa_translit_span *sp, glossa_translit *t, int l)
{
	sp->source = GLOSSA_TRANSLIT_RULES;
	sp->scheme = t->sch[l].def ? t->sch[l].def->pub.name : "news";
	sp->lang = glossa_translit__lang_code[l];
	sp->pattern = t->pattern;
	sp->entry = sp->native = NULL;
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

	if (stage == 0) {
		t->hv[j] = 0;
		if (k->kind != GLOSSA_TOKEN_WORD || n > WC_MAX_WORD ||
		    !allowed(t, k->script))
			return;
		t->hv[j] = (uint64_t)1 << 32 | wc_hash(text + k->start, n);
	}
	if (t->hv[j] == 0)
		return;
	/* (the text's language: a word's own letters may say another) */
	c = &t->rules[is_arab(k->script) ? t->doc_arab : t->doc_cyrl];
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
static int emit_house(glossa_buf *out, const char *house, size_t nhouse,
	const char *orig, size_t len)
{
	UChar *u = NULL, *r = NULL;
	int32_t n, nr;
	char *s = NULL;
	size_t ns;
	int error;

	/* (a small letter, a-z or а-я ѐ-џ, says it is not all capitals
	 * without a look at the rest: most names) */
	for (ns = 0; ns + 1 < len; ns++)
		if ((orig[ns] >= 'a' && orig[ns] <= 'z') ||
		    ((unsigned char)orig[ns] == 0xD0 &&
		     (unsigned char)orig[ns + 1] >= 0xB0 &&
		     (unsigned char)orig[ns + 1] <= 0xBF) ||
		    ((unsigned char)orig[ns] == 0xD1 &&
		     (unsigned char)orig[ns + 1] >= 0x80 &&
		     (unsigned char)orig[ns + 1] <= 0x9F))
			return glossa_buf_put(out, house, nhouse);
	if ((error = glossa_ustr__from_utf8(&u, &n, orig, len)) < 0)
		return error;
	if (glossa_translit__pattern_of(u, n) != CASE_UPPER) {
		free(u);
		return glossa_buf_put(out, house, nhouse);
	}
	free(u);
	u = NULL;
	if ((error = glossa_ustr__from_utf8(&u, &n, house, nhouse)) < 0 ||
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
/* How well a claim suits a word of language l: 0 the glossary's own
 * names, 1 the word's language's lexicon, 2 (auto only) another Cyrillic
 * lexicon; -1 not at all. */
static int claim_rank(const glossa_translit *t, const gl_item *it, int l)
{
	if (it->ambiguous)
		return -1;
	if (it->lang == TL_ANY)
		return 0;
	if (it->lang == l)
		return 1;
	/* Cyrillic spellings mostly belong to one language (Володимир is
	 * only Ukrainian); Arabic script spells a name alike in Arabic and
	 * Persian, and romanises it differently (Qasim, Qassem) */
	if (t->forced < 0 && !TL_ARABIC(l) && !TL_ARABIC(it->lang))
		return 2;
	return -1;
}

/* The best claim on key v for a word of language l, or NULL. */
static const gl_item *best_claim(const glossa_translit *t, long v, int l)
{
	const gl_item *best = NULL;
	int rank = 3, r;
	size_t k;

	for (k = t->name_item[v]; k != SIZE_MAX; k = t->items[k].next)
		if ((r = claim_rank(t, &t->items[k], l)) >= 0 && r < rank) {
			rank = r;
			best = &t->items[k];
		}
	return best;
}

/*
 * The longest glossary name starting at token i whose first word is
 * `first` (a key; for Arabic possibly with a clitic removed), for a name
 * of language l. On a hit, *last is the last token and *item the name.
 */
static int match_from(size_t *last, const gl_item **item, glossa_translit *t,
	const char *text, size_t i, const char *first, size_t nfirst, int l)
{
	glossa_buf *k = &t->key;
	const gl_item *it;
	size_t j;
	long v;
	int error;

	*item = NULL;
	glossa_buf_clear(k);
	if ((error = glossa_buf_put(k, first, nfirst)) < 0)
		return error;
	for (j = i;;) {
		bool word_end = t->toks[j].kind == GLOSSA_TOKEN_WORD;

		if (word_end &&
		    (v = glossa_strmap__get(&t->names, k->ptr, k->size)) >= 0 &&
		    (it = best_claim(t, v, l)) != NULL) {
			*item = it;
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
			} else if (bidi_tail(w, n) == n) {
				/* bidi controls: not part of the name */
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
	size_t i, int l)
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
			t->fkey.ptr ? t->fkey.ptr : "", t->fkey.size, l)) < 0)
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
					ck.ptr ? ck.ptr : "", ck.size, l)) < 0)
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
	if (prefix > 0) {
		/* the clitic and the article each with its hyphen:
		 * والتميمي -> wa-al-Tamimi, للتميمي -> li-al-Tamimi */
		static const char al[] = "\xD8\xA7\xD9\x84";   /* ال */
		static const char ll[] = "\xD9\x84\xD9\x84";   /* لل */
		size_t cl = prefix;
		bool art = false;
		scheme_state *sc;

		if (cl > 4 && memcmp(w + cl - 4, al, 4) == 0) {
			cl -= 4;
			art = true;
		} else if (cl == 4 && memcmp(w, ll, 4) == 0) {
			cl = 2;
			art = true;
		}
		if ((error = scheme_of(&sc, t, l)) < 0 ||
		    (error = rules_word(out, t, sc->tr, RW_PLAIN, w, cl)) < 0 ||
		    (error = glossa_buf_put(out, "-", 1)) < 0 ||
		    (art && ((error = rules_word(out, t, sc->tr, RW_PLAIN, al,
				4)) < 0 ||
			     (error = glossa_buf_put(out, "-", 1)) < 0)) ||
		    (error = no_source_letters(out, span->out_start, true,
				t)) < 0)
			return error;
	}
	if ((error = emit_house(out, item->house, item->nhouse, w, n)) < 0)
		return error;
	span->out_end = out->size;
	span->source = GLOSSA_TRANSLIT_GLOSSARY;
	span->scheme = NULL;
	span->entry = item->entry;
	span->native = item->native;
	span->lang = glossa_translit__lang_code[l];
	span->pattern = NULL;
	return 0;
}

/* The Latin letter a Cyrillic one imitates (homoglyphs), or 0. */
static UChar32 latin_twin(UChar32 c)
{
	static const uint16_t pairs[][2] = {
		{ 0x0405, 'S' }, { 0x0406, 'I' }, { 0x0408, 'J' },
		{ 0x0410, 'A' }, { 0x0412, 'B' }, { 0x0415, 'E' },
		{ 0x041A, 'K' }, { 0x041C, 'M' }, { 0x041D, 'H' },
		{ 0x041E, 'O' }, { 0x0420, 'P' }, { 0x0421, 'C' },
		{ 0x0422, 'T' }, { 0x0423, 'Y' }, { 0x0425, 'X' },
		{ 0x0430, 'a' }, { 0x0435, 'e' }, { 0x043E, 'o' },
		{ 0x0440, 'p' }, { 0x0441, 'c' }, { 0x0443, 'y' },
		{ 0x0445, 'x' }, { 0x0455, 's' }, { 0x0456, 'i' },
		{ 0x0458, 'j' }, { 0x04AE, 'Y' }, { 0x04BA, 'H' },
		{ 0x04BB, 'h' }, { 0x04C0, 'I' }, { 0x04CF, 'l' },
		{ 0x051A, 'Q' }, { 0x051B, 'q' }, { 0x051C, 'W' },
		{ 0x051D, 'w' },
	};
	size_t i;

	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
		if (pairs[i][0] == c)
			return pairs[i][1];
	return 0;
}

/* Letters of a word by script: Latin, and the rest. */
static void count_scripts(const char *text, int32_t i, int32_t end,
	size_t *latin, size_t *other)
{
	const uint8_t *p = (const uint8_t *)text;
	UChar32 c;

	*latin = *other = 0;
	while (i < end) {
		UErrorCode st = U_ZERO_ERROR;

		U8_NEXT(p, i, end, c);
		if (c < 0 || !u_isalpha(c))
			continue;
		if (uscript_getScript(c, &st) == USCRIPT_LATIN)
			(*latin)++;
		else
			(*other)++;
	}
}

/* A Cyrillic run inside a Latin word, written with the Latin letters
 * its letters imitate ("Іran" -> "Iran"); 0 when a letter has no twin. */
static int twins(glossa_buf *out, const char *text, int32_t i, int32_t end)
{
	const uint8_t *p = (const uint8_t *)text;
	size_t start = out->size;
	UChar32 c;
	int error;

	while (i < end) {
		char b;

		U8_NEXT(p, i, end, c);
		if (c < 0 || (b = (char)latin_twin(c)) == 0) {
			if (c >= 0 && (U_GET_GC_MASK(c) & U_GC_M_MASK))
				continue;   /* a mark on a twin: dropped */
			out->size = start;
			return 0;
		}
		if ((error = glossa_buf_put(out, &b, 1)) < 0)
			return error;
	}
	return 1;
}

/* A word of letters from several scripts: transliterate its Cyrillic and
 * Arabic runs, keep the rest. In a word of mostly Latin letters, a
 * Cyrillic letter that imitates a Latin one is that Latin letter. */
static int mixed_word(glossa_buf *out, glossa_translit_span **spans,
	size_t *nspans, size_t *aspans, glossa_translit *t, const char *text,
	const glossa_token *tok)
{
	const uint8_t *p = (const uint8_t *)text;
	int32_t i = (int32_t)tok->start, end = (int32_t)tok->end;
	size_t nlatin, nother;
	int error;

	count_scripts(text, i, end, &nlatin, &nother);
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
		if ((sc == USCRIPT_CYRILLIC && reads_script(t, false)) ||
		    (sc == USCRIPT_ARABIC && reads_script(t, true))) {
			bool arab = sc == USCRIPT_ARABIC;
			int l = word_lang(t, text + run, (size_t)(i - run),
				arab), tw = 0;

			sp.start = (size_t)run;
			sp.end = (size_t)i;
			sp.out_start = out->size;
			if (!arab && nlatin > nother &&
			    (tw = twins(out, text, run, i)) < 0)
				return tw;
			if (tw == 0 && (error = emit_rules(out, t, text + run,
					(size_t)(i - run), l)) < 0)
				return error;
			sp.out_end = out->size;
			rules_span(&sp, t, l);
			if (tw) {
				sp.scheme = "homoglyph";
				sp.pattern = NULL;
			}
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
	size_t nsp = 0, asp = 0, i, line_to;
	int error;

	if (spans) {
		*spans = NULL;
		*nspans = 0;
	}
	if ((error = glossa_translit__tokens(t, text, len)) < 0)
		return error;
	if (glossa_buf_put(out, "", 0) < 0 ||
	    glossa__grow((void **)&t->hv, &t->ahv, t->ntoks + 1,
			sizeof(*t->hv)) < 0)
		return GLOSSA_ERROR;
	line_to = line_after(t, text, 0);
	if ((error = text_langs(t, text, 0, line_to)) < 0)
		return error;
	/* a glossary match skips tokens: theirs stay 0 (not known) */
	memset(t->hv, 0, t->ntoks * sizeof(*t->hv));
	for (i = 0; i < AHEAD && i < t->ntoks; i++)
		prefetch_tok(t, text, i, 0);
	for (i = 0; i < t->ntoks && error == 0; i++) {
		const glossa_token *k = &t->toks[i];
		const char *w = text + k->start;
		size_t n = k->end - k->start, last = SIZE_MAX;
		glossa_translit_span s;
		int l;

		if (i >= line_to) {
			line_to = line_after(t, text, i);
			if ((error = text_langs(t, text, i, line_to)) < 0)
				break;
		}
		if (i + AHEAD < t->ntoks)
			prefetch_tok(t, text, i + AHEAD, 0);
		if (i + AHEAD / 2 < t->ntoks)
			prefetch_tok(t, text, i + AHEAD / 2, 1);

		if (k->kind != GLOSSA_TOKEN_WORD &&
		    (k->kind == GLOSSA_TOKEN_SPACE ||
		     !(allowed(t, k->script) ||
		       memcmp(k->script, "Zmix", 5) == 0))) {
			error = glossa_buf_put(out, w, n);
			continue;
		}
		/* (a "word" of letters and marks that segmentation calls
		 * punctuation, ا___ٔ, goes by its letters too: never a
		 * letter left) */
		if (memcmp(k->script, "Zmix", 5) == 0 ||
		    k->kind != GLOSSA_TOKEN_WORD) {
			error = mixed_word(out, spans ? &sp : NULL, &nsp, &asp,
				t, text, k);
			continue;
		}
		if (!allowed(t, k->script)) {
			error = glossa_buf_put(out, w, n);
			continue;
		}
		l = word_lang(t, w, n, is_arab(k->script));
		if (t->glossary &&
		    ((error = index_script(t, TL_ARABIC(l))) < 0 ||
		     (error = try_glossary(out, &last, &s, t, text, i, l)) < 0))
			break;
		if (last != SIZE_MAX) {
			i = last;
			error = add_span(spans ? &sp : NULL, &nsp, &asp, &s);
			continue;
		}
		s.start = k->start;
		s.end = k->end;
		s.out_start = out->size;
		if (l == TL_AR && (error = ar_clitic_rules(out, t, w, n)) != 0) {
			if (error < 0)
				break;
		} else if ((error = emit_rules_h(out, t, w, n, l,
				t->hv[i])) < 0) {
			break;
		}
		s.out_end = out->size;
		rules_span(&s, t, l);
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
