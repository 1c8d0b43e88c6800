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
#include "internal.h"
#include "morph.h"
#include "name.h"
#include "store_int.h"

#define BUSY_TIMEOUT_MS 60000
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
};

#define NMIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

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
	Q_HISTORY_ALL,
	Q_HISTORY_KEY,
	Q_NAME_KEY_INSERT,
	Q_NAME_KEY_DELETE,
	Q_ENTRIES_OF_KEY,
	Q_ENTRY_KEY_BY_ID,
	Q_COUNT
} query_id;

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
		"  old_value, new_value) VALUES"
		"  (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?1, ?2, ?3, ?4, ?5, ?6)",
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
		"    AND f.type <> 'exception' ORDER BY e.key, f.text",
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
	[Q_NAME_KEY_INSERT] =
		"INSERT INTO name_key (key, form_id, whole) VALUES (?1, ?2, ?3)",
	[Q_NAME_KEY_DELETE] = "DELETE FROM name_key WHERE form_id = ?1",
	[Q_ENTRIES_OF_KEY] =
		"SELECT DISTINCT f.entry_id FROM name_key k JOIN form f"
		"  ON f.id = k.form_id WHERE k.key = ?1 AND k.whole = ?2",
	[Q_ENTRY_KEY_BY_ID] = "SELECT key FROM entry WHERE id = ?1",
	[Q_HISTORY_ALL] =
		"SELECT id, at, who, action, entry_key, field, old_value,"
		"  new_value FROM history ORDER BY id DESC LIMIT ?1",
	[Q_HISTORY_KEY] =
		"SELECT id, at, who, action, entry_key, field, old_value,"
		"  new_value FROM history WHERE entry_key = ?2"
		"  ORDER BY id DESC LIMIT ?1",
};

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
	int depth;    /* open transactions (nested ones commit nothing) */
	int64_t *touched;   /* entries written in the open transaction */
	size_t ntouched, atouched;
	char **gone;        /* name keys of the forms it removed */
	size_t ngone, agone;
};

/* ---- errors ---- */

static int store_error(glossa_store *s, int rc, const char *what)
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
	}
	return glossa_error__set(GLOSSA_ERRCLASS_STORE, code, "%s: %s: %s",
		s->path, what, msg);
}

static int readonly_error(glossa_store *s)
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

static int stmt(sqlite3_stmt **out, glossa_store *s, query_id q)
{
	int rc;

	if (s->stmt[q] == NULL) {
		rc = sqlite3_prepare_v3(s->db, queries[q], -1,
			SQLITE_PREPARE_PERSISTENT, &s->stmt[q], NULL);
		if (rc != SQLITE_OK)
			return store_error(s, rc, "cannot prepare a query");
	} else {
		sqlite3_reset(s->stmt[q]);
		sqlite3_clear_bindings(s->stmt[q]);
	}
	*out = s->stmt[q];
	return 0;
}

static int bind_text(sqlite3_stmt *st, int i, const char *v)
{
	return sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

static const char *col_text(sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);

	return t ? t : "";
}

/* Run a statement that returns no rows. */
static int step_done(glossa_store *s, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_error(s, rc, what);
	return 0;
}

static int exec(glossa_store *s, const char *sql, const char *what)
{
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : store_error(s, rc, what);
}

/* ---- transactions ---- */

int glossa_store_check_writable(glossa_store *s)
{
	if (s->flags & (GLOSSA_STORE_READONLY | GLOSSA_STORE_BUILTIN))
		return readonly_error(s);
	return 0;
}

/*
 * Transactions nest: the edit layer (edit.c) opens one around a write and
 * its validation; the write's own begin and end inside it do nothing but
 * count, and the outermost end commits or rolls back.
 */
static int tx_begin(glossa_store *s)
{
	int error;

	if (glossa_store_check_writable(s) < 0)
		return GLOSSA_EREADONLY;
	if (s->depth > 0) {
		s->depth++;
		return 0;
	}
	s->changes = 0;
	s->ntouched = 0;
	glossa_morph__free_list(s->gone, s->ngone);
	s->gone = NULL;
	s->ngone = s->agone = 0;
	if ((error = exec(s, "BEGIN IMMEDIATE",
			"cannot start a transaction")) == 0)
		s->depth = 1;
	return error;
}

static int tx_end(glossa_store *s, int error, bool dry_run)
{
	sqlite3_stmt *st = NULL;

	if (s->depth > 1) {
		s->depth--;
		return error;
	}
	s->depth = 0;
	if (error < 0 || dry_run) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return error;
	}
	if (s->changes > 0) {
		if ((error = stmt(&st, s, Q_GENERATION_BUMP)) < 0 ||
		    (error = step_done(s, st, "cannot count the change")) < 0) {
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			return error;
		}
	}
	if ((error = exec(s, "COMMIT", "cannot commit")) < 0)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return error;
}

int glossa_store__begin(glossa_store *s)
{
	return tx_begin(s);
}

int glossa_store__end(glossa_store *s, int error, bool dry_run)
{
	return tx_end(s, error, dry_run);
}

/* Note that entry `id` was written in this transaction. */
static int touch(glossa_store *s, int64_t id)
{
	size_t i;

	for (i = 0; i < s->ntouched; i++)
		if (s->touched[i] == id)
			return 0;
	if (glossa__grow((void **)&s->touched, &s->atouched, s->ntouched + 1,
			sizeof(int64_t)) < 0)
		return GLOSSA_ERROR;
	s->touched[s->ntouched++] = id;
	return 0;
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

/* Note the name keys of a form about to be removed: what was ambiguous
 * with it may be fixed now, inside other entries' house forms too. */
static int going(glossa_store *s, const glossa_form *f)
{
	char **keys = NULL;
	size_t n = 0, i;
	int error;

	if (f->type == GLOSSA_FORM_EXCEPTION)
		return 0;
	if ((error = glossa_name__form_keys(&keys, &n, f->type, f->text,
			f->script)) < 0)
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
		if ((error = stmt(&st, s, Q_NAME_KEY_INSERT)) < 0)
			break;
		bind_text(st, 1, keys[i]);
		sqlite3_bind_int64(st, 2, form_id);
		sqlite3_bind_int(st, 3, whole);
		error = step_done(s, st, "cannot index the form");
	}
	return error;
}

/* (Re)index a form's name keys (name.c). */
static int name_keys_set(glossa_store *s, int64_t form_id,
	glossa_form_type type, const char *text, const char *script)
{
	sqlite3_stmt *st = NULL;
	char **keys = NULL;
	size_t n = 0;
	int error;

	if ((error = stmt(&st, s, Q_NAME_KEY_DELETE)) < 0)
		return error;
	sqlite3_bind_int64(st, 1, form_id);
	if ((error = step_done(s, st, "cannot index the form")) < 0)
		return error;
	/* An exception is a phrase, not a spelling of the entry. */
	if (type == GLOSSA_FORM_EXCEPTION)
		return 0;
	if ((error = glossa_name__form_keys(&keys, &n, type, text,
			script)) < 0)
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
		"SELECT id, type, text, script FROM form", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return store_error(s, rc, "cannot upgrade the glossary");
	while (error == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		glossa_form_type type;

		if (glossa_form_type_parse(&type, col_text(st, 1)) < 0)
			type = GLOSSA_FORM_VARIANT;
		error = name_keys_set(s, sqlite3_column_int64(st, 0), type,
			col_text(st, 2), col_text(st, 3));
	}
	sqlite3_finalize(st);
	if (error == 0 && rc != SQLITE_DONE)
		error = store_error(s, rc, "cannot upgrade the glossary");
	return error;
}

static int history(glossa_store *s, const char *action, const char *key,
	const char *field, const char *old_value, const char *new_value)
{
	sqlite3_stmt *st = NULL;
	int error;

	if ((error = stmt(&st, s, Q_HISTORY_INSERT)) < 0)
		return error;
	bind_text(st, 1, s->who);
	bind_text(st, 2, action);
	bind_text(st, 3, key);
	bind_text(st, 4, field);
	if (old_value)
		bind_text(st, 5, old_value);
	if (new_value)
		bind_text(st, 6, new_value);
	if ((error = step_done(s, st, "cannot record the change")) < 0)
		return error;
	s->changes++;
	return 0;
}

/* ---- opening ---- */

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
		return store_error(s, rc, "cannot read the database header");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_error(s, rc, "cannot read the database header");
	return 0;
}

/* Bring the schema up to date, inside one write transaction. */
static int migrate(glossa_store *s)
{
	int error, version = 0, appid = 0, tables = 0, v;
	sqlite3_stmt *st = NULL;

	if ((error = exec(s, "BEGIN IMMEDIATE", "cannot lock the glossary")) < 0)
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
		if ((error = exec(s, migrations[v],
				"cannot upgrade the glossary")) < 0)
			goto out;
		/* Existing forms get their name keys (a new glossary has
		 * none yet). */
		if (v == 2 && (error = name_keys_fill(s)) < 0)
			goto out;
	}
	if (version < NMIGRATIONS) {
		char sql[96];

		/* PRAGMA takes no bound parameters; v is our own integer. */
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d; "
			"PRAGMA application_id = %d", NMIGRATIONS,
			APPLICATION_ID);
		if ((error = exec(s, sql, "cannot upgrade the glossary")) < 0)
			goto out;
	}
	(void)st;
out:
	return tx_end(s, error, false);
}

int glossa_store_open(glossa_store **out, const char *path, unsigned flags)
{
	glossa_store *s;
	int rc, error = 0, version = 0, appid = 0, oflags;
	struct stat sb;
	bool exists;

	*out = NULL;
	if (path == NULL || *path == '\0')
		return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_EINVALID, "no glossary path given");
	exists = stat(path, &sb) == 0;
	if (!exists && !(flags & GLOSSA_STORE_CREATE))
		return glossa_error__set(GLOSSA_ERRCLASS_STORE, GLOSSA_ENOTFOUND,
			"%s: no such glossary (create one with 'glossa glossary init')",
			path);
	if (exists && S_ISDIR(sb.st_mode))
		return glossa_error__set(GLOSSA_ERRCLASS_STORE, GLOSSA_EINVALID,
			"%s: is a directory, not a glossary", path);
	if (flags & GLOSSA_STORE_BUILTIN)
		flags |= GLOSSA_STORE_READONLY;
	if ((s = glossa__calloc(1, sizeof(*s))) == NULL)
		return GLOSSA_ERROR;
	s->flags = flags;
	if ((s->path = glossa__strdup(path)) == NULL ||
	    (s->who = default_user()) == NULL) {
		glossa_store_free(s);
		return GLOSSA_ERROR;
	}
	oflags = (flags & GLOSSA_STORE_READONLY) ? SQLITE_OPEN_READONLY :
		SQLITE_OPEN_READWRITE;
	if (flags & GLOSSA_STORE_CREATE)
		oflags |= SQLITE_OPEN_CREATE;
	rc = sqlite3_open_v2(path, &s->db, oflags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		error = store_error(s, rc, "cannot open the glossary");
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 1);
	s->busy_ms = busy_timeout_ms();
	sqlite3_busy_timeout(s->db, s->busy_ms);
	if ((error = pragma_int(s, "PRAGMA user_version", &version)) < 0 ||
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
	if (!(flags & GLOSSA_STORE_READONLY)) {
		/* WAL lets readers go on while one editor writes; FULL sync
		 * makes an acknowledged write survive a crash. */
		if ((error = exec(s, "PRAGMA journal_mode = WAL",
				"cannot switch to WAL")) < 0 ||
		    (error = exec(s, "PRAGMA synchronous = FULL",
				"cannot set durability")) < 0)
			goto fail;
		if (version < NMIGRATIONS && (error = migrate(s)) < 0)
			goto fail;
		version = NMIGRATIONS;
	} else if (version == 0) {
		error = glossa_error__set(GLOSSA_ERRCLASS_STORE,
			GLOSSA_EINVALID, "%s: not a glossa glossary", path);
		goto fail;
	}
	/* (An older schema opened read-only reads as it is: from schema 1
	 * on, the later steps only widen what may be written. The first
	 * write upgrades it.) */
	if ((error = exec(s, "PRAGMA foreign_keys = ON",
			"cannot enable foreign keys")) < 0)
		goto fail;
	s->version = version;
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
	if ((error = exec(s, "PRAGMA wal_checkpoint(TRUNCATE)",
			"cannot checkpoint")) < 0 ||
	    (error = exec(s, "PRAGMA journal_mode = DELETE",
			"cannot leave WAL mode")) < 0 ||
	    (error = exec(s, "VACUUM", "cannot compact")) < 0)
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
	if ((w = glossa__strdup(who)) == NULL)
		return GLOSSA_ERROR;
	free(s->who);
	s->who = w;
	return 0;
}

int glossa_store_generation(uint64_t *out, glossa_store *s)
{
	sqlite3_stmt *st = NULL;
	int error, rc;

	if ((error = stmt(&st, s, Q_GENERATION_GET)) < 0)
		return error;
	rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? (uint64_t)sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_error(s, rc, "cannot read the change counter");
	return 0;
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

/* ---- reading ---- */

static int load_forms(glossa_store *s, glossa_entry *e, int64_t id)
{
	sqlite3_stmt *st = NULL;
	int error, rc;

	if ((error = stmt(&st, s, Q_FORMS_OF_ENTRY)) < 0)
		return error;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		glossa_form_type type;

		if (glossa_form_type_parse(&type, col_text(st, 1)) < 0)
			type = GLOSSA_FORM_VARIANT;
		if ((error = glossa_entry_add_form(e, type, col_text(st, 2),
				col_text(st, 3), col_text(st, 4),
				col_text(st, 5), col_text(st, 6), 0)) < 0)
			break;
	}
	sqlite3_reset(st);
	if (error == 0 && rc != SQLITE_DONE)
		error = store_error(s, rc, "cannot read forms");
	return error;
}

/* Load one entry into doc. *id receives its row id (0: not found). */
static int load_entry(glossa_doc *doc, int64_t *id, glossa_store *s,
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
	if ((error = stmt(&st, s, Q_ENTRY_BY_KEY)) < 0)
		return error;
	bind_text(st, 1, key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		rowid = sqlite3_column_int64(st, 0);
		glossa_kind_parse(&kind, col_text(st, 1));
		glossa_status_parse(&status, col_text(st, 2));
		note = glossa__strdup(col_text(st, 3));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_error(s, rc, "cannot read an entry");
	if (rowid == 0)
		return 0;
	if (note == NULL)
		return GLOSSA_ERROR;
	error = glossa_doc_add_entry(&e, doc, key, kind, status, note, 0);
	free(note);
	if (error == 0 && (error = load_forms(s, e, rowid)) == 0)
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
	if ((error = load_entry(doc, &id, s, key)) == 0 && id == 0)
		error = glossa_error__set(GLOSSA_ERRCLASS_STORE,
			GLOSSA_ENOTFOUND, "no entry \"%s\" in %s", key, s->path);
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

int glossa_store_export(glossa_doc **out, glossa_store *s,
	const glossa_filter *filter)
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
	if ((error = stmt(&st, s, Q_EXPORT_ENTRIES)) < 0)
		goto out;
	if (filter->kind >= 0)
		bind_text(st, 1, glossa_kind_name((glossa_kind)filter->kind));
	if (filter->status >= 0)
		bind_text(st, 2,
			glossa_status_name((glossa_status)filter->status));
	if (filter->lang)
		bind_text(st, 3, filter->lang);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		glossa_kind kind = GLOSSA_KIND_TERM;
		glossa_status status = GLOSSA_STATUS_APPROVED;

		glossa_kind_parse(&kind, col_text(st, 2));
		glossa_status_parse(&status, col_text(st, 3));
		if ((error = glossa__grow((void **)&ids, &aids, nids + 1,
				sizeof(*ids))) < 0 ||
		    (error = glossa_doc_add_entry(NULL, doc, col_text(st, 1),
				kind, status, col_text(st, 4), 0)) < 0)
			break;
		ids[nids++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (error == 0 && rc != SQLITE_DONE)
		error = store_error(s, rc, "cannot read entries");
	/* Forms in one pass, matched to their entry through an index of
	 * entry ids (entries come in key order, forms in id order). */
	if (error == 0 && (error = sort_ids(&byid, ids, nids)) == 0 &&
	    (error = stmt(&st, s, Q_ALL_FORMS)) == 0) {
		size_t j = 0;

		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			int64_t eid = sqlite3_column_int64(st, 0);
			glossa_form_type type;
			const id_pos *hit;

			if ((hit = bsearch(&eid, byid, nids, sizeof(*byid),
					id_pos_cmp)) == NULL)
				continue;  /* an entry the filter left out */
			j = hit->pos;
			if (glossa_form_type_parse(&type, col_text(st, 1)) < 0)
				type = GLOSSA_FORM_VARIANT;
			if ((error = glossa_entry_add_form(&doc->entries[j],
					type, col_text(st, 2), col_text(st, 3),
					col_text(st, 4), col_text(st, 5),
					col_text(st, 6), 0)) < 0)
				break;
		}
		sqlite3_reset(st);
		if (error == 0 && rc != SQLITE_DONE)
			error = store_error(s, rc, "cannot read forms");
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

/* Does form f have name key `key`? */
static int form_has_key(bool *out, const glossa_form *f, const char *key)
{
	char **keys = NULL;
	size_t n = 0, i;
	int error;

	*out = false;
	if (f->type == GLOSSA_FORM_EXCEPTION)
		return 0;
	if ((error = glossa_name__form_keys(&keys, &n, f->type, f->text,
			f->script)) < 0)
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

	if (s->version < 3) {
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
	if ((error = stmt(&st, s, Q_FIND_KEY)) < 0)
		return error;
	bind_text(st, 1, key);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((error = glossa__grow((void **)keys, &akeys, *nkeys + 1,
				sizeof(char *))) < 0)
			break;
		if (((*keys)[*nkeys] = glossa__strdup(col_text(st, 0))) == NULL) {
			error = GLOSSA_ERROR;
			break;
		}
		(*nkeys)++;
	}
	sqlite3_reset(st);
	if (error == 0 && rc != SQLITE_DONE)
		error = store_error(s, rc, "cannot look up the name");
	return error;
}

/*
 * Every entry with a form that is the same name as `text` (name.c: the
 * key fix matches by), and which forms.
 */
int glossa_store_find(glossa_doc **out, glossa_hit **hits, size_t *nhits,
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
		error = load_entry(doc, &id, s, keys[i]);
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

	if ((error = stmt(&st, s, Q_CONFLICTS_OF_KEY)) < 0)
		return error;
	bind_text(st, 1, mkey);
	bind_text(st, 2, key);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		glossa_form_type other;
		const char *okey = col_text(st, 0), *otext = col_text(st, 2);
		bool mine_name = type == GLOSSA_FORM_HOUSE ||
			type == GLOSSA_FORM_SHORT;
		bool other_name;

		/* (A form met again through another of the keys: once.) */
		if (seen_before(seen, okey, otext))
			continue;
		if (glossa_form_type_parse(&other, col_text(st, 1)) < 0)
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
		error = store_error(s, rc, "cannot check for conflicts");
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
			f->script)) < 0)
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
	if ((error = check_conflicts(s, key, f, source, f->line)) < 0 ||
	    (error = stmt(&st, s, Q_FORM_INSERT)) < 0)
		goto out;
	sqlite3_bind_int64(st, 1, entry_id);
	bind_text(st, 2, glossa_form_type_name(f->type));
	bind_text(st, 3, f->text);
	bind_text(st, 4, f->script);
	bind_text(st, 5, f->lang);
	bind_text(st, 6, f->becomes);
	bind_text(st, 7, f->note);
	bind_text(st, 8, mkey);
	if ((error = step_done(s, st, "cannot add the form")) < 0 ||
	    (error = name_keys_set(s, sqlite3_last_insert_rowid(s->db),
			f->type, f->text, f->script)) < 0 ||
	    (error = touch(s, entry_id)) < 0)
		goto out;
	error = history(s, "add", key, glossa_form_type_name(f->type), NULL,
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

	if ((error = stmt(&st, s, Q_ENTRY_INSERT)) < 0)
		return error;
	bind_text(st, 1, e->key);
	bind_text(st, 2, glossa_kind_name(e->kind));
	bind_text(st, 3, glossa_status_name(e->status));
	bind_text(st, 4, e->note);
	if ((error = step_done(s, st, "cannot add the entry")) < 0)
		return error;
	id = sqlite3_last_insert_rowid(s->db);
	snprintf(desc, sizeof(desc), "%s %s", glossa_kind_name(e->kind),
		glossa_status_name(e->status));
	if ((error = history(s, "add", e->key, "entry", NULL, desc)) < 0)
		return error;
	if (e->note[0] &&
	    (error = history(s, "update", e->key, "note", NULL, e->note)) < 0)
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
	glossa_entry *c;
	size_t i;
	int error;

	if ((error = glossa_doc_new(out)) < 0)
		return error;
	error = glossa_doc_add_entry(&c, *out, e->key, e->kind, e->status,
		e->note, e->line);
	for (i = 0; error == 0 && i < e->nforms; i++) {
		const glossa_form *f = &e->forms[i];
		error = glossa_entry_add_form(c, f->type, f->text, f->script,
			f->lang, f->becomes, f->note, f->line);
	}
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
	if ((error = tx_begin(s)) < 0)
		return error;
	if ((error = glossa_doc_new(doc)) == 0 &&
	    (error = load_entry(*doc, id, s, key)) == 0 && *id == 0)
		error = glossa_error__set(GLOSSA_ERRCLASS_STORE,
			GLOSSA_ENOTFOUND, "no entry \"%s\" in %s", key, s->path);
	if (error < 0) {
		tx_end(s, error, false);
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
	if (from->kind != to->kind &&
	    ((error = history(s, "update", to->key, "kind",
		glossa_kind_name(from->kind), glossa_kind_name(to->kind))) < 0 ||
	     (error = change_line(changes, "~ %s kind: %s -> %s", to->key,
		glossa_kind_name(from->kind), glossa_kind_name(to->kind))) < 0))
		return error;
	if (from->status != to->status &&
	    ((error = history(s, "update", to->key, "status",
		glossa_status_name(from->status),
		glossa_status_name(to->status))) < 0 ||
	     (error = change_line(changes, "~ %s status: %s -> %s", to->key,
		glossa_status_name(from->status),
		glossa_status_name(to->status))) < 0))
		return error;
	if (strcmp(from->note, to->note) != 0 &&
	    ((error = history(s, "update", to->key, "note", from->note,
		to->note)) < 0 ||
	     (error = change_line(changes, "~ %s note: \"%s\" -> \"%s\"",
		to->key, from->note, to->note)) < 0))
		return error;
	if ((error = stmt(&st, s, Q_ENTRY_UPDATE)) < 0)
		return error;
	sqlite3_bind_int64(st, 1, id);
	bind_text(st, 2, glossa_kind_name(to->kind));
	bind_text(st, 3, glossa_status_name(to->status));
	bind_text(st, 4, to->note);
	if ((error = step_done(s, st, "cannot update the entry")) < 0)
		return error;
	return touch(s, id);
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
	if ((error = tx_begin(s)) < 0)
		goto out;
	if ((error = glossa_doc_new(&existing)) == 0 &&
	    (error = load_entry(existing, &id, s, entry->key)) == 0 && id)
		error = glossa_error__set(GLOSSA_ERRCLASS_STORE, GLOSSA_EEXISTS,
			"entry \"%s\" already exists (add forms to it with 'glossa glossary alias')",
			entry->key);
	if (error == 0)
		error = insert_entry(s, &copy->entries[0], NULL);
	error = tx_end(s, error, false);
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
	glossa_form_type type, const char *text, const char *script,
	const char *lang, const char *becomes, const char *note,
	const char **warning)
{
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
	if ((error = glossa_entry_add_form(e, type, text, script, lang,
			becomes, note, 0)) < 0 ||
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
	error = tx_end(s, error, false);
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
	error = tx_end(s, error, false);
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

	/* The old value keeps the whole entry, so the history can restore it. */
	glossa_buf_printf(&old, "%s %s", glossa_kind_name(e->kind),
		glossa_status_name(e->status));
	for (i = 0; i < e->nforms; i++)
		glossa_buf_printf(&old, "; %s \"%s\"",
			glossa_form_type_name(e->forms[i].type),
			e->forms[i].text);
	if (old.ptr == NULL)
		return glossa_error__nomem();
	for (i = 0; i < e->nforms; i++)
		if ((error = going(s, &e->forms[i])) < 0) {
			glossa_buf_dispose(&old);
			return error;
		}
	if ((error = stmt(&st, s, Q_ENTRY_DELETE)) == 0) {
		sqlite3_bind_int64(st, 1, id);
		error = step_done(s, st, "cannot remove the entry");
	}
	if (error == 0)
		error = history(s, "remove", e->key, "entry", old.ptr, NULL);
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
	error = tx_end(s, error, false);
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
	if ((error = stmt(&st, s, Q_FORMS_OF_ENTRY)) < 0)
		return error;
	sqlite3_bind_int64(st, 1, entry_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (strcmp(col_text(st, 2), text) == 0 &&
		    (lang == NULL || strcmp(col_text(st, 4), lang) == 0)) {
			*out = sqlite3_column_int64(st, 0);
			break;
		}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_error(s, rc, "cannot read forms");
	return 0;
}

static int delete_form(glossa_store *s, int64_t form_id, const char *key,
	const glossa_form *f)
{
	sqlite3_stmt *st = NULL;
	int error;

	if ((error = going(s, f)) < 0 ||
	    (error = stmt(&st, s, Q_FORM_DELETE)) < 0)
		return error;
	sqlite3_bind_int64(st, 1, form_id);
	if ((error = step_done(s, st, "cannot remove the form")) < 0)
		return error;
	/* (Its name keys go with it: ON DELETE CASCADE.) */
	return history(s, "remove", key, glossa_form_type_name(f->type),
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
	removed = e->forms[i];
	removed.text = glossa__strdup(e->forms[i].text);
	if (removed.text == NULL) {
		error = GLOSSA_ERROR;
		goto out;
	}
	entry_drop_form(e, i);
	/* Removing a short form that variants still become is an error. */
	if ((error = glossa_doc__entry_validate(e, NULL)) == 0 &&
	    (error = form_row(s, &fid, id, removed.text, NULL)) == 0)
		error = delete_form(s, fid, key, &removed);
	free(removed.text);
out:
	error = tx_end(s, error, false);
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
		error = glossa_entry_add_form(m, f->type, f->text, f->script,
			f->lang, f->becomes, f->note, 0);
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
	    (error = load_entry(olddoc, &id, s, in->key)) < 0)
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
		if ((error = form_row(s, &fid, id, n->text, n->lang)) < 0 ||
		    (error = stmt(&st, s, Q_FORM_UPDATE)) < 0)
			goto out;
		sqlite3_bind_int64(st, 1, fid);
		bind_text(st, 2, glossa_form_type_name(n->type));
		bind_text(st, 3, n->script);
		bind_text(st, 4, n->becomes);
		bind_text(st, 5, n->note);
		if ((error = step_done(s, st, "cannot update a form")) < 0 ||
		    (error = name_keys_set(s, fid, n->type, n->text,
				n->script)) < 0 ||
		    (error = touch(s, id)) < 0)
			goto out;
		if (strcmp(f->becomes, n->becomes) != 0 &&
		    ((error = history(s, "update", m->key, "becomes",
			f->becomes, n->becomes)) < 0 ||
		     (error = change_line(changes,
			"~ %s \"%s\" becomes: \"%s\" -> \"%s\"", m->key,
			n->text, f->becomes, n->becomes)) < 0))
			goto out;
		if (strcmp(f->note, n->note) != 0 &&
		    ((error = history(s, "update", m->key, "form note",
			f->note, n->note)) < 0 ||
		     (error = change_line(changes,
			"~ %s \"%s\" note: \"%s\" -> \"%s\"", m->key, n->text,
			f->note, n->note)) < 0))
			goto out;
		if (strcmp(f->script, n->script) != 0 &&
		    ((error = history(s, "update", m->key, "script",
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
	int error, total;

	s->warning[0] = '\0';
	/* Work on a canonical copy: sorted, so lookups can bisect. */
	if ((error = glossa_doc_new(&doc)) < 0)
		return error;
	for (i = 0; i < in->nentries && error == 0; i++) {
		const glossa_entry *e = &in->entries[i];
		glossa_entry *c;
		size_t j;

		error = glossa_doc_add_entry(&c, doc, e->key, e->kind,
			e->status, e->note, e->line);
		for (j = 0; error == 0 && j < e->nforms; j++)
			error = glossa_entry_add_form(c, e->forms[j].type,
				e->forms[j].text, e->forms[j].script,
				e->forms[j].lang, e->forms[j].becomes,
				e->forms[j].note, e->forms[j].line);
	}
	if (error < 0 || (error = glossa_doc_canonicalize(doc)) < 0 ||
	    (error = glossa_doc_validate(doc, source)) < 0)
		goto out;
	if ((error = tx_begin(s)) < 0)
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

			if (bsearch(e->key, doc->entries, doc->nentries,
					sizeof(glossa_entry), doc_key_cmp))
				continue;
			if ((error = glossa_doc_new(&one)) == 0 &&
			    (error = load_entry(one, &id, s, e->key)) == 0 &&
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
	error = tx_end(s, error, (flags & GLOSSA_IMPORT_DRY_RUN) != 0);
out:
	glossa_doc_free(all);
	glossa_doc_free(doc);
	return error < 0 ? error : total;
}

/* ---- history, validation, figures ---- */

int glossa_store_history(glossa_store *s, const char *key, unsigned limit,
	int (*cb)(const glossa_history_row *row, void *payload), void *payload)
{
	sqlite3_stmt *st = NULL;
	int error, rc, stop = 0;

	if ((error = stmt(&st, s, key ? Q_HISTORY_KEY : Q_HISTORY_ALL)) < 0)
		return error;
	sqlite3_bind_int64(st, 1, limit ? (sqlite3_int64)limit : -1);
	if (key)
		bind_text(st, 2, key);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		glossa_history_row row;

		row.id = sqlite3_column_int64(st, 0);
		row.at = col_text(st, 1);
		row.who = col_text(st, 2);
		row.action = col_text(st, 3);
		row.key = col_text(st, 4);
		row.field = col_text(st, 5);
		row.old_value = (const char *)sqlite3_column_text(st, 6);
		row.new_value = (const char *)sqlite3_column_text(st, 7);
		if ((stop = cb(&row, payload)) != 0)
			break;
	}
	sqlite3_reset(st);
	if (stop)
		return stop;
	if (rc != SQLITE_DONE)
		return store_error(s, rc, "cannot read the history");
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
		return store_error(s, rc, "cannot check the database");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (strcmp(col_text(st, 0), "ok") != 0) {
			nerr++;
			glossa_buf_printf(report, "error: database: %s\n",
				col_text(st, 0));
		}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_error(s, rc, "cannot check the database");
	return nerr;
}

int glossa_store__shared_keys(glossa_store *s,
	int (*cb)(const glossa_store__pair *pair, void *payload), void *payload)
{
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
		return store_error(s, rc, "cannot check the glossary");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		glossa_store__pair pr;

		pr.key = col_text(st, 0);
		pr.entry[0] = col_text(st, 1);
		pr.entry[1] = col_text(st, 4);
		pr.text[0] = col_text(st, 3);
		pr.text[1] = col_text(st, 6);
		if (glossa_form_type_parse(&pr.type[0], col_text(st, 2)) < 0)
			pr.type[0] = GLOSSA_FORM_VARIANT;
		if (glossa_form_type_parse(&pr.type[1], col_text(st, 5)) < 0)
			pr.type[1] = GLOSSA_FORM_VARIANT;
		if ((error = cb(&pr, payload)) != 0)
			break;
	}
	sqlite3_finalize(st);
	if (error == 0 && rc != SQLITE_DONE)
		error = store_error(s, rc, "cannot check the glossary");
	return error;
}

int glossa_store__entries_of_key(glossa_store *s, int64_t **ids, size_t *n,
	size_t *alloc, const char *key, bool whole)
{
	sqlite3_stmt *st = NULL;
	int error, rc;

	if ((error = stmt(&st, s, Q_ENTRIES_OF_KEY)) < 0)
		return error;
	bind_text(st, 1, key);
	sqlite3_bind_int(st, 2, whole ? 1 : 0);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		size_t i;

		for (i = 0; i < *n && (*ids)[i] != id; i++)
			;
		if (i < *n)
			continue;
		if ((error = glossa__grow((void **)ids, alloc, *n + 1,
				sizeof(int64_t))) < 0)
			break;
		(*ids)[(*n)++] = id;
	}
	sqlite3_reset(st);
	if (error == 0 && rc != SQLITE_DONE && rc != SQLITE_ROW)
		error = store_error(s, rc, "cannot look up the name");
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

		if ((error = stmt(&st, s, Q_ENTRY_KEY_BY_ID)) < 0)
			break;
		sqlite3_bind_int64(st, 1, ids[i]);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW &&
		    (key = glossa__strdup(col_text(st, 0))) == NULL)
			error = GLOSSA_ERROR;
		sqlite3_reset(st);
		if (error == 0 && rc != SQLITE_ROW && rc != SQLITE_DONE)
			error = store_error(s, rc, "cannot read an entry");
		/* (An entry removed in this transaction is gone.) */
		if (error == 0 && key)
			error = load_entry(doc, &id, s, key);
		free(key);
	}
	return error;
}

int glossa_store_stats_get(glossa_store_stats *out, glossa_store *s)
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
		return store_error(s, rc, "cannot count");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *what = col_text(st, 0), *name = col_text(st, 1);
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
		return store_error(s, rc, "cannot count");
	out->schema = NMIGRATIONS;
	if ((error = glossa_store_generation(&out->generation, s)) < 0)
		return error;
	return 0;
}
