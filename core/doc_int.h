/*
 * The glossa_doc behind the opaque public type. Not installed: core code
 * reads doc->entries directly; everyone else goes through
 * glossa_doc_count() and glossa_doc_entry().
 */
#ifndef GLOSSA_DOC_INT_H
#define GLOSSA_DOC_INT_H

#include "glossa/doc.h"

struct glossa_doc {
	glossa_entry *entries;
	size_t nentries;
	size_t aentries;
	void *index;    /* entries by key (doc.c) */
};

#endif
