/*
 * Name morphology: the case forms of Russian names, and Arabic proclitics.
 *
 * Russian: the glossary keeps the nominative; a draft writes any of the
 * six cases. The forms are made from the ending of each word (the
 * declension classes of Russian names), and a multi-word name is
 * declined word by word in the same case ("Сергей Лавров" -> "Сергея
 * Лаврова", "Сергеем Лавровым"). A word no rule knows (Шойгу, Шевченко,
 * foreign names in -о -у -и -е) does not decline.
 *
 * Arabic: the conjunctions و ف, the prepositions ب ل ك and the article ال
 * are written joined to the next word; ل + ال is written لل.
 */
#include <stdlib.h>
#include <string.h>
#include "morph.h"

#define NCASES 6   /* nom gen dat acc ins prep */
#define MAXALT 3   /* spellings per case */

typedef struct {
	const char *cut;                 /* ending removed from the word */
	const char *add[NCASES][MAXALT]; /* endings added, per case */
} paradigm;

/*
 * Ending classes, tried in order (longer endings first). Stems ending in
 * a hushing consonant or ц take е for о in unstressed endings; both are
 * listed where it matters (Сашей/Сашой is only ever Сашей, but a glossary
 * cannot know the stress, so harmless extras are allowed).
 */
static const struct {
	const char *ending;  /* the nominative ends so */
	paradigm p;
} classes[] = {
	/* adjectival surnames: -ский -цкий -ой -ый -ий after к г х */
	{ "ский", { "ий", { { "ий" }, { "ого" }, { "ому" }, { "ого" }, { "им" }, { "ом" } } } },
	{ "цкий", { "ий", { { "ий" }, { "ого" }, { "ому" }, { "ого" }, { "им" }, { "ом" } } } },
	{ "кий", { "ий", { { "ий" }, { "ого" }, { "ому" }, { "ого" }, { "им" }, { "ом" } } } },
	{ "ый", { "ый", { { "ый" }, { "ого" }, { "ому" }, { "ого" }, { "ым" }, { "ом" } } } },
	{ "ской", { "ой", { { "ой" }, { "ого" }, { "ому" }, { "ого" }, { "им" }, { "ом" } } } },
	{ "ой", { "ой", { { "ой" }, { "ого" }, { "ому" }, { "ого" }, { "ым", "им" }, { "ом" } } } },
	{ "ская", { "ая", { { "ая" }, { "ой" }, { "ой" }, { "ую" }, { "ой", "ою" }, { "ой" } } } },
	{ "цкая", { "ая", { { "ая" }, { "ой" }, { "ой" }, { "ую" }, { "ой", "ою" }, { "ой" } } } },
	{ "ая", { "ая", { { "ая" }, { "ой" }, { "ой" }, { "ую" }, { "ой", "ою" }, { "ой" } } } },
	/* feminine possessive surnames: -ова -ева -ёва -ина -ына */
	{ "ова", { "а", { { "а" }, { "ой" }, { "ой" }, { "у" }, { "ой" }, { "ой" } } } },
	{ "ева", { "а", { { "а" }, { "ой" }, { "ой" }, { "у" }, { "ой" }, { "ой" } } } },
	{ "ёва", { "а", { { "а" }, { "ой" }, { "ой" }, { "у" }, { "ой" }, { "ой" } } } },
	{ "ина", { "а", { { "а" }, { "ой", "ы" }, { "ой", "е" }, { "у" }, { "ой" }, { "ой", "е" } } } },
	{ "ына", { "а", { { "а" }, { "ой" }, { "ой" }, { "у" }, { "ой" }, { "ой" } } } },
	/* masculine possessive surnames: -ов -ев -ёв -ин -ын */
	{ "ов", { "", { { "" }, { "а" }, { "у" }, { "а" }, { "ым" }, { "е" } } } },
	{ "ев", { "", { { "" }, { "а" }, { "у" }, { "а" }, { "ым" }, { "е" } } } },
	{ "ёв", { "", { { "" }, { "а" }, { "у" }, { "а" }, { "ым" }, { "е" } } } },
	{ "ин", { "", { { "" }, { "а" }, { "у" }, { "а" }, { "ым", "ом" }, { "е" } } } },
	{ "ын", { "", { { "" }, { "а" }, { "у" }, { "а" }, { "ым", "ом" }, { "е" } } } },
	/* given names */
	{ "ий", { "й", { { "й" }, { "я" }, { "ю" }, { "я" }, { "ем" }, { "и" } } } },
	{ "ия", { "я", { { "я" }, { "и" }, { "и" }, { "ю" }, { "ей", "ею" }, { "и" } } } },
	{ "й", { "й", { { "й" }, { "я" }, { "ю" }, { "я" }, { "ем" }, { "е" } } } },
	{ "ь", { "ь", { { "ь" }, { "я" }, { "ю" }, { "я" }, { "ем" }, { "е" } } } },
	{ "я", { "я", { { "я" }, { "и" }, { "е" }, { "ю" }, { "ей", "ею" }, { "е" } } } },
	/* -а after г к х ж ш щ ч: genitive in -и; after ж ш щ ч ц the
	 * instrumental may be -ей */
	{ "га", { "а", { { "а" }, { "и" }, { "е" }, { "у" }, { "ой" }, { "е" } } } },
	{ "ка", { "а", { { "а" }, { "и" }, { "е" }, { "у" }, { "ой" }, { "е" } } } },
	{ "ха", { "а", { { "а" }, { "и" }, { "е" }, { "у" }, { "ой" }, { "е" } } } },
	{ "жа", { "а", { { "а" }, { "и" }, { "е" }, { "у" }, { "ей", "ой" }, { "е" } } } },
	{ "ша", { "а", { { "а" }, { "и" }, { "е" }, { "у" }, { "ей", "ой" }, { "е" } } } },
	{ "ща", { "а", { { "а" }, { "и" }, { "е" }, { "у" }, { "ей", "ой" }, { "е" } } } },
	{ "ча", { "а", { { "а" }, { "и" }, { "е" }, { "у" }, { "ей", "ой" }, { "е" } } } },
	{ "ца", { "а", { { "а" }, { "ы" }, { "е" }, { "у" }, { "ей", "ой" }, { "е" } } } },
	{ "а", { "а", { { "а" }, { "ы" }, { "е" }, { "у" }, { "ой", "ою" }, { "е" } } } },
	/* consonant stems after ж ш щ ч ц: instrumental -ем (Владимировичем) */
	{ "ж", { "", { { "" }, { "а" }, { "у" }, { "а" }, { "ем" }, { "е" } } } },
	{ "ш", { "", { { "" }, { "а" }, { "у" }, { "а" }, { "ем" }, { "е" } } } },
	{ "щ", { "", { { "" }, { "а" }, { "у" }, { "а" }, { "ем" }, { "е" } } } },
	{ "ч", { "", { { "" }, { "а" }, { "у" }, { "а" }, { "ем" }, { "е" } } } },
	{ "ц", { "", { { "" }, { "а" }, { "у" }, { "а" }, { "ем" }, { "е" } } } },
};

/*
 * Given names whose cases the ending does not tell, matched as the whole
 * word: a vowel that drops (Павел -> Павла, Лев -> Льва, Пётр -> Петра),
 * -ов with the instrumental -ом where surnames take -ым (Яков -> Яковом,
 * not Яковым), the feminine soft sign (Любовь -> Любови, Любовью), and the
 * stressed patronymics in -ич (Ильич -> Ильичом).
 */
static const struct {
	const char *word;
	paradigm p;
} irregular[] = {
	{ "Павел", { "ел", { { "ел" }, { "ла" }, { "лу" }, { "ла" }, { "лом" }, { "ле" } } } },
	{ "Лев", { "ев", { { "ев" }, { "ьва" }, { "ьву" }, { "ьва" }, { "ьвом" }, { "ьве" } } } },
	{ "Пётр", { "ётр", { { "ётр" }, { "етра" }, { "етру" }, { "етра" }, { "етром" }, { "етре" } } } },
	{ "Яков", { "", { { "" }, { "а" }, { "у" }, { "а" }, { "ом" }, { "е" } } } },
	{ "Любовь", { "ь", { { "ь" }, { "и" }, { "и" }, { "ь" }, { "ью" }, { "и" } } } },
	{ "Ильич", { "", { { "" }, { "а" }, { "у" }, { "а" }, { "ом" }, { "е" } } } },
	{ "Кузьмич", { "", { { "" }, { "а" }, { "у" }, { "а" }, { "ом" }, { "е" } } } },
};

/*
 * Ukrainian: names spelled with і ї є ґ also get the Ukrainian cases
 * (Київ -> Києва, Києві; Буча -> Бучі; Клименко -> Клименкові), with the
 * і of a closed last syllable opening to о or е (Харків -> Харкова,
 * Ірпінь -> Ірпеня). The Russian forms are kept as well: a Ukrainian name
 * is also written in Russian copy.
 */
static const struct {
	const char *ending;
	paradigm p;
} uk_classes[] = {
	{ "ський", { "ий", { { "ий" }, { "ого" }, { "ому" }, { "ого" }, { "им" }, { "ому", "ім" } } } },
	{ "цький", { "ий", { { "ий" }, { "ого" }, { "ому" }, { "ого" }, { "им" }, { "ому", "ім" } } } },
	{ "ий", { "ий", { { "ий" }, { "ого" }, { "ому" }, { "ого" }, { "им" }, { "ому", "ім" } } } },
	{ "ій", { "й", { { "й" }, { "я" }, { "ю", "єві" }, { "я" }, { "єм" }, { "ю", "єві", "ї" } } } },
	{ "їв", { "їв", { { "їв" }, { "єва" }, { "єву", "єві" }, { "їв", "єва" }, { "євом" }, { "єві", "єву" } } } },
	{ "ів", { "ів", { { "ів" }, { "ова", "ева" }, { "ову", "ові" }, { "ів", "ова" }, { "овом", "евом" }, { "ові", "еві", "ову" } } } },
	{ "інь", { "інь", { { "інь" }, { "еня", "оня" }, { "еню", "оню" }, { "інь" }, { "енем", "онем" }, { "ені", "оні" } } } },
	{ "ь", { "ь", { { "ь" }, { "я" }, { "ю", "еві" }, { "ь", "я" }, { "ем" }, { "і", "еві" } } } },
	{ "ія", { "я", { { "я" }, { "ї" }, { "ї" }, { "ю" }, { "єю" }, { "ї" } } } },
	{ "я", { "я", { { "я" }, { "і" }, { "і" }, { "ю" }, { "ею" }, { "і" } } } },
	/* к г х before і: ц з с (Сибіга -> Сибізі); the consonant is cut too */
	{ "ка", { "ка", { { "ка" }, { "ки" }, { "ці" }, { "ку" }, { "кою" }, { "ці" } } } },
	{ "га", { "га", { { "га" }, { "ги" }, { "зі" }, { "гу" }, { "гою" }, { "зі" } } } },
	{ "ха", { "ха", { { "ха" }, { "хи" }, { "сі" }, { "ху" }, { "хою" }, { "сі" } } } },
	{ "ча", { "а", { { "а" }, { "і" }, { "і" }, { "у" }, { "ею" }, { "і" } } } },
	{ "ша", { "а", { { "а" }, { "і" }, { "і" }, { "у" }, { "ею" }, { "і" } } } },
	{ "жа", { "а", { { "а" }, { "і" }, { "і" }, { "у" }, { "ею" }, { "і" } } } },
	{ "ща", { "а", { { "а" }, { "і" }, { "і" }, { "у" }, { "ею" }, { "і" } } } },
	{ "а", { "а", { { "а" }, { "и" }, { "і" }, { "у" }, { "ою" }, { "і" } } } },
	{ "о", { "о", { { "о" }, { "а" }, { "у", "ові" }, { "о", "а" }, { "ом" }, { "і", "ові", "у" } } } },
	{ "ч", { "", { { "" }, { "а" }, { "у", "еві" }, { "", "а" }, { "ем" }, { "і", "еві" } } } },
	{ "ш", { "", { { "" }, { "а" }, { "у", "еві" }, { "", "а" }, { "ем" }, { "і", "еві" } } } },
	{ "ж", { "", { { "" }, { "а" }, { "у", "еві" }, { "", "а" }, { "ем" }, { "і", "еві" } } } },
	{ "щ", { "", { { "" }, { "а" }, { "у", "еві" }, { "", "а" }, { "ем" }, { "і", "еві" } } } },
};

/* Ukrainian hard consonant stems (Бахмут -> Бахмута, Бахмуті). */
static const paradigm uk_consonant_stem = {
	"", { { "" }, { "а" }, { "у", "ові" }, { "", "а" }, { "ом" }, { "і", "ові", "у" } }
};

/* Russian consonant letters (lower case): other consonant stems decline
 * like Иван. */
static const char *const consonants[] = {
	"б", "в", "г", "д", "з", "к", "л", "м", "н", "п", "р", "с", "т",
	"ф", "х", NULL
};

static const paradigm consonant_stem = {
	"", { { "" }, { "а" }, { "у" }, { "а" }, { "ом" }, { "е" } }
};

static bool ends_with(const char *s, size_t n, const char *end)
{
	size_t e = strlen(end);

	return n >= e && memcmp(s + n - e, end, e) == 0;
}

/* The paradigm for a word, matching its lower-case ending; NULL when the
 * word does not decline. Upper-case words (ЛАВРОВ) are matched on their
 * lower-case image; the generated endings are then upper-cased. */
static const paradigm *paradigm_of(const char *w, size_t n, bool uk)
{
	size_t i;

	if (uk) {
		for (i = 0; i < sizeof(uk_classes) / sizeof(uk_classes[0]); i++)
			if (ends_with(w, n, uk_classes[i].ending))
				return &uk_classes[i].p;
		for (i = 0; consonants[i]; i++)
			if (ends_with(w, n, consonants[i]))
				return &uk_consonant_stem;
		return NULL;
	}
	for (i = 0; i < sizeof(irregular) / sizeof(irregular[0]); i++)
		if (strlen(irregular[i].word) == n &&
		    memcmp(w, irregular[i].word, n) == 0)
			return &irregular[i].p;
	for (i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
		if (ends_with(w, n, classes[i].ending))
			return &classes[i].p;
	for (i = 0; consonants[i]; i++)
		if (ends_with(w, n, consonants[i]))
			return &consonant_stem;
	return NULL;
}

typedef struct {
	char **v;
	size_t n, a;
} strlist;

static int list_add(strlist *l, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strlen(l->v[i]) == len && memcmp(l->v[i], s, len) == 0)
			return 0;
	if (glossa__grow((void **)&l->v, &l->a, l->n + 1, sizeof(char *)) < 0)
		return GLOSSA_ERROR;
	if ((l->v[l->n] = glossa__strndup(s, len)) == NULL)
		return GLOSSA_ERROR;
	l->n++;
	return 0;
}

/* Is the word Cyrillic in lower case at its end? Endings are matched on
 * lower-case text only; a word in capitals declines via its own
 * lower-case image, which we do not build here (ALL-CAPS names are rare
 * in a glossary). */

/* Append case `c` of word w[0..n) to buf (alternative `alt`). Returns 1
 * if that alternative exists, 0 if not. */
static int case_form(glossa_buf *buf, const char *w, size_t n, int c, int alt,
	bool uk)
{
	const paradigm *p = paradigm_of(w, n, uk);
	size_t cut;

	if (p == NULL) {
		if (alt > 0)
			return 0;
		return glossa_buf_put(buf, w, n) < 0 ? GLOSSA_ERROR : 1;
	}
	if (p->add[c][alt] == NULL)
		return 0;
	cut = strlen(p->cut);
	if (glossa_buf_put(buf, w, n - cut) < 0 ||
	    glossa_buf_puts(buf, p->add[c][alt]) < 0)
		return GLOSSA_ERROR;
	return 1;
}

int glossa_morph__ru_forms(char ***out, size_t *n, const char *nominative)
{
	return glossa_morph__forms(out, n, nominative, false);
}

int glossa_morph__forms(char ***out, size_t *n, const char *nominative,
	bool uk_name)
{
	strlist l = { NULL, 0, 0 };
	glossa_buf b = GLOSSA_BUF_INIT;
	const char *words[8];
	size_t lens[8], nw = 0, i;
	const char *p = nominative;
	int c, k, alt, pass, error = 0;
	bool uk;

	*out = NULL;
	*n = 0;
	if ((error = list_add(&l, nominative, strlen(nominative))) < 0)
		goto fail;
	/* Words separated by spaces; a longer name only gives its
	 * nominative. */
	while (*p) {
		size_t len = strcspn(p, " ");

		if (len > 0) {
			if (nw == 8)
				goto done;
			words[nw] = p;
			lens[nw++] = len;
		}
		p += len;
		while (*p == ' ')
			p++;
	}
	/* Ukrainian spelling: the Ukrainian cases too */
	uk = uk_name || strstr(nominative, "і") || strstr(nominative, "ї") ||
		strstr(nominative, "є") || strstr(nominative, "ґ") ||
		strstr(nominative, "І") || strstr(nominative, "Ї") ||
		strstr(nominative, "Є") || strstr(nominative, "Ґ");
	/* the six cases, then for a Ukrainian name six more */
	for (k = 0; k < (uk ? 2 : 1) * NCASES; k++) {
		c = k % NCASES;
		pass = k / NCASES;
		for (alt = 0; alt < MAXALT; alt++) {
			/* the alternative applies to the last declining
			 * word; the others take their first spelling */
			bool any = alt == 0;

			glossa_buf_clear(&b);
			for (i = 0; i < nw; i++) {
				int r;

				if (i)
					glossa_buf_puts(&b, " ");
				r = case_form(&b, words[i], lens[i], c,
					i + 1 == nw ? alt : 0, pass == 1);
				if (r < 0) {
					error = r;
					goto fail;
				}
				if (r == 0 && i + 1 == nw) {
					any = false;
					break;
				}
				if (r == 1 && i + 1 == nw && alt > 0)
					any = true;
			}
			if (!any)
				continue;
			if (b.ptr == NULL && (error = glossa_buf_put(&b, "", 0)) < 0)
				goto fail;
			if ((error = list_add(&l, b.ptr, b.size)) < 0)
				goto fail;
		}
	}
done:
	glossa_buf_dispose(&b);
	*out = l.v;
	*n = l.n;
	return 0;
fail:
	glossa_buf_dispose(&b);
	glossa_morph__free_list(l.v, l.n);
	return error < 0 ? error : GLOSSA_ERROR;
}

/*
 * Arabic proclitics, UTF-8: the conjunctions wa- fa-, the prepositions
 * bi- li- ka-, and the article al-. A word keeps at least three letters
 * after stripping, so a short word is not eaten.
 */
#define AR_WAW  "\xD9\x88"  /* و */
#define AR_FA   "\xD9\x81"  /* ف */
#define AR_BA   "\xD8\xA8"  /* ب */
#define AR_LAM  "\xD9\x84"  /* ل */
#define AR_KAF  "\xD9\x83"  /* ك */
#define AR_AL   "\xD8\xA7\xD9\x84"  /* ال */

static size_t ar_letters(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

int glossa_morph__ar_strip(char ***out, size_t *n, const char *word)
{
	static const char *const conj[] = { AR_WAW, AR_FA, NULL };
	static const char *const prep[] = { AR_BA, AR_LAM, AR_KAF, NULL };
	strlist l = { NULL, 0, 0 };
	glossa_buf b = GLOSSA_BUF_INIT;
	const char *stems[4];
	size_t ns = 0, i, j;
	int error;

	*out = NULL;
	*n = 0;
	if ((error = list_add(&l, word, strlen(word))) < 0)
		goto fail;
	/* the word, after a conjunction, then after a preposition */
	stems[ns++] = word;
	for (i = 0; conj[i]; i++)
		if (strncmp(word, conj[i], 2) == 0 && ar_letters(word + 2) >= 3)
			stems[ns++] = word + 2;
	for (j = 0, i = ns; j < i; j++) {
		size_t k;

		for (k = 0; prep[k]; k++) {
			const char *s = stems[j];

			if (strncmp(s, prep[k], 2) != 0 || ns == 4)
				continue;
			/* ل + ال is written لل: restore the article */
			if (strcmp(prep[k], AR_LAM) == 0 &&
			    strncmp(s + 2, AR_LAM, 2) == 0 &&
			    ar_letters(s + 4) >= 3) {
				glossa_buf_clear(&b);
				if (glossa_buf_puts(&b, AR_AL) < 0 ||
				    glossa_buf_puts(&b, s + 4) < 0 ||
				    list_add(&l, b.ptr, b.size) < 0 ||
				    list_add(&l, s + 4, strlen(s + 4)) < 0) {
					error = GLOSSA_ERROR;
					goto fail;
				}
				continue;
			}
			if (ar_letters(s + 2) >= 3)
				stems[ns++] = s + 2;
		}
	}
	for (i = 1; i < ns; i++)
		if ((error = list_add(&l, stems[i], strlen(stems[i]))) < 0)
			goto fail;
	/* and each without the article */
	for (i = 0, j = l.n; i < j; i++) {
		const char *s = l.v[i];

		if (strncmp(s, AR_AL, 4) == 0 && ar_letters(s + 4) >= 3 &&
		    (error = list_add(&l, s + 4, strlen(s + 4))) < 0)
			goto fail;
	}
	glossa_buf_dispose(&b);
	*out = l.v;
	*n = l.n;
	return 0;
fail:
	glossa_buf_dispose(&b);
	glossa_morph__free_list(l.v, l.n);
	return error < 0 ? error : GLOSSA_ERROR;
}

void glossa_morph__free_list(char **list, size_t n)
{
	size_t i;

	for (i = 0; list && i < n; i++)
		free(list[i]);
	free(list);
}
