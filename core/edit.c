/*
** Edits to the glossary, validated: the public glossa_store_add() & co.
**
** The store (store.c) writes; this layer, above the matcher and fix,
** checks in the same transaction that the glossary still settles: that
** every house and short form comes out of fix as it went in (settle.c).
** An edit checks only what it can affect, found through the store's
** name-key index (name.c), not the whole glossary:
**   - the entries it wrote (their house and short forms under their new
**     spellings), and every entry with a house or short form inside which
**     one of their spellings could match (a run of its words has the
**     spelling's key): together "A";
**   - compiled with every entry that has a spelling matching a run of the
**     words of a house or short form of A, since those decide what fix
**     does to it: "M".
** A compiled from M is what fix would do to those forms with the whole
** glossary. `glossary validate` still checks the whole glossary.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "match.h"
#include "morph.h"
#include "name.h"
#include "settle.h"
#include "store_int.h"

#include "match_int.h"

typedef struct {
	int64_t *v;
	size_t n, a;
} idset;

static int idset_add(idset *set, int64_t id)
{
	return glossa__ids_add(&set->v, &set->n, &set->a, id);
}

/* Add to `to` the entries that hold one of `keys` (see entries_of_key). */
static int holders(glossa_store *s, idset *to, char **keys, size_t n,
	bool whole)
{
	size_t i;
	int error = 0;

	for (i = 0; i < n && error == 0; i++)
		error = glossa_store__entries_of_key(s, &to->v, &to->n, &to->a,
			keys[i], whole);
	return error;
}

/* For each form of the entries in `doc`: with `spellings`, the entries in
 * whose house or short forms it could match; else, for house and short
 * forms, the entries with a spelling matching a run of their words. */
static int neighbours(glossa_store *s, idset *to, const glossa_doc *doc,
	bool spellings)
{
	size_t i, j, n;
	int error = 0;

	for (i = 0; i < doc->nentries && error == 0; i++) {
		const glossa_entry *e = &doc->entries[i];

		for (j = 0; j < e->nforms && error == 0; j++) {
			const glossa_form *f = &e->forms[j];
			char **keys = NULL;

			if (f->type == GLOSSA_FORM_EXCEPTION)
				continue;
			if (spellings) {
				error = glossa_name__form_keys(&keys, &n,
					f->type, f->text, f->script, f->lang);
			} else {
				if (f->type != GLOSSA_FORM_HOUSE &&
				    f->type != GLOSSA_FORM_SHORT)
					continue;
				error = glossa_name__run_keys(&keys, &n,
					f->text);
			}
			if (error == 0)
				error = holders(s, to, keys, n, !spellings);
			glossa_morph__free_list(keys, n);
		}
	}
	return error;
}

static int entry_ptr_cmp(const void *a, const void *b)
{
	return strcmp((*(const glossa_entry *const *)a)->key,
		(*(const glossa_entry *const *)b)->key);
}

static int key_entry_cmp(const void *key, const void *e)
{
	return strcmp(key, (*(const glossa_entry *const *)e)->key);
}

/* Give the entries and forms of `doc` that came from `in` (an import)
 * their lines there, so that a message says where. */
static int lines_from(glossa_doc *doc, const glossa_doc *in)
{
	const glossa_entry **idx;
	size_t i, j, k;

	if (in == NULL || in->nentries == 0)
		return 0;
	if ((idx = glossa__calloc(in->nentries, sizeof(*idx))) == NULL)
		return GLOSSA_ERROR;
	for (i = 0; i < in->nentries; i++)
		idx[i] = &in->entries[i];
	qsort(idx, in->nentries, sizeof(*idx), entry_ptr_cmp);
	for (i = 0; i < doc->nentries; i++) {
		glossa_entry *e = &doc->entries[i];
		const glossa_entry *const *fp = bsearch(e->key, idx,
			in->nentries, sizeof(*idx), key_entry_cmp);
		const glossa_entry *f = fp ? *fp : NULL;

		if (f == NULL)
			continue;
		e->line = f->line;
		for (j = 0; j < e->nforms; j++)
			for (k = 0; k < f->nforms; k++)
				if (f->forms[k].type == e->forms[j].type &&
				    strcmp(f->forms[k].text, e->forms[j].text) == 0)
					e->forms[j].line = f->forms[k].line;
	}
	free(idx);
	return 0;
}

/*
 * Does the glossary, as it stands inside the open transaction, still
 * settle where the transaction wrote? (See the top of this file.)
 */
static int settle(glossa_store *s, const glossa_doc *in, const char *source)
{
	idset a = { NULL, 0, 0 }, m = { NULL, 0, 0 };
	glossa_doc *da = NULL, *dm = NULL;
	glossa_matcher *mt = NULL;
	const int64_t *touched;
	size_t nt, i, n0;
	bool *check = NULL;
	int error;
	char *const *gone;
	size_t ngone;

	touched = glossa_store__touched(s, &nt);
	gone = glossa_store__gone(s, &ngone);
	if (nt == 0 && ngone == 0)
		return 0;
	/* What a removed spelling matched inside may be fixed now. */
	if ((error = holders(s, &a, (char **)gone, ngone, false)) < 0)
		goto out;
	for (i = 0; i < nt; i++)
		if ((error = idset_add(&a, touched[i])) < 0)
			goto out;
	/* A: the entries so far, then those their spellings reach, loaded
	 * in the order of a.v (dm below starts with the same). */
	n0 = a.n;
	if ((error = glossa_doc_new(&da)) < 0 ||
	    (error = glossa_store__load_ids(da, s, a.v, a.n)) < 0 ||
	    (error = neighbours(s, &a, da, true)) < 0 ||
	    (a.n > n0 &&
	     (error = glossa_store__load_ids(da, s, a.v + n0, a.n - n0)) < 0))
		goto out;
	for (i = 0; i < a.n; i++)
		if ((error = idset_add(&m, a.v[i])) < 0)
			goto out;
	if ((error = neighbours(s, &m, da, false)) < 0 ||
	    (error = glossa_doc_new(&dm)) < 0 ||
	    (error = glossa_store__load_ids(dm, s, m.v, m.n)) < 0 ||
	    (error = lines_from(dm, in)) < 0)
		goto out;
	/* Only A's forms are checked (the first entries loaded into dm). */
	if ((check = glossa__calloc(dm->nentries + 1, sizeof(bool))) == NULL) {
		error = GLOSSA_ERROR;
		goto out;
	}
	for (i = 0; i < dm->nentries && i < da->nentries; i++)
		check[i] = true;
	if ((error = glossa_match__build(&mt, dm, NULL)) == 0)
		error = glossa_settle__some(mt, dm, check);
	error = glossa_error__prefix(error, GLOSSA_ERRCLASS_INVALID, source);
out:
	glossa_matcher_free(mt);
	glossa_doc_free(da);
	glossa_doc_free(dm);
	free(check);
	free(a.v);
	free(m.v);
	return error;
}

static int finish(glossa_store *s, int error, const glossa_doc *in,
	const char *source, bool dry_run)
{
	if (error >= 0) {
		int e = settle(s, in, source);

		if (e < 0)
			error = e;
	}
	return glossa_store__end(s, error, dry_run);
}

int glossa_store_add(glossa_store *s, const glossa_entry *entry)
{
	int error;

	if ((error = glossa_store__begin(s)) < 0)
		return error;
	return finish(s, glossa_store__add(s, entry), NULL, NULL, false);
}

int glossa_store_add_form(glossa_store *s, const char *key,
	const glossa_form_spec *form, const char **warning)
{
	int error;

	if (warning)
		*warning = NULL;
	if ((error = glossa_store__begin(s)) < 0)
		return error;
	error = glossa_store__add_form(s, key, form, warning);
	if ((error = finish(s, error, NULL, NULL, false)) < 0 && warning)
		*warning = NULL;
	return error;
}

int glossa_store_add_forms(glossa_store *s, const char *key,
	const glossa_form_spec *forms, size_t n, int *present,
	glossa_buf *warnings)
{
	glossa_doc *doc = NULL;
	int64_t id = 0;
	size_t i, j, added = 0;
	int error;

	for (i = 0; present && i < n; i++)
		present[i] = 0;
	if ((error = glossa_store__begin(s)) < 0)
		return error;
	/* The entry as it is: a form it has already is left alone. */
	if ((error = glossa_doc_new(&doc)) == 0 &&
	    (error = glossa_store__load_entry(doc, &id, s, key)) == 0 &&
	    id == 0)
		error = glossa_store__no_entry(s, key);
	for (i = 0; i < n && error == 0; i++) {
		const glossa_entry *e = &doc->entries[0];
		bool there = false;
		const char *warning = NULL;

		for (j = 0; j < e->nforms && !there; j++)
			there = forms[i].text &&
				strcmp(e->forms[j].text, forms[i].text) == 0;
		for (j = 0; j < i && !there; j++)
			there = forms[i].text && forms[j].text &&
				strcmp(forms[j].text, forms[i].text) == 0;
		if (there) {
			if (present)
				present[i] = 1;
			continue;
		}
		if ((error = glossa_store__add_form(s, key, &forms[i],
				&warning)) < 0)
			break;
		added++;
		if (warning && warnings &&
		    glossa_buf_printf(warnings, "%s\n", warning) < 0)
			error = GLOSSA_ERROR;
	}
	glossa_doc_free(doc);
	if ((error = finish(s, error, NULL, NULL, false)) < 0) {
		if (warnings)
			glossa_buf_clear(warnings);
		return error;
	}
	return (int)added;
}

int glossa_store_update(glossa_store *s, const char *key, int kind,
	int status, const char *note)
{
	int error;

	if ((error = glossa_store__begin(s)) < 0)
		return error;
	return finish(s, glossa_store__update(s, key, kind, status, note),
		NULL, NULL, false);
}

int glossa_store_remove(glossa_store *s, const char *key)
{
	int error;

	if ((error = glossa_store__begin(s)) < 0)
		return error;
	return finish(s, glossa_store__remove(s, key), NULL, NULL, false);
}

int glossa_store_remove_form(glossa_store *s, const char *key,
	const char *text)
{
	int error;

	if ((error = glossa_store__begin(s)) < 0)
		return error;
	return finish(s, glossa_store__remove_form(s, key, text), NULL, NULL,
		false);
}

int glossa_store_import(glossa_store *s, const glossa_doc *in,
	unsigned flags, glossa_buf *changes, const char *source)
{
	int error, total;

	if ((error = glossa_store__begin(s)) < 0)
		return error;
	total = glossa_store__import(s, in, flags, changes, source);
	error = finish(s, total < 0 ? total : 0, in, source,
		(flags & GLOSSA_IMPORT_DRY_RUN) != 0);
	return error < 0 ? error : total;
}

/* An undo or a restore is an edit like the others: the entries it puts
 * back are written as any write writes them, and must settle. */
int glossa_store_undo(glossa_store *s, int64_t change, int64_t *undone,
	unsigned flags, glossa_buf *changes)
{
	int error, total;

	if (undone)
		*undone = 0;
	if ((error = glossa_store__begin(s)) < 0)
		return error;
	total = glossa_store__undo(s, change, undone, changes);
	error = finish(s, total < 0 ? total : 0, NULL, NULL,
		(flags & GLOSSA_UNDO_DRY_RUN) != 0);
	if (error < 0 && undone)
		*undone = 0;
	return error < 0 ? error : total;
}

int glossa_store_restore(glossa_store *s, const char *at, unsigned flags,
	glossa_buf *changes)
{
	int error, total;

	if ((error = glossa_store__begin(s)) < 0)
		return error;
	total = glossa_store__restore(s, at, changes);
	error = finish(s, total < 0 ? total : 0, NULL, NULL,
		(flags & GLOSSA_UNDO_DRY_RUN) != 0);
	return error < 0 ? error : total;
}

/* ---- validate: the whole glossary ---- */

typedef struct {
	glossa_buf *report;
	int nerr, nwarn;
} vstate;

static int pair_found(const glossa_store__pair *p, void *payload)
{
	vstate *v = payload;
	glossa_form_type ta = p->type[0], tb = p->type[1];
	bool na = ta == GLOSSA_FORM_HOUSE || ta == GLOSSA_FORM_SHORT;
	bool nb = tb == GLOSSA_FORM_HOUSE || tb == GLOSSA_FORM_SHORT;
	const char *same = strcmp(p->text[0], p->text[1]) == 0 ? "" :
		" (one name to fix: the same key)";

	if (ta == GLOSSA_FORM_HOUSE || tb == GLOSSA_FORM_HOUSE || na != nb) {
		v->nerr++;
		glossa_buf_printf(v->report,
			"error: %s \"%s\" of %s conflicts with %s \"%s\" of %s%s\n",
			glossa_form_type_name(ta), p->text[0], p->entry[0],
			glossa_form_type_name(tb), p->text[1], p->entry[1],
			same);
	} else if (na) {
		v->nwarn++;
		glossa_buf_printf(v->report,
			"warning: short form \"%s\" is shared by %s and %s: a lone \"%s\" is ambiguous\n",
			p->text[0], p->entry[0], p->entry[1], p->text[0]);
	} else {
		v->nwarn++;
		glossa_buf_printf(v->report,
			"warning: ambiguous: %s \"%s\" of %s is also %s \"%s\" of %s%s; it is reported, never replaced\n",
			glossa_form_type_name(ta), p->text[0], p->entry[0],
			glossa_form_type_name(tb), p->text[1], p->entry[1],
			same);
	}
	return 0;
}

static int validate_in(glossa_store *s, vstate *v);

/*
 * The whole glossary, in one snapshot. First its schema: objects glossa
 * did not make (a trigger that forges writes, a dropped history trigger,
 * a view) are each named, and nothing else is read, since reading could
 * run them.
 */
int glossa_store_validate(glossa_store *s, glossa_buf *report, int *warnings)
{
	vstate v = { report, 0, 0 };
	int error;

	if (warnings)
		*warnings = 0;
	if ((error = glossa_store__schema_report(s, report)) != 0)
		return error;
	if ((error = glossa_store__read_begin(s)) < 0)
		return error;
	error = glossa_store__read_end(s, validate_in(s, &v));
	if (warnings)
		*warnings = v.nwarn;
	return error < 0 ? error : v.nerr;
}

static int validate_in(glossa_store *s, vstate *vs)
{
	vstate v = *vs;
	glossa_doc *doc = NULL;
	glossa_matcher *m = NULL;
	glossa_buf *report = v.report;
	size_t i;
	int error;

	/* First the file itself: a damaged page makes every other answer
	 * meaningless. */
	if ((error = glossa_store__integrity(s, report)) < 0)
		return error;
	v.nerr = error;
	if ((error = glossa_store_export(&doc, s, NULL)) < 0)
		return error;
	for (i = 0; i < doc->nentries; i++)
		if (glossa_doc__entry_validate(&doc->entries[i], NULL) < 0) {
			v.nerr++;
			glossa_buf_printf(report, "error: entry %s: %s\n",
				doc->entries[i].key,
				glossa_error_last()->message);
		}
	if ((error = glossa_store__shared_keys(s, pair_found, &v)) < 0)
		goto out;
	/* A glossary fix would refuse (a form it would change in part). */
	error = glossa_matcher_new(&m, doc, NULL);
	if (error < 0 && glossa_error_last()->klass == GLOSSA_ERRCLASS_INVALID) {
		v.nerr++;
		glossa_buf_printf(report, "error: %s\n",
			glossa_error_last()->message);
		error = 0;
	}
out:
	glossa_matcher_free(m);
	glossa_doc_free(doc);
	*vs = v;
	return error;
}
