/*
 * glossa: the rules of the check and their severities.
 *
 * The rule table is its own small module (core/rules.c): the checker, the
 * configuration file, the marker comments of a draft and the reports all
 * name rules through it.
 */
#ifndef GLOSSA_RULES_H
#define GLOSSA_RULES_H

#include "common.h"

GLOSSA_BEGIN_DECL

/** The rules, in report order. */
typedef enum {
	GLOSSA_RULE_SPELLING = 0,   /* Hunspell + the glossary's dictionary */
	GLOSSA_RULE_VARIANT,        /* a known variant: write the house form */
	GLOSSA_RULE_INCONSISTENT,   /* one entry spelled two ways */
	GLOSSA_RULE_NEAR_MISS,      /* close to a glossary name */
	GLOSSA_RULE_FOREIGN_SCRIPT, /* Cyrillic or Arabic in English copy */
	GLOSSA_RULE_MIXED_SCRIPT,   /* look-alike letters of another script */
	GLOSSA_RULE_FIRST_REFERENCE,/* first mention not in full (off) */
	GLOSSA_RULE_NEW_NAME,       /* a possible new glossary name (off) */
	GLOSSA_RULE_COUNT
} glossa_rule;

/*
 * Severities, ordered: INFO < WARNING < ERROR. In options, DEFAULT keeps
 * the rule's default, OFF turns it off and ON turns it on at its default
 * severity (for rules that are off by default).
 */
typedef enum {
	GLOSSA_SEVERITY_DEFAULT = 0,
	GLOSSA_SEVERITY_OFF,
	GLOSSA_SEVERITY_ON,
	GLOSSA_SEVERITY_INFO,
	GLOSSA_SEVERITY_WARNING,
	GLOSSA_SEVERITY_ERROR
} glossa_severity;

/** "spelling", "near-miss", ... (static strings). */
GLOSSA_EXTERN(const char *) glossa_rule_name(glossa_rule rule);
/** One line saying what the rule finds (static). */
GLOSSA_EXTERN(const char *) glossa_rule_description(glossa_rule rule);
/** The severity a rule has when nothing is configured (OFF if off). */
GLOSSA_EXTERN(glossa_severity) glossa_rule_default_severity(glossa_rule rule);
/** 0 or GLOSSA_EINVALID (no error is set). */
GLOSSA_EXTERN(int) glossa_rule_parse(glossa_rule *out, const char *name);
/** "info", "warning", "error", "off", "on", "default". */
GLOSSA_EXTERN(const char *) glossa_severity_name(glossa_severity sev);
/** Also accepts "note" for info. 0 or GLOSSA_EINVALID (no error set). */
GLOSSA_EXTERN(int) glossa_severity_parse(glossa_severity *out,
	const char *name);

GLOSSA_END_DECL

#endif
