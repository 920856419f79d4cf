# Hostile text: notes with escape sequences, invalid UTF-8, NUL bytes and
# bidi overrides are stored byte for byte, and every command prints them
# sanitised.  Attachment names cannot escape the evidence folder.
. "$(dirname "$0")/lib.sh"

expect_exit 0 cb init
expect_exit 0 cb new --title "hostile input"
id=$OUT
year=${id%%-*}
dir="incidents/$year/00/$id"

# ESC[2J, an OSC 52 clipboard write, a title change, C1 CSI (raw byte and
# UTF-8), invalid UTF-8, a NUL byte, a bidi override, and 不正侵入.
printf 'clear\033[2J clip\033]52;c;aGVsbG8=\007 title\033]0;pwned\007 c1\233x c1u\302\233y bad\377\376 nul\000after rlo\342\200\256evil 不正侵入\n' \
	>"$TESTDIR/hostile.txt"
expect_exit 0 cb note "$id" -F "$TESTDIR/hostile.txt"

# Stored faithfully.
file=$(rgit ls-tree -r --name-only "main:$dir/notebook" | head -1)
rgit cat-file blob "main:$dir/notebook/$file" >"$TESTDIR/stored"
cmp -s "$TESTDIR/hostile.txt" "$TESTDIR/stored" || fail "the note was not stored byte for byte"

# No raw control bytes in any output (newline and tab aside), nor C1 or
# bidi controls as UTF-8.
raw() {	# raw FILE: fails when FILE holds a byte a terminal would act on
	if LC_ALL=C grep -qaP '[\x00-\x08\x0b-\x1f\x7f]' "$1"; then
		fail "$2 printed a raw control byte: $(od -c "$1" | head -5)"
	fi
	if LC_ALL=C grep -qaP '\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]' "$1"; then
		fail "$2 printed a C1 or bidi control"
	fi
	if LC_ALL=C grep -qaP '\x9b|\xff|\xfe' "$1"; then
		fail "$2 printed an invalid UTF-8 byte"
	fi
}
for cmd in "show $id" "show $id --json" "log $id" "log -p $id" "log $id --json" \
    "search 不正侵入" "search --json 不正侵入" "search pwned" "list"; do
	# shellcheck disable=SC2086
	cb $cmd >"$TESTDIR/o" 2>&1 || fail "'$cmd' failed"
	raw "$TESTDIR/o" "'$cmd'"
done
cb show "$id" >"$TESTDIR/o"
contains "$(cat "$TESTDIR/o")" 'clear^[[2J' "ESC shown visibly"
contains "$(cat "$TESTDIR/o")" '^[]52;c;aGVsbG8=^G' "OSC 52 shown visibly"
contains "$(cat "$TESTDIR/o")" 'nul^@after' "NUL shown visibly"
contains "$(cat "$TESTDIR/o")" '<U+202E>evil' "bidi override shown visibly"
contains "$(cat "$TESTDIR/o")" '\xff' "invalid byte shown visibly"
contains "$(cat "$TESTDIR/o")" '不正侵入' "Japanese intact"
cb show "$id" --json >"$TESTDIR/o"
contains "$(cat "$TESTDIR/o")" '\u001B[2J' "JSON escapes ESC"

# Attachment names with ../, slashes and controls stay metadata.
printf 'x' >"$TESTDIR/evil"
mkdir -p "$TESTDIR/a/b"
ln -s "$TESTDIR/evil" "$TESTDIR/a/b/$(printf '..\033[2Jname')"
expect_exit 0 cb attach "$id" "$TESTDIR/a/b/$(printf '..\033[2Jname')"
sha=$(printf 'x' | sha256sum | cut -d' ' -f1)
names=$(rgit ls-tree -r --name-only main)
printf '%s\n' "$names" | grep -q "^$dir/evidence/$sha\$" || fail "evidence not under its hash"
printf '%s\n' "$names" | grep -vqE "^incidents/$year/00/$id/(incident\.json|checklist\.json|notebook/[0-9]{4}-[0-9]{2}/[0-9a-f]/[0-9a-f]/[^/]+\.md|evidence/[0-9a-f]{64}(\.json)?)\$" &&
	fail "a file outside the incident's layout: $(printf '%s\n' "$names" | grep -vE '(incident\.json|checklist\.json|notebook/|evidence/)')"
cb show "$id" >"$TESTDIR/o"
raw "$TESTDIR/o" "show with a hostile attachment name"
contains "$(cat "$TESTDIR/o")" '..^[[2Jname' "attachment name shown visibly"
msg=$(rgit log -1 --format=%s main)
case $msg in *"$(printf '\033')"*) fail "a raw ESC in a commit message" ;; esac
expect_exit 0 cb check
exit 0
