# git's multi-pack index beside casebook's merges of its packs: git
# lists the packs before it takes its lock, so a "git multi-pack-index
# write" that saw the packs a merge retired beside the merged one can
# write its index after casebook removed them.  Each object must then
# be taken from the merged pack, or git can no longer read it ("unable
# to read tree"; tests/cmd/maintenance.sh met it once in many runs), and
# the stale index is removed at casebook's next open (git fsck would
# report its missing packs for ever).
# Here that moment is made on purpose: saves until a merge has retired
# packs, git's index written then, the retired packs removed under it.
. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/cmd/lib.sh"

P=$CASEBOOK_STORE/record.git/objects/pack
retired() { grep -l 'merged into another pack' "$P"/*.keep 2>/dev/null; }

expect_exit 0 cb init
expect_exit 0 cb new --title "a merge and git's multi-pack index"
id=$OUT
n=0
while [ -z "$(retired)" ]; do
	n=$((n + 1))
	[ "$n" -le 60 ] || fail "no merge retired a pack in 60 saves"
	expect_exit 0 cb note "$id" -m "note $n"
done
echo "a merge after $n saves retired $(retired | wc -l) packs"
rgit multi-pack-index write || fail "git multi-pack-index write"
for k in $(retired); do
	rm -f "${k%.keep}.idx" "${k%.keep}.pack" "${k%.keep}.keep"
done
rgit rev-list --objects --all | cut -d' ' -f1 |
	rgit cat-file --batch-check >"$TESTDIR/objects" ||
	fail "git cat-file --batch-check"
lacks "$(cat "$TESTDIR/objects")" missing "git's objects after the retired packs went"
rgit grep -q "note $n" main -- incidents ||
	fail "git cannot read the branch after the retired packs went"
# That index still names the removed packs: git fsck says so, and git's
# next write keeps naming them.  casebook's next open removes it.
rgit fsck --full --strict >/dev/null 2>&1 &&
	fail "git fsck finds nothing wrong with the stale index: is the test making one?"
expect_exit 0 cb note "$id" -m "after the stale index"
[ ! -e "$P/multi-pack-index" ] || fail "the stale multi-pack index is still there"
# A sound one is left alone.
rgit multi-pack-index write || fail "git multi-pack-index write, again"
expect_exit 0 cb note "$id" -m "beside a sound index"
[ -e "$P/multi-pack-index" ] || fail "casebook removed a sound multi-pack index"
rgit fsck --full --strict >"$TESTDIR/fsck" 2>&1 ||
	fail "git fsck: $(head -5 "$TESTDIR/fsck")"
expect_exit 0 cb check
exit 0
