# Shared by the command tests: a fresh store per test, a fixed locale,
# and small assertions that say what failed.  Each test script sources
# this, runs, and exits 0 on success (1 on the first failure).
set -u

: "${CASEBOOK:?CASEBOOK must point at the casebook binary}"
: "${TOP_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"

export LC_ALL=C.UTF-8 LANG=C.UTF-8 TZ=UTC
unset CASEBOOK_NOW VISUAL EDITOR XDG_DATA_HOME
TESTDIR=$(mktemp -d "${TMPDIR:-/tmp}/casebook-test.XXXXXX")
chmod 755 "$TESTDIR"
trap 'rm -rf "$TESTDIR"' EXIT
export CASEBOOK_STORE="$TESTDIR/store"
export HOME="$TESTDIR/home"
mkdir -p "$HOME"

# A sanitizer build: leaks inside the libraries we use, not ours.
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$TOP_SRCDIR/tests/lsan.supp"

cb() { "$CASEBOOK" "$@"; }

fail() {
	printf 'FAIL: %s\n' "$*" >&2
	exit 1
}

# expect_exit CODE CMD...: runs CMD, checks its exit code, keeps its
# output in $OUT and $ERR.
expect_exit() {
	want=$1
	shift
	"$@" >"$TESTDIR/out" 2>"$TESTDIR/err"
	got=$?
	OUT=$(cat "$TESTDIR/out")
	ERR=$(cat "$TESTDIR/err")
	[ "$got" = "$want" ] ||
		fail "'$*' exited $got, expected $want; stdout: $OUT; stderr: $ERR"
}

contains() {	# contains HAYSTACK NEEDLE WHAT
	case $1 in
	*"$2"*) ;;
	*) fail "$3: expected to contain '$2', got: $1" ;;
	esac
}

lacks() {
	case $1 in
	*"$2"*) fail "$3: expected not to contain '$2', got: $1" ;;
	esac
}

# The record as git sees it, for assertions about commits.
rgit() { git --git-dir="$CASEBOOK_STORE/record.git" "$@"; }
# groups_text_ok WHEN: the alert groups' trigram index holds exactly the
# groups' texts (FTS5's integrity-check against its content table).
groups_text_ok() {
	sqlite3 "$CASEBOOK_STORE/index.db" "INSERT INTO alert_groups_text(
	    alert_groups_text, rank) VALUES ('integrity-check', 1)" ||
		fail "the groups' text index is out of step $1"
}

# The shipped playbooks, from the source tree rather than an install.
export CASEBOOK_PLAYBOOKS="$TOP_SRCDIR/playbooks"

# state_is ID ITEM STATE: the item's state in 'casebook checklist ID'.
state_is() {
	expect_exit 0 cb checklist "$1"
	printf '%s\n' "$OUT" | grep -qE "^  \[.\] $2 +\*?$3 " ||
		fail "$1: $2 should be $3: $(printf '%s\n' "$OUT" | grep -E "\] $2 ")"
}

# required_is ID ITEM yes|no: whether the item counts for its phase's gate.
required_is() {
	expect_exit 0 cb checklist "$1"
	line=$(printf '%s\n' "$OUT" | grep -E "^  \[.\] $2 ")
	case $3:$line in
	yes:*"$2 "*\**) ;;
	no:*\**) fail "$1: $2 should not be required: $line" ;;
	no:*) ;;
	*) fail "$1: $2 should be required: $line" ;;
	esac
}
