/*
** The check's words: a word of the draft that is no name the matcher
** found is spelt right, a glossary variant, a misspelt glossary name
** (near-miss), another language's romanisation of a Russian name, or a
** possible new name; a given name before a known surname is compared
** with that person's.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check_impl.h"
#include "draft.h"
#include "ustr.h"

/* ---- words ---- */

static winfo *word_info(glossa_checker *c, wstate *w)
{
	if (w->info == 0) {
		if (glossa__grow((void **)&c->wi, &c->awi, c->nwi + 1,
				sizeof(winfo)) < 0)
			return NULL;
		memset(&c->wi[c->nwi], 0, sizeof(winfo));
		w->info = (uint32_t)++c->nwi;
	}
	return &c->wi[w->info - 1];
}

static const char *near_how(unsigned how, char *buf, size_t n)
{
	snprintf(buf, n, "%s%s",
		how & GLOSSA_NEAR_PHONETIC ? ", sounds alike" : "",
		how & GLOSSA_NEAR_SKELETON ? ", same consonants" : "");
	return buf;
}

static int spelling_finding(cctx *x, size_t s, size_t e, wstate *w,
	winfo *wi)
{
	glossa_checker *c = x->c;
	const char *sug[8];
	char msg[512];
	size_t ns = 0, k, q;
	int r;

	if (glossa_check__memo_ok(x, &wi->m, MK_SPELL))
		return glossa_check__emit(x, GLOSSA_RULE_SPELLING,
			c->sev[GLOSSA_RULE_SPELLING], s, e, &wi->m);
	/* Glossary names first, then Hunspell's own. */
	if (!w->near_done) {
		w->near_done = 1;
		if ((r = glossa_nearmiss__find(c->nm, x->text + s, e - s,
				wi->near, 3)) < 0)
			return r;
		w->nnear = (uint8_t)r;
	}
	for (k = 0; k < w->nnear; k++)
		sug[ns++] = wi->near[k].word;
	if (!w->sug_done) {
		w->sug_done = 1;
		if ((r = glossa_spell__suggest(c->sp, x->text + s, e - s,
				&wi->hsug, &wi->nhsug)) < 0)
			return r;
	}
	for (k = 0; k < wi->nhsug && ns < 5; k++) {
		for (q = 0; q < ns && strcmp(sug[q], wi->hsug[k]) != 0; q++)
			;
		if (q == ns)
			sug[ns++] = wi->hsug[k];
	}
	snprintf(msg, sizeof(msg), "\"%.*s\" is not in the %s dictionary",
		(int)(e - s), x->text + s, c->lang);
	if ((r = glossa_check__memo_set(x, &wi->m, MK_SPELL, s, e, msg, sug, ns,
			NULL)) < 0)
		return r;
	return glossa_check__emit(x, GLOSSA_RULE_SPELLING,
		c->sev[GLOSSA_RULE_SPELLING], s, e, &wi->m);
}

/* An acronym or a word in capitals ("MPs", "NGOs", "NATO"): more than
 * one capital, not counting one after an apostrophe ("O'Brien") or Mc,
 * Mac ("McCain", "MacArthur"). */
static bool acronym(const glossa_checker *c, const char *w, size_t n)
{
	const uint8_t *t = (const uint8_t *)w;
	size_t i = 0, k;
	unsigned upper = 0;
	UChar32 cp;
	bool after_apos = false;

	while (i < n) {
		uint32_t cl = glossa_check__cls_at(c, t, i, n, &k, &cp);

		if (glossa_check__letter(cl) && (cl & T_UPPER) &&
		    !(i > 0 && after_apos) &&
		    !(i == 2 && w[0] == 'M' && w[1] == 'c') &&
		    !(i == 3 && w[0] == 'M' && w[1] == 'a' && w[2] == 'c'))
			upper++;
		after_apos = T_CLS(cl) == C_APOS;
		i += k;
	}
	return upper > 1;
}

/* Could this unknown capitalised word be a misspelt glossary name? Not
 * when it is a known name (a given name of the lexicon, a name of
 * known-names.txt), an acronym, or a dictionary word in another case. */
static bool plausible_name(glossa_checker *c, const char *w, size_t n)
{
	return !glossa_nearmiss__known(c->nm, w, n) && !acronym(c, w, n) &&
		!glossa_spell__other_case(c->sp, w, n);
}

/* The ASCII word just before `s` (past spaces and one hyphen), or 0. */
static size_t word_before(const char *t, size_t s, size_t *ws)
{
	size_t i = s, e;

	if (i > 0 && t[i - 1] == '-')
		i--;
	else
		while (i > 0 && (t[i - 1] == ' ' || t[i - 1] == '\t'))
			i--;
	e = i;
	while (i > 0 && ((t[i - 1] >= 'a' && t[i - 1] <= 'z') ||
			 (t[i - 1] >= 'A' && t[i - 1] <= 'Z')))
		i--;
	*ws = i;
	return e - i;
}

static bool word_in(const char *w, size_t n, const char *const *set)
{
	size_t i;

	for (i = 0; set[i]; i++)
		if (strlen(set[i]) == n && memcmp(set[i], w, n) == 0)
			return true;
	return false;
}

#define KIND_BIT(k) (1u << (k))
#define KIND_ANY    0xFFu

/* Which kinds of name fit where the word stands: after a title or a
 * given name a person, after "in" or "from" a place; before a name the
 * dictionary does not know (a surname: "Goran Ivanisevic") a person's
 * given name, which is no target at all; else any. */
static unsigned fitting_kinds(const cctx *x, size_t s, size_t e)
{
	static const char *const place_words[] = { "in", "from", NULL };
	static const char *const titles[] = { "Mr", "Mrs", "Ms", "Dr",
		"President", "Minister", "Premier", "Chancellor", "Secretary",
		"General", "Gen", "Colonel", "Col", "Commander", "Sheikh",
		"Prince", "Princess", "King", "Queen", "Emir", "Sultan",
		"Senator", "Sen", "Rep", "Ayatollah", "Imam", "Patriarch",
		"spokesman", "spokeswoman", "spokesperson", "leader", NULL };
	size_t ws, n = word_before(x->text, s, &ws), k;
	const char *w = x->text + ws;

	/* The next word: a name the dictionary does not know? */
	if (e + 1 < x->len && x->text[e] == ' ' &&
			glossa_check__upper_ascii(x->text[e + 1])) {
		for (k = e + 1; k < x->len && ((x->text[k] >= 'a' &&
				x->text[k] <= 'z') || (x->text[k] >= 'A' &&
				x->text[k] <= 'Z')); k++)
			;
		if (k - e - 1 >= 3 && !glossa_spell__knows(x->c->sp,
				x->text + e + 1, k - e - 1))
			return 0;
	}
	if (n == 0)
		return KIND_ANY;
	if (word_in(w, n, place_words))
		return KIND_BIT(GLOSSA_KIND_PLACE);
	if (word_in(w, n, titles) || (glossa_check__upper_ascii(w[0]) &&
			x->text[ws + n] == ' ' &&
			glossa_nearmiss__known(x->c->nm, w, n)))
		return KIND_BIT(GLOSSA_KIND_PERSON);
	return KIND_ANY;
}

/* ---- other languages' romanisations ---- */

typedef struct {
	glossa_checker *c;
	glossa_buf text;
	glossa_match__hit hit;
	bool whole;
	size_t repl, keys;
	bool found;
} rrctx;

static int rr_hit(const glossa_match__hit *h, void *payload)
{
	rrctx *q = payload;

	if (h->start == 0 && h->end == q->text.size) {
		q->hit = *h;
		q->whole = true;
		return 1;
	}
	return 0;
}

/* One Cyrillic reading: is it (a case form of) a native glossary name? */
static int rr_try(const char *cyr, size_t n, void *payload)
{
	rrctx *q = payload;
	glossa_checker *c = q->c;
	glossa_buf repl = GLOSSA_BUF_INIT, keys = GLOSSA_BUF_INIT;
	glossa_match_status status;
	glossa_form_type form;
	uint32_t target;
	int32_t i = 0, o = 0;
	UChar32 cp;
	UBool err = 0;
	char up[4];
	int r;

	/* Written as a name: a capital first. */
	U8_NEXT((const uint8_t *)cyr, i, (int32_t)n, cp);
	if (cp < 0)
		return 0;
	U8_APPEND((uint8_t *)up, o, 4, u_toupper(cp), err);
	glossa_buf_clear(&q->text);
	if (err || glossa_buf_put(&q->text, up, (size_t)o) < 0 ||
	    glossa_buf_put(&q->text, cyr + i, n - (size_t)i) < 0)
		return GLOSSA_ERROR;
	q->whole = false;
	if ((r = glossa_match__scan(c->m, q->text.ptr, q->text.size, 0,
			q->text.size, rr_hit, q)) < 0)
		return r;
	if (!q->whole)
		return 0;
	r = glossa_match__resolve(c->m, q->text.ptr, q->text.size, &q->hit,
		&status, &form, &repl, &keys, &target);
	if (r == 0 && status != GLOSSA_MATCH_AMBIGUOUS &&
	    form == GLOSSA_FORM_NATIVE && repl.size > 0 && keys.size > 0) {
		q->repl = c->hpool.size;
		if (glossa_buf_put(&c->hpool, repl.ptr, repl.size) < 0 ||
		    glossa_buf_put(&c->hpool, "", 1) < 0)
			r = GLOSSA_ERROR;
		q->keys = c->hpool.size;
		if (r == 0 && (glossa_buf_put(&c->hpool, keys.ptr,
				keys.size) < 0 ||
			       glossa_buf_put(&c->hpool, "", 1) < 0))
			r = GLOSSA_ERROR;
		if (r == 0) {
			q->found = true;
			r = 1;
		}
	}
	glossa_buf_dispose(&repl);
	glossa_buf_dispose(&keys);
	return r;
}

/*
 * A Russian surname's feminine form is another person, a wife or a
 * daughter ("Nina Khrushcheva", "Zhanna Nemtsova"), not a misspelling of
 * the man's: a word that ends in -a where the glossary's name does not.
 * (In Latin copy a Russian name is not declined, so the genitive, which
 * reads the same, does not occur.)
 */
static bool feminine_of(const char *w, size_t n, const char *name)
{
	static const char *const masc[] = { "ov", "ev", "in", "yn", NULL };
	size_t nl = strlen(name), i;

	if (n < 4 || nl < 4 || (w[n - 1] != 'a' && w[n - 1] != 'A'))
		return false;
	for (i = 0; masc[i]; i++)
		if (glossa_check__ascii_ieq(name + nl - 2, 2, masc[i], 2))
			return glossa_nearmiss__distance(w, n - 1, name,
				nl) <= 1;
	return false;
}

/*
 * "Gorbatschow", "Chodorkowski", "Šojgu": a Russian name as German,
 * Polish, Czech or French copy writes it. Read back into Cyrillic, it is
 * a native form of the glossary: say so, with the house form.
 * 1: reported, 0: not such a name, < 0: error.
 */
static int romanised(cctx *x, size_t s, size_t e, wstate *w, winfo *wi)
{
	glossa_checker *c = x->c;
	const char *word = x->text + s, *repl, *keys;
	char msg[640];
	int r;

	if (c->sev[GLOSSA_RULE_NEAR_MISS] == GLOSSA_SEVERITY_OFF)
		return 0;
	if (!w->rr_done) {
		rrctx q;

		memset(&q, 0, sizeof(q));
		q.c = c;
		w->rr_done = 1;
		wi->rr_repl = (size_t)-1;
		r = glossa_reroman__each(word, e - s, 256, rr_try, &q);
		glossa_buf_dispose(&q.text);
		if (r < 0)
			return r;
		if (q.found) {
			wi->rr_repl = q.repl;
			wi->rr_keys = q.keys;
		}
	}
	if (wi->rr_repl == (size_t)-1)
		return 0;
	repl = c->hpool.ptr + wi->rr_repl;
	keys = c->hpool.ptr + wi->rr_keys;
	if (feminine_of(word, e - s, repl))
		return 0;
	if (!glossa_check__memo_ok(x, &wi->m, MK_NEAR)) {
		snprintf(msg, sizeof(msg),
			"\"%.*s\" is another language's romanisation of a Russian name in the glossary (%s); the house form is \"%s\"",
			(int)(e - s), word, keys, repl);
		if ((r = glossa_check__memo_set(x, &wi->m, MK_NEAR, s, e, msg,
				&repl, 1, keys)) < 0)
			return r;
	}
	if ((r = glossa_check__emit(x, GLOSSA_RULE_NEAR_MISS,
			c->sev[GLOSSA_RULE_NEAR_MISS], s, e, &wi->m)) < 0)
		return r;
	return 1;
}

/* Report the word as a misspelt glossary name when one of its close
 * names fits here. 1: reported, 0: no close name, < 0: error. */
static int near_miss(cctx *x, size_t s, size_t e, wstate *w, winfo *wi)
{
	glossa_checker *c = x->c;
	const char *word = x->text + s;
	unsigned kinds;
	const glossa_near *best = NULL;
	const char *sug[3];
	size_t k, ns = 0, n = e - s;
	char msg[640], how[64];
	memo m, *mp;
	int r;

	if (c->sev[GLOSSA_RULE_NEAR_MISS] == GLOSSA_SEVERITY_OFF ||
	    w->nnear == 0)
		return 0;
	kinds = fitting_kinds(x, s, e);
	for (k = 0; k < w->nnear && ns < 3; k++) {
		if (!(kinds & KIND_BIT(wi->near[k].kind)))
			continue;
		if (best == NULL)
			best = &wi->near[k];
		sug[ns++] = wi->near[k].word;
	}
	if (best == NULL || feminine_of(word, n, best->word))
		return 0;
	/* The memo is the word's when the context did not choose. */
	mp = kinds == KIND_ANY ? &wi->m : &m;
	if (kinds != KIND_ANY)
		memset(&m, 0, sizeof(m));
	if (!glossa_check__memo_ok(x, mp, MK_NEAR)) {
		snprintf(msg, sizeof(msg),
			"\"%.*s\" is not in the glossary; close to \"%s\" (%s): edit distance %u, %u%% similar%s",
			(int)n, word, best->word, best->entry, best->distance,
			best->similarity,
			near_how(best->how, how, sizeof(how)));
		if ((r = glossa_check__memo_set(x, mp, MK_NEAR, s, e, msg, sug,
				ns, best->entry)) < 0)
			return r;
	}
	if ((r = glossa_check__emit(x, GLOSSA_RULE_NEAR_MISS,
			c->sev[GLOSSA_RULE_NEAR_MISS], s, e, mp)) < 0)
		return r;
	return 1;
}

static bool ends_with(const char *w, size_t n, const char *suf)
{
	size_t k = strlen(suf);

	return n > k + 1 && glossa_check__ascii_ieq(w + n - k, k, suf, k);
}

/* Does the word look like a transliterated Russian, Ukrainian or Arabic
 * name: a Slavic surname ending, or an Arabic particle or Abdel- before
 * it or at its start? */
static bool translit_shape(const cctx *x, size_t s, size_t e)
{
	static const char *const endings[] = { "ov", "ova", "ev", "eva",
		"yov", "yova", "enko", "sky", "skiy", "skyi", "skyy", "ski",
		"skaya", "skaia", "vich", "vych", "vna", NULL };
	static const char *const before[] = { "al", "el", "Al", "El", "bin",
		"ibn", "bint", "Abdel", "Abdul", "Abd", "Abu", NULL };
	const char *w = x->text + s;
	size_t n = e - s, i, ws, bn;

	for (i = 0; endings[i]; i++)
		if (ends_with(w, n, endings[i]))
			return true;
	if (n > 6 && (glossa_check__ascii_ieq(w, 5, "Abdel", 5) ||
			glossa_check__ascii_ieq(w, 5, "Abdul", 5)))
		return true;
	bn = word_before(x->text, s, &ws);
	return bn > 0 && word_in(x->text + ws, bn, before);
}

/* A possible new glossary entry, once per draft and word. */
static int new_name(cctx *x, size_t s, size_t e, winfo *wi)
{
	glossa_checker *c = x->c;
	char msg[640];
	size_t n = e - s;
	int r;

	if (!translit_shape(x, s, e) || glossa_check__memo_ok(x, &wi->m,
			MK_NEW))
		return 0;  /* not that shape, or said once in this draft */
	snprintf(msg, sizeof(msg),
		"\"%.*s\" is in neither the glossary nor the dictionary: a possible new name for the glossary",
		(int)n, x->text + s);
	if ((r = glossa_check__memo_set(x, &wi->m, MK_NEW, s, e, msg, NULL, 0,
			NULL)) < 0)
		return r;
	return glossa_check__emit(x, GLOSSA_RULE_NEW_NAME,
		c->sev[GLOSSA_RULE_NEW_NAME], s, e, &wi->m);
}

int glossa_check__latin_word(cctx *x, size_t s, size_t e, bool upper_first,
	uint32_t hash)
{
	glossa_checker *c = x->c;
	const char *word = x->text + s;
	size_t n = e - s, idx;
	wstate *w;
	winfo *wi;
	char msg[640];
	int r;

	if ((r = glossa_strmap__put_h(&c->words, &idx, word, n, hash)) < 0)
		return r;
	if (glossa__grow((void **)&c->ws, &c->aws, idx + 1,
			sizeof(wstate)) < 0)
		return GLOSSA_ERROR;
	w = &c->ws[idx];
	if (r == 1)
		memset(w, 0, sizeof(*w));
	if (w->verdict == 0) {
		const char *house = NULL;

		r = glossa_spell__check(c->sp, word, n, &house);
		w->verdict = (uint8_t)(r + 1);
		if (r == GLOSSA_SPELL_FORBIDDEN) {
			if ((wi = word_info(c, w)) == NULL)
				return GLOSSA_ERROR;
			wi->house = house;
		}
	}
	switch (w->verdict - 1) {
	case GLOSSA_SPELL_OK:
	case GLOSSA_SPELL_HOUSE:
		return 0;
	case GLOSSA_SPELL_FORBIDDEN:
		if (c->sev[GLOSSA_RULE_SPELLING] == GLOSSA_SEVERITY_OFF)
			return 0;
		wi = &c->wi[w->info - 1];
		if (!glossa_check__memo_ok(x, &wi->m, MK_FORBID)) {
			snprintf(msg, sizeof(msg),
				"\"%.*s\" is a variant spelling in the glossary; write \"%s\"",
				(int)n, word, wi->house);
			if ((r = glossa_check__memo_set(x, &wi->m, MK_FORBID, s,
					e, msg, &wi->house, 1, NULL)) < 0)
				return r;
		}
		return glossa_check__emit(x, GLOSSA_RULE_SPELLING,
			c->sev[GLOSSA_RULE_SPELLING], s, e, &wi->m);
	}
	/* Wrong. A possessive is judged by its word ("Tsikhanouskaya's"). */
	if (n > 3 && word[n - 2] == '\'' && word[n - 1] == 's')
		return glossa_check__latin_word(x, s, e - 2, upper_first,
			glossa_strmap__hash(word, n - 2));
	if (n > 5 && word[n - 1] == 's' &&
	    memcmp(word + n - 4, "\xE2\x80\x99", 3) == 0)
		return glossa_check__latin_word(x, s, e - 4, upper_first,
			glossa_strmap__hash(word, n - 4));
	/* A capitalised word may be a name. */
	if ((wi = word_info(c, w)) == NULL)
		return GLOSSA_ERROR;
	if (upper_first && c->home == S_LATN) {
		/* At a sentence start (or after ':' or '…', where the
		 * capital the word has is the writer's), a capital says
		 * nothing of a name. */
		bool starts = glossa_draft__sentence(x->text, s) !=
			GLOSSA_SENTENCE_NO;

		if (!w->near_done) {
			w->near_done = 1;
			w->plausible = plausible_name(c, word, n);
			w->nnear = 0;
			if (w->plausible && (r = glossa_nearmiss__find(c->nm,
					word, n, wi->near, NEAR_MAX)) < 0)
				return r;
			if (w->plausible)
				w->nnear = (uint8_t)r;
		}
		/* A known name, an acronym, a word of the dictionary in
		 * another case: nothing to say. */
		if (!w->plausible)
			return 0;
		if ((r = romanised(x, s, e, w, wi)) != 0 ||
		    (r = near_miss(x, s, e, w, wi)) != 0)
			return r < 0 ? r : 0;
		if (!starts) {
			if (c->sev[GLOSSA_RULE_NEW_NAME] != GLOSSA_SEVERITY_OFF &&
			    (r = new_name(x, s, e, wi)) < 0)
				return r;
			return 0;
		}
	}
	if (c->sev[GLOSSA_RULE_SPELLING] == GLOSSA_SEVERITY_OFF)
		return 0;
	return spelling_finding(x, s, e, w, wi);
}

/*
 * A given name just before a person's surname that the matcher found
 * ("Dmitri Peskov", "Walerij Saluschnyj"... once the surname is known):
 * when it is close to, but not, the given name of that person's house
 * form, say so. Only here does a given name get a near-miss: the
 * surname says whose it is. 1: reported, 0: not, < 0: error.
 */
int glossa_check__given_check(cctx *x, size_t s, size_t e, long ek, size_t hs0,
	size_t he, size_t over);

int glossa_check__given_before(cctx *x, size_t s, size_t e, size_t hp)
{
	glossa_checker *c = x->c;
	const hit *ht;
	const hstate *hs;
	const einfo *ei;
	const char *shrt;

	if (c->sev[GLOSSA_RULE_NEAR_MISS] == GLOSSA_SEVERITY_OFF ||
	    hp >= x->nhits)
		return 0;
	ht = &x->hits[hp];
	if (ht->start != e + 1 || x->text[e] != ' ')
		return 0;
	hs = &c->hs[ht->h];
	if (hs->entry < 0 || hs->status == GLOSSA_MATCH_AMBIGUOUS ||
	    hs->form == GLOSSA_FORM_NATIVE)
		return 0;
	ei = &c->ei[hs->entry];
	if (ei->shrt == (size_t)-1)
		return 0;
	shrt = c->epool.ptr + ei->shrt;
	if (!glossa_check__ascii_ieq(x->text + ht->start, ht->end - ht->start,
			shrt, strlen(shrt)) &&
	    strcmp(c->hpool.ptr + hs->repl, shrt) != 0)
		return 0;
	return glossa_check__given_check(x, s, e, hs->entry, ht->start, ht->end,
		(size_t)-1);
}

/* The word [s, e) before the surname [hs, he) of entry `ek`: the given
 * name of its house form misspelt? `over`: a spelling finding on the
 * word that this one takes the place of, or -1. */
int glossa_check__given_check(cctx *x, size_t s, size_t e, long ek, size_t hs0,
	size_t he, size_t over)
{
	glossa_checker *c = x->c;
	const einfo *ei = &c->ei[ek];
	const char *house, *sp, *shrt, *word = x->text + s;
	size_t gn, n = e - s, L;
	unsigned d;
	char msg[640];
	memo m;
	int r;

	if (ei->kind != GLOSSA_KIND_PERSON || ei->shrt == (size_t)-1)
		return 0;
	house = c->epool.ptr + ei->house;
	shrt = c->epool.ptr + ei->shrt;
	/* "Given Surname", the surname being the short form. */
	if ((sp = strchr(house, ' ')) == NULL || strcmp(sp + 1, shrt) != 0 ||
	    strchr(sp + 1, ' ') != NULL)
		return 0;
	gn = (size_t)(sp - house);
	if (memchr(house, '-', gn) != NULL)
		return 0;
	d = glossa_nearmiss__distance(word, n, house, gn);
	L = n > gn ? n : gn;
	/* The same letters but for accents ("Mikhaïl", "Kyryło") is this
	 * name written another way; another known given name is another
	 * person of the family ("Masrour Barzani", the son of Masoud). */
	if (d == 0 && n == gn && memcmp(word, house, n) == 0)
		return 0;
	if (d > 0 && glossa_nearmiss__known(c->nm, word, n))
		return 0;
	if (d * 3 > L + 1 || L < 4)
		return 0;
	{
		char *g = glossa__strndup(house, gn);
		const char *sug = g;

		if (g == NULL)
			return GLOSSA_ERROR;
		snprintf(msg, sizeof(msg),
			"\"%.*s %.*s\": the glossary writes this person's name \"%s\" (%s): edit distance %u",
			(int)n, word, (int)(he - hs0), x->text + hs0, house,
			glossa_strmap__key(&c->ekeys, (size_t)ek), d);
		memset(&m, 0, sizeof(m));
		r = glossa_check__memo_set(x, &m, MK_NEAR, s, e, msg, &sug, 1,
			glossa_strmap__key(&c->ekeys, (size_t)ek));
		free(g);
		if (r < 0)
			return r;
	}
	if (over != (size_t)-1) {
		glossa_finding *f = &x->r->findings[over];

		if (glossa_check__quiet(x, GLOSSA_RULE_NEAR_MISS, s))
			return 0;
		f->rule = GLOSSA_RULE_NEAR_MISS;
		f->severity = c->sev[GLOSSA_RULE_NEAR_MISS];
		f->message = m.msg;
		f->suggestions = m.sug;
		f->nsuggestions = m.nsug;
		f->entry = m.entry;
		return 1;
	}
	if ((r = glossa_check__emit(x, GLOSSA_RULE_NEAR_MISS,
			c->sev[GLOSSA_RULE_NEAR_MISS], s, e, &m)) < 0)
		return r;
	return 1;
}
