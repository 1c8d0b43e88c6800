/*
** Versioned options structs: initialising one of any version, and reading
** one of any version into the current layout.
**
** The rule is libgit2's (git_*_options_init(opts, version)), with the
** one thing libgit2 leaves out: an older struct is smaller, so neither
** init nor read ever touches more than the bytes of the caller's version.
** Fields are added at the end; a field a caller's version lacks takes
** its default. The one break, glossa_checker_options version 3, which
** replaced the per-rule severity array by glossa_rule_settings, keeps
** the old layouts (options.h) so that older callers still work.
*/
#include <stddef.h>
#include <string.h>
#include "internal.h"
#include "options.h"

int glossa__options_version_ok(unsigned int version, unsigned int current,
	const char *what)
{
	if (version >= 1 && version <= current)
		return 0;
	return glossa_error__set(GLOSSA_ERRCLASS_INVALID, GLOSSA_EVERSION,
		"%s options version %u is not supported (this library reads 1 to %u)",
		what, version, current);
}

/* ---- the checker ---- */

/* How many rules the severity array of an older version held. */
_Static_assert(sizeof(((glossa_checker_options__v1 *)0)->severity) /
	sizeof(glossa_severity) <= GLOSSA_RULE_COUNT, "version 1 rules");
_Static_assert(sizeof(((glossa_checker_options__v2 *)0)->severity) /
	sizeof(glossa_severity) <= GLOSSA_RULE_COUNT, "version 2 rules");

int glossa_checker_options_init(glossa_checker_options *opts,
	unsigned int version)
{
	int error;

	if ((error = glossa__options_version_ok(version,
			GLOSSA_CHECKER_OPTIONS_VERSION, "checker")) < 0)
		return error;
	if (version == 1) {
		glossa_checker_options__v1 v1;

		memset(&v1, 0, sizeof(v1));
		v1.version = 1;
		memcpy(opts, &v1, sizeof(v1));
	} else if (version == 2) {
		glossa_checker_options__v2 v2;

		memset(&v2, 0, sizeof(v2));
		v2.version = 2;
		memcpy(opts, &v2, sizeof(v2));
	} else {
		glossa_checker_options cur = GLOSSA_CHECKER_OPTIONS_INIT;

		memcpy(opts, &cur, sizeof(cur));
	}
	return 0;
}

int glossa_checker__options_read(glossa_checker_options *out,
	glossa_rule_settings *rules, const glossa_checker_options *opts)
{
	glossa_checker_options def = GLOSSA_CHECKER_OPTIONS_INIT;
	int error;
	size_t i;

	*out = def;
	glossa_rule_settings__init(rules);
	out->rules = rules;
	if (opts == NULL)
		return 0;
	if ((error = glossa__options_version_ok(opts->version,
			GLOSSA_CHECKER_OPTIONS_VERSION, "checker")) < 0)
		return error;
	if (opts->version == 1) {
		glossa_checker_options__v1 v1;

		memcpy(&v1, opts, sizeof(v1));
		out->lang = v1.lang;
		out->dict_path = v1.dict_path;
		out->flags = v1.flags;
		out->accept = v1.accept;
		out->naccept = v1.naccept;
		for (i = 0; i < sizeof(v1.severity) / sizeof(v1.severity[0]);
				i++)
			if ((error = glossa_rule_settings_set(rules,
					(glossa_rule)i, v1.severity[i])) < 0)
				return error;
		return 0;
	}
	if (opts->version == 2) {
		glossa_checker_options__v2 v2;

		memcpy(&v2, opts, sizeof(v2));
		out->lang = v2.lang;
		out->dict_path = v2.dict_path;
		out->flags = v2.flags;
		out->accept = v2.accept;
		out->naccept = v2.naccept;
		for (i = 0; i < sizeof(v2.severity) / sizeof(v2.severity[0]);
				i++)
			if ((error = glossa_rule_settings_set(rules,
					(glossa_rule)i, v2.severity[i])) < 0)
				return error;
		return 0;
	}
	/* Version 3, the current one: every field. */
	memcpy(out, opts, sizeof(*out));
	out->version = GLOSSA_CHECKER_OPTIONS_VERSION;
	if (opts->rules)
		*rules = *opts->rules;
	out->rules = rules;
	return 0;
}

/* ---- the matcher and translit ---- */

/*
 * The bytes of each version: the offset of the first field the next
 * version added (offsetof(glossa_matcher_options, that_field)), the whole
 * struct for the current one.
 */
static size_t matcher_size(unsigned int version)
{
	GLOSSA_UNUSED(version);
	return sizeof(glossa_matcher_options);
}

static size_t translit_size(unsigned int version)
{
	GLOSSA_UNUSED(version);
	return sizeof(glossa_translit_options);
}

int glossa_matcher_options_init(glossa_matcher_options *opts,
	unsigned int version)
{
	glossa_matcher_options def = GLOSSA_MATCHER_OPTIONS_INIT;
	int error;

	if ((error = glossa__options_version_ok(version,
			GLOSSA_MATCHER_OPTIONS_VERSION, "matcher")) < 0)
		return error;
	def.version = version;
	memcpy(opts, &def, matcher_size(version));
	return 0;
}

int glossa_matcher__options_read(glossa_matcher_options *out,
	const glossa_matcher_options *opts)
{
	glossa_matcher_options def = GLOSSA_MATCHER_OPTIONS_INIT;
	int error;

	*out = def;
	if (opts == NULL)
		return 0;
	if ((error = glossa__options_version_ok(opts->version,
			GLOSSA_MATCHER_OPTIONS_VERSION, "matcher")) < 0)
		return error;
	memcpy(out, opts, matcher_size(opts->version));
	out->version = GLOSSA_MATCHER_OPTIONS_VERSION;
	return 0;
}

int glossa_translit_options_init(glossa_translit_options *opts,
	unsigned int version)
{
	glossa_translit_options def = GLOSSA_TRANSLIT_OPTIONS_INIT;
	int error;

	if ((error = glossa__options_version_ok(version,
			GLOSSA_TRANSLIT_OPTIONS_VERSION, "translit")) < 0)
		return error;
	def.version = version;
	memcpy(opts, &def, translit_size(version));
	return 0;
}

int glossa_translit__options_read(glossa_translit_options *out,
	const glossa_translit_options *opts)
{
	glossa_translit_options def = GLOSSA_TRANSLIT_OPTIONS_INIT;
	int error;

	*out = def;
	if (opts == NULL)
		return 0;
	if ((error = glossa__options_version_ok(opts->version,
			GLOSSA_TRANSLIT_OPTIONS_VERSION, "translit")) < 0)
		return error;
	memcpy(out, opts, translit_size(opts->version));
	out->version = GLOSSA_TRANSLIT_OPTIONS_VERSION;
	return 0;
}
