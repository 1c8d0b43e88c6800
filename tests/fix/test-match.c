/*
 * Unit tests for the matcher and fix: every rule of "Matching semantics"
 * in DESIGN.md and issue 4, on a small test glossary (data/glossary.tsv).
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "harness.h"
#include "internal.h"
#include "match.h"
#include "morph.h"

static glossa_matcher *m, *m_nonative;

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *s;
	long n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	s = malloc((size_t)n + 1);
	if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
		free(s);
		s = NULL;
	}
	if (s)
		s[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return s;
}

/* Fix `in`; returns a static copy of the output (or "ERROR"). */
static const char *fixf(const glossa_matcher *mm, const char *in,
	glossa_text_format fmt, int *nfix)
{
	static char out[8192];
	glossa_fix_result *r = NULL;
	glossa_buf b = GLOSSA_BUF_INIT;
	int n = glossa_fix_text(&r, mm, in, strlen(in), fmt, 0, "t");

	if (nfix)
		*nfix = n;
	if (n < 0 || glossa_fix_apply(&b, r, in, strlen(in)) < 0) {
		glossa_fix_result_free(r);
		return "ERROR";
	}
	snprintf(out, sizeof(out), "%s", b.ptr ? b.ptr : "");
	glossa_buf_dispose(&b);
	glossa_fix_result_free(r);
	return out;
}

static const char *fix(const char *in)
{
	return fixf(m, in, GLOSSA_TEXT_PLAIN, NULL);
}

static const char *fixmd(const char *in)
{
	return fixf(m, in, GLOSSA_TEXT_MARKDOWN, NULL);
}

/* Fixing the output again changes nothing. */
static void idempotent(const char *what, const char *in,
	glossa_text_format fmt)
{
	char once[8192];
	int n = -1;

	snprintf(once, sizeof(once), "%s", fixf(m, in, fmt, NULL));
	is_str(fixf(m, once, fmt, &n), once, "idempotent: %s", what);
	is_int(n, 0, "  and the second run finds nothing to fix");
}

static void test_basics(void)
{
	is_str(fix("Yesterday Bashar al-Asad spoke."),
		"Yesterday Bashar Assad spoke.", "variant -> full house form");
	is_str(fix("Then Asad spoke."), "Then Assad spoke.",
		"a lone variant -> short form");
	is_str(fix("Bashar Assad and Assad."), "Bashar Assad and Assad.",
		"house forms stay");
	is_str(fix("Bashar al-Assad said"), "Bashar Assad said",
		"longest match wins over the short one inside it");
	is_str(fix("Gaddafi and Qaddafi; Muammar al-Qaddafi."),
		"Gadhafi and Gadhafi; Moammar Gadhafi.", "several variants");
	is_str(fix("Kiev, Kievan Rus and Kievs"), "Kyiv, Kievan Rus and Kievs",
		"word boundaries: Kievan is not Kiev");
	is_str(fix("Asadullah and Asad"), "Asadullah and Assad",
		"no match inside a longer word");
	is_str(fix("Oldnam was here"), "Oldnam was here",
		"deprecated entries are not matched");
}

static void test_case(void)
{
	is_str(fix("he said it, Saeed said."), "he said it, Said said.",
		"lower-case 'said' is never the name Said");
	is_str(fix("the asad is not a name"), "the asad is not a name",
		"a lower-case word never matches a name");
	is_str(fix("HE MET ASAD TODAY"), "HE MET ASSAD TODAY",
		"ALL CAPS stays all caps");
	is_str(fix("BASHAR AL-ASAD"), "BASHAR ASSAD", "ALL CAPS full name");
	is_str(fix("Reporters met Zawahiri."),
		"Reporters met al-Zawahiri.", "mid-sentence: the house writes al-");
	is_str(fix("Zawahiri spoke. Zawahiri left."),
		"Al-Zawahiri spoke. Al-Zawahiri left.",
		"sentence start: capitalised the house way");
	is_str(fix("They saw Al-Zawahiri there."),
		"They saw al-Zawahiri there.", "mid-sentence Al- -> al-");
	is_str(fix("Then al-Zawahiri and Ayman al-Zawahiri"),
		"Then al-Zawahiri and Ayman al-Zawahiri",
		"a house form containing a variant is not touched again");
	is_str(fix("\"Zawahiri left,\" he said."),
		"\"Al-Zawahiri left,\" he said.",
		"a sentence start after an opening quote");
	is_str(fix("It spells him \"Zawahiri,\" not \"Zawahri.\""),
		"It spells him \"Zawahiri,\" not \"Zawahri.\"",
		"a spelling cited in quotation marks of its own stays");
	is_str(fix("He said\nZawahiri left"), "He said\nal-Zawahiri left",
		"a wrapped line is not a sentence start");
	is_str(fix("Done.\n\nZawahiri left"), "Done.\n\nAl-Zawahiri left",
		"a paragraph start is a sentence start");
}

static void test_folding(void)
{
	is_str(fix("Erdogan and Recep Tayyip Erdogan."),
		"Erdoğan and Recep Tayyip Erdoğan.", "diacritics are optional");
	is_str(fix("ERDOGAN"), "ERDOĞAN", "ALL CAPS with a diacritic");
	is_str(fix("Erdog\xCC\x86""an"), "Erdoğan",
		"a decomposed diacritic (NFD) matches too");
	is_str(fix("Abdel Aziz al-Khair, Abdul-Aziz el-Khair, "
		"Abd al-Aziz al-Khair, Abdelaziz al Khair."),
		"Abdulaziz al-Khair, Abdulaziz al-Khair, "
		"Abdulaziz al-Khair, Abdulaziz al-Khair.",
		"Abdul/Abdel/Abd al-, al-/el-/al, joiners");
	is_str(fix("Bashar el-Asad and al Asad"),
		"Bashar Assad and Assad", "el- for al-, a space for a hyphen");
	is_str(fix("Bashar al\xE2\x80\x91""Asad"), "Bashar Assad",
		"a non-breaking hyphen joins like a hyphen");
	is_str(fix("Bashar al\xE2\x80\x94""Asad"), "Bashar Assad",
		"dash forms join too");
	is_str(fix("We looked at Asad's plan"), "We looked at Assad's plan",
		"'at' is not a sun-letter al- when written with a space");
	is_str(fix("At Asad's request"), "At Assad's request",
		"nor at a sentence start");
	is_str(fix("Edna O\xE2\x80\x99""Brian wrote"), "Edna O'Brien wrote",
		"a curly apostrophe matches a straight one");
	is_str(fix("O'Brien and O\xE2\x80\x99""Brien"),
		"O'Brien and O'Brien", "apostrophes fold to the house form's");
}

static void test_kept(void)
{
	is_str(fix("Asad's army and Asad\xE2\x80\x99s men"),
		"Assad's army and Assad\xE2\x80\x99s men",
		"possessives keep their apostrophe");
	is_str(fix("the Asad-led government"),
		"the Assad-led government", "attached suffix kept");
	is_str(fix("Bashar\xC2\xA0""al-Asad"), "Bashar\xC2\xA0""Assad",
		"a no-break space stays a no-break space");
	is_str(fix("Sergey\xC2\xA0Lavrov"), "Sergei\xC2\xA0Lavrov",
		"NBSP between parts of a full name");
	is_str(fix("Asad said.\r\nThen Asad left.\r\n"),
		"Assad said.\r\nThen Assad left.\r\n", "CRLF line ends kept");
	is_str(fix("\xEF\xBB\xBF""Asad said"), "\xEF\xBB\xBF""Assad said",
		"a byte-order mark is kept");
	is_str(fix("(Asad), [Asad]; \"Asad left\"!"),
		"(Assad), [Assad]; \"Assad left\"!", "punctuation around kept");
	is_str(fix("Bashar\nal-Asad"), "Bashar\nAssad",
		"a name wrapped over two lines keeps its line break");
	is_str(fix("Bashar\r\nal-Asad"), "Bashar\r\nAssad",
		"... also with CRLF");
	is_str(fix("Bashar\n\nAsad"), "Bashar\n\nAssad",
		"a blank line ends a name");
	is_str(fix(""), "", "empty text");
}

static void test_ambiguous(void)
{
	glossa_fix_result *r = NULL;
	const glossa_match *mt;
	size_t n = 0;
	const char *in = "Then Al-Thani arrived.";
	int nf = glossa_fix_text(&r, m, in, strlen(in), GLOSSA_TEXT_PLAIN, 0,
		"t");

	is_int(nf, 0, "an ambiguous variant is never fixed");
	mt = glossa_fix_result_matches(r, &n);
	is_int(n, 1, "but it is reported");
	if (n == 1) {
		is_int(mt[0].status, GLOSSA_MATCH_AMBIGUOUS, "as ambiguous");
		is_str(mt[0].key, "thani-hamad, thani-tamim",
			"naming every entry");
		ok(mt[0].new_text == NULL, "with no replacement");
	}
	is_int(glossa_fix_result_nambiguous(r), 1, "nambiguous counts it");
	glossa_fix_result_free(r);
	is_str(fix("Tamim bin Hamad Al Thani"), "Tamim bin Hamad Al Thani",
		"the house form containing it is fine");
}

static void test_report(void)
{
	glossa_fix_result *r = NULL;
	const glossa_match *mt;
	size_t n = 0;
	const char *in = "One.\nÉté: Asad met Kiev's mayor\nNothing";
	int nf = glossa_fix_text(&r, m, in, strlen(in), GLOSSA_TEXT_PLAIN,
		GLOSSA_FIX_ALL_MATCHES, "t");

	is_int(nf, 2, "two fixes");
	mt = glossa_fix_result_matches(r, &n);
	is_int(n, 2, "two matches");
	if (n == 2) {
		is_int(mt[0].line, 2, "line of the first");
		is_int(mt[0].column, 6, "column in characters, not bytes");
		is_str(mt[0].old_text, "Asad", "old text");
		is_str(mt[0].new_text, "Assad", "new text");
		is_str(mt[0].key, "assad-bashar", "entry key");
		is_int(mt[0].form, GLOSSA_FORM_ALONE,
			"matched a variant (safe alone)");
		is_int(mt[0].start, 12, "byte span start");
		is_int(mt[0].end, 16, "byte span end");
		is_int(mt[1].column, 15, "second column");
		is_str(mt[1].key, "kyiv", "second key");
	}
	glossa_fix_result_free(r);
	in = "Assad";
	nf = glossa_fix_text(&r, m, in, strlen(in), GLOSSA_TEXT_PLAIN,
		GLOSSA_FIX_ALL_MATCHES, "t");
	mt = glossa_fix_result_matches(r, &n);
	ok(nf == 0 && n == 1 && mt[0].status == GLOSSA_MATCH_HOUSE,
		"ALL_MATCHES lists house spellings too");
	glossa_fix_result_free(r);
}

/*
 * Precision (issue 13): a hit is replaced only where it is that entry.
 * Each of these is correct copy that must stay byte for byte, next to
 * the copy that is still fixed.
 */
static void test_context(void)
{
	static const char *const stay[] = {
		"Pakistan's former finance minister Asad Umar said so.",
		"U.S. troops at Ain al-Asad air base came under fire.",
		"Tigran Asad served as prime minister.",
		"Kuwait's emir, Sheikh Meshaal al-Ahmad al-Jaber, spoke.",
		"Former Turkish Prime Minister Binali Yildirim lost.",
		"Binali said nothing.",
		"The restaurant's chicken Kiev has been on the menu for years.",
		"Chicken Kiev is a dish.",
		"Police in Odessa, Texas, said the gunman was killed.",
		"Meshaal said the talks would go on.",
		"He met Khaled Meshaalov and Asadullah Khan.",
		"ASAD UMAR RESIGNS",
	};
	size_t i;

	for (i = 0; i < sizeof(stay) / sizeof(*stay); i++)
		is_str(fix(stay[i]), stay[i], "stays: %.50s", stay[i]);
	is_str(fix("Syrian President Asad said Monday that Asad's aides left."),
		"Syrian President Assad said Monday that Assad's aides left.",
		"a title or a day beside a name is not another name");
	is_str(fix("Syria's Asad spoke."), "Syria's Assad spoke.",
		"a possessive before a name is not another name");
	is_str(fix("Bashar Asad spoke."), "Bashar Assad spoke.",
		"the entry's own name word beside it");
	is_str(fix("Kiev is the capital; Odessa is a port."),
		"Kyiv is the capital; Odesa is a port.",
		"outside its exceptions a variant is fixed");
	is_str(fix("Khaled Meshaal spoke. Later Meshaal said no."),
		"Khaled Mashaal spoke. Later Mashaal said no.",
		"a one-word variant after the full name is fixed");
	is_str(fix("Meshaal said no. Khaled Mashaal spoke later."),
		"Mashaal said no. Khaled Mashaal spoke later.",
		"anywhere in the piece that names the entry in full");
	is_str(fix("Zine El Abidine Ben Ali fled; Ben Ali died in 2019."),
		"Zine El Abidine Ben Ali fled; Ben Ali died in 2019.",
		"the house form with a particle word stays");
	is_str(fix("Sergei met Сергей."), "Sergei met Сергей.",
		"the given-name lexicon never rewrites copy");
	is_str(fix("Deir ez-Zor fell."), "Deir el-Zour fell.",
		"ez- is the sun-letter al- (Deir ez-Zor)");
	is_str(fix("<img src=\"Kiev.jpg\" alt=\"Kiev\"> Kiev.\n"
		"<p title=\"Kiev\">Kiev</p> 3 < 4 and Kiev > 2."),
		"<img src=\"Kiev.jpg\" alt=\"Kiev\"> Kyiv.\n"
		"<p title=\"Kiev\">Kyiv</p> 3 < 4 and Kyiv > 2.",
		"HTML tags in plain text are not prose; the text between is");
	idempotent("context", "Khaled Meshaal spoke. Later Meshaal said no; "
		"Asad Umar and chicken Kiev stayed.", GLOSSA_TEXT_PLAIN);
}

static void test_native(void)
{
	char **l = NULL;
	size_t nl = 0;
	bool morph_ru, morph_ar;

	is_str(fix("He met Сергей Лавров and Башар Асад."),
		"He met Sergei Lavrov and Bashar Assad.",
		"Cyrillic native forms in English copy");
	is_str(fix("Асад, Lavrov said"), "Assad, Lavrov said",
		"native short form");
	is_str(fix("He named بشار الأسد."), "He named Bashar Assad.",
		"Arabic native");
	/* Foreign-language text stays foreign: a quoted Russian or Arabic
	 * sentence is not English copy. */
	is_str(fix("Сергей Лавров и Башар Асад"),
		"Сергей Лавров и Башар Асад",
		"names inside a Russian sentence stay");
	is_str(fix("Асад сказал"), "Асад сказал",
		"a native short form inside a Russian sentence stays");
	is_str(fix("He wrote: «Песков: Переговоры продолжатся»."),
		"He wrote: «Песков: Переговоры продолжатся».",
		"past a capitalised Russian word, a lower-case one");
	is_str(fix("قال بشار الأسد"), "قال بشار الأسد",
		"inside an Arabic sentence: stays");
	is_str(fix("القذافي"), "Gadhafi", "Arabic one-word native");
	is_str(fixf(m_nonative, "Асад and Asad", GLOSSA_TEXT_PLAIN, NULL),
		"Асад and Assad", "--no-native leaves native forms alone");
	is_str(fix("асад"), "асад", "lower-case Cyrillic is not a name");

	glossa_morph__ru_forms(&l, &nl, "Лавров");
	morph_ru = nl > 1;
	glossa_morph__free_list(l, nl);
	l = NULL;
	nl = 0;
	glossa_morph__ar_strip(&l, &nl, "والأسد");
	morph_ar = nl > 1;
	glossa_morph__free_list(l, nl);
	if (morph_ru) {
		is_str(fix("Лаврова, Лавровым, Сергеем Лавровым"),
			"Lavrov, Lavrov, Sergei Lavrov",
			"Russian case forms (morph)");
		is_str(fix("Lavrov met him (с Асадом)."),
			"Lavrov met him (с Асадом).",
			"Асадом after a Russian preposition stays");
		is_str(fix("Lavrov met Асадом."), "Lavrov met Assad.",
			"Асадом in English copy");
	} else {
		printf("ok %d - # SKIP Russian inflection: morph is a stub\n",
			++harness_n);
	}
	if (morph_ar) {
		/* In English copy the clitic goes with the name: an
		 * Arabic letter glued to Latin is no one's spelling. */
		is_str(fix("والأسد"), "Assad", "Arabic proclitic و taken with the name");
		is_str(fix("He met وبشار الأسد."), "He met Bashar Assad.",
			"clitic on a two-word name");
	} else {
		printf("ok %d - # SKIP Arabic clitics: morph is a stub\n",
			++harness_n);
	}
}

static void test_markdown(void)
{
	is_str(fixmd("# Asad\n\nAsad met *Asad* and **Bashar al-Asad**.\n"),
		"# Assad\n\nAssad met *Assad* and **Bashar Assad**.\n",
		"headings, emphasis");
	is_str(fixmd("Use `Asad` here.\n"), "Use `Asad` here.\n",
		"inline code is never changed");
	is_str(fixmd("```\nAsad\n```\n\n    Asad indented\n"),
		"```\nAsad\n```\n\n    Asad indented\n",
		"code blocks are never changed");
	is_str(fixmd("[Asad](https://example.com/Asad \"Asad\")\n"),
		"[Assad](https://example.com/Asad \"Asad\")\n",
		"link text changes, destination and title do not");
	is_str(fixmd("See <https://example.com/Asad> and https://Asad.example.com/Asad.\n"),
		"See <https://example.com/Asad> and https://Asad.example.com/Asad.\n",
		"autolinks are never changed");
	is_str(fixmd("<span title=\"Asad\">Asad</span>\n\n<div>\nAsad\n</div>\n"),
		"<span title=\"Asad\">Assad</span>\n\n<div>\nAsad\n</div>\n",
		"raw HTML is never changed");
	is_str(fixmd("Bashar\nal-Asad wrapped\n"), "Bashar\nAssad wrapped\n",
		"a name over a soft line break");
	is_str(fixmd("- Asad\n- Kiev\n\n> Asad\n"),
		"- Assad\n- Kyiv\n\n> Assad\n", "lists and quotes");
	is_str(fixmd("| a | b |\n|---|---|\n| Asad | Kiev |\n"),
		"| a | b |\n|---|---|\n| Assad | Kyiv |\n", "tables");
	is_str(fixmd("\xEF\xBB\xBF""Asad\r\n\r\n`Asad`\r\n"),
		"\xEF\xBB\xBF""Assad\r\n\r\n`Asad`\r\n", "BOM and CRLF in Markdown");
	is_str(fix("Use `Asad` here."), "Use `Assad` here.",
		"plain text has no code spans");
}

/* Front matter, fenced divs and the dialects' code are never prose. */
static void test_dialects(void)
{
	glossa_text_format f;

	is_str(fixmd("---\ntitle: Kiev\ntags: [Asad]\n---\n\nKiev.\n"),
		"---\ntitle: Kiev\ntags: [Asad]\n---\n\nKyiv.\n",
		"YAML front matter is never changed");
	is_str(fixmd("\xEF\xBB\xBF---\r\ntitle: Kiev\r\n...\r\nKiev\r\n"),
		"\xEF\xBB\xBF---\r\ntitle: Kiev\r\n...\r\nKyiv\r\n",
		"  after a BOM, with CRLF, closed by ...");
	is_str(fixmd("+++\ntitle = \"Kiev\"\n+++\nKiev\n"),
		"+++\ntitle = \"Kiev\"\n+++\nKyiv\n",
		"TOML front matter is never changed");
	is_str(fixmd("Kiev\n\n---\nKiev\n---\n"),
		"Kyiv\n\n---\nKyiv\n---\n",
		"  only at the very top");
	is_str(fixmd("---\nKiev\n"), "---\nKyiv\n",
		"  and only when it is closed");
	is_str(fixmd("```{r}\nx <- \"Kiev\"\n```\n\nKiev has `r Kiev` "
		"people.\n"), "```{r}\nx <- \"Kiev\"\n```\n\nKyiv has `r Kiev` "
		"people.\n", "R Markdown chunks and inline code");
	is_str(fixmd("::: {.callout #Kiev}\nKiev\n:::\n"),
		"::: {.callout #Kiev}\nKyiv\n:::\n", "fenced-div lines");
	is_str(fixf(m, "import Map from './Kiev.js'\nexport const c = 'Kiev'\n"
		"\n# Kiev\n\nIn {city.Kiev ? 'Kiev' : x} Kiev <Map at=\"Kiev\" /> "
		"Asad.\n\nimport of Kiev\n", GLOSSA_TEXT_MDX, NULL),
		"import Map from './Kiev.js'\nexport const c = 'Kiev'\n"
		"\n# Kyiv\n\nIn {city.Kiev ? 'Kiev' : x} Kyiv <Map at=\"Kiev\" /> "
		"Assad.\n\nimport of Kiev\n",
		"MDX: import/export blocks, {expressions}, JSX attributes");
	is_str(fixmd("import Kiev\n\n{Kiev}\n"), "import Kyiv\n\n{Kyiv}\n",
		"  which are prose in plain Markdown");
	is_str(fixf(m, "{ Kiev\n\nKiev }\n", GLOSSA_TEXT_MDX, NULL),
		"{ Kyiv\n\nKyiv }\n", "  a brace left open at a blank line");
	ok(glossa_text_format_guess("a.qmd") == GLOSSA_TEXT_MARKDOWN &&
	   glossa_text_format_guess("a.Rmd") == GLOSSA_TEXT_MARKDOWN &&
	   glossa_text_format_guess("a.markdown") == GLOSSA_TEXT_MARKDOWN &&
	   glossa_text_format_guess("a.mdx") == GLOSSA_TEXT_MDX &&
	   glossa_text_format_guess("a.txt") == GLOSSA_TEXT_PLAIN,
	   "formats from the file name: .qmd, .Rmd, .markdown, .mdx");
	ok(glossa_text_format_parse(&f, "mdx") == 0 && f == GLOSSA_TEXT_MDX,
	   "\"mdx\" names MDX");
}

static void test_idempotence(void)
{
	idempotent("plain text", "Bashar al-Asad, ASAD, Asad's, Zawahiri. Zawahiri and "
		"Abdel Aziz el-Khair met Erdogan in Kiev.", GLOSSA_TEXT_PLAIN);
	idempotent("NBSP, CRLF, wrapped", "Bashar\xC2\xA0""al-Asad\r\nBashar\nal-Asad",
		GLOSSA_TEXT_PLAIN);
	idempotent("Markdown", "# Asad\n\n`Asad` Asad\n", GLOSSA_TEXT_MARKDOWN);
	/* A Cyrillic neighbour is no part of a Latin name: the same answer
	 * before and after it is fixed to "Assad" (a fuzz finding). */
	idempotent("a neighbour in another script",
		"Asad, Bashar-\xD0\x90\xD1\x81\xD0\xB0\xD0\xB4 ASAD.",
		GLOSSA_TEXT_PLAIN);
	/* The entry's name as one word is its own, not another name's part:
	 * "Asad" beside it reads the same before and after it becomes
	 * "Bashar Assad" (a fuzz finding). */
	idempotent("the name as one word", "Basharassad-Asad",
		GLOSSA_TEXT_PLAIN);
	idempotent("native forms", "Башар Асад, بشار الأسد", GLOSSA_TEXT_PLAIN);
}

static void test_errors(void)
{
	glossa_fix_result *r = NULL;
	const char bad[] = "fine\nAsad \xFF here\n";
	const char bin[] = "a\nb\0c";
	int e;

	e = glossa_fix_text(&r, m, bad, sizeof(bad) - 1, GLOSSA_TEXT_PLAIN, 0,
		"draft.txt");
	is_int(e, GLOSSA_EINVALID, "invalid UTF-8 is an error");
	ok(r == NULL, "and gives no result");
	is_str(glossa_error_last()->message,
		"draft.txt:2: invalid UTF-8 at byte 10",
		"naming file and line");
	e = glossa_fix_text(&r, m, bin, sizeof(bin) - 1, GLOSSA_TEXT_PLAIN, 0,
		"x.bin");
	is_int(e, GLOSSA_EINVALID, "a NUL byte is an error");
	is_str(glossa_error_last()->message,
		"x.bin:2: a binary file, not text (NUL byte at offset 3)",
		"saying it is binary");
}

/*
 * The draft layer's answers, through fix: a BOM is no column, and after
 * ':' or an ellipsis the text's own capital decides.
 */
static void test_draft(void)
{
	glossa_fix_result *r = NULL;
	const glossa_match *mt;
	size_t n = 0;
	const char *in = "\xEF\xBB\xBF" "Asad met Kiev's mayor";

	glossa_fix_text(&r, m, in, strlen(in), GLOSSA_TEXT_PLAIN,
		GLOSSA_FIX_ALL_MATCHES, "t");
	mt = glossa_fix_result_matches(r, &n);
	ok(n == 2 && mt[0].line == 1 && mt[0].column == 1,
		"after a BOM: 1:1, the column an editor shows (%u:%u)",
		n ? mt[0].line : 0, n ? mt[0].column : 0);
	ok(n == 2 && mt[1].column == 10, "and the next on the line: 10");
	glossa_fix_result_free(r);
	is_str(fix("Reporters saw him: Zawahiri."),
		"Reporters saw him: Al-Zawahiri.",
		"after ':' a capital stays a capital");
	is_str(fix("Reporters saw him: al-Zawahiri."),
		"Reporters saw him: al-Zawahiri.",
		"and a small letter a small letter");
	is_str(fix("They waited\xE2\x80\xA6 al-Zawahiri came."),
		"They waited\xE2\x80\xA6 al-Zawahiri came.",
		"after '\xE2\x80\xA6' too");
	is_str(fix("They waited\xE2\x80\xA6 Al-Zawahiri came."),
		"They waited\xE2\x80\xA6 Al-Zawahiri came.",
		"either way");
	is_str(fix("They waited. Zawahiri came."),
		"They waited. Al-Zawahiri came.",
		"after '.' a sentence starts");
}

/* A matcher from a glossary written inline. */
static glossa_matcher *inline_matcher(glossa_doc **doc)
{
	glossa_entry *e = NULL;
	glossa_matcher *mm = NULL;

	if (glossa_doc_new(doc) < 0)
		return NULL;
	glossa_doc_add_entry(&e, *doc, "bendial", GLOSSA_KIND_PERSON,
		GLOSSA_STATUS_APPROVED, "", 0);
	glossa_entry_add_form(e, &(glossa_form_spec){
		.type = GLOSSA_FORM_HOUSE, .text = "Bendial" });
	glossa_doc_add_entry(&e, *doc, "benles", GLOSSA_KIND_PERSON,
		GLOSSA_STATUS_APPROVED, "", 0);
	glossa_entry_add_form(e, &(glossa_form_spec){
		.type = GLOSSA_FORM_HOUSE, .text = "Woz Benles" });
	glossa_entry_add_form(e, &(glossa_form_spec){
		.type = GLOSSA_FORM_SHORT, .text = "Benles" });
	glossa_entry_add_form(e, &(glossa_form_spec){
		.type = GLOSSA_FORM_VARIANT, .text = "al-Benles",
		.becomes = "Benles" });
	glossa_doc_add_entry(&e, *doc, "sharaa", GLOSSA_KIND_PERSON,
		GLOSSA_STATUS_APPROVED, "", 0);
	glossa_entry_add_form(e, &(glossa_form_spec){
		.type = GLOSSA_FORM_HOUSE, .text = "Ahmad al-Sharaa" });
	glossa_entry_add_form(e, &(glossa_form_spec){
		.type = GLOSSA_FORM_VARIANT, .text = "Ahmed ash-Shara",
		.becomes = "Ahmad al-Sharaa" });
	glossa_entry_add_form(e, &(glossa_form_spec){
		.type = GLOSSA_FORM_SHORT, .text = "Sharaa" });
	if (glossa_matcher_new(&mm, *doc, NULL) < 0)
		return NULL;
	return mm;
}

static void test_regressions(void)
{
	glossa_doc *doc = NULL, *empty = NULL;
	glossa_matcher *mm = inline_matcher(&doc), *me = NULL;

	ok(mm != NULL, "a matcher from an inline glossary");
	if (mm) {
		is_str(fixf(mm, "by Benbo, Bendi al-Benles in", GLOSSA_TEXT_PLAIN,
			NULL), "by Benbo, Bendi al-Benles in",
			"a particle never ends a name (Bendi al- is not Bendial), and al-Benles after another name is that name's part");
		is_str(fixf(mm, "Woz Benles came; by Benbo, al-Benles in",
			GLOSSA_TEXT_PLAIN, NULL),
			"Woz Benles came; by Benbo, Benles in",
			"the one-word variant after the full name is fixed");
		is_str(fixf(mm, "Ahmed ash-Shara and Ahmad as-Sharaa spoke",
			GLOSSA_TEXT_PLAIN, NULL),
			"Ahmad al-Sharaa and Ahmad al-Sharaa spoke",
			"sun-letter particles fold to al- with a hyphen");
		is_str(fixf(mm, "Ahmad as Sharaa", GLOSSA_TEXT_PLAIN, NULL),
			"Ahmad as Sharaa",
			"but not with a space (\"as\" is English)");
		is_str(fixf(mm, "AHMAD AL-SHARAA", GLOSSA_TEXT_PLAIN, NULL),
			"AHMAD AL-SHARAA", "an ALL CAPS house form is left alone");
	}
	ok(glossa_doc_new(&empty) == 0 &&
	   glossa_matcher_new(&me, empty, NULL) == 0, "an empty glossary");
	if (me)
		is_str(fixf(me, "Asad and Kiev", GLOSSA_TEXT_PLAIN, NULL),
			"Asad and Kiev", "matches nothing");
	glossa_matcher_free(me);
	glossa_matcher_free(mm);
	glossa_doc_free(doc);
	glossa_doc_free(empty);
}

/*
 * Fix runs to a fixpoint: a fix can complete a longer name the first
 * pass could not see ("Bashar-Asad" -> "Bashar-Assad", the house name
 * with a hyphen). The later fix is merged into the first in the
 * original text's coordinates.
 */
static void test_fixpoint(void)
{
	glossa_fix_result *r = NULL;
	const glossa_match *mt;
	glossa_buf b = GLOSSA_BUF_INIT;
	size_t n = 0;
	const char *in;
	int nf;

	is_str(fix("Bashar-Asad"), "Bashar Assad",
		"a fix that completes a longer name is fixed too");
	idempotent("Bashar-Asad", "Bashar-Asad", GLOSSA_TEXT_PLAIN);
	is_str(fix("Bashar ASAD"), "Bashar ASSAD",
		"a capitalised word inside the house name stays house");
	idempotent("Bashar ASAD", "Bashar ASAD", GLOSSA_TEXT_PLAIN);
	is_str(fixmd("**Bashar-Asad** and `Bashar-Asad`\n"),
		"**Bashar Assad** and `Bashar-Asad`\n", "... in Markdown too");
	idempotent("Bashar-Asad, Markdown", "# Bashar-Asad\n\nBashar-Asad\n",
		GLOSSA_TEXT_MARKDOWN);

	in = "Bashar-Asad";
	nf = glossa_fix_text(&r, m, in, strlen(in), GLOSSA_TEXT_PLAIN,
		GLOSSA_FIX_ALL_MATCHES, "t");
	mt = glossa_fix_result_matches(r, &n);
	is_int(nf, 1, "one merged fix");
	is_int(n, 1, "one match, not the first pass's as well");
	if (n == 1) {
		is_int(mt[0].start, 0, "merged span starts at the name");
		is_int(mt[0].end, 11, "and covers the first pass's fix");
		is_str(mt[0].old_text, "Bashar-Asad", "old text, original");
		is_str(mt[0].new_text, "Bashar Assad", "new text, final");
		is_str(mt[0].key, "assad-bashar", "the later match's key");
		is_int(mt[0].status, GLOSSA_MATCH_FIX, "a fix");
	}
	glossa_fix_result_free(r);
	r = NULL;

	/* The first pass replaces 8 bytes of Cyrillic with 5 of Latin; the
	 * merged span is mapped back over the multi-byte original. */
	in = "\xC3\x89t\xC3\xA9: Bashar-\xD0\x90\xD1\x81\xD0\xB0\xD0\xB4"
		" met Lavrov; \xD0\x90\xD1\x81\xD0\xB0\xD0\xB4 and "
		"Bashar-\xD0\x90\xD1\x81\xD0\xB0\xD0\xB4.";
	nf = glossa_fix_text(&r, m, in, strlen(in), GLOSSA_TEXT_PLAIN,
		GLOSSA_FIX_ALL_MATCHES, "t");
	mt = glossa_fix_result_matches(r, &n);
	is_int(nf, 3, "three fixes across multi-byte replacements");
	is_int(n, 4, "and the house Lavrov");
	if (n == 4) {
		is_int(mt[0].start, 7, "first merged span start (bytes)");
		is_int(mt[0].end, 22, "first merged span end (bytes)");
		is_int(mt[0].column, 6, "its column, in characters");
		is_str(mt[0].old_text, "Bashar-\xD0\x90\xD1\x81\xD0\xB0\xD0\xB4",
			"old text is the original Cyrillic");
		is_str(mt[0].new_text, "Bashar Assad", "new text");
		is_int(mt[1].status, GLOSSA_MATCH_HOUSE, "Lavrov is house");
		is_str(mt[2].new_text, "Assad", "a lone native short form");
		is_str(mt[3].old_text, "Bashar-\xD0\x90\xD1\x81\xD0\xB0\xD0\xB4",
			"second merged span");
		is_int(mt[3].column, 39, "its column");
	}
	if (glossa_fix_apply(&b, r, in, strlen(in)) == 0)
		is_str(b.ptr, "\xC3\x89t\xC3\xA9: Bashar Assad met Lavrov; Assad "
			"and Bashar Assad.", "apply gives the final text");
	glossa_buf_dispose(&b);
	glossa_fix_result_free(r);
	idempotent("multi-byte merge", in, GLOSSA_TEXT_PLAIN);
}

/* Later passes rescan only between the stops and walls around what
 * changed: the same result as rescanning the whole text. */
static void same_as_full(const glossa_matcher *mm, const char *in,
	glossa_text_format fmt, const char *want)
{
	glossa_fix_result *r = NULL, *rf = NULL;
	glossa_buf b = GLOSSA_BUF_INIT, bf = GLOSSA_BUF_INIT;
	size_t len = strlen(in);

	ok(glossa_fix_text(&r, mm, in, len, fmt, 0, "t") >= 0 &&
	   glossa_fix_text(&rf, mm, in, len, fmt, GLOSSA_FIX__RESCAN_ALL,
		"t") >= 0 &&
	   glossa_fix_apply(&b, r, in, len) == 0 &&
	   glossa_fix_apply(&bf, rf, in, len) == 0 &&
	   strcmp(b.ptr, bf.ptr) == 0 &&
	   glossa_fix_result_nfixes(r) == glossa_fix_result_nfixes(rf),
	   "windows = full rescan: %.40s", in);
	if (want)
		is_str(b.ptr ? b.ptr : "", want, "  gives %.40s", want);
	glossa_buf_dispose(&b);
	glossa_buf_dispose(&bf);
	glossa_fix_result_free(r);
	glossa_fix_result_free(rf);
}

static void test_rescan_windows(void)
{
	static const char dotted[] =
		"smith-jr\tentry\tperson\tapproved\n"
		"smith-jr\thouse\tJ.R. Smith\tLatn\ten\n"
		"smith-jr\tshort\tSmith\tLatn\ten\n"
		"smith-jr\talone\tSmyth\tLatn\ten\tSmith\n"
		"alexander\tentry\tperson\tapproved\n"
		"alexander\thouse\tAlexander the Great\tLatn\ten\n"
		"alexander\talone\tIskander\tLatn\ten\n"
		"gaulle-charles\tentry\tperson\tapproved\n"
		"gaulle-charles\thouse\tCharles de Gaulle\tLatn\ten\n"
		"gaulle-charles\tshort\tde Gaulle\tLatn\ten\n"
		"gaulle-charles\talone\tGaulle\tLatn\ten\tde Gaulle\n";
	glossa_matcher *md = NULL;
	glossa_doc *doc = NULL;
	size_t len = 0;
	char *art;

	same_as_full(m, "the Bashar-Asad the", GLOSSA_TEXT_PLAIN,
		"the Bashar Assad the");
	same_as_full(m, "(Bashar-Asad), said: Bashar-Asad.", GLOSSA_TEXT_PLAIN,
		"(Bashar Assad), said: Bashar Assad.");
	same_as_full(m, "Bashar-Asad Bashar-Asad Asad Bashar-Asad",
		GLOSSA_TEXT_PLAIN, NULL);
	same_as_full(m, "Asad,Bashar-Asad;Asad al-Asad. Bashar-Asad",
		GLOSSA_TEXT_PLAIN, NULL);
	same_as_full(m, "He met Bashar-\xD0\x90\xD1\x81\xD0\xB0\xD0\xB4 in "
		"Kiev, then Bashar-Asad.", GLOSSA_TEXT_PLAIN, NULL);
	same_as_full(m, "# Bashar-Asad\n\n[Bashar-Asad](http://x/Asad) "
		"mail Asad@x.org, Bashar-Asad\n", GLOSSA_TEXT_MARKDOWN, NULL);
	/* A fix never takes out a line break: "As\nad" stays (in Markdown
	 * it could re-pair code spans lines away); a break where the house
	 * form has a space is kept. */
	is_str(fix("He met As\nad there."), "He met As\nad there.",
		"a name split by a line break with no space in the house form");
	is_str(fix("Bashar\nal-Asad"), "Bashar\nAssad",
		"a line break where the house form has a space is kept");
	/* Taking a line break out of a name changes Markdown elsewhere. */
	same_as_full(m, "# `As\nad`\x0F,As\nad`t", GLOSSA_TEXT_MARKDOWN, NULL);
	same_as_full(m, "# `As\nad`\x0F,As\nad`t", GLOSSA_TEXT_PLAIN, NULL);
	/* md4c reads the byte after the text ("...(Asad" then ")"): what
	 * lies after the caller's text must not change the fixes (found by
	 * fuzz-fix). */
	{
		static const char t[] = "[Asadhrai cve](h/tt!gs(Asad))";
		size_t tl = sizeof(t) - 2;
		char *own = strndup(t, tl);
		glossa_fix_result *r1 = NULL, *r2 = NULL;
		glossa_buf o1 = GLOSSA_BUF_INIT, o2 = GLOSSA_BUF_INIT;

		ok(own && glossa_fix_text(&r1, m, t, tl, GLOSSA_TEXT_MARKDOWN,
			0, "t") >= 0 && glossa_fix_text(&r2, m, own, tl,
			GLOSSA_TEXT_MARKDOWN, 0, "t") >= 0 &&
		   glossa_fix_apply(&o1, r1, t, tl) == 0 &&
		   glossa_fix_apply(&o2, r2, own, tl) == 0 &&
		   o1.size == o2.size && memcmp(o1.ptr, o2.ptr, o1.size) == 0 &&
		   strcmp(o1.ptr, "[Asadhrai cve](h/tt!gs(Assad)") == 0,
		   "Markdown: the byte after the text does not matter");
		free(own);
		glossa_fix_result_free(r1);
		glossa_fix_result_free(r2);
		glossa_buf_dispose(&o1);
		glossa_buf_dispose(&o2);
	}
	/* Windows in one long word share a piece; links in it stay. */
	same_as_full(m, "Asad;x;Bashar-Asad;x;Asad;x;Bashar-Asad;x;Asad",
		GLOSSA_TEXT_PLAIN,
		"Assad;x;Bashar Assad;x;Assad;x;Bashar Assad;x;Assad");
	same_as_full(m, "Asad;x;Asad;x; http://x.org/Asad;x;Bashar-Asad "
		"x;Bashar-Asad; www.Asad.org;x;Bashar-Asad;x;a@Asad.org Asad",
		GLOSSA_TEXT_PLAIN, "Assad;x;Assad;x; http://x.org/Asad;x;"
		"Bashar-Asad x;Bashar Assad; www.Asad.org;x;Bashar-Asad;x;"
		"a@Asad.org Assad");
	same_as_full(m, "\xEF\xBB\xBF""Bashar-Asad", GLOSSA_TEXT_PLAIN,
		"\xEF\xBB\xBF""Bashar Assad");
	/* "www." starts a link after punctuation, not inside a word. */
	same_as_full(m, "Asad;www.Asad.org/Asad x;Awww.Asad (www.Asad)",
		GLOSSA_TEXT_PLAIN,
		"Assad;www.Asad.org/Asad x;Awww.Assad (www.Asad)");
	/* A key with a full stop: "." is no stop for this glossary, so the
	 * window reaches back past it to "J.R.". */
	if (glossa_doc_parse(&doc, GLOSSA_FORMAT_TSV, dotted, strlen(dotted),
			"dotted") < 0 || glossa_matcher_new(&md, doc, NULL) < 0) {
		ok(0, "dotted glossary: %s", glossa_error_last()->message);
	} else {
		same_as_full(md, "He said J.R.-Smyth won.", GLOSSA_TEXT_PLAIN,
			"He said J.R. Smith won.");
		same_as_full(md, "Smyth.J.R.-Smyth,Smyth", GLOSSA_TEXT_PLAIN,
			NULL);
		/* A house form holding a variant of itself where no name
		 * can start ("de" is not a name's start): never fixed into
		 * itself again. */
		same_as_full(md, "He met Gaulle.", GLOSSA_TEXT_PLAIN,
			"He met de Gaulle.");
		same_as_full(md, "He met de Gaulle. DE GAULLE said; de "
			"Gaulle", GLOSSA_TEXT_PLAIN, "He met de Gaulle. DE GAULLE "
			"said; de Gaulle");
		{
			const char *in = "He met Gaulle, de Gaulle and GAULLE.";
			char once[256];

			snprintf(once, sizeof(once), "%s",
				fixf(md, in, GLOSSA_TEXT_PLAIN, NULL));
			is_str(once, "He met de Gaulle, de Gaulle and DE GAULLE.",
				"a variant inside its own target is left alone");
			is_str(fixf(md, once, GLOSSA_TEXT_PLAIN, NULL), once,
				"  and fixing again changes nothing");
		}
		/* A replacement with a wall in it ("the"). */
		same_as_full(md, "J.R.-Smyth, Iskander, J.R.-Smyth, Iskander",
			GLOSSA_TEXT_PLAIN, "J.R. Smith, Alexander the Great, "
			"J.R. Smith, Alexander the Great");
		/* Two names side by side read as one longer name: left. */
		same_as_full(md, "J.R.-Smyth Iskander", GLOSSA_TEXT_PLAIN,
			"J.R.-Smyth Iskander");
	}
	glossa_matcher_free(md);
	glossa_doc_free(doc);
	md = NULL;
	doc = NULL;
	/* A hit that already reads as its replacement stays as it is, at
	 * the start of the form too. In Markdown "*AL*" ends the prose, so
	 * "ASAD" alone is the variant: it grew by " *AL*" on every run. The
	 * same held for "D-" in capitals, "D--" and then "D---" (both found
	 * by fuzz-fix-glossary, minimised). The form around the hit may be
	 * in capitals: "*.D's envoy; asad.*" is emphasis, so "D" is a name
	 * of its own there (fuzz-fix-glossary, minimised). And a letter
	 * with no capital ("ĸ", "ß") is not lower case: a house form with
	 * one stays in a headline, and the glossary is not refused as one
	 * fix would change in capitals. */
	{
		static const struct {
			const char *what, *tsv, *in, *want;
			glossa_text_format fmt;
		} stays[] = {
			{ "a form that holds its variant at its start (Markdown)",
			  "x\tentry\tperson\tapproved\n"
			  "x\thouse\tasad *al*\tLatn\ten\n"
			  "x\talone\tAsad\tLatn\ten\n",
			  "ASAD SAYS", "ASAD *AL* SAYS", GLOSSA_TEXT_MARKDOWN },
			{ "a form that holds its variant at its start (capitals)",
			  "x\tentry\tperson\tapproved\n"
			  "x\thouse\td-\tLatn\ten\n"
			  "x\talone\tDee\tLatn\ten\n",
			  "DEE SAYS", "D- SAYS", GLOSSA_TEXT_PLAIN },
			{ "a form in capitals around its variant (Markdown)",
			  "x\tentry\tperson\tapproved\n"
			  "x\thouse\tasad.*.d\tLatn\ten\n"
			  "x\talone\td\tLatn\ten\n"
			  "x\talone\tAsad\tLatn\ten\n",
			  "ASAD's envoy; Asad\xE2\x80\x99s aides",
			  "ASAD.*.D's envoy; asad.*.d\xE2\x80\x99s aides",
			  GLOSSA_TEXT_MARKDOWN },
			{ "a house form with a caseless letter",
			  "q\tentry\tplace\tapproved\n"
			  "q\thouse\tQa\xC4\xB8ortoq\tLatn\tkl\n",
			  "QA\xC4\xB8ORTOQ SAYS", "QA\xC4\xB8ORTOQ SAYS",
			  GLOSSA_TEXT_PLAIN },
		};
		size_t g;

		for (g = 0; g < sizeof(stays) / sizeof(*stays); g++) {
			char once[256];

			ok(glossa_doc_parse(&doc, GLOSSA_FORMAT_TSV, stays[g].tsv,
				strlen(stays[g].tsv), "stays") == 0 &&
			   glossa_matcher_new(&md, doc, NULL) == 0,
			   "%s compiles", stays[g].what);
			snprintf(once, sizeof(once), "%s", md ?
				fixf(md, stays[g].in, stays[g].fmt, NULL) : "");
			is_str(once, stays[g].want,
				"  in a headline it reads as the form in capitals");
			is_str(md ? fixf(md, once, stays[g].fmt, NULL) : "",
				once, "  and the form written out stays as it is");
			glossa_matcher_free(md);
			md = NULL;
			glossa_doc_free(doc);
			doc = NULL;
		}
	}
	/* A house form that fix would change in part never settles: the
	 * glossary is refused, naming the entry and the form. */
	{
		static const char bad[] =
			"gadhafi\tentry\tperson\tapproved\n"
			"gadhafi\thouse\tGadhafi\tLatn\ten\n"
			"gadhafi\tvariant\tQaddafi\tLatn\ten\n"
			"x\tentry\tperson\tapproved\n"
			"x\thouse\tde Qaddafi\tLatn\ten\n";

		ok(glossa_doc_parse(&doc, GLOSSA_FORMAT_TSV, bad, strlen(bad),
			"bad") == 0, "a form holding another entry's variant loads");
		ok(glossa_matcher_new(&md, doc, NULL) < 0 &&
		   strstr(glossa_error_last()->message, "entry x (line 5): the "
			"house form \"de Qaddafi\" would itself be fixed") != NULL,
		   "but no matcher is built from it: %s",
		   glossa_error_last()->message);
		glossa_matcher_free(md);
		glossa_doc_free(doc);
		md = NULL;
		doc = NULL;
	}
	/* Also at the start of a sentence, where fix gives a form its
	 * capital: "Www.Asad s" lost the link that guards "www.Asad s", and
	 * its "s" stops the walk, so "Asad" inside became the form again on
	 * every run (fuzz-fix-glossary, minimised). */
	{
		static const char bad[] =
			"a\tentry\torg\tapproved\n"
			"a\thouse\twww.Asad s\tLatn\ten\n"
			"a\tvariant\tAsad\tLatn\ten\n";

		ok(glossa_doc_parse(&doc, GLOSSA_FORMAT_TSV, bad, strlen(bad),
			"bad") == 0 && glossa_matcher_new(&md, doc, NULL) < 0 &&
		   strstr(glossa_error_last()->message, "entry a (line 2): the "
			"house form \"www.Asad s\" would itself be fixed at the "
			"start of a sentence (\"Asad\" -> \"Www.Asad s\"") != NULL,
		   "a form fix would change at the start of a sentence is "
		   "refused: %s", glossa_error_last()->message);
		glossa_matcher_free(md);
		glossa_doc_free(doc);
	}
	if ((art = slurp("fix/data/article.md", &len)) != NULL) {
		same_as_full(m, art, GLOSSA_TEXT_MARKDOWN, NULL);
		same_as_full(m, art, GLOSSA_TEXT_PLAIN, NULL);
	}
	free(art);
}

/* The cache of a glossary in a store in dir, read whole; its path in
 * path. NULL when there is none. */
/* Only prose changes: paths, domains, handles, hashtags and identifiers
 * stay byte for byte; the prose beside them is fixed. */
static void test_nonprose(void)
{
	is_str(fix("See /img/Kiev.jpg, images/Kiev-2014.png, ./Kiev and "
		"C:\\photos\\Kiev.jpg; Kiev too."),
		"See /img/Kiev.jpg, images/Kiev-2014.png, ./Kiev and "
		"C:\\photos\\Kiev.jpg; Kyiv too.", "file paths are never changed");
	is_str(fix("Visit Kiev.ua, kyivpost.com/Kiev or Asad.example.org: "
		"Kiev. The end."), "Visit Kiev.ua, kyivpost.com/Kiev or "
		"Asad.example.org: Kyiv. The end.",
		"domains are not, a name before a full stop is");
	is_str(fix("Follow @Kiev, #Kiev and @SergeyLavrov (Sergey Lavrov)."),
		"Follow @Kiev, #Kiev and @SergeyLavrov (Sergei Lavrov).",
		"handles and hashtags are never changed");
	is_str(fix("kiev_times KIEV_TIMES Kiev_times kievTimes obj.Kiev "
		"Asad.name KIEV."), "kiev_times KIEV_TIMES Kiev_times kievTimes "
		"obj.Kiev Asad.name KYIV.", "identifiers are never changed");
	is_str(fix("Kiev's Kiev-based (Kiev) \"Kiev talks\", Kiev/Moscow, "
		"Kiev: Kiev.\nKiev\xE2\x80\x94" "Asad, e.g. Kiev, U.S.-Kiev, "
		"Kiev.The _Kiev_ McAsad"),
		"Kyiv's Kyiv-based (Kyiv) \"Kyiv talks\", Kyiv/Moscow, "
		"Kyiv: Kyiv.\nKyiv\xE2\x80\x94" "Assad, e.g. Kyiv, U.S.-Kyiv, "
		"Kyiv.The _Kyiv_ McAsad", "prose beside punctuation is fixed");
	is_str(fixmd("See /img/Kiev.jpg and `x` @Kiev, kiev_times; Kiev.\n"),
		"See /img/Kiev.jpg and `x` @Kiev, kiev_times; Kyiv.\n",
		"in Markdown too");
	/* Later passes look at windows: the same non-prose there. */
	same_as_full(m, "x;Bashar-Asad;/img/Bashar-Asad.jpg;Bashar-Asad "
		"@Bashar-Asad x_Bashar-Asad Bashar-Asad.com Bashar-Asad",
		GLOSSA_TEXT_PLAIN, "x;Bashar Assad;/img/Bashar-Asad.jpg;"
		"Bashar Assad @Bashar-Asad x_Bashar-Asad Bashar-Asad.com "
		"Bashar Assad");
}

static unsigned char *read_cache(const char *dir, char *path, size_t psize,
	size_t *len)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	unsigned char *b = NULL;

	path[0] = '\0';
	while (d && (de = readdir(d)) != NULL)
		if (strncmp(de->d_name, "matcher-", 8) == 0 &&
		    snprintf(path, psize, "%s/%s", dir, de->d_name) >= (int)psize)
			path[0] = '\0';
	if (d)
		closedir(d);
	if (path[0])
		b = (unsigned char *)slurp(path, len);
	return b;
}

/*
 * A cache file is trusted only as far as it is checked. One whose
 * MAC is right (sealed again with the folder's secret, as the fuzz
 * target does) but whose strings are not UTF-8 must be refused and the
 * glossary compiled afresh: the matcher decodes its forms without
 * bounds, back and forth (the fuzz-fix-cache finding: a form cut in
 * the middle of a character walked off the start of the pool).
 */
static void test_cache(const glossa_doc *doc)
{
	static const struct {
		const char *find;  /* a string in the pool, NULs around it */
		size_t at;         /* the byte in it to change */
		unsigned char to;
		const char *what;
	} bad[] = {
		{ "Assad", 0, 0xC3, "a form with a lead byte not followed "
			"by its continuation" },
		{ "Assad", 4, 0xE2, "a form that ends inside a character" },
		{ "Bashar Assad", 0, 0x80, "a form that starts with a "
			"continuation byte" },
	};
	char dir[] = "/tmp/glossa-cache-XXXXXX", db[64], path[256];
	glossa_matcher_options o = GLOSSA_MATCHER_OPTIONS_INIT;
	glossa_matcher_stats st;
	glossa_store *store = NULL;
	glossa_matcher *mm = NULL;
	unsigned char *good, *b;
	size_t len = 0, i;

	if (mkdtemp(dir) == NULL) {
		ok(0, "cache: mkdtemp");
		return;
	}
	snprintf(db, sizeof(db), "%s/g.db", dir);
	o.cache_dir = dir;
	if (glossa_store_open(&store, db, GLOSSA_STORE_CREATE) < 0 ||
	    glossa_store_import(store, doc, 0, NULL, "test") < 0 ||
	    glossa_matcher_new_from_store(&mm, store, &o) < 0) {
		ok(0, "cache: set-up: %s", glossa_error_last()->message);
		glossa_store_free(store);
		return;
	}
	glossa_matcher_free(mm);
	mm = NULL;
	good = read_cache(dir, path, sizeof(path), &len);
	ok(good != NULL, "cache: written");
	ok(glossa_matcher_new_from_store(&mm, store, &o) == 0,
		"cache: a sound cache loads");
	glossa_matcher_stats_get(&st, mm);
	ok(st.cached, "cache: and is used");
	is_str(fixf(mm, "Asad met Асад.", GLOSSA_TEXT_PLAIN, NULL),
		"Assad met Assad.", "cache: it fixes");
	glossa_matcher_free(mm);
	mm = NULL;
	for (i = 0; good && i < sizeof(bad) / sizeof(bad[0]); i++) {
		size_t fl = strlen(bad[i].find), k;
		FILE *f;

		b = malloc(len);
		if (b == NULL)
			break;
		memcpy(b, good, len);
		for (k = 1; k + fl + 1 < len; k++)
			if (b[k - 1] == '\0' && b[k + fl] == '\0' &&
			    memcmp(b + k, bad[i].find, fl) == 0)
				break;
		ok(k + fl + 1 < len, "cache: %s: '%s' is in the pool",
			bad[i].what, bad[i].find);
		b[k + bad[i].at] = bad[i].to;
		glossa_match__cache_seal(dir, b, len);
		f = fopen(path, "wb");
		ok(f && fwrite(b, 1, len, f) == len && fclose(f) == 0,
			"cache: %s: written", bad[i].what);
		free(b);
		ok(glossa_matcher_new_from_store(&mm, store, &o) == 0,
			"cache: %s: no error", bad[i].what);
		glossa_matcher_stats_get(&st, mm);
		ok(!st.cached, "cache: %s: refused and compiled afresh",
			bad[i].what);
		is_str(fixf(mm, "Asad met Bashar al-Asad.", GLOSSA_TEXT_PLAIN,
			NULL), "Assad met Bashar Assad.",
			"cache: %s: the fixes are the glossary's", bad[i].what);
		glossa_matcher_free(mm);
		mm = NULL;
	}
	free(good);
	glossa_store_free(store);
	unlink(path);
	unlink(db);
	snprintf(path, sizeof(path), "%s/hmac-key", dir);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	glossa_doc *doc = NULL;
	glossa_matcher_options o = GLOSSA_MATCHER_OPTIONS_INIT;
	glossa_matcher_stats st;
	size_t len = 0;
	char *tsv = slurp("fix/data/glossary.tsv", &len);

	if (tsv == NULL || glossa_doc_parse(&doc, GLOSSA_FORMAT_TSV, tsv, len,
			"glossary.tsv") < 0 ||
	    glossa_matcher_new(&m, doc, NULL) < 0) {
		printf("Bail out! %s\n", tsv ? glossa_error_last()->message :
			"cannot read fix/data/glossary.tsv");
		return 1;
	}
	o.flags = GLOSSA_MATCHER_NO_NATIVE;
	ok(glossa_matcher_new(&m_nonative, doc, &o) == 0, "no-native matcher");
	glossa_matcher_stats_get(&st, m);
	is_int(st.entries, 21, "deprecated and given-name entries left out");
	ok(st.keys > st.entries, "keys expanded (%zu keys, %zu nodes)",
		st.keys, st.nodes);
	test_basics();
	test_case();
	test_folding();
	test_kept();
	test_ambiguous();
	test_report();
	test_native();
	test_context();
	test_markdown();
	test_nonprose();
	test_dialects();
	test_idempotence();
	test_errors();
	test_draft();
	test_regressions();
	test_fixpoint();
	test_rescan_windows();
	test_cache(doc);
	glossa_matcher_free(m);
	glossa_matcher_free(m_nonative);
	glossa_doc_free(doc);
	free(tsv);
	return done_testing();
}
