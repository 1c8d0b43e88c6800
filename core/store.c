/*
 * The glossary store: one SQLite file with entries, forms and an
 * append-only history.
 *
 * Every write is one IMMEDIATE transaction, so concurrent editors queue on
 * the write lock (WAL, busy timeout) instead of losing writes. No SQL is
 * ever built from strings: all statements are constants, values are bound.
 */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sqlite3.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include "internal.h"
#include "morph.h"
#include "name.h"
#include "store_priv.h"

#define BUSY_TIMEOUT_MS 60000
/* The bound on one operation's SQLite steps (see defend()). */
#define PROGRESS_OPS 10000
#define PROGRESS_TICKS 500000UL
/* 'GLSA': marks the file as a glossa glossary (PRAGMA application_id). */
#define APPLICATION_ID 0x474c5341

/*
 * Schema migrations: entry N brings a database from user_version N to N+1.
 * Never edit a released step; append a new one.
 */
static const char *const migrations[] = {
	/* 0 -> 1 */
	"CREATE TABLE meta ("
	"  name TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL"
	") WITHOUT ROWID;"
	"INSERT INTO meta VALUES ('generation', '0');"
	"CREATE TABLE entry ("
	"  id INTEGER PRIMARY KEY,"
	"  key TEXT NOT NULL UNIQUE,"
	"  kind TEXT NOT NULL"
	"    CHECK (kind IN ('person', 'place', 'org', 'term')),"
	"  status TEXT NOT NULL"
	"    CHECK (status IN ('approved', 'proposed', 'deprecated')),"
	"  note TEXT NOT NULL DEFAULT ''"
	");"
	"CREATE TABLE form ("
	"  id INTEGER PRIMARY KEY,"
	"  entry_id INTEGER NOT NULL REFERENCES entry(id) ON DELETE CASCADE,"
	"  type TEXT NOT NULL CHECK (type IN"
	"    ('house', 'short', 'alternate', 'variant', 'native')),"
	"  text TEXT NOT NULL CHECK (text <> ''),"
	"  script TEXT NOT NULL,"
	"  lang TEXT NOT NULL,"
	"  becomes TEXT NOT NULL DEFAULT '',"
	"  note TEXT NOT NULL DEFAULT '',"
	"  match_key TEXT NOT NULL,"
	"  UNIQUE (entry_id, match_key, lang)"
	");"
	"CREATE INDEX form_match_key ON form(match_key);"
	"CREATE INDEX form_entry ON form(entry_id);"
	"CREATE UNIQUE INDEX form_one_house ON form(entry_id)"
	"  WHERE type = 'house';"
	"CREATE UNIQUE INDEX form_one_short ON form(entry_id)"
	"  WHERE type = 'short';"
	"CREATE TABLE history ("
	"  id INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL,"
	"  who TEXT NOT NULL,"
	"  action TEXT NOT NULL,"
	"  entry_key TEXT NOT NULL,"
	"  field TEXT NOT NULL,"
	"  old_value TEXT,"
	"  new_value TEXT"
	");"
	"CREATE INDEX history_entry ON history(entry_key);"
	"CREATE TRIGGER history_no_update BEFORE UPDATE ON history"
	"  BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END;"
	"CREATE TRIGGER history_no_delete BEFORE DELETE ON history"
	"  BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END;",
	/* 1 -> 2: the kind "given" (the transliteration lexicon) and the
	 * form types "alone" and "exception". SQLite cannot change a CHECK
	 * constraint, so both tables are made anew (migrations run before
	 * foreign keys are turned on). */
	"CREATE TABLE entry2 ("
	"  id INTEGER PRIMARY KEY,"
	"  key TEXT NOT NULL UNIQUE,"
	"  kind TEXT NOT NULL"
	"    CHECK (kind IN ('person', 'place', 'org', 'term', 'given')),"
	"  status TEXT NOT NULL"
	"    CHECK (status IN ('approved', 'proposed', 'deprecated')),"
	"  note TEXT NOT NULL DEFAULT ''"
	");"
	"INSERT INTO entry2 SELECT id, key, kind, status, note FROM entry;"
	"CREATE TABLE form2 ("
	"  id INTEGER PRIMARY KEY,"
	"  entry_id INTEGER NOT NULL REFERENCES entry(id) ON DELETE CASCADE,"
	"  type TEXT NOT NULL CHECK (type IN ('house', 'short', 'alternate',"
	"    'variant', 'native', 'alone', 'exception')),"
	"  text TEXT NOT NULL CHECK (text <> ''),"
	"  script TEXT NOT NULL,"
	"  lang TEXT NOT NULL,"
	"  becomes TEXT NOT NULL DEFAULT '',"
	"  note TEXT NOT NULL DEFAULT '',"
	"  match_key TEXT NOT NULL,"
	"  UNIQUE (entry_id, match_key, lang)"
	");"
	"INSERT INTO form2 SELECT id, entry_id, type, text, script, lang,"
	"  becomes, note, match_key FROM form;"
	"DROP TABLE form;"
	"DROP TABLE entry;"
	"ALTER TABLE entry2 RENAME TO entry;"
	"ALTER TABLE form2 RENAME TO form;"
	"CREATE INDEX form_match_key ON form(match_key);"
	"CREATE INDEX form_entry ON form(entry_id);"
	"CREATE UNIQUE INDEX form_one_house ON form(entry_id)"
	"  WHERE type = 'house';"
	"CREATE UNIQUE INDEX form_one_short ON form(entry_id)"
	"  WHERE type = 'short';",
	/* 2 -> 3: the name keys (name.c) of every form, so that a look-up
	 * by name is an index hit: `whole` rows are the keys the form is
	 * matched by (a Russian form's case forms included); rows with
	 * whole = 0 are the keys of the runs of words of a house or short
	 * form, where another spelling could match inside it. Filled by
	 * name_keys_fill() (ICU: not SQL). */
	"CREATE TABLE name_key ("
	"  key TEXT NOT NULL,"
	"  form_id INTEGER NOT NULL REFERENCES form(id) ON DELETE CASCADE,"
	"  whole INTEGER NOT NULL"
	");"
	"CREATE INDEX name_key_key ON name_key(key, whole);"
	"CREATE INDEX name_key_form ON name_key(form_id);",
	/* 3 -> 4: a history that can rebuild. Every command run is a
	 * change set; every history row names its set (rows from before
	 * have none); and for each entry a transaction writes, the entry
	 * as it was before and after it, whole (kind, status, note, every
	 * form with its script, language, `becomes` and note), as the
	 * glossary's TSV lines: what `glossary undo` and `restore` put
	 * back. All append-only, like the history itself. */
	"CREATE TABLE change_set ("
	"  id INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL,"
	"  who TEXT NOT NULL,"
	"  what TEXT NOT NULL DEFAULT '',"
	"  undoes INTEGER"
	");"
	"ALTER TABLE history ADD COLUMN change_id INTEGER"
	"  REFERENCES change_set(id);"
	"CREATE TABLE history_snapshot ("
	"  id INTEGER PRIMARY KEY,"
	"  change_id INTEGER NOT NULL REFERENCES change_set(id),"
	"  at TEXT NOT NULL,"
	"  entry_key TEXT NOT NULL,"
	"  old_entry TEXT,"
	"  new_entry TEXT"
	");"
	"CREATE INDEX history_snapshot_key ON history_snapshot(entry_key);"
	"CREATE INDEX history_snapshot_change ON history_snapshot(change_id);"
	"CREATE INDEX history_snapshot_at ON history_snapshot(at);"
	"CREATE TRIGGER change_set_no_update BEFORE UPDATE ON change_set"
	"  BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END;"
	"CREATE TRIGGER change_set_no_delete BEFORE DELETE ON change_set"
	"  BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END;"
	"CREATE TRIGGER history_snapshot_no_update BEFORE UPDATE ON history_snapshot"
	"  BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END;"
	"CREATE TRIGGER history_snapshot_no_delete BEFORE DELETE ON history_snapshot"
	"  BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END;",
};

#define NMIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))


/*
 * translit's part of a glossary: the entries with a Cyrillic or Arabic
 * native form. Not a pass over every form (a 100,000-entry glossary has
 * half a million): ranges of the match_key index. A form starts with a
 * letter or digit of its own script or of none (doc.c), and folding
 * keeps a Cyrillic, Arabic or common character out of the Latin
 * letters; so a Cyrillic or Arabic form's key starts below 'A', between
 * 'Z' and 'a', between 'z' and U+00C0, or at U+02B0 (modifier letters,
 * Greek, Cyrillic, Arabic...) or above: every key but those that start
 * with a Latin letter (tests/translit/test-native.c).
 */
#define NATIVE_IDS \
	"SELECT entry_id FROM form" \
	"  WHERE (match_key < 'A'" \
	"    OR (match_key >= '[' AND match_key < 'a')" \
	"    OR (match_key >= '{' AND match_key < char(192))" \
	"    OR match_key >= char(688))" \
	"  AND type = 'native' AND script IN ('Cyrl', 'Arab')"

static const char *const queries[Q_COUNT] = {
	[Q_ENTRY_BY_KEY] =
		"SELECT id, kind, status, note FROM entry WHERE key = ?1",
	[Q_FORMS_OF_ENTRY] =
		"SELECT id, type, text, script, lang, becomes, note"
		"  FROM form WHERE entry_id = ?1",
	[Q_ENTRY_INSERT] =
		"INSERT INTO entry (key, kind, status, note)"
		"  VALUES (?1, ?2, ?3, ?4)",
	[Q_ENTRY_UPDATE] =
		"UPDATE entry SET kind = ?2, status = ?3, note = ?4"
		"  WHERE id = ?1",
	[Q_ENTRY_DELETE] = "DELETE FROM entry WHERE id = ?1",
	[Q_FORM_INSERT] =
		"INSERT INTO form (entry_id, type, text, script, lang, becomes,"
		"  note, match_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[Q_FORM_UPDATE] =
		"UPDATE form SET type = ?2, script = ?3, becomes = ?4,"
		"  note = ?5 WHERE id = ?1",
	[Q_FORM_DELETE] = "DELETE FROM form WHERE id = ?1",
	[Q_HISTORY_INSERT] =
		"INSERT INTO history (at, who, action, entry_key, field,"
		"  old_value, new_value, change_id) VALUES"
		"  (?7, ?1, ?2, ?3, ?4, ?5, ?6, ?8)",
	[Q_NOW] = "SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
	[Q_TIME_NORM] =
		"SELECT strftime('%Y-%m-%dT%H:%M:%fZ', ?1)",
	[Q_CHANGE_INSERT] =
		"INSERT INTO change_set (at, who, what, undoes)"
		"  VALUES (?1, ?2, ?3, ?4)",
	[Q_CHANGE_GET] =
		"SELECT id, at, who, what FROM change_set"
		"  WHERE id = coalesce(?1, (SELECT max(id) FROM change_set))",
	[Q_SNAPSHOT_INSERT] =
		"INSERT INTO history_snapshot (change_id, at, entry_key,"
		"  old_entry, new_entry) VALUES (?1, ?2, ?3, ?4, ?5)",
	[Q_SNAPSHOTS_OF_CHANGE] =
		"SELECT entry_key, old_entry, new_entry FROM history_snapshot"
		"  WHERE change_id = ?1 ORDER BY id",
	[Q_SNAPSHOTS_AFTER] =
		"SELECT entry_key, old_entry FROM history_snapshot"
		"  WHERE at > ?1 ORDER BY id",
	[Q_SNAPSHOT_LATER] =
		"SELECT change_id FROM history_snapshot WHERE entry_key = ?1"
		"  AND change_id > ?2 ORDER BY id DESC LIMIT 1",
	[Q_HISTORY_OLD_AFTER] =
		"SELECT max(at) FROM history WHERE change_id IS NULL"
		"  AND at > ?1",
	[Q_GENERATION_BUMP] =
		"UPDATE meta SET value = CAST(value AS INTEGER) + 1"
		"  WHERE name = 'generation'",
	[Q_GENERATION_GET] =
		"SELECT CAST(value AS INTEGER) FROM meta"
		"  WHERE name = 'generation'",
	[Q_FIND_KEY] =
		"SELECT DISTINCT e.key FROM name_key k JOIN form f"
		"  ON f.id = k.form_id JOIN entry e ON e.id = f.entry_id"
		"  WHERE k.key = ?1 AND k.whole = 1 ORDER BY e.key",
	[Q_CONFLICTS_OF_KEY] =
		"SELECT DISTINCT e.key, f.type, f.text FROM name_key k"
		"  JOIN form f ON f.id = k.form_id JOIN entry e"
		"  ON e.id = f.entry_id"
		"  WHERE k.key = ?1 AND k.whole = 1 AND e.key <> ?2"
		"    AND f.type <> 'exception'"
		/* The given-name lexicon is never matched in copy: its
		 * "Saleh" may be the short form of a person, and the
		 * Arabic and the Persian lexicon may both say "Ali". */
		"    AND e.kind <> 'given'"
		"    AND (SELECT kind FROM entry WHERE key = ?2) IS NOT 'given'"
		"  ORDER BY e.key, f.text",
	[Q_EXPORT_ENTRIES] =
		"SELECT e.id, e.key, e.kind, e.status, e.note FROM entry e"
		"  WHERE (?1 IS NULL OR e.kind = ?1)"
		"    AND (?2 IS NULL OR e.status = ?2)"
		"    AND (?3 IS NULL OR EXISTS (SELECT 1 FROM form f"
		"         WHERE f.entry_id = e.id AND f.lang = ?3))"
		"  ORDER BY e.key",
	[Q_ALL_FORMS] =
		"SELECT f.entry_id, f.type, f.text, f.script, f.lang,"
		"  f.becomes, f.note FROM form f ORDER BY f.entry_id",
	[Q_NATIVE_ENTRIES] =
		"SELECT e.id, e.key, e.kind, e.status, e.note FROM entry e"
		"  WHERE e.id IN (" NATIVE_IDS ") ORDER BY e.key",
	[Q_NATIVE_FORMS] =
		"SELECT f.entry_id, f.type, f.text, f.script, f.lang,"
		"  f.becomes, f.note FROM form f"
		"  WHERE f.entry_id IN (" NATIVE_IDS ") ORDER BY f.entry_id",
	[Q_NAME_KEY_INSERT] =
		"INSERT INTO name_key (key, form_id, whole) VALUES (?1, ?2, ?3)",
	[Q_NAME_KEY_DELETE] = "DELETE FROM name_key WHERE form_id = ?1",
	[Q_ENTRIES_OF_KEY] =
		"SELECT DISTINCT f.entry_id FROM name_key k JOIN form f"
		"  ON f.id = k.form_id WHERE k.key = ?1 AND k.whole = ?2",
	[Q_ENTRY_KEY_BY_ID] = "SELECT key FROM entry WHERE id = ?1",
	[Q_ALL_KEYS] = "SELECT key FROM entry ORDER BY key",
	[Q_ANY_ENTRY] = "SELECT 1 FROM entry LIMIT 1",
	/* (The _V3 forms read a glossary of an older schema opened
	 * read-only: its rows have no change set.) */
	[Q_HISTORY_ALL] =
		"SELECT h.id, h.at, h.who, h.action, h.entry_key, h.field,"
		"  h.old_value, h.new_value, h.change_id, c.what FROM history h"
		"  LEFT JOIN change_set c ON c.id = h.change_id"
		"  ORDER BY h.id DESC LIMIT ?1",
	[Q_HISTORY_KEY] =
		"SELECT h.id, h.at, h.who, h.action, h.entry_key, h.field,"
		"  h.old_value, h.new_value, h.change_id, c.what FROM history h"
		"  LEFT JOIN change_set c ON c.id = h.change_id"
		"  WHERE h.entry_key = ?2 ORDER BY h.id DESC LIMIT ?1",
	[Q_HISTORY_ALL_V3] =
		"SELECT id, at, who, action, entry_key, field, old_value,"
		"  new_value, NULL, NULL FROM history ORDER BY id DESC LIMIT ?1",
	[Q_HISTORY_KEY_V3] =
		"SELECT id, at, who, action, entry_key, field, old_value,"
		"  new_value, NULL, NULL FROM history WHERE entry_key = ?2"
		"  ORDER BY id DESC LIMIT ?1",
};


static int tampered_error(glossa_store *s, bool write);
static bool file_exists(const char *path, const char *suffix);

/* ---- errors ---- */

int glossa_store__store_error(glossa_store *s, int rc, const char *what)
{
	int code = GLOSSA_ERROR;
	const char *msg = s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc);

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return glossa_error__set(GLOSSA_ERRCLASS_STORE, GLOSSA_ELOCKED,
			"%s: the glossary is locked by another writer (waited %.1f s); try again",
			s->path, (s->busy_ms ? s->busy_ms : BUSY_TIMEOUT_MS) / 1000.0);
	case SQLITE_READONLY:
		code = GLOSSA_EREADONLY;
		break;
	case SQLITE_NOTADB:
		return glossa_error__set(GLOSSA_ERRCLASS_STORE, GLOSSA_EINVALID,
			"%s: not a glossa glossary (not an SQLite database)",
			s->path);
	case SQLITE_CORRUPT:
		return glossa_error__set(GLOSSA_ERRCLASS_STORE, GLOSSA_EINVALID,
			"%s: the glossary database is damaged (%s)", s->path, msg);
	case SQLITE_FULL:
		return glossa_error__set(GLOSSA_ERRCLASS_STORE, GLOSSA_ERROR,
			"%s: the disk is full; nothing was changed", s->path);
	case SQLITE_IOERR:
		return glossa_error__set(GLOSSA_ERRCLASS_STORE, GLOSSA_ERROR,
			"%s: cannot write the glossary (%s: disk full or I/O error); nothing was changed",
			s->path, msg);
	case SQLITE_CANTOPEN:
		code = GLOSSA_ENOTFOUND;
		break;
	case SQLITE_INTERRUPT:
		/* The progress handler stopped a runaway query. */
		if (s->ticks > PROGRESS_TICKS)
			return glossa_error__set(GLOSSA_ERRCLASS_STORE,
				GLOSSA_EINVALID,
				"%s: a query ran past %lu million steps and was stopped: the glossary may have been tampered with (see 'glossa glossary validate')",
				s->path, PROGRESS_TICKS * PROGRESS_OPS / 1000000UL);
		break;
	}
	return glossa_error__set(GLOSSA_ERRCLASS_STORE, code, "%s: %s: %s",
		s->path, what, msg);
}

int glossa_store__readonly_error(glossa_store *s)
{
	if (s->flags & GLOSSA_STORE_BUILTIN) {
		glossa_buf user = GLOSSA_BUF_INIT;
		int r;

		glossa_store_user_path(&user);
		r = glossa_error__set(GLOSSA_ERRCLASS_STORE, GLOSSA_EREADONLY,
			"%s: the built-in glossary is read-only; make your own copy with 'glossa glossary init --from-default' (it goes to %s) or name one with --glossary",
			s->path, user.ptr ? user.ptr : "~/.local/share/glossa/glossary.db");
		glossa_buf_dispose(&user);
		return r;
	}
	return glossa_error__set(GLOSSA_ERRCLASS_STORE, GLOSSA_EREADONLY,
		"%s: the glossary was opened read-only", s->path);
}

/* ---- statements ---- */

int glossa_store__stmt(sqlite3_stmt **out, glossa_store *s, query_id q)
{
	int rc;

	if (s->stmt[q] == NULL) {
		rc = sqlite3_prepare_v3(s->db, queries[q], -1,
			SQLITE_PREPARE_PERSISTENT, &s->stmt[q], NULL);
		if (rc != SQLITE_OK)
			return glossa_store__store_error(s, rc, "cannot prepare a query");
	} else {
		sqlite3_reset(s->stmt[q]);
		sqlite3_clear_bindings(s->stmt[q]);
	}
	*out = s->stmt[q];
	return 0;
}

int glossa_store__bind_text(sqlite3_stmt *st, int i, const char *v)
{
	return sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

const char *glossa_store__col_text(sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);

	return t ? t : "";
}

/* Run a statement that returns no rows. */
int glossa_store__step_done(glossa_store *s, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return glossa_store__store_error(s, rc, what);
	return 0;
}

int glossa_store__exec(glossa_store *s, const char *sql, const char *what)
{
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : glossa_store__store_error(s, rc, what);
}

/* ---- transactions ---- */

static int who_check(const char *who);
static void pending_clear(glossa_store *s);
static int history_flush(glossa_store *s);

int glossa_store_check_writable(glossa_store *s)
{
	if (s->flags & (GLOSSA_STORE_READONLY | GLOSSA_STORE_BUILTIN))
		return glossa_store__readonly_error(s);
	if (s->ndiff > 0)
		return tampered_error(s, true);
	return 0;
}

/*
 * Transactions nest: the edit layer (edit.c) opens one around a write and
 * its validation; the write's own begin and end inside it do nothing but
 * count, and the outermost end commits or rolls back.
 */
int glossa_store__tx_begin(glossa_store *s)
{
	int error;

	if ((error = glossa_store_check_writable(s)) < 0)
		return error;
	if (s->depth > 0 && s->reading)
		return glossa_error__set(GLOSSA_ERRCLASS_STORE, GLOSSA_ERROR,
			"internal error: a write inside a read snapshot");
	if (s->depth > 0) {
		s->depth++;
		return 0;
	}
	if ((error = who_check(s->who)) < 0)
		return error;
	s->ticks = 0;  /* a new operation: its own bound */
	s->changes = 0;
	s->ntouched = 0;
	glossa_morph__free_list(s->gone, s->ngone);
	s->gone = NULL;
	s->ngone = s->agone = 0;
	pending_clear(s);
	s->tx_at[0] = '\0';
	if ((error = glossa_store__exec(s, "BEGIN IMMEDIATE",
			"cannot start a transaction")) == 0)
		s->depth = 1;
	return error;
}

/* After the outermost transaction: a change set made by one that did
 * not commit is gone; an undo's or restore's set ends with it. */
static int change_settle(glossa_store *s, int error)
{
	if (error < 0 && s->change_fresh)
		s->change_id = 0;
	s->change_fresh = false;
	if (s->change_what[0]) {
		s->change_id = 0;
		s->change_undoes = 0;
		s->change_what[0] = '\0';
	}
	pending_clear(s);
	return error;
}

int glossa_store__tx_end(glossa_store *s, int error, bool dry_run)
{
	sqlite3_stmt *st = NULL;

	if (s->depth > 1) {
		s->depth--;
		return error;
	}
	s->depth = 0;
	if (error < 0 || dry_run) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		change_settle(s, -1);
		return error;
	}
	if ((error = history_flush(s)) < 0) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return change_settle(s, error);
	}
	if (s->changes > 0) {
		if ((error = glossa_store__stmt(&st, s, Q_GENERATION_BUMP)) < 0 ||
		    (error = glossa_store__step_done(s, st, "cannot count the change")) < 0) {
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			return change_settle(s, error);
		}
	}
	if ((error = glossa_store__exec(s, "COMMIT", "cannot commit")) < 0)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return change_settle(s, error);
}

/*
 * A read snapshot: everything read between read_begin and read_end sees
 * the glossary as one commit left it, whatever other connections write
 * meanwhile. Nests, and inside a write transaction is that transaction.
 */
int glossa_store__read_begin(glossa_store *s)
{
	int error;

	if (s->depth > 0) {
		s->depth++;
		return 0;
	}
	if (s->unreadable)
		return tampered_error(s, false);
	s->ticks = 0;  /* a new operation: its own bound */
	if ((error = glossa_store__exec(s, "BEGIN DEFERRED",
			"cannot start reading")) < 0)
		return error;
	s->depth = 1;
	s->reading = true;
	return 0;
}

/*
 * An immutable connection (a reader who may not write the folder) sees
 * no locks: a writer that folds its log into the file meanwhile can tear
 * what was read. Whether one did shows in the file's size, time or inode.
 */
static int unchanged_since_open(glossa_store *s)
{
	struct stat now;

	if (!s->immutable)
		return 0;
	if (stat(s->path, &now) == 0 && now.st_ino == s->sb.st_ino &&
	    now.st_dev == s->sb.st_dev && now.st_size == s->sb.st_size &&
	    now.st_mtim.tv_sec == s->sb.st_mtim.tv_sec &&
	    now.st_mtim.tv_nsec == s->sb.st_mtim.tv_nsec)
		return 0;
	return glossa_error__set(GLOSSA_ERRCLASS_STORE, GLOSSA_ELOCKED,
		"%s: the glossary was changed while it was read (it is read-only for you, so without locks); try again",
		s->path);
}

int glossa_store__read_end(glossa_store *s, int error)
{
	if (s->depth > 1) {
		s->depth--;
		return error;
	}
	s->depth = 0;
	s->reading = false;
	/* A read transaction has nothing to commit: ending it cannot lose
	 * anything, so its own failure is not the caller's. */
	sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	if (error >= 0) {
		int e = unchanged_since_open(s);

		if (e < 0)
			return e;
	}
	return error;
}

int glossa_store_read_begin(glossa_store *s)
{
	return glossa_store__read_begin(s);
}

int glossa_store_read_end(glossa_store *s)
{
	return glossa_store__read_end(s, 0);
}

int glossa_store__begin(glossa_store *s)
{
	return glossa_store__tx_begin(s);
}

int glossa_store__end(glossa_store *s, int error, bool dry_run)
{
	return glossa_store__tx_end(s, error, dry_run);
}

/* Note that entry `id` was written in this transaction. */
int glossa_store__touch(glossa_store *s, int64_t id)
{
	return glossa__ids_add(&s->touched, &s->ntouched, &s->atouched, id);
}

const int64_t *glossa_store__touched(const glossa_store *s, size_t *n)
{
	*n = s->ntouched;
	return s->touched;
}

char *const *glossa_store__gone(const glossa_store *s, size_t *n)
{
	*n = s->ngone;
	return s->gone;
}

int glossa_store__form_keys(char ***keys, size_t *n, const glossa_form *f)
{
	*keys = NULL;
	*n = 0;
	/* An exception is a phrase, not a spelling of the entry. */
	if (f->type == GLOSSA_FORM_EXCEPTION)
		return 0;
	return glossa_name__form_keys(keys, n, f->type, f->text, f->script,
		f->lang);
}

/* Note the name keys of a form about to be removed: what was ambiguous
 * with it may be fixed now, inside other entries' house forms too. */
int glossa_store__going(glossa_store *s, const glossa_form *f)
{
	char **keys = NULL;
	size_t n = 0, i;
	int error;

	if ((error = glossa_store__form_keys(&keys, &n, f)) < 0)
		return error;
	if ((error = glossa__grow((void **)&s->gone, &s->agone,
			s->ngone + n, sizeof(char *))) == 0) {
		for (i = 0; i < n; i++) {
			s->gone[s->ngone++] = keys[i];
			keys[i] = NULL;
		}
	}
	glossa_morph__free_list(keys, n);
	return error;
}

/* ---- name keys ---- */

static int name_key_put(glossa_store *s, int64_t form_id, char **keys,
	size_t n, int whole)
{
	sqlite3_stmt *st = NULL;
	size_t i;
	int error = 0;

	for (i = 0; i < n && error == 0; i++) {
		if ((error = glossa_store__stmt(&st, s, Q_NAME_KEY_INSERT)) < 0)
			break;
		glossa_store__bind_text(st, 1, keys[i]);
		sqlite3_bind_int64(st, 2, form_id);
		sqlite3_bind_int(st, 3, whole);
		error = glossa_store__step_done(s, st, "cannot index the form");
	}
	return error;
}

/* (Re)index a form's name keys (name.c). */
int glossa_store__name_keys_set(glossa_store *s, int64_t form_id,
	glossa_form_type type, const char *text, const char *script,
	const char *lang)
{
	sqlite3_stmt *st = NULL;
	char **keys = NULL;
	size_t n = 0;
	int error;

	if ((error = glossa_store__stmt(&st, s, Q_NAME_KEY_DELETE)) < 0)
		return error;
	sqlite3_bind_int64(st, 1, form_id);
	if ((error = glossa_store__step_done(s, st, "cannot index the form")) < 0)
		return error;
	/* An exception is a phrase, not a spelling of the entry. */
	if (type == GLOSSA_FORM_EXCEPTION)
		return 0;
	if ((error = glossa_name__form_keys(&keys, &n, type, text,
			script, lang)) < 0)
		return error;
	error = name_key_put(s, form_id, keys, n, 1);
	glossa_morph__free_list(keys, n);
	if (error < 0 || (type != GLOSSA_FORM_HOUSE &&
			  type != GLOSSA_FORM_SHORT))
		return error;
	if ((error = glossa_name__run_keys(&keys, &n, text)) < 0)
		return error;
	error = name_key_put(s, form_id, keys, n, 0);
	glossa_morph__free_list(keys, n);
	return error;
}

/* Index every form (the upgrade to schema 3). */
static int name_keys_fill(glossa_store *s)
{
	sqlite3_stmt *st = NULL;
	int rc, error = 0;

	rc = sqlite3_prepare_v2(s->db,
		"SELECT id, type, text, script, lang FROM form", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return glossa_store__store_error(s, rc, "cannot upgrade the glossary");
	while (error == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		glossa_form_type type;

		if (glossa_form_type_parse(&type, glossa_store__col_text(st, 1)) < 0)
			type = GLOSSA_FORM_VARIANT;
		error = glossa_store__name_keys_set(s, sqlite3_column_int64(st, 0), type,
			glossa_store__col_text(st, 2), glossa_store__col_text(st, 3),
			glossa_store__col_text(st, 4));
	}
	sqlite3_finalize(st);
	if (error == 0 && rc != SQLITE_DONE)
		error = glossa_store__store_error(s, rc, "cannot upgrade the glossary");
	return error;
}

/* ---- the history: change sets and whole entries ---- */

/*
 * Who is recorded must be one line of text: `glossary log` prints it as
 * it is, so a newline in $GLOSSA_USER would forge history lines. Refused
 * (not escaped): a name with control characters is a mistake or an
 * attack, and an escaped one would still be a name nobody has.
 */
static int who_check(const char *who)
{
	const unsigned char *p;
	size_t bad;

	if (!glossa_utf8__valid(who, strlen(who), &bad))
		return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_EINVALID,
			"the user name for the history ($GLOSSA_USER) is not valid UTF-8; nothing was changed");
	for (p = (const unsigned char *)who; *p; p++)
		/* C0 controls, DEL, and C1 controls (U+0080-U+009F) */
		if (*p < 0x20 || *p == 0x7f ||
		    (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
			return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
				GLOSSA_EINVALID,
				"the user name for the history ($GLOSSA_USER) holds a control character (a newline?): it would forge lines in 'glossary log'; nothing was changed");
	/* Invisible formatting (U+202E turns the rest of a log line
	 * around) and line or paragraph separators (U+2028, U+2029). */
	{
		int32_t i = 0, n = (int32_t)strlen(who);

		while (i < n) {
			UChar32 c;
			int8_t t;

			U8_NEXT((const uint8_t *)who, i, n, c);
			t = c < 0 ? U_UNASSIGNED : u_charType(c);
			if (t == U_FORMAT_CHAR || t == U_LINE_SEPARATOR ||
			    t == U_PARAGRAPH_SEPARATOR)
				return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
					GLOSSA_EINVALID,
					"the user name for the history ($GLOSSA_USER) holds an invisible formatting character or line separator (U+%04X): it would disguise lines in 'glossary log'; nothing was changed",
					(unsigned)c);
		}
	}
	if (p - (const unsigned char *)who > 200)
		return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_EINVALID,
			"the user name for the history ($GLOSSA_USER) is over 200 bytes; nothing was changed");
	return 0;
}

static void pending_clear(glossa_store *s)
{
	size_t i;

	for (i = 0; i < s->pending.n; i++)
		free(s->pending_old[i]);
	glossa_strmap__dispose(&s->pending);
	glossa_strmap__init(&s->pending);
}

int glossa_store__now(glossa_store *s, const char **out)
{
	sqlite3_stmt *st = NULL;
	int error, rc;

	if (s->tx_at[0] == '\0') {
		if ((error = glossa_store__stmt(&st, s, Q_NOW)) < 0)
			return error;
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			snprintf(s->tx_at, sizeof(s->tx_at), "%s",
				glossa_store__col_text(st, 0));
		sqlite3_reset(st);
		if (rc != SQLITE_ROW)
			return glossa_store__store_error(s, rc, "cannot read the time");
	}
	*out = s->tx_at;
	return 0;
}

/* The change set the writes of this handle join: made by the first. */
static int change_id(glossa_store *s, int64_t *out)
{
	sqlite3_stmt *st = NULL;
	const char *at;
	int error;

	if (s->change_id == 0) {
		if ((error = glossa_store__now(s, &at)) < 0 ||
		    (error = glossa_store__stmt(&st, s, Q_CHANGE_INSERT)) < 0)
			return error;
		glossa_store__bind_text(st, 1, at);
		glossa_store__bind_text(st, 2, s->who);
		glossa_store__bind_text(st, 3, s->change_what);
		if (s->change_undoes)
			sqlite3_bind_int64(st, 4, s->change_undoes);
		if ((error = glossa_store__step_done(s, st,
				"cannot record the change")) < 0)
			return error;
		s->change_id = sqlite3_last_insert_rowid(s->db);
		s->change_fresh = true;
	}
	*out = s->change_id;
	return 0;
}

int glossa_store__entry_text(char **out, glossa_store *s, const char *key)
{
	glossa_doc *doc = NULL;
	glossa_buf tsv = GLOSSA_BUF_INIT;
	int64_t id;
	size_t skip = 0;
	int error;

	*out = NULL;
	if ((error = glossa_doc_new(&doc)) < 0)
		return error;
	if ((error = glossa_store__load_entry(doc, &id, s, key)) < 0 ||
	    id == 0 ||
	    (error = glossa_doc_canonicalize(doc)) < 0 ||
	    (error = glossa_doc_write(&tsv, doc, GLOSSA_FORMAT_TSV)) < 0)
		goto out;
	/* (Without the header's comment lines: the same for every entry.) */
	while (skip < tsv.size && tsv.ptr[skip] == '#') {
		const char *nl = memchr(tsv.ptr + skip, '\n', tsv.size - skip);

		skip = nl ? (size_t)(nl - tsv.ptr) + 1 : tsv.size;
	}
	if ((*out = glossa__strdup(tsv.ptr + skip)) == NULL)
		error = GLOSSA_ERROR;
out:
	glossa_buf_dispose(&tsv);
	glossa_doc_free(doc);
	return error;
}

int glossa_store__before(glossa_store *s, const char *key)
{
	size_t idx;
	char *text = NULL;
	int error;

	if (glossa_strmap__get(&s->pending, key, strlen(key)) >= 0)
		return 0;
	if ((error = glossa_store__entry_text(&text, s, key)) < 0)
		return error;
	if ((error = glossa__grow((void **)&s->pending_old, &s->apending,
			s->pending.n + 1, sizeof(char *))) < 0 ||
	    (error = glossa_strmap__put(&s->pending, &idx, key,
			strlen(key))) < 0) {
		free(text);
		return error;
	}
	s->pending_old[idx] = text;
	return 0;
}

/* Record each entry the transaction wrote, as it was and as it is. */
static int history_flush(glossa_store *s)
{
	sqlite3_stmt *st = NULL;
	const char *at;
	int64_t cid;
	size_t i;
	int error = 0;

	for (i = 0; i < s->pending.n && error == 0; i++) {
		const char *key = glossa_strmap__key(&s->pending, i);
		const char *old = s->pending_old[i];
		char *now = NULL;

		if ((error = glossa_store__entry_text(&now, s, key)) < 0)
			break;
		if ((old == NULL && now == NULL) ||
		    (old && now && strcmp(old, now) == 0)) {
			free(now);
			continue;
		}
		if ((error = change_id(s, &cid)) == 0 &&
		    (error = glossa_store__now(s, &at)) == 0 &&
		    (error = glossa_store__stmt(&st, s, Q_SNAPSHOT_INSERT)) == 0) {
			sqlite3_bind_int64(st, 1, cid);
			glossa_store__bind_text(st, 2, at);
			glossa_store__bind_text(st, 3, key);
			if (old)
				glossa_store__bind_text(st, 4, old);
			if (now)
				glossa_store__bind_text(st, 5, now);
			error = glossa_store__step_done(s, st,
				"cannot record the change");
		}
		free(now);
	}
	return error;
}

int glossa_store__history(glossa_store *s, const char *action, const char *key,
	const char *field, const char *old_value, const char *new_value)
{
	sqlite3_stmt *st = NULL;
	const char *at;
	int64_t cid;
	int error;

	if ((error = change_id(s, &cid)) < 0 ||
	    (error = glossa_store__now(s, &at)) < 0 ||
	    (error = glossa_store__stmt(&st, s, Q_HISTORY_INSERT)) < 0)
		return error;
	glossa_store__bind_text(st, 7, at);
	sqlite3_bind_int64(st, 8, cid);
	glossa_store__bind_text(st, 1, s->who);
	glossa_store__bind_text(st, 2, action);
	glossa_store__bind_text(st, 3, key);
	glossa_store__bind_text(st, 4, field);
	if (old_value)
		glossa_store__bind_text(st, 5, old_value);
	if (new_value)
		glossa_store__bind_text(st, 6, new_value);
	if ((error = glossa_store__step_done(s, st, "cannot record the change")) < 0)
		return error;
	s->changes++;
	return 0;
}

/* ---- settings ---- */

/* How long a command waits for another writer: $GLOSSA_BUSY_TIMEOUT
 * milliseconds if set, else a minute. */
static int busy_timeout_ms(void)
{
	const char *v = getenv("GLOSSA_BUSY_TIMEOUT");
	char *end;
	long ms;

	if (v == NULL || *v == '\0')
		return BUSY_TIMEOUT_MS;
	ms = strtol(v, &end, 10);
	if (*end != '\0' || ms < 0 || ms > 3600000)
		return BUSY_TIMEOUT_MS;
	return (int)ms;
}

static char *default_user(void)
{
	const char *u = getenv("GLOSSA_USER");
	struct passwd *pw;
	char name[256];

	if (u && *u)
		return glossa__strdup(u);
	if (getlogin_r(name, sizeof(name)) == 0 && name[0])
		return glossa__strdup(name);
	if ((pw = getpwuid(geteuid())) != NULL && pw->pw_name)
		return glossa__strdup(pw->pw_name);
	return glossa__strdup("unknown");
}

static int pragma_int(glossa_store *s, const char *sql, int *out)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);

	if (rc != SQLITE_OK)
		return glossa_store__store_error(s, rc, "cannot read the database header");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return glossa_store__store_error(s, rc, "cannot read the database header");
	return 0;
}

/* Bring the schema up to date, inside one write transaction. */
/* Record which definition of the name key the index holds. */
static int name_keys_stamp(glossa_store *s)
{
	char sql[96];

	/* (No bound parameters needed: the value is our own integer.) */
	snprintf(sql, sizeof(sql), "INSERT OR REPLACE INTO meta VALUES "
		"('name_keys', '%d')", GLOSSA_NAME_KEY_VERSION);
	return glossa_store__exec(s, sql, "cannot index the glossary");
}

/*
 * Are the name keys in the index those name.c makes now? When name.c's
 * folding changes (GLOSSA_NAME_KEY_VERSION), a writable glossary is
 * keyed anew on opening; one opened read-only is looked up without its
 * index (store_read.c), correct but slower.
 */
static int name_keys_current(glossa_store *s, bool writable)
{
	int have = 0, error;

	if ((error = pragma_int(s, "SELECT coalesce((SELECT CAST(value AS "
			"INTEGER) FROM meta WHERE name = 'name_keys'), 0)",
			&have)) < 0)
		return error;
	if (have == GLOSSA_NAME_KEY_VERSION) {
		s->keys_ok = true;
		return 0;
	}
	if (!writable)
		return 0;
	if ((error = glossa_store__exec(s, "BEGIN IMMEDIATE",
			"cannot lock the glossary")) < 0)
		return error;
	s->depth = 1;
	if ((error = glossa_store__exec(s, "DELETE FROM name_key",
			"cannot index the glossary")) == 0 &&
	    (error = name_keys_fill(s)) == 0)
		error = name_keys_stamp(s);
	if ((error = glossa_store__tx_end(s, error, false)) == 0)
		s->keys_ok = true;
	return error;
}

static int migrate(glossa_store *s)
{
	int error, version = 0, appid = 0, tables = 0, v;
	sqlite3_stmt *st = NULL;

	if ((error = glossa_store__exec(s, "BEGIN IMMEDIATE", "cannot lock the glossary")) < 0)
		return error;
	s->depth = 1;
	if ((error = pragma_int(s, "PRAGMA user_version", &version)) < 0 ||
	    (error = pragma_int(s, "PRAGMA application_id", &appid)) < 0 ||
	    (error = pragma_int(s,
			"SELECT count(*) FROM sqlite_schema", &tables)) < 0)
		goto out;
	if (version == 0 && tables > 0) {
		error = glossa_error__set(GLOSSA_ERRCLASS_STORE, GLOSSA_EINVALID,
			"%s: not a glossa glossary (an SQLite database of something else)",
			s->path);
		goto out;
	}
	for (v = version; v < NMIGRATIONS; v++) {
		if ((error = glossa_store__exec(s, migrations[v],
				"cannot upgrade the glossary")) < 0)
			goto out;
		/* Existing forms get their name keys (a new glossary has
		 * none yet). */
		if (v == 2 && ((error = name_keys_fill(s)) < 0 ||
		    (error = name_keys_stamp(s)) < 0))
			goto out;
	}
	if (version < NMIGRATIONS) {
		char sql[96];

		/* PRAGMA takes no bound parameters; v is our own integer. */
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d; "
			"PRAGMA application_id = %d", NMIGRATIONS,
			APPLICATION_ID);
		if ((error = glossa_store__exec(s, sql, "cannot upgrade the glossary")) < 0)
			goto out;
	}
	(void)st;
out:
	return glossa_store__tx_end(s, error, false);
}

/* ---- a glossary that defends itself ---- */

/*
 * A hostile glossary file (another user can write it, or it came from
 * elsewhere) must not run its own SQL in glossa, nor hang it. Views and
 * triggers only run in a schema that glossa itself made (see
 * schema_check), every connection is defensive (no writable_schema, no
 * shadow-table writes) and trusts no function in the schema, views are
 * off (glossa has none), and a query that runs away is stopped.
 *
 * The bound is in steps of SQLite's virtual machine per operation (one
 * read snapshot, one write transaction, opening): PROGRESS_OPS steps a
 * tick, PROGRESS_TICKS ticks: 5e9 steps. The largest operations
 * measured take far fewer: importing 100,000 entries (663,000 changes)
 * into an empty glossary 1.5e8 steps, validating them 5.4e7. A runaway
 * query stops after some seconds of CPU.
 */

static int progress_cb(void *payload)
{
	glossa_store *s = payload;

	return ++s->ticks > PROGRESS_TICKS;
}

static int defend(glossa_store *s)
{
	int on = -1;

	if (sqlite3_db_config(s->db, SQLITE_DBCONFIG_DEFENSIVE, 1, &on) !=
			SQLITE_OK || on != 1 ||
	    sqlite3_db_config(s->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0,
			&on) != SQLITE_OK || on != 0 ||
	    sqlite3_db_config(s->db, SQLITE_DBCONFIG_ENABLE_VIEW, 0,
			&on) != SQLITE_OK || on != 0)
		return glossa_error__set(GLOSSA_ERRCLASS_STORE, GLOSSA_ERROR,
			"%s: cannot make SQLite defensive (SQLite %s is too old)",
			s->path, sqlite3_libversion());
	sqlite3_progress_handler(s->db, PROGRESS_OPS, progress_cb, s);
	return 0;
}

/* The schema rows of db (type, name, table, sql), sorted. */
static int schema_rows(sqlite3 *db, sqlite3_stmt **out)
{
	return sqlite3_prepare_v2(db, "SELECT type, name, tbl_name,"
		" coalesce(sql, '') FROM sqlite_schema ORDER BY name, type",
		-1, out, NULL);
}

/* The schema this glossa makes for schema `version`: its own migrations,
 * run in an empty in-memory database, so it follows every change. */
static int schema_reference(sqlite3 **out, int version)
{
	sqlite3 *mem = NULL;
	int v, rc;

	*out = NULL;
	rc = sqlite3_open_v2(":memory:", &mem, SQLITE_OPEN_READWRITE |
		SQLITE_OPEN_NOMUTEX, NULL);
	for (v = 0; rc == SQLITE_OK && v < version && v < NMIGRATIONS; v++)
		rc = sqlite3_exec(mem, migrations[v], NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		glossa_error__set(GLOSSA_ERRCLASS_STORE, GLOSSA_ERROR,
			"internal error: cannot build the reference schema: %s",
			mem ? sqlite3_errmsg(mem) : sqlite3_errstr(rc));
		sqlite3_close(mem);
		return GLOSSA_ERROR;
	}
	*out = mem;
	return 0;
}

static int schema_diff_add(glossa_store *s, const char *what,
	sqlite3_stmt *row)
{
	const char *type = glossa_store__col_text(row, 0);
	const char *name = glossa_store__col_text(row, 1);
	const char *tbl = glossa_store__col_text(row, 2);
	size_t start = s->schema_diff.size;
	int error;

	if (strcmp(name, tbl) != 0)
		error = glossa_buf_printf(&s->schema_diff,
			"%s %s \"%s\" on %s", what, type, name, tbl);
	else
		error = glossa_buf_printf(&s->schema_diff, "%s %s \"%s\"",
			what, type, name);
	if (error == 0 && s->first_diff == NULL &&
	    (s->first_diff = glossa__strdup(s->schema_diff.ptr + start)) ==
			NULL)
		error = GLOSSA_ERROR;
	if (error == 0)
		error = glossa_buf_put(&s->schema_diff, "\n", 1);
	s->ndiff++;
	/* What reads can still trust: an extra object (a trigger runs only
	 * on writes, views are off, an extra table or index holds nothing
	 * glossa reads) or a trigger (ditto). A table or index of glossa's
	 * that is missing or changed is not the glossary any more. */
	if (strcmp(what, "extra") != 0 && strcmp(type, "trigger") != 0)
		s->unreadable = true;
	return error;
}

/*
 * SQL text with every run of white space outside quotes made one space:
 * a glossary restored from `sqlite3 .dump` has the same schema with its
 * lines broken elsewhere.
 */
static int sql_norm(glossa_buf *out, const char *sql)
{
	bool space = false;
	char q = 0;
	int error = 0;

	glossa_buf_clear(out);
	error = glossa_buf_puts(out, "");
	for (; *sql && error == 0; sql++) {
		char c = *sql;

		if (q) {
			if (c == q)
				q = 0;
		} else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
			   c == '\f' || c == '\v') {
			space = true;
			continue;
		} else {
			if (space && out->size > 0)
				error = glossa_buf_put(out, " ", 1);
			space = false;
			if (c == '\'' || c == '"' || c == '`')
				q = c;
			else if (c == '[')
				q = ']';
		}
		if (error == 0)
			error = glossa_buf_put(out, &c, 1);
	}
	return error;
}

/* *out: whether a and b are other SQL (white space aside). */
static int sql_differs(bool *out, const char *a, const char *b)
{
	glossa_buf na = GLOSSA_BUF_INIT, nb = GLOSSA_BUF_INIT;
	int error;

	*out = strcmp(a, b) != 0;
	if (!*out)
		return 0;
	if ((error = sql_norm(&na, a)) == 0 &&
	    (error = sql_norm(&nb, b)) == 0)
		*out = strcmp(na.ptr, nb.ptr) != 0;
	glossa_buf_dispose(&na);
	glossa_buf_dispose(&nb);
	return error;
}

static int row_cmp(sqlite3_stmt *a, sqlite3_stmt *b)
{
	int c = strcmp(glossa_store__col_text(a, 1),
		glossa_store__col_text(b, 1));

	return c ? c : strcmp(glossa_store__col_text(a, 0),
		glossa_store__col_text(b, 0));
}

/*
 * Is the schema exactly the one glossa made for `version` (type, name,
 * table and SQL of every table, index, view and trigger)? A hand-added
 * trigger runs under glossa's writes and forges them; a dropped history
 * trigger lets the history be rewritten; a view standing in for one of
 * glossa's tables would run someone else's SQL on reads. Each difference
 * is a line in s->schema_diff. A glossary with any is never written (nor
 * migrated); it is read only while everything glossa reads is as glossa
 * made it: extra objects and triggers cannot run on a read (triggers
 * fire on writes; views are off), so fix and check go on working for the
 * desk while the keeper removes them.
 */
static int schema_check(glossa_store *s, int version)
{
	sqlite3 *ref = NULL;
	sqlite3_stmt *a = NULL, *b = NULL;
	int ra, rb, rc, error;

	if ((error = schema_reference(&ref, version)) < 0)
		return error;
	if ((rc = schema_rows(s->db, &a)) != SQLITE_OK) {
		error = glossa_store__store_error(s, rc,
			"cannot read the schema");
		goto out;
	}
	if (schema_rows(ref, &b) != SQLITE_OK) {
		error = glossa_error__set(GLOSSA_ERRCLASS_STORE, GLOSSA_ERROR,
			"internal error: cannot read the reference schema");
		goto out;
	}
	ra = sqlite3_step(a);
	rb = sqlite3_step(b);
	while (error == 0 && (ra == SQLITE_ROW || rb == SQLITE_ROW)) {
		int c = ra != SQLITE_ROW ? 1 : rb != SQLITE_ROW ? -1 :
			row_cmp(a, b);

		if (c < 0) {
			error = schema_diff_add(s, "extra", a);
			ra = sqlite3_step(a);
		} else if (c > 0) {
			error = schema_diff_add(s, "missing", b);
			rb = sqlite3_step(b);
		} else {
			bool differs = false;

			error = sql_differs(&differs,
				glossa_store__col_text(a, 3),
				glossa_store__col_text(b, 3));
			if (error == 0 && (differs ||
			    strcmp(glossa_store__col_text(a, 2),
				   glossa_store__col_text(b, 2)) != 0))
				error = schema_diff_add(s, "changed", a);
			ra = sqlite3_step(a);
			rb = sqlite3_step(b);
		}
	}
	if (error == 0 && ra != SQLITE_DONE)
		error = glossa_store__store_error(s, ra,
			"cannot read the schema");
out:
	sqlite3_finalize(a);
	sqlite3_finalize(b);
	sqlite3_close(ref);
	return error;
}

/* A glossary whose schema is not glossa's: the one-line refusal. */
static int tampered_error(glossa_store *s, bool write)
{
	char more[48] = "";

	if (s->ndiff > 1)
		snprintf(more, sizeof(more), " and %d more difference%s",
			s->ndiff - 1, s->ndiff > 2 ? "s" : "");
	return glossa_error__set(GLOSSA_ERRCLASS_STORE, GLOSSA_EINVALID,
		"%s: the glossary's schema is not the one glossa made (%s%s): %s; see 'glossa glossary validate'",
		s->path, s->first_diff, more, write ?
		"it could change what glossa writes, so nothing is written" :
		"what glossa would read is not what it wrote, so it is not read");
}

int glossa_store__schema_report(glossa_store *s, glossa_buf *report)
{
	const char *p = s->schema_diff.ptr, *nl;

	while (p && *p) {
		nl = strchr(p, '\n');
		glossa_buf_printf(report, "error: schema: %.*s (%s)\n",
			(int)(nl ? nl - p : (ptrdiff_t)strlen(p)), p,
			strncmp(p, "extra", 5) == 0 ?
			"not made by glossa: remove it, or restore the glossary from an export" :
			strncmp(p, "missing", 7) == 0 ?
			"glossa made it and it is gone: restore the glossary from an export" :
			"not as glossa made it: restore the glossary from an export");
		p = nl ? nl + 1 : p + strlen(p);
	}
	return s->ndiff;
}

/* ---- opening ---- */

/* What a path that is not a regular file is. */
static const char *file_kind(mode_t m)
{
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISCHR(m))
		return "a character device";
	if (S_ISBLK(m))
		return "a block device";
	if (S_ISFIFO(m))
		return "a FIFO (named pipe)";
	if (S_ISSOCK(m))
		return "a socket";
	return "not a regular file";
}

/* The path as an SQLite URI ("file:" + path, %-escaped), with `query`. */
static int make_uri(glossa_buf *uri, const char *path, const char *query)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;
	int error = glossa_buf_puts(uri, "file:");

	for (p = (const unsigned char *)path; *p && error == 0; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/._~-", *p))
			error = glossa_buf_put(uri, (const char *)p, 1);
		else
			error = glossa_buf_printf(uri, "%%%c%c", hex[*p >> 4],
				hex[*p & 15]);
	}
	if (error == 0)
		error = glossa_buf_puts(uri, query);
	return error;
}

/* May this user write `path` and the folder it is in (where SQLite puts
 * its -wal, -shm and -journal files)? */
static bool writable_for_me(const char *path)
{
	char *dir = glossa__strdup(path), *slash;
	bool ok;

	if (dir == NULL)
		return true;  /* (let SQLite tell) */
	slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	ok = access(path, W_OK) == 0 &&
		access(slash ? dir : ".", W_OK | X_OK) == 0;
	free(dir);
	return ok;
}

static bool file_exists(const char *path, const char *suffix)
{
	glossa_buf p = GLOSSA_BUF_INIT;
	struct stat sb;
	bool yes;

	if (glossa_buf_printf(&p, "%s%s", path, suffix) < 0)
		return true;  /* (the careful answer) */
	yes = lstat(p.ptr, &sb) == 0;
	glossa_buf_dispose(&p);
	return yes;
}

/* Open the SQLite connection. */
static int connect(glossa_store *s, bool immutable)
{
	glossa_buf uri = GLOSSA_BUF_INIT;
	bool ro = (s->flags & GLOSSA_STORE_READONLY) != 0;
	int rc, oflags = (ro ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
		SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX;

	if ((s->flags & GLOSSA_STORE_CREATE) && !ro)
		oflags |= SQLITE_OPEN_CREATE;
	if (make_uri(&uri, s->path, !ro ? "" : immutable ?
			"?mode=ro&immutable=1" : "?mode=ro") < 0)
		return GLOSSA_ERROR;
	rc = sqlite3_open_v2(uri.ptr, &s->db, oflags, NULL);
	glossa_buf_dispose(&uri);
	if (rc != SQLITE_OK)
		return glossa_store__store_error(s, rc,
			"cannot open the glossary");
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, s->busy_ms);
	s->immutable = immutable;
	return defend(s);
}

int glossa_store_open(glossa_store **out, const char *path, unsigned flags)
{
	glossa_store *s;
	int error = 0, version = 0, appid = 0;
	struct stat sb;
	bool exists, ro;

	*out = NULL;
	if (path == NULL || *path == '\0')
		return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_EINVALID, "no glossary path given");
	exists = stat(path, &sb) == 0;
	if (!exists && !(flags & GLOSSA_STORE_CREATE))
		return glossa_error__set(GLOSSA_ERRCLASS_STORE, GLOSSA_ENOTFOUND,
			"%s: no such glossary (create one with 'glossa glossary init')",
			path);
	/* Before SQLite touches it: a device, a FIFO or a folder is no
	 * glossary (SQLite would put a journal beside /dev/null, or wait on
	 * a FIFO forever). */
	if (exists && !S_ISREG(sb.st_mode))
		return glossa_error__set(GLOSSA_ERRCLASS_STORE, GLOSSA_EINVALID,
			"%s: is %s, not a glossary", path,
			file_kind(sb.st_mode));
	if (flags & GLOSSA_STORE_BUILTIN)
		flags |= GLOSSA_STORE_READONLY;
	ro = (flags & GLOSSA_STORE_READONLY) != 0;
	/* SQLite would open it read-only without a word and fail at the
	 * first write with "attempt to write a readonly database". */
	if (exists && !ro && !writable_for_me(path))
		return glossa_error__set(GLOSSA_ERRCLASS_STORE,
			GLOSSA_EREADONLY,
			"%s: the glossary is read-only for you (you may not write the file or its folder): it can be read, not changed",
			path);
	if ((s = glossa__calloc(1, sizeof(*s))) == NULL)
		return GLOSSA_ERROR;
	glossa_strmap__init(&s->pending);
	s->flags = flags;
	s->busy_ms = busy_timeout_ms();
	if ((s->path = glossa__strdup(path)) == NULL ||
	    (s->who = default_user()) == NULL) {
		glossa_store_free(s);
		return GLOSSA_ERROR;
	}
	if ((error = connect(s, false)) < 0)
		goto fail;
	error = pragma_int(s, "PRAGMA user_version", &version);
	/*
	 * A reader who may not write the folder cannot make the WAL index
	 * (-shm) that a glossary in WAL mode needs. When there is no -wal
	 * file either, the database file holds every commit and is read as
	 * immutable; read_end() then checks that no writer folded a log
	 * into it meanwhile. (With a -wal file, SQLite reads it through
	 * the -shm that its writer left.)
	 */
	if (error < 0 && ro && exists && !file_exists(path, "-wal") &&
	    ((sqlite3_errcode(s->db) & 0xff) == SQLITE_CANTOPEN ||
	     (sqlite3_errcode(s->db) & 0xff) == SQLITE_READONLY)) {
		sqlite3_close(s->db);
		s->db = NULL;
		if (stat(path, &s->sb) < 0 || !S_ISREG(s->sb.st_mode)) {
			error = glossa_error__set(GLOSSA_ERRCLASS_STORE,
				GLOSSA_EINVALID, "%s: the glossary went away",
				path);
			goto fail;
		}
		if ((error = connect(s, true)) == 0)
			error = pragma_int(s, "PRAGMA user_version", &version);
	} else if (error < 0 && ro && exists && file_exists(path, "-wal") &&
		   ((sqlite3_errcode(s->db) & 0xff) == SQLITE_CANTOPEN ||
		    (sqlite3_errcode(s->db) & 0xff) == SQLITE_READONLY)) {
		/* Commits in a log that cannot be read without its index:
		 * not the glossary as it is. */
		error = glossa_error__set(GLOSSA_ERRCLASS_STORE,
			GLOSSA_EREADONLY,
			"%s: the glossary is read-only for you and its write-ahead log (%s-wal) has no index you can read; the next write by its keeper folds the log in",
			path, path);
	}
	if (error < 0 ||
	    (error = pragma_int(s, "PRAGMA application_id", &appid)) < 0)
		goto fail;
	if (version > NMIGRATIONS) {
		error = glossa_error__set(GLOSSA_ERRCLASS_STORE, GLOSSA_EVERSION,
			"%s: written by a newer glossa (schema %d; this one knows up to %d): upgrade glossa",
			path, version, NMIGRATIONS);
		goto fail;
	}
	if (version > 0 && appid != APPLICATION_ID) {
		error = glossa_error__set(GLOSSA_ERRCLASS_STORE, GLOSSA_EINVALID,
			"%s: not a glossa glossary (an SQLite database of something else)",
			path);
		goto fail;
	}
	if (ro && version == 0) {
		error = glossa_error__set(GLOSSA_ERRCLASS_STORE,
			GLOSSA_EINVALID, "%s: not a glossa glossary", path);
		goto fail;
	}
	/* Nothing of the file's own runs before its schema is known to be
	 * glossa's: no migration, no re-keying, no read. */
	if (version > 0 && (error = schema_check(s, version)) < 0)
		goto fail;
	if (!ro) {
		/* WAL lets readers go on while one editor writes; FULL sync
		 * makes an acknowledged write survive a crash. */
		if ((error = glossa_store__exec(s, "PRAGMA journal_mode = WAL",
				"cannot switch to WAL")) < 0 ||
		    (error = glossa_store__exec(s, "PRAGMA synchronous = FULL",
				"cannot set durability")) < 0)
			goto fail;
		if (s->ndiff == 0 && version < NMIGRATIONS) {
			if ((error = migrate(s)) < 0)
				goto fail;
			version = NMIGRATIONS;
		}
	}
	/* (An older schema opened read-only reads as it is: from schema 1
	 * on, the later steps only widen what may be written. The first
	 * write upgrades it.) */
	if ((error = glossa_store__exec(s, "PRAGMA foreign_keys = ON",
			"cannot enable foreign keys")) < 0)
		goto fail;
	s->version = version;
	if (!s->unreadable && version >= 3 && (error = name_keys_current(s,
			!ro && s->ndiff == 0)) < 0)
		goto fail;
	*out = s;
	return 0;
fail:
	glossa_store_free(s);
	return error;
}

int glossa_store_seal(glossa_store *s)
{
	int error;

	if ((error = glossa_store_check_writable(s)) < 0)
		return error;
	if ((error = glossa_store__exec(s, "PRAGMA wal_checkpoint(TRUNCATE)",
			"cannot checkpoint")) < 0 ||
	    (error = glossa_store__exec(s, "PRAGMA journal_mode = DELETE",
			"cannot leave WAL mode")) < 0 ||
	    (error = glossa_store__exec(s, "VACUUM", "cannot compact")) < 0)
		return error;
	return 0;
}

void glossa_store_free(glossa_store *s)
{
	int i;

	if (s == NULL)
		return;
	for (i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(s->stmt[i]);
	sqlite3_close(s->db);
	free(s->path);
	free(s->who);
	free(s->touched);
	glossa_morph__free_list(s->gone, s->ngone);
	pending_clear(s);
	glossa_strmap__dispose(&s->pending);
	free(s->pending_old);
	glossa_buf_dispose(&s->schema_diff);
	free(s->first_diff);
	free(s);
}

const char *glossa_store_path(const glossa_store *s)
{
	return s->path;
}

int glossa_store_set_user(glossa_store *s, const char *who)
{
	char *w;

	if (who == NULL || *who == '\0')
		return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_EINVALID, "empty user name");
	if (who_check(who) < 0)
		return GLOSSA_EINVALID;
	if ((w = glossa__strdup(who)) == NULL)
		return GLOSSA_ERROR;
	free(s->who);
	s->who = w;
	return 0;
}

void glossa_store_change_begin(glossa_store *s)
{
	if (s && s->depth == 0)
		s->change_id = 0;
}

static int generation_in(uint64_t *out, glossa_store *s)
{
	sqlite3_stmt *st = NULL;
	int error, rc;

	if ((error = glossa_store__stmt(&st, s, Q_GENERATION_GET)) < 0)
		return error;
	rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? (uint64_t)sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return glossa_store__store_error(s, rc, "cannot read the change counter");
	return 0;
}

int glossa_store_generation(uint64_t *out, glossa_store *s)
{
	int error;

	*out = 0;
	if ((error = glossa_store__read_begin(s)) < 0)
		return error;
	return glossa_store__read_end(s, generation_in(out, s));
}

/* ---- where the glossary lives ---- */

int glossa_store_user_path(glossa_buf *path)
{
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");

	glossa_buf_clear(path);
	if (xdg && *xdg == '/')
		return glossa_buf_printf(path, "%s/glossa/glossary.db", xdg);
	if (home && *home)
		return glossa_buf_printf(path,
			"%s/.local/share/glossa/glossary.db", home);
	return glossa_error__set(GLOSSA_ERRCLASS_OS, GLOSSA_ENOTFOUND,
		"cannot tell where your glossary goes: HOME is not set");
}

const char *glossa_store_builtin_path(void)
{
	const char *p = getenv("GLOSSA_DEFAULT_DB");

	return p && *p ? p : GLOSSA_DEFAULT_DB_PATH;
}

int glossa_store_locate(glossa_buf *path, int *builtin, const char *explicit_path)
{
	const char *env = getenv("GLOSSA_DB");

	if (builtin)
		*builtin = 0;
	glossa_buf_clear(path);
	if (explicit_path && *explicit_path)
		return glossa_buf_puts(path, explicit_path);
	if (env && *env)
		return glossa_buf_puts(path, env);
	if (glossa_store_user_path(path) == 0 && access(path->ptr, F_OK) == 0)
		return 0;
	glossa_buf_clear(path);
	if (builtin)
		*builtin = 1;
	return glossa_buf_puts(path, glossa_store_builtin_path());
}

