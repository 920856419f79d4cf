# Reviewing anywhere (issue 14): `casebook --store CLONE` on a plain
# `git clone --bare` of a record (no index, no config) opens it
# read-only with an index in $XDG_CACHE_HOME/casebook/HASH/: list, show,
# search, log, events, check and the as-of view work; every write is
# refused with a clear message and the clone is left as it was.
. "$(dirname "$0")/lib.sh"

export XDG_CACHE_HOME=$TESTDIR/cache
export CASEBOOK_NOW=1796000000
expect_exit 0 cb init
expect_exit 0 cb new --title "phishing at the library"
id=$OUT
expect_exit 0 cb note "$id" -m "first look: the mail came from outside"
export CASEBOOK_NOW=1796000600
expect_exit 0 cb set "$id" urgency high
expect_exit 0 cb note "$id" -m "second note: credentials reset"
expect_exit 0 cb new --title "scan from a lab host"
other=$OUT

CLONE=$TESTDIR/clone.git
git clone -q --bare "$CASEBOOK_STORE/record.git" "$CLONE" ||
	fail "git clone --bare"
before=$(cd "$CLONE" && find . -type f | sort | xargs sha256sum)
r() { "$CASEBOOK" --store "$CLONE" "$@"; }

expect_exit 0 r list
contains "$OUT" "phishing at the library" "the review lists"
contains "$OUT" "scan from a lab host" "the review lists every incident"
expect_exit 0 r show "$id"
contains "$OUT" "credentials reset" "the review shows the notebook"
contains "$OUT" "high" "the review shows the fields"
expect_exit 0 r search "from outside"
contains "$OUT" "$id" "the review searches notebooks"
expect_exit 0 r log "$id"
contains "$OUT" "urgency: normal -> high" "the review's history"
expect_exit 0 r events
contains "$OUT" "$other" "the review's events"
expect_exit 0 r check
# The as-of view: the case as it was before the urgency was set.
first=$(git --git-dir="$CLONE" log main --format=%H --fixed-strings \
	--grep="first look" -1)
[ -n "$first" ] || fail "finding the first note's commit"
expect_exit 0 r checklist "$id" --at "$first"
contains "$OUT" "$id" "the as-of checklist"
urgency() {	# the urgency item's answer in checklist --json on stdin
	python3 -c '
import json, sys
c = json.load(sys.stdin)
print([i for i in c["items"] if i["id"] == "urgency"][0].get("value"))'
}
expect_exit 0 r checklist "$id" --json --at "$first"
[ "$(printf '%s' "$OUT" | urgency)" = None ] ||
	fail "the as-of view: urgency not yet answered then"
expect_exit 0 r checklist "$id" --json
[ "$(printf '%s' "$OUT" | urgency)" = high ] ||
	fail "the current view: urgency high"

# Writes are refused, saying why, and nothing in the clone changes.
for w in "note $id -m x" "set $id urgency low" "new --title x" \
    "answer $id source alert" "reindex" "gc"; do
	# shellcheck disable=SC2086
	expect_exit 1 r $w
	contains "$ERR" "plain clone of a record, opened for review" "refusing '$w'"
done
after=$(cd "$CLONE" && find . -type f | sort | xargs sha256sum)
[ "$before" = "$after" ] || fail "the review changed the clone"

# The index was built once, in the cache, and is caught up next time.
n=$(find "$XDG_CACHE_HOME/casebook" -name index.db | wc -l)
[ "$n" = 1 ] || fail "one cached index, found $n"
expect_exit 0 cb note "$id" -m "third note after the clone"
git --git-dir="$CLONE" fetch -q "$CASEBOOK_STORE/record.git" main:main ||
	fail "updating the clone"
expect_exit 0 r show "$id"
contains "$OUT" "third note after the clone" "the cached index caught up"
exit 0
