#!/bin/bash
# Hostile input to `glossa translit` (issue 16 probe): invisible marks that
# copy from the web leaves on names. Names are the shipped glossary's
# (glossaries/default.tsv) and its given-name lexicon's.
GLOSSA=$1
. "$(dirname "$0")/../cli/lib.sh"

RLM=$'\u200f' LRM=$'\u200e' PDF=$'\u202c'

# An RLM after an Arabic word (web copy of Arabic text) is kept, but the
# word is read without it: the lexicon's Mohammed, not the guess "Mahmd".
run translit "محمد$RLM"
[ "$T_OUT" = "Mohammed$RLM" ]
t_ok $? "translit: محمد+RLM -> Mohammed+RLM"
[ "$T_OUT" = "Mohammed$RLM" ] || echo "#   got: $T_OUT"
run translit "محمد$RLM$PDF"
[ "$T_OUT" = "Mohammed$RLM$PDF" ]
t_ok $? "translit: محمد+RLM+PDF -> Mohammed+RLM+PDF"
run translit "$RLM""Путин$LRM"
[ "$T_OUT" = "$RLM""Putin$LRM" ]
t_ok $? "translit: RLM+Путин+LRM -> RLM+Putin+LRM"
# a glossary name with an RLM after it, or between its words
run translit --no-glossary "بشار الأسد$RLM"
want=$T_OUT
run translit "بشار الأسد$RLM"
[ "$T_OUT" != "$want" ] && [ "${T_OUT%"$RLM"}" != "$T_OUT" ]
t_ok $? "translit: a glossary name with an RLM after it is the glossary's"
run translit "بشار الأسد"
plain=$T_OUT
run translit "بشار$RLM الأسد"
[ "$T_OUT" = "$plain" ]
t_ok $? "translit: a glossary name with an RLM between its words is the glossary's"
[ "$T_OUT" = "$plain" ] || echo "#   got: $T_OUT, wanted: $plain"
# a line of marks alone is kept byte for byte
run translit "$RLM$LRM"
[ "$T_OUT" = "$RLM$LRM" ]
t_ok $? "translit: bidi marks alone are kept"

# An apostrophe before я ю є ї is Ukrainian spelling (Russian writes ъ or
# ь there): auto mode reads the word as Ukrainian even when it has none of
# і ї є ґ. Знам'янка -> Znamianka is an example of the 2010 standard's
# table (tests/translit/data/uk-news.tsv).
for a in "'" "’" "ʼ"; do
	run translit "Знам${a}янка"
	[ "$T_OUT" = "Znamianka" ]
	t_ok $? "translit (auto): Знам${a}янка -> Znamianka"
	[ "$T_OUT" = "Znamianka" ] || echo "#   got: $T_OUT"
done
run translit "ЗНАМ'ЯНКА"
[ "$T_OUT" = "ZNAMIANKA" ]
t_ok $? "translit (auto): ЗНАМ'ЯНКА -> ZNAMIANKA"

# A capital after an apostrophe starts a new hump of the word: Russian
# writes foreign names so (О'Нил, д'Артаньян); the rest of the word
# was put in small letters (O'nil). They stay Russian: Nil, not Nyl.
run translit "О'Нил д'Артаньян Д’Артаньян О'НИЛ"
[ "$T_OUT" = "O'Nil d'Artanyan D’Artanyan O'NIL" ]
t_ok $? "translit: О'Нил д'Артаньян Д’Артаньян О'НИЛ keep their capitals"
[ "$T_OUT" = "O'Nil d'Artanyan D’Artanyan O'NIL" ] || echo "#   got: $T_OUT"

# A line reads the same in plain output (blocks of lines, 64 KB each) as
# alone or with --explain, wherever a block boundary falls: the language of
# a word without telling letters comes from its own line. (Мамин-Сибиряк
# after Ukrainian lines was read as Ukrainian, Mamyn-Sybyriak, in plain
# output and as Russian, Mamin-Sibiryak, with --explain.)
run translit "Мамин-Сибиряк"
alone=$T_OUT
for n in 1 2700 2900 3100; do
	{
		for ((j = 0; j < n; j++)); do echo "Київ і Харків, Львів і Одеса"; done
		echo "Мамин-Сибиряк"
		echo "Київ"
	} > "$T_TMP/blk.txt"
	"$GLOSSA" translit - < "$T_TMP/blk.txt" > "$T_TMP/blk.out"
	got=$(sed -n "$((n + 1))p" "$T_TMP/blk.out")
	[ "$got" = "$alone" ]
	t_ok $? "translit: a Russian line after $n Ukrainian lines reads as alone ($alone)"
	[ "$got" = "$alone" ] || echo "#   got: $got"
done
"$GLOSSA" translit -e - < "$T_TMP/blk.txt" > "$T_TMP/blk.e"
grep -qxF "$alone" "$T_TMP/blk.e"
t_ok $? "translit --explain: the same line gives the same"

# ZWNJ and ZWJ are joiners with no sound: never left between Latin letters
# (علي‌اكبر gave "Ali<ZWNJ>akbr"); and a ZWNJ inside an Arabic-script word
# is Persian spelling, so auto mode reads علي‌اكبر (Arabic keyboard) as
# علی‌اکبر.
ZWNJ=$'\u200c' ZWJ=$'\u200d'
for s in news news-assimilated ala-lc; do
	run translit --from ar -s "$s" "علي${ZWNJ}اكبر" "علي${ZWJ}اكبر"
	case "$T_OUT" in
	*"$ZWNJ"*|*"$ZWJ"*) t_ok 1 "translit --from ar -s $s: no ZWNJ or ZWJ left" ;;
	*) t_ok 0 "translit --from ar -s $s: no ZWNJ or ZWJ left" ;;
	esac
done
run translit "علی${ZWNJ}اکبر"
want=$T_OUT
run translit "علي${ZWNJ}اكبر"
[ "$T_OUT" = "$want" ]
t_ok $? "translit (auto): علي+ZWNJ+اكبر reads as Persian, as علی+ZWNJ+اکبر ($want)"
[ "$T_OUT" = "$want" ] || echo "#   got: $T_OUT"

# Ukrainian dative and locative of a name in -га -ка -ха: г к х become
# з ц с before і (Сибіга -> Сибізі, of Andrii Sybiha in the glossary); the
# forms were built on the stem with its consonant (Сибігзі).
run translit "Сибізі" "Андрію Сибізі" "Сибігзі"
[ "$T_OUT" = "Sybiha
Andrii Sybiha
Sybihzi" ]
t_ok $? "translit: Сибізі is Sybiha, Сибігзі is not"
echo "$T_OUT" | sed 's/^/#   /'
printf 'Blinken wrote to Андрію Сибізі on Monday.\n' > "$T_TMP/sy.txt"
run fix -f changes "$T_TMP/sy.txt"
expect_out "Андрію Сибізі -> Andrii Sybiha" "fix: Андрію Сибізі -> Andrii Sybiha"

t_done
