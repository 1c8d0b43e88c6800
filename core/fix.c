/*
** glossa fix: find the names in a draft and splice in the house forms.
**
** The draft layer (draft.c) validates the draft (UTF-8, no NUL) and cuts
** it into the ranges that may change (a plain text but its HTML
** comments; in Markdown the text md4c reports as normal text, which
** points into our buffer, so code, link destinations, autolinks and raw
** HTML are never in a range), which are scanned range by range. The
** result keeps byte spans into the original text, so applying it copies
** every other byte as it was. The passes after the first are in
** fix_again.c. An HTML draft is fixed through the draft layer's view of
** its text (fix_html below).
*/
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "internal.h"
#include "check_int.h"
#include "draft.h"
#include "fix_int.h"
#include "match.h"

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
	if (strcmp(name, "html") == 0 || strcmp(name, "htm") == 0) {
		*out = GLOSSA_TEXT_HTML;
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
	if (dot && (strcasecmp(dot, ".html") == 0 ||
		    strcasecmp(dot, ".htm") == 0))
		return GLOSSA_TEXT_HTML;
	for (i = 0; dot && md[i]; i++)
		if (strcasecmp(dot, md[i]) == 0)
			return GLOSSA_TEXT_MARKDOWN;
	return GLOSSA_TEXT_PLAIN;
}


/* ---- results ---- */

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

/* Room for one more match in `r`: *mt and *o point at it (not yet
 * counted). */
static int result_push(glossa_fix_result *r, glossa_match **mt,
	match_offs **o)
{
	if (glossa__grow((void **)&r->matches, &r->amatches, r->nmatches + 1,
			sizeof(*r->matches)) < 0 ||
	    glossa__grow((void **)&r->offs, &r->aoffs, r->nmatches + 1,
			sizeof(*r->offs)) < 0)
		return GLOSSA_ERROR;
	*mt = &r->matches[r->nmatches];
	*o = &r->offs[r->nmatches];
	return 0;
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
	if (result_push(r, &mt, &o) < 0)
		return GLOSSA_ERROR;
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
	o->new_len = 0;
	if (status == GLOSSA_MATCH_FIX) {
		o->new_text = r->pool.size;
		o->new_len = c->repl.size;
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
	p.lines_only = true;  /* (a change has no character offset) */
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
int glossa_fix__scan_unlinked(scan_ctx *c, size_t a, size_t b,
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
		error = glossa_draft__nonprose_in(&lk, &nl, text, len, win, nwin,
			false);
	for (i = 0, k = 0; i < nr && error == 0; i++)
		error = glossa_fix__scan_unlinked(&c, rr[i].start, rr[i].end,
			lk, nl, &k);
	glossa_buf_dispose(&c.repl);
	glossa_buf_dispose(&c.keys);
	free(lk);
	free(rr);
	return error < 0 ? error : 0;
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
	region *lrg = NULL;
	size_t nwin = 0, awin = 0, nlrg = 0, alrg = 0;
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

		/* The regions the fixes so far replace: once a pass. */
		if ((error = glossa_fix__ft_regions(&ft, r)) < 0)
			goto fail;
		if (view) {
			if ((error = glossa_fix__ft_view(&ft, r, text,
					len)) < 0)
				goto fail;
		} else {
			glossa_buf_clear(&mid);
			if ((error = glossa_fix_apply(&mid, r, text, len)) < 0)
				goto fail;
			ft.full = mid.ptr ? mid.ptr : "";
			ft.size = mid.size;
		}
		nwin = 0;
		/* (In Markdown a fix can change the structure elsewhere, a
		 * line break taken out of a name, say: rescan it all.) The
		 * windows are around what the last pass changed. */
		if (view &&
		    ((last && (error = glossa_fix__regions(&lrg, &alrg, &nlrg,
				last)) < 0) ||
		     (error = glossa_fix__rescan_windows(&win, &awin, &nwin,
				last ? lrg : ft.rg, last ? nlrg : ft.nrg, m,
				&ft)) < 0))
			goto fail;
		glossa_fix_result_free(last);
		last = NULL;
		if ((r2 = glossa__calloc(1, sizeof(*r2))) == NULL) {
			error = GLOSSA_ERROR;
			goto fail;
		}
		r2->ps = ps;
		if ((error = glossa_fix__fixed_ranges(ps, &ft)) < 0)
			goto fail;
		if (view)
			error = glossa_fix__ft_pieces(&ft, m, win, nwin) < 0 ?
				GLOSSA_ERROR :
				glossa_fix__pieces(r2, m, &ft, bom);
		else
			error = fix_pass(r2, m, ft.full, ft.size, format,
				0, NULL, 0);
		if (error < 0)
			goto fail;
		if (r2->nfixes == 0)
			break;
		if ((error = glossa_fix__merge(r, r2, text, &ft, flags)) < 0)
			goto fail;
		set_pointers(r);
		set_pointers(r2);
		last = r2;
		r2 = NULL;
	}
	glossa_fix_result_free(r2);
	glossa_fix_result_free(last);
	glossa_fix__ft_dispose(&ft);
	glossa_buf_dispose(&mid);
	free(win);
	free(lrg);
	locate(r, text, len);
	r->ps = NULL;
	*out = r;
	return 0;
fail:
	glossa_fix_result_free(r2);
	glossa_fix_result_free(last);
	glossa_fix__ft_dispose(&ft);
	glossa_buf_dispose(&mid);
	free(win);
	free(lrg);
	glossa_fix_result_free(r);
	return error;
}

/*
 * What the draft's own comments ("<!-- glossa-disable-line variant -->",
 * see checkspan.c) and, with GLOSSA_FIX_QUOTES_EXEMPT, its quoted speech
 * keep as written: the rule `variant` is what fix does, so where check
 * would not report a variant, fix does not change it. The matches there
 * are dropped from the result (a name there still names its entry for
 * the rest of the piece, as check counts it). A comment naming no rule
 * is an error, as for check.
 */
static int keep_quiet(glossa_fix_result *r, const char *text, size_t len,
	unsigned flags, const char *source)
{
	glossa_quiet *q = NULL;
	glossa_span *quotes = NULL;
	size_t nq = 0, nquotes = 0, i, j, k = 0, lo = 0;
	int error;

	if ((error = glossa_check__markers(&q, &nq, text, len, source)) < 0)
		return error;
	if ((flags & GLOSSA_FIX_QUOTES_EXEMPT) &&
	    (error = glossa_check__quotes(&quotes, &nquotes, text, len)) < 0) {
		free(q);
		return error;
	}
	for (i = 0; i < r->nmatches; i++) {
		const glossa_match *mt = &r->matches[i];
		bool keep = !(flags & GLOSSA_FIX_VARIANT_OFF);

		for (j = 0; j < nq && keep; j++)
			if ((q[j].rules & (1u << GLOSSA_RULE_VARIANT)) &&
			    mt->start < q[j].end && q[j].start < mt->end)
				keep = false;
		/* Quotes are sorted and disjoint (as check looks them up). */
		while (lo < nquotes && quotes[lo].end <= mt->start)
			lo++;
		if (keep && lo < nquotes && quotes[lo].start <= mt->start &&
		    mt->end <= quotes[lo].end)
			keep = false;
		if (!keep && mt->status != GLOSSA_MATCH_HOUSE) {
			if (mt->status == GLOSSA_MATCH_FIX)
				r->nfixes--;
			else
				r->nambiguous--;
			continue;
		}
		r->matches[k] = r->matches[i];
		r->offs[k++] = r->offs[i];
	}
	r->nmatches = k;
	free(q);
	free(quotes);
	return 0;
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

/*
 * One match of the view, in the HTML source: its span there, the source's
 * bytes as old_text, the replacement written as HTML writes it. False
 * when the name is not one run of the source's text (split by a tag).
 */
static int html_match(glossa_fix_result *r, const glossa_html *h,
	const char *text, const glossa_fix_result *v, size_t i)
{
	const glossa_match *vm = &v->matches[i];
	glossa_match *mt;
	match_offs *o;
	size_t s, e;

	if (!glossa_html__span(h, vm->start, vm->end, &s, &e))
		return 0;
	if (result_push(r, &mt, &o) < 0)
		return GLOSSA_ERROR;
	*mt = *vm;
	*o = v->offs[i];
	mt->start = s;
	mt->end = e;
	o->old_text = r->pool.size;
	if (glossa_buf_put(&r->pool, text + s, e - s) < 0 ||
	    glossa_buf_put(&r->pool, "", 1) < 0)
		return GLOSSA_ERROR;
	o->new_text = SIZE_MAX;
	if (vm->status == GLOSSA_MATCH_FIX) {
		o->new_text = r->pool.size;
		if (glossa_html__encode(h, &r->pool, vm->new_text,
				v->offs[i].new_len, vm->start, vm->end) < 0)
			return GLOSSA_ERROR;
		o->new_len = r->pool.size - o->new_text;
		if (glossa_buf_put(&r->pool, "", 1) < 0)
			return GLOSSA_ERROR;
		r->nfixes++;
	} else if (vm->status == GLOSSA_MATCH_HOUSE) {
		o->new_text = o->old_text;
	} else {
		r->nambiguous++;
	}
	o->key = r->pool.size;
	if (glossa_buf_puts(&r->pool, vm->key) < 0 ||
	    glossa_buf_put(&r->pool, "", 1) < 0)
		return GLOSSA_ERROR;
	r->nmatches++;
	return 0;
}

/*
 * An HTML draft: fixed as the text its reader sees (the draft layer's
 * view: the prose text nodes, references decoded, blocks apart), every
 * change then put back in the source where the name is one run of text
 * there, written as HTML writes it. Every other byte is the source's.
 * (A name a tag splits is dropped here, after the view's passes: they
 * saw it fixed, which only tells them the piece names the entry, as its
 * reader sees it does.)
 */
static int fix_html(glossa_fix_result **out, const glossa_matcher *m,
	const char *text, size_t len, unsigned flags, const char *source)
{
	glossa_html *h = NULL;
	glossa_fix_result *v = NULL, *r = NULL;
	const char *vt;
	size_t vl, i;
	int error;

	*out = NULL;
	if (source == NULL)
		source = "<text>";
	if ((error = glossa_draft__validate(text, len, source)) < 0 ||
	    (error = glossa_html__new(&h, text, len, source)) < 0)
		return error;
	vt = glossa_html__text(h, &vl);
	if ((error = glossa_fix_text(&v, m, vt, vl, GLOSSA_TEXT_PLAIN, flags,
			source)) < 0)
		goto out;
	if ((r = glossa__calloc(1, sizeof(*r))) == NULL) {
		error = GLOSSA_ERROR;
		goto out;
	}
	for (i = 0; i < v->nmatches; i++)
		if ((error = html_match(r, h, text, v, i)) < 0)
			goto out;
	set_pointers(r);
	locate(r, text, len);
	*out = r;
	r = NULL;
	error = (int)((*out)->nfixes > INT32_MAX ? INT32_MAX :
		(*out)->nfixes);
out:
	glossa_fix_result_free(r);
	glossa_fix_result_free(v);
	glossa_html__free(h);
	return error;
}

int glossa_fix_text(glossa_fix_result **out, const glossa_matcher *m,
	const char *text, size_t len, glossa_text_format format,
	unsigned flags, const char *source)
{
	glossa_fix_result *r = NULL;
	size_t bom;
	piece_state ps;
	int error = 0, round;

	if (format == GLOSSA_TEXT_HTML)
		return fix_html(out, m, text, len, flags, source);
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
	if (error == 0 && !(flags & GLOSSA_FIX_SPELLING))
		error = keep_quiet(r, text, len, flags, source);
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
