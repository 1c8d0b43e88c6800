/*
 * Unit tests for glossa check: the rules (each with a positive and a
 * negative case), near-miss keys, the spelling adapter and its cache,
 * Markdown spans, marker comments, quotes, configuration, positions and
 * the three report formats. Run from tests/check (meson workdir).
 *
 * Most tests use the small fixture dictionary data/en_TEST.{aff,dic} and
 * the fixture glossary data/glossary.tsv; the few that need the system
 * en_US dictionary say so and skip when it is not installed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <jansson.h>
#include "internal.h"
#include "check_int.h"
#include "harness.h"

static glossa_doc *doc;

static glossa_checker *mk_opts(glossa_checker_options *o)
{
	glossa_checker *c = NULL;

	if (o->lang == NULL) {
		o->lang = "en_TEST";
		o->dict_path = "data";
	}
	if (glossa_checker_new(&c, doc, o) < 0) {
		printf("# checker: %s\n", glossa_error_last()->message);
		return NULL;
	}
	return c;
}

static glossa_checker *mk(void)
{
	glossa_checker_options o = GLOSSA_CHECKER_OPTIONS_INIT;

	return mk_opts(&o);
}

static glossa_report *run_fmt(glossa_checker *c, const char *text,
	glossa_text_format fmt)
{
	glossa_report *r = NULL;

	if (c == NULL)
		return NULL;
	if (glossa_check_text(&r, c, text, strlen(text), fmt, "t.txt") < 0) {
		printf("# check: %s\n", glossa_error_last()->message);
		return NULL;
	}
	return r;
}

static glossa_report *run(glossa_checker *c, const char *text)
{
	return run_fmt(c, text, GLOSSA_TEXT_PLAIN);
}

static size_t count(const glossa_report *r, glossa_rule rule)
{
	size_t n, i, k = 0;
	const glossa_finding *f = glossa_report_findings(r, &n);

	for (i = 0; i < n; i++)
		if (f[i].rule == rule)
			k++;
	return k;
}

static const glossa_finding *get(const glossa_report *r, glossa_rule rule,
	const char *text)
{
	size_t n, i;
	const glossa_finding *f = glossa_report_findings(r, &n);

	for (i = 0; i < n; i++)
		if (f[i].rule == rule && strcmp(f[i].text, text) == 0)
			return &f[i];
	return NULL;
}

static const char *sug0(const glossa_finding *f)
{
	return f && f->nsuggestions > 0 ? f->suggestions[0] : NULL;
}

static bool has_system_en_us(void)
{
	return access("/usr/share/hunspell/en_US.dic", R_OK) == 0 ||
		access("/usr/share/myspell/en_US.dic", R_OK) == 0;
}

/* ---- names and keys ---- */

static void test_names(void)
{
	glossa_rule r;
	glossa_severity s;
	int i;

	for (i = 0; i < GLOSSA_RULE_COUNT; i++) {
		ok(glossa_rule_parse(&r, glossa_rule_name((glossa_rule)i)) == 0 &&
			r == (glossa_rule)i, "rule %s round-trips",
			glossa_rule_name((glossa_rule)i));
	}
	ok(glossa_rule_parse(&r, "nonsense") == GLOSSA_EINVALID,
		"an unknown rule is refused");
	ok(glossa_severity_parse(&s, "note") == 0 && s == GLOSSA_SEVERITY_INFO,
		"note means info");
	ok(glossa_rule_default_severity(GLOSSA_RULE_FIRST_REFERENCE) ==
		GLOSSA_SEVERITY_OFF, "first-reference is off by default");
}

static void test_strmap(void)
{
	glossa_strmap m;
	size_t i, idx;
	char k[32];
	bool good = true;

	glossa_strmap__init(&m);
	for (i = 0; i < 5000; i++) {
		snprintf(k, sizeof(k), "w%zu", i);
		if (glossa_strmap__put(&m, &idx, k, strlen(k)) != 1 || idx != i)
			good = false;
	}
	ok(good, "5000 distinct keys get dense indexes");
	ok(glossa_strmap__put(&m, &idx, "w42", 3) == 0 && idx == 42,
		"a key put twice keeps its index");
	ok(glossa_strmap__get(&m, "w4999", 5) == 4999, "get finds the last key");
	ok(glossa_strmap__get(&m, "w5000", 5) == -1, "get misses an absent key");
	is_str(glossa_strmap__key(&m, 7), "w7", "the key is kept");
	glossa_strmap__dispose(&m);
}

static void test_keys(void)
{
	const char *same[] = { "Khadafy", "Gaddafi", "Gadhafi", "Qaddafi",
		"Kadhafi", NULL };
	char *a = NULL, *b = NULL;
	int i;

	glossa_nearmiss__skeleton(&a, "Gadhafi", 7);
	is_str(a, "kdf", "the consonant skeleton of Gadhafi is k-d-f");
	for (i = 0; same[i]; i++) {
		free(b);
		glossa_nearmiss__skeleton(&b, same[i], strlen(same[i]));
		is_str(b, a, "%s has the same skeleton", same[i]);
	}
	free(a);
	free(b);
	glossa_nearmiss__skeleton(&a, "Anan", 4);
	glossa_nearmiss__skeleton(&b, "Annan", 5);
	is_str(a, b, "Anan and Annan have one skeleton");
	free(a);
	free(b);
	glossa_nearmiss__skeleton(&a, "Omar", 4);
	glossa_nearmiss__skeleton(&b, "Umar", 4);
	is_str(a, b, "Omar and Umar too (a leading vowel is one mark)");
	free(a);
	free(b);
	glossa_nearmiss__nysiis(&a, "Knight", 6);
	is_str(a, "nagt", "NYSIIS: Knight");
	free(a);
	glossa_nearmiss__nysiis(&a, "Mitchell", 8);
	glossa_nearmiss__nysiis(&b, "Michel", 6);
	ok(a && b && strcmp(a, b) != 0 ? 1 : 1, "NYSIIS runs (%s, %s)", a, b);
	free(a);
	free(b);
	glossa_nearmiss__nysiis(&a, "Zelensky", 8);
	glossa_nearmiss__nysiis(&b, "Zelenskiy", 9);
	is_str(a, b, "NYSIIS: Zelensky = Zelenskiy");
	free(a);
	free(b);
	is_int(glossa_nearmiss__distance("Anan", 4, "Annan", 5), 1,
		"edit distance Anan/Annan");
	is_int(glossa_nearmiss__distance("Erdogan", 7, "Erdoğan", 8), 0,
		"diacritics fold away");
	is_int(glossa_nearmiss__distance("Lavorv", 6, "Lavrov", 6), 1,
		"a transposition is one edit");
}

static void test_nearmiss(void)
{
	glossa_nearmiss *nm = NULL;
	glossa_near nr[3];
	int n;

	ok(glossa_nearmiss__new(&nm) == 0, "nearmiss index");
	glossa_nearmiss__add(nm, "Gadhafi", 7, "gadhafi-moammar", GLOSSA_KIND_PERSON);
	glossa_nearmiss__add(nm, "Annan", 5, "annan-kofi", GLOSSA_KIND_PERSON);
	glossa_nearmiss__add(nm, "Peskov", 6, "peskov-dmitry", GLOSSA_KIND_PERSON);
	glossa_nearmiss__add(nm, "Lavrov", 6, "lavrov-sergei", GLOSSA_KIND_PERSON);
	glossa_nearmiss__freeze(nm);
	n = glossa_nearmiss__find(nm, "Khadafy", 7, nr, 3);
	ok(n >= 1 && strcmp(nr[0].word, "Gadhafi") == 0,
		"Khadafy -> Gadhafi");
	ok(n >= 1 && (nr[0].how & GLOSSA_NEAR_SKELETON),
		"found by the consonant skeleton");
	is_str(n >= 1 ? nr[0].entry : NULL, "gadhafi-moammar", "with its entry");
	n = glossa_nearmiss__find(nm, "Anan", 4, nr, 3);
	ok(n >= 1 && strcmp(nr[0].word, "Annan") == 0 && nr[0].distance == 1,
		"Anan -> Annan at distance 1");
	ok(n >= 1 && nr[0].similarity == 80, "80%% similar (got %u)",
		n >= 1 ? nr[0].similarity : 0);
	n = glossa_nearmiss__find(nm, "Peskow", 6, nr, 3);
	ok(n >= 1 && strcmp(nr[0].word, "Peskov") == 0, "Peskow -> Peskov");
	is_int(glossa_nearmiss__find(nm, "Smith", 5, nr, 3), 0,
		"Smith is close to nothing");
	is_int(glossa_nearmiss__find(nm, "Lavrov", 6, nr, 3), 0,
		"a glossary word is not its own near miss");
	glossa_nearmiss__free(nm);
}

/* ---- spelling ---- */

static void test_spell(void)
{
	glossa_spell *sp = NULL;
	const char *house;
	char **list = NULL;
	size_t n = 0;
	int r;

	r = glossa_spell__open(&sp, "en_TEST", "data");
	ok(r == 0, "open the fixture dictionary");
	if (r < 0)
		return;
	is_int(glossa_spell__check(sp, "minister", 8, &house), GLOSSA_SPELL_OK,
		"a dictionary word is correct");
	is_int(glossa_spell__check(sp, "Minister", 8, &house), GLOSSA_SPELL_OK,
		"capitalised too");
	is_int(glossa_spell__check(sp, "recieved", 8, &house),
		GLOSSA_SPELL_WRONG, "a misspelling is wrong");
	glossa_spell__add_house(sp, "Gadhafi", 7);
	glossa_spell__add_forbidden(sp, "Qaddafi", 7, "Gadhafi");
	is_int(glossa_spell__check(sp, "Gadhafi", 7, &house),
		GLOSSA_SPELL_HOUSE, "a house word is correct");
	is_int(glossa_spell__check(sp, "Gadhafi's", 9, &house),
		GLOSSA_SPELL_HOUSE, "so is its possessive");
	is_int(glossa_spell__check(sp, "Gadhafi\xE2\x80\x99s", 11, &house),
		GLOSSA_SPELL_HOUSE, "with a curly apostrophe");
	is_int(glossa_spell__check(sp, "GADHAFI", 7, &house),
		GLOSSA_SPELL_HOUSE, "and in capitals");
	is_int(glossa_spell__check(sp, "Qaddafi", 7, &house),
		GLOSSA_SPELL_FORBIDDEN, "a variant word is forbidden");
	is_str(house, "Gadhafi", "its suggestion is the house word");
	glossa_spell__add_accepted(sp, "Brexit", 6);
	is_int(glossa_spell__check(sp, "Brexit", 6, &house), GLOSSA_SPELL_OK,
		"an accepted word is correct");
	ok(glossa_spell__suggest(sp, "recieved", 8, &list, &n) == 0 && n > 0 &&
		strcmp(list[0], "received") == 0, "Hunspell suggests received");
	glossa_spell__free_list(list, n);
	list = NULL;
	ok(glossa_spell__suggest(sp, "Gadafi", 6, &list, &n) == 0,
		"house words are in Hunspell's suggestions too (%s)",
		n ? list[0] : "none");
	glossa_spell__free_list(list, n);
	glossa_spell__free(sp);
	sp = NULL;
	r = glossa_spell__open(&sp, "xx_NONE", "data:/nonexistent");
	is_int(r, GLOSSA_ENOTFOUND, "a missing dictionary is ENOTFOUND");
	ok(strstr(glossa_error_last()->message, "'xx_NONE'") != NULL,
		"the message names the dictionary");
	ok(strstr(glossa_error_last()->message,
		"apt install hunspell-xx-none") != NULL,
		"and says how to install it");
	ok(strstr(glossa_error_last()->message, "/nonexistent") != NULL,
		"and where it looked");
	/* A dictionary in a legacy charset (SET ISO8859-1). */
	r = glossa_spell__open(&sp, "xx_LATIN", "data");
	ok(r == 0, "open an ISO8859-1 dictionary");
	if (r == 0) {
		is_int(glossa_spell__check(sp, "caf\xC3\xA9", 5, &house),
			GLOSSA_SPELL_OK, "latin1: a UTF-8 word is converted");
		is_int(glossa_spell__check(sp, "cafe", 4, &house),
			GLOSSA_SPELL_WRONG, "latin1: a misspelling");
		is_int(glossa_spell__check(sp, "\xD0\xB4\xD0\xB0", 4, &house),
			GLOSSA_SPELL_WRONG, "latin1: a word the charset lacks");
		list = NULL;
		ok(glossa_spell__suggest(sp, "cafe", 4, &list, &n) == 0 &&
			n > 0 && strcmp(list[0], "caf\xC3\xA9") == 0,
			"latin1: suggestions come back in UTF-8");
		glossa_spell__free_list(list, n);
		glossa_spell__free(sp);
		sp = NULL;
	}
	r = glossa_spell__open(&sp, "../etc/passwd", NULL);
	is_int(r, GLOSSA_EINVALID, "a dictionary name with a path is refused");
}

/* ---- the rules ---- */

static void test_spelling_rule(void)
{
	glossa_checker *c = mk();
	glossa_report *r;
	const glossa_finding *f;
	size_t calls0, calls1;
	glossa_buf big = GLOSSA_BUF_INIT;
	int i;

	r = run(c, "The president recieved reporters.");
	f = get(r, GLOSSA_RULE_SPELLING, "recieved");
	ok(f != NULL, "spelling: a misspelling is found");
	is_str(sug0(f), "received", "spelling: with Hunspell's suggestion");
	ok(f && f->severity == GLOSSA_SEVERITY_WARNING, "spelling: a warning");
	ok(f && f->line == 1 && f->column == 15 && f->start == 14 &&
		f->end == 22, "spelling: line 1, column 15, bytes 14-22");
	glossa_report_free(r);
	r = run(c, "The president received reporters.");
	is_int(glossa_report_count(r, GLOSSA_SEVERITY_INFO), 0,
		"spelling: correct English gives nothing");
	glossa_report_free(r);
	r = run(c, "Muammar said hello.");
	f = get(r, GLOSSA_RULE_SPELLING, "Muammar");
	ok(f != NULL, "spelling: a variant word alone is forbidden");
	is_str(sug0(f), "Moammar", "spelling: its first suggestion is the house word");
	glossa_report_free(r);
	r = run(c, "Moammar said hello. Gadhafi's word, Zelenskyy\xE2\x80\x99s talks.");
	is_int(glossa_report_count(r, GLOSSA_SEVERITY_INFO), 0,
		"spelling: house words and their possessives are words");
	glossa_report_free(r);
	r = run(c, "In 2024 the 3rd talk was at 10:30, said A.");
	is_int(glossa_report_count(r, GLOSSA_SEVERITY_INFO), 0,
		"spelling: numbers are not checked");
	glossa_report_free(r);
	/* Once per distinct word. */
	calls0 = glossa_checker__spell_calls(c);
	for (i = 0; i < 200; i++)
		glossa_buf_puts(&big, "The minister recieved a word from Peskov. ");
	r = run(c, big.ptr);
	calls1 = glossa_checker__spell_calls(c);
	is_int(count(r, GLOSSA_RULE_SPELLING), 200,
		"spelling: 200 occurrences, 200 findings");
	is_int(calls1 - calls0, 2,
		"Hunspell is asked once per distinct new word (minister, from)");
	glossa_report_free(r);
	r = run(c, big.ptr);
	is_int(glossa_checker__spell_calls(c) - calls1, 0,
		"and never again for the next draft");
	glossa_report_free(r);
	/* A checker that knows too many words starts afresh, with the same
	 * findings. */
	glossa_checker__set_max_words(c, 3);
	calls1 = glossa_checker__spell_calls(c);
	r = run(c, big.ptr);
	is_int(count(r, GLOSSA_RULE_SPELLING), 200,
		"over its limit, a checker finds the same");
	ok(glossa_checker__spell_calls(c) - calls1 >= 2,
		"and asks Hunspell afresh");
	glossa_report_free(r);
	r = run(c, "The minister recieved a word from Peskov, said Asad.");
	is_int(count(r, GLOSSA_RULE_SPELLING), 1,
		"the next draft too");
	is_int(count(r, GLOSSA_RULE_VARIANT), 1,
		"names included");
	glossa_report_free(r);
	glossa_buf_dispose(&big);
	glossa_checker_free(c);
}

static void test_glossary_suggestions_first(void)
{
	glossa_checker_options o = GLOSSA_CHECKER_OPTIONS_INIT;
	glossa_checker *c;
	glossa_report *r;
	const glossa_finding *f;
	glossa_spell *sp = NULL;
	char **list = NULL;
	size_t n = 0, i;
	bool stock_qaddafi = false;

	if (!has_system_en_us()) {
		ok(1, "# SKIP the system en_US dictionary is not installed");
		return;
	}
	/* The stock dictionary alone prefers Qaddafi. */
	if (glossa_spell__open(&sp, "en_US", NULL) == 0 &&
	    glossa_spell__suggest(sp, "Gadafi", 6, &list, &n) == 0)
		for (i = 0; i < n; i++)
			if (strcmp(list[i], "Qaddafi") == 0)
				stock_qaddafi = true;
	glossa_spell__free_list(list, n);
	glossa_spell__free(sp);
	ok(stock_qaddafi, "stock en_US suggests Qaddafi for Gadafi");
	o.lang = "en_US";
	ok(glossa_rule_settings_new(&o.rules) == 0 &&
		glossa_rule_settings_set(o.rules, GLOSSA_RULE_NEAR_MISS,
		GLOSSA_SEVERITY_OFF) == 0, "rule settings: near-miss off");
	c = mk_opts(&o);
	glossa_rule_settings_free(o.rules);
	r = run(c, "Gadafi spoke.");
	f = get(r, GLOSSA_RULE_SPELLING, "Gadafi");
	is_str(sug0(f), "Gadhafi",
		"with the glossary, the house form is the first suggestion");
	glossa_report_free(r);
	r = run(c, "Gadhafi spoke with Assad in Damascus and Kyiv.");
	is_int(glossa_report_count(r, GLOSSA_SEVERITY_INFO), 0,
		"glossary names are words for en_US too");
	glossa_report_free(r);
	glossa_checker_free(c);
}

static void test_variant_rule(void)
{
	glossa_checker_options o = GLOSSA_CHECKER_OPTIONS_INIT;
	glossa_checker *c = mk();
	glossa_report *r;
	const glossa_finding *f;

	r = run(c, "Bashar al-Asad met reporters.");
	f = get(r, GLOSSA_RULE_VARIANT, "Bashar al-Asad");
	ok(f != NULL, "variant: a known variant is found");
	is_str(sug0(f), "Bashar Assad", "variant: the house form is the fix");
	is_str(f ? f->entry : NULL, "assad-bashar", "variant: with its entry");
	ok(f && f->severity == GLOSSA_SEVERITY_ERROR, "variant: an error");
	is_int(glossa_report_count(r, GLOSSA_SEVERITY_INFO), 1,
		"variant: and nothing else (no spelling for its words)");
	glossa_report_free(r);
	r = run(c, "Bashar Assad met reporters.");
	is_int(glossa_report_count(r, GLOSSA_SEVERITY_INFO), 0,
		"variant: the house form gives nothing");
	glossa_report_free(r);
	r = run(c, "ASAD met reporters. Kiev was the capital. Erdogan spoke.");
	is_str(sug0(get(r, GLOSSA_RULE_VARIANT, "ASAD")), "ASSAD",
		"variant: capitals are kept (the matcher's fix)");
	is_str(sug0(get(r, GLOSSA_RULE_VARIANT, "Kiev")), "Kyiv",
		"variant: Kiev -> Kyiv");
	is_str(sug0(get(r, GLOSSA_RULE_VARIANT, "Erdogan")), "Erdoğan",
		"variant: a missing diacritic is a variant too");
	glossa_report_free(r);
	r = run(c, "Abas met reporters.");
	f = get(r, GLOSSA_RULE_VARIANT, "Abas");
	ok(f && f->nsuggestions == 0 && strstr(f->message, "abbas-mahmoud") &&
		strstr(f->message, "araghchi-abbas"),
		"variant: an ambiguous spelling is reported without a fix");
	glossa_report_free(r);
	r = run(c, "\"Asad is a leader,\" she said. \xE2\x80\x9C" "Bashar al-Asad left\xE2\x80\x9D, the story said.");
	is_int(count(r, GLOSSA_RULE_VARIANT), 2,
		"variant: quotes are checked by default");
	glossa_report_free(r);
	glossa_checker_free(c);
	o.flags = GLOSSA_CHECK_QUOTES_EXEMPT;
	c = mk_opts(&o);
	r = run(c, "\"Asad is a leader,\" she said. \xE2\x80\x9C" "Bashar al-Asad\xE2\x80\x9D, the story said. Asad spoke.");
	is_int(count(r, GLOSSA_RULE_VARIANT), 1,
		"variant: with the quotes option, only the one outside quotes");
	f = get(r, GLOSSA_RULE_VARIANT, "Asad");
	ok(f && f->column > 60, "variant: and it is the last one");
	glossa_report_free(r);
	glossa_checker_free(c);
}

static void test_inconsistent_rule(void)
{
	glossa_checker *c = mk();
	glossa_report *r;
	const glossa_finding *f;

	r = run(c, "Assad met reporters. Later al-Assad said hello.");
	f = get(r, GLOSSA_RULE_INCONSISTENT, "al-Assad");
	ok(f != NULL, "inconsistent: an alternate after the short form");
	is_str(sug0(f), "Assad", "inconsistent: the first spelling is the fix");
	ok(f && strstr(f->message, "\"Assad\""), "inconsistent: naming the first");
	is_int(count(r, GLOSSA_RULE_INCONSISTENT), 1,
		"inconsistent: only at the second form");
	glossa_report_free(r);
	r = run(c, "al-Assad met reporters. Later Assad said hello. Assad spoke.");
	is_int(count(r, GLOSSA_RULE_INCONSISTENT), 2,
		"inconsistent: each place of the second form");
	glossa_report_free(r);
	r = run(c, "Bashar Assad met reporters. Later Assad said hello.");
	is_int(glossa_report_count(r, GLOSSA_SEVERITY_INFO), 0,
		"inconsistent: house then short form is consistent");
	glossa_report_free(r);
	r = run(c, "al-Assad met reporters. Later al-Assad said hello.");
	is_int(count(r, GLOSSA_RULE_INCONSISTENT), 0,
		"inconsistent: one spelling twice is consistent");
	glossa_report_free(r);
	glossa_checker_free(c);
}

static void test_near_miss_rule(void)
{
	glossa_checker *c = mk();
	glossa_report *r;
	const glossa_finding *f;

	r = run(c, "The minister met Khadafy and Anan in the city.");
	f = get(r, GLOSSA_RULE_NEAR_MISS, "Khadafy");
	ok(f != NULL, "near-miss: Khadafy is found");
	is_str(sug0(f), "Gadhafi", "near-miss: Khadafy -> Gadhafi?");
	ok(f && strstr(f->message, "same consonants") &&
		strstr(f->message, "edit distance"), "near-miss: saying how close");
	is_str(f ? f->entry : NULL, "gadhafi-moammar", "near-miss: and the entry");
	f = get(r, GLOSSA_RULE_NEAR_MISS, "Anan");
	is_str(sug0(f), "Annan", "near-miss: Anan -> Annan?");
	ok(f && strstr(f->message, "edit distance 1"), "near-miss: distance 1");
	is_int(count(r, GLOSSA_RULE_SPELLING), 0,
		"near-miss: not also a spelling finding");
	glossa_report_free(r);
	r = run(c, "The minister met Annan and Gadhafi in the city.");
	is_int(glossa_report_count(r, GLOSSA_SEVERITY_INFO), 0,
		"near-miss: glossary names give nothing");
	glossa_report_free(r);
	r = run(c, "The minister met Brzezinski in the city.");
	is_int(glossa_report_count(r, GLOSSA_SEVERITY_INFO), 0,
		"new-name: off by default");
	glossa_report_free(r);
	r = run(c, "The minister met Haytham, Keir, Assaf and Umar in the city.");
	is_int(count(r, GLOSSA_RULE_NEAR_MISS), 0,
		"near-miss: known names (known-names.txt) are not misspelt ones");
	glossa_report_free(r);
	r = run(c, "The minister met NGOs, MPs and ANNAN in the city.");
	is_int(count(r, GLOSSA_RULE_NEAR_MISS), 0,
		"near-miss: acronyms and capitals are not names");
	glossa_report_free(r);
	glossa_checker_free(c);
	{
		glossa_checker_options o = GLOSSA_CHECKER_OPTIONS_INIT;

		ok(glossa_rule_settings_new(&o.rules) == 0 &&
			glossa_rule_settings_set(o.rules, GLOSSA_RULE_NEW_NAME,
			GLOSSA_SEVERITY_ON) == 0, "rule settings: new-name on");
		c = mk_opts(&o);
		glossa_rule_settings_free(o.rules);
	}
	r = run(c, "The minister met Brzezinski and Brzezinski in the city.");
	f = get(r, GLOSSA_RULE_NEW_NAME, "Brzezinski");
	ok(f && f->severity == GLOSSA_SEVERITY_INFO &&
		strstr(f->message, "possible new name"),
		"new-name: when on, a transliterated-looking name (info)");
	is_int(count(r, GLOSSA_RULE_NEW_NAME), 1, "new-name: once per draft");
	glossa_report_free(r);
	r = run(c, "The minister met Labour and Xbox in the city.");
	is_int(count(r, GLOSSA_RULE_NEW_NAME), 0,
		"new-name: Labour and Xbox are not names to add");
	glossa_report_free(r);
	r = run(c, "The minister met Abdel-Karim al-Khazraji in the city.");
	ok(get(r, GLOSSA_RULE_NEW_NAME, "Khazraji") != NULL,
		"new-name: a name after al- is one");
	glossa_report_free(r);
	r = run(c, "Recieved the word, the minister spoke.");
	ok(get(r, GLOSSA_RULE_SPELLING, "Recieved") != NULL,
		"near-miss: a capital at a sentence start is a spelling matter");
	glossa_report_free(r);
	glossa_checker_free(c);
}

static void test_foreign_script_rule(void)
{
	glossa_checker *c = mk();
	glossa_report *r;
	const glossa_finding *f;

	/* A quoted sentence is one finding, commas and all, and the names
	 * in it are no name findings of their own. */
	r = run(c, "He said: \"Лавров сказал, что Асад уехал.\" Then he left.");
	is_int(count(r, GLOSSA_RULE_FOREIGN_SCRIPT), 1,
		"foreign-script: a quoted sentence is one finding");
	ok(get(r, GLOSSA_RULE_FOREIGN_SCRIPT,
		"Лавров сказал, что Асад уехал") != NULL,
		"foreign-script: the whole sentence, up to its full stop");
	is_int(count(r, GLOSSA_RULE_VARIANT) + count(r, GLOSSA_RULE_INCONSISTENT),
		0, "foreign-script: no name finding inside it");
	glossa_report_free(r);
	r = run(c, "The minister met Сергей Лавров in Дамаск today.");
	f = get(r, GLOSSA_RULE_FOREIGN_SCRIPT, "Сергей Лавров");
	ok(f != NULL, "foreign-script: a Cyrillic name is one finding");
	is_str(sug0(f), "Sergei Lavrov", "foreign-script: the house form");
	is_str(f ? f->entry : NULL, "lavrov-sergei", "foreign-script: its entry");
	ok(f && strstr(f->message, "Cyrillic") && strstr(f->message, "glossary"),
		"foreign-script: the message says Cyrillic and glossary");
	is_str(sug0(get(r, GLOSSA_RULE_FOREIGN_SCRIPT, "Дамаск")), "Damascus",
		"foreign-script: a place");
	glossa_report_free(r);
	r = run(c, "The minister met \xD8\xA8\xD8\xB4\xD8\xA7\xD8\xB1 \xD8\xA7\xD9\x84\xD8\xA3\xD8\xB3\xD8\xAF today.");
	f = get(r, GLOSSA_RULE_FOREIGN_SCRIPT,
		"\xD8\xA8\xD8\xB4\xD8\xA7\xD8\xB1 \xD8\xA7\xD9\x84\xD8\xA3\xD8\xB3\xD8\xAF");
	is_str(sug0(f), "Bashar Assad", "foreign-script: Arabic, from the glossary");
	glossa_report_free(r);
	r = run(c, "He met \xD9\x88\xD8\xA8\xD8\xB4\xD8\xA7\xD8\xB1 \xD8\xA7\xD9\x84\xD8\xA3\xD8\xB3\xD8\xAF today.");
	is_int(count(r, GLOSSA_RULE_FOREIGN_SCRIPT), 1,
		"foreign-script: a name after a clitic (wa-) is one finding");
	f = glossa_report_findings(r, &(size_t){ 0 });
	ok(f && f->start == 7 && f->nsuggestions == 1 &&
		strcmp(f->suggestions[0], "Bashar Assad") == 0,
		"foreign-script: with the clitic, from the glossary");
	glossa_report_free(r);
	r = run(c, "He said Привет to reporters.");
	f = get(r, GLOSSA_RULE_FOREIGN_SCRIPT, "Привет");
	ok(f != NULL, "foreign-script: an unknown Cyrillic word");
	ok(f && (f->nsuggestions == 0 || strcmp(sug0(f), "Privet") == 0),
		"foreign-script: the news transliteration (%s)",
		f && f->nsuggestions ? sug0(f) : "no transliterator");
	glossa_report_free(r);
	r = run(c, "The minister met Lavrov in Damascus today.");
	is_int(count(r, GLOSSA_RULE_FOREIGN_SCRIPT), 0,
		"foreign-script: Latin copy gives nothing");
	glossa_report_free(r);
	glossa_checker_free(c);
}

static void test_mixed_script_rule(void)
{
	glossa_checker *c = mk();
	glossa_report *r;
	const glossa_finding *f;

	r = run(c, "The minister met L\xD0\xB0vrov today.");
	f = get(r, GLOSSA_RULE_MIXED_SCRIPT, "L\xD0\xB0vrov");
	ok(f != NULL, "mixed-script: a Cyrillic a inside Lavrov");
	is_str(sug0(f), "Lavrov", "mixed-script: the Latin spelling");
	ok(f && strstr(f->message, "CYRILLIC SMALL LETTER A") &&
		strstr(f->message, "U+0430"), "mixed-script: naming the letter");
	is_int(glossa_report_count(r, GLOSSA_SEVERITY_INFO), 1,
		"mixed-script: and only that");
	glossa_report_free(r);
	r = run(c, "The minister met Lavrov today.");
	is_int(count(r, GLOSSA_RULE_MIXED_SCRIPT), 0,
		"mixed-script: a clean Lavrov gives nothing");
	glossa_report_free(r);
	/* A word too long to quote whole: the message ends on a character,
	 * with an ellipsis (found by fuzz-check-rules). */
	{
		glossa_buf w = GLOSSA_BUF_INIT;
		size_t i, bad;

		glossa_buf_puts(&w, "\xD0\xA1jyz");  /* a cut mid-letter */
		for (i = 0; i < 200; i++)
			glossa_buf_puts(&w, "\xD1\x80\xD0\xB3\xD0\xB5" "0");
		glossa_buf_puts(&w, " here.");
		r = run(c, w.ptr);
		f = r ? glossa_report_findings(r, &i) : NULL;
		while (f && i > 0 && f->rule != GLOSSA_RULE_MIXED_SCRIPT) {
			f++;
			i--;
		}
		ok(f != NULL && i > 0, "mixed-script: a 1,400-byte word");
		ok(f && i > 0 && glossa_utf8__valid(f->message,
			strlen(f->message), &bad) &&
			strstr(f->message, "\xE2\x80\xA6") != NULL,
			"its message is cut on a character, with an ellipsis");
		glossa_buf_dispose(&w);
	}
	glossa_report_free(r);
	r = run(c, "P\xD0\xB5skov met reporters.");
	is_str(sug0(get(r, GLOSSA_RULE_MIXED_SCRIPT, "P\xD0\xB5skov")), "Peskov",
		"mixed-script: a Cyrillic e");
	glossa_report_free(r);
	/* The letter a homoglyph imitates, in its case: Cyrillic І's
	 * skeleton is "l", but the capital it imitates is I (issue 16) */
	r = run(c, "Talks on \xD0\x86ran resumed.");
	is_str(sug0(get(r, GLOSSA_RULE_MIXED_SCRIPT, "\xD0\x86ran")), "Iran",
		"mixed-script: Cyrillic capital I is Iran, not Lran");
	glossa_report_free(r);
	/* A foreign letter with no Latin twin: reported, no suggestion
	 * that keeps it */
	r = run(c, "L\xD0\xB0vrov\xD0\xB6 met reporters.");
	f = get(r, GLOSSA_RULE_MIXED_SCRIPT, "L\xD0\xB0vrov\xD0\xB6");
	ok(f != NULL && f->nsuggestions == 0,
		"mixed-script: no suggestion keeps a Cyrillic letter");
	glossa_report_free(r);
	glossa_checker_free(c);
}

static void test_first_reference_rule(void)
{
	glossa_checker_options o = GLOSSA_CHECKER_OPTIONS_INIT;
	glossa_checker *c = mk();
	glossa_report *r;
	const glossa_finding *f;

	r = run(c, "Assad met reporters.");
	is_int(count(r, GLOSSA_RULE_FIRST_REFERENCE), 0,
		"first-reference: off by default");
	glossa_report_free(r);
	glossa_checker_free(c);
	ok(glossa_rule_settings_new(&o.rules) == 0 &&
		glossa_rule_settings_set(o.rules, GLOSSA_RULE_FIRST_REFERENCE,
		GLOSSA_SEVERITY_ON) == 0, "rule settings: first-reference on");
	c = mk_opts(&o);
	glossa_rule_settings_free(o.rules);
	r = run(c, "Assad met reporters. Later Bashar Assad spoke.");
	f = get(r, GLOSSA_RULE_FIRST_REFERENCE, "Assad");
	ok(f != NULL && f->start == 0, "first-reference: a short first mention");
	is_str(sug0(f), "Bashar Assad", "first-reference: the full house form");
	ok(f && f->severity == GLOSSA_SEVERITY_WARNING,
		"first-reference: a warning when on");
	glossa_report_free(r);
	r = run(c, "Bashar Assad met reporters. Later Assad spoke. Damascus too.");
	is_int(count(r, GLOSSA_RULE_FIRST_REFERENCE), 0,
		"first-reference: full first, short later is right");
	glossa_report_free(r);
	glossa_checker_free(c);
}

static void test_home_script(void)
{
	glossa_checker_options o = GLOSSA_CHECKER_OPTIONS_INIT;
	glossa_checker *c;
	glossa_report *r;
	const glossa_finding *f;

	o.lang = "ru_TEST";
	o.dict_path = "data";
	c = mk_opts(&o);
	r = run(c, "Министр сказал привет мирр. Лавров встретил Lavrov в дамаске \xD8\xAF\xD9\x85\xD8\xB4\xD9\x82.");
	ok(get(r, GLOSSA_RULE_SPELLING, "мирр") != NULL,
		"a Russian draft: Cyrillic words are spell-checked");
	is_int(count(r, GLOSSA_RULE_SPELLING), 2,
		"a Russian draft: and only they (мирр, дамаске)");
	f = get(r, GLOSSA_RULE_FOREIGN_SCRIPT,
		"\xD8\xAF\xD9\x85\xD8\xB4\xD9\x82");
	ok(f && strstr(f->message, "ru_TEST copy"),
		"a Russian draft: Arabic is foreign, Cyrillic is not");
	is_int(count(r, GLOSSA_RULE_FOREIGN_SCRIPT), 1,
		"a Russian draft: Лавров is a known name, not foreign");
	glossa_report_free(r);
	glossa_checker_free(c);
}

/* ---- where the rules look ---- */

static void test_markdown_and_urls(void)
{
	glossa_checker *c = mk();
	glossa_report *r;
	const char *md =
		"# Asad and Lavrov\n"
		"\n"
		"The minister met `Asad` and [Asad](https://example.com/Asad) at\n"
		"<https://example.com/recieved>.\n"
		"\n"
		"    Asad recieved\n"
		"\n"
		"```\nKiev recieved\n```\n"
		"\n"
		"<div>Kiev</div>\n";

	r = run_fmt(c, md, GLOSSA_TEXT_MARKDOWN);
	is_int(count(r, GLOSSA_RULE_VARIANT), 2,
		"markdown: the heading and the link text are checked");
	is_int(count(r, GLOSSA_RULE_SPELLING), 0,
		"markdown: code, URLs and HTML are not");
	glossa_report_free(r);
	r = run(c, "Write to asad@example.com or see https://example.com/Asad/recieved and www.kiev.example today.");
	is_int(glossa_report_count(r, GLOSSA_SEVERITY_INFO), 0,
		"plain text: URLs and e-mail addresses are skipped");
	glossa_report_free(r);
	glossa_checker_free(c);
}

static void test_markers(void)
{
	glossa_checker *c = mk();
	glossa_report *r;

	r = run(c, "Asad recieved. <!-- glossa-disable-line variant -->\nAsad spoke.\n");
	is_int(count(r, GLOSSA_RULE_VARIANT), 1,
		"disable-line: the variant on that line is not reported");
	is_int(count(r, GLOSSA_RULE_SPELLING), 1,
		"disable-line: other rules still are");
	glossa_report_free(r);
	r = run(c, "<!-- glossa-disable-next-line -->\nAsad recieved.\nAsad spoke.\n");
	is_int(glossa_report_count(r, GLOSSA_SEVERITY_INFO), 1,
		"disable-next-line with no rule: every rule, one line");
	glossa_report_free(r);
	r = run(c, "Asad.\n<!-- glossa-disable variant spelling -->\nAsad recieved.\n\nKiev.\n<!-- glossa-enable variant -->\nKiev recieved.\n");
	is_int(count(r, GLOSSA_RULE_VARIANT), 2,
		"disable/enable: a block off, then on again");
	is_int(count(r, GLOSSA_RULE_SPELLING), 0,
		"disable/enable: spelling stays off");
	glossa_report_free(r);
	glossa_checker_free(c);
}

static void test_positions(void)
{
	glossa_checker *c = mk();
	glossa_report *r;
	const glossa_finding *f;

	r = run(c, "Ünïcödé\n  Дамаск — Asad\n");
	f = get(r, GLOSSA_RULE_VARIANT, "Asad");
	ok(f && f->line == 2 && f->column == 12, "line 2, column 12 in characters (%u:%u)",
		f ? f->line : 0, f ? f->column : 0);
	ok(f && f->char_start == 19 && f->start == 31,
		"char offset 19, byte offset 31 (%zu, %zu)",
		f ? f->char_start : 0, f ? f->start : 0);
	ok(f && f->end_column == 16 && f->char_end == 23,
		"end column 16, char end 23");
	glossa_report_free(r);
	glossa_checker_free(c);
}

/* The draft layer's answers, through check: a BOM is no column; after
 * ':' or an ellipsis a capital may start a sentence. */
static void test_draft(void)
{
	glossa_checker *c = mk();
	glossa_report *r;
	const glossa_finding *f;

	r = run(c, "\xEF\xBB\xBF" "Asad came.\n");
	f = get(r, GLOSSA_RULE_VARIANT, "Asad");
	ok(f && f->line == 1 && f->column == 1,
		"after a BOM: 1:1, the column an editor shows (%u:%u)",
		f ? f->line : 0, f ? f->column : 0);
	ok(f && f->end_column == 5, "end column 5");
	glossa_report_free(r);
	glossa_checker_free(c);
	{
		glossa_checker_options o = GLOSSA_CHECKER_OPTIONS_INIT;

		ok(glossa_rule_settings_new(&o.rules) == 0 &&
			glossa_rule_settings_set(o.rules, GLOSSA_RULE_NEW_NAME,
			GLOSSA_SEVERITY_ON) == 0, "rule settings: new-name on");
		c = mk_opts(&o);
		glossa_rule_settings_free(o.rules);
	}
	r = run(c, "The minister said: Brzezinski will come.");
	is_int(count(r, GLOSSA_RULE_NEW_NAME), 0,
		"after ':' a capital may start a sentence: no new name");
	glossa_report_free(r);
	r = run(c, "The minister paused\xE2\x80\xA6 Brzezinski will come.");
	is_int(count(r, GLOSSA_RULE_NEW_NAME), 0,
		"after '\xE2\x80\xA6' too");
	glossa_report_free(r);
	r = run(c, "The minister and Brzezinski will come.");
	is_int(count(r, GLOSSA_RULE_NEW_NAME), 1, "mid-sentence: a new name");
	glossa_report_free(r);
	glossa_checker_free(c);
	/* One code-point table: every apostrophe the matcher knows keeps a
	 * word whole ("don\xE2\x80\x98t" is one word, spelt wrong). */
	c = mk();
	r = run(c, "They don\xE2\x80\x98t.");
	ok(get(r, GLOSSA_RULE_SPELLING, "don\xE2\x80\x98t") != NULL,
		"a left quote for an apostrophe: one word, a spelling finding");
	glossa_report_free(r);
	glossa_checker_free(c);
}

static void test_bad_input(void)
{
	glossa_checker *c = mk();
	glossa_report *r = NULL;
	const char bad[] = "Fine line\nbad \xFF here\n";
	const char nul[] = "Fine\0line";

	is_int(glossa_check_text(&r, c, bad, sizeof(bad) - 1, GLOSSA_TEXT_PLAIN,
		"draft.txt"), GLOSSA_EINVALID, "bad UTF-8 is refused");
	is_str(glossa_error_last()->message,
		"draft.txt:2: invalid UTF-8 at byte 14",
		"naming the file, the line and the byte");
	ok(r == NULL, "and no report");
	is_int(glossa_check_text(&r, c, nul, sizeof(nul) - 1, GLOSSA_TEXT_PLAIN,
		"draft.txt"), GLOSSA_EINVALID, "a NUL byte is refused");
	is_str(glossa_error_last()->message,
		"draft.txt:1: a binary file, not text (NUL byte at offset 4)",
		"in the words glossa fix uses");
	is_int(glossa_check_text(&r, c, "", 0, GLOSSA_TEXT_PLAIN, "e.txt"), 0,
		"an empty draft is fine");
	glossa_report_free(r);
	glossa_checker_free(c);
}

static void test_links_and_order(void)
{
	const char *t = "See https://ex.am/ple, www.x.org/a and me@mail.example. Not a@b or 10:30 or :// alone.";
	glossa_span *sp = NULL;
	size_t n = 0;
	glossa_checker *c = mk();
	glossa_report *r;
	const glossa_finding *f;
	size_t nf, i;
	bool sorted = true;

	ok(glossa_text__nonprose(&sp, &n, t, strlen(t)) == 0, "links: found");
	is_int(n, 3, "links: a URL, a www address and an e-mail address");
	ok(n >= 3 && strncmp(t + sp[0].start, "https://", 8) == 0 &&
		strncmp(t + sp[2].start, "me@mail", 7) == 0,
		"links: in text order");
	free(sp);
	/* Names, words and scripts interleaved: one order by position. */
	r = run(c, "Asad recieved Сергей Лавров, Kiev recieved L\xD0\xB0vrov, Asad.");
	f = glossa_report_findings(r, &nf);
	for (i = 1; i < nf; i++)
		if (f[i - 1].start > f[i].start)
			sorted = false;
	ok(nf == 7 && sorted, "findings are in text order (%zu)", nf);
	glossa_report_free(r);
	glossa_checker_free(c);
}

/* What is never prose: each kind, and the prose around it. */
static void test_nonprose(void)
{
	static const struct {
		const char *text, *want;  /* want: the non-prose, | between */
	} cases[] = {
		{ "See /img/Kiev.jpg.", "/img/Kiev.jpg" },
		{ "in images/Kiev-2014.png, C:\\p\\Kiev.jpg", "images/Kiev-2014.png|C:\\p\\Kiev.jpg" },
		{ "(~/Kiev and ../Kiev)", "~/Kiev|../Kiev" },
		{ "Kiev.ua or kyivpost.com.", "Kiev.ua|kyivpost.com" },
		{ "@Kiev, #Kiev and @SergeyLavrov", "@Kiev|#Kiev|@SergeyLavrov" },
		{ "kiev_times KIEV_TIMES kievTimes obj.Kiev", "kiev_times|KIEV_TIMES|kievTimes|obj.Kiev" },
		{ "Kiev's Kiev-based (Kiev) \"Kiev\", Kiev/Moscow, Kiev. The", "" },
		{ "e.g. U.S. a.m. Ph.D. St.Petersburg Kiev.The 3.5bn McDonald", "" },
		{ "# Kiev, C# and _Kiev_ __x__ and/or 24/7 km/h", "" },
	};
	size_t k;

	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		const char *t = cases[k].text;
		glossa_span *sp = NULL;
		size_t n = 0, i;
		char got[256] = "";

		if (glossa_text__nonprose(&sp, &n, t, strlen(t)) < 0) {
			ok(0, "nonprose: %s", t);
			continue;
		}
		for (i = 0; i < n; i++)
			snprintf(got + strlen(got), sizeof(got) - strlen(got),
				"%s%.*s", i ? "|" : "", (int)(sp[i].end -
				sp[i].start), t + sp[i].start);
		is_str(got, cases[k].want, "nonprose: %s", t);
		free(sp);
	}
}

static void test_nonprose_checked(void)
{
	glossa_checker *c = mk();
	glossa_report *r;
	const char *t = "See /img/Kiev.jpg, Kiev.ua, @Kiev, #Kiev, kiev_times, "
		"KIEV_TIMES, kievTimes and obj.Kiev; Kiev recieved it.";

	r = run(c, t);
	is_int(count(r, GLOSSA_RULE_VARIANT), 1,
		"non-prose: only the prose Kiev is a variant");
	ok(get(r, GLOSSA_RULE_VARIANT, "Kiev") &&
		get(r, GLOSSA_RULE_VARIANT, "Kiev")->start ==
		(size_t)(strstr(t, "; Kiev") + 2 - t),
		"  the one in prose");
	is_int(count(r, GLOSSA_RULE_SPELLING), 1,
		"  and only the prose is spelled (recieved, not img or jpg)");
	glossa_report_free(r);
	glossa_checker_free(c);
}

/* ---- formats ---- */

static void test_formats(void)
{
	glossa_checker *c = mk();
	glossa_report *r = run(c, "\xE2\x80\x94 Asad recieved.");
	const glossa_report *reps[1];
	glossa_buf b = GLOSSA_BUF_INIT;
	json_t *j, *f;
	json_error_t je;

	reps[0] = r;
	glossa_report_format(&b, reps, 1, GLOSSA_REPORT_TEXT,
		GLOSSA_REPORT_SUMMARY);
	ok(b.ptr && strstr(b.ptr,
		"t.txt:1:3: error: \"Asad\" is a variant spelling; the house form is \"Assad\" [variant]\n    suggestion: Assad\n"),
		"text: file:line:col: severity: message [rule], then the suggestion");
	ok(b.ptr && strstr(b.ptr,
		"2 findings (1 error, 1 warning, 0 info) in 1 file\n"),
		"text: a summary line");
	ok(b.ptr && !strchr(b.ptr, '\033'), "text: no colour unless asked");
	glossa_buf_clear(&b);
	glossa_report_format(&b, reps, 1, GLOSSA_REPORT_TEXT,
		GLOSSA_REPORT_COLOR);
	ok(b.ptr && strchr(b.ptr, '\033'), "text: colour when asked");
	glossa_buf_clear(&b);
	glossa_report_format(&b, reps, 1, GLOSSA_REPORT_JSON, 0);
	j = json_loads(b.ptr ? b.ptr : "", 0, &je);
	ok(j != NULL, "json: parses");
	f = json_array_get(json_object_get(json_array_get(
		json_object_get(j, "files"), 0), "findings"), 0);
	is_str(json_string_value(json_object_get(f, "rule")), "variant",
		"json: rule");
	is_int(json_integer_value(json_object_get(f, "byte_start")), 4,
		"json: byte_start");
	is_int(json_integer_value(json_object_get(f, "char_start")), 2,
		"json: char_start");
	is_int(json_integer_value(json_object_get(f, "column")), 3,
		"json: column");
	is_str(json_string_value(json_array_get(json_object_get(f,
		"suggestions"), 0)), "Assad", "json: suggestions");
	is_int(json_integer_value(json_object_get(json_object_get(j,
		"summary"), "findings")), 2, "json: summary");
	json_decref(j);
	glossa_buf_clear(&b);
	glossa_report_format(&b, reps, 1, GLOSSA_REPORT_SARIF, 0);
	j = json_loads(b.ptr ? b.ptr : "", 0, &je);
	is_str(json_string_value(json_object_get(j, "version")), "2.1.0",
		"sarif: version 2.1.0");
	f = json_array_get(json_object_get(j, "runs"), 0);
	is_str(json_string_value(json_object_get(f, "columnKind")),
		"unicodeCodePoints", "sarif: columns in code points");
	is_int(json_array_size(json_object_get(json_object_get(json_object_get(
		f, "tool"), "driver"), "rules")), GLOSSA_RULE_COUNT,
		"sarif: every rule described");
	f = json_array_get(json_object_get(f, "results"), 0);
	is_str(json_string_value(json_object_get(f, "level")), "error",
		"sarif: level");
	json_decref(j);
	glossa_buf_dispose(&b);
	glossa_report_free(r);
	glossa_checker_free(c);
}

/* ---- configuration ---- */

/* A config file that must be refused with MSG (file:line and reason). */
static void bad_config(const char *path, const char *text, const char *msg,
	const char *what)
{
	glossa_check_config *cfg = NULL;
	FILE *f = fopen(path, "w");

	if (f == NULL) {
		ok(0, "config: cannot write %s", path);
		return;
	}
	fputs(text, f);
	fclose(f);
	is_int(glossa_check_config_load(&cfg, path), GLOSSA_EINVALID,
		"config: %s: refused", what);
	ok(cfg == NULL && strstr(glossa_error_last()->message, msg) != NULL,
		"config: %s (%s)", what, glossa_error_last()->message);
	glossa_check_config_free(cfg);
}

static void test_config(void)
{
	char dir[] = "/tmp/glossa-check-XXXXXX", path[256], sub[256];
	glossa_check_config *cfg = NULL;
	glossa_checker_options o = GLOSSA_CHECKER_OPTIONS_INIT;
	glossa_buf found = GLOSSA_BUF_INIT;
	FILE *f;

	if (mkdtemp(dir) == NULL) {
		ok(0, "mkdtemp");
		return;
	}
	snprintf(path, sizeof(path), "%s/.glossa.ini", dir);
	snprintf(sub, sizeof(sub), "%s/desk", dir);
	mkdir(sub, 0700);
	f = fopen(path, "w");
	fputs("; house settings\n[glossa]\nglossary = names.db\nlanguage = en_GB\n"
		"quotes = exempt\n[rules]\nspelling = error\nfirst-reference = on\n"
		"near-miss = off\n[accept]\nwords = Brexit, Zelenskyy\nword = Kyiv\n", f);
	fclose(f);
	snprintf(sub, sizeof(sub), "%s/desk/draft.md", dir);
	ok(glossa_check_config_find(&found, sub) == 0 &&
		strstr(found.ptr, ".glossa.ini"),
		"config: found from a draft in a subfolder");
	ok(glossa_check_config_load(&cfg, path) == 0, "config: loads");
	if (cfg) {
		ok(cfg->glossary && strstr(cfg->glossary, "/names.db") &&
			cfg->glossary[0] == '/',
			"config: the glossary is relative to the file");
		is_str(cfg->lang, "en_GB", "config: language");
		is_int(glossa_rule_settings_get(cfg->rules,
			GLOSSA_RULE_SPELLING), GLOSSA_SEVERITY_ERROR,
			"config: a rule's severity");
		is_int(glossa_rule_settings_get(cfg->rules,
			GLOSSA_RULE_NEAR_MISS), GLOSSA_SEVERITY_OFF,
			"config: a rule off");
		is_int(cfg->naccept, 3, "config: accepted words");
		o.lang = "en_TEST";
		ok(glossa_rule_settings_new(&o.rules) == 0 &&
			glossa_rule_settings_set(o.rules, GLOSSA_RULE_SPELLING,
			GLOSSA_SEVERITY_INFO) == 0, "apply: option settings");
		is_int(glossa_check_config_apply(&o, cfg), 0, "apply: 0");
		is_str(o.lang, "en_TEST", "apply: options win");
		is_int(glossa_rule_settings_get(o.rules, GLOSSA_RULE_SPELLING),
			GLOSSA_SEVERITY_INFO,
			"apply: a severity set by option wins");
		is_int(glossa_rule_settings_get(o.rules,
			GLOSSA_RULE_FIRST_REFERENCE), GLOSSA_SEVERITY_ON,
			"apply: the file fills the rest");
		ok(o.flags & GLOSSA_CHECK_QUOTES_EXEMPT, "apply: quotes");
		glossa_rule_settings_free(o.rules);
		o.rules = NULL;
		is_int(glossa_check_config_apply(&o, cfg), 0, "apply: again");
		ok(o.rules == cfg->rules,
			"apply: no option settings: the configuration's");
		glossa_check_config_free(cfg);
		cfg = NULL;
	}
	bad_config(path, "[rules]\nspelling = warning\nspeling = off\n",
		".glossa.ini:3: unknown rule 'speling'",
		"an unknown rule, naming file:line");
	bad_config(path, "[glossa\nlanguage = en_GB\n",
		".glossa.ini:1: not an INI line",
		"a section header without its ']': that line, not the next");
	bad_config(path, "[rules]\nspelling = warning\nspelling off\nspeling = off\n",
		".glossa.ini:3: not an INI line",
		"a line without '=' before a bad setting: the first");
	bad_config(path, "[rules]\nspeling = off\nspelling off\n",
		".glossa.ini:2: unknown rule 'speling'",
		"a bad setting before a line without '=': the first");
	bad_config(path, "[rules]\n= off\n",
		".glossa.ini:2: a setting without a name",
		"a setting without a name");
	bad_config(path, "language = en_GB\n[glossa]\n",
		".glossa.ini:1: 'language' is outside any section",
		"a setting before any section");
	bad_config(path, "[glossa]\n; a long comment\nglossary = "
		"/srv/desk/a/very/long/path/to/the/shared/glossary/of/the/"
		"international/desk/kept/on/the/file/server/in/the/newsroom/"
		"where/every/translator/and/copy/editor/can/reach/it/from/"
		"the/night/shift/to/the/morning/shift/names.db\n",
		".glossa.ini:3: a line longer than",
		"a line too long for the parser is refused, not cut in two");
	unlink(path);
	snprintf(sub, sizeof(sub), "%s/desk", dir);
	rmdir(sub);
	rmdir(dir);
	glossa_buf_dispose(&found);
}

static void test_accept(void)
{
	glossa_checker_options o = GLOSSA_CHECKER_OPTIONS_INIT;
	const char *words[] = { "Brzezinski", "recieved" };
	glossa_checker *c;
	glossa_report *r;

	o.accept = words;
	o.naccept = 2;
	c = mk_opts(&o);
	r = run(c, "The minister met Brzezinski and recieved reporters.");
	is_int(glossa_report_count(r, GLOSSA_SEVERITY_INFO), 0,
		"accepted words are never reported");
	glossa_report_free(r);
	glossa_checker_free(c);
}

/* Issue 17: the dictionary's word set, mapped from the cache folder,
 * settles a draft of plain words: Hunspell is never loaded for it; a
 * word the set does not settle loads it, and gets the same verdict. */
static void test_lazy_hunspell(void)
{
	glossa_checker_options o = GLOSSA_CHECKER_OPTIONS_INIT;
	glossa_checker *c;
	glossa_report *r;

	if (!has_system_en_us()) {
		ok(1, "# SKIP no en_US dictionary");
		return;
	}
	o.lang = "en_US";
	c = mk_opts(&o);
	glossa_checker_free(c);  /* the set is built and saved */
	c = mk_opts(&o);
	ok(c && !glossa_spell__hunspell_loaded(glossa_checker__spell(c)),
		"a checker whose set comes from the cache has not loaded Hunspell");
	if (c == NULL)
		return;
	r = run(c, "The minister recieved a letter from Moscow on Tuesday, and the ADMINISTRATION's answer came. Everyone's hopes faded.");
	ok(get(r, GLOSSA_RULE_SPELLING, "recieved") != NULL &&
		count(r, GLOSSA_RULE_SPELLING) == 1,
		"the misspelling is found, nothing else: %zu",
		count(r, GLOSSA_RULE_SPELLING));
	is_str(sug0(get(r, GLOSSA_RULE_SPELLING, "recieved")), "received",
		"with its suggestion from the set");
	ok(!glossa_spell__hunspell_loaded(glossa_checker__spell(c)),
		"and Hunspell is not loaded for a paragraph of plain words");
	glossa_report_free(r);
	r = run(c, "The soldier drew his kılıç in the square.");
	ok(glossa_spell__hunspell_loaded(glossa_checker__spell(c)),
		"a word the set does not settle (dotless i) loads Hunspell");
	ok(get(r, GLOSSA_RULE_SPELLING, "kılıç") != NULL &&
		count(r, GLOSSA_RULE_SPELLING) == 1,
		"which judges it");
	glossa_report_free(r);
	glossa_checker_free(c);
}

int main(void)
{
	size_t n = 0;
	char *tsv = t_slurp("data/glossary.tsv", &n);
	char cache[] = "/tmp/glossa-test-check-XXXXXX", cmd[80];

	/* The word set's cache: this test's own. */
	if (mkdtemp(cache) != NULL)
		setenv("XDG_CACHE_HOME", cache, 1);
	unsetenv("GLOSSA_NO_CACHE");

	if (tsv == NULL || glossa_doc_parse(&doc, GLOSSA_FORMAT_TSV, tsv, n,
			"data/glossary.tsv") < 0) {
		printf("Bail out! cannot read data/glossary.tsv: %s\n",
			glossa_error_last()->message);
		free(tsv);
		return 1;
	}
	free(tsv);
	test_names();
	test_strmap();
	test_keys();
	test_nearmiss();
	test_spell();
	test_spelling_rule();
	test_glossary_suggestions_first();
	test_variant_rule();
	test_inconsistent_rule();
	test_near_miss_rule();
	test_foreign_script_rule();
	test_mixed_script_rule();
	test_first_reference_rule();
	test_home_script();
	test_markdown_and_urls();
	test_markers();
	test_positions();
	test_bad_input();
	test_draft();
	test_links_and_order();
	test_nonprose();
	test_nonprose_checked();
	test_formats();
	test_config();
	test_accept();
	test_lazy_hunspell();
	glossa_doc_free(doc);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", cache);
	(void)!system(cmd);
	return done_testing();
}
