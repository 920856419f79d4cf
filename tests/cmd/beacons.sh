# casebook beacons on synthetic Suricata flow lines
# (tests/cmd/beacon-flows.py, seeded): a 60 s beacon with jitter scores
# high and is listed with its sub-scores; connections at random times
# score lower and are not listed; a sparse random pair (30 connections),
# which RITA's histogram scores high, is not listed either; an
# allow-listed NTP server is left out; --json has every sub-score.
. "$(dirname "$0")/lib.sh"

command -v python3 >/dev/null 2>&1 || { echo "no python3: skipped"; exit 77; }
END=$(date -u -d 2026-11-26T12:00:00Z +%s)
export CASEBOOK_NOW=$END
expect_exit 0 cb init
python3 "$TOP_SRCDIR/tests/cmd/beacon-flows.py" "$END" >"$TESTDIR/flows.json" ||
	fail "cannot make the flows"
expect_exit 0 cb ingest --format suricata "$TESTDIR/flows.json"
contains "$OUT" "3220 flows" "ingest of the flows"

# score PAIR: the score of "src -> dst" in --all --json, else "none".
score() {
	python3 -c '
import json, sys
src, dst, key = sys.argv[1], sys.argv[2], sys.argv[3]
for p in json.load(sys.stdin):
    if p["src"] == src and p["dst"] == dst:
        print(p[key]); break
else:
    print("none")' "$@"
}
expect_exit 0 cb beacons --all --min 4 --top 100 --json
ALL=$OUT
b=$(printf '%s' "$ALL" | score 10.0.0.5 203.0.113.7 score)
bt=$(printf '%s' "$ALL" | score 10.0.0.5 203.0.113.7 timestamp)
r=$(printf '%s' "$ALL" | score 10.0.0.6 198.51.100.1 score)
rt=$(printf '%s' "$ALL" | score 10.0.0.6 198.51.100.1 timestamp)
s=$(printf '%s' "$ALL" | score 10.0.0.8 198.51.100.99 score)
st=$(printf '%s' "$ALL" | score 10.0.0.8 198.51.100.99 timestamp)
echo "beacon $b (timestamp $bt), random $r ($rt), sparse random $s ($st)"
python3 -c "import sys; b,bt,r,rt,s,st = map(float, sys.argv[1:]);
assert b >= 0.9 and bt >= 0.9, 'the beacon scores low'
assert r < 0.75 and rt < 0.75, 'random traffic scores high'
assert st < 0.75, 'the sparse pair has a beacon-like timestamp score'
assert b > r and b > s" "$b" "$bt" "$r" "$rt" "$s" "$st" ||
	fail "scores: beacon $b ($bt), random $r ($rt), sparse $s ($st)"
n=$(printf '%s' "$ALL" | python3 -c 'import json,sys; p=json.load(sys.stdin)[0]; print(sorted(p))')
contains "$n" "'data_size', 'dst', 'duration', 'first', 'histogram', 'last', 'score', 'src', 'timestamp'" "a pair's JSON keys"

# The default list: the beacon and the NTP server, nothing random.
expect_exit 0 cb beacons
contains "$OUT" "10.0.0.5 -> 203.0.113.7" "beacons"
contains "$OUT" "10.0.0.7 -> 192.0.2.123" "beacons before the allow-list"
contains "$OUT" "SCORE TIME  SIZE  HIST  DUR" "beacons' header"
lacks "$OUT" "10.0.0.6" "beacons"
lacks "$OUT" "10.0.0.8" "beacons (the sparse random pair)"
first=$(printf '%s\n' "$OUT" | sed -n 2p)
contains "$first" "192.0.2.123" "the highest first"

# The allow-list: NTP is left out, and a bad entry is an error.
printf '[beacons]\n\tallow = 192.0.2.0/24\n\tallow = 2001:db8::/32\n' >>"$CASEBOOK_STORE/config"
expect_exit 0 cb beacons
lacks "$OUT" "192.0.2.123" "beacons with the allow-list"
contains "$OUT" "10.0.0.5 -> 203.0.113.7" "beacons with the allow-list"
contains "$OUT" "1350 flows to allowed destinations left out" "beacons with the allow-list"
printf '\tallow = 192.0.2.300\n' >>"$CASEBOOK_STORE/config"
expect_exit 1 cb beacons
contains "$ERR" "192.0.2.300" "a bad allow-list entry"
sed -i '/192.0.2.300/d' "$CASEBOOK_STORE/config"

# --since: only the last hour's flows (60 connections of the beacon).
expect_exit 0 cb beacons --since 1h --json --min 4
c=$(printf '%s' "$OUT" | score 10.0.0.5 203.0.113.7 connections)
[ "$c" -ge 59 ] && [ "$c" -le 61 ] || fail "the last hour has $c connections of the beacon"
# A --min above what the beacon has in an hour leaves nothing.
expect_exit 0 cb beacons --since 1h --min 100
contains "$OUT" "no beacons" "beacons --min 100 over an hour"
expect_exit 2 cb beacons --min 2
expect_exit 2 cb beacons --since yesterday-ish
expect_exit 2 cb beacons --threshold 1.5
exit 0
