/*
** A hash set of byte strings with dense indexes: the check's per-word
** caches and the glossary dictionaries are all "have I seen this word,
** and what did I find", so one small structure serves them all.
*/
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "check_int.h"

/* FNV-1a over bytes, then a final mix: words are short. */
uint32_t glossa_strmap__hash(const char *s, size_t len)
{
	uint32_t h = GLOSSA_STRMAP_SEED;
	size_t i;

	for (i = 0; i < len; i++)
		h = glossa_strmap__step(h, (uint8_t)s[i]);
	return glossa_strmap__mix(h);
}

void glossa_strmap__init(glossa_strmap *m)
{
	memset(m, 0, sizeof(*m));
}

void glossa_strmap__dispose(glossa_strmap *m)
{
	if (m == NULL)
		return;
	free(m->slots);
	free(m->off);
	free(m->len);
	free(m->hash);
	glossa_buf_dispose(&m->pool);
	memset(m, 0, sizeof(*m));
}

long glossa_strmap__get_h(const glossa_strmap *m, const char *key,
	size_t len, uint32_t h)
{
	size_t i;

	if (m->slots == NULL)
		return -1;
	for (i = h & m->mask;; i = (i + 1) & m->mask) {
		uint32_t s = m->slots[i];

		if (s == 0)
			return -1;
		s--;
		if (m->hash[s] == h && m->len[s] == len &&
		    memcmp(m->pool.ptr + m->off[s], key, len) == 0)
			return (long)s;
	}
}

long glossa_strmap__get(const glossa_strmap *m, const char *key, size_t len)
{
	return glossa_strmap__get_h(m, key, len, glossa_strmap__hash(key, len));
}

static int rehash(glossa_strmap *m, size_t nslots)
{
	uint32_t *slots = glossa__calloc(nslots, sizeof(uint32_t));
	size_t k;

	if (slots == NULL)
		return GLOSSA_ERROR;
	for (k = 0; k < m->n; k++) {
		size_t i = m->hash[k] & (nslots - 1);

		while (slots[i])
			i = (i + 1) & (nslots - 1);
		slots[i] = (uint32_t)k + 1;
	}
	free(m->slots);
	m->slots = slots;
	m->mask = nslots - 1;
	return 0;
}

int glossa_strmap__put_h(glossa_strmap *m, size_t *idx, const char *key,
	size_t len, uint32_t h)
{
	long got = glossa_strmap__get_h(m, key, len, h);
	size_t i, a;

	if (got >= 0) {
		*idx = (size_t)got;
		return 0;
	}
	if (m->n >= UINT32_MAX - 1 || len > UINT32_MAX)
		return glossa_error__set(GLOSSA_ERRCLASS_NOMEMORY, GLOSSA_ERROR,
			"too many distinct words");
	if ((m->n + 1) * 2 > m->mask + 1 || m->slots == NULL) {
		size_t ns = m->slots ? (m->mask + 1) * 2 : 64;

		if (rehash(m, ns) < 0)
			return GLOSSA_ERROR;
	}
	if (m->n + 1 > m->a) {
		a = m->a;
		if (glossa__grow((void **)&m->off, &a, m->n + 1,
				sizeof(size_t)) < 0)
			return GLOSSA_ERROR;
		a = m->a;
		if (glossa__grow((void **)&m->len, &a, m->n + 1,
				sizeof(uint32_t)) < 0)
			return GLOSSA_ERROR;
		a = m->a;
		if (glossa__grow((void **)&m->hash, &a, m->n + 1,
				sizeof(uint32_t)) < 0)
			return GLOSSA_ERROR;
		m->a = a;
	}
	m->off[m->n] = m->pool.size;
	if (glossa_buf_put(&m->pool, key, len) < 0 ||
	    glossa_buf_put(&m->pool, "", 1) < 0)
		return GLOSSA_ERROR;
	m->len[m->n] = (uint32_t)len;
	m->hash[m->n] = h;
	for (i = h & m->mask; m->slots[i]; i = (i + 1) & m->mask)
		;
	m->slots[i] = (uint32_t)m->n + 1;
	*idx = m->n++;
	return 1;
}

int glossa_strmap__put(glossa_strmap *m, size_t *idx, const char *key,
	size_t len)
{
	return glossa_strmap__put_h(m, idx, key, len,
		glossa_strmap__hash(key, len));
}
