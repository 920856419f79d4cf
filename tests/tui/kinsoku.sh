# Japanese line breaking where text wraps (the notebook here; guidance,
# prompts and details wrap the same way): no row starts with 。、」） or
# a small kana, none ends with 「（; a row cut inside Japanese moves the
# last character down instead, and a word written in ASCII (CERT) goes
# down whole rather than cut.
. "$(dirname "$0")/lib.sh"

demo_store
export CASEBOOK_STORE=$DEMO
# The notebook wraps at 78 columns on an 80-column terminal: 39 wide
# characters a row.  Each paragraph puts the character kinsoku forbids
# exactly at a cut.
a38=$(printf 'あ%.0s' $(seq 38))
a37=$(printf 'あ%.0s' $(seq 37))
note="${a38}い。次の行
${a38}い、次の行
${a38}「かぎ」の中
${a38}（かっこ）の中
${a38}いっ ぱい
${a37}はCERTが見る"
expect_exit 0 cb note 2026-0006 -m "$note"

S=k
start k 80 24
wait_for "1 Open (5)"
keys G Enter
wait_for "2026-0006  P2P"
keys N
wait_for "ダッシュボードの P2P 検知"
keys G
settle
for bad in '。' '、' '」' '）' 'っ'; do
	printf '%s\n' "$SCREEN" | grep -q "^$bad" &&
		fail "a row starts with $bad:
$SCREEN"
done
for bad in '「' '（'; do
	printf '%s\n' "$SCREEN" | grep -q "$bad\$" &&
		fail "a row ends with $bad:
$SCREEN"
done
# The character before the forbidden one went down with it.
contains "$SCREEN" "
い。次の行" "。 kept with the character before it"
contains "$SCREEN" "
い、次の行" "、 likewise"
contains "$SCREEN" "
「かぎ」の中" "「 not left at the end"
contains "$SCREEN" "
（かっこ）の中" "（ likewise"
contains "$SCREEN" "
いっ ぱい" "a small kana stays after its kana"
# A word written in ASCII is not cut in two (CE / RT): it goes down whole.
contains "$SCREEN" "
CERTが見る" "an ASCII word inside Japanese kept whole"
quit
