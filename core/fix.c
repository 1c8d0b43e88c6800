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
#include "draft.h"
#include "match.h"

typedef struct {
	size_t old_text, new_text, key;  /* pool offsets */
	uint32_t entry;                  /* the matcher's entry index */
	bool ask;                        /* the entry only if named in full */
} match_offs;

/*
 * What a piece says of itself, shared by the passes over it: which
 * entries it names in full (GLOSSA_CTX_FULL). A one-word spelling of a
 * person (GLOSSA_CTX_ASK) is fixed only where its entry is among them;
 * the first pass collects them all before deciding, later passes (which
 * only look around what was fixed) decide at once. Per entry, in
 * piece_state.named:
 */
#define NAMED    1u    /* the piece names it in full */
#define LEFT     2u    /* one of its one-word spellings was left */

typedef struct {
	uint8_t *named;    /* per entry: NAMED | LEFT */
	bool deciding;     /* a later pass: decide asks at once */
	bool no_ask;       /* GLOSSA_FIX_SPELLING: a spelling, not a piece */
	bool grew;         /* a later pass named in full an entry whose
	                    * one-word spelling was left: fix again */
	glossa_range *fixed;  /* a later pass: what the text so far has
	                       * replaced, in its own coordinates */
	size_t nfixed;
} piece_state;

struct glossa_fix_result {
	glossa_match *matches;
	match_offs *offs;
	size_t nmatches, amatches, aoffs;
	size_t nfixes, nambiguous;
	glossa_buf pool;
	piece_state *ps;   /* borrowed from glossa_fix_text while it runs */
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
	if (strcmp(name, "mdx") == 0) {
		*out = GLOSSA_TEXT_MDX;
		return 0;
	}
	return GLOSSA_EINVALID;
}

glossa_text_format glossa_text_format_guess(const char *path)
{
	static const char *const md[] = {
		".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".qmd", ".rmd",
		NULL
	};
	const char *dot = path ? strrchr(path, '.') : NULL;
	int i;

	if (dot && strcasecmp(dot, ".mdx") == 0)
		return GLOSSA_TEXT_MDX;
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
	size_t base;              /* where `text` starts in the whole text */
	size_t tok_s, tok_e, tok_next;  /* the last token looked at */
	bool tok_code, tok_seen;  /* it is not prose; there is one */
} scan_ctx;

/*
 * Does the hit touch a token that is not prose (a path, a domain, a
 * handle, an identifier)? Asked of the hits only, not of every byte; the
 * last token is remembered, so that hits in one long run look at it once.
 */
static bool in_code(scan_ctx *c, size_t hs, size_t he)
{
	size_t p = hs;

	if (glossa_text__plain_word(c->text, c->len, hs, he))
		return false;
	while (p < he) {
		if (!c->tok_seen || p < c->tok_s || p >= c->tok_next) {
			c->tok_code = glossa_text__code_at(c->text, c->len, p,
				&c->tok_s, &c->tok_e, &c->tok_next);
			c->tok_seen = true;
		}
		if (c->tok_code && hs < c->tok_e && c->tok_s < he)
			return true;
		p = c->tok_next;
	}
	return false;
}

static int on_hit(const glossa_match__hit *hit, void *payload)
{
	scan_ctx *c = payload;
	glossa_fix_result *r = c->r;
	glossa_match_status status;
	glossa_form_type form;
	glossa_match *mt;
	match_offs *o;
	piece_state *ps = r->ps;
	uint32_t target, entry;
	unsigned where;
	bool ask;
	int error;

	/* The scanner reports in order, without overlaps; be sure. */
	if (r->nmatches > 0 &&
	    c->base + hit->start < r->matches[r->nmatches - 1].end)
		return 0;
	if ((error = glossa_match__resolve(c->m, c->text, c->len, hit, &status,
			&form, &c->repl, &c->keys, &target)) < 0)
		return error;
	/* A later pass completes what an earlier one changed ("Bashar-Asad"
	 * -> "Bashar-Assad" -> the house name): anything else there was
	 * judged, with all the words around it, by the first. */
	if (ps && ps->deciding && !glossa_range__overlaps(ps->fixed,
			ps->nfixed, c->base + hit->start, c->base + hit->end))
		return 0;
	/* Already the house spelling and not a full name: nothing to change,
	 * nothing it tells of the piece. (Most hits in copy.) */
	if (status == GLOSSA_MATCH_HOUSE &&
	    !(c->flags & GLOSSA_FIX_ALL_MATCHES) &&
	    glossa_match__one_word(c->m, target))
		return 0;
	if (in_code(c, hit->start, hit->end))
		return 0;
	/* Is it the entry here? Another name's part, an exception, foreign
	 * text: not a name of the glossary at all. */
	where = glossa_match__context(c->m, c->text, c->len, hit->start,
		hit->end, target, ps && ps->deciding);
	if (where & (GLOSSA_CTX_OTHER | GLOSSA_CTX_FOREIGN))
		return 0;
	entry = glossa_match__entry_of(c->m, target);
	if (ps && (where & GLOSSA_CTX_FULL) &&
	    status != GLOSSA_MATCH_AMBIGUOUS && !(ps->named[entry] & NAMED)) {
		ps->named[entry] |= NAMED;
		if (ps->deciding && (ps->named[entry] & LEFT))
			ps->grew = true;
	}
	ask = ps && !ps->no_ask && (where & GLOSSA_CTX_ASK) &&
		status == GLOSSA_MATCH_FIX;
	if (ask && ps->deciding && !(ps->named[entry] & NAMED)) {
		ps->named[entry] |= LEFT;
		return 0;
	}
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
	mt->start = c->base + hit->start;
	mt->end = c->base + hit->end;
	mt->status = status;
	mt->form = form;
	o->entry = entry;
	o->ask = ask;
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

/* After the first pass: a one-word spelling of a person whose entry the
 * piece never names in full is left as written (check asks about it). */
static void drop_unnamed(glossa_fix_result *r, piece_state *ps)
{
	size_t i, k = 0;

	for (i = 0; i < r->nmatches; i++) {
		if (r->offs[i].ask && !(ps->named[r->offs[i].entry] & NAMED)) {
			ps->named[r->offs[i].entry] |= LEFT;
			r->nfixes--;
			continue;
		}
		r->matches[k] = r->matches[i];
		r->offs[k++] = r->offs[i];
	}
	r->nmatches = k;
}

/* Lines and columns (the draft layer's rule: a BOM is no column), in one
 * pass. */
static void locate(glossa_fix_result *r, const char *text, size_t len)
{
	glossa_draft_pos p;
	size_t i;

	glossa_draft__pos_init(&p, text, len);
	for (i = 0; i < r->nmatches; i++) {
		glossa_draft__pos_advance(&p, text, r->matches[i].start);
		r->matches[i].line = p.line;
		r->matches[i].column = p.col;
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

/* Scan text[a, b) but the non-prose in it (lk, sorted; *k: the first that
 * may overlap, advanced). */
static int scan_unlinked(scan_ctx *c, size_t a, size_t b,
	const glossa_range *lk, size_t nl, size_t *k)
{
	size_t j;
	int error = 0;

	while (*k < nl && lk[*k].end <= a)
		(*k)++;
	for (j = *k; j < nl && lk[j].start < b && error == 0; j++) {
		if (lk[j].start > a)
			error = scan_part(c, a, lk[j].start);
		if (lk[j].end > a)
			a = lk[j].end;
	}
	if (error == 0 && a < b)
		error = scan_part(c, a, b);
	return error;
}

/* One pass over `text`: its ranges (those parts of them inside `win`,
 * when given), scanned; matches go to `r`. */
static int fix_pass(glossa_fix_result *r, const glossa_matcher *m,
	const char *text, size_t len, glossa_text_format format,
	unsigned flags, const glossa_range *win, size_t nwin)
{
	glossa_range *rr = NULL, *lk = NULL;
	size_t nr = 0, nl = 0;
	scan_ctx c;
	size_t i, k;
	int error = 0;

	error = glossa_draft__prose(&rr, &nr, text, len, format);
	memset(&c, 0, sizeof(c));
	c.m = m;
	c.text = text;
	c.len = len;
	c.flags = flags;
	c.r = r;
	c.win = win;
	c.nwin = nwin;
	/* Scan each range around what is not prose in it: a name in a
	 * URL's path, a file name, a handle or an identifier is part of an
	 * address or of code. */
	if (error == 0 && nr > 0)
		error = glossa_text__nonprose_in(&lk, &nl, text, len, win, nwin,
			false);
	for (i = 0, k = 0; i < nr && error == 0; i++)
		error = scan_unlinked(&c, rr[i].start, rr[i].end, lk, nl, &k);
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
	const char *repl;
} region;

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
		g->tb = g->ta + strlen(mt->new_text);
		/* delta: fixed minus original; wraps harmlessly. */
		delta += (g->tb - g->ta) - (g->b - g->a);
	}
	return n;
}

/* What the fixes of r replace, in the text they make of it. */
static int fixed_ranges(piece_state *ps, const glossa_fix_result *r)
{
	region *rg;
	size_t n, i;

	free(ps->fixed);
	ps->fixed = NULL;
	ps->nfixed = 0;
	if ((rg = glossa__calloc(r->nfixes + 1, sizeof(*rg))) == NULL ||
	    (ps->fixed = glossa__calloc(r->nfixes + 1,
			sizeof(*ps->fixed))) == NULL) {
		free(rg);
		return GLOSSA_ERROR;
	}
	n = regions_of(rg, r);
	for (i = 0; i < n; i++) {
		ps->fixed[i].start = rg[i].ta;
		ps->fixed[i].end = rg[i].tb;
	}
	ps->nfixed = n;
	free(rg);
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

typedef struct {
	size_t start, end;  /* in the fixed text */
	size_t w0, w1;      /* the windows to scan in it */
	size_t off;         /* where its bytes are in the piece buffer */
} piece;

typedef struct {
	const char *full;   /* the whole fixed text, or NULL: a view */
	size_t size;        /* the fixed text's length */
	const char *text;   /* the view: the original, */
	region *rg;         /* the replaced regions, */
	size_t nrg, arg, hint;
	glossa_buf scratch; /* slices that cross a region's edge, */
	piece *pc;          /* and the pieces built for the windows */
	size_t npc, apc;
	const glossa_range *win;
	glossa_buf pbuf;
} ftext;

static void ft_dispose(ftext *ft)
{
	free(ft->rg);
	free(ft->pc);
	glossa_buf_dispose(&ft->scratch);
	glossa_buf_dispose(&ft->pbuf);
	memset(ft, 0, sizeof(*ft));
}

/* A view of what `r` makes of `text`. */
static int ft_view(ftext *ft, const glossa_fix_result *r, const char *text,
	size_t len)
{
	const region *g;

	ft->full = NULL;
	ft->text = text;
	ft->npc = ft->hint = 0;
	glossa_buf_clear(&ft->pbuf);
	if (glossa__grow((void **)&ft->rg, &ft->arg, r->nfixes + 1,
			sizeof(*ft->rg)) < 0)
		return GLOSSA_ERROR;
	ft->nrg = regions_of(ft->rg, r);
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
static int ft_pieces(ftext *ft, const glossa_matcher *m,
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
static int fix_pieces(glossa_fix_result *r, const glossa_matcher *m,
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
			error = glossa_text__nonprose_in(&lk, &nl, c.text, c.len,
				w, nw, false);
		for (j = 0; j < nw && error == 0; j++)
			error = scan_unlinked(&c, w[j].start, w[j].end, lk, nl,
				&k);
		free(lk);
	}
	free(w);
	glossa_buf_dispose(&c.repl);
	glossa_buf_dispose(&c.keys);
	return error < 0 ? error : 0;
}

/*
 * Fold the fixes of `r2` (found in `mid`, the text `r` makes of `text`)
 * into `r`.
 */
static int merge(glossa_fix_result *r, const glossa_fix_result *r2,
	const char *text, const ftext *mid, unsigned flags)
{
	region *rg = NULL;
	glossa_match *nm = NULL;
	match_offs *no = NULL;
	size_t nrg, nnm = 0, i, j, k;
	size_t cap = r->nmatches + r2->nmatches + 1;
	glossa_buf nt = GLOSSA_BUF_INIT;
	const char *at;
	int error = GLOSSA_ERROR;

	/* The regions earlier passes replaced, in both texts. */
	if ((rg = glossa__calloc(r->nfixes + 1, sizeof(*rg))) == NULL ||
	    (nm = glossa__calloc(cap, sizeof(*nm))) == NULL ||
	    (no = glossa__calloc(cap, sizeof(*no))) == NULL)
		goto out;
	nrg = regions_of(rg, r);
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
		/* Earlier matches before it stay; those under it go. */
		for (; i < r->nmatches && r->matches[i].end <= os; i++) {
			nm[nnm] = r->matches[i];
			no[nnm++] = r->offs[i];
		}
		while (i < r->nmatches && r->matches[i].start < oe)
			i++;
		memset(&mt, 0, sizeof(mt));
		memset(&o, 0, sizeof(o));
		o.entry = r2->offs[first].entry;
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
	const glossa_fix_result *r, const glossa_matcher *m, ftext *ft)
{
	glossa_range *w;
	region *rg;
	size_t nw = 0, nrg, i;

	*out = NULL;
	*n = 0;
	if ((w = glossa__calloc(r->nfixes + 1, sizeof(*w))) == NULL ||
	    (rg = glossa__calloc(r->nfixes + 1, sizeof(*rg))) == NULL) {
		free(w);
		return GLOSSA_ERROR;
	}
	nrg = regions_of(rg, r);
	for (i = 0; i < nrg; i++) {
		size_t ws, we;

		/* Each byte is looked at no more than twice: the searches
		 * stop at the last window, which ends at a stop or wall. */
		if (nw > 0 && rg[i].tb <= w[nw - 1].end)
			continue;
		if (ft_back(ft, m, glossa_match__sync_before,
				nw > 0 ? w[nw - 1].end : 0, rg[i].ta, &ws) < 0 ||
		    ft_fwd(ft, m, glossa_match__sync_after, rg[i].tb,
				&we) < 0) {
			free(w);
			free(rg);
			return GLOSSA_ERROR;
		}
		if (nw > 0 && ws <= w[nw - 1].end) {
			w[nw - 1].end = we;
		} else {
			w[nw].start = ws;
			w[nw++].end = we;
		}
	}
	free(rg);
	*out = w;
	*n = nw;
	return 0;
}

/* One run of the passes over the text, deciding one-word spellings with
 * what ps->named holds and adds. */
static int fix_once(glossa_fix_result **out, const glossa_matcher *m,
	const char *text, size_t len, size_t bom, glossa_text_format format,
	unsigned flags, piece_state *ps)
{
	glossa_fix_result *r, *r2 = NULL, *last = NULL;
	glossa_buf mid = GLOSSA_BUF_INIT;
	ftext ft;
	glossa_range *win = NULL;
	size_t nwin = 0;
	int error = 0, pass;

	*out = NULL;
	memset(&ft, 0, sizeof(ft));
	ps->deciding = false;
	ps->grew = false;
	if ((r = glossa__calloc(1, sizeof(*r))) == NULL)
		return GLOSSA_ERROR;
	r->ps = ps;
	if ((error = fix_pass(r, m, text, len, format, flags, NULL,
			0)) < 0)
		goto fail;
	drop_unnamed(r, ps);
	ps->deciding = true;
	set_pointers(r);
	/* Again on the fixed text, while a pass fixes something; each time
	 * only around what the last pass changed. The fixes never touch the
	 * byte-order mark, so the fixed text has it too. */
	for (pass = 1; pass < MAX_PASSES && r->nfixes > 0 &&
	     !(flags & GLOSSA_FIX__ONE_PASS); pass++) {
		bool view = format == GLOSSA_TEXT_PLAIN &&
			!(flags & GLOSSA_FIX__RESCAN_ALL);

		if (view) {
			if ((error = ft_view(&ft, r, text, len)) < 0)
				goto fail;
		} else {
			glossa_buf_clear(&mid);
			if ((error = glossa_fix_apply(&mid, r, text, len)) < 0)
				goto fail;
			ft.full = mid.ptr ? mid.ptr : "";
			ft.size = mid.size;
		}
		free(win);
		win = NULL;
		/* (In Markdown a fix can change the structure elsewhere, a
		 * line break taken out of a name, say: rescan it all.) */
		if (format == GLOSSA_TEXT_PLAIN &&
		    !(flags & GLOSSA_FIX__RESCAN_ALL) &&
		    (error = rescan_windows(&win, &nwin, last ? last : r, m,
				&ft)) < 0)
			goto fail;
		glossa_fix_result_free(last);
		last = NULL;
		if ((r2 = glossa__calloc(1, sizeof(*r2))) == NULL) {
			error = GLOSSA_ERROR;
			goto fail;
		}
		r2->ps = ps;
		if ((error = fixed_ranges(ps, r)) < 0)
			goto fail;
		if (view)
			error = ft_pieces(&ft, m, win, nwin) < 0 ? GLOSSA_ERROR :
				fix_pieces(r2, m, &ft, bom);
		else
			error = fix_pass(r2, m, ft.full, ft.size, format,
				0, win, nwin);
		if (error < 0)
			goto fail;
		if (r2->nfixes == 0)
			break;
		if ((error = merge(r, r2, text, &ft, flags)) < 0)
			goto fail;
		set_pointers(r);
		set_pointers(r2);
		last = r2;
		r2 = NULL;
	}
	glossa_fix_result_free(r2);
	glossa_fix_result_free(last);
	ft_dispose(&ft);
	glossa_buf_dispose(&mid);
	free(win);
	locate(r, text, len);
	r->ps = NULL;
	*out = r;
	return 0;
fail:
	glossa_fix_result_free(r2);
	glossa_fix_result_free(last);
	ft_dispose(&ft);
	glossa_buf_dispose(&mid);
	free(win);
	glossa_fix_result_free(r);
	return error;
}

/*
 * A fix can name an entry in full where the text did not ("Bashar-Асад"
 * becomes "Bashar Assad"), which makes its one-word spellings elsewhere
 * that entry too; fixing the output again would fix them. So when a
 * later pass names an entry the first did not, the text is fixed again
 * knowing it: fix stays idempotent. The named set only grows, so this
 * ends; it is bounded all the same.
 */
#define MAX_ROUNDS 4

int glossa_fix_text(glossa_fix_result **out, const glossa_matcher *m,
	const char *text, size_t len, glossa_text_format format,
	unsigned flags, const char *source)
{
	glossa_fix_result *r = NULL;
	size_t bom;
	piece_state ps;
	int error = 0, round;

	*out = NULL;
	if (source == NULL)
		source = "<text>";
	if ((error = glossa_draft__validate(text, len, source)) < 0)
		return error;
	bom = glossa_draft__bom(text, len);
	memset(&ps, 0, sizeof(ps));
	ps.no_ask = (flags & GLOSSA_FIX_SPELLING) != 0;
	if ((ps.named = glossa__calloc(glossa_match__nentries(m) + 1, 1)) == NULL)
		return GLOSSA_ERROR;
	for (round = 0; round < MAX_ROUNDS; round++) {
		glossa_fix_result_free(r);
		r = NULL;
		if ((error = fix_once(&r, m, text, len, bom, format, flags,
				&ps)) < 0 || !ps.grew)
			break;
	}
	free(ps.named);
	free(ps.fixed);
	if (error < 0) {
		glossa_fix_result_free(r);
		return error;
	}
	*out = r;
	return (int)(r->nfixes > INT32_MAX ? INT32_MAX : r->nfixes);
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
