/*
 * The matcher's internals shared with fix.c (not installed).
 */
#ifndef GLOSSA_MATCH_H
#define GLOSSA_MATCH_H

#include "internal.h"

/* One candidate found by the scanner: a span that a key of the trie
 * matches at word boundaries and that is written like a name. */
typedef struct {
	size_t start, end;  /* bytes into the text */
	uint32_t accept;    /* which key set matched (internal index) */
} glossa_match__hit;

typedef int (*glossa_match__cb)(const glossa_match__hit *hit, void *payload);

/*
 * Scan text[from, to) for names, leftmost-longest, calling `cb` for each
 * in order. `len` is the whole text (boundaries look past `to`). A
 * non-zero return from `cb` stops the scan and is returned.
 */
int glossa_match__scan(const glossa_matcher *m, const char *text,
	size_t len, size_t from, size_t to, glossa_match__cb cb, void *payload);

/*
 * The last place before p where a rescan may start (lo if there is none
 * after lo), and the first at or after p where it may end (len if none):
 * the bounds of the text a change between them can affect.
 */
size_t glossa_match__sync_before(const glossa_matcher *m, const char *text,
	size_t lo, size_t p);
size_t glossa_match__sync_after(const glossa_matcher *m, const char *text,
	size_t len, size_t p);

/* What a hit becomes. `repl` receives the replacement (FIX) and `keys`
 * the entry key(s); both are cleared first. *target receives the form
 * it resolved to (for glossa_match__context). */
int glossa_match__resolve(const glossa_matcher *m, const char *text,
	size_t len, const glossa_match__hit *hit, glossa_match_status *status,
	glossa_form_type *form, glossa_buf *repl, glossa_buf *keys,
	uint32_t *target);

/*
 * Where a hit stands (context.c): is it the entry here? The text around
 * [start, end) decides, with what the matcher knows of the form it
 * resolved to (`target`). Flags:
 */
#define GLOSSA_CTX_OTHER    1u  /* part of a longer name ("Asad Umar",
                                 * "Ain al-Asad"), an exception of the
                                 * entry ("chicken Kiev"), or one word
                                 * read as particle + name ("Binali"):
                                 * not the entry */
#define GLOSSA_CTX_FOREIGN  2u  /* a native form inside text in its own
                                 * script (a quoted sentence): left */
#define GLOSSA_CTX_FULL     4u  /* names its entry in full */
#define GLOSSA_CTX_ASK      8u  /* a one-word spelling of a person: the
                                 * entry only where the piece names it in
                                 * full (or the form is safe alone) */
/* `local`: only the rules that look no further than the span's run of
 * non-space characters (the fixer's later passes, which see only the
 * runs around what they changed and must decide as a full rescan would:
 * the words around were judged by the first pass). */
unsigned glossa_match__context(const glossa_matcher *m, const char *text,
	size_t len, size_t start, size_t end, uint32_t target, bool local);

/* Is the target's form one name word (it never names its entry in
 * full)? */
bool glossa_match__one_word(const glossa_matcher *m, uint32_t target);

/* The entry (a dense index) and its key that a target belongs to. */
uint32_t glossa_match__entry_of(const glossa_matcher *m, uint32_t target);
size_t glossa_match__nentries(const glossa_matcher *m);
const char *glossa_match__entry_key(const glossa_matcher *m, uint32_t entry);

/* Seal a compiled-matcher cache file held in memory with the secret of
 * the cache folder `dir`: its last 32 bytes become the MAC of the rest
 * (the fuzzer's way of playing a writer who knows the secret); -1 when
 * the folder has no secret to trust or the file is too short. */
int glossa_match__cache_seal(const char *dir, unsigned char *file,
	size_t size);

#endif
