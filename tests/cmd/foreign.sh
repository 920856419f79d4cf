# The record is plain Git, and people push to it with git.  A pushed file
# that casebook cannot use (broken JSON, a bad value, a missing title, an
# id naming another incident, a broken checklist) never bricks the store:
# the incident is listed as damaged with the reason, check reports it,
# casebook refuses to write over it, every other incident works, and the
# next good commit heals it.  A commit without casebook's trailers is in
# the history of the incidents it touched; a force-push is indexed again.
. "$(dirname "$0")/lib.sh"

expect_exit 0 cb init
expect_exit 0 cb new --title "alpha"
a=$OUT
expect_exit 0 cb new --title "beta"
b=$OUT
expect_exit 0 cb note "$a" -m "first note"
year=${a%%-*}
dir_a=incidents/$year/00/$a
dir_b=incidents/$year/00/$b
db="$CASEBOOK_STORE/index.db"

# A clone with plain git, pushing to the store's bare repository.
WT="$TESTDIR/wt"
git clone -q -b main "$CASEBOOK_STORE/record.git" "$WT" ||
	fail "cannot clone the record"
g() { git -C "$WT" "$@"; }
g config user.name "Mallory Admin"
g config user.email "mallory@example.org"
cp "$WT/$dir_b/incident.json" "$TESTDIR/good-b.json"

# wt_sync: the clone at the record's tip (casebook may have committed).
wt_sync() {
	g fetch -q origin || fail "git fetch"
	g reset -q --hard origin/main || fail "git reset"
}
# push MESSAGE: commits everything in the clone and pushes it.
push() {
	g add -A || fail "git add"
	g commit -q -m "$1" || fail "git commit: $1"
	g push -q origin main || fail "git push: $1"
}

# revert SUBJECT: reverts that commit with git and pushes.
revert() {
	wt_sync
	g revert --no-edit "$(g log -1 --format=%H --fixed-strings --grep="$1")" \
		>/dev/null || fail "git revert $1"
	g push -q origin main || fail "git push the revert of $1"
}

# damaged_ok ID REASON: listed, checked, reindexed, shown and refused as
# damaged, while the other incident works.
damaged_ok() {
	expect_exit 0 cb list
	contains "$OUT" "$1" "$2: the damaged incident listed"
	contains "$OUT" "DAMAGED: " "$2: the damaged marker"
	contains "$OUT" "$2" "$2: the reason in the list"
	contains "$OUT" "$other" "$2: the other incident listed"
	expect_exit 0 cb list --json
	contains "$OUT" '"damaged": {' "$2: the damage in --json"
	contains "$OUT" '"damaged": null' "$2: a sound incident in --json"
	expect_exit 1 cb check
	contains "$OUT" "$1 is damaged in the record" "$2: check"
	contains "$OUT" "$2" "$2: check says why"
	expect_exit 0 cb reindex
	expect_exit 0 cb list
	contains "$OUT" "DAMAGED: " "$2: still damaged after reindex"
	expect_exit 0 cb show "$1"
	contains "$OUT" "$1 is damaged in the record" "$2: show"
	contains "$OUT" "$2" "$2: show says why"
	expect_exit 1 cb note "$1" -m "over the damage"
	contains "$ERR" "$1 is damaged in the record" "$2: a note refused"
	contains "$ERR" "fix it with git or revert the commit" "$2: advice"
	expect_exit 1 cb set "$1" urgency low
	contains "$ERR" "$1 is damaged in the record" "$2: a set refused"
	expect_exit 0 cb show "$other"
	contains "$OUT" "$other_title" "$2: the other incident shown"
	expect_exit 0 cb note "$other" -m "still fine: $2"
	expect_exit 0 cb search "still fine"
	contains "$OUT" "$other" "$2: search works"
}

# healed_ok ID TITLE: the fixing commit made it sound again.
healed_ok() {
	expect_exit 0 cb list
	lacks "$OUT" "DAMAGED" "healed $1: list"
	contains "$OUT" "$2" "healed $1: its title"
	expect_exit 0 cb check
	[ "$(sqlite3 "$db" "SELECT count(*) FROM damaged")" = 0 ] ||
		fail "healed $1: the quarantine row is still there"
	expect_exit 0 cb note "$1" -m "healed"
}

other=$a other_title=alpha

# 1. Broken JSON.
wt_sync
printf '{ "id": "%s", "title": \n' "$b" >"$WT/$dir_b/incident.json"
push "break beta's JSON"
damaged_ok "$b" "incident.json:2"
wt_sync
cp "$TESTDIR/good-b.json" "$WT/$dir_b/incident.json"
push "mend beta"
healed_ok "$b" beta

# 2. A value casebook does not know.
wt_sync
sed 's/"urgency": "[a-z]*"/"urgency": "whenever"/' "$TESTDIR/good-b.json" \
	>"$WT/$dir_b/incident.json"
push "urgency by hand"
damaged_ok "$b" "'whenever' is not a valid value"
revert "urgency by hand"
healed_ok "$b" beta

# 3. A missing title.
wt_sync
grep -v '"title"' "$TESTDIR/good-b.json" >"$WT/$dir_b/incident.json"
push "no title"
damaged_ok "$b" "field 'title' is missing"
wt_sync
cp "$TESTDIR/good-b.json" "$WT/$dir_b/incident.json"
push "the title again"
healed_ok "$b" beta

# 4. An id naming another incident: never written over that one's row.
wt_sync
sed "s/\"id\": \"$b\"/\"id\": \"$a\"/; s/\"title\": \"beta\"/\"title\": \"impostor\"/" \
	"$TESTDIR/good-b.json" >"$WT/$dir_b/incident.json"
push "beta claims to be alpha"
damaged_ok "$b" "its id says $a but its folder is $b"
[ "$(sqlite3 "$db" "SELECT title FROM incidents WHERE id = '$a'")" = alpha ] ||
	fail "id mismatch: $a's row was written over"
expect_exit 0 cb show "$a"
lacks "$OUT" "impostor" "id mismatch: $a shown as itself"
revert "beta claims to be alpha"
healed_ok "$b" beta
[ "$(sqlite3 "$db" "SELECT title FROM incidents WHERE id = '$a'")" = alpha ] ||
	fail "id mismatch: $a's row after the revert"

# 5. A broken checklist.json: the incident is damaged, answers refused.
other=$b other_title=beta
wt_sync
cp "$WT/$dir_a/checklist.json" "$TESTDIR/good-a-checklist.json"
printf 'not json\n' >"$WT/$dir_a/checklist.json"
push "scribble on alpha's checklist"
damaged_ok "$a" "not a checklist"
expect_exit 1 cb answer "$a" source alert
contains "$ERR" "$a is damaged in the record" "a broken checklist: answer"
wt_sync
cp "$TESTDIR/good-a-checklist.json" "$WT/$dir_a/checklist.json"
push "alpha's checklist back"
healed_ok "$a" alpha
expect_exit 0 cb answer "$a" source alert

# 6. A new folder pushed broken, with no good row to keep, then removed.
wt_sync
mkdir -p "$WT/incidents/$year/00/$year-0050"
printf 'garbage\n' >"$WT/incidents/$year/00/$year-0050/incident.json"
push "a folder by hand"
damaged_ok "$year-0050" "incident.json:1"
wt_sync
g rm -q -r "incidents/$year/00/$year-0050" || fail "git rm"
g commit -q -m "remove it" && g push -q origin main || fail "git push the removal"
expect_exit 0 cb list
lacks "$OUT" "$year-0050" "a removed folder"
expect_exit 0 cb check

# 7. Commits without trailers: in the history of every incident touched.
wt_sync
sed -i 's/"title": "alpha"/"title": "alpha (typo fixed)"/' "$WT/$dir_a/incident.json"
printf 'written with git\n' >"$WT/$dir_b/notebook-by-hand.txt"
mkdir -p "$WT/$dir_b/notebook"
printf 'a note from git\n' >"$WT/$dir_b/notebook/20261201T120000.000000Z-mallory.md"
push "fix typo and add a note by hand"
expect_exit 0 cb log "$a"
contains "$OUT" "fix typo and add a note by hand" "a trailerless commit in $a's log"
contains "$OUT" "edit" "a trailerless commit's action"
expect_exit 0 cb log "$b"
contains "$OUT" "fix typo and add a note by hand" "a trailerless commit in $b's log"
[ "$(sqlite3 "$db" "SELECT count(*) FROM commits WHERE action = 'edit' AND summary = 'fix typo and add a note by hand'")" = 2 ] ||
	fail "the trailerless commit's rows in the commits table"
expect_exit 0 cb show "$b"
contains "$OUT" "a note from git" "a note written with git"
expect_exit 0 cb list
contains "$OUT" "alpha (typo fixed)" "a title edited with git"
expect_exit 0 cb check
# Also after a rebuild.
expect_exit 0 cb reindex
expect_exit 0 cb log "$b"
contains "$OUT" "fix typo and add a note by hand" "a trailerless commit after reindex"

# 8. A force-push rewriting history: the index follows the new branch.
other=$a other_title=alpha
wt_sync
g reset -q --hard HEAD~1 || fail "git reset"
printf '{ broken\n' >"$WT/$dir_b/incident.json"
g commit -q -am "rewrite: beta broken" || fail "git commit"
g push -q -f origin main || fail "git push -f"
damaged_ok "$b" "incident.json:1"
expect_exit 0 cb log "$a"
lacks "$OUT" "fix typo" "a rewritten commit gone from the log"
expect_exit 0 cb list
lacks "$OUT" "typo fixed" "a rewritten title gone"
wt_sync
cp "$TESTDIR/good-b.json" "$WT/$dir_b/incident.json"
push "beta mended after the rewrite"
healed_ok "$b" beta
exit 0
