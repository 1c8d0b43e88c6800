/*
** Building the matcher: every entry's forms folded into keys (name.c) and
** inserted into a trie built as linked lists, then frozen into arrays.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include "internal.h"
#include "match.h"
#include "morph.h"
#include "name.h"
#include "ustr.h"

#include "match_int.h"

typedef struct {
	bnode *nodes;
	size_t nnodes, anodes;
	uint32_t root[256];
	struct pair { uint32_t node, target; } *pairs;
	size_t npairs, apairs;
} builder;

static int new_node(builder *b, uint8_t label, uint32_t *out)
{
	if (b->nnodes >= UINT32_MAX - 1)
		return glossa_error__set(GLOSSA_ERRCLASS_NOMEMORY, GLOSSA_ERROR,
			"the glossary is too large for the matcher");
	if (glossa__grow((void **)&b->nodes, &b->anodes, b->nnodes + 1,
			sizeof(bnode)) < 0)
		return GLOSSA_ERROR;
	b->nodes[b->nnodes].child = 0;
	b->nodes[b->nnodes].next = 0;
	b->nodes[b->nnodes].label = label;
	*out = (uint32_t)b->nnodes++;
	return 0;
}

static int insert(builder *b, const uint8_t *key, size_t len, uint32_t target)
{
	uint32_t n = 0, c, prev;
	size_t i;

	for (i = 0; i < len; i++) {
		uint8_t l = key[i];

		if (n == 0) {
			if ((c = b->root[l]) == 0) {
				if (new_node(b, l, &c) < 0)
					return GLOSSA_ERROR;
				b->root[l] = c;
			}
			n = c;
			continue;
		}
		prev = 0;
		c = b->nodes[n].child;
		while (c && b->nodes[c].label < l) {
			prev = c;
			c = b->nodes[c].next;
		}
		if (c == 0 || b->nodes[c].label != l) {
			uint32_t nn = 0;

			if (new_node(b, l, &nn) < 0)
				return GLOSSA_ERROR;
			b->nodes[nn].next = c;
			if (prev)
				b->nodes[prev].next = nn;
			else
				b->nodes[n].child = nn;
			c = nn;
		}
		n = c;
	}
	if (n == 0)
		return 0;
	if (glossa__grow((void **)&b->pairs, &b->apairs, b->npairs + 1,
			sizeof(*b->pairs)) < 0)
		return GLOSSA_ERROR;
	b->pairs[b->npairs].node = n;
	b->pairs[b->npairs++].target = target;
	return 0;
}

static int add_key(glossa_matcher *m, builder *b, const char *key,
	uint32_t target)
{
	size_t n, kl = strlen(key);

	if (kl == 0)
		return 0;
	if ((uint8_t)key[0] >= 0x80 && is_arabic(dec((const uint8_t *)key, 0, &n)))
		m->has_arabic = true;
	m->nkeys++;
	return insert(b, (const uint8_t *)key, kl, target);
}

static int pool_add(glossa_matcher *m, size_t *off, const char *s)
{
	*off = m->pool.size;
	return glossa_buf_put(&m->pool, s, strlen(s) + 1);
}

static int cmp_pair(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;

	if (x->node != y->node)
		return x->node < y->node ? -1 : 1;
	if (x->target != y->target)
		return x->target < y->target ? -1 : 1;
	return 0;
}

static int freeze(glossa_matcher *m, builder *b)
{
	size_t i, e = 0, k;

	m->nnodes = b->nnodes;
	memcpy(m->root, b->root, sizeof(m->root));
	if ((m->node = glossa__calloc(b->nnodes + 1, sizeof(mnode))) == NULL ||
	    (m->elabel = glossa__malloc(b->nnodes + 1)) == NULL ||
	    (m->echild = glossa__calloc(b->nnodes + 1, sizeof(uint32_t))) == NULL)
		return GLOSSA_ERROR;
	for (i = 0; i < b->nnodes; i++) {
		uint32_t c;

		m->node[i].estart = (uint32_t)e;
		m->node[i].accept = NO_ACCEPT;
		if (i == 0)
			continue;
		for (c = b->nodes[i].child; c; c = b->nodes[c].next) {
			m->elabel[e] = b->nodes[c].label;
			m->echild[e++] = c;
		}
	}
	m->node[b->nnodes].estart = (uint32_t)e;
	m->node[b->nnodes].accept = NO_ACCEPT;
	free(b->nodes);
	b->nodes = NULL;

	if (b->npairs > 1)
		qsort(b->pairs, b->npairs, sizeof(*b->pairs), cmp_pair);
	if ((m->accepts = glossa__calloc(b->npairs + 1, sizeof(maccept))) == NULL)
		return GLOSSA_ERROR;
	for (k = 0; k < b->npairs; ) {
		size_t j = k;
		maccept *a = &m->accepts[m->naccepts];
		uint32_t node = b->pairs[k].node;

		a->first = (uint32_t)k;
		/* The targets of one node, without repeats, in place. */
		while (j < b->npairs && b->pairs[j].node == node)
			j++;
		a->n = (uint32_t)(j - k);
		m->node[node].accept = (uint32_t)m->naccepts++;
		k = j;
	}
	/* Reorder targets so that each accept's range is contiguous. */
	{
		mtarget *nt = glossa__malloc((b->npairs + 1) * sizeof(mtarget));
		size_t w = 0;

		if (nt == NULL)
			return GLOSSA_ERROR;
		for (k = 0; k < m->naccepts; k++) {
			maccept *a = &m->accepts[k];
			size_t first = w, q;

			for (q = a->first; q < a->first + a->n; q++) {
				if (q > a->first &&
				    b->pairs[q].target == b->pairs[q - 1].target)
					continue;
				nt[w++] = m->targets[b->pairs[q].target];
			}
			a->first = (uint32_t)first;
			a->n = (uint32_t)(w - first);
		}
		free(m->targets);
		m->targets = nt;
		m->ntargets = w;
	}
	return 0;
}

int glossa_match__init_table(glossa_matcher *m)
{
	uint32_t c;

	if ((m->tab = glossa_uchar__table()) == NULL)
		return GLOSSA_ERROR;
	for (c = 0; c < 256; c++)
		m->acls[c] = (uint8_t)(c >= 0x80 ? (A_HIGH | A_START) :
			((T_CLS(m->tab[c]) == C_WORD ? A_WORD : 0) |
			 ((m->tab[c] & T_LOWER) ? A_LOWER : 0) |
			 ((c >= 'A' && c <= 'Z') ? A_START : 0)));
	return 0;
}

/*
 * What depends on the keys: digits may start a name when some key starts
 * with one; and a "stop" is an ASCII punctuation byte that no key holds
 * (so no trie walk passes it) and that the sentence-start test does not
 * look through (so no decision after it looks back past it).
 */
void glossa_match__mark_bytes(glossa_matcher *m)
{
	static const char look_through[] = "\t\"'()[]*_#>-+|";
	bool used[256];
	size_t e, ne = m->node[m->nnodes].estart;
	int c;

	memset(used, 0, sizeof(used));
	for (c = 0; c < 256; c++)
		used[c] = m->root[c] != 0;
	for (e = 0; e < ne; e++)
		used[m->elabel[e]] = true;
	for (c = '0'; c <= '9' && m->digit_start; c++)
		m->acls[c] |= A_START;
	for (c = 1; c < 0x80; c++)
		if (T_CLS(m->tab[c]) == C_OTHER && !used[c] &&
		    strchr(look_through, c) == NULL)
			m->acls[c] |= A_STOP;
}

/*
 * What the context rules need to know of a form: how many name words it
 * has (particles are not name words: "al-Asad" is one) and whether a
 * particle stands as a word of its own ("Ben Ali": never the one word
 * "Binali").
 */
static uint32_t form_info(const glossa_matcher *m, const glossa_entry *e,
	const glossa_form *fm)
{
	const uint8_t *t = (const uint8_t *)fm->text;
	size_t i = 0, len = strlen(fm->text), n, words = 0;
	uint32_t flags = (uint32_t)e->kind & 0xFu;
	bool part_start = true;

	while (i < len) {
		uint32_t cls = T_CLS(info(m, dec(t, i, &n)));

		if (is_joiner_cls(cls)) {
			part_start = true;
		} else if (part_start && cls == C_WORD) {
			const char *canon;
			size_t pl = particle(m, t, i, len, false, &canon);

			part_start = false;
			if (pl && strcmp(canon, "abdal") != 0) {
				flags |= TI_SPLIT_PARTICLE;
				i += pl;
				continue;
			}
			words++;
		}
		i += n;
	}
	if (words <= 1)
		flags |= TI_ONE_WORD;
	if (fm->type == GLOSSA_FORM_NATIVE && strcmp(fm->script, "Latn") != 0)
		flags |= TI_FOREIGN;
	for (i = 0; i < e->nforms; i++)
		if (e->forms[i].type == GLOSSA_FORM_EXCEPTION)
			flags |= TI_EXCEPTIONS;
	return flags;
}

static int add_entry_forms(glossa_matcher *m, builder *b, const glossa_entry *e, uint32_t ei)
{
	const char *house = glossa_entry_house(e);
	size_t f;

	for (f = 0; f < e->nforms; f++) {
		const glossa_form *fm = &e->forms[f];
		const char *becomes = fm->text;
		mtarget tg;
		uint32_t ti;

		if (fm->type == GLOSSA_FORM_EXCEPTION)
			continue;  /* kept with the entry's key */
		if (GLOSSA_FORM_IS_SPELLING(fm->type)) {
			if (fm->type == GLOSSA_FORM_NATIVE && m->no_native)
				continue;
			becomes = fm->becomes && *fm->becomes ? fm->becomes :
				house;
			if (becomes == NULL)
				continue;
		}
		memset(&tg, 0, sizeof(tg));
		tg.entry = ei;
		tg.type = (uint32_t)fm->type;
		tg.info = form_info(m, e, fm);
		if (pool_add(m, &tg.form, fm->text) < 0 ||
		    pool_add(m, &tg.becomes, becomes) < 0)
			return GLOSSA_ERROR;
		if (glossa__grow((void **)&m->targets, &m->atargets,
				m->ntargets + 1, sizeof(mtarget)) < 0)
			return GLOSSA_ERROR;
		ti = (uint32_t)m->ntargets;
		m->targets[m->ntargets++] = tg;
		{
			char **keys = NULL;
			size_t nk = 0, k;
			int error;

			/* The keys are name.c's: the same the store indexes. */
			if ((error = glossa_name__form_keys(&keys, &nk,
					fm->type, fm->text, fm->script,
					fm->lang)) < 0)
				return error;
			for (k = 0; k < nk; k++)
				if ((error = add_key(m, b, keys[k], ti)) < 0)
					break;
			glossa_morph__free_list(keys, nk);
			if (error < 0)
				return error;
		}
	}
	return 0;
}

static void builder_free(builder *b)
{
	free(b->nodes);
	free(b->pairs);
}

int glossa_match__build(glossa_matcher **out, const glossa_doc *doc,
	const glossa_matcher_options *opts)
{
	glossa_matcher *m;
	builder b;
	size_t i;
	uint32_t root;
	int error = 0;

	*out = NULL;
	if (doc == NULL)
		return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_EINVALID, "no glossary to compile");
	if ((m = glossa__calloc(1, sizeof(*m))) == NULL)
		return GLOSSA_ERROR;
	memset(&b, 0, sizeof(b));
	m->no_native = opts && (opts->flags & GLOSSA_MATCHER_NO_NATIVE);
	if ((error = glossa_match__init_table(m)) < 0 ||
	    (error = new_node(&b, 0, &root)) < 0)
		goto fail;
	if ((m->entry_key = glossa__calloc(doc->nentries + 1,
			sizeof(size_t))) == NULL) {
		error = GLOSSA_ERROR;
		goto fail;
	}
	for (i = 0; i < doc->nentries; i++) {
		const glossa_entry *e = &doc->entries[i];

		size_t f, off;

		/* The given-name lexicon is for transliteration: it never
		 * rewrites copy. */
		if (e->status == GLOSSA_STATUS_DEPRECATED ||
		    e->kind == GLOSSA_KIND_GIVEN)
			continue;
		if ((error = pool_add(m, &m->entry_key[m->nentries],
				e->key)) < 0 ||
		    (error = pool_add(m, &off, glossa_entry_house(e) ?
				glossa_entry_house(e) : "")) < 0)
			goto fail;
		for (f = 0; f < e->nforms; f++)
			if (e->forms[f].type == GLOSSA_FORM_EXCEPTION &&
			    (error = pool_add(m, &off, e->forms[f].text)) < 0)
				goto fail;
		if ((error = pool_add(m, &off, "")) < 0 ||
		    (error = add_entry_forms(m, &b, e,
				(uint32_t)m->nentries)) < 0)
			goto fail;
		m->nentries++;
	}
	if ((error = freeze(m, &b)) < 0)
		goto fail;
	for (i = '0'; i <= '9'; i++)
		if (m->root[i])
			m->digit_start = true;
	glossa_match__mark_bytes(m);
	builder_free(&b);
	*out = m;
	return 0;
fail:
	builder_free(&b);
	glossa_matcher_free(m);
	return error < 0 ? error : GLOSSA_ERROR;
}

