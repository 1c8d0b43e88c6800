#!/bin/bash
# HTML drafts (issue 18): fix changes only the text of prose elements,
# every other byte stays; check reports lines and columns of the source.
GLOSSA=$(realpath "${1:?usage: test-html.sh PATH-TO-GLOSSA}")
. "$(dirname "$0")/../cli/lib.sh"
DATA="$(cd "$(dirname "$0")/data" && pwd)"
DB="$T_TMP/g.db"
W="$T_TMP/work"
mkdir -p "$W"
cd "$W" || exit 2

"$GLOSSA" --glossary "$DB" glossary init >/dev/null &&
	"$GLOSSA" --glossary "$DB" glossary import "$DATA/glossary.tsv" >/dev/null 2>&1
t_ok $? "set-up: a test glossary"
export GLOSSA_DB="$DB"

# ---- a CMS article, round trip ----
# article.want.html is written by hand: the names in text nodes fixed,
# nothing in the head's script and style, comments, attributes, <pre>,
# <code>, <kbd>, <var>, <textarea>, <svg>, <template>; &nbsp; and &#160;
# between name parts kept as written, a raw no-break space raw, a CRLF
# line, a name split by <b> left as written.
cp "$DATA/article.html" article.html
run fix article.html
expect_rc 1 "the article: something fixed"
"$GLOSSA" fix article.html >fixed.html 2>/dev/null
same_file fixed.html "$DATA/article.want.html" \
	"every byte but the names in prose text is the source's"
run fix fixed.html
expect_rc 0 "fixing the fixed article changes nothing"
"$GLOSSA" fix fixed.html >again.html 2>/dev/null
same_file again.html "$DATA/article.want.html" "  and writes it back as it is"
run fix --format changes article.html
expect_out "article.html:19:5: Bashar&nbsp;al-Asad -> Bashar&nbsp;Assad" \
	"the changes: line and column in the source, as the source writes it"
run fix -i article.html
same_file article.html "$DATA/article.want.html" "-i writes the same bytes"

# ---- check: line and column in the HTML source ----
run check --format json "$DATA/article.html"
expect_rc 1 "check: findings in the article"
# The text of a finding is its span as written; the message speaks of
# the name as read ("&nbsp;" a no-break space; below a space).
printf '%s\n' "$T_OUT" | grep -o '"text": "[^"]*", "line": [0-9]*, "column": [0-9]*' |
	sed 's/"text": "\([^"]*\)", "line": \([0-9]*\), "column": \([0-9]*\)/\2:\3 \1/' |
	sed 's/\xc2\xa0/ /g' >found
cat >found.want <<'EOF'
5:8 Bashar al-Asad
5:29 Erdogan
5:40 Kiev
19:5 Bashar&nbsp;al-Asad
19:28 Kiev
20:124 Kiev
21:77 Bashar al-Asad
21:107 Kiev
21:132 Erdogan
22:59 Asad
22:90 Asad
24:7 Bashar&#160;al-Asad
25:7 Zawahiri
28:26 Bashar al-Asad
29:24 Bashar</b> al-Asad
29:47 Zawahiri
EOF
same_file found found.want \
	"check: the names in prose text, at their line:column in the source, nothing else"
printf '%s\n' "$T_OUT" | grep -q "Bashar$(printf '\302\240')al-Asad[^,]* is a variant spelling.*\"text\": \"Bashar&nbsp;al-Asad\""
t_ok $? "  its text the span as written, its message the name as read"
run check "$DATA/article.want.html"
expect_out "29:24: error: \"Bashar al-Asad\"" \
	"check still reports the name a tag splits (fix leaves it)"

# ---- check's markers: the draft's comments, by its lines ----
cat >m.html <<'EOF'
<p>Kiev <!-- glossa-disable-next-line variant -->
</p><p><b>Kiev</b> here</p>
<p>Kiev <!-- glossa-disable-line variant --></p>
<p>Kiev</p><script>// <!-- glossa-disable --></script>
<p>Kiev<!-- glossa-disable variant --> Kiev</p><p>Kiev<!-- glossa-enable --> Kiev</p>
EOF
run check m.html
printf '%s\n' "$T_OUT" | grep -o '^m.html:[0-9]*:[0-9]*' >m.found
printf 'm.html:1:4\nm.html:4:4\nm.html:5:4\nm.html:5:78\n' >m.want
same_file m.found m.want \
	"markers in HTML comments: -next-line and -line by the source's lines; a <script>'s text is no marker"

# ---- precision: correct copy is left as it is ----
cat >correct.html <<'EOF'
<!doctype html>
<html><head><meta charset="UTF-8"><title>Bashar Assad in Kyiv</title>
<script>var who = "Bashar al-Asad", where = "Kiev";</script></head>
<body><!-- Bashar al-Asad, Kiev -->
<p data-x="Bashar al-Asad">Bashar&nbsp;Assad met Recep Tayyip Erdo&#287;an in
<a href="/kiev/bashar-al-asad" title="Bashar al-Asad">Kyiv</a>. Assad&rsquo;s aides
and al-Zawahiri&#x27;s men &amp; the chicken Kiev.</p>
<pre>Bashar al-Asad in Kiev</pre><p>Ain <b>al-Asad</b> is an air base.</p>
</body></html>
EOF
cp correct.html correct.orig
run fix correct.html
expect_rc 0 "correct HTML copy: nothing to fix"
"$GLOSSA" fix correct.html >correct.out 2>/dev/null
same_file correct.out correct.orig "  and every byte is passed through"
run check correct.html
case "$T_OUT" in
*variant*) t_ok 1 "  and check finds no variant in it"; printf '%s\n' "$T_OUT" | sed 's/^/#   /' ;;
*) t_ok 0 "  and check finds no variant in it" ;;
esac

# ---- sentence starts at block edges, not at inline tags ----
printf '<h2>Zawahiri</h2><p>Officials said <em>Zawahiri</em> left.</p><ul><li>Zawahiri fled</li></ul>Kabul<br>Zawahiri hid. Then <a href="#">Zawahiri</a> spoke.\n' >s.html
"$GLOSSA" fix s.html >s.out 2>/dev/null
printf '<h2>Al-Zawahiri</h2><p>Officials said <em>al-Zawahiri</em> left.</p><ul><li>Al-Zawahiri fled</li></ul>Kabul<br>Al-Zawahiri hid. Then <a href="#">al-Zawahiri</a> spoke.\n' >s.want
same_file s.out s.want "a heading, <li>, <br> start a sentence; <em> and <a> do not"

# ---- never markup made of text ----
# "<" then a Cyrillic letter is text; "<" then a Latin one is a tag.
printf '<p>a <\320\220\321\201\320\260\320\264 b, &\320\220\321\201\320\260\320\264 c</p>\n' >lt.html
cp lt.html lt.orig
run fix lt.html
expect_rc 0 "a name right after a '<' or '&' that is text is left (fuzz-html)"
"$GLOSSA" fix lt.html >lt.out 2>/dev/null
same_file lt.out lt.orig "  byte for byte"

# ---- a replacement is written as HTML ----
cat >amp.tsv <<'EOF'
# glossa glossary 1
pg	entry	org	approved	Consumer goods
pg	house	Procter & Gamble	Latn	en
pg	variant	Procter-Gamble	Latn	en	Procter & Gamble
EOF
"$GLOSSA" -g amp.db glossary init >/dev/null &&
	"$GLOSSA" -g amp.db glossary import amp.tsv >/dev/null 2>&1
t_ok $? "set-up: a glossary with '&' in a house form"
printf '<p>Procter-Gamble &amp; Procter&nbsp;Gamble</p>\n' >pg.html
printf '<p>Procter &amp; Gamble &amp; Procter&nbsp;&amp;&nbsp;Gamble</p>\n' >pg.want
"$GLOSSA" -g amp.db fix pg.html >pg.out 2>/dev/null
same_file pg.out pg.want "'&' in a replacement is written &amp;; &nbsp; joiners kept"
"$GLOSSA" -g amp.db fix pg.want >pg.again 2>/dev/null
same_file pg.again pg.want "  and the fixed text is the house form (idempotent)"
printf 'Procter-Gamble\n' >pg.txt
"$GLOSSA" -g amp.db fix pg.txt >pg.txt.out 2>/dev/null
[ "$(cat pg.txt.out)" = "Procter & Gamble" ]
t_ok $? "  (in plain text it stays a plain '&')"

# ---- the type: from the name, or --type ----
printf '<pre>Kiev</pre><p>Bashar&#160;al-Asad</p>\n' >t.htm
run fix t.htm
expect_out '<pre>Kiev</pre><p>Bashar&#160;Assad</p>' ".htm is HTML"
cp t.htm t.txt
run fix t.txt
expect_out '<pre>Kyiv</pre>' "  a .txt is plain text"
run fix --type html t.txt
expect_out '<pre>Kiev</pre><p>Bashar&#160;Assad</p>' "  --type html makes it HTML"
run fix -t htm t.txt
expect_out '<pre>Kiev</pre><p>Bashar&#160;Assad</p>' "  -t htm too"
cp t.htm t.HTML
run fix t.HTML
expect_out '<pre>Kiev</pre><p>Bashar&#160;Assad</p>' "  .HTML too"
"$GLOSSA" fix -t html - <t.htm >stdin.out 2>/dev/null
[ "$(cat stdin.out)" = '<pre>Kiev</pre><p>Bashar&#160;Assad</p>' ]
t_ok $? "  and standard input with -t html"
run fix -t xhtml t.txt
expect_rc 2 "an unknown type is a usage error"
expect_err "(plain, markdown, mdx, html, docx)" "  naming the types"

# ---- bad input: one line naming the file, nothing changed ----
printf '<html><head><meta charset="windows-1252"></head>\n<body><p>Kiev</p></body></html>\n' >cp.html
cp cp.html cp.orig
run fix -i cp.html
expect_rc 2 "<meta charset> not UTF-8: an input error"
expect_err "cp.html:1: the HTML declares its encoding as \"windows-1252\"" \
	"  naming the file, the line and the encoding"
expect_one_line_err "  on one line"
same_file cp.html cp.orig "  and the file is untouched"
run check cp.html
expect_rc 2 "  check refuses it the same way"
expect_err "cp.html:1: the HTML declares its encoding as \"windows-1252\"" \
	"  with the same words"
printf '<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">\n</head><p>Kiev</p>\n' >he.html
run fix he.html
expect_err "he.html:3: the HTML declares its encoding as \"ISO-8859-1\"" \
	"  a charset in <meta http-equiv=Content-Type> too"
printf '<meta charset="utf8"><meta http-equiv="content-type" content="text/html;charset=UTF-8"><p>Kiev</p>\n' >u8.html
run fix u8.html
expect_out "<p>Kyiv</p>" "utf8 and UTF-8 are UTF-8"
printf '<p>Kiev</p>\n<p>caf\xe9</p>\n' >bad.html
run fix bad.html
expect_rc 2 "invalid UTF-8 in HTML: an input error"
expect_err "bad.html:2: invalid UTF-8 at byte 18" "  in the words plain text gets"
expect_one_line_err "  on one line"
printf '<p>Kiev</p>%s' "$(printf '<div>%.0s' $(seq 600))" >deep.html
run fix deep.html
expect_rc 2 "HTML nested 600 deep is refused (the parser would take minutes on more)"
expect_err "deep.html:1: elements nested more than 512 deep" "  with its line"
printf '<p>Kiev%s</p>\n' "$(printf '<div></div>%.0s' $(seq 600))" >wide.html
run fix wide.html
expect_rc 1 "600 closed <div>s side by side are fine"

t_done
