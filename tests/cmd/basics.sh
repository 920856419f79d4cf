# The command line as a user meets it: init, new, list, show, set, note
# (-m, -F, the editor), attach, log, search, reindex, check.
. "$(dirname "$0")/lib.sh"

expect_exit 0 cb --version
contains "$OUT" "casebook " "--version"
expect_exit 0 cb --help
for c in init new list show set note attach log search reindex check playbook \
	checklist answer waive advance accept dismiss role whoami; do
	contains "$OUT" "  $c " "--help lists $c"
done
expect_exit 0 cb note --help
contains "$OUT" "usage: casebook note" "note --help"

# init: private store, and a second init changes nothing.
expect_exit 0 cb init
contains "$OUT" "private store" "init"
[ "$(stat -c %a "$CASEBOOK_STORE")" = 700 ] || fail "store is not 0700"
before=$(rgit rev-parse main)
expect_exit 0 cb init
contains "$OUT" "already exists" "second init"
[ "$(rgit rev-parse main)" = "$before" ] || fail "second init changed the record"

# new: ids in sequence, defaults, validation before anything is written.
expect_exit 0 cb new --title "NAS 不正侵入" --class intrusion --urgency high \
	--department "工学院" --reporter NOC --host 192.0.2.5 --host nas-lab3
a=$OUT
year=$(date -u +%Y)
[ "$a" = "$year-0001" ] || fail "first id is $a"
expect_exit 0 cb new --title "scan from outside" --class scan --urgency low
b=$OUT
[ "$b" = "$year-0002" ] || fail "second id is $b"
expect_exit 0 cb new --title "phishing page" --class phishing --urgency immediate
c=$OUT

# The record: one commit per change, canonical incident.json in its folder.
json=$(rgit show "main:incidents/$year/00/$a/incident.json")
contains "$json" '"title": "NAS 不正侵入"' "incident.json"
first=$(printf '%s\n' "$json" | head -2 | tail -1)
contains "$first" '"assignees"' "keys sorted"
msg=$(rgit log -1 --format=%B main)
contains "$msg" "Casebook-Incident: $c" "trailer"
contains "$msg" "Casebook-Action: create" "trailer"
[ "$(rgit rev-list --count main)" = 4 ] || fail "expected 4 commits"

# list: most urgent first, then oldest; JSON has the queue fields.
expect_exit 0 cb list
first_line=$(printf '%s\n' "$OUT" | head -1)
contains "$first_line" "$c" "most urgent first"
last_line=$(printf '%s\n' "$OUT" | tail -1)
contains "$last_line" "$b" "least urgent last"
expect_exit 0 cb list --json
for k in id title phase urgency severity classes department updated; do
	contains "$OUT" "\"$k\":" "list --json has $k"
done
expect_exit 0 cb list --json --limit 1
[ "$(printf '%s\n' "$OUT" | grep -c '"id":')" = 1 ] || fail "--limit 1"

# set and phases.
expect_exit 2 cb set "$b" phase closed
contains "$ERR" "casebook advance" "set phase points to advance"
expect_exit 2 cb set "$b" phase closed --force
contains "$ERR" "needs --reason" "a forced move needs a reason"
expect_exit 0 cb set "$b" phase closed --force --reason "duplicate of $a"
expect_exit 0 cb list
lacks "$OUT" "$b" "closed incidents leave the open queue"
expect_exit 0 cb list --all
contains "$OUT" "$b" "--all shows closed"
expect_exit 0 cb list --phase closed
contains "$OUT" "$b" "--phase closed"
lacks "$OUT" "$a" "--phase closed"
expect_exit 0 cb set "$a" classes "intrusion, malware"
expect_exit 0 cb show "$a" --json
contains "$OUT" '"malware"' "classes list"
expect_exit 4 cb set "$a" severity medium
contains "$ERR" "only the department head" "severity is the head's"
expect_exit 0 cb set "$a" department infra-center
expect_exit 0 cb set "$a" department infra-center
contains "$OUT" "nothing changed" "same value again"
n=$(rgit rev-list --count main)
[ "$n" = 7 ] || fail "expected 7 commits, got $n (no commit for a no-op)"

# notes: -m, -F, the editor, and an empty editor result.
expect_exit 0 cb note "$a" -m "管理者パスワードが初期値のままだった"
printf 'line one\nline two\n' >"$TESTDIR/note.md"
expect_exit 0 cb note "$a" -F "$TESTDIR/note.md"
cat >"$TESTDIR/editor" <<'ED'
#!/bin/sh
printf 'written in the editor\n' >>"$1"
ED
chmod +x "$TESTDIR/editor"
EDITOR="$TESTDIR/editor" expect_exit 0 cb note "$a"
cat >"$TESTDIR/empty-editor" <<'ED'
#!/bin/sh
: >"$1"
ED
chmod +x "$TESTDIR/empty-editor"
n=$(rgit rev-list --count main)
VISUAL="$TESTDIR/empty-editor" EDITOR="$TESTDIR/editor" expect_exit 0 cb note "$a"
contains "$ERR" "empty" "empty note"
[ "$(rgit rev-list --count main)" = "$n" ] || fail "an empty note was committed"
expect_exit 0 cb show "$a"
contains "$OUT" "管理者パスワード" "note -m"
contains "$OUT" "line two" "note -F"
contains "$OUT" "written in the editor" "note via EDITOR"
notes=$(rgit ls-tree -r --name-only "main:incidents/$year/00/$a/notebook" | wc -l)
[ "$notes" = 3 ] || fail "expected 3 note files, got $notes"

# attach.
printf 'evidence bytes\n' >"$TESTDIR/pcap summary.txt"
expect_exit 0 cb attach "$a" "$TESTDIR/pcap summary.txt"
sha=$(printf 'evidence bytes\n' | sha256sum | cut -d' ' -f1)
contains "$OUT" "$sha" "attach prints the hash"
rgit cat-file -e "main:incidents/$year/00/$a/evidence/$sha" || fail "blob missing"
side=$(rgit show "main:incidents/$year/00/$a/evidence/$sha.json")
contains "$side" '"name": "pcap summary.txt"' "sidecar name"
contains "$side" '"size": 15' "sidecar size"
expect_exit 0 cb attach "$a" "$TESTDIR/pcap summary.txt"
contains "$OUT" "already" "same content twice"

# log, newest first; -p shows the diff; --json.
expect_exit 0 cb log "$a"
first_line=$(printf '%s\n' "$OUT" | head -1)
contains "$first_line" "attach" "log newest first"
contains "$OUT" "create" "log has the creation"
[ "$(printf "%s\n" "$OUT" | wc -l)" = 7 ] || fail "log has $(printf "%s\n" "$OUT" | wc -l) lines, expected 7"
expect_exit 0 cb log -p "$a"
contains "$OUT" '+  "department": "infra-center"' "log -p diff"
expect_exit 0 cb log "$a" --json
contains "$OUT" '"action": "set"' "log --json"

# search: title and notebook, Japanese substrings.
expect_exit 0 cb search 不正侵入
contains "$OUT" "$a" "search finds the title"
expect_exit 0 cb search パスワード
contains "$OUT" "$a" "search finds a note"
contains "$OUT" "**パスワード**" "snippet marks the match"
expect_exit 0 cb search --json "line two"
contains "$OUT" "\"id\": \"$a\"" "search --json"
expect_exit 0 cb search "nowhere to be found"
[ -z "$OUT" ] || fail "search for absent text printed: $OUT"

# reindex answers the same; check passes.
cb list --all --json >"$TESTDIR/before"
cb search パスワード >"$TESTDIR/search-before"
cb log "$a" >"$TESTDIR/log-before"
expect_exit 0 cb reindex
cb list --all --json >"$TESTDIR/after"
cb search パスワード >"$TESTDIR/search-after"
cb log "$a" >"$TESTDIR/log-after"
cmp -s "$TESTDIR/before" "$TESTDIR/after" || fail "list differs after reindex"
cmp -s "$TESTDIR/search-before" "$TESTDIR/search-after" || fail "search differs after reindex"
cmp -s "$TESTDIR/log-before" "$TESTDIR/log-after" || fail "log differs after reindex"
expect_exit 0 cb check
contains "$OUT" "ok" "check"

# The index catches up with commits it has not seen (another host, a sync):
# move the branch back, index, then forward again.
tip=$(rgit rev-parse main)
rgit update-ref refs/heads/main "$tip~3"
expect_exit 0 cb list --all
rgit update-ref refs/heads/main "$tip"
expect_exit 0 cb check
contains "$OUT" "ok" "check after catching up"
exit 0
