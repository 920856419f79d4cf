# A protected team store: casebook installed set-group-id to a store
# group nobody is in, the store that group's, two members (one tech, one
# staff) who reach it only through casebook.  Neither can read or write
# its files; staff cannot change roles, settings or playbooks; every
# commit carries the real login whatever the config or the environment
# says; $CASEBOOK_PLAYBOOKS and a self-made store with a symlink to the
# team's record change nothing; the editor runs without the store group;
# a file the person cannot read cannot be attached.
# Needs root, to make the users and the group and set the bit.
. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/cmd/lib.sh"
# A set-group-id program is not dumpable from its exec on: AddressSanitizer
# cannot read its options from /proc/self/environ then, and LeakSanitizer
# cannot stop its threads, so a sanitizer build cannot run this test (the
# plain build, which CI runs first, does).
if ldd "$CASEBOOK" 2>/dev/null | grep -q libasan; then
	echo "SKIP: cmd/protected.sh: a set-group-id program cannot run under the sanitizers"
	exit 77
fi

if [ "$(id -u)" != 0 ]; then
	echo "SKIP: protected.sh needs root to create users and a group"
	exit 77
fi
for tool in groupadd groupdel useradd userdel setpriv stat make getent \
    sqlite3 bash; do
	command -v "$tool" >/dev/null 2>&1 ||
		{ echo "SKIP: protected.sh needs $tool"; exit 77; }
done

SG=cbp$$s		# the store group
TECH=cbp$$t
STAFF=cbp$$f
made_group=false
made_users=
cleanup() {
	for u in $made_users; do
		userdel "$u" >/dev/null 2>&1 ||
			echo "protected.sh: could not remove user $u" >&2
		getent group "$u" >/dev/null && groupdel "$u" 2>/dev/null
	done
	if $made_group; then
		groupdel "$SG" || echo "protected.sh: could not remove group $SG" >&2
	fi
	rm -rf "$TESTDIR"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

getent group "$SG" >/dev/null && fail "group $SG exists already"
for u in "$TECH" "$STAFF"; do
	getent passwd "$u" >/dev/null && fail "user $u exists already"
done
groupadd "$SG" || fail "groupadd $SG"
made_group=true
for u in "$TECH" "$STAFF"; do
	# Each in a group of their own, not in the store group.
	useradd -M -U -s /bin/sh "$u" || fail "useradd $u"
	made_users="$made_users $u"
	mkdir "$TESTDIR/home-$u" && chown "$u:$u" "$TESTDIR/home-$u" &&
		chmod 700 "$TESTDIR/home-$u" || fail "home of $u"
done
SGID=$(getent group "$SG" | cut -d: -f3)

# --- the install: set-group-id to the store group ------------------------
BUILD=$(dirname "$CASEBOOK")
DEST=$TESTDIR/dest
# -o casebook: install the binary the suite is testing, never relink it
# under the other tests that run it.
make -s -o casebook -C "$BUILD" install-exec DESTDIR="$DEST" STORE_GROUP="$SG" \
    >"$TESTDIR/install.out" 2>&1 ||
	fail "make install-exec: $(cat "$TESTDIR/install.out")"
BIN=$(find "$DEST" -name casebook -type f)
[ -n "$BIN" ] || fail "make install-exec installed no casebook"
perm=$(stat -c '%a %G' "$BIN")
[ "$perm" = "2755 $SG" ] || fail "installed casebook is '$perm', expected '2755 $SG'"
# A group that does not exist is refused, clearly.
expect_exit 2 make -s -o casebook -C "$BUILD" install-exec DESTDIR="$TESTDIR/dest2" \
    STORE_GROUP=cbp-no-such-group
contains "$ERR" "groupadd --system cbp-no-such-group" "install names the fix"

# The store's folder, made by an administrator: root's, the store group's.
STORE=$TESTDIR/team
install -d -o root -g "$SG" -m 2770 "$STORE" || fail "install -d"

# run_as USER CMD...: CMD as USER in their own group, a clean
# environment; extra variables before the command with env.
run_as() {
	u=$1
	shift
	env -i PATH="$PATH" LC_ALL=C.UTF-8 LANG=C.UTF-8 TZ=UTC \
	    HOME="$TESTDIR/home-$u" CASEBOOK_STORE="$STORE" \
	    setpriv --reuid="$u" --regid="$u" --init-groups "$@"
}
cb_as() {	# cb_as USER ARGS...: the installed casebook as USER
	u=$1
	shift
	run_as "$u" "$BIN" "$@"
}
rgit_root() { git --git-dir="$STORE/record.git" -c safe.directory='*' "$@"; }
tip() { rgit_root rev-parse main; }

expect_exit 0 run_as "$STAFF" id -G
case " $OUT " in *" $SGID "*) fail "$STAFF is in the store group" ;; esac

# --- init --team -----------------------------------------------------------
expect_exit 1 cb_as "$TECH" --store "$TESTDIR/home-$TECH/t" init --team
contains "$ERR" "install -d -o root -g $SG" "a missing folder: the admin's step"
expect_exit 0 cb_as "$TECH" init --team
contains "$OUT" "protected team store" "init --team"
[ "$(stat -c '%a %U %G' "$STORE")" = "2770 root $SG" ] ||
	fail "the store folder is $(stat -c '%a %U %G' "$STORE")"
[ "$(stat -c '%G' "$STORE/record.git")" = "$SG" ] ||
	fail "record.git is not the store group's"
find "$STORE" -perm /0007 | grep -q . &&
	fail "others have access to: $(find "$STORE" -perm /0007 | head -3)"
expect_exit 0 cb_as "$TECH" whoami
contains "$OUT" "role: tech" "the creator is tech"
expect_exit 0 cb_as "$STAFF" whoami
contains "$OUT" "role: viewer" "an unmapped member reads only"
expect_exit 0 cb_as "$TECH" role "$STAFF" staff
expect_exit 0 cb_as "$TECH" new --title "protected"
id=$OUT

# Root may make the folder itself, and give the first roles.
T2=$TESTDIR/team2
expect_exit 0 env CASEBOOK_STORE="$T2" "$BIN" init --team
[ "$(stat -c '%a %U %G' "$T2")" = "2770 root $SG" ] ||
	fail "root's init --team made $(stat -c '%a %U %G' "$T2")"
expect_exit 0 env CASEBOOK_STORE="$T2" "$BIN" role "$TECH" tech
expect_exit 0 run_as "$TECH" env CASEBOOK_STORE="$T2" "$BIN" whoami
contains "$OUT" "role: tech" "a role given by root"
expect_exit 0 run_as "$TECH" env CASEBOOK_STORE="$T2" "$BIN" new --title "in team2"
git --git-dir="$T2/record.git" -c safe.directory='*' log -1 --format=%B main |
	grep -qx "Casebook-Login: $TECH" || fail "team2: no Casebook-Login: $TECH"
git --git-dir="$T2/record.git" -c safe.directory='*' log -1 --format=%s main |
	grep -q "in team2" || fail "team2: the new incident is not its last commit"

# --- nobody reaches the files directly --------------------------------------
for u in "$TECH" "$STAFF"; do
	for cmd in "ls $STORE" "cat $STORE/config" "touch $STORE/planted" \
	    "rm -rf $STORE/record.git" "sqlite3 $STORE/index.db .dump" \
	    "cp /dev/null $STORE/config" "ln -s /tmp $STORE/x" \
	    "chmod 777 $STORE"; do
		# shellcheck disable=SC2086
		run_as "$u" $cmd >/dev/null 2>&1 &&
			fail "$u could run '$cmd' on the store"
	done
done
[ -d "$STORE/record.git" ] && [ ! -e "$STORE/planted" ] ||
	fail "the store was changed directly"

# --- staff change no role, setting or playbook -------------------------------
t0=$(tip)
cfg0=$(cat "$STORE/config")
cp "$TOP_SRCDIR/playbooks/scan.yaml" "$TESTDIR/scan.yaml"
chmod 644 "$TESTDIR/scan.yaml"
expect_exit 4 cb_as "$STAFF" role "$STAFF" tech
contains "$ERR" "only a tech member may give roles" "staff: role"
expect_exit 4 cb_as "$STAFF" config casebook.defaultRole tech
contains "$ERR" "only a tech member may change the store's settings" "staff: config"
expect_exit 4 cb_as "$STAFF" user "$STAFF" --name "$TECH"
contains "$ERR" "only a tech member" "staff: user"
expect_exit 4 cb_as "$STAFF" playbook install "$TESTDIR/scan.yaml"
contains "$ERR" "only a tech member may install playbooks" "staff: playbook install"
[ "$(cat "$STORE/config")" = "$cfg0" ] || fail "staff changed the config"
[ ! -e "$STORE/playbooks" ] || fail "staff installed playbooks"
[ "$(tip)" = "$t0" ] || fail "staff's refused changes wrote to the record"
# The tech member can, through casebook, and only with valid values.
expect_exit 2 cb_as "$TECH" config casebook.version 2
contains "$ERR" "not a setting" "config: allow-list"
expect_exit 2 cb_as "$TECH" config casebook.language fr
expect_exit 0 cb_as "$TECH" config casebook.defaultRole viewer
[ "$(git config --file "$STORE/config" casebook.defaultRole)" = viewer ] ||
	fail "config did not set casebook.defaultRole"
# The chats' subscriptions and the GitLab mirror are set the same way
# (members cannot write the config themselves); their secrets never.
expect_exit 0 cb_as "$TECH" config notify.cert-alerts.kind rocketchat
expect_exit 0 cb_as "$TECH" config notify.cert-alerts.events new,urgency,alert-notable
expect_exit 0 cb_as "$TECH" config mirror.gitlab.project csirt/cases
expect_exit 0 cb_as "$TECH" config gitlab.user.$STAFF 42
[ "$(git config --file "$STORE/config" notify.cert-alerts.events)" = new,urgency,alert-notable ] ||
	fail "config did not set the subscription"
[ "$(git config --file "$STORE/config" gitlab.user.$STAFF)" = 42 ] ||
	fail "config did not set the GitLab user"
cfg1=$(cat "$STORE/config")
expect_exit 2 cb_as "$TECH" config notify.cert-alerts.url https://chat.example/hooks/x
contains "$ERR" "secrets file" "a webhook URL is the secrets file's"
expect_exit 2 cb_as "$TECH" config mirror.gitlab.token glpat-x
contains "$ERR" "secrets file" "a token is the secrets file's"
expect_exit 2 cb_as "$TECH" config notify.cert-alerts.kind irc
contains "$ERR" "not rocketchat" "a kind it does not know"
expect_exit 2 cb_as "$TECH" config notify.cert-alerts.events new,nosuch
expect_exit 2 cb_as "$TECH" config gitlab.user.$STAFF abc
expect_exit 2 cb_as "$TECH" config notify.cert-alerts.colour red
contains "$ERR" "not a setting" "a key it does not know"
expect_exit 4 cb_as "$STAFF" config notify.cert-alerts.kind slack
[ "$(cat "$STORE/config")" = "$cfg1" ] || fail "a refused setting changed the config"
mkdir "$TESTDIR/bad" && printf 'id: scan\nnot: [valid\n' \
    >"$TESTDIR/bad/scan.yaml" || fail "writing a bad playbook"
chmod -R a+rX "$TESTDIR/bad"
expect_exit 2 cb_as "$TECH" playbook install "$TESTDIR/bad/scan.yaml"
contains "$ERR" "nothing was installed" "an invalid playbook"
[ ! -e "$STORE/playbooks/scan.yaml" ] || fail "an invalid playbook was installed"
expect_exit 0 cb_as "$TECH" playbook install "$TESTDIR/scan.yaml"
cmp -s "$STORE/playbooks/scan.yaml" "$TESTDIR/scan.yaml" ||
	fail "playbook install did not install scan.yaml"
ls "$STORE" | grep -q 'playbooks\.new' && fail "a staging folder was left"

# --- every commit carries the real login ------------------------------------
git config --file "$STORE/config" user.name "$TECH"	# ignored in a team store
git config --file "$STORE/config" "user.$STAFF.name" "Staff Person"
printf '[user]\n\tname = %s\n\temail = %s@x\n' "$TECH" "$TECH" \
    >"$TESTDIR/home-$STAFF/.gitconfig"
chown "$STAFF" "$TESTDIR/home-$STAFF/.gitconfig"
expect_exit 0 run_as "$STAFF" env GIT_AUTHOR_NAME="$TECH" \
    GIT_AUTHOR_EMAIL="$TECH@x" GIT_COMMITTER_NAME="$TECH" \
    GIT_COMMITTER_EMAIL="$TECH@x" EMAIL="$TECH@x" CASEBOOK_NOW=86400 \
    "$BIN" note "$id" -m "by staff"
who=$(rgit_root log -1 --format='%an|%ae|%cn|%ce|%at' main)
case $who in
"Staff Person|$STAFF@"*"|Staff Person|$STAFF@"*) ;;
*) fail "staff's note is signed '$who'" ;;
esac
case $who in *"|86400") fail "CASEBOOK_NOW set the commit's time" ;; esac
rgit_root log -1 --format=%B main | grep -qx "Casebook-Login: $STAFF" ||
	fail "no Casebook-Login: $STAFF trailer: $(rgit_root log -1 --format=%B main)"
expect_exit 0 cb_as "$TECH" user "$TECH" --name "Tech Person" --email "tech@cert.example"
expect_exit 0 cb_as "$TECH" note "$id" -m "by tech"
[ "$(rgit_root log -1 --format='%an <%ae>' main)" = "Tech Person <tech@cert.example>" ] ||
	fail "casebook user did not name tech's commits"
rgit_root log -1 --format=%B main | grep -qx "Casebook-Login: $TECH" ||
	fail "no Casebook-Login: $TECH trailer"
# Every commit of the history names its real login.
rgit_root log --format='%H %an' main | while read -r h an; do
	login=$(rgit_root log -1 --format=%B "$h" | sed -n 's/^Casebook-Login: //p')
	case $login in "$TECH"|"$STAFF") ;;
	*) fail "commit $h ($an) has Casebook-Login '$login'" ;; esac
done || exit 1
expect_exit 2 cb_as "$TECH" user "$STAFF" --name "$(printf 'a\033]0;x\007')"
expect_exit 2 cb_as "$TECH" user no-such-user-cbp --name x

# --- CASEBOOK_PLAYBOOKS changes nobody's rights -----------------------------
cp -R "$TOP_SRCDIR/playbooks" "$TESTDIR/open-playbooks"
sed -i 's/^\(    \)role: tech$/\1role: staff/' "$TESTDIR/open-playbooks/graph.yaml"
chmod -R a+rX "$TESTDIR/open-playbooks"
grep -q 'role: tech' "$TESTDIR/open-playbooks/graph.yaml" &&
	fail "the test's graph still has tech items"
t0=$(tip)
expect_exit 4 run_as "$STAFF" env CASEBOOK_PLAYBOOKS="$TESTDIR/open-playbooks" \
    "$BIN" answer "$id" classification scan
contains "$ERR" "only a tech member" "CASEBOOK_PLAYBOOKS gave staff a tech item"
expect_exit 4 run_as "$STAFF" env CASEBOOK_PLAYBOOKS="$TESTDIR/open-playbooks" \
    "$BIN" set "$id" classes scan
expect_exit 4 cb_as "$STAFF" set "$id" classes scan
contains "$ERR" "only a tech member" "set classes is tech's"
[ "$(tip)" = "$t0" ] || fail "staff answered a tech item"
# ... but playbook check may validate against them.
expect_exit 0 run_as "$STAFF" env CASEBOOK_PLAYBOOKS="$TESTDIR/open-playbooks" \
    "$BIN" playbook check "$TESTDIR/open-playbooks/scan.yaml"

# --- a self-made store with a symlink to the team's record ---------------------
MINE=$TESTDIR/home-$STAFF/mine
run_as "$STAFF" sh -c "mkdir -p '$MINE' && ln -s '$STORE/record.git' \
    '$MINE/record.git' && ln -s '$STORE/index.db' '$MINE/index.db'" ||
	fail "making the self-owned store"
t0=$(tip)
expect_exit 1 cb_as "$STAFF" --store "$MINE" list
lacks "$OUT" "protected" "the team's incidents through a symlink"
expect_exit 1 cb_as "$STAFF" --store "$MINE" note "$id" -m "through the link"
[ "$(tip)" = "$t0" ] || fail "a write through a symlinked record.git landed"
# The team store reached through a symlink to its folder is the team
# store, opened as such (the link is the person's, the folder is not).
run_as "$STAFF" ln -s "$STORE" "$TESTDIR/home-$STAFF/link" || fail "ln"
expect_exit 0 cb_as "$STAFF" --store "$TESTDIR/home-$STAFF/link" list
contains "$OUT" "protected" "the team store through a link to its folder"

# --- the editor runs without the store group ----------------------------------
# bash -p: a shell would otherwise reset its effective group itself.
cat >"$TESTDIR/editor" <<EOF
#!/bin/bash -p
id -G >"$TESTDIR/home-$STAFF/groups"
sed -n 's/^Gid:[[:space:]]*//p' /proc/self/status >>"$TESTDIR/home-$STAFF/groups"
printf 'from the editor\n' >"\$1"
EOF
chmod 755 "$TESTDIR/editor"
expect_exit 0 run_as "$STAFF" env VISUAL="$TESTDIR/editor" "$BIN" note "$id"
[ -s "$TESTDIR/home-$STAFF/groups" ] || fail "the editor did not run"
for g in $(cat "$TESTDIR/home-$STAFF/groups"); do
	[ "$g" != "$SGID" ] ||
		fail "the editor ran with the store group: $(cat "$TESTDIR/home-$STAFF/groups")"
done
rgit_root log -1 --format=%s main | grep -q "from the editor" ||
	fail "the editor's note was not saved"

# --- nothing the person cannot read is attached --------------------------------
printf 'root secret\n' >"$TESTDIR/rootonly"
chmod 600 "$TESTDIR/rootonly"
printf 'group secret\n' >"$TESTDIR/grouponly"
chgrp "$SG" "$TESTDIR/grouponly" && chmod 640 "$TESTDIR/grouponly"
t0=$(tip)
for f in "$TESTDIR/rootonly" "$TESTDIR/grouponly" "$STORE/config" /etc/shadow; do
	expect_exit 1 cb_as "$TECH" attach "$id" "$f"
	contains "$ERR" "Permission denied" "attaching $f"
	expect_exit 1 cb_as "$TECH" note "$id" -F "$f"
done
[ "$(tip)" = "$t0" ] || fail "an unreadable file was attached"
printf 'mine\n' >"$TESTDIR/home-$TECH/ev.txt"
chown "$TECH" "$TESTDIR/home-$TECH/ev.txt"
expect_exit 0 cb_as "$TECH" attach "$id" "$TESTDIR/home-$TECH/ev.txt"

# --- check, as a member ---------------------------------------------------
expect_exit 0 cb_as "$STAFF" check
contains "$OUT" "ok:" "check as staff"
contains "$OUT" "out of members' reach" "check on a protected store"

# --- the same store without the bit is closed to them -----------------------
expect_exit 1 run_as "$STAFF" "$CASEBOOK" --store "$STORE" list
exit 0
