# Who may take alerts in and decide on them, with real Unix users on a
# team store: a staff member is refused both; the account the store's
# alerts.receiver names may ingest but not decide; a tech member decides.
# Needs root, to make the users.
. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/cmd/lib.sh"

if [ "$(id -u)" != 0 ]; then
	echo "SKIP: alerts-roles.sh needs root to create users and a group"
	exit 77
fi
for tool in groupadd groupdel useradd userdel setpriv; do
	command -v "$tool" >/dev/null 2>&1 ||
		{ echo "SKIP: alerts-roles.sh needs $tool"; exit 77; }
done

GROUP=cbr$$g
UT=cbr$$t	# tech, who creates the store
UR=cbr$$r	# the receiver
US=cbr$$s	# staff
made_group=false
made_users=
cleanup() {
	for u in $made_users; do
		userdel "$u" || echo "alerts-roles.sh: could not remove $u" >&2
	done
	$made_group && { groupdel "$GROUP" ||
		echo "alerts-roles.sh: could not remove $GROUP" >&2; }
	rm -rf "$TESTDIR"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

groupadd "$GROUP" || fail "groupadd"
made_group=true
for u in "$UT" "$UR" "$US"; do
	getent passwd "$u" >/dev/null && fail "user $u exists already"
	useradd -M -N -g "$GROUP" -s /bin/sh "$u" || fail "useradd $u"
	made_users="$made_users $u"
	mkdir -p "$TESTDIR/home-$u" && chown "$u" "$TESTDIR/home-$u"
done
mkdir "$TESTDIR/team" && chown "$UT" "$TESTDIR/team" || fail mkdir
cp -R "$TOP_SRCDIR/playbooks" "$TESTDIR/playbooks" && chmod -R a+rX "$TESTDIR/playbooks"
cp "$TOP_SRCDIR/tests/fixtures/alerts/suricata-eve.json" "$TESTDIR/eve.json"
chmod a+r "$TESTDIR/eve.json"
export CASEBOOK_STORE="$TESTDIR/team/store"

cb_as() {	# cb_as USER ARGS...
	u=$1
	shift
	env -i PATH="$PATH" LC_ALL=C.UTF-8 LANG=C.UTF-8 TZ=UTC \
	    HOME="$TESTDIR/home-$u" CASEBOOK_STORE="$CASEBOOK_STORE" \
	    CASEBOOK_PLAYBOOKS="$TESTDIR/playbooks" \
	    setpriv --reuid="$u" --regid="$GROUP" --init-groups \
	    "$CASEBOOK" "$@"
}

expect_exit 0 cb_as "$UT" init --shared "$GROUP"
expect_exit 0 cb_as "$UT" role "$US" staff
expect_exit 0 cb_as "$UT" role "$UR" viewer

# Neither staff nor the receiver before it is named may ingest.
expect_exit 4 cb_as "$US" ingest "$TESTDIR/eve.json"
contains "$ERR" "only a tech member or the store's receiver" "staff refused"
expect_exit 4 cb_as "$UR" ingest "$TESTDIR/eve.json"
expect_exit 0 cb_as "$UT" config --list
contains "$OUT" "alerts.receiver" "the setting is listed"
expect_exit 2 cb_as "$UT" config alerts.receiver nobody-such-user
expect_exit 4 cb_as "$US" config alerts.receiver "$UR"
expect_exit 0 cb_as "$UT" config alerts.receiver "$UR"

# The receiver takes alerts in but decides
# nothing; staff still may not ingest.
expect_exit 0 cb_as "$UR" ingest "$TESTDIR/eve.json"
contains "$OUT" "3 alerts added" "the receiver ingests"
expect_exit 4 cb_as "$US" ingest "$TESTDIR/eve.json"
expect_exit 0 cb_as "$US" alerts
contains "$OUT" "ET MALWARE" "staff reads the groups"
g=$(cb_as "$US" alerts --json | sed -n 's/.*"group": \([0-9]*\).*/\1/p' | head -1)
[ -n "$g" ] || fail "a group number"
expect_exit 4 cb_as "$UR" alert promote "$g"
expect_exit 4 cb_as "$US" alert promote "$g"
expect_exit 4 cb_as "$US" alert dismiss "$g" --reason duplicate
expect_exit 4 cb_as "$US" alerts regroup
expect_exit 0 cb_as "$US" alerts regroup --dry-run
expect_exit 0 cb_as "$UT" alert promote "$g"
id=$OUT
expect_exit 0 cb_as "$UT" show "$id"
contains "$OUT" "alerts-promoted-$g.jsonl" "the tech member promoted"
exit 0
