/*
 * Unit tests for the versioned options structs and the per-rule settings:
 * glossa_*_options_init() of every version, options of an older version
 * read with defaults for the later fields, a newer version refused with
 * GLOSSA_EVERSION, glossa_rule_settings, and struct sizes that do not
 * depend on how many rules there are. Run from tests/check (meson
 * workdir): the checker tests use data/en_TEST and data/glossary.tsv.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "internal.h"
#include "options.h"
#include "harness.h"

/*
 * glossa_checker_options as callers built against older headers have
 * it, copied from those headers: version 1 (7 rules) and version 2
 * (8 rules) held the severities in the struct.
 */
typedef struct {
	unsigned int version;
	const char *lang;
	const char *dict_path;
	unsigned flags;
	glossa_severity severity[7];
	const char *const *accept;
	size_t naccept;
} old_options_v1;

typedef struct {
	unsigned int version;
	const char *lang;
	const char *dict_path;
	unsigned flags;
	glossa_severity severity[8];
	const char *const *accept;
	size_t naccept;
} old_options_v2;

_Static_assert(sizeof(old_options_v1) ==
	sizeof(glossa_checker_options__v1), "the library's version 1 layout");
_Static_assert(sizeof(old_options_v2) ==
	sizeof(glossa_checker_options__v2), "the library's version 2 layout");

/*
 * The current structs, as they would be with no array sized by the rule
 * count: adding a rule (GLOSSA_RULE_COUNT + 1) leaves them as they are.
 */
struct no_rules_checker_options {
	unsigned int version;
	const char *lang;
	const char *dict_path;
	unsigned flags;
	const char *const *accept;
	size_t naccept;
	void *rules;
};

struct no_rules_check_config {
	char *path;
	char *glossary;
	char *lang;
	int quotes_exempt;
	void *rules;
	char **accept;
	size_t naccept;
	unsigned *lines;  /* a pointer, whatever the rules */
};

_Static_assert(sizeof(glossa_checker_options) ==
	sizeof(struct no_rules_checker_options),
	"glossa_checker_options does not grow with the rules");
_Static_assert(sizeof(glossa_check_config) ==
	sizeof(struct no_rules_check_config),
	"glossa_check_config does not grow with the rules");

/* An older struct with guard bytes after it: init and apply must write
 * no more than the caller's version has. */
#define GUARD 0xA5

typedef struct {
	old_options_v1 o;
	unsigned char guard[64];
} guarded_v1;

static bool guard_intact(const unsigned char *g, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (g[i] != GUARD)
			return false;
	return true;
}

static glossa_doc *doc;

/* The spelling findings of "recieved" with options `o` (any version), or
 * -1 when the checker cannot be made. `sev` receives their severity. */
static int spelling_findings(const glossa_checker_options *o,
	glossa_severity *sev)
{
	static const char text[] = "The president recieved reporters.";
	glossa_checker *c = NULL;
	glossa_report *r = NULL;
	const glossa_finding *f;
	size_t n, i;
	int k = 0;

	*sev = GLOSSA_SEVERITY_OFF;
	if (glossa_checker_new(&c, doc, o) < 0) {
		printf("# checker: %s\n", glossa_error_last()->message);
		return -1;
	}
	if (glossa_check_text(&r, c, text, strlen(text), GLOSSA_TEXT_PLAIN,
			"t.txt") < 0) {
		printf("# check: %s\n", glossa_error_last()->message);
		glossa_checker_free(c);
		return -1;
	}
	f = glossa_report_findings(r, &n);
	for (i = 0; i < n; i++)
		if (f[i].rule == GLOSSA_RULE_SPELLING) {
			*sev = f[i].severity;
			k++;
		}
	glossa_report_free(r);
	glossa_checker_free(c);
	return k;
}

static void test_rule_settings(void)
{
	glossa_rule_settings *s = NULL, *t = NULL;
	int i;

	ok(glossa_rule_settings_new(&s) == 0 && s, "settings: new");
	for (i = 0; i < GLOSSA_RULE_COUNT; i++)
		if (glossa_rule_settings_get(s, (glossa_rule)i) !=
				GLOSSA_SEVERITY_DEFAULT)
			break;
	is_int(i, GLOSSA_RULE_COUNT, "settings: every rule starts DEFAULT");
	is_int(glossa_rule_settings_set(s, GLOSSA_RULE_SPELLING,
		GLOSSA_SEVERITY_ERROR), 0, "settings: set one rule");
	is_int(glossa_rule_settings_get(s, GLOSSA_RULE_SPELLING),
		GLOSSA_SEVERITY_ERROR, "settings: get it back");
	is_int(glossa_rule_settings_get(s, GLOSSA_RULE_VARIANT),
		GLOSSA_SEVERITY_DEFAULT, "settings: the others stay DEFAULT");
	is_int(glossa_rule_settings_set(s, GLOSSA_RULE_COUNT,
		GLOSSA_SEVERITY_OFF), GLOSSA_EINVALID,
		"settings: an unknown rule is refused");
	ok(strstr(glossa_error_last()->message, "unknown rule") != NULL,
		"settings: ... with a message");
	is_int(glossa_rule_settings_set(s, GLOSSA_RULE_SPELLING,
		(glossa_severity)(GLOSSA_SEVERITY_ERROR + 1)), GLOSSA_EINVALID,
		"settings: an unknown severity is refused");
	is_int(glossa_rule_settings_get(s, GLOSSA_RULE_SPELLING),
		GLOSSA_SEVERITY_ERROR, "settings: ... and changes nothing");
	is_int(glossa_rule_settings_get(NULL, GLOSSA_RULE_SPELLING),
		GLOSSA_SEVERITY_DEFAULT, "settings: NULL reads as DEFAULT");
	is_int(glossa_rule_settings_get(s, GLOSSA_RULE_COUNT),
		GLOSSA_SEVERITY_DEFAULT, "settings: an unknown rule reads DEFAULT");

	/* Effective severities: DEFAULT is the rule's default, ON its
	 * severity when turned on. */
	is_int(glossa_rule_settings_effective(NULL, GLOSSA_RULE_VARIANT),
		GLOSSA_SEVERITY_ERROR, "effective: a default");
	is_int(glossa_rule_settings_effective(NULL,
		GLOSSA_RULE_FIRST_REFERENCE), GLOSSA_SEVERITY_OFF,
		"effective: a rule off by default");
	glossa_rule_settings_set(s, GLOSSA_RULE_NEW_NAME, GLOSSA_SEVERITY_ON);
	is_int(glossa_rule_settings_effective(s, GLOSSA_RULE_NEW_NAME),
		GLOSSA_SEVERITY_INFO, "effective: new-name on is info");
	is_int(glossa_rule_settings_effective(s, GLOSSA_RULE_SPELLING),
		GLOSSA_SEVERITY_ERROR, "effective: as set");

	/* Merge: what dst leaves DEFAULT comes from src. */
	ok(glossa_rule_settings_new(&t) == 0, "settings: a second one");
	glossa_rule_settings_set(t, GLOSSA_RULE_SPELLING, GLOSSA_SEVERITY_OFF);
	glossa_rule_settings_set(t, GLOSSA_RULE_NEAR_MISS, GLOSSA_SEVERITY_OFF);
	glossa_rule_settings_merge(s, t);
	is_int(glossa_rule_settings_get(s, GLOSSA_RULE_SPELLING),
		GLOSSA_SEVERITY_ERROR, "merge: a rule set in dst stays");
	is_int(glossa_rule_settings_get(s, GLOSSA_RULE_NEAR_MISS),
		GLOSSA_SEVERITY_OFF, "merge: an unset rule comes from src");
	glossa_rule_settings_merge(s, NULL);
	is_int(glossa_rule_settings_get(s, GLOSSA_RULE_NEAR_MISS),
		GLOSSA_SEVERITY_OFF, "merge: NULL src is a no-op");
	glossa_rule_settings_free(t);
	glossa_rule_settings_free(s);
	glossa_rule_settings_free(NULL);
}

static void test_checker_settings(void)
{
	glossa_checker_options o = GLOSSA_CHECKER_OPTIONS_INIT;
	glossa_severity sev;

	o.lang = "en_TEST";
	o.dict_path = "data";
	is_int(spelling_findings(&o, &sev), 1, "checker: spelling by default");
	is_int(sev, GLOSSA_SEVERITY_WARNING, "checker: ... a warning");
	ok(glossa_rule_settings_new(&o.rules) == 0, "checker: settings");
	glossa_rule_settings_set(o.rules, GLOSSA_RULE_SPELLING,
		GLOSSA_SEVERITY_ERROR);
	is_int(spelling_findings(&o, &sev), 1, "checker: spelling set");
	is_int(sev, GLOSSA_SEVERITY_ERROR, "checker: ... to error");
	glossa_rule_settings_set(o.rules, GLOSSA_RULE_SPELLING,
		GLOSSA_SEVERITY_OFF);
	is_int(spelling_findings(&o, &sev), 0, "checker: spelling off");
	glossa_rule_settings_free(o.rules);
}

static void test_checker_versions(void)
{
	glossa_checker_options o, cur = GLOSSA_CHECKER_OPTIONS_INIT;
	glossa_checker_options read;
	glossa_rule_settings rs;
	guarded_v1 g1;
	old_options_v2 v2;
	glossa_checker *c = NULL;
	glossa_severity sev;

	/* The current version: the same as the macro. */
	memset(&o, 0x5a, sizeof(o));
	is_int(glossa_checker_options_init(&o,
		GLOSSA_CHECKER_OPTIONS_VERSION), 0, "init: the current version");
	ok(o.version == GLOSSA_CHECKER_OPTIONS_VERSION && o.lang == NULL &&
		o.dict_path == NULL && o.flags == 0 && o.accept == NULL &&
		o.naccept == 0 && o.rules == NULL,
		"init: the current version is GLOSSA_CHECKER_OPTIONS_INIT");
	ok(cur.version == 3 && cur.rules == NULL, "INIT: version 3");

	/* Version 1, in a caller's version 1 struct. */
	memset(&g1, GUARD, sizeof(g1));
	is_int(glossa_checker_options_init((glossa_checker_options *)
		(void *)&g1.o, 1), 0, "init: version 1");
	ok(g1.o.version == 1 && g1.o.lang == NULL && g1.o.flags == 0 &&
		g1.o.severity[0] == GLOSSA_SEVERITY_DEFAULT &&
		g1.o.severity[6] == GLOSSA_SEVERITY_DEFAULT &&
		g1.o.accept == NULL && g1.o.naccept == 0,
		"init: version 1 defaults");
	ok(guard_intact(g1.guard, sizeof(g1.guard)),
		"init: version 1 writes no byte past a version 1 struct");

	/* Read back: the fields of version 1, and defaults for the rest
	 * (the rule settings of version 3; new-name, which version 1 did
	 * not know, at its default). */
	g1.o.lang = "en_TEST";
	g1.o.dict_path = "data";
	g1.o.severity[GLOSSA_RULE_SPELLING] = GLOSSA_SEVERITY_OFF;
	is_int(glossa_checker__options_read(&read, &rs,
		(glossa_checker_options *)(void *)&g1.o), 0, "read: version 1");
	ok(read.version == GLOSSA_CHECKER_OPTIONS_VERSION &&
		read.rules == &rs && strcmp(read.lang, "en_TEST") == 0 &&
		strcmp(read.dict_path, "data") == 0 && read.naccept == 0,
		"read: version 1 in the current layout");
	is_int(glossa_rule_settings_get(read.rules, GLOSSA_RULE_SPELLING),
		GLOSSA_SEVERITY_OFF, "read: version 1's severity array");
	is_int(glossa_rule_settings_get(read.rules, GLOSSA_RULE_NEW_NAME),
		GLOSSA_SEVERITY_DEFAULT,
		"read: a rule after version 1 takes its default");
	is_int(spelling_findings((glossa_checker_options *)(void *)&g1.o,
		&sev), 0, "checker: version 1 options turn spelling off");
	g1.o.severity[GLOSSA_RULE_SPELLING] = GLOSSA_SEVERITY_ERROR;
	is_int(spelling_findings((glossa_checker_options *)(void *)&g1.o,
		&sev), 1, "checker: version 1 options work");
	is_int(sev, GLOSSA_SEVERITY_ERROR, "checker: ... with their severity");

	/* Version 2: eight rules. */
	memset(&v2, 0x5a, sizeof(v2));
	is_int(glossa_checker_options_init((glossa_checker_options *)
		(void *)&v2, 2), 0, "init: version 2");
	ok(v2.version == 2 && v2.lang == NULL &&
		v2.severity[7] == GLOSSA_SEVERITY_DEFAULT && v2.accept == NULL,
		"init: version 2 defaults");
	v2.severity[GLOSSA_RULE_NEW_NAME] = GLOSSA_SEVERITY_ON;
	is_int(glossa_checker__options_read(&read, &rs,
		(glossa_checker_options *)(void *)&v2), 0, "read: version 2");
	is_int(glossa_rule_settings_get(read.rules, GLOSSA_RULE_NEW_NAME),
		GLOSSA_SEVERITY_ON, "read: version 2's eighth rule");

	/* NULL: the defaults. */
	is_int(glossa_checker__options_read(&read, &rs, NULL), 0,
		"read: NULL");
	ok(read.lang == NULL && read.rules == &rs &&
		glossa_rule_settings_get(read.rules, GLOSSA_RULE_SPELLING) ==
		GLOSSA_SEVERITY_DEFAULT, "read: NULL is the defaults");

	/* Newer than the library, and 0: refused everywhere. */
	o = cur;
	is_int(glossa_checker_options_init(&o,
		GLOSSA_CHECKER_OPTIONS_VERSION + 1), GLOSSA_EVERSION,
		"init: a newer version is GLOSSA_EVERSION");
	ok(strstr(glossa_error_last()->message, "checker options version 4")
		!= NULL, "init: ... naming it");
	is_int(glossa_checker_options_init(&o, 0), GLOSSA_EVERSION,
		"init: version 0 is GLOSSA_EVERSION");
	o.version = GLOSSA_CHECKER_OPTIONS_VERSION + 1;
	is_int(glossa_checker_new(&c, doc, &o), GLOSSA_EVERSION,
		"checker: a newer version is GLOSSA_EVERSION");
	ok(c == NULL, "checker: ... and no checker");
	o.version = 0;
	is_int(glossa_checker_new(&c, doc, &o), GLOSSA_EVERSION,
		"checker: version 0 is GLOSSA_EVERSION");
}

static void test_config_versions(void)
{
	char dir[] = "/tmp/glossa-options-XXXXXX", path[128];
	glossa_check_config *cfg = NULL;
	glossa_checker_options o = GLOSSA_CHECKER_OPTIONS_INIT;
	guarded_v1 g1;
	FILE *f;

	if (mkdtemp(dir) == NULL) {
		ok(0, "mkdtemp");
		return;
	}
	snprintf(path, sizeof(path), "%s/.glossa.ini", dir);
	if ((f = fopen(path, "w")) == NULL) {
		ok(0, "fopen");
		return;
	}
	fputs("[glossa]\nlanguage = en_GB\n[rules]\nspelling = error\n"
		"new-name = on\n", f);
	fclose(f);
	ok(glossa_check_config_load(&cfg, path) == 0 && cfg && cfg->rules,
		"config: loads, with its rule settings");
	if (cfg == NULL)
		goto out;

	/* Version 1 options: the array is filled where it is DEFAULT, and
	 * nothing past the struct is written. */
	memset(&g1, GUARD, sizeof(g1));
	glossa_checker_options_init((glossa_checker_options *)(void *)&g1.o,
		1);
	g1.o.severity[GLOSSA_RULE_SPELLING] = GLOSSA_SEVERITY_INFO;
	is_int(glossa_check_config_apply((glossa_checker_options *)
		(void *)&g1.o, cfg), 0, "apply: version 1 options");
	ok(g1.o.lang && strcmp(g1.o.lang, "en_GB") == 0,
		"apply: version 1 gets the language");
	is_int(g1.o.severity[GLOSSA_RULE_SPELLING], GLOSSA_SEVERITY_INFO,
		"apply: version 1's own setting wins");
	ok(guard_intact(g1.guard, sizeof(g1.guard)),
		"apply: nothing written past a version 1 struct");

	/* Current options without settings: the configuration's. */
	is_int(glossa_check_config_apply(&o, cfg), 0, "apply: version 3");
	ok(o.rules == cfg->rules, "apply: borrows the configuration's rules");
	is_int(glossa_rule_settings_effective(o.rules, GLOSSA_RULE_NEW_NAME),
		GLOSSA_SEVERITY_INFO, "apply: new-name on");

	o.version = GLOSSA_CHECKER_OPTIONS_VERSION + 1;
	is_int(glossa_check_config_apply(&o, cfg), GLOSSA_EVERSION,
		"apply: a newer version is GLOSSA_EVERSION");
out:
	glossa_check_config_free(cfg);
	unlink(path);
	rmdir(dir);
}

static void test_matcher_translit_versions(void)
{
	glossa_matcher_options mo, mdef = GLOSSA_MATCHER_OPTIONS_INIT;
	glossa_translit_options to, tdef = GLOSSA_TRANSLIT_OPTIONS_INIT;
	glossa_matcher_options mread;
	glossa_translit_options tread;
	glossa_translit *t = NULL;
	glossa_matcher *m = NULL;

	memset(&mo, 0x5a, sizeof(mo));
	is_int(glossa_matcher_options_init(&mo, 1), 0, "matcher init: 1");
	ok(mo.version == mdef.version && mo.flags == 0 &&
		mo.cache_dir == NULL, "matcher init: the defaults");
	is_int(glossa_matcher_options_init(&mo,
		GLOSSA_MATCHER_OPTIONS_VERSION + 1), GLOSSA_EVERSION,
		"matcher init: a newer version is GLOSSA_EVERSION");
	mo.version = 1;
	mo.flags = GLOSSA_MATCHER_NO_NATIVE;
	is_int(glossa_matcher__options_read(&mread, &mo), 0, "matcher read");
	ok(mread.flags == GLOSSA_MATCHER_NO_NATIVE && mread.cache_dir == NULL,
		"matcher read: the fields");
	mo.version = GLOSSA_MATCHER_OPTIONS_VERSION + 1;
	is_int(glossa_matcher__options_read(&mread, &mo), GLOSSA_EVERSION,
		"matcher read: a newer version is GLOSSA_EVERSION");
	is_int(glossa_matcher_new(&m, doc, &mo), GLOSSA_EVERSION,
		"matcher: a newer version is GLOSSA_EVERSION");
	ok(m == NULL, "matcher: ... and no matcher");
	mo.version = 1;
	mo.flags = 0;
	is_int(glossa_matcher_new(&m, doc, &mo), 0, "matcher: version 1");
	glossa_matcher_free(m);

	memset(&to, 0x5a, sizeof(to));
	is_int(glossa_translit_options_init(&to, 1), 0, "translit init: 1");
	ok(to.version == 1 && to.scheme == NULL &&
		to.from == GLOSSA_TRANSLIT_AUTO && to.flags == 0 &&
		to.store == NULL && to.rules_dir == NULL,
		"translit init: the defaults");
	is_int(glossa_translit_options_init(&to,
		GLOSSA_TRANSLIT_OPTIONS_VERSION + 1), GLOSSA_EVERSION,
		"translit init: a newer version is GLOSSA_EVERSION");
	is_int(glossa_translit__options_read(&tread, NULL), 0,
		"translit read: NULL");
	ok(tread.version == tdef.version && tread.scheme == NULL,
		"translit read: NULL is the defaults");
	to = tdef;
	to.version = GLOSSA_TRANSLIT_OPTIONS_VERSION + 1;
	is_int(glossa_translit_new(&t, &to), GLOSSA_EVERSION,
		"translit: a newer version is GLOSSA_EVERSION");
	ok(t == NULL, "translit: ... and no transliterator");
}

/* The settings fix takes (issue 18): a rule's name mistyped, disable
 * comments, quoted speech, variant off. */
static void fix_count(const glossa_matcher *m, const char *text,
	unsigned flags, int want, const char *what)
{
	glossa_fix_result *r = NULL;

	is_int(glossa_fix_text(&r, m, text, strlen(text), GLOSSA_TEXT_PLAIN,
		flags, "d.txt"), want, "%s", what);
	glossa_fix_result_free(r);
}

static void test_fix_settings(void)
{
	glossa_matcher *m = NULL;
	glossa_fix_result *r = NULL;
	const char *bad = "Bashar al-Asad.\n<!-- glossa-disable-line varient -->\n";

	is_str(glossa_rule_suggest("varient"), "variant",
		"suggest: varient is variant");
	is_str(glossa_rule_suggest("nearmiss"), "near-miss",
		"suggest: nearmiss is near-miss");
	ok(glossa_rule_suggest("zebra") == NULL, "suggest: zebra is no rule");
	ok(glossa_rule_suggest("") == NULL, "suggest: nothing for nothing");
	if (glossa_matcher_new(&m, doc, NULL) < 0) {
		ok(0, "fix settings: a matcher");
		return;
	}
	fix_count(m, "Bashar al-Asad spoke.\n", 0, 1, "fix: a variant");
	fix_count(m, "Bashar al-Asad spoke. <!-- glossa-disable-line variant -->\n",
		0, 0, "fix: disable-line variant leaves it");
	fix_count(m, "Bashar al-Asad spoke. <!-- glossa-disable-line spelling -->\n",
		0, 1, "fix: disable-line of another rule does not");
	fix_count(m, "<!-- glossa-disable-next-line -->\nBashar al-Asad spoke.\nBashar al-Asad left.\n",
		0, 1, "fix: disable-next-line (every rule) leaves that line only");
	fix_count(m, "He said: \xe2\x80\x9c" "Bashar al-Asad is here.\xe2\x80\x9d\n",
		0, 1, "fix: a name in quoted speech is fixed by default");
	fix_count(m, "He said: \xe2\x80\x9c" "Bashar al-Asad is here.\xe2\x80\x9d\n",
		GLOSSA_FIX_QUOTES_EXEMPT, 0, "fix: QUOTES_EXEMPT leaves quoted speech");
	fix_count(m, "Bashar al-Asad spoke.\n", GLOSSA_FIX_VARIANT_OFF, 0,
		"fix: VARIANT_OFF changes nothing");
	is_int(glossa_fix_text(&r, m, bad, strlen(bad), GLOSSA_TEXT_PLAIN, 0,
		"d.txt"), GLOSSA_EINVALID, "fix: an unknown rule is an error");
	ok(r == NULL, "  and no result");
	is_str(glossa_error_last()->message,
		"d.txt:2: unknown rule 'varient' in a glossa comment (did you mean 'variant'?)",
		"  naming file:line and the rule meant");
	glossa_matcher_free(m);
}

int main(void)
{
	size_t n = 0;
	char *tsv = t_slurp("data/glossary.tsv", &n);

	if (tsv == NULL || glossa_doc_parse(&doc, GLOSSA_FORMAT_TSV, tsv, n,
			"data/glossary.tsv") < 0) {
		printf("Bail out! cannot read data/glossary.tsv: %s\n",
			glossa_error_last()->message);
		free(tsv);
		return 1;
	}
	free(tsv);
	test_rule_settings();
	test_checker_settings();
	test_checker_versions();
	test_config_versions();
	test_matcher_translit_versions();
	test_fix_settings();
	glossa_doc_free(doc);
	return done_testing();
}
