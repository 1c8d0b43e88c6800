/*
** What a match becomes: the replacement in the shape the text wrote the
** name in (capitals, a sentence start, its own joiners), or why not.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include "internal.h"
#include "draft.h"
#include "match.h"
#include "morph.h"
#include "name.h"
#include "ustr.h"

#include "match_int.h"

/*
 * `s` with a capital first letter, as fix writes a form at the start of a
 * sentence, in *out (allocated, NUL-terminated); *out is NULL when its
 * first letter is not a lower-case one.
 */
int glossa_match__capital_first(char **out, size_t *outlen, const glossa_matcher *m,
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

#define MAX_SEPS 16

typedef struct {
	bool allcaps;       /* "ASAD": the replacement goes upper-case */
	bool sentence;      /* at a sentence start */
	size_t nsep;        /* white-space joiners in the span, in order */
	size_t sep[MAX_SEPS], seplen[MAX_SEPS];
} shape;

/*
 * Does a sentence start at t[i]? The draft layer's answer. After ':' or
 * an ellipsis a sentence may or may not start, and only the writer can
 * say: the house form takes the capital the text gives its first letter
 * ("He said: Al-Zawahiri left", "the talks … al-Zawahiri joined").
 */
static bool sentence_start(const glossa_matcher *m, const uint8_t *t,
	size_t i)
{
	size_t n;

	switch (glossa_draft__sentence((const char *)t, i)) {
	case GLOSSA_SENTENCE_YES:
		return true;
	case GLOSSA_SENTENCE_MAY:
		return (info(m, dec(t, i, &n)) & T_UPPER) != 0;
	default:
		return false;
	}
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
		if ((error = glossa_match__capital_first(&up, &ul, m, target, slen)) < 0)
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
			    glossa_match__wall_at(m, t, len, q, &end))
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

