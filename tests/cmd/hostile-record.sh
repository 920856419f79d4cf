# Hostile bytes written into the record with plain git (as anyone who can
# push may): escape sequences (ESC, OSC 0 title, OSC 52 clipboard, OSC 8
# link), C1 controls (U+009B and the raw byte), DEL, invalid UTF-8 and
# invisible characters in every file of an incident (incident.json,
# checklist.json, a sidecar, a note and its file name), in the commit's
# author, message and Casebook trailers.  No read command lets one byte
# of them reach the terminal raw, --json included; nothing is dropped
# silently; check and reindex keep working.
. "$(dirname "$0")/lib.sh"

expect_exit 0 cb init
expect_exit 0 cb role "$(id -un)" tech
expect_exit 0 cb new --title "sound one" --class phishing
a=$OUT
expect_exit 0 cb new --title "to be damaged"
b=$OUT
expect_exit 0 cb answer "$a" source alert
printf 'x' >"$TESTDIR/ev"
expect_exit 0 cb attach "$a" "$TESTDIR/ev"
expect_exit 0 cb note "$a" -m "an honest note"
year=${a%%-*}
dir_a=incidents/$year/00/$a
dir_b=incidents/$year/00/$b

WT="$TESTDIR/wt"
git clone -q -b main "$CASEBOOK_STORE/record.git" "$WT" || fail "git clone"
g() { git -C "$WT" "$@"; }

E=$(printf '\033')
BEL=$(printf '\007')
OSC0="${E}]0;pwned${BEL}"
OSC52="${E}]52;c;aGVsbG8=${BEL}"
OSC8="${E}]8;;https://evil.example/${E}\\click${E}]8;;${E}\\"
CSI="${E}[2J"
C1=$(printf '\302\233')		# U+009B, CSI as UTF-8
RAWC1=$(printf '\233')		# the raw byte
DEL=$(printf '\177')
TAG=$(printf '\363\240\201\250')	# U+E0068, a tag character
# JSON holds controls escaped; jansson reads them back raw.  J has ESC,
# OSC 0, OSC 52, C1 CSI, DEL, CSI 2J and an OSC 8 link.
J='\u001b]0;pwned\u0007 \u001b]52;c;aGVsbG8=\u0007 \u009b2J \u007f \u001b[2J \u001b]8;;https://evil/\u001b\\x\u001b]8;;\u001b\\'
# Invisible and deceptive: a tag character, a Hangul filler, U+202E.
JI='\udb40\udc68\u3164\u202e'

# incident.json of a: valid, with only invisible and deceptive
# characters (controls there make it damaged, tested with b).
f="$WT/$dir_a/incident.json"
JS=$(printf '%s' "$JI" | sed 's/\\/\\\\/g')	# for sed's replacement
sed -i -e "s|\"title\": \"sound one\"|\"title\": \"sound${JS}one\"|" \
    -e "s|\"department\": \"\"|\"department\": \"dept${JS}\"|" \
    -e "s|\"reporter\": \"\"|\"reporter\": \"rep${JS}\"|" \
    -e "s|\"hosts\": \[\]|\"hosts\": [\"host${JS}.example\"]|" \
    -e "s|\"assignees\": \[\]|\"assignees\": [\"as${JS}\"]|" "$f"
grep -q 'sound\\udb40' "$f" || fail "incident.json not rewritten: $(cat "$f")"
# checklist.json of a: every string an answer or a suggestion holds.
pb=$(sed -n 's/^  "playbook": "\([0-9a-f]*\)",*$/\1/p' "$WT/$dir_a/checklist.json")
[ -n "$pb" ] || fail "no playbook hash in checklist.json"
cat >"$WT/$dir_a/checklist.json" <<EOJ
{
  "answers": {
    "source": {"value": "alert", "by": "by$J", "at": "at$J",
      "decided_by": "dec$J", "note": "note$J", "playbook": "$pb"},
    "reporter": {"waived": true, "reason": "reason$J", "by": "w$J",
      "at": "t$J", "playbook": "p$J"}
  },
  "playbook": "\u001b]0;pb\u0007$J",
  "progress": {"done": 1, "phase": "intake", "required": 2, "waiting": "w$J"},
  "suggestions": [{"key": "phishing/$J", "effect": "set-$J", "value": "v$J",
    "status": "open", "at": "a$J", "by": "b$J"}]
}
EOJ
# The sidecar of the evidence.
side=$(cd "$WT/$dir_a/evidence" && ls ./*.json | head -1)
cat >"$WT/$dir_a/evidence/$side" <<EOJ
{
  "at": "2026\u001b[2J$J",
  "by": "by$J",
  "name": "name$J",
  "sha256": "2d711642b7\u001b]0;x\u0007",
  "size": 1
}
EOJ
# A note whose text and file name carry everything, raw bytes included.
note="$WT/$dir_a/notebook/2026${CSI}T1200${BEL}0.000000Z-${OSC0}.md"
mkdir -p "$WT/$dir_a/notebook"
printf 'hostile %s %s %s %s %s %s %s %s \377\376 bad phishkit\n' "$CSI" "$OSC0" \
	"$OSC52" "$OSC8" "$C1" "$RAWC1" "$DEL" "$TAG" >"$note"
# b: controls in incident.json make it damaged; the reason is shown.
sed -i 's|"title": "to be damaged"|"title": "dam\\u001b]0;pwned\\u0007aged\\u009b"|' \
    "$WT/$dir_b/incident.json"
grep -q 'dam\\u001b' "$WT/$dir_b/incident.json" || fail "b not rewritten"
g add -A || fail "git add"
# The commit: hostile author, summary and trailers, made with commit-tree.
tree=$(g write-tree) || fail "git write-tree"
printf '%s\n\nbody %s\n\nCasebook-Incident: %s\nCasebook-Action: %s\nCasebook-Item: %s\n' \
	"summary ${OSC0} ${C1} ${RAWC1} ${DEL}" "$OSC52" "$a" "an${OSC52}${CSI}" \
	"it${OSC8}" >"$TESTDIR/msg"
commit=$(GIT_AUTHOR_NAME="Mal${OSC0}${C1}" GIT_AUTHOR_EMAIL="m${CSI}@example.org" \
	GIT_COMMITTER_NAME="Mal${OSC52}" GIT_COMMITTER_EMAIL="c@example.org" \
	g commit-tree "$tree" -p HEAD -F "$TESTDIR/msg" 2>/dev/null) || fail "git commit-tree"
g update-ref refs/heads/main "$commit" || fail "git update-ref"
g push -q origin main || fail "git push"

# scan FILE WHAT: the raw output holds no byte a terminal acts on.
scan() {
	if LC_ALL=C grep -qaP '[\x00-\x08\x0b-\x1f\x7f]' "$1"; then
		fail "$2 printed a raw control byte: $(LC_ALL=C grep -naP '[\x00-\x08\x0b-\x1f\x7f]' "$1" | head -3 | od -c | head -8)"
	fi
	if LC_ALL=C grep -qaP '\xc2[\x80-\x9f]' "$1"; then
		fail "$2 printed a C1 control as UTF-8"
	fi
	if ! iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1; then
		fail "$2 printed bytes that are not UTF-8 (a raw C1 byte?)"
	fi
	if LC_ALL=C grep -qaP '\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]|\xf3\xa0[\x80-\x81]|\xe3\x85\xa4' "$1"; then
		fail "$2 printed a bidi, tag or filler character raw"
	fi
}
for cmd in "list" "list --json" "list --all" "show $a" "show $a --json" \
    "show $b" "show $b --json" "log $a" "log -p $a" "log $a --json" \
    "log $b" "checklist $a" "checklist $a --json" "search phishkit" \
    "search --json phishkit" "search hostile" "search ph" "events" \
    "events --json" "check" "reindex" "list" "log $a"; do
	# shellcheck disable=SC2086
	timeout 60 "$CASEBOOK" $cmd >"$TESTDIR/o" 2>&1
	rc=$?
	case $cmd:$rc in
	check:1) ;;	# b is damaged: check says so
	*:0) ;;
	*) fail "'$cmd' exited $rc: $(cat "$TESTDIR/o")" ;;
	esac
	scan "$TESTDIR/o" "'$cmd'"
done

# What was there is shown, visibly, not dropped.
expect_exit 0 cb log "$a"
contains "$OUT" 'an^[]52;c;aGVsbG8=^G^[[2J' "the Casebook-Action trailer, visibly"
expect_exit 0 cb show "$a"
contains "$OUT" '2026^[[2J' "the sidecar's time, visibly"
contains "$OUT" 'sound<U+E0068><U+3164><U+202E>one' "a title's invisible characters"
contains "$OUT" '^?' "DEL, visibly"
contains "$OUT" '\xff\xfe bad' "invalid UTF-8 in a note, visibly"
expect_exit 0 cb checklist "$a"
contains "$OUT" 'phishing/^[]0;pwned^G' "a suggestion's key, visibly"
contains "$OUT" 'set-^[]0;pwned^G' "a suggestion's effect, visibly"
contains "$OUT" 'at^[]0;pwned^G' "an answer's time, visibly"
contains "$OUT" 'reason^[]0;pwned^G' "a waiver's reason, visibly"
expect_exit 0 cb show "$a" --json
contains "$OUT" '\u007f' "--json escapes DEL"
contains "$OUT" '\u001B]0;pwned\u0007' "--json escapes ESC and BEL"
expect_exit 0 cb list
contains "$OUT" "$b" "the damaged incident listed"
contains "$OUT" "DAMAGED" "and marked"
expect_exit 0 cb new --title "still works"
exit 0
