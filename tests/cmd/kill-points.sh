# A writer killed at each rename, unlink and fsync it makes loses nothing
# it had confirmed and leaves a store that checks clean and takes further
# writes.  strace's fault injection sends SIGKILL on entry to the Nth call
# of one syscall (the call is not made); for each syscall and each N until
# the command runs to its end untouched, on a fresh copy of a prepared
# store, the killed command is (a) a plain save, (b) a save whose pack
# makes more than 16 and so merges the small ones, (c) 'casebook gc'.
# After each kill: check passes, git fsck --full --strict is clean, every
# confirmed note is on the branch, and three more saves work with the
# number of live packs bounded (and check still passing); after the last
# kill of each scenario, forty more saves and the same verification.
. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/cmd/lib.sh"

# LeakSanitizer refuses to run under ptrace and aborts the traced
# program: in a sanitizer build the leak check is left to the other
# tests (the address and undefined-behaviour checks stay on).
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

command -v strace >/dev/null 2>&1 || { echo "SKIP: no strace"; exit 77; }
# strace needs ptrace, which a container may not allow.
strace -f -o /dev/null true >/dev/null 2>&1 ||
	{ echo "SKIP: strace cannot trace here"; exit 77; }

SYSCALLS="rename renameat renameat2 unlink unlinkat fsync fdatasync"
TAG=$$
P=$CASEBOOK_STORE/record.git/objects/pack
TEMPLATE=$TESTDIR/template

# note TEXT: a save that must work; its text is then confirmed.
note() {
	expect_exit 0 cb note "$id" -m "$1"
	printf '%s\n' "$1" >>"$TESTDIR/confirmed"
}

live_packs() {	# packs not retired by a merge
	grep -L "to remove" "$P"/*.keep | wc -l
}

save_packs() {	# packs a merge may take
	grep -l -x "casebook: merged and removed by casebook only" "$P"/*.keep |
	    wc -l
}

# verify WHAT: the store after a kill (or at the end) is sound.
verify() {
	"$CASEBOOK" check >"$TESTDIR/out" 2>"$TESTDIR/err"
	rc=$?
	[ "$rc" -eq 0 ] && [ ! -s "$TESTDIR/err" ] ||
		fail "$1: check exited $rc: $(cat "$TESTDIR/out" "$TESTDIR/err")"
	contains "$(cat "$TESTDIR/out")" "ok:" "$1: check"
	rgit fsck --full --strict >"$TESTDIR/fsck" 2>&1 ||
		fail "$1: git fsck: $(cat "$TESTDIR/fsck")"
	! grep -qiE "error|warning|missing|broken|corrupt" "$TESTDIR/fsck" ||
		fail "$1: git fsck: $(cat "$TESTDIR/fsck")"
	rgit grep -h -o -E "kp-$TAG-[a-z0-9-]+" main -- incidents |
	    sort -u >"$TESTDIR/record" ||
		fail "$1: git cannot read the notes on main"
	sort -u "$TESTDIR/confirmed" >"$TESTDIR/confirmed.sorted"
	missing=$(comm -23 "$TESTDIR/confirmed.sorted" "$TESTDIR/record")
	[ -z "$missing" ] || fail "$1: confirmed notes not on main: $missing"
}

# saves WHAT COUNT: COUNT more saves work, live packs stay bounded.
saves() {
	i=0
	while [ "$i" -lt "$2" ]; do
		i=$((i + 1))
		note "kp-$TAG-$label-$2-after-$i"
	done
	# After each kill a check; the full verification after the forty.
	if [ "$2" -gt 3 ]; then
		verify "$1, after $2 saves"
	else
		expect_exit 0 cb check
	fi
	lp=$(live_packs)
	[ "$lp" -le 20 ] || fail "$1: $lp live packs after $2 saves"
}

# prepare: the template store, then the list of its confirmed notes.
prepare() {
	rm -rf "$CASEBOOK_STORE" "$TEMPLATE"
	: >"$TESTDIR/confirmed"
	expect_exit 0 cb init
	expect_exit 0 cb new --title "killed at every rename, unlink and fsync"
	id=$OUT
	[ -n "$id" ] || fail "new printed no id"
}

# Packs merged away are removed two seconds after their retirement: in
# the template they are older, as in a store that sat for a while, so
# that the killed command removes them at the same calls each time.
age_retired() {
	for k in $(grep -l "to remove" "$P"/*.keep); do
		touch -d '-1 hour' "$k"
	done
}

freeze() {
	age_retired
	cp -a "$CASEBOOK_STORE" "$TEMPLATE"
	cp "$TESTDIR/confirmed" "$TESTDIR/confirmed.template"
}

thaw() {
	rm -rf "$CASEBOOK_STORE"
	cp -a "$TEMPLATE" "$CASEBOOK_STORE"
	cp "$TESTDIR/confirmed.template" "$TESTDIR/confirmed"
}

# killed LABEL CMD...: CMD killed at each of its calls, one run each.
killed() {
	label=$1
	shift
	total=0
	skipped=0
	# An unlink of a file that is not there changes nothing: a kill
	# before it leaves the store as a kill before the next call does
	# (cb_pack_remove tries .rev, .bitmap and the multi-pack index, most
	# often missing).  A run without kills finds them, to skip unless
	# KILL_POINTS_ALL is set.
	thaw
	strace -f -o "$TESTDIR/dry" -e trace="$(echo $SYSCALLS | tr ' ' ,)" \
	    "$@" >/dev/null 2>&1 || fail "$label: the run without kills failed"
	for sc in $SYSCALLS; do
		grep -E "^[0-9]+ +$sc\(" "$TESTDIR/dry" |
		    awk '/= -1 ENOENT/ { print NR }' >"$TESTDIR/noop.$sc"
		[ -z "${KILL_POINTS_ALL:-}" ] || : >"$TESTDIR/noop.$sc"
	done
	for sc in $SYSCALLS; do
		kn=0
		while :; do
			kn=$((kn + 1))
			[ "$kn" -le 500 ] || fail "$label: more than 500 $sc calls"
			if grep -qx "$kn" "$TESTDIR/noop.$sc"; then
				skipped=$((skipped + 1))
				continue
			fi
			thaw
			strace -f -o "$TESTDIR/trace" -e trace="$sc" \
			    -e inject="$sc":signal=KILL:when=$kn \
			    "$@" >"$TESTDIR/kout" 2>"$TESTDIR/kerr"
			rc=$?
			where="$label, killed at $sc #$kn"
			if [ "$rc" -eq 0 ]; then
				# Fewer than n calls: not killed, confirmed.
				case $* in
				*" note "*) printf '%s\n' "$text" \
				    >>"$TESTDIR/confirmed" ;;
				esac
				verify "$label, $sc: $((kn - 1)) calls, not killed"
				break
			fi
			grep -q "+++ killed by SIGKILL" "$TESTDIR/trace" ||
				fail "$where: exit $rc, not killed:" \
				    "$(cat "$TESTDIR/kerr")"
			call=$(grep -v "+++" "$TESTDIR/trace" | tail -1 |
			    sed 's/^[0-9]* *//')
			where="$where ($call)"
			total=$((total + 1))
			verify "$where"
			saves "$where" 3
		done
		printf '%s: %s %s calls\n' "$label" "$((kn - 1))" "$sc" \
		    >>"$TESTDIR/figures"
	done
	printf '%s: %s kill points (%s unlinks of missing files skipped)\n' \
	    "$label" "$total" "$skipped" >>"$TESTDIR/figures"
	# The store of the last kill, forty saves on.
	saves "$label, last kill" 40
	[ "$total" -gt 0 ] || fail "$label: no call was killed"
}

start=$(date +%s)
: >"$TESTDIR/figures"

# (a) A plain save.
label=save
prepare
note "kp-$TAG-save-before"
freeze
text="kp-$TAG-save-killed"
killed save "$CASEBOOK" note "$id" -m "$text"

# (b) A save that merges: the template holds 16 packs a merge may take
# (and packs retired by earlier merges), the killed save adds the 17th.
label=merge
prepare
i=0
while [ "$i" -lt 20 ] || [ "$(save_packs)" -lt 16 ]; do
	i=$((i + 1))
	[ "$i" -le 200 ] || fail "merge: no store with 16 packs to merge"
	note "kp-$TAG-merge-before-$i"
done
[ "$(save_packs)" -eq 16 ] ||
	fail "merge: $(save_packs) packs to merge in the template, not 16"
freeze
# The save merges: the trace shows the merged pack and the retirements.
text="kp-$TAG-merge-dry"
strace -f -o "$TESTDIR/trace" -e trace=rename "$CASEBOOK" note "$id" \
    -m "$text" >/dev/null 2>&1 || fail "merge: the dry run failed"
r=$(grep -c '^[0-9]* *rename(' "$TESTDIR/trace")
[ "$r" -gt 8 ] || fail "merge: the save made $r renames, it did not merge"
text="kp-$TAG-merge-killed"
killed merge "$CASEBOOK" note "$id" -m "$text"

# (c) casebook gc, on a store with merged, retired and small packs.
label=gc
prepare
i=0
while [ "$i" -lt 18 ]; do
	i=$((i + 1))
	note "kp-$TAG-gc-before-$i"
done
freeze
text=
killed gc "$CASEBOOK" gc

cat "$TESTDIR/figures"
echo "kill-points.sh: $(grep -c . "$TESTDIR/confirmed") notes confirmed" \
    "in the last store; $(($(date +%s) - start))s"
exit 0
