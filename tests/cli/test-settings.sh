#!/bin/bash
# CLI tests for the settings every command reads the same way (issue 18):
# a team glossary named in .glossa.ini is the one check, fix and find use;
# disable comments stop fix; a mistyped rule is an error naming file:line;
# the per-user config.ini; `glossa config`; init refusing an empty
# glossary that would shadow the built-in one; the empty-glossary warning.
GLOSSA=${1:?usage: test-settings.sh PATH-TO-GLOSSA}
. "$(dirname "$0")/lib.sh"
# The tests run in a folder of their own: the program by its full path.
case $GLOSSA in /*) ;; *) GLOSSA="$PWD/$GLOSSA" ;; esac
cd "$T_TMP" || exit 1

# ---- a team glossary named in .glossa.ini ----
# The name is in no other glossary, so only the team glossary can know it.
mkdir -p desk/world
run --glossary desk/team.db glossary init --empty
expect_rc 0 "set-up: an empty team glossary (--glossary: no --empty needed, but allowed)"
run --glossary desk/team.db glossary add -s Qarvani qarvani-omar "Omar Qarvani" "Omar al-Qarwani" Qarwani
expect_rc 0 "set-up: a name only the team glossary has"
printf '[glossa]\nglossary = team.db\n' >desk/.glossa.ini
chmod 644 desk/.glossa.ini
printf 'Omar al-Qarwani met reporters. Qarwani said little.\n' >desk/world/story.txt
cp desk/world/story.txt story.orig

run check desk/world/story.txt
expect_rc 1 "check: the team glossary's variant is found"
expect_out 'house form is "Omar Qarvani"' "  from the glossary the .glossa.ini above names"
expect_out "glossary: $T_TMP/desk/team.db" "  the report names the glossary used"
run fix desk/world/story.txt
expect_rc 1 "fix: the same settings, so something to fix"
expect_out "Omar Qarvani met reporters. Qarvani said little." "  the team glossary's house forms"
run fix --format changes desk/world/story.txt
expect_out "glossary: $T_TMP/desk/team.db" "fix's change report names the glossary"
(cd desk/world && "$GLOSSA" glossary find Qarwani) >find.out 2>&1
grep -q "Qarwani -> Qarvani" find.out
t_ok $? "glossary find in the folder uses the settings' glossary"
run glossary find Qarwani
expect_rc 1 "outside the folder, find uses the default glossary"
expect_out "not in the glossary ($GLOSSA_DEFAULT_DB)" "  and says which glossary it looked in"
run --glossary desk/team.db glossary alias qarvani-omar "Омар Карвани"
expect_rc 0 "set-up: the name's native form"
(cd desk/world && "$GLOSSA" translit "Омар Карвани") >tr.out 2>&1
grep -qx "Omar Qarvani" tr.out
t_ok $? "translit in the folder uses the settings' glossary (its house form)"
run translit "Омар Карвани"
expect_out "Omar Karvani" "  outside it, the rules alone"
run --glossary "$GLOSSA_DEFAULT_DB" check desk/world/story.txt
expect_out "glossary: $GLOSSA_DEFAULT_DB" "--glossary wins over the settings"

# ---- glossa config ----
run config desk/world/story.txt
expect_rc 0 "config: exit 0"
expect_out "glossary = $T_TMP/desk/team.db" "  the glossary in effect"
expect_out "; $T_TMP/desk/.glossa.ini:2" "  and the file and line that set it"
expect_out "variant = error                 ; default" "  an unset rule: its default"
expect_out "# glossary in use: $T_TMP/desk/team.db (named by $T_TMP/desk/.glossa.ini:2)" "  which glossary and why"
run config
expect_out "# glossary in use: $GLOSSA_DEFAULT_DB (the built-in glossary)" "config in a folder without settings: the built-in glossary"
run --glossary desk/team.db config
expect_out "glossary = desk/team.db" "config: --glossary"
expect_out "; option" "  is said to come from an option"

# ---- disable comments and quotes in fix ----
printf 'Omar al-Qarwani spoke. <!-- glossa-disable-line variant -->\nOmar al-Qarwani left.\n' >desk/world/quiet.txt
run fix desk/world/quiet.txt
expect_rc 1 "fix with a disable comment: the other line is fixed"
expect_out "Omar al-Qarwani spoke. <!-- glossa-disable-line variant -->
Omar Qarvani left." "  the line the comment covers is left as written"
printf '<!-- glossa-disable variant -->\nOmar al-Qarwani spoke.\n<!-- glossa-enable variant -->\n' >desk/world/block.txt
run fix desk/world/block.txt
expect_rc 0 "a disable ... enable block: nothing to fix inside it"
printf 'Omar Qarvani spoke. \xe2\x80\x9cQarwani is here,\xe2\x80\x9d he said.\n' >desk/world/quote.txt
run fix desk/world/quote.txt
expect_rc 1 "without quotes = exempt, fix changes a name in quoted speech"
printf 'quotes = exempt\n' >>desk/.glossa.ini
run fix desk/world/quote.txt
expect_rc 0 "quotes = exempt in .glossa.ini: fix leaves quoted speech as written"
run config desk/world/quote.txt
expect_out "quotes = exempt                 ; $T_TMP/desk/.glossa.ini:3" "config shows quotes = exempt and its line"

# ---- a mistyped rule is an error, never "every rule" ----
printf 'Omar al-Qarwani spoke.\n<!-- glossa-disable-line varient -->\n' >desk/world/typo.txt
cp desk/world/typo.txt typo.orig
run fix desk/world/typo.txt
expect_rc 2 "fix: a comment naming an unknown rule is an error"
expect_err "desk/world/typo.txt:2: unknown rule 'varient' in a glossa comment (did you mean 'variant'?)" "  naming file:line and the rule meant"
expect_one_line_err "  in one line"
run fix -i desk/world/typo.txt
same_file desk/world/typo.txt typo.orig "  and fix -i changes nothing"
run check desk/world/typo.txt
expect_rc 2 "check: the same error"
expect_err "desk/world/typo.txt:2: unknown rule 'varient'" "  naming file:line"
mkdir -p typo
printf '[rules]\nspelling = off\nvarient = off\n' >typo/.glossa.ini
chmod 644 typo/.glossa.ini
printf 'Bashar al-Asad spoke.\n' >typo/a.txt
run check typo/a.txt
expect_rc 2 "check: an unknown rule in .glossa.ini is an error"
expect_err "typo/.glossa.ini:3: unknown rule 'varient' (did you mean 'variant'?)" "  naming the file, the line and the rule meant"
run config typo/a.txt
expect_rc 2 "config: the same error"
mkdir -p noglossary
printf '[glossa]\nglossary =\n' >noglossary/.glossa.ini
chmod 644 noglossary/.glossa.ini
printf 'Bashar al-Asad spoke.\n' >noglossary/a.txt
cp noglossary/a.txt noglossary/a.orig
run fix -i noglossary/a.txt
expect_rc 2 "fix: 'glossary =' with no path is an error (not the folder)"
expect_err "noglossary/.glossa.ini:2: glossary: no path given" "  naming the file and the line"
cmp -s noglossary/a.txt noglossary/a.orig; t_ok $? "  and the draft is as it was"
run config noglossary/a.txt
expect_rc 2 "config: the same error"

# ---- [rules] variant = off: fix, which is that rule, changes nothing ----
mkdir -p off
printf '[rules]\nvariant = off\n' >off/.glossa.ini
chmod 644 off/.glossa.ini
printf 'Bashar al-Asad spoke.\n' >off/a.txt
run fix off/a.txt
expect_rc 0 "variant = off in .glossa.ini: fix changes nothing"
expect_out "Bashar al-Asad spoke." "  the text as it was"
run check off/a.txt
case "$T_OUT" in *"[variant]"*) t_ok 1 "  and check reports no variant" ;; *) t_ok 0 "  and check reports no variant" ;; esac

# ---- the per-user settings file ----
mkdir -p xdg/glossa user
printf '[accept]\nwords = Zorblat\n[rules]\nvariant = warning\n' >xdg/glossa/config.ini
chmod 644 xdg/glossa/config.ini
printf 'Zorblat said Bashar al-Asad spoke.\n' >user/a.txt
XDG_CONFIG_HOME="$T_TMP/xdg" run check user/a.txt
expect_rc 1 "per-user config: read"
expect_out "warning: \"Bashar al-Asad\" is a variant" "  its rule setting applies"
case "$T_OUT" in *Zorblat*) t_ok 1 "  its accepted word is not reported" ;; *) t_ok 0 "  its accepted word is not reported" ;; esac
expect_out "settings: $T_TMP/xdg/glossa/config.ini" "  and the report names it"
XDG_CONFIG_HOME="$T_TMP/xdg" run config user/a.txt
expect_out "variant = warning               ; $T_TMP/xdg/glossa/config.ini:4" "config: the per-user setting and its line"
printf '[glossa]\nglossary = ../../desk/team.db\n' >xdg/glossa/config.ini
XDG_CONFIG_HOME="$T_TMP/xdg" run fix desk/world/story.txt
expect_out "Omar Qarvani met" "a per-user glossary = is used by fix (relative to its folder)"
cp desk/world/story.txt user/story.txt
XDG_CONFIG_HOME="$T_TMP/xdg" run fix user/story.txt
expect_rc 1 "  also where no .glossa.ini is"
chmod 666 xdg/glossa/config.ini
XDG_CONFIG_HOME="$T_TMP/xdg" run fix user/story.txt
expect_rc 0 "a per-user file anyone can write is ignored"
expect_err "ignoring settings $T_TMP/xdg/glossa/config.ini: writable by anyone" "  with a warning"
rm -rf xdg
mkdir -p "$HOME/.config/glossa"
printf '[rules]\nvariant = info\n' >"$HOME/.config/glossa/config.ini"
chmod 644 "$HOME/.config/glossa/config.ini"
run check --fail-on error user/a.txt
expect_out "info: \"Bashar al-Asad\"" "without XDG_CONFIG_HOME: ~/.config/glossa/config.ini"
run check --no-config user/a.txt
expect_out "error: \"Bashar al-Asad\"" "check --no-config: not the per-user file either"
run config --no-config user/a.txt
expect_out "variant = error                 ; default" "config --no-config: the defaults"
run fix --no-config desk/world/story.txt
expect_rc 0 "fix --no-config: not the .glossa.ini's glossary"
printf '[glossa]\nglossary = team.db\n[rules]\nvariant = error\n' >desk/.glossa.ini
printf 'Omar al-Qarwani spoke.\n' >desk/world/a.txt
run check desk/world/a.txt
expect_out "error: \"Omar al-Qarwani\"" "a .glossa.ini wins over the per-user file"
rm -rf "$HOME/.config"

# ---- two drafts, two glossaries: fix refuses ----
run fix desk/world/story.txt user/story.txt
expect_rc 2 "fix: drafts whose settings name different glossaries are refused"
expect_err "fix them in separate runs; nothing was changed" "  saying so"
same_file desk/world/story.txt story.orig "  nothing was changed"

# ---- glossary init: no surprise glossary ----
run glossary init
expect_rc 2 "init without --from-default or --empty: refused"
expect_err "--from-default" "  naming --from-default"
expect_err "--empty" "  and --empty"
expect_one_line_err "  in one line"
test ! -e "$HOME/.local/share/glossa/glossary.db"
t_ok $? "  and no glossary was made"
printf 'Bashar al-Asad visited Kiev.\n' >kiev.txt
run check kiev.txt
expect_rc 1 "before: the built-in glossary finds Kiev and al-Asad"
run glossary init --empty
expect_rc 0 "init --empty proceeds"
run check kiev.txt
expect_err "the glossary $HOME/.local/share/glossa/glossary.db is empty" "check warns of an empty glossary"
expect_out "glossary: $HOME/.local/share/glossa/glossary.db" "  and names it in the report"
rm -f "$HOME/.local/share/glossa/glossary.db"*
run glossary init --from-default --empty
expect_rc 2 "--from-default and --empty together: refused"

t_done
