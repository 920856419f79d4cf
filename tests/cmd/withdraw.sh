# casebook withdraw: an answer or a waiver taken back, with a reason, in
# one commit that says so; the item is unanswered again; without a
# reason, on an unanswered item, or from a stale base it writes nothing.
. "$(dirname "$0")/lib.sh"

expect_exit 0 cb init
expect_exit 0 cb new --title "withdraw test" --class intrusion
id=$OUT
expect_exit 0 cb answer "$id" source alert
state_is "$id" source answered
before=$(rgit rev-list --count main)

expect_exit 2 cb withdraw "$id" source
contains "$ERR" "withdrawing needs --reason" "a reason is needed"
expect_exit 3 cb withdraw "$id" source --reason "typo" --expect user_report
contains "$ERR" "conflict on source" "a stale base is a conflict"
[ "$(rgit rev-list --count main)" = "$before" ] || fail "a refused withdrawal wrote"

expect_exit 0 cb withdraw "$id" source --reason "the alert was a test" --expect alert
contains "$OUT" "$id: source withdrawn: the alert was a test" "said"
state_is "$id" source ready
[ "$(rgit rev-list --count main)" = $((before + 1)) ] || fail "one commit"
msg=$(rgit log -1 --format=%B main)
contains "$msg" "$id: withdraw source: the alert was a test" "the subject"
contains "$msg" "Casebook-Action: withdraw" "the action trailer"
# The history keeps the answer.
expect_exit 0 cb log "$id"
contains "$OUT" "answer source: alert" "the answer in the history"

expect_exit 0 cb withdraw "$id" source --reason "again"
contains "$OUT" "already reads so; nothing changed" "nothing to withdraw"
[ "$(rgit rev-list --count main)" = $((before + 1)) ] || fail "withdrawing nothing wrote"

# A waiver is withdrawn the same way.
expect_exit 0 cb waive "$id" source --reason "not needed"
expect_exit 0 cb withdraw "$id" source --reason "needed after all"
state_is "$id" source ready
