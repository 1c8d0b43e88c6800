/*
 * What the store's files share (store.c: the database, its schema and
 * transactions; store_read.c: reading and looking up; store_write.c:
 * writing). Not for other modules: edit.c, above, has store_int.h.
 */
#ifndef GLOSSA_STORE_PRIV_H
#define GLOSSA_STORE_PRIV_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sqlite3.h>
#include "internal.h"
#include "store_int.h"

typedef enum {
	Q_ENTRY_BY_KEY,
	Q_FORMS_OF_ENTRY,
	Q_ENTRY_INSERT,
	Q_ENTRY_UPDATE,
	Q_ENTRY_DELETE,
	Q_FORM_INSERT,
	Q_FORM_UPDATE,
	Q_FORM_DELETE,
	Q_HISTORY_INSERT,
	Q_GENERATION_BUMP,
	Q_GENERATION_GET,
	Q_FIND_KEY,
	Q_CONFLICTS_OF_KEY,
	Q_EXPORT_ENTRIES,
	Q_ALL_FORMS,
	Q_NATIVE_ENTRIES,
	Q_NATIVE_FORMS,
	Q_HISTORY_ALL,
	Q_HISTORY_KEY,
	Q_NAME_KEY_INSERT,
	Q_NAME_KEY_DELETE,
	Q_ENTRIES_OF_KEY,
	Q_ENTRY_KEY_BY_ID,
	Q_HISTORY_ALL_V3,
	Q_HISTORY_KEY_V3,
	Q_NOW,
	Q_TIME_NORM,
	Q_CHANGE_INSERT,
	Q_CHANGE_GET,
	Q_SNAPSHOT_INSERT,
	Q_SNAPSHOTS_OF_CHANGE,
	Q_SNAPSHOTS_AFTER,
	Q_SNAPSHOT_LATER,
	Q_HISTORY_OLD_AFTER,
	Q_ALL_KEYS,
	Q_ANY_ENTRY,
	Q_COUNT
} query_id;

struct glossa_store {
	sqlite3 *db;
	char *path;
	char *who;
	unsigned flags;
	sqlite3_stmt *stmt[Q_COUNT];
	char warning[512];
	int busy_ms;  /* how long to wait for another writer */
	int changes;  /* rows of history written in the open transaction */
	glossa_buf *notes;  /* during an import: where warnings go */
	int version;  /* the schema as opened (older: read-only) */
	bool keys_ok; /* the name_key index holds name.c's keys of now */
	int depth;    /* open transactions (nested ones commit nothing) */
	bool reading; /* the open transaction is a read snapshot */
	int64_t *touched;   /* entries written in the open transaction */
	size_t ntouched, atouched;
	char **gone;        /* name keys of the forms it removed */
	size_t ngone, agone;
	/* The history (schema 4): the change set this handle's writes
	 * join (0: none yet; made by the first write), whether the open
	 * transaction made it, and for an undo or restore, what it is
	 * (such a set ends with its transaction). */
	int64_t change_id;
	bool change_fresh;
	int64_t change_undoes;
	char change_what[128];
	char tx_at[40];     /* the open transaction's time ("": not yet) */
	glossa_strmap pending;  /* the entries the open transaction writes */
	char **pending_old;     /* each as it was before (NULL: none) */
	size_t apending;
	glossa_buf schema_diff; /* how the schema differs from glossa's,
	                         * a line per object (empty: it does not) */
	int ndiff;          /* ... and in how many objects */
	bool unreadable;    /* ... and one of glossa's tables or indexes is
	                     * not as glossa made it */
	char *first_diff;   /* the first of them, for one-line errors */
	bool immutable;     /* opened immutable=1 (read-only, no WAL) */
	struct stat sb;     /* ... the file then, to see it change */
	unsigned long ticks; /* progress ticks of the running operation */
};

int glossa_store__store_error(glossa_store *s, int rc, const char *what);
int glossa_store__readonly_error(glossa_store *s);
int glossa_store__stmt(sqlite3_stmt **out, glossa_store *s, query_id q);
int glossa_store__bind_text(sqlite3_stmt *st, int i, const char *v);
const char *glossa_store__col_text(sqlite3_stmt *st, int i);
int glossa_store__step_done(glossa_store *s, sqlite3_stmt *st, const char *what);
int glossa_store__exec(glossa_store *s, const char *sql, const char *what);
int glossa_store__tx_begin(glossa_store *s);
int glossa_store__tx_end(glossa_store *s, int error, bool dry_run);
int glossa_store__history(glossa_store *s, const char *action, const char *key,
	const char *field, const char *old_value, const char *new_value);
int glossa_store__touch(glossa_store *s, int64_t id);
int glossa_store__name_keys_set(glossa_store *s, int64_t form_id,
	glossa_form_type type, const char *text, const char *script,
	const char *lang);
int glossa_store__going(glossa_store *s, const glossa_form *f);
/* The name keys of a form (none for an exception: a phrase, not a
 * spelling); free with glossa_morph__free_list(). */
int glossa_store__form_keys(char ***keys, size_t *n, const glossa_form *f);
int glossa_store__load_forms(glossa_store *s, glossa_entry *e, int64_t id);

/*
 * The history (store.c). Before the open transaction first writes entry
 * `key`, glossa_store__before() keeps it as it is; when the transaction
 * commits, each such entry is recorded as it was and as it is.
 */
int glossa_store__before(glossa_store *s, const char *key);
/* Entry `key` as TSV lines (the export's, without the header): the form
 * the history keeps; *out NULL when there is no such entry. free() it. */
int glossa_store__entry_text(char **out, glossa_store *s, const char *key);
/* The time of the open transaction, as the history writes it. */
int glossa_store__now(glossa_store *s, const char **out);

#endif
