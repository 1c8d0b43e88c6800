/*
 * Internals of the rule module (rules.c), not installed.
 */
#ifndef GLOSSA_RULES_INT_H
#define GLOSSA_RULES_INT_H

#include "glossa/rules.h"

/* The severity a rule has under `setting` (DEFAULT, OFF, ON, INFO, ...):
 * OFF, INFO, WARNING or ERROR. */
glossa_severity glossa_rule__effective(glossa_rule rule,
	glossa_severity setting);

#endif
