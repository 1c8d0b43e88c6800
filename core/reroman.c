/*
** Reverse romanisation: a Russian name as German, Polish, Czech or French
** copy writes it ("Gorbatschow", "Chodorkowski", "Ługowoj", "Šojgu",
** "Tchaïkovski") taken back to the Cyrillic it came from, so that the
** glossary's native forms (and the matcher's folding and Russian case
** forms) can say whose name it is.
**
** Each convention is a table of Latin spellings and the Cyrillic each may
** stand for; a spelling that conventions read differently ("ch": х in
** German, Polish and Czech, ш in French; "z": ц in German, з elsewhere)
** gives several readings, and every combination up to a limit is made,
** the likelier readings first.
*/
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include "internal.h"
#include "check_int.h"

#define MAXW 40

typedef struct {
	const char *lat;     /* lower case, UTF-8 */
	const char *cyr[4];  /* readings, likelier first */
	bool at_end;         /* only at the end of the word */
} rule;

static const rule rules[] = {
	/* endings */
	{ "skij", { "ский" }, true }, { "skyj", { "ский" }, true },
	{ "skiy", { "ский" }, true }, { "skii", { "ский" }, true },
	{ "ski", { "ский" }, true }, { "sky", { "ский" }, true },
	{ "ij", { "ий", "ій" }, true }, { "yj", { "ый", "ий" }, true },
	{ "ow", { "ов" }, true }, { "ew", { "ев" }, true },
	{ "oj", { "ой" }, true }, { "y", { "ый", "ий", "ы", "и" }, true },
	/* several letters */
	{ "schtsch", { "щ" }, false }, { "šč", { "щ" }, false }, { "szcz", { "щ" }, false }, { "shch", { "щ" }, false },
	{ "dsch", { "дж" }, false }, { "tsch", { "ч" }, false }, { "dż", { "дж" }, false },
	{ "sch", { "ш", "ж" }, false }, { "tch", { "ч" }, false }, { "dj", { "дж" }, false },
	{ "cz", { "ч" }, false }, { "sz", { "ш" }, false }, { "sh", { "ш" }, false },
	{ "zh", { "ж" }, false }, { "kh", { "х" }, false }, { "ch", { "х", "ш", "ч" }, false },
	{ "ts", { "ц" }, false }, { "tz", { "ц" }, false }, { "rz", { "рз", "ж" }, false },
	{ "ou", { "у" }, false }, { "ss", { "с" }, false }, { "gue", { "ге" }, false },
	{ "gui", { "ги" }, false },
	{ "ja", { "я", "ья" }, false }, { "ju", { "ю", "ью" }, false },
	{ "jo", { "йо", "ё", "ьё" }, false }, { "ie", { "е", "ие", "и" }, false },
	{ "je", { "е", "ье", "є" }, false }, { "ji", { "ї", "йи" }, false }, { "ya", { "я" }, false }, { "yu", { "ю" }, false },
	{ "ye", { "е" }, false }, { "ia", { "ия", "я" }, false }, { "iu", { "ю" }, false },
	/* one letter */
	{ "a", { "а" }, false }, { "á", { "а" }, false }, { "ä", { "я", "э" }, false },
	{ "b", { "б" }, false }, { "c", { "ц", "к" }, false }, { "č", { "ч" }, false },
	{ "ć", { "ць" }, false }, { "d", { "д" }, false }, { "e", { "е" }, false },
	{ "é", { "е" }, false }, { "è", { "е" }, false }, { "ě", { "е" }, false },
	{ "ë", { "ё" }, false }, { "f", { "ф" }, false }, { "g", { "г" }, false },
	{ "h", { "х", "г" }, false }, { "i", { "и", "і" }, false }, { "í", { "и" }, false },
	{ "ï", { "й", "и" }, false }, { "j", { "й", "ж" }, false }, { "k", { "к" }, false },
	{ "l", { "л", "ль" }, false }, { "ł", { "л" }, false }, { "m", { "м" }, false },
	{ "n", { "н" }, false }, { "ń", { "нь" }, false }, { "o", { "о" }, false },
	{ "ó", { "о" }, false }, { "ö", { "ё" }, false }, { "p", { "п" }, false },
	{ "q", { "к" }, false }, { "r", { "р" }, false }, { "ř", { "рж" }, false },
	{ "s", { "с", "з" }, false }, { "ś", { "сь" }, false }, { "š", { "ш" }, false },
	{ "t", { "т" }, false }, { "u", { "у" }, false }, { "ú", { "у" }, false },
	{ "ů", { "у" }, false }, { "ü", { "ю" }, false }, { "v", { "в" }, false },
	{ "w", { "в" }, false }, { "x", { "кс" }, false }, { "y", { "ы", "й", "и" }, false },
	{ "ý", { "ы" }, false }, { "z", { "з", "ц" }, false }, { "ž", { "ж" }, false },
	{ "ż", { "ж" }, false }, { "ź", { "зь" }, false },
};

typedef struct {
	const char *w;       /* the word, lower case */
	size_t n;
	char cur[MAXW * 8];
	size_t curn;
	glossa_reroman_fn fn;
	void *payload;
	unsigned tries, max;
	int done;            /* fn's non-zero answer */
} gen;

/* A sibilant just written: "о" after it may be ё (Горбачёв). */
static bool after_sibilant(const gen *g)
{
	static const char *const sib[] = { "ж", "ч", "ш", "щ", NULL };
	size_t i;

	for (i = 0; sib[i]; i++)
		if (g->curn >= 2 && memcmp(g->cur + g->curn - 2, sib[i], 2) == 0)
			return true;
	return false;
}

static void walk(gen *g, size_t at)
{
	size_t i, k;

	if (g->done || g->tries >= g->max)
		return;
	if (at == g->n) {
		g->tries++;
		g->cur[g->curn] = '\0';
		g->done = g->fn(g->cur, g->curn, g->payload);
		return;
	}
	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		const rule *r = &rules[i];
		size_t ln = strlen(r->lat), save = g->curn;

		if (at + ln > g->n || memcmp(g->w + at, r->lat, ln) != 0 ||
		    (r->at_end && at + ln != g->n))
			continue;
		for (k = 0; k < 4 && r->cyr[k]; k++) {
			const char *c = r->cyr[k];
			size_t cn = strlen(c);

			if (g->curn + cn + 2 >= sizeof(g->cur))
				return;
			memcpy(g->cur + g->curn, c, cn);
			g->curn += cn;
			walk(g, at + ln);
			g->curn = save;
			/* "о" after a sibilant may be ё, folded е (Горбачёв,
			 * "Gorbatschow"). */
			if (cn >= 2 && memcmp(c, "о", 2) == 0 &&
			    after_sibilant(g)) {
				memcpy(g->cur + g->curn, "е", 2);
				memcpy(g->cur + g->curn + 2, c + 2, cn - 2);
				g->curn += cn;
				walk(g, at + ln);
				g->curn = save;
			}
		}
		return;  /* the longest spelling that fits decides */
	}
	/* A letter no convention has: no reading. */
}

int glossa_reroman__each(const char *word, size_t len, unsigned max,
	glossa_reroman_fn fn, void *payload)
{
	char low[MAXW * 4 + 1];
	int32_t o = 0;
	int32_t i = 0, n = len > MAXW * 4 ? 0 : (int32_t)len;
	gen g;

	while (i < n) {
		UChar32 c;
		UBool err = 0;

		U8_NEXT((const uint8_t *)word, i, n, c);
		if (c < 0 || !u_isalpha(c))
			return 0;  /* an apostrophe, a digit: not a name to read */
		c = u_tolower(c);
		if (o + 4 >= (int32_t)sizeof(low))
			return 0;
		U8_APPEND((uint8_t *)low, o, (int32_t)sizeof(low), c, err);
		if (err)
			return 0;
	}
	if (o < 3)
		return 0;
	memset(&g, 0, sizeof(g));
	g.w = low;
	g.n = (size_t)o;
	g.fn = fn;
	g.payload = payload;
	g.max = max;
	walk(&g, 0);
	return g.done;
}
