/*
** The name matcher: the glossary compiled into a trie over matching keys.
**
** A matching key is a form folded code point by code point: case folded,
** diacritics dropped (the first character of the canonical decomposition),
** apostrophes made one, and every joiner between name parts (space,
** no-break space, hyphen, dash, nothing) dropped, so "Abdul-Aziz",
** "Abdul Aziz" and "Abdulaziz" are one key. Arabic-name particles are
** folded to one spelling at the start of a part, in the keys and in the
** text alike: al-/el-/ul- and the sun-letter forms (ash-, as-, ...) are
** "al", bin/ibn/ben "bin", Abdul/Abdel/Abd al- "abdal". In the text a
** sun-letter form needs its hyphen: "At Asad's" and "as Asad" are English.
**
** Scanning folds the text the same way on the fly, from a 64K-entry table
** made once per matcher (ICU is asked about each BMP code point then, and
** about the rest only when they occur). A trie walk starts only where a
** name can start: an upper-case letter, a letter of another script, a
** digit when keys start with one; a lower-case particle joined to such a
** start ("al-Asad") is looked for backwards from it. Lower-case ASCII is
** passed eight bytes at a time. So the cost is a few operations per byte
** plus, per candidate, a walk bounded by the name's length, whatever the
** number of entries; ICU is only consulted for what the table lacks and
** for upper-casing replacements.
**
** The trie is built as linked lists and then frozen into arrays (CSR):
** each node's edges are sorted, looked up linearly when few and by binary
** search when many; the root is a 256-entry table. A compiled matcher can
** be cached in a file (see "the compiled cache" below).
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unicode/uchar.h>
#include "internal.h"
#include "match.h"
#include "morph.h"
#include "ustr.h"

#include "match_int.h"

/* ---- code points ---- */

uint32_t glossa_match__classify(UChar32 c)
{
	uint32_t cls = C_OTHER, flags = 0;
	UChar32 f = c;

	switch (c) {
	case ' ': case '\n': case 0x00A0: case 0x1680: case 0x2002:
	case 0x2003: case 0x2004: case 0x2005: case 0x2006: case 0x2007:
	case 0x2008: case 0x2009: case 0x200A: case 0x202F: case 0x205F:
	case 0x3000:
		return (uint32_t)C_SPACE << 24 | (uint32_t)c;
	case '-': case 0x2010: case 0x2011: case 0x2012: case 0x2013:
	case 0x2014: case 0x2015: case 0x2212: case 0xFE58: case 0xFE63:
	case 0xFF0D:
		return (uint32_t)C_HYPH << 24 | (uint32_t)c;
	case '\r':
		return (uint32_t)C_CR << 24 | (uint32_t)c;
	case '\'': case '`': case 0x00B4: case 0x02BB: case 0x02BC:
	case 0x02BE: case 0x02BF: case 0x2018: case 0x2019: case 0x2032:
		return (uint32_t)C_APOS << 24 | '\'';
	case 0x00AD: case 0x200C: case 0x200D: case 0x2060: case 0x0640:
		return (uint32_t)C_MARK << 24 | (uint32_t)c;
	}
	switch (u_charType(c)) {
	case U_UPPERCASE_LETTER:
	case U_TITLECASE_LETTER:
		flags = T_UPPER;
		cls = C_WORD;
		break;
	case U_LOWERCASE_LETTER:
		/* Only a letter with a capital is lower case: "ĸ" or "ß"
		 * stay as they are in a headline ("QAĸORTOQ"). */
		flags = u_toupper(c) != c ? T_LOWER : 0;
		cls = C_WORD;
		break;
	case U_MODIFIER_LETTER:
	case U_OTHER_LETTER:
	case U_DECIMAL_DIGIT_NUMBER:
	case U_LETTER_NUMBER:
		cls = C_WORD;
		break;
	case U_NON_SPACING_MARK:
	case U_ENCLOSING_MARK:
	case U_COMBINING_SPACING_MARK:
		cls = C_MARK;
		break;
	default:
		break;
	}
	if (cls == C_WORD)
		f = glossa_ustr__fold_char(c);
	return cls << 24 | flags | (uint32_t)f;
}

/* ---- particles ---- */

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

/* The lower-case ASCII word at t[i]: its length, 0 if none or > 5. */
static size_t ascii_lower_word(const uint8_t *t, size_t i, size_t to)
{
	size_t j = i;

	while (j < to && t[j] >= 'a' && t[j] <= 'z' && j - i < 6)
		j++;
	if (j - i > 5)
		return 0;
	return j - i;
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
static size_t particle(const glossa_matcher *m, const uint8_t *t, size_t j,
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
	cls = t[j + n] < 0x80 ? T_CLS(m->tab[t[j + n]]) :
		T_CLS(info(m, dec(t, j + n, &q)));
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
 * Is the span written like a name? Every part (between joiners) whose
 * first letter has case starts upper-case, unless the part is a particle.
 */
static bool written_as_name(const glossa_matcher *m, const uint8_t *t,
	size_t s, size_t e)
{
	bool part_start = true;
	size_t i = s, n;

	while (i < e) {
		uint32_t x = info(m, dec(t, i, &n));
		uint32_t cls = T_CLS(x);

		if (is_joiner_cls(cls)) {
			part_start = true;
		} else if (part_start && cls == C_WORD) {
			part_start = false;
			if (x & T_LOWER) {
				size_t w = ascii_lower_word(t, i, e);

				if (w == 0 || word_at(m, t, e, i + w) ||
				    in_set(lower_ok, (const char *)t + i, w) < 0)
					return false;
			}
		}
		i += n;
	}
	return true;
}

/* ---- the trie at match time ---- */

static inline uint32_t child(const glossa_matcher *m, uint32_t n, uint8_t b)
{
	uint32_t s, e;

	if (n == 0)
		return m->root[b];
	s = m->node[n].estart;
	e = m->node[n + 1].estart;
	if (e - s <= 8) {
		for (; s < e; s++)
			if (m->elabel[s] == b)
				return m->echild[s];
		return 0;
	}
	while (s < e) {
		uint32_t mid = s + (e - s) / 2;

		if (m->elabel[mid] == b)
			return m->echild[mid];
		if (m->elabel[mid] < b)
			s = mid + 1;
		else
			e = mid;
	}
	return 0;
}

typedef struct {
	size_t end;
	uint32_t accept;
} cand;

/* Feed the folded bytes of code point x; 0 when the trie has no path. */
static inline uint32_t feed(const glossa_matcher *m, uint32_t node,
	uint32_t x)
{
	uint8_t b[4];
	size_t k, nb = enc(b, T_CP(x));

	for (k = 0; k < nb; k++)
		if ((node = child(m, node, b[k])) == 0)
			return 0;
	return node;
}

static inline uint32_t feed_str(const glossa_matcher *m, uint32_t node,
	const char *s)
{
	for (; *s; s++)
		if ((node = child(m, node, (uint8_t)*s)) == 0)
			return 0;
	return node;
}

static inline void add_cand(const glossa_matcher *m, const uint8_t *t,
	size_t len, uint32_t node, size_t j, cand *c, size_t *nc)
{
	if (m->node[node].accept != NO_ACCEPT && !word_at(m, t, len, j) &&
	    *nc < MAX_CANDS) {
		c[*nc].end = j;
		c[(*nc)++].accept = m->node[node].accept;
	}
}

/*
 * Walk the trie from `node` over t[j, to) the way keys are folded:
 * joiners are skipped (one at a time: two in a row end the name), marks
 * are skipped, particles folded, everything else fed. Every accepting
 * node reached at a word end is a candidate.
 */
static size_t walk(const glossa_matcher *m, const uint8_t *t, size_t len,
	size_t to, uint32_t node, size_t j, cand *c, size_t nc)
{
	bool joined = node == 0, part_start = true;

	if (node)
		add_cand(m, t, len, node, j, c, &nc);
	while (j < to) {
		size_t n = 1;
		uint32_t x = t[j] < 0x80 ? m->tab[t[j]] : info(m, dec(t, j, &n));
		uint32_t cls = T_CLS(x);

		if (is_joiner_cls(cls)) {
			if (joined)
				break;
			if (cls == C_CR) {
				if (j + 1 >= to || t[j + 1] != '\n')
					break;
				n = 2;
			}
			joined = true;
			part_start = true;
			j += n;
			continue;
		}
		if (cls == C_MARK) {
			j += n;
			continue;
		}
		if (part_start && t[j] < 0x80 && cls == C_WORD) {
			const char *canon;
			size_t pl = particle(m, t, j, to, true, &canon);

			part_start = false;
			if (pl) {
				if ((node = feed_str(m, node, canon)) == 0)
					break;
				/* (a name never ends in a particle) */
				joined = false;
				j += pl;
				continue;
			}
		}
		part_start = false;
		if ((node = feed(m, node, x)) == 0)
			break;
		joined = false;
		j += n;
		while (j < to && t[j] >= 0x80 &&
		       T_CLS(info(m, dec(t, j, &n))) == C_MARK)
			j += n;
		add_cand(m, t, len, node, j, c, &nc);
	}
	return nc;
}

/* The longest candidate written like a name, or 0. */
static size_t pick(const glossa_matcher *m, const uint8_t *t, size_t start,
	const cand *c, size_t nc, uint32_t *accept)
{
	while (nc > 0) {
		nc--;
		if (written_as_name(m, t, start, c[nc].end)) {
			*accept = c[nc].accept;
			return c[nc].end;
		}
	}
	return 0;
}

/*
 * An Arabic word may carry proclitics (و ب ل ف ك, the article): ask morph
 * for the bare forms and try each, keeping the clitic in the text when the
 * bare form is a tail of the word ("وبشار" -> "و" + the name).
 */
static int try_arabic(const glossa_matcher *m, const uint8_t *t, size_t len,
	size_t to, size_t i, glossa_match__hit *best)
{
	char *word, **list = NULL;
	size_t we = i, n, nlist = 0, k, wlen;
	int error;

	while (we < to && is_word_cls(T_CLS(info(m, dec(t, we, &n)))))
		we += n;
	wlen = we - i;
	if ((word = glossa__strndup((const char *)t + i, wlen)) == NULL)
		return GLOSSA_ERROR;
	error = glossa_morph__ar_strip(&list, &nlist, word);
	free(word);
	if (error < 0)
		return error;
	for (k = 1; k < nlist; k++) {
		const uint8_t *cs = (const uint8_t *)list[k];
		size_t clen = strlen(list[k]), nc = 0, start, end, p;
		uint32_t node = 0, acc = 0;
		cand c[MAX_CANDS];

		if (clen == 0)
			continue;
		if (clen < wlen && memcmp(t + we - clen, cs, clen) == 0) {
			/* The hit takes the clitic with it: in English copy
			 * "وبشار الأسد" becomes the name, not an Arabic
			 * letter glued to Latin ("وBashar Assad"). */
			start = i;
			nc = walk(m, t, len, to, 0, we - clen, c, 0);
		} else {
			/* Not a tail ("لل" + name): walk the bare form, then
			 * go on in the text after the word. */
			start = i;
			for (p = 0; p < clen; p += n) {
				uint32_t x = info(m, dec(cs, p, &n));

				if (T_CLS(x) != C_MARK &&
				    (node = feed(m, node, x)) == 0)
					break;
			}
			if (node)
				nc = walk(m, t, len, to, node, we, c, 0);
		}
		if ((end = pick(m, t, start, c, nc, &acc)) > best->end) {
			best->start = start;
			best->end = end;
			best->accept = acc;
		}
	}
	glossa_morph__free_list(list, nlist);
	return 0;
}

/* Past the rest of the word at t[i]. */
static inline size_t skip_word(const glossa_matcher *m, const uint8_t *t,
	size_t i, size_t to)
{
	const uint8_t *a = m->acls;

	while (i < to) {
		uint8_t b = t[i];

		if (a[b] & A_WORD) {
			i++;
		} else if (!(a[b] & A_HIGH)) {
			break;
		} else {
			size_t n;

			if (!is_word_cls(T_CLS(info(m, dec(t, i, &n)))))
				break;
			i += n;
		}
	}
	return i;
}

/* The first byte of the folded UTF-8 of x: is there a key starting so? */
static inline bool root_has(const glossa_matcher *m, uint32_t x)
{
	uint8_t b[4];

	enc(b, T_CP(x));
	return m->root[b[0]] != 0;
}

#define ONES  UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)
#define LOW7  UINT64_C(0x7F7F7F7F7F7F7F7F)

/* Some byte of w is in (lo, hi) (for lo, hi <= 128); may be wrong about
 * which byte, never about whether (Anderson's "hasbetween"). */
static inline uint64_t has_between(uint64_t w, unsigned lo, unsigned hi)
{
	return ((ONES * (127 + hi) - (w & LOW7)) & ~w &
		((w & LOW7) + ONES * (127 - lo))) & HIGHS;
}

/*
 * The next byte that may start a name: an upper-case letter, a non-ASCII
 * character, a digit when some key starts with one. Most of a text is
 * lower-case ASCII words, passed eight bytes at a time.
 */
static inline size_t next_start(const glossa_matcher *m, const uint8_t *t,
	size_t i, size_t to)
{
	const uint8_t *a = m->acls;

	for (;;) {
		size_t lim;

		while (i + 8 <= to) {
			uint64_t w, hit;

			memcpy(&w, t + i, 8);
			hit = (w & HIGHS) | has_between(w, 'A' - 1, 'Z' + 1);
			if (m->digit_start)
				hit |= has_between(w, '0' - 1, '9' + 1);
			if (hit)
				break;
			i += 8;
		}
		lim = i + 8 < to ? i + 8 : to;
		while (i < lim && !(a[t[i]] & A_START))
			i++;
		if (i < lim || i >= to)
			return i;
	}
}

/*
 * A lower-case particle joined to the name at p: "al-Asad", "bin Salman".
 * Returns where the name starts (p when there is none).
 */
static size_t particle_before(const glossa_matcher *m, const uint8_t *t,
	size_t from, size_t to, size_t p)
{
	const char *canon;
	size_t q = p, k;

	if (q == from)
		return p;
	/* the joiner: '-', ' ', NBSP (C2 A0), U+2010..2015 (E2 80 9x) */
	if (t[q - 1] == '-' || t[q - 1] == ' ')
		q--;
	else if (q - from >= 2 && t[q - 1] == 0xA0 && t[q - 2] == 0xC2)
		q -= 2;
	else if (q - from >= 3 && t[q - 1] >= 0x90 && t[q - 1] <= 0x95 &&
		 t[q - 2] == 0x80 && t[q - 3] == 0xE2)
		q -= 3;
	else
		return p;
	for (k = 0; k < 3 && q > from && (m->acls[t[q - 1]] & A_LOWER); k++)
		q--;
	if (k < 2)
		return p;
	if (q > from) {
		size_t n;

		if (m->acls[t[q - 1]] & A_WORD)
			return p;
		if ((t[q - 1] & 0x80) &&
		    is_word_cls(T_CLS(info(m, dec_prev(t, q, &n)))))
			return p;
	}
	return particle(m, t, q, to, true, &canon) > 0 ? q : p;
}

/* Is t[i] at the start of a word? */
static inline bool word_start(const glossa_matcher *m, const uint8_t *t,
	size_t from, size_t i)
{
	size_t n;

	if (i == 0)
		return true;
	if (!(t[i - 1] & 0x80))
		return !(m->acls[t[i - 1]] & A_WORD);
	GLOSSA_UNUSED(from);
	return !is_word_cls(T_CLS(info(m, dec_prev(t, i, &n))));
}

static int try_at(const glossa_matcher *m, const uint8_t *t, size_t len,
	size_t to, size_t i, uint32_t x, glossa_match__hit *hit)
{
	hit->start = i;
	hit->end = 0;
	hit->accept = 0;
	if (root_has(m, x)) {
		cand c[MAX_CANDS];
		size_t nc = walk(m, t, len, to, 0, i, c, 0);

		hit->end = pick(m, t, i, c, nc, &hit->accept);
	}
	return 0;
}

int glossa_match__scan(const glossa_matcher *m, const char *text,
	size_t len, size_t from, size_t to, glossa_match__cb cb, void *payload)
{
	const uint8_t *t = (const uint8_t *)text;
	size_t i = from, n, last = from;
	int error;

	while ((i = next_start(m, t, i, to)) < to) {
		uint8_t b = t[i];
		uint32_t x;
		glossa_match__hit hit;
		size_t q;

		if (b < 0x80) {
			x = m->tab[b];
			n = 1;
		} else {
			uint32_t cp = dec(t, i, &n), cls;

			x = info(m, cp);
			cls = T_CLS(x);
			if (!is_word_cls(cls)) {
				i += n;
				continue;
			}
		}
		if (!word_start(m, t, from, i) || T_CLS(x) != C_WORD ||
		    (x & T_LOWER)) {
			i = skip_word(m, t, i + n, to);
			continue;
		}
		hit.end = 0;
		/* "al-Asad": the name may start at a particle before. */
		if ((q = particle_before(m, t, last, to, i)) < i) {
			try_at(m, t, len, to, q, m->tab[t[q]], &hit);
			if (hit.end <= i)
				hit.end = 0;
		}
		if (hit.end == 0)
			try_at(m, t, len, to, i, x, &hit);
		if (b >= 0x80 && m->has_arabic && is_arabic(dec(t, i, &n)) &&
		    (error = try_arabic(m, t, len, to, i, &hit)) < 0)
			return error;
		if (hit.end > 0) {
			if ((error = cb(&hit, payload)) != 0)
				return error;
			i = last = hit.end;
			continue;
		}
		i = skip_word(m, t, i + n, to);
	}
	return 0;
}

/*
 * Where a rescan may start and end: a place no decision of the scanner
 * looks across, so that a change on one side of it cannot change what
 * the scanner decides on the other. Two kinds:
 *
 *   - a stop byte: ASCII punctuation no key holds (so no trie walk, word
 *     or particle passes it) and that the sentence-start test does not
 *     look through (so no look backwards passes it either);
 *   - a "wall": a lower-case ASCII word at the start of a name part (after
 *     a space or line feed) that is not a particle. No name written as a
 *     name contains one, so every hit before it ends before it, whatever
 *     follows; and looks backwards stop at its letters.
 *
 * A wall counts only when its letters and the character after them lie
 * on the near side of the change (before p when looking back).
 */
static bool wall_at(const glossa_matcher *m, const uint8_t *t, size_t len,
	size_t q, size_t *end)
{
	size_t n;

	if (q == 0 || (t[q - 1] != ' ' && t[q - 1] != '\n') ||
	    !(m->acls[t[q]] & A_LOWER))
		return false;
	for (n = 1; q + n < len && n < 6 && (m->acls[t[q + n]] & A_LOWER); n++)
		;
	*end = q + n;  /* the character after the letters */
	return n == 6 || in_set(lower_ok, (const char *)t + q, n) < 0;
}

size_t glossa_match__sync_before(const glossa_matcher *m, const char *text,
	size_t lo, size_t p)
{
	const uint8_t *t = (const uint8_t *)text;
	size_t q = p, end;

	while (q > lo) {
		q--;
		if (m->acls[t[q]] & A_STOP)
			return q;
		if (wall_at(m, t, p, q, &end) && end < p)
			return q;
	}
	return lo;
}

size_t glossa_match__sync_after(const glossa_matcher *m, const char *text,
	size_t len, size_t p)
{
	const uint8_t *t = (const uint8_t *)text;
	size_t end;

	/* (a wall's letters must end before len: the text may be a slice) */
	for (; p < len; p++)
		if ((m->acls[t[p]] & A_STOP) ||
		    (wall_at(m, t, len, p, &end) && end < len))
			return p;
	return len;
}

/* ---- building ---- */

typedef struct {
	bnode *nodes;
	size_t nnodes, anodes;
	uint32_t root[256];
	struct pair { uint32_t node, target; } *pairs;
	size_t npairs, apairs;
} builder;

static int new_node(builder *b, uint8_t label, uint32_t *out)
{
	if (b->nnodes >= UINT32_MAX - 1)
		return glossa_error__set(GLOSSA_ERRCLASS_NOMEMORY, GLOSSA_ERROR,
			"the glossary is too large for the matcher");
	if (glossa__grow((void **)&b->nodes, &b->anodes, b->nnodes + 1,
			sizeof(bnode)) < 0)
		return GLOSSA_ERROR;
	b->nodes[b->nnodes].child = 0;
	b->nodes[b->nnodes].next = 0;
	b->nodes[b->nnodes].label = label;
	*out = (uint32_t)b->nnodes++;
	return 0;
}

static int insert(builder *b, const uint8_t *key, size_t len, uint32_t target)
{
	uint32_t n = 0, c, prev;
	size_t i;

	for (i = 0; i < len; i++) {
		uint8_t l = key[i];

		if (n == 0) {
			if ((c = b->root[l]) == 0) {
				if (new_node(b, l, &c) < 0)
					return GLOSSA_ERROR;
				b->root[l] = c;
			}
			n = c;
			continue;
		}
		prev = 0;
		c = b->nodes[n].child;
		while (c && b->nodes[c].label < l) {
			prev = c;
			c = b->nodes[c].next;
		}
		if (c == 0 || b->nodes[c].label != l) {
			uint32_t nn = 0;

			if (new_node(b, l, &nn) < 0)
				return GLOSSA_ERROR;
			b->nodes[nn].next = c;
			if (prev)
				b->nodes[prev].next = nn;
			else
				b->nodes[n].child = nn;
			c = nn;
		}
		n = c;
	}
	if (n == 0)
		return 0;
	if (glossa__grow((void **)&b->pairs, &b->apairs, b->npairs + 1,
			sizeof(*b->pairs)) < 0)
		return GLOSSA_ERROR;
	b->pairs[b->npairs].node = n;
	b->pairs[b->npairs++].target = target;
	return 0;
}

/*
 * A form's matching key: the same folding the walk does over the text
 * (see walk()), written out. Particles are folded leniently here: the
 * glossary may write "ash Shara" with a space.
 */
static int fold_key(const glossa_matcher *m, glossa_buf *out, const char *s)
{
	const uint8_t *t = (const uint8_t *)s;
	size_t i = 0, len = strlen(s), n;
	bool started = false, part_start = true;

	glossa_buf_clear(out);
	while (i < len) {
		uint32_t x = info(m, dec(t, i, &n));
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
			size_t pl = particle(m, t, i, len, false, &canon);

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

static int add_key(glossa_matcher *m, builder *b, glossa_buf *key,
	const char *form, uint32_t target)
{
	size_t n;

	if (fold_key(m, key, form) < 0)
		return GLOSSA_ERROR;
	if (key->size == 0)
		return 0;
	if ((uint8_t)key->ptr[0] >= 0x80 &&
	    is_arabic(dec((const uint8_t *)key->ptr, 0, &n)))
		m->has_arabic = true;
	m->nkeys++;
	return insert(b, (const uint8_t *)key->ptr, key->size, target);
}

static int pool_add(glossa_matcher *m, size_t *off, const char *s)
{
	*off = m->pool.size;
	return glossa_buf_put(&m->pool, s, strlen(s) + 1);
}

static int cmp_pair(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;

	if (x->node != y->node)
		return x->node < y->node ? -1 : 1;
	if (x->target != y->target)
		return x->target < y->target ? -1 : 1;
	return 0;
}

static int freeze(glossa_matcher *m, builder *b)
{
	size_t i, e = 0, k;

	m->nnodes = b->nnodes;
	memcpy(m->root, b->root, sizeof(m->root));
	if ((m->node = glossa__calloc(b->nnodes + 1, sizeof(mnode))) == NULL ||
	    (m->elabel = glossa__malloc(b->nnodes + 1)) == NULL ||
	    (m->echild = glossa__calloc(b->nnodes + 1, sizeof(uint32_t))) == NULL)
		return GLOSSA_ERROR;
	for (i = 0; i < b->nnodes; i++) {
		uint32_t c;

		m->node[i].estart = (uint32_t)e;
		m->node[i].accept = NO_ACCEPT;
		if (i == 0)
			continue;
		for (c = b->nodes[i].child; c; c = b->nodes[c].next) {
			m->elabel[e] = b->nodes[c].label;
			m->echild[e++] = c;
		}
	}
	m->node[b->nnodes].estart = (uint32_t)e;
	m->node[b->nnodes].accept = NO_ACCEPT;
	free(b->nodes);
	b->nodes = NULL;

	if (b->npairs > 1)
		qsort(b->pairs, b->npairs, sizeof(*b->pairs), cmp_pair);
	if ((m->accepts = glossa__calloc(b->npairs + 1, sizeof(maccept))) == NULL)
		return GLOSSA_ERROR;
	for (k = 0; k < b->npairs; ) {
		size_t j = k;
		maccept *a = &m->accepts[m->naccepts];
		uint32_t node = b->pairs[k].node;

		a->first = (uint32_t)k;
		/* The targets of one node, without repeats, in place. */
		while (j < b->npairs && b->pairs[j].node == node)
			j++;
		a->n = (uint32_t)(j - k);
		m->node[node].accept = (uint32_t)m->naccepts++;
		k = j;
	}
	/* Reorder targets so that each accept's range is contiguous. */
	{
		mtarget *nt = glossa__malloc((b->npairs + 1) * sizeof(mtarget));
		size_t w = 0;

		if (nt == NULL)
			return GLOSSA_ERROR;
		for (k = 0; k < m->naccepts; k++) {
			maccept *a = &m->accepts[k];
			size_t first = w, q;

			for (q = a->first; q < a->first + a->n; q++) {
				if (q > a->first &&
				    b->pairs[q].target == b->pairs[q - 1].target)
					continue;
				nt[w++] = m->targets[b->pairs[q].target];
			}
			a->first = (uint32_t)first;
			a->n = (uint32_t)(w - first);
		}
		free(m->targets);
		m->targets = nt;
		m->ntargets = w;
	}
	return 0;
}

/*
 * What the scanner knows of each BMP code point: its class, case and
 * folded form. The same for every glossary, so computed once per process
 * (65,536 ICU look-ups cost more than loading a small cached glossary).
 */
static uint32_t fold_tab[65536];
static pthread_once_t fold_once = PTHREAD_ONCE_INIT;

static void fold_tab_init(void)
{
	uint32_t c;

	for (c = 0; c < 65536; c++)
		fold_tab[c] = (c >= 0xD800 && c <= 0xDFFF) ? 0 :
			glossa_match__classify((UChar32)c);
}

static int build_table(glossa_matcher *m)
{
	uint32_t c;

	if (pthread_once(&fold_once, fold_tab_init) != 0)
		return glossa_error__set(GLOSSA_ERRCLASS_OS, GLOSSA_ERROR,
			"cannot set up the fold table");
	m->tab = fold_tab;
	for (c = 0; c < 256; c++)
		m->acls[c] = (uint8_t)(c >= 0x80 ? (A_HIGH | A_START) :
			((T_CLS(m->tab[c]) == C_WORD ? A_WORD : 0) |
			 ((m->tab[c] & T_LOWER) ? A_LOWER : 0) |
			 ((c >= 'A' && c <= 'Z') ? A_START : 0)));
	return 0;
}

/*
 * What depends on the keys: digits may start a name when some key starts
 * with one; and a "stop" is an ASCII punctuation byte that no key holds
 * (so no trie walk passes it) and that the sentence-start test does not
 * look through (so no decision after it looks back past it).
 */
static void mark_bytes(glossa_matcher *m)
{
	static const char look_through[] = "\t\"'()[]*_#>-+|";
	bool used[256];
	size_t e, ne = m->node[m->nnodes].estart;
	int c;

	memset(used, 0, sizeof(used));
	for (c = 0; c < 256; c++)
		used[c] = m->root[c] != 0;
	for (e = 0; e < ne; e++)
		used[m->elabel[e]] = true;
	for (c = '0'; c <= '9' && m->digit_start; c++)
		m->acls[c] |= A_START;
	for (c = 1; c < 0x80; c++)
		if (T_CLS(m->tab[c]) == C_OTHER && !used[c] &&
		    strchr(look_through, c) == NULL)
			m->acls[c] |= A_STOP;
}

/*
 * What the context rules need to know of a form: how many name words it
 * has (particles are not name words: "al-Asad" is one) and whether a
 * particle stands as a word of its own ("Ben Ali": never the one word
 * "Binali").
 */
static uint32_t form_info(const glossa_matcher *m, const glossa_entry *e,
	const glossa_form *fm)
{
	const uint8_t *t = (const uint8_t *)fm->text;
	size_t i = 0, len = strlen(fm->text), n, words = 0;
	uint32_t flags = (uint32_t)e->kind & 0xFu;
	bool part_start = true;

	while (i < len) {
		uint32_t cls = T_CLS(info(m, dec(t, i, &n)));

		if (is_joiner_cls(cls)) {
			part_start = true;
		} else if (part_start && cls == C_WORD) {
			const char *canon;
			size_t pl = particle(m, t, i, len, false, &canon);

			part_start = false;
			if (pl && strcmp(canon, "abdal") != 0) {
				flags |= TI_SPLIT_PARTICLE;
				i += pl;
				continue;
			}
			words++;
		}
		i += n;
	}
	if (words <= 1)
		flags |= TI_ONE_WORD;
	if (fm->type == GLOSSA_FORM_NATIVE && strcmp(fm->script, "Latn") != 0)
		flags |= TI_FOREIGN;
	for (i = 0; i < e->nforms; i++)
		if (e->forms[i].type == GLOSSA_FORM_EXCEPTION)
			flags |= TI_EXCEPTIONS;
	return flags;
}

static int add_entry_forms(glossa_matcher *m, builder *b, glossa_buf *key, const glossa_entry *e, uint32_t ei)
{
	const char *house = glossa_entry_house(e);
	size_t f;

	for (f = 0; f < e->nforms; f++) {
		const glossa_form *fm = &e->forms[f];
		const char *becomes = fm->text;
		mtarget tg;
		uint32_t ti;

		if (fm->type == GLOSSA_FORM_EXCEPTION)
			continue;  /* kept with the entry's key */
		if (GLOSSA_FORM_IS_SPELLING(fm->type)) {
			if (fm->type == GLOSSA_FORM_NATIVE && m->no_native)
				continue;
			becomes = fm->becomes && *fm->becomes ? fm->becomes :
				house;
			if (becomes == NULL)
				continue;
		}
		memset(&tg, 0, sizeof(tg));
		tg.entry = ei;
		tg.type = (uint32_t)fm->type;
		tg.info = form_info(m, e, fm);
		if (pool_add(m, &tg.form, fm->text) < 0 ||
		    pool_add(m, &tg.becomes, becomes) < 0)
			return GLOSSA_ERROR;
		if (glossa__grow((void **)&m->targets, &m->atargets,
				m->ntargets + 1, sizeof(mtarget)) < 0)
			return GLOSSA_ERROR;
		ti = (uint32_t)m->ntargets;
		m->targets[m->ntargets++] = tg;
		if (fm->type == GLOSSA_FORM_NATIVE &&
		    strcmp(fm->script, "Cyrl") == 0) {
			char **list = NULL;
			size_t nlist = 0, k;
			int error;

			if ((error = glossa_morph__ru_forms(&list, &nlist,
					fm->text)) < 0)
				return error;
			for (k = 0; k < nlist; k++)
				if ((error = add_key(m, b, key, list[k], ti)) < 0)
					break;
			glossa_morph__free_list(list, nlist);
			if (error < 0)
				return error;
			if (nlist > 0)
				continue;
		}
		if (add_key(m, b, key, fm->text, ti) < 0)
			return GLOSSA_ERROR;
	}
	return 0;
}

static void builder_free(builder *b)
{
	free(b->nodes);
	free(b->pairs);
}

/*
 * Every house and short form must come out of fix as it went in: one
 * that fix would change in part ("al-Asad AsSad" when "Assad" is a short
 * form) is rewritten on every run and never settles. Such a glossary
 * contradicts itself; say where. One pass is enough to tell, and more
 * could grow the form many times over (a form holding a variant of
 * itself is written into itself on each).
 */
/* The first FIX of one pass of fix over `text`: 1 and *r holding it, 0
 * when nothing would change, or an error. */
static int one_pass(glossa_fix_result **r, const glossa_matcher *m,
	const char *text, size_t len, const char *key)
{
	/* As a spelling: a form that fix would change where the piece
	 * names the entry in full never settles either. */
	int nfix = glossa_fix_text(r, m, text, len, GLOSSA_TEXT_PLAIN,
		GLOSSA_FIX__ONE_PASS | GLOSSA_FIX_SPELLING, key);

	return nfix < 0 ? nfix : nfix > 0;
}

/*
 * `s` with a capital first letter, as fix writes a form at the start of a
 * sentence, in *out (allocated, NUL-terminated); *out is NULL when its
 * first letter is not a lower-case one.
 */
static int capital_first(char **out, size_t *outlen, const glossa_matcher *m,
	const char *s, size_t len)
{
	char *up = NULL;
	size_t n, ul;
	int error;

	*out = NULL;
	if (len == 0 || !(info(m, dec((const uint8_t *)s, 0, &n)) & T_LOWER))
		return 0;
	if ((error = glossa_ustr__upper(&up, &ul, s, n)) < 0)
		return error;
	if ((*out = glossa__malloc(ul + len - n + 1)) == NULL) {
		free(up);
		return GLOSSA_ERROR;
	}
	memcpy(*out, up, ul);
	memcpy(*out + ul, s + n, len - n);
	*outlen = ul + len - n;
	(*out)[*outlen] = '\0';
	free(up);
	return 0;
}

/*
 * A form as fix writes it in capitals (shape 1) or at the start of a
 * sentence (shape 2); *out is NULL when that shape is the form as
 * written.
 */
static int reshape(char **out, size_t *outlen, const glossa_matcher *m,
	const char *s, size_t len, int shape)
{
	int error = shape == 1 ? glossa_ustr__upper(out, outlen, s, len) :
		capital_first(out, outlen, m, s, len);

	if (error < 0)
		return error;
	if (*out && *outlen == len && memcmp(*out, s, len) == 0) {
		free(*out);
		*out = NULL;
	}
	return 0;
}

static int forms_stay(const glossa_matcher *m, const glossa_doc *doc)
{
	size_t i, k;

	for (i = 0; i < doc->nentries; i++) {
		const glossa_entry *e = &doc->entries[i];

		if (e->status == GLOSSA_STATUS_DEPRECATED)
			continue;
		for (k = 0; k < e->nforms; k++) {
			const glossa_form *f = &e->forms[k];
			glossa_fix_result *r = NULL;
			const glossa_match *mt;
			char where[32] = "", *caps = NULL;
			const char *how = "";
			unsigned line;
			size_t n, j, cn, tl = strlen(f->text);
			int changed, shape;

			if (f->type != GLOSSA_FORM_HOUSE &&
			    f->type != GLOSSA_FORM_SHORT)
				continue;
			if (m->no_native && strcmp(f->script, "Latn") != 0)
				continue;
			/* In every shape fix writes a form in: as written, in
			 * capitals (a headline) and with a capital at the start
			 * of a sentence. */
			changed = one_pass(&r, m, f->text, tl, e->key);
			for (shape = 1; changed == 0 && shape <= 2; shape++) {
				glossa_fix_result_free(r);
				r = NULL;
				free(caps);
				if ((changed = reshape(&caps, &cn, m, f->text,
						tl, shape)) == 0 && caps)
					changed = one_pass(&r, m, caps, cn,
						e->key);
				how = shape == 1 ? " in capitals" :
					" at the start of a sentence";
			}
			free(caps);
			if (changed <= 0) {
				glossa_fix_result_free(r);
				if (changed < 0)
					return changed;
				continue;
			}
			mt = glossa_fix_result_matches(r, &n);
			for (j = 0; j < n && mt[j].status != GLOSSA_MATCH_FIX; j++)
				;
			line = f->line ? f->line : e->line;
			if (line)
				snprintf(where, sizeof(where), " (line %u)", line);
			changed = glossa_error__set(GLOSSA_ERRCLASS_INVALID,
				GLOSSA_EINVALID,
				"entry %s%s: the %s form \"%s\" would itself be fixed%s (\"%s\" -> \"%s\", %s): it would change on every run",
				e->key, where,
				glossa_form_type_name(f->type), f->text, how,
				j < n ? mt[j].old_text : "?",
				j < n && mt[j].new_text ? mt[j].new_text : "?",
				j < n ? mt[j].key : "?");
			glossa_fix_result_free(r);
			return changed;
		}
	}
	return 0;
}

int glossa_matcher_new(glossa_matcher **out, const glossa_doc *doc,
	const glossa_matcher_options *opts)
{
	glossa_matcher *m;
	builder b;
	glossa_buf key = GLOSSA_BUF_INIT;
	size_t i;
	uint32_t root;
	int error = 0;

	*out = NULL;
	if (opts && opts->version != GLOSSA_MATCHER_OPTIONS_VERSION)
		return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_EVERSION, "matcher options version %u is not %u",
			opts->version, GLOSSA_MATCHER_OPTIONS_VERSION);
	if (doc == NULL)
		return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_EINVALID, "no glossary to compile");
	if ((m = glossa__calloc(1, sizeof(*m))) == NULL)
		return GLOSSA_ERROR;
	memset(&b, 0, sizeof(b));
	m->no_native = opts && (opts->flags & GLOSSA_MATCHER_NO_NATIVE);
	if ((error = build_table(m)) < 0 ||
	    (error = new_node(&b, 0, &root)) < 0)
		goto fail;
	if ((m->entry_key = glossa__calloc(doc->nentries + 1,
			sizeof(size_t))) == NULL) {
		error = GLOSSA_ERROR;
		goto fail;
	}
	for (i = 0; i < doc->nentries; i++) {
		const glossa_entry *e = &doc->entries[i];

		size_t f, off;

		/* The given-name lexicon is for transliteration: it never
		 * rewrites copy. */
		if (e->status == GLOSSA_STATUS_DEPRECATED ||
		    e->kind == GLOSSA_KIND_GIVEN)
			continue;
		if ((error = pool_add(m, &m->entry_key[m->nentries],
				e->key)) < 0 ||
		    (error = pool_add(m, &off, glossa_entry_house(e) ?
				glossa_entry_house(e) : "")) < 0)
			goto fail;
		for (f = 0; f < e->nforms; f++)
			if (e->forms[f].type == GLOSSA_FORM_EXCEPTION &&
			    (error = pool_add(m, &off, e->forms[f].text)) < 0)
				goto fail;
		if ((error = pool_add(m, &off, "")) < 0 ||
		    (error = add_entry_forms(m, &b, &key, e,
				(uint32_t)m->nentries)) < 0)
			goto fail;
		m->nentries++;
	}
	if ((error = freeze(m, &b)) < 0)
		goto fail;
	for (i = '0'; i <= '9'; i++)
		if (m->root[i])
			m->digit_start = true;
	mark_bytes(m);
	if ((error = forms_stay(m, doc)) < 0)
		goto fail;
	builder_free(&b);
	glossa_buf_dispose(&key);
	*out = m;
	return 0;
fail:
	builder_free(&b);
	glossa_buf_dispose(&key);
	glossa_matcher_free(m);
	return error < 0 ? error : GLOSSA_ERROR;
}

/* ---- the compiled cache ----
**
** Reading a large glossary out of SQLite costs more than compiling it,
** so a compiled matcher is kept in a cache file per database, keyed on
** the database file (device, inode, status-change time) and its change
** counter: any write to the glossary makes the cache stale, and so does
** another glossary put in its place (copied over it, or made anew where
** the inode is reused: the change counters of two glossaries may well
** agree). It is rebuilt on the next run. The file is written to a
** temporary name and renamed, so readers see the old or the new cache,
** never a half-written one; and it is checked from end to end on loading
** (a checksum over every byte, then every index in range), so a damaged
** cache is rebuilt, never trusted. The fold table is not cached: it is
** rebuilt (ICU).
**
** A cache is mapped, not read: its arrays are used where they lie, each
** starting on an 8-byte boundary. (Being replaced only by renaming, a
** cache file is never cut short under a run that maps it.)
*/

#define CACHE_MAGIC "glossa-matcher1"
#define CACHE_VERSION 9u
#define CACHE_NSECT 8

typedef struct {
	char magic[16];
	uint32_t version, sizes, flags, pad;
	uint64_t generation, dev, ino, ctime_s, ctime_ns;
	uint64_t nnodes, nedges, naccepts, ntargets, nentries, pool, nkeys;
	uint64_t sum;         /* cache_sum() of the header and sections */
} cache_header;

static uint32_t cache_sizes(void)
{
	return (uint32_t)(sizeof(size_t) | sizeof(mtarget) << 8 |
		sizeof(maccept) << 16);
}

static uint32_t cache_flags(const glossa_matcher *m)
{
	return (m->no_native ? 1u : 0) | (m->has_arabic ? 2u : 0) |
		(m->digit_start ? 4u : 0);
}

static int mkdirs(const char *dir)
{
	char *copy = glossa__strdup(dir), *p;

	if (copy == NULL)
		return GLOSSA_ERROR;
	for (p = copy + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		{
			char c = *p;

			*p = '\0';
			if (mkdir(copy, 0777) < 0 && errno != EEXIST) {
				free(copy);
				return GLOSSA_ERROR;
			}
			*p = c;
		}
		if (*p == '\0')
			break;
	}
	free(copy);
	return 0;
}

static int cache_path(glossa_buf *out, const char *dir, const struct stat *sb)
{
	return glossa_buf_printf(out, "%s/matcher-%llx-%llx.bin", dir,
		(unsigned long long)sb->st_dev, (unsigned long long)sb->st_ino);
}

static uint64_t padded(uint64_t n)
{
	return (n + 7) & ~(uint64_t)7;
}

/* The sections after the header, in file order: the root, nodes, edge
 * labels, edge children, accepts, targets, entry keys and the pool (with
 * a NUL after it). Offsets from the start of the file; returns the
 * file's size. In 64 bits, so that no count in a damaged header can wrap
 * the sum round to the size of the file. */
static uint64_t cache_layout(const cache_header *h, uint64_t off[CACHE_NSECT],
	uint64_t len[CACHE_NSECT])
{
	uint64_t pos = padded(sizeof(*h));
	size_t i;

	len[0] = 256 * sizeof(uint32_t);
	len[1] = (h->nnodes + 1) * sizeof(mnode);
	len[2] = h->nedges;
	len[3] = h->nedges * sizeof(uint32_t);
	len[4] = h->naccepts * sizeof(maccept);
	len[5] = h->ntargets * sizeof(mtarget);
	len[6] = h->nentries * sizeof(size_t);
	len[7] = h->pool + 1;
	for (i = 0; i < CACHE_NSECT; i++) {
		off[i] = pos;
		pos += padded(len[i]);
	}
	return pos;
}

/* Counts a loader can lay out and index with (the rest is checked
 * against the file and the glossary). */
static bool header_sane(const cache_header *h)
{
	return memcmp(h->magic, CACHE_MAGIC, sizeof(CACHE_MAGIC)) == 0 &&
		h->version == CACHE_VERSION && h->sizes == cache_sizes() &&
		h->nnodes != 0 && h->nnodes < UINT32_MAX &&
		h->nedges < h->nnodes && h->naccepts <= UINT32_MAX &&
		h->ntargets <= UINT32_MAX && h->nentries <= UINT32_MAX &&
		h->pool <= ((uint64_t)1 << 40);
}

/* Bytes into a running sum, 8 at a time in four lanes. Each step maps
 * the lane one-to-one for a given word, so a single changed word always
 * changes the sum; it runs at memory speed (52 MB in a few ms). */
static uint64_t sum_bytes(uint64_t s, const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t l[4] = { s, s ^ 0x9E3779B97F4A7C15u, s + 1, ~s }, w;
	size_t k;

	for (; n >= 32; b += 32, n -= 32)
		for (k = 0; k < 4; k++) {
			memcpy(&w, b + 8 * k, 8);
			l[k] = (l[k] ^ w) * 0xFF51AFD7ED558CCDu;
			l[k] ^= l[k] >> 31;
		}
	for (; n > 0; b++, n--)
		l[0] = (l[0] ^ *b) * 0x100000001B3u;
	for (k = 1; k < 4; k++)
		l[0] = (l[0] ^ (l[k] + k)) * 0xC4CEB9FE1A85EC53u;
	return l[0] ^ (l[0] >> 29);
}

/* The sum that seals a cache: its header (with the sum itself 0) and
 * every section, so a damaged cache is rebuilt, not trusted. */
static uint64_t cache_sum(const cache_header *h,
	const void *const sec[CACHE_NSECT], const uint64_t len[CACHE_NSECT])
{
	cache_header c = *h;
	uint64_t sum;
	size_t i;

	c.sum = 0;
	sum = sum_bytes(0x676C6F737361u, &c, sizeof(c));
	for (i = 0; i < CACHE_NSECT; i++)
		sum = sum_bytes(sum, sec[i], (size_t)len[i]);
	return sum;
}

/* The sum of a whole cache file in memory, laid out by cache_layout(). */
static uint64_t file_sum(const cache_header *h, const char *file,
	const uint64_t off[CACHE_NSECT], const uint64_t len[CACHE_NSECT])
{
	const void *sec[CACHE_NSECT];
	size_t i;

	for (i = 0; i < CACHE_NSECT; i++)
		sec[i] = file + off[i];
	return cache_sum(h, sec, len);
}

int glossa_match__cache_seal(unsigned char *file, size_t size)
{
	uint64_t off[CACHE_NSECT], len[CACHE_NSECT];
	cache_header h;

	if (size < sizeof(h))
		return -1;
	memcpy(&h, file, sizeof(h));
	if (!header_sane(&h) || cache_layout(&h, off, len) != size)
		return -1;
	h.sum = file_sum(&h, (const char *)file, off, len);
	memcpy(file, &h, sizeof(h));
	return 0;
}

static bool put(FILE *f, const void *p, size_t n)
{
	static const char zero[8];

	return (n == 0 || fwrite(p, 1, n, f) == n) &&
		(padded(n) == n || fwrite(zero, 1, padded(n) - n, f) ==
			padded(n) - n);
}

static void cache_save(const glossa_matcher *m, const char *dir,
	const struct stat *sb, uint64_t generation)
{
	glossa_buf path = GLOSSA_BUF_INIT, tmp = GLOSSA_BUF_INIT;
	/* An empty glossary's pool has no bytes yet; the cache keeps its
	 * NUL all the same. */
	const char *pool = m->pool.ptr ? m->pool.ptr : "";
	cache_header h;
	FILE *f = NULL;
	int fd;
	bool ok;

	if (mkdirs(dir) < 0 || cache_path(&path, dir, sb) < 0 ||
	    glossa_buf_printf(&tmp, "%s.XXXXXX", path.ptr) < 0)
		goto out;
	if ((fd = mkstemp(tmp.ptr)) < 0)
		goto out;
	if ((f = fdopen(fd, "wb")) == NULL) {
		close(fd);
		unlink(tmp.ptr);
		goto out;
	}
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, CACHE_MAGIC, sizeof(CACHE_MAGIC));
	h.version = CACHE_VERSION;
	h.sizes = cache_sizes();
	h.flags = cache_flags(m);
	h.generation = generation;
	h.dev = (uint64_t)sb->st_dev;
	h.ino = (uint64_t)sb->st_ino;
	h.ctime_s = (uint64_t)sb->st_ctim.tv_sec;
	h.ctime_ns = (uint64_t)sb->st_ctim.tv_nsec;
	h.nnodes = m->nnodes;
	h.nedges = m->node[m->nnodes].estart;
	h.naccepts = m->naccepts;
	h.ntargets = m->ntargets;
	h.nentries = m->nentries;
	h.pool = m->pool.size;
	h.nkeys = m->nkeys;
	{
		uint64_t off[CACHE_NSECT], len[CACHE_NSECT];
		const void *sec[CACHE_NSECT] = { m->root, m->node, m->elabel,
			m->echild, m->accepts, m->targets, m->entry_key, pool };

		cache_layout(&h, off, len);
		h.sum = cache_sum(&h, sec, len);
	}
	ok = put(f, &h, sizeof(h)) && put(f, m->root, sizeof(m->root)) &&
		put(f, m->node, (m->nnodes + 1) * sizeof(mnode)) &&
		put(f, m->elabel, h.nedges) &&
		put(f, m->echild, h.nedges * sizeof(uint32_t)) &&
		put(f, m->accepts, m->naccepts * sizeof(maccept)) &&
		put(f, m->targets, m->ntargets * sizeof(mtarget)) &&
		put(f, m->entry_key, m->nentries * sizeof(size_t)) &&
		put(f, pool, m->pool.size + 1);
	ok = (fclose(f) == 0) && ok;
	if (!ok || rename(tmp.ptr, path.ptr) < 0)
		unlink(tmp.ptr);
out:
	glossa_buf_dispose(&path);
	glossa_buf_dispose(&tmp);
	glossa_error_clear();  /* the cache is only ever an optimisation */
}

/* A pool offset that starts one of its strings. */
static bool pool_string(const glossa_matcher *m, size_t off)
{
	return off < m->pool.size && (off == 0 || m->pool.ptr[off - 1] == '\0');
}

/* Every index in range, every accept with a target, every string
 * terminated, whole and UTF-8 (the matcher decodes forms without bounds,
 * both ways): a cache is checked whole before it is used. */
static bool cache_sane(const glossa_matcher *m, uint64_t nedges)
{
	size_t i;

	for (i = 0; i < 256; i++)
		if (m->root[i] >= m->nnodes)
			return false;
	for (i = 0; i <= m->nnodes; i++)
		if ((i < m->nnodes && m->node[i].estart > m->node[i + 1].estart) ||
		    (m->node[i].accept != NO_ACCEPT &&
		     m->node[i].accept >= m->naccepts))
			return false;
	if (m->node[0].estart != 0 || m->node[m->nnodes].estart != nedges)
		return false;
	for (i = 0; i < nedges; i++)
		if (m->echild[i] == 0 || m->echild[i] >= m->nnodes)
			return false;
	for (i = 0; i < m->naccepts; i++)
		if (m->accepts[i].n == 0 ||
		    (uint64_t)m->accepts[i].first + m->accepts[i].n > m->ntargets)
			return false;
	for (i = 0; i < m->ntargets; i++)
		if (m->targets[i].entry >= m->nentries ||
		    m->targets[i].type > GLOSSA_FORM_ALONE ||
		    TI_KIND(m->targets[i].info) > GLOSSA_KIND_TERM ||
		    !pool_string(m, m->targets[i].form) ||
		    !pool_string(m, m->targets[i].becomes))
			return false;
	for (i = 0; i < m->nentries; i++)
		if (!pool_string(m, m->entry_key[i]))
			return false;
	return m->pool.size == 0 || (m->pool.ptr[m->pool.size - 1] == '\0' &&
		glossa_utf8__valid(m->pool.ptr, m->pool.size, NULL));
}

static glossa_matcher *cache_load(const char *dir, const struct stat *sb,
	uint64_t generation, bool no_native)
{
	glossa_buf path = GLOSSA_BUF_INIT;
	glossa_matcher *m = NULL;
	cache_header h;
	struct stat cs;
	uint64_t off[CACHE_NSECT], len[CACHE_NSECT];
	char *base = MAP_FAILED;
	int fd = -1;
	bool ok = false;

	if (cache_path(&path, dir, sb) < 0 ||
	    (fd = open(path.ptr, O_RDONLY | O_CLOEXEC)) < 0 ||
	    fstat(fd, &cs) < 0 || !S_ISREG(cs.st_mode) ||
	    cs.st_size < (off_t)sizeof(h) ||
	    (base = mmap(NULL, (size_t)cs.st_size, PROT_READ,
			MAP_PRIVATE | MAP_POPULATE, fd, 0)) == MAP_FAILED)
		goto out;
	memcpy(&h, base, sizeof(h));
	if (!header_sane(&h) || h.generation != generation ||
	    h.dev != (uint64_t)sb->st_dev || h.ino != (uint64_t)sb->st_ino ||
	    h.ctime_s != (uint64_t)sb->st_ctim.tv_sec ||
	    h.ctime_ns != (uint64_t)sb->st_ctim.tv_nsec ||
	    ((h.flags & 1u) != 0) != no_native ||
	    cache_layout(&h, off, len) != (uint64_t)cs.st_size ||
	    file_sum(&h, base, off, len) != h.sum)
		goto out;
	if ((m = glossa__calloc(1, sizeof(*m))) == NULL)
		goto out;
	m->map = base;
	m->maplen = (size_t)cs.st_size;
	base = MAP_FAILED;
	m->nnodes = h.nnodes;
	m->naccepts = h.naccepts;
	m->ntargets = m->atargets = h.ntargets;
	m->nentries = h.nentries;
	m->nkeys = h.nkeys;
	m->no_native = (h.flags & 1u) != 0;
	m->has_arabic = (h.flags & 2u) != 0;
	m->digit_start = (h.flags & 4u) != 0;
	memcpy(m->root, (char *)m->map + off[0], len[0]);
	m->node = (mnode *)((char *)m->map + off[1]);
	m->elabel = (uint8_t *)m->map + off[2];
	m->echild = (uint32_t *)((char *)m->map + off[3]);
	m->accepts = (maccept *)((char *)m->map + off[4]);
	m->targets = (mtarget *)((char *)m->map + off[5]);
	m->entry_key = (size_t *)((char *)m->map + off[6]);
	m->pool.ptr = (char *)m->map + off[7];
	m->pool.size = h.pool;
	m->pool.asize = 0;  /* not owned: it lies in the mapping */
	ok = m->pool.ptr[h.pool] == '\0' && cache_sane(m, h.nedges) &&
		build_table(m) == 0;
	if (ok)
		mark_bytes(m);
out:
	if (base != MAP_FAILED)
		munmap(base, (size_t)cs.st_size);
	if (fd >= 0)
		close(fd);
	glossa_buf_dispose(&path);
	if (!ok) {
		glossa_matcher_free(m);
		glossa_error_clear();
		return NULL;
	}
	return m;
}

int glossa_matcher_new_from_store(glossa_matcher **out, glossa_store *store,
	const glossa_matcher_options *opts)
{
	glossa_doc *doc = NULL;
	const char *dir = opts ? opts->cache_dir : NULL;
	bool no_native = opts && (opts->flags & GLOSSA_MATCHER_NO_NATIVE);
	uint64_t generation = 0;
	struct stat sb;
	int error;

	*out = NULL;
	if (opts && opts->version != GLOSSA_MATCHER_OPTIONS_VERSION)
		return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_EVERSION, "matcher options version %u is not %u",
			opts->version, GLOSSA_MATCHER_OPTIONS_VERSION);
	if (dir && *dir && glossa_store_generation(&generation, store) == 0 &&
	    stat(glossa_store_path(store), &sb) == 0) {
		if ((*out = cache_load(dir, &sb, generation, no_native)) != NULL)
			return 0;
	} else {
		dir = NULL;
	}
	if ((error = glossa_store_export(&doc, store, NULL)) < 0)
		return error;
	error = glossa_matcher_new(out, doc, opts);
	glossa_doc_free(doc);
	/* A glossary that does not compile: say which. */
	error = glossa_error__prefix(error, GLOSSA_ERRCLASS_INVALID,
		glossa_store_path(store));
	if (error == 0 && dir && *dir)
		cache_save(*out, dir, &sb, generation);
	return error;
}

void glossa_matcher_free(glossa_matcher *m)
{
	if (m == NULL)
		return;
	if (m->map) {
		munmap(m->map, m->maplen);
	} else {
		free(m->node);
		free(m->elabel);
		free(m->echild);
		free(m->accepts);
		free(m->targets);
		free(m->entry_key);
		glossa_buf_dispose(&m->pool);
	}
	free(m);
}

void glossa_matcher_stats_get(glossa_matcher_stats *out,
	const glossa_matcher *m)
{
	out->entries = m->nentries;
	out->keys = m->nkeys;
	out->nodes = m->nnodes;
	out->bytes = sizeof(*m) +
		m->nnodes * (3 * sizeof(uint32_t) + 1) +
		m->naccepts * sizeof(maccept) + m->ntargets * sizeof(mtarget) +
		m->nentries * sizeof(size_t) + m->pool.size + 1;
	out->cached = m->map != NULL;
}

/* ---- what a match becomes ---- */

#define MAX_SEPS 16

typedef struct {
	bool allcaps;       /* "ASAD": the replacement goes upper-case */
	bool sentence;      /* at a sentence start */
	size_t nsep;        /* white-space joiners in the span, in order */
	size_t sep[MAX_SEPS], seplen[MAX_SEPS];
} shape;

/* Does a sentence start at t[i]? Look back over spaces, quotes,
 * brackets and Markdown markers to the start of the text, a blank line,
 * or a full stop, question or exclamation mark. */
static bool sentence_start(const glossa_matcher *m, const uint8_t *t,
	size_t i)
{
	int newlines = 0;

	while (i > 0) {
		size_t n;
		uint32_t cp = dec_prev(t, i, &n);

		switch (cp) {
		case '\n':
			if (++newlines >= 2)
				return true;
			break;
		case ' ': case '\t': case '\r': case 0xA0: case 0x202F:
		case '"': case '\'': case '(': case '[': case '*': case '_':
		case '#': case '>': case '-': case '+': case '|': case 0x201C:
		case 0x2018: case 0x00AB: case 0x201E: case 0x2014: case 0xFEFF:
			break;
		case '.': case '!': case '?': case 0x2026:
			return true;
		default:
			GLOSSA_UNUSED(m);
			return false;
		}
		i -= n;
	}
	return true;
}

static void get_shape(const glossa_matcher *m, const uint8_t *t, size_t s,
	size_t e, shape *sh)
{
	size_t i = s, n, upper = 0, lower = 0;

	memset(sh, 0, sizeof(*sh));
	while (i < e) {
		uint32_t x = info(m, dec(t, i, &n));

		if (x & T_UPPER)
			upper++;
		else if (x & T_LOWER)
			lower++;
		if ((T_CLS(x) == C_SPACE || T_CLS(x) == C_CR) &&
		    sh->nsep < MAX_SEPS) {
			if (T_CLS(x) == C_CR)
				n = 2;
			sh->sep[sh->nsep] = i;
			sh->seplen[sh->nsep++] = n;
		}
		i += n;
	}
	sh->allcaps = upper >= 2 && lower == 0;
	sh->sentence = sentence_start(m, t, s);
}

/* The replacement text for `target` written the way the span is. */
static int adjust(const glossa_matcher *m, const uint8_t *t, const shape *sh,
	const char *target, glossa_buf *out)
{
	char *up = NULL;
	const char *src = target;
	size_t slen = strlen(target), nspace = 0, i, k, ul;
	int error = 0;
	bool same;

	glossa_buf_clear(out);
	if (sh->allcaps) {
		if ((error = glossa_ustr__upper(&up, &slen, target, slen)) < 0)
			return error;
		src = up;
	} else if (sh->sentence) {
		if ((error = capital_first(&up, &ul, m, target, slen)) < 0)
			return error;
		if (up) {
			src = up;
			slen = ul;
		}
	}
	for (i = 0; i < slen; i++)
		nspace += src[i] == ' ';
	same = sh->nsep > 0;
	for (k = 1; k < sh->nsep && same; k++)
		same = sh->seplen[k] == sh->seplen[0] &&
			memcmp(t + sh->sep[k], t + sh->sep[0], sh->seplen[0]) == 0;
	if (same && t[sh->sep[0]] == '\n')
		same = false;
	/* The form a run of bytes at a time; each space as the span has
	 * it, one for one, or all alike. */
	for (i = 0, k = 0; i < slen; i++) {
		const char *sp = memchr(src + i, ' ', slen - i);
		size_t run = sp ? (size_t)(sp - src) - i : slen - i;

		if ((error = glossa_buf_put(out, src + i, run)) < 0)
			goto out;
		if ((i += run) == slen)
			break;
		if (sh->nsep == nspace) {
			error = glossa_buf_put(out, (const char *)t + sh->sep[k],
				sh->seplen[k]);
			k++;
		} else if (same) {
			error = glossa_buf_put(out, (const char *)t + sh->sep[0],
				sh->seplen[0]);
		} else {
			error = glossa_buf_put(out, " ", 1);
		}
		if (error < 0)
			goto out;
	}
	if (out->ptr == NULL)
		error = glossa_buf_put(out, "", 0);
out:
	free(up);
	return error;
}

/*
 * Is the span the target with some words in capitals ("Bashar ASSAD" for
 * "Bashar Assad")? Headlines and emphasis capitalise single words; that is
 * still the house spelling, and treating it so keeps fix idempotent when a
 * capitalised variant inside a longer name was fixed on its own.
 */
static int words_in_caps(bool *out, const glossa_matcher *m,
	const uint8_t *t, size_t s, size_t e, const char *target)
{
	size_t tl = strlen(target), ti = 0, i = s;
	int error = 0;

	*out = false;
	while (i <= e && ti <= tl) {
		size_t ws = i, we, tws = ti, twe, n;
		bool lower = false;
		char *up = NULL;
		size_t ulen;

		/* One word of the span: up to a space (any kind). */
		while (i < e) {
			uint32_t x = info(m, dec(t, i, &n));

			if (T_CLS(x) == C_SPACE || T_CLS(x) == C_CR)
				break;
			if (x & T_LOWER)
				lower = true;
			i += n;
		}
		we = i;
		while (ti < tl && target[ti] != ' ')
			ti++;
		twe = ti;
		if (!(we - ws == twe - tws &&
		      memcmp(t + ws, target + tws, we - ws) == 0)) {
			if (lower)
				return 0;
			if ((error = glossa_ustr__upper(&up, &ulen, target + tws,
					twe - tws)) < 0)
				return error;
			if (!(ulen == we - ws && memcmp(up, t + ws, ulen) == 0)) {
				free(up);
				return 0;
			}
			free(up);
		}
		if (i >= e && ti >= tl) {
			*out = true;
			return 0;
		}
		if (i >= e || ti >= tl)
			return 0;
		/* Skip one separator on each side. */
		dec(t, i, &n);
		i += n;
		ti++;
	}
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static size_t count_nl(const char *s, size_t n)
{
	size_t k = 0;
	const char *p;

	while (n > 0 && (p = memchr(s, '\n', n)) != NULL) {
		k++;
		n -= (size_t)(p - s) + 1;
		s = p + 1;
	}
	return k;
}

/*
 * Is the span [s, e) part of `x` written out around it: the text from
 * some p <= s reads x (in any letter case: "ASAD.*.D" for "asad.*.d"),
 * past e, and holds more than the span? Then the hit is a piece of the
 * replacement already in place (a house form that holds a variant of
 * itself where no name can start: "dashars Asad" for "Asad"; or the
 * form's own start where the walk could not read it to its end, as in
 * Markdown, where "ASAD *AL*" is cut by the emphasis), and fixing it
 * would write the form into itself on every run. (A span that is all of
 * the form, in another case or with other accents, is a fix.) Only
 * where no stop or wall lies inside the form as written (but at its
 * start): the look stays between the stops and walls around the span,
 * as every other decision does (see glossa_match__sync_before).
 */
static bool inside_form(const glossa_matcher *m, const uint8_t *t,
	size_t len, size_t s, size_t e, const char *x, size_t xl)
{
	const uint8_t *xu = (const uint8_t *)x;
	size_t o, step, i, p, a, b, stop, q, end;
	uint32_t c0;

	if (e <= s)
		return false;
	c0 = dec(t, s, &b);
	/* Each character of x that reads as the span's first: read x back
	 * from there, then forward from where it starts. Most forms hold
	 * the span's first letter once or not at all. */
	for (o = 0; o < xl; o += step) {
		if (!same_folded(m, dec(xu, o, &step), c0))
			continue;
		for (i = o, p = s; i > 0 && p > 0; i -= a, p -= b)
			if (!same_folded(m, dec_prev(xu, i, &a),
					dec_prev(t, p, &b)))
				break;
		if (i > 0 || !reads_as(m, t, len, p, xu, xl, &stop) ||
		    stop < e || stop - p <= e - s)
			continue;
		for (q = p + 1; q < stop; q++)
			if ((m->acls[t[q]] & A_STOP) ||
			    wall_at(m, t, len, q, &end))
				break;
		if (q == stop)
			return true;
	}
	return false;
}

int glossa_match__resolve(const glossa_matcher *m, const char *text,
	size_t len, const glossa_match__hit *hit, glossa_match_status *status,
	glossa_form_type *form, glossa_buf *repl, glossa_buf *keys,
	uint32_t *target)
{
	const uint8_t *t = (const uint8_t *)text;
	const maccept *a = &m->accepts[hit->accept];
	const mtarget *tg = m->targets + a->first;
	const char *pool = m->pool.ptr;
	const char *span = text + hit->start;
	size_t slen = hit->end - hit->start, k, chosen = SIZE_MAX;
	shape sh;
	bool ambiguous = false;
	int error;

	glossa_buf_clear(repl);
	glossa_buf_clear(keys);
	get_shape(m, t, hit->start, hit->end, &sh);
	/* Already a house, short or accepted spelling, as written here. */
	for (k = 0; k < a->n; k++) {
		if (GLOSSA_FORM_IS_SPELLING(tg[k].type))
			continue;
		if ((error = adjust(m, t, &sh, pool + tg[k].form, repl)) < 0)
			return error;
		if (repl->size == slen && memcmp(repl->ptr, span, slen) == 0) {
			*status = GLOSSA_MATCH_HOUSE;
			*form = (glossa_form_type)tg[k].type;
			*target = a->first + (uint32_t)k;
			return glossa_buf_puts(keys,
				pool + m->entry_key[tg[k].entry]);
		}
	}
	for (k = 0; k < a->n; k++) {
		bool caps;

		if (GLOSSA_FORM_IS_SPELLING(tg[k].type))
			continue;
		if ((error = words_in_caps(&caps, m, t, hit->start, hit->end,
				pool + tg[k].form)) < 0)
			return error;
		if (caps) {
			glossa_buf_clear(repl);
			*status = GLOSSA_MATCH_HOUSE;
			*form = (glossa_form_type)tg[k].type;
			*target = a->first + (uint32_t)k;
			if ((error = glossa_buf_put(repl, span, slen)) < 0)
				return error;
			return glossa_buf_puts(keys,
				pool + m->entry_key[tg[k].entry]);
		}
	}
	for (k = 1; k < a->n; k++)
		if (tg[k].entry != tg[0].entry)
			ambiguous = true;
	if (ambiguous) {
		const char *list[64];
		size_t nl = 0, q;

		for (k = 0; k < a->n && nl < 64; k++) {
			const char *ek = pool + m->entry_key[tg[k].entry];

			for (q = 0; q < nl && strcmp(list[q], ek) != 0; q++)
				;
			if (q == nl)
				list[nl++] = ek;
		}
		qsort(list, nl, sizeof(*list), cmp_str);
		for (q = 0; q < nl; q++)
			if ((error = glossa_buf_printf(keys, "%s%s",
					q ? ", " : "", list[q])) < 0)
				return error;
		glossa_buf_clear(repl);
		*status = GLOSSA_MATCH_AMBIGUOUS;
		*form = (glossa_form_type)tg[0].type;
		*target = a->first;
		return 0;
	}
	/* The variant spelled exactly so, else the house or short form
	 * itself (a spelling that only differs in accents or joiners),
	 * else an accepted alternate, else any variant. */
	for (k = 0; k < a->n && chosen == SIZE_MAX; k++)
		if (GLOSSA_FORM_IS_SPELLING(tg[k].type) &&
		    strnlen(pool + tg[k].form, slen + 1) == slen &&
		    memcmp(pool + tg[k].form, span, slen) == 0)
			chosen = k;
	for (k = 0; k < a->n && chosen == SIZE_MAX; k++)
		if (tg[k].type == GLOSSA_FORM_HOUSE ||
		    tg[k].type == GLOSSA_FORM_SHORT)
			chosen = k;
	for (k = 0; k < a->n && chosen == SIZE_MAX; k++)
		if (tg[k].type == GLOSSA_FORM_ALTERNATE)
			chosen = k;
	if (chosen == SIZE_MAX)
		chosen = 0;
	if ((error = adjust(m, t, &sh, pool + tg[chosen].becomes, repl)) < 0 ||
	    (error = glossa_buf_puts(keys,
			pool + m->entry_key[tg[chosen].entry])) < 0)
		return error;
	*form = (glossa_form_type)tg[chosen].type;
	*target = a->first + (uint32_t)chosen;
	*status = repl->size == slen && memcmp(repl->ptr, span, slen) == 0 ?
		GLOSSA_MATCH_HOUSE : GLOSSA_MATCH_FIX;
	/* A fix never takes out a line break ("As\nad" -> "Assad"): in
	 * Markdown that can re-pair code spans lines away, and in any text
	 * it changes the lines a reader and a diff see. */
	if (*status == GLOSSA_MATCH_FIX &&
	    (count_nl(span, slen) > count_nl(repl->ptr, repl->size) ||
	     inside_form(m, t, len, hit->start, hit->end, repl->ptr,
			repl->size) ||
	     inside_form(m, t, len, hit->start, hit->end,
			pool + tg[chosen].becomes,
			strlen(pool + tg[chosen].becomes)))) {
		*status = GLOSSA_MATCH_HOUSE;
		glossa_buf_clear(repl);
		return glossa_buf_put(repl, span, slen);
	}
	return 0;
}
