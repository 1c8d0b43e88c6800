/* The public headers compile alone under -std=c11 -pedantic. */
#include <glossa.h>

int main(void)
{
	glossa_buf b = GLOSSA_BUF_INIT;
	glossa_doc *doc = NULL;

	/* glossa_doc is opaque: only a pointer and its accessors. */
	if (glossa_doc_new(&doc) == 0 && (glossa_doc_count(doc) != 0 ||
	    glossa_doc_entry(doc, 0) != NULL))
		return 1;
	glossa_doc_free(doc);
	glossa_buf_dispose(&b);
	return glossa_error_last() == NULL;
}
