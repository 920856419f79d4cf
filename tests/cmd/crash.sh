# A writer killed at any moment loses nothing it had confirmed and leaves
# a store that checks clean and takes further writes.  A loop adds notes
# (each text unique) and logs a text only after 'casebook note' returned
# 0; the whole process group, casebook included, is killed with SIGKILL
# at random moments.  After each kill: check passes, every logged note is
# in the record, and a new note can be written.
. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/cmd/lib.sh"

KILLS=20
TAG=$$

command -v setsid >/dev/null 2>&1 || { echo "SKIP: no setsid"; exit 77; }

alive() {	# alive PGID: a live (not zombie) process is in the group
	ps -e -o pgid=,stat= | awk -v g="$1" '$1 == g && $2 !~ /^Z/ { f = 1 }
	    END { exit !f }'
}

# A failure must not leave the writer running: kill it with the test.
pg=
stop_writer() {
	# Killed before it read the writer's pid file: read it now.
	[ -n "$pg" ] || pg=$(cat "$TESTDIR/pid.${round:-0}" 2>/dev/null)
	case $pg in
	'' | *[!0-9]* | 0 | 1) return ;;
	esac
	kill -KILL "-$pg" 2>/dev/null
	w=0
	while alive "$pg" && [ "$w" -lt 500 ]; do
		w=$((w + 1))
		sleep 0.01
	done
}
trap 'stop_writer; rm -rf "$TESTDIR"' EXIT
trap 'exit 1' HUP INT TERM

expect_exit 0 cb init
expect_exit 0 cb new --title "written to while being killed"
id=$OUT
[ -n "$id" ] || fail "new printed no id"

# The writer, run in its own session so that its process group (the loop
# and the casebook it is running) can be killed at once.
cat >"$TESTDIR/loop.sh" <<'EOF'
# loop.sh ROUND: notes into $ID until killed
echo $$ >"$TESTDIR/pid.$1.tmp" && mv "$TESTDIR/pid.$1.tmp" "$TESTDIR/pid.$1"
n=0
while :; do
	n=$((n + 1))
	text="crash-r$1-n$n-$TAG"
	printf '%s\n' "$text" >>"$TESTDIR/tried"
	"$CASEBOOK" note "$ID" -m "$text" >/dev/null 2>"$TESTDIR/err.$1"
	rc=$?
	if [ "$rc" -eq 0 ]; then
		printf '%s\n' "$text" >>"$TESTDIR/confirmed"
	else
		# Not killed (a kill takes this shell too): a real failure.
		printf '%s: exit %s: %s\n' "$text" "$rc" \
		    "$(cat "$TESTDIR/err.$1")" >>"$TESTDIR/failures"
	fi
done
EOF
: >"$TESTDIR/tried"
: >"$TESTDIR/confirmed"
: >"$TESTDIR/failures"

# The kill delays, 20-300 ms; the seed is printed to replay a failure.
seed=${CRASH_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
echo "crash.sh: seed $seed (CRASH_SEED=$seed to replay)"
awk -v seed="$seed" -v n="$KILLS" 'BEGIN {
	srand(seed)
	for (i = 0; i < n; i++)
		printf "0.%03d\n", 20 + int(rand() * 281)
}' >"$TESTDIR/delays"


# The record's note texts, sorted, one a line.
record_texts() {
	rgit grep -h -I -e '' main -- '*/notebook/*' | sort
}

sorted_unique() {	# sorted_unique FILE: FILE's complete lines, sorted
	# A line without its newline was cut by the kill: not confirmed.
	if [ -s "$1" ] && [ "$(tail -c 1 "$1" | od -An -c | tr -d ' ')" != '\n' ]
	then
		sed '$d' "$1"
	else
		cat "$1"
	fi | sort -u
}

round=0
stale=0
start=$(date +%s)
while read -r delay; do
	round=$((round + 1))
	rm -f "$TESTDIR/pid.$round"
	CASEBOOK=$CASEBOOK TESTDIR=$TESTDIR TAG=$TAG ID=$id \
	    setsid sh "$TESTDIR/loop.sh" "$round" </dev/null &
	bg=$!
	tries=0
	while [ ! -s "$TESTDIR/pid.$round" ]; do
		tries=$((tries + 1))
		[ "$tries" -le 500 ] || fail "round $round: the writer did not start"
		sleep 0.01
	done
	pg=$(cat "$TESTDIR/pid.$round")
	case $pg in
	*[!0-9]* | '' | 0 | 1) fail "round $round: bad process group '$pg'" ;;
	esac
	sleep "$delay"
	kill -KILL "-$pg" || fail "round $round: could not kill group $pg"
	{ wait "$bg"; } 2>/dev/null
	tries=0
	while alive "$pg"; do
		tries=$((tries + 1))
		[ "$tries" -le 500 ] ||
			fail "round $round: group $pg still alive after SIGKILL"
		sleep 0.01
	done
	pg=
	# What the kill left behind, for the summary.
	[ -e "$CASEBOOK_STORE/record.git/refs/heads/main.lock" ] &&
		stale=$((stale + 1))

	# No note failed other than by being killed.
	[ ! -s "$TESTDIR/failures" ] ||
		fail "round $round: a note failed while nothing was killed:
$(cat "$TESTDIR/failures")"

	# The store checks clean.
	expect_exit 0 cb check
	contains "$OUT" "ok:" "round $round (killed after ${delay}s): check"

	# Every confirmed note is in the record.
	record_texts >"$TESTDIR/record" ||
		fail "round $round: git cannot read the record's notes"
	sorted_unique "$TESTDIR/confirmed" >"$TESTDIR/confirmed.sorted"
	missing=$(comm -23 "$TESTDIR/confirmed.sorted" "$TESTDIR/record")
	[ -z "$missing" ] ||
		fail "round $round (killed after ${delay}s): notes confirmed" \
		    "but not in the record: $missing"

	# And later writes work: one here, and the loop starts again.
	after="after-kill-$round-$TAG"
	expect_exit 0 cb note "$id" -m "$after"
	printf '%s\n' "$after" >>"$TESTDIR/tried"
	printf '%s\n' "$after" >>"$TESTDIR/confirmed"
	rgit grep -q -F -e "$after" main -- '*/notebook/*' ||
		fail "round $round: the note written after the kill is not in" \
		    "the record"
done <"$TESTDIR/delays"
[ "$round" -eq "$KILLS" ] || fail "ran $round rounds, expected $KILLS"

# A last run of the loop, left to write a few notes before it is stopped.
round=$((round + 1))
before=$(wc -l <"$TESTDIR/confirmed")
CASEBOOK=$CASEBOOK TESTDIR=$TESTDIR TAG=$TAG ID=$id \
    setsid sh "$TESTDIR/loop.sh" "$round" </dev/null &
bg=$!
tries=0
while [ "$(wc -l <"$TESTDIR/confirmed")" -lt $((before + 5)) ]; do
	tries=$((tries + 1))
	[ "$tries" -le 1000 ] || break
	sleep 0.01
done
tries=0
while [ ! -s "$TESTDIR/pid.$round" ]; do
	tries=$((tries + 1))
	[ "$tries" -le 500 ] || fail "last round: the writer did not start"
	sleep 0.01
done
pg=$(cat "$TESTDIR/pid.$round")
case $pg in
*[!0-9]* | '' | 0 | 1) fail "last round: bad process group '$pg'" ;;
esac
kill -KILL "-$pg"
{ wait "$bg"; } 2>/dev/null
tries=0
while alive "$pg"; do
	tries=$((tries + 1))
	[ "$tries" -le 500 ] || fail "last round: group $pg still alive"
	sleep 0.01
done
pg=
[ ! -s "$TESTDIR/failures" ] ||
	fail "a note failed while nothing was killed: $(cat "$TESTDIR/failures")"
[ "$(wc -l <"$TESTDIR/confirmed")" -ge $((before + 5)) ] ||
	fail "after $KILLS kills the writer no longer gets notes in" \
	    "($(($(wc -l <"$TESTDIR/confirmed") - before)) in 10 s)"

# At the end: record, index and notebook agree with what was written.
expect_exit 0 cb check
contains "$OUT" "ok:" "final check"
record_texts >"$TESTDIR/record"
sorted_unique "$TESTDIR/confirmed" >"$TESTDIR/confirmed.sorted"
sort -u "$TESTDIR/tried" >"$TESTDIR/tried.sorted"
missing=$(comm -23 "$TESTDIR/confirmed.sorted" "$TESTDIR/record")
[ -z "$missing" ] || fail "confirmed notes not in the record: $missing"
dups=$(uniq -d "$TESTDIR/record")
[ -z "$dups" ] || fail "notes in the record twice: $dups"
unknown=$(comm -13 "$TESTDIR/tried.sorted" "$TESTDIR/record")
[ -z "$unknown" ] || fail "notes in the record that nobody wrote: $unknown"
# Beyond the confirmed ones, at most the note in flight at each kill.
extra=$(comm -13 "$TESTDIR/confirmed.sorted" "$TESTDIR/record" | wc -l)
[ "$extra" -le $((KILLS + 1)) ] ||
	fail "$extra unconfirmed notes in the record, at most $((KILLS + 1))" \
	    "were in flight"

expect_exit 0 cb show "$id" --json
printf '%s\n' "$OUT" | sed -n 's/^ *"text": "\(.*\)",\{0,1\}$/\1/p' | sort \
    >"$TESTDIR/shown"
cmp -s "$TESTDIR/record" "$TESTDIR/shown" ||
	fail "show --json and the record disagree (< record, > shown):
$(diff "$TESTDIR/record" "$TESTDIR/shown" | head -20)"

# One note commit per note in the record.
got=$(rgit log --format='%(trailers:key=Casebook-Action,valueonly)' main |
    grep -cx note)
want=$(wc -l <"$TESTDIR/record")
[ "$got" -eq "$want" ] ||
	fail "history: $got note commits for $want notes"
rgit fsck --no-dangling >"$TESTDIR/fsck" 2>&1 ||
	fail "git fsck of the record: $(cat "$TESTDIR/fsck")"

# A writer killed while writing a pack leaves a temporary file; the next
# write, under the store lock, removes it.
: >"$CASEBOOK_STORE/record.git/objects/pack/cb-tmp-leftover"
expect_exit 0 cb note "$id" -m "after the crashes"
left=$(ls "$CASEBOOK_STORE/record.git/objects/pack" | grep -c "^cb-tmp-")
[ "$left" = 0 ] || fail "$left temporary pack files left behind"

echo "crash.sh: $KILLS kills in $(($(date +%s) - start))s;" \
    "$(wc -l <"$TESTDIR/confirmed.sorted") notes confirmed, $extra more" \
    "in flight made it; $stale kills left a stale ref lock"
exit 0
