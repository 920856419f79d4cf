# What office staff answer is explained in plain words: in every class's
# playbook the "why it matters" text (guidance) of each item staff may
# answer (role staff, or no role, in playbooks/graph.yaml), and the
# question itself, name no appliance, log, address register or paper
# table, in Japanese and English; and guided mode shows staff those
# texts.
. "$(dirname "$0")/lib.sh"

PB=$TOP_SRCDIR/playbooks
[ -f "$PB/graph.yaml" ] || fail "no playbooks in $PB"
# The items of graph.yaml staff may answer: role staff, or none.
staff=$(awk '
	/^  - id: / { if (id != "" && (role == "" || role == "staff")) print id; id = $3; role = "" }
	/^    role: / { role = $2 }
	END { if (id != "" && (role == "" || role == "staff")) print id }' "$PB/graph.yaml")
for want in reporter host_profile network_cutoff recovery_done report_filed; do
	printf '%s\n' "$staff" | grep -qx "$want" || fail "$want is not an item staff answer: $staff"
done
for tech in urgency attack_scope log_details malware_traits root_cause prevention; do
	printf '%s\n' "$staff" | grep -qx "$tech" && fail "$tech is the CERT's, not staff's"
done
# Jargon: appliances and tools, the NOC's register, logs to read, the
# paper's tables.
jargon='Splunk|Lastline|Rocket\.Chat|Table [12]|表[12]|[^A-Za-z]C2[^A-Za-z]|IDS|NOC|サンドボックス|sandbox|プロキシ|proxy|CMS|FTP|SSH|DNS|MAC|ハッシュ|hash|台帳|register|EDR|ログ|logs?[ .,]'
bad=
n=0
for f in "$PB"/*.yaml; do
	case $f in */graph.yaml) continue ;; esac
	out=$(awk -v list="$staff" -v file="${f##*/}" '
		BEGIN { n = split(list, a, "\n"); for (i = 1; i <= n; i++) ok[a[i]] = 1 }
		/^  - id: / { id = $3; g = 0; next }
		/^[a-z]/ { id = ""; g = 0 }
		/^    guidance:/ { g = 1; next }
		/^    [a-z]/ { g = 0 }
		g && ok[id] && /^      (ja|en): / { print file ": " id ": " $0 }' "$f")
	n=$((n + $(printf '%s\n' "$out" | grep -c .)))
	hits=$(printf '%s\n' "$out" | grep -E "$jargon") && bad="$bad
$hits"
done
# The question itself (graph.yaml's prompt) too.
out=$(awk -v list="$staff" '
	BEGIN { n = split(list, a, "\n"); for (i = 1; i <= n; i++) ok[a[i]] = 1 }
	/^  - id: / { id = $3; g = 0; next }
	/^    prompt:/ { g = 1; next }
	/^    [a-z]/ { g = 0 }
	g && ok[id] && /^      (ja|en): / { print "graph.yaml: " id ": " $0 }' "$PB/graph.yaml")
[ "$(printf '%s\n' "$out" | grep -c .)" -ge 14 ] || fail "the staff questions not read: $out"
hits=$(printf '%s\n' "$out" | grep -E "$jargon") && bad="$bad
$hits"
[ "$n" -ge 100 ] || fail "only $n staff texts read from the playbooks"
[ -z "$bad" ] || fail "jargon in what staff read:$bad"

# Guided mode as staff, in Japanese: the adware case waits on staff for
# the recovery; its why is the plain one, and the CERT's items are the
# CERT's.
demo_store
"$CASEBOOK" --store "$DEMO" role "$(id -un)" staff >/dev/null || fail "role"
export LANGUAGE=ja
S=g
start g 120 40 --demo --guided
wait_for "5 自分の番 (3)"
keys j j Enter
wait_for "ガイド 2026-0004"
contains "$SCREEN" "  復旧作業の完了" "the step for staff"
contains "$SCREEN" "普段どおりに戻った時点を記録として残します" "why it matters, in plain words"
contains "$SCREEN" "（例：今日" "with an example"
lacks "$SCREEN" "Splunk" "no tool named"
quit
# The phishing case: the cut-off is staff's; the CERT's analysis is
# handed off, named with who answers.
S=p
start p 120 40 --demo --guided
wait_for "5 自分の番 (3)"
keys j j j Enter
wait_for "ガイド 2026-0005"
contains "$SCREEN" "ネットワーク遮断" "the cut-off is asked of staff"
lacks "$SCREEN" "Splunk" "no tool named"
lacks "$SCREEN" "NOC" "no team's jargon"
quit
exit 0
