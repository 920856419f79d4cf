# casebook set refused: an unknown field, and an incident whose
# incident.json was damaged with plain git.  Each must end in a clear
# refusal or error naming what is wrong, with nothing written, and no
# crash or leak: run under --enable-asan, LeakSanitizer fails the test on
# a leak.  Stale pointers on the stack would hide a leak from it, so it
# is told to look only at the heap's roots.
. "$(dirname "$0")/lib.sh"

export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}use_stacks=0:use_registers=0"

# refused EXPECT-IN-STDERR CMD...: CMD fails as a refusal or an error,
# not a crash or a sanitizer's report.
refused() {
	want=$1
	shift
	"$@" >"$TESTDIR/out" 2>"$TESTDIR/err"
	got=$?
	ERR=$(cat "$TESTDIR/err")
	[ "$got" -ne 0 ] && [ "$got" -lt 128 ] ||
		fail "'$*' exited $got: expected a refusal; stderr: $ERR"
	lacks "$ERR" "Sanitizer" "'$*'"
	lacks "$ERR" "runtime error" "'$*'"
	contains "$ERR" "$want" "'$*'"
}

expect_exit 0 cb init
expect_exit 0 cb new --title "damaged later"
id=$OUT
tip=$(rgit rev-parse main)

refused "unknown field 'bogus'" cb set "$id" bogus value
refused "unknown field" cb set "$id" bogus value --expect old
[ "$(rgit rev-parse main)" = "$tip" ] || fail "a refused set wrote a commit"

# Damage incident.json the way someone with git could: not JSON at
# all, then JSON of the wrong shape.
git clone -q "$CASEBOOK_STORE/record.git" "$TESTDIR/wc" ||
	fail "cannot clone the record"
path=$(git -C "$TESTDIR/wc" ls-files | grep "/$id/incident.json")
[ -n "$path" ] || fail "no incident.json for $id"
damage() {	# damage CONTENT: commit CONTENT as the incident and push it
	printf '%s\n' "$1" >"$TESTDIR/wc/$path"
	git -C "$TESTDIR/wc" -c user.name=someone -c user.email=someone@example.org \
		commit -qam "damage $id" || fail "cannot commit the damage"
	git -C "$TESTDIR/wc" push -q origin HEAD:main || fail "cannot push"
}

for content in '{"id": "'"$id"'", "title": ' \
	'{"id": "'"$id"'", "title": 5, "phase": "intake"}'; do
	damage "$content"
	tip=$(rgit rev-parse main)
	refused "$id" cb set "$id" urgency high
	[ "$(rgit rev-parse main)" = "$tip" ] ||
		fail "set on a damaged incident wrote a commit"
	# An index that had caught up before the damage was found: the
	# change itself reads the damaged file.
	if command -v sqlite3 >/dev/null 2>&1; then
		sqlite3 "$CASEBOOK_STORE/index.db" \
			"UPDATE meta SET value = '$tip' WHERE key = 'indexed'" ||
			fail "cannot mark the index current"
		refused "$id" cb set "$id" urgency high
		refused "$id" cb set "$id" title "a new title" --expect "damaged later"
		[ "$(rgit rev-parse main)" = "$tip" ] ||
			fail "set on a damaged incident wrote a commit"
	fi
done
exit 0
