/*
 * The insides of glossa fix shared by its two files (not installed):
 * fix.c scans a draft and makes the result; fix_again.c runs the later
 * passes over the text the fixes make, and folds what they find back in.
 */
#ifndef GLOSSA_FIX_INT_H
#define GLOSSA_FIX_INT_H

#include "internal.h"
#include "match.h"

typedef struct {
	size_t old_text, new_text, key;  /* pool offsets */
	size_t new_len;                  /* new_text's length (a FIX) */
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
	size_t nfixed, afixed;
} piece_state;

struct glossa_fix_result {
	glossa_match *matches;
	match_offs *offs;
	size_t nmatches, amatches, aoffs;
	size_t nfixes, nambiguous;
	glossa_buf pool;
	piece_state *ps;   /* borrowed from glossa_fix_text while it runs */
};

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

/* ---- fix_again.c: the passes after the first ---- */

#define MAX_PASSES 4

typedef struct {
	size_t a, b;    /* the replaced bytes in the original */
	size_t ta, tb;  /* their replacement in the intermediate text */
	const char *repl;
} region;

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

void glossa_fix__ft_dispose(ftext *ft);
/* The regions the fixes of r replace (ft->rg, ft->nrg), computed once a
 * pass and shared by what follows. */
int glossa_fix__ft_regions(ftext *ft, const glossa_fix_result *r);
/* A view of the text the fixes of r make of text[0, len). */
int glossa_fix__ft_view(ftext *ft, const glossa_fix_result *r,
	const char *text, size_t len);
/* Build the pieces of the fixed text around the windows. */
int glossa_fix__ft_pieces(ftext *ft, const glossa_matcher *m,
	const glossa_range *win, size_t nwin);
/* Scan the pieces; matches go to r, in the fixed text's coordinates. */
int glossa_fix__pieces(glossa_fix_result *r, const glossa_matcher *m,
	const ftext *ft, size_t bom);
int glossa_fix__merge(glossa_fix_result *r, const glossa_fix_result *r2,
	const char *text, const ftext *mid, unsigned flags);
/* The windows (*out, grown; *n) around the regions rg[0, nrg) that the
 * last pass replaced, in the text ft. */
int glossa_fix__rescan_windows(glossa_range **out, size_t *aout, size_t *n,
	const region *rg, size_t nrg, const glossa_matcher *m, ftext *ft);
/* The regions (of all passes so far, ft's) in ps->fixed. */
int glossa_fix__fixed_ranges(piece_state *ps, const ftext *ft);
/* The regions the fixes of r replace, in rg (grown, *arg): how many. */
int glossa_fix__regions(region **rg, size_t *arg, size_t *n,
	const glossa_fix_result *r);

/* ---- fix.c ---- */

/* Scan text[a, b) around the non-prose tokens lk[*k...]. */
int glossa_fix__scan_unlinked(scan_ctx *c, size_t a, size_t b,
	const glossa_range *lk, size_t nl, size_t *k);

#endif
