/*
 * Suggestions from the compiled word set against Hunspell's (issue 17):
 * a typo set made from en_US words with a fixed seed (one edit: a wrong,
 * missing or extra letter, two letters swapped, a letter doubled; two
 * edits: two of those), and for each typo glossa's first suggestion
 * (glossa_spell__suggest, what `check` shows) must be Hunspell's first
 * or the word meant, in at least 90% of the typos. Also: the checker
 * path never loads Hunspell for a one-edit typo of a plain word.
 * Skipped (77) without the en_US dictionary.
 *
 *   test-suggest [N]   N typos (default 300); GLOSSA_TYPOS_SHOW=1 lists
 *                      the misses
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <hunspell/hunspell.h>
#include "harness.h"
#include "internal.h"
#include "check_int.h"

static uint32_t seed = 17;

static uint32_t rnd(uint32_t n)
{
	seed = seed * 1103515245u + 12345u;
	return (seed >> 8) % n;
}

/* Stems of the .dic: lower-case ASCII, 4 to 12 letters, suggestible. */
static char **stems(const char *dic, size_t *n)
{
	size_t len = 0, i = 0, a = 0;
	char *t = t_slurp(dic, &len), **out = NULL;

	*n = 0;
	if (t == NULL)
		return NULL;
	while (i < len) {
		size_t s = i, e, k;
		bool plain = true;

		while (i < len && t[i] != '\n')
			i++;
		for (e = s; e < i && t[e] != '/' && t[e] != '\t'; e++)
			if (t[e] < 'a' || t[e] > 'z')
				plain = false;
		/* "!" marks words Hunspell never suggests. */
		for (k = e; k < i; k++)
			if (t[k] == '!')
				plain = false;
		i++;
		if (!plain || e - s < 4 || e - s > 12)
			continue;
		if (*n + 1 > a) {
			a = a ? a * 2 : 1024;
			out = realloc(out, a * sizeof(char *));
		}
		out[(*n)++] = strndup(t + s, e - s);
	}
	free(t);
	return out;
}

/* One edit of kind k on w (in place; w has room for 2 more). */
static void edit(char *w, int k)
{
	size_t n = strlen(w), p = rnd((uint32_t)n);
	char c = (char)('a' + rnd(26));

	switch (k) {
	case 0:  /* a wrong letter */
		if (w[p] == c)
			c = c == 'z' ? 'a' : (char)(c + 1);
		w[p] = c;
		break;
	case 1:  /* a missing letter */
		memmove(w + p, w + p + 1, n - p);
		break;
	case 2:  /* an extra letter */
		memmove(w + p + 1, w + p, n - p + 1);
		w[p] = c;
		break;
	case 3:  /* two letters swapped */
		if (p + 1 >= n)
			p = n - 2;
		c = w[p];
		w[p] = w[p + 1];
		w[p + 1] = c;
		break;
	default: /* a letter doubled */
		memmove(w + p + 1, w + p, n - p + 1);
		break;
	}
}

int main(int argc, char **argv)
{
	static const char *const kinds[] = { "wrong letter", "missing letter",
		"extra letter", "swapped letters", "doubled letter" };
	size_t ntypos = argc > 1 ? (size_t)atoi(argv[1]) : 300;
	const char *aff = "/usr/share/hunspell/en_US.aff",
		*dic = "/usr/share/hunspell/en_US.dic";
	bool show = getenv("GLOSSA_TYPOS_SHOW") != NULL;
	char tmp[] = "/tmp/glossa-suggest-XXXXXX", cmd[128];
	size_t nst, done = 0, good = 0, same = 0, meant = 0, hmeant = 0,
		none = 0, tries = 0;
	size_t per[2][2] = { { 0, 0 }, { 0, 0 } };
	glossa_spell *sp = NULL;
	Hunhandle *h;
	char **st;

	if (access(aff, R_OK) != 0 || access(dic, R_OK) != 0) {
		printf("1..0 # SKIP no en_US Hunspell dictionary\n");
		return 77;
	}
	if (mkdtemp(tmp) == NULL)
		return 1;
	setenv("XDG_CACHE_HOME", tmp, 1);
	unsetenv("GLOSSA_NO_CACHE");
	ok(glossa_spell__open(&sp, "en_US", "/usr/share/hunspell") == 0,
		"the en_US dictionary opens");
	ok(sp && glossa_spell__has_wordset(sp), "with its word set");
	glossa_spell__free(sp);
	/* Again: now mapped from the cache, Hunspell not loaded. */
	ok(glossa_spell__open(&sp, "en_US", "/usr/share/hunspell") == 0 &&
		!glossa_spell__hunspell_loaded(sp),
		"opened again, the set comes from the cache and Hunspell is not loaded");
	{
		char **l = NULL;
		size_t n = 0;

		ok(glossa_spell__suggest(sp, "recieve", 7, &l, &n) == 0 &&
			n > 0 && strcmp(l[0], "receive") == 0,
			"\"recieve\": \"receive\" first");
		glossa_spell__free_list(l, n);
		ok(glossa_spell__suggest(sp, "Recieve", 7, &l, &n) == 0 &&
			n > 0 && strcmp(l[0], "Receive") == 0,
			"\"Recieve\": \"Receive\" first, in its case");
		glossa_spell__free_list(l, n);
		ok(!glossa_spell__hunspell_loaded(sp),
			"one-edit typos of plain words never load Hunspell");
	}
	h = Hunspell_create(aff, dic);
	st = stems(dic, &nst);
	ok(h != NULL && nst > 10000, "Hunspell and %zu stems", nst);
	while (done < ntypos && st && tries < ntypos * 20) {
		const char *word = st[rnd((uint32_t)nst)];
		char typo[32], **hl = NULL, **gl = NULL;
		int two = rnd(2), k1 = (int)rnd(5), k2 = (int)rnd(5), nh;
		size_t ng = 0;
		bool ok1;

		tries++;
		snprintf(typo, sizeof(typo), "%s", word);
		edit(typo, k1);
		if (two)
			edit(typo, k2);
		if (strcmp(typo, word) == 0 || Hunspell_spell(h, typo))
			continue;
		nh = Hunspell_suggest(h, &hl, typo);
		if (glossa_spell__suggest(sp, typo, strlen(typo), &gl,
				&ng) < 0) {
			Hunspell_free_list(h, &hl, nh);
			break;
		}
		done++;
		ok1 = ng > 0 && ((nh > 0 && strcmp(gl[0], hl[0]) == 0) ||
			strcmp(gl[0], word) == 0);
		good += ok1;
		same += ng > 0 && nh > 0 && strcmp(gl[0], hl[0]) == 0;
		meant += ng > 0 && strcmp(gl[0], word) == 0;
		hmeant += nh > 0 && strcmp(hl[0], word) == 0;
		none += ng == 0;
		per[two][0]++;
		per[two][1] += ok1;
		if (show && !ok1)
			printf("# miss: %s -> %s (%s%s%s): glossa %s, Hunspell %s\n",
				word, typo, kinds[k1], two ? " + " : "",
				two ? kinds[k2] : "", ng ? gl[0] : "-",
				nh > 0 ? hl[0] : "-");
		Hunspell_free_list(h, &hl, nh);
		glossa_spell__free_list(gl, ng);
	}
	printf("# %zu typos (%zu one edit, %zu two): glossa's first is Hunspell's first or the word meant in %zu (%.1f%%; one edit %.1f%%, two %.1f%%)\n",
		done, per[0][0], per[1][0], good,
		done ? 100.0 * (double)good / (double)done : 0.0,
		per[0][0] ? 100.0 * (double)per[0][1] / (double)per[0][0] : 0.0,
		per[1][0] ? 100.0 * (double)per[1][1] / (double)per[1][0] : 0.0);
	printf("# the same as Hunspell's first: %zu; the word meant: glossa %zu, Hunspell %zu; no suggestion: %zu\n",
		same, meant, hmeant, none);
	is_int(done, ntypos, "%zu typos made", ntypos);
	ok(good * 10 >= done * 9,
		"glossa's first suggestion is Hunspell's first or the word meant in at least 90%% of typos");
	glossa_spell__free(sp);
	if (h)
		Hunspell_destroy(h);
	while (st && nst > 0)
		free(st[--nst]);
	free(st);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	(void)!system(cmd);
	return done_testing();
}
