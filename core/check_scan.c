/*
** The check's word scanner: every word of the prose, classified by the
** code-point table (uchar.c) one code point at a time; foreign-script and
** mixed-script words here, the rest to check_words.c.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uscript.h>
#include "check_impl.h"
#include "ustr.h"

uint32_t glossa_check__cls_slow(const glossa_checker *c, const uint8_t *t,
	size_t i, size_t end, size_t *n, UChar32 *cp)
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

/* ---- scripts ---- */


/* Does `c` (a letter) have the confusable skeleton sk? */
static bool skeleton_is(const glossa_checker *ck, UChar32 c, const char *sk,
	int32_t skn)
{
	char b[4], out[16];
	int32_t bn = 0, on;
	UBool err = 0;
	UErrorCode st = U_ZERO_ERROR;

	U8_APPEND((uint8_t *)b, bn, 4, c, err);
	if (err)
		return false;
	on = uspoof_getSkeletonUTF8(ck->spoof, 0, b, bn, out, sizeof(out),
		&st);
	return U_SUCCESS(st) && on == skn && memcmp(out, sk, (size_t)on) == 0;
}

/*
 * The letter of the main script that `cp` imitates, in cp's case: the
 * skeleton letter `sc` or its capital when that looks the same, else
 * (Latin) the ASCII letter of that case with the same skeleton; -1 when
 * none does.
 */
static UChar32 twin_of(const glossa_checker *ck, UChar32 cp, UChar32 sc,
	const char *sk, int32_t skn)
{
	bool upper = u_isUUppercase(cp);
	UChar32 want = upper ? u_toupper(sc) : u_tolower(sc), c;

	if (skeleton_is(ck, want, sk, skn))
		return want;
	for (c = upper ? 'A' : 'a'; c <= (upper ? 'Z' : 'z'); c++)
		if (skeleton_is(ck, c, sk, skn))
			return c;
	return -1;
}

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
	bool changed = false, kept = false;
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
		uint32_t cl = glossa_check__cls_at(c, t, i, e, &n, &cp);

		if (glossa_check__letter(cl))
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
		uint32_t cl = glossa_check__cls_at(c, t, i, e, &n, &cp);
		char sk[16];
		int32_t skn;
		UErrorCode st2 = U_ZERO_ERROR;

		if (!glossa_check__letter(cl) ||
		    (int32_t)T_SCRIPT(cl) == best || T_SCRIPT(cl) == S_COMMON) {
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
				/* The letter of the original's case that
				 * looks the same (a skeleton is a prototype:
				 * Cyrillic І is "l", the capital it imitates
				 * is I, not L). */
				UChar32 out = twin_of(c, cp, sc, sk, skn);

				if (out < 0)
					goto keep;
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
keep:
		/* a letter of another script with no twin: the word is
		 * reported, but no suggestion keeps a foreign letter */
		kept = true;
		if (glossa_buf_put(sug, x->text + i, n) < 0)
			return GLOSSA_ERROR;
	}
	if (kept)
		changed = false;
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

		if ((r = glossa_check__memo_set(x, &m, MK_MIXED, s, e, msg, &sp,
				changed ? 1 : 0, NULL)) < 0)
			return r;
	}
	return glossa_check__emit(x, GLOSSA_RULE_MIXED_SCRIPT,
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
	if ((r = glossa_check__memo_set(x, &m, MK_FOREIGN, x->fstart, x->fend,
			msg, &sp, x->fsug.size > 0 ? 1 : 0,
			x->fall_glossary && x->fentry >= 0 ?
			glossa_strmap__key(&c->ekeys, (size_t)x->fentry) :
			NULL)) < 0)
		return r;
	return glossa_check__emit(x, GLOSSA_RULE_FOREIGN_SCRIPT,
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

int glossa_check__scan(cctx *x, size_t from, size_t to, size_t *hp)
{
	glossa_checker *c = x->c;
	const uint8_t *t = (const uint8_t *)x->text;
	size_t i = from;
	int r;

	while (i < to) {
		size_t n, s, e, nletters = 0;
		UChar32 cp;
		uint32_t cl = glossa_check__cls_at(c, t, i, to, &n, &cp),
			k = T_CLS(cl);
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
				cl = glossa_check__cls_slow(c, t, i, to, &n,
					&cp);
			}
			k = T_CLS(cl);
			if (glossa_check__letter(cl)) {
				nletters++;
				scripts |= 1u << T_SCRIPT(cl);
			} else if (glossa_check__digit(cl)) {
				digit = true;
			} else if (k == C_APOS && i > s && i + n < to) {
				size_t n2;
				UChar32 cp2;
				uint32_t c2 = glossa_check__cls_at(c, t, i + n,
					to, &n2, &cp2);

				if (!glossa_check__letter(c2))
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
			uint32_t hcl = glossa_check__cls_at(c, t, ht->start, to,
				&hn, &hcp);

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
		    (r = glossa_check__given_before(x, s, e, *hp)) != 0) {
			if (r < 0)
				return r;
			continue;
		}
		if ((r = glossa_check__latin_word(x, s, e, upper_first,
				glossa_strmap__mix(h))) < 0)
			return r;
	}
	return foreign_flush(x);
}
