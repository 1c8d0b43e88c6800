/*
 * Time the two halves of "building the matcher" for a glossary database:
 * reading it out of SQLite (glossa_store_export) and compiling the trie
 * (glossa_matcher_new). Public API only.
 *
 *   bench-build GLOSSARY.db [RUNS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <glossa.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	int runs = argc > 2 ? atoi(argv[2]) : 1, r;

	if (argc < 2) {
		fprintf(stderr, "usage: bench-build GLOSSARY.db [RUNS]\n");
		return 2;
	}
	for (r = 0; r < runs; r++) {
		glossa_store *store = NULL;
		glossa_doc *doc = NULL;
		glossa_matcher *m = NULL;
		glossa_matcher_stats st;
		double t0 = now(), t1, t2, t3;

		if (glossa_store_open(&store, argv[1], GLOSSA_STORE_READONLY) < 0)
			goto fail;
		t1 = now();
		if (glossa_store_export(&doc, store, NULL) < 0)
			goto fail;
		t2 = now();
		if (glossa_matcher_new(&m, doc, NULL) < 0)
			goto fail;
		t3 = now();
		glossa_matcher_stats_get(&st, m);
		printf("open %.3f s  export %.3f s  compile %.3f s  "
			"(%zu entries, %zu keys, %zu nodes, %.1f MB)\n",
			t1 - t0, t2 - t1, t3 - t2, st.entries, st.keys,
			st.nodes, (double)st.bytes / 1048576.0);
		glossa_matcher_free(m);
		glossa_doc_free(doc);
		glossa_store_free(store);
		continue;
fail:
		fprintf(stderr, "bench-build: %s\n", glossa_error_last()->message);
		return 1;
	}
	return 0;
}
