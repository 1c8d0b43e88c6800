/*
 * glossa: the shared SQLite glossary.
 *
 * One database file holds entries, their forms and an append-only history
 * of every change. Several editors may write to one file at once: every
 * write is one transaction (WAL, busy timeout), so no write is lost.
 */
#ifndef GLOSSA_STORE_H
#define GLOSSA_STORE_H

#include <stdint.h>
#include "common.h"
#include "doc.h"

GLOSSA_BEGIN_DECL

typedef struct glossa_store glossa_store;

/* Flags for glossa_store_open(). */
#define GLOSSA_STORE_READONLY  (1u << 0)  /* never write; fail on writes */
#define GLOSSA_STORE_CREATE    (1u << 1)  /* create the file if missing */
#define GLOSSA_STORE_BUILTIN   (1u << 2)  /* the shipped default: read-only */

/** The schema version this library writes (PRAGMA user_version). */
#define GLOSSA_STORE_SCHEMA 1

/**
 * Open a glossary database. A missing file is GLOSSA_ENOTFOUND unless
 * GLOSSA_STORE_CREATE is given; a path that is not a regular file is
 * GLOSSA_EINVALID (before SQLite opens it); a database written by a newer
 * glossa is GLOSSA_EVERSION; an older one is migrated (unless read-only).
 * Without GLOSSA_STORE_READONLY, a file or folder this user may not write
 * is GLOSSA_EREADONLY. With it, a glossary in WAL mode whose folder this
 * user may not write is read as immutable when it has no -wal file (a
 * read that a writer overlapped is then GLOSSA_ELOCKED: try again).
 * @param[out] out receives the store; release with glossa_store_free().
 */
GLOSSA_EXTERN(int) glossa_store_open(glossa_store **out, const char *path,
	unsigned flags);

/**
 * Where the glossary comes from when no path is given on the command line:
 * `explicit_path` if not NULL, else $GLOSSA_DB, else the per-user database
 * ($XDG_DATA_HOME/glossa/glossary.db or ~/.local/share/glossa/glossary.db)
 * if it exists, else the built-in default ($GLOSSA_DEFAULT_DB, else the
 * installed one), which is opened read-only.
 * @param[out] path receives the chosen path.
 * @param[out] builtin (may be NULL) is set to 1 when that is the default.
 */
GLOSSA_EXTERN(int) glossa_store_locate(glossa_buf *path, int *builtin,
	const char *explicit_path);

/** The per-user database path (whether or not it exists). */
GLOSSA_EXTERN(int) glossa_store_user_path(glossa_buf *path);

/** The built-in default database path. */
GLOSSA_EXTERN(const char *) glossa_store_builtin_path(void);

/**
 * 0 when writes are allowed; else GLOSSA_EREADONLY with a message that, for
 * the built-in glossary, says how to make a writable copy, or
 * GLOSSA_EINVALID when the glossary's schema is not the one glossa made
 * (a trigger, view, table or index added by hand: see
 * glossa_store_validate()), which is never written.
 */
GLOSSA_EXTERN(int) glossa_store_check_writable(glossa_store *store);

/**
 * Make the file self-contained for shipping: fold the write-ahead log in,
 * switch to a rollback journal and compact it, so that it can be installed
 * read-only and opened with GLOSSA_STORE_BUILTIN.
 */
GLOSSA_EXTERN(int) glossa_store_seal(glossa_store *store);

/** Close the store. NULL is a no-op. */
GLOSSA_EXTERN(void) glossa_store_free(glossa_store *store);

/** The file the store was opened from; owned by the store. */
GLOSSA_EXTERN(const char *) glossa_store_path(const glossa_store *store);

/**
 * Who is recorded in the history for writes made through this store.
 * Default: $GLOSSA_USER, else the login name. The string is copied.
 * GLOSSA_EINVALID for a name with a control character (it could forge
 * lines where the history is printed), invalid UTF-8 or over 200 bytes;
 * such a $GLOSSA_USER makes every write fail the same way.
 */
GLOSSA_EXTERN(int) glossa_store_set_user(glossa_store *store, const char *who);

/** The change counter: it grows with every committed write. */
GLOSSA_EXTERN(int) glossa_store_generation(uint64_t *out, glossa_store *store);

/* ---- reading ---- */

/**
 * A snapshot: every read between glossa_store_read_begin() and
 * glossa_store_read_end() sees the glossary as one commit left it,
 * whatever others write meanwhile. Each read function below is one
 * snapshot by itself; the pair is for a caller that reads several times
 * (several look-ups answered from one state). Pairs nest; a write
 * inside one is an error.
 * @return 0, or an error (a glossary whose schema glossa did not make is
 * not read; a read-only reader saw the file change: GLOSSA_ELOCKED).
 */
GLOSSA_EXTERN(int) glossa_store_read_begin(glossa_store *store);
GLOSSA_EXTERN(int) glossa_store_read_end(glossa_store *store);

/** Which entries glossa_store_export() returns. Zero-init = everything. */
typedef struct {
	int kind;          /* a glossa_kind, or -1 for any */
	int status;        /* a glossa_status, or -1 for any */
	const char *lang;  /* entries with a form in this language, or NULL */
} glossa_filter;

#define GLOSSA_FILTER_INIT { -1, -1, NULL }

/**
 * The glossary (or the filtered part of it) as a canonical document.
 * @param[out] out receives a document; release with glossa_doc_free().
 */
GLOSSA_EXTERN(int) glossa_store_export(glossa_doc **out, glossa_store *store,
	const glossa_filter *filter);

/**
 * One entry by key. @return 0, or GLOSSA_ENOTFOUND.
 * @param[out] out receives a one-entry document; free with glossa_doc_free().
 */
GLOSSA_EXTERN(int) glossa_store_get(glossa_doc **out, glossa_store *store,
	const char *key);

/** One match of glossa_store_find(): indexes into the returned document. */
typedef struct {
	size_t entry;  /* index into doc->entries */
	size_t form;   /* index into doc->entries[entry].forms */
} glossa_hit;

/**
 * Look up any spelling in any script ("Asad", "Асад", "الأسد"): an index
 * lookup on the form's matching key (NFC, case-folded). Entries come back
 * whole, with `hits` naming the forms that matched.
 * @param[out] out document of the matching entries (possibly empty).
 * @param[out] hits array of *nhits matches; free() it.
 * @return the number of hits (>= 0) or a negative error.
 */
GLOSSA_EXTERN(int) glossa_store_find(glossa_doc **out, glossa_hit **hits,
	size_t *nhits, glossa_store *store, const char *text);

/* ---- writing (each call is one transaction) ---- */

/** For glossa_store_add_form(): `type` of a glossa_form_spec that is a
 * variant for Latin text, else native. */
#define GLOSSA_FORM_AUTO ((glossa_form_type)-1)

/** Add a new entry with its forms. GLOSSA_EEXISTS if the key is taken. */
GLOSSA_EXTERN(int) glossa_store_add(glossa_store *store,
	const glossa_entry *entry);

/**
 * Add the form `form` to the existing entry `key`. Its fields:
 * `type` GLOSSA_FORM_AUTO: a variant for Latin text, else native (never
 * GLOSSA_FORM_HOUSE: an entry's house form is given when it is added).
 * `script` NULL: detected from the text (Latn when it has no letters or
 * letters of several scripts). `lang` NULL: en for Latin, ru for
 * Cyrillic, ar for Arabic. `becomes` NULL: the house form, or the short
 * form for a form with fewer words (see glossa_doc_canonicalize()).
 * `note` NULL: none. `line` is not used. A variant that is already a
 * variant of another entry is added but is ambiguous; *warning (if not
 * NULL) then receives a message to show (owned by the store, valid until
 * the next call), else NULL.
 */
GLOSSA_EXTERN(int) glossa_store_add_form(glossa_store *store, const char *key,
	const glossa_form_spec *form, const char **warning);

/**
 * Add several forms to the entry `key` in one transaction: all of them
 * or, when one cannot be added, none (the error is that form's). A form
 * whose text the entry has already (or that is given twice) is left as
 * it is: `present` (n ints, may be NULL) gets 1 for it, 0 for the
 * others. Each form as for glossa_store_add_form(); the warnings of
 * forms that become ambiguous are appended to `warnings` (may be NULL),
 * one line each.
 * @return the number of forms added (>= 0) or a negative error.
 */
GLOSSA_EXTERN(int) glossa_store_add_forms(glossa_store *store,
	const char *key, const glossa_form_spec *forms, size_t n,
	int *present, glossa_buf *warnings);

/** Change an entry's kind, status or note (NULL/-1 keeps the value). */
GLOSSA_EXTERN(int) glossa_store_update(glossa_store *store, const char *key,
	int kind, int status, const char *note);

/** Remove a whole entry. GLOSSA_ENOTFOUND if there is none. */
GLOSSA_EXTERN(int) glossa_store_remove(glossa_store *store, const char *key);

/** Remove one form (not the house form) of an entry. */
GLOSSA_EXTERN(int) glossa_store_remove_form(glossa_store *store,
	const char *key, const char *text);

#define GLOSSA_IMPORT_DRY_RUN (1u << 0)  /* report, change nothing */
#define GLOSSA_IMPORT_REPLACE (1u << 1)  /* also remove what the doc lacks */
#define GLOSSA_IMPORT_FORCE   (1u << 2)  /* with REPLACE: allow a document
                                          * with no entries (which empties
                                          * the glossary); else refused */

/**
 * Merge a document into the glossary in one transaction: new entries and
 * forms are added, changed ones updated, nothing else touched (with
 * GLOSSA_IMPORT_REPLACE, entries and forms missing from the document are
 * removed). Any conflict fails the whole import and changes nothing.
 * `changes` (may be NULL) receives one line per change
 * ("+ key house \"text\"", "~ key note: old -> new", "- key ..."), and
 * a line starting "! " for each spelling that became ambiguous, and
 * `source` names the input in error messages.
 * @return the number of changes (>= 0) or a negative error.
 */
GLOSSA_EXTERN(int) glossa_store_import(glossa_store *store,
	const glossa_doc *doc, unsigned flags, glossa_buf *changes,
	const char *source);

/* ---- history, checks, figures ---- */

typedef struct {
	int64_t id;
	const char *at;      /* UTC, ISO 8601 */
	const char *who;
	const char *action;  /* add, remove, update */
	const char *key;     /* entry key */
	const char *field;   /* "entry", a form type, "note", "kind", ... */
	const char *old_value;
	const char *new_value;
	/* Added in 0.2 (schema 4): */
	int64_t change;      /* its change set (one command's writes: the
	                      * number glossa_store_undo() takes); 0 for a
	                      * row written before schema 4 */
	const char *change_what;  /* "" for an ordinary change set, else
	                      * what it was ("undo of change 12",
	                      * "restore to 2026-12-07T09:00:00.000Z") */
} glossa_history_row;

/**
 * Walk the history, newest first. `key` NULL for all entries; `limit` 0
 * for no limit. The row's strings are valid during the callback only. A
 * non-zero return from the callback stops the walk and is returned.
 */
GLOSSA_EXTERN(int) glossa_store_history(glossa_store *store, const char *key,
	unsigned limit,
	int (*cb)(const glossa_history_row *row, void *payload), void *payload);

/**
 * Start a new change set: the writes made through this store after it
 * form one change set, which glossa_store_undo() undoes as a whole. A
 * store's writes form one change set from its opening until this is
 * called (a command run is one change set). Has no effect inside a
 * write.
 */
GLOSSA_EXTERN(void) glossa_store_change_begin(glossa_store *store);

#define GLOSSA_UNDO_DRY_RUN (1u << 0)  /* report, change nothing */

/**
 * Undo change set `change` (0: the newest one, whoever made it): every
 * entry it wrote is put back as it was before, whole. It is an edit like
 * any other: one transaction, validated like glossa_store_import(),
 * recorded in the history as a change set of its own ("undo of change
 * N"), so an undo can be undone. Refused (GLOSSA_EEXISTS) when an entry
 * it wrote has been changed since by a later change set: undo that one
 * first, or use glossa_store_restore(). Change sets exist
 * from schema 4 on; older history rows cannot be undone.
 * `changes` (may be NULL) receives the change lines, as for an import.
 * @param[out] undone (may be NULL) receives the change set undone.
 * @return the number of changes (>= 0) or a negative error
 * (GLOSSA_ENOTFOUND: no such change set).
 */
GLOSSA_EXTERN(int) glossa_store_undo(glossa_store *store, int64_t change,
	int64_t *undone, unsigned flags, glossa_buf *changes);

/**
 * Put the glossary back as it was at time `at` (ISO 8601, UTC unless it
 * says otherwise: "2026-12-07", "2026-12-07T09:48:00Z", or a time as
 * glossa_store_history() gives it): every entry written after it is
 * restored, whole, as it was then (or removed if it did not exist). The
 * changes made at `at` itself are kept. One transaction, validated and
 * recorded like any edit ("restore to ..."), so it can be undone.
 * GLOSSA_EINVALID when `at` is not a time, or when history rows after it
 * predate schema 4 (they do not keep whole entries).
 * @return the number of changes (>= 0) or a negative error.
 */
GLOSSA_EXTERN(int) glossa_store_restore(glossa_store *store, const char *at,
	unsigned flags, glossa_buf *changes);

/**
 * Check the whole glossary: every entry valid, no variant that is another
 * entry's house or short form, and report ambiguous variants (one spelling
 * in two entries) and shared short forms. One line per finding is
 * appended to `report` ("error: ...", "warning: ...").
 * @return the number of errors (>= 0; warnings are not counted) or a
 * negative error code.
 */
GLOSSA_EXTERN(int) glossa_store_validate(glossa_store *store,
	glossa_buf *report, int *warnings);

/* Room for the kinds and form types of this and later versions: a
 * kind or type past it is counted in the totals only. */
#define GLOSSA_STATS_SLOTS 16

typedef struct {
	int64_t entries;
	int64_t by_kind[GLOSSA_STATS_SLOTS];  /* indexed by glossa_kind */
	int64_t forms;
	int64_t by_type[GLOSSA_STATS_SLOTS];  /* indexed by glossa_form_type */
	int64_t latin, cyrillic, arabic, other_script;
	int64_t history;
	uint64_t generation;
	int schema;
} glossa_store_stats;

GLOSSA_EXTERN(int) glossa_store_stats_get(glossa_store_stats *out,
	glossa_store *store);

/** 1 when the glossary has no entry, 0 when it has one, or a negative
 * error (a look-up of one row, whatever the glossary's size). */
GLOSSA_EXTERN(int) glossa_store_empty(glossa_store *store);

GLOSSA_END_DECL

#endif
