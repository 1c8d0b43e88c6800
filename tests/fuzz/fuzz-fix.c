/*
 * Fuzz target: the matcher and fix.
 *
 *   FUZZ_MODE 0 (fuzz-fix):          arbitrary text against a fixed glossary
 *   FUZZ_MODE 1 (fuzz-fix-glossary): arbitrary small glossaries (TSV)
 *                                    against a fixed text
 *   FUZZ_MODE 2 (fuzz-fix-cache):    arbitrary compiled-matcher cache
 *                                    files (~/.cache/glossa), made to
 *                                    belong to a fixed glossary and
 *                                    sealed; those that load are used
 *                                    on a fixed text
 *
 * Properties, in plain text and in Markdown:
 *   - matches are in order, do not overlap, lie inside the text and on
 *     code point boundaries;
 *   - fix never changes bytes outside the FIX spans it reports, and puts
 *     exactly new_text in each;
 *   - the output is valid UTF-8 (the input was);
 *   - fix is idempotent: fixing the output finds nothing more to fix.
 * A cache that passes its checksum but says something else than the
 * glossary would compile to can give other fixes: there, only memory
 * safety and matches in order inside the text are asked for.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "internal.h"
#include "match.h"

#ifndef FUZZ_MODE
# define FUZZ_MODE 0
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char glossary_tsv[] =
	"assad-bashar\tentry\tperson\tapproved\n"
	"assad-bashar\thouse\tBashar Assad\tLatn\ten\n"
	"assad-bashar\tshort\tAssad\tLatn\ten\n"
	"assad-bashar\tvariant\tAsad\tLatn\ten\tAssad\n"
	"assad-bashar\tvariant\tBashar al-Asad\tLatn\ten\tBashar Assad\n"
	"assad-bashar\tnative\tАсад\tCyrl\tru\tAssad\n"
	"assad-bashar\tnative\tالأسد\tArab\tar\tAssad\n"
	"erdogan-recep\tentry\tperson\tapproved\n"
	"erdogan-recep\thouse\tRecep Tayyip Erdogan\tLatn\ten\n"
	"erdogan-recep\tshort\tErdogan\tLatn\ten\n"
	"erdogan-recep\tvariant\tErdoğan\tLatn\ten\tErdogan\n"
	"khair-abdel-aziz\tentry\tperson\tapproved\n"
	"khair-abdel-aziz\thouse\tAbdel-Aziz al-Khair\tLatn\ten\n"
	"khair-abdel-aziz\tvariant\tAbdulaziz Khair\tLatn\ten\n"
	"lavrov-sergei\tentry\tperson\tapproved\n"
	"lavrov-sergei\thouse\tSergei Lavrov\tLatn\ten\n"
	"lavrov-sergei\tshort\tLavrov\tLatn\ten\n"
	"lavrov-sergei\tvariant\tSergey Lavrov\tLatn\ten\n"
	"lavrov-sergei\tnative\tЛавров\tCyrl\tru\tLavrov\n"
	"lavrov-sergei\tnative\tСергей Лавров\tCyrl\tru\n"
	"said-x\tentry\tperson\tapproved\n"
	"said-x\thouse\tKais Saied\tLatn\ten\n"
	"said-x\tvariant\tKais Said\tLatn\ten\n"
	"twin-a\tentry\tperson\tapproved\n"
	"twin-a\thouse\tAlpha Twin\tLatn\ten\n"
	"twin-a\tvariant\tTwinn\tLatn\ten\n"
	"twin-b\tentry\tperson\tapproved\n"
	"twin-b\thouse\tBeta Twin\tLatn\ten\n"
	"twin-b\tvariant\tTwinn\tLatn\ten\n";

static const char fixed_text[] =
	"\xEF\xBB\xBF" "Bashar al-Asad met ASAD's envoy; Asad’s aides and "
	"Abdulaziz Khair said\xC2\xA0" "Asad\r\nwas there. Сергей Лавров и "
	"Лаврова, Лавровым, الأسد والأسد. Erdoğan, ERDOĞAN and Twinn.\n"
	"```\nAsad in code\n```\n[Asad](http://x/Asad) `Asad` <b>Asad</b>\n";

static void die(const char *what, size_t at)
{
	fprintf(stderr, "property violated: %s (at %zu)\n", what, at);
	abort();
}

static void check(const glossa_matcher *m, const char *text, size_t len,
	glossa_text_format fmt)
{
	glossa_fix_result *r = NULL, *r2 = NULL;
	glossa_buf out = GLOSSA_BUF_INIT, out2 = GLOSSA_BUF_INIT;
	const glossa_match *mt;
	size_t n, i, at = 0, o = 0, bad;

	if (glossa_fix_text(&r, m, text, len, fmt, GLOSSA_FIX_ALL_MATCHES,
			"fuzz") < 0) {
		if (glossa_error_last()->message[0] == '\0')
			die("an error without a message", 0);
		return;  /* invalid UTF-8 or NUL: refused */
	}
	mt = glossa_fix_result_matches(r, &n);
	/* Later passes rescan only around what changed: the same result as
	 * rescanning everything. */
	{
		glossa_fix_result *rf = NULL;
		const glossa_match *mf;
		size_t nf;

		if (glossa_fix_text(&rf, m, text, len, fmt,
				GLOSSA_FIX_ALL_MATCHES | GLOSSA_FIX__RESCAN_ALL,
				"fuzz") < 0)
			die("a full rescan fails", 0);
		mf = glossa_fix_result_matches(rf, &nf);
		if (nf != n)
			die("a full rescan finds another number of matches", nf);
		for (i = 0; i < n; i++)
			if (mf[i].start != mt[i].start || mf[i].end != mt[i].end ||
			    mf[i].status != mt[i].status ||
			    (mf[i].new_text == NULL) != (mt[i].new_text == NULL) ||
			    (mt[i].new_text &&
			     strcmp(mf[i].new_text, mt[i].new_text) != 0))
				die("a full rescan finds another match",
					mt[i].start);
		glossa_fix_result_free(rf);
	}
	if (glossa_fix_apply(&out, r, text, len) < 0)
		die("apply failed", 0);
	for (i = 0; i < n; i++) {
		if (mt[i].start < at || mt[i].end <= mt[i].start ||
		    mt[i].end > len)
			die("matches out of order or out of bounds", mt[i].start);
		if (((unsigned char)text[mt[i].start] & 0xC0) == 0x80 ||
		    (mt[i].end < len &&
		     ((unsigned char)text[mt[i].end] & 0xC0) == 0x80))
			die("a match splits a character", mt[i].start);
		if (mt[i].status != GLOSSA_MATCH_FIX)
			continue;
		/* Unchanged gap, then exactly new_text. */
		if (o + (mt[i].start - at) > out.size ||
		    memcmp(out.ptr + o, text + at, mt[i].start - at) != 0)
			die("bytes outside a fix changed", at);
		o += mt[i].start - at;
		if (o + strlen(mt[i].new_text) > out.size ||
		    memcmp(out.ptr + o, mt[i].new_text,
			strlen(mt[i].new_text)) != 0)
			die("the fix is not new_text", mt[i].start);
		o += strlen(mt[i].new_text);
		at = mt[i].end;
	}
	if (out.size - o != len - at ||
	    memcmp(out.ptr + o, text + at, len - at) != 0)
		die("bytes after the last fix changed", at);
	if (!glossa_utf8__valid(out.ptr ? out.ptr : "", out.size, &bad))
		die("output is not valid UTF-8", bad);
	/* Idempotent. */
	if (glossa_fix_text(&r2, m, out.ptr ? out.ptr : "", out.size, fmt, 0,
			"fuzz-again") < 0)
		die("the fixed text is refused", 0);
	if (glossa_fix_result_nfixes(r2) != 0) {
		mt = glossa_fix_result_matches(r2, &n);
		fprintf(stderr, "not idempotent: \"%s\" -> \"%s\" in\n%.*s\n",
			n ? mt[0].old_text : "?",
			n && mt[0].new_text ? mt[0].new_text : "?",
			(int)out.size, out.ptr);
		abort();
	}
	if (glossa_fix_apply(&out2, r2, out.ptr ? out.ptr : "", out.size) < 0 ||
	    out2.size != out.size ||
	    memcmp(out2.ptr ? out2.ptr : "", out.ptr ? out.ptr : "", out.size))
		die("fixing the output changed it", 0);
	glossa_fix_result_free(r);
	glossa_fix_result_free(r2);
	glossa_buf_dispose(&out);
	glossa_buf_dispose(&out2);
}

/* ---- FUZZ_MODE 2: the cache file ---- */

#define CACHE_KEY_AT 32    /* generation, device, inode, ctime: 5 x uint64 */
#define CACHE_KEY_LEN 40
#define CACHE_FLAGS_AT 24  /* bit 0: native forms left out */

static char cache_dir[64] = "", cache_db[96], cache_file[160];
static glossa_store *cache_store;
static unsigned char cache_key[CACHE_KEY_LEN];

static void cache_cleanup(void)
{
	glossa_store_free(cache_store);
	unlink(cache_file);
	unlink(cache_db);
	rmdir(cache_dir);
}

/* A glossary in a store, its cache written once: what a cache file must
 * say to be taken as this glossary's. */
static void cache_setup(void)
{
	glossa_matcher_options o = GLOSSA_MATCHER_OPTIONS_INIT;
	glossa_matcher *m = NULL;
	glossa_doc *doc = NULL;
	struct stat sb;
	FILE *f;

	/* In memory where there is a tmpfs: each input writes and renames
	 * a cache file, and on a disk that is a third of the time. */
	strcpy(cache_dir, "/dev/shm/glossa-fuzz-cache-XXXXXX");
	if (mkdtemp(cache_dir) == NULL) {
		strcpy(cache_dir, "/tmp/glossa-fuzz-cache-XXXXXX");
		if (mkdtemp(cache_dir) == NULL)
			abort();
	}
	snprintf(cache_db, sizeof(cache_db), "%s/g.db", cache_dir);
	o.cache_dir = cache_dir;
	if (glossa_store_open(&cache_store, cache_db, GLOSSA_STORE_CREATE) < 0 ||
	    glossa_doc_parse(&doc, GLOSSA_FORMAT_TSV, glossary_tsv,
			strlen(glossary_tsv), "fuzz-glossary") < 0 ||
	    glossa_store_import(cache_store, doc, 0, NULL, "fuzz") < 0 ||
	    glossa_matcher_new_from_store(&m, cache_store, &o) < 0 ||
	    stat(cache_db, &sb) < 0) {
		fprintf(stderr, "%s\n", glossa_error_last()->message);
		abort();
	}
	snprintf(cache_file, sizeof(cache_file), "%s/matcher-%llx-%llx.bin",
		cache_dir, (unsigned long long)sb.st_dev,
		(unsigned long long)sb.st_ino);
	if ((f = fopen(cache_file, "rb")) == NULL ||
	    fseek(f, CACHE_KEY_AT, SEEK_SET) != 0 ||
	    fread(cache_key, 1, CACHE_KEY_LEN, f) != CACHE_KEY_LEN) {
		fprintf(stderr, "no cache file %s\n", cache_file);
		abort();
	}
	fclose(f);
	glossa_matcher_free(m);
	glossa_doc_free(doc);
	atexit(cache_cleanup);
}

static void cache_one(const uint8_t *data, size_t size)
{
	glossa_matcher_options o = GLOSSA_MATCHER_OPTIONS_INIT;
	glossa_matcher_stats st;
	glossa_matcher *m = NULL;
	unsigned char *b;
	FILE *f;
	int k;

	if (cache_dir[0] == '\0')
		cache_setup();
	if (size < CACHE_KEY_AT + CACHE_KEY_LEN || (b = malloc(size)) == NULL)
		return;
	memcpy(b, data, size);
	memcpy(b + CACHE_KEY_AT, cache_key, CACHE_KEY_LEN);
	b[CACHE_FLAGS_AT] &= (unsigned char)~1u;
	glossa_match__cache_seal(b, size);
	if ((f = fopen(cache_file, "wb")) == NULL ||
	    fwrite(b, 1, size, f) != size || fclose(f) != 0)
		abort();
	free(b);
	o.cache_dir = cache_dir;
	if (glossa_matcher_new_from_store(&m, cache_store, &o) < 0) {
		fprintf(stderr, "%s\n", glossa_error_last()->message);
		abort();  /* a bad cache is rebuilt, never an error */
	}
	glossa_matcher_stats_get(&st, m);
	if (getenv("FUZZ_VERBOSE"))
		fprintf(stderr, "the cache was %s\n",
			st.cached ? "loaded" : "refused and compiled afresh");
	for (k = 0; st.cached && k < 2; k++) {
		glossa_fix_result *r = NULL;
		glossa_buf out = GLOSSA_BUF_INIT;
		const glossa_match *mt;
		size_t n, i, len = strlen(fixed_text), at = 0;

		/* (Such a matcher may never settle: an error, not a crash.) */
		if (glossa_fix_text(&r, m, fixed_text, len, k ?
				GLOSSA_TEXT_MARKDOWN : GLOSSA_TEXT_PLAIN, 0,
				"fuzz") < 0) {
			if (getenv("FUZZ_VERBOSE"))
				fprintf(stderr, "%s\n",
					glossa_error_last()->message);
			glossa_fix_result_free(r);
			continue;
		}
		if (glossa_fix_apply(&out, r, fixed_text, len) < 0)
			abort();
		mt = glossa_fix_result_matches(r, &n);
		for (i = 0; i < n; i++) {
			if (mt[i].start < at || mt[i].end < mt[i].start ||
			    mt[i].end > len)
				die("matches out of order or outside the text",
					mt[i].start);
			at = mt[i].end;
		}
		glossa_fix_result_free(r);
		glossa_buf_dispose(&out);
	}
	glossa_matcher_free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static glossa_matcher *fixed;
	glossa_matcher *m = NULL;
	glossa_doc *doc = NULL;

	if (FUZZ_MODE == 0) {
		if (fixed == NULL) {
			if (glossa_doc_parse(&doc, GLOSSA_FORMAT_TSV,
					glossary_tsv, strlen(glossary_tsv),
					"fuzz-glossary") < 0 ||
			    glossa_matcher_new(&fixed, doc, NULL) < 0) {
				fprintf(stderr, "%s\n",
					glossa_error_last()->message);
				abort();
			}
			glossa_doc_free(doc);
		}
		check(fixed, (const char *)data, size, GLOSSA_TEXT_PLAIN);
		check(fixed, (const char *)data, size, GLOSSA_TEXT_MARKDOWN);
		return 0;
	}
	if (FUZZ_MODE == 2) {
		cache_one(data, size);
		return 0;
	}
	if (glossa_doc_parse(&doc, GLOSSA_FORMAT_TSV, (const char *)data, size,
			"fuzz") < 0)
		return 0;
	if (glossa_matcher_new(&m, doc, NULL) < 0) {
		glossa_doc_free(doc);
		return 0;
	}
	check(m, fixed_text, strlen(fixed_text), GLOSSA_TEXT_PLAIN);
	check(m, fixed_text, strlen(fixed_text), GLOSSA_TEXT_MARKDOWN);
	glossa_matcher_free(m);
	glossa_doc_free(doc);
	return 0;
}
