# Four writers at once, each adding 100 notes: 50 to an incident they all
# share and 50 to an incident of its own.  The branch moves by
# compare-and-swap, so no write may fail and none may be lost: every note
# is in the record, in the index, and in the history as its own commit.
. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/cmd/lib.sh"

WORKERS=4
PER_WORKER=100		# half to the shared incident, half to its own

expect_exit 0 cb init
expect_exit 0 cb new --title "shared by every writer"
shared=$OUT
[ -n "$shared" ] || fail "new printed no id"
all_ids=$shared
i=1
while [ "$i" -le "$WORKERS" ]; do
	expect_exit 0 cb new --title "writer $i's own"
	[ -n "$OUT" ] || fail "new printed no id"
	eval "own_$i=\$OUT"
	all_ids="$all_ids $OUT"
	i=$((i + 1))
done

# The texts each writer will add, one per line, all different.
: >"$TESTDIR/expected"
i=1
while [ "$i" -le "$WORKERS" ]; do
	eval "own=\$own_$i"
	n=1
	while [ "$n" -le "$PER_WORKER" ]; do
		if [ $((n % 2)) -eq 1 ]; then
			target=$shared
		else
			target=$own
		fi
		printf '%s %s\n' "$target" "cc-w$i-n$n-to-$target-$$" \
		    >>"$TESTDIR/plan.$i"
		printf '%s\n' "cc-w$i-n$n-to-$target-$$" >>"$TESTDIR/expected"
		n=$((n + 1))
	done
	i=$((i + 1))
done
sort "$TESTDIR/expected" >"$TESTDIR/expected.sorted"
[ "$(wc -l <"$TESTDIR/expected.sorted")" -eq $((WORKERS * PER_WORKER)) ] ||
	fail "test setup: expected $((WORKERS * PER_WORKER)) texts"
[ "$(uniq "$TESTDIR/expected.sorted" | wc -l)" -eq \
    $((WORKERS * PER_WORKER)) ] || fail "test setup: texts are not unique"

# The start line: each writer says it is ready, then waits for the go
# file; once all are ready it appears and they start within ~10 ms.
writer() {	# writer N: runs plan.N, failures to failed.N
	# Stopped by the test: after the note running, not during it.
	trap 'exit 1' TERM
	: >"$TESTDIR/failed.$1"
	: >"$TESTDIR/ready.$1"
	w=0
	while [ ! -e "$TESTDIR/go" ]; do
		w=$((w + 1))
		[ "$w" -le 2000 ] || exit 1	# the test gave up
		sleep 0.01
	done
	while read -r id text; do
		"$CASEBOOK" note "$id" -m "$text" \
		    >"$TESTDIR/out.$1" 2>"$TESTDIR/err.$1"
		rc=$?
		if [ "$rc" -ne 0 ]; then
			printf 'writer %s: note %s -m %s exited %s: %s\n' "$1" \
			    "$id" "$text" "$rc" "$(cat "$TESTDIR/err.$1")" \
			    >>"$TESTDIR/failed.$1"
		fi
	done <"$TESTDIR/plan.$1"
}

pids=
stop_writers() {
	for pid in $pids; do
		kill "$pid" 2>/dev/null
	done
	for pid in $pids; do
		wait "$pid" 2>/dev/null
	done
}
trap 'stop_writers; rm -rf "$TESTDIR"' EXIT
trap 'exit 1' HUP INT TERM
i=1
while [ "$i" -le "$WORKERS" ]; do
	writer "$i" &
	pids="$pids $!"
	i=$((i + 1))
done

# Every writer waiting at the start line, then go.
tries=0
while :; do
	ready=0
	i=1
	while [ "$i" -le "$WORKERS" ]; do
		[ -e "$TESTDIR/ready.$i" ] && ready=$((ready + 1))
		i=$((i + 1))
	done
	[ "$ready" -eq "$WORKERS" ] && break
	tries=$((tries + 1))
	[ "$tries" -le 500 ] || fail "writers did not start"
	sleep 0.01
done
started=$(date +%s)
: >"$TESTDIR/go"

for pid in $pids; do
	wait "$pid" || fail "writer (pid $pid) exited $?"
done
pids=
elapsed=$(($(date +%s) - started))
echo "$((WORKERS * PER_WORKER)) notes by $WORKERS writers in ${elapsed}s"

# No note command failed.
cat "$TESTDIR"/failed.* >"$TESTDIR/failed"
[ ! -s "$TESTDIR/failed" ] ||
	fail "note commands failed ($(wc -l <"$TESTDIR/failed") of" \
	    "$((WORKERS * PER_WORKER))):
$(head -20 "$TESTDIR/failed")"

# Every note has a file in the record, under its incident.
rgit ls-tree -r --name-only main >"$TESTDIR/tree" ||
	fail "git cannot list the record's branch"
count_files() {	# count_files ID
	grep -c "/$1/notebook/[0-9-]*/[0-9a-f]/[0-9a-f]/[^/]*\$" "$TESTDIR/tree"
}
want_shared=$((WORKERS * (PER_WORKER - PER_WORKER / 2)))
want_own=$((PER_WORKER / 2))
got=$(count_files "$shared")
[ "$got" -eq "$want_shared" ] ||
	fail "record: shared incident $shared has $got notebook files," \
	    "expected $want_shared"
i=1
while [ "$i" -le "$WORKERS" ]; do
	eval "own=\$own_$i"
	got=$(count_files "$own")
	[ "$got" -eq "$want_own" ] ||
		fail "record: writer $i's incident $own has $got notebook" \
		    "files, expected $want_own"
	i=$((i + 1))
done
got=$(grep -c '/notebook/' "$TESTDIR/tree")
[ "$got" -eq $((WORKERS * PER_WORKER)) ] ||
	fail "record: $got notebook files in all, expected" \
	    "$((WORKERS * PER_WORKER))"

# Every text is in the record's note blobs, exactly once.
rgit grep -h -I -e '' main -- '*/notebook/*' >"$TESTDIR/blobs" ||
	fail "git grep of the record's notes failed"
sort "$TESTDIR/blobs" >"$TESTDIR/blobs.sorted"
cmp -s "$TESTDIR/expected.sorted" "$TESTDIR/blobs.sorted" ||
	fail "record: the notes' texts differ from those written" \
	    "(< written, > in the record):
$(diff "$TESTDIR/expected.sorted" "$TESTDIR/blobs.sorted" | head -20)"

# And casebook shows them all, each under the incident it was added to.
texts_of() {	# texts_of ID: the notebook's texts, one a line
	expect_exit 0 cb show "$1" --json
	printf '%s\n' "$OUT" | sed -n 's/^ *"text": "\(.*\)",\{0,1\}$/\1/p'
}
: >"$TESTDIR/shown"
for id in $all_ids; do
	texts_of "$id" >"$TESTDIR/shown.$id"
	bad=$(grep -v -e "-to-$id-$$\$" "$TESTDIR/shown.$id" | head -5)
	[ -z "$bad" ] || fail "show $id: notes of another incident: $bad"
	cat "$TESTDIR/shown.$id" >>"$TESTDIR/shown"
done
got=$(wc -l <"$TESTDIR/shown.$shared")
[ "$got" -eq "$want_shared" ] ||
	fail "show $shared --json: $got notes, expected $want_shared"
sort "$TESTDIR/shown" >"$TESTDIR/shown.sorted"
cmp -s "$TESTDIR/expected.sorted" "$TESTDIR/shown.sorted" ||
	fail "show --json: the notebooks differ from the notes written" \
	    "(< written, > shown):
$(diff "$TESTDIR/expected.sorted" "$TESTDIR/shown.sorted" | head -20)"

# The index's history of the shared incident has every note.
expect_exit 0 cb log "$shared" --json
got=$(printf '%s\n' "$OUT" | grep -c '"action": "note"')
[ "$got" -eq "$want_shared" ] ||
	fail "log $shared --json: $got note entries, expected $want_shared"

# Record and index agree.
expect_exit 0 cb check
contains "$OUT" "ok:" "check"

# One commit per note, on one line of history.
got=$(rgit log --format='%(trailers:key=Casebook-Action,valueonly)' main |
    grep -cx note)
[ "$got" -eq $((WORKERS * PER_WORKER)) ] ||
	fail "history: $got commits with Casebook-Action: note, expected" \
	    "$((WORKERS * PER_WORKER))"
got=$(rgit rev-list --merges --count main)
[ "$got" -eq 0 ] || fail "history: $got merge commits, expected none"
got=$(rgit rev-list --count main)
want=$((1 + 1 + WORKERS + WORKERS * PER_WORKER))
[ "$got" -eq "$want" ] ||
	fail "history: $got commits, expected $want (init, $((1 + WORKERS))" \
	    "creates, $((WORKERS * PER_WORKER)) notes)"
rgit fsck --no-dangling >"$TESTDIR/fsck" 2>&1 ||
	fail "git fsck of the record: $(cat "$TESTDIR/fsck")"

exit 0
