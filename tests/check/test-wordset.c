/*
 * The compiled word set (core/wordset.c) against Hunspell, its judge:
 * on every word of the system word list (wamerican) when installed, and
 * of the en_US stems and the precision news stories each as written, in
 * lower, title and upper case and with a curly apostrophe, the set says
 * "known" exactly when Hunspell_spell() does (for the words the set
 * settles). Then the cache file: mapped on the next open without
 * Hunspell, and rebuilt, never used, when damaged, cut short, sealed
 * with another secret, writable by others or a link.
 * Skipped (77) without the en_US dictionary.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>
#include <hunspell/hunspell.h>
#include "harness.h"
#include "internal.h"
#include "check_int.h"
#include "wordset.h"

static const char *aff_path, *dic_path;
static Hunhandle *hun;
static int builds;

static Hunhandle *get_hun(void *payload)
{
	(void)payload;
	builds++;
	return hun;
}

static char cache[256];

static void cache_file(char *out, size_t n)
{
	DIR *d = opendir(cache);
	struct dirent *e;

	out[0] = '\0';
	while (d && (e = readdir(d)) != NULL)
		if (strncmp(e->d_name, "words-", 6) == 0 &&
		    strstr(e->d_name, ".tmp") == NULL &&
		    strcmp(e->d_name + strlen(e->d_name) - 4, ".bin") == 0)
			snprintf(out, n, "%s/%s", cache, e->d_name);
	if (d)
		closedir(d);
}

/* ---- agreement ---- */

static size_t checked, disagreed;

static void compare(const glossa_wordset *ws, const char *w)
{
	int k = glossa_wordset__known(ws, NULL, w, strlen(w));
	int h;

	if (k < 0)
		return;
	h = Hunspell_spell(hun, w) != 0;
	checked++;
	if (k != h) {
		if (disagreed < 10)
			printf("#   \"%s\": set %d, Hunspell %d\n", w, k, h);
		disagreed++;
	}
}

/* The word and its case forms. */
static void compare_forms(const glossa_wordset *ws, const char *w, size_t n)
{
	char b[128], c[160];
	size_t i, o;

	if (n == 0 || n >= sizeof(b))
		return;
	memcpy(b, w, n);
	b[n] = '\0';
	compare(ws, b);
	for (i = 0; i < n; i++)
		if (b[i] >= 'A' && b[i] <= 'Z')
			b[i] = (char)(b[i] - 'A' + 'a');
	compare(ws, b);
	if (b[0] >= 'a' && b[0] <= 'z')
		b[0] = (char)(b[0] - 'a' + 'A');
	compare(ws, b);
	for (i = 0; i < n; i++)
		if (b[i] >= 'a' && b[i] <= 'z')
			b[i] = (char)(b[i] - 'a' + 'A');
	compare(ws, b);
	/* ’ for ' */
	if (memchr(w, '\'', n)) {
		for (i = 0, o = 0; i < n && o + 4 < sizeof(c); i++) {
			if (w[i] == '\'') {
				memcpy(c + o, "\xE2\x80\x99", 3);
				o += 3;
			} else
				c[o++] = w[i];
		}
		c[o] = '\0';
		compare(ws, c);
	}
}

/* Every word of a file: runs of letters, apostrophes and UTF-8
 * letters; with `dic`, each line up to '/' (a .dic). `forms`: each in
 * its case forms too. */
static size_t compare_file(const glossa_wordset *ws, const char *path,
	bool dic, bool forms)
{
	size_t n = 0, i = 0, count = 0;
	char *t = t_slurp(path, &n);

	if (t == NULL)
		return 0;
	while (i < n) {
		size_t s = i;

		if (dic) {
			while (i < n && t[i] != '\n' && t[i] != '/' &&
			       t[i] != '\t')
				i++;
			compare_forms(ws, t + s, i - s);
			count++;
			while (i < n && t[i] != '\n')
				i++;
			i++;
			continue;
		}
		while (i < n && ((unsigned char)t[i] >= 0x80 ||
				 (t[i] >= 'a' && t[i] <= 'z') ||
				 (t[i] >= 'A' && t[i] <= 'Z') || t[i] == '\''))
			i++;
		if (i > s && forms) {
			compare_forms(ws, t + s, i - s);
			count++;
		} else if (i > s && i - s < 128) {
			char b[128];

			memcpy(b, t + s, i - s);
			b[i - s] = '\0';
			compare(ws, b);
			count++;
		} else
			i++;
	}
	free(t);
	return count;
}

static void test_agreement(glossa_wordset *ws)
{
	static const char *const news[] = { "caucasus-politics.txt", NULL };
	size_t nwords;
	char path[512];
	DIR *d;
	struct dirent *e;

	ok(glossa_wordset__size(ws) > 100000,
		"the en_US set holds the expanded dictionary (%zu words)",
		glossa_wordset__size(ws));
	nwords = compare_file(ws, dic_path, true, true);
	nwords += compare_file(ws, "/usr/share/dict/american-english", false,
		false);
	(void)news;
	if ((d = opendir("../precision/news")) != NULL) {
		while ((e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "../precision/news/%s",
				e->d_name);
			nwords += compare_file(ws, path, false, true);
		}
		closedir(d);
	}
	printf("# %zu words, %zu forms the set settles\n", nwords, checked);
	ok(checked > 150000, "many forms compared (%zu)", checked);
	is_int(disagreed, 0,
		"the set and Hunspell agree on every form (words, stems, news; lower, title, upper case, curly apostrophe)");
}

static void test_case(glossa_wordset *ws)
{
	static const struct {
		const char *w;
		int known;
	} cases[] = {
		{ "word", 1 }, { "Word", 1 }, { "WORD", 1 }, { "wORD", 0 },
		{ "Paris", 1 }, { "PARIS", 1 }, { "paris", 0 },
		{ "McDonald", 1 }, { "MCDONALD", 1 }, { "Mcdonald", 0 },
		{ "don't", 1 }, { "don\xE2\x80\x99t", 1 }, { "DON'T", 1 },
		{ "Don't", 1 }, { "recieve", 0 }, { "Recieve", 0 },
		{ "café", 0 }, { "CAFÉ", 0 }, { "Zoë", 0 },
		{ NULL, 0 }
	};
	size_t i;

	for (i = 0; cases[i].w; i++) {
		int k = glossa_wordset__known(ws, NULL, cases[i].w,
			strlen(cases[i].w));

		is_int(k, cases[i].known, "case: \"%s\" %s", cases[i].w,
			cases[i].known ? "known" : "unknown");
		is_int(k, Hunspell_spell(hun, cases[i].w) != 0,
			"case: \"%s\" as Hunspell says", cases[i].w);
	}
	is_int(glossa_wordset__known(ws, NULL, "3rd", 3), -1,
		"a word with digits goes to Hunspell");
	is_int(glossa_wordset__known(ws, NULL, "well-known", 10), -1,
		"a hyphenated word goes to Hunspell");
	{
		glossa_wordset_extra ex;
		size_t idx;

		memset(&ex, 0, sizeof(ex));
		glossa_strmap__init(&ex.words);
		ok(glossa_wordset__extra_add(&ex, &idx, "Zelenskyy", 9) == 1,
			"an added word");
		is_int(glossa_wordset__known(ws, &ex, "ZELENSKYY", 9), 1,
			"an added word in capitals, as Hunspell_add's");
		is_int(glossa_wordset__known(ws, &ex, "zelenskyy", 9), 0,
			"not in lower case");
		glossa_wordset__extra_dispose(&ex);
	}
}

/* ---- the cache file ---- */

static glossa_wordset *reopen(void)
{
	glossa_wordset *ws = NULL;

	if (glossa_wordset__open(&ws, cache, aff_path, dic_path, get_hun,
			NULL) < 0)
		return NULL;
	return ws;
}

static void test_cache(void)
{
	glossa_wordset *ws;
	char file[512], key[512];
	struct stat sb;
	int fd, b0;

	cache_file(file, sizeof(file));
	ok(file[0] != '\0', "the set is saved in the cache folder");
	ok(stat(file, &sb) == 0 && (sb.st_mode & 077) == 0,
		"mode 0600");
	b0 = builds;
	ws = reopen();
	ok(ws != NULL && builds == b0, "the next open maps it, no Hunspell");
	is_int(glossa_wordset__known(ws, NULL, "house", 5), 1,
		"and it answers");
	glossa_wordset__free(ws);

	/* One byte changed in the middle: the seal fails, it is rebuilt. */
	fd = open(file, O_RDWR);
	if (fd >= 0) {
		char c;

		if (pread(fd, &c, 1, sb.st_size / 2) == 1) {
			c ^= 0x20;
			(void)!pwrite(fd, &c, 1, sb.st_size / 2);
		}
		close(fd);
	}
	b0 = builds;
	ws = reopen();
	ok(ws != NULL && builds == b0 + 1, "a damaged file is rebuilt");
	is_int(glossa_wordset__known(ws, NULL, "house", 5), 1,
		"and the rebuilt set answers");
	glossa_wordset__free(ws);

	/* Cut short. */
	ok(truncate(file, sb.st_size / 3) == 0, "cut short");
	b0 = builds;
	ws = reopen();
	ok(ws != NULL && builds == b0 + 1, "a file cut short is rebuilt");
	glossa_wordset__free(ws);

	/* Writable by others: not believed. */
	chmod(file, 0666);
	b0 = builds;
	ws = reopen();
	ok(ws != NULL && builds == b0 + 1,
		"a file others may write is not used");
	glossa_wordset__free(ws);

	/* Another secret: every MAC fails. */
	snprintf(key, sizeof(key), "%s/hmac-key", cache);
	fd = open(key, O_WRONLY | O_TRUNC);
	if (fd >= 0) {
		(void)!write(fd, "0123456789abcdef0123456789abcdef", 32);
		close(fd);
	}
	b0 = builds;
	ws = reopen();
	ok(ws != NULL && builds == b0 + 1,
		"a file sealed with another secret is rebuilt");
	glossa_wordset__free(ws);

	/* A link in its place: never followed. */
	{
		char other[600];

		snprintf(other, sizeof(other), "%s.real", file);
		if (rename(file, other) == 0 && symlink(other, file) == 0) {
			b0 = builds;
			ws = reopen();
			ok(ws != NULL && builds == b0 + 1,
				"a link is not followed");
			ok(lstat(file, &sb) == 0 && S_ISREG(sb.st_mode),
				"and is replaced by a file");
			glossa_wordset__free(ws);
		}
		unlink(other);
	}
}

static bool copy_file(const char *from, const char *to)
{
	char buf[65536];
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	size_t n;
	bool good = in != NULL && out != NULL;

	while (good && (n = fread(buf, 1, sizeof(buf), in)) > 0)
		good = fwrite(buf, 1, n, out) == n;
	if (in)
		fclose(in);
	if (out && fclose(out) != 0)
		good = false;
	return good;
}

/* Does the next open build the set anew (and answer)? */
static bool rebuilds(void)
{
	int b0 = builds;
	glossa_wordset *ws = reopen();
	bool r = ws != NULL && builds == b0 + 1 &&
		glossa_wordset__known(ws, NULL, "house", 5) == 1;

	glossa_wordset__free(ws);
	return r;
}

/* The set of another dictionary path, a dictionary edited in place, and
 * a set copied from another dictionary's name. */
static void test_keys(void)
{
	const char *aff0 = aff_path, *dic0 = dic_path;
	char dir[256], a2[300], d2[300], file0[512], file2[512], tmp[600];
	struct stat sb, again;
	int fd = -1;

	cache_file(file0, sizeof(file0));
	snprintf(dir, sizeof(dir), "%.*s", (int)strlen(cache) - 2, cache);
	snprintf(a2, sizeof(a2), "%s/en_US.aff", dir);
	snprintf(d2, sizeof(d2), "%s/en_US.dic", dir);
	if (!copy_file(aff0, a2) || !copy_file(dic0, d2)) {
		ok(false, "copy the dictionary");
		return;
	}
	aff_path = a2;
	dic_path = d2;
	ok(rebuilds(), "a dictionary at another path gets its own set");
	cache_file(file2, sizeof(file2));
	if (strcmp(file2, file0) == 0) {  /* (readdir's order) */
		DIR *d = opendir(cache);
		struct dirent *e;

		while (d && (e = readdir(d)) != NULL)
			if (strncmp(e->d_name, "words-", 6) == 0 &&
			    strstr(e->d_name, ".tmp") == NULL &&
			    strcmp(e->d_name + strlen(e->d_name) - 4,
				".bin") == 0 &&
			    strcmp(strrchr(file0, '/') + 1, e->d_name) != 0)
				snprintf(file2, sizeof(file2), "%s/%s", cache,
					e->d_name);
		if (d)
			closedir(d);
	}
	ok(strcmp(file2, file0) != 0, "in a file of its own");

	/* Edited in place, its size and modification time put back: the
	 * status-change time still tells. */
	ok(stat(d2, &sb) == 0 && (fd = open(d2, O_RDWR)) >= 0,
		"open the copy");
	if (fd >= 0) {
		char c;

		if (pread(fd, &c, 1, sb.st_size / 2) == 1) {
			c = c == 'e' ? 'a' : 'e';
			(void)!pwrite(fd, &c, 1, sb.st_size / 2);
		}
		close(fd);
	}
	{
		struct timespec ts[2] = { sb.st_atim, sb.st_mtim };

		(void)utimensat(AT_FDCWD, d2, ts, 0);
	}
	ok(stat(d2, &again) == 0 && again.st_size == sb.st_size &&
		again.st_mtim.tv_sec == sb.st_mtim.tv_sec &&
		again.st_mtim.tv_nsec == sb.st_mtim.tv_nsec,
		"(edited in place, same size and mtime)");
	ok(rebuilds(),
		"a dictionary edited in place, size and mtime kept: rebuilt");

	/* Another dictionary's set put in its place (a copy, renamed over
	 * it, as a careless colleague might): its key says whose it is. */
	snprintf(tmp, sizeof(tmp), "%s.copy", file2);
	ok(copy_file(file0, tmp) && chmod(tmp, 0600) == 0 &&
		rename(tmp, file2) == 0, "the other set copied over it");
	ok(rebuilds(), "another dictionary's set is not used: rebuilt, "
		"and answers");
	aff_path = aff0;
	dic_path = dic0;
}

int main(void)
{
	static const char *const dirs[] = { "/usr/share/hunspell",
		"/usr/share/myspell", NULL };
	static char a[256], d[256];
	glossa_wordset *ws = NULL;
	size_t i;
	char cmd[600];

	for (i = 0; dirs[i]; i++) {
		snprintf(a, sizeof(a), "%s/en_US.aff", dirs[i]);
		snprintf(d, sizeof(d), "%s/en_US.dic", dirs[i]);
		if (access(a, R_OK) == 0 && access(d, R_OK) == 0)
			break;
	}
	if (dirs[i] == NULL) {
		printf("1..0 # SKIP no en_US Hunspell dictionary\n");
		return 77;
	}
	aff_path = a;
	dic_path = d;
	snprintf(cache, sizeof(cache), "/tmp/glossa-wordset-XXXXXX");
	if (mkdtemp(cache) == NULL)
		return 1;
	strcat(cache, "/c");
	hun = Hunspell_create(aff_path, dic_path);
	ok(hun != NULL, "Hunspell loads en_US");
	ok(glossa_wordset__open(&ws, cache, aff_path, dic_path, get_hun,
		NULL) == 0 && ws != NULL, "the set is built");
	is_int(builds, 1, "with Hunspell");
	if (ws) {
		test_case(ws);
		test_agreement(ws);
		glossa_wordset__free(ws);
		test_cache();
		test_keys();
	}
	Hunspell_destroy(hun);
	cache[strlen(cache) - 2] = '\0';
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", cache);
	(void)!system(cmd);
	return done_testing();
}
