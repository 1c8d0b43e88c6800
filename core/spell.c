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
*/
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <hunspell/hunspell.h>
#include "internal.h"
#include "check_int.h"
#include "ustr.h"

struct glossa_spell {
	Hunhandle *h;
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
	if ((sp->h = Hunspell_create(aff.ptr, dic.ptr)) == NULL) {
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
	{
		char dw[WORD_MAX * 4 + 8];

		if (to_dic(sp, dw, sizeof(dw), word, len) == 0)
			Hunspell_add(sp->h, dw);
	}
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
	{
		char dw[WORD_MAX * 4 + 8];

		if (to_dic(sp, dw, sizeof(dw), word, len) < 0)
			return GLOSSA_SPELL_WRONG;
		sp->calls++;
		r = Hunspell_spell(sp->h, dw);
	}
	return r ? GLOSSA_SPELL_OK : GLOSSA_SPELL_WRONG;
}

/* Hunspell on one NUL-terminated UTF-8 word. */
static bool hun_ok(glossa_spell *sp, const char *w, size_t n)
{
	char dw[WORD_MAX * 4 + 8];

	if (to_dic(sp, dw, sizeof(dw), w, n) < 0)
		return false;
	sp->calls++;
	return Hunspell_spell(sp->h, dw) != 0;
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
	if (glossa_ustr__from_utf8(&u, &un, word, len) == 0 &&
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

	*out = NULL;
	*n = 0;
	if (len == 0 || len > WORD_MAX || to_dic(sp, w, sizeof(w), word,
			len) < 0)
		return 0;
	sp->calls++;
	ns = Hunspell_suggest(sp->h, &sl, w);
	if (ns <= 0) {
		if (sl)
			Hunspell_free_list(sp->h, &sl, ns < 0 ? 0 : ns);
		return 0;
	}
	if ((list = glossa__calloc((size_t)ns, sizeof(char *))) == NULL) {
		Hunspell_free_list(sp->h, &sl, ns);
		return GLOSSA_ERROR;
	}
	for (i = 0; i < ns; i++)
		if (sp->enc ? glossa_ustr__charset(&list[i], NULL, sl[i],
				strlen(sl[i]), sp->enc, true) < 0 :
		    (list[i] = glossa__strdup(sl[i])) == NULL) {
			Hunspell_free_list(sp->h, &sl, ns);
			glossa_spell__free_list(list, (size_t)i);
			return GLOSSA_ERROR;
		}
	Hunspell_free_list(sp->h, &sl, ns);
	*out = list;
	*n = (size_t)ns;
	return 0;
}

size_t glossa_spell__calls(const glossa_spell *sp)
{
	return sp->calls;
}
