/*
** Where the check was told not to look, quoted speech, and what of a
** draft is never prose (URLs, paths, handles, identifiers, tags). The
** prose itself is the draft layer's (draft.c).
**
** Marker comments work in plain text and Markdown alike:
**   <!-- glossa-disable-line [rule...] -->       this line
**   <!-- glossa-disable-next-line [rule...] -->  the next line
**   <!-- glossa-disable [rule...] -->  ...  <!-- glossa-enable [rule...] -->
** With no rule named, every rule; a name that is no rule is an error.
*/
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "check_int.h"
#include "draft.h"

/* ---- marker comments ---- */

static size_t line_start(const char *t, size_t i)
{
	while (i > 0 && t[i - 1] != '\n')
		i--;
	return i;
}

static size_t line_end(const char *t, size_t len, size_t i)
{
	const char *nl = memchr(t + i, '\n', len - i);

	return nl ? (size_t)(nl - t) + 1 : len;
}

static int add_quiet(glossa_quiet **r, size_t *n, size_t *a, size_t s,
	size_t e, unsigned rules)
{
	if (s >= e || rules == 0)
		return 0;
	if (glossa__grow((void **)r, a, *n + 1, sizeof(glossa_quiet)) < 0)
		return GLOSSA_ERROR;
	(*r)[*n].start = s;
	(*r)[*n].end = e;
	(*r)[(*n)++].rules = rules;
	return 0;
}

/* The rules named in "rule rule ..." (every rule when none) into *out;
 * a name that is no rule is an error naming the comment's line, never
 * "every rule" (a slip would silence the whole draft). */
static int parse_rules(unsigned *out, const char *s, size_t n,
	const char *text, size_t at, const char *source)
{
	unsigned rules = 0;
	size_t i = 0;

	while (i < n) {
		char name[32];
		size_t j;
		glossa_rule r;

		while (i < n && strchr(" \t\r\n,", s[i]))
			i++;
		for (j = i; j < n && !strchr(" \t\r\n,", s[j]); j++)
			;
		if (j == i)
			break;
		if (j - i < sizeof(name)) {
			memcpy(name, s + i, j - i);
			name[j - i] = '\0';
		} else {
			memcpy(name, s + i, sizeof(name) - 4);
			memcpy(name + sizeof(name) - 4, "...", 4);
		}
		if (j - i >= sizeof(name) || glossa_rule_parse(&r, name) < 0) {
			const char *dym = glossa_rule_suggest(name);
			size_t k, line = 1;

			for (k = 0; k < at; k++)
				line += text[k] == '\n';
			return glossa_error__set(GLOSSA_ERRCLASS_PARSE,
				GLOSSA_EINVALID,
				"%s:%zu: unknown rule '%s' in a glossa comment%s%s%s",
				source && *source ? source : "<text>", line, name,
				dym ? " (did you mean '" : "", dym ? dym : "",
				dym ? "'?)" : "");
		}
		rules |= 1u << r;
		i = j;
	}
	*out = rules ? rules : (1u << GLOSSA_RULE_COUNT) - 1;
	return 0;
}

int glossa_check__markers(glossa_quiet **out, size_t *n, const char *text,
	size_t len, const char *source)
{
	static const char pre[] = "glossa-";
	glossa_quiet *r = NULL;
	size_t nr = 0, ar = 0, i = 0, open_at = 0;
	unsigned cur = 0;
	int error = 0;

	*out = NULL;
	*n = 0;
	while (i + 4 <= len) {
		const char *c = glossa_draft__find(text + i, len - i, "<!--", 4);
		const char *e, *p;
		size_t cs, ce, bl;
		unsigned rules;

		if (c == NULL)
			break;
		cs = (size_t)(c - text);
		e = glossa_draft__find(c + 4, len - cs - 4, "-->", 3);
		if (e == NULL)
			break;
		ce = (size_t)(e - text) + 3;
		i = ce;
		for (p = c + 4; p < e && strchr(" \t\r\n", *p); p++)
			;
		if ((size_t)(e - p) < sizeof(pre) - 1 ||
		    memcmp(p, pre, sizeof(pre) - 1) != 0)
			continue;
		p += sizeof(pre) - 1;
		bl = (size_t)(e - p);
#define VERB(v) (bl >= sizeof(v) - 1 && memcmp(p, v, sizeof(v) - 1) == 0 && \
		(bl == sizeof(v) - 1 || strchr(" \t\r\n", p[sizeof(v) - 1])))
		if (VERB("disable-next-line")) {
			size_t le = line_end(text, len, ce);

			if ((error = parse_rules(&rules, p + 17, bl - 17,
					text, cs, source)) < 0)
				break;
			error = add_quiet(&r, &nr, &ar, le,
				line_end(text, len, le), rules);
		} else if (VERB("disable-line")) {
			if ((error = parse_rules(&rules, p + 12, bl - 12,
					text, cs, source)) < 0)
				break;
			error = add_quiet(&r, &nr, &ar, line_start(text, cs),
				line_end(text, len, ce), rules);
		} else if (VERB("disable")) {
			if ((error = parse_rules(&rules, p + 7, bl - 7,
					text, cs, source)) < 0)
				break;
			if ((error = add_quiet(&r, &nr, &ar, open_at, cs,
					cur)) < 0)
				break;
			cur |= rules;
			open_at = cs;
		} else if (VERB("enable")) {
			if ((error = parse_rules(&rules, p + 6, bl - 6,
					text, cs, source)) < 0)
				break;
			if ((error = add_quiet(&r, &nr, &ar, open_at, ce,
					cur)) < 0)
				break;
			cur &= ~rules;
			open_at = ce;
		}
#undef VERB
		if (error < 0)
			break;
	}
	if (error == 0)
		error = add_quiet(&r, &nr, &ar, open_at, len, cur);
	if (error < 0) {
		free(r);
		return error;
	}
	*out = r;
	*n = nr;
	return 0;
}

/* ---- quoted speech ---- */

/* A typographic quote at t[i]: its length in bytes (0 if none) and
 * whether it opens. “ E2 80 9C, ” E2 80 9D, « C2 AB, » C2 BB. */
static size_t typographic_quote(const char *t, size_t i, size_t len,
	bool *opening)
{
	const unsigned char *u = (const unsigned char *)t + i;

	if (u[0] == 0xE2 && i + 2 < len && u[1] == 0x80 &&
	    (u[2] == 0x9C || u[2] == 0x9D)) {
		*opening = u[2] == 0x9C;
		return 3;
	}
	if (u[0] == 0xC2 && i + 1 < len && (u[1] == 0xAB || u[1] == 0xBB)) {
		*opening = u[1] == 0xAB;
		return 2;
	}
	return 0;
}

static int push_span(glossa_span **r, size_t *n, size_t *a, size_t s,
	size_t e)
{
	if (glossa__grow((void **)r, a, *n + 1, sizeof(**r)) < 0)
		return GLOSSA_ERROR;
	(*r)[*n].start = s;
	(*r)[(*n)++].end = e;
	return 0;
}

int glossa_check__quotes(glossa_span **out, size_t *n, const char *text,
	size_t len)
{
	glossa_span *r = NULL;
	size_t nr = 0, ar = 0, i = 0, open = SIZE_MAX, q;
	bool straight = false, opening = false;

	*out = NULL;
	*n = 0;
	while (i < len) {
		unsigned char b = (unsigned char)text[i];

		if (b == '\n' && i + 1 < len) {
			size_t k = i + 1;

			while (k < len && (text[k] == ' ' || text[k] == '\t' ||
					   text[k] == '\r'))
				k++;
			if (k < len && text[k] == '\n') {
				/* A paragraph ends: an open quote ends too. */
				open = SIZE_MAX;
				straight = false;
			}
			i++;
			continue;
		}
		if (b == '"') {
			if (open == SIZE_MAX) {
				open = i;
				straight = true;
			} else if (straight) {
				if (push_span(&r, &nr, &ar, open, i + 1) < 0)
					goto fail;
				open = SIZE_MAX;
			}
			i++;
			continue;
		}
		if ((q = typographic_quote(text, i, len, &opening)) > 0) {
			if (opening && open == SIZE_MAX) {
				open = i;
				straight = false;
			} else if (!opening && open != SIZE_MAX && !straight) {
				if (push_span(&r, &nr, &ar, open, i + q) < 0)
					goto fail;
				open = SIZE_MAX;
			}
			i += q;
			continue;
		}
		i++;
	}
	*out = r;
	*n = nr;
	return 0;
fail:
	free(r);
	return GLOSSA_ERROR;
}

/* ---- what is never prose: URLs, e-mail addresses, paths, domains,
 * handles and hashtags, identifiers ---- */

static bool run_end_char(unsigned char b)
{
	return b <= ' ' || b == '<' || b == '>' || b == '"' || b == '\'' ||
		b == '`' || b == '|';
}

static bool scheme_char(unsigned char b)
{
	return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') ||
		(b >= '0' && b <= '9') || b == '+' || b == '.' || b == '-';
}

static bool local_char(unsigned char b)
{
	return scheme_char(b) || b == '_' || b == '%';
}

static int add_link(glossa_span **r, size_t *n, size_t *a, size_t s, size_t e)
{
	if (glossa__grow((void **)r, a, *n + 1, sizeof(glossa_span)) < 0)
		return GLOSSA_ERROR;
	(*r)[*n].start = s;
	(*r)[(*n)++].end = e;
	return 0;
}

static int cmp_link(const void *pa, const void *pb)
{
	const glossa_span *a = pa, *b = pb;

	return a->start < b->start ? -1 : a->start > b->start;
}

/* Append the links whose needle lies in t[a, b) to r. */
/*
 * HTML tags in a plain text ("<img src=... alt=\"Kiev\">"): never prose,
 * attributes and all. A tag starts with "<" and a letter, "/" or "!", and
 * ends at the next ">" on its line, before any other "<". (In Markdown,
 * md4c already leaves raw HTML out of the prose.)
 */
static int tags_add(glossa_span **r, size_t *nr, size_t *ar,
	const char *text, size_t len, size_t a, size_t b)
{
	const unsigned char *t = (const unsigned char *)text;
	const char *p;
	size_t i = a, e;

	while (i < b && (p = memchr(text + i, '<', b - i)) != NULL) {
		i = (size_t)(p - text);
		if (i + 1 < len && (((t[i + 1] | 0x20) >= 'a' &&
				(t[i + 1] | 0x20) <= 'z') || t[i + 1] == '/' ||
				t[i + 1] == '!')) {
			for (e = i + 1; e < len && e - i < 4096 && t[e] != '>' &&
			     t[e] != '<' && t[e] != '\n'; e++)
				;
			if (e < len && t[e] == '>') {
				if (add_link(r, nr, ar, i, e + 1) < 0)
					return GLOSSA_ERROR;
				i = e + 1;
				continue;
			}
		}
		i++;
	}
	return 0;
}

static int links_add(glossa_span **r, size_t *nr, size_t *ar,
	const char *text, size_t len, size_t a, size_t b)
{
	const unsigned char *t = (const unsigned char *)text;
	size_t i, k, s, e;
	const char *p;
	int pass;

	/* Three cheap searches (SIMD memmem/memchr), each hit widened to
	 * its run of non-space characters. */
	for (pass = 0; pass < 3; pass++) {
		static const char *const needle[] = { "://", "www.", "@" };
		size_t nl = strlen(needle[pass]);

		i = a;
		while (i < b && (p = pass == 1 ? memmem(text + i, b - i,
				needle[pass], nl) : glossa_draft__find(text + i, b - i,
				needle[pass], nl)) != NULL) {
			k = (size_t)(p - text);
			i = k + nl;
			if (pass == 0) {
				for (s = k; s > 0 && scheme_char(t[s - 1]); s--)
					;
				if (s == k)
					continue;
			} else if (pass == 1) {
				/* After punctuation too ("x;www.a.org"), but
				 * not inside a word ("Awww.Asad"). */
				s = k;
				if (s > 0 && (t[s - 1] >= 0x80 ||
				    ((t[s - 1] | 0x20) >= 'a' &&
				     (t[s - 1] | 0x20) <= 'z') ||
				    (t[s - 1] >= '0' && t[s - 1] <= '9')))
					continue;
			} else {
				bool dot = false;

				for (s = k; s > 0 && local_char(t[s - 1]); s--)
					;
				if (s == k)
					continue;
				for (e = k + 1; e < len && (scheme_char(t[e])); e++)
					if (t[e] == '.' && e + 1 < len &&
					    scheme_char(t[e + 1]) && t[e + 1] != '.')
						dot = true;
				if (!dot)
					continue;
			}
			for (e = i; e < len && !run_end_char(t[e]); e++)
				;
			if (add_link(r, nr, ar, s, e) < 0)
				return GLOSSA_ERROR;
			i = e;
		}
	}
	return 0;
}

/* ---- the rest of the non-prose: paths, domains, handles, identifiers ----
 *
 * Each is a token: a run of the characters an address or a name in code
 * is made of (letters, digits and _ - . / \ ~ % + = : @ # &), inside one
 * run of non-space characters, so that it is found the same way in a
 * window as in the whole text. A token is not prose when it is
 *   a path:       it starts "/x", "./", "../", "~/" or "C:\" / "C:/", holds a
 *                 backslash, or holds a slash and ends in a file extension
 *                 ("images/Kiev-2014.png"; "Kiev/Moscow" is prose);
 *   a domain or a dotted name: a full stop between two letters or digits
 *                 with a lower-case word of two or more on either side
 *                 ("Kiev.ua", "kyivpost.com", "obj.Kiev"; not "Kiev. The",
 *                 "U.S.", "e.g.", "St.Petersburg");
 *   a handle or a hashtag: it starts "@x" or "#x" ("@Kiev", "#Kiev");
 *   an identifier: an underscore between letters or digits ("kiev_times",
 *                 "KIEV_TIMES") or a word that starts lower-case and goes
 *                 on in capitals ("kievTimes"; not "McDonald").
 * A trailing full stop or colon ends the sentence, not the token.
 */

static bool a_alnum(unsigned char b)
{
	return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') ||
		(b >= '0' && b <= '9');
}

static bool a_lower(unsigned char b)
{
	return b >= 'a' && b <= 'z';
}

static bool a_upper(unsigned char b)
{
	return b >= 'A' && b <= 'Z';
}

/* The bytes of the token character at t[i] (0: t[i] is none). Letters
 * beyond ASCII count; Unicode punctuation and spaces (U+00A0-U+00BF,
 * U+2000-U+206F, U+3000-U+303F) do not. */
static size_t tok_char(const unsigned char *t, size_t i, size_t len)
{
	unsigned char b = t[i];
	size_t n;

	if (b < 0x80)
		return a_alnum(b) || (b && strchr("_-./\\~%+=:@#&", b)) ? 1 : 0;
	if (b < 0xC2)
		return 0;
	n = b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
	if (i + n > len)
		return 0;
	if (b == 0xC2 && t[i + 1] >= 0xA0)
		return 0;
	if ((b == 0xE2 && (t[i + 1] == 0x80 || t[i + 1] == 0x81)) ||
	    (b == 0xE3 && t[i + 1] == 0x80))
		return 0;
	return n;
}

/* Where the token holding t[i] starts (not before lo). */
static size_t tok_start(const unsigned char *t, size_t lo, size_t len,
	size_t i)
{
	while (i > lo) {
		size_t k = i - 1;

		while (k > lo && (t[k] & 0xC0) == 0x80)
			k--;
		if (tok_char(t, k, len) != i - k)
			break;
		i = k;
	}
	return i;
}

static size_t tok_end(const unsigned char *t, size_t len, size_t i)
{
	size_t n;

	while (i < len && (n = tok_char(t, i, len)) > 0)
		i += n;
	return i;
}

/* Is the token t[s, *e) not prose? *e loses a trailing "." or ":". */
static bool code_token(const unsigned char *t, size_t s, size_t *pe)
{
	size_t e = *pe, p, ws = s, slash = SIZE_MAX, dot = SIZE_MAX;
	bool back = false;

	while (e > s && (t[e - 1] == '.' || t[e - 1] == ':'))
		e--;
	*pe = e;
	if (e - s < 2)
		return false;
	/* handles and hashtags */
	if ((t[s] == '@' || t[s] == '#') &&
	    (a_alnum(t[s + 1]) || t[s + 1] == '_' || t[s + 1] >= 0xC2))
		return true;
	/* paths by their start */
	if ((t[s] == '/' && (a_alnum(t[s + 1]) || t[s + 1] >= 0xC2 ||
			     strchr("._~", t[s + 1]))) ||
	    (e - s > 2 && t[s] == '~' && t[s + 1] == '/') ||
	    (e - s > 2 && t[s] == '.' && t[s + 1] == '/') ||
	    (e - s > 3 && t[s] == '.' && t[s + 1] == '.' && t[s + 2] == '/') ||
	    (e - s > 3 && a_alnum(t[s]) && !a_alnum(t[s + 1]) &&
	     t[s + 1] == ':' && (t[s + 2] == '\\' || t[s + 2] == '/')))
		return true;
	for (p = s; p < e; p++) {
		unsigned char b = t[p];

		if (a_alnum(b)) {
			if (p == s || !a_alnum(t[p - 1]))
				ws = p;
			/* camelCase: a lower-case word going on in capitals */
			if (a_upper(b) && p > ws && !a_upper(t[p - 1]) &&
			    a_lower(t[ws]))
				return true;
			continue;
		}
		if (p == s || p + 1 >= e || !a_alnum(t[p - 1]) ||
		    !a_alnum(t[p + 1])) {
			if (b == '/')
				slash = p;
			back |= b == '\\';
			continue;
		}
		/* between two letters or digits */
		if (b == '_')
			return true;
		if (b == '.') {
			dot = p;
			if ((a_lower(t[ws]) && p - ws >= 2) ||
			    (a_lower(t[p + 1]) && p + 2 < e && a_alnum(t[p + 2])))
				return true;
		}
		if (b == '/')
			slash = p;
		back |= b == '\\';
	}
	if (back)
		return true;
	/* a slash and a file extension: "photos/Kiev.jpg", "src/a.c" */
	if (slash != SIZE_MAX && dot != SIZE_MAX && dot > slash) {
		bool lower = false;

		for (p = dot + 1; p < e && a_alnum(t[p]); p++)
			lower |= a_lower(t[p]);
		if (p == e && lower && e - dot - 1 <= 5)
			return true;
	}
	return false;
}

/* Might t[i] be where a non-prose token shows? */
static bool code_needle(const unsigned char *t, size_t i)
{
	switch (t[i]) {
	case '/': case '\\': case '@': case '#': case '_': case '.':
		return true;
	default:
		return i > 0 && a_upper(t[i]) &&
			(a_lower(t[i - 1]) || (t[i - 1] >= '0' && t[i - 1] <= '9'));
	}
}

/* Are the eight bytes at p all ASCII small letters or spaces? */
static inline bool lower_or_space8(const unsigned char *p)
{
	const uint64_t h = 0x8080808080808080ull, l = 0x7f7f7f7f7f7f7f7full;
	uint64_t w, lower, v, space;

	memcpy(&w, p, 8);
	if (w & h)
		return false;
	/* >= 'a' and not >= '{' (no byte has its high bit: no carries) */
	lower = ((w + 0x1f1f1f1f1f1f1f1full) & ~(w + 0x0505050505050505ull)) & h;
	v = w ^ 0x2020202020202020ull;
	space = ~(((v & l) + l) | v) & h;
	return (lower | space) == h;
}

/* Append the non-prose tokens with a needle in t[a, b) to r (a: where a
 * run starts, or a byte that ends one). */
static int code_add(glossa_span **r, size_t *nr, size_t *ar,
	const char *text, size_t len, size_t a, size_t b)
{
	const unsigned char *t = (const unsigned char *)text;
	size_t i = a, lo = a, s, e, e0;

	while (i < b) {
		/* Most bytes are small letters and spaces: past them first,
		 * eight at a time. */
		while (i + 8 <= b && lower_or_space8(t + i))
			i += 8;
		while (i < b && ((t[i] >= 'a' && t[i] <= 'z') || t[i] == ' '))
			i++;
		if (i >= b)
			break;
		if (!code_needle(t, i)) {
			i++;
			continue;
		}
		s = tok_start(t, lo, len, i);
		e = e0 = tok_end(t, len, i);
		if (code_token(t, s, &e) && add_link(r, nr, ar, s, e) < 0)
			return GLOSSA_ERROR;
		i = lo = e0 > i ? e0 : i + 1;
	}
	return 0;
}

/* Might t[0, n) hold a needle? ("@", "://", "www.") */
static bool maybe_link(const unsigned char *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i] == '@' || t[i] == ':' ||
		    (t[i] == 'w' && i + 4 <= n && memcmp(t + i, "www.", 4) == 0))
			return true;
	return false;
}

/* Sort and join the links found. */
static void links_join(glossa_span *r, size_t *nr)
{
	size_t w = 0, i;

	if (*nr < 2)
		return;
	qsort(r, *nr, sizeof(*r), cmp_link);
	for (i = 1; i < *nr; i++) {
		if (r[i].start <= r[w].end) {
			if (r[i].end > r[w].end)
				r[w].end = r[i].end;
		} else {
			r[++w] = r[i];
		}
	}
	*nr = w + 1;
}

size_t glossa_text__run_start(const char *text, size_t lo, size_t p)
{
	const unsigned char *t = (const unsigned char *)text;

	while (p > lo && !run_end_char(t[p - 1]))
		p--;
	return p;
}

size_t glossa_text__run_end(const char *text, size_t len, size_t p)
{
	const unsigned char *t = (const unsigned char *)text;

	while (p < len && !run_end_char(t[p]))
		p++;
	return p;
}

int glossa_text__nonprose(glossa_span **out, size_t *n, const char *text,
	size_t len)
{
	return glossa_text__nonprose_in(out, n, text, len, NULL, 0, true);
}

bool glossa_text__code_at(const char *text, size_t len, size_t i, size_t *s,
	size_t *e, size_t *next)
{
	const unsigned char *t = (const unsigned char *)text;

	*s = tok_start(t, 0, len, i);
	*e = *next = tok_end(t, len, i);
	if (*next == i)
		(*next)++;
	return code_token(t, *s, e);
}

bool glossa_text__plain_word(const char *text, size_t len, size_t s,
	size_t e)
{
	const unsigned char *t = (const unsigned char *)text;
	size_t i;

	if (!(s == 0 || strchr(" \n\t(\"", t[s - 1]) != NULL) ||
	    !(e == len || strchr(" \n\r\t,;)!?\"", t[e]) != NULL ||
	      (t[e] == '.' && (e + 1 == len || t[e + 1] == ' ' ||
			       t[e + 1] == '\n'))))
		return false;
	for (i = s; i < e; i++)
		if (code_needle(t, i))
			return false;
	return true;
}

int glossa_text__nonprose_in(glossa_span **out, size_t *n, const char *text,
	size_t len, const glossa_range *win, size_t nwin, bool code)
{
	const unsigned char *t = (const unsigned char *)text;
	glossa_span *r = NULL;
	size_t nr = 0, ar = 0, k, done = 0;
	int error = 0;

	*out = NULL;
	*n = 0;
	if (win == NULL && (error = links_add(&r, &nr, &ar, text, len, 0,
			len)) == 0 && (error = tags_add(&r, &nr, &ar, text, len,
			0, len)) == 0 && code)
		error = code_add(&r, &nr, &ar, text, len, 0, len);
	/* Each is in one run of non-space characters, found by a needle:
	 * look at the whole runs the window touches, each byte once (a
	 * window may lie in the runs the last one took in). */
	for (k = 0; win && k < nwin && error == 0; k++) {
		size_t a = win[k].start, b = win[k].end;

		a = a < done ? done : glossa_text__run_start(text, done, a);
		b = b < done ? done : glossa_text__run_end(text, len, b);
		/* (tokens lie in whole runs: from a, each read once) */
		if (code && a < b && (error = code_add(&r, &nr, &ar, text,
				len, a, b)) < 0)
			break;
		if (a == done && done > 0)  /* a needle may straddle it */
			a = done > 3 ? done - 3 : 0;
		done = b;
		if (a >= b)
			continue;
		/* A tag spans spaces: look for one from the line's start. */
		{
			size_t ls = a;

			while (ls > 0 && t[ls - 1] != '\n' && a - ls < 4096)
				ls--;
			if ((error = tags_add(&r, &nr, &ar, text, len, ls,
					b)) < 0)
				break;
		}
		/* Most windows are a few words: a byte loop beats three
		 * library searches there. */
		if (b - a < 256 && !maybe_link(t + a, b - a))
			continue;
		error = links_add(&r, &nr, &ar, text, len, a, b);
	}
	if (error < 0) {
		free(r);
		return error;
	}
	links_join(r, &nr);
	*out = r;
	*n = nr;
	return 0;
}
