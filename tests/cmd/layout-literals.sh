# One file owns the record's layout (core/layout.c): no other file of
# core/, store/, cli/ or tui/ spells a path of the record in a string,
# so a change of layout cannot leave a reader or a writer behind.  The
# names of the tree's entries are layout.h's CB_LAYOUT_* macros.
. "$(dirname "$0")/lib.sh"

cd "$TOP_SRCDIR" || fail "no source tree"
# A string literal holding a file or folder of the record's layout.
PATTERN='"[^"]*(incident\.json|checklist\.json|notebook/|evidence/|incidents/)[^"]*"'
bad=$(grep -nE "$PATTERN" core/*.c core/*.h store/*.c store/*.h cli/*.c \
	tui/*.c tui/*.h | grep -vE '^core/layout\.[ch]:')
[ -z "$bad" ] || fail "the record's layout spelled outside core/layout.c:
$bad"
# The check itself must see the layout where it is, and a path built
# elsewhere.
grep -E "$PATTERN" core/layout.h | grep -q '^#define CB_LAYOUT_INCIDENT' ||
	fail "the pattern misses layout.h's own names: is the check looking?"
for line in 'path = xasprintf("%s/incident.json", dir);' \
	'snprintf(p, sizeof p, "incidents/%04d", year);' \
	'if (strncmp(rest, "notebook/", 9) == 0)' \
	'x = xasprintf("%s/evidence/%s.json", dir, sha);'; do
	printf '%s\n' "$line" | grep -qE "$PATTERN" ||
		fail "the pattern misses: $line"
done
exit 0
