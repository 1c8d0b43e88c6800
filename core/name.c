/*
** One definition of "the same name": how a spelling becomes a matching
** key. The store's index, `glossary find` and `validate`, the matcher's
** trie, translit's glossary step and check's near-miss all key names
** here, so one spelling gets one answer from every command.
**
** A key is the spelling folded code point by code point (uchar.c): case
** folded, diacritics dropped, Arabic letter variants made one (the hamza
** forms of alef are alef, alef maksura is ya, ta marbuta is ha), every
** apostrophe one, every joiner between name parts (space, no-break
** space, hyphen, dash, nothing) dropped, and Arabic-name particles folded
** to one spelling at the start of a part. A Russian name in Cyrillic
** also has the keys of its case forms (morph.c).
*/
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "morph.h"
#include "name.h"
#include "uchar.h"

/* Particles that may be written in lower case inside a name. */
static const char *const lower_ok[] = {
	"al", "el", "ul", "ad", "adh", "an", "ar", "as", "ash", "at", "ath",
	"az", "ed", "edh", "en", "er", "es", "esh", "et", "eth", "ez", "bin", "ibn", "ben", "bint", "de", "da", "di", "del", "della",
	"der", "den", "van", "von", "la", "le", "du", "dos", "das", "y", NULL
};

static int in_set(const char *const *set, const char *w, size_t n)
{
	int i;

	for (i = 0; set[i]; i++)
		if (set[i][0] == w[0] && strlen(set[i]) == n &&
		    memcmp(set[i], w, n) == 0)
			return i;
	return -1;
}

/*
 * Arabic-name particles, folded to one spelling at the start of a name
 * part, the same way in keys and in the text: al-/el-/ul- and the
 * sun-letter forms (ad-, an-, ar-, as-, ash-, at-, ath-, az-, adh-, and
 * the same with e: ez- as in "Deir ez-Zor") are "al"; bin/ibn/ben are "bin"; a part starting Abdul/Abdel/Abdal is
 * "abdal" + the rest (and "Abd al-" is "abd" + "al"). A particle must be
 * followed by a joiner; in the text (`strict`) a sun-letter form needs a
 * hyphen, because "as", "at", "an" and "ad" are English words.
 * Returns the bytes taken (0: no particle) and the spelling in *canon.
 */
size_t glossa_name__particle(const uint32_t *tab, const uint8_t *t, size_t j,
	size_t to, bool strict, const char **canon)
{
	char w[6];
	size_t n = 0, q;
	uint32_t cls;

	while (j + n < to && n < 6) {
		uint8_t c = t[j + n];

		if (c >= 'A' && c <= 'Z')
			c = (uint8_t)(c + 32);
		if (c < 'a' || c > 'z')
			break;
		w[n++] = (char)c;
	}
	if (n < 2)
		return 0;
	if (n >= 5 && w[0] == 'a' && w[1] == 'b' && w[2] == 'd' &&
	    (w[3] == 'u' || w[3] == 'e' || w[3] == 'a') && w[4] == 'l') {
		*canon = "abdal";
		return 5;
	}
	if (n > 3 || j + n >= to)
		return 0;
	cls = t[j + n] < 0x80 ? T_CLS(tab[t[j + n]]) :
		T_CLS(glossa_uchar__info(tab, dec(t, j + n, &q)));
	if (cls != C_SPACE && cls != C_HYPH)
		return 0;
	if (n == 2 && w[1] == 'l' && (w[0] == 'a' || w[0] == 'e' ||
			w[0] == 'u')) {
		*canon = "al";
		return 2;
	}
	if ((w[0] == 'a' || w[0] == 'e') &&
	    ((n == 2 && strchr("dnrstz", w[1])) ||
	    (n == 3 && ((w[1] == 's' && w[2] == 'h') ||
			(w[1] == 't' && w[2] == 'h') ||
			(w[1] == 'd' && w[2] == 'h'))))) {
		if (strict && cls != C_HYPH)
			return 0;
		*canon = "al";
		return n;
	}
	if (n == 3 && ((w[0] == 'b' && w[1] == 'i' && w[2] == 'n') ||
	    (w[0] == 'i' && w[1] == 'b' && w[2] == 'n') ||
	    (w[0] == 'b' && w[1] == 'e' && w[2] == 'n'))) {
		*canon = "bin";
		return 3;
	}
	return 0;
}

/*
 * A form's matching key: the same folding the walk does over the text
 * (see walk()), written out. Particles are folded leniently here: the
 * glossary may write "ash Shara" with a space.
 */
int glossa_name__key(glossa_buf *out, const char *s)
{
	const uint32_t *tab = glossa_uchar__table();
	const uint8_t *t = (const uint8_t *)s;
	size_t i = 0, len = strlen(s), n;
	bool started = false, part_start = true;

	if (tab == NULL)
		return GLOSSA_ERROR;
	glossa_buf_clear(out);
	while (i < len) {
		uint32_t x = glossa_uchar__info(tab, dec(t, i, &n));
		uint32_t cls = T_CLS(x);
		uint8_t b[4];

		if (cls == C_MARK) {
			i += n;
			continue;
		}
		if (is_joiner_cls(cls)) {
			part_start = true;
			i += n;
			continue;
		}
		if (!started && cls != C_WORD) {
			i += n;
			continue;
		}
		started = true;
		if (part_start && t[i] < 0x80 && cls == C_WORD) {
			const char *canon;
			size_t pl = glossa_name__particle(tab, t, i, len, false, &canon);

			part_start = false;
			if (pl) {
				if (glossa_buf_puts(out, canon) < 0)
					return GLOSSA_ERROR;
				i += pl;
				continue;
			}
		}
		part_start = false;
		if (glossa_buf_put(out, (const char *)b, enc(b, T_CP(x))) < 0)
			return GLOSSA_ERROR;
		i += n;
	}
	if (out->ptr == NULL && glossa_buf_put(out, "", 0) < 0)
		return GLOSSA_ERROR;
	return 0;
}

bool glossa_name__lower_particle(const char *w, size_t n)
{
	return in_set(lower_ok, w, n) >= 0;
}

int glossa_name__keys(char ***out, size_t *n, const char *text,
	bool inflect, bool uk)
{
	glossa_buf key = GLOSSA_BUF_INIT;
	char **forms = NULL, **keys = NULL;
	size_t nforms = 0, nk = 0, i, j;
	int error = 0;

	*out = NULL;
	*n = 0;
	if (inflect && (error = glossa_morph__forms(&forms, &nforms,
			text, uk)) < 0)
		return error;
	if (nforms == 0) {
		if ((forms = glossa__calloc(1, sizeof(char *))) == NULL ||
		    (forms[0] = glossa__strdup(text)) == NULL) {
			free(forms);
			return GLOSSA_ERROR;
		}
		nforms = 1;
	}
	if ((keys = glossa__calloc(nforms, sizeof(char *))) == NULL) {
		error = GLOSSA_ERROR;
		goto out;
	}
	for (i = 0; i < nforms; i++) {
		if ((error = glossa_name__key(&key, forms[i])) < 0)
			goto out;
		if (key.size == 0)
			continue;
		for (j = 0; j < nk && strcmp(keys[j], key.ptr) != 0; j++)
			;
		if (j < nk)
			continue;
		if ((keys[nk] = glossa__strdup(key.ptr)) == NULL) {
			error = GLOSSA_ERROR;
			goto out;
		}
		nk++;
	}
out:
	glossa_morph__free_list(forms, nforms);
	glossa_buf_dispose(&key);
	if (error < 0) {
		glossa_morph__free_list(keys, nk);
		return error;
	}
	*out = keys;
	*n = nk;
	return 0;
}

/* Split `text` into its name words: runs between joiners (space, hyphen,
 * dash). *starts and *ends receive byte offsets, up to `max` words. */
static size_t name_words(const uint32_t *tab, const char *text,
	size_t *starts, size_t *ends, size_t max)
{
	const uint8_t *t = (const uint8_t *)text;
	size_t i = 0, len = strlen(text), n, nw = 0;
	bool in_word = false;

	while (i < len) {
		uint32_t cls = T_CLS(glossa_uchar__info(tab, dec(t, i, &n)));

		if (is_joiner_cls(cls)) {
			if (in_word)
				ends[nw++] = i;
			in_word = false;
			if (nw == max)
				return nw;
		} else if (!in_word) {
			starts[nw] = i;
			in_word = true;
		}
		i += n;
	}
	if (in_word)
		ends[nw++] = len;
	return nw;
}

#define RUN_WORDS 12

int glossa_name__run_keys(char ***out, size_t *n, const char *text)
{
	const uint32_t *tab = glossa_uchar__table();
	size_t starts[RUN_WORDS], ends[RUN_WORDS], nw, a, b, nk = 0, k;
	glossa_buf key = GLOSSA_BUF_INIT;
	char **keys = NULL, *run = NULL;
	int error = 0;

	*out = NULL;
	*n = 0;
	if (tab == NULL)
		return GLOSSA_ERROR;
	nw = name_words(tab, text, starts, ends, RUN_WORDS);
	if (nw == 0)
		return 0;
	if ((keys = glossa__calloc(nw * (nw + 1) / 2, sizeof(char *))) == NULL)
		return GLOSSA_ERROR;
	for (a = 0; a < nw && error == 0; a++) {
		for (b = a; b < nw; b++) {
			size_t rl = ends[b] - starts[a];

			free(run);
			if ((run = glossa__malloc(rl + 1)) == NULL) {
				error = GLOSSA_ERROR;
				break;
			}
			memcpy(run, text + starts[a], rl);
			run[rl] = '\0';
			if ((error = glossa_name__key(&key, run)) < 0)
				break;
			if (key.size == 0)
				continue;
			for (k = 0; k < nk && strcmp(keys[k], key.ptr) != 0; k++)
				;
			if (k < nk)
				continue;
			if ((keys[nk] = glossa__strdup(key.ptr)) == NULL) {
				error = GLOSSA_ERROR;
				break;
			}
			nk++;
		}
	}
	free(run);
	glossa_buf_dispose(&key);
	if (error < 0) {
		glossa_morph__free_list(keys, nk);
		return error;
	}
	*out = keys;
	*n = nk;
	return 0;
}

int glossa_name__form_keys(char ***out, size_t *n, glossa_form_type type,
	const char *text, const char *script, const char *lang)
{
	return glossa_name__keys(out, n, text,
		type == GLOSSA_FORM_NATIVE && strcmp(script, "Cyrl") == 0,
		lang && strcmp(lang, "uk") == 0);
}

int glossa_name__word_key(glossa_buf *out, const char *w, size_t len)
{
	glossa_buf key = GLOSSA_BUF_INIT;
	char *copy;
	int error;

	if ((copy = glossa__strndup(w, len)) == NULL)
		return GLOSSA_ERROR;
	if ((error = glossa_name__key(&key, copy)) == 0 && key.size > 0)
		error = glossa_buf_put(out, key.ptr, key.size);
	free(copy);
	glossa_buf_dispose(&key);
	return error;
}
