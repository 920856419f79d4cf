# The Japanese translation: it compiles with msgfmt's checks, and every
# bracket it opens it closes, where the English does: ( ), （ ）, 「 」.
. "$(dirname "$0")/lib.sh"

po=$TOP_SRCDIR/po/ja.po
command -v msgfmt >/dev/null 2>&1 || { echo "no msgfmt: skipped"; exit 77; }
msgfmt --check -o /dev/null "$po" || fail "msgfmt --check fails on ja.po"
bad=$(awk '
	# (Regular expressions as strings: a /re/ argument would be a match.)
	function n(s, re,   t) { t = s; return gsub(re, "", t) }
	function balanced(s) {
		return n(s, "[(]") == n(s, "[)]") && n(s, "（") == n(s, "）") &&
		    n(s, "「") == n(s, "」")
	}
	function flush() {
		if (id != "" && str != "" && balanced(id) && !balanced(str))
			print id " => " str
		id = ""; str = ""
	}
	/^msgid "/ { flush(); cur = "id"; sub(/^msgid "/, ""); sub(/"$/, ""); id = $0 "."; next }
	/^msgstr "/ { cur = "str"; sub(/^msgstr "/, ""); sub(/"$/, ""); str = $0; next }
	/^"/ { sub(/^"/, ""); sub(/"$/, ""); if (cur == "id") id = id $0; else str = str $0; next }
	{ cur = "" }
	END { flush() }' "$po")
[ -z "$bad" ] || fail "unmatched brackets in ja.po:
$bad"
exit 0
