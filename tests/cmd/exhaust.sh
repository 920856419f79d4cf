# Nothing one member does makes casebook hang or exhaust the host: the
# three-byte playbook that made libfyaml spin, a note of 8 MB searched,
# /dev/zero, a FIFO and a folder attached, a 200 MB file attached in
# little memory and kept out of the record's packs, its hash verified by
# check; a viewer's note refused before the editor opens.  timeout only
# turns a hang into a failure: no assertion here is about time.
. "$(dirname "$0")/lib.sh"

expect_exit 0 cb init
expect_exit 0 cb role "$(id -un)" tech
expect_exit 0 cb new --title "big things"
id=$OUT
S=$CASEBOOK_STORE

# The playbook hang (found by tests/fuzz/fuzz-playbook.c), and its kin.
mkdir -p "$S/playbooks"
for bytes in '\r%%\374' '\r%%' 'a: 1\r%%YAML' '\302\205%%YAML 1.2' 'x: "\001"'; do
	# shellcheck disable=SC2059
	printf "$bytes" >"$S/playbooks/malware.yaml"
	for cmd in "checklist $id" "answer $id source alert" "new --title x --class malware"; do
		# shellcheck disable=SC2086
		expect_exit 1 timeout 60 "$CASEBOOK" $cmd
		contains "$ERR" "$S/playbooks/malware.yaml:1:" "'$cmd' with the playbook '$bytes'"
	done
	expect_exit 1 timeout 60 "$CASEBOOK" playbook check "$S/playbooks/malware.yaml"
done
printf '\r%%\374' >"$S/playbooks/malware.yaml"
expect_exit 1 cb checklist "$id"
contains "$ERR" "malware.yaml:1:1: a carriage return (CR) must be followed by a line feed" "the CR explained"
printf 'a: b\n\tc: "\033]0;x\007"\n' >"$S/playbooks/malware.yaml"
expect_exit 1 cb checklist "$id"
contains "$ERR" "malware.yaml:2:" "the control character's line"
lacks "$ERR" "$(printf '\033')" "a raw ESC in the error"
printf 'id: x\r\nx: \377\n' >"$S/playbooks/malware.yaml"
expect_exit 1 cb checklist "$id"
contains "$ERR" "malware.yaml:2:4: a byte that is not UTF-8" "the bad byte's place"
rm -r "$S/playbooks"
expect_exit 0 cb checklist "$id"

# A note of 8 MB (lines of log) with a word in its middle and one at its
# end, searched for both; the snippet is of the piece that matches.
awk 'BEGIN { for (i = 0; i < 140000; i++) {
	printf "2026-11-26T12:%02d:%02d fw01 DENY tcp 192.0.2.%d:%d -> 198.51.100.7:443\n", i % 60, i % 60, i % 250, 1024 + i
	if (i == 70000) print "needle: 不正侵入 in the middle"
} print "last-line-marker" }' >"$TESTDIR/big.log"
[ "$(wc -c <"$TESTDIR/big.log")" -gt 8000000 ] || fail "the note is not 8 MB"
expect_exit 0 timeout 120 "$CASEBOOK" note "$id" -F "$TESTDIR/big.log"
expect_exit 0 timeout 60 "$CASEBOOK" search 不正侵入
contains "$OUT" "$id" "the middle of the big note found"
contains "$OUT" "**不正侵入**" "the match highlighted"
expect_exit 0 timeout 60 "$CASEBOOK" search last-line-marker
contains "$OUT" "$id" "the end of the big note found"
expect_exit 0 timeout 60 "$CASEBOOK" search 198.51.100.7
contains "$OUT" "$id" "a word in every piece"
[ "$(printf '%s\n' "$OUT" | grep -c "^$id ")" = 1 ] || fail "one hit per incident: $OUT"
expect_exit 0 timeout 60 "$CASEBOOK" search --json DENY
expect_exit 0 cb check

# A note holding the snippet marks cannot make text look highlighted.
printf 'plain \002forged\003 text about phishing-kit\n' >"$TESTDIR/marks"
expect_exit 0 cb note "$id" -F "$TESTDIR/marks"
expect_exit 0 cb search phishing-kit
contains "$OUT" "**phishing-kit**" "the real match highlighted"
lacks "$OUT" "**forged**" "a forged highlight"
expect_exit 0 cb search 'ki'	# two characters: the scan path
lacks "$OUT" "**forged**" "a forged highlight (short query)"

# Attach: only regular files, refused before anything is read.
mkfifo "$TESTDIR/fifo"
expect_exit 1 timeout 60 "$CASEBOOK" attach "$id" "$TESTDIR/fifo"
contains "$ERR" "not a regular file (a FIFO)" "a FIFO"
expect_exit 1 timeout 60 "$CASEBOOK" attach "$id" /dev/zero
contains "$ERR" "not a regular file (a device)" "/dev/zero"
expect_exit 1 timeout 60 "$CASEBOOK" attach "$id" "$TESTDIR"
contains "$ERR" "not a regular file (a folder)" "a folder"
expect_exit 1 timeout 60 sh -c "'$CASEBOOK' attach '$id' - </dev/zero"
contains "$ERR" "a character device, not a regular file" "/dev/zero on stdin"

# note -F reads only a regular file too.
expect_exit 1 timeout 60 "$CASEBOOK" note "$id" -F "$TESTDIR/fifo"
contains "$ERR" "not a regular file (a FIFO)" "note -F a FIFO"
expect_exit 1 timeout 60 "$CASEBOOK" note "$id" -F /dev/zero
contains "$ERR" "not a regular file (a device)" "note -F /dev/zero"

# A 200 MB file: streamed (peak memory well under its size), kept out of
# the packs in STORE/evidence/SHA256, read-only; show says where; check
# verifies it, and sees it damaged or missing.
dd if=/dev/urandom of="$TESTDIR/disk.img" bs=1048576 count=200 2>/dev/null
sha=$(sha256sum "$TESTDIR/disk.img" | cut -d' ' -f1)
if [ -x /usr/bin/time ]; then
	/usr/bin/time -f '%M' -o "$TESTDIR/rss" "$CASEBOOK" attach "$id" "$TESTDIR/disk.img" >"$TESTDIR/out" 2>&1 ||
		fail "attaching 200 MB: $(cat "$TESTDIR/out")"
	rss=$(tail -1 "$TESTDIR/rss")
	[ "$rss" -lt 65536 ] || fail "attaching 200 MB took $rss KB of memory"
else
	expect_exit 0 cb attach "$id" "$TESTDIR/disk.img"
fi
[ -f "$S/evidence/$sha" ] || fail "the evidence is not in STORE/evidence"
cmp -s "$S/evidence/$sha" "$TESTDIR/disk.img" || fail "the evidence differs"
[ -w "$S/evidence/$sha" ] && [ "$(id -u)" != 0 ] && fail "the evidence is writable"
[ "$(stat -c %a "$S/evidence/$sha")" = 444 ] || fail "mode $(stat -c %a "$S/evidence/$sha")"
rgit cat-file -e "main:incidents/${id%%-*}/00/$id/evidence/$sha" 2>/dev/null &&
	fail "a 200 MB blob in the record"
size=$(du -sk "$S/record.git" | cut -f1)
[ "$size" -lt 51200 ] || fail "the record grew to $size KB"
rgit cat-file blob "main:incidents/${id%%-*}/00/$id/evidence/$sha.json" >"$TESTDIR/sidecar"
contains "$(cat "$TESTDIR/sidecar")" "\"place\": \"evidence/$sha\"" "the sidecar says where"
contains "$(cat "$TESTDIR/sidecar")" '"size": 209715200' "the sidecar's size"
expect_exit 0 cb show "$id"
contains "$OUT" "outside the record, in STORE/evidence/$sha" "show says where"
expect_exit 0 cb show "$id" --json
contains "$OUT" "\"place\": \"evidence/$sha\"" "show --json says where"
expect_exit 0 cb attach "$id" "$TESTDIR/disk.img"
contains "$OUT" "(already attached)" "the same file again"
expect_exit 0 cb check
chmod u+w "$S/evidence/$sha"
printf 'X' | dd of="$S/evidence/$sha" bs=1 seek=1000 conv=notrunc 2>/dev/null
expect_exit 1 cb check
contains "$OUT$ERR" "does not match its SHA-256" "damaged evidence"
rm "$S/evidence/$sha"
expect_exit 1 cb check
contains "$OUT$ERR" "$S/evidence/$sha is missing" "missing evidence"
ln -s "$TESTDIR/disk.img" "$S/evidence/$sha"
expect_exit 1 cb check
contains "$OUT$ERR" "not a regular file" "evidence as a link"
rm "$S/evidence/$sha"
cp "$TESTDIR/disk.img" "$S/evidence/$sha"
expect_exit 0 cb check
rm "$TESTDIR/disk.img"

# The limit is the store's evidence.maxInRecord.
git config -f "$S/config" evidence.maxInRecord 1k
head -c 5000 /dev/urandom >"$TESTDIR/small"
expect_exit 0 cb attach "$id" "$TESTDIR/small"
[ -f "$S/evidence/${OUT%% *}" ] || fail "5000 bytes not kept outside under a 1k limit"
git config -f "$S/config" evidence.maxInRecord 1m
head -c 5000 /dev/urandom >"$TESTDIR/small2"
expect_exit 0 cb attach "$id" "$TESTDIR/small2"
sha2=${OUT%% *}
[ -f "$S/evidence/$sha2" ] && fail "5000 bytes kept outside under a 1m limit"
rgit cat-file -e "main:incidents/${id%%-*}/00/$id/evidence/$sha2" || fail "not in the record"

# A viewer's note is refused before the editor opens.
cat >"$TESTDIR/editor" <<EOS
#!/bin/sh
touch "$TESTDIR/editor-ran"
echo text >"\$1"
EOS
chmod +x "$TESTDIR/editor"
expect_exit 0 cb role "$(id -un)" viewer
EDITOR="$TESTDIR/editor" expect_exit 4 cb note "$id"
[ -e "$TESTDIR/editor-ran" ] && fail "the editor opened for a viewer"
expect_exit 4 cb attach "$id" "$TESTDIR/fifo"
lacks "$ERR" "FIFO" "the file looked at before the role"
exit 0
