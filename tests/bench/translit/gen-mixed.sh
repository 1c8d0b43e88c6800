#!/bin/sh
# A news-like corpus for the translit speed bench, made from a hand-written
# sample (ar-, uk-, fa-news-sample.txt): sh and awk only, no
# randomness from outside (a Park-Miller generator seeded with SEED), so the
# same arguments give the same bytes.
#
#   gen-mixed.sh SAMPLE [SIZE [SEED]]   corpus of about SIZE bytes
#                                       (default 5000000) on stdout
#   gen-mixed.sh --stats SAMPLE < CORPUS
#       one line: bytes, lines, words, distinct words (whole corpus and in
#       its first 1,000,000 bytes), and the share of words that are names
#
# Sentences (one a line in the sample) are drawn with a Zipf-like skew
# (the r-th sentence of a fixed shuffle has weight 1/r^ZIPF, default 0.8).
# In each drawn sentence a personal name from the sample's "#names CLASS:"
# lines is, with probability 0.85, replaced by another name of its class;
# each run of digits (ASCII or Persian) becomes a random number of the
# same length; in Arabic text (the sample says "#lang: ar") a clitic
# (و ف ب ل, ل + ال -> لل) is put in front of a word with probability CLITIC
# (default 0.25) and a pronoun suffix (ه ها هم نا كم; the article dropped,
# ة -> ت) after a word with probability SUFFIX (default 0.1), the way such
# forms multiply the distinct words of real Arabic news; in Persian text
# ("#lang: fa") a suffix (-ی, ZWNJ + ها, های, اش) ends a word with
# probability SUFFIX (default 0.1 here too).
#
# Names counted by --stats: for Arabic and Persian, a word that is a name
# of the list (Arabic: after at most two clitic letters); for Cyrillic, a
# capitalised word that is not the first of its line (neither the
# dateline nor a sentence start).
set -eu
LC_ALL=C
export LC_ALL

if [ "${1:-}" = --stats ]; then
	[ $# -eq 2 ] || { echo "usage: gen-mixed.sh --stats SAMPLE < CORPUS" >&2; exit 2; }
	exec awk -v sample="$2" '
	BEGIN {
		while ((getline l < sample) > 0)
			if (l ~ /^#names [a-z]+: /) {
				sub(/^#names [a-z]+: /, "", l)
				k = split(l, t, " ")
				for (i = 1; i <= k; i++) isname[t[i]] = 1
			}
		# Cyrillic capitals (Russian, Ukrainian, Belarusian)
		caps = "^(А|Б|В|Г|Ґ|Д|Е|Є|Ё|Ж|З|И|І|Ї|Й|К|Л|М|Н|О|П|Р|С|Т|У|Ў|Ф|Х|Ц|Ч|Ш|Щ|Ъ|Ы|Ь|Э|Ю|Я)"
		cl = "^(و|ف|ب|ل)"
	}
	{
		bytes += length($0) + 1
		for (i = 1; i <= NF; i++) {
			w = $i
			gsub(/^(["(«]|-)+/, "", w)
			gsub(/(،|\.|,|:|;|"|\)|»|؟|!)+$/, "", w)
			if (w == "" || w == "-") continue
			words++
			if (!(w in seen)) { seen[w] = 1; distinct++ }
			if (w in isname) names++
			else if (w ~ cl && substr(w, 3) in isname) names++
			else if (w ~ cl && substr(w, 3) ~ cl && substr(w, 5) in isname) names++
			else if (i > 1 && w ~ caps && substr(w, 3) !~ caps) names++
		}
		if (bytes <= 1000000) mb1 = distinct
	}
	END {
		printf "%d bytes, %d lines, %d words, %d distinct words (%d in the first MB), names %.1f%% of words\n",
			bytes, NR, words, distinct, mb1, words ? 100 * names / words : 0
	}'
fi

if [ $# -lt 1 ] || [ $# -gt 3 ]; then
	echo "usage: gen-mixed.sh SAMPLE [SIZE [SEED]]" >&2
	exit 2
fi
[ -r "$1" ] || { echo "gen-mixed.sh: cannot read $1" >&2; exit 2; }
exec awk -v sample="$1" -v size="${2:-5000000}" -v seed="${3:-16}" \
	-v zipf="${ZIPF:-0.8}" -v pcl="${CLITIC:-0.25}" -v psuf="${SUFFIX:-0.1}" '
function rnd() {
	seed = (seed * 16807) % 2147483647
	return seed / 2147483647
}
function pick(n) { return 1 + int(rnd() * n) }
# a random number with as many digits as d (no leading zero unless one digit)
function renum(d,   n, i, r) {
	n = length(d)
	r = n > 1 ? 1 + int(rnd() * 9) : int(rnd() * 10)
	for (i = 2; i <= n; i++) r = r "" int(rnd() * 10)
	return r
}
function digits(w,   out, r, i, p) {
	out = ""
	while (match(w, /[0-9]+/)) {
		out = out substr(w, 1, RSTART - 1) renum(substr(w, RSTART, RLENGTH))
		w = substr(w, RSTART + RLENGTH)
	}
	w = out w; out = ""
	# Persian digits: two bytes each
	while (match(w, pdig)) {
		r = renum(substr("0000000000000000", 1, RLENGTH / 2)); p = ""
		for (i = 1; i <= length(r); i++) p = p pd[substr(r, i, 1)]
		out = out substr(w, 1, RSTART - 1) p
		w = substr(w, RSTART + RLENGTH)
	}
	return out w
}
# clitic c in front of word w (ل before the article drops its alif)
function prefix(c, w) {
	if (c == "ل" && substr(w, 1, 4) == "ال") return "لل" substr(w, 5)
	return c w
}
function word(f,   pre, suf, w, c, cls, r) {
	pre = suf = ""
	if (match(f, /^(["(«]|-)+/)) { pre = substr(f, 1, RLENGTH); f = substr(f, RLENGTH + 1) }
	if (match(f, /(،|\.|,|:|;|"|\)|»|؟|!)+$/)) { suf = substr(f, RSTART); f = substr(f, 1, RSTART - 1) }
	if (f == "") return pre suf
	c = ""; w = f
	if (lang == "ar" && !(w in cls_of) && w ~ /^(و|ف|ب|ل)/ && substr(w, 3) in cls_of) {
		c = substr(w, 1, 2); w = substr(w, 3)
	}
	if (w in cls_of) {
		cls = cls_of[w]
		if (rnd() < 0.85) w = nm[cls, pick(nn[cls])]
		if (lang == "ar" && c == "" && rnd() < 0.1) c = "و"
		return pre (c == "" ? w : prefix(c, w)) suf
	}
	if (w ~ /[0-9]/ || w ~ pdig) return pre digits(w) suf
	if (lang == "fa" && length(w) >= 6 && w !~ /(ی|ه|ا|و)$/ && rnd() < psuf) {
		r = rnd()
		w = w (r < 0.4 ? "ی" : r < 0.7 ? "\342\200\214ها" : r < 0.9 ? "\342\200\214های" : "\342\200\214اش")
	}
	if (lang == "ar" && length(w) >= 6 && w !~ /[A-Za-z]/) {
		if (w !~ /(ي|ا|ى)$/ && w !~ /^(و|ف|ب|ل)/ && length(w) >= 8 && rnd() < psuf) {
			r = rnd()
			sub(/ة$/, "ت", w)
			w = w (r < 0.35 ? "ه" : r < 0.6 ? "ها" : r < 0.75 ? "هم" : r < 0.9 ? "نا" : "كم")
			sub(/^ال/, "", w)
		}
		if (w !~ /^(و|ف|ب|ل)/ && rnd() < pcl) {
			r = rnd()
			w = prefix(r < 0.5 ? "و" : r < 0.7 ? "ب" : r < 0.85 ? "ل" : "ف", w)
		}
	}
	return pre w suf
}
BEGIN {
	ns = 0
	split("۰ ۱ ۲ ۳ ۴ ۵ ۶ ۷ ۸ ۹", t, " ")
	for (i = 0; i < 10; i++) pd[i] = t[i + 1]
	pdig = "(۰|۱|۲|۳|۴|۵|۶|۷|۸|۹)+"
	while ((getline l < sample) > 0) {
		if (l ~ /^#names [a-z]+: /) {
			cls = l; sub(/^#names /, "", cls); sub(/:.*/, "", cls)
			sub(/^#names [a-z]+: /, "", l)
			k = split(l, t, " ")
			for (i = 1; i <= k; i++) {
				nm[cls, ++nn[cls]] = t[i]; cls_of[t[i]] = cls
			}
			continue
		}
		if (l ~ /^#lang: /) { lang = substr(l, 8); continue }
		if (l ~ /^#/ || l ~ /^[ \t]*$/) continue
		s[++ns] = l
	}
	if (ns == 0) { print "gen-mixed.sh: no sentences in " sample > "/dev/stderr"; exit 2 }
	for (i = ns; i > 1; i--) { j = pick(i); t0 = s[i]; s[i] = s[j]; s[j] = t0 }
	tot = 0
	for (i = 1; i <= ns; i++) { tot += 1 / (i ^ zipf); cum[i] = tot }
	out = 0
	while (out < size) {
		x = rnd() * tot; lo = 1; hi = ns
		while (lo < hi) { mid = int((lo + hi) / 2); if (cum[mid] < x) lo = mid + 1; else hi = mid }
		k = split(s[lo], f, " ")
		line = word(f[1])
		for (i = 2; i <= k; i++) line = line " " word(f[i])
		print line
		out += length(line) + 1
	}
}'
