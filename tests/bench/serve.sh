#!/bin/sh
# casebook serve's figures: make bench-serve (never part of make check).
#
#   serve-1-line     SERVE_N requests (default 5000) of one Suricata alert
#                    line each, from 8 clients on kept-open connections
#                    over loopback, plain HTTP: requests/s, p50 and p99
#   serve-100-lines  SERVE_N / 10 requests of 100 lines each: the same,
#                    and alerts/s
#   serve-tls        the 1-line run over HTTPS (a test CA)
#
# Needs python3 (tests/net/serve-load.py is the client) and openssl.
set -eu

CASEBOOK=${CASEBOOK:-$PWD/casebook}
TOP_SRCDIR=${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
N=${SERVE_N:-5000}
T=$(mktemp -d "${TMPDIR:-/tmp}/casebook-bench-serve.XXXXXX")
SERVER=
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; rm -rf "$T"' EXIT
trap 'exit 130' INT TERM PIPE
export LC_ALL=C.UTF-8 TZ=UTC HOME="$T/home" CASEBOOK_STORE="$T/store"
export CASEBOOK_PLAYBOOKS="$TOP_SRCDIR/playbooks"
mkdir -p "$HOME"
. "$TOP_SRCDIR/tests/net/certs.sh"
unset http_proxy HTTP_PROXY https_proxy HTTPS_PROXY
make_certs "$T"
TOKEN=bench-token-0123456789abcdef
printf '[serve "bench"]\n\ttoken = %s\n' "$TOKEN" >"$T/secrets"
chmod 600 "$T/secrets"
"$CASEBOOK" init >/dev/null

start() {
	rm -f "$T/port"
	"$CASEBOOK" serve --secrets "$T/secrets" --listen 127.0.0.1:0 \
		--port-file "$T/port" "$@" 2>"$T/serve.log" &
	SERVER=$!
	wait_port "$T/port"
	PORT=$(cat "$T/port")
}
stop() { kill -TERM "$SERVER"; wait "$SERVER" || true; SERVER=; }
load() { python3 "$TOP_SRCDIR/tests/net/serve-load.py" "$@"; }

echo "casebook serve on loopback, 8 clients; $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
start
printf 'serve-1-line      %6d requests: ' "$N"
load "http://127.0.0.1:$PORT/hooks/$TOKEN" "$N" 8 "$T/acks" --base 1 | sed 's/ *$//'
printf 'serve-100-lines   %6d requests: ' $((N / 10))
out=$(load "http://127.0.0.1:$PORT/hooks/$TOKEN" $((N / 10)) 8 "$T/acks" \
	--base 100000000 --lines 100)
echo "$out"
rps=$(echo "$out" | sed -n 's/.*req\/s \([0-9]*\).*/\1/p')
echo "                  = $((rps * 100)) alerts/s"
stop
start --cert "$T/server.pem" --key "$T/server.key"
printf 'serve-tls         %6d requests: ' "$N"
load "https://127.0.0.1:$PORT/hooks/$TOKEN" "$N" 8 "$T/acks" --base 200000000 \
	--ca "$T/ca.pem"
stop
