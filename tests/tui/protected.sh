# The terminal UI on a protected team store, run by a member outside the
# store group through a set-group-id casebook: the queue and the
# notebook work; a file only the store group could read (the store's
# own config) cannot be attached, a readable one can; the editor runs
# without the store group; a theme file is read with the member's
# rights.  Needs root (a user, a group, the bit).
. "$(dirname "$0")/lib.sh"
# A set-group-id program is not dumpable from its exec on: AddressSanitizer
# cannot read its options from /proc/self/environ then, and LeakSanitizer
# cannot stop its threads, so a sanitizer build cannot run this test (the
# plain build, which CI runs first, does).
if ldd "$CASEBOOK" 2>/dev/null | grep -q libasan; then
	echo "SKIP: tui/protected.sh: a set-group-id program cannot run under the sanitizers"
	exit 77
fi

if [ "$(id -u)" != 0 ]; then
	echo "SKIP: tui/protected.sh needs root to create a user and a group"
	exit 77
fi
for tool in groupadd groupdel useradd userdel setpriv make getent bash; do
	command -v "$tool" >/dev/null 2>&1 ||
		{ echo "SKIP: tui/protected.sh needs $tool"; exit 77; }
done

SG=cbq$$s
U=cbq$$u
cleanup_ids() {
	userdel "$U" >/dev/null 2>&1
	getent group "$U" >/dev/null && groupdel "$U"
	getent group "$SG" >/dev/null && groupdel "$SG"
}
trap 'T kill-server >/dev/null 2>&1; cleanup_ids; rm -rf "$TESTDIR"' EXIT
trap 'exit 1' HUP INT TERM
getent group "$SG" >/dev/null && fail "group $SG exists already"
getent passwd "$U" >/dev/null && fail "user $U exists already"
groupadd "$SG" || fail "groupadd"
useradd -M -U -s /bin/sh "$U" || fail "useradd"
SGID=$(getent group "$SG" | cut -d: -f3)
UH=$TESTDIR/home-$U
mkdir "$UH" && chown "$U:$U" "$UH" || fail "home"

make -s -o casebook -C "$(dirname "$CASEBOOK")" install-exec DESTDIR="$TESTDIR/dest" \
    STORE_GROUP="$SG" >"$TESTDIR/install.out" 2>&1 ||
	fail "make install-exec: $(cat "$TESTDIR/install.out")"
BIN=$(find "$TESTDIR/dest" -name casebook -type f)
[ "$(stat -c '%a %G' "$BIN")" = "2755 $SG" ] || fail "casebook is not g+s $SG"
STORE=$TESTDIR/team
install -d -o root -g "$SG" -m 2770 "$STORE" || fail "install -d"

# The member's casebook, for start (which runs $CASEBOOK) and by hand.
cat >"$TESTDIR/as-member" <<EOF
#!/bin/sh
exec setpriv --reuid="$U" --regid="$U" --init-groups "$BIN" "\$@"
EOF
chmod 755 "$TESTDIR/as-member"
CASEBOOK=$TESTDIR/as-member
export CASEBOOK_STORE="$STORE" HOME="$UH"
expect_exit 0 cb init --team
expect_exit 0 cb new --title "protected in the TUI"
id=$OUT

# bash -p: a shell would otherwise reset its effective group itself.
cat >"$TESTDIR/editor" <<EOF
#!/bin/bash -p
sed -n 's/^Gid:[[:space:]]*//p' /proc/self/status >"$UH/groups"
printf 'written in the editor\n' >"\$1"
EOF
chmod 755 "$TESTDIR/editor"
export VISUAL="$TESTDIR/editor"
printf 'mine\n' >"$UH/mine.txt"
chown "$U" "$UH/mine.txt"

S=p
start p 120 40
wait_for "protected in the TUI"
keys Enter
wait_for "$id  protected in the TUI"
keys N
wait_for "Notebook $id"

keys A
wait_for "Attach the file at path:"
type_text "$STORE/config"
keys Enter
wait_for "Permission denied"
keys A
wait_for "Attach the file at path:"
type_text "$UH/mine.txt"
keys Enter
wait_for "Attached"

keys e
wait_for "written in the editor"
[ -s "$UH/groups" ] || fail "the editor did not run"
for g in $(cat "$UH/groups"); do
	[ "$g" != "$SGID" ] || fail "the editor ran with the store group: $(cat "$UH/groups")"
done

keys :
type_text "theme $STORE/config"
keys Enter
wait_for "Permission denied"
quit

expect_exit 0 cb show "$id"
contains "$OUT" "mine.txt" "the readable file is attached"
lacks "$OUT" "config" "the store's config is not attached"
contains "$OUT" "written in the editor" "the editor's entry is saved"
exit 0
