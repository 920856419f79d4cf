# Japanese throughout: under LANG=ja_JP.UTF-8 every screen of the
# terminal UI (queue and its tabs, incident, checklist items, notebook,
# history, search, dashboard, help, guided mode) and the human output of
# every command (results, help and refusals) is scanned for English
# words.  A word passes only when it is an id, a name or data: the
# demo's record (titles, notes, answers, commit messages, logins), the
# playbooks' Japanese texts, item, class and command ids, key names and
# the metavariables of the synopses.  Any other English word fails the
# test, shown with the line it came from.
. "$(dirname "$0")/lib.sh"

locale -a 2>/dev/null | grep -qix 'ja_JP\.utf-\?8' ||
	{ echo "the ja_JP.UTF-8 locale is missing (./bootstrap --deps): skipped"; exit 77; }

demo_store
unset LC_ALL LANGUAGE
export LANG=ja_JP.UTF-8 TZ=Asia/Tokyo
me=$(id -un)
OUTS=$TESTDIR/seen
: >"$OUTS"

# keep WHAT: the last screen (or $OUT and $ERR) joins what is scanned.
keep() { printf '=== %s\n%s\n' "$1" "$SCREEN" >>"$OUTS"; }
keep_out() { printf '=== %s\n%s\n%s\n' "$1" "$OUT" "$ERR" >>"$OUTS"; }

# --- the words that may be English -----------------------------------------

ALLOW=$TESTDIR/allow
# Words of the tokeniser below: runs of letters, digits and underscores
# that start with a letter, at least two characters; chunks that are
# paths, addresses or options (/, @, a leading -) are dropped whole, and
# so are words cut short with an ellipsis, commit ids and the lines that
# name what was captured (=== ...).
words() {
	grep -v '^=== ' |
	    sed -E 's/\\u[0-9A-Fa-f]{4}/ /g; s/\\[nrt"\\/]/ /g; s/[A-Za-z0-9_]*…//g' |
	    tr -s ' \t' '\n\n' | sed -E 's/^[^A-Za-z0-9-]+//' |
	    grep -vE '^-|/|@|^[0-9a-f]{7,40}$' | grep -oE '[A-Za-z][A-Za-z0-9_]+' |
	    grep -vE '^[0-9a-f]*[0-9][0-9a-f]*$' || true
}
{
	# Data: the demo's record, as the JSON output gives it (keys and
	# enumerations left out: phase, urgency, severity, state, kind).
	ids=$("$CASEBOOK" --store "$DEMO" list --all --json |
	    sed -n 's/^ *"id": "\(.*\)",*$/\1/p')
	for id in $ids; do
		"$CASEBOOK" --store "$DEMO" show "$id" --json |
		    grep -vE '"(phase|urgency|severity|gate_[a-z]+)":' |
		    sed -E 's/^ *"[a-z_]+": //'
		"$CASEBOOK" --store "$DEMO" log "$id" --json |
		    grep -E '"(author|email|message)":' | sed -E 's/^ *"[a-z_]+": //'
		# The answers of items that take free text, and every note,
		# waiver reason and name.
		"$CASEBOOK" --store "$DEMO" checklist "$id" --json | awk '
		    /"kind": "(text|hosts|datetime|period|done)"/ { free = 1 }
		    /"kind": "(choice|yesno)"/ { free = 0 }
		    /"(by|decided_by|reason|note|key)":/ { print }
		    /"value": "/ && free { print }'
	done
	# The playbooks' Japanese texts (they name IDS, Splunk, JPCERT/CC).
	grep -h '^ *ja: ' "$TOP_SRCDIR"/playbooks/*.yaml
	# Ids: items, classes, rules and actions, commands, the store.
	sed -n 's/^ *- id: //p; s/^ *id: //p' "$TOP_SRCDIR"/playbooks/*.yaml
	ls "$TOP_SRCDIR"/playbooks | sed 's/\.yaml$//'
	echo "init new list show set note attach log search reindex check"
	echo "playbook checklist answer waive advance accept dismiss role"
	echo "whoami gc events goto theme dashboard casebook quit help"
	echo "user config withdraw install messages evidence"
	echo "ingest hosts import alerts alert promote merge suppress"
	echo "suppressions regroup expire"
	# What the test types.
	echo "nosuch soon"
	echo "tech staff head viewer default light high contrast mono cron"
	echo "$me $(getent passwd "$me" | cut -d: -f5) $(hostname)"
	echo "$DEMO"
	# Names of things: the zone, keys, git, the formats.
	echo "CERT JST UTC ID Git git Enter Esc Tab Space PgUp PgDn Ctrl Home"
	echo "End Up Down Left Right F1 EDITOR VISUAL XDG_DATA_HOME HOME"
	echo "CASEBOOK_STORE YYYY NNNN MM DD DDThh hh mm ssZ JSON KB"
	# The metavariables of the synopses.
	echo "DIR COMMAND ARGS NAME TITLE TEXT FILE ITEM VALUE NOTE HEAD OLD"
	echo "REASON FIELD KEY USER GROUP ROLE COMMIT SEQ PHASE QUERY LOGIN"
	echo "SHA256 PATH ID HEAD_LOGIN EMAIL FORMAT NET"
	# The alert formats (doc/alerts.md).
	echo "Suricata csv"
} | words | sort -u >"$ALLOW"

# scan: fails on any word of what was seen that is not allowed.
scan() {
	bad=$(words <"$OUTS" | sort -u | comm -23 - "$ALLOW")
	[ -z "$bad" ] && return 0
	where=""
	for w in $bad; do
		where="$where
$w: $(grep -v '^=== ' "$OUTS" |
		    grep -m1 -E "(^|[^A-Za-z0-9_])$w([^A-Za-z0-9_]|$)")"
	done
	fail "English words on Japanese screens or output:$where"
}

# no_values TEXT WHAT: none of the values casebook stores (phases,
# urgencies, severities, states) reads as a word in TEXT, where no data
# has them: the data allowed above may (a note says "high"), so the scan
# alone would let a value shown untranslated pass there.
VALUES="intake triage initial handling recovery report closed immediate
high normal low medium blocked ready answered waived tech staff head"
no_values() {
	for v in $VALUES; do
		printf '%s\n' "$1" | grep -qwi "$v" &&
			fail "$2: the value '$v' shown as stored: $1"
	done
	return 0
}

# --- the terminal UI --------------------------------------------------------

S=j
start j 120 40 --demo
wait_for "1 対応中 (4)"
keep "queue"
for tab in 2 3 4 5 1; do
	keys "$tab"
	settle
	keep "queue tab $tab"
done
contains "$SCREEN" "経過" "the age column's header"
contains "$SCREEN" "15日" "an age in days"
contains "$SCREEN" "24時間" "an age in hours"
contains "$SCREEN" " 高 " "urgency by its label"
contains "$SCREEN" "初動対応" "a phase by its word"
no_values "$(printf '%s\n' "$SCREEN" | sed -n '3,7p')" "the queue's rows"

# The incident: every item's row and its explanation below.
keys Enter
wait_for "インシデント 2026-0003"
keep "incident"
contains "$SCREEN" "緊急性: 高" "the urgency's label"
contains "$SCREEN" "2026-11-11 21:38 JST" "a time answer in the local zone"
contains "$SCREEN" "2026-11-11 20:59 JST - 2026-11-11 21:00 JST" "a period"
contains "$SCREEN" "はい" "a yes as はい"
no_values "$(printf '%s\n' "$SCREEN" | sed -n '2,4p')" "the incident's header"
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21; do
	keys j
	settle
	keep "incident, row $i"
done
keys g
settle
keys i
wait_for "本文 source"
keep "the item's question and guidance"
keys q
wait_for "インシデント 2026-0003"

# The notebook and the history of the incident.
keys N
wait_for "ノート 2026-0003"
keep "notebook"
contains "$SCREEN" "2026-11-11 21:00 JST  nakamura" "an entry's local time"
keys G
settle
keep "notebook, end"
keys q H
wait_for "履歴 2026-0003"
keep "history"
contains "$SCREEN" "日時" "the time column"
contains "$SCREEN" "JST  " "history times in the zone"
keys G
settle
keep "history, end"
keys q q

# Search, dashboard, help.
keys S
wait_for "件名とノートを検索"
type_text "不正"
keys Enter
wait_for "件のインシデントが見つかりました"
keep "search"
keys q D
wait_for "ダッシュボード"
keep "dashboard"
contains "$SCREEN" "24時間前" "the chart's axis"
keys q '?'
wait_for "ヘルプ"
keep "help"
keys G
settle
keep "help, end"
keys q

# Guided mode, as office staff.
T kill-session -t j
"$CASEBOOK" --store "$DEMO" role "$me" staff >/dev/null || fail "role"
S=g
start g 120 40 --demo --guided
wait_for "ガイドモード"
keys G Enter
wait_for "ガイド 2026-0006"
keep "guided"
keys s
settle
keep "guided, skipped"
quit
# Back to the owner's role (staff may not give roles).
git config --file "$DEMO/config" --unset "user.$me.role" || fail "role"

# --- the command line -----------------------------------------------------

c() { "$CASEBOOK" --store "$DEMO" "$@"; }
for id in 2026-0001 2026-0003 2026-0004 2026-0006; do
	expect_exit 0 c show "$id"
	keep_out "show $id"
	no_values "$(printf '%s\n' "$OUT" | sed -n '3,5p')" "show $id"
	expect_exit 0 c checklist "$id"
	keep_out "checklist $id"
	expect_exit 0 c log "$id"
	keep_out "log $id"
done
contains "$OUT" "JST 記録" "log: the action's word"
expect_exit 0 c list
keep_out "list"
contains "$OUT" "2026-0006  通常      受付" "list: words, aligned"
no_values "$OUT" "list"
expect_exit 0 c list --all
keep_out "list --all"
expect_exit 0 c whoami
keep_out "whoami"
contains "$OUT" "役割: CERT (tech)" "whoami: the role's word"
expect_exit 0 c search 不正
keep_out "search"
expect_exit 0 c playbook list
keep_out "playbook list"
expect_exit 0 c check
keep_out "check"
# (casebook events is a feed for programs: ids, UTC and action names.)
expect_exit 0 "$CASEBOOK" --help
keep_out "--help"
contains "$OUT" "使い方: casebook" "the help"
for cmd in init new list show set note attach log search reindex check \
    playbook checklist answer waive advance accept dismiss role whoami gc \
    events user config withdraw evidence; do
	expect_exit 0 c "$cmd" --help
	keep_out "$cmd --help"
done

# Refusals and errors, in Japanese too.
expect_exit 1 c show 2026-0999
keep_out "show: not found"
contains "$ERR" "インシデント 2026-0999 はありません" "not found"
expect_exit 2 c show 2026-12
keep_out "show: a malformed id"
expect_exit 2 c list --limit x
keep_out "list: a bad limit"
expect_exit 2 c set 2026-0006 urgency soon
keep_out "set: a bad value"
expect_exit 2 c answer 2026-0006 affected_host "佐藤さんのパソコン"
keep_out "answer: not a host"
expect_exit 1 c advance 2026-0006
keep_out "advance: incomplete"
contains "$ERR" "段階「受付」はまだ完了していません" "advance refused in words"
expect_exit 2 c nosuch
keep_out "an unknown command"
expect_exit 0 c answer 2026-0006 source user_report
keep_out "answer"
contains "$OUT" "2026-0006: 検知・通報の経緯 = 学内の利用者からの連絡" "the confirmation names the item and the value by their labels"

scan
exit 0
