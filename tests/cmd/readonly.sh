# A store that cannot be written opens read-only: list, show, search, log
# and checklist answer (from its index when it is current, else from a
# private index built in TMPDIR and removed at the end), and note, new,
# set and reindex are refused, saying why, before anything is written.
# Two ways: a read-only bind mount (a snapshot, a mount for reviewers)
# and a user without write access to the store.  Needs root for both.
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" != 0 ]; then
	echo "SKIP: readonly.sh needs root to mount (root ignores file modes)"
	exit 77
fi
for tool in mount umount setpriv; do
	command -v "$tool" >/dev/null 2>&1 ||
		{ echo "SKIP: readonly.sh needs $tool"; exit 77; }
done

src="$TESTDIR/src"
ro="$TESTDIR/ro"
mounted=false
cleanup() {
	if $mounted; then
		umount "$ro" || echo "readonly.sh: could not unmount $ro" >&2
	fi
	rm -rf "$TESTDIR"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

mkdir "$src" "$ro" "$TESTDIR/tmp" || fail mkdir
export CASEBOOK_STORE="$src/store"
expect_exit 0 cb init
expect_exit 0 cb new --title "the mail relay refuses mail" --host relay1
a=$OUT
expect_exit 0 cb new --title "a printer on fire"
b=$OUT
expect_exit 0 cb note "$a" -m "queue of 4000 messages on relay1"
expect_exit 0 cb answer "$a" source alert
before=$(rgit rev-parse main)

mount --bind "$src" "$ro" || fail "mount --bind"
mounted=true
mount -o remount,ro,bind "$ro" || fail "cannot make the bind mount read-only"
touch "$ro/probe" 2>/dev/null && fail "the bind mount is writable"

export TMPDIR="$TESTDIR/tmp"

# reads WHAT: the reading commands answer in full.
reads() {
	expect_exit 0 cb list --all
	contains "$OUT" "$a" "$1: list"
	contains "$OUT" "$b" "$1: list"
	expect_exit 0 cb show "$a"
	contains "$OUT" "queue of 4000 messages" "$1: show"
	expect_exit 0 cb search "4000 messages"
	contains "$OUT" "$a" "$1: search"
	expect_exit 0 cb log "$a"
	contains "$OUT" "note" "$1: log"
	expect_exit 0 cb checklist "$a"
	contains "$OUT" "alert" "$1: checklist"
	expect_exit 0 cb check
}

# refuses WHAT: every write is refused with the reason, nothing written.
refuses() {
	expect_exit 1 cb note "$a" -m "a note nobody may write"
	contains "$ERR" "this store is read-only (" "$1: note"
	lacks "$ERR" "Permission denied)" "$1: note (no raw error alone)"
	# Refused before the editor opens: nobody writes a note for nothing.
	rm -f "$TESTDIR/editor-ran"
	printf '#!/bin/sh\n: >"%s/editor-ran"\necho typed >"$1"\n' "$TESTDIR" \
	    >"$TESTDIR/ed.sh"
	chmod 755 "$TESTDIR/ed.sh"
	EDITOR=$TESTDIR/ed.sh expect_exit 1 cb note "$a"
	contains "$ERR" "this store is read-only (" "$1: note in the editor"
	[ ! -e "$TESTDIR/editor-ran" ] || fail "$1: the editor opened on a read-only store"
	expect_exit 1 cb new --title "a new one"
	contains "$ERR" "this store is read-only (" "$1: new"
	expect_exit 1 cb set "$a" urgency high
	contains "$ERR" "this store is read-only (" "$1: set"
	expect_exit 1 cb answer "$a" source phone
	contains "$ERR" "this store is read-only (" "$1: answer"
	expect_exit 1 cb reindex
	contains "$ERR" "this store is read-only (" "$1: reindex"
	[ "$(rgit rev-parse main)" = "$before" ] || fail "$1: the record moved"
	[ -z "$(ls -A "$TMPDIR")" ] || fail "$1: left in TMPDIR: $(ls -A "$TMPDIR")"
}

CASEBOOK_STORE="$ro/store"
reads "read-only mount"
contains "$(cb note "$a" -m x 2>&1)" "is mounted read-only" "the reason"
refuses "read-only mount"

# The index behind the record (changed where it can be written, its WAL
# not in index.db) or damaged: the reads come from a private index.
CASEBOOK_STORE="$src/store" expect_exit 0 cb note "$b" -m "smoke seen"
truncate -s 4096 "$src/store/index.db"
reads "read-only mount, damaged index"
expect_exit 0 cb show "$b"
contains "$OUT" "smoke seen" "the private index has the newest note"
before=$(rgit rev-parse main)
refuses "read-only mount, damaged index"
rm "$src/store/index.db"
reads "read-only mount, no index"
[ -e "$src/store/index.db" ] && fail "an index was made on a read-only mount"
CASEBOOK_STORE="$src/store" expect_exit 0 cb reindex

umount "$ro" || fail umount
mounted=false

# A reviewer who may read the store but not write it.
chmod -R a+rX "$src" || fail chmod
export HOME="$TESTDIR/nobody-home"
mkdir "$HOME" && chmod 777 "$HOME" "$TMPDIR" || fail mkdir
CASEBOOK_STORE="$src/store"
as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
cb() { as_nobody "$CASEBOOK" "$@"; }
reads "no write permission"
refuses "no write permission"
truncate -s 4096 "$src/store/index.db"
reads "no write permission, damaged index"
refuses "no write permission, damaged index"
exit 0
