# Sync over ssh:// (issue 14): an sshd this test starts on 127.0.0.1
# with a host key and a user key it makes.  An unknown host is refused
# with its key's fingerprint shown (nothing fetched), a host listed in
# ~/.ssh/known_hosts with another key is refused as changed, and once
# the right line is in known_hosts two sites sync through the hub over
# ssh, with the person's key file (no agent).
. "$(dirname "$0")/../cmd/lib.sh"
. "$TOP_SRCDIR/tests/net/certs.sh"

SSHD=$(command -v sshd || echo /usr/sbin/sshd)
[ -x "$SSHD" ] || { echo "SKIP: no sshd (openssh-server)"; exit 77; }
command -v ssh-keygen >/dev/null 2>&1 || { echo "SKIP: no ssh-keygen"; exit 77; }
unset SSH_AUTH_SOCK
# Sanitizer builds: libgit2's own leaks over ssh (tests/net/lsan-ssh.supp).
cat "$TOP_SRCDIR/tests/lsan.supp" "$TOP_SRCDIR/tests/net/lsan-ssh.supp" \
	>"$TESTDIR/lsan.supp"
export LSAN_OPTIONS="suppressions=$TESTDIR/lsan.supp"
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0"

S=$TESTDIR/sshd
mkdir -p "$S" "$HOME/.ssh"
chmod 700 "$HOME/.ssh"
ssh-keygen -q -t ed25519 -N '' -f "$S/host_key" || fail "host key"
ssh-keygen -q -t ed25519 -N '' -f "$S/other_host_key" || fail "other key"
ssh-keygen -q -t ed25519 -N '' -f "$HOME/.ssh/id_ed25519" || fail "user key"
cp "$HOME/.ssh/id_ed25519.pub" "$S/authorized_keys"
chmod 600 "$S/authorized_keys"
port=$(free_port) || fail "no free port"
cat >"$S/config" <<CONF
ListenAddress 127.0.0.1:$port
HostKey $S/host_key
AuthorizedKeysFile $S/authorized_keys
PidFile $S/pid
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
LogLevel ERROR
CONF
mkdir -p /run/sshd 2>/dev/null
"$SSHD" -D -e -f "$S/config" 2>"$S/log" &
SSHD_PID=$!
trap 'kill "$SSHD_PID" 2>/dev/null; rm -rf "$TESTDIR"' EXIT
i=0
until python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null; do
	i=$((i + 1))
	[ $i -gt 50 ] && fail "sshd did not start: $(cat "$S/log")"
	sleep 0.1
done

HUB=$TESTDIR/hub.git
git init -q --bare "$HUB" || fail "git init the hub"
URL="ssh://$(id -un)@127.0.0.1:$port$HUB"
A=$TESTDIR/a
B=$TESTDIR/b
ca() { CASEBOOK_STORE=$A cb "$@"; }
cbb() { CASEBOOK_STORE=$B cb "$@"; }
expect_exit 0 ca init
expect_exit 0 ca new --title "case before sync"

fp=$(ssh-keygen -l -E sha256 -f "$S/host_key.pub" | awk '{print $2}')
# An unknown host: refused, its fingerprint shown, nothing added.
expect_exit 1 ca remote add hub "$URL"
contains "$ERR" "not a known host" "an unknown host refused"
contains "$ERR" "$fp" "the host key's fingerprint shown"
expect_exit 0 ca remote list
lacks "$OUT" "hub" "no remote added for an unknown host"

# A host listed with another key: refused as changed.
printf '[127.0.0.1]:%s %s\n' "$port" "$(cut -d' ' -f1,2 "$S/other_host_key.pub")" \
	>"$HOME/.ssh/known_hosts"
expect_exit 1 ca remote add hub "$URL"
contains "$ERR" "CHANGED" "a changed host key refused"

# Known: the remote is added (site A from the fetch) and sync works.
printf '[127.0.0.1]:%s %s\n' "$port" "$(cut -d' ' -f1,2 "$S/host_key.pub")" \
	>"$HOME/.ssh/known_hosts"
expect_exit 0 ca remote add hub "$URL"
contains "$OUT" "site A" "the site letter over ssh"
expect_exit 0 ca sync
contains "$OUT" "sent" "pushed over ssh"
git --git-dir="$HUB" log main --oneline | grep -q "case before sync" ||
	fail "the hub has A's incident"

# A hashed known_hosts line (ssh-keygen -H) is read too.
ssh-keygen -q -H -f "$HOME/.ssh/known_hosts" 2>/dev/null ||
	fail "ssh-keygen -H"
grep -q '^|1|' "$HOME/.ssh/known_hosts" || fail "known_hosts not hashed"
expect_exit 0 cbb init
expect_exit 0 cbb remote add hub "$URL"
contains "$OUT" "site B" "the second site over ssh"
expect_exit 0 cbb sync
expect_exit 0 cbb list
contains "$OUT" "case before sync" "B fetched over ssh"
expect_exit 0 cbb new --title "made at B"
expect_exit 0 cbb sync
expect_exit 0 ca sync
expect_exit 0 ca list
contains "$OUT" "made at B" "A received B's incident over ssh"

# The hub refuses a push once (a hook, as a moved branch would be
# refused): the sync goes round again, fetch, merge, push, and lands.
cat >"$HUB/hooks/pre-receive" <<'HOOK'
#!/bin/sh
[ -e "$GIT_DIR/refused-once" ] && exit 0
touch "$GIT_DIR/refused-once"
echo "refused once, as if the hub had moved" >&2
exit 1
HOOK
chmod +x "$HUB/hooks/pre-receive"
expect_exit 0 ca note "$(printf '%s\n' "$(ca list)" | awk 'NR==1{print $1}')" \
	-m "after a refusal"
expect_exit 0 ca sync
[ -e "$HUB/refused-once" ] || fail "the hook did not refuse"
git --git-dir="$HUB" log main --format=%s | grep -q "after a refusal" ||
	fail "the push after the refusal did not land"

# No usable key: refused with libgit2's word, nothing changed.
mv "$HOME/.ssh/id_ed25519" "$HOME/.ssh/id_moved"
expect_exit 1 ca sync
lacks "$ERR" "not a known host" "a missing key is not a host problem"
exit 0
