/*
 * The store's internal interface (not installed), for the edit layer
 * above it (edit.c): the writes without their validation, inside a
 * transaction that edit.c opens and closes around them.
 */
#ifndef GLOSSA_STORE_INT_H
#define GLOSSA_STORE_INT_H

#include <stdbool.h>
#include <stdint.h>
#include "internal.h"

/* Open and close a write transaction. They nest: the store's writes open
 * their own inside the caller's, and only the outermost end commits (or,
 * on error or `dry_run`, rolls back). */
int glossa_store__begin(glossa_store *s);
int glossa_store__end(glossa_store *s, int error, bool dry_run);

/* Open and close a read snapshot: the reads between them see one
 * committed state of the glossary. They nest, and inside a write
 * transaction they are that transaction. A write inside a snapshot is an
 * error. read_end returns `error`. */
int glossa_store__read_begin(glossa_store *s);
int glossa_store__read_end(glossa_store *s, int error);

/* How the schema differs from the one glossa made: an "error: schema:"
 * line per object appended to `report`; their number (0: none). */
int glossa_store__schema_report(glossa_store *s, glossa_buf *report);

/* The entries (row ids) written in the open transaction. */
const int64_t *glossa_store__touched(const glossa_store *s, size_t *n);

/* The name keys of the forms removed in the open transaction. */
char *const *glossa_store__gone(const glossa_store *s, size_t *n);

/* The writes, as glossa_store_add() & co. without checking that the
 * glossary settles (edit.c does). */
int glossa_store__add(glossa_store *s, const glossa_entry *entry);
int glossa_store__add_form(glossa_store *s, const char *key,
	const glossa_form_spec *form, const char **warning);
int glossa_store__update(glossa_store *s, const char *key, int kind,
	int status, const char *note);
int glossa_store__remove(glossa_store *s, const char *key);
int glossa_store__remove_form(glossa_store *s, const char *key,
	const char *text);
int glossa_store__import(glossa_store *s, const glossa_doc *in,
	unsigned flags, glossa_buf *changes, const char *source);
/* Put back the entries change set `change` (0: the newest) wrote, or
 * those written after time `at`; the number of changes. */
int glossa_store__undo(glossa_store *s, int64_t change, int64_t *undone,
	glossa_buf *changes);
int glossa_store__restore(glossa_store *s, const char *at,
	glossa_buf *changes);

/* Append to *ids (no duplicates) the entries that have a form with name
 * key `key` (`whole`), or whose house or short form has a run of words
 * with that key (!whole). */
int glossa_store__entries_of_key(glossa_store *s, int64_t **ids, size_t *n,
	size_t *alloc, const char *key, bool whole);

/* Load the entries with these row ids into doc (ones gone are skipped). */
int glossa_store__load_ids(glossa_doc *doc, glossa_store *s,
	const int64_t *ids, size_t n);

/* Like glossa_store_export(), but only the entries with a native form in
 * Cyrillic or Arabic script (all their forms): what translit indexes,
 * without reading a large glossary's Latin entries (ranges of an index,
 * not a pass over every form: store.c, NATIVE_IDS). */
int glossa_store__export_native(glossa_doc **out, glossa_store *s);

/* SQLite's integrity check, a line per problem: their number. */
int glossa_store__integrity(glossa_store *s, glossa_buf *report);

/* Two forms of two entries that share a name key. */
typedef struct {
	const char *key;
	const char *entry[2];
	const char *text[2];
	glossa_form_type type[2];
} glossa_store__pair;

int glossa_store__shared_keys(glossa_store *s,
	int (*cb)(const glossa_store__pair *pair, void *payload), void *payload);

/* The entry `key` into doc (*id 0 when there is none), store_read.c. */
int glossa_store__load_entry(glossa_doc *doc, int64_t *id, glossa_store *s,
	const char *key);
/* GLOSSA_ENOTFOUND, "no entry KEY in PATH", with "(did you mean K?)"
 * when a key is a letter or two away (store_read.c). */
int glossa_store__no_entry(glossa_store *s, const char *key);

#endif
