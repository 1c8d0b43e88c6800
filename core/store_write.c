/*
** Writing the glossary: entries and forms with their name keys and
** history, the conflicts a form must not make, imports. Each write runs
** in a transaction; whether the glossary still settles is edit.c's.
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "internal.h"
#include "morph.h"
#include "name.h"
#include "store_priv.h"

/* ---- writing ---- */

/*
 * Is a form of `type` with matching key `mkey` in entry `key` compatible
 * with the other entries? A house form must be nobody else's form; a
 * variant must not be another entry's house or short form (it would
 * "correct" a correct name). Two entries sharing a variant, or a short
 * form, is allowed but ambiguous: the warning says so.
 */
/* Has (entry, text) been met already? If not, remember it. */
static bool seen_before(glossa_buf *seen, const char *key, const char *text)
{
	size_t kl = strlen(key), tl = strlen(text), i = 0;

	while (i < seen->size) {
		const char *k = seen->ptr + i, *t = k + strlen(k) + 1;

		if (strcmp(k, key) == 0 && strcmp(t, text) == 0)
			return true;
		i = (size_t)(t - seen->ptr) + strlen(t) + 1;
	}
	/* (Out of memory: the form may be reported twice.) */
	if (glossa_buf_put(seen, key, kl + 1) == 0)
		glossa_buf_put(seen, text, tl + 1);
	return false;
}

static int check_key_conflicts(glossa_store *s, const char *key,
	glossa_form_type type, const char *text, const char *mkey,
	const char *where, glossa_buf *seen)
{
	sqlite3_stmt *st = NULL;
	int error, rc;

	if ((error = glossa_store__stmt(&st, s, Q_CONFLICTS_OF_KEY)) < 0)
		return error;
	glossa_store__bind_text(st, 1, mkey);
	glossa_store__bind_text(st, 2, key);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		glossa_form_type other;
		const char *okey = glossa_store__col_text(st, 0), *otext = glossa_store__col_text(st, 2);
		bool mine_name = type == GLOSSA_FORM_HOUSE ||
			type == GLOSSA_FORM_SHORT;
		bool other_name;

		/* (A form met again through another of the keys: once.) */
		if (seen_before(seen, okey, otext))
			continue;
		if (glossa_form_type_parse(&other, glossa_store__col_text(st, 1)) < 0)
			other = GLOSSA_FORM_VARIANT;
		other_name = other == GLOSSA_FORM_HOUSE ||
			other == GLOSSA_FORM_SHORT;
		if (type == GLOSSA_FORM_HOUSE || other == GLOSSA_FORM_HOUSE ||
		    mine_name != other_name) {
			error = glossa_error__set(GLOSSA_ERRCLASS_STORE,
				GLOSSA_EEXISTS,
				"%s%s \"%s\" of %s conflicts with %s \"%s\" of %s",
				where, glossa_form_type_name(type), text, key,
				glossa_form_type_name(other), otext, okey);
			break;
		}
		snprintf(s->warning, sizeof(s->warning),
			"%s \"%s\" is also a %s of %s: it is ambiguous and will be reported, never replaced",
			glossa_form_type_name(type), text,
			glossa_form_type_name(other), okey);
		if (s->notes && !(type == GLOSSA_FORM_SHORT &&
				  other == GLOSSA_FORM_SHORT))
			glossa_buf_printf(s->notes, "! %s%s: %s\n", where, key,
				s->warning);
	}
	sqlite3_reset(st);
	if (error == 0 && rc != SQLITE_DONE && rc != SQLITE_ROW)
		error = glossa_store__store_error(s, rc, "cannot check for conflicts");
	return error;
}

/*
 * Is a form of `type` in entry `key` compatible with the other entries?
 * A house form must be nobody else's form; a variant must not be another
 * entry's house or short form (it would "correct" a correct name). Two
 * entries sharing a variant, or a short form, is allowed but ambiguous:
 * the warning says so. "The same form" is the same name key (name.c):
 * "Abdul-Aziz" is "Abdulaziz", "Лаврова" is a case of "Лавров".
 */
static int check_conflicts(glossa_store *s, const char *key,
	const glossa_form *f, const char *source, unsigned line)
{
	glossa_buf seen = GLOSSA_BUF_INIT;
	char where[300] = "", **keys = NULL;
	size_t n = 0, i;
	int error;

	/* An exception is a phrase where the entry is not meant: it may
	 * well be another entry's name ("Sadr City"). */
	if (f->type == GLOSSA_FORM_EXCEPTION)
		return 0;
	if (source && line)
		snprintf(where, sizeof(where), "%s:%u: ", source, line);
	else if (source)
		snprintf(where, sizeof(where), "%s: ", source);
	if ((error = glossa_name__form_keys(&keys, &n, f->type, f->text,
			f->script, f->lang)) < 0)
		return error;
	for (i = 0; i < n && error == 0; i++)
		error = check_key_conflicts(s, key, f->type, f->text, keys[i],
			where, &seen);
	glossa_morph__free_list(keys, n);
	glossa_buf_dispose(&seen);
	return error;
}

static int insert_form(glossa_store *s, int64_t entry_id, const char *key,
	const glossa_form *f, const char *source)
{
	sqlite3_stmt *st = NULL;
	char *mkey = NULL;
	int error;

	if ((error = glossa_ustr__key(&mkey, f->text)) < 0)
		return error;
	if ((error = glossa_store__before(s, key)) < 0 ||
	    (error = check_conflicts(s, key, f, source, f->line)) < 0 ||
	    (error = glossa_store__stmt(&st, s, Q_FORM_INSERT)) < 0)
		goto out;
	sqlite3_bind_int64(st, 1, entry_id);
	glossa_store__bind_text(st, 2, glossa_form_type_name(f->type));
	glossa_store__bind_text(st, 3, f->text);
	glossa_store__bind_text(st, 4, f->script);
	glossa_store__bind_text(st, 5, f->lang);
	glossa_store__bind_text(st, 6, f->becomes);
	glossa_store__bind_text(st, 7, f->note);
	glossa_store__bind_text(st, 8, mkey);
	if ((error = glossa_store__step_done(s, st, "cannot add the form")) < 0 ||
	    (error = glossa_store__name_keys_set(s, sqlite3_last_insert_rowid(s->db),
			f->type, f->text, f->script, f->lang)) < 0 ||
	    (error = glossa_store__touch(s, entry_id)) < 0)
		goto out;
	error = glossa_store__history(s, "add", key, glossa_form_type_name(f->type), NULL,
		f->text);
out:
	free(mkey);
	return error;
}

static int insert_entry(glossa_store *s, const glossa_entry *e,
	const char *source)
{
	sqlite3_stmt *st = NULL;
	int64_t id;
	size_t i;
	int error;
	char desc[64];

	if ((error = glossa_store__before(s, e->key)) < 0 ||
	    (error = glossa_store__stmt(&st, s, Q_ENTRY_INSERT)) < 0)
		return error;
	glossa_store__bind_text(st, 1, e->key);
	glossa_store__bind_text(st, 2, glossa_kind_name(e->kind));
	glossa_store__bind_text(st, 3, glossa_status_name(e->status));
	glossa_store__bind_text(st, 4, e->note);
	if ((error = glossa_store__step_done(s, st, "cannot add the entry")) < 0)
		return error;
	id = sqlite3_last_insert_rowid(s->db);
	snprintf(desc, sizeof(desc), "%s %s", glossa_kind_name(e->kind),
		glossa_status_name(e->status));
	if ((error = glossa_store__history(s, "add", e->key, "entry", NULL, desc)) < 0)
		return error;
	if (e->note[0] &&
	    (error = glossa_store__history(s, "update", e->key, "note", NULL, e->note)) < 0)
		return error;
	for (i = 0; i < e->nforms; i++)
		if ((error = insert_form(s, id, e->key, &e->forms[i],
				source)) < 0)
			return error;
	return 0;
}

/* A copy of one entry, canonicalized, for validation before a write. */
static int entry_copy(glossa_doc **out, const glossa_entry *e)
{
	int error;

	if ((error = glossa_doc_new(out)) < 0)
		return error;
	error = glossa_doc_add_copy(NULL, *out, e);
	if (error == 0)
		error = glossa_doc_canonicalize(*out);
	if (error < 0) {
		glossa_doc_free(*out);
		*out = NULL;
	}
	return error;
}

static int change_line(glossa_buf *changes, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int change_line(glossa_buf *changes, const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	if (changes == NULL)
		return 0;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	return glossa_buf_printf(changes, "%s\n", line);
}

static int doc_key_cmp(const void *key, const void *entry)
{
	return strcmp(key, ((const glossa_entry *)entry)->key);
}

/*
 * Start a write transaction and load entry `key` into a new document;
 * GLOSSA_ENOTFOUND if there is none. On failure the transaction is
 * already rolled back and *doc freed.
 */
static int begin_on_entry(glossa_store *s, const char *key, glossa_doc **doc,
	int64_t *id)
{
	int error;

	*doc = NULL;
	if ((error = glossa_store__tx_begin(s)) < 0)
		return error;
	if ((error = glossa_doc_new(doc)) == 0 &&
	    (error = glossa_store__load_entry(*doc, id, s, key)) == 0 && *id == 0)
		error = glossa_store__no_entry(s, key);
	if (error < 0) {
		glossa_store__tx_end(s, error, false);
		glossa_doc_free(*doc);
		*doc = NULL;
	}
	return error;
}

/*
 * Set an entry's kind, status and note to those of `to`, recording each
 * change in the history and, if `changes` is given, as a change line.
 */
static int update_entry_fields(glossa_store *s, int64_t id,
	const glossa_entry *from, const glossa_entry *to, glossa_buf *changes)
{
	sqlite3_stmt *st = NULL;
	int error;

	if (from->kind == to->kind && from->status == to->status &&
	    strcmp(from->note, to->note) == 0)
		return 0;
	if ((error = glossa_store__before(s, to->key)) < 0)
		return error;
	if (from->kind != to->kind &&
	    ((error = glossa_store__history(s, "update", to->key, "kind",
		glossa_kind_name(from->kind), glossa_kind_name(to->kind))) < 0 ||
	     (error = change_line(changes, "~ %s kind: %s -> %s", to->key,
		glossa_kind_name(from->kind), glossa_kind_name(to->kind))) < 0))
		return error;
	if (from->status != to->status &&
	    ((error = glossa_store__history(s, "update", to->key, "status",
		glossa_status_name(from->status),
		glossa_status_name(to->status))) < 0 ||
	     (error = change_line(changes, "~ %s status: %s -> %s", to->key,
		glossa_status_name(from->status),
		glossa_status_name(to->status))) < 0))
		return error;
	if (strcmp(from->note, to->note) != 0 &&
	    ((error = glossa_store__history(s, "update", to->key, "note", from->note,
		to->note)) < 0 ||
	     (error = change_line(changes, "~ %s note: \"%s\" -> \"%s\"",
		to->key, from->note, to->note)) < 0))
		return error;
	if ((error = glossa_store__stmt(&st, s, Q_ENTRY_UPDATE)) < 0)
		return error;
	sqlite3_bind_int64(st, 1, id);
	glossa_store__bind_text(st, 2, glossa_kind_name(to->kind));
	glossa_store__bind_text(st, 3, glossa_status_name(to->status));
	glossa_store__bind_text(st, 4, to->note);
	if ((error = glossa_store__step_done(s, st, "cannot update the entry")) < 0)
		return error;
	return glossa_store__touch(s, id);
}

int glossa_store__add(glossa_store *s, const glossa_entry *entry)
{
	glossa_doc *copy = NULL, *existing = NULL;
	int64_t id;
	int error;

	s->warning[0] = '\0';
	if ((error = entry_copy(&copy, entry)) < 0)
		return error;
	if ((error = glossa_doc__entry_validate(&copy->entries[0], NULL)) < 0)
		goto out;
	if ((error = glossa_store__tx_begin(s)) < 0)
		goto out;
	if ((error = glossa_doc_new(&existing)) == 0 &&
	    (error = glossa_store__load_entry(existing, &id, s, entry->key)) == 0 && id)
		error = glossa_error__set(GLOSSA_ERRCLASS_STORE, GLOSSA_EEXISTS,
			"entry \"%s\" already exists (add forms to it with 'glossa glossary alias')",
			entry->key);
	if (error == 0)
		error = insert_entry(s, &copy->entries[0], NULL);
	error = glossa_store__tx_end(s, error, false);
out:
	glossa_doc_free(existing);
	glossa_doc_free(copy);
	return error;
}

static const char *default_lang(const char *script)
{
	if (strcmp(script, "Cyrl") == 0)
		return "ru";
	if (strcmp(script, "Arab") == 0)
		return "ar";
	return "en";
}

int glossa_store__add_form(glossa_store *s, const char *key,
	const glossa_form_spec *form, const char **warning)
{
	glossa_form_type type = form->type;
	const char *text = form->text, *script = form->script;
	const char *lang = form->lang;
	glossa_doc *doc = NULL;
	glossa_entry *e;
	int64_t id;
	int error;
	const char *sc;

	s->warning[0] = '\0';
	if (warning)
		*warning = NULL;
	if ((error = glossa_doc__text_check(text ? text : "", false, "form",
			NULL, 0)) < 0)
		return error;
	sc = glossa_ustr__script(text);
	if (script == NULL)
		script = strcmp(sc, "Zyyy") == 0 || strcmp(sc, "Zmix") == 0 ?
			"Latn" : sc;
	if (lang == NULL)
		lang = default_lang(script);
	if ((int)type < 0)
		type = strcmp(script, "Latn") == 0 ? GLOSSA_FORM_VARIANT :
			GLOSSA_FORM_NATIVE;
	if (type == GLOSSA_FORM_HOUSE)
		return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_EINVALID,
			"an entry has one house form, given when it is added");
	if ((error = begin_on_entry(s, key, &doc, &id)) < 0)
		return error;
	e = &doc->entries[0];
	if ((error = glossa_entry_add_form(e, &(glossa_form_spec){
			.type = type, .text = text, .script = script,
			.lang = lang, .becomes = form->becomes,
			.note = form->note })) < 0 ||
	    (error = glossa_doc_canonicalize(doc)) < 0 ||
	    (error = glossa_doc__entry_validate(e, NULL)) < 0)
		goto out;
	{
		/* The canonical copy has `becomes` filled in. */
		size_t i;
		for (i = 0; i < e->nforms; i++)
			if (e->forms[i].type == type &&
			    strcmp(e->forms[i].text, text) == 0 &&
			    strcmp(e->forms[i].lang, lang) == 0)
				break;
		error = insert_form(s, id, key, &e->forms[i], NULL);
	}
out:
	error = glossa_store__tx_end(s, error, false);
	glossa_doc_free(doc);
	if (error == 0 && warning && s->warning[0])
		*warning = s->warning;
	return error;
}

int glossa_store__update(glossa_store *s, const char *key, int kind,
	int status, const char *note)
{
	glossa_doc *doc = NULL, *changed = NULL;
	glossa_entry *e, *c;
	int64_t id;
	int error;

	if (note && (error = glossa_doc__text_check(note, true, "note", NULL,
			0)) < 0)
		return error;
	if ((error = begin_on_entry(s, key, &doc, &id)) < 0)
		return error;
	e = &doc->entries[0];
	if ((error = glossa_doc_new(&changed)) == 0 &&
	    (error = glossa_doc_add_entry(&c, changed, key,
			kind >= 0 ? (glossa_kind)kind : e->kind,
			status >= 0 ? (glossa_status)status : e->status,
			note ? note : e->note, 0)) == 0)
		error = update_entry_fields(s, id, e, c, NULL);
	error = glossa_store__tx_end(s, error, false);
	glossa_doc_free(changed);
	glossa_doc_free(doc);
	return error;
}

static int delete_entry(glossa_store *s, int64_t id, const glossa_entry *e)
{
	sqlite3_stmt *st = NULL;
	glossa_buf old = GLOSSA_BUF_INIT;
	size_t i;
	int error;

	if ((error = glossa_store__before(s, e->key)) < 0)
		return error;
	/* The old value names the forms, for the log (the history keeps the
	 * whole entry beside it: store.c). */
	glossa_buf_printf(&old, "%s %s", glossa_kind_name(e->kind),
		glossa_status_name(e->status));
	for (i = 0; i < e->nforms; i++)
		glossa_buf_printf(&old, "; %s \"%s\"",
			glossa_form_type_name(e->forms[i].type),
			e->forms[i].text);
	if (old.ptr == NULL)
		return glossa_error__nomem();
	for (i = 0; i < e->nforms; i++)
		if ((error = glossa_store__going(s, &e->forms[i])) < 0) {
			glossa_buf_dispose(&old);
			return error;
		}
	if ((error = glossa_store__stmt(&st, s, Q_ENTRY_DELETE)) == 0) {
		sqlite3_bind_int64(st, 1, id);
		error = glossa_store__step_done(s, st, "cannot remove the entry");
	}
	if (error == 0)
		error = glossa_store__history(s, "remove", e->key, "entry", old.ptr, NULL);
	glossa_buf_dispose(&old);
	return error;
}

int glossa_store__remove(glossa_store *s, const char *key)
{
	glossa_doc *doc = NULL;
	int64_t id;
	int error;

	if ((error = begin_on_entry(s, key, &doc, &id)) < 0)
		return error;
	error = delete_entry(s, id, &doc->entries[0]);
	error = glossa_store__tx_end(s, error, false);
	glossa_doc_free(doc);
	return error;
}

/* The row id of a form of entry `entry_id` by exact text and type. */
static int form_row(glossa_store *s, int64_t *out, int64_t entry_id,
	const char *text, const char *lang)
{
	sqlite3_stmt *st = NULL;
	int error, rc;

	*out = 0;
	if ((error = glossa_store__stmt(&st, s, Q_FORMS_OF_ENTRY)) < 0)
		return error;
	sqlite3_bind_int64(st, 1, entry_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (strcmp(glossa_store__col_text(st, 2), text) == 0 &&
		    (lang == NULL || strcmp(glossa_store__col_text(st, 4), lang) == 0)) {
			*out = sqlite3_column_int64(st, 0);
			break;
		}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return glossa_store__store_error(s, rc, "cannot read forms");
	return 0;
}

static int delete_form(glossa_store *s, int64_t form_id, const char *key,
	const glossa_form *f)
{
	sqlite3_stmt *st = NULL;
	int error;

	if ((error = glossa_store__before(s, key)) < 0 ||
	    (error = glossa_store__going(s, f)) < 0 ||
	    (error = glossa_store__stmt(&st, s, Q_FORM_DELETE)) < 0)
		return error;
	sqlite3_bind_int64(st, 1, form_id);
	if ((error = glossa_store__step_done(s, st, "cannot remove the form")) < 0)
		return error;
	/* (Its name keys go with it: ON DELETE CASCADE.) */
	return glossa_store__history(s, "remove", key, glossa_form_type_name(f->type),
		f->text, NULL);
}

/* Remove forms[idx] from an entry in memory. */
static void entry_drop_form(glossa_entry *e, size_t idx)
{
	glossa_form *f = &e->forms[idx];

	free(f->text);
	free(f->script);
	free(f->lang);
	free(f->becomes);
	free(f->note);
	memmove(f, f + 1, (e->nforms - idx - 1) * sizeof(*f));
	e->nforms--;
}

int glossa_store__remove_form(glossa_store *s, const char *key,
	const char *text)
{
	glossa_doc *doc = NULL;
	glossa_entry *e;
	glossa_form removed;
	int64_t id, fid = 0;
	size_t i;
	int error;

	if ((error = begin_on_entry(s, key, &doc, &id)) < 0)
		return error;
	e = &doc->entries[0];
	for (i = 0; i < e->nforms; i++)
		if (strcmp(e->forms[i].text, text) == 0)
			break;
	if (i == e->nforms) {
		error = glossa_error__set(GLOSSA_ERRCLASS_STORE,
			GLOSSA_ENOTFOUND, "entry %s has no form \"%s\"", key,
			text);
		goto out;
	}
	if (e->forms[i].type == GLOSSA_FORM_HOUSE) {
		error = glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_EINVALID,
			"\"%s\" is the house form of %s: remove the entry, or import a corrected one",
			text, key);
		goto out;
	}
	/* (A copy of what delete_form() reads: its text and script, for
	 * its name keys; the entry's own strings go with it.) */
	removed = e->forms[i];
	removed.text = glossa__strdup(e->forms[i].text);
	removed.script = glossa__strdup(e->forms[i].script);
	removed.lang = removed.becomes = removed.note = NULL;
	if (removed.text == NULL || removed.script == NULL) {
		free(removed.text);
		free(removed.script);
		error = GLOSSA_ERROR;
		goto out;
	}
	entry_drop_form(e, i);
	/* Removing a short form that variants still become is an error. */
	if ((error = glossa_doc__entry_validate(e, NULL)) == 0 &&
	    (error = form_row(s, &fid, id, removed.text, NULL)) == 0)
		error = delete_form(s, fid, key, &removed);
	free(removed.text);
	free(removed.script);
out:
	error = glossa_store__tx_end(s, error, false);
	glossa_doc_free(doc);
	return error;
}

/* ---- import ---- */

static const glossa_form *find_form(const glossa_entry *e, const char *text,
	const char *lang)
{
	size_t i;

	for (i = 0; i < e->nforms; i++)
		if (strcmp(e->forms[i].text, text) == 0 &&
		    strcmp(e->forms[i].lang, lang) == 0)
			return &e->forms[i];
	return NULL;
}

/*
 * The entry as it will be after the import: the document's kind, status,
 * note and forms; in merge mode, the stored forms the document does not
 * mention are kept, except an old house or short form the document
 * replaces.
 */
static int merged_entry(glossa_doc **out, const glossa_entry *old,
	const glossa_entry *in, bool replace)
{
	glossa_entry *m;
	size_t i;
	int error;

	if ((error = entry_copy(out, in)) < 0 || replace || old == NULL)
		return error;
	m = &(*out)->entries[0];
	for (i = 0; i < old->nforms && error == 0; i++) {
		const glossa_form *f = &old->forms[i];

		if (find_form(in, f->text, f->lang))
			continue;
		if ((f->type == GLOSSA_FORM_HOUSE && glossa_entry_house(in)) ||
		    (f->type == GLOSSA_FORM_SHORT && glossa_entry_short(in)))
			continue;
		error = glossa_entry_add_form(m, &(glossa_form_spec){
			.type = f->type, .text = f->text,
			.script = f->script, .lang = f->lang,
			.becomes = f->becomes, .note = f->note });
	}
	if (error == 0)
		error = glossa_doc_canonicalize(*out);
	return error;
}

static int import_entry(glossa_store *s, const glossa_entry *in,
	bool replace, glossa_buf *changes, const char *source)
{
	glossa_doc *olddoc = NULL, *newdoc = NULL;
	const glossa_entry *old = NULL;
	glossa_entry *m;
	sqlite3_stmt *st = NULL;
	int64_t id, fid;
	size_t i;
	int error;

	if ((error = glossa_doc_new(&olddoc)) < 0 ||
	    (error = glossa_store__load_entry(olddoc, &id, s, in->key)) < 0)
		goto out;
	if (id)
		old = &olddoc->entries[0];
	if ((error = merged_entry(&newdoc, old, in, replace)) < 0)
		goto out;
	m = &newdoc->entries[0];
	if ((error = glossa_doc__entry_validate(m, source)) < 0)
		goto out;
	if (old == NULL) {
		if ((error = insert_entry(s, m, source)) == 0)
			error = change_line(changes, "+ %s entry %s %s", m->key,
				glossa_kind_name(m->kind),
				glossa_status_name(m->status));
		for (i = 0; error == 0 && i < m->nforms; i++)
			error = change_line(changes, "+ %s %s \"%s\"", m->key,
				glossa_form_type_name(m->forms[i].type),
				m->forms[i].text);
		goto out;
	}
	if ((error = update_entry_fields(s, id, old, m, changes)) < 0)
		goto out;
	/* Removals first, so a form can move between types. */
	for (i = 0; i < old->nforms; i++) {
		const glossa_form *f = &old->forms[i];
		const glossa_form *n = find_form(m, f->text, f->lang);

		if (n && n->type == f->type)
			continue;
		if ((error = form_row(s, &fid, id, f->text, f->lang)) < 0 ||
		    (error = delete_form(s, fid, m->key, f)) < 0)
			goto out;
		if (n == NULL && (error = change_line(changes, "- %s %s \"%s\"",
				m->key, glossa_form_type_name(f->type),
				f->text)) < 0)
			goto out;
	}
	for (i = 0; i < m->nforms; i++) {
		const glossa_form *n = &m->forms[i];
		const glossa_form *f = find_form(old, n->text, n->lang);

		if (f == NULL || f->type != n->type) {
			if ((error = insert_form(s, id, m->key, n, source)) < 0)
				goto out;
			error = f ? change_line(changes,
				"~ %s \"%s\": %s -> %s", m->key, n->text,
				glossa_form_type_name(f->type),
				glossa_form_type_name(n->type)) :
				change_line(changes, "+ %s %s \"%s\"", m->key,
				glossa_form_type_name(n->type), n->text);
			if (error < 0)
				goto out;
			continue;
		}
		if (strcmp(f->script, n->script) == 0 &&
		    strcmp(f->becomes, n->becomes) == 0 &&
		    strcmp(f->note, n->note) == 0)
			continue;
		if ((error = glossa_store__before(s, m->key)) < 0 ||
		    (error = form_row(s, &fid, id, n->text, n->lang)) < 0 ||
		    (error = glossa_store__stmt(&st, s, Q_FORM_UPDATE)) < 0)
			goto out;
		sqlite3_bind_int64(st, 1, fid);
		glossa_store__bind_text(st, 2, glossa_form_type_name(n->type));
		glossa_store__bind_text(st, 3, n->script);
		glossa_store__bind_text(st, 4, n->becomes);
		glossa_store__bind_text(st, 5, n->note);
		if ((error = glossa_store__step_done(s, st, "cannot update a form")) < 0 ||
		    (error = glossa_store__name_keys_set(s, fid, n->type, n->text,
				n->script, f->lang)) < 0 ||
		    (error = glossa_store__touch(s, id)) < 0)
			goto out;
		if (strcmp(f->becomes, n->becomes) != 0 &&
		    ((error = glossa_store__history(s, "update", m->key, "becomes",
			f->becomes, n->becomes)) < 0 ||
		     (error = change_line(changes,
			"~ %s \"%s\" becomes: \"%s\" -> \"%s\"", m->key,
			n->text, f->becomes, n->becomes)) < 0))
			goto out;
		if (strcmp(f->note, n->note) != 0 &&
		    ((error = glossa_store__history(s, "update", m->key, "form note",
			f->note, n->note)) < 0 ||
		     (error = change_line(changes,
			"~ %s \"%s\" note: \"%s\" -> \"%s\"", m->key, n->text,
			f->note, n->note)) < 0))
			goto out;
		if (strcmp(f->script, n->script) != 0 &&
		    ((error = glossa_store__history(s, "update", m->key, "script",
			f->script, n->script)) < 0 ||
		     (error = change_line(changes,
			"~ %s \"%s\" script: %s -> %s", m->key, n->text,
			f->script, n->script)) < 0))
			goto out;
	}
out:
	glossa_doc_free(olddoc);
	glossa_doc_free(newdoc);
	return error;
}

int glossa_store__import(glossa_store *s, const glossa_doc *in,
	unsigned flags, glossa_buf *changes, const char *source)
{
	glossa_doc *doc = NULL, *all = NULL;
	size_t i;
	int error, total = 0;

	s->warning[0] = '\0';
	/* Work on a canonical copy: sorted, so lookups can bisect. */
	if ((error = glossa_doc_new(&doc)) < 0)
		return error;
	for (i = 0; i < in->nentries && error == 0; i++) {
		error = glossa_doc_add_copy(NULL, doc, &in->entries[i]);
	}
	if (error < 0 || (error = glossa_doc_canonicalize(doc)) < 0 ||
	    (error = glossa_doc_validate(doc, source)) < 0)
		goto out;
	/* An empty file given to --replace is nearly always a mistake (a
	 * failed export piped in): it would remove every entry. */
	if ((flags & GLOSSA_IMPORT_REPLACE) && doc->nentries == 0 &&
	    !(flags & (GLOSSA_IMPORT_FORCE | GLOSSA_IMPORT_DRY_RUN))) {
		error = glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_EINVALID,
			"%s: holds no entries: replacing the glossary with it would remove every entry; nothing was changed (--force to do it anyway)",
			source ? source : "the document");
		goto out;
	}
	if ((error = glossa_store__tx_begin(s)) < 0)
		goto out;
	s->notes = changes;
	/*
	 * With --replace, entries the document lacks go first, so that a
	 * form may move from a removed entry to another one.
	 */
	if (flags & GLOSSA_IMPORT_REPLACE) {
		if ((error = glossa_store_export(&all, s, NULL)) < 0)
			goto tx;
		for (i = 0; i < all->nentries; i++) {
			const glossa_entry *e = &all->entries[i];
			int64_t id;
			glossa_doc *one = NULL;

			if (doc->nentries > 0 && bsearch(e->key,
					doc->entries, doc->nentries,
					sizeof(glossa_entry), doc_key_cmp))
				continue;
			if ((error = glossa_doc_new(&one)) == 0 &&
			    (error = glossa_store__load_entry(one, &id, s, e->key)) == 0 &&
			    (error = delete_entry(s, id, e)) == 0)
				error = change_line(changes, "- %s entry",
					e->key);
			glossa_doc_free(one);
			if (error < 0)
				goto tx;
		}
	}
	for (i = 0; i < doc->nentries && error == 0; i++)
		error = import_entry(s, &doc->entries[i],
			(flags & GLOSSA_IMPORT_REPLACE) != 0, changes, source);
tx:
	s->notes = NULL;
	total = s->changes;
	error = glossa_store__tx_end(s, error, (flags & GLOSSA_IMPORT_DRY_RUN) != 0);
out:
	glossa_doc_free(all);
	glossa_doc_free(doc);
	return error < 0 ? error : total;
}

/* ---- undo and restore: entries put back from the history ---- */

/* Entries to put back, by key: each as its TSV lines (NULL: none). */
typedef struct {
	glossa_strmap keys;
	char **text;
	size_t a;
} targets;

static void targets_dispose(targets *t)
{
	size_t i;

	for (i = 0; i < t->keys.n; i++)
		free(t->text[i]);
	free(t->text);
	glossa_strmap__dispose(&t->keys);
}

/* Set key's entry to `text` (may be NULL); with !replace, only the
 * first one given counts. */
static int target_put(targets *t, const char *key, const char *text,
	bool replace)
{
	size_t idx;
	char *copy = NULL;
	int added;

	if ((added = glossa_strmap__put(&t->keys, &idx, key, strlen(key))) < 0)
		return added;
	if (!added && !replace)
		return 0;
	if (glossa__grow((void **)&t->text, &t->a, t->keys.n,
			sizeof(char *)) < 0 ||
	    (text && (copy = glossa__strdup(text)) == NULL))
		return GLOSSA_ERROR;
	if (!added)
		free(t->text[idx]);
	t->text[idx] = copy;
	return 0;
}

static bool same_text(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

/*
 * Make every entry of `t` what it holds, recording each change as any
 * write does. Forms an entry loses go first, everywhere, so that a form
 * may move between entries; then each entry is written whole, as
 * --replace imports it.
 */
static int apply_targets(glossa_store *s, const targets *t,
	glossa_buf *changes, const char *source)
{
	glossa_doc **want;
	bool *skip;
	size_t n = t->keys.n, i, j;
	int error = 0;

	want = glossa__calloc(n ? n : 1, sizeof(*want));
	skip = glossa__calloc(n ? n : 1, sizeof(*skip));
	if (want == NULL || skip == NULL) {
		error = GLOSSA_ERROR;
		goto out;
	}
	for (i = 0; i < n && error == 0; i++) {
		const char *key = glossa_strmap__key(&t->keys, i);
		glossa_doc *cur = NULL;
		const glossa_entry *c, *w;
		char *now = NULL;
		int64_t id;

		if ((error = glossa_store__entry_text(&now, s, key)) < 0)
			break;
		skip[i] = same_text(now, t->text[i]);
		free(now);
		if (skip[i])
			continue;
		if (t->text[i] && (error = glossa_doc_parse(&want[i],
				GLOSSA_FORMAT_TSV, t->text[i],
				strlen(t->text[i]), source)) < 0)
			break;
		if (want[i] && want[i]->nentries != 1) {
			error = glossa_error__set(GLOSSA_ERRCLASS_STORE,
				GLOSSA_EINVALID,
				"%s: the history of %s is damaged", s->path, key);
			break;
		}
		if ((error = glossa_doc_new(&cur)) < 0 ||
		    (error = glossa_store__load_entry(cur, &id, s, key)) < 0 ||
		    id == 0) {
			glossa_doc_free(cur);
			continue;
		}
		c = &cur->entries[0];
		if (want[i] == NULL) {
			if ((error = delete_entry(s, id, c)) == 0)
				error = change_line(changes, "- %s entry", key);
			glossa_doc_free(cur);
			continue;
		}
		w = &want[i]->entries[0];
		for (j = 0; j < c->nforms && error == 0; j++) {
			const glossa_form *f = &c->forms[j];
			int64_t fid;

			if (find_form(w, f->text, f->lang))
				continue;
			if ((error = form_row(s, &fid, id, f->text,
					f->lang)) == 0 &&
			    (error = delete_form(s, fid, key, f)) == 0)
				error = change_line(changes, "- %s %s \"%s\"",
					key, glossa_form_type_name(f->type),
					f->text);
		}
		glossa_doc_free(cur);
	}
	for (i = 0; i < n && error == 0; i++)
		if (!skip[i] && want[i])
			error = import_entry(s, &want[i]->entries[0], true,
				changes, source);
out:
	for (i = 0; want && i < n; i++)
		glossa_doc_free(want[i]);
	free(want);
	free(skip);
	return error;
}

int glossa_store__undo(glossa_store *s, int64_t change, int64_t *undone,
	glossa_buf *changes)
{
	targets back = { 0 }, after = { 0 };
	sqlite3_stmt *st = NULL;
	int64_t id = 0;
	char source[64];
	size_t i;
	int error, rc, total;

	if (undone)
		*undone = 0;
	glossa_strmap__init(&back.keys);
	glossa_strmap__init(&after.keys);
	if ((error = glossa_store__tx_begin(s)) < 0)
		return error;
	if ((error = glossa_store__stmt(&st, s, Q_CHANGE_GET)) < 0)
		goto out;
	if (change > 0)
		sqlite3_bind_int64(st, 1, change);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		error = glossa_store__store_error(s, rc, "cannot read the history");
		goto out;
	}
	if (id == 0) {
		error = change > 0 ? glossa_error__set(GLOSSA_ERRCLASS_STORE,
			GLOSSA_ENOTFOUND, "%s: no change %lld in the history",
			s->path, (long long)change) :
			glossa_error__set(GLOSSA_ERRCLASS_STORE,
			GLOSSA_ENOTFOUND,
			"%s: nothing to undo: the history holds no change that can be undone (changes made before glossa kept whole entries cannot)",
			s->path);
		goto out;
	}
	/* What each entry was before the change set (its first row) and
	 * is after it (its last). */
	if ((error = glossa_store__stmt(&st, s, Q_SNAPSHOTS_OF_CHANGE)) < 0)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *key = glossa_store__col_text(st, 0);

		if ((error = target_put(&back, key,
				(const char *)sqlite3_column_text(st, 1),
				false)) < 0 ||
		    (error = target_put(&after, key,
				(const char *)sqlite3_column_text(st, 2),
				true)) < 0)
			break;
	}
	sqlite3_reset(st);
	if (error == 0 && rc != SQLITE_DONE)
		error = glossa_store__store_error(s, rc, "cannot read the history");
	if (error < 0)
		goto out;
	/* Undoing it must not throw away a later change to those entries. */
	for (i = 0; i < after.keys.n; i++) {
		const char *key = glossa_strmap__key(&after.keys, i);
		char *now = NULL;
		int64_t later = 0;
		bool same;

		if ((error = glossa_store__entry_text(&now, s, key)) < 0)
			goto out;
		same = same_text(now, after.text[i]);
		free(now);
		if (same)
			continue;
		if ((error = glossa_store__stmt(&st, s, Q_SNAPSHOT_LATER)) < 0)
			goto out;
		glossa_store__bind_text(st, 1, key);
		sqlite3_bind_int64(st, 2, id);
		if (sqlite3_step(st) == SQLITE_ROW)
			later = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		error = later ? glossa_error__set(GLOSSA_ERRCLASS_STORE,
			GLOSSA_EEXISTS,
			"cannot undo change %lld: entry %s has been changed since, by change %lld; undo that first, or use 'glossary restore --at'; nothing was changed",
			(long long)id, key, (long long)later) :
			glossa_error__set(GLOSSA_ERRCLASS_STORE, GLOSSA_EEXISTS,
			"cannot undo change %lld: entry %s has been changed since, outside the history; nothing was changed",
			(long long)id, key);
		goto out;
	}
	s->change_id = 0;
	s->change_undoes = id;
	snprintf(s->change_what, sizeof(s->change_what), "undo of change %lld",
		(long long)id);
	snprintf(source, sizeof(source), "change %lld", (long long)id);
	error = apply_targets(s, &back, changes, source);
	if (error == 0 && undone)
		*undone = id;
out:
	total = s->changes;
	targets_dispose(&back);
	targets_dispose(&after);
	error = glossa_store__tx_end(s, error, false);
	return error < 0 ? error : total;
}

/* Is `at` a date (and time) to restore to? Normalized into out, as the
 * history writes times. */
static int restore_time(glossa_store *s, char *out, size_t size,
	const char *at)
{
	sqlite3_stmt *st = NULL;
	int error, rc;

	out[0] = '\0';
	/* (SQLite also takes "now" and day numbers: not a time to name.) */
	if (strlen(at) >= 10 && at[4] == '-' && at[7] == '-' &&
	    (error = glossa_store__stmt(&st, s, Q_TIME_NORM)) == 0) {
		glossa_store__bind_text(st, 1, at);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
			snprintf(out, size, "%s", glossa_store__col_text(st, 0));
		sqlite3_reset(st);
	}
	if (out[0] == '\0')
		return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_EINVALID,
			"not a time: '%s' (ISO 8601 in UTC, as 'glossary log' prints it: 2026-12-07T09:48:00.123Z, or 2026-12-07T09:48, or 2026-12-07)",
			at);
	return 0;
}

int glossa_store__restore(glossa_store *s, const char *at,
	glossa_buf *changes)
{
	targets back = { 0 };
	sqlite3_stmt *st = NULL;
	char when[40];
	int error, rc, total;

	glossa_strmap__init(&back.keys);
	if ((error = glossa_store__tx_begin(s)) < 0)
		return error;
	if ((error = restore_time(s, when, sizeof(when), at)) < 0 ||
	    (error = glossa_store__stmt(&st, s, Q_HISTORY_OLD_AFTER)) < 0)
		goto out;
	glossa_store__bind_text(st, 1, when);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		error = glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_EINVALID,
			"%s: cannot restore to %s: the history after it holds changes from before glossa kept whole entries (the last at %s); restore to that time or later; nothing was changed",
			s->path, when, glossa_store__col_text(st, 0));
	else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		error = glossa_store__store_error(s, rc, "cannot read the history");
	sqlite3_reset(st);
	if (error < 0)
		goto out;
	/* Each entry written since: as it was before the first write. */
	if ((error = glossa_store__stmt(&st, s, Q_SNAPSHOTS_AFTER)) < 0)
		goto out;
	glossa_store__bind_text(st, 1, when);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((error = target_put(&back, glossa_store__col_text(st, 0),
				(const char *)sqlite3_column_text(st, 1),
				false)) < 0)
			break;
	sqlite3_reset(st);
	if (error == 0 && rc != SQLITE_DONE)
		error = glossa_store__store_error(s, rc, "cannot read the history");
	if (error < 0)
		goto out;
	s->change_id = 0;
	snprintf(s->change_what, sizeof(s->change_what), "restore to %s",
		when);
	error = apply_targets(s, &back, changes, s->change_what);
out:
	total = s->changes;
	targets_dispose(&back);
	error = glossa_store__tx_end(s, error, false);
	return error < 0 ? error : total;
}
