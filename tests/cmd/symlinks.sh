# No symlink followed in a store: a link planted as record.git, index.db,
# lock or config (as a member of a team store could) makes casebook
# refuse the store, and the file the link names is left as it was (its
# mode and its bytes); a dangling link creates nothing at its target.
# A FIFO named by the store's config ([include] path, tui.theme) or
# sitting in a store's playbooks (then no override) never makes a command wait: timeout
# here only turns a hang into a failure.
. "$(dirname "$0")/lib.sh"

expect_exit 0 cb init
expect_exit 0 cb new --title "one"
me=$(id -un)
S=$CASEBOOK_STORE

# The victim's private file, and a check that it is untouched.
printf 'db:5432:*:alice:s3cret\n' >"$HOME/.pgpass"
chmod 600 "$HOME/.pgpass"
untouched() {
	[ "$(stat -c %a "$HOME/.pgpass")" = 600 ] ||
		fail "$1: the link's target changed mode to $(stat -c %a "$HOME/.pgpass")"
	[ "$(cat "$HOME/.pgpass")" = 'db:5432:*:alice:s3cret' ] ||
		fail "$1: the link's target changed: $(od -c "$HOME/.pgpass" | head -3)"
}
refused() {	# refused PART: every command refuses the store, naming PART
	for cmd in "list" "show 2026-0001" "new --title two" "check" "reindex"; do
		# shellcheck disable=SC2086
		expect_exit 1 timeout 20 "$CASEBOOK" $cmd
		contains "$ERR" "$S/$1 is a symbolic link" "'$cmd' with $1 a link"
	done
}

# index.db: a link to the victim's file, then a dangling one.
mv "$S/index.db" "$S/index.db.real"
rm -f "$S/index.db-wal" "$S/index.db-shm"
ln -s "$HOME/.pgpass" "$S/index.db"
refused index.db
untouched index.db
rm "$S/index.db"
ln -s "$HOME/.bash_profile" "$S/index.db"
refused index.db
[ -e "$HOME/.bash_profile" ] && fail "a dangling index.db link created its target"
rm "$S/index.db"
mv "$S/index.db.real" "$S/index.db"
expect_exit 0 cb list

# The -wal beside it.
ln -s "$HOME/.pgpass" "$S/index.db-wal.x"
rm -f "$S/index.db-wal" && mv "$S/index.db-wal.x" "$S/index.db-wal"
refused index.db-wal
untouched index.db-wal
rm "$S/index.db-wal"

# lock: dangling, so that creating it would make the victim's file.
rm -f "$S/lock"
ln -s "$HOME/.hushlogin" "$S/lock"
refused lock
[ -e "$HOME/.hushlogin" ] && fail "a dangling lock link created its target"
rm "$S/lock"

# config: a role written through it would land in the victim's file.
mv "$S/config" "$S/config.real"
ln -s "$HOME/.pgpass" "$S/config"
expect_exit 1 timeout 20 "$CASEBOOK" role "$me" tech
contains "$ERR" "$S/config is a symbolic link" "role with config a link"
refused config
untouched config
rm "$S/config"
mv "$S/config.real" "$S/config"

# record.git: a link to another store's record (the victim's private one)
# must not be read into this store's index.
CASEBOOK_STORE="$TESTDIR/private" cb init >/dev/null
CASEBOOK_STORE="$TESTDIR/private" cb new --title "private: the password is hunter2" >/dev/null
mv "$S/record.git" "$S/record.real"
ln -s "$TESTDIR/private/record.git" "$S/record.git"
refused record.git
mv "$S/record.git" "$S/record.link" && mv "$S/record.real" "$S/record.git"
rm "$S/record.link"
expect_exit 0 cb reindex
expect_exit 0 cb search hunter2
lacks "$OUT" "2026-0001" "the private incident reached the team index"

# A FIFO: as [include] path in the store's config, as the store's config
# itself, and as a store playbook.  Each command finishes with an error.
mkfifo "$TESTDIR/fifo"
cp "$S/config" "$TESTDIR/config.saved"
printf '[include]\n\tpath = %s\n' "$TESTDIR/fifo" >>"$S/config"
expect_exit 1 timeout 20 "$CASEBOOK" list
contains "$ERR" "[include] is not allowed in a store's config" "an include"
cp "$TESTDIR/config.saved" "$S/config"
printf '[includeIf "gitdir:/"]\n\tpath = %s\n' "$TESTDIR/fifo" >>"$S/record.git/config"
expect_exit 1 timeout 20 "$CASEBOOK" list
contains "$ERR" "[includeif] is not allowed" "an includeIf in the record's config"
sed -i '/includeIf/,$d' "$S/record.git/config"
mv "$S/config" "$TESTDIR/config.real"
mkfifo "$S/config"
expect_exit 1 timeout 20 "$CASEBOOK" list
contains "$ERR" "$S/config is not a regular file" "a FIFO as config"
rm "$S/config"
mv "$TESTDIR/config.real" "$S/config"
mkdir -p "$S/playbooks"
mkfifo "$S/playbooks/malware.yaml"
expect_exit 0 timeout 20 "$CASEBOOK" checklist 2026-0001	# not a file: not an override
expect_exit 1 timeout 20 "$CASEBOOK" playbook check "$S/playbooks/malware.yaml"
contains "$OUT$ERR" "not a regular file (a FIFO)" "a FIFO checked as a playbook"
rm "$S/playbooks/malware.yaml"

# init over parts planted beforehand: nothing written through them.
mkdir "$TESTDIR/new"
ln -s "$HOME/.pgpass" "$TESTDIR/new/config"
expect_exit 1 env CASEBOOK_STORE="$TESTDIR/new" "$CASEBOOK" init
contains "$ERR" "$TESTDIR/new/config is a symbolic link" "init over a linked config"
untouched "init over a linked config"
rm "$TESTDIR/new/config"
ln -s "$HOME/.profile-new" "$TESTDIR/new/index.db"
expect_exit 1 env CASEBOOK_STORE="$TESTDIR/new" "$CASEBOOK" init
[ -e "$HOME/.profile-new" ] && fail "init created a dangling index.db's target"

# The branch's ref as a FIFO (libgit2 would wait on it for ever), and a
# pack as a link to the victim's file.
ref="$S/record.git/refs/heads/main"
tip=$(cat "$ref")
rm "$ref"
mkfifo "$ref"
expect_exit 1 timeout 20 "$CASEBOOK" list
contains "$ERR" "$ref is not a regular file" "a FIFO as the branch"
rm "$ref"
printf '%s\n' "$tip" >"$ref"
pack=$(ls "$S"/record.git/objects/pack/*.pack | head -1)
cp "$pack" "$TESTDIR/pack.saved"
rm "$pack"
ln -s "$HOME/.pgpass" "$pack"
timeout 60 "$CASEBOOK" check >"$TESTDIR/o" 2>&1
[ $? = 124 ] && fail "check hung on a linked pack"
untouched "a pack as a link"
rm "$pack"
cp "$TESTDIR/pack.saved" "$pack"
expect_exit 0 cb check
exit 0
