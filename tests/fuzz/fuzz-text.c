/*
 * Fuzz target: the text layer (arbitrary bytes -> validation ->
 * segmentation). Properties: invalid UTF-8 is refused with a message;
 * valid text gives word and sentence tokens that tile it exactly (every
 * byte in one token, in order, no gaps, on code point boundaries), and a
 * matching key can always be made.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_tiling(const char *text, size_t len, glossa_segment_unit u)
{
	glossa_token *tok = NULL;
	size_t n = 0, i, at = 0;

	if (glossa_text_segment(&tok, &n, text, len, u) < 0) {
		fprintf(stderr, "segmentation failed: %s\n",
			glossa_error_last()->message);
		abort();
	}
	for (i = 0; i < n; i++) {
		if (tok[i].start != at || tok[i].end <= tok[i].start ||
		    tok[i].end > len ||
		    (tok[i].end < len &&
		     ((unsigned char)text[tok[i].end] & 0xC0) == 0x80)) {
			fprintf(stderr, "token %zu [%zu,%zu) breaks the tiling at %zu\n",
				i, tok[i].start, tok[i].end, at);
			abort();
		}
		at = tok[i].end;
	}
	if (at != len) {
		fprintf(stderr, "tokens end at %zu of %zu\n", at, len);
		abort();
	}
	free(tok);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	glossa_buf key = GLOSSA_BUF_INIT;

	if (glossa_text_validate(text, size, "fuzz") < 0) {
		if (glossa_error_last()->message[0] == '\0')
			abort();
		return 0;
	}
	check_tiling(text, size, GLOSSA_SEGMENT_WORD);
	check_tiling(text, size, GLOSSA_SEGMENT_SENTENCE);
	if (glossa_text_key(&key, text, size) < 0) {
		fprintf(stderr, "no key: %s\n", glossa_error_last()->message);
		abort();
	}
	glossa_buf_dispose(&key);
	return 0;
}
