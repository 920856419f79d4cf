# Roles from the store config: a viewer changes nothing (exit 4, nothing
# written), staff answer the plain items but not the CERT's or the
# head's, a tech member gives roles; whoami says where a role comes
# from.  Labels follow the locale or the store's language setting.
. "$(dirname "$0")/lib.sh"

me=$(id -un)
cfg() { git config --file "$CASEBOOK_STORE/config" "$@"; }
unchanged() {	# unchanged WHAT: the branch did not move
	[ "$(rgit rev-parse main)" = "$tip" ] || fail "$1 wrote to the record"
}

expect_exit 0 cb init
expect_exit 0 cb whoami
contains "$OUT" "role: tech" "the creator is tech"
contains "$OUT" "created the store" "the creator's role source"
expect_exit 0 cb new --title "roles"
id=$OUT
expect_exit 2 cb role "$me" boss
contains "$ERR" "tech (CERT technical member), staff" "roles listed"
expect_exit 2 cb role no-such-user-here staff
contains "$ERR" "no user 'no-such-user-here'" "unknown user"
expect_exit 2 cb role @no-such-group-here staff
contains "$ERR" "no group 'no-such-group-here'" "unknown group"

# viewer: reads, changes nothing
cfg "user.$me.role" viewer
tip=$(rgit rev-parse main)
expect_exit 0 cb whoami
contains "$OUT" "role: viewer" "viewer"
contains "$OUT" "user $me in" "the role's source"
expect_exit 0 cb checklist "$id"
expect_exit 0 cb show "$id"
for args in "new --title nope" "note $id -m nope" "set $id title nope" \
	"answer $id source alert" "advance $id" "role $me tech"; do
	# shellcheck disable=SC2086
	expect_exit 4 cb $args
	contains "$ERR" "viewer" "viewer refused: $args"
done
printf 'x' >"$TESTDIR/f"
expect_exit 4 cb attach "$id" "$TESTDIR/f"
unchanged "a viewer"

# staff: the plain items, not the CERT's nor the head's
cfg "user.$me.role" staff
expect_exit 0 cb answer "$id" source user_report
expect_exit 0 cb answer "$id" reporter "事務 山田"
expect_exit 0 cb advance "$id"
expect_exit 4 cb answer "$id" classification scan
contains "$ERR" "only a tech member (CERT) may answer classification" "tech item"
contains "$ERR" "you are staff" "says the user's role"
expect_exit 4 cb set "$id" urgency high
contains "$ERR" "only a tech member" "urgency is tech's"
expect_exit 4 cb role "$me" tech
contains "$ERR" "only a tech member may give roles" "staff cannot give roles"
expect_exit 0 cb note "$id" -m "staff may write notes"

# the store's default role for unmapped users, and the owner rule
cfg --unset "user.$me.role"
expect_exit 0 cb whoami
contains "$OUT" "role: tech" "back to the owner's role"
expect_exit 0 cb role "$me" staff
expect_exit 0 cb whoami
contains "$OUT" "role: staff" "role command maps the user"
cfg --unset "user.$me.role"

# Language: English by default, Japanese by locale or store config.
expect_exit 0 cb checklist "$id"
contains "$OUT" "Incident class(es)" "English labels"
export LC_ALL=ja_JP.UTF-8
expect_exit 0 cb checklist "$id"
contains "$OUT" "インシデントの分類" "Japanese labels from the locale"
export LC_ALL=C.UTF-8
cfg casebook.language ja
expect_exit 0 cb checklist "$id"
contains "$OUT" "インシデントの分類" "Japanese labels from the store"
cfg casebook.language en
export LC_ALL=ja_JP.UTF-8
expect_exit 0 cb checklist "$id"
contains "$OUT" "Incident class(es)" "the store's language wins"
exit 0
