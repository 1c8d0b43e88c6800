-- A glossary as glossa wrote it with schema 1 (before the kind 'given' and
-- the form types 'alone' and 'exception'): the migration test's input.
CREATE TABLE meta (  name TEXT PRIMARY KEY,  value TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO meta VALUES ('generation', '0');
CREATE TABLE entry (  id INTEGER PRIMARY KEY,  key TEXT NOT NULL UNIQUE,  kind TEXT NOT NULL    CHECK (kind IN ('person', 'place', 'org', 'term')),  status TEXT NOT NULL    CHECK (status IN ('approved', 'proposed', 'deprecated')),  note TEXT NOT NULL DEFAULT '');
CREATE TABLE form (  id INTEGER PRIMARY KEY,  entry_id INTEGER NOT NULL REFERENCES entry(id) ON DELETE CASCADE,  type TEXT NOT NULL CHECK (type IN    ('house', 'short', 'alternate', 'variant', 'native')),  text TEXT NOT NULL CHECK (text <> ''),  script TEXT NOT NULL,  lang TEXT NOT NULL,  becomes TEXT NOT NULL DEFAULT '',  note TEXT NOT NULL DEFAULT '',  match_key TEXT NOT NULL,  UNIQUE (entry_id, match_key, lang));
CREATE INDEX form_match_key ON form(match_key);
CREATE INDEX form_entry ON form(entry_id);
CREATE UNIQUE INDEX form_one_house ON form(entry_id)  WHERE type = 'house';
CREATE UNIQUE INDEX form_one_short ON form(entry_id)  WHERE type = 'short';
CREATE TABLE history (  id INTEGER PRIMARY KEY,  at TEXT NOT NULL,  who TEXT NOT NULL,  action TEXT NOT NULL,  entry_key TEXT NOT NULL,  field TEXT NOT NULL,  old_value TEXT,  new_value TEXT);
CREATE INDEX history_entry ON history(entry_key);
CREATE TRIGGER history_no_update BEFORE UPDATE ON history  BEGIN SELECT RAISE(ABORT, 'the history is append-only');
 END;
CREATE TRIGGER history_no_delete BEFORE DELETE ON history  BEGIN SELECT RAISE(ABORT, 'the history is append-only');
 END;
INSERT INTO entry (id, key, kind, status, note) VALUES (1, 'assad-bashar', 'person', 'approved', 'President of Syria 2000-2024');
INSERT INTO form (entry_id, type, text, script, lang, becomes, note, match_key) VALUES (1, 'house', 'Bashar Assad', 'Latn', 'en', '', '', 'bashar assad');
INSERT INTO form (entry_id, type, text, script, lang, becomes, note, match_key) VALUES (1, 'short', 'Assad', 'Latn', 'en', '', '', 'assad');
INSERT INTO form (entry_id, type, text, script, lang, becomes, note, match_key) VALUES (1, 'variant', 'Asad', 'Latn', 'en', 'Assad', '', 'asad');
PRAGMA user_version = 1;
PRAGMA application_id = 1196184385;
