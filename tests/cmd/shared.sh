# A team store: two users of one group write to it in turns and at once,
# each with a umask of 077, which the store must ignore.  Everything in
# the store stays usable by the group (group bits equal to the owner's)
# and closed to others, its folders belong to the group with the
# set-group-id bit, and every commit names the user who made it.
# Needs root, to make the users.
. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/cmd/lib.sh"

if [ "$(id -u)" != 0 ]; then
	echo "SKIP: shared.sh needs root to create users and a group"
	exit 77
fi
for tool in groupadd groupdel useradd userdel setpriv stat find; do
	command -v "$tool" >/dev/null 2>&1 ||
		{ echo "SKIP: shared.sh needs $tool"; exit 77; }
done

GROUP=cbt$$g
UA=cbt$$a
UB=cbt$$b
N=30		# notes each user adds at once

made_group=false
made_users=
writers=
cleanup() {
	for pid in $writers; do
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	for u in $made_users; do
		userdel "$u" || echo "shared.sh: could not remove user $u" >&2
	done
	if $made_group; then
		groupdel "$GROUP" ||
			echo "shared.sh: could not remove group $GROUP" >&2
	fi
	rm -rf "$TESTDIR"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

getent group "$GROUP" >/dev/null && fail "group $GROUP exists already"
for u in "$UA" "$UB"; do
	getent passwd "$u" >/dev/null && fail "user $u exists already"
done
groupadd "$GROUP" || fail "groupadd $GROUP"
made_group=true
for u in "$UA" "$UB"; do
	useradd -M -N -g "$GROUP" -s /bin/sh "$u" || fail "useradd $u"
	made_users="$made_users $u"
done

# The store's parent belongs to a, who creates the store; each user has a
# home of their own.  TESTDIR is 755, so both can reach everything.
mkdir "$TESTDIR/team" "$TESTDIR/home-$UA" "$TESTDIR/home-$UB" || fail mkdir
chown "$UA" "$TESTDIR/team" "$TESTDIR/home-$UA" || fail chown
chown "$UB" "$TESTDIR/home-$UB" || fail chown
chmod 755 "$TESTDIR/team"
# The playbooks where both users can read them, wherever the tree is.
cp -R "$TOP_SRCDIR/playbooks" "$TESTDIR/playbooks" || fail "copying playbooks"
chmod -R a+rX "$TESTDIR/playbooks"
export CASEBOOK_STORE="$TESTDIR/team/store"
STORE=$CASEBOOK_STORE

# run_as USER CMD...: CMD as USER (group GROUP), umask 077, a clean
# environment.
run_as() {
	u=$1
	shift
	env -i PATH="$PATH" LC_ALL=C.UTF-8 LANG=C.UTF-8 TZ=UTC \
	    HOME="$TESTDIR/home-$u" CASEBOOK_STORE="$CASEBOOK_STORE" \
	    CASEBOOK_PLAYBOOKS="$TESTDIR/playbooks" \
	    setpriv --reuid="$u" --regid="$GROUP" --init-groups \
	    sh -c 'umask 077; exec "$@"' sh "$@"
}
cb_as() {	# cb_as USER ARGS...: casebook as USER
	u=$1
	shift
	run_as "$u" "$CASEBOOK" "$@"
}

# The wrapper does what it says.
expect_exit 0 run_as "$UA" sh -c 'id -un; id -gn; umask'
[ "$OUT" = "$UA
$GROUP
0077" ] || fail "running as $UA: expected '$UA $GROUP 0077', got: $OUT"
expect_exit 0 run_as "$UB" test -x "$CASEBOOK"

# The record as root sees it: the repository belongs to another user.
rgit_root() { rgit -c safe.directory='*' "$@"; }

# tip_by USER WHAT: the commit just made is USER's; remembered for the
# check of every commit at the end.
tip_by() {
	tip=$(rgit_root rev-parse main) || fail "$2: git cannot read the branch"
	who=$(rgit_root log -1 --format=%an main)
	[ "$who" = "$1" ] || fail "$2: the commit names '$who', expected '$1'"
	printf '%s %s\n' "$tip" "$1" >>"$TESTDIR/authors"
}
: >"$TESTDIR/authors"

# --- creating the team store ------------------------------------------------
expect_exit 0 cb_as "$UA" init --shared "$GROUP"
perm=$(stat -c '%a %U %G' "$STORE")
[ "$perm" = "2770 $UA $GROUP" ] ||
	fail "the store folder is '$perm', expected '2770 $UA $GROUP'"
tip_by "$UA" "init"
# Roles: the creator is tech; the other user reads only until given one.
expect_exit 0 cb_as "$UB" whoami
contains "$OUT" "role: viewer" "an unmapped user is a viewer"
expect_exit 0 cb_as "$UA" whoami
contains "$OUT" "role: tech" "the creator is tech"
expect_exit 4 cb_as "$UB" role "$UB" tech
contains "$ERR" "only a tech member" "a viewer cannot give roles"
git config --file "$STORE/config" casebook.defaultRole staff ||
	fail "cannot set the default role"
expect_exit 0 cb_as "$UB" whoami
contains "$OUT" "role: staff" "the store's default role"
contains "$OUT" "casebook.defaultRole" "the default role's source"
git config --file "$STORE/config" --unset casebook.defaultRole
expect_exit 0 cb_as "$UA" role "@$GROUP" staff
expect_exit 0 cb_as "$UB" whoami
contains "$OUT" "role: staff" "a role through the group"
contains "$OUT" "group $GROUP" "the role's source"
expect_exit 0 cb_as "$UA" role "$UB" tech

# --- in turns ---------------------------------------------------------------
expect_exit 0 cb_as "$UA" new --title "opened by a"
id1=$OUT
[ -n "$id1" ] || fail "new printed no id"
tip_by "$UA" "a: new"
expect_exit 0 cb_as "$UB" note "$id1" -m "turn-b-1-$$"
tip_by "$UB" "b: note"
expect_exit 0 cb_as "$UA" set "$id1" urgency high
tip_by "$UA" "a: set urgency"
expect_exit 0 cb_as "$UB" new --title "opened by b"
id2=$OUT
[ -n "$id2" ] && [ "$id2" != "$id1" ] || fail "b's new printed '$id2'"
tip_by "$UB" "b: new"
expect_exit 0 cb_as "$UA" note "$id2" -m "turn-a-1-$$"
tip_by "$UA" "a: note"
expect_exit 0 cb_as "$UB" set "$id2" title "renamed by b"
tip_by "$UB" "b: set title"
expect_exit 0 cb_as "$UB" set "$id1" department "soc-b"
tip_by "$UB" "b: set department"
expect_exit 0 cb_as "$UA" note "$id1" -m "turn-a-2-$$"
tip_by "$UA" "a: note"
expect_exit 0 cb_as "$UA" set "$id2" urgency low
tip_by "$UA" "a: set urgency"

expect_exit 0 cb_as "$UB" show "$id1" --json
contains "$OUT" '"urgency": "high"' "b sees a's change"
contains "$OUT" '"department": "soc-b"' "b sees b's change"
expect_exit 0 cb_as "$UA" show "$id2" --json
contains "$OUT" '"title": "renamed by b"' "a sees b's change"
contains "$OUT" '"urgency": "low"' "a sees a's change"

# --- at once ----------------------------------------------------------------
writer() {	# writer USER: N notes into id1 once the go file is there
	: >"$TESTDIR/failed.$1"
	: >"$TESTDIR/ready.$1"
	w=0
	while [ ! -e "$TESTDIR/go" ]; do
		w=$((w + 1))
		[ "$w" -le 2000 ] || exit 1	# the test gave up
		sleep 0.01
	done
	n=1
	while [ "$n" -le "$N" ]; do
		cb_as "$1" note "$id1" -m "together-$1-n$n-$$" \
		    >"$TESTDIR/out.$1" 2>"$TESTDIR/err.$1"
		rc=$?
		[ "$rc" -eq 0 ] ||
			printf '%s: note %s exited %s: %s\n' "$1" "$n" "$rc" \
			    "$(cat "$TESTDIR/err.$1")" >>"$TESTDIR/failed.$1"
		n=$((n + 1))
	done
}
writer "$UA" &
writers="$writers $!"
writer "$UB" &
writers="$writers $!"
tries=0
until [ -e "$TESTDIR/ready.$UA" ] && [ -e "$TESTDIR/ready.$UB" ]; do
	tries=$((tries + 1))
	[ "$tries" -le 500 ] || fail "the writers did not start"
	sleep 0.01
done
: >"$TESTDIR/go"
for pid in $writers; do
	wait "$pid" || fail "writer (pid $pid) exited $?"
done
writers=
cat "$TESTDIR/failed.$UA" "$TESTDIR/failed.$UB" >"$TESTDIR/failed"
[ ! -s "$TESTDIR/failed" ] ||
	fail "notes written at once failed:
$(head -20 "$TESTDIR/failed")"

# Every note is in the record, in casebook's notebook, by its author.
rgit_root ls-tree -r --name-only main >"$TESTDIR/tree" ||
	fail "git cannot list the record"
got=$(grep -c "/$id1/notebook/" "$TESTDIR/tree")
[ "$got" -eq $((2 + 2 * N)) ] ||
	fail "record: $id1 has $got notebook files, expected $((2 + 2 * N))"
expect_exit 0 cb_as "$UB" show "$id1" --json
printf '%s\n' "$OUT" | awk '
	/^ *"author": / { a = $0; sub(/^ *"author": "/, "", a); sub(/",?$/, "", a) }
	/^ *"text": / { t = $0; sub(/^ *"text": "/, "", t); sub(/",?$/, "", t)
		print a, t }' | sort >"$TESTDIR/shown"
{
	printf '%s %s\n' "$UB" "turn-b-1-$$" "$UA" "turn-a-2-$$"
	n=1
	while [ "$n" -le "$N" ]; do
		printf '%s %s\n' "$UA" "together-$UA-n$n-$$" \
		    "$UB" "together-$UB-n$n-$$"
		n=$((n + 1))
	done
} | sort >"$TESTDIR/expected"
cmp -s "$TESTDIR/expected" "$TESTDIR/shown" ||
	fail "show $id1 --json: notebook (author text) differs" \
	    "(< expected, > shown):
$(diff "$TESTDIR/expected" "$TESTDIR/shown" | head -20)"
for u in "$UA" "$UB"; do
	n=1
	while [ "$n" -le "$N" ]; do
		rgit_root grep -q -F -e "together-$u-n$n-$$" main -- \
		    "*/$id1/notebook/*-$u.md" ||
			fail "record: note $n of $u is not in a note file of $u"
		n=$((n + 1))
	done
done

# --- who made each commit ---------------------------------------------------
rgit_root log --format='%H %an %s' main >"$TESTDIR/log" ||
	fail "git cannot read the history"
while read -r hash who subject; do
	want=$(awk -v h="$hash" '$1 == h { print $2 }' "$TESTDIR/authors")
	if [ -z "$want" ]; then
		case $subject in
		"$id1: note: together-$UA-"*) want=$UA ;;
		"$id1: note: together-$UB-"*) want=$UB ;;
		*) fail "history: unexpected commit $hash by $who: $subject" ;;
		esac
	fi
	[ "$who" = "$want" ] ||
		fail "history: commit $hash ($subject) names '$who'," \
		    "it was made by '$want'"
done <"$TESTDIR/log"
got=$(wc -l <"$TESTDIR/log")
want=$(($(wc -l <"$TESTDIR/authors") + 2 * N))
[ "$got" -eq "$want" ] || fail "history: $got commits, expected $want"

# --- both can check, list and write on --------------------------------------
for u in "$UA" "$UB"; do
	expect_exit 0 cb_as "$u" check
	contains "$OUT" "ok:" "check as $u"
	expect_exit 0 cb_as "$u" list --json
	contains "$OUT" "\"$id1\"" "list as $u"
	contains "$OUT" "\"$id2\"" "list as $u"
done

# --- two people answering one checklist at once ---------------------------------
expect_exit 0 cb_as "$UA" answer "$id2" source alert
expect_exit 0 cb_as "$UB" answer "$id2" reporter "NOC"
# Different items: both land, each commit by its author.
cb_as "$UA" answer "$id2" reporter "NOC 伊藤" >"$TESTDIR/ans.a" 2>&1 &
pa=$!
cb_as "$UB" answer "$id2" source external_report >"$TESTDIR/ans.b" 2>&1 &
pb=$!
wait $pa || fail "a's answer: $(cat "$TESTDIR/ans.a")"
wait $pb || fail "b's answer: $(cat "$TESTDIR/ans.b")"
expect_exit 0 cb_as "$UA" checklist "$id2" --json
contains "$OUT" '"value": "external_report"' "b's answer landed"
contains "$OUT" "\"by\": \"$UB\"" "b's answer is b's"
contains "$OUT" "\"by\": \"$UA\"" "a's answer is a's"
# The same item, both from what they saw: the second gets the conflict.
cb_as "$UA" answer "$id2" classification scan --expect "" >"$TESTDIR/ans.c" 2>&1 &
pc=$!
cb_as "$UB" answer "$id2" classification intrusion --expect "" >"$TESTDIR/ans.d" 2>&1 &
pd=$!
wait $pc
rc=$?
wait $pd
rd=$?
case $rc:$rd in
0:3) contains "$(cat "$TESTDIR/ans.d")" "$UA" "the conflict names a" ;;
3:0) contains "$(cat "$TESTDIR/ans.c")" "$UB" "the conflict names b" ;;
*) fail "same item at once: exits $rc and $rd, expected 0 and 3" ;;
esac
expect_exit 0 cb_as "$UB" check

# --- permissions --------------------------------------------------------------
# Group bits equal to the owner's, none for others, everything the
# group's, folders with the set-group-id bit.
find "$STORE" -exec stat -c '%a %G %F|%n' {} + >"$TESTDIR/perms" ||
	fail "cannot list the store"
[ "$(wc -l <"$TESTDIR/perms")" -gt 10 ] || fail "the store looks empty"
awk -v group="$GROUP" '
{
	split($0, parts, "|")
	path = substr($0, length(parts[1]) + 2)
	split(parts[1], f, " ")
	mode = f[1]; grp = f[2]
	type = substr(parts[1], length(f[1]) + length(f[2]) + 3)
	while (length(mode) < 4)
		mode = "0" mode
	special = substr(mode, 1, 1); u = substr(mode, 2, 1)
	g = substr(mode, 3, 1); o = substr(mode, 4, 1)
	bad = ""
	if (g != u)
		bad = bad " group bits differ from the owner'\''s;"
	if (o != "0")
		bad = bad " others have access;"
	if (grp != group)
		bad = bad " group is " grp ";"
	if (type == "directory" && index("2367", special) == 0)
		bad = bad " no set-group-id bit;"
	if (bad != "") {
		printf "%s (%s, mode %s):%s\n", path, type, mode, bad
		n++
	}
}
END { exit n > 0 }' "$TESTDIR/perms" >"$TESTDIR/badperms" ||
	fail "$(wc -l <"$TESTDIR/badperms") of $(wc -l <"$TESTDIR/perms")" \
	    "paths in the store have wrong permissions:
$(head -30 "$TESTDIR/badperms")"

exit 0
