# A damaged index is named, with its cure, and reindex mends it: index.db
# truncated at several sizes or with garbage pages written over it.  No
# command may answer from a damaged index with fewer rows as if all were
# well: it succeeds with everything, or fails and says to run reindex.
# reindex needs nothing from the old file, keeps its mode, and is safe
# while other commands read and write.
. "$(dirname "$0")/lib.sh"

N=60
expect_exit 0 cb init
i=0
while [ $i -lt $N ]; do
	i=$((i + 1))
	expect_exit 0 cb new --title "incident number $i" --host "host$i"
done
first=2026-0001
# Notes long enough to spread the index over many pages.
long=$(printf 'a line of the notebook that makes the index larger %s\n' \
	1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20)
for id in 2026-0001 2026-0010 2026-0020 2026-0030 2026-0040 2026-0050; do
	for k in 1 2 3; do
		expect_exit 0 cb note "$id" -m "note $k of $id: $long"
	done
done
expect_exit 0 cb check

db="$CASEBOOK_STORE/index.db"
good="$TESTDIR/good.db"
cp "$db" "$good" || fail "cannot copy the index"
size=$(stat -c %s "$good")
# The page size is the file header's bytes 16-17, big-endian.
psize=$(od -An -tu1 -j16 -N2 "$good" | awk '{ print $1 * 256 + $2 }')
[ "$psize" -ge 512 ] || fail "no page size in the index's header ($psize)"
pages=$((size / psize))
[ "$pages" -ge 8 ] || fail "the index is only $pages pages: too small a test"
advice='run `casebook reindex` to rebuild it from the record'

# judge WHAT CMD...: the command either succeeds (and then the caller's
# check of its output follows) or fails with the advice.
judge() {
	what=$1
	shift
	"$@" >"$TESTDIR/out" 2>"$TESTDIR/err"
	got=$?
	OUT=$(cat "$TESTDIR/out")
	ERR=$(cat "$TESTDIR/err")
	if [ "$got" != 0 ]; then
		contains "$ERR" "$advice" "$what: '$*' failed"
		contains "$ERR" "is damaged" "$what: '$*' failed"
		lacks "$ERR" "disk I/O error" "$what: '$*'"
		return 1
	fi
	return 0
}

# damaged WHAT: every command on the damaged index, then the mend.
damaged() {
	what=$1
	told=0
	if judge "$what" cb list --all; then
		[ "$(printf '%s\n' "$OUT" | grep -c '^2026-')" = $N ] ||
			fail "$what: list --all succeeded with fewer than $N rows: $OUT"
	else
		told=$((told + 1))
	fi
	if judge "$what" cb show 2026-0020; then
		contains "$OUT" "note 3 of 2026-0020" "$what: show"
	else
		told=$((told + 1))
	fi
	if judge "$what" cb search "incident number 4"; then
		contains "$OUT" "2026-0040" "$what: search"
	else
		told=$((told + 1))
	fi
	if judge "$what" cb log 2026-0030; then
		[ "$(printf '%s\n' "$OUT" | grep -c 'note')" = 3 ] ||
			fail "$what: log shows fewer notes: $OUT"
	else
		told=$((told + 1))
	fi
	judge "$what" cb checklist 2026-0010 || told=$((told + 1))
	# check reads every page: it must find the damage.
	if judge "$what" cb check; then
		fail "$what: check passed on a damaged index: $OUT"
	fi
	expect_exit 0 cb reindex
	expect_exit 0 cb list --all
	[ "$(printf '%s\n' "$OUT" | grep -c '^2026-')" = $N ] ||
		fail "$what: after reindex, list --all: $OUT"
	expect_exit 0 cb show 2026-0050
	contains "$OUT" "note 2 of 2026-0050" "$what: show after reindex"
	expect_exit 0 cb check
	[ -e "$db.new" ] && fail "$what: reindex left index.db.new behind"
	echo "$what: $told of 5 commands said so, check said so, reindex mended it"
}

for cut in 100 4096 $((size / 2)) $((size - 4096)); do
	cp "$good" "$db" && truncate -s "$cut" "$db" || fail "cannot truncate"
	damaged "truncated to $cut bytes"
done

# Garbage (the same every run) over one page: the second, and a quarter,
# a half and three quarters into the file.
garbage="$TESTDIR/garbage"
yes 'not a page of an SQLite b-tree' | head -c "$psize" >"$garbage"
for page in 1 $((pages / 4)) $((pages / 2)) $((pages * 3 / 4)); do
	cp "$good" "$db" || fail "cannot copy the index"
	dd if="$garbage" of="$db" bs="$psize" seek="$page" count=1 conv=notrunc \
		2>/dev/null || fail "dd"
	damaged "garbage in page $((page + 1))"
done

# Not a database at all, and no index: reindex needs nothing of it.
printf 'hello\n' >"$db"
expect_exit 1 cb list
contains "$ERR" "$advice" "a text file for an index"
expect_exit 0 cb reindex
expect_exit 0 cb check
rm -f "$db" "$db-wal" "$db-shm"
expect_exit 0 cb reindex
expect_exit 0 cb check
# An empty file is an empty database: filled again from the record.
: >"$db"
expect_exit 0 cb list --all
[ "$(printf '%s\n' "$OUT" | grep -c '^2026-')" = $N ] || fail "empty index: $OUT"

# The new file keeps the old one's mode.
chmod 0604 "$db"
expect_exit 0 cb reindex
[ "$(stat -c %a "$db")" = 604 ] || fail "reindex changed the mode: $(stat -c %a "$db")"
chmod 0644 "$db"
# And its group (a team store's), where we may give it: as root.
if [ "$(id -u)" = 0 ] && getent group nogroup >/dev/null; then
	chgrp nogroup "$db" || fail chgrp
	expect_exit 0 cb reindex
	[ "$(stat -c %G "$db")" = nogroup ] ||
		fail "reindex changed the group: $(stat -c %G "$db")"
fi

# Readers and a writer go on while reindex swaps the file under them:
# every list sees every incident, every note is acknowledged and found.
(
	k=0
	while [ $k -lt 15 ]; do
		k=$((k + 1))
		cb note $first -m "during reindex $k" >/dev/null 2>"$TESTDIR/w.err" ||
			{ echo "note $k failed: $(cat "$TESTDIR/w.err")"; exit 1; }
	done
) >"$TESTDIR/writer" 2>&1 &
writer=$!
(
	k=0
	while [ $k -lt 15 ]; do
		k=$((k + 1))
		n=$(cb list --all 2>"$TESTDIR/r.err" | grep -c '^2026-')
		[ "$n" = $N ] || { echo "list saw $n: $(cat "$TESTDIR/r.err")"; exit 1; }
	done
) >"$TESTDIR/reader" 2>&1 &
reader=$!
for k in 1 2 3 4 5; do
	expect_exit 0 cb reindex
done
wait $writer || fail "writer during reindex: $(cat "$TESTDIR/writer")"
wait $reader || fail "reader during reindex: $(cat "$TESTDIR/reader")"
expect_exit 0 cb check
expect_exit 0 cb show $first
for k in 1 5 10 15; do
	contains "$OUT" "during reindex $k" "a note written during reindex"
done
exit 0
