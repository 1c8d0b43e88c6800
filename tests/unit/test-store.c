/*
 * Unit tests for the glossary store: schema, reads, writes, validation,
 * import merge semantics, history, and the refusals (newer schema, other
 * databases, read-only and built-in glossaries).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sqlite3.h>
#include "../harness.h"
#include "internal.h"

static char tmpdir[] = "/tmp/glossa-test-store-XXXXXX";

static glossa_store *mem_store(void)
{
	glossa_store *s = NULL;

	if (glossa_store_open(&s, ":memory:", GLOSSA_STORE_CREATE) < 0) {
		printf("# cannot open: %s\n", glossa_error_last()->message);
		exit(1);
	}
	glossa_store_set_user(s, "tester");
	return s;
}

static glossa_doc *assad_doc(void)
{
	glossa_doc *doc;
	glossa_entry *e;

	glossa_doc_new(&doc);
	glossa_doc_add_entry(&e, doc, "assad-bashar", GLOSSA_KIND_PERSON,
		GLOSSA_STATUS_APPROVED, "President of Syria 2000–2024", 0);
	glossa_entry_add_form(e, &(glossa_form_spec){
		.type = GLOSSA_FORM_HOUSE, .text = "Bashar Assad" });
	glossa_entry_add_form(e, &(glossa_form_spec){
		.type = GLOSSA_FORM_SHORT, .text = "Assad" });
	glossa_entry_add_form(e, &(glossa_form_spec){
		.type = GLOSSA_FORM_VARIANT, .text = "Bashar al-Asad" });
	glossa_entry_add_form(e, &(glossa_form_spec){
		.type = GLOSSA_FORM_VARIANT, .text = "Asad" });
	glossa_entry_add_form(e, &(glossa_form_spec){
		.type = GLOSSA_FORM_NATIVE, .text = "Асад" });
	glossa_entry_add_form(e, &(glossa_form_spec){
		.type = GLOSSA_FORM_NATIVE, .text = "بشار الأسد" });
	glossa_entry_add_form(e, &(glossa_form_spec){
		.type = GLOSSA_FORM_NATIVE, .text = "الأسد" });
	return doc;
}

static glossa_doc *lavrov_doc(void)
{
	glossa_doc *doc;
	glossa_entry *e;

	glossa_doc_new(&doc);
	glossa_doc_add_entry(&e, doc, "lavrov-sergei", GLOSSA_KIND_PERSON,
		GLOSSA_STATUS_APPROVED, "Russian foreign minister", 0);
	glossa_entry_add_form(e, &(glossa_form_spec){
		.type = GLOSSA_FORM_HOUSE, .text = "Sergei Lavrov" });
	glossa_entry_add_form(e, &(glossa_form_spec){
		.type = GLOSSA_FORM_SHORT, .text = "Lavrov" });
	glossa_entry_add_form(e, &(glossa_form_spec){
		.type = GLOSSA_FORM_VARIANT, .text = "Sergey Lavrov" });
	glossa_entry_add_form(e, &(glossa_form_spec){
		.type = GLOSSA_FORM_NATIVE, .text = "Сергей Лавров" });
	return doc;
}

static char *export_tsv(glossa_store *s)
{
	glossa_doc *doc = NULL;
	glossa_buf out = GLOSSA_BUF_INIT;

	if (glossa_store_export(&doc, s, NULL) < 0 ||
	    glossa_doc_write(&out, doc, GLOSSA_FORMAT_TSV) < 0) {
		glossa_doc_free(doc);
		return strdup("(export failed)");
	}
	glossa_doc_free(doc);
	return out.ptr;
}

static int count_rows(const glossa_history_row *r, void *payload)
{
	(void)r;
	(*(int *)payload)++;
	return 0;
}

static int history_count(glossa_store *s, const char *key)
{
	int n = 0;

	glossa_store_history(s, key, 0, count_rows, &n);
	return n;
}

static void test_add_get_find(void)
{
	glossa_store *s = mem_store();
	glossa_doc *doc = assad_doc(), *got = NULL, *found = NULL;
	glossa_hit *hits = NULL;
	size_t nhits = 0, i;
	uint64_t gen = 99;
	const glossa_entry *e;

	ok(glossa_store_generation(&gen, s) == 0 && gen == 0,
		"a new glossary has change counter 0");
	is_int(glossa_store_add(s, glossa_doc_entry(doc, 0)), 0, "add an entry");
	glossa_store_generation(&gen, s);
	is_int(gen, 1, "one write, one step of the change counter");
	is_int(glossa_store_get(&got, s, "assad-bashar"), 0, "get it back");
	e = glossa_doc_entry(got, 0);
	is_int(e->nforms, 7, "all seven forms stored");
	is_str(e->forms[0].text, "Bashar Assad", "house form first");
	is_str(e->forms[1].text, "Assad", "then the short form");
	for (i = 0; i < e->nforms; i++) {
		if (strcmp(e->forms[i].text, "Asad") == 0)
			is_str(e->forms[i].becomes, "Assad",
				"a one-word variant becomes the short form");
		if (strcmp(e->forms[i].text, "Bashar al-Asad") == 0)
			is_str(e->forms[i].becomes, "Bashar Assad",
				"a full-name variant becomes the house form");
		if (strcmp(e->forms[i].text, "Асад") == 0) {
			is_str(e->forms[i].script, "Cyrl", "script detected");
			is_str(e->forms[i].lang, "ru", "language from script");
		}
		if (strcmp(e->forms[i].text, "الأسد") == 0)
			is_str(e->forms[i].lang, "ar", "Arabic gets ar");
	}
	is_str(e->note, "President of Syria 2000–2024", "note kept");

	is_int(glossa_store_find(&found, &hits, &nhits, s, "asad"), 1,
		"find is case-insensitive");
	ok(nhits == 1 && strcmp(glossa_doc_entry(found, hits[0].entry)
		->forms[hits[0].form].text, "Asad") == 0,
		"the hit names the matching form");
	free(hits);
	glossa_doc_free(found);
	is_int(glossa_store_find(&found, &hits, &nhits, s, "АСАД"), 1,
		"find Cyrillic in any case");
	free(hits);
	glossa_doc_free(found);
	is_int(glossa_store_find(&found, &hits, &nhits, s, "الأسد"), 1,
		"find Arabic");
	free(hits);
	glossa_doc_free(found);
	is_int(glossa_store_find(&found, &hits, &nhits, s, "Putin"), 0,
		"an unknown name finds nothing");
	free(hits);
	glossa_doc_free(found);
	/* NFD input finds the NFC form. */
	{
		glossa_doc *d2;
		glossa_entry *x;
		glossa_doc_new(&d2);
		glossa_doc_add_entry(&x, d2, "erdogan-recep", GLOSSA_KIND_PERSON,
			GLOSSA_STATUS_APPROVED, "", 0);
		glossa_entry_add_form(x, &(glossa_form_spec){
			.type = GLOSSA_FORM_HOUSE,
			.text = "Recep Tayyip Erdogan" });
		glossa_entry_add_form(x, &(glossa_form_spec){
			.type = GLOSSA_FORM_VARIANT,
			.text = "Recep Tayyip Erdo\xc4\x9f" "an" });
		is_int(glossa_store_add(s, x), 0, "add an entry with ğ");
		is_int(glossa_store_find(&found, &hits, &nhits, s,
			"recep tayyip erdog\xcc\x86" "an"), 2,
			"decomposed input finds the composed form, and the form without the accent: one name key");
		free(hits);
		glossa_doc_free(found);
		glossa_doc_free(d2);
	}
	is_int(history_count(s, "assad-bashar"), 9,
		"history: entry, note, seven forms");
	glossa_doc_free(got);
	glossa_doc_free(doc);
	glossa_store_free(s);
}

static void test_rejections(void)
{
	glossa_store *s = mem_store();
	glossa_doc *doc = assad_doc(), *bad;
	glossa_entry *e;
	const char *warning = NULL;
	char *before, *after;

	glossa_store_add(s, glossa_doc_entry(doc, 0));
	before = export_tsv(s);
	is_int(glossa_store_add(s, glossa_doc_entry(doc, 0)), GLOSSA_EEXISTS,
		"the same key twice is refused");

	glossa_doc_new(&bad);
	glossa_doc_add_entry(&e, bad, "no-house", GLOSSA_KIND_PERSON,
		GLOSSA_STATUS_APPROVED, "", 0);
	glossa_entry_add_form(e, &(glossa_form_spec){
		.type = GLOSSA_FORM_SHORT, .text = "Nobody" });
	is_int(glossa_store_add(s, e), GLOSSA_EINVALID,
		"an entry without a house form is refused");
	ok(strstr(glossa_error_last()->message, "house form") != NULL,
		"and the message says why: %s", glossa_error_last()->message);
	glossa_doc_free(bad);

	is_int(glossa_store_add_form(s, "assad-bashar", &(glossa_form_spec){
		.type = GLOSSA_FORM_VARIANT, .text = "" }, NULL),
		GLOSSA_EINVALID, "an empty form is refused");
	is_int(glossa_store_add_form(s, "assad-bashar", &(glossa_form_spec){
		.type = GLOSSA_FORM_VARIANT, .text = "As\xff" "ad" }, NULL),
		GLOSSA_EINVALID, "invalid UTF-8 is refused");
	ok(strstr(glossa_error_last()->message, "UTF-8") != NULL,
		"and the message says UTF-8");
	is_int(glossa_store_add_form(s, "assad-bashar", &(glossa_form_spec){
		.type = GLOSSA_FORM_VARIANT, .text = "B\xd0\xb0shar" }, NULL),
		GLOSSA_EINVALID,
		"a Latin form hiding a Cyrillic letter is refused");
	is_int(glossa_store_add_form(s, "assad-bashar", &(glossa_form_spec){
		.type = GLOSSA_FORM_VARIANT, .text = "Asad" }, NULL),
		GLOSSA_EINVALID, "the same form twice in one entry is refused");
	is_int(glossa_store_add_form(s, "assad-bashar", &(glossa_form_spec){
		.type = GLOSSA_FORM_VARIANT, .text = "Assad X",
		.becomes = "Nobody" }, NULL), GLOSSA_EINVALID,
		"a variant must become the house or short form");
	is_int(glossa_store_add_form(s, "nobody", &(glossa_form_spec){
		.type = GLOSSA_FORM_VARIANT, .text = "X" }, NULL),
		GLOSSA_ENOTFOUND, "adding to a missing entry is not found");
	is_int(glossa_store_add_form(s, "assad-bashar", &(glossa_form_spec){
		.type = GLOSSA_FORM_SHORT, .text = "Bashar" }, NULL),
		GLOSSA_EINVALID, "a second short form is refused");

	/* Across entries. */
	{
		glossa_doc *lav = lavrov_doc();
		glossa_store_add(s, glossa_doc_entry(lav, 0));
		glossa_doc_free(lav);
	}
	free(before);
	before = export_tsv(s);
	is_int(glossa_store_add_form(s, "assad-bashar", &(glossa_form_spec){
		.type = GLOSSA_FORM_VARIANT, .text = "Sergei Lavrov",
		.becomes = "Bashar Assad" }, NULL),
		GLOSSA_EEXISTS,
		"a variant equal to another entry's house form is an error");
	ok(strstr(glossa_error_last()->message, "lavrov-sergei") != NULL,
		"the message names the other entry: %s",
		glossa_error_last()->message);
	is_int(glossa_store_add_form(s, "assad-bashar", &(glossa_form_spec){
		.type = GLOSSA_FORM_VARIANT, .text = "LAVROV",
		.becomes = "Assad" }, NULL), GLOSSA_EEXISTS,
		"or its short form, in any case");
	after = export_tsv(s);
	is_str(after, before, "refused writes change nothing");
	free(after);

	is_int(glossa_store_add_form(s, "lavrov-sergei", &(glossa_form_spec){
		.type = GLOSSA_FORM_VARIANT, .text = "Asad",
		.becomes = "Lavrov" }, &warning), 0,
		"a variant shared by two entries is accepted...");
	ok(warning && strstr(warning, "ambiguous"),
		"...with a warning that it is ambiguous");
	{
		glossa_buf rep = GLOSSA_BUF_INIT;
		int warnings = 0;
		is_int(glossa_store_validate(s, &rep, &warnings), 0,
			"validate: no errors");
		is_int(warnings, 1, "validate: one warning");
		ok(rep.ptr && strstr(rep.ptr, "ambiguous") &&
			strstr(rep.ptr, "Asad"),
			"validate reports the ambiguous variant");
		glossa_buf_dispose(&rep);
	}
	free(before);
	glossa_doc_free(doc);
	glossa_store_free(s);
}

static void test_remove_update(void)
{
	glossa_store *s = mem_store();
	glossa_doc *doc = assad_doc(), *got = NULL;

	glossa_store_add(s, glossa_doc_entry(doc, 0));
	is_int(glossa_store_remove_form(s, "assad-bashar", "Bashar Assad"),
		GLOSSA_EINVALID, "the house form cannot be removed");
	is_int(glossa_store_remove_form(s, "assad-bashar", "Assad"),
		GLOSSA_EINVALID,
		"a short form that variants still become cannot be removed");
	is_int(glossa_store_remove_form(s, "assad-bashar", "Asad"), 0,
		"a variant can be removed");
	is_int(glossa_store_remove_form(s, "assad-bashar", "Asad"),
		GLOSSA_ENOTFOUND, "removing it twice: not found");
	is_int(glossa_store_update(s, "assad-bashar", GLOSSA_KIND_PERSON,
		GLOSSA_STATUS_DEPRECATED, "Former president of Syria"), 0,
		"update status and note");
	glossa_store_get(&got, s, "assad-bashar");
	ok(got && glossa_doc_entry(got, 0)->status ==
		GLOSSA_STATUS_DEPRECATED &&
		strcmp(glossa_doc_entry(got, 0)->note,
			"Former president of Syria") == 0,
		"the update is stored");
	glossa_doc_free(got);
	is_int(glossa_store_remove(s, "assad-bashar"), 0, "remove the entry");
	is_int(glossa_store_get(&got, s, "assad-bashar"), GLOSSA_ENOTFOUND,
		"then it is gone");
	is_int(glossa_store_remove(s, "assad-bashar"), GLOSSA_ENOTFOUND,
		"removing a missing entry: not found");
	ok(history_count(s, "assad-bashar") == 9 + 1 + 2 + 1,
		"history keeps every change, removals too (%d rows)",
		history_count(s, "assad-bashar"));
	glossa_doc_free(doc);
	glossa_store_free(s);
}

static void test_import(void)
{
	glossa_store *s = mem_store(), *t = mem_store();
	glossa_doc *a = assad_doc(), *l = lavrov_doc(), *both, *parsed = NULL;
	glossa_buf changes = GLOSSA_BUF_INIT, tsv = GLOSSA_BUF_INIT;
	char *first, *second, *after;
	uint64_t gen0, gen1;
	int n;

	glossa_doc_new(&both);
	/* Build a two-entry document through TSV, as the CLI does. */
	glossa_doc_write(&tsv, a, GLOSSA_FORMAT_TSV);
	{
		glossa_buf t2 = GLOSSA_BUF_INIT;
		glossa_doc_write(&t2, l, GLOSSA_FORMAT_TSV);
		/* Skip the second header (3 comment lines). */
		glossa_buf_puts(&tsv, strstr(t2.ptr, "lavrov-sergei\tentry"));
		glossa_buf_dispose(&t2);
	}
	is_int(glossa_doc_parse(&parsed, GLOSSA_FORMAT_TSV, tsv.ptr, tsv.size,
		"two.tsv"), 0, "parse a two-entry TSV");
	n = glossa_store_import(s, parsed, GLOSSA_IMPORT_DRY_RUN, &changes,
		"two.tsv");
	ok(n > 0, "a dry run counts changes (%d)", n);
	ok(changes.ptr && strstr(changes.ptr, "+ assad-bashar entry"),
		"and lists them");
	first = export_tsv(s);
	ok(strstr(first, "assad-bashar") == NULL, "but writes nothing");
	free(first);
	glossa_buf_clear(&changes);
	n = glossa_store_import(s, parsed, 0, &changes, "two.tsv");
	ok(n > 0, "import adds (%d changes)", n);
	glossa_store_generation(&gen0, s);
	is_int(glossa_store_import(s, parsed, 0, NULL, "two.tsv"), 0,
		"importing the same file twice changes nothing");
	glossa_store_generation(&gen1, s);
	ok(gen0 == gen1, "and leaves the change counter alone");

	/* Round trip: export -> import elsewhere -> export. */
	first = export_tsv(s);
	{
		glossa_doc *d = NULL;
		glossa_doc_parse(&d, GLOSSA_FORMAT_TSV, first, strlen(first),
			"export.tsv");
		ok(d != NULL, "the export parses");
		glossa_store_import(t, d, 0, NULL, "export.tsv");
		glossa_doc_free(d);
	}
	second = export_tsv(t);
	is_str(second, first, "export -> import -> export is byte-identical");
	free(first);
	free(second);

	/* A merge that changes a note and adds a form. */
	{
		glossa_doc *d = NULL;
		const char *m =
			"lavrov-sergei\tentry\tperson\tapproved\tRussian foreign minister since 2004\n"
			"lavrov-sergei\thouse\tSergei Lavrov\tLatn\ten\n"
			"lavrov-sergei\tvariant\tSergey Viktorovich Lavrov\tLatn\ten\n";
		glossa_doc_parse(&d, GLOSSA_FORMAT_TSV, m, strlen(m), "m.tsv");
		glossa_buf_clear(&changes);
		is_int(glossa_store_import(s, d, 0, &changes, "m.tsv"), 2,
			"a merge: one note changed, one form added");
		ok(changes.ptr && strstr(changes.ptr, "~ lavrov-sergei note"),
			"the note change is listed");
		after = export_tsv(s);
		ok(strstr(after, "Lavrov\tLatn\ten\n") != NULL &&
			strstr(after, "Сергей Лавров") != NULL,
			"forms the file does not mention are kept");
		free(after);
		is_int(glossa_store_import(s, d, GLOSSA_IMPORT_REPLACE, NULL,
			"m.tsv") > 0, 1, "--replace removes what the file lacks");
		after = export_tsv(s);
		ok(strstr(after, "assad-bashar") == NULL &&
			strstr(after, "Сергей Лавров") == NULL,
			"so only the file's content is left");
		free(after);
		glossa_doc_free(d);
	}

	/* A conflicting import changes nothing. */
	{
		glossa_doc *d = NULL;
		const char *c =
			"aaa-new\tentry\tperson\tapproved\n"
			"aaa-new\thouse\tAlpha Person\tLatn\ten\n"
			"zzz-bad\tentry\tperson\tapproved\n"
			"zzz-bad\thouse\tZed Person\tLatn\ten\n"
			"zzz-bad\tvariant\tSergei Lavrov\tLatn\ten\tZed Person\n";
		first = export_tsv(s);
		glossa_doc_parse(&d, GLOSSA_FORMAT_TSV, c, strlen(c), "c.tsv");
		is_int(glossa_store_import(s, d, 0, NULL, "c.tsv"),
			GLOSSA_EEXISTS, "a conflicting import fails");
		ok(strstr(glossa_error_last()->message, "c.tsv:5:") != NULL,
			"naming the file and line: %s",
			glossa_error_last()->message);
		second = export_tsv(s);
		is_str(second, first, "and changes nothing, not even the good entry");
		free(first);
		free(second);
		glossa_doc_free(d);
	}
	glossa_buf_dispose(&changes);
	glossa_buf_dispose(&tsv);
	glossa_doc_free(parsed);
	glossa_doc_free(both);
	glossa_doc_free(a);
	glossa_doc_free(l);
	glossa_store_free(s);
	glossa_store_free(t);
}

static void test_files(void)
{
	char path[256], other[256], junk[256];
	glossa_store *s = NULL;
	glossa_doc *a = assad_doc();
	sqlite3 *db;
	FILE *f;

	snprintf(path, sizeof(path), "%s/g.db", tmpdir);
	snprintf(other, sizeof(other), "%s/other.db", tmpdir);
	snprintf(junk, sizeof(junk), "%s/junk.db", tmpdir);

	is_int(glossa_store_open(&s, path, 0), GLOSSA_ENOTFOUND,
		"a missing glossary is not created unasked");
	ok(access(path, F_OK) != 0, "and no file appears");
	is_int(glossa_store_open(&s, path, GLOSSA_STORE_CREATE), 0,
		"create a glossary file");
	glossa_store_add(s, glossa_doc_entry(a, 0));
	glossa_store_free(s);
	s = NULL;

	is_int(glossa_store_open(&s, path, GLOSSA_STORE_READONLY), 0,
		"open it read-only");
	is_int(glossa_store_add_form(s, "assad-bashar", &(glossa_form_spec){
		.type = GLOSSA_FORM_VARIANT, .text = "Asaad" }, NULL),
		GLOSSA_EREADONLY, "a read-only store refuses writes");
	glossa_store_free(s);
	s = NULL;

	is_int(glossa_store_open(&s, path, GLOSSA_STORE_BUILTIN), 0,
		"open it as the built-in glossary");
	is_int(glossa_store_remove(s, "assad-bashar"), GLOSSA_EREADONLY,
		"the built-in glossary refuses writes");
	ok(strstr(glossa_error_last()->message, "init --from-default") != NULL,
		"and says how to make a copy: %s",
		glossa_error_last()->message);
	glossa_store_free(s);
	s = NULL;

	/* A newer schema is refused. */
	sqlite3_open(path, &db);
	sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL);
	sqlite3_close(db);
	is_int(glossa_store_open(&s, path, 0), GLOSSA_EVERSION,
		"a glossary from a newer glossa is refused");
	ok(strstr(glossa_error_last()->message, "newer") != NULL,
		"with a clear message: %s", glossa_error_last()->message);

	/* Another application's database. */
	sqlite3_open(other, &db);
	sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES (1)", NULL,
		NULL, NULL);
	sqlite3_close(db);
	is_int(glossa_store_open(&s, other, 0), GLOSSA_EINVALID,
		"another SQLite database is refused");
	ok(strstr(glossa_error_last()->message, "not a glossa glossary"),
		"as not a glossary: %s", glossa_error_last()->message);

	/* Not a database at all. */
	f = fopen(junk, "w");
	fputs("Bashar al-Asad said on Monday...\n", f);
	fclose(f);
	is_int(glossa_store_open(&s, junk, 0), GLOSSA_EINVALID,
		"a text file is refused");
	ok(strstr(glossa_error_last()->message, "not a glossa glossary"),
		"as not a glossary: %s", glossa_error_last()->message);
	f = fopen(junk, "r");
	{
		char line[128];
		ok(fgets(line, sizeof(line), f) &&
			strcmp(line, "Bashar al-Asad said on Monday...\n") == 0,
			"and left untouched");
	}
	fclose(f);

	/* History cannot be rewritten, even with SQL. */
	{
		glossa_store *w = NULL;
		char *err = NULL;
		snprintf(path, sizeof(path), "%s/h.db", tmpdir);
		glossa_store_open(&w, path, GLOSSA_STORE_CREATE);
		glossa_store_add(w, glossa_doc_entry(a, 0));
		glossa_store_free(w);
		sqlite3_open(path, &db);
		ok(sqlite3_exec(db, "DELETE FROM history", NULL, NULL, &err)
			!= SQLITE_OK && err && strstr(err, "append-only"),
			"the history refuses deletes");
		sqlite3_free(err);
		err = NULL;
		ok(sqlite3_exec(db, "UPDATE history SET who = 'x'", NULL, NULL,
			&err) != SQLITE_OK, "the history refuses updates");
		sqlite3_free(err);
		sqlite3_close(db);
	}
	glossa_doc_free(a);
}

/* Found by fuzz-import-tsv: a final line of only spaces, with no newline,
 * was scanned past the end of the buffer. */
static void test_tsv_blank_tail(void)
{
	glossa_doc *doc = NULL;
	char *data = malloc(3);

	memcpy(data, "  \t", 3);  /* exactly 3 bytes, no terminator */
	is_int(glossa_doc_parse(&doc, GLOSSA_FORMAT_TSV, data, 3, "blank.tsv"),
		0, "a last line of only blanks, unterminated, is read safely");
	ok(doc && glossa_doc_count(doc) == 0, "and holds nothing");
	glossa_doc_free(doc);
	free(data);
}

static int last_change(const glossa_history_row *r, void *payload)
{
	*(int64_t *)payload = r->change;
	return 1;
}

/* Change sets, undo, and an import --replace of nothing (issue 15). */
static void test_undo(void)
{
	glossa_store *s = mem_store();
	glossa_doc *assad = assad_doc(), *lavrov = lavrov_doc(), *empty = NULL;
	glossa_doc *got = NULL;
	char *before, *now;
	int64_t undone = 0, change = 0;

	glossa_store_add(s, glossa_doc_entry(assad, 0));
	glossa_store_history(s, NULL, 1, last_change, &change);
	is_int(change, 1, "the first write makes change set 1");
	before = export_tsv(s);
	glossa_store_change_begin(s);
	glossa_store_add(s, glossa_doc_entry(lavrov, 0));
	glossa_store_history(s, NULL, 1, last_change, &change);
	is_int(change, 2, "after glossa_store_change_begin(), change set 2");
	is_int(glossa_store_undo(s, 0, &undone, 0, NULL) > 0, 1,
		"undo the newest change set");
	is_int(undone, 2, "  which is 2");
	now = export_tsv(s);
	is_str(now, before, "  the glossary is as before it");
	free(now);
	is_int(glossa_store_undo(s, 0, &undone, GLOSSA_UNDO_DRY_RUN, NULL) > 0,
		1, "undo the undo, dry run");
	now = export_tsv(s);
	is_str(now, before, "  changes nothing");
	free(now);
	is_int(glossa_store_undo(s, 0, &undone, 0, NULL) > 0, 1,
		"undo the undo");
	is_int(undone, 3, "  (change set 3)");
	is_int(glossa_store_get(&got, s, "lavrov-sergei"), 0, "  Lavrov is back");
	glossa_doc_free(got);
	free(before);
	before = export_tsv(s);
	glossa_store_change_begin(s);
	glossa_store_update(s, "assad-bashar", -1, -1, "a later note");
	is_int(glossa_store_undo(s, 1, NULL, 0, NULL), GLOSSA_EEXISTS,
		"undo of change 1, whose entry a later change set changed: refused");
	glossa_store_change_begin(s);
	is_int(glossa_store_undo(s, 0, NULL, 0, NULL), 1,
		"undo of the note change: one change");
	now = export_tsv(s);
	is_str(now, before, "  the note is as it was");
	free(now);
	is_int(glossa_store_undo(s, 99, NULL, 0, NULL), GLOSSA_ENOTFOUND,
		"undo of a change set that does not exist");
	is_int(glossa_store_set_user(s, "evil\nline"), GLOSSA_EINVALID,
		"a user name with a newline is refused");
	glossa_doc_new(&empty);
	is_int(glossa_store_import(s, empty, GLOSSA_IMPORT_REPLACE, NULL,
		"empty.tsv"), GLOSSA_EINVALID,
		"import --replace of a document with no entries is refused");
	now = export_tsv(s);
	is_str(now, before, "  and changes nothing");
	free(now);
	is_int(glossa_store_import(s, empty, GLOSSA_IMPORT_REPLACE |
		GLOSSA_IMPORT_FORCE, NULL, "empty.tsv") > 0, 1,
		"  with GLOSSA_IMPORT_FORCE it empties the glossary");
	is_int(glossa_store_undo(s, 0, NULL, 0, NULL) > 0, 1,
		"  and undo brings it all back");
	now = export_tsv(s);
	is_str(now, before, "  byte for byte");
	free(now);
	free(before);
	glossa_doc_free(empty);
	glossa_doc_free(assad);
	glossa_doc_free(lavrov);
	glossa_store_free(s);
}

int main(void)
{
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_tsv_blank_tail();
	test_add_get_find();
	test_rejections();
	test_remove_update();
	test_import();
	test_files();
	test_undo();
	{
		char cmd[300];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			printf("# could not remove %s\n", tmpdir);
	}
	return done_testing();
}
