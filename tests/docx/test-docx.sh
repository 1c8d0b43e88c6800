#!/bin/bash
# Word documents (.docx) in glossa fix and check (issue 18): the body read
# as text, a line per paragraph; fixes written back into the runs (and as
# tracked changes), findings as Word comments; every other member of the
# archive kept byte for byte; bad archives refused, nothing written.
# The documents are made here by docx-tool (libzip), from the XML below.
GLOSSA=$(realpath "${1:?usage: test-docx.sh GLOSSA DOCX-TOOL}")
TOOL=$(realpath "${2:?usage: test-docx.sh GLOSSA DOCX-TOOL}")
. "$(dirname "$0")/../cli/lib.sh"
W="$T_TMP/work"
S="$T_TMP/src"
mkdir -p "$W" "$S/_rels" "$S/word/_rels" "$S/docProps"
cd "$W" || exit 2

cat >"$S/[Content_Types].xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>
EOF
cat >"$S/_rels/.rels" <<'EOF'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>
EOF
cat >"$S/word/_rels/document.xml.rels" <<'EOF'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.com/Kiev" TargetMode="External"/></Relationships>
EOF
printf '<?xml version="1.0"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"><cp:keywords>Kiev</cp:keywords></cp:coreProperties>\n' >"$S/docProps/core.xml"
# Paragraph 1: "Bashar" italic, " al-", "Asad" bold: one name over three
# runs. 2: an existing tracked deletion and insertion (by Ann). 3: a
# hyperlink, a tab and a line break. 4: a table cell. 5: empty. 6: clean.
cat >"$S/word/document.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>
<w:p><w:r><w:t xml:space="preserve">President </w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>Bashar</w:t></w:r><w:r><w:t xml:space="preserve"> al-</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>Asad</w:t></w:r><w:r><w:t xml:space="preserve"> spoke in Kiev.</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">Old </w:t></w:r><w:del w:id="1" w:author="Ann" w:date="2026-01-01T00:00:00Z"><w:r><w:delText>Kiev news </w:delText></w:r></w:del><w:ins w:id="2" w:author="Ann" w:date="2026-01-01T00:00:00Z"><w:r><w:t xml:space="preserve">Kiev </w:t></w:r></w:ins><w:r><w:t>story.</w:t></w:r></w:p>
<w:p><w:hyperlink r:id="rId1"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t>Kiev</w:t></w:r></w:hyperlink><w:r><w:tab/><w:t>link</w:t><w:br/><w:t>second line</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>In Kiev, a cell.</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p/>
<w:p><w:r><w:t>Nothing here.</w:t></w:r></w:p>
<w:sectPr/></w:body></w:document>
EOF
MEMBERS=("[Content_Types].xml" _rels/.rels word/document.xml word/_rels/document.xml.rels docProps/core.xml)
"$TOOL" make a.docx "$S" "${MEMBERS[@]}"
t_ok $? "set-up: a Word document"
cp a.docx a.orig

tab=$(printf '\t')
ls_=$(printf '\342\200\250')
want_text="President Bashar al-Asad spoke in Kiev.
Old Kiev story.
Kiev${tab}link${ls_}second line
In Kiev, a cell.

Nothing here."
[ "$("$TOOL" text a.docx)" = "$want_text" ]
t_ok $? "the text: a line per paragraph, deleted text out, inserted in, tab, U+2028 for a break"

# Members other than those named, as they are in the archive.
others() {  # others FILE NAME... : list without the named members
	f=$1; shift
	"$TOOL" list "$f" | while read -r name rest; do
		skip=0
		for n in "$@"; do [ "$name" = "$n" ] && skip=1; done
		[ $skip = 1 ] || echo "$name $rest"
	done
}

# ---- fix: the changes, never the zip on standard output ----
run fix --format changes a.docx
expect_rc 1 "fix --format changes: exit 1"
expect_out "a.docx:1:11: Bashar al-Asad -> Bashar Assad [assad-bashar]" "  a name over three runs, paragraph 1 column 11"
expect_out "a.docx:2:5: Kiev -> Kyiv" "  inside an existing insertion, paragraph 2"
expect_out "a.docx:3:1: Kiev -> Kyiv" "  a hyperlink's text"
expect_out "a.docx:4:4: Kiev -> Kyiv" "  a table cell"
[ "$(grep -c " -> " "$T_TMP/out")" -eq 5 ]; t_ok $? "  five changes, nothing from deleted text"
run fix --format json a.docx
expect_out '"fixed": 5' "fix --format json"
run fix --diff a.docx
expect_out "+President Bashar Assad spoke in Kyiv." "fix --diff: the paragraphs as lines"
run fix a.docx
expect_rc 2 "fix FILE.docx without -i: exit 2"
expect_err "a.docx is a Word document: fix it in place (-i) or list the changes (--format changes)" "  says what to do"
[ ! -s "$T_TMP/out" ]; t_ok $? "  and prints no zip"
same_file a.docx a.orig "  the file is untouched"
run fix -n a.docx
expect_rc 1 "fix -n FILE.docx: exit 1, nothing printed"

# ---- fix -i ----
cp a.orig b.docx
run fix -i b.docx
expect_rc 1 "fix -i: exit 1"
[ "$("$TOOL" text b.docx)" = "President Bashar Assad spoke in Kyiv.
Old Kyiv story.
Kyiv${tab}link${ls_}second line
In Kyiv, a cell.

Nothing here." ]
t_ok $? "  the text fixed"
"$TOOL" cat b.docx word/document.xml >b.xml
grep -q '<w:r><w:rPr><w:i/></w:rPr><w:t>Bashar</w:t></w:r>' b.xml
t_ok $? "  \"Bashar\" keeps its italic run (only \"al-Asad\" is replaced)"
grep -q '<w:t xml:space="preserve"> Assad</w:t>' b.xml
t_ok $? "  the new text in the run where the change starts, xml:space kept"
! grep -q '<w:b/>' b.xml
t_ok $? "  the bold run that held only old text is gone"
[ "$(grep -o 'w:author="Ann"' b.xml | wc -l)" -eq 2 ] && grep -q '<w:delText>Kiev news </w:delText>' b.xml
t_ok $? "  Ann's revisions are kept, her deleted text untouched"
grep -q '<w:hyperlink r:id="rId1"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t>Kyiv</w:t>' b.xml
t_ok $? "  the hyperlink keeps its run and style"
grep -q 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"' b.xml
t_ok $? "  namespaces kept"
[ "$(others a.orig word/document.xml)" = "$(others b.docx word/document.xml)" ]
t_ok $? "  every other member byte for byte: names, order, method, size, CRC, packed bytes"
"$TOOL" list a.orig | awk '{print $1}' >names.a
"$TOOL" list b.docx | awk '{print $1}' >names.b
same_file names.a names.b "  the same members in the same order"
run fix --format changes b.docx
expect_rc 0 "  fixing the fixed document changes nothing"
run check --disable spelling b.docx
expect_rc 0 "  and check finds nothing in it"

# A stored (not compressed) document stays stored.
"$TOOL" make --store s.docx "$S" "${MEMBERS[@]}"
run fix -i s.docx
[ "$("$TOOL" list s.docx | awk '$1 == "word/document.xml" {print $2}')" = 0 ]
t_ok $? "a stored document.xml is written stored"

# ---- --track-changes ----
cp a.orig t.docx
run fix -i --track-changes t.docx
expect_rc 1 "fix -i --track-changes: exit 1"
"$TOOL" cat t.docx word/document.xml >t.xml
grep -q '<w:del w:id="[0-9]*" w:author="glossa" w:date="[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z"><w:r><w:delText>al-</w:delText></w:r></w:del>' t.xml
t_ok $? "  the old text in a w:del by glossa (w:delText, ISO 8601 UTC date)"
grep -q '<w:del w:id="[0-9]*" w:author="glossa" [^>]*><w:r><w:rPr><w:b/></w:rPr><w:delText>Asad</w:delText>' t.xml
t_ok $? "  each old run keeps its formatting inside the deletion"
grep -q '<w:ins w:id="[0-9]*" w:author="glossa" [^>]*><w:r><w:t>Assad</w:t></w:r></w:ins>' t.xml
t_ok $? "  the new text in a w:ins by glossa"
[ "$(grep -o '<w:ins [^>]*author="glossa"' t.xml | wc -l)" -eq 5 ]
t_ok $? "  one insertion per fix"
ids=$(grep -o 'w:id="[0-9]*"' t.xml | sort)
[ "$(echo "$ids" | uniq -d)" = "" ] && [ "$(echo "$ids" | wc -l)" -gt 10 ]
t_ok $? "  every w:id unique in the document"
"$TOOL" accept t.docx acc.docx
[ "$("$TOOL" text acc.docx)" = "$("$TOOL" text b.docx)" ]
t_ok $? "  accepting glossa's revisions gives the text of plain fix"
[ "$("$TOOL" text t.docx)" = "$("$TOOL" text b.docx)" ]
t_ok $? "  glossa reads the revised document as the fixed text"
run fix --format changes t.docx
expect_rc 0 "  fixing it again changes nothing"
[ "$(others a.orig word/document.xml)" = "$(others t.docx word/document.xml)" ]
t_ok $? "  every other member byte for byte"

# Word's own reading, where LibreOffice is installed (not in CI).
if command -v libreoffice >/dev/null 2>&1; then
	mkdir -p lo
	libreoffice --headless --convert-to txt:Text --outdir lo b.docx >/dev/null 2>&1
	grep -q "President Bashar Assad spoke in Kyiv." lo/b.txt
	t_ok $? "LibreOffice opens the fixed document and reads the fixed text"
	# Its text export shows a revision's old and new text side by side;
	# its flat ODT names each revision and its author.
	libreoffice --headless --convert-to fodt --outdir lo t.docx >/dev/null 2>&1
	[ "$(grep -o '<dc:creator>glossa</dc:creator>' lo/t.fodt | wc -l)" -ge 2 ] &&
		grep -q '<text:deletion>' lo/t.fodt && grep -q '<text:insertion>' lo/t.fodt
	t_ok $? "LibreOffice opens the tracked document and sees deletions and insertions by glossa"
else
	T_N=$((T_N + 2))
	echo "ok $((T_N - 1)) - # SKIP LibreOffice is not installed"
	echo "ok $T_N - # SKIP LibreOffice is not installed"
fi

# ---- several changes in one w:t; a name over two paragraphs ----
mkdir -p "$T_TMP/k/word"
cp -r "$S"/. "$T_TMP/k/"
cat >"$T_TMP/k/word/document.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r w:rsidR="00AB"><w:rPr><w:sz w:val="24"/></w:rPr><w:t>Kiev and Kiev,
Kiev.</w:t></w:r></w:p><w:p><w:r><w:t>Talks with Bashar</w:t></w:r></w:p><w:p><w:r><w:t>al-Asad began.</w:t></w:r></w:p></w:body></w:document>
EOF
"$TOOL" make k.docx "$T_TMP/k" "${MEMBERS[@]}"
[ "$("$TOOL" text k.docx | head -1)" = "Kiev and Kiev, Kiev." ]
t_ok $? "a line end inside a w:t reads as a space"
cp k.docx k1.docx
cp k.docx k2.docx
run fix -i k1.docx
expect_err "k1.docx: warning: 1 change(s) span two paragraphs or cut a tab or break in two; not made" "a name over two paragraphs is not changed, with a warning"
[ "$("$TOOL" text k1.docx)" = "Kyiv and Kyiv, Kyiv.
Talks with Bashar
al-Asad began." ]
t_ok $? "  three changes in one w:t"
"$TOOL" cat k1.docx word/document.xml | grep -q '^Kyiv.</w:t>'
t_ok $? "  the line end inside it kept"
run fix -i --track-changes k2.docx
"$TOOL" cat k2.docx word/document.xml >k2.xml
[ "$(grep -o '<w:del ' k2.xml | wc -l)" -eq 3 ] && grep -q '<w:r w:rsidR="00AB"><w:rPr><w:sz w:val="24"/></w:rPr><w:t xml:space="preserve"> and </w:t></w:r>' k2.xml
t_ok $? "  tracked: the w:t split into runs with the same properties"
"$TOOL" accept k2.docx k2a.docx
[ "$("$TOOL" text k2a.docx)" = "$("$TOOL" text k1.docx)" ]
t_ok $? "  accepted, the same text as plain fix"

# ---- several files, -j ----
cp a.orig c.docx
printf 'Bashar al-Asad in Kiev.\n' >p.txt
run fix -j 1 --format changes c.docx p.txt
one=$T_OUT
run fix -j 2 --format changes c.docx p.txt
[ "$T_OUT" = "$one" ] && [ -n "$one" ]; t_ok $? "fix -j 2 lists the same changes as -j 1"
run fix -j 2 -i c.docx p.txt
expect_rc 1 "fix -j 2 -i: a document and a text file"
[ "$("$TOOL" text c.docx)" = "$("$TOOL" text b.docx)" ] && [ "$(cat p.txt)" = "Bashar Assad in Kyiv." ]
t_ok $? "  both fixed"

# ---- check ----
run check --disable spelling a.docx
expect_rc 1 "check: exit 1"
expect_out 'a.docx:1:11: error: "Bashar al-Asad" is a variant spelling' "  line = paragraph, column = character in it"
expect_out 'a.docx:4:4: error: "Kiev"' "  a table cell is its own paragraph"
run check --disable spelling --type docx - <a.docx
expect_out '<stdin>:1:11:' "check --type docx reads standard input" 
run check -j 1 --disable spelling a.docx k.docx p.txt
one=$T_OUT
run check -j 2 --disable spelling a.docx k.docx p.txt
[ "$T_OUT" = "$one" ] && [ -n "$one" ]; t_ok $? "check -j 2 on Word documents reports what -j 1 does"
cp a.orig n.docx
run check --disable spelling --annotate n.docx
expect_rc 1 "check --annotate: exit 1"
"$TOOL" cat n.docx word/comments.xml >n.comments
[ "$(grep -o '<w:comment ' n.comments | wc -l)" -eq 5 ]
t_ok $? "  a comment per finding in word/comments.xml"
grep -q 'w:author="glossa"' n.comments && grep -q 'is a variant spelling; the house form is &quot;Bashar Assad&quot; \[variant\]\|is a variant spelling; the house form is "Bashar Assad" \[variant\]' n.comments
t_ok $? "  by glossa, with the finding's message"
"$TOOL" cat n.docx word/document.xml >n.xml
[ "$(grep -o '<w:commentRangeStart ' n.xml | wc -l)" -eq 5 ] && [ "$(grep -o '<w:commentReference ' n.xml | wc -l)" -eq 5 ]
t_ok $? "  each with its range and reference in the document"
"$TOOL" cat n.docx '[Content_Types].xml' | grep -q 'PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"'
t_ok $? "  the content type of the comments part"
"$TOOL" cat n.docx word/_rels/document.xml.rels | grep -q 'relationships/comments" Target="comments.xml"'
t_ok $? "  the relationship to it"
[ "$(others a.orig word/document.xml word/comments.xml '[Content_Types].xml' word/_rels/document.xml.rels)" = \
  "$(others n.docx word/document.xml word/comments.xml '[Content_Types].xml' word/_rels/document.xml.rels)" ]
t_ok $? "  every other member byte for byte"
[ "$("$TOOL" text n.docx)" = "$want_text" ]
t_ok $? "  the text is unchanged"
if command -v libreoffice >/dev/null 2>&1; then
	libreoffice --headless --convert-to fodt --outdir lo n.docx >/dev/null 2>&1
	[ "$(grep -o '<office:annotation>\|<office:annotation ' lo/n.fodt | wc -l)" -eq 5 ]
	t_ok $? "  LibreOffice opens it and sees the 5 comments"
else
	T_N=$((T_N + 1))
	echo "ok $T_N - # SKIP LibreOffice is not installed"
fi
run check --disable spelling --annotate n.docx
[ "$("$TOOL" cat n.docx word/comments.xml | grep -o '<w:comment ' | wc -l)" -eq 10 ]
t_ok $? "  a second run extends word/comments.xml"
ids=$("$TOOL" cat n.docx word/comments.xml | grep -o 'w:id="[0-9]*"' | sort)
[ "$(echo "$ids" | uniq -d)" = "" ]; t_ok $? "  with new ids"
cp a.orig clean.docx
"$TOOL" accept clean.docx clean.docx 2>/dev/null
run fix -i clean.docx
cp clean.docx clean.orig
run check --disable spelling --annotate clean.docx
expect_rc 0 "check --annotate on a clean document: exit 0"
same_file clean.docx clean.orig "  and the file is not rewritten"

# ---- the body where _rels/.rels says: word/document2.xml ----
mkdir -p "$T_TMP/d2/_rels" "$T_TMP/d2/word/_rels"
cp "$S/[Content_Types].xml" "$T_TMP/d2/"
sed 's|word/document.xml|word/document2.xml|' "$S/_rels/.rels" >"$T_TMP/d2/_rels/.rels"
cp "$S/word/document.xml" "$T_TMP/d2/word/document2.xml"
cp "$S/word/_rels/document.xml.rels" "$T_TMP/d2/word/_rels/document2.xml.rels"
"$TOOL" make d2.docx "$T_TMP/d2" "[Content_Types].xml" _rels/.rels word/document2.xml word/_rels/document2.xml.rels
run fix --format changes d2.docx
expect_out "d2.docx:1:11: Bashar al-Asad -> Bashar Assad" "the body's part found through _rels/.rels (word/document2.xml)"
cp d2.docx d2b.docx
run fix -i d2b.docx
[ "$("$TOOL" text d2b.docx)" = "$("$TOOL" text b.docx)" ]; t_ok $? "  fixed there"
run check --disable spelling --annotate d2.docx
"$TOOL" cat d2.docx word/_rels/document2.xml.rels | grep -q 'Target="comments.xml"' &&
	[ "$("$TOOL" cat d2.docx word/comments.xml | grep -o '<w:comment ' | wc -l)" -eq 5 ]
t_ok $? "  its comments related from word/_rels/document2.xml.rels"

# ---- footnotes and a header: lines after the body's ----
mkdir -p "$T_TMP/fn"
cp -r "$S"/. "$T_TMP/fn/"
cat >"$T_TMP/fn/word/_rels/document.xml.rels" <<'EOF'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.com/Kiev" TargetMode="External"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>
EOF
cat >"$T_TMP/fn/word/footnotes.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Reported from Kiev.</w:t></w:r></w:p></w:footnote></w:footnotes>
EOF
cat >"$T_TMP/fn/word/header1.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:r><w:t>Kiev bureau</w:t></w:r></w:p></w:hdr>
EOF
FN=("${MEMBERS[@]}" word/footnotes.xml word/header1.xml)
"$TOOL" make fn.docx "$T_TMP/fn" "${FN[@]}"
[ "$("$TOOL" text fn.docx)" = "$want_text
 Reported from Kiev.
Kiev bureau" ]
t_ok $? "footnotes, then headers: lines after the body's (a separator has none)"
run fix --format changes fn.docx
expect_out "fn.docx:7:16: Kiev -> Kyiv" "  a change in a footnote"
expect_out "fn.docx:8:1: Kiev -> Kyiv" "  a change in a header"
cp fn.docx fn1.docx
run fix -i fn1.docx
"$TOOL" cat fn1.docx word/footnotes.xml | grep -q 'Reported from Kyiv.</w:t>' &&
	"$TOOL" cat fn1.docx word/header1.xml | grep -q '<w:t>Kyiv bureau</w:t>' &&
	"$TOOL" cat fn1.docx word/footnotes.xml | grep -q '<w:separator/>'
t_ok $? "  fix -i writes both parts"
[ "$(others fn.docx word/document.xml word/footnotes.xml word/header1.xml)" = "$(others fn1.docx word/document.xml word/footnotes.xml word/header1.xml)" ]
t_ok $? "  every other member byte for byte"
cp fn.docx fn2.docx
run fix -i --track-changes fn2.docx
"$TOOL" cat fn2.docx word/header1.xml | grep -q '<w:ins w:id="[0-9]*" w:author="glossa"'
t_ok $? "  --track-changes there too"
cp fn.docx fn3.docx
run check --disable spelling --annotate fn3.docx
expect_err "fn3.docx: warning: 2 finding(s) outside the body or over two paragraphs; no comment on them" "  check --annotate: comments in the body only, with a word about the others"

# ---- a folder walked takes the Word documents in it ----
mkdir -p tree/sub
cp a.orig tree/sub/story.docx
printf 'Kiev.\n' >tree/note.txt
run fix --format changes tree
expect_out "tree/sub/story.docx:1:11: Bashar al-Asad -> Bashar Assad" "a folder walked: its .docx read as a Word document"
expect_out "tree/note.txt:1:1: Kiev -> Kyiv" "  beside its text files"
run fix tree
expect_rc 2 "  fix FOLDER to standard output refuses: a Word document in it"

# ---- bad input: one line naming the file, exit 2, nothing written ----
bad() {  # bad FILE MESSAGE DESCRIPTION
	cp "$1" bad.before
	run fix -i "$1"
	expect_rc 2 "$3: exit 2"
	expect_err "$1: $2" "  names the file: $2"
	expect_one_line_err "  one line"
	same_file "$1" bad.before "  the file is not written"
	run check --disable spelling "$1"
	expect_rc 2 "  check: exit 2"
	expect_err "$1: $2" "  check names it too"
}
printf 'Bashar al-Asad\n' >text.docx
bad text.docx "not a Word document (.docx): not a zip archive" "a text file named .docx"
: >empty.docx
bad empty.docx "not a Word document (.docx)" "an empty file"
"$TOOL" make nodoc.docx "$S" "[Content_Types].xml" _rels/.rels
bad nodoc.docx "not a Word document (.docx): no word/document.xml in the archive" "a zip without word/document.xml"
mkdir -p "$T_TMP/m/word"
cp -r "$S"/. "$T_TMP/m/"
printf '<?xml version="1.0"?>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>\n<w:p><w:r><w:t>Kiev</w:r></w:p></w:body></w:document>\n' >"$T_TMP/m/word/document.xml"
"$TOOL" make malformed.docx "$T_TMP/m" "${MEMBERS[@]}"
bad malformed.docx "word/document.xml:3: malformed XML" "malformed XML"
printf '<?xml version="1.0"?>\n<!DOCTYPE w:document [<!ENTITY x "Kiev">]>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>\n' >"$T_TMP/m/word/document.xml"
"$TOOL" make doctype.docx "$T_TMP/m" "${MEMBERS[@]}"
bad doctype.docx "word/document.xml: a DOCTYPE is not allowed" "a DOCTYPE with entities"
printf '<?xml version="1.0"?>\n<html><body/></html>\n' >"$T_TMP/m/word/document.xml"
"$TOOL" make notword.docx "$T_TMP/m" "${MEMBERS[@]}"
bad notword.docx "word/document.xml has no <w:document><w:body>" "XML that is not a Word body"
attrs=$(seq 300 | awk '{ printf " a%d=\"1\"", $1 }')
printf '<?xml version="1.0"?>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>\n<w:p%s><w:r><w:t>Kiev</w:t></w:r></w:p></w:body></w:document>\n' "$attrs" >"$T_TMP/m/word/document.xml"
"$TOOL" make attrs.docx "$T_TMP/m" "${MEMBERS[@]}"
bad attrs.docx "word/document.xml:3: an element with more than 256 attributes; not read" "an element with 300 attributes (libxml2 would take quadratic time)"
"$TOOL" bomb bomb.docx "$S" "${MEMBERS[@]}"
bad bomb.docx "unpacks to more than 256 MB; not read" "a zip bomb (300 MB of zeros in a few KB)"
if "$TOOL" make --encrypt enc.docx "$S" "${MEMBERS[@]}" 2>/dev/null; then
	bad enc.docx "[Content_Types].xml is encrypted; glossa reads no encrypted document" "an encrypted member"
else
	T_N=$((T_N + 1))
	echo "ok $T_N - # SKIP libzip cannot encrypt here"
fi
# A bad document among good ones is said in its place and passed over, as
# any draft that cannot be read (the others are fixed; exit 2).
cp a.orig ok.docx
cp text.docx text.before
run fix -i ok.docx text.docx
expect_rc 2 "a bad document beside a good one: exit 2"
expect_err "text.docx: not a Word document (.docx): not a zip archive" "  the bad one said"
[ "$("$TOOL" text ok.docx)" = "$("$TOOL" text b.docx)" ]; t_ok $? "  the good one fixed"
same_file text.docx text.before "  the bad one untouched"
run check --type docx --annotate - <a.orig
expect_rc 2 "check --annotate on standard input: usage error"

# ---- a desk's folder: 200 mixed drafts (text, Markdown, HTML, Word), one
# broken, checked and fixed in one run ----
M="$T_TMP/mixed"
mkdir -p "$M/m" "$M/doc"
cp -R "$S/." "$M/doc/"
cat >"$M/doc/word/document.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t xml:space="preserve">President </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>Bashar al-Asad</w:t></w:r><w:r><w:t xml:space="preserve"> spoke on Monday.</w:t></w:r></w:p>
<w:sectPr/></w:body></w:document>
EOF
"$TOOL" make "$M/one.docx" "$M/doc" "${MEMBERS[@]}"
for i in $(seq -w 1 50); do
	printf 'President Bashar al-Asad spoke on Monday.\n' >"$M/m/t$i.txt"
	printf '# Story %s\n\nPresident Bashar al-Asad spoke on Monday.\n' "$i" >"$M/m/s$i.md"
	printf '<!DOCTYPE html>\n<html><head><title>Story</title><script>var n = "Bashar al-Asad";</script></head>\n<body><p>President <a href="/bashar-al-asad">Bashar&nbsp;al-Asad</a> spoke on Monday.</p></body></html>\n' >"$M/m/h$i.html"
	[ "$i" = 50 ] || cp "$M/one.docx" "$M/m/w$i.docx"
done
printf 'PK\003\004 not really a zip' >"$M/m/w50.docx"
cp -R "$M/m" "$M/m.orig"
run check -j 2 "$M/m"
expect_rc 2 "200 mixed drafts, one broken: exit 2"
expect_out "199 findings (199 errors, 0 warnings, 0 info) in 199 files" "  a finding in each of the 199 others"
expect_out "1 file could not be read" "  the broken one counted"
expect_one_line_err "  one error line"
expect_err "w50.docx" "  naming the broken Word file"
n=$(printf '%s\n' "$T_OUT" | grep -c '\.html:3:')
[ "$n" = 50 ]; t_ok $? "  HTML findings at the source's line 3 ($n of 50)"
n=$(printf '%s\n' "$T_OUT" | grep -c '\.docx:1:11:')
[ "$n" = 49 ]; t_ok $? "  Word findings at paragraph 1, character 11 ($n of 49)"
run fix -i "$M/m"
expect_rc 2 "fix -i on the folder: exit 2 for the broken file"
cmp -s "$M/m/w50.docx" "$M/m.orig/w50.docx"; t_ok $? "  the broken file untouched"
grep -q 'Bashar Assad' "$M/m/t07.txt" && grep -q 'Bashar Assad' "$M/m/s07.md" &&
	grep -q '<a href="/bashar-al-asad">Bashar&nbsp;Assad</a>' "$M/m/h07.html" &&
	grep -q 'var n = "Bashar al-Asad"' "$M/m/h07.html" &&
	[ "$("$TOOL" text "$M/m/w07.docx")" = "President Bashar Assad spoke on Monday." ]
t_ok $? "  text, Markdown, HTML (text only) and Word fixed"
run check "$M/m"
expect_out "no findings in 199 files" "  checked again: nothing left"
expect_out "in 199 files" "  in the 199 readable drafts"

# check --annotate with a draft that cannot be read: the documents are
# annotated, and the -o report goes with them.
mkdir -p annot && cp a.orig annot/a.docx && printf 'x\000' > annot/bin.txt
run check --disable spelling --annotate -o annot.txt annot
expect_rc 2 "check --annotate -o with a draft that cannot be read: exit 2"
"$TOOL" list annot/a.docx | grep -q '^word/comments.xml '
t_ok $? "  the document is annotated"
grep -q '1 file could not be read' annot.txt; t_ok $? "  and the -o report written too"

# A comments part the relationships name other than word/comments.xml
# (not Word's name, another program's): the comments go into it, with ids
# after its own, and no unlinked word/comments.xml is made.
mkdir -p "$T_TMP/cm"
cp -r "$S"/. "$T_TMP/cm/"
mkdir -p "$T_TMP/cm/word/notes"
cat >"$T_TMP/cm/word/_rels/document.xml.rels" <<'EOF'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="notes/c1.xml"/></Relationships>
EOF
cat >"$T_TMP/cm/word/notes/c1.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:comment w:id="50" w:author="Ann"><w:p><w:r><w:t>old</w:t></w:r></w:p></w:comment></w:comments>
EOF
sed 's#</Types>#<Override PartName="/word/notes/c1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>#' "$S/[Content_Types].xml" >"$T_TMP/cm/[Content_Types].xml"
"$TOOL" make cm.docx "$T_TMP/cm" "${MEMBERS[@]}" word/notes/c1.xml
run check --disable spelling --annotate cm.docx
expect_rc 1 "check --annotate, comments in word/notes/c1.xml: exit 1"
! "$TOOL" list cm.docx | grep -q '^word/comments.xml '
t_ok $? "  no word/comments.xml beside the named part"
"$TOOL" cat cm.docx word/notes/c1.xml >cm.xml
[ "$(grep -o '<w:comment ' cm.xml | wc -l)" -eq 6 ] && grep -q 'w:id="50" w:author="Ann"' cm.xml
t_ok $? "  the named part extended, its comment kept"
refs=$("$TOOL" cat cm.docx word/document.xml | grep -o 'commentReference w:id="[0-9]*"' | sed 's/.*="//; s/"//')
ok=0
for r in $refs; do
	grep -q "<w:comment w:id=\"$r\" w:author=\"glossa\"" cm.xml || ok=1
	[ "$r" -gt 50 ] || ok=1
done
[ -n "$refs" ] && [ $ok = 0 ]; t_ok $? "  each reference a comment there, with an id after Ann's"

t_done
