/*
 * Fuzz target: the matcher and fix.
 *
 *   FUZZ_MODE 0 (fuzz-fix):          arbitrary text against a fixed glossary
 *   FUZZ_MODE 1 (fuzz-fix-glossary): arbitrary small glossaries (TSV)
 *                                    against a fixed text
 *   FUZZ_MODE 2 (fuzz-fix-cache):    a hostile writer of the cache
 *                                    folder: arbitrary compiled-matcher
 *                                    cache files, made to belong to a
 *                                    fixed glossary, sealed with the
 *                                    folder's secret (those that load
 *                                    are used on a fixed text) and with
 *                                    a wrong MAC (never loaded)
 *
 * Properties, in plain text and in Markdown:
 *   - matches are in order, do not overlap, lie inside the text and on
 *     code point boundaries;
 *   - fix never changes bytes outside the FIX spans it reports, and puts
 *     exactly new_text in each;
 *   - the output is valid UTF-8 (the input was);
 *   - fix is idempotent: fixing the output finds nothing more to fix.
 * A cache sealed with the right secret but saying something else than
 * the glossary would compile to can give other fixes (only a writer who
 * can read the user's secret can make one): there, memory safety and
 * the contract of a fix are asked for, not idempotence.
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

/* `hostile`: a matcher from a cache sealed by whoever knows the secret
 * (FUZZ_MODE 2), which need not be any glossary's: only the contract of a
 * fix is asked of it (matches in order, inside the text, on character
 * boundaries, nothing changed outside them, valid UTF-8 out), not that
 * it settles (idempotence) nor that a full rescan agrees. */
static void check(const glossa_matcher *m, const char *text, size_t len,
	glossa_text_format fmt, bool hostile)
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
	if (!hostile) {
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
	if (hostile) {
		glossa_fix_result_free(r);
		glossa_buf_dispose(&out);
		return;
	}
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

/* ---- FUZZ_MODE 2: the cache folder, written by a hostile hand ----
 *
 * Each input becomes the cache file of a fixed glossary, with the key a
 * cache must carry to be that glossary's (its change counter and the
 * state of its files) written over the bytes where the header holds it:
 *   - sealed with the folder's secret (a writer who knows it): it loads
 *     or is refused, never crashes, and what loads keeps the contract of
 *     a fix (check(..., hostile));
 *   - the same bytes with a wrong MAC (a writer who does not): they
 *     never load, whatever they say.
 * FUZZ_WRITE_SEED=PATH writes the genuine cache there (a seed).
 */

#define CACHE_KEY_AT 32    /* generation, then 14 x uint64 of file state */
#define CACHE_KEY_LEN 120
#define CACHE_FLAGS_AT 24  /* bit 0: native forms left out */
#define CACHE_MAC_LEN 32   /* HMAC-SHA256, the file's last bytes */

static char cache_dir[64] = "", cache_db[96], cache_file[160],
	cache_secret[96];
static glossa_store *cache_store;
static unsigned char cache_key[CACHE_KEY_LEN];

static void cache_cleanup(void)
{
	char wal[112];

	glossa_store_free(cache_store);
	unlink(cache_file);
	unlink(cache_secret);
	unlink(cache_db);
	snprintf(wal, sizeof(wal), "%s-wal", cache_db);
	unlink(wal);
	snprintf(wal, sizeof(wal), "%s-shm", cache_db);
	unlink(wal);
	rmdir(cache_dir);
}

/* A glossary in a store, its cache written once: what a cache file must
 * say to be taken as this glossary's. */
static void cache_setup(void)
{
	glossa_matcher_options o = GLOSSA_MATCHER_OPTIONS_INIT;
	glossa_matcher *m = NULL;
	glossa_doc *doc = NULL;
	const char *seed = getenv("FUZZ_WRITE_SEED");
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
	snprintf(cache_secret, sizeof(cache_secret), "%s/hmac-key", cache_dir);
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
	if (seed) {
		char cmd[400];

		snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", cache_file, seed);
		if (system(cmd) != 0)
			abort();
	}
	glossa_matcher_free(m);
	glossa_doc_free(doc);
	atexit(cache_cleanup);
}

/* Write b as the cache file, build the matcher from the store: was the
 * cache loaded? The matcher in *out. */
static bool cache_try(glossa_matcher **out, const unsigned char *b,
	size_t size)
{
	glossa_matcher_options o = GLOSSA_MATCHER_OPTIONS_INIT;
	glossa_matcher_stats st;
	FILE *f;

	/* (Written in place: the file stays the user's, 0600.) */
	if ((f = fopen(cache_file, "wb")) == NULL ||
	    fwrite(b, 1, size, f) != size || fclose(f) != 0)
		abort();
	o.cache_dir = cache_dir;
	if (glossa_matcher_new_from_store(out, cache_store, &o) < 0) {
		fprintf(stderr, "%s\n", glossa_error_last()->message);
		abort();  /* a bad cache is rebuilt, never an error */
	}
	glossa_matcher_stats_get(&st, *out);
	if (getenv("FUZZ_VERBOSE"))
		fprintf(stderr, "the cache was %s\n",
			st.cached ? "loaded" : "refused and compiled afresh");
	return st.cached != 0;
}

static void cache_one(const uint8_t *data, size_t size)
{
	glossa_matcher *m = NULL;
	unsigned char *b;

	if (cache_dir[0] == '\0')
		cache_setup();
	if (size < CACHE_KEY_AT + CACHE_KEY_LEN + CACHE_MAC_LEN ||
	    (b = malloc(size)) == NULL)
		return;
	memcpy(b, data, size);
	memcpy(b + CACHE_KEY_AT, cache_key, CACHE_KEY_LEN);
	b[CACHE_FLAGS_AT] &= (unsigned char)~1u;
	if (glossa_match__cache_seal(cache_dir, b, size) < 0)
		abort();  /* the folder's own secret must be there */
	if (cache_try(&m, b, size)) {
		check(m, fixed_text, strlen(fixed_text), GLOSSA_TEXT_PLAIN,
			true);
		check(m, fixed_text, strlen(fixed_text), GLOSSA_TEXT_MARKDOWN,
			true);
	}
	glossa_matcher_free(m);
	m = NULL;
	/* One bit of the MAC wrong, chosen by the input. */
	b[size - 1 - data[0] % CACHE_MAC_LEN] ^= (unsigned char)(1u << (data[1] & 7));
	if (cache_try(&m, b, size))
		die("a cache with a wrong MAC was loaded", 0);
	glossa_matcher_free(m);
	free(b);
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
		check(fixed, (const char *)data, size, GLOSSA_TEXT_PLAIN,
			false);
		check(fixed, (const char *)data, size, GLOSSA_TEXT_MARKDOWN,
			false);
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
	check(m, fixed_text, strlen(fixed_text), GLOSSA_TEXT_PLAIN, false);
	check(m, fixed_text, strlen(fixed_text), GLOSSA_TEXT_MARKDOWN, false);
	glossa_matcher_free(m);
	glossa_doc_free(doc);
	return 0;
}
