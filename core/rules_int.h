/*
 * Internals of the rule module (rules.c), not installed: the settings
 * struct, so that the library can keep a copy of it by value.
 */
#ifndef GLOSSA_RULES_INT_H
#define GLOSSA_RULES_INT_H

#include "glossa/rules.h"

struct glossa_rule_settings {
	glossa_severity sev[GLOSSA_RULE_COUNT];  /* DEFAULT: unset */
};

/* Every rule DEFAULT. */
void glossa_rule_settings__init(glossa_rule_settings *s);

/* The severity a rule has under `setting` (DEFAULT, OFF, ON, INFO, ...):
 * OFF, INFO, WARNING or ERROR. */
glossa_severity glossa_rule__effective(glossa_rule rule,
	glossa_severity setting);

#endif
