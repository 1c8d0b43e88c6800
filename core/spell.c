/*
** The spelling adapter: a Hunspell dictionary for the draft's language,
** and in front of it a dictionary generated from the glossary.
**
** The glossary dictionary is two hash sets rather than a .dic file:
** Hunspell's stock en_US.aff has no FORBIDDENWORD flag, and a forbidden
** word must carry its house form as the first suggestion, which Hunspell
** cannot be told. House words (with their possessives) are correct;
** variant words are wrong with their house word as the suggestion. House
** words are also added to Hunspell so that its own suggestions for
** other misspellings can find them.
**
** Hunspell handles are not thread-safe and every call allocates, so the
** checker asks once per distinct word and caches (check.c).
**
** In front of Hunspell sits the dictionary's compiled word set
** (wordset.c), mapped from the cache folder: a word of ASCII letters and
** apostrophes is judged there, and suggestions for it come from there.
** Hunspell itself is loaded only when a word needs it (other letters,
** a word the set has no suggestion for) or when the set must be built:
** a draft whose words the set settles never loads it. The words added
** to Hunspell (house words) are kept in a set of their own with the
** same case rules, and added to Hunspell when it is loaded.
*/
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <hunspell/hunspell.h>
#include "internal.h"
#include "check_int.h"
#include "ustr.h"
#include "wordset.h"

struct glossa_spell {
	Hunhandle *h;            /* NULL until needed (see hun()) */
	bool hun_failed;
	char *aff, *dic;         /* the dictionary's files */
	glossa_wordset *ws;      /* NULL: Hunspell alone */
	glossa_wordset_extra added; /* words given to Hunspell_add, and
	                          * the all-caps forms Hunspell gives them */
	uint8_t *added_hun;      /* per added word: given to Hunspell_add */
	size_t aadded_hun;
	char *lang;
	char *enc;               /* the dictionary's SET unless UTF-8 */
	glossa_strmap house;     /* correct glossary words */
	glossa_strmap accepted;  /* configured words */
	glossa_strmap forbidden; /* variant words */
	char **forbidden_to;     /* per forbidden index: the house word */
	size_t aforbidden_to;
	size_t calls;
};

static const char *const system_dirs[] = {
	"/usr/share/hunspell", "/usr/share/myspell",
	"/usr/share/myspell/dicts", "/usr/local/share/hunspell",
	"/usr/local/share/myspell", "/Library/Spelling", NULL
};

/* The Debian package that ships a dictionary: en_US -> hunspell-en-us. */
static void package_name(char *out, size_t n, const char *lang)
{
	size_t i, j = 0;
	const char *p = "hunspell-";

	while (*p && j + 1 < n)
		out[j++] = *p++;
	for (i = 0; lang[i] && j + 1 < n; i++) {
		char ch = lang[i];

		if (ch == '_')
			ch = '-';
		else if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		out[j++] = ch;
	}
	out[j] = '\0';
	/* Debian ships Russian and Arabic without a region. */
	if (strcmp(out, "hunspell-ru-ru") == 0)
		out[11] = '\0';
}

static bool lang_ok(const char *lang)
{
	size_t i;

	if (!*lang || strlen(lang) > 32)
		return false;
	for (i = 0; lang[i]; i++) {
		char ch = lang[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '_' || ch == '-'))
			return false;
	}
	return true;
}

/* Look for LANG.aff + LANG.dic in each folder of a ':'-list. */
static int find_in(glossa_buf *aff, glossa_buf *dic, glossa_buf *tried,
	const char *list, const char *lang)
{
	const char *p = list;

	while (p && *p) {
		const char *colon = strchr(p, ':');
		size_t n = colon ? (size_t)(colon - p) : strlen(p);

		if (n > 0) {
			glossa_buf_clear(aff);
			glossa_buf_clear(dic);
			if (glossa_buf_printf(aff, "%.*s/%s.aff", (int)n, p,
					lang) < 0 ||
			    glossa_buf_printf(dic, "%.*s/%s.dic", (int)n, p,
					lang) < 0 ||
			    glossa_buf_printf(tried, "%s%.*s",
					tried->size ? ", " : "", (int)n, p) < 0)
				return GLOSSA_ERROR;
			if (access(aff->ptr, R_OK) == 0 &&
			    access(dic->ptr, R_OK) == 0)
				return 1;
		}
		p = colon ? colon + 1 : NULL;
	}
	return 0;
}

char *glossa_spell__cache_dir(void)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	glossa_buf b = GLOSSA_BUF_INIT;

	if (getenv("GLOSSA_NO_CACHE") != NULL)
		return NULL;
	if (xdg && *xdg == '/') {
		if (glossa_buf_printf(&b, "%s/glossa", xdg) < 0)
			goto fail;
	} else if (home && *home == '/') {
		if (glossa_buf_printf(&b, "%s/.cache/glossa", home) < 0)
			goto fail;
	} else
		return NULL;
	return b.ptr;
fail:
	glossa_buf_dispose(&b);
	glossa_error_clear();
	return NULL;
}

/* Hunspell, loaded on first need, with the words added so far. NULL
 * when it cannot be (the files went away since the set was made). */
static Hunhandle *hun(glossa_spell *sp)
{
	size_t i;

	if (sp->h || sp->hun_failed)
		return sp->h;
	if ((sp->h = Hunspell_create(sp->aff, sp->dic)) == NULL) {
		sp->hun_failed = true;
		return NULL;
	}
	for (i = 0; i < sp->added.words.n; i++) {
		const char *w = glossa_strmap__key(&sp->added.words, i);

		/* (the all-caps forms kept for the set's rules are
		 * Hunspell's own doing) */
		if (sp->added_hun == NULL || sp->added_hun[i])
			Hunspell_add(sp->h, w);
	}
	return sp->h;
}

static Hunhandle *hun_for_set(void *payload)
{
	return hun(payload);
}

int glossa_spell__open(glossa_spell **out, const char *lang,
	const char *dict_path)
{
	glossa_buf aff = GLOSSA_BUF_INIT, dic = GLOSSA_BUF_INIT,
		tried = GLOSSA_BUF_INIT;
	glossa_spell *sp = NULL;
	const char *env = getenv("DICPATH");
	const char *enc;
	char pkg[64];
	int found = 0, error = 0;
	size_t i;

	*out = NULL;
	if (lang == NULL)
		lang = "en_US";
	if (!lang_ok(lang))
		return glossa_error__set(GLOSSA_ERRCLASS_SPELL, GLOSSA_EINVALID,
			"'%s' is not a dictionary name (like en_US)", lang);
	if (dict_path && *dict_path)
		found = find_in(&aff, &dic, &tried, dict_path, lang);
	else {
		if (env && *env)
			found = find_in(&aff, &dic, &tried, env, lang);
		for (i = 0; found == 0 && system_dirs[i]; i++)
			found = find_in(&aff, &dic, &tried, system_dirs[i],
				lang);
	}
	if (found < 0) {
		error = found;
		goto out;
	}
	if (found == 0) {
		package_name(pkg, sizeof(pkg), lang);
		error = glossa_error__set(GLOSSA_ERRCLASS_SPELL,
			GLOSSA_ENOTFOUND,
			"no Hunspell dictionary '%s' (%s.aff and %s.dic; looked in %s); install it with 'apt install %s' or point DICPATH at its folder",
			lang, lang, lang, tried.size ? tried.ptr : "nowhere",
			pkg);
		goto out;
	}
	if ((sp = glossa__calloc(1, sizeof(*sp))) == NULL ||
	    (sp->lang = glossa__strdup(lang)) == NULL) {
		error = GLOSSA_ERROR;
		goto out;
	}
	glossa_strmap__init(&sp->house);
	glossa_strmap__init(&sp->accepted);
	glossa_strmap__init(&sp->forbidden);
	glossa_strmap__init(&sp->added.words);
	if ((sp->aff = glossa__strdup(aff.ptr)) == NULL ||
	    (sp->dic = glossa__strdup(dic.ptr)) == NULL) {
		error = GLOSSA_ERROR;
		goto out;
	}
	{
		char *dir = glossa_spell__cache_dir();

		error = glossa_wordset__open(&sp->ws, dir, sp->aff, sp->dic,
			hun_for_set, sp);
		free(dir);
		if (error < 0)
			goto out;
	}
	if (sp->ws != NULL) {
		/* A set is only made of a UTF-8 dictionary. */
		*out = sp;
		sp = NULL;
		goto out;
	}
	/* (Loaded already when the set was to be built and could not.) */
	if (sp->h == NULL &&
	    (sp->h = Hunspell_create(aff.ptr, dic.ptr)) == NULL) {
		error = glossa_error__set(GLOSSA_ERRCLASS_SPELL, GLOSSA_ERROR,
			"%s: Hunspell cannot load the dictionary", dic.ptr);
		goto out;
	}
	/* Dictionaries in a legacy charset (SET KOI8-R, ISO8859-1) get
	 * words converted on the way in and suggestions on the way out. */
	enc = Hunspell_get_dic_encoding(sp->h);
	if (enc && strcasecmp(enc, "UTF-8") != 0 &&
	    strcasecmp(enc, "UTF8") != 0) {
		char *probe = NULL;

		if ((error = glossa_ustr__charset(&probe, NULL, "a", 1, enc,
				false)) < 0) {
			error = glossa_error__set(GLOSSA_ERRCLASS_SPELL,
				GLOSSA_EINVALID,
				"%s: unknown dictionary encoding '%s'", aff.ptr,
				enc);
			goto out;
		}
		free(probe);
		if ((sp->enc = glossa__strdup(enc)) == NULL) {
			error = GLOSSA_ERROR;
			goto out;
		}
	}
	*out = sp;
	sp = NULL;
out:
	glossa_spell__free(sp);
	glossa_buf_dispose(&aff);
	glossa_buf_dispose(&dic);
	glossa_buf_dispose(&tried);
	return error;
}

void glossa_spell__free(glossa_spell *sp)
{
	size_t i;

	if (sp == NULL)
		return;
	if (sp->h)
		Hunspell_destroy(sp->h);
	glossa_wordset__free(sp->ws);
	glossa_wordset__extra_dispose(&sp->added);
	free(sp->added_hun);
	free(sp->aff);
	free(sp->dic);
	for (i = 0; i < sp->forbidden.n; i++)
		free(sp->forbidden_to[i]);
	free(sp->forbidden_to);
	glossa_strmap__dispose(&sp->house);
	glossa_strmap__dispose(&sp->accepted);
	glossa_strmap__dispose(&sp->forbidden);
	free(sp->lang);
	free(sp->enc);
	free(sp);
}

/* The word as Hunspell wants it: a NUL-terminated copy in the
 * dictionary's charset. Returns 0, or GLOSSA_EINVALID when the charset
 * cannot hold it (no such word can be in the dictionary then). */
static int to_dic(const glossa_spell *sp, char *w, size_t cap,
	const char *word, size_t len)
{
	char *conv = NULL;
	size_t n = 0;

	if (sp->enc == NULL) {
		if (len >= cap)
			return GLOSSA_EINVALID;
		memcpy(w, word, len);
		w[len] = '\0';
		return 0;
	}
	if (glossa_ustr__charset(&conv, &n, word, len, sp->enc, false) < 0) {
		glossa_error_clear();
		return GLOSSA_EINVALID;
	}
	/* ICU puts the substitution character (SUB, 0x1A) for letters the
	 * charset lacks. */
	if (n >= cap || memchr(conv, 0x1A, n) != NULL) {
		free(conv);
		return GLOSSA_EINVALID;
	}
	memcpy(w, conv, n + 1);
	free(conv);
	return 0;
}

/* Hunspell wants NUL-terminated words; words are short. */
#define WORD_MAX 256

/* Put a word in the added set (all-caps `hun` false: only for the
 * set's rules). */
static int added_put(glossa_spell *sp, const char *w, size_t n, bool to_hun)
{
	size_t idx;
	int r;

	if ((r = glossa_wordset__extra_add(&sp->added, &idx, w, n)) < 0)
		return r;
	if (glossa__grow((void **)&sp->added_hun, &sp->aadded_hun, idx + 1,
			1) < 0)
		return GLOSSA_ERROR;
	if (r == 1)
		sp->added_hun[idx] = to_hun;
	else if (to_hun)
		sp->added_hun[idx] = 1;
	return 0;
}

/* A house word for Hunspell (its suggestions find it) and for the set's
 * rules; a mixed-case word ("McCain") Hunspell also takes in capitals. */
static int add_word(glossa_spell *sp, const char *word, size_t len)
{
	char dw[WORD_MAX * 4 + 8];
	size_t i;
	bool lowc = false, upc = false;
	int r;

	if (sp->h) {
		if (to_dic(sp, dw, sizeof(dw), word, len) == 0)
			Hunspell_add(sp->h, dw);
		if (sp->ws == NULL)
			return 0;
	}
	if (to_dic(sp, dw, sizeof(dw), word, len) < 0)
		return 0;
	if ((r = added_put(sp, dw, len, true)) < 0)
		return r;
	for (i = 1; i < len; i++) {
		if (dw[i] >= 'a' && dw[i] <= 'z')
			lowc = true;
		else if (dw[i] >= 'A' && dw[i] <= 'Z')
			upc = true;
	}
	if (lowc && upc) {
		for (i = 0; i < len; i++)
			if (dw[i] >= 'a' && dw[i] <= 'z')
				dw[i] = (char)(dw[i] - 'a' + 'A');
		if ((r = added_put(sp, dw, len, false)) < 0)
			return r;
	}
	return 0;
}

int glossa_spell__add_house(glossa_spell *sp, const char *word, size_t len)
{
	static const char *const poss[] = { "'s", "\xE2\x80\x99s", "'",
		"\xE2\x80\x99" };
	char w[WORD_MAX + 8];
	size_t idx, i;
	int r;

	if (len == 0 || len > WORD_MAX)
		return 0;
	if ((r = glossa_strmap__put(&sp->house, &idx, word, len)) < 0)
		return r;
	if (r == 0)
		return 0;
	if ((r = add_word(sp, word, len)) < 0)
		return r;
	memcpy(w, word, len);
	w[len] = '\0';
	/* "Assad's", "Assad’s"; after a final s also "Abbas'". */
	for (i = 0; i < 4; i++) {
		size_t pl = strlen(poss[i]);

		if (i >= 2 && word[len - 1] != 's')
			continue;
		memcpy(w + len, poss[i], pl);
		if ((r = glossa_strmap__put(&sp->house, &idx, w,
				len + pl)) < 0)
			return r;
	}
	return 0;
}

int glossa_spell__add_forbidden(glossa_spell *sp, const char *word,
	size_t len, const char *house)
{
	size_t idx;
	int r;

	if (len == 0 || len > WORD_MAX)
		return 0;
	if ((r = glossa_strmap__put(&sp->forbidden, &idx, word, len)) < 0)
		return r;
	if (r == 0)
		return 0;
	if (glossa__grow((void **)&sp->forbidden_to, &sp->aforbidden_to,
			idx + 1, sizeof(char *)) < 0)
		return GLOSSA_ERROR;
	if ((sp->forbidden_to[idx] = glossa__strdup(house)) == NULL)
		return GLOSSA_ERROR;
	return 0;
}

int glossa_spell__add_accepted(glossa_spell *sp, const char *word,
	size_t len)
{
	size_t idx;
	int r = glossa_strmap__put(&sp->accepted, &idx, word, len);

	return r < 0 ? r : 0;
}

/* The word with its first letter kept and the rest lower-cased (ASCII):
 * "ASSAD" -> "Assad", so all-caps text finds title-case entries. */
static void title_ascii(char *w, size_t len)
{
	size_t i;

	for (i = 1; i < len; i++)
		if (w[i] >= 'A' && w[i] <= 'Z')
			w[i] = (char)(w[i] - 'A' + 'a');
}

/* The dictionary on one UTF-8 word: the word set when it settles the
 * word, else Hunspell (loaded now if need be). */
static bool hun_ok(glossa_spell *sp, const char *w, size_t n)
{
	char dw[WORD_MAX * 4 + 8];
	Hunhandle *h;
	int k;

	sp->calls++;
	if ((k = glossa_wordset__known(sp->ws, &sp->added, w, n)) >= 0)
		return k == 1;
	if (to_dic(sp, dw, sizeof(dw), w, n) < 0 || (h = hun(sp)) == NULL)
		return false;
	return Hunspell_spell(h, dw) != 0;
}

int glossa_spell__check(glossa_spell *sp, const char *word, size_t len,
	const char **house)
{
	char w[WORD_MAX + 1];
	long k;
	int rounds, r;

	*house = NULL;
	if (len == 0)
		return GLOSSA_SPELL_OK;
	if (len > WORD_MAX)
		return GLOSSA_SPELL_WRONG;
	memcpy(w, word, len);
	w[len] = '\0';
	/* As written, then (all caps only) in title case. */
	for (rounds = 0; rounds < 2; rounds++) {
		if (glossa_strmap__get(&sp->accepted, w, len) >= 0)
			return GLOSSA_SPELL_OK;
		if (glossa_strmap__get(&sp->house, w, len) >= 0)
			return GLOSSA_SPELL_HOUSE;
		if ((k = glossa_strmap__get(&sp->forbidden, w, len)) >= 0) {
			*house = sp->forbidden_to[k];
			return GLOSSA_SPELL_FORBIDDEN;
		}
		{
			size_t i;
			bool caps = len > 1;

			for (i = 0; i < len && caps; i++)
				if ((unsigned char)w[i] >= 0x80 ||
				    (w[i] >= 'a' && w[i] <= 'z'))
					caps = false;
			if (!caps)
				break;
			title_ascii(w, len);
		}
	}
	r = hun_ok(sp, word, len);
	return r ? GLOSSA_SPELL_OK : GLOSSA_SPELL_WRONG;
}

bool glossa_spell__other_case(glossa_spell *sp, const char *word,
	size_t len)
{
	UChar *u = NULL, *l = NULL;
	int32_t un = 0, ln = 0;
	char *lw = NULL, tw[WORD_MAX + 1];
	size_t lwn = 0, i;
	bool ok = false;

	if (len == 0 || len > WORD_MAX)
		return false;
	/* Lower case: "Dems" is "dems", "Guard" is "guard". */
	for (i = 0; i < len && (unsigned char)word[i] < 0x80; i++)
		;
	if (i == len) {
		memcpy(tw, word, len);
		for (i = 0; i < len; i++)
			if (tw[i] >= 'A' && tw[i] <= 'Z')
				tw[i] = (char)(tw[i] - 'A' + 'a');
		ok = memcmp(tw, word, len) != 0 && hun_ok(sp, tw, len);
	} else if (glossa_ustr__from_utf8(&u, &un, word, len) == 0 &&
	    glossa_ustr__lower16(&l, &ln, u, un) == 0 &&
	    glossa_ustr__to_utf8(&lw, &lwn, l, ln) == 0 &&
	    (lwn != len || memcmp(lw, word, len) != 0))
		ok = hun_ok(sp, lw, lwn);
	glossa_error_clear();
	free(u);
	free(l);
	free(lw);
	if (ok)
		return true;
	/* Title case ASCII: "ORBAN" -> "Orban" (the caller's word may be
	 * all caps). */
	memcpy(tw, word, len);
	tw[len] = '\0';
	title_ascii(tw, len);
	for (i = 0; i < len && tw[i] == word[i]; i++)
		;
	return i < len && hun_ok(sp, tw, len);
}

bool glossa_spell__knows(glossa_spell *sp, const char *word, size_t len)
{
	return len > 0 && len <= WORD_MAX && (hun_ok(sp, word, len) ||
		glossa_spell__other_case(sp, word, len));
}

void glossa_spell__free_list(char **list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

int glossa_spell__suggest(glossa_spell *sp, const char *word, size_t len,
	char ***out, size_t *n)
{
	char w[WORD_MAX * 4 + 8], **sl = NULL, **list;
	int ns, i;

	Hunhandle *h;
	int r;

	*out = NULL;
	*n = 0;
	if (len == 0 || len > WORD_MAX || to_dic(sp, w, sizeof(w), word,
			len) < 0)
		return 0;
	sp->calls++;
	/* The word set's, when it has any; else Hunspell's. But a
	 * capitalised word the set settles and has nothing for within two
	 * edits is a name, not a typo: Hunspell's n-gram guess at a word
	 * three or more edits away ("Hiadjeid": "Adjective") costs tens of
	 * milliseconds and helps no one. */
	if ((r = glossa_wordset__suggest(sp->ws, &sp->added, word, len, 10,
			out, n)) < 0 || *n > 0)
		return r;
	if (glossa_wordset__known(sp->ws, &sp->added, word, len) >= 0 &&
	    ((unsigned char)word[0] >= 0x80 ||
	     (word[0] >= 'A' && word[0] <= 'Z')))
		return 0;
	if ((h = hun(sp)) == NULL)
		return 0;
	ns = Hunspell_suggest(h, &sl, w);
	if (ns <= 0) {
		if (sl)
			Hunspell_free_list(h, &sl, ns < 0 ? 0 : ns);
		return 0;
	}
	if ((list = glossa__calloc((size_t)ns, sizeof(char *))) == NULL) {
		Hunspell_free_list(h, &sl, ns);
		return GLOSSA_ERROR;
	}
	for (i = 0; i < ns; i++)
		if (sp->enc ? glossa_ustr__charset(&list[i], NULL, sl[i],
				strlen(sl[i]), sp->enc, true) < 0 :
		    (list[i] = glossa__strdup(sl[i])) == NULL) {
			Hunspell_free_list(h, &sl, ns);
			glossa_spell__free_list(list, (size_t)i);
			return GLOSSA_ERROR;
		}
	Hunspell_free_list(h, &sl, ns);
	*out = list;
	*n = (size_t)ns;
	return 0;
}

size_t glossa_spell__calls(const glossa_spell *sp)
{
	return sp->calls;
}

bool glossa_spell__hunspell_loaded(const glossa_spell *sp)
{
	return sp->h != NULL;
}

bool glossa_spell__has_wordset(const glossa_spell *sp)
{
	return sp->ws != NULL;
}
