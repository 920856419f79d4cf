# --demo: a store seeded once with the three real cases, opened on its queue.
. "$(dirname "$0")/lib.sh"

export XDG_DATA_HOME="$TESTDIR/xdg"
unset CASEBOOK_STORE
expect_exit 0 cb --demo
contains "$ERR" "created the demo store" "demo creation"
contains "$OUT" "intake" "the queue is printed"
store="$XDG_DATA_HOME/casebook-demo"
[ -d "$store/record.git" ] || fail "no demo store in $store"
export CASEBOOK_STORE="$store"
expect_exit 0 cb list --all --json
contains "$OUT" "NAS" "the NAS intrusion case"
contains "$OUT" "C2" "the adware case"
all=$OUT
n=$(printf '%s\n' "$all" | grep -c '"id":')
[ "$n" -ge 3 ] || fail "the demo has $n incidents"
expect_exit 0 cb search 不正侵入
[ -n "$OUT" ] || fail "no demo note mentions 不正侵入"
expect_exit 0 cb search 標的型メール
[ -n "$OUT" ] || fail "no demo note mentions 標的型メール"
# Every change was committed as the person who made it.
authors=$(rgit log --format=%an main | sort -u | wc -l)
[ "$authors" -ge 3 ] || fail "demo history has $authors authors"
commits=$(rgit rev-list --count main)
[ "$commits" -gt 30 ] || fail "demo history has only $commits commits"
# A second --demo opens the same store without seeding again.
unset CASEBOOK_STORE
expect_exit 0 cb --demo
lacks "$ERR" "created" "second --demo"
export CASEBOOK_STORE="$store"
[ "$(rgit rev-list --count main)" = "$commits" ] || fail "second --demo changed the record"
expect_exit 0 cb check
exit 0
