/*
 * Placeholder until issue 3 lands the real morphology: every function
 * returns just its input, so callers can be written against the API.
 */
#include <stdlib.h>
#include "morph.h"

static int single(char ***out, size_t *n, const char *s)
{
	*n = 0;
	if ((*out = glossa__calloc(1, sizeof(char *))) == NULL)
		return GLOSSA_ERROR;
	if (((*out)[0] = glossa__strdup(s)) == NULL) {
		free(*out);
		*out = NULL;
		return GLOSSA_ERROR;
	}
	*n = 1;
	return 0;
}

int glossa_morph__ru_forms(char ***out, size_t *n, const char *nominative)
{
	return single(out, n, nominative);
}

int glossa_morph__ar_strip(char ***out, size_t *n, const char *word)
{
	return single(out, n, word);
}

void glossa_morph__free_list(char **list, size_t n)
{
	size_t i;

	for (i = 0; list && i < n; i++)
		free(list[i]);
	free(list);
}
