/*
** Reading the glossary: entries, the whole document, look-ups by name
** key, the history and figures.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "internal.h"
#include "morph.h"
#include "name.h"
#include "store_priv.h"

/* ---- reading ---- */

/* Add the form in columns 2-6 of a row (text, script, lang, becomes,
 * note) to e. */
static int add_form_row(glossa_entry *e, glossa_form_type type,
	sqlite3_stmt *st)
{
	return glossa_entry_add_form(e, &(glossa_form_spec){
		.type = type,
		.text = glossa_store__col_text(st, 2),
		.script = glossa_store__col_text(st, 3),
		.lang = glossa_store__col_text(st, 4),
		.becomes = glossa_store__col_text(st, 5),
		.note = glossa_store__col_text(st, 6) });
}

int glossa_store__load_forms(glossa_store *s, glossa_entry *e, int64_t id)
{
	sqlite3_stmt *st = NULL;
	int error, rc;

	if ((error = glossa_store__stmt(&st, s, Q_FORMS_OF_ENTRY)) < 0)
		return error;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		glossa_form_type type;

		if (glossa_form_type_parse(&type, glossa_store__col_text(st, 1)) < 0)
			type = GLOSSA_FORM_VARIANT;
		if ((error = add_form_row(e, type, st)) < 0)
			break;
	}
	sqlite3_reset(st);
	if (error == 0 && rc != SQLITE_DONE)
		error = glossa_store__store_error(s, rc, "cannot read forms");
	return error;
}

/* Load one entry into doc. *id receives its row id (0: not found). */
int glossa_store__load_entry(glossa_doc *doc, int64_t *id, glossa_store *s,
	const char *key)
{
	sqlite3_stmt *st = NULL;
	glossa_entry *e = NULL;
	glossa_kind kind = GLOSSA_KIND_TERM;
	glossa_status status = GLOSSA_STATUS_APPROVED;
	int error, rc;
	int64_t rowid = 0;
	char *note = NULL;

	*id = 0;
	if ((error = glossa_store__stmt(&st, s, Q_ENTRY_BY_KEY)) < 0)
		return error;
	glossa_store__bind_text(st, 1, key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		rowid = sqlite3_column_int64(st, 0);
		glossa_kind_parse(&kind, glossa_store__col_text(st, 1));
		glossa_status_parse(&status, glossa_store__col_text(st, 2));
		note = glossa__strdup(glossa_store__col_text(st, 3));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return glossa_store__store_error(s, rc, "cannot read an entry");
	if (rowid == 0)
		return 0;
	if (note == NULL)
		return GLOSSA_ERROR;
	error = glossa_doc_add_entry(&e, doc, key, kind, status, note, 0);
	free(note);
	if (error == 0 && (error = glossa_store__load_forms(s, e, rowid)) == 0)
		*id = rowid;
	return error;
}

int glossa_store_get(glossa_doc **out, glossa_store *s, const char *key)
{
	glossa_doc *doc;
	int64_t id;
	int error;

	*out = NULL;
	if ((error = glossa_doc_new(&doc)) < 0)
		return error;
	/* The entry and its forms as one commit left them. */
	if ((error = glossa_store__read_begin(s)) == 0) {
		error = glossa_store__load_entry(doc, &id, s, key);
		error = glossa_store__read_end(s, error);
	}
	if (error == 0 && id == 0)
		error = glossa_store__no_entry(s, key);
	if (error == 0)
		error = glossa_doc_canonicalize(doc);
	if (error < 0) {
		glossa_doc_free(doc);
		return error;
	}
	*out = doc;
	return 0;
}

typedef struct {
	int64_t id;
	size_t pos;
} id_pos;

static int id_pos_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = ((const id_pos *)b)->id;

	return x < y ? -1 : x > y;
}

static int id_pos_sort(const void *a, const void *b)
{
	return id_pos_cmp(&((const id_pos *)a)->id, b);
}

/* Entry ids with their position in the document, sorted by id. */
static int sort_ids(id_pos **out, const int64_t *ids, size_t n)
{
	size_t i;

	if ((*out = glossa__calloc(n ? n : 1, sizeof(**out))) == NULL)
		return GLOSSA_ERROR;
	for (i = 0; i < n; i++) {
		(*out)[i].id = ids[i];
		(*out)[i].pos = i;
	}
	qsort(*out, n, sizeof(**out), id_pos_sort);
	return 0;
}

static int export_in(glossa_doc **out, glossa_store *s,
	const glossa_filter *filter, bool native)
{
	id_pos *byid = NULL;
	glossa_filter all = GLOSSA_FILTER_INIT;
	sqlite3_stmt *st = NULL;
	glossa_doc *doc;
	int64_t *ids = NULL;
	size_t nids = 0, aids = 0, i;
	int error, rc;

	*out = NULL;
	if (filter == NULL)
		filter = &all;
	if ((error = glossa_doc_new(&doc)) < 0)
		return error;
	if ((error = glossa_store__stmt(&st, s,
			native ? Q_NATIVE_ENTRIES : Q_EXPORT_ENTRIES)) < 0)
		goto out;
	if (filter->kind >= 0)
		glossa_store__bind_text(st, 1, glossa_kind_name((glossa_kind)filter->kind));
	if (filter->status >= 0)
		glossa_store__bind_text(st, 2,
			glossa_status_name((glossa_status)filter->status));
	if (filter->lang)
		glossa_store__bind_text(st, 3, filter->lang);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		glossa_kind kind = GLOSSA_KIND_TERM;
		glossa_status status = GLOSSA_STATUS_APPROVED;

		glossa_kind_parse(&kind, glossa_store__col_text(st, 2));
		glossa_status_parse(&status, glossa_store__col_text(st, 3));
		if ((error = glossa__grow((void **)&ids, &aids, nids + 1,
				sizeof(*ids))) < 0 ||
		    (error = glossa_doc_add_entry(NULL, doc, glossa_store__col_text(st, 1),
				kind, status, glossa_store__col_text(st, 4), 0)) < 0)
			break;
		ids[nids++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (error == 0 && rc != SQLITE_DONE)
		error = glossa_store__store_error(s, rc, "cannot read entries");
	/* Forms in one pass, matched to their entry through an index of
	 * entry ids (entries come in key order, forms in id order). */
	if (error == 0 && (error = sort_ids(&byid, ids, nids)) == 0 &&
	    (error = glossa_store__stmt(&st, s,
			native ? Q_NATIVE_FORMS : Q_ALL_FORMS)) == 0) {
		size_t j = 0;

		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			int64_t eid = sqlite3_column_int64(st, 0);
			glossa_form_type type;
			const id_pos *hit;

			if ((hit = bsearch(&eid, byid, nids, sizeof(*byid),
					id_pos_cmp)) == NULL)
				continue;  /* an entry the filter left out */
			j = hit->pos;
			if (glossa_form_type_parse(&type, glossa_store__col_text(st, 1)) < 0)
				type = GLOSSA_FORM_VARIANT;
			if ((error = add_form_row(&doc->entries[j], type,
					st)) < 0)
				break;
		}
		sqlite3_reset(st);
		if (error == 0 && rc != SQLITE_DONE)
			error = glossa_store__store_error(s, rc, "cannot read forms");
	}
	if (error == 0)
		error = glossa_doc_canonicalize(doc);
out:
	(void)i;
	free(byid);
	free(ids);
	if (error < 0) {
		glossa_doc_free(doc);
		return error;
	}
	*out = doc;
	return 0;
}

/*
 * Entries and forms are two statements: one read snapshot holds them
 * together, or a write committed between them gives a document the
 * glossary never was (an entry without its house form, which cannot be
 * imported again).
 */
int glossa_store_export(glossa_doc **out, glossa_store *s,
	const glossa_filter *filter)
{
	int error;

	*out = NULL;
	if ((error = glossa_store__read_begin(s)) < 0)
		return error;
	error = glossa_store__read_end(s, export_in(out, s, filter, false));
	if (error < 0 && *out) {
		glossa_doc_free(*out);
		*out = NULL;
	}
	return error;
}

int glossa_store__export_native(glossa_doc **out, glossa_store *s)
{
	int error;

	*out = NULL;
	if ((error = glossa_store__read_begin(s)) < 0)
		return error;
	error = glossa_store__read_end(s, export_in(out, s, NULL, true));
	if (error < 0 && *out) {
		glossa_doc_free(*out);
		*out = NULL;
	}
	return error;
}

/* Does form f have name key `key`? */
static int form_has_key(bool *out, const glossa_form *f, const char *key)
{
	char **keys = NULL;
	size_t n = 0, i;
	int error;

	*out = false;
	if ((error = glossa_store__form_keys(&keys, &n, f)) < 0)
		return error;
	for (i = 0; i < n && !*out; i++)
		*out = strcmp(keys[i], key) == 0;
	glossa_morph__free_list(keys, n);
	return 0;
}

/* The keys of the entries with a form keyed `key`: an index hit, or on a
 * glossary of an older schema opened read-only, a look at every form. */
static int entries_keyed(char ***keys, size_t *nkeys, glossa_store *s,
	const char *key)
{
	sqlite3_stmt *st = NULL;
	size_t akeys = 0;
	int error = 0, rc;

	if (s->version < 3 || !s->keys_ok) {
		glossa_doc *all = NULL;
		size_t i, j;

		if ((error = glossa_store_export(&all, s, NULL)) < 0)
			return error;
		for (i = 0; i < all->nentries && error == 0; i++) {
			bool has = false;

			for (j = 0; j < all->entries[i].nforms && !has &&
			     error == 0; j++)
				error = form_has_key(&has,
					&all->entries[i].forms[j], key);
			if (error == 0 && has &&
			    (error = glossa__grow((void **)keys, &akeys,
					*nkeys + 1, sizeof(char *))) == 0 &&
			    ((*keys)[*nkeys] = glossa__strdup(
					all->entries[i].key)) == NULL)
				error = GLOSSA_ERROR;
			if (error == 0 && has)
				(*nkeys)++;
		}
		glossa_doc_free(all);
		return error;
	}
	if ((error = glossa_store__stmt(&st, s, Q_FIND_KEY)) < 0)
		return error;
	glossa_store__bind_text(st, 1, key);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((error = glossa__grow((void **)keys, &akeys, *nkeys + 1,
				sizeof(char *))) < 0)
			break;
		if (((*keys)[*nkeys] = glossa__strdup(glossa_store__col_text(st, 0))) == NULL) {
			error = GLOSSA_ERROR;
			break;
		}
		(*nkeys)++;
	}
	sqlite3_reset(st);
	if (error == 0 && rc != SQLITE_DONE)
		error = glossa_store__store_error(s, rc, "cannot look up the name");
	return error;
}

/*
 * Every entry with a form that is the same name as `text` (name.c: the
 * key fix matches by), and which forms.
 */
static int find_in(glossa_doc **out, glossa_hit **hits, size_t *nhits,
	glossa_store *s, const char *text)
{
	glossa_doc *doc = NULL;
	glossa_hit *h = NULL;
	glossa_buf key = GLOSSA_BUF_INIT;
	size_t nh = 0, ah = 0, i, j;
	char **keys = NULL;
	size_t nkeys = 0, bad;
	int error;

	*out = NULL;
	*hits = NULL;
	*nhits = 0;
	if (!glossa_utf8__valid(text, strlen(text), &bad))
		return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_EINVALID, "invalid UTF-8 at byte %zu", bad);
	if ((error = glossa_name__key(&key, text)) < 0 ||
	    (error = glossa_doc_new(&doc)) < 0)
		goto out;
	if (key.size > 0 &&
	    (error = entries_keyed(&keys, &nkeys, s, key.ptr)) < 0)
		goto out;
	for (i = 0; i < nkeys && error == 0; i++) {
		int64_t id;
		error = glossa_store__load_entry(doc, &id, s, keys[i]);
	}
	if (error == 0)
		error = glossa_doc_canonicalize(doc);
	for (i = 0; i < doc->nentries && error == 0; i++) {
		for (j = 0; j < doc->entries[i].nforms && error == 0; j++) {
			bool has;

			if ((error = form_has_key(&has,
					&doc->entries[i].forms[j], key.ptr)) < 0)
				break;
			if (has) {
				if ((error = glossa__grow((void **)&h, &ah,
						nh + 1, sizeof(*h))) == 0) {
					h[nh].entry = i;
					h[nh].form = j;
					nh++;
				}
			}
		}
	}
out:
	for (i = 0; i < nkeys; i++)
		free(keys[i]);
	free(keys);
	glossa_buf_dispose(&key);
	if (error < 0) {
		glossa_doc_free(doc);
		free(h);
		return error;
	}
	*out = doc;
	*hits = h;
	*nhits = nh;
	return (int)nh;
}

/* The look-up and the entries it loads: one snapshot. */
int glossa_store_find(glossa_doc **out, glossa_hit **hits, size_t *nhits,
	glossa_store *s, const char *text)
{
	int error;

	*out = NULL;
	*hits = NULL;
	*nhits = 0;
	if ((error = glossa_store__read_begin(s)) < 0)
		return error;
	error = glossa_store__read_end(s, find_in(out, hits, nhits, s, text));
	if (error < 0) {
		glossa_doc_free(*out);
		free(*hits);
		*out = NULL;
		*hits = NULL;
		*nhits = 0;
	}
	return error;
}

/* ---- history, validation, figures ---- */

int glossa_store_history(glossa_store *s, const char *key, unsigned limit,
	int (*cb)(const glossa_history_row *row, void *payload), void *payload)
{
	sqlite3_stmt *st = NULL;
	int error, rc, stop = 0;

	if ((error = glossa_store__stmt(&st, s, s->version >= 4 ?
			(key ? Q_HISTORY_KEY : Q_HISTORY_ALL) :
			(key ? Q_HISTORY_KEY_V3 : Q_HISTORY_ALL_V3))) < 0)
		return error;
	sqlite3_bind_int64(st, 1, limit ? (sqlite3_int64)limit : -1);
	if (key)
		glossa_store__bind_text(st, 2, key);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		glossa_history_row row;

		row.id = sqlite3_column_int64(st, 0);
		row.at = glossa_store__col_text(st, 1);
		row.who = glossa_store__col_text(st, 2);
		row.action = glossa_store__col_text(st, 3);
		row.key = glossa_store__col_text(st, 4);
		row.field = glossa_store__col_text(st, 5);
		row.old_value = (const char *)sqlite3_column_text(st, 6);
		row.new_value = (const char *)sqlite3_column_text(st, 7);
		/* (Rows from before schema 4 have no change set: 0.) */
		row.change = sqlite3_column_int64(st, 8);
		row.change_what = glossa_store__col_text(st, 9);
		if ((stop = cb(&row, payload)) != 0)
			break;
	}
	sqlite3_reset(st);
	if (stop)
		return stop;
	if (rc != SQLITE_DONE)
		return glossa_store__store_error(s, rc, "cannot read the history");
	return 0;
}

/* Run SQLite's integrity check: each problem as an "error:" line in
 * `report`; the number of problems, or an error. */
int glossa_store__integrity(glossa_store *s, glossa_buf *report)
{
	sqlite3_stmt *st = NULL;
	int rc, nerr = 0;

	rc = sqlite3_prepare_v2(s->db, "PRAGMA integrity_check", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return glossa_store__store_error(s, rc, "cannot check the database");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (strcmp(glossa_store__col_text(st, 0), "ok") != 0) {
			nerr++;
			glossa_buf_printf(report, "error: database: %s\n",
				glossa_store__col_text(st, 0));
		}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return glossa_store__store_error(s, rc, "cannot check the database");
	return nerr;
}

/* One form's name key, for the in-memory pairing below. */
typedef struct {
	const char *key;
	const glossa_entry *e;
	const glossa_form *f;
} keyed_form;

/* Two forms of two entries and the least key they share. */
typedef struct {
	const char *key;
	const keyed_form *a, *b;
} keyed_pair;

static int keyed_by_key(const void *x, const void *y)
{
	const keyed_form *a = x, *b = y;
	int c = strcmp(a->key, b->key);

	if (c)
		return c;
	c = strcmp(a->e->key, b->e->key);
	return c ? c : (a->f < b->f ? -1 : a->f > b->f);
}

static int pair_by_forms(const void *x, const void *y)
{
	const keyed_pair *a = x, *b = y;

	if (a->a->f != b->a->f)
		return a->a->f < b->a->f ? -1 : 1;
	if (a->b->f != b->b->f)
		return a->b->f < b->b->f ? -1 : 1;
	return strcmp(a->key, b->key);
}

static int pair_by_report(const void *x, const void *y)
{
	const keyed_pair *a = x, *b = y;
	int c;

	if ((c = strcmp(a->key, b->key)) || (c = strcmp(a->a->e->key,
			b->a->e->key)) || (c = strcmp(a->b->e->key,
			b->b->e->key)) || (c = strcmp(a->a->f->text,
			b->a->f->text)))
		return c;
	return strcmp(a->b->f->text, b->b->f->text);
}

/*
 * shared_keys on a glossary of an older schema opened read-only (no
 * name_key index yet): the same pairs, keyed in memory.
 */
static int shared_keys_scan(glossa_store *s,
	int (*cb)(const glossa_store__pair *pair, void *payload), void *payload)
{
	glossa_doc *all = NULL;
	keyed_form *kf = NULL;
	keyed_pair *kp = NULL;
	char ***keys = NULL;
	size_t *nkeys = NULL, nforms = 0, nkf = 0, akf = 0, nkp = 0, akp = 0;
	size_t i, j, k, g, h, at = 0;
	int error;

	if ((error = glossa_store_export(&all, s, NULL)) < 0)
		return error;
	for (i = 0; i < all->nentries; i++)
		nforms += all->entries[i].nforms;
	if (nforms && ((keys = glossa__calloc(nforms, sizeof(*keys))) == NULL ||
			(nkeys = glossa__calloc(nforms, sizeof(*nkeys))) == NULL)) {
		error = GLOSSA_ERROR;
		goto out;
	}
	for (i = 0; i < all->nentries; i++) {
		const glossa_entry *e = &all->entries[i];

		for (j = 0; j < e->nforms; j++, at++) {
			/* (The given-name lexicon is never matched in copy.) */
			if (e->kind == GLOSSA_KIND_GIVEN ||
			    e->forms[j].type == GLOSSA_FORM_EXCEPTION)
				continue;
			if ((error = glossa_store__form_keys(&keys[at],
					&nkeys[at], &e->forms[j])) < 0)
				goto out;
			for (k = 0; k < nkeys[at]; k++) {
				if ((error = glossa__grow((void **)&kf, &akf,
						nkf + 1, sizeof(*kf))) < 0)
					goto out;
				kf[nkf].key = keys[at][k];
				kf[nkf].e = e;
				kf[nkf++].f = &e->forms[j];
			}
		}
	}
	if (nkf)
		qsort(kf, nkf, sizeof(*kf), keyed_by_key);
	for (g = 0; g < nkf; g = h) {
		for (h = g + 1; h < nkf && strcmp(kf[h].key, kf[g].key) == 0; h++)
			;
		for (i = g; i < h; i++)
			for (j = i + 1; j < h; j++) {
				if (kf[i].e == kf[j].e)
					continue;
				if ((error = glossa__grow((void **)&kp, &akp,
						nkp + 1, sizeof(*kp))) < 0)
					goto out;
				kp[nkp].key = kf[i].key;
				kp[nkp].a = &kf[i];
				kp[nkp++].b = &kf[j];
			}
	}
	/* Once per pair of forms, under the least key they share. */
	if (nkp) {
		qsort(kp, nkp, sizeof(*kp), pair_by_forms);
		for (i = j = 0; i < nkp; i++)
			if (j == 0 || kp[i].a->f != kp[j - 1].a->f ||
			    kp[i].b->f != kp[j - 1].b->f)
				kp[j++] = kp[i];
		nkp = j;
		qsort(kp, nkp, sizeof(*kp), pair_by_report);
	}
	for (i = 0; i < nkp && error == 0; i++) {
		glossa_store__pair pr;

		pr.key = kp[i].key;
		pr.entry[0] = kp[i].a->e->key;
		pr.entry[1] = kp[i].b->e->key;
		pr.text[0] = kp[i].a->f->text;
		pr.text[1] = kp[i].b->f->text;
		pr.type[0] = kp[i].a->f->type;
		pr.type[1] = kp[i].b->f->type;
		error = cb(&pr, payload);
	}
out:
	for (i = 0; keys && i < nforms; i++)
		glossa_morph__free_list(keys[i], nkeys[i]);
	free(keys);
	free(nkeys);
	free(kf);
	free(kp);
	glossa_doc_free(all);
	return error;
}

int glossa_store__shared_keys(glossa_store *s,
	int (*cb)(const glossa_store__pair *pair, void *payload), void *payload)
{
	if (s->version < 3 || !s->keys_ok)
		return shared_keys_scan(s, cb, payload);
	/* Two forms of two entries with a name key in common, once per
	 * pair of forms. */
	static const char pairs_sql[] =
		"SELECT min(ka.key), ea.key, a.type, a.text, eb.key, b.type,"
		"  b.text FROM name_key ka JOIN name_key kb"
		"  ON ka.key = kb.key AND ka.whole = 1 AND kb.whole = 1"
		"  JOIN form a ON a.id = ka.form_id"
		"  JOIN form b ON b.id = kb.form_id AND a.entry_id < b.entry_id"
		"  JOIN entry ea ON ea.id = a.entry_id"
		"  JOIN entry eb ON eb.id = b.entry_id"
		"  WHERE a.type <> 'exception' AND b.type <> 'exception'"
		/* (The given-name lexicon is never matched in copy.) */
		"    AND ea.kind <> 'given' AND eb.kind <> 'given'"
		"  GROUP BY a.id, b.id ORDER BY 1, ea.key, eb.key, a.text, b.text";
	sqlite3_stmt *st = NULL;
	int rc, error = 0;

	rc = sqlite3_prepare_v2(s->db, pairs_sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return glossa_store__store_error(s, rc, "cannot check the glossary");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		glossa_store__pair pr;

		pr.key = glossa_store__col_text(st, 0);
		pr.entry[0] = glossa_store__col_text(st, 1);
		pr.entry[1] = glossa_store__col_text(st, 4);
		pr.text[0] = glossa_store__col_text(st, 3);
		pr.text[1] = glossa_store__col_text(st, 6);
		if (glossa_form_type_parse(&pr.type[0], glossa_store__col_text(st, 2)) < 0)
			pr.type[0] = GLOSSA_FORM_VARIANT;
		if (glossa_form_type_parse(&pr.type[1], glossa_store__col_text(st, 5)) < 0)
			pr.type[1] = GLOSSA_FORM_VARIANT;
		if ((error = cb(&pr, payload)) != 0)
			break;
	}
	sqlite3_finalize(st);
	if (error == 0 && rc != SQLITE_DONE)
		error = glossa_store__store_error(s, rc, "cannot check the glossary");
	return error;
}

int glossa_store__entries_of_key(glossa_store *s, int64_t **ids, size_t *n,
	size_t *alloc, const char *key, bool whole)
{
	sqlite3_stmt *st = NULL;
	int error, rc;

	if ((error = glossa_store__stmt(&st, s, Q_ENTRIES_OF_KEY)) < 0)
		return error;
	glossa_store__bind_text(st, 1, key);
	sqlite3_bind_int(st, 2, whole ? 1 : 0);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((error = glossa__ids_add(ids, n, alloc,
				sqlite3_column_int64(st, 0))) < 0)
			break;
	sqlite3_reset(st);
	if (error == 0 && rc != SQLITE_DONE && rc != SQLITE_ROW)
		error = glossa_store__store_error(s, rc, "cannot look up the name");
	return error;
}

int glossa_store__load_ids(glossa_doc *doc, glossa_store *s,
	const int64_t *ids, size_t n)
{
	sqlite3_stmt *st = NULL;
	size_t i;
	int error = 0, rc;

	for (i = 0; i < n && error == 0; i++) {
		char *key = NULL;
		int64_t id;

		if ((error = glossa_store__stmt(&st, s, Q_ENTRY_KEY_BY_ID)) < 0)
			break;
		sqlite3_bind_int64(st, 1, ids[i]);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW &&
		    (key = glossa__strdup(glossa_store__col_text(st, 0))) == NULL)
			error = GLOSSA_ERROR;
		sqlite3_reset(st);
		if (error == 0 && rc != SQLITE_ROW && rc != SQLITE_DONE)
			error = glossa_store__store_error(s, rc, "cannot read an entry");
		/* (An entry removed in this transaction is gone.) */
		if (error == 0 && key)
			error = glossa_store__load_entry(doc, &id, s, key);
		free(key);
	}
	return error;
}

static int stats_in(glossa_store_stats *out, glossa_store *s)
{
	static const char sql[] =
		"SELECT 'k', kind, count(*) FROM entry GROUP BY kind"
		" UNION ALL SELECT 't', type, count(*) FROM form GROUP BY type"
		" UNION ALL SELECT 's', script, count(*) FROM form GROUP BY script"
		" UNION ALL SELECT 'h', '', count(*) FROM history";
	sqlite3_stmt *st = NULL;
	int rc, error;

	memset(out, 0, sizeof(*out));
	rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return glossa_store__store_error(s, rc, "cannot count");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *what = glossa_store__col_text(st, 0), *name = glossa_store__col_text(st, 1);
		int64_t n = sqlite3_column_int64(st, 2);
		glossa_kind k;
		glossa_form_type t;

		switch (what[0]) {
		case 'k':
			out->entries += n;
			if (glossa_kind_parse(&k, name) == 0 &&
			    (unsigned)k < GLOSSA_STATS_SLOTS)
				out->by_kind[k] += n;
			break;
		case 't':
			out->forms += n;
			if (glossa_form_type_parse(&t, name) == 0 &&
			    (unsigned)t < GLOSSA_STATS_SLOTS)
				out->by_type[t] += n;
			break;
		case 's':
			if (strcmp(name, "Latn") == 0)
				out->latin += n;
			else if (strcmp(name, "Cyrl") == 0)
				out->cyrillic += n;
			else if (strcmp(name, "Arab") == 0)
				out->arabic += n;
			else
				out->other_script += n;
			break;
		default:
			out->history = n;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return glossa_store__store_error(s, rc, "cannot count");
	out->schema = s->version;
	if ((error = glossa_store_generation(&out->generation, s)) < 0)
		return error;
	return 0;
}

/* The counts and the change counter of one commit. */
int glossa_store_stats_get(glossa_store_stats *out, glossa_store *s)
{
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = glossa_store__read_begin(s)) < 0)
		return error;
	return glossa_store__read_end(s, stats_in(out, s));
}

static int empty_in(glossa_store *s)
{
	sqlite3_stmt *st = NULL;
	int error, rc;

	if ((error = glossa_store__stmt(&st, s, Q_ANY_ENTRY)) < 0)
		return error;
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return 1;
	return glossa_store__store_error(s, rc, "cannot read the entries");
}

int glossa_store_empty(glossa_store *s)
{
	int error;

	if ((error = glossa_store__read_begin(s)) < 0)
		return error;
	return glossa_store__read_end(s, empty_in(s));
}

/*
 * "no entry KEY": with the key meant, when one is close (a slip of a
 * letter or two: "assad-bashr"), by the edit distance near-miss uses.
 * The keys are read in key order; the first of the closest wins, and a
 * tie between two is no guess.
 */
int glossa_store__no_entry(glossa_store *s, const char *key)
{
	sqlite3_stmt *st = NULL;
	char *best = NULL;
	unsigned bd = ~0u, max;
	size_t klen = strlen(key);
	bool tie = false;
	int rc;

	max = klen >= 9 ? 2 : klen >= 4 ? 1 : 0;
	if (max > 0 && glossa_store__stmt(&st, s, Q_ALL_KEYS) == 0) {
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			const char *k = glossa_store__col_text(st, 0);
			size_t n = strlen(k);
			unsigned d;

			if (n + max < klen || klen + max < n)
				continue;
			d = glossa_nearmiss__distance(key, klen, k, n);
			if (d > max || d > bd)
				continue;
			if (d == bd) {
				tie = true;
				continue;
			}
			free(best);
			if ((best = glossa__strdup(k)) == NULL)
				break;
			bd = d;
			tie = false;
		}
		sqlite3_reset(st);
	}
	if (best && !tie)
		rc = glossa_error__set(GLOSSA_ERRCLASS_STORE, GLOSSA_ENOTFOUND,
			"no entry \"%s\" in %s (did you mean %s?)", key,
			s->path, best);
	else
		rc = glossa_error__set(GLOSSA_ERRCLASS_STORE, GLOSSA_ENOTFOUND,
			"no entry \"%s\" in %s", key, s->path);
	free(best);
	return rc;
}
