/*
** The check's names: one pass of the name matcher (match.h, the scanner
** and resolution glossa fix uses) over the prose gives every name as
** written; here they become variant, ambiguous, inconsistent and
** first-reference findings.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check_impl.h"
#include "ustr.h"

/* ---- names (the matcher) ---- */

int glossa_check__on_hit(const glossa_match__hit *h, void *payload)
{
	cctx *x = payload;
	glossa_checker *c = x->c;
	char key[4];
	size_t idx, n = h->end - h->start;
	uint32_t hv;
	unsigned where;
	int r;

	/* Never in a URL, a path, a handle, an identifier... */
	if (glossa_range__overlaps(x->links, x->nlinks, h->start, h->end))
		return 0;

	/* The key set and the bytes decide the resolution: cache it. */
	memcpy(key, &h->accept, 4);
	glossa_buf_clear(&c->tmp);
	if (glossa_buf_put(&c->tmp, key, 4) < 0 ||
	    glossa_buf_put(&c->tmp, x->text + h->start, n) < 0)
		return GLOSSA_ERROR;
	hv = glossa_strmap__hash(c->tmp.ptr, c->tmp.size);
	if ((r = glossa_strmap__put_h(&c->hitkeys, &idx, c->tmp.ptr,
			c->tmp.size, hv)) < 0)
		return r;
	if (r == 1 && glossa__grow((void **)&c->hs, &c->ahs, idx + 1,
			sizeof(hstate)) < 0)
		return GLOSSA_ERROR;
	if (r == 1)
		c->hs[idx].ok = 0;
	if (!c->hs[idx].ok) {
		glossa_match_status status;
		glossa_form_type form;
		glossa_buf repl = GLOSSA_BUF_INIT, keys = GLOSSA_BUF_INIT;
		hstate *hs;
		uint32_t target = 0;
		long ek;

		r = glossa_match__resolve(c->m, x->text, x->len, h, &status,
			&form, &repl, &keys, &target);
		hs = &c->hs[idx];
		memset(hs, 0, sizeof(*hs));
		if (r == 0) {
			hs->target = target;
			hs->status = (uint8_t)status;
			hs->form = (uint8_t)form;
			hs->repl = c->hpool.size;
			r = glossa_buf_put(&c->hpool, repl.ptr ? repl.ptr : "",
				repl.size);
			if (r == 0)
				r = glossa_buf_put(&c->hpool, "", 1);
			hs->keys = c->hpool.size;
			if (r == 0)
				r = glossa_buf_put(&c->hpool,
					keys.ptr ? keys.ptr : "", keys.size);
			if (r == 0)
				r = glossa_buf_put(&c->hpool, "", 1);
			ek = keys.ptr ? glossa_strmap__get(&c->ekeys, keys.ptr,
				keys.size) : -1;
			hs->entry = status == GLOSSA_MATCH_AMBIGUOUS ? -1 : ek;
		}
		glossa_buf_dispose(&repl);
		glossa_buf_dispose(&keys);
		if (r < 0)
			return r;  /* hs->ok stays 0: resolved again next time */
		hs->ok = 1;
	}
	/* Where it stands depends on the words around it, not only on its
	 * bytes: not cached. */
	where = glossa_match__context(c->m, x->text, x->len, h->start, h->end,
		c->hs[idx].target, false);
	if (glossa__grow((void **)&x->hits, &x->ahits, x->nhits + 1,
			sizeof(hit)) < 0)
		return GLOSSA_ERROR;
	x->hits[x->nhits].start = h->start;
	x->hits[x->nhits].end = h->end;
	x->hits[x->nhits].where = where;
	x->hits[x->nhits++].h = (uint32_t)idx;
	return 0;
}

bool glossa_check__ascii_ieq(const char *a, size_t na, const char *b, size_t nb)
{
	size_t i;

	if (na != nb)
		return false;
	for (i = 0; i < na; i++) {
		char p = a[i], q = b[i];

		if (p >= 'A' && p <= 'Z')
			p = (char)(p - 'A' + 'a');
		if (q >= 'A' && q <= 'Z')
			q = (char)(q - 'A' + 'a');
		if (p != q)
			return false;
	}
	return true;
}

int glossa_check__names(cctx *x)
{
	glossa_checker *c = x->c;
	size_t i;
	int r;
	char msg[1024];

	/* The entries the draft names in full: a one-word spelling of a
	 * person is that entry only where the draft does. */
	for (i = 0; i < x->nhits; i++) {
		const hstate *hs = &c->hs[x->hits[i].h];

		if ((x->hits[i].where & GLOSSA_CTX_FULL) && hs->entry >= 0)
			c->ei[hs->entry].named_gen = c->gen;
	}
	for (i = 0; i < x->nhits; i++) {
		hit *h = &x->hits[i];
		hstate *hs = &c->hs[h->h];
		const char *repl = c->hpool.ptr + hs->repl;
		const char *keys = c->hpool.ptr + hs->keys;
		int n = (int)(h->end - h->start);
		const char *span = x->text + h->start;
		einfo *ei = hs->entry >= 0 ? &c->ei[hs->entry] : NULL;

		/* Another name's part, or an exception: not this entry. */
		if (h->where & GLOSSA_CTX_OTHER)
			continue;
		if (hs->form == GLOSSA_FORM_NATIVE)
			continue;  /* foreign-script says it */
		if (hs->status == GLOSSA_MATCH_FIX && ei &&
		    (h->where & GLOSSA_CTX_ASK) && ei->named_gen != c->gen) {
			memo m;

			if (c->sev[GLOSSA_RULE_VARIANT] == GLOSSA_SEVERITY_OFF)
				continue;
			snprintf(msg, sizeof(msg),
				"\"%.*s\": %s is not named in this piece; if that is who is meant, the house form is \"%s\"",
				n, span, c->epool.ptr + ei->house, repl);
			memset(&m, 0, sizeof(m));
			if ((r = glossa_check__memo_set(x, &m, MK_ASK, h->start,
					h->end, msg, &repl, 1, keys)) < 0 ||
			    (r = glossa_check__emit(x, GLOSSA_RULE_VARIANT,
					GLOSSA_SEVERITY_INFO, h->start, h->end,
					&m)) < 0)
				return r;
			continue;
		}
		if (hs->status == GLOSSA_MATCH_AMBIGUOUS) {
			if (c->sev[GLOSSA_RULE_VARIANT] == GLOSSA_SEVERITY_OFF ||
			    ((c->flags & GLOSSA_CHECK_QUOTES_EXEMPT) &&
			     glossa_check__in_quotes(x, h->start, h->end)))
				continue;
			if (!glossa_check__memo_ok(x, &hs->m, MK_AMBIG)) {
				snprintf(msg, sizeof(msg),
					"\"%.*s\" is a spelling of several glossary entries (%s); say which is meant",
					n, span, keys);
				/* The entries, as fix names them: "a, b". */
				if ((r = glossa_check__memo_set(x, &hs->m,
						MK_AMBIG, h->start, h->end, msg,
						NULL, 0, keys)) < 0)
					return r;
			}
			if ((r = glossa_check__emit(x, GLOSSA_RULE_VARIANT,
					c->sev[GLOSSA_RULE_VARIANT], h->start,
					h->end, &hs->m)) < 0)
				return r;
			continue;
		}
		if (ei && ei->gen != c->gen) {
			/* The first mention of this entry in the draft. */
			ei->gen = c->gen;
			ei->first_start = h->start;
			ei->first_end = h->end;
			ei->first_repl = hs->status == GLOSSA_MATCH_FIX ?
				hs->repl : (size_t)-1;
			ei->fam_house = hs->status == GLOSSA_MATCH_FIX ||
				hs->form == GLOSSA_FORM_HOUSE ||
				hs->form == GLOSSA_FORM_SHORT;
			if (ei->kind == GLOSSA_KIND_PERSON &&
			    ei->shrt != (size_t)-1 &&
			    c->sev[GLOSSA_RULE_FIRST_REFERENCE] !=
				GLOSSA_SEVERITY_OFF &&
			    strcmp(repl, c->epool.ptr + ei->shrt) == 0 &&
			    strcmp(repl, c->epool.ptr + ei->house) != 0) {
				const char *full = c->epool.ptr + ei->house;
				memo m;

				snprintf(msg, sizeof(msg),
					"first mention of %s: give the full name \"%s\"",
					repl, full);
				memset(&m, 0, sizeof(m));
				if ((r = glossa_check__memo_set(x, &m,
						MK_FIRSTREF, h->start, h->end,
						msg, &full, 1, keys)) < 0 ||
				    (r = glossa_check__emit(x,
						GLOSSA_RULE_FIRST_REFERENCE,
						c->sev[GLOSSA_RULE_FIRST_REFERENCE],
						h->start, h->end, &m)) < 0)
					return r;
			}
			if (hs->status == GLOSSA_MATCH_HOUSE &&
			    hs->form == GLOSSA_FORM_ALTERNATE)
				ei->fam_house = 0;
		} else if (ei && hs->status == GLOSSA_MATCH_HOUSE &&
			   c->sev[GLOSSA_RULE_INCONSISTENT] !=
				GLOSSA_SEVERITY_OFF) {
			bool house = hs->form == GLOSSA_FORM_HOUSE ||
				hs->form == GLOSSA_FORM_SHORT;
			const char *first = x->text + ei->first_start;
			size_t fn = ei->first_end - ei->first_start;

			/* A variant first counts as what it becomes. */
			if (ei->first_repl != (size_t)-1) {
				first = c->hpool.ptr + ei->first_repl;
				fn = strlen(first);
			}
			bool same = house ? ei->fam_house :
				!ei->fam_house && glossa_check__ascii_ieq(first,
					fn, span, (size_t)n);

			if (!same) {
				memo m;
				char *sug;

				/* Write it as the first mention is (or will be
				 * once its variant is fixed): the short or house
				 * form, or the alternate first used. */
				if (ei->fam_house)
					sug = glossa__strdup(c->epool.ptr +
						(ei->shrt != (size_t)-1 ? ei->shrt :
						 ei->house));
				else
					sug = glossa__strndup(first, fn);
				if (sug == NULL)
					return GLOSSA_ERROR;
				snprintf(msg, sizeof(msg),
					"\"%.*s\" is written \"%.*s\" earlier in this draft (%s): keep one spelling",
					n, span, (int)fn, first, keys);
				memset(&m, 0, sizeof(m));
				r = glossa_check__memo_set(x, &m, MK_INCONS,
					h->start, h->end, msg,
					(const char *const *)&sug, 1, keys);
				free(sug);
				if (r < 0 || (r = glossa_check__emit(x,
						GLOSSA_RULE_INCONSISTENT,
						c->sev[GLOSSA_RULE_INCONSISTENT],
						h->start, h->end, &m)) < 0)
					return r;
			}
		}
		if (hs->status != GLOSSA_MATCH_FIX ||
		    c->sev[GLOSSA_RULE_VARIANT] == GLOSSA_SEVERITY_OFF)
			continue;
		if ((c->flags & GLOSSA_CHECK_QUOTES_EXEMPT) &&
		    glossa_check__in_quotes(x, h->start, h->end))
			continue;
		if (!glossa_check__memo_ok(x, &hs->m, MK_VARIANT)) {
			if (hs->form == GLOSSA_FORM_VARIANT ||
			    hs->form == GLOSSA_FORM_ALONE)
				snprintf(msg, sizeof(msg),
					"\"%.*s\" is a variant spelling; the house form is \"%s\"",
					n, span, repl);
			else
				snprintf(msg, sizeof(msg),
					"\"%.*s\" is not written the house way: \"%s\"",
					n, span, repl);
			if ((r = glossa_check__memo_set(x, &hs->m, MK_VARIANT,
					h->start, h->end, msg, &repl, 1,
					keys)) < 0)
				return r;
		}
		if ((r = glossa_check__emit(x, GLOSSA_RULE_VARIANT,
				c->sev[GLOSSA_RULE_VARIANT], h->start, h->end,
				&hs->m)) < 0)
			return r;
	}
	return 0;
}
