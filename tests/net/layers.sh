# net/'s place in the layers (doc/design.md): libcbnet.a uses nothing
# from store/, tui/ or cli/, nor libgit2, SQLite or ncurses; and no file
# outside net/ includes curl.h (tests/cmd/layers.sh checks core/ and
# store/ for libcurl's symbols; this checks the source, since net/ itself
# reaches libcurl through dlsym and leaves no symbol to see).
. "$(dirname "$0")/../cmd/lib.sh"

command -v nm >/dev/null 2>&1 || { echo "no nm: skipped"; exit 77; }
BUILD=$(cd "$(dirname "$CASEBOOK")" && pwd)
NET=$BUILD/libcbnet.a
[ -f "$NET" ] || fail "no libcbnet.a in $BUILD"

defined() {
	nm -P -g --defined-only "$@" 2>/dev/null |
		awk 'NF >= 2 && $1 !~ /:$/ { print $1 }' | sort -u
}
defined "$BUILD/libcbstore.a" "$BUILD"/cli/casebook-*.o \
	"$BUILD"/tui/casebook-*.o >"$TESTDIR/above.def"
[ "$(wc -l <"$TESTDIR/above.def")" -gt 100 ] ||
	fail "store/, cli/ and tui/ define too few symbols: is nm reading them?"
used=$(nm -P -u "$NET" 2>/dev/null | awk 'NF >= 2 && $1 !~ /:$/ { print $1 }' | sort -u)
[ "$(printf '%s\n' "$used" | wc -l)" -gt 20 ] ||
	fail "net/ uses too few symbols: is nm reading libcbnet.a?"
bad=$(printf '%s\n' "$used" | grep -Fx -f "$TESTDIR/above.def")
[ -z "$bad" ] || fail "net/ uses store/, cli/ or tui/: $bad"
bad=$(printf '%s\n' "$used" | grep -E '^(git_|sqlite3_|initscr|endwin|wmove|waddn?str|newwin)')
[ -z "$bad" ] || fail "net/ uses libgit2, SQLite or ncurses: $bad"
# net/ reaches libcurl only through the functions it loads.
bad=$(printf '%s\n' "$used" | grep -E '^curl_')
[ -z "$bad" ] || fail "net/ links libcurl's symbols (it must dlopen them): $bad"

cd "$TOP_SRCDIR" || fail "no source tree"
bad=$(grep -rlE '#[[:space:]]*include[[:space:]]*[<"]curl/' core store cli tui 2>/dev/null)
[ -z "$bad" ] || fail "curl.h included outside net/: $bad"
