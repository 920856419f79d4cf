# The layers of doc/design.md, checked on the built objects rather than
# on the #includes: core/ (libcbcore.a) uses nothing from store/, tui/ or
# cli/, nor libgit2, SQLite, ncurses or libcurl; store/ (libcbstore.a)
# uses nothing from tui/ or cli/, nor ncurses or libcurl.  A symbol an
# object leaves undefined (nm -u) is one it uses; the symbols the other
# layers' objects define say where it would come from.
. "$(dirname "$0")/lib.sh"

command -v nm >/dev/null 2>&1 || { echo "no nm: skipped"; exit 77; }

# make check names the built binary; the objects are beside it.
BUILD=$(cd "$(dirname "$CASEBOOK")" && pwd)
CORE=$BUILD/libcbcore.a
STORE=$BUILD/libcbstore.a
[ -f "$CORE" ] && [ -f "$STORE" ] ||
	fail "no libcbcore.a and libcbstore.a in $BUILD: is CASEBOOK the built binary?"
CLI_OBJS=$(ls "$BUILD"/cli/casebook-*.o 2>/dev/null)
TUI_OBJS=$(ls "$BUILD"/tui/casebook-*.o 2>/dev/null)
[ -n "$CLI_OBJS" ] && [ -n "$TUI_OBJS" ] ||
	fail "no cli/ or tui/ objects in $BUILD"

# defined FILES...: the global symbols the objects define, one a line.
defined() {
	nm -P -g --defined-only "$@" 2>/dev/null |
		awk 'NF >= 2 && $1 !~ /:$/ { print $1 }' | sort -u
}

# The terminal libraries' symbols, from the libraries the binary loads
# (ncurses may be split into a libtinfo); a few well-known names in case
# ldd finds neither.
terminal_syms() {
	libs=$(ldd "$CASEBOOK" 2>/dev/null |
		awk '/ncurses|tinfo|curl/ { print $3 }')
	for l in $libs; do
		[ -f "$l" ] && nm -D -P --defined-only "$l" 2>/dev/null |
			awk '{ print $1 }' | sed 's/@.*//'
	done
	printf '%s\n' initscr endwin newwin delwin wmove waddnstr wrefresh \
		wgetch keypad cbreak noecho start_color init_pair setupterm \
		tgetent tputs curl_easy_init curl_global_init
}

defined $STORE >"$TESTDIR/store.def"
defined $CLI_OBJS $TUI_OBJS >"$TESTDIR/ui.def"
terminal_syms | sort -u >"$TESTDIR/term.def"
[ "$(wc -l <"$TESTDIR/store.def")" -gt 50 ] ||
	fail "store/ defines too few symbols: is nm reading the objects?"
[ "$(wc -l <"$TESTDIR/ui.def")" -gt 50 ] ||
	fail "cli/ and tui/ define too few symbols: is nm reading the objects?"

# check ARCHIVE WHAT FORBIDDEN-LIST PATTERN: every symbol a member of
# ARCHIVE uses that is in FORBIDDEN-LIST or matches the library PATTERN,
# as "member: symbol (WHAT)".
check() {
	nm -A -P -u "$1" 2>/dev/null |
		awk -v what="$2" -v pat="$4" '
			NR == FNR { bad[$1] = 1; next }
			{
				m = $1; sub(/^.*\[/, "", m); sub(/\]:$/, "", m)
				s = $2
				if (s in bad)
					print m ": " s " (" what ")"
				else if (pat != "" && s ~ pat)
					print m ": " s " (a library it must not use)"
			}' "$3" -
}

used=$(nm -P -u "$CORE" 2>/dev/null | wc -l)
[ "$used" -gt 50 ] || fail "core/ uses only $used symbols: is nm reading libcbcore.a?"

bad=$( {
	check "$CORE" "defined in store/" "$TESTDIR/store.def" ''
	check "$CORE" "defined in cli/ or tui/" "$TESTDIR/ui.def" \
		'^(git_|sqlite3_|curl_)'
	check "$CORE" "ncurses or libcurl" "$TESTDIR/term.def" ''
	check "$STORE" "defined in cli/ or tui/" "$TESTDIR/ui.def" '^curl_'
	check "$STORE" "ncurses or libcurl" "$TESTDIR/term.def" ''
} | sort -u)
[ -z "$bad" ] || fail "a layer uses one above it (doc/design.md, Layers):
$bad"
exit 0
