/*
 * Edit validation (internal; see settle.c).
 */
#ifndef GLOSSA_SETTLE_H
#define GLOSSA_SETTLE_H

#include "internal.h"

/* Does every house and short form of `doc`'s entries come out of fix by
 * `m` as it went in (as written, in capitals, at a sentence start)? 0, or
 * GLOSSA_EINVALID with a message naming the entry, the form and its line
 * (when known). */
int glossa_settle__forms(const glossa_matcher *m, const glossa_doc *doc);

/* The same for the entries i with check[i] (all when check is NULL). */
int glossa_settle__some(const glossa_matcher *m, const glossa_doc *doc,
	const bool *check);

#endif
