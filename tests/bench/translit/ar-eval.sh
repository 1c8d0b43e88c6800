#!/bin/bash
# How readable `glossa translit --from ar` is on Arabic names: the share of
# name tokens that come out as a spelling English sources use (issue 16).
#
#   tests/bench/translit/ar-eval.sh [-v] [--by-source] [--min PCT] [SET]
#
# SET (default: ar-names-eval.tsv beside this script) holds ARABIC, ENGLISH
# and SOURCE, tab-separated; see its header. All Arabic names go through one
# `glossa translit --from ar` process ($GLOSSA, default build/cli/glossa,
# with the glossary of that build and the rule files of this tree). Each
# line's output tokens are aligned with the reference tokens by a small
# edit distance (substitute, insert, delete, and two output words for one
# reference token, so that a merged or split word costs only itself); a
# reference token is matched when its aligned output token equals one of
# its |-separated alternatives, ignoring ASCII case ("this person's
# spelling"), or -- the issue's measure, "a spelling English sources use
# for that name" -- one of the spellings the set gives that same Arabic
# word for anyone (collected from the lines with one English token per
# Arabic word: محمد is Mohammed for one person and Mohamed for another,
# and both are spellings English sources use for محمد).
#
# Prints the number of names, reference tokens, matched tokens and their
# percentage (for the name, and strictly for the person), and the same for
# the tokens with the article (an alternative starting al- or el-) and
# without. --min applies to the first figure.
#   -v           also every missed token: arabic-word<TAB>got<TAB>wanted
#   --by-source  also the figures per SOURCE
#   --min PCT    exit 1 when the percentage is below PCT (else exit 0)
#   --glossa P   the glossa binary (else $GLOSSA, else build/cli/glossa)
# Exit 2 on a usage or run error.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
usage() { echo "usage: ar-eval.sh [-v] [--by-source] [--min PCT] [--glossa PATH] [SET]" >&2; exit 2; }

verbose=0 by_source=0 min= set=
while [ $# -gt 0 ]; do
	case $1 in
	-v|--verbose) verbose=1 ;;
	--by-source) by_source=1 ;;
	--min) [ $# -ge 2 ] || usage; min=$2; shift ;;
	--glossa) [ $# -ge 2 ] || usage; GLOSSA=$2; shift ;;
	--min=*) min=${1#--min=} ;;
	-h|--help) sed -n '2,/^set -eu/{/^set -eu/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
	-*) usage ;;
	*) [ -z "$set" ] || usage; set=$1 ;;
	esac
	shift
done
set=${set:-$here/ar-names-eval.tsv}
if [ -n "$min" ] && ! [[ $min =~ ^[0-9]+([.][0-9]+)?$ ]]; then
	echo "ar-eval.sh: --min wants a percentage, not '$min'" >&2
	exit 2
fi
[ -r "$set" ] || { echo "ar-eval.sh: cannot read $set" >&2; exit 2; }

glossa=${GLOSSA:-$root/build/cli/glossa}
[ -f "$glossa" ] && [ -x "$glossa" ] || { echo "ar-eval.sh: no glossa at $glossa (build first, or set GLOSSA)" >&2; exit 2; }
build=$(cd "$(dirname "$glossa")/.." && pwd)
export GLOSSA_TRANSLIT_DIR=${GLOSSA_TRANSLIT_DIR:-$root/glossaries/translit}
export GLOSSA_DEFAULT_DB=${GLOSSA_DEFAULT_DB:-$build/glossaries/default.db}
unset GLOSSA_DB XDG_DATA_HOME XDG_CACHE_HOME
export HOME=$(mktemp -d)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp" "$HOME"' EXIT

# The names (comments and blank lines out), then their Arabic column.
awk -F'\t' '!/^#/ && NF >= 2 && $1 != "" {
	print $1 "\t" $2 "\t" (NF >= 3 && $3 != "" ? $3 : "-") }' "$set" > "$tmp/ref"
cut -f1 "$tmp/ref" > "$tmp/ar"
if ! "$glossa" translit --from ar - < "$tmp/ar" > "$tmp/out" 2> "$tmp/err"; then
	echo "ar-eval.sh: glossa translit failed:" >&2
	cat "$tmp/err" >&2
	exit 2
fi
if [ "$(wc -l < "$tmp/ar")" != "$(wc -l < "$tmp/out")" ]; then
	echo "ar-eval.sh: glossa gave $(wc -l < "$tmp/out") lines for $(wc -l < "$tmp/ar") names" >&2
	exit 2
fi

# Every spelling the set gives each Arabic word (lines whose Arabic words
# and English tokens pair one to one).
awk -F'\t' '{
	na = split($1, aw, " "); m = split($2, rt, " ")
	if (na != m) next
	for (j = 1; j <= m; j++) {
		k = split(rt[j], a, "|")
		for (x = 1; x <= k; x++)
			print aw[j] "\t" tolower(a[x])
	}
}' "$tmp/ref" | sort -u > "$tmp/union"

paste "$tmp/ref" "$tmp/out" | awk -F'\t' -v verbose="$verbose" \
	-v by_source="$by_source" -v min="$min" -v union="$tmp/union" '
BEGIN {
	while ((getline line < union) > 0) {
		split(line, f, "\t")
		U[f[1], f[2]] = 1
	}
}
function pct(m, n) { return n ? sprintf("%.1f%%", 100 * m / n) : "-" }
# is output token o one of the alternatives of reference token j, or a
# spelling of its Arabic word?
function hit(o, j,   k) {
	o = tolower(o)
	for (k = 1; k <= nalt[j]; k++)
		if (o == alt[j, k])
			return 1
	return (na == m && (aw[j], o) in U) ? 2 : 0
}
# is o, a hyphened word not starting with the article, reference tokens
# j-1 and j written with a hyphen?
function hyph(o, j,   h, x, y) {
	h = index(o, "-")
	if (h < 2 || tolower(substr(o, 1, h)) ~ /^(al|el)-$/)
		return 0
	x = substr(o, 1, h - 1); y = substr(o, h + 1)
	return hit(x, j - 1) && hit(y, j)
}
function miss(aword, got, want) {
	if (verbose)
		lm[++nl] = aword "\t" (got == "" ? "-" : got) "\t" want
}
{
	src = $3
	na = split($1, aw, " ")
	n = split($4, ot, " ")
	m = split($2, rt, " ")
	names++
	S[src, "names"]++
	if (!(src in seen)) { seen[src] = 1; srcs[++nsrc] = src }
	for (j = 1; j <= m; j++) {
		nalt[j] = split(rt[j], a, "|")
		art[j] = 0
		for (k = 1; k <= nalt[j]; k++) {
			alt[j, k] = tolower(a[k])
			if (alt[j, k] ~ /^(al|el)-/)
				art[j] = 1
		}
	}
	# D[i, j]: cost of aligning output 1..i with reference 1..j.
	for (i = 0; i <= n; i++)
		for (j = 0; j <= m; j++) {
			if (i == 0 && j == 0) { D[0, 0] = 0; continue }
			best = 1e9
			if (i > 0 && j > 0) {
				c = D[i - 1, j - 1] + !hit(ot[i], j)
				if (c < best) { best = c; op = "s" }
			}
			# one hyphened output word for two reference tokens
			# (AP: Abdel-Fattah; Wikipedia: Abdel Fattah)
			if (i > 0 && j > 1 && D[i - 1, j - 2] < best &&
			    hyph(ot[i], j)) {
				best = D[i - 1, j - 2]; op = "h"
			}
			if (i > 1 && j > 0 && D[i - 2, j - 1] + 1 < best) {
				best = D[i - 2, j - 1] + 1; op = "m"
			}
			if (j > 0 && D[i, j - 1] + 1 < best) {
				best = D[i, j - 1] + 1; op = "d"
			}
			if (i > 0 && D[i - 1, j] + 1 < best) {
				best = D[i - 1, j] + 1; op = "i"
			}
			D[i, j] = best
			B[i, j] = op
		}
	# Walk back; each reference token is matched or missed exactly once.
	i = n; j = m; nl = 0
	while (i > 0 || j > 0) {
		op = B[i, j]
		if (op == "i") { i--; continue }
		ok = 0; strict = 0
		if (op == "h") {
			# both reference tokens matched (strictly when both
			# halves are spellings given for this person)
			h = index(ot[i], "-")
			st = hit(substr(ot[i], 1, h - 1), j - 1) == 1 &&
			    hit(substr(ot[i], h + 1), j) == 1
			for (q = 0; q < 2; q++) {
				kind = art[j] ? "art" : "bare"
				T[kind]++; M[kind]++; P[kind] += st
				S[src, "tok"]++; S[src, "hit"]++
				j--
			}
			i--
			continue
		}
		if (op == "s") {
			ok = hit(ot[i], j)
			strict = ok == 1
			ok = ok > 0
			if (!ok)
				miss(i <= na ? aw[i] : "-", ot[i], rt[j])
			i--
		} else if (op == "m") {
			miss((i <= na ? aw[i - 1] " " aw[i] : "-"),
			    ot[i - 1] " " ot[i], rt[j])
			i -= 2
		} else {
			miss((i + 1 <= na ? aw[i + 1] : (i >= 1 && i <= na ? aw[i] : "-")), "", rt[j])
		}
		j--
		kind = art[j + 1] ? "art" : "bare"
		T[kind]++; M[kind] += ok; P[kind] += strict
		S[src, "tok"]++; S[src, "hit"] += ok
	}
	for (; nl > 0; nl--)
		print lm[nl]
}
END {
	tok = T["art"] + T["bare"]; hits = M["art"] + M["bare"]
	printf "names %d, reference tokens %d, matched %d: %s\n", names, tok, hits, pct(hits, tok)
	ph = P["art"] + P["bare"]
	printf "  strictly this person'"'"'s spelling: matched %d: %s\n", ph, pct(ph, tok)
	printf "  with the article (al-/el-): tokens %d, matched %d: %s\n", T["art"], M["art"], pct(M["art"], T["art"])
	printf "  without the article:        tokens %d, matched %d: %s\n", T["bare"], M["bare"], pct(M["bare"], T["bare"])
	if (by_source)
		for (k = 1; k <= nsrc; k++) {
			s = srcs[k]
			printf "  source %s: names %d, tokens %d, matched %d: %s\n", s, S[s, "names"], S[s, "tok"], S[s, "hit"], pct(S[s, "hit"], S[s, "tok"])
		}
	if (min != "" && (tok == 0 || 100 * hits / tok < min + 0)) {
		printf "ar-eval: %s is below --min %s%%\n", pct(hits, tok), min
		exit 1
	}
}'
