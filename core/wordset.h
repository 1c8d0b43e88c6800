/*
 * The compiled word set of a Hunspell dictionary (wordset.c, not
 * installed): every word the dictionary accepts, as a hash table in one
 * cache file that is mapped, not parsed; and suggestions from it.
 */
#ifndef GLOSSA_WORDSET_H
#define GLOSSA_WORDSET_H

#include <hunspell/hunspell.h>
#include "internal.h"

typedef struct glossa_wordset glossa_wordset;

/*
 * The word set of the dictionary `aff` + `dic` from the cache folder
 * `dir` (made 0700 when missing). When the folder has none that is
 * current and sealed with the user's secret, it is built: `hun` is
 * called once for a Hunspell handle of that dictionary (owned by the
 * caller), which judges every candidate word, and the set is saved.
 * *out NULL (and 0 returned) when the dictionary uses what the set does
 * not model (a non-UTF-8 charset, KEEPCASE, compounding of letters...):
 * then Hunspell answers alone.
 */
typedef Hunhandle *(*glossa_wordset_hun_fn)(void *payload);
int glossa_wordset__open(glossa_wordset **out, const char *dir,
	const char *aff, const char *dic, glossa_wordset_hun_fn hun,
	void *payload);
void glossa_wordset__free(glossa_wordset *ws);

/* The words added at run time (Hunspell_add): their own small set, with
 * the same case rules. */
typedef struct {
	glossa_strmap words;
	uint64_t bloom[1024];   /* 64 Kbit: most look-ups are misses */
	uint64_t *mask;         /* per word: its letter mask */
	size_t amask;
} glossa_wordset_extra;

/* Add a word to `extra` (zeroed first): 1 new, 0 there, or
 * GLOSSA_ERROR. */
int glossa_wordset__extra_add(glossa_wordset_extra *extra, size_t *idx,
	const char *w, size_t n);
void glossa_wordset__extra_dispose(glossa_wordset_extra *extra);

/*
 * Does the dictionary (and `extra`, may be NULL) accept the word, as
 * Hunspell would: "word" also as "Word" and "WORD", "Paris" as "PARIS",
 * ’ as '. 1 yes, 0 no, -1: the set does not settle this word (it has
 * characters other than ASCII letters and apostrophes): ask Hunspell.
 */
int glossa_wordset__known(const glossa_wordset *ws,
	const glossa_wordset_extra *extra, const char *w, size_t n);

/*
 * Up to `max` suggestions for an unknown word, best first, ranked like
 * Hunspell's: its one-edit candidates in its order, else words within
 * two edits by similarity. *out: malloc'd strings, free with
 * glossa_spell__free_list(); *n 0 when the set has nothing (or the word
 * is not one the set settles): ask Hunspell.
 */
int glossa_wordset__suggest(const glossa_wordset *ws,
	const glossa_wordset_extra *extra, const char *w, size_t n,
	size_t max, char ***out, size_t *nout);

/* How many words the set holds (for tests). */
size_t glossa_wordset__size(const glossa_wordset *ws);

#endif
