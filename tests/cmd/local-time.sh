# Times in the local zone: the command line shows the record's UTC
# times in TZ with the zone marked, and commits carry the author's UTC
# offset as git's own do; JSON keeps UTC.
. "$(dirname "$0")/lib.sh"

export TZ=Asia/Tokyo
export CASEBOOK_NOW=1795694400	# 2026-11-26T12:00:00Z, 21:00 in Tokyo
expect_exit 0 cb init
expect_exit 0 cb new --title "Port scan from a lab PC" --class scan
id=$OUT
expect_exit 0 cb note "$id" -m "Called the department at 21:00."

# git's author date: the offset of Tokyo, not +0000.
date=$(rgit log -1 --format=%ai)
[ "$date" = "2026-11-26 21:00:00 +0900" ] || fail "the commit's date: $date"

expect_exit 0 cb show "$id"
contains "$OUT" "created     2026-11-26 21:00 JST" "show: local time with its zone"
contains "$OUT" "--- 2026-11-26 21:00 JST" "the notebook entry's time"
lacks "$OUT" "12:00:00Z" "no UTC stamp in the human output"
expect_exit 0 cb log "$id"
contains "$OUT" " 2026-11-26 21:00 JST " "log: local time"
expect_exit 0 cb checklist "$id"
contains "$OUT" ", 2026-11-26 21:00 JST)" "an answer's time"
# JSON stays UTC, for programs.
expect_exit 0 cb show "$id" --json
contains "$OUT" '"created": "2026-11-26T12:00:00Z"' "JSON in UTC"

# Another zone, the same record: only the display moves.
export TZ=UTC
expect_exit 0 cb show "$id"
contains "$OUT" "created     2026-11-26 12:00 UTC" "UTC marked as such"
# A zone without an abbreviation is marked by its offset.
export TZ="<+0530>-5:30"
expect_exit 0 cb show "$id"
contains "$OUT" "created     2026-11-26 17:30 +0530" "an offset for a zone without a name"
exit 0
