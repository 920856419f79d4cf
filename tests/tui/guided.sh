# Guided mode for office staff, in Japanese (LANGUAGE=ja, gettext and
# the playbooks' Japanese texts): one question at a time with why it
# matters, answered, then the next; the items others must answer named
# with who answers them.
. "$(dirname "$0")/lib.sh"

demo_store
"$CASEBOOK" --store "$DEMO" role "$(id -un)" staff >/dev/null || fail "role"
export LANGUAGE=ja
S=g
start g 120 40 --demo --guided
wait_for "ガイドモード: インシデントを選んで Enter を押してください"
wait_for " 1 対応中 (5)   2 担当 (0)   3 待ち (5)   4 完了 (2)   5 自分の番 (3)"
# The Japanese column headers stay aligned with the rows.
head=$(line 2 | sed 's/経過.*/経過/')
row=$(line 3 | sed -E 's/^(.* [0-9]+(分|時間|日)) .*/\1/')
[ "$(width "$row")" = "$(width "$head")" ] || fail "the age column: $(line 2) / $(line 3)"
keys G Enter
wait_for "ガイド 2026-0006"
contains "$SCREEN" "段階: 受付。この段階で残っている必須項目: 2 件。" "the phase"
contains "$SCREEN" "  検知・通報の経緯" "the first step"
contains "$SCREEN" "  質問" "the question"
contains "$SCREEN" "  なぜ必要か" "why it matters"
contains "$SCREEN" "Enter で回答します。" "what to press"

keys Enter
wait_for "Enter で選択、Esc で取り消し"
keys j j Enter
wait_for "回答可能になった項目: 当該ホスト"
wait_for "  通報者と連絡先"
keys Enter
wait_for "通報者と連絡先:"
type_text "佐藤 (環境・社会理工学院 事務)、内線 1234"
keys Enter
wait_for "この段階で必要なことはすべて済みました。> で次の段階に進めます。"
keys '>'
wait_for "(y/n)"
keys y
wait_for "2026-0006 は段階「トリアージ」に進みました"
# The class was the creator's answer; the host is the next step for staff.
wait_for "  当該ホスト"
# s with nothing else of mine to skip to says so, and stays.
keys s
wait_for "飛ばして進める先がありません"
contains "$SCREEN" "  当該ホスト" "the step stays"
contains "$SCREEN" "入力するもの: IP アドレスかホスト名をカンマ区切りで。例: 192.0.2.10" "an example of what to type"
# N: the notebook from guided mode, a note of what was done, and back.
keys N
wait_for "ノート 2026-0006"
keys a
wait_for "記録:"
type_text "10:40 に部局へ電話し、利用者に確認を依頼しました"
keys Enter
wait_for "10:40 に部局へ電話し"
keys q
wait_for "ガイド 2026-0006"
contains "$SCREEN" "  当該ホスト" "back at the same step"
keys Enter
type_text "198.51.100.77"
keys Enter
wait_for "他の人の回答が必要な項目"
contains "$SCREEN" "- 緊急性（CERTの判断）: CERT のメンバーが回答します" "who answers the urgency"
# The end of triage for staff: nothing else is theirs.
contains "$SCREEN" "今あなたが回答できる項目はありません。" "nothing left for staff"
# A new incident made in guided mode opens guided.
keys q
wait_for "3 待ち (5)"
keys :
type_text "new ファイル共有の通報"
keys Enter
wait_for "ガイド 2026-0008"
contains "$SCREEN" "  検知・通報の経緯" "the new incident's first step, guided"
quit
