/* A glossary of one entry, Bashar Assad (short form "Assad", variant
 * "Bashar al-Asad"), for the unit tests that need a small real one. */
#ifndef GLOSSA_TEST_ASSAD_H
#define GLOSSA_TEST_ASSAD_H
#include <glossa.h>

static inline glossa_doc *assad_doc(void)
{
	glossa_doc *doc = NULL;
	glossa_entry *e = NULL;
	int error = glossa_doc_new(&doc);

	if (error == 0)
		error = glossa_doc_add_entry(&e, doc, "assad-bashar",
			GLOSSA_KIND_PERSON, GLOSSA_STATUS_APPROVED, "", 0);
	if (error == 0)
		error = glossa_entry_add_form(e, &(glossa_form_spec){
			.type = GLOSSA_FORM_HOUSE, .text = "Bashar Assad" });
	if (error == 0)
		error = glossa_entry_add_form(e, &(glossa_form_spec){
			.type = GLOSSA_FORM_SHORT, .text = "Assad" });
	if (error == 0)
		error = glossa_entry_add_form(e, &(glossa_form_spec){
			.type = GLOSSA_FORM_VARIANT,
			.text = "Bashar al-Asad" });
	if (error == 0)
		error = glossa_doc_canonicalize(doc);
	if (error < 0) {
		glossa_doc_free(doc);
		return NULL;
	}
	return doc;
}

#endif
