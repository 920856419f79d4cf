# casebook playbook check and list: every shipped file passes; each kind
# of broken file fails with exit 1 and FILE:LINE:COL at the offending node.
. "$(dirname "$0")/lib.sh"

P=$TOP_SRCDIR/playbooks

# --- the shipped files ---
expect_exit 0 cb playbook check "$P"/*.yaml
for f in "$P"/*.yaml; do
	contains "$OUT" "$f: ok" "shipped $(basename "$f")"
done
expect_exit 0 cb playbook list
contains "$OUT" "graph          24 items" "list: graph"
contains "$OUT" "$P/malware.yaml" "list: malware's path"
contains "$OUT" "Malware infection" "list: English title"
contains "$OUT" "hash " "list: content hash"
expect_exit 0 env LANG=ja_JP.UTF-8 LC_ALL= "$CASEBOOK" playbook list
contains "$OUT" "マルウェア感染" "list: Japanese title"

# A store's own file replaces the shipped one whole, and shows where from.
expect_exit 0 cb init
mkdir -p "$CASEBOOK_STORE/playbooks"
sed 's/^  en: Malware infection$/  en: Malware infection (local)/' \
	"$P/malware.yaml" >"$CASEBOOK_STORE/playbooks/malware.yaml"
hash_before=$(cb --store "$TESTDIR/none" playbook list | sed -n 's/^hash *//p')
expect_exit 0 cb playbook list
contains "$OUT" "$CASEBOOK_STORE/playbooks/malware.yaml" "list: override path"
contains "$OUT" "Malware infection (local)" "list: override title"
lacks "$OUT" "$hash_before" "list: hash changes with an override"

# --- usage ---
expect_exit 2 cb playbook
expect_exit 2 cb playbook check
expect_exit 2 cb playbook frobnicate

# --- broken files, each in its own directory as graph.yaml ---
# A small valid graph: a (yesno), b (choice, depends on a).
graph() {	# graph DIR: writes DIR/graph.yaml from stdin after the header
	mkdir -p "$TESTDIR/$1"
	{ printf 'version: 1\nitems:\n'; cat; } >"$TESTDIR/$1/graph.yaml"
}
item_a='  - id: a
    phase: intake
    label: {ja: あ, en: A}
    prompt: {ja: あ, en: A}
    kind: yesno
    classes: [all]'
item_b='  - id: b
    phase: triage
    label: {ja: い, en: B}
    prompt: {ja: い, en: B}
    kind: choice
    options:
      - {value: x, ja: エックス, en: X}
    depends:
      all: [a]
    classes: [malware]'

# must_fail DIR MESSAGE: check fails (exit 1) with exactly this message.
must_fail() {
	expect_exit 1 cb playbook check "$TESTDIR/$1/graph.yaml" \
		${2:+"$TESTDIR/$1/malware.yaml"}
	contains "$OUT" "$TESTDIR/$1/$3" "$1"
}

printf '%s\n%s\n' "$item_a" "$item_b" | graph good
expect_exit 0 cb playbook check "$TESTDIR/good/graph.yaml"
contains "$OUT" "graph.yaml: ok" "small graph passes"

# Cycle: a -> b -> a, reported where a is defined (line 3, column 5).
printf '%s\n    depends:\n      any: [b]\n%s\n' "$item_a" "$item_b" |
	graph cycle
must_fail cycle "" "graph.yaml:3:5: dependency cycle: a -> b -> a"

# Dangling reference: at the unknown id inside the list (line 17, col 16).
printf '%s\n%s\n' "$item_a" "$item_b" | sed 's/all: \[a\]/all: [a, foo]/' |
	graph dangling
must_fail dangling "" \
	"graph.yaml:17:16: item 'b' depends on unknown item 'foo'"

# Duplicate id: at the second id's value (line 9, column 9).
printf '%s\n%s\n' "$item_a" "$item_a" | graph duplicate
must_fail duplicate "" \
	"graph.yaml:9:9: duplicate item id 'a' (first defined at line 3)"

# Bad kind: at the kind's value (line 7, column 11).
printf '%s\n' "$item_a" | sed 's/kind: yesno/kind: yesnoo/' | graph kind
must_fail kind "" "graph.yaml:7:11: item 'a': unknown kind 'yesnoo'"

# Missing Japanese label: at the label mapping (line 5, column 13).
printf '%s\n' "$item_a" | sed 's/label: {ja: あ, en: A}/label: {en: A}/' |
	graph nolabel
must_fail nolabel "" "graph.yaml:5:13: item 'a': label: missing or empty 'ja' (Japanese text)"

# YAML syntax error: libfyaml's message at its mark.
printf '%s\n  - id: [b\n' "$item_a" | graph syntax
must_fail syntax "" "graph.yaml:10:1: YAML syntax error: flow sequence without a closing bracket"

# A directive (libfyaml 0.7.12 can hang on malformed ones): refused.
printf '%%YAML 1.2\n---\n%s\n' "$item_a" | graph directive
must_fail directive "" "graph.yaml:3:1: YAML directives"

# Missing version.
printf '%s\n' "$item_a" | graph version
sed -i '1d' "$TESTDIR/version/graph.yaml"
must_fail version "" "graph.yaml:1:1: missing 'version'"

# Impossible rule value: "maybe" for yesno item a (line 15, column 14),
# with the playbook checked against the graph given beside it.
printf '%s\n%s\n' "$item_a" "$item_b" | graph rule
cat >"$TESTDIR/rule/malware.yaml" <<'YAML'
version: 1
class: malware
title: {ja: マルウェア感染, en: Malware infection}
summary: {ja: 要約, en: Summary}
items:
  - id: a
    required: true
    guidance: {ja: 手引き, en: Guidance}
actions:
  - {id: scan, label: {ja: 走査, en: Scan}, phase: initial}
rules:
  - id: r
    when:
      item: a
      equals: maybe
    effects:
      - suggest_action: scan
      - suggest_urgency: soon
      - require: b
    why: {ja: 理由, en: Why}
YAML
must_fail rule m "malware.yaml:15:15: rule 'r': impossible value 'maybe' for yesno item 'a' (expected \"yes\" or \"no\")"
contains "$OUT" "malware.yaml:18:26: rule 'r': unknown urgency 'soon'" "rule: urgency"
contains "$OUT" "malware.yaml:19:18: rule 'r': require: item 'b' is not among this playbook's items" "rule: require"
contains "$OUT" "rule/graph.yaml: ok" "rule: graph itself ok"

# A class that differs from the file name, checked against the shipped graph.
sed 's/^class: malware/class: intrusion/' "$P/malware.yaml" \
	>"$TESTDIR/malware.yaml"
expect_exit 1 cb playbook check "$TESTDIR/malware.yaml"
contains "$OUT" "malware.yaml:20:8: class 'intrusion' differs from the file name 'malware.yaml'" "class vs file name"

exit 0
