# Notebook entries used to lie flat in notebook/; new ones are filed by
# month and hash (notebook/YYYY-MM/X/Y/).  A record holding both is read
# whole: show, search, check and a rebuilt index list every entry, in
# time order whatever its layout.
. "$(dirname "$0")/lib.sh"

expect_exit 0 cb init
export CASEBOOK_NOW=$(date -u -d 2026-11-19T09:00:00Z +%s)
expect_exit 0 cb new --title "mixed notebook"
id=$OUT
year=${id%%-*}
dir=incidents/$year/00/$id

# Two entries in the old flat layout, written with plain git.
WT="$TESTDIR/wt"
git clone -q -b main "$CASEBOOK_STORE/record.git" "$WT" || fail "git clone"
git -C "$WT" config user.name "Old Casebook"
git -C "$WT" config user.email "old@example.org"
mkdir -p "$WT/$dir/notebook"
printf 'flat entry one\n' >"$WT/$dir/notebook/20261120T100000.000000Z-olduser.md"
printf 'flat entry two\n' >"$WT/$dir/notebook/20261128T100000.000000Z-olduser.md"
git -C "$WT" add -A && git -C "$WT" commit -q -m "notes in the old layout" &&
	git -C "$WT" push -q origin main || fail "git push the old notes"

# Two new entries, between and after them.
CASEBOOK_NOW=$(date -u -d 2026-11-25T10:00:00Z +%s) \
	expect_exit 0 cb note "$id" -m "fanned entry one"
CASEBOOK_NOW=$(date -u -d 2026-11-30T10:00:00Z +%s) \
	expect_exit 0 cb note "$id" -m "fanned entry two"

# New entries land fanned out; the old ones stay where they were.
files=$(rgit ls-tree -r --name-only main "$dir/notebook")
printf '%s\n' "$files" | grep -qE "^$dir/notebook/2026-11/[0-9a-f]/[0-9a-f]/20261125T100000\.000000Z-[^/]+\.md\$" ||
	fail "a new entry's path: $files"
printf '%s\n' "$files" | grep -qE "^$dir/notebook/2026-11/[0-9a-f]/[0-9a-f]/20261130T100000\.000000Z-[^/]+\.md\$" ||
	fail "a new entry's path: $files"
contains "$files" "$dir/notebook/20261120T100000.000000Z-olduser.md" "an old entry kept flat"
[ "$(printf '%s\n' "$files" | wc -l)" = 4 ] || fail "four entries expected: $files"

# in_order TEXT: the four entries appear in time order.
in_order() {
	printf '%s\n' "$1" | grep -E "^(flat|fanned) entry" >"$TESTDIR/order"
	printf '%s\n' "flat entry one" "fanned entry one" "flat entry two" \
		"fanned entry two" | cmp -s - "$TESTDIR/order" ||
		fail "entries out of order: $(cat "$TESTDIR/order")"
}

expect_exit 0 cb show "$id"
in_order "$OUT"
contains "$OUT" "olduser" "an old entry's author from its name"
expect_exit 0 cb show --json "$id"
printf '%s\n' "$OUT" | grep -qE '"file": "2026-11/[0-9a-f]/[0-9a-f]/20261125T100000\.000000Z-' ||
	fail "a new entry's file in --json: $OUT"
contains "$OUT" '"file": "20261120T100000.000000Z-olduser.md"' "an old entry's file in --json"
contains "$OUT" '"at": "2026-11-28T10:00:00Z"' "an old entry's time from its name"
expect_exit 0 cb search "flat entry two"
contains "$OUT" "$id" "search finds an old entry"
expect_exit 0 cb search "fanned entry one"
contains "$OUT" "$id" "search finds a new entry"
expect_exit 0 cb check

# The same after a rebuild from the record.
expect_exit 0 cb reindex
expect_exit 0 cb show "$id"
in_order "$OUT"
expect_exit 0 cb check
exit 0
