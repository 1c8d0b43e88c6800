/*
** The pre-publication check.
**
** One pass of the name matcher (match.h: the same scanner and the same
** resolution as `glossa fix`) over the checkable spans gives the names:
** variants, inconsistent spellings and first references come from it.
** Then one pass of a word scanner over the same spans gives every other
** word, each classified by the code-point table the matcher reads too
** (uchar.c: letter, mark, digit, apostrophe, upper case, script). Words
** inside a name are skipped; the rest go to
**   - foreign-script when their letters are Cyrillic or Arabic (runs of
**     such words are one finding; the glossary's house form when the
**     matcher knew the native name, else the `news` transliteration),
**   - mixed-script when they mix scripts (ICU's spoof checker decides,
**     and its confusable skeletons give the Latin letter to write),
**   - spelling and near-miss otherwise.
** The word scanner is ours, not the ICU break iterator of text.h: it has
** to run at tens of MB/s, and what it needs (letters, apostrophes inside
** words, scripts) is a table lookup per code point.
**
** Per-word work is cached by distinct word for the checker's lifetime:
** the Hunspell verdict, near-miss candidates, Hunspell suggestions and
** transliterations. The messages a word gives are made once per report
** and shared by its findings (a `gen` stamp says which report).
**
** This file: the rules, the checker, one draft's findings and
** glossa_check_text(); the names in check_names.c, the words in
** check_words.c, the word scanner and scripts in check_scan.c
** (check_impl.h holds what they share).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>
#include <unicode/utf8.h>
#include "internal.h"
#include "check_int.h"
#include "check_impl.h"
#include "draft.h"
#include "match.h"
#include "options.h"
#include "uchar.h"
#include "ustr.h"

/* ---- the checker ---- */

/* The script a language is written in: a Russian draft (ru_RU) is
 * spell-checked in Cyrillic, and only Arabic is foreign in it. */
static int home_script(const char *lang)
{
	static const char *const cyrl[] = { "ru", "uk", "be", "bg", "sr", "mk",
		"kk", "ky", "tg", "mn", NULL };
	static const char *const arab[] = { "ar", "fa", "ur", "ps", NULL };
	int i;

	for (i = 0; cyrl[i]; i++)
		if (strncmp(lang, cyrl[i], 2) == 0 &&
		    (lang[2] == '\0' || lang[2] == '_' || lang[2] == '-'))
			return S_CYRL;
	for (i = 0; arab[i]; i++)
		if (strncmp(lang, arab[i], 2) == 0 &&
		    (lang[2] == '\0' || lang[2] == '_' || lang[2] == '-'))
			return S_ARAB;
	return S_LATN;
}

/* Split a Latin form into words (at spaces and hyphens) and call fn. */
typedef int (*word_fn)(glossa_checker *c, const char *w, size_t n,
	size_t idx, void *payload);

static int each_word(glossa_checker *c, const char *s, word_fn fn,
	void *payload)
{
	size_t i = 0, idx = 0, len = strlen(s);
	int r;

	while (i < len) {
		size_t j;

		while (i < len && (s[i] == ' ' || s[i] == '-'))
			i++;
		for (j = i; j < len && s[j] != ' ' && s[j] != '-'; j++)
			;
		/* No-break spaces and dashes inside a form: split too. */
		if (j > i) {
			if ((r = fn(c, s + i, j - i, idx++, payload)) < 0)
				return r;
		}
		i = j;
	}
	return 0;
}

/*
 * Is this entry a given name of the lexicon (given-names-*.tsv), rather
 * than a name of its own? Its words are known names, never the target
 * of a near miss. (One place to ask: given names will become a kind.)
 */
static bool is_given_key(const char *key)
{
	return key && strncmp(key, "given-", 6) == 0;
}

static bool is_given_name(const glossa_entry *e)
{
	return is_given_key(e->key);
}

typedef struct {
	const char *entry;
	glossa_kind kind;
	glossa_form_type type;
	size_t nwords;       /* words in the form */
	size_t pick, plen;   /* the word that is the name, and its length */
} hctx;

static bool name_word(const char *w, size_t n)
{
	return n >= 3 && (glossa_check__upper_ascii(w[0]) ||
		(unsigned char)w[0] >= 0x80);
}

/* Which word of a form is the name a near miss points to: a person's
 * surname (the last word); in a place's or an organisation's name the
 * longest word the dictionary does not know ("Golan" in "Golan
 * Heights", "Younis" in "Khan Younis"). */
static int pick_word(glossa_checker *c, const char *w, size_t n,
	size_t idx, void *payload)
{
	hctx *h = payload;

	h->nwords++;
	if (!name_word(w, n))
		return 0;
	if (h->kind == GLOSSA_KIND_PERSON || h->nwords == 1 ||
	    h->type == GLOSSA_FORM_SHORT) {
		h->pick = idx;
		h->plen = n;
	} else if (n >= h->plen && !glossa_spell__knows(c->sp, w, n)) {
		h->pick = idx;
		h->plen = n;
	}
	return 0;
}

/*
 * A word of a house, short or alternate form is a correct word; it is a
 * target for near misses when it is the entry's name: a person's short
 * form or surname (the last word of the full name, not the given name),
 * any capitalised word of a place's or an organisation's name; never a
 * word the dictionary has in lower case ("Guard", "Human").
 */
static int add_house_word(glossa_checker *c, const char *w, size_t n,
	size_t idx, void *payload)
{
	const hctx *h = payload;
	int r;

	if ((r = glossa_spell__add_house(c->sp, w, n)) < 0)
		return r;
	if (!name_word(w, n) || idx != h->pick ||
	    glossa_spell__other_case(c->sp, w, n))
		return 0;
	return glossa_nearmiss__add(c->nm, w, n, h->entry, (int)h->kind);
}

static int add_given_word(glossa_checker *c, const char *w, size_t n,
	size_t idx, void *payload)
{
	int r;

	GLOSSA_UNUSED(idx);
	GLOSSA_UNUSED(payload);
	if ((r = glossa_spell__add_house(c->sp, w, n)) < 0)
		return r;
	return glossa_nearmiss__add_known(c->nm, w, n);
}

typedef struct {
	const char *becomes;
	char **bw;   /* the words of `becomes` */
	size_t nbw;
	size_t nvw;  /* words in the variant */
} fctx;

static int count_word(glossa_checker *c, const char *w, size_t n, size_t idx,
	void *payload)
{
	fctx *f = payload;

	GLOSSA_UNUSED(c);
	GLOSSA_UNUSED(w);
	GLOSSA_UNUSED(n);
	GLOSSA_UNUSED(idx);
	f->nvw++;
	return 0;
}

static int collect_word(glossa_checker *c, const char *w, size_t n,
	size_t idx, void *payload)
{
	fctx *f = payload;

	GLOSSA_UNUSED(c);
	GLOSSA_UNUSED(idx);
	if (f->nbw >= 16)
		return 0;
	if ((f->bw[f->nbw] = glossa__strndup(w, n)) == NULL)
		return GLOSSA_ERROR;
	f->nbw++;
	return 0;
}

static int add_forbidden_word(glossa_checker *c, const char *w, size_t n,
	size_t idx, void *payload)
{
	fctx *f = payload;
	const char *to = f->becomes;

	/* Particles ("al", "bin") are not names on their own. */
	if (!(glossa_check__upper_ascii(w[0]) || (unsigned char)w[0] >= 0x80))
		return 0;
	if (f->nvw == f->nbw && idx < f->nbw) {
		to = f->bw[idx];
		if (strlen(to) == n && memcmp(to, w, n) == 0)
			return 0;  /* the same word as in the house form */
	}
	return glossa_spell__add_forbidden(c->sp, w, n, to);
}

static int add_entry(glossa_checker *c, const glossa_entry *e)
{
	size_t f, idx;
	einfo *ei;
	int r;

	if (e->status == GLOSSA_STATUS_DEPRECATED)
		return 0;
	if ((r = glossa_strmap__put(&c->ekeys, &idx, e->key,
			strlen(e->key))) < 0)
		return r;
	if (glossa__grow((void **)&c->ei, &c->aei, idx + 1,
			sizeof(einfo)) < 0)
		return GLOSSA_ERROR;
	ei = &c->ei[idx];
	memset(ei, 0, sizeof(*ei));
	ei->kind = e->kind;
	ei->house = c->epool.size;
	if (glossa_buf_puts(&c->epool, glossa_entry_house(e) ?
			glossa_entry_house(e) : "") < 0 ||
	    glossa_buf_put(&c->epool, "", 1) < 0)
		return GLOSSA_ERROR;
	ei->shrt = (size_t)-1;
	if (glossa_entry_short(e)) {
		ei->shrt = c->epool.size;
		if (glossa_buf_puts(&c->epool, glossa_entry_short(e)) < 0 ||
		    glossa_buf_put(&c->epool, "", 1) < 0)
			return GLOSSA_ERROR;
	}
	for (f = 0; f < e->nforms; f++) {
		const glossa_form *fm = &e->forms[f];

		if (strcmp(fm->script, "Latn") != 0)
			continue;
		if (fm->type == GLOSSA_FORM_HOUSE ||
		    fm->type == GLOSSA_FORM_SHORT ||
		    fm->type == GLOSSA_FORM_ALTERNATE) {
			hctx h = { e->key, e->kind, fm->type, 0, (size_t)-1,
				0 };

			if (is_given_name(e))
				r = each_word(c, fm->text, add_given_word, NULL);
			else if ((r = each_word(c, fm->text, pick_word,
					&h)) == 0)
				r = each_word(c, fm->text, add_house_word, &h);
			if (r < 0)
				return r;
		}
	}
	for (f = 0; f < e->nforms; f++) {
		const glossa_form *fm = &e->forms[f];
		char *bw[16];
		fctx fc;
		size_t k;

		if (strcmp(fm->script, "Latn") != 0 ||
		    (fm->type != GLOSSA_FORM_VARIANT &&
		     fm->type != GLOSSA_FORM_ALONE))
			continue;
		fc.becomes = fm->becomes && *fm->becomes ? fm->becomes :
			glossa_entry_house(e);
		if (fc.becomes == NULL)
			continue;
		fc.bw = bw;
		fc.nbw = 0;
		fc.nvw = 0;
		r = each_word(c, fc.becomes, collect_word, &fc);
		if (r == 0)
			r = each_word(c, fm->text, count_word, &fc);
		if (r == 0)
			r = each_word(c, fm->text, add_forbidden_word, &fc);
		for (k = 0; k < fc.nbw; k++)
			free(bw[k]);
		if (r < 0)
			return r;
	}
	return 0;
}

/*
 * The known names (glossaries/known-names.txt): next to the
 * transliteration rules' folder, $GLOSSA_TRANSLIT_DIR/.. or the
 * installed data folder. Missing, there are only the given names.
 */
static int load_known_names(glossa_checker *c)
{
	const char *env = getenv("GLOSSA_TRANSLIT_DIR");
	const char *dir = env && *env ? env : GLOSSA_TRANSLIT_DIR;
	glossa_buf path = GLOSSA_BUF_INIT;
	size_t n = strlen(dir);
	char line[256];
	FILE *f;
	int r = 0;

	while (n > 1 && dir[n - 1] == '/')
		n--;
	while (n > 0 && dir[n - 1] != '/')
		n--;
	if (glossa_buf_printf(&path, "%.*sknown-names.txt", (int)n,
			n ? dir : "./") < 0)
		return GLOSSA_ERROR;
	f = fopen(path.ptr, "r");
	glossa_buf_dispose(&path);
	if (f == NULL)
		return 0;
	while (r == 0 && fgets(line, sizeof(line), f)) {
		size_t k = strcspn(line, "\r\n#");

		while (k > 0 && (line[k - 1] == ' ' || line[k - 1] == '\t'))
			k--;
		if (k > 0)
			r = glossa_nearmiss__add_known(c->nm, line, k);
	}
	fclose(f);
	return r;
}

static int open_spoof(glossa_checker *c)
{
	UErrorCode st = U_ZERO_ERROR;

	c->spoof = uspoof_open(&st);
	if (U_SUCCESS(st))
		uspoof_setChecks(c->spoof, USPOOF_RESTRICTION_LEVEL |
			USPOOF_MIXED_SCRIPT_CONFUSABLE, &st);
	if (U_SUCCESS(st))
		uspoof_setRestrictionLevel(c->spoof,
			USPOOF_HIGHLY_RESTRICTIVE);
	if (U_FAILURE(st))
		return glossa_error__set(GLOSSA_ERRCLASS_ICU, GLOSSA_ERROR,
			"cannot open the ICU spoof checker: %s",
			u_errorName(st));
	return 0;
}

/* The checker, with `m` (owned from here on; NULL: compiled from the
 * glossary). */
static int checker_make(glossa_checker **out, const glossa_doc *glossary,
	const glossa_checker_options *opts, glossa_matcher *m)
{
	glossa_checker_options o;
	glossa_rule_settings rs;
	glossa_checker *c;
	size_t i;
	int error;

	*out = NULL;
	/* Options of any version, read into the current layout. */
	if ((error = glossa_checker__options_read(&o, &rs, opts)) < 0) {
		glossa_matcher_free(m);
		return error;
	}
	opts = &o;
	if ((c = glossa__calloc(1, sizeof(*c))) == NULL) {
		glossa_matcher_free(m);
		return GLOSSA_ERROR;
	}
	c->m = m;
	c->max_words = GLOSSA_CHECK__MAX_WORDS;
	glossa_strmap__init(&c->words);
	glossa_strmap__init(&c->hitkeys);
	glossa_strmap__init(&c->ekeys);
	glossa_strmap__init(&c->tkeys);
	for (i = 0; i < GLOSSA_RULE_COUNT; i++)
		c->sev[i] = glossa_rule__effective((glossa_rule)i, rs.sev[i]);
	c->flags = opts ? opts->flags : 0;
	c->home = home_script(opts && opts->lang ? opts->lang : "en_US");
	if ((c->lang = glossa__strdup(opts && opts->lang ? opts->lang :
			"en_US")) == NULL) {
		error = GLOSSA_ERROR;
		goto fail;
	}
	if ((error = glossa_spell__open(&c->sp, c->lang,
			opts ? opts->dict_path : NULL)) < 0 ||
	    (error = glossa_nearmiss__new(&c->nm)) < 0 ||
	    (c->m == NULL &&
	     (error = glossa_matcher_new(&c->m, glossary, NULL)) < 0) ||
	    ((c->tab = glossa_uchar__table()) == NULL &&
	     (error = GLOSSA_ERROR) < 0) ||
	    (error = load_known_names(c)) < 0 ||
	    (error = open_spoof(c)) < 0)
		goto fail;
	for (i = 0; glossary && i < glossary->nentries; i++)
		if ((error = add_entry(c, &glossary->entries[i])) < 0)
			goto fail;
	for (i = 0; opts && i < opts->naccept; i++)
		if (opts->accept[i] && (error = glossa_spell__add_accepted(
				c->sp, opts->accept[i],
				strlen(opts->accept[i]))) < 0)
			goto fail;
	if ((error = glossa_nearmiss__freeze(c->nm)) < 0)
		goto fail;
	*out = c;
	return 0;
fail:
	glossa_checker_free(c);
	return error;
}

int glossa_checker_new(glossa_checker **out, const glossa_doc *glossary,
	const glossa_checker_options *opts)
{
	return checker_make(out, glossary, opts, NULL);
}

/*
 * From a store, the matcher is the one `fix` compiles and caches for
 * this database (the same object glossa_matcher_new() makes from its
 * document), loaded from the cache folder when it is there; without a
 * folder to trust, or when that fails, it is compiled here as before.
 */
int glossa_checker_new_from_store(glossa_checker **out, glossa_store *store,
	const glossa_checker_options *opts)
{
	glossa_matcher_options mo = GLOSSA_MATCHER_OPTIONS_INIT;
	glossa_matcher *m = NULL;
	glossa_doc *doc = NULL;
	char *dir = glossa_spell__cache_dir();
	int error;

	*out = NULL;
	if (dir != NULL) {
		mo.cache_dir = dir;
		if (glossa_matcher_new_from_store(&m, store, &mo) < 0) {
			m = NULL;
			glossa_error_clear();
		}
		free(dir);
	}
	if ((error = glossa_store_export(&doc, store, NULL)) < 0) {
		glossa_matcher_free(m);
		return error;
	}
	error = checker_make(out, doc, opts, m);
	glossa_doc_free(doc);
	/* A glossary that does not compile: say which. */
	return glossa_error__prefix(error, GLOSSA_ERRCLASS_INVALID,
		glossa_store_path(store));
}

void glossa_checker_free(glossa_checker *c)
{
	size_t i;

	if (c == NULL)
		return;
	glossa_matcher_free(c->m);
	glossa_spell__free(c->sp);
	glossa_nearmiss__free(c->nm);
	free(c->lang);
	if (c->spoof)
		uspoof_close(c->spoof);
	for (i = 0; i < c->nwi; i++)
		glossa_spell__free_list(c->wi[i].hsug, c->wi[i].nhsug);
	free(c->wi);
	free(c->ws);
	glossa_strmap__dispose(&c->words);
	free(c->hs);
	glossa_strmap__dispose(&c->hitkeys);
	glossa_buf_dispose(&c->hpool);
	free(c->ei);
	glossa_strmap__dispose(&c->ekeys);
	glossa_buf_dispose(&c->epool);
	glossa_translit_free(c->tr);
	glossa_strmap__dispose(&c->tkeys);
	free(c->toff);
	glossa_buf_dispose(&c->tpool);
	glossa_buf_dispose(&c->tmp);
	glossa_buf_dispose(&c->tmp2);
	free(c);
}

size_t glossa_checker__spell_calls(const glossa_checker *c)
{
	return glossa_spell__calls(c->sp);
}

glossa_spell *glossa_checker__spell(const glossa_checker *c)
{
	return c->sp;
}

void glossa_checker__set_max_words(glossa_checker *c, size_t n)
{
	c->max_words = n;
}

/*
 * Between drafts, forget what was learnt of each word, of each name as
 * written and of each transliteration once there is too much of it: a
 * long-lived checker (a server) would otherwise grow with every new
 * word it meets. These are caches only; memos and entries' first
 * mentions belong to one draft and are rebuilt with it.
 */
static void forget_words(glossa_checker *c)
{
	size_t i;

	if (c->words.n + c->hitkeys.n + c->tkeys.n <= c->max_words)
		return;
	for (i = 0; i < c->nwi; i++)
		glossa_spell__free_list(c->wi[i].hsug, c->wi[i].nhsug);
	free(c->wi);
	c->wi = NULL;
	c->nwi = c->awi = 0;
	free(c->ws);
	c->ws = NULL;
	c->aws = 0;
	glossa_strmap__dispose(&c->words);
	free(c->hs);
	c->hs = NULL;
	c->ahs = 0;
	glossa_strmap__dispose(&c->hitkeys);
	glossa_buf_dispose(&c->hpool);
	glossa_strmap__dispose(&c->tkeys);
	free(c->toff);
	c->toff = NULL;
	c->atoff = 0;
	glossa_buf_dispose(&c->tpool);
}

/* ---- one draft ---- */

bool glossa_check__quiet(const cctx *x, glossa_rule rule, size_t pos)
{
	size_t i;

	for (i = 0; i < x->nquiet; i++)
		if (pos >= x->quiet[i].start && pos < x->quiet[i].end &&
		    (x->quiet[i].rules & (1u << rule)))
			return true;
	return false;
}

/* Does [s, e) overlap one of the ordered spans? */
bool glossa_check__in_quotes(const cctx *x, size_t s, size_t e)
{
	size_t lo = 0, hi = x->nquotes;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (x->quotes[mid].end <= s)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < x->nquotes && x->quotes[lo].start <= s &&
		e <= x->quotes[lo].end;
}

/* Add a finding whose strings are already the report's. */
int glossa_check__emit(cctx *x, glossa_rule rule, glossa_severity sev, size_t s,
	size_t e, const memo *m)
{
	glossa_finding *f;

	if (sev < GLOSSA_SEVERITY_INFO || glossa_check__quiet(x, rule, s))
		return 0;
	if ((f = glossa_report__add(x->r)) == NULL)
		return GLOSSA_ERROR;
	f->rule = rule;
	f->severity = sev;
	f->start = s;
	f->end = e;
	f->text = m->text;
	f->message = m->msg;
	f->suggestions = m->sug;
	f->nsuggestions = m->nsug;
	f->entry = m->entry;
	return 0;
}

/* Fill a memo for this report: the text, a message, suggestions. */
int glossa_check__memo_set(cctx *x, memo *m, int kind, size_t s, size_t e,
	const char *msg, const char *const *sug, size_t nsug,
	const char *entry)
{
	size_t k, n = strlen(msg), bad;
	char cut[1100];

	/* A message its buffer cut short (a long word quoted in it) may end
	 * inside a character: end it before that, with an ellipsis. */
	if (!glossa_utf8__valid(msg, n, &bad) && bad + 4 <= sizeof(cut)) {
		memcpy(cut, msg, bad);
		memcpy(cut + bad, "\xE2\x80\xA6", 4);
		msg = cut;
		n = bad + 3;
	}
	m->gen = x->c->gen;
	m->kind = kind;
	m->text = glossa_report__strndup(x->r, x->text + s, e - s);
	m->msg = glossa_report__strndup(x->r, msg, n);
	m->sug = glossa_report__ptrs(x->r, nsug);
	m->entry = entry ? glossa_report__strndup(x->r, entry,
		strlen(entry)) : NULL;
	m->nsug = 0;
	if (m->text == NULL || m->msg == NULL || m->sug == NULL ||
	    (entry && m->entry == NULL))
		return GLOSSA_ERROR;
	for (k = 0; k < nsug; k++) {
		if ((m->sug[m->nsug] = glossa_report__strndup(x->r, sug[k],
				strlen(sug[k]))) == NULL)
			return GLOSSA_ERROR;
		m->nsug++;
	}
	return 0;
}

/* The given name before a surname that near-miss took back to a person
 * of the glossary ("Dmitri Peskow" -> "Dmitry Peskov"). */
static int given_after_near(cctx *x)
{
	glossa_checker *c = x->c;
	size_t i, k, n = x->r->n;
	int r;

	for (i = 0; i < n; i++) {
		const glossa_finding *f = &x->r->findings[i];
		size_t s = f->start, ws;
		long ek;
		bool taken = false;
		size_t over = (size_t)-1;

		if (f->rule != GLOSSA_RULE_NEAR_MISS || f->entry == NULL ||
		    f->nsuggestions == 0 || s < 3 || x->text[s - 1] != ' ')
			continue;
		if ((ek = glossa_strmap__get(&c->ekeys, f->entry,
				strlen(f->entry))) < 0 || c->ei[ek].shrt ==
				(size_t)-1 || strcmp(f->suggestions[0],
				c->epool.ptr + c->ei[ek].shrt) != 0)
			continue;
		ws = s - 1;
		while (ws > 0 && x->text[ws - 1] != ' ' &&
		       x->text[ws - 1] != '\n' && x->text[ws - 1] != '\t' &&
		       x->text[ws - 1] != '(' && x->text[ws - 1] != '"')
			ws--;
		if (ws == s - 1 || !(glossa_check__upper_ascii(x->text[ws]) ||
				(unsigned char)x->text[ws] >= 0x80))
			continue;
		for (k = 0; k < x->r->n && !taken; k++) {
			const glossa_finding *g = &x->r->findings[k];

			/* A spelling finding, or a given name of the
			 * lexicon: this person's given name says more. */
			if (g->start == ws && g->end == s - 1 &&
			    (g->rule == GLOSSA_RULE_SPELLING ||
			     (g->rule == GLOSSA_RULE_NEAR_MISS &&
			      is_given_key(g->entry))))
				over = k;
			else
				taken = g->start < s - 1 && g->end > ws;
		}
		if (taken)
			continue;
		if ((r = glossa_check__given_check(x, ws, s - 1, ek, s, f->end,
				over)) < 0)
			return r;
	}
	return 0;
}

int glossa_check_text(glossa_report **out, glossa_checker *c,
	const char *text, size_t len, glossa_text_format format,
	const char *source)
{
	cctx x;
	glossa_span *spans = NULL;
	glossa_html *h = NULL;
	const char *src = text;
	size_t nspans = 0, i, hp = 0, srclen = len;
	int error;

	*out = NULL;
	memset(&x, 0, sizeof(x));
	if ((error = glossa_draft__validate(text, len, source)) < 0)
		return error;
	/* HTML is checked as the text its reader sees (the draft layer's
	 * view), each finding then put where it stands in the source. */
	if (format == GLOSSA_TEXT_HTML) {
		if ((error = glossa_html__new(&h, text, len, source)) < 0)
			return error;
		text = glossa_html__text(h, &len);
		format = GLOSSA_TEXT_PLAIN;
	}
	if ((error = glossa_report__new(&x.r, source)) < 0)
		goto out;
	forget_words(c);
	c->gen++;
	if (c->gen == 0)
		c->gen = 1;
	x.c = c;
	x.text = text ? text : "";
	x.len = len;
	if ((error = glossa_draft__prose(&spans, &nspans, x.text, len,
			format)) < 0)
		goto out;
	if (h == NULL) {
		if ((error = glossa_check__markers(&x.quiet, &x.nquiet, x.text,
				len, source)) < 0)
			goto out;
	} else {
		/* An HTML draft's markers: its comments, by the lines of
		 * the source (what "next line" means to its writer). */
		glossa_buf cm = GLOSSA_BUF_INIT;

		if ((error = glossa_html__comments(h, &cm)) == 0)
			error = glossa_check__markers(&x.quiet, &x.nquiet,
				cm.ptr, cm.size, source);
		glossa_buf_dispose(&cm);
		if (error < 0)
			goto out;
		for (i = 0; i < x.nquiet; i++) {
			x.quiet[i].start = glossa_html__to_view(h,
				x.quiet[i].start, false);
			x.quiet[i].end = glossa_html__to_view(h,
				x.quiet[i].end, true);
		}
	}
	if ((c->flags & GLOSSA_CHECK_QUOTES_EXEMPT) &&
	    (error = glossa_check__quotes(&x.quotes, &x.nquotes, x.text,
			len)) < 0)
		goto out;
	if ((error = glossa_draft__nonprose(&x.links, &x.nlinks, x.text,
			len)) < 0)
		goto out;
	for (i = 0; i < nspans; i++) {
		if ((error = glossa_match__scan(c->m, x.text, len,
				spans[i].start, spans[i].end,
				glossa_check__on_hit, &x)) < 0)
			goto out;
	}
	if ((error = glossa_check__names(&x)) < 0)
		goto out;
	for (i = 0; i < nspans; i++)
		if ((error = glossa_check__scan(&x, spans[i].start,
				spans[i].end, &hp)) < 0)
			goto out;
	if ((error = given_after_near(&x)) < 0)
		goto out;
	/* The span as written is the source's (the message and the
	 * suggestions speak of the text as read, references decoded). */
	for (i = 0; h && i < x.r->n; i++) {
		glossa_finding *f = &x.r->findings[i];

		glossa_html__span_loose(h, srclen, &f->start, &f->end);
		if ((f->text = glossa_report__strndup(x.r, src + f->start,
				f->end - f->start)) == NULL) {
			error = GLOSSA_ERROR;
			goto out;
		}
	}
	if ((error = glossa_report__finish(x.r, h ? src : x.text,
			h ? srclen : len)) < 0)
		goto out;
	*out = x.r;
	x.r = NULL;
	error = (int)((*out)->n > INT32_MAX ? INT32_MAX : (*out)->n);
out:
	glossa_report_free(x.r);
	free(spans);
	free(x.quiet);
	free(x.quotes);
	free(x.links);
	free(x.hits);
	glossa_buf_dispose(&x.fsug);
	glossa_html__free(h);
	return error;
}
