# Two site stores and a bare hub on one machine (issue 14): offline
# edits of different fields of one incident merge cleanly; the same
# field on both sides gives a landed merge with the conflict recorded
# (both values); incidents created apart get ids that never collide;
# notebooks and evidence union; a sync killed by SIGKILL at every step
# (fetch, merge, index, push) and run again completes with nothing lost
# and git fsck clean; a pushed invalid incident is quarantined on the
# receiving site; events merged in are marked remote.
. "$(dirname "$0")/lib.sh"

HUB=$TESTDIR/hub.git
A=$TESTDIR/a
B=$TESTDIR/b
git init -q --bare "$HUB" || fail "git init the hub"
ca() { CASEBOOK_STORE=$A cb "$@"; }
cbb() { CASEBOOK_STORE=$B cb "$@"; }
# now SECONDS: the commits' clock, so that "later" is known.
T=1796000000
tick() { T=$((T + 60)); export CASEBOOK_NOW=$T; }
tick

expect_exit 0 ca init
expect_exit 2 ca remote add hub "http://example.org/x.git"
contains "$ERR" "unencrypted" "an http:// remote"
expect_exit 0 ca remote add hub "$HUB"
contains "$OUT" "site A" "the first site's letter"
expect_exit 0 ca remote list
contains "$OUT" "hub" "remote list"
contains "$OUT" "$HUB" "remote list shows the url"
expect_exit 0 ca new --title "shared case"
id=$OUT
[ "${id#*-}" != "${id#*-A}" ] || fail "site A's id has its letter: $id"
# An incident made before the letter keeps its plain id.
expect_exit 0 ca sync
contains "$OUT" "sent" "the first push"

expect_exit 0 cbb init
expect_exit 0 cbb remote add hub "file://$HUB"
contains "$OUT" "site B" "the second site takes the next letter"
expect_exit 0 cbb sync
expect_exit 0 cbb show "$id"
contains "$OUT" "shared case" "B received A's incident"

# --- different fields: a clean merge ---------------------------------
tick; expect_exit 0 ca set "$id" urgency high
tick; expect_exit 0 cbb set "$id" department "Physics"
tick; expect_exit 0 ca note "$id" -m "note written at A"
tick; expect_exit 0 cbb note "$id" -m "note written at B"
printf 'evidence from A\n' >"$TESTDIR/ea.txt"
printf 'evidence from B\n' >"$TESTDIR/eb.txt"
tick; expect_exit 0 ca attach "$id" "$TESTDIR/ea.txt"
tick; expect_exit 0 cbb attach "$id" "$TESTDIR/eb.txt"
tick; expect_exit 0 ca sync
tick; expect_exit 0 cbb sync
contains "$OUT" "1 incidents merged, 0 conflicts" "B merged without conflict"
tick; expect_exit 0 ca sync
for s in ca cbb; do
	expect_exit 0 $s show "$id"
	contains "$OUT" "high" "$s: A's urgency"
	contains "$OUT" "Physics" "$s: B's department"
	contains "$OUT" "note written at A" "$s: A's note"
	contains "$OUT" "note written at B" "$s: B's note"
	contains "$OUT" "ea.txt" "$s: A's evidence"
	contains "$OUT" "eb.txt" "$s: B's evidence"
	lacks "$OUT" "Conflicts from sync" "$s: no conflict"
	expect_exit 0 $s check
done
[ "$(git --git-dir="$A/record.git" rev-parse main)" = \
  "$(git --git-dir="$B/record.git" rev-parse main)" ] ||
	fail "both sites at the same commit after syncing"
msg=$(git --git-dir="$B/record.git" log --merges -1 --format=%B main)
contains "$msg" "Casebook-Action: merge" "the merge commit's action"
contains "$msg" "Casebook-Merged: $id incident.json" "the merged trailer"

# --- the same field: a conflict recorded, the merge lands ------------
tick; expect_exit 0 ca set "$id" title "title from A"
tick; expect_exit 0 cbb set "$id" title "title from B"	# the later one
tick; expect_exit 0 ca sync
tick; expect_exit 0 cbb sync
contains "$OUT" "1 conflicts recorded" "B's sync records the conflict"
tick; expect_exit 0 ca sync
for s in ca cbb; do
	expect_exit 0 $s show "$id"
	contains "$OUT" "title from B" "$s: the later title kept"
	contains "$OUT" "Conflicts from sync" "$s: the conflict shown"
	contains "$OUT" '"title from A"' "$s: the other value kept in conflicts"
	expect_exit 0 $s show "$id" --json
	contains "$OUT" '"conflicts": [' "$s: conflicts in --json"
done
msg=$(git --git-dir="$B/record.git" log --merges -1 --format=%B main)
contains "$msg" "Casebook-Conflict: $id incident.json title: kept \"title from B\"" \
	"the conflict trailer"
contains "$msg" "other \"title from A\"" "the other value in the trailer"

# A decision resolves the conflict: an ordinary change, synced as any.
tick; expect_exit 0 ca set "$id" title "title decided"
expect_exit 0 ca show "$id"
lacks "$OUT" "Conflicts from sync" "the set resolved the conflict at A"
tick; expect_exit 0 ca sync
tick; expect_exit 0 cbb sync
expect_exit 0 cbb show "$id"
contains "$OUT" "title decided" "B has the decision"
lacks "$OUT" "Conflicts from sync" "the resolution reached B"

# --- ids created apart never collide ---------------------------------
tick; expect_exit 0 ca new --title "made at A while apart"
ida=$OUT
tick; expect_exit 0 cbb new --title "made at B while apart"
idb=$OUT
[ "$ida" != "$idb" ] || fail "the two sites made the same id $ida"
tick; expect_exit 0 ca sync
tick; expect_exit 0 cbb sync
tick; expect_exit 0 ca sync
for s in ca cbb; do
	expect_exit 0 $s list
	contains "$OUT" "made at A while apart" "$s: A's new incident"
	contains "$OUT" "made at B while apart" "$s: B's new incident"
done

# --- merged-in events are marked remote ------------------------------
expect_exit 0 ca events --json
printf '%s' "$OUT" | python3 -c '
import json, sys
ev = json.load(sys.stdin)
local = [e for e in ev if e["incident"] == sys.argv[1] and not e["remote"]]
remote = [e for e in ev if e["incident"] == sys.argv[2] and e["remote"]]
assert local and all(e["action"] != "merge" or not e["remote"] for e in local), "A own"
assert any(e["action"] == "create" for e in remote), "B create is remote at A"
assert not any(e["incident"] == sys.argv[1] and e["action"] == "create" and e["remote"] for e in ev), "A create local"
' "$ida" "$idb" || fail "remote marks in A's events"
expect_exit 0 ca reindex
expect_exit 0 ca check

# --- killed at every step, run again: nothing lost --------------------
n=0
for step in fetch merge index push; do
	n=$((n + 1))
	tick; expect_exit 0 ca note "$id" -m "A before kill $n"
	tick; expect_exit 0 ca set "$ida" urgency low
	tick; expect_exit 0 cbb note "$id" -m "B before kill $n"
	tick; expect_exit 0 cbb set "$ida" department "Kill $n"
	tick; expect_exit 0 cbb sync
	tick
	CASEBOOK_SYNC_KILL=$step CASEBOOK_STORE=$A "$CASEBOOK" sync \
		>/dev/null 2>&1
	got=$?
	[ "$got" = 137 ] || fail "sync killed at $step exited $got"
	expect_exit 0 ca check
	git --git-dir="$A/record.git" fsck --full --strict >/dev/null 2>&1 ||
		fail "git fsck after a kill at $step"
	tick; expect_exit 0 ca sync
	tick; expect_exit 0 cbb sync
	for s in ca cbb; do
		expect_exit 0 $s show "$id"
		contains "$OUT" "A before kill $n" "$s: A's note after a kill at $step"
		contains "$OUT" "B before kill $n" "$s: B's note after a kill at $step"
		expect_exit 0 $s show "$ida"
		contains "$OUT" "Kill $n" "$s: B's field after a kill at $step"
		expect_exit 0 $s check
	done
	git --git-dir="$A/record.git" fsck --full --strict >/dev/null 2>&1 ||
		fail "git fsck after the sync that followed a kill at $step"
done

# --- one sync at a time -------------------------------------------------
exec 9>"$A/sync.lock"
flock -n 9 || fail "taking the sync lock"
expect_exit 1 ca sync
contains "$ERR" "another sync" "a second sync at once"
exec 9>&-

# --- a pushed invalid incident is quarantined at the receiving site ----
WT=$TESTDIR/wt
git clone -q -b main "$HUB" "$WT" || fail "git clone the hub"
year=${id%%-*}
bad=$year-C0042
mkdir -p "$WT/incidents/$year/00/$bad"
printf '{ "id": "%s", "title": ' "$bad" >"$WT/incidents/$year/00/$bad/incident.json"
# And a file claiming another incident's id, in a folder of its own.
git -C "$WT" -c user.name=Mallory -c user.email=m@example.org add -A &&
git -C "$WT" -c user.name=Mallory -c user.email=m@example.org \
	commit -q -m "broken incident" &&
git -C "$WT" push -q origin main || fail "pushing the broken incident"
tick; expect_exit 0 ca sync
expect_exit 0 ca list
contains "$OUT" "$bad" "the broken incident listed"
contains "$OUT" "DAMAGED" "the broken incident marked damaged"
contains "$OUT" "made at B while apart" "the other incidents still there"
expect_exit 1 ca note "$bad" -m "over a broken one"
tick; expect_exit 0 ca note "$id" -m "A still works"
tick; expect_exit 0 ca sync
tick; expect_exit 0 cbb sync
expect_exit 0 cbb show "$id"
contains "$OUT" "A still works" "B gets A's note past the broken incident"

# --- dry run changes nothing ----------------------------------------
tick; expect_exit 0 cbb note "$id" -m "B for the dry run"
tick; expect_exit 0 cbb sync
before=$(git --git-dir="$A/record.git" rev-parse main)
expect_exit 0 ca sync --dry-run
contains "$OUT" "dry run" "the dry run says so"
contains "$OUT" "1 commits to receive" "the dry run counts"
[ "$(git --git-dir="$A/record.git" rev-parse main)" = "$before" ] ||
	fail "a dry run moved the branch"

# --- remove ------------------------------------------------------------
expect_exit 0 ca remote remove hub
expect_exit 0 ca remote list
lacks "$OUT" "hub" "the remote removed"
expect_exit 1 ca remote remove hub
tick; expect_exit 0 ca new --title "after the remote went"
contains "$OUT" "-A" "the site letter stays"
exit 0
