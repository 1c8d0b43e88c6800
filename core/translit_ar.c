/*
** Pattern vowelling of an unvowelled Arabic name (issue 16): a word the
** glossary does not know gets its harakat (fatha, kasra, damma, sukun,
** shadda) from the morphological pattern (wazn) its letters fit, so the
** news rules (glossaries/translit/ar-news.txt) read صالح as Salih, not
** Salh. What is not the stem is kept apart and put back unchanged: the
** article ال in front (the rules decide al- or as-), and at the end ة,
** ى, the ending اء, the nisba ي (with او before it: -awi) and ات.
**
** Templates are written as vowelled Arabic with ف ع ل standing for the
** root letters (any consonant); the other letters must be there as
** written (أ also matches a bare ا, the ت of form VIII also its ط and د
** forms). The first template that fits wins. The table and its choices
** are documented in glossaries/translit/README.md ("news: Arabic").
*/
#include <string.h>
#include <unicode/utf8.h>
#include "internal.h"
#include "translit_int.h"

#define AR_MAX 32        /* longer words are not vowelled */
#define AR_SLOTS 8

#define FATHA 0x064E
#define DAMMA 0x064F
#define KASRA 0x0650
#define SHADDA 0x0651
#define SUKUN 0x0652

#define ALEF 0x0627
#define ALEF_HAMZA 0x0623
#define ALEF_HAMZA_BELOW 0x0625
#define ALEF_MADDA 0x0622
#define HAMZA 0x0621
#define WAW_HAMZA 0x0624
#define YEH_HAMZA 0x0626
#define TEH_MARBUTA 0x0629
#define ALEF_MAKSURA 0x0649
#define TEH 0x062A
#define TAH 0x0637
#define DAL 0x062F
#define LAM 0x0644
#define WAW 0x0648
#define YEH 0x064A
#define FEH 0x0641
#define AIN 0x0639

/* what a word has around its stem */
enum {
	T_ARTICLE = 1,   /* only after the article */
	T_MAQSURA = 2,   /* only before ى */
	T_AT = 4,        /* only before ات */
	T_BARE = 8,      /* only with no ending after the stem */
};

typedef struct {
	int letters;        /* letters of the template */
	const char *name;   /* the pattern, as --explain shows it */
	const char *tmpl;   /* vowelled, ف ع ل for the root letters */
	unsigned when;      /* T_* */
} ar_pattern;

/*
 * Longest first; within a length the specific before the general. A
 * mark before a long vowel letter is left out (the rules would write it
 * twice: marwaan).
 */
static const ar_pattern patterns[] = {
	/* six letters */
	{ 6, "fuʿaylān", "فُعَيلان", 0 },        /* Sulaiman */
	/* five letters */
	{ 5, "mafʿūl", "مَفْعول", 0 },           /* Mahmoud, Mansour, Masoud */
	{ 5, "tafʿīl", "تَفْعيل", 0 },           /* Tawfiq, Tahsin, Taysir */
	{ 5, "muftaʿil", "مُفْتَعِل", 0 },        /* Muntasir, Mutasim */
	{ 5, "ifʿāl", "إفْعال", 0 },             /* Ihsan, Islam */
	{ 5, "faʿlān", "فَعْلان", 0 },            /* Salman, Adnan, Marwan */
	{ 5, "mufāʿil", "مُفاعِل", 0 },          /* Mujahid, Musaid */
	{ 5, "fawāʿil", "فَواعِل", 0 },          /* al-Zawahiri, Jawahiri */
	{ 5, "faʿlāl", "فَعْلال", 0 },            /* Baghdad */
	{ 5, "faʿlūl", "فَعْلول", 0 },            /* Yaqoub, Khaldoun */
	/* four letters */
	{ 4, "muftaʿā", "مُفْتَع", T_MAQSURA },  /* Mustafa, Murtada, Mujtaba */
	{ 4, "fāʿil", "فاعِل", 0 },              /* Salih, Qasim, Hamid, Fatima */
	{ 4, "mufīl", "مُفيل", 0 },              /* Munir, Mufid, Muin */
	{ 4, "faʿīl", "فَعيل", 0 },              /* Said, Karim, Nabil, Amin */
	{ 4, "afʿal", "أفْعَل", 0 },              /* Ahmad, Akram, Ayman, Anwar */
	{ 4, "faʿūl", "فَعول", 0 },              /* Saoud, Abboud */
	{ 4, "faʿʿāl", "فَعّال", T_ARTICLE | T_BARE }, /* al-Haddad, al-Sarraj */
	{ 4, "faʿāl", "فَعال", 0 },              /* Jamal, Kamal, Talal */
	{ 4, "fūʿul", "يوفُل", 0 },              /* Yousuf, Younus */
	{ 4, "mufʿil", "مُفْعِل", 0 },            /* Muhsin, Muslim, Murshid */
	{ 4, "faʿlal", "فَعْلَل", 0 },             /* Jaafar, Zainab, Haidar */
	/* three letters */
	{ 3, "faʿal", "فَعَل", T_AT },           /* Barakat, Arafat */
	{ 3, "faʿal", "أفَل", 0 },               /* Asad, Amal, Anas */
	{ 3, "fūl", "فول", 0 },                  /* Nour */
	{ 3, "faʿl", "فَعْل", 0 },                /* Nasr, Saad, Fahd, Hamza */
};

#define NPATTERNS (sizeof(patterns) / sizeof(patterns[0]))

typedef struct {
	UChar32 ch;      /* the letter, or 0 for a root letter */
	UChar32 mark[2]; /* after it; 0: none */
} slot;

static bool is_letter(UChar32 c)
{
	return c >= HAMZA && c <= YEH && !(c >= 0x063B && c <= 0x0640);
}

/* a letter that may stand for a root consonant */
static bool is_root(UChar32 c)
{
	return is_letter(c) && c != ALEF && c != ALEF_MAKSURA &&
		c != TEH_MARBUTA && c != ALEF_MADDA;
}

/* letters the rules write as a vowel already: no mark after them */
static bool is_vowel_seat(UChar32 c)
{
	return c == ALEF_HAMZA || c == ALEF_HAMZA_BELOW || c == ALEF_MADDA ||
		c == HAMZA;
}

static bool is_placeholder(UChar32 c)
{
	return c == FEH || c == AIN || c == LAM;
}

/* Does template letter `t` accept word letter `c`? */
static bool literal_fits(UChar32 t, UChar32 c)
{
	if (t == c)
		return true;
	if (t == ALEF_HAMZA || t == ALEF_HAMZA_BELOW)
		return c == ALEF;
	if (t == TEH)   /* form VIII: ت is ط after an emphatic, د after ز */
		return c == TAH || c == DAL;
	return false;
}

/* Decode a template into slots; their number, or -1 when too long. */
static int parse_tmpl(slot *s, const char *tmpl)
{
	int32_t i = 0, n = (int32_t)strlen(tmpl);
	int ns = 0;

	while (i < n) {
		UChar32 c;

		U8_NEXT(tmpl, i, n, c);
		if (c >= 0x064B && c <= SUKUN) {
			if (ns > 0)
				s[ns - 1].mark[s[ns - 1].mark[0] ? 1 : 0] = c;
			continue;
		}
		if (ns == AR_SLOTS)
			return -1;
		s[ns].ch = is_placeholder(c) ? 0 : c;
		s[ns].mark[0] = s[ns].mark[1] = 0;
		ns++;
	}
	return ns;
}

static bool fits(const slot *s, int ns, const UChar32 *w, int n)
{
	int i;

	if (ns != n)
		return false;
	for (i = 0; i < n; i++)
		if (s[i].ch ? !literal_fits(s[i].ch, w[i]) : !is_root(w[i]))
			return false;
	return true;
}

static int put_cp(glossa_buf *out, UChar32 c)
{
	char b[4];
	int32_t i = 0;
	UBool err = false;

	U8_APPEND(b, i, 4, c, err);
	(void)err;
	return glossa_buf_put(out, b, (size_t)i);
}

static bool ends_with(const UChar32 *w, int n, UChar32 a, UChar32 b)
{
	return n >= 2 && w[n - 2] == a && w[n - 1] == b;
}

/* A word cut into its parts: the stem is cp[b..e). */
typedef struct {
	UChar32 cp[AR_MAX];
	slot s[AR_SLOTS];   /* the template that fits the stem */
	int n, b, e;
} ar_word;

/* The pattern w[0..len) fits (an index into patterns[], with a->s set),
 * or -1. */
static int find_pattern(ar_word *a, const char *w, size_t len)
{
	int32_t i = 0;
	int n = 0, b = 0, e, ns;
	unsigned have = 0;
	size_t p;

	if (len > (size_t)AR_MAX * 4)
		return -1;
	/* Only plain unvowelled letters. */
	while (i < (int32_t)len) {
		UChar32 c;

		U8_NEXT(w, i, (int32_t)len, c);
		if (n == AR_MAX || !is_letter(c) || c == WAW_HAMZA ||
		    c == YEH_HAMZA)
			return -1;
		a->cp[n++] = c;
	}
	e = n;
	if (n >= 4 && a->cp[0] == ALEF && a->cp[1] == LAM) {
		b = 2;
		have |= T_ARTICLE;
	}
	if (e - b >= 4 && a->cp[e - 1] == TEH_MARBUTA) {
		e--;
		if (e - b >= 4 && a->cp[e - 1] == YEH)
			e--;   /* nisba, feminine: -iya */
	} else if (e - b >= 4 && a->cp[e - 1] == ALEF_MAKSURA) {
		e--;
		have |= T_MAQSURA;
	} else if (e - b >= 5 && ends_with(a->cp, e, ALEF, HAMZA)) {
		e -= 2;
	} else if (e - b >= 5 && ends_with(a->cp, e, ALEF, TEH)) {
		e -= 2;
		have |= T_AT;
	} else if (e - b >= 4 && a->cp[e - 1] == YEH) {
		e--;   /* nisba */
		if (e - b >= 5 && ends_with(a->cp, e, ALEF, WAW))
			e -= 2;
		/* a nisba of three letters with ي between is mostly ī, from
		 * a place or a name in ī (al-Sisi, al-Libi, Tibi): the rules
		 * write it so; Zaid, Saif have no nisba */
		if (e - b == 3 && a->cp[b + 1] == YEH)
			return -1;
	}
	if (e == n)
		have |= T_BARE;
	/* a stem that ends in a long vowel letter has no pattern here */
	if (e - b < 3 || a->cp[e - 1] == YEH || a->cp[e - 1] == WAW ||
	    a->cp[e - 1] == ALEF)
		return -1;
	a->n = n;
	a->b = b;
	a->e = e;
	for (p = 0; p < NPATTERNS; p++) {
		unsigned need = patterns[p].when;

		if (patterns[p].letters != e - b || (have & need) != need)
			continue;
		if ((ns = parse_tmpl(a->s, patterns[p].tmpl)) > 0 &&
		    fits(a->s, ns, a->cp + b, e - b))
			return (int)p;
	}
	return -1;
}

int glossa_translit__ar_vowel(glossa_buf *out, const char **pattern,
	const char *w, size_t len)
{
	ar_word a;
	int p, k, error;

	*pattern = NULL;
	if ((p = find_pattern(&a, w, len)) < 0)
		return glossa_buf_put(out, w, len);
	for (k = 0; k < a.n; k++) {
		const slot *sl = k >= a.b && k < a.e ? &a.s[k - a.b] : NULL;

		if ((error = put_cp(out, a.cp[k])) < 0)
			return error;
		if (sl == NULL || is_vowel_seat(a.cp[k]))
			continue;
		if ((sl->mark[0] && (error = put_cp(out, sl->mark[0])) < 0) ||
		    (sl->mark[1] && (error = put_cp(out, sl->mark[1])) < 0))
			return error;
	}
	*pattern = patterns[p].name;
	return 0;
}

const char *glossa_translit__ar_pattern(const char *w, size_t len)
{
	ar_word a;
	int p = find_pattern(&a, w, len);

	return p < 0 ? NULL : patterns[p].name;
}
