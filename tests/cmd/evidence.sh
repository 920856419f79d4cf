# casebook evidence: the incident's evidence listed, one piece written
# out exactly (to a pipe, or to a new file with --save, never over an
# existing one), by its hash or a prefix; on a terminal, text through the
# sanitiser and binary refused; bad hashes and unknown evidence refused.
. "$(dirname "$0")/../cmd/lib.sh"

expect_exit 0 cb init
expect_exit 0 cb new --title "malware on a lab PC"
id=$OUT
expect_exit 0 cb new --title "another"
other=$OUT
printf 'GET /beacon HTTP/1.1\n\033]0;PWNED\007 end\n' >"$TESTDIR/log.txt"
printf '\177ELF\002\001\001\000\000\000binary\000\377\376' >"$TESTDIR/a.out"
expect_exit 0 cb attach "$id" "$TESTDIR/log.txt"
text=${OUT%% *}
expect_exit 0 cb attach "$id" "$TESTDIR/a.out"
bin=${OUT%% *}

expect_exit 0 cb evidence "$id"
contains "$OUT" "$text" "the list names the text"
contains "$OUT" "$bin" "the list names the binary"
contains "$OUT" "log.txt" "the name"
expect_exit 0 cb evidence "$other"
contains "$OUT" "$other has no evidence" "an incident without evidence"

# To a pipe: the bytes exactly.
cb evidence "$id" "$bin" >"$TESTDIR/got" || fail "evidence to a file"
cmp -s "$TESTDIR/got" "$TESTDIR/a.out" || fail "the binary's bytes differ"
# A prefix of the hash is enough.
cb evidence "$id" "$(printf '%.8s' "$text")" >"$TESTDIR/got" || fail "by prefix"
cmp -s "$TESTDIR/got" "$TESTDIR/log.txt" || fail "the text's bytes differ"

# --save: a new file, the same bytes; never over an existing file.
expect_exit 0 cb evidence "$id" "$bin" --save "$TESTDIR/saved.bin"
contains "$OUT" "bytes saved to" "the save said so"
cmp -s "$TESTDIR/saved.bin" "$TESTDIR/a.out" || fail "the saved bytes differ"
echo keep >"$TESTDIR/exists"
expect_exit 1 cb evidence "$id" "$bin" --save "$TESTDIR/exists"
contains "$ERR" "exists already; nothing was written" "an existing file"
[ "$(cat "$TESTDIR/exists")" = keep ] || fail "an existing file was overwritten"
expect_exit 1 cb evidence "$id" "$bin" --save "$TESTDIR/no/such/dir/x"

# Refused: a hash that is not one, evidence of another incident, usage.
expect_exit 2 cb evidence "$id" "../../incident.json"
contains "$ERR" "is not a SHA-256" "a path for a hash"
expect_exit 2 cb evidence "$id" "abc"
expect_exit 1 cb evidence "$other" "$bin"
contains "$ERR" "$other has no evidence $bin" "another incident's evidence"
expect_exit 1 cb evidence "$id" "$(printf '%064d' 0)"
expect_exit 2 cb evidence "$id" --save "$TESTDIR/x"
expect_exit 2 cb evidence

# On a terminal: the text sanitised, the binary refused.
if command -v script >/dev/null 2>&1; then
	script -qec "$CASEBOOK evidence $id $text" "$TESTDIR/typescript" >/dev/null 2>&1 ||
		fail "evidence on a terminal: $(cat "$TESTDIR/typescript")"
	grep -q 'GET /beacon' "$TESTDIR/typescript" || fail "no text: $(cat "$TESTDIR/typescript")"
	grep -q '\^\[\]0;PWNED\^G' "$TESTDIR/typescript" ||
		fail "the escape was not made visible: $(cat -v "$TESTDIR/typescript")"
	! grep -q "$(printf '\033]0;')" "$TESTDIR/typescript" ||
		fail "a raw escape reached the terminal"
	script -qec "$CASEBOOK evidence $id $bin" "$TESTDIR/typescript" >/dev/null 2>&1 &&
		fail "binary evidence was written to a terminal"
	grep -q "is binary" "$TESTDIR/typescript" || fail "no reason: $(cat -v "$TESTDIR/typescript")"
fi
exit 0
