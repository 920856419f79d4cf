# git's own maintenance beside casebook: two writers add notes (each
# text unique, logged only once 'casebook note' returned 0) and a reader
# lists and shows, while git gc, gc --aggressive, repack -Ad, pack-refs,
# commit-graph write, multi-pack-index write, maintenance run and prune
# run one after another in a loop.  Afterwards every confirmed note is
# on the branch (asked of git, not casebook), 'git fsck --full --strict'
# and 'casebook check' are clean, and no reader failed.
#
# MAINT_SECONDS sets how long the loop runs (default 60; tests/bench
# runs a longer variant with more writers).
. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/cmd/lib.sh"

SECONDS_TO_RUN=${MAINT_SECONDS:-60}
# MAINT_COMMANDS: the git commands, comma-separated (default: all).
COMMANDS=${MAINT_COMMANDS:-"gc -q,gc -q --aggressive,repack -Adq,pack-refs --all,commit-graph write --reachable,multi-pack-index write,maintenance run,prune"}
WRITERS=${MAINT_WRITERS:-2}

expect_exit 0 cb init
expect_exit 0 cb new --title "first, written to by the writers"
id1=$OUT
expect_exit 0 cb new --title "second, written to by the writers"
id2=$OUT

end=$(($(date +%s) + SECONDS_TO_RUN))
R=$CASEBOOK_STORE/record.git

writer() {	# writer N: notes until the end; confirmed texts to confirmed.N
	n=0
	while [ "$(date +%s)" -lt "$end" ]; do
		n=$((n + 1))
		text="maint-w$1-n$n"
		case $((n % 2)) in 0) id=$id1 ;; *) id=$id2 ;; esac
		if "$CASEBOOK" note "$id" -m "$text" >/dev/null 2>"$TESTDIR/err.w$1"; then
			printf '%s\n' "$text" >>"$TESTDIR/confirmed.$1"
		else
			printf '%s: %s\n' "$text" "$(cat "$TESTDIR/err.w$1")" \
			    >>"$TESTDIR/failures"
		fi
	done
}

reader() {
	while [ "$(date +%s)" -lt "$end" ]; do
		for c in "list" "show $id1" "log $id2" "search maint"; do
			# shellcheck disable=SC2086
			"$CASEBOOK" $c >/dev/null 2>"$TESTDIR/err.r" ||
				printf 'reader %s: %s\n' "$c" \
				    "$(cat "$TESTDIR/err.r")" >>"$TESTDIR/failures"
		done
	done
}

maintainer() {
	rounds=0
	while [ "$(date +%s)" -lt "$end" ]; do
		rounds=$((rounds + 1))
		printf '%s\n' "$COMMANDS" | tr , '\n' | while read -r c; do
			# shellcheck disable=SC2086
			git --git-dir="$R" $c >/dev/null 2>>"$TESTDIR/git.log"
		done
	done
	echo "$rounds" >"$TESTDIR/rounds"
}

pids=
w=0
while [ "$w" -lt "$WRITERS" ]; do
	w=$((w + 1))
	writer "$w" &
	pids="$pids $!"
done
reader &
pids="$pids $!"
maintainer &
pids="$pids $!"
# shellcheck disable=SC2086
wait $pids

[ ! -s "$TESTDIR/failures" ] ||
	fail "commands failed beside git's maintenance: $(head -5 "$TESTDIR/failures")"
cat "$TESTDIR"/confirmed.* | sort >"$TESTDIR/confirmed"
confirmed=$(wc -l <"$TESTDIR/confirmed")
[ "$confirmed" -gt 10 ] || fail "only $confirmed notes were written"

# Every confirmed note, as git sees the branch.
rgit grep -h -o -E 'maint-w[0-9]+-n[0-9]+' main -- incidents | sort -u \
    >"$TESTDIR/present" || fail "git grep on the branch failed"
missing=$(comm -23 "$TESTDIR/confirmed" "$TESTDIR/present")
[ -z "$missing" ] || fail "confirmed saves missing from the branch: $(echo $missing | head -c 300)"

rgit fsck --full --strict >"$TESTDIR/fsck" 2>&1 ||
	fail "git fsck: $(head -5 "$TESTDIR/fsck")"
expect_exit 0 cb check
echo "ok: $confirmed saves beside $(cat "$TESTDIR/rounds") rounds of git maintenance"
