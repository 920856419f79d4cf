# Two TUIs on one store: one sees the other's change within about a
# second (the branch is polled), with a note in the status line; two
# answers to the same item meet as a conflict that shows both values
# and lets the user choose.
. "$(dirname "$0")/lib.sh"

demo_store
me=$(id -un)
start a 120 40 --demo
start b 120 40 --demo
S=a; wait_for "1 Open (5)"
S=b; wait_for "1 Open (5)"
S=a; keys G Enter; wait_for "[ ] How it was detected or reported *"
S=b; keys G Enter; wait_for "[ ] How it was detected or reported *"

# b answers; a shows it without a key pressed.
S=b; keys Enter; wait_for "Enter chooses"; keys Enter
wait_for "Saved source = alert"
S=a
wait_for "2026-0006 updated by $me" 4
wait_for "[x] How it was detected or reported *            alert  ($me)"
keys q
wait_for "*2026-0006 normal    intake   policy"
contains "$SCREEN" "P2Pファイル共有ソフトの通信 (利用規定違…    24 h   1/2" "the queue's progress"

# A conflict: b starts answering the reporter, a answers it first.
S=b; keys j Enter; wait_for "Reporter and contact:"
S=a; keys Enter; wait_for "2026-0006  P2P"
keys Enter; wait_for "Reporter and contact:"
type_text "from a"; keys Enter
wait_for "Saved reporter = from a"
S=b; type_text "from b"; keys Enter
wait_for "reporter was changed by someone else meanwhile. Which value stays?"
contains "$SCREEN" "Keep theirs: from a  (by $me)" "their value"
contains "$SCREEN" "Use mine:    from b" "my value"
keys j Enter
wait_for "Saved reporter = from b"
expect_exit 0 cb --store "$XDG_DATA_HOME/casebook-demo" checklist 2026-0006 --json
contains "$OUT" '"value": "from b"' "the chosen value is recorded"
S=a; wait_for "[x] Reporter and contact *                       from b" 4
quit
S=b; quit
