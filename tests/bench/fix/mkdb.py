#!/usr/bin/env python3
"""Load a generated glossary TSV straight into a glossa database.

  mkdb.py TEMPLATE.db GLOSSARY.tsv OUT.db

`glossa glossary import` is the real path, but it takes minutes for
100,000 entries (see the benchmark notes), so the benchmark fills the
tables directly: TEMPLATE.db is any glossa database (made with
`glossa glossary init`); its schema and meta rows are kept, its entries
dropped. match_key is lower(text), right for the ASCII generated names.
The name-key index (schema 3) is glossa's to fill: the database is left
at schema 2 (schema 4's history tables dropped, the history table made
as schema 2 had it), and glossa's first write upgrades it, keying every
form. The tests use it to make a glossary of an older schema.
"""
import shutil
import sqlite3
import sys

tpl, tsv, out = sys.argv[1:4]
shutil.copyfile(tpl, out)
db = sqlite3.connect(out)
db.execute("PRAGMA journal_mode=DELETE")
db.execute("DELETE FROM form")
db.execute("DELETE FROM entry")
db.execute("DELETE FROM history")
ids = {}
with open(tsv, encoding="utf-8") as f:
    for line in f:
        if line.startswith("#"):
            continue
        p = line.rstrip("\n").split("\t")
        if p[1] == "entry":
            cur = db.execute(
                "INSERT INTO entry (key, kind, status, note) VALUES (?,?,?,?)",
                (p[0], p[2], p[3], p[4] if len(p) > 4 else ""))
            ids[p[0]] = cur.lastrowid
        else:
            db.execute(
                "INSERT INTO form (entry_id, type, text, script, lang, becomes,"
                " note, match_key) VALUES (?,?,?,?,?,?,?,?)",
                (ids[p[0]], p[1], p[2], p[3], p[4],
                 p[5] if len(p) > 5 else "", "", p[2].lower()))
db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1"
           " WHERE name = 'generation'")
db.execute("DROP TABLE IF EXISTS name_key")
# Schema 4's history (change sets, whole entries) goes too: the history
# table is made again exactly as schemas 1-3 had it.
db.executescript("""
DROP TABLE IF EXISTS history_snapshot;
ALTER TABLE history RENAME TO history_old;
CREATE TABLE history (  id INTEGER PRIMARY KEY,  at TEXT NOT NULL,  who TEXT NOT NULL,  action TEXT NOT NULL,  entry_key TEXT NOT NULL,  field TEXT NOT NULL,  old_value TEXT,  new_value TEXT);
DROP TABLE history_old;
DROP TABLE IF EXISTS change_set;
CREATE INDEX history_entry ON history(entry_key);
CREATE TRIGGER history_no_update BEFORE UPDATE ON history  BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END;
CREATE TRIGGER history_no_delete BEFORE DELETE ON history  BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END;
""")
db.execute("PRAGMA user_version = 2")
db.commit()
db.close()
