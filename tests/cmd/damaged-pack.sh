# A damaged pack (random bytes, truncated, an index whose fan-out says
# 0xFFFFFFFF objects): 'casebook check' reports it and does not crash;
# later saves, their merges and 'casebook gc' never copy its bytes into
# a new pack nor remove it while it holds objects found nowhere else;
# every other pack stays whole for git.
. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/cmd/lib.sh"

P=$CASEBOOK_STORE/record.git/objects/pack

damage() {	# damage KIND FILE
	chmod u+w "$2"
	case $1 in
	random)
		size=$(stat -c %s "$2")
		head -c 200 /dev/urandom |
		    dd of="$2" bs=1 seek=$((size / 3)) conv=notrunc 2>/dev/null ;;
	truncated)
		truncate -s $(($(stat -c %s "$2") / 2)) "$2" ;;
	fanout)
		printf '\377\377\377\377' |
		    dd of="$2" bs=1 seek=$((8 + 255 * 4)) conv=notrunc 2>/dev/null ;;
	esac
}

# Every pack but the damaged one verifies with git.
others_whole() {	# others_whole DAMAGED-BASE WHAT
	for idx in "$P"/*.idx; do
		[ "${idx%.idx}" = "$1" ] && continue
		git verify-pack "$idx" >/dev/null 2>"$TESTDIR/vp" ||
			fail "$2: $(basename "$idx") does not verify: $(cat "$TESTDIR/vp")"
	done
}

for kind in random truncated fanout; do
	rm -rf "$CASEBOOK_STORE"
	expect_exit 0 cb init
	expect_exit 0 cb new --title "a pack of it will be damaged"
	id=$OUT
	i=0
	while [ $i -lt 12 ]; do
		i=$((i + 1))
		expect_exit 0 cb note "$id" -m "before $kind $i"
	done
	# The oldest of casebook's packs: it holds the first commits.
	victim=$(ls -tr "$P"/*.pack | head -1)
	victim=${victim%.pack}
	case $kind in
	fanout) damage fanout "$victim.idx" ;;
	*) damage "$kind" "$victim.pack" ;;
	esac
	sum=$(cat "$victim.pack" "$victim.idx" | sha256sum)

	"$CASEBOOK" check >"$TESTDIR/out" 2>&1
	rc=$?
	[ $rc -eq 1 ] || fail "$kind: check exited $rc (expected 1, no crash): $(cat "$TESTDIR/out")"
	grep -q "a pack is damaged: $victim" "$TESTDIR/out" ||
		fail "$kind: check did not name the damaged pack: $(cat "$TESTDIR/out")"
	# git fsck reports it too: the check says what git says.
	rgit fsck --full >/dev/null 2>&1 && fail "$kind: git fsck finds nothing wrong"

	# Saves go on (the tip's objects are in newer packs) and merge.
	i=0
	while [ $i -lt 40 ]; do
		i=$((i + 1))
		cb note "$id" -m "after $kind $i" >/dev/null 2>&1 || true
	done
	[ -e "$victim.pack" ] && [ -e "$victim.idx" ] ||
		fail "$kind: the damaged pack was removed by a merge"
	[ "$(cat "$victim.pack" "$victim.idx" | sha256sum)" = "$sum" ] ||
		fail "$kind: the damaged pack changed"
	others_whole "$victim" "$kind, after 40 saves"
	# Merged packs are retired for two seconds before removal.
	n=$(grep -L "to remove" "$P"/*.keep | wc -l)
	[ "$n" -le 20 ] || fail "$kind: $n live packs after 40 saves"
	n=$(ls "$P"/*.pack | wc -l)
	[ "$n" -le 60 ] || fail "$kind: $n packs after 40 saves"

	# gc packs what it can read; the damage is not spread, and a pack
	# holding objects found nowhere else is not removed.
	"$CASEBOOK" gc >"$TESTDIR/out" 2>&1
	rc=$?
	[ $rc -le 1 ] || fail "$kind: gc exited $rc: $(cat "$TESTDIR/out")"
	others_whole "$victim" "$kind, after gc"
	if [ -e "$victim.idx" ]; then
		[ "$(cat "$victim.pack" "$victim.idx" | sha256sum)" = "$sum" ] ||
			fail "$kind: gc changed the damaged pack"
	fi
	"$CASEBOOK" check >"$TESTDIR/out" 2>&1
	[ $? -le 1 ] || fail "$kind: check crashed after gc: $(cat "$TESTDIR/out")"
done
echo "ok: damaged packs reported, never spread"
