#!/bin/sh
# Sync between sites: make bench-sync (never part of make check).
# Prints "name: value unit" lines:
#   - sync of SYNC_COMMITS (default 1,000) new commits each way: A
#     pushes its own, B fetches A's, merges with its own and pushes, A
#     fetches B's (a fast-forward);
#   - a merge with SYNC_BOTH (default 100) incidents changed on both
#     sides (different fields, and the title on each: one conflict each);
#   - the size on the wire of a day's work (20 incidents, 200 notes, 60
#     field changes, 10 attachments of 20 KB) pushed to a hub that has
#     the rest, from a store as its saves left it and from the same store
#     after 'casebook gc' (the bytes the hub's object folder grew by: the
#     pack libgit2 sent).
set -eu

CASEBOOK=${CASEBOOK:-$PWD/casebook}
TOP_SRCDIR=${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
N=${SYNC_COMMITS:-1000}
BOTH=${SYNC_BOTH:-100}
base=${BENCH_TMP:-${TMPDIR:-/var/tmp}}
T=$(mktemp -d "$base/casebook-bench-sync.XXXXXX")
[ -n "${BENCH_KEEP:-}" ] || trap 'rm -rf "$T"' EXIT
export LC_ALL=C.UTF-8 TZ=UTC HOME="$T/home" CASEBOOK_PLAYBOOKS="$TOP_SRCDIR/playbooks"
unset CASEBOOK_NOW CASEBOOK_STORE || true
mkdir -p "$HOME"
ca() { "$CASEBOOK" --store "$T/a" "$@"; }
cbb() { "$CASEBOOK" --store "$T/b" "$@"; }
now() { date +%s.%N; }
took() { echo "$(now) - $1" | bc; }
objbytes() { du -sb "$1/objects" | cut -f1; }

git init -q --bare "$T/hub.git"
ca init >/dev/null
ca remote add hub "$T/hub.git" >/dev/null
for i in $(seq 1 "$BOTH"); do ca new --title "case $i" >/dev/null; done
ca sync >/dev/null
cbb init >/dev/null
cbb remote add hub "$T/hub.git" >/dev/null
cbb sync >/dev/null
ids=$(ca list --all | awk '{print $1}')

# --- 1,000 commits each way --------------------------------------------
i=0
while [ $i -lt "$N" ]; do
	for id in $ids; do
		[ $i -lt "$N" ] || break
		ca note "$id" -m "A's note $i" >/dev/null
		cbb note "$id" -m "B's note $i" >/dev/null
		i=$((i + 1))
	done
done
t=$(now); ca sync >/dev/null; echo "sync push $N commits (A): $(took "$t") s"
t=$(now); cbb sync >"$T/out"; echo "sync fetch $N + merge + push $N (B): $(took "$t") s"
cat "$T/out"
t=$(now); ca sync >/dev/null; echo "sync fetch $N+1, fast-forward (A): $(took "$t") s"

# --- a merge with 100 incidents changed on both sides --------------------
for id in $ids; do
	ca set "$id" urgency high >/dev/null
	ca set "$id" title "title from A" >/dev/null
	cbb set "$id" department "Dept B" >/dev/null
	cbb set "$id" title "title from B" >/dev/null
done
ca sync >/dev/null
t=$(now); cbb sync >"$T/out"; echo "sync merge $BOTH incidents changed on both sides (B): $(took "$t") s"
cat "$T/out"
t=$(now); ca sync >/dev/null; echo "sync fetch that merge (A): $(took "$t") s"

# --- a day's work on the wire, gc'd or not -------------------------------
day() {	# STORE: a day's work in it
	s=$1
	for i in $(seq 1 20); do "$CASEBOOK" --store "$s" new --title "day case $i" >/dev/null; done
	dids=$("$CASEBOOK" --store "$s" list --all | awk '{print $1}' | head -40)
	nd=$(echo "$dids" | wc -l)
	for i in $(seq 1 200); do
		id=$(echo "$dids" | sed -n "$((i % nd + 1))p")
		"$CASEBOOK" --store "$s" note "$id" -m "day note $i: looked at the logs of host-$i, nothing new" >/dev/null
	done
	for i in $(seq 1 60); do
		id=$(echo "$dids" | sed -n "$((i % nd + 1))p")
		"$CASEBOOK" --store "$s" set "$id" assignees "tech$i" >/dev/null
	done
	for i in $(seq 1 10); do
		head -c 20480 /dev/urandom >"$T/ev$i.bin"
		"$CASEBOOK" --store "$s" attach "$(echo "$dids" | sed -n "${i}p")" "$T/ev$i.bin" >/dev/null
	done
}
for how in saves gc; do
	rm -rf "$T/c" "$T/hub2.git"
	git clone -q --bare "$T/hub.git" "$T/hub2.git"
	cp -a "$T/a" "$T/c"
	"$CASEBOOK" --store "$T/c" remote remove hub
	"$CASEBOOK" --store "$T/c" remote add hub2 "$T/hub2.git" >/dev/null
	day "$T/c"
	[ $how = gc ] && "$CASEBOOK" --store "$T/c" gc >/dev/null
	before=$(objbytes "$T/hub2.git")
	t=$(now); "$CASEBOOK" --store "$T/c" sync >/dev/null
	echo "day's work on the wire ($how): $(( $(objbytes "$T/hub2.git") - before )) bytes, $(took "$t") s"
	echo "day's work in the store's packs ($how): $(du -sb "$T/c/record.git/objects" | cut -f1) bytes"
done
