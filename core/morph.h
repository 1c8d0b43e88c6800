/*
 * Name morphology shared by translit, the matcher and check (internal).
 *
 * Russian names inflect: a glossary holds the nominative ("Лавров",
 * "Сергей", "Захарова"), a draft may write any case ("Лаврова",
 * "Сергеем", "Захаровой"). Arabic attaches clitics (و ب ل ف) and the
 * article ال to the front of a name.
 */
#ifndef GLOSSA_MORPH_H
#define GLOSSA_MORPH_H

#include "internal.h"

/*
 * Every grammatical case form of a Russian (Cyrillic) name given in the
 * nominative, the nominative itself first, no duplicates. Multi-word
 * names are inflected word by word in agreement ("Сергей Лавров" ->
 * "Сергея Лаврова", ...). Words that do not inflect come back unchanged.
 * @param[out] out array of *n malloc'd UTF-8 strings; free with
 *             glossa_morph__free_list().
 */
int glossa_morph__ru_forms(char ***out, size_t *n, const char *nominative);

/* The same, with the Ukrainian case forms too when `uk` (a Ukrainian
 * name: Буча -> Бучі, Клименко -> Клименкові). A name spelled with і ї є
 * ґ always gets them. */
int glossa_morph__forms(char ***out, size_t *n, const char *nominative,
	bool uk);

/*
 * The ways an Arabic word may be written with proclitics: returns the
 * candidate bare forms of `word` (the word itself first) after removing
 * a leading و / ف / ب / ل / ك and/or the article ال (ل + ال -> لل).
 */
int glossa_morph__ar_strip(char ***out, size_t *n, const char *word);

void glossa_morph__free_list(char **list, size_t n);

#endif
