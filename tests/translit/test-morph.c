/*
 * Name morphology (core/morph.c): the case forms of Russian names made
 * from the glossary's nominative, and the Arabic proclitics stripped in
 * front of a name.
 */
#include <stdlib.h>
#include <string.h>
#include "../harness.h"
#include "internal.h"
#include "morph.h"

static char **list;
static size_t nlist;

static void drop(void)
{
	glossa_morph__free_list(list, nlist);
	list = NULL;
	nlist = 0;
}

static int ru(const char *nominative)
{
	drop();
	return glossa_morph__ru_forms(&list, &nlist, nominative);
}

static int ar(const char *word)
{
	drop();
	return glossa_morph__ar_strip(&list, &nlist, word);
}

static int has(const char *s)
{
	size_t i;

	for (i = 0; i < nlist; i++)
		if (strcmp(list[i], s) == 0)
			return 1;
	return 0;
}

static int no_duplicates(void)
{
	size_t i, j;

	for (i = 0; i < nlist; i++)
		for (j = i + 1; j < nlist; j++)
			if (strcmp(list[i], list[j]) == 0)
				return 0;
	return 1;
}

/* Every form in `want` ("|"-separated) is produced; the nominative is
 * first; no form appears twice. */
static void forms_are(const char *nom, const char *want)
{
	char buf[1024], *p, *save = NULL;

	is_int(ru(nom), 0, "%s: forms", nom);
	ok(nlist > 0 && strcmp(list[0], nom) == 0, "%s: the nominative first", nom);
	ok(no_duplicates(), "%s: no duplicates", nom);
	snprintf(buf, sizeof(buf), "%s", want);
	for (p = strtok_r(buf, "|", &save); p; p = strtok_r(NULL, "|", &save))
		ok(has(p), "%s -> %s", nom, p);
}

static void not_a_form(const char *nom, const char *bad)
{
	is_int(ru(nom), 0, "%s: forms", nom);
	ok(!has(bad), "%s does not give %s", nom, bad);
}

static void ru_tests(void)
{
	/* masculine surnames */
	forms_are("Лавров", "Лаврова|Лаврову|Лавровым|Лаврове");
	forms_are("Медведев", "Медведева|Медведеву|Медведевым|Медведеве");
	forms_are("Пушкин", "Пушкина|Пушкину|Пушкиным|Пушкине");
	forms_are("Бородин", "Бородина|Бородину|Бородиным|Бородине");
	forms_are("Птицын", "Птицына|Птицыну|Птицыным|Птицыне");
	forms_are("Песков", "Пескова|Пескову|Песковым|Пескове");
	/* adjectival surnames */
	forms_are("Достоевский",
		"Достоевского|Достоевскому|Достоевским|Достоевском");
	forms_are("Вишневский", "Вишневского|Вишневскому|Вишневским");
	forms_are("Высоцкий", "Высоцкого|Высоцкому|Высоцким|Высоцком");
	forms_are("Толстой", "Толстого|Толстому|Толстым|Толстом");
	forms_are("Донской", "Донского|Донскому|Донским|Донском");
	/* feminine surnames */
	forms_are("Захарова", "Захаровой|Захарову");
	forms_are("Навальная", "Навальной|Навальную");
	forms_are("Матвиенко", "");
	forms_are("Карина", "Карины|Карине|Карину|Кариной");
	forms_are("Путина", "Путиной|Путину");
	forms_are("Вишневская", "Вишневской|Вишневскую");
	forms_are("Толстая", "Толстой|Толстую");
	forms_are("Лаврова", "Лавровой|Лаврову");
	not_a_form("Захарова", "Захаровы");
	/* given names */
	forms_are("Сергей", "Сергея|Сергею|Сергеем|Сергее");
	forms_are("Андрей", "Андрея|Андрею|Андреем|Андрее");
	forms_are("Николай", "Николая|Николаю|Николаем|Николае");
	forms_are("Дмитрий", "Дмитрия|Дмитрию|Дмитрием|Дмитрии");
	forms_are("Юрий", "Юрия|Юрию|Юрием|Юрии");
	forms_are("Мария", "Марии|Марию|Марией");
	forms_are("Юлия", "Юлии|Юлию|Юлией");
	forms_are("Анна", "Анны|Анне|Анну|Анной");
	forms_are("Ольга", "Ольги|Ольге|Ольгу|Ольгой");
	forms_are("Наталья", "Натальи|Наталье|Наталью|Натальей");
	forms_are("Игорь", "Игоря|Игорю|Игорем|Игоре");
	forms_are("Иван", "Ивана|Ивану|Иваном|Иване");
	forms_are("Владимир", "Владимира|Владимиру|Владимиром|Владимире");
	forms_are("Олег", "Олега|Олегу|Олегом|Олеге");
	/* masculine names in -а -я decline like feminine ones */
	forms_are("Никита", "Никиты|Никите|Никиту|Никитой");
	forms_are("Илья", "Ильи|Илье|Илью|Ильей");
	forms_are("Кузьма", "Кузьмы|Кузьме|Кузьму|Кузьмой");
	forms_are("Лука", "Луки|Луке|Луку|Лукой");
	/* feminine -ия -ья -я: the instrumental -ей, the dative -и or -е */
	forms_are("Евгения", "Евгении|Евгению|Евгенией");
	forms_are("Валерия", "Валерии|Валерию|Валерией");
	forms_are("Аксинья", "Аксиньи|Аксинье|Аксинью|Аксиньей");
	forms_are("Майя", "Майи|Майе|Майю|Майей");
	forms_are("Александра", "Александры|Александре|Александру|Александрой");
	forms_are("Алевтина", "Алевтины|Алевтине|Алевтину|Алевтиной");
	/* a vowel that drops, -ов given names, the feminine soft sign */
	forms_are("Павел", "Павла|Павлу|Павлом|Павле");
	not_a_form("Павел", "Павела");
	not_a_form("Павел", "Павелом");
	forms_are("Лев", "Льва|Льву|Львом|Льве");
	not_a_form("Лев", "Лева");
	not_a_form("Лев", "Левым");
	forms_are("Пётр", "Петра|Петру|Петром|Петре");
	not_a_form("Пётр", "Пётра");
	forms_are("Яков", "Якова|Якову|Яковом|Якове");
	not_a_form("Яков", "Яковым");
	forms_are("Любовь", "Любови|Любовью");
	not_a_form("Любовь", "Любовя");
	forms_are("Павел Дуров", "Павла Дурова|Павлом Дуровым");
	/* -ин given names take -ом (surnames -ым) */
	forms_are("Константин", "Константина|Константину|Константином|Константине");
	forms_are("Валентин", "Валентином");
	forms_are("Мартын", "Мартына|Мартыну|Мартыном|Мартыне");
	/* patronymics in -ич: instrumental -ем */
	forms_are("Владимирович", "Владимировича|Владимировичу|Владимировичем");
	forms_are("Сергеевич", "Сергеевича|Сергеевичу|Сергеевичем|Сергеевиче");
	forms_are("Никитич", "Никитича|Никитичем");
	/* stressed -ич: -ом */
	forms_are("Ильич", "Ильича|Ильичу|Ильичом|Ильиче");
	forms_are("Кузьмич", "Кузьмича|Кузьмичом");
	/* feminine patronymics */
	forms_are("Владимировна",
		"Владимировны|Владимировне|Владимировну|Владимировной");
	forms_are("Сергеевна", "Сергеевны|Сергеевне|Сергеевну|Сергеевной");
	forms_are("Ильинична", "Ильиничны|Ильиничне|Ильиничну|Ильиничной");
	forms_are("Саввична", "Саввичны|Саввичне|Саввичну|Саввичной");
	forms_are("Мария Владимировна",
		"Марии Владимировны|Марией Владимировной");
	forms_are("Владимир Ильич", "Владимира Ильича|Владимиром Ильичом");
	not_a_form("Сергей", "Сергейа");
	not_a_form("Игорь", "Игорьа");
	/* words that do not inflect come back alone */
	is_int(ru("Шойгу"), 0, "Шойгу: forms");
	ok(nlist == 1 && strcmp(list[0], "Шойгу") == 0, "Шойгу does not inflect");
	is_int(ru("Шевченко"), 0, "Шевченко: forms");
	ok(nlist == 1 && strcmp(list[0], "Шевченко") == 0,
		"Шевченко does not inflect");
	is_int(ru("Дюма"), 0, "Дюма: forms");
	ok(has("Дюма"), "Дюма keeps its nominative");
	is_int(ru("Ли"), 0, "Ли: forms");
	ok(nlist == 1 && strcmp(list[0], "Ли") == 0, "Ли does not inflect");
	/* multi-word names agree, case by case */
	forms_are("Сергей Лавров",
		"Сергея Лаврова|Сергею Лаврову|Сергеем Лавровым|Сергее Лаврове");
	not_a_form("Сергей Лавров", "Сергея Лаврову");
	not_a_form("Сергей Лавров", "Сергей Лаврова");
	forms_are("Мария Захарова",
		"Марии Захаровой|Марию Захарову|Марией Захаровой");
	not_a_form("Мария Захарова", "Марии Захарову");
	forms_are("Сергей Шойгу",
		"Сергея Шойгу|Сергею Шойгу|Сергеем Шойгу|Сергее Шойгу");
	forms_are("Юлия Навальная", "Юлии Навальной|Юлию Навальную");
	forms_are("Владимир Владимирович Путин",
		"Владимира Владимировича Путина|Владимиром Владимировичем Путиным");
	/* edge cases */
	is_int(ru(""), 0, "empty name");
	ok(nlist == 1 && strcmp(list[0], "") == 0, "empty name: itself only");
	is_int(ru("Mr Smith"), 0, "a Latin name");
	ok(nlist == 1, "a Latin name does not inflect");
	drop();
}

/* The candidates for `word` include each of `want` ("|"-separated). */
static void strips_to(const char *word, const char *want)
{
	char buf[1024], *p, *save = NULL;

	is_int(ar(word), 0, "%s: candidates", word);
	ok(nlist > 0 && strcmp(list[0], word) == 0, "%s: the word first", word);
	ok(no_duplicates(), "%s: no duplicates", word);
	snprintf(buf, sizeof(buf), "%s", want);
	for (p = strtok_r(buf, "|", &save); p; p = strtok_r(NULL, "|", &save))
		ok(has(p), "%s -> %s", word, p);
}

static void ar_tests(void)
{
	strips_to("وبشار", "بشار");
	strips_to("فبشار", "بشار");
	strips_to("بالأسد", "الأسد|أسد");
	strips_to("للأسد", "الأسد|أسد");
	strips_to("فالأسد", "الأسد|أسد");
	strips_to("والأسد", "الأسد|أسد");
	strips_to("وبالأسد", "بالأسد|الأسد|أسد");
	strips_to("كالأسد", "الأسد|أسد");
	strips_to("ولبنان", "لبنان");
	strips_to("بمحمد", "محمد");
	strips_to("لحسن", "حسن");
	strips_to("الأسد", "أسد");
	strips_to("السيسي", "سيسي");
	/* a word keeps at least three letters: short words are not eaten */
	is_int(ar("ولد"), 0, "ولد: candidates");
	ok(nlist == 1, "ولد stays whole (two letters would be left)");
	is_int(ar("بلد"), 0, "بلد: candidates");
	ok(nlist == 1, "بلد stays whole");
	is_int(ar("عمر"), 0, "عمر: candidates");
	ok(nlist == 1 && strcmp(list[0], "عمر") == 0, "no clitic: the word only");
	is_int(ar("الله"), 0, "الله: candidates");
	ok(!has("له"), "the article leaves at least three letters");
	drop();
}

/* Every form of `want` is among the Ukrainian forms of a Ukrainian name. */
static void uk_forms_are(const char *nom, const char *want)
{
	char buf[1024], *p, *save = NULL;

	drop();
	is_int(glossa_morph__forms(&list, &nlist, nom, true), 0, "%s: forms",
		nom);
	ok(no_duplicates(), "%s: no duplicates", nom);
	snprintf(buf, sizeof(buf), "%s", want);
	for (p = strtok_r(buf, "|", &save); p; p = strtok_r(NULL, "|", &save))
		ok(has(p), "%s (uk) -> %s", nom, p);
}

static void uk_tests(void)
{
	/* the і of a closed last syllable opens in the other cases */
	uk_forms_are("Київ", "Києва|Києву|Києвом|Києві");
	uk_forms_are("Харків", "Харкова|Харкову|Харковом|Харкові");
	uk_forms_are("Миколаїв", "Миколаєва|Миколаєві");
	uk_forms_are("Ірпінь", "Ірпеня|Ірпені|Ірпенем");
	uk_forms_are("Маріуполь", "Маріуполя|Маріуполі|Маріуполем");
	uk_forms_are("Бахмут", "Бахмута|Бахмуті|Бахмутом");
	uk_forms_are("Буча", "Бучі|Бучу|Бучею");
	uk_forms_are("Одеса", "Одеси|Одесі|Одесу|Одесою");
	uk_forms_are("Юлія Тимошенко", "Юлії Тимошенка|Юлією Тимошенком");
	uk_forms_are("Зеленський", "Зеленського|Зеленському|Зеленським");
	uk_forms_are("Андрій", "Андрія|Андрієві|Андрієм");
	/* a name spelled with і ї є ґ gets them without being told; a
	 * Russian name does not */
	is_int(ru("Київ"), 0, "Київ: forms");
	ok(has("Києві") && has("Киева") == 0, "Київ declines the Ukrainian way");
	is_int(ru("Лавров"), 0, "Лавров: forms");
	ok(!has("Лаврові"), "a Russian name gets no Ukrainian forms");
}

int main(void)
{
	ru_tests();
	uk_tests();
	ar_tests();
	return done_testing();
}
