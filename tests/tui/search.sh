# Search finds checklist answers too (malware traits, root cause, host
# profile...), each hit saying where it matched, its snippet the line
# that holds the match, highlighted; Enter opens the place of the match
# (the incident at the answered item, the notebook at the entry) with
# the match highlighted there, and n goes on to the next.
. "$(dirname "$0")/lib.sh"

demo_store
export CASEBOOK_STORE=$DEMO
# An answer with words found nowhere else.
expect_exit 0 cb answer 2026-0006 reporter "Kuwabara Haruto, library desk, ext. 2231"
S=s
start s 120 40
wait_for "4 Closed (2)"

# In a checklist answer only (the reporter of 2026-0006).
keys S
wait_for "Search titles and notebooks:"
type_text "Kuwabara"
keys Enter
wait_for "1 incident matches"
row=$(printf '%s\n' "$SCREEN" | grep "^2026-0006")
contains "$row" "reporter" "where it matched"
contains "$row" "Kuwabara Haruto, library desk, ext. 2231" "the match with its line"
# The match is drawn in the match colour.
T capture-pane -p -e -t "$S" | grep "2026-0006" | grep -q "$(printf "\033")\[[0-9;]*mKuwabara" ||
	fail "the match is not highlighted: $(T capture-pane -p -e -t "$S" | grep 2026-0006 | cat -v)"
keys Enter
wait_for "Incident 2026-0006"
# The incident opens at the answered item.
printf '%s\n' "$SCREEN" | grep -q "(reporter, " ||
	fail "the item is not the selected one: $SCREEN"
keys q q
wait_for "4 Closed (2)"

# In the notebook: the entry opens, the match selected and highlighted;
# n goes to the next match.
keys S
wait_for "Search titles and notebooks:"
type_text "Splunk"
keys Enter
wait_for "match"
contains "$SCREEN" "notebook" "a notebook hit says so"
keys Enter
wait_for "Notebook"
sel1=$(line 39 | grep -o '[0-9]*/[0-9]*')
[ -n "$sel1" ] || fail "no position: $SCREEN"
T capture-pane -p -e -t "$S" | grep -q "$(printf '\033')\[[0-9;]*mSplunk" ||
	fail "the match is not highlighted in the notebook"
keys n
settle
sel2=$(line 39 | grep -o '[0-9]*/[0-9]*')
[ "$sel1" != "$sel2" ] || contains "$SCREEN" "The only match" "n moved on or said it is the only match"
quit
exit 0
