# Commands that never send start without libcurl: the casebook binary
# does not link it (net/http.c loads it with dlopen at the first
# request), and "casebook list" opens no libcurl file (strace, when the
# machine has it).
. "$(dirname "$0")/../cmd/lib.sh"

command -v readelf >/dev/null 2>&1 || { echo "no readelf: skipped"; exit 77; }
needed=$(readelf -d "$CASEBOOK" | grep NEEDED) || fail "readelf found no NEEDED in $CASEBOOK"
lacks "$needed" libcurl "the libraries casebook needs at start-up"
contains "$needed" libgit2 "the libraries casebook needs at start-up"

expect_exit 0 cb init
expect_exit 0 cb new --title "Scan from 192.0.2.1" --class scan
if command -v strace >/dev/null 2>&1 &&
	strace -f -e trace=openat -o "$TESTDIR/trace" "$CASEBOOK" list >/dev/null 2>&1; then
	opened=$(cat "$TESTDIR/trace")
	contains "$opened" libgit2 "the files casebook list opened"
	lacks "$opened" libcurl "the files casebook list opened"
else
	echo "no strace (or ptrace not permitted): the open files were not checked"
fi
