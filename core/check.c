/*
** The pre-publication check.
**
** One pass of the name matcher (match.h: the same scanner and the same
** resolution as `glossa fix`) over the checkable spans gives the names:
** variants, inconsistent spellings and first references come from it.
** Then one pass of a word scanner over the same spans gives every other
** word, each classified by a 64K table made once per checker (letter,
** mark, digit, apostrophe, upper case, script). Words inside a name are
** skipped; the rest go to
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
#include "draft.h"
#include "match.h"
#include "uchar.h"
#include "ustr.h"

/* ---- rules and severities ---- */

static const struct {
	const char *name;
	const char *description;
	glossa_severity def;     /* OFF for off by default */
	glossa_severity on;      /* when turned on */
} rules[GLOSSA_RULE_COUNT] = {
	{ "spelling", "a word that is in neither the dictionary nor the glossary",
	  GLOSSA_SEVERITY_WARNING, GLOSSA_SEVERITY_WARNING },
	{ "variant", "a known variant of a glossary name: write the house form",
	  GLOSSA_SEVERITY_ERROR, GLOSSA_SEVERITY_ERROR },
	{ "inconsistent", "one name written two different ways in one draft",
	  GLOSSA_SEVERITY_WARNING, GLOSSA_SEVERITY_WARNING },
	{ "near-miss", "an unknown name that is no known name and is close to a glossary name",
	  GLOSSA_SEVERITY_WARNING, GLOSSA_SEVERITY_WARNING },
	{ "foreign-script", "Cyrillic or Arabic text in English copy",
	  GLOSSA_SEVERITY_ERROR, GLOSSA_SEVERITY_ERROR },
	{ "mixed-script", "a word that hides letters of another script",
	  GLOSSA_SEVERITY_ERROR, GLOSSA_SEVERITY_ERROR },
	{ "first-reference", "the first mention of a person is not the full house form",
	  GLOSSA_SEVERITY_OFF, GLOSSA_SEVERITY_WARNING },
	{ "new-name", "an unknown name shaped like a Russian, Ukrainian or Arabic one: a possible new glossary entry",
	  GLOSSA_SEVERITY_OFF, GLOSSA_SEVERITY_INFO },
};

const char *glossa_rule_name(glossa_rule rule)
{
	return (unsigned)rule < GLOSSA_RULE_COUNT ? rules[rule].name : "?";
}

const char *glossa_rule_description(glossa_rule rule)
{
	return (unsigned)rule < GLOSSA_RULE_COUNT ?
		rules[rule].description : "";
}

glossa_severity glossa_rule_default_severity(glossa_rule rule)
{
	return (unsigned)rule < GLOSSA_RULE_COUNT ? rules[rule].def :
		GLOSSA_SEVERITY_OFF;
}

int glossa_rule_parse(glossa_rule *out, const char *name)
{
	int i;

	for (i = 0; i < GLOSSA_RULE_COUNT; i++)
		if (strcmp(rules[i].name, name) == 0) {
			*out = (glossa_rule)i;
			return 0;
		}
	/* The issue's spelling of the rule id, and a common slip. */
	if (strcmp(name, "inconsistency") == 0) {
		*out = GLOSSA_RULE_INCONSISTENT;
		return 0;
	}
	return GLOSSA_EINVALID;
}

static const char *const sev_names[] = {
	"default", "off", "on", "info", "warning", "error"
};

const char *glossa_severity_name(glossa_severity sev)
{
	return (unsigned)sev <= GLOSSA_SEVERITY_ERROR ? sev_names[sev] : "?";
}

int glossa_severity_parse(glossa_severity *out, const char *name)
{
	int i;

	for (i = 0; i <= GLOSSA_SEVERITY_ERROR; i++)
		if (strcmp(sev_names[i], name) == 0) {
			*out = (glossa_severity)i;
			return 0;
		}
	if (strcmp(name, "note") == 0) {
		*out = GLOSSA_SEVERITY_INFO;
		return 0;
	}
	return GLOSSA_EINVALID;
}

/* ---- the code point table ----
 *
 * The one table of uchar.c, which the matcher reads too: the check reads
 * its class (a word character, a mark, an apostrophe), T_DIGIT, T_UPPER
 * and the script of a letter (T_SCRIPT: S_LATN, S_CYRL...).
 */

static inline bool is_letter(uint32_t x)
{
	return T_CLS(x) == C_WORD && !(x & T_DIGIT);
}

static inline bool is_digit(uint32_t x)
{
	return T_CLS(x) == C_WORD && (x & T_DIGIT);
}

/* ---- the checker ---- */

typedef struct {
	uint32_t gen;
	int kind;
	const char *text, *msg, *entry;
	const char **sug;
	size_t nsug;
} memo;

/* Close glossary names kept per word, before the context picks. */
#define NEAR_MAX 8

/* What is known about one distinct word. */
typedef struct {
	uint8_t verdict;   /* glossa_spell_verdict + 1; 0: not asked */
	uint8_t near_done;
	uint8_t sug_done;
	uint8_t nnear;
	uint8_t plausible; /* near_done: may be a misspelt glossary name */
	uint8_t rr_done;   /* reverse romanisation tried */
	uint32_t info;     /* index + 1 into winfo, 0: none yet */
} wstate;

typedef struct {
	const char *house;   /* FORBIDDEN: the suggestion (owned by spell) */
	glossa_near near[NEAR_MAX];
	size_t rr_repl, rr_keys; /* reverse romanisation: house form and
	                          * entry (hpool), rr_repl -1: none */
	char **hsug;         /* Hunspell's suggestions */
	size_t nhsug;
	memo m;
} winfo;

/* A resolved name match, by (key set, bytes as written). */
typedef struct {
	uint8_t status, form;
	uint8_t ok;          /* resolved (a failed resolve is retried) */
	uint32_t target;     /* the matcher's form it resolved to */
	size_t repl, keys;   /* offsets into hpool */
	long entry;          /* index into entries, or -1 */
	memo m;
} hstate;

typedef struct {
	glossa_kind kind;
	size_t house, shrt;  /* offsets into epool; shrt (size_t)-1: none */
	uint32_t gen;        /* the report that last saw this entry */
	uint32_t named_gen;  /* the report that names it in full */
	uint8_t fam_house;   /* first form seen was house or short */
	size_t first_start, first_end;
	size_t first_repl;   /* a variant first: its fix (hpool), else -1 */
} einfo;

struct glossa_checker {
	glossa_matcher *m;
	glossa_spell *sp;
	glossa_nearmiss *nm;
	glossa_severity sev[GLOSSA_RULE_COUNT];  /* OFF, INFO..ERROR */
	unsigned flags;
	char *lang;
	int home;                 /* the draft's script: S_LATN, S_CYRL... */
	const uint32_t *tab;      /* uchar.c's table (shared, not owned) */
	USpoofChecker *spoof;

	glossa_strmap words;
	wstate *ws;
	size_t aws;
	winfo *wi;
	size_t nwi, awi;

	glossa_strmap hitkeys;
	hstate *hs;
	size_t ahs;
	glossa_buf hpool;

	glossa_strmap ekeys;
	einfo *ei;
	size_t aei;
	glossa_buf epool;

	glossa_translit *tr;
	int tr_state;             /* 0 not tried, 1 ready, -1 unavailable */
	glossa_strmap tkeys;      /* transliterations by word */
	size_t *toff;
	size_t atoff;
	glossa_buf tpool;

	uint32_t gen;
	size_t max_words;         /* then the word caches start afresh */
	glossa_buf tmp, tmp2;
};

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

static glossa_severity effective(const glossa_checker_options *o, int r)
{
	glossa_severity s = o ? o->severity[r] : GLOSSA_SEVERITY_DEFAULT;

	if (s == GLOSSA_SEVERITY_DEFAULT)
		return rules[r].def;
	if (s == GLOSSA_SEVERITY_ON)
		return rules[r].on;
	return s;
}

static bool is_upper_ascii(char c)
{
	return c >= 'A' && c <= 'Z';
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
 * Is this entry a given name of the lexicon (given-names.tsv), rather
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
	return n >= 3 && (is_upper_ascii(w[0]) || (unsigned char)w[0] >= 0x80);
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
	if (!(is_upper_ascii(w[0]) || (unsigned char)w[0] >= 0x80))
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

int glossa_checker_new(glossa_checker **out, const glossa_doc *glossary,
	const glossa_checker_options *opts)
{
	glossa_checker *c;
	size_t i;
	int error;

	*out = NULL;
	if (opts && opts->version != GLOSSA_CHECKER_OPTIONS_VERSION)
		return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_EVERSION, "unsupported checker options version %u",
			opts->version);
	if ((c = glossa__calloc(1, sizeof(*c))) == NULL)
		return GLOSSA_ERROR;
	c->max_words = GLOSSA_CHECK__MAX_WORDS;
	glossa_strmap__init(&c->words);
	glossa_strmap__init(&c->hitkeys);
	glossa_strmap__init(&c->ekeys);
	glossa_strmap__init(&c->tkeys);
	for (i = 0; i < GLOSSA_RULE_COUNT; i++)
		c->sev[i] = effective(opts, (int)i);
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
	    (error = glossa_matcher_new(&c->m, glossary, NULL)) < 0 ||
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

int glossa_checker_new_from_store(glossa_checker **out, glossa_store *store,
	const glossa_checker_options *opts)
{
	glossa_doc *doc = NULL;
	int error;

	*out = NULL;
	if ((error = glossa_store_export(&doc, store, NULL)) < 0)
		return error;
	error = glossa_checker_new(out, doc, opts);
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

typedef struct {
	size_t start, end;
	uint32_t h;          /* index into hs */
	unsigned where;      /* GLOSSA_CTX_*: where it stands */
} hit;

typedef struct {
	glossa_checker *c;
	const char *text;
	size_t len;
	glossa_report *r;
	glossa_quiet *quiet;
	size_t nquiet;
	glossa_span *quotes;
	size_t nquotes;
	hit *hits;
	size_t nhits, ahits;
	/* the foreign-script run being built */
	size_t fstart, fend;
	bool fopen, fall_glossary, fmissing;
	long fentry;
	glossa_buf fsug;
	glossa_span *links;   /* never prose: URLs, paths, handles, code... */
	size_t nlinks, link_at;
} cctx;

static bool quiet(const cctx *x, glossa_rule rule, size_t pos)
{
	size_t i;

	for (i = 0; i < x->nquiet; i++)
		if (pos >= x->quiet[i].start && pos < x->quiet[i].end &&
		    (x->quiet[i].rules & (1u << rule)))
			return true;
	return false;
}

/* Does [s, e) overlap one of the ordered spans? */
static bool in_quotes(const cctx *x, size_t s, size_t e)
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
static int emit(cctx *x, glossa_rule rule, glossa_severity sev, size_t s,
	size_t e, const memo *m)
{
	glossa_finding *f;

	if (sev < GLOSSA_SEVERITY_INFO || quiet(x, rule, s))
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
static int memo_set(cctx *x, memo *m, int kind, size_t s, size_t e,
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

static bool memo_ok(const cctx *x, const memo *m, int kind)
{
	return m->gen == x->c->gen && m->kind == kind && m->text != NULL;
}

/* ---- names (the matcher) ---- */

static int on_hit(const glossa_match__hit *h, void *payload)
{
	cctx *x = payload;
	glossa_checker *c = x->c;
	char key[4];
	size_t idx, n = h->end - h->start;
	uint32_t hv;
	unsigned where;
	int r;

	/* Never in a URL, a path, a handle, an identifier... */
	if (glossa_range__overlaps(x->links, x->nlinks, h->start, h->end))
		return 0;

	/* The key set and the bytes decide the resolution: cache it. */
	memcpy(key, &h->accept, 4);
	glossa_buf_clear(&c->tmp);
	if (glossa_buf_put(&c->tmp, key, 4) < 0 ||
	    glossa_buf_put(&c->tmp, x->text + h->start, n) < 0)
		return GLOSSA_ERROR;
	hv = glossa_strmap__hash(c->tmp.ptr, c->tmp.size);
	if ((r = glossa_strmap__put_h(&c->hitkeys, &idx, c->tmp.ptr,
			c->tmp.size, hv)) < 0)
		return r;
	if (r == 1 && glossa__grow((void **)&c->hs, &c->ahs, idx + 1,
			sizeof(hstate)) < 0)
		return GLOSSA_ERROR;
	if (r == 1)
		c->hs[idx].ok = 0;
	if (!c->hs[idx].ok) {
		glossa_match_status status;
		glossa_form_type form;
		glossa_buf repl = GLOSSA_BUF_INIT, keys = GLOSSA_BUF_INIT;
		hstate *hs;
		uint32_t target = 0;
		long ek;

		r = glossa_match__resolve(c->m, x->text, x->len, h, &status,
			&form, &repl, &keys, &target);
		hs = &c->hs[idx];
		memset(hs, 0, sizeof(*hs));
		if (r == 0) {
			hs->target = target;
			hs->status = (uint8_t)status;
			hs->form = (uint8_t)form;
			hs->repl = c->hpool.size;
			r = glossa_buf_put(&c->hpool, repl.ptr ? repl.ptr : "",
				repl.size);
			if (r == 0)
				r = glossa_buf_put(&c->hpool, "", 1);
			hs->keys = c->hpool.size;
			if (r == 0)
				r = glossa_buf_put(&c->hpool,
					keys.ptr ? keys.ptr : "", keys.size);
			if (r == 0)
				r = glossa_buf_put(&c->hpool, "", 1);
			ek = keys.ptr ? glossa_strmap__get(&c->ekeys, keys.ptr,
				keys.size) : -1;
			hs->entry = status == GLOSSA_MATCH_AMBIGUOUS ? -1 : ek;
		}
		glossa_buf_dispose(&repl);
		glossa_buf_dispose(&keys);
		if (r < 0)
			return r;  /* hs->ok stays 0: resolved again next time */
		hs->ok = 1;
	}
	/* Where it stands depends on the words around it, not only on its
	 * bytes: not cached. */
	where = glossa_match__context(c->m, x->text, x->len, h->start, h->end,
		c->hs[idx].target, false);
	if (glossa__grow((void **)&x->hits, &x->ahits, x->nhits + 1,
			sizeof(hit)) < 0)
		return GLOSSA_ERROR;
	x->hits[x->nhits].start = h->start;
	x->hits[x->nhits].end = h->end;
	x->hits[x->nhits].where = where;
	x->hits[x->nhits++].h = (uint32_t)idx;
	return 0;
}

enum { MK_VARIANT = 1, MK_AMBIG, MK_INCONS, MK_FIRSTREF, MK_SPELL,
	MK_FORBID, MK_NEAR, MK_NEW, MK_MIXED, MK_FOREIGN, MK_ASK };

static bool ascii_ieq(const char *a, size_t na, const char *b, size_t nb)
{
	size_t i;

	if (na != nb)
		return false;
	for (i = 0; i < na; i++) {
		char p = a[i], q = b[i];

		if (p >= 'A' && p <= 'Z')
			p = (char)(p - 'A' + 'a');
		if (q >= 'A' && q <= 'Z')
			q = (char)(q - 'A' + 'a');
		if (p != q)
			return false;
	}
	return true;
}

static int names(cctx *x)
{
	glossa_checker *c = x->c;
	size_t i;
	int r;
	char msg[1024];

	/* The entries the draft names in full: a one-word spelling of a
	 * person is that entry only where the draft does. */
	for (i = 0; i < x->nhits; i++) {
		const hstate *hs = &c->hs[x->hits[i].h];

		if ((x->hits[i].where & GLOSSA_CTX_FULL) && hs->entry >= 0)
			c->ei[hs->entry].named_gen = c->gen;
	}
	for (i = 0; i < x->nhits; i++) {
		hit *h = &x->hits[i];
		hstate *hs = &c->hs[h->h];
		const char *repl = c->hpool.ptr + hs->repl;
		const char *keys = c->hpool.ptr + hs->keys;
		int n = (int)(h->end - h->start);
		const char *span = x->text + h->start;
		einfo *ei = hs->entry >= 0 ? &c->ei[hs->entry] : NULL;

		/* Another name's part, or an exception: not this entry. */
		if (h->where & GLOSSA_CTX_OTHER)
			continue;
		if (hs->form == GLOSSA_FORM_NATIVE)
			continue;  /* foreign-script says it */
		if (hs->status == GLOSSA_MATCH_FIX && ei &&
		    (h->where & GLOSSA_CTX_ASK) && ei->named_gen != c->gen) {
			memo m;

			if (c->sev[GLOSSA_RULE_VARIANT] == GLOSSA_SEVERITY_OFF)
				continue;
			snprintf(msg, sizeof(msg),
				"\"%.*s\": %s is not named in this piece; if that is who is meant, the house form is \"%s\"",
				n, span, c->epool.ptr + ei->house, repl);
			memset(&m, 0, sizeof(m));
			if ((r = memo_set(x, &m, MK_ASK, h->start, h->end, msg,
					&repl, 1, keys)) < 0 ||
			    (r = emit(x, GLOSSA_RULE_VARIANT,
					GLOSSA_SEVERITY_INFO, h->start, h->end,
					&m)) < 0)
				return r;
			continue;
		}
		if (hs->status == GLOSSA_MATCH_AMBIGUOUS) {
			if (c->sev[GLOSSA_RULE_VARIANT] == GLOSSA_SEVERITY_OFF ||
			    ((c->flags & GLOSSA_CHECK_QUOTES_EXEMPT) &&
			     in_quotes(x, h->start, h->end)))
				continue;
			if (!memo_ok(x, &hs->m, MK_AMBIG)) {
				snprintf(msg, sizeof(msg),
					"\"%.*s\" is a spelling of several glossary entries (%s); say which is meant",
					n, span, keys);
				if ((r = memo_set(x, &hs->m, MK_AMBIG, h->start,
						h->end, msg, NULL, 0, NULL)) < 0)
					return r;
			}
			if ((r = emit(x, GLOSSA_RULE_VARIANT,
					c->sev[GLOSSA_RULE_VARIANT], h->start,
					h->end, &hs->m)) < 0)
				return r;
			continue;
		}
		if (ei && ei->gen != c->gen) {
			/* The first mention of this entry in the draft. */
			ei->gen = c->gen;
			ei->first_start = h->start;
			ei->first_end = h->end;
			ei->first_repl = hs->status == GLOSSA_MATCH_FIX ?
				hs->repl : (size_t)-1;
			ei->fam_house = hs->status == GLOSSA_MATCH_FIX ||
				hs->form == GLOSSA_FORM_HOUSE ||
				hs->form == GLOSSA_FORM_SHORT;
			if (ei->kind == GLOSSA_KIND_PERSON &&
			    ei->shrt != (size_t)-1 &&
			    c->sev[GLOSSA_RULE_FIRST_REFERENCE] !=
				GLOSSA_SEVERITY_OFF &&
			    strcmp(repl, c->epool.ptr + ei->shrt) == 0 &&
			    strcmp(repl, c->epool.ptr + ei->house) != 0) {
				const char *full = c->epool.ptr + ei->house;
				memo m;

				snprintf(msg, sizeof(msg),
					"first mention of %s: give the full name \"%s\"",
					repl, full);
				memset(&m, 0, sizeof(m));
				if ((r = memo_set(x, &m, MK_FIRSTREF, h->start,
						h->end, msg, &full, 1,
						keys)) < 0 ||
				    (r = emit(x, GLOSSA_RULE_FIRST_REFERENCE,
						c->sev[GLOSSA_RULE_FIRST_REFERENCE],
						h->start, h->end, &m)) < 0)
					return r;
			}
			if (hs->status == GLOSSA_MATCH_HOUSE &&
			    hs->form == GLOSSA_FORM_ALTERNATE)
				ei->fam_house = 0;
		} else if (ei && hs->status == GLOSSA_MATCH_HOUSE &&
			   c->sev[GLOSSA_RULE_INCONSISTENT] !=
				GLOSSA_SEVERITY_OFF) {
			bool house = hs->form == GLOSSA_FORM_HOUSE ||
				hs->form == GLOSSA_FORM_SHORT;
			const char *first = x->text + ei->first_start;
			size_t fn = ei->first_end - ei->first_start;

			/* A variant first counts as what it becomes. */
			if (ei->first_repl != (size_t)-1) {
				first = c->hpool.ptr + ei->first_repl;
				fn = strlen(first);
			}
			bool same = house ? ei->fam_house :
				!ei->fam_house && ascii_ieq(first, fn, span,
					(size_t)n);

			if (!same) {
				memo m;
				char *sug;

				/* Write it as the first mention is (or will be
				 * once its variant is fixed): the short or house
				 * form, or the alternate first used. */
				if (ei->fam_house)
					sug = glossa__strdup(c->epool.ptr +
						(ei->shrt != (size_t)-1 ? ei->shrt :
						 ei->house));
				else
					sug = glossa__strndup(first, fn);
				if (sug == NULL)
					return GLOSSA_ERROR;
				snprintf(msg, sizeof(msg),
					"\"%.*s\" is written \"%.*s\" earlier in this draft (%s): keep one spelling",
					n, span, (int)fn, first, keys);
				memset(&m, 0, sizeof(m));
				r = memo_set(x, &m, MK_INCONS, h->start, h->end,
					msg, (const char *const *)&sug, 1, keys);
				free(sug);
				if (r < 0 || (r = emit(x, GLOSSA_RULE_INCONSISTENT,
						c->sev[GLOSSA_RULE_INCONSISTENT],
						h->start, h->end, &m)) < 0)
					return r;
			}
		}
		if (hs->status != GLOSSA_MATCH_FIX ||
		    c->sev[GLOSSA_RULE_VARIANT] == GLOSSA_SEVERITY_OFF)
			continue;
		if ((c->flags & GLOSSA_CHECK_QUOTES_EXEMPT) &&
		    in_quotes(x, h->start, h->end))
			continue;
		if (!memo_ok(x, &hs->m, MK_VARIANT)) {
			if (hs->form == GLOSSA_FORM_VARIANT ||
			    hs->form == GLOSSA_FORM_ALONE)
				snprintf(msg, sizeof(msg),
					"\"%.*s\" is a variant spelling; the house form is \"%s\"",
					n, span, repl);
			else
				snprintf(msg, sizeof(msg),
					"\"%.*s\" is not written the house way: \"%s\"",
					n, span, repl);
			if ((r = memo_set(x, &hs->m, MK_VARIANT, h->start,
					h->end, msg, &repl, 1, keys)) < 0)
				return r;
		}
		if ((r = emit(x, GLOSSA_RULE_VARIANT,
				c->sev[GLOSSA_RULE_VARIANT], h->start, h->end,
				&hs->m)) < 0)
			return r;
	}
	return 0;
}

/* ---- words ---- */

static __attribute__((noinline)) uint32_t cls_slow(const glossa_checker *c,
	const uint8_t *t, size_t i, size_t end, size_t *n, UChar32 *cp)
{
	UChar32 ch;
	int32_t j = 0, lim;

	lim = end - i > 4 ? 4 : (int32_t)(end - i);
	U8_NEXT(t + i, j, lim, ch);
	*n = (size_t)(j > 0 ? j : 1);
	*cp = ch;
	if (ch < 0)
		return (uint32_t)C_OTHER << 24;
	return glossa_uchar__info(c->tab, (uint32_t)ch);
}

static inline uint32_t cls_at(const glossa_checker *c, const uint8_t *t,
	size_t i, size_t end, size_t *n, UChar32 *cp)
{
	if (t[i] < 0x80) {
		*n = 1;
		*cp = t[i];
		return c->tab[t[i]];
	}
	return cls_slow(c, t, i, end, n, cp);
}

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

	if (memo_ok(x, &wi->m, MK_SPELL))
		return emit(x, GLOSSA_RULE_SPELLING,
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
	if ((r = memo_set(x, &wi->m, MK_SPELL, s, e, msg, sug, ns,
			NULL)) < 0)
		return r;
	return emit(x, GLOSSA_RULE_SPELLING, c->sev[GLOSSA_RULE_SPELLING],
		s, e, &wi->m);
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
		uint32_t cl = cls_at(c, t, i, n, &k, &cp);

		if (is_letter(cl) && (cl & T_UPPER) &&
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
	if (e + 1 < x->len && x->text[e] == ' ' && is_upper_ascii(x->text[e + 1])) {
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
	if (word_in(w, n, titles) || (is_upper_ascii(w[0]) && x->text[ws + n] ==
			' ' && glossa_nearmiss__known(x->c->nm, w, n)))
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
		if (ascii_ieq(name + nl - 2, 2, masc[i], 2))
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
	if (!memo_ok(x, &wi->m, MK_NEAR)) {
		snprintf(msg, sizeof(msg),
			"\"%.*s\" is another language's romanisation of a Russian name in the glossary (%s); the house form is \"%s\"",
			(int)(e - s), word, keys, repl);
		if ((r = memo_set(x, &wi->m, MK_NEAR, s, e, msg, &repl, 1,
				keys)) < 0)
			return r;
	}
	if ((r = emit(x, GLOSSA_RULE_NEAR_MISS, c->sev[GLOSSA_RULE_NEAR_MISS],
			s, e, &wi->m)) < 0)
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
	if (!memo_ok(x, mp, MK_NEAR)) {
		snprintf(msg, sizeof(msg),
			"\"%.*s\" is not in the glossary; close to \"%s\" (%s): edit distance %u, %u%% similar%s",
			(int)n, word, best->word, best->entry, best->distance,
			best->similarity,
			near_how(best->how, how, sizeof(how)));
		if ((r = memo_set(x, mp, MK_NEAR, s, e, msg, sug, ns,
				best->entry)) < 0)
			return r;
	}
	if ((r = emit(x, GLOSSA_RULE_NEAR_MISS,
			c->sev[GLOSSA_RULE_NEAR_MISS], s, e, mp)) < 0)
		return r;
	return 1;
}

static bool ends_with(const char *w, size_t n, const char *suf)
{
	size_t k = strlen(suf);

	return n > k + 1 && ascii_ieq(w + n - k, k, suf, k);
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
	if (n > 6 && (ascii_ieq(w, 5, "Abdel", 5) || ascii_ieq(w, 5, "Abdul",
			5)))
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

	if (!translit_shape(x, s, e) || memo_ok(x, &wi->m, MK_NEW))
		return 0;  /* not that shape, or said once in this draft */
	snprintf(msg, sizeof(msg),
		"\"%.*s\" is in neither the glossary nor the dictionary: a possible new name for the glossary",
		(int)n, x->text + s);
	if ((r = memo_set(x, &wi->m, MK_NEW, s, e, msg, NULL, 0, NULL)) < 0)
		return r;
	return emit(x, GLOSSA_RULE_NEW_NAME, c->sev[GLOSSA_RULE_NEW_NAME], s,
		e, &wi->m);
}

static int latin_word(cctx *x, size_t s, size_t e, bool upper_first,
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
		if (!memo_ok(x, &wi->m, MK_FORBID)) {
			snprintf(msg, sizeof(msg),
				"\"%.*s\" is a variant spelling in the glossary; write \"%s\"",
				(int)n, word, wi->house);
			if ((r = memo_set(x, &wi->m, MK_FORBID, s, e, msg,
					&wi->house, 1, NULL)) < 0)
				return r;
		}
		return emit(x, GLOSSA_RULE_SPELLING,
			c->sev[GLOSSA_RULE_SPELLING], s, e, &wi->m);
	}
	/* Wrong. A possessive is judged by its word ("Tsikhanouskaya's"). */
	if (n > 3 && word[n - 2] == '\'' && word[n - 1] == 's')
		return latin_word(x, s, e - 2, upper_first,
			glossa_strmap__hash(word, n - 2));
	if (n > 5 && word[n - 1] == 's' &&
	    memcmp(word + n - 4, "\xE2\x80\x99", 3) == 0)
		return latin_word(x, s, e - 4, upper_first,
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
static int given_check(cctx *x, size_t s, size_t e, long ek, size_t hs0,
	size_t he, size_t over);

static int given_before(cctx *x, size_t s, size_t e, size_t hp)
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
	if (!ascii_ieq(x->text + ht->start, ht->end - ht->start, shrt,
			strlen(shrt)) &&
	    strcmp(c->hpool.ptr + hs->repl, shrt) != 0)
		return 0;
	return given_check(x, s, e, hs->entry, ht->start, ht->end, (size_t)-1);
}

/* The word [s, e) before the surname [hs, he) of entry `ek`: the given
 * name of its house form misspelt? `over`: a spelling finding on the
 * word that this one takes the place of, or -1. */
static int given_check(cctx *x, size_t s, size_t e, long ek, size_t hs0,
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
		r = memo_set(x, &m, MK_NEAR, s, e, msg, &sug, 1,
			glossa_strmap__key(&c->ekeys, (size_t)ek));
		free(g);
		if (r < 0)
			return r;
	}
	if (over != (size_t)-1) {
		glossa_finding *f = &x->r->findings[over];

		if (quiet(x, GLOSSA_RULE_NEAR_MISS, s))
			return 0;
		f->rule = GLOSSA_RULE_NEAR_MISS;
		f->severity = c->sev[GLOSSA_RULE_NEAR_MISS];
		f->message = m.msg;
		f->suggestions = m.sug;
		f->nsuggestions = m.nsug;
		f->entry = m.entry;
		return 1;
	}
	if ((r = emit(x, GLOSSA_RULE_NEAR_MISS, c->sev[GLOSSA_RULE_NEAR_MISS],
			s, e, &m)) < 0)
		return r;
	return 1;
}

/* ---- scripts ---- */

static int mixed_word(cctx *x, size_t s, size_t e)
{
	glossa_checker *c = x->c;
	const uint8_t *t = (const uint8_t *)x->text;
	UErrorCode st = U_ZERO_ERROR;
	int32_t res, counts[8] = { 0 }, best = S_LATN, k;
	UScriptCode major = USCRIPT_LATIN;
	glossa_buf *sug = &c->tmp;
	char msg[640], name[128] = "";
	UChar32 odd = -1;
	bool changed = false;
	size_t i, n;
	UChar32 cp;
	memo m;
	int r;

	if (c->sev[GLOSSA_RULE_MIXED_SCRIPT] == GLOSSA_SEVERITY_OFF ||
	    e - s > INT32_MAX)
		return 0;
	res = uspoof_check2UTF8(c->spoof, x->text + s, (int32_t)(e - s), NULL,
		&st);
	if (U_FAILURE(st) || res == 0)
		return 0;
	/* The word's main script: the one with most letters. */
	for (i = s; i < e; i += n) {
		uint32_t cl = cls_at(c, t, i, e, &n, &cp);

		if (is_letter(cl))
			counts[T_SCRIPT(cl)]++;
	}
	for (k = 1; k < 6; k++)
		if (counts[k] > counts[best])
			best = k;
	major = best == S_CYRL ? USCRIPT_CYRILLIC : best == S_ARAB ?
		USCRIPT_ARABIC : best == S_GREK ? USCRIPT_GREEK : USCRIPT_LATIN;
	/* Each letter of another script: its confusable skeleton, when
	 * that is one letter of the main script. */
	glossa_buf_clear(sug);
	for (i = s; i < e; i += n) {
		uint32_t cl = cls_at(c, t, i, e, &n, &cp);
		char sk[16];
		int32_t skn;
		UErrorCode st2 = U_ZERO_ERROR;

		if (!is_letter(cl) || (int32_t)T_SCRIPT(cl) == best ||
		    T_SCRIPT(cl) == S_COMMON) {
			if (glossa_buf_put(sug, x->text + i, n) < 0)
				return GLOSSA_ERROR;
			continue;
		}
		if (odd < 0)
			odd = cp;
		skn = uspoof_getSkeletonUTF8(c->spoof, 0, x->text + i,
			(int32_t)n, sk, sizeof(sk) - 1, &st2);
		if (U_SUCCESS(st2) && skn > 0 && skn < (int32_t)sizeof(sk)) {
			UChar32 sc;
			int32_t j = 0;
			UErrorCode st3 = U_ZERO_ERROR;

			U8_NEXT((const uint8_t *)sk, j, skn, sc);
			if (j == skn && sc >= 0 &&
			    uscript_getScript(sc, &st3) == major) {
				/* Keep the case of the original letter. */
				UChar32 out = u_isUUppercase(cp) ?
					u_toupper(sc) : sc;
				char ob[4];
				int32_t on = 0;
				UBool err = 0;

				U8_APPEND((uint8_t *)ob, on, 4, out, err);
				if (!err) {
					if (glossa_buf_put(sug, ob, (size_t)on) < 0)
						return GLOSSA_ERROR;
					changed = true;
					continue;
				}
			}
		}
		if (glossa_buf_put(sug, x->text + i, n) < 0)
			return GLOSSA_ERROR;
	}
	if (odd >= 0) {
		UErrorCode st4 = U_ZERO_ERROR;

		u_charName(odd, U_UNICODE_CHAR_NAME, name, sizeof(name), &st4);
		if (U_FAILURE(st4))
			name[0] = '\0';
	}
	{
		UErrorCode st5 = U_ZERO_ERROR;
		UScriptCode os = odd >= 0 ? uscript_getScript(odd, &st5) :
			USCRIPT_COMMON;
		char ob[5] = "";
		int32_t on = 0;
		UBool err = 0;

		if (odd >= 0)
			U8_APPEND((uint8_t *)ob, on, 4, odd, err);
		ob[err ? 0 : on] = '\0';
		snprintf(msg, sizeof(msg),
			"\"%.*s\" mixes %s and %s letters: \"%s\" is %s (U+%04X)",
			(int)(e - s), x->text + s, uscript_getName(major),
			uscript_getName(os), ob, name, (unsigned)odd);
	}
	memset(&m, 0, sizeof(m));
	{
		const char *sp = sug->ptr;

		if ((r = memo_set(x, &m, MK_MIXED, s, e, msg, &sp,
				changed ? 1 : 0, NULL)) < 0)
			return r;
	}
	return emit(x, GLOSSA_RULE_MIXED_SCRIPT,
		c->sev[GLOSSA_RULE_MIXED_SCRIPT], s, e, &m);
}

/* The `news` transliteration of one word, cached; NULL when there is no
 * transliterator (the scheme files are missing). */
static const char *translit_word(glossa_checker *c, const char *w, size_t n)
{
	size_t idx;
	int r;

	if (c->tr_state == 0) {
		glossa_translit_options to = GLOSSA_TRANSLIT_OPTIONS_INIT;

		to.flags = GLOSSA_TRANSLIT_NO_GLOSSARY;
		c->tr_state = glossa_translit_new(&c->tr, &to) == 0 ? 1 : -1;
		glossa_error_clear();
	}
	if (c->tr_state < 0)
		return NULL;
	if ((r = glossa_strmap__put(&c->tkeys, &idx, w, n)) < 0)
		return NULL;
	if (r == 1) {
		glossa_buf_clear(&c->tmp2);
		if (glossa__grow((void **)&c->toff, &c->atoff, idx + 1,
				sizeof(size_t)) < 0)
			return NULL;
		c->toff[idx] = (size_t)-1;
		if (glossa_translit_text(&c->tmp2, NULL, NULL, c->tr, w,
				n) < 0) {
			glossa_error_clear();
			return NULL;
		}
		c->toff[idx] = c->tpool.size;
		if (glossa_buf_put(&c->tpool, c->tmp2.ptr ? c->tmp2.ptr : "",
				c->tmp2.size) < 0 ||
		    glossa_buf_put(&c->tpool, "", 1) < 0) {
			c->toff[idx] = (size_t)-1;
			return NULL;
		}
	}
	return c->toff[idx] == (size_t)-1 ? NULL : c->tpool.ptr + c->toff[idx];
}

static int foreign_flush(cctx *x)
{
	glossa_checker *c = x->c;
	char msg[1024];
	const char *sp;
	memo m;
	int r;

	if (!x->fopen)
		return 0;
	x->fopen = false;
	if (c->sev[GLOSSA_RULE_FOREIGN_SCRIPT] == GLOSSA_SEVERITY_OFF)
		return 0;
	if (x->fmissing)
		glossa_buf_clear(&x->fsug);
	{
		const char *sc = glossa_ustr__script_n(x->text + x->fstart,
			x->fend - x->fstart);
		const char *copy = strncmp(c->lang, "en", 2) == 0 ? "English" :
			c->lang;
		const char *what = strcmp(sc, "Cyrl") == 0 ? "Cyrillic" :
			strcmp(sc, "Arab") == 0 ? "Arabic" :
			"Cyrillic and Arabic";

		if (x->fsug.size > 0 && x->fall_glossary)
			snprintf(msg, sizeof(msg),
				"%s script in %s copy: the glossary's house form is \"%s\"",
				what, copy, x->fsug.ptr);
		else if (x->fsug.size > 0)
			snprintf(msg, sizeof(msg),
				"%s script in %s copy: transliterate it (news style: \"%s\")",
				what, copy, x->fsug.ptr);
		else
			snprintf(msg, sizeof(msg),
				"%s script in %s copy: transliterate it",
				what, copy);
	}
	memset(&m, 0, sizeof(m));
	sp = x->fsug.ptr;
	if ((r = memo_set(x, &m, MK_FOREIGN, x->fstart, x->fend, msg, &sp,
			x->fsug.size > 0 ? 1 : 0,
			x->fall_glossary && x->fentry >= 0 ?
			glossa_strmap__key(&c->ekeys, (size_t)x->fentry) :
			NULL)) < 0)
		return r;
	return emit(x, GLOSSA_RULE_FOREIGN_SCRIPT,
		c->sev[GLOSSA_RULE_FOREIGN_SCRIPT], x->fstart, x->fend, &m);
}

/* Add a Cyrillic/Arabic piece (a word, or a native name the matcher
 * found) to the current run, starting a new run when something other
 * than spaces or hyphens separates it from the last piece. */
static int foreign_piece(cctx *x, size_t s, size_t e, const char *sug,
	long entry, bool glossary)
{
	const char *t = x->text;
	size_t k;
	int r;

	/* Pieces come in text order and never overlap; be safe anyway. */
	if (x->fopen && e <= x->fend)
		return 0;
	if (x->fopen && s < x->fend)
		s = x->fend;
	/* One finding a run: pieces joined by spaces and by the punctuation
	 * inside a sentence (commas, colons, quotes, brackets, dashes), not
	 * across a full stop or a line. (Letters between two pieces are a
	 * word of another script, which has ended the run already.) */
	if (x->fopen) {
		for (k = x->fend; k < s; k++)
			if ((unsigned char)t[k] < 0x80 && (strchr(".!?\n", t[k]) ||
			    (t[k] >= '0' && t[k] <= '9') ||
			    ((t[k] | 0x20) >= 'a' && (t[k] | 0x20) <= 'z')))
				break;
		if (k < s && (r = foreign_flush(x)) < 0)
			return r;
	}
	if (!x->fopen) {
		x->fopen = true;
		x->fstart = s;
		x->fall_glossary = true;
		x->fmissing = false;
		x->fentry = entry;
		glossa_buf_clear(&x->fsug);
	} else {
		if (glossa_buf_put(&x->fsug, t + x->fend, s - x->fend) < 0)
			return GLOSSA_ERROR;
		if (entry != x->fentry)
			x->fentry = -1;
	}
	x->fend = e;
	if (!glossary)
		x->fall_glossary = false;
	if (sug == NULL || *sug == '\0') {
		x->fmissing = true;  /* no transliterator: no suggestion */
		sug = "";
	}
	return glossa_buf_puts(&x->fsug, sug) < 0 ? GLOSSA_ERROR : 0;
}

/* ---- the word scanner ---- */

static int scan(cctx *x, size_t from, size_t to, size_t *hp)
{
	glossa_checker *c = x->c;
	const uint8_t *t = (const uint8_t *)x->text;
	size_t i = from;
	int r;

	while (i < to) {
		size_t n, s, e, nletters = 0;
		UChar32 cp;
		uint32_t cl = cls_at(c, t, i, to, &n, &cp), k = T_CLS(cl);
		unsigned scripts = 0;
		uint32_t h;
		bool digit = false, upper_first;

		if (k != C_WORD) {
			i += n;
			continue;
		}
		s = i;
		upper_first = (cl & T_UPPER) != 0;
		/* The word: letters, marks, digits, apostrophes between
		 * letters ("don't", "Assad's", "O'Brien"). Its hash is
		 * made on the way, for the word cache. */
		h = GLOSSA_STRMAP_SEED;
		while (i < to) {
			uint8_t b = t[i];

			if (b < 0x80) {
				cl = c->tab[b];
				n = 1;
			} else {
				cl = cls_slow(c, t, i, to, &n, &cp);
			}
			k = T_CLS(cl);
			if (is_letter(cl)) {
				nletters++;
				scripts |= 1u << T_SCRIPT(cl);
			} else if (is_digit(cl)) {
				digit = true;
			} else if (k == C_APOS && i > s && i + n < to) {
				size_t n2;
				UChar32 cp2;
				uint32_t c2 = cls_at(c, t, i + n, to, &n2, &cp2);

				if (!is_letter(c2))
					break;
			} else if (k != C_MARK) {
				break;
			}
			for (size_t q = 0; q < n; q++)
				h = glossa_strmap__step(h, t[i + q]);
			i += n;
		}
		e = i;
		/* In a URL, a path, a handle, an identifier...? */
		while (x->link_at < x->nlinks && x->links[x->link_at].end <= s)
			x->link_at++;
		if (x->link_at < x->nlinks && x->links[x->link_at].start < e) {
			if (x->links[x->link_at].end > i)
				i = x->links[x->link_at].end;
			continue;
		}
		/* Inside a name the matcher found? */
		while (*hp < x->nhits && x->hits[*hp].end <= s)
			(*hp)++;
		/* (A name may start inside the word: an Arabic clitic
		 * before it, "و" + "بشار". The word goes with the name.) */
		if (*hp < x->nhits && x->hits[*hp].start < e) {
			const hit *ht = &x->hits[*hp];
			const hstate *hs = &c->hs[ht->h];

			size_t hn;
			UChar32 hcp;
			uint32_t hcl = cls_at(c, t, ht->start, to, &hn, &hcp);

			/* A native form inside a quoted sentence of another
			 * script is no name here: its words are foreign text
			 * like the rest of the sentence. */
			if ((ht->where & GLOSSA_CTX_FOREIGN) &&
			    (int)T_SCRIPT(hcl) != c->home) {
				(*hp)++;
				goto word;
			}

			/* A native name in the draft's own script (Лавров in
			 * a Russian draft) is a known word, not foreign. */
			if (hs->form == GLOSSA_FORM_NATIVE &&
			    (int)T_SCRIPT(hcl) != c->home) {
				if ((r = foreign_piece(x, s < ht->start ? s :
						ht->start, ht->end,
						c->hpool.ptr + hs->repl,
						hs->entry, true)) < 0)
					return r;
				(*hp)++;
			}
			if (ht->end > i)
				i = ht->end;
			continue;
		}
word:
		scripts &= ~(1u << S_COMMON);
		if (scripts & (scripts - 1)) {
			if ((r = foreign_flush(x)) < 0 ||
			    (r = mixed_word(x, s, e)) < 0)
				return r;
			continue;
		}
		if ((scripts == (1u << S_CYRL) || scripts == (1u << S_ARAB)) &&
		    scripts != (1u << c->home)) {
			const char *tw = translit_word(c, x->text + s, e - s);

			if ((r = foreign_piece(x, s, e, tw, -1, false)) < 0)
				return r;
			continue;
		}
		if ((r = foreign_flush(x)) < 0)
			return r;
		if (scripts != (1u << c->home) || digit || nletters < 2)
			continue;
		if (c->sev[GLOSSA_RULE_SPELLING] == GLOSSA_SEVERITY_OFF &&
		    c->sev[GLOSSA_RULE_NEAR_MISS] == GLOSSA_SEVERITY_OFF &&
		    c->sev[GLOSSA_RULE_NEW_NAME] == GLOSSA_SEVERITY_OFF)
			continue;
		if (upper_first && c->home == S_LATN &&
		    (r = given_before(x, s, e, *hp)) != 0) {
			if (r < 0)
				return r;
			continue;
		}
		if ((r = latin_word(x, s, e, upper_first,
				glossa_strmap__mix(h))) < 0)
			return r;
	}
	return foreign_flush(x);
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
		if (ws == s - 1 || !(is_upper_ascii(x->text[ws]) ||
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
		if ((r = given_check(x, ws, s - 1, ek, s, f->end, over)) < 0)
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
	size_t nspans = 0, i, hp = 0;
	int error;

	*out = NULL;
	memset(&x, 0, sizeof(x));
	if ((error = glossa_draft__validate(text, len, source)) < 0)
		return error;
	if ((error = glossa_report__new(&x.r, source)) < 0)
		return error;
	forget_words(c);
	c->gen++;
	if (c->gen == 0)
		c->gen = 1;
	x.c = c;
	x.text = text ? text : "";
	x.len = len;
	if ((error = glossa_draft__prose(&spans, &nspans, x.text, len,
			format)) < 0 ||
	    (error = glossa_check__markers(&x.quiet, &x.nquiet, x.text,
			len)) < 0)
		goto out;
	if ((c->flags & GLOSSA_CHECK_QUOTES_EXEMPT) &&
	    (error = glossa_check__quotes(&x.quotes, &x.nquotes, x.text,
			len)) < 0)
		goto out;
	if ((error = glossa_text__nonprose(&x.links, &x.nlinks, x.text,
			len)) < 0)
		goto out;
	for (i = 0; i < nspans; i++) {
		if ((error = glossa_match__scan(c->m, x.text, len,
				spans[i].start, spans[i].end, on_hit, &x)) < 0)
			goto out;
	}
	if ((error = names(&x)) < 0)
		goto out;
	for (i = 0; i < nspans; i++)
		if ((error = scan(&x, spans[i].start, spans[i].end, &hp)) < 0)
			goto out;
	if ((error = given_after_near(&x)) < 0)
		goto out;
	if ((error = glossa_report__finish(x.r, x.text, len)) < 0)
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
	return error;
}
