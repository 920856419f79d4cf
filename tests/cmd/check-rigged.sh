# casebook check sees a rigged index: an edit of index.db that keeps it a
# valid database changes what log (authors, summaries), show (evidence
# names, note authors), list --json (progress), checklist (answers) and
# events print; check compares every table those answer from with an
# index built afresh from the record and names each difference.
. "$(dirname "$0")/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || fail "check-rigged.sh needs sqlite3"
db="$CASEBOOK_STORE/index.db"
me=$(id -un)

expect_exit 0 cb init
expect_exit 0 cb new --title "rigged"
id=$OUT
expect_exit 0 cb note "$id" -m "a note of mine"
printf 'evidence\n' >"$TESTDIR/ev.txt"
expect_exit 0 cb attach "$id" "$TESTDIR/ev.txt"
expect_exit 0 cb answer "$id" source alert
expect_exit 0 cb check
contains "$OUT" "ok:" "a sound store"

# rig WHAT SQL NEEDLE COMMAND...: the edit shows in COMMAND's output
# (COMMAND -: nothing prints that table alone) and check reports it,
# naming the kind of row; reindex mends it.
rig() {
	what=$1 sql=$2 needle=$3
	shift 3
	sqlite3 "$db" "$sql" || fail "$what: cannot edit the index"
	if [ "$1" != - ]; then
		expect_exit 0 cb "$@"
		contains "$OUT" "$needle" "$what: the rigged value shows in '$*'"
	fi
	expect_exit 1 cb check
	contains "$OUT" "problem: index.db: the $what " "$what: check names it"
	contains "$OUT" "differs from the record" "$what: check says how"
	contains "$ERR" "problem" "$what: check's summary"
	expect_exit 0 cb reindex
	expect_exit 0 cb check
	lacks "$OUT" "problem" "$what: mended by reindex"
}

rig "history entry" "UPDATE commits SET author = 'mallory' WHERE author = '$me'" \
    mallory log "$id"
rig "history entry" "UPDATE commits SET summary = 'nothing happened' WHERE action = 'note'" \
    "nothing happened" log "$id"
rig "evidence" "UPDATE attachments SET name = 'innocent.txt'" \
    innocent.txt show "$id"
rig "note" "UPDATE notes SET author = 'mallory'" mallory show "$id"
rig "checklist" "UPDATE checklists SET gate_done = gate_required" \
    '"gate_done": ' list --json
rig "answer" "UPDATE answers SET value = 'external_report' WHERE item = 'source'" \
    external_report -
rig "event" "UPDATE events SET actor = 'mallory'" mallory events
rig "incident" "UPDATE incidents SET title = 'harmless'" harmless list

# A row the record does not have, and one the index lost.
sqlite3 "$db" "INSERT INTO commits(oid, incident, at, author, email, action, summary)
    SELECT 'ffffffffffffffffffffffffffffffffffffffff', incident, at, 'ghost',
    email, action, 'a change nobody made' FROM commits WHERE incident = '$id' LIMIT 1" ||
	fail "cannot add a history row"
expect_exit 1 cb check
contains "$OUT" "history entry $id ffffffffffff differs from the record (it is not in the record)" \
    "an invented history entry"
expect_exit 0 cb reindex
sqlite3 "$db" "DELETE FROM attachments" || fail "cannot delete evidence rows"
expect_exit 1 cb check
contains "$OUT" "the evidence $id ev.txt of the record is missing" "lost evidence"
expect_exit 0 cb reindex
expect_exit 0 cb check
# The check leaves nothing behind.
ls "$CASEBOOK_STORE" | grep -q casebook-check && fail "check left its index"
exit 0
