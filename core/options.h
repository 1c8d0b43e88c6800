/*
 * Versioned options structs (options.c), not installed.
 *
 * A caller built against an older header passes an older, possibly
 * smaller struct. The library never reads it as the current struct: it
 * copies the fields that version has into a current struct that starts
 * from the defaults (zero-filled, then GLOSSA_*_OPTIONS_INIT), and works
 * on that copy.
 */
#ifndef GLOSSA_OPTIONS_H
#define GLOSSA_OPTIONS_H

#include "internal.h"
#include "rules_int.h"

/*
 * 0 when `version` is one this library reads (1 to `current`); else
 * GLOSSA_EVERSION with "WHAT options version N is not supported (this
 * library reads 1 to CURRENT)".
 */
int glossa__options_version_ok(unsigned int version, unsigned int current,
	const char *what);

/* The layouts of glossa_checker_options before version 3, which held a
 * severity per rule: 7 rules in version 1, 8 in version 2. */
typedef struct {
	unsigned int version;
	const char *lang;
	const char *dict_path;
	unsigned flags;
	glossa_severity severity[7];
	const char *const *accept;
	size_t naccept;
} glossa_checker_options__v1;

typedef struct {
	unsigned int version;
	const char *lang;
	const char *dict_path;
	unsigned flags;
	glossa_severity severity[8];
	const char *const *accept;
	size_t naccept;
} glossa_checker_options__v2;

/*
 * Read options of any known version (NULL: the defaults) into `out`, the
 * current layout. The rule settings, from opts->rules or from the array
 * of an older version, are copied into `rules` and out->rules points at
 * it. GLOSSA_EVERSION for an unknown version.
 */
int glossa_checker__options_read(glossa_checker_options *out,
	glossa_rule_settings *rules, const glossa_checker_options *opts);

/* The same for the matcher and translit options (NULL: the defaults). */
int glossa_matcher__options_read(glossa_matcher_options *out,
	const glossa_matcher_options *opts);
int glossa_translit__options_read(glossa_translit_options *out,
	const glossa_translit_options *opts);

#endif
