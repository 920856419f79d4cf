# A full disk is named as such ("the disk is full (N KB free on MOUNT)"),
# never as a raw "disk I/O error", and leaves the store consistent: no
# acknowledged change is lost and check passes once space returns.  The
# store lives on a small tmpfs that the test fills.  Needs root to mount.
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" != 0 ]; then
	echo "SKIP: fulldisk.sh needs root to mount a small tmpfs"
	exit 77
fi
for tool in mount umount truncate; do
	command -v "$tool" >/dev/null 2>&1 ||
		{ echo "SKIP: fulldisk.sh needs $tool"; exit 77; }
done

disk="$TESTDIR/disk"
ro="$TESTDIR/ro"
mounts=
cleanup() {
	for m in $mounts; do
		umount "$m" || echo "fulldisk.sh: could not unmount $m" >&2
	done
	rm -rf "$TESTDIR"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

mkdir "$disk" "$ro" || fail mkdir
mount -t tmpfs -o size=4m,mode=0755 tmpfs "$disk" || fail "mount tmpfs"
mounts="$disk"
export CASEBOOK_STORE="$disk/store"
expect_exit 0 cb init
expect_exit 0 cb new --title "the disk fills up"
a=$OUT
notes=0
while [ $notes -lt 5 ]; do
	notes=$((notes + 1))
	expect_exit 0 cb note "$a" -m "acknowledged note $notes"
done

fill="$disk/filler"
# fill_to KB: leaves about KB kilobytes free on the tmpfs.
fill_to() {
	rm -f "$fill"
	dd if=/dev/zero of="$fill" bs=4096 2>/dev/null
	[ "$1" -gt 0 ] && truncate -s "-$1K" "$fill"
	sync
}

fill_to 0
expect_exit 1 cb note "$a" -m "a note for a full disk"
contains "$ERR" "the disk is full (" "note on a full disk"
contains "$ERR" "KB free on $disk)" "the mount point"
lacks "$ERR" "disk I/O error" "note on a full disk"
lacks "$ERR" "No space left" "note on a full disk"
expect_exit 1 cb new --title "a new incident for a full disk"
contains "$ERR" "the disk is full (" "new on a full disk"
# Reading needs no space.
expect_exit 0 cb show "$a"
contains "$OUT" "acknowledged note $notes" "show on a full disk"

# Nearly full: each attempt succeeds, and is then kept, or says the disk
# is full and is then not kept; nothing else.
for kb in 4 8 12 16 24 32 48 64 96 128; do
	fill_to $kb
	if cb note "$a" -m "acknowledged note $((notes + 1))" \
	    >"$TESTDIR/out" 2>"$TESTDIR/err"; then
		notes=$((notes + 1))
	else
		ERR=$(cat "$TESTDIR/err")
		contains "$ERR" "the disk is full (" "note with $kb KB free"
		echo "$kb KB free: $ERR"
	fi
done

rm -f "$fill"
expect_exit 0 cb check
expect_exit 0 cb show "$a"
k=0
while [ $k -lt $notes ]; do
	k=$((k + 1))
	contains "$OUT" "acknowledged note $k" "acknowledged notes after the disk was full"
done
lacks "$OUT" "acknowledged note $((notes + 1))" "a note that was refused"
lacks "$OUT" "a note for a full disk" "a note that was refused"
expect_exit 0 cb note "$a" -m "space is back"
expect_exit 0 cb check
echo "$notes notes kept; the refused ones are not in the record"

# The index side: a read-only view whose index cannot be used builds a
# private one in TMPDIR; a full TMPDIR is named the same way.
mount --bind "$disk" "$ro" || fail "mount --bind"
mounts="$ro $mounts"
mount -o remount,ro,bind "$ro" || fail "remount read-only"
truncate -s 4096 "$disk/store/index.db"
mkdir "$disk/tmp" || fail mkdir
fill_to 0
TMPDIR="$disk/tmp" CASEBOOK_STORE="$ro/store" expect_exit 1 cb list
contains "$ERR" "the disk is full (" "a private index on a full disk"
lacks "$ERR" "disk I/O error" "a private index on a full disk"
[ -z "$(ls -A "$disk/tmp")" ] || fail "left in TMPDIR: $(ls -A "$disk/tmp")"
rm -f "$fill"
expect_exit 0 cb reindex
expect_exit 0 cb check
exit 0
