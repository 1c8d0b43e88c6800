/*
 * One definition of "the same name" (internal; see name.c).
 */
#ifndef GLOSSA_NAME_H
#define GLOSSA_NAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "internal.h"

/* The version of the key definition below: change it whenever a key
 * changes (a folding, a particle), and every glossary's index is keyed
 * anew (store.c), and every compiled-matcher cache is stale
 * (match_cache.c). */
#define GLOSSA_NAME_KEY_VERSION 4

/*
 * The Arabic-name particle at t[j] (bytes before `to`), folded: "al",
 * "bin" or "abdal" in *canon; the bytes it takes, 0 when none. `strict`
 * (running text): a sun-letter form needs its hyphen. `tab` is
 * glossa_uchar__table().
 */
size_t glossa_name__particle(const uint32_t *tab, const uint8_t *t, size_t j,
	size_t to, bool strict, const char **canon);

/* May this particle be written in lower case inside a name ("al", "bin",
 * "van")? */
bool glossa_name__lower_particle(const char *w, size_t n);

/* The matching key of a spelling, in *out (emptied first; empty when
 * the spelling holds no letter or digit). */
int glossa_name__key(glossa_buf *out, const char *s);

/*
 * Every key a form is matched by, without duplicates: its own and, when
 * `inflect` (a Russian form in Cyrillic), those of its case forms. Free
 * with glossa_morph__free_list().
 */
int glossa_name__keys(char ***out, size_t *n, const char *text, bool inflect,
	bool uk);

/* Append the key of one word (w, len) to out: translit's glossary step
 * keys a name word by word. */
int glossa_name__word_key(glossa_buf *out, const char *w, size_t len);

/* The keys a form of `type` in `script` and `lang` is matched by (the
 * matcher inflects native Cyrillic forms; Ukrainian ones, lang "uk", in
 * the Ukrainian cases too). */
int glossa_name__form_keys(char ***out, size_t *n, glossa_form_type type,
	const char *text, const char *script, const char *lang);

/*
 * The keys of every run of consecutive words of `text` (words split at
 * joiners), the whole included: where in a house form another spelling
 * could match. Free with glossa_morph__free_list().
 */
int glossa_name__run_keys(char ***out, size_t *n, const char *text);

#endif
