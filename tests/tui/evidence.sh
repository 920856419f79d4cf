# Evidence in the notebook: Enter on a text file opens it in $PAGER
# (sanitised first: a fake pager copies what it was given), on a binary
# shows its description and a hex dump of its head; 's' saves it to a
# path, the same bytes, never over an existing file.
. "$(dirname "$0")/lib.sh"

expect_exit 0 cb init
expect_exit 0 cb new --title "malware on a lab PC"
id=$OUT
printf 'GET /beacon HTTP/1.1\n\033]0;PWNED\007 end\n' >"$TESTDIR/log.txt"
printf '\177ELF\002\001\001\000\000\000binary\000\377\376' >"$TESTDIR/a.out"
expect_exit 0 cb note "$id" -m "the lab sent its proxy log"
expect_exit 0 cb attach "$id" "$TESTDIR/log.txt"
expect_exit 0 cb attach "$id" "$TESTDIR/a.out"
cat >"$TESTDIR/pager" <<PG
#!/bin/sh
for a; do f=\$a; done
cp "\$f" "$TESTDIR/paged"
PG
chmod +x "$TESTDIR/pager"
export PAGER="$TESTDIR/pager -X"

S=e
start e 120 40
wait_for "4 Closed"
keys B
wait_for "Evidence"
# '/' finds the row.
keys /
type_text "a.out"
keys Enter
wait_for " 6/7"
keys Enter
wait_for "Size: 19 bytes (binary)"
contains "$SCREEN" "00000000  7f 45 4c 46 02 01 01 00 00 00 62 69 6e 61 72 79  |.ELF......binary|" "the hex dump"
keys q
wait_for "Evidence"
# s saves it; an existing path is refused.
# Tab completes the path: the folder, then the name.
mkdir -p "$TESTDIR/kept/cases"
keys s
wait_for "Save the evidence to the path:"
type_text "$TESTDIR/kep"
keys Tab
wait_for "path: $TESTDIR/kept/"
keys Tab
wait_for "path: $TESTDIR/kept/cases/"
type_text "saved.bin"
keys Enter
wait_for "Saved 19 bytes to"
cmp -s "$TESTDIR/kept/cases/saved.bin" "$TESTDIR/a.out" || fail "the saved bytes differ (completed path)"
keys s
wait_for "Save the evidence to the path:"
type_text "$TESTDIR/saved.bin"
keys Enter
wait_for "Saved 19 bytes to $TESTDIR/saved.bin"
cmp -s "$TESTDIR/saved.bin" "$TESTDIR/a.out" || fail "the saved bytes differ"
keys s
wait_for "Save the evidence to the path:"
type_text "$TESTDIR/log.txt"
keys Enter
wait_for "exists already; nothing was written"
cmp -s "$TESTDIR/log.txt" "$TESTDIR/saved.bin" && fail "overwritten"
# In the attach prompt too; Tab again offers the next name, round.
keys A
wait_for "Attach the file at path:"
type_text "$TESTDIR/log"
keys Tab
wait_for "path: $TESTDIR/log.txt"
keys C-u
type_text "$TESTDIR/kept/cases/"
keys Tab
wait_for "path: $TESTDIR/kept/cases/saved.bin"
keys Escape
wait_gone "Attach the file at path:"
# The text in $PAGER, its escape made visible.
keys /
type_text "log.txt"
keys Enter
wait_for " 7/7"
keys Enter
i=0
while [ ! -s "$TESTDIR/paged" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
[ -s "$TESTDIR/paged" ] || fail "the pager did not run: $(screen)"
grep -q 'GET /beacon HTTP/1.1' "$TESTDIR/paged" || fail "paged: $(cat -v "$TESTDIR/paged")"
grep -q '\^\[\]0;PWNED\^G end' "$TESTDIR/paged" || fail "not sanitised: $(cat -v "$TESTDIR/paged")"
wait_for "Evidence"
# s elsewhere says what to select.
keys g s
wait_for "Select a piece of evidence first"
quit
exit 0
