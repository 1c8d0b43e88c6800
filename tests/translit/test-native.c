/*
 * What translit reads of a glossary (glossa_store__export_native): the
 * entries with a Cyrillic or Arabic native form, found through ranges
 * of the match_key index rather than a pass over every form. It must be
 * exactly the entries glossa_store_export() has with such a form, all
 * their forms: whatever a native form starts with (a digit, a capital,
 * a small letter, a presentation form), and whatever Latin, Greek or
 * other-script forms stand beside it in the index, keys that sort just
 * before or after each range's edge among them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glossa.h>
#include "../harness.h"
#include "internal.h"
#include "store_int.h"

static const char glossary[] =
	"# glossa glossary 1\n"
	"lavrov\tentry\tperson\tapproved\t\n"
	"lavrov\thouse\tSergei Lavrov\tLatn\ten\n"
	"lavrov\tnative\tСергей Лавров\tCyrl\tru\tSergei Lavrov\n"
	"abbas\tentry\tperson\tapproved\t\n"
	"abbas\thouse\tMahmoud Abbas\tLatn\ten\n"
	"abbas\tnative\tمحمود عباس\tArab\tar\tMahmoud Abbas\n"
	"abbas\tnative\tМахмуд Аббас\tCyrl\tru\tMahmoud Abbas\n"
	"front\tentry\torg\tapproved\t\n"
	"front\thouse\t1st Ukrainian Front\tLatn\ten\n"
	"front\tnative\t1-й Украинский фронт\tCyrl\tru\t1st Ukrainian Front\n"
	"eshche\tentry\tterm\tapproved\t\n"
	"eshche\thouse\tYeshche\tLatn\ten\n"
	"eshche\tnative\tёще\tCyrl\tru\tYeshche\n"
	"allah\tentry\tterm\tapproved\t\n"
	"allah\thouse\tAllah\tLatn\ten\n"
	"allah\tnative\tﷲ\tArab\tar\tAllah\n"
	"old\tentry\tperson\tdeprecated\t\n"
	"old\thouse\tOld Name\tLatn\ten\n"
	"old\tnative\tСтарое Имя\tCyrl\tru\tOld Name\n"
	/* around the ranges' edges, never translit's */
	"zed\tentry\tperson\tapproved\t\n"
	"zed\thouse\tZzyzx Zed\tLatn\ten\n"
	"zed\tnative\tZzyzx\tLatn\tde\tZzyzx Zed\n"
	"aaa\tentry\tperson\tapproved\t\n"
	"aaa\thouse\tAaron Aa\tLatn\ten\n"
	"ae\tentry\tperson\tapproved\t\n"
	"ae\thouse\tÄmter Ämt\tLatn\tde\n"
	"ae\tnative\tÅsa\tLatn\tsv\tÄmter Ämt\n"
	"ipa\tentry\tterm\tapproved\t\n"
	"ipa\thouse\tZulu Ipa\tLatn\ten\n"
	"ipa\tnative\tɐbc\tLatn\ten\tZulu Ipa\n"
	"greek\tentry\tperson\tapproved\t\n"
	"greek\thouse\tAntonis Samaras\tLatn\ten\n"
	"greek\tnative\tΑντώνης Σαμαράς\tGrek\tel\tAntonis Samaras\n"
	"num\tentry\tterm\tapproved\t\n"
	"num\thouse\t9 Ninth\tLatn\ten\n";

/* The keys of doc's entries, with their form counts, one per line. */
static char *summary(const glossa_doc *doc, bool only_native)
{
	glossa_buf b = GLOSSA_BUF_INIT;
	size_t i, j;
	char *r;

	glossa_buf_put(&b, "", 0);
	for (i = 0; i < doc->nentries; i++) {
		const glossa_entry *e = &doc->entries[i];
		bool has = false;

		for (j = 0; j < e->nforms; j++)
			has |= e->forms[j].type == GLOSSA_FORM_NATIVE &&
				(strcmp(e->forms[j].script, "Cyrl") == 0 ||
				 strcmp(e->forms[j].script, "Arab") == 0);
		if (!only_native || has)
			glossa_buf_printf(&b, "%s %zu\n", e->key, e->nforms);
	}
	r = glossa__strdup(b.ptr);
	glossa_buf_dispose(&b);
	return r;
}

int main(void)
{
	char dir[] = "/tmp/glossa-native-XXXXXX", db[64];
	glossa_store *store = NULL;
	glossa_doc *in = NULL, *all = NULL, *nat = NULL;
	char *want = NULL, *got = NULL;

	if (mkdtemp(dir) == NULL) {
		printf("Bail out! mkdtemp\n");
		return 1;
	}
	snprintf(db, sizeof(db), "%s/g.db", dir);
	if (glossa_doc_parse(&in, GLOSSA_FORMAT_TSV, glossary,
			sizeof(glossary) - 1, "test") < 0 ||
	    glossa_store_open(&store, db, GLOSSA_STORE_CREATE) < 0 ||
	    glossa_store_import(store, in, 0, NULL, "test") < 0 ||
	    glossa_store_export(&all, store, NULL) < 0 ||
	    glossa_store__export_native(&nat, store) < 0) {
		printf("Bail out! %s\n", glossa_error_last()->message);
		return 1;
	}
	want = summary(all, true);
	got = summary(nat, false);
	is_str(got, want, "the entries with a Cyrillic or Arabic native "
		"form, each with all its forms");
	ok(want && strstr(want, "front 2\n") && strstr(want, "allah 2\n") &&
		strstr(want, "eshche 2\n") && strstr(want, "old 2\n"),
		"among them a native form that starts with a digit, a small "
		"letter, a presentation form; a deprecated entry's");
	ok(want && !strstr(want, "greek") && !strstr(want, "ae ") &&
		!strstr(want, "ipa") && !strstr(want, "zed"),
		"not Latin or Greek native forms");
	free(want);
	free(got);
	glossa_doc_free(nat);
	glossa_doc_free(all);
	glossa_doc_free(in);
	glossa_store_free(store);
	unlink(db);
	rmdir(dir);
	printf("1..%d\n", harness_n);
	return harness_failed ? 1 : 0;
}
