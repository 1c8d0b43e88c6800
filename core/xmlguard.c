/*
 * The XML readers' shared guards (xmlguard.h): the first parse error,
 * and a start tag's attributes counted before libxml2 sees the bytes.
 */
#include <stdio.h>
#include <string.h>
#include "xmlguard.h"

void glossa_xml__keep_first_error(void *user, xmlErrorPtr xe)
{
	xmlParserCtxtPtr ctxt = user;
	glossa_xml_first_error *fe = ctxt ? ctxt->_private : NULL;
	size_t n;

	if (fe == NULL || xe == NULL || fe->line != 0 ||
	    xe->level < XML_ERR_ERROR)
		return;
	fe->line = xe->line > 0 ? xe->line : 1;
	snprintf(fe->msg, sizeof(fe->msg), "%s",
		xe->message ? xe->message : "not well-formed");
	n = strlen(fe->msg);
	while (n && (fe->msg[n - 1] == '\n' || fe->msg[n - 1] == ' '))
		fe->msg[--n] = '\0';
}

size_t glossa_xml__count_attrs(const char *lt, const char *end,
	const char **next)
{
	const char *t;
	size_t nattr = 0;
	char q = 0;

	for (t = lt + 1; t < end; t++) {
		if (q) {
			if (*t == q)
				q = 0;
		} else if (*t == '"' || *t == '\'') {
			q = *t;
		} else if (*t == '=') {
			nattr++;
		} else if (*t == '>' || *t == '<') {
			break;
		}
	}
	*next = t;
	return nattr;
}
