/*
** glossa fix, the passes after the first: a fix can complete a longer
** name the first pass could not see, so the text the fixes make is
** scanned again (in plain text only around what changed) and what a
** later pass finds is folded back into the result in the original's
** coordinates.
*/
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "draft.h"
#include "fix_int.h"
#include "match.h"

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

/* The regions the fixes of `r` replace, in order, in the original and in
 * the text they make of it (rg holds r->nfixes + 1). Returns how many. */
static size_t regions_of(region *rg, const glossa_fix_result *r)
{
	size_t n = 0, i, delta = 0;

	for (i = 0; i < r->nmatches; i++) {
		const glossa_match *mt = &r->matches[i];
		region *g;

		if (mt->status != GLOSSA_MATCH_FIX)
			continue;
		g = &rg[n++];
		g->a = mt->start;
		g->b = mt->end;
		g->repl = mt->new_text;
		g->ta = mt->start + delta;
		g->tb = g->ta + r->offs[i].new_len;
		/* delta: fixed minus original; wraps harmlessly. */
		delta += (g->tb - g->ta) - (g->b - g->a);
	}
	return n;
}

int glossa_fix__regions(region **rg, size_t *arg, size_t *n,
	const glossa_fix_result *r)
{
	*n = 0;
	if (glossa__grow((void **)rg, arg, r->nfixes + 1, sizeof(**rg)) < 0)
		return GLOSSA_ERROR;
	*n = regions_of(*rg, r);
	return 0;
}

/* What the fixes so far replace (ft's regions), in the text they make. */
int glossa_fix__fixed_ranges(piece_state *ps, const ftext *ft)
{
	size_t i;

	ps->nfixed = 0;
	if (glossa__grow((void **)&ps->fixed, &ps->afixed, ft->nrg + 1,
			sizeof(*ps->fixed)) < 0)
		return GLOSSA_ERROR;
	for (i = 0; i < ft->nrg; i++) {
		ps->fixed[i].start = ft->rg[i].ta;
		ps->fixed[i].end = ft->rg[i].tb;
	}
	ps->nfixed = ft->nrg;
	return 0;
}

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

/* ---- the fixed text, as a later pass sees it ----
 *
 * In plain text a later pass reads the text the fixes so far make of the
 * original only in windows around what changed (see rescan_windows), so
 * only that much of it is built, piece by piece, from the original and
 * the replacements (a view). Markdown is parsed whole (md4c), and a fix
 * can change its structure elsewhere (a line break taken out of a name),
 * so there the whole fixed text is built and scanned.
 */

void glossa_fix__ft_dispose(ftext *ft)
{
	free(ft->rg);
	free(ft->pc);
	glossa_buf_dispose(&ft->scratch);
	glossa_buf_dispose(&ft->pbuf);
	memset(ft, 0, sizeof(*ft));
}

int glossa_fix__ft_regions(ftext *ft, const glossa_fix_result *r)
{
	return glossa_fix__regions(&ft->rg, &ft->arg, &ft->nrg, r);
}

/* A view of what `r` makes of `text` (ft's regions are r's). */
int glossa_fix__ft_view(ftext *ft, const glossa_fix_result *r, const char *text,
	size_t len)
{
	const region *g;

	GLOSSA_UNUSED(r);
	ft->full = NULL;
	ft->text = text;
	ft->npc = ft->hint = 0;
	glossa_buf_clear(&ft->pbuf);
	g = ft->nrg > 0 ? &ft->rg[ft->nrg - 1] : NULL;
	/* (wraps harmlessly when the text shrank) */
	ft->size = g ? len + (g->tb - g->b) : len;
	return 0;
}

/* The first region that ends after x. Windows come in order, so the
 * search starts where the last one ended. */
static size_t ft_region(ftext *ft, size_t x)
{
	size_t k = ft->hint < ft->nrg ? ft->hint : ft->nrg;

	while (k > 0 && ft->rg[k - 1].tb > x)
		k--;
	while (k < ft->nrg && ft->rg[k].tb <= x)
		k++;
	ft->hint = k;
	return k;
}

/* Append the fixed text's bytes [x, y) to out. */
static int ft_copy(ftext *ft, size_t x, size_t y, glossa_buf *out)
{
	size_t k = ft_region(ft, x);

	while (x < y) {
		const region *g = k < ft->nrg ? &ft->rg[k] : NULL;
		size_t e, o;

		if (g && x >= g->ta) {
			e = y < g->tb ? y : g->tb;
			if (glossa_buf_put(out, g->repl + (x - g->ta), e - x) < 0)
				return GLOSSA_ERROR;
			k++;
		} else {
			e = g && g->ta < y ? g->ta : y;
			o = k > 0 ? x - ft->rg[k - 1].tb + ft->rg[k - 1].b : x;
			if (glossa_buf_put(out, ft->text + o, e - x) < 0)
				return GLOSSA_ERROR;
		}
		x = e;
	}
	return 0;
}

/* The fixed text's bytes [x, y), contiguous: in place when they lie in
 * one stretch of the original or one replacement, else copied (valid
 * until the next call). NULL when out of memory. */
static const char *ft_slice(ftext *ft, size_t x, size_t y)
{
	size_t k;

	if (ft->full)
		return ft->full + x;
	k = ft_region(ft, x);
	if (k == ft->nrg || y <= ft->rg[k].ta)
		return ft->text +
			(k > 0 ? x - ft->rg[k - 1].tb + ft->rg[k - 1].b : x);
	if (x >= ft->rg[k].ta && y <= ft->rg[k].tb)
		return ft->rg[k].repl + (x - ft->rg[k].ta);
	glossa_buf_clear(&ft->scratch);
	if (ft_copy(ft, x, y, &ft->scratch) < 0)
		return NULL;
	return ft->scratch.ptr ? ft->scratch.ptr : "";
}

typedef size_t (*back_fn)(const glossa_matcher *m, const char *t,
	size_t lo, size_t p);
typedef size_t (*fwd_fn)(const glossa_matcher *m, const char *t,
	size_t len, size_t p);

static size_t run_back(const glossa_matcher *m, const char *t, size_t lo,
	size_t p)
{
	GLOSSA_UNUSED(m);
	return glossa_text__run_start(t, lo, p);
}

static size_t run_fwd(const glossa_matcher *m, const char *t, size_t len,
	size_t p)
{
	GLOSSA_UNUSED(m);
	return glossa_text__run_end(t, len, p);
}

/* fn (a search backwards from p, not past lo) on the fixed text: on a
 * view, over ever longer slices until it finds its place or reaches lo
 * (a search that ends at a slice's start has not found it). */
static int ft_back(ftext *ft, const glossa_matcher *m, back_fn fn,
	size_t lo, size_t p, size_t *out)
{
	size_t span = 64;

	if (p <= lo) {
		*out = lo;
		return 0;
	}
	if (ft->full) {
		*out = fn(m, ft->full, lo, p);
		return 0;
	}
	for (;;) {
		size_t x = p - lo > span ? p - span : lo, q;
		const char *sl = ft_slice(ft, x, p);

		if (sl == NULL)
			return GLOSSA_ERROR;
		q = fn(m, sl, 0, p - x);
		if (q > 0 || x == lo) {
			*out = x + q;
			return 0;
		}
		span *= 4;
	}
}

/* The same forwards from p (the slice starts a byte early: a search may
 * look at the character before p); one that ends at a slice's end has
 * not found its place. */
static int ft_fwd(ftext *ft, const glossa_matcher *m, fwd_fn fn, size_t p,
	size_t *out)
{
	size_t span = 64;

	if (ft->full) {
		*out = fn(m, ft->full, ft->size, p);
		return 0;
	}
	for (;;) {
		size_t x = p > 0 ? p - 1 : 0, q;
		size_t y = ft->size - p > span ? p + span : ft->size;
		const char *sl = ft_slice(ft, x, y);

		if (sl == NULL)
			return GLOSSA_ERROR;
		q = fn(m, sl, y - x, p - x);
		if (q < y - x || y == ft->size) {
			*out = x + q;
			return 0;
		}
		span *= 4;
	}
}

/* Build the pieces for the windows: each window with the runs of
 * non-space characters at its edges (where non-prose is found), any
 * replaced region it touches (a fix found in it is merged with those, and
 * a region may reach past a wall inside it: "the" in "Alexander the
 * Great") and the character after it (which the scanner may look at).
 * Windows whose pieces would meet share one, so that however long a run
 * is, it is searched and copied once. */
int glossa_fix__ft_pieces(ftext *ft, const glossa_matcher *m,
	const glossa_range *win, size_t nwin)
{
	size_t i;

	ft->npc = 0;
	ft->win = win;
	glossa_buf_clear(&ft->pbuf);
	if (glossa__grow((void **)&ft->pc, &ft->apc, nwin + 1,
			sizeof(*ft->pc)) < 0)
		return GLOSSA_ERROR;
	for (i = 0; i < nwin; i++) {
		piece *cur = ft->npc > 0 ? &ft->pc[ft->npc - 1] : NULL;
		size_t ws = win[i].start, we = win[i].end, a, b, k;
		bool join;

		if (ft_back(ft, m, run_back, cur ? cur->end : 0, ws, &a) < 0)
			return GLOSSA_ERROR;
		k = ft_region(ft, ws);
		if (k < ft->nrg && ft->rg[k].ta < a)
			a = ft->rg[k].ta;
		join = cur && a <= cur->end;
		if (join && we < cur->end) {
			b = cur->end;
		} else {
			if (ft_fwd(ft, m, run_fwd, we, &b) < 0)
				return GLOSSA_ERROR;
			if (b <= we && we < ft->size)
				b = we + 1;
		}
		k = ft_region(ft, we > 0 ? we - 1 : 0);
		if (k < ft->nrg && ft->rg[k].ta < we && ft->rg[k].tb > b)
			b = ft->rg[k].tb;
		if (join) {
			if (b > cur->end) {
				if (ft_copy(ft, cur->end, b, &ft->pbuf) < 0)
					return GLOSSA_ERROR;
				cur->end = b;
			}
			cur->w1 = i + 1;
			continue;
		}
		cur = &ft->pc[ft->npc++];
		cur->start = a;
		cur->end = b;
		cur->w0 = i;
		cur->w1 = i + 1;
		cur->off = ft->pbuf.size;
		if (ft_copy(ft, a, b, &ft->pbuf) < 0)
			return GLOSSA_ERROR;
	}
	return 0;
}

/* The fixed text's bytes [pos, pos + n), which lie in a window; NULL if
 * they do not. */
static const char *ft_at(const ftext *ft, size_t pos, size_t n)
{
	size_t lo = 0, hi = ft->npc;

	if (ft->full)
		return ft->full + pos;
	/* The last piece that starts at or before pos. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ft->pc[mid].start <= pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* (pieces may overlap: an earlier one may hold it) */
	for (; lo > 0; lo--)
		if (pos + n <= ft->pc[lo - 1].end)
			return ft->pbuf.ptr + ft->pc[lo - 1].off +
				(pos - ft->pc[lo - 1].start);
	return NULL;
}

/* Scan the pieces' windows (a later pass over a view). */
int glossa_fix__pieces(glossa_fix_result *r, const glossa_matcher *m,
	const ftext *ft, size_t bom)
{
	glossa_range *w = NULL;
	size_t aw = 0, i;
	scan_ctx c;
	int error = 0;

	memset(&c, 0, sizeof(c));
	c.m = m;
	c.r = r;
	for (i = 0; i < ft->npc && error == 0; i++) {
		const piece *pc = &ft->pc[i];
		glossa_range *lk = NULL;
		size_t nw = 0, nl = 0, k = 0, j;

		/* Its windows, in its own coordinates. */
		if (glossa__grow((void **)&w, &aw, pc->w1 - pc->w0 + 1,
				sizeof(*w)) < 0) {
			error = GLOSSA_ERROR;
			break;
		}
		for (j = pc->w0; j < pc->w1; j++) {
			size_t s = ft->win[j].start > bom ? ft->win[j].start : bom;

			if (s < ft->win[j].end) {
				w[nw].start = s - pc->start;
				w[nw++].end = ft->win[j].end - pc->start;
			}
		}
		c.text = ft->pbuf.ptr + pc->off;
		c.tok_seen = false;
		c.len = pc->end - pc->start;
		c.base = pc->start;
		if (nw > 0)
			error = glossa_draft__nonprose_in(&lk, &nl, c.text, c.len,
				w, nw, false);
		for (j = 0; j < nw && error == 0; j++)
			error = glossa_fix__scan_unlinked(&c, w[j].start,
				w[j].end, lk, nl, &k);
		free(lk);
	}
	free(w);
	glossa_buf_dispose(&c.repl);
	glossa_buf_dispose(&c.keys);
	return error < 0 ? error : 0;
}

/* A merged fix: it replaces the matches of r under [os, oe). */
typedef struct {
	size_t os, oe;
	bool keep;         /* it stays a match (a FIX, or all matches kept) */
	glossa_match mt;
	match_offs o;
} merged;

/*
 * Put the merged fixes g[0, ng) into r's matches, each in place of the
 * matches under it. Most passes after the first fix a handful of names
 * in a text of thousands: in place, the arrays are moved up, not made
 * again (a copy of a large result is mostly page faults). Each merged fix
 * lies over at least one earlier fix (a later pass only fixes there), so
 * it takes the place of one; when one would not (a write ahead of the
 * reading), new arrays are made.
 */
static int splice(glossa_fix_result *r, const merged *g, size_t ng)
{
	glossa_match *nm = NULL;
	match_offs *no = NULL;
	size_t i = 0, w = 0, q;
	bool in_place = true;

	for (q = 0; q < ng && in_place; q++) {
		for (; i < r->nmatches && r->matches[i].end <= g[q].os; i++)
			w++;
		while (i < r->nmatches && r->matches[i].start < g[q].oe)
			i++;
		if (g[q].keep && w++ >= i)
			in_place = false;
	}
	if (!in_place) {
		size_t cap = r->nmatches + ng + 1;

		if ((nm = glossa__calloc(cap, sizeof(*nm))) == NULL ||
		    (no = glossa__calloc(cap, sizeof(*no))) == NULL) {
			free(nm);
			return GLOSSA_ERROR;
		}
	} else {
		nm = r->matches;
		no = r->offs;
	}
	/* (in place, w <= i throughout: no match is written before read) */
	for (i = 0, w = 0, q = 0; q <= ng; q++) {
		size_t os = q < ng ? g[q].os : SIZE_MAX;

		for (; i < r->nmatches && r->matches[i].end <= os; i++, w++) {
			nm[w] = r->matches[i];
			no[w] = r->offs[i];
		}
		if (q == ng)
			break;
		while (i < r->nmatches && r->matches[i].start < g[q].oe)
			i++;
		if (g[q].keep) {
			nm[w] = g[q].mt;
			no[w++] = g[q].o;
		}
	}
	if (!in_place) {
		free(r->matches);
		free(r->offs);
		r->matches = nm;
		r->offs = no;
		r->amatches = r->aoffs = r->nmatches + ng + 1;
	}
	r->nmatches = w;
	return 0;
}

/*
 * Fold the fixes of `r2` (found in `mid`, the text `r` makes of `text`)
 * into `r`.
 */
int glossa_fix__merge(glossa_fix_result *r, const glossa_fix_result *r2,
	const char *text, const ftext *mid, unsigned flags)
{
	const region *rg = mid->rg;
	merged *gs = NULL;
	size_t nrg = mid->nrg, ngs = 0, i, j, k;
	glossa_buf nt = GLOSSA_BUF_INIT;
	const char *at;
	int error = GLOSSA_ERROR;

	/* (The regions earlier passes replaced, in both texts: mid's, which
	 * r made.) */
	if ((gs = glossa__calloc(r2->nmatches + 1, sizeof(*gs))) == NULL)
		goto out;
	k = 0;  /* first region that may overlap the next group */
	for (j = 0; j < r2->nmatches; ) {
		size_t ts, te, os, oe, first, pos, g, q;
		merged *mg;

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
		if ((at = ft_at(mid, ts, te - ts)) == NULL) {
			error = glossa_error__set(GLOSSA_ERRCLASS_INVALID,
				GLOSSA_ERROR, "a fix outside the rescanned text");
			goto out;
		}
		pos = ts;
		for (q = first; q < g; q++) {
			const glossa_match *lm = &r2->matches[q];

			if (lm->status != GLOSSA_MATCH_FIX)
				continue;
			if (glossa_buf_put(&nt, at + (pos - ts),
					lm->start - pos) < 0 ||
			    glossa_buf_puts(&nt, r2->pool.ptr +
					r2->offs[q].new_text) < 0)
				goto out;
			pos = lm->end;
		}
		if (glossa_buf_put(&nt, at + (pos - ts), te - pos) < 0)
			goto out;
		os = to_orig(rg, nrg, ts, true);
		oe = to_orig(rg, nrg, te, false);
		mg = &gs[ngs++];
		mg->os = os;
		mg->oe = oe;
		mg->o.entry = r2->offs[first].entry;
		mg->mt.start = os;
		mg->mt.end = oe;
		mg->mt.form = r2->matches[first].form;
		mg->mt.status = nt.size == oe - os &&
			memcmp(nt.ptr ? nt.ptr : "", text + os, nt.size) == 0 ?
			GLOSSA_MATCH_HOUSE : GLOSSA_MATCH_FIX;
		if (put_string(&r->pool, &mg->o.old_text, text + os,
				oe - os) < 0)
			goto out;
		mg->o.new_text = mg->o.old_text;
		if (mg->mt.status == GLOSSA_MATCH_FIX &&
		    put_string(&r->pool, &mg->o.new_text, nt.ptr ? nt.ptr : "",
				nt.size) < 0)
			goto out;
		mg->o.new_len = nt.size;
		if (put_string(&r->pool, &mg->o.key,
				r2->pool.ptr + r2->offs[first].key,
				strlen(r2->pool.ptr + r2->offs[first].key)) < 0)
			goto out;
		mg->keep = mg->mt.status == GLOSSA_MATCH_FIX ||
			(flags & GLOSSA_FIX_ALL_MATCHES);
		j = g;
	}
	if (splice(r, gs, ngs) < 0)
		goto out;
	r->nfixes = r->nambiguous = 0;
	for (i = 0; i < r->nmatches; i++) {
		r->nfixes += r->matches[i].status == GLOSSA_MATCH_FIX;
		r->nambiguous += r->matches[i].status == GLOSSA_MATCH_AMBIGUOUS;
	}
	error = 0;
out:
	free(gs);
	glossa_buf_dispose(&nt);
	return error;
}

/*
 * The parts of `ft` a later pass has to look at, where `rg` holds the
 * regions the last pass replaced (in the coordinates of the text its
 * fixes made, `ft`). A name can only be new where the
 * text changed, and the scanner's decisions reach no further than the
 * stop bytes around a change (see glossa_match__sync_before), so each
 * replaced region is widened to them. Everywhere else this pass would
 * decide as the last one did, which found nothing more to fix there.
 */
int glossa_fix__rescan_windows(glossa_range **out, size_t *aout, size_t *n,
	const region *rg, size_t nrg, const glossa_matcher *m, ftext *ft)
{
	glossa_range *w;
	size_t nw = 0, i;

	*n = 0;
	if (glossa__grow((void **)out, aout, nrg + 1, sizeof(**out)) < 0)
		return GLOSSA_ERROR;
	w = *out;
	for (i = 0; i < nrg; i++) {
		size_t ws, we;

		/* Each byte is looked at no more than twice: the searches
		 * stop at the last window, which ends at a stop or wall. */
		if (nw > 0 && rg[i].tb <= w[nw - 1].end)
			continue;
		if (ft_back(ft, m, glossa_match__sync_before,
				nw > 0 ? w[nw - 1].end : 0, rg[i].ta, &ws) < 0 ||
		    ft_fwd(ft, m, glossa_match__sync_after, rg[i].tb,
				&we) < 0)
			return GLOSSA_ERROR;
		if (nw > 0 && ws <= w[nw - 1].end) {
			w[nw - 1].end = we;
		} else {
			w[nw].start = ws;
			w[nw++].end = we;
		}
	}
	*n = nw;
	return 0;
}
