/*
** glossa fix: find the names in a draft and splice in the house forms.
**
** The draft is validated (UTF-8, no NUL), cut into the ranges that may
** change (all of a plain text; in Markdown the text md4c reports as
** normal text, which points into our buffer, so code, link destinations,
** autolinks and raw HTML are never in a range), and scanned range by
** range. The result keeps byte spans into the original text, so applying
** it copies every other byte as it was.
*/
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "internal.h"
#include "match.h"

typedef struct {
	size_t old_text, new_text, key;  /* pool offsets */
} match_offs;

struct glossa_fix_result {
	glossa_match *matches;
	match_offs *offs;
	size_t nmatches, amatches, aoffs;
	size_t nfixes, nambiguous;
	glossa_buf pool;
};

int glossa_text_format_parse(glossa_text_format *out, const char *name)
{
	if (strcmp(name, "plain") == 0 || strcmp(name, "text") == 0 ||
	    strcmp(name, "txt") == 0) {
		*out = GLOSSA_TEXT_PLAIN;
		return 0;
	}
	if (strcmp(name, "markdown") == 0 || strcmp(name, "md") == 0) {
		*out = GLOSSA_TEXT_MARKDOWN;
		return 0;
	}
	return GLOSSA_EINVALID;
}

glossa_text_format glossa_text_format_guess(const char *path)
{
	static const char *const md[] = {
		".md", ".markdown", ".mdown", ".mkd", ".mkdn", NULL
	};
	const char *dot = path ? strrchr(path, '.') : NULL;
	int i;

	for (i = 0; dot && md[i]; i++)
		if (strcasecmp(dot, md[i]) == 0)
			return GLOSSA_TEXT_MARKDOWN;
	return GLOSSA_TEXT_PLAIN;
}


/* ---- results ---- */

typedef struct {
	const glossa_matcher *m;
	const char *text;
	size_t len;
	unsigned flags;
	glossa_fix_result *r;
	glossa_buf repl, keys;
	const glossa_range *win;  /* NULL: scan everything */
	size_t nwin, wk;
} scan_ctx;

static int on_hit(const glossa_match__hit *hit, void *payload)
{
	scan_ctx *c = payload;
	glossa_fix_result *r = c->r;
	glossa_match_status status;
	glossa_form_type form;
	glossa_match *mt;
	match_offs *o;
	int error;

	/* The scanner reports in order, without overlaps; be sure. */
	if (r->nmatches > 0 && hit->start < r->matches[r->nmatches - 1].end)
		return 0;
	if ((error = glossa_match__resolve(c->m, c->text, c->len, hit, &status,
			&form, &c->repl, &c->keys)) < 0)
		return error;
	if (status == GLOSSA_MATCH_HOUSE && !(c->flags & GLOSSA_FIX_ALL_MATCHES))
		return 0;
	if (glossa__grow((void **)&r->matches, &r->amatches, r->nmatches + 1,
			sizeof(*r->matches)) < 0 ||
	    glossa__grow((void **)&r->offs, &r->aoffs, r->nmatches + 1,
			sizeof(*r->offs)) < 0)
		return GLOSSA_ERROR;
	mt = &r->matches[r->nmatches];
	o = &r->offs[r->nmatches];
	memset(mt, 0, sizeof(*mt));
	mt->start = hit->start;
	mt->end = hit->end;
	mt->status = status;
	mt->form = form;
	o->old_text = r->pool.size;
	if (glossa_buf_put(&r->pool, c->text + hit->start,
			hit->end - hit->start) < 0 ||
	    glossa_buf_put(&r->pool, "", 1) < 0)
		return GLOSSA_ERROR;
	o->new_text = SIZE_MAX;
	if (status == GLOSSA_MATCH_FIX) {
		o->new_text = r->pool.size;
		if (glossa_buf_put(&r->pool, c->repl.ptr, c->repl.size) < 0 ||
		    glossa_buf_put(&r->pool, "", 1) < 0)
			return GLOSSA_ERROR;
		r->nfixes++;
	} else if (status == GLOSSA_MATCH_HOUSE) {
		o->new_text = o->old_text;
	} else {
		r->nambiguous++;
	}
	o->key = r->pool.size;
	if (glossa_buf_put(&r->pool, c->keys.ptr ? c->keys.ptr : "",
			c->keys.size) < 0 ||
	    glossa_buf_put(&r->pool, "", 1) < 0)
		return GLOSSA_ERROR;
	r->nmatches++;
	return 0;
}

/* Lines and columns (in characters; a BOM is not one), in one pass. */
static void locate(glossa_fix_result *r, const char *text, size_t len,
	size_t bom)
{
	size_t pos = 0, line_start = 0, i;
	unsigned line = 1, col = 1;

	GLOSSA_UNUSED(len);
	for (i = 0; i < r->nmatches; i++) {
		size_t target = r->matches[i].start;
		const char *nl;

		while ((nl = memchr(text + pos, '\n', target - pos)) != NULL) {
			line++;
			pos = line_start = (size_t)(nl - text) + 1;
			col = 1;
		}
		if (pos < bom)
			pos = bom;
		for (; pos < target; pos++)
			col += ((uint8_t)text[pos] & 0xC0) != 0x80;
		GLOSSA_UNUSED(line_start);
		r->matches[i].line = line;
		r->matches[i].column = col;
	}
}

/* Point the matches' strings into the pool (after it stops moving). */
static void set_pointers(glossa_fix_result *r)
{
	size_t i;

	for (i = 0; i < r->nmatches; i++) {
		r->matches[i].old_text = r->pool.ptr + r->offs[i].old_text;
		r->matches[i].new_text = r->offs[i].new_text == SIZE_MAX ? NULL :
			r->pool.ptr + r->offs[i].new_text;
		r->matches[i].key = r->pool.ptr + r->offs[i].key;
	}
}

/* Scan text[a, b), or only its parts inside the windows. */
static int scan_part(scan_ctx *c, size_t a, size_t b)
{
	size_t k;
	int error;

	if (c->win == NULL)
		return glossa_match__scan(c->m, c->text, c->len, a, b, on_hit,
			c);
	while (c->wk < c->nwin && c->win[c->wk].end <= a)
		c->wk++;
	for (k = c->wk; k < c->nwin && c->win[k].start < b; k++) {
		size_t s = c->win[k].start > a ? c->win[k].start : a;
		size_t e = c->win[k].end < b ? c->win[k].end : b;

		if (s < e && (error = glossa_match__scan(c->m, c->text, c->len,
				s, e, on_hit, c)) != 0)
			return error;
	}
	return 0;
}

/* One pass over `text`: its ranges (those parts of them inside `win`,
 * when given), scanned; matches go to `r`. */
static int fix_pass(glossa_fix_result *r, const glossa_matcher *m,
	const char *text, size_t len, size_t bom, glossa_text_format format,
	unsigned flags, const glossa_range *win, size_t nwin)
{
	glossa_range *rr = NULL, *lk = NULL;
	size_t nr = 0, ar = 0, nl = 0;
	scan_ctx c;
	size_t i, j, k;
	int error = 0;

	if (format == GLOSSA_TEXT_MARKDOWN)
		error = glossa_md__prose(&rr, &nr, text, bom, len);
	else if (len > bom)
		error = glossa_range__add(&rr, &nr, &ar, text, bom, len);
	memset(&c, 0, sizeof(c));
	c.m = m;
	c.text = text;
	c.len = len;
	c.flags = flags;
	c.r = r;
	c.win = win;
	c.nwin = nwin;
	/* Scan each range around the links in it: a name in a URL's path
	 * is part of the address, not prose. */
	if (error == 0 && nr > 0)
		error = glossa_text__links_in(&lk, &nl, text, len, win, nwin);
	for (i = 0, k = 0; i < nr && error == 0; i++) {
		size_t at = rr[i].start;

		while (k < nl && lk[k].end <= at)
			k++;
		for (j = k; j < nl && lk[j].start < rr[i].end && error == 0;
		     j++) {
			if (lk[j].start > at)
				error = scan_part(&c, at, lk[j].start);
			if (lk[j].end > at)
				at = lk[j].end;
		}
		if (error == 0 && at < rr[i].end)
			error = scan_part(&c, at, rr[i].end);
	}
	glossa_buf_dispose(&c.repl);
	glossa_buf_dispose(&c.keys);
	free(lk);
	free(rr);
	return error < 0 ? error : 0;
}

/* ---- the fixpoint ----
 *
 * Fixing can complete a longer name the first pass could not see:
 * "Bashar-Asad" becomes "Bashar-Assad", which is the house name with a
 * hyphen for a joiner. So the fixed text is scanned again, and what a
 * later pass fixes is folded back into the result, in the coordinates of
 * the original text: a later span is widened to cover every region an
 * earlier fix replaced that it overlaps, and the merged fix replaces the
 * original bytes under it with the later pass's text there.
 */

#define MAX_PASSES 4

typedef struct {
	size_t a, b;    /* the replaced bytes in the original */
	size_t ta, tb;  /* their replacement in the intermediate text */
} region;

/* Original position of intermediate position p. `open`: p starts a span,
 * so an empty region at p counts as before it. */
static size_t to_orig(const region *rg, size_t nrg, size_t p, bool open)
{
	size_t lo = 0, hi = nrg;

	/* The first region not before p. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		bool before = rg[mid].tb < p ||
			(rg[mid].tb == p && (open || rg[mid].ta < p));

		if (before)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return p;
	/* Past region lo-1: the same distance from its end. */
	return rg[lo - 1].b + (p - rg[lo - 1].tb);
}

static int put_string(glossa_buf *pool, size_t *off, const char *s, size_t n)
{
	*off = pool->size;
	if (glossa_buf_put(pool, s, n) < 0 || glossa_buf_put(pool, "", 1) < 0)
		return GLOSSA_ERROR;
	return 0;
}

/*
 * Fold the fixes of `r2` (found in `mid`, the text `r` makes of `text`)
 * into `r`.
 */
static int merge(glossa_fix_result *r, const glossa_fix_result *r2,
	const char *text, const char *mid, unsigned flags)
{
	region *rg = NULL;
	glossa_match *nm = NULL;
	match_offs *no = NULL;
	size_t nrg = 0, nnm = 0, i, j, k, delta_t = 0;
	size_t cap = r->nmatches + r2->nmatches + 1;
	glossa_buf nt = GLOSSA_BUF_INIT;
	int error = GLOSSA_ERROR;

	/* The regions earlier passes replaced, in both texts. */
	if ((rg = glossa__calloc(r->nfixes + 1, sizeof(*rg))) == NULL ||
	    (nm = glossa__calloc(cap, sizeof(*nm))) == NULL ||
	    (no = glossa__calloc(cap, sizeof(*no))) == NULL)
		goto out;
	for (i = 0; i < r->nmatches; i++) {
		const glossa_match *mt = &r->matches[i];
		size_t nl;

		if (mt->status != GLOSSA_MATCH_FIX)
			continue;
		nl = strlen(r->pool.ptr + r->offs[i].new_text);
		rg[nrg].a = mt->start;
		rg[nrg].b = mt->end;
		rg[nrg].ta = mt->start + delta_t;
		rg[nrg].tb = rg[nrg].ta + nl;
		/* delta_t: intermediate minus original; wraps harmlessly. */
		delta_t += nl - (mt->end - mt->start);
		nrg++;
	}
	i = 0;  /* next match of r */
	k = 0;  /* first region that may overlap the next group */
	for (j = 0; j < r2->nmatches; ) {
		size_t ts, te, os, oe, first, pos, g, q;
		match_offs o;
		glossa_match mt;

		if (r2->matches[j].status != GLOSSA_MATCH_FIX) {
			j++;
			continue;
		}
		/* A group: later fixes whose widened spans overlap. */
		first = j;
		ts = r2->matches[j].start;
		te = r2->matches[j].end;
		for (g = j; g < r2->nmatches; g++) {
			const glossa_match *lm = &r2->matches[g];

			if (lm->status != GLOSSA_MATCH_FIX)
				continue;
			if (g > first && lm->start >= te)
				break;
			if (lm->end > te)
				te = lm->end;
			/* Widen over the regions it overlaps. */
			while (k < nrg && rg[k].tb <= lm->start)
				k++;
			for (q = k; q < nrg && rg[q].ta < te; q++) {
				if (!(rg[q].ta < lm->end && lm->start < rg[q].tb))
					continue;
				if (rg[q].ta < ts)
					ts = rg[q].ta;
				if (rg[q].tb > te)
					te = rg[q].tb;
			}
		}
		/* The merged replacement, from the intermediate text. */
		glossa_buf_clear(&nt);
		pos = ts;
		for (q = first; q < g; q++) {
			const glossa_match *lm = &r2->matches[q];

			if (lm->status != GLOSSA_MATCH_FIX)
				continue;
			if (glossa_buf_put(&nt, mid + pos, lm->start - pos) < 0 ||
			    glossa_buf_puts(&nt, r2->pool.ptr +
					r2->offs[q].new_text) < 0)
				goto out;
			pos = lm->end;
		}
		if (glossa_buf_put(&nt, mid + pos, te - pos) < 0)
			goto out;
		os = to_orig(rg, nrg, ts, true);
		oe = to_orig(rg, nrg, te, false);
		/* Earlier matches before it stay; those under it go. */
		for (; i < r->nmatches && r->matches[i].end <= os; i++) {
			nm[nnm] = r->matches[i];
			no[nnm++] = r->offs[i];
		}
		while (i < r->nmatches && r->matches[i].start < oe)
			i++;
		memset(&mt, 0, sizeof(mt));
		mt.start = os;
		mt.end = oe;
		mt.form = r2->matches[first].form;
		mt.status = nt.size == oe - os &&
			memcmp(nt.ptr ? nt.ptr : "", text + os, nt.size) == 0 ?
			GLOSSA_MATCH_HOUSE : GLOSSA_MATCH_FIX;
		if (put_string(&r->pool, &o.old_text, text + os, oe - os) < 0)
			goto out;
		o.new_text = o.old_text;
		if (mt.status == GLOSSA_MATCH_FIX &&
		    put_string(&r->pool, &o.new_text, nt.ptr ? nt.ptr : "",
				nt.size) < 0)
			goto out;
		if (put_string(&r->pool, &o.key,
				r2->pool.ptr + r2->offs[first].key,
				strlen(r2->pool.ptr + r2->offs[first].key)) < 0)
			goto out;
		if (mt.status == GLOSSA_MATCH_FIX ||
		    (flags & GLOSSA_FIX_ALL_MATCHES)) {
			nm[nnm] = mt;
			no[nnm++] = o;
		}
		j = g;
	}
	for (; i < r->nmatches; i++) {
		nm[nnm] = r->matches[i];
		no[nnm++] = r->offs[i];
	}
	free(r->matches);
	free(r->offs);
	r->matches = nm;
	r->offs = no;
	r->amatches = r->aoffs = cap;
	r->nmatches = nnm;
	nm = NULL;
	no = NULL;
	r->nfixes = r->nambiguous = 0;
	for (i = 0; i < r->nmatches; i++) {
		r->nfixes += r->matches[i].status == GLOSSA_MATCH_FIX;
		r->nambiguous += r->matches[i].status == GLOSSA_MATCH_AMBIGUOUS;
	}
	error = 0;
out:
	free(rg);
	free(nm);
	free(no);
	glossa_buf_dispose(&nt);
	return error;
}

/*
 * The parts of `mid` a later pass has to look at, where `r` holds the
 * fixes the last pass made (in the coordinates of the text it scanned,
 * which those fixes turned into `mid`). A name can only be new where the
 * text changed, and the scanner's decisions reach no further than the
 * stop bytes around a change (see glossa_match__sync_before), so each
 * replaced region is widened to them. Everywhere else this pass would
 * decide as the last one did, which found nothing more to fix there.
 */
static int rescan_windows(glossa_range **out, size_t *n,
	const glossa_fix_result *r, const glossa_matcher *m, const char *mid,
	size_t midlen)
{
	glossa_range *w;
	size_t nw = 0, i, delta = 0;

	*out = NULL;
	*n = 0;
	if ((w = glossa__calloc(r->nfixes + 1, sizeof(*w))) == NULL)
		return GLOSSA_ERROR;
	for (i = 0; i < r->nmatches; i++) {
		const glossa_match *mt = &r->matches[i];
		size_t nl, ta, ws, we;

		if (mt->status != GLOSSA_MATCH_FIX)
			continue;
		nl = strlen(mt->new_text);
		ta = mt->start + delta;
		/* delta: mid minus original; wraps harmlessly. */
		delta += nl - (mt->end - mt->start);
		/* Each byte is looked at no more than twice: the searches
		 * stop at the last window, which ends at a stop byte. */
		if (nw > 0 && ta + nl <= w[nw - 1].end)
			continue;
		ws = glossa_match__sync_before(m, mid,
			nw > 0 ? w[nw - 1].end : 0, ta);
		we = glossa_match__sync_after(m, mid, midlen, ta + nl);
		if (nw > 0 && ws <= w[nw - 1].end) {
			w[nw - 1].end = we;
		} else {
			w[nw].start = ws;
			w[nw++].end = we;
		}
	}
	*out = w;
	*n = nw;
	return 0;
}

int glossa_fix_text(glossa_fix_result **out, const glossa_matcher *m,
	const char *text, size_t len, glossa_text_format format,
	unsigned flags, const char *source)
{
	glossa_fix_result *r, *r2 = NULL, *last = NULL;
	glossa_buf mid = GLOSSA_BUF_INIT;
	glossa_range *win = NULL;
	size_t bad, bom = 0, nwin = 0;
	const char *nul;
	int error = 0, pass;

	*out = NULL;
	if (source == NULL)
		source = "<text>";
	if ((nul = memchr(text, '\0', len)) != NULL)
		return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_EINVALID,
			"%s:%u: a binary file, not text (NUL byte at offset %zu)",
			source, glossa_utf8__line_of(text, (size_t)(nul - text)),
			(size_t)(nul - text));
	if (!glossa_utf8__valid(text, len, &bad))
		return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_EINVALID,
			"%s:%u: not valid UTF-8 (byte 0x%02X at offset %zu)",
			source, glossa_utf8__line_of(text, bad),
			(unsigned)(uint8_t)text[bad], bad);
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		bom = 3;
	if ((r = glossa__calloc(1, sizeof(*r))) == NULL)
		return GLOSSA_ERROR;
	if ((error = fix_pass(r, m, text, len, bom, format, flags, NULL,
			0)) < 0)
		goto fail;
	set_pointers(r);
	/* Again on the fixed text, while a pass fixes something; each time
	 * only around what the last pass changed. The fixes never touch the
	 * byte-order mark, so the fixed text has it too. */
	for (pass = 1; pass < MAX_PASSES && r->nfixes > 0; pass++) {
		glossa_buf_clear(&mid);
		if ((error = glossa_fix_apply(&mid, r, text, len)) < 0)
			goto fail;
		free(win);
		win = NULL;
		if (!(flags & GLOSSA_FIX__RESCAN_ALL) &&
		    (error = rescan_windows(&win, &nwin, last ? last : r, m,
				mid.ptr ? mid.ptr : "", mid.size)) < 0)
			goto fail;
		glossa_fix_result_free(last);
		last = NULL;
		if ((r2 = glossa__calloc(1, sizeof(*r2))) == NULL) {
			error = GLOSSA_ERROR;
			goto fail;
		}
		if ((error = fix_pass(r2, m, mid.ptr ? mid.ptr : "", mid.size,
				bom, format, 0, win, nwin)) < 0)
			goto fail;
		if (r2->nfixes == 0)
			break;
		if ((error = merge(r, r2, text, mid.ptr ? mid.ptr : "",
				flags)) < 0)
			goto fail;
		set_pointers(r);
		set_pointers(r2);
		last = r2;
		r2 = NULL;
	}
	glossa_fix_result_free(r2);
	glossa_fix_result_free(last);
	glossa_buf_dispose(&mid);
	free(win);
	locate(r, text, len, bom);
	*out = r;
	return (int)(r->nfixes > INT32_MAX ? INT32_MAX : r->nfixes);
fail:
	glossa_fix_result_free(r2);
	glossa_fix_result_free(last);
	glossa_buf_dispose(&mid);
	free(win);
	glossa_fix_result_free(r);
	return error;
}

const glossa_match *glossa_fix_result_matches(const glossa_fix_result *r,
	size_t *n)
{
	*n = r ? r->nmatches : 0;
	return r ? r->matches : NULL;
}

size_t glossa_fix_result_nfixes(const glossa_fix_result *r)
{
	return r ? r->nfixes : 0;
}

size_t glossa_fix_result_nambiguous(const glossa_fix_result *r)
{
	return r ? r->nambiguous : 0;
}

int glossa_fix_apply(glossa_buf *out, const glossa_fix_result *r,
	const char *text, size_t len)
{
	size_t pos = 0, i;

	for (i = 0; r && i < r->nmatches; i++) {
		const glossa_match *mt = &r->matches[i];

		if (mt->status != GLOSSA_MATCH_FIX)
			continue;
		if (mt->start < pos || mt->end > len)
			return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
				GLOSSA_EINVALID,
				"the fix does not belong to this text");
		if (glossa_buf_put(out, text + pos, mt->start - pos) < 0 ||
		    glossa_buf_puts(out, mt->new_text) < 0)
			return GLOSSA_ERROR;
		pos = mt->end;
	}
	if (glossa_buf_put(out, text + pos, len - pos) < 0)
		return GLOSSA_ERROR;
	return 0;
}

void glossa_fix_result_free(glossa_fix_result *r)
{
	if (r == NULL)
		return;
	free(r->matches);
	free(r->offs);
	glossa_buf_dispose(&r->pool);
	free(r);
}
