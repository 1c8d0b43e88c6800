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
#include <unicode/uchar.h>
#include "internal.h"
#include "match.h"
#include "morph.h"
#include "name.h"
#include "ustr.h"

#include "match_int.h"

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
				    !glossa_name__lower_particle((const char *)t + i, w))
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
bool glossa_match__wall_at(const glossa_matcher *m, const uint8_t *t, size_t len,
	size_t q, size_t *end)
{
	size_t n;

	if (q == 0 || (t[q - 1] != ' ' && t[q - 1] != '\n') ||
	    !(m->acls[t[q]] & A_LOWER))
		return false;
	for (n = 1; q + n < len && n < 6 && (m->acls[t[q + n]] & A_LOWER); n++)
		;
	*end = q + n;  /* the character after the letters */
	return n == 6 || !glossa_name__lower_particle((const char *)t + q, n);
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
		if (glossa_match__wall_at(m, t, p, q, &end) && end < p)
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
		    (glossa_match__wall_at(m, t, len, p, &end) && end < len))
			return p;
	return len;
}

