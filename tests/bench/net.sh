#!/bin/sh
# The network's figures: make bench-net (never part of make check).
#
#   net-messages-per-second   Rocket.Chat bodies sent one after another to
#                             tests/net/fake-server.py on 127.0.0.1 over
#                             TLS, no limit (NET_N of them, default 500),
#                             on one kept-open connection, then each on
#                             its own (-once)
#   backlog-...               10,000 messages after an outage drained under
#                             Rocket.Chat's 10 calls a minute by coalescing
#                             (printed by bench-net, computed, no server)
#   startup-list-ms           median of 50 runs of "casebook list" on a
#                             store of 100 incidents; with CASEBOOK_OTHER
#                             set, the same for that binary too (build one
#                             without libcurl linked to compare)
#
# Needs python3 and openssl, as tests/net/deliver.sh does.
set -eu

CASEBOOK=${CASEBOOK:-$PWD/casebook}
BENCH_NET=${BENCH_NET:-$PWD/tests/bench/bench-net}
TOP_SRCDIR=${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
T=$(mktemp -d "${TMPDIR:-/tmp}/casebook-bench-net.XXXXXX")
SERVER=
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; rm -rf "$T"' EXIT
trap 'exit 130' INT TERM
export LC_ALL=C.UTF-8 TZ=UTC HOME="$T/home" CASEBOOK_STORE="$T/store"
mkdir -p "$HOME"
. "$TOP_SRCDIR/tests/net/certs.sh"

make_certs "$T"
python3 "$TOP_SRCDIR/tests/net/fake-server.py" "$T/port" "$T/server.pem" \
	"$T/server.key" token 2>"$T/server.err" &
SERVER=$!
wait_port "$T/port" || { cat "$T/server.err" >&2; exit 1; }
echo "# $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
URL=https://127.0.0.1:$(cat "$T/port")/hooks/a/b
"$BENCH_NET" "$URL" "$T/ca.pem" "${NET_N:-500}"
"$BENCH_NET" "$URL" "$T/ca.pem" "${NET_N:-500}" once

"$CASEBOOK" init >/dev/null
i=0
while [ $i -lt 100 ]; do
	"$CASEBOOK" new --title "incident $i" --class scan >/dev/null
	i=$((i + 1))
done

# median_ms BINARY: the median wall time of 50 runs of BINARY list.
median_ms() {
	python3 - "$1" <<'PY'
import subprocess, sys, time
runs = []
for _ in range(55):
    t = time.perf_counter()
    subprocess.run([sys.argv[1], "list"], stdout=subprocess.DEVNULL,
                   check=True)
    runs.append((time.perf_counter() - t) * 1000)
runs = sorted(runs[5:])   # the first five warm the caches
print("%.2f" % runs[len(runs) // 2])
PY
}
echo "startup-list-ms: $(median_ms "$CASEBOOK") ms ($(ldd "$CASEBOOK" | grep -c 'curl') libcurl linked)"
if [ -n "${CASEBOOK_OTHER:-}" ]; then
	echo "startup-list-other-ms: $(median_ms "$CASEBOOK_OTHER") ms ($(ldd "$CASEBOOK_OTHER" | grep -c 'curl') libcurl linked)"
fi
