# Issue 13: timelines, statistics, reports and exchange over the demo
# store (the NAS intrusion, the targeted-mail malware, the adware case).
. "$(dirname "$0")/lib.sh"

export XDG_DATA_HOME="$TESTDIR/xdg"
unset CASEBOOK_STORE
expect_exit 0 cb --demo
export CASEBOOK_STORE="$XDG_DATA_HOME/casebook-demo"
py() { python3 -c "$@"; }

# --- the NAS intrusion's timeline: detected, cut off within minutes,
# recovered, each with the commit that established it.
expect_exit 0 cb timeline 2026-0001 --json
printf '%s' "$OUT" >"$TESTDIR/tl.json"
py '
import json, sys, datetime as d
t = json.load(open(sys.argv[1]))
m = {x["moment"]: x for x in t["moments"]}
for k in ("detected", "received", "triaged", "contained", "recovered", "closed"):
    assert m[k]["known"], k
    assert len(m[k]["commit"]) == 40, k
at = lambda k: d.datetime.fromisoformat(m[k]["at"].replace("Z", "+00:00"))
gap = (at("contained") - at("detected")).total_seconds()
assert 0 <= gap <= 30 * 60, "cut off %d s after detection" % gap
assert at("recovered") > at("contained")
assert t["current"] == "closed" and t["reopened"] == 0
ph = {p["phase"]: p["seconds"] for p in t["phases"]}
assert ph["triage"] > 0 and ph["recovery"] > 0
' "$TESTDIR/tl.json" || fail "the NAS timeline: $OUT"
commit=$(py 'import json,sys; print([m for m in json.load(open(sys.argv[1]))["moments"] if m["moment"]=="contained"][0]["commit"])' "$TESTDIR/tl.json")
rgit cat-file -e "$commit" || fail "the cut-off's commit $commit is not in the record"
rgit show "$commit" -- | grep -q network_cutoff ||
	fail "the cut-off's commit does not answer network_cutoff"
expect_exit 0 cb timeline 2026-0001
contains "$OUT" "contained (cut off)" "the timeline's text"
contains "$OUT" "${commit%${commit#????????????}}" "the commit in the text"

# A case at intake: its moments unknown, with the item that would
# establish them.
expect_exit 0 cb timeline 2026-0006
contains "$OUT" "unknown: answer urgency" "an unknown moment names its item"

# An answer taken back: the moment it established is unknown again, and
# known again when the item is answered anew.
moment() {	# moment ID NAME: "known AT" of the moment, from timeline --json
	cb timeline "$1" --json | python3 -c 'import json, sys
m = [m for m in json.load(sys.stdin)["moments"] if m["moment"] == sys.argv[1]][0]
print(m["known"], m.get("at", "-"))' "$2"
}
[ "$(moment 2026-0003 contained | cut -d' ' -f1)" = True ] ||
	fail "the malware case was cut off: $(moment 2026-0003 contained)"
expect_exit 0 cb withdraw 2026-0003 network_cutoff --reason "recorded on the wrong host"
expect_exit 0 cb timeline 2026-0003
contains "$OUT" "unknown: answer network_cutoff" "a withdrawn cut-off is unknown"
[ "$(moment 2026-0003 contained)" = "False -" ] || fail "withdrawn, still known"
expect_exit 0 cb answer 2026-0003 network_cutoff 2026-11-17T06:57:00Z
[ "$(moment 2026-0003 contained)" = "True 2026-11-17T06:57:00Z" ] ||
	fail "the cut-off answered anew: $(moment 2026-0003 contained)"
expect_exit 0 cb check

# --- the NAS case's MEXT report: nothing missing, in both languages.
expect_exit 0 cb report 2026-0001 --form mext --stage final --format json --lang en
printf '%s' "$OUT" >"$TESTDIR/r.json"
py '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["missing"] == [], r["missing"]
f = {x["id"]: x["value"] for x in r["fields"]}
assert f["institution"] == "工学院 機械系", f
assert "SSH" in f["summary"] and f["t_contained"] and f["t_recovered"]
assert r["lang"] == "en" and r["title"].startswith("Information security")
' "$TESTDIR/r.json" || fail "the NAS mext report: $OUT"
expect_exit 0 cb report 2026-0001 --form mext --lang ja
contains "$OUT" "# 情報セキュリティインシデント報告" "the Japanese title"
contains "$OUT" "最終報" "a closed case's report is the final one"
lacks "$OUT" "未記入" "nothing missing in Japanese"
expect_exit 0 cb report 2026-0001 --form mext --lang en --format txt
contains "$OUT" "Report stage: Final report" "plain text"
lacks "$OUT" "\\(" "plain text is not escaped"

# --- a case left early lists exactly its missing facts, with the items.
expect_exit 0 cb report 2026-0006 --form mext --stage first --format json
printf '%s' "$OUT" >"$TESTDIR/m.json"
got=$(py 'import json,sys; print(" ".join("%s:%s" % (m["id"], m["item"]) for m in json.load(open(sys.argv[1]))["missing"]))' "$TESTDIR/m.json")
[ "$got" = "contact:reporter discovered:source how_discovered:source summary:attack_scope hosts:affected_host t_triaged:urgency" ] ||
	fail "the missing facts of 2026-0006: $got"
expect_exit 2 cb report 2026-0001 --form nosuch
expect_exit 2 cb report 2026-0001 --form ../graph

# --- filing: evidence with its hash and report_filed, in ONE commit.
expect_exit 0 cb answer 2026-0003 prevention "Mail filter rule for the sender; a warning to the department"
before=$(rgit rev-list --count main)
expect_exit 0 cb report 2026-0003 --form mext --stage final --lang ja --file
contains "$OUT" "filed report-mext-final-" "filing says what it filed"
sha=$(printf '%s' "$OUT" | sed -n 's/.*sha256 \([0-9a-f]\{64\}\).*/\1/p')
[ -n "$sha" ] || fail "no hash in: $OUT"
after=$(rgit rev-list --count main)
[ "$after" = $((before + 1)) ] || fail "filing made $((after - before)) commits"
rgit show --name-only main | grep -q "evidence/$sha" || fail "the commit holds no evidence"
rgit show --name-only main | grep -q "checklist.json" || fail "the commit answers nothing"
rgit fsck --strict >/dev/null 2>&1 || fail "git fsck after filing"
expect_exit 0 cb evidence 2026-0003
contains "$OUT" "report-mext-final" "the report is evidence"
rgit show main -- '*checklist.json' | grep '"note"' | grep -q "$sha" ||
	fail "report_filed's note does not point at the evidence"
expect_exit 0 cb evidence 2026-0003 "$sha"
contains "$OUT" "最終報" "the evidence is the report's text"
# A later filing of another stage is a new report; the old one stays.
expect_exit 0 cb report 2026-0003 --form mext --stage update --lang en --file
expect_exit 0 cb evidence 2026-0003
contains "$OUT" "report-mext-final-" "the first report is kept"
contains "$OUT" "report-mext-update-en" "the second report is added"
expect_exit 0 cb check

# --- hostile text: escaped for Markdown, sanitised for the terminal.
esc=$(printf '\033')
# (casebook refuses control characters in a title: the sanitiser's side
# is tested on the output, which must hold none of the bytes given.)
expect_exit 2 cb new --title "bad ${esc}[31mred" --class scan
expect_exit 0 cb new --title "# Big [click](http://evil.example) <script>x</script> *b* _i_ |t|" --class scan
hid=$(printf '%s' "$OUT" | grep -o '20[0-9][0-9]-[0-9]*' | head -1)
expect_exit 0 cb report "$hid" --form summary
contains "$OUT" '\# Big \[click\]\(http://evil\.example\) \<script\>x\</script\> \*b\* \_i\_ \|t\|' "Markdown escaped"
case $OUT in *"$esc"*) fail "an escape byte reached the terminal" ;; esac
expect_exit 0 cb report "$hid" --form summary --format txt
case $OUT in *"$esc"*) fail "an escape byte reached the terminal (txt)" ;; esac
# The record, though, can hold anything: an answer with escape sequences
# and Markdown written into checklist.json with plain git.
WT="$TESTDIR/wt"
git clone -q -b main "$CASEBOOK_STORE/record.git" "$WT" || fail "git clone"
cl=$(cd "$WT" && git ls-files "*/$hid/checklist.json")
[ -n "$cl" ] || fail "no checklist.json for $hid"
python3 - "$WT/$cl" <<'PY' || fail "cannot edit checklist.json"
import json, sys
p = sys.argv[1]
c = json.load(open(p))
c.setdefault("answers", {})["attack_scope"] = {
    "value": "\u001b]0;pwned\u0007\u001b[2J**bold** [x](http://evil.example) \u009b31m",
    "by": "mallory", "at": "2026-11-30T00:00:00Z"}
json.dump(c, open(p, "w"), indent=2, sort_keys=True)
PY
git -C "$WT" -c user.name=m -c user.email=m@example.org commit -qam "scope" &&
	git -C "$WT" push -q origin main || fail "git push"
for fmt in md txt json; do
	expect_exit 0 cb report "$hid" --form summary --format "$fmt"
	case $OUT in *"$esc"*) fail "an escape byte reached the terminal ($fmt)" ;; esac
	case $OUT in *"$(printf '\302\233')"*) fail "a C1 control reached the terminal ($fmt)" ;; esac
done
expect_exit 0 cb report "$hid" --form summary
contains "$OUT" '\*\*bold\*\* \[x\]\(http://evil\.example\)' "the record's Markdown escaped"
expect_exit 0 cb check

# --- stats over the demo store match counts from list --json.
expect_exit 0 cb list --all --json
printf '%s' "$OUT" >"$TESTDIR/list.json"
expect_exit 0 cb stats --by class --json
printf '%s' "$OUT" >"$TESTDIR/stats.json"
py '
import json, sys, collections
rows = json.load(open(sys.argv[1]))
st = json.load(open(sys.argv[2]))
want = collections.Counter(c for r in rows for c in r["classes"])
got = {g["key"]: g["count"] for g in st["groups"]}
assert got == dict(want), (got, want)
' "$TESTDIR/list.json" "$TESTDIR/stats.json" || fail "stats by class: $OUT"
expect_exit 0 cb stats --by urgency --json
printf '%s' "$OUT" >"$TESTDIR/stats.json"
py '
import json, sys, collections
rows = json.load(open(sys.argv[1]))
st = json.load(open(sys.argv[2]))
want = collections.Counter(r["urgency"] for r in rows)
got = {g["key"]: g["count"] for g in st["groups"]}
assert got == dict(want), (got, want)
' "$TESTDIR/list.json" "$TESTDIR/stats.json" || fail "stats by urgency: $OUT"
expect_exit 0 cb stats --csv
contains "$OUT" "triage_median_s" "the CSV header"
expect_exit 2 cb stats --by colour

# --- TheHive: exported and imported again gives the same incident; a
# second import changes nothing.
expect_exit 0 cb export 2026-0001 --format thehive
printf '%s' "$OUT" >"$TESTDIR/th.json"
expect_exit 0 cb import --format thehive "$TESTDIR/th.json"
new=$OUT
before=$(rgit rev-list --count main)
expect_exit 0 cb import --format thehive "$TESTDIR/th.json"
contains "$ERR" "0 imported, 1 already there" "the second import"
[ "$(rgit rev-list --count main)" = "$before" ] || fail "a second import wrote"
expect_exit 0 cb list --all --json
printf '%s' "$OUT" >"$TESTDIR/list.json"
py '
import json, sys
rows = {r["id"]: r for r in json.load(open(sys.argv[1]))}
a, b = rows["2026-0001"], rows[sys.argv[2]]
for k in ("title", "classes", "urgency", "department", "hosts"):
    assert a[k] == b[k], (k, a[k], b[k])
' "$TESTDIR/list.json" "$new" || fail "the re-imported incident differs"
expect_exit 0 cb show "$new"
expect_exit 0 cb log "$new"
contains "$OUT" "$(id -un)" "imported facts are the importer's"
expect_exit 0 cb export "$new" --format json
contains "$OUT" "Imported from thehive" "the origin is noted"
# A case from another TheHive: classes from its RSIT tags, urgency from
# its severity, hosts from its observables.
cat >"$TESTDIR/other.json" <<'JSON'
{"title": "Phishing page on a lab server", "severity": 3, "tlp": 2,
 "tags": ["rsit:fraud=\"phishing\"", "other:tag"],
 "observables": [{"dataType": "ip", "data": "192.0.2.77"},
                 {"dataType": "hostname", "data": "lab-www"},
                 {"dataType": "mail", "data": "x@example.org"}]}
JSON
expect_exit 0 cb import --format thehive "$TESTDIR/other.json"
other=$OUT
expect_exit 0 cb list --all --json
printf '%s' "$OUT" | python3 -c '
import json, sys
r = {r["id"]: r for r in json.load(sys.stdin)}[sys.argv[1]]
assert r["classes"] == ["phishing"], r
assert r["urgency"] == "high", r
assert r["hosts"] == ["192.0.2.77", "lab-www"], r
' "$other" || fail "the other TheHive's case: $OUT"
expect_exit 0 cb export --all --format json
printf '%s' "$OUT" >"$TESTDIR/all.json"
expect_exit 0 cb import --format json "$TESTDIR/all.json"
expect_exit 0 cb import --format json "$TESTDIR/all.json"
contains "$ERR" "0 imported" "casebook JSON imported once"

# --- MISP: the core format's rules (required fields, category/type
# pairs from MISP's describeTypes table, for the types used).
expect_exit 0 cb export --all --format misp
printf '%s' "$OUT" >"$TESTDIR/misp.json"
py '
import json, re, sys
pairs = {
  "ip-dst": {"Network activity", "Payload delivery", "Payload installation",
             "External analysis", "Persistence mechanism", "Targeting data"},
  "ip-src": {"Network activity", "Payload delivery", "External analysis", "Targeting data"},
  "hostname": {"Network activity", "Payload delivery", "External analysis", "Targeting data"},
  "sha256": {"Payload delivery", "Artifacts dropped", "Payload installation", "External analysis"},
}
uuid = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
evs = json.load(open(sys.argv[1]))
assert len(evs) >= 6
seen = set()
for e in evs:
    ev = e["Event"]
    for k in ("info", "date", "threat_level_id", "analysis", "distribution", "uuid"):
        assert k in ev, k
    assert ev["info"], "empty info"
    assert re.match(r"^\d{4}-\d{2}-\d{2}$", ev["date"])
    assert ev["threat_level_id"] in ("1", "2", "3", "4")
    assert ev["analysis"] in ("0", "1", "2")
    assert ev["distribution"] == "0"
    assert uuid.match(ev["uuid"]) and ev["uuid"] not in seen
    seen.add(ev["uuid"])
    assert any(t["name"].startswith("rsit:") for t in ev["Tag"])
    for a in ev["Attribute"]:
        assert a["category"] in pairs[a["type"]], a
        assert a["value"] and uuid.match(a["uuid"])
' "$TESTDIR/misp.json" || fail "the MISP export breaks the core format"
exit 0
