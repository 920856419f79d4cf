# The start-up cost of the set-group-id checks: median of 50 runs of
# `casebook --version` and `casebook list` (20 incidents), run as a
# person outside the store group, for
#   before     $CASEBOOK_BEFORE (e.g. a build of main), a private store
#   plain      this casebook without the bit, a private store
#   sgid-priv  this casebook set-group-id, the same private store
#              (the group put aside and the environment cleaned)
#   sgid-team  this casebook set-group-id, a protected team store (the
#              folder checks, the group taken)
# Needs root (a user, a group, the bit).  Not a test: figures only.
set -eu
: "${CASEBOOK:?CASEBOOK must point at the casebook binary}"
: "${TOP_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
[ "$(id -u)" = 0 ] || { echo "setgid.sh: needs root" >&2; exit 1; }
RUNS=${RUNS:-50}
SG=cbb$$s
U=cbb$$u
D=$(mktemp -d /tmp/casebook-bench.XXXXXX)
chmod 755 "$D"
cleanup() {
	userdel "$U" 2>/dev/null || :
	getent group "$U" >/dev/null && groupdel "$U"
	groupdel "$SG" 2>/dev/null || :
	rm -rf "$D"
}
trap cleanup EXIT
groupadd "$SG"
useradd -M -U -s /bin/sh "$U"
mkdir "$D/home" && chown "$U:$U" "$D/home"
cp "$CASEBOOK" "$D/plain"
cp "$CASEBOOK" "$D/sgid" && chgrp "$SG" "$D/sgid" && chmod 2755 "$D/sgid"
if [ -n "${CASEBOOK_BEFORE:-}" ]; then cp "$CASEBOOK_BEFORE" "$D/before"; fi
chmod 755 "$D/plain"
install -d -o root -g "$SG" -m 2770 "$D/team"
as() { env -i PATH=/usr/bin:/bin LC_ALL=C.UTF-8 HOME="$D/home" \
	CASEBOOK_PLAYBOOKS="$TOP_SRCDIR/playbooks" \
	setpriv --reuid="$U" --regid="$U" --init-groups "$@"; }
as "$D/plain" --store "$D/home/private" init >/dev/null
as "$D/sgid" --store "$D/team" init --team >/dev/null
for i in $(seq 20); do
	as "$D/plain" --store "$D/home/private" new --title "incident $i" >/dev/null
	as "$D/sgid" --store "$D/team" new --title "incident $i" >/dev/null
done
cat >"$D/time.py" <<'PY'
# Median wall and CPU (user + system, of the child alone) milliseconds:
# on a loaded host the CPU time is the steadier figure.
import os, statistics, subprocess, sys, time
runs, argv = int(sys.argv[1]), sys.argv[2:]
wall, cpu = [], []
for i in range(runs + 1):
    a = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    if status != 0:
        sys.exit("%s exited %d" % (argv, status))
    if i > 0:
        wall.append((time.perf_counter() - a) * 1000)
        cpu.append((ru.ru_utime + ru.ru_stime) * 1000)
print("%.2f/%.2f" % (statistics.median(wall), statistics.median(cpu)))
PY
chmod 644 "$D/time.py"
row() {	# row NAME BIN STORE
	v=$(as /usr/bin/python3 "$D/time.py" "$RUNS" "$2" --version)
	l=$(as /usr/bin/python3 "$D/time.py" "$RUNS" "$2" --store "$3" list)
	printf '%-10s %14s %14s\n' "$1" "$v" "$l"
}
printf '%-10s %14s %14s   (median ms wall/cpu of %d runs)\n' "" "--version" "list" "$RUNS"
[ -e "$D/before" ] && row before "$D/before" "$D/home/private"
row plain "$D/plain" "$D/home/private"
row sgid-priv "$D/sgid" "$D/home/private"
row sgid-team "$D/sgid" "$D/team"
