/*
 * glossa: the rules of the check, their severities, and per-rule settings.
 *
 * The rule table is its own small module (core/rules.c): the checker, the
 * configuration file, the marker comments of a draft and the reports all
 * name rules through it.
 */
#ifndef GLOSSA_RULES_H
#define GLOSSA_RULES_H

#include "common.h"

GLOSSA_BEGIN_DECL

/**
 * The rules, in report order. New rules are added before
 * GLOSSA_RULE_COUNT; no public struct has an array of this size, so
 * adding one changes no struct (settings go through glossa_rule_settings).
 */
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
 * Severities, ordered: INFO < WARNING < ERROR. In settings, DEFAULT keeps
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
/**
 * The rule a mistyped rule name was likely meant to be ("varient" ->
 * "variant"), or NULL when none is close enough. Static string.
 */
GLOSSA_EXTERN(const char *) glossa_rule_suggest(const char *name);
/** "info", "warning", "error", "off", "on", "default". */
GLOSSA_EXTERN(const char *) glossa_severity_name(glossa_severity sev);
/** Also accepts "note" for info. 0 or GLOSSA_EINVALID (no error set). */
GLOSSA_EXTERN(int) glossa_severity_parse(glossa_severity *out,
	const char *name);

/**
 * A severity setting for each rule: what `--rule RULE=SEV` and the
 * [rules] section of .glossa.ini say. Every rule starts at
 * GLOSSA_SEVERITY_DEFAULT. The settings are opaque so that a rule added
 * later changes no struct size.
 *
 * Ownership: whoever calls glossa_rule_settings_new() owns the settings
 * and frees them once with glossa_rule_settings_free(). Options structs
 * only borrow them (glossa_checker_options.rules): the checker copies
 * what it needs in glossa_checker_new(), so the settings may be freed
 * right after it. A NULL settings pointer reads as every rule DEFAULT.
 */
typedef struct glossa_rule_settings glossa_rule_settings;

/**
 * @param[out] out receives the settings, every rule DEFAULT; release
 *             with glossa_rule_settings_free().
 * @return 0 or GLOSSA_ERROR (out of memory).
 */
GLOSSA_EXTERN(int) glossa_rule_settings_new(glossa_rule_settings **out);

/** NULL is a no-op. */
GLOSSA_EXTERN(void) glossa_rule_settings_free(glossa_rule_settings *s);

/**
 * Set one rule: DEFAULT (unset), OFF, ON, INFO, WARNING or ERROR.
 * @return 0, or GLOSSA_EINVALID (with an error) for an unknown rule or
 *         severity.
 */
GLOSSA_EXTERN(int) glossa_rule_settings_set(glossa_rule_settings *s,
	glossa_rule rule, glossa_severity sev);

/** The setting of one rule as set; DEFAULT when unset, for NULL settings
 * and for an unknown rule. */
GLOSSA_EXTERN(glossa_severity) glossa_rule_settings_get(
	const glossa_rule_settings *s, glossa_rule rule);

/**
 * Fill the rules `dst` leaves DEFAULT with the settings of `src` (a
 * configuration under options that win). NULL `src` is a no-op.
 */
GLOSSA_EXTERN(void) glossa_rule_settings_merge(glossa_rule_settings *dst,
	const glossa_rule_settings *src);

/**
 * The severity a rule ends up with under the settings `s` (NULL: none):
 * OFF, INFO, WARNING or ERROR.
 */
GLOSSA_EXTERN(glossa_severity) glossa_rule_settings_effective(
	const glossa_rule_settings *s, glossa_rule rule);

GLOSSA_END_DECL

#endif
