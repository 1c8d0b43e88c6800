/*
** The rules of the check and their severities: names, descriptions,
** defaults, parsing, and the per-rule settings of glossa_rule_settings.
**
** A module of its own, below the checker: the configuration file
** (config.c), the marker comments of a draft (checkspan.c) and the
** reports (report.c) name rules through it without reaching into check.c.
*/
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "rules_int.h"

/* ---- rules and severities ---- */

static const struct {
	const char *name;
	const char *description;
	glossa_severity def;     /* OFF for off by default */
	glossa_severity on;      /* when turned on */
} rules[] = {
	{ "spelling", "a word that is in neither the dictionary nor the glossary",
	  GLOSSA_SEVERITY_WARNING, GLOSSA_SEVERITY_WARNING },
	{ "variant", "a known variant of a glossary name: write the house form",
	  GLOSSA_SEVERITY_ERROR, GLOSSA_SEVERITY_ERROR },
	{ "inconsistent", "one name written two different ways in one draft",
	  GLOSSA_SEVERITY_WARNING, GLOSSA_SEVERITY_WARNING },
	{ "near-miss", "an unknown name that is no known name and is close to a glossary name",
	  GLOSSA_SEVERITY_WARNING, GLOSSA_SEVERITY_WARNING },
	{ "foreign-script", "Cyrillic or Arabic text in English copy",
	  GLOSSA_SEVERITY_ERROR, GLOSSA_SEVERITY_ERROR },
	{ "mixed-script", "a word that hides letters of another script",
	  GLOSSA_SEVERITY_ERROR, GLOSSA_SEVERITY_ERROR },
	{ "first-reference", "the first mention of a person is not the full house form",
	  GLOSSA_SEVERITY_OFF, GLOSSA_SEVERITY_WARNING },
	{ "new-name", "an unknown name shaped like a Russian, Ukrainian or Arabic one: a possible new glossary entry",
	  GLOSSA_SEVERITY_OFF, GLOSSA_SEVERITY_INFO },
};

/* One line per rule: a rule added to the enum needs its line here. */
_Static_assert(sizeof(rules) / sizeof(rules[0]) == GLOSSA_RULE_COUNT,
	"every glossa_rule has a line in the rule table");

const char *glossa_rule_name(glossa_rule rule)
{
	return (unsigned)rule < GLOSSA_RULE_COUNT ? rules[rule].name : "?";
}

const char *glossa_rule_description(glossa_rule rule)
{
	return (unsigned)rule < GLOSSA_RULE_COUNT ?
		rules[rule].description : "";
}

glossa_severity glossa_rule_default_severity(glossa_rule rule)
{
	return (unsigned)rule < GLOSSA_RULE_COUNT ? rules[rule].def :
		GLOSSA_SEVERITY_OFF;
}

int glossa_rule_parse(glossa_rule *out, const char *name)
{
	int i;

	for (i = 0; i < GLOSSA_RULE_COUNT; i++)
		if (strcmp(rules[i].name, name) == 0) {
			*out = (glossa_rule)i;
			return 0;
		}
	/* The spelling of the rule id, and a common slip. */
	if (strcmp(name, "inconsistency") == 0) {
		*out = GLOSSA_RULE_INCONSISTENT;
		return 0;
	}
	return GLOSSA_EINVALID;
}

/*
** The rule a mistyped name was meant to be: the one whose name is the
** fewest edits away (Levenshtein over the bytes; rule names are short
** ASCII words), when that is at most a third of the name and no other
** rule is as close. Rule names only: spellings of names are measured by
** near-miss (nearmiss.c), which folds letters first.
*/
#define RULE_NAME_MAX 32

static unsigned name_distance(const char *a, const char *b)
{
	unsigned row[RULE_NAME_MAX + 1];
	size_t na = strlen(a), nb = strlen(b), i, j;

	if (na > RULE_NAME_MAX || nb > RULE_NAME_MAX)
		return ~0u;
	for (j = 0; j <= nb; j++)
		row[j] = (unsigned)j;
	for (i = 1; i <= na; i++) {
		unsigned diag = row[0];

		row[0] = (unsigned)i;
		for (j = 1; j <= nb; j++) {
			unsigned up = row[j], best = diag +
				(a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[nb];
}

const char *glossa_rule_suggest(const char *name)
{
	unsigned best = ~0u, d;
	const char *pick = NULL;
	bool tie = false;
	int i;

	if (name == NULL || name[0] == '\0')
		return NULL;
	for (i = 0; i < GLOSSA_RULE_COUNT; i++) {
		d = name_distance(name, rules[i].name);
		if (d < best) {
			best = d;
			pick = rules[i].name;
			tie = false;
		} else if (d == best) {
			tie = true;
		}
	}
	if (pick == NULL || tie || best == 0 ||
	    best * 3 > (unsigned)strlen(name))
		return NULL;
	return pick;
}

static const char *const sev_names[] = {
	"default", "off", "on", "info", "warning", "error"
};

const char *glossa_severity_name(glossa_severity sev)
{
	return (unsigned)sev <= GLOSSA_SEVERITY_ERROR ? sev_names[sev] : "?";
}

int glossa_severity_parse(glossa_severity *out, const char *name)
{
	int i;

	for (i = 0; i <= GLOSSA_SEVERITY_ERROR; i++)
		if (strcmp(sev_names[i], name) == 0) {
			*out = (glossa_severity)i;
			return 0;
		}
	if (strcmp(name, "note") == 0) {
		*out = GLOSSA_SEVERITY_INFO;
		return 0;
	}
	return GLOSSA_EINVALID;
}

/* ---- per-rule settings ---- */

glossa_severity glossa_rule__effective(glossa_rule rule,
	glossa_severity setting)
{
	if ((unsigned)rule >= GLOSSA_RULE_COUNT)
		return GLOSSA_SEVERITY_OFF;
	if (setting == GLOSSA_SEVERITY_DEFAULT)
		return rules[rule].def;
	if (setting == GLOSSA_SEVERITY_ON)
		return rules[rule].on;
	return setting;
}

void glossa_rule_settings__init(glossa_rule_settings *s)
{
	int i;

	for (i = 0; i < GLOSSA_RULE_COUNT; i++)
		s->sev[i] = GLOSSA_SEVERITY_DEFAULT;
}

int glossa_rule_settings_new(glossa_rule_settings **out)
{
	glossa_rule_settings *s;

	*out = NULL;
	if ((s = glossa__malloc(sizeof(*s))) == NULL)
		return GLOSSA_ERROR;
	glossa_rule_settings__init(s);
	*out = s;
	return 0;
}

void glossa_rule_settings_free(glossa_rule_settings *s)
{
	free(s);
}

int glossa_rule_settings_set(glossa_rule_settings *s, glossa_rule rule,
	glossa_severity sev)
{
	if ((unsigned)rule >= GLOSSA_RULE_COUNT)
		return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_EINVALID, "unknown rule %d", (int)rule);
	if ((unsigned)sev > GLOSSA_SEVERITY_ERROR)
		return glossa_error__set(GLOSSA_ERRCLASS_INVALID,
			GLOSSA_EINVALID, "unknown severity %d for rule %s",
			(int)sev, rules[rule].name);
	s->sev[rule] = sev;
	return 0;
}

glossa_severity glossa_rule_settings_get(const glossa_rule_settings *s,
	glossa_rule rule)
{
	if (s == NULL || (unsigned)rule >= GLOSSA_RULE_COUNT)
		return GLOSSA_SEVERITY_DEFAULT;
	return s->sev[rule];
}

void glossa_rule_settings_merge(glossa_rule_settings *dst,
	const glossa_rule_settings *src)
{
	int i;

	if (src == NULL)
		return;
	for (i = 0; i < GLOSSA_RULE_COUNT; i++)
		if (dst->sev[i] == GLOSSA_SEVERITY_DEFAULT)
			dst->sev[i] = src->sev[i];
}

glossa_severity glossa_rule_settings_effective(const glossa_rule_settings *s,
	glossa_rule rule)
{
	return glossa_rule__effective(rule, glossa_rule_settings_get(s, rule));
}
