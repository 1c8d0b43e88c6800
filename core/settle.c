/*
** Edit validation: a glossary must settle. Every house and short form
** must come out of fix as it went in; one that fix would change in part
** ("al-Asad AsSad" when "Assad" is a short form) is rewritten on every
** run and never settles. This sits above the matcher and fix: the store
** never compiles a matcher (see edit.c for which entries an edit makes
** it check).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "match.h"
#include "options.h"
#include "settle.h"
#include "store_int.h"
#include "ustr.h"

#include "match_int.h"

/*
 * Every house and short form must come out of fix as it went in: one
 * that fix would change in part ("al-Asad AsSad" when "Assad" is a short
 * form) is rewritten on every run and never settles. Such a glossary
 * contradicts itself; say where. One pass is enough to tell, and more
 * could grow the form many times over (a form holding a variant of
 * itself is written into itself on each).
 */
/* The first FIX of one pass of fix over `text`: 1 and *r holding it, 0
 * when nothing would change, or an error. */
static int one_pass(glossa_fix_result **r, const glossa_matcher *m,
	const char *text, size_t len, const char *key)
{
	/* As a spelling: a form that fix would change where the piece
	 * names the entry in full never settles either. */
	int nfix = glossa_fix_text(r, m, text, len, GLOSSA_TEXT_PLAIN,
		GLOSSA_FIX__ONE_PASS | GLOSSA_FIX_SPELLING, key);

	return nfix < 0 ? nfix : nfix > 0;
}

/*
 * A form as fix writes it in capitals (shape 1) or at the start of a
 * sentence (shape 2); *out is NULL when that shape is the form as
 * written.
 */
static int reshape(char **out, size_t *outlen, const glossa_matcher *m,
	const char *s, size_t len, int shape)
{
	int error = shape == 1 ? glossa_ustr__upper(out, outlen, s, len) :
		glossa_match__capital_first(out, outlen, m, s, len);

	if (error < 0)
		return error;
	if (*out && *outlen == len && memcmp(*out, s, len) == 0) {
		free(*out);
		*out = NULL;
	}
	return 0;
}

int glossa_settle__forms(const glossa_matcher *m, const glossa_doc *doc)
{
	return glossa_settle__some(m, doc, NULL);
}

int glossa_settle__some(const glossa_matcher *m, const glossa_doc *doc,
	const bool *check)
{
	size_t i, k;

	for (i = 0; i < doc->nentries; i++) {
		const glossa_entry *e = &doc->entries[i];

		if (e->status == GLOSSA_STATUS_DEPRECATED ||
		    (check && !check[i]))
			continue;
		for (k = 0; k < e->nforms; k++) {
			const glossa_form *f = &e->forms[k];
			glossa_fix_result *r = NULL;
			const glossa_match *mt;
			char where[32] = "", *caps = NULL;
			const char *how = "";
			unsigned line;
			size_t n, j, cn, tl = strlen(f->text);
			int changed, shape;

			if (f->type != GLOSSA_FORM_HOUSE &&
			    f->type != GLOSSA_FORM_SHORT)
				continue;
			if (m->no_native && strcmp(f->script, "Latn") != 0)
				continue;
			/* In every shape fix writes a form in: as written, in
			 * capitals (a headline) and with a capital at the start
			 * of a sentence. */
			changed = one_pass(&r, m, f->text, tl, e->key);
			for (shape = 1; changed == 0 && shape <= 2; shape++) {
				glossa_fix_result_free(r);
				r = NULL;
				free(caps);
				if ((changed = reshape(&caps, &cn, m, f->text,
						tl, shape)) == 0 && caps)
					changed = one_pass(&r, m, caps, cn,
						e->key);
				how = shape == 1 ? " in capitals" :
					" at the start of a sentence";
			}
			free(caps);
			if (changed <= 0) {
				glossa_fix_result_free(r);
				if (changed < 0)
					return changed;
				continue;
			}
			mt = glossa_fix_result_matches(r, &n);
			for (j = 0; j < n && mt[j].status != GLOSSA_MATCH_FIX; j++)
				;
			line = f->line ? f->line : e->line;
			if (line)
				snprintf(where, sizeof(where), " (line %u)", line);
			changed = glossa_error__set(GLOSSA_ERRCLASS_INVALID,
				GLOSSA_EINVALID,
				"entry %s%s: the %s form \"%s\" would itself be fixed%s (\"%s\" -> \"%s\", %s): it would change on every run",
				e->key, where,
				glossa_form_type_name(f->type), f->text, how,
				j < n ? mt[j].old_text : "?",
				j < n && mt[j].new_text ? mt[j].new_text : "?",
				j < n ? mt[j].key : "?");
			glossa_fix_result_free(r);
			return changed;
		}
	}
	return 0;
}


int glossa_matcher_new(glossa_matcher **out, const glossa_doc *doc,
	const glossa_matcher_options *opts)
{
	glossa_matcher_options o;
	glossa_matcher *m;
	int error;

	*out = NULL;
	/* Options of any version, read into the current layout. */
	if ((error = glossa_matcher__options_read(&o, opts)) < 0)
		return error;
	if ((error = glossa_match__build(&m, doc, &o)) < 0)
		return error;
	if ((error = glossa_settle__forms(m, doc)) < 0) {
		glossa_matcher_free(m);
		return error;
	}
	*out = m;
	return 0;
}

/*
 * The cache key is read in the snapshot the glossary is read in: the
 * files' state first (match_cache.c says why before), then, in one read
 * transaction, the change counter and the glossary. A cache saved under
 * a key then holds exactly the glossary of that key.
 */
int glossa_matcher_new_from_store(glossa_matcher **out, glossa_store *store,
	const glossa_matcher_options *opts)
{
	glossa_matcher_options o;
	glossa_match__cache_key key;
	glossa_doc *doc = NULL;
	int error;

	*out = NULL;
	if ((error = glossa_matcher__options_read(&o, opts)) < 0)
		return error;
	glossa_match__cache_stat(&key, store, o.cache_dir);
	if ((error = glossa_store__read_begin(store)) < 0)
		return error;
	if (key.dir && glossa_store_generation(&key.generation, store) < 0) {
		key.dir = NULL;  /* no counter: no cache */
		glossa_error_clear();
	}
	*out = glossa_match__cache_load(&key,
		(o.flags & GLOSSA_MATCHER_NO_NATIVE) != 0);
	if (*out == NULL)
		error = glossa_store_export(&doc, store, NULL);
	error = glossa_store__read_end(store, error);
	if (error < 0 || *out != NULL)
		return error;
	error = glossa_matcher_new(out, doc, &o);
	glossa_doc_free(doc);
	/* A glossary that does not compile: say which. */
	error = glossa_error__prefix(error, GLOSSA_ERRCLASS_INVALID,
		glossa_store_path(store));
	if (error == 0)
		glossa_match__cache_save(*out, &key);
	return error;
}
