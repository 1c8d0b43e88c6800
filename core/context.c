/*
** Where a hit stands: is it the entry here?
**
** The matcher finds spellings; whether a spelling is the entry depends on
** the words around it, and a wrong change to a correct name is the worst
** thing glossa can do. So a hit is the entry only where it stands as that
** name:
**
**   - Not inside a longer name. A capitalised word right before or after
**     it (across spaces or one hyphen, not across punctuation), or a
**     particle joined to one ("al-Ahmad", "Ain al-"), is another name's
**     part: "Asad Umar", "Ain al-Asad", "Tigran Sarkisian", "Meshal
**     al-Ahmad". Titles, days, months and the words that start sentences
**     are not name parts ("President Asad", "Monday"), and neither are the
**     entry's own name words ("Bashar Asad").
**   - Not inside one of the entry's exceptions: phrases the glossary lists
**     where its forms are something else ("chicken Kiev", "Odessa, Texas").
**   - One word is never a particle plus a name: "Binali" is not "Ben Ali".
**   - An acronym is not a word in title case ("Isis", the goddess, is not
**     ISIS), and a spelling cited in quotation marks of its own is a
**     spelling, not a reference ('changed from "Kiev" to "Kyiv"').
**   - A native form inside text in its own script (a quoted Russian or
**     Arabic sentence) stays foreign: the nearest letter on either side,
**     on the same line, is of its script.
**
** And two things the caller decides for the whole piece: a hit that names
** its entry in full (CTX_FULL), and a one-word spelling of a person that
** is the entry only where the piece names it in full (CTX_ASK), the way
** copy is written: full name first, surname after.
*/
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "match_int.h"
#include "morph.h"
#include "name.h"

/*
 * Capitalised words that stand beside a name without being part of it:
 * titles and roles, calendar words, the words that start sentences, and
 * the verbs of headlines ("Putin Meets Assad", "ASSAD SAYS"). Sorted (bytewise) for bsearch; compared ignoring ASCII
 * case so that headlines in capitals read the same.
 */
static const char *const not_name[] = {
	"A", "Accuses", "Acting", "Adm", "Admiral", "After", "Against",
	"Agent", "All", "Also", "Although", "Amb", "Ambassador", "Amid",
	"Among", "An", "And", "Another", "Anti", "Any", "April", "Archbishop",
	"Are", "Arrives", "As", "Asked", "At", "Aug", "August", "Ayatollah",
	"Backs", "Because", "Before", "Between", "Bishop", "Blames", "Both",
	"Brig", "But", "By", "Calls", "Capt", "Captain", "Cardinal",
	"Chairman", "Chairwoman", "Chancellor", "Chief", "Claims", "Cleric",
	"Col", "Colonel", "Commander", "Commissioner", "Comrade", "Condemns",
	"Congressman", "Congresswoman", "Crown", "Czar", "Dec", "December",
	"Defence", "Defense", "Denies", "Deputy", "Despite", "Detective",
	"Did", "Dies", "Director", "Do", "Does", "Dr", "During", "Each",
	"Earlier", "Either", "Emir", "Emperor", "Envoy", "Even", "Every",
	"Ex", "Faces", "Feb", "February", "Few", "Field", "First", "Flees",
	"For", "Foreign", "Former", "Fri", "Friday", "From", "Gen", "General",
	"Gov", "Governor", "Governorate", "Grand", "Had", "Hails", "Has",
	"Have", "He", "Her", "Here", "His", "Holds", "Hosts", "How",
	"However", "I", "If", "Imam", "In", "Inspector", "Instead", "Interim",
	"Interior", "Into", "Is", "It", "Its", "Jan", "January", "Joins",
	"Judge", "July", "June", "Justice", "Killed", "King", "Last", "Late",
	"Later", "Leader", "Leaves", "Loses", "Lt", "Maj", "Major", "Many",
	"Mar", "March", "Marshal", "May", "Mayor", "Meanwhile", "Meet",
	"Meets", "Met", "Metropolitan", "Minister", "Mon", "Monday", "More",
	"Most", "Mr", "Mrs", "Ms", "Mufti", "Mullah", "My", "Names",
	"Neither", "New", "Next", "No", "Non", "Nor", "Not", "Nov",
	"November", "Now", "Oblast", "Oct", "October", "Of", "Officer", "Old",
	"On", "Once", "Only", "Opposition", "Or", "Other", "Our", "Over",
	"Patriarch", "Per", "Perhaps", "Pledges", "Pope", "Post", "Praises",
	"Pre", "Premier", "President", "Prime", "Prince", "Princess", "Pro",
	"Prof", "Professor", "Province", "Queen", "Quits", "Region",
	"Rejects", "Rep", "Representative", "Resigns", "Returns", "Rev",
	"Said", "Sat", "Saturday", "Says", "Secretary", "Sen", "Senator",
	"Sept", "September", "Several", "Sgt", "Shah", "She", "Sheikh",
	"Signs", "Since", "Slams", "So", "Some", "Speaker", "Spokesman",
	"Spokeswoman", "Still", "Sultan", "Sun", "Sunday", "Supreme", "Talks",
	"Tells", "Than", "That", "The", "Their", "Then", "There", "These",
	"They", "This", "Those", "Though", "Threatens", "Thu", "Thursday",
	"To", "Today", "Told", "Tomorrow", "Tonight", "Tsar", "Tue",
	"Tuesday", "Under", "Unlike", "Until", "Urges", "Vice", "Visits",
	"Vows", "Warns", "Was", "We", "Wed", "Wednesday", "Were", "What",
	"When", "Where", "Which", "While", "Who", "Why", "Wins", "With",
	"Without", "Yesterday", "Yet", "You", "Your"
};

#define NOT_NAME_N (sizeof(not_name) / sizeof(not_name[0]))

/* Particles that join a name part to the next: "al-Ahmad", "bin Salman". */
static const char *const joining[] = {
	"abu", "al", "bin", "bint", "ben", "el", "ibn", "ul", NULL
};

typedef struct {
	const glossa_matcher *m;
	const uint8_t *t;
	size_t len;
} ctx;

static int cmp_word(const void *key, const void *elem)
{
	const char *w = key, *e = *(const char *const *)elem;

	return strcasecmp(w, e);
}

static uint32_t cls_at(const ctx *c, size_t i, size_t *n)
{
	return info(c->m, dec(c->t, i, n));
}

/* A hyphen joins name parts; a dash ("Kiev—Moscow") is punctuation. */
static bool is_hyphen(uint32_t cp)
{
	return cp == '-' || cp == 0x2010 || cp == 0x2011;
}

/* The word [*ws, *we) that ends where spaces (not a line break) or one
 * hyphen before i end; false when there is none (punctuation, a line
 * break, the start of the text). */
static bool word_before(const ctx *c, size_t lo, size_t i, size_t *ws,
	size_t *we)
{
	size_t j = i, n;
	bool hyphen = false;

	while (j > lo) {
		uint32_t cp = dec_prev(c->t, j, &n), x = info(c->m, cp);

		if (T_CLS(x) == C_SPACE && cp != '\n') {
			j -= n;
			continue;
		}
		if (T_CLS(x) == C_HYPH && is_hyphen(cp) && !hyphen && j == i) {
			hyphen = true;
			j -= n;
			continue;
		}
		break;
	}
	if (j == i || j <= lo)
		return false;
	if (T_CLS(info(c->m, dec_prev(c->t, j, &n))) != C_WORD)
		return false;
	*we = j;
	while (j > lo) {
		uint32_t cls = T_CLS(info(c->m, dec_prev(c->t, j, &n)));

		if (cls != C_WORD && cls != C_MARK)
			break;
		j -= n;
	}
	*ws = j;
	return true;
}

/* The same after i. */
static bool word_after(const ctx *c, size_t i, size_t *ws, size_t *we)
{
	size_t j = i, n;
	bool hyphen = false;

	while (j < c->len) {
		uint32_t x = cls_at(c, j, &n);

		if (T_CLS(x) == C_SPACE && c->t[j] != '\n') {
			j += n;
			continue;
		}
		if (T_CLS(x) == C_HYPH && is_hyphen(T_CP(x)) && !hyphen &&
		    j == i) {
			hyphen = true;
			j += n;
			continue;
		}
		break;
	}
	if (j == i || j >= c->len || T_CLS(cls_at(c, j, &n)) != C_WORD)
		return false;
	*ws = j;
	while (j < c->len) {
		uint32_t cls = T_CLS(cls_at(c, j, &n));

		if (cls != C_WORD && cls != C_MARK)
			break;
		j += n;
	}
	*we = j;
	return true;
}

static bool in_list(const char *const *set, const uint8_t *w, size_t n)
{
	size_t i;

	if (n < 2 || n > 4)  /* the particles' lengths */
		return false;
	for (i = 0; set[i]; i++)
		if (strlen(set[i]) == n && strncasecmp(set[i], (const char *)w,
				n) == 0)
			return true;
	return false;
}

/* Does the folded word [ws, we) of the text stand as a word in s? */
static bool word_in(const ctx *c, size_t ws, size_t we, const char *s)
{
	const uint8_t *u = (const uint8_t *)s;
	size_t sl = strlen(s), o = 0, a, b;

	while (o < sl) {
		size_t i = ws, j = o;

		while (i < we && j < sl &&
		       same_folded(c->m, dec(c->t, i, &b), dec(u, j, &a))) {
			i += b;
			j += a;
		}
		if (i == we && (j == sl || !is_word_cls(T_CLS(info(c->m,
				dec(u, j, &a))))))
			return true;
		/* On to the next word of s. */
		while (o < sl && is_word_cls(T_CLS(info(c->m, dec(u, o, &a)))))
			o += a;
		while (o < sl && !is_word_cls(T_CLS(info(c->m, dec(u, o, &a)))))
			o += a;
	}
	return false;
}

/* Is [ws, we) one of the house form's words misspelt ("Bachar" beside
 * "al-Assad", for "Bashar Assad"): one edit in a word of five letters or
 * more, two in one of eight or more? Then it is no other name: check
 * says how the house writes both. */
static bool near_house_word(const ctx *c, size_t ws, size_t we,
	const char *house)
{
	const char *h = house;

	while (*h) {
		size_t n = strcspn(h, " -"), L = n > we - ws ? n : we - ws;
		unsigned d;

		if (n >= 5) {
			d = glossa_nearmiss__distance((const char *)c->t + ws,
				we - ws, h, n);
			if (d <= (L >= 8 ? 2u : 1u))
				return true;
		}
		h += n;
		h += strspn(h, " -");
	}
	return false;
}

/* Is [ws, we) the entry's own name written as one word ("Basharassad"
 * for "Bashar Assad"): its name key is the key of a run of the house
 * form's words? Then fix makes it house words, and a hit beside it must
 * read the same before and after. */
static bool own_run(const ctx *c, size_t ws, size_t we, const char *house)
{
	glossa_buf w = GLOSSA_BUF_INIT, key = GLOSSA_BUF_INIT;
	char **runs = NULL;
	size_t n = 0, i;
	bool own = false;

	if (glossa_buf_put(&w, (const char *)c->t + ws, we - ws) == 0 &&
	    glossa_buf_puts(&w, "") == 0 &&
	    glossa_name__key(&key, w.ptr) == 0 && key.size > 0 &&
	    glossa_name__run_keys(&runs, &n, house) == 0)
		for (i = 0; i < n && !own; i++)
			own = strcmp(runs[i], key.ptr) == 0;
	glossa_morph__free_list(runs, n);
	glossa_buf_dispose(&w);
	glossa_buf_dispose(&key);
	return own;
}

/* Is [ws, we) a part of another name: capitalised, in the script of
 * the span (`script`: a name's parts share one, so "Асад" beside "ASAD"
 * is not one name, and fix reads it the same once it is "Assad"), not a
 * title or a sentence word, not a word of the entry's own house form? */
static bool name_part(const ctx *c, size_t ws, size_t we, const char *house,
	bool caps_span, uint32_t script)
{
	char w[24];
	size_t n;

	size_t i;
	bool lower = false;

	if (T_SCRIPT(cls_at(c, ws, &n)) != script)
		return false;

	/* A capital, then small letters; a word in capitals counts only
	 * beside a span in capitals (a headline): elsewhere it is an
	 * acronym ("UN", "NATO"). */
	if (!(cls_at(c, ws, &n) & T_UPPER))
		return false;
	for (i = ws + n; i < we && !lower; i += n)
		lower = (cls_at(c, i, &n) & T_LOWER) != 0;
	if (!lower && !caps_span)
		return false;
	if (we - ws < sizeof(w)) {
		memcpy(w, c->t + ws, we - ws);
		w[we - ws] = '\0';
		if (bsearch(w, not_name, NOT_NAME_N, sizeof(*not_name),
				cmp_word))
			return false;
	}
	return house == NULL || !(word_in(c, ws, we, house) ||
		near_house_word(c, ws, we, house) || own_run(c, ws, we, house));
}

static bool embedded(const ctx *c, size_t s, size_t e, const char *house)
{
	size_t ws, we, vs, ve, i, n;
	bool caps = true;
	uint32_t script = 0;

	for (i = s; i < e && caps; i += n)
		caps = !(cls_at(c, i, &n) & T_LOWER);
	for (i = s; i < e; i += n) {
		uint32_t x = cls_at(c, i, &n);

		if (T_CLS(x) == C_WORD) {
			script = T_SCRIPT(x);
			break;
		}
	}

	if (word_before(c, 0, s, &ws, &we)) {
		if (in_list(joining, c->t + ws, we - ws)) {
			if (word_before(c, 0, ws, &vs, &ve) &&
			    name_part(c, vs, ve, house, caps, script))
				return true;
		} else if (name_part(c, ws, we, house, caps, script)) {
			return true;
		}
	}
	if (word_after(c, e, &ws, &we)) {
		if (in_list(joining, c->t + ws, we - ws)) {
			if (word_after(c, we, &vs, &ve) &&
			    name_part(c, vs, ve, house, caps, script))
				return true;
		} else if (name_part(c, ws, we, house, caps, script)) {
			return true;
		}
	}
	return false;
}

/* Does the text around [s, e) read the phrase x (folded), holding the
 * span, with word boundaries at both ends? */
static bool inside_phrase(const ctx *c, size_t s, size_t e, const char *x)
{
	const uint8_t *xu = (const uint8_t *)x;
	size_t xl = strlen(x), o, step, i, p, a, b, stop;
	uint32_t c0 = dec(c->t, s, &b);

	for (o = 0; o < xl; o += step) {
		if (!same_folded(c->m, dec(xu, o, &step), c0))
			continue;
		for (i = o, p = s; i > 0 && p > 0; i -= a, p -= b)
			if (!same_folded(c->m, dec_prev(xu, i, &a),
					dec_prev(c->t, p, &b)))
				break;
		if (i > 0 || !reads_as(c->m, c->t, c->len, p, xu, xl, &stop) ||
		    stop < e)
			continue;
		if ((p == 0 || !is_word_cls(T_CLS(info(c->m,
				dec_prev(c->t, p, &a))))) &&
		    !word_at(c->m, c->t, c->len, stop))
			return true;
	}
	return false;
}

/* One word in the text where the form has a particle of its own? */
static bool particle_glued(const ctx *c, size_t s, size_t e)
{
	size_t i, n;

	for (i = s; i < e; i += n)
		if (is_joiner_cls(T_CLS(cls_at(c, i, &n))))
			return false;
	return true;
}

static bool cyrillic(uint32_t cp)
{
	return cp >= 0x400 && cp <= 0x52F;
}

/* The base blocks, and the presentation forms a pasted text may hold. */
static bool arabic_letter(uint32_t cp)
{
	return is_arabic(cp) || (cp >= 0xFB50 && cp <= 0xFDFF) ||
		(cp >= 0xFE70 && cp <= 0xFEFF);
}

static bool same_script(uint32_t a, uint32_t b)
{
	return (cyrillic(a) && cyrillic(b)) ||
		(arabic_letter(a) && arabic_letter(b));
}

/*
 * Is the span inside text in its own script? Out from it on either side,
 * on the same line, past the letters glued to it (an Arabic clitic) and
 * past capitalised words of its script (other names: "Лаврова, Лавровым"),
 * the first word of its script that is not capitalised (every Arabic word:
 * the script has no case) makes it foreign text: "Песков подчеркнул".
 */
static bool foreign_side(const ctx *c, size_t from, uint32_t first, bool back)
{
	size_t j = from, n;
	bool glued = true, word_start = true;

	while (back ? j > 0 : j < c->len) {
		uint32_t cp = back ? dec_prev(c->t, j, &n) : dec(c->t, j, &n);
		uint32_t x = info(c->m, cp);

		if (cp == '\n')
			break;
		if (T_CLS(x) == C_WORD || T_CLS(x) == C_MARK) {
			if (!glued && !same_script(cp, first))
				return false;
			if (!glued && same_script(cp, first)) {
				/* The first letter of the word, reading
				 * forward; backward: its last letter, so look
				 * at the word's start for its case. */
				size_t k = j, kn;

				if (back) {
					while (k > 0 && is_word_cls(T_CLS(info(c->m,
						dec_prev(c->t, k, &kn)))))
						k -= kn;
				} else if (!word_start) {
					k = SIZE_MAX;
				}
				if (k != SIZE_MAX) {
					uint32_t f = info(c->m, dec(c->t, k, &kn));

					if (!(f & T_UPPER))
						return true;
					/* A capitalised word: skip it whole. */
					j = back ? k : j;
					if (!back) {
						while (j < c->len && is_word_cls(
						    T_CLS(info(c->m,
							dec(c->t, j, &kn)))))
							j += kn;
					}
					word_start = true;
					continue;
				}
			}
			word_start = false;
		} else {
			glued = false;
			word_start = true;
		}
		j = back ? j - n : j + n;
	}
	return false;
}

static bool in_foreign_text(const ctx *c, size_t s, size_t e)
{
	size_t n;
	uint32_t first = dec(c->t, s, &n);

	return foreign_side(c, s, first, true) ||
		foreign_side(c, e, first, false);
}

/* An acronym in the glossary (GRU, ISIS) is not a word in title case
 * (Gru, the villain; Isis, the goddess). */
static bool acronym_in_lower(const ctx *c, size_t s, size_t e,
	const char *form)
{
	const uint8_t *f = (const uint8_t *)form;
	size_t i, n, letters = 0;
	bool lower = false;

	for (i = 0; f[i]; i += n) {
		uint32_t x = info(c->m, dec(f, i, &n));

		if (x & T_LOWER)
			return false;
		letters += (x & T_UPPER) != 0;
	}
	for (i = s; i < e && !lower; i += n)
		lower = (cls_at(c, i, &n) & T_LOWER) != 0;
	return letters >= 2 && lower;
}

static bool opening_quote(uint32_t cp)
{
	return cp == '"' || cp == 0x201C || cp == 0x201E || cp == 0xAB ||
		cp == 0x2018;
}

static bool closing_quote(uint32_t cp)
{
	return cp == '"' || cp == 0x201D || cp == 0xBB || cp == 0x2019 ||
		cp == 0x201C;
}

/* The spelling cited as such, in quotation marks of its own: "Kiev" in
 * 'changed its spelling from "Kiev" to "Kyiv"'. A name is not fixed in
 * a sentence about how it is spelt. */
static bool quoted_alone(const ctx *c, size_t s, size_t e)
{
	size_t n, j = e;

	if (s == 0 || !opening_quote(dec_prev(c->t, s, &n)))
		return false;
	while (j < c->len && (c->t[j] == ',' || c->t[j] == '.'))
		j++;
	return j < c->len && closing_quote(dec(c->t, j, &n));
}

unsigned glossa_match__context(const glossa_matcher *m, const char *text,
	size_t len, size_t start, size_t end, uint32_t target, bool local)
{
	const mtarget *tg = &m->targets[target];
	const char *pool = m->pool.ptr, *house;
	size_t p = m->entry_key[tg->entry];
	ctx c = { m, (const uint8_t *)text, len };
	unsigned out = 0;

	if (end <= start)
		return 0;
	/* After the key: the house form, then the exceptions. */
	p += strlen(pool + p) + 1;
	house = p < m->pool.size ? pool + p : NULL;
	if (house && !local && (tg->info & TI_EXCEPTIONS)) {
		for (p += strlen(house) + 1; p < m->pool.size &&
		     pool[p] != '\0'; p += strlen(pool + p) + 1)
			if (inside_phrase(&c, start, end, pool + p))
				return GLOSSA_CTX_OTHER;
	}
	if (((tg->info & TI_SPLIT_PARTICLE) && particle_glued(&c, start, end)) ||
	    acronym_in_lower(&c, start, end, pool + tg->form) ||
	    quoted_alone(&c, start, end))
		return GLOSSA_CTX_OTHER;
	if (local) {
		/* only what lies inside the span's run */
	} else if (tg->info & TI_FOREIGN) {
		if (in_foreign_text(&c, start, end))
			return GLOSSA_CTX_FOREIGN;
	} else if (embedded(&c, start, end, house)) {
		return GLOSSA_CTX_OTHER;
	}
	if (!(tg->info & TI_ONE_WORD))
		out |= GLOSSA_CTX_FULL;
	else if (TI_KIND(tg->info) == GLOSSA_KIND_PERSON &&
		 tg->type == GLOSSA_FORM_VARIANT)
		out |= GLOSSA_CTX_ASK;
	return out;
}

bool glossa_match__one_word(const glossa_matcher *m, uint32_t target)
{
	return (m->targets[target].info & TI_ONE_WORD) != 0;
}

uint32_t glossa_match__entry_of(const glossa_matcher *m, uint32_t target)
{
	return m->targets[target].entry;
}

size_t glossa_match__nentries(const glossa_matcher *m)
{
	return m->nentries;
}

const char *glossa_match__entry_key(const glossa_matcher *m, uint32_t entry)
{
	return m->pool.ptr + m->entry_key[entry];
}
