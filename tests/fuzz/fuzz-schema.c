/*
 * Fuzz target: a hostile glossary file (issue 15, "a glossary file can
 * attack its reader").
 *
 * The input is SQL: another user's hand on a fresh glossary (any
 * statement, PRAGMA writable_schema included) before glossa opens it.
 * Properties:
 *   - opening either refuses with a message, or every read (export,
 *     find, show, stats, history, validate) and a fix of a fixed text
 *     ends, and each failure has a message;
 *   - nothing of the attacker's runs in glossa: validate names every
 *     table, index, view or trigger the attacker added (when opening
 *     does not refuse), and a write with one present changes nothing;
 *   - nothing hangs (libFuzzer's -timeout; glossa's own bound on a
 *     query is a backstop).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sqlite3.h>
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char glossary_tsv[] =
	"kyiv\tentry\tplace\tapproved\n"
	"kyiv\thouse\tKyiv\tLatn\ten\n"
	"kyiv\tvariant\tKiev\tLatn\ten\n"
	"kyiv\tnative\tКиев\tCyrl\tru\tKyiv\n"
	"lavrov-sergei\tentry\tperson\tapproved\n"
	"lavrov-sergei\thouse\tSergei Lavrov\tLatn\ten\n"
	"lavrov-sergei\tshort\tLavrov\tLatn\ten\n"
	"lavrov-sergei\tvariant\tSergey Lavrov\tLatn\ten\n"
	"lavrov-sergei\tnative\tЛавров\tCyrl\tru\tLavrov\n";

static const char text[] = "Sergey Lavrov visited Kiev; Лавров said so.\n";

static char dir[64], db[96];
static char *tpl;
static size_t tpl_len;

static void die(const char *what)
{
	fprintf(stderr, "property violated: %s\n", what);
	abort();
}

static void cleanup(void)
{
	char p[128];

	snprintf(p, sizeof(p), "%s-wal", db);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", db);
	unlink(p);
	snprintf(p, sizeof(p), "%s-journal", db);
	unlink(p);
	unlink(db);
	rmdir(dir);
	free(tpl);
}

/* A small glossary made by glossa, kept as bytes to start each run from. */
static void setup(void)
{
	glossa_store *s = NULL;
	glossa_doc *doc = NULL;
	FILE *f;
	long n;

	strcpy(dir, "/dev/shm/glossa-fuzz-schema-XXXXXX");
	if (mkdtemp(dir) == NULL) {
		strcpy(dir, "/tmp/glossa-fuzz-schema-XXXXXX");
		if (mkdtemp(dir) == NULL)
			abort();
	}
	snprintf(db, sizeof(db), "%s/g.db", dir);
	if (glossa_store_open(&s, db, GLOSSA_STORE_CREATE) < 0 ||
	    glossa_doc_parse(&doc, GLOSSA_FORMAT_TSV, glossary_tsv,
			strlen(glossary_tsv), "fuzz-glossary") < 0 ||
	    glossa_store_import(s, doc, 0, NULL, "fuzz") < 0 ||
	    glossa_store_seal(s) < 0) {
		fprintf(stderr, "%s\n", glossa_error_last()->message);
		abort();
	}
	glossa_store_free(s);
	glossa_doc_free(doc);
	if ((f = fopen(db, "rb")) == NULL || fseek(f, 0, SEEK_END) != 0 ||
	    (n = ftell(f)) <= 0 || fseek(f, 0, SEEK_SET) != 0 ||
	    (tpl = malloc((size_t)n)) == NULL ||
	    fread(tpl, 1, (size_t)n, f) != (size_t)n)
		abort();
	fclose(f);
	tpl_len = (size_t)n;
	atexit(cleanup);
}

static int stop_attacker(void *p)
{
	return ++*(int *)p > 2000;  /* the attacker's own SQL is bounded */
}

/* Run the attacker's SQL on a fresh copy of the glossary; `added`
 * receives "type name" lines of the objects it made. */
static void attack(const char *sql, char *added, size_t addlen)
{
	static const char objects[] = "SELECT type, name FROM sqlite_schema"
		" WHERE name NOT LIKE 'sqlite_autoindex_%'";
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	char before[2048] = "";
	int ticks = 0, pass;
	FILE *f;

	added[0] = '\0';
	if ((f = fopen(db, "wb")) == NULL ||
	    fwrite(tpl, 1, tpl_len, f) != tpl_len || fclose(f) != 0)
		abort();
	if (sqlite3_open(db, &h) != SQLITE_OK)
		abort();
	sqlite3_progress_handler(h, 1000, stop_attacker, &ticks);
	sqlite3_limit(h, SQLITE_LIMIT_ATTACHED, 0);
	sqlite3_limit(h, SQLITE_LIMIT_LENGTH, 100000);
	for (pass = 0; pass < 2; pass++) {
		if (pass == 1)
			sqlite3_exec(h, sql, NULL, NULL, NULL);
		if (sqlite3_prepare_v2(h, objects, -1, &st, NULL) != SQLITE_OK)
			break;  /* a schema that no longer reads */
		ticks = 0;
		while (sqlite3_step(st) == SQLITE_ROW) {
			char line[256];

			snprintf(line, sizeof(line), "%s %s\n",
				sqlite3_column_text(st, 0),
				sqlite3_column_text(st, 1));
			if (pass == 0) {
				if (strlen(before) + strlen(line) < sizeof(before))
					strcat(before, line);
			} else if (strstr(before, line) == NULL &&
				   strlen(added) + strlen(line) < addlen) {
				strcat(added, line);
			}
		}
		sqlite3_finalize(st);
		st = NULL;
	}
	sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(h);
}

static void must_say(int error)
{
	if (error < 0 && glossa_error_last()->message[0] == '\0')
		die("an error without a message");
}

static int count_row(const glossa_history_row *row, void *payload)
{
	(void)row;
	++*(int *)payload;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *sql, added[1024];
	glossa_store *s = NULL;
	int flags;

	if (tpl == NULL)
		setup();
	if ((sql = malloc(size + 1)) == NULL)
		return 0;
	memcpy(sql, data, size);
	sql[size] = '\0';
	/* (Files elsewhere are not the glossary: no ATTACH, no VACUUM INTO,
	 * and the fuzzer must not write them.) */
	if (strcasestr(sql, "attach") || strcasestr(sql, "vacuum") ||
	    strcasestr(sql, "temp_store_directory")) {
		free(sql);
		return 0;
	}
	attack(sql, added, sizeof(added));
	free(sql);
	for (flags = 0; flags < 2; flags++) {
		glossa_buf report = GLOSSA_BUF_INIT;
		glossa_matcher *m = NULL;
		glossa_doc *doc = NULL;
		glossa_hit *hits = NULL;
		glossa_store_stats stats;
		glossa_fix_result *r = NULL;
		size_t nhits;
		uint64_t gen;
		int n = 0, warnings, nerr;

		if (glossa_store_open(&s, db, flags ? GLOSSA_STORE_READONLY :
				0) < 0) {
			must_say(-1);
			continue;
		}
		nerr = glossa_store_validate(s, &report, &warnings);
		must_say(nerr);
		if (added[0] && (nerr <= 0 || report.ptr == NULL ||
				 strstr(report.ptr, "schema:") == NULL)) {
			fprintf(stderr, "added:\n%sreport (%d):\n%s", added,
				nerr, report.ptr ? report.ptr : "");
			die("validate does not name the objects glossa did not make");
		}
		glossa_buf_dispose(&report);
		must_say(glossa_store_export(&doc, s, NULL));
		glossa_doc_free(doc);
		doc = NULL;
		must_say(glossa_store_find(&doc, &hits, &nhits, s, "Kiev"));
		glossa_doc_free(doc);
		free(hits);
		doc = NULL;
		must_say(glossa_store_get(&doc, s, "kyiv"));
		glossa_doc_free(doc);
		must_say(glossa_store_stats_get(&stats, s));
		must_say(glossa_store_generation(&gen, s));
		must_say(glossa_store_history(s, NULL, 0, count_row, &n));
		if (glossa_matcher_new_from_store(&m, s, NULL) == 0) {
			must_say(glossa_fix_text(&r, m, text, strlen(text),
				GLOSSA_TEXT_PLAIN, 0, "fuzz"));
			glossa_fix_result_free(r);
			glossa_matcher_free(m);
		} else {
			must_say(-1);
		}
		/* A write: refused where the attacker left an object. */
		if (flags == 0) {
			int e = glossa_store_update(s, "kyiv", -1, -1,
				"fuzzed");

			must_say(e);
			if (added[0] && e == 0) {
				fprintf(stderr, "added:\n%s", added);
				die("a write went through with objects glossa did not make");
			}
		}
		glossa_store_free(s);
		s = NULL;
	}
	return 0;
}
